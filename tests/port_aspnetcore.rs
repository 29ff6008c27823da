//! The CORS test suites of ASP.NET Core (dotnet/aspnetcore), ported scenario by scenario as a
//! user moving from it would restate them:
//!
//! - `src/Middleware/CORS/test/UnitTests`: `CorsMiddlewareTests.cs`, `CorsServiceTests.cs`,
//!   `CorsPolicyBuilderTests.cs`, `CorsPolicyTests.cs`, `CorsPolicyExtensionsTests.cs`
//!   (wildcard subdomains), `CorsEndpointConventionBuilderExtensionsTests.cs` (`RequireCors`);
//! - the endpoint-attribute scenarios of MVC, `src/Mvc/test/Mvc.FunctionalTests/CorsTestsBase.cs`
//!   over `src/Mvc/test/WebSites/CorsWebSite` (`[EnableCors]` on a controller and its actions,
//!   `[DisableCors]`, an authorization filter refusing every request);
//! - the browser suite `src/Middleware/CORS/test/FunctionalTests/test.js` over
//!   `testassets/TestDestination` (`endpoints.Map(..).RequireCors(..)`), through
//!   `strict_cors::testing::Browser` in place of puppeteer.
//!
//! Mapping: `app.UseCors(policy)` is `App::new().wrap(Cors::new(P))` over `app.Run` (a
//! `default_service` answering every path and method); `[EnableCors("Name")]` on an action is
//! `#[cors(policy = NAME)]` on the handler, on the controller it is the same on each action;
//! `RequireCors(builder => ..)` is `#[cors(..)]` written inline, or `Cors::new` on the one
//! `web::resource`; `[DisableCors]` is a handler without `#[cors]` outside every `Cors` scope
//! (there is no opt-out inside one); an authorization filter is auth middleware on the scope,
//! with `Layer` on the `App`.
//!
//! Not ported (no meaning here): the policy-provider tests (`Uses_PolicyProvider_AsFallback`,
//! `DoesNotSetHeaders_ForNoPolicy`, `Invoke_WithCustomPolicyProviderThatReturnsAsynchronously_Works`,
//! `DefaultCorsPolicyProviderTests`, `CorsOptionsTest`: policies are named by Rust paths,
//! resolved at compile time), the `__CorsMiddlewareWithEndpointInvoked` flag tests
//! (`Invoke_InvokeFlagSet`, `Invoke_WithoutOrigin_InvokeFlagSet`, `Invoke_WithoutEndpoint_InvokeFlagSet`),
//! `Invoke_HasEndpointWithMutlipleMetadata_SkipCorsBecauseOfMetadataOrder` (metadata order),
//! the `SetIsOriginAllowed` / `IsOriginAllowed` tests (closures are not offered: README, "where
//! is `allowed_origin_fn`?"), `ToString`, `Default_Constructor` and copy-constructor tests of
//! `CorsPolicy`, `CorsResult` and `CorsPolicyBuilder` (the peer's object model),
//! `WithOrigins_Throws*` (null arguments), `UriHelpersTests` (an internal helper; its cases are
//! those of `IsOriginAnAllowedSubdomain`, ported), `RequireCors_*_MetadataAdded` and
//! `RequireCors_ChainedCall_ReturnedBuilderIsDerivedType` (endpoint metadata objects; what
//! they configure is ported as `#[cors]` on handlers), and the `ApplyResult_*` tests that set
//! a `CorsResult` by hand (their header-writing rules are asserted on real responses below).

use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, error, get, options, post, route, web};
use configs::{built, refused, refused_rules};
use strict_cors::testing::{Browser, Credentials, Request};
use strict_cors::{Cors, Layer, Policy, PolicyBuilder, Rule, cors, policy};
use support::{Answer, allow_origin, cors_headers, get as h, list, preflight, sorted};

#[path = "support/configs.rs"]
mod configs;
mod support;

/// `CorsMiddlewareTests.OriginUrl`.
const ORIGIN: &str = "http://api.example.com";

fn no_cors(res: &Answer, what: &str) {
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{what}");
}

fn with_request_headers(req: TestRequest, headers: &str) -> TestRequest {
    req.insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, headers))
}

fn from(method: &str, path: &str, origin: &str) -> TestRequest {
    TestRequest::default()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path)
        .insert_header((header::ORIGIN, origin))
}

// =============================================================================================
// CorsMiddlewareTests.cs: `app.UseCors(..)` over `app.Run(..)`
// =============================================================================================

/// `app.Run`: writes "Cross origin response", and the `Test` header of
/// `CorsRequest_SetsResponseHeaders`.
async fn cross_origin_response() -> HttpResponse {
    HttpResponse::Ok().insert_header(("test", "Should-Appear")).body("Cross origin response")
}

/// `app.UseCors(policy); app.Run(..)`, and `req` sent to it.
async fn through(policy: &'static Policy, req: TestRequest) -> Answer {
    let app =
        init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(cross_origin_response)))
            .await;
    Answer::of(app.call(req.to_request()).await).await
}

/// `builder.WithOrigins(OriginUrl).WithMethods("PUT").WithHeaders("Header1").WithExposedHeaders("AllowedHeader")`.
fn middleware_policy() -> PolicyBuilder {
    Policy::builder()
        .origin(ORIGIN)
        .methods(["PUT"])
        .allow_headers(["Header1"])
        .expose_headers(["AllowedHeader"])
}

/// `CorsRequest_MatchesPolicy_OnCaseInsensitiveAccessControlRequestMethod`: an actual request
/// whose method is `PuT` or `PUT` (methods are not checked on actual requests).
#[actix_web::test]
async fn actual_request_in_any_method_case_gets_allow_origin() {
    let policy = built(Policy::builder().origin(ORIGIN).methods(["PUT"]));
    for method in ["PuT", "PUT"] {
        let res = through(policy, from(method, "/", ORIGIN)).await;
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        assert_eq!(res.body(), "Cross origin response");
        assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin"], "{method}");
        assert_eq!(allow_origin(&res), Some(ORIGIN));
        // The peer sends nothing else; here `Vary: Origin` too, on every response whose answer
        // depends on the origin (SPEC §4.6), one allowed origin included.
        assert_eq!(list(res.headers(), "vary"), ["origin"]);
    }
}

/// `CorsRequest_MatchPolicy_SetsResponseHeaders`, `CorsRequest_SetsResponseHeaders`: the
/// app's own header is kept beside the policy's.
#[actix_web::test]
async fn actual_request_gets_allow_origin_and_expose_headers_beside_the_apps_own() {
    let res = through(built(middleware_policy()), from("PUT", "/", ORIGIN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "Cross origin response");
    assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin", "access-control-expose-headers"]);
    assert_eq!(allow_origin(&res), Some(ORIGIN));
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["allowedheader"]);
    assert_eq!(h(res.headers(), "test"), Some("Should-Appear"));
}

