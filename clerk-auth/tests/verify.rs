//! Session tokens minted with throwaway RSA keys in Clerk's claim layouts: typed claims for
//! versions 1 and 2, every reason for refusal, boundary times, and that no error shows the
//! token.

mod support;

use std::time::Duration;

use clerk_auth::{SessionStatus, Verifier, VerifyError};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap};
use serde_json::{Value, json};
use support::*;

fn networkless() -> Verifier {
    Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .authorized_parties(["https://app.example.test"])
        .build()
        .expect("a PEM key")
}

fn with(mut claims: Value, changes: Value) -> Value {
    if let (Value::Object(map), Value::Object(changes)) = (&mut claims, changes) {
        for (key, value) in changes {
            if value.is_null() {
                map.remove(&key);
            } else {
                map.insert(key, value);
            }
        }
    }
    claims
}

async fn verify(verifier: &Verifier, claims: &Value) -> Result<clerk_auth::Claims, VerifyError> {
    verifier
        .verify_at(&mint(claims, 1, Some(KID_1)), at(NOW))
        .await
}

#[tokio::test]
async fn version_1_claims_are_typed() {
    let claims = with(
        v1_claims(),
        json!({"org_id": "org_2def", "org_slug": "acme", "org_role": "org:admin",
               "org_permissions": ["org:invoices:read", "org:sys_memberships:manage"]}),
    );
    let verified = verify(&networkless(), &claims).await.expect("valid");
    assert_eq!(verified.user_id, "user_2abc");
    assert_eq!(verified.session_id.as_deref(), Some("sess_2xyz"));
    assert_eq!(verified.version, 1);
    assert_eq!(verified.status, SessionStatus::Active);
    assert_eq!(verified.factor_verification_age, Some([Some(3), None]));
    let org = verified.organization.expect("an organization");
    assert_eq!(
        (org.id.as_str(), org.slug.as_deref(), org.role.as_deref()),
        ("org_2def", Some("acme"), Some("org:admin"))
    );
    assert!(org.has_permission("org:invoices:read"));
    assert!(!org.has_permission("org:invoices:manage"));

    let without = verify(&networkless(), &v1_claims()).await.expect("valid");
    assert_eq!(without.organization, None);
}

#[tokio::test]
async fn version_2_claims_are_typed_with_permissions_per_feature() {
    let verified = verify(&networkless(), &v2_org_claims())
        .await
        .expect("valid");
    assert_eq!(verified.version, 2);
    assert_eq!(verified.features, ["o:invoices", "u:exports", "o:reports"]);
    assert_eq!(verified.plans, ["o:pro"]);
    assert_eq!(verified.factor_verification_age, Some([Some(3), Some(12)]));
    let org = verified.organization.expect("an organization");
    assert_eq!(org.role.as_deref(), Some("org:admin"));
    assert_eq!(
        org.permissions,
        [
            "org:invoices:read",
            "org:invoices:manage",
            "org:reports:read"
        ]
    );
    let no_org = with(v2_org_claims(), json!({"o": null}));
    let verified = verify(&networkless(), &no_org).await.expect("valid");
    assert_eq!(verified.organization, None);
    // Custom claims of a JWT template stay available.
    let custom = with(v1_claims(), json!({"tier": "gold"}));
    let verified = verify(&networkless(), &custom).await.expect("valid");
    assert_eq!(verified.get("tier"), Some(&json!("gold")));
    #[derive(serde::Deserialize)]
    struct Tier {
        tier: String,
    }
    assert_eq!(verified.custom::<Tier>().expect("decodes").tier, "gold");
}

#[tokio::test]
async fn a_pending_session_is_not_signed_in_unless_allowed() {
    let pending = with(v2_org_claims(), json!({"sts": "pending"}));
    assert_eq!(
        verify(&networkless(), &pending).await,
        Err(VerifyError::PendingSession)
    );
    let lenient = Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .allow_pending_sessions(true)
        .build()
        .expect("builds");
    let verified = verify(&lenient, &pending).await.expect("allowed");
    assert_eq!(verified.status, SessionStatus::Pending);
}

