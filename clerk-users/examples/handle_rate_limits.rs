//! What a 429 looks like, and how to shape retries.
//!
//! GET, PUT and DELETE calls are retried on 429 by default, waiting as long as the
//! `Retry-After` header asks (within the policy's budget). When the budget runs out the
//! call returns the 429 with its headers, so the caller can decide when to come back.
//!
//! ```sh
//! CLERK_SECRET_KEY=sk_test_... cargo run -p clerk-users --example handle_rate_limits
//! ```

use std::time::Duration;

use clerk_users::{Client, Error, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let secret = std::env::var("CLERK_SECRET_KEY").unwrap_or_default();
    let mut builder = Client::builder()
        .secret_key(secret)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(4)
                .base_delay(Duration::from_millis(250))
                .budget(Duration::from_secs(20)),
        )
        .on_response(|response| {
            if response.status.as_u16() == 429 {
                eprintln!(
                    "{}: rate limited, the client will wait and retry",
                    response.operation
                );
            }
        });
    if let Ok(url) = std::env::var("CLERK_API_URL") {
        builder = builder.base_url(url);
    }
    let clerk = builder.build()?;

    match clerk.get_users_count().await {
        Ok(count) => println!("{} users", count.total_count),
        Err(Error::Api(error)) if error.status.as_u16() == 429 => {
            let retry_after = error
                .headers
                .get("retry-after")
                .and_then(|value| value.to_str().ok())
                .unwrap_or("unknown");
            eprintln!("still rate limited; Clerk asks to wait {retry_after} s");
        }
        Err(other) => return Err(other),
    }
    Ok(())
}
