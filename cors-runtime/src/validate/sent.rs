//! Whether a regex entry matches any origin a browser sends. Browsers write an `Origin` one
//! way: `scheme://host[:port]`, in lowercase, without the scheme's default port, without an
//! empty label. A regex all of whose matches are written otherwise (`https://App\.example\.com`,
//! `https://app\.example\.com:443`, a path) never matches, and is refused as the literal entry
//! written so is (rule 3): judged by what it matches, not by how it is written.
//!
//! The regex's forward lazy DFA is walked together with a small automaton of the origins
//! browsers send ([`Sent`]), in search of one string both accept. That automaton admits more
//! than browsers send (any IPv4 spelling, any character a host may hold), never less: a
//! regex that matches a real origin is never refused here. The walk is bounded; past the
//! bound, the regex is taken to match one (the rules that keep holes out are judged elsewhere).

use std::collections::{HashSet, VecDeque};

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Hir;

/// The most pairs of a regex state and an origin state walked, and the most regex states read
/// in search of an example.
const BUDGET: usize = 20_000;

/// What a regex that never matches an origin a browser sends matches instead.
pub(super) struct Never {
    /// The shortest string it matches, of printable ASCII, if one was found within bounds.
    pub(super) example: Option<String>,
}

/// `Some` if `anchored` (a parsed, anchored regex entry) matches no origin a browser sends.
pub(super) fn never_sent(anchored: &Hir) -> Option<Never> {
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
        .build_from_hir(anchored)
        .ok()?;
    // State IDs are kept across steps, which a cleared cache would invalidate: out of room,
    // the walk gives up (and the regex is taken to match an origin).
    let config = DFA::config().minimum_cache_clear_count(Some(0));
    let dfa = DFA::builder().configure(config).build_from_nfa(nfa).ok()?;
    let mut cache = dfa.create_cache();
    let start = dfa.start_state_forward(&mut cache, &Input::new("").anchored(Anchored::Yes)).ok()?;
    let first = (start, Sent::Scheme(Scheme::Empty));
    let (mut seen, mut pending) = (HashSet::from([first]), vec![first]);
    while let Some((state, sent)) = pending.pop() {
        if sent.may_end() && dfa.next_eoi_state(&mut cache, state).ok()?.is_match() {
            return None;
        }
        for byte in PRINTABLE {
            let Some(sent) = sent.next(byte) else { continue };
            let Some(state) = step(&dfa, &mut cache, state, byte).ok()? else { continue };
            if seen.insert((state, sent)) {
                if seen.len() > BUDGET {
                    return None;
                }
                pending.push((state, sent));
            }
        }
    }
    Some(Never { example: shortest_match(&dfa, &mut cache, start) })
}

/// Whether no origin a browser sends starts with `prefix` for its scheme (`ws://`, `HTTPS://`),
/// or, if the prefix is a whole match (`exact`), ends before any host (the empty string): a
/// branch of a regex that starts so matches none. Only the scheme is judged: what browsers
/// make of odd hosts (a trailing dot) is left to the rules that judge hosts, so that no branch
/// a browser could send is passed over.
pub(super) fn no_origin_starts_with(prefix: &[u8], exact: bool) -> bool {
    let before_host = |sent: Sent| matches!(sent, Sent::Scheme(_) | Sent::Slashes(..) | Sent::HostStart(_));
    let mut sent = Sent::Scheme(Scheme::Empty);
    for &byte in prefix {
        match sent.next(byte) {
            Some(next) => sent = next,
            None => return before_host(sent),
        }
    }
    exact && before_host(sent)
}

/// Every byte an origin may hold: printable ASCII, without the space.
const PRINTABLE: std::ops::RangeInclusive<u8> = b'!'..=b'~';

/// The DFA ran out of room.
struct GaveUp;

/// The state after `byte`, `None` if no match goes on with it.
fn step(dfa: &DFA, cache: &mut Cache, state: LazyStateID, byte: u8) -> Result<Option<LazyStateID>, GaveUp> {
    let next = dfa.next_state(cache, state, byte).map_err(|_| GaveUp)?;
    Ok((!next.is_dead() && !next.is_quit()).then_some(next))
}

