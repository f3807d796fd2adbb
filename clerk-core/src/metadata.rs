//! Typed metadata. Clerk stores `public_metadata`, `private_metadata` and `unsafe_metadata`
//! as free-form JSON objects on users, organizations, memberships and invitations; each
//! Clerk client crate gives those models `*_metadata_as` readers and their requests
//! `*_metadata_from` setters, built on the two functions here, so an application keeps one
//! definition of its metadata and every crate reports a misfit the same way.
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Debug, PartialEq)]
//! struct Plan {
//!     tier: String,
//!     seats: u32,
//! }
//!
//! let stored = serde_json::json!({"tier": "pro", "seats": "three"});
//! let error = clerk_core::metadata::read::<Plan>("public_metadata", stored.as_object())
//!     .expect_err("seats is text");
//! assert_eq!(error.path, "seats");
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Metadata that did not fit the type it was read into, or a value that is not a JSON
/// object and so cannot be metadata. Names the metadata field and the path inside it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}{}: {message}", if path.is_empty() || path == "." { String::new() } else { format!(".{path}") })]
pub struct MetadataError {
    /// `public_metadata`, `private_metadata` or `unsafe_metadata`.
    pub field: &'static str,
    /// Where inside it, e.g. `plan.seats` (empty for the whole object).
    pub path: String,
    /// What was wrong.
    pub message: String,
}

/// Reads the metadata object `field` into `T`; absent metadata reads like `{}`, so a type
/// whose fields all have defaults still decodes.
///
/// # Errors
///
/// [`MetadataError`] naming the path of the first value that does not fit `T`.
pub fn read<T: DeserializeOwned>(
    field: &'static str,
    metadata: Option<&Map<String, Value>>,
) -> Result<T, MetadataError> {
    let empty = Map::new();
    serde_path_to_error::deserialize(metadata.unwrap_or(&empty)).map_err(|error| MetadataError {
        field,
        path: error.path().to_string(),
        message: error.inner().to_string(),
    })
}

/// Turns `value` into the metadata object `field`.
///
/// # Errors
///
/// [`MetadataError`] if the value does not serialize, or not to a JSON object.
pub fn write<T: Serialize + ?Sized>(
    field: &'static str,
    value: &T,
) -> Result<Map<String, Value>, MetadataError> {
    let failed = |message: String| MetadataError {
        field,
        path: String::new(),
        message,
    };
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(failed(format!(
            "metadata is a JSON object, but this value is {}",
            kind(&other)
        ))),
        Err(error) => Err(failed(error.to_string())),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `*_metadata_as` readers for response models of the calling crate: `field: reader` for a
/// required metadata map, `field: reader(optional)` for an `Option` one.
#[doc(hidden)]
#[macro_export]
macro_rules! metadata_readers {
    ($ty:ty { $($field:ident: $reader:ident $(($option:tt))?,)* }) => {
        impl $ty {
            $(
                #[doc = concat!("`", stringify!($field), "` read into your own type `T`.")]
                ///
                /// Absent metadata reads as an empty object.
                ///
                /// # Errors
                ///
                /// [`MetadataError`](crate::MetadataError) naming the path of the first value
                /// that does not fit `T`.
                pub fn $reader<T: $crate::__private::DeserializeOwned>(
                    &self,
                ) -> ::std::result::Result<T, $crate::MetadataError> {
                    $crate::metadata::read(
                        stringify!($field),
                        $crate::metadata_readers!(@get self.$field $(, $option)?),
                    )
                }
            )*
        }
    };
    (@get $value:expr) => { Some(&$value) };
    (@get $value:expr, optional) => { $value.as_ref() };
}

/// `*_metadata_from` setters for request models of the calling crate (`field: setter`).
#[doc(hidden)]
#[macro_export]
macro_rules! metadata_writers {
    ($ty:ty { $($field:ident: $writer:ident,)* }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets `", stringify!($field), "` from your own type: any value that serializes to a JSON object.")]
                ///
                /// # Errors
                ///
                /// [`MetadataError`](crate::MetadataError) if the value does not serialize
                /// to a JSON object.
                pub fn $writer<T: $crate::__private::Serialize + ?Sized>(
                    mut self,
                    value: &T,
                ) -> ::std::result::Result<Self, $crate::MetadataError> {
                    self.$field = Some($crate::metadata::write(stringify!($field), value)?);
                    Ok(self)
                }
            )*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Plan {
        tier: String,
        seats: u32,
    }

    #[test]
    fn a_misfit_names_the_field_and_the_path() {
        let stored = serde_json::json!({"tier": "pro", "seats": "three"});
        let error = read::<Plan>("private_metadata", stored.as_object()).expect_err("text");
        assert_eq!(
            (error.field, error.path.as_str()),
            ("private_metadata", "seats")
        );
        assert!(
            error
                .to_string()
                .starts_with("private_metadata.seats: invalid type"),
            "{error}"
        );
        let error = read::<Plan>("unsafe_metadata", None).expect_err("tier is required");
        assert_eq!(error.to_string(), "unsafe_metadata: missing field `tier`");
    }

    #[test]
    fn only_objects_are_written() {
        let plan = Plan {
            tier: "team".into(),
            seats: 10,
        };
        assert_eq!(
            Value::Object(write("public_metadata", &plan).expect("an object")),
            serde_json::json!({"tier": "team", "seats": 10})
        );
        let error = write("private_metadata", &[1, 2]).expect_err("an array");
        assert_eq!(
            error.to_string(),
            "private_metadata: metadata is a JSON object, but this value is an array"
        );
        assert!(write("public_metadata", &"text").is_err());
    }
}
