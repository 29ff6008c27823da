//! `Layer`: CORS in front of every other middleware of an application.

use std::cell::OnceCell;
use std::future::{Ready, ready};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::Error;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use pin_project_lite::pin_project;

use super::claim::{answered, mark_answered};
use super::headers::{is_preflight, origin, reflect, write};
use super::preflight::answer_preflight;
use super::routes::Routes;
use crate::live::Source;
use crate::request::HeaderInput;

/// Middleware written once, last, on the `App`, for applications whose other middleware may
/// refuse or answer requests (authentication, rate limits).
///
/// With it, a preflight for a `#[cors]` route is answered by that route's policy (chosen by
/// `Access-Control-Request-Method`, as without it), and one for any path under a
/// [`Cors::scope`](super::Cors::scope) by the scope's policy, before any other middleware or
/// the handler runs: an auth layer never sees a preflight, which carries no credentials. And a
/// response to an actual request for such a route carries its CORS headers whoever made it: an
/// auth layer's `Ok(401)`, an `Err` it returned, so the page can read why it failed. A
/// `#[cors]` route inside a `Cors::scope` keeps its own policy, for the methods it serves.
///
/// Without other middleware in front of `#[cors]` routes, nothing needs this.
///
/// ```
/// use actix_web::body::MessageBody;
/// use actix_web::dev::{ServiceRequest, ServiceResponse};
/// use actix_web::middleware::{Next, from_fn};
/// use actix_web::{App, Error, HttpResponse, Responder, error, post, web};
/// use strict_cors::{Layer, cors};
///
/// async fn auth(
///     req: ServiceRequest,
///     next: Next<impl MessageBody + 'static>,
/// ) -> Result<ServiceResponse<impl MessageBody>, Error> {
///     if !req.headers().contains_key("authorization") {
///         return Err(error::ErrorUnauthorized("sign in first"));
///     }
///     next.call(req).await
/// }
///
/// #[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
/// #[post("/orders")]
/// async fn create_order() -> impl Responder {
///     HttpResponse::Created()
/// }
///
/// let app = App::new()
///     .service(web::scope("/api").wrap(from_fn(auth)).service(create_order))
///     .wrap(Layer);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Layer;

impl<S, B> Transform<S, ServiceRequest> for Layer
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Transform = LayerService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(LayerService { service, routes: OnceCell::new() }))
    }
}

/// The service [`Layer`] wraps an application in.
pub struct LayerService<S> {
    service: S,
    /// The application's `#[cors]` routes and `Cors::scope`s, found on its first request.
    routes: OnceCell<Routes>,
}

impl<S> std::fmt::Debug for LayerService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayerService").finish_non_exhaustive()
    }
}

/// What a response nobody answered for needs to be given its route's headers: whose policy
/// applies and the request's `Origin`, kept because an error comes back without its request.
struct Pending {
    /// The route's policy, or the `Cors::scope`'s around it.
    source: Source,
    origin: HeaderValue,
}

impl Pending {
    fn decorate(&self, headers: &mut HeaderMap) {
        let policy = self.source.current();
        let (decision, found) = policy.judge_actual(HeaderInput::One(self.origin.as_bytes()));
        let out = decision.response_headers(&policy);
        let origin = reflect(&policy, Some(&self.origin), found, out);
        write(headers, &policy, out, origin);
    }
}

impl<S, B> Service<ServiceRequest> for LayerService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Future = LayerFuture<S::Future>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let head = req.head();
        let (input, value) = origin(head);
        // Not a CORS request: nothing to do, and nothing paid.
        let Some(value) = value.filter(|_| input.is_present()) else {
            return LayerFuture::inner(self.service.call(req), None);
        };
        let routes = self.routes.get_or_init(|| Routes::of(req.request()));
        let group = routes.reached(req.request());
        let preflight = is_preflight(head, input);
        // The method whose route answers: the one asked for on a preflight.
        let method = if preflight {
            head.headers().get(header::ACCESS_CONTROL_REQUEST_METHOD).map_or(&[][..], HeaderValue::as_bytes)
        } else {
            head.method.as_str().as_bytes()
        };
        let route = group.and_then(|group| {
            routes.group(group).find(|r| r.methods.iter().any(|served| served.as_bytes() == method))
        });
        // The route's policy if it serves the method (and, for a preflight, allows it), or else
        // the policy of the `Cors::scope` around the path, which answers every preflight under
        // it, refusals too, as `Cors` does. Neither: routing decides, as without the layer.
        let route_policy = route.map(|route| route.source.current());
        let (source, policy) = match route_policy {
            Some(policy) if !preflight || policy.allows_method(method) => {
                (route.map(|r| r.source), Some(policy))
            }
            _ => (routes.scope(req.path()), None),
        };
        let Some(source) = source else {
            return LayerFuture::inner(self.service.call(req), None);
        };
        if preflight {
            // One policy for the whole answer.
            let policy = policy.unwrap_or_else(|| source.current());
            let answer = answer_preflight(&policy, req.request(), input, Some(value));
            return LayerFuture { state: State::Answered { response: Some(req.into_response(answer)) } };
        }
        let pending = Pending { source, origin: value.clone() };
        LayerFuture::inner(self.service.call(req), Some(pending))
    }
}

pin_project! {
    /// The response future of [`Layer`].
    pub struct LayerFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        /// A preflight the layer answered itself.
        Answered { response: Option<ServiceResponse> },
        /// The inner service's response, given its route's headers if it comes back unclaimed
        /// (`pending: None`: passed on as it is).
        Inner {
            #[pin]
            inner: F,
            pending: Option<Pending>,
        },
    }
}

impl<F> LayerFuture<F> {
    fn inner(inner: F, pending: Option<Pending>) -> Self {
        LayerFuture { state: State::Inner { inner, pending } }
    }
}

impl<F, B> Future for LayerFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (inner, pending) = match self.project().state.project() {
            StateProj::Answered { response } => {
                let response = response.take().expect("LayerFuture polled after completion");
                return Poll::Ready(Ok(response.map_into_right_body()));
            }
            StateProj::Inner { inner, pending } => (inner, pending),
        };
        let result = std::task::ready!(inner.poll(cx));
        let Some(pending) = pending.take() else {
            return Poll::Ready(result.map(ServiceResponse::map_into_left_body));
        };
        Poll::Ready(match result {
            Ok(mut response) => {
                // A success came from the route (or from no CORS route at all); anything else no
                // route's policy answered for came from something in front of the route.
                if !response.status().is_success() && !answered(response.response()) {
                    pending.decorate(response.headers_mut());
                    mark_answered(response.response_mut());
                }
                Ok(response.map_into_left_body())
            }
            Err(mut error) => {
                error.add_response_mapper(move |mut response| {
                    if !answered(&response) {
                        pending.decorate(response.headers_mut());
                        mark_answered(&mut response);
                    }
                    response
                });
                Err(error)
            }
        })
    }
}
