//! `Cors`: one policy over a whole `App`, `Scope` or `Resource`.

use std::cell::{Cell, OnceCell, RefCell};
use std::future::{Ready, ready};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{
    AppService, HttpServiceFactory, ResourceDef, Service, ServiceFactory, ServiceRequest, ServiceResponse,
    Transform,
};
use actix_web::guard::Guard;
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpRequest, Scope};

use super::claim::{claim, middleware_built, offer};
use super::future::{CorsFuture, CorsState, Instead, Then};
use super::headers::{Preflight, is_preflight, judge_actual, origin, requested_method};
use super::pinned;
use super::preflight::Prepared;
use super::relay::report_middleware;
use super::routes::{Lookup, Reach, Reached, Routes, scope_node};
use crate::decision::{Decision, ResponseHeaders};
use crate::live::{Current, NamedPolicy, Source};
use crate::policy::{Beyond, Policy};
use crate::report::{self, Mount};
use crate::request::HeaderInput;

/// Middleware applying one named policy to everything it wraps, as `actix-cors` users do
/// today: it answers preflights for every path under it and adds the CORS headers to every
/// response, error responses included.
///
/// A handler inside with its own `#[cors]` keeps its own policy: its responses and preflights
/// are left as that policy made them, what middleware between the two refuses on its path (an
/// auth layer's 401, to a preflight too) is answered by that policy as well, where this one
/// allows it too, and no CORS header is ever sent twice. A preflight for a
/// method no such handler serves is answered by this middleware's policy: at once, before
/// anything it wraps runs, unless another `Cors` middleware with another policy lives on the
/// thread (actix-web does not tell a middleware what it wraps, so that one may be inside, and
/// routing runs first) that is not a [`Cors::scope`]'s, or is one the path is under.
///
/// ```
/// use actix_web::{App, HttpResponse, web};
/// use strict_cors::{Cors, Policy, policy};
///
/// static API: Policy = policy!(origins = ["https://app.example.com"], credentials, max_age = 600);
///
/// let app = App::new().service(
///     web::scope("/api").wrap(Cors::new(&API)).route("/items", web::get().to(HttpResponse::Ok)),
/// );
/// # let _ = app;
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Cors {
    source: Source,
    /// The [`Cors::scope`] this is the middleware of, if any: its building ends the scope's (see
    /// [`Building`]), and adds no row to the report (the scope has its own, with its path).
    of_scope: Option<ScopeId>,
}

/// Tells one [`Cors::scope`] from another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ScopeId(u64);

impl Cors {
    /// Middleware for `policy`: a `static` made with `strict_cors::policy!`, a
    /// [`LivePolicy`](crate::LivePolicy), or a policy built at run time and made `'static` with
    /// [`Policy::into_static`](crate::Policy::into_static).
    pub fn new(policy: &'static impl NamedPolicy) -> Self {
        Cors { source: policy.source(), of_scope: None }
    }

    /// `web::scope(path)` wrapped in this middleware, where [`Layer`](super::Layer) and the
    /// [report](crate::report()) can see it: with the layer on the `App`, a preflight for any
    /// path under the scope is answered by this policy before any other middleware runs (an
    /// auth layer written on the scope, or on the `App`, never sees it), and a response that
    /// middleware makes, such as a 401, gets this policy's headers. (Unless a `Cors::new` of
    /// another policy is wrapped around something inside: it may be the innermost on the path,
    /// so the layer leaves the scope's preflights to routing, as without it. Nest `Cors::scope`s
    /// instead.) Without the layer it is the same as `web::scope(path).wrap(Cors::new(..))`.
    ///
    /// ```
    /// use actix_web::{App, HttpResponse, web};
    /// use strict_cors::{Cors, Layer, Policy, policy};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], credentials);
    ///
    /// let app = App::new()
    ///     .service(
    ///         Cors::new(&API)
    ///             .scope("/api")
    ///             .wrap(actix_web::middleware::Logger::default()) // say, auth
    ///             .route("/items", web::get().to(HttpResponse::Ok)),
    ///     )
    ///     .wrap(Layer);
    /// # let _ = app;
    /// ```
    pub fn scope(
        self,
        path: &str,
    ) -> Scope<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<EitherBody<BoxBody>>,
            Error = Error,
            InitError = (),
        > + use<>,
    > {
        static SCOPES: AtomicU64 = AtomicU64::new(0);
        let id = ScopeId(SCOPES.fetch_add(1, Ordering::Relaxed));
        let mark = ScopeMark { path: path.to_owned(), source: self.source, id };
        Scope::new(path).service(mark).wrap(Cors { of_scope: Some(id), ..self })
    }
}

