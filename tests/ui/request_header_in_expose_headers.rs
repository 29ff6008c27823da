use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

#[cors(origins = ["https://app.example.com"], expose_headers = ["origin", "access-control-request-method"])]
#[get("/devices")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
