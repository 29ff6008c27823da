//! Five kinds of actix-web service that configure `actix-cors` 0.7, each as it is written today
//! and as the README's migration guide moves it over. The same `fetch()` calls go to both, and
//! the page must get the same thing: a flow that worked with `actix-cors` and works differently
//! here is listed with the reason the README gives.
//!
//! - `handler`: one allowed origin with credentials (actix/examples `cors/backend`): the policy
//!   moves onto the handler.
//! - `api_key`: any origin, an api-key check in middleware (qdrant).
//! - `configured`: origins from configuration, and a debug mode that opens everything (Lemmy).
//! - `origin_list`: `allowed_origin_fn` over a configured list, many scopes, a proxy gateway as
//!   the default service, auth on one scope (mycelium).
//! - `permissive`: `Cors::permissive()` in development, a token extractor (Tracebook).

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::middleware::{Condition, Next, from_fn};
use actix_web::test::init_service;
use actix_web::{App, FromRequest, HttpRequest, HttpResponse, Responder, error, get, post, put, web};
use page::{Fetch, Outcome, Page};
use strict_cors::{Cors, Policy, cors, policy};

#[path = "support/page.rs"]
mod page;
#[path = "../../tests/support/mod.rs"]
mod support;

/// What a page gets from one call: whether a preflight went first, and the status it can read
/// (`None`: the browser blocked it).
type Expect = (bool, Option<u16>);

const READ_200: Expect = (false, Some(200));
const PREFLIGHTED_200: Expect = (true, Some(200));
const BLOCKED_AT_PREFLIGHT: Expect = (true, None);
const BLOCKED: Expect = (false, None);

/// One `fetch()` from a page, and what the page gets from the original app and the migrated
/// one. Where they differ, `why` says what the README says.
struct Flow {
    name: &'static str,
    page: &'static str,
    fetch: Fetch,
    original: Expect,
    migrated: Expect,
    why: Option<&'static str>,
}

impl Flow {
    fn same(name: &'static str, page: &'static str, fetch: Fetch, expect: Expect) -> Flow {
        Flow { name, page, fetch, original: expect, migrated: expect, why: None }
    }
}

async fn check<A, AB, M, MB>(original: &A, migrated: &M, flows: &[Flow])
where
    A: Service<actix_http::Request, Response = ServiceResponse<AB>, Error = actix_web::Error>,
    AB: MessageBody + 'static,
    M: Service<actix_http::Request, Response = ServiceResponse<MB>, Error = actix_web::Error>,
    MB: MessageBody + 'static,
{
    for flow in flows {
        let page = Page { origin: flow.page };
        let before = page.fetch(original, &flow.fetch).await;
        let after = page.fetch(migrated, &flow.fetch).await;
        let seen = |o: &Outcome| (o.preflighted, o.status());
        assert_eq!(seen(&before), flow.original, "{}: with actix-cors: {before:?}", flow.name);
        assert_eq!(seen(&after), flow.migrated, "{}: migrated: {after:?}", flow.name);
        if flow.why.is_none() {
            assert_eq!(before, after, "{}: the page gets something else after the move", flow.name);
        }
    }
}

fn json_post(path: &'static str) -> Fetch {
    Fetch::new(Method::POST, path).header("content-type", "application/json").body(r#"{"username":"ann"}"#)
}

/// Ok(401) for requests without the right `api-key`, as qdrant's middleware answers.
async fn api_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.headers().get("api-key").is_some_and(|key| key == "secret") {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    let refusal = HttpResponse::Unauthorized().body("invalid api key");
    Ok(req.into_response(refusal).map_into_right_body())
}

/// `Err(401)` for requests without a bearer token, as an auth layer built on `from_fn` fails.
async fn bearer(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return Err(error::ErrorUnauthorized("no token"));
    }
    next.call(req).await
}

async fn ok(req: HttpRequest) -> impl Responder {
    HttpResponse::Ok().body(req.path().to_owned())
}

/// actix/examples `cors/backend`: one origin, credentials, a JSON endpoint.
mod handler {
    use super::*;

    #[post("/user/info")]
    async fn info(user: web::Json<serde_json::Value>) -> impl Responder {
        HttpResponse::Ok().body(user["username"].to_string())
    }

