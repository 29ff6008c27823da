//! `*.` subdomain patterns: their parent domains in one hash table, and the walk from the end
//! of a request's `Origin` that looks them up.
//!
//! A `*.example.com` pattern covers a host whose last labels are `example.com`, after at least
//! one more. A table's keys are what follows the dot in front of a parent domain in an origin:
//! the parent, and `:port` when the pattern names one (`example.com`, `example.com:8443`),
//! each with the schemes it is written for. The origin is read once, from its end, eight bytes
//! at a time: its dots are found, and the part after each dot is hashed as the walk goes (one
//! multiplication, see [`SuffixHash`]). Only dots with as many labels after them as some
//! parent domain has are looked up (one or two, for most policies): one lookup each, however
//! many patterns the policy has. Only then are the scheme and the labels in front read and
//! checked (lowercase letters, digits, `-`, `_`, single dots: as browsers serialize a host).
//!
//! Measured with the `instructions` benchmark of `strict-cors-compare` (see `BENCHMARKS.md`), a
//! request from an origin under one of 1,000 patterns beside 1,000 exact origins costs ×1.27 an
//! exact origin's with a radix trie, ×1.094 with hash sets probed after a byte-at-a-time check
//! of the origin, ×1.076 with a table per scheme and port whose keys were hashed again at each
//! dot, and less this way.

use std::collections::HashMap;

use crate::bytes_map::{BytesMap, SuffixHash, low_bytes, word_at};

pub(super) struct Subdomains {
    /// What follows the dot in front of a parent domain (`example.com`, `example.com:8443`),
    /// with the schemes its patterns are written for: bit `n` for `schemes[n]`.
    parents: BytesMap<u64>,
    /// Bit `n` is set when some parent domain has `n` labels: every DNS name fits, since one of
    /// 253 characters has 127 labels at most.
    label_counts: u128,
    /// The schemes of the patterns: `https`, `http`, then others in the order written (64 at
    /// most are kept; more allow less).
    schemes: Vec<Box<[u8]>>,
}

impl Subdomains {
    /// The table of `patterns`: each a scheme, a parent domain and the port it names, if any.
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = (&'a str, &'a str, Option<u16>)>) -> Self {
        let mut subdomains = Subdomains {
            parents: BytesMap::default(),
            label_counts: 0,
            schemes: vec![Box::from(&b"https"[..]), Box::from(&b"http"[..])],
        };
        // Each key with its schemes, found by hash: a policy may have tens of thousands of
        // patterns, reloaded while the server runs.
        let mut parents: HashMap<String, u64> = HashMap::new();
        for (scheme, parent, port) in patterns {
            let labels = parent.split('.').count();
            if labels >= 128 {
                // Longer than any DNS name: no origin a browser sends is under it.
                continue;
            }
            let scheme_at = match subdomains.schemes.iter().position(|s| **s == *scheme.as_bytes()) {
                Some(at) => at,
                // No room in the mask: the scheme is left out, and so found for no origin.
                None if subdomains.schemes.len() == 64 => continue,
                None => {
                    subdomains.schemes.push(scheme.as_bytes().into());
                    subdomains.schemes.len() - 1
                }
            };
            subdomains.label_counts |= 1 << labels;
            let key = match port {
                Some(port) => format!("{parent}:{port}"),
                None => parent.to_owned(),
            };
            *parents.entry(key).or_default() |= 1 << scheme_at;
        }
        subdomains.parents = BytesMap::new(
            parents.into_iter().map(|(key, schemes)| (key.into_bytes().into(), schemes)).collect(),
        );
        subdomains
    }

    pub(super) fn is_empty(&self) -> bool {
        self.label_counts == 0
    }

    /// Whether a pattern covers `origin` (without its port, for `:*` patterns), read and checked
    /// as browsers serialize an origin: `scheme://host[:port]`, the host a lowercase DNS name.
    /// Anything else is covered by none.
    #[inline(never)] // Kept out of the exact-origin path, which it would slow.
    pub(super) fn covers(&self, origin: &[u8]) -> bool {
        let mut labels = 0u32;
        let mut covered = false;
        // From the last dot to the first: the part after each has one label more, and is looked
        // up at the label counts some parent domain has. Its bytes need no check (a key it equals
        // was checked when the policy was made); only the scheme and the labels in front of it
        // do, once a key is found. A dot in the scheme leaves a part with `://` in it, which no
        // key has.
        dots_from_end(origin, |dot, after| {
            labels += 1;
            if labels >= 128 {
                return true;
            }
            if self.label_counts & (1 << labels) == 0 {
                return false;
            }
            let Some(&schemes) = self.parents.get_hashed(after.hash(), &origin[dot + 1..]) else {
                return false;
            };
            let Some((at, host)) = self.scheme(origin) else { return true };
            if schemes & (1 << at) == 0 {
                // Another scheme's pattern: one with more labels may be this scheme's.
                return false;
            }
            // The first key found of the origin's scheme decides: a longer one would leave the
            // same labels in front, or some of them.
            covered = host <= dot && labels_in_front(origin, host, dot);
            true
        });
        covered
    }

    /// Where in `schemes` the scheme of `origin` is, and where its host starts, after
    /// `scheme://`. Nearly every origin is `https://` or `http://`: no search then.
    #[inline]
    fn scheme(&self, origin: &[u8]) -> Option<(usize, usize)> {
        if origin.starts_with(b"https://") {
            return Some((0, 8));
        }
        if origin.starts_with(b"http://") {
            return Some((1, 7));
        }
        let colon = origin.iter().position(|&b| b == b':')?;
        if colon == 0 || !origin[colon..].starts_with(b"://") {
            return None;
        }
        let at = self.schemes.iter().position(|s| **s == origin[..colon])?;
        Some((at, colon + 3))
    }
}

