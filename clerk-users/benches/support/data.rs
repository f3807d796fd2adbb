//! Bench data made on the fly from a seed (nothing large is checked in).

use serde_json::{Value, json};

/// A small deterministic generator, so every run decodes the same bytes.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(6_364_136_223_846_793_005) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + (self.next() % 26) as u8))
            .collect()
    }
}

/// One realistic user: an email with its verification, a phone, metadata, timestamps.
pub fn user(random: &mut Seeded, index: usize) -> Value {
    let created = 1_700_000_000_000_i64 + (random.next() % 100_000_000) as i64;
    let first = random.word(6);
    let last = random.word(8);
    let email_id = format!("idn_{}", random.word(24));
    json!({
        "id": format!("user_{index:06}{}", random.word(20)),
        "object": "user",
        "external_id": null,
        "primary_email_address_id": email_id,
        "primary_phone_number_id": null,
        "primary_web3_wallet_id": null,
        "username": random.word(10),
        "first_name": first,
        "last_name": last,
        "locale": "en-GB",
        "image_url": format!("https://img.clerk.com/{}", random.word(40)),
        "has_image": random.next().is_multiple_of(2),
        "public_metadata": {"plan": "pro", "seats": random.next() % 50},
        "private_metadata": {"stripe_customer": format!("cus_{}", random.word(14))},
        "unsafe_metadata": {},
        "email_addresses": [{
            "id": email_id,
            "object": "email_address",
            "email_address": format!("{first}.{last}@example.com"),
            "reserved": false,
            "verification": {
                "object": "verification_otp",
                "status": "verified",
                "strategy": "email_code",
                "attempts": 1,
                "expire_at": created + 600_000
            },
            "linked_to": [],
            "matches_sso_connection": false,
            "created_at": created,
            "updated_at": created
        }],
        "phone_numbers": [{
            "id": format!("idn_{}", random.word(24)),
            "object": "phone_number",
            "phone_number": format!("+1555{:07}", random.next() % 10_000_000),
            "reserved_for_second_factor": false,
            "default_second_factor": false,
            "reserved": false,
            "verification": {
                "object": "verification_otp",
                "status": "verified",
                "strategy": "phone_code",
                "attempts": 1,
                "expire_at": created + 600_000
            },
            "linked_to": [],
            "backup_codes": null,
            "created_at": created,
            "updated_at": created
        }],
        "web3_wallets": [],
        "passkeys": [],
        "password_enabled": true,
        "two_factor_enabled": false,
        "totp_enabled": false,
        "backup_code_enabled": false,
        "mfa_enabled_at": null,
        "mfa_disabled_at": null,
        "external_accounts": [],
        "saml_accounts": [],
        "enterprise_accounts": [],
        "last_sign_in_at": created + 86_400_000,
        "banned": false,
        "locked": false,
        "lockout_expires_in_seconds": null,
        "verification_attempts_remaining": 100,
        "created_at": created,
        "updated_at": created,
        "delete_self_enabled": true,
        "create_organization_enabled": true,
        "last_active_at": created + 86_400_000,
        "legal_accepted_at": null
    })
}
