//! The JSON-Schema subset named types are written in (see `specs/*.types.yaml`).
//!
//! `type`, `properties`, `required`, `nullable`, `enum`, `items` (with `minItems` and
//! `maxItems`, checked on request bodies before sending), `oneOf` with a
//! `discriminator`, `additionalProperties`, `format: binary`, `deprecated`, `description`
//! and `$ref: '#/types/Name'`; `x-infer`, which recognises a union variant that arrives
//! without its discriminator, `x-strict`, the fields a response object cannot lack, and
//! `x-any: true`, a schema that is any JSON value on purpose (no warning that it is untyped).
//! Unknown keywords are ignored.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// One schema node.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Schema {
    /// A reference to a named type: `#/types/Name`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// `object`, `array`, `string`, `integer`, `number` or `boolean`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// What it means.
    pub description: Option<String>,
    /// Object properties, in spec order.
    pub properties: IndexMap<String, Schema>,
    /// Properties that must be present.
    pub required: Vec<String>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Whether the spec discourages its use.
    pub deprecated: bool,
    /// Allowed values of a string.
    #[serde(rename = "enum")]
    pub values: Vec<Value>,
    /// The element schema of an array.
    pub items: Option<Box<Schema>>,
    /// The fewest items an array may hold.
    #[serde(rename = "minItems")]
    pub min_items: Option<u64>,
    /// The most items an array may hold.
    #[serde(rename = "maxItems")]
    pub max_items: Option<u64>,
    /// Alternatives.
    #[serde(rename = "oneOf")]
    pub one_of: Vec<Schema>,
    /// How to tell the alternatives apart.
    pub discriminator: Option<Discriminator>,
    /// `true`, `false`, or the schema of an object's other values.
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<Value>,
    /// `binary` for file contents.
    pub format: Option<String>,
    /// As a union variant without its discriminator, this type is recognised by these
    /// properties' values: property -> patterns (exact, `prefix*`, or `*` for any value).
    #[serde(rename = "x-infer")]
    pub infer: IndexMap<String, Vec<String>>,
    /// The fields without which an object means nothing (default: `id`): the only
    /// required fields of a response that fail decoding when absent.
    #[serde(rename = "x-strict")]
    pub strict: Option<Vec<String>>,
    /// Any JSON value on purpose: without `type`, no warning that it is untyped.
    #[serde(rename = "x-any")]
    pub any: bool,
}

/// How a `oneOf` says which alternative an object is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Discriminator {
    /// The property holding the tag, e.g. `object`.
    pub property_name: String,
    /// Tag value -> `#/types/Name`.
    pub mapping: IndexMap<String, String>,
}

/// The type name a `#/types/Name` reference points at.
pub fn referenced_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/types/")
        .filter(|name| !name.is_empty() && !name.contains('/'))
}
