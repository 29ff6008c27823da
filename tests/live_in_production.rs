//! `LivePolicy` as a deployment uses it: an origin list loaded from a database at start-up and
//! reloaded while the server runs (customers adding and removing their domains), under every
//! wiring (`#[cors(policy = ..)]`, `Cors::new`, `Cors::scope`, `Layer` behind `from_fn` auth),
//! with requests in flight across a reload, a real `HttpServer` with two workers reloaded from
//! another thread, ten thousand origins, the report, and `testing::Browser`'s preflight cache.
//!
//! Contract: SPEC §5 ("readers never lock, never see two policies mixed in one response, and the
//! old policy is freed when unused"; "`reload` takes a `Policy` from the runtime builder (so it
//! is already validated)"), README "Live policies", `LivePolicy::reload`'s documentation
//! ("Requests that reached it already finish with the policy they found").

#![allow(clippy::too_many_lines, clippy::similar_names, clippy::assertions_on_constants, missing_docs)]

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, Error, HttpResponse, Responder, error, get, route, web};
use strict_cors::testing::{Browser, Credentials, Request};
use strict_cors::{Cors, Layer, LivePolicy, Mount, Policy, cors, policy};
use support::{Answer, cors_headers, get as header, preflight, vary};

mod support;

const APP: &str = "https://app.example.com";
const TENANT: &str = "https://shop.tenant-one.com";
const TENANT_SUB: &str = "https://eu.tenant-two.com";
const EVIL: &str = "https://evil.example.net";
const BOOTSTRAP: &str = "https://bootstrap.example.com";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A point a handler or middleware stops at, so that the test can reload while it waits.
struct Gate {
    entered: AtomicBool,
    open: AtomicBool,
}

impl Gate {
    const fn new() -> Gate {
        Gate { entered: AtomicBool::new(false), open: AtomicBool::new(false) }
    }

    fn reset(&self) {
        self.entered.store(false, Ordering::SeqCst);
        self.open.store(false, Ordering::SeqCst);
    }

    /// Waits (yielding to the executor) until the test opens the gate; open at once if the
    /// test is not driving it.
    async fn pass(&self) {
        self.entered.store(true, Ordering::SeqCst);
        while !self.open.load(Ordering::SeqCst) {
            actix_web::rt::task::yield_now().await;
        }
    }
}

