//! The test suites of two Elixir CORS plugs, ported scenario by scenario as a Phoenix/Plug user
//! moving to actix-web would restate them:
//!
//! - corsica (`whatyouhide/corsica`: `test/corsica_test.exs`, `test/corsica/router_test.exs`,
//!   `test/properties_test.exs`), prefixed `corsica_`;
//! - `cors_plug` (`mschae/cors_plug`: `test/cors_plug_test.exs`), prefixed `cors_plug_`.
//!
//! Both are a plug in front of the app (`Plug.run([{Corsica, opts}, &send_resp(&1, 200,
//! "matched")])`, `CORSPlug.call(conn, opts)`): restated as `Cors::new(&P)` wrapping an `App`
//! whose default service answers `200 matched` to every method and path; corsica's
//! `Corsica.Router` (`resource "/foo", opts`) as one `#[cors]` handler (or `Cors::scope` for
//! `/wild/*`) per resource, in front of the peer's `Plug.Router` (`get _`), with and without
//! `Layer`.
//!
//! Differences asserted on purpose, each with its rule next to it: an allowed preflight is
//! `204` (corsica `200`); a refused one `403` without CORS headers (corsica answers `200` with
//! none); `origins = "*"` answers `Access-Control-Allow-Origin: *` to requests without `Origin`
//! too (corsica sends nothing to them unless `passthrough_non_cors_requests`); every response
//! of a policy that is not `"*"` varies on `Origin`, refused origins included (`cors_plug` leaves
//! `Vary` alone for them and for one listed origin); methods compare byte for byte and names
//! are written as browsers send them (corsica and `cors_plug` upcase `get`, downcase headers);
//! `methods` lists the methods a preflight may ask for, `GET`, `HEAD` and `POST` included
//! (corsica grants those whatever it is told), and `Accept`, `Accept-Language`,
//! `Content-Language` asked in a preflight are granted only if listed (README `allow_headers`:
//! a browser names them only for values outside the safelist); preflight-only headers
//! (`-Max-Age`, `-Allow-*`) never on actual responses, and `Access-Control-Expose-Headers` only
//! on them (`cors_plug` sends both kinds on every response).
//!
//! Not ported (no meaning here): corsica's telemetry events and `{Module, :fun, args}` origin
//! callbacks, the deprecation warnings of `sanitize_opts`, `send_preflight_resp/4`'s status
//! argument (always `204` / `403`); `cors_plug`'s `origin: fn -> .. end` / `:self` origins
//! (closures over the request: README "where is `allowed_origin_fn`?"), app-config options
//! (`Application.put_env`: policies are `policy!` or the builder), and
//! `send_preflight_response?: false` (preflights never reach handlers).

use actix_web::dev::{HttpServiceFactory, Service};
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpRequest, HttpResponse, get, guard, route, web};
use configs::{built, refused_rules};
use strict_cors::decision::{CorsRequest, Decision, HeaderInput};
use strict_cors::{Cors, Layer, Policy, Rule, cors, policy};
use support::{
    Answer, allow_origin, assert_preflight_answered, assert_preflight_refused, cors_headers, get as h, list,
    sorted,
};

#[path = "support/configs.rs"]
mod configs;
mod support;

const RAN: &str = "x-handler-ran";
/// A request header the port sends to make the app set `Vary: <value>` (`put_resp_header`).
const SET_VARY: &str = "x-test-set-vary";

/// `&send_resp(&1, 200, "matched")`.
async fn matched(req: HttpRequest) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.insert_header((RAN, req.method().as_str()));
    if let Some(value) = req.headers().get(SET_VARY) {
        res.insert_header((header::VARY, value.clone()));
    }
    res.body("matched")
}

async fn plug(policy: &'static Policy, req: TestRequest) -> Answer {
    let app = init_service(App::new().wrap(Cors::new(policy)).default_service(web::to(matched))).await;
    Answer::of(app.call(req.to_request()).await).await
}

fn get_from(origin: &str) -> TestRequest {
    TestRequest::get().uri("/").insert_header((header::ORIGIN, origin))
}

fn preflight(origin: &str, method: &str) -> TestRequest {
    support::preflight("/", origin, method)
}

fn preflight_with(origin: &str, method: &str, headers: &str) -> TestRequest {
    support::preflight("/", origin, method).insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, headers))
}

