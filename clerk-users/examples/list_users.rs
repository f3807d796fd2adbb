//! Every user of the instance, newest first, through the auto-paginating stream.
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example list_users
//! # against a local mock instead of Clerk:
//! CLERK_SECRET_KEY=sk_test_mock CLERK_API_URL=http://127.0.0.1:4010 cargo run -p clerk-users --example list_users
//! ```

use clerk_users::models::UserOrderByField;
use clerk_users::{Client, OrderBy};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), clerk_users::Error> {
    let clerk = Client::from_env()?;
    let mut users = clerk
        .get_user_list()
        .order_by(OrderBy::desc(UserOrderByField::CreatedAt))
        .limit(500)
        .stream();
    let mut count = 0;
    while let Some(user) = users.try_next().await? {
        count += 1;
        let email = user
            .email_addresses
            .first()
            .map_or("(no email)", |address| address.email_address.as_str());
        println!("{} {email}", user.id);
    }
    println!("{count} users");
    Ok(())
}
