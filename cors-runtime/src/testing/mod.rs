//! A browser's side of CORS in your unit tests: what Chromium, Firefox or WebKit would make of
//! your service's answers, without a browser.
//!
//! [`Browser`] models the Fetch standard's CORS rules where the engines follow them and each
//! engine where it departs (see [`Engine`]); a [`Page`] on an origin calls
//! [`fetch`](Page::fetch) against a service from `actix_web::test::init_service`, with what a
//! script passes to `fetch()`. The [`Outcome`] says whether the script may read the response
//! and what it reads, why the browser blocked it (in its console's words), whether a preflight
//! was sent or answered from the browser's preflight cache, and whether the request reached the
//! server. A `Browser` keeps its preflight cache between fetches, on a clock of its own that
//! [`advance`](Browser::advance) moves.
//!
//! Behind the cargo feature `testing`.
//!
//! ```
//! use actix_web::{App, HttpResponse, Responder, put, test};
//! use strict_cors::cors;
//! use strict_cors::testing::{Browser, Credentials, Request};
//!
//! #[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"], credentials, max_age = 600)]
//! #[put("/orders/{id}")]
//! async fn update_order() -> impl Responder {
//!     HttpResponse::Ok().insert_header(("x-internal", "7")).body("saved")
//! }
//!
//! # actix_web::rt::System::new().block_on(async {
//! let app = test::init_service(App::new().service(update_order)).await;
//! let browser = Browser::chromium();
//! let page = browser.page("https://app.example.com");
//! let save = Request::new("https://api.example.com/orders/7")
//!     .method("PUT")
//!     .header("content-type", "application/json")
//!     .credentials(Credentials::Include);
//!
//! let first = page.fetch(&app, save.clone()).await;
//! assert!(first.is_allowed());
//! assert_eq!(first.preflight().map(|p| p.headers.clone()), Some(vec!["content-type".to_owned()]));
//! assert_eq!(first.header("x-internal"), None, "not exposed");
//!
//! let second = page.fetch(&app, save.clone()).await;
//! assert!(second.preflight_from_cache());
//!
//! let elsewhere = browser.page("https://evil.example.net").fetch(&app, save).await;
//! assert!(!elsewhere.is_allowed());
//! assert!(elsewhere.to_string().contains("has been blocked by CORS policy"));
//! # });
//! ```

mod engine;
mod outcome;
mod request;

use std::cell::RefCell;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{CONTENT_LENGTH, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;

pub use self::engine::Engine;
use self::engine::{Grant, PreflightCache};
pub use self::outcome::{Blocked, Outcome, PreflightSent, Readable, Reason};
pub use self::request::{Credentials, Mode, Request};
use self::request::{
    Invalid, forbidden_request_header, no_cors_safelisted, normalize_method, safelisted_method,
    safelisted_response_header, unsafe_header_names,
};

/// One browser: its engine, its preflight cache, its clock and the cookie it sends.
#[derive(Debug)]
pub struct Browser {
    engine: Engine,
    state: RefCell<State>,
}

#[derive(Debug, Default)]
struct State {
    cache: PreflightCache,
    now: Duration,
    cookie: Option<String>,
}

impl Browser {
    /// A fresh Chromium session.
    pub fn chromium() -> Browser {
        Browser::new(Engine::Chromium)
    }

    /// A fresh Firefox session (which, unlike the others, does not cache its first two
    /// preflights).
    pub fn firefox() -> Browser {
        Browser::new(Engine::Firefox)
    }

    /// A fresh WebKit session.
    pub fn webkit() -> Browser {
        Browser::new(Engine::WebKit)
    }

    /// A fresh session of `engine`.
    pub fn new(engine: Engine) -> Browser {
        Browser { engine, state: RefCell::default() }
    }

    /// The engine modelled.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// A page loaded from `origin` (`https://app.example.com`, or `null` for a sandboxed frame).
    pub fn page(&self, origin: impl Into<String>) -> Page<'_> {
        Page { browser: self, origin: origin.into() }
    }

    /// Moves the browser's clock, which decides when cached preflights expire.
    pub fn advance(&self, by: Duration) {
        self.state.borrow_mut().now += by;
    }

    /// A cookie the browser holds for the server (`session=abc`): sent as `Cookie` with
    /// credentialed requests (`credentials: "include"`, or `"same-origin"` to the page's own
    /// origin), never with preflights.
    pub fn set_cookie(&self, cookie: impl Into<String>) {
        self.state.borrow_mut().cookie = Some(cookie.into());
    }
}

