//! Regex entries built from parts that look safe, with `credentials`: whatever the validator
//! accepts must match no origin that someone other than the policy's author can hold: hosts
//! under public suffixes, hosts followed by more labels, IP addresses other than the one named,
//! look-alike domains.

use cors_runtime::Policy;
use proptest::prelude::*;

/// What can come in front of the domain.
const FRONTS: [&str; 8] =
    ["", r"[a-z0-9-]+\.", r"([a-z0-9-]+\.)?", r".*", r".+\.", r"[a-z]+-", r"(app|api)\.", r"([a-z]+\.)+"];
/// The domain part, as a regex: owned domains, public suffixes, names with suffixes under
/// them, IP addresses.
const DOMAINS: [&str; 12] = [
    r"example\.com",
    r"example\.co\.uk",
    r"com",
    r"github\.io",
    r"co\.uk",
    r"amazonaws\.com",
    r"s3\.amazonaws\.com",
    r"herokuapp\.com",
    r"10\.0\.0\.5",
    r"10\.0\.0\.[0-9]+",
    r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+",
    r"(example|shop)\.example\.com",
];
/// What can come after it. (A fixed label after it names another domain, as a listed origin
/// would: the author's choice, judged like the list.)
const BACKS: [&str; 6] = ["", r"(\.[a-z]+)?", r"(:[0-9]+)?", r".*", r"(\.[a-z]+)*", r"(:.*)?"];

/// Origins of hosts someone other than the owner of `example.com`, `example.co.uk` or
/// `10.0.0.5` can hold.
const ATTACKS: [&str; 16] = [
    "https://evil.test",
    "https://evil.com",
    "https://evilexample.com",
    "https://attacker.github.io",
    "https://a.attacker.github.io",
    "https://attacker.co.uk",
    "https://bucket.s3.amazonaws.com",
    "https://a.bucket.s3.amazonaws.com",
    "https://attacker.herokuapp.com",
    "https://10.0.0.7",
    "https://1.2.3.4",
    "https://app.example.com.evil",
    "https://app.example.com.evil.test",
    "https://example.com.com",
    "https://example.co.uk.evil.test",
    "https://evil.example.com.au",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn accepted_regexes_match_only_their_owners_origins(
        front in prop::sample::select(&FRONTS[..]),
        domain in prop::sample::select(&DOMAINS[..]),
        back in prop::sample::select(&BACKS[..]),
    ) {
        let source = format!("https://{front}{domain}{back}");
        if let Ok(policy) = Policy::builder().origin_regex(&source).credentials(true).build() {
            for attack in ATTACKS {
                prop_assert!(!policy.allows_origin(attack), "`{source}` was accepted and matches `{attack}`");
            }
        }
    }
}

#[test]
fn sound_regexes_are_accepted() {
    for source in [
        r"https://[a-z0-9-]+\.example\.com",
        r"https://([a-z0-9-]+\.)?example\.co\.uk(:[0-9]+)?",
        r"https://(app|api)\.example\.com",
        r"https://10\.0\.0\.5",
        r"https://[a-z]+-app\.example\.com",
    ] {
        let built = Policy::builder().origin_regex(source).credentials(true).build();
        assert!(built.is_ok(), "{source}: {:?}", built.err());
    }
}