/// What follows a dot found walking from the end of a string: its hash, worked out when asked.
#[derive(Clone, Copy)]
struct After {
    /// The hash of the words read before the one the dot is in.
    words: SuffixHash,
    /// The word the dot is in.
    word: u64,
    /// Where in it the byte after the dot is.
    at: usize,
    /// How many bytes follow the dot.
    len: usize,
}

impl After {
    #[inline]
    fn hash(self) -> u64 {
        // The bytes in front of the whole words read: those of this word after the dot.
        let in_word = self.len % 8;
        let front = if in_word == 0 { 0 } else { (self.word >> (8 * self.at)) & low_bytes(in_word) };
        self.words.finish(front, self.len)
    }
}

// Origins are read eight bytes at a time, from the end, each word's bytes tested at once (SWAR).
// Hand-written because the `instructions` benchmark of `strict-cors-compare` shows it pays over
// a byte at a time (a table lookup and a branch each): a request from `https://app.example.com`
// under one of 1,000 patterns 427 -> about 400 instructions in the matcher, a decision under 10
// patterns 637 -> 597, a refused origin beside a pattern 620 -> 494 (see `BENCHMARKS.md`).

/// Calls `at_dot` with the position of each dot of `bytes`, from the last to the first, and what
/// follows it, until it returns `true`, and returns that dot's position. Other bytes are not
/// looked at.
fn dots_from_end(bytes: &[u8], mut at_dot: impl FnMut(usize, After) -> bool) -> Option<usize> {
    let (len, mut found) = (bytes.len(), None);
    let mut words = SuffixHash::default();
    words_from_end(bytes, |start, word, fresh| {
        let mut dots = gather(zero_bytes(word ^ (u64::from(b'.') * ONES))) & fresh;
        while dots != 0 {
            let bit = dots.ilog2();
            let dot = start + bit as usize;
            let after = After { words, word, at: dot + 1 - start, len: len - dot - 1 };
            if at_dot(dot, after) {
                found = Some(dot);
                return false;
            }
            dots &= !(1 << bit);
        }
        words.push(word);
        true
    });
    found
}

/// Whether `origin[host..dot]`, the labels in front of a parent domain, is a DNS name (see
/// [`is_dns_name`]). Most are a label or two of a few bytes, which a table settles byte by byte
/// for less than the word-wise test costs to set up: a request from `https://app.example.com`
/// under one of 1,000 patterns costs about 20 instructions fewer than with one word-wise test of
/// the eight bytes ending at `dot`; at eight bytes, both cost about the same.
fn labels_in_front(origin: &[u8], host: usize, dot: usize) -> bool {
    let front = &origin[host..dot];
    if front.len() > 8 {
        return is_dns_name(front);
    }
    // Whether the byte before is a dot (or the start: an empty first label).
    let mut after_dot = true;
    for &b in front {
        match HOST_BYTES[usize::from(b)] {
            LABEL => after_dot = false,
            DOT if !after_dot => after_dot = true,
            _ => return false,
        }
    }
    !after_dot
}

const LABEL: u8 = 1;
const DOT: u8 = 2;

