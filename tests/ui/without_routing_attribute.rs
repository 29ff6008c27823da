use actix_web::{HttpResponse, Responder};
use strict_cors::cors;

#[cors(origins = ["https://app.example.com"])]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = handler;
}
