//! The `tracing` span of a call: its name, what it records per attempt, and that the secret
//! key never reaches it. A small subscriber keeps what it is told.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use clerk_users::{Client, RetryPolicy};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "sk_test_telemetry_secret";

/// Span names, and every `field=value` of spans and events, as text.
#[derive(Default)]
struct Seen {
    spans: Vec<String>,
    fields: Vec<String>,
}

struct Recorder(Arc<Mutex<Seen>>);

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut seen = self.0.lock().expect("not poisoned");
        seen.spans.push(span.metadata().name().to_owned());
        span.record(&mut Fields(&mut seen.fields));
        Id::from_u64(seen.spans.len() as u64)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(
            &mut self.0.lock().expect("not poisoned").fields,
        ));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut Fields(
            &mut self.0.lock().expect("not poisoned").fields,
        ));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn a_call_is_one_named_span_with_its_attempts_and_never_the_secret() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let subscriber = Recorder(Arc::clone(&seen));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/users/user_1"))
                .respond_with(ResponseTemplate::new(503))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/users/user_1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "user_1"})))
                .mount(&server)
                .await;
            let client = Client::builder()
                .secret_key(SECRET)
                .base_url(server.uri())
                .retry_policy(RetryPolicy::default().base_delay(std::time::Duration::ZERO))
                .build()
                .expect("client");
            let user = client.get_user("user_1").await.expect("a user");
            assert_eq!(user.id, "user_1");
        });
    });
    let seen = seen.lock().expect("not poisoned");
    let ours: Vec<&String> = seen
        .spans
        .iter()
        .filter(|name| name.ends_with(".request"))
        .collect();
    assert_eq!(ours, ["clerk_users.request"], "all spans: {:?}", seen.spans);
    for expected in [
        "operation=\"GetUser\"",
        "path=\"/users/{user_id}\"",
        "attempt=1",
        "status=503",
        "attempt=2",
        "status=200",
    ] {
        assert!(
            seen.fields.iter().any(|field| field == expected),
            "no `{expected}` in {:?}",
            seen.fields
        );
    }
    assert!(
        seen.fields.iter().all(|field| !field.contains(SECRET)),
        "the secret reached telemetry: {:?}",
        seen.fields
    );
}
