use actix_web::{App, HttpResponse, Responder, get};
use strict_cors::{Policy, cors, policy};

static PUBLIC_API: Policy = policy!(origins = "*");

// A service with many similar handlers writes them with `macro_rules!`: every key takes an
// `$x:expr`, `$x:literal` or `$x:path` fragment as it takes what it stands for.
macro_rules! handler {
    ($name:ident, $path:literal, $origins:expr, $age:expr) => {
        #[cors(origins = $origins, max_age = $age)]
        #[get($path)]
        async fn $name() -> impl Responder {
            HttpResponse::Ok()
        }
    };
}

macro_rules! one_origin {
    ($name:ident, $path:literal, $origin:literal, $age:literal, $header:expr) => {
        #[cors(origins = [$origin, regex("https://pr-[0-9]+\\.preview\\.example\\.com")], allow_headers = [$header], max_age = $age)]
        #[get($path)]
        async fn $name() -> impl Responder {
            HttpResponse::Ok()
        }
    };
}

macro_rules! named {
    ($name:ident, $path:literal, $policy:path) => {
        #[cors(policy = $policy)]
        #[get($path)]
        async fn $name() -> impl Responder {
            HttpResponse::Ok()
        }
    };
}

handler!(orders, "/orders", ["https://app.example.com"], 600);
handler!(previews, "/previews", [regex("https://pr-[0-9]+\\.preview\\.example\\.com")], 60);
one_origin!(items, "/items", "https://shop.example.com", 600, "x-trace");
named!(status, "/status", PUBLIC_API);

fn main() {
    let _ = App::new().service(orders).service(previews).service(items).service(status);
}
