//! Hostile requests against real servers: applications shaped as deployments are (a `#[cors]`
//! route with `credentials`, a `Cors::scope` behind `from_fn` auth, `Cors::new` on the `App`, an
//! `origins = "*"` route, `Layer` outermost, a `LivePolicy`), each served by an
//! `actix_web::HttpServer` on `127.0.0.1:0` and spoken to in raw HTTP/1.1 over TCP. For each
//! request: the server still answers the next one on a new connection (nothing panicked), an
//! answer comes (within a 5 s read timeout: no hang), and nothing is granted that the policy
//! refuses (SPEC §4.2, §4.5, §4.7, §4.8, §4.10, §4.11). Times are printed, never asserted.

#![allow(clippy::too_many_lines, missing_docs)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, Error, HttpRequest, HttpResponse, Responder, delete, error, get, post, put, web};
use calls::{all_calls, calls, note};
use strict_cors::{Cors, Layer, LivePolicy, Policy, cors, policy};

#[path = "support/calls.rs"]
mod calls;

const APP: &str = "https://app.example.com";
const PARTNER: &str = "https://partners.example.com";
const EVIL: &str = "https://evil.example.net";
const TENANT: &str = "https://shop.tenants.example.com";

/// Auth as `from_fn` users write it: no `authorization`, `Err(401)`.
async fn auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    note("auth", req.request());
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Err(error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}

async fn plain(req: HttpRequest) -> HttpResponse {
    note("handler", &req);
    HttpResponse::Ok().body("plain")
}

// ---------------------------------------------------------------------------------------------
// The applications.
// ---------------------------------------------------------------------------------------------

#[cors(
    origins = ["https://app.example.com"],
    allow_headers = ["content-type", "x-trace"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600
)]
#[put("/orders/{id}")]
async fn put_order(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().insert_header(("x-request-id", "r-1")).body("put")
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/orders/{id}")]
async fn get_order(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("order")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "content-type"], credentials)]
#[delete("/account/{id}")]
async fn delete_account(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("deleted")
}

#[cors(origins = "*", allow_headers = "*", expose_headers = "*")]
#[get("/feed")]
async fn feed(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("feed")
}

#[cors(origins = ["https://app.example.com"], private_network)]
#[get("/device")]
async fn device(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("device")
}

static TENANTS: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://app.example.com", "https://*.tenants.example.com"],
    allow_headers = ["content-type"],
    credentials
));

#[cors(policy = TENANTS)]
#[post("/tenant/items")]
async fn tenant_items(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Created().body("created")
}

/// Reloaded by one test only.
static RELOADED: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));

#[cors(policy = RELOADED)]
#[put("/live/{id}")]
async fn live_item(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("live")
}

static PARTNERS: Policy = policy!(
    origins = ["https://partners.example.com"],
    allow_headers = ["authorization"],
    credentials,
    max_age = 60
);

/// `Layer` outermost; auth on a scope around `#[cors]` routes, on a `Cors::scope`, and on a
/// plain admin scope; `#[cors]` routes with credentials, any origin, private network; live
/// policies.
macro_rules! layered_app {
    () => {
        App::new()
            .service(put_order)
            .service(get_order)
            .service(feed)
            .service(device)
            .service(web::scope("/api").wrap(from_fn(auth)).service(delete_account).service(tenant_items))
            .service(live_item)
            .service(
                Cors::new(&PARTNERS)
                    .scope("/partners")
                    .wrap(from_fn(auth))
                    .route("/reports", web::get().to(plain))
                    .route("/reports", web::post().to(plain)),
            )
            .service(web::scope("/admin").wrap(from_fn(auth)).route("/users", web::get().to(plain)))
            .wrap(Layer)
    };
}

static WHOLE: Policy = policy!(
    origins = ["https://app.example.com"],
    allow_headers = ["authorization", "content-type"],
    credentials,
    max_age = 60
);

async fn hook(req: HttpRequest) -> HttpResponse {
    note("handler", &req);
    HttpResponse::Ok().body(format!("hook ran for {}", req.method()))
}

/// `Cors::new` on the `App`, outside auth, no `Layer`: a webhook resource for every method, an
/// auth-guarded scope, a plain route.
macro_rules! whole_app {
    () => {
        App::new()
            .service(web::resource("/hook").to(hook))
            .service(web::scope("/admin").wrap(from_fn(auth)).route("/users", web::get().to(plain)))
            .route("/items", web::get().to(plain))
            .wrap(Cors::new(&WHOLE))
    };
}

/// `#[cors]` routes alone, no middleware, no `Layer`: the attribute's own preflight services.
macro_rules! plain_app {
    () => {
        App::new().service(put_order).service(get_order).service(feed).service(device)
    };
}

// ---------------------------------------------------------------------------------------------
// Servers, and panics on their threads.
// ---------------------------------------------------------------------------------------------

/// Panics seen on the servers' threads (workers and acceptors), with their messages.
static SERVER_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn watch_server_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("");
            if name.starts_with("actix") || name.starts_with("served-") {
                SERVER_PANICS.lock().unwrap().push(format!("{name}: {info}"));
            }
            previous(info);
        }));
    });
}

fn server_panics() -> Vec<String> {
    SERVER_PANICS.lock().unwrap().clone()
}

struct Server {
    addr: SocketAddr,
    handle: ServerHandle,
}

impl Drop for Server {
    fn drop(&mut self) {
        // The command is sent now; nothing needs to wait for the workers to go.
        drop(self.handle.stop(false));
    }
}

/// Serves the application `$app` builds on `127.0.0.1:0`, one worker, on a thread of its own.
macro_rules! serve {
    ($app:expr) => {{
        watch_server_panics();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("served-app".into())
            .spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let server = actix_web::HttpServer::new(|| $app)
                        .workers(1)
                        .disable_signals()
                        .bind(("127.0.0.1", 0))
                        .unwrap();
                    let addr = server.addrs()[0];
                    let server = server.run();
                    tx.send((addr, server.handle())).unwrap();
                    server.await.unwrap();
                });
            })
            .unwrap();
        let (addr, handle) = rx.recv().unwrap();
        Server { addr, handle }
    }};
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1.
// ---------------------------------------------------------------------------------------------

/// A request written byte for byte.
#[derive(Clone)]
struct Raw {
    bytes: Vec<u8>,
}

impl Raw {
    /// `METHOD target HTTP/1.1` and a `Host` line.
    fn new(method: &str, target: &str, host: &str) -> Raw {
        Raw::version(method, target, "HTTP/1.1", host)
    }

    fn version(method: &str, target: &str, version: &str, host: &str) -> Raw {
        let mut bytes = format!("{method} {target} {version}\r\n").into_bytes();
        bytes.extend_from_slice(format!("Host: {host}\r\n").as_bytes());
        Raw { bytes }
    }

    /// A preflight: `OPTIONS`, `Origin`, `Access-Control-Request-Method`.
    fn preflight(target: &str, host: &str, origin: &str, method: &str) -> Raw {
        Raw::new("OPTIONS", target, host).h("Origin", origin).h("Access-Control-Request-Method", method)
    }

    /// A header line `name: value`.
    fn h(self, name: &str, value: &str) -> Raw {
        self.hb(name, value.as_bytes())
    }