/// The node a [`Cors::scope`] puts into its scope, from which `Layer` learns the scope's full
/// prefix. Its guard accepts no request: the router never runs its service.
struct ScopeMark {
    path: String,
    source: Source,
    id: ScopeId,
}

impl HttpServiceFactory for ScopeMark {
    fn register(self, config: &mut AppService) {
        // The `Cors` wrapping the scope prepares the policy when it is built.
        report::record(report::Row::middleware(Mount::Scope { path: self.path.clone() }, self.source));
        // Raised when a `Cors` middleware of another policy, not a `Cors::scope`'s, may be built
        // inside the scope.
        let holds_other_cors = Rc::new(Cell::new(false));
        let building =
            Building { source: self.source, id: self.id, holds_other_cors: Rc::downgrade(&holds_other_cors) };
        let (node, mark) = scope_node(&self.path, self.source, holds_other_cors);
        // A request path never holds a NUL byte, but the router matches the path with its
        // escapes decoded (`%00`): a guard that accepts nothing keeps the router off the node,
        // which the resource map, walked without guards, still finds.
        let never: Box<dyn Guard> = Box::new(actix_web::guard::fn_guard(|_| false));
        let service = unreachable_service(building);
        config.register_service(ResourceDef::new(mark), Some(vec![never]), service, Some(node));
    }
}

/// The service of the [`ScopeMark`] node, which its guard never lets a request reach: were one
/// to, it would meet the scope's 404. Being the scope's first service, it is built first of its
/// services (actix-web builds a scope's default service, then its services in order, then its
/// middleware): from then until the scope's own `Cors` is built, the scope is `building`.
fn unreachable_service(
    building: Building,
) -> impl ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse, Error = Error, InitError = ()>
{
    actix_web::dev::fn_factory(move || {
        let building = building.clone();
        async move {
            BUILDING.with_borrow_mut(|scopes| {
                // A scope whose application failed to build is never finished: let it go.
                scopes.retain(|scope| scope.holds_other_cors.strong_count() > 0);
                scopes.push(building);
            });
            Ok(actix_web::dev::fn_service(|req: ServiceRequest| async {
                Ok(req.into_response(actix_web::HttpResponse::NotFound()))
            }))
        }
    })
}

/// A `Cors::scope` being built, from its first service to its own `Cors`.
///
/// A `Cors` middleware of another policy, not a `Cors::scope`'s, built meanwhile on the thread
/// may be inside the scope, and answer the scope's preflights instead: the scope is told so.
/// Inside, it is built meanwhile whatever the order (a service whose building waits lets
/// actix-web build others in between, which are then taken for inside too: the layer then
/// leaves preflights to routing, which answers them as without it), but for one around the
/// scope's own default service, which actix-web builds before the scope's services.
#[derive(Clone)]
struct Building {
    source: Source,
    id: ScopeId,
    holds_other_cors: Weak<Cell<bool>>,
}

thread_local! {
    /// The `Cors::scope`s being built on this thread.
    static BUILDING: RefCell<Vec<Building>> = const { RefCell::new(Vec::new()) };
}

/// Notes that a `Cors` middleware of policy `source`, not a `Cors::scope`'s, is built: every
/// `Cors::scope` of another policy being built may hold it.
fn plain_cors_built(source: Source) {
    BUILDING.with_borrow(|scopes| {
        for scope in scopes.iter().filter(|scope| !scope.source.same(source)) {
            if let Some(flag) = scope.holds_other_cors.upgrade() {
                flag.set(true);
            }
        }
    });
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Transform = CorsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        self.source.prepare();
        middleware_built();
        match self.of_scope {
            None => report::record(report::Row::middleware(Mount::Middleware, self.source)),
            // The scope's building ends.
            Some(id) => BUILDING.with_borrow_mut(|scopes| {
                if let Some(at) = scopes.iter().position(|scope| scope.id == id) {
                    scopes.remove(at);
                }
            }),
        }
        ready(Ok(CorsService {
            service,
            source: self.source,
            routes: OnceCell::new(),
            met: RefCell::new(Vec::new()),
            counted: Counted::new(self.source, self.of_scope.is_none()),
        }))
    }
}

