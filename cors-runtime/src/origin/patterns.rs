//! `*.` subdomain and `:*` port patterns, by scheme and port, each kind in a hash table keyed
//! by host; and the reading of a request's `Origin` they are matched against.
//!
//! A `*.example.com` pattern covers a host whose last labels are `example.com`, after at least
//! one more. The host is read once, from its end: each byte checked (lowercase letters, digits,
//! `-`, `_`, single dots: as browsers serialize a host) and folded into a hash of the suffix read
//! so far, so that at each dot the hash of the part after it is at hand. Only dots with as many
//! labels after them as some pattern's parent domain has are looked up (one or two, for most
//! policies): one probe each, however many patterns the policy has.
//!
//! The tables are hand-written open addressing rather than `HashSet`s because the hash has to
//! be built from the host's end as it is read, which a `HashSet`'s hasher cannot do. Measured
//! with the `instructions` benchmark of `strict-cors-compare` (see `BENCHMARKS.md`), a request
//! from an origin under one of 1,000 patterns costs ×1.27 an exact origin's with a radix trie,
//! ×1.094 with hash sets probed after a separate check of the origin, and less read this way.

use super::syntax::{Entry, Port};

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
    parents: Table,
    /// Bit `n` is set when some parent domain has `n` labels. (A parent of 64 labels or more is
    /// left out: it allows less, never more; no such name is in use.)
    label_counts: u64,
    /// Hosts of `:*` patterns without `*.` (any port, this host exactly).
    hosts: Table,
}

impl Patterns {
    /// The tables of `patterns`. (The matcher keeps exact entries apart, in its own table.)
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = Entry<'a>>) -> Self {
        /// A root's entries as they are gathered.
        struct Gathered<'a> {
            scheme: Box<[u8]>,
            port: Box<[u8]>,
            parents: Vec<&'a str>,
            label_counts: u64,
            hosts: Vec<&'a str>,
        }
        let mut gathered: Vec<Gathered<'a>> = Vec::new();
        for entry in patterns {
            let port: Box<[u8]> = match entry.port {
                Port::Default => Box::default(),
                Port::Any => Box::from(&b"*"[..]),
                Port::Is(n) => n.to_string().into_bytes().into_boxed_slice(),
            };
            let scheme = entry.scheme.as_bytes();
            let index = match gathered.iter().position(|r| *r.scheme == *scheme && r.port == port) {
                Some(index) => index,
                None => {
                    gathered.push(Gathered {
                        scheme: scheme.into(),
                        port,
                        parents: Vec::new(),
                        label_counts: 0,
                        hosts: Vec::new(),
                    });
                    gathered.len() - 1
                }
            };
            let root = &mut gathered[index];
            if entry.subdomains {
                let labels = entry.host.split('.').count();
                if labels < 64 {
                    root.label_counts |= 1 << labels;
                    root.parents.push(entry.host);
                }
            } else {
                root.hosts.push(entry.host);
            }
        }
        let roots = gathered
            .into_iter()
            .map(|g| Root {
                scheme: g.scheme,
                port: g.port,
                parents: Table::new(&g.parents),
                label_counts: g.label_counts,
                hosts: Table::new(&g.hosts),
            })
            .collect();
        Patterns { roots }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Whether a pattern covers `origin`, read and checked as browsers serialize an origin:
    /// `scheme://host[:port]`, the host a lowercase DNS name or a bracketed IPv6 address.
    /// Anything else matches nothing.
    pub(super) fn matches(&self, origin: &[u8]) -> bool {
        let Some((scheme, rest)) = split_scheme(origin) else { return false };
        let (host, port) = split_port(rest);
        // Two roots at most apply: the origin's own port, and `:*`.
        let (mut own, mut any) = (None, None);
        for root in self.roots.iter().filter(|r| same(&r.scheme, scheme)) {
            if same(&root.port, port) {
                own = Some(root);
            } else if &*root.port == b"*" {
                any = Some(root);
            }
        }
        if host.first() == Some(&b'[') {
            // An IPv6 address: only `:*` patterns name one, exactly.
            let h = hash(host);
            return ipv6_allowed(host) && any.is_some_and(|r| r.hosts.contains(h, host));
        }
        let wanted = own.map_or(0, |r| r.label_counts) | any.map_or(0, |r| r.label_counts);
        // Read from the end, one label at a time; the hash covers `host[i..]`.
        let mut under_pattern = false;
        let (mut i, mut h, mut labels) = (host.len(), SEED, 0u32);
        loop {
            let label_end = i;
            while i > 0 && LABEL_BYTE[usize::from(host[i - 1])] {
                i -= 1;
                h = step(h, host[i]);
            }
            if i == label_end {
                return false; // an empty label: a leading, trailing or doubled dot, or no host
            }
            match i.checked_sub(1).map(|dot| host[dot]) {
                None => break,
                Some(b'.') => {
                    labels += 1;
                    if !under_pattern && labels < 64 && wanted & (1 << labels) != 0 {
                        let (suffix, bit) = (&host[i..], 1 << labels);
                        let under = |r: &Root| r.label_counts & bit != 0 && r.parents.contains(h, suffix);
                        under_pattern = own.is_some_and(under) || any.is_some_and(under);
                    }
                    i -= 1;
                    h = step(h, b'.');
                }
                Some(_) => return false,
            }
        }
        let named = |r: &Root| r.hosts.contains(h, host);
        under_pattern || own.is_some_and(named) || any.is_some_and(named)
    }
}

