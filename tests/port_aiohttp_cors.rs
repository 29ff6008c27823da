//! The test suite of aiohttp-cors (aio-libs/aiohttp-cors, `tests/`), ported scenario by
//! scenario as a user moving from it would restate it: the closest `#[cors]` / `policy!` /
//! `Cors::new` / `Policy::builder()` configuration and real requests through `actix_web::test`.
//!
//! aiohttp-cors configures CORS per route (`cors.add(route, {origin: ResourceOptions(..)})`),
//! per resource, or for the whole app (`setup(app, defaults=..)`). Here a per-route config is a
//! `#[cors]` handler, a per-resource one is `Cors::new(&P)` on `web::resource(..)`, and the
//! app's defaults are `Cors::new(&P)` on the `App`. The peer's `make_app` fixture (resource,
//! view, route) becomes the three mounts of [`Mount`].
//!
//! Differences asserted on purpose, each with its rule next to it: an allowed preflight is
//! `204` (peer: `200`); `OPTIONS` without `Origin` or without `Access-Control-Request-Method`
//! is not a preflight and goes to routing (peer: `403`); a preflight for a method no `#[cors]`
//! handler serves gets the router's 404/405 (peer: `403`); `Access-Control-Allow-Headers` is
//! the policy's list (peer: the requested names echoed); the peer's `"*"` origin with
//! `allow_credentials=True` and credentials over `http://` do not build.
//!
//! Not ported (no meaning here): `test___about__` (version string), `test_preflight_handler`
//! (`_get_config` raising `NotImplementedError`, an internal base class), `test_mixin`'s
//! `test_raise_exception_when_cors_not_configure` (a view used in an app without `setup`),
//! `test_cors_config`'s `test_web_view_warning` (a deprecated keyword), `test_disable_bare_view`
//! (class views), `test_static_named_route` / `test_static_resource` (actix-files is no
//! dependency here; `test_static_route` is ported over a scope), `test_resource_options`'
//! `test_comparison` (`ResourceOptions` equality; `Policy` has none), and `test_dummy_setup`
//! (a server started with an empty config, which cannot be written: `origins` is required).

#![allow(clippy::needless_pass_by_value)] // builders are passed as the tests write them

use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, Responder, get, options, post, put, route, web};
use configs::{built, refused, refused_rules};
use strict_cors::testing::{Browser, Credentials, Request};
use strict_cors::{Cors, Policy, Rule, cors, policy};
use support::{
    Answer, allow_origin, assert_preflight_answered, capture_logs, cors_headers, get as h, list, logged,
    preflight, sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const TEST_BODY: &str = "Hello, world";
const SERVER_CUSTOM_HEADER_NAME: &str = "X-Server-Custom-Header";
const SERVER_CUSTOM_HEADER_VALUE: &str = "some value";
const CLIENT1: &str = "http://client1.example.org";
const CLIENT2: &str = "http://client2.example.org";
/// The peer's credentialed origin, over https: credentials over plain http do not build
/// (README rule 6).
const CLIENT1_TLS: &str = "https://client1.example.org";
const EXAMPLE: &str = "https://example.org";
const ACRH: header::HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;

/// The peer's `handler`: `TEST_BODY` and a custom header.
async fn handler() -> HttpResponse {
    HttpResponse::Ok().insert_header((SERVER_CUSTOM_HEADER_NAME, SERVER_CUSTOM_HEADER_VALUE)).body(TEST_BODY)
}

// `{CLIENT1: ResourceOptions()}`. `methods = ["GET"]`: the peer's options allow no method of
// their own (`allow_methods=None`), only the routes' own; a named policy without `methods`
// allows every standard method, which matters under `Cors::new`.
static PLAIN: Policy = policy!(origins = ["http://client1.example.org"], methods = ["GET"]);
// `{CLIENT1: ResourceOptions(expose_headers=(SERVER_CUSTOM_HEADER_NAME,))}`.
static EXPOSE: Policy = policy!(
    origins = ["http://client1.example.org"],
    methods = ["GET"],
    expose_headers = ["X-Server-Custom-Header"],
);
// `{CLIENT1: ResourceOptions(allow_credentials=True)}`, over https (rule 6).
static CRED: Policy = policy!(origins = ["https://client1.example.org"], methods = ["GET"], credentials);

#[cors(policy = PLAIN)]
#[get("/resource")]
async fn plain_route() -> HttpResponse {
    handler().await
}

#[cors(policy = EXPOSE)]
#[get("/resource")]
async fn expose_route() -> HttpResponse {
    handler().await
}

#[cors(policy = CRED)]
#[get("/resource")]
async fn cred_route() -> HttpResponse {
    handler().await
}

/// The peer's `make_app` fixture and `app_for_credentials`' two params.
#[derive(Clone, Copy, Debug)]
enum Mount {
    /// `cors.add(app.router.add_route("GET", "/resource", handler), route_config)`.
    Route,
    /// `cors.add(resource.add_route("GET", handler), route_config)` on a resource.
    Resource,
    /// `setup(app, defaults=config)` and a route added with no config of its own.
    Defaults,
}

const MOUNTS: [Mount; 3] = [Mount::Route, Mount::Resource, Mount::Defaults];

macro_rules! answer {
    ($app:expr, $req:expr) => {{
        let app = init_service($app).await;
        Answer::of(app.call($req.to_request()).await).await
    }};
}

macro_rules! mounted {
    ($mount:expr, $policy:expr, $route:expr, $req:expr) => {
        match $mount {
            Mount::Route => answer!(App::new().service($route), $req),
            Mount::Resource => answer!(
                App::new().service(
                    web::resource("/resource").wrap(Cors::new(&$policy)).route(web::get().to(handler))
                ),
                $req
            ),
            Mount::Defaults => {
                answer!(App::new().wrap(Cors::new(&$policy)).route("/resource", web::get().to(handler)), $req)
            }
        }
    };
}

async fn plain(mount: Mount, req: TestRequest) -> Answer {
    mounted!(mount, PLAIN, plain_route, req)
}

async fn expose(mount: Mount, req: TestRequest) -> Answer {
    mounted!(mount, EXPOSE, expose_route, req)
}

async fn cred(mount: Mount, req: TestRequest) -> Answer {
    mounted!(mount, CRED, cred_route, req)
}

fn get_resource() -> TestRequest {
    TestRequest::get().uri("/resource")
}

fn get_from(origin: &str) -> TestRequest {
    get_resource().insert_header((header::ORIGIN, origin))
}

fn assert_handler_ran(res: &Answer, mount: Mount) {
    assert_eq!(res.status(), StatusCode::OK, "{mount:?}");
    assert_eq!(res.body(), TEST_BODY, "{mount:?}");
    assert_eq!(h(res.headers(), SERVER_CUSTOM_HEADER_NAME), Some(SERVER_CUSTOM_HEADER_VALUE), "{mount:?}");
}

/// The peer's loop over `ACCESS_CONTROL_ALLOW_ORIGIN`, `-EXPOSE_HEADERS`, `-ALLOW_CREDENTIALS`
/// (and, for preflights, every other `Access-Control-*` response header): none sent.
fn assert_no_cors(res: &Answer, mount: Mount) {
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{mount:?}");
}

// ---- tests/integration/test_main.py -------------------------------------------------------

/// `test_message_roundtrip`, `test_dummy_setup_roundtrip`, `test_dummy_setup_roundtrip_resource`:
/// routes added without CORS, in an app that has CORS elsewhere, answer as before, also when
/// the request carries an `Origin`.
#[actix_web::test]
async fn routes_without_cors_round_trip_unchanged() {
    for origin in [None, Some(CLIENT1)] {
        let mut req = TestRequest::get().uri("/");
        if let Some(origin) = origin {
            req = req.insert_header((header::ORIGIN, origin));
        }
        let route = answer!(App::new().service(plain_route).route("/", web::get().to(handler)), req);
        let mut req = TestRequest::get().uri("/");
        if let Some(origin) = origin {
            req = req.insert_header((header::ORIGIN, origin));
        }
        let resource = answer!(
            App::new().service(plain_route).service(web::resource("/").route(web::get().to(handler))),
            req
        );
        for res in [route, resource] {
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.body(), TEST_BODY);
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{origin:?}");
            assert_eq!(list(res.headers(), "vary"), Vec::<String>::new(), "no CORS route here: {origin:?}");
        }
    }
}

