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
//! Clerk adds tomorrow does not break decoding. Payloads of older API versions decode too:
//! a field they lack is empty, `false` or `None` (only what an object means nothing
//! without, such as its `id`, is required), and a verification without its `object` tag is
//! recognised by its `strategy`.
//!
//! # Webhooks
//!
//! [`webhooks::Webhook`] verifies Clerk's webhook deliveries (Svix signatures) and decodes
//! user and membership events; see the [`webhooks`] module. The `clerk-webhooks` crate
//! types the events of every area (organizations, invitations, sessions too).
//!
//! Errors are one type, [`Error`], shared with every Clerk client crate (it is
//! `clerk_core::Error`, so one `?` serves users, organizations and sessions calls alike); a
//! non-success answer is [`Error::Api`] with the status,
//! Clerk's `errors[]`, the `clerk_trace_id`, the headers and the raw body. A body that does
//! not fit its type is [`Error::Decode`], naming the JSON path of the field.
//!
//! # Authentication
//!
//! Requests carry `Authorization: Bearer <secret key>`. [`Client::from_env`] reads the key
//! from `CLERK_SECRET_KEY` (and a base URL from `CLERK_API_URL` when set);
//! [`ClientBuilder::secret_key`] takes it directly. The key is a [`SecretKey`], which never
//! shows in `Debug` or `Display` output.
//!
//! # Lists
//!
//! List operations have `.stream()` (every item) and `.pages()` (every page); a walk asks
//! for [`DEFAULT_PAGE_SIZE`] items a page unless the call sets `limit`, and moves by cursor
//! where the API allows it:
//!
//! ```no_run
//! # async fn demo(clerk: clerk_users::Client) -> Result<(), clerk_users::Error> {
//! use clerk_users::models::UserOrderByField;
//! use clerk_users::{Filter, OrderBy};
//! use futures_util::TryStreamExt;
//!
//! let mut users = clerk
//!     .get_user_list()
//!     .organization_id([Filter::include("org_123")])
//!     .order_by(OrderBy::desc(UserOrderByField::CreatedAt))
//!     .limit(500)
//!     .stream();
//! while let Some(user) = users.try_next().await? {
//!     println!("{}", user.id);
//! }
//! # Ok(()) }
//! ```
//!
//! # Retries and timeouts
//!
//! GET, PUT and DELETE calls are retried on 429, 502, 503, 504, connection failures and
//! time-outs, honoring `Retry-After` (see [`RetryPolicy`]); POST and PATCH calls opt in per
//! call. Each attempt has a timeout ([`DEFAULT_TIMEOUT`] unless configured):
//!
//! ```no_run
//! # async fn demo() -> Result<(), clerk_users::Error> {
//! use std::time::Duration;
//! use clerk_users::{Client, RetryPolicy};
//!
//! let clerk = Client::builder()
//!     .secret_key("sk_test_...")
//!     .retry_policy(RetryPolicy::default().max_attempts(5).budget(Duration::from_secs(60)))
//!     .timeout(Duration::from_secs(10))
//!     .build()?;
//! let body = clerk_users::models::UsersBanRequest::new(["user_1"]);
//! clerk.users_ban(body).retry_policy(RetryPolicy::default()).await?;
//! # Ok(()) }
//! ```
//!
//! # Testing your code
//!
//! Point the client at a mock server with [`ClientBuilder::base_url`] (or `CLERK_API_URL`
//! with `from_env`). Any HTTP mock works; with `wiremock`:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! # struct MockServer; impl MockServer { async fn start() -> Self { Self } fn uri(&self) -> String { String::new() } }
//! let server = MockServer::start().await; // wiremock::MockServer
//! // Mock::given(method("POST")).and(path("/users/user_1/ban")).respond_with(...)
//! let clerk = clerk_users::Client::builder()
//!     .secret_key("sk_test_mock")
//!     .base_url(server.uri())
//!     .build()?;
//! # let _ = clerk;
//! # Ok(()) }
//! ```
//!
//! Responses that do not match the models fail with [`Error::Decode`], naming the field, so
//! a mock that drifts from Clerk's real shapes is caught by your tests.
//!
//! The code under `src/generated/` is produced by `cargo xtask regen` from
//! `specs/clerk-backend-api-users.yaml`; everything else is written by hand.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Clerk-only additions to what the runtime and the generated code provide; what every
// Clerk crate shares (the error envelope, metadata helpers) comes from clerk-core.
pub mod metadata;

#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub mod webhooks;

#[rustfmt::skip]
mod generated;

// Generated code names the runtime's modules as `crate::decode`, `crate::request`, ...
// (docs/decisions/0020): they are brought into scope here, privately.
use capability_runtime::{auth, client, decode, pagination, request};

pub use capability_runtime::{
    CallOptions, ConfigError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, Direction, FilePart, Filter, OrderBy, Patch, ResponseInfo,
    RetryPolicy, SecretKey, SharedConfig, SharedConfigBuilder,
};
pub use clerk_core::{ApiError, ClerkError, Error, MetadataError};
pub use futures_core::Stream;
pub use generated::client::{Client, ClientBuilder};

/// Request builders, one per operation, as returned by the [`Client`] methods.
pub mod operations {
    pub use crate::generated::*;
}

pub use crate::generated::models;
