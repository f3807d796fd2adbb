//! PATCH with three states: change the first name, clear the username (send `null`), and
//! leave every other field untouched (not sent at all).
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example clear_username -- user_123
//! ```

use clerk_users::Client;
use clerk_users::models::UpdateUserRequest;

#[tokio::main]
async fn main() -> Result<(), clerk_users::Error> {
    let user_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "user_123".to_owned());
    let clerk = Client::from_env()?;

    // Sends exactly {"first_name": "Ada", "username": null}.
    let body = UpdateUserRequest::new().first_name("Ada").clear_username();
    let user = clerk.update_user(&user_id, body).await?;
    println!(
        "{}: username {:?}, first name {:?}",
        user.id, user.username, user.first_name
    );
    Ok(())
}