/// The shortest string of printable ASCII the DFA matches from `start`, if one is found within
/// bounds.
fn shortest_match(dfa: &DFA, cache: &mut Cache, start: LazyStateID) -> Option<String> {
    // Each state reached, with the state and byte it was first reached from; and the states
    // alone, to tell a new one in constant time.
    let mut reached: Vec<(LazyStateID, usize, u8)> = vec![(start, usize::MAX, 0)];
    let mut known = HashSet::from([start]);
    let mut pending = VecDeque::from([0]);
    while let Some(at) = pending.pop_front() {
        let state = reached[at].0;
        if dfa.next_eoi_state(cache, state).ok()?.is_match() {
            let mut bytes = Vec::new();
            let mut back = at;
            while back != 0 {
                bytes.push(reached[back].2);
                back = reached[back].1;
            }
            bytes.reverse();
            return String::from_utf8(bytes).ok();
        }
        for byte in PRINTABLE {
            let Some(next) = step(dfa, cache, state, byte).ok()? else { continue };
            if known.insert(next) {
                if reached.len() > BUDGET {
                    return None;
                }
                reached.push((next, at, byte));
                pending.push_back(reached.len() - 1);
            }
        }
    }
    None
}

/// Where in an origin a browser sends the bytes read so far are; a byte that cannot come next
/// ends the walk on that path.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Sent {
    Scheme(Scheme),
    /// After `scheme:`, having read `slashes` of the two `/`.
    Slashes(Kind, u8),
    /// Right after `://`.
    HostStart(Kind),
    /// Right after a `.` of a name.
    LabelStart(Kind),
    Label(Kind),
    /// Inside the `[...]` of an IPv6 address.
    Ipv6(Kind),
    Ipv6End(Kind),
    Port(Kind, Port),
}

/// The schemes whose origins are written apart from others, read so far; `Other` for any else.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Scheme {
    Empty,
    H,
    Ht,
    Htt,
    Http,
    Https,
    W,
    Ws,
    Wss,
    F,
    Fi,
    Fil,
    File,
    Other,
}

/// What a scheme says about its port: browsers leave `http`'s 80 and `https`'s 443 out.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Http,
    Https,
    Other,
}

impl Kind {
    fn default_port(self) -> &'static [u8] {
        match self {
            Kind::Http => b"80",
            Kind::Https => b"443",
            Kind::Other => b"",
        }
    }
}

/// The digits of a port read so far.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Port {
    digits: u8,
    /// How the digits compare with the first as many of `65535`: the port is in range if it has
    /// fewer than five, or they are not `Above`.
    to_max: Compared,
    /// Whether they are the scheme's default port so far.
    default_so_far: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Compared {
    Below,
    Same,
    Above,
}

impl Sent {
    /// The state after `byte`, if an origin a browser sends can go on with it.
    fn next(self, byte: u8) -> Option<Sent> {
        // Any but uppercase and what a host never holds (WHATWG URL's forbidden domain code
        // points); the `.` between labels apart.
        let host_char = |b: u8| !b.is_ascii_uppercase() && !b"#%/:<>?@[\\]^|.".contains(&b);
        Some(match self {
            Sent::Scheme(read) if byte == b':' => Sent::Slashes(read.kind()?, 0),
            Sent::Scheme(read) => Sent::Scheme(read.next(byte)?),
            Sent::Slashes(kind, 0) if byte == b'/' => Sent::Slashes(kind, 1),
            Sent::Slashes(kind, _) if byte == b'/' => Sent::HostStart(kind),
            Sent::HostStart(kind) if byte == b'[' => Sent::Ipv6(kind),
            Sent::HostStart(kind) | Sent::LabelStart(kind) | Sent::Label(kind) if host_char(byte) => {
                Sent::Label(kind)
            }
            Sent::Label(kind) if byte == b'.' => Sent::LabelStart(kind),
            Sent::Label(kind) | Sent::Ipv6End(kind) if byte == b':' => {
                Sent::Port(kind, Port { digits: 0, to_max: Compared::Same, default_so_far: true })
            }
            Sent::Ipv6(kind) if byte == b']' => Sent::Ipv6End(kind),
            Sent::Ipv6(kind)
                if (byte.is_ascii_hexdigit() && !byte.is_ascii_uppercase()) || b":.".contains(&byte) =>
            {
                Sent::Ipv6(kind)
            }
            Sent::Port(kind, port) if byte.is_ascii_digit() => Sent::Port(kind, port.next(kind, byte)?),
            _ => return None,
        })
    }

