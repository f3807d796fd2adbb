//! The JSON path of the place in a document where serde_json stopped with an error.
//!
//! A failed decode names the field it failed on. Decoding again with path tracking would
//! name it too, but it instantiates every model's decoder a second time (for the tracking
//! deserializer), which is most of what a generated crate costs to compile beyond the
//! first. Instead, the error's line and column are turned into a byte offset, and the
//! document is scanned up to there, keeping the stack of open objects and arrays: one
//! function, compiled once, for every model.
//!
//! Paths read like `serde_path_to_error`'s: `email_addresses[1].created_at`, `[3]` for an
//! item of a top-level list, `.` for the document itself.

/// The path where `error` stopped reading `text`.
pub fn of_error(text: &[u8], error: &serde_json::Error) -> String {
    at(text, offset(text, error.line(), error.column()))
}

/// The byte offset just past the character at one-based `line` and `column` (serde_json's
/// position of the last character it read).
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    line_start.saturating_add(column).min(text.len())
}

/// One open container while scanning.
enum Frame {
    /// An object: its current key, once read, and whether the next string is a key.
    Object {
        key: Option<String>,
        awaits_key: bool,
    },
    /// An array: the index of its current item, once one has started.
    Array { index: usize, started: bool },
}

/// The path of the value being read at byte `end` of `text`.
fn at(text: &[u8], end: usize) -> String {
    let end = end.min(text.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut pos = 0;
    while pos < end {
        let byte = text[pos];
        match byte {
            b'"' => {
                let close = string_end(text, pos);
                if let Some(Frame::Object { key, awaits_key }) = stack.last_mut()
                    && *awaits_key
                {
                    *key = Some(unquote(&text[pos..close]));
                    *awaits_key = false;
                } else {
                    start_value(&mut stack);
                }
                pos = close;
                continue;
            }
            b'{' => {
                start_value(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    awaits_key: true,
                });
            }
            b'[' => {
                start_value(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { awaits_key, .. }) => *awaits_key = true,
                Some(Frame::Array { index, started }) if *started => *index += 1,
                _ => {}
            },
            byte if !byte.is_ascii_whitespace() && byte != b':' => start_value(&mut stack),
            _ => {}
        }
        pos += 1;
    }
    render(&stack)
}

/// A value begins in the innermost container: an array's current item has started.
fn start_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

/// The offset just past the string starting at `open` (its opening quote).
fn string_end(text: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    text.len()
}

/// A key's text: unescaped when it is a whole JSON string, as written otherwise.
fn unquote(quoted: &[u8]) -> String {
    serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| {
        String::from_utf8_lossy(quoted.strip_prefix(b"\"").unwrap_or(quoted)).into_owned()
    })
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object {
                key: Some(key),
                awaits_key: false,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array {
                index,
                started: true,
            } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            Frame::Object { .. } | Frame::Array { .. } => break,
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "only decoded, to make serde_json fail")]
    struct Address {
        id: String,
        created_at: i64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "only decoded, to make serde_json fail")]
    struct User {
        id: String,
        email_addresses: Vec<Address>,
        #[serde(default)]
        tags: Vec<String>,
    }

    /// The path of the first error decoding `json` as `T`, and the one
    /// serde_path_to_error gives, which it must equal.
    fn both<T: for<'de> Deserialize<'de> + std::fmt::Debug>(json: &str) -> (String, String) {
        let error = serde_json::from_str::<T>(json).expect_err("a decode error");
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let tracked = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
            .expect_err("the same error");
        (
            of_error(json.as_bytes(), &error),
            tracked.path().to_string(),
        )
    }

    #[test]
    fn paths_match_path_tracking_on_every_kind_of_misfit() {
        let cases = [
            // A wrong type deep in a list, on one line and pretty-printed.
            r#"{"id": "u1", "email_addresses": [{"id": "e1", "created_at": 1}, {"id": "e2", "created_at": "soon"}]}"#,
            "{\n  \"id\": \"u1\",\n  \"email_addresses\": [\n    {\"id\": \"e1\", \"created_at\": 1},\n    {\"id\": \"e2\", \"created_at\": true}\n  ]\n}",
            // A missing field names the object that lacks it.
            r#"{"id": "u1", "email_addresses": [{"created_at": 1}]}"#,
            r#"{"email_addresses": []}"#,
            // Keys with escapes and strings holding brackets, commas and quotes.
            r#"{"id": "a,b]}\"[", "tags": ["x", "y\"]", 3]}"#,
            r#"{"id": "u1", "email_addresses": [], "tags": {"not": "a list"}}"#,
        ];
        for json in cases {
            let (ours, tracked) = both::<User>(json);
            assert_eq!(ours, tracked, "{json}");
        }
        let (ours, tracked) = both::<Vec<Address>>(r#"[{"id": "e1", "created_at": 1}, 7]"#);
        assert_eq!((ours.as_str(), tracked.as_str()), ("[1]", "[1]"));
        let (ours, tracked) = both::<User>("[]");
        assert_eq!((ours.as_str(), tracked.as_str()), (".", "."));
        // A cut-off document: path tracking no longer knows the key (`?`); the last one read
        // is named.
        let (ours, tracked) =
            both::<User>(r#"{"id": "u1", "email_addresses": [{"id": "e1", "created_at": 1"#);
        assert_eq!(ours, "email_addresses[0].created_at");
        assert_eq!(tracked, "email_addresses[0].?");
    }

    #[test]
    fn a_position_past_the_end_or_before_the_start_is_safe() {
        assert_eq!(at(b"", 0), ".");
        assert_eq!(offset(b"{}", 9, 9), 2);
        assert_eq!(at(br#"{"a": ["#, 99), "a");
        assert_eq!(at(br#""\"#, 2), ".");
    }
}
