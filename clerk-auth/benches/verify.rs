//! Verifying a version 2 session token: our `Verifier` (PEM key) against bare
//! `jsonwebtoken` doing the same checks (RS256 signature, `exp`/`nbf` with 5 s of skew,
//! issuer), and the tower layer's cost per request in an axum app (with the layer vs the
//! same route without it).
//!
//! `cargo bench -p clerk-auth --features tower --bench verify`. Target (docs/performance.md):
//! ours within 10% of bare.

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Map, Value, json};

const PRIVATE_KEY: &str = include_str!("../tests/keys/throwaway-1.pem");
const PUBLIC_KEY: &str = include_str!("../tests/keys/throwaway-1.pub.pem");

static TOKEN: LazyLock<String> = LazyLock::new(|| {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let claims = json!({
        "sub": "user_2abc", "sid": "sess_2xyz", "iss": "https://clerk.example.test",
        "azp": "https://app.example.test", "iat": now, "nbf": now, "exp": now + 3600,
        "v": 2, "fva": [3, -1], "fea": "o:invoices,o:reports", "pla": "o:pro",
        "o": {"id": "org_2def", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,1"},
    });
    let key = EncodingKey::from_rsa_pem(PRIVATE_KEY.as_bytes()).expect("a test key");
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).expect("signs")
});

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
});

fn main() {
    divan::main();
}

#[divan::bench]
fn ours(bencher: divan::Bencher) {
    let verifier = clerk_auth::Verifier::builder()
        .jwt_key(PUBLIC_KEY)
        .authorized_parties(["https://app.example.test"])
        .build()
        .expect("builds");
    let token = TOKEN.as_str();
    bencher.bench(|| {
        RUNTIME
            .block_on(verifier.verify(divan::black_box(token)))
            .expect("valid")
    });
}

#[divan::bench]
fn bare_jsonwebtoken(bencher: divan::Bencher) {
    let key = DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).expect("a public key");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.leeway = 5;
    validation.validate_nbf = true;
    validation.set_issuer(&["https://clerk.example.test"]);
    let token = TOKEN.as_str();
    bencher.bench(|| {
        jsonwebtoken::decode::<Map<String, Value>>(divan::black_box(token), &key, &validation)
            .expect("valid")
    });
}

#[cfg(feature = "tower")]
mod layer {
    use axum::body::Body;
    use axum::http::{Request, header};
    use axum::routing::get;
    use tower::ServiceExt;

    use super::{PUBLIC_KEY, RUNTIME, TOKEN};

    fn request() -> Request<Body> {
        Request::get("/me")
            .header(header::AUTHORIZATION, format!("Bearer {}", TOKEN.as_str()))
            .body(Body::empty())
            .expect("a request")
    }

    #[divan::bench]
    fn route_with_the_layer(bencher: divan::Bencher) {
        let verifier = clerk_auth::Verifier::builder()
            .jwt_key(PUBLIC_KEY)
            .build()
            .expect("builds");
        let app = axum::Router::new()
            .route("/me", get(|| async { "ok" }))
            .layer(clerk_auth::ClerkAuthLayer::new(verifier));
        bencher.bench(|| {
            RUNTIME
                .block_on(app.clone().oneshot(request()))
                .expect("answers")
        });
    }

    #[divan::bench]
    fn route_without_the_layer(bencher: divan::Bencher) {
        let app = axum::Router::new().route("/me", get(|| async { "ok" }));
        bencher.bench(|| {
            RUNTIME
                .block_on(app.clone().oneshot(request()))
                .expect("answers")
        });
    }
}
