//! actix-web integration.
//!
//! - [`RouteCors`] and [`register_route`]: what `#[cors]` expands to. The middleware adds a
//!   route's CORS headers to every response; `register_route` registers the resource that
//!   answers the route's preflights, chosen by `Access-Control-Request-Method`, and records the
//!   route for the [report](crate::report()).
//! - [`Cors`]: one policy over a whole `App`, `Scope` or `Resource`.

mod claim;
mod future;
mod headers;
mod preflight;
mod route;
mod scope;

pub use self::future::{CorsFuture, RouteCorsFuture};
pub use self::preflight::{PreflightGuard, preflight_response, register_route};
pub use self::route::{RouteCors, RouteCorsService};
pub use self::scope::{Cors, CorsService};

pub(crate) use self::headers::HeaderValues;
