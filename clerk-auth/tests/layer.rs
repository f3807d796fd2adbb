//! The tower layer in an axum app: a valid token reaches the handler with its claims in
//! the request's extensions; no token, or a refused one, is answered 401 before it.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::routing::get;
use axum::{Extension, Router};
use clerk_auth::{Claims, ClerkAuthLayer, Verifier};
use support::*;
use tower::ServiceExt;

async fn me(Extension(claims): Extension<Claims>) -> String {
    format!(
        "{} in {:?}",
        claims.user_id,
        claims.organization.map(|o| o.id)
    )
}

fn app() -> Router {
    let verifier = Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .build()
        .expect("builds");
    Router::new()
        .route("/me", get(me))
        .layer(ClerkAuthLayer::new(verifier))
}

async fn call(request: Request<Body>) -> (StatusCode, String) {
    let response = app().oneshot(request).await.expect("infallible");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .expect("a body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_valid_token_reaches_the_handler_with_its_claims() {
    let token = mint(&live(v2_org_claims()), 1, Some(KID_1));
    let bearer = Request::get("/me")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("a request");
    assert_eq!(
        call(bearer).await,
        (StatusCode::OK, "user_2abc in Some(\"org_2def\")".to_owned())
    );
    let cookie = Request::get("/me")
        .header(header::COOKIE, format!("__session={token}"))
        .body(Body::empty())
        .expect("a request");
    assert_eq!(call(cookie).await.0, StatusCode::OK);
}

#[tokio::test]
async fn no_token_or_a_refused_one_is_401_before_the_handler() {
    let none = Request::get("/me").body(Body::empty()).expect("a request");
    assert_eq!(call(none).await, (StatusCode::UNAUTHORIZED, String::new()));
    let forged = mint(&live(v1_claims()), 2, Some(KID_1));
    let request = Request::get("/me")
        .header(header::AUTHORIZATION, format!("Bearer {forged}"))
        .body(Body::empty())
        .expect("a request");
    assert_eq!(call(request).await.0, StatusCode::UNAUTHORIZED);
}
