//! The test suite of Starlette's `CORSMiddleware` (encode/starlette,
//! `tests/middleware/test_cors.py`), ported scenario by scenario as a user moving from it would
//! restate it: the closest `policy!` / `#[cors]` / `Policy::builder()` configuration and real
//! requests through `actix_web::test`.
//!
//! The peer wraps the whole application (`Starlette(middleware=[Middleware(CORSMiddleware,
//! ...)])`) around a `homepage` route answering `Homepage`; here that is `Cors::new(&P)` on the
//! `App` over the same handler, and a `#[cors]` handler where the peer's route lists its
//! methods.
//!
//! The peer answers a request carrying a `Cookie` differently (it reflects the origin where it
//! would send `*`). Here the answer never depends on cookies: a policy either allows
//! credentials for listed origins or allows any origin without them (SPEC §3.1), so the ported
//! cookie requests check that nothing changes.
//!
//! Every peer test is ported; none is left out.

#![allow(clippy::needless_pass_by_value)] // builders are passed as the tests write them

use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, route, web};
use configs::{built, refused};
use strict_cors::{Cors, Location, Policy, Rule, cors};
use support::{
    Answer, PREFLIGHT_VARY, allow_origin, assert_preflight_answered, capture_logs, cors_headers, get as h,
    list, logged, preflight, sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const ORG: &str = "https://example.org";
const ACRH: header::HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;
/// The peer's `homepage`; `x-vary` makes it set `Vary: Accept-Encoding`, as the peer's Vary
/// tests' `homepage` does.
async fn homepage(req: HttpRequest) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    if req.headers().contains_key("x-vary") {
        res.insert_header((header::VARY, "Accept-Encoding"));
    }
    res.body("Homepage")
}

/// `Starlette(routes=[Route("/", endpoint=homepage)], middleware=[CORSMiddleware(..)])`.
async fn through(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(App::new().wrap(Cors::new(policy)).route("/", web::get().to(homepage))).await;
    Answer::of(app.call(req.to_request()).await).await
}

fn get_from(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

fn with_cookie(req: TestRequest) -> TestRequest {
    req.insert_header((header::COOKIE, "star_cookie=sugar"))
}

fn credentials(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-allow-credentials")
}

fn assert_homepage(res: &Answer) {
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "Homepage");
}

/// `test_cors_allow_all`: `allow_origins=["*"], allow_headers=["*"], allow_methods=["*"],
/// expose_headers=["X-Status"], allow_credentials=True`.
#[actix_web::test]
async fn allow_all_with_credentials() {
    // SPEC §3.1: any origin, any header and any method with credentials, all in one build.
    let peer = Policy::builder()
        .origin("*")
        .allow_headers(["*"])
        .any_method()
        .expose_headers(["X-Status"])
        .credentials(true);
    let violations = refused(peer);
    assert!(violations.iter().all(|(rule, _)| *rule == Rule::WildcardWithCredentials), "{violations:?}");
    for at in [Location::Origin(0), Location::AllowHeader(0), Location::Methods] {
        assert!(violations.iter().any(|(_, l)| *l == at), "{at:?} in {violations:?}");
    }
    // Listed instead: the origin, the headers the page sends.
    let policy = built(
        Policy::builder()
            .origin(ORG)
            .allow_headers(["X-Example"])
            .expose_headers(["X-Status"])
            .credentials(true),
    );
    let res = through(policy, preflight("/", ORG, "GET").insert_header((ACRH, "X-Example"))).await;
    assert_preflight_answered(&res, "");
    assert_eq!(allow_origin(&res), Some(ORG));
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["x-example"]);
    assert_eq!(credentials(&res), Some("true"));
    assert_eq!(list(res.headers(), "vary"), PREFLIGHT_VARY);
    // Standard response, with and without a cookie: the origin with credentials, never `*`
    // (SPEC §4.4; the peer sends `*` with `Access-Control-Allow-Credentials: true` without one).
    for req in [get_from(ORG), with_cookie(get_from(ORG))] {
        let res = through(policy, req).await;
        assert_homepage(&res);
        assert_eq!(allow_origin(&res), Some(ORG));
        assert_eq!(list(res.headers(), "access-control-expose-headers"), ["x-status"]);
        assert_eq!(credentials(&res), Some("true"));
    }
    // Non-CORS response.
    let res = through(policy, TestRequest::get().uri("/")).await;
    assert_homepage(&res);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `test_cors_allow_all_except_credentials`.
