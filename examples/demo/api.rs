//! The API: one policy per handler, written on the handler.

use actix_web::{HttpRequest, HttpResponse, Responder, delete, get, post, put, web};
use strict_cors::cors;

/// Public read: any origin, no credentials; `x-total-count` is readable by scripts.
#[cors(origins = "*", expose_headers = ["x-total-count"])]
#[get("/api/products")]
async fn list_products() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "2")).json(["teapot", "kettle"])
}

/// Credentialed write from the page's origin, whatever its port: a JSON body makes the browser
/// send a preflight first; `max_age` lets it cache the answer for ten minutes.
#[cors(origins = ["http://localhost:*", "http://*.localhost:*"], credentials, allow_headers = ["content-type"], max_age = 600)]
#[post("/api/orders")]
async fn create_order(order: web::Json<Vec<String>>) -> impl Responder {
    HttpResponse::Created().json(format!("ordered {} item(s)", order.len()))
}

/// Subdomain pattern: only pages on a subdomain of `localhost`, never `localhost` itself.
#[cors(origins = ["http://*.localhost:*"])]
#[get("/api/tenant")]
async fn tenant(req: HttpRequest) -> impl Responder {
    let origin = req.headers().get("origin").and_then(|o| o.to_str().ok()).unwrap_or("none");
    HttpResponse::Ok().json(format!("tenant for {origin}"))
}

/// Custom headers: the preflight must allow `x-request-id`, and scripts may read it back.
#[cors(origins = ["http://localhost:*", "http://*.localhost:*"], allow_headers = ["x-request-id", "content-type"], expose_headers = ["x-request-id"])]
#[put("/api/profile")]
async fn update_profile(req: HttpRequest) -> impl Responder {
    let id = req.headers().get("x-request-id").cloned();
    let mut response = HttpResponse::Ok();
    if let Some(id) = id {
        response.insert_header(("x-request-id", id));
    }
    response.json("profile saved")
}

/// Only the admin site may call this: from the demo page, the browser blocks it.
#[cors(origins = ["https://admin.example.com"], credentials)]
#[delete("/api/users/{id}")]
async fn delete_user(id: web::Path<u32>) -> impl Responder {
    HttpResponse::Ok().json(format!("deleted user {id}"))
}

pub(crate) fn routes(config: &mut web::ServiceConfig) {
    config
        .service(list_products)
        .service(create_order)
        .service(tenant)
        .service(update_profile)
        .service(delete_user);
}
