use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// Its automaton would need a state for each of the last 21 letters read.
#[cors(origins = [regex("https://[a-z]*a[a-z]{20}\\.example\\.com")])]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
