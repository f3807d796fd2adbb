//! The statements that build an operation's request: the path from its parts, each member
//! in its place (query, header, cookie, body), and the HTTP method.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::body_template;
use super::tokens::{ident, optional_count};
use crate::ir::{Method, Operation, ParamLocation, PathPart};
use crate::lower::{Member, MemberKind, Place};

/// The statements that place each path part, parameter and the body on the request.
pub(super) fn request_statements(op: &Operation, members: &[Member<'_>]) -> TokenStream {
    let api = (op.api != 0).then(|| {
        let api = op.api;
        quote!(request.api = #api;)
    });
    let fixed = op.fixed.iter().map(|param| {
        let (name, value) = (&param.name, &param.value);
        match param.location {
            ParamLocation::Header => quote!(request.header(#name, #value)?;),
            ParamLocation::Cookie => quote!(request.cookie(#name, #value)?;),
            ParamLocation::Query | ParamLocation::Path => quote!(request.query(#name, #value);),
            // Fixed values are never placeholders of the body template.
            ParamLocation::BodyTemplate => TokenStream::new(),
        }
    });
    let body_template = op.body_template.as_ref().map(|template| {
        let fields: Vec<(&str, Ident)> = members
            .iter()
            .filter(|member| member.place == Place::Param(ParamLocation::BodyTemplate))
            .map(|member| (member.wire, ident(member.name)))
            .collect();
        let placeholders: Vec<(&str, &Ident)> =
            fields.iter().map(|(wire, field)| (*wire, field)).collect();
        body_template::statements(template, &placeholders)
    });
    let fixed_body = op
        .fixed_body
        .as_ref()
        .map(|json| quote!(request.json_text(#json);));
    let path = op.path.iter().map(|part| path_statement(part, members));
    let body_count = body_count_check(op, members);
    let others = members.iter().filter_map(member_statement);
    quote! {
        #api
        #(#path)*
        #(#fixed)*
        #body_count
        #(#others)*
        #fixed_body
        #body_template
    }
}

/// Refuses a list body whose length is outside the spec's `minItems`/`maxItems`, or a body
/// whose bounded lists are (its `check_items`).
fn body_count_check(op: &Operation, members: &[Member<'_>]) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let member = members.iter().find(|m| m.kind == MemberKind::Body)?;
    let check = |value: TokenStream| match body.items {
        _ if body.checks_items => Some(quote!(#value.check_items()?;)),
        Some(count) => {
            let (min, max) = (optional_count(count.min), optional_count(count.max));
            Some(quote!(crate::request::item_count("body", #value.len(), #min, #max)?;))
        }
        None => None,
    };
    let name = ident(member.name);
    if member.required {
        return check(quote!(self.#name));
    }
    let check = check(quote!(body))?;
    Some(quote! {
        if let Some(body) = &self.#name {
            #check
        }
    })
}

/// Places one part of the path: literal text, or a path parameter's value.
fn path_statement(part: &PathPart, members: &[Member<'_>]) -> TokenStream {
    match part {
        PathPart::Literal(text) => quote!(request.path(#text);),
        PathPart::Param(wire) => {
            let member = members
                .iter()
                .find(|m| m.place == Place::Param(ParamLocation::Path) && m.wire == wire);
            match member {
                Some(member) => {
                    let name = ident(member.name);
                    quote!(request.path_param(#wire, &self.#name)?;)
                }
                // `resolve` rejects placeholders without a parameter; nothing to place here.
                None => TokenStream::new(),
            }
        }
    }
}

/// Places a query, header or cookie parameter or the body; path and body-template members
/// are placed by their own statements.
fn member_statement(member: &Member<'_>) -> Option<TokenStream> {
    let name = ident(member.name);
    let wire = member.wire;
    let value = if member.required {
        quote!(&self.#name)
    } else {
        quote!(self.#name.as_ref())
    };
    match member.place {
        Place::Param(ParamLocation::Path | ParamLocation::BodyTemplate) => None,
        Place::Param(ParamLocation::Query) => Some(quote!(request.query(#wire, #value);)),
        Place::Param(ParamLocation::Header) => Some(quote!(request.header(#wire, #value)?;)),
        Place::Param(ParamLocation::Cookie) => Some(quote!(request.cookie(#wire, #value)?;)),
        // Files are reference-counted bytes: cloning the form's source is cheap.
        Place::MultipartBody if member.required => {
            Some(quote!(request.multipart_body(self.#name.clone().into_form()?);))
        }
        Place::MultipartBody => Some(quote! {
            if let Some(body) = &self.#name {
                request.multipart_body(body.clone().into_form()?);
            }
        }),
        Place::JsonBody if member.required => Some(quote!(request.json_body(&self.#name)?;)),
        Place::JsonBody => Some(quote! {
            if let Some(body) = &self.#name {
                request.json_body(body)?;
            }
        }),
    }
}

pub(super) fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(reqwest::Method::GET),
        Method::Post => quote!(reqwest::Method::POST),
        Method::Put => quote!(reqwest::Method::PUT),
        Method::Patch => quote!(reqwest::Method::PATCH),
        Method::Delete => quote!(reqwest::Method::DELETE),
        Method::Head => quote!(reqwest::Method::HEAD),
        Method::Options => quote!(reqwest::Method::OPTIONS),
    }
}
