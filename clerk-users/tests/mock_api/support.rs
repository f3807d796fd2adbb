//! A local mock of the API that checks each request exactly.

use clerk_users::Client;
use serde_json::Value;
use wiremock::MockServer;

pub use test_support::{Expected, SECRET};

/// A mock server and a client pointed at it.
pub async fn setup() -> (MockServer, Client) {
    let (server, config) = test_support::mock_server().await;
    let client = Client::from_config(&config).expect("valid client configuration");
    (server, client)
}

/// A JSON fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> Value {
    test_support::fixture(env!("CARGO_MANIFEST_DIR"), name)
}
