//! A typed async client for the Users endpoints of Clerk's Backend API.
//!
//! Every operation of the spec is one method on [`Client`], named after the operation:
//! required parameters are arguments, optional ones are methods on the returned request
//! builder, and awaiting the builder sends the request.
//!
//! ```no_run
//! # async fn demo() -> Result<(), clerk_users::Error> {
//! let clerk = clerk_users::Client::from_env()?; // reads CLERK_SECRET_KEY
//! let users = clerk
//!     .get_user_list()
//!     .email_address(["a@example.com", "b@example.com"])
//!     .order_by("-created_at")
//!     .await?;
//! for user in &users {
//!     println!("{} {:?}", user.id, user.username);
//! }
//!
//! // PATCH bodies tell "leave alone" from "clear": this sends {"username": null}.
//! let body = clerk_users::models::UpdateUserRequest::new().clear_username();
//! clerk.update_user("user_123", body).await?;
//! clerk.ban_user("user_123").await?;
//! # Ok(()) }
//! ```
//!
//! Responses decode into the types of [`models`]: unknown JSON fields are ignored, and an
//! enum value or union variant this version does not know is kept as `Unknown`, so a value
//! Clerk adds tomorrow does not break decoding.
//!
//! Errors are one type, [`Error`]; a non-success answer is [`Error::Api`] with the status,
//! Clerk's `errors[]`, the `clerk_trace_id`, the headers and the raw body. A body that does
//! not fit its type is [`Error::Decode`], naming the JSON path of the field.
//!
//! The code under `src/generated/` is produced by `cargo xtask regen` from
//! `specs/clerk-backend-api-users.yaml`; everything else is written by hand.

mod client;
mod decode;
mod error;
#[rustfmt::skip]
mod generated;
mod multipart;
mod pagination;
mod patch;
mod request;
mod retry;
mod secret;
mod telemetry;

pub use client::{Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ResponseInfo};
pub use error::{ApiError, ClerkError, Error};
pub use futures_core::Stream;
pub use multipart::FilePart;
pub use pagination::DEFAULT_PAGE_SIZE;
pub use patch::Patch;
pub use request::CallOptions;
pub use retry::RetryPolicy;
pub use secret::SecretKey;

/// Request builders, one per operation, as returned by the [`Client`] methods.
pub mod operations {
    pub use crate::generated::*;
}

/// Request and response bodies: structs, tolerant enums (`Unknown` keeps values this
/// version does not know) and tagged unions.
pub mod models {
    pub use crate::generated::models::*;
}
