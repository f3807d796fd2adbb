//! Stage 1c: replace `x-types: {$ref: file#/pointer}` by the referenced document part.
//!
//! `x-types` may also list several references. The first names the capability's own types,
//! which are all generated; the others are shared libraries of types (one vendor's common
//! objects, say), of which only the types the capability uses are generated, so a library
//! can serve several capabilities without each client carrying all of it. A name declared
//! in two files is an error.
//!
//! The generator stays pure: referenced files are passed in by the caller, matched by file
//! name, and their positions are grafted into the source map so problems in them are
//! reported in the right file.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, DocPath};
use crate::load::{self, Loaded, SourceFile};

/// Inlines the `$ref` (or the list of `$ref`s) of `x-types`, if any.
pub fn inline_types(loaded: &mut Loaded, documents: &[SourceFile]) -> Vec<Diagnostic> {
    let path = DocPath::root().key("x-types");
    let references = match references(loaded, &path) {
        Ok(references) => references,
        Err(diagnostic) => return vec![*diagnostic],
    };
    if references.is_empty() {
        return Vec::new();
    }
    let mut merged = Map::new();
    let mut declared_in: HashMap<String, String> = HashMap::new();
    let mut own = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for (index, (ref_path, reference)) in references.iter().enumerate() {
        let part = match referenced_part(loaded, documents, ref_path, reference) {
            Ok(part) => part,
            Err(found) => {
                diagnostics.extend(found);
                continue;
            }
        };
        let Value::Object(types) = part.types else {
            diagnostics.push(loaded.source_map.error(
                ref_path,
                format!("`{reference}` is not a map of type names to schemas"),
                "point at the map of types, e.g. `#/types`",
            ));
            continue;
        };
        loaded
            .source_map
            .graft(&path, part.source_map, &part.pointer_path);
        for (name, schema) in types {
            if let Some(first) = declared_in.get(&name) {
                diagnostics.push(loaded.source_map.error(
                    &path.key(&name),
                    format!(
                        "type `{name}` is declared both in {first} and in {}",
                        part.file
                    ),
                    "declare each type in one file only",
                ));
                continue;
            }
            declared_in.insert(name.clone(), part.file.clone());
            if index == 0 {
                own.insert(name.clone());
            }
            merged.insert(name, schema);
        }
    }
    if references.len() > 1 {
        keep_used(&mut merged, &own, &loaded.value);
    }
    if let Some(object) = loaded.value.as_object_mut() {
        object.insert("x-types".to_owned(), Value::Object(merged));
    }
    diagnostics
}

/// The references `x-types` makes, with where each is written: none when `x-types` is
/// absent or written inline.
fn references(loaded: &Loaded, path: &DocPath) -> Result<Vec<(DocPath, String)>, Box<Diagnostic>> {
    let reference_of = |value: &Value| value.get("$ref").and_then(Value::as_str).map(str::to_owned);
    match loaded.value.get("x-types") {
        Some(Value::Array(entries)) => entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let at = path.index(index);
                reference_of(entry)
                    .map(|reference| (at.key("$ref"), reference))
                    .ok_or_else(|| {
                        Box::new(loaded.source_map.error(
                            &at,
                            "a list under `x-types` holds only `{$ref: file#/pointer}` entries",
                            "write each types file as `- $ref: name.types.yaml#/types`",
                        ))
                    })
            })
            .collect(),
        Some(single) => Ok(reference_of(single)
            .map(|reference| vec![(path.key("$ref"), reference)])
            .unwrap_or_default()),
        None => Ok(Vec::new()),
    }
}

/// One referenced part of a types file, its references rebased onto `#/types/`.
struct Part {
    types: Value,
    source_map: load::SourceMap,
    pointer_path: DocPath,
    file: String,
}

fn referenced_part(
    loaded: &Loaded,
    documents: &[SourceFile],
    ref_path: &DocPath,
    reference: &str,
) -> Result<Part, Vec<Diagnostic>> {
    let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let wanted = Path::new(file).file_name();
    let Some(document) = documents
        .iter()
        .find(|doc| wanted.is_some() && Path::new(&doc.name).file_name() == wanted)
    else {
        let available: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
        return Err(vec![loaded.source_map.error(
            ref_path,
            format!("`$ref: {reference}` names a file that was not given to the generator"),
            &format!(
                "pass the file alongside the spec (given: {})",
                if available.is_empty() {
                    "none".to_owned()
                } else {
                    available.join(", ")
                }
            ),
        )]);
    };
    let types_doc = load::load(document)?;
    let Some(mut types) = types_doc.value.pointer(pointer).cloned() else {
        return Err(vec![loaded.source_map.error(
            ref_path,
            format!("`{pointer}` does not exist in {}", document.name),
            "point at the map of types, e.g. `#/types`",
        )]);
    };
    // References within the referenced part (OpenAPI's `#/components/schemas/X`) become
    // references among the named types.
    rebase_references(&mut types, &format!("#{pointer}/"));
    let mut pointer_path = DocPath::root();
    for token in pointer.split('/').skip(1) {
        pointer_path = pointer_path.key(&token.replace("~1", "/").replace("~0", "~"));
    }
    Ok(Part {
        types,
        source_map: types_doc.source_map,
        pointer_path,
        file: document.name.clone(),
    })
}

/// Drops the library types nothing uses: kept are the capability's own types, the types
/// the document refers to outside `x-types`, and every type those refer to.
fn keep_used(types: &mut Map<String, Value>, own: &BTreeSet<String>, document: &Value) {
    let mut pending: Vec<String> = own.iter().cloned().collect();
    if let Value::Object(object) = document {
        for (key, value) in object {
            if key != "x-types" {
                collect_references(value, &mut pending);
            }
        }
    }
    let mut used = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !used.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = types.get(&name) {
            collect_references(schema, &mut pending);
        }
    }
    types.retain(|name, _| used.contains(name));
}

/// Every `Name` of a `$ref: "#/types/Name"` below `value`.
fn collect_references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(name) = reference.strip_prefix("#/types/") {
                            found.push(name.to_owned());
                        }
                    }
                    other => collect_references(other, found),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_references(item, found)),
        _ => {}
    }
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
