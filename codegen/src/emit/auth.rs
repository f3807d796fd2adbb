//! Each consumed API's authentication: the runtime's `AUTH` table, and builder methods for
//! the credentials the runtime's own `secret_key` does not cover (Basic credentials, and the
//! secrets of APIs other than the main one).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::tokens::ident;
use crate::ir::{Api, ApiBase, Auth};
use crate::names::{CredentialSetter, Names};

/// `AUTH` and the generated builder methods, for the index file.
pub(super) fn auth(api: &Api, names: &Names) -> TokenStream {
    let setters = &names.credential_setters;
    let entries = api
        .apis
        .iter()
        .zip(setters)
        .map(|(base, setter)| table_entry(base, setter.as_ref()));
    let methods = api
        .apis
        .iter()
        .enumerate()
        .zip(setters)
        .filter_map(|((index, base), setter)| {
            let setter = setter.as_ref().filter(|setter| setter.generated)?;
            Some(method(index, base, setter))
        })
        .collect::<Vec<_>>();
    let builder_impl = (!methods.is_empty()).then(|| {
        quote! {
            impl crate::ClientBuilder {
                #(#methods)*
            }
        }
    });
    quote! {
        /// How each consumed API authenticates, parallel to `API.base_urls`.
        pub(crate) const AUTH: &[crate::auth::ApiAuth] = &[#(#entries),*];

        #builder_impl
    }
}

/// What `Client::from_env` reads, for its doc: every secret variable the capability binds,
/// and the base-URL variable.
pub(super) fn from_env_doc(api: &Api) -> String {
    let mut variables = Vec::new();
    for base in &api.apis {
        let (secret, username) = match &base.auth {
            Auth::Bearer { env_var } | Auth::ApiKey { env_var, .. } => (env_var, &None),
            Auth::Basic {
                username_env,
                password_env,
            } => (password_env, username_env),
            Auth::None | Auth::OAuth2 { .. } => (&None, &None),
        };
        variables.extend(username.iter().chain(secret).map(|v| format!("`{v}`")));
    }
    let mut doc = match variables.as_slice() {
        [] => "Reads no secret: the capability binds none to an environment variable.".to_owned(),
        [one] => format!("Reads the secret from {one}."),
        [first @ .., last] => format!("Reads the secrets from {} and {last}.", first.join(", ")),
    };
    if let Some(variable) = &api.base_url_env {
        doc.push_str(&format!(
            " When `{variable}` is set, requests go to that base URL instead (a mock server or proxy)."
        ));
    }
    doc
}

/// How the main API's secret is sent, for the doc of `ClientBuilder::secret_key`.
pub(super) fn secret_key_doc(api: &Api, names: &Names) -> String {
    let setter = names
        .credential_setters
        .first()
        .and_then(Option::as_ref)
        .map_or("", |setter| setter.name.as_str());
    match api.apis.first().map(|base| &base.auth) {
        Some(Auth::Bearer { .. }) => "Sent as `Authorization: Bearer <key>`.".to_owned(),
        Some(Auth::ApiKey {
            name,
            in_query: true,
            ..
        }) => format!("Sent as the query parameter `{name}`."),
        Some(Auth::ApiKey { name, .. }) => format!("Sent as the header `{name}`."),
        Some(Auth::Basic { .. }) => format!(
            "The main API takes HTTP Basic credentials: set them with `{setter}(username, password)`."
        ),
        Some(Auth::OAuth2 { .. }) => format!(
            "The main API takes OAuth 2 client credentials: set them with `{setter}(client_id, client_secret)`."
        ),
        Some(Auth::None) | None => "The main API takes no secret.".to_owned(),
    }
}

/// One API's entry of the `AUTH` table.
fn table_entry(base: &ApiBase, setter: Option<&CredentialSetter>) -> TokenStream {
    let (scheme, secret_env, username_env) = scheme(&base.auth);
    let setter = setter.map_or(String::new(), |setter| match base.auth {
        Auth::Basic { .. } => format!("{}(username, password)", setter.name),
        Auth::OAuth2 { .. } => format!("{}(client_id, client_secret)", setter.name),
        _ => format!("{}(...)", setter.name),
    });
    quote! {
        crate::auth::ApiAuth {
            scheme: crate::auth::Scheme::#scheme,
            secret_env: #secret_env,
            username_env: #username_env,
            setter: #setter,
        }
    }
}

/// The runtime's `Scheme` variant for `auth`, and the variables `from_env` reads its secret
/// and user name from.
fn scheme(auth: &Auth) -> (TokenStream, TokenStream, TokenStream) {
    let option = |value: &Option<String>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    match auth {
        Auth::None => (quote!(None), quote!(None), quote!(None)),
        Auth::Bearer { env_var } => (quote!(Bearer), option(env_var), quote!(None)),
        Auth::Basic {
            username_env,
            password_env,
        } => (quote!(Basic), option(password_env), option(username_env)),
        Auth::ApiKey {
            name,
            in_query,
            env_var,
        } => {
            let placement = if *in_query {
                quote!(Query)
            } else {
                quote!(Header)
            };
            (
                quote!(ApiKey { name: #name, placement: crate::auth::Placement::#placement }),
                option(env_var),
                quote!(None),
            )
        }
        Auth::OAuth2 {
            token_url,
            scopes,
            audience,
        } => {
            let scopes = scopes.join(" ");
            let audience = option(audience);
            (
                quote!(OAuth2 { token_url: #token_url, scopes: #scopes, audience: #audience }),
                quote!(None),
                quote!(None),
            )
        }
    }
}

/// The `ClientBuilder` method(s) that set one API's credentials.
fn method(index: usize, base: &ApiBase, setter: &CredentialSetter) -> TokenStream {
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    match &base.auth {
        Auth::Basic {
            username_env,
            password_env,
        } => basic_method(
            &index,
            base,
            setter,
            username_env.as_ref().zip(password_env.as_ref()),
        ),
        Auth::OAuth2 { token_url, .. } => oauth2_methods(&index, base, setter, token_url),
        auth => secret_method(&index, base, setter, auth),
    }
}

fn basic_method(
    index: &proc_macro2::Literal,
    base: &ApiBase,
    setter: &CredentialSetter,
    env: Option<(&String, &String)>,
) -> TokenStream {
    let mut doc = Doc::new();
    doc.line(format!(
        "The user name and password of the `{}` API, sent as HTTP Basic credentials.",
        base.namespace
    ));
    if let Some((user, password)) = env {
        doc.blank().line(format!(
            "`Client::from_env` reads them from `{user}` and `{password}`."
        ));
    }
    let doc = doc.tokens();
    let method = ident(&setter.name);
    quote! {
        #doc
        pub fn #method(
            self,
            username: impl Into<String>,
            password: impl Into<crate::SecretKey>,
        ) -> Self {
            self.credential(
                #index,
                crate::auth::Credential::Basic {
                    username: username.into(),
                    password: password.into(),
                },
            )
        }
    }
}

fn oauth2_methods(
    index: &proc_macro2::Literal,
    base: &ApiBase,
    setter: &CredentialSetter,
    token_url: &str,
) -> TokenStream {
    let mut doc = Doc::new();
    doc.line(format!(
        "The OAuth 2 client id and secret of the `{}` API. The client exchanges them at `{token_url}` for access tokens (client credentials grant), caches each token, and fetches a new one shortly before it expires.",
        base.namespace
    ));
    let doc = doc.tokens();
    let method = ident(&setter.name);
    let url_method = ident(setter.token_url.as_deref().unwrap_or_default());
    let url_doc = format!(
        " Where the `{}` API's access tokens come from, instead of `{token_url}` (a staging or test authorization server).",
        base.namespace
    );
    quote! {
        #[doc = #url_doc]
        pub fn #url_method(self, token_url: impl Into<String>) -> Self {
            self.token_url(#index, token_url.into())
        }

        #doc
        pub fn #method(
            self,
            client_id: impl Into<String>,
            client_secret: impl Into<crate::SecretKey>,
        ) -> Self {
            self.credential(
                #index,
                crate::auth::Credential::OAuth2Client {
                    client_id: client_id.into(),
                    client_secret: client_secret.into(),
                },
            )
        }
    }
}

/// One secret: a bearer token or an API key.
fn secret_method(
    index: &proc_macro2::Literal,
    base: &ApiBase,
    setter: &CredentialSetter,
    auth: &Auth,
) -> TokenStream {
    let (what, env_var) = match auth {
        Auth::ApiKey {
            name,
            in_query: true,
            env_var,
        } => (
            format!("API key, sent as the query parameter `{name}`"),
            env_var,
        ),
        Auth::ApiKey { name, env_var, .. } => {
            (format!("API key, sent as the header `{name}`"), env_var)
        }
        Auth::Bearer { env_var } => ("bearer token".to_owned(), env_var),
        Auth::None | Auth::Basic { .. } | Auth::OAuth2 { .. } => ("secret".to_owned(), &None),
    };
    let mut doc = Doc::new();
    doc.line(format!("The `{}` API's {what}.", base.namespace));
    if let Some(variable) = env_var {
        doc.blank()
            .line(format!("`Client::from_env` reads it from `{variable}`."));
    }
    let doc = doc.tokens();
    let method = ident(&setter.name);
    quote! {
        #doc
        pub fn #method(self, secret: impl Into<crate::SecretKey>) -> Self {
            self.credential(#index, crate::auth::Credential::Secret(secret.into()))
        }
    }
}
