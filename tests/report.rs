//! The report lists every mounted `#[cors]` handler and `Cors` middleware, once, with its
//! policy. (Its own test binary: the registry is process-wide.)

use actix_web::test::init_service;
use actix_web::{App, HttpResponse, Responder, delete, get, web};
use strict_cors::{Cors, Mount, Policy, cors, policy};

static SCOPE: Policy = policy!(origins = ["https://admin.example.com"], methods = ["GET", "DELETE"]);

#[cors(origins = ["https://app.example.com", "https://*.example.org", regex("https://pr-[0-9]+\\.example\\.net")], credentials, max_age = 600)]
#[get("/orders")]
async fn list_orders() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://ops.example.com"], private_network)]
#[delete("/cache/{key}")]
async fn purge() -> impl Responder {
    HttpResponse::Ok()
}

#[actix_web::test]
async fn every_mounted_policy_is_listed_once() {
    let make = || {
        App::new()
            .service(list_orders)
            .service(web::scope("/admin").wrap(Cors::new(&SCOPE)).service(purge))
            .service(web::scope("/v{version}").service(web::scope("/shop").service(list_orders)))
            .route("/plain", web::get().to(HttpResponse::Ok))
    };
    // Built twice, as each server worker builds the app: still one row each.
    let _first = init_service(make()).await;
    let _second = init_service(make()).await;
    let report = strict_cors::report();
    let rows = report.rows();
    assert_eq!(rows.len(), 4, "{report}");

    let handler = |name, path: &str| {
        rows.iter().find(|r| r.mount == Mount::Handler { name, path: path.to_owned() }).unwrap_or_else(|| {
            panic!("no row for {name} at {path}:\n{report}");
        })
    };
    // Full paths, scope prefixes included: the same handler in two places is two rows.
    let orders = handler("list_orders", "/orders");
    assert_eq!(handler("list_orders", "/v{segment_1}/shop/orders").origins(), orders.origins());
    assert_eq!(orders.methods, ["GET"]);
    assert_eq!(
        orders.origins(),
        ["https://app.example.com", "https://*.example.org", r"regex(https://pr-[0-9]+\.example\.net)"]
    );
    assert!(orders.policy().allows_credentials());
    assert_eq!(orders.policy().max_age_value(), Some("600"));

    let cache = handler("purge", "/admin/cache/{key}");
    assert_eq!(cache.methods, ["DELETE"]);
    assert_eq!(cache.origins(), ["https://ops.example.com"]);
    assert!(cache.policy().allows_private_network());

    let middleware = rows.iter().find(|r| r.mount == Mount::Middleware).unwrap();
    assert_eq!(middleware.methods, ["GET", "DELETE"]);
    assert_eq!(middleware.origins(), ["https://admin.example.com"]);

    let table = report.to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 6, "{table}");
    assert!(lines[0].starts_with("where") && lines[0].contains("private network"), "{table}");
    assert!(lines[2].starts_with("#[cors] purge") && lines[2].contains("/admin/cache/{key}"), "{table}");
    assert!(
        lines[3].starts_with("#[cors] list_orders") && lines[3].contains("yes") && lines[3].contains("600"),
        "{table}"
    );
    assert!(lines[4].starts_with("#[cors] list_orders") && lines[4].contains("/shop/orders"), "{table}");
    assert!(
        lines[5].starts_with("Cors middleware") && lines[5].contains("https://admin.example.com"),
        "{table}"
    );
}
