//! Answering preflights: a guard that picks the policy by `Access-Control-Request-Method`, and
//! the response.

use actix_web::guard::{Guard, GuardContext};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, Resource, web};

use super::headers::{cors_request, origin_to_reflect, write};
use crate::decision::Decision;
use crate::policy::Policy;
use crate::request::HeaderInput;

/// Matches a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) whose
/// requested method the policy serves. Preflights for other methods fall through to the next
/// resource on the path, and in the end to the router's usual 404 or 405.
///
/// ```
/// use actix_web::guard::Guard;
/// use actix_web::test::TestRequest;
/// use cors_runtime::actix::PreflightGuard;
/// use cors_runtime::{OriginEntry, Policy, PolicyConfig};
/// use std::sync::LazyLock;
///
/// static POLICY: LazyLock<Policy> = LazyLock::new(|| {
///     PolicyConfig {
///         origins: vec![OriginEntry::Literal("https://app.example.com".into())],
///         route_methods: Some(vec!["PUT".into()]),
///         ..PolicyConfig::default()
///     }
///     .validate()
///     .unwrap()
/// });
///
/// let guard = PreflightGuard::new(&POLICY);
/// let preflight = TestRequest::default()
///     .method(actix_web::http::Method::OPTIONS)
///     .insert_header(("Origin", "https://app.example.com"))
///     .insert_header(("Access-Control-Request-Method", "PUT"))
///     .to_srv_request();
/// assert!(guard.check(&preflight.guard_ctx()));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PreflightGuard {
    policy: &'static Policy,
}

impl PreflightGuard {
    /// A guard for `policy`'s methods.
    pub fn new(policy: &'static Policy) -> Self {
        PreflightGuard { policy }
    }
}

impl Guard for PreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let request = cors_request(ctx.head());
        request.is_preflight()
            && matches!(request.request_method, HeaderInput::One(m) if self.policy.allows_method(m))
    }
}

/// The answer to a preflight: 204 with the preflight headers if `policy` allows it, 403
/// without any `Access-Control-Allow-*` otherwise (the reason is logged at debug level,
/// target `cors`).
pub fn preflight_response(policy: &Policy, req: &HttpRequest) -> HttpResponse {
    let head = req.head();
    let decision = policy.decide_preflight(&cors_request(head));
    let status = match decision {
        Decision::PreflightAllowed { .. } => StatusCode::NO_CONTENT,
        Decision::PreflightRefused(reason) => {
            log::debug!(target: "cors", "refused preflight for {} {}: {reason}", req.method(), req.path());
            StatusCode::FORBIDDEN
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response = HttpResponse::new(status);
    let out = decision.response_headers(policy);
    write(response.headers_mut(), policy, &out, origin_to_reflect(head, &out));
    response
}

/// A resource at `path` that answers the preflights `policy` serves (see [`PreflightGuard`]).
/// Register it before the route's own resource.
pub fn preflight_resource(path: &str, policy: &'static Policy) -> Resource {
    policy.prepare();
    web::resource(path).guard(PreflightGuard::new(policy)).route(
        web::route()
            .method(Method::OPTIONS)
            .to(move |req: HttpRequest| std::future::ready(preflight_response(policy, &req))),
    )
}
