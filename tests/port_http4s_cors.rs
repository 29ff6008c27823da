//! The test suite of http4s's CORS middleware (http4s/http4s,
//! `server/shared/src/test/scala/org/http4s/server/middleware/CORSSuite.scala`: `CORSSuite` and
//! the deprecated `CORSDeprecatedSuite`), ported scenario by scenario as a user moving from it
//! would restate it: the closest `Policy::builder()` configuration, `Cors::new` over the same
//! routes, and real requests through `actix_web::test`.
//!
//! The peer wraps routes answering `/foo` (`foo`) and `/vary` (with `Vary: X-Old-Vary`), for any
//! method; its preflight is `OPTIONS /foo` from `https://example.com` asking `POST` and
//! `X-Cors-Suite`. How its vocabulary reads here:
//! - `withAllowOriginHeader(Set(..))`, `withAllowOriginHost(Set(..))`: the origins listed.
//!   `withAllowOriginHeader(_ => true)` (reflect any origin) is not offered: its tests run with
//!   the request's origin listed, `_ => false` with another origin listed.
//! - `withAllowHeadersReflect` (echo whatever is asked) is not offered: `"*"` without
//!   credentials is the closest. `withAllowHeadersStatic` (send a list, check nothing) is a
//!   listed `allow_headers`, which is checked.
//! - `withMaxAgeDisableCaching` (`-1`) is `max_age(0)`.
//!
//! Not ported (no meaning here): `Be created via httpRoutes constructor` and `Be created via
//! httpApp constructor` (they only check that the peer's constructors compile), and `Fall
//! through` (how the peer composes two wrapped route sets with `<+>`).

#![allow(clippy::needless_pass_by_value)] // builders are passed as the tests write them

use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, web};
use configs::{built, refused_rules};
use strict_cors::{Cors, Policy, PolicyBuilder, Rule};
use support::{
    Answer, PREFLIGHT_VARY, allow_origin, assert_preflight_answered, assert_preflight_refused, cors_headers,
    get as h, list, sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const EXAMPLE: &str = "https://example.com";
const OTHER: &str = "https://other.example.net";
const ACRH: header::HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;
/// The peer's routes: `/foo` answers `foo`, `/vary` sets `Vary: X-Old-Vary`, `/bar` answers
/// `401 bar` (the deprecated suite), `/vary-origin` sets `Vary: Origin,Accept`.
async fn routes(req: HttpRequest) -> HttpResponse {
    match req.path() {
        "/foo" => HttpResponse::Ok().body("foo"),
        "/vary" => HttpResponse::Ok().insert_header((header::VARY, "X-Old-Vary")).body("vary"),
        "/vary-origin" => HttpResponse::Ok().insert_header((header::VARY, "Origin,Accept")).body("foo"),
        "/bar" => HttpResponse::Unauthorized().body("bar"),
        _ => HttpResponse::NotFound().finish(),
    }
}

/// `CORS.policy. .. .apply(app).run(req)`.
async fn run(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(routes))).await;
    Answer::of(app.call(req.to_request()).await).await
}

/// `nonCorsReq`: `GET /foo`, no `Origin`.
fn non_cors() -> TestRequest {
    TestRequest::get().uri("/foo")
}

/// `nonPreflightReq`: `GET /foo` from `origin`.
fn non_preflight(origin: &str) -> TestRequest {
    non_cors().insert_header((header::ORIGIN, origin))
}

/// `preflightReq`: `OPTIONS /foo` from `origin`, asking `POST` and `X-Cors-Suite`.
fn preflight(origin: &str) -> TestRequest {
    preflight_asking(origin, "POST", "X-Cors-Suite")
}

fn preflight_asking(origin: &str, method: &str, headers: &str) -> TestRequest {
    support::preflight("/foo", origin, method).insert_header((ACRH, headers))
}

/// `nonCorsReq.withMethod(OPTIONS)`: `OPTIONS /foo` without `Origin` or
/// `Access-Control-Request-Method`.
fn plain_options() -> TestRequest {
    TestRequest::default().method(Method::OPTIONS).uri("/foo")
}

fn vary(res: &Answer) -> Vec<String> {
    list(res.headers(), "vary")
}

fn credentials(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-allow-credentials")
}

fn expose(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-expose-headers")
}

fn allow_methods(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-allow-methods")
}

fn allow_headers(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-allow-headers")
}

