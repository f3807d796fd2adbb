//! One operation -> its `Client` method, its request builder, and the builder's `send`.
//!
//! Renders the members `lower` decided (`crate::lower::Member`); decides nothing itself.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::examples::Examples;
use super::outputs;
use super::paging::paging_methods;
use super::request::{method_tokens, request_statements};
use super::tokens::{argument_type, convert};
use super::tokens::{ident, type_tokens};
use crate::ir::{Operation, ParamLocation, ParamType, ResponseFormat};
use crate::lower::{Member, MemberKind, Place};
use crate::names::{Names, OperationNames};

/// What one operation's pieces are rendered from.
struct Context<'a> {
    op: &'a Operation,
    names: &'a OperationNames,
    all_names: &'a Names,
    members: &'a [Member<'a>],
    /// The body's Rust type (`serde_json::Value` when the spec does not say).
    body_type: TokenStream,
    /// What `send` returns.
    response: TokenStream,
}

/// The Rust code of one operation.
pub fn operation(
    op: &Operation,
    names: &OperationNames,
    all_names: &Names,
    members: &[Member<'_>],
    examples: Option<&Examples<'_>>,
) -> TokenStream {
    let output_struct = outputs::output_struct(op, names);
    let (response, send_body) = response_and_send(op, names, all_names, output_struct.is_some());
    let body_type = op
        .body
        .as_ref()
        .and_then(|body| body.ty.as_ref())
        .map_or_else(
            || quote!(serde_json::Value),
            |ty| type_tokens(ty, all_names),
        );
    let cx = Context {
        op,
        names,
        all_names,
        members,
        body_type,
        response,
    };
    let client_method = client_method(&cx, examples);
    let builder_struct = builder_struct(&cx);
    let builder_impl = builder_impl(&cx, &send_body);
    let builder = ident(&names.builder);
    let response = &cx.response;
    quote! {
        #client_method
        #builder_struct
        #builder_impl

        crate::request::call_options!(#builder);

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = Result<#response, crate::Error>;
            type IntoFuture = crate::request::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #output_struct
    }
}

/// What `send` returns, and the expression that gets it from the client.
fn response_and_send(
    op: &Operation,
    names: &OperationNames,
    all_names: &Names,
    has_outputs: bool,
) -> (TokenStream, TokenStream) {
    // With outputs, the response is decoded as JSON and the outputs read from it.
    if let Some(output) = names.output.as_deref().filter(|_| has_outputs) {
        let output = ident(output);
        let send = quote! {
            self.client
                .execute::<serde_json::Value>(request)
                .await
                .map(#output::from_response)
        };
        return (quote!(#output), send);
    }
    // A list that pages with an envelope may come back as either shape (docs/decisions/0010).
    let envelope = op
        .pagination
        .as_ref()
        .and_then(|paging| paging.items.as_deref())
        .filter(|_| matches!(op.response, Some(crate::ir::TypeRef::Array(_))));
    if let (Some(items), Some(ty), ResponseFormat::Json) =
        (envelope, &op.response, op.response_format)
    {
        let response = type_tokens(ty, all_names);
        return (
            response,
            quote!(self.client.execute_list(request, #items).await),
        );
    }
    let (response, execute) = match op.response_format {
        ResponseFormat::Text => (quote!(String), quote!(execute_text)),
        ResponseFormat::Binary => (quote!(bytes::Bytes), quote!(execute_bytes)),
        ResponseFormat::Json => (
            op.response.as_ref().map_or_else(
                || quote!(serde_json::Value),
                |ty| type_tokens(ty, all_names),
            ),
            quote!(execute),
        ),
    };
    (response, quote!(self.client.#execute(request).await))
}

/// `impl Client { pub fn <operation>(required...) -> Builder }`, with its docs.
fn client_method(cx: &Context<'_>, examples: Option<&Examples<'_>>) -> TokenStream {
    let required: Vec<&Member<'_>> = cx.members.iter().filter(|m| m.required).collect();
    let args = required.iter().map(|member| {
        let name = ident(member.name);
        let ty = argument(member, cx);
        quote!(#name: #ty)
    });
    let inits = cx.members.iter().map(|member| {
        let name = ident(member.name);
        if member.required && member.conversion.converts() {
            let value = convert(member.conversion, quote!(#name));
            quote!(#name: #value)
        } else if member.required {
            quote!(#name)
        } else {
            quote!(#name: None)
        }
    });
    let mut doc = method_doc(cx.op, &required);
    if let Some(examples) = examples {
        let args: Vec<Option<String>> = required
            .iter()
            .map(|member| example_argument(member, cx.op, examples))
            .collect();
        if let Some(lines) = examples.call(&cx.names.method, &args) {
            doc.blank().line("# Example").blank();
            for line in lines {
                doc.line(line);
            }
        }
    }
    let doc = doc.tokens();
    let deprecated = cx
        .op
        .deprecated
        .as_deref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    let method = ident(&cx.names.method);
    let builder = ident(&cx.names.builder);
    quote! {
        impl crate::Client {
            #doc
            #deprecated
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                #builder {
                    client: self,
                    options: crate::CallOptions::default(),
                    #(#inits,)*
                }
            }
        }
    }
}

/// The request builder struct and its docs.
fn builder_struct(cx: &Context<'_>) -> TokenStream {
    let fields = cx.members.iter().map(|member| {
        let name = ident(member.name);
        let ty = stored_type(member.kind, &cx.body_type);
        if member.required {
            quote!(#name: #ty)
        } else {
            quote!(#name: Option<#ty>)
        }
    });
    let mut doc = Doc::new();
    doc.line(format!(
        "Request builder for [`Client::{}`](crate::Client::{}).",
        cx.names.method, cx.names.method
    ));
    doc.blank().line(if cx.members.iter().all(|m| m.required) {
        "`.await` it (or call [`send`](Self::send)) to send the request."
    } else {
        "Set optional parameters with its methods, then `.await` it (or call [`send`](Self::send))."
    });
    let doc = doc.tokens();
    let builder = ident(&cx.names.builder);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            options: crate::CallOptions,
            #(#fields,)*
        }
    }
}

/// The builder's setters, `send`, `request` and paging methods.
fn builder_impl(cx: &Context<'_>, send_body: &TokenStream) -> TokenStream {
    let op = cx.op;
    let setters = cx
        .members
        .iter()
        .filter(|m| !m.required)
        .map(|member| setter(member, cx));
    let statements = request_statements(op, cx.members);
    let paging = op
        .pagination
        .as_ref()
        .map(|pagination| paging_methods(pagination, op, cx.members, cx.all_names));
    let http_method = method_tokens(op.method);
    let (operation_name, template) = (&op.name, &op.path_template);
    let response_doc = response_doc(cx);
    let builder = ident(&cx.names.builder);
    let response = &cx.response;
    quote! {
        impl<'a> #builder<'a> {
            #(#setters)*

            #[doc = #response_doc]
            ///
            /// # Errors
            ///
            /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) before anything is
            /// sent if a path parameter is empty or a dot segment;
            /// [`Error::Api`](crate::Error::Api) for a non-success status, with the API's
            /// error entries, the raw body and the headers; `Timeout`, `Transport`,
            /// `BodyInterrupted`, `ResponseTooLarge` or `Decode` otherwise (see
            /// [`Error`](crate::Error)).
            pub async fn send(self) -> Result<#response, crate::Error> {
                let request = self.request()?;
                #send_body
            }

            fn request(&self) -> Result<crate::request::Request, crate::Error> {
                let mut request =
                    crate::request::Request::new(#operation_name, #http_method, #template);
                request.options = self.options;
                #statements
                Ok(request)
            }

            #paging
        }
    }
}

/// The first line of `send`'s docs: what it returns.
fn response_doc(cx: &Context<'_>) -> String {
    let op = cx.op;
    match &op.response {
        _ if cx.names.output.is_some() => {
            " Sends the request and returns what the capability's outputs read from the JSON response, with the response itself.".to_owned()
        }
        _ if op.response_format == ResponseFormat::Text => {
            " Sends the request and returns the response body as text.".to_owned()
        }
        _ if op.response_format == ResponseFormat::Binary => {
            " Sends the request and returns the response body as raw bytes.".to_owned()
        }
        Some(ty) => format!(
            " Sends the request and returns {}.",
            described(ty, cx.all_names)
        ),
        None => " Sends the request and returns the response body as JSON.".to_owned(),
    }
}

/// How the builder stores a member's value.
fn stored_type(kind: MemberKind, body_type: &TokenStream) -> TokenStream {
    match kind {
        MemberKind::Param(ParamType::String) | MemberKind::OrderBy | MemberKind::Choice => {
            quote!(String)
        }
        MemberKind::Param(ParamType::Integer) => quote!(i64),
        MemberKind::Param(ParamType::Number) => quote!(f64),
        MemberKind::Param(ParamType::Boolean) => quote!(bool),
        MemberKind::Param(ParamType::Array) | MemberKind::Filter => quote!(Vec<String>),
        MemberKind::Param(ParamType::Json) => quote!(serde_json::Value),
        MemberKind::Body => body_type.clone(),
    }
}

/// What callers pass for a member: for a choice, its enum (or text that converts into it).
fn argument(member: &Member<'_>, cx: &Context<'_>) -> TokenStream {
    let basis = match member.choice {
        Some(choice) => type_tokens(choice, cx.all_names),
        None => stored_type(member.kind, &cx.body_type),
    };
    argument_type(member.conversion, basis)
}

fn setter(member: &Member<'_>, cx: &Context<'_>) -> TokenStream {
    let name = ident(member.name);
    let doc = setter_doc(member, cx).tokens();
    let ty = argument(member, cx);
    let value = convert(member.conversion, quote!(value));
    quote! {
        #doc
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

fn setter_doc(member: &Member<'_>, cx: &Context<'_>) -> Doc {
    let mut doc = Doc::new();
    match member.description {
        Some(text) => doc.spec_text(text),
        None => doc.line(format!("Sets `{}`.", member.wire)),
    };
    match member.kind {
        MemberKind::Filter => {
            doc.blank().line(
                "Takes [`Filter`](crate::Filter)s: `Filter::include(id)` sends `+id`, `Filter::exclude(id)` sends `-id`; plain strings are sent as given.",
            );
        }
        MemberKind::OrderBy => {
            doc.blank().line(
                "Takes an [`OrderBy`](crate::OrderBy) such as `OrderBy::desc(field)`, or a string such as `-created_at`.",
            );
        }
        MemberKind::Choice => {
            if let Some(crate::ir::TypeRef::Named(name)) = member.choice {
                let rust = cx.all_names.rust_type(name);
                doc.blank().line(format!(
                    "Takes the enum [`{rust}`](crate::models::{rust}) or its wire text."
                ));
            }
        }
        _ => {}
    }
    let wire = member.wire;
    doc.blank().line(match member.place {
        Place::Param(ParamLocation::Query)
            if member.kind == MemberKind::Param(ParamType::Array) =>
        {
            format!("Sent as the query parameter `{wire}`, repeated once per value.")
        }
        Place::Param(ParamLocation::Query) => format!("Sent as the query parameter `{wire}`."),
        Place::Param(ParamLocation::Header) => format!("Sent as the header `{wire}`."),
        Place::Param(ParamLocation::Cookie) => format!("Sent as the cookie `{wire}`."),
        Place::Param(ParamLocation::Path) => format!("Fills the path placeholder `{{{wire}}}`."),
        Place::Param(ParamLocation::BodyTemplate) => {
            format!("Fills `{{{{{wire}}}}}` in the request body.")
        }
        Place::MultipartBody => "Sent as the multipart/form-data request body.".to_owned(),
        Place::JsonBody => "Sent as the JSON request body.".to_owned(),
    });
    doc
}

/// The method's doc: spec text, then the HTTP line, then required arguments.
fn method_doc(op: &Operation, required: &[&Member<'_>]) -> Doc {
    let mut doc = Doc::new();
    if let Some(summary) = &op.summary {
        doc.spec_text(summary);
    }
    if let Some(description) = &op.description {
        doc.blank().spec_text(description);
    }
    doc.blank()
        .line(format!("`{} {}`", op.method.as_str(), op.path_template));
    if !op.error_statuses.is_empty() {
        doc.blank().line(format!(
            "Error statuses the API documents: {}. They arrive as [`Error::Api`](crate::Error::Api).",
            op.error_statuses.join(", ")
        ));
    }
    if !required.is_empty() {
        doc.blank().line("# Arguments").blank();
        for member in required {
            let what = member
                .description
                .map(|d| crate::emit::docs::sanitize(d).join(" "))
                .unwrap_or_else(|| format!("`{}`", member.wire));
            doc.line(format!("* `{}`: {what}", member.name));
        }
    }
    if let Some(count) = op.body.as_ref().and_then(|body| body.items) {
        let bounds = match (count.min, count.max) {
            (Some(min), Some(max)) => format!("{min} to {max} items"),
            (Some(min), None) => format!("at least {min} items"),
            (None, Some(max)) => format!("at most {max} items"),
            (None, None) => String::new(),
        };
        doc.blank().line(format!(
            "The body holds {bounds}; another length is refused with [`Error::InvalidArgument`](crate::Error::InvalidArgument) before anything is sent."
        ));
    }
    doc
}

/// An example value for a required argument: its wire name for path parameters (reads like
/// an id), a plausible value otherwise.
fn example_argument(
    member: &Member<'_>,
    op: &Operation,
    examples: &Examples<'_>,
) -> Option<String> {
    match member.kind {
        MemberKind::Param(ParamType::String) => Some(format!("{:?}", member.wire)),
        MemberKind::Choice => match member.choice {
            Some(choice) => examples.value(choice, 0),
            None => Some(format!("{:?}", member.wire)),
        },
        MemberKind::Param(ParamType::Integer) => Some("1".to_owned()),
        MemberKind::Param(ParamType::Number) => Some("1.0".to_owned()),
        MemberKind::Param(ParamType::Boolean) => Some("true".to_owned()),
        MemberKind::Param(ParamType::Array) | MemberKind::Filter => {
            Some(format!("[{:?}]", member.wire))
        }
        MemberKind::Param(ParamType::Json) => Some("serde_json::Value::Null".to_owned()),
        MemberKind::OrderBy => Some("\"created_at\"".to_owned()),
        MemberKind::Body => match op.body.as_ref().and_then(|body| body.ty.as_ref()) {
            Some(ty) => examples.value(ty, 0),
            None => Some("serde_json::Value::Null".to_owned()),
        },
    }
}

/// A type reference in words, with links to models, for docs.
fn described(ty: &crate::ir::TypeRef, names: &Names) -> String {
    use crate::ir::TypeRef;
    match ty {
        TypeRef::Named(name) => {
            let rust = names.rust_type(name);
            format!("the decoded [`{rust}`](crate::models::{rust})")
        }
        TypeRef::Array(inner) => match &**inner {
            TypeRef::Named(name) => {
                let rust = names.rust_type(name);
                format!("the decoded list of [`{rust}`](crate::models::{rust})")
            }
            _ => "the decoded list".to_owned(),
        },
        _ => "the decoded body".to_owned(),
    }
}
