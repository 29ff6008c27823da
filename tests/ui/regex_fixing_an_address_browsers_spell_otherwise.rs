use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// Browsers write `127.0.0.8` for this host: the regex fixes the one origin it matches, which no
// page sends, and is refused as that literal entry is.
#[cors(origins = [regex("http://127\\.0\\.0\\.010:8080")])]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
