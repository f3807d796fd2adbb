//! What a client built by the runtime offers for TLS key exchange, read off the wire: a
//! local listener takes the first flight of an HTTPS call (the ClientHello) and reads its
//! `key_share` and `supported_groups` extensions. No TLS server is needed, and the client
//! is built the way generated crates build theirs (docs/decisions/0021).
//!
//! * `rustls` (aws-lc-rs, the default): the first key share is the post-quantum hybrid
//!   X25519MLKEM768, with classical X25519 offered beside it for servers without it.
//! * `rustls-ring` alone: classical groups only (.ci/run runs this file with it).

#![cfg(any(feature = "rustls", feature = "rustls-ring"))]

use std::io::Read;
use std::net::TcpListener;

use capability_runtime::RetryPolicy;
use capability_runtime::auth::{ApiAuth, Scheme};
use capability_runtime::client::{Api, ClientBuilder, Telemetry};
use capability_runtime::request::Request;

/// TLS named groups (IANA "TLS Supported Groups").
const X25519: u16 = 0x001d;
const X25519_MLKEM768: u16 = 0x11ec;

static API: Api = Api {
    base_urls: &["https://127.0.0.1:1"],
    namespaces: &["example"],
    auth: &[ApiAuth {
        scheme: Scheme::Bearer,
        secret_env: None,
        username_env: None,
        setter: "secret_key(...)",
    }],
    base_url_env_var: None,
};

/// The key exchange a ClientHello offers.
#[derive(Debug, Default)]
struct Offer {
    /// The groups of the key shares sent, in order.
    key_shares: Vec<u16>,
    /// The groups the client accepts, in order of preference.
    supported_groups: Vec<u16>,
    /// The whole record's size in bytes.
    hello_bytes: usize,
}

/// Sends one HTTPS call from a runtime client to a listener that reads the ClientHello.
fn offered_by_the_runtime_client() -> Offer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().expect("address").port()
    );
    let reader = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the client connects");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        read_record(&mut stream)
        // Dropping the stream ends the handshake: the call fails, as intended.
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let silent = Telemetry {
        attempt_finished: |_, _, _| {},
        retrying: |_, _| {},
    };
    let client = ClientBuilder::new(&API, "tls-test/0.1.0", silent)
        .secret_key("sk_test_tls")
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("an HTTPS client builds");
    let call = runtime.block_on(client.execute_raw(Request::new(
        "GetThing",
        reqwest::Method::GET,
        "/things",
    )));
    assert!(call.is_err(), "the listener never completes a handshake");
    parse_client_hello(&reader.join().expect("the reader thread"))
}

/// One TLS record: a 5-byte header and its body.
fn read_record(stream: &mut impl Read) -> Vec<u8> {
    let mut header = [0u8; 5];
    stream.read_exact(&mut header).expect("a record header");
    assert_eq!(header[0], 0x16, "the first record is a handshake");
    let length = usize::from(u16::from_be_bytes([header[3], header[4]]));
    let mut record = header.to_vec();
    record.resize(5 + length, 0);
    stream
        .read_exact(&mut record[5..])
        .expect("the record body");
    record
}

/// A cursor over the ClientHello that fails the test on a short read.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        assert!(self.0.len() >= n, "the ClientHello ends early");
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }

    fn u8(&mut self) -> usize {
        usize::from(self.take(1)[0])
    }

    fn u16(&mut self) -> u16 {
        let bytes = self.take(2);
        u16::from_be_bytes([bytes[0], bytes[1]])
    }

    /// A vector with a 1- or 2-byte length prefix.
    fn vector(&mut self, prefix: usize) -> Cursor<'a> {
        let length = if prefix == 1 {
            self.u8()
        } else {
            usize::from(self.u16())
        };
        Cursor(self.take(length))
    }
}

fn parse_client_hello(record: &[u8]) -> Offer {
    let mut offer = Offer {
        hello_bytes: record.len(),
        ..Offer::default()
    };
    let mut hello = Cursor(&record[5..]);
    assert_eq!(hello.u8(), 1, "a ClientHello");
    hello.take(3); // handshake length
    hello.take(2 + 32); // legacy version, random
    hello.vector(1); // session id
    hello.vector(2); // cipher suites
    hello.vector(1); // compression methods
    let mut extensions = hello.vector(2);
    while !extensions.0.is_empty() {
        let kind = extensions.u16();
        let mut data = extensions.vector(2);
        match kind {
            0x000a => {
                let mut groups = data.vector(2);
                while !groups.0.is_empty() {
                    offer.supported_groups.push(groups.u16());
                }
            }
            0x0033 => {
                let mut shares = data.vector(2);
                while !shares.0.is_empty() {
                    offer.key_shares.push(shares.u16());
                    shares.vector(2);
                }
            }
            _ => {}
        }
    }
    offer
}

#[cfg(feature = "rustls")]
#[test]
fn the_default_tls_offers_post_quantum_key_exchange_first() {
    let offer = offered_by_the_runtime_client();
    assert_eq!(
        offer.key_shares.first(),
        Some(&X25519_MLKEM768),
        "first key share: {offer:?}"
    );
    assert!(
        offer.key_shares.contains(&X25519),
        "a classical share for servers without ML-KEM: {offer:?}"
    );
    assert_eq!(offer.supported_groups.first(), Some(&X25519_MLKEM768));
    // ML-KEM-768's public key alone is 1,184 bytes.
    assert!(offer.hello_bytes > 1184, "{offer:?}");
}

#[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
#[test]
fn ring_offers_classical_key_exchange_only() {
    let offer = offered_by_the_runtime_client();
    // One classical share (rustls 0.23.48 leads with secp384r1 for ring), X25519 among
    // the groups, nothing post-quantum.
    assert_eq!(offer.key_shares.len(), 1, "{offer:?}");
    assert!(offer.supported_groups.contains(&X25519), "{offer:?}");
    assert!(!offer.supported_groups.contains(&X25519_MLKEM768));
    assert!(offer.hello_bytes < 1184, "{offer:?}");
}
