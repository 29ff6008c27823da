//! Each concrete behavioural claim of README.md, tried: one small test per claim (or per row of
//! a table), named after what the README says. A failure here means the README does not hold.

// Debug mode is process-wide: its test holds a lock for writing, and every other test one for
// reading, across its awaits. Each test runs on a runtime of its own, on one thread.
#![allow(clippy::await_holding_lock)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{DefaultHeaders, NormalizePath, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{
    App, HttpRequest, HttpResponse, Responder, error, get, guard, head, options, post, put, route, web,
};
use strict_cors::{Cors, Layer, LivePolicy, Mount, Policy, PolicyBuilder, Rule, cors, policy};
use support::{Answer, cors_headers, get as hv, preflight, require_token, vary};

mod support;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";
const RAN: &str = "x-handler";

// ---------------------------------------------------------------------------------------------
// Plumbing: debug mode is process-wide, so its test takes the lock for writing; every other
// request test holds it for reading. Logs are captured at every level, target `cors`.

static DEBUG: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    DEBUG.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Capture(Mutex<Vec<(log::Level, String)>>);

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "cors"
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0.lock().unwrap().push((record.level(), record.args().to_string()));
        }
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

fn capture() {
    if log::set_logger(&LOGS).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
}

fn logged(level: log::Level, line: &str) -> bool {
    LOGS.0.lock().unwrap().iter().any(|(l, m)| *l == level && m == line)
}

/// One request through an initialised app, read as the client gets it.
macro_rules! send {
    ($app:expr, $request:expr) => {
        Answer::of($app.call($request.to_request()).await).await
    };
}

fn acrh(request: TestRequest, value: &str) -> TestRequest {
    request.insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, value.to_owned()))
}

fn with_origin(request: TestRequest, origin: &str) -> TestRequest {
    request.insert_header((header::ORIGIN, origin.to_owned()))
}

fn acao(a: &Answer) -> Option<&str> {
    hv(a.headers(), "access-control-allow-origin")
}

// ---------------------------------------------------------------------------------------------
// Handlers

#[cors(origins = ["https://app.example.com"], credentials, max_age = 86400)]
#[post("/orders")]
async fn create_order() -> impl Responder {
    HttpResponse::Created().insert_header((RAN, "create_order")).finish()
}

#[cors(origins = ["https://app.example.com"], methods = "*")]
#[put("/anymethod")]
async fn any_method() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], methods = [])]
#[get("/simple")]
async fn simple_only() -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "simple")).finish()
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["*", "authorization"])]
#[put("/star-auth")]
async fn star_auth() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], allow_headers = "*")]
#[put("/star")]
async fn star_only() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["*"], expose_headers = ["x-total-count"])]
#[get("/any")]
async fn any_origin() -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "any")).finish()
}

#[cors(origins = ["https://*.example.com", "http://localhost:*", "https://*.example.org:*"])]
#[get("/patterns")]
async fn patterns() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = [regex("https://pr-[0-9]+\\.preview\\.example\\.com")])]
#[get("/regex")]
async fn regexed() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = [regex("https://[a-z]+\\.long\\.example\\.com")])]
#[get("/long")]
async fn long_origin() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], max_age = 0)]
#[options("/ping")]
async fn ping_route(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "ping")).body(req.method().to_string())
}

#[cors(origins = ["https://app.example.com"])]
#[head("/head")]
async fn head_only() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[actix_web::get("/qualified")]
async fn qualified(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().body(req.match_name().unwrap_or("<none>").to_owned())
}

#[cors(origins = ["https://app.example.com"], methods = ["PUT"], private_network)]
#[route("/items", method = "PUT", method = "PURGE", method = "OPTIONS")]
async fn items_route(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "items")).body(req.method().to_string())
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-token"], credentials, expose_headers = ["x-total-count"])]
#[put("/account", name = "acct", wrap = "actix_web::middleware::from_fn(require_token)")]
async fn account(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "account")).body(req.match_name().unwrap_or("<none>").to_owned())
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/json")]
async fn json_route(body: web::Json<Vec<u32>>) -> impl Responder {
    HttpResponse::Ok().body(body.len().to_string())
}

#[cors(origins = ["https://app.example.com"])]
#[get("/err")]
async fn fails() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorConflict("nope"))
}

#[cors(origins = ["https://app.example.com"])]
#[get("/vary/plain")]
async fn vary_plain() -> impl Responder {
    HttpResponse::Ok().insert_header((header::VARY, "Accept-Encoding")).finish()
}

#[cors(origins = ["https://app.example.com"])]
#[get("/vary/named")]
async fn vary_named() -> impl Responder {
    HttpResponse::Ok().insert_header((header::VARY, "accept, ORIGIN")).finish()
}

#[cors(origins = ["https://app.example.com"])]
#[get("/vary/star")]
async fn vary_star() -> impl Responder {
    HttpResponse::Ok().insert_header((header::VARY, "*")).finish()
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/multi")]
async fn multi_get() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = "*")]
#[put("/multi")]
async fn multi_put() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type", "x-trace"])]
#[put("/headers")]
async fn headers_route() -> impl Responder {
    HttpResponse::Ok()
}

/// Writes its own CORS headers: the policy must replace them.
#[cors(origins = ["https://app.example.com"])]
#[get("/own-headers")]
async fn own_headers() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("access-control-allow-origin", "*"))
        .insert_header(("access-control-allow-credentials", "true"))
        .insert_header(("access-control-expose-headers", "x-secret"))
        .insert_header(("access-control-max-age", "9999"))
        .finish()
}

fn is_host_a(ctx: &guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get("host").is_some_and(|h| h == "a.test")
}
fn is_host_b(ctx: &guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get("host").is_some_and(|h| h == "b.test")
}

#[cors(origins = ["https://a.example.com"])]
#[put("/hosted", guard = "is_host_a")]
async fn hosted_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://b.example.com"])]
#[put("/hosted", guard = "is_host_b")]
async fn hosted_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(create_order)
        .service(any_method)
        .service(simple_only)
        .service(star_auth)
        .service(star_only)
        .service(any_origin)
        .service(patterns)
        .service(regexed)
        .service(long_origin)
        .service(ping_route)
        .service(head_only)
        .service(qualified)
        .service(items_route)
        .service(web::scope("/api").service(account))
        .service(json_route)
        .service(fails)
        .service(vary_plain)
        .service(vary_named)
        .service(vary_star)
        .service(multi_get)
        .service(multi_put)
        .service(headers_route)
        .service(own_headers)
        .service(hosted_a)
        .service(hosted_b)
}

async fn call(request: TestRequest) -> Answer {
    let app = init_service(app()).await;
    send!(app, request)
}

// ---------------------------------------------------------------------------------------------
// Quick start and the first example

