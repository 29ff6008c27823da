//! The test suite of Express's `cors` middleware (expressjs/cors, `test/test.js`), ported
//! scenario by scenario as a user moving from it would restate it: the closest `policy!` /
//! `#[cors]` / `Policy::builder()` configuration and real requests through `actix_web::test`.
//!
//! The peer's middleware runs in front of every route (`app.use(cors(options))`), so most
//! scenarios mount the policy the same way, `Cors::new(&P)` on the `App` over a handler for
//! every path; where the peer relies on its defaults for methods, a `#[cors]` handler shows the
//! route's own methods being the default here.
//!
//! The peer's fake request for a preflight is `OPTIONS` with `Origin` and
//! `Access-Control-Request-Headers` but no `Access-Control-Request-Method`, which it still
//! answers as a preflight. Here a preflight also carries `Access-Control-Request-Method` (SPEC
//! §4, §4.9), so the ported preflights send one.
//!
//! Not ported (no meaning here): "does not alter `options` configuration object" (a policy is
//! an immutable value); "can specify allowed headers as string" and "can specify exposed headers
//! as string" (the peer's string-or-array option forms; the builder takes any list of names);
//! "handles options specified via callback", "handles options specified via callback for
//! preflight" and "handles error specified via callback" (options computed per request by a
//! callback are not offered; a list that changes while the server runs is a `LivePolicy`,
//! covered by `tests/live_policies.rs`).

#![allow(clippy::needless_pass_by_value)] // builders are passed as the tests write them

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::Service;
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Condition;
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, put, route, web};
use configs::{built, refused_rules};
use strict_cors::{Cors, Policy, Rule, cors};
use support::{Answer, allow_origin, cors_headers, get as h, list, preflight, sorted};

#[path = "support/configs.rs"]
mod configs;
mod support;

/// The peer's fake request origin.
const EXAMPLE: &str = "http://example.com";
/// Set by the handler (the peer's `next`), to tell its responses from answers that never
/// reached it.
const RAN: &str = "x-next";
const ACRH: header::HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;
/// What the peer's fake request asks for.
const PEER_ACRH: &str = "x-header-1, x-header-2";
/// Every header the peer's "origin of false" and "callback returns false" tests require absent.
const GRANTS: [&str; 5] = [
    "access-control-allow-origin",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-allow-credentials",
    "access-control-max-age",
];

/// The peer's `next`: answers every method on every path; `x-vary` makes it set `Vary: Foo`.
async fn next(req: HttpRequest) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.insert_header((RAN, req.method().as_str().to_owned()));
    if req.headers().contains_key("x-vary") {
        res.insert_header((header::VARY, "Foo"));
    }
    res.body("next")
}

/// `app.use(cors(options))` in front of `next`.
async fn through(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(next))).await;
    Answer::of(app.call(req.to_request()).await).await
}

fn get_from(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

/// A preflight as the peer's fake request, plus the method browsers always send with one.
fn pf(origin: &str, method: &str) -> TestRequest {
    preflight("/", origin, method)
}

fn vary_names(headers: &HeaderMap) -> Vec<String> {
    list(headers, "vary")
}

/// `Access-Control-Allow-Methods` as a sorted list; methods keep their case (SPEC §4.7).
fn allow_methods(res: &Answer) -> Vec<String> {
    let value = h(res.headers(), "access-control-allow-methods").unwrap_or_default();
    sorted(value.split(',').map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()).collect())
}

fn assert_preflight_answered(res: &Answer) {
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), RAN), None, "the handler must not run on a preflight");
}

fn assert_handler_ran(res: &Answer, method: &str) {
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(res.headers(), RAN), Some(method), "the handler should have answered");
    assert_eq!(res.body(), "next");
}

fn assert_nothing_granted(res: &Answer, what: &str) {
    for name in GRANTS {
        assert_eq!(h(res.headers(), name), None, "{what}: {name}");
    }
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{what}");
}

