//! What the actix-web tests of both crates read responses with, as a browser would, and the
//! log capture that checks refused preflights are logged, and warnings given.

#![allow(dead_code, unreachable_pub)] // each test file uses its own part

use std::sync::Mutex;

use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap};
use actix_web::test::TestRequest;

/// A preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`.
pub fn preflight(path: &str, origin: &str, method: &str) -> TestRequest {
    TestRequest::default()
        .method(Method::OPTIONS)
        .uri(path)
        .insert_header((header::ORIGIN, origin))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, method))
}

/// One header's value, if sent.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// The names of every `Access-Control-*` header sent, sorted: a header map's order is its
/// hasher's, which changes from one map to the next, and means nothing to a browser.
pub fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    sorted(
        headers.keys().map(ToString::to_string).filter(|name| name.starts_with("access-control-")).collect(),
    )
}

/// What a response's headers can be read from: an [`Answer`], or the headers themselves.
pub trait Headers {
    fn header_map(&self) -> &HeaderMap;
}

impl Headers for HeaderMap {
    fn header_map(&self) -> &HeaderMap {
        self
    }
}

impl Headers for Answer {
    fn header_map(&self) -> &HeaderMap {
        &self.headers
    }
}

/// `Access-Control-Allow-Origin`, checked to be sent at most once.
pub fn allow_origin(of: &impl Headers) -> Option<&str> {
    let all: Vec<_> = of.header_map().get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).collect();
    assert!(all.len() <= 1, "Access-Control-Allow-Origin sent {} times", all.len());
    all.first().map(|v| v.to_str().unwrap())
}

/// The items of a comma-separated header over all its lines, trimmed and lowercased, empty
/// ones left out: the one list a browser reads.
pub fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// What a preflight answer varies on, lowercased (README "What your tests will see change").
pub const PREFLIGHT_VARY: [&str; 4] = [
    "origin",
    "access-control-request-method",
    "access-control-request-headers",
    "access-control-request-private-network",
];

/// `items`, sorted: for lists whose order means nothing.
pub fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

/// Every `Vary` line, in order.
pub fn vary(headers: &HeaderMap) -> Vec<&str> {
    headers.get_all(header::VARY).map(|v| v.to_str().unwrap()).collect()
}

/// Records what is logged at debug and warn levels with target `cors`.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "cors" && matches!(metadata.level(), log::Level::Debug | log::Level::Warn)
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0.lock().unwrap().push(record.args().to_string());
        }
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

/// Starts capturing (once per test binary).
pub fn capture_logs() {
    if log::set_logger(&LOGS).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
    }
}

/// Whether `line` was logged since capturing started.
pub fn logged(line: &str) -> bool {
    LOGS.0.lock().unwrap().iter().any(|l| l == line)
}

/// Whether a line holding `part` was logged since capturing started.
pub fn logged_containing(part: &str) -> bool {
    LOGS.0.lock().unwrap().iter().any(|l| l.contains(part))
}

/// What the client receives: a response, or an error rendered the way actix-web's dispatcher
/// renders it (response mappers applied).
pub struct Answer {
    status: actix_web::http::StatusCode,
    headers: HeaderMap,
    body: actix_web::web::Bytes,
}

impl Answer {
    pub async fn of<B: actix_web::body::MessageBody + 'static>(
        result: Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) -> Answer {
        let response = match result {
            Ok(response) => response.into_parts().1.map_into_boxed_body(),
            Err(error) => error.error_response(),
        };
        let (status, headers) = (response.status(), response.headers().clone());
        let body = actix_web::body::to_bytes(response.into_body()).await.unwrap_or_default();
        Answer { status, headers, body }
    }

    pub fn status(&self) -> actix_web::http::StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as text (these tests send text).
    pub fn body(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or("<not UTF-8>")
    }
}

/// Auth as many applications write it with `from_fn`: a request without `authorization` fails
/// with `Err` (401), which actix-web turns into a response.
pub async fn require_token(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Err(actix_web::error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}

/// A handler answering with CORS headers written by hand, for what this crate's policies never
/// answer: where the engines part from the Fetch standard.
pub fn by_hand(
    headers: &'static [(&'static str, &'static str)],
) -> impl Fn() -> std::future::Ready<actix_web::HttpResponse> + Clone {
    move || {
        let mut response = actix_web::HttpResponse::Ok();
        for header in headers {
            response.insert_header(*header);
        }
        std::future::ready(response.body("by hand"))
    }
}

/// An allowed preflight's answer (SPEC §4.1): `204`, no body, and (RFC 9110 §8.6) no
/// `Content-Length`.
#[track_caller]
pub fn assert_preflight_answered(res: &Answer, context: &str) {
    assert_eq!(res.status(), actix_web::http::StatusCode::NO_CONTENT, "{context}: {:?}", res.headers());
    assert_eq!(res.body(), "", "{context}");
    assert_eq!(get(res.headers(), "content-length"), None, "{context}");
}

/// A refused preflight's answer (SPEC §4.2): `403`, without any `Access-Control-*` header.
#[track_caller]
pub fn assert_preflight_refused(res: &Answer, context: &str) {
    assert_eq!(res.status(), actix_web::http::StatusCode::FORBIDDEN, "{context}: {:?}", res.headers());
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{context}");
}
