//! The client against a local in-process server (127.0.0.1):
//!
//! * 1,000 `GET /users/{id}` calls through our client vs. raw `reqwest` doing the same
//!   request and decoding the same type;
//! * walking 10,000 users with `.stream()`: items per second, and the number of requests
//!   (printed; the minimum is ceil(10,001 / 500) = 21).
//!
//! `cargo bench -p clerk-users --bench client`. Targets: docs/performance.md.

use std::sync::LazyLock;
use std::sync::atomic::Ordering;

use clerk_users::Client;
use clerk_users::models::User;
use divan::counter::ItemsCount;
use futures_util::TryStreamExt;

#[path = "support/data.rs"]
mod data;
#[path = "support/server.rs"]
mod server;

const CALLS: usize = 1_000;
const USERS: usize = 10_000;

struct Setup {
    runtime: tokio::runtime::Runtime,
    server: server::Server,
    ours: Client,
    raw: reqwest::Client,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(server::serve(USERS));
    // Built first: with `rustls-ring` alone it installs the crypto provider that the raw
    // reqwest client below needs too (the default `rustls` brings its own).
    let ours = Client::builder()
        .secret_key("sk_test_bench")
        .base_url(&server.url)
        .build()
        .expect("client");
    Setup {
        runtime,
        server,
        ours,
        raw: reqwest::Client::new(),
    }
});

fn main() {
    let setup = &*SETUP;
    let before = setup.server.requests.load(Ordering::Relaxed);
    let walked = setup.runtime.block_on(walk(&setup.ours));
    let requests = setup.server.requests.load(Ordering::Relaxed) - before;
    println!("pagination: {walked} users in {requests} requests (minimum 21)");
    divan::main();
}

async fn walk(client: &Client) -> usize {
    let users: Vec<User> = client
        .get_user_list()
        .limit(500)
        .stream()
        .try_collect()
        .await
        .expect("walk");
    users.len()
}

#[divan::bench(sample_count = 10)]
fn our_client_1000_calls(bencher: divan::Bencher) {
    let setup = &*SETUP;
    bencher.counter(ItemsCount::new(CALLS)).bench(|| {
        setup.runtime.block_on(async {
            for _ in 0..CALLS {
                let user = setup.ours.get_user("user_1").await.expect("call");
                divan::black_box(user);
            }
        });
    });
}

#[divan::bench(sample_count = 10)]
fn raw_reqwest_1000_calls(bencher: divan::Bencher) {
    let setup = &*SETUP;
    let url = format!("{}/users/user_1", setup.server.url);
    bencher.counter(ItemsCount::new(CALLS)).bench(|| {
        setup.runtime.block_on(async {
            for _ in 0..CALLS {
                let response = setup
                    .raw
                    .get(&url)
                    .bearer_auth("sk_test_bench")
                    .send()
                    .await
                    .expect("call");
                let bytes = response.bytes().await.expect("body");
                let user: User = serde_json::from_slice(&bytes).expect("decode");
                divan::black_box(user);
            }
        });
    });
}

#[divan::bench(sample_count = 10)]
fn stream_10000_users(bencher: divan::Bencher) {
    let setup = &*SETUP;
    bencher
        .counter(ItemsCount::new(USERS))
        .bench(|| setup.runtime.block_on(walk(&setup.ours)));
}
