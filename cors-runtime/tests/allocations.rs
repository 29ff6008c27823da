//! The decision engine never allocates, whatever the request.

#[path = "support/counting.rs"]
mod counting;

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{CorsRequest, Decision, HeaderInput};

use self::counting::allocations_in;

#[test]
fn deciding_allocates_nothing() {
    let policy = PolicyConfig {
        origins: vec![
            OriginEntry::Literal("https://app.example.com".into()),
            OriginEntry::Literal("https://*.example.org".into()),
            OriginEntry::Literal("http://localhost:*".into()),
            OriginEntry::Regex(r"https://pr-[0-9]+\.preview\.example\.com".into()),
        ],
        route_methods: Some(vec!["PUT".into()]),
        allow_headers: vec!["content-type".into(), "x-trace".into()],
        credentials: true,
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    policy.prepare();
    // The table of origins browsers send is made on the first regex match: once, not per request.
    let _ = policy.allows_origin("https://pr-1.preview.example.com");

    let long_headers = vec!["x-trace"; 1000].join(",");
    let long_origin = format!("https://{}.example.org", "a".repeat(1000));
    let origins = [
        "https://app.example.com",
        "https://a.example.org",
        "http://localhost:3000",
        "https://pr-7.preview.example.com",
        "https://evil.example.net",
        long_origin.as_str(),
        "null",
    ];
    let header_values = ["content-type, X-Trace", "authorization", long_headers.as_str(), ",,,"];
    for origin in origins {
        for method in ["PUT", "PATCH"] {
            for headers in header_values {
                let request = CorsRequest {
                    method: b"OPTIONS",
                    origin: HeaderInput::One(origin.as_bytes()),
                    request_method: HeaderInput::One(method.as_bytes()),
                    request_headers: &[headers.as_bytes()],
                    request_private_network: HeaderInput::One(b"true"),
                };
                let actual = CorsRequest { method: b"PUT", ..request };
                let (n, decisions) = allocations_in(|| {
                    let preflight = policy.decide(&request);
                    let _ = preflight.response_headers(&policy);
                    [preflight, policy.decide(&actual)]
                });
                assert_eq!(n, 0, "{origin} {method} {headers}: {decisions:?}");
                assert!(matches!(
                    decisions[0],
                    Decision::PreflightAllowed { .. } | Decision::PreflightRefused(_)
                ));
            }
        }
    }
}
