//! The client on its own: configuration checks, decoding, an HTTPS client without a server.

use super::*;

static API: Api = Api {
    base_urls: &["https://api.example.com/v1"],
    namespaces: &["example"],
    auth: &[ApiAuth {
        scheme: Scheme::Bearer,
        secret_env: Some("EXAMPLE_SECRET_KEY"),
        username_env: None,
        setter: "secret_key(...)",
    }],
    base_url_env_var: None,
};

fn builder() -> ClientBuilder {
    let silent = Telemetry {
        attempt_finished: |_, _, _| {},
        retrying: |_, _| {},
    };
    ClientBuilder::new(&API, "example/0.1.0", silent)
}

#[test]
fn debug_output_never_contains_the_secret() {
    let builder = builder().secret_key("sk_test_super_secret");
    assert!(!format!("{builder:?}").contains("super_secret"));
    let client = builder.build().expect("valid configuration");
    let shown = format!("{client:?}");
    assert!(!shown.contains("super_secret"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

#[test]
fn refuses_a_missing_secret_and_a_bad_base_url() {
    let error = builder().build().expect_err("no secret");
    let Failure::Config(message) = error else {
        panic!("a configuration error: {error:?}");
    };
    assert!(message.contains("`.secret_key(...)`"), "{message}");
    let error = builder()
        .secret_key("sk")
        .base_url("ftp://x")
        .build()
        .expect_err("bad scheme");
    assert!(matches!(error, Failure::Config(_)));
}

#[test]
fn a_secret_no_header_can_carry_is_refused_before_any_request() {
    let error = builder()
        .secret_key("sk_test_\nInjected: yes")
        .build()
        .expect_err("a newline cannot be sent in a header");
    let Failure::Config(message) = error else {
        panic!("a configuration error: {error:?}");
    };
    assert!(message.contains("cannot carry"), "{message}");
    assert!(
        !message.contains("Injected"),
        "the secret stays out: {message}"
    );
}

#[test]
fn trailing_slashes_on_the_base_url_are_dropped() {
    let client = builder()
        .secret_key("sk")
        .base_url("http://127.0.0.1:9/v1/")
        .build()
        .expect("valid configuration");
    assert_eq!(client.base_url(), "http://127.0.0.1:9/v1");
    let shown = format!("{client:?}");
    assert!(
        shown.contains("example/0.1.0"),
        "the default user agent: {shown}"
    );
}

#[test]
fn decoding_names_the_field_and_says_what_the_body_was() {
    let failure = decode::<Vec<u32>>(
        "ListThings",
        StatusCode::OK,
        Bytes::from_static(b"[1, \"two\"]"),
    )
    .expect_err("a string is not a number");
    let Failure::Decode { path, .. } = &failure else {
        panic!("a decode failure: {failure:?}");
    };
    assert_eq!(path, "[1]");
    let failure = decode::<Vec<u32>>(
        "ListThings",
        StatusCode::OK,
        Bytes::from_static(b"<html></html>"),
    )
    .expect_err("HTML is not JSON");
    let Failure::Decode { message, .. } = &failure else {
        panic!("a decode failure: {failure:?}");
    };
    assert!(message.starts_with("the body is HTML"), "{message}");
    let empty: Option<u32> =
        decode("DeleteThing", StatusCode::NO_CONTENT, Bytes::new()).expect("empty is null");
    assert_eq!(empty, None);
}

/// The TLS stack is configured at build time: with `rustls-ring`, a crypto provider
/// must be in place or reqwest panics. An HTTPS call to a closed port must be
/// a plain transport error.
#[tokio::test]
async fn https_clients_build_and_fail_cleanly_without_a_server() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let client = builder()
        .secret_key("sk_test_tls")
        .base_url(format!("https://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("an HTTPS client builds");
    let request = Request::new("GetThing", Method::GET, "/things");
    let error = client
        .execute_raw(request)
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(error, Failure::Transport { attempts: 1, .. }),
        "{error:?}"
    );
}
