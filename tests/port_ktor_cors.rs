//! The test suite of Ktor's CORS plugin (ktorio/ktor: `ktor-server-tests/.../plugins/CORSTest.kt`,
//! and the plugin's own `ktor-server-cors/jvm/test/.../CORSTest.kt` and
//! `ktor-server-cors/common/test/CORSTest.kt`), ported scenario by scenario as a user moving
//! from it would restate it: the closest `#[cors]` / `Policy::builder()` configuration and real
//! requests through `actix_web::test`.
//!
//! The peer installs the plugin on the whole application around a route answering `OK`; here
//! that is `Cors::new(&P)` on the `App` over the same handler, and a `#[cors]` handler where the
//! peer installs it inside one route.
//!
//! How the peer's vocabulary reads here:
//! - `allowHost("my-host")` allows `http://my-host` and `https://my-host`: both are listed.
//! - `allowHost(h, subDomains = [...])`, `allowHost("*.h")`: the origins written out, and
//!   `https://*.h` for the wildcard.
//! - `allowHeadersPrefixed(..)`, `allowHeaders { predicate }`, `allowOrigins { predicate }`: no
//!   closures or prefixes here (a pattern for a header name is refused, README rule 9); the
//!   names, the origins or a `regex(..)` are listed instead.
//! - `allowNonSimpleContentTypes = true`: `content-type` in `allow_headers`.
//! - The peer's default methods (`GET`, `POST`, `HEAD`) are `methods = ["GET", "HEAD", "POST"]`.
//! - The peer answers an actual request from a refused origin `403`. Here the handler runs and
//!   its response carries no CORS header, so the browser hides it from the page (README "Each
//!   builder call of `actix-cors`": `block_on_origin_mismatch`, no equivalent on purpose).
//! - `allowSameOrigin`: a request from the server's own origin needs no CORS header; here it
//!   gets none unless its origin is listed, and runs as any other.
//!
//! Every peer test is ported; none is left out.

#![allow(clippy::needless_pass_by_value)] // builders are passed as the tests write them

use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, get, put, web};
use configs::{built, refused, refused_rules};
use strict_cors::{Cors, Location, Policy, PolicyBuilder, Rule, cors};
use support::{
    Answer, PREFLIGHT_VARY, allow_origin, assert_preflight_answered, assert_preflight_refused, cors_headers,
    get as h, list, preflight, sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const ACRH: header::HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;
/// The peer's `get("/") { call.respond("OK") }`, for every method.
async fn ok() -> HttpResponse {
    HttpResponse::Ok().body("OK")
}

/// `install(CORS) { .. }` on the application, over `ok` on every path.
async fn through(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(ok))).await;
    Answer::of(app.call(req.to_request()).await).await
}

