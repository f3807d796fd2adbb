//! One operation -> its `Client` method, its request builder, and the builder's `send`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::Doc;
use super::examples::Examples;
use super::models::type_tokens;
use super::{body_template, outputs};
use crate::ir::{
    BodyEncoding, Method, Operation, Param, ParamLocation, ParamStyle, ParamType, PathPart,
    ResponseFormat,
};
use crate::names::{Names, OperationNames};

/// The Rust code of one operation.
pub fn operation(
    op: &Operation,
    names: &OperationNames,
    all_names: &Names,
    examples: Option<&Examples<'_>>,
) -> TokenStream {
    let body_type = op
        .body
        .as_ref()
        .and_then(|body| body.ty.as_ref())
        .map_or_else(
            || quote!(serde_json::Value),
            |ty| type_tokens(ty, all_names),
        );
    let output_struct = outputs::output_struct(op, names);
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
    // With outputs, the response is decoded as JSON and the outputs read from it.
    let (response, send_body) = match names.output.as_deref().filter(|_| output_struct.is_some()) {
        Some(output) => {
            let output = ident(output);
            (
                quote!(#output),
                quote! {
                    self.client
                        .execute::<serde_json::Value>(request)
                        .await
                        .map(#output::from_response)
                },
            )
        }
        None => (response, quote!(self.client.#execute(request).await)),
    };
    let method_ident = ident(&names.method);
    let builder = ident(&names.builder);
    let fields: Vec<Field<'_>> = op
        .params
        .iter()
        .zip(&names.params)
        .map(|(param, name)| Field::param(param, name))
        .chain(
            op.body
                .as_ref()
                .zip(names.body.as_deref())
                .map(|(body, name)| Field {
                    ident: ident(name),
                    wire: "body",
                    ty: FieldType::Body,
                    body_type: Some(body_type.clone()),
                    required: body.required,
                    description: body.description.as_deref(),
                    location: None,
                    multipart: body.encoding == BodyEncoding::Multipart,
                }),
        )
        .collect();

    let required: Vec<&Field<'_>> = fields.iter().filter(|f| f.required).collect();
    let optional: Vec<&Field<'_>> = fields.iter().filter(|f| !f.required).collect();

    let args = required.iter().map(|f| {
        let name = &f.ident;
        let ty = f.argument();
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = &f.ident;
        if f.required && f.ty.needs_conversion() {
            let value = f.ty.convert(quote!(#name));
            quote!(#name: #value)
        } else if f.required {
            quote!(#name)
        } else {
            quote!(#name: None)
        }
    });
    let struct_fields = fields.iter().map(|f| {
        let name = &f.ident;
        let ty = f.stored();
        if f.required {
            quote!(#name: #ty)
        } else {
            quote!(#name: Option<#ty>)
        }
    });
    let setters = optional.iter().map(|f| setter(f));
    let statements = request_statements(op, &fields);
    let paging = op
        .pagination
        .as_ref()
        .map(|pagination| paging_methods(pagination, op, &fields, all_names));
    let http_method = method_tokens(op.method);
    let template = &op.path_template;

    let mut method_doc = method_doc(op, &required);
    if let Some(examples) = examples {
        let args: Vec<Option<String>> = required
            .iter()
            .map(|field| example_argument(field, op, examples))
            .collect();
        if let Some(lines) = examples.call(&names.method, &args) {
            method_doc.blank().line("# Example").blank();
            for line in lines {
                method_doc.line(line);
            }
        }
    }
    let method_doc = method_doc.tokens();
    let response_doc = match &op.response {
        _ if names.output.is_some() => {
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
            described(ty, all_names)
        ),
        None => " Sends the request and returns the response body as JSON.".to_owned(),
    };
    let builder_doc = {
        let mut doc = Doc::new();
        doc.line(format!(
            "Request builder for [`Client::{}`](crate::Client::{}).",
            names.method, names.method
        ));
        doc.blank().line(if optional.is_empty() {
            "`.await` it (or call [`send`](Self::send)) to send the request."
        } else {
            "Set optional parameters with its methods, then `.await` it (or call [`send`](Self::send))."
        });
        doc.tokens()
    };
    let operation_name = &op.name;

    quote! {
        impl crate::Client {
            #method_doc
            pub fn #method_ident(&self, #(#args),*) -> #builder<'_> {
                #builder {
                    client: self,
                    options: crate::CallOptions::default(),
                    #(#inits,)*
                }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a crate::Client,
            options: crate::CallOptions,
            #(#struct_fields,)*
        }

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

/// A builder field: a parameter or the body.
struct Field<'a> {
    ident: Ident,
    wire: &'a str,
    ty: FieldType,
    /// The body's Rust type (bodies only).
    body_type: Option<TokenStream>,
    required: bool,
    description: Option<&'a str>,
    location: Option<ParamLocation>,
    /// Whether the body is sent as multipart/form-data.
    multipart: bool,
}

impl<'a> Field<'a> {
    fn param(param: &'a Param, name: &str) -> Self {
        let ty = match (&param.style, param.ty) {
            (ParamStyle::IncludeExclude, ParamType::Array) => FieldType::Filter,
            (ParamStyle::OrderBy(_), ParamType::String) => FieldType::OrderBy,
            (_, ty) => FieldType::Param(ty),
        };
        Self {
            ident: ident(name),
            wire: &param.name,
            ty,
            body_type: None,
            required: param.required,
            description: param.description.as_deref(),
            location: Some(param.location),
            multipart: false,
        }
    }

    fn stored(&self) -> TokenStream {
        self.body_type.clone().unwrap_or_else(|| self.ty.stored())
    }

    fn argument(&self) -> TokenStream {
        self.body_type.clone().unwrap_or_else(|| self.ty.argument())
    }
}

#[derive(Clone, Copy)]
enum FieldType {
    Param(ParamType),
    /// A list of `+`/`-` filter values.
    Filter,
    /// A sort order.
    OrderBy,
    Body,
}

impl FieldType {
    /// How the builder stores the value.
    fn stored(self) -> TokenStream {
        match self {
            Self::Param(ParamType::String) => quote!(String),
            Self::Param(ParamType::Integer) => quote!(i64),
            Self::Param(ParamType::Number) => quote!(f64),
            Self::Param(ParamType::Boolean) => quote!(bool),
            Self::Param(ParamType::Array) => quote!(Vec<String>),
            Self::Param(ParamType::Json) | Self::Body => quote!(serde_json::Value),
            Self::Filter => quote!(Vec<String>),
            Self::OrderBy => quote!(String),
        }
    }

    /// What callers pass.
    fn argument(self) -> TokenStream {
        match self {
            Self::Param(ParamType::String) => quote!(impl Into<String>),
            Self::Param(ParamType::Array) => quote!(impl IntoIterator<Item = impl Into<String>>),
            Self::Filter => quote!(impl IntoIterator<Item = impl Into<crate::Filter>>),
            Self::OrderBy => quote!(impl Into<crate::OrderBy>),
            other => other.stored(),
        }
    }

    /// Whether the argument type differs from the stored type.
    fn needs_conversion(self) -> bool {
        matches!(
            self,
            Self::Param(ParamType::String | ParamType::Array) | Self::Filter | Self::OrderBy
        )
    }

    /// Turns an argument into the stored value.
    fn convert(self, value: TokenStream) -> TokenStream {
        match self {
            Self::Param(ParamType::String) => quote!(#value.into()),
            Self::Param(ParamType::Array) => quote!(#value.into_iter().map(Into::into).collect()),
            Self::Filter => quote!(#value.into_iter().map(|v| v.into().to_string()).collect()),
            Self::OrderBy => quote!(#value.into().to_string()),
            _ => value,
        }
    }
}

fn setter(field: &Field<'_>) -> TokenStream {
    let name = &field.ident;
    let mut doc = Doc::new();
    match field.description {
        Some(text) => {
            doc.spec_text(text);
        }
        None => {
            doc.line(format!("Sets `{}`.", field.wire));
        }
    }
    match field.ty {
        FieldType::Filter => {
            doc.blank().line(
                "Takes [`Filter`](crate::Filter)s: `Filter::include(id)` sends `+id`, `Filter::exclude(id)` sends `-id`; plain strings are sent as given.",
            );
        }
        FieldType::OrderBy => {
            doc.blank().line(
                "Takes an [`OrderBy`](crate::OrderBy) such as `OrderBy::desc(field)`, or a string such as `-created_at`.",
            );
        }
        _ => {}
    }
    doc.blank().line(match field.location {
        Some(ParamLocation::Query) if matches!(field.ty, FieldType::Param(ParamType::Array)) => {
            format!(
                "Sent as the query parameter `{}`, repeated once per value.",
                field.wire
            )
        }
        Some(ParamLocation::Query) => format!("Sent as the query parameter `{}`.", field.wire),
        Some(ParamLocation::Header) => format!("Sent as the header `{}`.", field.wire),
        Some(ParamLocation::Cookie) => format!("Sent as the cookie `{}`.", field.wire),
        Some(ParamLocation::Path) => format!("Fills the path placeholder `{{{}}}`.", field.wire),
        Some(ParamLocation::BodyTemplate) => {
            format!("Fills `{{{{{}}}}}` in the request body.", field.wire)
        }
        None if field.multipart => "Sent as the multipart/form-data request body.".to_owned(),
        None => "Sent as the JSON request body.".to_owned(),
    });
    let doc = doc.tokens();
    let ty = field.argument();
    let value = field.ty.convert(quote!(value));
    quote! {
        #doc
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// The method's doc: spec text, then the HTTP line, then required arguments.
fn method_doc(op: &Operation, required: &[&Field<'_>]) -> Doc {
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
        for field in required {
            let what = field
                .description
                .map(|d| crate::emit::docs::sanitize(d).join(" "))
                .unwrap_or_else(|| format!("`{}`", field.wire));
            doc.line(format!("* `{}`: {what}", field.ident));
        }
    }
    doc
}

/// An example value for a required argument: its wire name for path parameters (reads like
/// an id), a plausible value otherwise.
fn example_argument(field: &Field<'_>, op: &Operation, examples: &Examples<'_>) -> Option<String> {
    match field.ty {
        FieldType::Param(ParamType::String) => Some(format!("{:?}", field.wire)),
        FieldType::Param(ParamType::Integer) => Some("1".to_owned()),
        FieldType::Param(ParamType::Number) => Some("1.0".to_owned()),
        FieldType::Param(ParamType::Boolean) => Some("true".to_owned()),
        FieldType::Param(ParamType::Array) | FieldType::Filter => {
            Some(format!("[{:?}]", field.wire))
        }
        FieldType::Param(ParamType::Json) => Some("serde_json::Value::Null".to_owned()),
        FieldType::OrderBy => Some("\"created_at\"".to_owned()),
        FieldType::Body => match op.body.as_ref().and_then(|body| body.ty.as_ref()) {
            Some(ty) => examples.value(ty, 0),
            None => Some("serde_json::Value::Null".to_owned()),
        },
    }
}

/// The statements that place each path part, parameter and the body on the request.
fn request_statements(op: &Operation, fields: &[Field<'_>]) -> TokenStream {
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
        let placeholders: Vec<(&str, &Ident)> = fields
            .iter()
            .filter(|field| field.location == Some(ParamLocation::BodyTemplate))
            .map(|field| (field.wire, &field.ident))
            .collect();
        body_template::statements(template, &placeholders)
    });
    let fixed_body = op
        .fixed_body
        .as_ref()
        .map(|json| quote!(request.json_text(#json);));
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(request.path(#text);),
        PathPart::Param(wire) => {
            let field = fields
                .iter()
                .find(|f| f.location == Some(ParamLocation::Path) && f.wire == wire);
            match field {
                Some(field) => {
                    let name = &field.ident;
                    quote!(request.path_param(#wire, &self.#name)?;)
                }
                // `resolve` rejects placeholders without a parameter; nothing to place here.
                None => TokenStream::new(),
            }
        }
    });
    let others = fields.iter().filter_map(|field| {
        let name = &field.ident;
        let wire = field.wire;
        let value = if field.required {
            quote!(&self.#name)
        } else {
            quote!(self.#name.as_ref())
        };
        match (field.location, field.ty) {
            (Some(ParamLocation::Path | ParamLocation::BodyTemplate), _) => None,
            (Some(ParamLocation::Query), _) => Some(quote!(request.query(#wire, #value);)),
            (Some(ParamLocation::Header), _) => Some(quote!(request.header(#wire, #value)?;)),
            (Some(ParamLocation::Cookie), _) => Some(quote!(request.cookie(#wire, #value)?;)),
            // Files are reference-counted bytes: cloning the form's source is cheap.
            (None, _) if field.multipart && field.required => {
                Some(quote!(request.multipart_body(self.#name.clone().into_form()?);))
            }
            (None, _) if field.multipart => Some(quote! {
                if let Some(body) = &self.#name {
                    request.multipart_body(body.clone().into_form()?);
                }
            }),
            (None, _) if field.required => Some(quote!(request.json_body(&self.#name)?;)),
            (None, _) => Some(quote! {
                if let Some(body) = &self.#name {
                    request.json_body(body)?;
                }
            }),
        }
    });
    quote! {
        #api
        #(#path)*
        #(#fixed)*
        #(#others)*
        #fixed_body
        #body_template
    }
}

fn method_tokens(method: Method) -> TokenStream {
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

/// `pages()` and `stream()` for a list operation.
fn paging_methods(
    pagination: &crate::ir::Pagination,
    op: &Operation,
    fields: &[Field<'_>],
    names: &Names,
) -> TokenStream {
    let field_of = |wire: &str| {
        fields
            .iter()
            .find(|f| f.wire == wire && f.location == Some(ParamLocation::Query))
            .map(|f| f.ident.clone())
    };
    let (Some(limit), Some(offset)) = (field_of(&pagination.limit), field_of(&pagination.offset))
    else {
        // `resolve` checked that both parameters exist.
        return TokenStream::new();
    };
    let item = type_tokens(&pagination.item, names);
    let limit_wire = &pagination.limit;
    let offset_wire = &pagination.offset;
    let max_limit = proc_macro2::Literal::i64_unsuffixed(pagination.max_limit);
    let items = option_str(pagination.items.as_deref());
    let total = option_str(pagination.total.as_deref());
    let fixed = pagination.fixed.iter().map(|(k, v)| quote!((#k, #v)));
    let cursor_wire = option_str(pagination.cursor.as_ref().map(|c| c.param.as_str()));

    let (cursor_start, use_cursor, cursor_of) = match &pagination.cursor {
        Some(cursor) => {
            let cursor_field = field_of(&cursor.param);
            let start = cursor_field
                .as_ref()
                .map_or_else(|| quote!(None), |f| quote!(self.#f.clone()));
            let condition = cursor.only_when.as_ref().and_then(|(param, values)| {
                let field = field_of(param)?;
                Some(quote!(
                    &&matches!(self.#field.as_deref(), None #(| Some(#values))*)
                ))
            });
            let item_field = match &pagination.item {
                crate::ir::TypeRef::Named(item_type) => names.member(item_type, &cursor.field),
                _ => None,
            };
            let item_field = ident(item_field.unwrap_or("id"));
            (
                start,
                quote!(self.#offset.unwrap_or(0) == 0 #condition),
                quote!(Some(|item: &#item| item.#item_field.as_str())),
            )
        }
        None => (quote!(None), quote!(false), quote!(None)),
    };
    let mode_doc = match &pagination.cursor {
        Some(cursor) => match &cursor.only_when {
            Some((param, values)) => format!(
                " It moves by the `{}` cursor when `{param}` is absent or one of {} and no `{offset_wire}` is set, so items added or removed during the walk are neither skipped nor repeated; otherwise by `{offset_wire}`.",
                cursor.param,
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!(
                " It moves by the `{}` cursor unless `{offset_wire}` is set.",
                cursor.param
            ),
        },
        None => format!(" It moves by `{offset_wire}`."),
    };
    let name = &op.name;
    let pages_doc = format!(
        " Every page of `{name}`, in order: `{limit_wire}` items a page (default [`DEFAULT_PAGE_SIZE`](crate::DEFAULT_PAGE_SIZE), at most {max_limit}), starting where this call's parameters say."
    );
    quote! {
        #[doc = #pages_doc]
        ///
        #[doc = #mode_doc]
        /// The walk ends on a short or empty page or when the reported total is reached, and
        /// with [`Error::Pagination`](crate::Error::Pagination) if a page comes back twice.
        pub fn pages(
            self,
        ) -> impl crate::Stream<Item = Result<Vec<#item>, crate::Error>> + Send + 'a {
            let paging = crate::pagination::Paging {
                limit: #limit_wire,
                offset: #offset_wire,
                cursor: #cursor_wire,
                items: #items,
                total: #total,
                max_limit: #max_limit,
                fixed: &[#(#fixed),*],
            };
            let start = crate::pagination::Start {
                limit: self.#limit,
                offset: self.#offset,
                cursor: #cursor_start,
                use_cursor: #use_cursor,
                cursor_of: #cursor_of,
            };
            let client = self.client;
            crate::pagination::pages(client, paging, start, move || self.request())
        }

        /// Every item of every page, in order; see [`pages`](Self::pages) for how it walks.
        pub fn stream(self) -> impl crate::Stream<Item = Result<#item, crate::Error>> + Send + 'a {
            crate::pagination::items(self.pages())
        }
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
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
