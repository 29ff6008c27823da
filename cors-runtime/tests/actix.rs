//! A hand-built `static` policy, in the form `#[cors]` generates, on real actix-web routes:
//! SPEC §4 through `actix_web::test`.

#![cfg(feature = "actix")]

#[path = "../../tests/support/mod.rs"]
mod support;

use std::borrow::Cow::Borrowed;

use actix_web::body::MessageBody;
use actix_web::dev::{AppService, HttpServiceFactory, Service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::from_fn;
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, error, guard, web};
use cors_runtime::__private::{self, PolicyParts, RouteCors, register_route};
use cors_runtime::Policy;
use support::{Answer, capture_logs, cors_headers, get, logged, preflight, vary};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://app.example.com.evil.net";

/// `origins = ["https://app.example.com", "https://*.example.org"], credentials, max_age = 600,
/// allow_headers = ["content-type", "x-trace"], expose_headers = ["x-total-count"]` on PUT/DELETE.
static STRICT: Policy = __private::policy(PolicyParts {
    any_origin: false,
    origins: Borrowed(&[Borrowed(APP), Borrowed("https://*.example.org")]),
    regexes: Borrowed(&[]),
    credentials: true,
    private_network: false,
    any_method: false,
    methods: Borrowed(&[Borrowed("PUT"), Borrowed("DELETE")]),
    any_header: false,
    allow_headers: Borrowed(&[Borrowed("content-type"), Borrowed("x-trace")]),
    allow_methods_value: Some(Borrowed("PUT, DELETE")),
    allow_headers_value: Some(Borrowed("content-type, x-trace")),
    expose_headers_value: Some(Borrowed("x-total-count")),
    max_age_value: Some(Borrowed("600")),
});

/// `origins = "*"` on GET, no credentials.
static PUBLIC: Policy = __private::policy(PolicyParts {
    any_origin: true,
    origins: Borrowed(&[]),
    regexes: Borrowed(&[]),
    credentials: false,
    private_network: false,
    any_method: false,
    methods: Borrowed(&[Borrowed("GET")]),
    any_header: false,
    allow_headers: Borrowed(&[]),
    allow_methods_value: Some(Borrowed("GET")),
    allow_headers_value: None,
    expose_headers_value: None,
    max_age_value: None,
});

/// The same static form is what the validator produces, field for field.
#[test]
fn the_static_form_is_what_the_validator_builds() {
    use cors_runtime::__private::{OriginEntry, PolicyConfig};
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let validated = PolicyConfig {
        origins: vec![OriginEntry::Literal(APP.into()), OriginEntry::Literal("https://*.example.org".into())],
        route_methods: Some(strings(&["PUT", "DELETE"])),
        allow_headers: strings(&["x-trace", "Content-Type"]),
        expose_headers: strings(&["x-total-count"]),
        credentials: true,
        max_age: Some(600),
        ..PolicyConfig::default()
    }
    .validate()
    .unwrap();
    assert_eq!(__private::parts(&validated), __private::parts(&STRICT));
}

/// Marks responses that come from a handler.
const RAN: &str = "x-handler";

async fn handled() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((RAN, "handled"))
        .insert_header(("x-total-count", "3"))
        .insert_header((header::VARY, "Accept-Encoding"))
        .body("ok")
}

async fn failing() -> Result<HttpResponse, error::Error> {
    Err(error::ErrorInternalServerError("boom"))
}

async fn orders(body: web::Json<Vec<u32>>) -> HttpResponse {
    HttpResponse::Ok().body(body.len().to_string())
}

async fn options_handler() -> HttpResponse {
    HttpResponse::Ok().body("options")
}

/// An inner middleware that fails every request to `/guarded`, as an auth layer would.
async fn deny(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.headers().contains_key("x-deny") {
        return Err(error::ErrorUnauthorized("denied"));
    }
    next.call(req).await
}

/// A route as `#[cors]` registers it: the route's own resource, then the preflight resource
/// (`register_route`; first if the route serves `OPTIONS`). The route's resource has its method
/// guard on the resource (as actix-web's routing macros do, so that other methods fall through
/// to the next resource on the path) and is wrapped in `RouteCors`.
struct CorsRoute<R> {
    name: &'static str,
    path: &'static str,
    methods: &'static [&'static str],
    policy: &'static Policy,
    resource: R,
}

