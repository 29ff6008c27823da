//! The validator: every rule of a CORS policy, checked in one pass that collects every
//! violation before failing.

pub(crate) mod header;
mod hosts;
mod method;
mod probe;
mod regex;
mod sent;

use std::borrow::Cow;
use std::collections::HashSet;

use crate::config::{OriginEntry, PolicyConfig};
use crate::origin::syntax::{Entry, parse_entry};
use crate::policy::{Policy, PolicyParts};
use crate::violation::{Location, Rule, Violation, Violations};

/// The longest `max_age` any browser honours (Firefox's cap; Chromium caps it at 7200 and Safari at 600).
pub const MAX_AGE_LIMIT: i64 = 86_400;

/// Methods a policy that belongs to no route (`strict_cors::policy!`, the builder) allows when it lists
/// none: every standard method a script may send. Under `#[cors(policy = ..)]` a preflight is
/// further limited to the methods the route serves.
const DEFAULT_METHODS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// Collects violations, so that all are reported together.
#[derive(Default)]
struct Errors(Vec<Violation>);

impl Errors {
    fn push(&mut self, rule: Rule, at: Location, message: impl Into<String>) {
        self.0.push(Violation::new(rule, at, message));
    }
}

impl PolicyConfig {
    /// Checks every rule and returns the policy, or every violation at once.
    ///
    /// ```
    /// use cors_runtime::__private::{OriginEntry, PolicyConfig};
    /// use strict_cors::{Location, Rule};
    ///
    /// let config = PolicyConfig {
    ///     origins: vec![
    ///         OriginEntry::Literal("https://app.example.com/".into()),
    ///         OriginEntry::Literal("null".into()),
    ///     ],
    ///     allow_headers: vec!["cookie".into()],
    ///     ..PolicyConfig::default()
    /// };
    /// let errors = config.validate().unwrap_err();
    /// assert_eq!(errors.len(), 3);
    /// let first = errors.iter().next().unwrap();
    /// assert_eq!(first.rule(), Rule::MalformedOrigin);
    /// assert_eq!(first.locations(), [Location::Origin(0)]);
    /// assert!(first.message().contains("write `https://app.example.com`"));
    /// ```
    pub fn validate(&self) -> Result<Policy, Violations> {
        let mut errors = Errors::default();
        let unjudged = regexes_unjudged_from(&self.origins);
        let origins = check_origins(self, unjudged, &mut errors);
        check_private_network(self, unjudged, &mut errors);
        let (any_method, methods) = check_methods(self, &mut errors);
        let allow_headers = check_headers(self, &self.allow_headers, Header::Allow, &mut errors);
        let expose_headers = check_headers(self, &self.expose_headers, Header::Expose, &mut errors);
        check_max_age(self.max_age, &mut errors);
        check_simple_requests_only(self, &mut errors);
        // In the order the user wrote the keys and entries.
        errors.0.sort_by_key(Violation::location);
        if let Some(violations) = Violations::of(errors.0) {
            return Err(violations);
        }
        let (any_origin, origins, regexes) = origins;
        let owned = |v: Vec<String>| Cow::Owned(v.into_iter().map(Cow::Owned).collect());
        let any_header = allow_headers.iter().any(|h| h == "*");
        Ok(Policy::from_parts(PolicyParts {
            any_origin,
            origins: owned(origins),
            regexes: owned(regexes),
            credentials: self.credentials,
            private_network: self.private_network,
            allow_methods_value: join(&methods),
            any_method,
            methods: owned(methods),
            any_header,
            allow_headers_value: join(&allow_headers),
            // Beside `*`, only `authorization` can be listed: the one name `*` never covers.
            allow_headers: owned(allow_headers.into_iter().filter(|h| h != "*").collect()),
            expose_headers_value: join(&expose_headers),
            max_age_value: self.max_age.map(|n| Cow::Owned(n.to_string())),
        }))
    }
}

fn join(names: &[String]) -> Option<Cow<'static, str>> {
    (!names.is_empty()).then(|| Cow::Owned(names.join(", ")))
}

/// Where the regex entries past the most a policy holds start, if any: the first of them is
/// refused for their number, and none is judged, so that judging a policy takes bounded time.
fn regexes_unjudged_from(entries: &[OriginEntry]) -> Option<usize> {
    let regexes = entries.iter().enumerate().filter(|(_, entry)| matches!(entry, OriginEntry::Regex(_)));
    regexes.map(|(i, _)| i).nth(regex::MOST_REGEXES)
}

/// Whether `entry`, the `i`th, is a regex left unjudged (see [`regexes_unjudged_from`]).
fn unjudged_regex(entry: &OriginEntry, i: usize, unjudged: Option<usize>) -> bool {
    matches!(entry, OriginEntry::Regex(_)) && unjudged.is_some_and(|from| i >= from)
}

