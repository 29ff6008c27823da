//! `LivePolicy`: replaced while requests run, under `#[cors(policy = ..)]`, `Cors` and `Layer`.
//! Each response comes from one policy, whole; an invalid list never replaces the one in force.

use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, get, put, web};
use strict_cors::{Cors, Layer, LivePolicy, Policy, cors, policy};
use support::{Answer, get as header, preflight};

mod support;

const APP: &str = "https://app.example.com";
const TENANT: &str = "https://shop.tenant.example";

static HANDLERS: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], methods = ["GET", "PUT"]));
static SCOPE: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

#[cors(policy = HANDLERS)]
#[get("/orders")]
async fn orders() -> impl Responder {
    HttpResponse::Ok().body("orders")
}

#[cors(policy = HANDLERS)]
#[put("/orders")]
async fn update_orders() -> impl Responder {
    HttpResponse::Ok().body("updated")
}

fn tenants(origins: &[&str]) -> Policy {
    Policy::builder().origins(origins).methods(["GET", "PUT"]).build().expect("a valid list")
}

#[actix_web::test]
async fn a_reload_takes_effect_for_handlers_scopes_and_the_layer() {
    let app = init_service(
        App::new()
            .service(orders)
            .service(update_orders)
            .service(
                web::scope("/api").wrap(Cors::new(&SCOPE)).route("/items", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    let allowed = |res: &Answer| header(res.headers(), "access-control-allow-origin") == Some(TENANT);

    let before = call(TestRequest::get().uri("/orders").insert_header((header::ORIGIN, TENANT))).await;
    assert!(!allowed(&before));
    let scoped = call(TestRequest::get().uri("/api/items").insert_header((header::ORIGIN, TENANT))).await;
    assert!(!allowed(&scoped));
    assert_eq!(call(preflight("/orders", TENANT, "PUT")).await.status(), StatusCode::FORBIDDEN);

    HANDLERS.reload(tenants(&[APP, TENANT]));
    SCOPE.reload(tenants(&[APP, TENANT]));
    assert!(HANDLERS.reloaded_at().is_some());

    let after = call(TestRequest::get().uri("/orders").insert_header((header::ORIGIN, TENANT))).await;
    assert!(allowed(&after));
    let scoped = call(TestRequest::get().uri("/api/items").insert_header((header::ORIGIN, TENANT))).await;
    assert!(allowed(&scoped));
    // Answered by the layer, from the policy in force now.
    let preflight = call(preflight("/orders", TENANT, "PUT")).await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert!(allowed(&preflight));

    // An invalid list never gets in: every mistake comes back, the policy in force stays.
    let errors = Policy::builder().origins([TENANT, "https://bad.example/", "null"]).build().unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(HANDLERS.current().allows_origin(TENANT));

    let report = strict_cors::report();
    let row = report
        .rows()
        .iter()
        .find(|r| r.live().is_some_and(|l| std::ptr::eq(l, &raw const HANDLERS)))
        .unwrap();
    assert!(row.origins().contains(&TENANT.to_owned()), "{report}");
    assert!(report.to_string().contains("reloaded"), "{report}");
}

/// Two policies as different as can be: every response must carry all of one, none of the other.
static SWAPPED: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://app.example.com"],
    credentials,
    expose_headers = ["x-first"],
));

#[cors(policy = SWAPPED)]
#[get("/swapped")]
async fn swapped() -> impl Responder {
    // Let other requests, and the reloads, run between the decision and the headers.
    actix_web::rt::task::yield_now().await;
    HttpResponse::Ok().body("swapped")
}

/// Tells the reloading thread to stop.
static DONE: AtomicBool = AtomicBool::new(false);

#[actix_web::test]
async fn every_response_under_reloads_comes_from_one_policy() {
    let first =
        || Policy::builder().origin(APP).credentials(true).expose_headers(["x-first"]).build().unwrap();
    let second = || Policy::builder().origin(APP).expose_headers(["x-second"]).build().unwrap();
    let app = init_service(App::new().service(swapped)).await;

    // Another thread reloads in a loop while this one serves requests.
    let reloader = std::thread::spawn(move || {
        let mut reloads = 0;
        while !DONE.load(Ordering::Relaxed) {
            SWAPPED.reload(if reloads % 2 == 0 { second() } else { first() });
            reloads += 1;
        }
        reloads
    });
    let (mut from_first, mut from_second) = (0, 0);
    for _ in 0..200 {
        let batch = (0..10).map(|_| {
            let request =
                TestRequest::get().uri("/swapped").insert_header((header::ORIGIN, APP)).to_request();
            app.call(request)
        });
        for result in futures_util_join(batch).await {
            let res = Answer::of(result).await;
            let h = res.headers();
            match (header(h, "access-control-allow-credentials"), header(h, "access-control-expose-headers"))
            {
                (Some("true"), Some("x-first")) => from_first += 1,
                (None, Some("x-second")) => from_second += 1,
                other => panic!("a response mixes two policies: {other:?}"),
            }
            assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
        }
    }
    DONE.store(true, Ordering::Relaxed);
    let reloads = reloader.join().unwrap();
    assert!(reloads > 1, "the policy was never reloaded");
    assert_eq!(from_first + from_second, 2000);
}

/// Polls every future to completion, interleaved: a stand-in for concurrent requests on one worker.
async fn futures_util_join<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<_> = futures.map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (slot, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

static RELOADED_MIDWAY: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

/// Reloads its own policy while its request runs, as a reload from elsewhere may.
#[cors(policy = RELOADED_MIDWAY)]
#[get("/midway")]
async fn midway() -> impl Responder {
    RELOADED_MIDWAY.reload(Policy::builder().origin("https://tenant.example.com").build().expect("valid"));
    HttpResponse::Ok().body("midway")
}

/// A request finishes with the policy it started with, through the layer or not.
#[actix_web::test]
async fn a_reload_while_a_request_runs_leaves_it_its_policy() {
    let initial = || Policy::builder().origin("https://app.example.com").build().expect("valid");
    for layered in [false, true] {
        RELOADED_MIDWAY.reload(initial());
        let request =
            TestRequest::get().uri("/midway").insert_header((header::ORIGIN, "https://app.example.com"));
        let res = if layered {
            let app = init_service(App::new().service(midway).wrap(Layer)).await;
            Answer::of(app.call(request.to_request()).await).await
        } else {
            let app = init_service(App::new().service(midway)).await;
            Answer::of(app.call(request.to_request()).await).await
        };
        assert_eq!(
            header(res.headers(), "access-control-allow-origin"),
            Some("https://app.example.com"),
            "layered: {layered}"
        );
    }
}
