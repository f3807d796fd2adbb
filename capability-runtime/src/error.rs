//! How a call fails, before a generated crate turns it into its own `Error`.
//!
//! Each generated crate declares its `Error` with [`define_error!`](crate::define_error)
//! (so it can add methods of its own, such as an API's trace id), around an `ApiError` of
//! its choosing: [`ApiError`] here, or one that also reads the API's error envelope and
//! converts from it.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::oauth2::TokenFailure;
use crate::request::InvalidArgument;

/// A non-success response: status, headers and the raw body, undecoded.
///
/// Crates whose API documents an error envelope read it from [`body`](Self::body) into an
/// error type of their own; [`json`](Self::json) gives the body as untyped JSON.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation, e.g. `GetUser`.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The response headers (`Retry-After` among them).
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
    /// How many times the request was sent (more than 1 when 429/5xx answers were retried).
    pub attempts: u32,
}

impl ApiError {
    /// A response of one attempt.
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Self {
            operation,
            status,
            headers,
            body,
            attempts: 1,
        }
    }

    /// The body as text (invalid UTF-8 replaced), for logs.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// `; N bytes of HTML body` (or `non-envelope`): how an error's message describes a body
/// that is not the API's error envelope, often a proxy's or load balancer's page.
#[doc(hidden)]
pub fn write_body_summary(f: &mut fmt::Formatter<'_>, body: &[u8]) -> fmt::Result {
    let kind = if body.trim_ascii_start().starts_with(b"<") {
        "HTML"
    } else {
        "non-envelope"
    };
    write!(f, "; {} bytes of {kind} body", body.len())
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if !self.body.is_empty() {
            write_body_summary(f, &self.body)?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Everything that can go wrong with a call, as the runtime's client reports it. Every
/// variant becomes the generated `Error`'s variant of the same name.
#[doc(hidden)]
#[derive(Debug)]
pub enum Failure {
    Api(Box<ApiError>),
    Timeout {
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    },
    Transport {
        operation: &'static str,
        attempts: u32,
        source: reqwest::Error,
    },
    BodyInterrupted {
        operation: &'static str,
        status: StatusCode,
        attempts: u32,
        received: Bytes,
        source: reqwest::Error,
    },
    ResponseTooLarge {
        operation: &'static str,
        status: StatusCode,
        limit: u64,
        read: u64,
        declared: Option<u64>,
    },
    Decode {
        operation: &'static str,
        status: StatusCode,
        path: String,
        message: String,
        body: Bytes,
    },
    Authentication {
        operation: &'static str,
        reason: String,
    },
    Pagination {
        operation: &'static str,
        reason: String,
    },
    InvalidArgument {
        name: &'static str,
        reason: String,
    },
    Config(String),
}

impl Failure {
    /// A time-out or another transport failure, as reqwest says which.
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

impl From<InvalidArgument> for Failure {
    fn from(error: InvalidArgument) -> Self {
        Self::InvalidArgument {
            name: error.name,
            reason: error.reason,
        }
    }
}

impl From<TokenFailure> for Failure {
    fn from(failure: TokenFailure) -> Self {
        Self::Authentication {
            operation: failure.operation,
            reason: failure.reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_kind_of_body_a_failed_response_had() {
        let html = ApiError::new(
            "GetThing",
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            Bytes::from_static(b"  <html>bad gateway</html>"),
        );
        assert_eq!(
            html.to_string(),
            "GetThing: HTTP 502 Bad Gateway; 26 bytes of HTML body"
        );
        assert_eq!(html.json(), None);
        let mut json = ApiError::new(
            "GetThing",
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            Bytes::from_static(br#"{"message":"no"}"#),
        );
        json.attempts = 3;
        assert_eq!(json.json(), Some(serde_json::json!({"message": "no"})));
        assert_eq!(
            json.to_string(),
            "GetThing: HTTP 404 Not Found; 16 bytes of non-envelope body after 3 attempts"
        );
    }
}