/// `test_simple_no_origin`.
#[actix_web::test]
async fn simple_no_origin() {
    for mount in MOUNTS {
        let res = plain(mount, get_resource()).await;
        assert_handler_ran(&res, mount);
        assert_no_cors(&res, mount);
        // SPEC §4.6: the answer depends on the origin, so even this one says so.
        assert_eq!(list(res.headers(), "vary"), ["origin"], "{mount:?}");
    }
}

/// `test_simple_allowed_origin`.
#[actix_web::test]
async fn simple_allowed_origin() {
    for mount in MOUNTS {
        let res = plain(mount, get_from(CLIENT1)).await;
        assert_handler_ran(&res, mount);
        assert_eq!(allow_origin(&res), Some(CLIENT1), "{mount:?}");
        assert_eq!(h(res.headers(), "access-control-expose-headers"), None, "{mount:?}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount:?}");
    }
}

/// `test_simple_not_allowed_origin`, `test_simple_explicit_port` (`:80` written out, which
/// browsers never send) and `test_simple_different_scheme`: the handler runs, nothing is
/// granted.
#[actix_web::test]
async fn simple_not_allowed_origins() {
    for origin in [CLIENT2, "http://client1.example.org:80", "https://client1.example.org"] {
        for mount in MOUNTS {
            let res = plain(mount, get_from(origin)).await;
            assert_handler_ran(&res, mount);
            assert_no_cors(&res, mount);
            assert_eq!(list(res.headers(), "vary"), ["origin"], "{mount:?} {origin}");
        }
    }
}

/// `app_for_credentials` as the peer writes it: credentials for an `http://` origin.
#[actix_web::test]
async fn credentials_for_a_plain_http_origin_do_not_build() {
    // README rule 6: cookies over plain http (the peer accepts it).
    let rules = refused_rules(Policy::builder().origin(CLIENT1).credentials(true));
    assert_eq!(rules, [Rule::InsecureCredentials]);
}

/// `test_cred_no_origin`, over both of `app_for_credentials`' params (route config, defaults)
/// and a resource.
#[actix_web::test]
async fn cred_no_origin() {
    for mount in MOUNTS {
        let res = cred(mount, get_resource()).await;
        assert_handler_ran(&res, mount);
        assert_no_cors(&res, mount);
    }
}

/// `test_cred_allowed_origin`.
#[actix_web::test]
async fn cred_allowed_origin() {
    for mount in MOUNTS {
        let res = cred(mount, get_from(CLIENT1_TLS)).await;
        assert_handler_ran(&res, mount);
        assert_eq!(allow_origin(&res), Some(CLIENT1_TLS), "{mount:?}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{mount:?}");
        assert_eq!(h(res.headers(), "access-control-expose-headers"), None, "{mount:?}");
    }
}

/// `test_cred_disallowed_origin`.
#[actix_web::test]
async fn cred_disallowed_origin() {
    for mount in MOUNTS {
        let res = cred(mount, get_from("https://client2.example.org")).await;
        assert_handler_ran(&res, mount);
        assert_no_cors(&res, mount);
    }
}

/// `test_simple_expose_headers_no_origin`, `_allowed_origin`, `_not_allowed_origin`.
#[actix_web::test]
async fn simple_expose_headers() {
    for mount in MOUNTS {
        let res = expose(mount, get_resource()).await;
        assert_handler_ran(&res, mount);
        assert_no_cors(&res, mount);

        let res = expose(mount, get_from(CLIENT1)).await;
        assert_handler_ran(&res, mount);
        assert_eq!(allow_origin(&res), Some(CLIENT1), "{mount:?}");
        // Header names are case-insensitive; the peer sends them as configured.
        assert_eq!(
            list(res.headers(), "access-control-expose-headers"),
            ["x-server-custom-header"],
            "{mount:?}"
        );
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), None, "{mount:?}");

        let res = expose(mount, get_from(CLIENT2)).await;
        assert_handler_ran(&res, mount);
        assert_no_cors(&res, mount);
    }
}

