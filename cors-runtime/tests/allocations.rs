//! The decision engine never allocates, whatever the request.

// A global allocator cannot be written without `unsafe`; it only counts and forwards.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use cors_runtime::{CorsRequest, Decision, HeaderInput, OriginEntry, PolicyConfig};

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

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn deciding_allocates_nothing() {
    let policy = PolicyConfig {
        origins: vec![
            OriginEntry::Literal("https://app.example.com".into()),
            OriginEntry::Literal("https://*.example.org".into()),
            OriginEntry::Literal("http://localhost:*".into()),
            OriginEntry::Regex(r"https://pr-[0-9]+\.preview\.example\.com".into()),
        ],
        route_methods: Some(vec!["PUT".into()]),
        allow_headers: vec!["content-type".into(), "x-trace".into()],
        credentials: true,
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    policy.prepare();
    // The regex engine makes its matching cache on a thread's first match: once, not per request.
    let _ = policy.allows_origin("https://pr-1.preview.example.com");

    let long_headers = vec!["x-trace"; 1000].join(",");
    let long_origin = format!("https://{}.example.org", "a".repeat(1000));
    let origins = [
        "https://app.example.com",
        "https://a.example.org",
        "http://localhost:3000",
        "https://pr-7.preview.example.com",
        "https://evil.example.net",
        long_origin.as_str(),
        "null",
    ];
    let header_values = ["content-type, X-Trace", "authorization", long_headers.as_str(), ",,,"];
    for origin in origins {
        for method in ["PUT", "PATCH"] {
            for headers in header_values {
                let request = CorsRequest {
                    method: b"OPTIONS",
                    origin: HeaderInput::One(origin.as_bytes()),
                    request_method: HeaderInput::One(method.as_bytes()),
                    request_headers: HeaderInput::One(headers.as_bytes()),
                    request_private_network: HeaderInput::One(b"true"),
                };
                let actual = CorsRequest { method: b"PUT", ..request };
                let mut decisions = Vec::with_capacity(2);
                let n = allocations_in(|| {
                    let preflight = policy.decide(&request);
                    let _ = preflight.response_headers(&policy);
                    decisions.push(preflight);
                    decisions.push(policy.decide(&actual));
                });
                assert_eq!(n, 0, "{origin} {method} {headers}: {decisions:?}");
                assert!(matches!(
                    decisions[0],
                    Decision::PreflightAllowed { .. } | Decision::PreflightRefused(_)
                ));
            }
        }
    }
}
