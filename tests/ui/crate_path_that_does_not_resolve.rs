use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::{Policy, cors, policy};

// A `crate` path that names no crate is one error, on the path, for `#[cors]` as for `policy!`.
#[cors(origins = ["https://app.example.com"], crate = "::no_such_crate")]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

static POLICY: Policy = policy!(origins = ["https://app.example.com"], crate = "::no_such_crate");

fn main() {
    let _ = (App::new().service(handler), &POLICY);
}
