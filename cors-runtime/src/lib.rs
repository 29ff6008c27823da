//! The runtime behind [`strict-cors`](https://docs.rs/strict-cors): the policy model, the
//! validator that is the single source of truth for every CORS rule, origin matching, and the
//! per-request decision engine. With the default feature `actix`, the actix-web middleware that
//! `#[cors]` expands to.
//!
//! Applications depend on `strict-cors`, which re-exports what they use from here; the examples
//! use its paths. `#[cors(...)]` runs the validator at compile time, so a policy that breaks a
//! rule does not compile; [`Policy::builder`] runs the same validator at startup. Without
//! default features this crate does not depend on actix-web, which is how the macro uses it.
//!
//! ```
//! use strict_cors::Policy;
//! use strict_cors::decision::{CorsRequest, Decision, HeaderInput};
//!
//! let policy = Policy::builder().origin("https://app.example.com").credentials(true).build()?;
//!
//! let request = CorsRequest {
//!     method: b"GET",
//!     origin: HeaderInput::One(b"https://app.example.com.evil.net"),
//!     request_method: HeaderInput::Absent,
//!     request_headers: &[],
//!     request_private_network: HeaderInput::Absent,
//! };
//! assert_eq!(policy.decide(&request), Decision::ActualNotAllowed);
//! # Ok::<(), strict_cors::Violations>(())
//! ```

// docs.rs marks what each feature (`actix`, `testing`) brings.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "actix")]
pub mod actix;
mod builder;
mod bytes_map;
mod config;
mod decision;
mod live;
mod origin;
mod policy;
mod report;
mod request;
mod suffix;
#[cfg(feature = "testing")]
pub mod testing;
mod token;
mod validate;
mod violation;

pub use self::builder::PolicyBuilder;
pub use self::decision::{AllowOrigin, Decision, Refusal, ResponseHeaders, Vary, debug_mode, set_debug_mode};
pub use self::live::{Current, LivePolicy, NamedPolicy};
pub use self::origin::MAX_ORIGIN_LEN;
pub use self::policy::Policy;
pub use self::report::{Mount, Report, Row, report};
pub use self::request::{
    CorsRequest, HeaderInput, MAX_REQUEST_HEADERS_ITEMS, MAX_REQUEST_HEADERS_LEN, RequestHeaderNames,
    RequestHeadersError,
};
pub use self::validate::MAX_AGE_LIMIT;
pub use self::violation::{Location, Rule, Violation, Violations, ViolationsIter};

/// What the `#[cors]` macro and the code it generates use: the validator's input as the macro
/// fills it, and the parts of a validated policy as generated code writes them down. Not
/// public API: a policy built from parts by hand skips every check. It changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::config::{OriginEntry, PolicyConfig};
    pub use crate::live::{NamedPolicy, Source};
    pub use crate::policy::{PolicyParts, Str, Strs};

    #[cfg(feature = "actix")]
    pub use crate::actix::future::RouteCorsFuture;
    #[cfg(feature = "actix")]
    pub use crate::actix::preflight::{PreflightGuard, preflight_response, register_route};
    #[cfg(feature = "actix")]
    pub use crate::actix::route::{RouteCors, RouteCorsService};

    use crate::policy::Policy;

    /// A policy from parts the validator produced; `const`, for a `static`.
    ///
    /// # Panics
    ///
    /// On parts no validator produces that would reflect any origin with credentials (rule 1):
    /// in a `static`, that is a compile error. The one hole this module could open by hand that
    /// is cheap to close here; the rest is the validator's, which this module skips.
    pub const fn policy(parts: PolicyParts) -> Policy {
        assert!(
            !(parts.any_origin && parts.credentials),
            "a policy for any origin with credentials is refused (rule 1): build it with `#[cors]`, `policy!` or `Policy::builder()`"
        );
        Policy::from_parts(parts)
    }

    /// Where a route gets `policy` from: generated code names a policy or a live policy alike.
    pub fn source(policy: &'static impl NamedPolicy) -> Source {
        policy.source()
    }

    /// The validated parts of `policy`, for the macro to write down.
    pub fn parts(policy: &Policy) -> &PolicyParts {
        policy.parts()
    }
}
