//! Instructions per request, counted by valgrind's callgrind: repeatable where wall-clock time
//! on a shared machine is not. `cargo bench -p strict-cors-compare --bench instructions` runs each scenario twice
//! under callgrind (1,000 and 11,000 requests) and prints the difference divided by 10,000:
//! the cost of one request, with start-up and warm-up cancelled out.
//!
//! Needs `valgrind` (Debian package `valgrind`); without it, says so and exits.

use std::process::Command;

use actix_web::App;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::init_service;
use cors_runtime::{CorsRequest, HeaderInput};
use strict_cors::Policy;

use strict_cors::{Cors, Layer};
use strict_cors_compare::{
    APP, CorsRoute, Idle, OTHER, SCOPE_POLICY, actix_cors, actual, build, by_hand_handler, cors_handler,
    exact_origins, plain_handler, preflight, run, same_origin,
};

fn request(kind: &str) -> actix_http::Request {
    match kind {
        "no-origin" => same_origin(),
        "actual-allowed" => actual(APP),
        "actual-other" => actual(OTHER),
        "preflight-allowed" => preflight(APP),
        _ => preflight(OTHER),
    }
}

fn requests<S, B>(app: &S, kind: &str, n: usize)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    for _ in 0..n {
        std::hint::black_box(run(app.call(request(kind))).is_ok());
    }
}

/// One measured loop: `app kind n`.
fn measured(app: &str, kind: &str, n: usize) {
    actix_web::rt::System::new().block_on(async {
        match app {
            "bare" => requests(&init_service(App::new().service(plain_handler)).await, kind, n),
            "cors" => requests(&init_service(App::new().service(cors_handler)).await, kind, n),
            "cors-layer" => {
                requests(&init_service(App::new().service(cors_handler).wrap(Layer)).await, kind, n);
            }
            "by-hand" => requests(&init_service(App::new().service(by_hand_handler)).await, kind, n),
            // The same two behind a middleware that does nothing.
            "bare-idle" => {
                requests(&init_service(App::new().service(plain_handler).wrap(Idle)).await, kind, n);
            }
            "by-hand-idle" => {
                requests(&init_service(App::new().service(by_hand_handler).wrap(Idle)).await, kind, n);
            }
            "actix-cors" => {
                requests(&init_service(App::new().wrap(actix_cors()).service(plain_handler)).await, kind, n);
            }
            // `Cors` around the whole application: over a plain handler, and over one with its
            // own `#[cors]`, whose route the middleware looks up to answer for what it finds
            // unclaimed.
            "cors-middleware" => {
                let app = App::new().service(plain_handler).wrap(Cors::new(&SCOPE_POLICY));
                requests(&init_service(app).await, kind, n);
            }
            "cors-middleware-route" => {
                let app = App::new().service(cors_handler).wrap(Cors::new(&SCOPE_POLICY));
                requests(&init_service(app).await, kind, n);
            }
            // Building the requests only: subtracted from the others.
            "build-only" => {
                for _ in 0..n {
                    drop(std::hint::black_box(request(kind)));
                }
            }
            // A whole request under a policy of N exact origins, the last one being `APP`.
            app if app.starts_with("request-exact-") => {
                let count: usize = app.trim_start_matches("request-exact-").parse().unwrap_or(1);
                let mut origins = exact_origins(count - 1);
                origins.push(APP.to_owned());
                let policy = build(&origins, &[]).into_static();
                requests(&init_service(App::new().service(CorsRoute(policy))).await, kind, n);
            }
            // A whole request under a tenant-scale policy (1,000 exact origins, 1,000 `*.`
            // patterns) where `APP` is one of the exact origins, or under one of the patterns.
            app @ ("request-tenants-exact" | "request-tenants-pattern") => {
                let mut origins = exact_origins(1000);
                origins.extend((0..1000).map(|i| format!("https://*.tenant{i}.example.com")));
                origins.push(if app.ends_with("exact") {
                    APP.to_owned()
                } else {
                    "https://*.example.com".to_owned()
                });
                let policy = build(&origins, &[]).into_static();
                requests(&init_service(App::new().service(CorsRoute(policy))).await, kind, n);
            }
            // `actix-cors` deciding subdomains with a closure, as its users write it (a suffix
            // test on the `Origin` value, without the checks a pattern makes).
            "actix-cors-closure" => {
                let cors =
                    actix_cors().allowed_origin_fn(|origin, _| origin.as_bytes().ends_with(b".example.com"));
                requests(&init_service(App::new().wrap(cors).service(plain_handler)).await, kind, n);
            }
            policy => decisions(policy, kind, n),
        }
    });
}

