//! actix-web integration.
//!
//! - [`Cors`]: one policy over a whole `App`, `Scope` or `Resource`.
//! - [`Layer`]: `#[cors]` routes answered in front of every other middleware.
//! - What `#[cors]` expands to, reached by generated code through [`__private`](crate::__private):
//!   `RouteCors`, a middleware that adds a route's CORS headers to every response, and
//!   `register_route`, which registers the service answering the route's preflights (chosen by
//!   `Access-Control-Request-Method`) and records the route for the [report](crate::report()).

mod claim;
pub(crate) mod future;
mod guards;
mod headers;
mod kept;
mod layer;
mod pinned;
pub(crate) mod preflight;
mod relay;
pub(crate) mod route;
mod routes;
mod scope;
mod segments;

pub use self::future::CorsFuture;
pub use self::layer::{Layer, LayerFuture, LayerService};
pub use self::scope::{Cors, CorsService};

pub(crate) use self::routes::{Mounted, mounted_here};

pub(crate) use self::headers::HeaderValues;
