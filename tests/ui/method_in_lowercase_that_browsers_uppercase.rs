use actix_web::{App, HttpResponse, Responder, put};
use strict_cors::cors;

#[cors(origins = ["https://app.example.com"], methods = ["put"])]
#[put("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
