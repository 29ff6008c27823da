//! What a script passes to `fetch()`, and the Fetch standard's rules on what a script may send:
//! forbidden methods and headers, CORS-safelisted methods and request headers.

use std::borrow::Cow;
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
    /// A `GET` of `url`: absolute (`https://api.example.com/orders`), or relative, resolved
    /// against the page as `fetch()` resolves it: a path (`/orders`) is on the page's own origin,
    /// a scheme-relative URL (`//cdn.example.com/x`) on another. A page on the `null` origin has
    /// no URL to resolve against, so `fetch()` throws for a relative one. So it does for a URL
    /// with credentials (`https://user:pw@api.example.com/`).
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
    /// browser's `Headers` object drops them. The value loses the whitespace around it, as
    /// `Headers` normalizes it; a name that is not a token, or a value with a NUL, CR or LF or a
    /// character above U+00FF, makes `fetch()` throw.
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
    /// A URL with a username or password (Fetch §5.4 `Request` constructor).
    UrlWithCredentials(String),
    /// A header name or value with a character above U+00FF: not a Web IDL `ByteString`.
    NotByteString,
    /// A header name that is not a token (Fetch §5.1 `Headers` "validate").
    HeaderName,
    /// A header value with a NUL, CR or LF once normalized (Fetch §5.1 `Headers` "validate").
    HeaderValue,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Method(m) => write!(f, "'{m}' is not a valid HTTP method."),
            Invalid::ForbiddenMethod(m) => write!(f, "'{m}' HTTP method is unsupported."),
            Invalid::NoCorsMethod(m) => write!(f, "'{m}' is unsupported in no-cors mode."),
            Invalid::BodyWithGetOrHead => f.write_str("Request with GET/HEAD method cannot have body."),
            Invalid::Url(url) => write!(f, "Failed to parse URL from {url}"),
            Invalid::UrlWithCredentials(url) => {
                write!(f, "Request cannot be constructed from a URL that includes credentials: {url}")
            }
            Invalid::NotByteString => f.write_str(
                "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.",
            ),
            Invalid::HeaderName => f.write_str("Invalid name"),
            Invalid::HeaderValue => f.write_str("Invalid value"),
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

/// Web IDL `ByteString`: what a script passes as a header name or value holds no code point
/// above U+00FF, or `fetch()` throws before it looks at anything else.
pub(crate) fn byte_string(text: &str) -> bool {
    text.chars().all(|c| u8::try_from(c).is_ok())
}

/// The bytes a `ByteString` is sent as: one per code point (Latin-1), not its UTF-8. (A code
/// point above U+00FF never gets here: [`byte_string`] made `fetch()` throw.)
pub(crate) fn latin1(text: &str) -> Vec<u8> {
    text.chars().filter_map(|c| u8::try_from(c).ok()).collect()
}

/// How many bytes a `ByteString` is on the wire, which is what Fetch's byte limits count.
fn byte_len(text: &str) -> usize {
    text.chars().count()
}

/// Fetch §2.2 "HTTP whitespace".
const HTTP_WHITESPACE: [char; 4] = ['\t', '\n', '\r', ' '];

/// Fetch §5.1 `Headers` "append", steps 1 and 2: the value as the header list holds it
/// ("normalize": the whitespace around it stripped), or why `fetch()` throws ("validate": the
/// name is a token, the value holds no NUL, CR or LF).
pub(crate) fn header_value<'v>(name: &str, value: &'v str) -> Result<&'v str, Invalid> {
    if !is_token(name.as_bytes()) {
        return Err(Invalid::HeaderName);
    }
    let value = value.trim_matches(HTTP_WHITESPACE);
    if value.contains(['\0', '\n', '\r']) {
        return Err(Invalid::HeaderValue);
    }
    Ok(value)
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
    if byte_len(value) > 128 {
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
    digits(start) && (end.is_empty() || (digits(end) && not_above(start, end)))
}

/// Whether the decimal number `a` is at most `b`, both strings of digits of any length: Fetch
/// reads them as mathematical numbers, which no integer type holds.
fn not_above(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    (a.len(), a) <= (b.len(), b)
}