/// `test_preflight_default_no_origin`: `OPTIONS` with neither `Origin` nor
/// `Access-Control-Request-Method`.
#[actix_web::test]
async fn options_without_origin_is_routed() {
    for mount in MOUNTS {
        // SPEC §4.9: not a preflight, so routing answers it: the resource serves GET only
        // (the peer's preflight handler answers 403 "origin header is not specified").
        let res = plain(mount, TestRequest::default().method(Method::OPTIONS).uri("/resource")).await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount:?}: {}",
            res.status()
        );
        assert_ne!(res.body(), TEST_BODY, "{mount:?}");
        assert_no_cors(&res, mount);
    }
}

/// `test_preflight_default_no_method`: `OPTIONS` with an allowed `Origin` and no
/// `Access-Control-Request-Method`.
#[actix_web::test]
async fn options_without_request_method_is_routed() {
    for mount in MOUNTS {
        // SPEC §4.9: not a preflight (the peer answers 403 "'Access-Control-Request-Method'
        // header is not specified"). Routing answers that the resource serves GET only; no
        // preflight header is sent, and the handler does not run.
        let res = plain(
            mount,
            TestRequest::default()
                .method(Method::OPTIONS)
                .uri("/resource")
                .insert_header((header::ORIGIN, CLIENT1)),
        )
        .await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{mount:?}: {}",
            res.status()
        );
        assert_ne!(res.body(), TEST_BODY, "{mount:?}");
        for name in ["access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"]
        {
            assert_eq!(h(res.headers(), name), None, "{mount:?}: {name}");
        }
    }
}

/// `test_preflight_default_origin_and_method`.
#[actix_web::test]
async fn preflight_origin_and_method() {
    for mount in MOUNTS {
        let res = plain(mount, preflight("/resource", CLIENT1, "GET")).await;
        assert_preflight_answered(&res, &format!("{mount:?}"));
        assert_eq!(allow_origin(&res), Some(CLIENT1), "{mount:?}");
        // SPEC §4.1: `Access-Control-Allow-Methods` may be left out for GET (the peer sends
        // `GET`); if sent, it names GET.
        if let Some(methods) = h(res.headers(), "access-control-allow-methods") {
            assert!(methods.split(',').any(|m| m.trim() == "GET"), "{mount:?}: {methods}");
        }
        for name in [
            "access-control-allow-credentials",
            "access-control-max-age",
            "access-control-expose-headers",
            "access-control-allow-headers",
        ] {
            assert_eq!(h(res.headers(), name), None, "{mount:?}: {name}");
        }
    }
}

/// `test_preflight_default_disallowed_origin`.
#[actix_web::test]
async fn preflight_disallowed_origin() {
    capture_logs();
    for mount in MOUNTS {
        let res = plain(mount, preflight("/resource", CLIENT2, "GET")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount:?}");
        assert_ne!(res.body(), TEST_BODY, "{mount:?}");
        assert_no_cors(&res, mount);
    }
    // SPEC §4.2: the reason goes to the log (the peer writes it in the body).
    assert!(logged(
        "refused preflight for OPTIONS /resource: origin `http://client2.example.org` is not allowed"
    ));
}

