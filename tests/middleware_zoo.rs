//! `strict-cors` next to actix-web's own middleware and features, as an actix-web user deploys
//! it: `NormalizePath` (merge only, inside the layer), `wrap_fn` on the `App` and on scopes,
//! middleware that waits before calling on, that rewrites the path or the method, that turns a
//! route's 500 into `Err`, that answers `OPTIONS` itself, several `Layer`s, `Layer` on a scope,
//! several applications in one process, header guards on plain routes beside `#[cors]` routes,
//! percent-encoded and odd paths, path/query extractor failures. Each checked against the
//! contract (SPEC §2, §4; README "Behind auth: `Layer`").

#![allow(clippy::too_many_lines, clippy::similar_names, missing_docs)]

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode, Uri};
use actix_web::middleware::{DefaultHeaders, Next, NormalizePath, TrailingSlash, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, Error, HttpResponse, Responder, delete, error, get, guard, put, web};
use auth::{auth_err, auth_ok, record, seen, seen_options_under};
use strict_cors::{Cors, Layer, Policy, cors, policy};
use support::{Answer, cors_headers, get as header, preflight, vary};

#[path = "support/auth.rs"]
mod auth;
mod support;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Sends a `TestRequest` to an initialised application: what the client receives.
macro_rules! send {
    ($app:expr, $request:expr) => {
        async { Answer::of($app.call($request.to_request()).await).await }
    };
}

fn acao(h: &HeaderMap) -> Vec<&str> {
    h.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.to_str().unwrap()).collect()
}

