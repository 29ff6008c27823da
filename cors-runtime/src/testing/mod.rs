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
use actix_web::http::header::{CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;

pub use self::engine::Engine;
use self::engine::{Grant, PreflightCache};
pub use self::outcome::{Blocked, Outcome, PreflightSent, Readable, Reason};
pub use self::request::{Credentials, Mode, Request};
use self::request::{
    Invalid, byte_string, forbidden_request_header, header_value, latin1, no_cors_keeps, normalize_method,
    safelisted_method, safelisted_response_header, unsafe_header_names,
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

    /// A page loaded from `url`, whose origin its requests carry: a page's address
    /// (`https://app.example.com/orders`) or its origin (`https://app.example.com`), taken as
    /// the browser serialises it (`HTTPS://App.Example.com:443/` is `https://app.example.com`),
    /// or `null` for a sandboxed frame.
    ///
    /// # Panics
    ///
    /// If `url` is not an absolute URL: no page has such an origin.
    pub fn page(&self, url: impl AsRef<str>) -> Page<'_> {
        let url = url.as_ref();
        let origin = if url == "null" {
            url.to_owned()
        } else {
            let parsed = url::Url::parse(url).unwrap_or_else(|e| {
                panic!("a page is loaded from an absolute URL (`https://app.example.com`); `{url}` is not one: {e}")
            });
            page_origin(&parsed)
        };
        Page { browser: self, origin }
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
    /// What a server answers a request whose header value holds a control byte (0x01 to 0x1F
    /// but tab, or 0x7F). Fetch lets a script set such a value and the browser sends it, but
    /// HTTP's field-value grammar has no room for it: the server's parser refuses the request
    /// (actix-http answers 400 with no body) before any service sees it. Nor can actix's
    /// `HeaderValue` hold it, so the model cannot hand it to the app; it answers as the server
    /// would instead.
    fn bad_request() -> Received {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, HeaderValue::from(0));
        Received { status: StatusCode::BAD_REQUEST, headers, body: Vec::new() }
    }

    /// Every line of `name`, as text. Trimmed: an HTTP parser strips the whitespace around a
    /// field value (RFC 9112 §5.1), so a Fetch header value has none.
    fn lines(&self, name: &str) -> Vec<String> {
        self.headers.get_all(name).map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned()).collect()
    }

    /// Fetch §2.2.2 "extract header list values": the lines' items, or `None` if one is not a
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
        let thrown =
            |invalid: Invalid| Outcome::before_sending(Err(blocked(&request.url, Reason::thrown(&invalid))));
        let mut hop = match self.first_hop(&request) {
            Ok(hop) => hop,
            Err(invalid) => return thrown(invalid),
        };
        // Fetch §4.1 main fetch, once per URL the request is redirected to. Every way out of the
        // loop sets the result.
        let mut outcome = Outcome::before_sending(Ok(Readable::default()));
        let mut redirects = 0;
        loop {
            let url = hop.url();
            // Once cross-origin, always: a redirect back does not make the response the page's.
            hop.left_page |= hop.url_origin != self.origin;
            let cors = hop.left_page && request.mode == Mode::Cors;
            let opaque = hop.left_page && request.mode == Mode::NoCors;
            let include = request.credentials == Credentials::Include;
            let cookies = include || (request.credentials == Credentials::SameOrigin && !hop.left_page);
            // Fetch §2.2.5 "serializing a request origin": after a redirect from one origin to
            // another, neither the page's, the request's origin is `null` (its tainted origin flag).
            let origin = if hop.tainted { "null".to_owned() } else { self.origin.clone() };
            if cors {
                match self.preflight_if_needed(app, &hop, &url, &origin, include).await {
                    Ok(Preflighted::Sent(sent)) => {
                        outcome.preflights.push(sent);
                        hop.preflighted = true;
                    }
                    Ok(Preflighted::FromCache) => {
                        outcome.from_cache = true;
                        hop.preflighted = true;
                    }
                    Ok(Preflighted::NotNeeded) => {}
                    Err((sent, reason)) => {
                        outcome.preflights.push(sent);
                        outcome.result = Err(blocked(&url, reason));
                        return outcome;
                    }
                }
            }
            let received = match self.actual(&hop, &origin, cors, cookies) {
                Some(actual) => receive(app.call(actual.to_request()).await).await,
                None => Received::bad_request(),
            };
            outcome.sent = true;
            // Fetch §4.3, HTTP fetch: the CORS check applies to a redirect too.
            if cors && let Err(reason) = cors_check(&received, &origin, include, false) {
                if engine.forgets_grant_on_failed_response() {
                    self.browser.state.borrow_mut().cache.forget((&origin, &url));
                }
                outcome.result = Err(blocked(&url, reason));
                return outcome;
            }
            // Fetch §4.4 HTTP-redirect fetch: followed, as `redirect: "follow"` does.
            let location = received.lines("location").into_iter().next();
            if let (true, Some(location)) = (is_redirect(received.status), location) {
                if redirects == MAX_REDIRECTS {
                    outcome.result = Err(blocked(&url, Reason::TooManyRedirects));
                    return outcome;
                }
                match hop.redirect(&location, received.status, &self.origin, request.mode) {
                    Some(next) => {
                        hop = next;
                        redirects += 1;
                        continue;
                    }
                    None => {
                        outcome.result = Err(blocked(&url, Reason::BadRedirect(location)));
                        return outcome;
                    }
                }
            }
            let mut readable =
                if opaque { Readable::default() } else { Self::read(&received, cors, include) };
            if !opaque {
                readable.url = url;
                readable.redirected = redirects > 0;
            }
            outcome.result = Ok(readable);
            return outcome;
        }
    }

    /// The request to its first URL, as the browser makes it from what the script passed, or
    /// why `fetch()` throws, checked in the order the `Request` constructor checks.
    fn first_hop(&self, request: &Request) -> Result<Hop, Invalid> {
        if !request.headers.iter().all(|(name, value)| byte_string(name) && byte_string(value)) {
            return Err(Invalid::NotByteString);
        }
        let (url_origin, path) = split_url(&request.url, &self.origin)?;
        let method = normalize_method(&request.method)?;
        if request.mode == Mode::NoCors && !safelisted_method(&method) {
            return Err(Invalid::NoCorsMethod(method));
        }
        let headers = Self::headers(request)?;
        if request.body.is_some() && matches!(method.as_str(), "GET" | "HEAD") {
            return Err(Invalid::BodyWithGetOrHead);
        }
        Ok(Hop {
            url_origin,
            path,
            method,
            headers,
            body: request.body.clone(),
            tainted: false,
            left_page: false,
            preflighted: false,
        })
    }

    /// Fetch §5.1, `Headers` "append", once per header the script passed: each value normalized,
    /// `fetch()` throwing on a malformed one, and what a script may not set dropped (forbidden
    /// headers; in `no-cors` mode, anything not safelisted once added to its name's value).
    fn headers(request: &Request) -> Result<Vec<(String, String)>, Invalid> {
        let mut kept: Vec<(String, String)> = Vec::new();
        for (name, value) in &request.headers {
            let value = header_value(name, value)?;
            let keep = match request.mode {
                Mode::Cors => !forbidden_request_header(name, value),
                Mode::NoCors => no_cors_keeps(&kept, name, value),
            };
            if !keep {
                continue;
            }
            // A name set twice is one header of both values, `a, b`, as all three engines send
            // it and judge it (`content-type: text/plain` twice is not safelisted): Fetch §4.1
            // judges each value alone. The browser suite shows it.
            match kept.iter_mut().find(|(kept, _)| kept == name) {
                Some((_, values)) => {
                    values.push_str(", ");
                    values.push_str(value);
                }
                None => kept.push((name.clone(), value.to_owned())),
            }
        }
        Ok(kept)
    }

    /// Fetch §4.1, main fetch, and §4.8, CORS-preflight fetch: sends a preflight if the method or a header is not
    /// safelisted and the cache does not hold an answer for each.
    async fn preflight_if_needed<S, B>(
        &self,
        app: &S,
        hop: &Hop,
        url: &str,
        origin: &str,
        include: bool,
    ) -> Result<Preflighted, (PreflightSent, Reason)>
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        let engine = self.browser.engine;
        let names = unsafe_header_names(&hop.headers, engine.safelists_non_ascii_values());
        let again = hop.preflighted && engine.preflights_every_hop_after_one();
        let nothing_to_ask = safelisted_method(&hop.method) && names.is_empty();
        if nothing_to_ask && !again {
            return Ok(Preflighted::NotNeeded);
        }
        let key = (origin, url);
        // A preflight sent again with nothing to ask finds nothing in the cache to stand in.
        let cached = !nothing_to_ask && {
            let state = self.browser.state.borrow();
            let now = state.now;
            let method_cached = safelisted_method(&hop.method)
                || state.cache.matches(engine, key, include, &Grant::Method(hop.method.clone()), now);
            method_cached
                && names
                    .iter()
                    .all(|n| state.cache.matches(engine, key, include, &Grant::Header(n.clone()), now))
        };
        if cached {
            return Ok(Preflighted::FromCache);
        }
        let answer = self.preflight(app, &hop.path, origin, &hop.method, &names).await;
        let sent =
            PreflightSent { method: hop.method.clone(), headers: names, status: answer.status.as_u16() };
        match self.preflight_check(&answer, key, include, &sent.method, &sent.headers) {
            Ok(()) => Ok(Preflighted::Sent(sent)),
            Err(reason) => {
                // Fetch §4.1 main fetch: a failed preflight clears the cache entries for the
                // request's origin and URL (not in WebKit).
                if engine.forgets_grants_on_failed_preflight() {
                    self.browser.state.borrow_mut().cache.forget(key);
                }
                Err((sent, reason))
            }
        }
    }

    /// What the script reads of a response on its own origin (`cors: false`) or one that
    /// passed the CORS check: Fetch §2.2.6, "CORS-filtered response": the safelisted
    /// headers and those exposed.
    fn read(received: &Received, cors: bool, include: bool) -> Readable {
        let forbidden = crate::validate::header::forbidden_response_name;
        if !cors {
            return readable(received, |name| !forbidden(name));
        }
        let exposed = received.list("access-control-expose-headers").unwrap_or_default();
        let all = !include && exposed.iter().any(|n| n == "*");
        readable(received, |name| {
            !forbidden(name)
                && (all
                    || safelisted_response_header(name)
                    || exposed.iter().any(|e| e.eq_ignore_ascii_case(name)))
        })
    }

    /// The request itself, as the browser sends it, or `None` if no server's HTTP parser would
    /// take it in (see [`Received::bad_request`]).
    fn actual(&self, hop: &Hop, origin: &str, cors: bool, cookies: bool) -> Option<TestRequest> {
        let method = Method::from_bytes(hop.method.as_bytes()).unwrap_or(Method::GET);
        let mut actual = TestRequest::default().method(method).uri(hop.path.as_str());
        // Fetch §3.1 "append a request `Origin` header": always on a CORS request, and on any
        // other that is neither GET nor HEAD.
        if cors || !matches!(hop.method.as_str(), "GET" | "HEAD") {
            actual = actual.insert_header(("origin", origin));
        }
        for (name, value) in &hop.headers {
            // A `ByteString` goes out one byte per character, as Latin-1 (in UTF-8 from WebKit).
            // A control byte in it is valid in Fetch but not in an HTTP field value, which
            // `HeaderValue` refuses.
            let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
            let bytes = if self.browser.engine.sends_values_in_utf8() {
                value.as_bytes().to_vec()
            } else {
                latin1(value)
            };
            let value = HeaderValue::try_from(bytes).ok()?;
            actual = actual.append_header((name, value));
        }
        if cookies && let Some(cookie) = self.browser.state.borrow().cookie.clone() {
            actual = actual.insert_header(("cookie", cookie));
        }
        if let Some(body) = &hop.body {
            actual = actual.set_payload(body.clone());
        }
        Some(actual)
    }

    /// Sends the preflight (Fetch §4.8): no cookies, none of the script's headers.
    async fn preflight<S, B>(
        &self,
        app: &S,
        path: &str,
        origin: &str,
        method: &str,
        names: &[String],
    ) -> Received
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        let mut request = TestRequest::default()
            .method(Method::OPTIONS)
            .uri(path)
            .insert_header(("accept", "*/*"))
            .insert_header(("origin", origin))
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
        key: (&str, &str),
        credentials: bool,
        method: &str,
        names: &[String],
    ) -> Result<(), Reason> {
        let engine = self.browser.engine;
        if is_redirect(answer.status) {
            return Err(Reason::PreflightRedirect(answer.status.as_u16()));
        }
        cors_check(answer, key.0, credentials, true)?;
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
        // Its value is one number: on several lines it is a list, which fails to parse.
        let max_age_lines = answer.lines("access-control-max-age");
        let max_age =
            engine.max_age((!max_age_lines.is_empty()).then(|| max_age_lines.join(", ")).as_deref());
        let grants = methods
            .into_iter()
            .map(Grant::Method)
            .chain(allowed.into_iter().map(|h| Grant::Header(h.to_ascii_lowercase())))
            .collect();
        let mut state = self.browser.state.borrow_mut();
        let now = state.now;
        state.cache.store(engine, key, credentials, grants, max_age, now);
        Ok(())
    }
}

