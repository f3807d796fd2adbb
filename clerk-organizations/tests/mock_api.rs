//! Every operation against a local mock of the API (127.0.0.1 only) that checks method,
//! path, query, bearer token and body exactly, answering once with a fixture of a shape
//! Clerk sends (see `tests/fixtures/README.md`).

use clerk_organizations::models::{
    AdjustCreditBalanceRequest, AdjustCreditBalanceRequestAction,
    CreateOrganizationInvitationRequest, CreateOrganizationMembershipRequest,
    CreateOrganizationRequest, MergeOrganizationMetadataRequest,
    OrganizationInvitationOrderByField, OrganizationInvitationStatus,
    OrganizationMembershipOrderByField, OrganizationOrderByField,
    ReplaceOrganizationMetadataRequest, RevokeOrganizationInvitationRequest,
    UpdateOrganizationMembershipMetadataRequest, UpdateOrganizationMembershipRequest,
    UpdateOrganizationRequest, UploadOrganizationLogoRequest,
};
use clerk_organizations::{Client, FilePart, Filter, OrderBy};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use test_support::Expected;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORG_ID: &str = "org_2x6Bq9Difference";

async fn setup() -> (MockServer, Client) {
    let (server, config) = test_support::mock_server().await;
    let client = Client::from_config(&config).expect("valid client configuration");
    (server, client)
}

fn fixture(name: &str) -> Value {
    test_support::fixture(env!("CARGO_MANIFEST_DIR"), name)
}

// --- Organizations ----------------------------------------------------------------------

#[tokio::test]
async fn list_organizations_with_filters_and_order() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organizations")
        .query(
            "include_members_count=true&query=engine&user_id=%2Buser_a&user_id=-user_b\
             &organization_id=org_x&order_by=-members_count&limit=2",
        )
        .reply(fixture("organizations_page"))
        .mount(&server)
        .await;
    let page = clerk
        .list_organizations()
        .include_members_count(true)
        .query("engine")
        .user_id([Filter::include("user_a"), Filter::exclude("user_b")])
        .organization_id(["org_x"])
        .order_by(OrderBy::desc(OrganizationOrderByField::MembersCount))
        .limit(2)
        .await
        .expect("ListOrganizations succeeds");
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.data[0].id, ORG_ID);
    assert_eq!(page.data[0].members_count, Some(3));
    assert_eq!(
        page.data[1].missing_member_with_elevated_permissions,
        Some(true)
    );
    assert!(!page.data[1].has_image);
}

/// `.stream()` walks `{data, total_count}` pages with limit and offset and stops at the total.
#[tokio::test]
async fn list_organizations_stream_walks_pages_to_the_total() {
    let (server, clerk) = setup().await;
    let page = fixture("organizations_page");
    let (first, second) = (page["data"][0].clone(), page["data"][1].clone());
    Expected::new("GET", "/organizations")
        .query("limit=1&offset=0")
        .reply(json!({"data": [first], "total_count": 2}))
        .mount(&server)
        .await;
    Expected::new("GET", "/organizations")
        .query("limit=1&offset=1")
        .reply(json!({"data": [second], "total_count": 2}))
        .mount(&server)
        .await;
    let ids: Vec<String> = clerk
        .list_organizations()
        .limit(1)
        .stream()
        .map_ok(|organization| organization.id)
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(ids, [ORG_ID, "org_2w1Cc3Jacquard"]);
}

#[tokio::test]
async fn create_organization() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/organizations")
        .body(json!({
            "name": "Difference Engine Society",
            "created_by": "user_2x5Ta1bLovelace",
            "slug": "difference-engine",
            "max_allowed_memberships": 25,
            "public_metadata": {"plan": "team"},
        }))
        .reply(fixture("organization"))
        .mount(&server)
        .await;
    let mut public = serde_json::Map::new();
    public.insert("plan".into(), json!("team"));
    let body = CreateOrganizationRequest::new("Difference Engine Society")
        .created_by("user_2x5Ta1bLovelace")
        .slug("difference-engine")
        .max_allowed_memberships(25)
        .public_metadata(public);
    let organization = clerk
        .create_organization(body)
        .await
        .expect("CreateOrganization succeeds");
    assert_eq!(organization.id, ORG_ID);
    assert_eq!(organization.role_set_key.as_deref(), Some("default"));
}

