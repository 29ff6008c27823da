//! The decision engine against SPEC §4, without any web framework.

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{
    AllowOrigin, CorsRequest, Decision, HeaderInput, Policy, Refusal, RequestHeadersError, ResponseHeaders,
    Vary,
};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A credentialed policy for a `PUT`/`DELETE` route.
fn strict() -> Policy {
    PolicyConfig {
        origins: vec![OriginEntry::Literal(APP.to_owned())],
        route_methods: Some(strings(&["PUT", "DELETE"])),
        allow_headers: strings(&["content-type", "x-trace"]),
        expose_headers: strings(&["x-total-count"]),
        credentials: true,
        max_age: Some(600),
        private_network: true,
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap()
}

/// `origins = "*"`, `allow_headers = "*"`, no credentials.
fn public() -> Policy {
    PolicyConfig {
        origins: vec![OriginEntry::Literal("*".to_owned())],
        route_methods: Some(strings(&["GET", "PATCH"])),
        allow_headers: strings(&["*"]),
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap()
}

fn one(s: &str) -> HeaderInput<'_> {
    HeaderInput::One(s.as_bytes())
}

fn actual<'a>(method: &'a str, origin: HeaderInput<'a>) -> CorsRequest<'a> {
    CorsRequest {
        method: method.as_bytes(),
        origin,
        request_method: HeaderInput::Absent,
        request_headers: &[],
        request_private_network: HeaderInput::Absent,
    }
}

/// A preflight; `headers` are the lines of `Access-Control-Request-Headers`.
fn preflight<'a>(origin: &'a str, method: &'a str, headers: &'a [&'a [u8]]) -> CorsRequest<'a> {
    CorsRequest {
        method: b"OPTIONS",
        origin: one(origin),
        request_method: one(method),
        request_headers: headers,
        request_private_network: HeaderInput::Absent,
    }
}

#[test]
fn allowed_preflight_gets_every_preflight_header() {
    let p = strict();
    let decision = p.decide(&preflight(APP, "PUT", &[b"content-type,x-trace"]));
    assert_eq!(decision, Decision::PreflightAllowed { safelisted_method: false, private_network: false });
    assert_eq!(
        decision.response_headers(&p),
        ResponseHeaders {
            allow_origin: Some(AllowOrigin::Reflect),
            allow_credentials: true,
            allow_methods: true,
            allow_headers: true,
            max_age: true,
            vary: Some(Vary::Preflight { origin: true }),
            ..ResponseHeaders::default()
        }
    );
}

#[test]
fn preflights_for_safelisted_methods_leave_allow_methods_out() {
    // Browsers allow GET, HEAD and POST without `Access-Control-Allow-Methods` (Fetch, "CORS
    // preflight fetch"), so the answer does not spend a header on them.
    let p = public();
    let get = p.decide(&preflight(EVIL, "GET", &[b"x-trace"]));
    assert_eq!(get, Decision::PreflightAllowed { safelisted_method: true, private_network: false });
    let headers = get.response_headers(&p);
    assert!(!headers.allow_methods);
    assert!(headers.allow_headers, "the rest of the answer is unchanged");
    let patch = p.decide(&preflight(EVIL, "PATCH", &[]));
    assert!(patch.response_headers(&p).allow_methods);
}

#[test]
fn refused_preflights_say_why_and_send_no_allow_header() {
    let p = strict();
    let table: [(CorsRequest<'_>, Refusal<'_>); 6] = [
        (preflight(EVIL, "PUT", &[]), Refusal::Origin(one(EVIL))),
        (preflight(APP, "PATCH", &[]), Refusal::Method(one("PATCH"))),
        (preflight(APP, "put", &[]), Refusal::Method(one("put"))),
        (preflight(APP, "PUT", &[b"content-type, authorization"]), Refusal::Header(b"authorization")),
        (preflight(APP, "PUT", &[b"x trace"]), Refusal::RequestHeaders(RequestHeadersError::NotAToken)),
        (
            CorsRequest { origin: HeaderInput::Repeated, ..preflight(APP, "PUT", &[]) },
            Refusal::Origin(HeaderInput::Repeated),
        ),
    ];
    for (request, reason) in table {
        let decision = p.decide(&request);
        assert_eq!(decision, Decision::PreflightRefused(reason), "{request:?}");
        let headers = decision.response_headers(&p);
        assert_eq!(
            headers,
            ResponseHeaders { vary: headers.vary, ..ResponseHeaders::default() },
            "{request:?}"
        );
        assert!(headers.vary.is_some());
    }
    assert_eq!(Refusal::Origin(one(EVIL)).to_string(), "origin `https://evil.example.net` is not allowed");
    assert_eq!(Refusal::Header(b"x\xffy").to_string(), "request header `x\\xffy` is not allowed");
}

#[test]
fn request_header_names_compare_case_insensitively() {
    let p = strict();
    let decision = p.decide(&preflight(APP, "DELETE", &[b" X-Trace ,, Content-Type "]));
    assert_eq!(decision, Decision::PreflightAllowed { safelisted_method: false, private_network: false });
}

#[test]
fn private_network_is_granted_only_when_asked_and_allowed() {
    let asked = |p: &Policy| {
        p.decide(&CorsRequest { request_private_network: one("true"), ..preflight(APP, "PUT", &[]) })
    };
    let p = strict();
    assert_eq!(asked(&p), Decision::PreflightAllowed { safelisted_method: false, private_network: true });
    assert!(asked(&p).response_headers(&p).allow_private_network);
    let not_asked = p.decide(&preflight(APP, "PUT", &[]));
    assert!(!not_asked.response_headers(&p).allow_private_network);

    let without =
        PolicyConfig { origins: vec![OriginEntry::Literal(APP.to_owned())], ..PolicyConfig::default() }
            .validate()
            .unwrap();
    assert_eq!(
        without.decide(&CorsRequest { request_private_network: one("true"), ..preflight(APP, "GET", &[]) }),
        Decision::PreflightRefused(Refusal::PrivateNetwork)
    );
}

#[test]
fn wildcard_headers_never_cover_authorization() {
    let p = public();
    assert_eq!(
        p.decide(&preflight(EVIL, "PATCH", &[b"x-anything,content-type"])),
        Decision::PreflightAllowed { safelisted_method: false, private_network: false }
    );
    assert_eq!(
        p.decide(&preflight(EVIL, "PATCH", &[b"Authorization"])),
        Decision::PreflightRefused(Refusal::Header(b"Authorization"))
    );
}

#[test]
fn actual_requests() {
    let p = strict();
    let allowed = p.decide(&actual("PUT", one(APP)));
    assert_eq!(allowed, Decision::ActualAllowed);
    assert_eq!(
        allowed.response_headers(&p),
        ResponseHeaders {
            allow_origin: Some(AllowOrigin::Reflect),
            allow_credentials: true,
            expose_headers: true,
            vary: Some(Vary::Origin),
            ..ResponseHeaders::default()
        }
    );
    for origin in [
        one(EVIL),
        one("null"),
        one(""),
        HeaderInput::Repeated,
        HeaderInput::One(b"https://app.example.com\xff"),
    ] {
        let refused = p.decide(&actual("PUT", origin));
        assert_eq!(refused, Decision::ActualNotAllowed, "{origin:?}");
        assert_eq!(
            refused.response_headers(&p),
            ResponseHeaders { vary: Some(Vary::Origin), ..ResponseHeaders::default() }
        );
    }
    let no_origin = p.decide(&actual("PUT", HeaderInput::Absent));
    assert_eq!(no_origin, Decision::NotCors);
    assert_eq!(
        no_origin.response_headers(&p),
        ResponseHeaders { vary: Some(Vary::Origin), ..ResponseHeaders::default() }
    );
}

#[test]
fn options_without_request_method_is_not_a_preflight() {
    let p = strict();
    let request = CorsRequest { request_method: HeaderInput::Absent, ..preflight(APP, "PUT", &[]) };
    assert_eq!(p.decide(&request), Decision::ActualAllowed);
    let no_origin = CorsRequest { origin: HeaderInput::Absent, ..preflight(APP, "PUT", &[]) };
    assert_eq!(p.decide(&no_origin), Decision::NotCors);
}

#[test]
fn any_origin_without_credentials_answers_star_and_never_varies_on_origin() {
    let p = public();
    for request in
        [actual("GET", one(EVIL)), actual("GET", HeaderInput::Absent), actual("GET", HeaderInput::Repeated)]
    {
        let headers = p.decide(&request).response_headers(&p);
        assert_eq!(headers.allow_origin, Some(AllowOrigin::Any), "{request:?}");
        assert_eq!(headers.vary, None, "{request:?}");
        assert!(!headers.allow_credentials);
    }
    let pre = p.decide(&preflight(EVIL, "GET", &[])).response_headers(&p);
    assert_eq!(pre.allow_origin, Some(AllowOrigin::Any));
    assert_eq!(pre.vary, Some(Vary::Preflight { origin: false }));
}

#[test]
fn oversized_request_headers_refuse_the_preflight() {
    let p = public();
    let long = "x".repeat(cors_runtime::MAX_REQUEST_HEADERS_LEN + 1);
    assert_eq!(
        p.decide(&preflight(EVIL, "GET", &[long.as_bytes()])),
        Decision::PreflightRefused(Refusal::RequestHeaders(RequestHeadersError::TooLong))
    );
    let many = vec!["x"; cors_runtime::MAX_REQUEST_HEADERS_ITEMS + 1].join(",");
    assert_eq!(
        p.decide(&preflight(EVIL, "GET", &[many.as_bytes()])),
        Decision::PreflightRefused(Refusal::RequestHeaders(RequestHeadersError::TooManyItems))
    );
}

#[test]
fn request_headers_on_several_lines_are_one_list() {
    // Fetch combines them; a proxy may split them. The bounds apply to the list they make.
    let p = strict();
    let split: CorsRequest<'_> =
        CorsRequest { request_headers: &[b"content-type", b" x-trace"], ..preflight(APP, "PUT", &[]) };
    assert_eq!(
        p.decide(&split),
        Decision::PreflightAllowed { safelisted_method: false, private_network: false }
    );
    let refused = CorsRequest { request_headers: &[b"content-type", b"x-secret"], ..split };
    assert_eq!(p.decide(&refused), Decision::PreflightRefused(Refusal::Header(b"x-secret")));
    let half = "x-trace,".repeat(cors_runtime::MAX_REQUEST_HEADERS_ITEMS / 2);
    let too_many = CorsRequest { request_headers: &[half.as_bytes(), half.as_bytes(), b"x"], ..split };
    assert_eq!(
        p.decide(&too_many),
        Decision::PreflightRefused(Refusal::RequestHeaders(RequestHeadersError::TooManyItems))
    );
    let long = " ".repeat(cors_runtime::MAX_REQUEST_HEADERS_LEN / 2);
    let too_long = CorsRequest { request_headers: &[long.as_bytes(), long.as_bytes()], ..split };
    assert_eq!(
        p.decide(&too_long),
        Decision::PreflightRefused(Refusal::RequestHeaders(RequestHeadersError::TooLong))
    );
}

#[test]
fn long_header_lists_compare_case_insensitively_too() {
    let names: Vec<String> = (0..12).map(|i| format!("x-header-{i:02}")).collect();
    let p = PolicyConfig {
        origins: vec![OriginEntry::Literal(APP.to_owned())],
        route_methods: Some(strings(&["PUT"])),
        allow_headers: names,
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    let allowed = p.decide(&preflight(APP, "PUT", &[b"X-Header-00, x-header-07,X-HEADER-11"]));
    assert_eq!(allowed, Decision::PreflightAllowed { safelisted_method: false, private_network: false });
    let refused = p.decide(&preflight(APP, "PUT", &[b"x-header-05, x-header-12"]));
    assert_eq!(refused, Decision::PreflightRefused(Refusal::Header(b"x-header-12")));
}

/// The methods a preflight may ask for default to the route's, but those browsers never let a
/// script send: a route that also serves `TRACE` answers no preflight for it.
#[test]
fn methods_browsers_forbid_are_left_out_of_the_routes() {
    let policy = PolicyConfig {
        origins: vec![OriginEntry::Literal(APP.to_owned())],
        route_methods: Some(strings(&["GET", "TRACE", "DELETE", "CONNECT"])),
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    assert!(policy.allows_method(b"DELETE") && policy.allows_method(b"GET"));
    assert!(!policy.allows_method(b"TRACE") && !policy.allows_method(b"CONNECT"));
}
