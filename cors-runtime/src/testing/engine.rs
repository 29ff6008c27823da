//! Where the engines depart from the Fetch standard, and the CORS-preflight cache (Fetch §4.9)
//! with each engine's departures applied.

use std::time::Duration;

/// A browser engine whose CORS behaviour [`Browser`](super::Browser) models.
///
/// Measured against Chromium 156 and 148, Firefox ESR 153 and 140 and WebKitGTK 2.50 by this
/// crate's browser suite, which runs every scenario through the real engine and through the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    /// Chromium and the browsers built on it.
    Chromium,
    /// Firefox.
    Firefox,
    /// WebKit: Safari, and WebKitGTK.
    WebKit,
}

impl Engine {
    /// The longest an engine keeps a preflight's answer, whatever `Access-Control-Max-Age`
    /// says: Chromium 2 hours, Firefox 24 hours, WebKit 10 minutes.
    pub fn max_age_cap(self) -> Duration {
        Duration::from_secs(match self {
            Engine::Chromium => 7200,
            Engine::Firefox => 86_400,
            Engine::WebKit => 600,
        })
    }

    /// `Access-Control-Allow-Headers: *` covers `authorization` in all three engines; Fetch
    /// §4.8, CORS-preflight fetch, says it never does (`authorization` is a "CORS non-wildcard
    /// request-header name").
    #[allow(clippy::unused_self)] // a rule per engine, the same in all three today
    pub(crate) fn wildcard_covers_authorization(self) -> bool {
        true
    }

    /// A grant that came from `*` (`Access-Control-Allow-Methods: *` or `-Allow-Headers: *`) is
    /// kept and reused by Fetch §4.9; Firefox asks again every time.
    pub(crate) fn reuses_wildcard_grants(self) -> bool {
        self != Engine::Firefox
    }

    /// Whether a cached `Access-Control-Allow-Headers: *` stands for `authorization` on a later
    /// request: Fetch §4.9 says it never does, and Chromium asks again; WebKit lets it.
    pub(crate) fn cached_wildcard_covers_authorization(self) -> bool {
        self == Engine::WebKit
    }

    /// Whether a `*` cached from a preflight made with credentials (where it was no wildcard,
    /// but a header or method named `*`) serves a later request without them as a wildcard, as
    /// Fetch §4.9 lets it and WebKit does; Chromium asks again.
    pub(crate) fn reuses_wildcards_cached_with_credentials(self) -> bool {
        self != Engine::Chromium
    }

    /// Whether a preflight's answer replaces all that was cached for its origin and URL:
    /// Chromium and WebKit keep one answer per origin and URL, the last; Fetch §4.9 keeps an
    /// entry per method and header granted, which Firefox adds to.
    pub(crate) fn keeps_one_answer_per_url(self) -> bool {
        self != Engine::Firefox
    }

    /// Whether answers cached for requests with credentials and for requests without are kept
    /// apart, neither serving the other, as Firefox keeps them; Fetch §4.9 lets an answer
    /// cached with credentials serve a request without.
    pub(crate) fn caches_apart_by_credentials(self) -> bool {
        self == Engine::Firefox
    }

    /// Whether a failed CORS check on the actual response drops the cached preflight answers for
    /// its origin and URL. Fetch §4.1, main fetch, clears them when the request ends in a network
    /// error, which that failure is, and Firefox does; Chromium and WebKit keep them.
    pub(crate) fn forgets_grant_on_failed_response(self) -> bool {
        self == Engine::Firefox
    }

    /// Whether a failed preflight drops the cached preflight answers for its origin and URL, as
    /// Fetch §4.1, main fetch, says, and Chromium and Firefox do; WebKit keeps them (a grant
    /// cached for `x-a` still serves `x-a` after a preflight for `x-b` failed).
    pub(crate) fn forgets_grants_on_failed_preflight(self) -> bool {
        self != Engine::WebKit
    }

    /// Whether a request redirected after a hop that needed a preflight is preflighted again at
    /// every later hop, even with nothing left to ask for (its `Authorization` dropped on the
    /// way to another origin): Firefox and WebKit do; Fetch §4.1, main fetch, asks for a
    /// preflight by the hop's own method and headers, as Chromium does.
    pub(crate) fn preflights_every_hop_after_one(self) -> bool {
        self != Engine::Chromium
    }

    /// Whether a character above U+007F may stand in a CORS-safelisted request header's value
    /// (`accept: é`): Fetch lets it, as Chromium and WebKit do; Firefox preflights it.
    pub(crate) fn safelists_non_ascii_values(self) -> bool {
        self != Engine::Firefox
    }

    /// Whether a header value's characters above U+007F go out in UTF-8 (`é` as two bytes)
    /// rather than one byte each, as Fetch's `ByteString` is sent (Latin-1) and Chromium and
    /// Firefox send it: WebKit does, though it counts them one each against the 128-byte limit.
    pub(crate) fn sends_values_in_utf8(self) -> bool {
        self == Engine::WebKit
    }

