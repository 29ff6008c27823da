//! The demo, as a new user sees it: its page loaded and clicked through in a browser.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::{App, HttpServer};
use fantoccini::Locator;
use serde_json::Value;

#[allow(dead_code)] // the demo's own binary uses all of it
#[path = "../../../examples/demo/api.rs"]
mod api;
#[allow(dead_code)]
#[path = "../../../examples/demo/page.rs"]
mod page;

/// The calls on the demo page.
const CALLS: usize = 9;

/// Starts the demo's API and page on free loopback ports; returns the page's URL.
fn start() -> String {
    let api_listener = TcpListener::bind("127.0.0.1:0").expect("a port for the API");
    let api_url = format!("http://127.0.0.1:{}", api_listener.local_addr().expect("bound").port());
    let api = HttpServer::new(|| App::new().configure(api::routes).wrap(strict_cors::Layer))
        .workers(1)
        .listen(api_listener)
        .expect("listening");
    actix_web::rt::spawn(api.run());
    let page_listener = TcpListener::bind("127.0.0.1:0").expect("a port for the page");
    let page_port = page_listener.local_addr().expect("bound").port();
    let data = actix_web::web::Data::new(page::ApiUrl(api_url));
    let page = HttpServer::new(move || App::new().app_data(data.clone()).configure(page::routes))
        .workers(1)
        .listen(page_listener)
        .expect("listening");
    actix_web::rt::spawn(page.run());
    format!("http://localhost:{page_port}/")
}

/// Clicks "Run all" on the demo page and checks that every call came out as the page expects;
/// writes a screenshot. Returns the problems found.
pub(crate) async fn check(client: &fantoccini::Client, engine: &str) -> Vec<String> {
    let url = start();
    let mut problems = Vec::new();
    if let Err(e) = client.goto(&url).await {
        return vec![format!("demo: loading {url}: {e}")];
    }
    let clicked = match client.find(Locator::Id("run-all")).await {
        Ok(button) => button.click().await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = clicked {
        return vec![format!("demo: clicking Run all: {e}")];
    }
    let mut done = Value::Null;
    for _ in 0..100 {
        done =
            client.execute("return document.body.dataset.done || null", vec![]).await.unwrap_or(Value::Null);
        if !done.is_null() {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    let rows = client
        .execute(
            "return [...document.querySelectorAll('tbody tr')].map(r => [r.id, r.children[1].textContent, r.dataset.outcome || 'not run'])",
            vec![],
        )
        .await
        .unwrap_or(Value::Null);
    let rows = rows.as_array().cloned().unwrap_or_default();
    if rows.len() < CALLS {
        problems.push(format!("demo: expected {CALLS} calls on the page, found {}", rows.len()));
    }
    for row in rows {
        let (id, expected, outcome) = (&row[0], &row[1], &row[2]);
        if expected != outcome {
            problems.push(format!("demo: {id}: expected {expected}, the browser said {outcome}"));
        }
    }
    if done != Value::String(format!("{CALLS}/{CALLS}")) {
        problems.push(format!("demo: the page reports {done} calls as expected"));
    }
    // Let the engine paint the results before the screenshot (WebKit paints lazily).
    let painted =
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    let _ = client.execute_async(painted, vec![]).await;
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("demo-{engine}.png"));
    match client.screenshot().await {
        Ok(png) => {
            if let Err(e) = std::fs::write(&shot, png) {
                problems.push(format!("demo: writing {}: {e}", shot.display()));
            } else {
                report!("{engine}: demo screenshot at {}", shot.display());
            }
        }
        Err(e) => problems.push(format!("demo: screenshot: {e}")),
    }
    problems
}
