use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = [regex("https://[1-8][0-7][0-7]\\.0\\.0\\.10")], credentials)]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
