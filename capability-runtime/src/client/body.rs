//! Reading a response body under the size limit (without a copy when it comes in one
//! chunk), and decoding a success body into its type, naming the field that does not fit.

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::AttemptError;
use crate::error::Failure;

/// Reads a response body, stopping as soon as it passes `limit` bytes: a body announced
/// as larger is not read at all, and one that grows past the limit is dropped (closing the
/// connection) without being held.
pub(super) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, AttemptError> {
    let status = response.status();
    let declared = response.content_length();
    if let Some(length) = declared.filter(|length| *length > limit) {
        return Err(AttemptError::TooLarge {
            status,
            read: 0,
            declared: Some(length),
        });
    }
    // The common case is one chunk: it is returned as it is, without a copy.
    let mut first: Option<Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    let mut read: u64 = 0;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(source) => {
                return Err(AttemptError::Cut {
                    status,
                    received: collected(joined, first),
                    source,
                });
            }
        };
        read = read.saturating_add(chunk.len() as u64);
        if read > limit {
            return Err(AttemptError::TooLarge {
                status,
                read,
                declared,
            });
        }
        match (&mut joined, first.take()) {
            (Some(joined), _) => {
                grow_within(joined, chunk.len(), limit);
                joined.extend_from_slice(&chunk);
            }
            (None, None) => first = Some(chunk),
            (None, Some(previous)) => {
                let mut buffer = Vec::new();
                // An announced length is the exact size (it is within the limit).
                let expected = declared.map_or(read, |length| length.max(read));
                buffer.reserve_exact(usize::try_from(expected).unwrap_or(usize::MAX));
                buffer.extend_from_slice(&previous);
                buffer.extend_from_slice(&chunk);
                joined = Some(buffer);
            }
        }
    }
    Ok(collected(joined, first))
}

/// What `read_body` gathered: the joined chunks, the only chunk, or nothing.
fn collected(joined: Option<Vec<u8>>, first: Option<Bytes>) -> Bytes {
    match (joined, first) {
        (Some(joined), _) => Bytes::from(joined),
        (None, Some(first)) => first,
        (None, None) => Bytes::new(),
    }
}

/// Makes room for `more` bytes, doubling as a `Vec` would but never past `limit`: the
/// buffer of a body that ends at the limit is the limit, not twice it.
fn grow_within(buffer: &mut Vec<u8>, more: usize, limit: u64) {
    let needed = buffer.len().saturating_add(more);
    if needed <= buffer.capacity() {
        return;
    }
    let ceiling = usize::try_from(limit).unwrap_or(usize::MAX).max(needed);
    let doubled = buffer.capacity().saturating_mul(2);
    // Near the limit, go straight to it: one more small step would briefly need the whole
    // buffer twice.
    let target = if doubled.saturating_mul(2) > ceiling {
        ceiling
    } else {
        doubled.max(needed)
    };
    buffer.reserve_exact(target - buffer.len());
}

/// Decodes a success body as `T` (an empty body as JSON `null`); a body that does not fit
/// is [`Failure::Decode`], naming the JSON path of the field.
pub fn decode<T: DeserializeOwned>(
    operation: &'static str,
    status: StatusCode,
    body: Bytes,
) -> Result<T, Failure> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &body
    };
    // One decode; a failure's field is found from its position (crate::json_path), so every
    // model's decoder is compiled once.
    let error = match serde_json::from_slice(text) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let path = crate::json_path::of_error(text, &error);
    // Say what the body was when it is plainly not the JSON the API sends.
    let kind = if body.iter().all(u8::is_ascii_whitespace) {
        "the body is empty; "
    } else if body.trim_ascii_start().starts_with(b"<") {
        "the body is HTML, not JSON (a proxy's or server's error page?); "
    } else if std::str::from_utf8(&body).is_err() {
        "the body is not valid UTF-8; "
    } else {
        ""
    };
    Err(Failure::Decode {
        operation,
        status,
        path,
        message: format!("{kind}{error}"),
        body,
    })
}

/// A success body as text (for operations whose responses are not JSON).
pub fn text(operation: &'static str, status: StatusCode, body: Bytes) -> Result<String, Failure> {
    String::from_utf8(body.to_vec()).map_err(|error| Failure::Decode {
        operation,
        status,
        path: String::new(),
        message: format!("the body is not UTF-8 text: {error}"),
        body,
    })
}
