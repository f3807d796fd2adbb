//! Union models: the enum of variants, its docs, and its decoding (one pass by tag, or
//! inference from the properties only one variant has; `Unknown` for the rest).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::type_doc;
use super::tokens::{ident, type_tokens};
use crate::ir::{TypeDef, TypeRef};
use crate::names::{Names, TypeNames};

/// Without a tag, each variant is tried in order; none fitting is `Unknown`.
fn untagged_decode(members: &[proc_macro2::Ident]) -> TokenStream {
    let attempts = members.iter().map(|member| {
        quote! {
            if let Some(decoded) = crate::decode::try_variant(&raw) {
                return Ok(Self::#member(decoded));
            }
        }
    });
    quote! {
        #(#attempts)*
        Ok(Self::Unknown(crate::decode::unknown(&raw)?))
    }
}

/// What a tagged union's docs say about how it is decoded.
fn discriminator_doc(property: &str, variants: &[crate::ir::Variant]) -> TokenStream {
    let inferred = variants.iter().any(|v| !v.infer.is_empty());
    let text = if inferred {
        format!(
            " Decoded by its `{property}` field; an object without one is recognised by its other fields where it can be. An object with a new `{property}`, or none and no recognisable fields, is kept as [`Unknown`](Self::Unknown)."
        )
    } else {
        format!(
            " Decoded by its `{property}` field; an object whose `{property}` is missing or new is kept as [`Unknown`](Self::Unknown)."
        )
    };
    quote!(#[doc = ""] #[doc = #text])
}

pub(super) fn union(
    def: &TypeDef,
    discriminator: Option<&str>,
    variants: &[crate::ir::Variant],
    type_names: &TypeNames,
    names: &Names,
) -> TokenStream {
    let rust = ident(&type_names.rust);
    let members: Vec<_> = type_names.members.iter().map(|m| ident(m)).collect();
    let types: Vec<_> = variants
        .iter()
        .map(|v| type_tokens(&TypeRef::Named(v.ty.clone()), names))
        .collect();
    let variant_docs = variants.iter().map(|v| {
        let rust = names.rust_type(&v.ty);
        format!(" A [`{rust}`](crate::models::{rust}).")
    });
    let doc = type_doc(def, &type_names.rust).tokens();

    let decode = match discriminator {
        Some(property) => tagged_decode(property, variants, &members, &quote!(E)),
        None => untagged_decode(&members),
    };
    let discriminator_doc = discriminator.map(|property| discriminator_doc(property, variants));
    let deserialize = union_deserialize(&rust, discriminator, variants, &members, &decode);
    quote! {
        #doc
        #discriminator_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #rust {
            #(
                #[doc = #variant_docs]
                #members(#types),
            )*
            /// A variant this version of the client does not know, as received.
            Unknown(serde_json::Value),
        }

        impl serde::Serialize for #rust {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#members(value) => value.serialize(serializer),)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        #deserialize
    }
}

/// `Deserialize` for a union: in one pass through `TaggedUnion` when it has a tag (the
/// buffered `decode` is then its slow path), else by trying each variant on a raw copy.
fn union_deserialize(
    rust: &proc_macro2::Ident,
    discriminator: Option<&str>,
    variants: &[crate::ir::Variant],
    members: &[proc_macro2::Ident],
    decode: &TokenStream,
) -> TokenStream {
    let Some(property) = discriminator else {
        return quote! {
            impl<'de> serde::Deserialize<'de> for #rust {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let raw = <crate::decode::RawJson as serde::Deserialize>::deserialize(deserializer)?;
                    #decode
                }
            }
        };
    };
    let arms = variants
        .iter()
        .zip(members)
        .filter_map(|(variant, member)| {
            variant.tag.as_ref().map(
                |tag| quote!(#tag => Ok(Self::#member(serde::Deserialize::deserialize(object)?)),),
            )
        });
    quote! {
        impl crate::decode::TaggedUnion for #rust {
            const TAG: &'static str = #property;

            fn variant<'de, D: serde::Deserializer<'de>>(tag: &str, object: D) -> Result<Self, D::Error> {
                match tag {
                    #(#arms)*
                    _ => Ok(Self::Unknown(serde::Deserialize::deserialize(object)?)),
                }
            }

            fn from_raw<E: serde::de::Error>(raw: crate::decode::RawJson) -> Result<Self, E> {
                #decode
            }
        }

        impl<'de> serde::Deserialize<'de> for #rust {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::decode::tagged_union(deserializer)
            }
        }
    }
}

/// The properties the variants' `x-infer` rules look at, once each, in first-use order.
fn probed_properties(variants: &[crate::ir::Variant]) -> Vec<&str> {
    let mut properties: Vec<&str> = Vec::new();
    for rule in variants.iter().flat_map(|v| &v.infer) {
        if !properties.contains(&rule.property.as_str()) {
            properties.push(&rule.property);
        }
    }
    properties
}

/// One variant's `x-infer` test: any of its rules matches (by the property's index among
/// the probed `properties`) and the value decodes as the variant.
fn inference(
    variant: &crate::ir::Variant,
    member: &proc_macro2::Ident,
    properties: &[&str],
    error: &TokenStream,
) -> TokenStream {
    let conditions: Vec<_> = variant
        .infer
        .iter()
        .map(|rule| {
            let index = properties
                .iter()
                .position(|p| *p == rule.property)
                .unwrap_or_default();
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let patterns = &rule.patterns;
            quote!(probe.matches(#index, &[#(#patterns),*]))
        })
        .collect();
    let condition = if conditions.len() == 1 {
        quote!(#(#conditions)*)
    } else {
        quote!((#(#conditions)||*))
    };
    quote! {
        if #condition
            && let Ok(decoded) = crate::decode::variant::<_, #error>(&raw)
        {
            return Ok(Self::#member(decoded));
        }
    }
}

/// Decoding by the discriminator `property`; when it is missing, by the variants' `x-infer`
/// rules, in variant order (a variant that matches but does not decode is skipped).
fn tagged_decode(
    property: &str,
    variants: &[crate::ir::Variant],
    members: &[proc_macro2::Ident],
    error: &TokenStream,
) -> TokenStream {
    let arms = variants
        .iter()
        .zip(members)
        .filter_map(|(variant, member)| {
            variant
                .tag
                .as_ref()
                .map(|tag| quote!(Some(#tag) => Ok(Self::#member(crate::decode::variant(&raw)?)),))
        });
    let properties = probed_properties(variants);
    let inferences = variants
        .iter()
        .zip(members)
        .filter(|(variant, _)| !variant.infer.is_empty())
        .map(|(variant, member)| inference(variant, member, &properties, error));
    let fallback = if properties.is_empty() {
        quote!(_ => Ok(Self::Unknown(crate::decode::unknown(&raw)?)),)
    } else {
        quote! {
            Some(_) => Ok(Self::Unknown(crate::decode::unknown(&raw)?)),
            None => {
                #(#inferences)*
                Ok(Self::Unknown(crate::decode::unknown(&raw)?))
            }
        }
    };
    quote! {
        let probe = crate::decode::probe::<#error>(&raw, #property, &[#(#properties),*])?;
        match probe.tag() {
            #(#arms)*
            #fallback
        }
    }
}
