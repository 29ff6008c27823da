//! The test suite of gin-contrib/cors (`cors_test.go`, with the validation in `config.go`),
//! ported scenario by scenario as a user moving from it would restate it: the closest
//! `Policy::builder()` configuration (gin's `Config` is built at run time too), applied with
//! `Cors::new` to an app with the peer's three routes, and real requests through
//! `actix_web::test`.
//!
//! Differences asserted on purpose, each with its rule next to it: an actual request from an
//! origin not allowed runs the handler and gets no CORS header (gin aborts with `403`); `OPTIONS`
//! without `Access-Control-Request-Method` is not a preflight (gin answers any `OPTIONS` with
//! `Origin` as one); `Access-Control-Allow-Private-Network` only when asked; `origins = "*"`
//! answers `Access-Control-Allow-Origin: *` to requests without `Origin` too; method and header
//! names are not trimmed or case-folded into validity (`" GeT "`, `"timeStamp "` do not build).
//!
//! Not ported (no meaning here): `AllowOriginFunc` / `AllowOriginWithContextFunc` (no origin
//! callbacks: their origins are listed, or the per-path function of `TestMultiGroupRouter` is
//! one `Cors::scope` per group), `AllowBrowserExtensions` / `CustomSchemas` / `AllowFiles` /
//! `AllowWebSockets` switches (no such switches: the validator judges each origin), the
//! `OptionsResponseStatusCode` option (always `204`), and the unit tests of gin's internals
//! whose results are only seen through requests here (`TestConfigAddAllow`, `TestNormalize`,
//! `TestConvert`, `TestGenerateNormalHeaders`, `TestGeneratePreflightHeaders`,
//! `TestParseWildcardRules*`): each is restated below as the configuration it stands for and the
//! requests that show it.

#![allow(clippy::needless_pass_by_value)] // builders are passed as the tests write them

use actix_web::dev::Service;
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, web};
use configs::{built, refused_rules};
use strict_cors::{Cors, Policy, PolicyBuilder, Rule};
use support::{Answer, allow_origin, cors_headers, get as h, list, preflight, sorted};

#[path = "support/configs.rs"]
mod configs;
mod support;

const GOOGLE: &str = "http://google.com";
const GOOGLE_TLS: &str = "https://google.com";
const GITHUB: &str = "http://github.com";
const GITHUB_TLS: &str = "https://github.com";
const SAMPLE: &str = "http://sample.com";
const EXAMPLE: &str = "http://example.com";
const FACEBOOK: &str = "https://facebook.com";
const CHROME_EXT: &str = "chrome-extension://random-extension-id";

/// `newTestRouter`: the middleware on the router, GET, POST and PATCH on `/`.
async fn call(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(
        App::new()
            .wrap(Cors::new(policy))
            .route("/", web::get().to(|| async { "get" }))
            .route("/", web::post().to(|| async { "post" }))
            .route("/", web::patch().to(|| async { "patch" })),
    )
    .await;
    Answer::of(app.call(req.to_request()).await).await
}

fn from(method: Method, origin: &str) -> TestRequest {
    let req = TestRequest::default().method(method).uri("/");
    if origin.is_empty() { req } else { req.insert_header((header::ORIGIN, origin)) }
}

fn credentials(res: &Answer) -> Option<&str> {
    h(res.headers(), "access-control-allow-credentials")
}

fn expose(res: &Answer) -> Vec<String> {
    list(res.headers(), "access-control-expose-headers")
}

fn https_site() -> PolicyBuilder {
    Policy::builder().origin("https://a.example.com")
}

// ---- configuration --------------------------------------------------------------------------

/// `TestBadConfig`: each configuration gin panics on.
#[test]
fn bad_config() {
    // `Config{}`: no origin at all.
    assert_eq!(refused_rules(Policy::builder()), [Rule::MalformedOrigin]);
    // `AllowAllOrigins` together with `AllowOrigins`.
    assert_eq!(refused_rules(Policy::builder().origins(["*", GOOGLE])), [Rule::DuplicateOrMixed]);
    // No scheme, a leading `/` that does not make a regex, a `?` in the scheme.
    for origin in ["google.com", "/http://google.com", "http?://google.com", "http?://google.com/g"] {
        assert_eq!(refused_rules(Policy::builder().origin(origin)), [Rule::MalformedOrigin], "{origin}");
    }
    // As a regex (gin's `/.../` form): `.` in the host matches any character (rule 7).
    assert_eq!(refused_rules(Policy::builder().origin_regex("http?://google.com")), [Rule::UnsafeRegex]);
}

