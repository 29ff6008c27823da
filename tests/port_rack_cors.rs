//! The test suite of rack-cors (cyu/rack-cors, `test/unit/cors_test.rb` over the app of
//! `test/unit/test.ru`, `insecure.ru`, `non_http.ru`, and `test/unit/dsl_test.rb`), ported
//! scenario by scenario as a Rack user moving to actix-web would restate them.
//!
//! rack-cors is one middleware holding `allow` blocks (origins) of `resource` entries (path,
//! methods, headers, ...). The closest restatement is one `Cors::new(&P)` per resource, on a
//! `web::resource(path)` (or `Cors::new(&P).scope(path)` for `/path/*`), each `P` built from the
//! block's origins with `Policy::builder()`, over the peer's app, which answers `200 success`
//! on every path (`default_service`). Where the resource is one route, the `#[cors]` attribute
//! is used too (`/$batch`).
//!
//! The peer's origins are restated as browsers send them: `'localhost:3000'` (any scheme in
//! rack-cors) is `http://localhost:3000`; the unanchored regexes `%r{http://192\.168\.0\.\d{1,3}(:\d+)?}`
//! and `%r{http://(.*?)\.example\.com}` become the origins the tests use
//! (`http://192.168.0.1:*`, `http://192.168.0.3:*`) and `http://*.example.com`: the regexes
//! themselves are refused (see `peer_origin_entries_that_do_not_build`).
//!
//! Not ported (no meaning here): the six `logging` tests (which logger rack-cors picks: Rails,
//! `rack.logger`, a proc, `Logger.new`, the `debug` switch; here refusals go through `log`,
//! target `cors`), `should return original headers if in debug`
//! (`X-Rack-CORS-Original-*`, a debug header of the peer), `is lint-compliant with non-CORS
//! request` (`Rack::Lint`), the `cors_result` / `miss_reason` assertions (the peer's env
//! attribute; the status and headers are asserted instead), and the `USER_AGENT`-dependent
//! proc of `dsl_test.rb` (closures over the request are not offered: README, "where is
//! `allowed_origin_fn`?").

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, guard, post, web};
use configs::{built, refused, refused_rules};
use strict_cors::{Cors, Policy, PolicyBuilder, Rule, cors};
use support::{Answer, allow_origin, cors_headers, get as h, list, preflight};

#[path = "support/configs.rs"]
mod configs;
mod support;

const LOCALHOST: &str = "http://localhost:3000";

/// The first `allow` block of `test.ru`, restated.
fn block1() -> PolicyBuilder {
    Policy::builder().origins([
        "http://localhost:3000",
        "http://127.0.0.1:3000",
        "http://192.168.0.1:*",
        "http://192.168.0.3:*",
        "http://*.example.com",
    ])
}

/// The `proc` / `lambda` blocks: `source.end_with?('10.10.10.10:3000')`, restated as the one
/// origin meant.
fn block_proc() -> PolicyBuilder {
    Policy::builder().origin("http://10.10.10.10:3000")
}

/// `origins '*'`.
fn block_any() -> PolicyBuilder {
    Policy::builder().origin("*")
}

/// The peer's app: `[200, {'content-type' => 'text/html'}, ['success']]`.
async fn success() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html").body("success")
}

/// `resource '/vary_test', vary: %w[Origin Host]`: the handler varies on `Host` itself, there
/// being no `vary` option here.
async fn vary_host() -> HttpResponse {
    HttpResponse::Ok().insert_header((header::VARY, "Host")).body("success")
}

/// `FakeProxy`, which the peer puts between its middleware and the app.
async fn fake_proxy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    res.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Origin, User-Agent"));
    Ok(res)
}

#[cors(origins = ["http://localhost:3000", "http://127.0.0.1:3000"])]
#[post("/$batch")]
async fn batch() -> HttpResponse {
    HttpResponse::Ok().body("success")
}