    /// A header line whose value is any bytes.
    fn hb(mut self, name: &str, value: &[u8]) -> Raw {
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.extend_from_slice(b": ");
        self.bytes.extend_from_slice(value);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    /// A line written as is (its `\r\n` added).
    fn line(mut self, line: &[u8]) -> Raw {
        self.bytes.extend_from_slice(line);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    /// The end of the head, and a body.
    fn body(mut self, body: &[u8]) -> Vec<u8> {
        self.bytes.extend_from_slice(b"\r\n");
        self.bytes.extend_from_slice(body);
        self.bytes
    }

    fn end(self) -> Vec<u8> {
        self.body(b"")
    }
}

/// A response read off the wire.
#[derive(Clone, Debug)]
struct Response {
    status: u16,
    /// Names lowercase, values as sent (non-UTF-8 bytes replaced).
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn values(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    fn acao(&self) -> Vec<&str> {
        self.values("access-control-allow-origin")
    }

    /// Every header a policy alone may send (SPEC §4.10): `Access-Control-Allow-*`,
    /// `-Expose-Headers`, `-Max-Age`.
    fn grants(&self) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| {
                n.starts_with("access-control-allow-")
                    || n == "access-control-expose-headers"
                    || n == "access-control-max-age"
            })
            .map(|(n, v)| format!("{n}: {v}"))
            .collect()
    }

    fn varies_on(&self, name: &str) -> bool {
        self.values("vary").iter().flat_map(|v| v.split(',')).any(|i| i.trim().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.status)?;
        for (n, v) in &self.headers {
            write!(f, " | {n}: {v}")?;
        }
        if !self.body.is_empty() {
            let body = String::from_utf8_lossy(&self.body[..self.body.len().min(60)]).into_owned();
            write!(f, " | body {body:?}")?;
        }
        Ok(())
    }
}

/// Parses the complete responses at the front of `raw`; `heads[i]` says whether the `i`th
/// (interim ones aside) answers a `HEAD` (no body). Stops at the first incomplete one.
fn parse(raw: &[u8], heads: &[bool]) -> (Vec<Response>, bool) {
    let mut out = Vec::new();
    let mut rest = raw;
    loop {
        let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") else {
            return (out, rest.is_empty());
        };
        let head = String::from_utf8_lossy(&rest[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status: u16 =
            lines.next().unwrap_or("").split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let after = &rest[end + 4..];
        if status / 100 == 1 {
            // `100 Continue`: an interim response, no body.
            rest = after;
            continue;
        }
        let is_head = heads.get(out.len()).copied().unwrap_or(false);
        let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
        let (body, used) = if is_head || status == 204 || status == 304 {
            (Vec::new(), 0)
        } else if chunked {
            match dechunk(after) {
                Some(parsed) => parsed,
                None => return (out, false),
            }
        } else {
            let len: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            if after.len() < len {
                return (out, false);
            }
            (after[..len].to_vec(), len)
        };
        out.push(Response { status, headers, body });
        rest = &after[used..];
    }
}

/// A chunked body and how many bytes it took, if complete.
fn dechunk(mut raw: &[u8]) -> Option<(Vec<u8>, usize)> {
    let total = raw.len();
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).ok()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            if raw.len() < 2 {
                return None;
            }
            return Some((body, total - raw.len() + 2));
        }
        if raw.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// What one connection gave back.
#[derive(Debug)]
struct Exchange {
    responses: Vec<Response>,
    /// Until the last response expected was complete, or the connection ended.
    elapsed: Duration,
    /// No answer within the read timeout.
    timed_out: bool,
}

/// Sends `request` on a new connection and reads until `expected` responses are complete, the
/// server closes, or five seconds pass.
fn exchange(addr: SocketAddr, request: &[u8], expected: usize) -> Exchange {
    exchange_with(addr, request, &vec![false; expected])
}

fn exchange_with(addr: SocketAddr, request: &[u8], heads: &[bool]) -> Exchange {
    let mut tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    tcp.set_nodelay(true).unwrap();
    let start = Instant::now();
    // The server may answer and close before reading everything (a 400 on a bad head).
    let _ = tcp.write_all(request);
    let mut raw = Vec::new();
    let mut buf = vec![0u8; 65536];
    let mut timed_out = false;
    loop {
        let (responses, _) = parse(&raw, heads);
        if responses.len() >= heads.len() {
            break;
        }
        match tcp.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                timed_out = true;
                break;
            }
            // A reset after an early answer: what came before it stands.
            Err(_) => break,
        }
    }
    let elapsed = start.elapsed();
    Exchange { responses: parse(&raw, heads).0, elapsed, timed_out }
}

/// One request, one response (or none, if the server closed without answering).
fn one(addr: SocketAddr, request: &[u8]) -> (Option<Response>, Duration, bool) {
    let ex = exchange(addr, request, 1);
    (ex.responses.into_iter().next(), ex.elapsed, ex.timed_out)
}

/// The server still answers, on a new connection, an allowed preflight of the application
/// (`target`, `method` from `origin`) with `204` and that origin.
fn assert_alive(addr: SocketAddr, target: &str, origin: &str, method: &str, context: &str) {
    let request = Raw::preflight(target, "alive", origin, method).end();
    let (response, _, timed_out) = one(addr, &request);
    let response =
        response.unwrap_or_else(|| panic!("{context}: no answer after it (timed out: {timed_out})"));
    assert_eq!(response.status, 204, "{context}: next request answered {response}");
    assert_eq!(response.acao(), vec![origin], "{context}: next request answered {response}");
    let panics = server_panics();
    assert!(panics.is_empty(), "{context}: the server panicked: {panics:?}");
}

// ---------------------------------------------------------------------------------------------
// Cases: a request, what it must get.
// ---------------------------------------------------------------------------------------------

/// What may run for a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Touch {
    /// No auth layer nor handler (a preflight behind `Layer`, or one `Cors::new` answers at
    /// once).
    Nothing,
    /// No handler (a preflight the router answers 404 or 405, past auth).
    NoHandler,
    /// Anything (an actual request).
    Any,
}

