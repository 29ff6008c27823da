//! What a page's script gets from one `fetch()`, and why a browser blocked it, in the words of
//! that browser's console.

use std::fmt;

use super::engine::Engine;
use super::request::Invalid;

/// The preflight a browser sent before the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreflightSent {
    /// `Access-Control-Request-Method`.
    pub method: String,
    /// `Access-Control-Request-Headers`, split: sorted, lowercase names.
    pub headers: Vec<String>,
    /// The preflight response's status.
    pub status: u16,
}

/// What the script reads of a response it may read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Readable {
    /// `response.status`: 0 for an opaque (`no-cors`) response.
    pub status: u16,
    /// The headers `response.headers` shows: CORS-safelisted ones and those exposed, names
    /// lowercase, one entry per name with its lines joined by `, `. Empty when opaque.
    pub headers: Vec<(String, String)>,
    /// The body (empty when opaque).
    pub body: Vec<u8>,
    /// `response.url`: the URL the response came from, after redirects (empty when opaque).
    pub url: String,
    /// `response.redirected`: whether a redirect was followed to get it.
    pub redirected: bool,
}

/// The outcome of one `fetch()`: allowed (the script reads a response) or blocked (the promise
/// rejects with a `TypeError`), whether a preflight went first, and what reached the server.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub(crate) preflights: Vec<PreflightSent>,
    pub(crate) from_cache: bool,
    pub(crate) sent: bool,
    pub(crate) result: Result<Readable, Blocked>,
}

impl Outcome {
    /// An outcome with nothing sent yet.
    pub(crate) fn before_sending(result: Result<Readable, Blocked>) -> Outcome {
        Outcome { preflights: Vec::new(), from_cache: false, sent: false, result }
    }

    /// Whether the script gets a response (its status may still be an error, such as 401).
    pub fn is_allowed(&self) -> bool {
        self.result.is_ok()
    }

    /// Whether the promise rejects: the browser blocked the request or its response (or
    /// `fetch()` threw).
    pub fn is_blocked(&self) -> bool {
        self.result.is_err()
    }

    /// Why the browser blocked it, if it did. Displays as the browser's console would say it.
    pub fn blocked(&self) -> Option<&Blocked> {
        self.result.as_ref().err()
    }

    /// The response the script reads, if allowed.
    pub fn response(&self) -> Option<&Readable> {
        self.result.as_ref().ok()
    }

    /// The status the script reads, if allowed.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status)
    }

    /// The body the script reads, if allowed (empty when opaque).
    pub fn body(&self) -> Option<&[u8]> {
        self.response().map(|r| r.body.as_slice())
    }

    /// A response header as the script's `response.headers.get(name)` reads it: `None` when the
    /// response is blocked, or the header is absent or not exposed.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.response()?.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The preflight sent over the network before the request, if one was.
    pub fn preflight(&self) -> Option<&PreflightSent> {
        self.preflights.first()
    }

    /// Every preflight sent: one per URL a redirect led to that needed one.
    pub fn preflights(&self) -> &[PreflightSent] {
        &self.preflights
    }

    /// Whether a preflight was needed and the browser's preflight cache answered it instead of
    /// the network.
    pub fn preflight_from_cache(&self) -> bool {
        self.from_cache
    }

    /// Whether the request itself reached the server (after any preflight).
    pub fn reached_server(&self) -> bool {
        self.sent
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.result {
            Ok(readable) => write!(f, "allowed: the script reads status {}", readable.status),
            Err(blocked) => blocked.fmt(f),
        }
    }
}

/// Why a browser blocked a `fetch()`. Its `Display` is the message that engine's console shows:
/// for Chromium, checked word for word against Chromium's console (148 and 156) by this crate's
/// browser suite; for Firefox and WebKit, whose drivers expose no console, their documented
/// wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub(crate) engine: Engine,
    pub(crate) url: String,
    pub(crate) origin: String,
    pub(crate) reason: Reason,
}

impl Blocked {
    /// The cause.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }

