//! One configuration for many clients: the secret, base URL, timeouts, retry policy,
//! response hook and HTTP client set once, given to the builder of every generated client
//! (`ClientBuilder::config`), so that all of them send through one connection pool.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::builder::new_http_client;
use super::{ResponseHook, ResponseInfo};
use crate::{RetryPolicy, SecretKey};

/// Settings several clients share: one secret, one base URL, one retry policy and one
/// HTTP client, and so one connection pool. Cheap to clone.
///
/// Each client's own builder can still override any of them after `.config(&shared)`.
/// The base URL replaces each client's main API base URL (a proxy or mock server that
/// serves all of them).
#[derive(Clone)]
pub struct SharedConfig {
    pub(super) secret_key: Option<SecretKey>,
    pub(super) base_url: Option<String>,
    pub(super) user_agent: Option<String>,
    pub(super) timeout: Option<Duration>,
    pub(super) max_response_bytes: Option<u64>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) on_response: Option<ResponseHook>,
    pub(super) http: reqwest::Client,
}

impl SharedConfig {
    /// Configures the shared settings step by step.
    pub fn builder() -> SharedConfigBuilder {
        SharedConfigBuilder::default()
    }

    /// The HTTP client every client given this configuration sends through.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }
}

impl fmt::Debug for SharedConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedConfig")
            .field("secret_key", &self.secret_key)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("on_response", &self.on_response.is_some())
            .finish_non_exhaustive()
    }
}

/// Builds a [`SharedConfig`]; every setting has the clients' default unless set.
#[derive(Default, Clone)]
#[must_use]
pub struct SharedConfigBuilder {
    secret_key: Option<SecretKey>,
    base_url: Option<String>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
    on_response: Option<ResponseHook>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for SharedConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedConfigBuilder")
            .field("secret_key", &self.secret_key)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl SharedConfigBuilder {
    /// The secret key of every client's main API.
    pub fn secret_key(mut self, secret_key: impl Into<SecretKey>) -> Self {
        self.secret_key = Some(secret_key.into());
        self
    }

    /// Where every client sends requests instead of its spec's base URL.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The `User-Agent` header of every client.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// How long a whole request may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long connecting may take (for the HTTP client made here).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest response body a call reads.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// How failed calls are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Called with the operation, status and headers of every response of every client.
    pub fn on_response(mut self, hook: impl Fn(&ResponseInfo<'_>) + Send + Sync + 'static) -> Self {
        self.on_response = Some(Arc::new(hook));
        self
    }

    /// Sends through this `reqwest::Client` (its pool, proxy and TLS settings) instead of
    /// one made here.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the configuration, with its one HTTP client.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] if the HTTP client cannot be created.
    pub fn build(self) -> Result<SharedConfig, ConfigError> {
        let http = match self.http {
            Some(http) => http,
            None => new_http_client(self.connect_timeout).map_err(ConfigError)?,
        };
        Ok(SharedConfig {
            secret_key: self.secret_key,
            base_url: self.base_url,
            user_agent: self.user_agent,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            on_response: self.on_response,
            http,
        })
    }
}

/// A shared configuration could not be built. Every generated crate's `Error` converts
/// from it (as its `Config` variant), so `?` works in code that returns either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub(crate) String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.0
    }
}