fn max_age(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-max-age")
}

/// The route answered (`foo`).
fn assert_foo(res: &Answer, what: &str) {
    assert_eq!(res.status(), StatusCode::OK, "{what}");
    assert_eq!(res.body(), "foo", "{what}");
}

/// `withAllowOriginHeader(Set(exampleOriginHeader))`.
fn example() -> PolicyBuilder {
    Policy::builder().origin(EXAMPLE)
}

/// `withAllowOriginHeader(_ => false)`, as far as the peer's requests go.
fn not_example() -> PolicyBuilder {
    Policy::builder().origin(OTHER)
}

// ----- withAllowOriginAll ---------------------------------------------------------------------

/// `withAllowOriginAll`: non-CORS, non-preflight, `OPTIONS` without
/// `Access-Control-Request-Method`, and preflight requests.
#[actix_web::test]
async fn allow_origin_all() {
    let policy = built(Policy::builder().origin("*").allow_headers(["*"]));
    // README "`Vary`": with `origins = "*"` every response carries `*`, requests without
    // `Origin` included (the peer sends none there), and none varies on `Origin`.
    let res = run(policy, non_cors()).await;
    assert_foo(&res, "non-CORS");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(vary(&res), Vec::<String>::new());
    let res = run(policy, non_preflight(EXAMPLE)).await;
    assert_foo(&res, "non-preflight");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(vary(&res), Vec::<String>::new());
    // SPEC §4.9: `OPTIONS` without `Access-Control-Request-Method` is routed like any request.
    let res = run(policy, plain_options()).await;
    assert_foo(&res, "plain OPTIONS");
    assert_eq!(allow_origin(&res), Some("*"));
    // README "`Vary`": no cache keeps an answer to `OPTIONS` (the peer varies it on
    // `Access-Control-Request-Method` and `-Headers`).
    assert_eq!(vary(&res), Vec::<String>::new());
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(allow_origin(&res), Some("*"));
    // README "What your tests will see change": the three `Access-Control-Request-*` headers
    // (the peer: method and headers).
    assert_eq!(vary(&res), PREFLIGHT_VARY[1..]);
}

// ----- withAllowOriginHeader / withAllowOriginHost --------------------------------------------

/// `withAllowOriginHeader` and `withAllowOriginHost` (the same scenarios for both): non-CORS,
/// matching and non-matching origins, plain `OPTIONS`, preflights.
#[actix_web::test]
async fn allow_listed_origin() {
    let policy = built(example().allow_headers(["X-Cors-Suite"]));
    let res = run(policy, non_cors()).await;
    assert_foo(&res, "non-CORS");
    assert_eq!(allow_origin(&res), None);
    assert_eq!(vary(&res), ["origin"]);
    let res = run(policy, non_preflight(EXAMPLE)).await;
    assert_foo(&res, "matching");
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert_eq!(vary(&res), ["origin"]);
    let res = run(policy, plain_options()).await;
    assert_foo(&res, "plain OPTIONS");
    assert_eq!(allow_origin(&res), None);
    assert_eq!(vary(&res), ["origin"]);
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "matching preflight");
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert_eq!(vary(&res), PREFLIGHT_VARY);

    let refusing = built(not_example().allow_headers(["X-Cors-Suite"]));
    let res = run(refusing, non_preflight(EXAMPLE)).await;
    assert_foo(&res, "non-matching");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(vary(&res), ["origin"]);
    let res = run(refusing, preflight(EXAMPLE)).await;
    assert_preflight_refused(&res, "non-matching preflight");
    // SPEC §4.6: `Vary: Origin` on refused answers too, with what the preflight asked.
    assert_eq!(vary(&res), PREFLIGHT_VARY);
}

/// `withAllowOriginHostCi(Set(ci"HTTPS://EXAMPLE.COM"))`: the peer compares case-insensitively.
#[actix_web::test]
async fn allow_origin_case() {
    // SPEC §3.3: browsers send origins in lowercase; an uppercase entry does not build.
    assert_eq!(refused_rules(Policy::builder().origin("HTTPS://EXAMPLE.COM")), [Rule::MalformedOrigin]);
    let policy = built(example());
    let res = run(policy, non_preflight(EXAMPLE)).await;
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert_eq!(vary(&res), ["origin"]);
    // README "Security": matched byte for byte as browsers write an origin.
    let res = run(policy, non_preflight("HTTPS://EXAMPLE.COM")).await;
    assert_eq!(allow_origin(&res), None);
    assert_eq!(vary(&res), ["origin"]);
}

