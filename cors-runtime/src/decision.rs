//! The decision engine: from what a request says to what the response must carry. Independent
//! of any web framework, allocation-free, and bounded by the request's own header limits.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::origin::{Found, MAX_ORIGIN_LEN};
use crate::policy::Policy;
use crate::request::{CorsRequest, HeaderInput, RequestHeadersError, scan_lines};

/// What to do with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision<'a> {
    /// No `Origin`: not a CORS request.
    NotCors,
    /// An actual request from an allowed origin.
    ActualAllowed,
    /// An actual request from an origin the policy does not allow.
    ActualNotAllowed,
    /// A preflight the policy allows: answer 204 with the preflight headers.
    PreflightAllowed {
        /// The method asked for is `GET`, `HEAD` or `POST`, which browsers allow without
        /// `Access-Control-Allow-Methods`: the answer leaves that header out.
        safelisted_method: bool,
        /// The preflight asked for private-network access (and the policy grants it).
        private_network: bool,
    },
    /// A preflight the policy refuses: answer 403 without any `Access-Control-Allow-*`.
    PreflightRefused(Refusal<'a>),
}

/// Why a preflight was refused. Displays as a sentence for logs; request bytes are escaped
/// and cut short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal<'a> {
    /// The origin is not allowed (or `Origin` was sent twice).
    Origin(HeaderInput<'a>),
    /// The method asked for is not allowed (or ACRM was sent twice).
    Method(HeaderInput<'a>),
    /// A requested header is not allowed.
    Header(&'a [u8]),
    /// `Access-Control-Request-Headers` could not be read.
    RequestHeaders(RequestHeadersError),
    /// Private-network access was asked for and the policy does not grant it.
    PrivateNetwork,
}

/// Whether refused preflights are answered for the browser's console: see [`set_debug_mode`].
static DEBUG_MODE: AtomicBool = AtomicBool::new(false);

/// Debug mode, for developers; **not for production**. Off by default.
///
/// Browsers report every refused preflight alike: it carries no `Access-Control-Allow-Origin`,
/// so the console blames the origin ("No 'Access-Control-Allow-Origin' header is present", in
/// Chromium), whatever was refused. In debug mode a refused preflight is answered `204` with
/// the headers that take the browser as far as the check that fails, so that its console names
/// the real cause: no
/// `Access-Control-Allow-Origin` for an origin not allowed; the policy's
/// `Access-Control-Allow-Methods` for a method it does not list; its `Access-Control-Allow-Headers`
/// for a header it does not list. A refused private-network request gets what a refused origin
/// gets: an engine that checks private-network access only to warn would let the request
/// through an answer that takes it that far. Nothing the policy refuses is ever granted: the browser still
/// blocks the request, and no `Access-Control-Max-Age` is sent, so nothing is cached. Each
/// refusal is also logged at `info`, target `cors`.
///
/// ```
/// strict_cors::set_debug_mode(cfg!(debug_assertions) && std::env::var_os("CORS_DEBUG").is_some());
/// ```
pub fn set_debug_mode(on: bool) {
    DEBUG_MODE.store(on, Ordering::Relaxed);
}

/// Whether debug mode is on.
pub fn debug_mode() -> bool {
    DEBUG_MODE.load(Ordering::Relaxed)
}

/// At most this many bytes of a request value are printed in a refusal.
const SHOWN: usize = 64;

struct Shown<'a>(&'a [u8]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cut = self.0.len() > SHOWN;
        write!(f, "`{}`{}", self.0[..self.0.len().min(SHOWN)].escape_ascii(), if cut { "..." } else { "" })
    }
}

impl fmt::Display for Refusal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Refusal::Origin(HeaderInput::One(o)) => write!(f, "origin {} is not allowed", Shown(o)),
            Refusal::Origin(_) => f.write_str("Origin was sent more than once"),
            Refusal::Method(HeaderInput::One(m)) => write!(f, "method {} is not allowed", Shown(m)),
            Refusal::Method(_) => f.write_str("Access-Control-Request-Method was sent more than once"),
            Refusal::Header(h) => write!(f, "request header {} is not allowed", Shown(h)),
            Refusal::RequestHeaders(e) => e.fmt(f),
            Refusal::PrivateNetwork => f.write_str("private network access is not allowed"),
        }
    }
}

