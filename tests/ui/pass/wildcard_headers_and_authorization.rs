use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::{Policy, cors, policy};

// `*` never covers `authorization`: a Bearer-token API names it beside `*`.
#[cors(origins = ["https://app.example.com"], allow_headers = ["*", "authorization"])]
#[post("/orders")]
async fn create_order() -> impl Responder {
    HttpResponse::Created()
}

// Simple requests only: no preflight is answered.
static SIMPLE_ONLY: Policy = policy!(origins = ["https://app.example.com"], methods = [], credentials);

#[cors(policy = SIMPLE_ONLY)]
#[post("/comments")]
async fn create_comment() -> impl Responder {
    HttpResponse::Created()
}

fn main() {
    let _ = App::new().service(create_order).service(create_comment);
}
