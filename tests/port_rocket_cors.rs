//! The test suite of `rocket_cors` (`lawliet89/rocket_cors`: `tests/fairing.rs`, `tests/guard.rs`,
//! `tests/manual.rs`, `tests/mix.rs`, `tests/headers.rs`, and the unit tests of `src/lib.rs`),
//! ported scenario by scenario as a Rocket user moving to actix-web would restate them.
//!
//! `rocket_cors` has three modes, each restated with its closest counterpart here:
//!
//! - the fairing (one CORS layer over the whole Rocket instance): `Cors::new(&P)` wrapping the
//!   `App`;
//! - the request guard (`cors::Guard` on each route, with `catch_all_options_routes()` answering
//!   preflights for every path): `#[cors(policy = P)]` on each handler, which registers the
//!   route's preflight answer itself;
//! - "truly manual" (`respond_borrowed` / `respond_owned` with a `Cors` of the route's own, and
//!   an `#[options]` route of its own for the preflight): `#[cors(policy = P)]` with the route's
//!   own policy, over its `#[get]` and its `#[options]` route.
//!
//! The peer's options (`make_cors()` in every file): `AllowedOrigins::some_exact(["https://www.acme.com"])`,
//! `allowed_methods [GET]`, `allowed_headers ["Authorization", "Accept"]`, `allow_credentials`.
//!
//! Differences asserted on purpose, each with its rule next to it: an actual request from an
//! origin not allowed runs the handler and gets no CORS header (`rocket_cors` answers `403` and
//! never runs the route, SPEC §4.5); an allowed preflight is `204` without a body, whatever the
//! route's own `OPTIONS` handler would answer (`rocket_cors` runs it: "Manual CORS Preflight");
//! a preflight for a path no `#[cors]` route serves gets the router's 404 (the peer's catch-all
//! `OPTIONS` route answers every path); `OPTIONS` with `Access-Control-Request-Method` but no
//! `Origin` is no preflight and is routed (SPEC §4.9).
//!
//! Not ported (no meaning here): `cors_options_from_builder_pattern`,
//! `cors_default_deserialization_is_correct`, `cors_options_example_can_be_deserialized`,
//! `method_serde_roundtrip` (the peer's option struct and its serde form; configuration here is
//! `policy!` or the builder), `allowed_some_origins_allows_different_lifetimes` (a borrow-checker
//! test of the peer's API), `tests/headers.rs` (its request-header parsers as Rocket request
//! guards: here the header list is read as SPEC §4.7 says, exercised through the preflights
//! below), and `catch_all_options_routes()` / `respond_borrowed` as such (no such API: the
//! attribute answers preflights).

use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, get, options, web};
use configs::{built, refused_rules};
use strict_cors::decision::{CorsRequest, Decision, HeaderInput, Refusal};
use strict_cors::{Cors, Layer, Policy, Rule, cors, policy};
use support::{
    Answer, allow_origin, assert_preflight_answered, assert_preflight_refused, cors_headers, get as h, list,
    sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const ACME: &str = "https://www.acme.com";
const EXAMPLE: &str = "https://www.example.com";
const BAD_ORIGIN: &str = "https://www.bad-origin.com";

/// `make_cors()`.
static ACME_POLICY: Policy = policy!(
    origins = ["https://www.acme.com"],
    methods = ["GET"],
    allow_headers = ["authorization", "accept"],
    credentials,
);
/// `make_different_cors_options()` (`manual.rs`).
static EXAMPLE_POLICY: Policy = policy!(
    origins = ["https://www.example.com"],
    methods = ["GET"],
    allow_headers = ["authorization", "accept"],
    credentials,
);
/// `cors_options_all()` (`mix.rs`): `CorsOptions::default()`, any origin (reflected, without
/// `send_wildcard`), every method, every header, no credentials.
static ALL_POLICY: Policy = policy!(origins = "*", methods = "*", allow_headers = "*");

// ----- fairing.rs ---------------------------------------------------------------------------------

async fn hello() -> &'static str {
    "Hello CORS"
}

/// `panicking_route`: if a refused request ever reached it, the test would fail.
async fn panicking_route() -> &'static str {
    panic!("This route will panic");
}

/// `rocket()` of `fairing.rs`: the routes and the fairing over them. `/panic` is mounted for
/// every method (`web::resource(..).to(..)`, as many apps write a route), so that a preflight
/// that went past the CORS layer would reach it; `/` for `GET` only, as the peer's.
async fn fairing(req: TestRequest) -> Answer {
    let app = init_service(
        App::new()
            .wrap(Cors::new(&ACME_POLICY))
            .route("/", web::get().to(hello))
            .service(web::resource("/panic").to(panicking_route)),
    )
    .await;
    Answer::of(app.call(req.to_request()).await).await
}

/// The preflight every file sends: `OPTIONS` from `origin`, asking for `method` and
/// `Authorization`.
fn preflight(path: &str, origin: &str, method: &str) -> TestRequest {
    support::preflight(path, origin, method)
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Authorization"))
}

/// The actual request every file sends: `GET` with `Origin` and `Authorization`.
fn get_from(path: &str, origin: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .insert_header((header::ORIGIN, origin))
        .insert_header((header::AUTHORIZATION, "let me in"))
}

/// `OPTIONS` with `Access-Control-Request-Method` and `-Headers`, but no `Origin`.
fn options_without_origin(path: &str) -> TestRequest {
    TestRequest::default()
        .method(Method::OPTIONS)
        .uri(path)
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "GET"))
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Authorization"))
}

