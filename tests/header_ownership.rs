//! The policy alone decides `Access-Control-Allow-*`, `-Expose-Headers` and `-Max-Age`: what a
//! handler or another middleware set is removed first, as code ported from hand-written CORS
//! and proxies do set them. A refused origin gets none; an allowed one exactly the policy's.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, get, web};
use strict_cors::{Cors, Layer, Policy, cors, policy};
use support::{
    Answer, assert_preflight_answered, assert_preflight_refused, cors_headers, get as header, preflight,
};

mod support;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

/// What a port of hand-written CORS, or a proxied upstream, sends.
fn hand_written_cors(response: &mut HttpResponse) {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("x-secret"));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("*"));
    // No standard's, but an `Access-Control-Allow-*` all the same: the policy's to decide.
    headers.insert(
        header::HeaderName::from_static("access-control-allow-everything"),
        HeaderValue::from_static("true"),
    );
}

#[cors(origins = ["https://app.example.com"], expose_headers = ["x-total-count"])]
#[get("/own")]
async fn sets_its_own() -> impl Responder {
    let mut response = HttpResponse::Ok().insert_header(("x-total-count", "3")).body("own");
    hand_written_cors(&mut response);
    response
}

async fn plain_sets_its_own() -> HttpResponse {
    let mut response = HttpResponse::Ok().body("scoped");
    hand_written_cors(&mut response);
    response
}

/// A middleware inside the policy that adds the same headers to whatever passes.
async fn proxy_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    Ok(response)
}

static SCOPE: Policy = policy!(origins = ["https://app.example.com"]);

async fn call(origin: Option<&str>, path: &str) -> Answer {
    let app = init_service(
        App::new().service(sets_its_own).service(
            web::scope("/api")
                .wrap(from_fn(proxy_headers))
                .wrap(Cors::new(&SCOPE))
                .route("/scoped", web::get().to(plain_sets_its_own)),
        ),
    )
    .await;
    let mut request = TestRequest::get().uri(path);
    if let Some(origin) = origin {
        request = request.insert_header((header::ORIGIN, origin));
    }
    Answer::of(app.call(request.to_request()).await).await
}

#[actix_web::test]
async fn an_allowed_origin_gets_exactly_the_policys_headers() {
    let res = call(Some(APP), "/own").await;
    let h = res.headers();
    assert_eq!(res.body(), "own");
    let mut names = cors_headers(h);
    names.sort();
    assert_eq!(names, ["access-control-allow-origin", "access-control-expose-headers"], "{h:?}");
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-expose-headers"), Some("x-total-count"));
    assert_eq!(h.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).count(), 1);

    // Under a scope's policy, with a middleware inside it adding its own.
    let res = call(Some(APP), "/api/scoped").await;
    assert_eq!(res.body(), "scoped");
    assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin"], "{:?}", res.headers());
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some(APP));
}

#[actix_web::test]
async fn a_refused_origin_or_no_origin_gets_none() {
    for path in ["/own", "/api/scoped"] {
        for origin in [Some(EVIL), None] {
            let res = call(origin, path).await;
            assert_eq!(res.status(), 200, "{path} {origin:?}");
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{path} {origin:?}");
            assert_eq!(header(res.headers(), "vary"), Some("Origin"), "{path} {origin:?}");
        }
    }
}

static PUT_ONLY: Policy = policy!(origins = ["https://app.example.com"], methods = ["PUT"]);

/// What a port of hand-written CORS adds to every response that has none of them.
fn default_cors_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Access-Control-Allow-Origin", "*"))
        .add(("Access-Control-Allow-Credentials", "true"))
        .add(("Access-Control-Max-Age", "86400"))
        .add(("Access-Control-Allow-Headers", "x-secret"))
}

#[actix_web::test]
async fn behind_the_layer_a_preflight_answer_it_leaves_to_routing_keeps_only_the_policys_headers() {
    // A scope written `.wrap(Cors::new(..))` is not known to the layer: routing takes its
    // preflights to the scope's middleware, whose answer then passes middleware that adds
    // CORS headers of its own, on the `App` inside the layer and on the scope outside `Cors`.
    // A refusal granting `*` with credentials, or a grant cached for a day, would be theirs.
    let app = init_service(
        App::new()
            .service(
                web::scope("/api")
                    .wrap(Cors::new(&PUT_ONLY))
                    .wrap(default_cors_headers())
                    .route("/orders", web::put().to(HttpResponse::Ok)),
            )
            .wrap(default_cors_headers())
            .wrap(Layer),
    )
    .await;
    let call = |origin: &str, method: &str| {
        let request = preflight("/api/orders", origin, method).to_request();
        let app = &app;
        async move { Answer::of(app.call(request).await).await }
    };

    let allowed = call(APP, "PUT").await;
    assert_preflight_answered(&allowed, "allowed");
    let mut names = cors_headers(allowed.headers());
    names.sort();
    assert_eq!(
        names,
        ["access-control-allow-methods", "access-control-allow-origin"],
        "{:?}",
        allowed.headers()
    );
    assert_eq!(header(allowed.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(header(allowed.headers(), "access-control-allow-methods"), Some("PUT"));

    assert_preflight_refused(&call(EVIL, "PUT").await, "refused origin");
    assert_preflight_refused(&call(APP, "DELETE").await, "method the policy does not list");

    // What routing answers with no policy's answer (a path under no scope's policy) is left
    // as it is: the layer knows no policy there.
    let elsewhere = Answer::of(app.call(preflight("/elsewhere", APP, "PUT").to_request()).await).await;
    assert_eq!(header(elsewhere.headers(), "access-control-allow-origin"), Some("*"));
}
