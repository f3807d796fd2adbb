//! Every operation against a local mock of the API (127.0.0.1 only) that checks method,
//! path, query, bearer token and body exactly, answering once with a fixture of a shape
//! Clerk sends (see `tests/fixtures/README.md`).

use clerk_sessions::Client;
use clerk_sessions::models::{
    CreateSessionRequest, CreateSessionTokenRequest, RefreshSessionRequest,
    RefreshSessionRequestFormat, SessionRefresh, SessionStatus,
};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use test_support::Expected;
use wiremock::MockServer;

const SESSION_ID: &str = "sess_2x7QmLovelaceActive";

async fn setup() -> (MockServer, Client) {
    let (server, config) = test_support::mock_server().await;
    let client = Client::from_config(&config).expect("valid client configuration");
    (server, client)
}

fn fixture(name: &str) -> Value {
    test_support::fixture(env!("CARGO_MANIFEST_DIR"), name)
}

#[tokio::test]
async fn get_session_list() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/sessions")
        .query("user_id=user_2x5Ta1bLovelace&status=active")
        .reply(json!([fixture("session"), fixture("session_pending")]))
        .mount(&server)
        .await;
    let sessions = clerk
        .get_session_list()
        .user_id("user_2x5Ta1bLovelace")
        .status("active")
        .await
        .expect("GetSessionList succeeds");
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].id, SESSION_ID);
    assert_eq!(sessions[1].status, Some(SessionStatus::Pending));
}

/// `paginated=true` makes Clerk answer `{data, total_count}` (as its Go and JS SDKs read
/// it); a direct call decodes that as well as the bare list.
#[tokio::test]
async fn get_session_list_with_paginated_reads_the_envelope() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/sessions")
        .query("client_id=client_2x7QkAnalyticalEngine&paginated=true&limit=1")
        .reply(json!({"data": [fixture("session")], "total_count": 7}))
        .mount(&server)
        .await;
    let sessions = clerk
        .get_session_list()
        .client_id("client_2x7QkAnalyticalEngine")
        .paginated(true)
        .limit(1)
        .await
        .expect("the envelope decodes");
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id, SESSION_ID);
}

/// The walk sends `paginated=true` with each page and stops at the reported total.
#[tokio::test]
async fn get_session_list_stream_walks_pages_to_the_total() {
    let (server, clerk) = setup().await;
    let mut second = fixture("session_pending");
    second["id"] = json!("sess_second");
    Expected::new("GET", "/sessions")
        .query("user_id=u&paginated=true&limit=1&offset=0")
        .reply(json!({"data": [fixture("session")], "total_count": 2}))
        .mount(&server)
        .await;
    Expected::new("GET", "/sessions")
        .query("user_id=u&paginated=true&limit=1&offset=1")
        .reply(json!({"data": [second], "total_count": 2}))
        .mount(&server)
        .await;
    let ids: Vec<String> = clerk
        .get_session_list()
        .user_id("u")
        .limit(1)
        .stream()
        .map_ok(|session| session.id)
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(ids, [SESSION_ID, "sess_second"]);
}

#[tokio::test]
async fn create_session() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/sessions")
        .body(json!({"user_id": "user_2x5Ta1bLovelace", "active_organization_id": "org_1"}))
        .reply(fixture("session"))
        .mount(&server)
        .await;
    let body = CreateSessionRequest::new("user_2x5Ta1bLovelace").active_organization_id("org_1");
    let session = clerk
        .create_session(body)
        .await
        .expect("createSession succeeds");
    assert_eq!(session.user_id, "user_2x5Ta1bLovelace");
}

#[tokio::test]
async fn get_session() {
    let (server, clerk) = setup().await;
    Expected::new("GET", "/sessions/sess_2x7QmLovelaceActive")
        .reply(fixture("session"))
        .mount(&server)
        .await;
    let session = clerk
        .get_session(SESSION_ID)
        .await
        .expect("GetSession succeeds");
    let activity = session.latest_activity.expect("activity");
    assert_eq!(activity.browser_name.as_deref(), Some("Firefox"));
    assert!(!activity.is_mobile);
    assert_eq!(session.expire_at, Some(1_765_555_200_000));
}

