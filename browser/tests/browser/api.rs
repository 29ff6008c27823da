//! The API the browsers call: one `#[cors]` handler per behaviour under test, and a recorder of
//! every request that reaches the server (preflights included), keyed by scenario.

use std::sync::{Arc, Mutex};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpResponse, Responder, delete, error, get, patch, post, put, route, web};
use strict_cors::{LivePolicy, Policy, cors, policy};

use crate::support::{by_hand, require_token};

/// A request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) scenario: String,
    pub(crate) preflight: bool,
}

/// Every request the API received, in order.
#[derive(Clone, Default)]
pub(crate) struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    /// (preflights, actual requests) received for `scenario`.
    pub(crate) fn counts(&self, scenario: &str) -> (usize, usize) {
        let seen = self.0.lock().unwrap();
        let of = seen.iter().filter(|s| s.scenario == scenario);
        let preflights = of.clone().filter(|s| s.preflight).count();
        (preflights, of.count() - preflights)
    }
}

async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let recorder = req.app_data::<web::Data<Recorder>>().cloned();
    let scenario = req.query_string().strip_prefix("s=").unwrap_or_default().to_owned();
    let preflight = req.method() == actix_web::http::Method::OPTIONS
        && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if let Some(recorder) = recorder {
        recorder.0.lock().unwrap().push(Seen { scenario, preflight });
    }
    next.call(req).await
}

#[cors(origins = "*", expose_headers = ["x-total-count"])]
#[get("/public")]
async fn public() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "7")).insert_header(("x-secret", "s")).body("public")
}

#[cors(origins = ["https://elsewhere.example"])]
#[get("/private")]
async fn private() -> impl Responder {
    HttpResponse::Ok().body("private")
}

#[cors(origins = ["http://localhost:*", "http://*.localhost:*"], credentials)]
#[get("/account")]
async fn account() -> impl Responder {
    HttpResponse::Ok().body("account")
}

#[cors(origins = ["http://localhost:*"])]
#[get("/anonymous")]
async fn anonymous() -> impl Responder {
    HttpResponse::Ok().body("anonymous")
}

#[cors(origins = ["http://localhost:*", "http://*.localhost:*"], allow_headers = ["x-trace", "content-type"], credentials)]
#[put("/items")]
async fn put_item() -> impl Responder {
    HttpResponse::Ok().body("put")
}

#[cors(origins = ["http://localhost:*", "http://*.localhost:*"], allow_headers = ["x-trace", "content-type"], credentials)]
#[patch("/items")]
async fn patch_item() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

#[cors(origins = ["https://elsewhere.example"], allow_headers = ["x-trace"])]
#[delete("/items")]
async fn delete_item() -> impl Responder {
    HttpResponse::Ok().body("deleted")
}

#[cors(origins = ["http://localhost:*"], allow_headers = ["authorization"])]
#[put("/auth/listed")]
async fn auth_listed() -> impl Responder {
    HttpResponse::Ok().body("authorized")
}

#[cors(origins = ["http://localhost:*"])]
#[put("/auth/unlisted")]
async fn auth_unlisted() -> impl Responder {
    HttpResponse::Ok().body("unlisted")
}

#[cors(origins = "*", allow_headers = "*")]
#[put("/auth/star")]
async fn auth_star() -> impl Responder {
    HttpResponse::Ok().body("star")
}

#[cors(origins = "*", allow_headers = ["*", "authorization"])]
#[put("/auth/star-and-authorization")]
async fn auth_star_and_authorization() -> impl Responder {
    HttpResponse::Ok().body("star and authorization")
}

#[cors(origins = ["http://localhost:*"], expose_headers = ["x-exposed"])]
#[get("/expose")]
async fn expose() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-exposed", "yes")).insert_header(("x-hidden", "no")).body("expose")
}

#[cors(origins = ["http://localhost:*"], allow_headers = ["content-type"])]
#[post("/json")]
async fn json(body: web::Json<Vec<u32>>) -> impl Responder {
    HttpResponse::Ok().body(body.len().to_string())
}

#[cors(origins = ["http://localhost:*"])]
#[get("/fail")]
async fn fail() -> Result<HttpResponse, error::Error> {
    Err(error::ErrorInternalServerError("failed on purpose"))
}

#[cors(origins = "*")]
#[get("/shared")]
async fn shared_get() -> impl Responder {
    HttpResponse::Ok().body("shared get")
}