thread_local! {
    /// How many `Cors` middlewares the applications on this thread (a worker's one, in a
    /// server) have: where there is one, no other can be inside it. actix-web does not tell a
    /// middleware what it wraps, so with several, one may be.
    static LIVE: Cell<usize> = const { Cell::new(0) };
    /// The policy of each of them that is not a [`Cors::scope`]'s, which the resource map does
    /// not show. A server bound to several addresses builds a worker's application once for
    /// each, so one `Cors::new(&P)` is counted as many times.
    static UNSEEN: RefCell<Vec<Source>> = const { RefCell::new(Vec::new()) };
    /// How many of those were built outside every `Cors::scope`: only they can be around a
    /// route under none.
    static OUTSIDE_SCOPES: Cell<usize> = const { Cell::new(0) };
}

/// Whether a `Cors` middleware that is not a `Cors::scope`'s, built outside every one, lives on
/// this thread: it may be around any route under no `Cors::scope`, where, the resource map does
/// not show.
pub(crate) fn cors_outside_scopes_live() -> bool {
    OUTSIDE_SCOPES.get() > 0
}

/// Whether the `Cors` middleware asking is the only one on this thread.
fn alone() -> bool {
    LIVE.get() <= 1
}

/// Counts a `Cors` middleware of policy `source` in [`LIVE`] (and, if `unseen`, in [`UNSEEN`],
/// telling the `Cors::scope`s being built that it may be inside them) while it lives.
struct Counted {
    source: Source,
    unseen: bool,
    /// Whether it is counted in [`OUTSIDE_SCOPES`] too.
    outside_scopes: bool,
}

impl Counted {
    fn new(source: Source, unseen: bool) -> Self {
        LIVE.set(LIVE.get() + 1);
        let mut outside_scopes = false;
        if unseen {
            UNSEEN.with_borrow_mut(|unseen| unseen.push(source));
            plain_cors_built(source);
            outside_scopes = BUILDING.with_borrow(Vec::is_empty);
            if outside_scopes {
                OUTSIDE_SCOPES.set(OUTSIDE_SCOPES.get() + 1);
            }
        }
        Counted { source, unseen, outside_scopes }
    }

    /// Whether a `Cors` middleware of another policy that is not a `Cors::scope`'s lives on the
    /// thread: where it is, the resource map does not show, so it may be inside this one.
    fn beside_other_policies(&self) -> bool {
        UNSEEN.with_borrow(|unseen| unseen.iter().any(|other| !other.same(self.source)))
    }

    /// Whether no other `Cors` middleware on the thread with another policy can be inside this
    /// one on `request`'s path, though others live: every other one is a `Cors::scope`'s,
    /// which the resource map shows, or has this one's policy (the same middleware in the
    /// application built for another address, say); and the innermost `Cors::scope` the path
    /// is under, if any, has this one's policy too. (One with the same policy, inside, would
    /// answer the preflight alike.)
    fn innermost(&self, routes: &Routes, request: &HttpRequest) -> bool {
        !self.beside_other_policies()
            && !routes.scope_unknown(request)
            && routes.scope(request).is_none_or(|inner| inner.source.same(self.source))
    }
}

/// Says, once per thread (a server's worker), that `Cors::new` middlewares of several policies
/// let routing run before they answer a preflight (the first for `path`), so that what they
/// wrap sees it, and what to write instead.
fn warn_preflights_routed(path: &str) {
    thread_local! {
        static WARNED: Cell<bool> = const { Cell::new(false) };
    }
    if WARNED.replace(true) {
        return;
    }
    log::warn!(
        target: "cors",
        "`Cors::new` middlewares of several policies (a preflight for {path:?}): actix-web \
         does not tell one what it wraps, so each lets routing run before it answers a \
         preflight, and what it wraps (auth, a handler for any method, a default service) sees \
         the preflight; write each as `Cors::new(&POLICY).scope(..)`, whose place the resource \
         map shows, and each answers at once"
    );
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.set(LIVE.get().saturating_sub(1));
        if self.outside_scopes {
            OUTSIDE_SCOPES.set(OUTSIDE_SCOPES.get().saturating_sub(1));
        }
        if self.unseen {
            UNSEEN.with_borrow_mut(|unseen| {
                if let Some(at) = unseen.iter().position(|other| other.same(self.source)) {
                    unseen.swap_remove(at);
                }
            });
        }
    }
}

