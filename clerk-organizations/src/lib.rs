//! A typed async client for the Organizations endpoints of Clerk's Backend API:
//! organizations (create, read, update, delete, logo, metadata, billing), their
//! memberships (add, list, change role, remove) and their invitations (send one or ten,
//! list, read, revoke).
//!
//! ```no_run
//! # async fn demo() -> Result<(), clerk_organizations::Error> {
//! use clerk_organizations::models::{
//!     CreateOrganizationInvitationRequest, CreateOrganizationRequest, OrganizationOrderByField,
//! };
//! use clerk_organizations::OrderBy;
//! use futures_util::TryStreamExt;
//!
//! let clerk = clerk_organizations::Client::from_env()?; // reads CLERK_SECRET_KEY
//! let acme = clerk
//!     .create_organization(CreateOrganizationRequest::new("Acme").created_by("user_123"))
//!     .await?;
//! clerk
//!     .create_organization_invitation(
//!         &acme.id,
//!         CreateOrganizationInvitationRequest::new("ada@example.com", "org:member"),
//!     )
//!     .await?;
//! // Every organization, largest first, fetched page by page as the stream is read.
//! let mut organizations = clerk
//!     .list_organizations()
//!     .include_members_count(true)
//!     .order_by(OrderBy::desc(OrganizationOrderByField::MembersCount))
//!     .stream();
//! while let Some(organization) = organizations.try_next().await? {
//!     println!("{}: {:?} members", organization.id, organization.members_count);
//! }
//! # Ok(()) }
//! ```
//!
//! It is built like `clerk-users` (same configuration, retries, timeouts, size limit, lists
//! with `.stream()` and `.pages()`, tolerant decoding of older and newer payloads, typed
//! metadata through [`metadata`]) and shares its error type: [`Error`] is
//! `clerk_core::Error`, the same type `clerk_users` and `clerk_sessions` return. Build the
//! clients from one [`SharedConfig`] to share one connection pool:
//!
//! ```no_run
//! # fn demo() -> Result<(), clerk_organizations::Error> {
//! let shared = clerk_organizations::SharedConfig::builder().secret_key("sk_test_...").build()?;
//! let organizations = clerk_organizations::Client::from_config(&shared)?;
//! # let _ = organizations;
//! # Ok(()) }
//! ```
//!
//! The code under `src/generated/` is produced by `cargo xtask regen` from
//! `specs/clerk-backend-api-organizations.yml`; everything else is written by hand.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[rustfmt::skip]
mod generated;
pub mod metadata;

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
