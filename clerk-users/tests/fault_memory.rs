//! A 1 GiB response body against the default size limit: the call fails with
//! `ResponseTooLarge` and the process never holds more than a small multiple of the limit.
//! Its own test binary, so the allocation counter sees this test alone.

#[path = "faults/server.rs"]
#[allow(
    dead_code,
    reason = "this binary needs only the server's huge-body answer"
)]
mod server;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clerk_users::{Client, DEFAULT_MAX_RESPONSE_BYTES, Error, RetryPolicy};
use server::{Answer, FaultServer};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters change.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on as it is.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc` is passed on as it is.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[tokio::test]
async fn fault_a_one_gibibyte_body_fails_at_the_limit_without_being_held() {
    let server = FaultServer::start(vec![Answer::Huge {
        total: 1 << 30,
        with_length: false,
    }])
    .await;
    let client = Client::builder()
        .secret_key("sk_test_memory")
        .base_url(&server.url)
        .timeout(Duration::from_secs(60))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("valid client configuration");
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let error = client.get_user("user_1").await.expect_err("too large");
    let Error::ResponseTooLarge { limit, read, .. } = error else {
        panic!("a size error: {error:?}");
    };
    assert_eq!(limit, DEFAULT_MAX_RESPONSE_BYTES);
    assert!(read > limit && read < limit + (1 << 20), "read {read}");
    let grew = PEAK.load(Ordering::Relaxed) - before;
    // The buffer grows to the limit at most; while it moves, the old half and the new
    // whole are both alive: under 2x the limit, nowhere near the gigabyte on offer.
    assert!(
        grew < 2 * DEFAULT_MAX_RESPONSE_BYTES as usize,
        "peak grew by {grew} bytes"
    );
}
