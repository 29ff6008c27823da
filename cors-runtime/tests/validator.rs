//! Every rule of the validator, with inputs that pass and inputs that break it.

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{Location, Rule};

fn lit(s: &str) -> OriginEntry {
    OriginEntry::Literal(s.to_owned())
}

fn regex(s: &str) -> OriginEntry {
    OriginEntry::Regex(s.to_owned())
}

fn origins(entries: Vec<OriginEntry>, credentials: bool) -> PolicyConfig {
    PolicyConfig { origins: entries, credentials, ..PolicyConfig::default() }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Asserts that `config` breaks exactly one rule, at `at`, with a message containing `says`.
#[track_caller]
fn rejects(config: &PolicyConfig, rule: Rule, at: &[Location], says: &str) {
    let Err(errors) = config.validate() else {
        panic!("accepted {config:?}, expected {rule:?}");
    };
    let all: Vec<_> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "expected one violation, got {all:#?}");
    let violation = errors.iter().next().unwrap();
    assert_eq!(violation.rule(), rule, "{violation}");
    assert_eq!(violation.locations(), at, "{violation}");
    assert!(violation.message().contains(says), "{violation:?} should say {says:?}");
    assert!(!violation.to_string().ends_with('.'), "messages end without a period: {violation}");
}

#[track_caller]
fn accepts(config: &PolicyConfig) {
    if let Err(errors) = config.validate() {
        panic!("rejected {config:?}: {errors}");
    }
}

#[test]
fn well_formed_origins_pass() {
    for origin in [
        "https://app.example.com",
        "https://example.com:8443",
        "http://localhost:3000",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://[2001:db8::1]",
        "https://a-b_c.example.com",
        "https://xn--bcher-kva.example",
        "https://*.example.com",
        "https://*.example.co.uk",
        "https://*.example.com:8443",
        "https://*.example.com:*",
        "http://localhost:*",
        "http://*.localhost:*",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "tauri://localhost",
    ] {
        accepts(&origins(vec![lit(origin)], false));
    }
}

#[test]
fn rule_3_malformed_origins() {
    let table = [
        ("https://app.example.com/", "ends with `/`", "write `https://app.example.com`"),
        ("https://app.example.com/api", "has a path", "write `https://app.example.com`"),
        ("https://app.example.com?x=1", "has a query", "write `https://app.example.com`"),
        ("https://app.example.com#top", "has a fragment", "write `https://app.example.com`"),
        ("https://user@app.example.com", "user information", "write `https://app.example.com`"),
        ("https://App.Example.com", "uppercase", "write `https://app.example.com`"),
        ("HTTPS://app.example.com", "uppercase", "write `https://app.example.com`"),
        (" https://app.example.com", "whitespace", "write `https://app.example.com`"),
        ("https://app .example.com", "whitespace", "write `https://app.example.com`"),
        ("https://bücher.example", "punycode", "xn--"),
        ("https://a..example.com", "empty label", "write `https://a.example.com`"),
        ("https://example.com.", "empty label", "write `https://example.com`"),
        ("https://example.com:0", "between 1 and 65535", "65535"),
        ("https://example.com:65536", "between 1 and 65535", "65535"),
        ("https://example.com:080", "leading zeros", "write `https://example.com:80`"),
        ("https://example.com:", "not a number", "write `https://example.com`"),
        ("https://example.com:44a", "not a number", "scheme://host"),
        ("https://example.com:443", "default port 443", "write `https://example.com`"),
        ("http://example.com:80", "default port 80", "write `http://example.com`"),
        ("app.example.com", "not `scheme://host[:port]`", "write `https://app.example.com`"),
        ("https://", "no host", "scheme://host"),
        ("", "empty origin", "scheme://host"),
        ("https://exa$mple.com", "`$` cannot appear", "scheme://host"),
        (r"https://app\.example\.com", "`\\` cannot appear", "write `https://app.example.com`"),
        // Only a `\` before punctuation is a regex's escape: any other leaves no fix to offer.
        (r"https://app\x2eexample.com", "`\\` cannot appear", "scheme://host"),
        ("1https://example.com", "not a URL scheme", "scheme://host"),
        ("https://256.1.1.1", "IPv4", "127.0.0.1"),
        ("https://127.0.0.01", "IPv4", "write `https://127.0.0.1`"),
        ("https://1.2.3", "IPv4", "127.0.0.1"),
        ("http://[::0001]", "`[::1]`", "write `http://[::1]`"),
        // The origin a browser would send, as the `url` crate parses the host.
        ("http://127.0.0.010", "IPv4", "write `http://127.0.0.8`"),
        ("http://0x7f.0.0.1", "IPv4", "write `http://127.0.0.1`"),
        ("http://127.1", "IPv4", "write `http://127.0.0.1`"),
        ("http://[::FFFF:1.2.3.4]", "uppercase", "write `http://[::ffff:102:304]`"),
        ("https://Bücher.example", "punycode", "write `https://xn--bcher-kva.example`"),
        ("https://*.Bücher.example:*", "punycode", "write `https://*.xn--bcher-kva.example:*`"),
        ("http://[::1", "unclosed", "scheme://host"),
        ("http://[zz::1]", "not an IPv6 address", "scheme://host"),
        ("http://a:b:c", "more than one `:`", "scheme://host"),
    ];
    for (origin, what, fix) in table {
        let config = origins(vec![lit(origin)], false);
        rejects(&config, Rule::MalformedOrigin, &[Location::Origin(0)], what);
        rejects(&config, Rule::MalformedOrigin, &[Location::Origin(0)], fix);
    }
}

