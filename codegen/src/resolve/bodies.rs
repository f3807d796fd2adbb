//! Request bodies: one `in: body` parameter (JSON or multipart), several made into one JSON
//! object, a JSON body template of placeholders, a typed non-JSON template (`x-body`), and a
//! fixed body the client always sends.

use serde_json::Value;

use super::Resolver;
use crate::diagnostic::DocPath;
use crate::ir::{
    Body, BodyEncoding, BodyTemplate, ItemCount, Param, ParamLocation, ParamStyle, ParamType,
    TypeKind, TypeRef,
};
use crate::model::{self, InputParameter};

impl Resolver<'_> {
    pub(super) fn body(&mut self, param: &InputParameter, path: &DocPath, owner: &str) -> Body {
        let encoding = match param.x_content_type.as_deref() {
            None | Some("application/json") => BodyEncoding::Json,
            Some("multipart/form-data") => BodyEncoding::Multipart,
            Some(other) => {
                self.error(
                    &path.key("x-content-type"),
                    format!("body content type `{other}` is not supported"),
                    "use application/json or multipart/form-data",
                );
                BodyEncoding::Json
            }
        };
        let mut items = None;
        let ty = param.x_type.as_ref().and_then(|value| {
            let type_path = path.key("x-type");
            let schema = self.types.parse(value, &type_path)?;
            if schema.min_items.is_some() || schema.max_items.is_some() {
                items = Some(ItemCount {
                    min: schema.min_items,
                    max: schema.max_items,
                });
            }
            Some(self.types.link(&schema, owner, &type_path))
        });
        if encoding == BodyEncoding::Multipart && !matches!(ty, Some(TypeRef::Named(_))) {
            self.error(
                &path.key("x-type"),
                "a multipart body needs an object type naming its parts",
                "give the body `x-type: {$ref: '#/types/Name'}` with one property per part",
            );
        }
        let checks_items = encoding == BodyEncoding::Json
            && matches!(&ty, Some(TypeRef::Named(name)) if self.has_bounded_lists(name));
        Body {
            required: param.required.unwrap_or(false),
            description: param.description.clone(),
            items: items.filter(|_| matches!(ty, Some(TypeRef::Array(_)))),
            checks_items,
            ty,
            encoding,
        }
    }

    /// Whether the named struct has a list field with `minItems` or `maxItems`.
    fn has_bounded_lists(&self, name: &str) -> bool {
        matches!(
            self.types.get(name).map(|def| &def.kind),
            Some(TypeKind::Struct(fields)) if fields.iter().any(|field| field.items.is_some())
        )
    }

    /// Several `in: body` parameters are the properties of one JSON object, named after
    /// the parameters; a parameter's `x-type` (or else its `type`) types its property.
    pub(super) fn combined_body(
        &mut self,
        params: &[(&InputParameter, DocPath)],
        owner: &str,
    ) -> Option<Body> {
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for (param, path) in params {
            let name = param.name.clone()?;
            if param
                .x_content_type
                .as_deref()
                .is_some_and(|t| t != "application/json")
            {
                self.error(
                    &path.key("x-content-type"),
                    "a body made of several parameters is sent as JSON",
                    "drop `x-content-type`, or keep one `in: body` parameter",
                );
            }
            let mut schema = match &param.x_type {
                Some(schema) => schema.clone(),
                // As for other parameters, no `type` means a string.
                None => match param.kind.as_deref() {
                    None => serde_json::json!({ "type": "string" }),
                    Some(kind @ ("string" | "integer" | "number" | "boolean" | "object")) => {
                        serde_json::json!({ "type": kind })
                    }
                    // The dialects give parameters no item type: any JSON values, as meant.
                    Some("array") => {
                        serde_json::json!({ "type": "array", "items": { "x-any": true } })
                    }
                    _ => serde_json::json!({}),
                },
            };
            if let (Some(description), Value::Object(map)) = (&param.description, &mut schema) {
                map.entry("description")
                    .or_insert_with(|| Value::String(description.clone()));
            }
            if param.required == Some(true) {
                required.push(Value::String(name.clone()));
            }
            properties.insert(name, schema);
        }
        let (_, first_path) = params.first()?;
        let body_required = !required.is_empty();
        self.object_body(
            properties,
            required,
            body_required,
            "The JSON request body: one property per body parameter.",
            first_path,
            owner,
        )
    }

    /// A JSON body whose type is an object of `properties`, named after the operation.
    fn object_body(
        &mut self,
        properties: serde_json::Map<String, Value>,
        required: Vec<Value>,
        body_required: bool,
        description: &str,
        path: &DocPath,
        owner: &str,
    ) -> Option<Body> {
        let object = serde_json::json!({
            "type": "object",
            "properties": properties,
            "required": required,
        });
        let schema = self.types.parse(&object, path)?;
        let ty = self.types.link(&schema, owner, path);
        Some(Body {
            required: body_required,
            description: Some(description.to_owned()),
            ty: Some(ty),
            encoding: BodyEncoding::Json,
            items: None,
            checks_items: false,
        })
    }

    /// A JSON body template such as `{"imo": "{{shipImo}}", "crew": {{crewIds}}}`: each
    /// property filled by one placeholder becomes a property of the body object, a string
    /// where the placeholder is quoted and any JSON where it is bare.
    pub(super) fn templated_body(
        &mut self,
        text: &str,
        path: &DocPath,
        owner: &str,
    ) -> Option<Body> {
        let unsupported = |why: &str| {
            format!(
                "the body template is not sent: {why}; declare the body with `in: body` parameters instead"
            )
        };
        // Placeholders become marked strings so the template parses as JSON.
        let (mut marked, mut rest) = (String::with_capacity(text.len()), text);
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            let name = rest[start + 2..start + len].trim();
            let quoted = rest[..start].ends_with('"') && rest[start + len + 2..].starts_with('"');
            if quoted {
                marked.push_str(&rest[..start - 1]);
                marked.push_str(&format!("\"\\u0001{name}\""));
                rest = &rest[start + len + 3..];
            } else {
                marked.push_str(&rest[..start]);
                marked.push_str(&format!("\"\\u0002{name}\""));
                rest = &rest[start + len + 2..];
            }
        }
        marked.push_str(rest);
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(&marked) else {
            self.warning(
                path,
                unsupported("it is not a JSON object once its placeholders are filled"),
            );
            return None;
        };
        let mut properties = serde_json::Map::new();
        for (key, value) in &object {
            let placeholder = value.as_str().and_then(|text| {
                let kind = match text.chars().next()? {
                    '\u{1}' => "string",
                    '\u{2}' => "any",
                    _ => return None,
                };
                Some((kind, &text[1..]))
            });
            let Some((kind, name)) = placeholder else {
                self.warning(
                    path,
                    unsupported(&format!(
                        "property `{key}` is not exactly one `{{{{placeholder}}}}`"
                    )),
                );
                return None;
            };
            let description = format!("Fills `{{{{{name}}}}}` in the capability's body template.");
            let schema = match kind {
                "string" => serde_json::json!({ "type": "string", "description": description }),
                // A bare placeholder is any JSON by design.
                _ => serde_json::json!({ "description": description, "x-any": true }),
            };
            properties.insert(key.clone(), schema);
        }
        let required = properties.keys().cloned().map(Value::String).collect();
        self.object_body(
            properties,
            required,
            true,
            "The JSON request body the capability's template describes.",
            path,
            owner,
        )
    }

    /// A typed non-JSON body; its placeholders become required string arguments.
    pub(super) fn body_template(
        &mut self,
        typed: &model::TypedBody,
        params: &mut Vec<Param>,
        path: &DocPath,
    ) -> Option<BodyTemplate> {
        let kind = typed.kind.as_deref().unwrap_or("(none)");
        let data = typed.data.clone().unwrap_or(Value::Null);
        let template = match crate::body_template::parse(kind, &data) {
            Ok(template) => template,
            Err(why) => {
                self.error(
                    path,
                    format!("the request body cannot be generated: {why}"),
                    "see the Ikanos RequestBody kinds: json, text, xml, sparql, formUrlEncoded, multipartForm",
                );
                return None;
            }
        };
        for name in template.placeholders() {
            params.push(Param {
                description: Some(format!("Fills `{{{{{name}}}}}` in the request body.")),
                name,
                location: ParamLocation::BodyTemplate,
                ty: ParamType::String,
                required: true,
                style: ParamStyle::Plain,
            });
        }
        Some(template)
    }

    /// A fixed body: a JSON value, or text holding JSON.
    pub(super) fn fixed_body(&mut self, value: &Value, path: &DocPath) -> Option<String> {
        let json = match value {
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(json) => json,
                Err(error) => {
                    self.warning(
                        path,
                        format!("the fixed body is not JSON ({error}); it is not sent"),
                    );
                    return None;
                }
            },
            other => other.clone(),
        };
        Some(json.to_string())
    }
}
