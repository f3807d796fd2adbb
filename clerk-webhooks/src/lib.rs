//! Clerk's webhooks, verified and typed for every area.
//!
//! [`Webhook::verify`] checks a delivery's Svix signature (any listed `v1` signature, in
//! constant time) and its timestamp (within [`DEFAULT_TOLERANCE`] of now, which stops
//! replays), then decodes it into an [`Event`] whose [`EventData`] names what happened
//! and carries the object, typed with the models of `clerk-users`,
//! `clerk-organizations` and `clerk-sessions`: every `user.*`, `organization.*`,
//! `organizationMembership.*`, `organizationInvitation.*` and `session.*` type Clerk
//! documents. Every other type arrives as [`EventData::Unknown`] with its data, so a new
//! event never fails a delivery. Payloads of older API versions decode like the clients'
//! answers do (fields Clerk added later are `None` or empty).
//!
//! ```
//! use clerk_webhooks::{EventData, Webhook};
//!
//! # fn main() -> Result<(), clerk_webhooks::WebhookError> {
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//!
//! // In your handler: the headers and the body exactly as they arrived. Here, a delivery
//! // signed the way Clerk signs it.
//! let body = br#"{"type":"organizationInvitation.accepted","object":"event","data":{"object":"organization_invitation","id":"orginv_1","status":"accepted"}}"#;
//! let sent_at = 1_764_950_400;
//! let headers = [
//!     ("svix-id", "msg_1".to_owned()),
//!     ("svix-timestamp", sent_at.to_string()),
//!     ("svix-signature", webhook.sign("msg_1", sent_at, body)),
//! ];
//! # let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_950_460);
//! # let event = webhook.verify_at(&headers, body, now)?;
//! # /*
//! let event = webhook.verify(&headers, body)?;
//! # */
//! match event.data {
//!     EventData::OrganizationInvitationAccepted(invitation) => println!("joined: {}", invitation.id),
//!     EventData::SessionRevoked(session) | EventData::SessionEnded(session) => {
//!         println!("signed out: {}", session.id)
//!     }
//!     other => println!("ignored {}", other.event_type()),
//! }
//! # Ok(()) }
//! ```
//!
//! Answer a [`WebhookError`] with a 400 status so Svix retries nothing that cannot verify.

#![warn(missing_docs)]

pub use clerk_core::webhooks::{DEFAULT_TOLERANCE, Headers, HttpRequest, WebhookError};
use clerk_core::webhooks::{Delivery, FromDelivery};
use clerk_organizations::models::{Organization, OrganizationInvitation, OrganizationMembership};
use clerk_sessions::models::Session;
use clerk_users::models::User;

/// A webhook endpoint's signing secret, ready to verify deliveries and decode them into
/// [`Event`]s of every area.
///
/// `Debug` never shows the secret.
pub type Webhook = clerk_core::webhooks::Webhook<EventData>;

/// One Clerk webhook event: its attributes and [`EventData`].
pub type Event = clerk_core::webhooks::Event<EventData>;

/// A deleted object's identity, as `*.deleted` events of users and organizations carry it.
pub type Deleted = clerk_users::models::DeletedObject;

/// What happened, with the object it happened to.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `user.created`.
    UserCreated(Box<User>),
    /// `user.updated`.
    UserUpdated(Box<User>),
    /// `user.deleted`: the id of the deleted user.
    UserDeleted(Deleted),
    /// `organization.created`.
    OrganizationCreated(Box<Organization>),
    /// `organization.updated`.
    OrganizationUpdated(Box<Organization>),
    /// `organization.deleted`: the id of the deleted organization.
    OrganizationDeleted(Deleted),
    /// `organizationMembership.created`.
    OrganizationMembershipCreated(Box<OrganizationMembership>),
    /// `organizationMembership.updated`.
    OrganizationMembershipUpdated(Box<OrganizationMembership>),
    /// `organizationMembership.deleted`: the membership as it was.
    OrganizationMembershipDeleted(Box<OrganizationMembership>),
    /// `organizationInvitation.created`.
    OrganizationInvitationCreated(Box<OrganizationInvitation>),
    /// `organizationInvitation.accepted`.
    OrganizationInvitationAccepted(Box<OrganizationInvitation>),
    /// `organizationInvitation.revoked`.
    OrganizationInvitationRevoked(Box<OrganizationInvitation>),
    /// `session.created`.
    SessionCreated(Box<Session>),
    /// `session.pending`: the session waits for a task (e.g. choosing an organization).
    SessionPending(Box<Session>),
    /// `session.ended`: the user signed out.
    SessionEnded(Box<Session>),
    /// `session.removed`: the session was removed from its client.
    SessionRemoved(Box<Session>),
    /// `session.revoked`: the session was revoked (from the API or the Dashboard).
    SessionRevoked(Box<Session>),
    /// Any other event type (emails, SMS, roles, permissions, ...), its data as received.
    Unknown {
        /// The event's `type`, e.g. `email.created`.
        event_type: String,
        /// Its `data`.
        data: serde_json::Value,
    },
}

impl EventData {
    /// The event's `type` as Clerk names it, e.g. `organization.created`.
    pub fn event_type(&self) -> &str {
        match self {
            Self::UserCreated(_) => "user.created",
            Self::UserUpdated(_) => "user.updated",
            Self::UserDeleted(_) => "user.deleted",
            Self::OrganizationCreated(_) => "organization.created",
            Self::OrganizationUpdated(_) => "organization.updated",
            Self::OrganizationDeleted(_) => "organization.deleted",
            Self::OrganizationMembershipCreated(_) => "organizationMembership.created",
            Self::OrganizationMembershipUpdated(_) => "organizationMembership.updated",
            Self::OrganizationMembershipDeleted(_) => "organizationMembership.deleted",
            Self::OrganizationInvitationCreated(_) => "organizationInvitation.created",
            Self::OrganizationInvitationAccepted(_) => "organizationInvitation.accepted",
            Self::OrganizationInvitationRevoked(_) => "organizationInvitation.revoked",
            Self::SessionCreated(_) => "session.created",
            Self::SessionPending(_) => "session.pending",
            Self::SessionEnded(_) => "session.ended",
            Self::SessionRemoved(_) => "session.removed",
            Self::SessionRevoked(_) => "session.revoked",
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
            "organization.created" => Self::OrganizationCreated(delivery.data()?),
            "organization.updated" => Self::OrganizationUpdated(delivery.data()?),
            "organization.deleted" => Self::OrganizationDeleted(delivery.data()?),
            "organizationMembership.created" => {
                Self::OrganizationMembershipCreated(delivery.data()?)
            }
            "organizationMembership.updated" => {
                Self::OrganizationMembershipUpdated(delivery.data()?)
            }
            "organizationMembership.deleted" => {
                Self::OrganizationMembershipDeleted(delivery.data()?)
            }
            "organizationInvitation.created" => {
                Self::OrganizationInvitationCreated(delivery.data()?)
            }
            "organizationInvitation.accepted" => {
                Self::OrganizationInvitationAccepted(delivery.data()?)
            }
            "organizationInvitation.revoked" => {
                Self::OrganizationInvitationRevoked(delivery.data()?)
            }
            "session.created" => Self::SessionCreated(delivery.data()?),
            "session.pending" => Self::SessionPending(delivery.data()?),
            "session.ended" => Self::SessionEnded(delivery.data()?),
            "session.removed" => Self::SessionRemoved(delivery.data()?),
            "session.revoked" => Self::SessionRevoked(delivery.data()?),
            other => Self::Unknown {
                event_type: other.to_owned(),
                data: delivery.data()?,
            },
        })
    }
}
