//! The client: configuration, authentication, and sending one request.
//!
//! Generated crates wrap [`Client`] and [`ClientBuilder`] in types of their own with
//! [`define_client!`](crate::define_client) (their operations are inherent methods of
//! those), and describe their API with an [`Api`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, USER_AGENT};
use reqwest::{Method, StatusCode, Url};

use crate::auth::{ApiAuth, Credential, Scheme};
pub use crate::define_client;
use crate::error::ApiError;
pub use crate::error::{Failure, write_body_summary};
use crate::oauth2::{TokenCache, TokenRequest};
use crate::request::{Body, Request};
use crate::retry::{Attempt, Jitter, Verdict, classify};
use crate::{RetryPolicy, SecretKey};

/// How long a whole request may take unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body read unless configured otherwise: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// How many same-origin redirects a client follows (other redirects are not followed).
const MAX_REDIRECTS: usize = 5;

/// What a generated crate knows of the API(s) it calls, from its capability: one entry per
/// consumed API in each list, the main one first.
#[doc(hidden)]
#[derive(Debug)]
pub struct Api {
    /// Each API's base URL (empty when the capability gives none).
    pub base_urls: &'static [&'static str],
    /// Each API's namespace, as the capability names it.
    pub namespaces: &'static [&'static str],
    /// How each API authenticates.
    pub auth: &'static [ApiAuth],
    /// The environment variable `from_env` reads a base URL from, if any.
    pub base_url_env_var: Option<&'static str>,
}

/// How a client reports its attempts. The functions live in the generated crate
/// ([`define_client!`](crate::define_client) writes them), so its `tracing` events carry
/// that crate's name as their target and follow its `tracing` feature.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Telemetry {
    /// One attempt ended: its number, status (none on a transport error) and duration.
    pub attempt_finished: fn(u32, Option<u16>, Duration),
    /// The client waits this long before the next attempt.
    pub retrying: fn(u32, Duration),
}

/// An async client for the API. Cheap to clone: clones share one connection pool.
#[doc(hidden)]
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    api: &'static Api,
    telemetry: Telemetry,
    /// One per consumed API, the main one first.
    base_urls: Vec<String>,
    /// One per consumed API, parallel to `base_urls`: each API's credentials go to it alone.
    credentials: Vec<Option<Credential>>,
    /// One per consumed API: access tokens of OAuth 2 APIs.
    tokens: Vec<TokenCache>,
    /// Token endpoints set on the builder instead of the spec's, by API index.
    token_urls: Vec<(usize, String)>,
    user_agent: String,
    timeout: Duration,
    max_response_bytes: u64,
    retry: RetryPolicy,
    on_response: Option<ResponseHook>,
}

/// How one attempt ended without a complete response.
enum AttemptError {
    /// No response: no connection, a connection closed or reset before the status line, a
    /// time-out before the status line, or a redirect error.
    NoResponse(reqwest::Error),
    /// A response whose body broke off (or timed out) before it was complete.
    Cut {
        status: StatusCode,
        received: Bytes,
        source: reqwest::Error,
    },
    /// A response whose body is larger than the limit.
    TooLarge {
        status: StatusCode,
        read: u64,
        declared: Option<u64>,
    },
}

// A client is shared across tasks and threads; keep it that way.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<ClientBuilder>();
};

/// A callback that sees every response's operation, status and headers.
type ResponseHook = Arc<dyn Fn(&ResponseInfo<'_>) + Send + Sync>;

/// What a client builder's `on_response` callbacks see of each response.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The operation, e.g. `GetUser`.
    pub operation: &'static str,
    /// The response status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: &'a reqwest::header::HeaderMap,
}

