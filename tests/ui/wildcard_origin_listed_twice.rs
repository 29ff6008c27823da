use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

#[cors(origins = ["*", "*"])]
#[get("/status")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