/// What a preflight decision reads of a request, one header at a time, so that a preflight
/// refused for its origin reads nothing more. [`CorsRequest`] holds them all; the actix-web
/// layer reads them from the request as they are asked for.
pub(crate) trait PreflightHeaders<'a> {
    fn origin(&self) -> HeaderInput<'a>;
    fn request_method(&self) -> HeaderInput<'a>;
    /// Scans `Access-Control-Request-Headers` (every line, as one list), handing each name to
    /// `accept`; the first name refused, if any.
    fn scan_request_headers(
        &self,
        accept: impl FnMut(&[u8]) -> bool,
    ) -> Result<Option<&'a [u8]>, RequestHeadersError>;
    fn request_private_network(&self) -> HeaderInput<'a>;
}

impl<'a> PreflightHeaders<'a> for CorsRequest<'a> {
    fn origin(&self) -> HeaderInput<'a> {
        self.origin
    }

    fn request_method(&self) -> HeaderInput<'a> {
        self.request_method
    }

    fn scan_request_headers(
        &self,
        accept: impl FnMut(&[u8]) -> bool,
    ) -> Result<Option<&'a [u8]>, RequestHeadersError> {
        scan_lines(self.request_headers.iter().copied(), accept)
    }

    fn request_private_network(&self) -> HeaderInput<'a> {
        self.request_private_network
    }
}

/// Which value `Access-Control-Allow-Origin` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllowOrigin {
    /// `*`: the policy allows any origin without credentials.
    Any,
    /// The request's own `Origin`, copied.
    Reflect,
}

/// The `Vary` value a response needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vary {
    /// `Origin`.
    Origin,
    /// The request headers a preflight answer depends on: the method and headers asked for, and
    /// `Access-Control-Request-Private-Network` (asked without the policy's leave, it refuses).
    Preflight {
        /// The answer depends on `Origin` too (always, unless the policy allows any origin).
        origin: bool,
    },
}

impl Vary {
    /// The header value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Vary::Origin => "Origin",
            Vary::Preflight { origin: true } => {
                "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, \
                 Access-Control-Request-Private-Network"
            }
            Vary::Preflight { origin: false } => {
                "Access-Control-Request-Method, Access-Control-Request-Headers, \
                 Access-Control-Request-Private-Network"
            }
        }
    }
}

/// Whether response header `name` (lowercase) is one a policy alone decides (SPEC §4.10): any
/// `Access-Control-Allow-*` (the standard ones, the private-network one, and any other a proxy
/// or hand-written CORS code invents), `-Expose-Headers` and `-Max-Age`. What others set under
/// such a name is removed before the policy's are written; as a request header it is a client
/// written as if it could grant itself access. The prefix first, which settles nearly every
/// name a response carries at once.
pub(crate) fn policy_owned(name: &str) -> bool {
    name.strip_prefix("access-control-")
        .is_some_and(|rest| rest.starts_with("allow-") || rest == "expose-headers" || rest == "max-age")
}

/// Which CORS headers a response carries. The values of the policy's own headers come from
/// the policy ([`Policy::allow_methods_value`] and friends); this says only which to send.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per header: the shape of the protocol
pub struct ResponseHeaders {
    /// `Access-Control-Allow-Origin`.
    pub allow_origin: Option<AllowOrigin>,
    /// `Access-Control-Allow-Credentials: true`.
    pub allow_credentials: bool,
    /// `Access-Control-Expose-Headers` ([`Policy::expose_headers_value`]).
    pub expose_headers: bool,
    /// `Access-Control-Allow-Methods` ([`Policy::allow_methods_value`]); left out when the
    /// preflight asked for `GET`, `HEAD` or `POST`, which browsers allow without it.
    pub allow_methods: bool,
    /// `Access-Control-Allow-Headers` ([`Policy::allow_headers_value`]).
    pub allow_headers: bool,
    /// `Access-Control-Max-Age` ([`Policy::max_age_value`]).
    pub max_age: bool,
    /// `Access-Control-Allow-Private-Network: true`.
    pub allow_private_network: bool,
    /// `Vary`, appended to whatever the response already varies on.
    pub vary: Option<Vary>,
}

