//! The middleware that decorates every response of one route.

use std::future::{Ready, ready};

use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::error::InternalError;
use actix_web::http::Method;
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpResponse};

use super::claim::claim_for_route;
use super::future::{RouteCorsFuture, RouteHeaders};
use super::headers::{Preflight, is_preflight, judge_actual, origin, requested_method};
use super::kept;
use super::pinned;
use super::preflight::Prepared;
use super::relay::{Report, report};
use super::routes::serves;
use crate::decision::Decision;
use crate::live::Source;
use crate::request::HeaderInput;

/// Middleware that adds `policy`'s CORS headers to every response of the resource it wraps:
/// the handler's, its `Err` turned into a response, an extractor's rejection, and the response
/// an error from middleware registered inside it becomes.
///
/// Preflights are answered by [`register_route`](super::preflight::register_route). One that
/// reaches a route serving `OPTIONS` itself was declined there, and never runs the handler: a
/// method the route serves but the policy does not allow is refused (403, as any refused
/// preflight), another gets 405 Method Not Allowed, without CORS headers (a
/// [`Cors`](super::Cors) middleware around answers it instead, with its own policy). Inside a
/// `Cors` middleware, this policy wins. Behind a [`Layer`](super::Layer), the layer writes this
/// policy's headers instead (see `relay`).
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use cors_runtime::__private::{RouteCors, source};
/// use strict_cors::Policy;
///
/// let policy = Policy::builder().origin("https://app.example.com").build()?.into_static();
/// let app = App::new().service(
///     web::resource("/items")
///         .wrap(RouteCors::new(source(policy), &["GET"]))
///         .route(web::get().to(HttpResponse::Ok)),
/// );
/// # let _ = app;
/// # Ok::<(), strict_cors::Violations>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RouteCors {
    source: Source,
    /// The methods the route serves.
    methods: &'static [&'static str],
}

impl RouteCors {
    /// Middleware for the policy `source` gives, on a route serving `methods`.
    pub fn new(source: Source, methods: &'static [&'static str]) -> Self {
        RouteCors { source, methods }
    }
}

impl<S, B> Transform<S, ServiceRequest> for RouteCors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = RouteCorsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        self.source.prepare();
        ready(Ok(RouteCorsService { service, source: self.source, methods: self.methods }))
    }
}

/// The service [`RouteCors`] wraps a resource in.
#[derive(Debug)]
pub struct RouteCorsService<S> {
    service: S,
    source: Source,
    methods: &'static [&'static str],
}

impl<S> RouteCorsService<S> {
    /// The answer to a preflight that reached the route, as an error carrying it (the route's
    /// response type has no body of its own to give): not claimed, so that a `Cors` middleware
    /// around answers it instead.
    fn decline(&self, req: &ServiceRequest, origin: HeaderInput<'_>, value: Option<&HeaderValue>) -> Error {
        let head = req.head();
        let asked = requested_method(head);
        let response = if serves(self.methods, asked) {
            // Served, and still declined: refused by the policy, as any preflight is.
            let policy = pinned::current_for(req.request(), self.source);
            Prepared::new(&policy, &Preflight { head, origin }, value).respond(&policy)
        } else {
            log::debug!(
                target: "cors",
                "preflight for {} asks for {}, which the route does not serve",
                head.uri.path(),
                asked.escape_ascii()
            );
            let mut response = HttpResponse::MethodNotAllowed().finish();
            // No CORS header: none that middleware between adds either.
            kept::keep(&mut response);
            response
        };
        InternalError::from_response("a preflight the route does not answer", response).into()
    }
}

impl<S, B> Service<ServiceRequest> for RouteCorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = RouteCorsFuture<S::Future>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let head = req.head();
        if head.method == Method::OPTIONS {
            let (input, value) = origin(head);
            if is_preflight(head, input) {
                return RouteCorsFuture::declined(self.decline(&req, input, value));
            }
        }
        claim_for_route(req.request());
        // Under a `Layer`, read as the route would read it (a `Cors` middleware around may have
        // kept the version it read).
        let read = || pinned::current_for(req.request(), self.source);
        if report(self.source, read) == Report::Taken {
            // A `Layer` in front writes this route's headers.
            return RouteCorsFuture::relayed(self.service.call(req));
        }
        let (input, value) = origin(head);
        let policy = read();
        let (decision, out, origin) = judge_actual(&policy, input, value);
        if decision == Decision::ActualNotAllowed {
            log::debug!(target: "cors", "origin not allowed for {} {}", head.method, head.uri.path());
        }
        RouteCorsFuture::own(self.service.call(req), RouteHeaders { policy, out, origin })
    }
}