/// A preflight decided by `policy` alone.
fn decide<'a>(policy: &Policy, origin: &'a str, method: &'a str, headers: &'a [&'a [u8]]) -> Decision<'a> {
    policy.decide(&CorsRequest {
        method: b"OPTIONS",
        origin: HeaderInput::One(origin.as_bytes()),
        request_method: HeaderInput::One(method.as_bytes()),
        request_headers: headers,
        request_private_network: HeaderInput::Absent,
    })
}

fn allowed(decision: Decision<'_>) -> bool {
    matches!(decision, Decision::PreflightAllowed { .. })
}

// ----- corsica: sanitize_opts/1 -------------------------------------------------------------------

/// `sanitize_opts/1` `:max_age`, `:expose_headers`, `:allow_credentials`.
#[test]
fn corsica_sanitize_opts_values() {
    assert_eq!(built(Policy::builder().origin("*").max_age(600)).max_age_value(), Some("600"));
    assert_eq!(built(Policy::builder().origin("*")).max_age_value(), None);
    let exposing = built(Policy::builder().origin("*").expose_headers(["X-Foo", "X-Bar"]));
    let exposed = exposing.expose_headers_value().unwrap();
    assert_eq!(
        sorted(exposed.split(',').map(|s| s.trim().to_ascii_lowercase()).collect()),
        ["x-bar", "x-foo"]
    );
    assert_eq!(built(Policy::builder().origin("*")).expose_headers_value(), None);
    assert!(!built(Policy::builder().origin("*")).allows_credentials());
    // `origins: "*", allow_credentials: true` is accepted there (and reflects the origin, see
    // `corsica_allow_credentials`); not here (rule 1).
    assert_eq!(
        refused_rules(Policy::builder().origin("*").credentials(true)),
        [Rule::WildcardWithCredentials]
    );
}

/// `:origins is required`, `value of :origins`: `origins: []` is accepted there, and allows
/// nobody; here an empty list does not build (rule 3), nor does `"foo.bar"` (no scheme), nor a
/// regex matching anything (`~r/.*/`, rule 7).
#[test]
fn corsica_sanitize_opts_origins() {
    assert_eq!(refused_rules(Policy::builder()), [Rule::MalformedOrigin]);
    assert_eq!(refused_rules(Policy::builder().origins::<&str>([])), [Rule::MalformedOrigin]);
    assert_eq!(refused_rules(Policy::builder().origin("foo.bar")), [Rule::MalformedOrigin]);
    assert_eq!(refused_rules(Policy::builder().origin_regex(".*")), [Rule::UnsafeRegex]);
    assert!(built(Policy::builder().origin("*")).allows_any_origin());
}

/// `:allow_methods`: corsica upcases `~w(get pOSt PUT)`; its default is `PUT PATCH DELETE`.
/// Here a standard method is written as browsers send it (rule 8); other methods keep the case
/// they are written in, which is the case compared.
#[test]
fn corsica_sanitize_opts_methods() {
    assert_eq!(
        refused_rules(Policy::builder().origin("*").methods(["get", "pOSt", "PUT"])),
        [Rule::InvalidMethod, Rule::InvalidMethod]
    );
    let policy = built(Policy::builder().origin("*").methods(["GET", "POST", "PUT"]));
    assert_eq!(policy.methods().map(ToString::to_string).collect::<Vec<_>>().len(), 3);
}

/// `:allow_headers`: corsica downcases `~w(X-Header y-HEADER)`. Names compare case-insensitively
/// here (SPEC §4.7), whatever their written case.
#[test]
fn corsica_sanitize_opts_headers() {
    let policy = built(Policy::builder().origin("*").allow_headers(["X-Header", "y-HEADER"]));
    for name in ["x-header", "X-HEADER", "Y-Header", "y-header"] {
        assert!(policy.allows_header(name.as_bytes()), "{name}");
    }
    assert_eq!(built(Policy::builder().origin("*")).allow_headers_value(), None);
}

// ----- corsica: allowed_origin?/2, allowed_preflight?/2 -------------------------------------------

/// `allowed_origin?/2` "with allowed origins".
#[test]
fn corsica_with_allowed_origins() {
    let origin = "http://foo.com";
    assert!(built(Policy::builder().origin("*")).allows_origin(origin));
    assert!(built(Policy::builder().origin(origin)).allows_origin(origin));
    assert!(built(Policy::builder().origins(["http://bar.com", origin])).allows_origin(origin));
    // `~r/(foo|bar)\.com$/`, with the scheme it must spell (rule 7).
    assert!(built(Policy::builder().origin_regex(r"http://(foo|bar)\.com")).allows_origin(origin));
}

/// `allowed_origin?/2` "with non-allowed origins".
#[test]
fn corsica_with_non_allowed_origins() {
    let origin = "http://foo.com";
    // `"foo.com"` is no origin: it does not build, rather than never match.
    assert_eq!(refused_rules(Policy::builder().origin("foo.com")), [Rule::MalformedOrigin]);
    assert!(!built(Policy::builder().origin("http://foo.org")).allows_origin(origin));
    assert!(!built(Policy::builder().origins(["http://bar.com", "http://baz.com"])).allows_origin(origin));
    assert!(!built(Policy::builder().origin_regex(r"http://(foo|bar)\.org")).allows_origin(origin));
    // The peer's regex is unanchored: `(foo|bar)\.com$` also matches these.
    let policy = built(Policy::builder().origin_regex(r"http://(foo|bar)\.com"));
    for other in ["http://evilfoo.com", "https://foo.com", "http://x.bar.com"] {
        assert!(!policy.allows_origin(other), "{other}");
    }
}

/// `allowed_preflight?/2` "with allowed requests (method)".
#[test]
fn corsica_preflight_allowed_methods() {
    let origin = "http://foo.com";
    assert!(allowed(decide(
        built(Policy::builder().origin("*").methods(["PUT", "PATCH"])),
        origin,
        "PATCH",
        &[]
    )));
    // `~w(patch)`: not as browsers send it (rule 8).
    assert_eq!(refused_rules(Policy::builder().origin("*").methods(["patch"])), [Rule::InvalidMethod]);
    let with_header = built(Policy::builder().origin("*").methods(["PATCH"]).allow_headers(["X-Foo"]));
    assert!(allowed(decide(with_header, origin, "PATCH", &[])));
    // "Simple methods are always allowed": corsica grants a `POST` preflight with
    // `allow_methods: []`. Here `methods = []` answers no preflight (README), and a list
    // grants what it lists.
    let none = built(Policy::builder().origin("*").methods::<&str>([]));
    assert!(!allowed(decide(none, origin, "POST", &[])));
    assert!(!allowed(decide(built(Policy::builder().origin("*").methods(["PUT"])), origin, "POST", &[])));
    assert!(allowed(decide(
        built(Policy::builder().origin("*").methods(["PUT", "POST"])),
        origin,
        "POST",
        &[]
    )));
    // `:all`.
    assert!(allowed(decide(built(Policy::builder().origin("*").any_method()), origin, "WEIRDMETHOD", &[])));
}

/// `allowed_preflight?/2` "with allowed requests (headers)".
#[test]
fn corsica_preflight_allowed_headers() {
    let origin = "http://foo.com";
    let policy = built(Policy::builder().origin("*").methods(["PUT"]).allow_headers(["X-Bar", "x-foo"]));
    assert!(allowed(decide(policy, origin, "PUT", &[b"X-Foo, X-Bar"])));
    // "Simple headers are always allowed": `Accept, Content-Language` with no headers allowed.
    // A browser names them in a preflight only when their values are outside the safelist
    // (Fetch "CORS-unsafe request-header names"), so granting them unasked for would let such
    // values through: listed, they are granted (README `allow_headers`).
    let bare = built(Policy::builder().origin("*").methods(["PUT"]));
    assert!(!allowed(decide(bare, origin, "PUT", &[b"Accept, Content-Language"])));
    let listed =
        built(Policy::builder().origin("*").methods(["PUT"]).allow_headers(["accept", "content-language"]));
    assert!(allowed(decide(listed, origin, "PUT", &[b"Accept, Content-Language"])));
    // `:all`.
    let any = built(Policy::builder().origin("*").methods(["PUT"]).allow_headers(["*"]));
    assert!(allowed(decide(any, origin, "PUT", &[b"X-Header, X-Other-Header"])));
}

/// `allowed_preflight?/2` "with non-allowed requests".
#[test]
fn corsica_preflight_not_allowed() {
    let origin = "http://foo.com";
    assert!(!allowed(decide(
        built(Policy::builder().origin("*").methods(["PUT", "PATCH"])),
        origin,
        "OPTIONS",
        &[]
    )));
    let put_foo = built(Policy::builder().origin("*").methods(["PUT"]).allow_headers(["X-Foo"]));
    assert!(!allowed(decide(put_foo, origin, "OPTIONS", &[])));
    let options_bar = built(Policy::builder().origin("*").methods(["OPTIONS"]).allow_headers(["X-Bar"]));
    assert!(!allowed(decide(options_bar, origin, "OPTIONS", &[b"X-Foo, X-Bar"])));
    let options_bar = built(Policy::builder().origin("*").methods(["OPTIONS"]).allow_headers(["x-bar"]));
    assert!(!allowed(decide(options_bar, origin, "OPTIONS", &[b"X-Foo, X-Bar"])));
}

// ----- corsica: put_cors_simple_resp_headers/2 ----------------------------------------------------

/// `access-control-allow-origin`.
#[actix_web::test]
async fn corsica_simple_allow_origin() {
    static ANY: Policy = policy!(origins = "*");
    let res = plug(&ANY, TestRequest::get().uri("/").insert_header((header::ORIGIN, "http://foo.bar"))).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    // No `Origin`: corsica adds nothing. `*` goes on every response (README `Vary`), so that
    // none depends on the origin.
    let res = plug(&ANY, TestRequest::get().uri("/")).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(res.headers().get(header::VARY), None);
}

/// `access-control-allow-credentials`: with `origins: "*"` corsica reflects the origin and
/// allows credentials. That does not build (rule 1); listed, the origin is reflected.
#[actix_web::test]
async fn corsica_allow_credentials() {
    static CREDENTIALED: Policy = policy!(origins = ["https://foo.bar"], credentials);
    static ANY: Policy = policy!(origins = "*");
    let res = plug(
        &CREDENTIALED,
        TestRequest::get().uri("/foo").insert_header((header::ORIGIN, "https://foo.bar")),
    )
    .await;
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), Some("true"));
    assert_eq!(allow_origin(res.headers()), Some("https://foo.bar"));
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    let res =
        plug(&ANY, TestRequest::get().uri("/foo").insert_header((header::ORIGIN, "http://foo.bar"))).await;
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
    assert_eq!(allow_origin(res.headers()), Some("*"));
}

