//! The validator and the decision engine never panic, whatever they are given: every string up
//! to a few characters long over the characters that matter to their parsers, after each prefix
//! that leads into a different part of them.

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{CorsRequest, HeaderInput};

const ALPHABET: [&str; 16] = ["", "*", ".", ":", "[", "]", "/", "@", "a", "0", "9", "-", "é", " ", "\\", "?"];
const PREFIXES: [&str; 9] = [
    "",
    "https://",
    "https://*.",
    "http://a",
    "http://[",
    "https://a.b:",
    "https://[::1]",
    "file:",
    "https://*.[",
];

fn strings() -> impl Iterator<Item = String> {
    PREFIXES.iter().flat_map(|prefix| {
        ALPHABET.iter().flat_map(move |a| {
            ALPHABET.iter().flat_map(move |b| ALPHABET.iter().map(move |c| format!("{prefix}{a}{b}{c}")))
        })
    })
}

#[test]
fn validating_any_origin_entry_never_panics() {
    let mut accepted = 0;
    for s in strings() {
        for credentials in [false, true] {
            let config = PolicyConfig {
                // Regexes cost a compile each: try them once per string.
                origins: if credentials {
                    vec![OriginEntry::Literal(s.clone())]
                } else {
                    vec![OriginEntry::Literal(s.clone()), OriginEntry::Regex(s.clone())]
                },
                credentials,
                ..PolicyConfig::default()
            };
            if let Ok(policy) = config.validate() {
                accepted += 1;
                let pattern = s.contains('*');
                assert!(pattern || policy.allows_origin(&s), "an accepted exact origin allows itself: {s:?}");
            }
        }
    }
    assert!(accepted > 0, "some of these are valid origins");
}

#[test]
fn deciding_on_any_request_never_panics() {
    let policy = PolicyConfig {
        origins: vec![
            OriginEntry::Literal("https://a.b".into()),
            OriginEntry::Literal("https://*.b.c".into()),
            OriginEntry::Literal("http://a:*".into()),
            OriginEntry::Regex(r"https://[a-z]+\.d\.e".into()),
        ],
        route_methods: Some(vec!["PUT".into()]),
        allow_headers: vec!["x".into()],
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    for s in strings() {
        let value = HeaderInput::One(s.as_bytes());
        let request = CorsRequest {
            method: b"OPTIONS",
            origin: value,
            request_method: value,
            request_headers: &[s.as_bytes(), s.as_bytes()],
            request_private_network: value,
        };
        let _ = policy.decide(&request).response_headers(&policy);
        let _ = policy.decide(&CorsRequest { method: s.as_bytes(), ..request });
    }
}
