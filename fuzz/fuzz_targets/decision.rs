//! Every grant the decision engine makes is one its policy allows, whatever the request.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{CorsRequest, Decision, HeaderInput, Policy, RequestHeaderNames};
use libfuzzer_sys::fuzz_target;

static POLICIES: LazyLock<[Policy; 2]> = LazyLock::new(|| {
    let lit = |s: &str| OriginEntry::Literal(s.to_owned());
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    [
        PolicyConfig {
            origins: vec![
                lit("https://app.example.com"),
                lit("https://*.example.org"),
                lit("http://localhost:*"),
            ],
            route_methods: Some(strings(&["GET", "PUT", "PURGE"])),
            allow_headers: strings(&["content-type", "x-trace", "authorization"]),
            credentials: true,
            private_network: true,
            ..PolicyConfig::default()
        },
        PolicyConfig {
            origins: vec![lit("*")],
            route_methods: Some(strings(&["GET", "PATCH"])),
            allow_headers: strings(&["*"]),
            ..PolicyConfig::default()
        },
    ]
    .map(|config| config.validate().expect("a valid policy"))
});

#[derive(Arbitrary, Debug)]
enum Header {
    Absent,
    One(Vec<u8>),
    Repeated,
}

impl Header {
    fn input(&self) -> HeaderInput<'_> {
        match self {
            Header::Absent => HeaderInput::Absent,
            Header::One(value) => HeaderInput::One(value),
            Header::Repeated => HeaderInput::Repeated,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    options: bool,
    method: Vec<u8>,
    origin: Header,
    request_method: Header,
    /// The field lines of `Access-Control-Request-Headers`.
    request_headers: Vec<Vec<u8>>,
    private_network: Header,
}

fuzz_target!(|input: Input| {
    let method: &[u8] = if input.options { b"OPTIONS" } else { &input.method };
    let lines: Vec<&[u8]> = input.request_headers.iter().map(Vec::as_slice).collect();
    let request = CorsRequest {
        method,
        origin: input.origin.input(),
        request_method: input.request_method.input(),
        request_headers: &lines,
        request_private_network: input.private_network.input(),
    };
    for policy in POLICIES.iter() {
        let decision = policy.decide(&request);
        let origin_allowed = policy.decide_actual(request.origin) == Decision::ActualAllowed;
        let _ = decision.response_headers(policy);
        match decision {
            Decision::ActualAllowed => assert!(origin_allowed),
            Decision::PreflightAllowed { safelisted_method, private_network } => {
                assert!(request.is_preflight() && origin_allowed);
                let HeaderInput::One(m) = request.request_method else {
                    panic!("granted without one method")
                };
                assert!(policy.allows_method(m));
                assert_eq!(safelisted_method, [&b"GET"[..], b"HEAD", b"POST"].contains(&m));
                // The lines read one by one must all pass, as the list they make does.
                for value in request.request_headers {
                    let names = RequestHeaderNames::new(value).expect("granted headers are readable");
                    for name in names {
                        assert!(policy.allows_header(name));
                        assert!(!name.eq_ignore_ascii_case(b"authorization") || !policy.allows_any_origin());
                    }
                }
                assert!(!private_network || policy.allows_private_network());
            }
            _ => {}
        }
    }
});
