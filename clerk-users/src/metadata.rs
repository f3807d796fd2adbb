//! Typed metadata. Clerk stores `public_metadata`, `private_metadata` and `unsafe_metadata`
//! as free-form JSON objects; these methods read them into your own types and write your
//! own types into requests, so an application keeps one definition of its metadata.
//!
//! ```
//! use clerk_users::models::{UpdateUserMetadataRequest, User};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Plan {
//!     tier: String,
//!     seats: u32,
//! }
//!
//! # fn demo(user: User) -> Result<(), clerk_users::MetadataError> {
//! let plan: Plan = user.public_metadata_as()?;
//! let request = UpdateUserMetadataRequest::new()
//!     .public_metadata_from(&Plan { seats: plan.seats + 1, ..plan })?;
//! # let _ = request;
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::models::{
    CreateUserRequest, OrganizationMembership, ReplaceUserMetadataRequest,
    UpdateUserMetadataRequest, User,
};

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

fn read<T: DeserializeOwned>(
    field: &'static str,
    metadata: Option<&Map<String, Value>>,
) -> Result<T, MetadataError> {
    // Absent metadata reads like `{}`: a type whose fields all have defaults still decodes.
    let empty = Map::new();
    serde_path_to_error::deserialize(metadata.unwrap_or(&empty)).map_err(|error| MetadataError {
        field,
        path: error.path().to_string(),
        message: error.inner().to_string(),
    })
}

fn write<T: Serialize + ?Sized>(
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

/// `*_metadata_as` readers for a response type.
macro_rules! readers {
    ($ty:ty { $($field:ident: $reader:ident $(($option:tt))?,)* }) => {
        impl $ty {
            $(
                #[doc = concat!("`", stringify!($field), "` read into your own type `T`.")]
                ///
                /// Absent metadata reads as an empty object.
                ///
                /// # Errors
                ///
                /// [`MetadataError`] naming the path of the first value that does not fit `T`.
                pub fn $reader<T: DeserializeOwned>(&self) -> Result<T, MetadataError> {
                    read(stringify!($field), readers!(@get self.$field $(, $option)?))
                }
            )*
        }
    };
    (@get $value:expr) => { Some(&$value) };
    (@get $value:expr, optional) => { $value.as_ref() };
}

readers!(User {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
    unsafe_metadata: unsafe_metadata_as(optional),
});

readers!(OrganizationMembership {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
});

/// `*_metadata_from` setters for a request type.
macro_rules! writers {
    ($ty:ty { $($field:ident: $writer:ident,)* }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets `", stringify!($field), "` from your own type: any value that serializes to a JSON object.")]
                ///
                /// # Errors
                ///
                /// [`MetadataError`] if the value does not serialize to a JSON object.
                pub fn $writer<T: Serialize + ?Sized>(mut self, value: &T) -> Result<Self, MetadataError> {
                    self.$field = Some(write(stringify!($field), value)?);
                    Ok(self)
                }
            )*
        }
    };
}

writers!(UpdateUserMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
    unsafe_metadata: unsafe_metadata_from,
});

writers!(ReplaceUserMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
    unsafe_metadata: unsafe_metadata_from,
});

writers!(CreateUserRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
    unsafe_metadata: unsafe_metadata_from,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Plan {
        tier: String,
        seats: u32,
        #[serde(default)]
        trial: bool,
    }

    fn user(json: Value) -> User {
        serde_json::from_value(json).expect("a user")
    }

    #[test]
    fn reads_metadata_into_a_type_and_names_the_bad_path() {
        let ada = user(serde_json::json!({
            "id": "user_1",
            "public_metadata": {"tier": "pro", "seats": 3},
            "private_metadata": {"tier": "pro", "seats": "three"},
        }));
        let plan: Plan = ada.public_metadata_as().expect("fits");
        assert_eq!(
            plan,
            Plan {
                tier: "pro".into(),
                seats: 3,
                trial: false
            }
        );
        let error = ada
            .private_metadata_as::<Plan>()
            .expect_err("seats is text");
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
        // Absent metadata is an empty object.
        let error = ada
            .unsafe_metadata_as::<Plan>()
            .expect_err("tier is required");
        assert_eq!(error.to_string(), "unsafe_metadata: missing field `tier`");
        #[derive(Deserialize, Default, Debug, PartialEq)]
        struct Optional {
            #[serde(default)]
            note: Option<String>,
        }
        assert_eq!(
            ada.unsafe_metadata_as::<Optional>(),
            Ok(Optional::default())
        );
    }

    #[test]
    fn writes_any_serializable_object_and_refuses_the_rest() {
        let plan = Plan {
            tier: "team".into(),
            seats: 10,
            trial: true,
        };
        let request = UpdateUserMetadataRequest::new()
            .public_metadata_from(&plan)
            .expect("an object");
        assert_eq!(
            serde_json::to_value(&request).expect("serializes"),
            serde_json::json!({"public_metadata": {"tier": "team", "seats": 10, "trial": true}})
        );
        let error = CreateUserRequest::new()
            .private_metadata_from(&[1, 2])
            .expect_err("an array is not metadata");
        assert_eq!(
            error.to_string(),
            "private_metadata: metadata is a JSON object, but this value is an array"
        );
    }

    #[test]
    fn membership_metadata_reads_the_same_way() {
        let membership: OrganizationMembership = serde_json::from_value(serde_json::json!({
            "id": "orgmem_1",
            "public_metadata": {"tier": "free", "seats": 1},
        }))
        .expect("a membership");
        let plan: Plan = membership.public_metadata_as().expect("fits");
        assert_eq!(plan.seats, 1);
    }
}
