//! strict-cors over a real socket, as deployed: `actix_web::HttpServer` on `127.0.0.1:0`, spoken
//! to in raw HTTP/1.1 bytes. Two applications: `#[cors]` routes alone, and `Layer` outermost over
//! `from_fn` auth (refusing with `Ok(401)` or with `Err`), a `Cors::scope`, a `Cors::new` scope
//! and a limiter that runs the rest of the chain on a task of its own.
//!
//! What holds on the wire: every answer on a kept-alive or pipelined connection, or under two
//! workers with slow handlers in flight, carries its own request's CORS headers and `Vary`, never
//! a neighbour's; header lines split, repeated, in odd case or padded are read as SPEC §4.7 and
//! §4.8 say; absolute-form, query-carrying, percent-escaped and HTTP/1.0 requests get the policy
//! of the route actix-web routes them to; streamed bodies, `Expect: 100-continue` and bodies an
//! auth layer refuses unread keep the route's headers, and a body is never served as a request;
//! a handler's panic leaves later answers right; a server bound to two addresses (two
//! applications per worker) answers alike on both.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use Want::{Hidden, Preflight, Readable, Refused, Untouched};
use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, Error, HttpRequest, HttpResponse, Responder, error, get, post, put, web};
use calls::{calls, note};
use strict_cors::{Cors, Layer, Policy, cors, policy};

#[path = "support/calls.rs"]
mod calls;

const APP: &str = "https://app.example.com";
const OTHER: &str = "https://other.example.com";
const EVIL: &str = "https://evil.example.net";
const PARTNER: &str = "https://partners.example.com";
const ACRH: &str = "Access-Control-Request-Headers";
const ACRM: &str = "Access-Control-Request-Method";

/// The route's `{id}`.
fn id(req: &HttpRequest) -> &str {
    req.match_info().get("id").unwrap_or("")
}

/// Panics when the request carries `X-Panic`, as a handler's bug would.
fn panic_if_asked(req: &HttpRequest) {
    assert!(!req.headers().contains_key("x-panic"), "handler panicked on purpose");
}

// ---------------------------------------------------------------------------------------------
// `#[cors]` routes alone.
// ---------------------------------------------------------------------------------------------

#[cors(
    origins = ["https://app.example.com", "https://other.example.com"],
    allow_headers = ["content-type", "x-trace"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600
)]
#[put("/orders/{id}")]
async fn put_order(req: HttpRequest, body: web::Bytes) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body(format!("put {} {}", id(&req), String::from_utf8_lossy(&body)))
}

#[cors(origins = ["https://app.example.com", "https://other.example.com"], credentials)]
#[get("/orders/{id}")]
async fn get_order(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    panic_if_asked(&req);
    HttpResponse::Ok().body(format!("order {}", id(&req)))
}

#[cors(origins = "*", allow_headers = "*")]
#[get("/public")]
async fn public(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("public")
}

/// Echoes the request's body back as it arrives (`HttpResponse::streaming`): a response sent in
/// chunks, its headers before its body is known.
#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"])]
#[post("/echo")]
async fn echo(payload: web::Payload) -> impl Responder {
    HttpResponse::Ok().streaming(payload)
}

#[cors(origins = ["https://app.example.com"])]
#[actix_web::route("/doc", method = "GET", method = "HEAD")]
async fn doc() -> impl Responder {
    HttpResponse::Ok().body("document")
}

macro_rules! routes_app {
    () => {
        App::new().service(put_order).service(get_order).service(public).service(echo).service(doc)
    };
}

// ---------------------------------------------------------------------------------------------
// `Layer` outermost, over auth.
// ---------------------------------------------------------------------------------------------

/// The bodies of the auth layers' refusals, telling which answered.
const OK_401: &str = "sign in (Ok)";
const ERR_401: &str = "sign in (Err)";

/// Auth answering `Ok(401)` to requests without `Authorization`.
async fn auth_ok401(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    note("auth", req.request());
    if req.headers().contains_key("authorization") {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    Ok(req.into_response(HttpResponse::Unauthorized().body(OK_401)).map_into_right_body())
}

/// Auth returning `Err(401)` to requests without `Authorization`, before reading any body.
async fn auth_err(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    note("auth", req.request());
    if !req.headers().contains_key("authorization") {
        return Err(error::ErrorUnauthorized(ERR_401));
    }
    next.call(req).await
}

/// A limiter that runs the rest of the chain on a task of its own, as a queue would.
async fn spawning(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    actix_web::rt::spawn(async move { next.call(req).await })
        .await
        .map_err(error::ErrorInternalServerError)?
}

#[cors(
    origins = ["https://app.example.com", "https://other.example.com"],
    allow_headers = ["authorization", "content-type"],
    expose_headers = ["x-request-id"],
    credentials
)]
#[put("/items/{id}")]
async fn ok_item(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body("ok item")
}

