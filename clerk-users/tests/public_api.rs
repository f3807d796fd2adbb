//! The names users write, at the paths they write them: a change to where an item lives
//! (such as moving it into the runtime crate) must keep every line here compiling and
//! every assertion true. Adding to the public API is free; removing from it needs a
//! CHANGELOG entry and a change here.

use std::str::FromStr;
use std::time::Duration;

use clerk_users::{
    ApiError, CallOptions, ClerkError, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, Direction, Error, FilePart,
    Filter, OrderBy, Patch, ResponseInfo, RetryPolicy, SecretKey, Stream,
};

#[test]
fn client_and_builder_keep_their_constructors_and_settings() {
    let builder: ClientBuilder = Client::builder()
        .secret_key("sk_test_public_api")
        .base_url("http://127.0.0.1:9")
        .user_agent("public-api-test")
        .timeout(DEFAULT_TIMEOUT)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .max_response_bytes(DEFAULT_MAX_RESPONSE_BYTES)
        .retry_policy(RetryPolicy::none())
        .on_response(|info: &ResponseInfo<'_>| {
            let _ = (info.operation, info.status, info.headers);
        });
    let client: Client = builder.build().expect("a valid configuration");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    let with_key = Client::new(SecretKey::new("sk_test_public_api")).expect("a client");
    assert!(!with_key.base_url().is_empty());
    let _: fn() -> Result<Client, Error> = Client::from_env;
    assert_eq!(DEFAULT_PAGE_SIZE, 100);
    assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 32 * 1024 * 1024);
}

#[test]
fn errors_keep_their_variants_fields_and_helpers() {
    let config = Error::Config("no key".into());
    assert_eq!(config.status(), None);
    assert_eq!(config.clerk_trace_id(), None);
    assert!(matches!(config, Error::Config(_)));
    let argument = Error::InvalidArgument {
        name: "user_id",
        reason: "is empty".into(),
    };
    assert_eq!(argument.to_string(), "invalid argument `user_id`: is empty");

    // An `ApiError` is only made by the client; read it the way users do.
    fn read(error: &ApiError) -> (usize, Option<&str>, Option<&str>, u32) {
        let _ = (
            error.operation,
            error.status,
            &error.headers,
            &error.body,
            &error.meta,
        );
        let _ = error.body_text();
        (
            error.errors.len(),
            error.clerk_trace_id.as_deref(),
            error.code(),
            error.attempts,
        )
    }
    let _ = read;
    let entry = ClerkError::default();
    let _: (
        &String,
        &String,
        &Option<String>,
        &Option<serde_json::Value>,
    ) = (
        &entry.code,
        &entry.message,
        &entry.long_message,
        &entry.meta,
    );
}

#[test]
fn retry_policy_keeps_its_builder() {
    let policy = RetryPolicy::default()
        .max_attempts(5)
        .base_delay(Duration::from_millis(200))
        .max_delay(Duration::from_secs(4))
        .budget(Duration::from_secs(60));
    assert_eq!(policy.attempts(), 5);
    assert_eq!(RetryPolicy::none().attempts(), 1);
}

#[test]
fn patch_filter_order_and_secret_keep_their_behaviour() {
    let set = Patch::Set("ada".to_owned());
    assert_eq!(set.as_set().map(String::as_str), Some("ada"));
    assert!(Patch::<String>::Unchanged.is_unchanged());
    assert_eq!(
        serde_json::to_string(&Patch::<String>::Clear)
            .ok()
            .as_deref(),
        Some("null")
    );

    assert_eq!(Filter::include("user_1").to_string(), "+user_1");
    assert_eq!(Filter::exclude("org_1").to_string(), "-org_1");
    assert_eq!(Filter::from("x").to_string(), "x");
    assert!(matches!(Filter::Exact("x".into()), Filter::Exact(_)));

    let order = OrderBy::desc("created_at");
    assert_eq!(order.field_name(), "created_at");
    assert_eq!(order.direction(), Some(Direction::Descending));
    assert_eq!(OrderBy::from_str("+name"), Ok(OrderBy::asc("name")));
    assert_eq!(OrderBy::field("name").direction(), None);
    assert_eq!(OrderBy::from("-a"), OrderBy::desc("a"));
    assert!(matches!(Direction::Ascending, Direction::Ascending));

    let key = SecretKey::from("sk_test_1");
    assert_eq!(key.expose(), "sk_test_1");
    assert_eq!(format!("{key:?} {key}"), "SecretKey(redacted) [redacted]");
}

#[test]
fn upload_parts_call_options_and_streams_are_where_they_were() {
    let part = FilePart::new(vec![1_u8, 2, 3], "a.png").mime("image/png");
    assert_eq!(part.file_name(), "a.png");
    assert_eq!(part.bytes().len(), 3);
    let _ = CallOptions::default();
    fn takes_a_stream<S: Stream>(_: S) {}
    let _ = takes_a_stream::<futures_util::stream::Empty<()>>;
}
