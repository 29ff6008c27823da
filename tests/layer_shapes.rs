//! Application shapes where the first resource the resource map finds on a path is not the
//! route the router may reach: `Layer` answers as routing would, or leaves the request to
//! routing, and never lets a policy around a `#[cors]` route answer for it.
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, Error, HttpResponse, Responder, delete, error, get, guard, patch, route, web};
use strict_cors::{Cors, Layer, Policy, cors, policy};
use support::{Answer, get as header, preflight};

mod support;

const A: &str = "https://a.example.com";

async fn auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !req.headers().contains_key("authorization") {
        return Err(error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}

/// The answer of a fresh `app` to `req`.
macro_rules! answer {
    ($app:expr, $req:expr) => {
        Answer::of(init_service($app).await.call($req.to_request()).await).await
    };
}

static WIDE: Policy =
    policy!(origins = ["https://a.example.com", "https://b.example.com"], allow_headers = ["x-b"]);

/// Deletes, for B only.
#[cors(origins = ["https://b.example.com"], allow_headers = ["x-a"])]
#[delete("/items/{name:[a-z]+}")]
async fn delete_item() -> impl Responder {
    HttpResponse::Ok().body("deleted")
}

/// Inside a `Cors::scope`, a plain resource on another pattern registered before a `#[cors]`
/// route, for other methods: the router goes past it by its method guard and the route's
/// policy answers the route's preflights. The layer, which cannot run that guard, leaves them
/// to routing (the README's table of shapes): the scope's wider policy never grants what the
/// route's refuses (origin A, header `x-b`), which would let the browser send the `DELETE`.
#[actix_web::test]
async fn a_plain_resource_first_leaves_a_cors_routes_preflights_to_routing() {
    macro_rules! app {
        () => {
            App::new().service(
                Cors::new(&WIDE)
                    .scope("/api")
                    .route("/items/{id}", web::post().to(HttpResponse::Ok))
                    .service(delete_item),
            )
        };
    }
    let req = || preflight("/api/items/abc", A, "DELETE");
    assert_eq!(answer!(app!(), req()).status(), StatusCode::FORBIDDEN, "the route refuses A");
    let with = answer!(app!().wrap(Layer), req());
    assert_eq!(with.status(), StatusCode::FORBIDDEN, "with Layer: {:?}", with.headers());
}

/// The same with another host's resource on the route's pattern registered first: its
/// preflights are left to routing, and behind auth the refusal of the actual request gets
/// none of the scope's headers for an origin the route refuses (not knowing which resource the
/// router would have reached, no policy answers for it).
#[actix_web::test]
async fn a_guarded_resource_first_leaves_a_cors_routes_answers_to_no_other_policy() {
    macro_rules! app {
        ($auth:expr) => {
            App::new()
                .service(
                    Cors::new(&WIDE)
                        .scope("/api")
                        .wrap(actix_web::middleware::Condition::new($auth, from_fn(auth)))
                        .service(
                            web::resource("/items/{id}")
                                .guard(guard::Host("a.example.com"))
                                .to(HttpResponse::Ok),
                        )
                        .service(delete_item),
                )
                .wrap(Layer)
        };
    }
    let pre = answer!(app!(false), preflight("/api/items/abc", A, "DELETE"));
    assert_eq!(pre.status(), StatusCode::FORBIDDEN, "preflight: {:?}", pre.headers());
    let refused =
        answer!(app!(true), TestRequest::delete().uri("/api/items/abc").insert_header(("origin", A)));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(refused.headers(), "access-control-allow-origin"), None);
}

/// Patches, for B only.
#[cors(origins = ["https://b.example.com"])]
#[patch("/items/{id}")]
async fn patch_item() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