/// The allowed preflight's answer, as `preflight_validated_and_built_correctly` builds it: the
/// origin, credentials, the headers, and nothing for `GET` in `-Allow-Methods` (SPEC §4.1).
#[track_caller]
fn assert_acme_preflight(res: &Answer, context: &str) {
    assert_preflight_answered(res, context);
    assert_eq!(allow_origin(res.headers()), Some(ACME), "{context}");
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{context}");
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-headers")),
        ["accept", "authorization"],
        "{context}"
    );
    let methods = list(res.headers(), "access-control-allow-methods");
    assert!(methods.is_empty() || methods == ["get"], "{context}: {methods:?}");
    assert_eq!(h(res.headers(), "access-control-max-age"), None, "{context}");
}

/// `fairing.rs` `smoke_test`.
#[actix_web::test]
async fn fairing_smoke_test() {
    assert_acme_preflight(&fairing(preflight("/", ACME, "GET")).await, "preflight");
    let res = fairing(get_from("/", ACME)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allow_origin(res.headers()), Some(ACME));
    assert_eq!(res.body(), "Hello CORS");
}

/// `fairing.rs` `cors_options_check`.
#[actix_web::test]
async fn fairing_cors_options_check() {
    assert_acme_preflight(&fairing(preflight("/", ACME, "GET")).await, "preflight");
}

/// `fairing.rs` `cors_get_check`.
#[actix_web::test]
async fn fairing_cors_get_check() {
    let res = fairing(get_from("/", ACME)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allow_origin(res.headers()), Some(ACME));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(res.body(), "Hello CORS");
}

