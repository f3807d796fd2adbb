//! How each consumed API authenticates. The spec decides the scheme (generated as
//! `AUTH`, one entry per API); the client builder holds the credentials; this module puts
//! them on a request, and only on requests to the API they belong to.

use std::fmt;

use reqwest::RequestBuilder;
use reqwest::header::HeaderValue;

use crate::SecretKey;

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "the runtime is shared by every generated crate; each spec uses some placements"
)]
pub enum Placement {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
}

/// The authentication scheme of one consumed API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "the runtime is shared by every generated crate; each spec uses some schemes"
)]
pub enum Scheme {
    /// Requests carry no credentials.
    None,
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `Authorization: Basic <base64(username:password)>`.
    Basic,
    /// The secret as a named header or query parameter.
    ApiKey {
        /// The header or query parameter name.
        name: &'static str,
        /// Where it goes.
        placement: Placement,
    },
    /// OAuth 2 client credentials: an access token fetched from `token_url`, cached, and
    /// sent as a bearer token.
    OAuth2 {
        /// The authorization server's token endpoint.
        token_url: &'static str,
        /// The scopes to ask for, separated by spaces (empty: none).
        scopes: &'static str,
        /// The audience to ask for, if the server wants one.
        audience: Option<&'static str>,
    },
}

/// One consumed API's scheme, and where its credentials come from.
#[derive(Debug, Clone, Copy)]
pub struct ApiAuth {
    /// How requests to the API authenticate.
    pub scheme: Scheme,
    /// The variable `Client::from_env` reads the secret from: the token, the key, or the
    /// Basic password.
    pub secret_env: Option<&'static str>,
    /// The variable `Client::from_env` reads the Basic username from.
    pub username_env: Option<&'static str>,
    /// The builder call that sets the credentials, named in errors.
    pub setter: &'static str,
}

/// Credentials given for one API.
#[derive(Clone, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "the runtime is shared by every generated crate; each spec uses some kinds"
)]
pub enum Credential {
    /// A bearer token or API key.
    Secret(SecretKey),
    /// HTTP Basic credentials.
    Basic {
        /// The user name (not secret, but kept out of logs all the same).
        username: String,
        /// The password.
        password: SecretKey,
    },
    /// An OAuth 2 client's id and secret, exchanged for access tokens.
    OAuth2Client {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: SecretKey,
    },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Secret(secret) => f.debug_tuple("Secret").field(secret).finish(),
            Self::Basic { password, .. } => f
                .debug_struct("Basic")
                .field("username", &"[redacted]")
                .field("password", password)
                .finish(),
            Self::OAuth2Client {
                client_id,
                client_secret,
            } => f
                .debug_struct("OAuth2Client")
                .field("client_id", client_id)
                .field("client_secret", client_secret)
                .finish(),
        }
    }
}

impl ApiAuth {
    /// Why `credential` cannot authenticate this API, if it cannot. `main` APIs are not
    /// named in the message: a single-API client's user never sees its namespace.
    pub fn check(
        &self,
        namespace: &str,
        main: bool,
        credential: Option<&Credential>,
    ) -> Result<(), String> {
        let fits = matches!(
            (self.scheme, credential),
            (Scheme::None, _)
                | (Scheme::Basic, Some(Credential::Basic { .. }))
                | (
                    Scheme::Bearer | Scheme::ApiKey { .. },
                    Some(Credential::Secret(_))
                )
                | (Scheme::OAuth2 { .. }, Some(Credential::OAuth2Client { .. }))
        );
        if fits {
            return Ok(());
        }
        let what = match self.scheme {
            Scheme::Basic => "a user name and password",
            Scheme::OAuth2 { .. } => "an OAuth 2 client id and secret",
            _ => "a secret",
        };
        let variables: Vec<&str> = self
            .username_env
            .into_iter()
            .chain(self.secret_env)
            .collect();
        let from_env = if variables.is_empty() {
            String::new()
        } else {
            format!(
                " or use `Client::from_env()` with {} set",
                variables.join(" and ")
            )
        };
        let whose = if main {
            "the API".to_owned()
        } else {
            format!("the `{namespace}` API")
        };
        Err(format!(
            "{whose} needs {what}: call `.{}`{from_env}",
            self.setter
        ))
    }

