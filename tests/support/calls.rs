//! Who ran, for tests against real servers: handlers and auth layers note each request they see
//! with its `Host`, which each test (or case) makes its own, so that a test can tell what
//! reached them (no preflight, no request smuggled in a body) while others run beside it.

#![allow(dead_code, unreachable_pub)] // each test file uses its own part

use std::sync::Mutex;

use actix_web::HttpRequest;
use actix_web::http::header;

static CALLS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Notes that `who` saw `req`, as `who host METHOD path`.
pub fn note(who: &str, req: &HttpRequest) {
    let host = req
        .headers()
        .get(header::HOST)
        .map_or_else(String::new, |value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    CALLS.lock().unwrap().push(format!("{who} {host} {} {}", req.method(), req.path()));
}

/// What ran for requests to `host`, as `who host METHOD path`.
pub fn calls(host: &str) -> Vec<String> {
    let needle = format!(" {host} ");
    CALLS.lock().unwrap().iter().filter(|c| c.contains(&needle)).cloned().collect()
}

/// Everything noted so far.
pub fn all_calls() -> Vec<String> {
    CALLS.lock().unwrap().clone()
}