#[test]
fn rule_3_empty_origin_list() {
    rejects(&origins(vec![], false), Rule::MalformedOrigin, &[Location::Origins], "`origins` is empty");
}

#[test]
fn rule_4_opaque_origins() {
    for origin in ["null", "NULL", "file://", "file:///home/me/index.html"] {
        rejects(&origins(vec![lit(origin)], false), Rule::OpaqueOrigin, &[Location::Origin(0)], "any");
    }
}

#[test]
fn rule_5_misplaced_wildcards() {
    let table = [
        ("https://a.*.example.com", "whole leading label"),
        ("https://*example.com", "whole leading label"),
        ("https://ex*.com", "whole leading label"),
        ("https://*.*.example.com", "whole leading label"),
        ("*://example.com", "scheme cannot be a wildcard"),
        ("https://example.com:8*", "whole port"),
        ("https://*.127.0.0.1", "not an IP address"),
        ("https://*.com", "`com` is a public suffix"),
        ("https://*.co.uk", "`co.uk` is a public suffix"),
        ("https://*.github.io", "`github.io` is a public suffix"),
    ];
    for (origin, what) in table {
        rejects(&origins(vec![lit(origin)], false), Rule::MisplacedWildcard, &[Location::Origin(0)], what);
    }
}

#[test]
fn rule_1_wildcard_origin_with_credentials() {
    rejects(
        &origins(vec![lit("*")], true),
        Rule::WildcardWithCredentials,
        &[Location::Origin(0), Location::Credentials],
        "list the origins instead",
    );
    accepts(&origins(vec![lit("*")], false));
}

#[test]
fn rule_1_wildcard_headers_with_credentials() {
    let base = origins(vec![lit("https://app.example.com")], true);
    let allow = PolicyConfig { allow_headers: strings(&["*"]), ..base.clone() };
    rejects(
        &allow,
        Rule::WildcardWithCredentials,
        &[Location::AllowHeader(0), Location::Credentials],
        "list the header names",
    );
    let expose = PolicyConfig { expose_headers: strings(&["*"]), ..base.clone() };
    rejects(
        &expose,
        Rule::WildcardWithCredentials,
        &[Location::ExposeHeader(0), Location::Credentials],
        "list the header names",
    );
    let without = PolicyConfig { credentials: false, ..allow };
    accepts(&without);
}

