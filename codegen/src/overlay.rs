//! Stage 1b: apply an OpenAPI Overlay 1.0 document to the loaded spec.
//!
//! Each action selects nodes with an RFC 9535 JSONPath `target` and either merges `update`
//! into them (objects merge key by key, recursively; an array target gets `update` appended)
//! or removes them. Stricter than the Overlay spec where silence would hide a mistake: a
//! target that selects nothing is an error, and so is an action without `update`/`remove`.

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use crate::diagnostic::{Diagnostic, DocPath};
use crate::load::{self, Loaded, SourceFile};

/// Applies every action of `overlay` to `spec` in order. Returns all problems found; on any
/// error the spec may be partly updated and must not be used.
pub fn apply(spec: &mut Loaded, overlay: &SourceFile) -> Vec<Diagnostic> {
    let loaded = match load::load(overlay) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return diagnostics,
    };
    let map = &loaded.source_map;
    let root = DocPath::root();
    let mut diagnostics = Vec::new();

    match loaded.value.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => diagnostics.push(map.warning(
            &root.key("overlay"),
            format!("overlay version `{version}` is not 1.x; applying it as 1.0"),
        )),
        None => diagnostics.push(map.error(
            &root.key("overlay"),
            "the document has no `overlay` version",
            "start the overlay with `overlay: 1.0.0`",
        )),
    }
    let Some(actions) = loaded.value.get("actions").and_then(Value::as_array) else {
        diagnostics.push(map.error(
            &root.key("actions"),
            "the overlay has no `actions` list",
            "add `actions:` with one entry per change",
        ));
        return diagnostics;
    };

    for (index, action) in actions.iter().enumerate() {
        let path = root.key("actions").index(index);
        if let Err(diagnostic) = apply_action(&mut spec.value, action, &path, &loaded) {
            diagnostics.push(*diagnostic);
        }
        if action.get("description").and_then(Value::as_str).is_none() {
            diagnostics.push(map.warning(
                &path,
                "action has no `description`; say where the change's facts come from",
            ));
        }
    }
    diagnostics
}

fn apply_action(
    document: &mut Value,
    action: &Value,
    path: &DocPath,
    overlay: &Loaded,
) -> Result<(), Box<Diagnostic>> {
    let map = &overlay.source_map;
    let error =
        |path: &DocPath, message: String, help: &str| Box::new(map.error(path, message, help));
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        return Err(error(
            &path.key("target"),
            "action has no `target`".to_owned(),
            "add a JSONPath `target`, e.g. `$.capability.consumes[0]`",
        ));
    };
    let json_path = JsonPath::parse(target).map_err(|parse_error| {
        error(
            &path.key("target"),
            format!("target `{target}` is not an RFC 9535 JSONPath: {parse_error}"),
            "fix the expression; filters look like `[?@.name == 'GetUser']`",
        )
    })?;
    let mut targets: Vec<Vec<Step>> = json_path
        .query_located(document)
        .locations()
        .map(|location| location.iter().map(Step::from).collect())
        .collect();
    targets.sort();
    targets.dedup();
    if targets.is_empty() {
        return Err(error(
            &path.key("target"),
            format!("target `{target}` selects nothing in the spec"),
            "check the names in the filter against the spec; an action that changes nothing is a mistake",
        ));
    }

    let remove = action
        .get("remove")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match (action.get("update"), remove) {
        (Some(_), true) => Err(error(
            path,
            "action has both `update` and `remove`".to_owned(),
            "split it into two actions",
        )),
        (None, false) => Err(error(
            path,
            "action has neither `update` nor `remove: true`".to_owned(),
            "add what to merge under `update`, or `remove: true`",
        )),
        (None, true) => {
            // Deepest and last first, so removing one node never shifts another's index.
            for steps in targets.iter().rev() {
                remove_node(document, steps);
            }
            Ok(())
        }
        (Some(update), false) => {
            for steps in &targets {
                if let Some(node) = node_mut(document, steps) {
                    update_node(node, update, target, path)
                        .map_err(|(at, message, help)| error(&at, message, help))?;
                }
            }
            Ok(())
        }
    }
}

