//! Verifying a session token: its shape, its algorithm (RS256 only), its key, its
//! signature, its times (with a clock-skew allowance), its issuer, authorized party,
//! audience and session status; and finding the token in a request's headers.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap};
use serde_json::{Map, Value};

use crate::cache::{CacheOptions, JwksCache};
use crate::claims::{Claims, SessionStatus};
use crate::keys::pem_key;
use crate::verify_error::VerifyError;

/// The default clock-skew allowance, as in Clerk's own SDKs.
pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(5);

/// The longest token accepted; Clerk's are about 1 KB, custom templates a few.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// The longest a request waits for the key set (one attempt; the cache retries later).
const JWKS_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The cookie Clerk's frontend keeps the session token in.
const SESSION_COOKIE: &str = "__session";

/// Verifies Clerk session tokens. Cheap to clone: clones share the key cache.
///
/// ```no_run
/// # async fn demo(headers: &reqwest::header::HeaderMap) -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = clerk_auth::Verifier::builder()
///     .jwt_key(std::env::var("CLERK_JWT_KEY")?) // networkless; or `.secret_key(...)` for the JWKS
///     .authorized_parties(["https://app.example.com"])
///     .build()?;
/// let claims = verifier.authenticate(headers).await?;
/// println!("signed in: {} (session {:?})", claims.user_id, claims.session_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    keys: Keys,
    checks: Checks,
    /// What `jsonwebtoken` checks: the RS256 signature only (times and claims are ours).
    validation: Validation,
}

/// Where keys come from.
enum Keys {
    /// One PEM public key: no network at all.
    Pem(DecodingKey),
    /// The instance's key set, fetched and cached.
    Jwks(JwksCache),
}

/// The claim checks beyond the signature.
#[derive(Debug, Clone)]
struct Checks {
    clock_skew: Duration,
    authorized_parties: Vec<String>,
    audiences: Vec<String>,
    issuer: Option<String>,
    allow_pending: bool,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = match &self.inner.keys {
            Keys::Pem(_) => "PEM public key",
            Keys::Jwks(_) => "JWKS through the Backend API",
        };
        f.debug_struct("Verifier")
            .field("keys", &keys)
            .field("checks", &self.inner.checks)
            .finish()
    }
}

/// How the verifier could not be configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither a PEM key (`jwt_key`, `CLERK_JWT_KEY`) nor a way to fetch the key set
    /// (`secret_key`, `client`, `CLERK_SECRET_KEY`) was given.
    #[error(
        "no key source: set a PEM public key (CLERK_JWT_KEY) or a secret key (CLERK_SECRET_KEY) to fetch the JWKS"
    )]
    NoKeySource,
    /// The PEM key is not an RSA public key.
    #[error("the JWT key is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----)")]
    BadPemKey,
    /// The Backend API client for the key set could not be built.
    #[error("the Backend API client cannot be built: {0}")]
    Client(String),
}

/// Configures a [`Verifier`].
#[derive(Default)]
#[must_use]
pub struct VerifierBuilder {
    pem: Option<String>,
    client: Option<crate::Client>,
    secret_key: Option<crate::SecretKey>,
    api_url: Option<String>,
    cache: CacheOptions,
    clock_skew: Option<Duration>,
    authorized_parties: Vec<String>,
    audiences: Vec<String>,
    issuer: Option<String>,
    allow_pending: bool,
}