    /// Chromium and WebKit do not cache preflights made for the `null` origin (sandboxed
    /// frames, `file:` pages); Firefox does, as Fetch says.
    pub(crate) fn caches_null_origin(self) -> bool {
        self == Engine::Firefox
    }

    /// A fresh Firefox session does not cache its first two preflights.
    pub(crate) fn uncached_first_preflights(self) -> usize {
        if self == Engine::Firefox { 2 } else { 0 }
    }

    /// How long a preflight answer is kept, given `Access-Control-Max-Age` (its lines joined
    /// with `, `): Fetch §4.8, CORS-preflight fetch, takes 5 seconds when it is absent or not a
    /// number; all three engines take a negative number as 0 (not cached) rather than as "not
    /// a number", and Firefox anything but digits (`+600`, `600, 600`).
    pub(crate) fn max_age(self, header: Option<&str>) -> Duration {
        let parsed = header.map(str::trim).and_then(|value| {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            match value.strip_prefix('-') {
                Some(negative) if digits(negative) => Some(0),
                _ if digits(value) => Some(value.parse::<u64>().unwrap_or(u64::MAX)),
                _ if self == Engine::Firefox => Some(0),
                _ => None,
            }
        });
        Duration::from_secs(parsed.unwrap_or(5)).min(self.max_age_cap())
    }
}

/// What one cache entry grants: a method or a request-header name (lowercase), or `*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Grant {
    Method(String),
    Header(String),
}

/// Fetch §4.9 "cache entry": key (origin and URL), credentials, what it grants, and until when.
#[derive(Clone, Debug)]
struct Entry {
    origin: String,
    url: String,
    credentials: bool,
    grant: Grant,
    expires: Duration,
}

/// The CORS-preflight cache of one browser, on the browser's own clock.
#[derive(Debug, Default)]
pub(crate) struct PreflightCache {
    entries: Vec<Entry>,
    /// Preflights answered so far (for Firefox's uncached first ones).
    answered: usize,
}

impl PreflightCache {
    /// Fetch §4.9 "method cache entry match" / "header-name cache entry match": an unexpired
    /// entry for this origin and URL, made with credentials or for a request without them,
    /// granting exactly this (or `*`, for a request without credentials, where the engine
    /// reuses such grants), with each engine's departures.
    pub(crate) fn matches(
        &self,
        engine: Engine,
        key: (&str, &str),
        credentials: bool,
        grant: &Grant,
        now: Duration,
    ) -> bool {
        let wildcard = |e: &Entry| {
            !credentials
                && engine.reuses_wildcard_grants()
                && (!e.credentials || engine.reuses_wildcards_cached_with_credentials())
                && (!matches!(grant, Grant::Header(name) if name == "authorization")
                    || engine.cached_wildcard_covers_authorization())
                && e.grant == wildcard_like(grant)
        };
        self.entries.iter().any(|e| {
            e.origin == key.0
                && e.url == key.1
                && if engine.caches_apart_by_credentials() {
                    e.credentials == credentials
                } else {
                    e.credentials || !credentials
                }
                && now < e.expires
                && (e.grant == *grant || wildcard(e))
        })
    }

    /// Fetch §4.8, CORS-preflight fetch: stores (or refreshes) an entry per method and header
    /// name granted.
    pub(crate) fn store(
        &mut self,
        engine: Engine,
        key: (&str, &str),
        credentials: bool,
        grants: Vec<Grant>,
        max_age: Duration,
        now: Duration,
    ) {
        self.answered += 1;
        if self.answered <= engine.uncached_first_preflights()
            || (key.0 == "null" && !engine.caches_null_origin())
        {
            return;
        }
        if engine.keeps_one_answer_per_url() {
            self.forget(key);
        }
        for grant in grants {
            let expires = now + max_age;
            let existing = self.entries.iter_mut().find(|e| {
                e.origin == key.0 && e.url == key.1 && e.credentials == credentials && e.grant == grant
            });
            match existing {
                Some(entry) => entry.expires = expires,
                None => self.entries.push(Entry {
                    origin: key.0.to_owned(),
                    url: key.1.to_owned(),
                    credentials,
                    grant,
                    expires,
                }),
            }
        }
    }

    /// Drops every entry for this origin and URL.
    pub(crate) fn forget(&mut self, key: (&str, &str)) {
        self.entries.retain(|e| !(e.origin == key.0 && e.url == key.1));
    }
}

fn wildcard_like(grant: &Grant) -> Grant {
    match grant {
        Grant::Method(_) => Grant::Method("*".to_owned()),
        Grant::Header(_) => Grant::Header("*".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_follows_the_engines() {
        let secs = |engine: Engine, header| Engine::max_age(engine, header).as_secs();
        assert_eq!(secs(Engine::Chromium, None), 5);
        assert_eq!(secs(Engine::Chromium, Some("abc")), 5);
        assert_eq!(secs(Engine::Chromium, Some("-1")), 0);
        assert_eq!(secs(Engine::Chromium, Some("86400")), 7200);
        assert_eq!(secs(Engine::Firefox, Some("86400")), 86_400);
        assert_eq!(secs(Engine::WebKit, Some("86400")), 600);
    }
}
