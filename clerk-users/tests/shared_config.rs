//! One configuration, many clients: users, sessions, organizations and clerk-auth clients
//! built from one `SharedConfig` send through one HTTP client, so their calls share one
//! connection (one pool), and all carry the shared secret, user agent and response hook.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clerk_users::SharedConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that counts the connections it accepts and
/// returns every request head it read.
async fn serve(
    answers: usize,
) -> (
    String,
    Arc<AtomicUsize>,
    tokio::task::JoinHandle<Vec<String>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    let server = tokio::spawn(async move {
        let mut heads = Vec::new();
        let (mut stream, _) = listener.accept().await.expect("a connection");
        counted.fetch_add(1, Ordering::SeqCst);
        // Further connections are counted (and refused) while the first is served.
        let extra = counted.clone();
        tokio::spawn(async move {
            while listener.accept().await.is_ok() {
                extra.fetch_add(1, Ordering::SeqCst);
            }
        });
        let mut buffer = Vec::new();
        let mut chunk = [0u8; 4096];
        while heads.len() < answers {
            let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                let read = stream.read(&mut chunk).await.expect("read");
                assert!(read > 0, "the client closed the connection it should reuse");
                buffer.extend_from_slice(&chunk[..read]);
                continue;
            };
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            buffer.drain(..end + 4);
            let body = if head.starts_with("GET /jwks") {
                r#"{"keys": []}"#
            } else if head.starts_with("GET /organizations") {
                r#"{"data": [], "total_count": 0}"#
            } else {
                "[]"
            };
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).await.expect("write");
            heads.push(head);
        }
        heads
    });
    (url, connections, server)
}

#[tokio::test]
async fn clients_of_four_crates_built_from_one_config_share_one_pool() {
    let (url, connections, server) = serve(8).await;
    let responses = Arc::new(AtomicUsize::new(0));
    let seen = responses.clone();
    let shared = SharedConfig::builder()
        .secret_key("sk_test_shared")
        .base_url(&url)
        .user_agent("my-backend/1.0")
        // A request on a second connection is never answered: it fails fast, not hangs.
        .timeout(Duration::from_secs(5))
        .retry_policy(clerk_users::RetryPolicy::none())
        .on_response(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .expect("a shared configuration");
    let users = clerk_users::Client::from_config(&shared).expect("a users client");
    let auth = clerk_auth::Client::builder()
        .config(&shared)
        .build()
        .expect("a clerk-auth client");
    let sessions = clerk_sessions::Client::from_config(&shared).expect("a sessions client");
    let organizations =
        clerk_organizations::Client::from_config(&shared).expect("an organizations client");

    users.get_user_list().await.expect("users");
    auth.get_jwks().await.expect("keys");
    sessions.get_session_list().await.expect("sessions");
    organizations
        .list_organizations()
        .await
        .expect("organizations");
    users.get_user_list().await.expect("users again");
    auth.get_jwks().await.expect("keys again");
    sessions.get_session_list().await.expect("sessions again");
    organizations
        .list_organizations()
        .await
        .expect("organizations again");

    let heads = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server ends")
        .expect("the server task");
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "one connection for all four clients"
    );
    assert_eq!(
        responses.load(Ordering::SeqCst),
        8,
        "one hook for all four clients"
    );
    for head in &heads {
        let lower = head.to_ascii_lowercase();
        assert!(
            lower.contains("authorization: bearer sk_test_shared"),
            "{head}"
        );
        assert!(lower.contains("user-agent: my-backend/1.0"), "{head}");
    }
    assert!(heads[1].starts_with("GET /jwks"), "{heads:?}");
    assert!(heads[2].starts_with("GET /sessions"), "{heads:?}");
    assert!(heads[3].starts_with("GET /organizations"), "{heads:?}");
}

#[test]
fn a_client_setting_made_after_the_config_wins_and_the_secret_stays_hidden() {
    let shared = SharedConfig::builder()
        .secret_key("sk_test_hidden")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("a shared configuration");
    assert!(!format!("{shared:?}").contains("sk_test_hidden"));
    let client = clerk_users::Client::builder()
        .config(&shared)
        .base_url("http://127.0.0.1:10")
        .build()
        .expect("a client");
    assert_eq!(client.base_url(), "http://127.0.0.1:10");
    let from_config = clerk_users::Client::from_config(&shared).expect("a client");
    assert_eq!(from_config.base_url(), "http://127.0.0.1:9");
}