// ---------------------------------------------------------------------------------------------
// cors()
// ---------------------------------------------------------------------------------------------

/// "passes control to next middleware", "no options enables default CORS to all origins",
/// "origin defaults to *", "does not includes credentials unless explicitly enabled", "does not
/// includes maxAge unless specified".
#[actix_web::test]
async fn any_origin_passes_to_the_handler_with_star_and_nothing_else() {
    // SPEC §3.11: `origins` is required, there is no default; the peer's default is `*`.
    assert_eq!(refused_rules(Policy::builder()), [Rule::MalformedOrigin]);
    let any = built(Policy::builder().origin("*"));
    let res = through(any, get_from(EXAMPLE)).await;
    assert_handler_ran(&res, "GET");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin"]);
    // A request without `Origin` passes through too.
    assert_handler_ran(&through(any, TestRequest::get().uri("/")).await, "GET");
}

/// "shortcircuits preflight requests", "can configure preflight success response status
/// code", "includes Content-Length response header".
#[actix_web::test]
async fn preflight_is_answered_204_with_no_body_before_the_handler() {
    let any = built(Policy::builder().origin("*"));
    let app = init_service(App::new().wrap(Cors::new(any)).default_service(web::to(next))).await;
    let res = app.call(pf(EXAMPLE, "PUT").to_request()).await.unwrap();
    // SPEC §4.1: always 204 (the peer's `optionsSuccessStatus: 200` has no equivalent).
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), RAN), None);
    // An empty body; the peer writes `Content-Length: 0`, while on a 204 actix-web writes none
    // (RFC 9110 §8.6 forbids it there).
    let size = res.response().body().size();
    assert!(matches!(size, BodySize::None | BodySize::Sized(0)), "{size:?}");
    assert_eq!(h(res.headers(), "content-length"), None);
    // The peer's own fake preflight, `OPTIONS` without `Access-Control-Request-Method`, is not a
    // preflight here (SPEC §4.9): it reaches the handler.
    let options = TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/")
        .insert_header((header::ORIGIN, EXAMPLE))
        .insert_header((ACRH, PEER_ACRH));
    let res = through(any, options).await;
    assert_handler_ran(&res, "OPTIONS");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
}

/// A route that answers `OPTIONS` itself, as the peer's `preflightContinue` hands preflights on.
#[cors(origins = "*")]
#[route("/continue", method = "GET", method = "OPTIONS")]
async fn continue_route(req: HttpRequest) -> HttpResponse {
    next(req).await
}

/// "doesn't shortcircuit preflight requests with preflightContinue option": not offered; a
/// preflight never reaches a handler, even one that serves `OPTIONS` (README "What `#[cors]`
/// keeps and adds").
#[actix_web::test]
async fn preflight_never_continues_to_the_handler() {
    let app = init_service(App::new().service(continue_route)).await;
    let res = Answer::of(app.call(preflight("/continue", EXAMPLE, "GET").to_request()).await).await;
    assert_preflight_answered(&res);
    assert_eq!(allow_origin(&res), Some("*"));
    // Without a request method it is the handler's, as any `OPTIONS` (SPEC §4.9).
    let options = TestRequest::default().method(Method::OPTIONS).uri("/continue");
    let res = Answer::of(app.call(options.insert_header((header::ORIGIN, EXAMPLE)).to_request()).await).await;
    assert_handler_ran(&res, "OPTIONS");
}

/// "normalizes method names": the peer answers `options` as a preflight. Methods are
/// case-sensitive (RFC 9110 §9.1) and browsers send preflights as `OPTIONS`: `options` is
/// another method, never answered as a preflight.
#[actix_web::test]
async fn lowercase_options_is_not_a_preflight() {
    let any = built(Policy::builder().origin("*"));
    let lower = Method::from_bytes(b"options").unwrap();
    let res = through(any, pf(EXAMPLE, "PUT").method(lower)).await;
    assert_handler_ran(&res, "options");
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
}

