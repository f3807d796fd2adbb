//! Webhook verification: the Svix scheme, every refusal, and no panic on any input.
#![cfg(feature = "webhooks")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use clerk_users::webhooks::{EventData, Webhook, WebhookError};
use hmac::{Hmac, KeyInit, Mac};
use proptest::prelude::*;
use sha2::Sha256;

// Svix's published example (its verification docs): these values sign to this signature.
const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SVIX_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SVIX_TIMESTAMP: i64 = 1_614_265_330;
const SVIX_BODY: &str = r#"{"test": 2432232314}"#;
const SVIX_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

const SECRET: &str = "whsec_c2VjcmV0LWtleS1mb3ItY2xlcmstdXNlcnMtdGVzdHM=";
const ID: &str = "msg_2Wh1kA2bC3dE4fG5hI6jK7lM8n";
const SENT_AT: i64 = 1_764_000_000;

fn body() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real/webhook_user_created_2024.json"
    );
    std::fs::read(path).expect("fixture")
}

/// The signature computed here, independently of the module under test.
fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = BASE64
        .decode(secret.trim_start_matches("whsec_"))
        .expect("base64 secret");
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
}

fn headers(id: &str, timestamp: i64, signature: &str) -> Vec<(String, String)> {
    vec![
        ("svix-id".into(), id.into()),
        ("svix-timestamp".into(), timestamp.to_string()),
        ("svix-signature".into(), signature.into()),
    ]
}

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).expect("after 1970"))
}

fn webhook() -> Webhook {
    Webhook::new(SECRET).expect("valid secret")
}

#[test]
fn svix_published_example_signs_and_verifies() {
    let webhook = Webhook::new(SVIX_SECRET).expect("valid secret");
    assert_eq!(
        webhook.sign(SVIX_ID, SVIX_TIMESTAMP, SVIX_BODY.as_bytes()),
        SVIX_SIGNATURE
    );
    // The signature matches; the body is not a Clerk event, which is the only complaint.
    let result = webhook.verify_at(
        &headers(SVIX_ID, SVIX_TIMESTAMP, SVIX_SIGNATURE),
        SVIX_BODY.as_bytes(),
        at(SVIX_TIMESTAMP),
    );
    assert!(
        matches!(&result, Err(WebhookError::BadPayload(m)) if m.contains("type")),
        "{result:?}"
    );
}

#[test]
fn a_correctly_signed_clerk_delivery_verifies_into_a_typed_event() {
    let body = body();
    let signed = signature(SECRET, ID, SENT_AT, &body);
    let event = webhook()
        .verify_at(&headers(ID, SENT_AT, &signed), &body, at(SENT_AT + 10))
        .expect("verifies");
    let EventData::UserCreated(user) = event.data else {
        panic!("a user.created event");
    };
    assert_eq!(user.id, "user_3Kp8WnR4sT6uV8xZ0bD2fH4jL6n");
    assert_eq!(webhook().sign(ID, SENT_AT, &body), signed);
}

#[test]
fn headers_may_come_as_an_http_header_map_in_any_case() {
    let body = body();
    let mut map = reqwest::header::HeaderMap::new();
    map.insert("Svix-Id", ID.parse().expect("header"));
    map.insert(
        "SVIX-TIMESTAMP",
        SENT_AT.to_string().parse().expect("header"),
    );
    map.insert(
        "svix-signature",
        signature(SECRET, ID, SENT_AT, &body)
            .parse()
            .expect("header"),
    );
    assert!(webhook().verify_at(&map, &body, at(SENT_AT)).is_ok());
}

#[test]
fn standard_webhooks_header_names_are_read_too() {
    let body = body();
    let headers = [
        ("webhook-id", ID.to_owned()),
        ("webhook-timestamp", SENT_AT.to_string()),
        ("webhook-signature", signature(SECRET, ID, SENT_AT, &body)),
    ];
    assert!(webhook().verify_at(&headers, &body, at(SENT_AT)).is_ok());
}