#[derive(Clone, Copy, Debug)]
enum Expect {
    /// A refused preflight: `403`, no grant.
    Refused,
    /// Whatever the status (the router's 404/405, the parser's 400), no grant, and no `204`.
    NotGranted,
    /// An allowed preflight: `204` with this `Access-Control-Allow-Origin` and nothing else
    /// in it.
    Allowed(&'static str),
    /// An allowed preflight with `Access-Control-Allow-Private-Network: true`.
    AllowedPrivate(&'static str),
    /// An actual request: this status, no grant.
    ActualNotGranted(u16),
    /// An actual request: this status, this origin allowed.
    ActualAllowed(u16, &'static str),
    /// The HTTP parser refuses the request: a `4xx` or a closed connection, no grant.
    Rejected,
}

struct Case {
    name: String,
    request: Vec<u8>,
    expect: Expect,
    /// What may run for it.
    touch: Touch,
    host: String,
}

/// Checks one case's answer; the problems found, if any.
fn judge(case: &Case, response: Option<&Response>, timed_out: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let shown = response.map_or_else(|| "no response".to_owned(), ToString::to_string);
    if timed_out {
        problems.push(format!("no answer in 5 s ({shown})"));
    }
    match (case.expect, response) {
        (Expect::Rejected, None) => {}
        (Expect::Rejected, Some(r)) => {
            if !(400..500).contains(&r.status) || !r.grants().is_empty() {
                problems.push(format!("expected the parser's 4xx, got {shown}"));
            }
        }
        (_, None) => problems.push("no response".to_owned()),
        (Expect::Refused, Some(r)) => {
            if r.status != 403 || !r.grants().is_empty() {
                problems.push(format!("expected 403 without grant, got {shown}"));
            }
        }
        (Expect::NotGranted, Some(r)) => {
            if r.status == 204 || (200..300).contains(&r.status) || !r.grants().is_empty() {
                problems.push(format!("expected no grant, got {shown}"));
            }
        }
        (Expect::Allowed(origin) | Expect::AllowedPrivate(origin), Some(r)) => {
            let private = r.values("access-control-allow-private-network");
            let wants_private = matches!(case.expect, Expect::AllowedPrivate(_));
            if r.status != 204
                || r.acao() != vec![origin]
                || private != if wants_private { vec!["true"] } else { Vec::<&str>::new() }
            {
                problems.push(format!("expected 204 for {origin}, got {shown}"));
            }
        }
        (Expect::ActualNotGranted(status), Some(r)) => {
            if r.status != status || !r.grants().is_empty() {
                problems.push(format!("expected {status} without grant, got {shown}"));
            }
        }
        (Expect::ActualAllowed(status, origin), Some(r)) => {
            let preflight_only =
                ["access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"];
            if r.status != status
                || r.acao() != vec![origin]
                || preflight_only.iter().any(|n| !r.values(n).is_empty())
            {
                problems.push(format!("expected {status} for {origin}, got {shown}"));
            }
        }
    }
    let ran = calls(&case.host);
    let bad: Vec<&String> = match case.touch {
        Touch::Nothing => ran.iter().collect(),
        Touch::NoHandler => ran.iter().filter(|c| c.starts_with("handler")).collect(),
        Touch::Any => Vec::new(),
    };
    if !bad.is_empty() {
        problems.push(format!("ran: {bad:?}"));
    }
    problems
}

/// Builds cases, each with a `Host` of its own.
struct Cases {
    tag: &'static str,
    cases: Vec<Case>,
}

impl Cases {
    fn new(tag: &'static str) -> Cases {
        Cases { tag, cases: Vec::new() }
    }

    /// The host the next case is to use.
    fn host(&self) -> String {
        format!("{}-{}.test", self.tag, self.cases.len())
    }

    fn add(
        &mut self,
        name: impl Into<String>,
        expect: Expect,
        touch: Touch,
        build: impl FnOnce(&str) -> Vec<u8>,
    ) {
        let host = self.host();
        let request = build(&host);
        self.cases.push(Case { name: name.into(), request, expect, touch, host });
    }

    /// Sends each case on a new connection, then checks that the server answers the next
    /// request; returns every problem found, one line each.
    fn run(&self, server: &Server, alive: (&str, &str, &str)) -> Vec<String> {
        let mut problems = Vec::new();
        for case in &self.cases {
            let (response, elapsed, timed_out) = one(server.addr, &case.request);
            let found = judge(case, response.as_ref(), timed_out);
            let shown = response.as_ref().map_or_else(|| "no response".to_owned(), ToString::to_string);
            eprintln!("[{}] {} ({elapsed:?}): {shown}", self.tag, case.name);
            for problem in found {
                problems.push(format!(
                    "{}: {problem}\n    request: {:?}",
                    case.name,
                    shown_request(&case.request)
                ));
            }
            assert_alive(server.addr, alive.0, alive.2, alive.1, &case.name);
        }
        problems
    }
}

/// A request, escaped, cut short.
fn shown_request(request: &[u8]) -> String {
    let cut = request.len() > 300;
    format!("{}{}", request[..request.len().min(300)].escape_ascii(), if cut { "..." } else { "" })
}

#[track_caller]
fn assert_none(problems: &[String]) {
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// `Origin`
// ---------------------------------------------------------------------------------------------

/// `Origin` values no browser sends for `https://app.example.com`: name, value, whether the
/// HTTP parser lets the request through at all.
fn hostile_origins() -> Vec<(String, Vec<u8>, bool)> {
    let mut long = b"https://".to_vec();
    long.extend(std::iter::repeat_n(b'a', 10_000));
    long.extend_from_slice(b".example.com");
    let mut long_tail = APP.as_bytes().to_vec();
    long_tail.extend(std::iter::repeat_n(b'x', 10_000));
    let named = |name: &str, value: &[u8]| (name.to_owned(), value.to_vec(), true);
    let rejected = |name: &str, value: &[u8]| (name.to_owned(), value.to_vec(), false);
    vec![
        named("comma-joined two origins", b"https://app.example.com, https://app.example.com"),
        named("comma-joined with evil", b"https://evil.example.net, https://app.example.com"),
        named("space-joined", b"https://app.example.com https://app.example.com"),
        named("trailing dot host", b"https://app.example.com."),
        named("uppercase", b"HTTPS://APP.EXAMPLE.COM"),
        named("uppercase host label", b"https://App.example.com"),
        named("with trailing slash", b"https://app.example.com/"),
        named("with path", b"https://app.example.com/x"),
        named("with query", b"https://app.example.com?x"),
        named("with fragment", b"https://app.example.com#x"),
        named("with userinfo", b"https://evil@app.example.com"),
        named("userinfo the other way", b"https://app.example.com@evil.example.net"),
        named("null", b"null"),
        named("empty", b""),
        named("10 KB host", &long),
        named("allowed origin then 10 KB", &long_tail),
        named("non-UTF-8 byte after", b"https://app.example.com\xff"),
        named("non-UTF-8 in host", b"https://\xe4pp.example.com"),
        named("Cyrillic lookalike host (UTF-8)", "https://\u{430}pp.example.com".as_bytes()),
        named("tab inside", b"https://app.example.com\t.evil.example.net"),
        named("space inside", b"https://app .example.com"),
        named("percent-encoded dot", b"https://app%2Eexample.com"),
        named("percent-encoded host", b"https://%61pp.example.com"),
        named("port :443 on https", b"https://app.example.com:443"),
        named("port :0", b"https://app.example.com:0"),
        named("port :65536", b"https://app.example.com:65536"),
        named("huge port", b"https://app.example.com:99999999999999999999999999"),
        named("empty port", b"https://app.example.com:"),
        named("http scheme", b"http://app.example.com"),
        named("wss scheme", b"wss://app.example.com"),
        named("no scheme", b"app.example.com"),
        named("scheme-relative", b"//app.example.com"),
        named("backslashes", b"https:\\\\app.example.com"),
        named("suffix appended", b"https://app.example.com.evil.example.net"),
        named("label prepended", b"https://x.app.example.com"),
        named("file", b"file://"),
        named("quoted", b"\"https://app.example.com\""),
        rejected("DEL byte", b"https://app.example.com\x7f"),
        rejected("NUL byte", b"https://app.example.com\x00.evil.example.net"),
        rejected("bare CR inside", b"https://app.example.com\r.evil.example.net"),
    ]
}

fn origin_cases(
    cases: &mut Cases,
    origins: &[(String, Vec<u8>, bool)],
    preflights: &[(&str, &str, &str, Touch)],
    actual: (&str, &str, u16, Touch),
) {
    for (name, origin, parsed) in origins {
        for &(label, target, method, touch) in preflights {
            let expect = if *parsed { Expect::Refused } else { Expect::Rejected };
            cases.add(format!("Origin {name}: preflight {label}"), expect, touch, |host| {
                Raw::new("OPTIONS", target, host)
                    .hb("Origin", origin)
                    .h("Access-Control-Request-Method", method)
                    .end()
            });
        }
        let (method, target, status, touch) = actual;
        let expect = if *parsed { Expect::ActualNotGranted(status) } else { Expect::Rejected };
        cases.add(format!("Origin {name}: actual {method} {target}"), expect, touch, |host| {
            Raw::new(method, target, host).hb("Origin", origin).end()
        });
    }
}

#[test]
fn hostile_origins_get_nothing_behind_the_layer() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("origin-layer");
    origin_cases(
        &mut cases,
        &hostile_origins(),
        &[
            ("behind auth", "/api/account/1", "DELETE", Touch::Nothing),
            ("credentialed route", "/orders/1", "PUT", Touch::Nothing),
            ("live policy behind auth", "/api/tenant/items", "POST", Touch::Nothing),
            ("Cors::scope behind auth", "/partners/reports", "GET", Touch::Nothing),
        ],
        ("GET", "/orders/1", 200, Touch::Any),
    );
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

#[test]
fn hostile_origins_get_nothing_without_the_layer() {
    let server = serve!(plain_app!());
    let mut cases = Cases::new("origin-plain");
    origin_cases(
        &mut cases,
        &hostile_origins(),
        &[("credentialed route", "/orders/1", "PUT", Touch::Nothing)],
        ("GET", "/orders/1", 200, Touch::Any),
    );
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

#[test]
fn hostile_origins_get_nothing_from_cors_on_the_app() {
    let server = serve!(whole_app!());
    let mut cases = Cases::new("origin-whole");
    origin_cases(
        &mut cases,
        &hostile_origins(),
        &[
            ("webhook for every method", "/hook", "POST", Touch::Nothing),
            ("behind auth", "/admin/users", "GET", Touch::Nothing),
        ],
        ("GET", "/items", 200, Touch::Any),
    );
    // `Touch::Nothing`: the webhook, which serves every method, never ran for a preflight.
    assert_none(&cases.run(&server, ("/hook", "POST", APP)));
}

/// Several `Origin` lines, folded lines, whitespace around the value, odd header-name case.
#[test]
fn origin_field_lines_repeated_folded_or_padded() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("origin-lines");
    let pre = |host: &str, target: &str, method: &str| {
        Raw::new("OPTIONS", target, host).h("Access-Control-Request-Method", method)
    };
    cases.add("two Origin lines, both allowed", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/api/account/1", "DELETE").h("Origin", APP).h("Origin", APP).end()
    });
    cases.add("evil then allowed", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/api/account/1", "DELETE").h("Origin", EVIL).h("Origin", APP).end()
    });
    cases.add("allowed then evil", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/orders/1", "PUT").h("Origin", APP).h("Origin", EVIL).end()
    });
    cases.add("allowed then empty", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/orders/1", "PUT").h("Origin", APP).h("Origin", "").end()
    });
    cases.add("90 Origin lines", Expect::Refused, Touch::Nothing, |h| {
        let mut r = pre(h, "/api/account/1", "DELETE");
        for _ in 0..90 {
            r = r.h("Origin", APP);
        }
        r.end()
    });
    cases.add("100 Origin lines (more than the parser keeps)", Expect::Rejected, Touch::Nothing, |h| {
        let mut r = pre(h, "/api/account/1", "DELETE");
        for _ in 0..100 {
            r = r.h("Origin", APP);
        }
        r.end()
    });
    cases.add("two Origin lines on the any-origin route", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/feed", "GET").h("Origin", APP).h("Origin", EVIL).end()
    });
    cases.add("two Origin lines on the live policy", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/api/tenant/items", "POST").h("Origin", TENANT).h("Origin", TENANT).end()
    });
    cases.add("two Origin lines under the Cors::scope", Expect::Refused, Touch::Nothing, |h| {
        pre(h, "/partners/reports", "GET").h("Origin", PARTNER).h("Origin", PARTNER).end()
    });
    cases.add("two Origin lines, actual", Expect::ActualNotGranted(200), Touch::Any, |h| {
        Raw::new("GET", "/orders/1", h).h("Origin", APP).h("Origin", APP).end()
    });
    cases.add("two Origin lines, actual behind auth", Expect::ActualNotGranted(401), Touch::Any, |h| {
        Raw::new("DELETE", "/api/account/1", h).h("Origin", APP).h("Origin", APP).end()
    });
    cases.add("obs-fold continuing an evil origin", Expect::Rejected, Touch::Nothing, |h| {
        pre(h, "/orders/1", "PUT").h("Origin", EVIL).line(b" .app.example.com").end()
    });
    cases.add("obs-fold carrying the allowed origin", Expect::Rejected, Touch::Nothing, |h| {
        pre(h, "/orders/1", "PUT").line(b"Origin:").line(b" https://app.example.com").end()
    });
    cases.add("obs-fold with a tab", Expect::Rejected, Touch::Nothing, |h| {
        pre(h, "/orders/1", "PUT").line(b"Origin: https://app.example.com").line(b"\t.evil.example.net").end()
    });
    // RFC 9110 §5.5: whitespace around a field value is not part of it.
    cases.add("spaces around the value", Expect::Allowed(APP), Touch::Nothing, |h| {
        pre(h, "/api/account/1", "DELETE").line(b"Origin:    https://app.example.com    ").end()
    });
    cases.add("tabs around the value", Expect::Allowed(APP), Touch::Nothing, |h| {
        pre(h, "/api/account/1", "DELETE").line(b"Origin:\thttps://app.example.com\t").end()
    });
    cases.add("no space after the colon", Expect::Allowed(APP), Touch::Nothing, |h| {
        pre(h, "/api/account/1", "DELETE").line(b"Origin:https://app.example.com").end()
    });
    cases.add("header name uppercase", Expect::Allowed(APP), Touch::Nothing, |h| {
        pre(h, "/api/account/1", "DELETE").line(b"ORIGIN: https://app.example.com").end()
    });
    cases.add("space before the colon", Expect::Rejected, Touch::Nothing, |h| {
        pre(h, "/orders/1", "PUT").line(b"Origin : https://app.example.com").end()
    });
    cases.add("a look-alike header name", Expect::NotGranted, Touch::NoHandler, |h| {
        pre(h, "/orders/1", "PUT").line(b"Origin-: https://app.example.com").end()
    });
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