// ----- withCredentials ------------------------------------------------------------------------

/// `withCredentials(true|false)` with a specific origin and with any origin, on non-preflight
/// and preflight requests.
#[actix_web::test]
async fn allow_credentials() {
    let with = built(example().allow_headers(["X-Cors-Suite"]).credentials(true));
    let without = built(example().allow_headers(["X-Cors-Suite"]).credentials(false));
    for (policy, expected) in [(with, Some("true")), (without, None)] {
        let res = run(policy, non_preflight(EXAMPLE)).await;
        assert_foo(&res, "non-preflight");
        assert_eq!(credentials(&res), expected);
        let res = run(policy, preflight(EXAMPLE)).await;
        assert_preflight_answered(&res, "preflight");
        assert_eq!(credentials(&res), expected);
    }
    // SPEC §3.1: any origin with credentials does not build (the peer disables CORS at run
    // time and logs a warning).
    assert!(
        refused_rules(Policy::builder().origin("*").credentials(true))
            .contains(&Rule::WildcardWithCredentials)
    );
    let any = built(Policy::builder().origin("*").allow_headers(["X-Cors-Suite"]).credentials(false));
    let res = run(any, non_preflight(EXAMPLE)).await;
    assert_eq!(credentials(&res), None);
    let res = run(any, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "any origin preflight");
    assert_eq!(credentials(&res), None);
}

// ----- withExposeHeaders ----------------------------------------------------------------------

/// One setting applied to a policy.
type Configure = fn(PolicyBuilder) -> PolicyBuilder;

/// `withExposeHeadersAll`, `withExposeHeadersIn(Content-Encoding, X-Cors-Suite)`,
/// `withExposeHeadersNone`: on actual responses to the allowed origin only.
#[actix_web::test]
async fn expose_headers() {
    let cases: [(Configure, Option<&str>); 3] = [
        (|b| b.expose_headers(["*"]), Some("*")),
        (|b| b.expose_headers(["Content-Encoding", "X-Cors-Suite"]), Some("content-encoding, x-cors-suite")),
        (|b| b, None),
    ];
    for (configure, expected) in cases {
        let policy = built(configure(example().allow_headers(["X-Cors-Suite"])));
        let res = run(policy, non_preflight(EXAMPLE)).await;
        let got =
            expose(&res).map(|_| sorted(list(res.headers(), "access-control-expose-headers")).join(", "));
        assert_eq!(got.as_deref(), expected);
        let res = run(policy, preflight(EXAMPLE)).await;
        assert_preflight_answered(&res, "preflight");
        assert_eq!(expose(&res), None, "{expected:?} on a preflight");
        let refusing = built(configure(not_example()));
        let res = run(refusing, non_preflight(EXAMPLE)).await;
        assert_eq!(expose(&res), None, "{expected:?} to a refused origin");
    }
}

// ----- withAllowMethods -----------------------------------------------------------------------

/// `withAllowMethodsAll`: non-preflight, credentials allowed (a literal `*`), credentials
/// disallowed, and a non-matching origin.
#[actix_web::test]
async fn allow_methods_all() {
    let policy = built(example().any_method().allow_headers(["X-Cors-Suite"]));
    let res = run(policy, non_preflight(EXAMPLE)).await;
    assert_eq!(allow_methods(&res), None);
    assert_eq!(vary(&res), ["origin"]);
    // SPEC §3.8: with credentials, `methods = "*"` does not build (the peer answers without
    // `Access-Control-Allow-Origin`).
    assert!(refused_rules(example().any_method().credentials(true)).contains(&Rule::WildcardWithCredentials));
    // README "Allowed preflight": left out for `POST` (the peer sends `*`).
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "POST");
    assert_eq!(allow_methods(&res), None);
    assert_eq!(vary(&res), PREFLIGHT_VARY);
    let res = run(policy, preflight_asking(EXAMPLE, "PURGE", "X-Cors-Suite")).await;
    assert_preflight_answered(&res, "PURGE");
    assert_eq!(allow_methods(&res), Some("*"));
    let refusing = built(not_example().any_method());
    let res = run(refusing, preflight(EXAMPLE)).await;
    assert_preflight_refused(&res, "non-matching origin");
}