/// `test_preflight_default_disallowed_method`: a preflight for POST where the resource serves
/// GET only.
#[actix_web::test]
async fn preflight_for_a_method_the_resource_has_no_route_for() {
    // SPEC §4.2: with `#[cors]`, the router's usual 404/405, no CORS header (peer: 403).
    let res = plain(Mount::Route, preflight("/resource", CLIENT1, "POST")).await;
    assert!(
        matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        res.status()
    );
    assert_no_cors(&res, Mount::Route);
    // Under `Cors::new`, the policy's `methods` decide: POST is not listed, so refused.
    for mount in [Mount::Resource, Mount::Defaults] {
        let res = plain(mount, preflight("/resource", CLIENT1, "POST")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{mount:?}");
        assert_no_cors(&res, mount);
    }
}

// `defaults={"*": ResourceOptions(allow_credentials=True, expose_headers="*", allow_headers="*")}`,
// restated with a listed https origin and listed headers (rule 1).
static NAMED_CRED: Policy = policy!(
    origins = ["https://example.org"],
    methods = ["GET", "PUT"],
    allow_headers = ["content-type", "x-header"],
    expose_headers = ["x-server-custom-header"],
    credentials,
);

#[cors(policy = NAMED_CRED)]
#[get("/{name}")]
async fn name_get() -> HttpResponse {
    handler().await
}

#[cors(policy = NAMED_CRED)]
#[put("/{name}")]
async fn name_put() -> HttpResponse {
    handler().await
}

/// The peer's `TestView` on `add_route("*", "/{name}", TestView)`, serving GET and PUT.
#[cors(policy = NAMED_CRED)]
#[route("/{name}", method = "GET", method = "PUT")]
async fn name_view() -> HttpResponse {
    handler().await
}

/// The peer's defaults in `test_preflight_req_multiple_routes_with_one_options` and its
/// siblings, as written.
#[actix_web::test]
async fn any_origin_header_and_exposed_header_with_credentials_do_not_build() {
    // README rule 1: `*` with credentials, for origins, allowed and exposed headers alike.
    let peer = Policy::builder().origin("*").allow_headers(["*"]).expose_headers(["*"]).credentials(true);
    let violations = refused(peer);
    assert_eq!(violations.len(), 3, "{violations:?}");
    assert!(violations.iter().all(|(rule, _)| *rule == Rule::WildcardWithCredentials), "{violations:?}");
}

/// `test_preflight_req_multiple_routes_with_one_options` (two routes),
/// `_resource` (one resource, two routes) and `_webview` (one handler for both): a PUT
/// preflight on `/{name}`.
#[actix_web::test]
async fn preflight_on_a_resource_reached_through_several_routes() {
    let routes = answer!(App::new().service(name_get).service(name_put), preflight("/user", EXAMPLE, "PUT"));
    let resource = answer!(
        App::new().service(
            web::resource("/{name}")
                .wrap(Cors::new(&NAMED_CRED))
                .route(web::get().to(handler))
                .route(web::put().to(handler))
        ),
        preflight("/user", EXAMPLE, "PUT")
    );
    let view = answer!(App::new().service(name_view), preflight("/user", EXAMPLE, "PUT"));
    for (what, res) in [("routes", routes), ("resource", resource), ("view", view)] {
        assert_preflight_answered(&res, what);
        assert_eq!(allow_origin(&res), Some(EXAMPLE), "{what}");
        assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"), "{what}");
        assert!(list(res.headers(), "access-control-allow-methods").contains(&"put".to_owned()), "{what}");
    }
}

#[cors(origins = ["https://example.org"], allow_headers = ["content-type", "x-header"], expose_headers = ["x-server-custom-header"], credentials, max_age = 1200)]
#[get("/{name}")]
async fn max_age_get() -> HttpResponse {
    handler().await
}

/// `test_preflight_request_max_age_resource` and `_webview`.
#[actix_web::test]
async fn preflight_max_age() {
    static MAX_AGE: Policy = policy!(origins = ["https://example.org"], credentials, max_age = 1200);
    let route = answer!(App::new().service(max_age_get), preflight("/user", EXAMPLE, "GET"));
    let resource = answer!(
        App::new().service(web::resource("/{name}").wrap(Cors::new(&MAX_AGE)).route(web::get().to(handler))),
        preflight("/user", EXAMPLE, "GET")
    );
    for (what, res) in [("route", route), ("resource", resource)] {
        assert_preflight_answered(&res, what);
        assert_eq!(h(res.headers(), "access-control-max-age"), Some("1200"), "{what}");
    }
}

#[cors(origins = ["https://example.org"], allow_headers = ["Content-Type", "X-Header"], expose_headers = ["x-server-custom-header"], credentials)]
#[put("/")]
async fn headers_put() -> HttpResponse {
    handler().await
}

#[cors(origins = ["https://example.org"], allow_headers = ["Content-Type", "X-Header"], credentials)]
#[route("/", method = "PUT", method = "GET")]
async fn headers_view() -> HttpResponse {
    handler().await
}

/// `test_preflight_request_headers`, `_resource` and `_webview`: `allow_headers=("Content-Type",
/// "X-Header")`.
#[actix_web::test]
async fn preflight_request_headers() {
    static HEADERS: Policy =
        policy!(origins = ["https://example.org"], allow_headers = ["Content-Type", "X-Header"], credentials);
    capture_logs();
    for variant in ["route", "resource", "view"] {
        let ask = |headers: &'static str| preflight("/", EXAMPLE, "PUT").insert_header((ACRH, headers));
        macro_rules! via {
            ($req:expr) => {
                match variant {
                    "route" => answer!(App::new().service(headers_put), $req),
                    "resource" => answer!(
                        App::new().service(
                            web::resource("/").wrap(Cors::new(&HEADERS)).route(web::put().to(handler))
                        ),
                        $req
                    ),
                    _ => answer!(App::new().service(headers_view), $req),
                }
            };
        }
        let res = via!(ask("content-type"));
        assert_preflight_answered(&res, variant);
        // README "Allowed preflight": the policy's list (the peer echoes the requested names,
        // compared case-insensitively); every requested one is in it.
        let allowed = sorted(list(res.headers(), "access-control-allow-headers"));
        assert_eq!(allowed, ["content-type", "x-header"], "{variant}");

        let res = via!(ask("X-Header,content-type"));
        assert_preflight_answered(&res, variant);
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-headers")),
            ["content-type", "x-header"],
            "{variant}"
        );

        let res = via!(ask("content-type,Test"));
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{variant}");
        assert_eq!(h(res.headers(), "access-control-allow-headers"), None, "{variant}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{variant}");
        assert_ne!(res.body(), TEST_BODY, "{variant}");
    }
    // SPEC §4.2: the reason is logged (the peer puts "headers are not allowed: TEST" in the
    // body).
    assert!(logged("refused preflight for OPTIONS /: request header `Test` is not allowed"));
}

/// `test_static_route`: `add_static("/static", ..)` with `allow_methods="*"`, a preflight
/// asking for `OPTIONS` on a file under it.
#[actix_web::test]
async fn preflight_under_a_static_prefix() {
    // Listed: the standard methods, OPTIONS among them (a named policy's default).
    static STATIC: Policy =
        policy!(origins = ["https://example.org"], allow_headers = ["Content-Type", "X-Header"], credentials);
    // README rule 1: any method with credentials (the peer's `allow_methods="*"`).
    let peer = Policy::builder()
        .origin(EXAMPLE)
        .any_method()
        .allow_headers(["Content-Type", "X-Header"])
        .expose_headers(["*"])
        .credentials(true);
    assert!(refused_rules(peer).iter().all(|r| *r == Rule::WildcardWithCredentials));
    let app = || {
        App::new().service(
            Cors::new(&STATIC)
                .scope("/static")
                .route("/{file:.*}", web::get().to(|| async { "<html></html>" })),
        )
    };
    let res = answer!(
        app(),
        preflight("/static/test_page.html", EXAMPLE, "OPTIONS").insert_header((ACRH, "content-type"))
    );
    assert_preflight_answered(&res, "static");
    assert_eq!(allow_origin(&res), Some(EXAMPLE));
    assert!(list(res.headers(), "access-control-allow-methods").contains(&"options".to_owned()));
    let file = answer!(
        app(),
        TestRequest::get().uri("/static/test_page.html").insert_header((header::ORIGIN, EXAMPLE))
    );
    assert_eq!(file.body(), "<html></html>");
    assert_eq!(allow_origin(&file), Some(EXAMPLE));
}

// ---- tests/doc/test_basic_usage.py --------------------------------------------------------

const CLIENT: &str = "https://client.example.org";
const OTHER_CLIENT: &str = "https://other-client.example.org";

