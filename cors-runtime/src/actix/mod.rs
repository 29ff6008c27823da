//! actix-web integration: the pieces `#[cors]` expands to.
//!
//! - [`RouteCors`]: middleware on a route's resource that adds the CORS headers to every
//!   response, the handler's errors and extractor rejections included.
//! - [`PreflightGuard`] and [`preflight_response`]: the resource that answers preflights for
//!   the same path, chosen by `Access-Control-Request-Method`; [`preflight_resource`] puts them
//!   together.

mod headers;
mod preflight;
mod route;

pub use self::preflight::{PreflightGuard, preflight_resource, preflight_response};
pub use self::route::{RouteCors, RouteCorsFuture, RouteCorsService};

pub(crate) use self::headers::HeaderValues;
