//! How many heap allocations CORS adds to a request, counted: the same handler bare, with
//! `#[cors]`, and behind `actix-cors` with the same policy, each called the same way after
//! warming actix-web's pools. Counts are deterministic, so unlike timings they can be asserted.

#[path = "../../cors-runtime/tests/support/counting.rs"]
mod counting;

use actix_web::App;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::init_service;

use self::counting::allocations_in;
use strict_cors_compare::{APP, actix_cors, actual, copied, cors_handler, plain_handler, preflight, run};

/// Allocations of one call, after warming up; the request is built before counting.
fn allocations<S, B>(app: &S, request: &dyn Fn() -> actix_http::Request) -> usize
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    for _ in 0..10 {
        drop(run(app.call(request())));
    }
    let request = request();
    let (count, response) = allocations_in(|| run(app.call(request)));
    assert!(response.is_ok());
    count
}

#[actix_web::test]
async fn cors_adds_no_allocation_to_a_request_or_a_preflight() {
    let bare = init_service(App::new().service(plain_handler)).await;
    let ours = init_service(App::new().service(cors_handler)).await;
    let theirs = init_service(App::new().wrap(actix_cors()).service(plain_handler)).await;
    let layered = init_service(App::new().service(cors_handler).wrap(strict_cors::Layer)).await;

    // Header values two ways: `'static`, and copied from a string as a server's parser (or
    // `TestRequest::insert_header(("origin", ".."))`) makes them. Copying a copied value the
    // first time allocates, so `#[cors]` sends its own copy of an exact origin instead.
    let static_actual = || actual(APP);
    let static_preflight = || preflight(APP);
    let copied_actual = || copied(actual(APP));
    let copied_preflight = || copied(preflight(APP));
    let cases: [(&str, &dyn Fn() -> actix_http::Request); 4] = [
        ("allowed actual request, static values", &static_actual),
        ("allowed actual request, copied values", &copied_actual),
        ("allowed preflight, static values", &static_preflight),
        ("allowed preflight, copied values", &copied_preflight),
    ];
    for (what, make) in cases {
        let [b, o, l, t] = [
            allocations(&bare, make),
            allocations(&ours, make),
            allocations(&layered, make),
            allocations(&theirs, make),
        ];
        let added = |x: usize| x.cast_signed() - b.cast_signed();
        eprintln!(
            "{what}: bare {b}, #[cors] {o} ({:+}), #[cors] + Layer {l} ({:+}), actix-cors {t} ({:+})",
            added(o),
            added(l),
            added(t)
        );
        assert!(o <= b, "#[cors] adds allocations: {what}");
        // The layer keeps a copy of `Origin` in case the response comes back as an error,
        // without its request: free for a shared value, one allocation for a copied one.
        assert!(l <= b + usize::from(what.contains("actual request, copied")), "Layer allocates: {what}");
    }
}

fn on_host_b(mut request: actix_http::Request) -> actix_http::Request {
    let host = actix_web::http::header::HeaderValue::from_static("b.example.com");
    request.headers_mut().insert(actix_web::http::header::HOST, host);
    request
}

fn host_a(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get("host").is_some_and(|h| h == "a.example.com")
}

fn host_b(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get("host").is_some_and(|h| h == "b.example.com")
}

#[strict_cors::cors(origins = ["https://elsewhere.example.com"])]
#[actix_web::post("/orders", guard = "host_a")]
async fn orders_on_a() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().finish()
}

#[strict_cors::cors(origins = ["https://app.example.com"], allow_headers = ["content-type"])]
#[actix_web::post("/orders", guard = "host_b")]
async fn orders_on_b() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().finish()
}

/// Routes told apart by their guards: the layer runs them to choose, without allocating.
#[actix_web::test]
async fn choosing_among_routes_by_their_guards_allocates_nothing() {
    let unlayered = init_service(App::new().service(orders_on_a).service(orders_on_b)).await;
    let layered =
        init_service(App::new().service(orders_on_a).service(orders_on_b).wrap(strict_cors::Layer)).await;
    let actual = || on_host_b(actual(APP));
    let preflight = || on_host_b(preflight(APP));
    for (what, make) in [("actual request", &actual as &dyn Fn() -> _), ("preflight", &preflight)] {
        let [without, with] = [allocations(&unlayered, make), allocations(&layered, make)];
        eprintln!("{what} on routes told apart by guards: without Layer {without}, with it {with}");
        assert!(with <= without, "Layer allocates choosing by guards: {what}");
    }
}

static TENANTS: strict_cors::Policy =
    strict_cors::policy!(origins = ["https://app.example.com"], allow_headers = ["content-type"]);

fn under_a_tenant(request: actix_web::test::TestRequest) -> actix_http::Request {
    request
        .uri("/acme/orders")
        .insert_header((
            actix_web::http::header::ORIGIN,
            actix_web::http::header::HeaderValue::from_static(APP),
        ))
        .to_request()
}

/// A `Cors::scope` whose prefix has a dynamic segment: the layer asks the resource map whether
/// a path is under it, which matches the segment's regex: two allocations of actix-web's, on an
/// actual request (a preflight the layer answers skips routing, and its allocations).
#[actix_web::test]
async fn a_scope_with_a_dynamic_prefix_costs_two_allocations_behind_the_layer() {
    let app = || {
        App::new().service(
            strict_cors::Cors::new(&TENANTS)
                .scope("/{tenant}")
                .route("/orders", actix_web::web::post().to(actix_web::HttpResponse::Ok)),
        )
    };
    let unlayered = init_service(app()).await;
    let layered = init_service(app().wrap(strict_cors::Layer)).await;
    let actual = || under_a_tenant(actix_web::test::TestRequest::post());
    let preflight = || {
        let request = actix_web::test::TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .insert_header((actix_web::http::header::ACCESS_CONTROL_REQUEST_METHOD, "POST"));
        under_a_tenant(request)
    };
    for (what, make, added) in
        [("actual request", &actual as &dyn Fn() -> _, 2), ("preflight", &preflight, 0)]
    {
        let [without, with] = [allocations(&unlayered, make), allocations(&layered, make)];
        eprintln!("{what} under a scope with a dynamic prefix: without Layer {without}, with it {with}");
        assert!(with <= without + added, "Layer allocates under a dynamic prefix: {what}");
    }
}