#[test]
fn rule_2_wildcard_mixed_and_duplicates() {
    rejects(
        &origins(vec![lit("*"), lit("https://app.example.com")], false),
        Rule::DuplicateOrMixed,
        &[Location::Origin(1)],
        "is listed beside `\"*\"`",
    );
    rejects(
        &origins(vec![lit("https://a.example.com"), lit("https://a.example.com")], false),
        Rule::DuplicateOrMixed,
        &[Location::Origin(1)],
        "listed twice",
    );
    rejects(
        &origins(vec![regex(r"https://a\.example\.com"), regex(r"https://a\.example\.com")], false),
        Rule::DuplicateOrMixed,
        &[Location::Origin(1)],
        "listed twice",
    );
    let base = origins(vec![lit("https://app.example.com")], false);
    rejects(
        &PolicyConfig { methods: Some(strings(&["PUT", "PUT"])), ..base.clone() },
        Rule::DuplicateOrMixed,
        &[Location::Method(1)],
        "`PUT` is listed twice",
    );
    rejects(
        &PolicyConfig { allow_headers: strings(&["X-Trace", "x-trace"]), ..base.clone() },
        Rule::DuplicateOrMixed,
        &[Location::AllowHeader(1)],
        "case-insensitive",
    );
    rejects(
        &PolicyConfig { expose_headers: strings(&["x-total", "X-TOTAL"]), ..base.clone() },
        Rule::DuplicateOrMixed,
        &[Location::ExposeHeader(1)],
        "listed twice",
    );
    rejects(
        &PolicyConfig { allow_headers: strings(&["*", "x-trace"]), ..base.clone() },
        Rule::DuplicateOrMixed,
        &[Location::AllowHeader(1)],
        "every request header but `authorization`",
    );
    rejects(
        &PolicyConfig { expose_headers: strings(&["x-total", "*"]), ..base.clone() },
        Rule::DuplicateOrMixed,
        &[Location::ExposeHeader(0)],
        "exposes every response header",
    );
    rejects(
        &PolicyConfig { allow_headers: strings(&["*", "*"]), ..base.clone() },
        Rule::DuplicateOrMixed,
        &[Location::AllowHeader(1)],
        "listed twice",
    );
    // `*` never covers `authorization` (Fetch): naming it beside `*` is how to allow it.
    accepts(&PolicyConfig { allow_headers: strings(&["*", "Authorization"]), ..base });
    // `origins = ["*"]` means the same as `origins = "*"`.
    accepts(&origins(vec![lit("*")], false));
}

#[test]
fn rule_6_plain_http_with_credentials() {
    rejects(
        &origins(vec![lit("http://app.example.com")], true),
        Rule::InsecureCredentials,
        &[Location::Origin(0), Location::Credentials],
        "use `https://app.example.com`",
    );
    rejects(
        &origins(vec![lit("http://*.example.com")], true),
        Rule::InsecureCredentials,
        &[Location::Origin(0), Location::Credentials],
        "plain http",
    );
    for loopback in [
        "http://localhost:3000",
        "http://localhost:*",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://*.localhost",
    ] {
        accepts(&origins(vec![lit(loopback)], true));
    }
    accepts(&origins(vec![lit("http://app.example.com")], false));
}