    /// The same handler with the policy written on it. `.allowed_methods(["GET", "POST"])`
    /// becomes nothing: on a handler, `methods` defaults to the route's own.
    #[cors(
        origins = ["http://localhost:8080"],
        allow_headers = ["authorization", "accept", "content-type"],
        credentials,
        max_age = 3600
    )]
    #[post("/user/info")]
    async fn migrated_info(user: web::Json<serde_json::Value>) -> impl Responder {
        HttpResponse::Ok().body(user["username"].to_string())
    }

    #[actix_web::test]
    async fn policy_on_the_handler() {
        let original = init_service(
            App::new()
                .wrap(
                    actix_cors::Cors::default()
                        .allowed_origin("http://localhost:8080")
                        .allowed_methods(vec!["GET", "POST"])
                        .allowed_headers(vec![header::AUTHORIZATION, header::ACCEPT])
                        .allowed_header(header::CONTENT_TYPE)
                        .supports_credentials()
                        .max_age(3600),
                )
                .service(info),
        )
        .await;
        let migrated = init_service(App::new().service(migrated_info)).await;
        let page = "http://localhost:8080";
        let sign_in = || json_post("/user/info").with_credentials();
        let flows = [
            Flow::same("credentialed JSON call", page, sign_in(), PREFLIGHTED_200),
            Flow::same(
                "preflight with authorization",
                page,
                sign_in().header("authorization", "Bearer t"),
                PREFLIGHTED_200,
            ),
            Flow::same("refused origin", "http://evil.example", sign_in(), BLOCKED_AT_PREFLIGHT),
            // Not JSON: the extractor's 400 is readable, so the page can say why.
            Flow::same(
                "extractor refusal",
                page,
                Fetch::new(Method::POST, "/user/info")
                    .header("content-type", "text/plain")
                    .with_credentials(),
                (false, Some(400)),
            ),
        ];
        check(&original, &migrated, &flows).await;
    }
}

/// qdrant: any origin, any method, any header; an api-key middleware inside.
mod api_key {
    use super::*;

    /// `.allow_any_header()` reflects whatever a preflight asks for, `authorization` included;
    /// `*` covers every name but `authorization`, so it is named beside it.
    static ANYONE: Policy = policy!(origins = "*", allow_headers = ["*", "authorization"]);

    #[actix_web::test]
    async fn any_origin_behind_an_api_key() {
        let routes = |cfg: &mut web::ServiceConfig| {
            cfg.route("/collections", web::get().to(ok)).route("/collections/{name}", web::put().to(ok));
        };
        let original = init_service(
            App::new()
                .wrap(from_fn(api_key))
                .wrap(actix_cors::Cors::default().allow_any_origin().allow_any_method().allow_any_header())
                .configure(routes),
        )
        .await;
        let migrated =
            init_service(App::new().wrap(from_fn(api_key)).wrap(Cors::new(&ANYONE)).configure(routes)).await;
        let page = "https://console.example.net";
        let keyed = |method, path| Fetch::new(method, path).header("api-key", "secret");
        let flows = [
            Flow::same("call with the key", page, keyed(Method::GET, "/collections"), PREFLIGHTED_200),
            Flow::same(
                "PUT with JSON",
                page,
                keyed(Method::PUT, "/collections/a").header("content-type", "application/json"),
                PREFLIGHTED_200,
            ),
            Flow::same(
                "preflight with authorization",
                page,
                Fetch::new(Method::GET, "/collections").header("authorization", "Bearer secret"),
                (true, Some(401)),
            ),
            Flow::same(
                "auth refusal (Ok(401))",
                "https://other.example.org",
                Fetch::new(Method::GET, "/collections"),
                (false, Some(401)),
            ),
        ];
        check(&original, &migrated, &flows).await;
    }
}

/// Lemmy: in release, the configured origin (and the site's own) for simple requests only;
/// in debug builds, or without configuration, any origin.
mod configured {
    use super::*;

    static DEBUG: Policy =
        policy!(origins = "*", allow_headers = ["*", "authorization"], expose_headers = "*", max_age = 3600);

