//! Real browsers judge every policy: Chromium, Firefox and WebKit run `fetch` from a page on
//! one loopback origin (`http://localhost:B`) against `#[cors]` handlers on another
//! (`http://127.0.0.1:A`). Each scenario checks what the page's script saw (readable, with its
//! status and headers, or blocked with a `TypeError`) and what the server saw (preflights and
//! actual requests). Then the demo page is clicked through.
//!
//! Every call is made again through `strict_cors::testing::Browser` of the same engine, against
//! the same app built with `init_service`: the model must reach the real engine's verdict
//! (allowed or blocked, status, every header the script could read) and send the same
//! preflights; for Chromium, whose console a driver can read, a blocked call's message must be
//! the console's, word for word.
//!
//! An engine that is not installed is skipped with a message saying how to install it; with
//! `CI=true` it is a failure. `.ci/run` installs all three.

/// Prints a line that shows even when the test passes: the harness captures `println!`, not
/// writes to the stderr handle.
macro_rules! report {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod api;
mod cache;
mod demo;
mod engines;
mod page;
mod scenarios;
#[path = "../../../tests/support/mod.rs"]
mod support;

use std::net::TcpListener;

use actix_web::HttpServer;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use strict_cors::testing::{self, Credentials};

use self::api::Recorder;
use self::engines::{Engine, Kind};
use self::scenarios::{From, Outcome, SCENARIOS, Scenario};

struct Servers {
    api: String,
    page_port: u16,
    recorder: Recorder,
}

fn serve_api() -> (String, Recorder) {
    let recorder = Recorder::default();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port for the API");
    let url = format!("http://127.0.0.1:{}", listener.local_addr().expect("bound").port());
    let shared = recorder.clone();
    let server =
        HttpServer::new(move || api::app(shared.clone())).workers(1).listen(listener).expect("listening");
    actix_web::rt::spawn(server.run());
    (url, recorder)
}

/// The model of the engine under test: its own preflight cache, calling the API app built with
/// `init_service`, which records into its own recorder.
struct Model<'a, S> {
    browser: testing::Browser,
    app: &'a S,
    recorder: Recorder,
    /// Calls on which the model reached the real engine's verdict, and calls compared.
    agreed: std::cell::Cell<(usize, usize)>,
    /// Blocked calls whose console message the model gave word for word, and blocked calls
    /// whose console could be read (Chromium's).
    console: std::cell::Cell<(usize, usize)>,
}

impl<S, B> Model<'_, S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    /// Makes the call through the model and compares its outcome with what the script saw.
    async fn compare(
        &self,
        page: &str,
        url: &str,
        scenario: &Scenario,
        seen: &Value,
    ) -> Result<testing::Outcome, String> {
        let mut request = testing::Request::new(url)
            .method(scenario.method)
            .credentials(if scenario.credentials { Credentials::Include } else { Credentials::SameOrigin });
        for (name, value) in scenario.headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = scenario.body {
            request = request.body(body);
        }
        let modeled = self.browser.page(page).fetch(self.app, request).await;
        let real_ok = seen["ok"].as_bool() == Some(true);
        let verdict = if modeled.is_allowed() == real_ok {
            match modeled.response() {
                Some(response) => {
                    let real: std::collections::BTreeMap<String, String> = seen["headers"]
                        .as_object()
                        .map(|o| {
                            o.iter()
                                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                                .collect()
                        })
                        .unwrap_or_default();
                    let names = |keys: Vec<&String>| keys.into_iter().cloned().collect::<Vec<_>>();
                    let model_names = names(response.headers.iter().map(|(n, _)| n).collect());
                    let real_names = names(real.keys().collect());
                    if seen["status"] != response.status {
                        Err(format!(
                            "the model reads status {}, the engine {}",
                            response.status, seen["status"]
                        ))
                    } else if model_names != real_names {
                        Err(format!("the model reads headers {model_names:?}, the engine {real_names:?}"))
                    } else {
                        Ok(())
                    }
                }
                None => Ok(()),
            }
        } else {
            Err(format!("the model says `{modeled}`, the engine's script saw {seen}"))
        };
        let (agreed, compared) = self.agreed.get();
        self.agreed.set((agreed + usize::from(verdict.is_ok()), compared + 1));
        verdict.map(|()| modeled).map_err(|e| format!("testing::Browser disagrees: {e}"))
    }
}