/// "registers POST /orders *and* its preflight"; `max_age = 86400` on preflights.
#[actix_web::test]
async fn quick_start_registers_the_route_and_its_preflight() {
    let _g = shared();
    let pre = call(preflight("/orders", APP, "POST")).await;
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some(APP));
    assert_eq!(hv(pre.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(hv(pre.headers(), "access-control-max-age"), Some("86400"));
    assert_eq!(hv(pre.headers(), RAN), None);
    let post = call(with_origin(TestRequest::post().uri("/orders"), APP)).await;
    assert_eq!(post.status(), StatusCode::CREATED);
    assert_eq!(acao(&post), Some(APP));
}

/// "in an `App` or a `web::scope`": the same service answers its preflights in a scope.
#[actix_web::test]
async fn quick_start_works_inside_a_scope() {
    let _g = shared();
    let app = init_service(App::new().service(web::scope("/v1").service(create_order))).await;
    let pre = send!(app, preflight("/v1/orders", APP, "POST"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some(APP));
}

/// The routing attributes listed: `#[options]`, `#[head]`, `#[actix_web::get]`, `#[route]`.
#[actix_web::test]
async fn quick_start_every_listed_routing_attribute_answers_preflights() {
    let _g = shared();
    for (path, method) in [("/ping", "OPTIONS"), ("/head", "HEAD"), ("/qualified", "GET"), ("/items", "PUT")]
    {
        let pre = call(preflight(path, APP, method)).await;
        assert_eq!(pre.status(), StatusCode::NO_CONTENT, "{path} {method}");
        assert_eq!(acao(&pre), Some(APP), "{path} {method}");
    }
    // OPTIONS is no safelisted method: it is listed.
    let pre = call(preflight("/ping", APP, "OPTIONS")).await;
    assert_eq!(hv(pre.headers(), "access-control-allow-methods"), Some("OPTIONS"));
}

// ---------------------------------------------------------------------------------------------
// The attribute

/// "`"*"`: any (…; answers `Access-Control-Allow-Methods: *`)".
#[actix_web::test]
async fn methods_star_answers_allow_methods_star() {
    let _g = shared();
    let pre = call(preflight("/anymethod", APP, "PUT")).await;
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-allow-methods"), Some("*"));
}

/// "`[]`: simple requests only, no preflight is answered" (migration table: "every preflight
/// refused").
#[actix_web::test]
async fn methods_empty_means_simple_requests_only() {
    let _g = shared();
    let pre = call(preflight("/simple", APP, "GET")).await;
    assert_ne!(pre.status(), StatusCode::NO_CONTENT, "a preflight was answered");
    assert_eq!(cors_headers(pre.headers()), Vec::<String>::new());
    assert_eq!(hv(pre.headers(), RAN), None);
    let get = call(with_origin(TestRequest::get().uri("/simple"), APP)).await;
    assert_eq!(acao(&get), Some(APP));
}

/// "`*`: all but `authorization`, which can be named beside it".
#[actix_web::test]
async fn allow_headers_star_and_authorization() {
    let _g = shared();
    let named = call(acrh(preflight("/star-auth", APP, "PUT"), "authorization, x-anything")).await;
    assert_eq!(named.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(named.headers(), "access-control-allow-headers"), Some("*, authorization"));
    let alone = call(acrh(preflight("/star", APP, "PUT"), "x-anything")).await;
    assert_eq!(alone.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(alone.headers(), "access-control-allow-headers"), Some("*"));
    let auth = call(acrh(preflight("/star", APP, "PUT"), "Authorization")).await;
    assert_eq!(auth.status(), StatusCode::FORBIDDEN);
}

/// "`["*"]` means the same" as `"*"`.
#[actix_web::test]
async fn star_in_a_list_is_any_origin() {
    let _g = shared();
    let res = call(with_origin(TestRequest::get().uri("/any"), EVIL)).await;
    assert_eq!(acao(&res), Some("*"));
}

/// "`https://*.example.com`: any subdomain, one or more labels deep; never `example.com` itself".
#[actix_web::test]
async fn subdomain_pattern_one_or_more_labels_never_the_apex() {
    let _g = shared();
    for (origin, allowed) in [
        ("https://a.example.com", true),
        ("https://a.b.example.com", true),
        ("https://example.com", false),
        ("https://a.example.com.evil.net", false),
        ("http://a.example.com", false),
        ("https://A.example.com", false),
    ] {
        let res = call(with_origin(TestRequest::get().uri("/patterns"), origin)).await;
        assert_eq!(acao(&res).is_some(), allowed, "{origin}");
    }
}

/// "`http://localhost:*`: that host on any port a browser sends (1–65535, no leading zero, the
/// scheme's default left out as browsers do)"; "combine: `https://*.example.com:*`".
#[actix_web::test]
async fn port_pattern_any_port_a_browser_sends() {
    let _g = shared();
    for (origin, allowed) in [
        ("http://localhost:1", true),
        ("http://localhost:5173", true),
        ("http://localhost:65535", true),
        ("http://localhost:65536", false),
        ("http://localhost:0", false),
        ("http://localhost:05173", false),
        ("http://localhost:80", false),
        ("https://localhost:5173", false),
        ("https://a.example.org:8443", true),
        ("https://a.b.example.org:8443", true),
    ] {
        let res = call(with_origin(TestRequest::get().uri("/patterns"), origin)).await;
        assert_eq!(acao(&res).is_some(), allowed, "{origin}");
    }
}

/// "`http://localhost:*` … or none, which is how browsers send the scheme's default": the
/// origin without a port is allowed too.
#[actix_web::test]
async fn port_pattern_and_the_origin_without_a_port() {
    let _g = shared();
    let res = call(with_origin(TestRequest::get().uri("/patterns"), "http://localhost")).await;
    assert_eq!(acao(&res), Some("http://localhost"), "`http://localhost:*` refuses `http://localhost`");
    let res = call(with_origin(TestRequest::get().uri("/patterns"), "https://a.example.org")).await;
    assert_eq!(acao(&res), Some("https://a.example.org"), "`*.example.org:*` refuses the port-less origin");
}

/// A regex entry is "always against the whole origin, as if wrapped in `^(?:...)$`".
#[actix_web::test]
async fn regex_is_matched_against_the_whole_origin() {
    let _g = shared();
    for (origin, allowed) in [
        ("https://pr-42.preview.example.com", true),
        ("https://pr-42.preview.example.com.evil.net", false),
        ("https://pr-42.preview.example.com:8443", false),
        ("xhttps://pr-42.preview.example.com", false),
        ("https://pr-.preview.example.com", false),
    ] {
        let res = call(with_origin(TestRequest::get().uri("/regex"), origin)).await;
        assert_eq!(acao(&res).is_some(), allowed, "{origin}");
    }
}

/// "its `name`, `guard` and `wrap` options work as before"; "`#[cors]` adds its middleware as
/// the route's outermost `wrap`, so responses produced by middleware in the route's own
/// `wrap = ".."` (an auth layer's 401) carry CORS headers too".
#[actix_web::test]
async fn route_wrap_refusals_carry_cors_headers_and_name_is_kept() {
    let _g = shared();
    let refused = call(with_origin(TestRequest::put().uri("/api/account"), APP)).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(APP));
    assert_eq!(hv(refused.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(hv(refused.headers(), "access-control-expose-headers"), Some("x-total-count"));
    let ok =
        call(with_origin(TestRequest::put().uri("/api/account"), APP).insert_header(("authorization", "t")))
            .await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.body(), "acct");
}

/// "Preflights never go through the route's `wrap`".
#[actix_web::test]
async fn preflights_skip_the_route_wrap() {
    let _g = shared();
    let pre = call(acrh(preflight("/api/account", APP, "PUT"), "x-token")).await;
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-allow-headers"), Some("x-token"));
}

/// "Unless the routing attribute names the route, `#[cors]` names it
/// `__strict_cors:<handler>:<path>`".
#[actix_web::test]
async fn unnamed_routes_get_the_documented_name() {
    let _g = shared();
    let res = call(TestRequest::get().uri("/qualified")).await;
    assert_eq!(res.body(), "__strict_cors:qualified:/qualified");
}

/// A route serving OPTIONS itself: "one for a method it serves but the policy does not list is
/// refused (403 …), one for a method it does not serve gets `405`, without CORS headers";
/// "`OPTIONS` without `Access-Control-Request-Method` still reaches the handler".
#[actix_web::test]
async fn route_serving_options_never_runs_its_handler_on_a_preflight() {
    let _g = shared();
    let purge = call(preflight("/items", APP, "PURGE")).await;
    assert_eq!(purge.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(purge.headers()), Vec::<String>::new());
    assert_eq!(hv(purge.headers(), RAN), None);
    let delete = call(preflight("/items", APP, "DELETE")).await;
    assert_eq!(delete.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(cors_headers(delete.headers()), Vec::<String>::new());
    assert_eq!(hv(delete.headers(), RAN), None);
    let plain = call(with_origin(TestRequest::default().method(Method::OPTIONS).uri("/items"), APP)).await;
    assert_eq!(hv(plain.headers(), RAN), Some("items"));
    assert_eq!(plain.body(), "OPTIONS");
    let pinged = call(with_origin(TestRequest::default().method(Method::OPTIONS).uri("/ping"), APP)).await;
    assert_eq!(hv(pinged.headers(), RAN), Some("ping"));
}

/// "a preflight is answered by the policy of the first route whose guards accept it … if none
/// accepts it, by the first".
#[actix_web::test]
async fn guards_choose_the_policy_that_answers_a_preflight() {
    let _g = shared();
    let b =
        call(preflight("/hosted", "https://b.example.com", "PUT").insert_header(("host", "b.test"))).await;
    assert_eq!(b.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&b), Some("https://b.example.com"));
    let a_from_b =
        call(preflight("/hosted", "https://b.example.com", "PUT").insert_header(("host", "a.test"))).await;
    assert_eq!(a_from_b.status(), StatusCode::FORBIDDEN);
    let none =
        call(preflight("/hosted", "https://a.example.com", "PUT").insert_header(("host", "c.test"))).await;
    assert_eq!(none.status(), StatusCode::NO_CONTENT, "the first route's policy answers");
    assert_eq!(acao(&none), Some("https://a.example.com"));
}

// ---------------------------------------------------------------------------------------------
// What happens per request

/// "An empty `Access-Control-Request-Method` still makes a preflight, for a method no route
/// serves and no policy lists: it is answered as one for a method no `#[cors]` handler on the
/// path serves (below) … no handler runs": the router's 404 or 405, without CORS headers.
#[actix_web::test]
async fn empty_request_method_is_a_refused_preflight() {
    let _g = shared();
    for path in ["/orders", "/items", "/any", "/ping"] {
        let res = call(preflight(path, APP, "")).await;
        assert_eq!(hv(res.headers(), RAN), None, "{path}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
        let status = res.status();
        assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED), "{path}: {status}");
    }
}

/// Allowed preflight: "`-Allow-Methods` (left out when the request asks for `GET`, `HEAD` or
/// `POST`…)", "`-Allow-Headers` (the policy's list, or `*`)", origin `*` for `origins = "*"`.
#[actix_web::test]
async fn allowed_preflight_headers() {
    let _g = shared();
    let get = call(preflight("/any", EVIL, "GET")).await;
    assert_eq!(get.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&get), Some("*"));
    assert_eq!(hv(get.headers(), "access-control-allow-methods"), None);
    assert_eq!(hv(get.headers(), "access-control-allow-credentials"), None);
    assert_eq!(hv(get.headers(), "access-control-max-age"), None);
    let head = call(preflight("/head", APP, "HEAD")).await;
    assert_eq!(hv(head.headers(), "access-control-allow-methods"), None);
    let put = call(acrh(preflight("/headers", APP, "PUT"), "x-trace")).await;
    assert_eq!(hv(put.headers(), "access-control-allow-methods"), Some("PUT"));
    // The policy's list, not an echo of the request.
    assert_eq!(hv(put.headers(), "access-control-allow-headers"), Some("content-type, x-trace"));
    assert_eq!(put.body(), "");
}

/// "`max_age`: integer seconds, 0 to 86400": 0 is sent as such.
#[actix_web::test]
async fn max_age_zero_is_sent() {
    let _g = shared();
    let pre = call(preflight("/ping", APP, "OPTIONS")).await;
    assert_eq!(hv(pre.headers(), "access-control-max-age"), Some("0"));
}

