//! `*.` subdomain and `:*` port patterns, by scheme and port, each kind in a hash set.
//!
//! A `*.example.com` pattern covers a host whose last labels are `example.com`, after at least
//! one more. Which of a host's suffixes to look up is known from the patterns: only those with
//! as many labels as some pattern's parent domain has (one or two, for most policies). So a
//! request costs one hash lookup per such label count, each of the host's length at most,
//! however many patterns the policy has. The radix trie walked from the host's end that this
//! replaced cost more: 849 against 703 instructions per decision for 10 patterns (the
//! `instructions` benchmark of `strict-cors-compare`), 169 against 34 ns for an origin under one
//! of 1,000 patterns beside 100,000 exact origins (its `tenants` benchmark, which also gained
//! from a faster origin hash).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use super::FxHasher;
use super::syntax::{Entry, Port, RequestOrigin};

type Set = HashSet<Box<[u8]>, BuildHasherDefault<FxHasher>>;

#[derive(Default)]
pub(super) struct Patterns {
    /// One per scheme and port that has patterns: a handful at most, searched in turn.
    roots: Vec<Root>,
}

struct Root {
    scheme: Box<[u8]>,
    /// Empty for the scheme's default port, `*` for `:*`.
    port: Box<[u8]>,
    /// Parent domains of `*.` patterns.
    parents: Set,
    /// Bit `n` is set when some parent domain has `n` labels. (A parent of 64 labels or more is
    /// left out: it allows less, never more; no such name is in use.)
    label_counts: u64,
    /// Hosts of `:*` patterns without `*.` (any port, this host exactly).
    hosts: Set,
}

impl Patterns {
    /// The sets of `patterns`. (The matcher keeps exact entries apart, in its own table.)
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = Entry<'a>>) -> Self {
        let mut set = Patterns::default();
        for entry in patterns {
            let port: Box<[u8]> = match entry.port {
                Port::Default => Box::default(),
                Port::Any => Box::from(&b"*"[..]),
                Port::Is(n) => n.to_string().into_bytes().into_boxed_slice(),
            };
            let scheme = entry.scheme.as_bytes();
            let index = match set.roots.iter().position(|r| *r.scheme == *scheme && r.port == port) {
                Some(index) => index,
                None => {
                    set.roots.push(Root {
                        scheme: scheme.into(),
                        port,
                        parents: Set::default(),
                        label_counts: 0,
                        hosts: Set::default(),
                    });
                    set.roots.len() - 1
                }
            };
            let root = &mut set.roots[index];
            let host: Box<[u8]> = entry.host.as_bytes().into();
            if entry.subdomains {
                let labels = entry.host.split('.').count();
                if labels < 64 {
                    root.label_counts |= 1 << labels;
                    root.parents.insert(host);
                }
            } else {
                root.hosts.insert(host);
            }
        }
        set
    }

    pub(super) fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Whether a pattern covers `origin`, whose host is well formed (no empty label).
    pub(super) fn matches(&self, origin: &RequestOrigin<'_>) -> bool {
        self.roots.iter().any(|root| {
            same(&root.scheme, origin.scheme)
                && (same(&root.port, origin.port) || &*root.port == b"*")
                && root.covers(origin)
        })
    }
}

impl Root {
    fn covers(&self, origin: &RequestOrigin<'_>) -> bool {
        let host = origin.host;
        if !self.hosts.is_empty() && self.hosts.contains(host) {
            return true;
        }
        // The host's suffix after its `n`-th dot from the right has `n` labels, and a label in
        // front of it. Splitting the origin noted where its last dots are; a parent with more
        // labels than that is looked for by reading the host.
        let highest = u64::BITS - 1 - self.label_counts.leading_zeros().min(u64::BITS - 1);
        for labels in 1..=highest {
            let dot = match origin.dots.nth_from_right(labels as usize) {
                Ok(Some(dot)) => dot,
                Ok(None) => return false,
                Err(()) => match nth_dot_from_right(host, labels as usize) {
                    Some(dot) => dot,
                    None => return false,
                },
            };
            if self.label_counts & (1 << labels) != 0 && dot > 0 && self.parents.contains(&host[dot + 1..]) {
                return true;
            }
        }
        false
    }
}

fn nth_dot_from_right(host: &[u8], n: usize) -> Option<usize> {
    host.iter().enumerate().rev().filter(|&(_, &b)| b == b'.').nth(n - 1).map(|(i, _)| i)
}

/// Byte equality of two short strings (a scheme, a port): compared in place, which for a few
/// bytes is cheaper than the call slice equality makes.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::Patterns;
    use crate::origin::syntax::{parse_entry, split_request_origin};

    fn patterns(entries: &[&str]) -> Patterns {
        Patterns::new(entries.iter().map(|e| parse_entry(e).expect("a valid entry")))
    }

    fn covers(patterns: &Patterns, origin: &str) -> bool {
        split_request_origin(origin.as_bytes()).is_some_and(|o| patterns.matches(&o))
    }

    #[test]
    fn subdomains_need_a_label_in_front() {
        let p = patterns(&["https://*.example.com", "https://*.a.b.example.org:8443", "http://localhost:*"]);
        assert!(covers(&p, "https://app.example.com"));
        assert!(covers(&p, "https://x.y.example.com"));
        assert!(!covers(&p, "https://example.com"));
        assert!(!covers(&p, "https://evilexample.com"));
        assert!(!covers(&p, "http://app.example.com"));
        assert!(!covers(&p, "https://app.example.com:8443"));
        assert!(covers(&p, "https://z.a.b.example.org:8443"));
        assert!(!covers(&p, "https://z.b.example.org:8443"));
        assert!(!covers(&p, "https://z.a.b.example.org"));
        assert!(covers(&p, "http://localhost:3000"));
        assert!(covers(&p, "http://localhost"));
        assert!(!covers(&p, "http://app.localhost:3000"));
    }

    #[test]
    fn parents_with_more_labels_than_the_dots_noted() {
        let p = patterns(&["https://*.a.b.c.d.example.com", "https://*.example.net"]);
        assert!(covers(&p, "https://x.a.b.c.d.example.com"));
        assert!(covers(&p, "https://y.x.a.b.c.d.example.com"));
        assert!(!covers(&p, "https://a.b.c.d.example.com"));
        assert!(!covers(&p, "https://x.b.c.d.example.com"));
        assert!(covers(&p, "https://1.2.3.4.5.6.example.net"));
    }

    #[test]
    fn any_port_subdomains() {
        let p = patterns(&["http://*.localhost:*"]);
        assert!(covers(&p, "http://app.localhost:8081"));
        assert!(covers(&p, "http://app.localhost"));
        assert!(!covers(&p, "http://localhost:8081"));
    }
}
