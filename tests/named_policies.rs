//! `strict_cors::policy!`, `#[cors(policy = NAME)]` and the `Cors` middleware on real actix-web apps.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, error, get, guard, put, web};
use strict_cors::{Cors, Policy, cors, policy};
use support::{
    Answer, allow_origin, assert_preflight_answered, cors_headers, get as header, preflight, vary,
};

mod support;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";

/// The scope's policy: the app, with credentials.
static SCOPE: Policy =
    policy!(origins = ["https://app.example.com"], credentials, allow_headers = ["x-trace"], max_age = 600);
/// Shared by several handlers: the admin site only.
static ADMIN_ONLY: Policy =
    policy!(origins = ["https://admin.example.com"], expose_headers = ["x-total-count"]);
/// A second middleware inside the first.
static INNER: Policy = policy!(origins = "*");

#[get("/plain")]
async fn plain() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "1")).body("plain")
}

#[get("/failing")]
async fn failing() -> Result<HttpResponse, error::Error> {
    Err(error::ErrorServiceUnavailable("down"))
}

#[cors(policy = ADMIN_ONLY)]
#[get("/admin/users")]
async fn admin_users() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-total-count", "2")).body("users")
}

#[cors(policy = ADMIN_ONLY)]
#[put("/admin/users")]
async fn admin_update() -> impl Responder {
    HttpResponse::Ok().body("updated")
}

#[cors(origins = ["https://app.example.com"])]
#[get("/own")]
async fn own_policy() -> impl Responder {
    HttpResponse::Ok().body("own")
}

/// Middleware inside the scope that fails every request, as an auth layer would.
async fn locked(
    _: ServiceRequest,
    _: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    Err::<ServiceResponse<actix_web::body::BoxBody>, _>(error::ErrorUnauthorized("locked"))
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
        .service(
            web::scope("/api")
                .wrap(Cors::new(&SCOPE))
                .service(plain)
                .service(failing)
                .service(admin_users)
                .service(admin_update)
                .service(own_policy)
                .service(web::scope("/open").wrap(Cors::new(&INNER)).service(plain))
                .service(web::scope("/locked").wrap(from_fn(locked)).service(plain)),
        )
        .service(admin_users)
        .service(
            web::resource("/resource").wrap(Cors::new(&ADMIN_ONLY)).route(web::get().to(HttpResponse::Ok)),
        )
}

async fn call(request: TestRequest) -> Answer {
    let app = init_service(app()).await;
    Answer::of(app.call(request.to_request()).await).await
}