/// Origins against `https://*.tenants.example.com`, a live policy's pattern behind auth.
#[test]
fn subdomain_pattern_origins_behind_auth() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("tenant");
    let long_label = format!("https://{}.tenants.example.com", "a".repeat(10_000));
    let allowed: &[&'static str] = &[
        "https://shop.tenants.example.com",
        "https://xn--bcher-kva.tenants.example.com",
        "https://a.b.tenants.example.com",
    ];
    for origin in allowed {
        cases.add(format!("{origin} (allowed)"), Expect::Allowed(origin), Touch::Nothing, |h| {
            Raw::preflight("/api/tenant/items", h, origin, "POST").end()
        });
    }
    let refused: Vec<(&str, Vec<u8>)> = vec![
        ("apex", b"https://tenants.example.com".to_vec()),
        ("Unicode label", "https://b\u{fc}cher.tenants.example.com".as_bytes().to_vec()),
        ("Latin-1 label", b"https://b\xfccher.tenants.example.com".to_vec()),
        ("empty label", b"https://.tenants.example.com".to_vec()),
        ("double dot", b"https://a..tenants.example.com".to_vec()),
        ("uppercase label", b"https://Shop.tenants.example.com".to_vec()),
        ("uppercase parent", b"https://shop.TENANTS.example.com".to_vec()),
        ("trailing dot", b"https://shop.tenants.example.com.".to_vec()),
        ("path in front", b"https://evil.example.net/.tenants.example.com".to_vec()),
        ("query in front", b"https://evil.example.net?.tenants.example.com".to_vec()),
        ("fragment in front", b"https://evil.example.net#.tenants.example.com".to_vec()),
        ("backslash in front", b"https://evil.example.net\\.tenants.example.com".to_vec()),
        ("userinfo in front", b"https://u@x.tenants.example.com".to_vec()),
        ("port in front", b"https://evil.example.net:443.tenants.example.com".to_vec()),
        ("space in front", b"https://evil .tenants.example.com".to_vec()),
        ("percent-encoded dot", b"https://evil%2Etenants.example.com".to_vec()),
        ("port :443", b"https://shop.tenants.example.com:443".to_vec()),
        ("port :8443", b"https://shop.tenants.example.com:8443".to_vec()),
        ("plain http", b"http://shop.tenants.example.com".to_vec()),
        ("no scheme", b"shop.tenants.example.com".to_vec()),
        ("scheme only", b"https://".to_vec()),
        ("10 KB label", long_label.into_bytes()),
        ("evil suffix", b"https://shop.tenants.example.com.evil.example.net".to_vec()),
        ("look-alike parent", b"https://shop.tenantsexample.com".to_vec()),
        ("prefix-joined parent", b"https://shoptenants.example.com".to_vec()),
    ];
    for (name, origin) in &refused {
        cases.add(format!("{name} (refused)"), Expect::Refused, Touch::Nothing, |h| {
            Raw::new("OPTIONS", "/api/tenant/items", h)
                .hb("Origin", origin)
                .h("Access-Control-Request-Method", "POST")
                .end()
        });
        cases.add(
            format!("{name} (actual, refused by auth)"),
            Expect::ActualNotGranted(401),
            Touch::Any,
            |h| Raw::new("POST", "/api/tenant/items", h).hb("Origin", origin).h("Content-Length", "0").end(),
        );
    }
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

// ---------------------------------------------------------------------------------------------
// `Access-Control-Request-Method`
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_request_methods() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("acrm");
    let long = "X".repeat(10_000);
    let with = |h: &str, target: &str, lines: &[&[u8]]| {
        let mut r = Raw::new("OPTIONS", target, h).h("Origin", APP);
        for line in lines {
            r = r.line(line);
        }
        r.end()
    };
    for (target, route) in [("/orders/1", "PUT"), ("/api/account/1", "DELETE")] {
        let lower = route.to_ascii_lowercase();
        // Not a method a route serves: routed as without the layer (auth may see it), no grant.
        for (name, value) in [
            ("lowercase", lower.as_str()),
            ("empty", ""),
            ("inner space", "P UT"),
            ("star", "*"),
            ("comma list", "PUT, DELETE"),
            ("10 KB", long.as_str()),
            ("OPTIONS", "OPTIONS"),
            ("CONNECT", "CONNECT"),
            ("TRACE", "TRACE"),
        ] {
            let line = format!("Access-Control-Request-Method: {value}");
            cases.add(format!("{target} ACRM {name}"), Expect::NotGranted, Touch::NoHandler, |h| {
                with(h, target, &[line.as_bytes()])
            });
        }
        let line = format!("Access-Control-Request-Method: {route}");
        cases.add(format!("{target} ACRM repeated"), Expect::Refused, Touch::Nothing, |h| {
            with(h, target, &[line.as_bytes(), line.as_bytes()])
        });
        cases.add(
            format!("{target} ACRM repeated, other first"),
            Expect::NotGranted,
            Touch::NoHandler,
            |h| with(h, target, &[b"Access-Control-Request-Method: POST", line.as_bytes()]),
        );
        let padded = format!("Access-Control-Request-Method: \t {route} \t");
        cases.add(
            format!("{target} ACRM padded (whitespace is not the value)"),
            Expect::Allowed(APP),
            Touch::Nothing,
            |h| with(h, target, &[padded.as_bytes()]),
        );
        cases.add(format!("{target} ACRM control byte"), Expect::Rejected, Touch::Nothing, |h| {
            with(h, target, &[format!("Access-Control-Request-Method: {route}\x01").as_bytes()])
        });
        cases.add(format!("{target} ACRM non-UTF-8"), Expect::NotGranted, Touch::NoHandler, |h| {
            let mut line = b"Access-Control-Request-Method: ".to_vec();
            line.extend_from_slice(route.as_bytes());
            line.push(0xff);
            with(h, target, &[&line])
        });
    }
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

// ---------------------------------------------------------------------------------------------
// `Access-Control-Request-Headers`
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_request_headers() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("acrh");
    // `/orders/{id}` PUT allows content-type and x-trace, with credentials.
    let on_orders = |h: &str, lines: &[String]| {
        let mut r = Raw::preflight("/orders/1", h, APP, "PUT");
        for line in lines {
            r = r.h("Access-Control-Request-Headers", line);
        }
        r.end()
    };
    let one = |v: &str| vec![v.to_owned()];
    let items = |n: usize| vec!["x-trace"; n].join(",");
    // `x-trace, ... ,x-trace`: two items, `len` bytes.
    let padded = |len: usize| format!("x-trace{},x-trace", " ".repeat(len - 15));
    let allowed: Vec<(&str, Vec<String>)> = vec![
        ("two lines, both allowed", vec!["content-type".into(), "x-trace".into()]),
        ("uppercase", one("Content-Type, X-TRACE")),
        ("empty items", one(",,, content-type ,,\tx-trace,,")),
        ("empty value", one("")),
        ("64 items", one(&items(64))),
        ("64 items over 64 lines", vec!["x-trace".to_owned(); 64]),
        ("32 items over 2 lines", vec![items(32), items(32)]),
        // Whitespace around a field value is not part of it (RFC 9110 §5.5): the padding is
        // inside, between two items.
        ("4096 bytes on one line", one(&padded(4096))),
        ("4096 bytes joined over two lines (2047 + 2 + 2047)", vec![padded(2047), padded(2047)]),
    ];
    for (name, lines) in &allowed {
        cases.add(format!("allowed: {name}"), Expect::Allowed(APP), Touch::Nothing, |h| on_orders(h, lines));
    }
    let refused: Vec<(&str, Vec<String>)> = vec![
        ("authorization hidden in a list", one("content-type, authorization, x-trace")),
        (
            "authorization on a later line",
            vec!["content-type".into(), "x-trace".into(), "authorization".into()],
        ),
        ("Authorization uppercase", one("x-trace, AUTHORIZATION")),
        ("star", one("*")),
        ("star beside allowed", one("content-type, *")),
        ("65 items", one(&items(65))),
        ("65 items over 65 lines", vec!["x-trace".to_owned(); 65]),
        ("33 + 32 items over 2 lines", vec![items(33), items(32)]),
        ("64 items and one empty line", [vec!["x-trace".to_owned(); 64], vec![String::new()]].concat()),
        ("4097 bytes on one line", one(&padded(4097))),
        ("4097 bytes joined over two lines (2047 + 2 + 2048)", vec![padded(2047), padded(2048)]),
        ("4108 bytes joined over 30 lines, 60 items", vec![padded(135); 30]),
        ("space inside a name", one("x trace")),
        ("parameter", one("x-trace;q=1")),
        ("slash", one("x-trace/1")),
        ("quoted", one("\"x-trace\"")),
        ("cookie", one("cookie")),
        ("an allowed name's prefix", one("x-trac")),
        ("an allowed name extended", one("x-tracer")),
    ];
    for (name, lines) in &refused {
        cases.add(format!("refused: {name}"), Expect::Refused, Touch::Nothing, |h| on_orders(h, lines));
    }
    cases.add("refused: non-UTF-8 name", Expect::Refused, Touch::Nothing, |h| {
        Raw::preflight("/orders/1", h, APP, "PUT").hb("Access-Control-Request-Headers", b"x-tr\xe4ce").end()
    });
    // `/feed`: `allow_headers = "*"`, any origin.
    let on_feed = |h: &str, lines: &[&str]| {
        let mut r = Raw::preflight("/feed", h, EVIL, "GET");
        for line in lines {
            r = r.h("Access-Control-Request-Headers", line);
        }
        r.end()
    };
    for (name, lines) in [
        ("* route: any name", vec!["x-anything, x-else"]),
        ("* route: star", vec!["*"]),
        ("* route: 64 items", vec![]),
    ] {
        let lines: Vec<String> =
            if lines.is_empty() { vec![items(64)] } else { lines.iter().map(|l| (*l).to_owned()).collect() };
        cases.add(name, Expect::Allowed("*"), Touch::Nothing, |h| {
            on_feed(h, &lines.iter().map(String::as_str).collect::<Vec<_>>())
        });
    }
    for (name, lines) in [
        ("* route: authorization", vec!["authorization"]),
        ("* route: authorization hidden", vec!["x-a, x-b, Authorization, x-c"]),
        ("* route: authorization on a second line", vec!["x-a", "authorization"]),
        ("* route: 65 items", vec![]),
    ] {
        let lines: Vec<String> =
            if lines.is_empty() { vec![items(65)] } else { lines.iter().map(|l| (*l).to_owned()).collect() };
        cases.add(name, Expect::Refused, Touch::Nothing, |h| {
            on_feed(h, &lines.iter().map(String::as_str).collect::<Vec<_>>())
        });
    }
    // Behind auth, `authorization` listed.
    cases.add("behind auth: authorization allowed", Expect::Allowed(APP), Touch::Nothing, |h| {
        Raw::preflight("/api/account/1", h, APP, "DELETE")
            .h("Access-Control-Request-Headers", "authorization")
            .end()
    });
    cases.add("behind auth: x-trace not allowed here", Expect::Refused, Touch::Nothing, |h| {
        Raw::preflight("/api/account/1", h, APP, "DELETE")
            .h("Access-Control-Request-Headers", "x-trace")
            .end()
    });
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