    /// Whether an origin a browser sends can end here.
    fn may_end(self) -> bool {
        match self {
            Sent::Label(_) | Sent::Ipv6End(_) => true,
            Sent::Port(kind, port) => {
                port.digits > 0
                    && !(port.digits == 5 && port.to_max == Compared::Above)
                    && !(port.default_so_far && usize::from(port.digits) == kind.default_port().len())
            }
            _ => false,
        }
    }
}

impl Scheme {
    fn next(self, byte: u8) -> Option<Scheme> {
        let scheme_char = byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"+-.".contains(&byte);
        Some(match (self, byte) {
            (Self::Empty, _) if !byte.is_ascii_lowercase() => return None,
            (Self::Empty, b'h') => Self::H,
            (Self::H, b't') => Self::Ht,
            (Self::Ht, b't') => Self::Htt,
            (Self::Htt, b'p') => Self::Http,
            (Self::Http, b's') => Self::Https,
            (Self::Empty, b'w') => Self::W,
            (Self::W, b's') => Self::Ws,
            (Self::Ws, b's') => Self::Wss,
            (Self::Empty, b'f') => Self::F,
            (Self::F, b'i') => Self::Fi,
            (Self::Fi, b'l') => Self::Fil,
            (Self::Fil, b'e') => Self::File,
            _ if scheme_char => Self::Other,
            _ => return None,
        })
    }

    /// What the scheme read, ended by `:`, says about ports; `None` if browsers send no
    /// origin of it: none at all, `file` (they send `null`), a WebSocket's (they send the
    /// page's).
    fn kind(self) -> Option<Kind> {
        match self {
            Scheme::Empty | Scheme::Ws | Scheme::Wss | Scheme::File => None,
            Scheme::Http => Some(Kind::Http),
            Scheme::Https => Some(Kind::Https),
            _ => Some(Kind::Other),
        }
    }
}

impl Port {
    fn next(self, kind: Kind, digit: u8) -> Option<Port> {
        // No leading zero, no port 0, at most five digits.
        if (self.digits == 0 && digit == b'0') || self.digits == 5 {
            return None;
        }
        let at = usize::from(self.digits);
        let to_max = match self.to_max {
            Compared::Same => match digit.cmp(&b"65535"[at]) {
                std::cmp::Ordering::Less => Compared::Below,
                std::cmp::Ordering::Equal => Compared::Same,
                std::cmp::Ordering::Greater => Compared::Above,
            },
            decided => decided,
        };
        let default_so_far = self.default_so_far && kind.default_port().get(at) == Some(&digit);
        Some(Port { digits: self.digits + 1, to_max, default_so_far })
    }
}

#[cfg(test)]
mod tests {
    use super::never_sent;
    use crate::origin::anchor::anchored;

    fn never(source: &str) -> Option<super::Never> {
        never_sent(&anchored(source).unwrap())
    }

    #[test]
    fn regexes_that_match_a_real_origin_are_left_alone() {
        for source in [
            r"https://app\.example\.com",
            r"https://[a-zA-Z]+\.example\.com",
            r"https://app\.example\.com(:443)?",
            r"https://app\.example\.com:[0-9]+",
            r"https://app\.example\.com:4430",
            r"http://localhost:(80|8080)",
            r"https://\[::1\]:8443",
            r"chrome-extension://[a-p]{32}",
            r"https://(App|app)\.example\.com",
            r"https://app\.example\.com:65535",
            r"https://my_app\.example\.com",
        ] {
            assert!(never(source).is_none(), "{source}");
        }
    }

    #[test]
    fn regexes_that_match_none_are_found_with_an_example() {
        for (source, example) in [
            (r"https://App\.example\.com", "https://App.example.com"),
            (r"https://[A-Z]+\.example\.com", "https://A.example.com"),
            (r"https://app\.example\.com:443", "https://app.example.com:443"),
            (r"http://app\.example\.com:0?80", "http://app.example.com:80"),
            (r"https://app\.example\.com\.", "https://app.example.com."),
            (r"https://app\.\.example\.com", "https://app..example.com"),
            (r"wss?://app\.example\.com", "ws://app.example.com"),
            (r"https://app\.example\.com:(0|65536|99999)", "https://app.example.com:0"),
            (r"https://app\.example\.com/", "https://app.example.com/"),
            (r"HTTPS://app\.example\.com", "HTTPS://app.example.com"),
            (r"file://app\.example\.com", "file://app.example.com"),
        ] {
            let found = never(source).map(|never| never.example);
            assert_eq!(found, Some(Some(example.to_owned())), "{source}");
        }
    }
}
