//! Compile-time-checked CORS for actix-web.
//!
//! Write the policy on the handler it protects; a policy that browsers would mishandle, or that
//! would open a hole, does not compile:
//!
//! ```
//! use actix_web::{App, HttpResponse, Responder, post};
//! use strict_cors::cors;
//!
//! #[cors(origins = ["https://app.example.com"], credentials, max_age = 86400)]
//! #[post("/orders")]
//! async fn create_order() -> impl Responder {
//!     HttpResponse::Created().finish()
//! }
//!
//! let app = App::new().service(create_order); // the route and its preflight
//! # let _ = app;
//! ```
//!
//! - [`cors`]: a policy on one handler.
//! - [`policy!`] and `#[cors(policy = NAME)]`: one policy shared by many handlers.
//! - [`Cors`]: one policy over a whole `App`, `Scope` or `Resource`; a handler's own `#[cors]`
//!   inside it wins.
//! - [`Policy::builder`]: a policy from configuration, checked by the same rules at startup.
//! - [`report()`]: every policy the application serves, as rows or a table.
//!
//! Every rule lives in one validator, [`PolicyConfig::validate`]. The README lists the checks
//! and what happens per request.

/// Attaches a CORS policy to an actix-web handler. Write it above the routing attribute.
///
/// ```
/// use actix_web::{HttpResponse, Responder, put};
/// use strict_cors::cors;
///
/// #[cors(
///     origins = ["https://app.example.com", "https://*.example.org", regex("https://pr-[0-9]+\\.preview\\.example\\.com")],
///     allow_headers = ["content-type", "x-request-id"],
///     expose_headers = ["x-request-id"],
///     credentials,
///     max_age = 600,
/// )]
/// #[put("/orders/{id}")]
/// async fn update_order() -> impl Responder {
///     HttpResponse::Ok()
/// }
/// ```
///
/// Keys: `origins` (required), `methods`, `allow_headers`, `expose_headers`, `credentials`,
/// `max_age`, `private_network`, `policy = NAME` (a `static` made with [`policy!`], alone),
/// `crate = "path"`. The README has the reference and every check.
pub use cors_macros::cors;

/// A named policy, checked at compile time by the same rules as [`cors`], for a `static`.
///
/// Without `methods`, it allows every standard method; under `#[cors(policy = NAME)]` a
/// preflight is further limited to the methods the route serves.
///
/// ```
/// use actix_web::{HttpResponse, Responder, get, post};
/// use strict_cors::{Policy, cors, policy};
///
/// static PUBLIC_API: Policy = policy!(origins = ["https://app.example.com"], credentials, max_age = 600);
///
/// #[cors(policy = PUBLIC_API)]
/// #[get("/orders")]
/// async fn list_orders() -> impl Responder {
///     HttpResponse::Ok()
/// }
///
/// #[cors(policy = PUBLIC_API)]
/// #[post("/orders")]
/// async fn create_order() -> impl Responder {
///     HttpResponse::Created()
/// }
/// ```
pub use cors_macros::policy;
pub use cors_runtime::actix::Cors;
pub use cors_runtime::{
    Decision, Location, MAX_AGE_LIMIT, Mount, OriginEntry, Policy, PolicyBuilder, PolicyConfig, Refusal,
    Report, Row, Rule, Violation, Violations, report,
};

/// What generated code refers to. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use actix_web::dev::{AppService, HttpServiceFactory};
    pub use cors_runtime::actix::{RouteCors, register_route};
    pub use cors_runtime::{Policy, PolicyParts};
    pub use std::borrow::Cow;
}