/// `test.ru` over the peer's app; `req` sent to it.
async fn through(req: TestRequest) -> Answer {
    let app = init_service(
        App::new()
            .service(web::resource("/get-only").wrap(Cors::new(built(block1().methods(["GET"])))).to(success))
            .service(
                web::resource("/")
                    .wrap(Cors::new(built(block1().allow_headers(["*"]).any_method())))
                    .to(success),
            )
            .service(
                web::resource("/options").wrap(Cors::new(built(block1().methods(["OPTIONS"])))).to(success),
            )
            .service(
                web::resource("/single_header")
                    .wrap(Cors::new(built(block1().allow_headers(["x-domain-token"]))))
                    .to(success),
            )
            .service(
                web::resource("/two_headers")
                    .wrap(Cors::new(built(block1().allow_headers(["x-domain-token", "x-requested-with"]))))
                    .to(success),
            )
            .service(
                web::resource("/expose_single_header")
                    .wrap(Cors::new(built(block1().expose_headers(["expose-test"]))))
                    .to(success),
            )
            .service(
                web::resource("/expose_multiple_headers")
                    .wrap(Cors::new(built(block1().expose_headers(["expose-test-1", "expose-test-2"]))))
                    .to(success),
            )
            .service(
                // `if: proc { |env| !!env['HTTP_X_OK'] }`: a guard, so that without the header
                // the request goes on to the app, as it does past rack-cors.
                web::resource("/conditional")
                    .guard(guard::fn_guard(|ctx| ctx.head().headers().contains_key("x-ok")))
                    .wrap(Cors::new(built(block1().methods(["GET"]))))
                    .route(web::get().to(success)),
            )
            .service(
                web::resource("/vary_test")
                    .wrap(Cors::new(built(block1().methods(["GET"]))))
                    .route(web::get().to(vary_host)),
            )
            .service(batch)
            .service(
                Cors::new(built(block1().any_method())).scope("/wildcard").default_service(web::to(success)),
            )
            .service(web::resource("/proc-origin").wrap(Cors::new(built(block_proc()))).to(success))
            .service(web::resource("/lambda-origin").wrap(Cors::new(built(block_proc()))).to(success))
            .service(web::resource("/public").wrap(Cors::new(built(block_any()))).to(success))
            .service(Cors::new(built(block_any())).scope("/public").default_service(web::to(public_tail)))
            .service(
                web::resource("/public_without_credentials").wrap(Cors::new(built(block_any()))).to(success),
            )
            // Two `allow` blocks for `/multi-allow-config` (`mucho-grande.com`, max_age 600,
            // and `'*'`, max_age 300) are one policy here: `"*"` beside another origin does not
            // build (rule 2), and `"*"` covers both.
            .service(
                web::resource("/multi-allow-config")
                    .wrap(Cors::new(built(block_any().max_age(300))))
                    .to(success),
            )
            .route("/private/stuff", web::get().to(private))
            .default_service(web::to(success)),
    )
    .await;
    Answer::of(app.call(req.to_request()).await).await
}

/// What `/public/*` serves.
async fn public_tail() -> HttpResponse {
    HttpResponse::Ok().body("public")
}

/// A resource outside every CORS block.
async fn private() -> HttpResponse {
    HttpResponse::Ok().body("private")
}

/// `cors_request`: `GET` (or `method`) with `Origin`.
fn cors_request(path: &str, origin: &str) -> TestRequest {
    TestRequest::get().uri(path).insert_header((header::ORIGIN, origin))
}

/// `preflight_request(origin, path, headers:)`.
fn preflight_with_headers(path: &str, origin: &str, method: &str, headers: &str) -> TestRequest {
    preflight(path, origin, method).insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, headers))
}

/// `must_render_cors_success`, and the origin sent back.
fn assert_cors_success<'a>(res: &'a Answer, what: &str) -> &'a str {
    allow_origin(res)
        .unwrap_or_else(|| panic!("{what}: expected a successful CORS response, got {}", res.status()))
}

/// `wont_render_cors_success`: no `Access-Control-*` header at all.
fn assert_not_cors_success(res: &Answer, what: &str) {
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{what}");
}

// ---------------------------------------------------------------------------------------------
// cors_test.rb: actual requests
// ---------------------------------------------------------------------------------------------

