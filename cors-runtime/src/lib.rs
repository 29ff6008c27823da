//! The runtime behind [`strict-cors`](https://docs.rs/strict-cors): the policy model, the validator that is
//! the single source of truth for every CORS rule, origin matching, and the per-request
//! decision engine. With the default feature `actix`, the actix-web middleware, guard and
//! preflight responder that `#[cors]` expands to.
//!
//! `#[cors(...)]` runs [`PolicyConfig::validate`] at compile time, so a policy that breaks a
//! rule does not compile; policies built at run time go through the same function at startup.
//! Without default features this crate does not depend on actix-web, which is how the macro
//! uses it.
//!
//! ```
//! use cors_runtime::{CorsRequest, Decision, HeaderInput, OriginEntry, PolicyConfig};
//!
//! let policy = PolicyConfig {
//!     origins: vec![OriginEntry::Literal("https://app.example.com".into())],
//!     credentials: true,
//!     ..PolicyConfig::default()
//! }
//! .validate()?;
//!
//! let request = CorsRequest {
//!     method: b"GET",
//!     origin: HeaderInput::One(b"https://app.example.com.evil.net"),
//!     request_method: HeaderInput::Absent,
//!     request_headers: HeaderInput::Absent,
//!     request_private_network: HeaderInput::Absent,
//! };
//! assert_eq!(policy.decide(&request), Decision::ActualNotAllowed);
//! # Ok::<(), cors_runtime::Violations>(())
//! ```

#[cfg(feature = "actix")]
pub mod actix;
mod builder;
mod config;
mod decision;
mod origin;
mod policy;
mod report;
mod request;
mod token;
mod validate;
mod violation;

pub use self::builder::PolicyBuilder;
pub use self::config::{OriginEntry, PolicyConfig};
pub use self::decision::{AllowOrigin, Decision, Refusal, ResponseHeaders, Vary};
pub use self::origin::MAX_ORIGIN_LEN;
#[doc(hidden)]
pub use self::policy::PolicyParts;
pub use self::policy::{Policy, Str, Strs};
pub use self::report::{Mount, Report, Row, report};
pub use self::request::{
    CorsRequest, HeaderInput, MAX_REQUEST_HEADERS_ITEMS, MAX_REQUEST_HEADERS_LEN, RequestHeaderNames,
    RequestHeadersError,
};
pub use self::validate::MAX_AGE_LIMIT;
pub use self::violation::{Location, Rule, Violation, Violations};