/// `withAllowMethodsIn(GET, POST)`: non-matching origin, matching origin and method, matching
/// origin and another method.
#[actix_web::test]
async fn allow_methods_listed() {
    let refusing = built(not_example().methods(["GET", "POST"]).allow_headers(["X-Cors-Suite"]));
    let res = run(refusing, preflight(EXAMPLE)).await;
    assert_preflight_refused(&res, "non-matching origin");
    let policy = built(example().methods(["GET", "POST"]).allow_headers(["X-Cors-Suite"]));
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "POST");
    // README "Allowed preflight": left out for `POST` (the peer sends `GET, POST`).
    assert_eq!(allow_methods(&res), None);
    assert_eq!(vary(&res), PREFLIGHT_VARY);
    let res = run(policy, preflight_asking(EXAMPLE, "PUT", "X-Cors-Suite")).await;
    assert_preflight_refused(&res, "PUT");
    // Asked for a method that needs it, the policy's list is sent.
    let with_put = built(example().methods(["GET", "POST", "PUT"]).allow_headers(["X-Cors-Suite"]));
    let res = run(with_put, preflight_asking(EXAMPLE, "PUT", "X-Cors-Suite")).await;
    assert_preflight_answered(&res, "PUT listed");
    assert_eq!(sorted(list(res.headers(), "access-control-allow-methods")), ["get", "post", "put"]);
}

// ----- withAllowHeaders -----------------------------------------------------------------------

/// `withAllowHeadersAll`: non-preflight, credentials allowed (a literal `*`), credentials
/// disallowed, non-matching origin.
#[actix_web::test]
async fn allow_headers_all() {
    let policy = built(example().allow_headers(["*"]));
    let res = run(policy, non_preflight(EXAMPLE)).await;
    assert_eq!(allow_headers(&res), None);
    assert_eq!(vary(&res), ["origin"]);
    // SPEC §3.1: with credentials, `*` headers do not build.
    assert!(
        refused_rules(example().allow_headers(["*"]).credentials(true))
            .contains(&Rule::WildcardWithCredentials)
    );
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(allow_headers(&res), Some("*"));
    assert_eq!(vary(&res), PREFLIGHT_VARY);
    let res = run(built(not_example().allow_headers(["*"])), preflight(EXAMPLE)).await;
    assert_preflight_refused(&res, "non-matching origin");
}

/// `withAllowHeadersIn(X-Cors-Suite-1, X-Cors-Suite-2)` and `(X-Cors-Suite, X-Cors-Suite-2)`.
#[actix_web::test]
async fn allow_headers_listed() {
    let res =
        run(built(not_example().allow_headers(["X-Cors-Suite-1", "X-Cors-Suite-2"])), preflight(EXAMPLE))
            .await;
    assert_preflight_refused(&res, "non-matching origin");
    let res =
        run(built(example().allow_headers(["X-Cors-Suite", "X-Cors-Suite-2"])), preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "matching headers");
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-headers")),
        ["x-cors-suite", "x-cors-suite-2"]
    );
    assert_eq!(vary(&res), PREFLIGHT_VARY);
    let policy = built(example().allow_headers(["X-Cors-Suite-1", "X-Cors-Suite-2"]));
    let res = run(policy, preflight_asking(EXAMPLE, "POST", "X-Cors-Suite-1, X-Cors-Suite-3")).await;
    assert_preflight_refused(&res, "some headers not allowed");
    let res = run(policy, preflight_asking(EXAMPLE, "POST", "X-Cors-Suite-1")).await;
    assert_preflight_answered(&res, "all asked allowed");
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-headers")),
        ["x-cors-suite-1", "x-cors-suite-2"]
    );
}

/// `withAllowHeadersReflect` (answers whatever was asked): not offered; `*` without
/// credentials is the closest, and covers all but `authorization` (SPEC §4.7).
#[actix_web::test]
async fn allow_headers_reflect() {
    let res = run(built(not_example().allow_headers(["*"])), preflight(EXAMPLE)).await;
    assert_preflight_refused(&res, "non-matching origin");
    let policy = built(example().allow_headers(["*"]));
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "reflect");
    assert_eq!(allow_headers(&res), Some("*"));
    let res = run(policy, preflight_asking(EXAMPLE, "POST", "X-Cors-Suite, Authorization")).await;
    assert_preflight_refused(&res, "authorization beside *");
    let named = built(example().allow_headers(["*", "authorization"]));
    let res = run(named, preflight_asking(EXAMPLE, "POST", "X-Cors-Suite, Authorization")).await;
    assert_preflight_answered(&res, "authorization named");
}