#[actix_web::test]
async fn allow_all_except_credentials() {
    let policy =
        built(Policy::builder().origin("*").allow_headers(["*"]).any_method().expose_headers(["X-Status"]));
    let res = through(policy, preflight("/", ORG, "GET").insert_header((ACRH, "X-Example"))).await;
    assert_preflight_answered(&res, "");
    assert_eq!(allow_origin(&res), Some("*"));
    // README "What your tests will see change": `*`, not an echo of the request.
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
    assert_eq!(credentials(&res), None);
    // README "`Vary`": with `*` and no credentials, a preflight answer varies on what it was asked,
    // never on `Origin` (the peer sends no `Vary`).
    assert_eq!(list(res.headers(), "vary"), PREFLIGHT_VARY[1..]);
    let res = through(policy, get_from(ORG)).await;
    assert_homepage(&res);
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["x-status"]);
    assert_eq!(credentials(&res), None);
    assert_eq!(list(res.headers(), "vary"), Vec::<String>::new());
    // README "Vary": `*` goes on every response, requests without `Origin` included (the peer
    // sends none there).
    let res = through(policy, TestRequest::get().uri("/")).await;
    assert_homepage(&res);
    assert_eq!(allow_origin(&res), Some("*"));
}

/// `test_cors_allow_specific_origin`: `allow_origins=["https://example.org"],
/// allow_headers=["X-Example", "Content-Type"]`.
#[actix_web::test]
async fn allow_specific_origin() {
    let policy = built(Policy::builder().origin(ORG).allow_headers(["X-Example", "Content-Type"]));
    let res =
        through(policy, preflight("/", ORG, "GET").insert_header((ACRH, "X-Example, Content-Type"))).await;
    assert_preflight_answered(&res, "");
    assert_eq!(allow_origin(&res), Some(ORG));
    // README "What your tests will see change": the policy's headers (the peer adds the
    // safelisted `Accept`, `Accept-Language`, `Content-Language`).
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["content-type", "x-example"]);
    assert_eq!(credentials(&res), None);
    let res = through(policy, get_from(ORG)).await;
    assert_homepage(&res);
    assert_eq!(allow_origin(&res), Some(ORG));
    assert_eq!(credentials(&res), None);
    let res = through(policy, TestRequest::get().uri("/")).await;
    assert_homepage(&res);
    assert_eq!(allow_origin(&res), None);
}

/// `test_cors_disallowed_preflight`: the peer's 400 names what was refused in its body.
#[actix_web::test]
async fn disallowed_preflight_is_403_and_the_reason_logged() {
    capture_logs();
    // Starlette's default `allow_methods` is `("GET",)`.
    let policy = built(Policy::builder().origin(ORG).allow_headers(["X-Example"]).methods(["GET"]));
    let refusals = [
        (
            preflight("/", "https://another.org", "POST").insert_header((ACRH, "X-Nope")),
            "origin `https://another.org` is not allowed",
        ),
        (preflight("/", ORG, "POST").insert_header((ACRH, "X-Example")), "method `POST` is not allowed"),
        // The peer's regression test for several refused headers: the first is named.
        (
            preflight("/", ORG, "GET").insert_header((ACRH, "X-Nope-1, X-Nope-2")),
            "request header `X-Nope-1` is not allowed",
        ),
    ];
    for (req, reason) in refusals {
        let res = through(policy, req).await;
        // SPEC §4.2: 403, no CORS header, the reason logged at debug level, target `cors`.
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{reason}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{reason}");
        assert_ne!(res.body(), "Homepage", "{reason}");
        let line = format!("refused preflight for OPTIONS /: {reason}");
        assert!(logged(&line), "{line:?} was not logged");
    }
}

