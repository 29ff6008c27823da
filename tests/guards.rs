//! Routes told apart by their own `guard`s: each preflight is answered by the policy of the
//! route its actual request reaches, with and without `Layer`; a guard that a preflight cannot
//! satisfy (it carries no credentials) never refuses it.

use actix_web::body::MessageBody;
use actix_web::dev::Service;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::guard::GuardContext;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, error, get, put, route, web};
use strict_cors::{Cors, Layer, Policy, cors, policy};
use support::{Answer, cors_headers, get as header, preflight};

mod support;

const TENANT_A: &str = "https://a-app.example.com";
const TENANT_B: &str = "https://b-app.example.com";

fn host_a(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|h| h == "a.example.com")
}

fn host_b(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|h| h == "b.example.com")
}

/// A guard on what a preflight never carries.
fn signed_in(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key(header::AUTHORIZATION)
}

#[cors(origins = ["https://a-app.example.com"], allow_headers = ["x-token"])]
#[put("/tenant", guard = "host_a")]
async fn tenant_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://b-app.example.com"])]
#[put("/tenant", guard = "host_b")]
async fn tenant_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

/// The same shape, its segment named otherwise: a request for `/items/5` may reach either.
#[cors(origins = ["https://a-app.example.com"], allow_headers = ["x-token"])]
#[put("/items/{id}", guard = "host_a")]
async fn item_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://b-app.example.com"])]
#[put("/items/{item_id}", guard = "host_b")]
async fn item_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

#[cors(origins = ["https://a-app.example.com"], credentials)]
#[put("/profile", guard = "signed_in")]
async fn profile() -> impl Responder {
    HttpResponse::Ok().body("profile")
}

#[cors(origins = ["https://a-app.example.com"], methods = ["PUT"])]
#[route("/things", method = "PUT", method = "PURGE")]
async fn things() -> impl Responder {
    HttpResponse::Ok().body("things")
}

async fn answers(layer: bool, request: TestRequest) -> Answer {
    let app = App::new().service(
        web::scope("/api")
            .service(tenant_a)
            .service(tenant_b)
            .service(item_a)
            .service(item_b)
            .service(profile)
            .service(things),
    );
    if layer {
        let app = init_service(app.wrap(Layer)).await;
        Answer::of(app.call(request.to_request()).await).await
    } else {
        let app = init_service(app).await;
        Answer::of(app.call(request.to_request()).await).await
    }
}

#[actix_web::test]
async fn each_preflight_gets_the_policy_of_the_route_its_guards_choose() {
    for (layer, path) in
        [(false, "/api/tenant"), (true, "/api/tenant"), (false, "/api/items/5"), (true, "/api/items/5")]
    {
        let to = |host: &str, origin: &str| {
            preflight(path, origin, "PUT").insert_header((header::HOST, host.to_owned()))
        };
        let own = answers(layer, to("b.example.com", TENANT_B)).await;
        assert_eq!(own.status(), StatusCode::NO_CONTENT, "layer {layer}");
        assert_eq!(header(own.headers(), "access-control-allow-origin"), Some(TENANT_B));
        // Tenant a's origin and header are a's policy's, not b's: the request b's guard
        // takes must not be let through by a's.
        let other = answers(
            layer,
            to("b.example.com", TENANT_A).insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-token")),
        )
        .await;
        assert_eq!(other.status(), StatusCode::FORBIDDEN, "layer {layer}");
        assert_eq!(cors_headers(other.headers()), Vec::<String>::new());
        let a = answers(
            layer,
            to("a.example.com", TENANT_A).insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-token")),
        )
        .await;
        assert_eq!(a.status(), StatusCode::NO_CONTENT, "layer {layer}");
        assert_eq!(header(a.headers(), "access-control-allow-headers"), Some("x-token"));
        let b_from_a = answers(layer, to("a.example.com", TENANT_B)).await;
        assert_eq!(b_from_a.status(), StatusCode::FORBIDDEN, "layer {layer}");
        // And the actual requests reach the same routes.
        let actual = answers(
            layer,
            TestRequest::put()
                .uri(path)
                .insert_header((header::HOST, "b.example.com"))
                .insert_header((header::ORIGIN, TENANT_B)),
        )
        .await;
        assert_eq!(
            (actual.body(), header(actual.headers(), "access-control-allow-origin")),
            ("b", Some(TENANT_B))
        );
    }
}

