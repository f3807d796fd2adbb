//! Payload shapes Clerk has really sent (older API versions, webhooks, docs examples, SDK
//! fixtures and bug reports) decode, and the values a user reads survive.
//!
//! Every file of `tests/fixtures/real/` has one case here and one provenance line in its
//! `PROVENANCE.md`; a file without either fails the suite.

use clerk_users::models::{
    ClerkErrors, DeletedObject, EmailAddressVerification, EnterpriseAccountVerification,
    ExternalAccountWithVerificationVerification, OAuthAccessToken,
    OrganizationInvitationsWithPublicOrganizationData, OrganizationMemberships,
    PasskeyVerification, PhoneNumberVerification, SamlAccountVerification, TotalCount, User,
    Web3WalletVerification,
};
use clerk_users::webhooks::{Event, EventData};
use serde::de::DeserializeOwned;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");

/// Strategies some variant of every verification union is recognised by (the types file's
/// `x-infer` rules): an untagged verification with one of these must never be `Unknown`.
const KNOWN_STRATEGY_PREFIXES: &[&str] = &[
    "email_code",
    "phone_code",
    "reset_password_email_code",
    "reset_password_phone_code",
    "email_link",
    "admin",
    "ticket",
    "saml",
    "scim",
    "passkey",
    "google_one_tap",
    "from_oauth_",
    "oauth_",
    "web3_",
];

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Decodes a fixture, failing with the JSON path of the field that did not fit.
fn decode<T: DeserializeOwned>(name: &str) -> T {
    let bytes = read(name);
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(&mut deserializer)
        .unwrap_or_else(|e| panic!("{name} does not decode: at `{}`: {}", e.path(), e.inner()))
}

