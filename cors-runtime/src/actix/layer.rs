//! `Layer`: CORS in front of every other middleware of an application.

use std::cell::OnceCell;
use std::future::{Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::Method;
use actix_web::http::header::{HeaderMap, HeaderValue};
use actix_web::http::uri::PathAndQuery;
use actix_web::{Error, HttpRequest};
use pin_project_lite::pin_project;

use super::claim::answered;
use super::headers::{is_preflight, judge_actual, origin, requested_method, write};
use super::kept::put_back;
use super::preflight::answer_preflight;
use super::relay::{Seen, watch};
use super::routes::{Lookup, Reach, Reached, Routed, Routes, UnderScope};
use super::scope::cors_outside_scopes_live;
use crate::decision::Decision;
use crate::live::{Current, Source};
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
    routes: OnceCell<Rc<Routes>>,
}

impl<S> std::fmt::Debug for LayerService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayerService").finish_non_exhaustive()
    }
}

/// What the response to a request needs to be given the headers of the policy that answers for
/// it (for a request without `Origin`, its `Vary`), kept from before the call, because an error
/// comes back without its request.
struct Pending {
    /// The request's `Origin` (its first, if repeated), if it has one.
    origin: Option<HeaderValue>,
    /// Whether the request had several: refused, whatever they say.
    repeated: bool,
    /// The route the request reached, which reported to the layer (see [`relay`](super::relay)):
    /// its policy answers for every response.
    reached: Option<Current>,
    /// For a response no route answered for (from an auth layer in front of it, say): the
    /// policy of the route the path and method lead to, or of the `Cors::scope` around it.
    fallback: Option<Current>,
    /// Whose `fallback` is.
    fallback_of: Fallback,
    /// The policy of the innermost `Cors` middleware the request passed, if any, which answers
    /// for what came back through it rather than the `Cors::scope` the path is under, once the
    /// request passed that scope's own middleware (`passed_scope`): before it (an auth layer
    /// outside it refused), a middleware passed is one around the scope.
    middleware: Option<Current>,
    /// The policy of the `Cors::scope` the fallback is, to tell when its middleware is passed.
    scope: Option<Source>,
    passed_scope: bool,
}

/// The route an actual request's path and method lead to, found before the call or, with what
/// finding it needs, after.
enum Found {
    /// Found: whose policy answers for a response no route answered for, and that policy as
    /// it is now.
    Now(Option<Source>, Fallback, Option<Current>),
    /// The path and method, for [`Routes::route_by_path`].
    Later(PathAndQuery, Method),
}

/// Whose policy answers for a response no route answered for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fallback {
    /// A `Cors::scope`'s, which answers for whatever is under it (or, if the request passed
    /// `Cors` middleware, the innermost one's), but what something registered before it on its
    /// paths answered, as the part of the path the router read tells (see
    /// [`UnderScope::routed`](super::routes::UnderScope::routed)).
    Scope(Routed),
    /// A route's, unless the router went elsewhere, as the part of the path it read tells: to a
    /// resource (which, not having reported, is not that route: another host's, say), or into
    /// another scope.
    Route(Routed),
}

impl Fallback {
    /// `fallback`, whose policy this is, if it is a `Cors::scope`'s: the one whose middleware
    /// the request is expected to pass.
    fn scope(self, fallback: Option<Source>) -> Option<Source> {
        fallback.filter(|_| matches!(self, Fallback::Scope(_)))
    }
}