/// Sleeps before answering, so that other requests run while it is in flight.
#[cors(
    origins = ["https://app.example.com", "https://other.example.com"],
    allow_headers = ["authorization"],
    credentials
)]
#[get("/slow/{id}")]
async fn ok_slow(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    actix_web::rt::time::sleep(Duration::from_millis(15)).await;
    panic_if_asked(&req);
    HttpResponse::Ok().body(format!("slow {}", id(&req)))
}

#[cors(
    origins = ["https://app.example.com", "https://other.example.com"],
    allow_headers = ["authorization", "content-type"],
    credentials
)]
#[put("/items/{id}")]
async fn err_item(req: HttpRequest) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body(format!("err item {}", id(&req)))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "content-type"], credentials)]
#[post("/upload")]
async fn err_upload(req: HttpRequest, body: web::Bytes) -> impl Responder {
    note("handler", &req);
    HttpResponse::Ok().body(format!("read {}", body.len()))
}

static PARTNERS: Policy = policy!(
    origins = ["https://partners.example.com"],
    allow_headers = ["authorization"],
    credentials,
    max_age = 60
);

static HOOKS: Policy = policy!(origins = ["https://app.example.com"], allow_headers = ["content-type"]);

async fn plain(req: HttpRequest) -> HttpResponse {
    note("handler", &req);
    HttpResponse::Ok().body("plain")
}

macro_rules! layered_app {
    () => {
        App::new()
            .service(web::scope("/ok").wrap(from_fn(auth_ok401)).service(ok_item).service(ok_slow))
            .service(web::scope("/err").wrap(from_fn(auth_err)).service(err_item).service(err_upload))
            .service(web::scope("/queue").wrap(from_fn(spawning)).service(get_order))
            .service(
                Cors::new(&PARTNERS)
                    .scope("/partners")
                    .wrap(from_fn(auth_err))
                    .route("/reports", web::get().to(plain)),
            )
            .service(web::scope("/hooks").wrap(Cors::new(&HOOKS)).route("/in", web::post().to(plain)))
            // What a request smuggled in another's body would reach.
            .route("/smuggled", web::to(plain))
            .wrap(Layer)
    };
}

// ---------------------------------------------------------------------------------------------
// Servers.
// ---------------------------------------------------------------------------------------------

/// A running server; dropping it sends the stop command (nothing needs to wait for it).
struct Server {
    addrs: Vec<SocketAddr>,
    handle: ServerHandle,
}