#[tokio::test]
async fn get_organization_by_slug() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organizations/difference-engine")
        .query("include_members_count=true&include_missing_member_with_elevated_permissions=true")
        .reply(fixture("organization"))
        .mount(&server)
        .await;
    let organization = clerk
        .get_organization("difference-engine")
        .include_members_count(true)
        .include_missing_member_with_elevated_permissions(true)
        .await
        .expect("GetOrganization succeeds");
    assert_eq!(organization.pending_invitations_count, Some(1));
    assert_eq!(
        organization.missing_member_with_elevated_permissions,
        Some(false)
    );
}

/// A PATCH body sends what was set, `null` for what was cleared, nothing for the rest.
#[tokio::test]
async fn update_organization_sends_set_and_cleared_fields_only() {
    let (server, clerk) = setup().await;
    Expected::new("PATCH", "/organizations/org_2x6Bq9Difference")
        .body(json!({"name": "The Difference Engine Society", "role_set_key": null}))
        .reply(fixture("organization"))
        .mount(&server)
        .await;
    let body = UpdateOrganizationRequest::new()
        .name("The Difference Engine Society")
        .clear_role_set_key();
    let organization = clerk
        .update_organization(ORG_ID, body)
        .await
        .expect("UpdateOrganization succeeds");
    assert_eq!(organization.id, ORG_ID);
}

#[tokio::test]
async fn delete_organization() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/organizations/org_2x6Bq9Difference")
        .reply(fixture("organization_deleted"))
        .mount(&server)
        .await;
    let deleted = clerk
        .delete_organization(ORG_ID)
        .await
        .expect("DeleteOrganization succeeds");
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(ORG_ID));
    assert_eq!(deleted.object.as_deref(), Some("organization"));
}

#[tokio::test]
async fn merge_organization_metadata() {
    let (server, clerk) = setup().await;
    Expected::new("PATCH", "/organizations/org_2x6Bq9Difference/metadata")
        .body(json!({"public_metadata": {"seats": 30, "trial": null}}))
        .reply(fixture("organization"))
        .mount(&server)
        .await;
    let body = MergeOrganizationMetadataRequest::new()
        .public_metadata_from(&json!({"seats": 30, "trial": null}))
        .expect("an object");
    let organization = clerk
        .merge_organization_metadata(ORG_ID, body)
        .await
        .expect("MergeOrganizationMetadata succeeds");
    assert_eq!(organization.public_metadata["seats"], 25);
}

#[tokio::test]
async fn replace_organization_metadata() {
    let (server, clerk) = setup().await;
    Expected::new("PUT", "/organizations/org_2x6Bq9Difference/metadata")
        .body(json!({"private_metadata": {"billing_contact": "ada@example.com"}}))
        .reply(fixture("organization"))
        .mount(&server)
        .await;
    let body = ReplaceOrganizationMetadataRequest::new()
        .private_metadata_from(&json!({"billing_contact": "ada@example.com"}))
        .expect("an object");
    let organization = clerk
        .replace_organization_metadata(ORG_ID, body)
        .await
        .expect("ReplaceOrganizationMetadata succeeds");
    let private = organization.private_metadata.expect("private metadata");
    assert_eq!(private["billing_contact"], "ada@example.com");
}

#[tokio::test]
async fn upload_organization_logo_sends_multipart_parts() {
    let (server, clerk) = setup().await;
    test_support::expect_multipart(
        &server,
        "PUT",
        "/organizations/org_2x6Bq9Difference/logo",
        &[
            "name=\"file\"; filename=\"engine.webp\"",
            "Content-Type: image/webp",
            "WEBP-BYTES",
            "name=\"uploader_user_id\"\r\n\r\nuser_2x5Ta1bLovelace",
        ],
        fixture("organization_with_logo"),
    )
    .await;
    let logo = FilePart::new(&b"WEBP-BYTES"[..], "engine.webp").mime("image/webp");
    let body = UploadOrganizationLogoRequest::new(logo).uploader_user_id("user_2x5Ta1bLovelace");
    let organization = clerk
        .upload_organization_logo(ORG_ID, body)
        .await
        .expect("UploadOrganizationLogo succeeds");
    assert!(organization.has_image);
    assert_eq!(
        organization.image_url.as_deref(),
        Some("https://img.clerk.com/eyJ0eXBlIjoibG9nbyJ9")
    );
}

