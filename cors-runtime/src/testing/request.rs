//! What a script passes to `fetch()`, and the Fetch standard's rules on what a script may send:
//! forbidden methods and headers, CORS-safelisted methods and request headers.

use std::fmt;

use crate::token::is_token;
use crate::validate::header::forbidden_request_name;

/// `credentials` in `fetch()`'s options: whether cookies go with the request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// `"omit"`: never.
    Omit,
    /// `"same-origin"` (the default): only to the page's own origin.
    #[default]
    SameOrigin,
    /// `"include"`: always; a cross-origin response is then readable only with
    /// `Access-Control-Allow-Credentials: true` and an exact `Access-Control-Allow-Origin`.
    Include,
}

/// `mode` in `fetch()`'s options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// `"cors"` (the default): a cross-origin response is readable if CORS allows it.
    #[default]
    Cors,
    /// `"no-cors"`: only safelisted methods and headers, and the response is opaque (status 0,
    /// no headers, no body), whatever the server says.
    NoCors,
}

/// One `fetch(url, { method, headers, body, credentials, mode })` call.
///
/// ```
/// use strict_cors::testing::{Credentials, Request};
///
/// let request = Request::new("https://api.example.com/orders")
///     .method("POST")
///     .header("content-type", "application/json")
///     .body(r#"{"item": 7}"#)
///     .credentials(Credentials::Include);
/// # let _ = request;
/// ```
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) url: String,
    pub(crate) method: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) credentials: Credentials,
    pub(crate) mode: Mode,
}

impl Request {
    /// A `GET` of `url`: absolute (`https://api.example.com/orders`), or a path
    /// (`/orders`), which is on the page's own origin.
    pub fn new(url: impl Into<String>) -> Request {
        Request {
            url: url.into(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            body: None,
            credentials: Credentials::default(),
            mode: Mode::default(),
        }
    }

    /// The method, as a script writes it: `delete`, `get`, `head`, `options`, `post` and `put`
    /// are upper-cased as browsers do (Fetch §2.2.1 "normalize"); any other stays as written
    /// (`patch` is sent as `patch`).
    #[must_use]
    pub fn method(mut self, method: impl Into<String>) -> Request {
        self.method = method.into();
        self
    }

    /// A request header. Forbidden ones (`cookie`, `origin`, `sec-*`, ...) are dropped, as a
    /// browser's `Headers` object drops them.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.push((name.into().to_ascii_lowercase(), value.into()));
        self
    }

    /// The body.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = Some(body.into());
        self
    }

    /// The credentials mode.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Request {
        self.credentials = credentials;
        self
    }

    /// The request mode.
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Request {
        self.mode = mode;
        self
    }
}

impl From<&str> for Request {
    fn from(url: &str) -> Request {
        Request::new(url)
    }
}

impl From<String> for Request {
    fn from(url: String) -> Request {
        Request::new(url)
    }
}

/// Why `fetch()` throws before sending anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Not an HTTP token.
    Method(String),
    /// `CONNECT`, `TRACE`, `TRACK` (Fetch §2.2.1 "forbidden method").
    ForbiddenMethod(String),
    /// Not `GET`, `HEAD` or `POST` in `no-cors` mode (Fetch §5.4 `Request` constructor).
    NoCorsMethod(String),
    /// A body on `GET` or `HEAD`.
    BodyWithGetOrHead,
    /// A URL this model cannot read.
    Url(String),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Method(m) => write!(f, "'{m}' is not a valid HTTP method."),
            Invalid::ForbiddenMethod(m) => write!(f, "'{m}' HTTP method is unsupported."),
            Invalid::NoCorsMethod(m) => write!(f, "'{m}' is unsupported in no-cors mode."),
            Invalid::BodyWithGetOrHead => f.write_str("Request with GET/HEAD method cannot have body."),
            Invalid::Url(url) => write!(f, "Failed to parse URL from {url}"),
        }
    }
}

/// Fetch §2.2.1: the method a browser sends for what the script wrote, or why it throws.
pub(crate) fn normalize_method(method: &str) -> Result<String, Invalid> {
    if !is_token(method.as_bytes()) {
        return Err(Invalid::Method(method.to_owned()));
    }
    let upper = method.to_ascii_uppercase();
    if ["CONNECT", "TRACE", "TRACK"].contains(&upper.as_str()) {
        return Err(Invalid::ForbiddenMethod(method.to_owned()));
    }
    if ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].contains(&upper.as_str()) {
        return Ok(upper);
    }
    Ok(method.to_owned())
}

