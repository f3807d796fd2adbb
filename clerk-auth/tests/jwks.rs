//! The JWKS cache against a local key server that counts fetches: one fetch for many
//! concurrent requests naming a new key, a rate limit for unknown keys, and verification
//! from the last good keys through an outage, for a bounded time.

mod support;

use std::time::Duration;

use clerk_auth::{CacheOptions, Verifier, VerifyError};
use support::*;

fn verifier(server: &JwksServer, options: CacheOptions) -> Verifier {
    Verifier::builder()
        .secret_key("sk_test_jwks")
        .api_url(&server.url)
        .cache_options(options)
        .build()
        .expect("builds")
}

fn options() -> CacheOptions {
    let mut options = CacheOptions::default();
    options.min_refresh_interval = Duration::from_millis(300);
    options
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_requests_with_a_new_key_make_one_fetch() {
    let server = JwksServer::start(Mode::KeyOne).await;
    let verifier = verifier(&server, options());
    let first = mint(&live(v1_claims()), 1, Some(KID_1));
    verifier.verify(&first).await.expect("key 1 verifies");
    assert_eq!(server.count(), 1);

    // The instance rotates in key 2; fifty requests carry tokens signed with it at once.
    server.set(Mode::Both);
    tokio::time::sleep(Duration::from_millis(350)).await;
    let rotated = mint(&live(v1_claims()), 2, Some(KID_2));
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let (verifier, token) = (verifier.clone(), rotated.clone());
            tokio::spawn(async move { verifier.verify(&token).await })
        })
        .collect();
    for call in calls {
        call.await.expect("joins").expect("key 2 verifies");
    }
    assert_eq!(server.count(), 2, "one fetch for all fifty");
    // Cached: no more fetches.
    verifier.verify(&first).await.expect("key 1 still verifies");
    verifier
        .verify(&rotated)
        .await
        .expect("key 2 still verifies");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn unknown_keys_refresh_at_most_once_per_interval() {
    let server = JwksServer::start(Mode::KeyOne).await;
    let verifier = verifier(&server, options());
    verifier
        .verify(&mint(&live(v1_claims()), 1, Some(KID_1)))
        .await
        .expect("verifies");
    let made_up = mint(&live(v1_claims()), 2, Some("ins_made_up"));
    for _ in 0..20 {
        assert_eq!(
            verifier.verify(&made_up).await,
            Err(VerifyError::UnknownKey {
                kid: Some("ins_made_up".to_owned())
            })
        );
    }
    assert_eq!(
        server.count(),
        1,
        "fresh keys, within the interval: no fetch"
    );
    tokio::time::sleep(Duration::from_millis(350)).await;
    for _ in 0..20 {
        assert!(verifier.verify(&made_up).await.is_err());
    }
    assert_eq!(server.count(), 2, "one fetch once the interval passed");
    // A token without a key id cannot name a key of the set.
    assert_eq!(
        verifier.verify(&mint(&live(v1_claims()), 1, None)).await,
        Err(VerifyError::UnknownKey { kid: None })
    );
}

#[tokio::test]
async fn an_outage_keeps_verifying_with_the_last_good_keys_for_a_bounded_time() {
    let server = JwksServer::start(Mode::KeyOne).await;
    let mut options = options();
    options.ttl = Duration::from_millis(200);
    options.max_stale = Duration::from_millis(1200);
    options.backoff_initial = Duration::from_millis(400);
    options.backoff_max = Duration::from_millis(400);
    let verifier = verifier(&server, options);
    let token = mint(&live(v1_claims()), 1, Some(KID_1));
    verifier.verify(&token).await.expect("verifies");

    server.set(Mode::Down);
    tokio::time::sleep(Duration::from_millis(250)).await;
    // Past the time to live: one fetch fails, the stale keys still verify.
    for _ in 0..10 {
        verifier.verify(&token).await.expect("stale keys verify");
    }
    assert_eq!(server.count(), 2, "one failed fetch, then backing off");
    tokio::time::sleep(Duration::from_millis(450)).await;
    verifier
        .verify(&token)
        .await
        .expect("still within max_stale");
    assert_eq!(server.count(), 3, "one more fetch after the backoff");

    // Past ttl + max_stale: no keys to trust any more.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let error = verifier.verify(&token).await.expect_err("too stale");
    assert!(
        matches!(&error, VerifyError::JwksUnavailable(why) if why.to_string().contains("503")),
        "{error:?}"
    );
    assert!(!error.to_string().contains("sk_test_jwks"));

    // Clerk is back: the next fetch restores verification.
    server.set(Mode::KeyOne);
    tokio::time::sleep(Duration::from_millis(450)).await;
    verifier.verify(&token).await.expect("verifies again");
}

#[tokio::test]
async fn without_any_keys_an_outage_is_jwks_unavailable() {
    let server = JwksServer::start(Mode::Down).await;
    let verifier = verifier(&server, options());
    let error = verifier
        .verify(&mint(&live(v1_claims()), 1, Some(KID_1)))
        .await
        .expect_err("no keys");
    assert!(
        matches!(error, VerifyError::JwksUnavailable(_)),
        "{error:?}"
    );
    assert_eq!(server.count(), 1);
}
