use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-company-*"])]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
