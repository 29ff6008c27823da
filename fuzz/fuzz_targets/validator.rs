//! The validator never panics, and what it accepts is sound: an exact origin allows itself, and
//! credentials never come with a wildcard.
#![no_main]

use arbitrary::Arbitrary;
use cors_runtime::__private::{OriginEntry, PolicyConfig};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    origins: Vec<(bool, String)>,
    methods: Option<Vec<String>>,
    route_methods: Option<Vec<String>>,
    allow_headers: Vec<String>,
    expose_headers: Vec<String>,
    credentials: bool,
    max_age: Option<i64>,
    private_network: bool,
    any_method: bool,
}

fuzz_target!(|input: Input| {
    let config = PolicyConfig {
        origins: input
            .origins
            .iter()
            .map(
                |(regex, s)| {
                    if *regex { OriginEntry::Regex(s.clone()) } else { OriginEntry::Literal(s.clone()) }
                },
            )
            .collect(),
        methods: input.methods,
        route_methods: input.route_methods,
        allow_headers: input.allow_headers,
        expose_headers: input.expose_headers,
        credentials: input.credentials,
        max_age: input.max_age,
        private_network: input.private_network,
        any_method: input.any_method,
    };
    let Ok(policy) = config.validate() else { return };
    if config.credentials {
        assert!(!policy.allows_any_origin());
        assert!(policy.allow_headers_value() != Some("*") && policy.expose_headers_value() != Some("*"));
        assert!(policy.allow_methods_value() != Some("*"));
    }
    for entry in &config.origins {
        if let OriginEntry::Literal(origin) = entry
            && !origin.contains('*')
        {
            assert!(policy.allows_origin(origin), "{origin:?} accepted but not allowed");
        }
    }
    assert!(config.max_age.is_none_or(|age| (0..=86_400).contains(&age)));
});