/// Fetch §2.2.1 "CORS-safelisted method".
pub(crate) fn safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// Fetch §2.2.2 "forbidden request-header": a script's `Headers` drops these. (The
/// `x-http-method-override` family is forbidden only with a forbidden method as its value.)
pub(crate) fn forbidden_request_header(name: &str, value: &str) -> bool {
    if forbidden_request_name(name) {
        return true;
    }
    matches!(name, "x-http-method" | "x-http-method-override" | "x-method-override")
        && value.split(',').any(|m| matches!(normalize_method(m.trim()), Err(Invalid::ForbiddenMethod(_))))
}

/// Fetch §2.2.2 "CORS-unsafe request-header byte".
fn unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b"\"():<>?@[\\]{}\x7f".contains(&b)
}

/// Fetch §2.2.2 "CORS-safelisted request-header": sent cross-origin without a preflight.
pub(crate) fn safelisted_request_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    let bytes = value.as_bytes();
    match name {
        "accept" => !bytes.iter().copied().any(unsafe_byte),
        "accept-language" | "content-language" => {
            bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b))
        }
        "content-type" => {
            if bytes.iter().copied().any(unsafe_byte) {
                return false;
            }
            let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
                .contains(&essence.as_str())
        }
        "range" => simple_range(value),
        _ => false,
    }
}

/// Fetch §2.2.2: `bytes=N-` or `bytes=N-M`, the one range a script may send without a preflight.
fn simple_range(value: &str) -> bool {
    let Some(range) = value.strip_prefix("bytes=") else { return false };
    let Some((start, end)) = range.split_once('-') else { return false };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(start) && (end.is_empty() || (digits(end) && start.parse::<u64>().ok() <= end.parse::<u64>().ok()))
}

/// Fetch §2.2.2 "no-CORS-safelisted request-header": what `no-cors` mode keeps.
pub(crate) fn no_cors_safelisted(name: &str, value: &str) -> bool {
    matches!(name, "accept" | "accept-language" | "content-language" | "content-type")
        && safelisted_request_header(name, value)
}

/// Fetch §2.2.2 "CORS-unsafe request-header names": the sorted, lowercase names a preflight
/// asks about. Safelisted headers count too when their values add up to more than 1,024 bytes.
pub(crate) fn unsafe_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut names = Vec::new();
    let mut safelisted_bytes = 0;
    let mut safelisted = Vec::new();
    for (name, value) in headers {
        if safelisted_request_header(name, value) {
            safelisted_bytes += value.len();
            safelisted.push(name.clone());
        } else {
            names.push(name.clone());
        }
    }
    if safelisted_bytes > 1024 {
        names.extend(safelisted);
    }
    names.sort();
    names.dedup();
    names
}

/// Fetch §2.2.2 "CORS-safelisted response-header name": readable without
/// `Access-Control-Expose-Headers`.
pub(crate) fn safelisted_response_header(name: &str) -> bool {
    matches!(
        name,
        "cache-control"
            | "content-language"
            | "content-length"
            | "content-type"
            | "expires"
            | "last-modified"
            | "pragma"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_normalized_as_browsers_do() {
        assert_eq!(normalize_method("post"), Ok("POST".to_owned()));
        assert_eq!(normalize_method("patch"), Ok("patch".to_owned()));
        assert!(matches!(normalize_method("trace"), Err(Invalid::ForbiddenMethod(_))));
        assert!(matches!(normalize_method("GE T"), Err(Invalid::Method(_))));
    }

    #[test]
    fn safelisted_headers_follow_the_value_rules() {
        assert!(safelisted_request_header("content-type", "text/plain; charset=utf-8"));
        assert!(!safelisted_request_header("content-type", "application/json"));
        assert!(!safelisted_request_header("content-type", "text/plain; x=\"y\""), "unsafe byte");
        assert!(!safelisted_request_header("accept", &"a".repeat(129)), "over 128 bytes");
        assert!(safelisted_request_header("accept-language", "en-GB, fr;q=0.5"));
        assert!(!safelisted_request_header("accept-language", "en_GB"));
        assert!(safelisted_request_header("range", "bytes=0-99"));
        assert!(!safelisted_request_header("range", "bytes=9-1"));
        assert!(!safelisted_request_header("range", "bytes=0-1,3-4"));
        let big = vec![("accept".to_owned(), "a".repeat(120)); 9];
        assert_eq!(unsafe_header_names(&big), ["accept"], "over 1,024 safelisted bytes");
    }

    #[test]
    fn forbidden_headers_are_recognised() {
        assert!(forbidden_request_header("cookie", "a=b"));
        assert!(forbidden_request_header("sec-fetch-mode", "cors"));
        assert!(forbidden_request_header("x-http-method-override", "TRACE"));
        assert!(!forbidden_request_header("x-http-method-override", "PATCH"));
        assert!(!forbidden_request_header("authorization", "Bearer x"));
    }
}