impl<R: HttpServiceFactory> HttpServiceFactory for CorsRoute<R> {
    fn register(self, config: &mut AppService) {
        let (name, path, methods, policy) = (self.name, self.path, self.methods, self.policy);
        let preflight = |config: &mut AppService| {
            register_route(config, name, name, path, methods, __private::source(policy), Vec::new());
        };
        if methods.contains(&"OPTIONS") {
            preflight(config);
            self.resource.register(config);
        } else {
            self.resource.register(config);
            preflight(config);
        }
    }
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
    // Several handlers on one path, each with its own policy and methods.
    let put_delete = web::resource("/orders")
        .guard(guard::Any(guard::Put()).or(guard::Delete()))
        .wrap(RouteCors::new(__private::source(&STRICT), &["PUT", "DELETE"]))
        .route(web::put().to(handled))
        .route(web::delete().to(failing));
    let get = web::resource("/orders")
        .guard(guard::Get())
        .wrap(RouteCors::new(__private::source(&PUBLIC), &["GET"]))
        .to(handled);
    let scoped = web::resource("/orders")
        .guard(guard::Any(guard::Put()).or(guard::Options()))
        .wrap(from_fn(deny))
        .wrap(RouteCors::new(__private::source(&STRICT), &["PUT", "OPTIONS"]))
        .route(web::put().to(orders))
        .route(web::method(Method::OPTIONS).to(options_handler));
    App::new()
        .service(CorsRoute {
            name: "put_delete",
            path: "/orders",
            methods: &["PUT", "DELETE"],
            policy: &STRICT,
            resource: put_delete,
        })
        .service(CorsRoute {
            name: "get",
            path: "/orders",
            methods: &["GET"],
            policy: &PUBLIC,
            resource: get,
        })
        .service(web::scope("/api").service(CorsRoute {
            name: "scoped",
            path: "/orders",
            methods: &["PUT", "OPTIONS"],
            policy: &STRICT,
            resource: scoped,
        }))
}

async fn call(request: TestRequest) -> Answer {
    let app = init_service(app()).await;
    Answer::of(app.call(request.to_request()).await).await
}