/// Without `Layer`: a `Cors::new` around auth, a plain resource for `GET` registered before a
/// `#[cors]` route for `PATCH` whose pattern also matches its path. Auth refuses the `PATCH`
/// preflight (it carries no credentials), and what comes back is answered by the middleware,
/// which cannot tell whether the router would have reached the route: it grants nothing the
/// route's policy may refuse.
#[actix_web::test]
async fn a_cors_middleware_grants_nothing_for_a_route_behind_a_plain_resource() {
    let app = || {
        App::new().service(
            web::scope("/c")
                .wrap(from_fn(auth))
                .wrap(Cors::new(&WIDE))
                .route("/items/me", web::get().to(HttpResponse::Ok))
                .service(patch_item),
        )
    };
    let res = answer!(app(), preflight("/c/items/me", A, "PATCH"));
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{:?}", res.headers());
    assert_eq!(header(res.headers(), "access-control-allow-origin"), None);
    // On the route's own paths, its policy answers as before.
    let res = answer!(app(), preflight("/c/items/7", "https://b.example.com", "PATCH"));
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some("https://b.example.com"));
}

static ANY: Policy = policy!(origins = "*", allow_headers = "*");

/// Serves `POST` and `PUT`; its policy lists only `POST`.
#[cors(origins = ["https://b.example.com"], methods = ["POST"])]
#[route("/m", method = "POST", method = "PUT")]
async fn post_or_put() -> impl Responder {
    HttpResponse::Ok().body("post_or_put")
}

/// A `Cors::new` around a route that serves a method its policy does not list answers that
/// method's preflights (README). The layer, which does not see where such a middleware is,
/// leaves them to routing, and the answer is the same with it as without it.
#[actix_web::test]
async fn a_method_the_route_does_not_list_is_answered_as_routing_would() {
    macro_rules! app {
        () => {
            App::new().service(web::scope("/api").wrap(Cors::new(&ANY)).service(post_or_put))
        };
    }
    let req = || preflight("/api/m", "https://b.example.com", "PUT");
    for res in [answer!(app!(), req()), answer!(app!().wrap(Layer), req())] {
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::NO_CONTENT, Some("*"))
        );
    }
    // Without a `Cors` around it, the route's policy refuses it, with the layer and without.
    let alone = || App::new().service(web::scope("/api").service(post_or_put));
    for res in [answer!(alone(), req()), answer!(alone().wrap(Layer), req())] {
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
}

#[cors(origins = ["https://b.example.com"], credentials)]
#[get("/items/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok()
}

/// Patches, for A only.
#[cors(origins = ["https://a.example.com"])]
#[patch("/items/{id}")]
async fn patch_for_a() -> impl Responder {
    HttpResponse::Ok()
}

/// Three `#[cors]` routes, the more particular first: a `PATCH` to `/items/me` goes past the
/// first (by its method guard) and the second (by its segment's regex, which refuses `me`) to
/// the third. A route whose segment has a narrow regex of its own (`[a-z]+`) does not hide the
/// route after it from the layer, which answers the preflight before auth runs.
#[actix_web::test]
async fn a_route_with_a_narrow_regex_does_not_hide_the_next_from_the_layer() {
    let app = || App::new().service(me).service(delete_item).service(patch_for_a);
    let req = || preflight("/items/me", A, "PATCH");
    for res in [answer!(app(), req()), answer!(app().wrap(from_fn(auth)).wrap(Layer), req())] {
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::NO_CONTENT, Some(A)),
            "{}",
            res.body()
        );
    }
}

static OUTER: Policy = policy!(origins = ["https://a.example.com", "https://b.example.com"]);
static INNER_B: Policy = policy!(origins = ["https://b.example.com"]);

/// A `Cors::new` of another policy inside a `Cors::scope`, and auth outside both: the layer,
/// which does not see where the inner one is, never lets the scope's wider policy answer for
/// a refusal on a path the inner one may be the innermost on; once the request passed the inner
/// one, that one answers.
#[actix_web::test]
async fn a_cors_scope_holding_another_policy_answers_no_refusal_in_front_of_it() {
    let app = || {
        App::new()
            .service(Cors::new(&OUTER).scope("/p").wrap(from_fn(auth)).service(
                web::scope("/q").wrap(Cors::new(&INNER_B)).route("/ok", web::get().to(HttpResponse::Ok)),
            ))
            .wrap(Layer)
    };
    let get = |origin: &str| TestRequest::get().uri("/p/q/ok").insert_header(("origin", origin.to_owned()));
    let res = answer!(app(), get(A));
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), None, "the inner policy refuses A");
    let signed = || get("https://b.example.com").insert_header(("authorization", "yes"));
    let res = answer!(app(), signed());
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::OK, Some("https://b.example.com"))
    );
}
