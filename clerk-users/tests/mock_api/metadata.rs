//! Typed metadata through a round trip: written from a struct, sent, answered, read back.

use clerk_users::models::UpdateUserMetadataRequest;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::support::{Expected, fixture, setup};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Billing {
    plan: String,
    seats: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    coupon: Option<String>,
}

#[tokio::test]
async fn typed_metadata_round_trips_through_update_and_get() {
    let (server, clerk) = setup().await;
    let billing = Billing {
        plan: "team".to_owned(),
        seats: 12,
        coupon: None,
    };
    let mut user = fixture("user");
    user["public_metadata"] = json!({"plan": "team", "seats": 12});
    Expected::new("PATCH", "/users/user_123/metadata")
        .body(json!({"public_metadata": {"plan": "team", "seats": 12}}))
        .reply(user.clone())
        .mount(&server)
        .await;
    Expected::new("GET", "/users/user_123")
        .reply(user)
        .mount(&server)
        .await;

    let body = UpdateUserMetadataRequest::new()
        .public_metadata_from(&billing)
        .expect("a struct is an object");
    let updated = clerk
        .update_user_metadata("user_123")
        .body(body)
        .await
        .expect("updated");
    assert_eq!(updated.public_metadata_as::<Billing>(), Ok(billing.clone()));
    let fetched = clerk.get_user("user_123").await.expect("fetched");
    assert_eq!(fetched.public_metadata_as::<Billing>(), Ok(billing));
}
