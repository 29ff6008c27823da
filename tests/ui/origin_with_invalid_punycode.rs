use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

#[cors(origins = ["https://xn--f.example.com"])]
#[get("/items")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
