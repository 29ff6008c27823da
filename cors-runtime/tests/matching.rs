//! Origin matching: what each kind of entry allows, and the origins attackers try.

use cors_runtime::__private::{OriginEntry, PolicyConfig};
use cors_runtime::{MAX_ORIGIN_LEN, Policy};

fn policy(entries: &[OriginEntry]) -> Policy {
    PolicyConfig { origins: entries.to_vec(), ..PolicyConfig::default() }.validate().unwrap()
}

fn lit(s: &str) -> OriginEntry {
    OriginEntry::Literal(s.to_owned())
}

#[track_caller]
fn check(policy: &Policy, allowed: &[&str], refused: &[&str]) {
    for origin in allowed {
        assert!(policy.allows_origin(origin), "should allow {origin:?}");
    }
    for origin in refused {
        assert!(!policy.allows_origin(origin), "should refuse {origin:?}");
    }
}

#[test]
fn exact_origins() {
    let p = policy(&[lit("https://app.example.com"), lit("http://localhost:3000"), lit("http://[::1]:8080")]);
    check(
        &p,
        &["https://app.example.com", "http://localhost:3000", "http://[::1]:8080"],
        &[
            "https://app.example.com.evil.net",
            "https://evilapp.example.com",
            "https://app.example.co",
            "https://app.example.comm",
            "http://app.example.com",
            "https://app.example.com:443",
            "https://app.example.com:8443",
            "https://APP.example.com",
            "https://app.example.com/",
            "https://app.example.com.",
            "wss://app.example.com",
            "http://localhost:3001",
            "http://localhost",
            "https://localhost:3000",
            "http://[::1]:8081",
            "null",
            "",
            " https://app.example.com",
            "https://app.example.com ",
        ],
    );
}

#[test]
fn subdomain_patterns() {
    let p = policy(&[lit("https://*.example.com")]);
    check(
        &p,
        &["https://app.example.com", "https://a.b.c.example.com", "https://x-1.example.com"],
        &[
            "https://example.com",
            "https://evilexample.com",
            "https://.example.com",
            "https://a..example.com",
            "https://app.example.com.evil.net",
            "https://example.com.evil.net",
            "http://app.example.com",
            "https://app.example.com:8443",
            "https://app.example.co",
            "https://appexample.com",
            "https://app.exAmple.com",
            "https://APP.example.com",
            "https://pplePxcmple.example.com",
            "null",
        ],
    );
}

#[test]
fn port_patterns() {
    let p = policy(&[
        lit("http://localhost:*"),
        lit("https://*.dev.example.com:*"),
        lit("http://[::1]:*"),
        lit("http://127.0.0.1:*"),
    ]);
    check(
        &p,
        &[
            "http://localhost:3000",
            "http://localhost:1",
            "http://localhost",
            "https://a.dev.example.com:8443",
            "https://a.dev.example.com",
            "http://[::1]:5173",
            "http://[::1]",
            "http://127.0.0.1:8080",
        ],
        &[
            "https://localhost:3000",
            "http://localhost.evil.net:3000",
            "http://evil-localhost:3000",
            "http://localhost:",
            "http://localhost:30a0",
            "http://localhost:3000:1",
            "https://dev.example.com:8443",
            "http://a.dev.example.com:8443",
            "http://[::2]:5173",
            "http://[::1]:",
            "http://[::1]x:80",
            "https://[::1]:5173",
            "http://127.0.0.2:8080",
            "http://1.127.0.0.1:8080",
        ],
    );
}

#[test]
fn subdomain_pattern_with_fixed_port() {
    let p = policy(&[lit("https://*.example.com:8443")]);
    check(
        &p,
        &["https://app.example.com:8443"],
        &["https://app.example.com", "https://app.example.com:9443", "https://example.com:8443"],
    );
}

#[test]
fn regexes_match_the_whole_origin() {
    let p = policy(&[
        OriginEntry::Regex(r"https://pr-[0-9]+\.preview\.example\.com".to_owned()),
        OriginEntry::Regex(r"https://(staging|qa)\.example\.org".to_owned()),
    ]);
    check(
        &p,
        &["https://pr-12.preview.example.com", "https://staging.example.org", "https://qa.example.org"],
        &[
            "https://pr-12.preview.example.com.evil.net",
            "xhttps://pr-12.preview.example.com",
            "https://pr-.preview.example.com",
            "https://pr-12xpreviewxexample.com",
            "http://pr-12.preview.example.com",
            "https://prod.example.org",
            "https://staging.example.org:1",
        ],
    );
}