fn vary_items(h: &HeaderMap) -> Vec<String> {
    vary(h)
        .iter()
        .flat_map(|line| line.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn vary_count(h: &HeaderMap, name: &str) -> usize {
    vary_items(h).iter().filter(|item| item.eq_ignore_ascii_case(name)).count()
}

fn with_origin(request: TestRequest, origin: &str) -> TestRequest {
    request.insert_header((header::ORIGIN, origin))
}

fn signed(request: TestRequest) -> TestRequest {
    request.insert_header((header::AUTHORIZATION, "Bearer t"))
}

/// An allowed actual response: exactly one ACAO equal to `origin`, credentials as `creds`
/// says, `Vary` naming `Origin` exactly once.
#[track_caller]
fn assert_allowed(res: &Answer, origin: &str, creds: bool, context: &str) {
    assert_eq!(
        acao(res.headers()),
        vec![origin],
        "{context}: ACAO; status {} headers {:?}",
        res.status(),
        res.headers()
    );
    let acac: Vec<_> = res.headers().get_all(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).collect();
    assert_eq!(acac.len(), usize::from(creds), "{context}: ACAC; headers {:?}", res.headers());
    assert_eq!(
        vary_count(res.headers(), "origin"),
        1,
        "{context}: Vary names Origin once; headers {:?}",
        res.headers()
    );
}

/// A refused actual response (or one without `Origin`): no `Access-Control-*`, `Vary: Origin`
/// exactly once.
#[track_caller]
fn assert_refused(res: &Answer, context: &str) {
    assert_eq!(
        cors_headers(res.headers()),
        Vec::<String>::new(),
        "{context}: status {} headers {:?}",
        res.status(),
        res.headers()
    );
    assert_eq!(
        vary_count(res.headers(), "origin"),
        1,
        "{context}: Vary names Origin once; headers {:?}",
        res.headers()
    );
}

/// An allowed preflight answer: 204 with ACAO equal to `origin`.
#[track_caller]
fn assert_preflight_allowed(res: &Answer, origin: &str, context: &str) {
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "{context}: status; headers {:?} body {}",
        res.headers(),
        res.body()
    );
    assert_eq!(acao(res.headers()), vec![origin], "{context}: ACAO; headers {:?}", res.headers());
}

/// A refused preflight answer: 403, no `Access-Control-Allow-*`.
#[track_caller]
fn assert_preflight_refused(res: &Answer, context: &str) {
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "{context}: status; headers {:?} body {}",
        res.headers(),
        res.body()
    );
    assert!(
        cors_headers(res.headers()).iter().all(|name| !name.starts_with("access-control-allow")),
        "{context}: headers {:?}",
        res.headers()
    );
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

#[cors(
    origins = ["https://app.example.com"],
    allow_headers = ["authorization", "content-type"],
    expose_headers = ["x-request-id"],
    credentials
)]
#[put("/orders/{id}")]
async fn zoo_put_order(id: web::Path<u32>) -> impl Responder {
    HttpResponse::Ok().insert_header(("x-request-id", "1")).body(format!("order {id}"))
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[delete("/orders/{id}")]
async fn zoo_delete_order() -> impl Responder {
    HttpResponse::Ok().insert_header(("access-control-allow-origin", "*")).body("deleted")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/orders/{id}")]
async fn zoo_get_order(
    id: web::Path<u32>,
    q: web::Query<std::collections::HashMap<String, u32>>,
) -> impl Responder {
    HttpResponse::Ok().body(format!("order {id} {:?}", q.get("page")))
}

/// A handler that fails with a 500 `Err`.
#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/boom")]
async fn zoo_boom() -> Result<HttpResponse, Error> {
    Err(error::ErrorInternalServerError("database down"))
}

// ---------------------------------------------------------------------------------------------
// 1. `NormalizePath` merging slashes only, outside the layer; and inside it (README: wrap it
//    after the layer).
// ---------------------------------------------------------------------------------------------

#[actix_web::test]
async fn normalize_path_merge_only_outside_the_layer() {
    let app = init_service(
        App::new()
            .service(web::scope("/m1").wrap(from_fn(auth_err)).service(zoo_put_order).service(zoo_get_order))
            .wrap(Layer)
            .wrap(NormalizePath::new(TrailingSlash::MergeOnly)),
    )
    .await;
    for path in ["//m1//orders/7", "/m1///orders//7", "/m1/orders/7"] {
        let res = send!(
            app,
            preflight(path, APP, "PUT")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
        )
        .await;
        assert_preflight_allowed(&res, APP, path);
        let res = send!(app, preflight(path, EVIL, "PUT")).await;
        assert_preflight_refused(&res, path);
        let res = send!(app, with_origin(TestRequest::put().uri(path), APP)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_allowed(&res, APP, true, path);
        let res = send!(app, with_origin(TestRequest::put().uri(path), EVIL)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_refused(&res, path);
        let res = send!(app, signed(with_origin(TestRequest::put().uri(path), APP))).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_allowed(&res, APP, true, path);
    }
    assert_eq!(seen_options_under("/m1"), Vec::<String>::new(), "auth saw a preflight");
    // Merge-only keeps a trailing slash: `/m1/orders/7/` is no route's path, the router's 404
    // (auth refuses first here), without the route's headers.
    let res = send!(app, preflight("/m1/orders/7/", APP, "PUT")).await;
    assert!(acao(res.headers()).is_empty(), "{:?}", res.headers());
}

/// `NormalizePath` written inside the layer (before `.wrap(Layer)`), the order many apps have
/// it in (it was the outermost before `Layer` was added). The README says to wrap it after;
/// what must hold either way: nothing is granted that the policy refuses, and paths that need no
/// normalizing are answered before auth.
#[actix_web::test]
async fn normalize_path_inside_the_layer_grants_nothing_and_plain_paths_still_work() {
    let app = init_service(
        App::new()
            .service(web::scope("/m2").wrap(from_fn(auth_ok)).service(zoo_put_order))
            .wrap(NormalizePath::trim())
            .wrap(Layer),
    )
    .await;
    let res = send!(app, preflight("/m2/orders/7", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "plain path");
    assert!(!seen("OPTIONS", "/m2/orders/7"));
    // A path NormalizePath rewrites: the actual request reaches the route, which answers for
    // its response (README: "a path that middleware inside the layer rewrites (NormalizePath) is
    // still answered by the route it ends at").
    let res = send!(app, signed(with_origin(TestRequest::put().uri("/m2/orders/7/"), APP))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_allowed(&res, APP, true, "trailing slash, reached");
    let res = send!(app, signed(with_origin(TestRequest::put().uri("/m2/orders/7/"), EVIL))).await;
    assert_refused(&res, "trailing slash, reached, evil");
    // Never a grant to a refused origin, whoever answers the preflight.
    let res = send!(app, preflight("/m2/orders/7/", EVIL, "PUT")).await;
    assert!(acao(res.headers()).is_empty(), "{:?}", res.headers());
}

/// A path `NormalizePath` rewrites, wired as the README says (`NormalizePath` after `Layer`, so
/// outside it): the layer sees the normalized path, and the preflight is answered before auth.
/// (Inside the layer, the layer looks at the path before it is normalized, and the preflight of
/// `/m3/orders/7/` goes on to routing: the README's table of shapes.)
#[actix_web::test]
async fn normalize_path_trim_after_the_layer_preflights_rewritten_paths_before_auth() {
    let app = init_service(
        App::new()
            .service(web::scope("/m3").wrap(from_fn(auth_ok)).service(zoo_put_order))
            .wrap(Layer)
            .wrap(NormalizePath::trim()),
    )
    .await;
    let res = send!(app, preflight("/m3/orders/7/", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "trailing slash");
    assert!(!seen("OPTIONS", "/m3/orders/7"));
    let res = send!(app, with_origin(TestRequest::put().uri("/m3/orders/7/"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "trailing slash, auth refused");
}

// ---------------------------------------------------------------------------------------------
// 2. `wrap_fn` auth on the `App` and on a scope, handlers registered through `configure`.
// ---------------------------------------------------------------------------------------------

fn zoo_config(cfg: &mut web::ServiceConfig) {
    cfg.service(zoo_put_order).service(zoo_delete_order).service(zoo_boom);
}

#[actix_web::test]
async fn wrap_fn_auth_on_app_and_scope_never_sees_preflights() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/w1")
                    .wrap_fn(|req, srv| {
                        record(&req);
                        let call =
                            if req.headers().contains_key("x-tenant") { Ok(srv.call(req)) } else { Err(req) };
                        async move {
                            match call {
                                Ok(fut) => fut.await.map(ServiceResponse::map_into_left_body),
                                Err(req) => Ok(req
                                    .into_response(HttpResponse::Forbidden().body("no tenant"))
                                    .map_into_right_body()),
                            }
                        }
                    })
                    .configure(zoo_config),
            )
            .wrap_fn(|req, srv| {
                record(&req);
                let call = if req.headers().contains_key(header::AUTHORIZATION) {
                    Some(srv.call(req))
                } else {
                    None
                };
                async move {
                    match call {
                        Some(fut) => fut.await,
                        None => Err(error::ErrorUnauthorized("no token")),
                    }
                }
            })
            .wrap(Layer),
    )
    .await;
    let res = send!(
        app,
        preflight("/w1/orders/3", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
    )
    .await;
    assert_preflight_allowed(&res, APP, "PUT preflight");
    let res = send!(app, preflight("/w1/orders/3", ADMIN, "DELETE")).await;
    assert_preflight_allowed(&res, ADMIN, "DELETE preflight");
    let res = send!(app, preflight("/w1/orders/3", APP, "DELETE")).await;
    assert_preflight_refused(&res, "DELETE preflight from app");
    assert_eq!(seen_options_under("/w1"), Vec::<String>::new(), "wrap_fn saw a preflight");

    // App-level Err 401.
    let res = send!(app, with_origin(TestRequest::put().uri("/w1/orders/3"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "app wrap_fn Err");
    assert_eq!(header(res.headers(), "access-control-expose-headers"), Some("x-request-id"));
    let res = send!(app, with_origin(TestRequest::put().uri("/w1/orders/3"), EVIL)).await;
    assert_refused(&res, "app wrap_fn Err, evil");
    let res = send!(app, TestRequest::put().uri("/w1/orders/3")).await;
    assert_refused(&res, "app wrap_fn Err, no origin");
    // Scope-level Ok(403).
    let res = send!(app, signed(with_origin(TestRequest::delete().uri("/w1/orders/3"), ADMIN))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(acao(res.headers()), vec![ADMIN]);
    assert_eq!(vary_count(res.headers(), "origin"), 1);
    let res = send!(app, signed(with_origin(TestRequest::delete().uri("/w1/orders/3"), APP))).await;
    assert_refused(&res, "scope wrap_fn 403 for DELETE from app");
    // Through both: the handler's own stray wildcard is replaced.
    let res = send!(
        app,
        signed(with_origin(TestRequest::delete().uri("/w1/orders/3"), ADMIN))
            .insert_header(("x-tenant", "a"))
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(acao(res.headers()), vec![ADMIN]);
    let res = send!(
        app,
        signed(with_origin(TestRequest::delete().uri("/w1/orders/3"), EVIL)).insert_header(("x-tenant", "a"))
    )
    .await;
    assert_refused(&res, "handler's wildcard removed for evil");
    // The handler's 500.
    let res = send!(
        app,
        signed(with_origin(TestRequest::get().uri("/w1/boom"), APP)).insert_header(("x-tenant", "a"))
    )
    .await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_allowed(&res, APP, true, "handler 500 through wrap_fn");
}

// ---------------------------------------------------------------------------------------------
// 3. Middleware after the route: turns a 500 into `Err`, or builds a new response; waits
//    (rate limiting) before calling on.
// ---------------------------------------------------------------------------------------------

/// Calls on, then turns any 5xx into an `Err` of its own (hiding the details), as error
/// reporting middleware does.
async fn five_hundred_to_err(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let res = next.call(req).await?;
    if res.status().is_server_error() {
        return Err(error::ErrorServiceUnavailable("try again later"));
    }
    Ok(res)
}

/// Calls on, then replaces every 4xx/5xx with a fresh response built from scratch (no headers
/// of the original kept).
async fn fresh_error_page(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let res = next.call(req).await?;
    if res.status().is_client_error() || res.status().is_server_error() {
        let status = res.status();
        let (req, _) = res.into_parts();
        let page = HttpResponse::build(status)
            .insert_header(("access-control-allow-origin", "*"))
            .body("error page");
        return Ok(ServiceResponse::new(req, page).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}

/// Waits (a rate limiter's permit) before calling on, and refuses with `Err(429)` when told to.
async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    actix_web::rt::time::sleep(std::time::Duration::from_millis(2)).await;
    actix_web::rt::task::yield_now().await;
    if req.headers().contains_key("x-over-limit") {
        return Err(error::ErrorTooManyRequests("slow down"));
    }
    let fut = next.call(req);
    actix_web::rt::task::yield_now().await;
    fut.await
}

#[actix_web::test]
async fn middleware_turning_a_routes_500_into_err_keeps_the_routes_headers() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/e1").wrap(from_fn(five_hundred_to_err)).service(zoo_boom).service(zoo_put_order),
            )
            .wrap(Layer),
    )
    .await;
    let res = send!(app, with_origin(TestRequest::get().uri("/e1/boom"), APP)).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_allowed(&res, APP, true, "500 turned into Err");
    let res = send!(app, with_origin(TestRequest::get().uri("/e1/boom"), EVIL)).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_refused(&res, "500 turned into Err, evil");
    let res = send!(app, TestRequest::get().uri("/e1/boom")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_refused(&res, "500 turned into Err, no origin");
    // Success passes through untouched.
    let res = send!(app, with_origin(TestRequest::put().uri("/e1/orders/1"), APP)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_allowed(&res, APP, true, "success through the error mapper");
}

#[actix_web::test]
async fn middleware_replacing_error_responses_from_scratch_keeps_the_routes_headers() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/e2")
                    .wrap(from_fn(auth_err))
                    .wrap(from_fn(fresh_error_page))
                    .service(zoo_boom)
                    .service(zoo_get_order),
            )
            .wrap(Layer),
    )
    .await;
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/e2/boom"), APP))).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.body(), "error page");
    assert_allowed(&res, APP, true, "fresh 500 page");
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/e2/boom"), EVIL))).await;
    assert_refused(&res, "fresh 500 page, evil: its wildcard removed");
    // The path extractor rejects `abc` (404), replaced by the page.
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/e2/orders/abc"), APP))).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_allowed(&res, APP, true, "path extractor 404 replaced");
    // The query extractor rejects `page=x` (400), replaced by the page.
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/e2/orders/1?page=x"), APP))).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_allowed(&res, APP, true, "query extractor 400 replaced");
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/e2/orders/1?page=x"), EVIL))).await;
    assert_refused(&res, "query extractor 400 replaced, evil");
    // Auth's `Err` (auth is inside `fresh_error_page`, which passes an `Err` on as it is).
    let res = send!(app, with_origin(TestRequest::get().uri("/e2/orders/1"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "auth Err");
}

#[actix_web::test]
async fn middleware_that_waits_before_calling_on() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/r1").wrap(from_fn(auth_ok)).service(zoo_put_order).service(zoo_delete_order),
            )
            .wrap(from_fn(rate_limit))
            .wrap(Layer),
    )
    .await;
    let res = send!(app, preflight("/r1/orders/1", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "preflight");
    assert_eq!(seen_options_under("/r1"), Vec::<String>::new());
    let res = send!(
        app,
        with_origin(TestRequest::put().uri("/r1/orders/1"), APP).insert_header(("x-over-limit", "1"))
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_allowed(&res, APP, true, "429 after waiting");
    let res = send!(app, with_origin(TestRequest::put().uri("/r1/orders/1"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "401 after waiting");
    let res = send!(app, signed(with_origin(TestRequest::put().uri("/r1/orders/1"), APP))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_allowed(&res, APP, true, "200 after waiting");
    let res = send!(app, signed(with_origin(TestRequest::delete().uri("/r1/orders/1"), APP))).await;
    assert_refused(&res, "DELETE from app after waiting");
    let res = send!(app, signed(with_origin(TestRequest::delete().uri("/r1/orders/1"), ADMIN))).await;
    assert_eq!(acao(res.headers()), vec![ADMIN]);

    // Two requests to routes of different policies, in flight together on one thread.
    let (a, b) = futures_join(
        send!(app, signed(with_origin(TestRequest::put().uri("/r1/orders/1"), APP))),
        send!(app, signed(with_origin(TestRequest::delete().uri("/r1/orders/2"), APP))),
    )
    .await;
    assert_allowed(&a, APP, true, "interleaved PUT");
    assert_refused(&b, "interleaved DELETE from app");
    let (a, b) = futures_join(
        send!(app, with_origin(TestRequest::delete().uri("/r1/orders/2"), ADMIN)),
        send!(app, with_origin(TestRequest::put().uri("/r1/orders/1"), ADMIN)),
    )
    .await;
    assert_eq!(acao(a.headers()), vec![ADMIN], "interleaved DELETE 401 from admin: {:?}", a.headers());
    assert_refused(&b, "interleaved PUT 401 from admin");
}

/// Polls two futures together on this thread (no `futures` dependency here).
async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let std::task::Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let std::task::Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() { std::task::Poll::Ready(()) } else { std::task::Poll::Pending }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

// ---------------------------------------------------------------------------------------------
// 4. Middleware rewriting the path (a legacy alias) or the method (method override).
// ---------------------------------------------------------------------------------------------

/// Serves `/legacy/...` as `/p1/...` (an old API prefix kept alive).
async fn legacy_alias(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if let Some(rest) = req.path().strip_prefix("/legacy/") {
        let uri: Uri = format!("/p1/{rest}").parse().unwrap();
        req.match_info_mut().get_mut().update(&uri);
        req.head_mut().uri = uri;
    }
    next.call(req).await
}

/// `X-HTTP-Method-Override` on a `POST`, as HTML-form-era APIs have.
async fn method_override(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::POST
        && let Some(method) =
            req.headers().get("x-http-method-override").and_then(|v| Method::from_bytes(v.as_bytes()).ok())
    {
        req.head_mut().method = method;
    }
    next.call(req).await
}

#[actix_web::test]
async fn a_path_rewriter_outside_the_layer_is_seen_by_it() {
    let app = init_service(
        App::new()
            .service(web::scope("/p1").wrap(from_fn(auth_ok)).service(zoo_put_order))
            .wrap(Layer)
            .wrap(from_fn(legacy_alias)),
    )
    .await;
    let res = send!(app, preflight("/legacy/orders/5", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "legacy preflight");
    assert_eq!(seen_options_under("/p1"), Vec::<String>::new());
    let res = send!(app, with_origin(TestRequest::put().uri("/legacy/orders/5"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "legacy 401");
}

#[actix_web::test]
async fn a_path_rewriter_inside_the_layer_reaches_the_route_which_answers() {
    let app = init_service(
        App::new().service(web::scope("/p1").service(zoo_put_order)).wrap(from_fn(legacy_alias)).wrap(Layer),
    )
    .await;
    let res = send!(app, with_origin(TestRequest::put().uri("/legacy/orders/5"), APP)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_allowed(&res, APP, true, "legacy reached");
    let res = send!(app, with_origin(TestRequest::put().uri("/legacy/orders/5"), EVIL)).await;
    assert_refused(&res, "legacy reached, evil");
    // Without auth in front, the route's own preflight service answers too.
    let res = send!(app, preflight("/legacy/orders/5", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "legacy preflight routed");
}

#[actix_web::test]
async fn a_method_override_inside_the_layer_is_answered_by_the_route_reached() {
    let app = init_service(
        App::new()
            .service(web::scope("/o1").service(zoo_put_order).service(zoo_delete_order))
            .wrap(from_fn(method_override))
            .wrap(Layer),
    )
    .await;
    // A POST the browser sends, served as DELETE: the DELETE route answers (admin's policy).
    let res = send!(
        app,
        with_origin(TestRequest::post().uri("/o1/orders/2"), ADMIN)
            .insert_header(("x-http-method-override", "DELETE"))
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "deleted");
    assert_eq!(acao(res.headers()), vec![ADMIN], "{:?}", res.headers());
    let res = send!(
        app,
        with_origin(TestRequest::post().uri("/o1/orders/2"), APP)
            .insert_header(("x-http-method-override", "DELETE"))
    )
    .await;
    assert_refused(&res, "override to DELETE from app");
    let res = send!(
        app,
        with_origin(TestRequest::post().uri("/o1/orders/2"), APP)
            .insert_header(("x-http-method-override", "PUT"))
    )
    .await;
    assert_allowed(&res, APP, true, "override to PUT from app");
}

// ---------------------------------------------------------------------------------------------
// 5. A legacy `OPTIONS` answerer inside the layer; a handler-level wildcard.
// ---------------------------------------------------------------------------------------------

/// Answers every `OPTIONS` with 200 and wildcard CORS headers, as hand-rolled CORS did.
async fn legacy_options(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    record(&req);
    if req.method() == Method::OPTIONS {
        let res = HttpResponse::Ok()
            .insert_header(("access-control-allow-origin", "*"))
            .insert_header(("access-control-allow-methods", "*"))
            .insert_header(("access-control-allow-headers", "*"))
            .finish();
        return Ok(req.into_response(res).map_into_right_body());
    }
    let mut res = next.call(req).await?;
    res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, header::HeaderValue::from_static("*"));
    Ok(res.map_into_left_body())
}

#[actix_web::test]
async fn a_hand_rolled_options_answerer_inside_the_layer_never_sees_cors_preflights() {
    let app = init_service(
        App::new()
            .service(web::scope("/l1").service(zoo_put_order))
            .route("/l1/plain", web::get().to(HttpResponse::Ok))
            .wrap(from_fn(legacy_options))
            .wrap(Layer),
    )
    .await;
    let res = send!(app, preflight("/l1/orders/1", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "cors route");
    let res = send!(app, preflight("/l1/orders/1", EVIL, "PUT")).await;
    assert_preflight_refused(&res, "cors route, evil");
    assert_eq!(seen_options_under("/l1/orders"), Vec::<String>::new());
    let res = send!(app, with_origin(TestRequest::put().uri("/l1/orders/1"), EVIL)).await;
    assert_refused(&res, "the middleware's wildcard removed for evil");
    let res = send!(app, with_origin(TestRequest::put().uri("/l1/orders/1"), APP)).await;
    assert_allowed(&res, APP, true, "the middleware's wildcard replaced");
    // Without `Origin`: the middleware's wildcard is removed too (SPEC §4.10), `Vary: Origin`.
    let res = send!(app, TestRequest::put().uri("/l1/orders/1")).await;
    assert_refused(&res, "no origin, the middleware's wildcard");
    // A path no policy covers is the middleware's own business.
    let res = send!(app, preflight("/l1/plain", EVIL, "GET")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(acao(res.headers()), vec!["*"]);
}

// ---------------------------------------------------------------------------------------------
// 6. `Layer` twice, and `Layer` on a scope only.
// ---------------------------------------------------------------------------------------------

#[actix_web::test]
async fn layer_wrapped_twice_writes_one_set_of_headers() {
    let app = init_service(
        App::new()
            .service(web::scope("/d1").wrap(from_fn(auth_err)).service(zoo_put_order).service(zoo_boom))
            .wrap(Layer)
            .wrap(DefaultHeaders::new().add(("x-frame-options", "DENY")))
            .wrap(Layer),
    )
    .await;
    let res = send!(app, preflight("/d1/orders/1", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "preflight");
    assert_eq!(vary_count(res.headers(), "origin"), 1, "{:?}", res.headers());
    for (request, status, expose) in [
        (with_origin(TestRequest::put().uri("/d1/orders/1"), APP), StatusCode::UNAUTHORIZED, 1),
        (signed(with_origin(TestRequest::put().uri("/d1/orders/1"), APP)), StatusCode::OK, 1),
        // `zoo_boom`'s policy exposes nothing.
        (signed(with_origin(TestRequest::get().uri("/d1/boom"), APP)), StatusCode::INTERNAL_SERVER_ERROR, 0),
    ] {
        let res = send!(app, request).await;
        assert_eq!(res.status(), status);
        assert_allowed(&res, APP, true, &format!("{status}"));
        assert_eq!(
            res.headers().get_all("access-control-expose-headers").count(),
            expose,
            "{:?}",
            res.headers()
        );
        if status != StatusCode::UNAUTHORIZED {
            // (DefaultHeaders never sees an `Err`: actix-web's own behaviour.)
            assert_eq!(header(res.headers(), "x-frame-options"), Some("DENY"));
        }
    }
    let res = send!(app, TestRequest::put().uri("/d1/orders/1")).await;
    assert_refused(&res, "no origin, twice wrapped");
    let res = send!(app, with_origin(TestRequest::put().uri("/d1/orders/1"), EVIL)).await;
    assert_refused(&res, "evil, twice wrapped");
}

#[actix_web::test]
async fn layer_on_a_scope_with_the_auth_inside_it() {
    let app = init_service(
        App::new().service(web::scope("/s1").wrap(from_fn(auth_ok)).service(zoo_put_order).wrap(Layer)),
    )
    .await;
    let res = send!(app, preflight("/s1/orders/1", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "preflight");
    assert!(!seen("OPTIONS", "/s1/orders/1"), "auth saw the preflight");
    let res = send!(app, with_origin(TestRequest::put().uri("/s1/orders/1"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "401 under a scope's layer");
    let res = send!(app, with_origin(TestRequest::put().uri("/s1/orders/1"), EVIL)).await;
    assert_refused(&res, "401 under a scope's layer, evil");
}

// ---------------------------------------------------------------------------------------------
// 7. Several applications in one process (one thread), different policies on one path.
// ---------------------------------------------------------------------------------------------

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[put("/tenant/orders")]
async fn zoo_tenant_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["x-admin"], max_age = 60)]
#[put("/tenant/orders")]
async fn zoo_tenant_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

static ZOO_SCOPE_A: Policy =
    policy!(origins = ["https://app.example.com"], allow_headers = ["authorization"]);
static ZOO_SCOPE_B: Policy =
    policy!(origins = ["https://admin.example.com"], allow_headers = ["authorization"]);

#[actix_web::test]
async fn two_applications_on_one_thread_keep_their_own_policies() {
    let a = init_service(
        App::new()
            // Before the `""` scope, which would take every path (plain actix-web routing).
            .service(
                Cors::new(&ZOO_SCOPE_A)
                    .scope("/partners")
                    .wrap(from_fn(auth_err))
                    .route("/r", web::get().to(HttpResponse::Ok)),
            )
            .service(web::scope("").wrap(from_fn(auth_ok)).service(zoo_tenant_a))
            .wrap(Layer),
    )
    .await;
    let b = init_service(
        App::new()
            .service(
                Cors::new(&ZOO_SCOPE_B)
                    .scope("/partners")
                    .wrap(from_fn(auth_err))
                    .route("/r", web::get().to(HttpResponse::Ok)),
            )
            .service(web::scope("").wrap(from_fn(auth_ok)).service(zoo_tenant_b))
            .wrap(Layer),
    )
    .await;
    // b's first request comes before a's: each layer reads its own map.
    let res = send!(
        b,
        preflight("/tenant/orders", ADMIN, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-admin"))
    )
    .await;
    assert_preflight_allowed(&res, ADMIN, "b");
    assert_eq!(header(res.headers(), "access-control-max-age"), Some("60"));
    let res = send!(a, preflight("/tenant/orders", ADMIN, "PUT")).await;
    assert_preflight_refused(&res, "a refuses admin");
    let res = send!(a, preflight("/tenant/orders", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "a");
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
    let res = send!(b, preflight("/tenant/orders", APP, "PUT")).await;
    assert_preflight_refused(&res, "b refuses app");
    let res = send!(a, with_origin(TestRequest::put().uri("/tenant/orders"), APP)).await;
    assert_allowed(&res, APP, true, "a 401");
    let res = send!(b, with_origin(TestRequest::put().uri("/tenant/orders"), APP)).await;
    assert_refused(&res, "b 401 to app");
    let res = send!(b, with_origin(TestRequest::put().uri("/tenant/orders"), ADMIN)).await;
    assert_allowed(&res, ADMIN, false, "b 401 to admin");
    // Cors::scopes on one prefix in two apps.
    let res = send!(a, preflight("/partners/r", APP, "GET")).await;
    assert_preflight_allowed(&res, APP, "a partners");
    let res = send!(b, preflight("/partners/r", APP, "GET")).await;
    assert_preflight_refused(&res, "b partners refuses app");
    let res = send!(b, with_origin(TestRequest::get().uri("/partners/r"), ADMIN)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, ADMIN, false, "b partners Err");
    let res = send!(a, with_origin(TestRequest::get().uri("/partners/r"), ADMIN)).await;
    assert_refused(&res, "a partners Err to admin");
    assert!(!seen("OPTIONS", "/tenant/orders") && !seen("OPTIONS", "/partners/r"));

    // One dropped and another built in its place: the new one's policy, not the old one's.
    drop(a);
    let c = init_service(
        App::new().service(web::scope("").wrap(from_fn(auth_ok)).service(zoo_tenant_b)).wrap(Layer),
    )
    .await;
    let res = send!(c, preflight("/tenant/orders", APP, "PUT")).await;
    assert_preflight_refused(&res, "c refuses app");
    let res = send!(c, with_origin(TestRequest::put().uri("/tenant/orders"), ADMIN)).await;
    assert_allowed(&res, ADMIN, false, "c 401 to admin");
    drop(b);
}

#[actix_web::test]
async fn one_application_with_the_layer_beside_one_without() {
    let plain = init_service(App::new().service(zoo_tenant_b)).await;
    let layered = init_service(
        App::new().service(web::scope("").wrap(from_fn(auth_ok)).service(zoo_tenant_a)).wrap(Layer),
    )
    .await;
    let res = send!(plain, with_origin(TestRequest::put().uri("/tenant/orders"), ADMIN)).await;
    assert_allowed(&res, ADMIN, false, "plain");
    let res = send!(layered, with_origin(TestRequest::put().uri("/tenant/orders"), APP)).await;
    assert_allowed(&res, APP, true, "layered");
    let res = send!(plain, preflight("/tenant/orders", ADMIN, "PUT")).await;
    assert_preflight_allowed(&res, ADMIN, "plain preflight");
    let res = send!(layered, preflight("/tenant/orders", ADMIN, "PUT")).await;
    assert_preflight_refused(&res, "layered preflight refuses admin");
}

// ---------------------------------------------------------------------------------------------
// 8. A plain route with a header guard beside a `#[cors]` route on the same path.
// ---------------------------------------------------------------------------------------------

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "x-api-version"], credentials)]
#[get("/versioned")]
async fn zoo_versioned_v1() -> impl Responder {
    HttpResponse::Ok().body("v1")
}

#[actix_web::test]
async fn a_header_guarded_plain_route_registered_first() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/g1")
                    .wrap(from_fn(auth_err))
                    .route(
                        "/versioned",
                        web::get()
                            .guard(guard::Header("x-api-version", "2"))
                            .to(|| async { HttpResponse::Ok().body("v2") }),
                    )
                    .service(zoo_versioned_v1),
            )
            .wrap(Layer),
    )
    .await;
    let res = send!(
        app,
        preflight("/g1/versioned", APP, "GET")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-api-version"))
    )
    .await;
    assert_preflight_allowed(&res, APP, "preflight");
    assert!(!seen("OPTIONS", "/g1/versioned"));
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/g1/versioned"), APP))).await;
    assert_eq!(res.body(), "v1");
    assert_allowed(&res, APP, true, "v1");
    let res = send!(app, with_origin(TestRequest::get().uri("/g1/versioned"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_allowed(&res, APP, true, "v1 401");
    // v2, a plain route the router reaches by its header guard: not the `#[cors]` route's.
    let res = send!(
        app,
        signed(with_origin(TestRequest::get().uri("/g1/versioned"), APP))
            .insert_header(("x-api-version", "2"))
    )
    .await;
    assert_eq!(res.body(), "v2");
    // README: "a response from another resource the router took the request to ... is left as
    // it is".
    assert!(acao(res.headers()).is_empty(), "{:?}", res.headers());
    let res = send!(
        app,
        signed(with_origin(TestRequest::get().uri("/g1/versioned"), EVIL))
            .insert_header(("x-api-version", "2"))
    )
    .await;
    assert!(acao(res.headers()).is_empty(), "{:?}", res.headers());
}

// ---------------------------------------------------------------------------------------------
// 9. Percent-encoded and odd paths: the layer answers exactly where the router goes.
// ---------------------------------------------------------------------------------------------

#[actix_web::test]
async fn encoded_and_odd_paths_are_answered_where_the_router_goes() {
    let app = init_service(
        App::new().service(web::scope("/pct").wrap(from_fn(auth_ok)).service(zoo_put_order)).wrap(Layer),
    )
    .await;
    // Paths the router takes to the route.
    for path in [
        "/pct/ord%65rs/9",
        "/pct/%6Frders/9",
        "/pct/orders/%39",
        "/pct/orders/9?x=%2F",
        "/p%63t/orders/9",
        "/%70%63%74/orders/9",
    ] {
        let res = send!(app, preflight(path, APP, "PUT")).await;
        assert_preflight_allowed(&res, APP, path);
        let res = send!(app, with_origin(TestRequest::put().uri(path), APP)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_allowed(&res, APP, true, path);
        let res = send!(app, signed(with_origin(TestRequest::put().uri(path), APP))).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}: {}", res.body());
    }
    // Paths the router takes to the route, whose extractor then refuses the id (404): the
    // route answers for it.
    for path in ["/pct/orders/a%2Fb", "/pct/orders/%C3%A9", "/pct/orders/9%20"] {
        let res = send!(app, preflight(path, APP, "PUT")).await;
        assert_preflight_allowed(&res, APP, path);
        let res = send!(app, signed(with_origin(TestRequest::put().uri(path), APP))).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_allowed(&res, APP, true, path);
    }
    // Paths it does not: nothing of the policy's, whoever answers.
    for path in [
        "/pct/orders%2F9",
        "/pct/orders/",
        "/pct/x/../orders/9",
        "/pct//orders/9",
        "/PCT/orders/9",
        "/pct/orders/9/",
    ] {
        let res = send!(app, signed(preflight(path, APP, "PUT"))).await;
        assert!(acao(res.headers()).is_empty(), "{path}: {} {:?}", res.status(), res.headers());
        let res = send!(app, signed(with_origin(TestRequest::put().uri(path), APP))).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(acao(res.headers()).is_empty(), "{path}: {:?}", res.headers());
    }
}

// ---------------------------------------------------------------------------------------------
// 10. Custom-method URLs (`/orders/{id}:cancel`, Google AIP-136) beside `/orders/{id}`; a
//     non-standard method (`PURGE`).
// ---------------------------------------------------------------------------------------------

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"], credentials)]
#[actix_web::post("/orders/{id}:cancel")]
async fn zoo_cancel(id: web::Path<String>) -> impl Responder {
    HttpResponse::Ok().body(format!("cancelled {id}"))
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[actix_web::post("/orders/{id}")]
async fn zoo_post_order(id: web::Path<String>) -> impl Responder {
    HttpResponse::Ok().body(format!("posted {id}"))
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["authorization"])]
#[actix_web::route("/cache/{key}", method = "PURGE")]
async fn zoo_purge() -> impl Responder {
    HttpResponse::Ok().body("purged")
}

#[actix_web::test]
async fn custom_method_urls_and_nonstandard_methods_behind_auth() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/c1")
                    .wrap(from_fn(auth_err))
                    .service(zoo_cancel)
                    .service(zoo_post_order)
                    .service(zoo_purge),
            )
            .wrap(Layer),
    )
    .await;
    // `/orders/5:cancel` reaches the cancel route (registered first); `/orders/5` the other.
    for (path, origin, other, body) in
        [("/c1/orders/5:cancel", ADMIN, APP, "cancelled 5"), ("/c1/orders/5", APP, ADMIN, "posted 5")]
    {
        let res = send!(
            app,
            preflight(path, origin, "POST")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
        )
        .await;
        assert_preflight_allowed(&res, origin, path);
        let res = send!(
            app,
            preflight(path, other, "POST")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
        )
        .await;
        assert_preflight_refused(&res, path);
        let res = send!(app, with_origin(TestRequest::post().uri(path), origin)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_allowed(&res, origin, true, path);
        let res = send!(app, with_origin(TestRequest::post().uri(path), other)).await;
        assert_refused(&res, &format!("{path} other"));
        let res = send!(app, signed(with_origin(TestRequest::post().uri(path), origin))).await;
        assert_eq!(res.body(), body);
        assert_allowed(&res, origin, true, path);
    }
    assert_eq!(seen_options_under("/c1"), Vec::<String>::new());
    // PURGE.
    let res = send!(
        app,
        preflight("/c1/cache/k", ADMIN, "PURGE")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
    )
    .await;
    assert_preflight_allowed(&res, ADMIN, "PURGE");
    assert_eq!(header(res.headers(), "access-control-allow-methods"), Some("PURGE"));
    let res = send!(app, preflight("/c1/cache/k", ADMIN, "purge")).await;
    assert!(acao(res.headers()).is_empty(), "lowercase purge: {:?}", res.headers());
    let purge = Method::from_bytes(b"PURGE").unwrap();
    let res =
        send!(app, with_origin(TestRequest::default().method(purge.clone()).uri("/c1/cache/k"), ADMIN)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(acao(res.headers()), vec![ADMIN]);
    let res =
        send!(app, signed(with_origin(TestRequest::default().method(purge).uri("/c1/cache/k"), ADMIN))).await;
    assert_eq!(res.body(), "purged");
    assert_eq!(acao(res.headers()), vec![ADMIN]);
}

// ---------------------------------------------------------------------------------------------
// 11. A response cache inside the layer that replays a stored response, headers and all.
// ---------------------------------------------------------------------------------------------

/// A stored response: its status, headers and body.
type Stored = (StatusCode, Vec<(header::HeaderName, header::HeaderValue)>, actix_web::web::Bytes);

thread_local! {
    static CACHE: std::cell::RefCell<std::collections::HashMap<String, Stored>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Caches successful GETs by path, headers included, and replays them (a naive cache that
/// ignores `Vary`, as many hand-written ones do).
async fn naive_cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let key = req.path().to_owned();
    if req.method() == Method::GET
        && let Some((status, headers, body)) = CACHE.with_borrow(|c| c.get(&key).cloned())
    {
        let mut res = HttpResponse::build(status);
        for (name, value) in headers {
            res.append_header((name, value));
        }
        return Ok(req.into_response(res.body(body)).map_into_right_body());
    }
    let res = next.call(req).await?;
    if res.status() == StatusCode::OK {
        let status = res.status();
        let headers: Vec<_> = res.headers().iter().map(|(n, v)| (n.clone(), v.clone())).collect();
        let (req, body) = res.into_parts();
        let body = actix_web::body::to_bytes(body.into_body()).await.unwrap_or_default();
        CACHE.with_borrow_mut(|c| c.insert(key, (status, headers, body.clone())));
        return Ok(ServiceResponse::new(req, HttpResponse::build(status).body(body)).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-total-count"], credentials)]
#[get("/catalog")]
async fn zoo_catalog() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "3")).body("catalog")
}

#[actix_web::test]
async fn a_cache_replaying_stored_headers_inside_the_layer_never_leaks_them() {
    let app = init_service(
        App::new().service(web::scope("/k1").service(zoo_catalog)).wrap(from_fn(naive_cache)).wrap(Layer),
    )
    .await;
    // Warm the cache from the allowed origin: the stored copy is the route's own response,
    // before the layer wrote anything (the layer is outside the cache).
    let res = send!(app, with_origin(TestRequest::get().uri("/k1/catalog"), APP)).await;
    assert_allowed(&res, APP, true, "first");
    for (origin, allowed) in [(Some(EVIL), false), (Some(APP), true), (None, false)] {
        let request = TestRequest::get().uri("/k1/catalog");
        let request = match origin {
            Some(o) => with_origin(request, o),
            None => request,
        };
        let res = send!(app, request).await;
        assert_eq!(res.body(), "catalog");
        if allowed {
            assert_allowed(&res, APP, true, "replayed to app");
            assert_eq!(header(res.headers(), "access-control-expose-headers"), Some("x-total-count"));
        } else {
            assert_refused(&res, &format!("replayed to {origin:?}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 12. `DefaultHeaders` with its own `Vary`, outside the layer, as the README places it.
// ---------------------------------------------------------------------------------------------

/// `DefaultHeaders` adds a header only where the response has none of that name (actix-web's
/// own rule), so wrapped after the layer, as the README advises for middleware that adds
/// headers, its `Vary: Accept-Encoding` is dropped from every response the layer gave
/// `Vary: Origin`. This is actix-web behaviour, shown here because it silently drops a cache
/// key; inside the layer it is kept (the layer appends to it).
#[actix_web::test]
async fn default_headers_vary_outside_the_layer_is_dropped_inside_it_is_kept() {
    let outside = init_service(
        App::new()
            .service(web::scope("/v1").service(zoo_catalog))
            .wrap(Layer)
            .wrap(DefaultHeaders::new().add((header::VARY, "Accept-Encoding"))),
    )
    .await;
    let res = send!(outside, with_origin(TestRequest::get().uri("/v1/catalog"), APP)).await;
    assert_eq!(vary_items(res.headers()), vec!["origin"], "outside: DefaultHeaders' Vary is not added");
    let inside = init_service(
        App::new()
            .service(web::scope("/v1").service(zoo_catalog))
            .wrap(DefaultHeaders::new().add((header::VARY, "Accept-Encoding")))
            .wrap(Layer),
    )
    .await;
    let res = send!(inside, with_origin(TestRequest::get().uri("/v1/catalog"), APP)).await;
    assert_eq!(vary_items(res.headers()), vec!["accept-encoding", "origin"], "inside: both");
    let res = send!(inside, TestRequest::get().uri("/v1/catalog")).await;
    assert_eq!(vary_items(res.headers()), vec!["accept-encoding", "origin"], "inside, no origin: both");
}

static ZOO_SCOPE_VARY: Policy = policy!(origins = ["https://app.example.com"]);

/// What [`vary_honouring_cache`] keeps: whether the response varied on `Origin`, the `Origin`
/// it answered, and the response's status, headers and body.
type Kept = (bool, Option<String>, (StatusCode, HeaderMap, web::Bytes));

thread_local! {
    static ZOO_CACHED: std::cell::RefCell<Option<Kept>> =
        const { std::cell::RefCell::new(None) };
}

/// A response cache, keyed on the path, that honours `Vary: Origin`: it gives a kept response
/// to a request with another `Origin` only if the response did not vary on it.
async fn vary_honouring_cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, Error> {
    let origin = req.headers().get(header::ORIGIN).map(|v| v.to_str().unwrap().to_owned());
    let hit = ZOO_CACHED.with_borrow(|kept| match kept {
        Some((varies, kept_origin, (status, headers, body))) if !*varies || *kept_origin == origin => {
            let mut copy = HttpResponse::with_body(*status, body.clone());
            *copy.headers_mut() = headers.clone();
            Some(copy)
        }
        _ => None,
    });
    if let Some(copy) = hit {
        return Ok(req.into_response(copy.map_into_boxed_body()));
    }
    let (req, res) = next.call(req).await?.into_parts();
    let (head, body) = res.into_parts();
    let body = actix_web::body::to_bytes(body).await.map_err(|_| error::ErrorInternalServerError("body"))?;
    let varies = vary_items(head.headers()).iter().any(|name| name == "origin");
    ZOO_CACHED.set(Some((varies, origin, (head.status(), head.headers().clone(), body.clone()))));
    Ok(ServiceResponse::new(req, head.set_body(body).map_into_boxed_body()))
}

/// A response cache inside the layer, where the README puts middleware that may replace a
/// response, sees the `Vary: Origin` of what a `Cors` middleware answered: it never gives one
/// origin's answer to another.
#[actix_web::test]
async fn a_cache_between_the_layer_and_a_cors_middleware_sees_its_vary() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/cached")
                    .wrap(Cors::new(&ZOO_SCOPE_VARY))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            )
            .wrap(from_fn(vary_honouring_cache))
            .wrap(Layer),
    )
    .await;
    ZOO_CACHED.set(None);
    let res =
        send!(app, with_origin(TestRequest::get().uri("/cached/items"), "https://evil.example.net")).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = send!(app, with_origin(TestRequest::get().uri("/cached/items"), APP)).await;
    assert_eq!(
        header(res.headers(), "access-control-allow-origin"),
        Some(APP),
        "not the refusal kept for another"
    );
    assert_eq!(vary_items(res.headers()), vec!["origin"]);
    let res = send!(app, TestRequest::get().uri("/cached/items")).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "not the grant kept for the app");
    assert_eq!(vary_items(res.headers()), vec!["origin"]);
}

// ---------------------------------------------------------------------------------------------
// 13. A timeout around the handler; `ErrorHandlers` whose handlers return `Err` or a future;
//     `ErrorHandlers` outside the layer that only adds a header.
// ---------------------------------------------------------------------------------------------

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[get("/slow")]
async fn zoo_slow() -> impl Responder {
    actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
    HttpResponse::Ok().body("slow")
}

/// Gives up after 10 ms with `Err(504)`, as a request timeout does.
async fn timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    match actix_web::rt::time::timeout(std::time::Duration::from_millis(10), next.call(req)).await {
        Ok(result) => result,
        Err(_) => Err(error::ErrorGatewayTimeout("took too long")),
    }
}

#[actix_web::test]
async fn a_timeout_after_the_route_was_reached_keeps_its_headers() {
    let app = init_service(
        App::new()
            .service(web::scope("/t1").service(zoo_slow).service(zoo_boom))
            .wrap(from_fn(timeout))
            .wrap(Layer),
    )
    .await;
    let res = send!(app, with_origin(TestRequest::get().uri("/t1/slow"), APP)).await;
    assert_eq!(res.status(), StatusCode::GATEWAY_TIMEOUT);
    assert_allowed(&res, APP, true, "504");
    let res = send!(app, with_origin(TestRequest::get().uri("/t1/slow"), EVIL)).await;
    assert_eq!(res.status(), StatusCode::GATEWAY_TIMEOUT);
    assert_refused(&res, "504 evil");
    let res = send!(app, TestRequest::get().uri("/t1/slow")).await;
    assert_refused(&res, "504 no origin");
    // Fast ones pass untouched.
    let res = send!(app, with_origin(TestRequest::get().uri("/t1/boom"), APP)).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_allowed(&res, APP, true, "500 within the timeout");
}

fn not_found_to_err<B>(
    _: ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    Err(error::ErrorGone("gone for good"))
}

#[allow(clippy::unnecessary_wraps)] // the signature `ErrorHandlers` takes
fn server_error_later<B: 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    Ok(actix_web::middleware::ErrorHandlerResponse::Future(Box::pin(async move {
        actix_web::rt::task::yield_now().await;
        let (req, _) = res.into_parts();
        let page = HttpResponse::InternalServerError()
            .insert_header(("access-control-allow-origin", "*"))
            .body("later");
        Ok(ServiceResponse::new(req, page).map_into_right_body())
    })))
}

#[allow(clippy::unnecessary_wraps)] // the signature `ErrorHandlers` takes
fn tag_errors<B>(
    mut res: ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    res.headers_mut()
        .insert(header::HeaderName::from_static("x-error"), header::HeaderValue::from_static("1"));
    Ok(actix_web::middleware::ErrorHandlerResponse::Response(res.map_into_left_body()))
}

#[actix_web::test]
async fn error_handlers_returning_err_or_a_future_inside_the_layer() {
    let app = init_service(
        App::new()
            .service(web::scope("/h1").wrap(from_fn(auth_ok)).service(zoo_get_order).service(zoo_boom))
            .wrap(
                actix_web::middleware::ErrorHandlers::new()
                    .handler(StatusCode::NOT_FOUND, not_found_to_err)
                    .handler(StatusCode::INTERNAL_SERVER_ERROR, server_error_later),
            )
            .wrap(Layer)
            .wrap(actix_web::middleware::ErrorHandlers::new().default_handler(tag_errors)),
    )
    .await;
    // The path extractor's 404 (route reached), turned into `Err(410)` by ErrorHandlers.
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/h1/orders/abc"), APP))).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert_allowed(&res, APP, true, "410 from ErrorHandlers' Err");
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/h1/orders/abc"), EVIL))).await;
    assert_refused(&res, "410 evil");
    // The handler's 500, replaced by a page built in a future.
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/h1/boom"), APP))).await;
    assert_eq!((res.status(), res.body()), (StatusCode::INTERNAL_SERVER_ERROR, "later"));
    assert_allowed(&res, APP, true, "500 later");
    assert_eq!(header(res.headers(), "x-error"), Some("1"), "outer ErrorHandlers ran");
    let res = send!(app, signed(with_origin(TestRequest::get().uri("/h1/boom"), EVIL))).await;
    assert_refused(&res, "500 later, evil: its wildcard removed");
    // Auth's Ok(401), tagged by ErrorHandlers outside the layer: the route's headers kept.
    let res = send!(app, with_origin(TestRequest::get().uri("/h1/orders/1"), APP)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(res.headers(), "x-error"), Some("1"));
    assert_allowed(&res, APP, true, "401 tagged outside");
    // A refused preflight (403 from the layer), tagged outside: still nothing granted.
    let res = send!(app, preflight("/h1/orders/1", EVIL, "GET")).await;
    assert_preflight_refused(&res, "refused preflight tagged");
    assert_eq!(header(res.headers(), "x-error"), Some("1"));
}

// ---------------------------------------------------------------------------------------------
// 14. Request targets that are not paths: `OPTIONS *`, absolute form.
// ---------------------------------------------------------------------------------------------

#[actix_web::test]
async fn asterisk_and_absolute_form_targets_never_panic_nor_grant() {
    static WHOLE: Policy = policy!(origins = ["https://app.example.com"], allow_headers = ["authorization"]);
    let app = init_service(
        App::new()
            .service(web::scope("/x1").wrap(from_fn(auth_ok)).service(zoo_put_order))
            .service(
                Cors::new(&WHOLE)
                    .scope("")
                    .wrap(from_fn(auth_ok))
                    .route("/y", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer)
            .wrap(NormalizePath::trim()),
    )
    .await;
    let res = send!(app, preflight("*", EVIL, "PUT")).await;
    assert!(acao(res.headers()).is_empty(), "OPTIONS * from evil: {} {:?}", res.status(), res.headers());
    // Not a path: no scope's, not even `Cors::scope("")`'s (the router does not enter it): 404.
    let res = send!(app, preflight("*", APP, "GET")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(acao(res.headers()).is_empty(), "OPTIONS * from app: {:?}", res.headers());
    let res = send!(app, preflight("http://api.example.com/x1/orders/1", APP, "PUT")).await;
    assert_preflight_allowed(&res, APP, "absolute form");
    let res =
        send!(app, with_origin(TestRequest::put().uri("http://api.example.com/x1/orders/1"), APP)).await;
    assert_allowed(&res, APP, true, "absolute form 401");
    // Absolute form with an empty path is `/`, under `Cors::scope("")`.
    let res = send!(app, preflight("http://api.example.com", APP, "GET")).await;
    assert_preflight_allowed(&res, APP, "absolute form, empty path");
}

// ---------------------------------------------------------------------------------------------
// 15. Middleware serving `HEAD` as `GET`; `Layer` on a scope with auth on the `App` (the README
//     says: last, on the `App`).
// ---------------------------------------------------------------------------------------------

/// Serves `HEAD` with the `GET` route, dropping the body, as "auto-HEAD" middleware does.
async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let head = req.method() == Method::HEAD;
    if head {
        req.head_mut().method = Method::GET;
    }
    let res = next.call(req).await?;
    Ok(if head { res.map_body(|_, _| actix_web::body::BoxBody::new(())) } else { res.map_into_boxed_body() })
}

#[actix_web::test]
async fn head_served_as_get_inside_the_layer_gets_the_get_routes_headers() {
    let app = init_service(
        App::new().service(web::scope("/hd").service(zoo_catalog)).wrap(from_fn(head_as_get)).wrap(Layer),
    )
    .await;
    let res =
        send!(app, with_origin(TestRequest::default().method(Method::HEAD).uri("/hd/catalog"), APP)).await;
    assert_eq!((res.status(), res.body()), (StatusCode::OK, ""));
    assert_allowed(&res, APP, true, "HEAD as GET");
    assert_eq!(header(res.headers(), "access-control-expose-headers"), Some("x-total-count"));
    let res =
        send!(app, with_origin(TestRequest::default().method(Method::HEAD).uri("/hd/catalog"), EVIL)).await;
    assert_refused(&res, "HEAD as GET, evil");
}

/// A `Layer` on a scope does not stand in front of auth on the `App`: documented ("written
/// once, last, on the `App`"). What must hold anyway: the auth's refusal of a preflight grants
/// nothing, and the layer still answers what reaches it.
#[actix_web::test]
async fn a_layer_on_a_scope_with_auth_on_the_app() {
    let app = init_service(
        App::new().service(web::scope("/s2").service(zoo_put_order).wrap(Layer)).wrap(from_fn(auth_ok)),
    )
    .await;
    let res = send!(app, preflight("/s2/orders/1", APP, "PUT")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "the app's auth runs first");
    assert!(cors_headers(res.headers()).is_empty());
    let res = send!(app, signed(preflight("/s2/orders/1", APP, "PUT"))).await;
    assert_preflight_allowed(&res, APP, "signed preflight reaches the scope's layer");
    let res = send!(app, signed(with_origin(TestRequest::put().uri("/s2/orders/1"), EVIL))).await;
    assert_refused(&res, "evil through the scope's layer");
}
