//! One version of a live policy for a request that two parts of an application judge by it: a
//! `Cors` middleware that found the `#[cors]` route inside it (and answers what the route does
//! not, as far as the route's policy allows), and that route's preflight guard, preflight answer
//! and CORS layer. Each reading the policy anew could see a reload in between and answer as
//! neither version (a preflight the guard let through for a method the answer then refuses); so
//! the middleware keeps the version it read in the request's extensions, and the route reads
//! that one. Only a live policy is kept, so only such a request pays for the entry; the
//! extensions are cleared with the request, and the version freed with it.

use actix_web::HttpRequest;
use actix_web::dev::Extensions;

use crate::live::{Current, Source};

/// The version of a live policy that a `Cors` middleware read for the request.
struct Pinned(Source, Current);

/// Keeps `read`, the version of `source` a `Cors` middleware read, for the route `request`
/// reaches inside it, if `source` is live.
pub(crate) fn pin(request: &HttpRequest, source: Source, read: &Current) {
    if let Source::Live(_) = source {
        actix_web::HttpMessage::extensions_mut(request).insert(Pinned(source, read.clone()));
    }
}

/// The policy of `source` for a request, given its extensions (asked only for a live one): the
/// version a `Cors` middleware kept for it, or else the one in force.
#[inline]
pub(crate) fn current<'r>(
    extensions: impl FnOnce() -> std::cell::Ref<'r, Extensions>,
    source: Source,
) -> Current {
    if let Source::Live(_) = source
        && let Some(Pinned(kept, read)) = extensions().get::<Pinned>()
        && kept.same(source)
    {
        return read.clone();
    }
    source.current()
}

/// [`current`], for a request at hand.
#[inline]
pub(crate) fn current_for(request: &HttpRequest, source: Source) -> Current {
    current(|| actix_web::HttpMessage::extensions(request), source)
}