fn event(name: &str) -> Event {
    Event::from_json(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every verification of a user: `Some(raw)` where it was kept as `Unknown`.
fn verifications(user: &User) -> Vec<Option<Value>> {
    let mut all = Vec::new();
    for email in &user.email_addresses {
        match &email.verification {
            Some(EmailAddressVerification::Unknown(raw)) => all.push(Some(raw.clone())),
            Some(_) => all.push(None),
            None => {}
        }
    }
    for phone in &user.phone_numbers {
        match &phone.verification {
            Some(PhoneNumberVerification::Unknown(raw)) => all.push(Some(raw.clone())),
            Some(_) => all.push(None),
            None => {}
        }
    }
    for wallet in &user.web3_wallets {
        match &wallet.verification {
            Some(Web3WalletVerification::Unknown(raw)) => all.push(Some(raw.clone())),
            Some(_) => all.push(None),
            None => {}
        }
    }
    for passkey in &user.passkeys {
        match &passkey.verification {
            Some(PasskeyVerification::Unknown(raw)) => all.push(Some(raw.clone())),
            Some(_) => all.push(None),
            None => {}
        }
    }
    for account in &user.external_accounts {
        match &account.verification {
            Some(ExternalAccountWithVerificationVerification::Unknown(raw)) => {
                all.push(Some(raw.clone()));
            }
            Some(_) => all.push(None),
            None => {}
        }
    }
    for account in &user.saml_accounts {
        match &account.verification {
            Some(SamlAccountVerification::Unknown(raw)) => all.push(Some(raw.clone())),
            Some(_) => all.push(None),
            None => {}
        }
    }
    for account in &user.enterprise_accounts {
        match &account.verification {
            Some(EnterpriseAccountVerification::Unknown(raw)) => all.push(Some(raw.clone())),
            Some(_) => all.push(None),
            None => {}
        }
    }
    all
}

/// Asserts that no verification whose strategy the client knows fell back to `Unknown`;
/// returns how many verifications the user has.
fn known_strategies_are_recognised(user: &User) -> usize {
    let all = verifications(user);
    for raw in all.iter().flatten() {
        let strategy = raw["strategy"].as_str().unwrap_or_default();
        let tagged = raw.get("object").is_some_and(|tag| !tag.is_null());
        assert!(
            tagged
                || !KNOWN_STRATEGY_PREFIXES
                    .iter()
                    .any(|known| strategy.starts_with(known)),
            "{}: untagged verification with known strategy {strategy} is Unknown: {raw}",
            user.id
        );
    }
    all.len()
}

fn user(name: &str) -> User {
    let user: User = decode(name);
    known_strategies_are_recognised(&user);
    user
}

fn primary_email(user: &User) -> Option<&str> {
    user.email_addresses
        .first()
        .map(|email| email.email_address.as_str())
}

fn email_verification(user: &User) -> &EmailAddressVerification {
    user.email_addresses[0]
        .verification
        .as_ref()
        .expect("the email has a verification")
}

type Case = (&'static str, fn(&'static str));

const CASES: &[Case] = &[
    ("user_2022_invited_by_ticket.json", |name| {
        let user = user(name);
        assert_eq!(user.id, "user_2A1dZr8qkTmNvW4bXcEo9LpYsHu");
        assert_eq!(primary_email(&user), Some("rosa@example.test"));
        assert!(matches!(
            email_verification(&user),
            EmailAddressVerification::Ticket(_)
        ));
        assert_eq!(user.external_id.as_deref(), Some("88213"));
        assert!(!user.has_image, "absent has_image reads as false");
        assert!(!user.email_addresses[0].reserved);
        assert_eq!(user.email_addresses[0].created_at, None);
        assert_eq!(user.created_at, Some(1_654_011_000_456));
    }),
    ("user_2021_oauth_google.json", |name| {
        let user = user(name);
        let EmailAddressVerification::FromOauth(verification) = email_verification(&user) else {
            panic!("from_oauth_google is a from-OAuth verification");
        };
        assert_eq!(verification.strategy.as_deref(), Some("from_oauth_google"));
        assert_eq!(user.email_addresses[0].linked_to.len(), 1);
        let account = &user.external_accounts[0];
        assert_eq!(account.id, "idn_1sY7bN8mBvCxZ2aSdFgHjKlQwEr");
        assert_eq!(
            account.provider, None,
            "2021 accounts had no provider field"
        );
        assert_eq!(
            account.email_address.as_deref(),
            Some("teodor@example.test")
        );
    }),
    ("user_2023_github_untagged_verifications.json", |name| {
        let user = user(name);
        assert_eq!(user.username.as_deref(), Some("mira-k"));
        assert_eq!(user.public_metadata["plan"], "team");
        let account = &user.external_accounts[0];
        assert_eq!(account.provider.as_deref(), Some("oauth_github"));
        assert!(matches!(
            account.verification,
            Some(ExternalAccountWithVerificationVerification::Oauth(_))
        ));
        assert!(matches!(
            email_verification(&user),
            EmailAddressVerification::FromOauth(_)
        ));
    }),
    ("user_2026_every_field.json", |name| {
        let user = user(name);
        assert_eq!(user.first_name.as_deref(), Some("Inès"));
        assert_eq!(
            user.private_metadata.as_ref().map(|m| m["crm_id"].clone()),
            Some(9912.into())
        );
        assert!(user.two_factor_enabled);
        assert_eq!(user.phone_numbers[0].phone_number, "+15555550123");
        assert!(matches!(
            user.phone_numbers[0].verification,
            Some(PhoneNumberVerification::Otp(_))
        ));
        assert_eq!(user.verification_attempts_remaining, Some(100));
        assert_eq!(user.created_at, Some(1_764_000_000_000));
    }),
    ("user_phone_only_2022.json", |name| {
        let user = user(name);
        assert!(user.email_addresses.is_empty());
        let phone = &user.phone_numbers[0];
        assert_eq!(phone.phone_number, "+447700900123");
        assert!(!phone.reserved);
        let Some(PhoneNumberVerification::Otp(otp)) = &phone.verification else {
            panic!("phone_code is an OTP verification");
        };
        assert_eq!(otp.attempts, Some(2));
        assert_eq!(otp.object, None);
    }),
    ("user_web3_metamask.json", |name| {
        let user = user(name);
        let wallet = &user.web3_wallets[0];
        assert_eq!(
            wallet.web3_wallet,
            "0x52908400098527886e0f7030069857d2e4169ee7"
        );
        assert!(matches!(
            wallet.verification,
            Some(Web3WalletVerification::Web3(_))
        ));
        assert_eq!(wallet.created_at, None);
    }),
    ("user_saml_account_2023.json", |name| {
        let user = user(name);
        assert!(matches!(
            email_verification(&user),
            EmailAddressVerification::Saml(_)
        ));
        let account = &user.saml_accounts[0];
        assert_eq!(account.provider.as_deref(), Some("saml_okta"));
        assert!(matches!(
            account.verification,
            Some(SamlAccountVerification::Saml(_))
        ));
    }),
    ("user_enterprise_account_2025.json", |name| {
        let user = user(name);
        let account = &user.enterprise_accounts[0];
        assert_eq!(account.id, "entacc_2z8xD4rT5yU6iO7pA8sD9fG0h");
        assert!(matches!(
            account.verification,
            Some(EnterpriseAccountVerification::Oauth(_))
        ));
        assert!(matches!(
            email_verification(&user),
            EmailAddressVerification::Ticket(_)
        ));
    }),
    ("user_passkey_2024.json", |name| {
        let user = user(name);
        let passkey = &user.passkeys[0];
        assert_eq!(passkey.name.as_deref(), Some("iCloud Keychain"));
        assert!(matches!(
            passkey.verification,
            Some(PasskeyVerification::VerificationPasskey(_))
        ));
    }),
    ("user_magic_link_2022.json", |name| {
        let user = user(name);
        assert_eq!(primary_email(&user), Some("priya@example.test"));
        assert!(matches!(
            email_verification(&user),
            EmailAddressVerification::EmailLink(_)
        ));
        assert!(user.email_addresses[0].linked_to.is_empty());
    }),
    ("user_created_by_admin.json", |name| {
        let user = user(name);
        let EmailAddressVerification::Admin(admin) = email_verification(&user) else {
            panic!("strategy admin is an admin verification");
        };
        assert_eq!(admin.status.as_deref(), Some("verified"));
        assert!(user.password_enabled);
    }),
    ("user_banned_and_locked.json", |name| {
        let user = user(name);
        assert!(user.banned && user.locked);
        assert_eq!(user.lockout_expires_in_seconds, Some(3600));
        let EmailAddressVerification::Otp(otp) = email_verification(&user) else {
            panic!("reset_password_email_code is an OTP verification");
        };
        assert_eq!(otp.attempts, Some(5));
    }),
    ("user_nulls_where_spec_says_required.json", |name| {
        let user = user(name);
        assert_eq!(user.first_name.as_deref(), Some("Null"));
        assert!(user.email_addresses.is_empty() && user.external_accounts.is_empty());
        assert!(user.public_metadata.is_empty());
        assert!(!user.password_enabled && !user.banned && !user.has_image);
        assert_eq!(user.created_at, None);
    }),
    ("user_from_next_year.json", |name| {
        let user = user(name);
        assert_eq!(user.email_addresses.len(), 2);
        let EmailAddressVerification::Otp(otp) = email_verification(&user) else {
            panic!("a tagged OTP verification with new values is still an OTP verification");
        };
        assert_eq!(
            otp.strategy.as_ref().map(|s| s.as_str()),
            Some("email_code_v2")
        );
        let Some(EmailAddressVerification::Unknown(raw)) = &user.email_addresses[1].verification
        else {
            panic!("a new verification object is kept whole");
        };
        assert_eq!(raw["loft"], "north");
    }),
    ("user_google_one_tap_2024.json", |name| {
        let user = user(name);
        let account = &user.external_accounts[0];
        assert_eq!(
            account.provider_user_id.as_deref(),
            Some("118000000000000000001")
        );
        assert!(matches!(
            account.verification,
            Some(ExternalAccountWithVerificationVerification::GoogleOneTap(_))
        ));
    }),
    ("user_list_mixed_versions.json", |name| {
        let users: Vec<User> = decode(name);
        let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "user_3Kp8WnR4sT6uV8xZ0bD2fH4jL6n",
                "user_2A1dZr8qkTmNvW4bXcEo9LpYsHu",
                "user_2Zz1aA2bB3cC4dD5eE6fF7gG8hH"
            ]
        );
        let total: usize = users.iter().map(known_strategies_are_recognised).sum();
        assert_eq!(total, 4);
        assert_eq!(primary_email(&users[2]), Some("sparse@example.test"));
        assert_eq!(users[2].created_at, None);
    }),
    ("user_list_empty.json", |name| {
        let users: Vec<User> = decode(name);
        assert!(users.is_empty());
    }),
    ("users_count.json", |name| {
        let count: TotalCount = decode(name);
        assert_eq!(count.total_count, 1234);
    }),
    ("users_count_without_object.json", |name| {
        let count: TotalCount = decode(name);
        assert_eq!(count.total_count, 7);
        assert_eq!(count.object, None);
    }),
    ("deleted_user.json", |name| {
        let deleted: DeletedObject = decode(name);
        assert_eq!(
            deleted.id.as_deref(),
            Some("user_2A1dZr8qkTmNvW4bXcEo9LpYsHu")
        );
        assert!(deleted.deleted);
    }),
    ("webhook_user_created_2022.json", |name| {
        let event = event(name);
        assert_eq!(event.timestamp, None);
        assert_eq!(event.http_request, None);
        let EventData::UserCreated(user) = &event.data else {
            panic!("user.created carries a user");
        };
        known_strategies_are_recognised(user);
        assert_eq!(primary_email(user), Some("rosa@example.test"));
    }),
    ("webhook_user_created_2024.json", |name| {
        let event = event(name);
        assert_eq!(event.object.as_deref(), Some("event"));
        assert_eq!(event.timestamp, Some(1_764_000_000_123));
        assert_eq!(
            event.instance_id.as_deref(),
            Some("ins_2Lk9mN8bV7cX6zA5sD4fG3hJ2kL")
        );
        let request = event.http_request.as_ref().expect("event attributes");
        assert_eq!(request.client_ip.as_deref(), Some("198.51.100.23"));
        let EventData::UserCreated(user) = &event.data else {
            panic!("user.created carries a user");
        };
        assert_eq!(user.id, "user_3Kp8WnR4sT6uV8xZ0bD2fH4jL6n");
    }),
    ("webhook_user_created_minimal.json", |name| {
        let event = event(name);
        let EventData::UserCreated(user) = &event.data else {
            panic!("user.created carries a user");
        };
        known_strategies_are_recognised(user);
        assert_eq!(primary_email(user), Some("jo@example.test"));
        assert!(matches!(
            email_verification(user),
            EmailAddressVerification::Otp(_)
        ));
        assert_eq!(
            user.external_accounts[0].provider.as_deref(),
            Some("oauth_google")
        );
        assert_eq!(user.updated_at, None);
    }),
    ("webhook_user_updated.json", |name| {
        let event = event(name);
        assert_eq!(event.data.event_type(), "user.updated");
        let EventData::UserUpdated(user) = &event.data else {
            panic!("user.updated carries a user");
        };
        known_strategies_are_recognised(user);
        assert_eq!(user.first_name.as_deref(), Some("Rosa María"));
        assert_eq!(user.public_metadata["onboarded"], true);
    }),
    ("webhook_user_deleted.json", |name| {
        let event = event(name);
        let EventData::UserDeleted(deleted) = &event.data else {
            panic!("user.deleted carries a deleted object");
        };
        assert_eq!(
            deleted.id.as_deref(),
            Some("user_2Dl8eT9eD0uS1eR2xY3zA4bC5d")
        );
        assert!(deleted.deleted);
        assert_eq!(
            event.http_request.and_then(|r| r.client_ip).as_deref(),
            Some("")
        );
    }),
    ("webhook_user_deleted_external_id.json", |name| {
        let event = event(name);
        let EventData::UserDeleted(deleted) = &event.data else {
            panic!("user.deleted carries a deleted object");
        };
        assert_eq!(deleted.external_id.as_deref(), Some("crm-4410"));
    }),
    ("webhook_organization_membership_created.json", |name| {
        let event = event(name);
        let EventData::OrganizationMembershipCreated(membership) = &event.data else {
            panic!("organizationMembership.created carries a membership");
        };
        assert_eq!(membership.role.as_deref(), Some("org:admin"));
        assert_eq!(membership.permissions.len(), 2);
        let user = membership
            .public_user_data
            .as_ref()
            .expect("public user data");
        assert_eq!(user.identifier.as_deref(), Some("ines@example.test"));
        let organization = membership.organization.as_ref().expect("organization");
        assert_eq!(organization.slug.as_deref(), Some("acme-test"));
    }),
    ("webhook_organization_membership_updated.json", |name| {
        let event = event(name);
        let EventData::OrganizationMembershipUpdated(membership) = &event.data else {
            panic!("organizationMembership.updated carries a membership");
        };
        assert_eq!(membership.role.as_deref(), Some("basic_member"));
        assert!(membership.permissions.is_empty());
        let user = membership
            .public_user_data
            .as_ref()
            .expect("public user data");
        assert_eq!(
            user.user_id.as_deref(),
            Some("user_2Ub5kE7mNqW3zXcVbT9yHsLoPdR")
        );
        assert!(!user.has_image);
    }),
    ("webhook_organization_membership_deleted.json", |name| {
        let event = event(name);
        let EventData::OrganizationMembershipDeleted(membership) = &event.data else {
            panic!("organizationMembership.deleted carries a membership");
        };
        assert_eq!(membership.id, "orgmem_2Mb9xY8wV7uT6sR5qP4oN3mL2k");
        let organization = membership.organization.as_ref().expect("organization");
        assert_eq!(organization.name.as_deref(), Some("Acme Test"));
        assert_eq!(organization.created_at, None);
    }),
    ("webhook_session_created.json", |name| {
        let event = event(name);
        let EventData::Unknown { event_type, data } = &event.data else {
            panic!("sessions are not modelled");
        };
        assert_eq!(event_type, "session.created");
        assert_eq!(data["status"], "active");
    }),
    ("webhook_email_created.json", |name| {
        let event = event(name);
        assert_eq!(event.data.event_type(), "email.created");
        let EventData::Unknown { data, .. } = &event.data else {
            panic!("emails are not modelled");
        };
        assert_eq!(data["slug"], "verification_code");
    }),
    ("organization_memberships_page.json", |name| {
        let page: OrganizationMemberships = decode(name);
        assert_eq!(page.total_count, Some(1));
        assert_eq!(page.data[0].public_metadata["team"], "platform");
    }),
    (
        "organization_memberships_without_public_user_data.json",
        |name| {
            let page: OrganizationMemberships = decode(name);
            assert_eq!(page.total_count, None);
            let membership = &page.data[0];
            assert_eq!(membership.id, "orgmem_1Mb2rS3hI4pA5sD6fG7hJ8kL9z");
            assert!(membership.public_user_data.is_none());
            let organization = membership.organization.as_ref().expect("organization");
            assert_eq!(organization.name.as_deref(), Some("Old Org"));
            assert!(!organization.admin_delete_enabled);
        },
    ),
    ("organization_invitations_page.json", |name| {
        let page: OrganizationInvitationsWithPublicOrganizationData = decode(name);
        assert_eq!(page.data.len(), 2);
        assert_eq!(
            page.data[1].email_address.as_deref(),
            Some("rosa@example.test")
        );
        assert!(page.data[1].public_organization_data.is_none());
    }),
    ("oauth_access_tokens_oauth2_google.json", |name| {
        let tokens: Vec<OAuthAccessToken> = decode(name);
        assert_eq!(tokens[0].token, "ya29.example-token-value");
        assert_eq!(tokens[0].scopes.as_ref().map(Vec::len), Some(3));
        assert_eq!(tokens[0].token_secret, None);
    }),
    ("oauth_access_tokens_oauth1_twitter.json", |name| {
        let tokens: Vec<OAuthAccessToken> = decode(name);
        assert_eq!(
            tokens[0].token_secret.as_deref(),
            Some("exampleTokenSecretValue")
        );
        assert_eq!(tokens[0].scopes, None);
        assert_eq!(tokens[0].expires_at, None);
    }),
    ("oauth_access_tokens_2021.json", |name| {
        let tokens: Vec<OAuthAccessToken> = decode(name);
        assert_eq!(tokens[0].token, "ya29.older-example-token");
        assert_eq!(tokens[0].provider.as_deref(), Some("oauth_google"));
        assert_eq!(tokens[0].external_account_id, None);
    }),
    ("oauth_access_tokens_oidc_with_id_token.json", |name| {
        let tokens: Vec<OAuthAccessToken> = decode(name);
        assert_eq!(
            tokens[0].id_token.as_deref(),
            Some("eyJhbGciOi.example.sig")
        );
        assert_eq!(tokens[0].label.as_deref(), Some("work"));
    }),
    ("error_not_found.json", |name| {
        let errors: ClerkErrors = decode(name);
        assert_eq!(errors.errors[0].code.as_deref(), Some("resource_not_found"));
        assert_eq!(
            errors.clerk_trace_id.as_deref(),
            Some("trace_2Er1rA2bC3dE4fG5hI6jK7lM8")
        );
    }),
    ("error_form_param_with_meta.json", |name| {
        let errors: ClerkErrors = decode(name);
        let meta = errors.errors[0].meta.as_ref().expect("meta");
        assert_eq!(meta["param_name"], "email_address");
    }),
    ("error_legacy_without_trace_or_long_message.json", |name| {
        let errors: ClerkErrors = decode(name);
        assert_eq!(errors.errors[0].message.as_deref(), Some("is invalid"));
        assert_eq!(errors.errors[0].long_message, None);
        assert_eq!(errors.clerk_trace_id, None);
    }),
    ("error_rate_limited.json", |name| {
        let errors: ClerkErrors = decode(name);
        assert_eq!(errors.errors[0].code.as_deref(), Some("too_many_requests"));
    }),
];

