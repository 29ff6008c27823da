use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

#[cors(
    origins = ["https://s3.amazonaws.com", regex(r"https://(herokuapp|app\.example)\.com")],
    credentials
)]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
