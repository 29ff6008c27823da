//! The CORS tests of two Rust web frameworks, ported scenario by scenario as a user moving from
//! them would restate them:
//!
//! - poem (poem-web/poem, the tests of `poem/src/middleware/cors.rs`), prefixed `poem_`: the
//!   middleware over one endpoint (`make_sync(|_| "hello").with(cors())`);
//! - warp (seanmonstar/warp, `tests/cors.rs`), prefixed `warp_`: `warp::any().map(warp::reply)
//!   .with(warp::cors()...)`, a route answering every method.
//!
//! Both are restated as `Cors::new(&P)` on an `App` whose default service plays the endpoint
//! (every method, every path), and, where a route is what the peer means, as a `#[cors]`
//! handler, with and without `Layer`.
//!
//! Differences asserted on purpose, each with its rule next to it: an actual request from an
//! origin not allowed runs the handler and gets no CORS header (both peers answer `403`, SPEC
//! §4.5); an allowed preflight is `204` (both `200`); `Access-Control-Allow-Headers` is the
//! policy's list or `*`, never an echo of the request (poem echoes what it is asked by default);
//! `Access-Control-Expose-Headers` only on actual responses (poem also sends it on preflights,
//! where browsers ignore it); `Access-Control-Max-Age` only when set (poem defaults to 86400).
//!
//! Not ported (no meaning here): poem `allow_origins_fn_*` as closures (no origin closures:
//! README "where is `allowed_origin_fn`?"; each is restated as the origins it accepts), and
//! `Cors::new()`'s defaults as such (they allow `CONNECT` and `TRACE`, which do not build:
//! rule 8).

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Logger, Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, error, get, route, web};
use configs::refused_rules;
use strict_cors::{Cors, Layer, Policy, Rule, cors, policy};
use support::{
    Answer, allow_origin, assert_preflight_answered, assert_preflight_refused, cors_headers, get as h, list,
    sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const RAN: &str = "x-handler-ran";

/// The endpoint: `200 hello`, every method.
async fn hello(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().insert_header((RAN, req.method().as_str())).body("hello")
}

async fn on_app(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(hello))).await;
    Answer::of(app.call(req.to_request()).await).await
}

fn get_from(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

// ----- poem ---------------------------------------------------------------------------------------

const ALLOW_ORIGIN: &str = "https://example.com";

/// `cors()`: `allow_origin(ALLOW_ORIGIN)`, methods `GET POST OPTIONS DELETE`, `allow_header
/// X-Token`, `expose_header X-My-Custom-Header`, `allow_credentials(true)`.
static POEM: Policy = policy!(
    origins = ["https://example.com"],
    methods = ["GET", "POST", "OPTIONS", "DELETE"],
    allow_headers = ["X-Token"],
    expose_headers = ["X-My-Custom-Header"],
    credentials,
);

#[cors(policy = POEM)]
#[route("/", method = "GET", method = "POST", method = "OPTIONS", method = "DELETE")]
async fn poem_route(req: HttpRequest) -> HttpResponse {
    hello(req).await
}

/// The request sent to `Cors::new(&POEM)` on the App, the `#[cors]` route, and the route
/// behind `Layer`.
async fn poem_mounts(req: impl Fn() -> TestRequest) -> [(Answer, &'static str); 3] {
    let app = on_app(&POEM, req()).await;
    let route = {
        let app = init_service(App::new().service(poem_route)).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    let layered = {
        let app = init_service(App::new().service(poem_route).wrap(Layer)).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    [(app, "Cors::new on the App"), (route, "#[cors] handler"), (layered, "#[cors] handler, Layer")]
}

/// `opt_request`.
fn opt_request() -> TestRequest {
    support::preflight("/", ALLOW_ORIGIN, "GET")
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "X-Token"))
}

/// `preflight_request`.
#[actix_web::test]
async fn poem_preflight_request() {
    for (res, mount) in poem_mounts(opt_request).await {
        assert_preflight_answered(&res, mount);
        assert_eq!(h(res.headers(), RAN), None, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ALLOW_ORIGIN), "{mount}");
        assert_eq!(list(res.headers(), "access-control-allow-headers"), ["x-token"], "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
        // poem: `86400` by default, and the expose header; here neither was asked for.
        assert_eq!(h(res.headers(), "access-control-max-age"), None, "{mount}");
        assert_eq!(h(res.headers(), "access-control-expose-headers"), None, "{mount}");
    }
    // `Access-Control-Allow-Methods`: every method listed, for one that needs it.
    let req = || {
        support::preflight("/", ALLOW_ORIGIN, "DELETE")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "X-Token"))
    };
    for (res, mount) in poem_mounts(req).await {
        assert_preflight_answered(&res, mount);
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-methods")),
            ["delete", "get", "options", "post"],
            "{mount}"
        );
    }
    // `OPTIONS` asked for as the method, which the policy lists.
    let req = || support::preflight("/", ALLOW_ORIGIN, "OPTIONS");
    for (res, mount) in poem_mounts(req).await {
        assert_preflight_answered(&res, mount);
        assert!(
            list(res.headers(), "access-control-allow-methods").contains(&"options".to_owned()),
            "{mount}"
        );
    }
}

