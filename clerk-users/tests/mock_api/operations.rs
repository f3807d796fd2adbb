//! Every operation of the spec, against a mock server that checks method, path, query,
//! bearer token and body exactly, and answers once; the answer must reach the caller.

use crate::support::{Expected, setup};
use serde_json::json;

#[tokio::test]
async fn get_user_list() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users")
        .query(
            "email_address=a%40x.io&email_address=b%40x.io&user_id=%2Buser_1&user_id=-user_2\
             &query=jane+doe&banned=false&created_at_after=1700000000000&order_by=-created_at",
        )
        .mount(&server)
        .await;
    let users = clerk
        .get_user_list()
        .order_by("-created_at")
        .email_address(["a@x.io", "b@x.io"])
        .user_id(vec!["+user_1".to_owned(), "-user_2".to_owned()])
        .query("jane doe")
        .banned(false)
        .created_at_after(1_700_000_000_000)
        .await
        .expect("GetUserList succeeds");
    assert_eq!(users, reply);
}

#[tokio::test]
async fn get_user_list_pages_with_limit_offset_and_cursor() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users")
        .query("limit=500&offset=0&starting_after=user_499")
        .mount(&server)
        .await;
    let users = clerk
        .get_user_list()
        .limit(500)
        .offset(0)
        .starting_after("user_499")
        .await
        .expect("ok");
    assert_eq!(users, reply);
}

#[tokio::test]
async fn get_user_list_without_filters_sends_no_query() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users").mount(&server).await;
    assert_eq!(clerk.get_user_list().send().await.expect("ok"), reply);
}

#[tokio::test]
async fn create_user() {
    let (server, clerk) = setup().await;
    let body = json!({"email_address": ["new@x.io"], "first_name": "Ada"});
    let reply = Expected::new("POST", "/users")
        .body(body.clone())
        .mount(&server)
        .await;
    assert_eq!(clerk.create_user(body).await.expect("ok"), reply);
}

#[tokio::test]
async fn get_users_count() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/count")
        .query("username=ada&username=grace&phone_number_query=555&last_sign_in_at_before=1")
        .mount(&server)
        .await;
    let count = clerk
        .get_users_count()
        .username(["ada", "grace"])
        .phone_number_query("555")
        .last_sign_in_at_before(1)
        .await
        .expect("ok");
    assert_eq!(count, reply);
}

