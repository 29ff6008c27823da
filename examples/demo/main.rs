//! The demo: an API whose handlers carry different CORS policies, and a page on another origin
//! whose buttons call them with `fetch` and show what the browser allowed and what it blocked.
//!
//! ```sh
//! cargo run --example demo                                   # API on :8080, page on :8081
//! cargo run --example demo -- --api-port 9000 --page-port 9001
//! CORS_DEMO_API_PORT=9000 CORS_DEMO_PAGE_PORT=9001 cargo run --example demo
//! cargo run --example demo -- --report                       # every policy the API serves
//! ```
//!
//! The API listens on `127.0.0.1` and the page on `localhost`: different origins, so every call
//! from the page is a cross-origin request judged by the browser.

mod api;
mod options;
mod page;
#[cfg(all(test, feature = "testing"))]
mod tests;

use std::io;

use actix_web::{App, HttpServer};
use strict_cors::Layer;

#[actix_web::main]
async fn main() -> io::Result<()> {
    let options = match options::Options::from_env_and_args() {
        Ok(options::Command::Run(options)) => options,
        Ok(options::Command::Help) => {
            println!("{}", options::USAGE);
            return Ok(());
        }
        Err(message) => {
            eprintln!("{message}\n\n{}", options::USAGE);
            std::process::exit(2);
        }
    };
    if options.report {
        // Building the app registers its routes, which records their policies.
        let _api = actix_web::test::init_service(App::new().configure(api::routes).wrap(Layer)).await;
        print!("{}", strict_cors::report());
        return Ok(());
    }
    log::set_logger(&page::REFUSALS).map_err(io::Error::other)?;
    log::set_max_level(log::LevelFilter::Debug);

    // `Layer`, last: preflights for `#[cors]` routes are answered before the auth middleware.
    let api = HttpServer::new(|| App::new().configure(api::routes).wrap(Layer))
        .workers(1)
        .bind(("127.0.0.1", options.api_port))?
        .run();
    let api_url = format!("http://127.0.0.1:{}", options.api_port);
    let page = HttpServer::new(move || {
        App::new().app_data(actix_web::web::Data::new(page::ApiUrl(api_url.clone()))).configure(page::routes)
    })
    .workers(1)
    .bind(("localhost", options.page_port))?
    .run();

    println!("API   http://127.0.0.1:{}   (the handlers in examples/demo/api.rs)", options.api_port);
    println!("page  http://localhost:{}   (open it in a browser and press the buttons)", options.page_port);
    println!(
        "      http://app.localhost:{}   (the same page from a subdomain: Chromium and Firefox resolve *.localhost)",
        options.page_port
    );
    println!("Refused preflights are logged below.");
    actix_web::rt::spawn(page);
    api.await
}
