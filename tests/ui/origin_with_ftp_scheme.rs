use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

#[cors(origins = ["ftp://files.example.com", regex("ftp://mirror[0-9]\\.example\\.com")])]
#[get("/releases")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