impl Client {
    /// The URL requests are sent below, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.inner.base_urls.first().map_or("", String::as_str)
    }

    /// Sends one call (with retries where its policy allows) and returns a success's status
    /// and undecoded body; a non-success status is [`Failure::Api`].
    pub async fn execute_raw(&self, request: Request) -> Result<(StatusCode, Bytes), Failure> {
        let operation = request.operation;
        let (status, headers, body, attempts) = self.send_with_retries(request).await?;
        if !status.is_success() {
            let mut error = ApiError::new(operation, status, headers, body);
            error.attempts = attempts;
            return Err(Failure::Api(Box::new(error)));
        }
        Ok((status, body))
    }

    /// The retry policy of a call: its own, else the client's for idempotent methods.
    fn policy_for(&self, request: &Request) -> RetryPolicy {
        request.options.retry().unwrap_or_else(|| {
            let idempotent = matches!(
                request.method,
                Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
            );
            if idempotent {
                self.inner.retry
            } else {
                RetryPolicy::none()
            }
        })
    }

    async fn send_with_retries(
        &self,
        mut request: Request,
    ) -> Result<(StatusCode, HeaderMap, Bytes, u32), Failure> {
        let url = self.url(&request)?;
        let policy = self.policy_for(&request);
        let repeatable = request.body.is_repeatable();
        let started = Instant::now();
        // An OAuth 2 API's token, fetched (or taken from the cache) once per call.
        let token = self.access_token(&request).await?;
        let mut jitter = Jitter::new();
        let mut attempt = 1;
        loop {
            let body = request.body.for_attempt();
            let attempt_started = Instant::now();
            let result = self
                .send_once(&request, url.clone(), body, token.as_ref())
                .await;
            let status = match &result {
                Ok((status, _, _)) => Some(status.as_u16()),
                Err(AttemptError::Cut { status, .. } | AttemptError::TooLarge { status, .. }) => {
                    Some(status.as_u16())
                }
                Err(AttemptError::NoResponse(_)) => None,
            };
            (self.inner.telemetry.attempt_finished)(attempt, status, attempt_started.elapsed());

            let now = SystemTime::now();
            let verdict = match &result {
                Ok((status, headers, _)) => classify(&Attempt::Answered(*status, headers), now),
                Err(AttemptError::NoResponse(error)) => classify(&Attempt::Failed(error), now),
                Err(AttemptError::Cut { source, .. }) if source.is_timeout() => {
                    classify(&Attempt::Failed(source), now)
                }
                Err(AttemptError::Cut { .. }) => classify(&Attempt::Cut, now),
                // The same body would be just as large next time.
                Err(AttemptError::TooLarge { .. }) => Verdict::Final,
            };
            if let Verdict::Retry { retry_after } = verdict {
                let delay = repeatable
                    .then(|| policy.delay(attempt, started.elapsed(), retry_after, &mut jitter))
                    .flatten();
                if let Some(delay) = delay {
                    (self.inner.telemetry.retrying)(attempt, delay);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
            }
            return match result {
                Ok((status, headers, body)) => Ok((status, headers, body, attempt)),
                Err(error) => Err(self.attempt_error(&request, attempt, error)),
            };
        }
    }

    /// The access token for `request`'s API, when that API uses OAuth 2.
    async fn access_token(&self, request: &Request) -> Result<Option<SecretKey>, Failure> {
        let Some(auth) = self.inner.api.auth.get(request.api) else {
            return Ok(None);
        };
        let Scheme::OAuth2 {
            token_url,
            scopes,
            audience,
        } = auth.scheme
        else {
            return Ok(None);
        };
        let (
            Some(Credential::OAuth2Client {
                client_id,
                client_secret,
            }),
            Some(cache),
        ) = (
            self.credential(request.api),
            self.inner.tokens.get(request.api),
        )
        else {
            // `build` refuses an OAuth 2 API without client credentials.
            return Ok(None);
        };
        let token_url = self
            .inner
            .token_urls
            .iter()
            .rev()
            .find(|(api, _)| *api == request.api)
            .map_or(token_url, |(_, url)| url.as_str());
        let token_request = TokenRequest {
            operation: request.operation,
            token_url,
            scopes,
            audience,
            client_id,
            client_secret,
            timeout: request.options.timeout().unwrap_or(self.inner.timeout),
        };
        cache
            .token(&self.inner.http, &token_request)
            .await
            .map(Some)
            .map_err(Failure::from)
    }

    /// The caller's error for an attempt that ended without a complete response.
    fn attempt_error(&self, request: &Request, attempts: u32, error: AttemptError) -> Failure {
        // reqwest shows the URL in its errors; a URL holding an API key must not be.
        let secret_in_url = self
            .inner
            .api
            .auth
            .get(request.api)
            .is_some_and(|auth| auth.secret_in_url());
        let scrub = |error: reqwest::Error| {
            if secret_in_url {
                error.without_url()
            } else {
                error
            }
        };
        let operation = request.operation;
        match error {
            AttemptError::NoResponse(source) => {
                Failure::transport(operation, attempts, scrub(source))
            }
            AttemptError::Cut { source, .. } if source.is_timeout() => {
                Failure::transport(operation, attempts, scrub(source))
            }
            AttemptError::Cut {
                status,
                received,
                source,
            } => Failure::BodyInterrupted {
                operation,
                status,
                attempts,
                received,
                source: scrub(source),
            },
            AttemptError::TooLarge {
                status,
                read,
                declared,
            } => Failure::ResponseTooLarge {
                operation,
                status,
                limit: self.body_limit(request),
                read,
                declared,
            },
        }
    }

    fn body_limit(&self, request: &Request) -> u64 {
        request
            .options
            .max_response_bytes()
            .unwrap_or(self.inner.max_response_bytes)
    }

    /// One attempt: the answer's status, headers and body, or how it failed.
    async fn send_once(
        &self,
        request: &Request,
        url: Url,
        body: Body,
        token: Option<&SecretKey>,
    ) -> Result<(StatusCode, HeaderMap, Bytes), AttemptError> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .timeout(request.options.timeout().unwrap_or(self.inner.timeout))
            .header(USER_AGENT, &self.inner.user_agent);
        if let Some(auth) = self.inner.api.auth.get(request.api) {
            let credential = self.credential(request.api);
            builder = auth.apply(credential, builder);
        }
        if let Some(token) = token {
            // `bearer_auth` marks the header sensitive.
            builder = builder.bearer_auth(token.expose());
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if !request.cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, request.cookies.join("; "));
        }
        builder = match body {
            Body::None => builder,
            Body::Json(bytes) => builder.header(CONTENT_TYPE, "application/json").body(bytes),
            Body::Text { content_type, text } => {
                builder.header(CONTENT_TYPE, content_type).body(text)
            }
            Body::Multipart(form) => builder.multipart(form.into_inner()),
        };
        let response = builder.send().await.map_err(AttemptError::NoResponse)?;
        let status = response.status();
        // Headers matter for errors, retries and hooks; a plain success does not copy them.
        let headers = if status.is_success() && self.inner.on_response.is_none() {
            HeaderMap::new()
        } else {
            response.headers().clone()
        };
        if let Some(hook) = &self.inner.on_response {
            hook(&ResponseInfo {
                operation: request.operation,
                status,
                headers: &headers,
            });
        }
        let body = read_body(response, self.body_limit(request)).await?;
        Ok((status, headers, body))
    }

    fn url(&self, request: &Request) -> Result<Url, Failure> {
        let base = self
            .inner
            .base_urls
            .get(request.api)
            .filter(|base| !base.is_empty())
            .ok_or_else(|| {
                let namespace = self.inner.api.namespaces.get(request.api).copied().unwrap_or("?");
                Failure::Config(format!(
                    "no base URL for the `{namespace}` API: the spec has none, so set one with the client builder"
                ))
            })?;
        let mut url = Url::parse(&format!("{base}{}", request.path))
            .map_err(|e| Failure::Config(format!("invalid request URL: {e}")))?;
        let key = self
            .inner
            .api
            .auth
            .get(request.api)
            .and_then(|auth| auth.query_pair(self.credential(request.api)));
        if !request.query.is_empty() || key.is_some() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())))
                .extend_pairs(key);
        }
        Ok(url)
    }

    fn credential(&self, api: usize) -> Option<&Credential> {
        self.inner.credentials.get(api).and_then(Option::as_ref)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_urls", &self.inner.base_urls)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("retry", &self.inner.retry)
            .field("on_response", &self.inner.on_response.is_some())
            .finish_non_exhaustive()
    }
}

mod body;
mod builder;
mod shared;
#[cfg(test)]
mod tests;

use body::read_body;
pub use body::{decode, text};
pub use builder::ClientBuilder;
#[cfg(test)]
pub(crate) use builder::ensure_crypto_provider;
pub use shared::{ConfigError, SharedConfig, SharedConfigBuilder};