#[cors(origins = "*")]
#[put("/items")]
async fn put_item(req: HttpRequest) -> HttpResponse {
    next(req).await
}

/// "OPTION call with no options enables default CORS to all origins and methods", "methods
/// defaults to GET, HEAD, PUT, PATCH, POST, DELETE".
#[actix_web::test]
async fn default_methods_are_the_standard_ones_or_the_routes() {
    let any = built(Policy::builder().origin("*"));
    let res = through(any, pf(EXAMPLE, "PATCH")).await;
    assert_preflight_answered(&res);
    assert_eq!(allow_origin(&res), Some("*"));
    // README "Named policies": without `methods`, every standard method, `OPTIONS` included.
    assert_eq!(allow_methods(&res), ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    // On a handler the default is the route's own methods (SPEC §2).
    let app = init_service(App::new().service(put_item)).await;
    let res = Answer::of(app.call(preflight("/items", EXAMPLE, "PUT").to_request()).await).await;
    assert_preflight_answered(&res);
    assert_eq!(allow_methods(&res), ["PUT"]);
    // SPEC §4.2: a method no `#[cors]` handler on the path serves gets the router's answer.
    let res = Answer::of(app.call(preflight("/items", EXAMPLE, "DELETE").to_request()).await).await;
    assert!(
        matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        res.status()
    );
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// passing static options
// ---------------------------------------------------------------------------------------------

/// "overrides defaults": `origin: 'http://example.com', methods: ['FOO', 'bar'], headers:
/// ['FIZZ', 'buzz'], credentials: true, maxAge: 123`.
#[actix_web::test]
async fn overrides_defaults() {
    let peer = |origin: &str| {
        Policy::builder()
            .origin(origin)
            .methods(["FOO", "bar"])
            .allow_headers(["FIZZ", "buzz"])
            .credentials(true)
            .max_age(123)
    };
    // SPEC §3.6: credentials over plain `http://` (cookies unencrypted) do not build.
    assert_eq!(refused_rules(peer(EXAMPLE)), [Rule::InsecureCredentials]);
    let policy = built(peer("https://example.com"));
    let res = through(policy, pf("https://example.com", "FOO").insert_header((ACRH, "fizz, BUZZ"))).await;
    assert_preflight_answered(&res);
    let headers = res.headers();
    assert_eq!(h(headers, "access-control-allow-origin"), Some("https://example.com"));
    // Methods compare byte for byte (SPEC §4.7): `bar` stays lowercase.
    assert_eq!(allow_methods(&res), ["FOO", "bar"]);
    assert_eq!(sorted(list(headers, "access-control-allow-headers")), ["buzz", "fizz"]);
    assert_eq!(h(headers, "access-control-allow-credentials"), Some("true"));
    assert_eq!(h(headers, "access-control-max-age"), Some("123"));
    // The peer's fake request asks for headers the policy does not list: the peer grants the
    // preflight and leaves the check to the browser; here it is refused (SPEC §4.2).
    let res = through(policy, pf("https://example.com", "bar").insert_header((ACRH, PEER_ACRH))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // `BAR` is not `bar` (SPEC §4.7).
    let res = through(policy, pf("https://example.com", "BAR")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// "matches request origin against regexp": `/:\/\/(.+\.)?example.com$/`.
#[actix_web::test]
async fn origin_regex_reflects_matches_and_varies() {
    // README rule 7: no scheme, and `.` in `example.com` matches any character.
    let rules = refused_rules(Policy::builder().origin_regex(r"://(.+\.)?example.com$"));
    assert!(rules.iter().all(|r| *r == Rule::UnsafeRegex), "{rules:?}");
    let policy = built(Policy::builder().origin_regex(r"http://([a-z0-9-]+\.)*example\.com"));
    for origin in [EXAMPLE, "http://www.example.com", "http://a.b.example.com"] {
        let res = through(policy, get_from(origin)).await;
        assert_handler_ran(&res, "GET");
        assert_eq!(allow_origin(&res), Some(origin));
        assert_eq!(vary_names(res.headers()), ["origin"]);
    }
    // What the peer's regex also lets in; a `regex(..)` is matched against the whole origin.
    for origin in ["http://exampleXcom", "https://evil.net/?://example.com", "http://example.com.evil.net"] {
        let res = through(policy, get_from(origin)).await;
        assert_nothing_granted(&res, origin);
        assert_eq!(vary_names(res.headers()), ["origin"], "{origin}");
    }
}

/// "matches request origin against array of origin checks": `[/foo\.com$/, 'http://example.com']`.
#[actix_web::test]
async fn origin_list_with_a_regex() {
    // README rule 7: a regex spells out the scheme.
    assert_eq!(
        refused_rules(Policy::builder().origin_regex(r"foo\.com$").origin(EXAMPLE)),
        [Rule::UnsafeRegex]
    );
    let policy = built(Policy::builder().origin_regex(r"https?://([a-z0-9-]+\.)*foo\.com").origin(EXAMPLE));
    for origin in [EXAMPLE, "https://foo.com", "http://api.foo.com"] {
        let res = through(policy, get_from(origin)).await;
        assert_eq!(allow_origin(&res), Some(origin));
        assert_eq!(vary_names(res.headers()), ["origin"]);
    }
    // The peer's unanchored `/foo\.com$/` also matches these.
    for origin in ["https://evilfoo.com", "https://example.com", "http://example.com:8080"] {
        assert_nothing_granted(&through(policy, get_from(origin)).await, origin);
    }
}

/// "doesn't match request origin against array of invalid origin checks": `[/foo\.com$/,
/// 'bar.com']`.
#[actix_web::test]
async fn origin_list_with_invalid_entries_is_refused_whole() {
    // Both mistakes at once (README "Policies from configuration").
    let rules = refused_rules(Policy::builder().origin_regex(r"foo\.com$").origin("bar.com"));
    assert!(rules.contains(&Rule::UnsafeRegex) && rules.contains(&Rule::MalformedOrigin), "{rules:?}");
    // Written as origins, the peer's request origin is not among them: no grant, still `Vary`.
    let policy =
        built(Policy::builder().origin_regex(r"https://([a-z0-9-]+\.)*foo\.com").origin("https://bar.com"));
    let res = through(policy, get_from(EXAMPLE)).await;
    assert_handler_ran(&res, "GET");
    assert_nothing_granted(&res, EXAMPLE);
    assert_eq!(vary_names(res.headers()), ["origin"]);
}

/// "origin of false disables cors", "should not allow origin when callback returns false".
#[actix_web::test]
async fn cors_left_off_sends_nothing() {
    // No policy that allows nothing: an empty `origins` does not build (README rule 3,
    // "empty list"); CORS is left off instead.
    assert_eq!(refused_rules(Policy::builder().origins::<&str>([])), [Rule::MalformedOrigin]);
    let policy = built(
        Policy::builder()
            .origin("https://example.com")
            .methods(["FOO", "bar"])
            .allow_headers(["FIZZ", "buzz"])
            .credentials(true)
            .max_age(123),
    );
    // Switched off as README "Local development" does it, and on no route at all.
    let app = init_service(
        App::new().wrap(Condition::new(false, Cors::new(policy))).default_service(web::to(next)),
    )
    .await;
    for origin in [EXAMPLE, "https://example.com"] {
        let res = Answer::of(app.call(get_from(origin).to_request()).await).await;
        assert_handler_ran(&res, "GET");
        assert_nothing_granted(&res, origin);
        assert_eq!(vary_names(res.headers()), Vec::<String>::new());
    }
}

/// "can override origin", "includes Vary header for specific origins", "should not override
/// options.origin callback" (`sentOrigin === 'http://example.com'`).
#[actix_web::test]
async fn exact_origin_is_reflected_others_get_nothing() {
    let policy = built(Policy::builder().origin(EXAMPLE));
    let res = through(policy, get_from(EXAMPLE)).await;
    assert_handler_ran(&res, "GET");
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert_eq!(vary_names(res.headers()), ["origin"]);
    let res = through(policy, get_from("http://localhost")).await;
    assert_handler_ran(&res, "GET");
    assert_nothing_granted(&res, "http://localhost");
    assert_eq!(vary_names(res.headers()), ["origin"]);
    let res = through(policy, pf("http://localhost", "PUT").insert_header((ACRH, PEER_ACRH))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_nothing_granted(&res, "preflight from http://localhost");
}

/// "appends to an existing Vary header".
#[actix_web::test]
async fn appends_to_the_handlers_vary() {
    let policy = built(Policy::builder().origin(EXAMPLE));
    let res = through(policy, get_from(EXAMPLE).insert_header(("x-vary", "1"))).await;
    assert_eq!(vary_names(res.headers()), ["foo", "origin"]);
}

/// "specifying true for origin reflects requesting origin", "should allow origin when callback
/// returns true".
#[actix_web::test]
async fn any_origin_is_star_never_a_reflection() {
    // README ("`.send_wildcard()`" row): `origins = "*"` always sends `*`, never echoes; any
    // origin is never reflected, so never granted credentials (SPEC §3.1).
    let any = built(Policy::builder().origin("*"));
    for origin in [EXAMPLE, "http://localhost", "https://evil.example.net"] {
        let res = through(any, get_from(origin)).await;
        assert_eq!(allow_origin(&res), Some("*"), "{origin}");
        assert_eq!(vary_names(res.headers()), Vec::<String>::new(), "{origin}");
    }
    assert_eq!(
        refused_rules(Policy::builder().origin("*").credentials(true)),
        [Rule::WildcardWithCredentials]
    );
}

/// "can override methods": `methods: ['method1', 'method2']`.
#[actix_web::test]
async fn methods_are_the_listed_ones_byte_for_byte() {
    let policy = built(Policy::builder().origin("*").methods(["method1", "method2"]));
    let res = through(policy, pf(EXAMPLE, "method2")).await;
    assert_preflight_answered(&res);
    assert_eq!(allow_methods(&res), ["method1", "method2"]);
    // SPEC §4.7: `METHOD1` is another method; and a standard one not listed is refused.
    for method in ["METHOD1", "PUT"] {
        let res = through(policy, pf(EXAMPLE, method)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{method}");
    }
}

/// "can specify allowed headers as array": `allowedHeaders: ['header1', 'header2']`.
#[actix_web::test]
async fn allowed_headers_are_the_policys_list() {
    let policy = built(Policy::builder().origin("*").allow_headers(["header1", "header2"]));
    let res = through(policy, pf(EXAMPLE, "PUT").insert_header((ACRH, "Header2"))).await;
    assert_preflight_answered(&res);
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["header1", "header2"]);
    // README "What your tests will see change": a preflight answer varies on what it was asked
    // (with `*` and no credentials, not on `Origin`); the peer sends no `Vary` here.
    assert_eq!(
        vary_names(res.headers()),
        [
            "access-control-request-method",
            "access-control-request-headers",
            "access-control-request-private-network"
        ]
    );
    // The peer's fake request asks for other headers: refused here (SPEC §4.2).
    let res = through(policy, pf(EXAMPLE, "PUT").insert_header((ACRH, PEER_ACRH))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// "specifying an empty list or string of allowed headers will result in no response header
/// for allowed headers".
#[actix_web::test]
async fn no_allowed_headers_no_allow_headers() {
    let policy = built(Policy::builder().origin("*").allow_headers::<&str>([]));
    let res = through(policy, get_from(EXAMPLE)).await;
    assert_eq!(h(res.headers(), "access-control-allow-headers"), None);
    assert_eq!(vary_names(res.headers()), Vec::<String>::new());
    let res = through(policy, pf(EXAMPLE, "PUT")).await;
    assert_preflight_answered(&res);
    assert_eq!(h(res.headers(), "access-control-allow-headers"), None);
    // Asking for any header is refused (SPEC §4.2).
    let res = through(policy, pf(EXAMPLE, "PUT").insert_header((ACRH, "x-header-1"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// "if no allowed headers are specified, defaults to requested allowed headers".
#[actix_web::test]
async fn requested_headers_are_never_reflected() {
    // The default is none (SPEC §2): the peer's reflection of whatever is asked is refused.
    let policy = built(Policy::builder().origin("*"));
    let res = through(policy, pf(EXAMPLE, "PUT").insert_header((ACRH, PEER_ACRH))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // Any header is `allow_headers = "*"`, answered `*`, not an echo (README "What your tests
    // will see change"); it still varies on the headers asked for.
    let policy = built(Policy::builder().origin("*").allow_headers(["*"]));
    let res = through(policy, pf(EXAMPLE, "PUT").insert_header((ACRH, PEER_ACRH))).await;
    assert_preflight_answered(&res);
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
    assert!(vary_names(res.headers()).contains(&"access-control-request-headers".to_owned()));
}

/// "can specify exposed headers as array", "specifying an empty list or string of exposed
/// headers will result in no response header for exposed headers".
#[actix_web::test]
async fn exposed_headers() {
    let policy = built(Policy::builder().origin("*").expose_headers(["custom-header1", "custom-header2"]));
    let res = through(policy, get_from(EXAMPLE)).await;
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["custom-header1", "custom-header2"]);
    let policy = built(Policy::builder().origin("*").expose_headers::<&str>([]));
    let res = through(policy, get_from(EXAMPLE)).await;
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    assert_eq!(allow_origin(&res), Some("*"));
}

/// "includes credentials if explicitly enabled", "does not includes credentials unless
/// explicitly enabled".
#[actix_web::test]
async fn credentials_only_when_enabled_and_never_with_any_origin() {
    // The peer's `cors({ credentials: true })` keeps its default origin `*` (SPEC §3.1).
    assert_eq!(
        refused_rules(Policy::builder().origin("*").credentials(true)),
        [Rule::WildcardWithCredentials]
    );
    let policy = built(Policy::builder().origin("https://example.com").credentials(true));
    let res = through(policy, pf("https://example.com", "PUT")).await;
    assert_preflight_answered(&res);
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(allow_origin(&res), Some("https://example.com"));
    let res = through(policy, get_from("https://example.com")).await;
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    let policy = built(Policy::builder().origin("https://example.com"));
    for req in [get_from("https://example.com"), pf("https://example.com", "PUT")] {
        let res = through(policy, req).await;
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
        assert_eq!(allow_origin(&res), Some("https://example.com"));
    }
}

/// "includes maxAge when specified", "includes maxAge when specified and equals to zero",
/// "does not includes maxAge unless specified".
#[actix_web::test]
async fn max_age_only_when_set_zero_included() {
    for (seconds, expected) in [(Some(456), Some("456")), (Some(0), Some("0")), (None, None)] {
        let mut builder = Policy::builder().origin("*");
        if let Some(seconds) = seconds {
            builder = builder.max_age(seconds);
        }
        let policy = built(builder);
        let res = through(policy, pf(EXAMPLE, "PUT")).await;
        assert_preflight_answered(&res);
        assert_eq!(h(res.headers(), "access-control-max-age"), expected, "{seconds:?}");
        // Never on an actual response (SPEC §4.4).
        let res = through(policy, get_from(EXAMPLE)).await;
        assert_eq!(h(res.headers(), "access-control-max-age"), None, "{seconds:?}");
    }
}