/// `scheme` and what follows `scheme://`. Nearly every origin is `https://` or `http://`: no
/// search for the scheme's end then.
fn split_scheme(origin: &[u8]) -> Option<(&[u8], &[u8])> {
    if let Some(rest) = origin.strip_prefix(b"https://") {
        return Some((&origin[..5], rest));
    }
    if let Some(rest) = origin.strip_prefix(b"http://") {
        return Some((&origin[..4], rest));
    }
    let colon = origin.iter().position(|&b| b == b':')?;
    let rest = origin[colon..].strip_prefix(b"://")?;
    (colon > 0).then(|| (&origin[..colon], rest))
}

/// The host and the port's digits (empty when the origin has none). A port is one or more
/// digits after the last `:`; anything else after a `:` is left in the host, which then fails
/// its check.
fn split_port(authority: &[u8]) -> (&[u8], &[u8]) {
    let digits = authority.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    match authority.len().checked_sub(digits + 1) {
        Some(colon) if digits > 0 && authority[colon] == b':' => {
            (&authority[..colon], &authority[colon + 1..])
        }
        _ => (authority, &[]),
    }
}

/// `[` lowercase hex digits, `:` and `.` `]`, never two dots in a row: as browsers serialize
/// an IPv6 address (a pattern's own address was checked fully when it was written).
fn ipv6_allowed(host: &[u8]) -> bool {
    let Some(inner) = host.strip_prefix(b"[").and_then(|h| h.strip_suffix(b"]")) else { return false };
    inner.iter().all(|&b| (b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) || matches!(b, b':' | b'.'))
        && !inner.windows(2).any(|w| w == b"..")
}

/// The bytes of a host name's labels as browsers serialize them: lowercase letters, digits,
/// `-`, `_`.
const LABEL_BYTE: [bool; 256] =
    crate::token::byte_table!(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'));

/// Byte equality of two short strings (a scheme, a port): compared in place, which for a few
/// bytes is cheaper than the call slice equality makes.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const K: u64 = 0xf135_7aea_2e62_a9c5;

/// One byte more of a hash built from a string's end: [`hash`] of `s` is the fold of `step`
/// over `s`'s bytes from last to first.
fn step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(K)
}

fn hash(s: &[u8]) -> u64 {
    s.iter().rev().fold(SEED, |h, &b| step(h, b))
}

/// A set of strings, open addressing with linear probing, at most half full, keyed by [`hash`].
/// Fixed once built,
/// by the policy: a request can only probe it. Its worst probe sequence is bounded by the
/// number of entries.
struct Table {
    /// Each entry's hash and bytes; an empty slot has no bytes (no entry is empty).
    slots: Box<[(u64, Box<[u8]>)]>,
    mask: usize,
}

impl Table {
    fn new(entries: &[&str]) -> Table {
        let size = (entries.len() * 2).next_power_of_two().max(1);
        let mut slots: Box<[(u64, Box<[u8]>)]> = (0..size).map(|_| (0, Box::default())).collect();
        let mask = size - 1;
        for entry in entries.iter().map(|e| e.as_bytes()).filter(|e| !e.is_empty()) {
            let h = hash(entry);
            let mut i = slot(h, mask);
            while !slots[i].1.is_empty() && *slots[i].1 != *entry {
                i = (i + 1) & mask;
            }
            slots[i] = (h, entry.into());
        }
        Table { slots, mask }
    }