impl Pending {
    /// The policy that answers for a response, given whether a route's own policy already
    /// wrote its headers on it, and the request's path with the part the router left unread
    /// (`None` when the request is not at hand), each asked only if it matters.
    fn answering<'r>(
        &self,
        answered: impl FnOnce() -> bool,
        read_path: impl FnOnce() -> Option<(&'r str, &'r str)>,
    ) -> Option<&Current> {
        if self.reached.is_some() {
            return self.reached.as_ref();
        }
        let fallback = match self.fallback_of {
            Fallback::Scope(routed) => {
                // The router read more of the path than the scope's prefix takes, and the request
                // never reached the scope's own middleware: something outside the scope answered.
                let outside = !self.passed_scope
                    && read_path().is_some_and(|(path, unread)| routed.elsewhere(path, unread));
                match &self.middleware {
                    Some(middleware) if self.fallback.is_none() || self.passed_scope || outside => {
                        Some(middleware)
                    }
                    _ if outside => None,
                    _ => self.fallback.as_ref(),
                }
            }
            Fallback::Route(routed)
                if read_path().is_none_or(|(path, unread)| !routed.elsewhere(path, unread)) =>
            {
                self.fallback.as_ref()
            }
            Fallback::Route(_) => None,
        };
        fallback.filter(|_| !answered())
    }

    /// For a request without `Origin` that reached the route of policy `route`: that policy
    /// answers for its response (its `Vary`), whatever made it.
    fn without_origin(route: Current) -> Pending {
        Pending::no_origin(Some(route), None, Fallback::Scope(Routed::UNKNOWN), &Passed::default())
    }

    /// For a request without `Origin` that reached no route, whose response therefore came from
    /// something in front of one: the policy that would answer for it had the request an
    /// `Origin` answers for it too (its `Vary`), found now, from the path and method: the
    /// route's, or the innermost `Cors` middleware's or `Cors::scope`'s, as `passed` says.
    fn without_origin_found(routes: &Routes, request: &HttpRequest, passed: &Passed) -> Pending {
        let route = routes.route(request, request.method().as_str().as_bytes(), false);
        // The `Cors::scope` around the path was found before the call.
        let (fallback, fallback_of) = fallback(route, || passed.scope);
        Pending::no_origin(None, fallback, fallback_of, passed)
    }

    /// For a request without `Origin` whose response is an error from something in front of
    /// every route, which comes back without its request, so without the path: a policy of
    /// the application whose answer varies on `Origin`, if any, answers for it (its `Vary`: a
    /// cache must not give the response to a request with `Origin`).
    fn without_origin_or_path(routes: &Routes) -> Pending {
        Pending::no_origin(None, routes.varying(), Fallback::Scope(Routed::UNKNOWN), &Passed::default())
    }

    /// For a request without `Origin`: the policy of the route it `reached`, or else the one
    /// `fallback`, `fallback_of` and the `Cors` middleware it passed say, as for a request with
    /// one (see [`answering`](Pending::answering)).
    fn no_origin(
        reached: Option<Current>,
        fallback: Option<Source>,
        fallback_of: Fallback,
        passed: &Passed,
    ) -> Pending {
        Pending {
            origin: None,
            repeated: false,
            reached,
            fallback: fallback.map(Source::current),
            fallback_of,
            middleware: passed.middleware.clone(),
            scope: fallback_of.scope(fallback),
            passed_scope: passed.through_scope,
        }
    }

    /// The response, given the headers of the policy that answers for it.
    #[inline]
    fn finish<B>(self, result: Result<ServiceResponse<B>, Error>) -> Result<ServiceResponse<B>, Error> {
        match result {
            Ok(mut response) => {
                // A route that was reached answers for all its responses. Otherwise the response
                // came from something in front of the route (an auth layer's refusal, a cache's
                // copy), which the route's policy answers for too, unless a route's own policy
                // already wrote its headers on it.
                let path = response.request().match_info();
                let read_path = || Some((path.as_str(), path.unprocessed()));
                if let Some(policy) = self.answering(|| answered(response.response()), read_path) {
                    decorate(policy, self.origin.as_ref(), self.repeated, response.headers_mut());
                }
                Ok(response)
            }
            Err(mut error) => {
                error.add_response_mapper(move |mut response| {
                    if let Some(policy) = self.answering(|| answered(&response), || None) {
                        decorate(policy, self.origin.as_ref(), self.repeated, response.headers_mut());
                    }
                    response
                });
                Err(error)
            }
        }
    }
}