#[tokio::test]
async fn times_are_checked_at_their_boundaries_with_the_clock_skew() {
    let verifier = networkless();
    let token = mint(&v1_claims(), 1, Some(KID_1));
    let exp = NOW + 60;
    // Valid until one second before exp + 5 s of skew.
    assert!(verifier.verify_at(&token, at(exp + 4)).await.is_ok());
    assert_eq!(
        verifier.verify_at(&token, at(exp + 5)).await,
        Err(VerifyError::Expired { seconds_ago: 0 })
    );
    assert_eq!(
        verifier.verify_at(&token, at(exp + 65)).await,
        Err(VerifyError::Expired { seconds_ago: 60 })
    );
    let nbf = NOW - 15;
    let token = mint(&with(v1_claims(), json!({"iat": nbf})), 1, Some(KID_1));
    assert!(verifier.verify_at(&token, at(nbf - 5)).await.is_ok());
    assert_eq!(
        verifier.verify_at(&token, at(nbf - 6)).await,
        Err(VerifyError::NotYetValid { seconds: 1 })
    );
    let future = with(v1_claims(), json!({"iat": NOW + 10, "nbf": null}));
    assert_eq!(
        verify(&verifier, &future).await,
        Err(VerifyError::IssuedInFuture { seconds: 5 })
    );
    let token = mint(&v1_claims(), 1, Some(KID_1));
    let strict = Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .clock_skew(Duration::ZERO)
        .build()
        .expect("builds");
    assert_eq!(
        strict.verify_at(&token, at(exp)).await,
        Err(VerifyError::Expired { seconds_ago: 0 })
    );
}

#[tokio::test]
async fn every_reason_for_refusal_is_its_own_error() {
    let verifier = networkless();
    let cases: Vec<(Value, VerifyError)> = vec![
        (
            with(v1_claims(), json!({"azp": "https://evil.example.test"})),
            VerifyError::UnauthorizedParty,
        ),
        (
            with(v1_claims(), json!({"iss": "http://clerk.example.test"})),
            VerifyError::InvalidIssuer,
        ),
        (
            with(v1_claims(), json!({"sub": null})),
            VerifyError::Malformed("no `sub` claim"),
        ),
        (
            with(v1_claims(), json!({"exp": null})),
            VerifyError::Malformed("no `exp` claim"),
        ),
    ];
    for (claims, expected) in cases {
        assert_eq!(verify(&verifier, &claims).await, Err(expected));
    }
    // No `azp` at all is accepted, as Clerk's SDKs do.
    assert!(
        verify(&verifier, &with(v1_claims(), json!({"azp": null})))
            .await
            .is_ok()
    );

    let audience = Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .audience(["api.example.test"])
        .issuer(ISSUER)
        .build()
        .expect("builds");
    assert_eq!(
        verify(&audience, &v1_claims()).await,
        Err(VerifyError::InvalidAudience)
    );
    let aimed = with(v1_claims(), json!({"aud": ["other", "api.example.test"]}));
    assert!(verify(&audience, &aimed).await.is_ok());
    let elsewhere = with(aimed, json!({"iss": "https://clerk.other.test"}));
    assert_eq!(
        verify(&audience, &elsewhere).await,
        Err(VerifyError::InvalidIssuer)
    );

    // Signed by another key.
    let forged = mint(&v1_claims(), 2, Some(KID_1));
    assert_eq!(
        verifier.verify_at(&forged, at(NOW)).await,
        Err(VerifyError::BadSignature)
    );
    // A changed payload under the original signature.
    let token = mint(&v1_claims(), 1, Some(KID_1));
    let mut parts: Vec<&str> = token.split('.').collect();
    let other = mint(&with(v1_claims(), json!({"sub": "user_admin"})), 2, None);
    let other_payload = other.split('.').nth(1).expect("a payload");
    parts[1] = other_payload;
    assert_eq!(
        verifier.verify_at(&parts.join("."), at(NOW)).await,
        Err(VerifyError::BadSignature)
    );
}

