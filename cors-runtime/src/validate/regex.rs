//! Rule 7 (and rules 4 and 6 as they apply to regexes): a `regex(..)` origin entry.

use regex_syntax::hir::Hir;
use regex_syntax::hir::literal::Extractor;

use super::hosts::{self, Problem};
use super::sent;
use crate::origin::anchor::{anchor, anchored};
use crate::origin::regexes::{MAX_BYTES, Regexes, ascii_part};
use crate::origin::syntax;
use crate::suffix::registrable;
use crate::violation::Rule;

/// The longest regex source judged, in bytes: compiling and walking one costs time in
/// proportion to its length (a megabyte took seconds), and an alternation of more origins
/// than fit is a list.
const LONGEST_SOURCE: usize = 16 * 1024;

/// The most alternatives whose literal starts are read (see `secure_as_one`).
const ALTERNATIVES: usize = 4096;

/// The origins `anchored` (a parsed, anchored regex entry) matches, if it fixes every one of
/// them (alternatives of plain text) and they are `most` at most.
fn fixed_origins(anchored: &Hir, most: usize) -> Option<Vec<String>> {
    let seq = Extractor::new().limit_total(most).extract(anchored);
    let fixed = seq.literals().filter(|_| seq.is_exact())?;
    fixed.iter().map(|origin| String::from_utf8(origin.as_bytes().to_vec()).ok()).collect()
}

/// What is wrong with a regex entry, if anything.
pub(crate) fn check(source: &str, credentials: bool) -> Option<(Rule, String)> {
    if source.len() > LONGEST_SOURCE {
        return Some((
            Rule::UnsafeRegex,
            format!(
                "regex of {} bytes is too long to judge (at most {LONGEST_SOURCE}); list the \
                 origins, or use a `*.` pattern",
                source.len()
            ),
        ));
    }
    // The source must parse on its own: the matcher anchors the parsed expression, so text that
    // closes the anchoring (`)|(`) is a syntax error here, not a wider regex.
    let ast = match regex_syntax::ast::parse::Parser::new().parse(source) {
        Ok(ast) => ast,
        Err(e) => return Some((Rule::UnsafeRegex, does_not_compile(source, &e.to_string()))),
    };
    // Before translating it, which needs the case tables where another crate has not asked for
    // them: a case-insensitive regex is answered alike either way (browsers send lowercase).
    if case_insensitive(&ast) {
        return Some((
            Rule::UnsafeRegex,
            format!(
                "regex `{source}` is case-insensitive: browsers send origins in lowercase, and \
                 other cases would be judged as other hosts; drop `(?i)` and write the regex in \
                 lowercase"
            ),
        ));
    }
    let (ascii, compiled) = match compile(source, &ast) {
        Ok(compiled) => compiled,
        Err(problem) => return Some((Rule::UnsafeRegex, problem)),
    };
    if let Some(problem) = leaking_dot(source, &ast).or_else(|| super::probe::leak(source, &compiled)) {
        return Some((Rule::UnsafeRegex, problem));
    }
    let (found, steps) = walk(&ascii, credentials);
    let domains = match found {
        Ok(domains) => domains,
        Err(problem) => return Some((Rule::UnsafeRegex, refused_hosts(source, &ascii, &problem))),
    };
    // Every match is written as browsers never write an Origin (rule 3, for literals): said as
    // the literal entry of its first match would be.
    if let Some(never) = sent::never_sent(&ascii) {
        return Some((Rule::UnsafeRegex, never_matches(source, never.example.as_deref())));
    }
    // Nor does one that fixes every origin it matches where browsers write each otherwise
    // (an IPv4 address in another spelling, invalid punycode, a label over 63 characters, a
    // `*`): what the automaton of sent origins admits, and rule 3 refuses in the literal.
    if let Some(fixed) = fixed_origins(&ascii, hosts::DOMAINS)
        && !fixed.is_empty()
        && fixed.iter().all(|origin| origin.contains('*') || syntax::parse(origin).is_err())
    {
        return Some((Rule::UnsafeRegex, never_matches(source, fixed.first().map(String::as_str))));
    }
    // No host ends any match as an Origin ends (a path, a trailing `/`, a last label of digits
    // that makes the host an IPv4 address browsers write otherwise): said of its shortest match,
    // as the literal entry would be.
    if domains.is_empty() {
        let example = sent::shortest_example(&ascii).filter(|example| syntax::parse(example).is_err());
        if example.is_some() {
            return Some((Rule::UnsafeRegex, never_matches(source, example.as_deref())));
        }
        return Some((
            Rule::UnsafeRegex,
            format!(
                "regex `{source}` matches no origin a browser sends: an Origin is only \
                 `scheme://host[:port]`, never with a path or a trailing `/`, so this never \
                 matches; end the regex at the host or its port"
            ),
        ));
    }
    if compiled.is_match("null") {
        return Some((
            Rule::OpaqueOrigin,
            format!(
                "regex `{source}` matches `null`, the origin any sandboxed iframe can send; \
                 make it match only `scheme://host` origins"
            ),
        ));
    }
    // A fixed host that is a public suffix is its own domain in the walk.
    if credentials
        && let Some(suffix) = domains.iter().find(|domain| crate::suffix::is_shared_service(domain))
    {
        return Some((
            Rule::PublicSuffixWithCredentials,
            super::suffix_itself(&format!("regex `{source}`"), suffix),
        ));
    }
    if credentials && !secure_only(&ascii, &domains, credentials, steps) {
        return Some((
            Rule::InsecureCredentials,
            plain_http(
                "credentials",
                source,
                "cookies sent over plain http can be read and forged by anyone on the network",
            ),
        ));
    }
    None
}