/// For a request that reached a route, which reported to the layer: the route's policy, which
/// answers for every response to it, and the request's `Origin`.
struct RouteAnswers {
    policy: Current,
    /// The request's `Origin` (its first, if repeated), if it has one.
    origin: Option<HeaderValue>,
    /// Whether the request had several.
    repeated: bool,
}

impl RouteAnswers {
    /// Writes the route's headers.
    #[inline]
    fn decorate(&self, headers: &mut HeaderMap) {
        decorate(&self.policy, self.origin.as_ref(), self.repeated, headers);
    }
}

/// Writes `policy`'s headers for a request whose `Origin` is `origin` (`repeated` if several).
fn decorate(policy: &Current, origin: Option<&HeaderValue>, repeated: bool, headers: &mut HeaderMap) {
    let input = match origin {
        _ if repeated => HeaderInput::Repeated,
        Some(origin) => HeaderInput::One(origin.as_bytes()),
        None => HeaderInput::Absent,
    };
    let (decision, out, reflected) = judge_actual(policy, input, origin);
    if decision == Decision::ActualNotAllowed {
        log::debug!(target: "cors", "origin {origin:?} not allowed");
    }
    write(headers, policy, out, reflected);
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
        let routes = self.routes.get_or_init(|| Rc::new(Routes::of(req.request())));
        let head = req.head();
        let (input, value) = origin(head);
        let Some(value) = value else { return self.without_origin(routes, req) };
        if is_preflight(head, input) {
            return match preflight_answer(routes, &req, input, value) {
                Some(answer) => {
                    LayerFuture { state: State::Answered { response: Some(req.into_response(answer)) } }
                }
                None => {
                    // Routing answers it as without the layer (a `Cors` middleware the layer
                    // cannot see, a route's preflight service, or the router's 404 or 405), and
                    // its answer is left as it is, but for CORS headers that middleware between
                    // added to one a policy gave (see `kept`).
                    let (inner, _) = watch(None, || self.service.call(req));
                    LayerFuture::inner(inner, Track::Routed)
                }
            };
        }
        let repeated = input == HeaderInput::Repeated;
        // The route the path and method lead to, whose policy answers for a response that comes
        // back from something in front of it, perhaps as an error, without its request: found
        // now, or, where the path and method alone tell, once the call shows it is needed
        // (most requests reach their route while the layer calls it).
        // (A method name of up to 15 bytes, as every standard one, is kept in place by `http`:
        // copying it allocates nothing.)
        let later = routes.path_for_later(req.request()).filter(|_| head.method.as_str().len() < 16);
        let found = match later {
            Some(path) => Found::Later(path, head.method.clone()),
            None => {
                let route = routes.route(req.request(), head.method.as_str().as_bytes(), false);
                let (fallback, fallback_of) = fallback(route, || routes.scope(req.request()));
                // As it is when the request reaches the layer: a live policy reloaded meanwhile
                // answers from the next request on.
                Found::Now(fallback, fallback_of, fallback.map(Source::current))
            }
        };
        let origin = value.clone();
        let scope = match &found {
            Found::Now(fallback, fallback_of, _) => fallback_of.scope(*fallback),
            Found::Later(..) => None,
        };
        let (inner, mut seen) = watch(scope, || self.service.call(req));
        // A route reached while the layer called it: its policy answers for the response,
        // whatever else was found.
        if let Some(policy) = seen.route_policy() {
            return LayerFuture::reached(inner, RouteAnswers { policy, origin: Some(origin), repeated });
        }
        let (fallback, fallback_of, fallback_now) = match found {
            Found::Now(fallback, fallback_of, now) => (fallback, fallback_of, now),
            Found::Later(path, method) => {
                let (fallback, fallback_of) =
                    fallback(routes.route_by_path(path.path(), method.as_str().as_bytes()), || None);
                // Fixed policies: read at any time, the same.
                (fallback, fallback_of, fallback.map(Source::current))
            }
        };
        LayerFuture::inner(
            inner,
            Track::Origin(Pending::unreached(
                origin,
                repeated,
                (fallback, fallback_now),
                fallback_of,
                &mut seen,
            )),
        )
    }
}

