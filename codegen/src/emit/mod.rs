//! Stage 5: IR + names -> token streams, one per output file.
//!
//! `mod.rs` is the index (module list, re-exports, API constants); each resource gets its own
//! file, so adding an operation touches only its resource's file and index lines.

mod auth;
mod body_template;
mod docs;
mod examples;
mod models;
mod operation;
mod outputs;
mod paging;
mod request;
mod tokens;
mod unions;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
use crate::lower::Lowered;
use crate::names::Names;
use docs::Doc;
use tokens::ident;

pub use docs::sanitize as sanitize_doc;

/// Token streams of every generated file, keyed by path relative to `src/generated/`.
/// `crate_ident`, when given, is how doc examples name the crate (`clerk_users`).
pub fn emit(
    api: &Api,
    names: &Names,
    lowered: &Lowered<'_>,
    crate_ident: Option<&str>,
) -> BTreeMap<PathBuf, TokenStream> {
    let examples = crate_ident.map(|crate_ident| examples::Examples {
        crate_ident,
        api,
        names,
    });
    let mut modules: BTreeMap<&str, (TokenStream, Vec<&str>)> = BTreeMap::new();
    // Resources keep spec order inside their file; the map orders files and index lines.
    let operations = api.operations.iter().zip(&names.operations);
    for ((op, op_names), members) in operations.zip(&lowered.members) {
        let (tokens, builders) = modules.entry(op_names.module.as_str()).or_default();
        tokens.extend(operation::operation(
            op,
            op_names,
            names,
            members,
            examples.as_ref(),
        ));
        builders.push(&op_names.builder);
        builders.extend(op_names.output.as_deref());
    }

    let mut files: BTreeMap<PathBuf, TokenStream> = modules
        .iter()
        .map(|(module, (tokens, _))| (PathBuf::from(format!("{module}.rs")), tokens.clone()))
        .collect();
    let models = models::models(api, names, lowered);
    for (module, (tokens, _)) in &models {
        files.insert(PathBuf::from(format!("models/{module}.rs")), tokens.clone());
    }
    files.insert(PathBuf::from("models/mod.rs"), models_index(&models));
    files.insert(PathBuf::from("mod.rs"), index(api, names, &modules));
    files
}

fn models_index(models: &BTreeMap<String, (TokenStream, Vec<String>)>) -> TokenStream {
    let declarations = models.iter().map(|(module, (_, types))| {
        let module = ident(module);
        let types = types.iter().map(|t| ident(t));
        quote! {
            mod #module;
            pub use self::#module::{#(#types),*};
        }
    });
    quote! {
        //! Request and response bodies: structs, tolerant enums (`Unknown` keeps values this
        //! version does not know) and tagged unions.

        #(#declarations)*
    }
}

fn index(
    api: &Api,
    names: &Names,
    modules: &BTreeMap<&str, (TokenStream, Vec<&str>)>,
) -> TokenStream {
    let mut doc = Doc::new();
    doc.line(format!("Operations of the {} capability.", api.title));
    if let Some(description) = &api.description {
        doc.blank().spec_text(description);
    }
    let doc = doc
        .tokens()
        .into_iter()
        .map(|token| match token {
            // `#[doc]` -> `#![doc]`: the index documents its own module.
            proc_macro2::TokenTree::Punct(p) if p.as_char() == '#' => quote!(#p!),
            other => quote!(#other),
        })
        .collect::<TokenStream>();

    let declarations = modules.iter().map(|(module, (_, builders))| {
        let module = ident(module);
        let builders = builders.iter().map(|b| ident(b));
        quote! {
            mod #module;
            pub use self::#module::{#(#builders),*};
        }
    });
    let client = client(api, names);
    quote! {
        #doc

        pub mod models;

        #(#declarations)*

        #client
    }
}

/// The API description the runtime's client reads, and the crate's `Client` and
/// `ClientBuilder` made from it.
fn client(api: &Api, names: &Names) -> TokenStream {
    let base_urls = api.apis.iter().map(|base| base.url.as_str());
    let namespaces = api.apis.iter().map(|base| base.namespace.as_str());
    let auth = auth::auth(api, names);
    let base_url_env = match &api.base_url_env {
        Some(variable) => quote!(Some(#variable)),
        None => quote!(None),
    };
    let from_env = auth::from_env_doc(api);
    let secret_key = auth::secret_key_doc(api, names);
    quote! {
        /// What the client knows of each consumed API, the main one first.
        pub(crate) static API: crate::client::Api = crate::client::Api {
            base_urls: &[#(#base_urls),*],
            namespaces: &[#(#namespaces),*],
            auth: AUTH,
            base_url_env_var: #base_url_env,
        };

        #auth

        /// The crate's `Client` and `ClientBuilder`: the runtime's, for these APIs, with
        /// what `Client::from_env` reads and how `ClientBuilder::secret_key` is sent.
        pub(crate) mod client {
            use crate::Error;

            crate::client::define_client!(super::API, Error, #from_env, #secret_key);
        }
    }
}