impl Server {
    fn addr(&self) -> SocketAddr {
        self.addrs[0]
    }
    /// Sends each request on a connection of its own and checks its answer.
    #[track_caller]
    fn check_each(&self, cases: &[(&str, Vec<u8>, Want<'_>)]) {
        for (name, request, want) in cases {
            let response = Conn::open(self.addr()).exchange(std::slice::from_ref(request)).remove(0);
            check(&response, *want, name);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// Serves `$app` with `$workers` workers on `$binds` addresses of `127.0.0.1`, on a thread of
/// its own. Each bind makes each worker build an application of its own.
macro_rules! serve {
    ($app:expr) => {
        serve!(1, 1, $app)
    };
    ($workers:expr, $binds:expr, $app:expr) => {{
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let mut server = actix_web::HttpServer::new(|| $app).workers($workers).disable_signals();
                for _ in 0..$binds {
                    server = server.bind(("127.0.0.1", 0)).unwrap();
                }
                let addrs = server.addrs();
                let server = server.run();
                tx.send((addrs, server.handle())).unwrap();
                server.await.unwrap();
            });
        });
        let (addrs, handle) = rx.recv().unwrap();
        Server { addrs, handle }
    }};
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1: requests written byte for byte, responses parsed off the wire.
// ---------------------------------------------------------------------------------------------

/// A request head being written, line by line.
struct Raw(Vec<u8>);

impl Raw {
    /// `line` is `METHOD target`, or `METHOD target VERSION` for other than HTTP/1.1; `origin`
    /// is sent as `Origin` unless empty.
    fn new(host: &str, line: &str, origin: &str) -> Raw {
        let version = if line.split(' ').count() == 2 { " HTTP/1.1" } else { "" };
        let raw = Raw(format!("{line}{version}\r\nHost: {host}\r\n").into_bytes());
        if origin.is_empty() { raw } else { raw.h("Origin", origin) }
    }
    /// A preflight from `origin` for `method_target` (`"PUT /orders/1"`).
    fn preflight(host: &str, method_target: &str, origin: &str) -> Raw {
        let (method, target) = method_target.split_once(' ').unwrap();
        Raw::new(host, &format!("OPTIONS {target}"), origin).h(ACRM, method)
    }
    /// Signed in: `Authorization`, which the auth layers look for.
    fn auth(self) -> Raw {
        self.h("Authorization", "Bearer t")
    }
    /// A header line, `name: value`.
    fn h(self, name: &str, value: &str) -> Raw {
        self.line(format!("{name}: {value}").as_bytes())
    }
    /// A header line written as is (odd spacing).
    fn line(mut self, line: &[u8]) -> Raw {
        self.0.extend_from_slice(line);
        self.0.extend_from_slice(b"\r\n");
        self
    }
    /// The request: the head, its end, and `body` (which the head must announce).
    fn body(mut self, body: &[u8]) -> Vec<u8> {
        self.0.extend_from_slice(b"\r\n");
        self.0.extend_from_slice(body);
        self.0
    }
    /// The request, without a body.
    fn end(self) -> Vec<u8> {
        self.body(b"")
    }
}

/// A request without a body: see [`Raw::new`].
fn req(host: &str, line: &str, origin: &str) -> Vec<u8> {
    Raw::new(host, line, origin).end()
}

/// A request with `body`, announced by `Content-Length`.
fn req_body(host: &str, line: &str, origin: &str, body: &[u8]) -> Vec<u8> {
    Raw::new(host, line, origin).h("Content-Length", &body.len().to_string()).body(body)
}

/// A preflight from `origin` for `method_target` (`"PUT /orders/1"`), asking nothing more.
fn pre(host: &str, method_target: &str, origin: &str) -> Vec<u8> {
    Raw::preflight(host, method_target, origin).end()
}

/// A preflight asking for the request headers `headers` too.
fn pre_asking(host: &str, method_target: &str, origin: &str, headers: &str) -> Vec<u8> {
    Raw::preflight(host, method_target, origin).h(ACRH, headers).end()
}

/// A final response as read off the wire (interim `1xx` responses skipped).
#[derive(Clone, Debug)]
struct Response {
    status: u16,
    /// Names lowercased, values trimmed, in the order sent.
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn values(&self, name: &str) -> impl Iterator<Item = &str> {
        self.headers.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    /// `Access-Control-Allow-Origin`, which must be sent at most once.
    fn allowed_origin(&self) -> Option<&str> {
        let values: Vec<&str> = self.values("access-control-allow-origin").collect();
        assert!(values.len() <= 1, "Access-Control-Allow-Origin sent {} times: {self:?}", values.len());
        values.first().copied()
    }
    /// Every `Vary` item over all its lines, lowercased and sorted.
    fn vary(&self) -> Vec<String> {
        let mut items: Vec<String> = self
            .values("vary")
            .flat_map(|v| v.split(','))
            .map(|item| item.trim().to_ascii_lowercase())
            .filter(|item| !item.is_empty())
            .collect();
        items.sort();
        items
    }
    /// The names of the `Access-Control-*` headers sent, `access-control-` cut off, sorted.
    fn cors_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> =
            self.headers.iter().filter_map(|(n, _)| n.strip_prefix("access-control-")).collect();
        names.sort_unstable();
        names
    }
}

/// The complete responses at the front of `raw`; `heads[i]` says whether the `i`th answers a
/// `HEAD` (which has no body, whatever its `Content-Length`).
fn parse(raw: &[u8], heads: &[bool]) -> Vec<Response> {
    let mut responses = Vec::new();
    let mut rest = raw;
    while let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&rest[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status: u16 =
            lines.next().unwrap_or("").split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let after = &rest[end + 4..];
        if (100..200).contains(&status) {
            rest = after;
            continue;
        }
        let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let (body, used) = if heads.get(responses.len()) == Some(&true) || status == 204 || status == 304 {
            (Vec::new(), 0)
        } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            match dechunk(after) {
                Some(parsed) => parsed,
                None => break,
            }
        } else {
            let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            if after.len() < length {
                break;
            }
            (after[..length].to_vec(), length)
        };
        responses.push(Response { status, headers, body: String::from_utf8_lossy(&body).into_owned() });
        rest = &after[used..];
    }
    responses
}

/// A complete chunked body at the front of `raw`, and how many bytes it took.
fn dechunk(mut raw: &[u8]) -> Option<(Vec<u8>, usize)> {
    let total = raw.len();
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).ok()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            // No trailers are sent: the last chunk is followed by the final CRLF.
            return (raw.len() >= 2).then(|| (body, total - raw.len() + 2));
        }
        if raw.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// A client connection: requests written, responses read in order.
struct Conn {
    tcp: TcpStream,
    raw: Vec<u8>,
    /// For each request written, whether it is a `HEAD`.
    heads: Vec<bool>,
    /// How many responses were handed out already.
    taken: usize,
}

