//! Rule 7, by experiment: a regex written for one site must not match origins that anyone can
//! register. Each probe is built from the regex's own literal prefixes and suffixes and names a
//! host under a reserved domain (`.invalid`, `.test`) or a look-alike of the site's domain; a match is proof
//! of a leak, so this never refuses a sound regex.

use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The first probe origin `compiled` matches, with what it shows, or `None`.
pub(super) fn leak(source: &str, compiled: &Regex) -> Option<String> {
    let hir = regex_syntax::parse(source).ok()?;
    let any_host =
        // Under `.invalid`, which no site can have (RFC 6761): a regex naming its own hosts,
        // whatever they are, never matches it.
        ["https://evil.invalid", "http://evil.invalid"].into_iter().map(|p| (p.to_owned(), Leak::AnyHost));
    let prefixes = literals(&hir, ExtractKind::Prefix).into_iter().filter_map(|prefix| {
        // `https://app.example.com` followed by anything: `https://app.example.com.evil.test`.
        let host = prefix.split_once("://")?.1;
        let prefix = prefix.trim_end_matches('.');
        (!host.is_empty() && !host.contains([':', '/']))
            .then(|| (format!("{prefix}.evil.test"), Leak::HostSuffix))
    });
    // Anything followed by `example.com`: `https://evilexample.com`.
    let suffixes = literals(&hir, ExtractKind::Suffix)
        .into_iter()
        .filter(|s| outside_own_domain(s))
        .flat_map(|suffix| {
            ["https://evil", "http://evil"].map(|scheme| (format!("{scheme}{suffix}"), Leak::DomainPrefix))
        });
    let (probe, kind) =
        any_host.chain(prefixes).chain(suffixes).find(|(probe, _)| compiled.is_match(probe))?;
    Some(match kind {
        Leak::AnyHost => format!(
            "regex `{source}` matches any host (it matches `{probe}`): name your domain, e.g. \
             `https://[a-z0-9-]+\\.example\\.com`"
        ),
        Leak::HostSuffix => format!(
            "regex `{source}` lets anything follow the host: it matches `{probe}`, a domain \
             anyone can register; end the regex at the host (and port)"
        ),
        Leak::DomainPrefix => format!(
            "regex `{source}` lets anything come before the domain: it matches `{probe}`, a \
             domain anyone can register; start the domain at a label, e.g. \
             `https://([a-z0-9-]+\\.)?example\\.com`"
        ),
    })
}

enum Leak {
    AnyHost,
    HostSuffix,
    DomainPrefix,
}

/// Whether `evil` + `suffix` names a host outside the registrable domain `suffix` belongs to:
/// `evilexample.com` is someone else's, `evil-app.example.com` is still `example.com`'s.
fn outside_own_domain(suffix: &str) -> bool {
    let host = suffix.split(':').next().unwrap_or_default();
    if suffix.contains("://") || suffix.starts_with('.') || host.is_empty() {
        return false;
    }
    let owner = host.split_once('.').map_or("", |(_, rest)| rest);
    registrable(&format!("evil{host}")) != registrable(owner)
}

fn literals(hir: &regex_syntax::hir::Hir, kind: ExtractKind) -> Vec<String> {
    let seq = Extractor::new().kind(kind).extract(hir);
    let literals = seq.literals().unwrap_or_default();
    literals.iter().filter_map(|l| String::from_utf8(l.as_bytes().to_vec()).ok()).collect()
}

/// The registrable domain (`example.co.uk` for `a.b.example.co.uk`), if any.
fn registrable(host: &str) -> Option<&[u8]> {
    psl::domain(host.as_bytes()).map(|d| d.as_bytes())
}
