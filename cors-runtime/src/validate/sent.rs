//! Whether a regex entry matches any origin a browser sends. Browsers write an `Origin` one
//! way: `scheme://host[:port]`, in lowercase, without the scheme's default port, without an
//! empty label. A regex all of whose matches are written otherwise (`https://App\.example\.com`,
//! `https://app\.example\.com:443`, a path) never matches, and is refused as the literal entry
//! written so is (rule 3): judged by what it matches, not by how it is written.
//!
//! The regex's forward lazy DFA is walked together with the automaton of the origins browsers
//! send ([`Sent`], which the matcher also holds a regex's matches to), in search of one string
//! both accept. That automaton admits more than browsers send (any IPv4 spelling, any character
//! a host may hold), never less but what rule 3 refuses in a literal too (a trailing dot): a
//! regex that matches an origin a literal entry could name is never refused here. The walk is
//! bounded; past the bound, the regex is taken to match one (the rules that keep holes out are
//! judged elsewhere).

use std::collections::{HashSet, VecDeque};

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Hir;

use crate::origin::sent::Sent;

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
    let (dfa, mut cache, start) = forward(anchored)?;
    let first = (start, Sent::START);
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

/// The shortest string of printable ASCII `anchored` (a parsed, anchored regex entry) matches,
/// if one is found within bounds: an example to say why a regex matches no origin.
pub(super) fn shortest_example(anchored: &Hir) -> Option<String> {
    let (dfa, mut cache, start) = forward(anchored)?;
    shortest_match(&dfa, &mut cache, start)
}

/// The forward lazy DFA of `anchored`, a cache for it, and its anchored start state.
fn forward(anchored: &Hir) -> Option<(DFA, Cache, LazyStateID)> {
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
        .build_from_hir(anchored)
        .ok()?;
    // State IDs are kept across steps, which a cleared cache would invalidate: out of room,
    // a walk gives up (and the regex is taken to match an origin).
    let config = DFA::config().minimum_cache_clear_count(Some(0));
    let dfa = DFA::builder().configure(config).build_from_nfa(nfa).ok()?;
    let mut cache = dfa.create_cache();
    let start = dfa.start_state_forward(&mut cache, &Input::new("").anchored(Anchored::Yes)).ok()?;
    Some((dfa, cache, start))
}

/// Whether no origin a browser sends starts with `prefix` for its scheme (`ws://`, `HTTPS://`),
/// or, if the prefix is a whole match (`exact`), ends before any host (the empty string): a
/// branch of a regex that starts so matches none. Only the scheme is judged: what browsers
/// make of odd hosts (a trailing dot) is left to the rules that judge hosts, so that no branch
/// a browser could send is passed over.
pub(super) fn no_origin_starts_with(prefix: &[u8], exact: bool) -> bool {
    let mut sent = Sent::START;
    for &byte in prefix {
        match sent.next(byte) {
            Some(next) => sent = next,
            None => return sent.before_host(),
        }
    }
    exact && sent.before_host()
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
            (r"ftp://files\.example\.com", "ftp://files.example.com"),
        ] {
            let found = never(source).map(|never| never.example);
            assert_eq!(found, Some(Some(example.to_owned())), "{source}");
        }
    }
}