#[cors(origins = ["https://client.example.org"], credentials, expose_headers = ["X-Custom-Server-Header"], allow_headers = ["X-Requested-With", "Content-Type"], max_age = 3600)]
#[get("/hello")]
async fn hello_main() -> HttpResponse {
    HttpResponse::Ok().insert_header(("X-Custom-Server-Header", "Custom data")).body("Hello!")
}

/// `test_main`: one route with every option (over https: rule 6).
#[actix_web::test]
async fn documented_route_with_every_option() {
    let res = answer!(
        App::new().service(hello_main),
        preflight("/hello", CLIENT, "GET").insert_header((ACRH, "x-requested-with, content-type"))
    );
    assert_preflight_answered(&res, "hello");
    assert_eq!(allow_origin(&res), Some(CLIENT));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("3600"));
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-headers")),
        ["content-type", "x-requested-with"]
    );
    let res = answer!(
        App::new().service(hello_main),
        TestRequest::get().uri("/hello").insert_header((header::ORIGIN, CLIENT))
    );
    assert_eq!(res.body(), "Hello!");
    assert_eq!(allow_origin(&res), Some(CLIENT));
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["x-custom-server-header"]);
}

// `test_defaults`: the resource `/hello` has POST and PUT under the defaults
// (`{"http://client.example.org": ResourceOptions()}`), GET with `other-client` added.
#[cors(origins = ["https://client.example.org"])]
#[post("/hello")]
async fn hello_post() -> HttpResponse {
    HttpResponse::Ok().body("post")
}

#[cors(origins = ["https://client.example.org"])]
#[put("/hello")]
async fn hello_put() -> HttpResponse {
    HttpResponse::Ok().body("put")
}

#[cors(origins = ["https://client.example.org", "https://other-client.example.org"])]
#[get("/hello")]
async fn hello_get() -> HttpResponse {
    HttpResponse::Ok().body("get")
}

fn hello_app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(hello_post)
        .service(hello_put)
        .service(hello_get)
        // "CORS will be enabled only on the resources added to `CorsConfig`".
        .route("/private", web::get().to(handler))
}