// ---------------------------------------------------------------------------------------------
// `Access-Control-Request-Private-Network`
// ---------------------------------------------------------------------------------------------

#[test]
fn private_network_request_variants() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("pna");
    let ask = |h: &str, target: &str, origin: &str, method: &str, lines: &[&str]| {
        let mut r = Raw::preflight(target, h, origin, method);
        for line in lines {
            r = r.h("Access-Control-Request-Private-Network", line);
        }
        r.end()
    };
    // `/device` grants it.
    cases.add("device: true", Expect::AllowedPrivate(APP), Touch::Nothing, |h| {
        ask(h, "/device", APP, "GET", &["true"])
    });
    cases.add("device: true, padded", Expect::AllowedPrivate(APP), Touch::Nothing, |h| {
        Raw::preflight("/device", h, APP, "GET")
            .line(b"Access-Control-Request-Private-Network:  true \t")
            .end()
    });
    for value in
        [&["TRUE"][..], &["True"], &["1"], &["yes"], &["true, true"], &["true", "true"], &[""], &["false"]]
    {
        cases.add(format!("device: {value:?} asks nothing"), Expect::Allowed(APP), Touch::Nothing, |h| {
            ask(h, "/device", APP, "GET", value)
        });
    }
    cases.add("device: true from another origin", Expect::Refused, Touch::Nothing, |h| {
        ask(h, "/device", EVIL, "GET", &["true"])
    });
    // Routes that do not grant it.
    cases
        .add("orders: true", Expect::Refused, Touch::Nothing, |h| ask(h, "/orders/1", APP, "PUT", &["true"]));
    cases.add("behind auth: true", Expect::Refused, Touch::Nothing, |h| {
        ask(h, "/api/account/1", APP, "DELETE", &["true"])
    });
    cases.add("any-origin route: true", Expect::Refused, Touch::Nothing, |h| {
        ask(h, "/feed", EVIL, "GET", &["true"])
    });
    cases.add("Cors::scope: true", Expect::Refused, Touch::Nothing, |h| {
        ask(h, "/partners/reports", PARTNER, "GET", &["true"])
    });
    cases.add("orders: two lines of true ask nothing", Expect::Allowed(APP), Touch::Nothing, |h| {
        ask(h, "/orders/1", APP, "PUT", &["true", "true"])
    });
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

// ---------------------------------------------------------------------------------------------
// Paths and request targets
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_paths_behind_the_layer() {
    let server = serve!(layered_app!());
    let mut cases = Cases::new("path");
    // Paths the router takes to `DELETE /api/account/{id}` (behind auth): answered by its
    // policy, auth never sees them.
    let routed: Vec<(&str, String)> = vec![
        ("escaped letter", "/api/%61ccount/1".into()),
        ("escaped id", "/api/account/%31".into()),
        ("escaped slash in the id", "/api/account/1%2F2".into()),
        ("query", "/api/account/1?x=1&y=%2F".into()),
        ("empty query", "/api/account/1?".into()),
        ("2 KB path, at the bound", format!("/api/account/{}", "1".repeat(2048 - "/api/account/".len()))),
        ("680 escaped slashes as the id", format!("/api/account/{}", "%2F".repeat(678))),
        ("NUL escape in the id", "/api/account/%00".into()),
        ("invalid UTF-8 escape in the id", "/api/account/%ff%fe".into()),
        ("truncated escape in the id", "/api/account/1%".into()),
        ("bad escape in the id", "/api/account/%zz".into()),
        ("absolute form", "http://evil.example.net/api/account/1".into()),
        ("absolute form with port and query", "https://api.example.com:8443/api/account/1?q".into()),
    ];
    for (name, target) in &routed {
        cases.add(format!("{name}: allowed origin"), Expect::Allowed(APP), Touch::Nothing, |h| {
            Raw::preflight(target, h, APP, "DELETE").end()
        });
        cases.add(format!("{name}: evil origin"), Expect::Refused, Touch::Nothing, |h| {
            Raw::preflight(target, h, EVIL, "DELETE").end()
        });
    }
    // Paths no `#[cors]` route is on, as the router reads them (actix-web neither resolves dot
    // segments nor decodes `%2F`): routed as without the layer (auth may see them), no grant,
    // no handler.
    let elsewhere: Vec<(&str, String)> = vec![
        ("escaped slash between scope and route", "/api%2Faccount/1".into()),
        ("escaped slash inside the route", "/api/account%2F1".into()),
        ("dot segment through the scope", "/api/../api/account/1".into()),
        ("dot segment inside the scope", "/api/account/../account/1".into()),
        ("single dot segment", "/api/./account/1".into()),
        ("escaped dot segment", "/api/%2e%2e/api/account/1".into()),
        ("dot segments from the Cors::scope", "/partners/../api/account/1".into()),
        ("double slash in front", "//api/account/1".into()),
        ("double slash inside", "/api//account/1".into()),
        ("trailing slash", "/api/account/1/".into()),
        ("uppercase scope", "/API/account/1".into()),
        ("5000 segments", format!("/api/{}account/1", "a/".repeat(5_000))),
        // Past 2,048 bytes the layer leaves a path to routing (README: hostile input).
        ("10 KB id, past the bound", format!("/api/account/{}", "1".repeat(10_000))),
        ("3000 escaped slashes as the id, past the bound", format!("/api/account/{}", "%2F".repeat(3_000))),
        ("asterisk-form", "*".into()),
        ("backslash", "/api\\account/1".into()),
        ("semicolon parameter", "/api/account;x=1/1".into()),
        ("plain admin scope", "/admin/users".into()),
        ("dot segments to the admin scope", "/orders/../admin/users".into()),
    ];
    for (name, target) in &elsewhere {
        for origin in [APP, PARTNER, EVIL] {
            let expect = if target.starts_with("/partners/") && origin == PARTNER {
                // Under the `Cors::scope`'s prefix, as the router reads it: its policy answers.
                Expect::Allowed(PARTNER)
            } else {
                Expect::NotGranted
            };
            cases.add(format!("{name}: {origin}"), expect, Touch::NoHandler, |h| {
                Raw::preflight(target, h, origin, "DELETE").end()
            });
        }
    }
    // Under the `Cors::scope`: every path under its prefix is its policy's, existing or not.
    for target in ["/partners/reports", "/partners/nothing-here", "/partners/reports?x", "/partners/a/b/c"] {
        cases.add(format!("{target}: partner"), Expect::Allowed(PARTNER), Touch::Nothing, |h| {
            Raw::preflight(target, h, PARTNER, "GET").end()
        });
        cases.add(format!("{target}: app"), Expect::Refused, Touch::Nothing, |h| {
            Raw::preflight(target, h, APP, "GET").end()
        });
    }
    for target in ["/partnersx/reports", "/PARTNERS/reports", "/partners%2Freports"] {
        cases.add(format!("{target}: partner"), Expect::NotGranted, Touch::NoHandler, |h| {
            Raw::preflight(target, h, PARTNER, "GET").end()
        });
    }
    assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
}

// ---------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------

