//! Tenant scale: a policy of 100,000 exact origins and 1,000 `*.` patterns, as a service whose
//! customers bring their own domains has. `cargo bench -p strict-cors-compare --bench tenants`
//! prints what building it costs, its memory per origin, what deciding costs against a
//! one-origin policy (timed in turns, medians), and request latency while a live policy is
//! reloaded every 10 ms.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use strict_cors::decision::HeaderInput;
use strict_cors::{LivePolicy, Policy, policy};

const EXACT: usize = 100_000;
const PATTERNS: usize = 1_000;

fn exact(i: usize) -> String {
    format!("https://shop{i}.customer{}.example", i % 997)
}

fn tenants() -> Policy {
    let patterns = (0..PATTERNS).map(|j| format!("https://*.tenant{j}.example"));
    Policy::builder()
        .origins((0..EXACT).map(exact).chain(patterns))
        .credentials(true)
        .build()
        .expect("a valid policy")
}

/// Resident memory, in kB, from `/proc/self/status`.
fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Nanoseconds per decision for each case, timed in turns: batches of 10,000, 200 rounds,
/// medians.
fn in_turns(cases: &[(&str, &Policy, &[u8])]) -> Vec<f64> {
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for round in 0..200 {
        for k in 0..cases.len() {
            let (_, policy, origin) = cases[(k + round) % cases.len()];
            let start = Instant::now();
            for _ in 0..10_000 {
                black_box(policy.decide_actual(HeaderInput::One(black_box(origin))));
            }
            #[allow(clippy::cast_precision_loss)] // nanoseconds, far below 2^52
            samples[(k + round) % cases.len()].push(start.elapsed().as_nanos() as f64 / 10_000.0);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect()
}

static LIVE: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));
static STOP: AtomicBool = AtomicBool::new(false);

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks which benchmarks exist.
    }
    let before = resident_kb();
    let start = Instant::now();
    let big = tenants();
    big.prepare();
    let build = start.elapsed();
    let after = resident_kb();
    println!("{EXACT} exact origins + {PATTERNS} patterns: built and prepared in {build:.2?}");
    if let (Some(before), Some(after)) = (before, after) {
        #[allow(clippy::cast_precision_loss)] // kB, far below 2^52
        let per = (after.saturating_sub(before)) as f64 * 1024.0 / (EXACT + PATTERNS) as f64;
        println!("resident memory: +{} kB, {per:.0} bytes per origin", after.saturating_sub(before));
    }

    let one = Policy::builder().origin(exact(EXACT / 2)).credentials(true).build().expect("valid");
    one.prepare();
    let (exact_origin, pattern_origin) = (exact(EXACT / 2), "https://a.tenant500.example".to_owned());
    let suffix = b".tenant500.example";
    let names = ["1 exact origin", "100k+1k, exact origin", "100k+1k, pattern origin"];
    let cases: [(&str, &Policy, &[u8]); 3] = [
        (names[0], &one, exact_origin.as_bytes()),
        (names[1], &big, exact_origin.as_bytes()),
        (names[2], &big, pattern_origin.as_bytes()),
    ];
    let medians = in_turns(&cases);
    // What an `allowed_origin_fn` closure doing the same suffix test costs, for comparison.
    let closure = |origin: &[u8]| origin.starts_with(b"https://") && origin.ends_with(suffix);
    let start = Instant::now();
    for _ in 0..2_000_000 {
        black_box(closure(black_box(pattern_origin.as_bytes())));
    }
    #[allow(clippy::cast_precision_loss)]
    let closure_ns = start.elapsed().as_nanos() as f64 / 2_000_000.0;
    println!("\ndecision, allowed origin (median ns, timed in turns):");
    for (name, ns) in names.iter().zip(&medians) {
        println!("  {name:<26} {ns:>7.1}   x{:.2} of 1 exact origin", ns / medians[0]);
    }
    println!("  pattern / exact at scale: x{:.2}", medians[2] / medians[1]);
    println!("  a bare suffix-test closure (no checks, no header values): {closure_ns:.1} ns");

    // Reloading: the swap itself, with a policy built beforehand.
    let second = tenants();
    second.prepare();
    let start = Instant::now();
    LIVE.reload(second);
    println!("\nreload of a built 101k-origin policy: {:.2?}", start.elapsed());

    // Latency of a decision through the live policy, with and without a reload every 10 ms.
    let latencies = |reloading: bool| {
        STOP.store(false, Ordering::Relaxed);
        let reloader = reloading.then(|| {
            let policies = [Arc::new(tenants()), Arc::new(tenants())];
            std::thread::spawn(move || {
                let mut reloads = 0;
                while !STOP.load(Ordering::Relaxed) {
                    LIVE.reload(Arc::clone(&policies[reloads % 2]));
                    reloads += 1;
                    std::thread::sleep(Duration::from_millis(10));
                }
                reloads
            })
        });
        let mut times = Vec::with_capacity(200_000);
        // A second of requests: about a hundred reloads when reloading.
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            let start = Instant::now();
            let current = LIVE.current();
            black_box(current.decide_actual(HeaderInput::One(black_box(exact_origin.as_bytes()))));
            drop(current);
            times.push(start.elapsed().as_nanos());
        }
        STOP.store(true, Ordering::Relaxed);
        let reloads = reloader.map_or(0, |r| r.join().unwrap_or(0));
        times.sort_unstable();
        (times[times.len() / 2], times[times.len() * 99 / 100], times[times.len() - 1], reloads)
    };
    let (p50, p99, max, _) = latencies(false);
    println!("\nlive policy, decision latency: p50 {p50} ns, p99 {p99} ns, max {max} ns");
    let (p50, p99, max, reloads) = latencies(true);
    println!("while reloading every 10 ms:   p50 {p50} ns, p99 {p99} ns, max {max} ns ({reloads} reloads)");

    // Freeing a replaced policy: paid once, by whoever lets it go last.
    let start = Instant::now();
    drop(big);
    println!("freeing a 101k-origin policy: {:.2?}", start.elapsed());
}
