//! Answering a route's preflights: a guard that picks the policy by
//! `Access-Control-Request-Method`, and the response.

use std::any::Any;
use std::future::{Ready, ready};
use std::rc::Rc;

use actix_web::dev::{AppService, ResourceDef, Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{Error, HttpRequest, HttpResponse};

use super::claim::{claim_for_route, offered};
use super::guards::RoutePreflightGuard;
use super::headers::{Preflight, origin, reflect, requested_method, write};
use super::kept;
use super::pinned;
use super::routes::{self, OwnGuards, Route};
use crate::decision::{Decision, ResponseHeaders, debug_mode};
use crate::live::Source;
use crate::policy::Policy;
use crate::report;
use crate::request::HeaderInput;

/// Matches a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) whose
/// requested method the route serves (the policy refuses it if it does not list it, unless a
/// `Cors` middleware around answers it). Preflights for other methods fall through to the next
/// resource on the path, and in the end to the router's usual 404 or 405.
///
/// ```
/// use actix_web::guard::Guard;
/// use actix_web::test::TestRequest;
/// use strict_cors::{Policy, policy};
/// use cors_runtime::__private::{PreflightGuard, source};
///
/// static POLICY: Policy = policy!(origins = ["https://app.example.com"]);
///
/// let guard = PreflightGuard::new(source(&POLICY), &["PUT"]);
/// let preflight = |method| {
///     TestRequest::default()
///         .method(actix_web::http::Method::OPTIONS)
///         .insert_header(("Origin", "https://app.example.com"))
///         .insert_header(("Access-Control-Request-Method", method))
///         .to_srv_request()
/// };
/// assert!(guard.check(&preflight("PUT").guard_ctx()));
/// assert!(!guard.check(&preflight("DELETE").guard_ctx()), "the route does not serve DELETE");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PreflightGuard {
    source: Source,
    methods: &'static [&'static str],
}

impl PreflightGuard {
    /// A guard for a route serving `methods` under `policy`.
    pub fn new(source: Source, methods: &'static [&'static str]) -> Self {
        PreflightGuard { source, methods }
    }
}

impl Guard for PreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        // Most requests are not `OPTIONS`: answer those before reading any header.
        if ctx.head().method != Method::OPTIONS {
            return false;
        }
        // Only the two headers that make a preflight and choose its handler (by the first
        // method asked for, as `Layer` chooses: several are refused by the policy).
        let head = ctx.head();
        let method = requested_method(head);
        // A method the route serves but the policy does not list is refused here (403), as
        // the route's own CORS layer and `Layer` refuse it, unless a `Cors` middleware around
        // waits to answer it with its own policy.
        head.headers().contains_key(header::ORIGIN)
            && routes::serves(self.methods, method)
            && (pinned::current(|| ctx.req_data(), self.source).allows_method(method)
                || !offered(&ctx.req_data()))
    }
}

/// The answer to a preflight: 204 with the preflight headers if `policy` allows it, 403
/// without any `Access-Control-Allow-*` otherwise (the reason is logged at debug level,
/// target `cors`).
pub fn preflight_response(policy: &Policy, req: &HttpRequest) -> HttpResponse {
    let (input, value) = origin(req.head());
    answer_preflight(policy, req, input, value)
}

/// [`preflight_response`] for a caller that has read `Origin` already.
pub(crate) fn answer_preflight(
    policy: &Policy,
    req: &HttpRequest,
    origin: HeaderInput<'_>,
    value: Option<&HeaderValue>,
) -> HttpResponse {
    claim_for_route(req);
    Prepared::new(policy, &Preflight { head: req.head(), origin }, value).respond(policy)
}

/// A preflight answer decided from the request head, to be given later: by a scope's
/// middleware, once routing has shown that no handler's own policy answers it.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    status: StatusCode,
    out: ResponseHeaders,
    origin: Option<HeaderValue>,
    /// What to log, and at which level, if this answer is given: a refusal, when logging at that
    /// level is on.
    log: Option<(log::Level, String)>,
    granted: bool,
}

impl Prepared {
    pub(crate) fn new(policy: &Policy, request: &Preflight<'_>, origin: Option<&HeaderValue>) -> Prepared {
        let head = request.head;
        let (decision, found) = policy.judge_preflight(request);
        let debug = debug_mode();
        let (status, log, out) = match decision {
            Decision::PreflightAllowed { .. } => {
                (StatusCode::NO_CONTENT, None, decision.response_headers(policy))
            }
            Decision::PreflightRefused(reason) => {
                let level = if debug { log::Level::Info } else { log::Level::Debug };
                let log = log::log_enabled!(target: "cors", level).then(|| {
                    (level, format!("refused preflight for {} {}: {reason}", head.method, head.uri.path()))
                });
                if debug {
                    (StatusCode::NO_CONTENT, log, reason.debug_headers(policy))
                } else {
                    (StatusCode::FORBIDDEN, log, decision.response_headers(policy))
                }
            }
            _ => (StatusCode::BAD_REQUEST, None, decision.response_headers(policy)),
        };
        let granted = matches!(decision, Decision::PreflightAllowed { .. });
        Prepared { status, out, origin: reflect(policy, origin, found, out), log, granted }
    }

