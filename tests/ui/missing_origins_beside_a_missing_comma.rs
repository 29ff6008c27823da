use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// Every key was read, however the `,` went missing: `origins` is asked for in this compile too.
#[cors(credentials max_age = 99999)]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
