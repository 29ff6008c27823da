use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = [regex("https://[a-z]+\\.example\\.com/")])]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
