//! Why a session token was refused: one variant per reason, never the token itself.

use std::fmt;

/// Why a session token was not accepted. A request with any of these is not signed in;
/// the variants say why, for logs and metrics. No variant holds the token or a claim's
/// value that could identify the user, so an error can be logged as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The request carried no session token: no `Authorization: Bearer` header and no
    /// `__session` cookie.
    #[error("no session token: neither an `Authorization: Bearer` header nor a `__session` cookie")]
    Missing,
    /// Not a JWT, or a part of it is not what a session token holds (the reason says
    /// which, without the token).
    #[error("the session token is malformed: {0}")]
    Malformed(&'static str),
    /// Signed with an algorithm Clerk does not use for session tokens (only RS256 is
    /// accepted: never `none`, never HMAC with a public key as its secret).
    #[error("the session token is signed with {0}, not RS256")]
    UnsupportedAlgorithm(String),
    /// Signed by a key the instance does not have (after one refresh of the key set).
    #[error("the session token was signed by an unknown key (kid {kid:?})")]
    UnknownKey {
        /// The key id the token names, if any.
        kid: Option<String>,
    },
    /// The signature does not match the token: it was altered or signed by someone else.
    #[error("the session token's signature is not valid")]
    BadSignature,
    /// The token expired (`exp`, with the allowed clock skew).
    #[error("the session token expired {seconds_ago} s ago")]
    Expired {
        /// How long ago, beyond the allowed skew.
        seconds_ago: i64,
    },
    /// The token is not valid yet (`nbf`, with the allowed clock skew).
    #[error("the session token is not valid for another {seconds} s")]
    NotYetValid {
        /// How long until it is.
        seconds: i64,
    },
    /// The token says it was issued in the future (`iat`), beyond the allowed skew: the
    /// issuer's clock or this server's is wrong.
    #[error("the session token was issued {seconds} s in the future")]
    IssuedInFuture {
        /// How far ahead, beyond the allowed skew.
        seconds: i64,
    },
    /// The issuer (`iss`) is not a Clerk Frontend API URL (`https://...`) or not the one
    /// configured.
    #[error("the session token's issuer is not the expected one")]
    InvalidIssuer,
    /// The authorized party (`azp`, the origin the token was made for) is not one of the
    /// configured authorized parties: the defence against a token leaked from another
    /// subdomain.
    #[error("the session token was issued for an unauthorized party")]
    UnauthorizedParty,
    /// The audience (`aud`) does not include a configured one.
    #[error("the session token is not meant for this audience")]
    InvalidAudience,
    /// The session is `pending` (a task such as choosing an organization is not done):
    /// not signed in unless the verifier allows pending sessions.
    #[error("the session is pending; it is not signed in until its tasks are done")]
    PendingSession,
    /// The instance's keys could not be fetched and no usable copy is cached.
    #[error("the instance's JSON Web Key Set is unavailable: {0}")]
    JwksUnavailable(JwksFailure),
}

/// Why the key set could not be had, without the secret key or the response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwksFailure {
    pub(crate) reason: String,
}

impl JwksFailure {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for JwksFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}
