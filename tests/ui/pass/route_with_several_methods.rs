use actix_web::{App, HttpResponse, Responder, route};
use strict_cors::cors;

#[cors(origins = "*", allow_headers = "*", expose_headers = "*", max_age = 600)]
#[route("/items", method = "GET", method = "PUT", method = "PURGE")]
async fn items() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["*"], methods = ["PURGE"])]
#[route("/cache", method = "PURGE", method = "DELETE")]
async fn cache() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(items).service(cache);
}