    fn actix_cors_config(origin: Option<&str>, debug: bool) -> actix_cors::Cors {
        match (origin, debug) {
            (Some(origin), false) => {
                actix_cors::Cors::default().allowed_origin(origin).allowed_origin("https://lemmy.example.org")
            }
            _ => actix_cors::Cors::default()
                .allow_any_origin()
                .allow_any_method()
                .allow_any_header()
                .expose_any_header()
                .max_age(3600),
        }
    }

    /// Built once, before `HttpServer::new`, so that every worker shares it.
    fn policy_for(origin: Option<&str>, debug: bool) -> &'static Policy {
        match (origin, debug) {
            (Some(origin), false) => Policy::builder()
                .origins([origin, "https://lemmy.example.org"])
                .methods::<&str>([])
                .build()
                .unwrap_or_else(|errors| panic!("{errors}"))
                .into_static(),
            _ => &DEBUG,
        }
    }

    #[actix_web::test]
    async fn origins_from_configuration() {
        let configured = Some("https://ui.example.org");
        let routes = |cfg: &mut web::ServiceConfig| {
            cfg.service(
                web::scope("/api/v3").route("/site", web::get().to(ok)).route("/post", web::post().to(ok)),
            );
        };
        let original =
            init_service(App::new().wrap(actix_cors_config(configured, false)).configure(routes)).await;
        let migrated =
            init_service(App::new().wrap(Cors::new(policy_for(configured, false))).configure(routes)).await;
        let page = "https://ui.example.org";
        let flows = [
            Flow::same("simple GET", page, Fetch::new(Method::GET, "/api/v3/site"), READ_200),
            Flow::same(
                "the site's own origin",
                "https://lemmy.example.org",
                Fetch::new(Method::GET, "/api/v3/site"),
                READ_200,
            ),
            // No methods: nothing that needs a preflight, in both.
            Flow::same("JSON POST", page, json_post("/api/v3/post"), BLOCKED_AT_PREFLIGHT),
            Flow::same(
                "preflight with authorization",
                page,
                Fetch::new(Method::GET, "/api/v3/site").header("authorization", "Bearer t"),
                BLOCKED_AT_PREFLIGHT,
            ),
            Flow::same(
                "refused origin",
                "https://evil.example",
                Fetch::new(Method::GET, "/api/v3/site"),
                BLOCKED,
            ),
        ];
        check(&original, &migrated, &flows).await;

        let original = init_service(App::new().wrap(actix_cors_config(None, true)).configure(routes)).await;
        let migrated =
            init_service(App::new().wrap(Cors::new(policy_for(None, true))).configure(routes)).await;
        let flows = [
            Flow::same(
                "debug: JSON POST with authorization",
                "http://localhost:1234",
                json_post("/api/v3/post").header("authorization", "Bearer t"),
                PREFLIGHTED_200,
            ),
            Flow::same(
                "debug: any origin",
                "https://anyone.example",
                Fetch::new(Method::GET, "/api/v3/site"),
                READ_200,
            ),
        ];
        check(&original, &migrated, &flows).await;
    }
}

/// mycelium: `allowed_origin_fn` over a configured list, credentials, several scopes with auth
/// on one, and a proxy gateway as the default service.
mod origin_list {
    use super::*;

    const CONFIGURED: [&str; 2] = ["https://app.example.com", "https://admin.example.com"];

    fn routes(cfg: &mut web::ServiceConfig) {
        cfg.service(web::scope("/adm").wrap(from_fn(bearer)).route("/users", web::put().to(ok)))
            .service(web::scope("/tools").route("/health", web::get().to(ok)))
            .default_service(web::to(|| async { HttpResponse::BadGateway().body("upstream down") }));
    }