/// Rules 1–7 and 13 on `origins`, but for the regexes from `unjudged` on (see
/// [`regexes_unjudged_from`]). Returns (any origin, literal entries, regex sources).
fn check_origins(
    config: &PolicyConfig,
    unjudged: Option<usize>,
    errors: &mut Errors,
) -> (bool, Vec<String>, Vec<String>) {
    let entries = &config.origins;
    if entries.is_empty() {
        errors.push(
            Rule::MalformedOrigin,
            Location::Origins,
            "`origins` is empty, so no origin may read responses; list the origins, or write `\"*\"` for any",
        );
    }
    let star = |e: &OriginEntry| matches!(e, OriginEntry::Literal(s) if s == "*");
    let any_origin = entries.iter().any(star);
    if any_origin && entries.len() > 1 {
        for (i, entry) in entries.iter().enumerate().filter(|(_, e)| !star(e)) {
            errors.push(
                Rule::DuplicateOrMixed,
                Location::Origin(i),
                format!(
                    "{} is listed beside `\"*\"`, which already allows every origin; keep \
                     either `\"*\"` or the list",
                    describe(entry)
                ),
            );
        }
    }
    if any_origin && config.credentials {
        let i = entries.iter().position(star).unwrap_or_default();
        errors.0.push(
            Violation::new(
                Rule::WildcardWithCredentials,
                Location::Origin(i),
                "`\"*\"` cannot be used with `credentials`: browsers reject \
                 `Access-Control-Allow-Origin: *` on credentialed requests, and reflecting any \
                 origin would let every site read your users' data; list the origins instead",
            )
            .also_at(Location::Credentials),
        );
    }
    let (mut literals, mut regexes) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (i, entry) in entries.iter().enumerate() {
        if unjudged_regex(entry, i, unjudged) {
            if unjudged == Some(i) {
                let given = entries.iter().filter(|e| matches!(e, OriginEntry::Regex(_))).count();
                errors.push(Rule::UnsafeRegex, Location::Origin(i), regex::too_many(given));
            }
            continue;
        }
        if !seen.insert(entry) {
            errors.push(
                Rule::DuplicateOrMixed,
                Location::Origin(i),
                format!("{} is listed twice; remove one", describe(entry)),
            );
            continue;
        }
        if star(entry) {
            continue;
        }
        match entry {
            OriginEntry::Literal(s) => match parse_entry(s) {
                Ok(parsed) => {
                    check_plain_http(&parsed, s, config.credentials, i, errors);
                    check_suffixes_under(&parsed, s, config.credentials, i, errors);
                    literals.push(s.clone());
                }
                Err(e) => errors.push(e.rule, Location::Origin(i), e.message),
            },
            OriginEntry::Regex(source) => match regex::check(source, config.credentials) {
                Some((rule, message)) => {
                    let violation = Violation::new(rule, Location::Origin(i), message);
                    // Both refused for `credentials`: it is marked too.
                    errors.0.push(
                        if matches!(rule, Rule::InsecureCredentials | Rule::PublicSuffixWithCredentials) {
                            violation.also_at(Location::Credentials)
                        } else {
                            violation
                        },
                    );
                }
                None => regexes.push(source.clone()),
            },
        }
    }
    if let Some(problem) = regex::check_set(&regexes) {
        errors.push(Rule::UnsafeRegex, Location::Origins, problem);
    }
    (any_origin, literals, regexes)
}

fn describe(entry: &OriginEntry) -> String {
    match entry {
        OriginEntry::Literal(s) => format!("origin `{s}`"),
        OriginEntry::Regex(s) => format!("regex `{s}`"),
    }
}

/// Rule 6: cookies over plain http can be read and forged by anyone on the network path.
fn check_plain_http(entry: &Entry<'_>, s: &str, credentials: bool, i: usize, errors: &mut Errors) {
    if credentials && entry.scheme == "http" && !entry.is_loopback() {
        errors.0.push(
            Violation::new(
                Rule::InsecureCredentials,
                Location::Origin(i),
                format!(
                    "`{s}` is plain http: with `credentials`, its cookies travel unencrypted and \
                     anyone on the network can read or forge them; use `https://{}`",
                    s.trim_start_matches("http://")
                ),
            )
            .also_at(Location::Credentials),
        );
    }
}

/// Why a plain-HTTP origin must not reach a private network.
const PRIVATE_NETWORK_OVER_HTTP: &str = "browsers let only secure pages reach a private \
     network, and anyone on the network path can change a plain-http page to reach it";