#[tokio::test]
async fn a_logo_with_a_bad_media_type_is_refused_before_sending() {
    let (server, clerk) = setup().await;
    let logo = FilePart::new(&b"x"[..], "logo.png").mime("not a media type");
    let error = clerk
        .upload_organization_logo(ORG_ID, UploadOrganizationLogoRequest::new(logo))
        .await
        .expect_err("invalid media type");
    assert!(
        matches!(
            error,
            clerk_organizations::Error::InvalidArgument { name: "file", .. }
        ),
        "{error:?}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn delete_organization_logo() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/organizations/org_2x6Bq9Difference/logo")
        .reply(fixture("organizations_page")["data"][1].clone())
        .mount(&server)
        .await;
    let organization = clerk
        .delete_organization_logo(ORG_ID)
        .await
        .expect("DeleteOrganizationLogo succeeds");
    assert!(!organization.has_image);
}

#[tokio::test]
async fn an_empty_organization_id_is_refused_before_sending() {
    let (server, clerk) = setup().await;
    let error = clerk
        .get_organization("")
        .await
        .expect_err("empty path parameter");
    assert!(
        matches!(
            error,
            clerk_organizations::Error::InvalidArgument {
                name: "organization_id",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

// --- Billing ------------------------------------------------------------------------------

#[tokio::test]
async fn get_organization_billing_subscription() {
    let (server, clerk) = setup().await;
    Expected::new(
        "GET",
        "/organizations/org_2x6Bq9Difference/billing/subscription",
    )
    .reply(fixture("billing_subscription_organization"))
    .mount(&server)
    .await;
    let subscription = clerk
        .get_organization_billing_subscription(ORG_ID)
        .await
        .expect("GetOrganizationBillingSubscription succeeds");
    let item = &subscription.subscription_items[0];
    let payer = item.payer.as_ref().expect("payer");
    assert_eq!(payer.organization_id.as_deref(), Some(ORG_ID));
    assert_eq!(payer.user_id, None);
    let next = subscription.next_payment.expect("next payment");
    assert_eq!(next.amount.and_then(|money| money.amount), Some(9900));
}

#[tokio::test]
async fn get_organization_billing_credit_balance() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organizations/org_2x6Bq9Difference/billing/credits")
        .reply(fixture("credit_balance_never_funded"))
        .mount(&server)
        .await;
    let balance = clerk
        .get_organization_billing_credit_balance(ORG_ID)
        .await
        .expect("GetOrganizationBillingCreditBalance succeeds");
    assert_eq!(balance.balance, None);
}

#[tokio::test]
async fn adjust_organization_billing_credit_balance() {
    let (server, clerk) = setup().await;
    Expected::new(
        "POST",
        "/organizations/org_2x6Bq9Difference/billing/credits",
    )
    .body(json!({
        "amount": 5000,
        "action": "increase",
        "idempotency_key": "outage-2026-12-05",
        "note": "Goodwill credit after the outage",
    }))
    .reply(fixture("credit_ledger_increase"))
    .mount(&server)
    .await;
    let body = AdjustCreditBalanceRequest::new(
        5000,
        AdjustCreditBalanceRequestAction::Increase,
        "outage-2026-12-05",
    )
    .note("Goodwill credit after the outage");
    let entry = clerk
        .adjust_organization_billing_credit_balance(ORG_ID, body)
        .await
        .expect("AdjustOrganizationBillingCreditBalance succeeds");
    assert_eq!(entry.amount.and_then(|money| money.amount), Some(5000));
    assert_eq!(entry.source_type.as_deref(), Some("admin_adjustment"));
}

// --- Memberships --------------------------------------------------------------------------

#[tokio::test]
async fn create_organization_membership() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/organizations/org_2x6Bq9Difference/memberships")
        .body(json!({
            "user_id": "user_2x5Ta1bLovelace",
            "role": "org:admin",
            "private_metadata": {"cost_centre": "R&D"},
        }))
        .reply(fixture("organization_membership"))
        .mount(&server)
        .await;
    let body = CreateOrganizationMembershipRequest::new("user_2x5Ta1bLovelace", "org:admin")
        .private_metadata_from(&json!({"cost_centre": "R&D"}))
        .expect("an object");
    let membership = clerk
        .create_organization_membership(ORG_ID, body)
        .await
        .expect("CreateOrganizationMembership succeeds");
    assert_eq!(membership.role.as_deref(), Some("org:admin"));
    assert!(
        membership
            .permissions
            .iter()
            .any(|p| p == "org:sys_memberships:manage")
    );
}

#[tokio::test]
async fn list_organization_memberships_with_filters() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organizations/org_2x6Bq9Difference/memberships")
        .query(
            "order_by=%2Bfirst_name&user_id=-user_x&email_address=ada%40example.com\
             &role=org%3Aadmin&role=org%3Amember&name_query=love&created_at_after=1764864000000&limit=10",
        )
        .reply(json!({"data": [fixture("organization_membership")], "total_count": 1}))
        .mount(&server)
        .await;
    let page = clerk
        .list_organization_memberships(ORG_ID)
        .order_by(OrderBy::asc(OrganizationMembershipOrderByField::FirstName))
        .user_id([Filter::exclude("user_x")])
        .email_address(["ada@example.com"])
        .role(["org:admin", "org:member"])
        .name_query("love")
        .created_at_after(1_764_864_000_000)
        .limit(10)
        .await
        .expect("ListOrganizationMemberships succeeds");
    assert_eq!(page.total_count, Some(1));
    let member = page.data[0]
        .public_user_data
        .as_ref()
        .expect("public user data");
    assert_eq!(member.identifier.as_deref(), Some("ada@example.com"));
}

#[tokio::test]
async fn update_organization_membership() {
    let (server, clerk) = setup().await;
    Expected::new(
        "PATCH",
        "/organizations/org_2x6Bq9Difference/memberships/user_2x5Ta1bLovelace",
    )
    .body(json!({"role": "org:admin"}))
    .reply(fixture("organization_membership"))
    .mount(&server)
    .await;
    let membership = clerk
        .update_organization_membership(
            ORG_ID,
            "user_2x5Ta1bLovelace",
            UpdateOrganizationMembershipRequest::new("org:admin"),
        )
        .await
        .expect("UpdateOrganizationMembership succeeds");
    assert_eq!(membership.role_name.as_deref(), Some("Admin"));
}

#[tokio::test]
async fn delete_organization_membership() {
    let (server, clerk) = setup().await;
    Expected::new(
        "DELETE",
        "/organizations/org_2x6Bq9Difference/memberships/user_2x5Ta1bLovelace",
    )
    .reply(fixture("organization_membership"))
    .mount(&server)
    .await;
    let membership = clerk
        .delete_organization_membership(ORG_ID, "user_2x5Ta1bLovelace")
        .await
        .expect("DeleteOrganizationMembership succeeds");
    assert_eq!(membership.id, "orgmem_2x6Br0Lovelace");
}

#[tokio::test]
async fn update_organization_membership_metadata() {
    let (server, clerk) = setup().await;
    Expected::new(
        "PATCH",
        "/organizations/org_2x6Bq9Difference/memberships/user_2x5Ta1bLovelace/metadata",
    )
    .body(json!({"public_metadata": {"team": "engines"}}))
    .reply(fixture("organization_membership"))
    .mount(&server)
    .await;
    let body = UpdateOrganizationMembershipMetadataRequest::new()
        .public_metadata_from(&json!({"team": "engines"}))
        .expect("an object");
    let membership = clerk
        .update_organization_membership_metadata(ORG_ID, "user_2x5Ta1bLovelace", body)
        .await
        .expect("UpdateOrganizationMembershipMetadata succeeds");
    assert_eq!(membership.public_metadata["team"], "engines");
}

#[tokio::test]
async fn instance_get_organization_memberships() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organization_memberships")
        .query("order_by=-created_at&limit=50&offset=50")
        .reply(json!({
            "data": [fixture("organization_membership"), fixture("organization_membership_2023_webhook")],
            "total_count": 52,
        }))
        .mount(&server)
        .await;
    let page = clerk
        .instance_get_organization_memberships()
        .order_by(OrderBy::desc(OrganizationMembershipOrderByField::CreatedAt))
        .limit(50)
        .offset(50)
        .await
        .expect("InstanceGetOrganizationMemberships succeeds");
    assert_eq!(page.total_count, Some(52));
    assert_eq!(page.data[1].role.as_deref(), Some("basic_member"));
}