/// A page of a [`Browser`], on one origin.
#[derive(Debug)]
pub struct Page<'b> {
    browser: &'b Browser,
    origin: String,
}

/// A response as the browser receives it.
struct Received {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Received {
    /// Every line of `name`, as text.
    fn lines(&self, name: &str) -> Vec<String> {
        self.headers.get_all(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect()
    }

    /// Fetch §2.2.6 "extract header list values": the lines' items, or `None` if one is not a
    /// token (or `*`).
    fn list(&self, name: &str) -> Option<Vec<String>> {
        let mut items = Vec::new();
        for line in self.lines(name) {
            for item in line.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                if !crate::token::is_token(item.as_bytes()) {
                    return None;
                }
                items.push(item.to_owned());
            }
        }
        Some(items)
    }
}

impl Page<'_> {
    /// The page's origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// What `fetch(request)` from this page gets from `app`, a service from
    /// `actix_web::test::init_service`.
    pub async fn fetch<S, B>(&self, app: &S, request: impl Into<Request>) -> Outcome
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        let request = request.into();
        let engine = self.browser.engine;
        let blocked =
            |url: &str, reason| Blocked { engine, url: url.to_owned(), origin: self.origin.clone(), reason };
        let thrown = |invalid: Invalid| Outcome {
            preflight: None,
            from_cache: false,
            sent: false,
            result: Err(blocked(&request.url, Reason::thrown(&invalid))),
        };
        let Some((url_origin, path)) = split_url(&request.url, &self.origin) else {
            return thrown(Invalid::Url(request.url.clone()));
        };
        let url = format!("{url_origin}{path}");
        let method = match normalize_method(&request.method) {
            Ok(method) => method,
            Err(invalid) => return thrown(invalid),
        };
        if request.body.is_some() && matches!(method.as_str(), "GET" | "HEAD") {
            return thrown(Invalid::BodyWithGetOrHead);
        }
        if request.mode == Mode::NoCors && !safelisted_method(&method) {
            return thrown(Invalid::NoCorsMethod(method));
        }
        // Fetch §5.2: a script's `Headers` drops what it may not set (and, in no-cors mode,
        // anything not safelisted).
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, value)| !forbidden_request_header(name, value))
            .filter(|(name, value)| request.mode == Mode::Cors || no_cors_safelisted(name, value))
            .cloned()
            .collect();
        let same_origin = url_origin == self.origin;
        let credentials = match request.credentials {
            Credentials::Include => true,
            Credentials::SameOrigin => same_origin,
            Credentials::Omit => false,
        };

        let mut outcome = Outcome {
            preflight: None,
            from_cache: false,
            sent: false,
            result: Err(blocked(&url, Reason::PreflightStatus(0))),
        };
        // Fetch §4.1 main fetch: a cross-origin `cors` request needs a preflight for an unsafe
        // method or header, unless the cache holds an answer for each.
        let cors = !same_origin && request.mode == Mode::Cors;
        let unsafe_names = unsafe_header_names(&headers);
        if cors && (!safelisted_method(&method) || !unsafe_names.is_empty()) {
            let key = (self.origin.as_str(), url.as_str());
            let now = self.browser.state.borrow().now;
            let cached = {
                let state = self.browser.state.borrow();
                let method_cached = safelisted_method(&method)
                    || state.cache.matches(engine, key, credentials, &Grant::Method(method.clone()), now);
                method_cached
                    && unsafe_names.iter().all(|n| {
                        state.cache.matches(engine, key, credentials, &Grant::Header(n.clone()), now)
                    })
            };
            if cached {
                outcome.from_cache = true;
            } else {
                let answer = self.preflight(app, &path, &method, &unsafe_names).await;
                outcome.preflight = Some(PreflightSent {
                    method: method.clone(),
                    headers: unsafe_names.clone(),
                    status: answer.status.as_u16(),
                });
                if let Err(reason) = self.preflight_check(&answer, &url, credentials, &method, &unsafe_names)
                {
                    outcome.result = Err(blocked(&url, reason));
                    return outcome;
                }
            }
        }

        let actual = self.actual(&path, &method, &headers, credentials, cors, request.body.as_deref());
        let received = receive(app.call(actual.to_request()).await).await;
        outcome.sent = true;
        outcome.result =
            self.read(&received, &url, credentials, cors).map_err(|reason| blocked(&url, reason));
        outcome
    }

    /// What the script gets of the response to its request: all of it on its own origin, an
    /// opaque response in `no-cors` mode, or what the CORS check and the exposed headers let
    /// through.
    fn read(
        &self,
        received: &Received,
        url: &str,
        credentials: bool,
        cors: bool,
    ) -> Result<Readable, Reason> {
        let forbidden = crate::validate::header::forbidden_response_name;
        if !cors {
            if url.starts_with(&self.origin) && url[self.origin.len()..].starts_with('/') {
                return Ok(readable(received, |name| !forbidden(name)));
            }
            return Ok(Readable { status: 0, headers: Vec::new(), body: Vec::new() });
        }
        if let Err(reason) = self.cors_check(received, credentials, false) {
            if self.browser.engine.forgets_grant_on_failed_response() {
                self.browser.state.borrow_mut().cache.forget((&self.origin, url));
            }
            return Err(reason);
        }
        // Fetch §4.10 / "CORS-filtered response": safelisted names and those exposed.
        let exposed = received.list("access-control-expose-headers").unwrap_or_default();
        let all = !credentials && exposed.iter().any(|n| n == "*");
        Ok(readable(received, |name| {
            !forbidden(name)
                && (all
                    || safelisted_response_header(name)
                    || exposed.iter().any(|e| e.eq_ignore_ascii_case(name)))
        }))
    }

    /// The request itself, as the browser sends it.
    fn actual(
        &self,
        path: &str,
        method: &str,
        headers: &[(String, String)],
        credentials: bool,
        cors: bool,
        body: Option<&[u8]>,
    ) -> TestRequest {
        let mut actual = TestRequest::default()
            .method(Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET))
            .uri(path);
        // Fetch §3.1 "append a request `Origin` header": always on a CORS request, and on any
        // other that is neither GET nor HEAD.
        if cors || !matches!(method, "GET" | "HEAD") {
            actual = actual.insert_header(("origin", self.origin.as_str()));
        }
        for (name, value) in headers {
            actual = actual.append_header((name.as_str(), value.as_str()));
        }
        if credentials && let Some(cookie) = self.browser.state.borrow().cookie.clone() {
            actual = actual.insert_header(("cookie", cookie));
        }
        if let Some(body) = body {
            actual = actual.set_payload(body.to_vec());
        }
        actual
    }

    /// Sends the preflight (Fetch §4.8): no cookies, none of the script's headers.
    async fn preflight<S, B>(&self, app: &S, path: &str, method: &str, names: &[String]) -> Received
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        let mut request = TestRequest::default()
            .method(Method::OPTIONS)
            .uri(path)
            .insert_header(("accept", "*/*"))
            .insert_header(("origin", self.origin.as_str()))
            .insert_header(("access-control-request-method", method));
        if !names.is_empty() {
            request = request.insert_header(("access-control-request-headers", names.join(",")));
        }
        receive(app.call(request.to_request()).await).await
    }

    /// Fetch §4.8: whether the preflight's answer lets the request go; stores what it grants in
    /// the cache when it does.
    fn preflight_check(
        &self,
        answer: &Received,
        url: &str,
        credentials: bool,
        method: &str,
        names: &[String],
    ) -> Result<(), Reason> {
        let engine = self.browser.engine;
        if answer.status.is_redirection() {
            return Err(Reason::PreflightRedirect(answer.status.as_u16()));
        }
        self.cors_check(answer, credentials, true)?;
        if !answer.status.is_success() {
            return Err(Reason::PreflightStatus(answer.status.as_u16()));
        }
        let methods = answer
            .list("access-control-allow-methods")
            .ok_or(Reason::InvalidAllowList("Access-Control-Allow-Methods"))?;
        let allowed = answer
            .list("access-control-allow-headers")
            .ok_or(Reason::InvalidAllowList("Access-Control-Allow-Headers"))?;
        let wildcard = |list: &[String]| !credentials && list.iter().any(|m| m == "*");
        if !(methods.iter().any(|m| m == method) || safelisted_method(method) || wildcard(&methods)) {
            return Err(Reason::MethodNotAllowed(method.to_owned()));
        }
        for name in names {
            let listed = allowed.iter().any(|a| a.eq_ignore_ascii_case(name));
            let covered =
                wildcard(&allowed) && (name != "authorization" || engine.wildcard_covers_authorization());
            if !listed && !covered {
                return Err(Reason::HeaderNotAllowed(name.clone()));
            }
        }
        let max_age = engine.max_age(answer.lines("access-control-max-age").first().map(String::as_str));
        let grants = methods
            .into_iter()
            .map(Grant::Method)
            .chain(allowed.into_iter().map(|h| Grant::Header(h.to_ascii_lowercase())))
            .collect();
        let mut state = self.browser.state.borrow_mut();
        let now = state.now;
        state.cache.store(engine, (&self.origin, url), credentials, grants, max_age, now);
        Ok(())
    }

    /// Fetch §4.10, CORS check.
    fn cors_check(&self, response: &Received, credentials: bool, preflight: bool) -> Result<(), Reason> {
        let status = response.status.as_u16();
        let lines = response.lines("access-control-allow-origin");
        let value = match lines.as_slice() {
            [] => return Err(Reason::MissingAllowOrigin { preflight, status }),
            [one] if !one.contains(',') => one.trim(),
            _ => return Err(Reason::MultipleAllowOrigin { preflight, value: lines.join(", ") }),
        };
        if value == "*" && !credentials {
            return Ok(());
        }
        if value == "*" {
            return Err(Reason::WildcardWithCredentials { preflight });
        }
        if value != self.origin {
            return Err(Reason::AllowOriginMismatch { preflight, value: value.to_owned(), status });
        }
        if !credentials {
            return Ok(());
        }
        match response.lines("access-control-allow-credentials").as_slice() {
            [v] if v == "true" => Ok(()),
            other => Err(Reason::CredentialsNotAllowed { preflight, value: other.join(", ") }),
        }
    }
}

