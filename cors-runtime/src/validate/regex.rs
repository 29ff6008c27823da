//! Rule 7 (and rules 4 and 6 as they apply to regexes): a `regex(..)` origin entry.

use regex_syntax::hir::literal::Extractor;

use crate::violation::Rule;

/// What is wrong with a regex entry, if anything.
pub(crate) fn check(source: &str, credentials: bool) -> Option<(Rule, String)> {
    let anchored = anchor(source);
    let compiled = match regex::Regex::new(&anchored) {
        Ok(re) => re,
        Err(e) => {
            let e = e.to_string();
            // The last line of a syntax error is the reason; the lines above draw the pattern.
            let reason = e.lines().last().unwrap_or_default().trim_start_matches("error: ");
            return Some((Rule::UnsafeRegex, format!("regex `{source}` does not compile: {reason}")));
        }
    };
    if let Some(problem) = leaking_dot(source).or_else(|| super::probe::leak(source, &compiled)) {
        return Some((Rule::UnsafeRegex, problem));
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

/// What is wrong with the policy's regexes together: they are matched as one set, which has
/// size limits of its own.
pub(crate) fn check_set(sources: &[String]) -> Option<String> {
    if sources.len() < 2 {
        return None; // each one compiled on its own already
    }
    let set = regex::RegexSet::new(sources.iter().map(|s| anchor(s)));
    set.err().map(|e| format!("the regexes together do not compile: {}", e.to_string().replace('\n', " ")))
}

/// The form every regex is compiled in: matched against the whole origin.
pub(crate) fn anchor(source: &str) -> String {
    format!("^(?:{source})$")
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
fn https_only(source: &str) -> bool {
    let Ok(hir) = regex_syntax::parse(source) else {
        return false;
    };
    let prefixes = Extractor::new().extract(&hir);
    prefixes.literals().is_some_and(|literals| {
        !literals.is_empty() && literals.iter().all(|l| l.as_bytes().starts_with(b"https://"))
    })
}
