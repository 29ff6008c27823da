use actix_web::{App, HttpResponse, Responder, route};
use strict_cors::{Policy, cors, policy};

// Any method, without credentials: `Access-Control-Allow-Methods: *`.
static ANY_METHOD: Policy = policy!(origins = "*", methods = "*");

#[cors(origins = ["https://app.example.com"], methods = "*")]
#[route("/cache/{key}", method = "PURGE", method = "GET")]
async fn purge() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    assert!(ANY_METHOD.allows_method(b"PURGE"));
    let _ = App::new().service(purge);
}
