//! `*.` subdomain and `:*` port patterns, by scheme and port, each kind in a hash table keyed
//! by host; and the reading of a request's `Origin` they are matched against.
//!
//! A `*.example.com` pattern covers a host whose last labels are `example.com`, after at least
//! one more. The host is read once, from its end, eight bytes at a time: each byte checked
//! (lowercase letters, digits, `-`, `_`, single dots: as browsers serialize a host) and its dots
//! found. Only dots with as many labels after them as some pattern's parent domain has are
//! looked up (one or two, for most policies): one lookup each, however many patterns the policy
//! has. Measured with the `instructions` benchmark of `strict-cors-compare` (see
//! `BENCHMARKS.md`), a request from an origin under one of 1,000 patterns costs ×1.27 an exact
//! origin's with a radix trie, ×1.094 with hash sets probed after a byte-at-a-time check of the
//! origin, ×1.086 reading it a byte at a time from its end with a hand-written table keyed by
//! suffix hashes, and less this way.

use super::syntax::{Entry, Port};
use crate::bytes_map::BytesMap;

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
    parents: BytesMap<()>,
    /// Bit `n` is set when some parent domain has `n` labels. (A parent of 64 labels or more is
    /// left out: it allows less, never more; no such name is in use.)
    label_counts: u64,
    /// Hosts of `:*` patterns without `*.` (any port, this host exactly).
    hosts: BytesMap<()>,
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
                parents: set(&g.parents),
                label_counts: g.label_counts,
                hosts: set(&g.hosts),
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
            return ipv6_allowed(host) && any.is_some_and(|r| r.hosts.get(host).is_some());
        }
        let wanted = own.map_or(0, |r| r.label_counts) | any.map_or(0, |r| r.label_counts);
        if wanted != 0 {
            // From the last dot to the first: the part after each has one label more, and is
            // looked up at the label counts some parent domain has. Its bytes need no check (a
            // parent it equals was checked when the policy was made); only the labels in front
            // of it do, once a parent is found, and the first one found decides (a longer one
            // would leave the same bytes in front, or some of them).
            let mut labels = 0u32;
            let parent_at = dots_from_end(host, |dot| {
                labels += 1;
                if labels >= 64 || wanted & (1 << labels) == 0 {
                    return false;
                }
                let (suffix, bit) = (&host[dot + 1..], 1 << labels);
                let under = |r: &Root| r.label_counts & bit != 0 && r.parents.get(suffix).is_some();
                own.is_some_and(under) || any.is_some_and(under)
            });
            if let Some(dot) = parent_at {
                return is_dns_name(&host[..dot]);
            }
        }
        // A `:*` host is equal to one checked when the policy was made, or to none.
        let named = |r: &Root| r.hosts.get(host).is_some();
        own.is_some_and(named) || any.is_some_and(named)
    }
}

// Hosts are read eight bytes at a time, from the end, each word's bytes tested at once (SWAR).
// Hand-written because the `instructions` benchmark of `strict-cors-compare` shows it pays over
// a byte at a time (a table lookup and a branch each): a request from `https://app.example.com`
// under one of 1,000 patterns 427 -> about 400 instructions in the matcher, a decision under 10
// patterns 637 -> 597, a refused origin beside a pattern 620 -> 494 (see `BENCHMARKS.md`).

/// Calls `at_dot` with the position of each dot of `host`, from the last to the first, until it
/// returns `true`, and returns that dot's position. Other bytes are not looked at.
fn dots_from_end(host: &[u8], mut at_dot: impl FnMut(usize) -> bool) -> Option<usize> {
    let mut found = None;
    words_from_end(host, |start, word, fresh| {
        let mut dots = gather(zero_bytes(word ^ (u64::from(b'.') * ONES))) & fresh;
        while dots != 0 {
            let bit = dots.ilog2();
            let dot = start + bit as usize;
            if at_dot(dot) {
                found = Some(dot);
                return false;
            }
            dots &= !(1 << bit);
        }
        true
    });
    found
}

/// Whether `host` is a DNS name as browsers serialize one: lowercase letters, digits, `-`, `_`,
/// labels separated by single dots, none empty.
fn is_dns_name(host: &[u8]) -> bool {
    if host.first().is_none_or(|&b| b == b'.') || host.last() == Some(&b'.') {
        return false;
    }
    // The dot (or end) after the label being read.
    let (mut after, mut valid) = (host.len(), true);
    words_from_end(host, |start, word, fresh| {
        let Some(dots) = classify(word) else {
            valid = false;
            return false;
        };
        let mut dots = dots & fresh;
        while dots != 0 {
            let bit = dots.ilog2();
            let dot = start + bit as usize;
            if after - dot == 1 {
                valid = false; // two dots in a row
                return false;
            }
            after = dot;
            dots &= !(1 << bit);
        }
        true
    });
    valid
}

