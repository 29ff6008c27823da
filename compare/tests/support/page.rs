//! A page calling an actix-web app as a browser's `fetch()` would: a preflight when the
//! request needs one, then the request, each response judged by the Fetch standard's checks
//! (the model the property tests use). What the page's script gets is the outcome.

#![allow(dead_code, unreachable_pub)] // each test file uses its own part

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;

use crate::support::Answer;

#[path = "../../../cors-runtime/tests/properties/model.rs"]
mod model;

/// What a script passes to `fetch()`.
#[derive(Clone, Debug)]
pub struct Fetch {
    pub method: Method,
    pub path: &'static str,
    /// Request headers the script sets, lowercase.
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: &'static str,
    /// `credentials: "include"`: the browser sends its cookies.
    pub credentials: bool,
}

impl Fetch {
    pub fn new(method: Method, path: &'static str) -> Fetch {
        Fetch { method, path, headers: Vec::new(), body: "", credentials: false }
    }

    pub fn header(mut self, name: &'static str, value: &'static str) -> Fetch {
        self.headers.push((name, value));
        self
    }

    pub fn body(mut self, body: &'static str) -> Fetch {
        self.body = body;
        self
    }

    pub fn with_credentials(mut self) -> Fetch {
        self.credentials = true;
        self
    }

    /// The headers that make a preflight necessary (Fetch: not CORS-safelisted).
    fn unsafe_headers(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .headers
            .iter()
            .filter(|(name, value)| !safelisted(name, value))
            .map(|(name, _)| *name)
            .collect();
        names.sort_unstable();
        names
    }

    fn needs_preflight(&self) -> bool {
        !matches!(self.method, Method::GET | Method::HEAD | Method::POST) || !self.unsafe_headers().is_empty()
    }
}

fn safelisted(name: &str, value: &str) -> bool {
    match name {
        "accept" | "accept-language" | "content-language" => true,
        "content-type" => {
            let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
                .contains(&essence.as_str())
        }
        _ => false,
    }
}

/// What the page's script gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// The response, readable: its status and body.
    Read { status: u16, body: String },
    /// `TypeError: Failed to fetch`: the preflight did not allow the request (it was not sent).
    PreflightBlocked,
    /// `TypeError: Failed to fetch`: the request ran, but the page may not read the response.
    ResponseBlocked,
}

/// The outcome of one `fetch()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Whether the browser sent a preflight first.
    pub preflighted: bool,
    pub seen: Seen,
}

impl Outcome {
    /// The status the script reads, if it may read the response.
    pub fn status(&self) -> Option<u16> {
        match self.seen {
            Seen::Read { status, .. } => Some(status),
            _ => None,
        }
    }
}

/// A page loaded from `origin`.
pub struct Page {
    pub origin: &'static str,
}

impl Page {
    pub async fn fetch<S, B>(&self, app: &S, fetch: &Fetch) -> Outcome
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody + 'static,
    {
        let preflighted = fetch.needs_preflight();
        if preflighted {
            // Preflights carry no cookies and none of the script's headers.
            let names = fetch.unsafe_headers();
            let mut request = TestRequest::default()
                .method(Method::OPTIONS)
                .uri(fetch.path)
                .insert_header((header::ORIGIN, self.origin))
                .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, fetch.method.as_str()));
            if !names.is_empty() {
                request = request.insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, names.join(",")));
            }
            let answer = Answer::of(app.call(request.to_request()).await).await;
            let response = seen_by_browser(answer.status(), answer.headers());
            let allowed = model::preflight_check(
                self.origin,
                fetch.credentials,
                fetch.method.as_str(),
                &names,
                &response,
            );
            if !allowed {
                return Outcome { preflighted, seen: Seen::PreflightBlocked };
            }
        }
        let mut request = TestRequest::default()
            .method(fetch.method.clone())
            .uri(fetch.path)
            .insert_header((header::ORIGIN, self.origin));
        for &(name, value) in &fetch.headers {
            request = request.insert_header((name, value));
        }
        if fetch.credentials {
            request = request.insert_header((header::COOKIE, "session=s3cr3t"));
        }
        if !fetch.body.is_empty() {
            request = request.set_payload(fetch.body);
        }
        let answer = Answer::of(app.call(request.to_request()).await).await;
        let response = seen_by_browser(answer.status(), answer.headers());
        let seen = if model::cors_check(self.origin, fetch.credentials, &response) {
            Seen::Read { status: answer.status().as_u16(), body: answer.body().to_owned() }
        } else {
            Seen::ResponseBlocked
        };
        Outcome { preflighted, seen }
    }
}

/// The response as the model reads it: status and the CORS header lines.
fn seen_by_browser(status: StatusCode, headers: &HeaderMap) -> model::Response {
    const NAMES: [&str; 6] = [
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-expose-headers",
        "access-control-max-age",
    ];
    let lines = NAMES.iter().flat_map(|&name| {
        headers.get_all(name).map(move |v| (name, String::from_utf8_lossy(v.as_bytes()).into_owned()))
    });
    model::Response { status: status.as_u16(), headers: lines.collect() }
}