/// `default_cors` / `default_cors_middleware`: `Cors::new()` allows every origin (reflected),
/// every method (`CONNECT` and `TRACE` included) and every header. Browsers never send
/// `CONNECT` or `TRACE` (rule 8); the rest is `origins = "*"`, `methods = "*"`,
/// `allow_headers = "*"`.
#[actix_web::test]
async fn poem_default_cors() {
    static ANYTHING: Policy = policy!(origins = "*", methods = "*", allow_headers = "*");
    assert_eq!(
        refused_rules(Policy::builder().origin("*").methods(["GET", "CONNECT", "TRACE"])),
        [Rule::InvalidMethod, Rule::InvalidMethod]
    );
    // The peer asks for `GET`, which needs no `Access-Control-Allow-Methods` (SPEC §4.1);
    // `PUT` does.
    let req = support::preflight("/", ALLOW_ORIGIN, "PUT")
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "X-Token"));
    let res = on_app(&ANYTHING, req).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-methods"), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
    let res = on_app(&ANYTHING, get_from(ALLOW_ORIGIN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allow_origin(res.headers()), Some("*"));
    // poem reflects, so it varies on `Origin`; `*` does not depend on it (SPEC §4.6).
    assert_eq!(res.headers().get(header::VARY), None);
}

/// `allow_origins_fn_1` (`|_| true`) and `allow_origins_fn_2` (one origin, plus a closure
/// accepting every other): any origin, `*`.
#[actix_web::test]
async fn poem_allow_origins_fn() {
    static ANY: Policy = policy!(origins = "*");
    for origin in [ALLOW_ORIGIN, "https://abc.com"] {
        let res = on_app(&ANY, get_from(origin)).await;
        assert_eq!(res.status(), StatusCode::OK, "{origin}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{origin}");
    }
}