/// Drives `request` until it stops at `gate`, runs `reload`, opens the gate, and returns the
/// request's output; panics if the request finished without reaching the gate.
async fn reload_midway<F: Future>(request: F, gate: &Gate, reload: impl FnOnce()) -> F::Output {
    gate.reset();
    let mut request = pin!(request);
    let mut reload = Some(reload);
    poll_fn(|cx| {
        if let Poll::Ready(out) = request.as_mut().poll(cx) {
            assert!(reload.is_none(), "the request finished before reaching the gate");
            return Poll::Ready(out);
        }
        if gate.entered.load(Ordering::SeqCst) && reload.is_some() {
            (reload.take().unwrap())();
            gate.open.store(true, Ordering::SeqCst);
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await
}

macro_rules! call {
    ($app:expr, $request:expr $(,)?) => {
        Answer::of($app.call($request.to_request()).await).await
    };
}

fn get_from(path: &str, origin: &str) -> TestRequest {
    TestRequest::get().uri(path).insert_header((header::ORIGIN, origin))
}

fn acao(res: &Answer) -> Option<&str> {
    header(res.headers(), "access-control-allow-origin")
}

fn varies_on_origin(headers: &HeaderMap) -> bool {
    vary(headers).iter().flat_map(|v| v.split(',')).any(|v| v.trim().eq_ignore_ascii_case("origin"))
}

/// Auth refusing with `Ok(401)`; passes with `authorization`.
async fn auth_ok401(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Ok(req.into_response(HttpResponse::Unauthorized().body("sign in")).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// Auth refusing with `Err(401)`; passes with `authorization`.
async fn auth_err(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Err(error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}

/// The rows of the `tenants` table, as a start-up query returns them.
fn load_tenant_rows() -> Vec<String> {
    vec![APP.to_owned(), TENANT.to_owned(), "https://*.tenant-two.com".to_owned()]
}

// ---------------------------------------------------------------------------------------------
// 1. A list loaded at start-up, served by every wiring
// ---------------------------------------------------------------------------------------------

/// Declared with a placeholder (a `static` needs a compile-time policy), replaced at start-up by
/// the list from the database before the server is built.
static STARTUP: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://bootstrap.example.com"],
    allow_headers = ["authorization", "content-type"],
    credentials,
));

#[cors(policy = STARTUP)]
#[get("/orders")]
async fn startup_orders() -> impl Responder {
    HttpResponse::Ok().body("orders")
}

#[actix_web::test]
async fn a_list_loaded_at_startup_is_served_by_handlers_cors_scopes_and_the_layer() {
    let policy = Policy::builder()
        .origins(load_tenant_rows())
        .allow_headers(["authorization", "content-type"])
        .credentials(true)
        .build()
        .expect("the table holds valid origins");
    STARTUP.reload(policy);

    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth_err)).service(startup_orders))
            .service(web::resource("/feed").wrap(Cors::new(&STARTUP)).route(web::get().to(HttpResponse::Ok)))
            .service(
                Cors::new(&STARTUP)
                    .scope("/partners")
                    .wrap(from_fn(auth_ok401))
                    .route("/reports", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;

    for origin in [APP, TENANT, TENANT_SUB] {
        // The #[cors] route behind `Err` auth: the 401 is readable, the preflight never sees auth.
        let res = call!(app, get_from("/api/orders", origin));
        assert_eq!((res.status(), acao(&res)), (StatusCode::UNAUTHORIZED, Some(origin)), "{origin}");
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
        assert!(varies_on_origin(res.headers()));
        let res = call!(
            app,
            preflight("/api/orders", origin, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        );
        assert_eq!((res.status(), acao(&res)), (StatusCode::NO_CONTENT, Some(origin)), "{origin}");
        let signed_in = get_from("/api/orders", origin).insert_header((header::AUTHORIZATION, "Bearer t"));
        let res = call!(app, signed_in);
        assert_eq!((res.status(), acao(&res), res.body()), (StatusCode::OK, Some(origin), "orders"));

        // `Cors::new(&LIVE)` on a resource.
        let res = call!(app, get_from("/feed", origin));
        assert_eq!((res.status(), acao(&res)), (StatusCode::OK, Some(origin)));
        let res = call!(app, preflight("/feed", origin, "PUT"));
        assert_eq!((res.status(), acao(&res)), (StatusCode::NO_CONTENT, Some(origin)));

        // `Cors::scope` with `Ok(401)` auth inside, behind the layer.
        let res = call!(app, get_from("/partners/reports", origin));
        assert_eq!((res.status(), acao(&res)), (StatusCode::UNAUTHORIZED, Some(origin)), "{origin}");
        let res = call!(
            app,
            preflight("/partners/reports", origin, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
        );
        assert_eq!((res.status(), acao(&res)), (StatusCode::NO_CONTENT, Some(origin)));
    }

    // The placeholder is gone, the apex of the pattern and strangers never were in.
    for origin in [BOOTSTRAP, "https://tenant-two.com", EVIL] {
        for path in ["/api/orders", "/feed", "/partners/reports"] {
            let res = call!(app, get_from(path, origin));
            assert!(cors_headers(res.headers()).is_empty(), "{origin} {path}: {:?}", res.headers());
            assert!(varies_on_origin(res.headers()), "{origin} {path}");
            let res = call!(app, preflight(path, origin, "GET"));
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin} {path}");
            assert!(cors_headers(res.headers()).is_empty(), "{origin} {path}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Requests in flight across a reload
// ---------------------------------------------------------------------------------------------

/// Policy A: `APP` with credentials, exposing `x-old`. Policy B: `TENANT` only, no credentials,
/// exposing `x-new`. Every response must be all of one.
fn policy_a() -> Policy {
    Policy::builder().origin(APP).credentials(true).expose_headers(["x-old"]).build().unwrap()
}

fn policy_b() -> Policy {
    Policy::builder().origin(TENANT).expose_headers(["x-new"]).build().unwrap()
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Which {
    A,
    B,
    /// Neither grants this origin.
    Refused,
}

/// Which of A and B the response's headers are, for a request from `origin`; panics on a mix.
fn which(origin: &str, res: &Answer) -> Which {
    let h = res.headers();
    let got = (
        header(h, "access-control-allow-origin"),
        header(h, "access-control-allow-credentials"),
        header(h, "access-control-expose-headers"),
    );
    match got {
        (Some(o), Some("true"), Some("x-old")) if o == origin && origin == APP => Which::A,
        (Some(o), None, Some("x-new")) if o == origin && origin == TENANT => Which::B,
        (None, None, None) => Which::Refused,
        other => panic!("a response from {origin} mixes two policies or grants a stranger: {other:?}"),
    }
}

static INFLIGHT: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials, expose_headers = ["x-old"],));
static INFLIGHT_GATE: Gate = Gate::new();

#[cors(policy = INFLIGHT)]
#[get("/slow")]
async fn inflight_slow() -> impl Responder {
    INFLIGHT_GATE.pass().await;
    HttpResponse::Ok().body("slow")
}

async fn inflight_plain() -> HttpResponse {
    INFLIGHT_GATE.pass().await;
    HttpResponse::Ok().body("plain")
}

/// A handler that awaits, the policy reloaded meanwhile, then the response: it carries the
/// policy the request started with, whole, under each wiring (`LivePolicy::reload`: "Requests
/// that reached it already finish with the policy they found").
#[actix_web::test]
async fn a_response_completing_after_a_reload_carries_the_policy_it_started_with() {
    macro_rules! scenario {
        ($label:expr, $app:expr, $path:expr) => {{
            let app = init_service($app).await;
            for (origin, expected) in [(APP, Which::A), (TENANT, Which::Refused)] {
                INFLIGHT.reload(policy_a());
                let res =
                    reload_midway(app.call(get_from($path, origin).to_request()), &INFLIGHT_GATE, || {
                        INFLIGHT.reload(policy_b())
                    })
                    .await;
                let res = Answer::of(res).await;
                assert_eq!(res.status(), StatusCode::OK, "{}", $label);
                assert_eq!(which(origin, &res), expected, "{}: from {origin}: {:?}", $label, res.headers());
                assert!(varies_on_origin(res.headers()), "{}", $label);
                // The next request sees B.
                let res = call!(app, get_from($path, TENANT));
                assert_eq!(which(TENANT, &res), Which::B, "{}", $label);
            }
        }};
    }
    scenario!("#[cors] alone", App::new().service(inflight_slow), "/slow");
    scenario!("#[cors] behind Layer", App::new().service(inflight_slow).wrap(Layer), "/slow");
    scenario!(
        "Cors::new on a scope",
        App::new().service(
            web::scope("/s").wrap(Cors::new(&INFLIGHT)).route("/plain", web::get().to(inflight_plain))
        ),
        "/s/plain"
    );
    scenario!(
        "Cors::scope behind Layer",
        App::new()
            .service(Cors::new(&INFLIGHT).scope("/s").route("/plain", web::get().to(inflight_plain)))
            .wrap(Layer),
        "/s/plain"
    );
}

static AWAITING_AUTH: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials, expose_headers = ["x-old"],));
static AUTH_GATE: Gate = Gate::new();

/// Auth that looks the token up somewhere slow (a session store) before deciding.
async fn awaiting_auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    AUTH_GATE.pass().await;
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Ok(req.into_response(HttpResponse::Unauthorized().body("sign in")).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

#[cors(policy = AWAITING_AUTH)]
#[get("/me")]
async fn awaiting_auth_me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

/// The reload lands while auth in front of the route awaits. Each response must still be one
/// policy, whole. README (Layer): a route answers "with the policy it had when the request
/// reached it"; a refusal in front of it with the route's policy as found when the request came.
#[actix_web::test]
async fn a_reload_while_auth_in_front_of_the_route_awaits_gives_one_policy_per_response() {
    for layered in [false, true] {
        for signed_in in [true, false] {
            let mut request = get_from("/api/me", APP);
            if signed_in {
                request = request.insert_header((header::AUTHORIZATION, "Bearer t"));
            }
            AWAITING_AUTH.reload(policy_a());
            let res = if layered {
                let app = init_service(
                    App::new()
                        .service(web::scope("/api").wrap(from_fn(awaiting_auth)).service(awaiting_auth_me))
                        .wrap(Layer),
                )
                .await;
                let res = reload_midway(app.call(request.to_request()), &AUTH_GATE, || {
                    AWAITING_AUTH.reload(policy_b());
                })
                .await;
                Answer::of(res).await
            } else {
                let app = init_service(
                    App::new()
                        .service(web::scope("/api").wrap(from_fn(awaiting_auth)).service(awaiting_auth_me)),
                )
                .await;
                let res = reload_midway(app.call(request.to_request()), &AUTH_GATE, || {
                    AWAITING_AUTH.reload(policy_b());
                })
                .await;
                Answer::of(res).await
            };
            let got = which(APP, &res);
            println!("layered {layered}, signed in {signed_in}: status {}, policy {got:?}", res.status());
            if layered || signed_in {
                assert!(varies_on_origin(res.headers()), "layered {layered}, signed in {signed_in}");
            }
            if signed_in {
                // The route is reached after the reload: B, which refuses APP.
                assert_eq!((res.status(), got), (StatusCode::OK, Which::Refused), "layered {layered}");
            } else if layered {
                // The layer found the route's policy when the request came: A.
                assert_eq!((res.status(), got), (StatusCode::UNAUTHORIZED, Which::A));
            } else {
                // Without the layer nothing answers for auth's refusal (README: use Layer).
                assert_eq!((res.status(), got), (StatusCode::UNAUTHORIZED, Which::Refused));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Removing and adding an origin
// ---------------------------------------------------------------------------------------------

static CHURN: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://app.example.com", "https://shop.tenant-one.com"],
    allow_headers = ["content-type"],
    credentials,
    max_age = 600,
));

#[cors(policy = CHURN)]
#[route("/churn", method = "GET", method = "PUT")]
async fn churn() -> impl Responder {
    HttpResponse::Ok().body("churn")
}

/// The tenants' policy for `origins`, as a reload from the database builds it.
fn churn_policy(origins: &[&str]) -> Policy {
    Policy::builder()
        .origins(origins)
        .allow_headers(["content-type"])
        .credentials(true)
        .max_age(600)
        .build()
        .unwrap()
}

/// A customer removed from the table: refused from the very next preflight and actual request,
/// under every wiring, with no grant left over, and `Vary: Origin` still on every answer. Then
/// added back: granted at once.
#[actix_web::test]
async fn removing_an_origin_refuses_it_at_once_and_adding_it_back_grants_it_at_once() {
    let app = init_service(
        App::new()
            .service(churn)
            .service(web::scope("/s").wrap(Cors::new(&CHURN)).route("/x", web::put().to(HttpResponse::Ok)))
            .service(
                Cors::new(&CHURN)
                    .scope("/p")
                    .wrap(from_fn(auth_err))
                    .route("/x", web::put().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let paths = ["/churn", "/s/x", "/p/x"];
    let pf = |path: &str| {
        preflight(path, TENANT, "PUT").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
    };
    let actual = |path: &str| TestRequest::put().uri(path).insert_header((header::ORIGIN, TENANT));

    CHURN.reload(churn_policy(&[APP, TENANT]));
    for path in paths {
        let res = call!(app, pf(path));
        assert_eq!((res.status(), acao(&res)), (StatusCode::NO_CONTENT, Some(TENANT)), "{path}");
        assert_eq!(header(res.headers(), "access-control-max-age"), Some("600"));
        let res = call!(app, actual(path));
        assert_eq!(acao(&res), Some(TENANT), "{path}");
    }

    CHURN.reload(churn_policy(&[APP]));
    for path in paths {
        let res = call!(app, pf(path));
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(cors_headers(res.headers()).is_empty(), "{path}: {:?}", res.headers());
        assert!(varies_on_origin(res.headers()), "{path}: {:?}", vary(res.headers()));
        let res = call!(app, actual(path));
        assert!(cors_headers(res.headers()).is_empty(), "{path}: stale grant {:?}", res.headers());
        assert!(varies_on_origin(res.headers()), "{path}");
        // The customer who stays is untouched.
        let res = call!(app, TestRequest::put().uri(path).insert_header((header::ORIGIN, APP)));
        assert_eq!(acao(&res), Some(APP), "{path}");
        // A request without Origin varies too, so a cache never hands one answer to another.
        let res = call!(app, TestRequest::put().uri(path));
        assert!(varies_on_origin(res.headers()), "{path}: {:?}", res.headers());
        assert!(cors_headers(res.headers()).is_empty());
    }

    CHURN.reload(churn_policy(&[APP, TENANT]));
    for path in paths {
        let res = call!(app, pf(path));
        assert_eq!((res.status(), acao(&res)), (StatusCode::NO_CONTENT, Some(TENANT)), "{path}");
        let res = call!(app, actual(path));
        assert_eq!(acao(&res), Some(TENANT), "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    }
}

// ---------------------------------------------------------------------------------------------
// 4. A reload that changes every other key
// ---------------------------------------------------------------------------------------------

static RESHAPED: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://app.example.com"],
    methods = ["GET", "PUT"],
    allow_headers = ["x-old"],
    expose_headers = ["x-old"],
    credentials,
    max_age = 600,
));

#[cors(policy = RESHAPED)]
#[route("/doc", method = "GET", method = "PUT", method = "DELETE")]
async fn reshaped_doc() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-old", "1")).insert_header(("x-new", "2")).body("doc")
}

/// Methods, allowed and exposed headers, credentials, max-age and private network all follow
/// the reload, on a `#[cors]` route and under `Cors::new`, preflights and actual requests.
#[actix_web::test]
async fn a_reload_to_other_methods_headers_credentials_and_max_age_applies_whole() {
    let app = init_service(
        App::new()
            .service(reshaped_doc)
            .service(web::scope("/s").wrap(Cors::new(&RESHAPED)).route("/doc", web::to(HttpResponse::Ok))),
    )
    .await;
    let pf = |path: &str, method: &str, headers: &str| {
        let mut request = preflight(path, APP, method);
        if !headers.is_empty() {
            request = request.insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, headers));
        }
        request
    };
    for path in ["/doc", "/s/doc"] {
        let res = call!(app, pf(path, "PUT", "x-old"));
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(header(res.headers(), "access-control-max-age"), Some("600"));
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
        assert_eq!(call!(app, pf(path, "DELETE", "")).status(), StatusCode::FORBIDDEN, "{path}");
    }

    RESHAPED.reload(
        Policy::builder()
            .origin(APP)
            .methods(["GET", "DELETE"])
            .allow_headers(["x-new"])
            .expose_headers(["x-new"])
            .max_age(30)
            .private_network(true)
            .build()
            .unwrap(),
    );
    for path in ["/doc", "/s/doc"] {
        assert_eq!(call!(app, pf(path, "PUT", "")).status(), StatusCode::FORBIDDEN, "{path}: PUT gone");
        assert_eq!(call!(app, pf(path, "DELETE", "x-old")).status(), StatusCode::FORBIDDEN, "{path}");
        let res = call!(
            app,
            pf(path, "DELETE", "x-new").insert_header(("access-control-request-private-network", "true")),
        );
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        let h = res.headers();
        assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
        assert_eq!(header(h, "access-control-allow-credentials"), None, "{path}: credentials dropped");
        assert_eq!(header(h, "access-control-max-age"), Some("30"), "{path}");
        assert_eq!(header(h, "access-control-allow-headers"), Some("x-new"), "{path}");
        let methods = header(h, "access-control-allow-methods").unwrap_or_default();
        assert!(methods.contains("DELETE") && !methods.contains("PUT"), "{path}: {methods}");
        assert_eq!(header(h, "access-control-allow-private-network"), Some("true"), "{path}");

        let res = call!(app, TestRequest::delete().uri(path).insert_header((header::ORIGIN, APP)));
        let h = res.headers();
        assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
        assert_eq!(header(h, "access-control-allow-credentials"), None, "{path}");
        assert_eq!(header(h, "access-control-expose-headers"), Some("x-new"), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// 5. A real server, two workers, reloaded from another thread
// ---------------------------------------------------------------------------------------------

const BOTH: &str = "https://both.example.com";
const ONLY_A: &str = "https://a.example.com";
const ONLY_B: &str = "https://b.example.com";

static TCP_LIVE: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://a.example.com", "https://both.example.com"],
    methods = ["GET", "PUT"],
    allow_headers = ["x-a"],
    expose_headers = ["x-a"],
    credentials,
    max_age = 600,
));

fn tcp_a() -> Policy {
    Policy::builder()
        .origins([ONLY_A, BOTH])
        .methods(["GET", "PUT"])
        .allow_headers(["x-a"])
        .expose_headers(["x-a"])
        .credentials(true)
        .max_age(600)
        .build()
        .unwrap()
}

fn tcp_b() -> Policy {
    Policy::builder()
        .origins([ONLY_B, BOTH])
        .methods(["GET", "DELETE"])
        .allow_headers(["x-b"])
        .expose_headers(["x-b"])
        .max_age(60)
        .build()
        .unwrap()
}

#[cors(policy = TCP_LIVE)]
#[route("/tcp", method = "GET", method = "PUT", method = "DELETE")]
async fn tcp_route() -> impl Responder {
    actix_web::rt::task::yield_now().await;
    HttpResponse::Ok().body("tcp")
}

/// What a response's CORS headers are, as (name, value) sorted: the whole CORS answer.
type CorsAnswer = (u16, Vec<(String, String)>);

/// What policy `a` (else B) answers a request of `kind` from `origin`.
fn expected(a: bool, kind: &str, origin: &str) -> CorsAnswer {
    let allowed = if a { [ONLY_A, BOTH].contains(&origin) } else { [ONLY_B, BOTH].contains(&origin) };
    let tag = if a { "x-a" } else { "x-b" };
    let mut h: Vec<(String, String)> = Vec::new();
    let mut add = |n: &str, v: &str| h.push((n.to_owned(), v.to_owned()));
    let status = match kind {
        // Actual GET /tcp, GET /scoped/x without auth (401).
        "get" | "get401" => {
            if allowed {
                add("access-control-allow-origin", origin);
                if a {
                    add("access-control-allow-credentials", "true");
                }
                add("access-control-expose-headers", tag);
            }
            if kind == "get" { 200 } else { 401 }
        }
        // Preflight PUT with x-a (A's), DELETE with x-b (B's).
        "put" | "delete" => {
            let fits = (kind == "put") == a;
            if allowed && fits {
                add("access-control-allow-origin", origin);
                if a {
                    add("access-control-allow-credentials", "true");
                }
                add("access-control-allow-methods", if a { "GET, PUT" } else { "GET, DELETE" });
                add("access-control-allow-headers", tag);
                add("access-control-max-age", if a { "600" } else { "60" });
                204
            } else {
                403
            }
        }
        _ => unreachable!(),
    };
    h.sort();
    (status, h)
}

fn parse_response(raw: &[u8]) -> (u16, Vec<(String, String)>) {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole head");
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    (status, headers)
}

static TCP_DONE: AtomicBool = AtomicBool::new(false);

/// Every response over TCP, while another thread reloads between two policies as different as
/// can be, is exactly A's answer or exactly B's: never a mix, never a grant to a stranger.
#[test]
fn a_real_server_reloaded_from_another_thread_answers_each_request_with_one_policy() {
    use std::io::{Read, Write};

    let (tx, rx) = std::sync::mpsc::channel();
    let server_thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(|| {
                App::new()
                    .service(tcp_route)
                    .service(
                        Cors::new(&TCP_LIVE)
                            .scope("/scoped")
                            .wrap(from_fn(auth_ok401))
                            .route("/x", web::to(HttpResponse::Ok)),
                    )
                    .wrap(Layer)
            })
            .workers(2)
            .disable_signals()
            .shutdown_timeout(1)
            .bind(("127.0.0.1", 0))
            .unwrap();
            let addr = server.addrs()[0];
            let server = server.run();
            tx.send((addr, server.handle())).unwrap();
            server.await
        })
    });
    let (addr, handle) = rx.recv().unwrap();

    TCP_DONE.store(false, Ordering::SeqCst);
    let reloader = std::thread::spawn(|| {
        let (a, b) = (Arc::new(tcp_a()), Arc::new(tcp_b()));
        let mut reloads = 0usize;
        while !TCP_DONE.load(Ordering::SeqCst) {
            TCP_LIVE.reload(Arc::clone(if reloads.is_multiple_of(2) { &b } else { &a }));
            reloads += 1;
            std::thread::yield_now();
        }
        reloads
    });

    let origins = [ONLY_A, ONLY_B, BOTH, EVIL];
    let kinds = ["get", "put", "delete", "get401"];
    let requests: Vec<(String, &str, &str)> = origins
        .iter()
        .flat_map(|origin| kinds.iter().map(move |kind| (*origin, *kind)))
        .map(|(origin, kind)| {
            let text = match kind {
                "get" => format!("GET /tcp HTTP/1.1\r\nHost: api\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"),
                "get401" => format!(
                    "GET /scoped/x HTTP/1.1\r\nHost: api\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"
                ),
                "put" => format!(
                    "OPTIONS /tcp HTTP/1.1\r\nHost: api\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: x-a\r\nConnection: close\r\n\r\n"
                ),
                _ => format!(
                    "OPTIONS /tcp HTTP/1.1\r\nHost: api\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: DELETE\r\nAccess-Control-Request-Headers: x-b\r\nConnection: close\r\n\r\n"
                ),
            };
            (text, origin, kind)
        })
        .collect();
    let requests = Arc::new(requests);
    let seen_a = Arc::new(AtomicUsize::new(0));
    let seen_b = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..3)
        .map(|client| {
            let (requests, seen_a, seen_b, failures) =
                (Arc::clone(&requests), Arc::clone(&seen_a), Arc::clone(&seen_b), Arc::clone(&failures));
            std::thread::spawn(move || {
                for round in 0..25 {
                    for (i, (text, origin, kind)) in requests.iter().enumerate() {
                        if (i + round + client) % 3 == 0 && round > 0 {
                            continue; // vary the order a little between clients
                        }
                        let mut tcp = std::net::TcpStream::connect(addr).unwrap();
                        tcp.write_all(text.as_bytes()).unwrap();
                        let mut raw = Vec::new();
                        tcp.read_to_end(&mut raw).unwrap();
                        let (status, headers) = parse_response(&raw);
                        let mut cors: Vec<(String, String)> = headers
                            .iter()
                            .filter(|(n, _)| n.starts_with("access-control-"))
                            .cloned()
                            .collect();
                        cors.sort();
                        let got = (status, cors);
                        let (a, b) = (expected(true, kind, origin), expected(false, kind, origin));
                        let varies = headers
                            .iter()
                            .filter(|(n, _)| n == "vary")
                            .any(|(_, v)| v.to_ascii_lowercase().contains("origin"));
                        if got == a && got != b {
                            seen_a.fetch_add(1, Ordering::Relaxed);
                        } else if got == b && got != a {
                            seen_b.fetch_add(1, Ordering::Relaxed);
                        } else if got != a && got != b {
                            failures.lock().unwrap().push(format!("{kind} from {origin}: {got:?}"));
                        }
                        if !varies {
                            failures.lock().unwrap().push(format!("{kind} from {origin}: no Vary: Origin"));
                        }
                    }
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    TCP_DONE.store(true, Ordering::SeqCst);
    let reloads = reloader.join().unwrap();
    actix_web::rt::System::new().block_on(handle.stop(false));
    server_thread.join().unwrap().unwrap();

    let failures = failures.lock().unwrap();
    println!(
        "{reloads} reloads; responses telling A: {}, telling B: {}; failures: {}",
        seen_a.load(Ordering::Relaxed),
        seen_b.load(Ordering::Relaxed),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} responses were neither A's nor B's: {:#?}",
        failures.len(),
        &failures[..failures.len().min(20)]
    );
    assert!(reloads > 1);
    // Both policies were in force while requests came (the reloader swaps continuously).
    assert!(seen_a.load(Ordering::Relaxed) > 0 && seen_b.load(Ordering::Relaxed) > 0);
}

// ---------------------------------------------------------------------------------------------
// 6. An invalid list never gets in: the types
// ---------------------------------------------------------------------------------------------

/// Whether `T` implements a trait, answered at compile time on stable Rust (an inherent
/// associated const applies only where its bounds hold; else the blanket trait's).
struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
trait NotImplemented {
    const DEFAULT: bool = false;
    const FROM_PARTS: bool = false;
    const FROM_STR: bool = false;
    const FROM_STRING_LIST: bool = false;
    const ARC_FROM_RESULT: bool = false;
}
impl<T: ?Sized> NotImplemented for Probe<T> {}
impl<T: Default> Probe<T> {
    const DEFAULT: bool = true;
}
impl<T: From<strict_cors::__private_0_1::PolicyParts>> Probe<T> {
    const FROM_PARTS: bool = true;
}
impl<T: std::str::FromStr> Probe<T> {
    const FROM_STR: bool = true;
}
impl<T: From<Vec<String>>> Probe<T> {
    const FROM_STRING_LIST: bool = true;
}
impl<T: From<Result<Policy, strict_cors::Violations>>> Probe<T> {
    const ARC_FROM_RESULT: bool = true;
}

static GUARDED: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));

/// `reload` takes a `Policy` (or `Arc<Policy>`), and no public conversion makes one without the
/// validator: no `Default`, no `FromStr`, nothing from a list or from `build()`'s `Result`. An
/// invalid list comes back as every mistake at once and the policy in force, and its
/// `reloaded_at`, stay.
#[actix_web::test]
async fn an_invalid_list_cannot_be_installed_and_leaves_the_policy_in_force() {
    // The probe itself answers yes where the trait is there.
    assert!(Probe::<String>::DEFAULT && Probe::<String>::FROM_STR && Probe::<Vec<String>>::FROM_STRING_LIST);
    assert!(Probe::<strict_cors::__private_0_1::PolicyParts>::FROM_PARTS);
    assert!(Probe::<Result<Policy, strict_cors::Violations>>::ARC_FROM_RESULT);

    assert!(!Probe::<Policy>::DEFAULT);
    assert!(!Probe::<Policy>::FROM_STR);
    assert!(!Probe::<Policy>::FROM_STRING_LIST);
    assert!(!Probe::<Policy>::FROM_PARTS, "a policy from raw parts would skip every check");
    assert!(!Probe::<Arc<Policy>>::ARC_FROM_RESULT);
    assert!(!Probe::<Arc<Policy>>::DEFAULT);

    let rows = [
        "https://app.example.com",
        "https://shop.tenant-one.com/", // trailing slash
        "null",                         // opaque
        "http://plain.tenant.com",      // plain http with credentials
        "https://*.co.uk",              // public suffix
        "https://Shop.Tenant.com",      // uppercase
    ];
    let errors = Policy::builder().origins(rows).credentials(true).build().unwrap_err();
    assert!(errors.len() >= 5, "every mistake at once: {errors}");
    let text = errors.to_string();
    for bad in ["shop.tenant-one.com/", "null", "plain.tenant.com", "*.co.uk", "Shop.Tenant.com"] {
        assert!(text.contains(bad), "{bad} not named: {text}");
    }
    assert!(GUARDED.reloaded_at().is_none());
    assert!(GUARDED.current().allows_origin(APP));
    assert!(GUARDED.current().allows_credentials());

    let app = init_service(
        App::new()
            .service(web::scope("/g").wrap(Cors::new(&GUARDED)).route("/x", web::get().to(HttpResponse::Ok))),
    )
    .await;
    let res = call!(app, get_from("/g/x", APP));
    assert_eq!(acao(&res), Some(APP));
    let res = call!(app, get_from("/g/x", "null"));
    assert!(cors_headers(res.headers()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 7. Ten thousand origins
// ---------------------------------------------------------------------------------------------

static MANY: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));

#[cors(policy = MANY)]
#[get("/many")]
async fn many() -> impl Responder {
    HttpResponse::Ok()
}

/// 10,000 customer domains: built, checked and swapped in (cost printed, not asserted); each
/// one allowed, near misses refused, and a smaller list after it drops the rest.
#[actix_web::test]
async fn ten_thousand_origins_reload_and_match_exactly() {
    let rows: Vec<String> =
        (0..10_000).map(|i| format!("https://shop-{i}.customer-{}.com", i % 97)).collect();
    let started = Instant::now();
    let policy = Policy::builder().origins(&rows).credentials(true).build().expect("valid rows");
    let built = started.elapsed();
    let started = Instant::now();
    MANY.reload(policy);
    let swapped = started.elapsed();
    println!(
        "10,000 origins: build (validation) {built:?}, reload (matcher built on the reloading thread) {swapped:?}"
    );

    let app = init_service(App::new().service(many)).await;
    for i in [0, 1, 4_999, 9_998, 9_999] {
        let origin = &rows[i];
        let res = call!(app, get_from("/many", origin));
        assert_eq!(acao(&res), Some(origin.as_str()), "{origin}");
    }
    for near in [
        "https://shop-10000.customer-9.com",
        "https://shop-1.customer-2.com",
        "https://shop-1.customer-1.com.evil.test",
        "https://xshop-1.customer-1.com",
        "http://shop-1.customer-1.com",
        "https://shop-1.customer-1.com:444",
        APP,
    ] {
        let res = call!(app, get_from("/many", near));
        assert!(cors_headers(res.headers()).is_empty(), "{near}");
    }
    let report = strict_cors::report();
    let row =
        report.rows().iter().find(|r| r.live().is_some_and(|l| std::ptr::eq(l, &raw const MANY))).unwrap();
    assert_eq!(row.origins().len(), 10_000);

    let started = Instant::now();
    MANY.reload(Policy::builder().origins(&rows[..10]).credentials(true).build().unwrap());
    println!("back to 10 origins: reload {:?}", started.elapsed());
    let res = call!(app, get_from("/many", &rows[9_999]));
    assert!(cors_headers(res.headers()).is_empty());
    let res = call!(app, get_from("/many", &rows[9]));
    assert_eq!(acao(&res), Some(rows[9].as_str()));
}

// ---------------------------------------------------------------------------------------------
// 8. `reloaded_at`, the report, freeing
// ---------------------------------------------------------------------------------------------

static STAMPED: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

#[test]
fn reloaded_at_is_none_until_a_reload_then_the_time_of_the_last_one() {
    assert_eq!(STAMPED.reloaded_at(), None);
    assert!(format!("{STAMPED:?}").contains("None"));
    let millis = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap().as_millis();
    let before = millis(SystemTime::now());
    STAMPED.reload(Policy::builder().origin(TENANT).build().unwrap());
    let after = millis(SystemTime::now());
    let at = millis(STAMPED.reloaded_at().expect("reloaded"));
    assert!(before <= at && at <= after, "{before} <= {at} <= {after}");
    let before_second = millis(SystemTime::now());
    STAMPED.reload(Policy::builder().origin(APP).build().unwrap());
    let second = millis(STAMPED.reloaded_at().unwrap());
    assert!(second >= before_second && second >= at, "the last reload's time");
    // A failed build is no reload.
    assert!(Policy::builder().origin("null").build().is_err());
    assert_eq!(millis(STAMPED.reloaded_at().unwrap()), second);
}

static REPORTED: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], methods = ["GET"]));

#[cors(policy = REPORTED)]
#[get("/reported")]
async fn reported() -> impl Responder {
    HttpResponse::Ok()
}

fn rows_of(report: &strict_cors::Report, live: &'static LivePolicy) -> Vec<strict_cors::Row> {
    report.rows().iter().filter(|r| r.live().is_some_and(|l| std::ptr::eq(l, live))).cloned().collect()
}

/// The report is for a security review of what is in force: after a reload each row of the live
/// policy shows the new origins, credentials and max-age, and says it was reloaded.
#[actix_web::test]
async fn the_report_after_a_reload_shows_the_policy_in_force() {
    let _app =
        init_service(App::new().service(reported).service(
            web::scope("/m").wrap(Cors::new(&REPORTED)).route("/x", web::get().to(HttpResponse::Ok)),
        ))
        .await;
    let report = strict_cors::report();
    let rows = rows_of(&report, &REPORTED);
    assert_eq!(rows.len(), 2, "{report}");
    assert!(report.to_string().contains("never reloaded"), "{report}");
    let middleware = rows.iter().find(|r| r.mount == Mount::Middleware).unwrap();
    assert_eq!(middleware.methods, ["GET"]);
    let before = report.clone();

    REPORTED.reload(
        Policy::builder()
            .origins([APP, TENANT])
            .methods(["GET", "PUT", "DELETE"])
            .credentials(true)
            .max_age(120)
            .build()
            .unwrap(),
    );
    let report = strict_cors::report();
    let text = report.to_string();
    println!("{text}");
    let rows = rows_of(&report, &REPORTED);
    for row in &rows {
        assert_eq!(row.origins(), [APP, TENANT], "{text}");
        assert!(row.policy().allows_credentials());
        assert_eq!(row.policy().max_age_value(), Some("120"));
    }
    let live_column = text.lines().find(|l| l.starts_with("#[cors] reported")).unwrap();
    assert!(live_column.contains("yes, reloaded ") && live_column.ends_with(" s ago"), "{text}");
    let handler = rows.iter().find(|r| matches!(r.mount, Mount::Handler { .. })).unwrap();
    assert_eq!(handler.methods, ["GET"], "a handler's row shows its route's methods");
    // A report made before the reload shows, displayed after it, what was in force then: the
    // old origins, never reloaded.
    let before = before.to_string();
    let row = before.lines().find(|l| l.starts_with("#[cors] reported")).unwrap();
    assert!(row.contains("never reloaded") && !row.contains(TENANT), "{before}");
}

static REPORTED_METHODS: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], methods = ["GET"]));

/// The `methods` column of a live policy's `Cors` rows (a `.wrap(Cors::new(&LIVE))`, and a
/// `Cors::scope` read on another thread) after a reload to other methods: the report is for a
/// security review of what is in force, and each row shows one policy whole.
#[actix_web::test]
async fn the_report_after_a_reload_lists_the_methods_in_force() {
    let _app = init_service(
        App::new()
            .service(
                web::scope("/rm")
                    .wrap(Cors::new(&REPORTED_METHODS))
                    .route("/x", web::get().to(HttpResponse::Ok)),
            )
            .service(
                Cors::new(&REPORTED_METHODS)
                    .scope("/reported-scope")
                    .route("/x", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;
    REPORTED_METHODS.reload(Policy::builder().origin(APP).methods(["GET", "PUT", "DELETE"]).build().unwrap());
    let sorted = |methods: &[String]| {
        let mut methods = methods.to_vec();
        methods.sort();
        methods
    };
    // Read on another thread (a metrics or admin endpoint), the `Cors::scope` row too.
    let elsewhere = std::thread::spawn(strict_cors::report).join().unwrap();
    let scope = rows_of(&elsewhere, &REPORTED_METHODS)
        .into_iter()
        .find(|r| matches!(&r.mount, Mount::Scope { .. }))
        .expect("the scope's row");
    let scope_methods = sorted(&scope.methods);
    let report = strict_cors::report();
    let text = report.to_string();
    let rows = rows_of(&report, &REPORTED_METHODS);
    let middleware = rows.iter().find(|r| r.mount == Mount::Middleware).unwrap();
    let policy_methods: Vec<String> = {
        let mut m: Vec<String> = middleware.policy().methods().map(str::to_owned).collect();
        m.sort();
        m
    };
    assert_eq!(policy_methods, ["DELETE", "GET", "PUT"]);
    assert_eq!(scope_methods, policy_methods, "the Cors::scope row, read on another thread: {elsewhere}");
    assert_eq!(sorted(&middleware.methods), policy_methods, "the middleware's row: {text}");
}

static FREED: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));
static FREED_GATE: Gate = Gate::new();

#[cors(policy = FREED)]
#[get("/freed")]
async fn freed() -> impl Responder {
    FREED_GATE.pass().await;
    HttpResponse::Ok()
}

/// The replaced policy lives as long as a request still uses it, and no longer (SPEC §5: "the
/// old policy is freed when unused"), through the layer too.
#[actix_web::test]
async fn a_replaced_policy_is_freed_when_its_last_request_ends() {
    for layered in [false, true] {
        let old = Arc::new(Policy::builder().origin(APP).build().unwrap());
        let weak = Arc::downgrade(&old);
        FREED.reload(old);
        let request = get_from("/freed", APP).to_request();
        let mut held_during = None;
        let res = if layered {
            let app = init_service(App::new().service(freed).wrap(Layer)).await;
            let res = reload_midway(app.call(request), &FREED_GATE, || {
                FREED.reload(Policy::builder().origin(TENANT).build().unwrap());
                held_during = Some(weak.upgrade().is_some());
            })
            .await;
            Answer::of(res).await
        } else {
            let app = init_service(App::new().service(freed)).await;
            let res = reload_midway(app.call(request), &FREED_GATE, || {
                FREED.reload(Policy::builder().origin(TENANT).build().unwrap());
                held_during = Some(weak.upgrade().is_some());
            })
            .await;
            Answer::of(res).await
        };
        assert_eq!(held_during, Some(true), "layered {layered}: the request in flight keeps it");
        assert_eq!(acao(&res), Some(APP));
        assert!(weak.upgrade().is_none(), "layered {layered}: still alive after the last request ended");
    }
}

// ---------------------------------------------------------------------------------------------
// 9. The browser model against a live policy
// ---------------------------------------------------------------------------------------------

static BROWSED: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://app.example.com"],
    allow_headers = ["content-type"],
    credentials,
    max_age = 600,
));
static BROWSED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(policy = BROWSED)]
#[route("/cart", method = "GET", method = "PUT")]
async fn browsed_cart() -> impl Responder {
    BROWSED_RUNS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("cart")
}

