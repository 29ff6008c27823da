use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = [regex(r"https://www\.?example\.com")], credentials)]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