#[actix_web::test]
async fn a_guard_a_preflight_cannot_satisfy_does_not_refuse_it() {
    for layer in [false, true] {
        let answer = answers(layer, preflight("/api/profile", TENANT_A, "PUT")).await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "layer {layer}");
        assert_eq!(header(answer.headers(), "access-control-allow-credentials"), Some("true"));
        let unsigned =
            answers(layer, TestRequest::put().uri("/api/profile").insert_header((header::ORIGIN, TENANT_A)))
                .await;
        assert_eq!(unsigned.status(), StatusCode::NOT_FOUND, "the guard still routes actual requests");
    }
}

#[actix_web::test]
async fn a_method_the_route_serves_but_does_not_list_is_refused_with_or_without_layer() {
    for layer in [false, true] {
        let purge = answers(layer, preflight("/api/things", TENANT_A, "PURGE")).await;
        assert_eq!(purge.status(), StatusCode::FORBIDDEN, "layer {layer}");
        assert_eq!(cors_headers(purge.headers()), Vec::<String>::new());
        let delete = answers(layer, preflight("/api/things", TENANT_A, "DELETE")).await;
        assert_eq!(delete.status(), StatusCode::NOT_FOUND, "layer {layer}: nobody serves DELETE");
    }
}

static SCOPE: Policy = policy!(origins = ["https://scope.example.com"]);

async fn refuse(
    _: ServiceRequest,
    _: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    Err::<ServiceResponse<actix_web::body::BoxBody>, _>(error::ErrorUnauthorized("sign in first"))
}