/// As Chromium sees it: a customer added is allowed at once; removed, blocked at once when the
/// browser asks again. But a preflight the browser cached before the removal is still good for
/// `max_age`: the `PUT` is sent and runs on the server, only its response is hidden.
#[actix_web::test]
async fn the_browser_model_follows_reloads_and_keeps_its_preflight_cache_across_them() {
    BROWSED.reload(churn_policy(&[APP]));
    let app = init_service(App::new().service(browsed_cart)).await;
    let put = || {
        Request::new("https://api.example.com/cart")
            .method("PUT")
            .header("content-type", "application/json")
            .body("{}")
            .credentials(Credentials::Include)
    };

    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        BROWSED.reload(churn_policy(&[APP]));
        let page = browser.page(TENANT);
        let first = page.fetch(&app, put()).await;
        assert!(first.is_blocked(), "{:?}: not yet a customer", browser.engine());
        assert!(!first.reached_server(), "a refused preflight keeps the PUT from the server");

        BROWSED.reload(churn_policy(&[APP, TENANT]));
        let added = page.fetch(&app, put()).await;
        assert!(added.is_allowed(), "{:?}: {added}", browser.engine());
        assert!(added.preflight().is_some());
        // Firefox's fresh session does not cache its first preflights (README): warm it up.
        for _ in 0..4 {
            if page.fetch(&app, put()).await.preflight_from_cache() {
                break;
            }
        }
        assert!(page.fetch(&app, put()).await.preflight_from_cache(), "{:?}", browser.engine());

        // Removed while the browser holds the preflight answer.
        BROWSED.reload(churn_policy(&[APP]));
        let runs = BROWSED_RUNS.load(Ordering::SeqCst);
        let after = page.fetch(&app, put()).await;
        assert!(after.preflight_from_cache(), "{:?}: the cache still answers", browser.engine());
        assert!(after.is_blocked(), "{:?}: the response is hidden", browser.engine());
        assert!(after.reached_server(), "{:?}: but the PUT was sent", browser.engine());
        assert_eq!(BROWSED_RUNS.load(Ordering::SeqCst), runs + 1, "and the handler ran");

        // Once max_age has passed, the browser asks again and is refused before sending.
        browser.advance(Duration::from_secs(601));
        let runs = BROWSED_RUNS.load(Ordering::SeqCst);
        let later = page.fetch(&app, put()).await;
        assert!(later.is_blocked() && !later.preflight_from_cache() && !later.reached_server());
        assert_eq!(BROWSED_RUNS.load(Ordering::SeqCst), runs);
    }
}

