//! Stage 1c: replace `x-types: {$ref: file#/pointer}` by the referenced document part.
//!
//! The generator stays pure: referenced files are passed in by the caller, matched by file
//! name, and their positions are grafted into the source map so problems in them are
//! reported in the right file.

use std::path::Path;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, DocPath};
use crate::load::{self, Loaded, SourceFile};

/// Inlines the `$ref` of `x-types`, if any.
pub fn inline_types(loaded: &mut Loaded, documents: &[SourceFile]) -> Vec<Diagnostic> {
    let path = DocPath::root().key("x-types");
    let Some(reference) = loaded
        .value
        .get("x-types")
        .and_then(|types| types.get("$ref"))
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Vec::new();
    };
    let ref_path = path.key("$ref");
    let (file, pointer) = reference
        .split_once('#')
        .unwrap_or((reference.as_str(), ""));
    let wanted = Path::new(file).file_name();
    let Some(document) = documents
        .iter()
        .find(|doc| wanted.is_some() && Path::new(&doc.name).file_name() == wanted)
    else {
        let available: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
        return vec![loaded.source_map.error(
            &ref_path,
            format!("`$ref: {reference}` names a file that was not given to the generator"),
            &format!(
                "pass the file alongside the spec (given: {})",
                if available.is_empty() {
                    "none".to_owned()
                } else {
                    available.join(", ")
                }
            ),
        )];
    };
    let types_doc = match load::load(document) {
        Ok(types_doc) => types_doc,
        Err(diagnostics) => return diagnostics,
    };
    let Some(mut types) = types_doc.value.pointer(pointer).cloned() else {
        return vec![loaded.source_map.error(
            &ref_path,
            format!("`{pointer}` does not exist in {}", document.name),
            "point at the map of types, e.g. `#/types`",
        )];
    };
    // References within the referenced part (OpenAPI's `#/components/schemas/X`) become
    // references among the named types.
    rebase_references(&mut types, &format!("#{pointer}/"));
    let mut pointer_path = DocPath::root();
    for token in pointer.split('/').skip(1) {
        pointer_path = pointer_path.key(&token.replace("~1", "/").replace("~0", "~"));
    }
    loaded
        .source_map
        .graft(&path, types_doc.source_map, &pointer_path);
    if let Some(object) = loaded.value.as_object_mut() {
        object.insert("x-types".to_owned(), types);
    }
    Vec::new()
}

/// Rewrites `$ref: "<prefix>Name"` to `$ref: "#/types/Name"` everywhere in `value`.
fn rebase_references(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(name) = reference.strip_prefix(prefix) {
                            *reference = format!("#/types/{name}");
                        }
                    }
                    other => rebase_references(other, prefix),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rebase_references(item, prefix)),
        _ => {}
    }
}