// --- Invitations --------------------------------------------------------------------------

#[tokio::test]
async fn list_instance_organization_invitations_takes_a_typed_status() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organization_invitations")
        .query("order_by=%2Bemail_address&status=expired&query=example.com")
        .reply(fixture("instance_invitations_page"))
        .mount(&server)
        .await;
    let page = clerk
        .list_instance_organization_invitations()
        .order_by(OrderBy::asc(
            OrganizationInvitationOrderByField::EmailAddress,
        ))
        .status(OrganizationInvitationStatus::Expired)
        .query("example.com")
        .await
        .expect("ListInstanceOrganizationInvitations succeeds");
    assert_eq!(page.total_count, Some(41));
    let invitation = &page.data[0];
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Expired)
    );
    let organization = invitation
        .public_organization_data
        .as_ref()
        .expect("organization data");
    assert_eq!(organization.slug.as_deref(), Some("difference-engine"));
}

#[tokio::test]
async fn create_organization_invitation() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/organizations/org_2x6Bq9Difference/invitations")
        .body(json!({
            "email_address": "grace@example.com",
            "role": "org:member",
            "inviter_user_id": "user_2x5Ta1bLovelace",
            "redirect_url": "https://app.example.com/welcome",
            "expires_in_days": 30,
            "notify": false,
        }))
        .reply(fixture("organization_invitation"))
        .mount(&server)
        .await;
    let body = CreateOrganizationInvitationRequest::new("grace@example.com", "org:member")
        .inviter_user_id("user_2x5Ta1bLovelace")
        .redirect_url("https://app.example.com/welcome")
        .expires_in_days(30)
        .notify(false);
    let invitation = clerk
        .create_organization_invitation(ORG_ID, body)
        .await
        .expect("CreateOrganizationInvitation succeeds");
    assert_eq!(
        invitation.status,
        Some(OrganizationInvitationStatus::Pending)
    );
    let inviter = invitation.public_inviter_data.expect("inviter");
    assert_eq!(inviter.first_name.as_deref(), Some("Ada"));
}