/// Fetch §2.2.2 "no-CORS-safelisted request-header": what `no-cors` mode keeps.
pub(crate) fn no_cors_safelisted(name: &str, value: &str) -> bool {
    matches!(name, "accept" | "accept-language" | "content-language" | "content-type")
        && safelisted_request_header(name, value)
}

/// Fetch §5.1 `Headers` "append" in `request-no-cors`: the value judged is the header's value
/// with this one appended (`a, b`), not this one alone. `kept` holds the headers appended so far.
pub(crate) fn no_cors_keeps(kept: &[(String, String)], name: &str, value: &str) -> bool {
    no_cors_safelisted(name, &combined(kept, name, value))
}

/// Fetch §2.2.2 "get": the values of `name` in `kept`, then `value`, joined by `, `. Only a
/// repeated header allocates; any other is judged as it is.
fn combined<'v>(kept: &[(String, String)], name: &str, value: &'v str) -> Cow<'v, str> {
    let mut earlier = kept.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let Some(first) = earlier.next() else { return Cow::Borrowed(value) };
    let mut all = first.to_owned();
    for v in earlier.chain([value]) {
        all.push_str(", ");
        all.push_str(v);
    }
    Cow::Owned(all)
}

/// Fetch §2.2.2 "CORS-unsafe request-header names": the sorted, lowercase names a preflight
/// asks about. Safelisted headers count too when their values add up to more than 1,024 bytes.
/// `non_ascii_safelisted`: whether a value with a character above U+007F may be safelisted
/// (see [`Engine::safelists_non_ascii_values`](super::Engine)).
pub(crate) fn unsafe_header_names(headers: &[(String, String)], non_ascii_safelisted: bool) -> Vec<String> {
    let mut names = Vec::new();
    let mut safelisted_bytes = 0;
    let mut safelisted = Vec::new();
    for (name, value) in headers {
        if safelisted_request_header(name, value) && (non_ascii_safelisted || value.is_ascii()) {
            safelisted_bytes += byte_len(value);
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
        assert!(safelisted_request_header("range", "bytes=1-99999999999999999999999"));
        assert!(!safelisted_request_header("range", "bytes=99999999999999999999999-1"));
        assert!(safelisted_request_header("range", "bytes=0099-100"));
        assert!(safelisted_request_header("accept", &"é".repeat(128)), "128 bytes on the wire");
        let big = vec![("accept".to_owned(), "a".repeat(120)); 9];
        assert_eq!(unsafe_header_names(&big, true), ["accept"], "over 1,024 safelisted bytes");
    }

    #[test]
    fn header_values_are_normalized_then_validated() {
        assert_eq!(header_value("x-a", " \t1 \r\n"), Ok("1"));
        assert_eq!(header_value("x a", "1"), Err(Invalid::HeaderName));
        assert_eq!(header_value("x-a", "a\nb"), Err(Invalid::HeaderValue));
        assert_eq!(header_value("x-a", "a\0"), Err(Invalid::HeaderValue));
        assert_eq!(header_value("x-a", "a\u{1}b"), Ok("a\u{1}b"), "valid, if CORS-unsafe");
        assert!(byte_string("ÿé") && !byte_string("€"));
        assert_eq!(latin1("é"), [0xe9]);
    }

    #[test]
    fn no_cors_judges_a_repeated_header_by_its_combined_value() {
        let kept = vec![("content-language".to_owned(), "en".to_owned())];
        assert!(no_cors_keeps(&kept, "content-language", "fr"), "`en, fr`");
        assert!(!no_cors_keeps(&kept, "content-language", &"a".repeat(125)), "`en, a…` is 129 bytes");
        assert!(no_cors_keeps(&kept, "accept-language", &"a".repeat(125)));
    }

    #[test]
    fn forbidden_headers_are_recognised() {
        assert!(forbidden_request_header("cookie", "a=b"));
        assert!(forbidden_request_header("sec-fetch-mode", "cors"));
        assert!(forbidden_request_header("x-http-method-override", "TRACE"));
        assert!(!forbidden_request_header("x-http-method-override", "PATCH"));
        assert!(!forbidden_request_header("authorization", "Bearer x"));
        assert!(forbidden_request_header("access-control-request-method", "PUT"));
        assert!(!forbidden_request_header("access-control-request-private-network", "true"));
    }
}