#[tokio::test]
async fn get_user() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123").mount(&server).await;
    assert_eq!(clerk.get_user("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn update_user() {
    let (server, clerk) = setup().await;
    let body = json!({"username": null, "first_name": "Ada"});
    let reply = Expected::new("PATCH", "/users/user_123")
        .body(body.clone())
        .mount(&server)
        .await;
    assert_eq!(
        clerk.update_user("user_123", body).await.expect("ok"),
        reply
    );
}

#[tokio::test]
async fn delete_user() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123")
        .mount(&server)
        .await;
    assert_eq!(clerk.delete_user("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn ban_user() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/ban")
        .mount(&server)
        .await;
    assert_eq!(clerk.ban_user("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn unban_user() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/unban")
        .mount(&server)
        .await;
    assert_eq!(clerk.unban_user("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn users_ban() {
    let (server, clerk) = setup().await;
    let body = json!({"user_ids": ["user_1", "user_2"]});
    let reply = Expected::new("POST", "/users/ban")
        .body(body.clone())
        .mount(&server)
        .await;
    assert_eq!(clerk.users_ban(body).await.expect("ok"), reply);
}

#[tokio::test]
async fn users_unban() {
    let (server, clerk) = setup().await;
    let body = json!({"user_ids": ["user_1"]});
    let reply = Expected::new("POST", "/users/unban")
        .body(body.clone())
        .mount(&server)
        .await;
    assert_eq!(clerk.users_unban(body).await.expect("ok"), reply);
}

#[tokio::test]
async fn lock_user() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/lock")
        .mount(&server)
        .await;
    assert_eq!(clerk.lock_user("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn unlock_user() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/unlock")
        .mount(&server)
        .await;
    assert_eq!(clerk.unlock_user("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn set_user_profile_image() {
    let (server, clerk) = setup().await;
    let body = json!({"file": "aW1hZ2U="});
    let reply = Expected::new("POST", "/users/user_123/profile_image")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk.set_user_profile_image("user_123", body).await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn delete_user_profile_image() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/profile_image")
        .mount(&server)
        .await;
    let result = clerk.delete_user_profile_image("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn update_user_metadata() {
    let (server, clerk) = setup().await;
    let body = json!({"public_metadata": {"plan": "pro"}, "private_metadata": {"stripe": null}});
    let reply = Expected::new("PATCH", "/users/user_123/metadata")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk.update_user_metadata("user_123").body(body).await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn get_user_billing_subscription() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/billing/subscription")
        .mount(&server)
        .await;
    let result = clerk.get_user_billing_subscription("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn get_user_billing_credit_balance() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/billing/credits")
        .mount(&server)
        .await;
    let result = clerk.get_user_billing_credit_balance("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn adjust_user_billing_credit_balance() {
    let (server, clerk) = setup().await;
    let body = json!({"amount": 500, "action": "increase", "idempotency_key": "k1"});
    let reply = Expected::new("POST", "/users/user_123/billing/credits")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk
        .adjust_user_billing_credit_balance("user_123", body)
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn get_oauth_access_token() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/oauth_access_tokens/oauth_google")
        .mount(&server)
        .await;
    let result = clerk
        .get_oauth_access_token("user_123", "oauth_google")
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn get_oauth_access_token_paginated() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/oauth_access_tokens/oauth_github")
        .query("paginated=true&limit=20&offset=40")
        .mount(&server)
        .await;
    let result = clerk
        .get_oauth_access_token("user_123", "oauth_github")
        .paginated(true)
        .limit(20)
        .offset(40)
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn users_get_organization_memberships() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/organization_memberships")
        .query("limit=100&offset=200")
        .mount(&server)
        .await;
    let result = clerk
        .users_get_organization_memberships("user_123")
        .limit(100)
        .offset(200)
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn users_get_organization_invitations() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/organization_invitations")
        .query("status=pending&limit=10&offset=10")
        .mount(&server)
        .await;
    let result = clerk
        .users_get_organization_invitations("user_123")
        .status("pending")
        .limit(10)
        .offset(10)
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn verify_password() {
    let (server, clerk) = setup().await;
    let body = json!({"password": "correct horse"});
    let reply = Expected::new("POST", "/users/user_123/verify_password")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk.verify_password("user_123").body(body).await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn verify_totp() {
    let (server, clerk) = setup().await;
    let body = json!({"code": "123456"});
    let reply = Expected::new("POST", "/users/user_123/verify_totp")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk.verify_totp("user_123").body(body).await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn disable_mfa() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/mfa")
        .mount(&server)
        .await;
    assert_eq!(clerk.disable_mfa("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn delete_backup_code() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/backup_code")
        .mount(&server)
        .await;
    assert_eq!(
        clerk.delete_backup_code("user_123").await.expect("ok"),
        reply
    );
}

#[tokio::test]
async fn user_passkey_delete() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/passkeys/idn_passkey")
        .mount(&server)
        .await;
    let result = clerk.user_passkey_delete("user_123", "idn_passkey").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn user_web3_wallet_delete() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/web3_wallets/idn_wallet")
        .mount(&server)
        .await;
    let result = clerk
        .user_web3_wallet_delete("user_123", "idn_wallet")
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn delete_totp() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/totp")
        .mount(&server)
        .await;
    assert_eq!(clerk.delete_totp("user_123").await.expect("ok"), reply);
}

#[tokio::test]
async fn delete_external_account() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/external_accounts/eac_1")
        .mount(&server)
        .await;
    let result = clerk.delete_external_account("user_123", "eac_1").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn set_user_password_compromised() {
    let (server, clerk) = setup().await;
    let body = json!({"revoke_all_sessions": true});
    let reply = Expected::new("POST", "/users/user_123/password/set_compromised")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk
        .set_user_password_compromised("user_123")
        .body(body)
        .await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn unset_user_password_compromised() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/password/unset_compromised")
        .mount(&server)
        .await;
    let result = clerk.unset_user_password_compromised("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn set_user_password_compromised_without_a_body() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/password/set_compromised")
        .mount(&server)
        .await;
    let result = clerk.set_user_password_compromised("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn replace_user_metadata() {
    let (server, clerk) = setup().await;
    let body = json!({"public_metadata": {"plan": "team"}});
    let reply = Expected::new("PUT", "/users/user_123/metadata")
        .body(body.clone())
        .mount(&server)
        .await;
    let result = clerk.replace_user_metadata("user_123").body(body).await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn remove_user_password() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("POST", "/users/user_123/remove_password")
        .mount(&server)
        .await;
    let result = clerk.remove_user_password("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn list_user_trusted_devices() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/user_123/trusted_devices")
        .mount(&server)
        .await;
    let result = clerk.list_user_trusted_devices("user_123").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn revoke_user_trusted_device() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("DELETE", "/users/user_123/trusted_devices/td_1")
        .mount(&server)
        .await;
    let result = clerk.revoke_user_trusted_device("user_123", "td_1").await;
    assert_eq!(result.expect("ok"), reply);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let (server, clerk) = setup().await;
    let reply = Expected::new("GET", "/users/..%2Fadmin%3Fx")
        .mount(&server)
        .await;
    assert_eq!(clerk.get_user("../admin?x").await.expect("ok"), reply);
}