    #[actix_web::test]
    async fn configured_list_across_scopes() {
        let list: Vec<String> = CONFIGURED.map(String::from).to_vec();
        let original = init_service(
            App::new()
                .wrap(
                    actix_cors::Cors::default()
                        .allowed_origin_fn(move |origin, _| {
                            list.iter().any(|o| origin.as_bytes() == o.as_bytes())
                        })
                        .allow_any_method()
                        .allow_any_header()
                        .supports_credentials(),
                )
                .configure(routes),
        )
        .await;
        // The closure was a check against a list: the list itself, validated at start-up. With
        // credentials, `*` means no header at all to browsers, so the headers are listed.
        let policy = Policy::builder()
            .origins(CONFIGURED)
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .credentials(true)
            .build()
            .unwrap_or_else(|errors| panic!("{errors}"))
            .into_static();
        let migrated = init_service(App::new().wrap(Cors::new(policy)).configure(routes)).await;
        let page = "https://admin.example.com";
        let update = || {
            Fetch::new(Method::PUT, "/adm/users")
                .header("authorization", "Bearer t")
                .header("content-type", "application/json")
                .with_credentials()
        };
        let flows = [
            Flow::same("PUT with authorization and credentials", page, update(), PREFLIGHTED_200),
            Flow::same(
                "auth refusal (Err(401))",
                page,
                Fetch::new(Method::PUT, "/adm/users").with_credentials(),
                (true, Some(401)),
            ),
            Flow::same(
                "credentialed GET in another scope",
                "https://app.example.com",
                Fetch::new(Method::GET, "/tools/health").with_credentials(),
                READ_200,
            ),
            Flow::same(
                "the gateway's answer",
                page,
                Fetch::new(Method::GET, "/svc/orders").with_credentials(),
                (false, Some(502)),
            ),
            Flow::same("refused origin", "https://evil.example", update(), BLOCKED_AT_PREFLIGHT),
            Flow {
                name: "a header nobody listed",
                page,
                fetch: Fetch::new(Method::GET, "/tools/health").header("x-debug", "1").with_credentials(),
                original: PREFLIGHTED_200,
                migrated: BLOCKED_AT_PREFLIGHT,
                why: Some("with credentials, `*` allows no header: list every header the page sends"),
            },
        ];
        check(&original, &migrated, &flows).await;
    }
}

/// Tracebook: `Cors::permissive()` for a front end on `localhost`, a token extractor.
mod permissive {
    use super::*;

    /// The token a handler needs: 401 without `authorization`.
    struct Token;

    impl FromRequest for Token {
        type Error = actix_web::Error;
        type Future = std::future::Ready<Result<Token, actix_web::Error>>;

        fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
            let found = req.headers().contains_key(header::AUTHORIZATION);
            std::future::ready(if found { Ok(Token) } else { Err(error::ErrorUnauthorized("no token")) })
        }
    }

    #[get("/posts")]
    async fn posts(_: Token) -> impl Responder {
        HttpResponse::Ok().body("posts")
    }

    #[put("/posts/{id}")]
    async fn edit(_: Token) -> impl Responder {
        HttpResponse::Ok().body("edited")
    }

    /// The front end's development servers, on any port of this machine, with cookies.
    static LOCAL_DEVELOPMENT: Policy = policy!(
        origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
        allow_headers = ["authorization", "content-type"],
        credentials,
    );

    #[actix_web::test]
    async fn permissive_in_development() {
        let original =
            init_service(App::new().wrap(actix_cors::Cors::permissive()).service(posts).service(edit)).await;
        let migrated = init_service(
            App::new()
                .wrap(Condition::new(cfg!(debug_assertions), Cors::new(&LOCAL_DEVELOPMENT)))
                .service(posts)
                .service(edit),
        )
        .await;
        let page = "http://localhost:5173";
        let read =
            || Fetch::new(Method::GET, "/posts").header("authorization", "Bearer t").with_credentials();
        let flows = [
            Flow::same("credentialed call with a token", page, read(), PREFLIGHTED_200),
            Flow::same(
                "PUT from another port",
                "http://127.0.0.1:3000",
                Fetch::new(Method::PUT, "/posts/1")
                    .header("authorization", "Bearer t")
                    .header("content-type", "application/json")
                    .with_credentials(),
                PREFLIGHTED_200,
            ),
            Flow::same(
                "extractor refusal",
                page,
                Fetch::new(Method::GET, "/posts").with_credentials(),
                (false, Some(401)),
            ),
            Flow {
                name: "any site, with the user's cookies",
                page: "https://evil.example",
                fetch: read(),
                original: PREFLIGHTED_200,
                migrated: BLOCKED_AT_PREFLIGHT,
                why: Some("`Cors::permissive()` lets any site read your users' data; not offered"),
            },
        ];
        check(&original, &migrated, &flows).await;
    }
}