/// `access-control-expose-headers`.
#[actix_web::test]
async fn corsica_expose_headers() {
    static EXPOSING: Policy = policy!(origins = "*", expose_headers = ["X-Foo", "X-Bar"]);
    let res =
        plug(&EXPOSING, TestRequest::get().uri("/foo").insert_header((header::ORIGIN, "http://foo.bar")))
            .await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(sorted(list(res.headers(), "access-control-expose-headers")), ["x-bar", "x-foo"]);
}

/// `"origin" is added to the "vary" header`.
#[actix_web::test]
async fn corsica_vary() {
    static ANY: Policy = policy!(origins = "*");
    static ONE: Policy = policy!(origins = ["http://foo.com"]);
    static TWO: Policy = policy!(origins = ["http://foo.com", "http://bar.com"]);
    static CREDENTIALED: Policy = policy!(origins = ["http://localhost:*"], credentials);
    static REGEX: Policy = policy!(origins = [regex(r"http://(foo|bar)\.com")]);
    let from = |origin: &str| TestRequest::get().uri("/foo").insert_header((header::ORIGIN, origin));
    assert_eq!(plug(&ANY, from("http://foo.com")).await.headers().get(header::VARY), None);
    // corsica: one origin needs no `Vary`, since it sends it to everybody. Here only that
    // origin gets it (SPEC §4.4), so the answer varies (SPEC §4.6).
    assert_eq!(list(plug(&ONE, from("http://foo.com")).await.headers(), "vary"), ["origin"]);
    assert_eq!(list(plug(&CREDENTIALED, from("http://localhost:4000")).await.headers(), "vary"), ["origin"]);
    assert_eq!(list(plug(&TWO, from("http://foo.com")).await.headers(), "vary"), ["origin"]);
    assert_eq!(list(plug(&REGEX, from("http://foo.com")).await.headers(), "vary"), ["origin"]);
    // The app's `vary: content-length` is kept, `origin` added (corsica puts it first).
    let res = plug(&TWO, from("http://foo.com").insert_header((SET_VARY, "content-length"))).await;
    assert_eq!(sorted(list(res.headers(), "vary")), ["content-length", "origin"]);
}

