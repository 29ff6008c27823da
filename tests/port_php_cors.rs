//! The test suites of two PHP CORS libraries, ported scenario by scenario as a user moving from
//! them would restate them:
//!
//! - fruitcake/php-cors (Laravel's CORS, formerly asm89/stack-cors: `tests/CorsTest.php` over
//!   `tests/MockApp.php`, and `tests/CorsServiceTest.php`), prefixed `php_`;
//! - nelmio/NelmioCorsBundle (Symfony: `Tests/CorsListenerTest.php`,
//!   `Tests/EventListener/CacheableResponseVaryListenerTest.php`), prefixed `nelmio_`.
//!
//! Both are one middleware in front of an app answering `200` to every request. Each peer
//! configuration is restated as the closest `policy!`, and every request is sent to three
//! mounts a user would pick: a `#[cors(policy = P)]` handler, `Cors::new(&P)` wrapping the
//! whole `App` (whose default service plays the peer's app), and the same handler behind
//! `Layer`. The handler plays `MockApp`: `200`, and the `Vary` lines the test gives it
//! (`$responseHeaders`).
//!
//! Differences asserted on purpose, each with its rule next to it: a request without `Origin` gets
//! no `Access-Control-Allow-Origin` where the policy lists origins (php-cors sends its one listed
//! origin to everybody); `Vary: Origin` on every response of a policy that is not `"*"`
//! (php-cors leaves it out for one listed origin, SPEC §4.6); `Access-Control-Allow-Headers`
//! and `-Methods` are the policy's values, never an echo of the request; methods compare byte
//! for byte (php-cors and nelmio uppercase `get`, `Link`); a refused preflight is `403` without
//! CORS headers (nelmio answers `200` without `Access-Control-Allow-Origin`, or `400` for private
//! network); an allowed one `204` (nelmio `200`).
//!
//! Not ported (no meaning here): php-cors `itThrowsExceptionOnInvalid*` (PHP `TypeError`s on
//! option types, which Rust's types rule out), `itNormalizesUnderscoreOptions` /
//! `itCanSetOptions` / `itCanOverwriteSetOptions` / `itNormalizesFalseExposedHeaders` (option
//! spellings and setters of the PHP object: the builder is restated once per configuration);
//! nelmio's `forced_allow_origin_value` (sends a fixed `Access-Control-Allow-Origin`, even
//! `http://a http://b`, which browsers reject: no such option), `skip_same_as_origin` and
//! `hosts` (resolver options), `CorsConfigurationProviderPassTest`, `ConfigProviderTest` and
//! `ResolverTest` (Symfony container wiring and per-path option merging, restated here as one
//! policy per route).

use actix_web::dev::{HttpServiceFactory, Service};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, route, web};
use configs::{built, refused_rules};
use strict_cors::{Cors, Layer, Policy, Rule, cors, policy};
use support::{
    Answer, PREFLIGHT_VARY, allow_origin, assert_preflight_answered, assert_preflight_refused, cors_headers,
    get as h, list, sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

/// Set by the handler, so that its responses are told from answers that never reached it.
const RAN: &str = "x-handler-ran";
/// A request header the port sends to make the handler set `Vary` lines (`$responseHeaders`),
/// `|`-separated, one line each.
const SET_VARY: &str = "x-test-set-vary";
const LOCALHOST: &str = "http://localhost";

// ----- the policies: each peer configuration restated -------------------------------------------

/// `createStackedApp()`: `allowedHeaders ['x-allowed-header', 'x-other-allowed-header']`,
/// `allowedMethods ['delete', 'get', 'post', 'put']` (uppercase here, rule 8),
/// `allowedOrigins ['http://localhost']`, `maxAge` 0 (php-cors's default).
static DEFAULT: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedOrigins ['*']`.
static ANY_ORIGIN: Policy = policy!(
    origins = "*",
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedHeaders ['*']`.
static ANY_HEADER: Policy =
    policy!(origins = ["http://localhost"], methods = ["DELETE", "GET", "POST", "PUT"], allow_headers = "*");
/// `supportsCredentials: true`.
static CREDENTIALS: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
    credentials,
);
/// `allowedHeaders ['*'], supportsCredentials: true`: `*` is not allowed with credentials
/// (rule 1); the headers the test asks for are listed.
static LISTED_HEADERS_CREDENTIALS: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["foo", "bar"],
    credentials,
);
/// `exposedHeaders ['x-exposed-header', 'x-another-exposed-header']`.
static EXPOSED: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
    expose_headers = ["x-exposed-header", "x-another-exposed-header"],
);
/// `allowedOriginsPatterns ['/l(o|0)calh(o|0)st/']`, with the scheme a regex entry must spell
/// (rule 7).
static PATTERN: Policy = policy!(
    origins = [regex("http://l(o|0)calh(o|0)st")],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedOriginsPatterns ['/l\dcalh\dst/']`: as a regex it names 100 hosts, more than one
/// regex may (rule 7, see `php_pattern_origin_not_allowed`); two of them listed.
static PATTERN_DIGITS: Policy = policy!(
    origins = ["http://l0calh0st", "http://l1calh1st"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedOrigins ['http://localhost', 'http://example.com']`.
static TWO_ORIGINS: Policy = policy!(
    origins = ["http://localhost", "http://example.com"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedOrigins ['http://notlocalhost']`.
static NOT_LOCALHOST: Policy = policy!(
    origins = ["http://notlocalhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedMethods ['get', 'put']`.
static GET_PUT: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["GET", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
);
/// `allowedMethods ['*']`.
static ANY_METHOD: Policy = policy!(
    origins = ["http://localhost"],
    methods = "*",
    allow_headers = ["x-allowed-header", "x-other-allowed-header"]
);
/// `maxAge 42`.
static MAX_AGE_42: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
    max_age = 42,
);
/// `maxAge 0`.
static MAX_AGE_0: Policy = policy!(
    origins = ["http://localhost"],
    methods = ["DELETE", "GET", "POST", "PUT"],
    allow_headers = ["x-allowed-header", "x-other-allowed-header"],
    max_age = 0,
);

// nelmio: `allow_origin: true` is any origin.

/// `testPreflightedRequest`: `allow_origin true, allow_headers ['foo', 'bar'],
/// allow_methods ['POST', 'PUT']`.
static NELMIO_PREFLIGHTED: Policy =
    policy!(origins = "*", methods = ["POST", "PUT"], allow_headers = ["foo", "bar"]);
/// `testPreflightedRequestLinkFirefox`: `allow_methods ['LINK', 'PUT']`.
static NELMIO_LINK: Policy = policy!(origins = "*", methods = ["LINK", "PUT"]);
/// The same, written as a page's script spells the method (`fetch(url, { method: "Link" })`).
static NELMIO_LINK_AS_SENT: Policy = policy!(origins = "*", methods = ["Link", "PUT"]);
/// `allow_origin []`: no origin. An empty list does not build (rule 3); one origin the tests
/// never send stands for it.
static NELMIO_NONE: Policy = policy!(origins = ["https://nobody.example"], methods = ["POST", "PUT"]);
/// The private-network tests, `allow_private_network` on; `allow_origin true` with private
/// network does not build (rule 12), nor does plain `http://` (the origin is sent as `https`).
static NELMIO_PNA: Policy = policy!(
    origins = ["https://example.com"],
    methods = ["POST", "PUT"],
    allow_headers = ["foo", "bar"],
    private_network,
);
/// ... and off.
static NELMIO_NO_PNA: Policy =
    policy!(origins = ["https://example.com"], methods = ["POST", "PUT"], allow_headers = ["foo", "bar"]);

// ----- the handler (`MockApp`) on three mounts ----------------------------------------------------

/// `MockApp::handle` past the middleware: `200`, with the `Vary` lines asked for.
async fn mock_app(req: HttpRequest) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.insert_header((RAN, req.method().as_str()));
    if let Some(lines) = req.headers().get(SET_VARY) {
        for line in lines.to_str().unwrap().split('|') {
            res.append_header((header::VARY, line));
        }
    }
    res.finish()
}

macro_rules! handler {
    ($name:ident, $policy:ident) => {
        #[cors(policy = $policy)]
        #[route(
            "/",
            method = "GET",
            method = "POST",
            method = "PUT",
            method = "DELETE",
            method = "OPTIONS",
            method = "LINK"
        )]
        async fn $name(req: HttpRequest) -> HttpResponse {
            mock_app(req).await
        }
    };
}

