//! `strict-cors` measured against `actix-cors` and a hand-written floor: the same handler
//! bare, with `#[cors]`, and behind `actix-cors` with the same policy
//! (`https://app.example.com`, credentials, `content-type`, `max_age = 600`), and the requests
//! sent to them. Shared by the benchmarks (`benches/`), the allocation test and the migration
//! tests (`tests/`). Not published.

// actix-web's routing attributes nest the handler fn inside the `pub` service they make.
#![allow(unreachable_pub)]

use std::future::{Ready, ready};
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{AppService, HttpServiceFactory, Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::test::TestRequest;
use actix_web::{Error, HttpRequest, HttpResponse, Responder, post};
use actix_web::{guard, web};
use cors_runtime::__private::{RouteCors, register_route, source};
use strict_cors::{Policy, cors};

/// The origin every policy here allows.
pub const APP: &str = "https://app.example.com";
/// An origin no policy here allows.
pub const OTHER: &str = "https://evil.example.net";

/// The handler without CORS.
#[post("/orders")]
pub async fn plain_handler() -> impl Responder {
    HttpResponse::Ok().finish()
}

/// The handler with the policy written on it.
#[cors(origins = ["https://app.example.com"], credentials, allow_headers = ["content-type"], max_age = 600)]
#[post("/orders")]
pub async fn cors_handler() -> impl Responder {
    HttpResponse::Ok().finish()
}

/// The same policy, named, for `strict_cors::Cors` around a whole application.
pub static SCOPE_POLICY: Policy = strict_cors::policy!(
    origins = ["https://app.example.com"],
    credentials,
    allow_headers = ["content-type"],
    max_age = 600
);

/// The bare handler writing, itself and without any check, the headers `#[cors]` adds to an
/// allowed actual request: `Access-Control-Allow-Origin` copied from `Origin`,
/// `Access-Control-Allow-Credentials` and `Vary`. What any CORS layer on actix-web pays at the
/// least, since actix-web's `HeaderMap` is the only way to send a header.
#[post("/orders")]
pub async fn by_hand_handler(req: HttpRequest) -> impl Responder {
    const TRUE: HeaderValue = HeaderValue::from_static("true");
    const ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
    let mut response = HttpResponse::Ok().finish();
    let headers = response.headers_mut();
    // The response is fresh: appending is the cheapest way in.
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        headers.append(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    headers.append(header::VARY, ORIGIN);
    response
}

/// Middleware that does nothing but what any middleware around an application must: a future
/// of its own around the inner service's, and a response body that admits answers of its own
/// (as `Layer`'s preflight answers do). What a layer costs before it does any work.
#[derive(Clone, Copy, Debug)]
pub struct Idle;

impl<S, B> Transform<S, ServiceRequest> for Idle
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Transform = IdleService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(IdleService { service }))
    }
}

/// The service [`Idle`] wraps an application in.
pub struct IdleService<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for IdleService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Future = IdleFuture<S::Future>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        IdleFuture { inner: self.service.call(req) }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`Idle`].
    pub struct IdleFuture<F> {
        #[pin]
        inner: F,
    }
}

impl<F, B> Future for IdleFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().inner.poll(cx).map(|result| result.map(ServiceResponse::map_into_left_body))
    }
}

/// The same policy through `actix-cors`.
pub fn actix_cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allowed_origin(APP)
        .allowed_methods(["POST"])
        .allowed_header(header::CONTENT_TYPE)
        .supports_credentials()
        .max_age(600)
}

/// Polls a future that completes without waiting, as these services do: no runtime in the
/// measurement.
pub fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// `POST /orders` from `origin`. Header values are `'static`, as a server's are shared.
pub fn actual(origin: &'static str) -> actix_http::Request {
    TestRequest::post()
        .uri("/orders")
        .insert_header((header::ORIGIN, HeaderValue::from_static(origin)))
        .to_request()
}

/// `POST /orders` without `Origin`: not a CORS request.
pub fn same_origin() -> actix_http::Request {
    TestRequest::post().uri("/orders").to_request()
}

/// The preflight for a JSON `POST /orders` from `origin`.
pub fn preflight(origin: &'static str) -> actix_http::Request {
    TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/orders")
        .insert_header((header::ORIGIN, HeaderValue::from_static(origin)))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("POST")))
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_static("content-type")))
        .to_request()
}

/// `request` with every header value copied out of its `'static` storage, as
/// `TestRequest::insert_header(("origin", ".."))` makes them: copying such a value the first
/// time makes it shareable, which allocates.
///
/// # Panics
///
/// Never: a value copied from a header value is a header value.
pub fn copied(mut request: actix_http::Request) -> actix_http::Request {
    let headers = request.headers_mut();
    let all: Vec<_> = headers.iter().map(|(name, value)| (name.clone(), value.as_bytes().to_vec())).collect();
    for (name, value) in all {
        headers.insert(name, HeaderValue::from_bytes(&value).expect("a header value"));
    }
    request
}

/// A route registered as `#[cors]` registers it, for a policy built at run time.
pub struct CorsRoute(pub &'static Policy);

impl HttpServiceFactory for CorsRoute {
    fn register(self, config: &mut AppService) {
        let resource = web::resource("/orders")
            .name("orders")
            .guard(guard::Post())
            .wrap(RouteCors::new(source(self.0), &["POST"]))
            .to(HttpResponse::Ok);
        resource.register(config);
        register_route(config, "orders", "orders", "/orders", &["POST"], source(self.0), Vec::new());
    }
}

/// `n` exact origins, `https://app0.example.com` and on.
pub fn exact_origins(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("https://app{i}.example.com")).collect()
}

/// A credentialed `POST` policy built at run time, as `#[cors]` would make it.
///
/// # Panics
///
/// If `origins` or `regexes` break a rule of the validator.
pub fn build(origins: &[String], regexes: &[String]) -> Policy {
    let mut builder = Policy::builder().origins(origins.iter().cloned()).methods(["POST"]).credentials(true);
    for regex in regexes {
        builder = builder.origin_regex(regex.clone());
    }
    builder.build().expect("a valid policy")
}
