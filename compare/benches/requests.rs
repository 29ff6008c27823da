//! Per-request cost of CORS, in-process through actix-web's service stack (`init_service` and
//! `call`): the same handler bare, with `#[cors]`, and behind `actix-cors` with the same policy;
//! how the cost grows with the policy; and the decision engine alone.
//!
//! `cargo bench -p strict-cors-compare --bench requests`; compare ratios within one run (see BENCHMARKS.md).

use std::hint::black_box;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test::init_service;
use actix_web::{App, HttpResponse, web};
use cors_runtime::{CorsRequest, HeaderInput};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use strict_cors::Policy;

use strict_cors_compare::{
    APP, CorsRoute, OTHER, actix_cors, actual, build, by_hand_handler, cors_handler, exact_origins,
    plain_handler, preflight, run,
};

/// Times `app` on requests from `make` (built outside the timing), checking the status once.
fn measure<S, B>(
    c: &mut Criterion,
    name: &str,
    app: &S,
    make: &dyn Fn() -> actix_http::Request,
    status: StatusCode,
) where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let first = run(app.call(make())).map(|r| r.status());
    assert_eq!(first.ok(), Some(status), "{name}");
    c.bench_function(name, |b| {
        b.iter_batched(make, |req| black_box(run(app.call(req))), BatchSize::SmallInput);
    });
}

/// A request kind, how to make one, and the statuses bare, `#[cors]` and `actix-cors` answer.
type Case<'a> = (&'a str, &'a dyn Fn() -> actix_http::Request, [StatusCode; 3]);

fn comparisons(c: &mut Criterion) {
    actix_web::rt::System::new().block_on(async {
        let bare = init_service(App::new().service(plain_handler)).await;
        let ours = init_service(App::new().service(cors_handler)).await;
        let theirs = init_service(App::new().wrap(actix_cors()).service(plain_handler)).await;
        let cases: [Case<'_>; 4] = [
            ("actual allowed", &|| actual(APP), [StatusCode::OK; 3]),
            ("actual other origin", &|| actual(OTHER), [StatusCode::OK; 3]),
            (
                "preflight allowed",
                &|| preflight(APP),
                [StatusCode::NOT_FOUND, StatusCode::NO_CONTENT, StatusCode::OK],
            ),
            (
                "preflight refused",
                &|| preflight(OTHER),
                [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN, StatusCode::BAD_REQUEST],
            ),
        ];
        // The floor: the same headers written by the handler itself, unchecked.
        let by_hand = init_service(App::new().service(by_hand_handler)).await;
        measure(c, "actual allowed/by hand", &by_hand, &|| actual(APP), StatusCode::OK);
        for (case, make, [bare_status, our_status, their_status]) in cases {
            measure(c, &format!("{case}/bare"), &bare, make, bare_status);
            measure(c, &format!("{case}/#[cors]"), &ours, make, our_status);
            measure(c, &format!("{case}/actix-cors"), &theirs, make, their_status);
        }
    });
}

fn scaling(c: &mut Criterion) {
    actix_web::rt::System::new().block_on(async {
        let subdomains: Vec<String> = (0..10).map(|i| format!("https://*.site{i}.example.com")).collect();
        let regexes: Vec<String> =
            (0..5).map(|i| format!(r"https://pr-[0-9]+\.preview{i}\.example\.com")).collect();
        let cases: [(&str, Policy, &'static str); 5] = [
            ("1 exact origin", build(&exact_origins(1), &[]), "https://app0.example.com"),
            ("100 exact origins", build(&exact_origins(100), &[]), "https://app99.example.com"),
            ("1000 exact origins", build(&exact_origins(1000), &[]), "https://app999.example.com"),
            ("10 subdomain patterns", build(&subdomains, &[]), "https://a.b.site9.example.com"),
            ("5 regexes", build(&[], &regexes), "https://pr-42.preview4.example.com"),
        ];
        for (case, policy, origin) in cases {
            let policy: &'static Policy = policy.into_static();
            let ours = init_service(App::new().service(CorsRoute(policy))).await;
            measure(c, &format!("{case}/#[cors]"), &ours, &|| actual(origin), StatusCode::OK);
            let theirs = init_service(
                App::new()
                    .wrap(actix_cors_for(case, policy))
                    .route("/orders", web::post().to(HttpResponse::Ok)),
            )
            .await;
            measure(c, &format!("{case}/actix-cors"), &theirs, &|| actual(origin), StatusCode::OK);
        }
    });
}

/// The same policy for actix-cors: exact origins directly, patterns and regexes through
/// `allowed_origin_fn`, which is how it supports them.
fn actix_cors_for(case: &str, policy: &'static Policy) -> actix_cors::Cors {
    let base = actix_cors::Cors::default().allowed_methods(["POST"]).supports_credentials();
    if case.contains("exact") {
        let n: usize = case.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(1);
        return exact_origins(n).iter().fold(base, |cors, origin| cors.allowed_origin(origin));
    }
    if case.contains("subdomain") {
        let suffixes: Vec<String> = (0..10).map(|i| format!(".site{i}.example.com")).collect();
        return base.allowed_origin_fn(move |origin, _| {
            origin
                .to_str()
                .ok()
                .and_then(|o| o.strip_prefix("https://"))
                .is_some_and(|host| suffixes.iter().any(|s| host.ends_with(s.as_str())))
        });
    }
    let set = regex::RegexSet::new((0..5).map(|i| format!(r"^https://pr-[0-9]+\.preview{i}\.example\.com$")))
        .expect("valid");
    let _ = policy;
    base.allowed_origin_fn(move |origin, _| origin.to_str().is_ok_and(|o| set.is_match(o)))
}

fn decisions(c: &mut Criterion) {
    let policy = Policy::builder()
        .origins(exact_origins(1000))
        .origin("https://*.example.org")
        .methods(["PUT"])
        .allow_headers(["content-type", "x-trace"])
        .credentials(true)
        .build()
        .expect("a valid policy");
    policy.prepare();
    let request = |method: &'static [u8], origin: &'static str, acrm: HeaderInput<'static>| CorsRequest {
        method,
        origin: HeaderInput::One(origin.as_bytes()),
        request_method: acrm,
        request_headers: if acrm.is_present() { &[b"content-type,x-trace"] } else { &[] },
        request_private_network: HeaderInput::Absent,
    };
    let cases = [
        ("decision/actual exact origin", request(b"PUT", "https://app999.example.com", HeaderInput::Absent)),
        ("decision/actual subdomain", request(b"PUT", "https://a.b.example.org", HeaderInput::Absent)),
        ("decision/actual refused", request(b"PUT", OTHER, HeaderInput::Absent)),
        (
            "decision/preflight allowed",
            request(b"OPTIONS", "https://app999.example.com", HeaderInput::One(b"PUT")),
        ),
        ("decision/preflight refused", request(b"OPTIONS", OTHER, HeaderInput::One(b"PUT"))),
    ];
    for (name, request) in cases {
        c.bench_function(name, |b| {
            b.iter(|| black_box(policy.decide(black_box(&request)).response_headers(&policy)));
        });
    }
}

criterion_group!(benches, comparisons, scaling, decisions);
criterion_main!(benches);
