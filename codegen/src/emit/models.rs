//! Named types -> Rust structs, tolerant string enums and tagged unions.
//!
//! Decoding is lenient where the data allows it: unknown fields are ignored, unknown enum
//! values and union variants are kept (`Unknown`), `null` lists are empty lists. It fails,
//! naming the field's JSON path, only where a value cannot be what the spec says.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::operation::ident;
use crate::ir::{Api, BodyEncoding, Field, Method, TypeDef, TypeKind, TypeRef};
use crate::names::{Names, TypeNames};

/// How the operations use the named types; decides derives, builders and tri-state fields.
#[derive(Debug, Default)]
pub struct Usage {
    /// Sent as (part of) a JSON request body.
    request: BTreeSet<String>,
    /// Sent in the body of a PATCH request: nullable optional fields become tri-state.
    patch: BTreeSet<String>,
    /// A multipart body: its fields are the parts.
    multipart: BTreeSet<String>,
}

impl Usage {
    /// Walks every operation's body type.
    pub fn of(api: &Api) -> Self {
        let defs: BTreeMap<&str, &TypeDef> =
            api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        let mut usage = Self::default();
        for op in &api.operations {
            let Some(body) = &op.body else { continue };
            let Some(ty) = &body.ty else { continue };
            match body.encoding {
                BodyEncoding::Multipart => {
                    if let TypeRef::Named(name) = ty {
                        usage.multipart.insert(name.clone());
                    }
                }
                BodyEncoding::Json => {
                    let mut reached = BTreeSet::new();
                    reach(ty, &defs, &mut reached);
                    if op.method == Method::Patch {
                        usage.patch.extend(reached.iter().cloned());
                    }
                    usage.request.extend(reached);
                }
            }
        }
        usage
    }
}

fn reach(ty: &TypeRef, defs: &BTreeMap<&str, &TypeDef>, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => reach(inner, defs, out),
        TypeRef::Named(name) => {
            if !out.insert(name.clone()) {
                return;
            }
            let Some(def) = defs.get(name.as_str()) else {
                return;
            };
            match &def.kind {
                TypeKind::Struct(fields) => fields.iter().for_each(|f| reach(&f.ty, defs, out)),
                TypeKind::Union { variants, .. } => variants
                    .iter()
                    .for_each(|v| reach(&TypeRef::Named(v.ty.clone()), defs, out)),
                TypeKind::Enum(_) => {}
            }
        }
        _ => {}
    }
}

/// The Rust type of a type reference, as used from generated code.
pub fn type_tokens(ty: &TypeRef, names: &Names) -> TokenStream {
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

/// Every model, grouped into files by owner: `models/<owner>.rs` -> tokens.
pub fn models(api: &Api, names: &Names) -> BTreeMap<String, (TokenStream, Vec<String>)> {
    let usage = Usage::of(api);
    let cycles = Cycles::of(api);
    let mut files: BTreeMap<String, (TokenStream, Vec<String>)> = BTreeMap::new();
    for (def, type_names) in api.types.iter().zip(&names.types) {
        let tokens = match &def.kind {
            TypeKind::Struct(fields) => structure(def, fields, type_names, names, &usage, &cycles),
            TypeKind::Enum(values) => string_enum(def, values, type_names),
            TypeKind::Union {
                discriminator,
                variants,
            } => union(def, discriminator.as_deref(), variants, type_names, names),
        };
        let (file, exported) = files.entry(type_names.module.clone()).or_default();
        file.extend(tokens);
        exported.push(type_names.rust.clone());
    }
    files
}

/// Which struct fields must be boxed because the struct contains itself through them.
struct Cycles<'a> {
    defs: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Cycles<'a> {
    fn of(api: &'a Api) -> Self {
        Self {
            defs: api.types.iter().map(|d| (d.name.as_str(), d)).collect(),
        }
    }

    /// Whether a field of type `ty` in `owner` leads back to `owner` without passing a
    /// `Vec` or map (which already put their contents on the heap).
    fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let mut seen = BTreeSet::new();
        self.reaches(ty, owner, &mut seen)
    }

    fn reaches(&self, ty: &TypeRef, target: &str, seen: &mut BTreeSet<&'a str>) -> bool {
        let TypeRef::Named(name) = ty else {
            return false;
        };
        if name == target {
            return true;
        }
        let Some(def) = self.defs.get(name.as_str()) else {
            return false;
        };
        if !seen.insert(def.name.as_str()) {
            return false;
        }
        match &def.kind {
            TypeKind::Struct(fields) => fields.iter().any(|f| self.reaches(&f.ty, target, seen)),
            TypeKind::Union { variants, .. } => variants
                .iter()
                .any(|v| self.reaches(&TypeRef::Named(v.ty.clone()), target, seen)),
            TypeKind::Enum(_) => false,
        }
    }
}

/// How a field is stored.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Storage {
    /// Always present.
    Plain,
    /// A required list or map: absent or `null` decodes as empty.
    Collection,
    /// A required boolean of a response: absent or `null` decodes as `false`.
    FalseIfAbsent,
    /// Absent or `null` is `None`.
    Optional,
    /// Absent, `null` or a value, all three sendable (PATCH bodies).
    TriState,
}

/// Which way a struct travels, which decides how strictly it decodes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Only ever received: decoding follows docs/decisions/0014-decoding-real-responses.md.
    Response,
    /// Sent (and possibly received too): required fields are required.
    Request {
        /// Part of a PATCH body: nullable optional fields become tri-state.
        patch: bool,
    },
}

