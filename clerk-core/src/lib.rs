//! What every Clerk Backend API client crate shares, written once.
//!
//! * [`Error`]: the one error type of `clerk-users`, `clerk-organizations` and
//!   `clerk-sessions` (each re-exports it), so one `?` serves calls to every area. A
//!   non-success answer is [`Error::Api`] with Clerk's error envelope read into
//!   [`ApiError`]: the status, Clerk's `errors[]` ([`ClerkError`]), the `clerk_trace_id`,
//!   the headers and the raw body.
//! * [`metadata`]: typed reading and writing of Clerk's free-form metadata objects, and
//!   [`MetadataError`] when they do not fit.
//! * `webhooks` (feature `webhooks`): Svix signature verification of Clerk's webhook
//!   deliveries and their envelope, which the crates' typed events are read from.
//!
//! ```
//! fn describe(error: &clerk_core::Error) -> String {
//!     match error {
//!         clerk_core::Error::Api(api) => format!(
//!             "Clerk said {:?} (trace {:?})",
//!             api.code(),
//!             error.clerk_trace_id()
//!         ),
//!         other => other.to_string(),
//!     }
//! }
//! # let _ = describe;
//! ```

#![warn(missing_docs)]

mod error;
pub mod metadata;
#[cfg(feature = "webhooks")]
pub mod webhooks;

// Clerk's error entries decode with the runtime's lenient helpers.
use capability_runtime::decode;

pub use error::{ApiError, ClerkError};
pub use metadata::MetadataError;

// The error every Clerk call returns: the runtime's variants around Clerk's `ApiError`.
capability_runtime::define_error!(ApiError);

/// Re-exports the macros of this crate name by `$crate`; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use serde::Serialize;
    pub use serde::de::DeserializeOwned;
}
