//! Contract test: every operation against Prism serving Clerk's official OpenAPI.
//!
//! Run by `cargo xtask contract --openapi PATH`, which starts Prism and sets
//! `CLERK_CONTRACT_URL`. Prism answers a request that breaks the spec with an
//! `sl-violations` header, and a valid one with random data that follows the spec's
//! schemas, which our types must decode.

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
use serde_json::json;
use test_support::contract::{Contract, check};

/// Every operation of the client; the test fails if one is not called.
const OPERATIONS: usize = 25;

#[tokio::test]
#[ignore = "needs a Prism mock server: run `cargo xtask contract --openapi PATH`"]
async fn every_operation_matches_clerks_openapi() {
    let mut contract = Contract::default();
    let clerk = Client::from_config(&contract.config()).expect("valid configuration");
    let c = &mut contract;
    let org = "org_2x6Bq9Difference";
    let user = "user_2x5Ta1bLovelace";
    let invitation = "orginv_2x6Bs1Hopper";

    // Organizations.
    check(
        c,
        "ListOrganizations",
        clerk
            .list_organizations()
            .include_members_count(true)
            .query("engine")
            .user_id([Filter::include(user)])
            .organization_id([Filter::exclude("org_x")])
            .order_by(OrderBy::desc(OrganizationOrderByField::CreatedAt))
            .limit(2)
            .offset(0)
            .await,
    );
    let mut pages = std::pin::pin!(clerk.list_organizations().limit(2).pages());
    check(c, "ListOrganizations (first page)", pages.try_next().await);
    check(
        c,
        "CreateOrganization",
        clerk
            .create_organization(
                CreateOrganizationRequest::new("Difference Engine Society")
                    .created_by(user)
                    .max_allowed_memberships(25),
            )
            .await,
    );
    check(
        c,
        "GetOrganization",
        clerk
            .get_organization(org)
            .include_members_count(true)
            .await,
    );
    check(
        c,
        "UpdateOrganization",
        clerk
            .update_organization(
                org,
                UpdateOrganizationRequest::new()
                    .name("The Difference Engine Society")
                    .clear_slug(),
            )
            .await,
    );
    check(
        c,
        "DeleteOrganization",
        clerk.delete_organization(org).await,
    );
    check(
        c,
        "MergeOrganizationMetadata",
        clerk
            .merge_organization_metadata(
                org,
                MergeOrganizationMetadataRequest::new()
                    .public_metadata_from(&json!({"seats": 30}))
                    .expect("an object"),
            )
            .await,
    );
    check(
        c,
        "ReplaceOrganizationMetadata",
        clerk
            .replace_organization_metadata(
                org,
                ReplaceOrganizationMetadataRequest::new()
                    .private_metadata_from(&json!({"tier": "gold"}))
                    .expect("an object"),
            )
            .await,
    );
    let logo = FilePart::new(&b"\x89PNG\r\n\x1a\n"[..], "logo.png").mime("image/png");
    check(
        c,
        "UploadOrganizationLogo",
        clerk
            .upload_organization_logo(
                org,
                UploadOrganizationLogoRequest::new(logo).uploader_user_id(user),
            )
            .await,
    );
    check(
        c,
        "DeleteOrganizationLogo",
        clerk.delete_organization_logo(org).await,
    );

    // Billing.
    check(
        c,
        "GetOrganizationBillingSubscription",
        clerk.get_organization_billing_subscription(org).await,
    );
    check(
        c,
        "GetOrganizationBillingCreditBalance",
        clerk.get_organization_billing_credit_balance(org).await,
    );
    check(
        c,
        "AdjustOrganizationBillingCreditBalance",
        clerk
            .adjust_organization_billing_credit_balance(
                org,
                AdjustCreditBalanceRequest::new(
                    500,
                    AdjustCreditBalanceRequestAction::Increase,
                    "contract-1",
                )
                .note("contract test"),
            )
            .await,
    );

    // Memberships.
    check(
        c,
        "CreateOrganizationMembership",
        clerk
            .create_organization_membership(
                org,
                CreateOrganizationMembershipRequest::new(user, "org:member"),
            )
            .await,
    );
    check(
        c,
        "ListOrganizationMemberships",
        clerk
            .list_organization_memberships(org)
            .order_by(OrderBy::asc(OrganizationMembershipOrderByField::FirstName))
            .user_id([Filter::include(user)])
            .role(["org:admin"])
            .email_address_query("example")
            .created_at_after(1_764_864_000_000)
            .limit(5)
            .await,
    );
    check(
        c,
        "UpdateOrganizationMembership",
        clerk
            .update_organization_membership(
                org,
                user,
                UpdateOrganizationMembershipRequest::new("org:admin"),
            )
            .await,
    );
    check(
        c,
        "DeleteOrganizationMembership",
        clerk.delete_organization_membership(org, user).await,
    );
    check(
        c,
        "UpdateOrganizationMembershipMetadata",
        clerk
            .update_organization_membership_metadata(
                org,
                user,
                UpdateOrganizationMembershipMetadataRequest::new()
                    .public_metadata_from(&json!({"team": "engines"}))
                    .expect("an object"),
            )
            .await,
    );
    check(
        c,
        "InstanceGetOrganizationMemberships",
        clerk
            .instance_get_organization_memberships()
            .order_by(OrderBy::desc(OrganizationMembershipOrderByField::CreatedAt))
            .limit(3)
            .await,
    );

    // Invitations.
    check(
        c,
        "ListInstanceOrganizationInvitations",
        clerk
            .list_instance_organization_invitations()
            .status(OrganizationInvitationStatus::Pending)
            .order_by(OrderBy::asc(
                OrganizationInvitationOrderByField::EmailAddress,
            ))
            .query("example.com")
            .limit(3)
            .await,
    );
    check(
        c,
        "CreateOrganizationInvitation",
        clerk
            .create_organization_invitation(
                org,
                CreateOrganizationInvitationRequest::new("grace@example.com", "org:member")
                    .expires_in_days(7)
                    .notify(false),
            )
            .await,
    );
    check(
        c,
        "ListOrganizationInvitations",
        clerk
            .list_organization_invitations(org)
            .status(OrganizationInvitationStatus::Accepted)
            .order_by(OrderBy::desc(OrganizationInvitationOrderByField::CreatedAt))
            .await,
    );
    check(
        c,
        "CreateOrganizationInvitationBulk",
        clerk
            .create_organization_invitation_bulk(
                org,
                vec![
                    CreateOrganizationInvitationRequest::new("a@example.com", "org:member"),
                    CreateOrganizationInvitationRequest::new("b@example.com", "org:admin"),
                ],
            )
            .await,
    );
    #[expect(
        deprecated,
        reason = "Clerk still serves the deprecated endpoint; the contract covers it"
    )]
    let pending = clerk.list_pending_organization_invitations(org).limit(2);
    check(c, "ListPendingOrganizationInvitations", pending.await);
    check(
        c,
        "GetOrganizationInvitation",
        clerk.get_organization_invitation(org, invitation).await,
    );
    check(
        c,
        "RevokeOrganizationInvitation",
        clerk
            .revoke_organization_invitation(org, invitation)
            .body(RevokeOrganizationInvitationRequest::new().requesting_user_id(user))
            .await,
    );
    contract.finish(OPERATIONS);
}