/// gin's README: with `AllowAllOrigins`, "credentials cannot be used", which its `Validate`
/// does not check. Here it does not build (README rule 1).
#[test]
fn any_origin_with_credentials_does_not_build() {
    assert_eq!(
        refused_rules(Policy::builder().origin("*").credentials(true)),
        [Rule::WildcardWithCredentials]
    );
    assert_eq!(
        refused_rules(Policy::builder().origins(["*"]).credentials(true)),
        [Rule::WildcardWithCredentials]
    );
}

/// `TestNormalize`, `TestConvert`, `TestConfigAddAllow`: gin trims, case-folds and de-duplicates
/// names. Here a name is a token as written (README rules 8, 9), a standard method is written
/// in uppercase, and a name listed twice is a mistake (rule 2).
#[test]
fn names_are_not_normalised_into_validity() {
    for method in [" GeT ", "get", "Head", "PUT  ", " Patch "] {
        assert_eq!(refused_rules(https_site().methods([method])), [Rule::InvalidMethod], "{method:?}");
    }
    for name in ["timeStamp ", " cool", "  testheader "] {
        assert_eq!(refused_rules(https_site().allow_headers([name])), [Rule::InvalidHeader], "{name:?}");
    }
    assert_eq!(refused_rules(https_site().methods(["POST", "POST"])), [Rule::DuplicateOrMixed]);
    assert_eq!(
        refused_rules(https_site().allow_headers(["X-CSRF-TOKEN", "x-csrf-token"])),
        [Rule::DuplicateOrMixed]
    );
    // Header names in any case build, and are compared case-insensitively.
    let policy = built(https_site().allow_headers(["X-CSRF-Token", "Content-type"]));
    assert!(policy.allows_header(b"x-csrf-token") && policy.allows_header(b"CONTENT-TYPE"));
}

/// `TestDefaultConfig`: `DefaultConfig()` allows the request headers `Origin` and
/// `Content-Length`, which scripts can never set (README rule 9).
#[actix_web::test]
async fn default_config() {
    let peer = Policy::builder()
        .origin("*")
        .allow_headers(["Origin", "Content-Length", "Content-Type"])
        .max_age(43200);
    assert_eq!(refused_rules(peer), [Rule::InvalidHeader, Rule::InvalidHeader]);
    let policy = built(Policy::builder().origin("*").allow_headers(["Content-Type"]).max_age(43200));
    let res = call(policy, from(Method::GET, GOOGLE)).await;
    assert_eq!(res.body(), "get");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(credentials(&res), None);
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
}

// ---- origins --------------------------------------------------------------------------------

