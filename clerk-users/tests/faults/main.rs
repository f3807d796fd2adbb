//! The client against a network that misbehaves: resets, truncation, slow and oversized
//! bodies, wrong content, redirects, silence, storms and load. Every test here has `fault`
//! in its name, runs on 127.0.0.1 only, and ends within a few seconds. The table in
//! `docs/reliability.md` maps each fault to the test that proves what the client does.

mod server;

use std::time::{Duration, Instant};

use clerk_users::{Client, Error, RetryPolicy};
use server::{Answer, FaultServer};

const SECRET: &str = "sk_test_fault_secret_5f1c";
const USER: &str = r#"{"id":"user_1","object":"user","first_name":"Ada"}"#;
/// Short enough to keep tests quick, long enough for a loaded CI machine.
const TIMEOUT: Duration = Duration::from_millis(400);

fn client(server: &FaultServer) -> Client {
    client_with(server, SECRET, RetryPolicy::none())
}

fn client_with(server: &FaultServer, secret: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .secret_key(secret)
        .base_url(&server.url)
        .timeout(TIMEOUT)
        .retry_policy(retry)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("valid client configuration")
}

/// Retries without waiting long.
fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
}

/// The error of one `get_user` call, sent once, against a server that answers `answer`.
async fn fault_error(answer: Answer) -> Error {
    let server = FaultServer::start(vec![answer]).await;
    client(&server)
        .get_user("user_1")
        .await
        .expect_err("the fault is an error")
}

fn assert_transport(error: &Error, expected_attempts: u32) {
    let Error::Transport {
        operation,
        attempts,
        ..
    } = error
    else {
        panic!("a transport error: {error:?}");
    };
    assert_eq!((*operation, *attempts), ("GetUser", expected_attempts));
}