/// Why the regex `source` is refused with `flag` (`credentials`, `private_network`), which plain
/// http to other hosts than loopback ones defeats as `why` says (rules 6 and 12).
pub(crate) fn plain_http(flag: &str, source: &str, why: &str) -> String {
    format!(
        "with `{flag}`, regex `{source}` may match plain-http origins other than loopback ones \
         (each of its `http://` matches must name a loopback host, as far as its literal text \
         shows): {why}; start it with `https://`, and give a plain-http loopback origin an entry \
         of its own (`http://localhost:*`)"
    )
}

/// Why the regex `source`, whose anchored ASCII part is `ascii`, is refused for `problem` with
/// its hosts.
fn refused_hosts(source: &str, ascii: &Hir, problem: &Problem) -> String {
    // More fixed names than a regex may end in are a list: said so, not as a name open in
    // front (which it is not). Addresses are a range, said as one.
    let listed = matches!(problem, Problem::OpenDomain { .. })
        .then(|| fixed_origins(ascii, ALTERNATIVES))
        .flatten()
        .map(|fixed| fixed.len())
        .filter(|&count| count > hosts::DOMAINS);
    match listed {
        Some(count) => format!(
            "regex `{source}` names {count} fixed origins, more than the {} registrable domains one \
             regex may end in; list them as origins instead (`origins = [\"https://...\", ...]`), \
             each judged on its own",
            hosts::DOMAINS
        ),
        None => explain(source, problem),
    }
}

/// The part of the anchored expression of `source` (parsed as `ast`) that matches visible ASCII,
/// and the regex that runs it, or why it does not compile. Everything after is judged on that
/// part: it is what the matcher runs, and all an origin a browser sends holds (a Unicode word
/// boundary is an ASCII one there).
fn compile(source: &str, ast: &regex_syntax::ast::Ast) -> Result<(Hir, regex::Regex), String> {
    let parsed = regex_syntax::hir::translate::Translator::new()
        .translate(source, ast)
        .map_err(|e| does_not_compile(source, &e.to_string()))?;
    let hir = anchor(parsed);
    // First, as the matcher builds it: what does not fit is not judged further.
    if Regexes::new(std::slice::from_ref(&hir)).is_err() {
        return Err(too_large(&format!("regex `{source}`")));
    }
    // Compiled on that part: its Unicode form (`\w` repeated) could be larger than the limit.
    let ascii = ascii_part(&hir);
    let compiled =
        regex::Regex::new(&ascii.to_string()).map_err(|e| does_not_compile(source, &e.to_string()))?;
    Ok((ascii, compiled))
}

