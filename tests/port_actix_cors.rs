//! The test suite of `actix-cors` (actix/actix-extras, `actix-cors/tests/tests.rs` and the unit
//! tests in `actix-cors/src/*.rs`), ported scenario by scenario as a user moving from it would
//! restate it: the closest `policy!` / `#[cors]` / `Policy::builder()` configuration and real
//! requests through `actix_web::test`.
//!
//! `actix-cors` tests its middleware around a bare service (`test::ok_service()`). Here each
//! policy is exercised on both mounts a user would pick: a `#[cors(policy = P)]` handler, and
//! `Cors::new(&P)` wrapping the whole `App` (whose default service plays `ok_service`).
//!
//! Not ported (no meaning here): `impl_eq` (builder `PartialEq`), `allowed_header_try_into`
//! (a `TryInto<HeaderName>` detail of their builder), `all_or_some::tests` (their internal
//! type), the `preflight = false` half of `inner::test_preflight` and every
//! `.disable_preflight()` / `.disable_vary_header()` (no equivalent on purpose: README "Each
//! builder call"), `middleware::test_options_no_origin` (an origin closure that reads another
//! request header, `DNT`: closures are not offered and nothing here decides on other headers).

use actix_web::body::{self, MessageBody};
use actix_web::dev::{HttpServiceFactory, Service};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Compat, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, Error, HttpRequest, HttpResponse, error, get, post, route, web};
use strict_cors::{Cors, LivePolicy, Policy, Rule, cors, policy};
use support::{
    Answer, PREFLIGHT_VARY, allow_origin, cors_headers, get as header_of, preflight, require_token,
};

mod support;

/// Set by the handler (the peer's `ok_service`), so that its responses are told from answers
/// that never reached it.
const RAN: &str = "x-handler-ran";

// ----- the policies: each peer configuration restated -----------------------------------------

/// `.allowed_origin("https://www.example.com").allowed_origin_fn(|o, _| o.ends_with(b".unknown.com"))`
static SUFFIX: Policy = policy!(origins = ["https://www.example.com", "https://*.unknown.com"]);
/// `.allowed_origin_fn(move |o, _| Regex::new("https:.+\\.unknown\\.com").is_match(o))`, written
/// so that it passes the checks (see `peer_regex_is_judged_and_regexes_are_anchored`).
static REGEX: Policy =
    policy!(origins = ["https://www.example.com", regex("https://[a-z0-9-]+\\.unknown\\.com")]);
/// `.allowed_origin("https://example.com").allowed_origin("https://example.org").allowed_methods(vec![GET])`
static TWO: Policy = policy!(origins = ["https://example.com", "https://example.org"], methods = ["GET"]);
/// `test_response` / `inner::test_preflight`: `.allow_any_origin().send_wildcard().max_age(3600)
/// .allowed_methods([GET, OPTIONS, POST]).allowed_headers([AUTHORIZATION, ACCEPT])
/// .allowed_header(CONTENT_TYPE).expose_headers([AUTHORIZATION, ACCEPT])`
static WILDCARD_FULL: Policy = policy!(
    origins = "*",
    max_age = 3600,
    methods = ["GET", "OPTIONS", "POST"],
    allow_headers = ["authorization", "accept", "content-type"],
    expose_headers = ["authorization", "accept"],
);
/// `.allowed_methods(vec!["POST"]).allowed_origin(example).allowed_origin(google)`
static TWO_POST: Policy =
    policy!(origins = ["https://www.example.com", "https://www.google.com"], methods = ["POST"]);
/// `.allowed_origin("https://www.example.com")`
static ONE: Policy = policy!(origins = ["https://www.example.com"]);
/// `.allow_any_method().allowed_origin("https://www.example.com")`
static ONE_ANY_METHOD: Policy = policy!(origins = ["https://www.example.com"], methods = "*");
/// `.allow_any_method()` and no origin: allows no origin the test sends.
static OTHER_ANY_METHOD: Policy = policy!(origins = ["https://somewhere.else.example"], methods = "*");
/// The closest to `Cors::permissive()` that compiles: reflect a listed origin, with credentials.
static CREDENTIALED: Policy = policy!(
    origins = ["https://www.example.com"],
    allow_headers = ["content-type", "authorization"],
    expose_headers = ["content-disposition"],
    credentials,
);
/// `Cors::permissive()` for local development, as README "Local development" restates it.
static LOCAL_DEVELOPMENT: Policy = policy!(
    origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
    allow_headers = ["authorization", "content-type"],
    credentials,
);
/// `.allow_any_origin()` / `.send_wildcard()`
static ANY: Policy = policy!(origins = "*");
/// `.allow_any_origin().allow_any_method().allow_any_header()`
static ANYTHING: Policy = policy!(origins = "*", methods = "*", allow_headers = "*");
/// `.expose_any_header()` (without the credentials `permissive()` adds: refused with them)
static EXPOSE_ALL: Policy = policy!(origins = "*", expose_headers = "*");
/// `.allowed_origin("https://public.site").allow_private_network_access()`
static PRIVATE_NETWORK: Policy = policy!(origins = ["https://public.site"], private_network);
/// `Cors::default().allowed_origin(o)` with no methods: simple requests only.
static SIMPLE_ONLY: Policy = policy!(origins = ["https://www.example.com"], methods = []);