/// What each byte is in a host: [`LABEL`], [`DOT`], or 0 (not allowed). The bytes
/// [`classify`] allows, one at a time; the tests hold both to the rule written plainly.
static HOST_BYTES: [u8; 256] = {
    let (mut table, mut b) = ([0; 256], 0u8);
    loop {
        table[b as usize] = match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => LABEL,
            b'.' => DOT,
            _ => 0,
        };
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

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

/// Calls `each` with the words of `bytes` from its end: where each starts, the word, and a mask
/// of its bytes not in a word given before (bit `i` for byte `i`), until it returns `false`. The
/// first word, when shorter than eight bytes, is read with bytes already given, or padded with
/// `a` (never a dot, always allowed).
fn words_from_end(bytes: &[u8], mut each: impl FnMut(usize, u64, u32) -> bool) {
    let len = bytes.len();
    let mut end = len;
    while end > 0 {
        let (start, word, fresh) = match end.checked_sub(8) {
            Some(start) => (start, word_at(bytes, start), 0xff),
            None if len >= 8 => (0, word_at(bytes, 0), (1 << end) - 1),
            None => (0, padded(bytes), (1 << end) - 1),
        };
        if !each(start, word, fresh) {
            return;
        }
        end = start;
    }
}

/// Fewer than eight bytes as a word, padded with `a`.
fn padded(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(LETTERS, |word, &b| (word << 8) | u64::from(b))
}

/// Eight `a`s: a byte always allowed in a host, never a dot, to fill a word with.
const LETTERS: u64 = u64::from_le_bytes([b'a'; 8]);

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

#[cfg(test)]
mod tests {
    use crate::bytes_map::hash;
    use crate::origin::OriginMatcher;

    fn patterns(entries: &[&str]) -> OriginMatcher {
        OriginMatcher::new(entries, &[])
    }

    fn covers(patterns: &OriginMatcher, origin: &str) -> bool {
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
        // A DNS name has up to 253 characters: a parent may have 125 one-letter labels.
        for labels in [63, 64, 100, 125] {
            let parent = format!("{}com", "d.".repeat(labels - 1));
            let p = patterns(&[&format!("https://*.{parent}")]);
            assert!(covers(&p, &format!("https://x.{parent}")), "{labels} labels");
            assert!(!covers(&p, &format!("https://{parent}")), "{labels} labels");
        }
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

    /// Schemes past the 64 a mask holds allow less, never more, and never panic.
    #[test]
    fn more_schemes_than_the_mask_holds() {
        let mut entries: Vec<String> = (0..70).map(|i| format!("s{i}x://*.d{i}.example.com")).collect();
        entries.push("https://*.example.com".to_owned());
        let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
        let p = patterns(&refs);
        assert!(covers(&p, "https://a.example.com"));
        assert!(covers(&p, "s3x://a.d3.example.com"));
        for i in 60..70 {
            assert!(!covers(&p, &format!("s{i}x://evil.example.com")), "{i}");
        }
    }

    /// `:*` covers the ports browsers send, and nothing a browser never writes.
    #[test]
    fn any_port_is_a_port_browsers_send() {
        let p = patterns(&["http://localhost:*", "https://*.example.com:*", "http://[::1]:*"]);
        for sent in [
            "http://localhost:1",
            "http://localhost:65535",
            "https://a.example.com:8443",
            "http://[::1]:3000",
        ] {
            assert!(covers(&p, sent), "{sent}");
        }
        for never in [
            "http://localhost:0",
            "http://localhost:080",
            "http://localhost:80",
            "http://localhost:65536",
            "http://localhost:123456",
            "https://a.example.com:443",
            "https://a.example.com:0443",
            "http://[::1]:80",
            "http://localhost:",
        ] {
            assert!(!covers(&p, never), "{never}");
        }
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
                super::dots_from_end(host, |dot, after| {
                    assert_eq!(after.hash(), hash(&host[dot + 1..]), "{host:?} after {dot}");
                    dots.push(dot);
                    false
                }),
                None
            );
            let plain_dots: Vec<usize> = (0..host.len()).rev().filter(|&i| host[i] == b'.').collect();
            assert_eq!(dots, plain_dots, "{host:?}");
            assert_eq!(super::is_dns_name(host), plainly(host), "{host:?}");
            // As the labels in front of a parent domain, after a scheme.
            let origin = [&b"https://"[..], host, b".example"].concat();
            assert_eq!(super::labels_in_front(&origin, 8, 8 + host.len()), plainly(host), "{host:?}");
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
        assert_eq!(super::dots_from_end(b"a.b.c.d.e.f.g.h.i", |dot, _| dot < 9), Some(7));
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
