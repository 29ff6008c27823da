//! The `#[cors(...)]` attribute of the [`cors`](https://docs.rs/cors) crate.
//!
//! The attribute parses its arguments, hands them to `cors_runtime`'s validator (the only place
//! where CORS rules live) and expands to the route plus its preflight resource.
