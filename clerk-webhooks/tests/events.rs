//! Every event type Clerk documents for users, organizations, memberships, invitations and
//! sessions decodes into its variant, from the payload shapes the crates' fixtures hold
//! (current and older ones; provenance in each crate's `tests/fixtures/README.md`), and a
//! delivery is only decoded once its signature and time check out.

use std::time::{Duration, UNIX_EPOCH};

use clerk_webhooks::{Event, EventData, Webhook, WebhookError};
use serde_json::{Value, json};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A fixture of another crate of the workspace.
fn fixture(krate: &str, name: &str) -> Value {
    let dir = format!("{}/../{krate}", env!("CARGO_MANIFEST_DIR"));
    test_support::fixture(&dir, name)
}

fn envelope(event_type: &str, data: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "event",
        "type": event_type,
        "timestamp": 1_764_950_400_123_i64,
        "instance_id": "ins_2x4Aa0Instance",
        "event_attributes": {"http_request": {"client_ip": "198.51.100.24", "user_agent": "Firefox"}},
        "data": data,
    }))
    .expect("serializes")
}

fn event(event_type: &str, data: Value) -> Event {
    Event::from_json(&envelope(event_type, data)).unwrap_or_else(|e| panic!("{event_type}: {e}"))
}

#[test]
fn every_documented_type_decodes_into_its_variant() {
    let user = fixture("clerk-users", "user");
    let organization = fixture("clerk-organizations", "organization");
    let deleted = fixture("clerk-organizations", "organization_deleted");
    let membership = fixture("clerk-organizations", "organization_membership");
    let invitation = fixture("clerk-organizations", "organization_invitation");
    let session = fixture("clerk-sessions", "session");
    let pending = fixture("clerk-sessions", "session_pending");
    let cases = [
        ("user.created", user.clone()),
        ("user.updated", user),
        (
            "user.deleted",
            json!({"object": "user", "id": "user_1", "deleted": true}),
        ),
        ("organization.created", organization.clone()),
        ("organization.updated", organization),
        ("organization.deleted", deleted),
        ("organizationMembership.created", membership.clone()),
        ("organizationMembership.updated", membership.clone()),
        ("organizationMembership.deleted", membership),
        ("organizationInvitation.created", invitation.clone()),
        ("organizationInvitation.accepted", invitation.clone()),
        ("organizationInvitation.revoked", invitation),
        ("session.created", session.clone()),
        ("session.pending", pending),
        ("session.ended", session.clone()),
        ("session.removed", session.clone()),
        ("session.revoked", session),
    ];
    for (event_type, data) in cases {
        let event = event(event_type, data);
        assert!(
            !matches!(event.data, EventData::Unknown { .. }),
            "{event_type} is typed"
        );
        assert_eq!(event.data.event_type(), event_type);
        assert_eq!(event.instance_id.as_deref(), Some("ins_2x4Aa0Instance"));
        assert_eq!(event.timestamp, Some(1_764_950_400_123));
        let request = event.http_request.expect("http_request");
        assert_eq!(request.client_ip.as_deref(), Some("198.51.100.24"));
    }
}

#[test]
fn events_carry_their_objects_typed() {
    let EventData::OrganizationCreated(organization) = event(
        "organization.created",
        fixture("clerk-organizations", "organization"),
    )
    .data
    else {
        panic!("an organization")
    };
    assert_eq!(organization.members_count, Some(3));
    let EventData::OrganizationDeleted(deleted) = event(
        "organization.deleted",
        fixture("clerk-organizations", "organization_deleted"),
    )
    .data
    else {
        panic!("a deleted organization")
    };
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some("org_2x6Bq9Difference"));
    let EventData::SessionPending(session) = event(
        "session.pending",
        fixture("clerk-sessions", "session_pending"),
    )
    .data
    else {
        panic!("a session")
    };
    assert_eq!(session.tasks.expect("tasks")[0].key, "choose-organization");
}