/// Whether every origin `source` matches is secure to browsers, as rule 6 judges a literal
/// entry: `https://`, or plain `http://` to a loopback host. `domains` are those its hosts end
/// in (see [`hosts::check`]). `None` if the regex is too long, does not parse, or its hosts are
/// not all judged (rule 7 refuses it then).
pub(crate) fn secure_origins_only(source: &str) -> Option<bool> {
    if source.len() > LONGEST_SOURCE {
        return None; // refused by rule 7, not judged
    }
    let hir = ascii_part(&anchor(regex_syntax::parse(source).ok()?));
    let (found, steps) = walk(&hir, false);
    Some(secure_only(&hir, &found.ok()?, false, steps))
}

/// The most alternatives a regex is spelt out into (see [`alternatives`]): a regex for as many
/// origins as it may hold domains.
const SPELT_OUT: usize = hosts::DOMAINS;

/// The transitions the walks of a regex's alternatives may take in all, however quick the walk
/// of the whole was: a few dozen walks of a list of simple hosts.
const ALTERNATIVES_STEPS: usize = 1 << 18;

/// The domains the hosts of `anchored` end in, as [`hosts::check`] finds them, and how many
/// transitions its walk took.
fn walk(anchored: &Hir, credentials: bool) -> (Result<Vec<String>, Problem>, usize) {
    let mut left = usize::MAX;
    let found = hosts::check(anchored, credentials, &mut left);
    (found, usize::MAX - left)
}

/// Whether every origin the regex whose anchored ASCII part is `ascii` matches is secure (see
/// [`secure_origins_only`]), its hosts ending in `domains` (found in `steps` transitions): as
/// read on the whole, or on each of its alternatives written out (see [`alternatives`]), judged
/// as an entry of its own, as a list of them is. `http://[a-z]+\.localhost|https://app\.example\.com`,
/// whose literal starts do not show that its plain-http hosts are loopback ones, is the entries
/// `http://*.localhost` and `https://app.example.com`. The alternatives' walks take at most as
/// many transitions in all as the whole's did (or [`ALTERNATIVES_STEPS`]): a regex is judged in
/// a bounded multiple of the time its own walk takes.
fn secure_only(ascii: &Hir, domains: &[String], credentials: bool, steps: usize) -> bool {
    secure_as_one(ascii, domains)
        || alternatives(ascii).filter(|all| all.len() > 1).is_some_and(|all| {
            let mut spare = steps.max(ALTERNATIVES_STEPS);
            all.iter().all(|alternative| {
                hosts::check(alternative, credentials, &mut spare)
                    .is_ok_and(|domains| secure_as_one(alternative, &domains))
            })
        })
}

/// The alternatives of `hir` written out, one expression each, where its alternations lie
/// outside any repetition (`https://(a|b)\.example\.com` is `https://a\.example\.com` and
/// `https://b\.example\.com`; the parser may have taken a common start out of them, as in
/// `http(://localhost|s://example\.com)`); `None` if they are more than [`SPELT_OUT`].
fn alternatives(hir: &Hir) -> Option<Vec<Hir>> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(alternatives(branch)?);
                if all.len() > SPELT_OUT {
                    return None;
                }
            }
            Some(all)
        }
        HirKind::Capture(capture) => alternatives(&capture.sub),
        HirKind::Concat(parts) => {
            let mut all = vec![Vec::new()];
            for part in parts {
                let ways = alternatives(part)?;
                if all.len() * ways.len() > SPELT_OUT {
                    return None;
                }
                all = all
                    .iter()
                    .flat_map(|start| {
                        ways.iter().map(move |way| start.iter().cloned().chain([way.clone()]).collect())
                    })
                    .collect();
            }
            Some(all.into_iter().map(Hir::concat).collect())
        }
        _ => Some(vec![hir.clone()]),
    }
}

