//! `#[cors]` handlers on real actix-web apps: every numbered behaviour of SPEC §4, through
//! `actix_web::test`, asserting headers as a browser reads them.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::test::{TestRequest, init_service};
use actix_web::{
    App, HttpRequest, HttpResponse, Responder, delete, error, get, patch, post, put, route, web,
};
use strict_cors::cors;
use support::{Answer, capture_logs, cors_headers, get as get_header, logged, preflight, vary};

mod support;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://app.example.com.evil.net";
/// Set by every handler, to tell its responses from the preflight's.
const RAN: &str = "x-handler";

#[cors(origins = ["https://app.example.com"], credentials, max_age = 600, allow_headers = ["content-type", "x-trace"], expose_headers = ["x-total-count"])]
#[post("/orders")]
async fn create_order(body: web::Json<Vec<u32>>) -> impl Responder {
    HttpResponse::Created()
        .insert_header((RAN, "create_order"))
        .insert_header(("x-total-count", body.len().to_string()))
        .finish()
}

#[cors(origins = "*", expose_headers = ["x-total-count"])]
#[get("/orders")]
async fn list_orders() -> impl Responder {
    HttpResponse::Ok()
        .insert_header((RAN, "list_orders"))
        .insert_header((header::VARY, "Accept-Encoding"))
        .body("[]")
}

#[cors(origins = ["https://*.example.org", "http://localhost:*"], allow_headers = "*")]
#[patch("/orders")]
async fn patch_order() -> Result<HttpResponse, error::Error> {
    Err(error::ErrorConflict("version mismatch"))
}

#[cors(origins = [regex("https://pr-[0-9]+\\.preview\\.example\\.com")], private_network)]
#[delete("/orders/{id}")]
async fn delete_order(path: web::Path<u32>) -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "delete_order")).body(path.into_inner().to_string())
}

#[cors(origins = ["https://app.example.com"], methods = ["PUT"])]
#[route("/items", method = "PUT", method = "PURGE", method = "OPTIONS")]
async fn items(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().insert_header((RAN, "items")).body(req.method().to_string())
}

/// An auth layer, as users put in `wrap = ".."`: it fails requests without a token.
async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !req.headers().contains_key("x-token") {
        return Err(error::ErrorUnauthorized("no token"));
    }
    next.call(req).await
}

fn has_trace(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    !ctx.head().headers().contains_key("x-no-route")
}

#[cors(origins = ["https://app.example.com"], allow_headers = ["x-token"])]
#[put(
    "/account",
    name = "account",
    guard = "has_trace",
    wrap = "actix_web::middleware::from_fn(require_token)"
)]
async fn update_account(req: HttpRequest) -> impl Responder {
    let url = req.url_for_static("account").map(|u| u.path().to_owned()).unwrap_or_default();
    HttpResponse::Ok().insert_header((RAN, "update_account")).body(url)
}

/// A handler that is not ready on its first poll, as one reading a request body over the
/// network is not.
#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/slow")]
async fn slow() -> impl Responder {
    actix_web::rt::task::yield_now().await;
    HttpResponse::Ok().insert_header((RAN, "slow")).finish()
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(create_order)
        .service(list_orders)
        .service(patch_order)
        .service(delete_order)
        .service(items)
        .service(slow)
        .service(web::scope("/api").service(update_account))
}

async fn call(request: TestRequest) -> Answer {
    let app = init_service(app()).await;
    Answer::of(app.call(request.to_request()).await).await
}

fn json_post(origin: &str, body: &'static str) -> TestRequest {
    TestRequest::post()
        .uri("/orders")
        .insert_header((header::ORIGIN, origin))
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload(body)
}