#[cors(origins = ["https://elsewhere.example"], allow_headers = ["content-type"])]
#[post("/shared")]
async fn shared_post() -> impl Responder {
    HttpResponse::Ok().body("shared post")
}

#[cors(origins = ["http://*.localhost:*"], credentials)]
#[get("/subdomain")]
async fn subdomain() -> impl Responder {
    HttpResponse::Ok().body("subdomain")
}

#[cors(origins = ["http://localhost:*"])]
#[get("/port")]
async fn any_port() -> impl Responder {
    HttpResponse::Ok().body("any port")
}

#[cors(origins = ["http://localhost:1"])]
#[get("/other-port")]
async fn other_port() -> impl Responder {
    HttpResponse::Ok().body("port 1 only")
}

#[cors(origins = ["http://localhost:*"], allow_headers = ["x-trace"], max_age = 600)]
#[put("/cached")]
async fn cached() -> impl Responder {
    HttpResponse::Ok().body("cached")
}

#[cors(origins = ["http://localhost:*"], methods = ["PUT"], allow_headers = ["x-trace"])]
#[route("/method", method = "PUT", method = "PATCH")]
async fn put_only() -> impl Responder {
    HttpResponse::Ok().body("put only")
}

/// A live policy the suite reloads between calls: refusing the page's origin, then allowing it
/// (without caching the preflight), then refusing it again.
pub(crate) static LIVE: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://elsewhere.example"],
    methods = ["PUT"],
    allow_headers = ["x-trace"]
));

/// The policies [`LIVE`] is reloaded with.
pub(crate) fn live(allow_page: bool) -> Policy {
    let origin = if allow_page { "http://localhost:*" } else { "https://elsewhere.example" };
    Policy::builder()
        .origin(origin)
        .methods(["PUT"])
        .allow_headers(["x-trace"])
        .max_age(0)
        .build()
        .expect("valid")
}

#[cors(policy = LIVE)]
#[put("/live")]
async fn live_route() -> impl Responder {
    HttpResponse::Ok().body("live")
}

/// Behind auth that fails with `Err` without a token: only `strict_cors::Layer` keeps the
/// preflight (which carries no `authorization`) away from it.
#[cors(origins = ["http://localhost:*"], allow_headers = ["authorization"], credentials)]
#[put("/account")]
async fn guarded_account() -> impl Responder {
    HttpResponse::Ok().body("guarded")
}

/// `accept` listed, so that an engine that preflights an `accept` value with characters above
/// U+007F (Firefox) is allowed all the same.
#[cors(origins = ["http://localhost:*"], allow_headers = ["accept"])]
#[get("/accepts")]
async fn accepts() -> impl Responder {
    HttpResponse::Ok().body("accepts")
}

/// CORS written by hand, answering what this crate's policies never would, to show where the
/// engines part from the Fetch standard (and that `strict_cors::testing` knows it).
fn by_hand_routes(config: &mut web::ServiceConfig) {
    const ANY: (&str, &str) = ("access-control-allow-origin", "*");
    config
        // `*` covering `authorization`, which Fetch says it never does.
        .route("/hand/wildcard", web::route().to(by_hand(&[ANY, ("access-control-allow-headers", "*")])))
        // A grant from `*`, cached for ten minutes.
        .route(
            "/hand/wildcard-cached",
            web::route().to(by_hand(&[
                ANY,
                ("access-control-allow-methods", "*"),
                ("access-control-allow-headers", "*"),
                ("access-control-max-age", "600"),
            ])),
        )
        // A negative max-age, which Fetch reads as "not a number": 5 seconds.
        .route(
            "/hand/negative",
            web::route().to(by_hand(&[
                ANY,
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", "x-trace"),
                ("access-control-max-age", "-1"),
            ])),
        )
        // For pages in sandboxed frames, whose origin is `null` (which no policy of this crate
        // allows: any page can make itself such a frame).
        .route(
            "/hand/null-origin",
            web::route().to(by_hand(&[
                ("access-control-allow-origin", "null"),
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", "x-trace"),
                ("access-control-max-age", "600"),
            ])),
        )
        // A preflight answered, the actual response without CORS headers.
        .route(
            "/hand/preflight-only",
            web::method(actix_web::http::Method::OPTIONS).to(by_hand(&[
                ANY,
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", "x-trace"),
                ("access-control-max-age", "600"),
            ])),
        )
        .route("/hand/preflight-only", web::put().to(by_hand(&[])))
        // A preflight that grants `x-a` alone, for ten minutes; the actual response readable.
        .route(
            "/hand/x-a-only",
            web::method(actix_web::http::Method::OPTIONS).to(by_hand(&[
                ANY,
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", "x-a"),
                ("access-control-max-age", "600"),
            ])),
        )
        .route("/hand/x-a-only", web::put().to(by_hand(&[ANY])))
        // A redirect to another origin, after a preflight that allowed `authorization`.
        .route(
            "/hand/redirect-start",
            web::method(actix_web::http::Method::OPTIONS).to(by_hand(&[
                ANY,
                ("access-control-allow-headers", "authorization"),
                ("access-control-max-age", "0"),
            ])),
        )
        .route("/hand/redirect-start", web::get().to(redirect_start))
        .route(
            "/hand/redirect-target",
            web::method(actix_web::http::Method::OPTIONS).to(by_hand(&[
                ANY,
                ("access-control-allow-headers", "authorization"),
                ("access-control-max-age", "0"),
            ])),
        )
        .route("/hand/redirect-target", web::get().to(redirect_target))
        .route("/hand/echo", web::route().to(|req| echo(req, "")))
        .route("/hand/echo-star", web::route().to(|req| echo(req, "*, ")))
        // `Access-Control-Max-Age` not written as digits alone.
        .route(
            "/hand/max-age-plus",
            web::route().to(by_hand(&[
                ANY,
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", "x-a"),
                ("access-control-max-age", "+600"),
            ])),
        );
}

