//! Every operation, against a mock server that checks method, path, query, bearer token and
//! body exactly, and answers once with a realistic fixture that must decode into its type.

use clerk_users::models::UserOrderByField;
use clerk_users::models::{
    AdjustCreditBalanceRequest, AdjustCreditBalanceRequestAction, CreateUserRequest,
    EmailAddressVerification, IdentificationStatus,
    OrganizationInvitationsWithPublicOrganizationData, RemoveUserPasswordRequest,
    ReplaceUserEmailAddressRequest, ReplaceUserMetadataRequest, ReplaceUserPhoneNumberRequest,
    SetUserPasswordCompromisedRequest, SetUserProfileImageRequest, UpdateUserMetadataRequest,
    UpdateUserRequest, UsersBanRequest, UsersUnbanRequest, VerificationOtpStatus,
    VerifyPasswordRequest, VerifyTotpRequest,
};
use clerk_users::{FilePart, Filter, OrderBy};
use serde_json::json;

use crate::support::{Expected, fixture, setup};

const USER_ID: &str = "user_2x5Ta1bLovelace";

#[tokio::test]
async fn get_user_list() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users")
        .query(
            "email_address=a%40x.io&email_address=b%40x.io&user_id=%2Buser_1&user_id=-user_2\
             &organization_id=%2Borg_1&organization_id=org_2\
             &query=jane+doe&banned=false&created_at_after=1700000000000&order_by=-created_at",
        )
        .reply(json!([fixture("user"), fixture("user")]))
        .mount(&server)
        .await;
    let users = clerk
        .get_user_list()
        .order_by(OrderBy::desc(UserOrderByField::CreatedAt))
        .email_address(["a@x.io", "b@x.io"])
        .user_id([Filter::include("user_1"), Filter::exclude("user_2")])
        .organization_id(["+org_1", "org_2"])
        .query("jane doe")
        .banned(false)
        .created_at_after(1_700_000_000_000)
        .await
        .expect("GetUserList succeeds");
    assert_eq!(users.len(), 2);
    assert_eq!(users[0].id, USER_ID);
}

#[tokio::test]
async fn get_user_list_pages_with_limit_offset_and_cursor() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users")
        .query("limit=500&offset=0&starting_after=user_499")
        .reply(json!([]))
        .mount(&server)
        .await;
    let users = clerk
        .get_user_list()
        .limit(500)
        .offset(0)
        .starting_after("user_499")
        .await
        .expect("ok");
    assert!(users.is_empty());
}

#[tokio::test]
async fn get_user_list_without_filters_sends_no_query() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users")
        .reply(json!([]))
        .mount(&server)
        .await;
    assert!(clerk.get_user_list().send().await.expect("ok").is_empty());
}

#[tokio::test]
async fn create_user() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users")
        .body(json!({"email_address": ["new@x.io"], "first_name": "Ada", "skip_password_checks": true}))
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let body = CreateUserRequest::new()
        .email_address(["new@x.io"])
        .first_name("Ada")
        .skip_password_checks(true);
    let user = clerk.create_user(body).await.expect("ok");
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn get_users_count() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/count")
        .query("username=ada&username=grace&phone_number_query=555&last_sign_in_at_before=1")
        .reply(fixture("total_count"))
        .mount(&server)
        .await;
    let count = clerk
        .get_users_count()
        .username(["ada", "grace"])
        .phone_number_query("555")
        .last_sign_in_at_before(1)
        .await
        .expect("ok");
    assert_eq!(count.total_count, 3);
}

#[tokio::test]
async fn get_user() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let user = clerk.get_user("user_123").await.expect("ok");
    assert_eq!(user.id, USER_ID);
    assert_eq!(user.email_addresses.len(), 2);
    assert_eq!(user.email_addresses[0].email_address, "ada@example.com");
    let Some(EmailAddressVerification::Otp(otp)) = &user.email_addresses[0].verification else {
        panic!("the first address is verified by a one-time code");
    };
    assert_eq!(otp.status, Some(VerificationOtpStatus::Verified));
    assert!(user.email_addresses[1].verification.is_none());
    assert_eq!(user.public_metadata["seats"], 5);
    assert_eq!(user.phone_numbers[0].phone_number, "+15555550100");
    assert_eq!(user.external_accounts.len(), 1);
}

#[tokio::test]
async fn update_user() {
    let (server, clerk) = setup().await;
    Expected::new("PATCH", "/users/user_123")
        .body(json!({"username": null, "first_name": "Ada"}))
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let body = UpdateUserRequest::new().first_name("Ada").clear_username();
    let user = clerk.update_user("user_123", body).await.expect("ok");
    assert_eq!(user.id, USER_ID);
}

