//! Routes told apart by their own `guard`s: each preflight is answered by the policy of the
//! route its actual request reaches, with and without `Layer`; a guard that a preflight cannot
//! satisfy (it carries no credentials) never refuses it.

use actix_web::dev::Service;
use actix_web::guard::GuardContext;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::test::{TestRequest, init_service};
use actix_web::{App, HttpResponse, Responder, put, route, web};
use strict_cors::{Layer, cors};
use support::{Answer, cors_headers, get as header, preflight};

mod support;

const TENANT_A: &str = "https://a-app.example.com";
const TENANT_B: &str = "https://b-app.example.com";

fn host_a(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|h| h == "a.example.com")
}

fn host_b(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::HOST).is_some_and(|h| h == "b.example.com")
}

/// A guard on what a preflight never carries.
fn signed_in(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key(header::AUTHORIZATION)
}

#[cors(origins = ["https://a-app.example.com"], allow_headers = ["x-token"])]
#[put("/tenant", guard = "host_a")]
async fn tenant_a() -> impl Responder {
    HttpResponse::Ok().body("a")
}

#[cors(origins = ["https://b-app.example.com"])]
#[put("/tenant", guard = "host_b")]
async fn tenant_b() -> impl Responder {
    HttpResponse::Ok().body("b")
}

#[cors(origins = ["https://a-app.example.com"], credentials)]
#[put("/profile", guard = "signed_in")]
async fn profile() -> impl Responder {
    HttpResponse::Ok().body("profile")
}

#[cors(origins = ["https://a-app.example.com"], methods = ["PUT"])]
#[route("/things", method = "PUT", method = "PURGE")]
async fn things() -> impl Responder {
    HttpResponse::Ok().body("things")
}

async fn answers(layer: bool, request: TestRequest) -> Answer {
    let app = App::new()
        .service(web::scope("/api").service(tenant_a).service(tenant_b).service(profile).service(things));
    if layer {
        let app = init_service(app.wrap(Layer)).await;
        Answer::of(app.call(request.to_request()).await).await
    } else {
        let app = init_service(app).await;
        Answer::of(app.call(request.to_request()).await).await
    }
}

#[actix_web::test]
async fn each_preflight_gets_the_policy_of_the_route_its_guards_choose() {
    for layer in [false, true] {
        let to = |host: &str, origin: &str| {
            preflight("/api/tenant", origin, "PUT").insert_header((header::HOST, host.to_owned()))
        };
        let own = answers(layer, to("b.example.com", TENANT_B)).await;
        assert_eq!(own.status(), StatusCode::NO_CONTENT, "layer {layer}");
        assert_eq!(header(own.headers(), "access-control-allow-origin"), Some(TENANT_B));
        // Tenant a's origin and header are a's policy's, not b's: the request b's guard
        // takes must not be let through by a's.
        let other = answers(
            layer,
            to("b.example.com", TENANT_A).insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-token")),
        )
        .await;
        assert_eq!(other.status(), StatusCode::FORBIDDEN, "layer {layer}");
        assert_eq!(cors_headers(other.headers()), Vec::<String>::new());
        let a = answers(
            layer,
            to("a.example.com", TENANT_A).insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "x-token")),
        )
        .await;
        assert_eq!(a.status(), StatusCode::NO_CONTENT, "layer {layer}");
        assert_eq!(header(a.headers(), "access-control-allow-headers"), Some("x-token"));
        let b_from_a = answers(layer, to("a.example.com", TENANT_B)).await;
        assert_eq!(b_from_a.status(), StatusCode::FORBIDDEN, "layer {layer}");
        // And the actual requests reach the same routes.
        let actual = answers(
            layer,
            TestRequest::put()
                .uri("/api/tenant")
                .insert_header((header::HOST, "b.example.com"))
                .insert_header((header::ORIGIN, TENANT_B)),
        )
        .await;
        assert_eq!(
            (actual.body(), header(actual.headers(), "access-control-allow-origin")),
            ("b", Some(TENANT_B))
        );
    }
}

#[actix_web::test]
async fn a_guard_a_preflight_cannot_satisfy_does_not_refuse_it() {
    for layer in [false, true] {
        let answer = answers(layer, preflight("/api/profile", TENANT_A, "PUT")).await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT, "layer {layer}");
        assert_eq!(header(answer.headers(), "access-control-allow-credentials"), Some("true"));
        let unsigned =
            answers(layer, TestRequest::put().uri("/api/profile").insert_header((header::ORIGIN, TENANT_A)))
                .await;
        assert_eq!(unsigned.status(), StatusCode::NOT_FOUND, "the guard still routes actual requests");
    }
}

#[actix_web::test]
async fn a_method_the_route_serves_but_does_not_list_is_refused_with_or_without_layer() {
    for layer in [false, true] {
        let purge = answers(layer, preflight("/api/things", TENANT_A, "PURGE")).await;
        assert_eq!(purge.status(), StatusCode::FORBIDDEN, "layer {layer}");
        assert_eq!(cors_headers(purge.headers()), Vec::<String>::new());
        let delete = answers(layer, preflight("/api/things", TENANT_A, "DELETE")).await;
        assert_eq!(delete.status(), StatusCode::NOT_FOUND, "layer {layer}: nobody serves DELETE");
    }
}