/// `TestValidateOrigin`, case by case.
#[actix_web::test]
async fn validate_origin() {
    // `AllowAllOrigins: true` and `AllowOrigins: ["*"]`: every request gets `*`, whatever it
    // sends as its origin.
    for policy in [built(Policy::builder().origin("*")), built(Policy::builder().origins(["*"]))] {
        for origin in [GOOGLE, GOOGLE_TLS, "example.com", CHROME_EXT] {
            assert!(policy.allows_origin(origin), "{origin}");
            let res = call(policy, from(Method::GET, origin)).await;
            assert_eq!(allow_origin(&res), Some("*"), "{origin}");
        }
    }
    // A list of https origins: the scheme counts; nothing that is not the origin matches.
    let listed = built(Policy::builder().origins([GOOGLE_TLS, GITHUB_TLS]));
    for (origin, allowed) in [
        (GOOGLE, false),
        (GOOGLE_TLS, true),
        (GITHUB_TLS, true),
        (EXAMPLE, false),
        ("google.com", false),
        (CHROME_EXT, false),
        ("file://some-dangerous-file.js", false),
        ("wss://socket-connection", false),
    ] {
        assert_eq!(listed.allows_origin(origin), allowed, "{origin}");
        let res = call(listed, from(Method::GET, origin)).await;
        assert_eq!(res.body(), "get", "{origin}: the handler runs either way (SPEC §4.5; gin: 403)");
        assert_eq!(allow_origin(&res), allowed.then_some(origin), "{origin}");
    }
    // `AllowBrowserExtensions`: an extension's exact origin builds, and matches only itself.
    let ext = built(Policy::builder().origin(CHROME_EXT));
    assert!(ext.allows_origin(CHROME_EXT));
    assert!(!ext.allows_origin("chrome-extension://another-one"));
    // ... but gin's wildcard rules over them do not (README rule 5), nor one without a scheme.
    for origin in ["chrome-extension://*", "safari-extension://my-extension-*-app"] {
        assert_eq!(refused_rules(Policy::builder().origin(origin)), [Rule::MisplacedWildcard], "{origin}");
    }
    assert!(!refused_rules(Policy::builder().origin("*.some-domain.com")).is_empty());
    // `AllowFiles`, `AllowWebSockets`: `file://` is opaque (rule 4); no page has a `wss://`
    // origin (rule 3).
    assert_eq!(refused_rules(Policy::builder().origin("file://safe-file.js")), [Rule::OpaqueOrigin]);
    assert_eq!(
        refused_rules(Policy::builder().origin("wss://some-session-layer-connection")),
        [Rule::MalformedOrigin]
    );
    // `/https?://(?:.+\.)?google\.com/g`: the same regex, matched against the whole origin.
    let regex = built(Policy::builder().origin_regex(r"https?://(?:.+\.)?google\.com"));
    for (origin, allowed) in [
        (GOOGLE, true),
        (GOOGLE_TLS, true),
        ("https://maps.google.com", true),
        ("https://maps.test.google.com", true),
        ("https://maps.google.it", false),
        // gin matches its regex anywhere in the origin: these two pass there.
        ("https://google.com.evil.test", false),
        ("https://evil.test:8443", false),
        ("https://evilgoogle.com", false),
    ] {
        assert_eq!(regex.allows_origin(origin), allowed, "{origin}");
    }
}

/// `TestValidateTauri`: gin refuses `tauri://` unless `CustomSchemas` names it. Here an origin
/// with any scheme builds if it is `scheme://host[:port]` (the Tauri webview sends it), and
/// matches only itself.
#[test]
fn tauri_origin() {
    let tauri = built(Policy::builder().origin("tauri://localhost:1234"));
    assert!(tauri.allows_origin("tauri://localhost:1234"));
    assert!(!tauri.allows_origin("tauri://localhost:1235"));
    assert!(!tauri.allows_origin("http://localhost:1234"));
}

/// `TestValidateAllowedSchemasWithAnchoredPatterns`.
#[test]
fn anchored_regexes() {
    // `^` and `$` of its own change nothing (README origin entries).
    let anchored = built(Policy::builder().origin_regex("^https://example[.]com$"));
    assert!(anchored.allows_origin("https://example.com"));
    assert!(!anchored.allows_origin("https://example.com.evil.test"));
    let local = built(Policy::builder().origin_regex("^http://localhost:[0-9]+$"));
    assert!(local.allows_origin("http://localhost:5173"));
    assert!(!local.allows_origin("http://localhost"));
    let either = built(Policy::builder().origin_regex("^https?://example[.]com$"));
    assert!(either.allows_origin("http://example.com") && either.allows_origin("https://example.com"));
    // Without `^`.
    assert!(
        built(Policy::builder().origin_regex("https://example[.]com$")).allows_origin("https://example.com")
    );
    // `wss://` even with gin's `CustomSchemas`: no page has that origin (README rule 7).
    assert_eq!(refused_rules(Policy::builder().origin_regex("^wss://example[.]com$")), [Rule::UnsafeRegex]);
    // `^ftp://example[.]com$`: gin refuses the scheme, and so does the validator, as a literal
    // (rule 3) or a regex (rule 7): browsers no longer load `ftp://` pages.
    assert_eq!(refused_rules(Policy::builder().origin_regex("^ftp://example[.]com$")), [Rule::UnsafeRegex]);
    assert_eq!(refused_rules(Policy::builder().origin("ftp://example.com")), [Rule::MalformedOrigin]);
}