/// `does nothing to non-CORS requests`, and the same with `:passthrough_non_cors_requests`
/// set: `origins = "*"` always answers `*` (README `Vary`),
/// which is corsica's passthrough.
#[actix_web::test]
async fn corsica_non_cors_requests() {
    static ANY: Policy = policy!(origins = "*");
    static ONE: Policy = policy!(origins = ["http://example.com"]);
    for method in [Method::GET, Method::OPTIONS] {
        let res = plug(&ANY, TestRequest::default().method(method.clone()).uri("/")).await;
        assert_eq!(res.status(), StatusCode::OK, "{method}");
        assert_eq!(h(res.headers(), RAN), Some(method.as_str()), "{method}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{method}");
    }
    // A listed origin's policy sends nothing to a request without `Origin`.
    let res = plug(&ONE, TestRequest::get().uri("/")).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

// ----- corsica: put_cors_preflight_resp_headers/2, send_preflight_resp/4 --------------------------

/// `access-control-allow-methods`.
#[actix_web::test]
async fn corsica_preflight_allow_methods() {
    static GET_PUT: Policy = policy!(origins = "*", methods = ["GET", "PUT"]);
    static ALL: Policy = policy!(origins = "*", methods = "*");
    let res = plug(&GET_PUT, preflight("http://example.com", "PUT")).await;
    assert_preflight_answered(&res, "GET PUT");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(sorted(list(res.headers(), "access-control-allow-methods")), ["get", "put"]);
    // corsica sends an empty `Access-Control-Allow-Headers`; here none, nothing being allowed.
    assert!(list(res.headers(), "access-control-allow-headers").is_empty());
    assert_eq!(h(res.headers(), "access-control-max-age"), None);
    // `:all`: corsica echoes `PUT`; here `*`, which covers it (no credentials).
    let res = plug(&ALL, preflight("http://example.com", "PUT")).await;
    assert_preflight_answered(&res, ":all");
    assert_eq!(h(res.headers(), "access-control-allow-methods"), Some("*"));
}

/// `access-control-allow-headers`.
#[actix_web::test]
async fn corsica_preflight_allow_headers() {
    static FOO_BAR: Policy = policy!(origins = "*", methods = ["PUT"], allow_headers = ["X-Foo", "X-Bar"]);
    static ALL: Policy = policy!(origins = "*", methods = ["PUT"], allow_headers = "*");
    let res = plug(&FOO_BAR, preflight("http://example.com", "PUT")).await;
    assert_preflight_answered(&res, "listed");
    assert_eq!(sorted(list(res.headers(), "access-control-allow-headers")), ["x-bar", "x-foo"]);
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["put"]);
    let res = plug(&ALL, preflight_with("http://example.com", "PUT", "X-Header, X-Other-Header")).await;
    assert_preflight_answered(&res, ":all");
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
}

/// `access-control-allow-private-network`: `origins: "*"` with private network does not build
/// (rule 12); an `https` origin does. Only a preflight asking for it gets it (SPEC §4.1).
#[actix_web::test]
async fn corsica_preflight_allow_private_network() {
    static PNA: Policy = policy!(origins = ["https://example.com"], methods = ["PUT"], private_network);
    static NO_PNA: Policy = policy!(origins = ["https://example.com"], methods = ["PUT"]);
    assert_eq!(
        refused_rules(Policy::builder().origin("*").private_network(true)),
        [Rule::UnsafePrivateNetwork]
    );
    let res = plug(&NO_PNA, preflight("https://example.com", "PUT")).await;
    assert_eq!(h(res.headers(), "access-control-allow-private-network"), None);
    let asking = || {
        preflight("https://example.com", "PUT")
            .insert_header(("access-control-request-private-network", "true"))
    };
    let res = plug(&PNA, asking()).await;
    assert_preflight_answered(&res, "asked");
    assert_eq!(h(res.headers(), "access-control-allow-private-network"), Some("true"));
    assert_preflight_refused(&plug(&NO_PNA, asking()).await, "not allowed");
}

/// `access-control-max-age`.
#[actix_web::test]
async fn corsica_preflight_max_age() {
    static MAX_AGE: Policy = policy!(origins = "*", methods = ["PUT"], max_age = 400);
    let res = plug(&MAX_AGE, preflight("http://example.com", "PUT")).await;
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("400"));
}

/// `does nothing to non-CORS requests` (preflight): `OPTIONS` alone is routed (SPEC §4.9),
/// `Access-Control-Max-Age` never on it.
#[actix_web::test]
async fn corsica_preflight_non_cors_requests() {
    static MAX_AGE: Policy = policy!(origins = "*", methods = ["PUT"], max_age = 1);
    let res = plug(&MAX_AGE, TestRequest::default().method(Method::OPTIONS).uri("/")).await;
    assert_eq!(h(res.headers(), RAN), Some("OPTIONS"));
    assert_eq!(h(res.headers(), "access-control-max-age"), None);
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
}

/// `send_preflight_resp/4` with a valid and an invalid preflight.
#[actix_web::test]
async fn corsica_send_preflight_resp() {
    static PUT: Policy = policy!(origins = "*", methods = ["PUT"]);
    static GET_POST: Policy = policy!(origins = "*", methods = ["GET", "POST"]);
    let res = plug(&PUT, preflight("http://example.com", "PUT")).await;
    assert_preflight_answered(&res, "valid");
    assert_eq!(h(res.headers(), RAN), None);
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["put"]);
    let res = plug(&GET_POST, preflight("http://example.com", "PUT")).await;
    assert_preflight_refused(&res, "invalid");
    assert_eq!(h(res.headers(), RAN), None);
}

// ----- corsica: using Corsica as a plug -----------------------------------------------------------

static PLUG: Policy = policy!(origins = "*", methods = ["PUT"]);

/// "with simple requests".
#[actix_web::test]
async fn corsica_plug_simple_requests() {
    let res = plug(&PLUG, get_from("http://example.com")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "matched");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    // No `Origin`: corsica adds nothing; `*` goes on every response here (README `Vary`).
    let res = plug(&PLUG, TestRequest::get().uri("/")).await;
    assert_eq!(res.body(), "matched");
    assert_eq!(allow_origin(res.headers()), Some("*"));
}