#[tokio::test]
async fn fault_reset_before_the_status_line_is_retried_for_get() {
    let server = FaultServer::start(vec![Answer::ResetBeforeStatus, Answer::json(200, USER)]).await;
    let user = client_with(&server, SECRET, quick_retries(3))
        .get_user("user_1")
        .await
        .expect("the second attempt succeeds");
    assert_eq!(user.id, "user_1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn fault_reset_before_the_status_line_every_time_reports_each_attempt() {
    let server = FaultServer::start(vec![Answer::ResetBeforeStatus]).await;
    let error = client_with(&server, SECRET, quick_retries(3))
        .get_user("user_1")
        .await
        .expect_err("every attempt is reset");
    assert_transport(&error, 3);
    assert!(error.to_string().contains("after 3 attempt(s)"), "{error}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn fault_post_is_never_retried_unless_the_call_opts_in() {
    let server = FaultServer::start(vec![
        Answer::ResetBeforeStatus,
        Answer::ResetBeforeStatus,
        Answer::json(200, USER),
    ])
    .await;
    // The client's policy allows retries, but a POST may have taken effect: sent once.
    let client = client_with(&server, SECRET, quick_retries(3));
    let error = client
        .ban_user("user_1")
        .await
        .expect_err("reset, not retried");
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "BanUser",
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);

    // Opting in on the call retries it.
    let user = client
        .ban_user("user_1")
        .retry_policy(quick_retries(2))
        .await
        .expect("retried once, then answered");
    assert_eq!(user.id, "user_1");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn fault_reset_after_the_headers_is_a_cut_body() {
    let error = fault_error(Answer::ResetAfterHeaders).await;
    let Error::BodyInterrupted {
        operation,
        status,
        attempts,
        received,
        ..
    } = &error
    else {
        panic!("a cut body: {error:?}");
    };
    assert_eq!(
        (*operation, status.as_u16(), *attempts),
        ("GetUser", 200, 1)
    );
    assert!(received.is_empty(), "{received:?}");
}

#[tokio::test]
async fn fault_reset_mid_body_keeps_the_bytes_that_arrived_and_is_retried_for_get() {
    let body = USER.as_bytes().to_vec();
    let error = fault_error(Answer::ResetMidBody { body: body.clone() }).await;
    let Error::BodyInterrupted { received, .. } = &error else {
        panic!("a cut body: {error:?}");
    };
    assert_eq!(&received[..], &body[..body.len() / 2]);
    assert!(error.to_string().contains("cut off after"), "{error}");

    let server =
        FaultServer::start(vec![Answer::ResetMidBody { body }, Answer::json(200, USER)]).await;
    let user = client_with(&server, SECRET, quick_retries(2))
        .get_user("user_1")
        .await
        .expect("a GET cut mid-body is sent again");
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
}

#[tokio::test]
async fn fault_truncated_body_shorter_than_its_content_length() {
    let sent = &USER.as_bytes()[..20];
    let error = fault_error(Answer::Truncated {
        announced: USER.len(),
        body: sent.to_vec(),
    })
    .await;
    let Error::BodyInterrupted { received, .. } = &error else {
        panic!("a cut body: {error:?}");
    };
    assert_eq!(&received[..], sent);
}

#[tokio::test]
async fn fault_truncated_json_with_a_matching_content_length_is_a_decode_error() {
    let sent = &USER.as_bytes()[..20];
    let error = fault_error(Answer::Truncated {
        announced: sent.len(),
        body: sent.to_vec(),
    })
    .await;
    let Error::Decode { message, body, .. } = &error else {
        panic!("a decode error: {error:?}");
    };
    assert!(message.contains("EOF"), "{message}");
    assert_eq!(&body[..], sent);
}

#[tokio::test]
async fn fault_a_body_dripping_past_the_timeout_times_out() {
    let server = FaultServer::start(vec![Answer::Drip {
        body: USER.as_bytes().to_vec(),
        every: Duration::from_millis(100),
    }])
    .await;
    let started = Instant::now();
    let error = client(&server)
        .get_user("user_1")
        .await
        .expect_err("too slow");
    assert!(
        matches!(
            error,
            Error::Timeout {
                operation: "GetUser",
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(started.elapsed() < TIMEOUT * 4, "{:?}", started.elapsed());
}

#[tokio::test]
async fn fault_a_server_that_never_answers_times_out() {
    let server = FaultServer::start(vec![Answer::Silent]).await;
    let started = Instant::now();
    let error = client(&server)
        .get_user("user_1")
        .await
        .expect_err("silence");
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < TIMEOUT * 4, "{:?}", started.elapsed());
}

#[tokio::test]
async fn fault_a_body_announced_larger_than_the_limit_is_not_read() {
    let total = 10 * 1024 * 1024;
    let error = fault_error(Answer::Huge {
        total,
        with_length: true,
    })
    .await;
    let Error::ResponseTooLarge {
        limit,
        read,
        declared,
        ..
    } = &error
    else {
        panic!("a size error: {error:?}");
    };
    assert_eq!((*limit, *read, *declared), (1024 * 1024, 0, Some(total)));
    assert!(
        error.to_string().contains("Content-Length says 10485760"),
        "{error}"
    );
}

#[tokio::test]
async fn fault_a_body_growing_past_the_limit_stops_at_the_limit() {
    let server = FaultServer::start(vec![Answer::Huge {
        total: 10 * 1024 * 1024,
        with_length: false,
    }])
    .await;
    let error = client_with(&server, SECRET, quick_retries(3))
        .get_user("user_1")
        .await
        .expect_err("too large");
    let Error::ResponseTooLarge {
        limit,
        read,
        declared,
        ..
    } = &error
    else {
        panic!("a size error: {error:?}");
    };
    assert_eq!((*limit, *declared), (1024 * 1024, None));
    assert!(*read > *limit && *read < 2 * *limit, "read {read}");
    // A larger body is no reason to ask again.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn fault_a_call_can_lower_or_raise_the_size_limit() {
    let server = FaultServer::start(vec![Answer::json(200, USER)]).await;
    let client = client(&server);
    let error = client
        .get_user("user_1")
        .max_response_bytes(10)
        .await
        .expect_err("over this call's limit");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 10, .. }),
        "{error:?}"
    );
    let user = client
        .get_user("user_1")
        .max_response_bytes(USER.len() as u64)
        .await
        .expect("exactly at the limit is fine");
    assert_eq!(user.id, "user_1");
}

#[tokio::test]
async fn fault_success_bodies_that_are_not_json_say_what_they_are() {
    let cases: [(&[u8], &str); 3] = [
        (b"<html><body>Welcome to nginx</body></html>", "HTML"),
        (b"{\"id\":\"user_\xff\xfe\"}", "not valid UTF-8"),
        (b"", "empty"),
    ];
    for (body, says) in cases {
        let error = fault_error(Answer::raw(200, "text/html", body)).await;
        let Error::Decode {
            message,
            body: kept,
            status,
            ..
        } = &error
        else {
            panic!("a decode error: {error:?}");
        };
        assert!(message.contains(says), "{says}: {message}");
        assert_eq!((&kept[..], status.as_u16()), (body, 200));
    }
}

#[tokio::test]
async fn fault_an_error_envelope_is_an_api_error() {
    let envelope = r#"{"errors":[{"code":"resource_not_found","message":"not found"}],"clerk_trace_id":"trace_9"}"#;
    let error = fault_error(Answer::json(404, envelope)).await;
    let Error::Api(api) = &error else {
        panic!("an API error: {error:?}");
    };
    assert_eq!(api.code(), Some("resource_not_found"));
    assert_eq!((api.status.as_u16(), api.attempts), (404, 1));
    assert_eq!(error.clerk_trace_id(), Some("trace_9"));
}

#[tokio::test]
async fn fault_a_proxy_502_page_is_retried_then_reported_with_its_body() {
    let page = b"<html><head><title>502 Bad Gateway</title></head></html>";
    let server = FaultServer::start(vec![Answer::raw(502, "text/html", page)]).await;
    let error = client_with(&server, SECRET, quick_retries(3))
        .get_user("user_1")
        .await
        .expect_err("always 502");
    let Error::Api(api) = &error else {
        panic!("an API error: {error:?}");
    };
    assert_eq!((api.status.as_u16(), api.attempts), (502, 3));
    assert!(api.errors.is_empty());
    assert_eq!(&api.body[..], page);
    let shown = error.to_string();
    assert!(
        shown.contains("HTML body") && shown.contains("after 3 attempts"),
        "{shown}"
    );
}

#[tokio::test]
async fn fault_a_redirect_to_another_host_is_not_followed() {
    let elsewhere = FaultServer::start_on("localhost", vec![Answer::json(200, USER)]).await;
    let error = fault_error(
        Answer::raw(302, "text/plain", b"")
            .with_header("location", format!("{}/users/user_1", elsewhere.url)),
    )
    .await;
    let Error::Api(api) = &error else {
        panic!("the redirect itself, as an API error: {error:?}");
    };
    assert_eq!(api.status.as_u16(), 302);
    assert!(api.headers.contains_key("location"));
    assert!(
        elsewhere.requests().is_empty(),
        "the other host was called: {:?}",
        elsewhere.requests()
    );
}

#[tokio::test]
async fn fault_a_redirect_to_the_same_host_is_followed_with_credentials() {
    let server = FaultServer::start(vec![
        Answer::raw(307, "text/plain", b"").with_header("location", "/users/user_2"),
        Answer::json(200, USER),
    ])
    .await;
    let user = client(&server).get_user("user_1").await.expect("followed");
    assert_eq!(user.id, "user_1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1].starts_with("GET /users/user_2 "),
        "{}",
        requests[1]
    );
    assert!(
        requests[1]
            .to_ascii_lowercase()
            .contains(&format!("authorization: bearer {SECRET}")),
        "{}",
        requests[1]
    );
}

#[tokio::test]
async fn fault_a_429_and_503_storm_stays_within_attempts_and_budget() {
    let server = FaultServer::start(vec![
        Answer::json(429, "{}").with_header("retry-after", "0"),
        Answer::json(503, "{}"),
    ])
    .await;
    let policy = quick_retries(5).budget(Duration::from_secs(2));
    let started = Instant::now();
    let error = client_with(&server, SECRET, policy)
        .get_user("user_1")
        .await
        .expect_err("the storm never ends");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 5);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // A server asking for long waits: the budget, not the attempt count, ends the call.
    let server = FaultServer::start(vec![
        Answer::json(429, "{}").with_header("retry-after", "1"),
    ])
    .await;
    let policy = quick_retries(10).budget(Duration::from_millis(1500));
    let started = Instant::now();
    let error = client_with(&server, SECRET, policy)
        .get_user("user_1")
        .await
        .expect_err("throttled");
    let Error::Api(api) = &error else {
        panic!("an API error: {error:?}");
    };
    assert_eq!((api.status.as_u16(), api.attempts), (429, 2));
    assert!(
        started.elapsed() < Duration::from_millis(1500) + TIMEOUT,
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_a_thousand_concurrent_calls_through_one_client_all_finish() {
    let server = FaultServer::start(vec![Answer::json(200, USER)]).await;
    let client = Client::builder()
        .secret_key(SECRET)
        .base_url(&server.url)
        .timeout(Duration::from_secs(20))
        .retry_policy(quick_retries(3))
        .build()
        .expect("valid client configuration");
    let calls = (0..1000).map(|i| {
        let client = client.clone();
        tokio::spawn(async move { client.get_user(format!("user_{i}")).await })
    });
    let results = tokio::time::timeout(
        Duration::from_secs(60),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("no deadlock: every call finishes");
    let ok = results
        .into_iter()
        .filter(|result| matches!(result, Ok(Ok(user)) if user.id == "user_1"))
        .count();
    assert_eq!(ok, 1000);
    assert_eq!(server.requests().len(), 1000);
}

/// Each fault once, with `secret` as the key; the errors they produce.
async fn every_fault_error(secret: &str) -> Vec<Error> {
    let answers = vec![
        Answer::ResetBeforeStatus,
        Answer::ResetAfterHeaders,
        Answer::ResetMidBody {
            body: USER.as_bytes().to_vec(),
        },
        Answer::Truncated {
            announced: 10,
            body: b"{\"id\":".to_vec(),
        },
        Answer::Huge {
            total: 4 * 1024 * 1024,
            with_length: false,
        },
        Answer::raw(200, "text/html", b"<html></html>"),
        Answer::json(
            401,
            r#"{"errors":[{"code":"authentication_invalid","message":"bad key"}]}"#,
        ),
        Answer::raw(302, "text/plain", b"").with_header("location", "http://localhost:9/x"),
        Answer::Drip {
            body: USER.as_bytes().to_vec(),
            every: Duration::from_millis(200),
        },
    ];
    let mut errors = Vec::new();
    for answer in answers {
        let server = FaultServer::start(vec![answer]).await;
        let client = client_with(&server, secret, RetryPolicy::none());
        errors.push(client.get_user("user_1").await.expect_err("a fault"));
    }
    // No server at all.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let client = Client::builder()
        .secret_key(secret)
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid client configuration");
    errors.push(client.get_user("user_1").await.expect_err("refused"));
    // Rejected before sending.
    errors.push(client.get_user("").await.expect_err("empty path parameter"));
    // A client that cannot be built: the secret cannot be sent in a header.
    let unsendable = Client::builder().secret_key(format!("{secret}\n")).build();
    errors.push(unsendable.expect_err("a newline in the secret"));
    // A page walk over a server that answers the same page forever.
    let server = FaultServer::start(vec![Answer::json(200, &format!("[{USER}]"))]).await;
    let client = client_with(&server, secret, RetryPolicy::none());
    let walk: Result<Vec<_>, Error> =
        futures_util::TryStreamExt::try_collect(client.get_user_list().limit(1).stream()).await;
    errors.push(walk.expect_err("the repeated page is refused"));
    errors
}

#[test]
fn fault_no_error_ever_shows_the_secret() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 6,
        ..ProptestConfig::default()
    });
    runner
        .run(&"sk_(test|live)_[A-Za-z0-9]{16,40}", |secret| {
            let errors = runtime.block_on(every_fault_error(&secret));
            let kinds: std::collections::BTreeSet<&str> = errors.iter().map(variant).collect();
            prop_assert_eq!(
                kinds.into_iter().collect::<Vec<_>>(),
                [
                    "Api",
                    "BodyInterrupted",
                    "Config",
                    "Decode",
                    "InvalidArgument",
                    "Pagination",
                    "ResponseTooLarge",
                    "Timeout",
                    "Transport"
                ]
            );
            for error in &errors {
                let shown = format!(
                    "{error} | {error:?} | {:?}",
                    std::error::Error::source(error)
                );
                prop_assert!(!shown.contains(&secret), "{}", shown);
            }
            Ok(())
        })
        .expect("no error shows the secret");
}

fn variant(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "Api",
        Error::Timeout { .. } => "Timeout",
        Error::Transport { .. } => "Transport",
        Error::BodyInterrupted { .. } => "BodyInterrupted",
        Error::ResponseTooLarge { .. } => "ResponseTooLarge",
        Error::Decode { .. } => "Decode",
        Error::Pagination { .. } => "Pagination",
        Error::InvalidArgument { .. } => "InvalidArgument",
        Error::Config(_) => "Config",
        _ => "other",
    }
}