/// Merges `update` into an object, or appends it to an array; a scalar cannot be updated.
/// An error is the path to report it at, its message and its help.
fn update_node(
    node: &mut Value,
    update: &Value,
    target: &str,
    path: &DocPath,
) -> Result<(), (DocPath, String, &'static str)> {
    match node {
        Value::Array(items) => items.push(update.clone()),
        Value::Object(object) => match update {
            Value::Object(fields) => merge(object, fields),
            _ => {
                return Err((
                    path.key("update"),
                    format!("target `{target}` is an object, but `update` is not"),
                    "give `update` the keys to merge into the target",
                ));
            }
        },
        _ => {
            return Err((
                path.key("target"),
                format!("target `{target}` selects a scalar, which cannot be updated"),
                "target the object that holds it and update that key",
            ));
        }
    }
    Ok(())
}

/// One step of a located path, owned so the document can be mutated afterwards.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

impl From<&PathElement<'_>> for Step {
    fn from(element: &PathElement<'_>) -> Self {
        match element {
            PathElement::Name(name) => Self::Key((*name).to_owned()),
            PathElement::Index(index) => Self::Index(*index),
        }
    }
}

fn node_mut<'v>(document: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(document, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

fn remove_node(document: &mut Value, steps: &[Step]) {
    let Some((last, parent_steps)) = steps.split_last() else {
        // Removing the root leaves an empty document, which resolve then reports.
        *document = Value::Null;
        return;
    };
    match (node_mut(document, parent_steps), last) {
        (Some(Value::Object(object)), Step::Key(key)) => {
            object.remove(key);
        }
        (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

/// Merges `update` into `target`: objects key by key, recursively; anything else replaces.
fn merge(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(fields)) => merge(existing, fields),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Loaded {
        load::load(&SourceFile::new(
            "spec.yaml",
            "ops:\n- name: A\n  params: [x]\n  info: {a: 1, b: {c: 2}}\n- name: B\n  params: []\n",
        ))
        .expect("valid spec")
    }

    fn overlay(actions: &str) -> SourceFile {
        SourceFile::new(
            "overlay.yaml",
            format!("overlay: 1.0.0\nactions:\n{actions}"),
        )
    }

    #[test]
    fn update_appends_to_arrays_and_merges_objects() {
        let mut spec = spec();
        let diagnostics = apply(
            &mut spec,
            &overlay(
                "- target: $.ops[?@.name == 'A'].params\n  description: t\n  update: y\n\
                 - target: $.ops[0].info\n  description: t\n  update: {b: {d: 3}, e: 4}\n",
            ),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(spec.value["ops"][0]["params"], json!(["x", "y"]));
        assert_eq!(
            spec.value["ops"][0]["info"],
            json!({"a": 1, "b": {"c": 2, "d": 3}, "e": 4})
        );
    }

    #[test]
    fn remove_deletes_every_selected_node() {
        let mut spec = spec();
        let diagnostics = apply(
            &mut spec,
            &overlay("- target: $.ops[*].params\n  description: t\n  remove: true\n"),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            spec.value,
            json!({"ops": [{"name": "A", "info": {"a": 1, "b": {"c": 2}}}, {"name": "B"}]})
        );
    }

    #[test]
    fn bad_targets_are_located_errors_and_all_are_reported() {
        let mut spec = spec();
        let diagnostics = apply(
            &mut spec,
            &overlay(
                "- target: $.ops[?@.name ==\n  description: t\n  update: {}\n\
                 - target: $.nothing\n  description: t\n  update: {}\n\
                 - target: $.ops[0].name\n  update: {}\n",
            ),
        );
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(diagnostics.len(), 4, "{shown:#?}");
        assert!(
            shown[0].contains("not an RFC 9535 JSONPath"),
            "{}",
            shown[0]
        );
        assert!(
            shown[0].contains("overlay.yaml:3:11 at actions[0].target"),
            "{}",
            shown[0]
        );
        assert!(shown[1].contains("selects nothing"), "{}", shown[1]);
        assert!(shown[2].contains("selects a scalar"), "{}", shown[2]);
        assert!(shown[3].contains("no `description`"), "{}", shown[3]);
    }
}
