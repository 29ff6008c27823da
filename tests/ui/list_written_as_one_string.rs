use actix_web::{App, HttpResponse, Responder, route};
use strict_cors::cors;

#[cors(
    origins = "https://app.example.com, https://admin.example.com",
    methods = "GET, POST",
    allow_headers = "content-type,x-trace",
)]
#[route("/orders", method = "GET", method = "POST")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