// ---------------------------------------------------------------------------------------------
// 10. A live policy built at start-up (no placeholder), and switching to and from `*`
// ---------------------------------------------------------------------------------------------

/// `LivePolicy::new` with the list read at start-up, made `'static` with `Box::leak` as its
/// documentation says, under `Cors::new` and `Cors::scope` behind `Layer` and `Err` auth.
#[actix_web::test]
async fn a_live_policy_made_at_startup_and_leaked_serves_cors_and_cors_scope() {
    let startup =
        Policy::builder().origins(load_tenant_rows()).allow_headers(["authorization"]).build().unwrap();
    let live: &'static LivePolicy = Box::leak(Box::new(LivePolicy::new(startup)));
    let app = init_service(
        App::new()
            .service(
                Cors::new(live)
                    .scope("/partners")
                    .wrap(from_fn(auth_err))
                    .route("/r", web::get().to(HttpResponse::Ok)),
            )
            .service(web::scope("/open").wrap(Cors::new(live)).route("/r", web::get().to(HttpResponse::Ok)))
            .wrap(Layer),
    )
    .await;
    for path in ["/partners/r", "/open/r"] {
        let res = call!(app, get_from(path, TENANT_SUB));
        assert_eq!(acao(&res), Some(TENANT_SUB), "{path}");
        let res = call!(
            app,
            preflight(path, TENANT, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
        );
        assert_eq!((res.status(), acao(&res)), (StatusCode::NO_CONTENT, Some(TENANT)), "{path}");
    }
    assert_eq!(call!(app, get_from("/partners/r", TENANT)).status(), StatusCode::UNAUTHORIZED);

    live.reload(Policy::builder().origin(APP).allow_headers(["authorization"]).build().unwrap());
    for path in ["/partners/r", "/open/r"] {
        let res = call!(app, get_from(path, TENANT_SUB));
        assert!(cors_headers(res.headers()).is_empty(), "{path}");
        let res = call!(app, preflight(path, TENANT, "GET"));
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        let res = call!(app, get_from(path, APP));
        assert_eq!(acao(&res), Some(APP), "{path}");
    }
    let report = strict_cors::report();
    assert!(report.rows().iter().any(|r| r.live().is_some_and(|l| std::ptr::eq(l, live))), "{report}");
}

static ANYONE_OR_LIST: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

#[cors(policy = ANYONE_OR_LIST)]
#[get("/catalog")]
async fn catalog() -> impl Responder {
    HttpResponse::Ok().body("catalog")
}

/// A public API opened to any origin for a while, then closed to a list again: under `*` every
/// response says `*` (auth's `Err` to a request without `Origin` included, README "Behind
/// auth": "or with a `LivePolicy`, which may come to allow any origin"), and varies on nothing;
/// back on the list, `Vary: Origin` everywhere and no `*` anywhere.
#[actix_web::test]
async fn switching_between_any_origin_and_a_list_keeps_star_and_vary_right() {
    let app = init_service(
        App::new().service(web::scope("/api").wrap(from_fn(auth_err)).service(catalog)).wrap(Layer),
    )
    .await;
    let signed = |r: TestRequest| r.insert_header((header::AUTHORIZATION, "Bearer t"));
    for round in 0..2 {
        ANYONE_OR_LIST.reload(Policy::builder().origin("*").build().unwrap());
        for request in [
            get_from("/api/catalog", EVIL),
            signed(get_from("/api/catalog", EVIL)),
            TestRequest::get().uri("/api/catalog"),
            signed(TestRequest::get().uri("/api/catalog")),
        ] {
            let res = call!(app, request);
            assert_eq!(acao(&res), Some("*"), "round {round}: {} {:?}", res.status(), res.headers());
            assert!(!varies_on_origin(res.headers()), "round {round}");
        }
        ANYONE_OR_LIST.reload(Policy::builder().origin(APP).build().unwrap());
        for request in [
            get_from("/api/catalog", EVIL),
            signed(get_from("/api/catalog", EVIL)),
            TestRequest::get().uri("/api/catalog"),
            signed(TestRequest::get().uri("/api/catalog")),
        ] {
            let res = call!(app, request);
            assert!(cors_headers(res.headers()).is_empty(), "round {round}: {:?}", res.headers());
            assert!(varies_on_origin(res.headers()), "round {round}: {} {:?}", res.status(), res.headers());
        }
        let res = call!(app, get_from("/api/catalog", APP));
        assert_eq!((res.status(), acao(&res)), (StatusCode::UNAUTHORIZED, Some(APP)));
    }
}

// ---------------------------------------------------------------------------------------------
// 11. `Cors::new(&LIVE)` answering for another host's resource on a `#[cors]` route's path
// ---------------------------------------------------------------------------------------------

static OUTER: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials, expose_headers = ["x-old"],));
static OUTER_GATE: Gate = Gate::new();

