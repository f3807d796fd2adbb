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

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::Sha256;

use crate::models::{DeletedObject, OrganizationMembership, User};

/// How far a delivery's timestamp may be from the clock, in the past or the future.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The headers a delivery is signed with, in Svix's names; the Standard Webhooks names
/// (`webhook-id`, ...) are read when these are absent.
const ID: [&str; 2] = ["svix-id", "webhook-id"];
const TIMESTAMP: [&str; 2] = ["svix-timestamp", "webhook-timestamp"];
const SIGNATURE: [&str; 2] = ["svix-signature", "webhook-signature"];

/// A webhook endpoint's signing secret, ready to verify deliveries.
///
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct Webhook {
    /// The HMAC keyed with the secret, before any input: cloned for each delivery.
    keyed: Hmac<Sha256>,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("secret", &"whsec_<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// Takes the endpoint's signing secret as the Clerk Dashboard shows it (`whsec_` and
    /// base64); the prefix may be left out.
    pub fn new(secret: impl AsRef<str>) -> Result<Self, WebhookError> {
        let secret = secret.as_ref().trim();
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = BASE64
            .decode(encoded)
            .map_err(|_| WebhookError::BadSecret("it is not `whsec_` followed by base64"))?;
        if key.is_empty() {
            return Err(WebhookError::BadSecret("it is empty"));
        }
        let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)
            .map_err(|_| WebhookError::BadSecret("HMAC refused its length"))?;
        Ok(Self {
            keyed,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// How far a delivery's timestamp may be from now, either way ([`DEFAULT_TOLERANCE`]
    /// unless set).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Verifies a delivery against the system clock and decodes it.
    pub fn verify(&self, headers: &impl Headers, body: &[u8]) -> Result<Event, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Verifies a delivery as if the time were `now` (for tests and replays you control),
    /// and decodes it.
    pub fn verify_at(
        &self,
        headers: &impl Headers,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Event, WebhookError> {
        let id = required(headers, ID)?;
        let timestamp = required(headers, TIMESTAMP)?;
        let signatures = required(headers, SIGNATURE)?;

        let sent_at: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::BadTimestamp(timestamp.to_owned()))?;
        self.check_time(sent_at, now)?;

        let mac = self.mac(id, timestamp, body);
        let matched = signatures
            .split_whitespace()
            .filter_map(|entry| entry.strip_prefix("v1,"))
            .filter_map(|encoded| BASE64.decode(encoded).ok())
            .any(|candidate| mac.clone().verify_slice(&candidate).is_ok());
        if !matched {
            return Err(WebhookError::NoMatchingSignature);
        }
        Event::from_json(body)
    }

    /// The `svix-signature` value (`v1,<base64>`) Clerk would send for this delivery: for
    /// tests that post signed deliveries to your own handler.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mac = self.mac(id, &timestamp.to_string(), body);
        format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
    }

    /// The HMAC of `"{id}.{timestamp}.{body}"`, not yet finalized.
    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
        let mut mac = self.keyed.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    fn check_time(&self, sent_at: i64, now: SystemTime) -> Result<(), WebhookError> {
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        let skew = now.saturating_sub(sent_at);
        if skew > tolerance {
            Err(WebhookError::Stale {
                timestamp: sent_at,
                now,
            })
        } else if skew < tolerance.saturating_neg() {
            Err(WebhookError::FromTheFuture {
                timestamp: sent_at,
                now,
            })
        } else {
            Ok(())
        }
    }
}

fn required<'h>(
    headers: &'h impl Headers,
    names: [&'static str; 2],
) -> Result<&'h str, WebhookError> {
    names
        .iter()
        .find_map(|name| headers.header(name))
        .ok_or(WebhookError::MissingHeader(names[0]))
}

/// Where [`Webhook::verify`] reads the `svix-*` headers from. Names are looked up in lower
/// case; implement it for your framework's header type if it is not covered here.
pub trait Headers {
    /// The value of the header `name` (lower case), if present and valid text.
    fn header(&self, name: &str) -> Option<&str>;
}

impl Headers for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|value| value.to_str().ok())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(key, _)| key.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Headers for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<S: std::hash::BuildHasher> Headers for std::collections::HashMap<String, String, S> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Why a delivery was refused. Every one means: do not act on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signing secret is not a `whsec_...` secret.
    #[error("the webhook signing secret is unusable: {0}")]
    BadSecret(&'static str),
    /// A signing header is absent (or not text).
    #[error("the `{0}` header is missing")]
    MissingHeader(&'static str),
    /// `svix-timestamp` is not a number of seconds.
    #[error("the `svix-timestamp` header is not Unix seconds: {0:?}")]
    BadTimestamp(String),
    /// The delivery was signed longer ago than the tolerance allows (a replay, or a very
    /// late retry).
    #[error("the delivery is too old: signed at {timestamp}, now is {now} (Unix seconds)")]
    Stale {
        /// When it was signed, in Unix seconds.
        timestamp: i64,
        /// The clock's time, in Unix seconds.
        now: i64,
    },
    /// The delivery claims to be signed further in the future than the tolerance allows.
    #[error("the delivery is from the future: signed at {timestamp}, now is {now} (Unix seconds)")]
    FromTheFuture {
        /// When it claims it was signed, in Unix seconds.
        timestamp: i64,
        /// The clock's time, in Unix seconds.
        now: i64,
    },
    /// No `v1` signature matches the secret: a forged or altered delivery, or a different
    /// endpoint's secret.
    #[error("no signature of the delivery matches the signing secret")]
    NoMatchingSignature,
    /// Correctly signed, but the body is not a Clerk event; names the JSON path.
    #[error("the delivery is signed but is not a Clerk event: {0}")]
    BadPayload(String),
}

/// One Clerk webhook event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// `event` in every delivery so far.
    pub object: Option<String>,
    /// When Clerk created the event, in milliseconds since the Unix epoch (absent in
    /// deliveries from before 2024).
    pub timestamp: Option<i64>,
    /// The Clerk instance the event belongs to.
    pub instance_id: Option<String>,
    /// The HTTP request that caused the event, where there was one.
    pub http_request: Option<HttpRequest>,
    /// The event's type and its object.
    pub data: EventData,
}

