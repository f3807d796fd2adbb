//! Retries and timeouts against the mock server, with millisecond backoff (no long sleeps).

use std::time::{Duration, Instant};

use clerk_users::models::UsersBanRequest;
use clerk_users::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{SECRET, fixture};

fn quick_policy() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

async fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .secret_key(SECRET)
        .base_url(server.uri())
        .retry_policy(policy)
        .build()
        .expect("valid configuration")
}

/// Answers `status` `times` times, then 200 with a user.
async fn fail_then_succeed(server: &MockServer, status: u16, times: u64) {
    Mock::given(path("/users/user_1"))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(path("/users/user_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn idempotent_calls_are_retried_on_gateway_errors() {
    for status in [429, 502, 503, 504] {
        let server = MockServer::start().await;
        fail_then_succeed(&server, status, 2).await;
        let clerk = client(&server, quick_policy()).await;
        let user = clerk.get_user("user_1").await;
        assert!(user.is_ok(), "{status}: {user:?}");
        assert_eq!(requests(&server).await, 3, "status {status}");
    }
}

#[tokio::test]
async fn attempts_are_capped_and_the_last_error_is_returned() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, 503, 10).await;
    let clerk = client(&server, quick_policy()).await;
    let error = clerk.get_user("user_1").await.expect_err("3 x 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400, 401, 404, 422] {
        let server = MockServer::start().await;
        fail_then_succeed(&server, status, 1).await;
        let clerk = client(&server, quick_policy()).await;
        let error = clerk.get_user("user_1").await.expect_err("a 4xx is final");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests(&server).await, 1, "status {status}");
    }
}

#[tokio::test]
async fn post_is_sent_once_unless_the_call_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let clerk = client(&server, quick_policy()).await;

    let error = clerk
        .users_ban(UsersBanRequest::new(["user_1"]))
        .await
        .expect_err("POST is not retried by default");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await, 1);

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let banned = clerk
        .users_ban(UsersBanRequest::new(["user_1"]))
        .retry_policy(quick_policy())
        .await;
    assert!(banned.is_ok(), "{banned:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retry_after_is_honored() {
    let server = MockServer::start().await;
    Mock::given(path("/users/user_1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/users/user_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("user")))
        .mount(&server)
        .await;
    let clerk = client(&server, quick_policy()).await;
    let started = Instant::now();
    clerk
        .get_user("user_1")
        .await
        .expect("second attempt succeeds");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_ends_the_call_at_once() {
    let server = MockServer::start().await;
    Mock::given(path("/users/user_1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&server)
        .await;
    let clerk = client(&server, quick_policy().budget(Duration::from_secs(10))).await;
    let started = Instant::now();
    let error = clerk.get_user("user_1").await.expect_err("budget exceeded");
    assert!(started.elapsed() < Duration::from_secs(5));
    let clerk_users::Error::Api(api) = error else {
        panic!("expected the 429");
    };
    assert_eq!(api.status.as_u16(), 429);
    assert_eq!(
        api.headers.get("retry-after").map(|v| v.as_bytes()),
        Some(&b"120"[..])
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_error_and_timeouts_are_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/users/user_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture("user"))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&server)
        .await;
    let clerk = client(&server, quick_policy()).await;
    let error = clerk
        .get_user("user_1")
        .timeout(Duration::from_millis(50))
        .await
        .expect_err("too slow");
    assert!(
        matches!(
            error,
            Error::Timeout {
                operation: "GetUser",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        requests(&server).await,
        3,
        "each timed-out attempt is retried"
    );

    let error = clerk
        .get_user("user_1")
        .timeout(Duration::from_millis(50))
        .retry_policy(RetryPolicy::none())
        .await
        .expect_err("too slow");
    assert!(matches!(error, Error::Timeout { .. }));
    assert_eq!(requests(&server).await, 4);
}