    /// The URL of the request that was blocked: after redirects, the hop that failed.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The origin of the page that made the request, as the console names it (even where a
    /// redirect to another origin made the request's `Origin` `null`).
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// The cause of a blocked `fetch()`.
///
/// A preflight's answer is checked as engines check it: for redirects, then by the CORS check
/// (`Access-Control-Allow-Origin`, `-Allow-Credentials`), then for an ok status, then for the
/// method and headers. So a preflight refused as this crate refuses one (`403`, no CORS header)
/// is [`MissingAllowOrigin`](Reason::MissingAllowOrigin) with `preflight: true`, whatever was
/// refused, in every engine; [`PreflightStatus`](Reason::PreflightStatus) is a preflight that
/// passed the CORS check with a status other than 2xx. In
/// [debug mode](crate::set_debug_mode), a refusal is reported by its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// `fetch()` threw before sending anything: a forbidden or malformed method, a method
    /// `no-cors` does not allow, a body on `GET`, a header name or value `Headers` refuses, a URL
    /// with credentials. The message is the `TypeError`'s.
    Thrown(String),
    /// The preflight's status was not 2xx (Fetch §4.8: an "ok status").
    PreflightStatus(u16),
    /// The preflight was answered with a redirect (Fetch §4.8: never followed).
    PreflightRedirect(u16),
    /// No `Access-Control-Allow-Origin` (Fetch §4.10, CORS check).
    MissingAllowOrigin {
        /// On the preflight rather than the response.
        preflight: bool,
        /// The response's status.
        status: u16,
    },
    /// `Access-Control-Allow-Origin` on several lines or with several values.
    MultipleAllowOrigin {
        /// On the preflight rather than the response.
        preflight: bool,
        /// The combined value.
        value: String,
    },
    /// `Access-Control-Allow-Origin` names another origin.
    AllowOriginMismatch {
        /// On the preflight rather than the response.
        preflight: bool,
        /// The value sent.
        value: String,
        /// The response's status.
        status: u16,
    },
    /// `Access-Control-Allow-Origin: *` on a request with `credentials: "include"`.
    WildcardWithCredentials {
        /// On the preflight rather than the response.
        preflight: bool,
    },
    /// `Access-Control-Allow-Credentials` is not `true` on a request with
    /// `credentials: "include"`.
    CredentialsNotAllowed {
        /// On the preflight rather than the response.
        preflight: bool,
        /// The value sent, empty if none.
        value: String,
    },
    /// The preflight's `Access-Control-Allow-Methods` does not cover the method.
    MethodNotAllowed(String),
    /// The preflight's `Access-Control-Allow-Headers` does not cover this request header.
    HeaderNotAllowed(String),
    /// `Access-Control-Allow-Methods` or `-Allow-Headers` is not a list of tokens.
    InvalidAllowList(&'static str),
    /// A redirect's `Location` is not a URL the request can follow (Fetch §4.4).
    BadRedirect(String),
    /// More than 20 redirects (Fetch §4.4).
    TooManyRedirects,
}

impl Reason {
    pub(crate) fn thrown(invalid: &Invalid) -> Reason {
        Reason::Thrown(invalid.to_string())
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.engine {
            Engine::Chromium => self.chromium(f),
            Engine::Firefox => self.firefox(f),
            Engine::WebKit => self.webkit(f),
        }
    }
}

impl Blocked {
    fn chromium(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Reason::Thrown(message) = &self.reason {
            return write!(f, "TypeError: Failed to execute 'fetch' on 'Window': {message}");
        }
        write!(
            f,
            "Access to fetch at '{}' from origin '{}' has been blocked by CORS policy: ",
            self.url, self.origin
        )?;
        let check = "Response to preflight request doesn't pass access control check: ";
        let pre = |preflight: bool| if preflight { check } else { "" };
        match &self.reason {
            Reason::Thrown(_) => Ok(()),
            Reason::PreflightStatus(_) => write!(f, "{check}It does not have HTTP ok status."),
            Reason::PreflightRedirect(_) => {
                write!(f, "{check}Redirect is not allowed for a preflight request.")
            }
            Reason::MissingAllowOrigin { preflight, .. } => write!(
                f,
                "{}No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                pre(*preflight)
            ),
            Reason::MultipleAllowOrigin { preflight, value } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.",
                pre(*preflight)
            ),
            Reason::AllowOriginMismatch { preflight, value, .. } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.",
                pre(*preflight)
            ),
            Reason::WildcardWithCredentials { preflight } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
                pre(*preflight)
            ),
            Reason::CredentialsNotAllowed { preflight, value } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.",
                pre(*preflight)
            ),
            Reason::MethodNotAllowed(method) => {
                write!(
                    f,
                    "Method {method} is not allowed by Access-Control-Allow-Methods in preflight response."
                )
            }
            Reason::HeaderNotAllowed(name) => write!(
                f,
                "Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response."
            ),
            Reason::InvalidAllowList(header) => {
                write!(f, "{check}Cannot parse {header} response header field in preflight response.")
            }
            Reason::BadRedirect(location) => write!(f, "Redirect location '{location}' cannot be followed."),
            Reason::TooManyRedirects => f.write_str("net::ERR_TOO_MANY_REDIRECTS"),
        }
    }

    fn firefox(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Reason::Thrown(message) = &self.reason {
            return write!(f, "TypeError: Window.fetch: {message}");
        }
        let (reason, status) = match &self.reason {
            Reason::Thrown(_) => (String::new(), None),
            Reason::PreflightStatus(status) => {
                ("CORS preflight response did not succeed".to_owned(), Some(*status))
            }
            Reason::PreflightRedirect(status) => {
                ("CORS request external redirect not allowed".to_owned(), Some(*status))
            }
            Reason::MissingAllowOrigin { status, .. } => {
                ("CORS header ‘Access-Control-Allow-Origin’ missing".to_owned(), Some(*status))
            }
            Reason::MultipleAllowOrigin { .. } => {
                ("Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed".to_owned(), None)
            }
            Reason::AllowOriginMismatch { value, status, .. } => {
                (format!("CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’"), Some(*status))
            }
            Reason::WildcardWithCredentials { .. } => (
                "Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’"
                    .to_owned(),
                None,
            ),
            Reason::CredentialsNotAllowed { .. } => {
                ("expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’".to_owned(), None)
            }
            Reason::MethodNotAllowed(_) => {
                ("Did not find method in CORS header ‘Access-Control-Allow-Methods’".to_owned(), None)
            }
            Reason::HeaderNotAllowed(name) => (
                format!(
                    "header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response"
                ),
                None,
            ),
            Reason::InvalidAllowList(header) => (format!("invalid token in CORS header ‘{header}’"), None),
            Reason::BadRedirect(_) => ("CORS request external redirect not allowed".to_owned(), None),
            Reason::TooManyRedirects => ("too many redirects".to_owned(), None),
        };
        write!(
            f,
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {}. (Reason: {reason}).",
            self.url
        )?;
        if let Some(status) = status {
            write!(f, " Status code: {status}.")?;
        }
        Ok(())
    }

    fn webkit(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            Reason::Thrown(message) => return write!(f, "TypeError: {message}"),
            Reason::PreflightStatus(status) | Reason::PreflightRedirect(status) => {
                write!(f, "Preflight response is not successful. Status code: {status}")?;
            }
            Reason::MissingAllowOrigin { status, .. } | Reason::AllowOriginMismatch { status, .. } => {
                write!(
                    f,
                    "Origin {} is not allowed by Access-Control-Allow-Origin. Status code: {status}",
                    self.origin
                )?;
            }
            Reason::MultipleAllowOrigin { .. } => {
                f.write_str("Access-Control-Allow-Origin cannot contain more than one origin.")?;
            }
            Reason::WildcardWithCredentials { .. } => {
                f.write_str(
                    "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
                )?;
            }
            Reason::CredentialsNotAllowed { .. } => {
                f.write_str(
                    "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
                )?;
            }
            Reason::MethodNotAllowed(method) => {
                write!(f, "Method {method} is not allowed by Access-Control-Allow-Methods.")?;
            }
            Reason::HeaderNotAllowed(name) => {
                write!(f, "Request header field {name} is not allowed by Access-Control-Allow-Headers.")?;
            }
            Reason::InvalidAllowList(header) => write!(f, "{header} is not a list of tokens.")?,
            Reason::BadRedirect(location) => write!(f, "Cannot follow the redirect to {location}.")?,
            Reason::TooManyRedirects => f.write_str("Too many redirects.")?,
        }
        write!(f, "\nFetch API cannot load {} due to access control checks.", self.url)
    }
}
