//! An axum app whose `/me` route only signed-in Clerk users reach.
//!
//! With `CLERK_JWT_KEY` (your instance's PEM public key) or `CLERK_SECRET_KEY` set, it
//! serves on 127.0.0.1:3000 until stopped; call it with a session token from your frontend:
//!
//! ```sh
//! CLERK_JWT_KEY="$(cat jwt-public-key.pem)" cargo run -p clerk-auth --features tower --example axum
//! curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/me
//! ```
//!
//! With neither set, it runs a demo and exits: a throwaway key (the one the crate's tests
//! use, never a real instance's) signs a demo token, and the app is called without a
//! token (401) and with it (200).

use axum::routing::get;
use axum::{Extension, Router};
use clerk_auth::{Claims, ClerkAuthLayer, Verifier};

async fn me(Extension(claims): Extension<Claims>) -> String {
    let organization = claims
        .organization
        .map(|org| format!(" in {} as {}", org.id, org.role.unwrap_or_default()))
        .unwrap_or_default();
    format!("signed in as {}{organization}\n", claims.user_id)
}

fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/me", get(me))
        .layer(ClerkAuthLayer::new(verifier))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = ["CLERK_JWT_KEY", "CLERK_SECRET_KEY"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|value| !value.is_empty()));
    if configured {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
        println!("serving on http://127.0.0.1:3000/me");
        axum::serve(listener, app(Verifier::from_env()?)).await?;
        return Ok(());
    }
    demo().await
}

/// The throwaway test key pair: a demo token signed with its private half.
const DEMO_PRIVATE_KEY: &str = include_str!("../tests/keys/throwaway-1.pem");
const DEMO_PUBLIC_KEY: &str = include_str!("../tests/keys/throwaway-1.pub.pem");

async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/me", listener.local_addr()?);
    let verifier = Verifier::builder().jwt_key(DEMO_PUBLIC_KEY).build()?;
    let server = tokio::spawn(async move { axum::serve(listener, app(verifier)).await });

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let claims = serde_json::json!({
        "sub": "user_demo", "sid": "sess_demo", "iss": "https://clerk.demo.test",
        "iat": now, "nbf": now, "exp": now + 60, "v": 2,
        "o": {"id": "org_demo", "rol": "admin"},
    });
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(DEMO_PRIVATE_KEY.as_bytes())?;
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )?;

    let http = reqwest::Client::new();
    let anonymous = http.get(&url).send().await?;
    println!("without a token: {}", anonymous.status());
    let signed_in = http.get(&url).bearer_auth(&token).send().await?;
    let status = signed_in.status();
    print!("with a token: {status}: {}", signed_in.text().await?);
    server.abort();
    if anonymous.status() != 401 || status != 200 {
        return Err("the demo did not behave as expected".into());
    }
    Ok(())
}