// ----- the handler (the peer's `ok_service`) on both mounts -----------------------------------

/// 200 with a header of its own; `x-vary` makes it set `Vary: Accept` (as the peer's
/// `fn_service` does), `x-fail` makes it fail with `Err` (409).
async fn ran(req: HttpRequest) -> Result<HttpResponse, Error> {
    if req.headers().contains_key("x-fail") {
        return Err(error::ErrorConflict("handler failed"));
    }
    let mut res = HttpResponse::Ok();
    res.insert_header((RAN, req.method().as_str()))
        .insert_header((header::CONTENT_DISPOSITION, "test disposition"));
    if req.headers().contains_key("x-vary") {
        res.insert_header((header::VARY, "Accept"));
    }
    Ok(res.body("ran"))
}

macro_rules! handler {
    ($name:ident, $policy:ident) => {
        #[cors(policy = $policy)]
        #[route("/", method = "GET", method = "POST", method = "PUT", method = "OPTIONS")]
        async fn $name(req: HttpRequest) -> Result<HttpResponse, Error> {
            ran(req).await
        }
    };
}

handler!(suffix_route, SUFFIX);
handler!(regex_route, REGEX);
handler!(two_route, TWO);
handler!(wildcard_full_route, WILDCARD_FULL);
handler!(two_post_route, TWO_POST);
handler!(one_route, ONE);
handler!(one_any_method_route, ONE_ANY_METHOD);
handler!(other_any_method_route, OTHER_ANY_METHOD);
handler!(credentialed_route, CREDENTIALED);
handler!(any_route, ANY);
handler!(anything_route, ANYTHING);
handler!(expose_all_route, EXPOSE_ALL);
handler!(private_network_route, PRIVATE_NETWORK);
handler!(simple_only_route, SIMPLE_ONLY);
handler!(local_development_route, LOCAL_DEVELOPMENT);

/// The request, sent to the `#[cors]` handler's app and to the `Cors::new`-wrapped app:
/// `[on the handler, on the App]`.
async fn both<F: HttpServiceFactory + 'static>(
    handler: F,
    policy: &'static Policy,
    request: impl Fn() -> TestRequest,
) -> [Answer; 2] {
    let on_route = {
        let app = init_service(App::new().service(handler)).await;
        Answer::of(app.call(request().to_request()).await).await
    };
    let on_app = {
        let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(ran))).await;
        Answer::of(app.call(request().to_request()).await).await
    };
    [on_route, on_app]
}

const MOUNTS: [&str; 2] = ["#[cors] handler", "Cors::new on the App"];

fn get_from(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

/// Every name `Vary` lists, over all its lines, lowercased.
fn vary_names(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::VARY)
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A comma list header as a list of trimmed, lowercased items.
fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    header_of(headers, name)
        .map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()).collect())
        .unwrap_or_default()
}

// ----- tests/tests.rs ------------------------------------------------------------------------

/// Peer `test_wildcard_origin`: `.allowed_origin("*")` panics there.
#[actix_web::test]
async fn wildcard_origin_in_a_list_means_any_origin() {
    // SPEC §2: `origins = ["*"]` means the same as `origins = "*"` (accepted, not refused).
    let policy =
        Policy::builder().origin("*").build().expect("`*` as a list entry is any origin").into_static();
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(ran))).await;
    let res = Answer::of(app.call(get_from("https://www.example.com").to_request()).await).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    // What is refused is `*` beside other origins (SPEC §3.2).
    let errors = Policy::builder().origins(["*", "https://www.example.com"]).build().unwrap_err();
    assert!(errors.iter().any(|v| v.rule() == Rule::DuplicateOrMixed), "{errors}");
}