/// Whether every origin the regex whose anchored ASCII part is `ascii` matches is secure, as
/// read on its literal starts (see [`secure_only`]).
fn secure_as_one(ascii: &Hir, domains: &[String]) -> bool {
    // Whatever the scheme, every host is a loopback one.
    if !domains.is_empty() && domains.iter().all(|domain| loopback(domain)) {
        return true;
    }
    // Or each literal start of its matches is `https://`, or `http://` and a whole loopback host,
    // read on the part of the regex that matches visible ASCII, as all else is (its anchors
    // match no text: they leave the literals as they are).
    // One literal start per alternative, for alternations as long as a list of origins (the
    // default keeps 250, and a longer alternation would read as insecure).
    let prefixes = Extractor::new().limit_total(ALTERNATIVES).extract(ascii);
    // A branch no origin a browser sends starts with (`ws://`), or that is one whole match that
    // no origin is (the empty branch of `https://a\.com|`), matches nothing to judge.
    prefixes.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals.iter().filter(|l| !sent::no_origin_starts_with(l.as_bytes(), l.is_exact())).all(|l| {
                let bytes = l.as_bytes();
                bytes.starts_with(b"https://")
                    || other_scheme(bytes)
                    || bytes
                        .strip_prefix(b"http://")
                        .and_then(|rest| whole_host(rest, l.is_exact()))
                        .is_some_and(loopback)
            })
    })
}

/// Whether a literal start of a regex's matches names its whole scheme, and that scheme is
/// neither plain `http` nor `https`: rule 6, for literal entries, judges only plain `http`
/// (`chrome-extension://<id>` is as it is written).
fn other_scheme(start: &[u8]) -> bool {
    let Some(end) = start.windows(3).position(|w| w == b"://") else {
        return false;
    };
    let scheme = &start[..end];
    !scheme.is_empty()
        && scheme.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(b))
        && !matches!(scheme, b"http" | b"https")
}

/// The host at the start of `rest` (what follows `http://` in a literal start of a regex's
/// matches), if the literal holds all of it: up to a `:` and its port, or to its end if the
/// literal is a whole match (`exact`).
fn whole_host(rest: &[u8], exact: bool) -> Option<&str> {
    let rest = std::str::from_utf8(rest).ok()?;
    let end = if rest.starts_with('[') {
        rest.find(']').map(|i| i + 1)?
    } else {
        rest.find(':').unwrap_or(rest.len())
    };
    let (host, after) = rest.split_at(end);
    (after.starts_with(':') || (exact && after.is_empty())).then_some(host)
}

/// Whether `host` (a domain or address as [`hosts::check`] gives them) is a loopback one, as
/// rule 6 takes them: `localhost` and names under it, `127.0.0.0/8`, `[::1]`.
fn loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether `ast` turns on the `i` flag anywhere (`(?i)`, `(?i:..)`, `(?xi)`).
fn case_insensitive(ast: &regex_syntax::ast::Ast) -> bool {
    use regex_syntax::ast::{Ast, Flag, Flags, FlagsItemKind, GroupKind};

    fn sets_i(flags: &Flags) -> bool {
        // Flags after a `-` are turned off.
        flags
            .items
            .iter()
            .take_while(|item| item.kind != FlagsItemKind::Negation)
            .any(|item| item.kind == FlagsItemKind::Flag(Flag::CaseInsensitive))
    }
    fn any_i(ast: &Ast) -> bool {
        match ast {
            Ast::Flags(set) => sets_i(&set.flags),
            Ast::Group(group) => {
                matches!(&group.kind, GroupKind::NonCapturing(flags) if sets_i(flags)) || any_i(&group.ast)
            }
            Ast::Repetition(repetition) => any_i(&repetition.ast),
            Ast::Alternation(alternation) => alternation.asts.iter().any(any_i),
            Ast::Concat(concat) => concat.asts.iter().any(any_i),
            _ => false,
        }
    }
    any_i(ast)
}