impl<S> LayerService<S> {
    /// [`call`](Service::call) for a request without `Origin`: not a CORS request, but its
    /// response varies on `Origin` as the route's policy says, whatever made it (middleware
    /// between may replace the route's). If no route reports (something in front of it
    /// answers), the route its path leads to is found when the response comes back: most
    /// requests need no search.
    fn without_origin<B>(&self, routes: &Rc<Routes>, req: ServiceRequest) -> LayerFuture<S::Future>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    {
        // The `Cors::scope` around the path, whose middleware the request may pass (none in
        // most applications: nothing to look for).
        let scope = routes.scope(req.request());
        // Under a policy that allows any origin, even such a request's answer is more than a
        // `Vary` (`Access-Control-Allow-Origin: *`, for caches to give to any page), so the
        // route is found now, should an `Err` come back without its path.
        let found = routes.may_allow_any_origin().then(|| {
            let method = req.method().as_str().as_bytes();
            fallback(routes.route(req.request(), method, false), || scope)
        });
        let (inner, mut seen) = watch(scope.map(|scope| scope.source), || self.service.call(req));
        if let Some(policy) = seen.route_policy() {
            return LayerFuture::reached(inner, RouteAnswers { policy, origin: None, repeated: false });
        }
        let track = Track::Unreached(Rc::clone(routes), Passed::seen(scope, &mut seen), found);
        LayerFuture::inner(inner, track)
    }
}

/// The answer to a preflight whose `Origin` is `input` (`value`) that the layer gives itself,
/// before anything else runs: by the route's policy if it serves the method (refusing it if it
/// does not list it, as the route itself would), unless a `Cors::scope` around the path answers
/// a method the route does not list; or else by that scope's policy, which answers every
/// preflight under it, refusals too, as `Cors` does. `None` where routing answers it.
#[inline(never)]
fn preflight_answer(
    routes: &Routes,
    req: &ServiceRequest,
    input: HeaderInput<'_>,
    value: &HeaderValue,
) -> Option<actix_web::HttpResponse> {
    // The method whose route answers: the one asked for.
    let method = requested_method(req.head());
    let scope = || routes.scope(req.request());
    // A `Cors` middleware of another policy inside the scope (written `.wrap(Cors::new(..))`),
    // whose place the layer cannot see, may be the innermost one on the path, which answers as
    // without the layer: routing finds out.
    let scope_answers = |scope: UnderScope| (!scope.holds_other_cors).then(|| scope.source.current());
    let policy = match routes.route(req.request(), method, true) {
        Lookup::Route(Reached { route, .. }) => {
            let policy = route.source.current();
            // Most preflights ask for a method the route's policy lists: no scope to look for.
            if policy.allows_method(method) {
                Some(policy)
            } else {
                match scope() {
                    // The same live policy is read once.
                    Some(scope) if !scope.source.same(route.source) => scope_answers(scope),
                    // A `Cors::new` the map does not show may be around the route, and answer
                    // the method its policy does not list, as it does without the layer:
                    // routing finds out.
                    None if cors_outside_scopes_live() => None,
                    _ => Some(policy),
                }
            }
        }
        Lookup::Nothing => scope().and_then(scope_answers),
        // Routing finds which, and that route's preflight service answers.
        Lookup::Undecided => None,
    }?;
    Some(answer_preflight(&policy, req.request(), input, Some(value)))
}

impl Pending {
    /// For a request with `Origin` (`origin`, `repeated` if several) that reached no route while
    /// the layer called it: the policies that may answer for its response, the fallback's
    /// (`fallback`, as it was when the request reached the layer) and that of the innermost
    /// `Cors` middleware passed, as `seen` says.
    #[cold]
    fn unreached(
        origin: HeaderValue,
        repeated: bool,
        (fallback, fallback_now): (Option<Source>, Option<Current>),
        fallback_of: Fallback,
        seen: &mut Seen,
    ) -> Pending {
        Pending {
            origin: Some(origin),
            repeated,
            reached: None,
            fallback: fallback_now,
            fallback_of,
            middleware: seen.middleware_policy(),
            scope: fallback_of.scope(fallback),
            passed_scope: seen.passed_expected,
        }
    }
}