#[test]
fn rule_7_regexes() {
    accepts(&origins(vec![regex(r"https://pr-[0-9]+\.preview\.example\.com")], true));
    accepts(&origins(vec![regex(r"https://.*\.example\.com")], false));
    accepts(&origins(vec![regex(r"https://[a-z.]+\.example\.com")], false));
    accepts(&origins(vec![regex(r"https://(www\.)?example\.com")], true));
    // An optional `.` that keeps every host under the domain: joining two labels below it, or
    // the trailing dot no browser sends.
    accepts(&origins(vec![regex(r"https://a\.?b\.example\.com")], true));
    accepts(&origins(vec![regex(r"https://app\.example\.com\.?(:[0-9]+)?")], true));
    // Two domains named, one the other with a name in front: both meant.
    accepts(&origins(vec![regex(r"https://(www\.)?(box|dropbox)\.com")], true));
    // A Unicode class counts as its ASCII part, repeated too: as large as `[0-9A-Za-z_]` there.
    accepts(&origins(vec![regex(r"https://\w{1,50}(?:-\w{1,50}){1,5}\.example\.com")], true));
    let table = [
        (r"https://app.example.com", Rule::UnsafeRegex, r"write `https://app\.example\.com`"),
        (r"https://pr-[0-9]+.preview\.example\.com", Rule::UnsafeRegex, "matches any character"),
        (r"https://(app", Rule::UnsafeRegex, "does not compile"),
        (r"[a-z]+\.example\.com", Rule::UnsafeRegex, "must spell out the scheme"),
        (r"null|https://app\.example\.com", Rule::OpaqueOrigin, "matches `null`"),
        // An optional `.` between labels joins them into a name anyone can register.
        (
            r"https://www\.?example\.com",
            Rule::UnsafeRegex,
            "hosts in `www.example.com` and in `wwwexample.com`",
        ),
        // However the dotted name is reached: beside another way to the same domain, or where
        // the regex lets any name in front of it.
        (r"https://(app\.|www\.?)example\.com", Rule::UnsafeRegex, "and in `wwwexample.com`"),
        (r"https://(www\.?|[a-z]+\.)example\.com", Rule::UnsafeRegex, "and in `wwwexample.com`"),
        (
            r"https://[a-z]+\.example\.com|https://www\.?example\.com",
            Rule::UnsafeRegex,
            "and in `wwwexample.com`",
        ),
        (r"https://(www|app)?(\.)?example\.com", Rule::UnsafeRegex, "and in `appexample.com`"),
        (r"https://www[.]?example\.com", Rule::UnsafeRegex, "and in `wwwexample.com`"),
        (r"https://www[.-]?example\.com", Rule::UnsafeRegex, "and in `wwwexample.com`"),
        (r"https://www(\.|)example\.com", Rule::UnsafeRegex, "the same name without one of its dots"),
        // Each name written out as an alternative of its own: one entry still matches both.
        (r"https://(www\.|www)example\.com", Rule::UnsafeRegex, "and in `wwwexample.com`"),
        (r"https://www\.example\.com|https://wwwexample\.com", Rule::UnsafeRegex, "and in `wwwexample.com`"),
        (r"https://[a-z0-9-]+\.app(\.|)github\.io", Rule::UnsafeRegex, "and in `appgithub.io`"),
        (r"https://[a-z0-9-]+\.app\.?github\.io", Rule::UnsafeRegex, "and in `appgithub.io`"),
        (r"https://app\.example\.?co\.uk", Rule::UnsafeRegex, "and in `app.exampleco.uk`"),
        // A dot dropped inside a public suffix, or from a name that is one.
        (r"https://app\.example\.i\.?ng", Rule::UnsafeRegex, "and in `app.example.ing`"),
        (r"https://s3\.?amazonaws\.com", Rule::UnsafeRegex, "and in `s3amazonaws.com`"),
    ];
    for (source, rule, says) in table {
        rejects(&origins(vec![regex(source)], false), rule, &[Location::Origin(0)], says);
    }
    for source in [r"https?://app\.example\.com", r"http://app\.example\.com", r".*://app\.example\.com"] {
        rejects(
            &origins(vec![regex(source)], true),
            Rule::InsecureCredentials,
            &[Location::Origin(0), Location::Credentials],
            "may match plain-http origins other than loopback ones",
        );
    }
}

#[test]
fn rule_7_regexes_that_match_origins_anyone_can_register() {
    let table = [
        (
            r"https://app\.example\.com.*",
            "lets anything follow the host",
            "https://app.example.com.evil.test",
        ),
        (
            r"https://app\.example\.com(\..+)?",
            "lets anything follow the host",
            "https://app.example.com.evil.test",
        ),
        (r"https://.*example\.com", "before the domain", "https://evilexample.com"),
        (r"https://[a-z]*example\.com", "before the domain", "https://evilexample.com"),
        (r"https://.*", "any host", "https://evil.invalid"),
        (r"https?://.+", "any host", "https://evil.invalid"),
        (r"https://[^/]+", "any host", "https://evil.invalid"),
    ];
    for (source, says, probe) in table {
        let config = origins(vec![regex(source)], false);
        rejects(&config, Rule::UnsafeRegex, &[Location::Origin(0)], says);
        rejects(&config, Rule::UnsafeRegex, &[Location::Origin(0)], &format!("it matches `{probe}`"));
    }
    for sound in [
        r"https://pr-[0-9]+\.preview\.example\.com",
        r"https://.*\.example\.com",
        r"https://([a-z0-9-]+\.)?example\.com",
        r"https://[a-z]+-app\.example\.com",
        r"https://app\.example\.com(:[0-9]+)?",
        r"https://(staging|qa)\.example\.org",
        r"https://[a-z]+\.example\.co\.uk",
        r"http://localhost:[0-9]+",
    ] {
        accepts(&origins(vec![regex(sound)], false));
    }
}