#[cors(origins = ["https://app.example.com", "https://shop.tenant-one.com"], credentials)]
#[get("/shared")]
async fn host_a_shared() -> impl Responder {
    HttpResponse::Ok().body("host a")
}

async fn host_b_shared() -> HttpResponse {
    OUTER_GATE.pass().await;
    HttpResponse::Ok().body("host b")
}

/// Two hosts' scopes share a path: host A's has a `#[cors]` route, host B's a plain resource
/// that awaits. A request to host B is answered by the `Cors::new(&OUTER)` around both (README:
/// "What the router inside answered from elsewhere ... is the middleware's alone"). `OUTER` is
/// reloaded while host B's handler awaits: the response must carry the policy the request
/// started with (`LivePolicy::reload`: "Requests that reached it already finish with the policy
/// they found"), as every other wiring does (see
/// `a_response_completing_after_a_reload_carries_the_policy_it_started_with`).
#[actix_web::test]
async fn cors_answering_for_another_hosts_resource_keeps_the_policy_the_request_started_with() {
    let app = init_service(
        App::new()
            .service(web::scope("").guard(actix_web::guard::Host("a.api")).service(host_a_shared))
            .service(
                web::scope("")
                    .guard(actix_web::guard::Host("b.api"))
                    .route("/shared", web::get().to(host_b_shared)),
            )
            .wrap(Cors::new(&OUTER)),
    )
    .await;
    // Sanity: host A's route answers with its own policy.
    let res = call!(app, get_from("/shared", TENANT).insert_header((header::HOST, "a.api")));
    assert_eq!(acao(&res), Some(TENANT));

    OUTER.reload(policy_a());
    // Sanity: without a reload, host B's response carries A whole.
    let request = get_from("/shared", APP).insert_header((header::HOST, "b.api")).to_request();
    let res = Answer::of(reload_midway(app.call(request), &OUTER_GATE, || ()).await).await;
    assert_eq!((res.body(), which(APP, &res)), ("host b", Which::A));

    let request = get_from("/shared", APP).insert_header((header::HOST, "b.api")).to_request();
    let res = reload_midway(app.call(request), &OUTER_GATE, || OUTER.reload(policy_b())).await;
    let res = Answer::of(res).await;
    assert_eq!(res.body(), "host b");
    assert_eq!(which(APP, &res), Which::A, "{:?}", res.headers());
}

