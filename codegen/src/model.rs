//! Stage 2: the parts of a capability document that a client needs, in the one shape that
//! [`dialect`](crate::dialect) leaves (Naftiko's: arrays of named objects).
//!
//! Every field is optional here and unknown keys are ignored: real files carry keys the schema
//! does not list, and a missing field is reported by `resolve` together with all other
//! problems instead of stopping at the first one.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A whole Naftiko document.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Document {
    /// Human-facing metadata.
    pub info: Option<Info>,
    /// External values (secrets, settings) bound by name.
    pub binds: Vec<Bind>,
    /// What the capability consumes and exposes.
    pub capability: Option<Capability>,
    /// Named types for bodies and responses (an extension; see `schema`).
    #[serde(rename = "x-types")]
    pub x_types: Option<Value>,
}

/// Human-facing metadata.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Info {
    /// Display name.
    pub label: Option<String>,
    /// What the capability is for.
    pub description: Option<String>,
}

/// A group of bound values, e.g. environment variables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Bind {
    /// Where the values come from (`env` for environment variables).
    pub namespace: Option<String>,
    /// Name used in the document -> name at the source.
    pub keys: serde_json::Map<String, Value>,
}

/// The capability body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Capability {
    /// The HTTP APIs the capability calls.
    pub consumes: Vec<Consumes>,
}

/// One consumed HTTP API.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Consumes {
    /// Adapter type; `http` for HTTP APIs.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Short identifier of the API.
    pub namespace: Option<String>,
    /// Base URL that resource paths are appended to.
    pub base_uri: Option<String>,
    /// What the API is.
    pub description: Option<String>,
    /// How requests authenticate.
    pub authentication: Option<Authentication>,
    /// Parameters shared by every operation of this API.
    pub input_parameters: Vec<InputParameter>,
    /// Paths and their operations.
    pub resources: Vec<Resource>,
    /// An environment variable that overrides `baseUri` in `from_env` (an extension).
    #[serde(rename = "x-base-url-env")]
    pub x_base_url_env: Option<String>,
}

/// Request authentication.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Authentication {
    /// `bearer`, `basic`, `apikey`, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The bearer token, often a reference such as `{{env.API_KEY}}`.
    pub token: Option<String>,
    /// Basic and digest: the user name (a reference or literal).
    pub username: Option<String>,
    /// Basic and digest: the password (a reference).
    pub password: Option<String>,
    /// API key: the header or query parameter name.
    pub key: Option<String>,
    /// API key: the key itself (a reference).
    pub value: Option<String>,
    /// API key: `header` (the default) or `query`.
    pub placement: Option<String>,
    /// Not in the schema: OpenAPI's `scheme` beside `type: http` (`bearer`, `basic`).
    pub scheme: Option<String>,
    /// API key: not in the schema, but published files write OpenAPI's `name` for `key`.
    pub name: Option<String>,
    /// API key: not in the schema, but published files write OpenAPI's `in` for `placement`.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// OAuth 2: the authorization server's token endpoint.
    #[serde(rename = "tokenEndpoint")]
    pub token_endpoint: Option<String>,
    /// OAuth 2: the scopes to ask for.
    pub scopes: Vec<String>,
    /// OAuth 2: the audience to ask for.
    pub audience: Option<String>,
}

/// A path and the operations on it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Resource {
    /// Identifier of the resource.
    pub name: Option<String>,
    /// Path template below the base URI, with `{x}` or `{{x}}` placeholders.
    pub path: Option<String>,
    /// What the resource is.
    pub description: Option<String>,
    /// Parameters shared by every operation on this path.
    pub input_parameters: Vec<InputParameter>,
    /// The HTTP operations on this path.
    pub operations: Vec<Operation>,
}

