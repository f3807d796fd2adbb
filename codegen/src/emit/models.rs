//! Named types -> Rust structs, tolerant string enums and tagged unions.
//!
//! Decoding is lenient where the data allows it: unknown fields are ignored, unknown enum
//! values and union variants are kept (`Unknown`), `null` lists are empty lists. It fails,
//! naming the field's JSON path, only where a value cannot be what the spec says.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{Doc, type_doc};
use super::tokens::{argument_type, convert};
use super::tokens::{ident, optional_count, type_tokens};
use super::unions::union;
use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef};
use crate::lower::{Conversion, FieldPlan, Lowered, Storage, StructPlan};
use crate::names::{Names, TypeNames};

/// Every model, grouped into files by owner: `models/<owner>.rs` -> tokens.
pub fn models(
    api: &Api,
    names: &Names,
    lowered: &Lowered<'_>,
) -> BTreeMap<String, (TokenStream, Vec<String>)> {
    let mut files: BTreeMap<String, (TokenStream, Vec<String>)> = BTreeMap::new();
    for ((def, type_names), plan) in api.types.iter().zip(&names.types).zip(&lowered.structs) {
        let tokens = match (&def.kind, plan) {
            (TypeKind::Struct(fields), Some(plan)) => {
                structure(def, fields, type_names, names, plan)
            }
            (TypeKind::Struct(_), None) => TokenStream::new(),
            (TypeKind::Enum(values), _) => string_enum(def, values, type_names),
            (
                TypeKind::Union {
                    discriminator,
                    variants,
                },
                _,
            ) => union(def, discriminator.as_deref(), variants, type_names, names),
        };
        let (file, exported) = files.entry(type_names.module.clone()).or_default();
        file.extend(tokens);
        exported.push(type_names.rust.clone());
    }
    files
}

