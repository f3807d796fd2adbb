//! Contract test: every operation against Prism serving Clerk's official OpenAPI.
//!
//! Run by `cargo xtask contract --openapi PATH`, which starts Prism and sets
//! `CLERK_CONTRACT_URL`. Prism answers a request that breaks the spec with an
//! `sl-violations` header, and a valid one with random data that follows the spec's
//! schemas, which our types must decode.

use clerk_sessions::Client;
use clerk_sessions::models::{
    CreateSessionRequest, CreateSessionTokenRequest, RefreshSessionRequest,
    RefreshSessionRequestFormat,
};
use futures_util::TryStreamExt;
use test_support::contract::{Contract, check};

/// Every operation of the client; the test fails if one is not called.
const OPERATIONS: usize = 7;

#[tokio::test]
#[ignore = "needs a Prism mock server: run `cargo xtask contract --openapi PATH`"]
async fn every_operation_matches_clerks_openapi() {
    let mut contract = Contract::default();
    let clerk = Client::from_config(&contract.config()).expect("valid configuration");
    let c = &mut contract;
    let session = "sess_2x7QmLovelace";

    check(
        c,
        "GetSessionList",
        clerk
            .get_session_list()
            .user_id("user_2x5Ta1b")
            .status("active")
            .await,
    );
    check(
        c,
        "GetSessionList (paginated)",
        clerk
            .get_session_list()
            .client_id("client_1")
            .paginated(true)
            .limit(2)
            .offset(0)
            .await,
    );
    let mut pages = std::pin::pin!(
        clerk
            .get_session_list()
            .user_id("user_2x5Ta1b")
            .limit(2)
            .pages()
    );
    check(c, "GetSessionList (first page)", pages.try_next().await);
    check(
        c,
        "createSession",
        clerk
            .create_session(CreateSessionRequest::new("user_2x5Ta1b"))
            .await,
    );
    check(c, "GetSession", clerk.get_session(session).await);
    check(
        c,
        "RefreshSession",
        clerk
            .refresh_session(
                session,
                RefreshSessionRequest::new("eyJ.expired", "rt_1", "https://app.example.com")
                    .format(RefreshSessionRequestFormat::Token),
            )
            .await,
    );
    check(c, "RevokeSession", clerk.revoke_session(session).await);
    check(
        c,
        "CreateSessionToken",
        clerk
            .create_session_token(session)
            .body(CreateSessionTokenRequest::new().expires_in_seconds(60))
            .await,
    );
    check(
        c,
        "CreateSessionTokenFromTemplate",
        clerk
            .create_session_token_from_template(session, "custom_hasura")
            .await,
    );
    contract.finish(OPERATIONS);
}