#[test]
fn every_real_payload_decodes_and_keeps_what_users_read() {
    for (name, check) in CASES {
        check(name);
    }
}

#[test]
fn every_fixture_has_a_case_and_a_provenance_line() {
    let mut on_disk: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixtures directory")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut cased: Vec<String> = CASES.iter().map(|(name, _)| (*name).to_owned()).collect();
    cased.sort();
    assert_eq!(on_disk, cased, "every fixture file has exactly one case");
    assert!(on_disk.len() >= 30, "the suite keeps at least 30 shapes");

    let provenance = std::fs::read_to_string(format!("{DIR}/PROVENANCE.md")).expect("provenance");
    for name in &on_disk {
        let line = provenance
            .lines()
            .find(|line| line.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("{name} has no provenance line"));
        assert!(
            line.len() > name.len() + 20,
            "{name}: say where the shape was seen"
        );
    }
}

#[test]
fn a_payload_round_trips_through_serialize_without_losing_known_fields() {
    let user: User = decode("user_2023_github_untagged_verifications.json");
    let again: User =
        serde_json::from_value(serde_json::to_value(&user).expect("serializes")).expect("decodes");
    assert_eq!(again, user);
}

/// `value` as JSON text with every object's keys in reverse order.
fn reversed_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .rev()
                .map(|(key, value)| {
                    format!("{}:{}", Value::from(key.as_str()), reversed_json(value))
                })
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reversed_json).collect();
            format!("[{}]", items.join(","))
        }
        scalar => scalar.to_string(),
    }
}

/// JSON objects are unordered, and a proxy or re-serializer may well put a verification's
/// `object` tag after its other fields; the real user payloads decode the same with every
/// object's keys reversed (tags last: the decoder must replay what came before them).
#[test]
fn real_users_decode_the_same_whatever_the_key_order() {
    let mut checked = 0;
    for (name, _) in CASES {
        let original: Value = serde_json::from_slice(&read(name)).expect("JSON");
        if original.get("object").and_then(Value::as_str) != Some("user") {
            continue;
        }
        let reordered = reversed_json(&original);
        assert_ne!(
            reordered,
            original.to_string(),
            "{name}: nothing was reordered"
        );
        let expected: User = decode(name);
        let decoded: User = serde_json::from_str(&reordered)
            .unwrap_or_else(|e| panic!("{name} with its keys reversed: {e}"));
        assert_eq!(decoded, expected, "{name}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} user payloads checked");
}
