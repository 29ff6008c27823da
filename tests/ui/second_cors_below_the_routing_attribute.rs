use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// A second `#[cors]` is a second policy wherever it stands.
#[cors(origins = ["https://app.example.com"])]
#[get("/orders")]
#[cors(origins = ["https://admin.example.com"])]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
