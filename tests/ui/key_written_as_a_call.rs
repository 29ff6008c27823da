use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// As `actix-cors`'s builder writes them: each is said, and read as meant, so that the policy's
// own mistakes (the `max_age` above every browser's cap) come in the same compile.
#[cors(origins(["https://app.example.com"]), credentials(true), max_age(99999), private_network())]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