/// The message for a regex that matches no origin a browser sends, only strings such as
/// `example` (its shortest match, if found): what is wrong with that string as a literal entry.
fn never_matches(source: &str, example: Option<&str>) -> String {
    let fix = "make the regex match origins as browsers send them";
    match example.map(syntax::parse) {
        Some(Err(wrong)) => {
            format!(
                "regex `{source}` matches no origin a browser sends; of its matches, {}; {fix}",
                wrong.message
            )
        }
        _ => format!(
            "regex `{source}` matches no origin a browser sends: an Origin is `scheme://host[:port]` \
             in lowercase, without the scheme's default port; {fix}"
        ),
    }
}

fn does_not_compile(source: &str, error: &str) -> String {
    // The last line of a syntax error is the reason; the lines above draw the pattern.
    let reason = error.lines().last().unwrap_or_default().trim_start_matches("error: ");
    // Without its Unicode tables, the parser names a build feature: what the user can change
    // is the regex, which never needs them for an origin.
    let fix = if reason.contains("Unicode") || reason.contains("unicode") {
        "; an origin's host is ASCII (non-ASCII names arrive as punycode): use ASCII classes such \
         as `[a-z0-9-]`"
    } else {
        ""
    };
    format!("regex `{source}` does not compile: {reason}{fix}")
}

/// The message for a problem with the hosts a regex matches.
fn explain(source: &str, problem: &Problem) -> String {
    let rule = "every host a regex matches must end in a fixed registrable domain of yours, with \
                nothing after it but the port";
    match problem {
        Problem::OpenEnd => format!(
            "regex `{source}` does not fix the end of the host: it matches hosts anyone can \
             register (other domains, more labels after yours); {rule}: end the host with a \
             literal domain such as `\\.example\\.com`, then at most `(:[0-9]+)?`"
        ),
        Problem::AddressRange => format!(
            "regex `{source}` matches a range of IP addresses: an address is a host of its own, \
             not a domain with an owner, so no rule can tell whose the others in the range are \
             (on a shared network, or rented next to yours); list the addresses you mean as \
             origins (`https://10.0.0.5`; `http://127.0.0.1:*` for any port), or serve the \
             pages under a domain name"
        ),
        // Nothing fixed but the end of one label (`intranet[0-9]+`): no domain at all.
        Problem::OpenDomain { fixed } if !fixed.contains('.') => format!(
            "regex `{source}` lets the host vary in its last label, so it fixes no domain, \
             and nothing tells whose its hosts are; {rule}: end the host with a literal \
             registrable domain, e.g. `\\.example\\.com`, or list the hosts"
        ),
        Problem::OpenDomain { fixed } => format!(
            "regex `{source}` lets any name come before `{fixed}`, which is not a domain of one \
             owner (a public suffix, a name with public suffixes under it, or no label boundary), \
             so it matches names anyone can register; {rule}: end the host with a literal \
             registrable domain, e.g. `\\.example\\.com`"
        ),
        Problem::HostTooLong => format!(
            "regex `{source}` matches hosts longer than 253 characters, which no DNS name is, so \
             it never matches them; name the host you mean"
        ),
        Problem::TooLarge => format!(
            "regex `{source}` has too many alternatives to judge which hosts it matches; list \
             the origins, or use a `*.` pattern"
        ),
        Problem::JoinedLabels { dotted, joined } => joined_labels(source, dotted, joined),
    }
}

/// The message for a regex matching hosts in `dotted` and in `joined`, the same name without
/// one of its dots, in another registrable domain (see [`Problem::JoinedLabels`]).
fn joined_labels(source: &str, dotted: &str, joined: &str) -> String {
    // Where the dot ends a label in front of the domain, that label may be what was meant
    // optional.
    let optional = match dotted.split_once('.') {
        Some((label, rest)) if registrable(dotted) == Some(rest) => {
            format!("make `{label}` optional together with its dot (`({label}\\.)?`)")
        }
        _ => "make a label in front of your domain optional together with its dot \
              (`(www\\.)?example\\.com`)"
            .to_owned(),
    };
    format!(
        "regex `{source}` matches hosts in `{dotted}` and in `{joined}`, the same name without \
         one of its dots, which lies in a domain of its own, anyone's to register (an optional \
         `.` between two labels joins them); keep the dot (`\\.`), or {optional}, or give a \
         domain of yours an entry of its own"
    )
}