/// Rule 12: a private network is reached only from the origins listed, and only secure ones
/// (as rule 6 for credentials: loopback pages are secure to browsers). Entries that are
/// malformed are reported by [`check_origins`].
fn check_private_network(config: &PolicyConfig, unjudged: Option<usize>, errors: &mut Errors) {
    if !config.private_network {
        return;
    }
    for (i, entry) in config.origins.iter().enumerate() {
        // Only the regexes rule 7 judges, in bounded time.
        if unjudged_regex(entry, i, unjudged) {
            continue;
        }
        let message = match entry {
            OriginEntry::Literal(s) if s == "*" => "`\"*\"` cannot be used with `private_network`: every \
                 site on the internet could then have its visitors' browsers send requests to this \
                 server on their private network; list the origins that may"
                .to_owned(),
            OriginEntry::Literal(s) => match parse_entry(s) {
                Ok(parsed) if parsed.scheme == "http" && !parsed.is_loopback() => format!(
                    "`{s}` is plain http: with `private_network`, {PRIVATE_NETWORK_OVER_HTTP}; use \
                     `https://{}`",
                    s.trim_start_matches("http://")
                ),
                _ => continue,
            },
            OriginEntry::Regex(source) if regex::secure_origins_only(source) == Some(false) => {
                regex::plain_http("private_network", source, PRIVATE_NETWORK_OVER_HTTP)
            }
            OriginEntry::Regex(_) => continue,
        };
        errors.0.push(
            Violation::new(Rule::UnsafePrivateNetwork, Location::Origin(i), message)
                .also_at(Location::PrivateNetwork),
        );
    }
}

/// Why `entry` (an origin entry or a regex, as the message names it), whose host is the public
/// suffix `host`, may not have `credentials` (rule 13).
pub(crate) fn suffix_itself(entry: &str, host: &str) -> String {
    format!(
        "{entry}: `{host}` is a public suffix, a shared service's own name, which serves pages of \
         anyone who signs up (`https://s3.amazonaws.com/<bucket>/..`, say), so with \
         `credentials` any of them could read your users' data; name an origin of your own"
    )
}

/// Rules 13 and 5 with `credentials`: a host that is a shared service's own name, and `*.D`
/// where a public suffix lies under `D` (`s3.amazonaws.com`
/// under `amazonaws.com`) also matches hosts under that suffix, which anyone can register.
fn check_suffixes_under(entry: &Entry<'_>, s: &str, credentials: bool, i: usize, errors: &mut Errors) {
    if credentials && !entry.subdomains && crate::suffix::is_shared_service(entry.host) {
        errors.0.push(
            Violation::new(
                Rule::PublicSuffixWithCredentials,
                Location::Origin(i),
                suffix_itself(&format!("`{s}`"), entry.host),
            )
            .also_at(Location::Credentials),
        );
    }
    if credentials && entry.subdomains && crate::suffix::has_suffix_under(entry.host) {
        let host = entry.host;
        errors.0.push(
            Violation::new(
                Rule::MisplacedWildcard,
                Location::Origin(i),
                format!(
                    "`{s}`: public suffixes lie under `{host}` (names anyone can register under, as \
                     `s3.amazonaws.com` lies under `amazonaws.com`), so with `credentials` \
                     `*.{host}` would let sites registered by anyone read your users' data; list \
                     the exact origins instead"
                ),
            )
            .also_at(Location::Credentials),
        );
    }
}

