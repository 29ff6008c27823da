//! A policy's `regex(..)` entries as the matcher runs them: one dense DFA for all of them,
//! built whole on first use, so that a request costs one table step per byte of
//! its origin, whatever the regexes. (A lazy DFA, as the `regex` crate runs, builds its states
//! as requests come; a regex whose states never repeat, such as
//! `https://(?:[a-z]{1,10}){1,100}\.example\.com`, has each request build new ones, at
//! milliseconds a request. Here the automaton is built whole, once, and what does not fit in
//! [`MAX_BYTES`], or takes more than [`DETERMINIZING_BYTES`] to build, as that regex does, is
//! refused.)
//!
//! The DFA runs on the regexes' ASCII part: the matcher shows a regex only what browsers could
//! send as an `Origin` (see [`sent`](super::sent)), which is visible ASCII, on which a class
//! and its ASCII part, or a Unicode and an ASCII word boundary, match alike. That keeps a
//! Unicode class (`\w`) from growing the automaton with UTF-8 it never reads.

use regex_automata::dfa::Automaton;
use regex_automata::dfa::dense::{Builder, Config, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
};

/// The most memory a policy's regexes may take as an automaton
/// (`https://[a-z]{1,253}\.example\.com` takes 35 KiB).
pub(crate) const MAX_BYTES: usize = 1 << 20;

/// The regexes of a policy, compiled.
#[derive(Clone, Debug)]
pub(crate) struct Regexes {
    dfa: DFA<Vec<u32>>,
    /// Where every search starts: anchored, with nothing before the origin.
    start: StateID,
}

/// The most memory building the automaton may take. Its sets of NFA states are what grows when
/// counted repetitions nest, and what the time to build it follows: in an unoptimised build, as
/// `#[cors]` runs in, a regex refused for it is refused within about a second and a half (six
/// with four times as much), where origin regexes take a millisecond or two.
const DETERMINIZING_BYTES: usize = 256 << 10;

/// The regexes need an automaton larger than [`MAX_BYTES`].
#[derive(Debug)]
pub(crate) struct TooLarge;

impl Regexes {
    /// Compiles regexes already anchored at both ends (see [`anchor`](super::anchor)).
    pub(crate) fn new(anchored: &[Hir]) -> Result<Regexes, TooLarge> {
        let ascii: Vec<Hir> = anchored.iter().map(ascii_part).collect();
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(MAX_BYTES)),
            )
            .build_many_from_hir(&ascii)
            .map_err(|_| TooLarge)?;
        let dfa = Builder::new()
            .configure(
                Config::new()
                    .start_kind(regex_automata::dfa::StartKind::Anchored)
                    .match_kind(MatchKind::All)
                    .determinize_size_limit(Some(DETERMINIZING_BYTES))
                    .dfa_size_limit(Some(MAX_BYTES)),
            )
            .build_from_nfa(&nfa)
            .map_err(|_| TooLarge)?;
        let start = dfa.start_state(&start::Config::new().anchored(Anchored::Yes)).map_err(|_| TooLarge)?;
        Ok(Regexes { dfa, start })
    }

    /// Whether one of the regexes matches the whole of `origin`, which is visible ASCII.
    #[inline]
    pub(crate) fn is_match(&self, origin: &[u8]) -> bool {
        let dfa = &self.dfa;
        let mut state = self.start;
        for &byte in origin {
            state = dfa.next_state(state, byte);
            if dfa.is_dead_state(state) || dfa.is_quit_state(state) {
                return false;
            }
        }
        dfa.is_match_state(dfa.next_eoi_state(state))
    }
}

/// `hir`, matching on visible ASCII as it did and nothing else: classes cut to ASCII, other
/// literals failing, Unicode word boundaries made ASCII ones, captures dropped. What can then
/// never match is taken out (a sequence with such a part fails whole, a branch that fails is
/// dropped, a repetition of one that may repeat none is empty): the walk of its hosts, which
/// reads a regex backwards from its end, would otherwise read a part (`.*` in `(?:ä.*)?`) that
/// no match ever reaches.
pub(crate) fn ascii_part(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) if literal.0.is_ascii() => Hir::literal(literal.0.clone()),
        HirKind::Literal(_) => Hir::fail(),
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Repetition(repetition) => {
            let sub = ascii_part(&repetition.sub);
            if never_matches(&sub) {
                return if repetition.min == 0 { Hir::empty() } else { Hir::fail() };
            }
            let mut repetition = repetition.clone();
            repetition.sub = Box::new(sub);
            Hir::repetition(repetition)
        }
        HirKind::Capture(capture) => ascii_part(&capture.sub),
        HirKind::Concat(parts) => {
            let parts: Vec<Hir> = parts.iter().map(ascii_part).collect();
            if parts.iter().any(never_matches) { Hir::fail() } else { Hir::concat(parts) }
        }
        HirKind::Alternation(branches) => {
            let branches: Vec<Hir> =
                branches.iter().map(ascii_part).filter(|branch| !never_matches(branch)).collect();
            if branches.is_empty() { Hir::fail() } else { Hir::alternation(branches) }
        }
    }
}

fn never_matches(hir: &Hir) -> bool {
    hir.properties().minimum_len().is_none()
}

#[cfg(test)]
mod tests {
    use super::Regexes;
    use crate::origin::anchor::anchored;

    fn compiled(sources: &[&str]) -> Result<Regexes, super::TooLarge> {
        Regexes::new(&sources.iter().map(|s| anchored(s).unwrap()).collect::<Vec<_>>())
    }

    #[test]
    fn matches_whole_origins_as_the_regex_crate_does() {
        let sources = [
            r"https://pr-[0-9]+\.preview\.example\.com",
            r"https://\w+\b\.example\.org",
            r"https://(a|b)\.example\.net",
        ];
        let regexes = compiled(&sources).unwrap();
        let set = regex::RegexSet::new(sources.iter().map(|s| format!("^(?:{s})$"))).unwrap();
        for origin in [
            "https://pr-12.preview.example.com",
            "https://pr-.preview.example.com",
            "https://pr-12.preview.example.com.evil.net",
            "xhttps://pr-12.preview.example.com",
            "https://app_1.example.org",
            "https://.example.org",
            "https://a.example.net",
            "https://c.example.net",
            "https://ab.example.net",
            "",
        ] {
            assert_eq!(regexes.is_match(origin.as_bytes()), set.is_match(origin), "{origin}");
        }
    }

    #[test]
    fn regexes_whose_automaton_would_be_too_large_are_refused() {
        // Its DFA needs a state for each of the last 21 letters read: two million.
        assert!(compiled(&[r"https://[a-z]*a[a-z]{20}\.example\.com"]).is_err());
        // Too large an NFA to start with.
        assert!(compiled(&[r"https://[a-z]{1,100000}\.example\.com"]).is_err());
        assert!(compiled(&[r"https://[a-z]{1,253}\.example\.com"]).is_ok());
        assert!(
            compiled(&[r"https://[\w-]+\.example\.com", r"https://(?:[a-z0-9]{1,63}\.){1,10}example\.com"])
                .is_ok()
        );
        // A label as RFC 1123 spells it, and dash-separated words, with a port.
        let rfc_label = r"https://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}example\.com";
        let words = r"https://(?:(?:[a-z0-9]+-)*[a-z0-9]+\.)+example\.com(:[0-9]{1,5})?";
        assert!(compiled(&[rfc_label, words]).is_ok());
    }
}
