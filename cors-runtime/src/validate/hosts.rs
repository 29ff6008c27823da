//! Rule 7 by language: which hosts can a regex match? Every one must end in a fixed
//! registrable domain (a literal `.example.com` after the last variable part, where
//! `example.com` is not a public suffix and has no public suffix under it), never an IP range,
//! never a host followed by more labels.
//!
//! The regex is compiled to a reverse lazy DFA and its hosts are read from their last character
//! backwards: past an optional `:port`, the characters every match must end with are followed
//! for as long as they are fixed (or branch into a few fixed alternatives, each followed in
//! turn). Where the host becomes variable, what was read so far is the fixed suffix every host
//! shares, and it must be a label boundary and a domain of one owner. Where the host ends (the
//! `/` of `://` comes next), the whole host was fixed: one origin, as a literal entry is (and
//! judged as one: any name, loopback or IP address), of which a regex may match a few.
//! The walk is bounded; a regex too large to walk is refused with a plain reason.

use std::collections::BTreeSet;

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Hir;

use crate::suffix::{has_suffix_under, registrable};

/// More distinct next characters than this, read backwards, make the host variable there: as
/// many as the domains a list may hold, so that a regex for up to that many hosts
/// (`example\.(com|net|org|..)`, `10\.0\.0\.[0-9]`) is judged as the list of them is.
const FEW: usize = DOMAINS;
/// The most steps a walk takes (each looks at every byte once).
const BUDGET: usize = 4096;
/// The most states a walk through a run of digits (a port, or a label's end) passes: a few for
/// any port or name a regex means (`[0-9]{1,5}`), where `[0-9]{40}1[0-9]*` would have
/// exponentially many.
const DIGIT_STATES: usize = 256;
/// No host is longer (DNS).
const LONGEST_HOST: usize = 253;

/// What the walk found wrong.
pub(super) enum Problem {
    /// Nothing at the end of the host is fixed: any host, or more labels after the intended one.
    OpenEnd,
    /// The host is variable in front of `fixed`, which is not `.` followed by a domain of one
    /// owner.
    OpenDomain { fixed: String },
    /// The hosts include more IP addresses than a list: a range of them (an address is no
    /// domain, and a domain's rules cannot tell whose its neighbours are).
    AddressRange,
    /// The regex is too large to judge.
    TooLarge,
    /// A host it matches is longer than any DNS name.
    HostTooLong,
    /// It matches hosts in `joined` (a name of its) and in `dotted`, the same name with one dot
    /// more, each in another registrable domain: what an optional `.` between two labels gives.
    JoinedLabels { dotted: String, joined: String },
}

/// The first problem with the hosts `anchored` (a parsed, anchored regex entry) can match; or,
/// if none, the domains they end in: registrable domains, and loopback names and IP addresses
/// as they are. With `credentials`, a domain with a public suffix under it is open too (as for
/// `*.` patterns: rule 5).
///
/// `steps` is how many transitions of the automaton the walk may take, and is left with those
/// it did not: a walk that needs more is refused as too large (see [`Problem::TooLarge`]).
pub(super) fn check(anchored: &Hir, credentials: bool, steps: &mut usize) -> Result<Vec<String>, Problem> {
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().reverse(true).which_captures(thompson::WhichCaptures::None))
        .build_from_hir(anchored)
        .map_err(|_| Problem::TooLarge)?;
    // A walk keeps state IDs across steps, which a cleared cache would invalidate: a regex
    // whose states do not fit is refused instead.
    let config = DFA::config().minimum_cache_clear_count(Some(0));
    let dfa = DFA::builder().configure(config).build_from_nfa(nfa).map_err(|_| Problem::TooLarge)?;
    let mut walk = Walk {
        dfa: &dfa,
        cache: dfa.create_cache(),
        steps: *steps,
        visited: 0,
        domains: Vec::new(),
        names: BTreeSet::new(),
        credentials,
        before_digits: Vec::new(),
        name_chars: Vec::new(),
        followed: Vec::new(),
    };
    let walked = walk.all();
    *steps = walk.steps;
    walked.map(|()| walk.domains)
}