/// "with preflight requests": corsica answers a refused one `200` without CORS headers;
/// here `403` (SPEC §4.2).
#[actix_web::test]
async fn corsica_plug_preflight_requests() {
    let res = plug(&PLUG, preflight("http://example.com", "PUT")).await;
    assert_preflight_answered(&res, "PUT");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["put"]);
    assert_preflight_refused(&plug(&PLUG, preflight("http://example.com", "PATCH")).await, "PATCH");
}

/// "with `:passthrough_non_cors_requests` set to true and a simple request / a preflight
/// request": without `Origin`, neither is CORS; `*` answers both, and `OPTIONS` is routed.
#[actix_web::test]
async fn corsica_plug_passthrough() {
    static PASSTHROUGH: Policy = policy!(origins = "*", allow_headers = ["X-Foo"]);
    let res = plug(&PASSTHROUGH, TestRequest::get().uri("/")).await;
    assert_eq!(res.body(), "matched");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    let res = plug(&PASSTHROUGH, TestRequest::default().method(Method::OPTIONS).uri("/")).await;
    // corsica answers it as a preflight (`200`, empty body, `-Allow-Methods`, `-Allow-Headers`);
    // without `Access-Control-Request-Method` it is none (SPEC §4.9): the app answers it.
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.body(), "matched");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
    assert_eq!(h(res.headers(), "access-control-allow-headers"), None);
}

// ----- corsica: properties_test.exs ---------------------------------------------------------------

/// `cors_req?/1` and `preflight_req?/1`: with `Origin`, CORS; a preflight is `OPTIONS` with
/// `Origin` and `Access-Control-Request-Method`, never without `Origin`.
#[test]
fn corsica_properties() {
    let policy = built(Policy::builder().origin("*").any_method());
    for method in [&b"GET"[..], b"POST", b"PUT", b"HEAD", b"DELETE", b"OPTIONS"] {
        for origin in ["http://a.b", "https://x1.y2", "http://abc.def"] {
            let request = CorsRequest {
                method,
                origin: HeaderInput::Absent,
                request_method: HeaderInput::Absent,
                request_headers: &[],
                request_private_network: HeaderInput::Absent,
            };
            assert_eq!(policy.decide(&request), Decision::NotCors);
            let with_origin = CorsRequest { origin: HeaderInput::One(origin.as_bytes()), ..request };
            assert_eq!(policy.decide(&with_origin), Decision::ActualAllowed);
            let asking = CorsRequest { request_method: HeaderInput::One(b"GET"), ..with_origin };
            if method == b"OPTIONS" {
                assert!(allowed(policy.decide(&asking)));
                let no_origin = CorsRequest { origin: HeaderInput::Absent, ..asking };
                assert_eq!(policy.decide(&no_origin), Decision::NotCors);
            } else {
                assert_eq!(policy.decide(&asking), Decision::ActualAllowed);
            }
        }
    }
}

// ----- corsica: router_test.exs -------------------------------------------------------------------

// `MyRouter`: `use Corsica.Router, origins: "*", max_age: 600`.

#[cors(origins = "*", max_age = 600)]
#[get("/foo")]
async fn foo(req: HttpRequest) -> HttpResponse {
    matched(req).await
}

/// `resource "/bar", origins: ~r/\.com$/`: matched against `Origin: foo.com`, which is no
/// origin; restated as the origin it stands for.
#[cors(origins = ["http://foo.com"], max_age = 600)]
#[get("/bar")]
async fn bar(req: HttpRequest) -> HttpResponse {
    matched(req).await
}

/// `resource "/preflight", allow_methods: ~w(PUT)`.
#[cors(origins = "*", max_age = 600)]
#[route("/preflight", method = "GET", method = "PUT")]
async fn preflight_resource(req: HttpRequest) -> HttpResponse {
    matched(req).await
}

fn mysubdomain_host(ctx: &guard::GuardContext<'_>) -> bool {
    ctx.head()
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| host.starts_with("mysubdomain."))
}

/// `resource "/mysubdomain", host: "mysubdomain."`: a guard on the host.
#[cors(origins = "*", max_age = 600)]
#[get("/mysubdomain", guard = "mysubdomain_host")]
async fn mysubdomain(req: HttpRequest) -> HttpResponse {
    matched(req).await
}

static MY_ROUTER: Policy = policy!(origins = "*", max_age = 600);