/// Behind `Layer`, routes told apart by guards keep their own policies, inside a `Cors::scope`
/// and behind auth: the layer runs their guards, as the router would, and the route they choose
/// answers for the preflight (before auth runs) and for auth's refusal.
#[actix_web::test]
async fn the_layer_chooses_among_routes_by_their_guards() {
    let app = init_service(
        App::new()
            .service(Cors::new(&SCOPE).scope("/s").service(tenant_a).service(tenant_b))
            .service(web::scope("/locked").wrap(from_fn(refuse)).service(item_a).service(item_b))
            .wrap(Layer),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let on_b = |request: TestRequest| request.insert_header((header::HOST, "b.example.com"));
    let own = send(on_b(preflight("/s/tenant", TENANT_B, "PUT"))).await;
    assert_eq!(
        (own.status(), header(own.headers(), "access-control-allow-origin")),
        (StatusCode::NO_CONTENT, Some(TENANT_B))
    );
    let scopes = send(on_b(preflight("/s/tenant", "https://scope.example.com", "PUT"))).await;
    assert_eq!(scopes.status(), StatusCode::FORBIDDEN, "the handler's policy, not the scope's");
    let behind_auth = send(on_b(preflight("/locked/items/5", TENANT_B, "PUT"))).await;
    assert_eq!(behind_auth.status(), StatusCode::NO_CONTENT, "auth never sees the preflight");
    let other = send(on_b(preflight("/locked/items/5", TENANT_A, "PUT"))).await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let refusal = |origin: &str| {
        on_b(TestRequest::put().uri("/locked/items/5").insert_header((header::ORIGIN, origin.to_owned())))
    };
    let readable = send(refusal(TENANT_B)).await;
    assert_eq!(
        (readable.status(), header(readable.headers(), "access-control-allow-origin")),
        (StatusCode::UNAUTHORIZED, Some(TENANT_B))
    );
    let unreadable = send(refusal(TENANT_A)).await;
    assert_eq!(unreadable.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(unreadable.headers()), Vec::<String>::new());
}

const TENANT_C: &str = "https://c-app.example.com";

#[cors(origins = ["https://a-app.example.com"])]
#[put("/t", guard = "host_a")]
async fn numbered_tenant() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

#[cors(origins = ["https://c-app.example.com"])]
#[put("/t", guard = "host_a")]
async fn named_tenant() -> impl Responder {
    HttpResponse::Ok().body("named")
}

/// What the layer answers is what routing would: routes of one pattern in scopes whose own
/// segments' regexes the layer cannot see, and a route whose own guard refuses the request.
#[actix_web::test]
async fn the_layer_answers_as_routing_would() {
    let app = || {
        App::new()
            .service(web::scope("/v/{n:\\d+}").service(numbered_tenant))
            .service(web::scope("/v/{s}").service(named_tenant))
            .service(web::scope("/g").service(tenant_a))
    };
    let requests = || {
        let on = |host: &'static str, request: TestRequest| request.insert_header((header::HOST, host));
        let put = |path: &str, origin: &str| {
            TestRequest::put().uri(path).insert_header((header::ORIGIN, origin.to_owned()))
        };
        [
            on("a.example.com", preflight("/v/abc/t", TENANT_C, "PUT")),
            on("a.example.com", preflight("/v/12/t", TENANT_A, "PUT")),
            on("a.example.com", put("/v/abc/t", TENANT_C)),
            on("b.example.com", put("/g/tenant", TENANT_A)),
            on("b.example.com", TestRequest::put().uri("/g/tenant")),
        ]
    };
    let plain = init_service(app()).await;
    let layered = init_service(app().wrap(Layer)).await;
    for (without, with) in requests().into_iter().zip(requests()) {
        let without = Answer::of(plain.call(without.to_request()).await).await;
        let with = Answer::of(layered.call(with.to_request()).await).await;
        let seen = |answer: &Answer| {
            (answer.status(), cors_headers(answer.headers()), support::vary(answer.headers()).join(","))
        };
        assert_eq!(seen(&with), seen(&without));
    }
    let named = Answer::of(
        layered
            .call(
                preflight("/v/abc/t", TENANT_C, "PUT")
                    .insert_header((header::HOST, "a.example.com"))
                    .to_request(),
            )
            .await,
    )
    .await;
    assert_eq!(header(named.headers(), "access-control-allow-origin"), Some(TENANT_C));
}

#[cors(origins = ["https://a-app.example.com"])]
#[put("/queue/{name}", guard = "signed_in")]
async fn named_queue() -> impl Responder {
    HttpResponse::Ok().body("named")
}

#[cors(origins = ["https://b-app.example.com"])]
#[put("/queue/{n:\\d+}")]
async fn numbered_queue() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

/// A route whose guards refuse a preflight yields it only to a sibling the path can reach: one
/// whose own regex refuses the path (`/queue/{n:\d+}` for `/queue/abc`) does not take it.
#[actix_web::test]
async fn a_preflight_is_yielded_only_to_a_sibling_on_its_path() {
    for layer in [false, true] {
        let app = App::new().service(named_queue).service(numbered_queue);
        let app = init_service(app.wrap(actix_web::middleware::Condition::new(layer, Layer))).await;
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        let named = send(preflight("/queue/abc", TENANT_A, "PUT")).await;
        assert_eq!(
            (named.status(), header(named.headers(), "access-control-allow-origin")),
            (StatusCode::NO_CONTENT, Some(TENANT_A)),
            "layer: {layer}"
        );
        // `%31%32` is `12` to the router, which decodes a path before matching it: the actual
        // request reaches the numbered route, and so does its preflight.
        for path in ["/queue/12", "/queue/%31%32"] {
            let numbered = send(preflight(path, TENANT_B, "PUT")).await;
            assert_eq!(
                (numbered.status(), header(numbered.headers(), "access-control-allow-origin")),
                (StatusCode::NO_CONTENT, Some(TENANT_B)),
                "{path}, layer: {layer}"
            );
            let actual = send(TestRequest::put().uri(path).insert_header(("origin", TENANT_B))).await;
            assert_eq!(
                (actual.body(), header(actual.headers(), "access-control-allow-origin")),
                ("numbered", Some(TENANT_B)),
                "{path}, layer: {layer}"
            );
        }
    }
}

#[cors(origins = ["https://a-app.example.com"], allow_headers = ["x-token"])]
#[put("/members/me", guard = "host_a")]
async fn own_member() -> impl Responder {
    HttpResponse::Ok().body("own member")
}

#[cors(origins = ["https://b-app.example.com"], allow_headers = ["x-token"])]
#[put("/members/{id}")]
async fn any_member() -> impl Responder {
    HttpResponse::Ok().body("any member")
}

/// A route guarded by host, before a wider one on the same path: for another host, the router
/// goes past the first to the second, and so does the choice of policy, for the preflight and
/// for what an auth layer in front answers.
#[actix_web::test]
async fn past_a_route_its_guards_refuse_the_next_one_on_the_path_answers() {
    async fn deny(
        req: ServiceRequest,
        _: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
        Err::<ServiceResponse<actix_web::body::BoxBody>, _>(error::ErrorUnauthorized(req.path().to_owned()))
    }
    for layer in [false, true] {
        let app = App::new().service(web::scope("/club").service(own_member).service(any_member));
        let app = init_service(app.wrap(actix_web::middleware::Condition::new(layer, Layer))).await;
        let to = |host: &str, origin: &str| {
            preflight("/club/members/me", origin, "PUT").insert_header((header::HOST, host.to_owned()))
        };
        for (host, origin, granted) in [
            ("a.example.com", TENANT_A, true),
            ("a.example.com", TENANT_B, false),
            ("b.example.com", TENANT_B, true),
            ("b.example.com", TENANT_A, false),
        ] {
            let res = Answer::of(app.call(to(host, origin).to_request()).await).await;
            let allowed = header(res.headers(), "access-control-allow-origin");
            assert_eq!(allowed, granted.then_some(origin), "layer {layer}: {host} from {origin}");
        }
    }
    // Behind auth, the refusal of the other host's request is the second route's to answer.
    let app = App::new()
        .service(web::scope("/club").wrap(from_fn(deny)).service(own_member).service(any_member))
        .wrap(Layer);
    let app = init_service(app).await;
    let request = TestRequest::put()
        .uri("/club/members/me")
        .insert_header((header::HOST, "b.example.com"))
        .insert_header((header::ORIGIN, TENANT_B));
    let res = Answer::of(app.call(request.to_request()).await).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(TENANT_B));
    let preflight = to_host(preflight("/club/members/me", TENANT_B, "PUT"), "b.example.com");
    let res = Answer::of(app.call(preflight.to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(TENANT_B));
}

fn to_host(request: TestRequest, host: &str) -> TestRequest {
    request.insert_header((header::HOST, host.to_owned()))
}

#[cors(origins = ["https://a-app.example.com"])]
#[get("/files/readme", guard = "host_a")]
async fn readme_a() -> impl Responder {
    HttpResponse::Ok().body("readme a")
}

#[cors(origins = ["https://a-app.example.com"])]
#[get("/files/{n:\\d+}")]
async fn numbered_file() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

#[cors(origins = ["https://b-app.example.com"])]
#[get("/files/{tail:.*}")]
async fn any_file() -> impl Responder {
    HttpResponse::Ok().body("any")
}

/// Past a route its guards refuse, the next route on the path may be one of two on patterns
/// of one shape whose own regexes tell them apart: the one whose pattern matches answers.
#[actix_web::test]
async fn past_a_refusing_route_a_regex_segment_chooses_the_next() {
    let app =
        App::new().service(web::scope("/v1").service(readme_a).service(numbered_file).service(any_file));
    let app = init_service(app.wrap(Layer)).await;
    let ask = |path: &str, origin: &str| to_host(preflight(path, origin, "GET"), "b.example.com");
    for (path, origin, granted) in [
        ("/v1/files/readme", TENANT_B, true),
        ("/v1/files/readme", TENANT_A, false),
        ("/v1/files/7", TENANT_A, true),
        ("/v1/files/7", TENANT_B, false),
    ] {
        let res = Answer::of(app.call(ask(path, origin).to_request()).await).await;
        let allowed = header(res.headers(), "access-control-allow-origin");
        assert_eq!(allowed, granted.then_some(origin), "{path} from {origin}");
    }
}