/// Calls `each` with the words of `host` from its end: where each starts, the word, and a mask
/// of its bytes not in a word given before (bit `i` for byte `i`), until it returns `false`. The
/// first word, when shorter than eight bytes, is read with bytes already given, or padded with
/// `a` (never a dot, always allowed).
fn words_from_end(host: &[u8], mut each: impl FnMut(usize, u64, u32) -> bool) {
    let len = host.len();
    let mut end = len;
    while end > 0 {
        let (start, word, fresh) = match end.checked_sub(8) {
            Some(start) => (start, word_at(host, start), 0xff),
            None if len >= 8 => (0, word_at(host, 0), (1 << end) - 1),
            None => (0, padded(host), (1 << end) - 1),
        };
        if !each(start, word, fresh) {
            return;
        }
        end = start;
    }
}

/// The eight bytes of `host` from `start` (which has eight from there), as a little-endian word.
fn word_at(host: &[u8], start: usize) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&host[start..start + 8]);
    u64::from_le_bytes(bytes)
}

/// A host shorter than eight bytes as a word, padded with `a` (a valid byte, never a dot).
fn padded(host: &[u8]) -> u64 {
    host.iter().rev().fold(u64::from_le_bytes([b'a'; 8]), |word, &b| (word << 8) | u64::from(b))
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (all below `0x80`) that lies in `lo..=hi`: `x + 0x80 -
/// lo` reaches the high bit when `x >= lo`, `x + 0x7f - hi` when `x > hi`, and neither carries
/// into the next byte.
fn in_range(word: u64, lo: u8, hi: u8) -> u64 {
    let at_least = word + u64::from(0x80 - lo) * ONES;
    let above = word + u64::from(0x7f - hi) * ONES;
    at_least & !above & HIGH
}

/// Whether every byte of `word` may be in a host (a label byte or a dot), and if so a mask of
/// its dots, bit `i` for byte `i`.
fn classify(word: u64) -> Option<u32> {
    if word & HIGH != 0 {
        return None;
    }
    let allowed = in_range(word, b'a', b'z')
        | in_range(word, b'0', b'9')
        | in_range(word, b'-', b'.')
        | in_range(word, b'_', b'_');
    if allowed != HIGH {
        return None;
    }
    Some(gather(in_range(word, b'.', b'.')))
}

/// One bit per byte of a mask of high bits, bit `i` for byte `i`: gathered into the top byte by
/// one multiplication (byte `i`'s lands on bit `56 + i`).
fn gather(high_bits: u64) -> u32 {
    #[allow(clippy::cast_possible_truncation)] // eight bits
    let bits = ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    bits
}

/// The high bit of each byte of `word` that is zero, whatever the others hold.
fn zero_bytes(word: u64) -> u64 {
    const LOW: u64 = !HIGH;
    !(((word & LOW) + LOW) | word | LOW)
}

/// The set of `hosts`.
fn set(hosts: &[&str]) -> BytesMap<()> {
    BytesMap::new(hosts.iter().map(|h| (h.as_bytes().into(), ())).collect())
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

/// Byte equality of two short strings (a scheme, a port): compared in place, which for a few
/// bytes is cheaper than the call slice equality makes.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
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
        // A dot with its high bit set is no dot.
        assert!(!p.matches(b"https://app\xaeexample.com"));
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

    /// The word-at-a-time reading against the rule written plainly, for hosts of every length up
    /// to 40 around the word boundaries, built from every kind of byte at every position: dots
    /// are found wherever they are, and a host is a DNS name exactly when it is one.
    #[test]
    fn hosts_are_read_eight_bytes_at_a_time_as_one_at_a_time() {
        fn plainly(host: &[u8]) -> bool {
            let label_byte =
                |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_');
            host.split(|&b| b == b'.').all(|label| !label.is_empty() && label.iter().all(label_byte))
        }
        let check = |host: &[u8]| {
            let mut dots = Vec::new();
            assert_eq!(
                super::dots_from_end(host, |dot| {
                    dots.push(dot);
                    false
                }),
                None
            );
            let plain_dots: Vec<usize> = (0..host.len()).rev().filter(|&i| host[i] == b'.').collect();
            assert_eq!(dots, plain_dots, "{host:?}");
            assert_eq!(super::is_dns_name(host), plainly(host), "{host:?}");
        };
        // Bytes at the edges of each range the word test uses, some far from them, and a dot with
        // its high bit set (`0xae`).
        let odd: Vec<u8> =
            [0, b' ', b',', b'-', b'.', b'/', b'0', b'9', b':', b'@', b'A', b'Z', b'[', b'^', b'_', b'`']
                .into_iter()
                .chain([b'a', b'z', b'{', b'~', 0x7f, 0x80, 0xae, 0xc3, 0xff])
                .collect();
        for len in 0..40 {
            let base: Vec<u8> = (0..len)
                .map(|i| if i % 4 == 3 { b'.' } else { b"abcdefghijklmnopqrstuvwxyz"[i % 26] })
                .collect();
            check(&base);
            for at in 0..len {
                for &b in &odd {
                    let mut host = base.clone();
                    host[at] = b;
                    check(&host);
                }
            }
        }
        // The first dot `at_dot` accepts is the one returned.
        assert_eq!(super::dots_from_end(b"a.b.c.d.e.f.g.h.i", |dot| dot < 9), Some(7));
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
