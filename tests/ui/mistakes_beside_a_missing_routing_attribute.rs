use actix_web::{HttpResponse, Responder};
use strict_cors::cors;

// Without a routing attribute the policy cannot be registered, and its own mistakes are reported
// in the same compile.
#[cors(origins = ["https://App.example.com"], max_age = 90000)]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = handler;
}
