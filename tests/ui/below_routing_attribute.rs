use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[post("/orders")]
#[cors(origins = ["https://app.example.com"])]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
