//! Typed metadata. Organizations, memberships and invitations carry `public_metadata` and
//! `private_metadata` as free-form JSON objects; these methods read them into your own
//! types and write your own types into requests.
//!
//! ```
//! use clerk_organizations::models::{MergeOrganizationMetadataRequest, Organization};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Billing {
//!     plan: String,
//!     seats: u32,
//! }
//!
//! # fn demo(acme: Organization) -> Result<(), clerk_organizations::MetadataError> {
//! let billing: Billing = acme.private_metadata_as()?;
//! let request = MergeOrganizationMetadataRequest::new()
//!     .private_metadata_from(&Billing { seats: billing.seats + 5, ..billing })?;
//! # let _ = request;
//! # Ok(()) }
//! ```

use crate::models::{
    CreateOrganizationInvitationRequest, CreateOrganizationMembershipRequest,
    CreateOrganizationRequest, MergeOrganizationMetadataRequest, Organization,
    OrganizationInvitation, OrganizationInvitationWithPublicOrganizationData,
    OrganizationMembership, ReplaceOrganizationMetadataRequest,
    UpdateOrganizationMembershipMetadataRequest,
};
pub use clerk_core::MetadataError;

clerk_core::metadata_readers!(Organization {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
});

clerk_core::metadata_readers!(OrganizationMembership {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
});

clerk_core::metadata_readers!(OrganizationInvitation {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
});

clerk_core::metadata_readers!(OrganizationInvitationWithPublicOrganizationData {
    public_metadata: public_metadata_as,
    private_metadata: private_metadata_as(optional),
});

clerk_core::metadata_writers!(CreateOrganizationRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
});

clerk_core::metadata_writers!(MergeOrganizationMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
});

clerk_core::metadata_writers!(ReplaceOrganizationMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
});

clerk_core::metadata_writers!(CreateOrganizationMembershipRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
});

clerk_core::metadata_writers!(UpdateOrganizationMembershipMetadataRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
});

clerk_core::metadata_writers!(CreateOrganizationInvitationRequest {
    public_metadata: public_metadata_from,
    private_metadata: private_metadata_from,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Billing {
        plan: String,
        seats: u32,
    }

    #[test]
    fn organization_metadata_reads_into_a_type_and_names_the_misfit() {
        let acme: Organization = serde_json::from_value(serde_json::json!({
            "id": "org_1",
            "public_metadata": {"plan": "team", "seats": 5},
            "private_metadata": {"plan": "team", "seats": "five"},
        }))
        .expect("an organization");
        let billing: Billing = acme.public_metadata_as().expect("fits");
        assert_eq!(billing.seats, 5);
        let error = acme
            .private_metadata_as::<Billing>()
            .expect_err("seats is text");
        assert_eq!(
            (error.field, error.path.as_str()),
            ("private_metadata", "seats")
        );
    }

    #[test]
    fn requests_take_any_serializable_object() {
        let billing = Billing {
            plan: "team".into(),
            seats: 6,
        };
        let merge = MergeOrganizationMetadataRequest::new()
            .private_metadata_from(&billing)
            .expect("an object");
        assert_eq!(
            serde_json::to_value(&merge).expect("serializes"),
            serde_json::json!({"private_metadata": {"plan": "team", "seats": 6}})
        );
        let invitation = CreateOrganizationInvitationRequest::new("ada@example.com", "org:member")
            .public_metadata_from(&billing)
            .expect("an object");
        assert_eq!(
            serde_json::to_value(&invitation).expect("serializes")["public_metadata"]["seats"],
            6
        );
        let error = CreateOrganizationRequest::new("Acme")
            .public_metadata_from(&"text")
            .expect_err("a string is not metadata");
        assert_eq!(error.field, "public_metadata");
    }

    #[test]
    fn membership_and_invitation_metadata_read_the_same_way() {
        let membership: OrganizationMembership = serde_json::from_value(
            serde_json::json!({"id": "orgmem_1", "public_metadata": {"plan": "free", "seats": 1}}),
        )
        .expect("a membership");
        assert_eq!(
            membership
                .public_metadata_as::<Billing>()
                .expect("fits")
                .seats,
            1
        );
        let invitation: OrganizationInvitation =
            serde_json::from_value(serde_json::json!({"id": "orginv_1", "public_metadata": {}}))
                .expect("an invitation");
        // Absent private metadata reads as an empty object.
        #[derive(Debug, Default, PartialEq, Deserialize)]
        struct Notes {
            #[serde(default)]
            source: Option<String>,
        }
        assert_eq!(
            invitation.private_metadata_as::<Notes>(),
            Ok(Notes::default())
        );
        let error = invitation
            .private_metadata_as::<Billing>()
            .expect_err("plan is required");
        assert_eq!(error.to_string(), "private_metadata: missing field `plan`");
    }
}
