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
use serde::de::DeserializeOwned;

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

/// Reads a response body, stopping as soon as it passes `limit` bytes: a body announced
/// as larger is not read at all, and one that grows past the limit is dropped (closing the
/// connection) without being held.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Bytes, AttemptError> {
    let status = response.status();
    let declared = response.content_length();
    if let Some(length) = declared.filter(|length| *length > limit) {
        return Err(AttemptError::TooLarge {
            status,
            read: 0,
            declared: Some(length),
        });
    }
    // The common case is one chunk: it is returned as it is, without a copy.
    let mut first: Option<Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    let mut read: u64 = 0;
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(source) => {
                return Err(AttemptError::Cut {
                    status,
                    received: collected(joined, first),
                    source,
                });
            }
        };
        read = read.saturating_add(chunk.len() as u64);
        if read > limit {
            return Err(AttemptError::TooLarge {
                status,
                read,
                declared,
            });
        }
        match (&mut joined, first.take()) {
            (Some(joined), _) => {
                grow_within(joined, chunk.len(), limit);
                joined.extend_from_slice(&chunk);
            }
            (None, None) => first = Some(chunk),
            (None, Some(previous)) => {
                let mut buffer = Vec::new();
                // An announced length is the exact size (it is within the limit).
                let expected = declared.map_or(read, |length| length.max(read));
                buffer.reserve_exact(usize::try_from(expected).unwrap_or(usize::MAX));
                buffer.extend_from_slice(&previous);
                buffer.extend_from_slice(&chunk);
                joined = Some(buffer);
            }
        }
    }
    Ok(collected(joined, first))
}

/// What `read_body` gathered: the joined chunks, the only chunk, or nothing.
fn collected(joined: Option<Vec<u8>>, first: Option<Bytes>) -> Bytes {
    match (joined, first) {
        (Some(joined), _) => Bytes::from(joined),
        (None, Some(first)) => first,
        (None, None) => Bytes::new(),
    }
}

/// Makes room for `more` bytes, doubling as a `Vec` would but never past `limit`: the
/// buffer of a body that ends at the limit is the limit, not twice it.
fn grow_within(buffer: &mut Vec<u8>, more: usize, limit: u64) {
    let needed = buffer.len().saturating_add(more);
    if needed <= buffer.capacity() {
        return;
    }
    let ceiling = usize::try_from(limit).unwrap_or(usize::MAX).max(needed);
    let doubled = buffer.capacity().saturating_mul(2);
    // Near the limit, go straight to it: one more small step would briefly need the whole
    // buffer twice.
    let target = if doubled.saturating_mul(2) > ceiling {
        ceiling
    } else {
        doubled.max(needed)
    };
    buffer.reserve_exact(target - buffer.len());
}

/// Decodes a success body as `T` (an empty body as JSON `null`); a body that does not fit
/// is [`Failure::Decode`], naming the JSON path of the field.
pub fn decode<T: DeserializeOwned>(
    operation: &'static str,
    status: StatusCode,
    body: Bytes,
) -> Result<T, Failure> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &body
    };
    // The common case pays for nothing but decoding; only a failure is decoded again with
    // path tracking, to name the field.
    if let Ok(value) = serde_json::from_slice(text) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        // Say what the body was when it is plainly not the JSON the API sends.
        let kind = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty; "
        } else if body.trim_ascii_start().starts_with(b"<") {
            "the body is HTML, not JSON (a proxy's or server's error page?); "
        } else if std::str::from_utf8(&body).is_err() {
            "the body is not valid UTF-8; "
        } else {
            ""
        };
        Failure::Decode {
            operation,
            status,
            path: error.path().to_string(),
            message: format!("{kind}{}", error.inner()),
            body,
        }
    })
}