struct Walk<'a> {
    dfa: &'a DFA,
    cache: Cache,
    /// The transitions it may still take.
    steps: usize,
    visited: usize,
    /// The registrable domains of the hosts found so far: a few alternatives are a list written
    /// as a regex; many (`[a-g]{1,3}\.com`) are names others hold.
    domains: Vec<String>,
    /// The names they were read from: each fixed host, and each fixed part after the first `.`
    /// in front of which a host varies (`www.example.com`, `app.github.io`), in order.
    names: BTreeSet<String>,
    credentials: bool,
    /// What [`before_digits`](Walk::before_digits) found for each state asked.
    before_digits: Vec<(LazyStateID, BeforeDigits)>,
    /// What [`name_char_before`](Walk::name_char_before) found for each state asked.
    name_chars: Vec<(LazyStateID, bool)>,
    /// Each state a host was followed from, with what was read when it first was.
    followed: Vec<(LazyStateID, Vec<u8>)>,
}

/// What can come before a run of digits, reading a host backwards.
#[derive(Clone, Copy)]
struct BeforeDigits {
    /// A name's character (not `:`, `.` or `/`).
    name: bool,
    /// Anything but a `:`.
    other: bool,
}

/// The most registrable domains one regex may match: a list of a dozen sites, written as one
/// alternation, judged as the same list of literal entries is.
pub(super) const DOMAINS: usize = 16;