/// `TestWildcard` and `TestParseWildcardRules*`.
#[actix_web::test]
async fn wildcards() {
    // gin's list with `AllowWildcard`: `https://api.*`, `http://*` (every http origin) and
    // `*.golang.org` (any scheme) do not build: a wildcard is a whole leading label, after a
    // scheme (README rules 3, 5).
    let peer = Policy::builder().origins([
        "https://*.github.com",
        "https://api.*",
        "http://*",
        FACEBOOK,
        "*.golang.org",
    ]);
    let rules = refused_rules(peer);
    assert_eq!(rules.len(), 3, "{rules:?}");
    // `TestParseWildcardRules`: more than one `*`, one inside a label, one in a path.
    for origin in [
        "https://*.google.com*",
        "*.github.com*",
        "http://*.*.com",
        "http://example.*.com",
        "http://example.com/*",
    ] {
        assert!(!refused_rules(Policy::builder().origin(origin)).is_empty(), "{origin}");
    }
    assert!(built(Policy::builder().origin("http://*.example.com")).allows_origin("http://a.example.com"));

    let policy = built(
        Policy::builder()
            .origins(["https://*.github.com", FACEBOOK, "https://*.golang.org"])
            .methods(["GET"]),
    );
    for (origin, allowed) in [
        ("https://gist.github.com", true),
        ("https://api.github.com/v1/users", false), // not an origin
        ("https://giphy.com/", false),
        ("http://hard-to-find-http-example.com", false),
        (FACEBOOK, true),
        ("https://something.golang.org", true),
        ("https://something.go.org", false),
        ("https://github.com", false), // README: never the apex itself
    ] {
        let res = call(policy, from(Method::GET, origin)).await;
        // SPEC §4.5: the handler runs for every origin (gin: 200 or 403).
        assert_eq!(res.status(), StatusCode::OK, "{origin}");
        assert_eq!(allow_origin(&res), allowed.then_some(origin), "{origin}");
    }
    // Without wildcards.
    let policy = built(Policy::builder().origins([GITHUB_TLS, FACEBOOK]).methods(["GET"]));
    for (origin, allowed) in [("https://gist.github.com", false), (GITHUB_TLS, true)] {
        let res = call(policy, from(Method::GET, origin)).await;
        assert_eq!(allow_origin(&res), allowed.then_some(origin), "{origin}");
    }
}

// ---- requests -------------------------------------------------------------------------------

/// The config of the `TestCORS_AllowOrigins_*` tests, `AllowOriginFunc` and
/// `AllowOriginWithContextFunc` listed as origins, the names as gin normalises them.
fn allow_origins_config() -> &'static Policy {
    built(
        Policy::builder()
            .origins([GOOGLE, GITHUB, SAMPLE])
            .methods(["GET", "POST", "PUT", "HEAD"])
            .allow_headers(["Content-type", "timeStamp"])
            .expose_headers(["Data", "x-User"])
            .max_age(12 * 3600),
    )
}