/// Rules 1, 2 and 8 on `methods`; returns whether any method is allowed (`"*"`) and the
/// methods to allow (for `"*"`, just `"*"`).
fn check_methods(config: &PolicyConfig, errors: &mut Errors) -> (bool, Vec<String>) {
    if config.any_method {
        if config.credentials {
            errors.0.push(
                Violation::new(
                    Rule::WildcardWithCredentials,
                    Location::Methods,
                    "`methods = \"*\"` does not work with `credentials`: browsers read \
                     `Access-Control-Allow-Methods: *` literally on credentialed requests, so no \
                     method would be allowed; list the methods",
                )
                .also_at(Location::Credentials),
            );
        }
        return (true, vec!["*".to_owned()]);
    }
    let route = config.route_methods.as_deref();
    let Some(methods) = &config.methods else {
        let methods = match route {
            // Those a preflight can ask for: a route may serve `TRACE` too, which no browser
            // lets a script send (rule 8).
            Some(route) => route.iter().filter(|m| !method::forbidden(m)).cloned().collect(),
            None => DEFAULT_METHODS.map(String::from).to_vec(),
        };
        return (false, methods);
    };
    let mut seen = HashSet::new();
    for (i, method) in methods.iter().enumerate() {
        if !seen.insert(method.as_str()) {
            errors.push(
                Rule::DuplicateOrMixed,
                Location::Method(i),
                format!("method `{method}` is listed twice; remove one"),
            );
        } else if method == "*" {
            errors.push(
                Rule::InvalidMethod,
                Location::Method(i),
                "`\"*\"` inside a list of methods names no method; for any method write \
                 `methods = \"*\"` alone (without `credentials`), or list the methods",
            );
        } else if let Some(problem) = method::check(method, route) {
            errors.push(Rule::InvalidMethod, Location::Method(i), problem);
        }
    }
    (false, methods.clone())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Header {
    Allow,
    Expose,
}

/// Rules 1, 2 and 9 on a header list; returns the names lowercased and sorted.
fn check_headers(config: &PolicyConfig, names: &[String], list: Header, errors: &mut Errors) -> Vec<String> {
    let (key, at): (&str, fn(usize) -> Location) = match list {
        Header::Allow => ("allow_headers", Location::AllowHeader),
        Header::Expose => ("expose_headers", Location::ExposeHeader),
    };
    let star = names.iter().any(|n| n == "*");
    let mut seen = HashSet::new();
    for (i, name) in names.iter().enumerate() {
        if !seen.insert(name.to_ascii_lowercase()) {
            errors.push(
                Rule::DuplicateOrMixed,
                at(i),
                format!("header `{name}` is listed twice (header names are case-insensitive); remove one"),
            );
            continue;
        }
        if name == "*" {
            if config.credentials {
                let effect = match list {
                    Header::Allow => {
                        "browsers read `Access-Control-Allow-Headers: *` literally on credentialed requests"
                    }
                    Header::Expose => {
                        "browsers read `Access-Control-Expose-Headers: *` literally on credentialed requests"
                    }
                };
                errors.0.push(
                    Violation::new(
                        Rule::WildcardWithCredentials,
                        at(i),
                        format!("`\"*\"` in `{key}` does not work with `credentials`: {effect}, so nothing would be allowed; list the header names"),
                    )
                    .also_at(Location::Credentials),
                );
            }
            continue;
        }
        if star {
            // The Fetch standard never lets `*` cover `authorization`: naming it beside `*` is
            // the one way to allow it, and `*, authorization` is what browsers expect then.
            match list {
                Header::Allow if name.eq_ignore_ascii_case("authorization") => {}
                Header::Allow => errors.push(
                    Rule::DuplicateOrMixed,
                    at(i),
                    format!("`{name}` is already covered by `\"*\"` in `allow_headers`, which allows every request header but `authorization`; remove it (`authorization` is the one name worth listing beside `\"*\"`)"),
                ),
                Header::Expose => errors.push(
                    Rule::DuplicateOrMixed,
                    at(i),
                    format!("`{name}` is already covered by `\"*\"` in `expose_headers`, which exposes every response header; keep either `\"*\"` or the list"),
                ),
            }
            continue;
        }
        let problem = match list {
            Header::Allow => header::check_allowed(name),
            Header::Expose => header::check_exposed(name),
        };
        if let Some(problem) = problem {
            errors.push(Rule::InvalidHeader, at(i), problem);
        }
    }
    let mut lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    lower.sort();
    lower.dedup();
    lower
}

/// Rule 2 on `methods = []`: a policy for simple requests only answers no preflight, so the
/// keys that only shape a preflight's answer would do nothing.
fn check_simple_requests_only(config: &PolicyConfig, errors: &mut Errors) {
    if config.any_method || !config.methods.as_ref().is_some_and(Vec::is_empty) {
        return;
    }
    let unused = [
        (!config.allow_headers.is_empty(), "allow_headers", Location::AllowHeader(0)),
        (config.max_age.is_some(), "max_age", Location::MaxAge),
        (config.private_network, "private_network", Location::PrivateNetwork),
    ];
    for (_, key, at) in unused.into_iter().filter(|(set, ..)| *set) {
        errors.0.push(
            Violation::new(
                Rule::DuplicateOrMixed,
                at,
                format!(
                    "`{key}` does nothing with `methods = []`: no preflight is answered, and only \
                     a preflight's answer carries it; remove `{key}`, or list the methods \
                     preflights may ask for"
                ),
            )
            .also_at(Location::Methods),
        );
    }
}

/// Rule 10.
fn check_max_age(max_age: Option<i64>, errors: &mut Errors) {
    match max_age {
        Some(n) if n < 0 => errors.push(
            Rule::MaxAgeOutOfRange,
            Location::MaxAge,
            format!("`max_age = {n}` is negative; write a number of seconds from 0 to {MAX_AGE_LIMIT}"),
        ),
        Some(n) if n > MAX_AGE_LIMIT => errors.push(
            Rule::MaxAgeOutOfRange,
            Location::MaxAge,
            format!(
                "`max_age = {n}` is more than any browser honours (Firefox caps it at 86400 s, \
                 Chromium at 7200 s, WebKit at 600 s); write at most `max_age = {MAX_AGE_LIMIT}`"
            ),
        ),
        _ => {}
    }
}