/// Runs one scenario, in the engine and in its model; `Err` says what differed.
async fn run<S, B>(
    engine: &Engine,
    model: &Model<'_, S>,
    servers: &Servers,
    scenario: &Scenario,
    debug: bool,
) -> Result<(), String>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let key = format!("{}-{}{}", engine.kind.name(), scenario.name, if debug { "-debug" } else { "" });
    let url = format!("{}{}?s={key}", servers.api, scenario.path);
    let headers: serde_json::Map<String, Value> =
        scenario.headers.iter().map(|(name, value)| ((*name).to_owned(), json!(value))).collect();
    let args = vec![
        json!(url),
        json!(scenario.method),
        Value::Object(headers),
        json!(scenario.body),
        json!(scenario.credentials),
    ];
    let page = if scenario.sandboxed {
        "null".to_owned()
    } else {
        format!("http://{}:{}", scenario.from.host(), servers.page_port)
    };
    let script = if scenario.sandboxed { page::FETCH_FROM_SANDBOX } else { page::FETCH };
    for call in 1..=scenario.calls {
        let seen = engine
            .client
            .execute_async(script, args.clone())
            .await
            .map_err(|e| format!("script failed: {e}"))?;
        check_outcome(scenario.outcome, &seen).map_err(|e| format!("call {call}: {e}"))?;
        let modeled =
            model.compare(&page, &url, scenario, &seen).await.map_err(|e| format!("call {call}: {e}"))?;
        // A `TypeError` that `fetch()` throws is the script's to catch, and logged nowhere: its
        // message must be Chromium's word for word, whose wording the model gives.
        if let Some(blocked) = modeled.blocked()
            && let testing::Reason::Thrown(_) = blocked.reason()
        {
            let caught = format!("TypeError: {}", seen["message"].as_str().unwrap_or_default());
            if engine.kind == Kind::Chromium && caught != blocked.to_string() {
                return Err(format!(
                    "call {call}: the script caught {caught:?}, testing::Browser says {blocked}"
                ));
            }
            continue;
        }
        // Chromium's console (the one a driver can read) must say what the model says.
        if let (Some(console), Some(blocked)) = (engine.console().await, modeled.blocked()) {
            let said = blocked.to_string();
            let same = console.iter().any(|line| line.contains(&said));
            let (agreed, compared) = model.console.get();
            model.console.set((agreed + usize::from(same), compared + 1));
            if !same {
                return Err(format!(
                    "call {call}: the console said {console:?}, testing::Browser says {said:?}"
                ));
            }
        }
    }
    let preflights = scenario
        .engine_preflights
        .iter()
        .find(|(kind, _)| *kind == engine.kind)
        .map_or(scenario.preflights, |&(_, preflights)| preflights);
    let expected = (preflights, scenario.arrived);
    let modeled = model.recorder.counts(&key);
    if modeled != expected {
        return Err(format!(
            "testing::Browser disagrees: through the model the server saw {modeled:?} (preflights, requests), expected {expected:?}"
        ));
    }
    let (preflights, arrived) = servers.recorder.counts(&key);
    if (preflights, arrived) != expected {
        return Err(format!(
            "the server saw {preflights} preflight(s) and {arrived} actual request(s), expected {} and {}",
            expected.0, expected.1
        ));
    }
    Ok(())
}

fn check_outcome(outcome: Outcome, seen: &Value) -> Result<(), String> {
    match (outcome, seen["ok"].as_bool()) {
        (Outcome::Blocked, Some(false)) if seen["error"] == "TypeError" => Ok(()),
        (Outcome::Blocked, _) => Err(format!("expected the browser to block it, the script saw {seen}")),
        (Outcome::Allowed { .. }, Some(false)) => {
            Err(format!("expected a readable response, the script saw {seen}"))
        }
        (Outcome::Allowed { status, headers }, _) => {
            if seen["status"] != status {
                return Err(format!("expected status {status}, the script saw {seen}"));
            }
            for (name, value) in headers {
                let read = seen["headers"][*name].as_str();
                if read != *value {
                    return Err(format!("expected `{name}` to read as {value:?}, the script read {read:?}"));
                }
            }
            Ok(())
        }
    }
}

