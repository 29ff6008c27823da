//! Debug mode: a refused preflight is answered so that the browser's console names the cause,
//! and still refused. (Its own test binary: the switch is process-wide.)

use actix_web::dev::Service;
use actix_web::http::{StatusCode, header};
use actix_web::test::init_service;
use actix_web::{App, HttpResponse, Responder, put};
use strict_cors::cors;
use support::{Answer, get as header, preflight};

mod support;

const APP: &str = "https://app.example.com";

#[cors(origins = ["https://app.example.com"], allow_headers = ["content-type"], credentials, max_age = 600)]
#[put("/orders")]
async fn orders() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = "*", allow_headers = "*")]
#[put("/public")]
async fn public() -> impl Responder {
    HttpResponse::Ok()
}

#[actix_web::test]
async fn refusals_name_their_cause_and_grant_nothing() {
    strict_cors::set_debug_mode(true);
    let app = init_service(App::new().service(orders).service(public)).await;
    let call = |request: actix_web::test::TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };

    // An origin not allowed: no Access-Control-Allow-Origin ("no ACAO header is present").
    let res = call(preflight("/orders", "https://evil.example", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), None);

    // A header not allowed: the policy's list, without it ("x-secret is not allowed by ...").
    let res = call(
        preflight("/orders", APP, "PUT").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-secret")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-methods"), Some("PUT"));
    assert_eq!(header(h, "access-control-allow-headers"), Some("content-type"));
    // Nothing to cache: the next preflight asks again.
    assert_eq!(header(h, "access-control-max-age"), None);

    // `*` is never sent for a refused header: engines let it cover `authorization`.
    let res = call(
        preflight("/public", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-headers"), None);

    // Private-network access refused: as an origin refused, since an engine that only warns
    // about it would let the request through an answer that takes it that far.
    let res = call(
        preflight("/orders", APP, "PUT").insert_header(("access-control-request-private-network", "true")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), None);
    assert_eq!(header(res.headers(), "access-control-allow-private-network"), None);

    // Allowed preflights are as ever.
    let res = call(
        preflight("/orders", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")),
    )
    .await;
    assert_eq!(header(res.headers(), "access-control-allow-headers"), Some("content-type"));
    assert_eq!(header(res.headers(), "access-control-max-age"), Some("600"));

    strict_cors::set_debug_mode(false);
    let res = call(preflight("/orders", "https://evil.example", "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