impl std::fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("pem", &self.pem.is_some())
            .field("secret_key", &self.secret_key.is_some())
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl VerifierBuilder {
    /// Verify with this PEM public key (the dashboard's "JWT public key"): no request to
    /// Clerk, ever. `\n` written for line breaks (as in environment variables) is read as
    /// line breaks.
    pub fn jwt_key(mut self, pem: impl Into<String>) -> Self {
        self.pem = Some(pem.into());
        self
    }

    /// Fetch the instance's key set with this secret key (cached; see [`CacheOptions`]).
    pub fn secret_key(mut self, secret_key: impl Into<crate::SecretKey>) -> Self {
        self.secret_key = Some(secret_key.into());
        self
    }

    /// Fetch the key set through this Backend API client (its base URL, retries,
    /// timeouts and HTTP client).
    pub fn client(mut self, client: crate::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// The Backend API's base URL for fetching the key set with [`secret_key`](Self::secret_key)
    /// (a proxy or a mock server; `https://api.clerk.com/v1` by default).
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// How the key set is cached and refreshed.
    pub fn cache_options(mut self, options: CacheOptions) -> Self {
        self.cache = options;
        self
    }

    /// How far clocks may disagree for `exp`, `nbf` and `iat` ([`DEFAULT_CLOCK_SKEW`]).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = Some(skew);
        self
    }

    /// The origins tokens may be issued for (`azp`), e.g. `https://app.example.com`. A
    /// token for another origin is refused; a token without `azp` is accepted, as Clerk's
    /// SDKs do. Set this in production: it stops a token leaked from another subdomain.
    pub fn authorized_parties<S: Into<String>>(
        mut self,
        parties: impl IntoIterator<Item = S>,
    ) -> Self {
        self.authorized_parties = parties.into_iter().map(Into::into).collect();
        self
    }

    /// Require one of these audiences (`aud`), for JWT templates that set one.
    pub fn audience<S: Into<String>>(mut self, audiences: impl IntoIterator<Item = S>) -> Self {
        self.audiences = audiences.into_iter().map(Into::into).collect();
        self
    }

    /// Require exactly this issuer (your Frontend API URL). Without it, any `https://`
    /// issuer is accepted: the key already ties the token to your instance.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Accept sessions whose status is `pending` (signed in, with a task such as choosing
    /// an organization not done yet). Refused by default.
    pub fn allow_pending_sessions(mut self, allow: bool) -> Self {
        self.allow_pending = allow;
        self
    }

    /// Builds the verifier.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when there is no key source or the PEM key is not an RSA public key.
    pub fn build(self) -> Result<Verifier, ConfigError> {
        ensure_jwt_crypto();
        let keys = match (self.pem, self.client, self.secret_key) {
            (Some(pem), _, _) => Keys::Pem(pem_key(&pem).ok_or(ConfigError::BadPemKey)?),
            (None, Some(client), _) => Keys::Jwks(JwksCache::new(client, self.cache)),
            (None, None, Some(secret)) => {
                // The cache backs off between failed fetches itself; one attempt with a
                // short timeout keeps a request from waiting long on Clerk.
                let mut builder = crate::Client::builder()
                    .secret_key(secret)
                    .retry_policy(crate::RetryPolicy::none())
                    .timeout(JWKS_FETCH_TIMEOUT);
                if let Some(url) = self.api_url {
                    builder = builder.base_url(url);
                }
                let client = builder
                    .build()
                    .map_err(|e| ConfigError::Client(e.to_string()))?;
                Keys::Jwks(JwksCache::new(client, self.cache))
            }
            (None, None, None) => return Err(ConfigError::NoKeySource),
        };
        Ok(Verifier {
            inner: Arc::new(Inner {
                keys,
                checks: Checks {
                    clock_skew: self.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW),
                    authorized_parties: self.authorized_parties,
                    audiences: self.audiences,
                    issuer: self.issuer,
                    allow_pending: self.allow_pending,
                },
                validation: signature_only(),
            }),
        })
    }
}

impl Verifier {
    /// Configures a verifier step by step.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::default()
    }

    /// A verifier from the environment: `CLERK_JWT_KEY` (a PEM public key: networkless)
    /// if set, else the key set fetched with `CLERK_SECRET_KEY` (and `CLERK_API_URL` when
    /// set). Authorized parties come from `CLERK_AUTHORIZED_PARTIES` (comma-separated)
    /// when set.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] when neither variable is set or the key is not usable.
    pub fn from_env() -> Result<Self, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut builder = Self::builder();
        if let Some(pem) = var("CLERK_JWT_KEY") {
            builder = builder.jwt_key(pem);
        } else if let Some(secret) = var("CLERK_SECRET_KEY") {
            builder = builder.secret_key(secret);
            if let Some(url) = var("CLERK_API_URL") {
                builder = builder.api_url(url);
            }
        }
        if let Some(parties) = var("CLERK_AUTHORIZED_PARTIES") {
            builder = builder.authorized_parties(
                parties
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
            );
        }
        builder.build()
    }

    /// Verifies a session token now.
    ///
    /// # Errors
    ///
    /// The [`VerifyError`] that says why the token is not accepted.
    pub async fn verify(&self, token: &str) -> Result<Claims, VerifyError> {
        self.verify_at(token, SystemTime::now()).await
    }

    /// Verifies a session token as of `now` (for tests of your own code, and for replaying
    /// a token seen at a known time).
    ///
    /// # Errors
    ///
    /// The [`VerifyError`] that says why the token is not accepted.
    pub async fn verify_at(&self, token: &str, now: SystemTime) -> Result<Claims, VerifyError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(VerifyError::Missing);
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(VerifyError::Malformed("longer than any session token"));
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| VerifyError::Malformed("not a JWT with a JSON header"))?;
        if header.alg != Algorithm::RS256 {
            return Err(VerifyError::UnsupportedAlgorithm(format!(
                "{:?}",
                header.alg
            )));
        }
        let fetched;
        let key = match (&self.inner.keys, header.kid) {
            (Keys::Pem(key), _) => key,
            (Keys::Jwks(cache), Some(kid)) => {
                fetched = cache.key(&kid).await?;
                &*fetched
            }
            (Keys::Jwks(_), None) => return Err(VerifyError::UnknownKey { kid: None }),
        };
        let raw = signed_claims(token, key, &self.inner.validation)?;
        let claims = Claims::from_json(raw)?;
        self.inner.checks.check(&claims, unix_seconds(now))?;
        Ok(claims)
    }

    /// Finds the session token of a request, `Authorization: Bearer <token>` first, else
    /// the `__session` cookie, and verifies it.
    ///
    /// # Errors
    ///
    /// [`VerifyError::Missing`] without a token; otherwise as [`verify`](Self::verify).
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Claims, VerifyError> {
        let token = session_token(headers).ok_or(VerifyError::Missing)?;
        self.verify(token).await
    }
}