/// Fetch §4.4: at most this many redirects are followed.
const MAX_REDIRECTS: usize = 20;

/// Fetch §2.2.3 "redirect status".
fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The request as it goes to one URL: the first, then each a redirect leads to.
#[derive(Clone)]
struct Hop {
    url_origin: String,
    path: String,
    method: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    /// Fetch's "tainted origin flag": redirected from one origin to another, away from the
    /// page's; the request's origin is then `null`.
    tainted: bool,
    /// Fetch's response tainting is not "basic": the request has left the page's origin.
    left_page: bool,
    /// A hop before this one needed a preflight (see
    /// [`Engine::preflights_every_hop_after_one`]).
    preflighted: bool,
}

impl Hop {
    fn url(&self) -> String {
        format!("{}{}", self.url_origin, self.path)
    }

    /// Fetch §4.4 HTTP-redirect fetch: the request to `location`, or `None` if it cannot be.
    fn redirect(&self, location: &str, status: StatusCode, page: &str, mode: Mode) -> Option<Hop> {
        let base = url::Url::parse(&self.url()).ok()?;
        let next = base.join(location).ok()?;
        let url_origin = next.origin().ascii_serialization();
        // Credentials in the URL are a network error for a CORS request going to an origin other
        // than the page's, or that has left the page's origin already.
        let cors = mode == Mode::Cors;
        if !matches!(next.scheme(), "http" | "https")
            || (cors && has_credentials(&next) && (url_origin != page || self.left_page))
        {
            return None;
        }
        let tainted = self.tainted || (url_origin != self.url_origin && self.url_origin != page);
        let mut hop = Hop { url_origin, path: path_and_query(&next), tainted, ..self.clone() };
        // 301 and 302 turn a POST into a GET, 303 anything but HEAD; the body and the headers
        // that describe it go.
        let status = status.as_u16();
        if ((status == 301 || status == 302) && hop.method == "POST")
            || (status == 303 && hop.method != "GET" && hop.method != "HEAD")
        {
            "GET".clone_into(&mut hop.method);
            hop.body = None;
            hop.headers.retain(|(name, _)| {
                !matches!(
                    name.as_str(),
                    "content-encoding" | "content-language" | "content-location" | "content-type"
                )
            });
        }
        // To another origin, the CORS non-wildcard request-header names (`authorization`) go.
        if hop.url_origin != self.url_origin {
            hop.headers.retain(|(name, _)| name != "authorization");
        }
        Some(hop)
    }
}

