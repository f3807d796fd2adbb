//! Clerk's webhook deliveries, verified: the signature check and the event envelope that
//! every Clerk crate's typed events are read from.
//!
//! Clerk sends webhooks through Svix: every delivery carries an `svix-id`, an
//! `svix-timestamp` (Unix seconds) and an `svix-signature` header, the last holding one or
//! more space-separated `v1,<base64>` signatures. A signature is the HMAC-SHA256 of
//! `"{svix-id}.{svix-timestamp}.{body}"` keyed with the endpoint's signing secret
//! (`whsec_...`, from the Clerk Dashboard).
//!
//! [`Verifier::verify`] checks all of it — any listed signature may match, compared in
//! constant time, and the timestamp must be within [`DEFAULT_TOLERANCE`] of now, either
//! way, which stops replays — and only then reads the body's envelope into a
//! [`Delivery`]. [`Webhook`] goes on to decode its data into an [`Event`] whose data type
//! a Clerk crate names with [`FromDelivery`] (`clerk-webhooks` types every area).
//!
//! ```
//! use clerk_core::webhooks::Verifier;
//!
//! # fn main() -> Result<(), clerk_core::webhooks::WebhookError> {
//! let webhook = Verifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let body = br#"{"type":"session.revoked","object":"event","data":{"object":"session","id":"sess_1"}}"#;
//! let sent_at = 1_764_950_400;
//! let headers = [
//!     ("svix-id", "msg_1".to_owned()),
//!     ("svix-timestamp", sent_at.to_string()),
//!     ("svix-signature", webhook.sign("msg_1", sent_at, body)),
//! ];
//! let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_950_401);
//! let delivery = webhook.verify_at(&headers, body, now)?;
//! assert_eq!(delivery.event_type, "session.revoked");
//! let data: serde_json::Value = delivery.data()?;
//! assert_eq!(data["id"], "sess_1");
//! # Ok(()) }
//! ```
//!
//! Answer a [`WebhookError`] with a 400 status so Svix retries nothing that cannot verify.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use sha2::Sha256;

/// How far a delivery's timestamp may be from the clock, in the past or the future.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The headers a delivery is signed with, in Svix's names; the Standard Webhooks names
/// (`webhook-id`, ...) are read when these are absent.
const ID: [&str; 2] = ["svix-id", "webhook-id"];
const TIMESTAMP: [&str; 2] = ["svix-timestamp", "webhook-timestamp"];
const SIGNATURE: [&str; 2] = ["svix-signature", "webhook-signature"];

/// A webhook endpoint's signing secret, ready to verify deliveries and read their
/// envelope; [`Webhook`] goes on to type their data.
///
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct Verifier {
    /// The HMAC keyed with the secret, before any input: cloned for each delivery.
    keyed: Hmac<Sha256>,
    tolerance: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"whsec_<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Verifier {
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

    /// Verifies a delivery against the system clock and reads its envelope.
    pub fn verify(&self, headers: &impl Headers, body: &[u8]) -> Result<Delivery, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Verifies a delivery as if the time were `now` (for tests and replays you control),
    /// and reads its envelope.
    pub fn verify_at(
        &self,
        headers: &impl Headers,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery, WebhookError> {
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
        Delivery::from_json(body)
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

/// A webhook endpoint's signing secret that verifies deliveries and decodes them into
/// [`Event`]s whose data is `D` (each Clerk crate names its own, e.g.
/// `clerk_webhooks::EventData`).
///
/// `Debug` never shows the secret.
pub struct Webhook<D> {
    verifier: Verifier,
    data: PhantomData<fn() -> D>,
}

impl<D> Clone for Webhook<D> {
    fn clone(&self) -> Self {
        Self {
            verifier: self.verifier.clone(),
            data: PhantomData,
        }
    }
}

impl<D> fmt::Debug for Webhook<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("secret", &"whsec_<redacted>")
            .field("tolerance", &self.verifier.tolerance)
            .finish()
    }
}

impl<D: FromDelivery> Webhook<D> {
    /// Takes the endpoint's signing secret as the Clerk Dashboard shows it (`whsec_` and
    /// base64); the prefix may be left out.
    pub fn new(secret: impl AsRef<str>) -> Result<Self, WebhookError> {
        Verifier::new(secret).map(|verifier| Self {
            verifier,
            data: PhantomData,
        })
    }

    /// How far a delivery's timestamp may be from now, either way ([`DEFAULT_TOLERANCE`]
    /// unless set).
    pub fn tolerance(self, tolerance: Duration) -> Self {
        Self {
            verifier: self.verifier.tolerance(tolerance),
            data: PhantomData,
        }
    }

    /// Verifies a delivery against the system clock and decodes it.
    pub fn verify(&self, headers: &impl Headers, body: &[u8]) -> Result<Event<D>, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Verifies a delivery as if the time were `now` (for tests and replays you control),
    /// and decodes it.
    pub fn verify_at(
        &self,
        headers: &impl Headers,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Event<D>, WebhookError> {
        self.verifier
            .verify_at(headers, body, now)
            .and_then(Event::from_delivery)
    }

    /// The `svix-signature` value (`v1,<base64>`) Clerk would send for this delivery: for
    /// tests that post signed deliveries to your own handler.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        self.verifier.sign(id, timestamp, body)
    }
}

/// An event's data read from a verified delivery: what happened, with its object typed by
/// the event's type.
pub trait FromDelivery: Sized {
    /// Reads `delivery`'s data as the model its `event_type` names (with
    /// [`Delivery::data`], so a misfit names its path).
    fn from_delivery(delivery: &Delivery) -> Result<Self, WebhookError>;
}

/// One Clerk webhook event, its data typed as `D`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<D> {
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
    pub data: D,
}

