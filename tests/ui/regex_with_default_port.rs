use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = [regex("https://app\\.example\\.com:443")])]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
