//! Origin matching: exact origins and `*.` patterns by hashes of the origin read from its end,
//! `:*` patterns the same way on the origin without its port, and every regex of a policy in
//! one pass of a DFA built ahead, over origins as browsers write them.

pub(crate) mod anchor;
mod patterns;
pub(crate) mod regexes;
pub(crate) mod sent;
pub(crate) mod syntax;

use self::patterns::Subdomains;
use self::regexes::Regexes;
use self::syntax::{Port, browser_port, parse_entry};
use crate::bytes_map::BytesMap;

/// The longest `Origin` value looked at: the longest host DNS allows plus scheme and port,
/// with room to spare. Anything longer is simply not allowed.
pub const MAX_ORIGIN_LEN: usize = 512;

pub(crate) struct OriginMatcher {
    /// Exact origins, and `*.` patterns on the scheme's default port or on a port they name.
    on_port: Origins,
    /// `:*` entries, matched against the origin without its port: `http://localhost:*` is the
    /// exact origin `http://localhost` here, `http://*.localhost:*` a pattern of `localhost`.
    any_port: Origins,
    regexes: Option<Regexes>,
}

/// Origins by exact value, and `*.` patterns.
struct Origins {
    /// Origins as browsers send them, each with how it is found. They are validated origins:
    /// a hit needs no further check.
    exact: BytesMap<Found>,
    subdomains: Subdomains,
}

impl Origins {
    #[allow(clippy::inline_always, reason = "measured: out of line, an exact origin costs a sixth more")]
    #[inline(always)]
    fn find(&self, origin: &[u8]) -> Option<Found> {
        if let Some(&found) = self.exact.get(origin) {
            return Some(found);
        }
        // Patterns check the origin's syntax as they read it: a malformed one matches none.
        (!self.subdomains.is_empty() && self.subdomains.covers(origin)).then_some(Found::Other)
    }

    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.subdomains.is_empty()
    }
}

impl OriginMatcher {
    /// Builds the tables from validated entries. An entry that does not parse (impossible after
    /// validation) is left out, which allows less, never more.
    pub(crate) fn new<S: AsRef<str>>(literals: &[S], regexes: &[S]) -> Self {
        let (mut exact, mut any_port_exact) = (Vec::new(), Vec::new());
        let (mut subdomains, mut any_port_subdomains) = (Vec::new(), Vec::new());
        for (index, literal) in literals.iter().map(AsRef::as_ref).enumerate() {
            let Ok(entry) = parse_entry(literal) else { continue };
            match (entry.subdomains, entry.port) {
                (false, Port::Any) => {
                    // The request's copy is sent back: it has the port.
                    let origin = format!("{}://{}", entry.scheme, entry.host);
                    any_port_exact.push((origin.into_bytes().into_boxed_slice(), Found::Other));
                }
                (false, port) => {
                    let origin = match port {
                        Port::Is(port) => format!("{}://{}:{port}", entry.scheme, entry.host),
                        _ => format!("{}://{}", entry.scheme, entry.host),
                    };
                    // Validation makes them equal; were they not, the request's copy is sent.
                    let found = if *origin == *literal { Found::Exact(index) } else { Found::Other };
                    exact.push((origin.into_bytes().into_boxed_slice(), found));
                }
                (true, Port::Any) => any_port_subdomains.push((entry.scheme, entry.host, None)),
                (true, Port::Is(port)) => subdomains.push((entry.scheme, entry.host, Some(port))),
                (true, Port::Default) => subdomains.push((entry.scheme, entry.host, None)),
            }
        }
        // Validated, they compile; were they not, none is matched, which allows less.
        let anchored: Vec<_> = regexes.iter().filter_map(|r| self::anchor::anchored(r.as_ref())).collect();
        let regexes = (!anchored.is_empty()).then(|| Regexes::new(&anchored).ok()).flatten();
        OriginMatcher {
            on_port: Origins { exact: BytesMap::new(exact), subdomains: Subdomains::new(subdomains) },
            any_port: Origins {
                exact: BytesMap::new(any_port_exact),
                subdomains: Subdomains::new(any_port_subdomains),
            },
            regexes,
        }
    }

    /// Whether `origin` is allowed.
    pub(crate) fn matches(&self, origin: &[u8]) -> bool {
        self.find(origin).is_some()
    }

    /// How `origin` is allowed, if it is. Work is bounded by [`MAX_ORIGIN_LEN`], whatever the
    /// number of entries: a lookup, a few for patterns, one regex-set pass.
    pub(crate) fn find(&self, origin: &[u8]) -> Option<Found> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        if let Some(found) = self.on_port.find(origin) {
            return Some(found);
        }
        if !self.any_port.is_empty() && without_port(origin).is_some_and(|o| self.any_port.find(o).is_some())
        {
            return Some(Found::Other);
        }
        // Regexes see only what browsers could send (visible ASCII): a regex that
        // matches more than origins (`http://(.*?)\.example\.com` matches
        // `http://evil.net/.example.com`) grants origins only, as a literal entry does.
        let by_regex = self
            .regexes
            .as_ref()
            .is_some_and(|regexes| self::sent::is_sent(origin) && regexes.is_match(origin));
        by_regex.then_some(Found::Other)
    }
}

/// `origin` without its port, if it has none or one a browser sends (see [`browser_port`], the
/// validator's rule for entries). A port is digits after the last `:`; anything else after a
/// `:` is left, and then matches no entry.
fn without_port(origin: &[u8]) -> Option<&[u8]> {
    let digits = origin.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let colon = match origin.len().checked_sub(digits + 1) {
        Some(colon) if digits > 0 && origin[colon] == b':' => colon,
        _ => return Some(origin),
    };
    let scheme = origin.iter().position(|&b| b == b':').map_or(&[][..], |end| &origin[..end]);
    browser_port(scheme, &origin[colon + 1..]).is_ok().then_some(&origin[..colon])
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