/// `test_defaults`: several routes on one resource with different options, and a route
/// without CORS.
#[actix_web::test]
async fn routes_on_one_resource_with_different_options() {
    for (method, origin, allowed) in [
        ("PUT", CLIENT, true),
        ("POST", CLIENT, true),
        ("GET", CLIENT, true),
        ("PUT", OTHER_CLIENT, false),
        ("POST", OTHER_CLIENT, false),
        ("GET", OTHER_CLIENT, true),
    ] {
        let res = answer!(hello_app(), preflight("/hello", origin, method));
        if allowed {
            assert_preflight_answered(&res, &format!("{method} {origin}"));
            assert_eq!(allow_origin(&res), Some(origin), "{method} {origin}");
        } else {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {origin}");
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{method} {origin}");
        }
        let actual = answer!(
            hello_app(),
            TestRequest::default()
                .method(Method::from_bytes(method.as_bytes()).unwrap())
                .uri("/hello")
                .insert_header((header::ORIGIN, origin))
        );
        assert_eq!(actual.body(), method.to_ascii_lowercase(), "the handler runs either way");
        assert_eq!(allow_origin(&actual), allowed.then_some(origin), "{method} {origin}");
    }
    // `/private`: no CORS at all, for actual requests and preflights.
    let res =
        answer!(hello_app(), TestRequest::get().uri("/private").insert_header((header::ORIGIN, CLIENT)));
    assert_eq!(res.body(), TEST_BODY);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = answer!(hello_app(), preflight("/private", CLIENT, "GET"));
    assert!(
        matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        res.status()
    );
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

// ---- a route without CORS next to one with it, on one path ---------------------------------

#[cors(origins = ["https://client.example.org"])]
#[get("/things")]
async fn things_get() -> HttpResponse {
    HttpResponse::Ok().body("get")
}

async fn things_post() -> HttpResponse {
    HttpResponse::Ok().body("post")
}

/// aiohttp-cors keeps CORS per resource: `cors.add(resource.add_route("GET", ..))` enables it
/// for the resource, and a POST route added to that resource without `cors.add` is answered
/// with the resource's config. Here CORS belongs to the handler: the plain POST route, before
/// or after the `#[cors]` one, gets none, and its preflight is the router's (SPEC §4.2).
#[actix_web::test]
async fn a_route_without_cors_beside_one_with_it() {
    let cors_first =
        init_service(App::new().service(things_get).route("/things", web::post().to(things_post))).await;
    let plain_first =
        init_service(App::new().route("/things", web::post().to(things_post)).service(things_get)).await;
    macro_rules! check {
        ($app:expr, $order:expr) => {{
            let order = $order;
            let call = |req: TestRequest| {
                let fut = $app.call(req.to_request());
                async move { Answer::of(fut.await).await }
            };
            let get = call(TestRequest::get().uri("/things").insert_header((header::ORIGIN, CLIENT))).await;
            assert_eq!(get.body(), "get", "{order}");
            assert_eq!(allow_origin(&get), Some(CLIENT), "{order}");
            let post = call(TestRequest::post().uri("/things").insert_header((header::ORIGIN, CLIENT))).await;
            assert_eq!(post.body(), "post", "{order}");
            // Divergence from the peer (its resource config would allow it): README "Several
            // handlers on one path each answer ... with their own policy"; a route without
            // `#[cors]` has none.
            assert_eq!(cors_headers(post.headers()), Vec::<String>::new(), "{order}");
            let get_preflight = call(preflight("/things", CLIENT, "GET")).await;
            assert_preflight_answered(&get_preflight, order);
            let post_preflight = call(preflight("/things", CLIENT, "POST")).await;
            assert!(
                matches!(post_preflight.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
                "{order}: {}",
                post_preflight.status()
            );
            assert_ne!(post_preflight.body(), "post", "{order}: the plain handler never runs on a preflight");
            assert_eq!(cors_headers(post_preflight.headers()), Vec::<String>::new(), "{order}");
        }};
    }
    check!(cors_first, "cors first");
    check!(plain_first, "plain first");
}

// ---- the preflight handler against an existing OPTIONS route -------------------------------

#[cors(origins = ["https://client.example.org"])]
#[route("/opts", method = "GET", method = "OPTIONS")]
async fn opts_both(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().insert_header(("x-handler", "opts_both")).body(req.method().to_string())
}

/// `test_cors_config.py::test_add_options_route` and the router adapter's
/// `test_add_options_route`: the peer refuses to add CORS to a resource that has an OPTIONS
/// handler (`ValueError: already has OPTIONS handler`). Here a `#[cors]` route may serve
/// OPTIONS itself: preflights never run it, other OPTIONS requests do (README "A route that
/// serves `OPTIONS` itself").
#[actix_web::test]
async fn a_cors_route_that_serves_options_itself() {
    let res = answer!(App::new().service(opts_both), preflight("/opts", CLIENT, "GET"));
    assert_preflight_answered(&res, "GET preflight");
    assert_eq!(h(res.headers(), "x-handler"), None);
    assert_eq!(allow_origin(&res), Some(CLIENT));
    let res = answer!(App::new().service(opts_both), preflight("/opts", CLIENT, "DELETE"));
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "a method the route does not serve");
    assert_eq!(h(res.headers(), "x-handler"), None);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = answer!(
        App::new().service(opts_both),
        TestRequest::default().method(Method::OPTIONS).uri("/opts").insert_header((header::ORIGIN, CLIENT))
    );
    assert_eq!(res.body(), "OPTIONS");
    assert_eq!(allow_origin(&res), Some(CLIENT));
}

#[cors(origins = ["https://client.example.org"])]
#[get("/opts")]
async fn opts_get() -> HttpResponse {
    HttpResponse::Ok().body("get")
}

#[options("/opts")]
async fn opts_plain() -> HttpResponse {
    HttpResponse::Ok().insert_header(("x-handler", "opts_plain")).body("my own OPTIONS")
}

/// The same case with the OPTIONS handler written apart, without CORS, next to the `#[cors]`
/// GET route: the peer refuses the configuration; here each registration order is tried.
#[actix_web::test]
async fn a_plain_options_route_beside_a_cors_route() {
    // Registered after the `#[cors]` route: the policy answers preflights; the plain handler
    // still gets OPTIONS requests that are not preflights.
    let res = answer!(App::new().service(opts_get).service(opts_plain), preflight("/opts", CLIENT, "GET"));
    assert_preflight_answered(&res, "after");
    assert_eq!(allow_origin(&res), Some(CLIENT));
    assert_eq!(h(res.headers(), "x-handler"), None);
    let res = answer!(
        App::new().service(opts_get).service(opts_plain),
        TestRequest::default().method(Method::OPTIONS).uri("/opts").insert_header((header::ORIGIN, CLIENT))
    );
    assert_eq!(res.body(), "my own OPTIONS");

    // Registered before it: what answers the preflight?
    let before = answer!(App::new().service(opts_plain).service(opts_get), preflight("/opts", CLIENT, "GET"));
    let route_before = answer!(
        App::new().route("/opts", web::method(Method::OPTIONS).to(opts_plain_fn)).service(opts_get),
        preflight("/opts", CLIENT, "GET")
    );
    let before_layer = answer!(
        App::new().service(opts_plain).service(opts_get).wrap(strict_cors::Layer),
        preflight("/opts", CLIENT, "GET")
    );
    let route_before_layer = answer!(
        App::new()
            .route("/opts", web::method(Method::OPTIONS).to(opts_plain_fn))
            .service(opts_get)
            .wrap(strict_cors::Layer),
        preflight("/opts", CLIENT, "GET")
    );
    // Without `Layer`, the router gives the preflight to the OPTIONS route registered first:
    // the plain handler runs on it and nothing is granted (fail-closed, the browser blocks), as
    // the README says; the peer refuses this configuration outright.
    for (what, res) in [("#[options] first", before), ("App::route OPTIONS first", route_before)] {
        assert_eq!(h(res.headers(), "x-handler"), Some("opts_plain"), "{what}");
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{what}");
    }
    // With `Layer`, the route's policy answers first, whatever the order (SPEC §2, §4.11).
    for (what, res) in
        [("#[options] first, Layer", before_layer), ("App::route OPTIONS first, Layer", route_before_layer)]
    {
        assert_preflight_answered(&res, what);
        assert_eq!(h(res.headers(), "x-handler"), None, "{what}");
        assert_eq!(allow_origin(&res), Some(CLIENT), "{what}");
    }
}

async fn opts_plain_fn() -> HttpResponse {
    HttpResponse::Ok().insert_header(("x-handler", "opts_plain")).body("my own OPTIONS")
}

/// The peer's `*` route (`add_route("*", "/resource", View)`) under CORS: a handler for every
/// method, wrapped in `Cors::new`. Preflights are the middleware's; other OPTIONS requests
/// reach the handler.
#[actix_web::test]
async fn a_handler_for_every_method_under_cors() {
    static ANY: Policy = policy!(origins = ["https://client.example.org"], methods = ["GET", "PUT"]);
    let app = || {
        App::new().service(
            web::resource("/view")
                .wrap(Cors::new(&ANY))
                .to(|req: HttpRequest| async move { HttpResponse::Ok().body(req.method().to_string()) }),
        )
    };
    let res = answer!(app(), preflight("/view", CLIENT, "PUT"));
    assert_preflight_answered(&res, "view");
    let res = answer!(app(), preflight("/view", CLIENT, "DELETE"));
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "not in `methods`");
    assert_ne!(res.body(), "OPTIONS");
    let res = answer!(
        app(),
        TestRequest::default().method(Method::OPTIONS).uri("/view").insert_header((header::ORIGIN, CLIENT))
    );
    assert_eq!(res.body(), "OPTIONS");
    assert_eq!(allow_origin(&res), Some(CLIENT));
}

// ---- tests/unit/test_cors_config.py: named routes -----------------------------------------

