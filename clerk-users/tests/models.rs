//! Decoding real-world data: what the published spec does not promise must still decode.

use clerk_users::Patch;
use clerk_users::models::{
    EmailAddressVerification, UpdateUserRequest, User, VerificationOtpStatus,
    VerificationOtpStrategy,
};
use serde_json::{Value, json};

fn user_fixture() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/user.json");
    let text = std::fs::read_to_string(path).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn first_verification(user: &mut Value) -> &mut Value {
    &mut user["email_addresses"][0]["verification"]
}

#[test]
fn a_full_user_decodes_and_ignores_fields_the_spec_does_not_list() {
    let json = user_fixture();
    assert!(json.get("introduced_next_year").is_some());
    let user: User = serde_json::from_value(json).expect("decodes");
    assert_eq!(user.username.as_deref(), Some("ada"));
    assert_eq!(user.created_at, Some(1_700_690_400_000_i64));
}

#[test]
fn an_enum_value_clerk_adds_later_is_kept_as_unknown() {
    let mut json = user_fixture();
    first_verification(&mut json)["strategy"] = json!("email_code_v2");
    first_verification(&mut json)["status"] = json!("pending_review");
    let user: User = serde_json::from_value(json).expect("new values still decode");
    let Some(EmailAddressVerification::Otp(otp)) = &user.email_addresses[0].verification else {
        panic!("still an OTP verification");
    };
    assert_eq!(
        otp.strategy,
        Some(VerificationOtpStrategy::Unknown("email_code_v2".into()))
    );
    assert_eq!(
        otp.status,
        Some(VerificationOtpStatus::Unknown("pending_review".into()))
    );
    assert_eq!(
        otp.status.as_ref().map(VerificationOtpStatus::as_str),
        Some("pending_review")
    );
    // And it goes back out as it came in.
    let again = serde_json::to_value(&user).expect("serializes");
    assert_eq!(
        again["email_addresses"][0]["verification"]["strategy"],
        "email_code_v2"
    );
}

#[test]
fn an_unknown_union_tag_or_an_unrecognisable_untagged_object_is_kept_whole() {
    let mut json = user_fixture();
    // A new `object` is a new variant: never decoded as an old one, even if its strategy
    // is familiar, so none of its fields are lost.
    let novel = json!({"object": "verification_carrier_pigeon", "status": "verified", "strategy": "email_code"});
    *first_verification(&mut json) = novel.clone();
    let user: User = serde_json::from_value(json.clone()).expect("decodes");
    assert_eq!(
        user.email_addresses[0].verification,
        Some(EmailAddressVerification::Unknown(novel))
    );

    let untagged = json!({"status": "verified", "strategy": "carrier_pigeon"});
    *first_verification(&mut json) = untagged.clone();
    let user: User = serde_json::from_value(json).expect("decodes");
    assert_eq!(
        user.email_addresses[0].verification,
        Some(EmailAddressVerification::Unknown(untagged))
    );
}

#[test]
fn an_untagged_union_member_is_recognised_by_its_strategy() {
    let mut json = user_fixture();
    for (strategy, expected) in [
        ("email_code", "Otp"),
        ("reset_password_email_code", "Otp"),
        ("from_oauth_github", "FromOauth"),
        ("email_link", "EmailLink"),
        ("admin", "Admin"),
        ("ticket", "Ticket"),
        ("saml", "Saml"),
        ("scim", "Scim"),
    ] {
        *first_verification(&mut json) = json!({"status": "verified", "strategy": strategy});
        let user: User = serde_json::from_value(json.clone()).expect("decodes");
        let got = match &user.email_addresses[0].verification {
            Some(EmailAddressVerification::Otp(_)) => "Otp",
            Some(EmailAddressVerification::FromOauth(_)) => "FromOauth",
            Some(EmailAddressVerification::EmailLink(_)) => "EmailLink",
            Some(EmailAddressVerification::Admin(_)) => "Admin",
            Some(EmailAddressVerification::Ticket(_)) => "Ticket",
            Some(EmailAddressVerification::Saml(_)) => "Saml",
            Some(EmailAddressVerification::Scim(_)) => "Scim",
            other => panic!("{strategy}: {other:?}"),
        };
        assert_eq!(got, expected, "{strategy}");
    }
}

#[test]
fn an_untagged_member_whose_inferred_variant_does_not_fit_is_kept_whole() {
    let mut json = user_fixture();
    let odd = json!({"status": "verified", "strategy": "email_code", "attempts": "three"});
    *first_verification(&mut json) = odd.clone();
    let user: User = serde_json::from_value(json).expect("a guess that fails is not an error");
    assert_eq!(
        user.email_addresses[0].verification,
        Some(EmailAddressVerification::Unknown(odd))
    );
}

#[test]
fn null_lists_decode_as_empty() {
    let mut json = user_fixture();
    json["phone_numbers"] = Value::Null;
    let user: User = serde_json::from_value(json).expect("decodes");
    assert!(user.phone_numbers.is_empty());
}

#[test]
fn a_wrong_value_is_an_error_naming_its_json_path() {
    let mut json = user_fixture();
    json["email_addresses"][1]["created_at"] = json!("yesterday");
    let text = json.to_string();
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let error = serde_path_to_error::deserialize::<_, User>(&mut deserializer)
        .expect_err("a string is not a timestamp");
    assert_eq!(error.path().to_string(), "email_addresses[1].created_at");
}

#[test]
fn a_malformed_known_variant_names_the_field_inside_it() {
    let mut json = user_fixture();
    first_verification(&mut json)["attempts"] = json!("three");
    // As the client decodes a failed body: again, with path tracking.
    let text = json.to_string();
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let error = serde_path_to_error::deserialize::<_, User>(&mut deserializer)
        .expect_err("attempts is a number");
    // Fields read before the tag are named in the message, the others in the path.
    let path = error.path().to_string();
    let named =
        path.ends_with("verification.attempts") || error.to_string().contains("at `attempts`");
    assert!(
        named && path.starts_with("email_addresses[0].verification"),
        "{path}: {error}"
    );

    // A field after the tag (keys are sorted here: `strategy` follows `object`) is in the path.
    let mut json = user_fixture();
    first_verification(&mut json)["strategy"] = json!(42);
    let text = json.to_string();
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let error = serde_path_to_error::deserialize::<_, User>(&mut deserializer)
        .expect_err("a strategy is text");
    let path = error.path().to_string();
    assert!(path.ends_with("verification.strategy"), "{path}: {error}");
}

#[test]
fn patch_bodies_send_null_to_clear_and_omit_what_is_untouched() {
    let clear = UpdateUserRequest::new().clear_username();
    assert_eq!(
        serde_json::to_value(&clear).expect("serializes"),
        json!({"username": null})
    );

    let set = UpdateUserRequest::new().username("ada").first_name("Ada");
    assert_eq!(
        serde_json::to_value(&set).expect("serializes"),
        json!({"username": "ada", "first_name": "Ada"})
    );
    assert_eq!(set.last_name, Patch::Unchanged);

    let untouched = UpdateUserRequest::new();
    assert_eq!(
        serde_json::to_value(&untouched).expect("serializes"),
        json!({})
    );
}
