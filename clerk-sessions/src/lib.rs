//! A typed async client for the Sessions endpoints of Clerk's Backend API: list a user's
//! sessions, read one, revoke it (sign the user out), open one for tests, refresh one for
//! a backend that runs Clerk's handshake, and mint session tokens, plain or from a JWT
//! template.
//!
//! ```no_run
//! # async fn demo() -> Result<(), clerk_sessions::Error> {
//! use clerk_sessions::models::SessionStatus;
//! use futures_util::TryStreamExt;
//!
//! let clerk = clerk_sessions::Client::from_env()?; // reads CLERK_SECRET_KEY
//! // Sign a user out everywhere: revoke each of their active sessions.
//! let mut sessions = clerk.get_session_list().user_id("user_123").status("active").stream();
//! while let Some(session) = sessions.try_next().await? {
//!     let revoked = clerk.revoke_session(&session.id).await?;
//!     assert_eq!(revoked.status, Some(SessionStatus::Revoked));
//! }
//! # Ok(()) }
//! ```
//!
//! It is built like `clerk-users` (same configuration, retries, timeouts, size limit, lists
//! with `.stream()` and `.pages()`, tolerant decoding of older and newer payloads) and
//! shares its error type: [`Error`] is `clerk_core::Error`, the same type `clerk_users`
//! returns. Build both clients from one [`SharedConfig`] to share one connection pool:
//!
//! ```no_run
//! # fn demo() -> Result<(), clerk_sessions::Error> {
//! let shared = clerk_sessions::SharedConfig::builder().secret_key("sk_test_...").build()?;
//! let sessions = clerk_sessions::Client::from_config(&shared)?;
//! # let _ = sessions;
//! # Ok(()) }
//! ```
//!
//! `GET /sessions` answers a bare list, or `{data, total_count}` when asked for
//! `paginated=true`: both decode, whether awaited directly or walked with `.stream()`.
//!
//! The code under `src/generated/` is produced by `cargo xtask regen` from
//! `specs/clerk-backend-api-sessions.yml`; everything else is written by hand.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[rustfmt::skip]
mod generated;

// Generated code names the runtime's modules as `crate::decode`, `crate::request`, ...
// (docs/decisions/0020): they are brought into scope here, privately.
use capability_runtime::{auth, client, decode, pagination, request};

pub use capability_runtime::{
    CallOptions, ConfigError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, ResponseInfo, RetryPolicy, SecretKey, SharedConfig,
    SharedConfigBuilder,
};
pub use clerk_core::{ApiError, ClerkError, Error};
pub use futures_core::Stream;
pub use generated::client::{Client, ClientBuilder};

/// Request builders, one per operation, as returned by the [`Client`] methods.
pub mod operations {
    pub use crate::generated::*;
}

pub use crate::generated::models;