impl Policy {
    /// Decides what a request gets. Preflights and actual requests alike; see
    /// [`Policy::decide_actual`] for a route that never sees preflights.
    ///
    /// ```
    /// use strict_cors::Policy;
    /// use strict_cors::decision::{CorsRequest, Decision, HeaderInput};
    ///
    /// let policy = Policy::builder()
    ///     .origin("https://app.example.com")
    ///     .methods(["PUT"])
    ///     .allow_headers(["content-type"])
    ///     .build()?;
    /// let preflight = CorsRequest {
    ///     method: b"OPTIONS",
    ///     origin: HeaderInput::One(b"https://app.example.com"),
    ///     request_method: HeaderInput::One(b"PUT"),
    ///     request_headers: &[b"content-type"],
    ///     request_private_network: HeaderInput::Absent,
    /// };
    /// assert_eq!(
    ///     policy.decide(&preflight),
    ///     Decision::PreflightAllowed { safelisted_method: false, private_network: false }
    /// );
    /// # Ok::<(), strict_cors::Violations>(())
    /// ```
    pub fn decide<'a>(&self, request: &CorsRequest<'a>) -> Decision<'a> {
        if request.is_preflight() {
            self.decide_preflight(request)
        } else {
            self.decide_actual(request.origin)
        }
    }

    /// Decides an actual (non-preflight) request from its `Origin`.
    pub fn decide_actual(&self, origin: HeaderInput<'_>) -> Decision<'static> {
        self.judge_actual(origin).0
    }

    /// Decides a preflight: origin, then method, then headers, then private network.
    pub fn decide_preflight<'a>(&self, request: &CorsRequest<'a>) -> Decision<'a> {
        self.judge_preflight(request).0
    }

    /// [`Policy::decide_actual`], and how the origin matched when it did.
    pub(crate) fn judge_actual(&self, origin: HeaderInput<'_>) -> (Decision<'static>, Option<Found>) {
        match origin {
            HeaderInput::Absent => (Decision::NotCors, None),
            _ if self.parts().any_origin => (Decision::ActualAllowed, None),
            HeaderInput::One(o) => match self.compiled().matcher.find(o) {
                Some(found) => (Decision::ActualAllowed, Some(found)),
                None => (Decision::ActualNotAllowed, None),
            },
            HeaderInput::Repeated => (Decision::ActualNotAllowed, None),
        }
    }

    /// [`Policy::decide_preflight`], and how the origin matched when it did. Reads each header
    /// only when it comes to it.
    pub(crate) fn judge_preflight<'a>(
        &self,
        request: &impl PreflightHeaders<'a>,
    ) -> (Decision<'a>, Option<Found>) {
        let refuse = |refusal| (Decision::PreflightRefused(refusal), None);
        let origin = request.origin();
        let (Decision::ActualAllowed, found) = self.judge_actual(origin) else {
            return refuse(Refusal::Origin(origin));
        };
        // With any origin allowed, an actual request's answer is the same whatever its `Origin`
        // says (it does not vary on it); a preflight's `Origin` must still be one a browser sends.
        let sent_by_a_browser = |origin| matches!(origin, HeaderInput::One(o) if o.len() <= MAX_ORIGIN_LEN && o.iter().all(u8::is_ascii_graphic));
        if self.parts().any_origin && !sent_by_a_browser(origin) {
            return refuse(Refusal::Origin(origin));
        }
        let safelisted_method = match request.request_method() {
            HeaderInput::One(m) if self.allows_method(m) => matches!(m, b"GET" | b"HEAD" | b"POST"),
            other => return refuse(Refusal::Method(other)),
        };
        match request.scan_request_headers(|name| self.allows_header(name)) {
            Err(e) => return refuse(Refusal::RequestHeaders(e)),
            Ok(Some(name)) => return refuse(Refusal::Header(name)),
            Ok(None) => {}
        }
        let private_network = request.request_private_network() == HeaderInput::One(b"true");
        if private_network && !self.allows_private_network() {
            return refuse(Refusal::PrivateNetwork);
        }
        (Decision::PreflightAllowed { safelisted_method, private_network }, found)
    }

    /// Whether responses must carry `Vary: Origin`: always, unless any origin is allowed
    /// without credentials, in which case every response is the same whatever the origin.
    pub fn varies_on_origin(&self) -> bool {
        !self.parts().any_origin || self.parts().credentials
    }
}