/// `Pipeline`: `MyRouter`, then `get _` (the default service, `matched`), with `resource
/// "/wild/*"` as a `Cors::scope`.
async fn pipeline(req: impl Fn() -> TestRequest) -> [(Answer, &'static str); 2] {
    macro_rules! app {
        () => {
            App::new()
                .service(foo)
                .service(bar)
                .service(preflight_resource)
                .service(mysubdomain)
                .service(Cors::new(&MY_ROUTER).scope("/wild").default_service(web::to(matched)))
                .default_service(web::to(matched))
        };
    }
    let plain = {
        let app = init_service(app!()).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    let layered = {
        let app = init_service(app!().wrap(Layer)).await;
        Answer::of(app.call(req().to_request()).await).await
    };
    [(plain, "Pipeline"), (layered, "Pipeline, Layer")]
}

fn get_path(path: &str, origin: &str) -> TestRequest {
    TestRequest::get().uri(path).insert_header((header::ORIGIN, origin))
}

/// `/foo on wildcard` (`WildcardRouter`: `resource "/*"`, a `Cors::scope("")` here) and `/foo`.
#[actix_web::test]
async fn corsica_router_foo() {
    let app =
        init_service(App::new().service(Cors::new(&MY_ROUTER).scope("").default_service(web::to(matched))))
            .await;
    let res = Answer::of(app.call(get_path("/foo", "http://foo.com").to_request()).await).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    for (res, mount) in pipeline(|| get_path("/foo", "http://foo.com")).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
    }
}

/// `/foo on origins as regex`: `OriginRegexRouter`, `origins: [~r{http://.*\.foo.com}]`, its
/// `.` escaped (rule 7).
#[actix_web::test]
async fn corsica_router_origin_regex() {
    #[cors(origins = [regex(r"http://.*\.foo\.com")], max_age = 600)]
    #[get("/foo")]
    async fn regex_foo(req: HttpRequest) -> HttpResponse {
        matched(req).await
    }
    #[cors(origins = [regex(r"http://.*\.foo\.com")], max_age = 600)]
    #[route("/preflight", method = "GET", method = "PUT")]
    async fn regex_preflight(req: HttpRequest) -> HttpResponse {
        matched(req).await
    }
    async fn call<F: HttpServiceFactory + 'static, G: HttpServiceFactory + 'static>(
        a: F,
        b: G,
        req: TestRequest,
    ) -> Answer {
        let app = init_service(App::new().service(a).service(b).default_service(web::to(matched))).await;
        Answer::of(app.call(req.to_request()).await).await
    }
    assert_eq!(refused_rules(Policy::builder().origin_regex(r"http://.*\.foo.com")), [Rule::UnsafeRegex]);
    let res = call(regex_foo, regex_preflight, get_path("/foo", "http://bar.foo.com")).await;
    assert_eq!(res.body(), "matched");
    assert_eq!(allow_origin(res.headers()), Some("http://bar.foo.com"));
    // `preflight requests on origin as regex`.
    let res =
        call(regex_foo, regex_preflight, support::preflight("/preflight", "http://bar.foo.com", "PUT")).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(allow_origin(res.headers()), Some("http://bar.foo.com"));
    assert_eq!(list(res.headers(), "access-control-allow-methods"), ["get", "put"]);
    // The peer's unanchored regex also takes these.
    for origin in ["http://bar.foo.com.evil.test", "http://barxfoo.com", "http://foo.com"] {
        let res = call(regex_foo, regex_preflight, get_path("/foo", origin)).await;
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new(), "{origin}");
    }
}

/// `/bar`.
#[actix_web::test]
async fn corsica_router_bar() {
    for (res, mount) in pipeline(|| get_path("/bar", "http://foo.com")).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("http://foo.com"), "{mount}");
    }
    for (res, mount) in pipeline(|| get_path("/bar", "http://foo.org")).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
}

/// `/wild`.
#[actix_web::test]
async fn corsica_router_wild() {
    for (res, mount) in pipeline(|| get_path("/wild/ca/rd", "http://foo.com")).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
    }
}

/// `/mysubdomain`: the resource answers for its host only; other hosts reach `get _`, which
/// adds nothing.
#[actix_web::test]
async fn corsica_router_mysubdomain() {
    let req = || {
        get_path("/mysubdomain", "http://foo.com").insert_header((header::HOST, "mysubdomain.example.com"))
    };
    for (res, mount) in pipeline(req).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
    }
    let req = || get_path("/mysubdomain", "http://foo.com").insert_header((header::HOST, "example.com"));
    for (res, mount) in pipeline(req).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
}

/// `preflight requests`.
#[actix_web::test]
async fn corsica_router_preflight_requests() {
    for (res, mount) in pipeline(|| support::preflight("/preflight", "http://foo.com", "PUT")).await {
        assert_preflight_answered(&res, mount);
        assert_eq!(allow_origin(res.headers()), Some("*"), "{mount}");
        assert_eq!(sorted(list(res.headers(), "access-control-allow-methods")), ["get", "put"], "{mount}");
        assert_eq!(h(res.headers(), "access-control-max-age"), Some("600"), "{mount}");
    }
}

/// `non-matching resource`.
#[actix_web::test]
async fn corsica_router_non_matching_resource() {
    for (res, mount) in pipeline(|| get_path("/non-matching", "http://foo.com")).await {
        assert_eq!(res.body(), "matched", "{mount}");
        assert_eq!(allow_origin(res.headers()), None, "{mount}");
    }
}

// ----- `cors_plug` ----------------------------------------------------------------------------------

/// `CORSPlug.init([])`'s defaults: `origin: ["*"]`, `credentials: true`, `max_age: 1728000`,
/// `headers` including `Origin`, `DNT`, `Keep-Alive`, methods `GET POST PUT PATCH DELETE
/// OPTIONS`. Four of its choices do not build: `*` with credentials (rule 1), a max age beyond
/// what browsers honour (rule 10), and three headers scripts can never set (rule 9).
#[test]
fn cors_plug_defaults_do_not_build() {
    let defaults = Policy::builder()
        .origin("*")
        .credentials(true)
        .max_age(1_728_000)
        .allow_headers([
            "Authorization",
            "Content-Type",
            "Accept",
            "Origin",
            "User-Agent",
            "DNT",
            "Cache-Control",
            "X-Mx-ReqToken",
            "Keep-Alive",
            "X-Requested-With",
            "If-Modified-Since",
            "X-CSRF-Token",
        ])
        .methods(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
    let mut rules = refused_rules(defaults);
    rules.sort_by_key(|r| r.number());
    assert_eq!(
        rules,
        [
            Rule::WildcardWithCredentials,
            Rule::InvalidHeader,
            Rule::InvalidHeader,
            Rule::InvalidHeader,
            Rule::MaxAgeOutOfRange
        ]
    );
}

/// The defaults as they build: no credentials (for `*`), 86400 s, the settable headers.
static CORS_PLUG_DEFAULTS: Policy = policy!(
    origins = "*",
    max_age = 86400,
    allow_headers = [
        "authorization",
        "content-type",
        "accept",
        "user-agent",
        "cache-control",
        "x-mx-reqtoken",
        "x-requested-with",
        "if-modified-since",
        "x-csrf-token",
    ],
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
);

/// `returns the right options for regular requests`.
#[actix_web::test]
async fn cors_plug_regular_requests() {
    let res = plug(&CORS_PLUG_DEFAULTS, TestRequest::get().uri("/")).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
}

/// `lets me overwrite options` / `returns the origin when origin is equal to origin option
/// string`.
#[actix_web::test]
async fn cors_plug_one_origin() {
    static ONE: Policy = policy!(origins = ["http://example.com"]);
    let res = plug(&ONE, get_from("http://example.com")).await;
    assert_eq!(allow_origin(res.headers()), Some("http://example.com"));
    // `returns no cors header when origin is not equal to origin option string`.
    let res = plug(&ONE, get_from("http://example2.com")).await;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
}

/// `halts and returns https status 204 for options requests by default`: `cors_plug` answers
/// `OPTIONS` with `Access-Control-Request-Method` and no `Origin` as a preflight. Without
/// `Origin` it is none (SPEC §4.9): the app answers it.
#[actix_web::test]
async fn cors_plug_options_without_origin() {
    let req = TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/")
        .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "GET"));
    let res = plug(&CORS_PLUG_DEFAULTS, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(res.headers(), RAN), Some("OPTIONS"));
    // `passes all the relevant headers on an options request`: `cors_plug` sends every kind;
    // here `*` goes on every response, preflight headers on preflights only.
    assert_eq!(allow_origin(res.headers()), Some("*"));
    for name in ["access-control-max-age", "access-control-allow-headers", "access-control-allow-methods"] {
        assert_eq!(h(res.headers(), name), None, "{name}");
    }
}

