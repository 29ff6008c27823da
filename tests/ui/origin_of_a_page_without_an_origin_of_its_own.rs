use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// A `data:` page sends `null`; a `blob:` one the origin of the page that made it.
#[cors(origins = ["data://app.example.com", "blob://app.example.com"])]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