fn structure(
    def: &TypeDef,
    fields: &[Field],
    type_names: &TypeNames,
    names: &Names,
    plan: &StructPlan,
) -> TokenStream {
    let rust = ident(&type_names.rust);
    let field_tokens = fields
        .iter()
        .zip(&type_names.members)
        .zip(&plan.fields)
        .map(|((field, member), field_plan)| {
            struct_field(field, member, *field_plan, plan.multipart, names)
        });
    let derives = if plan.multipart {
        quote!(#[derive(Debug, Clone, PartialEq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)])
    };
    let default_derive = plan.derive_default.then(|| quote!(#[derive(Default)]));
    let doc = type_doc(def, &type_names.rust).tokens();
    let storages: Vec<Storage> = plan.fields.iter().map(|f| f.storage).collect();
    let builder = plan
        .is_request()
        .then(|| request_builder(fields, type_names, names, &plan.fields));
    let form = plan
        .multipart
        .then(|| multipart_form(fields, type_names, &storages));
    let item_checks = plan
        .is_request()
        .then(|| item_checks(fields, type_names, &storages))
        .flatten();
    quote! {
        #doc
        #derives
        #default_derive
        #[non_exhaustive]
        pub struct #rust {
            #(#field_tokens,)*
        }

        #builder
        #form
        #item_checks
    }
}

/// `check_items`: a request's lists whose length the spec bounds (`minItems`, `maxItems`),
/// checked before the request is sent; `None` when no field is bounded.
fn item_checks(
    fields: &[Field],
    type_names: &TypeNames,
    storages: &[Storage],
) -> Option<TokenStream> {
    let checks: Vec<TokenStream> = fields
        .iter()
        .zip(&type_names.members)
        .zip(storages)
        .filter_map(|((field, member), storage)| {
            let count = field.items?;
            let name = ident(member);
            let wire = &field.name;
            let (min, max) = (optional_count(count.min), optional_count(count.max));
            let check =
                |len: TokenStream| quote!(crate::request::item_count(#wire, #len, #min, #max)?;);
            Some(match storage {
                Storage::Optional => {
                    let check = check(quote!(list.len()));
                    quote!(if let Some(list) = &self.#name { #check })
                }
                Storage::TriState => {
                    let check = check(quote!(list.len()));
                    quote!(if let crate::Patch::Set(list) = &self.#name { #check })
                }
                Storage::Plain | Storage::Collection | Storage::FalseIfAbsent => {
                    check(quote!(self.#name.len()))
                }
            })
        })
        .collect();
    if checks.is_empty() {
        return None;
    }
    let rust = ident(&type_names.rust);
    Some(quote! {
        impl #rust {
            /// Refuses lists longer or shorter than the API takes, before sending.
            pub(crate) fn check_items(&self) -> Result<(), crate::request::InvalidArgument> {
                #(#checks)*
                Ok(())
            }
        }
    })
}

/// One struct field: docs, serde attributes (none for multipart forms) and its type.
fn struct_field(
    field: &Field,
    member: &str,
    plan: FieldPlan,
    multipart: bool,
    names: &Names,
) -> TokenStream {
    let name = ident(member);
    let mut ty = type_tokens(&field.ty, names);
    if plan.boxed {
        ty = quote!(Box<#ty>);
    }
    let rename = (member != field.name && !multipart).then(|| {
        let wire = &field.name;
        quote!(#[serde(rename = #wire)])
    });
    let (ty, attrs) = match plan.storage {
        Storage::Plain => (ty, quote!()),
        Storage::Collection if matches!(field.ty, TypeRef::Array(_)) => (
            ty,
            quote!(#[serde(default, deserialize_with = "crate::decode::list")]),
        ),
        Storage::Collection | Storage::FalseIfAbsent => (
            ty,
            quote!(#[serde(default, deserialize_with = "crate::decode::null_as_default")]),
        ),
        Storage::Optional => (
            quote!(Option<#ty>),
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
        ),
        Storage::TriState => (
            quote!(crate::Patch<#ty>),
            quote!(#[serde(default, skip_serializing_if = "crate::Patch::is_unchanged")]),
        ),
    };
    let attrs = if multipart { quote!() } else { attrs };
    let mut doc = field_doc(field);
    if let Some(note) = absence_note(field, plan.storage) {
        doc.blank().line(note);
    }
    let doc = doc.tokens();
    quote! {
        #doc
        #rename
        #attrs
        pub #name: #ty
    }
}

fn field_doc(field: &Field) -> Doc {
    let mut doc = Doc::new();
    match &field.description {
        Some(text) => doc.spec_text(text),
        None => doc.line(format!("`{}`.", field.name)),
    };
    if field.deprecated {
        doc.blank().line("Deprecated by the API.");
    }
    doc
}

/// What a response field the spec calls required holds when a payload lacks it.
fn absence_note(field: &Field, storage: Storage) -> Option<&'static str> {
    if !field.required || field.nullable {
        return None;
    }
    match storage {
        Storage::Optional => Some(
            "The API always sends it today; `None` when a payload lacks it (older API versions, webhooks, docs examples).",
        ),
        Storage::FalseIfAbsent => Some("`false` when a payload lacks it (older API versions)."),
        Storage::Plain | Storage::Collection | Storage::TriState => None,
    }
}

/// `new(required...)` plus one setter per optional field (and `clear_*` for tri-state ones).
fn request_builder(
    fields: &[Field],
    type_names: &TypeNames,
    names: &Names,
    plans: &[FieldPlan],
) -> TokenStream {
    let rust = ident(&type_names.rust);
    let members: Vec<_> = type_names.members.iter().map(|m| ident(m)).collect();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (((field, name), plan), clear) in fields
        .iter()
        .zip(&members)
        .zip(plans)
        .zip(&type_names.clear_members)
    {
        let arg_ty = argument_type(plan.conversion, type_tokens(&field.ty, names));
        match plan.storage {
            Storage::Plain | Storage::Collection | Storage::FalseIfAbsent => {
                args.push(quote!(#name: #arg_ty));
                inits.push(if plan.conversion.converts() {
                    let value = convert(plan.conversion, quote!(#name));
                    quote!(#name: #value)
                } else {
                    quote!(#name)
                });
            }
            Storage::Optional => {
                inits.push(quote!(#name: None));
                setters.push(optional_setter(field, name, &arg_ty, plan.conversion));
            }
            Storage::TriState => {
                inits.push(quote!(#name: crate::Patch::Unchanged));
                setters.push(tri_state_setters(
                    field,
                    name,
                    clear,
                    &arg_ty,
                    plan.conversion,
                ));
            }
        }
    }
    let new_doc = if args.is_empty() {
        quote!(#[doc = " An empty request: every field left out."])
    } else {
        quote!(#[doc = " A request with its required fields; set the others with the methods below."])
    };
    quote! {
        impl #rust {
            #new_doc
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                }
            }

            #(#setters)*
        }
    }
}

/// `name(value)` for an optional field of a request body.
fn optional_setter(
    field: &Field,
    name: &proc_macro2::Ident,
    arg_ty: &TokenStream,
    conversion: Conversion,
) -> TokenStream {
    let doc = field_doc(field).tokens();
    let value = convert(conversion, quote!(value));
    quote! {
        #doc
        pub fn #name(mut self, value: #arg_ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// `name(value)` and `clear_name()` for a field of a PATCH body.
fn tri_state_setters(
    field: &Field,
    name: &proc_macro2::Ident,
    clear: &str,
    arg_ty: &TokenStream,
    conversion: Conversion,
) -> TokenStream {
    let doc = field_doc(field).tokens();
    let value = convert(conversion, quote!(value));
    let clear = ident(clear);
    let clear_doc = format!(" Sends `{}: null`, clearing the stored value.", field.name);
    quote! {
        #doc
        pub fn #name(mut self, value: #arg_ty) -> Self {
            self.#name = crate::Patch::Set(#value);
            self
        }

        #[doc = #clear_doc]
        pub fn #clear(mut self) -> Self {
            self.#name = crate::Patch::Clear;
            self
        }
    }
}

/// `into_form`: one multipart part per field; files as file parts, the rest as text.
fn multipart_form(fields: &[Field], type_names: &TypeNames, storages: &[Storage]) -> TokenStream {
    let rust = ident(&type_names.rust);
    let parts =
        fields
            .iter()
            .zip(&type_names.members)
            .zip(storages)
            .map(|((field, member), storage)| {
                let name = ident(member);
                let wire = &field.name;
                let add = match field.ty {
                    TypeRef::Binary => quote!(form.file(#wire, value)?),
                    TypeRef::String => quote!(form.text(#wire, value)),
                    _ => quote!(form.text(#wire, crate::request::param_text(&value))),
                };
                match storage {
                    Storage::Plain | Storage::Collection | Storage::FalseIfAbsent => quote! {
                        let value = self.#name;
                        #add;
                    },
                    Storage::Optional => quote! {
                        if let Some(value) = self.#name {
                            #add;
                        }
                    },
                    // A cleared part and an unchanged one are both left out of the form.
                    Storage::TriState => quote! {
                        if let crate::Patch::Set(value) = self.#name {
                            #add;
                        }
                    },
                }
            });
    quote! {
        impl #rust {
            pub(crate) fn into_form(self) -> Result<crate::request::Form, crate::Error> {
                let mut form = crate::request::Form::new();
                #(#parts)*
                Ok(form)
            }
        }
    }
}

fn string_enum(def: &TypeDef, values: &[String], type_names: &TypeNames) -> TokenStream {
    let rust = ident(&type_names.rust);
    let variants: Vec<_> = type_names.members.iter().map(|m| ident(m)).collect();
    let docs = values.iter().map(|value| format!(" `{value}`"));
    let doc = type_doc(def, &type_names.rust).tokens();
    let conversions = string_enum_traits(&rust);
    quote! {
        #doc
        ///
        /// Values this client does not know yet decode as [`Unknown`](Self::Unknown).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #rust {
            #(
                #[doc = #docs]
                #variants,
            )*
            /// A value this version of the client does not know, as received.
            Unknown(String),
        }

        impl #rust {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value,
                }
            }

            fn from_wire(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        #conversions
    }
}

/// The string conversions and serde impls of a string enum, all through `as_str` and
/// `from_wire`.
fn string_enum_traits(rust: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl std::fmt::Display for #rust {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #rust {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl AsRef<str> for #rust {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl serde::Serialize for #rust {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #rust {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::decode::string_enum(deserializer, Self::from_wire)
            }
        }
    }
}
