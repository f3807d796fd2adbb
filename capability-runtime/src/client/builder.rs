//! The client builder: configuration (secrets, base URLs, timeouts, retries, hooks, an HTTP
//! client of the caller's), checked once in `build`, where the HTTP client is made with
//! this crate's TLS choice and redirect policy.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::shared::SharedConfig;
use super::{
    Api, Client, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Inner,
    MAX_REDIRECTS, ResponseHook, ResponseInfo, Telemetry,
};
use crate::auth::{Credential, Scheme};
use crate::error::Failure;
use crate::oauth2::TokenCache;
use crate::{RetryPolicy, SecretKey};

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

    /// Takes every setting `shared` has (see [`SharedConfig`]): its HTTP client always, so
    /// clients built from one configuration share one connection pool.
    pub fn config(mut self, shared: &SharedConfig) -> Self {
        if let Some(secret) = &shared.secret_key {
            self.credentials
                .push((0, Credential::Secret(secret.clone())));
        }
        self.base_url = shared.base_url.clone().or(self.base_url);
        self.user_agent = shared.user_agent.clone().or(self.user_agent);
        self.timeout = shared.timeout.or(self.timeout);
        self.max_response_bytes = shared.max_response_bytes.or(self.max_response_bytes);
        self.retry = shared.retry.or(self.retry);
        self.on_response = shared.on_response.clone().or(self.on_response);
        self.http = Some(shared.http.clone());
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
        let credentials = checked_credentials(api, self.credentials)?;
        let base_urls = base_urls(api, self.base_url, self.api_base_urls)?;
        let http = match self.http {
            Some(http) => http,
            None => new_http_client(self.connect_timeout).map_err(Failure::Config)?,
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

/// The HTTP client a builder makes when given none: this crate's TLS choice, the connect
/// timeout, and redirects only to the same origin.
pub(super) fn new_http_client(
    connect_timeout: Option<Duration>,
) -> Result<reqwest::Client, String> {
    ensure_crypto_provider();
    reqwest::Client::builder()
        .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
        .redirect(same_origin_redirects())
        .build()
        .map_err(|e| format!("cannot create the HTTP client: {e}"))
}

/// One credential slot per consumed API, each checked against the API's scheme; a secret
/// that goes in a header must be one a header can carry.
fn checked_credentials(
    api: &Api,
    given: Vec<(usize, Credential)>,
) -> Result<Vec<Option<Credential>>, Failure> {
    let mut credentials: Vec<Option<Credential>> = vec![None; api.auth.len().max(1)];
    for (index, credential) in given {
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
    Ok(credentials)
}

/// Each consumed API's base URL: the spec's, or the one set for the main API or by
/// namespace; without a trailing slash, and an absolute `http(s)` URL when set.
fn base_urls(
    api: &Api,
    main: Option<String>,
    by_namespace: Vec<(String, String)>,
) -> Result<Vec<String>, Failure> {
    let mut base_urls: Vec<String> = api.base_urls.iter().map(|url| (*url).to_owned()).collect();
    if let Some(url) = main {
        match base_urls.first_mut() {
            Some(main) => *main = url,
            None => base_urls.push(url),
        }
    }
    for (namespace, url) in by_namespace {
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
    Ok(base_urls)
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
