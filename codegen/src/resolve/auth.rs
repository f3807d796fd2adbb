//! How each consumed API authenticates: the scheme (with OpenAPI's spellings of API keys
//! and types read with a warning) and the variable that holds its credential. Credentials
//! are referenced, never copied into generated code.

use serde_json::Value;

use super::Resolver;
use crate::diagnostic::DocPath;
use crate::ir::Auth;
use crate::model::{self, Document};

impl Resolver<'_> {
    /// How one consumed API authenticates. Credentials are referenced (`{{NAME}}`,
    /// `{{env.NAME}}`, `$env.NAME`), never copied: the generated client reads the bound
    /// variable in `from_env`, or callers pass them. When the main API declares no
    /// authentication and the document binds exactly one variable, that variable is its
    /// bearer token (the secret key).
    pub(super) fn auth(
        &mut self,
        document: &Document,
        consumes: &model::Consumes,
        path: &DocPath,
        main: bool,
    ) -> Auth {
        let env_keys: Vec<(&String, &Value)> = document
            .binds
            .iter()
            .filter(|bind| bind.namespace.as_deref().is_none_or(|ns| ns == "env"))
            .flat_map(|bind| bind.keys.iter())
            .collect();
        let path = path.key("authentication");
        let Some(auth) = &consumes.authentication else {
            return match env_keys.as_slice() {
                [(_, value)] if main => Auth::Bearer {
                    env_var: value.as_str().map(str::to_owned),
                },
                _ => Auth::None,
            };
        };
        let variable = |this: &mut Self, field: &str, text: Option<&String>| -> Option<String> {
            this.credential_variable(&env_keys, &path, field, text?)
        };
        let kind = self.auth_kind(auth, &path);
        match kind {
            Some("bearer") => Auth::Bearer {
                env_var: variable(self, "token", auth.token.as_ref()),
            },
            Some("basic") => Auth::Basic {
                username_env: variable(self, "username", auth.username.as_ref()),
                password_env: variable(self, "password", auth.password.as_ref()),
            },
            Some("apikey") => self.api_key_auth(auth, &path, &env_keys),
            Some("oauth2") if auth.token_endpoint.is_some() => Auth::OAuth2 {
                token_url: auth.token_endpoint.clone().unwrap_or_default(),
                scopes: auth.scopes.clone(),
                audience: auth.audience.clone(),
            },
            Some("oauth2") => {
                self.warning(
                    &path.key("type"),
                    "OAuth 2 without a `tokenEndpoint`: the client cannot fetch tokens, so callers pass an access token, sent as a bearer token",
                );
                Auth::Bearer { env_var: None }
            }
            Some("digest") => {
                self.error(
                    &path.key("type"),
                    "HTTP Digest authentication is not supported by the generated client",
                    "use `basic`, `bearer` or `apikey` if the API accepts one of them",
                );
                Auth::None
            }
            other => {
                self.warning(
                    &path.key("type"),
                    format!(
                        "authentication type `{}` is not known; requests are sent without credentials",
                        other.unwrap_or("(none)")
                    ),
                );
                Auth::None
            }
        }
    }

    /// `text` itself, when it is exactly a bound key.
    pub(super) fn bare_bind_key<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.bind_keys.contains(text.trim()).then(|| text.trim())
    }

    /// The authentication type as the schema spells it. Published files also write
    /// OpenAPI's spellings (`apiKey`, `api_key`, `Bearer`, or `type: http` with a `scheme`);
    /// each has one plain meaning, read with a warning that says so. Anything else is
    /// returned as written (and reported by the caller).
    fn auth_kind<'a>(
        &mut self,
        auth: &'a model::Authentication,
        path: &DocPath,
    ) -> Option<&'a str> {
        const KNOWN: [&str; 5] = ["bearer", "basic", "apikey", "oauth2", "digest"];
        let written = auth.kind.as_deref()?;
        if KNOWN.contains(&written) {
            return Some(written);
        }
        let folded = |text: &str| -> String {
            text.chars()
                .filter(|c| !matches!(c, '-' | '_'))
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let (meant, from) = match (folded(written).as_str(), auth.scheme.as_deref()) {
            ("http", Some(scheme)) => {
                (folded(scheme), format!("type: {written}, scheme: {scheme}"))
            }
            (other, _) => (other.to_owned(), format!("type: {written}")),
        };
        let Some(known) = KNOWN.iter().find(|known| **known == meant) else {
            return Some(written);
        };
        self.warning(
            &path.key("type"),
            format!("authentication `{from}` read as `type: {known}` (the schema's spelling)"),
        );
        Some(known)
    }

    /// API key authentication. Published files often write it the OpenAPI way (`name:`
    /// for the header or query parameter, `in:` for where it goes); each has one plain
    /// meaning, so it is read as the schema's `key`/`placement`, with a warning that says so.
    fn api_key_auth(
        &mut self,
        auth: &model::Authentication,
        path: &DocPath,
        env_keys: &[(&String, &Value)],
    ) -> Auth {
        let placement = match (&auth.placement, &auth.location) {
            (Some(placement), _) => Some(placement.as_str()),
            (None, Some(location)) => {
                self.warning(
                    &path.key("in"),
                    format!("API key `in: {location}` read as `placement: {location}` (the schema's name for it)"),
                );
                Some(location.as_str())
            }
            (None, None) => None,
        };
        let placement_key = if auth.placement.is_some() {
            "placement"
        } else {
            "in"
        };
        let in_query = match placement {
            None | Some("header") => false,
            Some("query") => true,
            Some(other) => {
                self.error(
                    &path.key(placement_key),
                    format!("API key placement `{other}` is neither `header` nor `query`"),
                    "use `placement: header` or `placement: query`",
                );
                false
            }
        };
        let written = |name: &Option<String>| name.clone().filter(|name| !name.trim().is_empty());
        let name = match (written(&auth.key), written(&auth.name)) {
            (Some(key), _) => key,
            (None, Some(name)) => {
                self.warning(
                    &path.key("name"),
                    format!("API key `name: {name}` read as `key: {name}` (the schema's name for the header or query parameter)"),
                );
                name
            }
            (None, None) => {
                self.error(
                    &path.key("key"),
                    "API key authentication has no `key` (the header or query parameter name)",
                    "add `key: X-Api-Key` (or the name the API expects)",
                );
                return Auth::None;
            }
        };
        let env_var = auth
            .value
            .as_ref()
            .and_then(|value| self.credential_variable(env_keys, path, "value", value));
        Auth::ApiKey {
            name,
            in_query,
            env_var,
        }
    }

    /// The variable a credential field refers to; a literal is reported, not copied.
    fn credential_variable(
        &mut self,
        env_keys: &[(&String, &Value)],
        path: &DocPath,
        field: &str,
        text: &str,
    ) -> Option<String> {
        let name = secret_reference(text).or_else(|| self.bare_bind_key(text));
        let Some(name) = name else {
            self.warning(
                &path.key(field),
                format!("a literal `{field}` is not copied into generated code; callers pass it"),
            );
            return None;
        };
        let bound = env_keys
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .and_then(|(_, value)| value.as_str());
        Some(bound.unwrap_or(name).to_owned())
    }
}

/// `NAME` when `text` is exactly one `{{NAME}}` reference.
/// The variable a credential names: `{{NAME}}`, `{{env.NAME}}`, `$env.NAME` or `${NAME}`.
fn secret_reference(text: &str) -> Option<&str> {
    let text = text.trim();
    let name = binding_reference(text)
        .map(|name| name.strip_prefix("env.").unwrap_or(name))
        .or_else(|| text.strip_prefix("$env."))
        .or_else(|| text.strip_prefix("${")?.strip_suffix('}'))?;
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then_some(name)
}

pub(super) fn binding_reference(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let plain = !inner.is_empty() && !inner.contains(['{', '}']);
    plain.then_some(inner)
}
