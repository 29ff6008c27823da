//! `strict_cors::testing` against real apps: each rule of the Fetch standard a user relies on,
//! and each engine's departure from it, judged on responses the runtime really makes.

#![cfg(feature = "testing")]

use std::time::Duration;

use actix_web::middleware::from_fn;
use actix_web::test::init_service;
use actix_web::{App, HttpResponse, Responder, get, patch, post, put, web};
use strict_cors::testing::{Browser, Credentials, Engine, Mode, Reason, Request};
use strict_cors::{Layer, cors};
use support::{by_hand, require_token};

mod support;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";
const API: &str = "https://api.example.com";

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-total-count"])]
#[get("/products")]
async fn products() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "2")).insert_header(("x-internal", "1")).body("[]")
}

#[cors(origins = "*", allow_headers = "*")]
#[get("/public")]
async fn public() -> impl Responder {
    HttpResponse::Ok().body("public")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"], credentials, max_age = 86400)]
#[put("/orders")]
async fn orders() -> impl Responder {
    HttpResponse::Ok().body("saved")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"])]
#[patch("/orders")]
async fn patch_orders() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

#[cors(origins = ["https://app.example.com"])]
#[post("/notes")]
async fn notes() -> impl Responder {
    HttpResponse::Created().body("noted")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/account")]
async fn account() -> impl Responder {
    HttpResponse::Ok().body("you")
}

macro_rules! app {
    () => {
        init_service(
            App::new()
                .service(products)
                .service(public)
                .service(orders)
                .service(patch_orders)
                .service(notes)
                .service(web::scope("/api").wrap(from_fn(require_token)).service(account))
                .route(
                    "/moved",
                    web::method(actix_web::http::Method::OPTIONS).to(|| async {
                        HttpResponse::TemporaryRedirect().insert_header(("location", "/elsewhere")).finish()
                    }),
                )
                .wrap(Layer),
        )
        .await
    };
}

fn url(path: &str) -> String {
    format!("{API}{path}")
}

#[actix_web::test]
async fn a_simple_request_needs_no_preflight_and_shows_only_exposed_headers() {
    let app = app!();
    let browser = Browser::chromium();
    let got = browser.page(APP).fetch(&app, url("/products")).await;
    assert!(got.is_allowed(), "{got}");
    assert_eq!(got.preflight(), None);
    assert_eq!(got.header("x-total-count"), Some("2"));
    assert_eq!(got.header("x-internal"), None, "not exposed");
    assert_eq!(got.header("content-length"), Some("2"), "safelisted");

    let refused = browser.page(EVIL).fetch(&app, url("/products").as_str()).await;
    assert!(refused.is_blocked());
    assert!(refused.reached_server(), "a simple request is sent; only reading it is refused");
    assert_eq!(
        refused.blocked().map(|b| b.reason().clone()),
        Some(Reason::MissingAllowOrigin { preflight: false, status: 200 })
    );
    assert_eq!(
        refused.to_string(),
        "Access to fetch at 'https://api.example.com/products' from origin 'https://evil.example.net' has been \
         blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
    );
}

#[actix_web::test]
async fn content_types_and_methods_decide_the_preflight() {
    let app = app!();
    let page_browser = Browser::chromium();
    let page = page_browser.page(APP);
    let plain = Request::new(url("/notes"))
        .method("post")
        .header("content-type", "text/plain;charset=UTF-8")
        .body("x");
    let got = page.fetch(&app, plain).await;
    assert_eq!((got.preflight(), got.status()), (None, Some(201)), "safelisted content type");

    let json =
        Request::new(url("/notes")).method("POST").header("content-type", "application/json").body("{}");
    let got = page.fetch(&app, json).await;
    let asked = got.preflight().expect("a preflight for application/json");
    assert_eq!((asked.method.as_str(), asked.headers.as_slice()), ("POST", &["content-type".to_owned()][..]));
    assert!(!got.is_allowed(), "the policy lists no request headers: {got}");
    assert!(!got.reached_server());

    // A value over 128 bytes is not safelisted, whatever it says.
    let long = format!("text/plain; x={}", "a".repeat(120));
    let got = page.fetch(&app, Request::new(url("/notes")).method("POST").header("content-type", long)).await;
    assert!(got.preflight().is_some());

    // `patch` is not normalised: the browser asks for `patch`, which no route serves.
    let got = page.fetch(&app, Request::new(url("/orders")).method("patch")).await;
    assert_eq!(got.preflight().map(|p| (p.method.as_str(), p.status)), Some(("patch", 404)));
    assert_eq!(
        got.blocked().map(|b| b.reason().clone()),
        Some(Reason::MissingAllowOrigin { preflight: true, status: 404 })
    );
    let got = page.fetch(&app, Request::new(url("/orders")).method("PATCH")).await;
    assert!(got.is_allowed(), "{got}");
}

#[actix_web::test]
async fn credentials_need_an_exact_origin_and_allow_credentials() {
    let app = app!();
    let browser = Browser::firefox();
    let page = browser.page(APP);
    let got = page.fetch(&app, Request::new(url("/public")).credentials(Credentials::Include)).await;
    assert_eq!(
        got.blocked().map(|b| b.reason().clone()),
        Some(Reason::WildcardWithCredentials { preflight: false })
    );
    assert!(got.to_string().starts_with("Cross-Origin Request Blocked:"), "{got}");
    let got = page.fetch(&app, Request::new(url("/products")).credentials(Credentials::Include)).await;
    assert!(
        matches!(got.blocked().map(Blocked::reason), Some(Reason::CredentialsNotAllowed { .. })),
        "{got}"
    );
    let got = page.fetch(&app, Request::new(url("/public"))).await;
    assert!(got.is_allowed(), "`*` without credentials");
}

use strict_cors::testing::Blocked;

#[actix_web::test]
async fn the_preflight_cache_follows_max_age_and_each_engines_cap() {
    let app = app!();
    let put = Request::new(url("/orders")).method("PUT").header("content-type", "application/json");
    for (engine, cap) in [(Engine::Chromium, 7200), (Engine::WebKit, 600)] {
        let browser = Browser::new(engine);
        let page = browser.page(APP);
        assert!(page.fetch(&app, put.clone()).await.preflight().is_some());
        let again = page.fetch(&app, put.clone()).await;
        assert!(again.preflight_from_cache() && again.is_allowed(), "{engine:?}: {again}");
        browser.advance(Duration::from_secs(cap - 1));
        assert!(page.fetch(&app, put.clone()).await.preflight_from_cache(), "{engine:?}");
        browser.advance(Duration::from_secs(1));
        assert!(page.fetch(&app, put.clone()).await.preflight().is_some(), "{engine:?}: capped at {cap} s");
    }
    // Without max_age: 5 seconds.
    let browser = Browser::chromium();
    let page = browser.page(APP);
    let patch = Request::new(url("/orders")).method("PATCH");
    assert!(page.fetch(&app, patch.clone()).await.preflight().is_some());
    browser.advance(Duration::from_secs(4));
    assert!(page.fetch(&app, patch.clone()).await.preflight_from_cache());
    browser.advance(Duration::from_secs(1));
    assert!(page.fetch(&app, patch).await.preflight().is_some());
    // A fresh Firefox session caches from its third preflight on.
    let browser = Browser::firefox();
    let page = browser.page(APP);
    let sent: Vec<bool> = {
        let mut sent = Vec::new();
        for _ in 0..4 {
            sent.push(page.fetch(&app, put.clone()).await.preflight().is_some());
        }
        sent
    };
    assert_eq!(sent, [true, true, true, false]);
}

#[actix_web::test]
async fn engines_let_a_wildcard_cover_authorization() {
    // Hand-written CORS answering `Access-Control-Allow-Headers: *`: this crate's policies never
    // let `*` stand for `authorization`, but the engines do.
    let by_hand = || async {
        HttpResponse::Ok()
            .insert_header(("access-control-allow-origin", "*"))
            .insert_header(("access-control-allow-headers", "*"))
            .finish()
    };
    let app = init_service(App::new().route("/by-hand", web::route().to(by_hand))).await;
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let got = browser
            .page(APP)
            .fetch(
                &app,
                Request::new(url("/by-hand")).header("authorization", "Bearer x").header("x-trace", "1"),
            )
            .await;
        assert!(got.is_allowed(), "{:?}: {got}", browser.engine());
        assert_eq!(
            got.preflight().map(|p| p.headers.clone()),
            Some(vec!["authorization".to_owned(), "x-trace".to_owned()])
        );
    }
}

#[actix_web::test]
async fn a_credentialed_api_behind_auth_shows_its_401() {
    let app = app!();
    let browser = Browser::webkit();
    let page = browser.page(APP);
    let signed_out =
        page.fetch(&app, Request::new(url("/api/account")).credentials(Credentials::Include)).await;
    assert_eq!(signed_out.status(), Some(401), "{signed_out}");
    let signed_in = page
        .fetch(
            &app,
            Request::new(url("/api/account"))
                .header("authorization", "Bearer t")
                .credentials(Credentials::Include),
        )
        .await;
    assert_eq!(signed_in.preflight().map(|p| p.status), Some(204), "auth never saw the preflight");
    assert_eq!(signed_in.status(), Some(200));
    assert_eq!(signed_in.body(), Some(&b"you"[..]));
}

#[actix_web::test]
async fn what_a_script_may_not_do() {
    let app = app!();
    let browser = Browser::chromium();
    let page = browser.page(APP);
    // A redirected preflight fails.
    let got = page.fetch(&app, Request::new(url("/moved")).method("PUT")).await;
    assert_eq!(got.blocked().map(|b| b.reason().clone()), Some(Reason::PreflightRedirect(307)));
    // Forbidden methods and no-cors limits throw before anything is sent.
    let got = page.fetch(&app, Request::new(url("/orders")).method("TRACE")).await;
    assert!(matches!(got.blocked().map(Blocked::reason), Some(Reason::Thrown(_))) && !got.reached_server());
    let got = page.fetch(&app, Request::new(url("/orders")).method("PUT").mode(Mode::NoCors)).await;
    assert!(got.to_string().contains("'PUT' is unsupported in no-cors mode"), "{got}");
    // no-cors: sent, and opaque.
    let got = page.fetch(&app, Request::new(url("/products")).mode(Mode::NoCors)).await;
    assert_eq!((got.status(), got.header("x-total-count")), (Some(0), None));
    // Same origin: no CORS at all.
    let got = browser.page(API).fetch(&app, "/products").await;
    assert_eq!(got.header("x-internal"), Some("1"));
}

/// A page is named by its address or by its origin, which its requests carry as the browser
/// serialises it; anything else is no page.
#[actix_web::test]
async fn a_page_is_named_by_its_address_or_its_origin() {
    let app = app!();
    let browser = Browser::chromium();
    for given in
        ["https://app.example.com", "https://app.example.com/orders?page=2", "HTTPS://App.Example.COM:443/"]
    {
        let page = browser.page(given);
        assert_eq!(page.origin(), APP, "{given}");
        assert!(page.fetch(&app, url("/products").as_str()).await.is_allowed(), "{given}");
    }
    // A page on the API's own origin, named by its address: same origin, no CORS.
    let got = browser.page(format!("{API}/admin/index.html")).fetch(&app, "/products").await;
    assert_eq!(got.header("x-internal"), Some("1"));
    assert_eq!(browser.page("null").origin(), "null");
    // Pages of other schemes send their own origin, or `null` without a host.
    for (given, origin) in [
        ("chrome-extension://abcdefghijklmnop/popup.html", "chrome-extension://abcdefghijklmnop"),
        ("tauri://localhost", "tauri://localhost"),
        ("data:text/html,<p>hi</p>", "null"),
        ("file:///home/me/index.html", "null"),
    ] {
        assert_eq!(browser.page(given).origin(), origin, "{given}");
    }
    let not_a_page =
        std::panic::catch_unwind(|| Browser::chromium().page("app.example.com").origin().to_owned());
    assert!(not_a_page.is_err(), "a host alone is no page's address");
}

#[cors(origins = ["https://app.example.com"])]
#[get("/old")]
async fn old() -> impl Responder {
    HttpResponse::Found().insert_header(("location", "/new")).finish()
}

#[cors(origins = ["https://app.example.com"])]
#[get("/away")]
async fn away() -> impl Responder {
    HttpResponse::Found().insert_header(("location", "https://other.example.com/new")).finish()
}

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-version"])]
#[get("/new")]
async fn new() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-version", "2")).body("new")
}

#[actix_web::test]
async fn redirects_are_followed_with_the_cors_check_on_each() {
    let app = init_service(App::new().service(old).service(away).service(new).route(
        "/plain-redirect",
        web::get().to(|| async { HttpResponse::Found().insert_header(("location", "/new")).finish() }),
    ))
    .await;
    let browser = Browser::chromium();
    let page = browser.page(APP);
    let got = page.fetch(&app, url("/old").as_str()).await;
    let response = got.response().expect("followed");
    assert!(response.redirected);
    assert_eq!((response.url.as_str(), got.header("x-version")), ("https://api.example.com/new", Some("2")));
    // A redirect without CORS headers fails the CORS check.
    let got = page.fetch(&app, url("/plain-redirect").as_str()).await;
    assert_eq!(
        got.blocked().map(|b| b.reason().clone()),
        Some(Reason::MissingAllowOrigin { preflight: false, status: 302 })
    );
    let blocked = got.blocked().expect("blocked");
    assert_eq!((blocked.url(), blocked.origin()), ("https://api.example.com/plain-redirect", APP));
    // To another origin: the request's origin becomes `null`, which the policy does not allow;
    // the hop that failed is the one there, and the console names the page's origin.
    let got = page.fetch(&app, url("/away").as_str()).await;
    assert!(
        matches!(
            got.blocked().map(Blocked::reason),
            Some(Reason::MissingAllowOrigin { preflight: false, status: 200 })
        ),
        "{got}"
    );
    let blocked = got.blocked().expect("blocked");
    assert_eq!((blocked.url(), blocked.origin()), ("https://other.example.com/new", APP));
}

#[actix_web::test]
async fn each_engine_caches_as_it_does() {
    let app = init_service(
        App::new()
            .route(
                "/wildcards",
                web::route().to(by_hand(&[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-methods", "*"),
                    ("access-control-allow-headers", "*"),
                    ("access-control-max-age", "600"),
                ])),
            )
            .route(
                "/negative",
                web::route().to(by_hand(&[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "-1"),
                ])),
            )
            .route(
                "/preflight-only",
                web::method(actix_web::http::Method::OPTIONS).to(by_hand(&[
                    ("access-control-allow-origin", "https://app.example.com"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "600"),
                ])),
            )
            .route("/preflight-only", web::put().to(HttpResponse::Ok))
            .route(
                "/for-null",
                web::route().to(by_hand(&[
                    ("access-control-allow-origin", "null"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "600"),
                ])),
            ),
    )
    .await;
    let app = &app;
    // Past a fresh Firefox session's first two preflights, which it never caches.
    let warm = |browser: Browser| async move {
        for _ in 0..2 {
            let got = browser.page(APP).fetch(app, Request::new(url("/negative")).method("PUT")).await;
            assert!(got.is_allowed() && got.preflight().is_some());
        }
        browser
    };
    let preflights = move |browser: Browser, path: &'static str, calls: usize| async move {
        let browser = warm(browser).await;
        let mut sent = 0;
        for _ in 0..calls {
            let got = browser
                .page(APP)
                .fetch(app, Request::new(url(path)).method("PUT").header("x-trace", "1"))
                .await;
            sent += got.preflights().len();
        }
        sent
    };
    // A grant from `*` is reused, except by Firefox.
    assert_eq!(preflights(Browser::chromium(), "/wildcards", 3).await, 1);
    assert_eq!(preflights(Browser::webkit(), "/wildcards", 3).await, 1);
    assert_eq!(preflights(Browser::firefox(), "/wildcards", 3).await, 3);
    // `Access-Control-Max-Age: -1` caches nothing (the standard would keep it 5 seconds).
    let put = Request::new(url("/negative")).method("PUT");
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let page = browser.page(APP);
        for _ in 0..4 {
            assert!(page.fetch(app, put.clone()).await.preflight().is_some(), "{:?}", browser.engine());
        }
    }
    // Firefox forgets a cached grant when the actual response then fails its CORS check.
    for (browser, again) in [(Browser::chromium(), false), (Browser::firefox(), true)] {
        let browser = warm(browser).await;
        let page = browser.page(APP);
        let put = Request::new(url("/preflight-only")).method("PUT");
        assert!(page.fetch(app, put.clone()).await.preflight().is_some());
        let got = page.fetch(app, put).await;
        assert!(!got.is_allowed(), "the response has no CORS headers");
        assert_eq!(got.preflight().is_some(), again, "{:?}", browser.engine());
    }
    // Chromium and WebKit do not cache preflights for the `null` origin; Firefox does.
    for (browser, cached) in
        [(Browser::chromium(), false), (Browser::webkit(), false), (Browser::firefox(), true)]
    {
        let browser = warm(browser).await;
        let page = browser.page("null");
        let put = Request::new(url("/for-null")).method("PUT");
        page.fetch(app, put.clone()).await;
        assert_eq!(page.fetch(app, put).await.preflight_from_cache(), cached, "{:?}", browser.engine());
    }
}
