//! Two peers' test suites, ported to strict-cors as a user moving from them would exercise it:
//!
//! - **jub0bs/cors** (Go), the strictest validator among CORS libraries: `middleware_test.go`
//!   (every request scenario of `TestMiddleware`, `TestReconfigure` and
//!   `Test_mutation_by_wrapping_middleware`), `config_test.go` (`TestConfig`,
//!   `TestConfig_invalid`) and the origin-pattern tables of `internal/origins/pattern_test.go`
//!   and `radix_test.go`.
//! - **Spring Framework**'s CORS processing: `DefaultCorsProcessorTests.java` and
//!   `CorsConfigurationTests.java` (`spring-web/src/test/java/org/springframework/web/cors/`).
//!
//! Each scenario is a configuration (`Policy::builder()` behind `Cors::new`, or `#[cors]` on a
//! route) and a real request through `actix_web::test`. Where a peer expects something else on
//! purpose, the assertion is strict-cors's documented behaviour and a comment names the rule.
//! Every configuration the peers refuse is tried on the builder; the ones it accepts are
//! collected and the test fails listing them.
//!
//! Not ported (no meaning here): jub0bs's `Test_incomparability_of_Config`,
//! `Test_that_unkeyed_Config_struct_literals_are_illegal`, `Test_that_Config_can_be_JSON_marshaled`
//! (Go type properties), the normalised `Config()` read-back of `TestConfig` (strict-cors has no
//! such getter: the accepted/refused verdict is ported instead), `TestIsDeemedInsecure` and
//! `TestHostIsEffectiveTLD` beyond what credentials make observable, the benchmarks, the
//! examples; Spring's `setNullValues`, `setValues` (setters), the seven `combine*` tests (Spring
//! merges a global and a handler configuration into a union; strict-cors lets the handler's
//! policy win, tested in `tests/named_policies.rs`), `actualRequestWithOriginHeaderAndNullConfig`
//! and `preflightRequestWithNullConfig` beyond "a route without a policy sends no CORS header".

#![allow(clippy::await_holding_lock)] // the debug-mode lock is held across a whole test on purpose

use std::cell::Cell;
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, get, route, web};
use strict_cors::{Cors, LivePolicy, Policy, PolicyBuilder, Rule, Violation, cors, policy};
use support::{Answer, get as header_of};

mod support;

// ---------------------------------------------------------------------------------------------
// What every scenario shares
// ---------------------------------------------------------------------------------------------

const ACAO: &str = "access-control-allow-origin";
const ACAC: &str = "access-control-allow-credentials";
const ACAM: &str = "access-control-allow-methods";
const ACAH: &str = "access-control-allow-headers";
const ACMA: &str = "access-control-max-age";
const ACEH: &str = "access-control-expose-headers";
const ACAPN: &str = "access-control-allow-private-network";
const ACRM: &str = "access-control-request-method";
const ACRH: &str = "access-control-request-headers";
const ACRPN: &str = "access-control-request-private-network";

/// jub0bs's test origin.
const LOCAL: &str = "http://localhost:9090";

/// Debug mode is process-wide: the tests that switch it on hold this lock alone, every other
/// test shares it.
static MODE: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    MODE.read().unwrap_or_else(PoisonError::into_inner)
}

/// Debug mode on until dropped (also when the test panics).
struct DebugMode(#[allow(dead_code)] RwLockWriteGuard<'static, ()>);

impl DebugMode {
    fn on() -> DebugMode {
        let guard = MODE.write().unwrap_or_else(PoisonError::into_inner);
        strict_cors::set_debug_mode(true);
        DebugMode(guard)
    }
}

impl Drop for DebugMode {
    fn drop(&mut self) {
        strict_cors::set_debug_mode(false);
    }
}

thread_local! {
    /// How many times the spy handler ran on this thread (each actix test runs on its own).
    static RAN: Cell<u32> = const { Cell::new(0) };
}

fn ran() -> u32 {
    RAN.with(Cell::get)
}

/// jub0bs's `newSpyHandler(200, http.Header{"Vary": {"foo"}}, "bar")`.
async fn spy() -> HttpResponse {
    RAN.with(|ran| ran.set(ran.get() + 1));
    HttpResponse::Ok().insert_header((header::VARY, "foo")).body("bar")
}

fn built(builder: &PolicyBuilder) -> &'static Policy {
    builder
        .build()
        .unwrap_or_else(|errors| panic!("the peer's configuration is refused: {errors}"))
        .into_static()
}

/// A request with `method` and header lines (a name given twice is two lines).
fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> TestRequest {
    let mut request = TestRequest::default().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(path);
    for &(name, value) in headers {
        request = request.append_header((name, HeaderValue::from_str(value).unwrap()));
    }
    request
}

/// Items of a comma-separated header, across its lines; lowercased unless `keep_case`.
fn items(answer: &Answer, name: &str, keep_case: bool) -> BTreeSet<String> {
    answer
        .headers()
        .get_all(name)
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| if keep_case { item.to_owned() } else { item.to_ascii_lowercase() })
        .collect()
}

fn set(list: &str) -> BTreeSet<String> {
    list.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
}

/// The names of the `Access-Control-*` response headers sent.
fn cors_names(answer: &Answer) -> BTreeSet<String> {
    support::cors_headers(answer.headers()).into_iter().collect()
}

fn vary(answer: &Answer) -> BTreeSet<String> {
    items(answer, "vary", false)
}

