//! The middleware that decorates every response of one route.

use std::future::{Ready, ready};
use std::pin::Pin;
use std::task::{Context, Poll, ready as ready_poll};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpRequest};
use pin_project_lite::pin_project;

use super::headers::{cors_request, origin_to_reflect, write};
use crate::decision::ResponseHeaders;
use crate::policy::Policy;

/// Middleware that adds `policy`'s CORS headers to every response of the resource it wraps:
/// the handler's, its `Err` turned into a response, an extractor's rejection, and an error
/// from middleware registered inside it.
///
/// Preflights are answered by [`preflight_resource`](super::preflight_resource); a request
/// that reaches this middleware is treated as an actual request.
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use cors_runtime::actix::RouteCors;
/// use cors_runtime::{OriginEntry, Policy, PolicyConfig};
/// use std::sync::LazyLock;
///
/// static POLICY: LazyLock<Policy> = LazyLock::new(|| {
///     PolicyConfig {
///         origins: vec![OriginEntry::Literal("https://app.example.com".into())],
///         ..PolicyConfig::default()
///     }
///     .validate()
///     .unwrap()
/// });
///
/// let app = App::new().service(
///     web::resource("/items")
///         .wrap(RouteCors::new(&POLICY))
///         .route(web::get().to(HttpResponse::Ok)),
/// );
/// # let _ = app;
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RouteCors {
    policy: &'static Policy,
}

impl RouteCors {
    /// Middleware for `policy`.
    pub fn new(policy: &'static Policy) -> Self {
        RouteCors { policy }
    }
}

impl<S, B> Transform<S, ServiceRequest> for RouteCors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Transform = RouteCorsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        self.policy.prepare();
        ready(Ok(RouteCorsService { service, policy: self.policy }))
    }
}

/// The service [`RouteCors`] wraps a resource in.
#[derive(Debug)]
pub struct RouteCorsService<S> {
    service: S,
    policy: &'static Policy,
}

impl<S, B> Service<ServiceRequest> for RouteCorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Future = RouteCorsFuture<S::Future>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let head = req.head();
        let decision = self.policy.decide_actual(cors_request(head).origin);
        let out = decision.response_headers(self.policy);
        let origin = origin_to_reflect(head, &out);
        if decision == crate::Decision::ActualNotAllowed {
            log::debug!(target: "cors", "origin not allowed for {} {}", head.method, head.uri.path());
        }
        let request = req.request().clone();
        RouteCorsFuture {
            inner: self.service.call(req),
            policy: self.policy,
            out,
            origin,
            request: Some(request),
        }
    }
}

pin_project! {
    /// The response future of [`RouteCorsService`].
    pub struct RouteCorsFuture<F> {
        #[pin]
        inner: F,
        policy: &'static Policy,
        out: ResponseHeaders,
        origin: Option<HeaderValue>,
        // Kept to turn an `Err` from inside into a response that carries the headers too.
        request: Option<HttpRequest>,
    }
}

impl<F, B> Future for RouteCorsFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match ready_poll!(this.inner.poll(cx)) {
            Ok(response) => response.map_into_left_body(),
            Err(error) => match this.request.take() {
                Some(request) => ServiceResponse::from_err(error, request).map_into_right_body(),
                None => return Poll::Ready(Err(error)),
            },
        };
        write(response.headers_mut(), this.policy, this.out, this.origin.take());
        Poll::Ready(Ok(response))
    }
}
