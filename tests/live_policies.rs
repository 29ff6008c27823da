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

/// Two versions a test flips a live policy between, from inside the application: each `flip`
/// reloads the next.
struct Alternates {
    live: &'static LivePolicy,
    versions: [fn() -> Policy; 2],
    next: std::sync::atomic::AtomicUsize,
}

impl Alternates {
    fn flip(&self) {
        let next = self.next.fetch_add(1, Ordering::Relaxed) % 2;
        self.live.reload((self.versions[next])());
    }
}

/// Middleware reloading `BETWEEN` before it passes the request on: a reload between a `Cors`
/// middleware around it and the route inside.
async fn flip_before(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    FLIP_BETWEEN.flip();
    next.call(req).await
}

/// Middleware reloading `SCOPED` once the response is back: a reload between a `Cors`
/// middleware inside it and `Layer` outside.
async fn flip_after(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let res = next.call(req).await;
    FLIP_SCOPED.flip();
    res
}

/// The CORS headers and status of an answer, to compare answers whole.
fn cors_of(res: &Answer) -> (StatusCode, Vec<(String, String)>) {
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-") || *name == header::VARY)
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    (res.status(), headers)
}

static BETWEEN: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], methods = ["GET"]));
static FIXED_AROUND: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = ["GET", "PUT", "DELETE"],
    allow_headers = ["x-fixed"],
    max_age = 30
);

fn with_delete() -> Policy {
    Policy::builder()
        .origin(APP)
        .methods(["GET", "DELETE"])
        .allow_headers(["x-b"])
        .max_age(60)
        .build()
        .unwrap()
}

fn with_put() -> Policy {
    Policy::builder().origin(APP).methods(["GET", "PUT"]).credentials(true).max_age(600).build().unwrap()
}

static FLIP_BETWEEN: Alternates = Alternates {
    live: &BETWEEN,
    versions: [with_put, with_delete],
    next: std::sync::atomic::AtomicUsize::new(0),
};

#[cors(policy = BETWEEN)]
#[actix_web::route("/record", method = "GET", method = "PUT", method = "DELETE")]
async fn record() -> impl Responder {
    HttpResponse::Ok().body("record")
}

/// A `Cors` middleware around a route whose live policy is reloaded after the middleware read it
/// and before routing: the route's preflight guard and answer judge by the version the
/// middleware read, so the answer is that version's whole, never the middleware's own answer
/// cut down to what a version of the route's allows.
#[actix_web::test]
async fn a_reload_between_a_cors_middleware_and_the_route_inside_changes_nothing() {
    for same_policy in [false, true] {
        let around = if same_policy { Cors::new(&BETWEEN) } else { Cors::new(&FIXED_AROUND) };
        let app = init_service(App::new().service(
            web::scope("/s").wrap(actix_web::middleware::from_fn(flip_before)).wrap(around).service(record),
        ))
        .await;
        let alone = init_service(App::new().service(web::scope("/s").service(record))).await;
        // The version in force when the middleware reads it; `flip_before` then reloads the other
        // (`FLIP_BETWEEN.versions` is `[with_put, with_delete]`).
        for (version, other) in
            [(with_delete as fn() -> Policy, 0), (with_put, 1), (with_delete, 0), (with_put, 1)]
        {
            BETWEEN.reload(version());
            FLIP_BETWEEN.next.store(other, Ordering::Relaxed);
            let res = Answer::of(app.call(preflight("/s/record", APP, "DELETE").to_request()).await).await;
            // What the route answers alone under that version, or, where that version leaves the
            // method out and another policy is around, what that one answers.
            BETWEEN.reload(version());
            let expected = if version().allows_method(b"DELETE") || same_policy {
                Answer::of(alone.call(preflight("/s/record", APP, "DELETE").to_request()).await).await
            } else {
                let around = init_service(
                    App::new().service(web::scope("/s").wrap(Cors::new(&FIXED_AROUND)).service(record)),
                )
                .await;
                Answer::of(around.call(preflight("/s/record", APP, "DELETE").to_request()).await).await
            };
            assert_eq!(
                cors_of(&res),
                cors_of(&expected),
                "same policy: {same_policy}, DELETE allowed: {}",
                version().allows_method(b"DELETE")
            );
        }
    }
}

