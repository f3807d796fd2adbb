//! Merge keys into a user's public and private metadata (other keys stay as they are).
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example update_metadata -- user_123
//! ```

use clerk_users::Client;
use clerk_users::models::UpdateUserMetadataRequest;
use serde_json::{Map, Value, json};

#[tokio::main]
async fn main() -> Result<(), clerk_users::Error> {
    let user_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "user_123".to_owned());
    let clerk = Client::from_env()?;

    let mut public = Map::new();
    public.insert("plan".to_owned(), json!("pro"));
    let mut private = Map::new();
    // `null` removes a key when merging.
    private.insert("trial_ends_at".to_owned(), Value::Null);

    let body = UpdateUserMetadataRequest::new()
        .public_metadata(public)
        .private_metadata(private);
    let user = clerk.update_user_metadata(&user_id).body(body).await?;
    println!(
        "{}: public metadata is now {}",
        user.id,
        Value::Object(user.public_metadata)
    );
    Ok(())
}
