use actix_web::{App, HttpResponse, Responder, get, post, web};
use strict_cors::{Cors, Policy, cors, policy};

static PUBLIC_API: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.org"],
    allow_headers = ["content-type"],
    credentials,
    max_age = 600,
);

static ANYONE: Policy = policy!(origins = "*");

#[cors(policy = PUBLIC_API)]
#[get("/orders")]
async fn list_orders() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(policy = self::PUBLIC_API, crate = "::strict_cors")]
#[post("/orders")]
async fn create_order() -> impl Responder {
    HttpResponse::Created()
}

fn main() {
    let _ = App::new()
        .service(list_orders)
        .service(create_order)
        .service(web::scope("/public").wrap(Cors::new(&ANYONE)).route("/status", web::get().to(HttpResponse::Ok)));
}