impl Walk<'_> {
    /// Walks every host, from each place the origin's host can end.
    fn all(&mut self) -> Result<(), Problem> {
        let start = self
            .dfa
            .start_state_reverse(&mut self.cache, &Input::new("").anchored(Anchored::Yes))
            .map_err(|_| Problem::TooLarge)?;
        self.end_of_origin(start)?;
        let past_port = self.past_port(start)?;
        for &host_end in &past_port {
            self.host(host_end, &mut Vec::new(), &mut Vec::new())?;
        }
        let host_ends: Vec<LazyStateID> = std::iter::once(start).chain(past_port).collect();
        if let Some((dotted, joined)) = self.joined_labels(&host_ends)? {
            return Err(Problem::JoinedLabels { dotted, joined });
        }
        Ok(())
    }

    fn next(&mut self, state: LazyStateID, byte: u8) -> Result<Option<LazyStateID>, Problem> {
        self.steps = self.steps.checked_sub(1).ok_or(Problem::TooLarge)?;
        let next = self.dfa.next_state(&mut self.cache, state, byte).map_err(|_| Problem::TooLarge)?;
        Ok((!next.is_dead() && !next.is_quit()).then_some(next))
    }

    /// The states a host can end in behind a port, read backwards: wherever `:` follows a run of
    /// digits read from the end of the origin.
    fn past_port(&mut self, start: LazyStateID) -> Result<Vec<LazyStateID>, Problem> {
        let (mut ends, mut digits, mut seen) = (Vec::new(), vec![start], vec![start]);
        while let Some(state) = digits.pop() {
            if seen.len() > DIGIT_STATES {
                return Err(Problem::TooLarge);
            }
            for digit in b'0'..=b'9' {
                let Some(next) = self.next(state, digit)? else { continue };
                if !seen.contains(&next) {
                    seen.push(next);
                    digits.push(next);
                    if let Some(host_end) = self.next(next, b':')?
                        && !ends.contains(&host_end)
                    {
                        ends.push(host_end);
                    }
                }
            }
        }
        Ok(ends)
    }

    /// Follows a host that ends the origin (no port) backwards from `start`. Digits there are a
    /// port's or an IPv4 address's last number: those followed by `.` are the address's, and a
    /// few fixed numbers are followed one by one; more is a range of addresses.
    fn end_of_origin(&mut self, start: LazyStateID) -> Result<(), Problem> {
        // Any character may end the host (`.*`): not a range of addresses, whatever digits do.
        let mut others = Vec::new();
        for byte in (0..=u8::MAX).filter(|b| !b.is_ascii_digit() && *b != b'/') {
            if let Some(next) = self.next(start, byte)? {
                others.push((byte, next));
            }
        }
        if others.len() > FEW {
            return Err(Problem::OpenEnd);
        }
        let mut numbers: Vec<(Vec<u8>, LazyStateID)> = Vec::new();
        let mut labels: Vec<(Vec<u8>, LazyStateID)> = Vec::new();
        let mut runs = vec![(Vec::new(), start)];
        while let Some((run, state)) = runs.pop() {
            if run.len() == 3 {
                // More digits end no IPv4 address: a port's (which `past_port` follows), or the
                // end of a name's label (`intranet1234`), followed as a host.
                if self.name_before_digits(state)? {
                    labels.push((run, state));
                }
                continue;
            }
            for digit in b'0'..=b'9' {
                let Some(next) = self.next(state, digit)? else { continue };
                let mut longer = run.clone();
                longer.push(digit);
                if let Some(dot) = self.next(next, b'.')? {
                    numbers.push((longer.clone(), dot));
                    if numbers.len() > FEW {
                        return Err(Problem::AddressRange);
                    }
                }
                // Digits after letters end a name's label (`intranet1`): followed as a host.
                if self.name_char_before(next)? {
                    labels.push((longer.clone(), next));
                }
                runs.push((longer, next));
            }
        }
        for (mut read, dot) in numbers {
            read.push(b'.');
            self.host(dot, &mut read, &mut Vec::new())?;
        }
        for (byte, next) in others {
            self.host(next, &mut vec![byte], &mut Vec::new())?;
        }
        for (mut read, next) in labels {
            self.host(next, &mut read, &mut Vec::new())?;
        }
        Ok(())
    }

    /// Whether a name's character (not a digit, `:`, `.` or `/`) can come right before `state`,
    /// reading backwards. Many runs of digits lead to the same state: asked once each.
    fn name_char_before(&mut self, state: LazyStateID) -> Result<bool, Problem> {
        if let Some(&(_, found)) = self.name_chars.iter().find(|(asked, _)| *asked == state) {
            return Ok(found);
        }
        let mut found = false;
        for byte in (0..=u8::MAX).filter(|b| !b.is_ascii_digit() && !matches!(b, b'.' | b':' | b'/')) {
            if self.next(state, byte)?.is_some() {
                found = true;
                break;
            }
        }
        self.name_chars.push((state, found));
        Ok(found)
    }

    /// Whether, reading more digits backwards from `state`, a name's character (not `:`, `.` or
    /// `/`) can come before them.
    fn name_before_digits(&mut self, state: LazyStateID) -> Result<bool, Problem> {
        Ok(self.before_digits(state)?.name)
    }

    /// Whether only a port can come before `state`, reading backwards: digits, then a `:`.
    fn port_only(&mut self, state: LazyStateID) -> Result<bool, Problem> {
        Ok(!self.before_digits(state)?.other)
    }

    /// What can come before `state` and any digits before it, reading backwards.
    fn before_digits(&mut self, state: LazyStateID) -> Result<BeforeDigits, Problem> {
        // Many runs of digits lead to the same state (a port's `[0-9]{1,5}`): asked once.
        if let Some(&(_, before)) = self.before_digits.iter().find(|(asked, _)| *asked == state) {
            return Ok(before);
        }
        let mut before = BeforeDigits { name: false, other: false };
        let (mut pending, mut seen) = (vec![state], vec![state]);
        // A name's character answers both questions: no need to read on.
        while let Some(state) = pending.pop().filter(|_| !before.name) {
            if seen.len() > DIGIT_STATES {
                return Err(Problem::TooLarge);
            }
            for byte in 0..=u8::MAX {
                let Some(next) = self.next(state, byte)? else { continue };
                if byte.is_ascii_digit() {
                    if !seen.contains(&next) {
                        seen.push(next);
                        pending.push(next);
                    }
                } else if byte != b':' {
                    before.other = true;
                    before.name |= !matches!(byte, b'.' | b'/');
                }
            }
        }
        self.before_digits.push((state, before));
        Ok(before)
    }

    /// Follows the host backwards from `state`, `read` holding what was read so far (reversed),
    /// `path` the states this branch passed, each with how much was read there.
    fn host(
        &mut self,
        state: LazyStateID,
        read: &mut Vec<u8>,
        path: &mut Vec<(LazyStateID, usize)>,
    ) -> Result<(), Problem> {
        self.visited += 1;
        if read.len() > LONGEST_HOST {
            return Err(Problem::HostTooLong);
        }
        if self.visited > BUDGET {
            return Err(Problem::TooLarge);
        }
        // Back in a state this branch passed: what was read since repeats any number of times
        // (`[a-h]+`, `(dev-)*`), so the host is variable in front of what was read then.
        if let Some(&(_, then)) = path.iter().find(|(passed, _)| *passed == state) {
            let dot_before = self.next(state, b'.')?.is_some();
            return self.variable_before(&read[..then], dot_before);
        }
        // Reached again by another way (`(x|y){1,12}`): the hosts from here on were followed
        // already, only what comes after them differs. Where the part both ways share holds a
        // domain of one owner, every host from here ends in it, as where the host varies;
        // otherwise (`(a|b)\.com`) each way is followed, each host its own.
        if let Some((_, first)) = self.followed.iter().find(|(followed, _)| *followed == state) {
            let shared_len = first.iter().zip(read.iter()).take_while(|(a, b)| a == b).count();
            let shared = forwards(&read[..shared_len]);
            // Where one way goes on with a dot (`[.-]s3\.amazonaws\.com`), the shared part is
            // a whole host of that way, which must be one owner's too.
            let dotted = first.get(shared_len) == Some(&b'.') || read.get(shared_len) == Some(&b'.');
            if one_owner(&shared, self.credentials).is_ok()
                && (!dotted || whole_host_owned(&shared, self.credentials).is_ok())
            {
                return self.count(shared.split_once('.').map_or("", |(_, domain)| domain));
            }
        } else {
            self.followed.push((state, read.clone()));
        }
        let mut branches = Vec::new();
        let mut host_starts_here = false;
        // Only an IPv6 address, in its brackets, holds a `:`. Elsewhere what comes before one is
        // a host and the digits after it a port, which `past_port` follows: digits that can only
        // be a port's (where a port is optional, `example\.com(:[0-9]+)?`, the automaton reads
        // the end of an origin as either) are not followed as the host's.
        let bracketed = read.first() == Some(&b']');
        for byte in 0..=u8::MAX {
            let Some(next) = self.next(state, byte)? else { continue };
            if byte == b'/' {
                // The host starts after `scheme://`; any other `/` ends a path, which no Origin
                // has: nothing matched that way is one.
                host_starts_here |= self.scheme_before(next)?;
            } else if bracketed || !(byte == b':' || byte.is_ascii_digit() && self.port_only(next)?) {
                branches.push((byte, next));
            }
        }
        if host_starts_here && !read.is_empty() {
            self.count(&forwards(read))?;
        }
        if branches.len() > FEW {
            let dot_before = branches.iter().any(|&(byte, _)| byte == b'.');
            return self.variable_before(read, dot_before);
        }
        path.push((state, read.len()));
        for (byte, next) in branches {
            read.push(byte);
            self.host(next, read, path)?;
            read.pop();
        }
        path.pop();
        Ok(())
    }

    /// A host variable in front of `read` (reversed): what was read must end in a domain of
    /// one owner. Where the variable part may end in a `.` (`dot_before`: `[a-z]+\.?`, `[a-z.]+`),
    /// what was read may be a whole name too, which must then be one owner's as well
    /// (`s3.amazonaws.com`, a public suffix, is not: `x.s3.amazonaws.com` is anyone's bucket).
    fn variable_before(&mut self, read: &[u8], dot_before: bool) -> Result<(), Problem> {
        if read.is_empty() {
            return Err(Problem::OpenEnd);
        }
        let suffix = forwards(read);
        one_owner(&suffix, self.credentials)?;
        if dot_before {
            whole_host_owned(&suffix, self.credentials)?;
        }
        self.count(suffix.split_once('.').map_or("", |(_, domain)| domain))
    }
}