/// `PreFlight_MatchesPolicy_OnCaseInsensitiveOptionsMethod`: `OpTions` and `OPTIONS` with
/// `Origin` but no `Access-Control-Request-Method` are actual requests; the app runs.
#[actix_web::test]
async fn options_without_request_method_reaches_the_app() {
    let policy = built(Policy::builder().origin(ORIGIN).methods(["PUT"]));
    for method in ["OpTions", "OPTIONS"] {
        let res = through(policy, from(method, "/", ORIGIN)).await;
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        assert_eq!(res.body(), "Cross origin response", "{method}");
        assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin"], "{method}");
    }
}

/// `CorsServiceTests.EvaluatePolicy_CaseInsensitivePreflightRequest_OriginAllowed_ReturnsOrigin`:
/// `OpTions` with a request method. Methods compare byte for byte (README, "What happens per
/// request"): it is no preflight, but an actual request, which the app answers.
#[actix_web::test]
async fn lowercase_options_with_request_method_is_no_preflight() {
    let policy = built(Policy::builder().origin("http://example.com").any_method());
    let res = through(
        policy,
        from("OpTions", "/", "http://example.com")
            .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "Cross origin response");
    assert_eq!(allow_origin(&res), Some("http://example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
    // The peer's policy lists `"*"` and `http://example.com` together: rule 2.
    assert_eq!(
        refused_rules(Policy::builder().origins(["*", "http://example.com"])),
        [Rule::DuplicateOrMixed]
    );
}

/// `PreFlight_MatchesPolicy_SetsResponseHeaders`, `PreFlight_MatchesDefaultPolicy_SetsResponseHeaders`.
#[actix_web::test]
async fn preflight_gets_allow_headers_methods_and_origin() {
    let res = through(built(middleware_policy()), preflight("/", ORIGIN, "PUT")).await;
    // 204, the peer's too for a preflight through its middleware.
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(res.headers()),
        ["access-control-allow-headers", "access-control-allow-methods", "access-control-allow-origin"]
    );
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["header1"]);
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["put"]);
    assert_eq!(allow_origin(&res), Some(ORIGIN));
    assert_eq!(res.body(), "", "the app did not run");
}

/// `PreFlight_MatchesDefaultPolicy_SetsResponseHeaders`: a default policy and a named
/// `policy2` for another origin; the request is answered by the one over its path.
#[actix_web::test]
async fn default_policy_beside_another_named_one() {
    let default = built(middleware_policy());
    let policy2 = built(Policy::builder().origin("http://test.example.com"));
    let app = init_service(
        App::new()
            .service(Cors::new(policy2).scope("/policy2").default_service(web::to(cross_origin_response)))
            .service(web::scope("").wrap(Cors::new(default)).default_service(web::to(cross_origin_response))),
    )
    .await;
    let send = |req: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(req.to_request()).await).await }
    };
    let res = send(preflight("/", ORIGIN, "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some(ORIGIN));
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["header1"]);

    let res = send(preflight("/", "http://test.example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send(preflight("/policy2/x", "http://test.example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some("http://test.example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-headers"), None);
}

/// `PreFlight_WithCredentialsAllowed_ReflectsRequestHeaders`: `AllowAnyHeader().AllowAnyMethod()
/// .AllowCredentials()` does not build (browsers read `*` literally with credentials); the
/// headers and methods listed do, and answer the same preflight.
#[actix_web::test]
async fn credentialed_preflight_with_listed_headers() {
    const SECURE: &str = "https://api.example.com";
    // Also plain http with credentials (rule 6): `OriginUrl` is `http://api.example.com`.
    let any = Policy::builder().origin(ORIGIN).allow_headers(["*"]).any_method().credentials(true);
    let rules = refused_rules(any);
    assert_eq!(
        rules,
        [Rule::InsecureCredentials, Rule::WildcardWithCredentials, Rule::WildcardWithCredentials],
        "{rules:?}"
    );

    let listed = built(
        Policy::builder()
            .origin(SECURE)
            .allow_headers(["x-test1", "x-test2"])
            .methods(["PUT"])
            .credentials(true),
    );
    let res = through(listed, with_request_headers(preflight("/", SECURE, "PUT"), "X-Test1,X-Test2")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["x-test1", "x-test2"]);
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["put"]);
    assert_eq!(allow_origin(&res), Some(SECURE));
}

/// `PreFlightRequest_DoesNotMatchPolicy_SetsResponseHeadersAndReturnsNoContent`: no headers;
/// 403 here where the peer answers 204 (SPEC §4.2).
#[actix_web::test]
async fn preflight_from_another_origin_is_refused() {
    let res = through(built(middleware_policy()), preflight("/", "http://test.example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    no_cors(&res, "refused origin");
    assert_eq!(res.body(), "");
}

/// `CorsRequest_DoesNotMatchPolicy_DoesNotSetHeaders`, `CorsServiceTests.EvaluatePolicy_NoMatchingOrigin_ReturnsInvalidResult`.
#[actix_web::test]
async fn actual_request_from_another_origin_runs_without_cors_headers() {
    let res = through(built(middleware_policy()), from("PUT", "/", "http://test.example.com")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "Cross origin response");
    no_cors(&res, "refused origin");
}

/// `CorsRequest_SetsResponseHeader_IfExceptionHandlerClearsResponse`: the app fails, and an
/// exception handler outside the CORS middleware replaces the response with a bare 500. With
/// `Layer` (written last), the replacement still carries the policy's headers; the failing
/// handler's own header is gone.
#[actix_web::test]
async fn error_page_made_outside_still_carries_cors_headers() {
    #[cors(origins = ["http://api.example.com"], methods = ["PUT"], allow_headers = ["header1"], expose_headers = ["allowedheader"])]
    #[route("/", method = "PUT")]
    async fn failing() -> Result<HttpResponse, error::Error> {
        Err(error::ErrorInternalServerError("Runtime error"))
    }
    #[allow(clippy::unnecessary_wraps, reason = "the signature `ErrorHandlers` takes")]
    fn cleared<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
        let (req, _) = res.into_parts();
        let bare = HttpResponse::InternalServerError().finish();
        Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, bare).map_into_right_body()))
    }
    let app = init_service(
        App::new()
            .service(failing)
            .wrap(ErrorHandlers::new().handler(StatusCode::INTERNAL_SERVER_ERROR, cleared))
            .wrap(Layer),
    )
    .await;
    let res = Answer::of(app.call(from("PUT", "/", ORIGIN).to_request()).await).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.body(), "", "the exception handler's response");
    assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin", "access-control-expose-headers"]);
    assert_eq!(allow_origin(&res), Some(ORIGIN));

    // Without an exception handler: the middleware decorates the error itself.
    let res = through(built(middleware_policy()), from("PUT", "/", ORIGIN)).await;
    assert_eq!(allow_origin(&res), Some(ORIGIN));
}

// =============================================================================================
// CorsMiddlewareTests.cs, endpoint metadata: the middleware's policy and the endpoint's
// =============================================================================================