/// `test_preflight_allows_request_origin_if_origins_wildcard_and_credentials_allowed`:
/// `allow_origins=["*"], allow_methods=["POST"], allow_credentials=True`.
#[test]
fn any_origin_with_credentials_is_refused() {
    // SPEC §3.1: the peer reflects every origin with credentials.
    let violations = refused(Policy::builder().origin("*").methods(["POST"]).credentials(true));
    assert!(!violations.is_empty());
    assert!(violations.iter().all(|(rule, _)| *rule == Rule::WildcardWithCredentials), "{violations:?}");
    assert!(violations.iter().any(|(_, at)| *at == Location::Origin(0)), "{violations:?}");
}

/// `test_cors_preflight_allow_all_methods`: `allow_origins=["*"], allow_methods=["*"]`.
#[actix_web::test]
async fn preflight_allow_all_methods() {
    let policy = built(Policy::builder().origin("*").any_method());
    for method in ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "PURGE"] {
        let res = through(policy, preflight("/", ORG, method)).await;
        assert_preflight_answered(&res, "");
        assert_eq!(allow_origin(&res), Some("*"), "{method}");
        // README "The attribute" (`methods = "*"`): answered `*`, and left out for the methods
        // browsers allow without it (the peer lists every standard method).
        let expected = if matches!(method, "GET" | "HEAD" | "POST") { None } else { Some("*") };
        assert_eq!(h(res.headers(), "access-control-allow-methods"), expected, "{method}");
    }
}

#[cors(origins = "*", methods = "*")]
#[route(
    "/",
    method = "DELETE",
    method = "GET",
    method = "HEAD",
    method = "OPTIONS",
    method = "PATCH",
    method = "POST",
    method = "PUT"
)]
async fn every_method(req: HttpRequest) -> HttpResponse {
    homepage(req).await
}

/// `test_cors_allow_all_methods`: a route serving every standard method.
#[actix_web::test]
async fn allow_all_methods_on_a_route() {
    let app = init_service(App::new().service(every_method)).await;
    for method in ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] {
        let mut req = get_from(ORG).method(Method::from_bytes(method.as_bytes()).unwrap());
        if matches!(method, "PATCH" | "POST" | "PUT") {
            req = req.insert_header((header::CONTENT_TYPE, "application/json")).set_payload("{}");
        }
        let res = Answer::of(app.call(req.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        assert_eq!(allow_origin(&res), Some("*"), "{method}");
        let res = Answer::of(app.call(preflight("/", ORG, method).to_request()).await).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "preflight for {method}");
    }
}

