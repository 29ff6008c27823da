//! Rule 7 (and rules 4 and 6 as they apply to regexes): a `regex(..)` origin entry.

use regex_syntax::hir::literal::Extractor;

use super::hosts::{self, Problem};
use crate::origin::anchor::{anchor, anchored};
use crate::violation::Rule;

/// What is wrong with a regex entry, if anything.
pub(crate) fn check(source: &str, credentials: bool) -> Option<(Rule, String)> {
    // The source must parse on its own: the matcher anchors the parsed expression, so text that
    // closes the anchoring (`)|(`) is a syntax error here, not a wider regex.
    let (hir, compiled) = match regex_syntax::parse(source) {
        Ok(parsed) => {
            let hir = anchor(parsed);
            match regex::Regex::new(&hir.to_string()) {
                Ok(compiled) => (hir, compiled),
                Err(e) => return Some((Rule::UnsafeRegex, does_not_compile(source, &e.to_string()))),
            }
        }
        Err(e) => return Some((Rule::UnsafeRegex, does_not_compile(source, &e.to_string()))),
    };
    if let Some(problem) = leaking_dot(source).or_else(|| super::probe::leak(source, &compiled)) {
        return Some((Rule::UnsafeRegex, problem));
    }
    if let Err(problem) = hosts::check(&hir) {
        return Some((Rule::UnsafeRegex, explain(source, &problem)));
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
    if credentials && !https_only(source) {
        return Some((
            Rule::InsecureCredentials,
            format!(
                "with `credentials`, regex `{source}` must only match `https://` origins: \
                 cookies sent over plain http can be read and forged by anyone on the network; \
                 start it with `https://`, and list loopback origins such as \
                 `http://localhost:*` separately"
            ),
        ));
    }
    None
}

fn does_not_compile(source: &str, error: &str) -> String {
    // The last line of a syntax error is the reason; the lines above draw the pattern.
    let reason = error.lines().last().unwrap_or_default().trim_start_matches("error: ");
    format!("regex `{source}` does not compile: {reason}")
}

/// The message for a problem with the hosts a regex matches.
fn explain(source: &str, problem: &Problem) -> String {
    let rule = "every host a regex matches must end in a fixed registrable domain of yours, with \
                nothing after it but the port";
    match problem {
        Problem::OpenEnd => format!(
            "regex `{source}` does not fix the end of the host: it matches hosts anyone can \
             register or rent (other domains, more labels after yours, ranges of IP addresses); \
             {rule}: end the host with a literal domain such as `\\.example\\.com`, then at \
             most `(:[0-9]+)?`"
        ),
        Problem::OpenDomain { fixed } => format!(
            "regex `{source}` lets any name come before `{fixed}`, which is not a domain of one \
             owner (a public suffix, a name with public suffixes under it, or no label boundary), \
             so it matches names anyone can register; {rule}: end the host with a literal \
             registrable domain, e.g. `\\.example\\.com`"
        ),
        Problem::TooLarge => format!(
            "regex `{source}` has too many alternatives to judge which hosts it matches; list \
             the origins, or use a `*.` pattern"
        ),
    }
}

/// What is wrong with the policy's regexes together: they are matched as one set, which has
/// size limits of its own.
pub(crate) fn check_set(sources: &[String]) -> Option<String> {
    if sources.len() < 2 {
        return None; // each one compiled on its own already
    }
    let set = regex::RegexSet::new(sources.iter().filter_map(|s| anchored(s)).map(|h| h.to_string()));
    set.err().map(|e| format!("the regexes together do not compile: {}", e.to_string().replace('\n', " ")))
}

/// An unescaped `.` in the host part that is not the start of a repetition such as `.*` or
/// `.+`: `app.example.com` also matches `appxexample.com`, a name anyone can register.
fn leaking_dot(source: &str) -> Option<String> {
    let Some(start) = source.find("://") else {
        return Some(format!(
            "regex `{source}` must spell out the scheme and `://` (e.g. `https://...`): \
             otherwise it is impossible to tell which hosts it allows"
        ));
    };
    let (scheme, host) = source.split_at(start + 3);
    let (mut fixed, mut leaks, mut in_class) = (scheme.to_owned(), 0, false);
    let mut chars = host.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                fixed.push(c);
                fixed.extend(chars.next());
                continue;
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '.' if !in_class && !matches!(chars.peek(), Some('*' | '+' | '?' | '{')) => {
                fixed.push('\\');
                leaks += 1;
            }
            _ => {}
        }
        fixed.push(c);
    }
    (leaks > 0).then(|| {
        format!(
            "regex `{source}`: an unescaped `.` in the host matches any character, so \
             `example.com` would also match `examplexcom`, a domain anyone can register; \
             write `{fixed}`"
        )
    })
}

/// Whether every string the regex matches starts with `https://`, judged from its literal
/// prefixes (unknown prefixes count as not https).
pub(crate) fn https_only(source: &str) -> bool {
    let Ok(hir) = regex_syntax::parse(source) else {
        return false;
    };
    let prefixes = Extractor::new().extract(&hir);
    prefixes.literals().is_some_and(|literals| {
        !literals.is_empty() && literals.iter().all(|l| l.as_bytes().starts_with(b"https://"))
    })
}
