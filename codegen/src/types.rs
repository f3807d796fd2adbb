//! Stage 3b: named schemas and type links -> IR types.
//!
//! Inline objects, enums and unions inside a type are hoisted into named types called
//! `Owner.field`, so every Rust type has a name and a home file (its owner's).

use std::collections::BTreeSet;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, DocPath};
use crate::ir::{Field, InferRule, ItemCount, TypeDef, TypeKind, TypeRef, Variant};
use crate::load::SourceMap;
use crate::schema::{Schema, referenced_name};

/// The field a response object cannot lack unless its type says otherwise (`x-strict`):
/// without it the object cannot be named in any later call.
const DEFAULT_IDENTITY: &str = "id";

/// Converts schemas into IR types, collecting every problem.
pub struct TypeConverter<'a> {
    map: &'a SourceMap,
    /// Names declared at the top level of `x-types` (valid schemas or not).
    declared: BTreeSet<String>,
    /// Every named schema, parsed once before any is converted: a union reads its
    /// variants' tags and inference rules here, whatever order the types come in.
    named: Rc<IndexMap<String, Schema>>,
    /// Types produced so far, in order.
    pub types: Vec<TypeDef>,
    /// Where each name's (first) type is in `types`.
    index: std::collections::HashMap<String, usize>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> TypeConverter<'a> {
    /// A converter for a document whose named types are `x_types`.
    pub fn new(map: &'a SourceMap, x_types: Option<&Value>) -> Self {
        let declared = x_types
            .and_then(Value::as_object)
            .map(|types| types.keys().cloned().collect())
            .unwrap_or_default();
        Self {
            map,
            declared,
            named: Rc::default(),
            types: Vec::new(),
            index: std::collections::HashMap::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Converts every top-level named type.
    pub fn named_types(&mut self, x_types: Option<&Value>, path: &DocPath) {
        let Some(types) = x_types else {
            return;
        };
        let Some(types) = types.as_object() else {
            self.error(
                path,
                "`x-types` must map type names to schemas",
                "write `x-types: {Name: {type: object, properties: ...}}` or a `$ref` to a types file",
            );
            return;
        };
        let mut named = IndexMap::new();
        for (name, value) in types {
            if let Some(schema) = self.parse(value, &path.key(name)) {
                named.insert(name.clone(), schema);
            }
        }
        self.named = Rc::new(named);
        for (name, schema) in Rc::clone(&self.named).iter() {
            self.top_level(name, schema, &path.key(name));
        }
    }

    /// Parses a schema value, reporting a located error if it does not fit the subset.
    pub fn parse(&mut self, value: &Value, path: &DocPath) -> Option<Schema> {
        match serde_path_to_error::deserialize::<_, Schema>(value) {
            Ok(schema) => Some(schema),
            Err(error) => {
                let mut at = path.clone();
                for segment in error.path().iter() {
                    match segment {
                        serde_path_to_error::Segment::Map { key } => at = at.key(key),
                        serde_path_to_error::Segment::Seq { index } => at = at.index(*index),
                        _ => {}
                    }
                }
                self.error(
                    &at,
                    format!("not a schema of the supported subset: {}", error.inner()),
                    "see the header of the types file for the keywords it may use",
                );
                None
            }
        }
    }

    /// The type of a link (`x-responses`, `x-type`); inline shapes are named after `owner`.
    pub fn link(&mut self, schema: &Schema, owner: &str, path: &DocPath) -> TypeRef {
        self.type_ref(schema, owner, owner, path)
    }

    fn top_level(&mut self, name: &str, schema: &Schema, path: &DocPath) {
        let description = schema.description.clone();
        if !schema.one_of.is_empty() {
            self.union(name, name, schema, path);
        } else if schema.kind.as_deref() == Some("string") && schema.values.len() > 1 {
            let values = self.enum_values(schema, path);
            self.push(name, name, description, TypeKind::Enum(values));
        } else if schema.kind.as_deref() == Some("object") || !schema.properties.is_empty() {
            self.structure(name, name, schema, path);
        } else {
            self.error(
                path,
                format!("named type `{name}` is neither an object, a string enum nor a oneOf"),
                "name only objects, enums and unions; write other shapes inline where used",
            );
        }
    }

    fn structure(&mut self, name: &str, owner: &str, schema: &Schema, path: &DocPath) {
        let mut fields = Vec::new();
        for (field, field_schema) in &schema.properties {
            let field_path = path.key("properties").key(field);
            if !crate::names::has_word(field) {
                self.warning(
                    &field_path,
                    format!(
                        "the property `{field}` has no ASCII letter or digit, so its Rust field gets a made-up name (`value`, numbered if taken); on the wire it stays `{field}`"
                    ),
                );
            }
            let hoisted = format!("{name}.{field}");
            let ty = self.type_ref(field_schema, &hoisted, owner, &field_path);
            fields.push(Field {
                name: field.clone(),
                ty,
                required: schema.required.iter().any(|r| r == field),
                nullable: field_schema.nullable,
                deprecated: field_schema.deprecated,
                identity: match &schema.strict {
                    Some(strict) => strict.contains(field),
                    None => field == DEFAULT_IDENTITY,
                },
                description: field_schema.description.clone(),
                items: (field_schema.min_items.is_some() || field_schema.max_items.is_some())
                    .then_some(ItemCount {
                        min: field_schema.min_items,
                        max: field_schema.max_items,
                    }),
            });
        }
        for strict in schema.strict.iter().flatten() {
            if !schema.required.contains(strict) {
                self.warning(
                    &path.key("x-strict"),
                    format!(
                        "`{strict}` is in `x-strict` but is not a required property of `{name}`"
                    ),
                );
            }
        }
        for required in &schema.required {
            if !schema.properties.contains_key(required) {
                self.warning(
                    &path.key("required"),
                    format!("`{required}` is listed as required but is not a property of `{name}`"),
                );
            }
        }
        self.push(
            name,
            owner,
            schema.description.clone(),
            TypeKind::Struct(fields),
        );
    }

    fn union(&mut self, name: &str, owner: &str, schema: &Schema, path: &DocPath) {
        let discriminator = schema
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone())
            .filter(|p| !p.is_empty());
        let mut variants = Vec::new();
        for (index, alternative) in schema.one_of.iter().enumerate() {
            let variant_path = path.key("oneOf").index(index);
            let hoisted = format!("{name}.variant{}", index + 1);
            let ty = match self.type_ref(alternative, &hoisted, owner, &variant_path) {
                TypeRef::Named(ty) => ty,
                _ => {
                    self.error(
                        &variant_path,
                        "a oneOf alternative must be an object or a `$ref` to a named type",
                        "name the alternative in `x-types` and refer to it",
                    );
                    continue;
                }
            };
            let tag = schema.discriminator.as_ref().and_then(|d| {
                d.mapping
                    .iter()
                    .find(|(_, target)| referenced_name(target) == Some(ty.as_str()))
                    .map(|(tag, _)| tag.clone())
                    .or_else(|| self.single_value(&ty, &d.property_name))
            });
            let infer = if alternative.reference.is_some() {
                self.infer_rules(&ty)
            } else {
                rules(&alternative.infer)
            };
            variants.push(Variant { tag, ty, infer });
        }
        self.push(
            name,
            owner,
            schema.description.clone(),
            TypeKind::Union {
                discriminator,
                variants,
            },
        );
    }

    fn type_ref(&mut self, schema: &Schema, hoisted: &str, owner: &str, path: &DocPath) -> TypeRef {
        if let Some(reference) = &schema.reference {
            return self.named_ref(reference, path);
        }
        if !schema.one_of.is_empty() {
            self.union(hoisted, owner, schema, path);
            return TypeRef::Named(hoisted.to_owned());
        }
        match schema.kind.as_deref() {
            Some("string") if schema.values.len() > 1 => {
                let values = self.enum_values(schema, path);
                self.push(
                    hoisted,
                    owner,
                    schema.description.clone(),
                    TypeKind::Enum(values),
                );
                TypeRef::Named(hoisted.to_owned())
            }
            Some("string") if schema.format.as_deref() == Some("binary") => TypeRef::Binary,
            Some("string") => TypeRef::String,
            Some("integer") => TypeRef::Integer,
            Some("number") => TypeRef::Number,
            Some("boolean") => TypeRef::Boolean,
            Some("array") => self.array_ref(schema, hoisted, owner, path),
            Some("object") | None if !schema.properties.is_empty() => {
                self.structure(hoisted, owner, schema, path);
                TypeRef::Named(hoisted.to_owned())
            }
            Some("object") => self.map_ref(schema, hoisted, owner, path),
            None => {
                if !schema.any {
                    self.warning(
                        path,
                        "this schema has no `type`, properties or `oneOf`: its values are untyped JSON (`serde_json::Value`); give it a `type` for a typed value, or `x-any: true` if any value is meant",
                    );
                }
                TypeRef::Any
            }
            Some(other) => {
                self.error(
                    &path.key("type"),
                    format!("unknown schema type `{other}`"),
                    "use object, array, string, integer, number or boolean",
                );
                TypeRef::Any
            }
        }
    }

    /// A `$ref` to a declared type.
    fn named_ref(&mut self, reference: &str, path: &DocPath) -> TypeRef {
        match referenced_name(reference) {
            Some(name) if self.declared.contains(name) => TypeRef::Named(name.to_owned()),
            _ => {
                self.error(
                    &path.key("$ref"),
                    format!("`$ref: {reference}` does not name a type in `x-types`"),
                    "refer to types as `#/types/Name`, with Name declared in the types file",
                );
                TypeRef::Any
            }
        }
    }

    /// An array of its `items` (hoisted as `<name>.item`), or of untyped JSON without them.
    fn array_ref(
        &mut self,
        schema: &Schema,
        hoisted: &str,
        owner: &str,
        path: &DocPath,
    ) -> TypeRef {
        let items = match &schema.items {
            Some(items) => {
                self.type_ref(items, &format!("{hoisted}.item"), owner, &path.key("items"))
            }
            None => {
                self.warning(
                    path,
                    "an `array` without `items`: its elements are untyped JSON (`serde_json::Value`); give it `items` for typed elements",
                );
                TypeRef::Any
            }
        };
        TypeRef::Array(Box::new(items))
    }

    /// An object without properties: a map whose values are its `additionalProperties`
    /// schema (hoisted as `<name>.value`), or untyped JSON.
    fn map_ref(&mut self, schema: &Schema, hoisted: &str, owner: &str, path: &DocPath) -> TypeRef {
        let values = match &schema.additional_properties {
            Some(Value::Object(_)) => {
                let value = schema.additional_properties.clone().unwrap_or_default();
                let inner_path = path.key("additionalProperties");
                match self.parse(&value, &inner_path) {
                    Some(inner) => {
                        self.type_ref(&inner, &format!("{hoisted}.value"), owner, &inner_path)
                    }
                    None => TypeRef::Any,
                }
            }
            _ => TypeRef::Any,
        };
        TypeRef::Map(Box::new(values))
    }

    /// Without a mapping, a variant's tag is its discriminator property's only enum value.
    fn single_value(&self, ty: &str, property: &str) -> Option<String> {
        let values = &self.named.get(ty)?.properties.get(property)?.values;
        match values.as_slice() {
            [Value::String(value)] => Some(value.clone()),
            _ => None,
        }
    }

    /// A named type's `x-infer` rules (already checked when the type itself was parsed).
    fn infer_rules(&self, ty: &str) -> Vec<InferRule> {
        self.named
            .get(ty)
            .map(|schema| rules(&schema.infer))
            .unwrap_or_default()
    }

    /// The type converted so far under `name`.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).and_then(|&at| self.types.get(at))
    }

    fn push(&mut self, name: &str, owner: &str, description: Option<String>, kind: TypeKind) {
        self.index
            .entry(name.to_owned())
            .or_insert(self.types.len());
        self.types.push(TypeDef {
            name: name.to_owned(),
            owner: owner.to_owned(),
            description,
            kind,
        });
    }

    fn error(&mut self, path: &DocPath, message: impl Into<String>, help: &str) {
        self.diagnostics.push(self.map.error(path, message, help));
    }

    /// A string enum's values, once each (non-strings in their JSON spelling); a value without a letter or digit is reported,
    /// since its variant's name is made up.
    fn enum_values(&mut self, schema: &Schema, path: &DocPath) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for value in &schema.values {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Null => continue,
                other => other.to_string(),
            };
            if !crate::names::has_word(&text) {
                self.warning(
                    &path.key("enum"),
                    format!(
                        "the enum value `{text}` has no ASCII letter or digit, so its variant gets a made-up name (`Value`, numbered if taken); on the wire it stays `{text}`"
                    ),
                );
            }
            if !values.contains(&text) {
                values.push(text);
            }
        }
        values
    }

    fn warning(&mut self, path: &DocPath, message: impl Into<String>) {
        self.diagnostics.push(self.map.warning(path, message));
    }
}

