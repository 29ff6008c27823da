//! Origin matching: exact origins by hash, `*.` and `:*` patterns by hashed suffixes, and every
//! regex of a policy in one `RegexSet` pass.

pub(crate) mod anchor;
mod patterns;
pub(crate) mod syntax;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use regex::RegexSet;

use self::patterns::Patterns;
use self::syntax::parse_entry;

/// The longest `Origin` value looked at: the longest host DNS allows plus scheme and port,
/// with room to spare. Anything longer is simply not allowed.
pub const MAX_ORIGIN_LEN: usize = 512;

pub(crate) struct OriginMatcher {
    exact: Exact,
    patterns: Patterns,
    regexes: Option<RegexSet>,
}

impl OriginMatcher {
    /// Builds the tables from validated entries. An entry that does not parse (impossible after
    /// validation) is left out, which allows less, never more.
    pub(crate) fn new<S: AsRef<str>>(literals: &[S], regexes: &[S]) -> Self {
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        for (index, literal) in literals.iter().map(AsRef::as_ref).enumerate() {
            let Ok(entry) = parse_entry(literal) else { continue };
            if entry.is_exact() {
                let origin = format_exact(&entry).into_boxed_slice();
                // Validation makes them equal; were they not, the request's copy is sent.
                let found = if *origin == *literal.as_bytes() { Found::Exact(index) } else { Found::Other };
                exact.push((origin, found));
            } else {
                patterns.push(entry);
            }
        }
        let regexes = (!regexes.is_empty())
            .then(|| {
                RegexSet::new(regexes.iter().filter_map(|r| self::anchor::anchored_pattern(r.as_ref()))).ok()
            })
            .flatten();
        OriginMatcher { exact: Exact::new(exact), patterns: Patterns::new(patterns), regexes }
    }

    /// Whether `origin` is allowed.
    pub(crate) fn matches(&self, origin: &[u8]) -> bool {
        self.find(origin).is_some()
    }

    /// How `origin` is allowed, if it is. Work is bounded by [`MAX_ORIGIN_LEN`], whatever the
    /// number of entries: one lookup, a few for patterns, one regex-set pass.
    pub(crate) fn find(&self, origin: &[u8]) -> Option<Found> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        // Exact entries are validated origins: a hit needs no further check.
        if let Some(found) = self.exact.find(origin) {
            return Some(found);
        }
        // Patterns check the origin's syntax as they read it: a malformed one matches none.
        if !self.patterns.is_empty() && self.patterns.matches(origin) {
            return Some(Found::Other);
        }
        // Regexes see visible ASCII only, which is UTF-8.
        let by_regex = self.regexes.as_ref().is_some_and(|set| {
            origin.iter().all(u8::is_ascii_graphic)
                && std::str::from_utf8(origin).is_ok_and(|o| set.is_match(o))
        });
        by_regex.then_some(Found::Other)
    }
}

/// How an allowed origin matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// It is, byte for byte, the policy's exact entry at this index of its origins: the
    /// policy's own copy can be sent back instead of the request's.
    Exact(usize),
    /// Otherwise (by a `*.` or `:*` pattern, or by a regex): the request's copy is sent back.
    Other,
}

/// The exact origins of a policy, each with its index among the policy's origins. Most
/// policies list a handful, which comparing one by one (length first) settles faster than
/// hashing; longer lists are hashed, so that 1,000 origins cost what one does.
enum Exact {
    Few(Box<[(Origin, Found)]>),
    Many(HashMap<Origin, Found, BuildHasherDefault<FxHasher>>),
}

/// An origin as browsers send it.
type Origin = Box<[u8]>;

/// Up to this many exact origins are compared one by one.
const FEW: usize = 4;

impl Exact {
    fn new(origins: Vec<(Origin, Found)>) -> Self {
        if origins.len() <= FEW {
            Exact::Few(origins.into_boxed_slice())
        } else {
            Exact::Many(origins.into_iter().collect())
        }
    }

    fn find(&self, origin: &[u8]) -> Option<Found> {
        match self {
            Exact::Few(origins) => origins.iter().find(|(o, _)| **o == *origin).map(|&(_, found)| found),
            Exact::Many(origins) => origins.get(origin).copied(),
        }
    }
}

/// An exact entry as browsers serialize it (validation guarantees it is written that way).
fn format_exact(entry: &syntax::Entry<'_>) -> Vec<u8> {
    match entry.port {
        syntax::Port::Is(port) => format!("{}://{}:{port}", entry.scheme, entry.host),
        _ => format!("{}://{}", entry.scheme, entry.host),
    }
    .into_bytes()
}

/// A fast non-keyed hash. Flooding is not a concern: the table is fixed by the policy, so
/// a hostile key costs at most one probe sequence of a table the attacker cannot fill.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(K);
        }
        let rest = chunks.remainder().len();
        // The last bytes, read as the end of the slice's last eight when it has eight (no copy
        // into a buffer: a call per hash otherwise), or one by one.
        let tail = if rest == 0 {
            0
        } else if let Some(last) = bytes.len().checked_sub(8).and_then(|start| bytes.get(start..)) {
            u64::from_le_bytes(last.try_into().unwrap_or_default()) >> (8 * (8 - rest))
        } else {
            bytes.iter().rev().fold(0, |word, &b| (word << 8) | u64::from(b))
        };
        self.0 = (self.0.rotate_left(26) ^ tail ^ bytes.len() as u64).wrapping_mul(K);
    }

    /// A slice's length, which `Hash` writes before its bytes: one round, not a buffer.
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(26) ^ n as u64).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}