handler!(default_route, DEFAULT);
handler!(any_origin_route, ANY_ORIGIN);
handler!(any_header_route, ANY_HEADER);
handler!(credentials_route, CREDENTIALS);
handler!(listed_headers_credentials_route, LISTED_HEADERS_CREDENTIALS);
handler!(exposed_route, EXPOSED);
handler!(pattern_route, PATTERN);
handler!(pattern_digits_route, PATTERN_DIGITS);
handler!(two_origins_route, TWO_ORIGINS);
handler!(not_localhost_route, NOT_LOCALHOST);
handler!(get_put_route, GET_PUT);
handler!(any_method_route, ANY_METHOD);
handler!(max_age_42_route, MAX_AGE_42);
handler!(max_age_0_route, MAX_AGE_0);
handler!(nelmio_preflighted_route, NELMIO_PREFLIGHTED);
handler!(nelmio_link_route, NELMIO_LINK);
handler!(nelmio_none_route, NELMIO_NONE);
handler!(nelmio_pna_route, NELMIO_PNA);
handler!(nelmio_no_pna_route, NELMIO_NO_PNA);

const MOUNTS: [&str; 3] = ["#[cors] handler", "Cors::new on the App", "#[cors] handler behind Layer"];

/// The request, sent to each mount, in the order of `MOUNTS`.
async fn mounts<F: HttpServiceFactory + 'static>(
    handler: impl Fn() -> F,
    policy: &'static Policy,
    request: impl Fn() -> TestRequest,
) -> [Answer; 3] {
    let on_route = {
        let app = init_service(App::new().service(handler())).await;
        Answer::of(app.call(request().to_request()).await).await
    };
    let on_app = {
        let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(mock_app))).await;
        Answer::of(app.call(request().to_request()).await).await
    };
    let behind_layer = {
        let app = init_service(App::new().service(handler()).wrap(Layer)).await;
        Answer::of(app.call(request().to_request()).await).await
    };
    [on_route, on_app, behind_layer]
}