// §4.1
#[actix_web::test]
async fn allowed_preflight_is_204_with_every_header_and_skips_the_handler() {
    let res = call(
        preflight("/orders", APP, "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type,x-trace")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(get_header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(get_header(h, "access-control-allow-credentials"), Some("true"));
    // POST is CORS-safelisted: browsers allow it without Access-Control-Allow-Methods.
    assert_eq!(get_header(h, "access-control-allow-methods"), None);
    assert_eq!(get_header(h, "access-control-allow-headers"), Some("content-type, x-trace"));
    assert_eq!(get_header(h, "access-control-max-age"), Some("600"));
    assert_eq!(get_header(h, RAN), None);
    assert_eq!(res.body(), "");
}

#[actix_web::test]
async fn request_headers_split_over_several_lines_are_one_list() {
    // As a proxy may forward them: RFC 9110 §5.3 makes the lines one comma-separated list.
    let res = call(
        preflight("/orders", APP, "POST")
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-trace")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = call(
        preflight("/orders", APP, "POST")
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
            .append_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-secret")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn wildcard_headers_answer_star_but_not_for_authorization() {
    let res = call(
        preflight("/orders", "https://shop.example.org", "PATCH")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-anything")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_header(res.headers(), "access-control-allow-headers"), Some("*"));
    let res = call(
        preflight("/orders", "https://shop.example.org", "PATCH")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn private_network_is_answered_only_when_asked() {
    let origin = "https://pr-42.preview.example.com";
    let asked = call(
        preflight("/orders/7", origin, "DELETE")
            .insert_header(("access-control-request-private-network", "true")),
    )
    .await;
    assert_eq!(asked.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_header(asked.headers(), "access-control-allow-private-network"), Some("true"));
    let not_asked = call(preflight("/orders/7", origin, "DELETE")).await;
    assert_eq!(get_header(not_asked.headers(), "access-control-allow-private-network"), None);
}

// §4.2
#[actix_web::test]
async fn refused_preflight_is_403_without_allow_headers_and_logged() {
    capture_logs();
    let refused = [
        (preflight("/orders", EVIL, "POST"), "origin `https://app.example.com.evil.net` is not allowed"),
        (
            preflight("/orders", APP, "POST")
                .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-secret")),
            "request header `x-secret` is not allowed",
        ),
        (
            preflight("/orders", APP, "POST")
                .insert_header(("access-control-request-private-network", "true")),
            "private network access is not allowed",
        ),
    ];
    for (request, reason) in refused {
        let res = call(request).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{reason}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{reason}");
        assert_eq!(get_header(res.headers(), RAN), None, "{reason}");
        let line = format!("refused preflight for OPTIONS /orders: {reason}");
        assert!(logged(&line), "{line:?} was not logged");
    }
}

#[actix_web::test]
async fn preflight_for_a_method_nobody_serves_gets_the_usual_404_or_405() {
    for (path, method) in [("/orders", "PUT"), ("/orders", "post"), ("/orders/7", "GET"), ("/nowhere", "GET")]
    {
        let res = call(preflight(path, APP, method)).await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{path} {method}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    }
}

// §4.3
#[actix_web::test]
async fn handlers_on_one_path_answer_their_own_preflights_with_their_own_policy() {
    let get = call(preflight("/orders", EVIL, "GET")).await;
    assert_eq!(get.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_header(get.headers(), "access-control-allow-origin"), Some("*"));
    assert_eq!(get_header(get.headers(), "access-control-allow-credentials"), None);
    let post = call(preflight("/orders", EVIL, "POST")).await;
    assert_eq!(post.status(), StatusCode::FORBIDDEN);
    let patch = call(preflight("/orders", "http://localhost:5173", "PATCH")).await;
    assert_eq!(patch.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_header(patch.headers(), "access-control-allow-origin"), Some("http://localhost:5173"));
    assert_eq!(get_header(patch.headers(), "access-control-allow-methods"), Some("PATCH"));
}

// §4.4
#[actix_web::test]
async fn allowed_actual_request_gets_one_allow_origin_credentials_and_expose() {
    let res = call(json_post(APP, "[1,2,3]")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let h = res.headers();
    assert_eq!(
        h.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).collect::<Vec<_>>(),
        [&HeaderValue::from_static(APP)]
    );
    assert_eq!(get_header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(get_header(h, "access-control-expose-headers"), Some("x-total-count"));
    assert_eq!(get_header(h, "x-total-count"), Some("3"));
    assert_eq!(get_header(h, "access-control-max-age"), None);
}

#[actix_web::test]
async fn error_responses_are_readable_too() {
    // An extractor rejection.
    let res = call(json_post(APP, "{not json")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(get_header(res.headers(), "access-control-allow-credentials"), Some("true"));
    // The handler's own `Err`.
    let res =
        call(TestRequest::patch().uri("/orders").insert_header((header::ORIGIN, "https://a.b.example.org")))
            .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some("https://a.b.example.org"));
    // An error from the route's own `wrap` middleware.
    let res = call(TestRequest::put().uri("/api/account").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(vary(res.headers()), ["Origin"]);
}

// §4.5
#[actix_web::test]
async fn other_origins_run_the_handler_without_cors_headers() {
    for origin in
        [EVIL, "null", "http://app.example.com", "https://APP.example.com", "https://app.example.com:443"]
    {
        let res = call(json_post(origin, "[1]")).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{origin}");
        assert_eq!(get_header(res.headers(), RAN), Some("create_order"), "{origin}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{origin}");
        assert_eq!(vary(res.headers()), ["Origin"], "{origin}");
    }
}

// §4.6
#[actix_web::test]
async fn vary_origin_on_every_response_that_depends_on_it() {
    let no_origin = call(
        TestRequest::post()
            .uri("/orders")
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .set_payload("[]"),
    )
    .await;
    assert_eq!(cors_headers(no_origin.headers()), Vec::<String>::new());
    assert_eq!(vary(no_origin.headers()), ["Origin"]);
    // `origins = "*"` without credentials: the same answer for everyone, appended to the handler's Vary.
    for request in [
        TestRequest::get().uri("/orders").insert_header((header::ORIGIN, EVIL)),
        TestRequest::get().uri("/orders"),
    ] {
        let res = call(request).await;
        assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some("*"));
        assert_eq!(get_header(res.headers(), "access-control-expose-headers"), Some("x-total-count"));
        assert_eq!(vary(res.headers()), ["Accept-Encoding"]);
    }
}

// §4.7
#[actix_web::test]
async fn request_method_is_byte_exact_and_request_headers_are_a_lenient_list() {
    let res = call(preflight("/orders", "https://x.example.org", "patch")).await;
    assert!(matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED));
    let res = call(
        preflight("/orders", APP, "POST")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, " X-Trace ,,\tContent-Type, ")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

// §4.8
#[actix_web::test]
async fn hostile_input_is_refused_quickly() {
    let long_origin = format!("https://{}.example.org", "a".repeat(4096));
    let actual = [
        TestRequest::patch()
            .uri("/orders")
            .insert_header((header::ORIGIN, HeaderValue::from_bytes(b"https://a.example.org\xff").unwrap())),
        TestRequest::patch().uri("/orders").insert_header((header::ORIGIN, long_origin.as_str())),
        TestRequest::patch()
            .uri("/orders")
            .append_header((header::ORIGIN, "https://a.example.org"))
            .append_header((header::ORIGIN, "https://a.example.org")),
    ];
    for request in actual {
        let res = call(request).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    }
    // With any origin allowed, an actual request's answer is everyone's (`*`, no `Vary`), but a
    // preflight's `Origin` must be one a browser sends.
    for origin in [&b"https://a.example.org\xff"[..], long_origin.as_bytes()] {
        let res = call(
            preflight("/orders", APP, "GET")
                .insert_header((header::ORIGIN, HeaderValue::from_bytes(origin).unwrap())),
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    }
    let res =
        call(preflight("/orders", APP, "GET").append_header((header::ORIGIN, "https://b.example.org"))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = call(preflight("/orders", APP, "GET")).await;
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some("*"));
    let huge = vec!["content-type"; 10_000].join(",");
    let res =
        call(preflight("/orders", APP, "POST").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, huge)))
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

// §4.9
#[actix_web::test]
async fn options_without_request_method_goes_to_routing() {
    let res = call(
        TestRequest::default().method(Method::OPTIONS).uri("/items").insert_header((header::ORIGIN, APP)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(get_header(res.headers(), RAN), Some("items"));
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(res.body(), "OPTIONS");
}

#[actix_web::test]
async fn route_serves_every_method_but_preflights_only_those_listed() {
    let put = call(preflight("/items", APP, "PUT")).await;
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    assert_eq!(get_header(put.headers(), "access-control-allow-methods"), Some("PUT"));
    // The route serves OPTIONS itself, yet preflights never run the handler. PURGE is served
    // but not listed in `methods`: refused, as any preflight the policy refuses. DELETE is not
    // served at all: 405, as the router answers a method no route serves.
    let purge = call(preflight("/items", APP, "PURGE")).await;
    assert_eq!(purge.status(), StatusCode::FORBIDDEN);
    assert_eq!(get_header(purge.headers(), RAN), None);
    assert_eq!(cors_headers(purge.headers()), Vec::<String>::new());
    let delete = call(preflight("/items", APP, "DELETE")).await;
    assert_eq!(delete.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get_header(delete.headers(), RAN), None);
    assert_eq!(cors_headers(delete.headers()), Vec::<String>::new());
    let actual = call(
        TestRequest::default()
            .method(Method::from_bytes(b"PURGE").unwrap())
            .uri("/items")
            .insert_header((header::ORIGIN, APP)),
    )
    .await;
    assert_eq!(actual.body(), "PURGE");
}

#[actix_web::test]
async fn scope_name_guard_and_wrap_are_kept() {
    let preflight = call(
        preflight("/api/account", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-token")),
    )
    .await;
    assert_eq!(
        preflight.status(),
        StatusCode::NO_CONTENT,
        "the route's own middleware never sees preflights"
    );
    let res = call(
        TestRequest::put()
            .uri("/api/account")
            .insert_header((header::ORIGIN, APP))
            .insert_header(("x-token", "t")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(res.body(), "/api/account", "the resource keeps its name");
    let unguarded = call(
        TestRequest::put()
            .uri("/api/account")
            .insert_header(("x-token", "t"))
            .insert_header(("x-no-route", "1")),
    )
    .await;
    assert_eq!(unguarded.status(), StatusCode::NOT_FOUND, "the user's guard still applies");
}

#[actix_web::test]
async fn handlers_that_wait_get_their_headers_too() {
    let res = call(TestRequest::post().uri("/slow").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(get_header(res.headers(), RAN), Some("slow"));
    assert_eq!(get_header(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(get_header(res.headers(), "access-control-allow-credentials"), Some("true"));
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[post("")]
async fn at_the_empty_path() -> impl Responder {
    HttpResponse::Ok()
}

/// actix-web keeps an empty pattern empty on the `App`, where no request path matches it: the
/// route's preflight is registered on the same pattern, so it grants nothing for `/`, which the
/// actual request would never reach.
#[actix_web::test]
async fn an_empty_path_on_the_app_answers_no_preflight_for_the_root() {
    let app = init_service(App::new().service(at_the_empty_path)).await;
    let actual = actix_web::test::call_service(
        &app,
        TestRequest::post().uri("/").insert_header(("origin", APP)).to_request(),
    )
    .await;
    assert_eq!(actual.status(), StatusCode::NOT_FOUND);
    let res = actix_web::test::call_service(&app, preflight("/", APP, "POST").to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers().get("access-control-allow-origin"), None);
}