/// Peer `test_not_allowed_origin_fn`: an exact origin plus a `.unknown.com` suffix closure.
#[actix_web::test]
async fn origin_pattern_in_place_of_origin_fn_refuses_other_origins() {
    let answers = both(suffix_route, &SUFFIX, || get_from("https://www.example.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
    }
    for origin in ["https://www.known.com", "https://unknown.com", "https://evilunknown.com"] {
        let answers = both(suffix_route, &SUFFIX, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(res.status(), StatusCode::OK, "{mount} {origin}");
            assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount} {origin}");
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount} {origin}");
        }
    }
}

/// Peer `test_allowed_origin_fn`: the origin the closure accepts is reflected.
#[actix_web::test]
async fn origin_pattern_in_place_of_origin_fn_reflects_matching_origins() {
    for origin in ["https://www.example.com", "https://www.unknown.com", "https://a.b.unknown.com"] {
        let answers = both(suffix_route, &SUFFIX, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
            assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
        }
    }
}

/// Peer `test_allowed_origin_fn_with_environment`: a closure running `Regex::is_match`.
#[actix_web::test]
async fn origin_regex_in_place_of_origin_fn_with_environment() {
    for origin in ["https://www.example.com", "https://www.unknown.com"] {
        let answers = both(regex_route, &REGEX, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
        }
    }
    // The peer's unanchored `is_match` also accepts these; a `regex(..)` entry is matched
    // against the whole origin (SPEC §2).
    for origin in
        ["https://www.unknown.com.evil.net", "http://www.unknown.com", "https://www.unknown.company"]
    {
        let answers = both(regex_route, &REGEX, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount} {origin}");
        }
    }
}

/// The peer's own regex, `https:.+\.unknown\.com`, handed to the builder as it stands.
#[actix_web::test]
async fn peer_regex_is_judged_and_regexes_are_anchored() {
    // README rule 7 ("regex without `scheme://`"): `https:` without `//` is refused, with the fix.
    let errors = Policy::builder().origin_regex(r"https:.+\.unknown\.com").build().unwrap_err();
    assert!(errors.iter().all(|v| v.rule() == Rule::UnsafeRegex), "{errors}");
    assert!(errors.first().message().contains("://"), "{errors}");
    // Spelled out, it builds, and is matched against the whole origin.
    let policy = Policy::builder().origin_regex(r"https://.+\.unknown\.com").build().unwrap();
    assert!(policy.allows_origin("https://www.unknown.com"));
    assert!(!policy.allows_origin("https://www.unknown.com.evil.net"));
    assert!(!policy.allows_origin("https://unknown.com"));
    assert!(!policy.allows_origin("http://www.unknown.com"));
}

/// Peer `test_multiple_origins_preflight`.
#[actix_web::test]
async fn several_origins_preflight() {
    for origin in ["https://example.com", "https://example.org"] {
        let answers = both(two_route, &TWO, || preflight("/", origin, "GET")).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            // SPEC §4.1: an allowed preflight is 204 (the peer answers 200).
            assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount} {origin}");
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
            assert_eq!(header_of(res.headers(), RAN), None, "{mount}: the handler does not run");
        }
    }
    let answers = both(two_route, &TWO, || preflight("/", "https://example.net", "GET")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // SPEC §4.2: a refused preflight is 403 (the peer answers 400).
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Peer `test_multiple_origins`.
#[actix_web::test]
async fn several_origins_actual_requests() {
    for origin in ["https://example.com", "https://example.org"] {
        let answers = both(two_route, &TWO, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(res.status(), StatusCode::OK, "{mount}");
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
            assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount}");
        }
    }
}