#[cors(origins = ["https://client.example.org"])]
#[get("/{name}", name = "dynamic_named_route")]
async fn named(req: HttpRequest) -> HttpResponse {
    let url = req.url_for("dynamic_named_route", ["again"]).map(|u| u.path().to_owned()).unwrap_or_default();
    HttpResponse::Ok().body(format!("{} {url}", req.match_name().unwrap_or("-")))
}

/// `test_plain_named_route`, `test_dynamic_named_route`: CORS adds no named route, and the
/// route keeps its name.
#[actix_web::test]
async fn a_named_route_keeps_its_name() {
    let res = answer!(
        App::new().service(named),
        TestRequest::get().uri("/x").insert_header((header::ORIGIN, CLIENT))
    );
    assert_eq!(res.body(), "dynamic_named_route /again");
    assert_eq!(allow_origin(&res), Some(CLIENT));
    let res = answer!(App::new().service(named), preflight("/x", CLIENT, "GET"));
    assert_preflight_answered(&res, "named");
}

#[cors(origins = ["https://client.example.org"])]
#[get("/unnamed")]
async fn unnamed(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(req.match_name().unwrap_or("-").to_owned())
}

/// The peer checks `len(app.router.keys())` is unchanged by `cors.add`. An unnamed `#[cors]`
/// route is given a name (README "Unless the routing attribute names the route").
#[actix_web::test]
async fn an_unnamed_route_gets_the_documented_name() {
    let res = answer!(App::new().service(unnamed), TestRequest::get().uri("/unnamed"));
    assert_eq!(res.body(), "__strict_cors:unnamed:/unnamed");
}

// ---- tests/unit/test_resource_options.py ---------------------------------------------------

/// `test_init_no_args`: no credentials, nothing exposed, no headers allowed, no max age.
#[actix_web::test]
async fn options_default_to_nothing() {
    static NOTHING: Policy = policy!(origins = ["https://client.example.org"]);
    let app =
        || App::new().service(web::resource("/r").wrap(Cors::new(&NOTHING)).route(web::put().to(handler)));
    let res = answer!(app(), preflight("/r", CLIENT, "PUT"));
    assert_preflight_answered(&res, "defaults");
    for name in [
        "access-control-allow-credentials",
        "access-control-expose-headers",
        "access-control-allow-headers",
        "access-control-max-age",
    ] {
        assert_eq!(h(res.headers(), name), None, "{name}");
    }
    let res = answer!(app(), preflight("/r", CLIENT, "PUT").insert_header((ACRH, "x-anything")));
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no header is allowed by default");
    let res = answer!(app(), TestRequest::put().uri("/r").insert_header((header::ORIGIN, CLIENT)));
    assert_eq!(allow_origin(&res), Some(CLIENT));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
}

/// `test_allow_methods`: the peer uppercases `["get", "Post"]`; here methods compare byte for
/// byte, so lowercase standard methods are refused (README rule 8); `[]` is accepted and
/// answers no preflight; a negative `max_age` is refused by both.
#[actix_web::test]
async fn allow_methods_and_max_age_validation() {
    let base = || Policy::builder().origin(CLIENT);
    assert_eq!(refused_rules(base().methods(["get"])), [Rule::InvalidMethod]);
    assert_eq!(refused_rules(base().methods(["get", "Post"])), [Rule::InvalidMethod, Rule::InvalidMethod]);
    assert_eq!(refused_rules(base().max_age(-1)), [Rule::MaxAgeOutOfRange]);
    let upper = built(base().methods(["GET", "POST"]));
    assert_eq!(upper.methods().collect::<Vec<_>>(), ["GET", "POST"]);
    let any = built(base().any_method());
    assert!(any.allows_method(b"PURGE"));
    // `allow_methods=[]`: no preflight is answered (README, `methods = []`).
    let none = built(base().methods(Vec::<&str>::new()));
    let res = answer!(
        App::new().service(web::resource("/r").wrap(Cors::new(none)).route(web::put().to(handler))),
        preflight("/r", CLIENT, "PUT")
    );
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = answer!(
        App::new().service(web::resource("/r").wrap(Cors::new(none)).route(web::get().to(handler))),
        TestRequest::get().uri("/r").insert_header((header::ORIGIN, CLIENT))
    );
    assert_eq!(allow_origin(&res), Some(CLIENT), "simple requests are still allowed");
}

// ---- tests/unit/test_urldispatcher_router_adapter.py ---------------------------------------

#[cors(origins = ["https://test.example.org"])]
#[get("/get_path")]
async fn get_path() -> HttpResponse {
    HttpResponse::Ok().body("Done")
}