/// What [`Page::preflight_if_needed`] did.
enum Preflighted {
    NotNeeded,
    FromCache,
    Sent(PreflightSent),
}

/// Fetch §4.10, CORS check.
fn cors_check(response: &Received, origin: &str, credentials: bool, preflight: bool) -> Result<(), Reason> {
    let status = response.status.as_u16();
    let lines = response.lines("access-control-allow-origin");
    let value = match lines.as_slice() {
        [] => return Err(Reason::MissingAllowOrigin { preflight, status }),
        [one] if !one.contains(',') => one.as_str(),
        _ => return Err(Reason::MultipleAllowOrigin { preflight, value: lines.join(", ") }),
    };
    if value == "*" && !credentials {
        return Ok(());
    }
    if value == "*" {
        return Err(Reason::WildcardWithCredentials { preflight });
    }
    if value != origin {
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

/// The origin and the path (with query) of `url`, resolved against `page` as `fetch()`'s URL
/// parser resolves it (`/x` is on the page's origin, `//host/x` is not), or why `fetch()` throws.
fn split_url(url: &str, page: &str) -> Result<(String, String), Invalid> {
    let base = url::Url::parse(page).ok();
    let parsed =
        url::Url::options().base_url(base.as_ref()).parse(url).map_err(|_| Invalid::Url(url.to_owned()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Invalid::Url(url.to_owned()));
    }
    if has_credentials(&parsed) {
        return Err(Invalid::UrlWithCredentials(url.to_owned()));
    }
    Ok((parsed.origin().ascii_serialization(), path_and_query(&parsed)))
}

/// The origin a page at `url` sends: HTML's "origin" of a URL, which the `url` crate gives for
/// the schemes it knows; a page of another scheme with a host (`chrome-extension://<id>`,
/// `tauri://localhost`) sends `scheme://host[:port]` as engines serialise it, and one without
/// (`data:`, `about:`), `null`.
fn page_origin(url: &url::Url) -> String {
    match (url.origin(), url.host_str()) {
        (origin @ url::Origin::Tuple(..), _) => origin.ascii_serialization(),
        (url::Origin::Opaque(_), Some(host)) if url.scheme() != "file" => match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        },
        (url::Origin::Opaque(_), _) => "null".to_owned(),
    }
}

/// Fetch's "includes credentials": a username or a password.
fn has_credentials(url: &url::Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
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
    Readable { status: received.status.as_u16(), headers, body: received.body.clone(), ..Readable::default() }
}
