use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::{Policy, cors, policy};

static API: Policy = policy!(origins = ["https://app.example.com"]);

#[cors(policy = API, origins = ["https://other.example.com"], credentials)]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