/// A success body as text (for operations whose responses are not JSON).
pub fn text(operation: &'static str, status: StatusCode, body: Bytes) -> Result<String, Failure> {
    String::from_utf8(body.to_vec()).map_err(|error| Failure::Decode {
        operation,
        status,
        path: String::new(),
        message: format!("the body is not UTF-8 text: {error}"),
        body,
    })
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

/// Settings for a [`Client`]; every one but the API has a default. The generated crate's
/// builder documents each setting.
#[doc(hidden)]
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    api: &'static Api,
    default_user_agent: &'static str,
    telemetry: Telemetry,
    /// `(API index, credential)`; a later one for the same API wins.
    credentials: Vec<(usize, Credential)>,
    base_url: Option<String>,
    api_base_urls: Vec<(String, String)>,
    token_urls: Vec<(usize, String)>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    retry: Option<RetryPolicy>,
    on_response: Option<ResponseHook>,
}

impl ClientBuilder {
    /// A builder for a client of `api`, sending `default_user_agent` unless told otherwise
    /// and reporting attempts to `telemetry`.
    pub fn new(api: &'static Api, default_user_agent: &'static str, telemetry: Telemetry) -> Self {
        Self {
            api,
            default_user_agent,
            telemetry,
            credentials: Vec::new(),
            base_url: None,
            api_base_urls: Vec::new(),
            token_urls: Vec::new(),
            user_agent: None,
            http: None,
            timeout: None,
            connect_timeout: None,
            max_response_bytes: None,
            retry: None,
            on_response: None,
        }
    }

    /// A client with the secret(s) read from the environment variables the capability
    /// binds, the base URL from its base-URL variable when that is set, and every other
    /// setting as configured here.
    pub fn from_env(mut self) -> Result<Client, Failure> {
        let api = self.api;
        if let Some(url) = api
            .base_url_env_var
            .and_then(|variable| std::env::var(variable).ok())
            .filter(|url| !url.trim().is_empty())
        {
            self = self.base_url(url);
        }
        let read = |variable: &str| {
            std::env::var(variable)
                .ok()
                .filter(|value| !value.trim().is_empty())
                .ok_or_else(|| {
                    Failure::Config(format!("environment variable {variable} is not set"))
                })
        };
        for (index, auth) in api.auth.iter().enumerate() {
            let Some(variable) = auth.secret_env else {
                continue;
            };
            let secret = SecretKey::new(read(variable)?);
            let credential = match (auth.scheme, auth.username_env) {
                (Scheme::None, _) => continue,
                (Scheme::Basic, Some(username)) => Credential::Basic {
                    username: read(username)?,
                    password: secret,
                },
                _ => Credential::Secret(secret),
            };
            self = self.credential(index, credential);
        }
        self.build()
    }

    /// The secret of the main API.
    pub fn secret_key(self, secret_key: impl Into<SecretKey>) -> Self {
        self.credential(0, Credential::Secret(secret_key.into()))
    }

    /// The credentials of one consumed API; generated builder methods name them.
    pub fn credential(mut self, api: usize, credential: Credential) -> Self {
        self.credentials.push((api, credential));
        self
    }

    /// Another token endpoint for an OAuth 2 API (a staging or test server).
    pub fn token_url(mut self, api: usize, url: String) -> Self {
        self.token_urls.push((api, url));
        self
    }

    /// Where to send requests instead of the spec's base URL (a proxy, a mock server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Where to send requests of another consumed API than the main one, named by its
    /// namespace in the spec. Unknown namespaces are reported by [`build`](Self::build).
    pub fn api_base_url(
        mut self,
        namespace: impl Into<String>,
        base_url: impl Into<String>,
    ) -> Self {
        self.api_base_urls.push((namespace.into(), base_url.into()));
        self
    }