#[tokio::test]
async fn delete_user() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123")
        .reply(fixture("deleted_object"))
        .mount(&server)
        .await;
    let deleted = clerk.delete_user("user_123").await.expect("ok");
    assert!(deleted.deleted);
}

#[tokio::test]
async fn ban_user() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/ban")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    assert_eq!(clerk.ban_user("user_123").await.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn unban_user() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/unban")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    assert_eq!(clerk.unban_user("user_123").await.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn users_ban() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/ban")
        .body(json!({"user_ids": ["user_1", "user_2"]}))
        .reply(json!([fixture("user")]))
        .mount(&server)
        .await;
    let banned = clerk
        .users_ban(UsersBanRequest::new(["user_1", "user_2"]))
        .await
        .expect("ok");
    assert_eq!(banned.len(), 1);
}

/// The API bans and unbans 1 to 50 users per call: other counts never leave the client.
#[tokio::test]
async fn banning_none_or_more_than_fifty_is_refused_before_sending() {
    let (server, clerk) = setup().await;
    let ids = |count: usize| (0..count).map(|n| format!("user_{n}")).collect::<Vec<_>>();
    let too_many = clerk
        .users_ban(UsersBanRequest::new(ids(51)))
        .await
        .expect_err("51 users");
    assert!(
        matches!(
            &too_many,
            clerk_users::Error::InvalidArgument { name: "user_ids", reason }
                if reason == "holds 51 items; the API takes 1 to 50"
        ),
        "{too_many:?}"
    );
    let none = clerk
        .users_unban(UsersUnbanRequest::new(ids(0)))
        .await
        .expect_err("no users");
    assert!(
        matches!(
            none,
            clerk_users::Error::InvalidArgument {
                name: "user_ids",
                ..
            }
        ),
        "{none:?}"
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
async fn users_unban() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/unban")
        .body(json!({"user_ids": ["user_1"]}))
        .reply(json!([fixture("user")]))
        .mount(&server)
        .await;
    let unbanned = clerk
        .users_unban(UsersUnbanRequest::new(["user_1"]))
        .await
        .expect("ok");
    assert_eq!(unbanned[0].id, USER_ID);
}

#[tokio::test]
async fn lock_user() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/lock")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    assert_eq!(clerk.lock_user("user_123").await.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn unlock_user() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/unlock")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    assert_eq!(clerk.unlock_user("user_123").await.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn set_user_profile_image_uploads_multipart() {
    let (server, clerk) = setup().await;
    test_support::expect_multipart(
        &server,
        "POST",
        "/users/user_123/profile_image",
        &[
            "name=\"file\"; filename=\"ada.png\"",
            "Content-Type: image/png",
            "PNG-BYTES",
        ],
        fixture("user"),
    )
    .await;
    let image = FilePart::new(&b"PNG-BYTES"[..], "ada.png").mime("image/png");
    let user = clerk
        .set_user_profile_image("user_123", SetUserProfileImageRequest::new(image))
        .await
        .expect("ok");
    assert_eq!(user.id, USER_ID);
}

#[tokio::test]
async fn a_bad_media_type_is_refused_before_sending() {
    let (_server, clerk) = setup().await;
    let image = FilePart::new(&b"x"[..], "a.png").mime("not a media type");
    let error = clerk
        .set_user_profile_image("user_123", SetUserProfileImageRequest::new(image))
        .await
        .expect_err("invalid mime");
    assert!(
        matches!(
            error,
            clerk_users::Error::InvalidArgument { name: "file", .. }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn delete_user_profile_image() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/profile_image")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let user = clerk.delete_user_profile_image("user_123").await;
    assert_eq!(user.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn update_user_metadata() {
    let (server, clerk) = setup().await;
    Expected::new("PATCH", "/users/user_123/metadata")
        .body(json!({"public_metadata": {"plan": "pro"}, "private_metadata": {"stripe": null}}))
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let public = json!({"plan": "pro"})
        .as_object()
        .cloned()
        .unwrap_or_default();
    let private = json!({"stripe": null})
        .as_object()
        .cloned()
        .unwrap_or_default();
    let body = UpdateUserMetadataRequest::new()
        .public_metadata(public)
        .private_metadata(private);
    let user = clerk.update_user_metadata("user_123").body(body).await;
    assert_eq!(user.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn replace_user_metadata() {
    let (server, clerk) = setup().await;
    Expected::new("PUT", "/users/user_123/metadata")
        .body(json!({"public_metadata": {"plan": "team"}}))
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let public = json!({"plan": "team"})
        .as_object()
        .cloned()
        .unwrap_or_default();
    let body = ReplaceUserMetadataRequest::new().public_metadata(public);
    let user = clerk.replace_user_metadata("user_123").body(body).await;
    assert_eq!(user.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn replace_user_email_address() {
    let (server, clerk) = setup().await;
    Expected::new("PUT", "/users/user_123/email_address")
        .body(json!({
            "email_address": "grace@example.com",
            "identification_status": "reserved",
            "notify_primary_email_address_changed": true
        }))
        .reply(fixture("email_address"))
        .mount(&server)
        .await;
    let body = ReplaceUserEmailAddressRequest::new("grace@example.com")
        .identification_status(IdentificationStatus::Reserved)
        .notify_primary_email_address_changed(true);
    let address = clerk
        .replace_user_email_address("user_123", body)
        .await
        .expect("ok");
    assert_eq!(
        (
            address.id.as_deref(),
            address.email_address.as_str(),
            address.reserved
        ),
        (Some("idn_email_grace"), "grace@example.com", true)
    );
}

#[tokio::test]
async fn replace_user_phone_number() {
    let (server, clerk) = setup().await;
    Expected::new("PUT", "/users/user_123/phone_number")
        .body(json!({"phone_number": "+15555550123"}))
        .reply(fixture("phone_number"))
        .mount(&server)
        .await;
    let number = clerk
        .replace_user_phone_number(
            "user_123",
            ReplaceUserPhoneNumberRequest::new("+15555550123"),
        )
        .await
        .expect("ok");
    assert_eq!(
        (number.id.as_deref(), number.phone_number.as_str()),
        (Some("idn_phone_grace"), "+15555550123")
    );
}

#[tokio::test]
async fn get_user_billing_subscription() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/billing/subscription")
        .reply(fixture("billing_subscription"))
        .mount(&server)
        .await;
    let subscription = clerk.get_user_billing_subscription("user_123").await;
    assert_eq!(subscription.expect("ok").id, "csub_2x5Ta1b");
}

#[tokio::test]
async fn get_user_billing_credit_balance() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/billing/credits")
        .reply(fixture("credit_balance"))
        .mount(&server)
        .await;
    let balance = clerk.get_user_billing_credit_balance("user_123").await;
    let balance = balance
        .expect("ok")
        .balance
        .expect("the fixture has a balance");
    assert_eq!(balance.currency.as_deref(), Some("USD"));
}

#[tokio::test]
async fn adjust_user_billing_credit_balance() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/billing/credits")
        .body(json!({"amount": 500, "action": "increase", "idempotency_key": "k1"}))
        .reply(fixture("credit_ledger"))
        .mount(&server)
        .await;
    let body =
        AdjustCreditBalanceRequest::new(500, AdjustCreditBalanceRequestAction::Increase, "k1");
    let ledger = clerk
        .adjust_user_billing_credit_balance("user_123", body)
        .await;
    assert!(ledger.is_ok(), "{ledger:?}");
}

#[tokio::test]
async fn get_oauth_access_token() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/oauth_access_tokens/oauth_google")
        .reply(json!([fixture("oauth_access_token")]))
        .mount(&server)
        .await;
    let tokens = clerk
        .get_oauth_access_token("user_123", "oauth_google")
        .await
        .expect("ok");
    assert_eq!(tokens[0].provider.as_deref(), Some("oauth_google"));
}

#[tokio::test]
async fn get_oauth_access_token_paginated() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/oauth_access_tokens/oauth_github")
        .query("paginated=true&limit=20&offset=40")
        .reply(json!([]))
        .mount(&server)
        .await;
    let tokens = clerk
        .get_oauth_access_token("user_123", "oauth_github")
        .paginated(true)
        .limit(20)
        .offset(40)
        .await;
    assert!(tokens.expect("ok").is_empty());
}

#[tokio::test]
async fn users_get_organization_memberships() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/organization_memberships")
        .query("limit=100&offset=200")
        .reply(fixture("organization_memberships"))
        .mount(&server)
        .await;
    let memberships = clerk
        .users_get_organization_memberships("user_123")
        .limit(100)
        .offset(200)
        .await
        .expect("ok");
    assert_eq!(memberships.data.len(), 1);
    assert_eq!(memberships.total_count, Some(3));
}

#[tokio::test]
async fn users_get_organization_invitations() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/organization_invitations")
        .query("status=pending&limit=10&offset=10")
        .reply(fixture("organization_invitations"))
        .mount(&server)
        .await;
    let invitations: OrganizationInvitationsWithPublicOrganizationData = clerk
        .users_get_organization_invitations("user_123")
        .status("pending")
        .limit(10)
        .offset(10)
        .await
        .expect("ok");
    assert_eq!(invitations.data.len(), 1);
}

#[tokio::test]
async fn verify_password() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/verify_password")
        .body(json!({"password": "correct horse"}))
        .reply(fixture("verify_password"))
        .mount(&server)
        .await;
    let result = clerk
        .verify_password("user_123")
        .body(VerifyPasswordRequest::new("correct horse"))
        .await;
    assert_eq!(result.expect("ok").verified, Some(true));
}

#[tokio::test]
async fn verify_totp() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/verify_totp")
        .body(json!({"code": "123456"}))
        .reply(fixture("verify_totp"))
        .mount(&server)
        .await;
    let result = clerk
        .verify_totp("user_123")
        .body(VerifyTotpRequest::new("123456"))
        .await;
    assert_eq!(result.expect("ok").verified, Some(true));
}