fn rules(infer: &indexmap::IndexMap<String, Vec<String>>) -> Vec<InferRule> {
    infer
        .iter()
        .filter(|(_, patterns)| !patterns.is_empty())
        .map(|(property, patterns)| InferRule {
            property: property.clone(),
            patterns: patterns.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn convert(types: Value) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        let map = SourceMap::default();
        let mut converter = TypeConverter::new(&map, Some(&types));
        converter.named_types(Some(&types), &DocPath::root().key("x-types"));
        (converter.types, converter.diagnostics)
    }

    #[test]
    fn hoists_inline_enums_objects_and_unions() {
        let (types, diagnostics) = convert(json!({
            "Email": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "object": {"type": "string", "enum": ["email_address"]},
                "status": {"type": "string", "enum": ["verified", "unverified"]},
                "meta": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "verification": {"nullable": true, "oneOf": [{"$ref": "#/types/Otp"}],
                    "discriminator": {"propertyName": "object", "mapping": {"verification_otp": "#/types/Otp"}}},
                "tags": {"type": "array", "items": {"type": "string"}},
                "extra": {"type": "object", "additionalProperties": true}
            }},
            "Otp": {"type": "object", "properties": {"object": {"type": "string"}}}
        }));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Email.status",
                "Email.meta",
                "Email.verification",
                "Email",
                "Otp"
            ]
        );
        let TypeKind::Struct(fields) = &types[3].kind else {
            panic!("Email is a struct");
        };
        assert_eq!(
            fields[1].ty,
            TypeRef::String,
            "single-value enums are plain strings"
        );
        assert_eq!(fields[2].ty, TypeRef::Named("Email.status".into()));
        assert!(fields[4].nullable);
        assert_eq!(fields[5].ty, TypeRef::Array(Box::new(TypeRef::String)));
        assert_eq!(fields[6].ty, TypeRef::Map(Box::new(TypeRef::Any)));
        let TypeKind::Union {
            discriminator,
            variants,
        } = &types[2].kind
        else {
            panic!("verification is a union");
        };
        assert_eq!(discriminator.as_deref(), Some("object"));
        assert_eq!(variants[0].tag.as_deref(), Some("verification_otp"));
        assert!(types.iter().all(|t| t.name == "Otp" || t.owner == "Email"));
    }

    #[test]
    fn unresolved_references_are_errors() {
        let (_, diagnostics) = convert(json!({
            "A": {"type": "object", "properties": {"b": {"$ref": "#/types/Missing"}}}
        }));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].path.to_string(),
            "x-types.A.properties.b[\"$ref\"]"
        );
    }
}