/// "`-Allow-Private-Network: true` only if `private_network` and the request asked for it";
/// migration: "never on actual responses".
#[actix_web::test]
async fn private_network_only_on_preflights_that_ask() {
    let _g = shared();
    let asked = call(
        preflight("/items", APP, "PUT").insert_header(("access-control-request-private-network", "true")),
    )
    .await;
    assert_eq!(asked.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(asked.headers(), "access-control-allow-private-network"), Some("true"));
    let not = call(preflight("/items", APP, "PUT")).await;
    assert_eq!(hv(not.headers(), "access-control-allow-private-network"), None);
    let actual = call(
        with_origin(TestRequest::put().uri("/items"), APP)
            .insert_header(("access-control-request-private-network", "true")),
    )
    .await;
    assert_eq!(hv(actual.headers(), "access-control-allow-private-network"), None);
    // A policy without private_network refuses such a preflight.
    let refused = call(
        preflight("/orders", APP, "POST").insert_header(("access-control-request-private-network", "true")),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

/// Refused preflight: "`403` with no `Access-Control-Allow-*` header; the reason is logged
/// through `log` at debug level, target `cors` (`refused preflight for OPTIONS /orders: request
/// header `x-secret` is not allowed`)". Also refused by method.
#[actix_web::test]
async fn refused_preflight_is_403_and_logged_at_debug() {
    let _g = shared();
    capture();
    let res = call(acrh(preflight("/orders", APP, "POST"), "x-secret")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(hv(res.headers(), RAN), None);
    assert!(logged(
        log::Level::Debug,
        "refused preflight for OPTIONS /orders: request header `x-secret` is not allowed"
    ));
    let origin = call(preflight("/orders", EVIL, "POST")).await;
    assert_eq!(origin.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(origin.headers()), Vec::<String>::new());
}

/// "Preflight for a method no `#[cors]` handler on that path serves: the router's usual 404 or
/// 405 …, without CORS headers"; "`patch` is not `PATCH`"; migration: "any path with no route".
#[actix_web::test]
async fn preflight_for_an_unserved_method_or_path_gets_the_router_answer() {
    let _g = shared();
    for (path, method) in [("/orders", "DELETE"), ("/orders", "post"), ("/nowhere", "GET")] {
        let res = call(preflight(path, APP, method)).await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{path} {method}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path} {method}");
        assert_eq!(hv(res.headers(), RAN), None);
    }
}

/// Allowed actual: "exactly one `Access-Control-Allow-Origin`, `-Allow-Credentials` with
/// `credentials`, `-Expose-Headers` if set. This holds for error responses: the handler's `Err`,
/// an extractor's rejection (bad JSON: 400)".
#[actix_web::test]
async fn allowed_actual_requests_and_their_errors() {
    let _g = shared();
    let bad = call(
        with_origin(TestRequest::post().uri("/json"), APP)
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .set_payload("{nope"),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(bad.headers().get_all("access-control-allow-origin").count(), 1);
    assert_eq!(acao(&bad), Some(APP));
    assert_eq!(hv(bad.headers(), "access-control-allow-credentials"), Some("true"));
    let err = call(with_origin(TestRequest::get().uri("/err"), APP)).await;
    assert_eq!(err.status(), StatusCode::CONFLICT);
    assert_eq!(acao(&err), Some(APP));
    assert_eq!(hv(err.headers(), "access-control-allow-credentials"), None);
    assert_eq!(hv(err.headers(), "access-control-max-age"), None);
}

/// "Actual request from another origin: the handler runs; its response carries no
/// `Access-Control-Allow-*` or `-Expose-*` header".
#[actix_web::test]
async fn other_origins_run_the_handler_without_cors_headers() {
    let _g = shared();
    let res =
        call(with_origin(TestRequest::put().uri("/api/account"), EVIL).insert_header(("authorization", "t")))
            .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(hv(res.headers(), RAN), Some("account"));
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// "`Vary: Origin` (allowed, refused, or no `Origin` at all), added to any `Vary` the handler set
/// unless it names `Origin` already (in any case, alone or in a list) or is `*`".
#[actix_web::test]
async fn vary_origin_is_added_unless_already_there() {
    let _g = shared();
    for origin in [Some(APP), Some(EVIL), None] {
        let mut request = TestRequest::get().uri("/vary/plain");
        if let Some(origin) = origin {
            request = with_origin(request, origin);
        }
        let res = call(request).await;
        let joined = vary(res.headers()).join(", ");
        assert_eq!(joined, "Accept-Encoding, Origin", "{origin:?}");
    }
    let named = call(with_origin(TestRequest::get().uri("/vary/named"), APP)).await;
    assert_eq!(vary(named.headers()), ["accept, ORIGIN"]);
    let star = call(with_origin(TestRequest::get().uri("/vary/star"), APP)).await;
    assert_eq!(vary(star.headers()), ["*"]);
}

/// "preflights also vary on the method, headers and private-network access asked for";
/// migration: "preflight answers vary on `Origin, Access-Control-Request-Method,
/// Access-Control-Request-Headers, Access-Control-Request-Private-Network` (with `origins = "*"`
/// and no credentials, all but `Origin`)". Refused preflights too.
#[actix_web::test]
async fn preflight_vary_lists() {
    let _g = shared();
    let full = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";
    let allowed = call(preflight("/orders", APP, "POST")).await;
    assert_eq!(vary(allowed.headers()).join(", "), full);
    let refused = call(preflight("/orders", EVIL, "POST")).await;
    assert_eq!(vary(refused.headers()).join(", "), full);
    let any = call(preflight("/any", EVIL, "GET")).await;
    assert_eq!(
        vary(any.headers()).join(", "),
        "Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"
    );
}

/// "With `origins = "*"` and no credentials, every response carries
/// `Access-Control-Allow-Origin: *`, requests without `Origin` included, … needs no
/// `Vary: Origin`"; migration: actual responses "with `origins = "*"` and no credentials on
/// nothing".
#[actix_web::test]
async fn any_origin_answers_star_to_everyone_without_vary() {
    let _g = shared();
    for request in [TestRequest::get().uri("/any"), with_origin(TestRequest::get().uri("/any"), EVIL)] {
        let res = call(request).await;
        assert_eq!(acao(&res), Some("*"));
        assert_eq!(hv(res.headers(), "access-control-expose-headers"), Some("x-total-count"));
        assert_eq!(vary(res.headers()), Vec::<&str>::new());
    }
    // Migration: actual responses vary on `Origin` only.
    let res = call(with_origin(TestRequest::post().uri("/orders"), APP)).await;
    assert_eq!(vary(res.headers()), ["Origin"]);
}

/// "a preflight with two `Origin` lines is refused" (with `origins = "*"`).
#[actix_web::test]
async fn any_origin_refuses_a_preflight_with_two_origins() {
    let _g = shared();
    let res = call(preflight("/any", APP, "GET").append_header((header::ORIGIN, EVIL))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// "`Access-Control-Request-Headers` is a comma-separated list: whitespace around names and empty
/// items are ignored, names compare case-insensitively"; several lines are one list.
#[actix_web::test]
async fn request_headers_list_parsing() {
    let _g = shared();
    let res = call(acrh(preflight("/headers", APP, "PUT"), " ,X-Trace ,, \tContent-Type ,")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = call(
        preflight("/headers", APP, "PUT")
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-trace"))
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-secret")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// "`Access-Control-Request-Headers` longer than 4096 bytes or with more than 64 items (empty ones
/// included), all its lines together, refuses the preflight."
#[actix_web::test]
async fn request_headers_bounds() {
    let _g = shared();
    let items = |n: usize| vec!["x-a"; n].join(",");
    let ok = call(acrh(preflight("/star", APP, "PUT"), &items(64))).await;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT, "64 items");
    let many = call(acrh(preflight("/star", APP, "PUT"), &items(65))).await;
    assert_eq!(many.status(), StatusCode::FORBIDDEN, "65 items");
    let empties = format!("x-a{}", ",".repeat(64)); // 65 items, 64 of them empty
    let empties = call(acrh(preflight("/star", APP, "PUT"), &empties)).await;
    assert_eq!(empties.status(), StatusCode::FORBIDDEN, "65 items, empty ones included");
    let split = call(
        preflight("/star", APP, "PUT")
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, items(40)))
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, items(40))),
    )
    .await;
    assert_eq!(split.status(), StatusCode::FORBIDDEN, "80 items over two lines");
    // Bytes: one name of 4096 bytes is within the bound, 4097 is not.
    let name = |n: usize| format!("x-{}", "a".repeat(n - 2));
    let at = call(acrh(preflight("/star", APP, "PUT"), &name(4096))).await;
    assert_eq!(at.status(), StatusCode::NO_CONTENT, "4096 bytes");
    let over = call(acrh(preflight("/star", APP, "PUT"), &name(4097))).await;
    assert_eq!(over.status(), StatusCode::FORBIDDEN, "4097 bytes");
    let two = call(
        preflight("/star", APP, "PUT")
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, name(2100)))
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, name(2100))),
    )
    .await;
    assert_eq!(two.status(), StatusCode::FORBIDDEN, "4200 bytes over two lines");
}

/// "`OPTIONS` without `Access-Control-Request-Method` is not a preflight: it is routed like any
/// other request."
#[actix_web::test]
async fn options_without_request_method_is_routed() {
    let _g = shared();
    let res = call(with_origin(TestRequest::default().method(Method::OPTIONS).uri("/orders"), APP)).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(res.headers(), "access-control-allow-methods"), None);
    assert_eq!(hv(res.headers(), "access-control-max-age"), None);
}

/// "an `Origin` that is not visible ASCII, longer than 512 bytes or sent twice is simply not
/// allowed. With `origins = "*"` a preflight carrying one is refused too; an actual request still
/// gets `Access-Control-Allow-Origin: *`".
#[actix_web::test]
async fn hostile_origins() {
    let _g = shared();
    // An origin the regex allows, at 512 and 513 bytes.
    let origin = |len: usize| {
        let fixed = "https://".len() + ".long.example.com".len();
        format!("https://{}.long.example.com", "a".repeat(len - fixed))
    };
    assert_eq!(origin(512).len(), 512);
    let at = call(with_origin(TestRequest::get().uri("/long"), &origin(512))).await;
    assert_eq!(acao(&at), Some(origin(512).as_str()), "512 bytes");
    let over = call(with_origin(TestRequest::get().uri("/long"), &origin(513))).await;
    assert_eq!(acao(&over), None, "513 bytes");
    let twice = call(
        with_origin(TestRequest::get().uri("/regex"), "https://pr-1.preview.example.com")
            .append_header((header::ORIGIN, "https://pr-1.preview.example.com")),
    )
    .await;
    assert_eq!(acao(&twice), None, "sent twice");
    let tab = TestRequest::get()
        .uri("/patterns")
        .insert_header((header::ORIGIN, HeaderValue::from_bytes(b"https://a.example.com\t").unwrap()));
    assert_eq!(acao(&call(tab).await), None, "not visible ASCII");
    let high = TestRequest::get()
        .uri("/patterns")
        .insert_header((header::ORIGIN, HeaderValue::from_bytes(b"https://a\xe9.example.com").unwrap()));
    assert_eq!(acao(&call(high).await), None, "not ASCII");
    // origins = "*"
    let pre = call(
        preflight("/any", APP, "GET")
            .insert_header((header::ORIGIN, HeaderValue::from_bytes(b"https://a\xe9.example.com").unwrap())),
    )
    .await;
    assert_eq!(pre.status(), StatusCode::FORBIDDEN);
    let long = format!("https://{}.example.com", "a".repeat(600));
    let pre = call(preflight("/any", &long, "GET")).await;
    assert_eq!(pre.status(), StatusCode::FORBIDDEN);
    let actual = call(with_origin(TestRequest::get().uri("/any"), &long)).await;
    assert_eq!(acao(&actual), Some("*"));
}

/// Security: "the policy alone owns" the CORS headers; "`Access-Control-Allow-Origin` is sent
/// exactly once, `*` only without credentials".
#[actix_web::test]
async fn handler_written_cors_headers_are_replaced() {
    let _g = shared();
    let allowed = call(with_origin(TestRequest::get().uri("/own-headers"), APP)).await;
    assert_eq!(allowed.headers().get_all("access-control-allow-origin").count(), 1);
    assert_eq!(acao(&allowed), Some(APP));
    assert_eq!(hv(allowed.headers(), "access-control-allow-credentials"), None);
    assert_eq!(hv(allowed.headers(), "access-control-expose-headers"), None);
    assert_eq!(hv(allowed.headers(), "access-control-max-age"), None);
    let refused = call(with_origin(TestRequest::get().uri("/own-headers"), EVIL)).await;
    assert_eq!(cors_headers(refused.headers()), Vec::<String>::new());
}