/// Peer `test_response`, first part: `OPTIONS` with `Origin` and no request method, under
/// `allow_any_origin().send_wildcard()` with exposed headers.
#[actix_web::test]
async fn wildcard_options_without_request_method_is_an_actual_request() {
    let request = || {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/")
            .insert_header((header::ORIGIN, "https://www.example.com"))
    };
    let answers = both(wildcard_full_route, &WILDCARD_FULL, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // SPEC §4.9: not a preflight, it reaches the handler.
        assert_eq!(header_of(res.headers(), RAN), Some("OPTIONS"), "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        let exposed = list(res.headers(), "access-control-expose-headers");
        for name in ["authorization", "accept"] {
            assert!(exposed.contains(&name.to_owned()), "{mount}: {exposed:?}");
        }
        // Preflight-only headers stay on preflights.
        assert_eq!(header_of(res.headers(), "access-control-max-age"), None, "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-methods"), None, "{mount}");
        // README "What your tests will see change": with `origins = "*"` and no credentials an
        // actual response varies on nothing (the peer sends `Origin, ACRM, ACRH`).
        assert_eq!(vary_names(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Peer `test_response`, second part: the service's own `Vary: Accept` is kept, CORS's appended.
#[actix_web::test]
async fn handlers_vary_is_kept() {
    let request = || get_from("https://www.example.com").insert_header(("x-vary", "1"));
    let answers = both(any_route, &ANY, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // `*` without credentials adds nothing to Vary (README, `Vary`).
        assert_eq!(vary_names(res.headers()), ["accept"], "{mount}");
    }
    let answers = both(one_route, &ONE, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(vary_names(res.headers()), ["accept", "origin"], "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
    }
}

/// Peer `test_response`, third part (with `.disable_vary_header()`, not offered): a preflight
/// from one of two listed origins reflects it.
#[actix_web::test]
async fn preflight_from_a_listed_origin_reflects_it_and_varies() {
    let answers = both(two_post_route, &TWO_POST, || preflight("/", "https://www.example.com", "POST")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
        // README: `.disable_vary_header()` has no equivalent on purpose.
        assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
    }
}

/// Peer `test_validate_origin`.
#[actix_web::test]
async fn allowed_origin_reaches_the_handler() {
    let answers = both(one_route, &ONE, || get_from("https://www.example.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(res.body(), "ran", "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
    }
}

/// Peer `test_blocks_mismatched_origin_by_default`: 200, no CORS headers.
#[actix_web::test]
async fn mismatched_origin_runs_the_handler_without_cors_headers() {
    let answers = both(one_route, &ONE, || get_from("https://www.example.test")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// Peer `test_mismatched_origin_block_turned_off`, and `inner::test_validate_not_allowed_origin`
/// (`block_on_origin_mismatch(true)`, not offered: README "Each builder call").
#[actix_web::test]
async fn mismatched_origin_preflight_refused_actual_request_runs() {
    let answers =
        both(one_any_method_route, &ONE_ANY_METHOD, || preflight("/", "https://wrong.com", "POST")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // SPEC §4.2: 403 (the peer answers 400).
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(header_of(res.headers(), RAN), None, "{mount}");
    }
    let request =
        || get_from("https://www.unknown.com").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "DNT"));
    let answers = both(one_any_method_route, &ONE_ANY_METHOD, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Peer `test_no_origin_response`: no `Origin`, no `Access-Control-Allow-Origin`; `OPTIONS` with
/// `Origin` but no request method reflects it (the peer with `permissive().disable_preflight()`).
#[actix_web::test]
async fn no_origin_no_allow_origin() {
    let answers = both(credentialed_route, &CREDENTIALED, || TestRequest::get().uri("/")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
    let request = || {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/")
            .insert_header((header::ORIGIN, "https://www.example.com"))
    };
    let answers = both(credentialed_route, &CREDENTIALED, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(header_of(res.headers(), RAN), Some("OPTIONS"), "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
    }
}

/// Peer `test_no_origin_response` restated with any origin: here `*` goes on every response.
#[actix_web::test]
async fn any_origin_answers_star_even_without_origin() {
    let answers = both(any_route, &ANY, || TestRequest::get().uri("/")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // README "Vary": with `origins = "*"` and no credentials every response carries `*`,
        // requests without `Origin` included (the peer sends nothing without `Origin`).
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(vary_names(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Peer `validate_origin_allows_all_origins` (`Cors::permissive()`, not offered: closest `"*"`).
#[actix_web::test]
async fn any_origin_allows_every_origin() {
    for origin in ["https://www.example.com", "http://localhost:5173", "https://evil.example.net"] {
        let answers = both(any_route, &ANY, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(res.status(), StatusCode::OK, "{mount}");
            assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
            assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), None, "{mount}");
        }
    }
}

/// Peer `vary_header_on_all_handled_responses`, with `permissive()` as a credentialed listed origin.
#[actix_web::test]
async fn vary_on_every_response_that_depends_on_the_origin() {
    let answers =
        both(credentialed_route, &CREDENTIALED, || preflight("/", "https://www.example.com", "GET")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // SPEC §4.1: 204, and `Access-Control-Allow-Methods` may be left out for GET (README
        // "What your tests will see change"); the peer answers 200 with it.
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-methods"), None, "{mount}");
        assert_eq!(vary_names(res.headers()), PREFLIGHT_VARY, "{mount}");
    }
    let answers =
        both(credentialed_route, &CREDENTIALED, || preflight("/", "https://www.example.com", "PUT")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert!(list(res.headers(), "access-control-allow-methods").contains(&"put".to_owned()), "{mount}");
    }
    let put_from =
        |origin: &'static str| move || TestRequest::put().uri("/").insert_header((header::ORIGIN, origin));
    let answers = both(credentialed_route, &CREDENTIALED, put_from("https://www.example.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        // README "What your tests will see change": actual responses vary on `Origin` only.
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
    // `Cors::default().allow_any_method()`: the origin is not allowed.
    let answers = both(other_any_method_route, &OTHER_ANY_METHOD, put_from("https://www.example.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
    let answers = both(other_any_method_route, &OTHER_ANY_METHOD, || TestRequest::put().uri("/")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
}

/// Peer `test_allow_any_origin_any_method_any_header`.
#[actix_web::test]
async fn any_origin_any_method_any_header_preflight() {
    let request = || {
        preflight("/", "https://www.example.com", "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
    };
    let answers = both(anything_route, &ANYTHING, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-headers"), Some("*"), "{mount}");
    }
    let request = || {
        preflight("/", "https://www.example.com", "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-anything"))
    };
    let answers = both(anything_route, &ANYTHING, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        // README: `methods = "*"` answers `Access-Control-Allow-Methods: *`.
        assert_eq!(header_of(res.headers(), "access-control-allow-methods"), Some("*"), "{mount}");
    }
    // SPEC §4.7: `*` never covers `authorization` (the peer's `allow_any_header` reflects it).
    let request = || {
        preflight("/", "https://www.example.com", "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
    };
    let answers = both(anything_route, &ANYTHING, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Peer `expose_all_request_header_values` (`permissive()`: expose any header, with credentials).
#[actix_web::test]
async fn expose_any_header() {
    let request = || {
        get_from("https://www.example.com")
            .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "POST"))
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
    };
    let answers = both(expose_all_route, &EXPOSE_ALL, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount}: a GET is never a preflight");
        assert_eq!(header_of(res.headers(), header::CONTENT_DISPOSITION.as_str()), Some("test disposition"));
        // README "Each builder call": `expose_any_header()` is `expose_headers = "*"`, sent as `*`
        // (the peer lists the response's own header names).
        assert_eq!(header_of(res.headers(), "access-control-expose-headers"), Some("*"), "{mount}");
    }
    // SPEC §3.1: `*` in expose_headers with credentials is refused (browsers read it literally).
    let errors = Policy::builder()
        .origin("https://www.example.com")
        .expose_headers(["*"])
        .credentials(true)
        .build()
        .unwrap_err();
    assert!(errors.iter().any(|v| v.rule() == Rule::WildcardWithCredentials), "{errors}");
}

/// Peer `private_network_access` (feature `draft-private-network-access`).
#[actix_web::test]
async fn private_network_access() {
    let answers =
        both(private_network_route, &PRIVATE_NETWORK, || preflight("/", "https://public.site", "POST")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://public.site"), "{mount}");
        assert_eq!(
            header_of(res.headers(), "access-control-allow-private-network"),
            None,
            "{mount}: not asked"
        );
    }
    let asked = || {
        preflight("/", "https://public.site", "POST")
            .insert_header(("access-control-request-private-network", "true"))
    };
    let answers = both(private_network_route, &PRIVATE_NETWORK, asked).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://public.site"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-private-network"), Some("true"), "{mount}");
    }
    // The peer's requests are in fact GETs (no `.method(OPTIONS)`): an actual request.
    let actual =
        || get_from("https://public.site").insert_header(("access-control-request-private-network", "true"));
    let answers = both(private_network_route, &PRIVATE_NETWORK, actual).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://public.site"), "{mount}");
        // SPEC §4.1/§4.4: `Access-Control-Allow-Private-Network` answers preflights only (the
        // peer also puts it on actual responses).
        assert_eq!(header_of(res.headers(), "access-control-allow-private-network"), None, "{mount}");
    }
    // Without `private_network`, asking for it refuses the preflight (SPEC §4.2).
    let answers = both(one_route, &ONE, || {
        preflight("/", "https://www.example.com", "POST")
            .insert_header(("access-control-request-private-network", "true"))
    })
    .await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

// ----- src/builder.rs ------------------------------------------------------------------------

/// Peer `builder::illegal_allow_credentials`: `permissive().supports_credentials().send_wildcard()`.
#[test]
fn any_origin_with_credentials_is_refused() {
    let errors = Policy::builder().origin("*").credentials(true).build().unwrap_err();
    assert!(errors.iter().any(|v| v.rule() == Rule::WildcardWithCredentials), "{errors}");
    // Also with every other wildcard `permissive()` sets.
    let errors = Policy::builder()
        .origin("https://www.example.com")
        .any_method()
        .allow_headers(["*"])
        .credentials(true)
        .build()
        .unwrap_err();
    assert_eq!(errors.iter().filter(|v| v.rule() == Rule::WildcardWithCredentials).count(), 2, "{errors}");
}

/// Peer `builder::restrictive_defaults`: `Cors::default()` allows no origin.
#[actix_web::test]
async fn restrictive_defaults() {
    // README "Each builder call": an empty `origins` is refused; leave CORS off instead.
    assert!(Policy::builder().build().is_err());
    // The nearest that builds: one origin, simple requests only. Another origin gets nothing.
    let answers = both(simple_only_route, &SIMPLE_ONLY, || get_from("https://www.other.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
    // And no preflight is granted, even to the listed origin.
    let answers =
        both(simple_only_route, &SIMPLE_ONLY, || preflight("/", "https://www.example.com", "PUT")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        // SPEC §4.2: refused (README: `methods = []` answers no preflight).
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
        assert_eq!(header_of(res.headers(), RAN), None, "{mount}");
    }
    let answers = both(simple_only_route, &SIMPLE_ONLY, || get_from("https://www.example.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
    }
}

/// Peer `builder::allowed_header_try_from` (`.allowed_header("Content-Type")`): a header name
/// given in any case, or as a `HeaderName`, allows it case-insensitively.
#[actix_web::test]
async fn allowed_header_from_string_or_header_name() {
    for policy in [
        Policy::builder().origin("https://www.example.com").allow_headers(["Content-Type"]).build(),
        Policy::builder().origin("https://www.example.com").allow_headers([header::CONTENT_TYPE]).build(),
    ] {
        let policy = policy.expect("a header name in any case builds").into_static();
        let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(ran))).await;
        for asked in ["content-type", "Content-Type", "CONTENT-TYPE"] {
            let request = preflight("/", "https://www.example.com", "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, asked));
            let res = Answer::of(app.call(request.to_request()).await).await;
            assert_eq!(res.status(), StatusCode::NO_CONTENT, "{asked}");
            assert_eq!(list(res.headers(), "access-control-allow-headers"), ["content-type"], "{asked}");
        }
    }
}

/// Peer `builder::middleware_generic_over_body_type`: a service whose body is `body::None`.
#[actix_web::test]
async fn middleware_over_any_body_type() {
    let app = init_service(
        App::new().service(
            web::resource("/none")
                .wrap(Cors::new(&ONE))
                .to(|| async { HttpResponse::with_body(StatusCode::OK, body::None::new()) }),
        ),
    )
    .await;
    let res = app.call(get_from("https://www.example.com").uri("/none").to_request()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
    assert_eq!(res.into_body().size(), body::BodySize::None);
}

// ----- src/inner.rs --------------------------------------------------------------------------

/// Peer `inner::test_preflight`.
#[actix_web::test]
async fn preflight_with_wildcard_origin_methods_and_headers() {
    // `OPTIONS` with `Origin` and a header list but no request method: not a preflight (SPEC
    // §4.9), the handler answers it.
    let request = || {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/")
            .insert_header((header::ORIGIN, "https://www.example.com"))
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "X-Not-Allowed"))
    };
    let answers = both(wildcard_full_route, &WILDCARD_FULL, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::OK, "{mount}");
        assert_eq!(header_of(res.headers(), RAN), Some("OPTIONS"), "{mount}");
    }
    // `put` is not `PUT` (SPEC §4.7), and PUT is not listed either: never granted.
    for method in ["put", "PUT"] {
        let answers =
            both(wildcard_full_route, &WILDCARD_FULL, || preflight("/", "https://www.example.com", method))
                .await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert!(res.status().is_client_error(), "{mount} {method}: {}", res.status());
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount} {method}");
            assert_eq!(header_of(res.headers(), RAN), None, "{mount} {method}");
        }
    }
    let request = || {
        preflight("/", "https://www.example.com", "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "AUTHORIZATION,ACCEPT"))
    };
    let answers = both(wildcard_full_route, &WILDCARD_FULL, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-max-age"), Some("3600"), "{mount}");
        let allowed = list(res.headers(), "access-control-allow-headers");
        for name in ["authorization", "accept", "content-type"] {
            assert!(allowed.contains(&name.to_owned()), "{mount}: {allowed:?}");
        }
        // README "What your tests will see change": left out for POST (the peer lists them).
        assert_eq!(header_of(res.headers(), "access-control-allow-methods"), None, "{mount}");
    }
    // For a method browsers need it for, the policy's list is sent.
    let answers =
        both(wildcard_full_route, &WILDCARD_FULL, || preflight("/", "https://www.example.com", "OPTIONS"))
            .await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        let methods = list(res.headers(), "access-control-allow-methods");
        for method in ["get", "options", "post"] {
            assert!(methods.contains(&method.to_owned()), "{mount}: {methods:?}");
        }
        assert_eq!(header_of(res.headers(), RAN), None, "{mount}");
    }
    // A header not listed refuses the preflight.
    let request = || {
        preflight("/", "https://www.example.com", "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization, x-not-allowed"))
    };
    let answers = both(wildcard_full_route, &WILDCARD_FULL, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Peer `inner::allow_fn_origin_equals_head_origin`: an always-true origin closure, any method,
/// any header, over a service answering 204.
#[actix_web::test]
async fn allow_everything_preflight_then_the_services_own_status() {
    let answers = both(anything_route, &ANYTHING, || preflight("/", "https://www.example.com", "POST")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(header_of(res.headers(), RAN), None, "{mount}");
    }
    let app =
        init_service(App::new().wrap(Cors::new(&ANYTHING)).default_service(web::to(HttpResponse::NoContent)))
            .await;
    let res = Answer::of(app.call(get_from("https://www.example.com").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(res.headers()), Some("*"));
}

// ----- src/middleware.rs ---------------------------------------------------------------------

/// Peer `middleware::compat_compat`: the middleware under `Compat`.
#[actix_web::test]
async fn works_under_compat() {
    let app = init_service(App::new().wrap(Compat::new(Cors::new(&ONE))).default_service(web::to(ran))).await;
    let res = Answer::of(app.call(get_from("https://www.example.com").to_request()).await).await;
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
    let res = Answer::of(app.call(preflight("/", "https://www.example.com", "PUT").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
}

// ----- what actix-cors users rely on beyond its suite -----------------------------------------

/// `supports_credentials()`: the origin is reflected, never `*`, with `-Allow-Credentials`.
#[actix_web::test]
async fn credentials_reflect_the_origin() {
    let answers = both(credentialed_route, &CREDENTIALED, || get_from("https://www.example.com")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
        assert_eq!(
            header_of(res.headers(), "access-control-expose-headers"),
            Some("content-disposition"),
            "{mount}"
        );
    }
    let request = || {
        preflight("/", "https://www.example.com", "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type"))
    };
    let answers = both(credentialed_route, &CREDENTIALED, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
        let mut allowed = list(res.headers(), "access-control-allow-headers");
        allowed.sort();
        assert_eq!(allowed, ["authorization", "content-type"], "{mount}");
    }
    // A refused origin gets neither credentials nor exposed headers (the peer still sends
    // `Access-Control-Expose-Headers` and `-Allow-Credentials` to it).
    let answers =
        both(credentialed_route, &CREDENTIALED, || get_from("https://www.example.com.evil.net")).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(header_of(res.headers(), RAN), Some("GET"), "{mount}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount}");
    }
}

/// Errors: a handler's `Err` carries the headers on both mounts (as with `actix-cors`, where
/// the route renders it before the middleware sees it).
#[actix_web::test]
async fn handler_errors_carry_cors_headers() {
    let request = || get_from("https://www.example.com").insert_header(("x-fail", "1"));
    let answers = both(credentialed_route, &CREDENTIALED, request).await;
    for (res, mount) in answers.iter().zip(MOUNTS) {
        assert_eq!(res.status(), StatusCode::CONFLICT, "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"), "{mount}");
        assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
        assert_eq!(vary_names(res.headers()), ["origin"], "{mount}");
    }
    // Under `Cors::new` on the App, a path with no route (404) is answered too.
    let app = init_service(
        App::new().wrap(Cors::new(&CREDENTIALED)).route("/known", web::get().to(HttpResponse::Ok)),
    )
    .await;
    let res =
        Answer::of(app.call(get_from("https://www.example.com").uri("/unknown").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
}

#[cors(policy = CREDENTIALED)]
#[get("/guarded", wrap = "from_fn(require_token)")]
async fn guarded() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = CREDENTIALED)]
#[post("/json")]
async fn json(body: web::Json<Vec<u32>>) -> HttpResponse {
    HttpResponse::Ok().body(body.len().to_string())
}

/// Errors the peer's middleware lets through bare (`res?`): a middleware's `Err` and an
/// extractor's rejection are readable by the allowed origin here (SPEC §4.4).
#[actix_web::test]
async fn middleware_and_extractor_errors_carry_cors_headers() {
    let app = init_service(App::new().service(guarded).service(json)).await;
    let res =
        Answer::of(app.call(get_from("https://www.example.com").uri("/guarded").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
    assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), Some("true"));
    // Its preflight never meets the auth layer (README "What `#[cors]` keeps and adds").
    let res = Answer::of(
        app.call(
            preflight("/guarded", "https://www.example.com", "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let bad_json = TestRequest::post()
        .uri("/json")
        .insert_header((header::ORIGIN, "https://www.example.com"))
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload("{oops");
    let res = Answer::of(app.call(bad_json.to_request()).await).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
    // The same middleware error under an App-wide `Cors::new` outside it.
    let app = init_service(
        App::new().wrap(from_fn(require_token)).wrap(Cors::new(&CREDENTIALED)).default_service(web::to(ran)),
    )
    .await;
    let res = Answer::of(app.call(get_from("https://www.example.com").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(res.headers()), Some("https://www.example.com"));
    let res = Answer::of(app.call(preflight("/", "https://www.example.com", "PUT").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "the preflight is answered before auth");
}

static TENANTS: LivePolicy = LivePolicy::new(policy!(origins = ["https://www.example.com"]));

#[cors(policy = TENANTS)]
#[get("/tenants")]
async fn tenants() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// `allowed_origin_fn(|o, _| db.contains(o))`, a list that changes while the server runs: a
/// `LivePolicy` reloaded with the new list (README "Each builder call").
#[actix_web::test]
async fn origin_fn_over_a_changing_list_is_a_live_policy() {
    let app = init_service(
        App::new()
            .service(tenants)
            .service(web::scope("/scoped").wrap(Cors::new(&TENANTS)).default_service(web::to(ran))),
    )
    .await;
    let call = |path: &'static str, origin: &'static str| {
        let app = &app;
        async move { Answer::of(app.call(get_from(origin).uri(path).to_request()).await).await }
    };
    for path in ["/tenants", "/scoped/x"] {
        assert_eq!(allow_origin(call(path, "https://shop.tenant.example").await.headers()), None, "{path}");
    }
    let list = ["https://www.example.com", "https://shop.tenant.example"];
    TENANTS.reload(Policy::builder().origins(list).build().unwrap());
    for path in ["/tenants", "/scoped/x"] {
        for origin in list {
            assert_eq!(allow_origin(call(path, origin).await.headers()), Some(origin), "{path}");
        }
    }
    // An invalid list is refused by the builder, so it never replaces the one in force.
    assert!(Policy::builder().origins(["https://shop.tenant.example/"]).build().is_err());
    TENANTS.reload(Policy::builder().origins(["https://www.example.com"]).build().unwrap());
    assert_eq!(allow_origin(call("/tenants", "https://shop.tenant.example").await.headers()), None);
}

/// `Cors::permissive()` (any origin, with credentials) is not offered; what it is used for, a
/// front end on a development server, is this machine's origins on any port.
#[actix_web::test]
async fn local_development_in_place_of_permissive() {
    for origin in ["http://localhost:5173", "http://localhost", "http://127.0.0.1:8080", "http://[::1]:3000"]
    {
        let answers = both(local_development_route, &LOCAL_DEVELOPMENT, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
            assert_eq!(header_of(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount}");
        }
        let request = || {
            preflight("/", origin, "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
        };
        let answers = both(local_development_route, &LOCAL_DEVELOPMENT, request).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(res.status(), StatusCode::NO_CONTENT, "{mount} {origin}");
            assert_eq!(allow_origin(res.headers()), Some(origin), "{mount}");
        }
    }
    // What `permissive()` also grants, and this does not.
    for origin in [
        "https://www.example.com",
        "http://localhost.evil.net:5173",
        "https://localhost:5173",
        "http://localhost:080",
        "http://LOCALHOST:3000",
        "null",
    ] {
        let answers = both(local_development_route, &LOCAL_DEVELOPMENT, || get_from(origin)).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount} {origin}");
        }
        let answers =
            both(local_development_route, &LOCAL_DEVELOPMENT, || preflight("/", origin, "PUT")).await;
        for (res, mount) in answers.iter().zip(MOUNTS) {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount} {origin}");
        }
    }
}
