use actix_web::middleware::Logger;
use actix_web::{App, HttpResponse, Responder, guard, post, web};
use strict_cors::cors;

fn json(ctx: &guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("content-type")
}

#[cors(origins = ["https://app.example.com"])]
#[post("/orders", name = "create_order", guard = "json", wrap = "Logger::default()")]
async fn create_order() -> impl Responder {
    HttpResponse::Created()
}

fn main() {
    let _ = App::new().service(web::scope("/api").service(create_order));
}