/// What the page's script saw for `fetch(url, { method, headers: { name: value } })`, without
/// credentials.
async fn page_fetch(
    engine: &Engine,
    url: &str,
    method: &str,
    (name, value): (&str, &str),
) -> Result<Value, String> {
    let args = vec![json!(url), json!(method), json!({ name: value }), Value::Null, json!(false)];
    engine.client.execute_async(page::FETCH, args).await.map_err(|e| format!("script failed: {e}"))
}

/// The most calls [`warm_up`] makes before giving up.
const WARM_UP_CALLS: usize = 20;

/// Calls a `max_age` route until the engine answers a call from its preflight cache; returns
/// how many calls that took (2 for an engine whose cache works from the start).
///
/// A fresh Firefox profile (153.8.0esr) drops the preflights it should cache for its first
/// seconds: the same call made six times a second apart right after start-up sent three
/// preflights, and later in the run two. The scenarios judge a warm engine, as users' are;
/// how long the warm-up took is printed with the results.
async fn warm_up(engine: &Engine, servers: &Servers) -> Result<usize, String> {
    let key = format!("{}-warm-up", engine.kind.name());
    let url = format!("{}/cached?s={key}", servers.api);
    for call in 1..=WARM_UP_CALLS {
        let seen =
            page_fetch(engine, &url, "PUT", ("x-trace", "1")).await.map_err(|e| format!("warm-up: {e}"))?;
        check_outcome(Outcome::Allowed { status: 200, headers: &[] }, &seen)?;
        if servers.recorder.counts(&key).0 < call {
            return Ok(call);
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    Err(format!("no preflight was served from the cache in {WARM_UP_CALLS} calls"))
}

/// A request with `Authorization` redirected to another origin: Fetch's HTTP-redirect fetch
/// removes the header on the way (the target says whether it came), which then needs no
/// preflight, though Firefox and WebKit send one at every hop after a preflighted one. The
/// engine's and `testing::Browser`'s must agree on both.
async fn authorization_dropped_on_redirect<S, B>(
    engine: &Engine,
    model: &Model<'_, S>,
    servers: &Servers,
) -> Result<(), String>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let key = format!("{}-redirect", engine.kind.name());
    let url = format!("{}/hand/redirect-start?s={key}", servers.api);
    let seen = page_fetch(engine, &url, "GET", ("authorization", "Bearer t")).await?;
    let origin = format!("http://localhost:{}", servers.page_port);
    let request = testing::Request::new(&url).header("authorization", "Bearer t");
    let modeled = model.browser.page(&origin).fetch(model.app, request).await;
    let engine_says = (seen["body"].as_str().map(str::to_owned), servers.recorder.counts(&key).0);
    let model_says =
        (modeled.body().map(|body| String::from_utf8_lossy(body).into_owned()), modeled.preflights().len());
    report!(
        "{}: `Authorization` redirected to another origin: the target saw {:?}, after {} preflight(s)",
        engine.kind.name(),
        engine_says.0,
        engine_says.1
    );
    if engine_says.0.as_deref() != Some("none") || model_says != engine_says {
        return Err(format!(
            "the engine's script saw {seen} after {} preflight(s), testing::Browser read {model_says:?}",
            engine_says.1
        ));
    }
    Ok(())
}

/// The same safelisted header appended twice (`content-type: text/plain`, on two lines): Fetch
/// §4.1 judges each line alone, so no preflight is needed; an engine that sends them as one
/// value (`text/plain, text/plain`, which is not safelisted) preflights. The engine's and
/// `testing::Browser`'s preflights must agree.
async fn a_safelisted_header_twice<S, B>(
    engine: &Engine,
    model: &Model<'_, S>,
    servers: &Servers,
) -> Result<(), String>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    const SCRIPT: &str = r#"
const [url, done] = arguments;
const headers = new Headers();
headers.append("content-type", "text/plain");
headers.append("content-type", "text/plain");
fetch(url, { method: "POST", headers, body: "x" }).then(
  (res) => done({ ok: true, status: res.status }),
  (err) => done({ ok: false, error: err.name, message: String(err.message) }),
);
"#;
    let key = format!("{}-safelisted-twice", engine.kind.name());
    let url = format!("{}/hand/wildcard?s={key}", servers.api);
    let seen = engine
        .client
        .execute_async(SCRIPT, vec![json!(url)])
        .await
        .map_err(|e| format!("script failed: {e}"))?;
    check_outcome(Outcome::Allowed { status: 200, headers: &[] }, &seen)?;
    let origin = format!("http://localhost:{}", servers.page_port);
    let request = testing::Request::new(&url)
        .method("POST")
        .header("content-type", "text/plain")
        .header("content-type", "text/plain")
        .body("x");
    let modeled = model.browser.page(&origin).fetch(model.app, request).await;
    let (by_engine, by_model) = (servers.recorder.counts(&key).0, modeled.preflights().len());
    report!("{}: `content-type: text/plain` on two lines: {by_engine} preflight(s)", engine.kind.name());
    if by_engine != by_model {
        return Err(format!("the engine sent {by_engine} preflight(s), testing::Browser {by_model}"));
    }
    Ok(())
}