impl Conn {
    fn open(addr: SocketAddr) -> Conn {
        let tcp = TcpStream::connect(addr).unwrap();
        // Bounds the wait for a server that never answers; no assertion depends on time.
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        Conn { tcp, raw: Vec::new(), heads: Vec::new(), taken: 0 }
    }
    /// Writes `requests` at once (pipelined when more than one).
    fn write(&mut self, requests: &[Vec<u8>]) {
        self.heads.extend(requests.iter().map(|r| r.starts_with(b"HEAD ")));
        self.tcp.write_all(&requests.concat()).unwrap();
    }
    /// The responses not handed out yet, read until every request written has one, the server
    /// closes the connection, or the read timeout passes; and whether the server closed it.
    fn read(&mut self) -> (Vec<Response>, bool) {
        let mut buf = vec![0u8; 65536];
        let mut closed = false;
        while parse(&self.raw, &self.heads).len() < self.heads.len() {
            match self.tcp.read(&mut buf) {
                Ok(0) | Err(_) => {
                    closed = true;
                    break;
                }
                Ok(n) => self.raw.extend_from_slice(&buf[..n]),
            }
        }
        let all = parse(&self.raw, &self.heads);
        let fresh = all[self.taken.min(all.len())..].to_vec();
        self.taken = all.len();
        (fresh, closed)
    }
    /// Writes `requests` and reads their responses, one each.
    fn exchange(&mut self, requests: &[Vec<u8>]) -> Vec<Response> {
        self.write(requests);
        let (responses, _) = self.read();
        assert_eq!(
            responses.len(),
            requests.len(),
            "answers to {}: {responses:?}",
            shown(&requests.concat())
        );
        responses
    }
}

/// A request as text, for failure messages.
fn shown(request: &[u8]) -> String {
    String::from_utf8_lossy(&request[..request.len().min(300)]).replace("\r\n", "⏎ ")
}

// ---------------------------------------------------------------------------------------------
// What a browser relies on.
// ---------------------------------------------------------------------------------------------