/// `withAllowHeadersStatic(X-Cors-Suite-1, X-Cors-Suite-2)`: the peer sends its list whatever
/// was asked and leaves the browser to fail; here a preflight asking a header not listed is
/// refused (SPEC §4.2).
#[actix_web::test]
async fn allow_headers_static() {
    let res =
        run(built(not_example().allow_headers(["X-Cors-Suite-1", "X-Cors-Suite-2"])), preflight(EXAMPLE))
            .await;
    assert_preflight_refused(&res, "non-matching origin");
    let policy = built(example().allow_headers(["X-Cors-Suite", "X-Cors-Suite-2"]));
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "matching");
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-headers")),
        ["x-cors-suite", "x-cors-suite-2"]
    );
    let policy = built(example().allow_headers(["X-Cors-Suite-1", "X-Cors-Suite-2"]));
    let res = run(policy, preflight_asking(EXAMPLE, "POST", "X-Cors-Suite-1, X-Cors-Suite-3")).await;
    assert_preflight_refused(&res, "X-Cors-Suite-3");
    let res = run(policy, preflight_asking(EXAMPLE, "POST", "X-Cors-Suite-1")).await;
    assert_preflight_answered(&res, "all matching");
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-headers")),
        ["x-cors-suite-1", "x-cors-suite-2"]
    );
}

// ----- withMaxAge -----------------------------------------------------------------------------

/// `withMaxAge(10.seconds)`, negative, `withMaxAgeDefault`, `withMaxAgeDisableCaching`.
#[actix_web::test]
async fn max_age_values() {
    let policy = built(example().allow_headers(["X-Cors-Suite"]).max_age(10));
    let res = run(policy, non_preflight(EXAMPLE)).await;
    assert_eq!(max_age(&res), None);
    let res = run(policy, preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "max age");
    assert_eq!(max_age(&res), Some("10"));
    let res = run(built(not_example().max_age(10)), preflight(EXAMPLE)).await;
    assert_preflight_refused(&res, "non-matching origin");
    // SPEC §3.10: negative does not build (the peer sends `0` for `-10`, `-1` for "disable").
    for seconds in [-10, -1] {
        assert_eq!(refused_rules(example().max_age(seconds)), [Rule::MaxAgeOutOfRange], "{seconds}");
    }
    let res = run(built(example().allow_headers(["X-Cors-Suite"])), preflight(EXAMPLE)).await;
    assert_eq!(max_age(&res), None, "default");
    let res = run(built(example().allow_headers(["X-Cors-Suite"]).max_age(0)), preflight(EXAMPLE)).await;
    assert_preflight_answered(&res, "no caching");
    assert_eq!(max_age(&res), Some("0"));
}

// ----- Vary and routes --------------------------------------------------------------------------

/// `merges old Vary header`, and the deprecated suite's `Not replace vary header if already
/// set` (`Vary: Origin,Accept`).
#[actix_web::test]
async fn handler_vary_is_merged() {
    let policy = built(example());
    let res = run(policy, non_preflight(EXAMPLE).uri("/vary")).await;
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert_eq!(vary(&res), ["x-old-vary", "origin"]);
    // README "`Vary`": not added where the handler's `Vary` names `Origin` already.
    let res = run(policy, non_preflight(EXAMPLE).uri("/vary-origin")).await;
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert_eq!(vary(&res), ["origin", "accept"]);
}

/// `returns 200 on preflight requests even if routes don't handle OPTIONS` (`HttpRoutes.empty`
/// with the default policy, which reflects the asked headers), and the deprecated `Offer a
/// successful reply to OPTIONS on fallthrough` (`/unexistant`).
#[actix_web::test]
async fn preflight_answered_without_routes() {
    let policy = built(Policy::builder().origin("*").allow_headers(["*"]));
    let app = init_service(App::new().wrap(Cors::new(policy))).await;
    for path in ["/foo", "/unexistant"] {
        let req = support::preflight(path, EXAMPLE, "POST").insert_header((ACRH, "X-Cors-Suite"));
        let res = Answer::of(app.call(req.to_request()).await).await;
        assert_preflight_answered(&res, path);
        assert_eq!(allow_origin(&res), Some("*"));
    }
    let policy = built(Policy::builder().origin("http://allowed.com"));
    let app = init_service(App::new().wrap(Cors::new(policy))).await;
    let res = Answer::of(
        app.call(support::preflight("/unexistant", "http://allowed.com", "GET").to_request()).await,
    )
    .await;
    assert_preflight_answered(&res, "listed origin");
    assert_eq!(allow_origin(&res), Some("http://allowed.com"));
}

