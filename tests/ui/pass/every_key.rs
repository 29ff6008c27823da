use actix_web::{App, HttpResponse, Responder, put};
use strict_cors::cors;

#[cors(
    origins = ["https://app.example.com", "https://*.example.org", "http://localhost:*", regex("https://pr-[0-9]+\\.preview\\.example\\.com")],
    methods = ["PUT"],
    allow_headers = ["content-type", "x-trace"],
    expose_headers = ["x-total-count"],
    credentials,
    max_age = 86400,
    private_network,
    crate = "::strict_cors",
)]
#[put("/orders/{id}")]
async fn update_order() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(update_order);
}