    /// The same answer without the headers that grant what `beyond` says.
    pub(crate) fn withholding(self, beyond: crate::policy::Beyond) -> Prepared {
        Prepared { out: beyond.withheld_from(self.out), ..self }
    }

    /// Whether it grants the preflight (a refusal in debug mode is a 204 too).
    pub(crate) fn grants(&self) -> bool {
        self.granted
    }

    /// The refusal of a preflight for a path where several `#[cors]` routes serve the method,
    /// under policies their guards tell apart, none of which it reached (something in front
    /// answered it): not knowing whose policy applies, none grants it.
    pub(crate) fn undecided(request: &Preflight<'_>) -> Prepared {
        let head = request.head;
        let log = log::log_enabled!(target: "cors", log::Level::Debug).then(|| {
            let reason = "several routes answer it, told apart by guards, and it reached none";
            (
                log::Level::Debug,
                format!("refused preflight for {} {}: {reason}", head.method, head.uri.path()),
            )
        });
        Prepared {
            status: StatusCode::FORBIDDEN,
            out: ResponseHeaders::default(),
            origin: None,
            log,
            granted: false,
        }
    }

    pub(crate) fn respond(&self, policy: &Policy) -> HttpResponse {
        if let Some((level, line)) = &self.log {
            log::log!(target: "cors", *level, "{line}");
        }
        let mut response = HttpResponse::new(self.status);
        write(response.headers_mut(), policy, self.out, self.origin.clone());
        kept::keep(&mut response);
        response
    }
}

/// Registers, at `path`, the service that answers the preflights of handler `handler` (whose
/// route's resource is named `route_name`, serves `methods` under `policy` and has `guards` of
/// its own), and records the route for the [report](crate::report()). Register the route itself
/// first, so that its actual requests never try this service; if the route serves `OPTIONS`
/// itself, register this first, so that it sees the preflights. The route's guards choose among
/// the routes on its path (see `guards`).
///
/// The answer is a service of its own behind [`PreflightGuard`], not a `Resource` with a
/// `Route`: no method guard records allowed methods and no handler future is boxed, which
/// saves allocations on every preflight.
pub fn register_route(
    config: &mut AppService,
    handler: &'static str,
    route_name: &'static str,
    path: &'static str,
    methods: &'static [&'static str],
    source: Source,
    guards: Vec<Box<dyn Guard>>,
) {
    source.prepare();
    report::record(report::Row::handler(handler, path.to_owned(), methods, source));
    // As actix-web's `Resource` does: a path starts with `/`, except an empty one, which stays
    // empty (on the `App` it matches no request, and so neither does the preflight's).
    let pattern = if path.starts_with('/') || path.is_empty() { path.to_owned() } else { format!("/{path}") };
    // A named node of its own, so that `Layer` can find the route with its scopes' prefixes.
    let guards = Rc::new(OwnGuards(guards));
    let route = Route { handler, name: route_name, path, methods, source };
    let app: Rc<dyn Any> = config.default_service();
    let node = routes::node(&pattern, route, Rc::clone(&guards), &app);
    let preflight = PreflightGuard::new(source, methods);
    let guard: Box<dyn Guard> = Box::new(RoutePreflightGuard::new(preflight, &node, guards));
    config.register_service(ResourceDef::new(pattern), Some(vec![guard]), Answer { source }, Some(node));
}

/// The service that answers a route's preflights, and its own factory.
#[derive(Clone, Copy)]
pub(crate) struct Answer {
    pub(crate) source: Source,
}

impl ServiceFactory<ServiceRequest> for Answer {
    type Response = ServiceResponse;
    type Error = Error;
    type Config = ();
    type Service = Answer;
    type InitError = ();
    type Future = Ready<Result<Answer, ()>>;

    fn new_service(&self, (): ()) -> Self::Future {
        ready(Ok(*self))
    }
}

impl Service<ServiceRequest> for Answer {
    type Response = ServiceResponse;
    type Error = Error;
    type Future = Ready<Result<ServiceResponse, Error>>;

    actix_web::dev::always_ready!();

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let request = req.request();
        let policy = pinned::current_for(request, self.source);
        let response = preflight_response(&policy, request);
        ready(Ok(req.into_response(response)))
    }
}
