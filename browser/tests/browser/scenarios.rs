//! What each scenario does from the page, what the page's script must see, and what the server
//! must have seen.

use crate::engines::Kind;

/// Which page the call is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum From {
    /// `http://localhost:<page port>`.
    Localhost,
    /// `http://app.localhost:<page port>`: tries subdomain patterns for real.
    Subdomain,
}

impl From {
    /// The page's host.
    pub(crate) fn host(self) -> &'static str {
        match self {
            From::Localhost => "localhost",
            From::Subdomain => "app.localhost",
        }
    }
}

/// What the script sees.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome {
    /// The response is readable, with this status; each header reads as given (`None`: hidden).
    Allowed { status: u16, headers: &'static [(&'static str, Option<&'static str>)] },
    /// `fetch` rejects with a `TypeError`.
    Blocked,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Scenario {
    pub(crate) name: &'static str,
    pub(crate) from: From,
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) headers: &'static [(&'static str, &'static str)],
    pub(crate) body: Option<&'static str>,
    pub(crate) credentials: bool,
    /// How many times the page makes the call (twice to see a cached preflight).
    pub(crate) calls: usize,
    pub(crate) outcome: Outcome,
    /// Preflights the server received over all calls.
    pub(crate) preflights: usize,
    /// Engines that send another number of preflights.
    pub(crate) engine_preflights: &'static [(Kind, usize)],
    /// The call runs in a sandboxed frame of the page, whose origin is `null`.
    pub(crate) sandboxed: bool,
    /// Actual requests the server received over all calls.
    pub(crate) arrived: usize,
}

const BASE: Scenario = Scenario {
    name: "",
    from: From::Localhost,
    method: "GET",
    path: "",
    headers: &[],
    body: None,
    credentials: false,
    calls: 1,
    outcome: Outcome::Blocked,
    preflights: 0,
    engine_preflights: &[],
    sandboxed: false,
    arrived: 1,
};

const OK: Outcome = Outcome::Allowed { status: 200, headers: &[] };
const TRACE: &[(&str, &str)] = &[("x-trace", "1")];
const JSON: &[(&str, &str)] = &[("content-type", "application/json")];

pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "simple-get-allowed",
        path: "/public",
        outcome: Outcome::Allowed {
            status: 200,
            headers: &[("x-total-count", Some("7")), ("x-secret", None)],
        },
        ..BASE
    },
    Scenario { name: "simple-get-refused", path: "/private", ..BASE },
    Scenario { name: "credentials-allowed", path: "/account", credentials: true, outcome: OK, ..BASE },
    Scenario { name: "credentials-without-allow-credentials", path: "/anonymous", credentials: true, ..BASE },
    Scenario { name: "credentials-with-wildcard-origin", path: "/public", credentials: true, ..BASE },
    Scenario {
        name: "put-with-custom-header",
        method: "PUT",
        path: "/items",
        headers: TRACE,
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "patch-with-custom-header-and-json",
        method: "PATCH",
        path: "/items",
        headers: &[("x-trace", "1"), ("content-type", "application/json")],
        body: Some("[1]"),
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "put-with-credentials",
        method: "PUT",
        path: "/items",
        headers: TRACE,
        credentials: true,
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "delete-from-refused-origin",
        method: "DELETE",
        path: "/items",
        headers: TRACE,
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "put-with-unlisted-header",
        method: "PUT",
        path: "/items",
        headers: &[("x-other", "1")],
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "lowercase-patch-is-another-method",
        method: "patch",
        path: "/items",
        headers: TRACE,
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "authorization-listed",
        method: "PUT",
        path: "/auth/listed",
        headers: &[("authorization", "Bearer t")],
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "authorization-not-listed",
        method: "PUT",
        path: "/auth/unlisted",
        headers: &[("authorization", "Bearer t")],
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "authorization-not-covered-by-star",
        method: "PUT",
        path: "/auth/star",
        headers: &[("authorization", "Bearer t")],
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "authorization-named-beside-star",
        method: "PUT",
        path: "/auth/star-and-authorization",
        headers: &[("authorization", "Bearer t"), ("x-anything", "1")],
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "preflight-never-meets-auth",
        method: "PUT",
        path: "/guarded/account",
        headers: &[("authorization", "Bearer t")],
        credentials: true,
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "auth-refusal-is-readable",
        method: "PUT",
        path: "/guarded/account",
        headers: &[("content-type", "text/plain")],
        body: Some("no token"),
        credentials: true,
        outcome: Outcome::Allowed { status: 401, headers: &[] },
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "star-covers-other-headers",
        method: "PUT",
        path: "/auth/star",
        headers: &[("x-anything", "1"), ("x-else", "2")],
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "exposed-and-hidden-headers",
        path: "/expose",
        outcome: Outcome::Allowed { status: 200, headers: &[("x-exposed", Some("yes")), ("x-hidden", None)] },
        ..BASE
    },
    Scenario {
        name: "bad-request-is-readable",
        method: "POST",
        path: "/json",
        headers: JSON,
        body: Some("{not json"),
        outcome: Outcome::Allowed { status: 400, headers: &[] },
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "server-error-is-readable",
        path: "/fail",
        outcome: Outcome::Allowed { status: 500, headers: &[] },
        ..BASE
    },
    Scenario { name: "one-path-get-policy", path: "/shared", outcome: OK, ..BASE },
    Scenario {
        name: "one-path-post-policy",
        method: "POST",
        path: "/shared",
        headers: JSON,
        body: Some("{}"),
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "simple-post-to-refusing-policy",
        method: "POST",
        path: "/shared",
        body: Some("text"),
        ..BASE
    },
    Scenario { name: "port-pattern-matches", path: "/port", outcome: OK, ..BASE },
    Scenario { name: "port-pattern-does-not-match", path: "/other-port", ..BASE },
    Scenario {
        name: "max-age-caches-the-preflight",
        method: "PUT",
        path: "/cached",
        headers: TRACE,
        calls: 2,
        outcome: OK,
        preflights: 1,
        arrived: 2,
        ..BASE
    },
    Scenario {
        name: "method-not-in-methods",
        method: "PATCH",
        path: "/method",
        headers: TRACE,
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    Scenario { name: "subdomain-pattern-excludes-apex", path: "/subdomain", credentials: true, ..BASE },
    Scenario {
        name: "subdomain-pattern-matches",
        from: From::Subdomain,
        path: "/subdomain",
        credentials: true,
        outcome: OK,
        ..BASE
    },
    Scenario {
        name: "subdomain-preflighted-with-credentials",
        from: From::Subdomain,
        method: "PUT",
        path: "/items",
        headers: TRACE,
        credentials: true,
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    // What `fetch()` itself refuses before anything is sent, and a value it sends in Latin-1.
    Scenario {
        name: "header-name-not-a-token-throws",
        path: "/public",
        headers: &[("x trace", "1")],
        arrived: 0,
        ..BASE
    },
    Scenario {
        name: "header-value-beyond-latin-1-throws",
        path: "/public",
        headers: &[("x-price", "5 \u{20ac}")],
        arrived: 0,
        ..BASE
    },
    Scenario {
        // 100 characters above U+007F: 100 bytes as Fetch counts them, under the 128-byte limit
        // of a safelisted value, so no preflight; Firefox preflights any such character.
        name: "non-ascii-accept-value",
        path: "/accepts",
        headers: &[(
            "accept",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
        )],
        outcome: OK,
        engine_preflights: &[(Kind::Firefox, 1)],
        ..BASE
    },
    Scenario {
        // One range, `bytes=N-[M]`: a safelisted value (Fetch, CORS-safelisted request-header),
        // so no preflight, though the policy lists no header.
        name: "single-range-needs-no-preflight",
        path: "/anonymous",
        headers: &[("range", "bytes=0-9")],
        outcome: OK,
        ..BASE
    },
    Scenario {
        // Two ranges are not: the preflight asks for `range`, which the policy does not list.
        name: "two-ranges-are-preflighted",
        path: "/anonymous",
        headers: &[("range", "bytes=0-9,20-29")],
        preflights: 1,
        arrived: 0,
        ..BASE
    },
    // Where the engines part from the Fetch standard, on hand-written CORS.
    Scenario {
        name: "engines-let-a-wildcard-cover-authorization",
        path: "/hand/wildcard",
        headers: &[("authorization", "Bearer t"), ("x-trace", "1")],
        outcome: OK,
        preflights: 1,
        ..BASE
    },
    Scenario {
        name: "engines-cache-nothing-for-a-negative-max-age",
        method: "PUT",
        path: "/hand/negative",
        headers: TRACE,
        calls: 2,
        outcome: OK,
        preflights: 2,
        arrived: 2,
        ..BASE
    },
    Scenario {
        name: "firefox-does-not-reuse-a-wildcard-grant",
        method: "PUT",
        path: "/hand/wildcard-cached",
        headers: TRACE,
        calls: 2,
        outcome: OK,
        preflights: 1,
        engine_preflights: &[(Kind::Firefox, 2)],
        arrived: 2,
        ..BASE
    },
    Scenario {
        name: "firefox-forgets-a-grant-whose-response-failed",
        method: "PUT",
        path: "/hand/preflight-only",
        headers: TRACE,
        calls: 2,
        preflights: 1,
        engine_preflights: &[(Kind::Firefox, 2)],
        arrived: 2,
        ..BASE
    },
    Scenario {
        name: "firefox-alone-caches-for-the-null-origin",
        method: "PUT",
        path: "/hand/null-origin",
        headers: TRACE,
        sandboxed: true,
        calls: 2,
        outcome: OK,
        preflights: 1,
        engine_preflights: &[(Kind::Chromium, 2), (Kind::WebKit, 2)],
        arrived: 2,
        ..BASE
    },
];