/// `test_cors_allow_origin_regex`: `allow_headers=["X-Example", "Content-Type"],
/// allow_origin_regex="https://.*", allow_credentials=True`.
#[actix_web::test]
async fn origin_regex_with_credentials() {
    // README rule 7 ("regex that leaks to other sites", `https://.+`): it matches every host.
    let peer = |regex: &str| {
        Policy::builder().origin_regex(regex).allow_headers(["X-Example", "Content-Type"]).credentials(true)
    };
    assert_eq!(refused(peer("https://.*")), [(Rule::UnsafeRegex, Location::Origin(0))]);
    // Naming the sites the test calls from.
    let policy = built(peer(r"https://(example\.org|another\.com)"));
    for req in [get_from(ORG), with_cookie(get_from(ORG))] {
        let res = through(policy, req).await;
        assert_homepage(&res);
        assert_eq!(allow_origin(&res), Some(ORG));
        assert_eq!(credentials(&res), Some("true"));
    }
    // Disallowed standard response: the handler runs, no CORS header.
    let res = through(policy, get_from("http://example.org")).await;
    assert_homepage(&res);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = through(
        policy,
        preflight("/", "https://another.com", "GET").insert_header((ACRH, "X-Example, content-type")),
    )
    .await;
    assert_preflight_answered(&res, "");
    assert_eq!(allow_origin(&res), Some("https://another.com"));
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["content-type", "x-example"]);
    assert_eq!(credentials(&res), Some("true"));
    // SPEC §4.2: 403 (the peer answers 400 `Disallowed CORS origin`).
    let res =
        through(policy, preflight("/", "http://another.com", "GET").insert_header((ACRH, "X-Example"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `test_cors_allow_origin_regex_fullmatch`: `allow_origin_regex=r"https://.*\.example.org"`.
#[actix_web::test]
async fn origin_regex_is_matched_whole() {
    // README rule 7 ("regex with a leaking dot"): `example.org` also matches `exampleXorg`.
    assert_eq!(
        refused(Policy::builder().origin_regex(r"https://.*\.example.org")),
        [(Rule::UnsafeRegex, Location::Origin(0))]
    );
    for written in [
        Policy::builder().origin_regex(r"https://.*\.example\.org"),
        Policy::builder().origin("https://*.example.org"),
    ] {
        let policy = built(written.allow_headers(["X-Example", "Content-Type"]));
        let res = through(policy, get_from("https://subdomain.example.org")).await;
        assert_homepage(&res);
        assert_eq!(allow_origin(&res), Some("https://subdomain.example.org"));
        assert_eq!(credentials(&res), None);
        for origin in
            ["https://subdomain.example.org.hacker.com", "https://example.org", "https://evilexample.org"]
        {
            let res = through(policy, get_from(origin)).await;
            assert_homepage(&res);
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{origin}");
        }
    }
}

/// `test_cors_credentialed_requests_return_specific_origin`: `allow_origins=["*"]` and a
/// request with a cookie.
#[actix_web::test]
async fn cookie_changes_nothing_under_any_origin() {
    let res = through(built(Policy::builder().origin("*")), with_cookie(get_from(ORG))).await;
    assert_homepage(&res);
    // README ("`.send_wildcard()`" row): `origins = "*"` always sends `*`, never echoes (the
    // peer reflects the origin for a request with a cookie).
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(credentials(&res), None);
}

/// `test_cors_vary_header_defaults_to_origin`,
/// `test_cors_vary_header_is_not_set_for_non_credentialed_request`,
/// `test_cors_vary_header_is_properly_set_for_credentialed_request`,
/// `test_cors_vary_header_is_properly_set_when_allow_origins_is_not_wildcard`.
#[actix_web::test]
async fn vary() {
    let listed = built(Policy::builder().origin(ORG));
    let any = built(Policy::builder().origin("*"));
    assert_eq!(list(through(listed, get_from(ORG)).await.headers(), "vary"), ["origin"]);
    let someplace = || get_from("https://someplace.org").insert_header(("x-vary", "1"));
    assert_eq!(list(through(any, someplace()).await.headers(), "vary"), ["accept-encoding"]);
    // SPEC §4.6: `*` without credentials never depends on the request, cookie or not (the peer
    // adds `Origin` for a request with a cookie).
    let res = through(any, someplace().insert_header((header::COOKIE, "foo=bar"))).await;
    assert_eq!(list(res.headers(), "vary"), ["accept-encoding"]);
    assert_eq!(allow_origin(&res), Some("*"));
    let res = through(listed, get_from(ORG).insert_header(("x-vary", "1"))).await;
    assert_eq!(list(res.headers(), "vary"), ["accept-encoding", "origin"]);
}

/// `test_cors_allowed_origin_does_not_leak_between_credentialed_requests`:
/// `allow_origins=["*"], allow_headers=["*"], allow_methods=["*"]`, three requests on one app.
#[actix_web::test]
async fn nothing_leaks_between_requests() {
    let policy = built(Policy::builder().origin("*").allow_headers(["*"]).any_method());
    let app = init_service(App::new().wrap(Cors::new(policy)).route("/", web::get().to(homepage))).await;
    let someplace = || get_from("https://someplace.org");
    for req in [someplace(), someplace().insert_header((header::COOKIE, "foo=bar")), someplace()] {
        let res = Answer::of(app.call(req.to_request()).await).await;
        assert_eq!(allow_origin(&res), Some("*"));
        assert_eq!(credentials(&res), None);
    }
    // A credentialed policy answers each origin with its own.
    let policy = built(Policy::builder().origins(["https://someplace.org", ORG]).credentials(true));
    let app = init_service(App::new().wrap(Cors::new(policy)).route("/", web::get().to(homepage))).await;
    for origin in ["https://someplace.org", ORG, "https://evil.example", "https://someplace.org"] {
        let res = Answer::of(app.call(with_cookie(get_from(origin)).to_request()).await).await;
        let expected = (origin != "https://evil.example").then_some(origin);
        assert_eq!(allow_origin(&res), expected, "{origin}");
    }
}