impl<D: FromDelivery> Event<D> {
    /// Decodes an event body without verifying it. Only for bodies whose origin you have
    /// checked otherwise (stored events, tests): use [`Webhook::verify`] for deliveries.
    pub fn from_json(body: &[u8]) -> Result<Self, WebhookError> {
        Delivery::from_json(body).and_then(Self::from_delivery)
    }

    /// Types a delivery already verified (by [`Verifier::verify`]).
    pub fn from_delivery(delivery: Delivery) -> Result<Self, WebhookError> {
        let data = D::from_delivery(&delivery)?;
        Ok(Self {
            object: delivery.object,
            timestamp: delivery.timestamp,
            instance_id: delivery.instance_id,
            http_request: delivery.http_request,
            data,
        })
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

/// A verified delivery's envelope: the event's type and attributes, its `data` still raw
/// until a reader picks the model its type names.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Delivery {
    /// The event's `type`, e.g. `organization.created`.
    pub event_type: String,
    /// `event` in every delivery so far.
    pub object: Option<String>,
    /// When Clerk created the event, in milliseconds since the Unix epoch (absent in
    /// deliveries from before 2024).
    pub timestamp: Option<i64>,
    /// The Clerk instance the event belongs to.
    pub instance_id: Option<String>,
    /// The HTTP request that caused the event, where there was one.
    pub http_request: Option<HttpRequest>,
    data: Box<RawValue>,
}

impl Delivery {
    /// Reads a body's envelope without verifying it. Only for bodies whose origin you have
    /// checked otherwise (stored events, tests): use [`Verifier::verify`] for deliveries.
    pub fn from_json(body: &[u8]) -> Result<Self, WebhookError> {
        let envelope: Envelope = decode(body)?;
        Ok(Self {
            event_type: envelope.event_type,
            object: envelope.object,
            timestamp: envelope.timestamp,
            instance_id: envelope.instance_id,
            http_request: envelope.event_attributes.and_then(|a| a.http_request),
            data: envelope.data,
        })
    }

    /// The event's `data` decoded into `T`; a misfit names its JSON path under `data.`.
    pub fn data<T: DeserializeOwned>(&self) -> Result<T, WebhookError> {
        decode(self.data.get().as_bytes()).map_err(|error| match error {
            WebhookError::BadPayload(message) => {
                WebhookError::BadPayload(format!("data.{message}"))
            }
            other => other,
        })
    }
}

/// The envelope as sent; `data` stays raw until `type` says what it is.
#[derive(Deserialize)]
struct Envelope {
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
    data: Box<RawValue>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct EventAttributes {
    http_request: Option<HttpRequest>,
}

/// Decodes JSON; a failure names the JSON path (`email_addresses[0].id: ...`).
fn decode<'de, T: Deserialize<'de>>(json: &'de [u8]) -> Result<T, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        WebhookError::BadPayload(format!("{path}: {}", error.into_inner()))
    })
}
