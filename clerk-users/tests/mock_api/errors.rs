//! Failed calls: what the caller gets back, and what is refused before sending.

use crate::support::setup;
use clerk_users::models::CreateUserRequest;
use clerk_users::{Client, Error};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn api_errors_keep_status_errors_trace_id_headers_and_body() {
    let (server, clerk) = setup().await;
    let body = json!({
        "errors": [{
            "code": "form_identifier_exists",
            "message": "That email address is taken.",
            "long_message": "That email address is taken. Please try another.",
            "meta": {"param_name": "email_address"}
        }],
        "clerk_trace_id": "trace_abc123"
    });
    Mock::given(method("POST"))
        .and(path("/users"))
        .respond_with(
            ResponseTemplate::new(422)
                .set_body_json(&body)
                .insert_header("x-request-id", "req_1"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = clerk
        .create_user(CreateUserRequest::new().email_address(["taken@x.io"]))
        .await
        .expect_err("422 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(error.clerk_trace_id(), Some("trace_abc123"));
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.operation, "CreateUser");
    assert_eq!(api.code(), Some("form_identifier_exists"));
    assert_eq!(api.errors.len(), 1);
    assert_eq!(
        api.errors[0].long_message.as_deref(),
        Some("That email address is taken. Please try another.")
    );
    assert_eq!(
        api.errors[0].meta,
        Some(json!({"param_name": "email_address"}))
    );
    assert_eq!(
        api.headers.get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req_1"[..])
    );
    let raw: serde_json::Value = serde_json::from_slice(&api.body).expect("raw body kept");
    assert_eq!(raw, body);
    let shown = error.to_string();
    assert!(shown.contains("HTTP 422"), "{shown}");
    assert!(shown.contains("trace_abc123"), "{shown}");
}

#[tokio::test]
async fn error_responses_without_a_body_still_carry_the_status() {
    let (server, clerk) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let error = clerk.get_user("user_missing").await.expect_err("404");
    let Error::Api(api) = error else {
        panic!("expected Error::Api");
    };
    assert_eq!(api.status.as_u16(), 404);
    assert!(api.errors.is_empty());
    assert!(api.body.is_empty());
}

#[tokio::test]
async fn bad_path_arguments_are_refused_before_any_request() {
    let (server, clerk) = setup().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    for id in ["", ".", ".."] {
        let error = clerk.ban_user(id).await.expect_err("refused");
        assert!(
            matches!(
                error,
                Error::InvalidArgument {
                    name: "user_id",
                    ..
                }
            ),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error_with_the_raw_body() {
    let (server, clerk) = setup().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": \"user_1\", "))
        .mount(&server)
        .await;
    let error = clerk.get_user("user_1").await.expect_err("truncated JSON");
    let Error::Decode {
        operation, body, ..
    } = error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(operation, "GetUser");
    assert_eq!(&body[..], b"{\"id\": \"user_1\", ");
}

#[tokio::test]
async fn an_empty_success_body_for_a_typed_response_is_a_decode_error() {
    let (server, clerk) = setup().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let error = clerk.delete_totp("user_1").await.expect_err("no body");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Port 9 (discard) on loopback: nothing listens in the test environment.
    let clerk = Client::builder()
        .secret_key("sk_test")
        .base_url("http://127.0.0.1:9")
        .retry_policy(
            clerk_users::RetryPolicy::default().base_delay(std::time::Duration::from_millis(1)),
        )
        .build()
        .expect("valid configuration");
    let error = clerk
        .get_user("user_1")
        .await
        .expect_err("connection refused");
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "GetUser",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn from_env_names_the_missing_variable() {
    // Only this test touches the variable, and only to check that it is reported.
    if std::env::var_os("CLERK_SECRET_KEY").is_some() {
        return;
    }
    let error = Client::from_env().expect_err("variable unset");
    assert!(error.to_string().contains("CLERK_SECRET_KEY"), "{error}");
}