impl Walk<'_> {
    /// Of the names read, one (`joined`) whose registrable domain becomes another, or a public
    /// suffix, when a dot is put inside one of that domain's labels (`wwwexample.com`:
    /// `www.example.com`; `example.ing`: `example.i.ng`), where the regex also matches hosts in
    /// that other (`dotted`): what an optional `.` between two labels gives
    /// (`www\.?example\.com`, `app\.?github\.io`), a domain anyone can register one dot away
    /// from the one meant. Asked of the automaton, from each state a host ends in (`host_ends`),
    /// for each place in the domain: at most 253 places of 253 bytes each per name.
    fn joined_labels(&mut self, host_ends: &[LazyStateID]) -> Result<Option<(String, String)>, Problem> {
        // The walk is over: its names are read here, not added to.
        for joined in std::mem::take(&mut self.names) {
            // An address: no domain.
            if is_address(&joined) {
                continue;
            }
            let Some(domain) = registrable(&joined) else { continue };
            let domain_start = joined.len() - domain.len();
            // Between two characters of a label, from the domain's first label on (a dot put
            // into a subdomain's label leaves the domain as it is).
            let places = (domain_start + 1..joined.len())
                .filter(|&at| joined.as_bytes()[at - 1] != b'.' && joined.as_bytes()[at] != b'.');
            for at in places {
                let dotted = format!("{}.{}", &joined[..at], &joined[at..]);
                // In another domain, or none: a public suffix (`s3.amazonaws.com` beside
                // `s3amazonaws.com`, `i.ng` beside `ing`).
                let elsewhere = registrable(&dotted) != Some(domain);
                if elsewhere && self.matches_host_in(host_ends, &dotted)? {
                    return Ok(Some((dotted, joined)));
                }
            }
        }
        Ok(None)
    }

    /// Whether the regex matches `name` as a host, or a host ending in `.name`, read backwards
    /// from each state a host ends in.
    fn matches_host_in(&mut self, host_ends: &[LazyStateID], name: &str) -> Result<bool, Problem> {
        'ends: for &end in host_ends {
            let mut state = end;
            for &byte in name.as_bytes().iter().rev() {
                match self.next(state, byte)? {
                    Some(next) => state = next,
                    None => continue 'ends,
                }
            }
            if self.next(state, b'.')?.is_some() {
                return Ok(true);
            }
            if let Some(slash) = self.next(state, b'/')?
                && self.scheme_before(slash)?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether `scheme:/` can come before `state`, read backwards (its last `/` just read).
    fn scheme_before(&mut self, state: LazyStateID) -> Result<bool, Problem> {
        let Some(slash) = self.next(state, b'/')? else { return Ok(false) };
        let Some(colon) = self.next(slash, b':')? else { return Ok(false) };
        // A scheme ends in a letter, a digit, `+`, `-` or `.` (RFC 3986 §3.1; `x1:`, `coap+tcp:`).
        for last in (b'a'..=b'z').chain(b'0'..=b'9').chain([b'+', b'-', b'.']) {
            if self.next(colon, last)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Records `host` among the names read, and its registrable domain (an IP address is its
    /// own: the public suffix list would read its last numbers as a domain); too many domains
    /// make an open domain.
    fn count(&mut self, host: &str) -> Result<(), Problem> {
        let host = host.strip_suffix('.').unwrap_or(host);
        if !self.names.contains(host) {
            self.names.insert(host.to_owned());
        }
        let ip = is_address(host);
        let domain = if ip { host } else { registrable(host).unwrap_or(host) }.to_owned();
        if !self.domains.contains(&domain) {
            self.domains.push(domain);
        }
        if self.domains.len() > DOMAINS {
            // Addresses: a range of them.
            return Err(if ip {
                Problem::AddressRange
            } else {
                Problem::OpenDomain { fixed: host.to_owned() }
            });
        }
        Ok(())
    }
}

/// `suffix` (fixed, with a host varying in front) taken as a whole host, where a `.` may come
/// before it: its domain must be one owner's too, as [`one_owner`] judges what follows its first
/// `.` (a suffix starting with `.` is judged whole already).
fn whole_host_owned(suffix: &str, credentials: bool) -> Result<(), Problem> {
    if suffix.starts_with('.') { Ok(()) } else { one_owner(&format!(".{suffix}"), credentials) }
}

/// Whether browsers read `host` as an IP address: bracketed (IPv6), or with a last label of
/// digits (IPv4, valid or not, which is then no origin at all).
fn is_address(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last_label = host.rsplit('.').next().unwrap_or_default();
    host.starts_with('[') || (!last_label.is_empty() && last_label.bytes().all(|b| b.is_ascii_digit()))
}

/// What was read backwards (`read`), in the order it is written.
fn forwards(read: &[u8]) -> String {
    read.iter().rev().map(|&b| char::from(b)).collect()
}

/// A fixed suffix in front of which the host varies: it must hold, after its first `.`, a
/// registrable domain (or a name under one), with `credentials` one with no public suffix under
/// it (as rule 5 judges `*.` patterns): then every host
/// ends in that domain, whatever comes in front (`-app.example.com` keeps hosts in
/// `example.com`; `example.com` alone lets `evilexample.com` in).
fn one_owner(suffix: &str, credentials: bool) -> Result<(), Problem> {
    // Variable in front of an address's last numbers, or inside an IPv6 address's brackets.
    if suffix.ends_with(']') || suffix.split_once('.').is_some_and(|(_, after)| is_address(after)) {
        return Err(Problem::AddressRange);
    }
    let open = || Err(Problem::OpenDomain { fixed: suffix.to_owned() });
    let Some((_, domain)) = suffix.split_once('.') else { return open() };
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if domain == "localhost" {
        return Ok(());
    }
    if registrable(domain).is_none() || (credentials && has_suffix_under(domain)) {
        return open();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Problem, check};
    use crate::origin::anchor::anchored;

    fn verdict(source: &str) -> &'static str {
        let mut steps = usize::MAX;
        match check(&anchored(source).expect("parses"), true, &mut steps) {
            Ok(_) => "ok",
            Err(Problem::OpenEnd) => "open end",
            Err(Problem::OpenDomain { .. }) => "open domain",
            Err(Problem::AddressRange) => "address range",
            Err(Problem::TooLarge) => "too large",
            Err(Problem::HostTooLong) => "host too long",
            Err(Problem::JoinedLabels { .. }) => "joined labels",
        }
    }

    #[test]
    fn hosts_must_end_in_a_domain_of_one_owner() {
        for sound in [
            r"https://pr-[0-9]+\.preview\.example\.com",
            r"https://.*\.example\.com",
            r"https://[a-z.]+\.example\.com",
            r"https://(staging|qa)\.example\.org",
            r"https://[a-z]+\.example\.co\.uk",
            r"http://localhost:[0-9]+",
            r"https://app\.example\.com(:[0-9]+)?",
            r"https://example\.(com|org)",
            r"https://([a-z0-9-]+\.)?example\.com",
            r"https://10\.0\.0\.5",
            r"https://[a-z]+-app\.example\.com",
            r"https://[a-z0-9-]+\.?app\.example\.com",
            // A few fixed hosts are a list, as the same literal entries are.
            r"https://app\.example\.com(\.a[e-g])?",
            r"https://(www\.)?(example|example-cdn|example-static|example-img)\.com",
            r"https://10\.0\.0\.(1|2|3|4)",
            // Repetitions of a few characters are as variable as those of many.
            r"https://[a-h]+\.example\.com",
            r"https://(dev-)*app\.example\.com",
            r"https://(x|y){1,12}\.example\.com",
            r"https://app\.example\.com:(?:[1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])",
            r"https://app\.example\.com:[0-9]{1,8}",
            // A fixed host is one origin, as the same literal entry is.
            r"https://github\.io",
            r"https://intranet1",
            r"https://intranet1234",
            // Beside an optional port, digits that can only be the port's are not the host's.
            r"https://intranet1234(:[0-9]+)?",
            r"https://10\.0\.0\.1(:[0-9]{1,5})?",
            r"http://\[::1\](:[0-9]+)?",
        ] {
            assert_eq!(verdict(sound), "ok", "{sound}");
        }
        for (leaky, why) in [
            (r"https://[a-z0-9-]+\.com", "open domain"),
            (r"https://[a-z0-9-]+\.github\.io", "open domain"),
            (r"https://[a-z0-9-]+\.herokuapp\.com", "open domain"),
            (r"https://([a-z0-9-]+\.)+co\.uk", "open domain"),
            (r"https://[a-z0-9-]+\.s3\.amazonaws\.com", "open domain"),
            (r"https://[a-z.]+\.amazonaws\.com", "open domain"),
            (r"https://.*example\.com", "open domain"),
            (r"https://[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+", "address range"),
            (r"https://10\.0\.0\.[0-9]+", "address range"),
            (r"http://127\.0\.0\.[0-9]{1,3}:3000", "address range"),
            (r"https://\[::[0-9a-f]{1,4}\]", "address range"),
            (r"https://app\.example\.com(\.[a-z]+)?", "open end"),
            (r"https://app\.example\.com.*", "open end"),
            (r"https://.+", "open end"),
            (r"https://.*[a-z]1", "open domain"),
            (r"https://.*\.amazonaws\.com\.", "open domain"),
            (r"https://[a-g]{1,3}\.com", "open domain"),
            (r"https://app\.example\.com(\.[a-z]{2})?", "open end"),
            // 24 hosts after the domain, each of its own domain (`com.aa`): more than a list.
            (r"https://app\.example\.com(\.a[a-h]|\.b[a-h]|\.c[a-h])?", "open domain"),
            // Addresses varying in front, whose last numbers the public suffix list would read
            // as one domain.
            (r"https://[1-8][0-7][0-7]\.0\.0\.10", "address range"),
            (r"https://[1-8]\.[1-8]\.0\.10", "address range"),
            // A variable part that may end in a dot puts hosts under the name read after it.
            (r"https://[a-z0-9-]+\.?s3\.amazonaws\.com", "open domain"),
            (r"https://[a-z0-9.-]+s3\.amazonaws\.com", "open domain"),
            (r"https://[a-z0-9-]+(\.|-)github\.io", "open domain"),
            (r"https://[a-z0-9]+[.-]s3\.amazonaws\.com", "open domain"),
            (r"https://[a-z0-9]+(-|\.)s3\.amazonaws\.com", "open domain"),
            // A host ending in four digits or more is a name's label, checked as any.
            (r"https://[a-z-]+1234", "open domain"),
            (r"https://[^:]*1234", "open domain"),
            (r"https://[a-z]+1234(:[0-9]+)?", "open domain"),
            (r"https://intranet[0-9]+(:[0-9]+)?", "open domain"),
        ] {
            assert_eq!(verdict(leaky), why, "{leaky}");
        }
    }
}