/// What a request must get back.
#[derive(Clone, Copy, Debug)]
enum Want {
    /// The handler's response (200, `Vary: foo`, body `bar`) with exactly these `Access-Control-*`
    /// headers; list values compare as sets.
    Actual(&'static [(&'static str, &'static str)]),
    /// An allowed preflight: 204, empty body, handler not run, exactly these headers.
    Preflight(&'static [(&'static str, &'static str)]),
    /// A refused preflight: 403, no `Access-Control-*` header, handler not run.
    Refused,
    /// A preflight for a method the `#[cors]` route does not serve: the router's 404 or 405,
    /// no CORS header, handler not run.
    NotServed,
}

struct Case {
    desc: &'static str,
    method: &'static str,
    headers: Vec<(&'static str, String)>,
    want: Want,
}

fn case(desc: &'static str, method: &'static str, headers: &[(&'static str, &str)], want: Want) -> Case {
    Case { desc, method, headers: headers.iter().map(|&(n, v)| (n, v.to_owned())).collect(), want }
}

/// Checks one answer against `want`; `varies`: whether the policy's answers depend on the origin
/// (anything but `origins = "*"` without credentials).
fn judge(answer: &Answer, ran_handler: bool, want: Want, varies: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    let (status, expected): (Option<StatusCode>, &[(&str, &str)]) = match want {
        Want::Actual(h) => (Some(StatusCode::OK), h),
        Want::Preflight(h) => (Some(StatusCode::NO_CONTENT), h),
        Want::Refused => (Some(StatusCode::FORBIDDEN), &[]),
        Want::NotServed => (None, &[]),
    };
    match status {
        Some(status) => {
            expect(answer.status() == status, format!("status {}, want {status}", answer.status()));
        }
        None => expect(
            matches!(answer.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
            format!("status {}, want the router's 404/405", answer.status()),
        ),
    }
    let is_actual = matches!(want, Want::Actual(_));
    expect(ran_handler == is_actual, format!("handler ran: {ran_handler}, want {is_actual}"));
    if is_actual {
        expect(answer.body() == "bar", format!("body {:?}, want the handler's", answer.body()));
        expect(vary(answer).contains("foo"), format!("the handler's Vary is lost: {:?}", vary(answer)));
    } else {
        expect(answer.body().is_empty() || !matches!(want, Want::Preflight(_)), "preflight body".into());
    }
    let want_names: BTreeSet<String> = expected.iter().map(|(n, _)| (*n).to_owned()).collect();
    expect(
        cors_names(answer) == want_names,
        format!("CORS headers {:?}, want {want_names:?}", cors_names(answer)),
    );
    for &(name, value) in expected {
        let got = items(answer, name, name == ACAM);
        let wanted = if name == ACAM { set(value) } else { set(&value.to_ascii_lowercase()) };
        if name == ACAO || name == ACAC || name == ACMA {
            let got = header_of(answer.headers(), name);
            expect(got == Some(value), format!("{name}: {got:?}, want {value:?}"));
        } else {
            expect(got == wanted, format!("{name}: {got:?}, want {wanted:?}"));
        }
    }
    if varies && !matches!(want, Want::NotServed) {
        expect(vary(answer).contains("origin"), format!("Vary {:?} lacks Origin", vary(answer)));
    }
    if matches!(want, Want::Preflight(_) | Want::Refused) {
        // strict-cors: preflight answers also vary on what they were asked (README, "What your
        // tests will see change"); Spring asserts the same of its own.
        for name in [ACRM, ACRH] {
            expect(vary(answer).contains(name), format!("preflight Vary {:?} lacks {name}", vary(answer)));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// Runs every case through `call` and fails listing every case that went wrong.
async fn check<F, Fut>(group: &str, call: F, cases: &[Case], varies: bool)
where
    F: Fn(TestRequest) -> Fut,
    Fut: Future<Output = Answer>,
{
    let mut failures = Vec::new();
    for case in cases {
        let headers: Vec<(&str, &str)> = case.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let before = ran();
        let answer = call(request(case.method, "/whatever", &headers)).await;
        if let Err(problem) = judge(&answer, ran() > before, case.want, varies) {
            failures.push(format!("{group} / {}: {problem}", case.desc));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// jub0bs's middleware wraps a handler for every method: `Cors::new` on a resource does too.
macro_rules! wrapped {
    ($policy:expr) => {
        init_service(App::new().service(web::resource("/whatever").wrap(Cors::new($policy)).to(spy))).await
    };
}

macro_rules! caller {
    ($app:ident) => {
        |request: TestRequest| {
            let app = &$app;
            async move { Answer::of(app.call(request.to_request()).await).await }
        }
    };
}

fn origin(value: &str) -> Vec<(&'static str, String)> {
    vec![("origin", value.to_owned())]
}

// ---------------------------------------------------------------------------------------------
// jub0bs/cors: TestMiddleware
// ---------------------------------------------------------------------------------------------

/// jub0bs's "passthrough" (no configuration): a route with no policy at all.
#[actix_web::test]
async fn jub0bs_passthrough_a_route_without_a_policy_sends_no_cors_header() {
    let _mode = shared();
    let app = init_service(App::new().route("/whatever", web::get().to(spy))).await;
    let call = caller!(app);
    for (desc, method, headers) in [
        ("non-CORS GET", "GET", vec![]),
        ("actual GET from allowed", "GET", vec![("origin", LOCAL)]),
        ("actual GET from invalid", "GET", vec![("origin", "invalid_origin")]),
        ("preflight with PUT", "OPTIONS", vec![("origin", LOCAL), (ACRM, "PUT")]),
        (
            "preflight with GET and headers",
            "OPTIONS",
            vec![("origin", LOCAL), (ACRM, "GET"), (ACRH, "bar,baz,foo")],
        ),
    ] {
        let before = ran();
        let answer = call(request(method, "/whatever", &headers)).await;
        assert!(cors_names(&answer).is_empty(), "{desc}: {:?}", cors_names(&answer));
        if method == "GET" {
            assert_eq!((answer.status(), answer.body()), (StatusCode::OK, "bar"), "{desc}");
        } else {
            // No policy answers it: routing does, and the GET-only route does not serve OPTIONS.
            assert!(answer.status().is_client_error(), "{desc}: {}", answer.status());
            assert_eq!(ran(), before, "{desc}: the handler ran");
        }
    }
}

/// The cases jub0bs's "credentialed" configuration shares between `Cors::new` and `#[cors]`.
fn credentialed_cases(put: Want) -> Vec<Case> {
    const ALLOWED: &[(&str, &str)] = &[(ACAO, LOCAL), (ACAC, "true"), (ACEH, "x-bar,x-foo")];
    // strict-cors lists the policy's methods, not only the one asked (README, "What your tests
    // will see change"), and leaves ACAM out for GET.
    const GET: &[(&str, &str)] = &[(ACAO, LOCAL), (ACAC, "true"), (ACAH, "authorization"), (ACMA, "30")];
    const PURGE: &[(&str, &str)] = &[
        (ACAO, LOCAL),
        (ACAC, "true"),
        (ACAM, "GET,POST,PURGE,HELP"),
        (ACAH, "authorization"),
        (ACMA, "30"),
    ];
    let p = |acrm: &str, acrh: Option<&str>| {
        let mut h = vec![("origin", LOCAL.to_owned()), (ACRM, acrm.to_owned())];
        h.extend(acrh.map(|v| (ACRH, v.to_owned())));
        h
    };
    let lines = |empty: usize, last: &str| {
        let mut h = p("PURGE", None);
        h.extend(std::iter::repeat_n((ACRH, String::new()), empty));
        h.push((ACRH, last.to_owned()));
        h
    };
    let c = |desc, method, headers, want| Case { desc, method, headers, want };
    vec![
        case("non-CORS GET", "GET", &[], Want::Actual(&[])),
        // jub0bs adds no Vary to OPTIONS; strict-cors varies every response on Origin (SPEC §4.6).
        case("non-CORS OPTIONS", "OPTIONS", &[], Want::Actual(&[])),
        c("actual GET from allowed", "GET", origin(LOCAL), Want::Actual(ALLOWED)),
        c("actual GET from disallowed", "GET", origin("https://example.com"), Want::Actual(&[])),
        c("actual GET from invalid", "GET", origin("invalid_origin"), Want::Actual(&[])),
        // OPTIONS without ACRM is no preflight: routed like any request (SPEC §4.9).
        c("actual OPTIONS from allowed", "OPTIONS", origin(LOCAL), Want::Actual(ALLOWED)),
        c("actual OPTIONS from disallowed", "OPTIONS", origin("https://example.com"), Want::Actual(&[])),
        c("fake preflight with GET from allowed", "OPTIONS", p("GET", None), Want::Preflight(GET)),
        c("preflight with PURGE from allowed", "OPTIONS", p("PURGE", None), Want::Preflight(PURGE)),
        c(
            "preflight with PURGE and Content-Type",
            "OPTIONS",
            p("PURGE", Some("content-type")),
            Want::Refused,
        ),
        c(
            "preflight with PURGE and Authorization",
            "OPTIONS",
            p("PURGE", Some("authorization")),
            Want::Preflight(PURGE),
        ),
        c(
            "... with some empty elements",
            "OPTIONS",
            p("PURGE", Some(",,authorization,,")),
            Want::Preflight(PURGE),
        ),
        // jub0bs refuses more than 16 empty elements; strict-cors's bound is 64 items, empty ones
        // included (README, "Hostile input").
        c(
            "... with 17 empty elements",
            "OPTIONS",
            p("PURGE", Some(&format!("authorization{}", ",".repeat(17)))),
            Want::Preflight(PURGE),
        ),
        c(
            "... with 64 empty elements",
            "OPTIONS",
            p("PURGE", Some(&format!("authorization{}", ",".repeat(64)))),
            Want::Refused,
        ),
        c("... with 16 empty ACRH lines", "OPTIONS", lines(16, "authorization"), Want::Preflight(PURGE)),
        // Same bound, over the lines joined (SPEC §4.7): 17 empty lines are 18 items.
        c("... with 17 empty ACRH lines", "OPTIONS", lines(17, "authorization"), Want::Preflight(PURGE)),
        c("... with 64 empty ACRH lines", "OPTIONS", lines(64, "authorization"), Want::Refused),
        c(
            "fake preflight with GET from disallowed",
            "OPTIONS",
            vec![("origin", "https://example.com".into()), (ACRM, "GET".into())],
            Want::Refused,
        ),
        c(
            "fake preflight with GET from invalid",
            "OPTIONS",
            vec![("origin", "invalid_origin".into()), (ACRM, "GET".into())],
            Want::Refused,
        ),
        c("preflight with PUT from allowed", "OPTIONS", p("PUT", None), put),
        c(
            "preflight with PUT from disallowed",
            "OPTIONS",
            vec![("origin", "https://example.com".into()), (ACRM, "PUT".into())],
            put,
        ),
        c(
            "preflight with GET and headers from allowed",
            "OPTIONS",
            p("GET", Some("bar,baz,foo")),
            Want::Refused,
        ),
        c(
            "preflight with GET and headers from disallowed",
            "OPTIONS",
            vec![
                ("origin", "https://example.org".into()),
                (ACRM, "GET".into()),
                (ACRH, "bar,baz,foo".into()),
            ],
            Want::Refused,
        ),
    ]
}

/// jub0bs's "credentialed", as a user moving a Go middleware over writes it: `Cors::new` on a
/// resource serving every method.
#[actix_web::test]
async fn jub0bs_credentialed_through_cors_new() {
    let _mode = shared();
    let policy = built(
        &Policy::builder()
            .origin(LOCAL)
            .credentials(true)
            .methods(["GET", "POST", "PURGE", "HELP"])
            .allow_headers(["Authorization"])
            .max_age(30)
            .expose_headers(["X-Foo", "X-Bar"]),
    );
    let app = wrapped!(policy);
    check("credentialed (Cors::new)", caller!(app), &credentialed_cases(Want::Refused), true).await;
}

#[cors(
    origins = ["http://localhost:9090"],
    credentials,
    methods = ["GET", "POST", "PURGE", "HELP"],
    allow_headers = ["Authorization"],
    max_age = 30,
    expose_headers = ["X-Foo", "X-Bar"]
)]
#[route("/whatever", method = "GET", method = "POST", method = "PURGE", method = "HELP", method = "OPTIONS")]
async fn credentialed_route() -> impl Responder {
    spy().await
}

/// The same configuration on the handler. The route serves `OPTIONS` too, as jub0bs's wrapped
/// handler does, so that `OPTIONS` without ACRM reaches it.
#[actix_web::test]
async fn jub0bs_credentialed_through_the_attribute() {
    let _mode = shared();
    let app = init_service(App::new().service(credentialed_route)).await;
    // A preflight for a method the route does not serve gets 405 without CORS headers (README,
    // "A route that serves OPTIONS itself"), where jub0bs answers 403.
    check("credentialed (#[cors])", caller!(app), &credentialed_cases(Want::NotServed), true).await;
}

/// jub0bs's "credentialed all req headers": `*` request headers with credentials. strict-cors
/// refuses that (rule 1: browsers read `*` literally on credentialed requests; jub0bs echoes the
/// request's list instead); the user lists the headers, and jub0bs's whitespace and
/// empty-element cases are answered the same.
#[actix_web::test]
async fn jub0bs_credentialed_all_request_headers() {
    const OK: &[(&str, &str)] = &[(ACAO, LOCAL), (ACAC, "true"), (ACAH, "bar,baz,foo"), (ACMA, "30")];
    let _mode = shared();
    let star = Policy::builder().origin(LOCAL).credentials(true).allow_headers(["*"]).max_age(30);
    let rules: Vec<Rule> = star.build().unwrap_err().iter().map(Violation::rule).collect();
    assert_eq!(rules, [Rule::WildcardWithCredentials]);

    let policy = built(
        &Policy::builder()
            .origin(LOCAL)
            .credentials(true)
            .methods(["GET", "HEAD", "POST"])
            .allow_headers(["bar", "baz", "foo"])
            .max_age(30)
            .expose_headers(["X-Foo", "X-Bar"]),
    );
    let app = wrapped!(policy);
    let p = |acrh: &[&str]| {
        let mut h = vec![("origin", LOCAL.to_owned()), (ACRM, "GET".to_owned())];
        h.extend(acrh.iter().map(|v| (ACRH, (*v).to_owned())));
        h
    };
    let empty_lines = |n: usize| {
        let mut lines = vec![""; n];
        lines.push("bar,baz,foo");
        p(&lines)
    };
    let c = |desc, headers, want| Case { desc, method: "OPTIONS", headers, want };
    let cases = [
        c("preflight with GET and headers", p(&["bar,baz,foo"]), Want::Preflight(OK)),
        c("... with some OWS", p(&["bar , baz\t, foo\t"]), Want::Preflight(OK)),
        c("... with too much OWS", p(&["bar \t, baz\t, foo\t"]), Want::Preflight(OK)),
        c("... with 16 empty elements", p(&[&format!("bar,baz,foo{}", ",".repeat(16))]), Want::Preflight(OK)),
        c("... with 17 empty elements", p(&[&format!("bar,baz,foo{}", ",".repeat(17))]), Want::Preflight(OK)),
        c("... with 16 empty lines", empty_lines(16), Want::Preflight(OK)),
        c("... with 17 empty lines", empty_lines(17), Want::Preflight(OK)),
        // From TestReconfigure: a method and a header outside the policy.
        c(
            "preflight with PURGE and bar,baz,foo,qux",
            vec![("origin", LOCAL.into()), (ACRM, "PURGE".into()), (ACRH, "bar,baz,foo,qux".into())],
            Want::Refused,
        ),
    ];
    check("credentialed listed req headers", caller!(app), &cases, true).await;
}

/// jub0bs's "credentialed no req headers".
#[actix_web::test]
async fn jub0bs_credentialed_no_request_headers() {
    let _mode = shared();
    let policy = built(
        &Policy::builder()
            .origin(LOCAL)
            .credentials(true)
            .methods(["GET", "HEAD", "POST"]) // jub0bs's default: the safelisted methods
            .max_age(30)
            .expose_headers(["X-Foo", "X-Bar"]),
    );
    let app = wrapped!(policy);
    let cases = [Case {
        desc: "preflight with GET and headers from allowed",
        method: "OPTIONS",
        headers: vec![("origin", LOCAL.into()), (ACRM, "GET".into()), (ACRH, "bar,baz,foo".into())],
        want: Want::Refused,
    }];
    check("credentialed no req headers", caller!(app), &cases, true).await;
}

/// jub0bs's "debug credentialed no req headers" and "debug credentialed some req headers".
#[actix_web::test]
async fn jub0bs_debug_mode_refusals_name_their_cause() {
    let _debug = DebugMode::on();
    let none = built(
        &Policy::builder()
            .origin(LOCAL)
            .credentials(true)
            .methods(["GET", "HEAD", "POST"])
            .max_age(30)
            .expose_headers(["X-Foo", "X-Bar"]),
    );
    let app = wrapped!(none);
    let p = |acrm: &str, acrh: Option<&str>| {
        let mut h = vec![("origin", LOCAL.to_owned()), (ACRM, acrm.to_owned())];
        h.extend(acrh.map(|v| (ACRH, v.to_owned())));
        h
    };
    let c = |desc, headers, want| Case { desc, method: "OPTIONS", headers, want };
    let cases = [
        // jub0bs sends ACAO and ACAC only; strict-cors's debug answer also carries the policy's
        // methods (README, "Debug mode": the headers that take the browser as far as the check
        // that fails).
        c(
            "preflight with GET and headers from allowed",
            p("GET", Some("bar,baz,foo")),
            Want::Preflight(&[(ACAO, LOCAL), (ACAC, "true"), (ACAM, "GET,HEAD,POST")]),
        ),
        // strict-cors's debug answer for a refused method carries the policy's methods, without
        // the one asked (README, "Debug mode"); jub0bs sends none.
        c(
            "preflight with disallowed method",
            p("PUT", None),
            Want::Preflight(&[(ACAO, LOCAL), (ACAC, "true"), (ACAM, "GET,HEAD,POST")]),
        ),
        // jub0bs answers a refused origin 403 even in debug mode; strict-cors answers 204 without
        // ACAO ("the origin (no Access-Control-Allow-Origin)", README, "Debug mode").
        c(
            "preflight with PUT from invalid",
            vec![("origin", "invalid_origin".into()), (ACRM, "PUT".into())],
            Want::Preflight(&[]),
        ),
    ];
    check("debug credentialed no req headers", caller!(app), &cases, true).await;
    drop(app); // one `Cors` on the thread at a time (see `jub0bs_two_policies_in_one_app`)

    let some = built(
        &Policy::builder()
            .origin(LOCAL)
            .credentials(true)
            .methods(["GET", "HEAD", "POST"])
            .allow_headers(["Authorization"])
            .max_age(30)
            .expose_headers(["X-Foo", "X-Bar"]),
    );
    let app = wrapped!(some);
    // jub0bs also sends ACMA: 30; strict-cors caches nothing in debug mode (README, "Debug
    // mode"), and sends the policy's methods as above.
    let cases = [c(
        "preflight with GET and headers from allowed",
        p("GET", Some("bar,baz,foo")),
        Want::Preflight(&[(ACAO, LOCAL), (ACAC, "true"), (ACAM, "GET,HEAD,POST"), (ACAH, "authorization")]),
    )];
    check("debug credentialed some req headers", caller!(app), &cases, true).await;
}

/// jub0bs's "all req headers other than Authorization" and "debug allow all": `*` everywhere,
/// `authorization` named beside `*`.
#[actix_web::test]
async fn jub0bs_allow_all() {
    const EVERY: &[(&str, &str)] = &[(ACAO, "*"), (ACEH, "*")];
    const SIMPLE: &[(&str, &str)] = &[(ACAO, "*"), (ACAH, "*,authorization"), (ACMA, "30")];
    const OTHER: &[(&str, &str)] = &[(ACAO, "*"), (ACAM, "*"), (ACAH, "*,authorization"), (ACMA, "30")];
    let _mode = shared();
    let all_but_auth = built(
        &Policy::builder().origin("*").any_method().allow_headers(["*"]).max_age(30).expose_headers(["*"]),
    );
    let app = wrapped!(all_but_auth);
    let cases = [Case {
        desc: "preflight with PURGE and Content-Type",
        method: "OPTIONS",
        headers: vec![("origin", LOCAL.into()), (ACRM, "PURGE".into()), (ACRH, "content-type".into())],
        want: Want::Preflight(&[(ACAO, "*"), (ACAM, "*"), (ACAH, "*"), (ACMA, "30")]),
    }];
    check("all req headers other than Authorization", caller!(app), &cases, false).await;
    drop(app); // one `Cors` on the thread at a time (see `jub0bs_two_policies_in_one_app`)

    let all = built(
        &Policy::builder()
            .origin("*")
            .any_method()
            .allow_headers(["Authorization", "*"])
            .max_age(30)
            .expose_headers(["*"]),
    );
    let app = wrapped!(all);
    // strict-cors sends ACAH (the policy's) on every allowed preflight, ACAM only when the method
    // asked is not GET, HEAD or POST (README, "What happens per request").
    let p = |origin: &str, acrm: &str, acrh: Option<&str>| {
        let mut h = vec![("origin", origin.to_owned()), (ACRM, acrm.to_owned())];
        h.extend(acrh.map(|v| (ACRH, v.to_owned())));
        h
    };
    let c = |desc, method, headers, want| Case { desc, method, headers, want };
    let cases = [
        c("non-CORS GET", "GET", vec![], Want::Actual(EVERY)),
        c("non-CORS OPTIONS", "OPTIONS", vec![], Want::Actual(EVERY)),
        c("actual GET", "GET", origin(LOCAL), Want::Actual(EVERY)),
        c("actual GET from invalid", "GET", origin("invalid_origin"), Want::Actual(EVERY)),
        c("actual OPTIONS", "OPTIONS", origin(LOCAL), Want::Actual(EVERY)),
        c("fake preflight with GET", "OPTIONS", p(LOCAL, "GET", None), Want::Preflight(SIMPLE)),
        c("preflight with PURGE", "OPTIONS", p(LOCAL, "PURGE", None), Want::Preflight(OTHER)),
        c(
            "preflight with PURGE and Content-Type",
            "OPTIONS",
            p(LOCAL, "PURGE", Some("content-type")),
            Want::Preflight(OTHER),
        ),
        c(
            "fake preflight with GET from invalid",
            "OPTIONS",
            p("invalid_origin", "GET", None),
            Want::Preflight(SIMPLE),
        ),
        c("preflight with PUT", "OPTIONS", p(LOCAL, "PUT", None), Want::Preflight(OTHER)),
        c(
            "preflight with GET and headers",
            "OPTIONS",
            p(LOCAL, "GET", Some("bar,baz,foo")),
            Want::Preflight(SIMPLE),
        ),
        c(
            "preflight with authorization",
            "OPTIONS",
            p(LOCAL, "PUT", Some("authorization")),
            Want::Preflight(OTHER),
        ),
    ];
    check("allow all", caller!(app), &cases, false).await;
}

/// Every jub0bs preflight case asserts that the wrapped handler is not called. An application
/// with two policies (two scopes, say) must not run its handlers on a preflight either (SPEC
/// §4.1: "handler not run"). With two plain `Cors::new` on one thread, routing runs first and
/// what they wrap sees the preflight (README, "more than one `Cors` middleware"); written as
/// the README advises, as `Cors::scope`s behind `Layer`, none does.
#[actix_web::test]
async fn jub0bs_two_policies_in_one_app() {
    let _mode = shared();
    let first = built(&Policy::builder().origin(LOCAL).methods(["PUT"]));
    let second = built(&Policy::builder().origin("https://admin.example.com").methods(["PUT"]));
    let app = init_service(
        App::new()
            .service(Cors::new(first).scope("/whatever").default_service(web::to(spy)))
            .service(Cors::new(second).scope("/admin").default_service(web::to(spy)))
            .wrap(strict_cors::Layer),
    )
    .await;
    let cases = [
        case(
            "preflight with PUT from allowed",
            "OPTIONS",
            &[("origin", LOCAL), (ACRM, "PUT")],
            Want::Preflight(&[(ACAO, LOCAL), (ACAM, "PUT")]),
        ),
        case(
            "preflight with PUT from disallowed",
            "OPTIONS",
            &[("origin", "https://example.com"), (ACRM, "PUT")],
            Want::Refused,
        ),
        case(
            "preflight with DELETE from allowed",
            "OPTIONS",
            &[("origin", LOCAL), (ACRM, "DELETE")],
            Want::Refused,
        ),
    ];
    check("two policies in one app", caller!(app), &cases, true).await;
}

/// jub0bs's "credentialed allow some": an exact origin with a port and a subdomain pattern.
#[actix_web::test]
async fn jub0bs_credentialed_allow_some() {
    const ALLOWED: &[(&str, &str)] =
        &[(ACAO, "https://example.com:8080"), (ACAC, "true"), (ACEH, "x-bar,x-foo")];
    let _mode = shared();
    let policy = built(
        &Policy::builder()
            .origins(["https://example.com:8080", "https://*.example.com"])
            .credentials(true)
            .methods(["GET", "POST", "PUT", "DELETE"])
            .allow_headers(["Foo", "Bar", "Baz", "Qux", "Quux"])
            .max_age(30)
            .expose_headers(["X-Foo", "X-Bar"]),
    );
    let app = wrapped!(policy);
    let c = |desc, method, headers, want| Case { desc, method, headers, want };
    let cases = [
        c("non-CORS GET", "GET", vec![], Want::Actual(&[])),
        c("non-CORS OPTIONS", "OPTIONS", vec![], Want::Actual(&[])),
        c("actual GET from allowed", "GET", origin("https://example.com:8080"), Want::Actual(ALLOWED)),
        c("actual GET from disallowed", "GET", origin("https://example.com:6060"), Want::Actual(&[])),
        c("actual GET from invalid", "GET", origin("invalid_origin"), Want::Actual(&[])),
        c(
            "actual OPTIONS from allowed",
            "OPTIONS",
            origin("https://example.com:8080"),
            Want::Actual(ALLOWED),
        ),
        // The pattern names no port: a subdomain on 8080 is another origin.
        c(
            "actual OPTIONS from disallowed",
            "OPTIONS",
            origin("https://foo.example.com:8080"),
            Want::Actual(&[]),
        ),
        c(
            "preflight with GET and headers from allowed",
            "OPTIONS",
            vec![
                ("origin", "https://example.com:8080".into()),
                (ACRM, "GET".into()),
                (ACRH, "bar,baz,foo".into()),
            ],
            // strict-cors lists the policy's headers, not an echo (README, "What your tests will
            // see change").
            Want::Preflight(&[
                (ACAO, "https://example.com:8080"),
                (ACAC, "true"),
                (ACAH, "foo,bar,baz,qux,quux"),
                (ACMA, "30"),
            ]),
        ),
    ];
    check("credentialed allow some", caller!(app), &cases, true).await;
}

/// jub0bs's outer middleware that sets `Vary: before` before calling the CORS middleware.
async fn vary_before(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    res.headers_mut().append(header::VARY, HeaderValue::from_static("before"));
    Ok(res)
}

/// jub0bs's "outer Vary middleware". Its configuration (one origin, no methods, no request
/// headers, no credentials) answers no preflight at all: strict-cors's `methods = []`.
#[actix_web::test]
async fn jub0bs_outer_vary_middleware() {
    let _mode = shared();
    let policy = built(&Policy::builder().origin(LOCAL).methods::<&str>([]));
    let app = init_service(
        App::new()
            .service(web::resource("/whatever").wrap(Cors::new(policy)).wrap(from_fn(vary_before)).to(spy)),
    )
    .await;
    let p = |origin: &str, acrm: &str, acrh: Option<&str>| {
        let mut h = vec![("origin", origin.to_owned()), (ACRM, acrm.to_owned())];
        h.extend(acrh.map(|v| (ACRH, v.to_owned())));
        h
    };
    let c = |desc, method, headers, want| Case { desc, method, headers, want };
    let cases = [
        c("non-CORS GET", "GET", vec![], Want::Actual(&[])),
        c("non-CORS OPTIONS", "OPTIONS", vec![], Want::Actual(&[])),
        c("actual GET from allowed", "GET", origin(LOCAL), Want::Actual(&[(ACAO, LOCAL)])),
        c("actual GET from disallowed", "GET", origin("https://example.com"), Want::Actual(&[])),
        c("actual GET from invalid", "GET", origin("invalid_origin"), Want::Actual(&[])),
        c("actual OPTIONS from allowed", "OPTIONS", origin(LOCAL), Want::Actual(&[(ACAO, LOCAL)])),
        c("actual OPTIONS from disallowed", "OPTIONS", origin("https://example.com"), Want::Actual(&[])),
        c("fake preflight with GET from allowed", "OPTIONS", p(LOCAL, "GET", None), Want::Refused),
        c("preflight with PURGE from allowed", "OPTIONS", p(LOCAL, "PURGE", None), Want::Refused),
        c(
            "preflight with PURGE and Content-Type",
            "OPTIONS",
            p(LOCAL, "PURGE", Some("content-type")),
            Want::Refused,
        ),
        c(
            "fake preflight with GET from disallowed",
            "OPTIONS",
            p("https://example.com", "GET", None),
            Want::Refused,
        ),
        c("fake preflight with GET from invalid", "OPTIONS", p("invalid_origin", "GET", None), Want::Refused),
        c("preflight with PUT from allowed", "OPTIONS", p(LOCAL, "PUT", None), Want::Refused),
        c(
            "preflight with PUT from disallowed",
            "OPTIONS",
            p("https://example.com", "PUT", None),
            Want::Refused,
        ),
        c("preflight with GET and headers", "OPTIONS", p(LOCAL, "GET", Some("bar,baz,foo")), Want::Refused),
        c(
            "... from disallowed",
            "OPTIONS",
            p("https://example.org", "GET", Some("bar,baz,foo")),
            Want::Refused,
        ),
    ];
    let call = caller!(app);
    check("outer Vary middleware", &call, &cases, true).await;
    // The outer middleware's Vary survives next to the policy's, on answers and refusals alike.
    for case in &cases {
        let headers: Vec<(&str, &str)> = case.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let answer = call(request(case.method, "/whatever", &headers)).await;
        assert!(vary(&answer).contains("before"), "{}: Vary {:?}", case.desc, vary(&answer));
    }
}

/// jub0bs's "regression tests for GHSA-vhxv-fg4m-p2w8": one allowed origin's host is never
/// matched as a prefix or suffix of another's.
#[actix_web::test]
async fn jub0bs_ghsa_vhxv_fg4m_p2w8_no_origin_is_spliced_from_two() {
    let _mode = shared();
    let policy = built(&Policy::builder().origins(["https://foo.com", "https://bar.com"]));
    let app = wrapped!(policy);
    let mut cases = Vec::new();
    for evil in ["https://barfoo.com", "https://foobar.com"] {
        cases.push(Case {
            desc: "actual GET from disallowed",
            method: "GET",
            headers: origin(evil),
            want: Want::Actual(&[]),
        });
        cases.push(Case {
            desc: "actual OPTIONS from disallowed",
            method: "OPTIONS",
            headers: origin(evil),
            want: Want::Actual(&[]),
        });
        for (acrm, acrh) in [("GET", None), ("PUT", None), ("GET", Some("bar,baz,foo"))] {
            let mut headers = vec![("origin", evil.to_owned()), (ACRM, acrm.to_owned())];
            headers.extend(acrh.map(|v: &str| (ACRH, v.to_owned())));
            cases.push(Case {
                desc: "preflight from disallowed",
                method: "OPTIONS",
                headers,
                want: Want::Refused,
            });
        }
    }
    check("GHSA-vhxv-fg4m-p2w8", caller!(app), &cases, true).await;
}

/// jub0bs's "insecure origin with non-HTTP scheme": jub0bs needs
/// `DangerouslyTolerateInsecureOrigins` for `connector://` with credentials; strict-cors takes it
/// as it is (rule 6 is about `http://`; see `jub0bs_refused_credentialed_origins`).
#[actix_web::test]
async fn jub0bs_non_http_scheme_origin() {
    const ALLOWED: &[(&str, &str)] = &[(ACAO, "connector://example.com"), (ACAC, "true")];
    let _mode = shared();
    let policy = built(&Policy::builder().origin("connector://example.com").credentials(true));
    let app = wrapped!(policy);
    let c = |desc, method, headers, want| Case { desc, method, headers, want };
    let cases = [
        c("non-CORS GET", "GET", vec![], Want::Actual(&[])),
        c("non-CORS OPTIONS", "OPTIONS", vec![], Want::Actual(&[])),
        c("actual GET from allowed", "GET", origin("connector://example.com"), Want::Actual(ALLOWED)),
        c("actual GET from disallowed", "GET", origin("connector://example.com:6060"), Want::Actual(&[])),
        c("actual GET from invalid", "GET", origin("invalid_origin"), Want::Actual(&[])),
        c("actual OPTIONS from allowed", "OPTIONS", origin("connector://example.com"), Want::Actual(ALLOWED)),
        c(
            "actual OPTIONS from disallowed",
            "OPTIONS",
            origin("connector://example.com:8080"),
            Want::Actual(&[]),
        ),
        c(
            "preflight with GET and headers from allowed",
            "OPTIONS",
            vec![
                ("origin", "connector://example.com".into()),
                (ACRM, "GET".into()),
                (ACRH, "bar,baz,foo".into()),
            ],
            Want::Refused,
        ),
    ];
    check("non-HTTP scheme", caller!(app), &cases, true).await;
}

/// jub0bs's "arbitrary subdomains and arbitrary ports".
#[actix_web::test]
async fn jub0bs_arbitrary_subdomains_and_ports() {
    let _mode = shared();
    let policy = built(&Policy::builder().origin("http://*.example.com:*"));
    let app = wrapped!(policy);
    let mut cases = Vec::new();
    for allowed in [
        "http://foo.example.com",
        "http://foo.example.com:6060",
        "http://bar.foo.example.com",
        "http://bar.foo.example.com:8080",
    ] {
        let want: &'static [(&'static str, &'static str)] = Box::leak(Box::new([(ACAO, allowed)]));
        cases.push(Case {
            desc: "actual GET from allowed",
            method: "GET",
            headers: origin(allowed),
            want: Want::Actual(want),
        });
    }
    for refused in ["http://example.com", "https://foo.example.com", "http://foo.example.com.evil.test"] {
        cases.push(Case {
            desc: "actual GET from disallowed",
            method: "GET",
            headers: origin(refused),
            want: Want::Actual(&[]),
        });
    }
    cases.push(Case {
        desc: "preflight with GET and headers from allowed",
        method: "OPTIONS",
        headers: vec![
            ("origin", "http://foo.example.com".into()),
            (ACRM, "GET".into()),
            (ACRH, "bar,baz,foo".into()),
        ],
        want: Want::Refused,
    });
    check("arbitrary subdomains and ports", caller!(app), &cases, true).await;
}

/// jub0bs's "many origins": ten one-label hosts sharing suffixes.
#[actix_web::test]
async fn jub0bs_many_origins() {
    const MANY: [&str; 10] = [
        "https://bat",
        "https://cat",
        "https://fat",
        "https://hat",
        "https://meerkat",
        "https://mat",
        "https://oat",
        "https://pat",
        "https://rat",
        "https://sat",
    ];
    let _mode = shared();
    let policy = built(&Policy::builder().origins(MANY));
    let app = wrapped!(policy);
    let mut cases: Vec<Case> = MANY
        .iter()
        .map(|&o| Case {
            desc: "actual GET from allowed",
            method: "GET",
            headers: origin(o),
            want: Want::Actual(Box::leak(Box::new([(ACAO, o)]))),
        })
        .collect();
    cases.push(Case {
        desc: "actual GET from https://hazmat",
        method: "GET",
        headers: origin("https://hazmat"),
        want: Want::Actual(&[]),
    });
    check("many origins", caller!(app), &cases, true).await;
}

/// jub0bs's radix-tree tables ("some wildcard-full patterns", "... and wildcard port", issue
/// #12): exact origins and `*.` patterns side by side, and origins built to look like them.
#[actix_web::test]
async fn jub0bs_origin_tree_accepts_and_rejects() {
    let _mode = shared();
    // jub0bs uses `*.kin`: strict-cors refuses a wildcard over a top-level domain the Public
    // Suffix List does not name (rule 5), so the same shapes sit under `kin.example`.
    let policy = built(&Policy::builder().origins([
        "https://cat.example",
        "https://concat.example",
        "https://*.kin.example",
        "https://a.kin.example",
        "https://*.kin.example:1",
        "https://pin.example",
        "https://*.example.net",
        "https://example.net:8080",
        "https://example.net",
    ]));
    let app = wrapped!(policy);
    let call = caller!(app);
    let accepts = [
        "https://cat.example",
        "https://concat.example",
        "https://a.kin.example",
        "https://pin.example",
        "https://nap.kin.example",
        "https://nap.kin.example:1",
        "https://foo.example.net",
        "https://example.net:8080",
        "https://example.net",
    ];
    let rejects = [
        "http://cat.example",
        "http://nap.kin.example",
        "http://nap.kin.example:1",
        "http://example.net",
        "https://cat.example:1",
        "https://pin.example:1",
        "https://ca.example",
        "https://nap.kin.exampl",
        "https://at.example",
        "https://copycat.example",
        "https://stringconcat.example",
        "https://bespin.example",
        "https://nap.kin.example:2",
        "https://foo.example.net:6060",
        "https://example.net:6060",
        "https://foo.example.ne",
        "https://foo.xample.net",
        "https://fooexample.net",
        "https://foo.fooexample.net",
        "https://fooexample.net:8080",
        "https://kin.example",
    ];
    let mut wrong = Vec::new();
    for (origin, allowed) in accepts.iter().map(|o| (o, true)).chain(rejects.iter().map(|o| (o, false))) {
        let answer = call(request("GET", "/whatever", &[("origin", origin)])).await;
        let got = header_of(answer.headers(), ACAO);
        if got != allowed.then_some(*origin) {
            wrong.push(format!("{origin}: ACAO {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// jub0bs's `TestReconfigure`: a middleware reconfigured in place. strict-cors's `LivePolicy`,
/// reloaded with builder policies; an invalid configuration never reaches it (the builder
/// returns its errors), the policy in force stays, and debug mode is untouched by a reload.
#[actix_web::test]
async fn jub0bs_reconfigure_is_a_live_policy_reload() {
    static LIVE: LivePolicy = LivePolicy::new(policy!(
        origins = ["http://localhost:9090"],
        credentials,
        methods = ["GET", "HEAD", "POST"],
        max_age = 30,
        expose_headers = ["X-Foo", "X-Bar"]
    ));
    let _mode = shared();
    let app =
        init_service(App::new().service(web::resource("/whatever").wrap(Cors::new(&LIVE)).to(spy))).await;
    let call = caller!(app);
    let with_headers = |acrm: &str, acrh: &str| {
        request("OPTIONS", "/whatever", &[("origin", LOCAL), (ACRM, acrm), (ACRH, acrh)])
    };

    let before = call(with_headers("GET", "bar,baz,foo")).await;
    assert_eq!(before.status(), StatusCode::FORBIDDEN);

    let debug = strict_cors::debug_mode();
    let next = Policy::builder()
        .origin(LOCAL)
        .credentials(true)
        .methods(["GET", "HEAD", "POST"])
        .allow_headers(["bar", "baz", "foo"])
        .max_age(30)
        .expose_headers(["X-Foo", "X-Bar"]);
    LIVE.reload(next.build().unwrap());
    assert_eq!(strict_cors::debug_mode(), debug, "a reload changed debug mode");
    let after = call(with_headers("GET", "bar,baz,foo")).await;
    assert_eq!(after.status(), StatusCode::NO_CONTENT);
    assert_eq!(items(&after, ACAH, false), set("bar,baz,foo"));
    assert_eq!(header_of(after.headers(), ACMA), Some("30"));
    assert_eq!(call(with_headers("PURGE", "bar,baz,foo,qux")).await.status(), StatusCode::FORBIDDEN);

    // "invalid config": no origin at all. The builder refuses; nothing is reloaded.
    assert!(Policy::builder().build().is_err());
    let still = call(with_headers("GET", "bar,baz,foo")).await;
    assert_eq!(still.status(), StatusCode::NO_CONTENT, "the policy in force was lost");
}

/// jub0bs's `Test_mutation_by_wrapping_middleware`: whatever a caller does to one response's
/// headers, the next response carries the policy's own values.
#[actix_web::test]
async fn jub0bs_mutating_one_response_does_not_change_the_next() {
    let _mode = shared();
    let policy = built(&Policy::builder().origin("https://example.com").methods(["PUT"]).credentials(true));
    let app = wrapped!(policy);
    let preflight = || request("OPTIONS", "/whatever", &[("origin", "https://example.com"), (ACRM, "PUT")]);
    let mut first = app.call(preflight().to_request()).await.unwrap();
    assert_eq!(header_of(first.headers(), ACAC), Some("true"));
    first.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("oops!"));
    drop(first);
    let second = Answer::of(app.call(preflight().to_request()).await).await;
    assert_eq!(header_of(second.headers(), ACAC), Some("true"));
}

// ---------------------------------------------------------------------------------------------
// jub0bs/cors: TestConfig_invalid, TestParsePattern, TestIsDeemedInsecure
// ---------------------------------------------------------------------------------------------

/// Runs each configuration a peer refuses through the builder; fails listing those it accepts.
fn all_refused(peer: &str, cases: Vec<(&str, PolicyBuilder)>) {
    let total = cases.len();
    let accepted: Vec<&str> = cases.into_iter().filter(|(_, b)| b.build().is_ok()).map(|(d, _)| d).collect();
    assert!(
        accepted.is_empty(),
        "{} of {total} configurations {peer} refuses build:\n  {}",
        accepted.len(),
        accepted.join("\n  ")
    );
}

fn ok() -> PolicyBuilder {
    Policy::builder().origin("https://example.com")
}

/// `TestConfig_invalid`, one case each.
#[test]
fn jub0bs_invalid_configs_are_refused() {
    let b = Policy::builder;
    all_refused(
        "jub0bs (TestConfig_invalid)",
        vec![
            ("no origin pattern specified", b()),
            ("null origin", b().origin("null")),
            ("invalid origin pattern", b().origin("http://example.com:6060/path")),
            ("empty method name", ok().methods([""])),
            ("invalid method name", ok().methods(["résumé"])),
            ("forbidden method name", ok().methods(["GET", "CONNECT"])),
            ("empty request-header name", ok().allow_headers([""])),
            ("invalid request-header name", ok().allow_headers(["résumé"])),
            ("forbidden request-header name", ok().allow_headers(["Connection"])),
            ("forbidden request-header name with Sec- prefix", ok().allow_headers(["Sec-Foo"])),
            ("forbidden request-header name with Proxy- prefix", ok().allow_headers(["Proxy-Foo"])),
            ("max age less than -1", ok().allow_headers(["Content-Type", "Authorization"]).max_age(-2)),
            (
                "max age exceeds upper bound",
                ok().allow_headers(["Content-Type", "Authorization"]).max_age(86_401),
            ),
            ("empty response-header name", ok().expose_headers([""])),
            ("invalid response-header name", ok().expose_headers(["résumé"])),
            ("forbidden response-header name", ok().expose_headers(["Set-Cookie"])),
            ("wildcard origin with Credentialed", b().origin("*").credentials(true)),
            ("wildcard response-header name with Credentialed", ok().credentials(true).expose_headers(["*"])),
            ("*.com with Credentialed", b().origin("https://*.com").credentials(true)),
        ],
    );
}

/// `TestConfig_invalid`'s "prohibited" names: CORS response headers listed as request headers,
/// and CORS request headers (and `Origin`) listed as exposed response headers. A user who writes
/// them has mixed up the two lists; the preflight or the script never sees what they expect.
#[test]
fn jub0bs_prohibited_header_names_are_refused() {
    let mut cases = Vec::new();
    for name in [
        "Access-Control-Allow-Origin",
        "access-control-allow-credentials",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-max-age",
        "access-control-expose-headers",
    ] {
        cases.push((name, ok().allow_headers([name])));
    }
    for name in [
        "origin",
        "Access-Control-Request-Method",
        "access-control-request-headers",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-max-age",
    ] {
        cases.push((name, ok().expose_headers([name])));
    }
    all_refused("jub0bs (prohibited header names)", cases);
}

/// `TestConfig_invalid`'s "multiple configuration issues": every mistake reported at once.
#[test]
fn jub0bs_multiple_configuration_issues_are_all_reported() {
    let errors = Policy::builder()
        .origins(["http://example.com", "https://example.com/"])
        .methods(["CONNECT", "résumé"])
        .allow_headers(["résumé", "Access-Control-Allow-Origin"])
        .max_age(86_401)
        .build()
        .unwrap_err();
    // jub0bs reports six mistakes; each of these five is reported by strict-cors in the same
    // run. The sixth, `Access-Control-Allow-Origin` as a request header, is a prohibited name
    // (`jub0bs_prohibited_header_names_are_refused`).
    let printed = errors.to_string();
    for (value, rule) in [
        ("`https://example.com/`", Rule::MalformedOrigin),
        ("`CONNECT`", Rule::InvalidMethod),
        ("invalid method: `résumé`", Rule::InvalidMethod),
        ("invalid header: `résumé`", Rule::InvalidHeader),
        ("`max_age = 86401`", Rule::MaxAgeOutOfRange),
    ] {
        assert!(printed.contains(value), "{value} not reported:\n{printed}");
        assert!(
            errors.iter().any(|v| v.rule() == rule && v.to_string().contains(value)),
            "{value}: {printed}"
        );
    }
}

/// `TestParsePattern`'s failures: origin patterns jub0bs cannot parse.
#[test]
fn jub0bs_unparsable_origin_patterns_are_refused() {
    const HOST_251: &str = "a2345678901234567890123456789012345678901234567890\
        1234567890.a2345678901234567890123456789012345678901234567890\
        1234567890.a2345678901234567890123456789012345678901234567890\
        1234567890.a2345678901234567890123456789012345678901234567890\
        1234567890.a234567";
    let b = |o: String| Policy::builder().origin(o);
    let s = |o: &str| Policy::builder().origin(o);
    all_refused(
        "jub0bs (TestParsePattern)",
        vec![
            // every host it matches is longer than the 253 characters of a DNS name
            ("wildcard character sequence followed by 252 chars", b(format!("https://*.a{HOST_251}"))),
            ("too long by 1", b(format!("{}://*.a{HOST_251}:65535", "a".repeat(64)))),
            ("null origin", s("null")),
            ("userinfo", s("https://user:password@example.com:6060")),
            ("path", s("https://example.com:6060/foo")),
            ("querystring delimiter with empty querystring", s("https://example.com:6060?")),
            ("querystring", s("https://example.com:6060?foo=bar")),
            ("fragment", s("https://example.com:6060#nav")),
            ("short input without scheme-host delimiter", s("ab")),
            ("short input with colon but without double slash", s("ab:")),
            ("whitespace", s(" http://example.com:6060 ")),
            ("file scheme", s("file:///foo")),
            ("file scheme with domain", s("file://example.com")),
            ("invalid first char in scheme", s("42-chrome-extension://foo")),
            ("invalid later char in scheme", s("chrome-extension*://foo")),
            ("http with explicit port 80", s("http://foo:80")),
            ("https with explicit port 443", s("https://foo:443")),
            ("invalid host char", s("https://^foo")),
            ("single-digit host", s("http://1:6060")),
            ("host containing non-ASCII chars", s("https://résumé.com")),
            ("invalid host char after label sep", s("https://foo.^bar")),
            ("domain with colon but no port", s("https://foo:")),
            ("domain with negative port", s("https://foo:-1")),
            ("domain with 0 port", s("https://foo:0")),
            ("non-numeric port", s("https://foo:abc")),
            ("leading zero in port", s("https://foo:06060")),
            ("5-digit port followed by junk", s("https://foo:12345foo")),
            ("port longer than five digits", s("https://foo:123456")),
            ("overflow port", s("https://foo:65536")),
            ("valid port followed by junk", s("https://foo:12390abc")),
            ("invalid TLD", s("http://foo.bar.255:6060")),
            ("longer invalid TLD", s("http://foo.bar.baz.012345678901234567890123456789:6060")),
            ("invalid IP address", s("http://[::1]1:6060")),
            ("IP host with colon but no port", s("http://127.0.0.1:")),
            ("IP with negative port", s("http://127.0.0.1:-1")),
            ("IP with 0 port", s("http://127.0.0.1:0")),
            ("IPv4 host with trailing full stop", s("https://127.0.0.1.:90")),
            ("malformed ipv4 with one too many octets", s("http://127.0.0.1.1")),
            ("junk in brackets", s("http://[example]:90")),
            ("no brackets around IPv6", s("https://::1:90")),
            ("missing closing bracket in IPv6", s("http://[::1:90")),
            ("missing opening bracket in IPv6", s("https://::1]:90")),
            ("IPv6 preceded by junk", s("https://abc[::1]:90")),
            ("IPv6 followed by junk", s("https://[::1]abc:90")),
            ("loopback IPv4 in non-standard form", s("http://127.1:3999")),
            ("too many colons in IPv6", s("http://[::::::::::::::::1]:90")),
            ("uncompressed IPv6", s("http://[2001:4860:4860:0000:0000:0000:0000:8888]:90")),
            ("IPv6 with a zone", s("http://[fe80::1ff:fe23:4567:890a%eth2]:90")),
            ("host contains uppercase letters", s("http://exAmplE.coM:3999")),
            ("multiple trailing full stops in host", s("http://example.com..:3999")),
            ("empty label", s("http://example..com:3999")),
            ("host contains invalid Punycode label", s("http://xn--f")),
            ("leading double asterisk", s("http://**.example.com:3999")),
            ("out-of-place wildcard", s("http://fooo.*.example.com:3999")),
            ("wildcard not followed by a full stop", s("http://*example.com:3999")),
            ("wildcard character sequence with IPv6", s("http://*.[::1]:3999")),
            ("wildcard character sequence with IPv4", s("http://*.127.0.0.1:3999")),
        ],
    );
    // jub0bs refuses IPv4-mapped IPv6 outright; here it is an address browsers can send (a page
    // served from it), taken as written, and refused with credentials as any plain-http origin.
    assert!(s("http://[::ffff:7f7f:7f7f]:90").build().is_ok());
    assert!(s("http://[::ffff:7f7f:7f7f]:90").credentials(true).build().is_err());
}

/// `TestParsePattern`'s successes that strict-cors also takes: what a user moving over keeps.
#[test]
fn jub0bs_parsable_origin_patterns_mostly_build() {
    const HOST_251: &str = "a2345678901234567890123456789012345678901234567890\
        1234567890.a2345678901234567890123456789012345678901234567890\
        1234567890.a2345678901234567890123456789012345678901234567890\
        1234567890.a2345678901234567890123456789012345678901234567890\
        1234567890.a234567";
    for origin in [
        format!("https://*.{HOST_251}"),
        "connector://foo".into(),
        "a://example.com".into(),
        "z://example.com".into(),
        "https://127.0.0.1:90".into(),
        "http://69.254.169.254".into(),
        "http://127.0.0.1:90".into(),
        "https://[::1]:90".into(),
        "http://[2001:db8:aaaa:1111::100]:9090".into(),
        "http://[::1]:90".into(),
        "http://ex_am-ple.com:3999".into(),
        "http://*.example.com:3999".into(),
        "http://*.example.com:*".into(),
    ] {
        if let Err(errors) = Policy::builder().origin(&origin).build() {
            panic!("{origin}: {errors}");
        }
    }
    // jub0bs keeps a host's trailing full stop, which browsers keep in Origin too; strict-cors
    // refuses it as an empty label (rule 3).
    let errors = Policy::builder().origin("http://example.com.:3999").build().unwrap_err();
    assert_eq!(errors.iter().map(Violation::rule).collect::<Vec<_>>(), [Rule::MalformedOrigin]);
}

/// `TestIsDeemedInsecure` and the "insecure" and "psl" refusals: with credentials, jub0bs refuses
/// every origin that is not `https://`, loopback or a `localhost` name, and `*.` over a public
/// suffix.
#[test]
fn jub0bs_refused_credentialed_origins() {
    let creds = |o: &str| Policy::builder().origin(o).credentials(true);
    all_refused(
        "jub0bs (credentialed: insecure or public suffix)",
        vec![
            ("http://example.com:6060", creds("http://example.com:6060")),
            ("http://*.example.com:6060", creds("http://*.example.com:6060")),
            ("http://alocalhost", creds("http://alocalhost")),
            ("http://*.alocalhost", creds("http://*.alocalhost")),
            ("http://foo.localhosta", creds("http://foo.localhosta")),
            ("http://169.254.169.254:90", creds("http://169.254.169.254:90")),
            ("http://[2001:db8:aaaa:1111::100]:9090", creds("http://[2001:db8:aaaa:1111::100]:9090")),
            ("https://*.com", creds("https://*.com")),
            ("https://*.github.io", creds("https://*.github.io")),
        ],
    );
    // jub0bs also refuses `connector://example.com` with credentials: any scheme but https. Here
    // rule 6 is about plain `http://`; pages of other schemes (`chrome-extension://`,
    // `tauri://`) are secure contexts to browsers (see `jub0bs_non_http_scheme_origin`).
    assert!(creds("connector://example.com").build().is_ok());
    // What jub0bs deems secure, strict-cors takes too.
    for origin in [
        "https://example.com",
        "https://*.example.com",
        "http://localhost",
        "http://*.localhost",
        "http://foo.bar.baz.localhost",
        "http://127.0.0.1",
        "http://127.127.127.127",
        "http://[::1]:90",
    ] {
        if let Err(errors) = creds(origin).build() {
            panic!("{origin}: {errors}");
        }
    }
}

/// `TestConfig`'s valid configurations, as strict-cors judges them: some are refused on
/// purpose (each with its rule), the rest build.
#[test]
fn jub0bs_valid_configs_as_strict_cors_judges_them() {
    let b = Policy::builder;
    let refused: Vec<(&str, PolicyBuilder, Rule)> = vec![
        // The same header twice, in another case (rule 2); jub0bs deduplicates silently.
        (
            "anonymous allow all",
            b().origin("*")
                .any_method()
                .allow_headers(["authoriZation", "*", "Authorization"])
                .expose_headers(["*"]),
            Rule::DuplicateOrMixed,
        ),
        (
            "duplicate origins",
            b().origins(["https://example.com", "https://example.com"]),
            Rule::DuplicateOrMixed,
        ),
        // jub0bs's -1 means "disable caching": strict-cors's `max_age = 0` (rule 10).
        ("max age -1", ok().max_age(-1), Rule::MaxAgeOutOfRange),
        (
            "http origin with credentials (DangerouslyTolerateInsecureOrigins)",
            b().origin("http://example.com").credentials(true),
            Rule::InsecureCredentials,
        ),
        (
            "`*` request headers with credentials",
            ok().credentials(true).allow_headers(["*"]),
            Rule::WildcardWithCredentials,
        ),
        (
            "discrete origin patterns in addition to wildcard",
            b().origins(["http://example.com", "*"]),
            Rule::DuplicateOrMixed,
        ),
        ("discrete methods in addition to wildcard", ok().methods(["DELETE", "*"]), Rule::InvalidMethod),
        ("browser-normalized methods", ok().methods(["Get"]), Rule::InvalidMethod),
        (
            "discrete request-header names in addition to wildcard",
            ok().allow_headers(["X-Api-Key", "*"]),
            Rule::DuplicateOrMixed,
        ),
        (
            "discrete response-header names in addition to wildcard",
            ok().expose_headers(["X-Foo", "*"]),
            Rule::DuplicateOrMixed,
        ),
        (
            "wildcard pattern over a public suffix (DangerouslyTolerate...)",
            b().origin("https://*.com"),
            Rule::MisplacedWildcard,
        ),
        // jub0bs accepts a max age that no preflight will use; with `methods = []` strict-cors
        // refuses it (rule 2, "a preflight key with methods = []").
        (
            "max age with no possible preflight",
            b().origin("http://example.com").methods::<&str>([]).max_age(10),
            Rule::DuplicateOrMixed,
        ),
    ];
    let mut wrong = Vec::new();
    for (desc, builder, rule) in refused {
        match builder.build() {
            Ok(_) => wrong.push(format!("{desc}: accepted, want {rule:?}")),
            Err(errors) if !errors.iter().any(|v| v.rule() == rule) => {
                wrong.push(format!("{desc}: {errors}, want {rule:?}"));
            }
            Err(_) => {}
        }
    }
    for (desc, builder) in [
        (
            "anonymous allow all, deduplicated",
            b().origin("*").any_method().allow_headers(["*", "authorization"]).expose_headers(["*"]),
        ),
        (
            "anonymous allow all but not Authorization",
            b().origin("*").any_method().allow_headers(["*"]).expose_headers(["*"]),
        ),
        (
            "discrete headers, zero max age",
            ok().allow_headers(["x-foO", "x-Bar", "authoRizaTion"])
                .max_age(0)
                .expose_headers(["x-FOO", "X-baR"]),
        ),
        (
            "credentialed, patterns with ports",
            b().origins(["https://*.example.com:8080", "https://*.foo.example.com:8080"])
                .credentials(true)
                .methods(["POST", "PUT", "DELETE", "GET"])
                .max_age(86_400),
        ),
        (
            "safelisted response-header names",
            b().origin("http://example.com").expose_headers(["Cache-Control", "content-Language", "X-Foo"]),
        ),
        ("methods that are not browser-normalized", ok().methods(["getaway", "headstrong", "postal"])),
        ("max age with the default methods", b().origin("http://example.com").max_age(10)),
    ] {
        if let Err(errors) = builder.build() {
            wrong.push(format!("{desc}: {errors}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

// ---------------------------------------------------------------------------------------------
// Spring: DefaultCorsProcessorTests
// ---------------------------------------------------------------------------------------------

const D2: &str = "https://domain2.com";

/// Spring's `MockHttpServletRequest` for `/test.html`, through a policy on that resource.
macro_rules! spring {
    ($builder:expr) => {{
        let policy = built(&$builder);
        init_service(App::new().service(web::resource("/test.html").wrap(Cors::new(policy)).to(spy))).await
    }};
}

macro_rules! send {
    ($app:expr, $method:expr, $headers:expr) => {{
        let before = ran();
        let answer = Answer::of($app.call(request($method, "/test.html", $headers).to_request()).await).await;
        (answer, ran() > before)
    }};
}

/// `requestWithoutOriginHeader`, `sameOriginRequest`, `actualRequestWithOriginHeader`: the
/// response varies on Origin; no CORS header for an origin the policy does not list.
#[actix_web::test]
async fn spring_actual_requests_from_origins_not_allowed() {
    let _mode = shared();
    let app = spring!(Policy::builder().origin("https://domain3.example"));
    for (desc, headers) in [
        ("without Origin", vec![]),
        // Spring skips CORS for the server's own origin; strict-cors only knows the policy.
        ("same origin", vec![("origin", "http://domain1.example")]),
        ("another origin", vec![("origin", D2)]),
    ] {
        let (answer, ran) = send!(&app, "GET", &headers);
        // Spring answers 403 to an origin it refuses; strict-cors runs the handler and sends no
        // CORS header, so the browser hides the response (README, `.block_on_origin_mismatch`).
        assert_eq!(answer.status(), StatusCode::OK, "{desc}");
        assert!(ran, "{desc}");
        assert!(cors_names(&answer).is_empty(), "{desc}: {:?}", cors_names(&answer));
        // Spring also varies on ACRM and ACRH here; strict-cors's actual responses vary on Origin
        // only (README, "What your tests will see change").
        assert!(vary(&answer).contains("origin"), "{desc}: {:?}", vary(&answer));
    }
}

/// `actualRequestWithOriginHeaderAndNullConfig`, `preflightRequestWithNullConfig`: no
/// configuration, no CORS.
#[actix_web::test]
async fn spring_no_configuration() {
    let _mode = shared();
    let app = init_service(App::new().route("/test.html", web::get().to(spy))).await;
    let (answer, ran) = send!(&app, "GET", &[("origin", D2)]);
    assert!(ran && answer.status() == StatusCode::OK && cors_names(&answer).is_empty());
    let (answer, ran) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "GET")]);
    assert!(!ran && !answer.status().is_success() && cors_names(&answer).is_empty(), "{}", answer.status());
}

/// `actualRequestWithOriginHeaderAndAllowedOrigin`.
#[actix_web::test]
async fn spring_actual_request_any_origin() {
    let _mode = shared();
    let app = spring!(Policy::builder().origin("*"));
    let (answer, ran) = send!(&app, "GET", &[("origin", D2)]);
    assert!(ran);
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(header_of(answer.headers(), ACAO), Some("*"));
    assert_eq!(cors_names(&answer), BTreeSet::from([ACAO.to_owned()]));
    // Spring varies on Origin here too; strict-cors's `*` never depends on the origin, so it
    // does not (README, "Vary").
    assert!(!vary(&answer).contains("origin"), "{:?}", vary(&answer));
}

/// `actualRequestCredentials` and `preflightRequestCredentials`. Spring lists
/// `http://domain3.example` beside the https origins, with credentials: strict-cors refuses that
/// (rule 6); with the https origins only, the same requests are answered as Spring answers them.
#[actix_web::test]
async fn spring_credentials() {
    let _mode = shared();
    let spring = Policy::builder()
        .origins(["https://domain1.com", D2, "http://domain3.example"])
        .allow_headers(["Header1"])
        .credentials(true);
    let rules: Vec<Rule> = spring.build().unwrap_err().iter().map(Violation::rule).collect();
    assert_eq!(rules, [Rule::InsecureCredentials]);

    let app = spring!(
        Policy::builder().origins(["https://domain1.com", D2]).allow_headers(["Header1"]).credentials(true)
    );
    let (answer, _) = send!(&app, "GET", &[("origin", D2)]);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    assert_eq!(header_of(answer.headers(), ACAC), Some("true"));
    assert!(vary(&answer).contains("origin"));

    let (answer, ran) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "Header1")]);
    assert!(!ran);
    // Spring answers 200; strict-cors 204 (SPEC §4.1).
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    assert_eq!(header_of(answer.headers(), ACAC), Some("true"));
    for name in ["origin", ACRM, ACRH] {
        assert!(vary(&answer).contains(name), "{name}: {:?}", vary(&answer));
    }
}

/// `actualRequestCredentialsWithWildcardOrigin`, `preflightRequestCredentialsWithWildcardOrigin`:
/// Spring throws for `*` with credentials, then reflects any origin through the pattern `*`.
/// strict-cors refuses both: no entry reflects every origin with credentials (rules 1, 2, 7).
#[test]
fn spring_any_origin_with_credentials_is_refused() {
    all_refused(
        "Spring (any origin with credentials)",
        vec![
            ("`*` with credentials", Policy::builder().origin("*").credentials(true)),
            (
                "`*` among others",
                Policy::builder().origins(["https://domain1.com", "*", "https://domain3.example"]),
            ),
            ("allowedOriginPattern `*`", Policy::builder().origin_regex(".*").credentials(true)),
            ("any https origin", Policy::builder().origin_regex("https://.*").credentials(true)),
            ("`https://*`", Policy::builder().origin("https://*").credentials(true)),
        ],
    );
}

/// `actualRequestCaseInsensitiveOriginMatch`, `actualRequestTrailingSlashOriginMatch`: Spring
/// matches `https://DOMAIN2.com` to `https://domain2.com`, and an Origin with a trailing `/`.
/// strict-cors refuses such entries (rule 3) and matches Origin byte for byte as browsers send
/// it (README, "Security").
#[actix_web::test]
async fn spring_origin_spelling() {
    let _mode = shared();
    for entry in ["https://DOMAIN2.com", "https://domain2.com/"] {
        let errors = Policy::builder().origin(entry).build().unwrap_err();
        assert_eq!(
            errors.iter().map(Violation::rule).collect::<Vec<_>>(),
            [Rule::MalformedOrigin],
            "{entry}"
        );
    }
    let app = spring!(Policy::builder().origin(D2));
    for sent in ["https://DOMAIN2.com", "https://domain2.com/"] {
        let (answer, ran) = send!(&app, "GET", &[("origin", sent)]);
        assert!(ran && answer.status() == StatusCode::OK);
        assert_eq!(header_of(answer.headers(), ACAO), None, "{sent}");
    }
}

/// `actualRequestExposedHeaders`.
#[actix_web::test]
async fn spring_actual_request_exposed_headers() {
    let _mode = shared();
    let app = spring!(Policy::builder().origin(D2).expose_headers(["header1", "header2"]));
    let (answer, _) = send!(&app, "GET", &[("origin", D2)]);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    assert_eq!(items(&answer, ACEH, false), set("header1,header2"));
    assert!(vary(&answer).contains("origin"));
}

/// `preflightRequestAllOriginsAllowed`, `preflightRequestWrongAllowedMethod`,
/// `preflightRequestMatchedAllowedMethod`, with Spring's default methods (GET, HEAD).
#[actix_web::test]
async fn spring_preflight_methods() {
    let _mode = shared();
    let app = spring!(Policy::builder().origin("*").methods(["GET", "HEAD"]));
    let (answer, ran) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "GET")]);
    assert!(!ran);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some("*"));
    // Spring sends `GET,HEAD`; strict-cors leaves ACAM out for GET (README, "Allowed preflight").
    assert_eq!(header_of(answer.headers(), ACAM), None);
    // Spring also varies on Origin; with `origins = "*"` strict-cors's answer does not depend on
    // it (README, "Vary"), only on what the preflight asks.
    for name in [ACRM, ACRH] {
        assert!(vary(&answer).contains(name), "{name}: {:?}", vary(&answer));
    }

    let (answer, ran) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "DELETE")]);
    assert!(!ran);
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert!(cors_names(&answer).is_empty(), "{:?}", cors_names(&answer));
}

#[cors(origins = "*")]
#[get("/test.html")]
async fn spring_get_only() -> impl Responder {
    spy().await
}

/// `preflightRequestWrongAllowedMethod` with the policy on a GET handler: a preflight for DELETE,
/// which no handler on the path serves, gets the router's answer (SPEC §4.2).
#[actix_web::test]
async fn spring_preflight_for_a_method_no_handler_serves() {
    let _mode = shared();
    let app = init_service(App::new().service(spring_get_only)).await;
    let (answer, ran) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "DELETE")]);
    assert!(!ran);
    assert!(
        matches!(answer.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED),
        "{}",
        answer.status()
    );
    assert!(cors_names(&answer).is_empty(), "{:?}", cors_names(&answer));
    let (answer, _) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "GET")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
}

/// `preflightRequestTestWithOriginButWithoutOtherHeaders`, `preflightRequestWithoutRequestMethod`:
/// Spring refuses them (403); strict-cors does not take `OPTIONS` without ACRM for a preflight
/// and routes it like any request (SPEC §4.9).
#[actix_web::test]
async fn spring_options_without_request_method_is_no_preflight() {
    let _mode = shared();
    let app = spring!(Policy::builder().origin(D2));
    for headers in [vec![("origin", D2)], vec![("origin", D2), (ACRH, "Header1")]] {
        let (answer, ran) = send!(&app, "OPTIONS", &headers);
        assert!(ran, "{headers:?}: the handler did not run");
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
        assert_eq!(header_of(answer.headers(), ACAH), None);
    }
}

/// `preflightRequestWithRequestAndMethodHeaderButNoConfig`: an origin the policy does not list.
#[actix_web::test]
async fn spring_preflight_from_an_origin_not_allowed() {
    let _mode = shared();
    let app = spring!(Policy::builder().origin("https://domain3.example").allow_headers(["header1"]));
    let (answer, ran) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "Header1")]);
    assert!(!ran);
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert!(cors_names(&answer).is_empty(), "{:?}", cors_names(&answer));
    for name in ["origin", ACRM, ACRH] {
        assert!(vary(&answer).contains(name), "{name}: {:?}", vary(&answer));
    }
}

