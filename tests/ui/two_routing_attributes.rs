use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

#[cors(origins = ["https://app.example.com"])]
#[get("/orders")]
#[actix_web::post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