#[test]
fn older_payload_shapes_decode() {
    let EventData::OrganizationCreated(organization) = event(
        "organization.created",
        fixture("clerk-organizations", "organization_2022_webhook"),
    )
    .data
    else {
        panic!("an organization")
    };
    assert!(!organization.has_image);
    let EventData::OrganizationInvitationAccepted(invitation) = event(
        "organizationInvitation.accepted",
        fixture(
            "clerk-organizations",
            "organization_invitation_2022_webhook",
        ),
    )
    .data
    else {
        panic!("an invitation")
    };
    assert_eq!(invitation.role.as_deref(), Some("basic_member"));
    let EventData::SessionEnded(session) = event(
        "session.ended",
        fixture("clerk-sessions", "session_2022_webhook"),
    )
    .data
    else {
        panic!("a session")
    };
    assert_eq!(session.latest_activity, None);
    // A 2022 delivery has no timestamp, instance or request attributes.
    let body = serde_json::to_vec(&json!({
        "object": "event",
        "type": "organizationMembership.updated",
        "data": fixture("clerk-organizations", "organization_membership_2023_webhook"),
    }))
    .expect("serializes");
    let event = Event::from_json(&body).expect("decodes");
    assert_eq!((event.timestamp, event.http_request), (None, None));
}

#[test]
fn other_types_are_kept_with_their_data() {
    let event = event(
        "email.created",
        json!({"object": "email", "id": "ema_1", "slug": "verification_code"}),
    );
    let EventData::Unknown { event_type, data } = &event.data else {
        panic!("unknown")
    };
    assert_eq!(event_type, "email.created");
    assert_eq!(data["slug"], "verification_code");
    assert_eq!(event.data.event_type(), "email.created");
}

#[test]
fn a_payload_that_does_not_fit_names_the_field() {
    let mut organization = fixture("clerk-organizations", "organization");
    organization["members_count"] = json!("three");
    let error = Event::from_json(&envelope("organization.updated", organization))
        .expect_err("members_count is text");
    let WebhookError::BadPayload(message) = &error else {
        panic!("{error:?}")
    };
    assert!(message.starts_with("data.members_count:"), "{message}");
}

#[test]
fn only_a_signed_recent_delivery_is_decoded() {
    let webhook = Webhook::new(SECRET).expect("a secret");
    let body = envelope("session.revoked", fixture("clerk-sessions", "session"));
    let sent_at = 1_764_950_400;
    let headers = [
        ("svix-id", "msg_2x6C2".to_owned()),
        ("svix-timestamp", sent_at.to_string()),
        ("svix-signature", webhook.sign("msg_2x6C2", sent_at, &body)),
    ];
    let now = UNIX_EPOCH + Duration::from_secs(1_764_950_430);
    let event = webhook.verify_at(&headers, &body, now).expect("verifies");
    assert!(matches!(event.data, EventData::SessionRevoked(_)));

    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    assert_eq!(
        webhook.verify_at(&headers, &tampered, now),
        Err(WebhookError::NoMatchingSignature)
    );
    let later = UNIX_EPOCH + Duration::from_secs(1_764_950_400 + 3600);
    assert!(matches!(
        webhook.verify_at(&headers, &body, later),
        Err(WebhookError::Stale { .. })
    ));
    let other = Webhook::new("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=").expect("a secret");
    assert_eq!(
        other.verify_at(&headers, &body, now),
        Err(WebhookError::NoMatchingSignature)
    );
}

/// The whole deliveries clerk-users keeps from Clerk's docs and receivers' logs (its
/// `tests/fixtures/real/PROVENANCE.md`) decode here too, typed where the type is known.
#[test]
fn real_deliveries_of_every_area_decode() {
    let dir = format!(
        "{}/../clerk-users/tests/fixtures/real",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut typed = 0;
    for entry in std::fs::read_dir(&dir).expect("the fixtures directory") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.starts_with("webhook_") {
            continue;
        }
        let body = std::fs::read(&path).expect("readable");
        let event = Event::from_json(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let known = !matches!(event.data, EventData::Unknown { .. });
        assert_eq!(known, !name.starts_with("webhook_email"), "{name}");
        typed += usize::from(known);
    }
    assert!(typed >= 10, "only {typed} typed deliveries");
}