/// "Several handlers on one path each answer the preflights for their own methods with their
/// own policy."
#[actix_web::test]
async fn several_handlers_on_one_path() {
    let _g = shared();
    let get = call(preflight("/multi", EVIL, "GET")).await;
    assert_eq!(get.status(), StatusCode::FORBIDDEN);
    let put = call(preflight("/multi", EVIL, "PUT")).await;
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&put), Some("*"));
    let get = call(preflight("/multi", APP, "GET")).await;
    assert_eq!(hv(get.headers(), "access-control-allow-credentials"), Some("true"));
}

// ---------------------------------------------------------------------------------------------
// Shared policies, scopes and configuration

static NAMED: Policy = policy!(origins = ["https://app.example.com"], credentials, max_age = 600);
static ADMIN_ONLY: Policy = policy!(origins = ["https://admin.example.com"]);
static TWO_METHODS: Policy = policy!(origins = ["https://app.example.com"], methods = ["PUT", "DELETE"]);
static WIDE: Policy =
    policy!(origins = ["https://app.example.com", "https://other.example.com"], allow_headers = ["x-trace"]);

#[cors(policy = NAMED)]
#[get("/named")]
async fn named_route() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(policy = NAMED, crate = "::strict_cors")]
#[get("/named-crate")]
async fn named_with_crate() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(policy = ADMIN_ONLY)]
#[put("/own")]
async fn own_in_scope() -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "own")).finish()
}

#[cors(origins = ["https://app.example.com"], credentials, allow_headers = ["x-trace"])]
#[put("/narrow")]
async fn narrow() -> impl Responder {
    HttpResponse::Ok()
}

/// "Without `methods`, a named policy allows every standard method (`DELETE, GET, HEAD, OPTIONS,
/// PATCH, POST, PUT`); on a handler, preflights are further limited to the methods its route
/// serves."
#[actix_web::test]
async fn named_policy_methods() {
    let _g = shared();
    assert_eq!(
        NAMED.methods().map(ToString::to_string).collect::<Vec<_>>(),
        ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    );
    let app = init_service(App::new().service(named_route).service(named_with_crate)).await;
    let get = send!(app, preflight("/named", APP, "GET"));
    assert_eq!(get.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(get.headers(), "access-control-max-age"), Some("600"));
    let put = send!(app, preflight("/named", APP, "PUT"));
    assert!(
        matches!(put.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        put.status()
    );
    let with_crate = send!(app, preflight("/named-crate", APP, "GET"));
    assert_eq!(with_crate.status(), StatusCode::NO_CONTENT);
}

/// `Cors::new`: "it answers preflights for every path under it (existing or not) and adds the
/// headers to every response, errors included"; migration: "A `Cors::new` scope still answers
/// every path under it."
#[actix_web::test]
async fn cors_scope_answers_every_path_and_every_response() {
    let _g = shared();
    let app = init_service(
        App::new().service(
            web::scope("/api")
                .wrap(Cors::new(&NAMED))
                .route("/orders", web::get().to(HttpResponse::Ok))
                .route(
                    "/fail",
                    web::get().to(|| async { Err::<HttpResponse, _>(error::ErrorConflict("x")) }),
                ),
        ),
    )
    .await;
    let pre = send!(app, preflight("/api/nowhere", APP, "PATCH"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some(APP));
    assert_eq!(
        hv(pre.headers(), "access-control-allow-methods"),
        Some("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
    );
    let missing = send!(app, with_origin(TestRequest::get().uri("/api/nowhere"), APP));
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(acao(&missing), Some(APP));
    let failed = send!(app, with_origin(TestRequest::get().uri("/api/fail"), APP));
    assert_eq!(failed.status(), StatusCode::CONFLICT);
    assert_eq!(acao(&failed), Some(APP));
    assert_eq!(hv(failed.headers(), "access-control-allow-credentials"), Some("true"));
}

static WRAPPED_SEEN: AtomicUsize = AtomicUsize::new(0);

/// "A preflight for a method no such handler serves is answered by the middleware, at once:
/// nothing it wraps (an auth layer, a handler for any method, a default service) sees it."
#[actix_web::test]
async fn cors_scope_answers_preflights_before_what_it_wraps() {
    let _g = shared();
    let app = init_service(
        App::new().service(
            web::scope("/api")
                .wrap_fn(|req, srv| {
                    WRAPPED_SEEN.fetch_add(1, Ordering::SeqCst);
                    srv.call(req)
                })
                .wrap(Cors::new(&NAMED))
                .route("/orders", web::to(HttpResponse::Ok)),
        ),
    )
    .await;
    let pre = send!(app, preflight("/api/orders", APP, "PUT"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(WRAPPED_SEEN.load(Ordering::SeqCst), 0, "the wrapped middleware saw the preflight");
}

/// "Inside a wrapped scope, a handler with its own `#[cors]` keeps its own policy, for its
/// responses and for preflights of the methods it serves; no CORS header is ever sent twice."
#[actix_web::test]
async fn handler_policy_wins_inside_a_cors_scope() {
    let _g = shared();
    let app =
        init_service(App::new().service(web::scope("/api").wrap(Cors::new(&NAMED)).service(own_in_scope)))
            .await;
    let admin = send!(app, with_origin(TestRequest::put().uri("/api/own"), "https://admin.example.com"));
    assert_eq!(admin.headers().get_all("access-control-allow-origin").count(), 1);
    assert_eq!(acao(&admin), Some("https://admin.example.com"));
    assert_eq!(hv(admin.headers(), "access-control-allow-credentials"), None);
    let app_origin = send!(app, with_origin(TestRequest::put().uri("/api/own"), APP));
    assert_eq!(cors_headers(app_origin.headers()), Vec::<String>::new());
    let pre = send!(app, preflight("/api/own", "https://admin.example.com", "PUT"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-max-age"), None);
    let pre = send!(app, preflight("/api/own", APP, "PUT"));
    assert_eq!(pre.status(), StatusCode::FORBIDDEN);
}

/// "an auth layer between the two that refuses the preflight … or the actual request gets the
/// handler's answer and headers where both policies allow the request (… only what both
/// grant), and a refusal where either refuses."
#[actix_web::test]
async fn auth_between_a_cors_scope_and_a_handler_gets_only_what_both_grant() {
    let _g = shared();
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(require_token)).wrap(Cors::new(&WIDE)).service(narrow)),
    )
    .await;
    let refused = send!(app, with_origin(TestRequest::put().uri("/api/narrow"), APP));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(APP));
    assert_eq!(
        hv(refused.headers(), "access-control-allow-credentials"),
        None,
        "the scope grants no credentials"
    );
    let other = send!(app, with_origin(TestRequest::put().uri("/api/narrow"), "https://other.example.com"));
    assert_eq!(acao(&other), None, "the handler refuses this origin");
    let pre = send!(app, acrh(preflight("/api/narrow", APP, "PUT"), "x-trace"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-allow-credentials"), None);
    let pre = send!(app, preflight("/api/narrow", "https://other.example.com", "PUT"));
    assert_eq!(pre.status(), StatusCode::FORBIDDEN);
}

/// Migration: "otherwise it lists the policy's methods, not only the one asked".
#[actix_web::test]
async fn allow_methods_lists_the_policys_methods() {
    let _g = shared();
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(Cors::new(&TWO_METHODS)).route("/x", web::to(HttpResponse::Ok))),
    )
    .await;
    let pre = send!(app, preflight("/api/x", APP, "DELETE"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-allow-methods"), Some("PUT, DELETE"));
    let refused = send!(app, preflight("/api/x", APP, "PATCH"));
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

/// "`Policy::builder()` … `build()` returns every mistake at once, as `strict_cors::Violations`";
/// "`Policy::into_static` gives the `&'static Policy` middleware takes."
#[actix_web::test]
async fn builder_reports_every_mistake_and_into_static_serves() {
    let _g = shared();
    let errors =
        Policy::builder().origins(["https://app.example.com/", "null"]).max_age(-1).build().unwrap_err();
    assert_eq!(errors.len(), 3);
    let policy: &'static Policy =
        Policy::builder().origins(["https://app.example.com"]).build().unwrap().into_static();
    let app =
        init_service(App::new().wrap(Cors::new(policy)).route("/o", web::get().to(HttpResponse::Ok))).await;
    let res = send!(app, with_origin(TestRequest::get().uri("/o"), APP));
    assert_eq!(acao(&res), Some(APP));
}

// Live policies: the README's own example.
static TENANTS: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));

#[cors(policy = TENANTS)]
#[get("/api/orders")]
async fn tenant_orders() -> impl Responder {
    HttpResponse::Ok()
}

/// "replaced with `reload` by a policy from `Policy::builder()`. … an invalid one comes back as
/// every mistake at once, and the list in force stays."
#[actix_web::test]
async fn live_policy_reload() {
    const SHOP: &str = "https://shop.customer.example";
    fn reload(rows: &[String]) -> bool {
        match Policy::builder().origins(rows).credentials(true).build() {
            Ok(policy) => {
                TENANTS.reload(policy);
                true
            }
            Err(errors) => {
                assert_eq!(errors.len(), 2, "{errors}");
                false
            }
        }
    }
    let _g = shared();
    let app = init_service(App::new().service(tenant_orders)).await;
    let before = send!(app, with_origin(TestRequest::get().uri("/api/orders"), SHOP));
    assert_eq!(acao(&before), None);
    assert!(TENANTS.reloaded_at().is_none());
    assert!(reload(&[APP.to_owned(), SHOP.to_owned()]));
    let after = send!(app, with_origin(TestRequest::get().uri("/api/orders"), SHOP));
    assert_eq!(acao(&after), Some(SHOP));
    assert_eq!(hv(after.headers(), "access-control-allow-credentials"), Some("true"));
    assert!(!reload(&["https://bad.example/".to_owned(), "http://plain.example".to_owned()]));
    let kept = send!(app, with_origin(TestRequest::get().uri("/api/orders"), SHOP));
    assert_eq!(acao(&kept), Some(SHOP), "the list in force stays");
    // Used by `Cors::new` too.
    let app =
        init_service(App::new().wrap(Cors::new(&TENANTS)).route("/o", web::get().to(HttpResponse::Ok))).await;
    let res = send!(app, with_origin(TestRequest::get().uri("/o"), SHOP));
    assert_eq!(acao(&res), Some(SHOP));
}

/// Debug mode: "off by default"; "a refused preflight is answered `204` with the headers that
/// take the browser as far as the check that fails": origin (no ACAO), method (the policy's
/// `Allow-Methods`, without it), header (the policy's `Allow-Headers`, without it; never `*`);
/// "nothing is cached (no `Access-Control-Max-Age`)"; "Each refusal is logged at `info`, target
/// `cors`."
#[actix_web::test]
async fn debug_mode() {
    let _exclusive = DEBUG.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    capture();
    assert!(!strict_cors::debug_mode(), "off by default");
    strict_cors::set_debug_mode(true);
    let app = init_service(app()).await;
    let origin = send!(app, preflight("/orders", EVIL, "POST"));
    let method = send!(app, preflight("/items", APP, "PURGE"));
    let header_refused = send!(app, acrh(preflight("/headers", APP, "PUT"), "x-secret"));
    let star = send!(app, acrh(preflight("/star", APP, "PUT"), "authorization"));
    let refused_origin_with_max_age = send!(app, acrh(preflight("/orders", APP, "POST"), "x-secret"));
    strict_cors::set_debug_mode(false);

    assert_eq!(origin.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&origin), None);
    assert_eq!(method.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&method), Some(APP));
    assert_eq!(hv(method.headers(), "access-control-allow-methods"), Some("PUT"));
    assert_eq!(header_refused.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(header_refused.headers(), "access-control-allow-headers"), Some("content-type, x-trace"));
    assert_eq!(star.status(), StatusCode::NO_CONTENT);
    assert_ne!(hv(star.headers(), "access-control-allow-headers"), Some("*"));
    assert_eq!(hv(refused_origin_with_max_age.headers(), "access-control-max-age"), None);
    assert_eq!(hv(refused_origin_with_max_age.headers(), "access-control-allow-headers"), None);
    assert!(
        logged(
            log::Level::Info,
            "refused preflight for OPTIONS /headers: request header `x-secret` is not allowed"
        ),
        "{:?}",
        LOGS.0.lock().unwrap()
    );
}

// The policy report.
static PARTNERS_R: Policy = policy!(origins = ["https://partners.example.com"]);

/// "each handler is listed where it is mounted, with its full path"; "A scope made with
/// `Cors::new(&P).scope("/partners")` is a row of its own with its full prefix
/// (`Mount::Scope`, shown as `/partners/*`); a middleware written `.wrap(Cors::new(&P))` is one
/// row per policy (`Mount::Middleware`)".
#[actix_web::test]
async fn the_report() {
    let _g = shared();
    let _app = init_service(
        App::new()
            .service(web::scope("/reported").service(web::scope("/inner").service(account)))
            .service(Cors::new(&PARTNERS_R).scope("/partners").route("/r", web::get().to(HttpResponse::Ok)))
            .service(web::scope("/mw").wrap(Cors::new(&TWO_METHODS)).route("/x", web::to(HttpResponse::Ok))),
    )
    .await;
    let report = strict_cors::report();
    let rows = report.rows();
    assert!(
        rows.iter().any(|r| matches!(&r.mount, Mount::Handler { path, name } if path == "/reported/inner/account" && *name == "account")
            && r.methods == ["PUT"]),
        "{report}"
    );
    assert!(
        rows.iter().any(|r| matches!(&r.mount, Mount::Scope { path } if path == "/partners")),
        "{report}"
    );
    assert!(rows.iter().any(|r| matches!(&r.mount, Mount::Middleware) && r.origins() == [APP]), "{report}");
    assert!(report.to_string().contains("/partners/*"), "{report}");
}

// ---------------------------------------------------------------------------------------------
// Behind auth: `Layer` (the README's example, and the claims after it)

static AUTH_SEEN: AtomicUsize = AtomicUsize::new(0);

async fn counted_auth(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::OPTIONS && req.headers().contains_key("x-probe") {
        AUTH_SEEN.fetch_add(1, Ordering::SeqCst);
    }
    if !req.headers().contains_key("authorization") {
        return Err(error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "content-type"], credentials)]
#[put("/orders/{id}")]
async fn update_order() -> impl Responder {
    HttpResponse::Ok()
}

macro_rules! layered {
    () => {
        init_service(
            App::new()
                .service(
                    web::scope("/api")
                        .wrap(from_fn(counted_auth))
                        .service(update_order)
                        .route("/plain", web::to(HttpResponse::Ok)),
                )
                .wrap(Layer),
        )
        .await
    };
}

/// "A preflight for a `#[cors]` route is answered by that route's policy … **before** any other
/// middleware or the handler runs … Refused preflights get the policy's 403, not the auth
/// layer's 401."
#[actix_web::test]
async fn layer_answers_preflights_before_auth() {
    let _g = shared();
    let app = layered!();
    let before = AUTH_SEEN.load(Ordering::SeqCst);
    let pre = send!(
        app,
        acrh(preflight("/api/orders/7", APP, "PUT"), "authorization, content-type")
            .insert_header(("x-probe", "1"))
    );
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some(APP));
    assert_eq!(hv(pre.headers(), "access-control-allow-credentials"), Some("true"));
    let refused = send!(app, preflight("/api/orders/7", EVIL, "PUT").insert_header(("x-probe", "1")));
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(refused.headers()), Vec::<String>::new());
    // The counter works: a preflight the layer leaves to routing is seen.
    let routed = send!(app, preflight("/api/plain", APP, "PUT").insert_header(("x-probe", "1")));
    assert_eq!(routed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        AUTH_SEEN.load(Ordering::SeqCst),
        before + 1,
        "auth saw exactly the routed preflight, none of those the layer answers"
    );
}

