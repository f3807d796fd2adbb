//! The JWKS cache: keys are fetched through the Backend API (`GetJWKS`) and kept for a
//! time to live. It never stalls a server on Clerk:
//!
//! * a token naming a key the cache lacks triggers at most one fetch per
//!   `min_refresh_interval`, however many requests arrive at once: one request fetches,
//!   the others wait for that fetch and use its result;
//! * a failed fetch backs off (doubling up to `backoff_max`), and until the keys are older
//!   than `ttl + max_stale` the last good keys keep verifying tokens;
//! * fetches happen on demand, in the request that needs them; no background task.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;

use crate::Client;
use crate::keys::KeySet;
use crate::verify_error::{JwksFailure, VerifyError};

/// How the JWKS cache refreshes; see [`VerifierBuilder`](crate::VerifierBuilder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheOptions {
    /// How long fetched keys are used before they are fetched again (default 1 hour).
    pub ttl: Duration,
    /// The least time between two fetches for keys the cache lacks (default 30 s): a flood
    /// of tokens with made-up key ids cannot make this server flood Clerk.
    pub min_refresh_interval: Duration,
    /// How long past `ttl` the last good keys keep verifying while fetches fail
    /// (default 12 hours).
    pub max_stale: Duration,
    /// The wait after a first failed fetch, doubled after each further one (default 1 s).
    pub backoff_initial: Duration,
    /// The longest wait between failed fetches (default 5 minutes).
    pub backoff_max: Duration,
}

impl Default for CacheOptions {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(3600),
            min_refresh_interval: Duration::from_secs(30),
            max_stale: Duration::from_secs(12 * 3600),
            backoff_initial: Duration::from_secs(1),
            backoff_max: Duration::from_secs(300),
        }
    }
}

/// What the cache holds between fetches.
#[derive(Default)]
struct State {
    keys: Option<Arc<KeySet>>,
    /// When `keys` were fetched.
    fetched_at: Option<Instant>,
    /// When the last fetch (good or failed) started.
    attempted_at: Option<Instant>,
    /// Failed fetches since the last good one.
    failures: u32,
    /// Counts fetches, so a request that waited for another's fetch sees that one was made.
    generation: u64,
    /// Why the last fetch failed, if it did.
    last_error: Option<String>,
}

pub(crate) struct JwksCache {
    client: Client,
    options: CacheOptions,
    state: RwLock<State>,
    /// Held while fetching: one fetch at a time.
    fetching: tokio::sync::Mutex<()>,
}

/// What the cached keys allow for a token's key id, without fetching.
enum Lookup {
    Found(Arc<DecodingKey>),
    /// Fetch first (the keys are old, missing, or lack the key), if the rules allow.
    Refresh,
}

impl JwksCache {
    pub(crate) fn new(client: Client, options: CacheOptions) -> Self {
        Self {
            client,
            options,
            state: RwLock::new(State::default()),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// The key `kid` names, fetching the key set when the rules above allow it.
    pub(crate) async fn key(&self, kid: &str) -> Result<Arc<DecodingKey>, VerifyError> {
        let seen = match self.lookup(kid) {
            Lookup::Found(key) => return Ok(key),
            Lookup::Refresh => self.read().generation,
        };
        let guard = self.fetching.lock().await;
        // Another request may have fetched while this one waited: use its result. (The
        // generation is read on its own: a read guard must not be held while `may_fetch`
        // takes another, which a waiting writer could deadlock.)
        let generation = self.read().generation;
        if generation == seen && self.may_fetch(kid) {
            self.fetch().await;
        }
        drop(guard);
        self.after_refresh(kid)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lookup(&self, kid: &str) -> Lookup {
        let state = self.read();
        let fresh = state
            .fetched_at
            .is_some_and(|at| at.elapsed() < self.options.ttl);
        match state.keys.as_ref().and_then(|keys| keys.get(kid)) {
            Some(key) if fresh => Lookup::Found(key.clone()),
            _ => Lookup::Refresh,
        }
    }

    /// Whether a fetch may start now: not within the backoff after a failure, and for a
    /// key the fresh cache lacks, not within `min_refresh_interval` of the last fetch.
    fn may_fetch(&self, kid: &str) -> bool {
        let state = self.read();
        let Some(attempted) = state.attempted_at else {
            return true;
        };
        if state.failures > 0 {
            return attempted.elapsed() >= self.backoff(state.failures);
        }
        let fresh = state
            .fetched_at
            .is_some_and(|at| at.elapsed() < self.options.ttl);
        let lacks_key = state
            .keys
            .as_ref()
            .is_none_or(|keys| keys.get(kid).is_none());
        !(fresh && lacks_key) || attempted.elapsed() >= self.options.min_refresh_interval
    }

    fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(20);
        self.options
            .backoff_initial
            .saturating_mul(1 << doublings)
            .min(self.options.backoff_max)
    }

    async fn fetch(&self) {
        let started = Instant::now();
        self.write(|state| state.attempted_at = Some(started));
        let result = self.client.get_jwks().await;
        self.write(|state| {
            state.generation += 1;
            match result {
                Ok(jwks) => {
                    state.keys = Some(Arc::new(KeySet::from_jwks(&jwks)));
                    state.fetched_at = Some(started);
                    state.failures = 0;
                    state.last_error = None;
                }
                Err(error) => {
                    state.failures = state.failures.saturating_add(1);
                    state.last_error = Some(describe(&error));
                }
            }
        });
    }

    fn write(&self, change: impl FnOnce(&mut State)) {
        let mut state = self
            .state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        change(&mut state);
    }

    /// The key after a refresh (or a refresh the rules held back): from keys no older than
    /// `ttl + max_stale`.
    fn after_refresh(&self, kid: &str) -> Result<Arc<DecodingKey>, VerifyError> {
        let state = self.read();
        let usable = state
            .fetched_at
            .is_some_and(|at| at.elapsed() < self.options.ttl + self.options.max_stale);
        match (&state.keys, usable) {
            (Some(keys), true) => keys.get(kid).cloned().ok_or(VerifyError::UnknownKey {
                kid: Some(kid.to_owned()),
            }),
            _ => Err(VerifyError::JwksUnavailable(JwksFailure::new(
                state
                    .last_error
                    .clone()
                    .unwrap_or_else(|| "no keys fetched yet".to_owned()),
            ))),
        }
    }
}

/// A fetch failure in a few words: the status, or the kind of failure; never the body
/// (which is the server's) or the secret.
fn describe(error: &crate::Error) -> String {
    match error {
        crate::Error::Api(api) => format!("the Backend API answered {}", api.status),
        crate::Error::Timeout { .. } => "the Backend API did not answer in time".to_owned(),
        crate::Error::Config(message) => format!("configuration: {message}"),
        crate::Error::Decode { .. } => "the key set did not decode".to_owned(),
        _ => "the Backend API could not be reached".to_owned(),
    }
}