/// `Request::create('/')` with `Origin` (`createValidActualRequest`).
fn actual(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

/// `createValidPreflightRequest`, but with the method as browsers send it (`GET`; the peer
/// sends `get`, see `php_preflight_method_compares_byte_for_byte`).
fn preflight(method: &str) -> TestRequest {
    support::preflight("/", LOCALHOST, method)
}

/// Every name `Vary` lists, over all its lines, lowercased, in order.
fn vary_names(headers: &HeaderMap) -> Vec<String> {
    list(headers, "vary")
}

/// `items`, sorted: the lists a policy sends are in its own order, which means nothing.
fn sorted_of(items: &[&str]) -> Vec<String> {
    sorted(items.iter().map(|s| (*s).to_owned()).collect())
}

// ----- CorsTest.php -----------------------------------------------------------------------------

/// `itDoesModifyOnARequestWithoutOrigin`: php-cors sends its single listed origin as
/// `Access-Control-Allow-Origin` to every request, `Origin` or not.
#[actix_web::test]
async fn php_request_without_origin() {
    for (res, mount) in
        mounts(|| default_route, &DEFAULT, || TestRequest::get().uri("/")).await.iter().zip(MOUNTS)
    {
        assert_eq!(h(res.headers(), RAN), Some("GET"), "{mount}");
        // SPEC §4.4: the policy's headers go to allowed origins; a request without `Origin`
        // is not a CORS request and gets none, but varies on `Origin` (SPEC §4.6), so that a
        // cache never gives it to a page that sends one.
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itDoesModifyOnARequestWithSameOrigin`: `allowedOrigins ['*']`, `Host` the origin's.
#[actix_web::test]
async fn php_request_with_same_origin() {
    let req = || actual("http://foo.com").insert_header((header::HOST, "foo.com"));
    for (res, mount) in mounts(|| any_origin_route, &ANY_ORIGIN, req).await.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
    }
}

/// `itReturnsAllowOriginHeaderOnValidActualRequest`.
#[actix_web::test]
async fn php_allow_origin_on_valid_actual_request() {
    for (res, mount) in mounts(|| default_route, &DEFAULT, || actual(LOCALHOST)).await.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
        assert_eq!(h(res.headers(), RAN), Some("GET"), "{mount}");
    }
}

/// `itReturnsAllowOriginHeaderOnAllowAllOriginRequest`.
#[actix_web::test]
async fn php_allow_origin_on_allow_all_origin_request() {
    for (res, mount) in
        mounts(|| any_origin_route, &ANY_ORIGIN, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
    }
}

/// `itReturnsAllowHeadersHeaderOnAllowAllHeadersRequest`: php-cors echoes `Foo, BAR` and varies
/// on both request headers.
#[actix_web::test]
async fn php_allow_headers_on_allow_all_headers_request() {
    let req = || preflight("GET").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foo, BAR"));
    for (res, mount) in mounts(|| any_header_route, &ANY_HEADER, req).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        // SPEC §4.1: `*` for `allow_headers = "*"`, which covers `Foo` and `BAR` in browsers.
        assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"), "{mount}");
        assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
    }
}

/// `itReturnsAllowHeadersHeaderOnAllowAllHeadersRequestCredentials`: `*` headers with
/// credentials does not build (rule 1: browsers read `*` as a header named `*` on credentialed
/// requests); the names listed, the preflight is allowed.
#[actix_web::test]
async fn php_allow_headers_on_allow_all_headers_request_credentials() {
    let peer = Policy::builder().origin(LOCALHOST).allow_headers(["*"]).credentials(true);
    assert_eq!(refused_rules(peer), [Rule::WildcardWithCredentials]);
    let req = || preflight("GET").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foo, BAR"));
    for (res, mount) in
        mounts(|| listed_headers_credentials_route, &LISTED_HEADERS_CREDENTIALS, req).await.iter().zip(MOUNTS)
    {
        assert_preflight_answered(res, mount);
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-headers")),
            sorted_of(&["foo", "bar"]),
            "{mount}"
        );
        assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
    }
}

/// `itSetsAllowCredentialsHeaderWhenFlagIsSetOnValidActualRequest`.
#[actix_web::test]
async fn php_credentials_on_valid_actual_request() {
    for (res, mount) in
        mounts(|| credentials_route, &CREDENTIALS, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
    }
}

/// `itDoesNotSetAllowCredentialsHeaderWhenFlagIsNotSetOnValidActualRequest`.
#[actix_web::test]
async fn php_no_credentials_on_valid_actual_request() {
    for (res, mount) in mounts(|| default_route, &DEFAULT, || actual(LOCALHOST)).await.iter().zip(MOUNTS) {
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount}");
    }
}

/// `itSetsExposedHeadersWhenConfiguredOnActualRequest`.
#[actix_web::test]
async fn php_exposed_headers_on_actual_request() {
    for (res, mount) in mounts(|| exposed_route, &EXPOSED, || actual(LOCALHOST)).await.iter().zip(MOUNTS) {
        assert_eq!(
            sorted(list(res.headers(), "access-control-expose-headers")),
            sorted_of(&["x-exposed-header", "x-another-exposed-header"]),
            "{mount}"
        );
    }
}

/// `itAddsAVaryHeaderWhenWildcardAndSupportsCredentials`: `allowedOrigins ['*']` with
/// credentials reflects any origin there; here it does not build (rule 1), and the listed
/// origin with credentials varies on `Origin`.
#[actix_web::test]
async fn php_vary_when_wildcard_and_credentials() {
    assert_eq!(
        refused_rules(Policy::builder().origin("*").credentials(true)),
        [Rule::WildcardWithCredentials]
    );
    for (res, mount) in
        mounts(|| credentials_route, &CREDENTIALS, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itAddsMultipleVaryHeaderWhenWildcardAndSupportsCredentials`: `*` origins and methods with
/// credentials; neither builds (rule 1). The preflight of the listed restatement varies on the
/// origin and on what the preflight asks.
#[actix_web::test]
async fn php_multiple_vary_when_wildcard_and_credentials() {
    let peer = Policy::builder().origin("*").any_method().credentials(true);
    assert_eq!(refused_rules(peer), [Rule::WildcardWithCredentials, Rule::WildcardWithCredentials]);
    for (res, mount) in
        mounts(|| credentials_route, &CREDENTIALS, || preflight("GET")).await.iter().zip(MOUNTS)
    {
        assert_preflight_answered(res, mount);
        assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
    }
}

/// `itAddsAVaryHeaderWhenHasOriginPatterns`.
#[actix_web::test]
async fn php_vary_when_origin_patterns() {
    for (res, mount) in mounts(|| pattern_route, &PATTERN, || actual(LOCALHOST)).await.iter().zip(MOUNTS) {
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itDoesntAddAVaryHeaderWhenWilcardOrigins`: `['*', 'http://localhost']` does not build
/// (rule 2); `*` alone needs no `Vary`.
#[actix_web::test]
async fn php_no_vary_when_wildcard_origins() {
    assert_eq!(refused_rules(Policy::builder().origins(["*", LOCALHOST])), [Rule::DuplicateOrMixed]);
    for (res, mount) in
        mounts(|| any_origin_route, &ANY_ORIGIN, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(res.headers().get(header::VARY), None, "{mount}");
    }
}

/// `itDoesntAddAVaryHeaderWhenSimpleOrigins`: php-cors sends its one origin to everybody, so
/// its answer does not depend on `Origin`. Here it does (only that origin gets it, SPEC §4.4),
/// so it varies on it (SPEC §4.6).
#[actix_web::test]
async fn php_vary_even_for_one_origin() {
    for (res, mount) in mounts(|| default_route, &DEFAULT, || actual(LOCALHOST)).await.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itAddsAVaryHeaderWhenMultipleOrigins`.
#[actix_web::test]
async fn php_vary_when_multiple_origins() {
    for (res, mount) in
        mounts(|| two_origins_route, &TWO_ORIGINS, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itAppendsAnExistingVaryHeader`: the app's `Vary: Content-Type` is kept, `Origin` appended.
#[actix_web::test]
async fn php_appends_an_existing_vary_header() {
    let req = || actual(LOCALHOST).insert_header((SET_VARY, "Content-Type"));
    for (res, mount) in mounts(|| credentials_route, &CREDENTIALS, req).await.iter().zip(MOUNTS) {
        assert_eq!(vary_names(res.headers()), ["content-type", "origin"], "{mount}");
    }
}

/// `itAppendsMultipleExistingVaryHeaders`: two `Vary` lines of the app's, both kept.
#[actix_web::test]
async fn php_appends_multiple_existing_vary_headers() {
    let req = || actual(LOCALHOST).insert_header((SET_VARY, "Content-Type|Referer"));
    for (res, mount) in mounts(|| credentials_route, &CREDENTIALS, req).await.iter().zip(MOUNTS) {
        assert_eq!(vary_names(res.headers()), ["content-type", "referer", "origin"], "{mount}");
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
    }
    // The same without `Origin`, from another origin, and where a line names `Origin` already.
    for origin in [None, Some("http://evil.example")] {
        let req = || {
            let req = TestRequest::get().uri("/").insert_header((SET_VARY, "Content-Type|Referer"));
            match origin {
                Some(origin) => req.insert_header((header::ORIGIN, origin)),
                None => req,
            }
        };
        for (res, mount) in mounts(|| credentials_route, &CREDENTIALS, req).await.iter().zip(MOUNTS) {
            assert_eq!(vary_names(res.headers()), ["content-type", "referer", "origin"], "{mount}");
        }
    }
    let req = || actual(LOCALHOST).insert_header((SET_VARY, "Content-Type|ORIGIN"));
    for (res, mount) in mounts(|| credentials_route, &CREDENTIALS, req).await.iter().zip(MOUNTS) {
        assert_eq!(vary_names(res.headers()), ["content-type", "origin"], "{mount}");
    }
    // `Vary: *` already varies on everything (README "`Vary`").
    let req = || actual(LOCALHOST).insert_header((SET_VARY, "*"));
    for (res, mount) in mounts(|| credentials_route, &CREDENTIALS, req).await.iter().zip(MOUNTS) {
        assert_eq!(vary_names(res.headers()), ["*"], "{mount}");
    }
}

/// `itReturnsAccessControlHeadersOnCorsRequest`.
#[actix_web::test]
async fn php_access_control_headers_on_cors_request() {
    for (res, mount) in mounts(|| default_route, &DEFAULT, || actual(LOCALHOST)).await.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
    }
}

/// `itReturnsAccessControlHeadersOnCorsRequestWithPatternOrigin`.
#[actix_web::test]
async fn php_access_control_headers_on_cors_request_with_pattern_origin() {
    for origin in [LOCALHOST, "http://l0calh0st", "http://l0calhost"] {
        for (res, mount) in mounts(|| pattern_route, &PATTERN, || actual(origin)).await.iter().zip(MOUNTS) {
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
            assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
        }
    }
    // The peer's pattern is unanchored and has no scheme: it also matches these. A regex entry
    // is matched against the whole origin (SPEC §2).
    for origin in ["https://localhost", "http://localhost.evil.example", "http://evil-localhost"] {
        for (res, mount) in mounts(|| pattern_route, &PATTERN, || actual(origin)).await.iter().zip(MOUNTS) {
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount} {origin}");
        }
    }
    // ... and as the peer writes it, it does not build (rule 7: no `scheme://`).
    assert_eq!(refused_rules(Policy::builder().origin_regex("l(o|0)calh(o|0)st")), [Rule::UnsafeRegex]);
}

/// `itAddsVaryHeadersOnPreflightNonPreflightOptions`: `OPTIONS` without `Origin` or
/// `Access-Control-Request-Method` is routed like any request (SPEC §4.9): the handler answers
/// it, varying on `Origin` (SPEC §4.6).
#[actix_web::test]
async fn php_non_preflight_options() {
    let req = || TestRequest::default().method(Method::OPTIONS).uri("/");
    for (res, mount) in mounts(|| default_route, &DEFAULT, req).await.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(h(res.headers(), RAN), Some("OPTIONS"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itReturnsAccessControlHeadersOnValidPreflightRequest`.
#[actix_web::test]
async fn php_access_control_headers_on_valid_preflight_request() {
    for method in ["GET", "PUT", "DELETE"] {
        for (res, mount) in mounts(|| default_route, &DEFAULT, || preflight(method)).await.iter().zip(MOUNTS)
        {
            assert_preflight_answered(res, mount);
            assert_eq!(h(res.headers(), RAN), None, "{mount}: the handler does not run");
            assert_eq!(allow_origin(res.headers()), Some(LOCALHOST), "{mount}");
            assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
        }
    }
}

/// The peer's preflight sends `Access-Control-Request-Method: get`, which php-cors uppercases.
/// Browsers uppercase `get` before sending it (Fetch "normalize a method"), and methods compare
/// byte for byte (SPEC §4.7): `get` is no method the policy lists, nor one the route serves.
#[actix_web::test]
async fn php_preflight_method_compares_byte_for_byte() {
    let answers = mounts(|| default_route, &DEFAULT, || preflight("get")).await;
    let [on_route, on_app, behind_layer] = &answers;
    // No `#[cors]` handler on the path serves `get`: the router's answer (SPEC §4.2).
    for (res, mount) in [(on_route, MOUNTS[0]), (behind_layer, MOUNTS[2])] {
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    // A `Cors` middleware answers every preflight under it: refused.
    assert_preflight_refused(on_app, MOUNTS[1]);
    // Rule 8: the lowercase spelling does not build.
    assert_eq!(
        refused_rules(Policy::builder().origin(LOCALHOST).methods(["delete", "get", "post", "put"])),
        [Rule::InvalidMethod; 4]
    );
}

/// `itDoesNotAllowRequestWithOriginNotAllowed`.
#[actix_web::test]
async fn php_origin_not_allowed() {
    for (res, mount) in
        mounts(|| not_localhost_route, &NOT_LOCALHOST, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        // SPEC §4.5: the handler runs; no CORS header.
        assert_eq!(h(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// `itDoesNotModifyRequestWithPatternOriginNotAllowed`.
#[actix_web::test]
async fn php_pattern_origin_not_allowed() {
    for (res, mount) in
        mounts(|| pattern_digits_route, &PATTERN_DIGITS, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    for (res, mount) in mounts(|| pattern_digits_route, &PATTERN_DIGITS, || actual("http://l0calh0st"))
        .await
        .iter()
        .zip(MOUNTS)
    {
        assert_eq!(allow_origin(res.headers()), Some("http://l0calh0st"), "{mount}");
    }
    // The peer's pattern, with a scheme: 100 fixed hosts, more than the 16 registrable domains
    // one regex may end in (README rule 7): list them.
    assert_eq!(
        refused_rules(Policy::builder().origin_regex("http://l[0-9]calh[0-9]st")),
        [Rule::UnsafeRegex]
    );
}

/// `itAllowMethodsOnValidPreflightRequest`: php-cors answers `GET, PUT`. Here the methods
/// listed, for a method that needs them (`GET` needs none, SPEC §4.1).
#[actix_web::test]
async fn php_allow_methods_on_valid_preflight_request() {
    for (res, mount) in mounts(|| get_put_route, &GET_PUT, || preflight("PUT")).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-methods")),
            sorted_of(&["get", "put"]),
            "{mount}"
        );
    }
    for (res, mount) in mounts(|| get_put_route, &GET_PUT, || preflight("GET")).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        let methods = list(res.headers(), "access-control-allow-methods");
        assert!(methods.is_empty() || methods.contains(&"get".to_owned()), "{mount}: {methods:?}");
    }
    for (res, mount) in mounts(|| get_put_route, &GET_PUT, || preflight("DELETE")).await.iter().zip(MOUNTS) {
        assert_preflight_refused(res, mount);
    }
}

/// `itReturnsValidPreflightRequestWithAllowMethodsAll`: php-cors echoes the method asked for.
#[actix_web::test]
async fn php_allow_methods_all() {
    for method in ["PUT", "LINK"] {
        for (res, mount) in
            mounts(|| any_method_route, &ANY_METHOD, || preflight(method)).await.iter().zip(MOUNTS)
        {
            assert_preflight_answered(res, mount);
            // README: `methods = "*"` answers `Access-Control-Allow-Methods: *`.
            assert_eq!(h(res.headers(), "access-control-allow-methods"), Some("*"), "{mount}");
            assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
        }
    }
    // The peer's `get`: on a handler, preflights are limited to the methods its route serves
    // (README "Named policies"), and no route serves `get`; a `Cors` middleware allows it.
    let [on_route, on_app, behind_layer] =
        mounts(|| any_method_route, &ANY_METHOD, || preflight("get")).await;
    assert_preflight_answered(&on_app, MOUNTS[1]);
    for (res, mount) in [(&on_route, MOUNTS[0]), (&behind_layer, MOUNTS[2])] {
        assert!(matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `itReturnsValidPreflightRequestWithAllowMethodsAllCredentials`: `*` methods with
/// credentials does not build (rule 1, "list the methods").
#[test]
fn php_allow_methods_all_credentials() {
    let peer = Policy::builder().origin(LOCALHOST).any_method().credentials(true);
    assert_eq!(refused_rules(peer), [Rule::WildcardWithCredentials]);
}

/// `itReturnsOkOnValidPreflightRequestWithRequestedHeadersAllowed`: the names asked in any case,
/// the answer the policy's list.
#[actix_web::test]
async fn php_requested_headers_allowed() {
    let req = || {
        preflight("PUT").insert_header((
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "X-Allowed-Header, x-other-allowed-header",
        ))
    };
    for (res, mount) in mounts(|| default_route, &DEFAULT, req).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        assert_eq!(
            h(res.headers(), "access-control-allow-headers"),
            Some("x-allowed-header, x-other-allowed-header"),
            "{mount}"
        );
    }
    // One name not listed refuses the preflight (SPEC §4.2).
    let req = || {
        preflight("PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-allowed-header, x-not-allowed"))
    };
    for (res, mount) in mounts(|| default_route, &DEFAULT, req).await.iter().zip(MOUNTS) {
        assert_preflight_refused(res, mount);
    }
}

/// `itSetsAllowCredentialsHeaderWhenFlagIsSetOnValidPreflightRequest`.
#[actix_web::test]
async fn php_credentials_on_valid_preflight_request() {
    for (res, mount) in
        mounts(|| credentials_route, &CREDENTIALS, || preflight("PUT")).await.iter().zip(MOUNTS)
    {
        assert_preflight_answered(res, mount);
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
    }
}

/// `itDoesNotSetAllowCredentialsHeaderWhenFlagIsNotSetOnValidPreflightRequest`.
#[actix_web::test]
async fn php_no_credentials_on_valid_preflight_request() {
    for (res, mount) in mounts(|| default_route, &DEFAULT, || preflight("PUT")).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount}");
    }
}

/// `itSetsMaxAgeWhenSet`.
#[actix_web::test]
async fn php_max_age_when_set() {
    for (res, mount) in mounts(|| max_age_42_route, &MAX_AGE_42, || preflight("PUT")).await.iter().zip(MOUNTS)
    {
        assert_eq!(h(res.headers(), "access-control-max-age"), Some("42"), "{mount}");
    }
    // Only preflight answers carry it.
    for (res, mount) in
        mounts(|| max_age_42_route, &MAX_AGE_42, || actual(LOCALHOST)).await.iter().zip(MOUNTS)
    {
        assert_eq!(h(res.headers(), "access-control-max-age"), None, "{mount}");
    }
}

/// `itSetsMaxAgeWhenZero`: `0` is sent (no caching), not left out (which browsers read as 5 s).
#[actix_web::test]
async fn php_max_age_when_zero() {
    for (res, mount) in mounts(|| max_age_0_route, &MAX_AGE_0, || preflight("PUT")).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        assert_eq!(h(res.headers(), "access-control-max-age"), Some("0"), "{mount}");
    }
}

/// `itDoesntSetMaxAgeWhenFalse`.
#[actix_web::test]
async fn php_no_max_age_when_unset() {
    for (res, mount) in mounts(|| default_route, &DEFAULT, || preflight("PUT")).await.iter().zip(MOUNTS) {
        assert_preflight_answered(res, mount);
        assert_eq!(h(res.headers(), "access-control-max-age"), None, "{mount}");
    }
}

/// `itSkipsEmptyAccessControlRequestHeader`: an empty list asks for nothing (SPEC §4.7).
#[actix_web::test]
async fn php_skips_empty_access_control_request_headers() {
    for value in ["", " ", ",", " , ,"] {
        let req = || preflight("PUT").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, value));
        for (res, mount) in mounts(|| default_route, &DEFAULT, req).await.iter().zip(MOUNTS) {
            assert_preflight_answered(res, &format!("{mount} {value:?}"));
        }
    }
}

/// `itDoesntSetAccessControlAllowOriginWithoutOrigin`: `['*']` with credentials does not build
/// (rule 1); the listed restatement sends nothing to a request without `Origin`.
#[actix_web::test]
async fn php_no_allow_origin_without_origin() {
    assert_eq!(
        refused_rules(Policy::builder().origins(["*"]).credentials(true)),
        [Rule::WildcardWithCredentials]
    );
    for (res, mount) in
        mounts(|| credentials_route, &CREDENTIALS, || TestRequest::get().uri("/")).await.iter().zip(MOUNTS)
    {
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount}");
    }
}

// ----- CorsServiceTest.php ----------------------------------------------------------------------

/// `itCanHaveOptions`: `allowedOrigins ['localhost']` (no scheme: never an `Origin`) and
/// `allowedOriginsPatterns ['/something/']` (no scheme, unanchored) do not build (rules 3, 7);
/// the rest does, and reads back as given.
#[test]
fn php_can_have_options() {
    assert_eq!(refused_rules(Policy::builder().origin("localhost")), [Rule::MalformedOrigin]);
    assert_eq!(refused_rules(Policy::builder().origin_regex("something")), [Rule::UnsafeRegex]);
    let policy = built(
        Policy::builder()
            .origin("http://localhost")
            .allow_headers(["x-custom"])
            .methods(["PUT"])
            .max_age(684)
            .credentials(true)
            .expose_headers(["x-custom-2"]),
    );
    assert!(policy.allows_origin("http://localhost"));
    assert!(policy.allows_header(b"x-custom") && !policy.allows_header(b"x-custom-2"));
    assert!(policy.allows_method(b"PUT") && !policy.allows_method(b"GET"));
    assert_eq!(policy.max_age_value(), Some("684"));
    assert!(policy.allows_credentials());
    assert_eq!(policy.expose_headers_value(), Some("x-custom-2"));
}

/// `itCanHaveNoOptions` / `itCanHaveEmptyOptions`: php-cors's empty configuration allows no
/// origin. Here a policy names its origins (rules 3, 11): an empty list does not build.
#[test]
fn php_can_have_no_options() {
    assert_eq!(refused_rules(Policy::builder()), [Rule::MalformedOrigin]);
    assert_eq!(refused_rules(Policy::builder().origins::<&str>([])), [Rule::MalformedOrigin]);
}

/// `itAllowsNullMaxAge` / `itAllowsZeroMaxAge`.
#[test]
fn php_null_and_zero_max_age() {
    assert_eq!(built(Policy::builder().origin(LOCALHOST)).max_age_value(), None);
    assert_eq!(built(Policy::builder().origin(LOCALHOST).max_age(0)).max_age_value(), Some("0"));
}

/// `itNormalizesWildcardOrigins` / `Headers` / `Methods`.
#[test]
fn php_normalizes_wildcards() {
    assert!(built(Policy::builder().origins(["*"])).allows_any_origin());
    let any_header = built(Policy::builder().origin(LOCALHOST).allow_headers(["*"]));
    assert!(any_header.allows_header(b"x-anything"));
    assert_eq!(any_header.allow_headers_value(), Some("*"));
    let any_method = built(Policy::builder().origin(LOCALHOST).any_method());
    assert!(any_method.allows_method(b"PROPFIND"));
    // `['*']` is no list of methods (rule 8, "write `methods = \"*\"`").
    assert_eq!(refused_rules(Policy::builder().origin(LOCALHOST).methods(["*"])), [Rule::InvalidMethod]);
}

/// `itConvertsWildcardOriginPatterns`: php-cors turns `*.mydomain.com` into `^.*\.mydomain\.com\z`,
/// which any scheme, and anything before the dot, matches.
#[test]
fn php_converts_wildcard_origin_patterns() {
    // Without a scheme it is no origin (rule 3 / 5).
    assert!(!refused_rules(Policy::builder().origin("*.mydomain.com")).is_empty());
    let policy = built(Policy::builder().origin("https://*.mydomain.com"));
    for (origin, allowed) in [
        ("https://a.mydomain.com", true),
        ("https://a.b.mydomain.com", true),
        ("https://mydomain.com", false),
        ("http://a.mydomain.com", false),
        // All three match the peer's pattern.
        ("https://evil.com/.mydomain.com", false),
        ("https://evil.com#.mydomain.com", false),
        ("ftp://a.mydomain.com", false),
    ] {
        assert_eq!(policy.allows_origin(origin), allowed, "{origin}");
    }
}

// ----- NelmioCorsBundle -------------------------------------------------------------------------

fn nelmio_preflight(origin: &str, method: &str) -> TestRequest {
    support::preflight("/", origin, method)
}

/// `testPreflightedRequest`.
#[actix_web::test]
async fn nelmio_preflighted_request() {
    let req = || {
        nelmio_preflight("http://example.com", "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foo, BAR"))
    };
    for (res, mount) in mounts(|| nelmio_preflighted_route, &NELMIO_PREFLIGHTED, req).await.iter().zip(MOUNTS)
    {
        // nelmio: `200`; here `204` (SPEC §4.1).
        assert_preflight_answered(res, mount);
        // nelmio reflects the origin of `allow_origin: true`; `origins = "*"` answers `*`.
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-methods")),
            sorted_of(&["post", "put"]),
            "{mount}"
        );
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-headers")),
            sorted_of(&["foo", "bar"]),
            "{mount}"
        );
        // nelmio varies on `Origin` only; `*` varies on what the preflight asks (README `Vary`).
        assert_eq!(vary_names(res.headers()), &PREFLIGHT_VARY[1..], "{mount}");
    }
    // The peer's preflight asks for `POST`, which needs no `Access-Control-Allow-Methods`.
    let req = || {
        nelmio_preflight("http://example.com", "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foo, BAR"))
    };
    for (res, mount) in mounts(|| nelmio_preflighted_route, &NELMIO_PREFLIGHTED, req).await.iter().zip(MOUNTS)
    {
        assert_preflight_answered(res, mount);
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-headers")),
            sorted_of(&["foo", "bar"]),
            "{mount}"
        );
    }

    // The actual request: no preflight headers on it (SPEC §4.10).
    let req = || {
        TestRequest::post()
            .uri("/")
            .insert_header((header::ORIGIN, "http://example.com"))
            .insert_header(("foo", "huh"))
            .insert_header(("bar", "lala"))
    };
    for (res, mount) in mounts(|| nelmio_preflighted_route, &NELMIO_PREFLIGHTED, req).await.iter().zip(MOUNTS)
    {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(h(res.headers(), RAN), Some("POST"), "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-methods"), None, "{mount}");
        assert_eq!(h(res.headers(), "access-control-allow-headers"), None, "{mount}");
    }
}