/// The most regex entries a policy may hold: judging one takes up to milliseconds, so a policy
/// from configuration is judged in bounded time (and all are matched as one automaton, which
/// more than a few dozen simple ones outgrow anyway).
pub(crate) const MOST_REGEXES: usize = 64;

/// Why a policy of `given` regex entries is refused.
pub(crate) fn too_many(given: usize) -> String {
    format!(
        "{given} regexes, more than the {MOST_REGEXES} a policy may hold (each is judged on its \
         own, and all are matched as one automaton); merge them into fewer, list the origins, or \
         use `*.` patterns"
    )
}

/// What is wrong with the policy's regexes together: they are matched as one automaton, which
/// has the size limit of one.
pub(crate) fn check_set(sources: &[String]) -> Option<String> {
    if sources.len() < 2 {
        return None; // each one was compiled on its own already
    }
    let anchored: Vec<_> = sources.iter().filter_map(|s| anchored(s)).collect();
    Regexes::new(&anchored).is_err().then(|| too_large("the regexes together"))
}

/// Why `what` (regexes) is refused for the size of its automaton.
fn too_large(what: &str) -> String {
    format!(
        "{what} would need an automaton of more than {} MiB to be matched in one step per byte \
         of an origin (counted repetitions, nested or after an open one, multiply its states); \
         write it with fewer of them (`[a-z0-9-]+` for a label), list the origins, or use a \
         `*.` pattern",
        MAX_BYTES >> 20
    )
}

/// An unescaped `.` in the host part that is not repeated itself (`.*`, `(.)+`, `.{2}`):
/// `app.example.com` also matches `appxexample.com`, a name anyone can register. Read from the
/// parsed `ast`, whose spans say where each `.` is, so that one inside a class (`[].a-z]`),
/// escaped, or in an `(?x)` comment is not taken for one.
fn leaking_dot(source: &str, ast: &regex_syntax::ast::Ast) -> Option<String> {
    use regex_syntax::ast::Ast;

    /// The offsets of the `.`s in `ast` that are not a repetition's whole operand.
    fn dots(ast: &Ast, repeated: bool, found: &mut Vec<usize>) {
        match ast {
            Ast::Dot(span) if !repeated => found.push(span.start.offset),
            Ast::Repetition(repetition) => dots(&repetition.ast, true, found),
            // `(.)+` is `.+`.
            Ast::Group(group) => dots(&group.ast, repeated, found),
            Ast::Alternation(alternation) => alternation.asts.iter().for_each(|ast| dots(ast, false, found)),
            Ast::Concat(concat) => concat.asts.iter().for_each(|ast| dots(ast, false, found)),
            _ => {}
        }
    }

    let Some(start) = source.find("://") else {
        return Some(format!(
            "regex `{source}` must spell out the scheme and `://` (e.g. `https://...`): \
             otherwise it is impossible to tell which hosts it allows"
        ));
    };
    let mut found = Vec::new();
    dots(ast, false, &mut found);
    found.retain(|&offset| offset > start);
    if found.is_empty() {
        return None;
    }
    let mut fixed = String::with_capacity(source.len() + found.len());
    let mut from = 0;
    for offset in found {
        fixed.push_str(&source[from..offset]);
        fixed.push('\\');
        from = offset;
    }
    fixed.push_str(&source[from..]);
    Some(format!(
        "regex `{source}`: an unescaped `.` in the host matches any character, so \
         `example.com` would also match `examplexcom`, a domain anyone can register; \
         write `{fixed}`"
    ))
}
