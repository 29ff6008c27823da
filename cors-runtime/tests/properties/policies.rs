//! Generated policies, their plain reading (independent of the matcher under test), and the
//! origins to try against them: each allowed origin and the attacks built from it.

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::Policy;
use proptest::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Port {
    Default,
    Is(u16),
    Any,
}

/// A policy as data.
#[derive(Clone, Debug)]
pub(crate) struct Spec {
    any_origin: bool,
    exact: Vec<String>,
    /// (scheme, suffix, port) for `scheme://*.suffix[:port]`.
    subdomains: Vec<(&'static str, &'static str, Port)>,
    pub(crate) credentials: bool,
    pub(crate) methods: Vec<&'static str>,
    any_header: bool,
    headers: Vec<&'static str>,
}

const HOSTS: [&str; 5] = ["app.example.com", "example.com", "api.example.org", "localhost", "127.0.0.1"];
const SUFFIXES: [&str; 3] = ["example.com", "example.org", "example.co.uk"];
const PORTS: [u16; 2] = [3000, 8443];

fn render(scheme: &str, host: &str, port: &Port) -> String {
    match port {
        Port::Default => format!("{scheme}://{host}"),
        Port::Is(p) => format!("{scheme}://{host}:{p}"),
        Port::Any => format!("{scheme}://{host}:*"),
    }
}

fn port() -> impl Strategy<Value = Port> {
    prop_oneof![Just(Port::Default), prop::sample::select(&PORTS[..]).prop_map(Port::Is), Just(Port::Any)]
}

fn loopback(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1"
}

pub(crate) fn spec() -> impl Strategy<Value = Spec> {
    let exact = prop::collection::vec(
        (prop::sample::select(&["https", "http"][..]), prop::sample::select(&HOSTS[..]), port()),
        0..3,
    );
    let subdomains = prop::collection::vec(
        (prop::sample::select(&["https", "http"][..]), prop::sample::select(&SUFFIXES[..]), port()),
        0..3,
    );
    let methods = prop::sample::subsequence(&["GET", "PUT", "DELETE", "PATCH"][..], 1..4);
    let headers =
        prop::sample::subsequence(&["x-trace", "x-request-id", "authorization", "content-type"][..], 0..4);
    (any::<bool>(), exact, subdomains, any::<bool>(), methods, any::<bool>(), headers, 0..10u8).prop_map(
        |(credentials, exact, subdomains, any_header, methods, header_star, headers, star)| {
            let any_origin = star == 0 && !credentials;
            let keep = |scheme: &str, host: &str| !credentials || scheme == "https" || loopback(host);
            let mut exact: Vec<String> = exact
                .into_iter()
                .filter(|(scheme, host, _)| keep(scheme, host))
                .map(|(scheme, host, port)| render(scheme, host, &port))
                .collect();
            exact.sort();
            exact.dedup();
            let mut subdomains: Vec<_> =
                subdomains.into_iter().filter(|(scheme, _, _)| keep(scheme, "")).collect();
            subdomains.dedup();
            if !any_origin && exact.is_empty() && subdomains.is_empty() {
                exact.push("https://app.example.com".to_owned());
            }
            Spec {
                any_origin,
                exact: if any_origin { vec![] } else { exact },
                subdomains: if any_origin { vec![] } else { subdomains },
                credentials,
                methods,
                any_header: any_header && header_star && !credentials,
                headers,
            }
        },
    )
}

impl Spec {
    pub(crate) fn policy(&self) -> Policy {
        let mut origins: Vec<OriginEntry> = self.exact.iter().cloned().map(OriginEntry::Literal).collect();
        origins.extend(
            self.subdomains
                .iter()
                .map(|(s, suffix, port)| OriginEntry::Literal(render(s, &format!("*.{suffix}"), port))),
        );
        if self.any_origin {
            origins = vec![OriginEntry::Literal("*".to_owned())];
        }
        let config = PolicyConfig {
            origins,
            methods: Some(self.methods.iter().map(|m| (*m).to_owned()).collect()),
            // Beside `*`, the one name worth listing: `authorization`, which `*` never covers.
            allow_headers: if self.any_header {
                let authorization = self.headers.contains(&"authorization").then_some("authorization");
                ["*"].into_iter().chain(authorization).map(str::to_owned).collect()
            } else {
                self.headers.iter().map(|h| (*h).to_owned()).collect()
            },
            credentials: self.credentials,
            ..PolicyConfig::default()
        };
        config.validate().unwrap_or_else(|e| panic!("the generator made an invalid policy {self:?}: {e}"))
    }

    /// The policy read plainly: does it let `origin` read responses?
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        if self.any_origin {
            return true;
        }
        if self.exact.iter().any(|e| !e.ends_with(":*") && e == origin) {
            return true;
        }
        let any_port = self.exact.iter().filter_map(|e| e.strip_suffix(":*"));
        for base in any_port {
            if origin == base
                || origin.strip_prefix(base).and_then(|r| r.strip_prefix(':')).is_some_and(digits)
            {
                return true;
            }
        }
        self.subdomains.iter().any(|(scheme, suffix, port)| {
            let Some(rest) = origin.strip_prefix(scheme).and_then(|r| r.strip_prefix("://")) else {
                return false;
            };
            let host = match port {
                Port::Default => (!rest.contains(':')).then_some(rest),
                Port::Is(p) => rest.strip_suffix(&format!(":{p}")),
                Port::Any => match rest.split_once(':') {
                    Some((host, p)) => digits(p).then_some(host),
                    None => Some(rest),
                },
            };
            host.and_then(|h| h.strip_suffix(suffix)).and_then(|h| h.strip_suffix('.')).is_some_and(labels)
        })
    }

    pub(crate) fn allows_header(&self, name: &str) -> bool {
        if self.any_header && name != "authorization" {
            return true;
        }
        self.headers.contains(&name)
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn labels(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|l| {
            !l.is_empty() && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Origins to try: every allowed one, and attacks built from each.
pub(crate) fn origin_candidates(spec: &Spec) -> Vec<String> {
    let mut out = vec![
        "null".to_owned(),
        String::new(),
        "https://evil.example.net".to_owned(),
        "http://localhost".to_owned(),
        "https://app.example.com".to_owned(),
    ];
    let mut bases: Vec<String> = spec.exact.iter().map(|e| e.trim_end_matches(":*").to_owned()).collect();
    for (scheme, suffix, port) in &spec.subdomains {
        let port = match port {
            Port::Is(p) => format!(":{p}"),
            Port::Any => ":1234".to_owned(),
            Port::Default => String::new(),
        };
        bases.push(format!("{scheme}://a.{suffix}{port}"));
        bases.push(format!("{scheme}://x.y.{suffix}{port}"));
        bases.push(format!("{scheme}://{suffix}{port}"));
        bases.push(format!("{scheme}://evil{suffix}{port}"));
        bases.push(format!("{scheme}://a.{suffix}.evil.net{port}"));
    }
    for base in bases {
        let swapped = if base.starts_with("https://") {
            base.replacen("https://", "http://", 1)
        } else {
            base.replacen("http://", "https://", 1)
        };
        let (host_part, rest) = base.split_once("://").map_or(("", ""), |(s, r)| (s, r));
        out.extend([
            format!("{base}.evil.net"),
            format!("{host_part}://evil.{rest}"),
            format!("{host_part}://evil{rest}"),
            swapped,
            format!("{base}:444"),
            format!("{base}/"),
            base.to_uppercase(),
            format!(" {base}"),
            format!("{base}:"),
            base.clone(),
        ]);
    }
    out
}