/// `testPreflightedRequestLinkFirefox`: Firefox sends `Link` as the script spelt it (Fetch
/// uppercases only `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST`, `PUT`); nelmio allows it against
/// `LINK` and answers `LINK, PUT, Link`.
#[actix_web::test]
async fn nelmio_preflighted_request_link_firefox() {
    // Methods compare byte for byte (SPEC §4.7), as the browser compares the answer: `LINK` in
    // `Access-Control-Allow-Methods` does not allow `Link`. Refused; no handler serves `Link`.
    let [on_route, on_app, behind_layer] =
        mounts(|| nelmio_link_route, &NELMIO_LINK, || nelmio_preflight("http://example.com", "Link")).await;
    assert_preflight_refused(&on_app, MOUNTS[1]);
    for (res, mount) in [(&on_route, MOUNTS[0]), (&behind_layer, MOUNTS[2])] {
        assert!(matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    // `LINK` itself is allowed.
    for (res, mount) in
        mounts(|| nelmio_link_route, &NELMIO_LINK, || nelmio_preflight("http://example.com", "LINK"))
            .await
            .iter()
            .zip(MOUNTS)
    {
        assert_preflight_answered(res, mount);
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-methods")),
            sorted_of(&["link", "put"]),
            "{mount}"
        );
    }
    // Listed as the script spells it, `Link` is allowed, and answered in that spelling, which
    // is the one the browser compares.
    let app =
        init_service(App::new().wrap(Cors::new(&NELMIO_LINK_AS_SENT)).default_service(web::to(mock_app)))
            .await;
    let res = Answer::of(app.call(nelmio_preflight("http://example.com", "Link").to_request()).await).await;
    assert_preflight_answered(&res, "Link listed");
    assert_eq!(h(res.headers(), "access-control-allow-methods"), Some("Link, PUT"));
    assert_eq!(h(res.headers(), "access-control-allow-origin"), Some("*"));
}

/// `testSameHostRequest`: `Origin` the request's own host, origin not listed: nothing added,
/// the app answers.
#[actix_web::test]
async fn nelmio_same_host_request() {
    let req = || {
        TestRequest::post()
            .uri("/")
            .insert_header((header::HOST, "example.com"))
            .insert_header((header::ORIGIN, "http://example.com"))
    };
    for (res, mount) in mounts(|| nelmio_none_route, &NELMIO_NONE, req).await.iter().zip(MOUNTS) {
        assert_eq!(h(res.headers(), RAN), Some("POST"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `testPreflightedRequestWithOriginButNo`: nelmio answers `200` without
/// `Access-Control-Allow-Origin`; here `403` without any CORS header (SPEC §4.2).
#[actix_web::test]
async fn nelmio_preflight_from_origin_not_allowed() {
    let req = || nelmio_preflight("http://evil.com", "POST").insert_header((header::HOST, "example.com"));
    for (res, mount) in mounts(|| nelmio_none_route, &NELMIO_NONE, req).await.iter().zip(MOUNTS) {
        assert_preflight_refused(res, mount);
        assert_eq!(h(res.headers(), RAN), None, "{mount}");
    }
}

/// `testRequestWithOriginButNo`: the app answers, nothing added (SPEC §4.5).
#[actix_web::test]
async fn nelmio_request_from_origin_not_allowed() {
    let req = || actual("http://evil.com").insert_header((header::HOST, "example.com"));
    for (res, mount) in mounts(|| nelmio_none_route, &NELMIO_NONE, req).await.iter().zip(MOUNTS) {
        assert_eq!(h(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// `testPreflightedRequestWithPrivateNetworkAccess`, its four cases: (policy allows private
/// network, request asks, header expected, status expected). nelmio refuses with `400` and
/// keeps the other CORS headers; here `403` without any (SPEC §4.2).
#[actix_web::test]
async fn nelmio_preflighted_request_with_private_network_access() {
    for (allowed, asked, expected) in [
        // `...AllowedAndProvided`
        (true, Some("true"), Some(Some("true"))),
        // `...AllowedButNotProvided`
        (true, None, Some(None)),
        // `...ForbiddenButProvided`
        (false, Some("true"), None),
        // `...ForbiddenAndNotProvided`
        (false, None, Some(None)),
    ] {
        let req = || {
            let req = nelmio_preflight("https://example.com", "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Foo, BAR"));
            match asked {
                Some(value) => req.insert_header(("access-control-request-private-network", value)),
                None => req,
            }
        };
        let answers = if allowed {
            mounts(|| nelmio_pna_route, &NELMIO_PNA, req).await
        } else {
            mounts(|| nelmio_no_pna_route, &NELMIO_NO_PNA, req).await
        };
        for (res, mount) in answers.iter().zip(MOUNTS) {
            let case = format!("{mount}, allowed {allowed}, asked {asked:?}");
            match expected {
                None => assert_preflight_refused(res, &case),
                Some(header) => {
                    assert_preflight_answered(res, &case);
                    assert_eq!(allow_origin(res.headers()), Some("https://example.com"), "{case}");
                    assert_eq!(
                        sorted(list(res.headers(), "access-control-allow-methods")),
                        sorted_of(&["post", "put"]),
                        "{case}"
                    );
                    assert_eq!(
                        sorted(list(res.headers(), "access-control-allow-headers")),
                        sorted_of(&["foo", "bar"]),
                        "{case}"
                    );
                    assert_eq!(h(res.headers(), "access-control-allow-private-network"), header, "{case}");
                    assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{case}");
                }
            }
        }
        // The actual request carries none of the preflight's headers.
        let req = || {
            TestRequest::post()
                .uri("/")
                .insert_header((header::ORIGIN, "https://example.com"))
                .insert_header(("foo", "huh"))
                .insert_header(("bar", "lala"))
        };
        let answers = if allowed {
            mounts(|| nelmio_pna_route, &NELMIO_PNA, req).await
        } else {
            mounts(|| nelmio_no_pna_route, &NELMIO_NO_PNA, req).await
        };
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(res.status(), StatusCode::OK, "{mount}");
            assert_eq!(allow_origin(res.headers()), Some("https://example.com"), "{mount}");
            for name in [
                "access-control-allow-methods",
                "access-control-allow-headers",
                "access-control-allow-private-network",
            ] {
                assert_eq!(h(res.headers(), name), None, "{mount} {name}");
            }
        }
    }
    // `allow_origin: true` (any origin) and plain `http://` with private network do not build
    // (rule 12).
    assert_eq!(
        refused_rules(Policy::builder().origin("*").private_network(true)),
        [Rule::UnsafePrivateNetwork]
    );
    assert_eq!(
        refused_rules(Policy::builder().origin("http://example.com").private_network(true)),
        [Rule::UnsafePrivateNetwork]
    );
}

/// `CacheableResponseVaryListenerTest`: nelmio adds `Vary: Origin` to cacheable responses.
/// Here every response of a handler whose answer depends on the origin varies on it, cacheable
/// or not (SPEC §4.6); one of `origins = "*"` does not.
#[actix_web::test]
async fn nelmio_cacheable_response_vary() {
    for origin in [None, Some("https://example.com")] {
        let req = || match origin {
            Some(origin) => actual(origin),
            None => TestRequest::get().uri("/"),
        };
        for (res, mount) in mounts(|| nelmio_no_pna_route, &NELMIO_NO_PNA, req).await.iter().zip(MOUNTS) {
            assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
        }
        for (res, mount) in
            mounts(|| nelmio_preflighted_route, &NELMIO_PREFLIGHTED, req).await.iter().zip(MOUNTS)
        {
            assert_eq!(res.headers().get(header::VARY), None, "{mount}");
        }
    }
}

// ----- NelmioCorsBundle: ConfigProviderTest (options per path and host) ---------------------------

// `ConfigProvider`'s configuration: defaults for every path, then the first of the `paths`
// whose regex matches (and whose `hosts`, if any, match the request's host) overriding them.
// Restated as a `Cors::scope("")` of the defaults around a scope per path, the host-bound
// ones `web::scope(..).guard(..).wrap(Cors::new(..))` (README: routing runs the guards), in
// the peer's order. `allow_headers: true` with credentials does not build (rule 1): a header
// is listed instead; `http://` origins with credentials neither (rule 6): `https`.

/// `defaultOptions`.
static N_DEFAULT: Policy = policy!(origins = ["https://one.example.com"], methods = ["GET"], max_age = 0);
/// `^/test/`.
static N_PATH: Policy = policy!(
    origins = ["https://two.example.com"],
    credentials,
    allow_headers = ["x-custom"],
    methods = ["PUT", "POST"],
    expose_headers = ["X-CorsTest"],
    max_age = 120,
);
/// `^/test/match`, hosts `^test\.` and `\.example\.org$`.
static N_DOMAIN: Policy = policy!(
    origins = ["https://domainmatch.example.com"],
    credentials,
    allow_headers = ["x-custom"],
    methods = ["PUT", "POST"],
    max_age = 160,
);
/// `^/test/nomatch`, hosts `^nomatch\.`.
static N_NOMATCH: Policy = policy!(
    origins = ["https://nomatch.example.com"],
    credentials,
    allow_headers = ["x-custom"],
    methods = ["PUT", "POST"],
    expose_headers = ["X-CorsTest"],
    max_age = 180,
);
/// `^/test/regex`, `origin_regex`: `^http://(.*)\.example\.com`.
static N_REGEX: Policy = policy!(
    origins = [regex(r"https://(.*)\.example\.com")],
    credentials,
    allow_headers = ["x-custom"],
    methods = ["PUT", "POST"],
    max_age = 0,
);
/// `^/othertest/`.
static N_OTHER: Policy = policy!(
    origins = ["https://nope.example.com"],
    credentials,
    allow_headers = ["x-custom"],
    methods = ["COPY"],
    expose_headers = ["X-Cors-Nope"],
    max_age = 42,
);

thread_local! {
    /// Preflights that reached an app handler on this thread.
    static PREFLIGHTS_SEEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The app past nelmio: counts the preflights it sees (it must see none, SPEC §4.1, §4.2).
async fn nelmio_app(req: HttpRequest) -> HttpResponse {
    if req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        PREFLIGHTS_SEEN.with(|n| n.set(n.get() + 1));
    }
    mock_app(req).await
}

/// The configuration as this crate would have it written: one `Cors::scope` per path (nested
/// in the defaults' `Cors::scope("")`), without the peer's `hosts` (a scope's guards are not
/// seen by `Layer`: README), so `/test/match` and `/test/nomatch` have their policies for every
/// host. Every answer right, no preflight reaching the app, with and without `Layer`.
#[actix_web::test]
async fn nelmio_config_provider_options_per_path_as_cors_scopes() {
    macro_rules! scopes_app {
        () => {
            App::new().service(
                Cors::new(&N_DEFAULT)
                    .scope("")
                    .service(Cors::new(&N_REGEX).scope("/test/regex").default_service(web::to(nelmio_app)))
                    .service(Cors::new(&N_DOMAIN).scope("/test/match").default_service(web::to(nelmio_app)))
                    .service(
                        Cors::new(&N_NOMATCH).scope("/test/nomatch").default_service(web::to(nelmio_app)),
                    )
                    .service(Cors::new(&N_PATH).scope("/test").default_service(web::to(nelmio_app)))
                    .service(Cors::new(&N_OTHER).scope("/othertest").default_service(web::to(nelmio_app)))
                    .default_service(web::to(nelmio_app)),
            )
        };
    }
    let cases = [
        ("/default/path", "https://one.example.com", "GET", "0"),
        ("/test/abc", "https://two.example.com", "PUT", "120"),
        ("/test/match", "https://domainmatch.example.com", "PUT", "160"),
        ("/test/nomatch", "https://nomatch.example.com", "PUT", "180"),
        ("/test/regex", "https://a.example.com", "PUT", "0"),
        ("/othertest/x", "https://nope.example.com", "COPY", "42"),
    ];
    let plain = init_service(scopes_app!()).await;
    let layered = init_service(scopes_app!().wrap(Layer)).await;
    for (path, origin, method, max_age) in cases {
        for (layer, res) in [
            (
                false,
                Answer::of(plain.call(support::preflight(path, origin, method).to_request()).await).await,
            ),
            (
                true,
                Answer::of(layered.call(support::preflight(path, origin, method).to_request()).await).await,
            ),
        ] {
            let case = format!("layer {layer}, {path}");
            assert_preflight_answered(&res, &case);
            assert_eq!(allow_origin(res.headers()), Some(origin), "{case}");
            assert_eq!(h(res.headers(), "access-control-max-age"), Some(max_age), "{case}");
        }
        if !path.starts_with("/test/regex") {
            for (layer, res) in [
                (
                    false,
                    Answer::of(
                        plain
                            .call(support::preflight(path, "https://x.example.net", method).to_request())
                            .await,
                    )
                    .await,
                ),
                (
                    true,
                    Answer::of(
                        layered
                            .call(support::preflight(path, "https://x.example.net", method).to_request())
                            .await,
                    )
                    .await,
                ),
            ] {
                assert_preflight_refused(&res, &format!("layer {layer}, {path}"));
            }
        }
        let get = || TestRequest::get().uri(path).insert_header((header::ORIGIN, origin));
        for (layer, res) in [
            (false, Answer::of(plain.call(get().to_request()).await).await),
            (true, Answer::of(layered.call(get().to_request()).await).await),
        ] {
            let case = format!("layer {layer}, {path}");
            assert_eq!(h(res.headers(), RAN), Some("GET"), "{case}");
            assert_eq!(allow_origin(res.headers()), Some(origin), "{case}");
        }
    }
    assert_eq!(PREFLIGHTS_SEEN.with(std::cell::Cell::get), 0, "a preflight reached the app");
}

/// nelmio's defaults over every path and one path of its own, restated as README "A policy
/// over a scope" suggests for the defaults (`Cors::new(&P).scope("")`, the whole app) with the
/// path's scope registered first, wrapped in its own `Cors::new`, behind `Layer`. The
/// path's actual responses must carry its own policy's headers (README: a `Cors` middleware the
/// request passes answers for what comes back through it, and the layer keeps its answer; a
/// scope registered before a `Cors::scope` keeps its own responses), never the defaults' (SPEC
/// §2, §4.4, §4.5, §4.11). Its preflights are answered by the defaults, as the README's table of
/// shapes says: the resource map, which the layer reads before routing, does not show the
/// earlier scope's `Cors::new`; written as `Cors::new(&N_PATH).scope("/test")` inside the
/// defaults' scope, the path's policy answers them (as
/// `nelmio_config_provider_options_per_path_as_cors_scopes` shows).
#[actix_web::test]
async fn nelmio_path_scope_before_defaults_behind_layer() {
    let app = init_service(
        App::new()
            .service(web::scope("/test").wrap(Cors::new(&N_PATH)).default_service(web::to(nelmio_app)))
            .service(Cors::new(&N_DEFAULT).scope("").default_service(web::to(nelmio_app)))
            .wrap(Layer),
    )
    .await;
    let get = |origin: &str| {
        TestRequest::get().uri("/test/abc").insert_header((header::ORIGIN, origin)).to_request()
    };
    let res = Answer::of(app.call(get("https://two.example.com")).await).await;
    assert_eq!(h(res.headers(), RAN), Some("GET"));
    assert_eq!(allow_origin(res.headers()), Some("https://two.example.com"), "the path's own origin");
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    let res = Answer::of(app.call(get("https://one.example.com")).await).await;
    assert_eq!(
        cors_headers(res.headers()),
        Vec::<String>::new(),
        "the defaults' origin, which the path refuses"
    );
}

/// The same shape with no policy at all on the earlier scope (a path nelmio's `paths` leave to
/// the app alone, restated as a plain scope registered before the defaults' `Cors::scope("")`):
/// its responses must carry no CORS header, the router never having taken the request into
/// the `Cors::scope` (README's table: "leaves their own responses as they are"), nor the
/// defaults' grant, credentials included.
#[actix_web::test]
async fn nelmio_plain_scope_before_defaults_behind_layer() {
    static DEFAULTS_WITH_CREDENTIALS: Policy = policy!(origins = ["https://one.example.com"], credentials);
    let app = init_service(
        App::new()
            .service(web::scope("/internal").default_service(web::to(nelmio_app)))
            .service(Cors::new(&DEFAULTS_WITH_CREDENTIALS).scope("").default_service(web::to(nelmio_app)))
            .wrap(Layer),
    )
    .await;
    let req =
        TestRequest::get().uri("/internal/users").insert_header((header::ORIGIN, "https://one.example.com"));
    let res = Answer::of(app.call(req.to_request()).await).await;
    assert_eq!(h(res.headers(), RAN), Some("GET"));
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}