/// The service [`Cors`] wraps its target in.
pub struct CorsService<S> {
    service: S,
    source: Source,
    /// The application's `#[cors]` routes, found on the first preflight.
    routes: OnceCell<Routes>,
    /// For each fixed policy of a `#[cors]` route met, what it and this middleware's, if fixed
    /// too, grant beyond each other: the same for every request (a few list comparisons saved
    /// on each); a live policy's is asked anew.
    met: RefCell<Vec<(&'static Policy, BeyondEach)>>,
    counted: Counted,
}

impl<S: std::fmt::Debug> std::fmt::Debug for CorsService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorsService")
            .field("service", &self.service)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl<S, B> Service<ServiceRequest> for CorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Future = CorsFuture<S::Future>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // As it is when the request reaches this middleware: a live policy reloaded meanwhile
        // answers from the next request on, whoever answers this one.
        let own = self.source.current();
        report_middleware(self.source, &own);
        let head = req.head();
        let (input, value) = origin(head);
        let preflight = is_preflight(head, input);
        // The method whose route answers: the one asked for on a preflight.
        let method = if preflight { requested_method(head) } else { head.method.as_str().as_bytes() };
        let routes = self.routes.get_or_init(|| Routes::of(req.request()));
        // What comes back unclaimed by a `#[cors]` route that the path and method lead to (auth
        // in between refused the request, or the preflight, which carries no credentials) is
        // that route's policy's to answer, as far as this one allows it too: the resource map
        // that finds the route does not run guards, so the route may be another host's, in a
        // sibling scope this middleware is not around, and what this policy refuses stays
        // refused, as do the grants its headers would not give (credentials, headers, a longer
        // cache). So a wider policy here never grants what the route's refuses, and a route
        // elsewhere never grants what this one refuses. (An application with `Cors` middleware
        // and no `#[cors]` route has nothing to look up.)
        let lookup =
            if routes.is_empty() { Lookup::Nothing } else { routes.route(req.request(), method, preflight) };
        let found = match lookup {
            Lookup::Route(Reached { route, reach, routed }) if preflight || reach == Reach::OnPath => {
                // The same policy as this middleware's is read once: a live one reloaded in
                // between would answer as neither of its versions.
                let policy =
                    if route.source.same(self.source) { own.clone() } else { route.source.current() };
                // The route judges the request by the same version, should it answer.
                pinned::pin(req.request(), route.source, &policy);
                // A method the route serves but its policy does not list is this policy's.
                if preflight && !policy.allows_method(method) {
                    Found::Nothing
                } else {
                    Found::Route(route.source, policy, Instead { own: own.clone(), routed })
                }
            }
            Lookup::Undecided => Found::Undecided,
            _ => Found::Nothing,
        };
        if preflight {
            let request = Preflight { head, origin: input };
            let (policy, answer, instead) = match found {
                Found::Route(source, policy, instead) => {
                    let answer = Prepared::new(&policy, &request, value);
                    // A refusal stands; a grant needs this policy's too, and grants only what
                    // both do.
                    match answer.grants().then(|| Prepared::new(&own, &request, value)) {
                        None => (policy, answer, Some(instead)),
                        Some(own_answer) if !own_answer.grants() => (own, own_answer, None),
                        Some(own_answer) => match self.beyond(source, &policy, &own).answer() {
                            (Side::Route, beyond) => (policy, answer.withholding(beyond), Some(instead)),
                            (Side::Own, beyond) => (own, own_answer.withholding(beyond), None),
                        },
                    }
                }
                // Several routes there, under policies their guards tell apart: not knowing
                // which, none grants anything.
                Found::Undecided => (own, Prepared::undecided(&request), None),
                Found::Nothing => {
                    let answer = Prepared::new(&own, &request, value);
                    (own, answer, None)
                }
            };
            // Only a `#[cors]` route or another `Cors` inside may answer it instead, with its
            // own policy: unless one may, nothing inside (auth, a handler for any method, a
            // default service) sees the preflight.
            let alone = alone();
            let nothing_inside = alone || self.counted.innermost(routes, req.request());
            if nothing_inside && !routes.may_reach_route(req.request(), method) {
                if !alone {
                    // A `Cors` around this one waits for its answer: this one's, as the innermost.
                    claim(req.request());
                }
                let response = req.into_response(answer.respond(&policy));
                let state = CorsState::Answered { response: Some(response) };
                let (then, out) = (Then::DecorateUnclaimed, ResponseHeaders::default());
                return CorsFuture { state, policy, then, out, origin: None, instead: None };
            }
            if !nothing_inside && self.counted.beside_other_policies() {
                warn_preflights_routed(req.path());
            }
            let then = Then::AnswerUnclaimed(Box::new(answer));
            return self.call_inner(req, policy, then, ResponseHeaders::default(), None, instead);
        }
        let (decision, out, origin) = judge_actual(&own, input, value);
        let (policy, out, origin, instead) = match found {
            Found::Route(source, policy, instead) if decision != Decision::ActualNotAllowed => {
                let (allowed, route_out, route_origin) = judge_actual(&policy, input, value);
                // Where both allow, only what both grant (a refusal, or no `Origin`, is the
                // route's as it is).
                let beyond = (allowed == Decision::ActualAllowed).then(|| self.beyond(source, &policy, &own));
                match beyond.map(BeyondEach::answer) {
                    Some((Side::Own, beyond)) => (own, beyond.withheld_from(out), origin, None),
                    Some((Side::Route, beyond)) => {
                        (policy, beyond.withheld_from(route_out), route_origin, Some(instead))
                    }
                    None => (policy, route_out, route_origin, Some(instead)),
                }
            }
            // Not knowing whose policy applies: none grants anything, and the response varies.
            Found::Undecided => {
                let (_, out, _) = judge_actual(&own, HeaderInput::Absent, None);
                (own, out, None, None)
            }
            _ => (own, out, origin, None),
        };
        self.call_inner(req, policy, Then::DecorateUnclaimed, out, origin, instead)
    }
}

