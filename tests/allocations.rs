//! How many heap allocations CORS adds to a request, counted: the same handler bare, with
//! `#[cors]`, and behind `actix-cors` with the same policy, each called the same way after
//! warming actix-web's pools. Counts are deterministic, so unlike timings they can be asserted.

#[path = "support/comparison.rs"]
mod comparison;
#[path = "support/counting.rs"]
mod counting;

use actix_web::App;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::init_service;

use self::comparison::{APP, actix_cors, actual, cors_handler, plain_handler, preflight, run};
use self::counting::allocations_in;

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

    let make_actual = || actual(APP);
    let make_preflight = || preflight(APP);
    let actual = [
        allocations(&bare, &make_actual),
        allocations(&ours, &make_actual),
        allocations(&theirs, &make_actual),
    ];
    let preflight = [
        allocations(&bare, &make_preflight),
        allocations(&ours, &make_preflight),
        allocations(&theirs, &make_preflight),
    ];
    let line = |what: &str, [b, o, t]: [usize; 3]| {
        let added = |x: usize| x.cast_signed() - b.cast_signed();
        format!("{what}: bare {b}, #[cors] {o} ({:+}), actix-cors {t} ({:+})", added(o), added(t))
    };
    eprintln!("{}\n{}", line("allowed actual request", actual), line("allowed preflight", preflight));
    assert!(actual[1] <= actual[0], "#[cors] adds allocations to an actual request: {actual:?}");
    assert!(preflight[1] <= preflight[0], "#[cors] adds allocations to a preflight: {preflight:?}");
}