/// `allow_origins_fn_3`: a closure refusing everybody; poem answers `403`. The restatement
/// lists an origin the test never sends; the handler runs, without CORS headers (SPEC §4.5).
#[actix_web::test]
async fn poem_allow_origins_fn_refusing() {
    static NOBODY: Policy = policy!(origins = ["https://nobody.example"]);
    let res = on_app(&NOBODY, get_from(ALLOW_ORIGIN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(res.headers(), RAN), Some("GET"));
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `allow_origins_fn_4`: `allow_origin_regex("https://*example.com")`, which poem matches
/// unanchored; the test expects `https://test.example.com` and `https://example.com` allowed,
/// `https://example.mx` not.
#[actix_web::test]
async fn poem_allow_origin_regex() {
    static MEANT: Policy = policy!(origins = ["https://example.com", "https://*.example.com"]);
    // As a regex it is `https:/` then any number of `/`, then `example`, any character, `com`:
    // a leaking `.` (rule 7).
    assert_eq!(refused_rules(Policy::builder().origin_regex("https://*example.com")), [Rule::UnsafeRegex]);
    // ... and as an origin entry, a wildcard that is not a whole label (rule 5).
    assert_eq!(refused_rules(Policy::builder().origin("https://*example.com")), [Rule::MisplacedWildcard]);
    for (origin, allowed) in [
        ("https://example.mx", false),
        ("https://test.example.com", true),
        ("https://example.com", true),
        // All three match the peer's regex.
        ("https://evilexample.com", false),
        ("https://examplexcom", false),
        ("https://example.com.evil.test", false),
    ] {
        let res = on_app(&MEANT, get_from(origin)).await;
        assert_eq!(res.status(), StatusCode::OK, "{origin}: SPEC §4.5 (poem: 403)");
        assert_eq!(allow_origin(res.headers()), allowed.then_some(origin), "{origin}");
        assert_eq!(list(res.headers(), "vary"), ["origin"], "{origin}");
    }
}

/// `unauthorized_origin`: poem answers `403`; here the handler runs, no CORS header (SPEC §4.5).
#[actix_web::test]
async fn poem_unauthorized_origin() {
    for (res, mount) in poem_mounts(|| get_from("https://foo.com")).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(h(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `unauthorized_options`.
#[actix_web::test]
async fn poem_unauthorized_options() {
    let with_token = |origin: &str, method: &str| {
        support::preflight("/", origin, method)
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "X-Token"))
    };
    // Another origin.
    for (res, mount) in poem_mounts(|| with_token("https://abc.com", "GET")).await {
        assert_preflight_refused(&res, mount);
    }
    // `TRACE`: no route serves it on the `#[cors]` mounts, where the router answers (SPEC §4.2).
    let [(app, m0), (route, m1), (layered, m2)] = poem_mounts(|| with_token(ALLOW_ORIGIN, "TRACE")).await;
    assert_preflight_refused(&app, m0);
    for (res, mount) in [(&route, m1), (&layered, m2)] {
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    // A header not allowed.
    let req = || {
        support::preflight("/", ALLOW_ORIGIN, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "X-Abc"))
    };
    for (res, mount) in poem_mounts(req).await {
        assert_preflight_refused(&res, mount);
    }
    // Allowed.
    for (res, mount) in poem_mounts(|| with_token(ALLOW_ORIGIN, "GET")).await {
        assert_preflight_answered(&res, mount);
    }
}

/// `retain_cookies`: a cookie set by middleware inside the CORS layer (poem's
/// `CookieJarManager`) survives it.
#[actix_web::test]
async fn poem_retain_cookies() {
    async fn cookie_jar(
        req: ServiceRequest,
        next: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
        let mut res = next.call(req).await?;
        res.headers_mut().append(header::SET_COOKIE, HeaderValue::from_static("foo=bar"));
        Ok(res)
    }
    #[cors(policy = POEM)]
    #[get("/", wrap = "from_fn(cookie_jar)")]
    async fn index() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
    let answers = [
        {
            let app = init_service(
                App::new()
                    .wrap(Cors::new(&POEM))
                    .wrap(from_fn(cookie_jar))
                    .route("/", web::get().to(HttpResponse::Ok)),
            )
            .await;
            (
                Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await,
                "cookies outside Cors::new",
            )
        },
        {
            let app = init_service(
                App::new()
                    .wrap(from_fn(cookie_jar))
                    .wrap(Cors::new(&POEM))
                    .route("/", web::get().to(HttpResponse::Ok)),
            )
            .await;
            (
                Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await,
                "cookies inside Cors::new",
            )
        },
        {
            let app = init_service(App::new().service(index)).await;
            (Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await, "#[cors] handler")
        },
        {
            let app = init_service(App::new().service(index).wrap(Layer)).await;
            (Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await, "#[cors] handler, Layer")
        },
    ];
    for (res, mount) in answers {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(h(res.headers(), "set-cookie"), Some("foo=bar"), "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ALLOW_ORIGIN), "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
    }
}

/// `set_cors_headers_to_error_responses`: an `Err` (400) carries the CORS headers (SPEC §4.4).
#[actix_web::test]
async fn poem_set_cors_headers_to_error_responses() {
    async fn bad_request() -> Result<HttpResponse, actix_web::Error> {
        Err(error::ErrorBadRequest("bad request"))
    }
    #[cors(policy = POEM)]
    #[get("/")]
    async fn failing() -> Result<HttpResponse, actix_web::Error> {
        bad_request().await
    }
    let answers = [
        {
            let app =
                init_service(App::new().wrap(Cors::new(&POEM)).default_service(web::to(bad_request))).await;
            (Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await, "Cors::new on the App")
        },
        {
            let app = init_service(App::new().service(failing)).await;
            (Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await, "#[cors] handler")
        },
        {
            let app = init_service(App::new().service(failing).wrap(Layer)).await;
            (Answer::of(app.call(get_from(ALLOW_ORIGIN).to_request()).await).await, "#[cors] handler, Layer")
        },
    ];
    for (res, mount) in answers {
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(ALLOW_ORIGIN), "{mount}");
        assert_eq!(list(res.headers(), "access-control-expose-headers"), ["x-my-custom-header"], "{mount}");
        assert_eq!(list(res.headers(), "vary"), ["origin"], "{mount}");
    }
}

/// `no_cors_requests`.
#[actix_web::test]
async fn poem_no_cors_requests() {
    for (res, mount) in poem_mounts(|| TestRequest::get().uri("/")).await {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
}

/// `allow_all_access_control_allow_headers_should_return_with_request_headers`: poem's default
/// echoes `content-type`. `allow_headers = "*"` answers `*`, which covers it; listed, the list.
#[actix_web::test]
async fn poem_allow_all_headers() {
    static ANY_HEADER: Policy =
        policy!(origins = ["https://example.com"], methods = ["GET"], allow_headers = "*");
    static CONTENT_TYPE: Policy =
        policy!(origins = ["https://example.com"], methods = ["GET"], allow_headers = ["content-type"]);
    let req = || {
        support::preflight("/", ALLOW_ORIGIN, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
    };
    let res = on_app(&ANY_HEADER, req()).await;
    assert_preflight_answered(&res, "*");
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
    let res = on_app(&CONTENT_TYPE, req()).await;
    assert_preflight_answered(&res, "listed");
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("content-type"));
}

// ----- warp ---------------------------------------------------------------------------------------

/// `allow_methods`: `warp::cors()` with no origin set allows any; methods `GET POST DELETE`.
/// The peer's `Origin` is `warp`, which is not an origin a browser sends; with `origins = "*"`
/// it is answered as any other (SPEC §4.8 refuses only non-ASCII, oversized or repeated ones).
#[actix_web::test]
async fn warp_allow_methods() {
    static POLICY: Policy = policy!(origins = "*", methods = ["GET", "POST", "DELETE"]);
    let res = on_app(&POLICY, support::preflight("/", "warp", "DELETE")).await;
    assert_preflight_answered(&res, "DELETE");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(h(res.headers(), RAN), None);
    let res = on_app(&POLICY, support::preflight("/", "warp", "PUT")).await;
    assert_preflight_refused(&res, "PUT");
}

/// `origin_not_allowed`.
#[actix_web::test]
async fn warp_origin_not_allowed() {
    static POLICY: Policy = policy!(origins = ["https://hyper.rs"], methods = ["DELETE"]);
    let res = on_app(&POLICY, support::preflight("/", "https://warp.rs", "DELETE")).await;
    assert_preflight_refused(&res, "preflight");
    // The peer's second request, a `GET` with `Access-Control-Request-Method`: an actual
    // request (no `OPTIONS`). warp answers `403`; here the handler runs (SPEC §4.5).
    let res = on_app(
        &POLICY,
        get_from("https://warp.rs").insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(res.headers(), RAN), Some("GET"));
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `headers_not_exposed`.
#[actix_web::test]
async fn warp_headers_not_exposed() {
    static POLICY: Policy = policy!(origins = "*", methods = ["GET"]);
    let res = on_app(&POLICY, support::preflight("/", "https://warp.rs", "GET")).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    let res = on_app(&POLICY, get_from("https://warp.rs")).await;
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
}

/// `headers_not_allowed`.
#[actix_web::test]
async fn warp_headers_not_allowed() {
    static POLICY: Policy = policy!(origins = "*", methods = ["DELETE"], allow_headers = ["x-foo"]);
    let req = support::preflight("/", "https://warp.rs", "DELETE")
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-bar"));
    assert_preflight_refused(&on_app(&POLICY, req).await, "x-bar");
}

/// `success`: warp allows any origin with credentials, reflecting it; that does not build
/// (rule 1), so the origin the test sends is listed.
#[actix_web::test]
async fn warp_success() {
    static POLICY: Policy = policy!(
        origins = ["https://hyper.rs"],
        credentials,
        allow_headers = ["x-foo", "x-bar"],
        methods = ["POST", "DELETE"],
        expose_headers = ["x-header1", "x-header2"],
        max_age = 30,
    );
    #[cors(policy = POLICY)]
    #[route("/", method = "POST", method = "DELETE")]
    async fn reply(req: HttpRequest) -> HttpResponse {
        hello(req).await
    }
    let peer = Policy::builder().origin("*").credentials(true).allow_headers(["x-foo", "x-bar"]);
    assert_eq!(refused_rules(peer), [Rule::WildcardWithCredentials]);
    let preflight = || {
        support::preflight("/", "https://hyper.rs", "DELETE")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-bar, x-foo"))
    };
    let actual = || {
        TestRequest::delete()
            .uri("/")
            .insert_header((header::ORIGIN, "https://hyper.rs"))
            .insert_header(("x-foo", "hello"))
            .insert_header(("x-bar", "world"))
    };
    for layer in [false, true] {
        let answers = if layer {
            let app = init_service(App::new().service(reply).wrap(Layer)).await;
            [
                Answer::of(app.call(preflight().to_request()).await).await,
                Answer::of(app.call(actual().to_request()).await).await,
            ]
        } else {
            let app = init_service(App::new().service(reply)).await;
            [
                Answer::of(app.call(preflight().to_request()).await).await,
                Answer::of(app.call(actual().to_request()).await).await,
            ]
        };
        let on_app_answers = [on_app(&POLICY, preflight()).await, on_app(&POLICY, actual()).await];
        for ([pre, act], mount) in [
            (answers, if layer { "#[cors] handler, Layer" } else { "#[cors] handler" }),
            (on_app_answers, "Cors::new on the App"),
        ] {
            assert_preflight_answered(&pre, mount);
            assert_eq!(allow_origin(pre.headers()), Some("https://hyper.rs"), "{mount}");
            assert_eq!(h(pre.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
            assert_eq!(
                sorted(list(pre.headers(), "access-control-allow-headers")),
                ["x-bar", "x-foo"],
                "{mount}"
            );
            assert_eq!(h(pre.headers(), "access-control-max-age"), Some("30"), "{mount}");
            assert_eq!(
                sorted(list(pre.headers(), "access-control-allow-methods")),
                ["delete", "post"],
                "{mount}"
            );
            // warp also sends the expose headers on the preflight, where browsers ignore them.
            assert_eq!(h(pre.headers(), "access-control-expose-headers"), None, "{mount}");

            assert_eq!(act.status(), StatusCode::OK, "{mount}");
            assert_eq!(h(act.headers(), RAN), Some("DELETE"), "{mount}");
            assert_eq!(allow_origin(act.headers()), Some("https://hyper.rs"), "{mount}");
            assert_eq!(h(act.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
            assert_eq!(h(act.headers(), "access-control-max-age"), None, "{mount}");
            assert_eq!(h(act.headers(), "access-control-allow-methods"), None, "{mount}");
            assert_eq!(
                sorted(list(act.headers(), "access-control-expose-headers")),
                ["x-header1", "x-header2"],
                "{mount}"
            );
        }
    }
}

/// `with_log`: a logger outside the CORS layer changes nothing.
#[actix_web::test]
async fn warp_with_log() {
    static POLICY: Policy = policy!(origins = "*", methods = ["GET"]);
    let app = init_service(
        App::new().wrap(Cors::new(&POLICY)).wrap(Logger::new("cors test")).default_service(web::to(hello)),
    )
    .await;
    let res = Answer::of(app.call(support::preflight("/", "warp", "GET").to_request()).await).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(allow_origin(res.headers()), Some("*"));
}

/// `notcors`: `OPTIONS` with `Origin` and no `Access-Control-Request-Method` is not a
/// preflight (SPEC §4.9): the route answers it, as an actual request (SPEC §4.4).
#[actix_web::test]
async fn warp_notcors() {
    static POLICY: Policy = policy!(origins = "*");
    let res = on_app(
        &POLICY,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/")
            .insert_header((header::ORIGIN, "http://example.com")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(res.headers(), RAN), Some("OPTIONS"));
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
}