#[tokio::test]
async fn refresh_session_as_a_token_or_as_cookies() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/sessions/sess_2x7QmLovelaceActive/refresh")
        .body(json!({
            "expired_token": "eyJ.expired",
            "refresh_token": "rt_1",
            "request_origin": "https://app.example.com",
        }))
        .reply(fixture("token"))
        .mount(&server)
        .await;
    Expected::new("POST", "/sessions/sess_cookies/refresh")
        .body(json!({
            "expired_token": "eyJ.expired",
            "refresh_token": "rt_1",
            "request_origin": "https://app.example.com",
            "format": "cookie",
            "request_originating_ip": "198.51.100.24",
        }))
        .reply(fixture("cookies"))
        .mount(&server)
        .await;
    let body = || RefreshSessionRequest::new("eyJ.expired", "rt_1", "https://app.example.com");
    let refreshed = clerk
        .refresh_session(SESSION_ID, body())
        .await
        .expect("RefreshSession succeeds");
    assert!(matches!(refreshed, SessionRefresh::Token(token) if token.jwt.starts_with("eyJ")));
    let refreshed = clerk
        .refresh_session(
            "sess_cookies",
            body()
                .format(RefreshSessionRequestFormat::Cookie)
                .request_originating_ip("198.51.100.24"),
        )
        .await
        .expect("RefreshSession succeeds");
    let SessionRefresh::Cookies(cookies) = refreshed else {
        panic!("cookies expected, got {refreshed:?}");
    };
    assert!(cookies.cookies[0].starts_with("__session="));
}

#[tokio::test]
async fn revoke_session() {
    let (server, clerk) = setup().await;
    let mut revoked = fixture("session");
    revoked["status"] = json!("revoked");
    Expected::new("POST", "/sessions/sess_2x7QmLovelaceActive/revoke")
        .reply(revoked)
        .mount(&server)
        .await;
    let session = clerk
        .revoke_session(SESSION_ID)
        .await
        .expect("RevokeSession succeeds");
    assert_eq!(session.status, Some(SessionStatus::Revoked));
}

#[tokio::test]
async fn create_session_token() {
    let (server, clerk) = setup().await;
    Expected::new("POST", "/sessions/sess_2x7QmLovelaceActive/tokens")
        .body(json!({"expires_in_seconds": 120}))
        .reply(fixture("token"))
        .mount(&server)
        .await;
    let token = clerk
        .create_session_token(SESSION_ID)
        .body(CreateSessionTokenRequest::new().expires_in_seconds(120))
        .await
        .expect("CreateSessionToken succeeds");
    assert_eq!(token.jwt.split('.').count(), 3);
}

#[tokio::test]
async fn create_session_token_from_template() {
    let (server, clerk) = setup().await;
    Expected::new(
        "POST",
        "/sessions/sess_2x7QmLovelaceActive/tokens/custom_hasura",
    )
    .reply(fixture("token"))
    .mount(&server)
    .await;
    let token = clerk
        .create_session_token_from_template(SESSION_ID, "custom_hasura")
        .await
        .expect("CreateSessionTokenFromTemplate succeeds");
    assert_eq!(token.object.as_deref(), Some("token"));
}

/// Clerk's error envelope arrives as the one Clerk error, trace id included.
#[tokio::test]
async fn a_clerk_error_is_the_shared_error_type() {
    let (server, clerk) = setup().await;
    wiremock::Mock::given(wiremock::matchers::path("/sessions/sess_gone"))
        .respond_with(wiremock::ResponseTemplate::new(404).set_body_json(json!({
            "errors": [{"code": "resource_not_found", "message": "not found"}],
            "clerk_trace_id": "trace_sessions_1",
        })))
        .mount(&server)
        .await;
    let error: clerk_core::Error = clerk.get_session("sess_gone").await.expect_err("404");
    assert_eq!(error.clerk_trace_id(), Some("trace_sessions_1"));
    let clerk_sessions::Error::Api(api) = &error else {
        panic!("an API error, got {error:?}");
    };
    assert_eq!(api.code(), Some("resource_not_found"));
}

/// Path parameters are refused before anything is sent.
#[tokio::test]
async fn an_empty_session_id_is_refused_before_sending() {
    let (server, clerk) = setup().await;
    let error = clerk.revoke_session("").await.expect_err("empty id");
    assert!(matches!(
        error,
        clerk_sessions::Error::InvalidArgument {
            name: "session_id",
            ..
        }
    ));
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
