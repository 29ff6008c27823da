//! Applications shaped as real deployments are: actix-web's own middleware around and inside
//! `Layer`, auth built with `from_fn` at every level, `configure`, default services, extractor
//! failures, streaming bodies, live policies, real servers over TCP (several workers, several
//! addresses), and the browser model; each checked against the contract (SPEC §2, §4, §5).

#![allow(clippy::too_many_lines, clippy::similar_names, missing_docs)]

use std::task::Poll;

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{
    Condition, DefaultHeaders, ErrorHandlerResponse, ErrorHandlers, Logger, Next, NormalizePath,
    TrailingSlash, from_fn,
};
use actix_web::test::{TestRequest, init_service};
use actix_web::web::Bytes;
use actix_web::{
    App, Error, HttpRequest, HttpResponse, Responder, delete, error, get, post, put, route, web,
};
use auth::{SEEN, auth_err, auth_ok, record, seen};
use strict_cors::{Cors, Layer, LivePolicy, Policy, cors, policy};
use support::{Answer, cors_headers, get as header, preflight, vary};

#[path = "support/auth.rs"]
mod auth;
mod support;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const PARTNER: &str = "https://partners.example.com";
const EVIL: &str = "https://evil.example.net";

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Auth copied from an old blog post: refuses with its own, wildcard, CORS headers.
async fn auth_leaky(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    if !req.headers().contains_key(header::AUTHORIZATION) {
        let refusal = HttpResponse::Unauthorized()
            .insert_header(("access-control-allow-origin", "*"))
            .insert_header(("access-control-allow-credentials", "true"))
            .insert_header(("access-control-expose-headers", "www-authenticate"))
            .insert_header(("www-authenticate", "Bearer"))
            .finish();
        return Ok(req.into_response(refusal).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

async fn send<S, B, Rq>(app: &S, request: Rq) -> Answer
where
    S: Service<Rq, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    Answer::of(app.call(request).await).await
}

fn acao(h: &HeaderMap) -> Vec<&str> {
    h.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.to_str().unwrap()).collect()
}

/// Whether `Vary` (all its lines, all their items) names `name`.
fn varies_on(h: &HeaderMap, name: &str) -> bool {
    vary(h).iter().flat_map(|line| line.split(',')).any(|item| item.trim().eq_ignore_ascii_case(name))
}

/// How many times `Vary` names `name`, over all its lines.
fn vary_count(h: &HeaderMap, name: &str) -> usize {
    vary(h)
        .iter()
        .flat_map(|line| line.split(','))
        .filter(|item| item.trim().eq_ignore_ascii_case(name))
        .count()
}

fn with_origin(request: TestRequest, origin: &str) -> TestRequest {
    request.insert_header((header::ORIGIN, origin))
}

/// What an allowed actual response must carry: one ACAO equal to `origin`, `Vary: Origin`.
#[track_caller]
fn assert_allowed(res: &Answer, origin: &str, context: &str) {
    assert_eq!(acao(res.headers()), vec![origin], "{context}: ACAO; headers {:?}", res.headers());
    assert!(varies_on(res.headers(), "origin"), "{context}: Vary: Origin; headers {:?}", res.headers());
    assert_eq!(vary_count(res.headers(), "origin"), 1, "{context}: Vary names Origin once");
}

/// What a refused actual response must carry: no `Access-Control-*`, `Vary: Origin`.
#[track_caller]
fn assert_refused(res: &Answer, context: &str) {
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{context}: headers {:?}", res.headers());
    assert!(varies_on(res.headers(), "origin"), "{context}: Vary: Origin; headers {:?}", res.headers());
}

// ---------------------------------------------------------------------------------------------
// 1. A production stack: Logger, NormalizePath outside the layer; DefaultHeaders (with its own
//    `Vary` and a stray `Access-Control-Allow-Origin: *`), ErrorHandlers and auth inside.
// ---------------------------------------------------------------------------------------------

#[cors(
    origins = ["https://app.example.com"],
    allow_headers = ["authorization", "content-type"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600
)]
#[put("/orders/{id}")]
async fn stack_update(id: web::Path<u32>) -> impl Responder {
    HttpResponse::Ok().insert_header(("x-request-id", "r-1")).body(format!("updated {id}"))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/orders/{id}")]
async fn stack_get(id: web::Path<u32>) -> Result<HttpResponse, Error> {
    if *id == 404 {
        return Err(error::ErrorNotFound("no such order"));
    }
    Ok(HttpResponse::Ok().body("order"))
}

/// A JSON page in place of the body (keeps the headers, as `set_body` does).
#[allow(clippy::unnecessary_wraps)]
fn json_401<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let (req, res) = res.into_parts();
    let res = res.set_body(r#"{"error":"unauthorized"}"#.to_owned());
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, res).map_into_boxed_body().map_into_right_body(),
    ))
}

/// A JSON page built from scratch (drops every header the response had).
#[allow(clippy::unnecessary_wraps)]
fn json_404<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let (req, _) = res.into_parts();
    let page = HttpResponse::NotFound().content_type("application/json").body(r#"{"error":"not found"}"#);
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, page).map_into_right_body()))
}

macro_rules! production_app {
    () => {
        init_service(
            App::new()
                .service(web::scope("/api").wrap(from_fn(auth_ok)).service(stack_update).service(stack_get))
                .wrap(
                    ErrorHandlers::new()
                        .handler(StatusCode::UNAUTHORIZED, json_401)
                        .handler(StatusCode::NOT_FOUND, json_404),
                )
                .wrap(
                    DefaultHeaders::new()
                        .add(("x-frame-options", "DENY"))
                        .add(("vary", "Accept-Encoding"))
                        .add(("access-control-allow-origin", "*")),
                )
                .wrap(Layer)
                .wrap(NormalizePath::trim())
                .wrap(Logger::default()),
        )
        .await
    };
}

