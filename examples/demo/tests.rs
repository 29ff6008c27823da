//! The demo's endpoints as each engine judges them from the demo page's origin.

use actix_web::{App, test};
use strict_cors::Layer;
use strict_cors::testing::{Browser, Credentials, Request};

const PAGE: &str = "http://localhost:8081";
const API: &str = "http://127.0.0.1:8080";

#[actix_web::test]
async fn the_page_reads_what_the_demo_promises() {
    let app = test::init_service(App::new().configure(super::api::routes).wrap(Layer)).await;
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let page = browser.page(PAGE);
        let engine = browser.engine();

        let products = page.fetch(&app, format!("{API}/api/products").as_str()).await;
        assert_eq!(products.header("x-total-count"), Some("2"), "{engine:?}: exposed");

        let order = Request::new(format!("{API}/api/orders"))
            .method("POST")
            .header("content-type", "application/json")
            .body(r#"["teapot"]"#)
            .credentials(Credentials::Include);
        let placed = page.fetch(&app, order).await;
        assert_eq!((placed.preflight().is_some(), placed.status()), (true, Some(201)), "{engine:?}");

        // `localhost` itself is not a subdomain of `localhost`.
        let tenant = page.fetch(&app, format!("{API}/api/tenant").as_str()).await;
        assert!(!tenant.is_allowed(), "{engine:?}");
        let tenant =
            browser.page("http://app.localhost:8081").fetch(&app, format!("{API}/api/tenant").as_str()).await;
        assert!(tenant.is_allowed(), "{engine:?}: {tenant}");

        let profile = Request::new(format!("{API}/api/profile")).method("PUT").header("x-request-id", "42");
        assert_eq!(page.fetch(&app, profile).await.header("x-request-id"), Some("42"), "{engine:?}");

        let delete = page.fetch(&app, Request::new(format!("{API}/api/users/1")).method("DELETE")).await;
        assert!(!delete.is_allowed() && !delete.reached_server(), "{engine:?}: only the admin site");

        let account = Request::new(format!("{API}/api/account")).credentials(Credentials::Include);
        let signed_out = page.fetch(&app, account.clone()).await;
        assert_eq!(signed_out.status(), Some(401), "{engine:?}: the page reads the 401");
        let signed_in = page.fetch(&app, account.header("authorization", "Bearer demo")).await;
        assert_eq!(signed_in.status(), Some(200), "{engine:?}: {signed_in}");
    }
}
