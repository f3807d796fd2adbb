//! The argument types and conversions the lowering stage chose, as tokens.

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::Conversion;

/// What callers pass, for a value stored as `stored`.
pub(super) fn argument_type(conversion: Conversion, stored: TokenStream) -> TokenStream {
    match conversion {
        Conversion::AsIs => stored,
        Conversion::Text => quote!(impl Into<String>),
        Conversion::Texts => quote!(impl IntoIterator<Item = impl Into<String>>),
        Conversion::Filters => quote!(impl IntoIterator<Item = impl Into<crate::Filter>>),
        Conversion::OrderBy => quote!(impl Into<crate::OrderBy>),
    }
}

/// Turns the argument `value` into the stored value.
pub(super) fn convert(conversion: Conversion, value: TokenStream) -> TokenStream {
    match conversion {
        Conversion::AsIs => value,
        Conversion::Text => quote!(#value.into()),
        Conversion::Texts => quote!(#value.into_iter().map(Into::into).collect()),
        Conversion::Filters => quote!(#value.into_iter().map(|v| v.into().to_string()).collect()),
        Conversion::OrderBy => quote!(#value.into().to_string()),
    }
}
