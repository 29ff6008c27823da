//! `Layer` changes nothing for an application whose other middleware never refuses or answers
//! a request: each application here is built without the layer and with it, and every request
//! of a large set (methods, near-miss paths, hostile and repeated `Origin`s, every
//! `Access-Control-Request-Method` and `-Headers` variant, private network, hosts for guards)
//! gets the same status, headers and body from both; and from the layer with middleware between
//! that lets every request through once polled, as auth does for a signed-in user.
use std::collections::BTreeMap;
use std::fmt::Write as _;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::guard::{self, GuardContext};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Condition, Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, delete, error, get, patch, post, put, route, web};
use strict_cors::{Cors, Layer, LivePolicy, Policy, cors, policy};

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const SUB: &str = "https://x.example.com";
const EVIL: &str = "https://evil.example.net";

/// A request, as sent to both applications.
#[derive(Clone, Debug)]
struct Req {
    method: Method,
    path: String,
    headers: Vec<(&'static str, Vec<u8>)>,
}

impl Req {
    fn describe(&self) -> String {
        let mut s = format!("{} {}", self.method, self.path);
        for (n, v) in &self.headers {
            let v = String::from_utf8_lossy(v);
            let v = if v.len() > 60 { format!("<{} bytes>", v.len()) } else { v.into_owned() };
            let _ = write!(s, " | {n}: {v}");
        }
        s
    }
    fn build(&self) -> TestRequest {
        let mut t = TestRequest::default().method(self.method.clone()).uri(&self.path);
        for (n, v) in &self.headers {
            t = t.append_header((*n, HeaderValue::from_bytes(v).unwrap()));
        }
        t
    }
}

/// What a response says: status, every header, body.
#[derive(PartialEq, Debug, Clone)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn short(&self) -> String {
        let hs: Vec<String> = self
            .headers
            .iter()
            .filter(|(n, _)| n.starts_with("access-control") || n == "vary" || n == "allow")
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        let body = if self.body.len() > 40 { format!("{}...", &self.body[..40]) } else { self.body.clone() };
        format!("{} [{}] body={:?}", self.status, hs.join("; "), body)
    }
}

async fn collect<S, B, Rq>(app: &S, reqs: &[Req], mk: fn(TestRequest) -> Rq) -> Vec<Resp>
where
    S: Service<Rq, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let mut out = Vec::with_capacity(reqs.len());
    for r in reqs {
        let result = app.call(mk(r.build())).await;
        let response = match result {
            Ok(response) => response.into_parts().1.map_into_boxed_body(),
            Err(error) => error.error_response(),
        };
        let status = response.status().as_u16();
        let mut headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let body = actix_web::body::to_bytes(response.into_body()).await.unwrap_or_default();
        out.push(Resp { status, headers, body: String::from_utf8_lossy(&body).into_owned() });
    }
    out
}

fn report(name: &str, reqs: &[Req], without: &[Resp], with: &[Resp]) -> usize {
    let mut n = 0;
    let mut classes: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::default();
    for (i, (a, b)) in without.iter().zip(with).enumerate() {
        if a != b {
            n += 1;
            let key = format!("{} | {}", a.short(), b.short());
            let e = classes.entry(key).or_default();
            e.0 += 1;
            if e.1.len() < 4 {
                e.1.push(i);
            }
        }
    }
    eprintln!("==== {name}: {} requests, {n} differ, {} classes", reqs.len(), classes.len());
    for (count, idx) in classes.values() {
        eprintln!("-- {count} x");
        for &i in idx {
            eprintln!("   REQ  {}", reqs[i].describe());
        }
        let i = idx[0];
        eprintln!("   W/O  {}", without[i].short());
        eprintln!("   WITH {}", with[i].short());
        if without[i].headers != with[i].headers {
            let a: Vec<_> = without[i].headers.iter().filter(|h| !with[i].headers.contains(h)).collect();
            let b: Vec<_> = with[i].headers.iter().filter(|h| !without[i].headers.contains(h)).collect();
            eprintln!("   only w/o: {a:?}\n   only with: {b:?}");
        }
    }
    n
}

