//! Peak memory while streaming users: `.stream()` over N users from a local server that
//! makes each page on demand, then the process's peak resident set (Linux `VmHWM`).
//!
//! `cargo bench -p clerk-users --bench stream_memory -- 100000` prints the peak for 100,000
//! users; `cargo xtask bench` runs it for 1,000 and 100,000 users, each in its own process,
//! and reports the ratio (target: at most 1.2, memory that does not grow with the walk).

use clerk_users::Client;
use futures_util::TryStreamExt;

#[path = "support/data.rs"]
mod data;
#[path = "support/server.rs"]
mod server;

fn main() {
    // `cargo bench` passes `--bench`; the first number is the user count.
    let users: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(1_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(server::serve(users));
    let client = Client::builder()
        .secret_key("sk_test_bench")
        .base_url(&server.url)
        .build()
        .expect("client");
    let (walked, last_id) = runtime.block_on(async {
        let mut stream = std::pin::pin!(client.get_user_list().limit(500).stream());
        let (mut walked, mut last_id) = (0_usize, String::new());
        while let Some(user) = stream.try_next().await.expect("a page") {
            walked += 1;
            last_id = user.id;
        }
        (walked, last_id)
    });
    assert_eq!(walked, users, "every user arrives once");
    let requests = server.requests.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        requests <= users / 500 + 1,
        "{requests} requests for {users} users"
    );
    assert!(
        last_id.starts_with(&format!("user_{:06}", users - 1)),
        "{last_id}"
    );
    match peak_rss_kib() {
        Some(peak) => {
            println!("stream_memory: {users} users in {requests} pages, peak RSS {peak} KiB")
        }
        None => println!("stream_memory: {users} users in {requests} pages, peak RSS unavailable"),
    }
}

/// The process's peak resident set size so far, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}