/// `preflightRequestValidRequestAndConfig`.
#[actix_web::test]
async fn spring_preflight_valid_request_and_config() {
    let _mode = shared();
    let app =
        spring!(Policy::builder().origin("*").methods(["GET", "PUT"]).allow_headers(["header1", "header2"]));
    let (answer, _) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "Header1")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some("*"));
    assert_eq!(header_of(answer.headers(), ACAM), None); // left out for GET, as above
    assert_eq!(header_of(answer.headers(), ACMA), None);
    assert!(items(&answer, ACAH, false).contains("header1"));
    // Asked for PUT, the answer lists the policy's methods, as Spring's `GET,PUT`.
    let (answer, _) = send!(&app, "OPTIONS", &[("origin", D2), (ACRM, "PUT"), (ACRH, "Header1")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(items(&answer, ACAM, true), set("GET,PUT"));
}

/// `preflightRequestAllowedHeaders`, `preflightRequestAllowsAllHeaders`,
/// `preflightRequestWithEmptyHeaders`.
#[actix_web::test]
async fn spring_preflight_allowed_headers() {
    let _mode = shared();
    let listed = spring!(Policy::builder().origin(D2).allow_headers(["Header1", "Header2", "Header3"]));
    let (answer, _) = send!(&listed, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "Header1, Header2")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    // Spring echoes the two asked for and leaves Header3 out; strict-cors sends the policy's
    // list (README, "What your tests will see change").
    assert_eq!(items(&answer, ACAH, false), set("header1,header2,header3"));

    let star = spring!(Policy::builder().origin(D2).allow_headers(["*"]));
    let (answer, _) = send!(&star, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "Header1, Header2")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    // Spring echoes the names; strict-cors answers `*`, which covers them (SPEC §4.1).
    assert_eq!(header_of(answer.headers(), ACAH), Some("*"));

    // An empty Access-Control-Request-Headers asks for nothing.
    let (answer, _) = send!(&star, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    for name in ["origin", ACRM, ACRH] {
        assert!(vary(&answer).contains(name), "{name}: {:?}", vary(&answer));
    }
}

async fn names_origin_already() -> HttpResponse {
    RAN.with(|ran| ran.set(ran.get() + 1));
    HttpResponse::Ok().insert_header((header::VARY, "Origin")).finish()
}

/// `preventDuplicatedVaryHeaders`: a handler that already varies on Origin does not get it twice.
#[actix_web::test]
async fn spring_vary_is_not_duplicated() {
    let _mode = shared();
    let policy = built(&Policy::builder().origin(D2));
    let app = init_service(
        App::new().service(web::resource("/test.html").wrap(Cors::new(policy)).to(names_origin_already)),
    )
    .await;
    for headers in [vec![], vec![("origin", D2)], vec![("origin", "https://domain9.example")]] {
        let (answer, _) = send!(&app, "GET", &headers);
        let origins = answer
            .headers()
            .get_all("vary")
            .flat_map(|v| v.to_str().unwrap().split(','))
            .filter(|item| item.trim().eq_ignore_ascii_case("origin"))
            .count();
        assert_eq!(origins, 1, "{headers:?}: {:?}", support::vary(answer.headers()));
    }
}

/// `preflightRequestWithoutAccessControlRequestPrivateNetwork`,
/// `...PrivateNetworkNotAllowed`, `...PrivateNetworkAllowed`.
#[actix_web::test]
async fn spring_private_network() {
    let _mode = shared();
    let without = spring!(Policy::builder().origin(D2).allow_headers(["*"]));
    let (answer, _) = send!(&without, "OPTIONS", &[("origin", D2), (ACRM, "GET")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    assert_eq!(header_of(answer.headers(), ACAPN), None);

    let (answer, _) = send!(&without, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRPN, "true")]);
    // Spring answers 200 with ACAO and no ACAPN; strict-cors refuses the preflight (SPEC §4.2).
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert!(cors_names(&answer).is_empty(), "{:?}", cors_names(&answer));

    let with = spring!(Policy::builder().origin(D2).allow_headers(["*"]).private_network(true));
    let (answer, _) = send!(&with, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRPN, "true")]);
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(header_of(answer.headers(), ACAO), Some(D2));
    assert_eq!(header_of(answer.headers(), ACAPN), Some("true"));
    // Not asked, not sent (SPEC §4.1).
    let (answer, _) = send!(&with, "OPTIONS", &[("origin", D2), (ACRM, "GET")]);
    assert_eq!(header_of(answer.headers(), ACAPN), None);
}