/// One HTTP operation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Operation {
    /// Identifier of the operation, e.g. `GetUserList`.
    pub name: Option<String>,
    /// HTTP method.
    pub method: Option<String>,
    /// Short title.
    pub label: Option<String>,
    /// What the operation does.
    pub description: Option<String>,
    /// Request parameters.
    pub input_parameters: Vec<InputParameter>,
    /// A fixed request body (alpha1 style), JSON text or a JSON value.
    pub body: Option<Value>,
    /// `json` (default), `xml`, `text`...: how the response body is read.
    pub output_raw_format: Option<String>,
    /// Values extracted from the response by JSONPath.
    pub output_parameters: Vec<OutputParameter>,
    /// A typed body other than JSON (`{type: text|xml|sparql|formUrlEncoded|multipartForm,
    /// data}`): Ikanos `body` of those kinds, moved here by the dialect stage.
    #[serde(rename = "x-body")]
    pub x_body: Option<TypedBody>,
    /// Response body schema per status (an extension; `null` means no body).
    #[serde(rename = "x-responses")]
    pub x_responses: IndexMap<String, Option<Value>>,
    /// How the operation pages through a list (an extension).
    #[serde(rename = "x-pagination")]
    pub x_pagination: Option<Value>,
    /// The API discourages the operation: what to use instead (an extension).
    #[serde(rename = "x-deprecated")]
    pub x_deprecated: Option<String>,
}

/// A typed request body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TypedBody {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Its content: text, form fields (object or pre-encoded text) or multipart parts.
    pub data: Option<Value>,
}

/// A value extracted from a consumed operation's JSON response.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OutputParameter {
    /// Its name.
    pub name: Option<String>,
    /// `string`, `number`, `integer`, `boolean`, `object` or `array`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The JSONPath into the response, e.g. `$.data[0].id`.
    pub value: Option<String>,
    /// What it is.
    pub description: Option<String>,
}

/// `x-pagination`: which parameters and response fields page through a list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct PaginationSpec {
    /// The page-size query parameter.
    pub limit: String,
    /// The offset query parameter.
    pub offset: String,
    /// The largest page size the API accepts.
    pub max_limit: Option<i64>,
    /// The response field holding the items; absent when the body is the list.
    pub items: Option<String>,
    /// The response field holding the total count, if any.
    pub total: Option<String>,
    /// Query parameters every page request sets, e.g. `{paginated: "true"}`.
    pub fixed: IndexMap<String, String>,
    /// Cursor paging, where the API supports it.
    pub cursor: Option<CursorSpec>,
}

/// Cursor paging: the parameter, the item field that feeds it, and when it may be used.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct CursorSpec {
    /// The cursor query parameter, e.g. `starting_after`.
    pub param: String,
    /// The item field whose value continues the walk, e.g. `id`.
    pub field: String,
    /// The cursor may be used only when this parameter is absent or has one of these values.
    pub only_when: Option<OnlyWhen>,
}

/// A condition on one parameter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct OnlyWhen {
    /// The parameter's wire name.
    pub param: String,
    /// Values that allow it (absence always does).
    pub absent_or_one_of: Vec<String>,
}

/// One request parameter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InputParameter {
    /// Wire name.
    pub name: Option<String>,
    /// Where it goes: `path`, `query`, `header`, `cookie`, `body`, `environment`.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// `string`, `integer`, `number`, `boolean`, `array` or `object`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// What it means.
    pub description: Option<String>,
    /// Whether a request must carry it.
    pub required: Option<bool>,
    /// A fixed value; such parameters are sent by the client, not passed by callers.
    pub value: Option<Value>,
    /// The body's schema (an extension, on `in: body` parameters).
    #[serde(rename = "x-type")]
    pub x_type: Option<Value>,
    /// How the body is encoded (an extension): `application/json` or `multipart/form-data`.
    #[serde(rename = "x-content-type")]
    pub x_content_type: Option<String>,
    /// `include-exclude`: list values take a `+`/`-` prefix (an extension).
    #[serde(rename = "x-filter")]
    pub x_filter: Option<String>,
    /// A sort parameter: `field` or `+field`/`-field`, fields typed by this schema (an extension).
    #[serde(rename = "x-order-by")]
    pub x_order_by: Option<Value>,
}