/// Whose policy answers for a response no route answered for, to a request whose route (for
/// its method) is `route`, under the `Cors::scope` that `scope` finds, if any.
#[inline]
fn fallback(route: Lookup<'_>, scope: impl FnOnce() -> Option<UnderScope>) -> (Option<Source>, Fallback) {
    match route {
        // A route found past a scope the resource map stopped at answers only preflights: the
        // response may be that scope's (another host's default service, say).
        Lookup::Route(Reached { reach: Reach::Past, .. }) | Lookup::Nothing => {
            let scope = scope();
            let routed = scope.map_or(Routed::UNKNOWN, |scope| scope.routed);
            // A `Cors::new` of another policy may be inside the scope, the innermost on the
            // path, whose policy may refuse what the scope's grants: the scope's does not answer
            // for what comes back from in front of it (the innermost `Cors` passed still does).
            let source = scope.filter(|scope| !scope.holds_other_cors).map(|scope| scope.source);
            (source, Fallback::Scope(routed))
        }
        Lookup::Route(Reached { route, routed, .. }) => (Some(route.source), Fallback::Route(routed)),
        // Not knowing which route, no policy answers for what did not come from one.
        Lookup::Undecided => (None, Fallback::Route(Routed::UNKNOWN)),
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
        /// The response of a route that reported to the layer while it was called: its policy
        /// answers for it (taken when it is written).
        Reached {
            #[pin]
            inner: F,
            answers: Option<RouteAnswers>,
        },
        /// The inner service's response, given its route's headers as `track` says.
        Inner {
            #[pin]
            inner: F,
            track: Track,
        },
    }
}

/// What the layer does with the inner service's response.
enum Track {
    /// Nothing: what a state is replaced with while it is polled; a future polled again after
    /// completion passes on what the service gives.
    Nothing,
    /// A preflight routing answers, the layer not: a policy's answer gets back the CORS
    /// headers the policy wrote, in place of any that middleware between added.
    Routed,
    /// Give the response the headers of the policy that answers for it, as `Pending` says.
    Origin(Pending),
    /// A request without `Origin` that reached no route of the application `Routes` yet: if it
    /// reaches none, the response came from something in front of the route, and gets the
    /// `Vary` of the policy that would answer for it had it an `Origin` (found before the
    /// call, in an application with a policy that allows any origin).
    Unreached(Rc<Routes>, Passed, Option<(Option<Source>, Fallback)>),
}

/// The `Cors` middleware a request without `Origin` passed while it reached no route.
#[derive(Clone, Default)]
struct Passed {
    /// The `Cors::scope` around the path, if any.
    scope: Option<UnderScope>,
    /// The policy of the innermost `Cors` middleware passed, as it read it.
    middleware: Option<Current>,
    /// Whether the request went through `scope`'s own middleware.
    through_scope: bool,
}

impl Passed {
    /// What a watch expecting `scope`'s middleware saw.
    fn seen(scope: Option<UnderScope>, seen: &mut Seen) -> Passed {
        Passed { scope, middleware: seen.middleware_policy(), through_scope: seen.passed_expected }
    }

    /// With what a watch over a later poll saw.
    fn and(self, seen: &mut Seen) -> Passed {
        Passed {
            middleware: seen.middleware_policy().or(self.middleware),
            through_scope: self.through_scope || seen.passed_expected,
            ..self
        }
    }
}

impl<F> LayerFuture<F> {
    fn inner(inner: F, track: Track) -> Self {
        LayerFuture { state: State::Inner { inner, track } }
    }

    fn reached(inner: F, answers: RouteAnswers) -> Self {
        LayerFuture { state: State::Reached { inner, answers: Some(answers) } }
    }
}

