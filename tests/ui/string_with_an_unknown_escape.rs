use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

// The compiler reports the escapes, and suggests a raw string; nothing more is said of them.
#[cors(origins = [regex("https://pr-[0-9]+\.example\.com"), "https://app\.example.com", regex("https://a\.example\.com", "x")], allow_headers = ["x\-id"])]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
