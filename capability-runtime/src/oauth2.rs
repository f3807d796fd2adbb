//! OAuth 2 client credentials (RFC 6749 section 4.4): an access token fetched from the
//! authorization server with the client's id and secret, cached per API, and fetched
//! again a little before it expires. Concurrent calls share one fetch.

use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::SecretKey;

/// Tokens are renewed this long before they expire, so none expires in flight.
const RENEW_BEFORE: Duration = Duration::from_secs(60);
/// How long a token without `expires_in` is used before asking again.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// No access token could be had: the token endpoint refused the client, failed, or
/// answered something that is not a token. Never holds the client secret. Generated
/// crates turn it into their `Error::Authentication`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenFailure {
    /// The operation that needed the token, e.g. `GetUser`.
    pub operation: &'static str,
    /// What went wrong.
    pub reason: String,
}

impl std::fmt::Display for TokenFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: could not get an access token: {}",
            self.operation, self.reason
        )
    }
}

impl std::error::Error for TokenFailure {}

/// What a client needs to ask for a token.
pub struct TokenRequest<'a> {
    pub operation: &'static str,
    pub token_url: &'a str,
    pub scopes: &'static str,
    pub audience: Option<&'static str>,
    pub client_id: &'a str,
    pub client_secret: &'a SecretKey,
    pub timeout: Duration,
}

/// One API's cached token.
#[derive(Default)]
pub struct TokenCache(tokio::sync::Mutex<Option<Cached>>);

struct Cached {
    token: SecretKey,
    renew_at: Instant,
}

impl TokenCache {
    /// The cached token, or a fresh one when there is none or it is about to expire.
    pub async fn token(
        &self,
        http: &reqwest::Client,
        request: &TokenRequest<'_>,
    ) -> Result<SecretKey, TokenFailure> {
        // Holding the lock while fetching makes concurrent callers wait for one fetch.
        let mut cached = self.0.lock().await;
        if let Some(token) = cached.as_ref().filter(|c| c.renew_at > Instant::now()) {
            return Ok(token.token.clone());
        }
        let fresh = fetch(http, request).await?;
        let token = fresh.token.clone();
        *cached = Some(fresh);
        Ok(token)
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
}

async fn fetch(http: &reqwest::Client, request: &TokenRequest<'_>) -> Result<Cached, TokenFailure> {
    let failed = |reason: String| TokenFailure {
        operation: request.operation,
        reason,
    };
    let mut form = vec![("grant_type", "client_credentials")];
    if !request.scopes.is_empty() {
        form.push(("scope", request.scopes));
    }
    if let Some(audience) = request.audience {
        form.push(("audience", audience));
    }
    let body = crate::request::form_text(&form);
    let started = Instant::now();
    let response = http
        .post(request.token_url)
        .timeout(request.timeout)
        // RFC 6749 2.3.1: the client authenticates with HTTP Basic.
        .basic_auth(request.client_id, Some(request.client_secret.expose()))
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|error| {
            failed(format!(
                "the token endpoint could not be reached: {}",
                error.without_url()
            ))
        })?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|error| {
        failed(format!(
            "the token response broke off: {}",
            error.without_url()
        ))
    })?;
    if !status.is_success() {
        // Only the standard error fields: the body may echo what was sent.
        let detail: TokenError = serde_json::from_slice(&bytes).unwrap_or_default();
        return Err(failed(format!(
            "the token endpoint answered HTTP {status}{}{}",
            detail.error.map(|e| format!(": {e}")).unwrap_or_default(),
            detail
                .error_description
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        )));
    }
    let token: TokenResponse = serde_json::from_slice(&bytes)
        .map_err(|error| failed(format!("the token response is not a token: {error}")))?;
    let lifetime = token
        .expires_in
        .map_or(DEFAULT_LIFETIME, Duration::from_secs);
    // Renew a minute early, or halfway through a token that lives less than two minutes.
    let early = RENEW_BEFORE.min(lifetime / 2);
    Ok(Cached {
        token: SecretKey::new(token.access_token),
        renew_at: started + lifetime.saturating_sub(early),
    })
}