/// The middleware's policy (`"DefaultPolicyName"`).
static DEFAULT: Policy = policy!(origins = ["http://default.example.com"], allow_headers = ["x-default"]);
/// `[EnableCors("MetadataPolicyName")]`.
static METADATA: Policy = policy!(origins = ["http://example.com"], allow_headers = ["x-metadata"]);

#[cors(policy = METADATA)]
#[get("/enabled")]
async fn enabled_by_name() -> HttpResponse {
    HttpResponse::Ok().body("enabled")
}

/// `RequireCors(builder => ..)`: a policy object on the endpoint.
#[cors(origins = ["http://example.com"], allow_headers = ["x-inline"])]
#[get("/required")]
async fn required_inline() -> HttpResponse {
    HttpResponse::Ok().body("required")
}

/// No metadata: the middleware's policy.
async fn no_metadata() -> HttpResponse {
    HttpResponse::Ok().body("plain")
}

/// `app.UseCors("DefaultPolicyName")` over endpoints with and without metadata.
async fn endpoints(req: TestRequest) -> Answer {
    let app = init_service(
        App::new()
            .service(enabled_by_name)
            .service(required_inline)
            .route("/plain", web::get().to(no_metadata))
            .wrap(Cors::new(&DEFAULT)),
    )
    .await;
    Answer::of(app.call(req.to_request()).await).await
}

/// `Invoke_HasEndpointWithNoMetadata_RunsCors`, `Invoke_HasEndpointWithEnableMetadataWithNoName_RunsCorsWithStaticPolicy`.
#[actix_web::test]
async fn endpoint_without_metadata_gets_the_middleware_policy() {
    let res = endpoints(from("GET", "/plain", "http://default.example.com")).await;
    assert_eq!(res.body(), "plain");
    assert_eq!(allow_origin(&res), Some("http://default.example.com"));
    let res = endpoints(with_request_headers(
        preflight("/plain", "http://default.example.com", "GET"),
        "x-default",
    ))
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = endpoints(from("GET", "/plain", "http://example.com")).await;
    no_cors(&res, "the endpoint policies' origin, on an endpoint without one");
}

/// `Invoke_HasEndpointWithEnableMetadata_MiddlewareHasPolicyName_RunsCorsWithPolicyName`,
/// `Invoke_HasEndpointWithEnableMetadata_MiddlewareHasPolicy_RunsCorsWithPolicyName`,
/// `Invoke_HasEndpointRequireCorsMetadata_MiddlewareHasPolicy_RunsCorsWithPolicyName`: the
/// endpoint's policy wins over the middleware's, for actual requests and preflights.
#[actix_web::test]
async fn endpoint_policy_wins_over_middleware_policy() {
    for (path, body, header) in [("/enabled", "enabled", "x-metadata"), ("/required", "required", "x-inline")]
    {
        let res = endpoints(from("GET", path, "http://example.com")).await;
        assert_eq!(res.body(), body);
        assert_eq!(allow_origin(&res), Some("http://example.com"), "{path}");

        let res = endpoints(from("GET", path, "http://default.example.com")).await;
        assert_eq!(res.body(), body);
        no_cors(&res, &format!("{path}: the middleware's origin"));

        let res = endpoints(with_request_headers(preflight(path, "http://example.com", "GET"), header)).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(allow_origin(&res), Some("http://example.com"), "{path}");
        assert_eq!(list(res.headers(), "access-control-allow-headers"), [header], "{path}");

        let res = endpoints(with_request_headers(
            preflight(path, "http://default.example.com", "GET"),
            "x-default",
        ))
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}: the middleware's policy does not answer");
        no_cors(&res, path);

        let res =
            endpoints(with_request_headers(preflight(path, "http://example.com", "GET"), "x-default")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}: the middleware's header");
    }
}

// =============================================================================================
// Mvc.FunctionalTests/CorsTestsBase.cs over CorsWebSite (endpoint routing)
// =============================================================================================

/// `"AllowAnySimpleRequest"`: `AllowAnyOrigin().WithMethods("GET", "POST", "HEAD")`, on
/// `BlogController`.
static ANY_SIMPLE: Policy = policy!(origins = "*", methods = ["GET", "POST", "HEAD"]);
/// `"AllowAll"`: any origin, method and header, on `StoreController`. `*` alone does not cover
/// `authorization` (Fetch standard): the README's restatement names it beside `*`.
static ALLOW_ALL: Policy = policy!(origins = "*", allow_headers = ["*", "authorization"]);

/// `BlogController.GetBlogComments` (a conventional action: every method).
#[cors(policy = ANY_SIMPLE)]
#[route("/Cors/GetBlogComments", method = "GET", method = "HEAD", method = "POST", method = "PUT")]
async fn get_blog_comments() -> HttpResponse {
    HttpResponse::Ok().body(r#"["comment1","comment2","comment3"]"#)
}

/// `[EnableCors("AllowSpecificOrigin")]`: `WithOrigins("http://example.com")`, no methods.
#[cors(origins = ["http://example.com"], methods = [])]
#[route("/Cors/GetUserComments", method = "GET", method = "PUT", method = "POST")]
async fn get_user_comments() -> HttpResponse {
    HttpResponse::Ok().body(r#"["usercomment1","usercomment2","usercomment3"]"#)
}

/// `[DisableCors] [AcceptVerbs("HEAD", "GET", "POST")]`: no `#[cors]`.
#[route("/Cors/GetExclusiveContent", method = "HEAD", method = "GET", method = "POST")]
async fn get_exclusive_content() -> HttpResponse {
    HttpResponse::Ok().body("exclusive")
}

/// `[EnableCors("WithCredentialsAndOtherSettings")]`: `AllowCredentials().WithOrigins(
/// "http://example.com").AllowAnyHeader().WithMethods("PUT", "POST").WithExposedHeaders(
/// "exposed1", "exposed2")`, restated: `https://` (rule 6) and the headers listed (rule 1).
#[cors(
    origins = ["https://example.com"],
    credentials,
    allow_headers = ["header1", "header2"],
    methods = ["PUT", "POST"],
    expose_headers = ["exposed1", "exposed2"]
)]
#[route("/Cors/EditUserComment", method = "PUT", method = "POST")]
async fn edit_user_comment(req: actix_web::HttpRequest) -> HttpResponse {
    let comment = req.query_string().strip_prefix("userComment=").unwrap_or_default().to_owned();
    HttpResponse::Ok().body(comment)
}