    /// The `User-Agent` header; defaults to this crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends through this `reqwest::Client` (its pool, proxy and TLS settings).
    /// The connect timeout set here then does not apply; the request timeout still does.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How long a whole request may take; default [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body a call reads; default [`DEFAULT_MAX_RESPONSE_BYTES`]
    /// (32 MiB). A larger body fails with [`Failure::ResponseTooLarge`] as soon as it passes
    /// the limit (or at once, when its `Content-Length` says so), so a runaway response
    /// cannot exhaust memory. Calls can override it with their own `max_response_bytes`.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// How long connecting may take; default [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed GET, PUT and DELETE calls are retried; default [`RetryPolicy::default`].
    /// Use [`RetryPolicy::none`] to send every request once. POST and PATCH calls are sent
    /// once unless the call sets its own policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Calls `hook` with the operation, status and headers of every response.
    pub fn on_response(mut self, hook: impl Fn(&ResponseInfo<'_>) + Send + Sync + 'static) -> Self {
        self.on_response = Some(Arc::new(hook));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Failure::Config`] if an API needs credentials and none (or the wrong kind) were
    /// given, if a base URL is not an absolute `http(s)` URL, or if the HTTP client cannot
    /// be created.
    pub fn build(self) -> Result<Client, Failure> {
        let api = self.api;
        let mut credentials: Vec<Option<Credential>> = vec![None; api.auth.len().max(1)];
        for (index, credential) in self.credentials {
            if let Some(slot) = credentials.get_mut(index) {
                *slot = Some(credential);
            }
        }
        for (index, auth) in api.auth.iter().enumerate() {
            let namespace = api.namespaces.get(index).copied().unwrap_or("main");
            let credential = credentials.get(index).and_then(Option::as_ref);
            auth.check(namespace, index == 0, credential)
                .map_err(Failure::Config)?;
            if let (Some(Credential::Secret(secret)), false) = (credential, auth.secret_in_url()) {
                reqwest::header::HeaderValue::from_str(secret.expose()).map_err(|_| {
                    Failure::Config(format!(
                        "the `{namespace}` API's secret holds characters a header cannot carry"
                    ))
                })?;
            }
        }
        let mut base_urls: Vec<String> =
            api.base_urls.iter().map(|url| (*url).to_owned()).collect();
        if let Some(url) = self.base_url {
            match base_urls.first_mut() {
                Some(main) => *main = url,
                None => base_urls.push(url),
            }
        }
        for (namespace, url) in self.api_base_urls {
            let index = api
                .namespaces
                .iter()
                .position(|known| *known == namespace)
                .ok_or_else(|| {
                    Failure::Config(format!(
                        "no consumed API is called `{namespace}` (known: {})",
                        api.namespaces.join(", ")
                    ))
                })?;
            if let Some(slot) = base_urls.get_mut(index) {
                *slot = url;
            }
        }
        for url in &mut base_urls {
            *url = url.trim_end_matches('/').to_owned();
            if url.is_empty() {
                // Reported when a call needs it: the spec may leave an unused API without one.
                continue;
            }
            match Url::parse(url) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
                Ok(_) | Err(_) => {
                    return Err(Failure::Config(format!(
                        "base URL {url:?} is not an absolute http(s) URL"
                    )));
                }
            }
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                ensure_crypto_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .redirect(same_origin_redirects())
                    .build()
                    .map_err(|e| Failure::Config(format!("cannot create the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api,
                telemetry: self.telemetry,
                tokens: credentials.iter().map(|_| TokenCache::default()).collect(),
                token_urls: self.token_urls,
                base_urls,
                credentials,
                user_agent: self
                    .user_agent
                    .unwrap_or_else(|| self.default_user_agent.to_owned()),
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                retry: self.retry.unwrap_or_default(),
                on_response: self.on_response,
            }),
        })
    }
}

/// With `rustls-ring` alone, reqwest's rustls has no crypto of its own and needs a
/// process-wide provider. If the application installed one, it is used; otherwise ring's
/// is installed (losing a race to another installer is fine: a provider is then in place
/// either way). With `rustls`, reqwest brings aws-lc-rs itself (still preferring a provider
/// the application installed), so nothing is installed and the process default is left to
/// the application.
pub(crate) fn ensure_crypto_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // ring has no post-quantum key exchange, which is why rustls deprecates this call;
        // `rustls-ring` is the feature a user picks knowing that (docs/decisions/0021).
        #[expect(deprecated, reason = "ring is the user's explicit choice of provider")]
        let provider = rustls::crypto::ring::default_provider();
        let _ = provider.install_default();
    }
}

/// Follows a redirect only to the same scheme, host and port, at most [`MAX_REDIRECTS`]
/// times. A redirect elsewhere is not followed: the 3xx answer is returned as
/// [`Failure::Api`], so credentials never travel to a host they were not meant for
/// (docs/decisions/0018).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let origin = |url: &Url| {
            (
                url.scheme().to_owned(),
                url.host_str().map(str::to_owned),
                url.port_or_known_default(),
            )
        };
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| origin(first) == origin(attempt.url()));
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("api_base_urls", &self.api_base_urls)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("on_response", &self.on_response.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static API: Api = Api {
        base_urls: &["https://api.example.com/v1"],
        namespaces: &["example"],
        auth: &[ApiAuth {
            scheme: Scheme::Bearer,
            secret_env: Some("EXAMPLE_SECRET_KEY"),
            username_env: None,
            setter: "secret_key(...)",
        }],
        base_url_env_var: None,
    };

    fn builder() -> ClientBuilder {
        let silent = Telemetry {
            attempt_finished: |_, _, _| {},
            retrying: |_, _| {},
        };
        ClientBuilder::new(&API, "example/0.1.0", silent)
    }

    #[test]
    fn debug_output_never_contains_the_secret() {
        let builder = builder().secret_key("sk_test_super_secret");
        assert!(!format!("{builder:?}").contains("super_secret"));
        let client = builder.build().expect("valid configuration");
        let shown = format!("{client:?}");
        assert!(!shown.contains("super_secret"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }

    #[test]
    fn refuses_a_missing_secret_and_a_bad_base_url() {
        let error = builder().build().expect_err("no secret");
        let Failure::Config(message) = error else {
            panic!("a configuration error: {error:?}");
        };
        assert!(message.contains("`.secret_key(...)`"), "{message}");
        let error = builder()
            .secret_key("sk")
            .base_url("ftp://x")
            .build()
            .expect_err("bad scheme");
        assert!(matches!(error, Failure::Config(_)));
    }

    #[test]
    fn a_secret_no_header_can_carry_is_refused_before_any_request() {
        let error = builder()
            .secret_key("sk_test_\nInjected: yes")
            .build()
            .expect_err("a newline cannot be sent in a header");
        let Failure::Config(message) = error else {
            panic!("a configuration error: {error:?}");
        };
        assert!(message.contains("cannot carry"), "{message}");
        assert!(
            !message.contains("Injected"),
            "the secret stays out: {message}"
        );
    }

    #[test]
    fn trailing_slashes_on_the_base_url_are_dropped() {
        let client = builder()
            .secret_key("sk")
            .base_url("http://127.0.0.1:9/v1/")
            .build()
            .expect("valid configuration");
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v1");
        let shown = format!("{client:?}");
        assert!(
            shown.contains("example/0.1.0"),
            "the default user agent: {shown}"
        );
    }

    #[test]
    fn decoding_names_the_field_and_says_what_the_body_was() {
        let failure = decode::<Vec<u32>>(
            "ListThings",
            StatusCode::OK,
            Bytes::from_static(b"[1, \"two\"]"),
        )
        .expect_err("a string is not a number");
        let Failure::Decode { path, .. } = &failure else {
            panic!("a decode failure: {failure:?}");
        };
        assert_eq!(path, "[1]");
        let failure = decode::<Vec<u32>>(
            "ListThings",
            StatusCode::OK,
            Bytes::from_static(b"<html></html>"),
        )
        .expect_err("HTML is not JSON");
        let Failure::Decode { message, .. } = &failure else {
            panic!("a decode failure: {failure:?}");
        };
        assert!(message.starts_with("the body is HTML"), "{message}");
        let empty: Option<u32> =
            decode("DeleteThing", StatusCode::NO_CONTENT, Bytes::new()).expect("empty is null");
        assert_eq!(empty, None);
    }

    /// The TLS stack is configured at build time: with `rustls-ring`, a crypto provider
    /// must be in place or reqwest panics. An HTTPS call to a closed port must be
    /// a plain transport error.
    #[tokio::test]
    async fn https_clients_build_and_fail_cleanly_without_a_server() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = closed.local_addr().expect("address").port();
        drop(closed);
        let client = builder()
            .secret_key("sk_test_tls")
            .base_url(format!("https://127.0.0.1:{port}"))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("an HTTPS client builds");
        let request = Request::new("GetThing", Method::GET, "/things");
        let error = client
            .execute_raw(request)
            .await
            .expect_err("nothing listens");
        assert!(
            matches!(error, Failure::Transport { attempts: 1, .. }),
            "{error:?}"
        );
    }
}