/// A live policy reloaded between calls from the page: refused, then allowed after a reload,
/// then refused again after another (its allowing answer said `max_age = 0`: nothing cached).
async fn live_reloads(engine: &Engine, servers: &Servers) -> Result<(), String> {
    let name = engine.kind.name();
    let steps = [
        (false, Outcome::Blocked, 0),
        (true, Outcome::Allowed { status: 200, headers: &[] }, 1),
        (false, Outcome::Blocked, 0),
    ];
    for (step, (allow_page, outcome, arrived)) in steps.into_iter().enumerate() {
        api::LIVE.reload(api::live(allow_page));
        let key = format!("{name}-live-{step}");
        let url = format!("{}/live?s={key}", servers.api);
        let seen = page_fetch(engine, &url, "PUT", ("x-trace", "1")).await?;
        check_outcome(outcome, &seen).map_err(|e| format!("step {step}: {e}"))?;
        let counts = servers.recorder.counts(&key);
        if counts != (1, arrived) {
            return Err(format!(
                "step {step}: the server saw {counts:?} (preflights, requests), expected (1, {arrived})"
            ));
        }
    }
    Ok(())
}

/// Warms the model's preflight cache as [`warm_up`] warms the engine's.
async fn warm_up_model<S, B>(model: &Model<'_, S>, page: &str, servers: &Servers) -> Result<usize, String>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let url = format!("{}/cached?s=model-warm-up", servers.api);
    let request = testing::Request::new(url).method("PUT").header("x-trace", "1");
    for call in 1..=WARM_UP_CALLS {
        if model.browser.page(page).fetch(model.app, request.clone()).await.preflight_from_cache() {
            return Ok(call);
        }
    }
    Err(format!("the model served no preflight from its cache in {WARM_UP_CALLS} calls"))
}

