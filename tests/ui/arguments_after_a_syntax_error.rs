use actix_web::{App, HttpResponse, Responder, post};
use strict_cors::cors;

// A missing `,` is reported where it is missing, and the arguments after it are still read
// and checked: one compile reports the trailing `/` and the `max_age` too, and no `origins`
// is asked for.
#[cors(origins = ["https://app.example.com/"] credentials, max_age = 99999)]
#[post("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