#[actix_web::test]
async fn production_stack_preflights_are_answered_before_auth_even_with_trailing_slashes() {
    let app = production_app!();
    for path in ["/api/orders/1", "/api/orders/2/", "//api//orders/3"] {
        let res = send(
            &app,
            preflight(path, APP, "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        let h = res.headers();
        assert_eq!(acao(h), vec![APP], "{path}");
        assert_eq!(header(h, "access-control-allow-credentials"), Some("true"), "{path}");
        assert_eq!(header(h, "access-control-allow-methods"), Some("PUT"), "{path}");
        assert_eq!(header(h, "access-control-max-age"), Some("600"), "{path}");
        let normalized = path.trim_end_matches('/').replace("//", "/");
        assert!(!seen("OPTIONS", &normalized), "{path}: auth saw the preflight");
        // Refused: 403, nothing of the policy's, nor of DefaultHeaders' wildcard.
        let res = send(&app, preflight(path, EVIL, "PUT").to_request()).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
        let res = send(
            &app,
            preflight(path, APP, "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-secret"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
    }
}

#[actix_web::test]
async fn production_stack_actual_responses_carry_the_routes_headers_only() {
    let app = production_app!();
    // Auth's 401, its body replaced by ErrorHandlers (set_body keeps headers).
    for path in ["/api/orders/5", "/api/orders/5/"] {
        let res = send(&app, with_origin(TestRequest::put().uri(path), APP).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(res.body(), r#"{"error":"unauthorized"}"#, "{path}");
        assert_allowed(&res, APP, path);
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
        assert_eq!(header(res.headers(), "access-control-expose-headers"), Some("x-request-id"));
        assert!(varies_on(res.headers(), "accept-encoding"), "{path}: DefaultHeaders' Vary kept");
        assert_eq!(header(res.headers(), "x-frame-options"), Some("DENY"));
        let res = send(&app, with_origin(TestRequest::put().uri(path), EVIL).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_refused(&res, path);
        let res = send(&app, TestRequest::put().uri(path).to_request()).await;
        assert_refused(&res, &format!("{path} without Origin"));
    }
    // Signed in: the handler's response.
    let signed = |r: TestRequest| r.insert_header((header::AUTHORIZATION, "Bearer t"));
    let res =
        send(&app, signed(with_origin(TestRequest::put().uri("/api/orders/6"), APP)).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_allowed(&res, APP, "signed in");
    assert_eq!(header(res.headers(), "x-request-id"), Some("r-1"));
    let res =
        send(&app, signed(with_origin(TestRequest::put().uri("/api/orders/6"), EVIL)).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_refused(&res, "signed in, refused origin");
    // The handler's Err (404), replaced by a page built from scratch by ErrorHandlers.
    let res =
        send(&app, signed(with_origin(TestRequest::get().uri("/api/orders/404"), APP)).to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.body(), r#"{"error":"not found"}"#);
    assert_allowed(&res, APP, "handler Err through ErrorHandlers");
    let res =
        send(&app, signed(with_origin(TestRequest::get().uri("/api/orders/404"), EVIL)).to_request()).await;
    assert_refused(&res, "handler Err through ErrorHandlers, refused");
    // A path-extractor failure (`/orders/abc` is no u32): actix answers 404.
    let res =
        send(&app, signed(with_origin(TestRequest::put().uri("/api/orders/abc"), APP)).to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_allowed(&res, APP, "web::Path failure");
    let res =
        send(&app, signed(with_origin(TestRequest::put().uri("/api/orders/abc"), EVIL)).to_request()).await;
    assert_refused(&res, "web::Path failure, refused");
}

// ---------------------------------------------------------------------------------------------
// 2. Auth at every level: App (`Condition`), scope, nested scope, and the route's own `wrap`,
//    refusing with `Ok(401)`, `Err(..)`, and with CORS headers of its own.
// ---------------------------------------------------------------------------------------------

/// App-level API-key check, `Err(ErrorForbidden)`.
async fn auth_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    if !req.headers().contains_key("x-api-key") {
        return Err(error::ErrorForbidden("no api key"));
    }
    next.call(req).await
}

/// Tenant check on one route, with wildcard CORS headers of its own on its refusal.
async fn auth_tenant_leaky(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    if !req.headers().contains_key("x-tenant") {
        let refusal = HttpResponse::Unauthorized()
            .insert_header(("access-control-allow-origin", "*"))
            .insert_header(("access-control-allow-credentials", "true"))
            .insert_header(("access-control-max-age", "86400"))
            .finish();
        return Ok(req.into_response(refusal).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

#[cors(
    origins = ["https://admin.example.com"],
    allow_headers = ["authorization", "x-api-key"],
    credentials
)]
#[delete("/things/{id}")]
async fn levels_admin_delete() -> impl Responder {
    HttpResponse::NoContent()
}

#[cors(
    origins = ["https://app.example.com"],
    allow_headers = ["authorization", "x-api-key", "x-tenant"],
    credentials
)]
#[get("/things/{id}", wrap = "from_fn(auth_tenant_leaky)")]
async fn levels_get() -> impl Responder {
    HttpResponse::Ok().body("thing")
}

macro_rules! levels_app {
    ($layer:expr) => {
        init_service(
            App::new()
                .service(
                    web::scope("/v1")
                        .wrap(from_fn(auth_ok))
                        .service(web::scope("/admin").wrap(from_fn(auth_err)).service(levels_admin_delete))
                        .service(levels_get),
                )
                .wrap(Condition::new(true, from_fn(auth_key)))
                .wrap(Condition::new($layer, Layer)),
        )
        .await
    };
}

#[actix_web::test]
async fn auth_at_every_level_never_sees_preflights_and_its_refusals_are_readable() {
    let app = levels_app!(true);
    let res = send(
        &app,
        preflight("/v1/admin/things/7", ADMIN, "DELETE")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,x-api-key"))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(res.headers()), vec![ADMIN]);
    assert_eq!(header(res.headers(), "access-control-allow-methods"), Some("DELETE"));
    assert!(!seen("OPTIONS", "/v1/admin/things/7"), "no auth layer may see the preflight");
    let res = send(
        &app,
        preflight("/v1/things/7", APP, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,x-api-key,x-tenant"))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(!seen("OPTIONS", "/v1/things/7"));
    let res = send(&app, preflight("/v1/admin/things/7", APP, "DELETE").to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());

    // The App's Err(403), the scope's Ok(401), the nested scope's Err(401).
    let del = |r: TestRequest| r.uri("/v1/admin/things/7").method(Method::DELETE);
    let cases: [(&str, TestRequest, StatusCode); 3] = [
        ("app-level Err", del(TestRequest::default()), StatusCode::FORBIDDEN),
        (
            "scope Ok(401)",
            del(TestRequest::default()).insert_header(("x-api-key", "k")),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "nested Err(401)",
            del(TestRequest::default())
                .insert_header(("x-api-key", "k"))
                .insert_header((header::AUTHORIZATION, "t")),
            StatusCode::NO_CONTENT,
        ),
    ];
    for (what, request, status) in cases {
        let res = send(&app, with_origin(request, ADMIN).to_request()).await;
        assert_eq!(res.status(), status, "{what}");
        assert_allowed(&res, ADMIN, what);
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"), "{what}");
    }
    for origin in [EVIL, APP] {
        let res = send(&app, with_origin(del(TestRequest::default()), origin).to_request()).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_refused(&res, &format!("app-level Err from {origin}"));
    }
    let res = send(&app, del(TestRequest::default()).to_request()).await;
    assert!(varies_on(res.headers(), "origin"), "app-level Err without Origin varies: {:?}", res.headers());
}

/// The route's own `wrap` refusing with CORS headers of its own: the policy alone owns them, with
/// or without `Layer`.
#[actix_web::test]
async fn a_route_level_auth_with_its_own_cors_headers_is_overridden() {
    for layer in [true, false] {
        let app = levels_app!(layer);
        let req = |origin: &str| {
            with_origin(TestRequest::get().uri("/v1/things/7"), origin)
                .insert_header(("x-api-key", "k"))
                .insert_header((header::AUTHORIZATION, "t"))
                .to_request()
        };
        let res = send(&app, req(APP)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "layer {layer}");
        assert_allowed(&res, APP, &format!("layer {layer}"));
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
        assert_eq!(header(res.headers(), "access-control-max-age"), None, "layer {layer}");
        let res = send(&app, req(EVIL)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "layer {layer}");
        assert_refused(&res, &format!("route-level leaky auth, refused, layer {layer}"));
    }
}

/// The same leaky auth on a scope, behind `Layer`: its wildcard is replaced by the policy.
#[actix_web::test]
async fn a_scope_level_auth_with_its_own_cors_headers_is_overridden_behind_the_layer() {
    let app = init_service(
        App::new().service(web::scope("/api").wrap(from_fn(auth_leaky)).service(stack_update)).wrap(Layer),
    )
    .await;
    let res = send(&app, with_origin(TestRequest::put().uri("/api/orders/1"), APP).to_request()).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, "scope leaky auth");
    assert_eq!(header(res.headers(), "access-control-expose-headers"), Some("x-request-id"));
    assert_eq!(header(res.headers(), "www-authenticate"), Some("Bearer"));
    let res = send(&app, with_origin(TestRequest::put().uri("/api/orders/1"), EVIL).to_request()).await;
    assert_refused(&res, "scope leaky auth, refused origin");
    let res = send(&app, TestRequest::put().uri("/api/orders/1").to_request()).await;
    assert_refused(&res, "scope leaky auth, no Origin");
}

// ---------------------------------------------------------------------------------------------
// 3. Routes of every shape, registered through `configure`, behind scope auth, next to plain
//    routes on the same paths, with an App `default_service`.
// ---------------------------------------------------------------------------------------------

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("")]
async fn catalog_root() -> impl Responder {
    HttpResponse::Ok().body("root")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[get("/")]
async fn catalog_slash() -> impl Responder {
    HttpResponse::Ok().body("slash")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/items/")]
async fn catalog_items_slash() -> impl Responder {
    HttpResponse::Ok().body("items/")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "content-type"], expose_headers = ["etag"])]
#[route("/items/{id:\\d+}", method = "GET", method = "HEAD", method = "PATCH")]
async fn catalog_item(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().insert_header(("etag", "\"1\"")).body(format!("item {}", req.method()))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/files/{tail:.*}")]
async fn catalog_files(tail: web::Path<String>) -> impl Responder {
    HttpResponse::Ok().body(format!("file {tail}"))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("products")]
async fn catalog_products() -> impl Responder {
    HttpResponse::Ok().body("products")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/café")]
async fn catalog_cafe() -> impl Responder {
    HttpResponse::Ok().body("café")
}

fn catalog_config(cfg: &mut web::ServiceConfig) {
    cfg.service(catalog_root)
        .service(catalog_slash)
        .service(catalog_items_slash)
        .route("/items/", web::post().to(|| async { HttpResponse::Created().body("plain post") }))
        .service(catalog_item)
        .service(
            web::resource("/items/{id:\\d+}")
                .route(web::delete().to(|| async { HttpResponse::Ok().body("plain delete") })),
        )
        .service(catalog_files)
        .service(catalog_products)
        .service(catalog_cafe);
}

macro_rules! catalog_app {
    ($layer:expr) => {
        init_service(
            App::new()
                .service(web::scope("/catalog").wrap(from_fn(auth_err)).configure(catalog_config))
                .default_service(web::to(|| async { HttpResponse::NotFound().body("nope") }))
                .wrap(Condition::new($layer, Layer)),
        )
        .await
    };
}

fn signed(request: TestRequest) -> TestRequest {
    request.insert_header((header::AUTHORIZATION, "Bearer t"))
}

/// (path, method, origin allowed, body the handler answers)
const CATALOG: &[(&str, &str, &str, &str)] = &[
    ("/catalog", "GET", APP, "root"),
    ("/catalog/", "GET", ADMIN, "slash"),
    ("/catalog/items/", "GET", APP, "items/"),
    ("/catalog/items/7", "GET", APP, "item GET"),
    ("/catalog/items/7", "PATCH", APP, "item PATCH"),
    ("/catalog/items/7", "HEAD", APP, "item HEAD"),
    ("/catalog/files/a/b/c.txt", "GET", APP, "file a/b/c.txt"),
    ("/catalog/files/", "GET", APP, "file "),
    ("/catalog/products", "GET", APP, "products"),
    ("/catalog/%69tems/%37", "GET", APP, "item GET"),
    ("/catalog/files/a%20b", "GET", APP, "file a b"),
    ("/catalog/caf%C3%A9", "GET", APP, "café"),
];

#[actix_web::test]
async fn every_route_shape_is_preflighted_before_auth_behind_the_layer() {
    let app = catalog_app!(true);
    for &(path, method, origin, _) in CATALOG {
        let res = send(
            &app,
            preflight(path, origin, method)
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{method} {path}: {:?}", res.headers());
        assert_eq!(acao(res.headers()), vec![origin], "{method} {path}");
        assert!(!seen("OPTIONS", path), "{method} {path}: auth saw the preflight");
        let res = send(&app, preflight(path, EVIL, method).to_request()).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{method} {path}");
    }
}

#[actix_web::test]
async fn every_route_shape_answers_actual_requests_with_its_policy() {
    for layer in [true, false] {
        let app = catalog_app!(layer);
        for &(path, method, origin, body) in CATALOG {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let ctx = format!("{method} {path}, layer {layer}");
            let res = send(
                &app,
                signed(with_origin(TestRequest::default().method(method.clone()).uri(path), origin))
                    .to_request(),
            )
            .await;
            assert_eq!(res.status(), StatusCode::OK, "{ctx}");
            assert_eq!(res.body(), body, "{ctx}");
            assert_allowed(&res, origin, &ctx);
            let res = send(
                &app,
                signed(with_origin(TestRequest::default().method(method.clone()).uri(path), EVIL))
                    .to_request(),
            )
            .await;
            assert_eq!(res.status(), StatusCode::OK, "{ctx}");
            assert_refused(&res, &ctx);
            if layer {
                // Refused by auth: readable by the allowed origin only.
                let res = send(
                    &app,
                    with_origin(TestRequest::default().method(method.clone()).uri(path), origin).to_request(),
                )
                .await;
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{ctx}");
                assert_allowed(&res, origin, &format!("auth Err: {ctx}"));
                let res = send(
                    &app,
                    with_origin(TestRequest::default().method(method).uri(path), EVIL).to_request(),
                )
                .await;
                assert_refused(&res, &format!("auth Err: {ctx}"));
            }
        }
    }
}

/// Plain routes beside `#[cors]` routes on the same path, `HEAD` on a `#[get]` route, paths no
/// route has: nothing of any policy, with or without the layer, and the same answer either way.
#[actix_web::test]
async fn plain_neighbours_and_unserved_methods_get_nothing() {
    let mut answers = Vec::new();
    for layer in [true, false] {
        let app = catalog_app!(layer);
        let mut these = Vec::new();
        for (method, path) in [
            (Method::POST, "/catalog/items/"),
            (Method::DELETE, "/catalog/items/7"),
            (Method::HEAD, "/catalog/products"),
            (Method::PUT, "/catalog/items/7"),
            (Method::GET, "/catalog/items/x"),
            (Method::GET, "/nowhere"),
        ] {
            let ctx = format!("{method} {path}, layer {layer}");
            let res = send(
                &app,
                signed(with_origin(TestRequest::default().method(method.clone()).uri(path), APP))
                    .to_request(),
            )
            .await;
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{ctx}");
            these.push((ctx.replace(&format!("layer {layer}"), ""), res.status(), res.body().to_owned()));
        }
        answers.push(these);
    }
    assert_eq!(answers[0], answers[1], "the layer changes nothing for plain routes");
}

// ---------------------------------------------------------------------------------------------
// 4. Extractor failures, handler errors with CORS headers of their own, streaming bodies, and
//    middleware that waits before and after the route.
// ---------------------------------------------------------------------------------------------

/// A body sent in chunks, length unknown up front.
struct Chunks(Vec<&'static str>);

impl MessageBody for Chunks {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if self.0.is_empty() {
            Poll::Ready(None)
        } else {
            Poll::Ready(Some(Ok(Bytes::from_static(self.0.remove(0).as_bytes()))))
        }
    }
}

/// An application error whose response sets CORS headers of its own.
#[derive(Debug)]
struct ApiError;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("validation failed")
    }
}

impl error::ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }
    fn error_response(&self) -> HttpResponse {
        HttpResponse::UnprocessableEntity()
            .insert_header(("access-control-allow-origin", "*"))
            .insert_header(("access-control-expose-headers", "*"))
            .insert_header(("vary", "Accept"))
            .body("validation failed")
    }
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"], credentials)]
#[post("/ingest")]
async fn ingest(body: web::Json<Vec<u32>>) -> impl Responder {
    HttpResponse::Ok().body(format!("{}", body.len()))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"], credentials)]
#[post("/upload")]
async fn upload(body: Bytes) -> impl Responder {
    HttpResponse::Ok().body(format!("{}", body.len()))
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/search")]
async fn search(query: web::Query<std::collections::HashMap<String, u32>>) -> impl Responder {
    HttpResponse::Ok().body(format!("{}", query.len()))
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/form")]
async fn form(form: web::Form<std::collections::HashMap<String, u32>>) -> impl Responder {
    HttpResponse::Ok().body(format!("{}", form.len()))
}

#[cors(origins = ["https://app.example.com"], credentials, expose_headers = ["x-total-count"])]
#[get("/stream")]
async fn stream() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "3")).body(Chunks(vec!["a", "b", "c"]))
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/validate")]
async fn validate() -> Result<HttpResponse, ApiError> {
    Err(ApiError)
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/missing-data")]
async fn missing_data(_state: web::Data<String>) -> impl Responder {
    HttpResponse::Ok()
}

/// Waits before calling the route and after it answered (a rate limiter, an audit log).
async fn slow(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1)).await;
    let res = next.call(req).await;
    actix_web::rt::task::yield_now().await;
    res
}

fn json_error_handler(err: error::JsonPayloadError, _: &HttpRequest) -> Error {
    let page = HttpResponse::BadRequest()
        .insert_header(("access-control-allow-origin", "*"))
        .content_type("application/json")
        .body(r#"{"error":"bad json"}"#);
    error::InternalError::from_response(err, page).into()
}

macro_rules! extractor_app {
    ($layer:expr) => {
        init_service(
            App::new()
                .service(
                    web::scope("/x")
                        .app_data(web::JsonConfig::default().limit(16).error_handler(json_error_handler))
                        .app_data(web::PayloadConfig::new(8))
                        .wrap(from_fn(slow))
                        .service(ingest)
                        .service(upload)
                        .service(search)
                        .service(form)
                        .service(stream)
                        .service(validate)
                        .service(missing_data),
                )
                .wrap(Condition::new($layer, Layer)),
        )
        .await
    };
}

/// What is sent, how it is built, the status it gets, and its body (empty: any).
type Case = (&'static str, fn() -> TestRequest, StatusCode, &'static str);

#[actix_web::test]
async fn extractor_failures_errors_and_streams_carry_exactly_the_policys_headers() {
    let cases: Vec<Case> = vec![
        (
            "good json",
            || {
                TestRequest::post()
                    .uri("/x/ingest")
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("[1,2]")
            },
            StatusCode::OK,
            "2",
        ),
        (
            "bad json",
            || {
                TestRequest::post()
                    .uri("/x/ingest")
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("[1,")
            },
            StatusCode::BAD_REQUEST,
            r#"{"error":"bad json"}"#,
        ),
        (
            "json too large",
            || {
                TestRequest::post()
                    .uri("/x/ingest")
                    .insert_header((header::CONTENT_TYPE, "application/json"))
                    .set_payload("[1,2,3,4,5,6,7,8,9,10,11]")
            },
            StatusCode::BAD_REQUEST,
            r#"{"error":"bad json"}"#,
        ),
        (
            "json wrong type",
            || {
                TestRequest::post()
                    .uri("/x/ingest")
                    .insert_header((header::CONTENT_TYPE, "text/plain"))
                    .set_payload("[1]")
            },
            StatusCode::BAD_REQUEST,
            r#"{"error":"bad json"}"#,
        ),
        (
            "payload too large",
            || TestRequest::post().uri("/x/upload").set_payload("0123456789abcdef"),
            StatusCode::PAYLOAD_TOO_LARGE,
            "",
        ),
        ("query parse error", || TestRequest::get().uri("/x/search?n=abc"), StatusCode::BAD_REQUEST, ""),
        (
            "form wrong content type",
            || TestRequest::post().uri("/x/form").set_payload("n=1"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "",
        ),
        ("stream", || TestRequest::get().uri("/x/stream"), StatusCode::OK, "abc"),
        (
            "handler Err with own CORS headers",
            || TestRequest::get().uri("/x/validate"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation failed",
        ),
        (
            "missing app data",
            || TestRequest::get().uri("/x/missing-data"),
            StatusCode::INTERNAL_SERVER_ERROR,
            "",
        ),
    ];
    for layer in [true, false] {
        let app = extractor_app!(layer);
        for (what, request, status, body) in &cases {
            let ctx = format!("{what}, layer {layer}");
            let res = send(&app, with_origin(request(), APP).to_request()).await;
            assert_eq!(res.status(), *status, "{ctx}");
            if !body.is_empty() {
                assert_eq!(res.body(), *body, "{ctx}");
            }
            assert_allowed(&res, APP, &ctx);
            assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"), "{ctx}");
            let expose: Vec<&str> = res
                .headers()
                .get_all(header::ACCESS_CONTROL_EXPOSE_HEADERS)
                .map(|v| v.to_str().unwrap())
                .collect();
            let want: Vec<&str> = if *what == "stream" { vec!["x-total-count"] } else { vec![] };
            assert_eq!(expose, want, "{ctx}");
            let res = send(&app, with_origin(request(), EVIL).to_request()).await;
            assert_eq!(res.status(), *status, "{ctx}");
            assert_refused(&res, &format!("refused origin: {ctx}"));
            let res = send(&app, request().to_request()).await;
            assert_refused(&res, &format!("no Origin: {ctx}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Live policies and `Cors::scope`s with `#[cors]` inside, behind auth, judged by the
//    browser model before and after reloads.
// ---------------------------------------------------------------------------------------------

const NEW_PARTNER: &str = "https://new-partner.example.org";
const APP2: &str = "https://app2.example.com";

static PARTNERS_LIVE: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://partners.example.com"],
    allow_headers = ["authorization"],
    credentials
));
static ORDERS_LIVE: LivePolicy = LivePolicy::new(policy!(
    origins = ["https://app.example.com"],
    allow_headers = ["authorization", "content-type"],
    methods = ["GET", "PUT"],
    credentials
));

#[cors(policy = ORDERS_LIVE)]
#[put("/orders/{id}")]
async fn live_put_order() -> impl Responder {
    HttpResponse::Ok().body("saved")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/reports/{id}")]
async fn partner_report_own() -> impl Responder {
    HttpResponse::Ok().body("own report")
}

macro_rules! live_app {
    () => {
        init_service(
            App::new()
                .service(
                    Cors::new(&PARTNERS_LIVE)
                        .scope("/partners")
                        .wrap(from_fn(auth_ok))
                        .service(partner_report_own)
                        .route("/catalog", web::get().to(|| async { HttpResponse::Ok().body("catalog") }))
                        .default_service(web::to(|| async {
                            HttpResponse::NotFound().body("no such partner page")
                        })),
                )
                .service(web::scope("/api").wrap(from_fn(auth_err)).service(live_put_order))
                .wrap(Layer),
        )
        .await
    };
}

#[cfg(feature = "testing")]
#[actix_web::test]
async fn live_policies_in_cors_scopes_and_handlers_behind_auth_as_a_browser_sees_them() {
    use strict_cors::testing::{Browser, Credentials, Request};

    let app = live_app!();
    let api = |path: &str| format!("https://api.example.com{path}");
    let signed_in = |path: &str, method: &str| {
        Request::new(api(path))
            .method(method)
            .header("authorization", "Bearer t")
            .credentials(Credentials::Include)
    };
    let signed_out =
        |path: &str, method: &str| Request::new(api(path)).method(method).credentials(Credentials::Include);

    // Phase 1: the initial policies; phase 2: both reloaded.
    let phase = |b: Browser| {
        let app = &app;
        async move {
            let mut out = Vec::new();
            for (origin, path, method) in [
                (APP, "/api/orders/1", "PUT"),
                (APP2, "/api/orders/1", "PUT"),
                (PARTNER, "/partners/catalog", "GET"),
                (NEW_PARTNER, "/partners/catalog", "GET"),
                (PARTNER, "/partners/nowhere", "GET"),
                (APP, "/partners/reports/1", "GET"),
                (PARTNER, "/partners/reports/1", "GET"),
                (EVIL, "/partners/catalog", "GET"),
            ] {
                let page = b.page(origin);
                let yes = page.fetch(app, signed_in(path, method)).await;
                let no = page.fetch(app, signed_out(path, method)).await;
                out.push(format!(
                    "{origin} {method} {path}: signed in {} {:?}, signed out {} {:?}",
                    yes.is_allowed(),
                    yes.status(),
                    no.is_allowed(),
                    no.status()
                ));
            }
            out
        }
    };
    let before = phase(Browser::chromium()).await;
    let expected_before = vec![
        "https://app.example.com PUT /api/orders/1: signed in true Some(200), signed out true Some(401)",
        "https://app2.example.com PUT /api/orders/1: signed in false None, signed out false None",
        "https://partners.example.com GET /partners/catalog: signed in true Some(200), signed out true Some(401)",
        "https://new-partner.example.org GET /partners/catalog: signed in false None, signed out false None",
        "https://partners.example.com GET /partners/nowhere: signed in true Some(404), signed out true Some(401)",
        "https://app.example.com GET /partners/reports/1: signed in true Some(200), signed out true Some(401)",
        "https://partners.example.com GET /partners/reports/1: signed in false None, signed out false None",
        "https://evil.example.net GET /partners/catalog: signed in false None, signed out false None",
    ];
    assert_eq!(before, expected_before);
    assert!(!seen("OPTIONS", "/api/orders/1") && !seen("OPTIONS", "/partners/catalog"));

    PARTNERS_LIVE.reload(
        Policy::builder()
            .origins([PARTNER, NEW_PARTNER])
            .allow_headers(["authorization"])
            .credentials(true)
            .build()
            .unwrap(),
    );
    ORDERS_LIVE.reload(
        Policy::builder()
            .origins([APP2])
            .allow_headers(["authorization", "content-type"])
            .methods(["GET", "PUT"])
            .credentials(true)
            .build()
            .unwrap(),
    );
    let after = phase(Browser::firefox()).await;
    let expected_after = vec![
        "https://app.example.com PUT /api/orders/1: signed in false None, signed out false None",
        "https://app2.example.com PUT /api/orders/1: signed in true Some(200), signed out true Some(401)",
        "https://partners.example.com GET /partners/catalog: signed in true Some(200), signed out true Some(401)",
        "https://new-partner.example.org GET /partners/catalog: signed in true Some(200), signed out true Some(401)",
        "https://partners.example.com GET /partners/nowhere: signed in true Some(404), signed out true Some(401)",
        "https://app.example.com GET /partners/reports/1: signed in true Some(200), signed out true Some(401)",
        "https://partners.example.com GET /partners/reports/1: signed in false None, signed out false None",
        "https://evil.example.net GET /partners/catalog: signed in false None, signed out false None",
    ];
    assert_eq!(after, expected_after);
}

// ---------------------------------------------------------------------------------------------
// 6. A public (`origins = "*"`) API behind auth, with and without `Origin`.
// ---------------------------------------------------------------------------------------------

#[cors(origins = "*", allow_headers = ["authorization"])]
#[get("/feed/{id}")]
async fn public_feed() -> impl Responder {
    HttpResponse::Ok().body("feed")
}

/// SPEC §4.6 / README "Vary": with `origins = "*"` and no credentials, every response carries
/// `Access-Control-Allow-Origin: *`, requests without `Origin` included (it never depends on the
/// origin, and carries no `Vary: Origin`). Behind `Layer`, whoever made the response (§2).
#[actix_web::test]
async fn public_api_behind_ok_auth_always_says_star() {
    let app = init_service(
        App::new().service(web::scope("/pub").wrap(from_fn(auth_ok)).service(public_feed)).wrap(Layer),
    )
    .await;
    for origin in [Some(APP), Some(EVIL), None] {
        let mut request = TestRequest::get().uri("/pub/feed/1");
        if let Some(origin) = origin {
            request = with_origin(request, origin);
        }
        let res = send(&app, request.to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(acao(res.headers()), vec!["*"], "Ok(401), origin {origin:?}: {:?}", res.headers());
        assert!(!varies_on(res.headers(), "origin"), "origin {origin:?}");
    }
}

#[actix_web::test]
async fn public_api_behind_err_auth_says_star_without_origin_too() {
    let app = init_service(
        App::new().service(web::scope("/pub").wrap(from_fn(auth_err)).service(public_feed)).wrap(Layer),
    )
    .await;
    // With an Origin, any origin: `*`, as the contract says.
    for origin in [APP, EVIL] {
        let res = send(&app, with_origin(TestRequest::get().uri("/pub/feed/1"), origin).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(acao(res.headers()), vec!["*"], "Err(401), origin {origin}: {:?}", res.headers());
    }
    // The same 401 to a request without Origin: `*` too, so that a cache keyed on the URL alone
    // may hand this copy to any page, which can read it.
    let res = send(&app, TestRequest::get().uri("/pub/feed/1").to_request()).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(res.headers()), vec!["*"], "Err(401) without Origin: {:?}", res.headers());
}

// ---------------------------------------------------------------------------------------------
// 7. A real `HttpServer`, two workers, raw HTTP/1.1 over TCP (keep-alive and pipelining): the
//    layer learns each worker's routes on that worker's first request.
// ---------------------------------------------------------------------------------------------

/// Status and headers (names lowercase) of each response read from `raw`.
/// A response read off the wire: status, header lines, body.
type RawResponse = (u16, Vec<(String, String)>, String);

fn parse_responses(raw: &[u8]) -> Vec<RawResponse> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(end) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = std::str::from_utf8(&rest[..end]).unwrap();
        let mut lines = head.split("\r\n");
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.trim().to_ascii_lowercase(), v.trim().to_owned())
            })
            .collect();
        let len: usize =
            headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
        let body = String::from_utf8_lossy(&rest[end + 4..end + 4 + len]).into_owned();
        out.push((status, headers, body));
        rest = &rest[end + 4 + len..];
    }
    out
}

fn values<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
}

#[actix_web::test]
async fn a_real_server_with_two_workers_keeps_the_contract_over_pipelined_connections() {
    real_server_scenario(1).await;
}

#[actix_web::test]
async fn a_real_server_bound_to_two_addresses_keeps_the_contract_too() {
    real_server_scenario(2).await;
}

async fn real_server_scenario(listeners: usize) {
    use std::io::{Read, Write};

    let mut server = actix_web::HttpServer::new(|| {
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth_ok)).service(stack_update).service(stack_get))
            .service(web::scope("/pub").wrap(from_fn(auth_err)).service(public_feed))
            .wrap(Layer)
            .wrap(NormalizePath::trim())
    })
    .workers(2)
    .disable_signals();
    for _ in 0..listeners {
        server = server.bind(("127.0.0.1", 0)).unwrap();
    }
    let addr = server.addrs()[listeners - 1];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let exchanges = actix_web::rt::task::spawn_blocking(move || {
        let mut all = Vec::new();
        for connection in 0..8 {
            let mut tcp = std::net::TcpStream::connect(addr).unwrap();
            let requests = format!(
                "OPTIONS /api/orders/{connection}/ HTTP/1.1\r\nHost: api\r\nOrigin: {APP}\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: authorization\r\n\r\n\
                 OPTIONS /api/orders/{connection} HTTP/1.1\r\nHost: api\r\nOrigin: {EVIL}\r\nAccess-Control-Request-Method: PUT\r\n\r\n\
                 PUT /api/orders/{connection} HTTP/1.1\r\nHost: api\r\nOrigin: {APP}\r\nContent-Length: 0\r\n\r\n\
                 PUT /api/orders/{connection} HTTP/1.1\r\nHost: api\r\nOrigin: {EVIL}\r\nContent-Length: 0\r\n\r\n\
                 PUT /api/orders/{connection} HTTP/1.1\r\nHost: api\r\nOrigin: {APP}\r\nAuthorization: Bearer t\r\nContent-Length: 0\r\n\r\n\
                 GET /pub/feed/{connection} HTTP/1.1\r\nHost: api\r\nOrigin: {EVIL}\r\n\r\n\
                 GET /api/orders/404 HTTP/1.1\r\nHost: api\r\nOrigin: {APP}\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n"
            );
            tcp.write_all(requests.as_bytes()).unwrap();
            let mut raw = Vec::new();
            tcp.read_to_end(&mut raw).unwrap();
            all.push(parse_responses(&raw));
        }
        all
    })
    .await
    .unwrap();
    handle.stop(false).await;

    for (connection, responses) in exchanges.iter().enumerate() {
        let ctx = |i: usize| format!("connection {connection}, response {i}: {:?}", responses.get(i));
        assert_eq!(responses.len(), 7, "{connection}: {responses:?}");
        let (s, h, _) = &responses[0];
        assert_eq!((*s, values(h, "access-control-allow-origin")), (204, vec![APP]), "{}", ctx(0));
        let (s, h, _) = &responses[1];
        assert_eq!(*s, 403, "{}", ctx(1));
        assert!(h.iter().all(|(n, _)| !n.starts_with("access-control-")), "{}", ctx(1));
        let (s, h, _) = &responses[2];
        assert_eq!((*s, values(h, "access-control-allow-origin")), (401, vec![APP]), "{}", ctx(2));
        let (s, h, _) = &responses[3];
        assert_eq!(*s, 401, "{}", ctx(3));
        assert!(h.iter().all(|(n, _)| !n.starts_with("access-control-")), "{}", ctx(3));
        let (s, h, b) = &responses[4];
        assert_eq!((*s, values(h, "access-control-allow-origin")), (200, vec![APP]), "{}", ctx(4));
        assert_eq!(b, &format!("updated {connection}"));
        let (s, h, _) = &responses[5];
        assert_eq!((*s, values(h, "access-control-allow-origin")), (401, vec!["*"]), "{}", ctx(5));
        let (s, h, _) = &responses[6];
        assert_eq!((*s, values(h, "access-control-allow-origin")), (404, vec![APP]), "{}", ctx(6));
        for (i, (_, h, _)) in responses.iter().enumerate().filter(|(i, _)| *i != 5) {
            let vary = values(h, "vary").join(",").to_ascii_lowercase();
            assert!(vary.split(',').any(|v| v.trim() == "origin"), "{}", ctx(i));
        }
    }
    assert!(!seen("OPTIONS", "/api/orders/3"));
}

// ---------------------------------------------------------------------------------------------
// 8. `Cors::new` on the App, outside auth, no `Layer` (README: "put `Cors::new` outside any auth
//    on the same scope"), served by a real server bound to one address, then to two (as
//    `bind("localhost:8080")` does when `localhost` resolves to 127.0.0.1 and ::1).
// ---------------------------------------------------------------------------------------------

static WHOLE_APP: Policy =
    policy!(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials);

static HOOK_RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A webhook-style handler registered for every method (`web::resource(..).to(..)`).
async fn hook(req: HttpRequest) -> HttpResponse {
    HOOK_RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    HttpResponse::Ok().body(format!("hook ran for {}", req.method()))
}

fn raw_exchange(addr: std::net::SocketAddr, request: &str) -> Vec<RawResponse> {
    use std::io::{Read, Write};
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).unwrap();
    parse_responses(&raw)
}

async fn cors_outside_auth_server(listeners: usize) -> (u16, Vec<String>, usize, bool) {
    let mut server = actix_web::HttpServer::new(|| {
        App::new()
            .service(
                web::scope("/listeners-{n}")
                    .wrap(from_fn(auth_ok))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            )
            .service(web::resource("/hook").to(hook))
            .wrap(Cors::new(&WHOLE_APP))
    })
    .workers(1)
    .disable_signals();
    for _ in 0..listeners {
        server = server.bind(("127.0.0.1", 0)).unwrap();
    }
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let before = HOOK_RUNS.load(std::sync::atomic::Ordering::SeqCst);
    let request = |path: &str| {
        format!(
            "OPTIONS {path} HTTP/1.1\r\nHost: api\r\nOrigin: {APP}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization\r\n\r\n"
        )
    };
    let items = format!("/listeners-{listeners}/items");
    let both = request("/hook") + &request(&items).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
    let responses = actix_web::rt::task::spawn_blocking(move || raw_exchange(addr, &both)).await.unwrap();
    handle.stop(false).await;
    assert_eq!(responses.len(), 2, "{responses:?}");
    let (status, headers, _) = &responses[0];
    let (api_status, api_headers, _) = &responses[1];
    assert_eq!(
        values(headers, "access-control-allow-origin"),
        values(api_headers, "access-control-allow-origin")
    );
    assert_eq!(status, api_status);
    let acao = values(headers, "access-control-allow-origin").into_iter().map(str::to_owned).collect();
    let runs = HOOK_RUNS.load(std::sync::atomic::Ordering::SeqCst) - before;
    (*status, acao, runs, seen("OPTIONS", &items))
}

#[actix_web::test]
async fn cors_outside_auth_answers_preflights_alone_when_the_server_binds_two_addresses() {
    // One listener: the middleware answers at once, nothing it wraps runs.
    let one = cors_outside_auth_server(1).await;
    assert_eq!(one, (204, vec![APP.to_owned()], 0, false), "one listener");
    // Two listeners: the same application, the same preflight.
    let two = cors_outside_auth_server(2).await;
    assert_eq!(
        two,
        (204, vec![APP.to_owned()], 0, false),
        "two listeners: (status, ACAO, handler runs, auth saw it)"
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Odd but real wiring: the layer written twice, middleware that runs the rest of the chain
//    on a task of its own, `NormalizePath` that adds slashes, a multi-method route's preflights.
// ---------------------------------------------------------------------------------------------

/// Runs the rest of the chain on a task of its own (so that it finishes even if the client goes).
async fn detached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    actix_web::rt::spawn(next.call(req)).await.map_err(error::ErrorInternalServerError)?
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/slashed/{id}/")]
async fn slashed() -> impl Responder {
    HttpResponse::Ok().body("slashed")
}

#[actix_web::test]
async fn odd_wiring_keeps_one_set_of_headers() {
    // The layer twice (a copy-paste), and a detaching middleware between it and auth.
    let app = init_service(
        App::new()
            .service(
                web::scope("/api")
                    .wrap(from_fn(auth_ok))
                    .wrap(from_fn(detached))
                    .service(stack_update)
                    .service(stack_get),
            )
            .service(web::scope("/d").wrap(from_fn(detached)).service(stack_get))
            .wrap(Layer)
            .wrap(Layer),
    )
    .await;
    let res = send(&app, preflight("/api/orders/1", APP, "PUT").to_request()).await;
    assert_eq!((res.status(), acao(res.headers())), (StatusCode::NO_CONTENT, vec![APP]));
    for (path, origin, auth, status) in [
        ("/api/orders/1", APP, false, StatusCode::UNAUTHORIZED),
        ("/api/orders/1", APP, true, StatusCode::OK),
        ("/api/orders/404", APP, true, StatusCode::NOT_FOUND),
        ("/d/orders/1", APP, false, StatusCode::OK),
        ("/d/orders/404", APP, false, StatusCode::NOT_FOUND),
    ] {
        let mut request = with_origin(TestRequest::get().uri(path), origin);
        if auth {
            request = signed(request);
        }
        let res = send(&app, request.to_request()).await;
        let ctx = format!("GET {path} auth {auth}");
        assert_eq!(res.status(), status, "{ctx}");
        assert_allowed(&res, origin, &ctx);
        let mut request = with_origin(TestRequest::get().uri(path), EVIL);
        if auth {
            request = signed(request);
        }
        assert_refused(&send(&app, request.to_request()).await, &format!("refused: {ctx}"));
        let mut request = TestRequest::get().uri(path);
        if auth {
            request = signed(request);
        }
        let res = send(&app, request.to_request()).await;
        assert_eq!(vary_count(res.headers(), "origin"), 1, "no Origin: {ctx}: {:?}", res.headers());
    }
}

#[actix_web::test]
async fn normalize_path_always_adds_the_slash_before_the_layer_looks() {
    let app = init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth_err)).service(slashed))
            .wrap(Layer)
            .wrap(NormalizePath::new(TrailingSlash::Always)),
    )
    .await;
    for path in ["/api/slashed/1", "/api/slashed/1/", "/api//slashed/1"] {
        let res = send(
            &app,
            preflight(path, APP, "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await;
        assert_eq!((res.status(), acao(res.headers())), (StatusCode::NO_CONTENT, vec![APP]), "{path}");
        let res = send(&app, with_origin(TestRequest::put().uri(path), APP).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_allowed(&res, APP, path);
        let res = send(&app, with_origin(TestRequest::put().uri(path), EVIL).to_request()).await;
        assert_refused(&res, path);
    }
    assert!(!seen("OPTIONS", "/api/slashed/1/"));
}

#[actix_web::test]
async fn a_multi_method_route_answers_each_methods_preflight() {
    let app = catalog_app!(true);
    let res = send(
        &app,
        preflight("/catalog/items/7", APP, "PATCH")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let methods = header(res.headers(), "access-control-allow-methods").unwrap_or_default().to_owned();
    assert!(methods.split(',').any(|m| m.trim() == "PATCH"), "{methods}");
    // DELETE is served on that path by a plain resource only: routed, auth answers, no CORS.
    let res = send(&app, preflight("/catalog/items/8", APP, "DELETE").to_request()).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // `patch` is not `PATCH`.
    let res = send(&app, preflight("/catalog/items/8", APP, "patch").to_request()).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
}

// ---------------------------------------------------------------------------------------------
// 10. Moved over from actix-cors: `Cors::new` on a scope, `#[cors]` handlers inside and beside
//     it, a default service, no auth, no layer; judged by each engine's model.
// ---------------------------------------------------------------------------------------------

static MIGRATED: Policy = policy!(
    origins = ["https://app.example.com", "https://admin.example.com"],
    allow_headers = ["content-type", "x-csrf"],
    expose_headers = ["x-total-count"],
    credentials,
    max_age = 300
);

#[cors(origins = ["https://admin.example.com"], allow_headers = ["content-type"], expose_headers = ["x-audit"])]
#[delete("/users/{id}")]
async fn migrated_delete_user() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-audit", "1")).insert_header(("x-total-count", "9")).body("deleted")
}

#[cfg(feature = "testing")]
#[actix_web::test]
async fn a_migrated_app_as_each_engine_sees_it() {
    use strict_cors::testing::{Browser, Credentials, Request};

    let app = init_service(
        App::new().service(
            web::scope("/v2")
                .wrap(Cors::new(&MIGRATED))
                .service(migrated_delete_user)
                .route(
                    "/users",
                    web::get()
                        .to(|| async { HttpResponse::Ok().insert_header(("x-total-count", "2")).body("[]") }),
                )
                .route(
                    "/users",
                    web::post().to(|body: web::Json<Vec<u32>>| async move {
                        HttpResponse::Created().body(format!("{}", body.len()))
                    }),
                )
                .default_service(web::to(|| async { HttpResponse::NotFound().body("no such page") })),
        ),
    )
    .await;
    let url = |p: &str| format!("https://api.example.com{p}");
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let engine = format!("{:?}", browser.engine());
        let app_page = browser.page(APP);
        let admin_page = browser.page(ADMIN);
        let evil_page = browser.page(EVIL);
        let list = Request::new(url("/v2/users")).credentials(Credentials::Include);
        let got = app_page.fetch(&app, list.clone()).await;
        assert!(got.is_allowed(), "{engine}: {got}");
        assert_eq!(got.header("x-total-count"), Some("2"), "{engine}");
        assert!(evil_page.fetch(&app, list).await.is_blocked(), "{engine}");

        let create = Request::new(url("/v2/users"))
            .method("POST")
            .header("content-type", "application/json")
            .header("x-csrf", "t")
            .body("[1,2")
            .credentials(Credentials::Include);
        let got = app_page.fetch(&app, create.clone()).await;
        assert_eq!(got.preflight().map(|p| p.status), Some(204), "{engine}");
        assert_eq!(got.status(), Some(400), "{engine}: bad JSON is readable");
        assert!(evil_page.fetch(&app, create).await.is_blocked(), "{engine}");

        // The handler's own policy: admin only, no credentials.
        let delete =
            Request::new(url("/v2/users/7")).method("DELETE").header("content-type", "application/json");
        let got = admin_page.fetch(&app, delete.clone()).await;
        assert!(got.is_allowed(), "{engine}: {got}");
        assert_eq!(got.header("x-audit"), Some("1"), "{engine}");
        assert_eq!(
            got.header("x-total-count"),
            None,
            "{engine}: the scope's expose list is not the handler's"
        );
        assert!(
            app_page.fetch(&app, delete.clone()).await.is_blocked(),
            "{engine}: the handler's policy wins"
        );
        assert!(
            admin_page.fetch(&app, delete.credentials(Credentials::Include)).await.is_blocked(),
            "{engine}: no credentials on the handler"
        );

        // A page the scope does not have: readable 404 for its origins.
        let got =
            admin_page.fetch(&app, Request::new(url("/v2/nowhere")).credentials(Credentials::Include)).await;
        assert_eq!(got.status(), Some(404), "{engine}: {got}");
        assert!(evil_page.fetch(&app, Request::new(url("/v2/nowhere"))).await.is_blocked(), "{engine}");
    }
}

/// The report lists handlers registered through `configure` with their full paths.
#[actix_web::test]
async fn the_report_shows_configured_routes_with_their_scopes() {
    let _app = catalog_app!(true);
    let report = strict_cors::report();
    let has = |name: &'static str, path: &str| {
        report.rows().iter().any(|r| r.mount == strict_cors::Mount::Handler { name, path: path.to_owned() })
    };
    for (name, path) in [
        ("catalog_root", "/catalog"),
        ("catalog_slash", "/catalog/"),
        ("catalog_items_slash", "/catalog/items/"),
        ("catalog_item", "/catalog/items/{id:\\d+}"),
        ("catalog_files", "/catalog/files/{tail:.*}"),
        ("catalog_products", "/catalog/products"),
        ("catalog_cafe", "/catalog/café"),
    ] {
        assert!(has(name, path), "no row for {name} at {path}:\n{report}");
    }
}

// ---------------------------------------------------------------------------------------------
// 11. A tenant-scoped partner API: `Cors::scope` with a dynamic prefix, App-level auth, a
//     neighbour whose path starts with the same letters, NormalizePath outside.
// ---------------------------------------------------------------------------------------------

static TENANT_PARTNERS: Policy =
    policy!(origins = ["https://partners.example.com"], allow_headers = ["authorization"], credentials);

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/invoices/{n:\\d+}")]
async fn tenant_invoice(path: web::Path<(String, u32)>) -> impl Responder {
    let (tenant, n) = path.into_inner();
    HttpResponse::Ok().body(format!("{tenant} {n}"))
}

#[actix_web::test]
async fn a_tenant_scoped_partner_api_behind_app_auth() {
    let app = init_service(
        App::new()
            .service(
                Cors::new(&TENANT_PARTNERS)
                    .scope("/t/{tenant}")
                    .service(tenant_invoice)
                    .route("/reports", web::get().to(|| async { HttpResponse::Ok().body("reports") }))
                    .default_service(web::to(|| async { HttpResponse::NotFound().body("none") })),
            )
            .route("/t-old/{tenant}/reports", web::get().to(|| async { HttpResponse::Ok().body("old") }))
            .default_service(web::to(|| async { HttpResponse::NotFound().body("app 404") }))
            .wrap(from_fn(auth_err))
            .wrap(Layer)
            .wrap(NormalizePath::trim()),
    )
    .await;
    // Preflights: the scope's policy anywhere under it, the route's own for its paths; none
    // reaches App-level auth.
    for (path, origin, method) in [
        ("/t/acme/reports", PARTNER, "GET"),
        ("/t/acme/reports/", PARTNER, "GET"),
        ("/t/acme/nowhere", PARTNER, "DELETE"),
        ("/t/acme", PARTNER, "GET"),
        ("/t/acme/invoices/12", APP, "GET"),
    ] {
        let res = send(
            &app,
            preflight(path, origin, method)
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await;
        assert_eq!(
            (res.status(), acao(res.headers())),
            (StatusCode::NO_CONTENT, vec![origin]),
            "{method} {path}"
        );
    }
    assert!(!SEEN.lock().unwrap().iter().any(|l| l.starts_with("OPTIONS /t/")), "{:?}", SEEN.lock().unwrap());
    // The route's policy, not the scope's, for the route's own path.
    let res = send(&app, preflight("/t/acme/invoices/12", PARTNER, "GET").to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // `invoices/abc` is not the route's (its own regex): the scope's policy.
    let res = send(&app, preflight("/t/acme/invoices/abc", PARTNER, "GET").to_request()).await;
    assert_eq!((res.status(), acao(res.headers())), (StatusCode::NO_CONTENT, vec![PARTNER]));
    // App-level auth's Err: the headers of whoever the path leads to.
    for (path, origin) in
        [("/t/acme/reports", PARTNER), ("/t/acme/nowhere", PARTNER), ("/t/acme/invoices/12", APP)]
    {
        let res = send(&app, with_origin(TestRequest::get().uri(path), origin).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_allowed(&res, origin, path);
        let res = send(&app, with_origin(TestRequest::get().uri(path), EVIL).to_request()).await;
        assert_refused(&res, path);
    }
    // A neighbour outside the scope: nothing of the scope's.
    for path in ["/t-old/acme/reports", "/tx/acme/reports"] {
        let res = send(&app, preflight(path, PARTNER, "GET").to_request()).await;
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
        let res = send(&app, signed(with_origin(TestRequest::get().uri(path), PARTNER)).to_request()).await;
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path}");
    }
    // Signed in.
    let res =
        send(&app, signed(with_origin(TestRequest::get().uri("/t/acme/invoices/12/"), APP)).to_request())
            .await;
    assert_eq!((res.status(), res.body()), (StatusCode::OK, "acme 12"));
    assert_allowed(&res, APP, "invoice");
    let res =
        send(&app, signed(with_origin(TestRequest::get().uri("/t/acme/invoices/12"), PARTNER)).to_request())
            .await;
    assert_refused(&res, "invoice from the scope's origin: the route's policy wins");
}

// ---------------------------------------------------------------------------------------------
// 12. Less common pattern syntax: `{tail}*`, several parameters in one segment, quantified
//     regexes, a versioned scope `/v{major}.{minor}`.
// ---------------------------------------------------------------------------------------------

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/assets/{tail}*")]
async fn asset(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().body(format!("asset {}", req.match_info().get("tail").unwrap_or("?")))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
#[get("/files/{name}.{ext}")]
async fn file_with_ext(req: HttpRequest) -> impl Responder {
    let m = req.match_info();
    HttpResponse::Ok().body(format!("{} {}", m.get("name").unwrap_or("?"), m.get("ext").unwrap_or("?")))
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[get("/years/{year:[0-9]{4}}")]
async fn year(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().body(format!("year {}", req.match_info().get("year").unwrap_or("?")))
}

#[actix_web::test]
async fn uncommon_pattern_syntax_is_found_by_the_layer() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/v{major}.{minor}")
                    .wrap(from_fn(auth_err))
                    .service(asset)
                    .service(file_with_ext)
                    .service(year),
            )
            .wrap(Layer),
    )
    .await;
    for (path, origin, body) in [
        ("/v1.2/assets/css/site.css", APP, "asset css/site.css"),
        ("/v1.2/assets/", APP, "asset "),
        ("/v1.2/files/report.pdf", APP, "report pdf"),
        ("/v10.0/years/2024", ADMIN, "year 2024"),
    ] {
        let res = send(
            &app,
            preflight(path, origin, "GET")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                .to_request(),
        )
        .await;
        assert_eq!((res.status(), acao(res.headers())), (StatusCode::NO_CONTENT, vec![origin]), "{path}");
        assert!(!seen("OPTIONS", path), "{path}");
        let res = send(&app, with_origin(TestRequest::get().uri(path), origin).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_allowed(&res, origin, path);
        let res = send(&app, signed(with_origin(TestRequest::get().uri(path), origin)).to_request()).await;
        assert_eq!((res.status(), res.body()), (StatusCode::OK, body), "{path}");
        assert_allowed(&res, origin, path);
        let res = send(&app, signed(with_origin(TestRequest::get().uri(path), EVIL)).to_request()).await;
        assert_refused(&res, path);
    }
    // Not the year route's regex: routed, auth sees it, no CORS.
    let res = send(&app, preflight("/v1.2/years/24", ADMIN, "GET").to_request()).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert!(seen("OPTIONS", "/v1.2/years/24"));
}

// ---------------------------------------------------------------------------------------------
// 13. Two API versions in modules of their own: same handler name, same path, other policies.
// ---------------------------------------------------------------------------------------------

mod v1 {
    use actix_web::{HttpResponse, Responder, get};
    use strict_cors::cors;

    #[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"])]
    #[get("/items")]
    pub(crate) async fn list() -> impl Responder {
        HttpResponse::Ok().body("v1")
    }
}

mod v2 {
    use actix_web::{HttpResponse, Responder, get};
    use strict_cors::cors;

    #[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
    #[get("/items")]
    pub(crate) async fn list() -> impl Responder {
        HttpResponse::Ok().body("v2")
    }
}

#[actix_web::test]
async fn same_named_handlers_in_two_versions_keep_their_own_policies() {
    for layer in [true, false] {
        let app = init_service(
            App::new()
                .service(web::scope("/v1").wrap(from_fn(auth_ok)).service(v1::list))
                .service(web::scope("/v2").wrap(from_fn(auth_ok)).service(v2::list))
                .wrap(Condition::new(layer, Layer)),
        )
        .await;
        for (path, mine, other, body) in [("/v1/items", APP, ADMIN, "v1"), ("/v2/items", ADMIN, APP, "v2")] {
            let ctx = format!("{path}, layer {layer}");
            let res = send(&app, signed(with_origin(TestRequest::get().uri(path), mine)).to_request()).await;
            assert_eq!(res.body(), body, "{ctx}");
            assert_allowed(&res, mine, &ctx);
            let res = send(&app, signed(with_origin(TestRequest::get().uri(path), other)).to_request()).await;
            assert_refused(&res, &ctx);
            if layer {
                let res = send(
                    &app,
                    preflight(path, mine, "GET")
                        .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
                        .to_request(),
                )
                .await;
                assert_eq!(
                    (res.status(), acao(res.headers())),
                    (StatusCode::NO_CONTENT, vec![mine]),
                    "{ctx}"
                );
                let res = send(&app, preflight(path, other, "GET").to_request()).await;
                assert_eq!(res.status(), StatusCode::FORBIDDEN, "{ctx}");
                let res = send(&app, with_origin(TestRequest::get().uri(path), mine).to_request()).await;
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{ctx}");
                assert_allowed(&res, mine, &ctx);
                let res = send(&app, with_origin(TestRequest::get().uri(path), other).to_request()).await;
                assert_refused(&res, &ctx);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 14. Odd request targets against an app with a catch-all route and a whole-app `Cors::scope`:
//     asterisk-form, absolute-form, broken escapes, dot segments, a long path. No panic, no
//     grant to a refused origin.
// ---------------------------------------------------------------------------------------------

static WHOLE: Policy =
    policy!(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials);

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[get("/{tail:.*}")]
async fn catch_all(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().body(req.match_info().get("tail").unwrap_or("?").to_owned())
}

#[actix_web::test]
async fn odd_request_targets_never_panic_nor_grant() {
    let app = init_service(
        App::new()
            .service(Cors::new(&WHOLE).scope("").wrap(from_fn(auth_ok)).service(catch_all))
            .wrap(Layer)
            .wrap(NormalizePath::trim()),
    )
    .await;
    let long = format!("/{}", "a/".repeat(5000));
    let targets = [
        "*",
        "http://api.example.com/x",
        "/%",
        "/%zz",
        "/a%00b",
        "/%2e%2e/%2e%2e/etc",
        "/./../x",
        "/%2F%2F",
        long.as_str(),
        "/\u{e9}",
    ];
    for target in targets {
        if target.parse::<actix_web::http::Uri>().is_err() {
            continue;
        }
        let uri = target;
        for origin in [APP, ADMIN, EVIL] {
            for method in ["GET", "PUT"] {
                let res = send(&app, preflight("/", origin, method).uri(uri).to_request()).await;
                if origin == EVIL {
                    assert_eq!(
                        cors_headers(res.headers()),
                        Vec::<String>::new(),
                        "preflight {target} {method}"
                    );
                }
            }
            let res = send(&app, with_origin(TestRequest::get().uri(uri), origin).to_request()).await;
            let got = acao(res.headers());
            assert!(got.len() <= 1, "{target}: {got:?}");
            if origin == EVIL {
                assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "GET {target}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 15. One App serving two hosts: the public API host's `/api` has a policy, the internal host's
//     `/api` has none. The layer cannot run a scope's guards, so the public scope is written
//     `web::scope(..).guard(..).wrap(auth).wrap(Cors::new(..))` (README): routing runs the guards,
//     and `Cors::new` outside the auth answers the scope's preflights.
// ---------------------------------------------------------------------------------------------

static PUBLIC_HOST: Policy =
    policy!(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials);

fn to_host(request: TestRequest, host: &str) -> TestRequest {
    request.insert_header((header::HOST, host))
}

#[actix_web::test]
async fn two_hosts_on_one_prefix_each_get_their_own_answer() {
    for public_first in [true, false] {
        let public = web::scope("/api")
            .guard(actix_web::guard::Host("api.example.com"))
            .wrap(from_fn(auth_ok))
            .wrap(Cors::new(&PUBLIC_HOST))
            .route("/items", web::get().to(|| async { HttpResponse::Ok().body("public items") }));
        let internal = web::scope("/api")
            .guard(actix_web::guard::Host("internal.example.com"))
            .wrap(from_fn(auth_err))
            .route("/items", web::get().to(|| async { HttpResponse::Ok().body("internal items") }))
            .route(
                "/secrets",
                web::put().to(|| async { HttpResponse::Ok().body("internal secret changed") }),
            );
        let app = if public_first {
            App::new().service(public).service(internal)
        } else {
            App::new().service(internal).service(public)
        };
        let app = init_service(app.wrap(Layer)).await;
        let ctx = format!("public scope first: {public_first}");
        // The public host: its preflight answered before auth, its auth refusal readable.
        let res =
            send(&app, to_host(preflight("/api/items", APP, "GET"), "api.example.com").to_request()).await;
        assert_eq!((res.status(), acao(res.headers())), (StatusCode::NO_CONTENT, vec![APP]), "{ctx}");
        assert!(!seen("OPTIONS", "/api/items"), "{ctx}: auth saw the preflight");
        let res = send(
            &app,
            to_host(with_origin(TestRequest::get().uri("/api/items"), APP), "api.example.com").to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{ctx}");
        assert_allowed(&res, APP, &ctx);
        // The internal host: nothing, as without any CORS.
        let internal = |r: TestRequest| to_host(with_origin(r, APP), "internal.example.com").to_request();
        for (what, request) in [
            (
                "preflight PUT /api/secrets",
                to_host(preflight("/api/secrets", APP, "PUT"), "internal.example.com").to_request(),
            ),
            ("GET /api/items, auth Err", internal(TestRequest::get().uri("/api/items"))),
            ("GET /api/items, signed in", internal(signed(TestRequest::get().uri("/api/items")))),
            ("GET /api/nowhere, signed in", internal(signed(TestRequest::get().uri("/api/nowhere")))),
            ("PUT /api/secrets, signed in", internal(signed(TestRequest::put().uri("/api/secrets")))),
        ] {
            let res = send(&app, request).await;
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{ctx}: {what}: {}", res.status());
        }
    }
}

/// The production stack of section 1, as each engine's model judges it.
#[cfg(feature = "testing")]
#[actix_web::test]
async fn production_stack_as_each_engine_sees_it() {
    use strict_cors::testing::{Browser, Credentials, Request};

    let app = production_app!();
    let url = "https://api.example.com/api/orders/9/";
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let engine = format!("{:?}", browser.engine());
        let page = browser.page(APP);
        let put = Request::new(url)
            .method("PUT")
            .header("content-type", "application/json")
            .body("{}")
            .credentials(Credentials::Include);
        let signed_out = page.fetch(&app, put.clone()).await;
        assert_eq!(signed_out.preflight().map(|p| p.status), Some(204), "{engine}");
        assert_eq!(signed_out.status(), Some(401), "{engine}: {signed_out}");
        assert_eq!(signed_out.body(), Some(&br#"{"error":"unauthorized"}"#[..]), "{engine}");
        let signed_in = page.fetch(&app, put.clone().header("authorization", "Bearer t")).await;
        assert_eq!(signed_in.status(), Some(200), "{engine}: {signed_in}");
        assert_eq!(signed_in.header("x-request-id"), Some("r-1"), "{engine}: exposed");
        let evil = browser.page(EVIL).fetch(&app, put).await;
        assert!(evil.is_blocked(), "{engine}: {evil}");
        assert!(!evil.reached_server(), "{engine}: the refused preflight stops the PUT");
    }
}