/// `jsonwebtoken` picks its crypto from its features, and panics on first use when another
/// crate of the application enabled its other backend too. Then aws-lc-rs (this crate's
/// choice) is installed, unless the application installed a provider itself.
fn ensure_jwt_crypto() {
    use jsonwebtoken::crypto::CryptoProvider;
    if CryptoProvider::try_get_default().is_none() {
        let _ = jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default();
    }
}

/// The RS256 signature and nothing else: times and claims are checked by [`Checks`]
/// against the caller's clock. Built once per verifier.
fn signature_only() -> Validation {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    validation
}

/// Checks the signature with `key` and returns the payload.
fn signed_claims(
    token: &str,
    key: &DecodingKey,
    validation: &Validation,
) -> Result<Map<String, Value>, VerifyError> {
    match jsonwebtoken::decode::<Map<String, Value>>(token, key, validation) {
        Ok(data) => Ok(data.claims),
        Err(error) => Err(match error.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => VerifyError::BadSignature,
            jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => {
                VerifyError::UnsupportedAlgorithm("another algorithm".to_owned())
            }
            jsonwebtoken::errors::ErrorKind::Json(_) | jsonwebtoken::errors::ErrorKind::Utf8(_) => {
                VerifyError::Malformed("the claims are not a JSON object")
            }
            jsonwebtoken::errors::ErrorKind::Base64(_) => {
                VerifyError::Malformed("a part is not base64url")
            }
            _ => VerifyError::Malformed("not a JWT"),
        }),
    }
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

impl Checks {
    fn check(&self, claims: &Claims, now: i64) -> Result<(), VerifyError> {
        let skew = i64::try_from(self.clock_skew.as_secs()).unwrap_or(i64::MAX);
        let late = now.saturating_sub(claims.expires_at.saturating_add(skew));
        if late >= 0 {
            return Err(VerifyError::Expired { seconds_ago: late });
        }
        if let Some(nbf) = claims.get("nbf").and_then(Value::as_i64) {
            let early = nbf.saturating_sub(now.saturating_add(skew));
            if early > 0 {
                return Err(VerifyError::NotYetValid { seconds: early });
            }
        }
        let ahead = claims.issued_at.saturating_sub(now.saturating_add(skew));
        if ahead > 0 {
            return Err(VerifyError::IssuedInFuture { seconds: ahead });
        }
        let issuer_ok = match &self.issuer {
            Some(expected) => claims.issuer == *expected,
            None => claims.issuer.starts_with("https://"),
        };
        if !issuer_ok {
            return Err(VerifyError::InvalidIssuer);
        }
        if let Some(party) = &claims.authorized_party
            && !self.authorized_parties.is_empty()
            && !self
                .authorized_parties
                .iter()
                .any(|allowed| allowed == party)
        {
            return Err(VerifyError::UnauthorizedParty);
        }
        if !self.audiences.is_empty() && !audience_matches(claims.get("aud"), &self.audiences) {
            return Err(VerifyError::InvalidAudience);
        }
        if claims.status == SessionStatus::Pending && !self.allow_pending {
            return Err(VerifyError::PendingSession);
        }
        Ok(())
    }
}

fn audience_matches(aud: Option<&Value>, wanted: &[String]) -> bool {
    match aud {
        Some(Value::String(one)) => wanted.contains(one),
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .any(|aud| wanted.iter().any(|w| w == aud)),
        _ => false,
    }
}

/// The session token of a request: `Authorization: Bearer <token>`, else the `__session`
/// cookie.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<&str> {
    let bearer = headers
        .get_all(AUTHORIZATION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let (scheme, token) = value.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty());
    bearer.or_else(|| {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|cookies| cookies.split(';'))
            .find_map(|cookie| {
                let (name, value) = cookie.trim().split_once('=')?;
                (name == SESSION_COOKIE).then(|| value.trim())
            })
            .filter(|token| !token.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_header_wins_over_the_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            "theme=dark; __session=from-cookie".parse().expect("value"),
        );
        assert_eq!(session_token(&headers), Some("from-cookie"));
        headers.insert(AUTHORIZATION, "Bearer from-header".parse().expect("value"));
        assert_eq!(session_token(&headers), Some("from-header"));
        headers.insert(AUTHORIZATION, "Basic dXNlcjpwYXNz".parse().expect("value"));
        assert_eq!(session_token(&headers), Some("from-cookie"));
        assert_eq!(session_token(&HeaderMap::new()), None);
    }
}