/// `fairing.rs` `cors_get_no_origin`: non-CORS requests (curl) still work.
#[actix_web::test]
async fn fairing_cors_get_no_origin() {
    let res = fairing(TestRequest::get().uri("/").insert_header((header::AUTHORIZATION, "let me in"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "Hello CORS");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `fairing.rs` `cors_options_bad_origin`.
#[actix_web::test]
async fn fairing_cors_options_bad_origin() {
    assert_preflight_refused(&fairing(preflight("/", BAD_ORIGIN, "GET")).await, "bad origin");
}

/// `fairing.rs` `cors_options_missing_origin`: no `Origin`, no preflight; no route serves
/// `OPTIONS /`, so the router answers, as in the peer ("we don't have such a route").
#[actix_web::test]
async fn fairing_cors_options_missing_origin() {
    let res = fairing(options_without_origin("/")).await;
    assert!(
        matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        res.status()
    );
    assert_eq!(allow_origin(res.headers()), None);
}

/// `fairing.rs` `cors_options_bad_request_method`.
#[actix_web::test]
async fn fairing_cors_options_bad_request_method() {
    assert_preflight_refused(&fairing(preflight("/", ACME, "POST")).await, "POST");
}

/// `fairing.rs` `cors_options_bad_request_header`.
#[actix_web::test]
async fn fairing_cors_options_bad_request_header() {
    let req = support::preflight("/", ACME, "GET")
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foobar"));
    assert_preflight_refused(&fairing(req).await, "Foobar");
}

/// `fairing.rs` `cors_get_bad_origin`: `rocket_cors` answers `403`. Here the handler runs and its
/// response carries no CORS header, so the browser hides it (SPEC §4.5).
#[actix_web::test]
async fn fairing_cors_get_bad_origin() {
    let res = fairing(get_from("/", BAD_ORIGIN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "Hello CORS");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `fairing.rs` `routes_failing_checks_are_not_executed`: a refused preflight never reaches the
/// route (SPEC §4.2, "handler not run"); the route panics if it does.
#[actix_web::test]
async fn fairing_routes_failing_checks_are_not_executed() {
    assert_preflight_refused(&fairing(preflight("/panic", BAD_ORIGIN, "GET")).await, "bad origin");
    assert_preflight_refused(&fairing(preflight("/panic", ACME, "PUT")).await, "bad method");
    // Nor does an allowed one (SPEC §4.1).
    assert_acme_preflight(&fairing(preflight("/panic", ACME, "GET")).await, "allowed");
}

// ----- guard.rs -----------------------------------------------------------------------------------

#[cors(policy = ACME_POLICY)]
#[get("/")]
async fn cors_responder() -> impl Responder {
    "Hello CORS"
}

#[cors(policy = ACME_POLICY)]
#[get("/panic")]
async fn guard_panicking_route() -> &'static str {
    panic!("This route will panic");
}

/// `cors_manual`: registered before `cors_manual_options` (README: a `#[cors]` route that serves
/// `OPTIONS` goes after the other `#[cors]` routes of its path).
#[cors(policy = ACME_POLICY)]
#[get("/manual")]
async fn cors_manual() -> impl Responder {
    "Hello CORS"
}

/// `cors_manual_options`: the peer's own `OPTIONS` route, which `rocket_cors` runs on the
/// preflight.
#[cors(policy = ACME_POLICY)]
#[options("/manual")]
async fn cors_manual_options() -> impl Responder {
    "Manual CORS Preflight"
}

#[cors(policy = ACME_POLICY)]
#[get("/responder/string")]
async fn responder_string() -> String {
    "Hello CORS".to_owned()
}

#[cors(policy = ACME_POLICY)]
#[get("/responder/unit")]
async fn responder_unit() -> HttpResponse {
    HttpResponse::Ok().finish()
}

struct SomeState;

/// `state`: a route borrowing managed state (`web::Data` here).
#[cors(policy = ACME_POLICY)]
#[get("/state")]
async fn state(_state: web::Data<SomeState>) -> &'static str {
    "hmm"
}

/// `make_rocket()` of `guard.rs`, with or without `Layer`.
async fn guard_app(req: TestRequest, layer: bool) -> Answer {
    macro_rules! app {
        () => {
            App::new()
                .app_data(web::Data::new(SomeState))
                .service(cors_responder)
                .service(guard_panicking_route)
                .service(responder_string)
                .service(responder_unit)
                .service(state)
                .service(cors_manual)
                .service(cors_manual_options)
        };
    }
    if layer {
        let app = init_service(app!().wrap(Layer)).await;
        Answer::of(app.call(req.to_request()).await).await
    } else {
        let app = init_service(app!()).await;
        Answer::of(app.call(req.to_request()).await).await
    }
}

/// Each request of a `guard.rs` test, without and with `Layer`.
async fn guard(req: impl Fn() -> TestRequest) -> [(Answer, &'static str); 2] {
    [
        (guard_app(req(), false).await, "#[cors] handlers"),
        (guard_app(req(), true).await, "#[cors] handlers, Layer"),
    ]
}

/// `guard.rs` `smoke_test`.
#[actix_web::test]
async fn guard_smoke_test() {
    for (res, mount) in guard(|| preflight("/", ACME, "GET")).await {
        assert_acme_preflight(&res, mount);
    }
    for (res, mount) in guard(|| get_from("/", ACME)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ACME), "{mount}");
        assert_eq!(res.body(), "Hello CORS", "{mount}");
    }
}

/// `guard.rs` `cors_options_catch_all_check`.
#[actix_web::test]
async fn guard_cors_options_catch_all_check() {
    for (res, mount) in guard(|| preflight("/", ACME, "GET")).await {
        assert_acme_preflight(&res, mount);
    }
}

/// `guard.rs` `cors_options_catch_all_check_other_routes`: the peer asks for
/// `/response/unit`, a path no route has, which its catch-all `OPTIONS` route answers anyway.
/// Here a preflight for a path no `#[cors]` route serves gets the router's 404 (SPEC §4.2); the
/// route meant, `/responder/unit`, answers.
#[actix_web::test]
async fn guard_cors_options_catch_all_check_other_routes() {
    for (res, mount) in guard(|| preflight("/response/unit", ACME, "GET")).await {
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    for path in ["/responder/unit", "/responder/string", "/state", "/panic"] {
        for (res, mount) in guard(|| preflight(path, ACME, "GET")).await {
            assert_acme_preflight(&res, &format!("{mount} {path}"));
        }
    }
}

/// `guard.rs` `cors_get_check`, and the other responders of the file.
#[actix_web::test]
async fn guard_cors_get_check() {
    for (path, body) in
        [("/", "Hello CORS"), ("/responder/string", "Hello CORS"), ("/responder/unit", ""), ("/state", "hmm")]
    {
        for (res, mount) in guard(|| get_from(path, ACME)).await {
            assert_eq!(res.status(), StatusCode::OK, "{mount} {path}");
            assert_eq!(allow_origin(res.headers()), Some(ACME), "{mount} {path}");
            assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount} {path}");
            assert_eq!(res.body(), body, "{mount} {path}");
        }
    }
}

/// `guard.rs` `cors_get_no_origin`.
#[actix_web::test]
async fn guard_cors_get_no_origin() {
    let req = || TestRequest::get().uri("/").insert_header((header::AUTHORIZATION, "let me in"));
    for (res, mount) in guard(req).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
        assert_eq!(res.body(), "Hello CORS", "{mount}");
    }
}

/// `guard.rs` `cors_options_bad_origin`.
#[actix_web::test]
async fn guard_cors_options_bad_origin() {
    for (res, mount) in guard(|| preflight("/", BAD_ORIGIN, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
}

/// `guard.rs` `cors_options_missing_origin`: the peer's catch-all `OPTIONS` route answers `200`
/// without CORS headers. Without `Origin` this is no preflight (SPEC §4.9): routed, and no
/// route serves `OPTIONS /`.
#[actix_web::test]
async fn guard_cors_options_missing_origin() {
    for (res, mount) in guard(|| options_without_origin("/")).await {
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount}: {}",
            res.status()
        );
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
    // `/manual` serves `OPTIONS` itself: its handler answers.
    for (res, mount) in guard(|| options_without_origin("/manual")).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(res.body(), "Manual CORS Preflight", "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
}

/// `guard.rs` `cors_options_bad_request_method`: `POST`, which no `#[cors]` route on `/` serves:
/// the router's answer, without CORS headers (SPEC §4.2).
#[actix_web::test]
async fn guard_cors_options_bad_request_method() {
    for (res, mount) in guard(|| preflight("/", ACME, "POST")).await {
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `guard.rs` `cors_options_bad_request_header`.
#[actix_web::test]
async fn guard_cors_options_bad_request_header() {
    let req = || {
        support::preflight("/", ACME, "GET").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foobar"))
    };
    for (res, mount) in guard(req).await {
        assert_preflight_refused(&res, mount);
    }
}

/// `guard.rs` `cors_get_bad_origin`: the handler runs, no CORS header (SPEC §4.5).
#[actix_web::test]
async fn guard_cors_get_bad_origin() {
    for (res, mount) in guard(|| get_from("/", BAD_ORIGIN)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `guard.rs` `routes_failing_checks_are_not_executed`: the peer sends an actual `GET /` from a
/// bad origin, which here runs the route (SPEC §4.5); what must never run a route is a
/// preflight, refused or not (SPEC §4.1, §4.2). `/panic` panics if it runs.
#[actix_web::test]
async fn guard_routes_failing_checks_are_not_executed() {
    for (res, mount) in guard(|| preflight("/panic", BAD_ORIGIN, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
    for (res, mount) in guard(|| preflight("/panic", ACME, "GET")).await {
        assert_acme_preflight(&res, mount);
    }
}

/// `guard.rs` `overridden_options_routes_are_used`: `rocket_cors` runs the route's own `OPTIONS`
/// handler for the preflight (body "Manual CORS Preflight"). Here a route that serves `OPTIONS`
/// never runs its handler on a preflight (README "What `#[cors]` keeps and adds"): the policy
/// answers, `204` without a body.
#[actix_web::test]
async fn guard_overridden_options_routes_are_used() {
    for (res, mount) in guard(|| preflight("/manual", ACME, "GET")).await {
        assert_acme_preflight(&res, mount);
    }
    // A preflight for `OPTIONS` itself, which the `OPTIONS` route serves but its policy does not
    // list: refused (README).
    for (res, mount) in guard(|| preflight("/manual", ACME, "OPTIONS")).await {
        assert_preflight_refused(&res, mount);
    }
}

// ----- manual.rs ----------------------------------------------------------------------------------

/// `cors` (borrowed, `make_cors_options()`).
#[cors(policy = ACME_POLICY)]
#[get("/")]
async fn borrowed() -> impl Responder {
    "Hello CORS"
}

#[cors(policy = ACME_POLICY)]
#[get("/panic")]
async fn borrowed_panicking() -> &'static str {
    panic!("This route will panic");
}

/// `owned` (`make_different_cors_options()`, built per request in the peer).
#[cors(policy = EXAMPLE_POLICY)]
#[get("/owned")]
async fn owned() -> impl Responder {
    "Hello CORS Owned"
}

/// `owned_options`.
#[cors(policy = EXAMPLE_POLICY)]
#[options("/owned")]
async fn owned_options() -> impl Responder {
    "Manual CORS Preflight"
}

async fn manual(req: impl Fn() -> TestRequest) -> [(Answer, &'static str); 2] {
    macro_rules! app {
        () => {
            App::new().service(borrowed).service(borrowed_panicking).service(owned).service(owned_options)
        };
    }
    let plain = {
        let app = init_service(app!()).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    let layered = {
        let app = init_service(app!().wrap(Layer)).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    [(plain, "#[cors] handlers"), (layered, "#[cors] handlers, Layer")]
}

/// `manual.rs` `smoke_test`, `cors_options_borrowed_check`, `cors_get_borrowed_check`.
#[actix_web::test]
async fn manual_borrowed_checks() {
    for (res, mount) in manual(|| preflight("/", ACME, "GET")).await {
        assert_acme_preflight(&res, mount);
    }
    for (res, mount) in manual(|| get_from("/", ACME)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ACME), "{mount}");
        assert_eq!(res.body(), "Hello CORS", "{mount}");
    }
}

/// `manual.rs` `cors_get_no_origin`.
#[actix_web::test]
async fn manual_cors_get_no_origin() {
    for (res, mount) in
        manual(|| TestRequest::get().uri("/").insert_header((header::AUTHORIZATION, "x"))).await
    {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(res.body(), "Hello CORS", "{mount}");
    }
}

/// `manual.rs` `cors_options_bad_origin`, `cors_options_bad_request_header`,
/// `routes_failing_checks_are_not_executed`.
#[actix_web::test]
async fn manual_refused_preflights() {
    for (res, mount) in manual(|| preflight("/", BAD_ORIGIN, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
    let req = || {
        support::preflight("/", ACME, "GET").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foobar"))
    };
    for (res, mount) in manual(req).await {
        assert_preflight_refused(&res, mount);
    }
    for (res, mount) in manual(|| preflight("/panic", BAD_ORIGIN, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
}

/// `manual.rs` `cors_options_missing_origin`: the peer's catch-all answers `200`; here no
/// preflight (SPEC §4.9), and no route serves `OPTIONS /`.
#[actix_web::test]
async fn manual_cors_options_missing_origin() {
    for (res, mount) in manual(|| options_without_origin("/")).await {
        assert!(matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED), "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
}

/// `manual.rs` `cors_options_bad_request_method`: `POST`, served by no route on `/`.
#[actix_web::test]
async fn manual_cors_options_bad_request_method() {
    for (res, mount) in manual(|| preflight("/", ACME, "POST")).await {
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `manual.rs` `cors_get_bad_origin` (SPEC §4.5).
#[actix_web::test]
async fn manual_cors_get_bad_origin() {
    for (res, mount) in manual(|| get_from("/", BAD_ORIGIN)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `manual.rs` `cors_options_owned_check`: the route's own policy (another origin) answers its
/// preflight; `204` without the `OPTIONS` handler's body (README).
#[actix_web::test]
async fn manual_cors_options_owned_check() {
    for (res, mount) in manual(|| preflight("/owned", EXAMPLE, "GET")).await {
        assert_preflight_answered(&res, mount);
        assert_eq!(allow_origin(res.headers()), Some(EXAMPLE), "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
    }
    // The app-wide origin is not this route's.
    for (res, mount) in manual(|| preflight("/owned", ACME, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
}

/// `manual.rs` `cors_get_owned_check`.
#[actix_web::test]
async fn manual_cors_get_owned_check() {
    for (res, mount) in manual(|| get_from("/owned", EXAMPLE)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(EXAMPLE), "{mount}");
        assert_eq!(res.body(), "Hello CORS Owned", "{mount}");
    }
}

// ----- mix.rs -------------------------------------------------------------------------------------

/// `app`: the application-wide policy.
#[cors(policy = ACME_POLICY)]
#[get("/")]
async fn mix_app() -> impl Responder {
    "Hello CORS!"
}

/// `ping`: any origin.
#[cors(policy = ALL_POLICY)]
#[get("/ping")]
async fn ping() -> impl Responder {
    "Pong!"
}

/// `ping_options`.
#[cors(policy = ALL_POLICY)]
#[options("/ping")]
async fn ping_options() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// `rocket()` of `mix.rs`, restated three ways: `#[cors]` on both routes; the app-wide policy
/// as `Cors::new` on the `App` with `ping`'s own `#[cors]` inside it (the handler wins, SPEC
/// §2); and that behind `Layer`.
async fn mix(req: impl Fn() -> TestRequest) -> [(Answer, &'static str); 3] {
    let handlers = {
        let app = init_service(App::new().service(mix_app).service(ping).service(ping_options)).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    let wrapped = {
        let app = init_service(
            App::new()
                .wrap(Cors::new(&ACME_POLICY))
                .route("/", web::get().to(|| async { "Hello CORS!" }))
                .service(ping)
                .service(ping_options),
        )
        .await;
        Answer::of(app.call(req().to_request()).await).await
    };
    let layered = {
        let app = init_service(
            App::new()
                .service(
                    Cors::new(&ACME_POLICY)
                        .scope("")
                        .route("/", web::get().to(|| async { "Hello CORS!" }))
                        .service(ping)
                        .service(ping_options),
                )
                .wrap(Layer),
        )
        .await;
        Answer::of(app.call(req().to_request()).await).await
    };
    [(handlers, "#[cors] on both"), (wrapped, "Cors::new on the App"), (layered, "Cors::scope, Layer")]
}

/// `mix.rs` `smoke_test`, `cors_options_check`, `cors_get_check`.
#[actix_web::test]
async fn mix_app_route() {
    for (res, mount) in mix(|| preflight("/", ACME, "GET")).await {
        assert_acme_preflight(&res, mount);
    }
    for (res, mount) in mix(|| get_from("/", ACME)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ACME), "{mount}");
        assert_eq!(res.body(), "Hello CORS!", "{mount}");
    }
    for (res, mount) in mix(|| TestRequest::get().uri("/")).await {
        assert_eq!(res.body(), "Hello CORS!", "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `mix.rs` `cors_options_bad_origin`, `cors_options_bad_request_method`,
/// `cors_options_bad_request_header`, `cors_get_bad_origin`.
#[actix_web::test]
async fn mix_app_route_refusals() {
    for (res, mount) in mix(|| preflight("/", BAD_ORIGIN, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
    // `POST`: no route on `/` serves it; the router answers (SPEC §4.2), or, under a `Cors`
    // middleware, its policy, which does not list it.
    let [(handlers, m0), (wrapped, m1), (layered, m2)] = mix(|| preflight("/", ACME, "POST")).await;
    {
        let (res, mount) = (&handlers, m0);
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    assert_preflight_refused(&wrapped, m1);
    assert_preflight_refused(&layered, m2);
    let req = || {
        support::preflight("/", ACME, "GET").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foobar"))
    };
    for (res, mount) in mix(req).await {
        assert_preflight_refused(&res, mount);
    }
    for (res, mount) in mix(|| get_from("/", BAD_ORIGIN)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}: SPEC §4.5, the peer answers 403");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `mix.rs` `cors_options_missing_origin`: the peer's catch-all answers; here no preflight
/// (SPEC §4.9), routed.
#[actix_web::test]
async fn mix_cors_options_missing_origin() {
    for (res, mount) in mix(|| options_without_origin("/")).await {
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
        assert_ne!(res.status(), StatusCode::NO_CONTENT, "{mount}");
    }
}

/// `mix.rs` `cors_options_ping_check`: `ping` accepts other origins. `rocket_cors` reflects the
/// origin (no `send_wildcard`); `origins = "*"` answers `*`.
#[actix_web::test]
async fn mix_cors_options_ping_check() {
    let req = || support::preflight("/ping", EXAMPLE, "GET");
    for (res, mount) in mix(req).await {
        assert_preflight_answered(&res, mount);
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount}");
    }
    // `cors_options_all()` allows every header: `*` covers all but `authorization` (SPEC §4.7),
    // which this preflight asks for; the peer reflects it.
    for (res, mount) in mix(|| preflight("/ping", EXAMPLE, "GET")).await {
        assert_preflight_refused(&res, mount);
    }
    let req = || {
        support::preflight("/ping", EXAMPLE, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-ping"))
    };
    for (res, mount) in mix(req).await {
        assert_preflight_answered(&res, mount);
        assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"), "{mount}");
    }
}

/// `mix.rs` `cors_get_ping_check`.
#[actix_web::test]
async fn mix_cors_get_ping_check() {
    for (res, mount) in mix(|| get_from("/ping", EXAMPLE)).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(res.body(), "Pong!", "{mount}");
        // One `Access-Control-*` set, the handler's: the App's policy adds nothing (SPEC §2).
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount}");
    }
}

// ----- src/lib.rs unit tests ----------------------------------------------------------------------

/// `cors_is_validated`, `cors_validates_illegal_allow_credentials` (`AllOrSome::All` with
/// credentials and `send_wildcard`).
#[test]
fn lib_cors_is_validated() {
    let _ = built(
        Policy::builder()
            .origin(ACME)
            .methods(["GET"])
            .allow_headers(["Authorization", "Accept"])
            .credentials(true)
            .expose_headers(["Content-Type", "X-Custom"]),
    );
    let invalid = Policy::builder()
        .origin("*")
        .methods(["GET"])
        .allow_headers(["Authorization", "Accept"])
        .credentials(true);
    assert_eq!(refused_rules(invalid), [Rule::WildcardWithCredentials]);
}

/// `preflight_validation_allows_all_origin` / `preflight_all_origins_with_vary`: `rocket_cors`'s
/// `AllOrSome::All` without `send_wildcard` reflects any origin, with credentials too. That is
/// any site reading the user's data: it does not build (rule 1).
#[test]
fn lib_all_origins_with_credentials_does_not_build() {
    let peer =
        Policy::builder().origin("*").methods(["GET"]).allow_headers(["Authorization"]).credentials(true);
    assert_eq!(refused_rules(peer), [Rule::WildcardWithCredentials]);
}

/// `allowed_origins_are_parsed_correctly`, `validate_origin_validates_regex`,
/// `validate_origin_validates_mixed_settings`: `^https://www.example-[A-z0-9]+.com$` and
/// `^https://(.+).acme.com$`.
#[test]
fn lib_regex_origins() {
    // Unescaped `.` in the host (rule 7); `[A-z]` also spans `[\]^_` and uppercase.
    assert_eq!(
        refused_rules(Policy::builder().origin_regex("^https://www.example-[A-z0-9]+.com$")),
        [Rule::UnsafeRegex]
    );
    assert_eq!(refused_rules(Policy::builder().origin_regex("^https://(.+).acme.com$")), [Rule::UnsafeRegex]);
    // `example-<anything>.com` is a registrable domain per match, anyone's: refused escaped too.
    assert_eq!(
        refused_rules(Policy::builder().origin_regex(r"^https://www\.example-[a-z0-9]+\.com$")),
        [Rule::UnsafeRegex]
    );
    // What the second meant builds, anchored whole.
    let policy = built(Policy::builder().origin(ACME).origin_regex(r"^https://(.+)\.acme\.com$"));
    for (origin, allowed) in [
        ("https://subdomain.acme.com", true),
        (ACME, true),
        ("https://acme.com", false),
        ("https://subdomain.acme.com.evil.test", false),
        ("https://evilacme.com", false),
        ("https://subdomainxacme.com", false),
    ] {
        assert_eq!(policy.allows_origin(origin), allowed, "{origin}");
    }
}

/// `allowed_origins_errors_on_opaque_exact`: `rocket_cors` refuses `chrome-extension://something`
/// and `moz-extension://something` as opaque. Browsers send an extension's page origin as
/// written (README rule 3: they build, each matching only itself).
#[test]
fn lib_extension_origins() {
    let policy = built(Policy::builder().origins([
        "chrome-extension://something",
        "moz-extension://something",
        "https://valid.com",
    ]));
    assert!(policy.allows_origin("chrome-extension://something"));
    assert!(policy.allows_origin("moz-extension://something"));
    assert!(!policy.allows_origin("chrome-extension://something-else"));
    // `validate_origin_validates_opaque_origins`: `moz-extension://.*` as a regex, any
    // extension: refused (rule 7, the host is not fixed).
    assert_eq!(refused_rules(Policy::builder().origin_regex("moz-extension://.*")), [Rule::UnsafeRegex]);
    // The peer's origin there, `moz-extension://8c7c4444-e29f-…cb8-1ade813dbd12/js/content.js:505`,
    // has a path and a non-ASCII character: no browser sends it as an `Origin`.
    let policy = built(Policy::builder().origin("moz-extension://8c7c4444-e29f-4cb8-1ade813dbd12"));
    assert!(!policy.allows_origin("moz-extension://8c7c4444-e29f-…cb8-1ade813dbd12/js/content.js:505"));
}

/// `validate_origin_handles_punycode_properly`: `rocket_cors` compares `https://аpple.com`
/// (Cyrillic `а`) and `https://xn--pple-43d.com` as one origin. Browsers send the punycode form;
/// the Unicode one does not build (README rule 3), and is not an `Origin` a browser sends.
#[actix_web::test]
async fn lib_punycode() {
    assert_eq!(refused_rules(Policy::builder().origin("https://аpple.com")), [Rule::MalformedOrigin]);
    let policy = built(Policy::builder().origin("https://xn--pple-43d.com"));
    assert!(policy.allows_origin("https://xn--pple-43d.com"));
    assert!(!policy.allows_origin("https://аpple.com"));
    assert!(!policy.allows_origin("https://apple.com"));
    // Through a request: a non-ASCII `Origin` is simply not allowed (SPEC §4.8).
    let app = init_service(App::new().wrap(Cors::new(policy)).route("/", web::get().to(hello))).await;
    let res = Answer::of(
        app.call(
            TestRequest::get().uri("/").insert_header((header::ORIGIN, "https://аpple.com")).to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `validate_origin_allows_all_origins`, `validate_origin_allows_origin`,
/// `validate_origin_rejects_invalid_origin`.
#[test]
fn lib_validate_origin() {
    assert!(built(Policy::builder().origin("*")).allows_origin(EXAMPLE));
    let exact = built(Policy::builder().origin(EXAMPLE));
    assert!(exact.allows_origin(EXAMPLE));
    assert!(!exact.allows_origin(ACME));
}

/// `allowed_methods_validated_correctly`, `allowed_methods_errors_on_disallowed_method`.
#[test]
fn lib_allowed_methods() {
    let policy = built(Policy::builder().origin(ACME).methods(["GET", "HEAD", "POST"]));
    assert!(policy.allows_method(b"GET"));
    assert!(!policy.allows_method(b"DELETE"));
}

/// `all_allowed_headers_are_validated_correctly`, `allowed_headers_are_validated_correctly`,
/// `allowed_headers_errors_on_non_subset`.
#[test]
fn lib_allowed_headers() {
    let any = built(Policy::builder().origin(ACME).allow_headers(["*"]));
    assert!(any.allows_header(b"Bar") && any.allows_header(b"Foo"));
    let some = built(Policy::builder().origin(ACME).allow_headers(["Bar", "Baz", "Foo"]));
    assert!(some.allows_header(b"Bar") && some.allows_header(b"Foo"));
    assert!(!some.allows_header(b"Unknown"));
    let request = CorsRequest {
        method: b"OPTIONS",
        origin: HeaderInput::One(ACME.as_bytes()),
        request_method: HeaderInput::One(b"GET"),
        request_headers: &[b"Bar,Foo,Unknown"],
        request_private_network: HeaderInput::Absent,
    };
    assert_eq!(some.decide(&request), Decision::PreflightRefused(Refusal::Header(b"Unknown")));
}

/// `preflight_validated_correctly`, `preflight_validation_errors_on_*`,
/// `actual_request_validated_correctly`, `actual_request_validation_errors_on_incorrect_origin`,
/// `non_cors_request_return_empty_response`: the decision, without a server.
#[test]
fn lib_validate() {
    let policy = &ACME_POLICY;
    let preflight =
        |origin: &'static str, method: &'static [u8], headers: &'static [&'static [u8]]| CorsRequest {
            method: b"OPTIONS",
            origin: HeaderInput::One(origin.as_bytes()),
            request_method: HeaderInput::One(method),
            request_headers: headers,
            request_private_network: HeaderInput::Absent,
        };
    assert!(matches!(
        policy.decide(&preflight(ACME, b"GET", &[b"Authorization"])),
        Decision::PreflightAllowed { .. }
    ));
    assert!(matches!(
        policy.decide(&preflight(EXAMPLE, b"GET", &[b"Authorization"])),
        Decision::PreflightRefused(Refusal::Origin(_))
    ));
    assert!(matches!(
        policy.decide(&preflight(ACME, b"POST", &[b"Authorization"])),
        Decision::PreflightRefused(Refusal::Method(_))
    ));
    assert_eq!(
        policy.decide(&preflight(ACME, b"GET", &[b"Authorization, X-NOT-ALLOWED"])),
        Decision::PreflightRefused(Refusal::Header(b"X-NOT-ALLOWED"))
    );
    // `preflight_validation_errors_on_missing_request_method`: without it, no preflight.
    let no_method =
        CorsRequest { request_method: HeaderInput::Absent, ..preflight(ACME, b"GET", &[b"Authorization"]) };
    assert_eq!(policy.decide(&no_method), Decision::ActualAllowed);
    assert_eq!(policy.decide_actual(HeaderInput::One(ACME.as_bytes())), Decision::ActualAllowed);
    assert_eq!(policy.decide_actual(HeaderInput::One(EXAMPLE.as_bytes())), Decision::ActualNotAllowed);
    assert_eq!(policy.decide_actual(HeaderInput::Absent), Decision::NotCors);
}

/// `response_build_removes_existing_cors_headers_and_keeps_others`: a response of the route's
/// with `Access-Control-Max-Age: 42` and `X-Teapot-Make: Rocket`, status 418: the CORS header
/// the policy does not send on it is removed (SPEC §4.10), the rest kept.
#[actix_web::test]
async fn lib_removes_existing_cors_headers_and_keeps_others() {
    async fn teapot() -> HttpResponse {
        HttpResponse::build(StatusCode::IM_A_TEAPOT)
            .insert_header(("x-teapot-make", "Rocket"))
            .insert_header(("access-control-max-age", "42"))
            .insert_header(("access-control-allow-origin", "*"))
            .body("Brewing the best coffee!")
    }
    #[cors(policy = ACME_POLICY)]
    #[get("/teapot")]
    async fn teapot_route() -> HttpResponse {
        teapot().await
    }
    let req = || get_from("/teapot", ACME);
    let answers = [
        {
            let app = init_service(App::new().service(teapot_route)).await;
            (Answer::of(app.call(req().to_request()).await).await, "#[cors] handler")
        },
        {
            let app = init_service(
                App::new().wrap(Cors::new(&ACME_POLICY)).route("/teapot", web::get().to(teapot)),
            )
            .await;
            (Answer::of(app.call(req().to_request()).await).await, "Cors::new on the App")
        },
        {
            let app = init_service(App::new().service(teapot_route).wrap(Layer)).await;
            (Answer::of(app.call(req().to_request()).await).await, "Layer")
        },
    ];
    for (res, mount) in answers {
        assert_eq!(res.status(), StatusCode::IM_A_TEAPOT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ACME), "{mount}");
        assert_eq!(h(res.headers(), "x-teapot-make"), Some("Rocket"), "{mount}");
        assert_eq!(h(res.headers(), "access-control-max-age"), None, "{mount}");
        assert_eq!(res.body(), "Brewing the best coffee!", "{mount}");
    }
    // From an origin not allowed, none of them is left (SPEC §4.10).
    let app = init_service(App::new().service(teapot_route)).await;
    let res = Answer::of(app.call(get_from("/teapot", BAD_ORIGIN).to_request()).await).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(h(res.headers(), "x-teapot-make"), Some("Rocket"));
}

/// `response_sets_exposed_headers_correctly`, `actual_request_validated_and_built_correctly`:
/// expose headers on the actual response, none of the preflight's headers.
#[actix_web::test]
async fn lib_actual_request_built_correctly() {
    static EXPOSING: Policy = policy!(
        origins = ["https://www.acme.com"],
        methods = ["GET"],
        allow_headers = ["authorization", "accept"],
        expose_headers = ["content-type", "x-custom"],
        credentials,
        max_age = 42,
    );
    let app = init_service(App::new().wrap(Cors::new(&EXPOSING)).route("/", web::get().to(hello))).await;
    let res = Answer::of(app.call(get_from("/", ACME).to_request()).await).await;
    assert_eq!(allow_origin(res.headers()), Some(ACME));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(sorted(list(res.headers(), "access-control-expose-headers")), ["content-type", "x-custom"]);
    for name in ["access-control-max-age", "access-control-allow-methods", "access-control-allow-headers"] {
        assert_eq!(h(res.headers(), name), None, "{name}");
    }
    // `response_sets_max_age_correctly`: on the preflight.
    let res = Answer::of(app.call(preflight("/", ACME, "GET").to_request()).await).await;
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("42"));
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
}

// ----- fairing.rs and mix.rs together: two policies in one app ------------------------------------

/// `routes_failing_checks_are_not_executed` in the shape of `mix.rs`: the application-wide
/// policy on one part of the app and `cors_options_all()` on another. The routes answer every
/// method (`web::resource(..).to(..)`); `/app/panic` panics if it runs. Written as two plain
/// `Cors::new`, each would let routing run before answering a preflight (README, "A policy over
/// a scope": actix-web does not tell one what it wraps, and it warns so); written as the README
/// advises, as `Cors::scope`s, the route never runs on a preflight, with or without `Layer`.
#[actix_web::test]
async fn two_policies_as_cors_scopes_routes_failing_checks_are_not_executed() {
    macro_rules! app {
        () => {
            App::new()
                .service(
                    Cors::new(&ACME_POLICY)
                        .scope("/app")
                        .service(web::resource("/panic").to(panicking_route)),
                )
                .service(Cors::new(&ALL_POLICY).scope("/ping").service(web::resource("").to(hello)))
        };
    }
    let plain = init_service(app!()).await;
    let layered = init_service(app!().wrap(Layer)).await;
    for (app_answer, mount) in [
        (
            Answer::of(plain.call(preflight("/app/panic", BAD_ORIGIN, "GET").to_request()).await).await,
            "plain",
        ),
        (
            Answer::of(layered.call(preflight("/app/panic", BAD_ORIGIN, "GET").to_request()).await).await,
            "Layer",
        ),
    ] {
        assert_preflight_refused(&app_answer, mount);
    }
    for (app_answer, mount) in [
        (Answer::of(plain.call(preflight("/app/panic", ACME, "GET").to_request()).await).await, "plain"),
        (Answer::of(layered.call(preflight("/app/panic", ACME, "GET").to_request()).await).await, "Layer"),
    ] {
        assert_acme_preflight(&app_answer, mount);
    }
    let res = Answer::of(plain.call(support::preflight("/ping", EXAMPLE, "GET").to_request()).await).await;
    assert_preflight_answered(&res, "ping");
    assert_eq!(allow_origin(res.headers()), Some("*"));
}

/// `guard.rs`'s routes mounted with the manual `OPTIONS` route first (`cors_manual_options` before
/// `cors_manual` in `routes![..]`, which `rocket_cors` does not mind). README ("What `#[cors]` keeps and adds"): a
/// `#[cors]` route that serves `OPTIONS` takes every `OPTIONS` request the router gives it
/// first, so the `GET` route's preflight gets its `405`, granting nothing; register it after
/// the other `#[cors]` routes of its path. With `Layer`, which answers preflights before
/// routing, the order does not matter.
#[actix_web::test]
async fn guard_manual_options_route_registered_first() {
    let plain = init_service(App::new().service(cors_manual_options).service(cors_manual)).await;
    let res = Answer::of(plain.call(preflight("/manual", ACME, "GET").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let layered =
        init_service(App::new().service(cors_manual_options).service(cors_manual).wrap(Layer)).await;
    let res = Answer::of(layered.call(preflight("/manual", ACME, "GET").to_request()).await).await;
    assert_acme_preflight(&res, "Layer");
    let res = Answer::of(layered.call(preflight("/manual", BAD_ORIGIN, "GET").to_request()).await).await;
    assert_preflight_refused(&res, "Layer, bad origin");
    // `OPTIONS` without `Access-Control-Request-Method` still reaches the handler, either way.
    let req = || {
        TestRequest::default().method(Method::OPTIONS).uri("/manual").insert_header((header::ORIGIN, ACME))
    };
    for res in [
        Answer::of(plain.call(req().to_request()).await).await,
        Answer::of(layered.call(req().to_request()).await).await,
    ] {
        assert_eq!(res.body(), "Manual CORS Preflight");
        assert_eq!(allow_origin(res.headers()), Some(ACME));
    }
}
