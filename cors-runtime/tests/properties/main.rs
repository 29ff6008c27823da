//! Property tests: generated policies and requests, adversarial origins built from the allowed
//! ones, judged by a model of the browser written from the Fetch standard.
//!
//! (a) No false grant: whenever the model accepts our response, the policy allows the origin
//!     (read naively from its entries, not through our matcher) and, for a credentialed
//!     request, credentials.
//! (b) No false refusal: a request the policy allows is accepted by the model.
//! (c) No panic, whatever the input.

mod model;
mod policies;
mod regexes;

use cors_runtime::{AllowOrigin, CorsRequest, Decision, HeaderInput, Policy, Vary};
use proptest::prelude::*;

use self::model::{Response, cors_check, preflight_check};
use self::policies::{Spec, origin_candidates, spec};

/// What a server with this policy sends, rendered from the engine's decision the way the actix
/// layer writes it.
fn respond(policy: &Policy, request: &CorsRequest<'_>, origin: &str) -> Response {
    let decision = policy.decide(request);
    let out = decision.response_headers(policy);
    let status = match decision {
        Decision::PreflightAllowed { .. } => 204,
        Decision::PreflightRefused(_) => 403,
        _ => 200,
    };
    let mut headers = Vec::new();
    match out.allow_origin {
        Some(AllowOrigin::Any) => headers.push(("access-control-allow-origin", "*".to_owned())),
        Some(AllowOrigin::Reflect) => headers.push(("access-control-allow-origin", origin.to_owned())),
        None => {}
    }
    let mut add = |wanted: bool, name: &'static str, value: Option<&str>| {
        if let (true, Some(value)) = (wanted, value) {
            headers.push((name, value.to_owned()));
        }
    };
    add(out.allow_credentials, "access-control-allow-credentials", Some("true"));
    add(out.expose_headers, "access-control-expose-headers", policy.expose_headers_value());
    add(out.allow_methods, "access-control-allow-methods", policy.allow_methods_value());
    add(out.allow_headers, "access-control-allow-headers", policy.allow_headers_value());
    add(out.max_age, "access-control-max-age", policy.max_age_value());
    if let Some(vary) = out.vary {
        assert!(matches!(vary, Vary::Origin | Vary::Preflight { .. }));
    }
    Response { status, headers }
}

/// A browser making one cross-origin call: preflight first when the call needs one.
fn browser_accepts(policy: &Policy, origin: &str, credentials: bool, method: &str, headers: &[&str]) -> bool {
    if needs_preflight(method, headers) {
        let joined = headers.join(",");
        let lines: &[&[u8]] = if headers.is_empty() { &[] } else { &[joined.as_bytes()] };
        let preflight = CorsRequest {
            method: b"OPTIONS",
            origin: HeaderInput::One(origin.as_bytes()),
            request_method: HeaderInput::One(method.as_bytes()),
            request_headers: lines,
            request_private_network: HeaderInput::Absent,
        };
        if !preflight_check(origin, credentials, method, headers, &respond(policy, &preflight, origin)) {
            return false;
        }
    }
    let actual = CorsRequest {
        method: method.as_bytes(),
        origin: HeaderInput::One(origin.as_bytes()),
        request_method: HeaderInput::Absent,
        request_headers: &[],
        request_private_network: HeaderInput::Absent,
    };
    cors_check(origin, credentials, &respond(policy, &actual, origin))
}

fn needs_preflight(method: &str, headers: &[&str]) -> bool {
    !headers.is_empty() || !["GET", "HEAD", "POST"].contains(&method)
}

/// Whether the policy, read plainly, lets this call through. `methods` are what a preflight may
/// ask for, so a call without one needs no listing.
fn policy_allows(spec: &Spec, origin: &str, credentials: bool, method: &str, headers: &[&str]) -> bool {
    spec.allows_origin(origin)
        && (!credentials || spec.credentials)
        && (!needs_preflight(method, headers) || spec.methods.contains(&method))
        && headers.iter().all(|h| spec.allows_header(h))
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];
const HEADERS: [&str; 5] = ["x-trace", "x-request-id", "authorization", "x-other", "content-type"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 100_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_false_grant_and_no_false_refusal(
        spec in spec(),
        pick in any::<prop::sample::Index>(),
        credentials in any::<bool>(),
        method in prop::sample::select(&METHODS[..]),
        headers in prop::sample::subsequence(&HEADERS[..], 0..3),
    ) {
        let policy = spec.policy();
        let candidates = origin_candidates(&spec);
        // Each case tries five origins: the picked one and its neighbours in the candidate
        // list, so that every case covers attack origins next to the allowed one.
        for k in 0..5 {
            let origin = &candidates[(pick.index(candidates.len()) + k) % candidates.len()];
            let accepted = browser_accepts(&policy, origin, credentials, method, &headers);
            let allowed = policy_allows(&spec, origin, credentials, method, &headers);
            prop_assert_eq!(accepted, allowed, "origin {:?}, credentials {}, {} {:?}, policy {:?}", origin, credentials, method, headers, spec);
        }
    }
}
