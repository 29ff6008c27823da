use actix_web::{App, HttpResponse, Responder, route};
use strict_cors::cors;

#[cors(origins = ["https://app.example.com"], methods = ["TRACE"])]
#[route("/orders", method = "POST", method = "TRACE")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