    /// Whether `key`, whose [`hash`] is `h`, is in the set.
    fn contains(&self, h: u64, key: &[u8]) -> bool {
        let mut i = slot(h, self.mask);
        loop {
            let (stored, bytes) = &self.slots[i];
            if bytes.is_empty() {
                return false;
            }
            if *stored == h && **bytes == *key {
                return true;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The slot a hash starts its probe at: the high half of the hash times the golden ratio
/// (Fibonacci hashing), whose bits are all well mixed; the hash's own low bits cluster.
fn slot(h: u64, mask: usize) -> usize {
    #[allow(clippy::cast_possible_truncation)] // the high 32 bits, masked to the table's size
    let index = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize;
    index & mask
}

#[cfg(test)]
mod tests {
    use super::Patterns;
    use crate::origin::syntax::parse_entry;

    fn patterns(entries: &[&str]) -> Patterns {
        Patterns::new(entries.iter().map(|e| parse_entry(e).expect("a valid entry")))
    }

    fn covers(patterns: &Patterns, origin: &str) -> bool {
        patterns.matches(origin.as_bytes())
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
    fn hosts_are_read_as_browsers_serialize_them() {
        let p = patterns(&["https://*.example.com", "http://[::1]:*"]);
        for bad in [
            "https://App.example.com",
            "https://a..example.com",
            "https://.example.com",
            "https://a.example.com.",
            "https://a b.example.com",
            "https://a.example.com:",
            "https://a.example.com:x1",
            "https://user@a.example.com",
            "https://a.example.com/",
            "https:/a.example.com",
            "://a.example.com",
            "https://a.example.com:443:443",
            "",
            "https",
            "https:",
            "https://",
            "https://[::1]x",
            "http://[::1]x:80",
            "http://[a]b]:80",
            "http://[::1:80",
        ] {
            assert!(!covers(&p, bad), "{bad}");
        }
        assert!(covers(&p, "http://[::1]:8080"));
        assert!(covers(&p, "http://[::1]"));
        assert!(!covers(&p, "http://[::2]:8080"));
        assert!(!covers(&p, "http://[::1"));
    }

    #[test]
    fn parents_with_many_labels() {
        let p = patterns(&["https://*.a.b.c.d.example.com", "https://*.example.net"]);
        assert!(covers(&p, "https://x.a.b.c.d.example.com"));
        assert!(covers(&p, "https://y.x.a.b.c.d.example.com"));
        assert!(!covers(&p, "https://a.b.c.d.example.com"));
        assert!(!covers(&p, "https://x.b.c.d.example.com"));
        assert!(covers(&p, "https://1.2.3.4.5.6.example.net"));
    }

    #[test]
    fn parents_of_many_lengths() {
        let entries = [
            "https://*.a.x",
            "https://*.a.b.x",
            "https://*.a.b.c.x",
            "https://*.a.b.c.d.x",
            "https://*.q.a.b.c.d.e.x",
        ];
        let p = patterns(&entries);
        assert!(covers(&p, "https://z.q.a.b.c.d.e.x"), "the sixth dot from the end");
        assert!(!covers(&p, "https://z.r.a.b.c.d.e.x"));
        assert!(covers(&p, "https://z.a.b.c.d.x"));
    }

    #[test]
    fn any_port_subdomains() {
        let p = patterns(&["http://*.localhost:*"]);
        assert!(covers(&p, "http://app.localhost:8081"));
        assert!(covers(&p, "http://app.localhost"));
        assert!(!covers(&p, "http://localhost:8081"));
    }

    #[test]
    fn many_parents_in_one_table() {
        let entries: Vec<String> = (0..5000).map(|i| format!("https://*.tenant{i}.example")).collect();
        let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
        let p = patterns(&refs);
        for i in (0..5000).step_by(97) {
            assert!(covers(&p, &format!("https://shop.tenant{i}.example")));
            assert!(!covers(&p, &format!("https://shop.tenant{}.example", i + 5000)));
        }
    }
}
