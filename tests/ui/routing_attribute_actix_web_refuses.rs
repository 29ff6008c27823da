use actix_web::{HttpResponse, Responder, get, route};
use strict_cors::cors;

// Where actix-web refuses its own routing attribute, its error is the only one: the handler
// reaches it unchanged, with no second error about a fn that is not a service.
#[cors(origins = ["https://app.example.com"])]
#[route("/twice", method = "GET", method = "GET")]
async fn twice() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[route("/lowercase", method = "get")]
async fn lowercase() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[get("/nothing")]
async fn nothing() {}

fn main() {
    // As plain actix-web leaves them: fns, not services.
    let _ = (twice, lowercase, nothing);
}
