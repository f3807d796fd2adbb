//! The one error type every call returns, and what a failed response carries.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;

/// Everything that can go wrong with a call.
///
/// Match on [`Error::Api`] to inspect what Clerk answered:
///
/// ```no_run
/// # async fn demo(clerk: clerk_users::Client) {
/// match clerk.get_user("user_123").await {
///     Ok(user) => println!("{}", user.id),
///     Err(clerk_users::Error::Api(error)) if error.status.as_u16() == 404 => {
///         println!("no such user (trace id {:?})", error.clerk_trace_id);
///     }
///     Err(other) => eprintln!("{other}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The last attempt did not complete in time: no answer, or a body that arrived too
    /// slowly (the timeout covers reading the whole body).
    #[error("{operation}: timed out after {attempts} attempt(s): {source}")]
    Timeout {
        /// The operation, e.g. `GetUser`.
        operation: &'static str,
        /// How many times the request was sent.
        attempts: u32,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// No response arrived: the connection could not be made (DNS, TCP, TLS, ...) or was
    /// closed or reset before the status line, or a redirect could not be followed.
    #[error("{operation}: could not reach the API after {attempts} attempt(s): {source}")]
    Transport {
        /// The operation, e.g. `GetUser`.
        operation: &'static str,
        /// How many times the request was sent.
        attempts: u32,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// A response started but its body was cut off: the connection closed or was reset
    /// before the body was complete (shorter than its `Content-Length`, or chunking ended
    /// early).
    #[error(
        "{operation}: the HTTP {status} response body was cut off after {} bytes ({attempts} attempt(s)): {source}",
        received.len()
    )]
    BodyInterrupted {
        /// The operation, e.g. `GetUser`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// How many times the request was sent.
        attempts: u32,
        /// The bytes that arrived before the cut.
        received: Bytes,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    /// Reading stopped at the limit, so memory stays bounded.
    #[error(
        "{operation}: the HTTP {status} response body exceeds the limit of {limit} bytes ({}); raise it with `max_response_bytes` if this is expected",
        match declared {
            Some(length) => format!("Content-Length says {length}"),
            None => format!("stopped after reading {read}"),
        }
    )]
    ResponseTooLarge {
        /// The operation, e.g. `GetUser`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The limit in force, in bytes.
        limit: u64,
        /// How many body bytes were read before stopping (0 when `Content-Length` alone
        /// showed the body was too large).
        read: u64,
        /// The body length the server announced, if it did.
        declared: Option<u64>,
    },

    /// A success response whose body does not have the expected shape.
    #[error("{operation}: unexpected response body at `{path}` (HTTP {status}): {message}")]
    Decode {
        /// The operation, e.g. `GetUser`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// JSON path of the field that failed, e.g. `email_addresses[0].verification`.
        path: String,
        /// What was wrong with it.
        message: String,
        /// The raw response body.
        body: Bytes,
    },

    /// No access token could be obtained for an API that authenticates with OAuth 2
    /// client credentials: the token endpoint refused the client, failed, or answered
    /// something that is not a token. Never shows the client secret.
    #[error("{operation}: could not get an access token: {reason}")]
    Authentication {
        /// The operation, e.g. `GetUser`.
        operation: &'static str,
        /// What went wrong.
        reason: String,
    },

    /// A walk over pages stopped because the server's pages made no progress.
    #[error("{operation}: pagination stopped: {reason}")]
    Pagination {
        /// The operation, e.g. `GetUserList`.
        operation: &'static str,
        /// What went wrong.
        reason: String,
    },

    /// An argument was rejected before any request was sent.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The parameter's wire name.
        name: &'static str,
        /// Why it was rejected.
        reason: String,
    },

    /// The client could not be configured (missing secret, bad base URL, ...).
    #[error("client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Decode { status, .. }
            | Self::BodyInterrupted { status, .. }
            | Self::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Clerk's trace id for the failed request, when the API sent one.
    pub fn clerk_trace_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.clerk_trace_id.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn transport(
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    ) -> Self {
        if source.is_timeout() {
            Self::Timeout {
                operation,
                attempts,
                source,
            }
        } else {
            Self::Transport {
                operation,
                attempts,
                source,
            }
        }
    }
}