#[tokio::test]
async fn only_rs256_is_accepted_never_none_or_hmac_with_the_public_key() {
    let verifier = networkless();
    // Key confusion: HS256 with the public key as the HMAC secret.
    let hmac = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &v1_claims(),
        &EncodingKey::from_secret(KEY_1_PUBLIC.as_bytes()).expect("a secret"),
    )
    .expect("signs");
    assert_eq!(
        verifier.verify_at(&hmac, at(NOW)).await,
        Err(VerifyError::UnsupportedAlgorithm("HS256".to_owned()))
    );
    // `alg: none` with no signature.
    let header = base64url(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = base64url(v1_claims().to_string().as_bytes());
    let unsigned = format!("{header}.{payload}.");
    assert!(matches!(
        verifier.verify_at(&unsigned, at(NOW)).await,
        Err(VerifyError::Malformed(_) | VerifyError::UnsupportedAlgorithm(_))
    ));
}

#[tokio::test]
async fn malformed_tokens_are_refused_without_showing_them() {
    let verifier = networkless();
    let token = mint(&v1_claims(), 1, Some(KID_1));
    // Signed, but its claims are a list, not an object.
    let not_an_object = mint(&json!([1, 2]), 1, Some(KID_1));
    for bad in [
        "not-a-jwt",
        "a.b",
        "a.b.c.d",
        not_an_object.as_str(),
        &"x".repeat(20_000),
    ] {
        let error = verifier.verify_at(bad, at(NOW)).await.expect_err("refused");
        assert!(
            matches!(error, VerifyError::Malformed(_)),
            "{bad:.20}: {error:?}"
        );
    }
    assert_eq!(
        verifier.verify_at("  ", at(NOW)).await,
        Err(VerifyError::Missing)
    );
    // No error, displayed or debugged, contains the token or its parts.
    let expired = verifier
        .verify_at(&token, at(NOW + 3600))
        .await
        .expect_err("expired");
    let forged = verifier
        .verify_at(&mint(&v1_claims(), 2, Some(KID_1)), at(NOW))
        .await
        .expect_err("forged");
    for error in [expired, forged] {
        for shown in [error.to_string(), format!("{error:?}")] {
            for part in token.split('.') {
                assert!(!shown.contains(part), "{shown}");
            }
            assert!(!shown.contains("user_2abc"), "{shown}");
        }
    }
}

#[tokio::test]
async fn authenticate_reads_the_bearer_header_or_the_session_cookie() {
    let verifier = Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .build()
        .expect("builds");
    let token = mint(&live(v1_claims()), 1, Some(KID_1));
    let mut headers = HeaderMap::new();
    assert_eq!(
        verifier.authenticate(&headers).await,
        Err(VerifyError::Missing)
    );
    headers.insert(
        COOKIE,
        format!("__client_uat=1; __session={token}")
            .parse()
            .expect("value"),
    );
    assert!(verifier.authenticate(&headers).await.is_ok());
    headers.insert(AUTHORIZATION, "Bearer nonsense".parse().expect("value"));
    assert!(matches!(
        verifier.authenticate(&headers).await,
        Err(VerifyError::Malformed(_))
    ));
}

#[test]
fn a_pem_key_from_an_environment_variable_may_have_escaped_line_breaks() {
    let escaped = KEY_1_PUBLIC.trim().replace('\n', "\\n");
    assert!(Verifier::builder().jwt_key(escaped).build().is_ok());
    assert!(matches!(
        Verifier::builder().jwt_key("not a key").build(),
        Err(clerk_auth::ConfigError::BadPemKey)
    ));
    assert!(matches!(
        Verifier::builder().build(),
        Err(clerk_auth::ConfigError::NoKeySource)
    ));
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}