#[test]
fn a_tampered_body_is_refused() {
    let body = body();
    let signed = signature(SECRET, ID, SENT_AT, &body);
    let mut tampered = body.clone();
    let at_id = tampered
        .windows(4)
        .position(|w| w == b"user")
        .expect("mentions user");
    tampered[at_id] = b'U';
    assert_eq!(
        webhook().verify_at(&headers(ID, SENT_AT, &signed), &tampered, at(SENT_AT)),
        Err(WebhookError::NoMatchingSignature)
    );
    // Changing the id or timestamp breaks the signature too.
    assert_eq!(
        webhook().verify_at(&headers("msg_other", SENT_AT, &signed), &body, at(SENT_AT)),
        Err(WebhookError::NoMatchingSignature)
    );
    assert_eq!(
        webhook().verify_at(&headers(ID, SENT_AT + 1, &signed), &body, at(SENT_AT)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn another_endpoints_secret_is_refused() {
    let body = body();
    let signed = signature(SVIX_SECRET, ID, SENT_AT, &body);
    assert_eq!(
        webhook().verify_at(&headers(ID, SENT_AT, &signed), &body, at(SENT_AT)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn any_one_of_several_signatures_may_match() {
    let body = body();
    let good = signature(SECRET, ID, SENT_AT, &body);
    let old_secret = signature(SVIX_SECRET, ID, SENT_AT, &body);
    let list = format!(
        "v1,bm90LWEtc2lnbmF0dXJl {old_secret} v2,{} garbage {good}",
        &good[3..]
    );
    assert!(
        webhook()
            .verify_at(&headers(ID, SENT_AT, &list), &body, at(SENT_AT))
            .is_ok()
    );
    // A valid signature under another version tag does not count.
    let wrong_version = format!("v2,{}", &good[3..]);
    assert_eq!(
        webhook().verify_at(&headers(ID, SENT_AT, &wrong_version), &body, at(SENT_AT)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn the_timestamp_must_be_within_the_tolerance_either_way() {
    let body = body();
    let signed = signature(SECRET, ID, SENT_AT, &body);
    let check = |webhook: &Webhook, now: i64| {
        webhook.verify_at(&headers(ID, SENT_AT, &signed), &body, at(now))
    };
    let webhook = webhook();
    assert!(
        check(&webhook, SENT_AT + 300).is_ok(),
        "5 minutes late is fine"
    );
    assert!(
        check(&webhook, SENT_AT - 300).is_ok(),
        "5 minutes early is fine"
    );
    assert_eq!(
        check(&webhook, SENT_AT + 301),
        Err(WebhookError::Stale {
            timestamp: SENT_AT,
            now: SENT_AT + 301
        })
    );
    assert_eq!(
        check(&webhook, SENT_AT - 301),
        Err(WebhookError::FromTheFuture {
            timestamp: SENT_AT,
            now: SENT_AT - 301
        })
    );
    let strict = webhook.tolerance(Duration::from_secs(10));
    assert!(check(&strict, SENT_AT + 10).is_ok());
    assert!(matches!(
        check(&strict, SENT_AT + 11),
        Err(WebhookError::Stale { .. })
    ));
}

#[test]
fn the_time_is_checked_before_the_signature() {
    // A replayed delivery is refused as stale even though its signature is genuine.
    let body = body();
    let signed = signature(SECRET, ID, SENT_AT, &body);
    assert!(matches!(
        webhook().verify(&headers(ID, SENT_AT, &signed), &body),
        Err(WebhookError::Stale { .. })
    ));
}

#[test]
fn each_missing_or_malformed_header_has_its_own_error() {
    let body = body();
    let full = headers(ID, SENT_AT, &signature(SECRET, ID, SENT_AT, &body));
    for (index, name) in ["svix-id", "svix-timestamp", "svix-signature"]
        .into_iter()
        .enumerate()
    {
        let mut partial = full.clone();
        partial.remove(index);
        assert_eq!(
            webhook().verify_at(&partial, &body, at(SENT_AT)),
            Err(WebhookError::MissingHeader(name))
        );
    }
    let mut bad_time = full.clone();
    bad_time[1].1 = "yesterday".into();
    assert_eq!(
        webhook().verify_at(&bad_time, &body, at(SENT_AT)),
        Err(WebhookError::BadTimestamp("yesterday".into()))
    );
}

#[test]
fn a_signed_body_that_is_not_an_event_names_the_field() {
    let body = br#"{"type":"user.created","data":{"id":42}}"#;
    let signed = signature(SECRET, ID, SENT_AT, body);
    let error = webhook()
        .verify_at(&headers(ID, SENT_AT, &signed), body, at(SENT_AT))
        .expect_err("id is not a string");
    let WebhookError::BadPayload(message) = &error else {
        panic!("{error:?}");
    };
    assert!(message.starts_with("data.id:"), "{message}");

    let not_json = b"<html>";
    let signed = signature(SECRET, ID, SENT_AT, not_json);
    assert!(matches!(
        webhook().verify_at(&headers(ID, SENT_AT, &signed), not_json, at(SENT_AT)),
        Err(WebhookError::BadPayload(_))
    ));
}

#[test]
fn a_bad_secret_is_refused_up_front() {
    assert!(matches!(
        Webhook::new("whsec_not base64!"),
        Err(WebhookError::BadSecret(_))
    ));
    assert!(matches!(
        Webhook::new("whsec_"),
        Err(WebhookError::BadSecret(_))
    ));
    assert!(matches!(Webhook::new(""), Err(WebhookError::BadSecret(_))));
    // The prefix is optional.
    assert!(Webhook::new(SECRET.trim_start_matches("whsec_")).is_ok());
}

#[test]
fn debug_output_never_shows_the_secret() {
    let shown = format!("{:?}", webhook());
    let encoded = SECRET.trim_start_matches("whsec_");
    assert!(!shown.contains(encoded), "{shown}");
    assert!(!shown.contains(&encoded[..12]), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_input_makes_verification_panic(
        secret in ".{0,40}",
        id in ".{0,40}",
        timestamp in prop_oneof![".{0,20}", any::<i64>().prop_map(|t| t.to_string())],
        signatures in ".{0,120}",
        body in proptest::collection::vec(any::<u8>(), 0..256),
        now in any::<u32>(),
    ) {
        if let Ok(webhook) = Webhook::new(&secret) {
            let headers = [
                ("svix-id", id.as_str()),
                ("svix-timestamp", timestamp.as_str()),
                ("svix-signature", signatures.as_str()),
            ];
            let result = webhook.verify_at(&headers, &body, UNIX_EPOCH + Duration::from_secs(now.into()));
            prop_assert!(result.is_err(), "random input never verifies");
        }
    }

    #[test]
    fn a_correct_signature_over_any_body_gets_past_the_signature_check(
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let signed = signature(SECRET, ID, SENT_AT, &body);
        let result = webhook().verify_at(&headers(ID, SENT_AT, &signed), &body, at(SENT_AT));
        prop_assert!(
            !matches!(result, Err(WebhookError::NoMatchingSignature)),
            "{:?}", result
        );
    }
}