/// The `Origin` lines of a request.
#[derive(Clone)]
enum O {
    None,
    One(&'static str),
    Raw(Vec<u8>),
    Twice(&'static str, &'static str),
}

fn origins(allowed: &[&'static str]) -> Vec<O> {
    let mut v = vec![O::None];
    for a in allowed {
        v.push(O::One(a));
    }
    v.push(O::One(EVIL));
    v.push(O::One("null"));
    v.push(O::Twice(APP, APP));
    v.push(O::Twice(APP, EVIL));
    v.push(O::Raw(b"https://APP.example.com".to_vec()));
    v.push(O::Raw(b"https://app.example.com/".to_vec()));
    v.push(O::Raw(b"https://\xffapp.example.com".to_vec()));
    v.push(O::Raw(format!("https://{}.example.com", "a".repeat(600)).into_bytes()));
    v
}

fn add_origin(h: &mut Vec<(&'static str, Vec<u8>)>, o: &O) {
    match o {
        O::None => {}
        O::One(s) => h.push(("origin", s.as_bytes().to_vec())),
        O::Raw(b) => h.push(("origin", b.clone())),
        O::Twice(a, b) => {
            h.push(("origin", a.as_bytes().to_vec()));
            h.push(("origin", b.as_bytes().to_vec()));
        }
    }
}

fn acrh_variants() -> Vec<Vec<&'static str>> {
    let huge: &'static str = Box::leak(vec!["x-a"; 1400].join(",").into_boxed_str());
    let many: &'static str =
        Box::leak((0..70).map(|i| format!("x-{i}")).collect::<Vec<_>>().join(",").into_boxed_str());
    vec![
        vec![],
        vec!["content-type"],
        vec!["x-a"],
        vec!["X-A, Content-Type"],
        vec!["x-nope"],
        vec!["authorization"],
        vec!["x-a", "content-type"],
        vec!["x-a", "x-nope"],
        vec![" , x-a ,, "],
        vec!["*"],
        vec![huge],
        vec![many],
    ]
}

/// Every request for these paths, origins and hosts.
fn requests(paths: &[&str], origins: &[O], hosts: &[Option<&'static str>], full: bool) -> Vec<Req> {
    let mut v = Vec::new();
    let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PURGE"];
    let acrms: Vec<Vec<&str>> = vec![
        vec![],
        vec!["GET"],
        vec!["HEAD"],
        vec!["POST"],
        vec!["PUT"],
        vec!["DELETE"],
        vec!["PATCH"],
        vec!["PURGE"],
        vec!["OPTIONS"],
        vec!["put"],
        vec!["PUT", "GET"],
        vec![""],
    ];
    let header_lists = acrh_variants();
    for host in hosts {
        for path in paths {
            for o in origins {
                let mut base = Vec::new();
                if let Some(h) = host {
                    base.push(("host", h.as_bytes().to_vec()));
                }
                add_origin(&mut base, o);
                for m in methods {
                    v.push(Req {
                        method: Method::from_bytes(m.as_bytes()).unwrap(),
                        path: path.to_string(),
                        headers: base.clone(),
                    });
                }
                // a request with PNA header but not preflight
                let mut h = base.clone();
                h.push(("access-control-request-private-network", b"true".to_vec()));
                v.push(Req { method: Method::GET, path: path.to_string(), headers: h });
                for acrm in &acrms {
                    let simple_origin = matches!(o, O::One(_));
                    let hs: Vec<Vec<&str>> =
                        if full && simple_origin { header_lists.clone() } else { vec![vec![], vec!["x-a"]] };
                    for acrh in &hs {
                        for pna in [false, true] {
                            if pna && !(full && simple_origin) {
                                continue;
                            }
                            let mut h = base.clone();
                            for m in acrm {
                                h.push(("access-control-request-method", m.as_bytes().to_vec()));
                            }
                            for line in acrh {
                                h.push(("access-control-request-headers", line.as_bytes().to_vec()));
                            }
                            if pna {
                                h.push(("access-control-request-private-network", b"true".to_vec()));
                            }
                            v.push(Req { method: Method::OPTIONS, path: path.to_string(), headers: h });
                        }
                    }
                }
            }
        }
    }
    v
}

/// The responses to `$reqs` of the application `$app` makes, built three ways: without the
/// layer, with it, and with it and middleware between that waits before it goes on, as auth
/// does (the route is reached while the layer polls, not while it calls). Each `$rounds`
/// times, `$before(round)` running before each round.
macro_rules! three_ways {
    ($app:expr, $reqs:expr, $rounds:expr, $before:expr) => {{
        let mut ways: [Vec<Vec<Resp>>; 3] = Default::default();
        let app = init_service($app).await;
        for round in 0..$rounds {
            $before(round);
            ways[0].push(collect(&app, $reqs, TestRequest::to_request).await);
        }
        let app = init_service($app.wrap(Layer)).await;
        for round in 0..$rounds {
            $before(round);
            ways[1].push(collect(&app, $reqs, TestRequest::to_request).await);
        }
        let app = init_service($app.wrap(from_fn(pass_through)).wrap(Layer)).await;
        for round in 0..$rounds {
            $before(round);
            ways[2].push(collect(&app, $reqs, TestRequest::to_request).await);
        }
        ways
    }};
}

/// How many responses to `reqs` differ with the layer, in a round of each of `ways` (see
/// [`three_ways`]), the differences printed.
fn differences(name: &str, reqs: &[Req], ways: &[Vec<Vec<Resp>>; 3], round: usize) -> usize {
    let [without, with, behind] = ways;
    report(name, reqs, &without[round], &with[round])
        + report(&format!("{name}, behind middleware"), reqs, &without[round], &behind[round])
}

macro_rules! diff {
    ($name:expr, $reqs:expr, $app:expr) => {{
        let reqs: Vec<Req> = $reqs;
        let ways = three_ways!($app, &reqs, 1, |_| ());
        differences($name, &reqs, &ways, 0)
    }};
}

/// Middleware that lets every request through, once polled.
async fn pass_through(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    next.call(req).await
}

// app 1: handlers

#[cors(origins = ["https://app.example.com"], credentials, allow_headers = ["x-a", "content-type"], expose_headers = ["x-total"], max_age = 600)]
#[get("/items")]
async fn items_get() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total", "3")).body("items_get")
}

#[cors(origins = "*", allow_headers = ["*", "authorization"], expose_headers = "*")]
#[post("/items")]
async fn items_post() -> impl Responder {
    HttpResponse::Created().body("items_post")
}

#[cors(origins = ["https://admin.example.com", "https://app.example.com"], private_network, max_age = 0, allow_headers = ["x-a"])]
#[put("/items/{id}")]
async fn item_put() -> impl Responder {
    HttpResponse::Ok().insert_header((header::VARY, "Accept-Encoding")).body("item_put")
}

#[cors(origins = ["https://*.example.com"], methods = [])]
#[delete("/items/{id}")]
async fn item_delete() -> impl Responder {
    HttpResponse::Ok().insert_header(("access-control-allow-origin", "*")).body("item_delete")
}

#[cors(origins = ["https://app.example.com"], methods = ["GET"], allow_headers = ["x-a"])]
#[route("/opt", method = "GET", method = "OPTIONS")]
async fn opt() -> impl Responder {
    HttpResponse::Ok().body("opt")
}

#[cors(origins = ["https://app.example.com"], methods = ["PUT"])]
#[route("/purge", method = "PUT", method = "PURGE")]
async fn purge() -> impl Responder {
    HttpResponse::Ok().body("purge")
}

#[cors(origins = ["https://admin.example.com"], credentials, allow_headers = ["x-a"])]
#[get("/p/{n:\\d+}")]
async fn numbered() -> impl Responder {
    HttpResponse::Ok().body("numbered")
}

#[cors(origins = ["https://app.example.com"])]
#[patch("/p/{name}")]
async fn named() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorConflict("named conflict"))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"])]
#[post("/json")]
async fn json(_body: web::Json<Vec<u32>>) -> impl Responder {
    HttpResponse::Ok().body("json")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-a"])]
#[get("/")]
async fn root() -> impl Responder {
    HttpResponse::Ok().body("root")
}

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-e"])]
#[get("")]
async fn empty_path() -> impl Responder {
    HttpResponse::Ok().body("empty_path")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-a"])]
#[get("/twice")]
async fn twice() -> impl Responder {
    HttpResponse::Ok().body("twice")
}

async fn plain() -> HttpResponse {
    HttpResponse::Ok().body("plain")
}

async fn default() -> HttpResponse {
    HttpResponse::NotFound().body("default")
}

#[actix_web::test]
async fn handlers_of_every_kind() {
    let paths = [
        "/items",
        "/items/",
        "/Items",
        "/items/7",
        "/items/7/",
        "/items/7/x",
        "/item%73",
        "/items%2F7",
        "/items/%37",
        "/opt",
        "/opt/",
        "/purge",
        "/t/acme/p/12",
        "/t/acme/p/abc",
        "/t/acme/p/12/",
        "/t/%61cme/p/12",
        "/t/a%2Fb/p/12",
        "/json",
        "/",
        "/twice",
        "/m/twice",
        "/m",
        "/m/",
        "/plain",
        "/nothing",
        "/items?x=1",
        "/items/7?x=1",
        "//items",
        "/./items",
    ];
    let o = origins(&[APP, ADMIN, SUB]);
    let reqs = requests(&paths, &o, &[None], true);
    let n = diff!(
        "handlers",
        reqs,
        App::new()
            .service(items_get)
            .service(items_post)
            .service(item_put)
            .service(item_delete)
            .route("/items", web::put().to(plain))
            .route("/items/{id}", web::get().to(plain))
            .service(opt)
            .service(purge)
            .service(web::scope("/t/{team}").service(numbered).service(named))
            .service(json)
            .service(root)
            .service(twice)
            .service(web::scope("/m").service(twice).service(empty_path))
            .route("/plain", web::get().to(plain))
            .default_service(web::to(default))
    );
    assert_eq!(n, 0, "responses differ with the layer");
}

// app 1b: same-shape own regexes, top level

#[cors(origins = ["https://admin.example.com"], credentials, allow_headers = ["x-a"])]
#[get("/q/{n:\\d+}")]
async fn q_numbered() -> impl Responder {
    HttpResponse::Ok().body("q_numbered")
}

#[cors(origins = ["https://app.example.com"])]
#[patch("/q/{name}")]
async fn q_named() -> impl Responder {
    HttpResponse::Ok().body("q_named")
}

#[cors(origins = ["https://app.example.com"])]
#[get("/r/{name}")]
async fn r_named() -> impl Responder {
    HttpResponse::Ok().body("r_named")
}

#[cors(origins = ["https://admin.example.com"], credentials)]
#[get("/r/{n:\\d+}")]
async fn r_numbered() -> impl Responder {
    HttpResponse::Ok().body("r_numbered")
}

#[actix_web::test]
async fn routes_of_one_shape_with_regexes_of_their_own() {
    let paths = [
        "/q/12",
        "/q/abc",
        "/q/",
        "/r/12",
        "/r/abc",
        "/nothing",
        "/q/%31%32",
        "/q/1%2F2",
        "/q/%E2%82%AC",
        "/r/%31",
        "/r/1%2F2",
    ];
    let o = origins(&[APP, ADMIN]);
    let reqs = requests(&paths, &o, &[None], true);
    let n = diff!(
        "own regexes",
        reqs,
        App::new()
            .service(q_numbered)
            .service(q_named)
            .service(r_named)
            .service(r_numbered)
            .default_service(web::to(default))
    );
    assert_eq!(n, 0, "responses differ with the layer");
}

// app 2: guards

fn host_a(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|h| h == "a.example.com")
}

fn host_b(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|h| h == "b.example.com")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-a"])]
#[put("/tenant", guard = "host_a")]
async fn tenant_a() -> impl Responder {
    HttpResponse::Ok().body("tenant_a")
}

#[cors(origins = ["https://admin.example.com"], credentials)]
#[put("/tenant", guard = "host_b")]
async fn tenant_b() -> impl Responder {
    HttpResponse::Ok().body("tenant_b")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-a"])]
#[get("/g/{id}", guard = "host_a")]
async fn g_a() -> impl Responder {
    HttpResponse::Ok().body("g_a")
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/h", guard = "host_a")]
async fn h_a() -> impl Responder {
    HttpResponse::Ok().body("h_a")
}

#[cors(origins = ["https://admin.example.com"])]
#[post("/h")]
async fn h_post() -> impl Responder {
    HttpResponse::Ok().body("h_post")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-a"])]
#[route("/ho", method = "GET", method = "OPTIONS", guard = "host_a")]
async fn ho_a() -> impl Responder {
    HttpResponse::Ok().body("ho_a")
}

#[actix_web::test]
async fn routes_told_apart_by_their_own_guards() {
    let paths = ["/tenant", "/tenant/", "/g/1", "/g/1/", "/h", "/ho", "/nothing"];
    let o = origins(&[APP, ADMIN]);
    let hosts = [
        None,
        Some("a.example.com"),
        Some("b.example.com"),
        Some("A.EXAMPLE.COM"),
        Some("a.example.com:8080"),
        Some("c.example.com"),
    ];
    let reqs = requests(&paths, &o, &hosts, true);
    let n = diff!(
        "guards",
        reqs,
        App::new()
            .service(tenant_a)
            .service(tenant_b)
            .service(g_a)
            .service(web::resource("/g/{x}").guard(guard::Host("b.example.com")).route(web::get().to(plain)))
            .service(h_a)
            .service(h_post)
            .service(ho_a)
            .route("/ho", web::get().to(plain))
            .default_service(web::to(default))
    );
    assert_eq!(n, 0, "responses differ with the layer");
}

// app 3: Cors middleware

static P: Policy =
    policy!(origins = ["https://app.example.com"], allow_headers = ["x-a"], expose_headers = ["x-e"]);
static Q: Policy =
    policy!(origins = ["https://admin.example.com"], credentials, max_age = 60, methods = ["GET", "PUT"]);
static R: Policy = policy!(origins = "*", allow_headers = "*");

#[cors(origins = ["https://admin.example.com"], allow_headers = ["x-b"])]
#[put("/x")]
async fn cors_put_x() -> impl Responder {
    HttpResponse::Ok().body("cors_put_x")
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/y/{id}")]
async fn cors_get_y() -> Result<HttpResponse, actix_web::Error> {
    Err(error::ErrorImATeapot("teapot"))
}

#[cors(origins = "*")]
#[delete("/x")]
async fn cors_delete_x() -> impl Responder {
    HttpResponse::Ok().body("cors_delete_x")
}

async fn leaky() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("access-control-allow-origin", "*"))
        .insert_header(("access-control-max-age", "99"))
        .insert_header((header::VARY, "Accept"))
        .body("leaky")
}

#[actix_web::test]
async fn cors_middleware_on_scopes_and_resources() {
    let paths = [
        "/s/x",
        "/s/y/1",
        "/s/plain",
        "/s/leaky",
        "/s/none",
        "/s",
        "/s/",
        "/S/x",
        "/cs/x",
        "/cs/y/1",
        "/cs/r",
        "/cs/none",
        "/cs",
        "/cs/",
        "/csx",
        "/outer/r",
        "/outer/inner/r",
        "/outer/inner/x",
        "/outer/inner",
        "/outer/other",
        "/n1/r",
        "/n1/n2/r",
        "/n1/n2/x",
        "/n1/n2/none",
        "/res",
        "/res/",
        "/x",
        "/nothing",
    ];
    let o = origins(&[APP, ADMIN]);
    let reqs = requests(&paths, &o, &[None], true);
    let n = diff!(
        "cors middleware",
        reqs,
        App::new()
            .service(
                web::scope("/s")
                    .wrap(Cors::new(&P))
                    .service(cors_put_x)
                    .service(cors_delete_x)
                    .service(cors_get_y)
                    .route("/plain", web::get().to(plain))
                    .route("/leaky", web::get().to(leaky)),
            )
            .service(
                Cors::new(&Q)
                    .scope("/cs")
                    .service(cors_put_x)
                    .service(cors_get_y)
                    .route("/r", web::get().to(plain))
            )
            .service(
                Cors::new(&P).scope("/outer").route("/r", web::get().to(plain)).service(
                    Cors::new(&Q).scope("/inner").route("/r", web::get().to(plain)).service(cors_put_x)
                ),
            )
            .service(web::scope("/n1").wrap(Cors::new(&P)).route("/r", web::get().to(plain)).service(
                web::scope("/n2").wrap(Cors::new(&Q)).route("/r", web::get().to(plain)).service(cors_put_x)
            ),)
            .service(web::resource("/res").wrap(Cors::new(&R)).route(web::post().to(plain)))
            .service(cors_put_x)
            .default_service(web::to(default))
    );
    assert_eq!(n, 0, "responses differ with the layer");
}

#[actix_web::test]
async fn cors_middleware_on_the_app() {
    let paths = ["/x", "/x/", "/y/1", "/plain", "/leaky", "/nothing", "/"];
    let o = origins(&[APP, ADMIN]);
    let reqs = requests(&paths, &o, &[None], true);
    let n = diff!(
        "cors on the app",
        reqs,
        App::new()
            .service(cors_put_x)
            .service(cors_delete_x)
            .service(cors_get_y)
            .route("/plain", web::get().to(plain))
            .route("/leaky", web::get().to(leaky))
            .default_service(web::to(default))
            .wrap(Cors::new(&P))
    );
    assert_eq!(n, 0, "responses differ with the layer");
}

#[actix_web::test]
async fn a_cors_scope_over_the_whole_app() {
    let paths = ["/x", "/x/", "/y/1", "/plain", "/leaky", "/nothing", "/"];
    let o = origins(&[APP, ADMIN]);
    let reqs = requests(&paths, &o, &[None], true);
    let n = diff!(
        "cors scope over the app",
        reqs,
        App::new().service(
            Cors::new(&R)
                .scope("")
                .service(cors_put_x)
                .service(cors_get_y)
                .route("/plain", web::get().to(plain))
                .route("/leaky", web::get().to(leaky))
                .default_service(web::to(default))
        )
    );
    assert_eq!(n, 0, "responses differ with the layer");
}

// app 4: live

static LIVE: LivePolicy =
    LivePolicy::new(policy!(origins = ["https://app.example.com"], allow_headers = ["x-a"]));

#[cors(policy = LIVE)]
#[put("/live/{id}")]
async fn live_put() -> impl Responder {
    HttpResponse::Ok().body("live_put")
}

fn reload(step: usize) {
    let b = match step {
        0 => Policy::builder().origins(["https://app.example.com"]).allow_headers(["x-a"]),
        1 => Policy::builder()
            .origins(["https://admin.example.com", "https://app.example.com"])
            .credentials(true)
            .max_age(10),
        _ => Policy::builder().origins(["*"]).allow_headers(["*"]),
    };
    LIVE.reload(b.build().unwrap());
}

#[actix_web::test]
async fn live_policies_reloaded_between_requests() {
    let paths = ["/live/1", "/ls/r", "/ls/live/1", "/lc/r", "/nothing"];
    let o = origins(&[APP, ADMIN]);
    let reqs = requests(&paths, &o, &[None], true);
    macro_rules! mk {
        () => {
            App::new()
                .service(live_put)
                .service(
                    web::scope("/ls")
                        .wrap(Cors::new(&LIVE))
                        .route("/r", web::get().to(plain))
                        .service(live_put),
                )
                .service(Cors::new(&LIVE).scope("/lc").route("/r", web::get().to(plain)))
                .default_service(web::to(default))
        };
    }
    let ways = three_ways!(mk!(), &reqs, 3, reload);
    for step in 0..3 {
        let n = differences(&format!("live step {step}"), &reqs, &ways, step);
        assert_eq!(n, 0, "responses differ with the layer after reload {step}");
    }
}

// Auth in front of the routes

/// Refuses every request, as auth does one without credentials (a preflight carries none).
async fn refuse_all(
    _req: ServiceRequest,
    _next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, actix_web::Error> {
    Err(error::ErrorUnauthorized("sign in first"))
}

/// An application whose routes and scopes sit behind auth that refuses everything, if `$auth`,
/// on a scope, on a scope inside a `Cors::scope`, outside a `Cors::scope`, and on the `App`.
macro_rules! behind_auth {
    ($auth:expr) => {
        App::new()
            .service(
                web::scope("/api")
                    .wrap(Condition::new($auth, from_fn(refuse_all)))
                    .service(items_get)
                    .service(items_post)
                    .service(item_put)
                    .service(item_delete)
                    .service(web::scope("/t/{team}").service(numbered).service(named)),
            )
            .service(
                Cors::new(&Q).scope("/cs").service(
                    web::scope("/in")
                        .wrap(Condition::new($auth, from_fn(refuse_all)))
                        .service(cors_put_x)
                        .route("/r", web::get().to(plain)),
                ),
            )
            .service(
                Cors::new(&P)
                    .scope("/outer")
                    .route("/r", web::get().to(plain))
                    .service(cors_get_y)
                    .wrap(Condition::new($auth, from_fn(refuse_all))),
            )
            .service(web::scope("/app").service(twice).service(opt))
            .wrap(Condition::new($auth, from_fn(refuse_all)))
    };
}

/// Behind the layer, auth never sees a preflight it answers: every preflight that the same
/// application without auth answers (204, or the policy's 403) gets the same answer with auth
/// refusing everything in front of the routes.
#[actix_web::test]
async fn preflights_are_answered_as_if_auth_were_not_there() {
    let paths = [
        "/api/items",
        "/api/items/7",
        "/api/items/7/",
        "/api/t/acme/p/12",
        "/api/t/acme/p/abc",
        "/cs/in/x",
        "/cs/in/r",
        "/cs/in/none",
        "/cs/r",
        "/outer/r",
        "/outer/y/1",
        "/outer/none",
        "/app/twice",
        "/app/opt",
        "/nothing",
    ];
    let reqs: Vec<Req> = requests(&paths, &origins(&[APP, ADMIN, SUB]), &[None], true)
        .into_iter()
        .filter(|r| r.method == Method::OPTIONS)
        .collect();
    let without_auth =
        collect(&init_service(behind_auth!(false)).await, &reqs, TestRequest::to_request).await;
    let with_auth =
        collect(&init_service(behind_auth!(true).wrap(Layer)).await, &reqs, TestRequest::to_request).await;
    let answered: Vec<usize> =
        (0..reqs.len()).filter(|&i| matches!(without_auth[i].status, 204 | 403)).collect();
    let pick = |responses: &[Resp]| answered.iter().map(|&i| responses[i].clone()).collect::<Vec<_>>();
    let asked: Vec<Req> = answered.iter().map(|&i| reqs[i].clone()).collect();
    assert!(asked.len() > 1000, "{} preflights answered", asked.len());
    let n = report("preflights behind auth", &asked, &pick(&without_auth), &pick(&with_auth));
    assert_eq!(n, 0, "auth changed the answer to a preflight the layer answers");
}