/// "A response to an actual request for a `#[cors]` route carries the route's CORS headers
/// whoever made it: the auth layer's … `Err`"; "A response to a request without `Origin` varies
/// on it".
#[actix_web::test]
async fn layer_decorates_auth_refusals() {
    let _g = shared();
    let app = layered!();
    let res = send!(app, with_origin(TestRequest::put().uri("/api/orders/7"), APP));
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers().get_all("access-control-allow-origin").count(), 1);
    assert_eq!(acao(&res), Some(APP));
    assert_eq!(hv(res.headers(), "access-control-allow-credentials"), Some("true"));
    let no_origin = send!(app, TestRequest::put().uri("/api/orders/7"));
    assert_eq!(no_origin.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(vary(no_origin.headers()), ["Origin"]);
    let evil = send!(app, with_origin(TestRequest::put().uri("/api/orders/7"), EVIL));
    assert_eq!(cors_headers(evil.headers()), Vec::<String>::new());
}

/// "Preflights for paths or methods no `#[cors]` route serves are routed as without the layer."
#[actix_web::test]
async fn layer_routes_other_preflights_as_usual() {
    let _g = shared();
    let app = layered!();
    let res = send!(app, preflight("/api/plain", APP, "PUT"));
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = send!(app, preflight("/api/orders/7", APP, "DELETE"));
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "the auth layer answers, as without the layer");
}

/// The empty-ACRM claim again: "refused (`403`) under a `Cors` middleware", and with `Layer`
/// "routed as without the layer", as "preflights for paths or methods no `#[cors]` route
/// serves" are: nothing grants it.
#[actix_web::test]
async fn empty_request_method_with_the_layer() {
    let _g = shared();
    let app = layered!();
    let res = send!(app, preflight("/api/orders/7", APP, ""));
    assert_ne!(res.status(), StatusCode::NO_CONTENT, "with Layer");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "with Layer");
    let cors_scope = init_service(
        App::new().service(web::scope("/api").wrap(Cors::new(&NAMED)).route("/x", web::to(HttpResponse::Ok))),
    )
    .await;
    let scoped = send!(cors_scope, preflight("/api/x", APP, ""));
    assert_eq!(scoped.status(), StatusCode::FORBIDDEN, "in a Cors scope");
    assert_eq!(cors_headers(scoped.headers()), Vec::<String>::new(), "in a Cors scope");
}

/// "Middleware inside the layer that adds headers of its own (`DefaultHeaders`, a request id)
/// does not see the preflights the layer answers … unless it sets `Access-Control-*` headers,
/// which only inside the layer are replaced by the policy's (outside, a `DefaultHeaders` with
/// `Access-Control-Allow-Origin: *` reaches refused origins too)."
#[actix_web::test]
async fn default_headers_inside_and_outside_the_layer() {
    let _g = shared();
    let inside = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(require_token)).service(update_order))
            .wrap(DefaultHeaders::new().add(("x-request-id", "1")).add(("access-control-allow-origin", "*")))
            .wrap(Layer),
    )
    .await;
    let pre = send!(inside, preflight("/api/orders/1", APP, "PUT"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "x-request-id"), None);
    let actual = send!(
        inside,
        with_origin(TestRequest::put().uri("/api/orders/1"), EVIL).insert_header(("authorization", "t"))
    );
    assert_eq!(actual.status(), StatusCode::OK);
    assert_eq!(hv(actual.headers(), "x-request-id"), Some("1"));
    assert_eq!(cors_headers(actual.headers()), Vec::<String>::new(), "inside: replaced by the policy's");
    let allowed = send!(
        inside,
        with_origin(TestRequest::put().uri("/api/orders/1"), APP).insert_header(("authorization", "t"))
    );
    assert_eq!(acao(&allowed), Some(APP));
    assert_eq!(allowed.headers().get_all("access-control-allow-origin").count(), 1);
    let outside = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(require_token)).service(update_order))
            .wrap(Layer)
            .wrap(DefaultHeaders::new().add(("access-control-allow-origin", "*"))),
    )
    .await;
    let actual = send!(
        outside,
        with_origin(TestRequest::put().uri("/api/orders/1"), EVIL).insert_header(("authorization", "t"))
    );
    assert_eq!(acao(&actual), Some("*"), "outside: reaches refused origins");
}

/// "Wrap `NormalizePath` **after** `Layer` (`.wrap(Layer).wrap(NormalizePath::trim())`) so that
/// it sees the normalized path too."
#[actix_web::test]
async fn normalize_path_after_the_layer() {
    let _g = shared();
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(require_token)).service(update_order))
            .wrap(Layer)
            .wrap(NormalizePath::trim()),
    )
    .await;
    let pre = send!(app, preflight("/api/orders/1/", APP, "PUT"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some(APP));
    let refused = send!(app, with_origin(TestRequest::put().uri("/api/orders/1/"), APP));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(APP));
}

#[cors(origins = ["https://app.example.com"])]
#[put("/things")]
async fn put_things() -> impl Responder {
    HttpResponse::Ok()
}