/// Under `Layer`, which writes a route's headers itself: the version of the route's live policy
/// that the `Cors` middleware around it read, even if it is reloaded before the route is
/// reached.
#[actix_web::test]
async fn under_the_layer_a_route_inside_a_cors_middleware_answers_with_the_version_it_read() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/s")
                    .wrap(actix_web::middleware::from_fn(flip_before))
                    .wrap(Cors::new(&BETWEEN))
                    .service(record),
            )
            .wrap(Layer),
    )
    .await;
    let alone = init_service(App::new().service(web::scope("/s").service(record))).await;
    let get = || TestRequest::get().uri("/s/record").insert_header((header::ORIGIN, APP)).to_request();
    for (version, other) in [(with_delete as fn() -> Policy, 0), (with_put, 1), (with_delete, 0)] {
        BETWEEN.reload(version());
        FLIP_BETWEEN.next.store(other, Ordering::Relaxed);
        let res = Answer::of(app.call(get()).await).await;
        BETWEEN.reload(version());
        let expected = Answer::of(alone.call(get()).await).await;
        assert_eq!(cors_of(&res), cors_of(&expected), "credentials: {}", version().allows_credentials());
    }
}

static SCOPED: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

fn listed() -> Policy {
    Policy::builder().origin(APP).build().unwrap()
}

fn any_origin() -> Policy {
    Policy::builder().origin("*").build().unwrap()
}

static FLIP_SCOPED: Alternates = Alternates {
    live: &SCOPED,
    versions: [listed, any_origin],
    next: std::sync::atomic::AtomicUsize::new(0),
};

/// `Layer` gives a response that came back through a `Cors` middleware that middleware's headers
/// again: with the version of its live policy the middleware read, even if it is reloaded
/// before the response reaches the layer (never `Access-Control-Allow-Origin: *` beside the
/// other version's `Vary: Origin`).
#[actix_web::test]
async fn the_layer_writes_a_cors_middlewares_headers_with_the_version_it_read() {
    let app = init_service(
        App::new()
            .service(Cors::new(&SCOPED).scope("/feed").route("", web::get().to(HttpResponse::Ok)))
            .wrap(actix_web::middleware::from_fn(flip_after))
            .wrap(Layer),
    )
    .await;
    let alone = init_service(
        App::new().service(Cors::new(&SCOPED).scope("/feed").route("", web::get().to(HttpResponse::Ok))),
    )
    .await;
    for origin in [None, Some(APP)] {
        let request = || {
            let request = TestRequest::get().uri("/feed");
            match origin {
                Some(origin) => request.insert_header((header::ORIGIN, origin)).to_request(),
                None => request.to_request(),
            }
        };
        for _ in 0..4 {
            let read = FLIP_SCOPED.next.load(Ordering::Relaxed) % 2;
            SCOPED.reload([any_origin, listed][read]());
            let res = Answer::of(app.call(request()).await).await;
            SCOPED.reload([any_origin, listed][read]());
            let expected = Answer::of(alone.call(request()).await).await;
            assert_eq!(cors_of(&res), cors_of(&expected), "origin {origin:?}, version {read}");
        }
    }
}

static REFUSED_WHILE_RELOADED: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"]));

#[cors(policy = REFUSED_WHILE_RELOADED)]
#[get("/guarded")]
async fn guarded() -> impl Responder {
    HttpResponse::Ok().body("guarded")
}

/// Auth that reloads `REFUSED_WHILE_RELOADED` as it is called (a reload from elsewhere may land
/// then) and refuses at once, without calling inward.
struct ReloadAndRefuse;

impl<S> actix_web::dev::Transform<S, actix_web::dev::ServiceRequest> for ReloadAndRefuse
where
    S: Service<
            actix_web::dev::ServiceRequest,
            Response = actix_web::dev::ServiceResponse,
            Error = actix_web::Error,
        >,
{
    type Response = actix_web::dev::ServiceResponse;
    type Error = actix_web::Error;
    type Transform = ReloadAndRefuseService;
    type InitError = ();
    type Future = std::future::Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, _: S) -> Self::Future {
        std::future::ready(Ok(ReloadAndRefuseService))
    }
}

struct ReloadAndRefuseService;

impl Service<actix_web::dev::ServiceRequest> for ReloadAndRefuseService {
    type Response = actix_web::dev::ServiceResponse;
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    actix_web::dev::always_ready!();

    fn call(&self, req: actix_web::dev::ServiceRequest) -> Self::Future {
        REFUSED_WHILE_RELOADED.reload(Policy::builder().origin(TENANT).build().expect("valid"));
        std::future::ready(Ok(req.into_response(HttpResponse::Unauthorized().finish())))
    }
}

/// A refusal in front of the route is answered with the route's policy as it was when the
/// request reached the layer, not with one reloaded while the request was on its way in.
#[actix_web::test]
async fn a_refusal_in_front_of_the_route_keeps_the_policy_the_request_arrived_under() {
    let app =
        init_service(App::new().service(web::scope("").wrap(ReloadAndRefuse).service(guarded)).wrap(Layer))
            .await;
    for _ in 0..2 {
        REFUSED_WHILE_RELOADED.reload(Policy::builder().origin(APP).build().expect("valid"));
        let request = TestRequest::get().uri("/guarded").insert_header((header::ORIGIN, APP));
        let res = Answer::of(app.call(request.to_request()).await).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
    }
}