impl<F, B> Future for LayerFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (inner, track) = match self.project().state.project() {
            StateProj::Answered { response } => {
                let response = response.take().expect("LayerFuture polled after completion");
                return Poll::Ready(Ok(response.map_into_right_body()));
            }
            StateProj::Reached { inner, answers } => {
                let Poll::Ready(mut result) = inner.poll(cx) else { return Poll::Pending };
                if let Some(answers) = answers.take() {
                    match &mut result {
                        // Written where the response lies.
                        Ok(response) => answers.decorate(response.headers_mut()),
                        Err(error) => error.add_response_mapper(move |mut response| {
                            answers.decorate(response.headers_mut());
                            response
                        }),
                    }
                }
                return Poll::Ready(result.map(ServiceResponse::map_into_left_body));
            }
            StateProj::Inner { inner, track } => (inner, track),
        };
        let mut tracked = match std::mem::replace(track, Track::Nothing) {
            Track::Nothing => {
                return inner.poll(cx).map(|result| result.map(ServiceResponse::map_into_left_body));
            }
            Track::Routed => return poll_routed(inner, track, cx),
            Track::Unreached(routes, passed, found) => {
                return poll_unreached(inner, track, routes, passed, found, cx);
            }
            Track::Origin(tracked) => tracked,
        };
        // A route reached during an earlier poll (middleware in between waited) has reported
        // already; only the first report counts. (One reached while the request was called is
        // tracked by `State::Reached`.)
        let result = if tracked.reached.is_some() {
            inner.poll(cx)
        } else {
            let (result, mut seen) = watch(tracked.scope, || inner.poll(cx));
            tracked.reached = seen.route_policy();
            if let Some(middleware) = seen.middleware_policy() {
                tracked.middleware = Some(middleware);
            }
            tracked.passed_scope |= seen.passed_expected;
            result
        };
        let Poll::Ready(result) = result else {
            *track = Track::Origin(tracked);
            return Poll::Pending;
        };
        Poll::Ready(tracked.finish(result).map(ServiceResponse::map_into_left_body))
    }
}

/// [`LayerFuture::poll`] for a preflight routing answers.
#[inline(never)]
fn poll_routed<F, B>(
    inner: Pin<&mut F>,
    track: &mut Track,
    cx: &mut Context<'_>,
) -> Poll<Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    let (result, _) = watch(None, || inner.poll(cx));
    let Poll::Ready(result) = result else {
        *track = Track::Routed;
        return Poll::Pending;
    };
    let result = match result {
        Ok(mut response) => {
            put_back(response.response_mut());
            Ok(response.map_into_left_body())
        }
        Err(mut error) => {
            error.add_response_mapper(|mut response| {
                put_back(&mut response);
                response
            });
            Err(error)
        }
    };
    Poll::Ready(result)
}

/// [`LayerFuture::poll`] for a request without `Origin` that reached no route yet. Kept out of
/// the common path: most requests reach their route while the layer calls it.
#[inline(never)]
fn poll_unreached<F, B>(
    inner: Pin<&mut F>,
    track: &mut Track,
    routes: Rc<Routes>,
    passed: Passed,
    found: Option<(Option<Source>, Fallback)>,
    cx: &mut Context<'_>,
) -> Poll<Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    let (result, mut seen) = watch(passed.scope.map(|scope| scope.source), || inner.poll(cx));
    let reached = seen.route_policy().map(Pending::without_origin);
    let passed = passed.and(&mut seen);
    let Poll::Ready(result) = result else {
        *track = match reached {
            Some(pending) => Track::Origin(pending),
            None => Track::Unreached(routes, passed, found),
        };
        return Poll::Pending;
    };
    let pending = match (reached, found, &result) {
        (Some(pending), _, _) => pending,
        (None, Some((fallback, fallback_of)), _) => Pending::no_origin(None, fallback, fallback_of, &passed),
        (None, None, Ok(response)) => Pending::without_origin_found(&routes, response.request(), &passed),
        (None, None, Err(_)) => Pending::without_origin_or_path(&routes),
    };
    Poll::Ready(pending.finish(result).map(ServiceResponse::map_into_left_body))
}
