//! The tokens every emitter shares: identifiers from the names module, the Rust type of a
//! type reference, and the argument types and conversions the lowering stage chose. The
//! emitters import from here and never from each other.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;
use crate::lower::Conversion;
use crate::names::Names;

/// An identifier from the names module. The names module only hands out valid identifiers:
/// tests (debug builds) stop at the first one that is not, where the bug is; a release
/// build keeps going rather than panic on user input, and the output fails to compile.
pub(super) fn ident(name: &str) -> Ident {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    debug_assert!(
        valid,
        "the names module handed out an invalid identifier: {name:?}"
    );
    Ident::new(if valid { name } else { "invalid_name" }, Span::call_site())
}

/// The Rust type of a type reference, as used from generated code.
pub(super) fn type_tokens(ty: &TypeRef, names: &Names) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Binary => quote!(crate::FilePart),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Map(inner) if **inner == TypeRef::Any => {
            quote!(serde_json::Map<String, serde_json::Value>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, names);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, names);
            quote!(Vec<#inner>)
        }
        TypeRef::Named(name) => {
            let rust = ident(names.rust_type(name));
            quote!(crate::models::#rust)
        }
    }
}

/// `Some(n)` or `None`, as code: a list bound (`minItems`, `maxItems`) for
/// `crate::request::item_count`.
pub(super) fn optional_count(limit: Option<u64>) -> TokenStream {
    match limit {
        Some(limit) => {
            let limit = proc_macro2::Literal::u64_unsuffixed(limit);
            quote!(Some(#limit))
        }
        None => quote!(None),
    }
}

/// What callers pass, for a value stored as `stored` (for [`Conversion::Choice`], `stored`
/// is the enum the text comes from).
pub(super) fn argument_type(conversion: Conversion, stored: TokenStream) -> TokenStream {
    match conversion {
        Conversion::AsIs => stored,
        Conversion::Text => quote!(impl Into<String>),
        Conversion::Texts => quote!(impl IntoIterator<Item = impl Into<String>>),
        Conversion::Filters => quote!(impl IntoIterator<Item = impl Into<crate::Filter>>),
        Conversion::OrderBy => quote!(impl Into<crate::OrderBy>),
        Conversion::Choice => quote!(impl Into<#stored>),
    }
}

/// Turns the argument `value` into the stored value.
pub(super) fn convert(conversion: Conversion, value: TokenStream) -> TokenStream {
    match conversion {
        Conversion::AsIs => value,
        Conversion::Text => quote!(#value.into()),
        Conversion::Texts => quote!(#value.into_iter().map(Into::into).collect()),
        Conversion::Filters => quote!(#value.into_iter().map(|v| v.into().to_string()).collect()),
        Conversion::OrderBy | Conversion::Choice => quote!(#value.into().to_string()),
    }
}
