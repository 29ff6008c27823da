//! The policy alone decides `Access-Control-Allow-*`, `-Expose-Headers` and `-Max-Age`: what a
//! handler or another middleware set is removed first, as code ported from hand-written CORS
//! and proxies do set them. A refused origin gets none; an allowed one exactly the policy's.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, get, web};
use strict_cors::{Cors, Policy, cors, policy};
use support::{Answer, cors_headers, get as header};

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