/// `should support simple CORS request`, `should add Vary header if Access-Control-Allow-Origin
/// header was added and if it is specific`.
#[actix_web::test]
async fn simple_cors_request_reflects_the_origin_and_varies() {
    let res = through(cors_request("/", LOCALHOST)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "success");
    assert_eq!(assert_cors_success(&res, "GET /"), LOCALHOST);
    assert_eq!(list(res.headers(), "vary"), ["origin"]);

    let res = through(cors_request("/", "http://192.168.0.3:8080")).await;
    assert_eq!(allow_origin(&res), Some("http://192.168.0.3:8080"));
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `should not return CORS headers if Origin header isn't present`, `should add Vary header if
/// resource matches even if Origin header isn't present`.
#[actix_web::test]
async fn no_origin_no_cors_headers_but_vary_origin() {
    let res = through(TestRequest::get().uri("/")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_not_cors_success(&res, "no Origin");
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `should support OPTIONS CORS request`: an `OPTIONS` with `Origin` and no
/// `Access-Control-Request-Method` is an actual request to a resource allowing `OPTIONS`.
#[actix_web::test]
async fn options_without_request_method_is_an_actual_request() {
    let res = through(
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/options")
            .insert_header((header::ORIGIN, LOCALHOST)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "success", "the app answered it");
    assert_eq!(assert_cors_success(&res, "OPTIONS /options"), LOCALHOST);
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None, "not a preflight");
}

/// `should support regex origins configuration`, `should support subdomain example`: the
/// peer's regexes restated as a port pattern and a `*.` pattern.
#[actix_web::test]
async fn pattern_origins_match_what_the_regexes_were_for() {
    for origin in ["http://192.168.0.1:1234", "http://subdomain.example.com", "http://a.b.example.com"] {
        let res = through(cors_request("/", origin)).await;
        assert_eq!(allow_origin(&res), Some(origin), "{origin}");
    }
    // What the peer's unanchored regexes also let through, and these patterns do not.
    for origin in [
        "http://192.168.0.1.evil.net",
        "http://192.168.0.10:1234",
        "http://example.com",
        "http://sub.example.com.evil.net",
        "https://subdomain.example.com",
        "http://evil.net?.example.com",
    ] {
        let res = through(cors_request("/", origin)).await;
        assert_eq!(res.body(), "success", "{origin}: the app still answers");
        assert_not_cors_success(&res, origin);
    }
}

/// `should support proc origins configuration`, `should support lambda origin configuration`,
/// `... (inverse)`: the closure's one meant origin, listed.
#[actix_web::test]
async fn proc_origins_become_the_listed_origin() {
    for path in ["/proc-origin", "/lambda-origin"] {
        let res = through(cors_request(path, "http://10.10.10.10:3000")).await;
        assert_eq!(allow_origin(&res), Some("http://10.10.10.10:3000"), "{path}");
        let res = through(cors_request(path, "http://bad.guy")).await;
        assert_not_cors_success(&res, path);
        // `source.end_with?('10.10.10.10:3000')` also allowed this one; the list does not.
        let res = through(cors_request(path, "http://evil10.10.10.10:3000")).await;
        assert_not_cors_success(&res, path);
    }
}

/// `should not mix up path rules across origins`.
#[actix_web::test]
async fn path_rules_are_not_mixed_up_across_origins() {
    let res = through(cors_request("/", "http://10.10.10.10:3000")).await;
    assert_eq!(res.body(), "success");
    assert_not_cors_success(&res, "/ is another block's");
}

/// `should support alternative X-Origin header`: not supported here. Browsers send `Origin`;
/// an `X-Origin` is any script's (or proxy's) say-so.
#[actix_web::test]
async fn x_origin_is_not_an_origin() {
    let res = through(TestRequest::get().uri("/").insert_header(("x-origin", LOCALHOST))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_not_cors_success(&res, "X-Origin");
}

/// `should support expose header configuration`, `should support expose multiple header
/// configuration`.
#[actix_web::test]
async fn expose_headers() {
    let res = through(cors_request("/expose_single_header", LOCALHOST)).await;
    assert_cors_success(&res, "single");
    assert_eq!(h(res.headers(), "access-control-expose-headers"), Some("expose-test"));

    let res = through(cors_request("/expose_multiple_headers", LOCALHOST)).await;
    assert_cors_success(&res, "multiple");
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["expose-test-1", "expose-test-2"]);
}

/// `should add Vary header based on :vary option`: there is no `vary` option; the handler's own
/// `Vary` is kept and `Origin` added to it.
#[actix_web::test]
async fn handler_vary_is_kept_and_origin_added() {
    let res = through(cors_request("/vary_test", LOCALHOST)).await;
    assert_cors_success(&res, "/vary_test");
    let mut vary = list(res.headers(), "vary");
    vary.sort();
    assert_eq!(vary, ["host", "origin"]);
}

/// `with upstream Vary headers: should add to them`: middleware between the policy and the
/// app sets `Vary: Origin, User-Agent` (the peer's `FakeProxy`); `Origin` is not added twice.
#[actix_web::test]
async fn upstream_vary_is_kept_and_origin_not_repeated() {
    let app = init_service(
        App::new().service(
            web::resource("/vary_test")
                .wrap(from_fn(fake_proxy))
                .wrap(Cors::new(built(block1().methods(["GET"]))))
                .route(web::get().to(vary_host)),
        ),
    )
    .await;
    let res = Answer::of(app.call(cors_request("/vary_test", LOCALHOST).to_request()).await).await;
    assert_cors_success(&res, "/vary_test behind the proxy");
    assert_eq!(list(res.headers(), "vary"), ["origin", "user-agent"]);
}

/// `decode URL and resolve paths before resource matching`: the peer matched the raw path
/// against `/public/*` while the app served `/private/stuff`. Here the policy is the one of
/// whatever route answers, so headers and content never part: actix-web does not resolve
/// `..%2F` segments, and the `/public` scope answers with its own content.
#[actix_web::test]
async fn cors_headers_belong_to_the_route_that_answers() {
    let res = through(cors_request("/public/a/..%2F..%2Fprivate/stuff", LOCALHOST)).await;
    assert_eq!(res.body(), "public", "the /public scope served it");
    assert_eq!(allow_origin(&res), Some("*"));

    let res = through(cors_request("/private/stuff", LOCALHOST)).await;
    assert_eq!(res.body(), "private");
    assert_not_cors_success(&res, "/private/stuff has no policy");
}

/// `should add Vary header even if Access-Control-Allow-Origin header was added and it is
/// generic (*)`: not here. With `origins = "*"` and no credentials every response carries
/// `*`, whatever the origin, so it does not vary on it (SPEC §4.6).
#[actix_web::test]
async fn any_origin_does_not_vary() {
    let res = through(cors_request("/public_without_credentials", "http://192.168.1.3:8080")).await;
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(h(res.headers(), "vary"), None);
}

/// `should support multi allow configurations for the same resource`: one policy, `"*"` (rule
/// 2 refuses `"*"` beside `mucho-grande.com`), answers both; no `Vary` (SPEC §4.6).
#[actix_web::test]
async fn multi_allow_configurations_are_one_policy() {
    for origin in ["http://mucho-grande.com", "http://192.168.1.3:8080"] {
        let res = through(cors_request("/multi-allow-config", origin)).await;
        assert_eq!(allow_origin(&res), Some("*"), "{origin}");
        assert_eq!(h(res.headers(), "vary"), None, "{origin}");
    }
    let res = through(preflight("/multi-allow-config", "http://mucho-grande.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("300"));
    assert_eq!(
        refused_rules(Policy::builder().origins(["http://mucho-grande.com", "*"])),
        [Rule::DuplicateOrMixed]
    );
}

/// `should not return CORS headers on OPTIONS request if Access-Control-Allow-Origin is not
/// present`: `OPTIONS /get-only` with neither `Origin` nor a request method.
#[actix_web::test]
async fn plain_options_gets_no_cors_headers() {
    let res = through(TestRequest::default().method(actix_web::http::Method::OPTIONS).uri("/get-only")).await;
    assert_eq!(res.body(), "success", "routed to the app");
    assert_not_cors_success(&res, "plain OPTIONS");
}

/// `should not apply CORS headers if it does not match conditional on resource`, `should apply
/// CORS headers if it does match conditional on resource`.
#[actix_web::test]
async fn conditional_resource_is_a_guard() {
    let res = through(cors_request("/conditional", "http://192.168.0.1:1234")).await;
    assert_eq!(res.body(), "success", "the app answered it");
    assert_not_cors_success(&res, "without X-OK");

    let res =
        through(cors_request("/conditional", "http://192.168.0.1:1234").insert_header(("x-ok", "1"))).await;
    assert_eq!(assert_cors_success(&res, "with X-OK"), "http://192.168.0.1:1234");
}

/// `should not allow everything if Origin is configured as blank string`: a blank origin does
/// not build (it would match nothing anyway); the app without it gives no CORS headers.
#[actix_web::test]
async fn blank_origin_does_not_build() {
    assert_eq!(refused_rules(Policy::builder().origin("")), [Rule::MalformedOrigin]);
    let res = through(cors_request("/blank-origin", "http://example.net")).await;
    assert_not_cors_success(&res, "/blank-origin");
}

/// `should not allow credentials for public resources`, and `dsl_test.rb`'s `should default
/// credentials option to false`.
#[actix_web::test]
async fn credentials_are_off_by_default() {
    let res = through(cors_request("/public", LOCALHOST)).await;
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);

    let res = through(cors_request("/", LOCALHOST)).await;
    assert_eq!(allow_origin(&res), Some(LOCALHOST));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
    assert!(!built(Policy::builder().origin("http://example.net")).allows_credentials());
}

/// `with app overriding CORS header: should return app header`: not here. The policy owns
/// `Access-Control-Allow-*` (SPEC §4.10): the app's `http://foo.net` is replaced.
#[actix_web::test]
async fn the_policy_owns_allow_origin() {
    async fn overriding() -> HttpResponse {
        HttpResponse::Ok()
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "http://foo.net"))
            .body("success")
    }
    let app = init_service(
        App::new().service(web::resource("/").wrap(Cors::new(built(block_any()))).to(overriding)),
    )
    .await;
    let res = Answer::of(app.call(cors_request("/", "http://example.net").to_request()).await).await;
    assert_eq!(res.body(), "success");
    assert_eq!(allow_origin(&res), Some("*"));
}

// ---------------------------------------------------------------------------------------------
// cors_test.rb: preflight requests
// ---------------------------------------------------------------------------------------------

/// `should fail if origin is invalid`.
#[actix_web::test]
async fn preflight_from_another_origin_fails() {
    let res = through(preflight("/", "http://allyourdataarebelongtous.com", "GET")).await;
    // 403, not the peer's 200 (SPEC §4.2).
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_not_cors_success(&res, "invalid origin");
    assert_eq!(res.body(), "", "not sent through the app");
}

/// `should fail if Access-Control-Request-Method is not allowed`.
#[actix_web::test]
async fn preflight_for_a_method_not_allowed_fails() {
    let res = through(preflight("/get-only", LOCALHOST, "POST")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_not_cors_success(&res, "POST on /get-only");
}

/// `should fail if header is not allowed`.
#[actix_web::test]
async fn preflight_for_a_header_not_allowed_fails() {
    let res = through(preflight_with_headers("/single_header", LOCALHOST, "GET", "Fooey")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_not_cors_success(&res, "Fooey");
}

/// `should allow any header if headers = :any`, `should allow any method if methods = :any`,
/// `allows PATCH method`.
#[actix_web::test]
async fn any_header_and_any_method() {
    let res = through(preflight_with_headers("/", LOCALHOST, "GET", "Fooey")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(assert_cors_success(&res, "any header"), LOCALHOST);
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));

    for method in ["GET", "PATCH", "DELETE", "PURGE"] {
        let res = through(preflight("/", LOCALHOST, method)).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{method}");
        assert_eq!(assert_cors_success(&res, method), LOCALHOST);
        if method != "GET" {
            let methods = list(res.headers(), "access-control-allow-methods");
            assert!(
                methods == ["*"] || methods.contains(&method.to_ascii_lowercase()),
                "{method}: {methods:?}"
            );
        }
    }
}

/// `should allow header case insensitive match`, `should allow multiple headers match` (WebKit
/// and Gecko styles).
#[actix_web::test]
async fn request_headers_match_case_insensitively_in_either_style() {
    let res = through(preflight_with_headers("/single_header", LOCALHOST, "GET", "X-Domain-Token")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_cors_success(&res, "X-Domain-Token");
    for style in ["X-Requested-With, X-Domain-Token", "x-requested-with,x-domain-token"] {
        let res = through(preflight_with_headers("/two_headers", LOCALHOST, "GET", style)).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{style}");
        assert_cors_success(&res, style);
        let mut allowed = list(res.headers(), "access-control-allow-headers");
        allowed.sort();
        assert_eq!(allowed, ["x-domain-token", "x-requested-with"], "{style}");
    }
}

/// `should allow '*' origins to allow any origin`, `... and set '*' if no credentials required`.
#[actix_web::test]
async fn any_origin_preflight_answers_star() {
    for path in ["/public", "/public_without_credentials"] {
        let res = through(preflight(path, "http://locohost:3000", "GET")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(allow_origin(&res), Some("*"), "{path}");
    }
}

/// `should allow resource paths containing '$' char`: a `#[cors]` route on `/$batch`.
#[actix_web::test]
async fn path_with_a_dollar() {
    let res = through(preflight("/$batch", LOCALHOST, "POST")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some(LOCALHOST));
    // The peer sends `Access-Control-Allow-Methods: POST`; POST is CORS-safelisted and left
    // out (README, "Allowed preflight").
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);

    let res = through(TestRequest::post().uri("/$batch").insert_header((header::ORIGIN, LOCALHOST))).await;
    assert_eq!(res.body(), "success");
    assert_eq!(allow_origin(&res), Some(LOCALHOST));
}

/// `should allow '/<path>/' resource if match pattern is /<path>/*`, `should allow '/<path>'
/// resource if match pattern is /<path>/*`: `Cors::new(&P).scope("/wildcard")`.
#[actix_web::test]
async fn scope_covers_its_prefix_with_and_without_slash() {
    for path in ["/wildcard/", "/wildcard", "/wildcard/deeper/still"] {
        let res = through(preflight(path, LOCALHOST, "GET")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(allow_origin(&res), Some(LOCALHOST), "{path}");
    }
}

/// `should return "file://" as header with "file://" as origin`, `supports custom protocols in
/// origin`: `file://` does not build (rule 4); a preflight from it is refused.
#[actix_web::test]
async fn file_origin_is_refused() {
    assert_eq!(refused_rules(Policy::builder().origin("file://")), [Rule::OpaqueOrigin]);
    let res = through(preflight("/", "file://", "GET")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_not_cors_success(&res, "file://");
}

/// `should not send failed preflight requests thru the app`: `origins '*'`, `resource '/',
/// methods: :post`, an app that fails.
#[actix_web::test]
async fn failed_preflight_never_reaches_the_app() {
    static RAN: AtomicUsize = AtomicUsize::new(0);
    async fn failing() -> HttpResponse {
        RAN.fetch_add(1, Ordering::SeqCst);
        HttpResponse::InternalServerError().body("FAIL!")
    }
    let app = init_service(
        App::new()
            .service(web::resource("/").wrap(Cors::new(built(block_any().methods(["POST"])))).to(failing)),
    )
    .await;
    let res =
        Answer::of(app.call(preflight("/", "http://localhost", "UNSUPPORTED").to_request()).await).await;
    // 403, not the peer's 200 (SPEC §4.2).
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_not_cors_success(&res, "UNSUPPORTED");
    assert_eq!(RAN.load(Ordering::SeqCst), 0, "the app ran for a preflight");
}

/// `with headers set to nil` / `with custom allowed headers` (`headers: []`): a preflight asking
/// for a CORS-safelisted name. Browsers list such a name only when its value is not
/// safelisted, and then require it in `Access-Control-Allow-Headers`: a policy that lists no
/// headers refuses it, and one that lists it allows it.
#[actix_web::test]
async fn safelisted_names_asked_for_must_be_listed() {
    let none = built(block_any());
    let listed =
        built(block_any().allow_headers(["accept", "accept-language", "content-type", "content-language"]));
    for name in ["Accept", "Accept-Language", "Content-Type", "Content-Language"] {
        for (policy, allowed) in [(none, false), (listed, true)] {
            let app =
                init_service(App::new().service(web::resource("/").wrap(Cors::new(policy)).to(success)))
                    .await;
            let req = preflight_with_headers("/", LOCALHOST, "GET", name).to_request();
            let res = Answer::of(app.call(req).await).await;
            if allowed {
                assert_eq!(res.status(), StatusCode::NO_CONTENT, "{name} listed");
                assert!(
                    list(res.headers(), "access-control-allow-headers").contains(&name.to_ascii_lowercase())
                );
            } else {
                assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name} not listed");
                assert_not_cors_success(&res, name);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Configurations: insecure.ru, non_http.ru, dsl_test.rb, and test.ru's own entries
// ---------------------------------------------------------------------------------------------

/// `with insecure configuration: should raise an error`: `origins '*'` with `credentials:
/// true`. The peer raises on the first request; here it does not build.
#[test]
fn any_origin_with_credentials_does_not_build() {
    let errors = refused(Policy::builder().origin("*").credentials(true));
    assert!(errors.iter().any(|(rule, _)| *rule == Rule::WildcardWithCredentials), "{errors:?}");
}

/// `with non HTTP config: should support non http/https origins` (`origins
/// 'com.company.app'`, a request from `content://com.company.app`), and `supports custom
/// protocols in origin` (`custom-protocol://abcdefg`): written whole, such origins build and are
/// answered.
#[actix_web::test]
async fn non_http_origins() {
    // The peer's entry has no scheme: here an origin is written whole.
    assert_eq!(refused_rules(Policy::builder().origin("com.company.app")), [Rule::MalformedOrigin]);
    for origin in ["content://com.company.app", "custom-protocol://abcdefg"] {
        let policy = built(Policy::builder().origin(origin));
        let app =
            init_service(App::new().service(web::resource("/public").wrap(Cors::new(policy)).to(success)))
                .await;
        let res = Answer::of(app.call(cors_request("/public", origin).to_request()).await).await;
        assert_eq!(allow_origin(&res), Some(origin), "{origin}");
        let res = Answer::of(app.call(preflight("/public", origin, "PUT").to_request()).await).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(allow_origin(&res), Some(origin), "{origin}");
    }
}

/// The peer's entries that do not build here, each with the rule it breaks.
#[test]
fn peer_origin_entries_that_do_not_build() {
    // Unanchored, and a range of IP addresses.
    assert_eq!(
        refused_rules(Policy::builder().origin_regex(r"http://192\.168\.0\.\d{1,3}(:\d+)?")),
        [Rule::UnsafeRegex]
    );
    // `(.*?)` before `\.example\.com`: anchored here, it matches what `http://*.example.com`
    // does among origins browsers send, and builds (regexes are judged by what they match).
    let regex = built(Policy::builder().origin_regex(r"http://(.*?)\.example\.com"));
    for origin in ["http://sub.example.com", "http://a.b.example.com"] {
        assert!(regex.allows_origin(origin), "{origin}");
    }
    for origin in [
        "http://example.com",
        "http://sub.example.com.evil.net",
        "http://sub.example.com:8080",
        "https://sub.example.com",
        "http://evilexample.com",
    ] {
        assert!(!regex.allows_origin(origin), "{origin}");
    }
    // Scheme-less entries (rack-cors prefixes any scheme).
    for entry in ["localhost:3000", "127.0.0.1:3000", "mucho-grande.com", "example.net"] {
        assert_eq!(refused_rules(Policy::builder().origin(entry)), [Rule::MalformedOrigin], "{entry}");
    }
}

/// `dsl_test.rb`: `should support explicit/implicit config object dsl mode` (the list part; the
/// proc reading `USER_AGENT` is not offered), `should support "file://" origin` (refused).
#[test]
fn dsl_origins() {
    let policy = built(Policy::builder().origins(["http://localhost:3000", "http://127.0.0.1:3000"]));
    assert!(policy.allows_origin("http://localhost:3000"));
    assert!(policy.allows_origin("http://127.0.0.1:3000"));
    assert!(!policy.allows_origin("http://10.10.10.10:3001"));
    assert!(!policy.allows_origin("https://localhost:3000"), "another scheme is another origin");
    assert_eq!(refused_rules(Policy::builder().origin("file://")), [Rule::OpaqueOrigin]);
}

/// The peer's `%r{http://(.*?)\.example\.com}` matches strings that are no origin (`?`, `/`, `@`
/// in front of `.example.com`); here a regex only ever sees values written as browsers write an
/// origin, so it grants what `http://*.example.com` does and nothing more.
#[actix_web::test]
async fn regex_entry_never_allows_what_is_no_origin() {
    let policy = built(Policy::builder().origin_regex(r"http://(.*?)\.example\.com"));
    let app = init_service(App::new().service(web::resource("/").wrap(Cors::new(policy)).to(success))).await;
    let mut reflected = Vec::new();
    for forged in [
        "http://evil.net?.example.com",
        "http://evil.net/.example.com",
        "http://me@evil.net#.example.com",
        "http://evil.net:80.example.com",
    ] {
        let res = Answer::of(app.call(cors_request("/", forged).to_request()).await).await;
        if allow_origin(&res).is_some() {
            reflected.push(forged);
        }
    }
    assert_eq!(reflected, Vec::<&str>::new(), "reflected, though no browser sends them");
}