#[test]
fn rule_8_methods() {
    let base = PolicyConfig {
        route_methods: Some(strings(&["GET", "PUT", "PATCH"])),
        ..origins(vec![lit("https://app.example.com")], false)
    };
    accepts(&PolicyConfig { methods: Some(strings(&["PUT", "PATCH"])), ..base.clone() });
    accepts(&PolicyConfig { methods: Some(strings(&["PURGE"])), route_methods: None, ..base.clone() });
    let table = [
        ("GE T", "not an HTTP method"),
        ("", "not an HTTP method"),
        ("CONNECT", "never let scripts send `CONNECT`"),
        ("trace", "never let scripts send `TRACE`"),
        ("TRACK", "never let scripts send `TRACK`"),
        ("patch", "write `PATCH`"),
        ("Get", "write `GET`"),
        ("DELETE", "not served by this route, which serves `GET`, `PUT`, `PATCH`"),
    ];
    for (method, says) in table {
        let config = PolicyConfig { methods: Some(strings(&[method])), ..base.clone() };
        rejects(&config, Rule::InvalidMethod, &[Location::Method(0)], says);
    }
    // `*`: any method, without credentials; alone.
    let any = PolicyConfig { any_method: true, route_methods: None, ..base.clone() };
    let policy = any.validate().unwrap();
    assert!(policy.allows_method(b"PURGE") && policy.allows_method(b"GET"));
    assert_eq!(policy.allow_methods_value(), Some("*"));
    rejects(
        &PolicyConfig { credentials: true, ..any },
        Rule::WildcardWithCredentials,
        &[Location::Methods, Location::Credentials],
        "list the methods",
    );
    rejects(
        &PolicyConfig { methods: Some(strings(&["PUT", "*"])), ..base.clone() },
        Rule::InvalidMethod,
        &[Location::Method(1)],
        "write `methods = \"*\"` alone",
    );
    // No methods: simple requests only, so the keys that only shape a preflight do nothing.
    let simple_only = PolicyConfig { methods: Some(vec![]), ..base };
    accepts(&simple_only);
    accepts(&PolicyConfig { credentials: true, expose_headers: strings(&["etag"]), ..simple_only.clone() });
    let unused = [
        (
            "allow_headers",
            Location::AllowHeader(0),
            PolicyConfig { allow_headers: strings(&["x-trace"]), ..simple_only.clone() },
        ),
        ("max_age", Location::MaxAge, PolicyConfig { max_age: Some(600), ..simple_only.clone() }),
        ("private_network", Location::PrivateNetwork, PolicyConfig { private_network: true, ..simple_only }),
    ];
    for (key, at, config) in unused {
        let says = format!("`{key}` does nothing with `methods = []`");
        rejects(&config, Rule::DuplicateOrMixed, &[at, Location::Methods], &says);
    }
}

#[test]
fn rule_9_headers() {
    let base = origins(vec![lit("https://app.example.com")], false);
    accepts(&PolicyConfig {
        allow_headers: strings(&["Content-Type", "authorization", "x-requested-with"]),
        expose_headers: strings(&["x-total-count", "etag"]),
        ..base.clone()
    });
    for name in [
        "cookie",
        "Cookie",
        "host",
        "origin",
        "referer",
        "content-length",
        "connection",
        "sec-fetch-mode",
        "proxy-authorization",
        "access-control-request-method",
    ] {
        let config = PolicyConfig { allow_headers: strings(&[name]), ..base.clone() };
        rejects(&config, Rule::InvalidHeader, &[Location::AllowHeader(0)], "forbidden request header");
    }
    let cookie = PolicyConfig { allow_headers: strings(&["cookie"]), ..base.clone() };
    rejects(&cookie, Rule::InvalidHeader, &[Location::AllowHeader(0)], "use `credentials`");
    let spaced = PolicyConfig { allow_headers: strings(&["x custom"]), ..base.clone() };
    rejects(&spaced, Rule::InvalidHeader, &[Location::AllowHeader(0)], "not a header name");
    for name in ["set-cookie", "Set-Cookie2"] {
        let config = PolicyConfig { expose_headers: strings(&[name]), ..base.clone() };
        rejects(&config, Rule::InvalidHeader, &[Location::ExposeHeader(0)], "can never be exposed");
    }
    let colon = PolicyConfig { expose_headers: strings(&["x-a:b"]), ..base };
    rejects(&colon, Rule::InvalidHeader, &[Location::ExposeHeader(0)], "not a header name");
}