impl<S, B> CorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    /// What the policy of a route (`route`, as it is now: `policy`) and this middleware's (as
    /// it is now: `own`) grant beyond each other, found once for two fixed policies.
    fn beyond(&self, route: Source, policy: &Policy, own: &Policy) -> BeyondEach {
        let find = || BeyondEach { route_beyond: policy.beyond(own), own_beyond: own.beyond(policy) };
        let (Source::Fixed(route), Source::Fixed(_)) = (route, self.source) else {
            return find();
        };
        let mut met = self.met.borrow_mut();
        if let Some(&(_, known)) = met.iter().find(|(policy, _)| std::ptr::eq(*policy, route)) {
            return known;
        }
        let known = find();
        met.push((route, known));
        known
    }

    /// Calls what the middleware wraps, to act on what comes back as `then` says.
    #[inline]
    fn call_inner(
        &self,
        req: ServiceRequest,
        policy: Current,
        then: Then,
        out: ResponseHeaders,
        origin: Option<HeaderValue>,
        instead: Option<Instead>,
    ) -> CorsFuture<S::Future> {
        // No clone of the request is held: routing inside needs it unshared.
        offer(req.request());
        let state = CorsState::Inner { inner: self.service.call(req) };
        CorsFuture { state, policy, then, out, origin, instead }
    }
}

/// What a route's policy and a [`Cors`] middleware's grant beyond each other.
#[derive(Clone, Copy)]
struct BeyondEach {
    route_beyond: Beyond,
    own_beyond: Beyond,
}

/// Whose answer goes out where both a route's policy and a [`Cors`] middleware's allow a
/// request.
enum Side {
    Route,
    Own,
}

impl BeyondEach {
    /// Whose answer grants only what both policies grant, once `Beyond` is withheld from it:
    /// the route's if it grants nothing beyond the middleware's, or if the middleware's answers
    /// `*` (only the route's names the origin, with `Vary`); else the middleware's, less what it
    /// grants beyond the route's, unless that would take a preflight's `Allow-Methods` or
    /// `Allow-Headers` away where the route's would not (a preflight answered without them
    /// grants no method or header the request asks for, so the browser refuses it): then the
    /// route's, less what it grants beyond (a longer `Max-Age`, say), provided it names the
    /// origin.
    fn answer(self) -> (Side, Beyond) {
        let cuts_preflight = |beyond: Beyond| beyond.methods || beyond.headers;
        let route_narrower = !self.route_beyond.any_origin
            && cuts_preflight(self.own_beyond)
            && !cuts_preflight(self.route_beyond);
        if self.route_beyond.nothing() || self.own_beyond.any_origin || route_narrower {
            (Side::Route, self.route_beyond)
        } else {
            (Side::Own, self.own_beyond)
        }
    }
}

/// The `#[cors]` route a request's path and method lead to, as a [`Cors`] middleware finds it.
enum Found {
    /// None, or one whose policy does not list the method a preflight asks for.
    Nothing,
    /// One, with where its policy comes from and the policy as it is now, and what decides
    /// whether it is the one an unclaimed response came through.
    Route(Source, Current, Instead),
    /// Several, under policies their guards tell apart.
    Undecided,
}