/// The decision engine alone. `policy` is `exact-N` (N exact origins and a subdomain pattern;
/// the allowed origin is the last exact one), `patterns` (10 subdomain patterns) or `regexes`
/// (5 regexes).
fn decisions(policy: &str, kind: &str, n: usize) {
    let (builder, allowed) = match policy {
        "patterns" => (
            (0..10).fold(Policy::builder(), |b, i| b.origin(format!("https://*.site{i}.example.com"))),
            "https://a.b.site9.example.com".to_owned(),
        ),
        // Tenant-style: 1,000 exact origins and 1,000 `*.` patterns; the origin is under one.
        "tenant-patterns" => (
            (0..1000).fold(Policy::builder(), |b, i| {
                b.origin(format!("https://shop{i}.example.net"))
                    .origin(format!("https://*.tenant{i}.example"))
            }),
            "https://a.tenant500.example".to_owned(),
        ),
        "regexes" => (
            (0..5).fold(Policy::builder(), |b, i| {
                b.origin_regex(format!(r"https://pr-[0-9]+\.preview{i}\.example\.com"))
            }),
            "https://pr-42.preview4.example.com".to_owned(),
        ),
        _ => {
            let count: usize = policy.trim_start_matches("exact-").parse().unwrap_or(1);
            let origins = (0..count).map(|i| format!("https://app{i}.example.com"));
            (
                Policy::builder().origins(origins).origin("https://*.example.org"),
                format!("https://app{}.example.com", count - 1),
            )
        }
    };
    let policy =
        builder.methods(["POST"]).allow_headers(["content-type"]).credentials(true).build().expect("valid");
    policy.prepare();
    let preflight = kind.starts_with("preflight");
    let origin: &[u8] = if kind.ends_with("allowed") { allowed.as_bytes() } else { OTHER.as_bytes() };
    let request = CorsRequest {
        method: if preflight { b"OPTIONS" } else { b"POST" },
        origin: HeaderInput::One(origin),
        request_method: if preflight { HeaderInput::One(b"POST") } else { HeaderInput::Absent },
        request_headers: if preflight { &[b"content-type"] } else { &[] },
        request_private_network: HeaderInput::Absent,
    };
    for _ in 0..n {
        std::hint::black_box(policy.decide(std::hint::black_box(&request)).response_headers(&policy));
    }
}

