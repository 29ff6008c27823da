use actix_web::{App, HttpResponse, Responder};

/// Deletes an order.
#[strict_cors::cors(origins = ["https://app.example.com"], credentials)]
#[actix_web::delete("/orders/{id}")]
pub async fn delete_order() -> impl Responder {
    HttpResponse::NoContent()
}

mod handlers {
    use actix_web::{HttpResponse, Responder, get};
    use strict_cors::cors;

    #[cors(origins = ["http://127.0.0.1:8080", "http://[::1]:8080"], credentials)]
    #[get("/health")]
    async fn health() -> impl Responder {
        HttpResponse::Ok()
    }
}

fn main() {
    let _ = App::new().service(delete_order).service(handlers::health);
}