/// `TestCORS_AllowOrigins_NoOrigin`.
#[actix_web::test]
async fn allow_origins_no_origin() {
    let res = call(allow_origins_config(), from(Method::GET, "")).await;
    assert_eq!(res.body(), "get");
    assert_eq!(allow_origin(&res), None);
    assert_eq!(credentials(&res), None);
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    // `TestGenerateNormalHeaders` "AllowAllOrigins false": `Vary: Origin`.
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `TestCORS_AllowOrigins_OriginIsHost`: gin treats `Origin` equal to the request's host as
/// same-origin and adds nothing; here the origin is not listed, so nothing is added either.
#[actix_web::test]
async fn allow_origins_origin_is_host() {
    let res = call(
        allow_origins_config(),
        from(Method::GET, "http://facebook.com").insert_header((header::HOST, "facebook.com")),
    )
    .await;
    assert_eq!(res.body(), "get");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `TestCORS_AllowOrigins_AllowedOrigin`.
#[actix_web::test]
async fn allow_origins_allowed_origin() {
    for origin in [GOOGLE, GITHUB] {
        let res = call(allow_origins_config(), from(Method::GET, origin)).await;
        assert_eq!(res.body(), "get");
        assert_eq!(allow_origin(&res), Some(origin));
        assert_eq!(credentials(&res), None);
        // gin canonicalises them `Data,X-User`; names are case-insensitive.
        assert_eq!(expose(&res), ["data", "x-user"]);
        assert_eq!(list(res.headers(), "vary"), ["origin"]);
    }
}

/// `TestCORS_AllowOrigins_DeniedOrigin`: gin aborts with `403`.
#[actix_web::test]
async fn allow_origins_denied_origin() {
    let res = call(allow_origins_config(), from(Method::GET, GOOGLE_TLS)).await;
    // SPEC §4.5: the handler runs; the browser hides the response without the headers.
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "get");
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `TestCORS_AllowOrigins_Preflight`: gin's preflight carries no `Access-Control-Request-Method`.
#[actix_web::test]
async fn allow_origins_preflight() {
    for origin in [GITHUB, SAMPLE] {
        let res = call(allow_origins_config(), preflight("/", origin, "PUT")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(res.body(), "");
        assert_eq!(allow_origin(&res), Some(origin));
        assert_eq!(credentials(&res), None);
        // gin sends `GET,POST,PUT,HEAD`; here a list that holds the method asked for.
        assert!(list(res.headers(), "access-control-allow-methods").contains(&"put".to_owned()));
        assert_eq!(
            sorted(list(res.headers(), "access-control-allow-headers")),
            ["content-type", "timestamp"]
        );
        assert_eq!(h(res.headers(), "access-control-max-age"), Some("43200"));
        // Expose headers belong to actual responses.
        assert_eq!(h(res.headers(), "access-control-expose-headers"), None);

        // The request as gin's test sends it, with no `Access-Control-Request-Method`: not a
        // preflight (SPEC §4.9), so routing answers (no route serves OPTIONS) and no preflight
        // header is sent.
        let res = call(allow_origins_config(), from(Method::OPTIONS, origin)).await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            "{}",
            res.status()
        );
        for name in ["access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"]
        {
            assert_eq!(h(res.headers(), name), None, "{name}");
        }
    }
}

/// `TestCORS_AllowOrigins_DeniedPreflight`.
#[actix_web::test]
async fn allow_origins_denied_preflight() {
    let res = call(allow_origins_config(), preflight("/", EXAMPLE, "GET")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // A method the policy does not list, from an allowed origin: refused too.
    let res = call(allow_origins_config(), preflight("/", GOOGLE, "PATCH")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `TestPassesAllowAllOrigins`.
#[actix_web::test]
async fn passes_allow_all_origins() {
    let policy = built(
        Policy::builder()
            .origin("*")
            .methods(["PATCH", "GET", "POST"])
            .allow_headers(["Content-type", "testheader"])
            .expose_headers(["Data2", "x-User2"])
            .max_age(10 * 3600),
    );
    // No `Origin`: gin adds nothing; here `*` is on every response, so that none depends on the
    // origin (README "`Vary`": it needs no `Vary: Origin`).
    let res = call(policy, from(Method::GET, "")).await;
    assert_eq!(res.body(), "get");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(credentials(&res), None);
    assert!(!list(res.headers(), "vary").contains(&"origin".to_owned()));

    let res = call(policy, from(Method::POST, "example.com")).await;
    assert_eq!(res.body(), "post");
    assert_eq!(allow_origin(&res), Some("*"));
    assert_eq!(expose(&res), ["data2", "x-user2"]);
    assert_eq!(credentials(&res), None);

    let res = call(
        policy,
        preflight("/", FACEBOOK, "PATCH")
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "testheader")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allow_origin(&res), Some("*"));
    assert!(list(res.headers(), "access-control-allow-methods").contains(&"patch".to_owned()));
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["content-type", "testheader"]);
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("36000"));
    assert_eq!(credentials(&res), None);
}

/// `TestGenerateNormalHeaders` / `TestGeneratePreflightHeaders`, as responses: credentials,
/// private network, the methods list.
#[actix_web::test]
async fn generated_headers() {
    let cred = built(
        Policy::builder()
            .origin("https://app.example.com")
            .credentials(true)
            .expose_headers(["X-user", "xPassword"]),
    );
    let res = call(cred, from(Method::GET, "https://app.example.com")).await;
    assert_eq!(credentials(&res), Some("true"));
    assert_eq!(expose(&res), ["x-user", "xpassword"]);
    assert_eq!(list(res.headers(), "vary"), ["origin"]);

    // `AllowPrivateNetwork`: gin sends `Access-Control-Allow-Private-Network: true` on every
    // preflight; here only when the preflight asks (SPEC §4.1).
    let pna = built(Policy::builder().origin("https://app.example.com").private_network(true));
    let asked = call(
        pna,
        preflight("/", "https://app.example.com", "PATCH")
            .insert_header(("access-control-request-private-network", "true")),
    )
    .await;
    assert_eq!(asked.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(asked.headers(), "access-control-allow-private-network"), Some("true"));
    let not_asked = call(pna, preflight("/", "https://app.example.com", "PATCH")).await;
    assert_eq!(not_asked.status(), StatusCode::NO_CONTENT);
    assert_eq!(h(not_asked.headers(), "access-control-allow-private-network"), None);

    // `AllowMethods: ["GET ", "post", "PUT", " put  "]`, as it must be written here.
    let methods = built(Policy::builder().origin("https://app.example.com").methods(["GET", "POST", "PUT"]));
    let res = call(methods, preflight("/", "https://app.example.com", "PUT")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(list(res.headers(), "access-control-allow-methods").contains(&"put".to_owned()));
    // `MaxAge: 12 * time.Hour` is 43200 s; beyond 24 h it does not build (README rule 10).
    assert_eq!(refused_rules(https_site().max_age(48 * 3600)), [Rule::MaxAgeOutOfRange]);
}

/// `TestMultiGroupRouter`: one origin per route group, chosen by path in gin's
/// `AllowOriginWithContextFunc`; here a `Cors::scope` per group.
#[actix_web::test]
async fn multi_group_router() {
    let app1 = built(Policy::builder().origin("http://app1.example.com").methods(["GET"]));
    let app2 = built(Policy::builder().origin("http://app2.example.com").methods(["GET"]));
    let app3 = built(Policy::builder().origin("*").methods(["GET"]));
    let app = init_service(
        App::new()
            .service(Cors::new(app1).scope("/app1").route("", web::get().to(|| async { "app1" })))
            .service(Cors::new(app2).scope("/app2").route("", web::get().to(|| async { "app2" })))
            .service(Cors::new(app3).scope("/app3").route("", web::get().to(|| async { "app3" }))),
    )
    .await;
    let random = "http://random.com";
    for (path, origin, status) in [
        ("/app1", "http://app1.example.com", StatusCode::NO_CONTENT),
        ("/app2", "http://app2.example.com", StatusCode::NO_CONTENT),
        ("/app3", random, StatusCode::NO_CONTENT),
        ("/app1", random, StatusCode::FORBIDDEN),
        ("/app2", random, StatusCode::FORBIDDEN),
        ("/app2", "http://app1.example.com", StatusCode::FORBIDDEN),
    ] {
        let res = Answer::of(app.call(preflight(path, origin, "GET").to_request()).await).await;
        assert_eq!(res.status(), status, "{path} {origin}");
        let expected = match status {
            StatusCode::FORBIDDEN => None,
            _ if path == "/app3" => Some("*"),
            _ => Some(origin),
        };
        assert_eq!(allow_origin(&res), expected, "{path} {origin}");
        let res = Answer::of(
            app.call(TestRequest::get().uri(path).insert_header((header::ORIGIN, origin)).to_request()).await,
        )
        .await;
        assert_eq!(res.body(), &path[1..], "{path} {origin}");
        assert_eq!(allow_origin(&res), expected, "{path} {origin}");
    }
}
