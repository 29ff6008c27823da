use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

static ORIGINS: &str = "https://app.example.com";

#[cors(policy = ORIGINS)]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