/// `test_get_non_preflight_request_config`: the resource is configured for
/// `http://example.org`, its GET route for `http://test.example.org`, the defaults for `*`;
/// the peer merges the three for a GET and uses the first and last for other methods. Here a
/// handler's own policy replaces the scope's for its method, it does not merge (SPEC §2: "the
/// handler's policy wins"); other methods get the scope's.
#[actix_web::test]
async fn route_config_replaces_the_scope_config_for_its_method() {
    static RESOURCE: Policy = policy!(origins = ["https://example.org"]);
    let app = || {
        App::new().service(
            web::scope("")
                .wrap(Cors::new(&RESOURCE))
                .service(get_path)
                .route("/get_path", web::post().to(|| async { "Done" })),
        )
    };
    let cases = [
        ("GET", "https://test.example.org", true),
        ("GET", "https://example.org", false),
        ("POST", "https://example.org", true),
        ("POST", "https://test.example.org", false),
    ];
    for (method, origin, allowed) in cases {
        let res = answer!(
            app(),
            TestRequest::default()
                .method(Method::from_bytes(method.as_bytes()).unwrap())
                .uri("/get_path")
                .insert_header((header::ORIGIN, origin))
        );
        assert_eq!(res.body(), "Done", "{method} {origin}");
        assert_eq!(allow_origin(&res), allowed.then_some(origin), "{method} {origin}");
        let res = answer!(app(), preflight("/get_path", origin, method));
        if allowed {
            assert_preflight_answered(&res, &format!("{method} {origin}"));
        } else {
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {origin}");
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{method} {origin}");
        }
    }
    // A preflight for a method no route on the path serves: the scope's policy answers it, as
    // it does for any path under it (README "A policy over a scope"; it lists every standard
    // method). The peer answers it only if its options' `allow_methods` name the method.
    let res = answer!(app(), preflight("/get_path", "https://example.org", "DELETE"));
    assert_preflight_answered(&res, "DELETE");
    assert_eq!(allow_origin(&res), Some("https://example.org"));
    let res = answer!(app(), preflight("/get_path", "https://test.example.org", "DELETE"));
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

// ---- tests/unit/test_mixin.py --------------------------------------------------------------

#[cors(origins = "*")]
#[get("/mixin")]
async fn mixin_get() -> HttpResponse {
    HttpResponse::Ok().body("Done")
}

/// `@custom_cors({"www.client1.com": ResourceOptions(allow_headers=["X-Host"])})` on `post`,
/// with the scheme the peer's key leaves out (README rule 3).
#[cors(origins = ["https://www.client1.com"], allow_headers = ["X-Host"])]
#[post("/mixin")]
async fn mixin_post() -> HttpResponse {
    HttpResponse::Ok().body("Done")
}

/// `test_method_with_custom_cors`, `test_method_with_class_config`,
/// `test_method_with_default_config`: one view, the class's config for GET, a method's own for
/// POST.
#[actix_web::test]
async fn per_method_config_on_one_path() {
    assert_eq!(refused_rules(Policy::builder().origin("www.client1.com")), [Rule::MalformedOrigin]);
    let app = || App::new().service(mixin_get).service(mixin_post);
    let res = answer!(app(), preflight("/mixin", "https://anyone.example", "GET"));
    assert_preflight_answered(&res, "GET");
    assert_eq!(allow_origin(&res), Some("*"));
    let res = answer!(
        app(),
        preflight("/mixin", "https://www.client1.com", "POST").insert_header((ACRH, "x-host"))
    );
    assert_preflight_answered(&res, "POST");
    assert_eq!(allow_origin(&res), Some("https://www.client1.com"));
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["x-host"]);
    let res = answer!(app(), preflight("/mixin", "https://anyone.example", "POST"));
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res =
        answer!(app(), preflight("/mixin", "https://anyone.example", "GET").insert_header((ACRH, "x-host")));
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "X-Host is POST's only");
}

/// `test_raises_forbidden_when_config_not_found`: an empty config refuses every preflight; here
/// it does not build (README rule 3, empty list).
#[actix_web::test]
async fn an_empty_config_does_not_build() {
    assert_eq!(refused_rules(Policy::builder()), [Rule::MalformedOrigin]);
    assert_eq!(refused_rules(Policy::builder().origins(Vec::<&str>::new())), [Rule::MalformedOrigin]);
}

// ---- tests/integration/test_real_browser.py, through the browser model --------------------

#[cors(origins = ["http://127.0.0.1:8081"], credentials, allow_headers = ["x-custom"])]
#[get("/cors_resource")]
async fn allowing() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"type": "resource"}"#)
}

#[cors(origins = ["http://127.0.0.1:8082"], credentials)]
#[get("/cors_resource")]
async fn denying() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"type": "resource"}"#)
}

#[cors(origins = "*", expose_headers = "*", allow_headers = "*")]
#[get("/cors_resource")]
async fn free_for_all() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(r#"{"type": "resource"}"#)
}

/// The peer's selenium test: a page on the `origin` server fetches `/cors_resource` and
/// `/no_cors.json` from the `allowing`, `denying`, `free_for_all` and `no_cors` servers.
#[actix_web::test]
async fn servers_as_a_browser_sees_them() {
    // README rule 1: the peer's `free_for_all` is `"*"` with credentials, `expose_headers="*"`
    // and `allow_headers="*"`.
    let peer = Policy::builder().origin("*").credentials(true).allow_headers(["*"]).expose_headers(["*"]);
    assert!(refused_rules(peer).iter().all(|r| *r == Rule::WildcardWithCredentials));
    let browser = Browser::chromium();
    let page = browser.page("http://127.0.0.1:8081");
    let no_cors_json = || web::get().to(|| async { HttpResponse::Ok().body(r#"{"type": "no_cors.json"}"#) });

    let allowing_app =
        init_service(App::new().service(allowing).route("/no_cors.json", no_cors_json())).await;
    let denying_app = init_service(App::new().service(denying).route("/no_cors.json", no_cors_json())).await;
    let free_app =
        init_service(App::new().service(free_for_all).route("/no_cors.json", no_cors_json())).await;
    let no_cors_app = init_service(App::new().route("/cors_resource", web::get().to(allowing_plain))).await;

    let url = "http://127.0.0.1:9000/cors_resource";
    let with_creds = || Request::new(url).credentials(Credentials::Include);

    let out = page.fetch(&allowing_app, with_creds()).await;
    assert!(out.is_allowed(), "allowing: {out}");
    assert_eq!(out.status(), Some(200));
    let out = page.fetch(&allowing_app, Request::new(url).header("x-custom", "1")).await;
    assert!(out.is_allowed(), "allowing, preflighted: {out}");
    assert!(out.preflight().is_some());

    let out = page.fetch(&denying_app, with_creds()).await;
    assert!(!out.is_allowed(), "denying: {out}");

    let out = page.fetch(&free_app, Request::new(url)).await;
    assert!(out.is_allowed(), "free_for_all: {out}");
    let out = page.fetch(&free_app, with_creds()).await;
    assert!(!out.is_allowed(), "free_for_all without credentials support: {out}");

    let out = page.fetch(&no_cors_app, Request::new(url)).await;
    assert!(!out.is_allowed(), "no_cors: {out}");
    for app_out in [
        page.fetch(&allowing_app, Request::new("http://127.0.0.1:9000/no_cors.json")).await,
        page.fetch(&free_app, Request::new("http://127.0.0.1:9000/no_cors.json")).await,
    ] {
        assert!(!app_out.is_allowed(), "no_cors.json has no CORS: {app_out}");
    }
}

async fn allowing_plain() -> impl Responder {
    HttpResponse::Ok().body(r#"{"type": "resource"}"#)
}