/// Grants whatever a request asks for, to whichever origin, with credentials, for ten minutes,
/// `Access-Control-Allow-Headers` led by `headers_before`: so that what the engine's preflight
/// cache keeps alone decides when a preflight is sent.
#[allow(clippy::unused_async)] // a handler
async fn echo(req: actix_web::HttpRequest, headers_before: &str) -> HttpResponse {
    let asked = |name| req.headers().get(name).cloned();
    let mut response = HttpResponse::Ok();
    if let Some(origin) = asked(header::ORIGIN) {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin));
        response.insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"));
    }
    if let Some(method) = asked(header::ACCESS_CONTROL_REQUEST_METHOD) {
        response.insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, method));
        let names = asked(header::ACCESS_CONTROL_REQUEST_HEADERS);
        let names = names.as_ref().and_then(|names| names.to_str().ok()).unwrap_or_default();
        response.insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, format!("{headers_before}{names}")));
        response.insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"));
    }
    response.body("echo")
}

/// The first hop of a redirect to another origin: the same server under another name
/// (`localhost` for `127.0.0.1`), so that the request reaches `redirect_target` from a hop that
/// is not the page's origin.
async fn redirect_start(req: actix_web::HttpRequest) -> HttpResponse {
    let port = req.connection_info().host().rsplit(':').next().unwrap_or_default().to_owned();
    let location = format!("http://localhost:{port}/hand/redirect-target?{}", req.query_string());
    HttpResponse::Found()
        .insert_header(("access-control-allow-origin", "*"))
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Where `redirect_start` leads: says whether `Authorization` came along.
async fn redirect_target(req: actix_web::HttpRequest) -> HttpResponse {
    let came = if req.headers().contains_key(header::AUTHORIZATION) { "authorization" } else { "none" };
    HttpResponse::Ok().insert_header(("access-control-allow-origin", "*")).body(came)
}

pub(crate) fn routes(config: &mut web::ServiceConfig) {
    config
        .service(public)
        .service(private)
        .service(account)
        .service(anonymous)
        .service(put_item)
        .service(patch_item)
        .service(delete_item)
        .service(auth_listed)
        .service(auth_unlisted)
        .service(auth_star)
        .service(auth_star_and_authorization)
        .service(expose)
        .service(json)
        .service(fail)
        .service(shared_get)
        .service(shared_post)
        .service(subdomain)
        .service(any_port)
        .service(other_port)
        .service(cached)
        .service(accepts)
        .service(put_only)
        .service(live_route)
        .service(web::scope("/guarded").wrap(from_fn(require_token)).service(guarded_account))
        .configure(by_hand_routes);
}

/// The whole API app, recording into `recorder`.
pub(crate) fn app(
    recorder: Recorder,
) -> actix_web::App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // The recorder outermost, as the network sees requests; `Layer` inside it, as an app has it.
    actix_web::App::new()
        .app_data(web::Data::new(recorder))
        .configure(routes)
        .wrap(strict_cors::Layer)
        .wrap(from_fn(record))
}