/// Requests that are not preflights (SPEC §4.7, §4.9: methods compare byte for byte), with and
/// without the layer.
#[test]
fn methods_that_make_no_preflight() {
    let long = "X".repeat(1000);
    for (tag, server) in [("methods-layer", serve!(layered_app!())), ("methods-plain", serve!(plain_app!()))]
    {
        let mut cases = Cases::new(tag);
        let behind_auth = |status| if tag == "methods-layer" { status } else { 404 };
        let list: Vec<(&str, Expect, Raw)> = vec![
            (
                "lowercase options with ACRM",
                Expect::ActualNotGranted(404),
                Raw::new("options", "/orders/1", "")
                    .h("Origin", APP)
                    .h("Access-Control-Request-Method", "PUT"),
            ),
            (
                "lowercase options with ACRM, behind auth",
                Expect::ActualNotGranted(behind_auth(401)),
                Raw::new("options", "/api/account/1", "")
                    .h("Origin", APP)
                    .h("Access-Control-Request-Method", "DELETE"),
            ),
            (
                "OPTIONS without ACRM",
                Expect::ActualNotGranted(404),
                Raw::new("OPTIONS", "/orders/1", "").h("Origin", APP),
            ),
            (
                "OPTIONS without ACRM, behind auth",
                Expect::ActualNotGranted(behind_auth(401)),
                Raw::new("OPTIONS", "/api/account/1", "").h("Origin", APP),
            ),
            (
                "OPTIONS with ACRM, without Origin",
                Expect::ActualNotGranted(404),
                Raw::new("OPTIONS", "/orders/1", "").h("Access-Control-Request-Method", "PUT"),
            ),
            (
                "1000-byte method",
                Expect::ActualNotGranted(404),
                Raw::new(&long, "/orders/1", "").h("Origin", APP),
            ),
            (
                "custom method behind auth",
                Expect::ActualNotGranted(behind_auth(401)),
                Raw::new("PURGE", "/api/account/1", "").h("Origin", APP),
            ),
            (
                "lowercase get",
                Expect::ActualNotGranted(404),
                Raw::new("get", "/orders/1", "").h("Origin", APP),
            ),
            (
                "POST on a GET and PUT path",
                Expect::ActualNotGranted(404),
                Raw::new("POST", "/orders/1", "").h("Origin", APP).h("Content-Length", "0"),
            ),
            (
                "preflight for HEAD on a GET route",
                Expect::NotGranted,
                Raw::preflight("/orders/1", "", APP, "HEAD"),
            ),
        ];
        for (name, expect, raw) in list {
            cases.add(name, expect, Touch::NoHandler, |h| {
                let mut bytes = raw.bytes.clone();
                // The `Host` written above is empty: the case's own goes in its place.
                let at = bytes.windows(8).position(|w| w == b"Host: \r\n").unwrap();
                bytes.splice(at..at + 8, format!("Host: {h}\r\n").into_bytes());
                Raw { bytes }.end()
            });
        }
        assert_none(&cases.run(&server, ("/orders/1", "PUT", APP)));
        // `HEAD` on a `#[get]` route: actix-web's method guard takes `GET` only.
        for origin in [APP, EVIL] {
            let ex = exchange_with(
                server.addr,
                &Raw::new("HEAD", "/orders/1", "head").h("Origin", origin).end(),
                &[true],
            );
            let response = &ex.responses[0];
            assert_eq!(
                (response.status, response.grants()),
                (404, Vec::new()),
                "{tag} HEAD from {origin}: {response}"
            );
        }
    }
}

/// `Cors::new` on the `App`: it answers every preflight at once, whatever the path, and the
/// webhook that serves every method never runs for one.
#[test]
fn cors_on_the_app_answers_odd_preflights_alone() {
    let server = serve!(whole_app!());
    let mut cases = Cases::new("whole");
    let long = "X".repeat(1000);
    // Refused: `Access-Control-Request-Method` no policy lists (README: under a `Cors`
    // middleware, an empty one is refused too).
    for (name, value) in
        [("empty", ""), ("lowercase", "post"), ("PURGE", "PURGE"), ("10 KB", &"X".repeat(10_000)[..])]
    {
        cases.add(format!("ACRM {name}"), Expect::Refused, Touch::Nothing, |h| {
            Raw::preflight("/hook", h, APP, value).end()
        });
    }
    cases.add("ACRM repeated", Expect::Refused, Touch::Nothing, |h| {
        Raw::preflight("/hook", h, APP, "POST").h("Access-Control-Request-Method", "POST").end()
    });
    cases.add("authorization from evil", Expect::Refused, Touch::Nothing, |h| {
        Raw::preflight("/admin/users", h, EVIL, "GET")
            .h("Access-Control-Request-Headers", "authorization")
            .end()
    });
    // Every path is under it, as the router reads it.
    for target in ["*", "http://evil.example.net/hook", "/admin/../hook", "/admin/users", "/nothing", "//x"] {
        cases.add(format!("{target}: app"), Expect::Allowed(APP), Touch::Nothing, |h| {
            Raw::preflight(target, h, APP, "POST").end()
        });
        cases.add(format!("{target}: evil"), Expect::Refused, Touch::Nothing, |h| {
            Raw::preflight(target, h, EVIL, "POST").end()
        });
    }
    // Not preflights: the webhook runs, as for any actual request.
    cases.add("lowercase options", Expect::ActualAllowed(200, APP), Touch::Any, |h| {
        Raw::new("options", "/hook", h).h("Origin", APP).h("Access-Control-Request-Method", "POST").end()
    });
    cases.add("OPTIONS without ACRM", Expect::ActualAllowed(200, APP), Touch::Any, |h| {
        Raw::new("OPTIONS", "/hook", h).h("Origin", APP).end()
    });
    cases.add("1000-byte method", Expect::ActualAllowed(200, APP), Touch::Any, |h| {
        Raw::new(&long, "/hook", h).h("Origin", APP).end()
    });
    cases.add("1000-byte method from evil", Expect::ActualNotGranted(200), Touch::Any, |h| {
        Raw::new(&long, "/hook", h).h("Origin", EVIL).end()
    });
    assert_none(&cases.run(&server, ("/hook", "POST", APP)));
    let ran: Vec<String> = all_calls().into_iter().filter(|c| c.contains(" whole-")).collect();
    assert_eq!(ran.len(), 4, "the webhook ran for the four actual requests only: {ran:?}");
}

// ---------------------------------------------------------------------------------------------
// One keep-alive connection: no state from one request in the next
// ---------------------------------------------------------------------------------------------

