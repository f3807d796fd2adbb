//! Decoding a full page (500 users, about 0.9 MB) three ways, from the same bytes:
//! our typed models, `serde_json::Value`, and a plain `#[derive(Deserialize)]` mirror of
//! the same shape with no tolerance features (closed enums, no null-as-empty, no unions).
//!
//! `cargo bench -p clerk-users --bench decode`. The allocation columns come from divan's
//! counting allocator. Targets: docs/performance.md.

use std::sync::LazyLock;

use clerk_users::models::User;
use divan::counter::BytesCount;
use serde::Deserialize;

#[path = "support/data.rs"]
mod data;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

/// 500 users as one JSON array, the largest page the API serves.
static PAGE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut random = data::Seeded::new(42);
    let users: Vec<serde_json::Value> = (0..500).map(|i| data::user(&mut random, i)).collect();
    serde_json::to_vec(&users).unwrap_or_default()
});

fn main() {
    println!("page: {} users, {} bytes", 500, PAGE.len());
    divan::main();
}

#[divan::bench]
fn typed_models(bencher: divan::Bencher) {
    bencher
        .counter(BytesCount::new(PAGE.len()))
        .bench(|| serde_json::from_slice::<Vec<User>>(divan::black_box(&PAGE)).map(|v| v.len()));
}

#[divan::bench]
fn json_value(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(PAGE.len())).bench(|| {
        serde_json::from_slice::<serde_json::Value>(divan::black_box(&PAGE)).map(|v| v.is_array())
    });
}

#[divan::bench]
fn plain_derive(bencher: divan::Bencher) {
    bencher.counter(BytesCount::new(PAGE.len())).bench(|| {
        serde_json::from_slice::<Vec<PlainUser>>(divan::black_box(&PAGE)).map(|v| v.len())
    });
}

// The plain mirror: the fields of the page, plain serde, nothing lenient.

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields exist to be decoded")]
struct PlainUser {
    id: String,
    object: String,
    external_id: Option<String>,
    primary_email_address_id: Option<String>,
    primary_phone_number_id: Option<String>,
    primary_web3_wallet_id: Option<String>,
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    locale: Option<String>,
    image_url: Option<String>,
    has_image: bool,
    public_metadata: serde_json::Map<String, serde_json::Value>,
    private_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    unsafe_metadata: Option<serde_json::Map<String, serde_json::Value>>,
    email_addresses: Vec<PlainEmailAddress>,
    phone_numbers: Vec<PlainPhoneNumber>,
    web3_wallets: Vec<serde_json::Value>,
    passkeys: Vec<serde_json::Value>,
    password_enabled: bool,
    two_factor_enabled: bool,
    totp_enabled: bool,
    backup_code_enabled: bool,
    mfa_enabled_at: Option<i64>,
    mfa_disabled_at: Option<i64>,
    external_accounts: Vec<serde_json::Value>,
    saml_accounts: Vec<serde_json::Value>,
    enterprise_accounts: Vec<serde_json::Value>,
    last_sign_in_at: Option<i64>,
    banned: bool,
    locked: bool,
    lockout_expires_in_seconds: Option<i64>,
    verification_attempts_remaining: Option<i64>,
    created_at: i64,
    updated_at: i64,
    delete_self_enabled: bool,
    create_organization_enabled: bool,
    last_active_at: Option<i64>,
    legal_accepted_at: Option<i64>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields exist to be decoded")]
struct PlainEmailAddress {
    id: String,
    object: String,
    email_address: String,
    reserved: bool,
    verification: Option<PlainVerification>,
    linked_to: Vec<serde_json::Value>,
    matches_sso_connection: Option<bool>,
    created_at: i64,
    updated_at: i64,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields exist to be decoded")]
struct PlainPhoneNumber {
    id: String,
    object: String,
    phone_number: String,
    reserved_for_second_factor: Option<bool>,
    default_second_factor: Option<bool>,
    reserved: bool,
    verification: Option<PlainVerification>,
    linked_to: Vec<serde_json::Value>,
    backup_codes: Option<Vec<String>>,
    created_at: i64,
    updated_at: i64,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields exist to be decoded")]
struct PlainVerification {
    object: String,
    status: PlainStatus,
    strategy: String,
    attempts: Option<i64>,
    expire_at: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PlainStatus {
    Unverified,
    Verified,
    Failed,
    Expired,
}