/// `passes all the relevant headers on an options request`, as a preflight (with `Origin`).
#[actix_web::test]
async fn cors_plug_preflight_headers() {
    let res = plug(&CORS_PLUG_DEFAULTS, preflight_with("http://example.com", "PUT", "x-csrf-token")).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(h(res.headers(), "access-control-max-age"), Some("86400"));
    assert!(list(res.headers(), "access-control-allow-headers").contains(&"x-csrf-token".to_owned()));
    assert!(list(res.headers(), "access-control-allow-methods").contains(&"put".to_owned()));
    // Expose headers belong to actual responses; credentials are off for `*`.
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
}

/// `does not include allow-credentials if set to false`.
#[actix_web::test]
async fn cors_plug_no_credentials() {
    static ONE: Policy = policy!(origins = ["http://example.com"]);
    let res = plug(&ONE, get_from("http://example.com")).await;
    assert_eq!(h(res.headers(), "access-control-allow-credentials"), None);
}

/// `returns the origin when origin is in origin option list` / `returns * string when the
/// origin * in the list`: `["http://example1.com", "http://example2.com", "*"]` does not build
/// (rule 2); `*` alone allows every origin.
#[actix_web::test]
async fn cors_plug_origin_lists() {
    static TWO: Policy = policy!(origins = ["http://example1.com", "http://example2.com"]);
    static ANY: Policy = policy!(origins = "*");
    static ONE: Policy = policy!(origins = ["http://example1.com"]);
    let rules = refused_rules(Policy::builder().origins(["http://example1.com", "http://example2.com", "*"]));
    assert!(!rules.is_empty() && rules.iter().all(|r| *r == Rule::DuplicateOrMixed), "{rules:?}");
    let res = plug(&TWO, get_from("http://example2.com")).await;
    assert_eq!(allow_origin(res.headers()), Some("http://example2.com"));
    let res = plug(&ANY, get_from("http://example2.com")).await;
    assert_eq!(allow_origin(res.headers()), Some("*"));
    // `returns no CORS header when origin is not in origin option list`.
    let res = plug(&ONE, get_from("http://example2.com")).await;
    assert_eq!(allow_origin(res.headers()), None);
}

/// `returns the origin when origin matches origin option regex` and the regex tests:
/// `~r/^example.+\.com$/` against `example42.com`, which is no origin. The regex does not
/// build (no scheme, and any name before `.com`: rule 7); what a user means by it, the
/// origins of their example sites, is written with a scheme and a domain of theirs.
#[actix_web::test]
async fn cors_plug_regex_origins() {
    static REGEX: Policy =
        policy!(origins = ["http://string.com", regex(r"^https://example[0-9]+\.string\.com$")]);
    assert_eq!(refused_rules(Policy::builder().origin_regex(r"^example.+\.com$")), [Rule::UnsafeRegex]);
    let res = plug(&REGEX, get_from("https://example42.string.com")).await;
    assert_eq!(allow_origin(res.headers()), Some("https://example42.string.com"));
    // `allows to mix regex and string in origin configuration`.
    let res = plug(&REGEX, get_from("http://string.com")).await;
    assert_eq!(allow_origin(res.headers()), Some("http://string.com"));
    // `returns no CORS header when origin is null and origin option is (a list containing) a
    // regex`: no `Origin`.
    let res = plug(&REGEX, TestRequest::get().uri("/")).await;
    assert_eq!(allow_origin(res.headers()), None);
    // `returns no CORS header when origin does not match origin option regex`.
    let res = plug(&REGEX, get_from("https://null-example42.string.com")).await;
    assert_eq!(allow_origin(res.headers()), None);
    // A `null` origin never matches (rule 4).
    let res = plug(&REGEX, get_from("null")).await;
    assert_eq!(allow_origin(res.headers()), None);
}

/// `uses exact match origin header`: only `Origin` is read, not `X-Origin` or `Original`.
#[actix_web::test]
async fn cors_plug_exact_match_origin_header() {
    static ONE: Policy = policy!(origins = ["http://example1.com"]);
    let req = TestRequest::get()
        .uri("/")
        .insert_header(("x-origin", "http://example0.com"))
        .insert_header((header::ORIGIN, "http://example1.com"))
        .insert_header(("original", "http://example2.com"));
    assert_eq!(allow_origin(plug(&ONE, req).await.headers()), Some("http://example1.com"));
    let req = TestRequest::get()
        .uri("/")
        .insert_header(("x-origin", "http://example1.com"))
        .insert_header(("original", "http://example1.com"));
    assert_eq!(allow_origin(plug(&ONE, req).await.headers()), None);
}

