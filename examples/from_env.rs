//! A policy from the environment: origins that differ per deployment, checked at startup by the
//! same rules as `#[cors]`, with every mistake reported at once.
//!
//! ```sh
//! cargo run --example from_env
//! CORS_ORIGINS="https://app.example.com, https://*.example.org" CORS_CREDENTIALS=true \
//!     CORS_MAX_AGE=600 cargo run --example from_env
//! CORS_ORIGINS="https://app.example.com/, null" cargo run --example from_env   # refused
//! cargo run --example from_env -- --check    # check the policy and print it, then exit
//! ```

use std::env;
use std::process::ExitCode;

use actix_web::{App, HttpResponse, HttpServer, web};
use strict_cors::{Cors, Policy, Violations};

/// Reads `CORS_ORIGINS` (comma-separated), `CORS_CREDENTIALS` (`true`/`false`) and
/// `CORS_MAX_AGE` (seconds).
fn policy_from_env() -> Result<Policy, String> {
    let origins = env::var("CORS_ORIGINS").unwrap_or_else(|_| "http://localhost:3000".to_owned());
    let credentials = match env::var("CORS_CREDENTIALS").as_deref() {
        Ok("true") => true,
        Ok("false") | Err(_) => false,
        Ok(other) => return Err(format!("CORS_CREDENTIALS: write `true` or `false`, not `{other}`")),
    };
    let mut builder = Policy::builder()
        .origins(origins.split(',').map(str::trim))
        .allow_headers(["content-type"])
        .credentials(credentials);
    if let Ok(seconds) = env::var("CORS_MAX_AGE") {
        let seconds =
            seconds.parse().map_err(|_| format!("CORS_MAX_AGE: `{seconds}` is not a number of seconds"))?;
        builder = builder.max_age(seconds);
    }
    builder.build().map_err(|errors: Violations| errors.to_string())
}

#[actix_web::main]
async fn main() -> ExitCode {
    let policy = match policy_from_env() {
        Ok(policy) => policy.into_static(),
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let app =
        move || App::new().wrap(Cors::new(policy)).route("/api/status", web::get().to(HttpResponse::Ok));
    // Building the app once records the middleware for the report.
    let _ = actix_web::test::init_service(app()).await;
    print!("{}", strict_cors::report());
    if env::args().any(|a| a == "--check") {
        return ExitCode::SUCCESS;
    }
    let port = env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8090);
    println!("serving http://127.0.0.1:{port}/api/status");
    let server = match HttpServer::new(app).bind(("127.0.0.1", port)) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("cannot listen on port {port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match server.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
