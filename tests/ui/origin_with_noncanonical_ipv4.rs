use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = ["http://127.0.0.01:8080"])]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