fn instructions(app: &str, kind: &str, n: usize) -> Option<u64> {
    let me = std::env::current_exe().ok()?;
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(me)
        .args(["--loop", app, kind, &n.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let collected = text.split("Collected : ").nth(1)?;
    collected.split_whitespace().next()?.parse().ok()
}

fn per_request(app: &str, kind: &str) -> Option<u64> {
    Some((instructions(app, kind, 11_000)? - instructions(app, kind, 1_000)?) / 10_000)
}

/// [`per_request`] without building the request: what the service does with it.
fn served(app: &str, kind: &str) -> Option<u64> {
    per_request(app, kind)?.checked_sub(per_request("build-only", kind)?)
}

/// [`served`], the median of five processes: actix-web's header maps hash with a seed drawn
/// per process, which moves a whole request's count by a few dozen instructions from one
/// process to the next. For ratios of requests that differ by a few percent.
fn served_steadily(app: &str, kind: &str) -> Option<u64> {
    let mut counts = (0..5).map(|_| served(app, kind)).collect::<Option<Vec<u64>>>()?;
    counts.sort_unstable();
    Some(counts[2])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, app, kind, n] = args.as_slice()
        && flag == "--loop"
    {
        measured(app, kind, n.parse().unwrap_or(0));
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("valgrind not found: install it (apt-get install valgrind) to count instructions");
        return;
    }
    let build = per_request("build-only", "actual-allowed").unwrap_or(0);
    println!("instructions per request, building it ({build}) not counted (callgrind; lower is better)\n");
    println!(
        "{:<20} {:>8} {:>8} {:>8} {:>8} {:>11} {:>15} {:>15} {:>15}",
        "request",
        "bare",
        "by hand",
        "#[cors]",
        "+Layer",
        "actix-cors",
        "+cors",
        "+cors+Layer",
        "+actix-cors"
    );
    for kind in ["no-origin", "actual-allowed", "actual-other", "preflight-allowed", "preflight-refused"] {
        let [bare, ours, layered, theirs] =
            ["bare", "cors", "cors-layer", "actix-cors"].map(|app| served(app, kind).unwrap_or(0));
        // The hand-written headers are those of an allowed actual request only.
        let by_hand = if kind == "actual-allowed" {
            served("by-hand", kind).unwrap_or(0).to_string()
        } else {
            "-".into()
        };
        #[allow(clippy::cast_precision_loss)] // instruction counts are far below 2^52
        let added =
            |x: u64| format!("{:+} (x{:.2})", i128::from(x) - i128::from(bare), x as f64 / bare as f64);
        println!(
            "{kind:<20} {bare:>8} {by_hand:>8} {ours:>8} {layered:>8} {theirs:>11} {:>15} {:>15} {:>15}",
            added(ours),
            added(layered),
            added(theirs)
        );
    }
    // What a middleware around the application costs before it does any work: the least a
    // layer in front of every other middleware can add.
    let [bare, idle] = ["bare", "bare-idle"].map(|app| served(app, "no-origin").unwrap_or(0));
    let [by_hand, by_hand_idle, theirs] =
        ["by-hand", "by-hand-idle", "actix-cors"].map(|app| served(app, "actual-allowed").unwrap_or(0));
    #[allow(clippy::cast_precision_loss)] // instruction counts are far below 2^52
    let ratio = by_hand_idle as f64 / theirs as f64;
    println!(
        "\na middleware doing nothing: no-origin, bare {bare}, behind it {idle} ({:+}); \
         actual-allowed by hand {by_hand}, behind it {by_hand_idle} ({:+}, x{ratio:.2} of actix-cors)",
        i128::from(idle) - i128::from(bare),
        i128::from(by_hand_idle) - i128::from(by_hand),
    );
    let [plain, route] =
        ["cors-middleware", "cors-middleware-route"].map(|app| served(app, "actual-allowed").unwrap_or(0));
    println!(
        "`Cors` around the application, actual-allowed: over a plain handler {plain}, over a \
         `#[cors]` handler {route} (actix-cors {theirs})"
    );
    let [one, thousand] = ["request-exact-1", "request-exact-1000"]
        .map(|app| served_steadily(app, "actual-allowed").unwrap_or(0));
    #[allow(clippy::cast_precision_loss)] // instruction counts are far below 2^52
    let ratio = thousand as f64 / one as f64;
    println!(
        "\nactual-allowed under 1 exact origin {one}, under 1000 exact origins {thousand} (x{ratio:.4})"
    );
    let [exact, pattern] = ["request-tenants-exact", "request-tenants-pattern"]
        .map(|app| served_steadily(app, "actual-allowed").unwrap_or(0));
    #[allow(clippy::cast_precision_loss)] // instruction counts are far below 2^52
    let ratio = pattern as f64 / exact as f64;
    println!(
        "actual-allowed under 1000 exact origins + 1000 patterns: as an exact origin {exact}, under a pattern {pattern} (x{ratio:.4})"
    );
    let closure = served_steadily("actix-cors-closure", "actual-allowed").unwrap_or(0);
    #[allow(clippy::cast_precision_loss)] // instruction counts are far below 2^52
    let ratio = pattern as f64 / closure as f64;
    println!(
        "the same under actix-cors with an `allowed_origin_fn` suffix closure: {closure} (the pattern x{ratio:.3})"
    );
    println!("\ndecision engine alone, actual request from an allowed origin, by policy\n");
    for policy in ["exact-1", "exact-100", "exact-1000", "patterns", "tenant-patterns", "regexes"] {
        println!("{policy:<20} {:>8}", per_request(policy, "actual-allowed").unwrap_or(0));
    }
    println!("\ndecision engine alone, 1000 exact origins + a subdomain pattern\n");
    for kind in ["actual-allowed", "actual-refused", "preflight-allowed", "preflight-refused"] {
        println!("{kind:<20} {:>8}", per_request("exact-1000", kind).unwrap_or(0));
    }
}