/// The origin and the path (with query) of `url`, absolute or a path on `page`'s origin.
fn split_url(url: &str, page: &str) -> Option<(String, String)> {
    if url.starts_with('/') {
        let parsed = url::Url::parse("http://localhost").ok()?.join(url).ok()?;
        return Some((page.to_owned(), path_and_query(&parsed)));
    }
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    Some((parsed.origin().ascii_serialization(), path_and_query(&parsed)))
}

fn path_and_query(url: &url::Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// The response the service gives, or the one its error becomes, as a server would send it.
async fn receive<B: MessageBody + 'static>(result: Result<ServiceResponse<B>, actix_web::Error>) -> Received {
    let response = match result {
        Ok(response) => response.into_parts().1.map_into_boxed_body(),
        Err(error) => error.error_response(),
    };
    let status = response.status();
    let mut headers = response.headers().clone();
    // The server's encoder writes `Content-Length` for a body of known size.
    if let actix_web::body::BodySize::Sized(size) = response.body().size()
        && !headers.contains_key(CONTENT_LENGTH)
        && !(status.is_informational()
            || status == StatusCode::NO_CONTENT
            || status == StatusCode::NOT_MODIFIED)
    {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(size));
    }
    let body = actix_web::body::to_bytes(response.into_body()).await.map(|b| b.to_vec()).unwrap_or_default();
    Received { status, headers, body }
}

/// What a script reads of `received`: its status, the headers `show` lets through (one entry
/// per name, lines joined with `, `, as `Headers.get` gives them), its body.
fn readable(received: &Received, show: impl Fn(&str) -> bool) -> Readable {
    let mut headers: Vec<(String, String)> = Vec::new();
    for name in received.headers.keys() {
        let name = name.as_str();
        if show(name) && !headers.iter().any(|(n, _)| n == name) {
            headers.push((name.to_owned(), received.lines(name).join(", ")));
        }
    }
    headers.sort();
    Readable { status: received.status.as_u16(), headers, body: received.body.clone() }
}
