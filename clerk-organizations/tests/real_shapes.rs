//! Organization, membership, invitation and billing payloads in the shapes Clerk has sent
//! over time (provenance per file in `tests/fixtures/README.md`) decode into the models,
//! keeping what they carry.

use clerk_organizations::models::{
    CommerceCreditLedgerResponse, CommerceSubscription, DeletedObject, Organization,
    OrganizationInvitation, OrganizationInvitationStatus, OrganizationInvitations,
    OrganizationInvitationsWithPublicOrganizationData, OrganizationMembership, Organizations,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    test_support::fixture(env!("CARGO_MANIFEST_DIR"), name)
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_current_organization_keeps_every_field() {
    let organization: Organization = decode("organization");
    assert_eq!(
        organization.name.as_deref(),
        Some("Difference Engine Society")
    );
    assert_eq!(organization.members_count, Some(3));
    assert_eq!(organization.max_allowed_memberships, Some(25));
    assert!(organization.admin_delete_enabled);
    assert_eq!(organization.last_active_at, Some(1_764_950_400_000));
    assert_eq!(organization.public_metadata["seats"], 25);
}

#[test]
fn a_2022_webhook_organization_without_newer_fields_decodes() {
    let organization: Organization = decode("organization_2022_webhook");
    assert_eq!(
        organization.slug.as_deref(),
        Some("analytical-engine-works")
    );
    assert!(!organization.has_image);
    assert!(!organization.admin_delete_enabled);
    assert_eq!(organization.max_allowed_memberships, None);
    assert_eq!(organization.private_metadata, None);
    assert_eq!(organization.created_at, Some(1_654_013_202_977));
}

#[test]
fn an_organization_with_the_deprecated_logo_url_decodes() {
    let organization: Organization = decode("organization_with_logo");
    assert!(organization.has_image);
    assert_eq!(organization.role_set_key, None);
    assert_eq!(
        organization.image_url.as_deref(),
        Some("https://img.clerk.com/eyJ0eXBlIjoibG9nbyJ9")
    );
}

#[test]
fn a_deleted_organization_is_a_deleted_object() {
    let deleted: DeletedObject = decode("organization_deleted");
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some("org_2x6Bq9Difference"));
    assert_eq!(deleted.slug, None);
}

#[test]
fn a_page_of_organizations_keeps_counts_and_flags() {
    let page: Organizations = decode("organizations_page");
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.data[1].members_count, Some(0));
    assert_eq!(page.data[1].created_by.as_deref(), Some(""));
}

#[test]
fn a_current_membership_keeps_permissions_and_member_data() {
    let membership: OrganizationMembership = decode("organization_membership");
    assert_eq!(membership.permissions.len(), 6);
    let member = membership.public_user_data.expect("member data");
    assert_eq!(member.username.as_deref(), Some("ada"));
    assert_eq!(member.banned, Some(false));
    assert_eq!(member.profile_image_url, None);
    let organization = membership.organization.expect("organization");
    assert_eq!(organization.id, "org_2x6Bq9Difference");
}

#[test]
fn a_2023_webhook_membership_with_a_legacy_role_decodes() {
    let membership: OrganizationMembership = decode("organization_membership_2023_webhook");
    assert_eq!(membership.role.as_deref(), Some("basic_member"));
    assert_eq!(membership.role_name, None);
    assert!(membership.permissions.is_empty());
    let organization = membership.organization.expect("organization");
    assert!(!organization.has_image);
    let member = membership.public_user_data.expect("member data");
    assert_eq!(
        member.profile_image_url.as_deref(),
        Some("https://images.clerk.dev/uploaded/img_2NkQo3.png")
    );
    assert_eq!(member.username, None);
}

#[test]
fn a_pending_invitation_keeps_its_link_and_inviter() {
    let invitation: OrganizationInvitation = decode("organization_invitation");
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Pending)
    );
    assert!(
        invitation
            .url
            .as_deref()
            .is_some_and(|url| url.contains("__clerk_ticket"))
    );
    let inviter = invitation.public_inviter_data.expect("inviter");
    assert_eq!(inviter.identifier.as_deref(), Some("ada@example.com"));
}

#[test]
fn a_2022_webhook_invitation_without_newer_fields_decodes() {
    let invitation: OrganizationInvitation = decode("organization_invitation_2022_webhook");
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Accepted)
    );
    assert_eq!(invitation.role.as_deref(), Some("basic_member"));
    assert_eq!(invitation.role_name, None);
    assert!(invitation.public_metadata.is_empty());
    assert_eq!(invitation.expires_at, None);
    assert!(invitation.public_inviter_data.is_none());
}

#[test]
fn an_invitation_the_backend_sent_and_revoked_has_nulls_where_people_would_be() {
    let invitation: OrganizationInvitation = decode("organization_invitation_revoked_by_backend");
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Revoked)
    );
    assert_eq!(invitation.inviter_id, None);
    assert_eq!(invitation.url, None);
}

#[test]
fn an_invitation_status_clerk_adds_later_is_kept_not_refused() {
    let mut value = fixture("organization_invitation");
    value["status"] = Value::from("declined");
    let invitation: OrganizationInvitation = serde_json::from_value(value).expect("decodes");
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Unknown("declined".into()))
    );
}

#[test]
fn a_bulk_answer_keeps_each_role_and_expiry() {
    let page: OrganizationInvitations = decode("organization_invitations_bulk");
    let expiries: Vec<_> = page.data.iter().map(|i| i.expires_at).collect();
    assert_eq!(expiries, [Some(1_767_456_000_000), Some(1_765_468_800_000)]);
}

#[test]
fn an_instance_wide_page_carries_each_organization() {
    let page: OrganizationInvitationsWithPublicOrganizationData =
        decode("instance_invitations_page");
    assert_eq!(page.total_count, Some(41));
    let invitation = &page.data[0];
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Expired)
    );
    assert!(invitation.public_inviter_data.is_none());
    let organization = invitation
        .public_organization_data
        .as_ref()
        .expect("organization");
    assert_eq!(
        organization.name.as_deref(),
        Some("Difference Engine Society")
    );
}

#[test]
fn an_organization_subscription_names_the_organization_as_payer() {
    let subscription: CommerceSubscription = decode("billing_subscription_organization");
    assert_eq!(subscription.past_due_at, None);
    let item = &subscription.subscription_items[0];
    let payer = item.payer.as_ref().expect("payer");
    assert_eq!(
        payer.organization_name.as_deref(),
        Some("Difference Engine Society")
    );
    assert_eq!(item.period_end, Some(1_767_542_400_000));
}

#[test]
fn a_ledger_entry_keeps_its_note_and_text_time() {
    let entry: CommerceCreditLedgerResponse = decode("credit_ledger_increase");
    assert_eq!(
        entry.note.as_deref(),
        Some("Goodwill credit after the outage")
    );
    assert_eq!(entry.created_at.as_deref(), Some("2026-12-05T10:00:00Z"));
}
