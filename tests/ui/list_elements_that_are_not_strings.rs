use actix_web::{App, HttpResponse, Responder, put};
use strict_cors::cors;

// Elements that are not strings are reported each on its token (a `regex(..)` given two
// strings once, on the whole call), and nothing is said about the lists as if they were
// empty: no "`origins` is empty", no "does nothing with `methods = []`".
#[cors(
    origins = [app.example.com, regex("https://a\\.example\\.com", "https://b\\.example\\.com")],
    methods = [PUT],
    allow_headers = ["x-trace"],
    max_age = 600,
)]
#[put("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
