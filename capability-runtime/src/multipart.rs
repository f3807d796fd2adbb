//! File uploads: `multipart/form-data` bodies.

use std::fmt;

use bytes::Bytes;

use crate::request::InvalidArgument;

/// A file to upload: its bytes, a file name, and optionally its media type.
///
/// ```
/// let image = capability_runtime::FilePart::new(vec![0x89, b'P', b'N', b'G'], "avatar.png")
///     .mime("image/png");
/// assert_eq!(image.file_name(), "avatar.png");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: String,
    mime: Option<String>,
}

impl FilePart {
    /// A file with these contents and this name.
    pub fn new(bytes: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: file_name.into(),
            mime: None,
        }
    }

    /// Sets the media type, e.g. `image/png` (checked before the request is sent).
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = Some(mime.into());
        self
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl fmt::Debug for FilePart {
    // A file's bytes are not useful in logs; their length is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A multipart body under construction.
#[derive(Debug, Default)]
pub struct Form {
    inner: reqwest::multipart::Form,
}

impl Form {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file part.
    pub fn file(&mut self, name: &'static str, file: FilePart) -> Result<(), InvalidArgument> {
        let length = file.bytes.len() as u64;
        let mut part = reqwest::multipart::Part::stream_with_length(file.bytes, length)
            .file_name(file.file_name);
        if let Some(mime) = &file.mime {
            part = part.mime_str(mime).map_err(|e| InvalidArgument {
                name,
                reason: format!("{mime:?} is not a media type: {e}"),
            })?;
        }
        self.inner = std::mem::take(&mut self.inner).part(name, part);
        Ok(())
    }

    /// Adds a text part.
    pub fn text(&mut self, name: &'static str, value: impl Into<String>) {
        self.inner = std::mem::take(&mut self.inner).text(name, value.into());
    }

    pub fn into_inner(self) -> reqwest::multipart::Form {
        self.inner
    }
}
