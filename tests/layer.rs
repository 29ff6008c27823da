//! `Layer` in front of real middleware: auth built on `from_fn` that refuses with `Ok(401)` or
//! `Err`, in nested scopes with path parameters, with several handlers on one path, and inside
//! a `Cors` scope. Preflights never reach the auth layer; its refusals carry the route's CORS
//! headers so the page can read them.

use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, delete, error, get, patch, put, route, web};
use auth::{auth_err, auth_ok};
use strict_cors::{Cors, Layer, Policy, cors, policy};
use support::{Answer, cors_headers, get as header, preflight};

#[path = "support/auth.rs"]
mod auth;
mod support;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "content-type"], credentials)]
#[put("/orders/{id}")]
async fn update_order() -> impl Responder {
    HttpResponse::Ok().body("updated")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[delete("/orders/{id}")]
async fn delete_order() -> impl Responder {
    HttpResponse::Ok().body("deleted")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], max_age = 600)]
#[get("/items/{item:\\d+}")]
async fn item() -> impl Responder {
    HttpResponse::Ok().body("item")
}

static SCOPE: Policy = policy!(origins = ["https://admin.example.com"], allow_headers = ["authorization"]);

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/own")]
async fn own_policy() -> impl Responder {
    HttpResponse::Ok().body("own")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/orders")]
async fn numbered_orders() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/users/{id}")]
async fn user() -> impl Responder {
    HttpResponse::Ok().body("user")
}

/// Paths a `#[cors]` route's pattern would match, but where the router goes elsewhere: the
/// layer must leave them to routing.
#[actix_web::test]
async fn paths_the_router_sends_elsewhere_are_not_answered() {
    let app = init_service(
        App::new()
            .service(web::scope("/{n:\\d+}").service(numbered_orders))
            .service(
                web::scope("/admin").wrap(from_fn(auth_ok)).route("/orders", web::put().to(HttpResponse::Ok)),
            )
            .route("/users/me", web::get().to(HttpResponse::Ok))
            .service(user)
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    // The scope's own segment is digits: `/admin/orders` is the plain route behind auth.
    let res = call(preflight("/admin/orders", APP, "PUT")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert!(auth::seen("OPTIONS", "/admin/orders"));
    let res = call(TestRequest::put().uri("/admin/orders").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // `/7/orders` is the `#[cors]` route.
    let res = call(preflight("/7/orders", APP, "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    // A plain route registered first on a path the `#[cors]` one also matches.
    let res = call(TestRequest::get().uri("/users/me").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = call(TestRequest::get().uri("/users/7").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
}

async fn call(request: TestRequest) -> Answer {
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth_ok)).service(update_order).service(delete_order))
            .service(
                web::scope("/users/{user}")
                    .service(web::scope("/v{version}").wrap(from_fn(auth_err)).service(item)),
            )
            .service(
                web::scope("/admin")
                    .wrap(from_fn(auth_err))
                    .wrap(Cors::new(&SCOPE))
                    .service(own_policy)
                    .route("/plain", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    Answer::of(app.call(request.to_request()).await).await
}

#[actix_web::test]
async fn preflights_are_answered_before_auth_runs() {
    let res = call(
        preflight("/api/orders/7", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(header(h, "access-control-allow-methods"), Some("PUT"));
    assert!(!auth::seen("OPTIONS", "/api/orders/7"));

    // Refused preflights too: 403 from the policy, not the auth layer's 401.
    let res = call(preflight("/api/orders/8", EVIL, "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert!(!auth::seen("OPTIONS", "/api/orders/8"));
}

#[actix_web::test]
async fn several_handlers_on_one_path_each_answer_their_own_preflights() {
    let put = call(preflight("/api/orders/9", APP, "PUT")).await;
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(put.headers(), "access-control-allow-origin"), Some(APP));
    let delete = call(preflight("/api/orders/9", ADMIN, "DELETE")).await;
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(delete.headers(), "access-control-allow-origin"), Some(ADMIN));
    // Each policy is its own: the app may not delete.
    let refused = call(preflight("/api/orders/9", APP, "DELETE")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(!auth::seen("OPTIONS", "/api/orders/9"));
}

#[actix_web::test]
async fn an_auth_refusal_carries_the_routes_headers() {
    // `Ok(401)`.
    let res = call(TestRequest::put().uri("/api/orders/10").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.body(), "sign in");
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(header(res.headers(), "vary"), Some("Origin"));

    // `Err`, in nested scopes with parameters and a regex segment.
    let res =
        call(TestRequest::get().uri("/users/ann/v2/items/7").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));

    // A refused origin's refusal stays unreadable.
    let res = call(TestRequest::put().uri("/api/orders/10").insert_header((header::ORIGIN, EVIL))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

#[actix_web::test]
async fn allowed_requests_get_their_headers_once() {
    let res = call(
        TestRequest::put()
            .uri("/api/orders/11")
            .insert_header((header::ORIGIN, APP))
            .insert_header((header::AUTHORIZATION, "Bearer t")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "updated");
    assert_eq!(res.headers().get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).count(), 1);
    assert_eq!(res.headers().get_all(header::VARY).count(), 1);
}

#[actix_web::test]
async fn nested_scopes_with_parameters_find_their_route() {
    let res = call(
        preflight("/users/ann/v2/items/7", APP, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-max-age"), Some("600"));
    assert!(!auth::seen("OPTIONS", "/users/ann/v2/items/7"));

    // Not the route's regex: not its preflight. Routing decides, as without the layer.
    let res = call(preflight("/users/ann/v2/items/x", APP, "GET")).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/reports")]
async fn versioned_reports() -> impl Responder {
    HttpResponse::Ok().body("reports")
}

/// A scope whose segment has a regex of its own, whole or inside a segment: the route behind
/// it is found on the paths the regex accepts (its preflight answered before auth, auth's
/// refusal readable), and on no other.
#[actix_web::test]
async fn a_route_in_a_scope_with_a_regex_segment_is_found_where_the_regex_accepts() {
    for (scope, hit) in [("/r{n:\\d+}", "/r12/reports"), ("/r/{n:\\d+}", "/r/12/reports")] {
        let app = init_service(
            App::new()
                .service(web::scope(scope).wrap(from_fn(auth_err)).service(versioned_reports))
                .wrap(Layer),
        )
        .await;
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        let res = send(
            preflight(hit, APP, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        )
        .await;
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::NO_CONTENT, Some(APP)),
            "{scope}"
        );
        assert!(!auth::seen("OPTIONS", hit), "{scope}");
        let res = send(TestRequest::get().uri(hit).insert_header((header::ORIGIN, APP))).await;
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::UNAUTHORIZED, Some(APP)),
            "{scope}"
        );
        for miss in ["/rab/reports", "/r/ab/reports"] {
            let res = send(preflight(miss, APP, "GET")).await;
            assert_eq!(
                (res.status(), cors_headers(res.headers())),
                (StatusCode::NOT_FOUND, vec![]),
                "{scope} {miss}"
            );
            let res = send(TestRequest::get().uri(miss).insert_header((header::ORIGIN, APP))).await;
            assert_eq!(
                (res.status(), cors_headers(res.headers())),
                (StatusCode::NOT_FOUND, vec![]),
                "{scope} {miss}"
            );
        }
    }
}

#[actix_web::test]
async fn inside_a_cors_scope_the_handler_still_wins() {
    let own = call(
        preflight("/admin/own", APP, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
    )
    .await;
    assert_eq!(own.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(own.headers(), "access-control-allow-origin"), Some(APP));
    assert!(!auth::seen("OPTIONS", "/admin/own"));
    // The handler's policy, for its refusal by auth too.
    let refused = call(TestRequest::get().uri("/admin/own").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(refused.headers(), "access-control-allow-origin"), Some(APP));
    // The scope's policy for the rest of the scope, outside the auth layer as it is wrapped.
    let plain = call(TestRequest::get().uri("/admin/plain").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(plain.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(plain.headers(), "access-control-allow-origin"), Some(ADMIN));
}

/// A response to a request without `Origin` depends on it as much as one with: whoever made it
/// (auth in front of the route, with `Ok(401)` or `Err`), it varies on `Origin` where the
/// route's policy does, so that a cache never gives it to a request with one.
#[actix_web::test]
async fn requests_without_origin_get_their_routes_vary_whoever_answers() {
    for (path, method) in [("/api/orders/12", Method::PUT), ("/users/7/v2/items/5", Method::GET)] {
        let res = call(TestRequest::default().method(method).uri(path)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
        assert_eq!(header(res.headers(), "vary"), Some("Origin"), "{path}");
    }
    // No policy answers for a path no route or scope has.
    let res = call(TestRequest::get().uri("/nowhere")).await;
    assert_eq!((res.status(), header(res.headers(), "vary")), (StatusCode::NOT_FOUND, None));
    // OPTIONS without Access-Control-Request-Method is not a preflight: routed as usual.
    let res = call(TestRequest::default().method(Method::OPTIONS).uri("/api/orders/12")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

/// A request without `Origin` gets its route's `Vary` as without the layer, whether it reaches
/// the route while the layer calls the application (told there is no `Origin`) or later, behind
/// auth; and a request with one that follows gets its headers as usual.
#[actix_web::test]
async fn routes_keep_their_vary_on_requests_without_origin() {
    let app = init_service(
        App::new()
            .service(update_order)
            .service(web::scope("/api").wrap(from_fn(auth_ok)).service(delete_order))
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    for _ in 0..2 {
        let direct = send(TestRequest::put().uri("/orders/1")).await;
        assert_eq!(direct.status(), StatusCode::OK);
        assert_eq!(cors_headers(direct.headers()), Vec::<String>::new());
        assert_eq!(header(direct.headers(), "vary"), Some("Origin"));
        let behind_auth =
            send(TestRequest::delete().uri("/api/orders/1").insert_header((header::AUTHORIZATION, "t")))
                .await;
        assert_eq!(behind_auth.status(), StatusCode::OK);
        assert_eq!(cors_headers(behind_auth.headers()), Vec::<String>::new());
        assert_eq!(header(behind_auth.headers(), "vary"), Some("Origin"));
        let with_origin =
            send(TestRequest::put().uri("/orders/1").insert_header((header::ORIGIN, APP))).await;
        assert_eq!(header(with_origin.headers(), "access-control-allow-origin"), Some(APP));
        assert_eq!(header(with_origin.headers(), "access-control-allow-credentials"), Some("true"));
    }
}

static PARTNERS: Policy =
    policy!(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials);

/// `Cors::scope` under the layer, with auth on the `App` (which runs before routing) and on the
/// scope itself (wrapped outside the scope's `Cors`), inside a scope with a parameter.
#[actix_web::test]
async fn cors_scopes_are_answered_before_auth_wherever_auth_is() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/t/{tenant}").service(
                    Cors::new(&PARTNERS)
                        .scope("/partners")
                        .service(own_policy)
                        .route("/reports", web::get().to(HttpResponse::Ok))
                        .wrap(from_fn(auth_ok)),
                ),
            )
            .service(Cors::new(&PARTNERS).scope("/open").route("/feed", web::get().to(HttpResponse::Ok)))
            .wrap(from_fn(auth_err))
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };

    // Any path under the scope, routed or not: the scope's policy answers, auth never sees it.
    for path in ["/t/acme/partners/reports", "/t/acme/partners/nothing-here", "/open/feed"] {
        let res = call(
            preflight(path, ADMIN, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN), "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"), "{path}");
        assert!(!auth::seen("OPTIONS", path), "{path}");
        // A refusal is the scope's too: 403 without CORS headers, auth still out of it.
        let res = call(preflight(path, EVIL, "GET")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
        assert!(!auth::seen("OPTIONS", path), "{path}");
    }

    // The handler's own policy inside the scope, for the method it serves; the scope's for the
    // others.
    let own = call(preflight("/t/acme/partners/own", APP, "GET")).await;
    assert_eq!(own.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(own.headers(), "access-control-allow-origin"), Some(APP));
    let other = call(preflight("/t/acme/partners/own", ADMIN, "DELETE")).await;
    assert_eq!(other.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(other.headers(), "access-control-allow-origin"), Some(ADMIN));
    assert!(!auth::seen("OPTIONS", "/t/acme/partners/own"));

    // A refusal by the App's auth (`Err`), before routing, is readable.
    let res = call(TestRequest::get().uri("/open/feed").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    let res = call(
        TestRequest::get()
            .uri("/t/acme/partners/reports")
            .insert_header((header::ORIGIN, ADMIN))
            .insert_header((header::AUTHORIZATION, "Bearer app-level")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get_all("access-control-allow-origin").count(), 1);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
    // A refused origin gets nothing, whoever answered.
    let res = call(TestRequest::get().uri("/open/feed").insert_header((header::ORIGIN, EVIL))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());

    // The report says where each scope is mounted, prefixes included.
    let report = strict_cors::report();
    let scopes: Vec<_> = report
        .rows()
        .iter()
        .filter_map(|row| match &row.mount {
            strict_cors::Mount::Scope { path } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    assert!(scopes.contains(&"/t/{segment_1}/partners"), "{scopes:?}");
    assert!(scopes.contains(&"/open"), "{scopes:?}");
}

/// A policy over the whole application, with auth on the `App`: `Cors::scope("")`.
#[actix_web::test]
async fn a_whole_app_policy_behind_app_level_auth() {
    let app = init_service(
        App::new()
            .service(Cors::new(&PARTNERS).scope("").route("/feed", web::get().to(HttpResponse::Ok)))
            .wrap(from_fn(auth_ok))
            .wrap(Layer),
    )
    .await;
    let res = Answer::of(app.call(preflight("/whole-app/feed", ADMIN, "GET").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "any path under the App");
    assert!(!auth::seen("OPTIONS", "/whole-app/feed"));
    let res = Answer::of(app.call(preflight("/feed", ADMIN, "GET").to_request()).await).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
    assert!(!auth::seen("OPTIONS", "/feed"));
    let res = Answer::of(
        app.call(TestRequest::get().uri("/feed").insert_header((header::ORIGIN, ADMIN)).to_request()).await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
}

static ANY: Policy = policy!(origins = "*");
static APP_ONLY: Policy = policy!(origins = ["https://app.example.com"], credentials, max_age = 900);

#[cors(origins = ["https://app.example.com"], methods = ["PUT"])]
#[route("/z", method = "PUT", method = "PATCH")]
async fn put_listed_patch_served() -> impl Responder {
    HttpResponse::Ok()
}

/// `layered`'s answer to the request `request` makes, checked to be `plain`'s: status and CORS
/// headers.
async fn answered_alike<P, L, Rq, B, C>(plain: &P, layered: &L, request: impl Fn() -> Rq) -> Answer
where
    P: Service<Rq, Response = ServiceResponse<B>, Error = actix_web::Error>,
    L: Service<Rq, Response = ServiceResponse<C>, Error = actix_web::Error>,
    B: MessageBody + 'static,
    C: MessageBody + 'static,
{
    let without = Answer::of(plain.call(request()).await).await;
    let with = Answer::of(layered.call(request()).await).await;
    assert_eq!(preflight_answer(&with), preflight_answer(&without));
    with
}

/// A preflight's status and CORS headers, each with its value, in name order.
fn preflight_answer(res: &Answer) -> (StatusCode, Vec<(String, String)>) {
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    (res.status(), headers)
}

/// A `Cors` middleware the layer cannot see (`.wrap(Cors::new(..))`) inside a `Cors::scope` of
/// another policy is the innermost one on its paths, and answers their preflights as without
/// the layer, which then leaves that scope's preflights to routing: the scope's wider policy
/// never grants what the inner one refuses. Beside a `Cors::scope` (registered before or after
/// it, or on the `App`), such middleware changes nothing: the scope's preflights are answered
/// before auth runs.
#[actix_web::test]
async fn a_cors_middleware_inside_a_cors_scope_answers_its_preflights() {
    support::capture_logs();
    // A `#[cors]` route there too, whose policy does not list one method it serves: the
    // middleware around it answers that method's preflights.
    let inner = || {
        web::scope("/inner")
            .wrap(Cors::new(&APP_ONLY))
            .route("/y", web::put().to(HttpResponse::Ok))
            .service(put_listed_patch_served)
    };
    // The scope's first service is built first, its own `Cors` last: in between, the inner
    // one, after 40 other services too (which actix-web builds another way than a few).
    let nested = || {
        let mut scope = Cors::new(&ANY).scope("/any");
        for i in 0..40 {
            scope = scope.route(&format!("/r{i}"), web::get().to(HttpResponse::Ok));
        }
        App::new().service(scope.service(inner()))
    };
    let plain = init_service(nested()).await;
    let layered = init_service(nested().wrap(Layer)).await;
    for (origin, path, method) in
        [(APP, "/any/inner/y", "PUT"), (EVIL, "/any/inner/y", "PUT"), (EVIL, "/any/inner/z", "PATCH")]
    {
        let res = answered_alike(&plain, &layered, || preflight(path, origin, method).to_request()).await;
        if origin == EVIL {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
        }
    }
    let res = Answer::of(layered.call(preflight("/any/inner/y", APP, "PUT").to_request()).await).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    // The application is told how to keep middleware in the scope from meeting preflights
    // (once per process for each prefix: no other test here mounts a `Cors::scope("/any")`).
    let warning = "a `Cors::new` of another policy may be inside `Cors::scope(\"/any\")`: `Layer` \
                   leaves the scope's preflights to routing, where middleware inside the scope \
                   (auth) sees them; write the inner one as `Cors::new(&POLICY).scope(..)`, and \
                   the layer answers them all";
    assert!(support::logged(warning));

    // Beside the scope, before it, after it and on the `App`: auth inside the scope never sees
    // its preflights.
    let app = init_service(
        App::new()
            .service(
                web::scope("/before").wrap(Cors::new(&APP_ONLY)).route("/y", web::put().to(HttpResponse::Ok)),
            )
            .service(
                Cors::new(&PARTNERS)
                    .scope("/partners-beside")
                    .route("/reports", web::get().to(HttpResponse::Ok))
                    .wrap(from_fn(auth_ok)),
            )
            .service(
                web::scope("/after").wrap(Cors::new(&APP_ONLY)).route("/y", web::put().to(HttpResponse::Ok)),
            )
            .wrap(Cors::new(&APP_ONLY))
            .wrap(Layer),
    )
    .await;
    let path = "/partners-beside/reports";
    let res = Answer::of(
        app.call(
            preflight(path, ADMIN, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
    assert!(!auth::seen("OPTIONS", path));
    assert!(!support::logged_containing("Cors::scope(\"/partners-beside\")"));
}

/// A future pending once: a service factory that waits for something (a connection pool), which
/// lets actix-web build other services in between.
struct PendingOnce(bool);

impl std::future::Future for PendingOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

/// A service at `path` whose factory waits once.
fn built_later(path: &str) -> impl actix_web::dev::HttpServiceFactory {
    web::service(path.to_owned()).finish(actix_web::dev::fn_factory(|| async {
        PendingOnce(false).await;
        Ok::<_, ()>(actix_web::dev::fn_service(|req: ServiceRequest| async {
            Ok::<_, actix_web::Error>(req.into_response(HttpResponse::Ok()))
        }))
    }))
}

/// Where scopes are built in turns (a service of one waits), a `Cors` middleware inside a
/// `Cors::scope` of another policy is still found there: the layer grants nothing it refuses.
#[actix_web::test]
async fn a_cors_middleware_inside_a_cors_scope_built_in_turns_answers_its_preflights() {
    let app = || {
        App::new().service(Cors::new(&ANY).scope("/first").service(built_later("/waits"))).service(
            Cors::new(&ANY)
                .scope("/wide")
                .service(web::scope("/inner").wrap(Cors::new(&APP_ONLY)).service(built_later("/y"))),
        )
    };
    let plain = init_service(app()).await;
    let layered = init_service(app().wrap(Layer)).await;
    for origin in [APP, EVIL] {
        answered_alike(&plain, &layered, || preflight("/wide/inner/y", origin, "PUT").to_request()).await;
    }
    let res = Answer::of(layered.call(preflight("/wide/inner/y", EVIL, "PUT").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-total"], credentials)]
#[get("/ledger")]
async fn ledger(
    query: web::Query<std::collections::HashMap<String, String>>,
) -> actix_web::Result<HttpResponse> {
    // Headers written by hand, as code ported from hand-written CORS does: the policy replaces
    // them, for its own origins, and removes them for any other.
    let mut response = HttpResponse::Ok();
    response
        .insert_header(("access-control-allow-origin", "*"))
        .insert_header(("access-control-allow-credentials", "true"))
        .insert_header(("access-control-expose-headers", "x-secret"))
        .insert_header(("access-control-max-age", "86400"));
    match query.get("fail") {
        Some(_) => Err(error::ErrorConflict("out of balance")),
        None => Ok(response.body("ledger")),
    }
}

/// The headers a response carries for `origin` on a route of `ledger`'s policy, checked the
/// same way wherever the route sits: exactly the policy's, once each, or none.
fn assert_ledger_headers(res: &Answer, origin: &str, context: &str) {
    let h = res.headers();
    if origin == APP {
        assert_eq!(h.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).count(), 1, "{context}");
        assert_eq!(header(h, "access-control-allow-origin"), Some(APP), "{context}");
        assert_eq!(header(h, "access-control-allow-credentials"), Some("true"), "{context}");
        assert_eq!(header(h, "access-control-expose-headers"), Some("x-total"), "{context}");
        assert_eq!(header(h, "access-control-max-age"), None, "{context}");
    } else {
        assert_eq!(cors_headers(h), Vec::<String>::new(), "{context}");
    }
    assert_eq!(support::vary(h), ["Origin"], "{context}");
}

/// The route a request reaches answers for its responses, successes and errors alike, even
/// where the layer's own look at the path cannot find it (a path middleware inside rewrites)
/// and behind a `Cors` scope of another policy, whose headers never mix in.
#[actix_web::test]
async fn the_route_reached_answers_for_its_responses_wherever_it_is() {
    let app = init_service(
        App::new()
            .service(web::scope("/books").wrap(Cors::new(&SCOPE)).wrap(from_fn(auth_err)).service(ledger))
            .service(ledger)
            .wrap(actix_web::middleware::NormalizePath::trim())
            .wrap(Layer),
    )
    .await;
    for path in ["/ledger", "/ledger/", "//ledger", "/books/ledger", "/books/ledger/"] {
        for origin in [APP, ADMIN, EVIL] {
            for fail in [false, true] {
                let uri = if fail { format!("{path}?fail=1") } else { path.to_owned() };
                let request = TestRequest::get()
                    .uri(&uri)
                    .insert_header((header::ORIGIN, origin))
                    .insert_header((header::AUTHORIZATION, "Bearer t"));
                let res = Answer::of(app.call(request.to_request()).await).await;
                let context = format!("{origin} GET {uri}");
                let status = if fail { StatusCode::CONFLICT } else { StatusCode::OK };
                assert_eq!(res.status(), status, "{context}");
                assert_ledger_headers(&res, origin, &context);
            }
        }
    }
    // One handler mounted twice: each mount's preflights are answered before auth.
    for path in ["/ledger", "/books/ledger"] {
        let res = Answer::of(app.call(preflight(path, APP, "GET").to_request()).await).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{path}");
    }
    assert!(!auth::seen("OPTIONS", "/books/ledger"));
    // Refused by auth before the route: the route's policy still answers, the scope's never.
    for origin in [APP, ADMIN, EVIL] {
        let request = TestRequest::get().uri("/books/ledger").insert_header((header::ORIGIN, origin));
        let res = Answer::of(app.call(request.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_ledger_headers(&res, origin, &format!("{origin} refused by auth"));
    }
}

/// Several `Origin` lines are refused, whoever answers: the route, or the layer for an auth
/// layer's refusal.
#[actix_web::test]
async fn a_repeated_origin_gets_nothing_behind_the_layer() {
    for path in ["/api/orders/13", "/users/ann/v2/items/13"] {
        let method = if path.starts_with("/api") { Method::PUT } else { Method::GET };
        for token in [false, true] {
            let mut request = TestRequest::default()
                .method(method.clone())
                .uri(path)
                .append_header((header::ORIGIN, APP))
                .append_header((header::ORIGIN, APP));
            if token {
                request = request.insert_header((header::AUTHORIZATION, "Bearer t"));
            }
            let res = call(request).await;
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}, token: {token}");
            assert_eq!(support::vary(res.headers()), ["Origin"], "{path}, token: {token}");
        }
    }
}

/// Several `Access-Control-Request-Method` lines, which no browser sends, make a preflight its
/// route's policy refuses (403, no CORS headers), with the layer before auth sees it, as the
/// route's own preflight service does without the layer.
#[actix_web::test]
async fn a_repeated_requested_method_is_refused_before_auth() {
    let repeated = |path: &str| {
        preflight(path, APP, "PUT").append_header((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"))
    };
    let res = call(repeated("/api/orders/15")).await;
    assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, Vec::new()));
    assert!(!auth::seen("OPTIONS", "/api/orders/15"));
    let app = init_service(App::new().service(update_order)).await;
    let res = Answer::of(app.call(repeated("/orders/15").to_request()).await).await;
    assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, Vec::new()));
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/journal")]
async fn journal() -> impl Responder {
    HttpResponse::Ok().body("journal")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[actix_web::post("/journal")]
async fn post_journal_v1() -> impl Responder {
    HttpResponse::Created().body("v1")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[actix_web::post("/journal")]
async fn post_journal_v2() -> impl Responder {
    HttpResponse::Created().body("v2")
}

/// One handler mounted in two scopes, beside a different sibling in each: on each mount, the
/// siblings there answer for their methods, never those of the other mount.
#[actix_web::test]
async fn a_handler_mounted_twice_keeps_each_mounts_siblings() {
    let app = init_service(
        App::new()
            .service(web::scope("/v1").wrap(from_fn(auth_err)).service(journal).service(post_journal_v1))
            .service(web::scope("/v2").wrap(from_fn(auth_err)).service(journal).service(post_journal_v2))
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    for (path, allowed, refused) in [("/v1/journal", APP, ADMIN), ("/v2/journal", ADMIN, APP)] {
        let res = call(preflight(path, allowed, "POST")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(allowed), "{path}");
        let res = call(preflight(path, refused, "POST")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        // Refused by auth: the sibling's policy, for its origin only.
        let res = call(TestRequest::post().uri(path).insert_header((header::ORIGIN, allowed))).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(allowed), "{path}");
        let res = call(TestRequest::post().uri(path).insert_header((header::ORIGIN, refused))).await;
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
        // The shared handler, the same everywhere.
        let res = call(preflight(path, APP, "GET")).await;
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{path}");
    }
}

/// A kept response: its path, status and headers.
type Kept = (String, StatusCode, Vec<(header::HeaderName, header::HeaderValue)>);

/// Responses by path, as a response cache in front of handlers keeps them.
static CACHED: Mutex<Vec<Kept>> = Mutex::new(Vec::new());

/// A response cache: the first response for a path is kept (status and headers, whatever the
/// route wrote on it by then) and given back for that path from then on, without the route.
async fn cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let hit = CACHED.lock().unwrap().iter().find(|(path, _, _)| path == req.path()).cloned();
    if let Some((_, status, headers)) = hit {
        let mut copy = HttpResponse::build(status);
        for (name, value) in headers {
            copy.append_header((name, value));
        }
        return Ok(req.into_response(copy.body("from the cache")).map_into_right_body());
    }
    let path = req.path().to_owned();
    let res = next.call(req).await?;
    let headers = res.headers().iter().map(|(n, v)| (n.clone(), v.clone())).collect();
    CACHED.lock().unwrap().push((path, res.status(), headers));
    Ok(res.map_into_left_body())
}

/// A success that something in front of the route gives back in its place (a cache's copy)
/// carries the route's headers, for the origin of the request at hand.
#[actix_web::test]
async fn a_success_from_in_front_of_the_route_carries_its_headers() {
    let app = init_service(
        App::new().service(web::scope("/cached").wrap(from_fn(cache)).service(journal)).wrap(Layer),
    )
    .await;
    for (origin, round) in [(APP, "miss"), (APP, "hit"), (EVIL, "hit")] {
        let request = TestRequest::get().uri("/cached/journal").insert_header((header::ORIGIN, origin));
        let res = Answer::of(app.call(request.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::OK, "{round}");
        let expected =
            if origin == APP { vec!["access-control-allow-origin".to_owned()] } else { Vec::new() };
        assert_eq!(cors_headers(res.headers()), expected, "{origin}, {round}");
        assert_eq!(res.headers().get_all(header::VARY).count(), 1, "{origin}, {round}");
    }
}

/// `NormalizePath` written after the layer runs before it: the layer's own answers (preflights,
/// refusals by auth) see the normalized path too.
#[actix_web::test]
async fn normalize_path_after_the_layer_normalizes_for_it() {
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth_ok)).service(update_order))
            .wrap(Layer)
            .wrap(actix_web::middleware::NormalizePath::trim()),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    for path in ["/api/orders/14/", "//api//orders/14"] {
        let res = call(preflight(path, APP, "PUT")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{path}");
        let res = call(TestRequest::put().uri(path).insert_header((header::ORIGIN, APP))).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{path}");
    }
    assert!(!auth::seen("OPTIONS", "/api/orders/14"));
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/items")]
async fn list_items() -> impl Responder {
    HttpResponse::Ok().body("items")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[actix_web::route("/things", method = "GET", method = "OPTIONS")]
async fn things() -> impl Responder {
    HttpResponse::Ok().body("things")
}

/// Resources the router goes past by their guards do not hide a `#[cors]` route from the
/// layer: one for another method registered first on the same path, a scope on the same
/// prefix for another host, and the route's own preflight service registered first (a route
/// serving `OPTIONS` itself).
#[actix_web::test]
async fn resources_the_router_goes_past_do_not_hide_the_route() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/api")
                    .guard(actix_web::guard::Host("admin.example.com"))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            )
            .service(
                web::scope("/api")
                    .wrap(from_fn(auth_err))
                    .route("/items", web::post().to(HttpResponse::Created))
                    .service(list_items),
            )
            .service(web::scope("/v2").wrap(from_fn(auth_ok)).service(things))
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    for path in ["/api/items", "/v2/things"] {
        let res = call(
            preflight(path, APP, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"), "{path}");
        assert!(!auth::seen("OPTIONS", path), "{path}");
        // Refused by auth: readable by the page.
        let res = call(TestRequest::get().uri(path).insert_header((header::ORIGIN, APP))).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{path}");
        let res = call(
            TestRequest::get()
                .uri(path)
                .insert_header((header::ORIGIN, APP))
                .insert_header((header::AUTHORIZATION, "t")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{path}");
    }
    // The plain POST route beside `list_items` has no CORS: its refusal carries none.
    let res = call(TestRequest::post().uri("/api/items").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // The other host's scope is its own: its route has no CORS.
    let res = call(
        TestRequest::get()
            .uri("/api/items")
            .insert_header((header::HOST, "admin.example.com"))
            .insert_header((header::ORIGIN, APP)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("")]
async fn scope_root() -> impl Responder {
    HttpResponse::Ok().body("root")
}

#[cors(origins = ["https://app.example.com"], methods = ["GET"], allow_headers = ["authorization"])]
#[actix_web::route("/listed", method = "GET", method = "PUT")]
async fn partly_listed() -> impl Responder {
    HttpResponse::Ok().body("listed")
}

static OUTER_SCOPE: Policy = policy!(origins = ["https://app.example.com"], credentials);
static INNER_SCOPE: Policy = policy!(origins = ["https://admin.example.com"], credentials);
static ANY_ORIGIN: Policy = policy!(origins = "*");

/// A route whose pattern is empty, at its scope's prefix; a preflight for a method the route
/// serves but its policy does not list; `Cors` middleware inside a `Cors::scope`, the innermost
/// answering; and middleware between the layer and the route setting CORS headers of its own.
#[actix_web::test]
async fn the_layer_keeps_to_the_innermost_policy_and_the_routes_own() {
    let app = init_service(
        App::new()
            .service(web::scope("/orders").wrap(from_fn(auth_ok)).service(scope_root))
            .service(web::scope("/c").wrap(from_fn(auth_err)).service(partly_listed))
            .service(
                Cors::new(&OUTER_SCOPE)
                    .scope("/p")
                    .service(
                        web::scope("/q")
                            .wrap(Cors::new(&INNER_SCOPE))
                            .route("/ok", web::get().to(HttpResponse::Ok)),
                    )
                    .service(
                        web::scope("/any")
                            .wrap(Cors::new(&ANY_ORIGIN))
                            .route("/ok", web::get().to(HttpResponse::Ok)),
                    ),
            )
            .wrap(actix_web::middleware::DefaultHeaders::new().add(("access-control-allow-origin", "*")))
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    let res = call(TestRequest::get().uri("/orders").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));

    let res = call(preflight("/c/listed", APP, "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert!(!auth::seen("OPTIONS", "/c/listed"));

    let res = call(TestRequest::get().uri("/p/q/ok").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "the inner policy refuses it");
    let res = call(TestRequest::get().uri("/p/q/ok").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
    assert_eq!(res.headers().get_all("access-control-allow-origin").count(), 1);
    // Without `Origin` too, the innermost `Cors` answers: `*`, which varies on nothing.
    let res = call(TestRequest::get().uri("/p/any/ok")).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some("*"));
    assert_eq!(header(res.headers(), "vary"), None);
}

/// A preflight the layer leaves to routing is answered as without it: by a `Cors` middleware
/// the layer cannot see, whose answer it leaves as it is.
#[actix_web::test]
async fn a_preflight_left_to_routing_keeps_its_answer() {
    let app = init_service(
        App::new()
            .service(web::scope("/w").wrap(Cors::new(&SCOPE)).route("/plain", web::to(HttpResponse::Ok)))
            .wrap(Layer),
    )
    .await;
    let res = Answer::of(
        app.call(
            preflight("/w/plain", ADMIN, "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
    assert!(header(res.headers(), "access-control-allow-methods").is_some());
    assert_eq!(header(res.headers(), "access-control-allow-headers"), Some("authorization"));
}

#[cors(origins = ["https://app.example.com"])]
#[get("/x/{segment_1}")]
async fn named_like_a_scope_segment() -> impl Responder {
    HttpResponse::Ok().body("x")
}

static WIDE: Policy = policy!(origins = ["https://app.example.com", "https://admin.example.com"]);
static PARTNER_REPORTS: Policy =
    policy!(origins = ["https://partners.example.com"], allow_headers = ["authorization"]);

#[cors(policy = SCOPE)]
#[get("/shared")]
async fn shared_for_admin() -> impl Responder {
    HttpResponse::Ok().body("admin")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/shared")]
async fn shared_for_app() -> impl Responder {
    HttpResponse::Ok().body("app")
}

/// What the layer cannot tell it leaves alone rather than guess: two `#[cors]` routes for one
/// path and method told apart by host, and another host's scope answering a path a route
/// behind it has. A `Cors::scope` with auth outside its policy, inside a wider `Cors`, answers
/// the auth layer's refusals with its own policy. A route's own segment named as the layer
/// names scopes' segments is no trouble.
#[actix_web::test]
async fn the_layer_leaves_what_it_cannot_tell() {
    let app = init_service(
        App::new()
            .service(web::scope("/t/{tenant}").service(named_like_a_scope_segment))
            .service(
                web::scope("/api").wrap(Cors::new(&WIDE)).service(
                    Cors::new(&PARTNER_REPORTS)
                        .scope("/partners")
                        .wrap(from_fn(auth_ok))
                        .route("/reports", web::get().to(HttpResponse::Ok)),
                ),
            )
            .service(
                web::scope("")
                    .guard(actix_web::guard::Host("admin.example.com"))
                    .wrap(from_fn(auth_ok))
                    .service(shared_for_admin)
                    .default_service(web::to(HttpResponse::Ok)),
            )
            .service(web::scope("").wrap(from_fn(auth_ok)).service(shared_for_app))
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    let res = call(TestRequest::get().uri("/t/acme/x/1").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));

    let partners = "https://partners.example.com";
    let res =
        call(TestRequest::get().uri("/api/partners/reports").insert_header((header::ORIGIN, partners))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(partners));
    let res =
        call(TestRequest::get().uri("/api/partners/reports").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "the scope's policy refuses it");

    // Two policies for `GET /shared`, by host: neither is taken for the other's requests.
    let res = call(
        TestRequest::get()
            .uri("/shared")
            .insert_header((header::HOST, "app.example.com"))
            .insert_header((header::ORIGIN, ADMIN)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = call(
        preflight("/shared", ADMIN, "GET")
            .insert_header((header::HOST, "app.example.com"))
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
    )
    .await;
    assert!(
        header(res.headers(), "access-control-allow-origin").is_none(),
        "no grant to the other host's origin"
    );
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/missing/{id}")]
async fn missing() -> impl Responder {
    HttpResponse::NotFound().body("no such item")
}

/// An error page in place of the route's own, as `ErrorHandlers` makes one.
#[allow(clippy::unnecessary_wraps, reason = "the signature `ErrorHandlers` takes")]
fn error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let (req, _) = res.into_parts();
    let page = HttpResponse::NotFound().content_type("application/json").body(r#"{"error":"not found"}"#);
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, page).map_into_right_body()))
}

/// Middleware that waits for the route's answer and sends one of its own in place of a refusal.
async fn envelope(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let res = next.call(req).await?;
    if res.status().is_client_error() {
        let (req, _) = res.into_parts();
        return Ok(ServiceResponse::new(req, HttpResponse::NotFound().body("{}")).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}

/// Middleware between the layer and the route that replaces the route's response (an error page,
/// an envelope) does not take its CORS headers away: with or without `Origin`, the response that
/// leaves the layer carries the route's, `Vary` included, whether the route was reached while
/// the layer called the application or later.
#[actix_web::test]
async fn a_response_replaced_inside_the_layer_keeps_the_routes_headers() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/pages")
                    .wrap(ErrorHandlers::new().handler(StatusCode::NOT_FOUND, error_page))
                    .service(missing),
            )
            .service(web::scope("/envelope").wrap(from_fn(envelope)).service(missing))
            .wrap(Layer),
    )
    .await;
    for path in ["/pages/missing/1", "/envelope/missing/1"] {
        let send =
            |request: TestRequest| async { Answer::of(app.call(request.uri(path).to_request()).await).await };
        let none = send(TestRequest::get()).await;
        assert_eq!(none.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(cors_headers(none.headers()), Vec::<String>::new(), "{path}");
        assert_eq!(header(none.headers(), "vary"), Some("Origin"), "{path}");
        let allowed = send(TestRequest::get().insert_header((header::ORIGIN, APP))).await;
        assert_eq!(header(allowed.headers(), "access-control-allow-origin"), Some(APP), "{path}");
        assert_eq!(header(allowed.headers(), "access-control-allow-credentials"), Some("true"), "{path}");
        assert_eq!(header(allowed.headers(), "vary"), Some("Origin"), "{path}");
        let other = send(TestRequest::get().insert_header((header::ORIGIN, EVIL))).await;
        assert_eq!(cors_headers(other.headers()), Vec::<String>::new(), "{path}");
        assert_eq!(header(other.headers(), "vary"), Some("Origin"), "{path}");
    }
}

static NUMBERED_PARTNERS: Policy =
    policy!(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials);
static PUBLIC: Policy = policy!(origins = "*");

/// A `Cors::scope` whose prefix, or a scope's around it, has a segment with a regex answers only
/// for paths the router takes into it: `/admin/..` is not under `/{n:\d+}/partners`, nor
/// `/vault` under `/v{n:\d+}`, though their shapes fit. Neither their preflights nor their
/// responses get the scope's policy, and their auth sees their preflights as without the layer.
#[actix_web::test]
async fn a_cors_scope_under_a_regex_segment_answers_only_for_its_own_paths() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/{n:\\d+}").service(
                    Cors::new(&NUMBERED_PARTNERS)
                        .scope("/partners")
                        .route("/report", web::get().to(HttpResponse::Ok)),
                ),
            )
            .service(Cors::new(&PUBLIC).scope("/v{n:\\d+}").route("/items", web::get().to(HttpResponse::Ok)))
            .service(
                web::scope("/admin")
                    .wrap(from_fn(auth_err))
                    .route("/partners/users", web::get().to(HttpResponse::Ok)),
            )
            .service(
                web::scope("/vault").wrap(from_fn(auth_err)).route("/keys", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    // The scopes' own paths, as before.
    let report = send(
        preflight("/7/partners/report", ADMIN, "GET")
            .insert_header(("access-control-request-headers", "authorization")),
    )
    .await;
    assert_eq!(
        (report.status(), header(report.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(ADMIN))
    );
    let items = send(TestRequest::get().uri("/v2/items").insert_header((header::ORIGIN, EVIL))).await;
    assert_eq!(header(items.headers(), "access-control-allow-origin"), Some("*"));
    // Paths of the same shape that the router takes elsewhere.
    let users = send(
        preflight("/admin/partners/users", ADMIN, "GET")
            .insert_header(("access-control-request-headers", "authorization")),
    )
    .await;
    assert_eq!(cors_headers(users.headers()), Vec::<String>::new());
    assert!(auth::seen("OPTIONS", "/admin/partners/users"), "routed as without the layer");
    let refused =
        send(TestRequest::get().uri("/admin/partners/users").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(refused.headers()), Vec::<String>::new());
    let keys = send(
        TestRequest::get()
            .uri("/vault/keys")
            .insert_header((header::ORIGIN, EVIL))
            .insert_header((header::AUTHORIZATION, "t")),
    )
    .await;
    assert_eq!(keys.status(), StatusCode::OK);
    assert_eq!(cors_headers(keys.headers()), Vec::<String>::new());
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[delete("/vault/{id}")]
async fn vault_delete() -> impl Responder {
    HttpResponse::Ok().body("deleted")
}

/// The routes are learnt on a worker's first request, whatever that request says: a `Host`
/// that makes no URL (with a space, empty, an unclosed bracket, a port out of range) leaves
/// them all known, so the layer still answers preflights before auth, and a `Cors` scope's
/// wider policy still never grants what a handler's own refuses.
#[actix_web::test]
async fn an_odd_host_on_the_first_request_leaves_the_routes_known() {
    for host in ["bad host", "", "[::1", "api.example.com:99999"] {
        let app = init_service(
            App::new()
                .service(web::scope("/odd-host").wrap(from_fn(auth_ok)).service(update_order))
                .service(web::scope("/s").wrap(Cors::new(&WIDE)).service(vault_delete))
                .wrap(Layer),
        )
        .await;
        let first = TestRequest::get().uri("/s/x").insert_header((header::HOST, host)).to_request();
        assert_eq!(app.call(first).await.unwrap().status(), StatusCode::NOT_FOUND);
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        let res = send(preflight("/odd-host/orders/1", APP, "PUT")).await;
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::NO_CONTENT, Some(APP)),
            "{host:?}"
        );
        assert!(!auth::seen("OPTIONS", "/odd-host/orders/1"), "{host:?}");
        let res = send(preflight("/s/vault/1", ADMIN, "DELETE")).await;
        assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, vec![]), "{host:?}");
    }
}

/// A path longer than 2,048 bytes is not matched against the application's patterns (that
/// costs time in proportion to its length, before auth runs): routing decides, as without the
/// layer. Up to the bound, the layer answers as ever. And a `Cors` middleware on the `App`
/// never answers for a `Cors::scope` inside it that such a path may be under.
#[actix_web::test]
async fn paths_longer_than_the_bound_are_left_to_routing() {
    let app = init_service(
        App::new().service(web::scope("/long").wrap(from_fn(auth_ok)).service(update_order)).wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let id = |len: usize| "7".repeat(len - "/long/orders/".len());
    let at_bound = format!("/long/orders/{}", id(2048));
    let res = send(preflight(&at_bound, APP, "PUT")).await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(APP))
    );
    assert!(!auth::seen("OPTIONS", &at_bound));
    let past = format!("/long/orders/{}", id(2049));
    let res = send(preflight(&past, APP, "PUT")).await;
    assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::UNAUTHORIZED, vec![]));
    assert!(auth::seen("OPTIONS", &past), "routed as without the layer");
    // `WIDE` allows the app's origin, the `Cors::scope` inside does not: its policy answers.
    let app = init_service(
        App::new()
            .service(
                Cors::new(&PARTNERS).scope("/partners").route("/{file}", web::delete().to(HttpResponse::Ok)),
            )
            .wrap(Cors::new(&WIDE))
            .wrap(Layer),
    )
    .await;
    let file = format!("/partners/{}", "f".repeat(3000));
    let res = Answer::of(app.call(preflight(&file, APP, "DELETE").to_request()).await).await;
    assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, vec![]));
}

#[cors(policy = PUBLIC)]
#[get("/feed/{id}")]
async fn feed() -> impl Responder {
    HttpResponse::Ok().body("feed")
}

/// A route under a policy that allows any origin, behind auth that refuses with `Err`: the
/// refusal of a request without `Origin` carries `Access-Control-Allow-Origin: *`, as every
/// response of the route does (a cache may give it to any page), and no `Vary`. A credentialed
/// route's refusal beside it varies on `Origin` and grants nothing.
#[actix_web::test]
async fn an_err_refusal_without_origin_gets_the_answer_of_its_route() {
    let app = init_service(
        App::new()
            .service(web::scope("/pub").wrap(from_fn(auth_err)).service(feed))
            .service(web::scope("/api").wrap(from_fn(auth_err)).service(update_order))
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let res = send(TestRequest::get().uri("/pub/feed/1")).await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin"), support::vary(res.headers())),
        (StatusCode::UNAUTHORIZED, Some("*"), vec![])
    );
    let res = send(TestRequest::put().uri("/api/orders/1")).await;
    assert_eq!(
        (res.status(), cors_headers(res.headers()), support::vary(res.headers())),
        (StatusCode::UNAUTHORIZED, vec![], vec!["Origin"])
    );
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/statement")]
async fn statement() -> impl Responder {
    HttpResponse::Ok().body("statement")
}

/// Auth between a `Cors` middleware of `*` and a credentialed route refuses a request: with
/// `Origin`, the route's policy answers for the refusal, so without `Origin` the refusal varies
/// on it as the route's policy does, though the middleware's `*` varies on nothing.
#[actix_web::test]
async fn a_refusal_in_front_of_a_route_varies_as_the_routes_policy_under_any_middleware() {
    let app = init_service(
        App::new()
            .service(web::scope("/ok").wrap(from_fn(auth_ok)).wrap(Cors::new(&ANY_ORIGIN)).service(statement))
            .service(
                web::scope("/err").wrap(from_fn(auth_err)).wrap(Cors::new(&ANY_ORIGIN)).service(statement),
            )
            .wrap(Layer),
    )
    .await;
    for path in ["/ok/statement", "/err/statement"] {
        let send =
            |request: TestRequest| async { Answer::of(app.call(request.uri(path).to_request()).await).await };
        let allowed = send(TestRequest::get().insert_header((header::ORIGIN, APP))).await;
        assert_eq!(allowed.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(header(allowed.headers(), "access-control-allow-origin"), Some(APP), "{path}");
        assert_eq!(header(allowed.headers(), "vary"), Some("Origin"), "{path}");
        let none = send(TestRequest::get()).await;
        assert_eq!(none.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(header(none.headers(), "vary"), Some("Origin"), "{path}");
    }
}

/// A scope whose prefix has the shape of a `#[cors]` route's scope but another regex
/// (`/{team}` beside `/{n:\d+}`) holds none of its routes: the layer leaves its paths to
/// routing, so its auth sees their preflights and its refusals get no CORS headers.
#[actix_web::test]
async fn a_scope_of_the_same_shape_with_another_regex_is_not_the_routes() {
    let app = init_service(
        App::new()
            .service(web::scope("/{n:\\d+}").service(numbered_orders))
            .service(
                web::scope("/{team}")
                    .wrap(from_fn(auth_ok))
                    .route("/orders", web::put().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let theirs = send(preflight("/sales/orders", APP, "PUT")).await;
    assert_eq!((theirs.status(), cors_headers(theirs.headers())), (StatusCode::UNAUTHORIZED, Vec::new()));
    assert!(auth::seen("OPTIONS", "/sales/orders"));
    let refused = send(TestRequest::put().uri("/sales/orders").insert_header((header::ORIGIN, APP))).await;
    assert_eq!((refused.status(), cors_headers(refused.headers())), (StatusCode::UNAUTHORIZED, Vec::new()));
    let ours = send(preflight("/7/orders", APP, "PUT")).await;
    assert_eq!(
        (ours.status(), header(ours.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(APP))
    );
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/queue/{n:\\d+}")]
async fn numbered_entry() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

#[cors(origins = ["https://app.example.com"])]
#[patch("/queue/{name}")]
async fn named_entry() -> impl Responder {
    HttpResponse::Ok().body("named")
}

/// Two routes on paths of one shape, one with a regex of its own: a path its regex refuses is
/// not its, for the layer as for the router. Neither its preflights nor the default service's
/// 404 get its policy.
#[actix_web::test]
async fn a_routes_own_regex_keeps_the_layer_off_paths_it_refuses() {
    let app = init_service(
        App::new()
            .service(numbered_entry)
            .service(named_entry)
            .default_service(web::to(HttpResponse::NotFound))
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let refused = send(preflight("/queue/abc", ADMIN, "GET")).await;
    assert_eq!((refused.status(), cors_headers(refused.headers())), (StatusCode::NOT_FOUND, Vec::new()));
    let not_found = send(TestRequest::get().uri("/queue/abc").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!((not_found.status(), cors_headers(not_found.headers())), (StatusCode::NOT_FOUND, Vec::new()));
    let numbered = send(preflight("/queue/12", ADMIN, "GET")).await;
    assert_eq!(
        (numbered.status(), header(numbered.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(ADMIN))
    );
    let named = send(preflight("/queue/abc", APP, "PATCH")).await;
    assert_eq!(
        (named.status(), header(named.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(APP))
    );
}

/// A plain handler, whose resource actix-web names after it, and a `#[cors]` route given the same
/// name: the plain one must not be taken for the `#[cors]` one.
mod admin_area {
    use actix_web::{HttpResponse, Responder, get};

    #[get("/users")]
    pub(crate) async fn users() -> impl Responder {
        HttpResponse::Ok().body("admin users")
    }
}

mod public_api {
    use actix_web::{HttpResponse, Responder, delete};
    use strict_cors::cors;

    #[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
    #[delete("/users/{id}", name = "users")]
    pub(crate) async fn remove_user() -> impl Responder {
        HttpResponse::Ok().body("deleted")
    }
}

/// A plain route whose resource has the name of a `#[cors]` route elsewhere gets nothing of
/// that route's policy: neither its preflight answer nor its headers on auth's refusal.
#[actix_web::test]
async fn a_plain_route_named_like_a_cors_route_gets_nothing_of_its_policy() {
    let app = init_service(
        App::new()
            .service(web::scope("/admin").wrap(from_fn(auth_ok)).service(admin_area::users))
            .service(web::scope("/api").wrap(from_fn(auth_ok)).service(public_api::remove_user))
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    for method in ["DELETE", "GET"] {
        let res = send(preflight("/admin/users", APP, method)).await;
        assert_eq!(
            (res.status(), cors_headers(res.headers())),
            (StatusCode::UNAUTHORIZED, vec![]),
            "{method}"
        );
    }
    let res = send(TestRequest::get().uri("/admin/users").insert_header((header::ORIGIN, APP))).await;
    assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::UNAUTHORIZED, vec![]));
    // The `#[cors]` route itself is found.
    let res = send(preflight("/api/users/7", APP, "DELETE")).await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(APP))
    );
    assert!(!auth::seen("OPTIONS", "/api/users/7"));
    let res = send(TestRequest::delete().uri("/api/users/7").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::UNAUTHORIZED, Some(APP))
    );
}

/// The node `Cors::scope` puts into its scope, from which the layer learns the scope's prefix,
/// is never routed to, whatever the path's escapes decode to: the path is the scope's like any
/// other it has no resource for.
#[actix_web::test]
async fn the_scope_mark_is_never_routed_to() {
    for layer in [false, true] {
        let app = App::new()
            .service(Cors::new(&PARTNERS).scope("/open").route("/feed", web::get().to(HttpResponse::Ok)));
        let app = init_service(app.wrap(actix_web::middleware::Condition::new(layer, Layer))).await;
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        for path in [
            "/open/%00strict-cors-scope/%00/%00",
            "/open/%00strict%2Dcors%2Dscope/%00/%00",
            "/open/%00strict-cors-scope",
        ] {
            let res = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, ADMIN))).await;
            assert_eq!(
                (res.status(), header(res.headers(), "access-control-allow-origin")),
                (StatusCode::NOT_FOUND, Some(ADMIN)),
                "{path}, layer: {layer}"
            );
            let res = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, EVIL))).await;
            assert_eq!(
                (res.status(), cors_headers(res.headers())),
                (StatusCode::NOT_FOUND, vec![]),
                "{path}, layer: {layer}"
            );
        }
    }
}

/// Two `Cors::scope`s side by side, the second's prefix under the first's: the router takes
/// every path under the first into it (registered first, it never looks further), so the first
/// one's policy answers there, not the one whose prefix is longer.
#[actix_web::test]
async fn a_sibling_scope_with_a_longer_prefix_does_not_answer_for_the_one_the_router_takes() {
    let app = init_service(
        App::new()
            .service(
                Cors::new(&PARTNERS)
                    .scope("/api")
                    .wrap(from_fn(auth_ok))
                    .route("/v1/me", web::get().to(HttpResponse::Ok)),
            )
            .service(Cors::new(&PUBLIC).scope("/api/v1").route("/me", web::get().to(HttpResponse::Ok)))
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    for path in ["/api/v1/me", "/api/v1/other"] {
        let res = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, EVIL))).await;
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
        let res = send(preflight(path, EVIL, "GET")).await;
        assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, vec![]), "{path}");
        let res = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, ADMIN))).await;
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::UNAUTHORIZED, Some(ADMIN)),
            "{path}"
        );
    }
}

/// A resource registered before a `Cors::scope`, one dynamic segment under the scope's prefix
/// (`/api/{name}` before the scope `/api`): paths of more segments are the scope's, and the
/// layer still answers for them.
#[actix_web::test]
async fn a_resource_before_a_cors_scope_does_not_hide_the_scope_from_the_layer() {
    for (resource, scope, path) in [
        ("/api/{name}", "/api", "/api/items/5"),
        ("/{page}", "", "/api/items"),
        ("/api/{a}/{b}", "/api", "/api/items"),
        ("/api/{a}/", "/api", "/api/items"),
    ] {
        let app = init_service(
            App::new()
                .route(resource, web::get().to(HttpResponse::Ok))
                .service(
                    Cors::new(&PARTNERS)
                        .scope(scope)
                        .wrap(from_fn(auth_ok))
                        .route("/items/{id}", web::get().to(HttpResponse::Ok))
                        .route("/items", web::get().to(HttpResponse::Ok)),
                )
                .wrap(Layer),
        )
        .await;
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        let res = send(
            preflight(path, ADMIN, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        )
        .await;
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::NO_CONTENT, Some(ADMIN)),
            "{resource} before {scope}: {path}"
        );
        assert!(!auth::seen("OPTIONS", path), "{resource} before {scope}: {path}");
        let res = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, ADMIN))).await;
        assert_eq!(
            (res.status(), header(res.headers(), "access-control-allow-origin")),
            (StatusCode::UNAUTHORIZED, Some(ADMIN)),
            "{resource} before {scope}: {path}"
        );
    }
}

/// A resource, or a scope with a longer prefix, registered before a `Cors::scope` on paths
/// under its prefix (a public health check): the router takes `GET` there, outside the scope,
/// so its responses carry none of the scope's headers, nor its `Vary`. A preflight, which the
/// router takes past the health check's method guard into the scope, is the scope's.
#[actix_web::test]
async fn a_resource_registered_before_a_cors_scope_on_its_paths_is_not_the_scopes() {
    let app = init_service(
        App::new()
            .route("/api/health", web::get().to(HttpResponse::Ok))
            .service(web::scope("/api/v2").route("/status", web::get().to(HttpResponse::Ok)))
            .service(
                Cors::new(&PARTNERS)
                    .scope("/api")
                    .wrap(from_fn(auth_ok))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    for path in ["/api/health", "/api/v2/status"] {
        let res = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, ADMIN))).await;
        assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::OK, vec![]), "{path}");
        assert_eq!(support::vary(res.headers()), Vec::<&str>::new(), "{path}");
        let res = send(TestRequest::get().uri(path)).await;
        assert_eq!((res.status(), support::vary(res.headers())), (StatusCode::OK, vec![]), "{path}");
    }
    let res = send(TestRequest::get().uri("/api/items").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::UNAUTHORIZED, Some(ADMIN))
    );
    let res = send(TestRequest::get().uri("/api/items")).await;
    assert_eq!((res.status(), support::vary(res.headers())), (StatusCode::UNAUTHORIZED, vec!["Origin"]));
    let res = send(
        preflight("/api/health", ADMIN, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
    )
    .await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(ADMIN))
    );
}

/// A scope registered before a `Cors::scope`, on a longer prefix under the scope's: what answers
/// there (its default service, its 404, its own `Cors`) was never the `Cors::scope`'s, and the
/// layer leaves it as routing made it, as it does a resource's there: the router read more of
/// the path than the `Cors::scope`'s prefix takes, and the request never reached its middleware.
#[actix_web::test]
async fn a_scope_registered_before_a_cors_scope_on_a_longer_prefix_keeps_its_own_answers() {
    let app = init_service(
        App::new()
            .service(web::scope("/api/internal").default_service(web::to(HttpResponse::Ok)))
            .service(web::scope("/api/v2").route("/status", web::get().to(HttpResponse::Ok)))
            .service(
                web::scope("/api/partners")
                    .wrap(Cors::new(&APP_ONLY))
                    .default_service(web::to(HttpResponse::Ok)),
            )
            .service(
                Cors::new(&PARTNERS)
                    .scope("/api")
                    .wrap(from_fn(auth_ok))
                    .default_service(web::to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let get = |path: &str, origin: Option<&str>| {
        let request = TestRequest::get().uri(path);
        match origin {
            Some(origin) => request.insert_header((header::ORIGIN, origin.to_owned())),
            None => request,
        }
    };
    for (path, status) in
        [("/api/internal/report", StatusCode::OK), ("/api/v2/missing", StatusCode::NOT_FOUND)]
    {
        for origin in [Some(ADMIN), Some(APP), None] {
            let res = send(get(path, origin)).await;
            assert_eq!(
                (res.status(), cors_headers(res.headers()), support::vary(res.headers())),
                (status, vec![], vec![]),
                "{path} from {origin:?}"
            );
        }
    }
    // The inner scope's own `Cors` answers for its paths, with its policy alone.
    let res = send(get("/api/partners/report", Some(APP))).await;
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    let res = send(get("/api/partners/report", Some(ADMIN))).await;
    assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::OK, vec![]));
    // What the router takes into the `Cors::scope` is still its own, refusals by its auth too.
    let res = send(get("/api/orders", Some(ADMIN))).await;
    assert_eq!(
        (res.status(), header(res.headers(), "access-control-allow-origin")),
        (StatusCode::UNAUTHORIZED, Some(ADMIN))
    );
}

/// Scopes registered before a `Cors::scope`, which the router tries first: one that takes the
/// paths (a sibling with a dynamic segment, `/api/{version}` before `/api`, takes `/api/items`
/// too) leaves the layer nothing to answer for there; one that does not (`/api/` takes only
/// paths with an empty segment after `/api`) leaves the `Cors::scope` found.
#[actix_web::test]
async fn scopes_before_a_cors_scope_take_paths_as_the_router_does() {
    for (before, taken) in [("/api/", false), ("/api/{version}", true)] {
        let app = init_service(
            App::new()
                .service(
                    web::scope(before).wrap(from_fn(auth_ok)).route("/x", web::get().to(HttpResponse::Ok)),
                )
                .service(
                    Cors::new(&PARTNERS)
                        .scope("/api")
                        .wrap(from_fn(auth_ok))
                        .route("/items", web::get().to(HttpResponse::Ok)),
                )
                .wrap(Layer),
        )
        .await;
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        for path in ["/api/items", "/api/v2/items"] {
            let asked = preflight(path, ADMIN, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"));
            let res = send(asked).await;
            let actual = send(TestRequest::get().uri(path).insert_header((header::ORIGIN, ADMIN))).await;
            if taken {
                assert_eq!(
                    (res.status(), cors_headers(res.headers())),
                    (StatusCode::UNAUTHORIZED, vec![]),
                    "{before} {path}"
                );
                assert_eq!(
                    (actual.status(), cors_headers(actual.headers())),
                    (StatusCode::UNAUTHORIZED, vec![]),
                    "{before} {path}"
                );
            } else {
                assert_eq!(
                    (res.status(), header(res.headers(), "access-control-allow-origin")),
                    (StatusCode::NO_CONTENT, Some(ADMIN)),
                    "{before} {path}"
                );
                assert_eq!(
                    (actual.status(), header(actual.headers(), "access-control-allow-origin")),
                    (StatusCode::UNAUTHORIZED, Some(ADMIN)),
                    "{before} {path}"
                );
            }
        }
    }
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/users/me")]
async fn my_profile() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "content-type"], credentials)]
#[patch("/users/{id}")]
async fn patch_user() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[route("/users/me", method = "GET", method = "OPTIONS")]
async fn me_with_options() -> impl Responder {
    HttpResponse::Ok().body("me, options too")
}

/// `/users/me` for `GET` before `/users/{id}` for `PATCH`: the router goes past the first
/// route's resource (its method guard) to the second, and so does the layer, for the
/// preflight and for the auth layer's refusal.
#[actix_web::test]
async fn a_route_past_another_on_the_same_path_answers_for_its_method() {
    let app = init_service(
        App::new()
            .service(web::scope("/accounts").wrap(from_fn(auth_err)).service(my_profile).service(patch_user))
            .service(
                web::scope("/staff").wrap(from_fn(auth_err)).service(me_with_options).service(patch_user),
            )
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| {
        let request = request.to_request();
        let app = &app;
        async move { Answer::of(app.call(request).await).await }
    };
    let res = send(
        preflight("/accounts/users/me", APP, "PATCH")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(header(res.headers(), "access-control-allow-headers"), Some("authorization, content-type"));
    assert!(!auth::seen("OPTIONS", "/accounts/users/me"));
    // The first route's own preflight is still its own.
    let res = send(
        preflight("/accounts/users/me", APP, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "`content-type` is the second route's only");
    // The auth layer's refusal of the actual request is readable.
    let res = send(TestRequest::patch().uri("/accounts/users/me").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    // With the token, the second route answers, with its headers.
    let res = send(
        TestRequest::patch()
            .uri("/accounts/users/me")
            .insert_header((header::ORIGIN, APP))
            .insert_header((header::AUTHORIZATION, "Bearer t")),
    )
    .await;
    assert_eq!(res.body(), "patched");
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));

    // A first route serving `OPTIONS` itself takes every `OPTIONS` on its path, preflights
    // included: the router never goes past it, and neither does the layer.
    let res = send(preflight("/staff/users/me", APP, "PATCH")).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// A scope registered between two routes takes every path under its prefix: the router never
/// goes on to the second, and neither does the layer.
#[actix_web::test]
async fn a_scope_between_two_routes_keeps_the_second_from_answering() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/shop")
                    .wrap(from_fn(auth_err))
                    .service(my_profile)
                    .service(web::scope("/users").route("/list", web::get().to(HttpResponse::Ok)))
                    .service(patch_user),
            )
            .wrap(Layer),
    )
    .await;
    let res = Answer::of(app.call(preflight("/shop/users/me", APP, "PATCH").to_request()).await).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = Answer::of(
        app.call(
            TestRequest::patch()
                .uri("/shop/users/me")
                .insert_header((header::ORIGIN, APP))
                .insert_header((header::AUTHORIZATION, "Bearer t"))
                .to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "the scope took it");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

static API_WIDE: Policy = policy!(origins = ["https://app.example.com"], credentials);
static API_USERS: Policy =
    policy!(origins = ["https://admin.example.com"], allow_headers = ["authorization"]);

/// A `Cors::scope("")` inside another has the same full prefix: its own policy answers under it
/// all the same, the innermost one's, as with the layer as without.
#[actix_web::test]
async fn a_cors_scope_with_an_empty_prefix_inside_another_answers_under_it() {
    // Without the layer, auth outside the scopes would see the preflight (the README says so):
    // auth goes with the layer only.
    for layered in [true, false] {
        let inner = Cors::new(&API_USERS).scope("").route("/users", web::get().to(HttpResponse::Ok));
        let auth = actix_web::middleware::Condition::new(layered, from_fn(auth_err));
        let app = App::new().service(Cors::new(&API_WIDE).scope("/api").wrap(auth).service(inner));
        let app = init_service(app.wrap(actix_web::middleware::Condition::new(layered, Layer))).await;
        let send = |request: TestRequest| {
            let request = request.to_request();
            let app = &app;
            async move { Answer::of(app.call(request).await).await }
        };
        let res = send(
            preflight("/api/users", ADMIN, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "layer: {layered}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN), "layer: {layered}");
        let res = send(preflight("/api/users", APP, "GET")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "layer: {layered}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "layer: {layered}");
        if layered {
            // The auth layer's refusal, outside the inner scope: the inner one's policy is the
            // one the path is under.
            let res = send(TestRequest::get().uri("/api/users").insert_header((header::ORIGIN, ADMIN))).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
            assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
            assert_eq!(header(res.headers(), "access-control-allow-credentials"), None);
        }
    }
}

/// Of two sibling scopes that both match a path, the router takes the request into the one
/// registered first, whatever the lengths of their prefixes: its policy answers.
#[actix_web::test]
async fn of_sibling_cors_scopes_the_first_the_router_enters_answers() {
    let app =
        App::new()
            .service(Cors::new(&API_WIDE).scope("/api/v1").route("/x", web::get().to(HttpResponse::Ok)))
            .service(web::scope("").service(
                Cors::new(&API_USERS).scope("/{tenant}").route("/x", web::get().to(HttpResponse::Ok)),
            ))
            .wrap(from_fn(auth_err))
            .wrap(Layer);
    let app = init_service(app).await;
    for (path, origin, granted) in [
        ("/api/v1/x", APP, true),
        ("/api/v1/x", ADMIN, false),
        ("/acme/x", ADMIN, true),
        ("/acme/x", APP, false),
    ] {
        let res = Answer::of(app.call(preflight(path, origin, "GET").to_request()).await).await;
        let allowed = header(res.headers(), "access-control-allow-origin");
        assert_eq!(allowed, granted.then_some(origin), "{path} from {origin}");
    }
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/tickets/{n:\\d+}")]
async fn numbered_ticket() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[get("/tickets/{name}")]
async fn named_ticket() -> impl Responder {
    HttpResponse::Ok().body("named")
}

/// Two routes on patterns of one shape, in one scope, told apart by a segment's regex only:
/// the router reaches the first whose pattern matches the path, and so does the layer.
#[actix_web::test]
async fn routes_told_apart_by_their_own_regex_each_answer_their_paths() {
    let app = App::new()
        .service(web::scope("/desk").wrap(from_fn(auth_err)).service(numbered_ticket).service(named_ticket))
        .wrap(Layer);
    let app = init_service(app).await;
    for (path, origin, granted) in [
        ("/desk/tickets/7", APP, true),
        ("/desk/tickets/7", ADMIN, false),
        ("/desk/tickets/open", ADMIN, true),
        ("/desk/tickets/open", APP, false),
    ] {
        let res = Answer::of(app.call(preflight(path, origin, "GET").to_request()).await).await;
        assert!(!auth::seen("OPTIONS", path), "{path}");
        let allowed = header(res.headers(), "access-control-allow-origin");
        assert_eq!(allowed, granted.then_some(origin), "{path} from {origin}");
    }
    let res = Answer::of(
        app.call(TestRequest::get().uri("/desk/tickets/7").insert_header((header::ORIGIN, APP)).to_request())
            .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/handles/self")]
async fn own_handle() -> impl Responder {
    HttpResponse::Ok().body("self")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[patch("/handles/{handle:[a-z0-9_]{3,15}}")]
async fn patch_handle() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/members/{id:\\d+}")]
async fn member_by_id() -> impl Responder {
    HttpResponse::Ok().body("by id")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/members/{handle:[a-z0-9_]{3,15}}")]
async fn member_by_handle() -> impl Responder {
    HttpResponse::Ok().body("by handle")
}

fn host_a(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|host| host == "a.example")
}

fn host_b(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|host| host == "b.example")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/slots/{id:\\d+}", guard = "host_a")]
async fn slot_for_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/slots/{id:\\d+}", guard = "host_b")]
async fn slot_for_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

/// Segments whose own regex is narrow (`{id:\d+}`, `{handle:[a-z0-9_]{3,15}}`) are followed as
/// the router follows them, past a route for other methods, between two patterns told apart by
/// their regexes, and among routes told apart by their guards: the preflight never reaches
/// auth, and its refusal of the actual request carries the policy of the route it leads to.
#[actix_web::test]
async fn routes_whose_segments_have_narrow_regexes_are_followed() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/narrow")
                    .wrap(from_fn(auth_err))
                    .service(own_handle)
                    .service(patch_handle)
                    .service(member_by_id)
                    .service(member_by_handle)
                    .service(slot_for_a)
                    .service(slot_for_b),
            )
            .wrap(Layer),
    )
    .await;
    let cases = [
        // Past the GET route on `/handles/self` to the PATCH one, whose regex takes `self`.
        ("/narrow/handles/self", "PATCH", None, APP),
        ("/narrow/members/1234", "PUT", None, APP),
        ("/narrow/members/alice", "PUT", None, ADMIN),
        ("/narrow/slots/42", "PUT", Some("a.example"), APP),
        ("/narrow/slots/42", "PUT", Some("b.example"), ADMIN),
    ];
    for (path, method, host, origin) in cases {
        let with_host = |request: TestRequest| match host {
            Some(host) => request.insert_header((header::HOST, host)),
            None => request,
        };
        let res = Answer::of(app.call(with_host(preflight(path, origin, method)).to_request()).await).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{method} {path} {host:?}: {:?}", res.headers());
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(origin), "{path} {host:?}");
        assert!(!auth::seen("OPTIONS", path), "{path}: auth saw the preflight");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let actual = with_host(
            TestRequest::default().method(method).uri(path).insert_header((header::ORIGIN, origin)),
        );
        let res = Answer::of(app.call(actual.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path} {host:?}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(origin), "{path} {host:?}");
        assert_eq!(
            header(res.headers(), "access-control-allow-credentials"),
            Some("true"),
            "{path} {host:?}"
        );
    }

    // The same guarded routes in a scope whose segment's regex refuses most values: the map is
    // asked until it finds them.
    let versioned = init_service(
        App::new()
            .service(web::scope("/v{n:\\d+}").wrap(from_fn(auth_err)).service(slot_for_a).service(slot_for_b))
            .wrap(Layer),
    )
    .await;
    for (host, origin) in [("a.example", APP), ("b.example", ADMIN)] {
        let request = preflight("/v2/slots/42", origin, "PUT").insert_header((header::HOST, host));
        let res = Answer::of(versioned.call(request.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{host}: {:?}", res.headers());
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(origin), "{host}");
    }
    assert!(!auth::seen("OPTIONS", "/v2/slots/42"), "auth saw a preflight");
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/people/me")]
async fn tenant_profile() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[patch("/people/{id}")]
async fn patch_person() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/accounts/{id:\\d+}")]
async fn account_by_number() -> impl Responder {
    HttpResponse::Ok().body("by number")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/accounts/{name}")]
async fn account_by_name() -> impl Responder {
    HttpResponse::Ok().body("by name")
}

static TENANT_PARTNERS: Policy = policy!(origins = ["https://partners.example.com"]);

/// Under a scope whose prefix has a parameter (`/t/{tenant}`, `/t/{tenant:[a-z]+}`), routes are
/// followed as under a fixed one: past a route for other methods, and between patterns told
/// apart by their regexes; inside a `Cors::scope` on such a prefix, the route's own policy
/// answers, not the scope's.
#[actix_web::test]
async fn scopes_with_parameters_are_followed_as_fixed_ones() {
    for prefix in ["/t/{tenant}", "/t/{tenant:[a-z]+}"] {
        let routes = || {
            web::scope(prefix)
                .wrap(from_fn(auth_err))
                .service(tenant_profile)
                .service(patch_person)
                .service(account_by_number)
                .service(account_by_name)
        };
        let scoped = || {
            Cors::new(&TENANT_PARTNERS)
                .scope(prefix)
                .service(tenant_profile)
                .service(patch_person)
                .service(account_by_number)
                .service(account_by_name)
        };
        let behind_auth = init_service(App::new().service(routes()).wrap(Layer)).await;
        let in_cors_scope = init_service(App::new().service(scoped()).wrap(Layer)).await;
        let cases = [
            ("/t/acme/people/me", "PATCH", APP),
            ("/t/acme/accounts/42", "PUT", APP),
            ("/t/acme/accounts/bob", "PUT", ADMIN),
        ];
        for (path, method, origin) in cases {
            let context = format!("{prefix}: {method} {path}");
            let res = Answer::of(behind_auth.call(preflight(path, origin, method).to_request()).await).await;
            assert_eq!(res.status(), StatusCode::NO_CONTENT, "{context}: {:?}", res.headers());
            assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(origin), "{context}");
            assert!(!auth::seen("OPTIONS", path), "{context}: auth saw the preflight");
            let actual = TestRequest::default()
                .method(Method::from_bytes(method.as_bytes()).unwrap())
                .uri(path)
                .insert_header((header::ORIGIN, origin));
            let res = Answer::of(behind_auth.call(actual.to_request()).await).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{context}");
            assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(origin), "{context}");

            // The route's policy, not the scope's, which refuses `origin`.
            let res =
                Answer::of(in_cors_scope.call(preflight(path, origin, method).to_request()).await).await;
            assert_eq!(
                res.status(),
                StatusCode::NO_CONTENT,
                "{context} in a Cors::scope: {:?}",
                res.headers()
            );
            assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(origin), "{context}");
        }
    }
}

#[cors(origins = ["https://app.example.com"], max_age = 11)]
#[get("/users/me")]
async fn archived_me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[cors(origins = ["https://app.example.com"], max_age = 22)]
#[patch("/users/{id}")]
async fn archived_patch() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

#[cors(origins = ["https://app.example.com"], max_age = 33)]
#[put("/users/{id:\\d+}")]
async fn archived_put_number() -> impl Responder {
    HttpResponse::Ok().body("by number")
}

#[cors(origins = ["https://admin.example.com"], max_age = 44)]
#[put("/users/{name}")]
async fn archived_put_name() -> impl Responder {
    HttpResponse::Ok().body("by name")
}

static ARCHIVE: Policy =
    policy!(origins = ["https://app.example.com", "https://admin.example.com"], max_age = 55);

/// Which policy answered a preflight: each above has its own `max_age`.
fn answered_by(res: &Answer) -> (StatusCode, Option<&str>) {
    (res.status(), header(res.headers(), "access-control-max-age"))
}

/// Scope regexes that none of a few guessed values satisfy (`{year:\d{4}}`, nested regex scopes)
/// are read from the route's own node; a route of another method on the same shape of path does
/// not stop the choice between two told apart by their regexes; and a route the map finds only
/// behind another on its path is left to routing, never answered by the `Cors::scope` around.
#[actix_web::test]
async fn the_route_routing_reaches_answers_in_every_scope_shape() {
    macro_rules! routes {
        ($scope:expr) => {
            $scope
                .service(archived_me)
                .service(archived_patch)
                .service(archived_put_number)
                .service(archived_put_name)
        };
    }
    for prefix in ["/api", "/archive/{year:\\d{4}}", "/t/{tenant:[a-z]+}/v{n:\\d+}", "/o/{org:[0-9a-f]{8}}"] {
        let example = prefix
            .replace("{year:\\d{4}}", "2024")
            .replace("{tenant:[a-z]+}", "acme")
            .replace("{n:\\d+}", "2")
            .replace("{org:[0-9a-f]{8}}", "0badcafe");
        let behind_auth =
            init_service(App::new().service(routes!(web::scope(prefix).wrap(from_fn(auth_err)))).wrap(Layer))
                .await;
        let in_cors_scope = init_service(
            App::new()
                .service(routes!(Cors::new(&ARCHIVE).scope(prefix)).wrap(from_fn(auth_err)))
                .wrap(Layer),
        )
        .await;
        // Each request to both applications.
        macro_rules! calls {
            ($request:expr) => {
                [
                    Answer::of(behind_auth.call($request.to_request()).await).await,
                    Answer::of(in_cors_scope.call($request.to_request()).await).await,
                ]
            };
        }
        let me = format!("{example}/users/me");
        for res in calls!(preflight(&me, APP, "PATCH")) {
            assert_eq!(answered_by(&res), (StatusCode::NO_CONTENT, Some("22")), "{prefix}");
        }
        // The PATCH route's policy refuses the admin site, whatever the scope's allows.
        for res in calls!(preflight(&me, ADMIN, "PATCH")) {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{prefix}");
        }
        for res in calls!(preflight(&format!("{example}/users/7"), APP, "PUT")) {
            assert_eq!(answered_by(&res), (StatusCode::NO_CONTENT, Some("33")), "{prefix}");
        }
        for res in calls!(preflight(&format!("{example}/users/bob"), ADMIN, "PUT")) {
            assert_eq!(answered_by(&res), (StatusCode::NO_CONTENT, Some("44")), "{prefix}");
        }
        for res in calls!(TestRequest::patch().uri(&me).insert_header((header::ORIGIN, APP))) {
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{prefix}");
            assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "{prefix}");
        }
        for res in calls!(TestRequest::patch().uri(&me).insert_header((header::ORIGIN, ADMIN))) {
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{prefix}");
        }
        assert!(!auth::seen("OPTIONS", &me), "{prefix}: auth saw a preflight");
    }

    // A `PUT` to `/api/users/me` goes past the GET and PATCH routes to `/users/{name}`, which
    // the map shows only behind `/users/{id}`: left to routing (where the auth around the
    // scope's middleware refuses it), never granted by the `Cors::scope`'s policy, which
    // allows the app where that route's refuses it.
    let app = init_service(
        App::new()
            .service(
                Cors::new(&ARCHIVE)
                    .scope("/api")
                    .wrap(from_fn(auth_err))
                    .service(archived_me)
                    .service(archived_patch)
                    .service(archived_put_name),
            )
            .wrap(Layer),
    )
    .await;
    let res = Answer::of(app.call(preflight("/api/users/me", APP, "PUT").to_request()).await).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT, "{:?}", res.headers());
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let put = TestRequest::put().uri("/api/users/me").insert_header((header::ORIGIN, APP));
    let res = Answer::of(app.call(put.to_request()).await).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

#[cors(origins = ["https://app.example.com"])]
#[get("/users/{id:\\d+}")]
async fn host_a_numbered() -> impl Responder {
    HttpResponse::Ok().body("a numbered")
}

#[cors(origins = ["https://app.example.com"])]
#[get("/users/{x}")]
async fn host_a_named() -> impl Responder {
    HttpResponse::Ok().body("a named")
}

#[cors(origins = ["https://admin.example.com"])]
#[get("/users/{x}")]
async fn host_b_named() -> impl Responder {
    HttpResponse::Ok().body("b named")
}

/// Two scopes written alike, told apart by host guards: which route a request reaches, only the
/// router knows (the layer leaves it to routing), and it is the other host's.
#[actix_web::test]
async fn scopes_told_apart_by_guards_alone_are_left_to_routing() {
    for prefix in ["/t", "/t/{tenant}"] {
        let app = init_service(
            App::new()
                .service(
                    web::scope(prefix)
                        .guard(actix_web::guard::Host("a.example"))
                        .service(host_a_numbered)
                        .service(host_a_named),
                )
                .service(web::scope(prefix).guard(actix_web::guard::Host("b.example")).service(host_b_named))
                .wrap(Layer),
        )
        .await;
        let path = if prefix == "/t" { "/t/users/abc" } else { "/t/x/users/abc" };
        let request = preflight(path, ADMIN, "GET").insert_header((header::HOST, "b.example"));
        let res = Answer::of(app.call(request.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{prefix}: {:?}", res.headers());
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN), "{prefix}");
    }
}

/// Awaits once more after the response is back, as async logging or a session store does.
async fn yields_after(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let res = next.call(req).await?;
    actix_web::rt::task::yield_now().await;
    Ok(res)
}

static HOST_A_SCOPE: Policy = policy!(origins = ["https://app.example.com"]);

#[cors(origins = ["https://app.example.com"])]
#[get("/shelf")]
async fn shelf() -> impl Responder {
    HttpResponse::Ok().body("route")
}

/// A `Cors` middleware's `Vary` reaches the response when middleware between it and the layer
/// takes another poll to hand the response on.
#[actix_web::test]
async fn a_cors_middlewares_vary_survives_middleware_that_waits() {
    let app = init_service(
        App::new()
            .service(
                web::scope("")
                    .guard(actix_web::guard::Host("a.example"))
                    .wrap(Cors::new(&HOST_A_SCOPE))
                    .route("/shelf", web::get().to(|| async { HttpResponse::Ok().body("plain") })),
            )
            .service(shelf)
            .wrap(from_fn(yields_after))
            .wrap(Layer),
    )
    .await;
    for origin in [Some(APP), Some(EVIL), None] {
        let mut request = TestRequest::get().uri("/shelf").insert_header((header::HOST, "a.example"));
        if let Some(origin) = origin {
            request = request.insert_header((header::ORIGIN, origin));
        }
        let res = Answer::of(app.call(request.to_request()).await).await;
        assert_eq!(res.body(), "plain");
        assert_eq!(support::vary(res.headers()), ["Origin"], "{origin:?}");
    }
}

#[cors(origins = ["https://app.example.com"], max_age = 1)]
#[get("/items/{id}")]
async fn regex_scope_get() -> impl Responder {
    HttpResponse::Ok().body("get")
}

#[cors(origins = ["https://app.example.com"], max_age = 2)]
#[patch("/items/{id}")]
async fn any_scope_patch() -> impl Responder {
    HttpResponse::Ok().body("patch")
}

#[cors(origins = ["https://app.example.com"], max_age = 11)]
#[put("/desks/{id}", guard = "host_b")]
async fn desk_for_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

#[cors(origins = ["https://app.example.com"], max_age = 12)]
#[put("/desks/mine", guard = "host_a")]
async fn my_desk_for_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/settings", guard = "host_a")]
async fn settings_for_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/settings")]
async fn settings_for_others() -> impl Responder {
    HttpResponse::Ok().body("others")
}

/// A route with a guard of its own, then one without on the same path: in one scope the second
/// is the default for other hosts, but in two scopes of one prefix, told apart by a scope's
/// guard the layer cannot run, the router may pass the first whatever its own guard says. The
/// layer cannot tell the two apart, and leaves such a path to routing: never the first route's
/// grant where the router reaches the second.
#[actix_web::test]
async fn a_guarded_route_and_an_unguarded_one_after_it_are_left_to_routing() {
    let apps = [
        || App::new().service(web::scope("/t").service(settings_for_a).service(settings_for_others)),
        || {
            App::new()
                .service(
                    web::scope("/t").guard(actix_web::guard::Header("x-tenant", "a")).service(settings_for_a),
                )
                .service(web::scope("/t").service(settings_for_others))
        },
    ];
    for app in apps {
        let routing = init_service(app()).await;
        let layered = init_service(app().wrap(from_fn(auth_err)).wrap(Layer)).await;
        for origin in [APP, ADMIN] {
            let request = || {
                preflight("/t/settings", origin, "PUT")
                    .insert_header((header::HOST, "a.example"))
                    .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
            };
            let truth = Answer::of(routing.call(request().to_request()).await).await;
            let res = Answer::of(layered.call(request().to_request()).await).await;
            if res.status() == StatusCode::UNAUTHORIZED {
                // Left to routing, where auth refuses it: nothing granted.
                assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{origin}");
            } else {
                assert_eq!(res.status(), truth.status(), "{origin}");
                assert_eq!(cors_headers(res.headers()), cors_headers(truth.headers()), "{origin}");
            }
        }
    }
}

/// What the layer answers equals what routing answers, or it leaves the request to routing:
/// routes of one pattern in scopes whose regexes tell them apart, and a route whose guard
/// refuses a preflight that a later route's guard takes. Behind auth, a preflight left to
/// routing gets auth's refusal; one the layer answers gets the answer routing gives.
#[actix_web::test]
async fn the_layer_never_answers_otherwise_than_routing() {
    let services = || {
        App::new()
            .service(web::scope("/t/{tenant:[a-z]+}").service(regex_scope_get))
            .service(web::scope("/t/{any}").service(any_scope_patch))
            .service(desk_for_b)
            .service(my_desk_for_a)
    };
    let routing = init_service(services()).await;
    let layered = init_service(services().wrap(from_fn(auth_err)).wrap(Layer)).await;
    let requests: [fn() -> TestRequest; 3] = [
        // The first scope takes the path: no PATCH route there, whatever the second holds.
        || preflight("/t/acme/items/1", APP, "PATCH"),
        // The first scope's regex refuses `ACME`: the second takes it, with no GET route.
        || preflight("/t/ACME/items/1", APP, "GET"),
        // `/desks/{id}` is host b's; host a's request goes on to `/desks/mine`.
        || preflight("/desks/mine", APP, "PUT").insert_header((header::HOST, "a.example")),
    ];
    for request in requests {
        let truth = Answer::of(routing.call(request().to_request()).await).await;
        let res = Answer::of(layered.call(request().to_request()).await).await;
        if res.status() == StatusCode::UNAUTHORIZED {
            // Left to routing, where auth refuses it: nothing granted.
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
        } else {
            assert_eq!(res.status(), truth.status());
            assert_eq!(cors_headers(res.headers()), cors_headers(truth.headers()));
            assert_eq!(
                header(res.headers(), "access-control-max-age"),
                header(truth.headers(), "access-control-max-age")
            );
        }
    }
    let refused = TestRequest::patch().uri("/t/acme/items/1").insert_header((header::ORIGIN, APP));
    let res = Answer::of(layered.call(refused.to_request()).await).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "no route there answers for it");
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/v1/ledger")]
async fn shadowed_ledger() -> impl Responder {
    HttpResponse::Ok().body("ledger")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/v2/ledger")]
async fn reachable_ledger() -> impl Responder {
    HttpResponse::Ok().body("ledger")
}

/// A scope registered before a route's, on a longer prefix (`/books/v1` before `/books`), takes
/// the route's path: the router never reaches the route there, and what answers instead (the
/// default service of an SPA or a legacy proxy, whether the App's or the scope's) is another
/// service's response, never given the route's credentialed headers. A refusal by auth in
/// front of a route the router does reach still is.
#[actix_web::test]
async fn a_scope_on_a_longer_prefix_registered_first_keeps_its_own_responses() {
    let index = || web::to(|| async { HttpResponse::Ok().body("index.html") });
    let plain_post = || web::post().to(HttpResponse::Created);
    let apps = [
        App::new()
            .service(web::scope("/books/v1").route("/ledger", plain_post()))
            .service(
                web::scope("/books")
                    .wrap(from_fn(auth_err))
                    .service(shadowed_ledger)
                    .service(reachable_ledger),
            )
            .default_service(index()),
        App::new()
            .service(web::scope("/books/v1").route("/ledger", plain_post()).default_service(index()))
            .service(
                web::scope("/books")
                    .wrap(from_fn(auth_err))
                    .service(shadowed_ledger)
                    .service(reachable_ledger),
            ),
    ];
    for (i, app) in apps.into_iter().enumerate() {
        let app = init_service(app.wrap(Layer)).await;
        let get = |path: &str| TestRequest::get().uri(path).insert_header((header::ORIGIN, APP)).to_request();
        let res = Answer::of(app.call(get("/books/v1/ledger")).await).await;
        assert_eq!((res.status(), res.body()), (StatusCode::OK, "index.html"), "app {i}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "app {i}: another service's response");
        let res = Answer::of(app.call(get("/books/v2/ledger")).await).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "app {i}");
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP), "app {i}");
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"), "app {i}");
    }
}

#[cors(origins = ["https://admin.example.com"])]
#[get("/")]
async fn home() -> impl Responder {
    HttpResponse::Ok().body("home")
}

/// A request whose URI has no path at all (HTTP/2 makes one for a `CONNECT` without
/// `:authority`) is read by the router as the empty path, which the `/` route never takes: an
/// auth refusal of it carries no route's headers, whether the layer finds the route before the
/// call or after.
#[actix_web::test]
async fn a_uri_without_a_path_is_not_the_root_route() {
    let app = init_service(
        App::new()
            .service(home)
            .default_service(web::to(HttpResponse::NotFound))
            .wrap(from_fn(auth_err))
            .wrap(Layer),
    )
    .await;
    let request = || {
        let mut request = TestRequest::get().insert_header((header::ORIGIN, ADMIN)).to_request();
        request.head_mut().uri =
            actix_web::http::Uri::from_parts(actix_web::http::uri::Parts::default()).expect("an empty URI");
        request
    };
    let res = Answer::of(app.call(request()).await).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // The same refusal on `/` is the route's.
    let root = TestRequest::get().uri("/").insert_header((header::ORIGIN, ADMIN)).to_request();
    let res = Answer::of(app.call(root).await).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(ADMIN));
}