/// `CustomerController.GetOptions` (`[HttpOptions]`), no CORS.
#[options("/NonCors/GetOptions")]
async fn get_options() -> HttpResponse {
    HttpResponse::Ok().body(r#"["Create","Update","Delete"]"#)
}

/// `CustomerController.Post` (`[HttpPost]`), no CORS.
#[post("/NonCors/Post")]
async fn customer_post() -> HttpResponse {
    HttpResponse::Ok().body(r#"["customer1","customer2","customer3"]"#)
}

/// `StoreController` actions.
#[cors(policy = ALLOW_ALL)]
#[get("/actionusingcontrollercorssettings")]
async fn action_using_controller_cors_settings() -> HttpResponse {
    HttpResponse::Ok().body(r#"["product1","product2"]"#)
}

/// `[EnableCors("Allow example.com")]`: `AllowCredentials().AllowAnyMethod().AllowAnyHeader()
/// .WithOrigins("http://example.com")`, restated (see `peer_policies_that_do_not_build`).
#[cors(origins = ["https://example.com"], credentials, allow_headers = ["custom"])]
#[get("/actionwithcorssettings")]
async fn action_with_cors_settings() -> HttpResponse {
    HttpResponse::Ok().body("product1")
}

#[get("/actionwithcorsdisabled")]
async fn action_with_cors_disabled() -> HttpResponse {
    HttpResponse::Ok().body("product1")
}

#[cors(origins = ["https://example.com"], credentials, allow_headers = ["custom"])]
#[get("/actionwithdifferentcorspolicy")]
async fn action_with_different_cors_policy() -> HttpResponse {
    HttpResponse::Ok().body("product1")
}

/// Every request `AllRequestsBlockingAuthorizationFilter` saw.
static SEEN_BY_AUTH: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// `AllRequestsBlockingAuthorizationFilter`: refuses every request.
async fn block_all(
    req: ServiceRequest,
    _next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    SEEN_BY_AUTH.lock().unwrap().push(format!("{} {}", req.method(), req.path()));
    Err::<ServiceResponse<actix_web::body::BoxBody>, _>(error::ErrorUnauthorized("blocked"))
}

fn seen_by_auth(method: &str, path: &str) -> bool {
    SEEN_BY_AUTH.lock().unwrap().contains(&format!("{method} {path}"))
}

/// `CorsWebSite`, `req` sent to it.
async fn site(req: TestRequest) -> Answer {
    let app = init_service(
        App::new()
            .service(get_blog_comments)
            .service(get_user_comments)
            .service(get_exclusive_content)
            .service(edit_user_comment)
            .service(get_options)
            .service(customer_post)
            .service(
                web::scope("/api/store")
                    .wrap(from_fn(block_all))
                    .service(action_using_controller_cors_settings)
                    .service(action_with_cors_settings)
                    .service(action_with_cors_disabled)
                    .service(action_with_different_cors_policy),
            )
            .wrap(Layer),
    )
    .await;
    Answer::of(app.call(req.to_request()).await).await
}

/// `ResourceWithSimpleRequestPolicy_Allows_SimpleRequests` (GET, HEAD, POST).
#[actix_web::test]
async fn simple_requests_get_star_and_nothing_else() {
    for method in ["GET", "HEAD", "POST"] {
        let res = site(from(method, "/Cors/GetBlogComments", "http://example.com")).await;
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        if method != "HEAD" {
            assert_eq!(res.body(), r#"["comment1","comment2","comment3"]"#);
        }
        assert_eq!(cors_headers(res.headers()), ["access-control-allow-origin"], "{method}");
        assert_eq!(allow_origin(&res), Some("*"));
        assert_eq!(h(res.headers(), "vary"), None, "{method}: `*` does not vary");
    }
}

/// `OptionsRequest_NonPreflight_ExecutesOptionsAction`.
#[actix_web::test]
async fn options_request_runs_the_options_action() {
    let res = site(TestRequest::default().method(Method::OPTIONS).uri("/NonCors/GetOptions")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), r#"["Create","Update","Delete"]"#);
    no_cors(&res, "no CORS on the action");
}

/// `PreflightRequestOnNonCorsEnabledController_ExecutesOptionsAction`: a preflight to an action
/// with no policy is routed like any request (SPEC §4: only `#[cors]` routes answer
/// preflights), here to the `OPTIONS` action; `Layer` does not take it.
#[actix_web::test]
async fn preflight_to_a_route_without_cors_runs_its_options_action() {
    let res = site(preflight("/NonCors/GetOptions", "http://example.com", "POST")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), r#"["Create","Update","Delete"]"#);
    no_cors(&res, "no CORS on the action");
}

/// `PreflightRequestOnNonCorsEnabledController_DoesNotMatchTheAction`: 405 with endpoint
/// routing, 404 without; here the router's usual 404 or 405.
#[actix_web::test]
async fn preflight_to_a_post_route_without_cors_is_not_matched() {
    let res = site(preflight("/NonCors/Post", "http://example.com", "POST")).await;
    assert!(
        matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        res.status()
    );
    assert_ne!(res.body(), r#"["customer1","customer2","customer3"]"#, "the action ran");
    no_cors(&res, "no CORS on the action");
}

/// `OriginMatched_ReturnsHeaders` (GET, HEAD, POST, PUT with `Custom`): the peer answers 204
/// with `Access-Control-Allow-Origin: *` and `-Allow-Methods: GET,POST,HEAD` though the header
/// is not allowed, leaving the browser to fail; here the preflight is refused, 403 with no
/// header (SPEC §4.2). Without `Custom`, the listed methods are granted.
#[actix_web::test]
async fn preflight_asking_for_an_unlisted_header_is_refused() {
    for method in ["GET", "HEAD", "POST", "PUT"] {
        let res = site(with_request_headers(
            preflight("/Cors/GetBlogComments", "http://example.com", method),
            "Custom",
        ))
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method}");
        no_cors(&res, method);
        assert_eq!(res.body(), "", "{method}: short-circuited");
    }
    for method in ["GET", "HEAD", "POST"] {
        let res = site(preflight("/Cors/GetBlogComments", "http://example.com", method)).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{method}");
        assert_eq!(allow_origin(&res), Some("*"), "{method}");
    }
    // PUT is a method the route serves but the policy does not list.
    let res = site(preflight("/Cors/GetBlogComments", "http://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// `SuccessfulCorsRequest_AllowsCredentials_IfThePolicyAllowsCredentials`.
#[actix_web::test]
async fn credentialed_actual_request() {
    let res = site(from("PUT", "/Cors/EditUserComment?userComment=abcd", "https://example.com")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "abcd");
    assert_eq!(allow_origin(&res), Some("https://example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["exposed1", "exposed2"]);
}

/// `SuccessfulPreflightRequest_AllowsCredentials_IfThePolicyAllowsCredentials`.
#[actix_web::test]
async fn credentialed_preflight() {
    let res = site(with_request_headers(
        preflight("/Cors/EditUserComment?userComment=abcd", "https://example.com", "PUT"),
        "header1,header2",
    ))
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some("https://example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["header1", "header2"]);
    assert_eq!(sorted(list(res.headers(), "access-control-allow-methods")), ["post", "put"]);
    assert_eq!(res.body(), "");
}

/// `PolicyFailed_Allows_ActualRequest_WithMissingResponseHeaders`.
#[actix_web::test]
async fn refused_origin_still_runs_the_action() {
    let res = site(from("PUT", "/Cors/GetUserComments", "http://example2.com")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), r#"["usercomment1","usercomment2","usercomment3"]"#);
    no_cors(&res, "example2.com");
    // `AllowSpecificOrigin` lists no methods: `methods = []` answers no preflight at all.
    let res = site(preflight("/Cors/GetUserComments", "http://example.com", "PUT")).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    no_cors(&res, "no methods listed");
}

/// `DisableCors_ActionsCanOverride_ControllerLevel` (GET, HEAD, POST): the action without
/// `#[cors]` runs and carries no CORS header.
#[actix_web::test]
async fn disabled_action_runs_without_cors_headers() {
    for method in ["GET", "HEAD", "POST"] {
        let res = site(from(method, "/Cors/GetExclusiveContent", "http://example.com")).await;
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        if method != "HEAD" {
            assert_eq!(res.body(), "exclusive");
        }
        no_cors(&res, method);
    }
}

/// `DisableCors_PreFlight_ActionsCanOverride_ControllerLevel`: no CORS header and the action
/// does not run. The peer's middleware still answers 204; here the router's 404 or 405.
#[actix_web::test]
async fn preflight_to_disabled_action_gets_no_cors_headers() {
    for method in ["GET", "HEAD", "POST"] {
        let res = site(with_request_headers(
            preflight("/Cors/GetExclusiveContent", "http://example.com", method),
            "Custom",
        ))
        .await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{method}: {}",
            res.status()
        );
        no_cors(&res, method);
        assert_ne!(res.body(), "exclusive", "{method}: the action ran");
    }
}

/// `Cors_RunsBeforeOtherAuthorizationFilters_UsesPolicySpecifiedOnController`: the preflight
/// to an action behind a filter refusing every request is answered by the controller's policy,
/// and the filter never sees it.
#[actix_web::test]
async fn preflight_behind_auth_uses_the_controller_policy() {
    let path = "/api/store/actionusingcontrollercorssettings";
    let res = site(with_request_headers(preflight(path, "http://example.com", "GET"), "Custom")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some("*"));
    // The peer echoes `Custom`; here the policy's list (README, "What your tests will see
    // change"). GET is safelisted: no `Access-Control-Allow-Methods`.
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["*", "authorization"]);
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
    assert_eq!(res.body(), "");
    assert!(!seen_by_auth("OPTIONS", path), "the filter saw the preflight");
}

/// `Cors_RunsBeforeOtherAuthorizationFilters_UsesPolicySpecifiedOnAction`.
#[actix_web::test]
async fn preflight_behind_auth_uses_the_action_policy() {
    let path = "/api/store/actionwithcorssettings";
    let res = site(with_request_headers(preflight(path, "https://example.com", "GET"), "Custom")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some("https://example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["custom"]);
    assert_eq!(res.body(), "");
    assert!(!seen_by_auth("OPTIONS", path), "the filter saw the preflight");
}

/// The actual request behind the filter: its refusal carries the action's CORS headers, so the
/// page can read the 401.
#[actix_web::test]
async fn auth_refusal_is_readable_by_the_allowed_origin() {
    let res = site(from("GET", "/api/store/actionwithcorssettings", "https://example.com")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(&res), Some("https://example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    let res = site(from("GET", "/api/store/actionwithcorssettings", "https://evil.example.net")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    no_cors(&res, "another origin");
}

/// `DisableCors_RunsBeforeOtherAuthorizationFilters`: no CORS header. The peer's middleware
/// answers the preflight 204 before the filter; here an action without a policy is routed as
/// any request (SPEC §4, `Layer` answers `#[cors]` routes only), so the filter refuses it.
#[actix_web::test]
async fn preflight_to_disabled_action_behind_auth() {
    let path = "/api/store/actionwithcorsdisabled";
    let res = site(with_request_headers(preflight(path, "http://example.com", "GET"), "Custom")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    no_cors(&res, "disabled");
    assert_ne!(res.body(), "product1");
}

/// `Cors_OnAction_PreferredOverController_AndAuthorizationFiltersRunAfterCors`: the action's
/// policy refuses an origin the controller's would allow; 403 (the peer 204), no header, and
/// the filter never sees it.
#[actix_web::test]
async fn action_policy_preferred_over_controller_policy() {
    let path = "/api/store/actionwithdifferentcorspolicy";
    let res =
        site(with_request_headers(preflight(path, "http://notexpecteddomain.com", "GET"), "Custom")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    no_cors(&res, "notexpecteddomain.com");
    assert_eq!(res.body(), "");
    assert!(!seen_by_auth("OPTIONS", path), "the filter saw the preflight");
}

/// The same, with the controller's policy as a `Cors::scope` around the action: the action's
/// `#[cors]` still wins.
#[actix_web::test]
async fn action_policy_preferred_over_scope_policy() {
    let app = init_service(
        App::new()
            .service(
                Cors::new(&ALLOW_ALL)
                    .scope("/api/store")
                    .wrap(from_fn(block_all))
                    .service(action_with_different_cors_policy)
                    .route("/other", web::get().to(HttpResponse::Ok)),
            )
            .wrap(Layer),
    )
    .await;
    let send = |req: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(req.to_request()).await).await }
    };
    let res = send(with_request_headers(
        preflight("/api/store/actionwithdifferentcorspolicy", "http://notexpecteddomain.com", "GET"),
        "Custom",
    ))
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    no_cors(&res, "the action's policy refuses it");
    let res = send(with_request_headers(
        preflight("/api/store/other", "http://notexpecteddomain.com", "GET"),
        "Custom",
    ))
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "the scope's policy answers elsewhere");
    assert_eq!(allow_origin(&res), Some("*"));
}

/// `Cors_WithoutOriginHeader_Works`: no CORS header; `Vary: Origin` here (SPEC §4.6), which
/// the peer leaves out.
#[actix_web::test]
async fn request_without_origin() {
    let res = site(TestRequest::put().uri("/Cors/EditUserComment?userComment=abcd")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "abcd");
    no_cors(&res, "no Origin");
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// A `[DisableCors]` action beside a scope-wide policy, without `Layer`: registered before the
/// `Cors` scope, on its own `web::resource`, it gets no CORS header, preflights included.
#[actix_web::test]
async fn action_outside_a_scope_policy_has_none() {
    let app = init_service(
        App::new()
            .service(
                web::resource("/api/exclusive")
                    .route(web::get().to(|| async { HttpResponse::Ok().body("exclusive") })),
            )
            .service(Cors::new(&ALLOW_ALL).scope("/api").route("/shared", web::get().to(HttpResponse::Ok))),
    )
    .await;
    let res =
        Answer::of(app.call(from("GET", "/api/exclusive", "http://example.com").to_request()).await).await;
    assert_eq!(res.body(), "exclusive");
    no_cors(&res, "actual");
    let res =
        Answer::of(app.call(preflight("/api/exclusive", "http://example.com", "GET").to_request()).await)
            .await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    no_cors(&res, "preflight");
    let res = Answer::of(app.call(from("GET", "/api/shared", "http://example.com").to_request()).await).await;
    assert_eq!(allow_origin(&res), Some("*"));
}

// =============================================================================================
// CorsServiceTests.cs: EvaluatePolicy, through the middleware
// =============================================================================================

fn example() -> PolicyBuilder {
    Policy::builder().origin("http://example.com")
}

fn any_origin() -> PolicyBuilder {
    Policy::builder().origin("*")
}

/// `EvaluatePolicy_Throws_IfPolicyIsIncorrectlyConfigured`, `CorsPolicyBuilderTests.Build_ThrowsIfConfiguredToAllowAnyOriginWithCredentials`.
#[test]
fn any_origin_with_credentials_does_not_build() {
    let errors = refused(any_origin().credentials(true));
    assert!(errors.iter().any(|(rule, _)| *rule == Rule::WildcardWithCredentials), "{errors:?}");
}

/// `EvaluatePolicy_NoOrigin_ReturnsInvalidResult`: no `Access-Control-Allow-Origin`; the peer
/// does not vary, here `Vary: Origin` (SPEC §4.6).
#[actix_web::test]
async fn no_origin() {
    let res = through(built(example()), TestRequest::get().uri("/")).await;
    no_cors(&res, "no Origin");
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `EvaluatePolicy_NoMatchingOrigin_ReturnsInvalidResult` (`Origins.Add("bar")`),
/// `EvaluatePolicy_EmptyOriginsPolicy_ReturnsInvalidResult`,
/// `EvaluatePolicy_MultiOriginsPolicy_NoMatchingOrigin_ReturnsInvalidResult`.
#[actix_web::test]
async fn no_matching_origin() {
    assert_eq!(refused_rules(Policy::builder().origin("bar")), [Rule::MalformedOrigin]);
    assert!(Policy::builder().build().is_err(), "a policy with no origins");
    let two = built(Policy::builder().origins(["http://example-two.com", "http://example-three.com"]));
    let res = through(two, from("GET", "/", "http://example.com")).await;
    assert_eq!(res.body(), "Cross origin response");
    no_cors(&res, "example.com");
}

/// `EvaluatePolicy_AllowAnyOrigin_*`, `EvaluatePolicy_DoesNotSupportCredentials_AllowCredentialsReturnsFalse`.
#[actix_web::test]
async fn any_origin_answers_star_without_credentials_or_vary() {
    let res = through(built(any_origin()), from("GET", "/", "http://example.com")).await;
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
    assert_eq!(h(res.headers(), "vary"), None);
}

/// `EvaluatePolicy_SupportsCredentials_AllowCredentialsReturnsTrue`,
/// `EvaluatePolicy_PreflightRequest_SupportsCredentials_AllowCredentialsReturnsTrue`: with
/// `https://` (rule 6 refuses credentials over plain http).
#[actix_web::test]
async fn credentials() {
    assert_eq!(refused_rules(example().credentials(true)), [Rule::InsecureCredentials]);
    let policy = built(Policy::builder().origin("https://example.com").credentials(true));
    let res = through(policy, from("GET", "/", "https://example.com")).await;
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    let res = through(policy, preflight("/", "https://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
}

/// `EvaluatePolicy_AllowOneOrigin_DoesNotVaryByOrigin`, `EvaluatePolicy_AllowMultipleOrigins_VariesByOrigin`,
/// `EvaluatePolicy_MultiOriginsPolicy_ReturnsVaryByOriginHeader`: here both vary (SPEC §4.6:
/// a refused origin gets another answer, so a cache must key on it, one allowed origin or
/// several).
#[actix_web::test]
async fn listed_origins_vary() {
    for policy in
        [built(example()), built(Policy::builder().origins(["http://example.com", "http://api.example.com"]))]
    {
        let res = through(policy, from("GET", "/", "http://example.com")).await;
        assert_eq!(allow_origin(&res), Some("http://example.com"));
        assert_eq!(list(res.headers(), "vary"), ["origin"]);
    }
}

/// `EvaluatePolicy_NoExposedHeaders_NoAllowExposedHeaders`, `..._OneExposedHeaders_HeadersAllowed`,
/// `..._ManyExposedHeaders_HeadersAllowed`, `ApplyResult_PreflightRequest_ExposesHeadersNotAdded`.
#[actix_web::test]
async fn expose_headers() {
    let res = through(built(any_origin()), from("GET", "/", "http://example.com")).await;
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    let res =
        through(built(any_origin().expose_headers(["foo"])), from("GET", "/", "http://example.com")).await;
    assert_eq!(list(res.headers(), "access-control-expose-headers"), ["foo"]);
    let many = built(any_origin().expose_headers(["foo", "bar", "baz"]));
    let res = through(many, from("GET", "/", "http://example.com")).await;
    // The peer keeps the order given (`foo,bar,baz`); here the names come sorted, which
    // browsers do not mind.
    assert_eq!(sorted(list(res.headers(), "access-control-expose-headers")), ["bar", "baz", "foo"]);
    let res = through(many, preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None, "not on a preflight");
}

/// `EvaluatePolicy_PreflightRequest_MethodNotAllowed` (the peer returns `Allow-Methods: GET`
/// and lets the browser fail; here 403), `..._MethodAllowed_ReturnsAllowMethods`.
#[actix_web::test]
async fn preflight_methods() {
    let res =
        through(built(any_origin().methods(["GET"])), preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    no_cors(&res, "PUT not listed");
    let res =
        through(built(any_origin().methods(["PUT"])), preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["put"]);
}

/// `EvaluatePolicy_CaseInsensitivePreflightRequest_ReturnsAllowedMethods` (`Put`, `PUT`):
/// `Access-Control-Request-Method` compares byte for byte here (SPEC §4.7): `Put` is another
/// method (browsers uppercase `put` themselves; only `patch` and extension methods keep their
/// case).
#[actix_web::test]
async fn request_method_is_case_sensitive() {
    let policy = built(any_origin().methods(["PUT", "DELETE"]));
    let res = through(policy, preflight("/", "http://example.com", "Put")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = through(policy, preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(sorted(list(res.headers(), "access-control-allow-methods")), ["delete", "put"]);
}

/// `EvaluatePolicy_PreflightRequest_AnyMethod_ReturnsRequestMethod`: the peer answers `GET`; GET
/// is safelisted and left out here, and another method gets `*`.
#[actix_web::test]
async fn any_method() {
    let policy = built(any_origin().any_method());
    let res = through(policy, preflight("/", "http://example.com", "GET")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
    let res = through(policy, preflight("/", "http://example.com", "PURGE")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-allow-methods"), Some("*"));
}

/// `EvaluatePolicy_PreflightRequest_NoPreflightMaxAge_NoPreflightMaxAgeSet`,
/// `..._PreflightMaxAge_PreflightMaxAgeSet`, `ApplyResult_NoPreflightMaxAge_MaxAgeHeaderNotAdded`.
#[actix_web::test]
async fn max_age_on_preflights_only() {
    let res = through(built(any_origin().any_method()), preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(h(res.headers(), "access-control-max-age"), None);
    let ten = built(any_origin().any_method().max_age(10));
    let res = through(ten, preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("10"));
    let res = through(ten, from("PUT", "/", "http://example.com")).await;
    assert_eq!(h(res.headers(), "access-control-max-age"), None, "not on an actual response");
}

/// `EvaluatePolicy_PreflightRequest_NoHeadersRequested_AllowedAllHeaders`,
/// `..._AllowAllHeaders_ReflectsRequestHeaders`: the peer echoes the request's list (or sends
/// none); here the policy's `*` (README, "What your tests will see change").
#[actix_web::test]
async fn any_header() {
    let policy = built(any_origin().any_method().allow_headers(["*"]));
    let res = through(policy, preflight("/", "http://example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["*"]);
    let res =
        through(policy, with_request_headers(preflight("/", "http://example.com", "PUT"), "foo, bar")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
    // `*` never covers `authorization` (SPEC §4.7).
    let res =
        through(policy, with_request_headers(preflight("/", "http://example.com", "PUT"), "authorization"))
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// `EvaluatePolicy_PreflightRequest_HeadersRequested_NotAllHeaderMatches_ReturnsInvalidResult`:
/// the peer answers with its list and lets the browser fail; here 403.
#[actix_web::test]
async fn not_all_requested_headers_match() {
    let policy = built(any_origin().any_method().allow_headers(["match", "foo"]));
    let res =
        through(policy, with_request_headers(preflight("/", "http://example.com", "PUT"), "match,noMatch"))
            .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    no_cors(&res, "noMatch");
    let res =
        through(policy, with_request_headers(preflight("/", "http://example.com", "PUT"), "Match")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["foo", "match"]);
}

/// `ApplyResult_AddVaryHeader_VaryHeaderAdded`, `ApplyResult_AppendsVaryHeader` (`Cookie`
/// then `Origin`).
#[actix_web::test]
async fn vary_is_appended_to_the_apps() {
    let app = init_service(App::new().wrap(Cors::new(built(example()))).default_service(web::to(|| async {
        HttpResponse::Ok().insert_header((header::VARY, "Cookie")).finish()
    })))
    .await;
    let res = Answer::of(app.call(from("GET", "/", "http://example.com").to_request()).await).await;
    assert_eq!(list(res.headers(), "vary"), ["cookie", "origin"]);
}

// =============================================================================================
// CorsPolicyBuilderTests.cs, CorsPolicyTests.cs, CorsPolicyExtensionsTests.cs: configurations
// =============================================================================================

/// Configurations the peer accepts (normalising some) and that do not build here.
#[test]
fn peer_policies_that_do_not_build() {
    // `WithOrigins_NormalizesOrigins`, `GetNormalizedOrigin_LowerCases*`: written as browsers
    // send them instead (rule 3).
    for origin in
        ["http://www.EXAMPLE.com", "HTTPS://example2.com", "HTTP://www.example.com", "http://www.Example.Com"]
    {
        assert_eq!(refused_rules(Policy::builder().origin(origin)), [Rule::MalformedOrigin], "{origin}");
    }
    // `GetNormalizedOrigin_PreservesPort_ForNonIdnHosts`: the default port is never sent.
    assert_eq!(refused_rules(Policy::builder().origin("http://www.example.com:80")), [Rule::MalformedOrigin]);
    assert!(Policy::builder().origin("https://www.example.com:8080").build().is_ok());
    // `GetNormalizedOrigin_ReturnsPunyCodedOrigin`: write the `xn--` form.
    for origin in ["http://bücher.example", "https://example.қаз"] {
        assert_eq!(refused_rules(Policy::builder().origin(origin)), [Rule::MalformedOrigin], "{origin}");
    }
    assert!(Policy::builder().origin("http://xn--bcher-kva.example.com:83").build().is_ok());
    // `Constructor_WithParamsOrigin_InitializesOrigin("")`.
    assert!(Policy::builder().origin("").build().is_err());
    // `SettingNegativePreflightMaxAge_Throws`, and beyond what browsers honour.
    assert_eq!(refused_rules(Policy::builder().origin("*").max_age(-12)), [Rule::MaxAgeOutOfRange]);
    assert_eq!(refused_rules(Policy::builder().origin("*").max_age(86_401)), [Rule::MaxAgeOutOfRange]);
    // CorsWebSite's `"Allow example.com"`: credentials with any method, any header and plain
    // http, each refused.
    let rules = refused_rules(
        Policy::builder().origin("http://example.com").credentials(true).any_method().allow_headers(["*"]),
    );
    assert_eq!(rules.len(), 3, "{rules:?}");
    assert!(rules.contains(&Rule::InsecureCredentials), "{rules:?}");
    assert_eq!(rules.iter().filter(|r| **r == Rule::WildcardWithCredentials).count(), 2, "{rules:?}");
}

/// `SetIsOriginAllowedToAllowWildcardSubdomains_*` and `IsOriginAnAllowedSubdomain_*`, with
/// `example.com` for the peer's one-label `domain` (a wildcard over a top-level name is over a
/// public suffix: rule 5).
#[actix_web::test]
async fn wildcard_subdomains() {
    assert_eq!(refused_rules(Policy::builder().origin("http://*.domain")), [Rule::MisplacedWildcard]);
    for pattern in ["http://example.*", "http://sub.*.example.com", "http://*"] {
        assert_eq!(refused_rules(Policy::builder().origin(pattern)), [Rule::MisplacedWildcard], "{pattern}");
    }
    let allowed = [
        ("http://sub.example.com", "http://*.example.com"),
        ("http://test.example.com", "http://*.example.com"),
        ("http://sub.sub.example.com", "http://*.example.com"),
        ("http://sub.sub.example.com", "http://*.sub.example.com"),
        ("http://sub.example.com:4567", "http://*.example.com:4567"),
        ("http://sub.example.com", "http://sub.example.com"),
    ];
    let refused_origins = [
        ("http://example.com", "http://*.example.com"),
        ("http://sub.example.com", "http://example.com"),
        ("http://sub.example.com:1234", "http://*.example.com:5678"),
        ("http://sub.example.com.hacker", "http://*.example.com"),
        ("https://sub.example.com", "http://*.example.com"),
        ("null", "http://*.example.com"),
        ("http://", "http://*.example.com"),
        ("http://*", "http://*.example.com"),
        ("http://*.example.com", "http://*.example.com"),
        ("http://.example.com", "http://*.example.com"),
        ("http://.example.com/hello", "http://*.example.com"),
    ];
    for (origin, entry, expected) in
        allowed.iter().map(|(o, e)| (o, e, true)).chain(refused_origins.iter().map(|(o, e)| (o, e, false)))
    {
        let policy = built(Policy::builder().origin(*entry));
        assert_eq!(policy.allows_origin(origin), expected, "{origin} against {entry}");
        let res = through(policy, from("GET", "/", origin)).await;
        assert_eq!(allow_origin(&res), expected.then_some(*origin), "{origin} against {entry}");
    }
}

// =============================================================================================
// FunctionalTests/test.js over TestDestination, judged by `testing::Browser`
// =============================================================================================

/// The page of `TestOrigin` (`http://{hostname}:9001`): loopback, so credentials may go over
/// plain http.
const PAGE: &str = "http://localhost:9001";
const API: &str = "http://localhost:9000";

/// `HandleRequest`.
async fn handle_request() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-allowedheader", "Test-Value"))
        .insert_header(("x-disallowedheader", "Test-Value"))
        .content_type("text/plain; charset=utf-8")
        .body("Hello world")
}

/// `endpoints.Map(path, HandleRequest).RequireCors(name)` for the five policies.
fn destination() -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let allow_origin =
        built(Policy::builder().origin(PAGE).any_method().allow_headers(["*", "authorization"]));
    let allow_header_method =
        built(Policy::builder().origin(PAGE).allow_headers(["x-test", "content-type"]).methods(["PUT"]));
    // `AllowAnyHeader()` with `AllowCredentials()` does not build: the header the page sends, listed.
    let allow_credentials = built(
        Policy::builder()
            .origin(PAGE)
            .allow_headers(["x-custom-header"])
            .methods(["GET", "PUT"])
            .credentials(true),
    );
    let exposed_header =
        built(Policy::builder().origin(PAGE).expose_headers(["x-allowedheader", "content-length"]));
    let allow_all = built(Policy::builder().origin("*").any_method().allow_headers(["*", "authorization"]));
    App::new()
        .service(web::resource("/allow-origin").wrap(Cors::new(allow_origin)).to(handle_request))
        .service(
            web::resource("/allow-header-method").wrap(Cors::new(allow_header_method)).to(handle_request),
        )
        .service(web::resource("/allow-credentials").wrap(Cors::new(allow_credentials)).to(handle_request))
        .service(web::resource("/exposed-header").wrap(Cors::new(exposed_header)).to(handle_request))
        .service(web::resource("/allow-all").wrap(Cors::new(allow_all)).to(handle_request))
        .default_service(web::to(|| async { HttpResponse::Ok().body("Hello World!") }))
}

/// `CORS allowed origin tests`.
#[actix_web::test]
async fn browser_allowed_origin() {
    let app = init_service(destination()).await;
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let page = browser.page(PAGE);
        let fetch = |path: &str, request: fn(Request) -> Request| {
            let url = format!("{API}{path}");
            let page = &page;
            let app = &app;
            async move { page.fetch(app, request(Request::new(url))).await }
        };
        let engine = format!("{:?}", browser.engine());
        // allows simple GET requests; allows simple PUT requests when any method is allowed.
        assert_eq!(fetch("/allow-origin", |r| r).await.status(), Some(200), "{engine}");
        let put = fetch("/allow-origin", |r| r.method("PUT")).await;
        assert!(put.is_allowed(), "{engine}: {put}");
        // allows POST requests when not explicitly allowed: the peer's policy lists PUT only
        // and answers `Access-Control-Allow-Methods: PUT`, which browsers let POST through;
        // here the preflight for an unlisted method is refused (SPEC §4.2), so it is blocked.
        let post = fetch("/allow-header-method", |r| {
            r.method("POST")
                .header("x-test", "value")
                .header("content-type", "application/json")
                .body(r#"{"hello":"world"}"#)
        })
        .await;
        assert!(post.is_blocked(), "{engine}: {post}");
        assert_eq!(post.preflight().map(|p| p.status), Some(403), "{engine}");
        // allows header to be sent when allowed.
        let ok = fetch("/allow-header-method", |r| {
            r.method("PUT").header("x-test", "value").header("content-type", "application/json")
        })
        .await;
        assert_eq!(ok.status(), Some(200), "{engine}: {ok}");
        // does not allow disallowed HTTP methods / headers.
        let delete = fetch("/allow-header-method", |r| {
            r.method("DELETE").header("x-test", "value").header("content-type", "application/json")
        })
        .await;
        assert!(delete.is_blocked(), "{engine}: {delete}");
        let not_test = fetch("/allow-header-method", |r| {
            r.method("PUT").header("x-not-test", "value").header("content-type", "application/json")
        })
        .await;
        assert!(not_test.is_blocked(), "{engine}: {not_test}");
        // does not allow fetch with credentials in non-preflighted / preflighted request.
        let post = fetch("/allow-origin", |r| r.method("POST").credentials(Credentials::Include)).await;
        assert!(post.is_blocked(), "{engine}: {post}");
        let put = fetch("/allow-origin", |r| r.method("PUT").credentials(Credentials::Include)).await;
        assert!(put.is_blocked(), "{engine}: {put}");
        // allows request with credentials; allows preflighted request with credentials.
        let get = fetch("/allow-credentials", |r| r.credentials(Credentials::Include)).await;
        assert_eq!(get.status(), Some(200), "{engine}: {get}");
        let put = fetch("/allow-credentials", |r| {
            r.method("PUT").credentials(Credentials::Include).header("x-custom-header", "X-Custom-Value")
        })
        .await;
        assert_eq!(put.status(), Some(200), "{engine}: {put}");
        // disallows / allows accessing a header not / included in exposed-header.
        let exposed = fetch("/exposed-header", |r| r).await;
        assert_eq!(exposed.header("x-disallowedheader"), None, "{engine}");
        assert_eq!(exposed.header("x-allowedheader"), Some("Test-Value"), "{engine}");
    }
}

/// `CORS disallowed origin tests` (the page on `:9002`).
#[actix_web::test]
async fn browser_disallowed_origin() {
    let app = init_service(destination()).await;
    for browser in [Browser::chromium(), Browser::firefox(), Browser::webkit()] {
        let page = browser.page("http://localhost:9002");
        let engine = format!("{:?}", browser.engine());
        let get = page.fetch(&app, Request::new(format!("{API}/allow-origin"))).await;
        assert!(get.is_blocked(), "{engine}: {get}");
        let put = page.fetch(&app, Request::new(format!("{API}/allow-origin")).method("PUT")).await;
        assert!(put.is_blocked(), "{engine}: {put}");
        // allow requests to any origin endpoint.
        let any = page.fetch(&app, Request::new(format!("{API}/allow-all")).method("PUT")).await;
        assert_eq!(any.status(), Some(200), "{engine}: {any}");
        // does not allow requests to any origin endpoint with credentials.
        let credentialed = page
            .fetch(
                &app,
                Request::new(format!("{API}/allow-all"))
                    .method("PUT")
                    .header("x-test", "value")
                    .header("content-type", "application/json")
                    .credentials(Credentials::Include),
            )
            .await;
        assert!(credentialed.is_blocked(), "{engine}: {credentialed}");
    }
}
