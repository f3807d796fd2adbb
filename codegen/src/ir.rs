//! The intermediate representation: what the client must do, free of YAML and of Rust syntax.
//!
//! Plain data, so tests can build it by hand and emitters never see the raw document.

/// The client to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// Display name of the capability.
    pub title: String,
    /// What the capability is for.
    pub description: Option<String>,
    /// Default base URL of each consumed API (no trailing slash; may be empty), and its
    /// namespace. Operations refer to them by index; the first is the client's main one.
    pub apis: Vec<ApiBase>,
    /// The environment variable that overrides the main base URL in `from_env`, if any.
    pub base_url_env: Option<String>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Named types for bodies and responses, in spec order.
    pub types: Vec<TypeDef>,
}

/// One consumed API's base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    /// The consumes entry's namespace (how callers name it to override its URL).
    pub namespace: String,
    /// Its default base URL, without a trailing slash.
    pub url: String,
    /// How its requests authenticate.
    pub auth: Auth,
}

/// Request authentication of one consumed API. Credentials are never part of the
/// capability's generated code: callers pass them, or `from_env` reads the variables named
/// here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Requests carry no credentials.
    None,
    /// `Authorization: Bearer <secret>`.
    Bearer {
        /// The environment variable holding the token, if the capability binds one.
        env_var: Option<String>,
    },
    /// `Authorization: Basic <base64(username:password)>`.
    Basic {
        /// The environment variable holding the user name, if bound.
        username_env: Option<String>,
        /// The environment variable holding the password, if bound.
        password_env: Option<String>,
    },
    /// A key sent as a named header or query parameter.
    ApiKey {
        /// The header or query parameter name.
        name: String,
        /// Whether it goes in the query (else a header).
        in_query: bool,
        /// The environment variable holding the key, if bound.
        env_var: Option<String>,
    },
    /// OAuth 2 client credentials: the client fetches an access token from the token
    /// endpoint with a client id and secret callers pass, caches it, and sends it as a
    /// bearer token.
    OAuth2 {
        /// The token endpoint.
        token_url: String,
        /// The scopes to ask for.
        scopes: Vec<String>,
        /// The audience to ask for, if any.
        audience: Option<String>,
    },
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The spec's name, e.g. `GetUserList`.
    pub name: String,
    /// The resource this operation belongs to (groups operations into files).
    pub resource: String,
    /// HTTP method.
    pub method: Method,
    /// The path below the base URL, split into literals and parameters.
    pub path: Vec<PathPart>,
    /// The path as the spec writes it, with `{param}` placeholders.
    pub path_template: String,
    /// Short title.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Path, query and header parameters, in spec order.
    pub params: Vec<Param>,
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// The success response's type; `None` when the spec does not say (decoded as any JSON).
    pub response: Option<TypeRef>,
    /// Error statuses the spec lists, in order, for docs.
    pub error_statuses: Vec<String>,
    /// How to walk all pages, for list operations.
    pub pagination: Option<Pagination>,
    /// Which consumed API (index into `Api::apis`) serves it.
    pub api: usize,
    /// Headers and query parameters with fixed values, sent with every call.
    pub fixed: Vec<FixedParam>,
    /// A fixed JSON body (minified), sent when the operation has no body parameter.
    pub fixed_body: Option<String>,
    /// How the success body is returned.
    pub response_format: ResponseFormat,
    /// Values the client extracts from the JSON response (empty: the response as it is).
    pub outputs: Vec<Output>,
    /// A non-JSON body the capability writes out, filled from `BodyTemplate` parameters.
    pub body_template: Option<BodyTemplate>,
    /// The API discourages it (`x-deprecated`): what to use instead.
    pub deprecated: Option<String>,
}

/// A request body written in the capability, with `{{placeholders}}` callers fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyTemplate {
    /// Text sent with this content type (plain text, XML, SPARQL).
    Text {
        /// The `Content-Type`.
        content_type: String,
        /// The text.
        text: Template,
    },
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, Template)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<TemplatePart>),
}

/// One part of a multipart body template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePart {
    /// The form field name.
    pub name: String,
    /// Its content.
    pub value: Template,
    /// A file name, which makes the part a file upload.
    pub file_name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
}

/// Text with placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template(pub Vec<TemplateSegment>);

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSegment {
    /// Literal text.
    Text(String),
    /// The value of the `BodyTemplate` parameter with this name.
    Placeholder(String),
}

/// A value extracted from a JSON response by a path such as `$.items[*].id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The spec's name.
    pub name: String,
    /// What it is.
    pub description: Option<String>,
    /// The JSON type expected at the path.
    pub kind: OutputKind,
    /// The path, step by step from the response's root.
    pub path: Vec<PathStep>,
    /// The path as the spec writes it, for docs.
    pub expression: String,
}

/// The JSON type an output expects; anything else reads as absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// A string.
    String,
    /// A number (`f64`).
    Number,
    /// An integer (`i64`).
    Integer,
    /// `true` or `false`.
    Boolean,
    /// Any JSON value (objects, arrays).
    Any,
}

/// One step of an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
    /// Every element of an array (at most one per path).
    Each,
}

/// How an operation returns its success body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseFormat {
    /// Decoded from JSON (into the response type, or `serde_json::Value`).
    #[default]
    Json,
    /// As text (`String`): CSV, XML, YAML, HTML, Markdown and other text formats.
    Text,
    /// As the raw bytes (`bytes::Bytes`): images, PDFs, archives.
    Binary,
}

