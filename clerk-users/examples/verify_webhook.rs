//! Verify a Clerk webhook delivery and act on its event, with no web framework.
//!
//! `handle` is what your endpoint calls with the request's headers and raw body, in axum,
//! actix, hyper or anything else. `main` feeds it a delivery signed the way Clerk signs
//! one, then the same delivery with its body altered.
//!
//! ```sh
//! CLERK_WEBHOOK_SECRET=whsec_... cargo run -p clerk-users --example verify_webhook
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use clerk_users::webhooks::{EventData, Headers, Webhook, WebhookError};

/// Verifies one delivery and answers with the status your endpoint should return.
fn handle(webhook: &Webhook, headers: &impl Headers, body: &[u8]) -> (u16, String) {
    let event = match webhook.verify(headers, body) {
        Ok(event) => event,
        // Refused: never act on it. A 400 tells Clerk the delivery was not accepted.
        Err(error) => return (400, format!("refused: {error}")),
    };
    let message = match &event.data {
        EventData::UserCreated(user) | EventData::UserUpdated(user) => {
            let email = user
                .email_addresses
                .first()
                .map_or("(no email)", |email| email.email_address.as_str());
            format!("upsert {} <{email}>", user.id)
        }
        EventData::UserDeleted(deleted) => {
            format!("delete {}", deleted.id.as_deref().unwrap_or("?"))
        }
        EventData::OrganizationMembershipCreated(membership)
        | EventData::OrganizationMembershipUpdated(membership)
        | EventData::OrganizationMembershipDeleted(membership) => {
            format!("sync membership {}", membership.id)
        }
        other => format!("ignored {}", other.event_type()),
    };
    (200, message)
}

fn main() -> Result<(), WebhookError> {
    let secret = std::env::var("CLERK_WEBHOOK_SECRET")
        .unwrap_or_else(|_| "whsec_ZXhhbXBsZS1zaWduaW5nLXNlY3JldC1vZi0zMi1ieXRlcw==".to_owned());
    let webhook = Webhook::new(secret)?;

    let body = br#"{"type":"user.created","object":"event","timestamp":1764000000000,"data":{"id":"user_1","object":"user","email_addresses":[{"id":"idn_1","email_address":"ada@example.com","verification":{"status":"verified","strategy":"email_code"}}]}}"#;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let sent_at = i64::try_from(now).unwrap_or(i64::MAX);
    let headers = [
        ("svix-id", "msg_example".to_owned()),
        ("svix-timestamp", sent_at.to_string()),
        ("svix-signature", webhook.sign("msg_example", sent_at, body)),
    ];

    let (status, message) = handle(&webhook, &headers, body);
    println!("genuine delivery: {status} {message}");

    let mut altered = body.to_vec();
    altered.extend_from_slice(b" ");
    let (status, message) = handle(&webhook, &headers, &altered);
    println!("altered delivery: {status} {message}");
    Ok(())
}
