//! Who answers for a request when a `Cors` middleware wraps handlers that have their own
//! `#[cors]`: the innermost one. The middleware marks the request unclaimed; a handler's own
//! CORS layer claims it by removing the mark; the middleware acts only on requests still
//! unclaimed when the response comes back. The mark is zero-sized and request extensions are
//! reused, so this allocates nothing.
//!
//! An error from inside reaches the middleware without its request; a route's CORS layer, or a
//! `Cors` middleware further in, marks the response the error becomes instead (on that path
//! only). It marks its responses that are
//! not a success too, for [`Layer`](super::Layer), which decorates those nobody answered for.
//! (Under a `Layer`, a route hands its headers to the layer instead: see `relay`.)

use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::dev::Extensions;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse};

struct Unclaimed;

/// Whether a [`Cors`](super::Cors) middleware has been built in this process. Until one is, no
/// request carries the mark and a route need not look for it: most applications use `#[cors]`
/// alone and skip a map lookup per request. A worker builds its middleware before serving
/// requests, on the thread that serves them, so the flag is always seen in time.
static MIDDLEWARE_BUILT: AtomicBool = AtomicBool::new(false);

/// Records that a `Cors` middleware exists, so that routes claim their requests from now on.
pub(crate) fn middleware_built() {
    MIDDLEWARE_BUILT.store(true, Ordering::Relaxed);
}

/// A route's own CORS layer answers for `request`: claims it if a middleware could be waiting.
pub(crate) fn claim_for_route(request: &HttpRequest) {
    if MIDDLEWARE_BUILT.load(Ordering::Relaxed) {
        claim(request);
    }
}

/// On a response a route's own policy wrote its headers on, where a scope's middleware or
/// `Layer` could take it for one no route answered for: an error's, or any other that is not a
/// success. (A scope's answer does not count: for a `#[cors]` route, `Layer` replaces it with
/// the route's, as the route's own policy always wins.)
struct Answered;

/// On a response a `Cors` middleware's policy acted on, from an error: a `Cors` further out
/// leaves it (the innermost wins). `Layer` does not look at it.
struct ScopeAnswered;

/// Marks `request` as not yet answered for by a CORS layer inside the middleware.
pub(crate) fn offer(request: &HttpRequest) {
    request.extensions_mut().insert(Unclaimed);
}

/// Whether a request whose extensions are `extensions` is offered: a `Cors` middleware around
/// waits to act on it.
pub(crate) fn offered(extensions: &Extensions) -> bool {
    extensions.contains::<Unclaimed>()
}

/// Claims `request`; returns whether it was still unclaimed.
pub(crate) fn claim(request: &HttpRequest) -> bool {
    request.extensions_mut().remove::<Unclaimed>().is_some()
}

/// Marks `response` as answered for by a route's own policy.
pub(crate) fn mark_answered<B>(response: &mut HttpResponse<B>) {
    response.extensions_mut().insert(Answered);
}

/// Whether a route's own policy answered for `response`.
pub(crate) fn answered<B>(response: &HttpResponse<B>) -> bool {
    response.extensions().contains::<Answered>()
}

/// Marks `response`, made from an error, as answered for by a `Cors` middleware's policy.
pub(crate) fn mark_scope_answered<B>(response: &mut HttpResponse<B>) {
    response.extensions_mut().insert(ScopeAnswered);
}

/// Whether a route's own policy or a `Cors` middleware's answered for `response`, made from an
/// error.
pub(crate) fn answered_by_any<B>(response: &HttpResponse<B>) -> bool {
    let extensions = response.extensions();
    extensions.contains::<Answered>() || extensions.contains::<ScopeAnswered>()
}
