//! How many heap allocations CORS adds to a request, counted: the same handler bare, with
//! `#[cors]`, and behind `actix-cors` with the same policy, each called the same way after
//! warming actix-web's pools. Counts are deterministic, so unlike timings they can be asserted.

// A global allocator cannot be written without `unsafe`; this one only counts and forwards.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, post};
use cors::cors;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to `System` unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const APP: &str = "https://app.example.com";

#[post("/orders")]
async fn plain_handler() -> impl Responder {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://app.example.com"], credentials, allow_headers = ["content-type"], max_age = 600)]
#[post("/orders")]
async fn cors_handler() -> impl Responder {
    HttpResponse::Ok().finish()
}

fn actix_cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allowed_origin(APP)
        .allowed_methods(["POST"])
        .allowed_header(header::CONTENT_TYPE)
        .supports_credentials()
        .max_age(600)
}

/// Polls a future that completes without waiting, as these services do.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn actual() -> TestRequest {
    TestRequest::post().uri("/orders").insert_header((header::ORIGIN, HeaderValue::from_static(APP)))
}

fn preflight() -> TestRequest {
    TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/orders")
        .insert_header((header::ORIGIN, HeaderValue::from_static(APP)))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("POST")))
        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_static("content-type")))
}

/// Allocations of one call, after warming up; the request is built before counting.
fn allocations<S, B>(app: &S, request: fn() -> TestRequest) -> usize
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    for _ in 0..10 {
        drop(run(app.call(request().to_request())));
    }
    let request = request().to_request();
    let before = ALLOCATIONS.with(Cell::get);
    let response = run(app.call(request));
    let after = ALLOCATIONS.with(Cell::get);
    assert!(response.is_ok());
    after - before
}

#[actix_web::test]
async fn cors_adds_no_allocation_to_a_request_or_a_preflight() {
    let bare = init_service(App::new().service(plain_handler)).await;
    let ours = init_service(App::new().service(cors_handler)).await;
    let theirs = init_service(App::new().wrap(actix_cors()).service(plain_handler)).await;

    let actual = [allocations(&bare, actual), allocations(&ours, actual), allocations(&theirs, actual)];
    let preflight =
        [allocations(&bare, preflight), allocations(&ours, preflight), allocations(&theirs, preflight)];
    let line = |what: &str, [b, o, t]: [usize; 3]| {
        format!(
            "{what}: bare {b}, #[cors] {o} (+{}), actix-cors {t} (+{})",
            o.cast_signed() - b.cast_signed(),
            t.cast_signed() - b.cast_signed()
        )
    };
    eprintln!("{}\n{}", line("allowed actual request", actual), line("allowed preflight", preflight));
    assert!(actual[1] <= actual[0], "#[cors] adds allocations to an actual request: {actual:?}");
    assert!(preflight[1] <= preflight[0], "#[cors] adds allocations to a preflight: {preflight:?}");
}
