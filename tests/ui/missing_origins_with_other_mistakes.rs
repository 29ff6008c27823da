use actix_web::{App, HttpResponse, Responder, put};
use strict_cors::cors;

// Without `origins`, every other rule is still checked: one compile reports the missing key and
// each mistake beside it.
#[cors(methods = ["patch", "PUT"], allow_headers = ["cookie"], max_age = 90000)]
#[put("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
