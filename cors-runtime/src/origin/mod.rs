//! Origin matching: exact origins by hash, `*.` and `:*` patterns by hashed suffixes, and every
//! regex of a policy in one `RegexSet` pass.

pub(crate) mod anchor;
mod patterns;
pub(crate) mod syntax;

use regex::RegexSet;

use self::patterns::Patterns;
use self::syntax::parse_entry;
use crate::bytes_map::BytesMap;

/// The longest `Origin` value looked at: the longest host DNS allows plus scheme and port,
/// with room to spare. Anything longer is simply not allowed.
pub const MAX_ORIGIN_LEN: usize = 512;

pub(crate) struct OriginMatcher {
    /// The exact origins as browsers send them, each with how it is found. Exact entries are
    /// validated origins: a hit needs no further check.
    exact: BytesMap<Found>,
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
        OriginMatcher { exact: BytesMap::new(exact), patterns: Patterns::new(patterns), regexes }
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
        if let Some(&found) = self.exact.get(origin) {
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

/// An exact entry as browsers serialize it (validation guarantees it is written that way).
fn format_exact(entry: &syntax::Entry<'_>) -> Vec<u8> {
    match entry.port {
        syntax::Port::Is(port) => format!("{}://{}:{port}", entry.scheme, entry.host),
        _ => format!("{}://{}", entry.scheme, entry.host),
    }
    .into_bytes()
}