/// `exposed headers are returned` (on an `OPTIONS` request there) / `expose headers in options
/// are properly returned` (on a `GET` without `Origin` there): exposed on actual responses to
/// an allowed origin.
#[actix_web::test]
async fn cors_plug_exposed_headers() {
    static EXPOSING: Policy =
        policy!(origins = "*", expose_headers = ["content-range", "content-length", "accept-ranges"]);
    static CUSTOM: Policy =
        policy!(origins = "*", expose_headers = ["X-My-Custom-Header", "X-Another-Custom-Header"]);
    let res = plug(&EXPOSING, get_from("http://example.com")).await;
    assert_eq!(
        sorted(list(res.headers(), "access-control-expose-headers")),
        ["accept-ranges", "content-length", "content-range"]
    );
    let res = plug(&EXPOSING, preflight("http://example.com", "GET")).await;
    assert_preflight_answered(&res, "preflight");
    assert_eq!(h(res.headers(), "access-control-expose-headers"), None);
    let res = plug(&CUSTOM, TestRequest::get().uri("/")).await;
    // `*` answers every response alike, with or without `Origin` (README `Vary`).
    assert_eq!(allow_origin(res.headers()), Some("*"));
    assert_eq!(
        sorted(list(res.headers(), "access-control-expose-headers")),
        ["x-another-custom-header", "x-my-custom-header"]
    );
}

/// `allows all incoming headers` / `handles missing access-control-request-headers`:
/// `cors_plug` echoes the request's list (or an empty one); `*` covers them.
#[actix_web::test]
async fn cors_plug_all_headers() {
    static ANY_HEADER: Policy = policy!(origins = "*", allow_headers = "*");
    let res = plug(
        &ANY_HEADER,
        preflight_with("http://example.com", "GET", "custom-header,upgrade-insecure-requests"),
    )
    .await;
    assert_preflight_answered(&res, "asked");
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
    let res = plug(&ANY_HEADER, preflight("http://example.com", "GET")).await;
    assert_preflight_answered(&res, "not asked");
    assert_eq!(h(res.headers(), "access-control-allow-headers"), Some("*"));
}

/// `dont include Origin in Vary response header if the Origin doesn't match`: here every
/// response of a policy that is not `*` varies on `Origin` (SPEC §4.6): a cache keyed without
/// it would give this refusal to the allowed origin.
#[actix_web::test]
async fn cors_plug_vary_when_origin_does_not_match() {
    static ONE: Policy = policy!(origins = ["http://example.com"]);
    let res = plug(&ONE, get_from("http://null-example42.com")).await;
    assert_eq!(list(res.headers(), "vary"), ["origin"]);
}

/// `dont include Origin in Vary response header if the Access-Control-Allow-Origin is *` /
/// `dont change Vary response header if the Access-Control-Allow-Origin is *`.
#[actix_web::test]
async fn cors_plug_vary_with_any_origin() {
    static ANY: Policy = policy!(origins = "*");
    let res = plug(&ANY, get_from("http://null-example42.com")).await;
    assert_eq!(res.headers().get(header::VARY), None);
    let res = plug(&ANY, get_from("http://null-example42.com").insert_header((SET_VARY, "User-Agent"))).await;
    assert_eq!(support::vary(res.headers()), ["User-Agent"]);
}

/// `prepend Origin in Vary response header if the Origin matches and Vary header was set`
/// (the order of `Vary` names means nothing).
#[actix_web::test]
async fn cors_plug_vary_appended() {
    static ONE: Policy = policy!(origins = ["http://example.com"]);
    let res = plug(&ONE, get_from("http://example.com").insert_header((SET_VARY, "User-Agent"))).await;
    assert_eq!(sorted(list(res.headers(), "vary")), ["origin", "user-agent"]);
    assert_eq!(allow_origin(res.headers()), Some("http://example.com"));
}

/// `allowed methods in options are properly returned` / `default allowed methods are properly
/// returned`: the list, for a method that needs it (`GET` needs none, SPEC §4.1).
#[actix_web::test]
async fn cors_plug_allowed_methods() {
    static GET_POST: Policy = policy!(origins = "*", methods = ["GET", "POST"]);
    let res = plug(&GET_POST, preflight("http://example.com", "GET")).await;
    assert_preflight_answered(&res, "GET");
    let methods = list(res.headers(), "access-control-allow-methods");
    assert!(methods.is_empty() || sorted(methods.clone()) == ["get", "post"], "{methods:?}");
    let res = plug(&CORS_PLUG_DEFAULTS, preflight("http://example.com", "PATCH")).await;
    assert_preflight_answered(&res, "PATCH");
    assert_eq!(
        sorted(list(res.headers(), "access-control-allow-methods")),
        ["delete", "get", "options", "patch", "post", "put"]
    );
}

/// `allows to be configured via app config` / `init headers override app headers`: one policy
/// per configuration; the listed header is what is answered.
#[actix_web::test]
async fn cors_plug_configured_headers() {
    static INIT: Policy = policy!(origins = "*", allow_headers = ["X-Init-Config-Header"]);
    let res = plug(&INIT, preflight("http://example.com", "GET")).await;
    assert_eq!(list(res.headers(), "access-control-allow-headers"), ["x-init-config-header"]);
}

/// `don't process non-cors preflight requests`: `OPTIONS` with `Origin` and no
/// `Access-Control-Request-Method`. `cors_plug` adds nothing; here it is an actual request (SPEC
/// §4 "any other request with `Origin`"), routed (SPEC §4.9), and answered as one.
#[actix_web::test]
async fn cors_plug_non_cors_preflight() {
    static ONE: Policy = policy!(origins = ["http://example.com"]);
    let res = plug(
        &ONE,
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/")
            .insert_header((header::ORIGIN, "http://example.com")),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(res.headers(), RAN), Some("OPTIONS"));
    assert_eq!(allow_origin(res.headers()), Some("http://example.com"));
    assert_eq!(h(res.headers(), "access-control-allow-methods"), None);
}
