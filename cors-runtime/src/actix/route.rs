//! The middleware that decorates every response of one route.

use std::future::{Ready, ready};

use actix_web::Error;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};

use super::claim::claim_for_route;
use super::future::{RouteCorsFuture, RouteHeaders};
use super::headers::{judge_actual, origin};
use super::relay::report;
use crate::decision::Decision;
use crate::live::Source;

/// Middleware that adds `policy`'s CORS headers to every response of the resource it wraps:
/// the handler's, its `Err` turned into a response, an extractor's rejection, and the response
/// an error from middleware registered inside it becomes.
///
/// Preflights are answered by [`register_route`](super::preflight::register_route); a request
/// that reaches this middleware is treated as an actual request. Inside a
/// [`Cors`](super::Cors) middleware, this policy wins. Behind a [`Layer`](super::Layer), the
/// layer writes this policy's headers instead (see `relay`).
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use cors_runtime::__private::{RouteCors, source};
/// use strict_cors::Policy;
///
/// let policy = Policy::builder().origin("https://app.example.com").build()?.into_static();
/// let app = App::new().service(
///     web::resource("/items").wrap(RouteCors::new(source(policy))).route(web::get().to(HttpResponse::Ok)),
/// );
/// # let _ = app;
/// # Ok::<(), strict_cors::Violations>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RouteCors {
    source: Source,
}

impl RouteCors {
    /// Middleware for the policy `source` gives.
    pub fn new(source: Source) -> Self {
        RouteCors { source }
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
        ready(Ok(RouteCorsService { service, source: self.source }))
    }
}

/// The service [`RouteCors`] wraps a resource in.
#[derive(Debug)]
pub struct RouteCorsService<S> {
    service: S,
    source: Source,
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
        claim_for_route(req.request());
        if report(self.source) {
            // A `Layer` in front writes this route's headers.
            return RouteCorsFuture { inner: self.service.call(req), write: None };
        }
        let head = req.head();
        let (input, value) = origin(head);
        let policy = self.source.current();
        let (decision, out, origin) = judge_actual(&policy, input, value);
        if decision == Decision::ActualNotAllowed {
            log::debug!(target: "cors", "origin not allowed for {} {}", head.method, head.uri.path());
        }
        RouteCorsFuture { inner: self.service.call(req), write: Some(RouteHeaders { policy, out, origin }) }
    }
}