#[tokio::test]
async fn disable_mfa() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/mfa")
        .reply(fixture("disable_mfa"))
        .mount(&server)
        .await;
    assert!(clerk.disable_mfa("user_123").await.is_ok());
}

#[tokio::test]
async fn delete_backup_code() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/backup_code")
        .reply(fixture("delete_backup_code"))
        .mount(&server)
        .await;
    assert!(clerk.delete_backup_code("user_123").await.is_ok());
}

#[tokio::test]
async fn user_passkey_delete() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/passkeys/idn_passkey")
        .reply(fixture("deleted_object"))
        .mount(&server)
        .await;
    let deleted = clerk.user_passkey_delete("user_123", "idn_passkey").await;
    assert!(deleted.expect("ok").deleted);
}

#[tokio::test]
async fn user_web3_wallet_delete() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/web3_wallets/idn_wallet")
        .reply(fixture("deleted_object"))
        .mount(&server)
        .await;
    let deleted = clerk
        .user_web3_wallet_delete("user_123", "idn_wallet")
        .await;
    assert!(deleted.expect("ok").deleted);
}

#[tokio::test]
async fn delete_totp() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/totp")
        .reply(fixture("delete_totp"))
        .mount(&server)
        .await;
    assert!(clerk.delete_totp("user_123").await.is_ok());
}

