//! The origin matcher agrees with a plain reading of each entry, on any bytes.
#![no_main]

use std::sync::LazyLock;

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{Decision, HeaderInput, Policy};
use libfuzzer_sys::fuzz_target;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    let lit = |s: &str| OriginEntry::Literal(s.to_owned());
    PolicyConfig {
        origins: vec![
            lit("https://app.example.com"),
            lit("http://localhost:3000"),
            lit("https://*.example.org"),
            lit("http://localhost:*"),
            lit("https://*.dev.example.net:*"),
            OriginEntry::Regex(r"https://pr-[0-9]+\.preview\.example\.com".to_owned()),
        ],
        ..PolicyConfig::default()
    }
    .validate()
    .expect("a valid policy")
});

static REGEX: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^https://pr-[0-9]+\.preview\.example\.com$").expect("valid"));

/// A DNS-style host as browsers send it: lowercase labels, none empty.
fn host_ok(host: &str) -> bool {
    !host.is_empty()
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
}

fn under(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).and_then(|sub| sub.strip_suffix('.')).is_some_and(host_ok) && host_ok(host)
}

fn digits(port: &str) -> bool {
    !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
}

fn reference(origin: &str) -> bool {
    if origin.len() > cors_runtime::MAX_ORIGIN_LEN {
        return false;
    }
    if origin == "https://app.example.com" || origin == "http://localhost:3000" || REGEX.is_match(origin) {
        return true;
    }
    if let Some(host) = origin.strip_prefix("https://") {
        let (host_only, port) = host.split_once(':').unwrap_or((host, ""));
        if port.is_empty() && !host.contains(':') && under(host, "example.org") {
            return true;
        }
        if (port.is_empty() && !host.contains(':') || digits(port)) && under(host_only, "dev.example.net") {
            return true;
        }
    }
    if let Some(rest) = origin.strip_prefix("http://localhost") {
        return rest.is_empty() || rest.strip_prefix(':').is_some_and(digits);
    }
    false
}

fuzz_target!(|data: &[u8]| {
    let ours = POLICY.decide_actual(HeaderInput::One(data)) == Decision::ActualAllowed;
    let expected = std::str::from_utf8(data).is_ok_and(reference);
    assert_eq!(ours, expected, "origin {:?}", String::from_utf8_lossy(data));
});