/// The status filter also takes the wire text.
#[tokio::test]
async fn list_organization_invitations_takes_the_status_as_text_too() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/organizations/org_2x6Bq9Difference/invitations")
        .query("status=pending&email_address=grace%40example.com")
        .reply(json!({"data": [fixture("organization_invitation")], "total_count": 1}))
        .mount(&server)
        .await;
    let page = clerk
        .list_organization_invitations(ORG_ID)
        .status("pending")
        .email_address("grace@example.com")
        .await
        .expect("ListOrganizationInvitations succeeds");
    assert_eq!(page.data[0].id, "orginv_2x6Bs1Hopper");
}

#[tokio::test]
async fn create_organization_invitation_bulk() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/organizations/org_2x6Bq9Difference/invitations/bulk")
        .body(json!([
            {"email_address": "margaret@example.com", "role": "org:member"},
            {"email_address": "katherine@example.com", "role": "org:billing_manager", "expires_in_days": 7},
        ]))
        .reply(fixture("organization_invitations_bulk"))
        .mount(&server)
        .await;
    let invitations = vec![
        CreateOrganizationInvitationRequest::new("margaret@example.com", "org:member"),
        CreateOrganizationInvitationRequest::new("katherine@example.com", "org:billing_manager")
            .expires_in_days(7),
    ];
    let page = clerk
        .create_organization_invitation_bulk(ORG_ID, invitations)
        .await
        .expect("CreateOrganizationInvitationBulk succeeds");
    let roles: Vec<_> = page.data.iter().map(|i| i.role.as_deref()).collect();
    assert_eq!(roles, [Some("org:member"), Some("org:billing_manager")]);
}

