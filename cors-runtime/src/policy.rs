//! The policy model: what a validated policy allows, with every response header value it will
//! ever send computed up front.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use crate::origin::OriginMatcher;

/// A string that is `&'static` in a policy written in source (built by `#[cors]` in a
/// `static`) and owned in one built at run time.
pub type Str = Cow<'static, str>;
/// A list of [`Str`].
pub type Strs = Cow<'static, [Str]>;

/// The data of a validated policy, in the form generated code writes as a constant.
///
/// Built only by the validator (at run time) or by `#[cors]` from the same validator's output
/// (at compile time): nothing here is checked again.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per key of the attribute
pub struct PolicyParts {
    /// `origins = "*"`.
    pub any_origin: bool,
    /// Exact origins and `*.` / `:*` patterns, as written.
    pub origins: Strs,
    /// `regex(..)` sources, as written.
    pub regexes: Strs,
    /// `credentials`.
    pub credentials: bool,
    /// `private_network`.
    pub private_network: bool,
    /// `methods = "*"`: a preflight may ask for any method.
    pub any_method: bool,
    /// Methods a preflight may ask for, compared byte for byte (`["*"]` with `any_method`).
    pub methods: Strs,
    /// `"*"` in `allow_headers`.
    pub any_header: bool,
    /// Allowed request headers, lowercase and sorted, without `"*"` (beside which only
    /// `authorization` can be listed).
    pub allow_headers: Strs,
    /// `Access-Control-Allow-Methods` of allowed preflights; `None` when no method is allowed.
    pub allow_methods_value: Option<Str>,
    /// `Access-Control-Allow-Headers` of allowed preflights.
    pub allow_headers_value: Option<Str>,
    /// `Access-Control-Expose-Headers` of allowed actual requests.
    pub expose_headers_value: Option<Str>,
    /// `Access-Control-Max-Age` of allowed preflights.
    pub max_age_value: Option<Str>,
}

impl PolicyParts {
    /// A policy that allows no origin: what `strict_cors::policy!` stands in with while it reports
    /// errors, so that the `static` keeps its type.
    pub fn deny_all() -> PolicyParts {
        PolicyParts {
            any_origin: false,
            origins: Cow::Borrowed(&[]),
            regexes: Cow::Borrowed(&[]),
            credentials: false,
            private_network: false,
            any_method: false,
            methods: Cow::Borrowed(&[]),
            any_header: false,
            allow_headers: Cow::Borrowed(&[]),
            allow_methods_value: None,
            allow_headers_value: None,
            expose_headers_value: None,
            max_age_value: None,
        }
    }
}

/// What one policy grants beyond another, header by header (see `Policy::beyond`).
#[cfg(feature = "actix")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per header
pub(crate) struct Beyond {
    /// Any origin (`*`), which a response without `Vary: Origin` grants to every origin a
    /// cache hands it to, where the other allows listed ones. Not withheld from a response:
    /// the other policy's answer, which names the origin, is given instead.
    pub(crate) any_origin: bool,
    pub(crate) credentials: bool,
    pub(crate) private_network: bool,
    pub(crate) methods: bool,
    pub(crate) headers: bool,
    pub(crate) expose: bool,
    pub(crate) max_age: bool,
}

#[cfg(feature = "actix")]
impl Beyond {
    /// Whether nothing is granted beyond.
    pub(crate) fn nothing(self) -> bool {
        self == Beyond::default()
    }

    /// `out` without the headers that grant beyond.
    pub(crate) fn withheld_from(
        self,
        out: crate::decision::ResponseHeaders,
    ) -> crate::decision::ResponseHeaders {
        crate::decision::ResponseHeaders {
            allow_credentials: out.allow_credentials && !self.credentials,
            allow_private_network: out.allow_private_network && !self.private_network,
            allow_methods: out.allow_methods && !self.methods,
            allow_headers: out.allow_headers && !self.headers,
            expose_headers: out.expose_headers && !self.expose,
            max_age: out.max_age && !self.max_age,
            ..out
        }
    }
}

/// A validated CORS policy.
///
/// Made only by the validator: by `#[cors(...)]` and `strict_cors::policy!(...)` at compile
/// time, or by [`Policy::builder`] at run time. Either way every rule has been checked and every
/// header value computed. The origin matcher is built once, the first time the policy is used
/// (for a route, when the route is registered).
///
/// ```
/// use strict_cors::Policy;
///
/// let policy = Policy::builder().origin("https://*.example.com").methods(["GET", "PUT"]).build()?;
/// assert!(policy.allows_origin("https://app.example.com"));
/// assert!(!policy.allows_origin("https://example.com"));
/// assert_eq!(policy.allow_methods_value(), Some("GET, PUT"));
/// # Ok::<(), strict_cors::Violations>(())
/// ```
pub struct Policy {
    parts: PolicyParts,
    compiled: OnceLock<Compiled>,
}