fn get_from(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

fn preflight_asking(origin: &str, method: &str, headers: &str) -> TestRequest {
    preflight("/", origin, method).insert_header((ACRH, headers))
}

/// `allowHost(host)`: the peer's default schemes, `http` and `https`.
fn allow_host(host: &str) -> [String; 2] {
    [format!("http://{host}"), format!("https://{host}")]
}

fn allow_headers(res: &Answer) -> Vec<String> {
    sorted(list(res.headers(), "access-control-allow-headers"))
}

fn vary(res: &Answer) -> Vec<String> {
    list(res.headers(), "vary")
}

/// The handler ran and answered `OK`.
fn assert_ok(res: &Answer, what: &str) {
    assert_eq!(res.status(), StatusCode::OK, "{what}");
    assert_eq!(res.body(), "OK", "{what}");
}

/// An actual request from an origin the policy does not allow: the peer answers `403` with no
/// body; here the handler's answer, with no CORS header (README "Each builder call":
/// `block_on_origin_mismatch`, no equivalent on purpose).
fn assert_not_shared(res: &Answer, what: &str) {
    assert_ok(res, what);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{what}");
}

fn any_host() -> PolicyBuilder {
    Policy::builder().origin("*")
}

fn my_host() -> PolicyBuilder {
    Policy::builder().origins(allow_host("my-host"))
}

// ----- requests without a usable origin -------------------------------------------------------

/// `testNoOriginHeader`: `anyHost()`, a request without `Origin`.
#[actix_web::test]
async fn no_origin_header() {
    let res = through(built(any_host()), TestRequest::get().uri("/")).await;
    assert_ok(&res, "any host");
    // README "What happens per request", `Vary`: with `origins = "*"` every response carries
    // `*`, requests without `Origin` included (the peer sends nothing), and needs no `Vary`.
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(vary(&res), Vec::<String>::new());
    // With listed hosts, nothing but `Vary: Origin` (SPEC §4.6).
    let res = through(built(my_host()), TestRequest::get().uri("/")).await;
    assert_ok(&res, "listed host");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(vary(&res), ["origin"]);
}

/// `testWrongOriginHeader` (`invalid-host`), `testWrongOriginHeaderIsEmpty` (``) and
/// `testMultipleDomainsOriginNotSupported` (`http://host1 http://host2`).
#[actix_web::test]
async fn origin_values_that_are_no_origin() {
    for origin in ["invalid-host", "", "http://host1 http://host2"] {
        let res = through(built(any_host()), get_from(origin)).await;
        assert_ok(&res, origin);
        // README "Hostile input": with `origins = "*"` an actual request still gets `*`, as every
        // request does (the peer sends nothing); `*` grants nothing to one origin.
        assert_eq!(allow_origin(&res), Some("*"), "{origin:?}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
        // With listed origins, such a value matches none of them.
        let listed = built(Policy::builder().origins(["http://host1", "http://host2"]));
        let res = through(listed, get_from(origin)).await;
        assert_not_shared(&res, origin);
    }
    // Nor is such a value a preflight's origin.
    let listed = built(Policy::builder().origins(["http://host1", "http://host2"]));
    let res = through(listed, preflight("/", "http://host1 http://host2", "PUT")).await;
    assert_preflight_refused(&res, "two origins in one preflight");
}

// ----- allowHost ------------------------------------------------------------------------------

/// `testSimpleRequest` and `testSimpleRequestHttps`: `allowHost("my-host")`.
#[actix_web::test]
async fn simple_request_from_a_listed_host() {
    let policy = built(my_host());
    for origin in ["http://my-host", "https://my-host"] {
        let res = through(policy, get_from(origin)).await;
        assert_ok(&res, origin);
        assert_eq!(allow_origin(&res), Some(origin));
        assert_eq!(vary(&res), ["origin"]);
    }
    let res = through(policy, get_from("http://other-host")).await;
    assert_not_shared(&res, "other host");
    assert_eq!(vary(&res), ["origin"]);
}

#[cors(origins = ["http://my-host", "https://my-host"])]
#[get("/1")]
async fn sub_route_one() -> HttpResponse {
    HttpResponse::Ok().body("OK")
}

/// `testSimpleRequestSubrouteInstall`: the plugin installed in `route("/1")` only.
#[actix_web::test]
async fn installed_on_one_route_only() {
    let app = init_service(App::new().service(sub_route_one).route("/2", web::get().to(ok))).await;
    let call = |req: TestRequest| {
        let fut = app.call(req.to_request());
        async { Answer::of(fut.await).await }
    };
    let res = call(TestRequest::get().uri("/1").insert_header((header::ORIGIN, "http://my-host"))).await;
    assert_ok(&res, "/1 from my-host");
    assert_eq!(allow_origin(&res), Some("http://my-host"));
    let res = call(TestRequest::get().uri("/1").insert_header((header::ORIGIN, "http://other-host"))).await;
    assert_not_shared(&res, "/1 from other-host");
    for origin in ["http://my-host", "http://other-host"] {
        let res = call(TestRequest::get().uri("/2").insert_header((header::ORIGIN, origin))).await;
        assert_not_shared(&res, origin);
    }
    // The route's preflights are the route's policy's.
    let res = call(preflight("/1", "https://my-host", "GET")).await;
    assert_preflight_answered(&res, "/1 preflight");
    assert_eq!(allow_origin(&res), Some("https://my-host"));
}

/// `testSimpleRequestPort1`: `allowHost("my-host")`, origins `http://my-host:80` and `:90`.
#[actix_web::test]
async fn origin_with_a_port() {
    let policy = built(my_host());
    // README "Security": browsers never write the scheme's default port, so `http://my-host:80`
    // is no origin a browser sends and matches no entry (the peer reflects it).
    for origin in ["http://my-host:80", "http://my-host:90"] {
        let res = through(policy, get_from(origin)).await;
        assert_not_shared(&res, origin);
        assert_eq!(vary(&res), ["origin"], "{origin}");
    }
    // A port is part of the origin: listed, it is allowed.
    let res =
        through(built(Policy::builder().origin("http://my-host:90")), get_from("http://my-host:90")).await;
    assert_eq!(allow_origin(&res), Some("http://my-host:90"));
}

/// `testSimpleRequestPort2`: `allowHost("my-host:80")`.
#[actix_web::test]
async fn entry_with_the_default_port() {
    // SPEC §3.3: the scheme's default port written out does not build (browsers never send it).
    assert_eq!(refused_rules(Policy::builder().origin("http://my-host:80")), [Rule::MalformedOrigin]);
    let res = through(built(Policy::builder().origin("http://my-host")), get_from("http://my-host")).await;
    assert_ok(&res, "written without the port");
    assert_eq!(allow_origin(&res), Some("http://my-host"));
}

/// `testSimpleRequestExposed`: `exposeHeader(ETag)`, `exposeHeader(Vary)`.
#[actix_web::test]
async fn exposed_headers() {
    let policy = built(my_host().expose_headers(["ETag", "Vary"]));
    let res = through(policy, get_from("http://my-host")).await;
    assert_ok(&res, "exposed");
    assert_eq!(allow_origin(&res), Some("http://my-host"));
    assert_eq!(sorted(list(res.headers(), "access-control-expose-headers")), ["etag", "vary"]);
    // Never to another origin.
    let res = through(policy, get_from("http://other-host")).await;
    assert_not_shared(&res, "other host");
}

/// `testSimpleRequestSubDomains`: `allowHost("my-host", subDomains = listOf("www"))`.
#[actix_web::test]
async fn listed_sub_domains() {
    let policy = built(Policy::builder().origins(allow_host("my-host")).origins(allow_host("www.my-host")));
    for origin in ["http://my-host", "http://www.my-host", "https://www.my-host"] {
        let res = through(policy, get_from(origin)).await;
        assert_ok(&res, origin);
        assert_eq!(allow_origin(&res), Some(origin));
    }
    let res = through(policy, get_from("http://other.my-host")).await;
    assert_not_shared(&res, "other.my-host");
}

// ----- anyHost --------------------------------------------------------------------------------

/// `testSimpleStar` and `testSimpleNull`: `anyHost()`.
#[actix_web::test]
async fn any_host_answers_star_without_vary() {
    for origin in ["http://my-host", "null"] {
        let res = through(built(any_host()), get_from(origin)).await;
        assert_ok(&res, origin);
        assert_eq!(allow_origin(&res), Some("*"), "{origin}");
        assert_eq!(vary(&res), Vec::<String>::new(), "{origin}");
    }
}

/// `testSimpleStarCredentials` and `testSimpleNullAllowCredentials` (`anyHost()` with
/// `allowCredentials = true`, which the peer answers by reflecting any origin, `null`
/// included), and the plugin's `anyHostWithAllowCredentialsShouldFail`.
#[actix_web::test]
async fn any_host_with_credentials() {
    // SPEC §3.1: does not build.
    assert!(refused_rules(any_host().credentials(true)).contains(&Rule::WildcardWithCredentials));
    // SPEC §3.4: nor does `null` as an entry.
    assert_eq!(refused_rules(Policy::builder().origin("null").credentials(true)), [Rule::OpaqueOrigin]);
    // SPEC §3.6: plain `http://` with credentials, other than loopback, does not build either.
    assert_eq!(refused_rules(my_host().credentials(true)), [Rule::InsecureCredentials]);
    // Restated: the origins listed, over https.
    let policy = built(Policy::builder().origin("https://my-host").credentials(true));
    let res = through(policy, get_from("https://my-host")).await;
    assert_ok(&res, "credentialed");
    assert_eq!(allow_origin(&res), Some("https://my-host"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(vary(&res), ["origin"]);
    for origin in ["null", "https://other-host"] {
        let res = through(policy, get_from(origin)).await;
        assert_not_shared(&res, origin);
    }
}

// ----- allowSameOrigin ------------------------------------------------------------------------

/// `testSameOriginEnabled`: no hosts, `allowSameOrigin = true` (the default); the test server
/// is `http://localhost`.
#[actix_web::test]
async fn same_origin_requests_run_without_cors_headers() {
    let policy = built(Policy::builder().origin("https://app.example.com"));
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(ok))).await;
    for (method, origin) in [
        (Method::GET, "http://localhost"),
        (Method::DELETE, "http://localhost"),
        (Method::GET, "http://localhost:8080"),
    ] {
        let req =
            TestRequest::default().method(method.clone()).uri("/").insert_header((header::ORIGIN, origin));
        let res = Answer::of(app.call(req.to_request()).await).await;
        // A same-origin page reads the answer without CORS headers; another origin (the peer's
        // `403` for `:8080`) cannot.
        assert_not_shared(&res, &format!("{method} from {origin}"));
    }
}

/// `testSameOriginDisabled` (no hosts at all) and the empty configuration of
/// `testCorsValidationWithTrailingSlashOrigin`.
#[test]
fn no_hosts_does_not_build() {
    // README "Compile-time checks", rule 3 "empty list": list the origins, or `"*"`.
    for builder in [Policy::builder(), Policy::builder().origins(Vec::<String>::new())] {
        assert_eq!(refused(builder), [(Rule::MalformedOrigin, Location::Origins)]);
    }
}

/// `testCorsValidationWithTrailingSlashOrigin`: `Origin: http://localhost:3000/`.
#[actix_web::test]
async fn trailing_slash() {
    // SPEC §3.3: an entry with a trailing `/` can never match; it does not build.
    assert_eq!(refused_rules(Policy::builder().origin("http://localhost:3000/")), [Rule::MalformedOrigin]);
    let policy = built(Policy::builder().origin("http://localhost:3000"));
    let res = through(policy, get_from("http://localhost:3000/")).await;
    assert_not_shared(&res, "trailing slash");
    let res = through(policy, get_from("http://localhost:3000")).await;
    assert_eq!(allow_origin(&res), Some("http://localhost:3000"));
}

// ----- content types and preflights -----------------------------------------------------------

/// `testNonSimpleContentTypeNotAllowedByDefault`: `anyHost()`, `POST` with a `Content-Type`.
#[actix_web::test]
async fn non_simple_content_type() {
    let policy = built(any_host());
    for content_type in ["application/json", "text/plain", "text/plain;charset=utf-8"] {
        let req = TestRequest::post()
            .uri("/")
            .insert_header((header::ORIGIN, "http://my-host"))
            .insert_header((header::CONTENT_TYPE, content_type));
        let res = through(policy, req).await;
        // SPEC §4.4: an actual request is judged by its origin alone (the peer answers `403` to
        // `application/json`); a browser sends a preflight first for it, refused below.
        assert_ok(&res, content_type);
        assert_eq!(allow_origin(&res), Some("*"), "{content_type}");
    }
    let res = through(policy, preflight_asking("http://my-host", "POST", "content-type")).await;
    assert_preflight_refused(&res, "content-type not allowed");
}

/// `testPreFlightMultipleHeadersRegression`: `allowHeader(Range)`, asked `Accept,Content-Type`.
#[actix_web::test]
async fn preflight_with_several_headers_one_not_allowed() {
    let policy = built(any_host().allow_headers(["Range"]).methods(["GET", "HEAD", "POST"]));
    let res = through(policy, preflight_asking("http://my-host", "GET", "Accept,Content-Type")).await;
    assert_preflight_refused(&res, "Accept,Content-Type");
}

/// `testPreFlight`: `anyHost()`, `allowHeader(Range)`, the peer's default methods.
#[actix_web::test]
async fn preflight_for_headers_and_methods() {
    let policy = built(any_host().allow_headers(["Range"]).methods(["GET", "HEAD", "POST"]));
    let res = through(policy, support::preflight("/", "http://my-host", "GET")).await;
    assert_preflight_answered(&res, "GET");
    assert_eq!(allow_origin(&res), Some("*"));
    // README "What your tests will see change": with `*`, a preflight answer varies on what it
    // was asked, never on `Origin` (the peer sends no `Vary`).
    assert_eq!(vary(&res), PREFLIGHT_VARY[1..]);
    let res = through(policy, support::preflight("/", "http://my-host", "PUT")).await;
    assert_preflight_refused(&res, "PUT");
    // The peer allows a safelisted name (`Accept`) whatever it lists. A browser names it in
    // `Access-Control-Request-Headers` only when its value is not safelisted, and then needs it
    // in `Access-Control-Allow-Headers`: here it must be listed like any other.
    for refused in ["Accept", "Content-Type", "ALPN"] {
        let res = through(policy, preflight_asking("http://my-host", "GET", refused)).await;
        assert_preflight_refused(&res, refused);
    }
    let res = through(policy, preflight_asking("http://my-host", "GET", "Range")).await;
    assert_preflight_answered(&res, "Range");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(allow_headers(&res), ["range"]);
    // Listed, `Accept` is allowed.
    let listed = built(any_host().allow_headers(["Range", "Accept"]).methods(["GET", "HEAD", "POST"]));
    let res = through(listed, preflight_asking("http://my-host", "GET", "Accept")).await;
    assert_preflight_answered(&res, "Accept listed");
    assert_eq!(allow_headers(&res), ["accept", "range"]);
}

/// `testPreFlightCustomMethod`: `allowMethod(HttpMethod.Delete)`.
#[actix_web::test]
async fn preflight_for_a_custom_method() {
    let policy = built(any_host().methods(["GET", "HEAD", "POST", "DELETE"]));
    let res = through(policy, support::preflight("/", "http://my-host", "DELETE")).await;
    assert_preflight_answered(&res, "DELETE");
    assert_eq!(allow_origin(&res), Some("*"));
    assert!(list(res.headers(), "access-control-allow-methods").contains(&"delete".to_owned()));
    let res = through(policy, support::preflight("/", "http://my-host", "PUT")).await;
    assert_preflight_refused(&res, "PUT");
    let res = through(policy, support::preflight("/", "http://my-host", "GET")).await;
    assert_preflight_answered(&res, "GET");
    assert_eq!(allow_origin(&res), Some("*"));
    // README "Allowed preflight": left out for `GET`, which browsers allow without it.
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
}

/// `testPreFlightAllowedContentTypes`: `anyHost()`, `allowNonSimpleContentTypes = true`.
#[actix_web::test]
async fn preflight_with_non_simple_content_types_allowed() {
    let policy = built(any_host().allow_headers(["Content-Type"]));
    let res = through(policy, support::preflight("/", "http://my-host", "GET")).await;
    assert_preflight_answered(&res, "no content type asked");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(allow_headers(&res), ["content-type"]);
    let res = through(policy, preflight_asking("http://my-host", "GET", "content-type")).await;
    assert_preflight_answered(&res, "content type asked");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(allow_headers(&res), ["content-type"]);
}

/// `testPreflightCustomHost`: `allowHost("my-host")`, `allowNonSimpleContentTypes = true`.
#[actix_web::test]
async fn preflight_from_a_listed_host() {
    let policy = built(my_host().allow_headers(["Content-Type"]));
    let res = through(policy, support::preflight("/", "http://my-host", "GET")).await;
    assert_preflight_answered(&res, "my-host");
    assert_eq!(allow_origin(&res), Some("http://my-host"));
    assert_eq!(allow_headers(&res), ["content-type"]);
    // README "What your tests will see change": `Origin` and what the preflight asked.
    assert_eq!(vary(&res), PREFLIGHT_VARY);
    let res = through(policy, support::preflight("/", "http://other-host", "GET")).await;
    assert_preflight_refused(&res, "other-host");
}

/// `testPreflightCustomMaxAge`: `maxAgeInSeconds = 100`.
#[actix_web::test]
async fn preflight_max_age() {
    let policy = built(any_host().max_age(100));
    let res = through(policy, support::preflight("/", "http://host", "GET")).await;
    assert_preflight_answered(&res, "max age");
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("100"));
    // Only preflight answers carry it.
    let res = through(policy, get_from("http://host")).await;
    assert_eq!(h(res.headers(), "access-control-max-age"), None);
}

// ----- allowHeadersPrefixed / allowHeaders { } ------------------------------------------------

/// `testAnyHeaderWithPrefix`, `testAnyHeaderSupportsMultipleHeaderPrefixes`,
/// `testAnyHeaderWithPrefixMergesHeadersWithConfiguration`,
/// `testAnyHeaderWithPrefixWithNoControlRequestHeaders` and
/// `testAnyHeaderWithPrefixRequestIsRejectedWhenHeaderDoesNotMatchPrefix`.
#[actix_web::test]
async fn header_prefixes_become_listed_names() {
    // README rule 9: a header name written as a pattern names one header nobody sends.
    assert_eq!(refused_rules(any_host().allow_headers(["custom-*"])), [Rule::InvalidHeader]);
    let policy =
        built(any_host().allow_headers(["Range", "custom-header1", "custom-header2", "custom2-header"]));
    for asked in ["custom-header1, custom-header2", "custom-header1, custom2-header"] {
        let res = through(policy, preflight_asking("http://host", "GET", asked)).await;
        assert_preflight_answered(&res, asked);
        // README "What your tests will see change": the policy's list, not an echo.
        assert_eq!(allow_headers(&res), ["custom-header1", "custom-header2", "custom2-header", "range"]);
    }
    let res = through(policy, support::preflight("/", "http://host", "GET")).await;
    assert_preflight_answered(&res, "nothing asked");
    assert_eq!(allow_headers(&res), ["custom-header1", "custom-header2", "custom2-header", "range"]);
    for refused in ["x-header1", "custom-header3", "custom-header1, x-header1"] {
        let res = through(policy, preflight_asking("http://host", "GET", refused)).await;
        assert_preflight_refused(&res, refused);
    }
}

/// `testAnyHeaderWithPrefixRequestIgnoresCase`: names compare case-insensitively (the peer's
/// first prefix starts with a Cyrillic `С`).
#[actix_web::test]
async fn header_names_compare_case_insensitively() {
    let policy = built(any_host().allow_headers(["custom2-header"]).methods(["POST"]));
    for asked in ["Custom2-header", "CUSTOM2-HEADER", "custom2-header"] {
        let res = through(policy, preflight_asking("http://host", "POST", asked)).await;
        assert_preflight_answered(&res, asked);
    }
    // SPEC §3.9: a name that is not an HTTP token does not build.
    assert_eq!(refused_rules(any_host().allow_headers(["Сustom1-header"])), [Rule::InvalidHeader]);
    // Asked for, it matches no listed name.
    let listed = built(any_host().allow_headers(["custom1-header"]).methods(["POST"]));
    let req = || {
        preflight("/", "http://host", "POST")
            .insert_header((ACRH, header::HeaderValue::from_bytes("сustom1-header".as_bytes()).unwrap()))
    };
    let res = through(listed, req()).await;
    assert_preflight_refused(&res, "Cyrillic name");
    // Nor does `*` cover it: it is no header name.
    let res = through(built(any_host().allow_headers(["*"]).methods(["POST"])), req()).await;
    assert_preflight_refused(&res, "Cyrillic name under *");
}

/// `testAnyHeaderCanSpecifyACustomPredicate`: `allowHeaders { it.startsWith("custom-matcher") }`;
/// no predicate here: `*` (without credentials) is the closest.
#[actix_web::test]
async fn header_predicate_becomes_any_header() {
    let policy = built(any_host().allow_headers(["*"]));
    let res = through(policy, preflight_asking("http://host", "GET", "custom-matcher-header")).await;
    assert_preflight_answered(&res, "custom-matcher-header");
    // README "What your tests will see change": `*`, not an echo of the request.
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
}

/// `testEmptyAccessControlRequestHeaders`: `allowMethod(Options)`, `allowHeader(XForwardedProto)`,
/// `allowHost("host")`, `allowCredentials`, `allowNonSimpleContentTypes`; asked
/// `Access-Control-Request-Headers: ` (empty).
#[actix_web::test]
async fn empty_request_headers() {
    let peer = || {
        Policy::builder()
            .methods(["POST", "OPTIONS"])
            .allow_headers(["Content-Type", "X-Forwarded-Proto"])
            .credentials(true)
    };
    // SPEC §3.6: `http://host` with credentials does not build (cookies over plain HTTP).
    assert!(refused_rules(peer().origins(allow_host("host"))).contains(&Rule::InsecureCredentials));
    let policy = built(peer().origin("https://host"));
    let res = through(policy, preflight_asking("https://host", "POST", "")).await;
    assert_preflight_answered(&res, "empty list");
    assert_eq!(allow_origin(&res), Some("https://host"));
    assert_eq!(allow_headers(&res), ["content-type", "x-forwarded-proto"]);
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    // SPEC §4.7: empty items are ignored.
    let res = through(policy, preflight_asking("https://host", "POST", " , ,content-type,")).await;
    assert_preflight_answered(&res, "empty items");
}

// ----- origin entries -------------------------------------------------------------------------

/// `originValidation`: `anyHost()`, origins with unusual schemes.
#[actix_web::test]
async fn origin_schemes() {
    let weird =
        ["hyp-hen://host", "plus+://host", "do.t://host", "digits11://host", "a()://host", "1abc://host"];
    for origin in weird {
        let res = through(built(any_host()), get_from(origin)).await;
        assert_ok(&res, origin);
        assert_eq!(allow_origin(&res), Some("*"), "{origin}");
    }
    // Listed, a scheme a page can have builds and matches only itself.
    for origin in &weird[..4] {
        let policy = built(Policy::builder().origin(origin));
        let res = through(policy, get_from(origin)).await;
        assert_eq!(allow_origin(&res), Some(*origin));
        let res = through(policy, get_from("https://host")).await;
        assert_not_shared(&res, origin);
    }
    // A scheme starts with a letter and holds only letters, digits, `+`, `-` and `.`.
    for origin in &weird[4..] {
        assert_eq!(refused_rules(Policy::builder().origin(origin)), [Rule::MalformedOrigin], "{origin}");
    }
}

/// `originWithWildcard`: `allowHost("domain.com")`, `allowHost("*.domain.com")`.
#[actix_web::test]
async fn wildcard_host() {
    let policy =
        built(Policy::builder().origins(allow_host("domain.com")).origins(allow_host("*.domain.com")));
    for origin in [
        "http://domain.com",
        "http://www.domain.com",
        "http://foo.bar.domain.com",
        "https://domain.com",
        "https://www.domain.com",
    ] {
        let res = through(policy, get_from(origin)).await;
        assert_eq!(allow_origin(&res), Some(origin), "{origin}");
    }
    for origin in ["http://domain.net", "https://domain.net", "sftp://domain.com", "https://evildomain.com"] {
        let res = through(policy, get_from(origin)).await;
        assert_not_shared(&res, origin);
    }
}

/// `originWithWildcardAndSubdomain`: `allowHost("domain.com", subDomains = listOf("foo", "*.bar"))`.
#[actix_web::test]
async fn wildcard_sub_domain() {
    let policy = built(Policy::builder().origins([
        "http://domain.com",
        "http://foo.domain.com",
        "http://*.bar.domain.com",
    ]));
    for origin in [
        "http://domain.com",
        "http://foo.domain.com",
        "http://foo.bar.domain.com",
        "http://anything.bar.domain.com",
    ] {
        let res = through(policy, get_from(origin)).await;
        assert_eq!(allow_origin(&res), Some(origin), "{origin}");
    }
    // SPEC §2: `*.` is one or more labels under the domain, never the domain itself.
    for origin in ["http://invalid.foo.domain.com", "http://bar.domain.com"] {
        let res = through(policy, get_from(origin)).await;
        assert_not_shared(&res, origin);
    }
}

/// `invalidOriginWithWildcard`, `originWithWildcardAndSubDomain` and
/// `invalidOriginWithWildcardAndSubDomain`: the hosts the peer refuses (its messages "wildcard
/// must appear in front of the domain" and "wildcard cannot appear more than once").
#[test]
fn misplaced_wildcards_do_not_build() {
    // `https://*.` has no host at all.
    assert_eq!(refused_rules(Policy::builder().origin("https://*.")), [Rule::MalformedOrigin]);
    for host in [
        "domain.com*",
        "domain.com*.",
        "**",
        "*.*.",
        "*.*.domain.com",
        "*.foo*.domain.com",
        // `subDomains` under `domain.com` and under `*.domain.com`:
        "foo*.domain.com",
        "*.foo*.bar.domain.com",
        "*.foo.*.domain.com",
        "foo.*.domain.com",
    ] {
        let origin = format!("https://{host}");
        assert_eq!(
            refused(Policy::builder().origin(&origin)),
            [(Rule::MisplacedWildcard, Location::Origin(0))],
            "{host}"
        );
    }
}

/// `testOriginPredicatesSimpleRequest`: `allowOrigins { it == "https://allowed-host" }`; no
/// closures here (README "Each builder call": `allowed_origin_fn`), the origin is listed.
#[actix_web::test]
async fn origin_predicate_becomes_a_list() {
    let policy = built(Policy::builder().origin("https://allowed-host"));
    let res = through(policy, get_from("https://allowed-host")).await;
    assert_ok(&res, "allowed");
    assert_eq!(allow_origin(&res), Some("https://allowed-host"));
    for origin in ["https://forbidden-host", "http://allowed-host"] {
        let res = through(policy, get_from(origin)).await;
        assert_not_shared(&res, origin);
    }
}

/// `testOriginPredicatesRegex`: `allowOrigins { it.matches(Regex("^https?://host\\.(?:com|org)$")) }`.
#[actix_web::test]
async fn origin_predicate_becomes_a_regex() {
    let policy = built(Policy::builder().origin_regex(r"^https?://host\.(?:com|org)$"));
    for origin in ["https://host.com", "http://host.org"] {
        let res = through(policy, get_from(origin)).await;
        assert_ok(&res, origin);
        assert_eq!(allow_origin(&res), Some(origin));
    }
    for origin in ["https://host.net", "https://host.com.evil.net", "https://host.com:8443"] {
        let res = through(policy, get_from(origin)).await;
        assert_not_shared(&res, origin);
    }
    // With credentials, plain http is refused (SPEC §3.6, rule 7).
    assert_eq!(
        refused_rules(Policy::builder().origin_regex(r"https?://host\.(?:com|org)").credentials(true)),
        [Rule::InsecureCredentials]
    );
}

// ----- installed in routing -------------------------------------------------------------------

#[cors(origins = "*")]
#[put("/test")]
async fn put_test() -> HttpResponse {
    HttpResponse::Ok().body("Hello World")
}

/// `installedInRouting` (`ktor-server-cors/common/test`): `anyHost()`, `allowMethod(Put)` on a
/// `put("test")` route; a preflight for it, and a plain `OPTIONS` to a path with no route.
#[actix_web::test]
async fn installed_in_routing() {
    let app = init_service(App::new().service(put_test)).await;
    let res = Answer::of(app.call(preflight("/test", "https://example.com", "PUT").to_request()).await).await;
    assert_preflight_answered(&res, "PUT /test");
    assert_eq!(allow_origin(&res), Some("*"));
    assert!(list(res.headers(), "access-control-allow-methods").contains(&"put".to_owned()));
    let req = TestRequest::default().method(Method::OPTIONS).uri("/nonexistent");
    let res = Answer::of(app.call(req.to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // SPEC §4.2: a preflight for a method the route does not serve gets the router's answer.
    let res =
        Answer::of(app.call(preflight("/test", "https://example.com", "DELETE").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // The actual request.
    let req = TestRequest::put().uri("/test").insert_header((header::ORIGIN, "https://example.com"));
    let res = Answer::of(app.call(req.to_request()).await).await;
    assert_eq!(res.body(), "Hello World");
    assert_eq!(allow_origin(&res), Some("*"));
}
