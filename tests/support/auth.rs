//! An auth layer as applications write it with `actix_web::middleware::from_fn`, refusing
//! requests without `Authorization` with `Ok(401)` or with `Err(401)`, and recording every
//! request it saw, so that a test can tell it never saw a preflight.

#![allow(dead_code, unreachable_pub)] // each test file uses its own part

use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, error};

/// Every request an auth layer saw, as `METHOD /path` (each test uses paths of its own).
pub static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Whether an auth layer saw `METHOD path`.
pub fn seen(method: &str, path: &str) -> bool {
    SEEN.lock().unwrap().iter().any(|line| *line == format!("{method} {path}"))
}

/// The `OPTIONS` requests an auth layer saw under `prefix`.
pub fn seen_options_under(prefix: &str) -> Vec<String> {
    SEEN.lock()
        .unwrap()
        .iter()
        .filter(|line| line.strip_prefix("OPTIONS ").is_some_and(|path| path.starts_with(prefix)))
        .cloned()
        .collect()
}

/// Records that an auth layer saw `req`.
pub fn record(req: &ServiceRequest) {
    SEEN.lock().unwrap().push(format!("{} {}", req.method(), req.path()));
}

/// Auth refusing with `Ok(401)`.
pub async fn auth_ok(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Ok(req.into_response(HttpResponse::Unauthorized().body("sign in")).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// Auth refusing with `Err(401)`.
pub async fn auth_err(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Err(error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}
