//! What the verifier tests share: tokens minted with throwaway RSA keys in Clerk's claim
//! layouts, and a 127.0.0.1 JWKS server that counts its fetches and can fail on demand.

#![allow(dead_code, reason = "each test binary uses part of this module")]

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const KEY_1_PRIVATE: &str = include_str!("../keys/throwaway-1.pem");
pub const KEY_1_PUBLIC: &str = include_str!("../keys/throwaway-1.pub.pem");
pub const KEY_2_PRIVATE: &str = include_str!("../keys/throwaway-2.pem");
pub const JWKS_1: &str = include_str!("../keys/jwks-1.json");
pub const JWKS_BOTH: &str = include_str!("../keys/jwks-both.json");
pub const JWKS_CLERK_DEV: &str = include_str!("../keys/clerk-dev-instance-jwks.json");
pub const KID_1: &str = "ins_test_key_1";
pub const KID_2: &str = "ins_test_key_2";
pub const ISSUER: &str = "https://clerk.example.test";

/// A fixed "now" for the tests: 2026-01-01T00:00:00Z.
pub const NOW: i64 = 1_767_225_600;

pub fn at(unix: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(unix).expect("after 1970"))
}

/// Version 1 claims of an active session, valid around [`NOW`].
pub fn v1_claims() -> Value {
    json!({
        "azp": "https://app.example.test",
        "exp": NOW + 60,
        "iat": NOW - 10,
        "iss": ISSUER,
        "nbf": NOW - 15,
        "sid": "sess_2xyz",
        "sub": "user_2abc",
        "fva": [3, -1],
    })
}

/// Version 2 claims with an active organization (two org features, two permissions).
pub fn v2_org_claims() -> Value {
    let mut claims = v1_claims();
    if let Value::Object(map) = &mut claims {
        let v2 = json!({
            "v": 2,
            "sts": "active",
            "fva": [3, 12],
            "fea": "o:invoices,u:exports,o:reports",
            "pla": "o:pro",
            "o": {"id": "org_2def", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,1"},
        });
        if let Value::Object(v2) = v2 {
            map.extend(v2);
        }
    }
    claims
}

/// `claims` with their times moved from around [`NOW`] to around the real clock, for
/// code that verifies with the real clock (`verify`, `authenticate`, the layer).
pub fn live(mut claims: Value) -> Value {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(NOW, |since| i64::try_from(since.as_secs()).unwrap_or(NOW));
    if let Value::Object(map) = &mut claims {
        for key in ["exp", "iat", "nbf"] {
            if let Some(time) = map.get(key).and_then(Value::as_i64) {
                map.insert(key.to_owned(), json!(time - NOW + now));
            }
        }
    }
    claims
}

/// Signs `claims` with throwaway key `which` (1 or 2), naming `kid` in the header.
pub fn mint(claims: &Value, which: u8, kid: Option<&str>) -> String {
    let pem = if which == 1 {
        KEY_1_PRIVATE
    } else {
        KEY_2_PRIVATE
    };
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("a throwaway RSA key");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &key).expect("signs")
}

/// What the JWKS server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    /// Only key 1.
    KeyOne = 0,
    /// Keys 1 and 2 (after a rotation).
    Both = 1,
    /// 503 Service Unavailable.
    Down = 2,
    /// The key set of a real Clerk development instance.
    ClerkDev = 3,
}

/// A JWKS server on 127.0.0.1 that counts the fetches it answers.
pub struct JwksServer {
    pub url: String,
    pub fetches: Arc<AtomicUsize>,
    mode: Arc<AtomicU8>,
}

impl JwksServer {
    pub async fn start(mode: Mode) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let fetches = Arc::new(AtomicUsize::new(0));
        let mode = Arc::new(AtomicU8::new(mode as u8));
        let (counter, current) = (fetches.clone(), mode.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (counter, current) = (counter.clone(), current.clone());
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => request.extend_from_slice(&buffer[..read]),
                        }
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    // A little latency, so concurrent requests overlap the fetch.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let (status, body) = match current.load(Ordering::SeqCst) {
                        0 => ("200 OK", JWKS_1),
                        1 => ("200 OK", JWKS_BOTH),
                        3 => ("200 OK", JWKS_CLERK_DEV),
                        _ => ("503 Service Unavailable", "{\"errors\":[]}"),
                    };
                    let response = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                });
            }
        });
        Self { url, fetches, mode }
    }

    pub fn set(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
    }

    pub fn count(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}