    /// The query parameter carrying the key, when the key travels in the query.
    pub fn query_pair<'a>(
        &self,
        credential: Option<&'a Credential>,
    ) -> Option<(&'static str, &'a str)> {
        match (self.scheme, credential) {
            (
                Scheme::ApiKey {
                    name,
                    placement: Placement::Query,
                },
                Some(Credential::Secret(secret)),
            ) => Some((name, secret.expose())),
            _ => None,
        }
    }

    /// Whether the request URL holds a secret (and must not appear in errors).
    pub fn secret_in_url(&self) -> bool {
        matches!(
            self.scheme,
            Scheme::ApiKey {
                placement: Placement::Query,
                ..
            }
        )
    }

    /// Puts header credentials on one attempt's request; every such header is marked
    /// sensitive, so neither reqwest nor hyper ever logs it.
    pub fn apply(
        &self,
        credential: Option<&Credential>,
        builder: RequestBuilder,
    ) -> RequestBuilder {
        match (self.scheme, credential) {
            (Scheme::Bearer, Some(Credential::Secret(secret))) => {
                builder.bearer_auth(secret.expose())
            }
            (Scheme::Basic, Some(Credential::Basic { username, password })) => {
                builder.basic_auth(username, Some(password.expose()))
            }
            (
                Scheme::ApiKey {
                    name,
                    placement: Placement::Header,
                },
                Some(Credential::Secret(secret)),
            ) => match HeaderValue::from_str(secret.expose()) {
                Ok(mut value) => {
                    value.set_sensitive(true);
                    builder.header(name, value)
                }
                // An unsendable key is left off; the server then answers 401, which says
                // more than a panic would. `build` rejects such keys before this point.
                Err(_) => builder,
            },
            _ => builder,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(scheme: Scheme) -> ApiAuth {
        ApiAuth {
            scheme,
            secret_env: Some("API_SECRET"),
            username_env: None,
            setter: "secret_key(...)",
        }
    }

    fn sent(auth: &ApiAuth, credential: &Credential) -> reqwest::Request {
        // With `rustls-ring`, a reqwest client needs a crypto provider in place.
        crate::client::ensure_crypto_provider();
        let builder = reqwest::Client::new().get("http://127.0.0.1:9/things");
        auth.apply(Some(credential), builder)
            .build()
            .expect("request builds")
    }

    #[test]
    fn each_scheme_puts_the_secret_where_it_belongs() {
        let secret = Credential::Secret(SecretKey::new("s3cret"));
        let bearer = sent(&auth(Scheme::Bearer), &secret);
        assert_eq!(bearer.headers()["authorization"], "Bearer s3cret");
        assert!(bearer.headers()["authorization"].is_sensitive());

        let header_key = auth(Scheme::ApiKey {
            name: "X-Api-Key",
            placement: Placement::Header,
        });
        let request = sent(&header_key, &secret);
        assert_eq!(request.headers()["x-api-key"], "s3cret");
        assert!(request.headers()["x-api-key"].is_sensitive());
        assert!(!request.headers().contains_key("authorization"));
        assert_eq!(header_key.query_pair(Some(&secret)), None);

        let query_key = auth(Scheme::ApiKey {
            name: "appid",
            placement: Placement::Query,
        });
        assert!(sent(&query_key, &secret).headers().is_empty());
        assert_eq!(
            query_key.query_pair(Some(&secret)),
            Some(("appid", "s3cret"))
        );
        assert!(query_key.secret_in_url() && !header_key.secret_in_url());

        let basic = Credential::Basic {
            username: "ada".to_owned(),
            password: SecretKey::new("open sesame"),
        };
        let request = sent(&auth(Scheme::Basic), &basic);
        // base64("ada:open sesame")
        assert_eq!(
            request.headers()["authorization"],
            "Basic YWRhOm9wZW4gc2VzYW1l"
        );
        assert!(sent(&auth(Scheme::None), &secret).headers().is_empty());
    }

    #[test]
    fn missing_or_mismatched_credentials_name_the_call_that_fixes_them() {
        let basic = ApiAuth {
            scheme: Scheme::Basic,
            secret_env: Some("API_PASSWORD"),
            username_env: Some("API_USER"),
            setter: "billing_basic_auth(username, password)",
        };
        let secret = Credential::Secret(SecretKey::new("s3cret"));
        let message = basic
            .check("billing", false, Some(&secret))
            .expect_err("mismatch");
        assert_eq!(
            message,
            "the `billing` API needs a user name and password: call \
             `.billing_basic_auth(username, password)` or use `Client::from_env()` with \
             API_USER and API_PASSWORD set"
        );
        assert_eq!(
            auth(Scheme::Bearer).check("main", true, None),
            Err(
                "the API needs a secret: call `.secret_key(...)` or use `Client::from_env()` \
                 with API_SECRET set"
                    .to_owned()
            )
        );
        assert!(
            auth(Scheme::Bearer)
                .check("main", true, Some(&secret))
                .is_ok()
        );
        assert!(auth(Scheme::None).check("main", true, None).is_ok());
    }

    #[test]
    fn debug_output_hides_every_credential() {
        let basic = Credential::Basic {
            username: "ada".to_owned(),
            password: SecretKey::new("open sesame"),
        };
        let shown = format!("{basic:?} {:?}", Credential::Secret("s3cret".into()));
        assert!(
            !shown.contains("ada") && !shown.contains("sesame") && !shown.contains("s3cret"),
            "{shown}"
        );
    }
}