fn storage(field: &Field, direction: Direction) -> Storage {
    let collection = matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_));
    let required = field.required && !field.nullable;
    match direction {
        Direction::Request { patch } => match (field.required, field.nullable) {
            (false, true) if patch => Storage::TriState,
            (true, false) if collection => Storage::Collection,
            (true, false) => Storage::Plain,
            _ => Storage::Optional,
        },
        Direction::Response if !required => Storage::Optional,
        Direction::Response if collection => Storage::Collection,
        Direction::Response if field.ty == TypeRef::Boolean => Storage::FalseIfAbsent,
        Direction::Response if field.identity => Storage::Plain,
        // Timestamps, related ids, names, enums, nested objects: any default would lie.
        Direction::Response => Storage::Optional,
    }
}

fn structure(
    def: &TypeDef,
    fields: &[Field],
    type_names: &TypeNames,
    names: &Names,
    usage: &Usage,
    cycles: &Cycles<'_>,
) -> TokenStream {
    let rust = ident(&type_names.rust);
    let multipart = usage.multipart.contains(&def.name);
    let is_request = multipart || usage.request.contains(&def.name);
    let direction = if is_request {
        Direction::Request {
            patch: usage.patch.contains(&def.name),
        }
    } else {
        Direction::Response
    };
    let storages: Vec<Storage> = fields.iter().map(|f| storage(f, direction)).collect();

    let field_tokens = fields.iter().zip(&type_names.members).zip(&storages).map(
        |((field, member), storage)| {
            let name = ident(member);
            let mut ty = type_tokens(&field.ty, names);
            if cycles.needs_box(&def.name, &field.ty) {
                ty = quote!(Box<#ty>);
            }
            let rename = (member != &field.name && !multipart).then(|| {
                let wire = &field.name;
                quote!(#[serde(rename = #wire)])
            });
            let (ty, attrs) = match storage {
                Storage::Plain => (ty, quote!()),
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
            if let Some(note) = absence_note(field, *storage) {
                doc.blank().line(note);
            }
            let doc = doc.tokens();
            quote! {
                #doc
                #rename
                #attrs
                pub #name: #ty
            }
        },
    );

    let derives = if multipart {
        quote!(#[derive(Debug, Clone, PartialEq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)])
    };
    let default_derive =
        (is_request && fields.iter().all(|f| !f.required)).then(|| quote!(#[derive(Default)]));
    let doc = type_doc(def, &type_names.rust).tokens();
    let builder = is_request.then(|| request_builder(fields, type_names, names, &storages));
    let form = multipart.then(|| multipart_form(fields, type_names, &storages));
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
    }
}

fn type_doc(def: &TypeDef, rust: &str) -> Doc {
    let mut doc = Doc::new();
    match &def.description {
        Some(text) => doc.spec_text(text),
        // Hoisted types are named `Owner.field`: say where they come from.
        None if def.name.contains('.') => doc.line(format!("The type of `{}`.", def.name)),
        None => doc.line(format!("The `{rust}` object.")),
    };
    doc
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
    storages: &[Storage],
) -> TokenStream {
    let rust = ident(&type_names.rust);
    let members: Vec<_> = type_names.members.iter().map(|m| ident(m)).collect();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (((field, name), storage), clear) in fields
        .iter()
        .zip(&members)
        .zip(storages)
        .zip(&type_names.clear_members)
    {
        let (arg_ty, convert, converts) = argument(&field.ty, names);
        match storage {
            Storage::Plain | Storage::Collection | Storage::FalseIfAbsent => {
                args.push(quote!(#name: #arg_ty));
                let value = convert(quote!(#name));
                inits.push(if converts {
                    quote!(#name: #value)
                } else {
                    quote!(#name)
                });
            }
            Storage::Optional => {
                inits.push(quote!(#name: None));
                let doc = field_doc(field).tokens();
                let value = convert(quote!(value));
                setters.push(quote! {
                    #doc
                    pub fn #name(mut self, value: #arg_ty) -> Self {
                        self.#name = Some(#value);
                        self
                    }
                });
            }
            Storage::TriState => {
                inits.push(quote!(#name: crate::Patch::Unchanged));
                let doc = field_doc(field).tokens();
                let value = convert(quote!(value));
                let clear = ident(clear);
                let clear_doc =
                    format!(" Sends `{}: null`, clearing the stored value.", field.name);
                setters.push(quote! {
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
                });
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

/// The argument type of a setter, how it becomes the stored value, and whether that
/// conversion does anything.
fn argument(ty: &TypeRef, names: &Names) -> (TokenStream, fn(TokenStream) -> TokenStream, bool) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), |v| quote!(#v.into()), true),
        TypeRef::Array(inner) if **inner == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            |v| quote!(#v.into_iter().map(Into::into).collect()),
            true,
        ),
        other => (type_tokens(other, names), |v| v, false),
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
                    Storage::Optional | Storage::TriState => quote! {
                        if let Some(value) = Option::from(self.#name) {
                            #add;
                        }
                    },
                }
            });
    quote! {
        impl #rust {
            pub(crate) fn into_form(self) -> Result<crate::multipart::Form, crate::Error> {
                let mut form = crate::multipart::Form::new();
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

fn union(
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
        None => {
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
    };
    let inferred = variants.iter().any(|v| !v.infer.is_empty());
    let discriminator_doc = discriminator.map(|property| {
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
    });
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
    let mut properties: Vec<&str> = Vec::new();
    for rule in variants.iter().flat_map(|v| &v.infer) {
        if !properties.contains(&rule.property.as_str()) {
            properties.push(&rule.property);
        }
    }
    let inferences = variants
        .iter()
        .zip(members)
        .filter(|(variant, _)| !variant.infer.is_empty())
        .map(|(variant, member)| {
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
        });
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