#[actix_web::test]
async fn the_middleware_answers_preflights_for_every_path_under_it() {
    for path in ["/api/plain", "/api/nowhere", "/api/open-not/really"] {
        let res = call(
            preflight(path, APP, "DELETE").insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-trace")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(allow_origin(res.headers()), Some(APP));
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
        assert_eq!(
            header(res.headers(), "access-control-allow-methods"),
            Some("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
        );
        assert_eq!(header(res.headers(), "access-control-max-age"), Some("600"));
    }
    let refused = call(preflight("/api/plain", ADMIN, "GET")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(refused.headers()), Vec::<String>::new());
}

#[actix_web::test]
async fn the_middleware_decorates_every_response_errors_included() {
    for (path, status) in [
        ("/api/plain", StatusCode::OK),
        ("/api/failing", StatusCode::SERVICE_UNAVAILABLE),
        ("/api/nowhere", StatusCode::NOT_FOUND),
    ] {
        let res = call(TestRequest::get().uri(path).insert_header((header::ORIGIN, APP))).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(allow_origin(res.headers()), Some(APP), "{path}");
        assert_eq!(header(res.headers(), "access-control-allow-credentials"), Some("true"));
        assert_eq!(vary(res.headers()), ["Origin"]);
    }
    let other = call(TestRequest::get().uri("/api/plain").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(cors_headers(other.headers()), Vec::<String>::new());
    assert_eq!(vary(other.headers()), ["Origin"]);
}

#[actix_web::test]
async fn a_handlers_own_policy_wins_inside_the_middleware() {
    // The handler allows only the admin site: the scope's policy does not apply to it.
    let from_app =
        call(TestRequest::get().uri("/api/admin/users").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(cors_headers(from_app.headers()), Vec::<String>::new());
    assert_eq!(vary(from_app.headers()), ["Origin"], "Vary is not sent twice");
    let from_admin =
        call(TestRequest::get().uri("/api/admin/users").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(allow_origin(from_admin.headers()), Some(ADMIN));
    assert_eq!(header(from_admin.headers(), "access-control-expose-headers"), Some("x-total-count"));
    assert_eq!(
        header(from_admin.headers(), "access-control-allow-credentials"),
        None,
        "not the scope's credentials"
    );
    // Its preflights too, for the methods it serves.
    let preflight_from_app = call(preflight("/api/admin/users", APP, "PUT")).await;
    assert_eq!(preflight_from_app.status(), StatusCode::FORBIDDEN);
    let preflight_from_admin = call(preflight("/api/admin/users", ADMIN, "PUT")).await;
    assert_eq!(preflight_from_admin.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(preflight_from_admin.headers()), Some(ADMIN));
    // A handler with an inline policy that matches the scope's origin: still one header each.
    let own = call(TestRequest::get().uri("/api/own").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(allow_origin(own.headers()), Some(APP));
    assert_eq!(header(own.headers(), "access-control-allow-credentials"), None);
    assert_eq!(vary(own.headers()), ["Origin"]);
}

#[actix_web::test]
async fn methods_no_handler_serves_fall_back_to_the_middleware() {
    // No handler on /api/admin/users serves DELETE: the scope answers.
    let res = call(preflight("/api/admin/users", APP, "DELETE")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(res.headers()), Some(APP));
}

#[actix_web::test]
async fn the_innermost_middleware_wins() {
    let res = call(TestRequest::get().uri("/api/open/plain").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), None);
    assert_eq!(vary(res.headers()), Vec::<&str>::new());
}

#[actix_web::test]
async fn a_named_policy_preflights_only_the_routes_methods() {
    // Outside any middleware: ADMIN_ONLY allows every standard method, the route serves GET.
    let get = call(preflight("/admin/users", ADMIN, "GET")).await;
    assert_eq!(get.status(), StatusCode::NO_CONTENT);
    let put = call(preflight("/admin/users", ADMIN, "PUT")).await;
    assert!(
        matches!(put.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        put.status()
    );
    assert_eq!(cors_headers(put.headers()), Vec::<String>::new());
}

#[actix_web::test]
async fn the_middleware_works_on_a_resource() {
    let res = call(TestRequest::get().uri("/resource").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(allow_origin(res.headers()), Some(ADMIN));
    let pre = call(preflight("/resource", ADMIN, "PATCH")).await;
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn a_policy_built_at_run_time_serves_the_same() {
    let policy = Policy::builder()
        .origins(["https://app.example.com", "http://localhost:*"])
        .credentials(true)
        .build()
        .unwrap();
    let policy: &'static Policy = policy.into_static();
    let app =
        init_service(App::new().wrap(Cors::new(policy)).route("/", web::get().to(HttpResponse::Ok))).await;
    let req =
        TestRequest::get().uri("/").insert_header((header::ORIGIN, "http://localhost:5173")).to_request();
    let res = app.call(req).await.unwrap();
    assert_eq!(allow_origin(res.headers()), Some("http://localhost:5173"));
    let req = TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/anything")
        .insert_header((header::ORIGIN, "https://app.example.com"))
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"))
        .to_request();
    let res = app.call(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn errors_from_inside_the_scope_carry_the_headers() {
    let res = call(TestRequest::get().uri("/api/locked/plain").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(res.headers()), Some(APP));
    assert_eq!(vary(res.headers()), ["Origin"]);
    // A preflight that fails inside is still answered by the scope's policy.
    let pre = call(preflight("/api/locked/plain", APP, "GET")).await;
    assert_eq!(pre.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(pre.headers()), Some(APP));
}

static OUTER: Policy = policy!(origins = ["https://app.example.com"], credentials);
static INNERMOST: Policy = policy!(origins = ["https://admin.example.com"], credentials);

/// Refuses everything with `Err`, as auth built on `?` does.
async fn refuse(
    _req: ServiceRequest,
    _next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    Err::<ServiceResponse, _>(error::ErrorUnauthorized("no token"))
}

/// Nested middlewares: the innermost policy answers, for preflights and responses alike, also
/// when what is inside it fails with `Err`.
#[actix_web::test]
async fn the_innermost_middleware_wins_over_errors_too() {
    let app = init_service(
        App::new().service(
            web::scope("/outer").wrap(Cors::new(&OUTER)).service(
                web::scope("/inner")
                    .wrap(from_fn(refuse))
                    .wrap(Cors::new(&INNERMOST))
                    .route("/r", web::put().to(HttpResponse::Ok)),
            ),
        ),
    )
    .await;
    let call = |request: TestRequest| {
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    let res = call(preflight("/outer/inner/r", APP, "PUT")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = call(preflight("/outer/inner/r", ADMIN, "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(res.headers()), Some(ADMIN));
    let res = call(TestRequest::put().uri("/outer/inner/r").insert_header((header::ORIGIN, APP))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = call(TestRequest::put().uri("/outer/inner/r").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(res.headers()), Some(ADMIN));
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[actix_web::route("/both", method = "GET", method = "OPTIONS")]
async fn get_and_options() -> impl Responder {
    HttpResponse::Ok().insert_header(("x-handler", "ran")).finish()
}

/// A route serving `OPTIONS` itself never runs its handler on a preflight: one for a method it
/// does not serve gets 405 without CORS headers, or, inside a middleware, the middleware's answer.
#[actix_web::test]
async fn a_route_serving_options_never_runs_on_preflights() {
    let alone = init_service(App::new().service(get_and_options)).await;
    let res = Answer::of(alone.call(preflight("/both", APP, "PUT").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(res.headers(), "x-handler"), None);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let wrapped =
        init_service(App::new().service(web::scope("").wrap(Cors::new(&SCOPE)).service(get_and_options)))
            .await;
    let res = Answer::of(wrapped.call(preflight("/both", APP, "PUT").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "x-handler"), None);
    assert_eq!(allow_origin(res.headers()), Some(APP));
    assert_eq!(header(res.headers(), "access-control-max-age"), Some("600"), "the middleware's policy");
    // Its own method is still its own policy's.
    let res = Answer::of(wrapped.call(preflight("/both", APP, "GET").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(res.headers()), Some(APP));
    assert_eq!(header(res.headers(), "access-control-max-age"), None, "the route's own policy");
}

thread_local! {
    /// How many times something inside a `Cors` middleware ran (an auth layer, a handler for
    /// any method, a default service). Each test has its own thread, and so its own count.
    static RAN_INSIDE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn ran_inside() -> usize {
    RAN_INSIDE.get()
}

fn count_inside() {
    RAN_INSIDE.set(RAN_INSIDE.get() + 1);
}

async fn counting_auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    count_inside();
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Err(error::ErrorUnauthorized("sign in first"));
    }
    next.call(req).await
}

async fn counting_handler() -> HttpResponse {
    count_inside();
    HttpResponse::Ok().body("ran")
}

#[actix_web::test]
async fn preflights_no_route_inside_answers_never_reach_what_the_middleware_wraps() {
    let app = init_service(
        App::new().service(
            web::scope("/pub")
                .wrap(from_fn(counting_auth))
                .wrap(Cors::new(&SCOPE))
                .service(web::resource("/any").to(counting_handler))
                .default_service(web::to(counting_handler)),
        ),
    )
    .await;
    for (path, origin, status) in [
        ("/pub/any", APP, StatusCode::NO_CONTENT),
        ("/pub/missing", APP, StatusCode::NO_CONTENT),
        ("/pub/any", ADMIN, StatusCode::FORBIDDEN),
    ] {
        let res = Answer::of(app.call(preflight(path, origin, "PUT").to_request()).await).await;
        assert_eq!(res.status(), status, "{path} from {origin}");
    }
    assert_eq!(ran_inside(), 0, "auth, the handler and the default service never ran");
    // Actual requests go in as ever, and auth's refusal is readable.
    let refused = TestRequest::get().uri("/pub/any").insert_header((header::ORIGIN, APP)).to_request();
    let refused = Answer::of(app.call(refused).await).await;
    assert_eq!((refused.status(), allow_origin(refused.headers())), (StatusCode::UNAUTHORIZED, Some(APP)));
    assert_eq!(ran_inside(), 1);
}

#[actix_web::test]
async fn the_middleware_outside_auth_on_the_app_answers_preflights_alone() {
    // The `qdrant` recipe of the README: auth on the App, `Cors::new` outermost.
    let app = init_service(
        App::new()
            .wrap(from_fn(counting_auth))
            .wrap(Cors::new(&SCOPE))
            .route("/collections", web::get().to(counting_handler)),
    )
    .await;
    let answered = Answer::of(app.call(preflight("/collections", APP, "GET").to_request()).await).await;
    assert_eq!((answered.status(), allow_origin(answered.headers())), (StatusCode::NO_CONTENT, Some(APP)));
    assert_eq!(ran_inside(), 0);
}

/// A server bound to several addresses (`bind("localhost:8080")`: `127.0.0.1` and `::1`) builds
/// each worker's application once per address, on one thread: the same `Cors::new(&P)` lives
/// there twice, and still answers preflights at once. Another policy's middleware on the thread
/// may be inside, so routing runs first there (README).
#[actix_web::test]
async fn the_same_application_built_for_two_addresses_answers_preflights_alone() {
    fn app(
        policy: &'static Policy,
    ) -> App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<impl MessageBody>,
            Error = actix_web::Error,
            InitError = (),
        >,
    > {
        App::new()
            .wrap(from_fn(counting_auth))
            .wrap(Cors::new(policy))
            .route("/collections", web::get().to(counting_handler))
    }
    let (first, second) = (init_service(app(&SCOPE)).await, init_service(app(&SCOPE)).await);
    for app in [&first, &second] {
        let answered = Answer::of(app.call(preflight("/collections", APP, "GET").to_request()).await).await;
        assert_eq!(
            (answered.status(), allow_origin(answered.headers())),
            (StatusCode::NO_CONTENT, Some(APP))
        );
    }
    assert_eq!(ran_inside(), 0, "auth never saw a preflight");
    let other = init_service(app(&OUTER)).await;
    let answered = Answer::of(first.call(preflight("/collections", APP, "GET").to_request()).await).await;
    assert_eq!((answered.status(), allow_origin(answered.headers())), (StatusCode::NO_CONTENT, Some(APP)));
    assert_eq!(ran_inside(), 1, "with another policy on the thread, routing ran first");
    drop(other);
}

/// Two `Cors::new` of different policies, in sibling scopes: each lets routing run before it
/// answers a preflight, and what it wraps (a handler for any method) sees it (README). The
/// application is told so, once per worker, with the way to answer at once: written as
/// `Cors::scope`s, neither lets anything inside meet a preflight.
#[actix_web::test]
async fn several_plain_cors_policies_say_how_to_answer_preflights_at_once() {
    support::capture_logs();
    let wrapped = init_service(
        App::new()
            .service(
                web::scope("/several-a")
                    .wrap(Cors::new(&SCOPE))
                    .service(web::resource("/x").to(counting_handler)),
            )
            .service(
                web::scope("/several-b")
                    .wrap(Cors::new(&INNER))
                    .service(web::resource("/x").to(counting_handler)),
            ),
    )
    .await;
    let answered = Answer::of(wrapped.call(preflight("/several-a/x", APP, "GET").to_request()).await).await;
    assert_eq!((answered.status(), allow_origin(answered.headers())), (StatusCode::NO_CONTENT, Some(APP)));
    assert_eq!(ran_inside(), 1, "routing ran first");
    let warning = "`Cors::new` middlewares of several policies (a preflight for \"/several-a/x\"): actix-web \
                   does not tell one what it wraps, so each lets routing run before it answers a \
                   preflight, and what it wraps (auth, a handler for any method, a default service) \
                   sees the preflight; write each as `Cors::new(&POLICY).scope(..)`, whose place the \
                   resource map shows, and each answers at once";
    assert!(support::logged(warning));
    drop(wrapped);

    let scoped = init_service(
        App::new()
            .service(Cors::new(&SCOPE).scope("/several-a").service(web::resource("/x").to(counting_handler)))
            .service(Cors::new(&INNER).scope("/several-b").service(web::resource("/x").to(counting_handler))),
    )
    .await;
    for (path, origin, allowed) in [("/several-a/x", APP, Some(APP)), ("/several-b/x", ADMIN, Some("*"))] {
        let answered = Answer::of(scoped.call(preflight(path, origin, "GET").to_request()).await).await;
        assert_eq!((answered.status(), allow_origin(answered.headers())), (StatusCode::NO_CONTENT, allowed));
    }
    let refused = Answer::of(scoped.call(preflight("/several-a/x", ADMIN, "GET").to_request()).await).await;
    assert_eq!((refused.status(), cors_headers(refused.headers())), (StatusCode::FORBIDDEN, vec![]));
    assert_eq!(ran_inside(), 1, "no handler ran on a preflight to the scopes");
}

#[actix_web::test]
async fn an_inner_middleware_still_answers_its_preflights() {
    let res = call(preflight("/api/open/plain", ADMIN, "GET")).await;
    assert_eq!((res.status(), allow_origin(res.headers())), (StatusCode::NO_CONTENT, Some("*")));
}

#[cors(origins = ["https://admin.example.com"], allow_headers = ["x-admin"], credentials)]
#[put("/items/{id}")]
async fn host_a_item() -> impl Responder {
    HttpResponse::Ok().body("host a")
}

/// A `#[cors]` handler in one host's scope lends its policy to no preflight the router takes to
/// another host's scope on the same path: there, the middleware's policy answers.
#[actix_web::test]
async fn a_handler_in_a_sibling_scope_told_apart_by_guards_answers_only_its_own() {
    let app = init_service(
        App::new().service(web::scope("").guard(guard::Host("a.example")).service(host_a_item)).service(
            web::scope("")
                .guard(guard::Host("b.example"))
                .wrap(Cors::new(&SCOPE))
                .route("/items/{id}", web::put().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let send = |host: &'static str, origin: &'static str, asked: &'static str| {
        let request = preflight("/items/1", origin, "PUT")
            .insert_header((header::HOST, host))
            .insert_header(("access-control-request-headers", asked));
        let app = &app;
        async move { Answer::of(app.call(request.to_request()).await).await }
    };
    let admin_at_b = send("b.example", ADMIN, "x-admin").await;
    assert_eq!(
        (admin_at_b.status(), cors_headers(admin_at_b.headers())),
        (StatusCode::FORBIDDEN, Vec::new())
    );
    let app_at_b = send("b.example", APP, "x-trace").await;
    assert_eq!((app_at_b.status(), allow_origin(app_at_b.headers())), (StatusCode::NO_CONTENT, Some(APP)));
    let admin_at_a = send("a.example", ADMIN, "x-admin").await;
    assert_eq!(
        (admin_at_a.status(), allow_origin(admin_at_a.headers())),
        (StatusCode::NO_CONTENT, Some(ADMIN))
    );
}

/// A scope's path read from configuration need not outlive the scope.
#[actix_web::test]
async fn a_cors_scope_keeps_no_borrow_of_its_path() {
    let configured = String::from("/configured");
    let scope = Cors::new(&SCOPE).scope(&configured).route("/plain", web::get().to(HttpResponse::Ok));
    drop(configured);
    let app = init_service(App::new().service(scope)).await;
    let res = Answer::of(app.call(preflight("/configured/plain", APP, "GET").to_request()).await).await;
    assert_eq!((res.status(), allow_origin(res.headers())), (StatusCode::NO_CONTENT, Some(APP)));
}

/// Wider than the handler's policy below: the admin site too.
static WIDE: Policy = policy!(
    origins = ["https://app.example.com", "https://admin.example.com"],
    allow_headers = ["authorization"],
    credentials
);

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[actix_web::post("/orders")]
async fn app_orders() -> impl Responder {
    HttpResponse::Created().body("ordered")
}

/// A `Cors` middleware outside auth, around a `#[cors]` handler with a narrower policy: what
/// auth answers for that handler's path (its refusal of the preflight, which carries no
/// credentials; its 401 to the actual request) is the handler's policy's to answer, never the
/// wider one's: the admin site must not get a preflight grant that lets its credentialed POST
/// reach the handler.
#[actix_web::test]
async fn auth_inside_a_wider_middleware_answers_with_the_handlers_policy() {
    let app = init_service(App::new().service(
        web::scope("/api").service(app_orders).wrap(from_fn(refuse_as_told)).wrap(Cors::new(&WIDE)),
    ))
    .await;
    for refusal in ["Ok(401)", "Err"] {
        REFUSE_WITH_ERR.set(refusal == "Err");
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        let res = send(preflight("/api/orders", ADMIN, "POST")).await;
        assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, vec![]), "{refusal}");
        let res = send(preflight("/api/orders", APP, "POST")).await;
        assert_eq!(
            (res.status(), allow_origin(res.headers())),
            (StatusCode::NO_CONTENT, Some(APP)),
            "{refusal}"
        );
        let res = send(TestRequest::post().uri("/api/orders").insert_header((header::ORIGIN, ADMIN))).await;
        assert_eq!(
            (res.status(), cors_headers(res.headers())),
            (StatusCode::UNAUTHORIZED, vec![]),
            "{refusal}"
        );
        assert_eq!(vary(res.headers()), ["Origin"], "{refusal}");
        let res = send(TestRequest::post().uri("/api/orders").insert_header((header::ORIGIN, APP))).await;
        assert_eq!(
            (res.status(), allow_origin(res.headers())),
            (StatusCode::UNAUTHORIZED, Some(APP)),
            "{refusal}"
        );
        // The rest of the scope is the middleware's.
        let res = send(TestRequest::get().uri("/api/other").insert_header((header::ORIGIN, ADMIN))).await;
        assert_eq!(
            (res.status(), allow_origin(res.headers())),
            (StatusCode::UNAUTHORIZED, Some(ADMIN)),
            "{refusal}"
        );
    }
}

/// Wider than the handler's below in methods and headers, narrower in its preflight cache.
static WIDE_SHORT_CACHE: Policy = policy!(
    origins = ["https://app.example.com"],
    allow_headers = ["authorization", "content-type"],
    credentials,
    max_age = 600
);

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials, max_age = 3600)]
#[put("/orders/{id}")]
async fn update_order() -> impl Responder {
    HttpResponse::Ok().body("saved")
}

/// Each policy grants something beyond the other (the middleware more methods and headers,
/// the handler a longer cache): the answer to a preflight auth refused grants only what both
/// do, and still grants the method and header asked for, which both allow. Without
/// `Access-Control-Allow-Methods: PUT` a browser refuses the preflight of a `PUT`.
#[actix_web::test]
async fn each_policy_granting_beyond_the_other_still_grants_what_both_allow() {
    let app = init_service(
        App::new().service(
            web::scope("/api")
                .service(update_order)
                .wrap(from_fn(refuse_as_told))
                .wrap(Cors::new(&WIDE_SHORT_CACHE)),
        ),
    )
    .await;
    for refusal in ["Ok(401)", "Err"] {
        REFUSE_WITH_ERR.set(refusal == "Err");
        let request = preflight("/api/orders/7", APP, "PUT")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"));
        let res = Answer::of(app.call(request.to_request()).await).await;
        assert_preflight_answered(&res, refusal);
        let h = res.headers();
        assert_eq!(allow_origin(h), Some(APP), "{refusal}");
        assert_eq!(header(h, "access-control-allow-credentials"), Some("true"), "{refusal}");
        assert_eq!(header(h, "access-control-allow-methods"), Some("PUT"), "{refusal}");
        assert_eq!(header(h, "access-control-allow-headers"), Some("authorization"), "{refusal}");
        // The handler's hour is beyond the middleware's ten minutes: withheld.
        assert_eq!(header(h, "access-control-max-age"), None, "{refusal}");
    }
}

thread_local! {
    /// How [`refuse_as_told`] refuses, on this test's thread.
    static REFUSE_WITH_ERR: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Refuses everything, with `Err` or with `Ok(401)` as [`REFUSE_WITH_ERR`] says.
async fn refuse_as_told(
    req: ServiceRequest,
    _next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if REFUSE_WITH_ERR.get() {
        return Err(error::ErrorUnauthorized("no token"));
    }
    Ok(req.into_response(HttpResponse::Unauthorized().body("sign in first")))
}

/// Host a's route, wider than host b's policy in every grant but origins.
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    allow_headers = ["authorization", "x-a"],
    expose_headers = ["x-total"],
    credentials,
    max_age = 600
)]
#[put("/wide/{id}")]
async fn host_a_wide() -> impl Responder {
    HttpResponse::Ok().body("host a")
}

/// Host b's policy, narrower: no credentials, no exposed header, no cache.
static HOST_B_NARROW: Policy =
    policy!(origins = ["https://app.example.com"], allow_headers = ["authorization"]);

/// Auth inside host b's `Cors`, on the paths of `#[cors]` routes that only host a serves: the
/// resource map, which finds those routes, does not run the scopes' host guards. What auth
/// refuses at host b is never granted by host a's policies: not to an origin host b's policy
/// refuses, and, where both allow the origin, not with grants host b's does not give
/// (credentials, another header, a cached preflight, an exposed header).
#[actix_web::test]
async fn auth_in_another_hosts_scope_never_lends_a_sibling_routes_policy() {
    let app = init_service(
        App::new()
            .service(web::scope("").guard(guard::Host("a.example")).service(host_a_item).service(host_a_wide))
            .service(
                web::scope("")
                    .guard(guard::Host("b.example"))
                    .wrap(from_fn(refuse_as_told))
                    .wrap(Cors::new(&HOST_B_NARROW))
                    .route("/items/{id}", web::put().to(HttpResponse::Ok))
                    .route("/wide/{id}", web::put().to(HttpResponse::Ok)),
            ),
    )
    .await;
    for refusal in ["Ok(401)", "Err"] {
        REFUSE_WITH_ERR.set(refusal == "Err");
        let send = |request: TestRequest| async {
            Answer::of(app.call(request.insert_header((header::HOST, "b.example")).to_request()).await).await
        };
        // An origin host b refuses.
        let res = send(
            preflight("/items/1", ADMIN, "PUT").insert_header(("access-control-request-headers", "x-admin")),
        )
        .await;
        assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, vec![]), "{refusal}");
        let res = send(TestRequest::put().uri("/items/1").insert_header((header::ORIGIN, ADMIN))).await;
        assert_eq!(
            (res.status(), cors_headers(res.headers())),
            (StatusCode::UNAUTHORIZED, vec![]),
            "{refusal}"
        );
        // An origin both allow: host b's grants only.
        let res = send(
            preflight("/wide/1", APP, "PUT")
                .insert_header(("access-control-request-headers", "authorization")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{refusal}");
        assert_eq!(header(res.headers(), "access-control-allow-headers"), Some("authorization"), "{refusal}");
        for absent in ["access-control-allow-credentials", "access-control-max-age"] {
            assert_eq!(header(res.headers(), absent), None, "{refusal}: {absent}");
        }
        let res =
            send(preflight("/wide/1", APP, "PUT").insert_header(("access-control-request-headers", "x-a")))
                .await;
        assert_eq!((res.status(), cors_headers(res.headers())), (StatusCode::FORBIDDEN, vec![]), "{refusal}");
        let res = send(TestRequest::put().uri("/wide/1").insert_header((header::ORIGIN, APP))).await;
        assert_eq!(
            (res.status(), cors_headers(res.headers())),
            (StatusCode::UNAUTHORIZED, vec!["access-control-allow-origin".to_owned()]),
            "{refusal}"
        );
    }
}

/// Wider than the handler below in credentials, a header and the cache, narrower in a header.
static CROSSWISE: Policy = policy!(
    origins = ["https://app.example.com", "https://admin.example.com"],
    allow_headers = ["authorization", "x-wide"],
    credentials,
    max_age = 600
);

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization", "x-extra"])]
#[actix_web::post("/extra")]
async fn extra_header() -> impl Responder {
    HttpResponse::Created().body("made")
}

/// Neither policy within the other: where auth in between refuses, the answer grants only what
/// both do (no credentials, no cache beyond the default, no header list either would not give).
#[actix_web::test]
async fn where_neither_policy_is_within_the_other_only_what_both_grant_is_granted() {
    let app = init_service(
        App::new().service(
            web::scope("/t/{tenant}")
                .service(extra_header)
                .wrap(from_fn(refuse_as_told))
                .wrap(Cors::new(&CROSSWISE)),
        ),
    )
    .await;
    for refusal in ["Ok(401)", "Err"] {
        REFUSE_WITH_ERR.set(refusal == "Err");
        let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
        for asked in [None, Some("authorization"), Some("x-wide"), Some("x-extra")] {
            let mut request = preflight("/t/acme/extra", APP, "POST");
            if let Some(asked) = asked {
                request = request.insert_header(("access-control-request-headers", asked));
            }
            let res = send(request).await;
            for never in ["access-control-allow-credentials", "access-control-max-age"] {
                assert_eq!(header(res.headers(), never), None, "{refusal} {asked:?}: {never}");
            }
            let listed = header(res.headers(), "access-control-allow-headers").unwrap_or("");
            assert!(
                !listed.contains("x-wide") && !listed.contains("x-extra"),
                "{refusal} {asked:?}: {listed}"
            );
        }
        let res = send(TestRequest::post().uri("/t/acme/extra").insert_header((header::ORIGIN, APP))).await;
        assert_eq!(
            (res.status(), cors_headers(res.headers())),
            (StatusCode::UNAUTHORIZED, vec!["access-control-allow-origin".to_owned()]),
            "{refusal}"
        );
    }
}

#[cors(origins = "*")]
#[actix_web::get("/public")]
async fn public_feed() -> impl Responder {
    HttpResponse::Ok().body("feed")
}

/// A handler open to any origin inside a middleware that lists its origins: auth's refusal is
/// answered for the listed origin by name and varies on `Origin`, so that no cache hands a `*`
/// refusal to origins the middleware refuses.
#[actix_web::test]
async fn an_open_handler_lends_no_wildcard_to_a_listing_middleware() {
    let app = init_service(App::new().service(
        web::scope("/api").service(public_feed).wrap(from_fn(refuse_as_told)).wrap(Cors::new(&CROSSWISE)),
    ))
    .await;
    let res = Answer::of(
        app.call(TestRequest::get().uri("/api/public").insert_header((header::ORIGIN, APP)).to_request())
            .await,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(allow_origin(res.headers()), Some(APP));
    assert!(vary(res.headers()).iter().any(|v| v.contains("Origin")), "{:?}", vary(res.headers()));
}

/// Open to any origin, without credentials.
static OPEN: Policy = policy!(origins = "*", allow_headers = ["authorization"]);

#[cors(origins = ["https://app.example.com"], allow_headers = ["authorization"], credentials)]
#[actix_web::get("/mine")]
async fn mine() -> impl Responder {
    HttpResponse::Ok().body("mine")
}

/// A middleware open to any origin around a handler that lists its origins: auth's refusal on
/// the handler's path names the origin and varies on it (no `*` a cache could hand to origins
/// the handler refuses), without the credentials the middleware does not grant.
#[actix_web::test]
async fn an_open_middleware_lends_no_wildcard_to_a_listing_handler() {
    let app = init_service(
        App::new()
            .service(web::scope("/api").service(mine).wrap(from_fn(refuse_as_told)).wrap(Cors::new(&OPEN))),
    )
    .await;
    let send = |request: TestRequest| async { Answer::of(app.call(request.to_request()).await).await };
    let res = send(TestRequest::get().uri("/api/mine").insert_header((header::ORIGIN, APP))).await;
    assert_eq!((res.status(), allow_origin(res.headers())), (StatusCode::UNAUTHORIZED, Some(APP)));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), None);
    assert!(vary(res.headers()).iter().any(|v| v.contains("Origin")), "{:?}", vary(res.headers()));
    let res = send(
        preflight("/api/mine", APP, "GET").insert_header(("access-control-request-headers", "authorization")),
    )
    .await;
    assert_eq!((res.status(), allow_origin(res.headers())), (StatusCode::NO_CONTENT, Some(APP)));
    assert_eq!(header(res.headers(), "access-control-allow-credentials"), None);
    assert!(vary(res.headers()).iter().any(|v| v.contains("Origin")), "{:?}", vary(res.headers()));
    let res = send(TestRequest::get().uri("/api/mine").insert_header((header::ORIGIN, ADMIN))).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

static PUBLIC: Policy = policy!(origins = "*");
static PARTNERS: Policy = policy!(origins = ["https://partner.example.com"]);

thread_local! {
    /// How often a handler for every method ran on this test's thread.
    static BEHIND_RAN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

async fn any_method() -> HttpResponse {
    BEHIND_RAN.set(BEHIND_RAN.get() + 1);
    HttpResponse::Ok().body("ran")
}

/// With several `Cors` middlewares in one application, one cannot tell what another wraps;
/// but a `Cors::scope` is on actix-web's resource map. Where the others are all such scopes and
/// none that the path is under has another policy, no other can be inside: the preflight is
/// answered at once, and a handler for every method behind it does not run.
#[actix_web::test]
async fn beside_cors_scopes_a_preflight_is_answered_before_anything_behind_runs() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/public").wrap(Cors::new(&PUBLIC)).route("/beacon", web::route().to(any_method)),
            )
            .service(Cors::new(&PARTNERS).scope("/partners").route("/hook", web::route().to(any_method))),
    )
    .await;
    let res = Answer::of(app.call(preflight("/public/beacon", APP, "PUT").to_request()).await).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), Some("*"));
    assert_eq!(BEHIND_RAN.get(), 0, "the handler ran on a preflight");
    // (A plain `Cors` of an application still alive on the thread could be anywhere.)
    drop(app);

    // Two `Cors::scope`s only: each answers its own at once, grants and refusals alike.
    let app = init_service(
        App::new()
            .service(Cors::new(&PARTNERS).scope("/partners").route("/hook", web::route().to(any_method)))
            .service(Cors::new(&ADMIN_ONLY).scope("/admin").route("/hook", web::route().to(any_method))),
    )
    .await;
    for (path, origin, status) in [
        ("/partners/hook", "https://partner.example.com", StatusCode::NO_CONTENT),
        ("/partners/hook", ADMIN, StatusCode::FORBIDDEN),
        ("/admin/hook", ADMIN, StatusCode::NO_CONTENT),
        ("/admin/hook", "https://partner.example.com", StatusCode::FORBIDDEN),
    ] {
        let res = Answer::of(app.call(preflight(path, origin, "PUT").to_request()).await).await;
        assert_eq!(res.status(), status, "{path} from {origin}");
        let granted = header(res.headers(), "access-control-allow-origin");
        assert_eq!(granted, (status == StatusCode::NO_CONTENT).then_some(origin), "{path} from {origin}");
    }
    assert_eq!(BEHIND_RAN.get(), 0, "a handler ran on a preflight");
    drop(app);

    // One inside the other: the inner one's policy still answers under it, the outer's
    // elsewhere.
    let app = init_service(
        App::new().service(
            Cors::new(&PARTNERS)
                .scope("/api")
                .service(Cors::new(&ADMIN_ONLY).scope("/admin").route("/hook", web::route().to(any_method)))
                .route("/hook", web::route().to(any_method)),
        ),
    )
    .await;
    for (path, origin, status) in [
        ("/api/admin/hook", "https://partner.example.com", StatusCode::FORBIDDEN),
        ("/api/admin/hook", ADMIN, StatusCode::NO_CONTENT),
        ("/api/hook", "https://partner.example.com", StatusCode::NO_CONTENT),
        ("/api/hook", ADMIN, StatusCode::FORBIDDEN),
    ] {
        let res = Answer::of(app.call(preflight(path, origin, "PUT").to_request()).await).await;
        assert_eq!(res.status(), status, "{path} from {origin}");
    }
    assert_eq!(BEHIND_RAN.get(), 0, "a handler ran on a preflight");
}
