//! Keep a user's billing details in their public metadata as a typed struct: write it with
//! `public_metadata_from`, read it back with `public_metadata_as`.
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example typed_metadata -- user_123
//! ```

use clerk_users::Client;
use clerk_users::models::UpdateUserMetadataRequest;
use serde::{Deserialize, Serialize};

/// What this application keeps in `public_metadata`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Billing {
    #[serde(default)]
    plan: String,
    #[serde(default)]
    seats: u32,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "user_123".to_owned());
    let clerk = Client::from_env()?;

    // Absent metadata reads as an empty object, so every field here has a default.
    let mut billing: Billing = clerk.get_user(&user_id).await?.public_metadata_as()?;
    billing.seats += 1;
    if billing.plan.is_empty() {
        billing.plan = "team".to_owned();
    }

    let body = UpdateUserMetadataRequest::new().public_metadata_from(&billing)?;
    let user = clerk.update_user_metadata(&user_id).body(body).await?;
    let saved: Billing = user.public_metadata_as()?;
    println!("{}: {} plan, {} seats", user.id, saved.plan, saved.seats);
    Ok(())
}
