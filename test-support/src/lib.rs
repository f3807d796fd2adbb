//! What the client crates' mock tests share: one expected request, checked exactly
//! (method, raw path and query, bearer token, JSON body) and answered once, and the JSON
//! fixtures each crate keeps under `tests/fixtures/`.

pub mod contract;

use capability_runtime::SharedConfig;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The secret key every test client sends.
pub const SECRET: &str = "sk_test_mock_secret";

/// One expected request: answered once with `reply`, which the test then expects back.
pub struct Expected {
    pub method: &'static str,
    /// The raw (encoded) path.
    pub path: &'static str,
    /// The raw query string, without `?`; empty for none.
    pub query: &'static str,
    /// The JSON body, or `None` for a request without body.
    pub body: Option<Value>,
    /// What the mock answers with.
    pub reply: Value,
}

impl Expected {
    pub fn new(method: &'static str, path: &'static str) -> Self {
        Self {
            method,
            path,
            query: "",
            body: None,
            reply: json!({}),
        }
    }

    pub fn reply(mut self, reply: Value) -> Self {
        self.reply = reply;
        self
    }

    pub fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }

    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Mounts the expectation (exactly one matching call); answers with the reply.
    pub async fn mount(self, server: &MockServer) {
        let reply = self.reply;
        Mock::given(method(self.method))
            .and(path(self.path))
            .and(ExactQuery(self.query))
            .and(header("authorization", format!("Bearer {SECRET}").as_str()))
            .and(ExactBody(self.body))
            .respond_with(ResponseTemplate::new(200).set_body_json(&reply))
            .expect(1)
            .mount(server)
            .await;
    }
}

/// A mock server on 127.0.0.1 and a configuration pointing clients at it with [`SECRET`];
/// each crate's test builds its `Client::from_config` from it.
pub async fn mock_server() -> (MockServer, SharedConfig) {
    let server = MockServer::start().await;
    let config = SharedConfig::builder()
        .secret_key(SECRET)
        .base_url(server.uri())
        .build()
        .expect("valid client configuration");
    (server, config)
}

/// Expects one `multipart/form-data` request (method, path, bearer token) whose raw body
/// holds every one of `parts` (part headers, file names, bytes, `name="x"\r\n\r\nvalue`
/// text parts); answers with `reply`.
pub async fn expect_multipart(
    server: &MockServer,
    method_name: &'static str,
    raw_path: &'static str,
    parts: &'static [&'static str],
    reply: Value,
) {
    Mock::given(method(method_name))
        .and(path(raw_path))
        .and(header("authorization", format!("Bearer {SECRET}").as_str()))
        .and(move |request: &Request| {
            let multipart = request
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("multipart/form-data; boundary="));
            let body = String::from_utf8_lossy(&request.body);
            multipart && parts.iter().all(|part| body.contains(part))
        })
        .respond_with(ResponseTemplate::new(200).set_body_json(&reply))
        .expect(1)
        .mount(server)
        .await;
}

/// A JSON fixture from `<crate>/tests/fixtures/`; call as
/// `fixture(env!("CARGO_MANIFEST_DIR"), "name")`.
pub fn fixture(manifest_dir: &str, name: &str) -> Value {
    let path = format!("{manifest_dir}/tests/fixtures/{name}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Matches the raw query string exactly (order, repetition and encoding included).
struct ExactQuery(&'static str);

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query().unwrap_or("") == self.0
    }
}

/// Matches a JSON body with `Content-Type: application/json`, or no body at all.
struct ExactBody(Option<Value>);

impl Match for ExactBody {
    fn matches(&self, request: &Request) -> bool {
        match &self.0 {
            None => request.body.is_empty(),
            Some(expected) => {
                let json_type = request
                    .headers
                    .get("content-type")
                    .is_some_and(|v| v.as_bytes() == b"application/json");
                json_type
                    && serde_json::from_slice::<Value>(&request.body).ok().as_ref()
                        == Some(expected)
            }
        }
    }
}
