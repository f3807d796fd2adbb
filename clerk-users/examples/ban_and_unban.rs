//! Ban a user, then lift the ban.
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example ban_and_unban -- user_123
//! ```

use clerk_users::Client;

#[tokio::main]
async fn main() -> Result<(), clerk_users::Error> {
    let user_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "user_123".to_owned());
    let clerk = Client::from_env()?;

    let banned = clerk.ban_user(&user_id).await?;
    println!("{} banned: {}", banned.id, banned.banned);

    let unbanned = clerk.unban_user(&user_id).await?;
    println!("{} banned: {}", unbanned.id, unbanned.banned);
    Ok(())
}