/// Runs every scenario in one engine; returns (scenarios run, scenarios passed, problems).
async fn run_all<S, B>(
    engine: &Engine,
    model: &Model<'_, S>,
    servers: &Servers,
) -> (usize, usize, Vec<String>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let name = engine.kind.name();
    let mut problems = Vec::new();
    let (mut ran, mut passed) = (0, 0);
    for from in [From::Localhost, From::Subdomain] {
        let host = from.host();
        let page = format!("http://{host}:{}/", servers.page_port);
        let loaded = engine.client.goto(&page).await.is_ok()
            && engine.client.execute("return location.hostname", vec![]).await.ok() == Some(json!(host));
        let batch = SCENARIOS.iter().filter(|s| s.from == from);
        if !loaded {
            let skipped = batch.count();
            let message = format!("{name}: cannot load {page}; {skipped} scenario(s) from it not run");
            // Chromium and Firefox resolve `*.localhost` to loopback; WebKit may not.
            if engine.kind == Kind::WebKit {
                report!("{message}");
            } else {
                problems.push(message);
            }
            continue;
        }
        if from == From::Localhost {
            match warm_up(engine, servers).await {
                Ok(calls) => report!("{name}: preflight cache warm after {calls} calls"),
                Err(e) => problems.push(format!("{name}: warming up: {e}")),
            }
            let origin = format!("http://{host}:{}", servers.page_port);
            match warm_up_model(model, &origin, servers).await {
                Ok(calls) => report!("{name}: testing::Browser's preflight cache warm after {calls} calls"),
                Err(e) => problems.push(format!("{name}: warming up the model: {e}")),
            }
        }
        for scenario in batch {
            ran += 1;
            match run(engine, model, servers, scenario, false).await {
                Ok(()) => passed += 1,
                Err(e) => problems.push(format!("{name}: {}: {e}", scenario.name)),
            }
        }
        // Debug mode answers refused preflights for the console, and must still block: every
        // blocked scenario again, with it on.
        if from == From::Localhost {
            ran += 1;
            match live_reloads(engine, servers).await {
                Ok(()) => passed += 1,
                Err(e) => problems.push(format!("{name}: live policy reloads: {e}")),
            }
            ran += 1;
            match a_safelisted_header_twice(engine, model, servers).await {
                Ok(()) => passed += 1,
                Err(e) => problems.push(format!("{name}: a safelisted header twice: {e}")),
            }
            ran += 1;
            match authorization_dropped_on_redirect(engine, model, servers).await {
                Ok(()) => passed += 1,
                Err(e) => problems.push(format!("{name}: authorization on a redirect: {e}")),
            }
            for sequence in cache::SEQUENCES {
                ran += 1;
                match cache::run(engine, model, servers, sequence).await {
                    Ok(preflights) => {
                        passed += 1;
                        report!("{name}: cache, {}: preflights per call {preflights:?}", sequence.name);
                    }
                    Err(e) => problems.push(format!("{name}: cache, {}: {e}", sequence.name)),
                }
            }
            strict_cors::set_debug_mode(true);
            for scenario in
                SCENARIOS.iter().filter(|s| s.from == from && matches!(s.outcome, Outcome::Blocked))
            {
                ran += 1;
                match run(engine, model, servers, scenario, true).await {
                    Ok(()) => passed += 1,
                    Err(e) => problems.push(format!("{name}: {} (debug mode): {e}", scenario.name)),
                }
            }
            strict_cors::set_debug_mode(false);
        }
    }
    (ran, passed, problems)
}

#[actix_web::test]
async fn browsers_judge_every_policy() {
    let required = std::env::var("CI").is_ok_and(|v| v == "true");
    let (api, recorder) = serve_api();
    let servers = Servers { api, page_port: page::serve(), recorder };
    let mut problems = Vec::new();
    let mut engines_run = 0;
    for kind in engines::ALL {
        if let Some(why) = engines::missing(kind) {
            if required {
                problems.push(format!("{why} (CI=true requires every engine)"));
            } else {
                report!("skipping {why}");
            }
            continue;
        }
        let profile =
            std::env::temp_dir().join(format!("cors-browser-{}-{}", kind.name(), std::process::id()));
        std::fs::create_dir_all(&profile).expect("a profile directory");
        let engine = engines::launch(kind, &profile).await;
        let version = engine.version();
        let model_recorder = Recorder::default();
        let model_app = actix_web::test::init_service(api::app(model_recorder.clone())).await;
        let model = Model {
            browser: testing::Browser::new(kind.modelled()),
            app: &model_app,
            recorder: model_recorder,
            agreed: std::cell::Cell::new((0, 0)),
            console: std::cell::Cell::new((0, 0)),
        };
        let (ran, passed, mut found) = run_all(&engine, &model, &servers).await;
        let (agreed, compared) = model.agreed.get();
        report!("{}: testing::Browser agreed with the engine on {agreed} of {compared} calls", kind.name());
        let (agreed, compared) = model.console.get();
        if compared > 0 {
            report!(
                "{}: testing::Browser gave the console's message for {agreed} of {compared} blocked calls",
                kind.name()
            );
        }
        let demo = demo::check(&engine.client, kind.name()).await;
        engine.close().await;
        let _ = std::fs::remove_dir_all(&profile);
        let demo_result = if demo.is_empty() { "as expected" } else { "NOT as expected" };
        report!("{} {version}: {ran} scenarios run, {passed} passed; demo page {demo_result}", kind.name());
        found.extend(demo);
        if ran < 24 {
            found.push(format!("{}: only {ran} scenarios ran, at least 24 expected", kind.name()));
        }
        engines_run += 1;
        problems.extend(found);
    }
    if engines_run == 0 {
        report!("no browser engine installed: nothing judged (see the skip messages above)");
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}
