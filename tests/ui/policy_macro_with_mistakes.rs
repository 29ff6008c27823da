use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::{Policy, cors, policy};

static API: Policy = policy!(origins = ["*"], credentials, allow_headers = ["cookie"]);

#[cors(policy = API)]
#[get("/orders")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(handler);
}
