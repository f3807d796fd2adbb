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

use crate::models::{
    CreateUserRequest, OrganizationMembership, ReplaceUserMetadataRequest,
    UpdateUserMetadataRequest, User,
};
pub use clerk_core::MetadataError;

clerk_core::metadata_readers!(User {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
    unsafe_metadata: unsafe_metadata_as(optional),
});

clerk_core::metadata_readers!(OrganizationMembership {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
});

clerk_core::metadata_writers!(UpdateUserMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
    unsafe_metadata: unsafe_metadata_from,
});

clerk_core::metadata_writers!(ReplaceUserMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
    unsafe_metadata: unsafe_metadata_from,
});

clerk_core::metadata_writers!(CreateUserRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
    unsafe_metadata: unsafe_metadata_from,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

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
