//! Compile-time-checked CORS for actix-web.
//!
//! A CORS policy is checked by one validator, [`PolicyConfig::validate`], which reports every
//! mistake at once; the `#[cors]` attribute runs it at compile time. What passes is a
//! [`Policy`] whose response header values are computed before the first request, answered by
//! an allocation-free decision engine.
//!
//! See the README for the attribute, the list of checks and what happens per request.

pub use cors_macros::cors;
pub use cors_runtime::{
    Decision, Location, MAX_AGE_LIMIT, OriginEntry, Policy, PolicyConfig, Refusal, Rule, Violation,
    Violations,
};

/// What generated code refers to. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use actix_web::dev::{AppService, HttpServiceFactory};
    pub use cors_runtime::actix::{RouteCors, preflight_resource};
    pub use cors_runtime::{Policy, PolicyParts};
    pub use std::borrow::Cow;
}