#[test]
fn rule_10_max_age() {
    let base = origins(vec![lit("https://app.example.com")], false);
    for ok in [0, 5, 600, 7200, 86_400] {
        accepts(&PolicyConfig { max_age: Some(ok), ..base.clone() });
    }
    rejects(
        &PolicyConfig { max_age: Some(-1), ..base.clone() },
        Rule::MaxAgeOutOfRange,
        &[Location::MaxAge],
        "negative",
    );
    rejects(
        &PolicyConfig { max_age: Some(86_401), ..base },
        Rule::MaxAgeOutOfRange,
        &[Location::MaxAge],
        "at most `max_age = 86400`",
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    let config = PolicyConfig {
        origins: vec![
            lit("https://app.example.com/"),
            lit("null"),
            lit("https://*.com"),
            regex("https://a.b.com"),
        ],
        methods: Some(strings(&["patch", "CONNECT"])),
        route_methods: Some(strings(&["PATCH"])),
        allow_headers: strings(&["cookie", "x-ok"]),
        expose_headers: strings(&["set-cookie"]),
        credentials: false,
        max_age: Some(100_000),
        private_network: false,
        any_method: false,
    };
    let errors = config.validate().unwrap_err();
    let found: Vec<(Rule, Location)> = errors.iter().map(|v| (v.rule(), v.locations()[0])).collect();
    assert_eq!(
        found,
        [
            (Rule::MalformedOrigin, Location::Origin(0)),
            (Rule::OpaqueOrigin, Location::Origin(1)),
            (Rule::MisplacedWildcard, Location::Origin(2)),
            (Rule::UnsafeRegex, Location::Origin(3)),
            (Rule::InvalidMethod, Location::Method(0)),
            (Rule::InvalidMethod, Location::Method(1)),
            (Rule::InvalidHeader, Location::AllowHeader(0)),
            (Rule::InvalidHeader, Location::ExposeHeader(0)),
            (Rule::MaxAgeOutOfRange, Location::MaxAge),
        ]
    );
    let printed = errors.to_string();
    assert!(printed.starts_with("invalid CORS policy (9 errors)"), "{printed}");
    assert_eq!(printed.lines().count(), 10);
}

#[test]
fn header_values_are_computed_once_validated() {
    let policy = PolicyConfig {
        origins: vec![lit("https://app.example.com")],
        route_methods: Some(strings(&["GET", "PUT"])),
        allow_headers: strings(&["X-Trace", "Content-Type"]),
        expose_headers: strings(&["X-Total-Count"]),
        credentials: true,
        max_age: Some(600),
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    assert_eq!(policy.allow_methods_value(), Some("GET, PUT"));
    assert_eq!(policy.allow_headers_value(), Some("content-type, x-trace"));
    assert_eq!(policy.expose_headers_value(), Some("x-total-count"));
    assert_eq!(policy.max_age_value(), Some("600"));
    assert!(policy.allows_credentials());

    let bare = origins(vec![lit("*")], false).validate().unwrap();
    assert_eq!(
        bare.allow_methods_value(),
        Some("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        "a policy without a route allows every standard method"
    );
    assert_eq!(bare.allow_headers_value(), None);
    assert_eq!(bare.expose_headers_value(), None);
    assert_eq!(bare.max_age_value(), None);
}

#[test]
fn rule_7_a_regex_fixing_one_host_is_judged_as_the_same_literal() {
    for (literal, source) in [
        ("https://github.io", r"https://github\.io"),
        ("https://intranet", r"https://intranet"),
        ("https://app.example.com", r"https://app\.example\.com"),
    ] {
        accepts(&origins(vec![lit(literal)], false));
        accepts(&origins(vec![regex(source)], false));
    }
    // An intranet host named like a top-level domain, and a registry's suffix: no one's pages.
    for (literal, source) in [
        ("https://intranet", r"https://intranet"),
        ("https://wiki", r"https://(wiki|jira)"),
        ("https://dev", r"https://dev"),
        ("https://co.uk", r"https://co\.uk"),
        ("https://app.example.com", r"https://app\.example\.com"),
    ] {
        accepts(&origins(vec![lit(literal)], true));
        accepts(&origins(vec![regex(source)], true));
    }
}

#[test]
fn rule_13_a_public_suffix_itself_is_no_origin_for_credentials() {
    // The apex of a shared service serves its users' pages (path-style buckets), written
    // either way; a single-label name the list covers only by its default rule is one host.
    for (literal, source) in [
        ("https://s3.amazonaws.com", r"https://s3\.amazonaws\.com"),
        ("https://github.io", r"https://github\.io"),
        ("https://herokuapp.com", r"https://(herokuapp|app\.example)\.com"),
    ] {
        for config in [origins(vec![lit(literal)], true), origins(vec![regex(source)], true)] {
            rejects(
                &config,
                Rule::PublicSuffixWithCredentials,
                &[Location::Origin(0), Location::Credentials],
                "is a public suffix",
            );
        }
    }
}

#[test]
fn rules_6_and_12_judge_a_regex_by_the_origins_it_matches_as_they_judge_literals() {
    let private =
        |entries| PolicyConfig { origins: entries, private_network: true, ..PolicyConfig::default() };
    // Plain http to loopback hosts is secure to browsers, written either way.
    for (literal, source) in [
        ("http://localhost:5173", r"http://localhost:5173"),
        ("http://localhost:*", r"http://localhost:[0-9]+"),
        ("http://127.0.0.1:8080", r"http://127\.0\.0\.1:8080"),
        ("http://[::1]:8080", r"http://\[::1\]:8080"),
        ("http://*.localhost", r"http://[a-z]+\.localhost"),
    ] {
        accepts(&origins(vec![lit(literal)], true));
        accepts(&origins(vec![regex(source)], true));
        accepts(&private(vec![lit(literal)]));
        accepts(&private(vec![regex(source)]));
    }
    // A list written as one regex: each origin judged.
    accepts(&origins(vec![regex(r"https://app\.example\.com|http://localhost:[0-9]+")], true));
    // Plain http to any other host is not, written either way.
    for (literal, source) in [
        ("http://app.example.com", r"https?://app\.example\.com"),
        ("http://app.example.com", r"(https://app\.example\.com|http://app\.example\.com)"),
        ("http://*.example.com", r"http://[a-z]+\.example\.com"),
        ("http://localhost.example.com", r"http://localhost\.example\.com"),
    ] {
        for (config, rule, at) in [
            (origins(vec![lit(literal)], true), Rule::InsecureCredentials, Location::Credentials),
            (origins(vec![regex(source)], true), Rule::InsecureCredentials, Location::Credentials),
            (private(vec![lit(literal)]), Rule::UnsafePrivateNetwork, Location::PrivateNetwork),
            (private(vec![regex(source)]), Rule::UnsafePrivateNetwork, Location::PrivateNetwork),
        ] {
            rejects(&config, rule, &[Location::Origin(0), at], "plain");
        }
    }
}

#[test]
fn rule_7_bounds_the_regexes_judged_and_rule_12_judges_no_more() {
    // 65 plain-http regexes with private-network access: the 65th is refused for their number,
    // and only the 64 judged are refused for plain http.
    let entries = (0..65).map(|i| regex(&format!(r"http://app{i}\.example\.com"))).collect();
    let config = PolicyConfig { origins: entries, private_network: true, ..PolicyConfig::default() };
    let Err(errors) = config.validate() else { panic!("accepted {config:?}") };
    let rules: Vec<_> = errors.iter().map(|v| (v.rule(), v.location())).collect();
    assert!(rules.contains(&(Rule::UnsafeRegex, Location::Origin(64))), "{rules:?}");
    let plain = rules.iter().filter(|(rule, _)| *rule == Rule::UnsafePrivateNetwork).count();
    assert_eq!(plain, 64, "{rules:?}");
}
