//! Wall-clock ratios that survive a noisy machine: the apps under comparison are timed in
//! turns, batch after batch, so that whatever slows the machine down slows all of them alike,
//! and each is summed up by its median batch. `cargo bench -p strict-cors-compare --bench ratios`.
//!
//! Criterion (`--bench requests`) times one app after the other; on a shared machine the
//! noise between two of its groups can exceed the differences being measured.

use std::hint::black_box;
use std::time::{Duration, Instant};

use actix_web::App;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::init_service;

use strict_cors::Layer;
use strict_cors_compare::{
    APP, OTHER, actix_cors, actual, by_hand_handler, copied, cors_handler, plain_handler, preflight, run,
    same_origin,
};

/// Requests per batch, and batches per app.
const BATCH: u32 = 1_000;
const ROUNDS: usize = 300;

/// Makes a request from an origin.
type Make = fn(&'static str) -> actix_http::Request;

/// Times one batch of calls; the requests are built beforehand, outside the timing.
fn batch<S, B>(app: &S, make: Make, origin: &'static str) -> Duration
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let requests: Vec<_> = (0..BATCH).map(|_| make(origin)).collect();
    let start = Instant::now();
    for request in requests {
        black_box(run(app.call(request)).is_ok());
    }
    start.elapsed()
}

fn median_ns(mut batches: Vec<Duration>) -> f64 {
    batches.sort_unstable();
    batches[batches.len() / 2].as_secs_f64() * 1e9 / f64::from(BATCH)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks which benchmarks exist; these are not listed.
    }
    actix_web::rt::System::new().block_on(async {
        let bare = init_service(App::new().service(plain_handler)).await;
        let by_hand = init_service(App::new().service(by_hand_handler)).await;
        let ours = init_service(App::new().service(cors_handler)).await;
        let layered = init_service(App::new().service(cors_handler).wrap(Layer)).await;
        let theirs = init_service(App::new().wrap(actix_cors()).service(plain_handler)).await;
        // The last field: whether the hand-written headers are the right ones for this request
        // (those of an allowed actual request).
        let cases: [(&str, Make, &'static str, bool); 6] = [
            ("no Origin", |_| same_origin(), APP, false),
            ("actual, allowed origin", actual, APP, true),
            ("the same, values copied", |origin| copied(actual(origin)), APP, true),
            ("actual, other origin", actual, OTHER, false),
            ("preflight, allowed", preflight, APP, false),
            ("preflight, refused", preflight, OTHER, false),
        ];
        println!("median ns per request, apps timed in turns ({ROUNDS} batches of {BATCH} each)\n");
        println!(
            "{:<24} {:>7} {:>8} {:>8} {:>8} {:>11} {:>9} {:>11} {:>11}",
            "request", "bare", "by hand", "#[cors]", "+Layer", "actix-cors", "#[cors]/", "#[cors]/", "+Layer/"
        );
        println!(
            "{:<24} {:>7} {:>8} {:>8} {:>8} {:>11} {:>9} {:>11} {:>11}",
            "", "", "", "", "", "", "bare", "actix-cors", "actix-cors"
        );
        for (name, make, origin, by_hand_applies) in cases {
            let mut times: [Vec<Duration>; 5] = Default::default();
            for round in 0..ROUNDS {
                // Rotate who goes first, so that no app always follows the same one.
                for turn in 0..5 {
                    let app = (round + turn) % 5;
                    let elapsed = match app {
                        0 => batch(&bare, make, origin),
                        1 => batch(&by_hand, make, origin),
                        2 => batch(&ours, make, origin),
                        3 => batch(&layered, make, origin),
                        _ => batch(&theirs, make, origin),
                    };
                    times[app].push(elapsed);
                }
            }
            let [bare_ns, by_hand_ns, ours_ns, layered_ns, theirs_ns] = times.map(median_ns);
            let by_hand = if by_hand_applies { format!("{by_hand_ns:.0}") } else { "-".into() };
            println!(
                "{name:<24} {bare_ns:>7.0} {by_hand:>8} {ours_ns:>8.0} {layered_ns:>8.0} {theirs_ns:>11.0} {:>9.2} {:>11.2} {:>11.2}",
                ours_ns / bare_ns,
                ours_ns / theirs_ns,
                layered_ns / theirs_ns,
            );
        }
    });
}