/// What is built from the parts on first use.
pub(crate) struct Compiled {
    pub(crate) matcher: OriginMatcher,
    #[cfg(feature = "actix")]
    pub(crate) values: crate::actix::HeaderValues,
}

impl Policy {
    /// Wraps validated parts; `const` so that generated code can build a `static`.
    pub(crate) const fn from_parts(parts: PolicyParts) -> Self {
        Policy { parts, compiled: OnceLock::new() }
    }

    /// The validated parts, for code generation.
    pub(crate) fn parts(&self) -> &PolicyParts {
        &self.parts
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| Compiled {
            matcher: OriginMatcher::new(&self.parts.origins, &self.parts.regexes),
            #[cfg(feature = "actix")]
            values: crate::actix::HeaderValues::new(self),
        })
    }

    /// Moves a policy built at run time to where `'static` middleware can refer to it. Meant
    /// for startup: the memory is never freed, as befits a policy that lives as long as the
    /// server.
    ///
    /// ```
    /// use strict_cors::{Cors, Policy};
    ///
    /// let policy: &'static Policy = Policy::builder().origin("https://app.example.com").build()?.into_static();
    /// let middleware = Cors::new(policy);
    /// # let _ = middleware;
    /// # Ok::<(), strict_cors::Violations>(())
    /// ```
    pub fn into_static(self) -> &'static Policy {
        Box::leak(Box::new(self))
    }

    /// Builds what the policy needs to answer requests now rather than on the first request.
    pub fn prepare(&self) {
        self.compiled();
    }

    /// Whether `origin` (an `Origin` header value) may read responses.
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.parts.any_origin || self.compiled().matcher.matches(origin.as_bytes())
    }

    /// Whether the policy allows any origin (`origins = "*"`).
    pub fn allows_any_origin(&self) -> bool {
        self.parts.any_origin
    }

    /// Whether credentialed requests are allowed.
    pub fn allows_credentials(&self) -> bool {
        self.parts.credentials
    }

    /// Whether private-network preflights are answered.
    pub fn allows_private_network(&self) -> bool {
        self.parts.private_network
    }

    /// The methods a preflight may ask for.
    pub fn methods(&self) -> impl ExactSizeIterator<Item = &str> {
        self.parts.methods.iter().map(|m| &**m)
    }

    /// Whether a preflight may ask for `method` (compared byte for byte, as browsers do; with
    /// `methods = "*"`, any).
    pub fn allows_method(&self, method: &[u8]) -> bool {
        self.parts.any_method || self.parts.methods.iter().any(|m| m.as_bytes() == method)
    }

    /// Whether a preflight may ask for header `name` (case-insensitive).
    pub fn allows_header(&self, name: &[u8]) -> bool {
        // `*` never covers `authorization`: only naming it allows it.
        if self.parts.any_header && !name.eq_ignore_ascii_case(b"authorization") {
            return true;
        }
        let allowed = &self.parts.allow_headers;
        // A short list is faster to scan than to search. Browsers send names in lowercase, as
        // the list is stored: a plain comparison settles almost every name.
        if allowed.len() <= 8 {
            return allowed.iter().any(|a| a.as_bytes() == name)
                || allowed.iter().any(|a| a.as_bytes().eq_ignore_ascii_case(name));
        }
        allowed.binary_search_by(|a| cmp_lowercase(a.as_bytes(), name)).is_ok()
    }

    /// The grants this policy gives beyond its origins that `other` does not give: where both
    /// allow an origin, these are the headers of this policy's answer that would grant more
    /// than `other` does. Compares a few short lists: made where two policies may answer one
    /// request, never on the common path.
    #[cfg(feature = "actix")]
    pub(crate) fn beyond(&self, other: &Policy) -> Beyond {
        /// The names in `Access-Control-Expose-Headers`.
        fn exposed(parts: &PolicyParts) -> impl Iterator<Item = &str> {
            let value = parts.expose_headers_value.as_deref().unwrap_or("");
            value.split(',').map(str::trim).filter(|name| !name.is_empty())
        }
        let (mine, theirs) = (&self.parts, &other.parts);
        let methods = theirs.any_method
            || (!mine.any_method && mine.methods.iter().all(|m| other.allows_method(m.as_bytes())));
        // `*` covers every header but `authorization`, which is named beside it if allowed.
        let headers = mine.allow_headers.iter().all(|h| other.allows_header(h.as_bytes()))
            && (!mine.any_header || theirs.any_header);
        // Without credentials, `*` exposes every header; with them, browsers read it as a name.
        let exposes = (!theirs.credentials && exposed(theirs).any(|name| name == "*"))
            || exposed(mine).all(|name| exposed(theirs).any(|t| t.eq_ignore_ascii_case(name)));
        // Absent, browsers cache a preflight for 5 seconds.
        let max_age = |parts: &PolicyParts| {
            parts.max_age_value.as_deref().and_then(|v| v.parse::<u32>().ok()).unwrap_or(5)
        };
        Beyond {
            any_origin: mine.any_origin && !theirs.any_origin,
            credentials: mine.credentials && !theirs.credentials,
            private_network: mine.private_network && !theirs.private_network,
            methods: !methods,
            headers: !headers,
            expose: !exposes,
            max_age: max_age(mine) > max_age(theirs),
        }
    }

    /// The `Access-Control-Allow-Methods` value of allowed preflights.
    pub fn allow_methods_value(&self) -> Option<&str> {
        self.parts.allow_methods_value.as_deref()
    }

    /// The `Access-Control-Allow-Headers` value of allowed preflights.
    pub fn allow_headers_value(&self) -> Option<&str> {
        self.parts.allow_headers_value.as_deref()
    }

    /// The `Access-Control-Expose-Headers` value of allowed actual requests.
    pub fn expose_headers_value(&self) -> Option<&str> {
        self.parts.expose_headers_value.as_deref()
    }

    /// The `Access-Control-Max-Age` value of allowed preflights.
    pub fn max_age_value(&self) -> Option<&str> {
        self.parts.max_age_value.as_deref()
    }
}