#[tokio::test]
async fn delete_external_account() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/external_accounts/eac_1")
        .reply(fixture("deleted_object"))
        .mount(&server)
        .await;
    let deleted = clerk.delete_external_account("user_123", "eac_1").await;
    assert!(deleted.expect("ok").deleted);
}

#[tokio::test]
async fn set_user_password_compromised() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/password/set_compromised")
        .body(json!({"revoke_all_sessions": true}))
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let body = SetUserPasswordCompromisedRequest::new().revoke_all_sessions(true);
    let result = clerk
        .set_user_password_compromised("user_123")
        .body(body)
        .await;
    assert_eq!(result.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn set_user_password_compromised_without_a_body() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/password/set_compromised")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let result = clerk.set_user_password_compromised("user_123").await;
    assert_eq!(result.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn unset_user_password_compromised() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/password/unset_compromised")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let result = clerk.unset_user_password_compromised("user_123").await;
    assert_eq!(result.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn remove_user_password() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/users/user_123/remove_password")
        .body(json!({"sign_out_of_other_sessions": true}))
        .reply(fixture("user"))
        .mount(&server)
        .await;
    let body = RemoveUserPasswordRequest::new().sign_out_of_other_sessions(true);
    let result = clerk.remove_user_password("user_123").body(body).await;
    assert_eq!(result.expect("ok").id, USER_ID);
}

#[tokio::test]
async fn list_user_trusted_devices() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/user_123/trusted_devices")
        .reply(fixture("trusted_devices"))
        .mount(&server)
        .await;
    let devices = clerk.list_user_trusted_devices("user_123").await;
    assert_eq!(devices.expect("ok").data.len(), 1);
}

#[tokio::test]
async fn revoke_user_trusted_device() {
    let (server, clerk) = setup().await;
    Expected::new("DELETE", "/users/user_123/trusted_devices/td_1")
        .reply(fixture("trusted_device"))
        .mount(&server)
        .await;
    let device = clerk.revoke_user_trusted_device("user_123", "td_1").await;
    assert_eq!(device.expect("ok").id, "td_2x5Ta1b");
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/users/..%2Fadmin%3Fx")
        .reply(fixture("user"))
        .mount(&server)
        .await;
    assert!(clerk.get_user("../admin?x").await.is_ok());
}
