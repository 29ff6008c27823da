use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(origins = "*", private_network)]
#[post("/devices")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