/// "So the layer also finds a route behind a resource on the same pattern for other methods
/// (`.route("/items", web::post())` registered first)".
#[actix_web::test]
async fn layer_finds_a_route_behind_another_resource_on_its_pattern() {
    let _g = shared();
    let app = init_service(
        App::new()
            .route("/things", web::post().to(HttpResponse::Ok))
            .service(put_things)
            .wrap(from_fn(require_token))
            .wrap(Layer),
    )
    .await;
    let pre = send!(app, preflight("/things", APP, "PUT"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let refused = send!(app, with_origin(TestRequest::put().uri("/things"), APP));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(APP));
}

// The README's `Cors::scope` example.
static PARTNERS: Policy =
    policy!(origins = ["https://partners.example.com"], allow_headers = ["authorization"], credentials,);
const PARTNER: &str = "https://partners.example.com";

/// "every preflight under it is answered by `P` before any auth, on the scope or on the `App`,
/// runs, and the auth layer's refusals carry `P`'s headers"; "For one policy over the whole
/// application with auth on the `App`, put the services in `Cors::new(&P).scope("")`."
#[actix_web::test]
async fn cors_scope_behind_the_layer() {
    let _g = shared();
    let app = init_service(
        App::new()
            .service(
                Cors::new(&PARTNERS)
                    .scope("/partners")
                    .wrap(from_fn(require_token))
                    .route("/reports", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let pre = send!(app, acrh(preflight("/partners/reports", PARTNER, "GET"), "authorization"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-allow-credentials"), Some("true"));
    let pre = send!(app, preflight("/partners/nothing-here", PARTNER, "DELETE"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let refused = send!(app, with_origin(TestRequest::get().uri("/partners/reports"), PARTNER));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(PARTNER));
    assert_eq!(hv(refused.headers(), "access-control-allow-credentials"), Some("true"));

    let whole = init_service(
        App::new()
            .service(Cors::new(&PARTNERS).scope("").route("/reports", web::get().to(HttpResponse::Ok)))
            .wrap(from_fn(require_token))
            .wrap(Layer),
    )
    .await;
    let pre = send!(whole, acrh(preflight("/reports", PARTNER, "GET"), "authorization"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let refused = send!(whole, with_origin(TestRequest::get().uri("/reports"), PARTNER));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(PARTNER));
}

/// Known limits: "put `Cors::new` **outside** any auth on the same scope
/// (`.wrap(auth).wrap(Cors::new(&P))`), where it answers the scope's preflights and decorates the
/// auth layer's refusals itself."
#[actix_web::test]
async fn cors_outside_auth_on_a_scope() {
    let _g = shared();
    let app = init_service(
        App::new().service(
            web::scope("/partners")
                .wrap(from_fn(require_token))
                .wrap(Cors::new(&PARTNERS))
                .route("/reports", web::get().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let pre = send!(app, acrh(preflight("/partners/reports", PARTNER, "GET"), "authorization"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let refused = send!(app, with_origin(TestRequest::get().uri("/partners/reports"), PARTNER));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some(PARTNER));
}

/// "`#[cors]` handlers inside a `Cors::new` scope (the handler's policy wins) all work" (with
/// the layer).
#[actix_web::test]
async fn layer_with_a_handler_inside_a_cors_scope() {
    let _g = shared();
    let app = init_service(
        App::new()
            .service(Cors::new(&PARTNERS).scope("/p").wrap(from_fn(require_token)).service(own_in_scope))
            .wrap(Layer),
    )
    .await;
    let pre = send!(app, preflight("/p/own", "https://admin.example.com", "PUT"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some("https://admin.example.com"));
    let refused = send!(app, with_origin(TestRequest::put().uri("/p/own"), "https://admin.example.com"));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some("https://admin.example.com"));
    assert_eq!(hv(refused.headers(), "access-control-allow-credentials"), None);
}

// ---------------------------------------------------------------------------------------------
// Testing CORS as a browser judges it: the README's example, and the engines table.

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials, max_age = 600)]
#[get("/account")]
async fn model_account() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-user-id", "7")).body("you")
}

#[cors(origins = "*", allow_headers = "*")]
#[get("/public")]
async fn model_public() -> impl Responder {
    HttpResponse::Ok().body("public")
}

#[actix_web::test]
async fn testing_readme_example() {
    use strict_cors::testing::{Browser, Credentials, Request};
    let _g = shared();
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(require_token)).service(model_account))
            .wrap(Layer),
    )
    .await;
    let browser = Browser::chromium();
    let page = browser.page("https://app.example.com");
    let url = "https://api.example.com/api/account";
    let signed_out = page.fetch(&app, Request::new(url).credentials(Credentials::Include)).await;
    assert_eq!(signed_out.status(), Some(401));
    let call = Request::new(url).header("authorization", "Bearer t").credentials(Credentials::Include);
    let first = page.fetch(&app, call.clone()).await;
    assert_eq!(first.preflight().map(|p| p.status), Some(204));
    assert_eq!(first.status(), Some(200));
    assert_eq!(first.header("x-user-id"), None, "not in expose_headers");
    assert!(page.fetch(&app, call.clone()).await.preflight_from_cache());
    let other = browser.page("https://evil.example.net").fetch(&app, call).await;
    assert!(!other.is_allowed());
    let printed = other.to_string();
    assert!(
        printed.starts_with(
            "Access to fetch at 'https://api.example.com/api/account' from origin 'https://evil.example.net' has been blocked by CORS policy: "
        ),
        "{printed}"
    );
}

/// The engines table: "`Access-Control-Allow-Headers: *` covers `authorization`: … Chromium yes,
/// Firefox yes, WebKit yes"; "longest cache: 2 h, 24 h, 10 min"; `browser.advance`.
#[actix_web::test]
async fn testing_engine_departures() {
    use std::time::Duration;
    use strict_cors::testing::{Browser, Engine, Request};
    let _g = shared();
    let app = init_service(App::new().service(model_public).service(model_account)).await;
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        // The server refuses `authorization` under `*`, so the preflight fails whatever the engine.
        let got = browser
            .page(APP)
            .fetch(&app, Request::new("https://api.example.com/public").header("authorization", "t"))
            .await;
        assert!(got.preflight().is_some(), "{:?}", browser.engine());
    }
    assert_eq!(Engine::Chromium.max_age_cap(), Duration::from_secs(7200));
    assert_eq!(Engine::Firefox.max_age_cap(), Duration::from_secs(86400));
    assert_eq!(Engine::WebKit.max_age_cap(), Duration::from_secs(600));
    // The preflight cache on the browser's own clock: max_age 600 s.
    let browser = Browser::chromium();
    let page = browser.page(APP);
    let call = Request::new("https://api.example.com/account").header("authorization", "t");
    assert!(page.fetch(&app, call.clone()).await.preflight().is_some());
    assert!(page.fetch(&app, call.clone()).await.preflight_from_cache());
    browser.advance(Duration::from_secs(601));
    let again = page.fetch(&app, call).await;
    assert!(!again.preflight_from_cache() && again.preflight().is_some());
}

// ---------------------------------------------------------------------------------------------
// Moving over, by kind of app: the README's examples.

#[cors(
    origins = ["http://localhost:8080"],
    allow_headers = ["authorization", "content-type"],
    credentials,
    max_age = 3600
)]
#[post("/user/info")]
async fn info(body: web::Bytes) -> impl Responder {
    HttpResponse::Ok().body(body)
}

#[actix_web::test]
async fn moving_over_one_origin_on_the_handler() {
    let _g = shared();
    let app = init_service(App::new().service(info)).await;
    let pre = send!(
        app,
        acrh(preflight("/user/info", "http://localhost:8080", "POST"), "authorization, content-type")
    );
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-max-age"), Some("3600"));
    assert_eq!(hv(pre.headers(), "access-control-allow-headers"), Some("authorization, content-type"));
    let res = send!(
        app,
        with_origin(TestRequest::post().uri("/user/info"), "http://localhost:8080").set_payload("hi")
    );
    assert_eq!(res.body(), "hi");
    assert_eq!(hv(res.headers(), "access-control-allow-credentials"), Some("true"));
}

static API_P: Policy = policy!(origins = ["https://app.example.com"], allow_headers = ["content-type"]);

async fn create_order_plain() -> HttpResponse {
    HttpResponse::Created().finish()
}

fn admin_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/users", web::get().to(HttpResponse::Ok));
}

#[actix_web::test]
async fn moving_over_route_resource_and_configure() {
    let _g = shared();
    let app = init_service(
        App::new()
            .service(
                web::resource("/orders").wrap(Cors::new(&API_P)).route(web::post().to(create_order_plain)),
            )
            .service(web::scope("/admin").wrap(Cors::new(&API_P)).configure(admin_routes)),
    )
    .await;
    let pre = send!(app, acrh(preflight("/orders", APP, "POST"), "content-type"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let res = send!(app, with_origin(TestRequest::post().uri("/orders"), APP));
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(acao(&res), Some(APP));
    let pre = send!(app, preflight("/admin/users", APP, "GET"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let res = send!(app, with_origin(TestRequest::get().uri("/admin/users"), APP));
    assert_eq!(acao(&res), Some(APP));
}

static ANYONE: Policy = policy!(origins = "*", allow_headers = ["*", "authorization"]);

async fn api_key(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.headers().get("api-key").is_some_and(|key| key == "secret") {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    let refusal = HttpResponse::Unauthorized().body("invalid api key");
    Ok(req.into_response(refusal).map_into_right_body())
}

/// qdrant: "put `Cors::new` *outside* the auth layer … so that preflights … get the policy's
/// answer, and the auth layer's 401 carries CORS headers the page can read".
#[actix_web::test]
async fn moving_over_any_origin_behind_an_api_key() {
    let _g = shared();
    let app = init_service(
        App::new()
            .wrap(from_fn(api_key))
            .wrap(Cors::new(&ANYONE))
            .route("/collections", web::get().to(HttpResponse::Ok)),
    )
    .await;
    let pre = send!(app, acrh(preflight("/collections", EVIL, "GET"), "api-key, authorization"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(&pre), Some("*"));
    assert_eq!(hv(pre.headers(), "access-control-allow-headers"), Some("*, authorization"));
    let refused = send!(app, with_origin(TestRequest::get().uri("/collections"), EVIL));
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&refused), Some("*"));
}

static LOCAL_DEVELOPMENT: Policy = policy!(
    origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
    allow_headers = ["authorization", "content-type"],
    credentials,
);

/// Local development: "this machine's origins, on any port, and only in debug builds".
#[actix_web::test]
async fn moving_over_local_development() {
    let _g = shared();
    let app = init_service(
        App::new()
            .wrap(actix_web::middleware::Condition::new(
                cfg!(debug_assertions),
                Cors::new(&LOCAL_DEVELOPMENT),
            ))
            .route("/posts", web::get().to(HttpResponse::Ok)),
    )
    .await;
    for origin in ["http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8080"] {
        let res = send!(app, with_origin(TestRequest::get().uri("/posts"), origin));
        assert_eq!(acao(&res), Some(origin), "{origin}");
        assert_eq!(hv(res.headers(), "access-control-allow-credentials"), Some("true"));
    }
    let res = send!(app, with_origin(TestRequest::get().uri("/posts"), "http://192.168.1.2:3000"));
    assert_eq!(acao(&res), None);
}

/// The "debug mode that opens everything" policy of the README.
static OPEN: Policy = policy!(origins = "*", allow_headers = ["*", "authorization"], expose_headers = "*");

/// "`.origins([o]).methods::<&str>([])`: simple requests only (`GET`, `HEAD`, `POST` with
/// safelisted headers), every preflight refused. Leaving `methods` out allows more: … every
/// standard method on a scope"; the builder "takes strings and `header::AUTHORIZATION`-style
/// `HeaderName`s (and `.methods` takes `Method`s)".
#[actix_web::test]
async fn moving_over_builder_forms() {
    let _g = shared();
    let simple: &'static Policy =
        Policy::builder().origins([APP]).methods::<&str>([]).build().unwrap().into_static();
    let app = init_service(App::new().wrap(Cors::new(simple)).route("/x", web::to(HttpResponse::Ok))).await;
    for method in ["GET", "POST", "PUT"] {
        let pre = send!(app, preflight("/x", APP, method));
        assert_eq!(pre.status(), StatusCode::FORBIDDEN, "{method}");
    }
    let res = send!(app, with_origin(TestRequest::post().uri("/x"), APP));
    assert_eq!(acao(&res), Some(APP));
    let typed = Policy::builder()
        .origins(["https://app.example.com", "https://admin.example.com"])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .methods([Method::GET])
        .credentials(true)
        .build();
    assert!(typed.is_ok());
    // The "debug mode that opens everything" policy of the README compiles.
    let open: &Policy = &OPEN;
    assert_eq!(open.expose_headers_value(), Some("*"));
}

// ---------------------------------------------------------------------------------------------
// Compile-time checks, through `Policy::builder()` ("The rules live in one place, the validator
// in `cors-runtime`, which the attribute calls at compile time and `Policy::builder()` at
// startup"). Each row of the README's table: the rule refused, and a phrase of "the error says".

fn ok() -> PolicyBuilder {
    Policy::builder().origin(APP)
}

fn b() -> PolicyBuilder {
    Policy::builder()
}

#[test]
#[allow(clippy::too_many_lines, reason = "one row per line of the README's table")]
fn compile_time_checks_table() {
    let long_name = "b.a2345678901234567890123456789012345678901234567890123456789012.a2345678901234567890123456789012345678901234567890123456789012.a2345678901234567890123456789012345678901234567890123456789012.a234567890123456789012345678901234567890123456789012345678901";
    assert_eq!(long_name.len(), 252);
    let rows: Vec<(&str, PolicyBuilder, Rule, &str)> = vec![
        (
            "1 any origin with credentials",
            b().origin("*").credentials(true),
            Rule::WildcardWithCredentials,
            "list the origins",
        ),
        (
            "1 * headers with credentials",
            ok().allow_headers(["*"]).credentials(true),
            Rule::WildcardWithCredentials,
            "list the header names",
        ),
        (
            "1 * expose with credentials",
            ok().expose_headers(["*"]).credentials(true),
            Rule::WildcardWithCredentials,
            "",
        ),
        (
            "1 * methods with credentials",
            ok().any_method().credentials(true),
            Rule::WildcardWithCredentials,
            "list the methods",
        ),
        (
            "1 [*, authorization] with credentials",
            ok().allow_headers(["*", "authorization"]).credentials(true),
            Rule::WildcardWithCredentials,
            "",
        ),
        (
            "2 * beside other origins",
            b().origins(["*", "https://a.com"]),
            Rule::DuplicateOrMixed,
            "keep either",
        ),
        (
            "2 a header * covers",
            ok().allow_headers(["*", "content-type"]),
            Rule::DuplicateOrMixed,
            "authorization",
        ),
        (
            "2 preflight key with methods = []",
            ok().methods::<&str>([]).max_age(600),
            Rule::DuplicateOrMixed,
            "list the methods",
        ),
        (
            "2 header listed twice",
            ok().allow_headers(["X-Trace", "x-trace"]),
            Rule::DuplicateOrMixed,
            "remove one",
        ),
        ("2 origin listed twice", b().origins([APP, APP]), Rule::DuplicateOrMixed, ""),
        ("2 method listed twice", ok().methods(["PUT", "PUT"]), Rule::DuplicateOrMixed, ""),
        (
            "3 trailing slash",
            b().origin("https://app.example.com/"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 path",
            b().origin("https://app.example.com/app"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 query",
            b().origin("https://app.example.com?x=1"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 fragment",
            b().origin("https://app.example.com#x"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 userinfo",
            b().origin("https://admin@app.example.com"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 uppercase",
            b().origin("https://App.example.com"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        ("3 whitespace", b().origin(" https://app.example.com"), Rule::MalformedOrigin, ""),
        ("3 non-ASCII", b().origin("https://bücher.example"), Rule::MalformedOrigin, "xn--"),
        (
            "3 empty label",
            b().origin("https://app..example.com"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        ("3 bad punycode", b().origin("https://xn--f.example.com"), Rule::MalformedOrigin, ""),
        (
            "3 name too long for subdomains",
            b().origin(format!("https://*.{long_name}")),
            Rule::MalformedOrigin,
            "253",
        ),
        ("3 port 0", b().origin("https://app.example.com:0"), Rule::MalformedOrigin, "65535"),
        ("3 port 70000", b().origin("https://app.example.com:70000"), Rule::MalformedOrigin, "65535"),
        ("3 port 0443", b().origin("https://app.example.com:0443"), Rule::MalformedOrigin, "leading zero"),
        (
            "3 default port",
            b().origin("https://app.example.com:443"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 default http port",
            b().origin("http://app.example.com:80"),
            Rule::MalformedOrigin,
            "write `http://app.example.com`",
        ),
        (
            "3 no scheme",
            b().origin("app.example.com"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        (
            "3 wss",
            b().origin("wss://app.example.com"),
            Rule::MalformedOrigin,
            "write `https://app.example.com`",
        ),
        ("3 ipv4 127.0.0.01", b().origin("http://127.0.0.01"), Rule::MalformedOrigin, "`http://127.0.0.1`"),
        ("3 ipv4 127.0.0.010", b().origin("http://127.0.0.010"), Rule::MalformedOrigin, "`http://127.0.0.8`"),
        ("3 ipv4 0x7f.0.0.1", b().origin("http://0x7f.0.0.1"), Rule::MalformedOrigin, "`http://127.0.0.1`"),
        ("3 ipv6 [::0001]", b().origin("http://[::0001]"), Rule::MalformedOrigin, "`http://[::1]`"),
        ("3 empty list", b(), Rule::MalformedOrigin, ""),
        ("4 null", b().origin("null"), Rule::OpaqueOrigin, "sandboxed"),
        ("4 file", b().origin("file:///home/me/index.html"), Rule::OpaqueOrigin, ""),
        ("5 app-*", b().origin("https://app-*.example.com"), Rule::MisplacedWildcard, "whole leading label"),
        ("5 *://", b().origin("*://a.com"), Rule::MisplacedWildcard, ""),
        ("5 :80*", b().origin("http://localhost:80*"), Rule::MisplacedWildcard, ""),
        ("5 *.co.uk", b().origin("https://*.co.uk"), Rule::MisplacedWildcard, "your own domain"),
        ("5 *.github.io", b().origin("https://*.github.io"), Rule::MisplacedWildcard, "your own domain"),
        ("5 *.internal", b().origin("https://*.internal"), Rule::MisplacedWildcard, "your own domain"),
        ("5 *.com", b().origin("https://*.com"), Rule::MisplacedWildcard, ""),
        (
            "5 *.amazonaws.com with credentials",
            b().origin("https://*.amazonaws.com").credentials(true),
            Rule::MisplacedWildcard,
            "s3.amazonaws.com",
        ),
        (
            "6 plain http with credentials",
            b().origin("http://app.example.com").credentials(true),
            Rule::InsecureCredentials,
            "https://",
        ),
        ("7 regex does not compile", b().origin_regex("https://(app"), Rule::UnsafeRegex, "unclosed group"),
        (
            "7 leaking dot",
            b().origin_regex("https://app.example.com"),
            Rule::UnsafeRegex,
            r"https://app\.example\.com",
        ),
        ("7 no scheme", b().origin_regex(r"[a-z]+\.example\.com"), Rule::UnsafeRegex, "scheme"),
        ("7 leaks .*", b().origin_regex(r"https://app\.example\.com.*"), Rule::UnsafeRegex, ""),
        ("7 leaks .*example", b().origin_regex(r"https://.*example\.com"), Rule::UnsafeRegex, ""),
        ("7 leaks .+", b().origin_regex(r"https://.+"), Rule::UnsafeRegex, ""),
        (
            "7 hosts under github.io",
            b().origin_regex(r"https://[a-z0-9-]+\.github\.io"),
            Rule::UnsafeRegex,
            "",
        ),
        ("7 an IP range", b().origin_regex(r"https://10\.0\.0\.[0-9]+"), Rule::UnsafeRegex, ""),
        (
            "7 labels after the host",
            b().origin_regex(r"https://app\.example\.com(\.[a-z]+)?"),
            Rule::UnsafeRegex,
            "",
        ),
        (
            "7 closes its anchoring",
            b().origin_regex(r"https://a\.example\.com)|(.*"),
            Rule::UnsafeRegex,
            "unopened group",
        ),
        (
            "4,6 https? with credentials",
            b().origin_regex(r"https?://a\.com").credentials(true),
            Rule::InsecureCredentials,
            "https://",
        ),
        (
            "7 regex over amazonaws with credentials",
            b().origin_regex(r"https://([a-z0-9-]+\.)+amazonaws\.com").credentials(true),
            Rule::UnsafeRegex,
            "",
        ),
        ("8 not a token", ok().methods(["PO ST"]), Rule::InvalidMethod, "token"),
        ("8 * in a list", ok().methods(["*"]), Rule::InvalidMethod, "methods = \"*\""),
        ("8 CONNECT", ok().methods(["CONNECT"]), Rule::InvalidMethod, ""),
        ("8 TRACE", ok().methods(["TRACE"]), Rule::InvalidMethod, ""),
        ("8 TRACK", ok().methods(["TRACK"]), Rule::InvalidMethod, ""),
        ("8 patch", ok().methods(["patch"]), Rule::InvalidMethod, "PATCH"),
        ("8 put", ok().methods(["put"]), Rule::InvalidMethod, "PUT"),
        ("9 x trace", ok().allow_headers(["x trace"]), Rule::InvalidHeader, "token"),
        ("9 cookie", ok().allow_headers(["cookie"]), Rule::InvalidHeader, "credentials"),
        ("9 host", ok().allow_headers(["host"]), Rule::InvalidHeader, ""),
        ("9 origin", ok().allow_headers(["origin"]), Rule::InvalidHeader, ""),
        ("9 referer", ok().allow_headers(["referer"]), Rule::InvalidHeader, ""),
        ("9 content-length", ok().allow_headers(["content-length"]), Rule::InvalidHeader, ""),
        ("9 connection", ok().allow_headers(["connection"]), Rule::InvalidHeader, ""),
        ("9 sec-*", ok().allow_headers(["sec-fetch-mode"]), Rule::InvalidHeader, ""),
        ("9 proxy-*", ok().allow_headers(["proxy-authorization"]), Rule::InvalidHeader, ""),
        (
            "9 ACRPN allowed",
            ok().allow_headers(["access-control-request-private-network"]),
            Rule::InvalidHeader,
            "preflight request header",
        ),
        ("9 set-cookie exposed", ok().expose_headers(["set-cookie"]), Rule::InvalidHeader, ""),
        ("9 set-cookie2 exposed", ok().expose_headers(["set-cookie2"]), Rule::InvalidHeader, ""),
        ("9 ACAO allowed", ok().allow_headers(["access-control-allow-origin"]), Rule::InvalidHeader, ""),
        ("9 ACAC allowed", ok().allow_headers(["access-control-allow-credentials"]), Rule::InvalidHeader, ""),
        ("9 ACEH allowed", ok().allow_headers(["access-control-expose-headers"]), Rule::InvalidHeader, ""),
        ("9 ACMA allowed", ok().allow_headers(["access-control-max-age"]), Rule::InvalidHeader, ""),
        ("9 origin exposed", ok().expose_headers(["origin"]), Rule::InvalidHeader, ""),
        ("9 ACRM exposed", ok().expose_headers(["access-control-request-method"]), Rule::InvalidHeader, ""),
        ("9 ACRH exposed", ok().expose_headers(["access-control-request-headers"]), Rule::InvalidHeader, ""),
        ("9 ACAM exposed", ok().expose_headers(["access-control-allow-methods"]), Rule::InvalidHeader, ""),
        ("9 ACAH exposed", ok().expose_headers(["access-control-allow-headers"]), Rule::InvalidHeader, ""),
        ("9 ACMA exposed", ok().expose_headers(["access-control-max-age"]), Rule::InvalidHeader, ""),
        ("10 604800", ok().max_age(604_800), Rule::MaxAgeOutOfRange, "86400"),
        ("10 86401", ok().max_age(86_401), Rule::MaxAgeOutOfRange, ""),
        ("10 -1", ok().max_age(-1), Rule::MaxAgeOutOfRange, ""),
        (
            "12 * with private network",
            b().origin("*").private_network(true),
            Rule::UnsafePrivateNetwork,
            "list the origins",
        ),
        (
            "12 http with private network",
            b().origin("http://app.example.com").private_network(true),
            Rule::UnsafePrivateNetwork,
            "https://",
        ),
        (
            "12 https? regex with private network",
            b().origin_regex(r"https?://[a-z]+\.example\.com").private_network(true),
            Rule::UnsafePrivateNetwork,
            "",
        ),
    ];
    let total = rows.len();
    let mut wrong = Vec::new();
    for (label, builder, rule, phrase) in rows {
        match builder.build() {
            Ok(_) => wrong.push(format!("{label}: accepted")),
            Err(errors) => {
                if !errors.iter().any(|v| v.rule() == rule) {
                    wrong.push(format!(
                        "{label}: rules {:?}, not {rule:?}: {errors}",
                        errors.iter().map(strict_cors::Violation::rule).collect::<Vec<_>>()
                    ));
                } else if !phrase.is_empty() && !errors.to_string().contains(phrase) {
                    wrong.push(format!("{label}: no {phrase:?} in: {errors}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {total} rows do not hold:\n{}", wrong.len(), wrong.join("\n"));
}

/// What the README says is fine: `*.localhost`; `*.amazonaws.com` without credentials; loopback
/// and `localhost` with credentials or private network; `max_age` 0 and 86400; `["*",
/// "authorization"]` without credentials; a regex whose hosts are all under one domain of yours.
#[test]
fn compile_time_checks_accept_what_the_readme_allows() {
    let rows: Vec<(&str, PolicyBuilder)> = vec![
        ("*.localhost", b().origin("http://*.localhost:*")),
        ("*.localhost with credentials", b().origin("http://*.localhost:*").credentials(true)),
        ("*.amazonaws.com without credentials", b().origin("https://*.amazonaws.com")),
        ("localhost with credentials", b().origin("http://localhost:3000").credentials(true)),
        ("127.0.0.1 with credentials", b().origin("http://127.0.0.1:3000").credentials(true)),
        ("[::1] with credentials", b().origin("http://[::1]:3000").credentials(true)),
        ("localhost with private network", b().origin("http://localhost:*").private_network(true)),
        ("127.0.0.1 with private network", b().origin("http://127.0.0.1:8080").private_network(true)),
        ("max_age 0", ok().max_age(0)),
        ("max_age 86400", ok().max_age(86_400)),
        ("* and authorization", ok().allow_headers(["*", "authorization"])),
        ("expose *", ok().expose_headers(["*"])),
        ("PURGE", ok().methods(["PURGE"])),
        (
            "regex under one domain, credentials",
            b().origin_regex(r"https://pr-[0-9]+\.preview\.example\.com").credentials(true),
        ),
        ("IPv6 host", b().origin("https://[2001:db8::1]:8443")),
        ("IPv4 host", b().origin("https://192.0.2.1")),
    ];
    let wrong: Vec<String> = rows
        .into_iter()
        .filter_map(|(label, builder)| builder.build().err().map(|e| format!("{label}: {e}")))
        .collect();
    assert!(wrong.is_empty(), "refused:\n{}", wrong.join("\n"));
}

/// "Regexes are judged by what they match, not by how they are written: `regex(..)`,
/// `"https://*.example.com"` and a list that allow the same hosts get the same verdict."
#[test]
fn regexes_are_judged_by_what_they_match() {
    let pairs: Vec<(&str, PolicyBuilder, PolicyBuilder)> = vec![
        ("co.uk", b().origin("https://*.co.uk"), b().origin_regex(r"https://([a-z0-9-]+\.)+co\.uk")),
        (
            "amazonaws, credentials",
            b().origin("https://*.amazonaws.com").credentials(true),
            b().origin_regex(r"https://([a-z0-9-]+\.)+amazonaws\.com").credentials(true),
        ),
        (
            "example.com",
            b().origin("https://*.example.com").credentials(true),
            b().origin_regex(r"https://([a-z0-9-]+\.)+example\.com").credentials(true),
        ),
        (
            "a list",
            b().origins(["https://a.example.com", "https://b.example.com"]).credentials(true),
            b().origin_regex(r"https://(a|b)\.example\.com").credentials(true),
        ),
        (
            "plain http, credentials",
            b().origin("http://app.example.com").credentials(true),
            b().origin_regex(r"http://app\.example\.com").credentials(true),
        ),
        (
            "one fixed loopback origin, credentials",
            b().origin("http://localhost:5173").credentials(true),
            b().origin_regex(r"http://localhost:5173").credentials(true),
        ),
        (
            "http localhost, credentials",
            b().origin("http://localhost:*").credentials(true),
            b().origin_regex(r"http://localhost(:[0-9]+)?").credentials(true),
        ),
    ];
    let wrong: Vec<String> = pairs
        .into_iter()
        .filter_map(|(label, literal, regex)| {
            let (l, r) = (literal.build(), regex.build());
            (l.is_ok() != r.is_ok()).then(|| {
                format!(
                    "{label}: literal {:?}, regex {:?}",
                    l.err().map(|e| e.to_string()),
                    r.err().map(|e| e.to_string())
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "different verdicts:\n{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// More from "What `#[cors]` keeps and adds" and the Layer's guards.

#[cors(origins = ["https://app.example.com"], methods = ["PUT"])]
#[route("/two", method = "PUT", method = "PATCH")]
async fn two_methods() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[route("/three", method = "PUT", method = "OPTIONS")]
async fn serves_options() -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "three")).finish()
}

/// "refusing (403) one its policy's `methods` do not list unless a `Cors::new` scope around
/// answers it"; a route serving OPTIONS, for a method it does not serve: "inside a `Cors::new`
/// scope, the scope's policy answers it instead".
#[actix_web::test]
async fn a_cors_scope_answers_what_the_route_policy_does_not_list() {
    let _g = shared();
    let bare = init_service(App::new().service(two_methods)).await;
    let pre = send!(bare, preflight("/two", APP, "PATCH"));
    assert_eq!(pre.status(), StatusCode::FORBIDDEN);
    let app = init_service(
        App::new()
            .service(web::scope("/s").wrap(Cors::new(&NAMED)).service(two_methods).service(serves_options)),
    )
    .await;
    let pre = send!(app, preflight("/s/two", APP, "PATCH"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-max-age"), Some("600"), "the scope's policy");
    let pre = send!(app, preflight("/s/three", APP, "DELETE"));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(hv(pre.headers(), "access-control-max-age"), Some("600"), "the scope's policy");
    assert_eq!(hv(pre.headers(), RAN), None);
}

/// Layer: "Between two `#[cors]` routes for the same path and method with different policies,
/// each with `guard`s of its own (one per host, say), the layer chooses as the router does …
/// the route whose guards accept the request answers for it, a refusal by auth in front of it
/// included …; a request those guards all refuse reaches none of them, and what answers it gets
/// no CORS headers".
#[actix_web::test]
async fn layer_chooses_among_guarded_routes_as_the_router_does() {
    let _g = shared();
    let app =
        init_service(App::new().service(hosted_a).service(hosted_b).wrap(from_fn(require_token)).wrap(Layer))
            .await;
    let b_refused = send!(
        app,
        with_origin(TestRequest::put().uri("/hosted"), "https://b.example.com")
            .insert_header(("host", "b.test"))
    );
    assert_eq!(b_refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&b_refused), Some("https://b.example.com"));
    let a_from_b = send!(
        app,
        with_origin(TestRequest::put().uri("/hosted"), "https://b.example.com")
            .insert_header(("host", "a.test"))
    );
    assert_eq!(acao(&a_from_b), None);
    let pre =
        send!(app, preflight("/hosted", "https://b.example.com", "PUT").insert_header(("host", "b.test")));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    let pre =
        send!(app, preflight("/hosted", "https://a.example.com", "PUT").insert_header(("host", "c.test")));
    assert_eq!(pre.status(), StatusCode::NO_CONTENT, "the first route's policy answers");
    let none = send!(
        app,
        with_origin(TestRequest::put().uri("/hosted"), "https://a.example.com")
            .insert_header(("host", "c.test"))
    );
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(none.headers()), Vec::<String>::new());
}