/// A non-success response: status, Clerk's errors, trace id, headers and the raw body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation, e.g. `GetUser`.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// Clerk's `errors[]`; empty when the body had none (some errors have no body).
    pub errors: Vec<ClerkError>,
    /// Clerk's `clerk_trace_id`, to quote when asking Clerk support.
    pub clerk_trace_id: Option<String>,
    /// The envelope's top-level `meta`, if any.
    pub meta: Option<serde_json::Value>,
    /// The response headers (`Retry-After` among them).
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
    /// How many times the request was sent (more than 1 when 429/5xx answers were retried).
    pub attempts: u32,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        // Lenient: a body that is not Clerk's envelope still leaves status, headers and bytes.
        let envelope: ErrorEnvelope = serde_json::from_slice(&body).unwrap_or_default();
        Self {
            operation,
            status,
            errors: envelope.errors,
            clerk_trace_id: envelope.clerk_trace_id,
            meta: envelope.meta,
            headers,
            body,
            attempts: 1,
        }
    }

    /// The body as text (invalid UTF-8 replaced), for logs.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The first error's `code`, e.g. `form_param_missing`.
    pub fn code(&self) -> Option<&str> {
        self.errors.first().map(|error| error.code.as_str())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        for error in &self.errors {
            write!(f, "; {}: {}", error.code, error.message)?;
            if let Some(long) = &error.long_message {
                write!(f, " ({long})")?;
            }
        }
        if self.errors.is_empty() && !self.body.is_empty() {
            // Not the API's error envelope: often a proxy's or load balancer's page.
            let kind = if self.body.trim_ascii_start().starts_with(b"<") {
                "HTML"
            } else {
                "non-envelope"
            };
            write!(f, "; {} bytes of {kind} body", self.body.len())?;
        }
        if let Some(trace) = &self.clerk_trace_id {
            write!(f, " [clerk_trace_id {trace}]")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<capability_runtime::request::InvalidArgument> for Error {
    fn from(error: capability_runtime::request::InvalidArgument) -> Self {
        Self::InvalidArgument {
            name: error.name,
            reason: error.reason,
        }
    }
}

impl From<capability_runtime::oauth2::TokenFailure> for Error {
    fn from(failure: capability_runtime::oauth2::TokenFailure) -> Self {
        Self::Authentication {
            operation: failure.operation,
            reason: failure.reason,
        }
    }
}

impl From<capability_runtime::pagination::PageFailure> for Error {
    fn from(failure: capability_runtime::pagination::PageFailure) -> Self {
        use capability_runtime::pagination::PageFailure;
        match failure {
            PageFailure::Decode {
                operation,
                status,
                path,
                message,
                body,
            } => Self::Decode {
                operation,
                status,
                path,
                message,
                body,
            },
            PageFailure::Stalled { operation, reason } => Self::Pagination { operation, reason },
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

/// One entry of Clerk's `errors[]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ClerkError {
    /// Machine-readable code, e.g. `form_identifier_not_found`.
    #[serde(deserialize_with = "crate::decode::null_as_default")]
    pub code: String,
    /// Short message.
    #[serde(deserialize_with = "crate::decode::null_as_default")]
    pub message: String,
    /// Longer explanation.
    pub long_message: Option<String>,
    /// Extra details, e.g. `{"param_name": "email_address"}`.
    pub meta: Option<serde_json::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ErrorEnvelope {
    errors: Vec<ClerkError>,
    clerk_trace_id: Option<String>,
    meta: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clerks_error_envelope() {
        let body = Bytes::from_static(
            br#"{"errors":[{"code":"form_param_missing","message":"missing","long_message":"email is missing","meta":{"param_name":"email"}}],"clerk_trace_id":"trace_1"}"#,
        );
        let error = ApiError::new(
            "CreateUser",
            StatusCode::UNPROCESSABLE_ENTITY,
            HeaderMap::new(),
            body,
        );
        assert_eq!(error.code(), Some("form_param_missing"));
        assert_eq!(
            error.errors[0].meta,
            Some(serde_json::json!({"param_name": "email"}))
        );
        assert_eq!(
            error.to_string(),
            "CreateUser: HTTP 422 Unprocessable Entity; form_param_missing: missing (email is missing) [clerk_trace_id trace_1]"
        );
    }

    #[test]
    fn an_error_entry_with_nulls_or_missing_fields_is_still_read() {
        let body = Bytes::from_static(
            br#"{"errors":[{"code":null,"message":"is invalid"},{"code":"form_param_format_invalid"}]}"#,
        );
        let error = ApiError::new("GetUser", StatusCode::BAD_REQUEST, HeaderMap::new(), body);
        assert_eq!(error.errors.len(), 2);
        assert_eq!(error.errors[0].message, "is invalid");
        assert_eq!(error.errors[0].code, "");
        assert_eq!(error.code(), Some(""));
        assert_eq!(error.errors[1].code, "form_param_format_invalid");
        assert_eq!(error.clerk_trace_id, None);
    }

    #[test]
    fn keeps_bodies_that_are_not_an_envelope() {
        let error = ApiError::new(
            "GetUser",
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            Bytes::from_static(b"<html>bad gateway</html>"),
        );
        assert!(error.errors.is_empty());
        assert_eq!(error.body_text(), "<html>bad gateway</html>");
    }
}