/// What an answer must be.
#[derive(Clone, Copy, Debug)]
enum Want<'a> {
    /// An allowed preflight: 204 granting this origin, no body, varying on what it was asked.
    Preflight(&'a str),
    /// A refused preflight: 403, no `Access-Control-*` header.
    Refused,
    /// An actual response the page can read: status, the origin granted (`*` for any), body.
    Readable(u16, &'a str, &'a str),
    /// An actual response the page cannot read, from a route whose answer depends on the
    /// origin: status, no `Access-Control-*` header, `Vary: Origin`, body.
    Hidden(u16, &'a str),
    /// An answer no policy took part in: status, no `Access-Control-*` header.
    Untouched(u16),
}

#[track_caller]
fn check(response: &Response, want: Want<'_>, context: &str) {
    let (cors, vary) = (response.cors_names(), response.vary());
    let varies_on_origin = vary.iter().any(|v| v == "origin");
    match want {
        Preflight(origin) => {
            assert_eq!(
                (response.status, response.allowed_origin(), response.body.as_str()),
                (204, Some(origin), ""),
                "{context}: {response:?}"
            );
            // What was asked, and the origin unless any origin gets the same answer (README, Vary).
            let mut expected = vec![
                "access-control-request-headers",
                "access-control-request-method",
                "access-control-request-private-network",
            ];
            if origin != "*" {
                expected.push("origin");
            }
            assert_eq!(vary, expected, "{context}: {response:?}");
        }
        Refused => {
            assert_eq!((response.status, cors), (403, vec![]), "{context}: {response:?}");
            assert!(vary.iter().any(|v| v == "access-control-request-method"), "{context}: {response:?}");
        }
        Readable(status, origin, body) => {
            assert_eq!(
                (response.status, response.allowed_origin(), response.body.as_str()),
                (status, Some(origin), body),
                "{context}: {response:?}"
            );
            // `*` never depends on the origin: no `Vary: Origin` (README, Vary).
            assert_eq!(varies_on_origin, origin != "*", "{context}: {response:?}");
            let preflight_only = ["allow-headers", "allow-methods", "max-age"];
            assert!(cors.iter().all(|n| !preflight_only.contains(n)), "{context}: {response:?}");
        }
        Hidden(status, body) => {
            assert_eq!(
                (response.status, cors, response.body.as_str()),
                (status, vec![], body),
                "{context}: {response:?}"
            );
            assert!(varies_on_origin, "{context}: {response:?}");
        }
        Untouched(status) => assert_eq!((response.status, cors), (status, vec![]), "{context}: {response:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Keep-alive, pipelining, concurrency.
// ---------------------------------------------------------------------------------------------

/// Requests for one connection, each with its answer and the exact `Access-Control-*` headers
/// beside `-Allow-Origin` it carries: a neighbour's policy must not show through (another
/// route's credentials, exposed headers or max-age).
type Sequence<'a> = Vec<(Vec<u8>, Want<'a>, &'a [&'a str])>;

/// Builds a sequence whose requests carry `Host: {host}`.
type MakeSequence = fn(&str) -> Sequence<'static>;

const CREDENTIALS: &[&str] = &["allow-credentials"];
const EXPOSED: &[&str] = &["allow-credentials", "expose-headers"];

fn routes_sequence(host: &str) -> Sequence<'static> {
    let preflight_grants = &["allow-credentials", "allow-headers", "allow-methods", "max-age"];
    vec![
        (pre_asking(host, "PUT /orders/7", APP, "content-type"), Preflight(APP), preflight_grants),
        (req_body(host, "PUT /orders/7", APP, b"hello"), Readable(200, APP, "put 7 hello"), EXPOSED),
        (req(host, "GET /orders/8", OTHER), Readable(200, OTHER, "order 8"), CREDENTIALS),
        (req(host, "GET /orders/9", EVIL), Hidden(200, "order 9"), &[]),
        (req(host, "GET /orders/10", ""), Hidden(200, "order 10"), &[]),
        (req(host, "GET /public", EVIL), Readable(200, "*", "public"), &[]),
        (pre_asking(host, "GET /public", EVIL, "x-any"), Preflight("*"), &["allow-headers"]),
        (pre(host, "PUT /orders/7", EVIL), Refused, &[]),
        // No `#[cors]` route serves PATCH there: the router's 404 (SPEC §4.2).
        (pre(host, "PATCH /orders/7", APP), Untouched(404), &[]),
        (req(host, "HEAD /doc", APP), Readable(200, APP, ""), &[]),
        (req(host, "GET /doc", APP), Readable(200, APP, "document"), &[]),
        (req(host, "PUT /orders/11", OTHER), Readable(200, OTHER, "put 11 "), EXPOSED),
        (pre(host, "PUT /orders/7", OTHER), Preflight(OTHER), preflight_grants),
        // Last: actix-web may close the connection after a response that began before the
        // request's body was read.
        (
            Raw::new(host, "POST /echo", APP)
                .h("Transfer-Encoding", "chunked")
                .body(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
            Readable(200, APP, "hello world"),
            &[],
        ),
    ]
}

fn layered_sequence(host: &str) -> Sequence<'static> {
    let signed_in = |line: &str, origin: &str| Raw::new(host, line, origin).auth().end();
    vec![
        (
            pre_asking(host, "PUT /ok/items/1", APP, "authorization"),
            Preflight(APP),
            &["allow-credentials", "allow-headers", "allow-methods"],
        ),
        // Auth's refusals, `Ok(401)` and `Err(401)`, carry the route's headers.
        (req(host, "PUT /ok/items/1", APP), Readable(401, APP, OK_401), EXPOSED),
        (req(host, "PUT /err/items/1", OTHER), Readable(401, OTHER, ERR_401), CREDENTIALS),
        (req(host, "PUT /err/items/1", EVIL), Hidden(401, ERR_401), &[]),
        (req(host, "PUT /ok/items/1", ""), Hidden(401, OK_401), &[]),
        (signed_in("PUT /ok/items/2", OTHER), Readable(200, OTHER, "ok item"), EXPOSED),
        (
            pre(host, "GET /partners/reports", PARTNER),
            Preflight(PARTNER),
            &["allow-credentials", "allow-headers", "max-age"],
        ),
        (pre(host, "GET /partners/reports", APP), Refused, &[]),
        (req(host, "GET /partners/reports", PARTNER), Readable(401, PARTNER, ERR_401), CREDENTIALS),
        (pre_asking(host, "POST /hooks/in", APP, "content-type"), Preflight(APP), &["allow-headers"]),
        (req(host, "POST /hooks/in", APP), Readable(200, APP, "plain"), &[]),
        // The chain run on another task still gets its route's headers.
        (req(host, "GET /queue/orders/1", OTHER), Readable(200, OTHER, "order 1"), CREDENTIALS),
        (req(host, "GET /queue/orders/2", EVIL), Hidden(200, "order 2"), &[]),
        (req(host, "GET /queue/orders/3", ""), Hidden(200, "order 3"), &[]),
        (req(host, "PUT /err/items/5", APP), Readable(401, APP, ERR_401), CREDENTIALS),
    ]
}

/// Sends `sequence(host)` on one connection, one request at a time or all at once, and checks
/// each answer, its `Access-Control-*` headers, and that no preflight reached auth or a handler.
fn run_sequence(addr: SocketAddr, host: &str, sequence: MakeSequence, pipelined: bool) {
    let steps = sequence(host);
    let requests: Vec<Vec<u8>> = steps.iter().map(|(request, ..)| request.clone()).collect();
    let mut conn = Conn::open(addr);
    let responses: Vec<Response> = if pipelined {
        conn.exchange(&requests)
    } else {
        requests.iter().flat_map(|request| conn.exchange(std::slice::from_ref(request))).collect()
    };
    for ((request, want, others), response) in steps.iter().zip(&responses) {
        let context = format!("{host}: {}", shown(request));
        check(response, *want, &context);
        let mut expected = others.to_vec();
        expected.extend(response.allowed_origin().map(|_| "allow-origin"));
        expected.sort_unstable();
        assert_eq!(response.cors_names(), expected, "{context}: {response:?}");
    }
    let ran = calls(host);
    assert!(!ran.iter().any(|c| c.contains(" OPTIONS ")), "a preflight reached auth or a handler: {ran:?}");
}

#[test]
fn each_answer_on_a_kept_alive_or_pipelined_connection_carries_its_own_requests_headers() {
    let (routes, layered) = (serve!(routes_app!()), serve!(layered_app!()));
    for pipelined in [false, true] {
        run_sequence(routes.addr(), &format!("routes-{pipelined}.test"), routes_sequence, pipelined);
        run_sequence(layered.addr(), &format!("layered-{pipelined}.test"), layered_sequence, pipelined);
    }
}

/// Client threads on two workers, each pipelining three requests at a time with origins (and
/// ids) of their own, slow handlers in flight: every answer is its own request's.
#[test]
fn concurrent_connections_on_two_workers_never_get_anothers_answer() {
    let (routes, layered) = (serve!(2, 1, routes_app!()), serve!(2, 1, layered_app!()));
    let addrs = [routes.addr(), layered.addr()];
    let threads: Vec<_> = (0..12)
        .map(|client| {
            std::thread::spawn(move || {
                let (host, mut conn) = ("concurrent.test", Conn::open(addrs[client % 2]));
                for round in 0..20 {
                    let (id, evil) =
                        (format!("{client}-{round}"), format!("https://evil{client}x{round}.example.net"));
                    let origin = [APP, OTHER, &evil][(client + round) % 3];
                    let allowed = origin != evil;
                    let bodies = [format!("put {id} hi"), format!("order {id}"), format!("slow {id}")];
                    let answer = |status, body| {
                        if allowed { Readable(status, origin, body) } else { Hidden(status, body) }
                    };
                    let preflight = if allowed { Preflight(origin) } else { Refused };
                    let path = |route: &str| format!("{route}/{id}");
                    let steps = if client % 2 == 0 {
                        [
                            (pre(host, &path("PUT /orders"), origin), preflight),
                            (req_body(host, &path("PUT /orders"), origin, b"hi"), answer(200, &bodies[0])),
                            (req(host, &path("GET /orders"), origin), answer(200, &bodies[1])),
                        ]
                    } else {
                        [
                            (
                                Raw::new(host, &path("GET /ok/slow"), origin).auth().end(),
                                answer(200, &bodies[2]),
                            ),
                            (req(host, &path("PUT /err/items"), origin), answer(401, ERR_401)),
                            (pre(host, &path("PUT /err/items"), origin), preflight),
                        ]
                    };
                    let requests = steps.each_ref().map(|(request, _)| request.clone());
                    for ((request, want), response) in steps.iter().zip(conn.exchange(&requests)) {
                        check(&response, *want, &shown(request));
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a client saw a wrong answer (its message is above)");
    }
}

// ---------------------------------------------------------------------------------------------
// Header lines as they come on the wire.
// ---------------------------------------------------------------------------------------------

/// Several `Access-Control-Request-Headers` lines are one list (SPEC §4.7); header names match
/// in any case; whitespace around a value is not part of it (RFC 9110 §5.5).
#[test]
fn header_lines_split_in_odd_case_or_padded_read_as_browsers_mean_them() {
    let (routes, layered) = (serve!(routes_app!()), serve!(layered_app!()));
    let host = "lines.test";
    let asking = |target: &str, lines: &[&str]| {
        let preflight = Raw::preflight(host, &format!("PUT {target}"), APP);
        lines.iter().fold(preflight, |raw, line| raw.h(ACRH, line)).end()
    };
    let long_list = format!("x-trace,{}content-type", " ".repeat(100_000));
    let odd_case =
        Raw::new(host, "OPTIONS /orders/1", "").h("ORIGIN", APP).h("access-control-request-method", "PUT");
    let padded = Raw::new(host, "OPTIONS /orders/1", "")
        .line(format!("Origin:   {APP}\t ").as_bytes())
        .line(b"Access-Control-Request-Method: \t PUT  ")
        .line(b"Access-Control-Request-Headers:  content-type ,  ,x-trace\t");
    routes.check_each(&[
        ("two lines", asking("/orders/1", &["content-type", "x-trace"]), Preflight(APP)),
        ("second line not allowed", asking("/orders/1", &["content-type", "x-evil"]), Refused),
        ("first line not allowed", asking("/orders/1", &["x-evil", "content-type"]), Refused),
        ("100 KB of request headers", asking("/orders/1", &[&long_list]), Refused),
        ("names in odd case", odd_case.h("ACCESS-CONTROL-REQUEST-HEADERS", "X-Trace").end(), Preflight(APP)),
        (
            "ORIGIN",
            Raw::new(host, "GET /orders/2", "").h("ORIGIN", OTHER).end(),
            Readable(200, OTHER, "order 2"),
        ),
        ("padded values", padded.end(), Preflight(APP)),
        (
            "padded Origin",
            Raw::new(host, "GET /orders/3", "").line(format!("Origin:{APP}  ").as_bytes()).end(),
            Readable(200, APP, "order 3"),
        ),
    ]);
    let odd_case = Raw::new(host, "OPTIONS /err/items/1", "")
        .h("oRiGiN", OTHER)
        .h("ACCESS-control-REQUEST-method", "PUT");
    layered.check_each(&[
        ("two lines", asking("/err/items/1", &["authorization", "content-type"]), Preflight(APP)),
        ("one line not allowed", asking("/err/items/1", &["authorization", "x-evil"]), Refused),
        ("names in odd case", odd_case.end(), Preflight(OTHER)),
    ]);
}

/// A repeated `Origin` is not an origin, and a repeated `Access-Control-Request-Method` asks for
/// no method (SPEC §4.8): neither is ever granted.
#[test]
fn repeated_origin_or_request_method_lines_never_grant_an_origin() {
    let (routes, layered) = (serve!(routes_app!()), serve!(layered_app!()));
    let host = "repeated.test";
    let twice = |line: &str, second: &str| Raw::new(host, line, APP).h("Origin", second);
    let methods = |first: &str, second: &str| {
        Raw::new(host, "OPTIONS /orders/1", APP).h(ACRM, first).h(ACRM, second).end()
    };
    routes.check_each(&[
        ("Origin twice, preflight", twice("OPTIONS /orders/1", APP).h(ACRM, "PUT").end(), Refused),
        ("Origin twice", twice("GET /orders/1", APP).end(), Hidden(200, "order 1")),
        // With any origin, a preflight carrying two is refused, while an actual request gets `*`
        // as every request there does, `null` included: its answer never depends on `Origin`, so
        // it carries no `Vary: Origin` and grants no particular origin (README, hostile input).
        ("Origin twice, any origin, preflight", twice("OPTIONS /public", EVIL).h(ACRM, "GET").end(), Refused),
        ("Origin twice, any origin", twice("GET /public", EVIL).end(), Readable(200, "*", "public")),
        ("null, any origin", req(host, "GET /public", "null"), Readable(200, "*", "public")),
        // Refused, or the router's 404 when the first names a method no route there serves.
        ("method twice, same", methods("PUT", "PUT"), Refused),
        ("method twice, other second", methods("PUT", "DELETE"), Refused),
        ("method twice, GET route first", methods("GET", "PUT"), Refused),
        ("method twice, unserved first", methods("DELETE", "PUT"), Untouched(404)),
    ]);
    layered.check_each(&[("Origin twice", twice("PUT /err/items/1", APP).end(), Hidden(401, ERR_401))]);
}

// ---------------------------------------------------------------------------------------------
// Request targets and versions: the policy is the routed route's.
// ---------------------------------------------------------------------------------------------

#[test]
fn absolute_form_queries_escapes_and_http_1_0_get_the_routed_routes_policy() {
    let (routes, layered) = (serve!(routes_app!()), serve!(layered_app!()));
    let host = "targets.test";
    routes.check_each(&[
        // Absolute form: routed on its path (RFC 9112 §3.2.2).
        ("absolute form", pre(host, "PUT http://api.example.com/orders/1", APP), Preflight(APP)),
        ("query", pre(host, "PUT /orders/1?x=1&y=%20", APP), Preflight(APP)),
        // actix-web routes `/%6Frders/1` to `/orders/{id}`: so does its policy, which allows
        // `x-trace` but not `x-nope`.
        ("escaped letter", pre_asking(host, "PUT /%6Frders/1", APP, "x-trace"), Preflight(APP)),
        ("escaped letter, header refused", pre_asking(host, "PUT /%6Frders/1", APP, "x-nope"), Refused),
        ("escaped letter, actual", req(host, "GET /%6Frders/1", APP), Readable(200, APP, "order 1")),
        ("HTTP/1.0", req(host, "GET /orders/11 HTTP/1.0", APP), Readable(200, APP, "order 11")),
        (
            "HTTP/1.0 preflight",
            Raw::new(host, "OPTIONS /orders/1 HTTP/1.0", OTHER).h(ACRM, "PUT").end(),
            Preflight(OTHER),
        ),
    ]);
    let refused = Readable(401, APP, ERR_401);
    layered.check_each(&[
        ("absolute form", req(host, "PUT http://api.example.com/err/items/1", APP), refused),
        ("query", req(host, "PUT /err/items/1?next=/ok", APP), refused),
        ("escaped scope", pre(host, "PUT /%65rr/items/1", APP), Preflight(APP)),
        ("HTTP/1.0", req(host, "PUT /err/items/1 HTTP/1.0", APP), refused),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Bodies awaited or refused unread.
// ---------------------------------------------------------------------------------------------

#[test]
fn expect_100_continue_keeps_the_routes_headers_on_the_final_answer() {
    let (routes, layered) = (serve!(routes_app!()), serve!(layered_app!()));
    let expecting = |line: &str, origin: &str, length: usize| {
        Raw::new("expect.test", line, origin)
            .h("Expect", "100-continue")
            .h("Content-Length", &length.to_string())
    };
    routes.check_each(&[
        ("echoed", expecting("POST /echo", APP, 9).body(b"continued"), Readable(200, APP, "continued")),
        ("echoed to another origin", expecting("POST /echo", EVIL, 3).body(b"abc"), Hidden(200, "abc")),
    ]);
    layered.check_each(&[
        // Auth refuses before the body is sent: its 401 carries the route's headers.
        ("body never sent", expecting("POST /err/upload", APP, 10).end(), Readable(401, APP, ERR_401)),
        (
            "signed in",
            expecting("POST /err/upload", APP, 10).auth().body(b"0123456789"),
            Readable(200, APP, "read 10"),
        ),
    ]);
}

/// Auth refusing a request whose body (itself a request) it never read: the 401 carries the
/// route's headers, the body is never served as a request, and whatever the connection does
/// next (actix-web's choice), the follow-up gets its own answer.
#[test]
fn auth_refusing_an_unread_body_answers_with_the_routes_headers() {
    let layered = serve!(layered_app!());
    let host = "unread.test";
    let inner = req(host, "GET /smuggled", EVIL);
    let chunked = [format!("{:x}\r\n", inner.len()).as_bytes(), &inner, b"\r\n0\r\n\r\n"].concat();
    let with_length = |line: &str| req_body(host, line, APP, &inner);
    let follow_up = req(host, "PUT /err/items/9", OTHER);
    let follow_up_answer = Readable(401, OTHER, ERR_401);
    for (name, request, want) in [
        ("Err(401), Content-Length", with_length("POST /err/upload"), Readable(401, APP, ERR_401)),
        (
            "Err(401), chunked",
            Raw::new(host, "POST /err/upload", APP).h("Transfer-Encoding", "chunked").body(&chunked),
            Readable(401, APP, ERR_401),
        ),
        ("Ok(401), Content-Length", with_length("PUT /ok/items/1"), Readable(401, APP, OK_401)),
    ] {
        let mut conn = Conn::open(layered.addr());
        conn.write(&[request, follow_up.clone()]);
        let (responses, closed) = conn.read();
        assert!(!responses.is_empty(), "{name}: no answer");
        check(&responses[0], want, name);
        if let Some(second) = responses.get(1) {
            check(second, follow_up_answer, &format!("{name}: follow-up"));
        } else {
            assert!(closed, "{name}: neither closed nor answered the follow-up");
            let second = Conn::open(layered.addr()).exchange(std::slice::from_ref(&follow_up)).remove(0);
            check(&second, follow_up_answer, &format!("{name}: follow-up, new connection"));
        }
    }
    let ran = calls(host);
    assert!(
        ran.iter().all(|c| c.starts_with("auth ")),
        "a body was served as a request, or a handler ran: {ran:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Panics, and two applications per worker.
// ---------------------------------------------------------------------------------------------

/// A handler panics (what its connection gets is actix-web's affair); on the one worker, later
/// requests on a new connection get their own headers, exactly once each.
#[test]
fn a_handlers_panic_leaves_later_answers_right() {
    let (routes, layered) = (serve!(routes_app!()), serve!(layered_app!()));
    let cases: [(&str, SocketAddr, &str, MakeSequence); 2] = [
        ("routes", routes.addr(), "GET /orders/0", routes_sequence),
        ("layered", layered.addr(), "GET /ok/slow/0", layered_sequence),
    ];
    for (app, addr, line, sequence) in cases {
        let mut conn = Conn::open(addr);
        conn.write(&[Raw::new("panic.test", line, APP).auth().h("X-Panic", "1").end()]);
        // Waits for the panic to have happened: the server answers or closes.
        let _ = conn.read();
        run_sequence(addr, &format!("after-panic-{app}.test"), sequence, false);
    }
}

/// `HttpServer` builds an application per worker per bound address: `#[cors]` routes behind
/// auth, `Layer`, `Cors::scope`, `Cors::new` and the limiter answer alike on each.
#[test]
fn a_server_bound_to_two_addresses_answers_alike_on_both() {
    let server = serve!(1, 2, layered_app!());
    assert_eq!(server.addrs.len(), 2);
    for (index, addr) in server.addrs.iter().enumerate() {
        run_sequence(*addr, &format!("bind{index}.test"), layered_sequence, false);
    }
}