#[actix_web::test]
async fn allowed_preflight_is_answered_without_running_the_handler() {
    let res = call(
        preflight("/orders", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "Content-Type, x-trace")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(get(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(get(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(get(h, "access-control-allow-methods"), Some("PUT, DELETE"));
    assert_eq!(get(h, "access-control-allow-headers"), Some("content-type, x-trace"));
    assert_eq!(get(h, "access-control-max-age"), Some("600"));
    assert_eq!(get(h, "access-control-allow-private-network"), None);
    assert_eq!(
        vary(h),
        [
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"
        ]
    );
    assert_eq!(get(h, RAN), None, "the handler must not run for a preflight");
}

#[actix_web::test]
async fn refused_preflight_is_403_without_allow_headers_and_logged() {
    capture_logs();
    for request in [
        preflight("/orders", EVIL, "PUT"),
        preflight("/orders", APP, "PUT").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-other")),
        preflight("/orders", APP, "DELETE").insert_header(("access-control-request-private-network", "true")),
    ] {
        let res = call(request).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    }
    for reason in [
        "refused preflight for OPTIONS /orders: origin `https://app.example.com.evil.net` is not allowed",
        "refused preflight for OPTIONS /orders: request header `x-other` is not allowed",
        "refused preflight for OPTIONS /orders: private network access is not allowed",
    ] {
        assert!(logged(reason), "{reason:?} was not logged");
    }
}

#[actix_web::test]
async fn each_handler_on_a_path_answers_its_own_preflight() {
    // GET is served under PUBLIC: any origin, `*`, no credentials.
    let res = call(preflight("/orders", EVIL, "GET")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(get(res.headers(), "access-control-allow-origin"), Some("*"));
    assert_eq!(get(res.headers(), "access-control-allow-credentials"), None);
    assert_eq!(get(res.headers(), "access-control-allow-methods"), None, "GET needs no Allow-Methods");
    // PUT under STRICT refuses that origin.
    let res = call(preflight("/orders", EVIL, "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn preflight_for_a_method_no_handler_serves_gets_the_routers_answer() {
    for method in ["PATCH", "put"] {
        let res = call(preflight("/orders", APP, method)).await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{method}: {}",
            res.status()
        );
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{method}");
    }
}

#[actix_web::test]
async fn allowed_actual_request_gets_exactly_one_allow_origin() {
    let res =
        call(TestRequest::put().uri("/orders").insert_header((header::ORIGIN, "https://shop.example.org")))
            .await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h.get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN).count(), 1);
    assert_eq!(get(h, "access-control-allow-origin"), Some("https://shop.example.org"));
    assert_eq!(get(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(get(h, "access-control-expose-headers"), Some("x-total-count"));
    assert_eq!(get(h, "access-control-allow-methods"), None, "preflight headers stay on preflights");
    assert_eq!(vary(h), ["Accept-Encoding", "Origin"], "Vary is appended to, never overwritten");
}

#[actix_web::test]
async fn error_responses_carry_the_headers_too() {
    // The handler's own Err.
    let res = call(TestRequest::delete().uri("/orders").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(get(res.headers(), "access-control-allow-origin"), Some(APP));
    // An extractor rejection: bad JSON.
    let res = call(
        TestRequest::put()
            .uri("/api/orders")
            .insert_header((header::ORIGIN, APP))
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .set_payload("{not json"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(get(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(get(res.headers(), "access-control-allow-credentials"), Some("true"));
    // An error from middleware inside the route.
    let res = call(
        TestRequest::put()
            .uri("/api/orders")
            .insert_header((header::ORIGIN, APP))
            .insert_header(("x-deny", "1")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get(res.headers(), "access-control-allow-origin"), Some(APP));
    assert_eq!(vary(res.headers()), ["Origin"]);
}

#[actix_web::test]
async fn other_origins_run_the_handler_but_get_no_cors_headers() {
    for origin in [EVIL, "null", "https://example.org", "http://app.example.com"] {
        let res = call(TestRequest::put().uri("/orders").insert_header((header::ORIGIN, origin))).await;
        assert_eq!(get(res.headers(), RAN), Some("handled"), "{origin}: the handler runs");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{origin}");
        assert_eq!(vary(res.headers()), ["Accept-Encoding", "Origin"], "{origin}");
    }
}

#[actix_web::test]
async fn requests_without_origin_still_vary_on_it() {
    let res = call(TestRequest::put().uri("/orders")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(vary(res.headers()), ["Accept-Encoding", "Origin"]);
}

#[actix_web::test]
async fn any_origin_sends_star_and_no_vary_on_origin() {
    for request in [
        TestRequest::get().uri("/orders").insert_header((header::ORIGIN, EVIL)),
        TestRequest::get().uri("/orders"),
    ] {
        let res = call(request).await;
        assert_eq!(get(res.headers(), "access-control-allow-origin"), Some("*"));
        assert_eq!(vary(res.headers()), ["Accept-Encoding"]);
    }
}

#[actix_web::test]
async fn options_without_request_method_goes_to_routing() {
    let res = call(
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/api/orders")
            .insert_header((header::ORIGIN, APP)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "options");
    let res = call(
        TestRequest::default().method(Method::OPTIONS).uri("/orders").insert_header((header::ORIGIN, APP)),
    )
    .await;
    assert!(matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED));
}

#[actix_web::test]
async fn works_inside_a_scope() {
    let res = call(preflight("/api/orders", APP, "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(get(res.headers(), "access-control-allow-origin"), Some(APP));
}

#[actix_web::test]
async fn hostile_origins_are_simply_not_allowed() {
    let long = format!("https://{}.example.org", "a".repeat(cors_runtime::MAX_ORIGIN_LEN));
    let requests = [
        TestRequest::put().uri("/orders").insert_header((
            header::ORIGIN,
            header::HeaderValue::from_bytes(b"https://app.example.com\xff").unwrap(),
        )),
        TestRequest::put().uri("/orders").insert_header((header::ORIGIN, long.as_str())),
        TestRequest::put()
            .uri("/orders")
            .append_header((header::ORIGIN, APP))
            .append_header((header::ORIGIN, APP)),
    ];
    for request in requests {
        let res = call(request).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    }
    let huge = vec!["x-trace"; 1000].join(",");
    let res =
        call(preflight("/orders", APP, "PUT").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, huge)))
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}
