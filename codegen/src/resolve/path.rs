//! Path templates: `/users/{user_id}` or `{{user_id}}` split into literals and parameters,
//! the placeholders written in the mustache style, fixed values as encoded segments.

use crate::ir::PathPart;

/// Names written as `{{name}}` in a path template.
pub(super) fn mustache_placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        names.push(after[..end].trim().to_owned());
        rest = &after[end + 2..];
    }
    names
}

/// Percent-encodes a fixed path value as one segment (RFC 3986 unreserved kept).
pub(super) fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Splits `/users/{user_id}/ban` (or `{{user_id}}`) into literals and parameters.
pub fn parse_path(template: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open..];
        let (inner_start, closing) = if after.starts_with("{{") {
            (2, "}}")
        } else {
            (1, "}")
        };
        let Some(close) = after[inner_start..].find(closing) else {
            return Err(format!("`{after}` has no closing `{closing}`"));
        };
        let name = after[inner_start..inner_start + close].trim();
        if name.is_empty() || name.contains(['{', '}']) {
            return Err(format!("placeholder `{after}` has no usable name"));
        }
        parts.push(PathPart::Param(name.to_owned()));
        rest = &after[inner_start + close + closing.len()..];
    }
    if rest.contains('}') {
        return Err("a `}` has no opening `{`".to_owned());
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    Ok(parts)
}

/// The template with single-brace placeholders, for docs.
pub(super) fn canonical_template(parts: &[PathPart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(name) => format!("{{{name}}}"),
        })
        .collect()
}