#[test]
fn pipelined_requests_carry_nothing_over() {
    let server = serve!(layered_app!());
    let h = "pipelined.test";
    // Each request, and what its answer must be: status, `Access-Control-Allow-Origin`.
    let steps: Vec<(Vec<u8>, u16, Option<&str>)> = vec![
        (
            Raw::preflight("/orders/1", h, APP, "PUT").h("Access-Control-Request-Headers", "x-trace").end(),
            204,
            Some(APP),
        ),
        (Raw::preflight("/orders/1", h, EVIL, "PUT").end(), 403, None),
        (Raw::new("GET", "/orders/1", h).h("Origin", EVIL).end(), 200, None),
        (Raw::new("GET", "/orders/1", h).end(), 200, None),
        (Raw::new("OPTIONS", "/orders/1", h).h("Origin", APP).end(), 404, None),
        (Raw::preflight("/api/account/1", h, APP, "DELETE").end(), 204, Some(APP)),
        (Raw::new("DELETE", "/api/account/1", h).h("Origin", APP).end(), 401, Some(APP)),
        (Raw::new("DELETE", "/api/account/1", h).h("Origin", EVIL).end(), 401, None),
        (Raw::new("DELETE", "/api/account/1", h).end(), 401, None),
        (Raw::preflight("/feed", h, EVIL, "GET").end(), 204, Some("*")),
        (Raw::new("GET", "/orders/1", h).h("Origin", EVIL).end(), 200, None),
        (Raw::preflight("/partners/reports", h, PARTNER, "GET").end(), 204, Some(PARTNER)),
        (Raw::new("GET", "/orders/1", h).h("Origin", PARTNER).end(), 200, None),
        (Raw::new("GET", "/partners/reports", h).h("Origin", APP).end(), 401, None),
        (Raw::new("GET", "/partners/reports", h).h("Origin", PARTNER).end(), 401, Some(PARTNER)),
        (Raw::new("GET", "/partners/reports", h).end(), 401, None),
        (
            Raw::preflight("/device", h, APP, "GET")
                .h("Access-Control-Request-Private-Network", "true")
                .end(),
            204,
            Some(APP),
        ),
        (Raw::new("GET", "/device", h).h("Origin", APP).end(), 200, Some(APP)),
        (Raw::new("GET", "/device", h).end(), 200, None),
        (Raw::preflight("/api/tenant/items", h, TENANT, "POST").end(), 204, Some(TENANT)),
        (
            Raw::new("POST", "/api/tenant/items", h).h("Origin", EVIL).h("Content-Length", "0").end(),
            401,
            None,
        ),
        (Raw::new("GET", "/feed", h).end(), 200, Some("*")),
        (Raw::new("GET", "/orders/1", h).h("Origin", APP).h("Origin", APP).end(), 200, None),
        (Raw::new("GET", "/orders/1", h).h("Origin", APP).end(), 200, Some(APP)),
    ];
    // Twice: all at once (pipelined), then one after the other on one connection.
    let all: Vec<u8> = steps.iter().flat_map(|(r, ..)| r.clone()).collect();
    let ex = exchange(server.addr, &all, steps.len());
    assert!(!ex.timed_out, "pipelined: {ex:?}");
    let mut tcp = TcpStream::connect(server.addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut one_by_one = Vec::new();
    for (request, ..) in &steps {
        tcp.write_all(request).unwrap();
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        while parse(&raw, &[false]).0.is_empty() {
            let n = tcp.read(&mut buf).unwrap();
            assert!(n > 0, "closed after {} responses", one_by_one.len());
            raw.extend_from_slice(&buf[..n]);
        }
        one_by_one.push(parse(&raw, &[false]).0.remove(0));
    }
    for (mode, responses) in [("pipelined", &ex.responses), ("one by one", &one_by_one)] {
        assert_eq!(responses.len(), steps.len(), "{mode}: {responses:?}");
        for (i, ((request, status, origin), response)) in steps.iter().zip(responses).enumerate() {
            let ctx = format!("{mode}, request {i} {}: {response}", shown_request(request));
            assert_eq!(response.status, *status, "{ctx}");
            assert_eq!(response.acao(), origin.iter().copied().collect::<Vec<_>>(), "{ctx}");
            let preflight = request.starts_with(b"OPTIONS") && *status == 204;
            if origin.is_none() {
                assert_eq!(response.grants(), Vec::<String>::new(), "{ctx}");
            }
            if !preflight {
                // No preflight-only header ever reaches another response.
                for name in [
                    "access-control-allow-methods",
                    "access-control-allow-headers",
                    "access-control-max-age",
                    "access-control-allow-private-network",
                ] {
                    assert!(response.values(name).is_empty(), "{ctx}");
                }
            }
            // A request without `Origin` to an origin-dependent route varies on it.
            if !request.windows(8).any(|w| w == b"Origin: ") && *origin != Some("*") {
                assert!(response.varies_on("origin"), "{ctx}");
            }
        }
    }
    let ran = calls(h);
    assert!(!ran.iter().any(|c| c.contains("OPTIONS")), "a preflight reached auth or a handler: {ran:?}");
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.0, `Connection: close`, `Expect`, bodies on preflights
// ---------------------------------------------------------------------------------------------

/// The responses a connection must give: status and `Access-Control-Allow-Origin`, each.
type Expected<'a> = Vec<(u16, Option<&'a str>)>;

#[test]
fn protocol_edges_on_preflights() {
    for (tag, server, target, method) in [
        ("proto-layer", serve!(layered_app!()), "/api/account/1", "DELETE"),
        ("proto-whole", serve!(whole_app!()), "/admin/users", "GET"),
    ] {
        let h = format!("{tag}.test");
        let pre = |origin: &str| Raw::preflight(target, &h, origin, method);
        let pre10 = |origin: &str| {
            Raw::version("OPTIONS", target, "HTTP/1.0", &h)
                .h("Origin", origin)
                .h("Access-Control-Request-Method", method)
        };
        // A request hidden in a preflight's body must never run.
        let hidden = Raw::new("DELETE", "/api/account/1", &h)
            .h("Origin", APP)
            .h("Authorization", "Bearer stolen")
            .end();
        let chunked = [format!("{:x}\r\n", hidden.len()).as_bytes(), &hidden, b"\r\n0\r\n\r\n"].concat();
        let follow = Raw::new("GET", "/orders/1", &h).h("Origin", EVIL).end();
        let without_host = format!(
            "OPTIONS {target} HTTP/1.0\r\nOrigin: {APP}\r\nAccess-Control-Request-Method: {method}\r\n\r\n"
        )
        .into_bytes();
        let hidden_len = hidden.len().to_string();
        let requests: Vec<(&str, Vec<u8>, Expected<'_>)> = vec![
            ("HTTP/1.0", pre10(APP).end(), vec![(204, Some(APP))]),
            ("HTTP/1.0 evil", pre10(EVIL).end(), vec![(403, None)]),
            ("HTTP/1.0 without Host", without_host, vec![(204, Some(APP))]),
            (
                "HTTP/1.0 keep-alive, allowed then evil",
                [pre10(APP).h("Connection", "keep-alive").end(), pre10(EVIL).end()].concat(),
                vec![(204, Some(APP)), (403, None)],
            ),
            ("Connection: close", pre(APP).h("Connection", "close").end(), vec![(204, Some(APP))]),
            (
                "Expect: 100-continue with a body",
                pre(APP).h("Expect", "100-continue").h("Content-Length", "5").body(b"hello"),
                vec![(204, Some(APP))],
            ),
            (
                "Expect: 100-continue, body never sent",
                pre(APP).h("Expect", "100-continue").h("Content-Length", "5").end(),
                vec![(204, Some(APP))],
            ),
            (
                "Expect: 100-continue from evil",
                pre(EVIL).h("Expect", "100-continue").h("Content-Length", "5").body(b"hello"),
                vec![(403, None)],
            ),
            (
                "a request in the body, then another",
                [pre(APP).h("Content-Length", &hidden_len).body(&hidden), follow.clone()].concat(),
                vec![(204, Some(APP)), (if tag == "proto-layer" { 200 } else { 404 }, None)],
            ),
            (
                "a request in a chunked body, then another",
                [pre(APP).h("Transfer-Encoding", "chunked").body(&chunked), follow.clone()].concat(),
                vec![(204, Some(APP)), (if tag == "proto-layer" { 200 } else { 404 }, None)],
            ),
            (
                "1 MB announced, 7 bytes sent",
                pre(APP).h("Content-Length", "1000000").body(b"partial"),
                vec![(204, Some(APP))],
            ),
            (
                "Upgrade: websocket",
                pre(APP).h("Connection", "Upgrade").h("Upgrade", "websocket").end(),
                vec![(204, Some(APP))],
            ),
            (
                "Upgrade: h2c",
                pre(EVIL)
                    .h("Connection", "Upgrade, HTTP2-Settings")
                    .h("Upgrade", "h2c")
                    .h("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")
                    .end(),
                vec![(403, None)],
            ),
            ("HTTP/0.9", format!("OPTIONS {target}\r\n\r\n").into_bytes(), vec![(400, None)]),
            (
                "HTTP/2.0 in a request line",
                Raw::version("OPTIONS", target, "HTTP/2.0", &h).h("Origin", APP).end(),
                vec![(400, None)],
            ),
            (
                "Content-Length and Transfer-Encoding",
                pre(APP).h("Transfer-Encoding", "chunked").h("Content-Length", "3").body(b"0\r\n\r\n"),
                vec![(400, None)],
            ),
        ];
        for (name, request, expected) in &requests {
            let ex = exchange(server.addr, request, expected.len());
            let ctx = format!(
                "{tag} {name}: {:?}",
                ex.responses.iter().map(ToString::to_string).collect::<Vec<_>>()
            );
            assert!(!ex.timed_out, "{ctx} ({:?})", ex.elapsed);
            assert_eq!(ex.responses.len(), expected.len(), "{ctx}");
            for (response, (status, origin)) in ex.responses.iter().zip(expected) {
                assert_eq!(response.status, *status, "{ctx}");
                assert_eq!(response.acao(), origin.iter().copied().collect::<Vec<_>>(), "{ctx}");
                if origin.is_none() {
                    assert_eq!(response.grants(), Vec::<String>::new(), "{ctx}");
                }
            }
            let alive = if tag == "proto-layer" { ("/orders/1", "PUT") } else { ("/hook", "POST") };
            assert_alive(server.addr, alive.0, APP, alive.1, name);
        }
        let ran = calls(&h);
        assert!(
            ran.iter().all(|c| c.starts_with("handler") && c.ends_with("GET /orders/1")),
            "{tag}: something but the follow-up requests ran: {ran:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A live policy reloaded between requests on one connection
// ---------------------------------------------------------------------------------------------

/// Sends each request on one connection and reads its response before the next.
struct Connection(TcpStream);

impl Connection {
    fn open(addr: SocketAddr) -> Connection {
        let tcp = TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        Connection(tcp)
    }

    fn send(&mut self, request: &[u8]) -> Response {
        self.0.write_all(request).unwrap();
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            if let Some(response) = parse(&raw, &[false]).0.into_iter().next() {
                return response;
            }
            let n = self.0.read(&mut buf).unwrap();
            assert!(n > 0, "the server closed the connection");
            raw.extend_from_slice(&buf[..n]);
        }
    }
}

#[test]
fn a_live_policy_reloaded_between_requests_on_one_connection() {
    let server = serve!(layered_app!());
    let h = "live.test";
    let initial = || Policy::builder().origin(APP).credentials(true).build().unwrap();
    RELOADED.reload(initial());
    let mut conn = Connection::open(server.addr);
    let preflight = |origin: &str| Raw::preflight("/live/1", h, origin, "PUT").end();
    let actual =
        |origin: &str| Raw::new("PUT", "/live/1", h).h("Origin", origin).h("Content-Length", "0").end();
    let bare = Raw::new("PUT", "/live/1", h).h("Content-Length", "0").end();

    let r = conn.send(&preflight(TENANT));
    assert_eq!((r.status, r.grants()), (403, Vec::new()), "before: {r}");
    RELOADED.reload(Policy::builder().origins([APP, TENANT]).credentials(true).build().unwrap());
    let r = conn.send(&preflight(TENANT));
    assert_eq!((r.status, r.acao()), (204, vec![TENANT]), "added: {r}");
    let r = conn.send(&actual(TENANT));
    assert_eq!((r.status, r.acao()), (200, vec![TENANT]), "added: {r}");
    let r = conn.send(&actual(EVIL));
    assert_eq!((r.status, r.grants()), (200, Vec::new()), "added, evil: {r}");

    RELOADED.reload(initial());
    let r = conn.send(&preflight(TENANT));
    assert_eq!((r.status, r.grants()), (403, Vec::new()), "removed: {r}");
    let r = conn.send(&actual(TENANT));
    assert_eq!((r.status, r.grants()), (200, Vec::new()), "removed: {r}");

    // Any origin, then back: `*` on every answer while it lasts, nothing after.
    RELOADED.reload(Policy::builder().origin("*").build().unwrap());
    let r = conn.send(&actual(EVIL));
    assert_eq!((r.status, r.acao()), (200, vec!["*"]), "any origin: {r}");
    let r = conn.send(&Raw::preflight("/live/1", h, EVIL, "PUT").h("Origin", APP).end());
    assert_eq!((r.status, r.grants()), (403, Vec::new()), "any origin, two Origin lines: {r}");
    let mut long = b"https://".to_vec();
    long.extend(std::iter::repeat_n(b'a', 600));
    let r = conn.send(
        &Raw::new("OPTIONS", "/live/1", h)
            .hb("Origin", &long)
            .h("Access-Control-Request-Method", "PUT")
            .end(),
    );
    assert_eq!((r.status, r.grants()), (403, Vec::new()), "any origin, 608-byte Origin: {r}");
    let r = conn.send(&bare);
    assert_eq!((r.status, r.acao()), (200, vec!["*"]), "any origin, no Origin: {r}");
    RELOADED.reload(initial());
    let r = conn.send(&actual(EVIL));
    assert_eq!((r.status, r.grants()), (200, Vec::new()), "back: {r}");
    let r = conn.send(&bare);
    assert_eq!((r.status, r.grants()), (200, Vec::new()), "back, no Origin: {r}");
    assert!(r.varies_on("origin"), "back, no Origin: {r}");
    let r = conn.send(&preflight(APP));
    assert_eq!((r.status, r.acao()), (204, vec![APP]), "back: {r}");
    assert!(server_panics().is_empty(), "{:?}", server_panics());
}

// ---------------------------------------------------------------------------------------------
// The first request a worker serves
// ---------------------------------------------------------------------------------------------

/// Requests a client can send as a worker's first, each with a `Host` (or a forwarded host)
/// that is no URL's host. actix-web answers them as any other.
fn odd_first_requests() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("Host with a space", Raw::new("GET", "/s/x", "bad host").end()),
        ("empty Host", Raw::new("GET", "/s/x", "").end()),
        ("Host with an unclosed bracket", Raw::new("GET", "/s/x", "[::1").end()),
        ("Host with a port out of range", Raw::new("GET", "/s/x", "api.example.com:99999").end()),
        (
            "X-Forwarded-Host with a space",
            Raw::new("GET", "/s/x", "api.example.com").h("X-Forwarded-Host", "a b").end(),
        ),
        (
            "Forwarded host with a space",
            Raw::new("GET", "/s/x", "api.example.com").h("Forwarded", "host=\"a b\"").end(),
        ),
        (
            "X-Forwarded-Proto with a space",
            Raw::new("GET", "/s/x", "api.example.com").h("X-Forwarded-Proto", "a b").end(),
        ),
    ]
}

/// A credentialed `#[cors]` handler for one origin, inside a scope whose `Cors::new` policy
/// allows two (README: "a wider scope policy never grants a preflight the handler's policy
/// refuses").
macro_rules! scoped_handler_app {
    () => {
        App::new()
            .service(web::scope("/s").wrap(Cors::new(&WIDE)).service(vault_delete))
            .route("/health", web::get().to(plain))
    };
}

static WIDE: Policy = policy!(
    origins = ["https://app.example.com", "https://partners.example.com"],
    allow_headers = ["authorization", "content-type", "x-trace"],
    credentials,
    max_age = 60
);

#[cors(origins = ["https://app.example.com"], credentials)]
#[delete("/vault/{id}")]
async fn vault_delete(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("vault emptied")
}

/// What the scope answers, after `first`, to preflights the handler's policy refuses: the
/// problems found.
fn scope_after(first: &[u8], tag: &str) -> Vec<String> {
    let server = serve!(scoped_handler_app!());
    let _ = one(server.addr, first);
    let mut problems = Vec::new();
    let h = format!("{tag}.test");
    for (what, request) in [
        (
            "a partner's preflight (the handler allows only the app)",
            Raw::preflight("/s/vault/1", &h, PARTNER, "DELETE").end(),
        ),
        (
            "the app's preflight with x-trace (the handler allows no header)",
            Raw::preflight("/s/vault/1", &h, APP, "DELETE")
                .h("Access-Control-Request-Headers", "x-trace")
                .end(),
        ),
    ] {
        let (response, ..) = one(server.addr, &request);
        let response = response.expect("a response");
        if response.status != 403 || !response.grants().is_empty() {
            problems.push(format!("{what}: {response}"));
        }
    }
    problems
}

#[test]
fn a_scope_policy_never_widens_a_handlers_after_an_ordinary_first_request() {
    let first = Raw::new("GET", "/s/x", "api.example.com").end();
    assert_none(&scope_after(&first, "first-ordinary"));
}

/// A `Cors` middleware learns the application's `#[cors]` routes on its first request, whatever
/// that request's `Host` (or `X-Forwarded-Host`, `Forwarded`, `X-Forwarded-Proto`) says: with
/// one that is no URL's host, a scope's wider policy still never grants what the handler's
/// policy refuses. SPEC §2: "the handler's policy wins".
#[test]
fn an_odd_host_on_the_first_request_never_lets_a_scope_policy_widen_a_handlers() {
    let mut problems = Vec::new();
    for (i, (name, first)) in odd_first_requests().into_iter().enumerate() {
        for problem in scope_after(&first, &format!("first-scope-{i}")) {
            problems.push(format!("after a first request with {name}: {problem}"));
        }
    }
    assert_none(&problems);
}

/// What the layered application answers, after `first`, to a preflight behind auth, an
/// auth refusal, and a preflight under the `Cors::scope`: the problems found.
fn layer_after(first: &[u8], tag: &str) -> Vec<String> {
    let server = serve!(layered_app!());
    let _ = one(server.addr, first);
    let h = format!("{tag}.test");
    let mut problems = Vec::new();
    let (r, ..) = one(server.addr, &Raw::preflight("/api/account/1", &h, APP, "DELETE").end());
    let r = r.expect("a response");
    if r.status != 204 || r.acao() != vec![APP] {
        problems.push(format!("preflight behind auth: {r}"));
    }
    let (r, ..) = one(server.addr, &Raw::new("DELETE", "/api/account/1", &h).h("Origin", APP).end());
    let r = r.expect("a response");
    if r.status != 401 || r.acao() != vec![APP] {
        problems.push(format!("auth's refusal, unreadable: {r}"));
    }
    let (r, ..) = one(server.addr, &Raw::preflight("/partners/reports", &h, PARTNER, "GET").end());
    let r = r.expect("a response");
    if r.status != 204 || r.acao() != vec![PARTNER] {
        problems.push(format!("preflight under the Cors::scope: {r}"));
    }
    let ran: Vec<String> = calls(&h).into_iter().filter(|c| c.contains(" OPTIONS ")).collect();
    if !ran.is_empty() {
        problems.push(format!("preflights reached auth: {ran:?}"));
    }
    problems
}

#[test]
fn the_layer_learns_its_routes_from_an_ordinary_first_request() {
    for (i, first) in [
        Raw::new("GET", "/orders/1", "api.example.com").end(),
        b"GET /orders/1 HTTP/1.0\r\n\r\n".to_vec(),
        Raw::new("OPTIONS", "*", "api.example.com").end(),
        Raw::new("GET", "http://evil.example.net/orders/1", "api.example.com").end(),
        Raw::new("GET", "/orders/1", "evil.example.net:8443").end(),
    ]
    .iter()
    .enumerate()
    {
        assert_none(&layer_after(first, &format!("first-layer-ok-{i}")));
    }
}

/// `Layer` learns the application's routes on a worker's first request the same way: after a
/// first request whose host is no URL's host, it still answers preflights before auth, and the
/// auth layer's refusals carry the route's headers (SPEC §2 and §4.11).
#[test]
fn an_odd_host_on_the_first_request_leaves_the_layer_working() {
    let mut problems = Vec::new();
    for (i, (name, first)) in odd_first_requests().into_iter().enumerate() {
        let first = String::from_utf8(first).unwrap().replace("/s/x", "/orders/1");
        for problem in layer_after(first.as_bytes(), &format!("first-layer-{i}")) {
            problems.push(format!("after a first request with {name}: {problem}"));
        }
    }
    assert_none(&problems);
}

/// `#[cors]` routes alone learn nothing from requests: an odd first request changes nothing.
#[test]
fn routes_alone_do_not_depend_on_the_first_request() {
    for (i, (name, first)) in odd_first_requests().into_iter().enumerate() {
        let server = serve!(plain_app!());
        let first = String::from_utf8(first).unwrap().replace("/s/x", "/orders/1");
        let _ = one(server.addr, first.as_bytes());
        let h = format!("first-plain-{i}.test");
        let (r, ..) = one(server.addr, &Raw::preflight("/orders/1", &h, APP, "PUT").end());
        let r = r.unwrap();
        assert_eq!((r.status, r.acao()), (204, vec![APP]), "after {name}: {r}");
        let (r, ..) = one(server.addr, &Raw::preflight("/orders/1", &h, PARTNER, "PUT").end());
        let r = r.unwrap();
        assert_eq!((r.status, r.grants()), (403, Vec::new()), "after {name}: {r}");
    }
}
