//! Origins that live outside the code and change while the server runs: a service whose customers
//! bring their own domains. The list is a file here, one origin per line, standing in for a
//! database table; the server checks it every second and reloads it when it changed. An edit
//! that breaks a rule is refused with every mistake printed, and the list in force stays.
//!
//! ```sh
//! cargo run --example tenants -- origins.txt      # serves http://127.0.0.1:8080/api/orders
//! echo "https://shop.customer.example" >> origins.txt   # allowed a second later
//! echo "https://*.com" >> origins.txt                   # refused: the old list stays
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use actix_web::{App, HttpResponse, HttpServer, Responder, get};
use strict_cors::{Layer, LivePolicy, Policy, cors, policy};

/// The customers' origins. Until the file is read, the company's own app only.
static TENANTS: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));

#[cors(policy = TENANTS)]
#[get("/api/orders")]
async fn orders() -> impl Responder {
    HttpResponse::Ok().json(["order 1", "order 2"])
}

/// The policy a list of origins makes: every entry checked, every mistake returned at once.
fn policy_from(list: &str) -> Result<Policy, strict_cors::Violations> {
    let origins = list.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'));
    Policy::builder().origins(origins).credentials(true).build()
}

/// Reads `path` and puts its origins in force, or says why it keeps the ones it has.
fn reload(path: &Path) {
    let list = match std::fs::read_to_string(path) {
        Ok(list) => list,
        Err(e) => return eprintln!("{}: {e}; keeping the origins in force", path.display()),
    };
    match policy_from(&list) {
        Ok(policy) => {
            TENANTS.reload(policy);
            println!("{}: reloaded", path.display());
        }
        Err(errors) => eprintln!("{}: {errors}\nkeeping the origins in force", path.display()),
    }
}

/// Reloads `path` whenever its modification time changes.
fn watch(path: &Path) {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let mut seen: Option<SystemTime> = None;
    loop {
        let now = modified(path);
        if now != seen {
            seen = now;
            reload(path);
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        println!("usage: cargo run --example tenants -- <file of origins, one per line>");
        return Ok(());
    };
    std::thread::spawn(move || watch(&path));
    println!("serving http://127.0.0.1:8080/api/orders");
    HttpServer::new(|| App::new().service(orders).wrap(Layer)).bind(("127.0.0.1", 8080))?.run().await
}

#[cfg(test)]
mod tests {
    use super::policy_from;

    #[test]
    fn a_list_is_checked_whole() {
        let policy =
            policy_from("# customers\nhttps://app.example.com\n\nhttps://shop.customer.example\n").unwrap();
        assert!(policy.allows_origin("https://shop.customer.example"));
        let errors =
            policy_from("https://app.example.com\nhttps://*.com\nhttp://plain.example\n").unwrap_err();
        assert_eq!(errors.len(), 2, "{errors}");
    }
}