/// `preflightRequestPrivateNetworkWithWildcardOrigin`: Spring throws for `*` with
/// `allowPrivateNetwork` (so did jub0bs before it dropped Private Network Access, after
/// Chrome's note that `*` must not answer such preflights): any site could then reach a device
/// on the user's private network.
#[test]
fn spring_any_origin_with_private_network_is_refused() {
    all_refused(
        "Spring (`*` with allowPrivateNetwork)",
        vec![
            ("`*` with private_network", Policy::builder().origin("*").private_network(true)),
            (
                "`*` among others with private_network",
                Policy::builder()
                    .origins(["https://domain1.com", "*", "http://domain3.example"])
                    .private_network(true),
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Spring: CorsConfigurationTests
// ---------------------------------------------------------------------------------------------

/// `checkOriginAllowed`, `checkOriginNotAllowed`: what Spring's `checkOrigin` returns, as the
/// ACAO of an actual request.
#[actix_web::test]
async fn spring_check_origin() {
    let _mode = shared();
    let any = spring!(Policy::builder().origin("*"));
    assert_eq!(
        header_of(send!(&any, "GET", &[("origin", "https://domain.com")]).0.headers(), ACAO),
        Some("*")
    );
    // Spring's checkOrigin(null) is null; strict-cors sends `*` to every request, no Origin
    // included, so that the answer never depends on it (README, "Vary").
    assert_eq!(header_of(send!(&any, "GET", &[]).0.headers(), ACAO), Some("*"));

    let one = spring!(Policy::builder().origin("https://domain1.com"));
    assert_eq!(header_of(send!(&one, "GET", &[("origin", D2)]).0.headers(), ACAO), None);
    assert_eq!(header_of(send!(&one, "GET", &[]).0.headers(), ACAO), None);

    // Spring splits `"https://a1.com,https://a2.com"`; strict-cors takes one origin per entry
    // (split the configured string yourself: README, "Origins from configuration").
    let errors = Policy::builder().origin("https://a1.com,https://a2.com").build().unwrap_err();
    assert_eq!(errors.iter().map(Violation::rule).collect::<Vec<_>>(), [Rule::MalformedOrigin], "{errors}");
    let split = spring!(Policy::builder().origins("https://a1.com,https://a2.com".split(',')));
    for o in ["https://a1.com", "https://a2.com"] {
        assert_eq!(header_of(send!(&split, "GET", &[("origin", o)]).0.headers(), ACAO), Some(o));
    }
    // Spring matches `https://a2.com/`; browsers never send a path (SPEC §3.3).
    assert_eq!(header_of(send!(&split, "GET", &[("origin", "https://a2.com/")]).0.headers(), ACAO), None);

    // An empty list of origins.
    assert!(Policy::builder().origins(Vec::<String>::new()).build().is_err());
}

/// `checkOriginPatternAllowed`, `checkOriginPatternNotAllowed`. Spring's `:[*]` is strict-cors's
/// `:*`; its port lists (`:[8080,8081]`) and comma-joined patterns are one entry per port or
/// pattern.
#[actix_web::test]
async fn spring_check_origin_pattern() {
    let _mode = shared();
    for spring_only in [
        "https://*.specific.port.com:[8080,8081]",
        "https://*.port.domain.com:[*]",
        "https://*.a1.com:[8080,8081],https://*.a2.com",
    ] {
        let errors = Policy::builder().origin(spring_only).build().unwrap_err();
        assert_eq!(errors.len(), 1, "{spring_only}: {errors}");
    }
    let app = spring!(
        Policy::builder()
            .origins([
                "https://*.domain.com",
                "https://*.port.domain.com:*",
                "https://*.specific.port.com:8080",
                "https://*.specific.port.com:8081",
                "https://*.a1.com:8080",
                "https://*.a1.com:8081",
                "https://*.a2.com",
                "http://*.domain1.com",
            ])
            .credentials(false)
    );
    let call = |o: &'static str| {
        let app = &app;
        async move { header_of(send!(app, "GET", &[("origin", o)]).0.headers(), ACAO).map(str::to_owned) }
    };
    for allowed in [
        "https://example.domain.com",
        "https://example.port.domain.com",
        "https://example.port.domain.com:1234",
        "https://example.specific.port.com:8080",
        "https://example.specific.port.com:8081",
        "https://example.a1.com:8080",
        "https://example.a1.com:8081",
        "https://example.a2.com",
        "http://x.domain1.com",
    ] {
        assert_eq!(call(allowed).await.as_deref(), Some(allowed));
    }
    for refused in [
        "https://example.specific.port.com:1234",
        "https://example.a1.com:8082",
        "https://domain2.com",
        "https://x.domain1.com", // the pattern is http://
        "https://domain.com",    // `*.` never matches the parent itself
    ] {
        assert_eq!(call(refused).await, None, "{refused}");
    }
    // With credentials, the `http://` pattern is refused (rule 6); Spring takes it.
    let errors = Policy::builder().origin("http://*.domain1.com").credentials(true).build().unwrap_err();
    assert_eq!(errors.iter().map(Violation::rule).collect::<Vec<_>>(), [Rule::InsecureCredentials]);
}

/// `checkMethodAllowed`, `checkMethodNotAllowed`, as preflights.
#[actix_web::test]
async fn spring_check_method() {
    let _mode = shared();
    let status = |answer: Answer| answer.status();
    let get_post = spring!(Policy::builder().origin(D2).methods(["GET", "POST"]));
    for (acrm, want) in
        [("GET", StatusCode::NO_CONTENT), ("POST", StatusCode::NO_CONTENT), ("DELETE", StatusCode::FORBIDDEN)]
    {
        assert_eq!(status(send!(&get_post, "OPTIONS", &[("origin", D2), (ACRM, acrm)]).0), want, "{acrm}");
    }
    // No methods at all: simple requests only, every preflight refused.
    let none = spring!(Policy::builder().origin(D2).methods::<&str>([]));
    for acrm in ["GET", "POST", "DELETE"] {
        assert_eq!(
            status(send!(&none, "OPTIONS", &[("origin", D2), (ACRM, acrm)]).0),
            StatusCode::FORBIDDEN,
            "{acrm}"
        );
    }
}

/// `checkHeadersAllowed`, `checkHeadersNotAllowed`, as preflights. Spring's `checkHeaders`
/// returns the allowed subset of `[header1, header2, header3]`, and its processor then answers
/// with that subset; strict-cors refuses a preflight asking for any header it does not allow
/// (SPEC §4.2).
#[actix_web::test]
async fn spring_check_headers() {
    let _mode = shared();
    let two = spring!(Policy::builder().origin(D2).allow_headers(["header1", "header2"]));
    for (acrh, want) in [
        ("", StatusCode::NO_CONTENT),
        ("header1", StatusCode::NO_CONTENT),
        ("header1, header2", StatusCode::NO_CONTENT),
        ("header1, header2, header3", StatusCode::FORBIDDEN),
    ] {
        let (answer, _) = send!(&two, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, acrh)]);
        assert_eq!(answer.status(), want, "{acrh:?}");
    }
    let none = spring!(Policy::builder().origin(D2));
    let other = spring!(Policy::builder().origin(D2).allow_headers(["header2", "header3"]));
    for app in [&none, &other] {
        let (answer, _) = send!(app, "OPTIONS", &[("origin", D2), (ACRM, "GET"), (ACRH, "header1")]);
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
}

/// `changePermitDefaultValues`, `permitDefaultDoesntSetOriginWhenPatternPresent`,
/// `combinePatternWithDefaultPermitValues`: configurations Spring builds that strict-cors refuses,
/// each by its rule.
#[test]
fn spring_permit_defaults_as_strict_cors_judges_them() {
    for (desc, builder, rule) in [
        (
            "`*` beside an origin",
            Policy::builder().origins(["*", "https://domain.com"]),
            Rule::DuplicateOrMixed,
        ),
        (
            "`*` beside a header",
            Policy::builder().origin("*").allow_headers(["*", "header1"]),
            Rule::DuplicateOrMixed,
        ),
        ("pattern over a public suffix", Policy::builder().origin("http://*.com"), Rule::MisplacedWildcard),
    ] {
        let errors = builder.build().unwrap_err();
        assert_eq!(errors.iter().map(Violation::rule).collect::<Vec<_>>(), [rule], "{desc}: {errors}");
    }
    // Spring's permit defaults themselves (`*`, GET/HEAD/POST, `*` headers, 1800 s) build.
    Policy::builder()
        .origin("*")
        .methods(["GET", "HEAD", "POST"])
        .allow_headers(["*"])
        .max_age(1800)
        .build()
        .unwrap();
}
