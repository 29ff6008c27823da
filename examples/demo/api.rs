//! The API: one policy per handler, written on the handler. `/api/account` sits behind an
//! auth middleware, which `strict_cors::Layer` (on the whole app, in `main.rs`) keeps away
//! from preflights and whose refusals it makes readable.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
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

/// Behind auth: a bearer token read from `authorization`, which makes the browser preflight.
#[cors(origins = ["http://localhost:*", "http://*.localhost:*"], credentials, allow_headers = ["authorization"])]
#[get("/account")]
async fn account() -> impl Responder {
    HttpResponse::Ok().json("signed in as demo")
}

/// Refuses requests without the demo's token, with a 401 of its own: browsers send no
/// `authorization` on a preflight, so without the layer it would refuse every preflight.
async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let signed_in = req.headers().get("authorization").is_some_and(|token| token == "Bearer demo");
    if !signed_in {
        let refusal = HttpResponse::Unauthorized().json("sign in first");
        return Ok(req.into_response(refusal).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

pub(crate) fn routes(config: &mut web::ServiceConfig) {
    config
        .service(list_products)
        .service(create_order)
        .service(tenant)
        .service(update_profile)
        .service(delete_user)
        .service(web::scope("/api").wrap(from_fn(require_token)).service(account));
}