impl Refusal<'_> {
    /// The headers of a refused preflight's answer in [debug mode](set_debug_mode): those that
    /// take the browser to the check that fails, and no further.
    pub fn debug_headers(&self, policy: &Policy) -> ResponseHeaders {
        let refused = Decision::PreflightRefused(*self).response_headers(policy);
        // Only a method or a header the browser itself checks: for an origin, private network
        // access (not every engine checks it) or an unreadable header list, an allowing
        // answer could let the request through. Browsers do not check GET, HEAD and POST
        // against `Access-Control-Allow-Methods`.
        let browser_checks = match self {
            Refusal::Method(HeaderInput::One(m)) => !matches!(*m, b"GET" | b"HEAD" | b"POST"),
            Refusal::Header(_) => true,
            _ => false,
        };
        if !browser_checks {
            return refused;
        }
        let parts = policy.parts();
        let vary_origin = policy.varies_on_origin();
        ResponseHeaders {
            allow_origin: Some(if vary_origin { AllowOrigin::Reflect } else { AllowOrigin::Any }),
            allow_credentials: parts.credentials,
            allow_methods: parts.allow_methods_value.is_some(),
            // Never `*`: browsers let it cover `authorization` today, which the policy refuses.
            allow_headers: !matches!(self, Refusal::Method(_))
                && parts.allow_headers_value.is_some()
                && !parts.any_header,
            ..refused
        }
    }
}

impl Decision<'_> {
    /// The CORS headers the response to this request carries under `policy`.
    ///
    /// With `origins = "*"` and no credentials, every response carries
    /// `Access-Control-Allow-Origin: *` (requests without `Origin` too), so that it never
    /// depends on the origin and caches need no `Vary: Origin`.
    pub fn response_headers(&self, policy: &Policy) -> ResponseHeaders {
        let parts = policy.parts();
        let vary_origin = policy.varies_on_origin();
        let allow_origin = if vary_origin { AllowOrigin::Reflect } else { AllowOrigin::Any };
        let preflight_vary = Vary::Preflight { origin: vary_origin };
        match *self {
            Decision::NotCors | Decision::ActualNotAllowed if vary_origin => {
                ResponseHeaders { vary: Some(Vary::Origin), ..ResponseHeaders::default() }
            }
            Decision::NotCors | Decision::ActualNotAllowed | Decision::ActualAllowed => ResponseHeaders {
                allow_origin: Some(allow_origin),
                allow_credentials: parts.credentials,
                expose_headers: parts.expose_headers_value.is_some(),
                vary: vary_origin.then_some(Vary::Origin),
                ..ResponseHeaders::default()
            },
            Decision::PreflightAllowed { safelisted_method, private_network } => ResponseHeaders {
                allow_origin: Some(allow_origin),
                allow_credentials: parts.credentials,
                allow_methods: !safelisted_method && parts.allow_methods_value.is_some(),
                allow_headers: parts.allow_headers_value.is_some(),
                max_age: parts.max_age_value.is_some(),
                allow_private_network: private_network,
                vary: Some(preflight_vary),
                ..ResponseHeaders::default()
            },
            Decision::PreflightRefused(_) => {
                ResponseHeaders { vary: Some(preflight_vary), ..ResponseHeaders::default() }
            }
        }
    }
}
