//! What a failed Clerk response carries: Clerk's error envelope (`errors[]`,
//! `clerk_trace_id`) read from the body, around the runtime's status, headers and bytes.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;

use crate::Error;

impl Error {
    /// Clerk's trace id for the failed request, when the API sent one: quote it when asking
    /// Clerk support.
    ///
    /// ```
    /// fn report<T>(result: Result<T, clerk_core::Error>) {
    ///     match result {
    ///         Ok(_) => {}
    ///         Err(clerk_core::Error::Api(error)) if error.status.as_u16() == 404 => {
    ///             println!("not found ({:?})", error.code());
    ///         }
    ///         Err(other) => eprintln!("{other} (trace id {:?})", other.clerk_trace_id()),
    ///     }
    /// }
    /// ```
    pub fn clerk_trace_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.clerk_trace_id.as_deref(),
            _ => None,
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

impl From<capability_runtime::ApiError> for ApiError {
    fn from(response: capability_runtime::ApiError) -> Self {
        // Lenient: a body that is not Clerk's envelope still leaves status, headers and bytes.
        let envelope: ErrorEnvelope = serde_json::from_slice(&response.body).unwrap_or_default();
        Self {
            operation: response.operation,
            status: response.status,
            errors: envelope.errors,
            clerk_trace_id: envelope.clerk_trace_id,
            meta: envelope.meta,
            headers: response.headers,
            body: response.body,
            attempts: response.attempts,
        }
    }
}

impl ApiError {
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
            capability_runtime::client::write_body_summary(f, &self.body)?;
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

    fn clerk_error(operation: &'static str, status: StatusCode, body: Bytes) -> ApiError {
        capability_runtime::ApiError::new(operation, status, HeaderMap::new(), body).into()
    }

    #[test]
    fn reads_clerks_error_envelope() {
        let body = Bytes::from_static(
            br#"{"errors":[{"code":"form_param_missing","message":"missing","long_message":"email is missing","meta":{"param_name":"email"}}],"clerk_trace_id":"trace_1"}"#,
        );
        let error = clerk_error("CreateUser", StatusCode::UNPROCESSABLE_ENTITY, body);
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
        let error = clerk_error("GetUser", StatusCode::BAD_REQUEST, body);
        assert_eq!(error.errors.len(), 2);
        assert_eq!(error.errors[0].message, "is invalid");
        assert_eq!(error.errors[0].code, "");
        assert_eq!(error.code(), Some(""));
        assert_eq!(error.errors[1].code, "form_param_format_invalid");
        assert_eq!(error.clerk_trace_id, None);
    }

    #[test]
    fn keeps_bodies_that_are_not_an_envelope() {
        let error = clerk_error(
            "GetUser",
            StatusCode::BAD_GATEWAY,
            Bytes::from_static(b"<html>bad gateway</html>"),
        );
        assert!(error.errors.is_empty());
        assert_eq!(error.body_text(), "<html>bad gateway</html>");
    }
}
