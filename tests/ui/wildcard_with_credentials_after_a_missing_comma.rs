use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::cors;

// The key after a missing `,` is still read: `credentials` with `"*"` is refused in this
// compile, not the next.
#[cors(origins = "*" credentials, max_age = 5)]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
