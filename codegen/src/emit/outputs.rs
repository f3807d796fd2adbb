//! An operation's extracted outputs: a struct with one field per output parameter and the
//! raw response, filled by code that walks the JSON along each path. The paths are
//! compiled here, so generated crates need no JSONPath library at run time.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::tokens::ident;
use crate::ir::{Operation, Output, OutputKind, PathStep};
use crate::names::OperationNames;

/// The output struct of `op`, if it has outputs.
pub(super) fn output_struct(op: &Operation, names: &OperationNames) -> Option<TokenStream> {
    let output = ident(names.output.as_deref()?);
    let fields: Vec<_> = op
        .outputs
        .iter()
        .zip(&names.output_fields)
        .map(|(out, name)| (out, ident(name)))
        .collect();
    let declarations = fields.iter().map(|(out, name)| {
        let ty = field_type(out);
        let mut doc = Doc::new();
        match &out.description {
            Some(text) => doc.spec_text(text),
            None => doc.line(format!("`{}`.", out.name)),
        };
        let absent = if is_list(out) {
            "empty when the path matches nothing"
        } else {
            "`None` when the path is missing or holds another type"
        };
        doc.blank()
            .line(format!("Read from `{}`; {absent}.", out.expression));
        let doc = doc.tokens();
        quote! {
            #doc
            pub #name: #ty
        }
    });
    let extractions = fields.iter().map(|(out, name)| {
        let value = extraction(out);
        quote!(let #name = #value;)
    });
    let names_only = fields.iter().map(|(_, name)| name);
    let struct_doc = format!(
        " What [`Client::{}`](crate::Client::{}) reads from its response, and the response itself.",
        names.method, names.method
    );
    Some(quote! {
        #[doc = #struct_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #output {
            #(#declarations,)*
            /// The whole response, for anything the outputs do not cover.
            pub raw: serde_json::Value,
        }

        impl #output {
            fn from_response(raw: serde_json::Value) -> Self {
                #(#extractions)*
                Self {
                    #(#names_only,)*
                    raw,
                }
            }
        }
    })
}

fn is_list(out: &Output) -> bool {
    out.path.contains(&PathStep::Each)
}

fn field_type(out: &Output) -> TokenStream {
    let item = match out.kind {
        OutputKind::String => quote!(String),
        OutputKind::Number => quote!(f64),
        OutputKind::Integer => quote!(i64),
        OutputKind::Boolean => quote!(bool),
        OutputKind::Any => quote!(serde_json::Value),
    };
    if is_list(out) {
        quote!(Vec<#item>)
    } else {
        quote!(Option<#item>)
    }
}

/// Turns an `Option<&Value>` into the output's `Option<T>`.
fn convert(kind: OutputKind) -> TokenStream {
    match kind {
        OutputKind::String => {
            quote!(.and_then(serde_json::Value::as_str).map(str::to_owned))
        }
        OutputKind::Number => quote!(.and_then(serde_json::Value::as_f64)),
        OutputKind::Integer => quote!(.and_then(serde_json::Value::as_i64)),
        OutputKind::Boolean => quote!(.and_then(serde_json::Value::as_bool)),
        OutputKind::Any => quote!(.cloned()),
    }
}

/// `Option<&Value>` after walking `steps` from `start`, an `&Value` expression.
fn walk(start: TokenStream, steps: &[PathStep]) -> TokenStream {
    let mut steps = steps.iter().map(|step| match step {
        PathStep::Key(key) => quote!(get(#key)),
        PathStep::Index(index) => {
            let index = proc_macro2::Literal::usize_unsuffixed(*index);
            quote!(get(#index))
        }
        // `extraction` splits paths at their one wildcard before walking the parts.
        PathStep::Each => unreachable!("walks never contain the wildcard"),
    });
    let Some(first) = steps.next() else {
        return quote!(Some(#start));
    };
    let rest = steps.map(|step| quote!(.and_then(|value| value.#step)));
    quote!(#start.#first #(#rest)*)
}

fn extraction(out: &Output) -> TokenStream {
    let convert = convert(out.kind);
    match out.path.iter().position(|step| *step == PathStep::Each) {
        None => {
            let walked = walk(quote!(raw), &out.path);
            quote!(#walked #convert)
        }
        Some(each) => {
            let list = if each == 0 {
                quote!(raw.as_array())
            } else {
                let walked = walk(quote!(raw), &out.path[..each]);
                quote!(#walked.and_then(serde_json::Value::as_array))
            };
            let rest = &out.path[each + 1..];
            let item = if rest.is_empty() {
                // Each element itself: keep those of the right type.
                match out.kind {
                    OutputKind::Any => {
                        return quote!(#list.cloned().unwrap_or_default());
                    }
                    OutputKind::String => quote!(item.as_str().map(str::to_owned)),
                    OutputKind::Number => quote!(item.as_f64()),
                    OutputKind::Integer => quote!(item.as_i64()),
                    OutputKind::Boolean => quote!(item.as_bool()),
                }
            } else {
                let walked = walk(quote!(item), rest);
                quote!(#walked #convert)
            };
            quote! {
                #list
                    .map(|items| items.iter().filter_map(|item| #item).collect())
                    .unwrap_or_default()
            }
        }
    }
}
