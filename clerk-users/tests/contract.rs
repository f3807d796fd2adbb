//! Contract test: every operation against Prism serving Clerk's official OpenAPI.
//!
//! Run by `cargo xtask contract --openapi PATH`, which starts Prism and sets
//! `CLERK_CONTRACT_URL`. Prism answers a request that breaks the spec with an
//! `sl-violations` header (and usually a 4xx), and a valid one with random data that
//! follows the spec's schemas, which our types must decode.

use clerk_users::models::{
    AdjustCreditBalanceRequest, AdjustCreditBalanceRequestAction, CreateUserRequest,
    IdentificationStatus, RemoveUserPasswordRequest, ReplaceUserEmailAddressRequest,
    ReplaceUserMetadataRequest, ReplaceUserPhoneNumberRequest, SetUserPasswordCompromisedRequest,
    SetUserProfileImageRequest, UpdateUserMetadataRequest, UpdateUserRequest, UsersBanRequest,
    UsersUnbanRequest, VerifyPasswordRequest, VerifyTotpRequest,
};
use clerk_users::{Client, FilePart};
use test_support::contract::{Contract, check};

/// Every operation of the client; the test fails if one is not called.
const OPERATIONS: usize = 37;

#[tokio::test]
#[ignore = "needs a Prism mock server: run `cargo xtask contract --openapi PATH`"]
async fn every_operation_matches_clerks_openapi() {
    let mut failures = Contract::default();
    let clerk = Client::from_config(&failures.config()).expect("valid configuration");

    let f = &mut failures;
    let user = "user_2x5Ta1b";
    let metadata = serde_json::Map::from_iter([("plan".to_owned(), serde_json::json!("pro"))]);

    check(
        f,
        "GetUserList",
        clerk
            .get_user_list()
            .limit(5)
            .offset(0)
            .order_by("-created_at")
            .email_address(["a@example.com"])
            .await,
    );
    check(
        f,
        "GetUserList (cursor)",
        clerk
            .get_user_list()
            .limit(5)
            .starting_after("user_1")
            .await,
    );
    check(
        f,
        "CreateUser",
        clerk
            .create_user(
                CreateUserRequest::new()
                    .email_address(["ada@example.com"])
                    .first_name("Ada"),
            )
            .await,
    );
    check(
        f,
        "GetUsersCount",
        clerk.get_users_count().query("ada").await,
    );
    check(f, "GetUser", clerk.get_user(user).await);
    check(
        f,
        "UpdateUser",
        clerk
            .update_user(
                user,
                UpdateUserRequest::new().first_name("Ada").clear_username(),
            )
            .await,
    );
    check(f, "DeleteUser", clerk.delete_user(user).await);
    check(f, "BanUser", clerk.ban_user(user).await);
    check(f, "UnbanUser", clerk.unban_user(user).await);
    check(
        f,
        "UsersBan",
        clerk.users_ban(UsersBanRequest::new([user])).await,
    );
    check(
        f,
        "UsersUnban",
        clerk.users_unban(UsersUnbanRequest::new([user])).await,
    );
    check(f, "LockUser", clerk.lock_user(user).await);
    check(f, "UnlockUser", clerk.unlock_user(user).await);
    let image = FilePart::new(&b"\x89PNG\r\n\x1a\n"[..], "avatar.png").mime("image/png");
    check(
        f,
        "SetUserProfileImage",
        clerk
            .set_user_profile_image(user, SetUserProfileImageRequest::new(image))
            .await,
    );
    check(
        f,
        "DeleteUserProfileImage",
        clerk.delete_user_profile_image(user).await,
    );
    check(
        f,
        "UpdateUserMetadata",
        clerk
            .update_user_metadata(user)
            .body(UpdateUserMetadataRequest::new().public_metadata(metadata.clone()))
            .await,
    );
    check(
        f,
        "ReplaceUserMetadata",
        clerk
            .replace_user_metadata(user)
            .body(ReplaceUserMetadataRequest::new().public_metadata(metadata))
            .await,
    );
    check(
        f,
        "ReplaceUserEmailAddress",
        clerk
            .replace_user_email_address(
                user,
                ReplaceUserEmailAddressRequest::new("ada@example.com")
                    .identification_status(IdentificationStatus::Reserved)
                    .notify_primary_email_address_changed(true),
            )
            .await,
    );
    check(
        f,
        "ReplaceUserPhoneNumber",
        clerk
            .replace_user_phone_number(user, ReplaceUserPhoneNumberRequest::new("+15551234567"))
            .await,
    );
    check(
        f,
        "GetUserBillingSubscription",
        clerk.get_user_billing_subscription(user).await,
    );
    check(
        f,
        "GetUserBillingCreditBalance",
        clerk.get_user_billing_credit_balance(user).await,
    );
    check(
        f,
        "AdjustUserBillingCreditBalance",
        clerk
            .adjust_user_billing_credit_balance(
                user,
                AdjustCreditBalanceRequest::new(
                    500,
                    AdjustCreditBalanceRequestAction::Increase,
                    "contract-1",
                ),
            )
            .await,
    );
    check(
        f,
        "GetOAuthAccessToken",
        clerk
            .get_oauth_access_token(user, "oauth_google")
            .paginated(true)
            .limit(5)
            .await,
    );
    check(
        f,
        "UsersGetOrganizationMemberships",
        clerk
            .users_get_organization_memberships(user)
            .limit(5)
            .await,
    );
    check(
        f,
        "UsersGetOrganizationInvitations",
        clerk
            .users_get_organization_invitations(user)
            .status("pending")
            .await,
    );
    check(
        f,
        "RemoveUserPassword",
        clerk
            .remove_user_password(user)
            .body(RemoveUserPasswordRequest::new().sign_out_of_other_sessions(true))
            .await,
    );
    check(
        f,
        "VerifyPassword",
        clerk
            .verify_password(user)
            .body(VerifyPasswordRequest::new("correct horse battery"))
            .await,
    );
    check(
        f,
        "VerifyTOTP",
        clerk
            .verify_totp(user)
            .body(VerifyTotpRequest::new("123456"))
            .await,
    );
    check(f, "DisableMFA", clerk.disable_mfa(user).await);
    check(f, "DeleteBackupCode", clerk.delete_backup_code(user).await);
    check(
        f,
        "UserPasskeyDelete",
        clerk.user_passkey_delete(user, "idn_passkey").await,
    );
    check(
        f,
        "UserWeb3WalletDelete",
        clerk.user_web3_wallet_delete(user, "idn_wallet").await,
    );
    check(f, "DeleteTOTP", clerk.delete_totp(user).await);
    check(
        f,
        "DeleteExternalAccount",
        clerk.delete_external_account(user, "eac_1").await,
    );
    check(
        f,
        "SetUserPasswordCompromised",
        clerk
            .set_user_password_compromised(user)
            .body(SetUserPasswordCompromisedRequest::new().revoke_all_sessions(false))
            .await,
    );
    check(
        f,
        "UnsetUserPasswordCompromised",
        clerk.unset_user_password_compromised(user).await,
    );
    check(
        f,
        "ListUserTrustedDevices",
        clerk.list_user_trusted_devices(user).await,
    );
    check(
        f,
        "RevokeUserTrustedDevice",
        clerk.revoke_user_trusted_device(user, "td_1").await,
    );

    failures.finish(OPERATIONS);
}