// ---------------------------------------------------------------------------------------------
// 12. The hidden door: a policy from raw parts
// ---------------------------------------------------------------------------------------------

static FROM_PARTS: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

/// The facade's `#[doc(hidden)]` module for generated code builds a policy from parts without
/// the validator (SPEC §5: `reload` takes a validated policy). Parts that would reflect any
/// origin with credentials, the hole rule 1 closes, are refused there too: in a `static` that
/// is a compile error, at run time a panic before anything is installed.
#[actix_web::test]
async fn a_policy_made_from_raw_parts_never_grants_any_origin_with_credentials() {
    use std::borrow::Cow;
    use strict_cors::__private_0_1::{PolicyParts, policy as from_parts};
    let parts = || PolicyParts {
        any_origin: true,
        credentials: true,
        origins: Cow::Owned(vec![Cow::Owned("https://App.example.com/".into())]),
        ..PolicyParts::deny_all()
    };
    let made = std::panic::catch_unwind(|| from_parts(parts()));
    let message = made.err().and_then(|panic| panic.downcast_ref::<&str>().map(|m| (*m).to_owned()));
    assert!(
        message.is_some_and(|m| m.contains("rule 1")),
        "a policy for any origin with credentials was made"
    );
    let app =
        init_service(App::new().service(
            web::scope("/z").wrap(Cors::new(&FROM_PARTS)).route("/x", web::get().to(HttpResponse::Ok)),
        ))
        .await;
    let res = call!(app, get_from("/z/x", EVIL));
    let granted =
        acao(&res).is_some() && header(res.headers(), "access-control-allow-credentials") == Some("true");
    assert!(!granted, "any origin read with credentials: {:?}", res.headers());
}