/// Compares an already-lowercase name with one in any case, as if both were lowercase.
fn cmp_lowercase(lower: &[u8], any: &[u8]) -> std::cmp::Ordering {
    lower.iter().copied().cmp(any.iter().map(u8::to_ascii_lowercase))
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy").field("parts", &self.parts).finish_non_exhaustive()
    }
}

#[cfg(all(test, feature = "actix"))]
mod tests {
    use super::{Beyond, Policy};

    fn policy(build: impl FnOnce(crate::PolicyBuilder) -> crate::PolicyBuilder) -> Policy {
        build(Policy::builder().origin("https://app.example.com")).build().expect("valid")
    }

    #[test]
    fn what_a_policy_grants_beyond_another_is_found_header_by_header() {
        let narrow =
            policy(|b| b.methods(["PUT"]).allow_headers(["x-a"]).expose_headers(["x-total"]).max_age(60));
        let wide = policy(|b| {
            b.methods(["PUT", "DELETE"])
                .allow_headers(["x-a", "x-b"])
                .expose_headers(["X-Total", "x-other"])
                .max_age(600)
                .credentials(true)
        });
        assert!(narrow.beyond(&wide).nothing());
        assert!(narrow.beyond(&narrow).nothing());
        let all = Beyond {
            credentials: true,
            methods: true,
            headers: true,
            expose: true,
            max_age: true,
            ..Beyond::default()
        };
        assert_eq!(wide.beyond(&narrow), all);
        let any = policy(|b| b.any_method().allow_headers(["*"]).expose_headers(["*"]).max_age(86400));
        assert!(narrow.beyond(&any).nothing());
        assert_eq!(
            any.beyond(&narrow),
            Beyond { methods: true, headers: true, expose: true, max_age: true, ..Beyond::default() }
        );
        // Without `max_age`, browsers cache for 5 seconds.
        let unset = policy(|b| b.methods(["PUT"]).allow_headers(["x-a"]).expose_headers(["x-total"]));
        assert!(unset.beyond(&narrow).nothing());
        assert_eq!(narrow.beyond(&unset), Beyond { max_age: true, ..Beyond::default() });
        // `*` covers every header but `authorization`.
        let authorization = policy(|b| b.methods(["PUT"]).allow_headers(["authorization"]).max_age(60));
        assert_eq!(authorization.beyond(&any), Beyond { headers: true, ..Beyond::default() });
        // Any origin goes beyond a list of them.
        let anyone = Policy::builder().origin("*").build().expect("valid");
        let plain = policy(|b| b);
        assert!(anyone.beyond(&plain).any_origin && !plain.beyond(&anyone).any_origin);
        // Neither within the other: each goes beyond in its own way.
        let extra = policy(|b| {
            b.methods(["PUT"]).allow_headers(["x-a", "x-extra"]).expose_headers(["x-total"]).max_age(60)
        });
        assert_eq!(extra.beyond(&wide), Beyond { headers: true, ..Beyond::default() });
        assert!(!wide.beyond(&extra).nothing());
    }
}