// ----- CORSDeprecatedSuite ----------------------------------------------------------------------

/// `cors2`: `withAllowedOrigins(Set("http://allowed.com"))`, `withAllowCredentials(false)`,
/// `withMaxAge(0.seconds)`, `withAllowedHeaders(User-Agent, Keep-Alive, Content-Type)`,
/// `withExposedHeaders(x-header)`.
fn cors2() -> PolicyBuilder {
    Policy::builder()
        .origin("http://allowed.com")
        .max_age(0)
        .allow_headers(["User-Agent", "Content-Type"])
        .expose_headers(["x-header"])
}

/// `cors2`'s headers: `Keep-Alive` is a forbidden request header (SPEC §3.9), which scripts can
/// never set.
#[test]
fn deprecated_forbidden_header_does_not_build() {
    let peer = Policy::builder().origin("http://allowed.com").allow_headers([
        "User-Agent",
        "Keep-Alive",
        "Content-Type",
    ]);
    assert_eq!(refused_rules(peer), [Rule::InvalidHeader]);
}

/// `Be omitted when unrequested`, `Always respond with 200 and empty body for OPTIONS request`,
/// `Respect Access-Control-Allow-Headers in preflight call` and `Respect
/// Access-Control-Expose-Headers in non-preflight call`.
#[actix_web::test]
async fn deprecated_preflight_and_actual_headers() {
    let policy = built(cors2());
    let res =
        run(policy, TestRequest::get().uri("/other").insert_header((header::ORIGIN, "http://allowed.com")))
            .await;
    assert_eq!(max_age(&res), None, "not a preflight");
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["x-header"]);
    let req = support::preflight("/bar", "http://allowed.com", "GET");
    let res = run(policy, req).await;
    assert_preflight_answered(&res, "preflight to /bar");
    assert_eq!(max_age(&res), Some("0"));
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["content-type", "user-agent"]);
    assert_eq!(expose(&res), None);
    let res = run(policy, non_preflight("http://allowed.com")).await;
    assert_foo(&res, "non-preflight");
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["x-header"]);
}

/// `Respect Access-Control-Allow-Credentials` (`withAllowedOrigins(Function.const(true))` with
/// credentials: listed here) and `Suppress Access-Control-Allow-Credentials on (non-)preflight
/// request when anyOrigin is set`.
#[actix_web::test]
async fn deprecated_credentials() {
    let with = built(Policy::builder().origin("https://allowed.com").credentials(true));
    let res = run(with, support::preflight("/foo", "https://allowed.com", "GET")).await;
    assert_eq!(credentials(&res), Some("true"));
    let res = run(built(cors2()), support::preflight("/foo", "http://allowed.com", "GET")).await;
    assert_eq!(credentials(&res), None);
    // SPEC §3.1: `anyOrigin` with credentials does not build (the peer reflects the origin and
    // drops the credentials header).
    assert!(
        refused_rules(Policy::builder().origin("*").credentials(true))
            .contains(&Rule::WildcardWithCredentials)
    );
}

/// `Respond with 403 when origin is not valid`: `Origin: http://blah.com/` on `GET /bar` (which
/// answers `401 bar`). Here the route answers, with no CORS header, so the page cannot read it
/// (README "Each builder call": `block_on_origin_mismatch`, no equivalent on purpose); an error
/// response to the allowed origin carries the headers (SPEC §4.4).
#[actix_web::test]
async fn deprecated_invalid_origin() {
    let policy = built(cors2());
    let res =
        run(policy, TestRequest::get().uri("/bar").insert_header((header::ORIGIN, "http://blah.com/"))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res =
        run(policy, TestRequest::get().uri("/bar").insert_header((header::ORIGIN, "http://allowed.com")))
            .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(&res), Some("http://allowed.com"));
}