/// A regex that matches more than origins (as rack-cors's documented
/// `%r{http://(.*?)\.example\.com}` does) grants the origins it matches and nothing else:
/// judged by the same reading of an origin as `http://*.example.com`.
#[test]
fn regexes_grant_origins_only() {
    let regex = policy(&[OriginEntry::Regex(r"http://(.*?)\.example\.com".to_owned())]);
    let pattern = policy(&[lit("http://*.example.com")]);
    let origins = ["http://app.example.com", "http://a.b.example.com", "http://my_app.example.com"];
    let not_origins = [
        "http://evil.net/.example.com",
        "http://evil.net?.example.com",
        "http://me@evil.net#.example.com",
        "http://evil.net:80.example.com",
        "http://evil.net\\.example.com",
        "http://EVIL.example.com",
        "http://app.example.com.",
        "http://..example.com",
        "http://.example.com",
    ];
    check(&regex, &origins, &not_origins);
    check(&pattern, &origins, &not_origins);
}

#[test]
fn kinds_combine() {
    let p = policy(&[
        lit("https://example.com"),
        lit("https://*.example.com"),
        OriginEntry::Regex(r"https://[a-z]+\.example\.net".to_owned()),
    ]);
    check(
        &p,
        &["https://example.com", "https://www.example.com", "https://api.example.net"],
        &["https://example.net", "https://a.b.example.net"],
    );
}

#[test]
fn any_origin() {
    let p = policy(&[lit("*")]);
    check(&p, &["https://anything.example", "null"], &[]);
}

#[test]
fn hostile_origins_are_refused() {
    let p =
        policy(&[lit("https://*.example.com"), OriginEntry::Regex(r"https://.+\.example\.org".to_owned())]);
    let long_label = format!("https://{}.example.com", "a".repeat(MAX_ORIGIN_LEN));
    let many_labels = format!("https://{}example.com", "a.".repeat(MAX_ORIGIN_LEN));
    let regex_long = format!("https://{}.example.org", "a".repeat(MAX_ORIGIN_LEN));
    check(
        &p,
        &[],
        &[
            &long_label,
            &many_labels,
            &regex_long,
            "https://a\u{0}.example.com",
            "https://\u{e9}.example.com",
            "https://a b.example.org",
            "https://a\t.example.org",
            ":",
            "://",
            "https://",
            "https://[",
            "https://[::1",
            "https://[::1]x",
        ],
    );
}

#[test]
fn exact_origins_match_the_same_whatever_their_number() {
    // A few are compared one by one, more are hashed: both must agree.
    for count in [1, 2, 4, 5, 1000] {
        let entries: Vec<_> = (0..count).map(|i| lit(&format!("https://app{i}.example.com"))).collect();
        let p = policy(&entries);
        let last = format!("https://app{}.example.com", count - 1);
        let next = format!("https://app{count}.example.com");
        check(
            &p,
            &["https://app0.example.com", &last],
            &[&next, "https://app.example.com", "https://app0.example.co", "https://app0.example.comm", ""],
        );
    }
}

#[test]
fn patterns_sharing_their_ends_stay_apart() {
    // Reversed, these hosts share long runs (`moc.elpmaxe.`) and split at different bytes: the
    // trie must follow each run to its end, never stop inside one.
    let p = policy(&[
        lit("https://*.example.com"),
        lit("https://*.api.example.com"),
        lit("https://*.xample.com"),
        lit("https://*.example.co"),
        lit("http://*.example.com:*"),
        lit("https://app.example.net:*"),
        lit("https://*.b.example.org:8443"),
    ]);
    check(
        &p,
        &[
            "https://a.example.com",
            "https://a.api.example.com",
            "https://x.y.z.example.com",
            "https://a.xample.com",
            "https://a.example.co",
            "http://a.example.com:8080",
            "http://a.example.com",
            "https://app.example.net:1",
            "https://app.example.net",
            "https://c.b.example.org:8443",
        ],
        &[
            "https://example.com",
            "https://xample.com",
            "https://ample.com",
            "https://a.ample.com",
            "https://example.co",
            "https://a.example.c",
            "https://a.example.comm",
            "https://aexample.com",
            "https://.example.com",
            "http://example.com:8080",
            "https://a.example.com:8080",
            "https://b.app.example.net",
            "https://pp.example.net",
            "https://c.b.example.org",
            "https://b.example.org:8443",
            "https://c.b.example.org:844",
            "ftp://a.example.com",
            "https:/a.example.com",
        ],
    );
}