/// The API takes one to ten invitations per call: other counts never leave the client.
#[tokio::test]
async fn a_bulk_of_none_or_more_than_ten_is_refused_before_sending() {
    let (server, clerk) = setup().await;
    let invitation = |n: usize| {
        CreateOrganizationInvitationRequest::new(format!("member{n}@example.com"), "org:member")
    };
    for count in [0, 11] {
        let error = clerk
            .create_organization_invitation_bulk(ORG_ID, (0..count).map(invitation).collect())
            .await
            .expect_err("out of bounds");
        let clerk_organizations::Error::InvalidArgument { name, reason } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(*name, "body");
        assert_eq!(
            reason,
            &format!("holds {count} items; the API takes 1 to 10")
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
#[expect(
    deprecated,
    reason = "the deprecated operation is still served and tested"
)]
async fn list_pending_organization_invitations() {
    let (server, clerk) = setup().await;
    Expected::new(
        "GET",
        "/organizations/org_2x6Bq9Difference/invitations/pending",
    )
    .query("limit=5")
    .reply(fixture("organization_invitations_bulk"))
    .mount(&server)
    .await;
    let page = clerk
        .list_pending_organization_invitations(ORG_ID)
        .limit(5)
        .await
        .expect("ListPendingOrganizationInvitations succeeds");
    assert!(
        page.data
            .iter()
            .all(|i| i.status == Some(OrganizationInvitationStatus::Pending))
    );
}

#[tokio::test]
async fn get_organization_invitation() {
    let (server, clerk) = setup().await;
    Expected::new(
        "GET",
        "/organizations/org_2x6Bq9Difference/invitations/orginv_2x6Bs1Hopper",
    )
    .reply(fixture("organization_invitation"))
    .mount(&server)
    .await;
    let invitation = clerk
        .get_organization_invitation(ORG_ID, "orginv_2x6Bs1Hopper")
        .await
        .expect("GetOrganizationInvitation succeeds");
    assert_eq!(invitation.expires_at, Some(1_767_456_000_000));
}

#[tokio::test]
async fn revoke_organization_invitation_by_an_admin_or_by_the_backend() {
    let (server, clerk) = setup().await;
    let invitation_path =
        "/organizations/org_2x6Bq9Difference/invitations/orginv_2x6Bt2Noether/revoke";
    Expected::new("POST", invitation_path)
        .body(json!({"requesting_user_id": "user_2x5Ta1bLovelace"}))
        .reply(fixture("organization_invitation_revoked_by_backend"))
        .mount(&server)
        .await;
    let by_admin = clerk
        .revoke_organization_invitation(ORG_ID, "orginv_2x6Bt2Noether")
        .body(RevokeOrganizationInvitationRequest::new().requesting_user_id("user_2x5Ta1bLovelace"))
        .await
        .expect("RevokeOrganizationInvitation succeeds");
    assert_eq!(by_admin.status, Some(OrganizationInvitationStatus::Revoked));

    server.reset().await;
    Expected::new("POST", invitation_path)
        .reply(fixture("organization_invitation_revoked_by_backend"))
        .mount(&server)
        .await;
    let by_backend = clerk
        .revoke_organization_invitation(ORG_ID, "orginv_2x6Bt2Noether")
        .await
        .expect("RevokeOrganizationInvitation without a body succeeds");
    assert_eq!(by_backend.inviter_id, None);
    assert!(by_backend.public_inviter_data.is_none());
}

/// A Clerk error answer arrives typed, with its code and trace id.
#[tokio::test]
async fn a_clerk_error_names_its_code() {
    let (server, clerk) = setup().await;
    Mock::given(method("POST"))
        .and(path("/organizations/org_2x6Bq9Difference/memberships"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "errors": [{
                "code": "already_a_member_in_organization",
                "message": "already a member",
                "long_message": "User is already a member of the organization.",
            }],
            "clerk_trace_id": "trace_2x6C1",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = clerk
        .create_organization_membership(
            ORG_ID,
            CreateOrganizationMembershipRequest::new("user_2x5Ta1bLovelace", "org:member"),
        )
        .await
        .expect_err("422");
    assert_eq!(error.clerk_trace_id(), Some("trace_2x6C1"));
    let clerk_organizations::Error::Api(api) = &error else {
        panic!("an API error: {error:?}")
    };
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(api.errors[0].code, "already_a_member_in_organization");
}