/// The request behind an event (`event_attributes.http_request`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The client's IP address.
    pub client_ip: Option<String>,
    /// The client's `User-Agent`.
    pub user_agent: Option<String>,
}

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

/// The envelope as sent; `data` stays raw until `type` says what it is.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type")]
    event_type: String,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    timestamp: Option<i64>,
    #[serde(default)]
    instance_id: Option<String>,
    #[serde(default)]
    event_attributes: Option<EventAttributes>,
    #[serde(borrow)]
    data: &'a RawValue,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct EventAttributes {
    http_request: Option<HttpRequest>,
}

impl Event {
    /// Decodes an event body without verifying it. Only for bodies whose origin you have
    /// checked otherwise (stored events, tests): use [`Webhook::verify`] for deliveries.
    pub fn from_json(body: &[u8]) -> Result<Self, WebhookError> {
        let envelope: Envelope<'_> = decode(body)?;
        let data = envelope.data.get().as_bytes();
        let payload = |error: WebhookError| match error {
            WebhookError::BadPayload(message) => {
                WebhookError::BadPayload(format!("data.{message}"))
            }
            other => other,
        };
        let data = match envelope.event_type.as_str() {
            "user.created" => EventData::UserCreated(decode(data).map_err(payload)?),
            "user.updated" => EventData::UserUpdated(decode(data).map_err(payload)?),
            "user.deleted" => EventData::UserDeleted(decode(data).map_err(payload)?),
            "organizationMembership.created" => {
                EventData::OrganizationMembershipCreated(decode(data).map_err(payload)?)
            }
            "organizationMembership.updated" => {
                EventData::OrganizationMembershipUpdated(decode(data).map_err(payload)?)
            }
            "organizationMembership.deleted" => {
                EventData::OrganizationMembershipDeleted(decode(data).map_err(payload)?)
            }
            _ => EventData::Unknown {
                data: decode(data).map_err(payload)?,
                event_type: envelope.event_type,
            },
        };
        Ok(Self {
            object: envelope.object,
            timestamp: envelope.timestamp,
            instance_id: envelope.instance_id,
            http_request: envelope.event_attributes.and_then(|a| a.http_request),
            data,
        })
    }
}

/// Decodes JSON; a failure names the JSON path (`email_addresses[0].id: ...`).
fn decode<'de, T: Deserialize<'de>>(json: &'de [u8]) -> Result<T, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        WebhookError::BadPayload(format!("{path}: {}", error.into_inner()))
    })
}