/// A parameter whose value the spec fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedParam {
    /// Query or header.
    pub location: ParamLocation,
    /// Wire name.
    pub name: String,
    /// The value sent.
    pub value: String,
}

/// How a list operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The page-size query parameter.
    pub limit: String,
    /// The offset query parameter.
    pub offset: String,
    /// The largest page size the API accepts.
    pub max_limit: i64,
    /// The response field holding the items; `None` when the body is the list.
    pub items: Option<String>,
    /// The response field holding the total count.
    pub total: Option<String>,
    /// Query parameters every page request sets.
    pub fixed: Vec<(String, String)>,
    /// Cursor paging, where supported.
    pub cursor: Option<CursorPaging>,
    /// The item type.
    pub item: TypeRef,
}

/// Cursor paging of a list operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorPaging {
    /// The cursor query parameter.
    pub param: String,
    /// The item field that feeds it; always a required string field.
    pub field: String,
    /// `(param, values)`: the cursor may be used only when `param` is absent or one of these.
    pub only_when: Option<(String, Vec<String>)>,
}

/// HTTP methods the client can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Parses a method name in any case.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.to_ascii_uppercase().as_str() {
            "GET" => Self::Get,
            "POST" => Self::Post,
            "PUT" => Self::Put,
            "PATCH" => Self::Patch,
            "DELETE" => Self::Delete,
            "HEAD" => Self::Head,
            "OPTIONS" => Self::Options,
            _ => return None,
        })
    }

    /// The upper-case method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Sent as written.
    Literal(String),
    /// Replaced by the percent-encoded value of the path parameter with this wire name.
    Param(String),
}

/// One request parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Wire name.
    pub name: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Its type.
    pub ty: ParamType,
    /// Whether callers must pass it (required parameters become method arguments).
    pub required: bool,
    /// What it means.
    pub description: Option<String>,
    /// How callers build its values.
    pub style: ParamStyle,
}

/// Typed helpers for special parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ParamStyle {
    /// Values as their type says.
    #[default]
    Plain,
    /// A list whose values take a `+` (include) or `-` (exclude) prefix.
    IncludeExclude,
    /// A sort order: a field with an optional `+`/`-`; fields typed by this enum, if given.
    OrderBy(Option<TypeRef>),
    /// One value of this named string enum (`x-type` on a string parameter).
    Choice(TypeRef),
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query-string pair (arrays repeat the key).
    Query,
    /// A request header.
    Header,
    /// A cookie, sent in the `Cookie` header.
    Cookie,
    /// A `{{placeholder}}` in the operation's body template.
    BodyTemplate,
}

/// The parameter types a Naftiko file can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// Text.
    String,
    /// A 64-bit integer.
    Integer,
    /// A floating point number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of strings.
    Array,
    /// Any JSON value (objects in the query are sent as JSON text).
    Json,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Whether callers must pass it.
    pub required: bool,
    /// What it is.
    pub description: Option<String>,
    /// Its type; `None` when the spec does not say (any JSON).
    pub ty: Option<TypeRef>,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// For a list body, how many items it may hold; others are refused before sending.
    pub items: Option<ItemCount>,
    /// Its type is a struct with bounded lists (its `check_items` runs before sending).
    pub checks_items: bool,
}

/// Bounds on a list's length (`minItems`, `maxItems`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemCount {
    /// The fewest items.
    pub min: Option<u64>,
    /// The most items.
    pub max: Option<u64>,
}

/// A named type for bodies and responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    /// The spec's name; nested types are named `Owner.field` (names make them Rust names).
    pub name: String,
    /// The top-level type this one was declared in (decides its output file).
    pub owner: String,
    /// What it is.
    pub description: Option<String>,
    /// Its shape.
    pub kind: TypeKind,
}

/// The shapes a named type can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// A JSON object with known fields; unknown fields are ignored when decoding.
    Struct(Vec<Field>),
    /// A string with known values; any other value is kept as unknown.
    Enum(Vec<String>),
    /// One of several named types.
    Union {
        /// The property whose value says which variant an object is.
        discriminator: Option<String>,
        /// The variants, in spec order.
        variants: Vec<Variant>,
    },
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the spec lists it as required.
    pub required: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Whether the object means nothing without it (its `id`, or what the type's
    /// `x-strict` names): a response lacking it fails to decode instead of defaulting.
    pub identity: bool,
    /// What it means.
    pub description: Option<String>,
    /// For a list, how many items a request may send (`minItems`, `maxItems`).
    pub items: Option<ItemCount>,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The discriminator value that selects it, if known.
    pub tag: Option<String>,
    /// The named type of the variant.
    pub ty: String,
    /// How to recognise it when an object arrives without its discriminator: it is this
    /// variant if any rule matches (empty: never inferred).
    pub infer: Vec<InferRule>,
}

/// A rule that recognises a union variant from a property other than the discriminator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferRule {
    /// The property looked at.
    pub property: String,
    /// Values that match: exact text, `prefix*`, or `*` for any non-null value.
    pub patterns: Vec<String>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// Text.
    String,
    /// A 64-bit integer (timestamps are milliseconds).
    Integer,
    /// A floating point number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// File contents (multipart parts).
    Binary,
    /// Any JSON value.
    Any,
    /// An object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A list.
    Array(Box<TypeRef>),
    /// A named type.
    Named(String),
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyEncoding {
    /// `application/json`.
    #[default]
    Json,
    /// `multipart/form-data`, one part per field.
    Multipart,
}
