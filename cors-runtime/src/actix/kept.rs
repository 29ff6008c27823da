//! A preflight answer's CORS headers as its policy wrote them, kept on the response for the
//! [`Layer`](super::Layer) in front, which did not answer it itself (a `Cors` middleware it
//! cannot see did, or a route's preflight service that routing chose).
//!
//! Middleware between the two may add CORS headers of its own to the answer (a
//! `DefaultHeaders` with `Access-Control-Allow-Origin: *`, `-Max-Age`, `-Allow-Credentials`):
//! on a refusal, or beyond what a grant gives, they would grant what the policy does not, and
//! a browser would keep the grant in its cache for as long as the `Max-Age` they say. The
//! layer puts back the headers kept here, so the policy alone decides the answer, as on every
//! other response.

use actix_web::HttpResponse;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

use super::headers::is_owned;
use super::relay::watching;

/// The policy-owned headers of a preflight answer, as written.
struct Kept(Vec<(HeaderName, HeaderValue)>);

/// Keeps the CORS headers of `answer`, a preflight answer just written, if a layer is
/// watching (otherwise nothing in front puts them back, and nothing is kept).
pub(crate) fn keep(answer: &mut HttpResponse) {
    if !watching() {
        return;
    }
    let kept = answer.headers().iter().filter(|(name, _)| is_owned(name));
    let kept = Kept(kept.map(|(name, value)| (name.clone(), value.clone())).collect());
    answer.extensions_mut().insert(kept);
}

/// Puts back on `response` the CORS headers kept on it as its policy wrote them, if any, in
/// place of all others.
pub(crate) fn put_back<B>(response: &mut HttpResponse<B>) {
    let Some(Kept(kept)) = response.extensions_mut().remove::<Kept>() else {
        return;
    };
    let headers: &mut HeaderMap = response.headers_mut();
    headers.retain(|name, _| !is_owned(name));
    for (name, value) in kept {
        headers.append(name, value);
    }
}
