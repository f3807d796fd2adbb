//! Clerk's webhooks, verified and typed.
//!
//! Clerk sends webhooks through Svix: every delivery carries an `svix-id`, an
//! `svix-timestamp` (Unix seconds) and an `svix-signature` header, the last holding one or
//! more space-separated `v1,<base64>` signatures. A signature is the HMAC-SHA256 of
//! `"{svix-id}.{svix-timestamp}.{body}"` keyed with the endpoint's signing secret
//! (`whsec_...`, from the Clerk Dashboard).
//!
//! [`Webhook::verify`] checks all of it — any listed signature may match, compared in
//! constant time, and the timestamp must be within [`DEFAULT_TOLERANCE`] of now, either
//! way, which stops replays — and only then decodes the body into an [`Event`]. It needs
//! no web framework: pass the request's headers (an `http::HeaderMap`, as axum, hyper and
//! reqwest use, or name/value pairs) and the raw body bytes, exactly as received.
//!
//! ```
//! use clerk_users::webhooks::{EventData, Webhook};
//!
//! # fn main() -> Result<(), clerk_users::webhooks::WebhookError> {
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//!
//! // In your handler: the headers and the body exactly as they arrived. Here, a delivery
//! // signed the way Clerk signs it.
//! let body = br#"{"type":"user.deleted","object":"event","data":{"object":"user","id":"user_1","deleted":true}}"#;
//! let now = std::time::SystemTime::now();
//! let sent_at = now.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
//! let headers = [
//!     ("svix-id", "msg_1".to_owned()),
//!     ("svix-timestamp", sent_at.to_string()),
//!     ("svix-signature", webhook.sign("msg_1", sent_at, body)),
//! ];
//!
//! let event = webhook.verify(&headers, body)?;
//! match event.data {
//!     EventData::UserCreated(user) | EventData::UserUpdated(user) => println!("upsert {}", user.id),
//!     EventData::UserDeleted(deleted) => println!("delete {:?}", deleted.id),
//!     other => println!("ignored {}", other.event_type()),
//! }
//! # Ok(()) }
//! ```
//!
//! Answer a [`WebhookError`] with a 400 status so Svix retries nothing that cannot verify.
//!
//! The verification is `clerk_core::webhooks`' (shared by every Clerk crate); this module
//! types the events of users and memberships. `clerk-webhooks` types the events of every
//! area (organizations, invitations and sessions too).

pub use clerk_core::webhooks::{DEFAULT_TOLERANCE, Headers, HttpRequest, WebhookError};
use clerk_core::webhooks::{Delivery, FromDelivery};

use crate::models::{DeletedObject, OrganizationMembership, User};

/// A webhook endpoint's signing secret, ready to verify deliveries and decode them into
/// [`Event`]s of users and memberships.
///
/// `Debug` never shows the secret.
pub type Webhook = clerk_core::webhooks::Webhook<EventData>;

/// One Clerk webhook event of users or memberships (others arrive as
/// [`EventData::Unknown`]).
pub type Event = clerk_core::webhooks::Event<EventData>;

/// What happened, with the object it happened to.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `user.created`.
    UserCreated(Box<User>),
    /// `user.updated`.
    UserUpdated(Box<User>),
    /// `user.deleted`: the id of the deleted user.
    UserDeleted(DeletedObject),
    /// `organizationMembership.created`.
    OrganizationMembershipCreated(Box<OrganizationMembership>),
    /// `organizationMembership.updated`.
    OrganizationMembershipUpdated(Box<OrganizationMembership>),
    /// `organizationMembership.deleted`.
    OrganizationMembershipDeleted(Box<OrganizationMembership>),
    /// Any other event type (sessions, emails, organizations...), its data as received.
    Unknown {
        /// The event's `type`, e.g. `session.created`.
        event_type: String,
        /// Its `data`.
        data: serde_json::Value,
    },
}

impl EventData {
    /// The event's `type` as Clerk names it, e.g. `user.created`.
    pub fn event_type(&self) -> &str {
        match self {
            Self::UserCreated(_) => "user.created",
            Self::UserUpdated(_) => "user.updated",
            Self::UserDeleted(_) => "user.deleted",
            Self::OrganizationMembershipCreated(_) => "organizationMembership.created",
            Self::OrganizationMembershipUpdated(_) => "organizationMembership.updated",
            Self::OrganizationMembershipDeleted(_) => "organizationMembership.deleted",
            Self::Unknown { event_type, .. } => event_type,
        }
    }
}

impl FromDelivery for EventData {
    fn from_delivery(delivery: &Delivery) -> Result<Self, WebhookError> {
        Ok(match delivery.event_type.as_str() {
            "user.created" => Self::UserCreated(delivery.data()?),
            "user.updated" => Self::UserUpdated(delivery.data()?),
            "user.deleted" => Self::UserDeleted(delivery.data()?),
            "organizationMembership.created" => {
                Self::OrganizationMembershipCreated(delivery.data()?)
            }
            "organizationMembership.updated" => {
                Self::OrganizationMembershipUpdated(delivery.data()?)
            }
            "organizationMembership.deleted" => {
                Self::OrganizationMembershipDeleted(delivery.data()?)
            }
            other => Self::Unknown {
                event_type: other.to_owned(),
                data: delivery.data()?,
            },
        })
    }
}
