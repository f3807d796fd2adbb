//! `tracing` spans, one per operation call (feature `tracing`, on by default).
//!
//! A span carries the operation, method, path template, and per attempt its number, status
//! and latency. Never the secret, parameter values or bodies.

use std::time::Duration;

#[cfg(feature = "tracing")]
use crate::request::Request;

/// The span of one call, named `<crate>.request` after the crate this runtime is compiled
/// into (`clerk_users.request` here; a generated crate's own name there).
#[cfg(feature = "tracing")]
pub(crate) fn span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        concat!(env!("CARGO_CRATE_NAME"), ".request"),
        operation = request.operation,
        method = %request.method,
        path = request.template,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

/// Notes one attempt on the current span: its number, status (none on a transport error)
/// and how long it took.
#[cfg(feature = "tracing")]
pub(crate) fn attempt_finished(attempt: u32, status: Option<u16>, latency: Duration) {
    let span = tracing::Span::current();
    span.record("attempt", attempt);
    if let Some(status) = status {
        span.record("status", status);
    }
    span.record("latency_ms", latency.as_millis() as u64);
    tracing::debug!(
        attempt,
        status,
        latency_ms = latency.as_millis() as u64,
        "attempt finished"
    );
}

/// Notes that the client waits before trying again.
#[cfg(feature = "tracing")]
pub(crate) fn retrying(attempt: u32, delay: Duration) {
    tracing::info!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn attempt_finished(_attempt: u32, _status: Option<u16>, _latency: Duration) {}

#[cfg(not(feature = "tracing"))]
pub(crate) fn retrying(_attempt: u32, _delay: Duration) {}
