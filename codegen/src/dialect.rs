//! Stage 1b: both dialects of the capability format -> one shape.
//!
//! Naftiko (`naftiko: 1.0.0-alpha1/alpha2`) writes resources, operations and parameters as
//! arrays of objects with a `name`; its successor Ikanos (`ikanos: 1.0.0-alpha3` onwards)
//! writes them as maps keyed by name, calls a title `display` instead of `label`, wraps a
//! fixed body as `{type, data}` and lets `consumes` and `binds` stand at the file's root.
//! This stage rewrites an Ikanos document into the Naftiko shape right after loading, so
//! no later stage knows which dialect it read. Positions move with their nodes, and
//! diagnostics still name the path as the author wrote it (see [`SourceMap::origin`]).

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, DocPath};
use crate::load::{Loaded, SourceMap};

/// Naftiko versions this generator reads.
pub const NAFTIKO_VERSIONS: &[&str] = &["1.0.0-alpha1", "1.0.0-alpha2"];

/// Ikanos versions this generator reads.
pub const IKANOS_VERSIONS: &[&str] = &[
    "1.0.0-alpha3",
    "1.0.0-alpha4",
    "1.0.0-beta1",
    "1.0.0-beta2",
    "1.0.0-beta3",
    "1.0.0-beta4",
    "1.0.0-beta5",
];

/// Checks the version key and rewrites the document into the Naftiko shape.
pub fn normalize(loaded: &mut Loaded) -> Vec<Diagnostic> {
    let mut diagnostics = check_version(loaded);
    let ikanos = loaded.value.get("naftiko").is_none();
    // The rewrite runs for both dialects: either may declare `consumes` and `binds` at the
    // file's root, and an Ikanos file may be written partly in the older array shape.
    let value = std::mem::take(&mut loaded.value);
    let mut rewriter = Rewriter {
        old: &loaded.source_map,
        new: loaded.source_map.emptied(),
        diagnostics: Vec::new(),
        ikanos,
    };
    let value = rewriter.document(value);
    let Rewriter {
        new,
        diagnostics: found,
        ..
    } = rewriter;
    loaded.value = value;
    loaded.source_map = new;
    diagnostics.extend(found);
    diagnostics
}

/// A missing version is an error; an unknown one a warning (the file is read as the
/// newest known version of its dialect).
fn check_version(loaded: &Loaded) -> Vec<Diagnostic> {
    let map = &loaded.source_map;
    let root = DocPath::root();
    let version = |key: &str| loaded.value.get(key);
    let (key, known, latest) = match (version("ikanos"), version("naftiko")) {
        (Some(_), _) => ("ikanos", IKANOS_VERSIONS, "1.0.0-beta5"),
        (None, Some(_)) => ("naftiko", NAFTIKO_VERSIONS, "1.0.0-alpha2"),
        (None, None) => {
            return vec![map.error(
                &root.key("ikanos"),
                "the document has no `ikanos` or `naftiko` version",
                "add `ikanos: 1.0.0-beta5` (or `naftiko: 1.0.0-alpha2` for the older shape) as the first line",
            )];
        }
    };
    match version(key) {
        Some(Value::String(version)) if known.contains(&version.as_str()) => Vec::new(),
        Some(Value::String(version)) => vec![map.warning(
            &root.key(key),
            format!(
                "`{key}: {version}` is a version this generator does not know ({}); reading it as {latest}",
                known.join(", ")
            ),
        )],
        _ => vec![map.error(
            &root.key(key),
            format!("`{key}` must be a version string such as `{latest}`"),
            &format!("write `{key}: \"{latest}\"`"),
        )],
    }
}

/// Builds the Naftiko-shaped document and the positions of its nodes.
struct Rewriter<'a> {
    old: &'a SourceMap,
    new: SourceMap,
    diagnostics: Vec<Diagnostic>,
    /// Ikanos wraps fixed bodies as `{type, data}`; a Naftiko body is the JSON itself.
    ikanos: bool,
}

impl Rewriter<'_> {
    fn document(&mut self, value: Value) -> Value {
        let root = DocPath::root();
        let Value::Object(document) = value else {
            return value;
        };
        let mut out = Map::new();
        let mut binds = Vec::new();
        let mut consumes = Vec::new();
        let mut capability = Map::new();
        let capability_path = root.key("capability");
        for (key, value) in document {
            let path = root.key(&key);
            match key.as_str() {
                // The version was checked; later stages read no dialect marker.
                "ikanos" | "naftiko" => {}
                "info" => {
                    let info = self.renamed(value, &path, &path);
                    out.insert(key, info);
                }
                "binds" => binds.push((value, path)),
                "consumes" => consumes.push((value, path)),
                "capability" => {
                    self.new.keep(self.old, &path, &capability_path);
                    let Value::Object(body) = value else {
                        out.insert(key, self.moved(value, &path, &capability_path));
                        continue;
                    };
                    for (inner, value) in body {
                        let inner_path = path.key(&inner);
                        match inner.as_str() {
                            "binds" => binds.push((value, inner_path)),
                            "consumes" => consumes.push((value, inner_path)),
                            // Exposed servers and aggregates are not part of a client.
                            _ => {
                                let at = capability_path.key(&inner);
                                capability.insert(inner, self.moved(value, &inner_path, &at));
                            }
                        }
                    }
                }
                _ => {
                    let at = root.key(&key);
                    out.insert(key, self.moved(value, &path, &at));
                }
            }
        }
        let binds_path = root.key("binds");
        let binds = self.concatenated(binds, &binds_path, Self::moved);
        if !binds.is_empty() {
            out.insert("binds".to_owned(), Value::Array(binds));
        }
        let consumes_path = capability_path.key("consumes");
        let consumes = self.concatenated(consumes, &consumes_path, |this, entry, from, at| {
            this.consumes(entry, from, at)
        });
        if !consumes.is_empty() {
            capability.insert("consumes".to_owned(), Value::Array(consumes));
        }
        if !capability.is_empty() || out.contains_key("capability") {
            out.insert("capability".to_owned(), Value::Object(capability));
        }
        Value::Object(out)
    }

    /// Joins arrays found at several places into one at `at`, converting each item.
    fn concatenated(
        &mut self,
        parts: Vec<(Value, DocPath)>,
        at: &DocPath,
        mut convert: impl FnMut(&mut Self, Value, &DocPath, &DocPath) -> Value,
    ) -> Vec<Value> {
        let mut all = Vec::new();
        if let Some((_, first)) = parts.first() {
            self.new.keep(self.old, first, at);
        }
        for (value, path) in parts {
            match value {
                Value::Array(items) => {
                    for (index, item) in items.into_iter().enumerate() {
                        let from = path.index(index);
                        let to = at.index(all.len());
                        self.new.keep(self.old, &from, &to);
                        if from != to {
                            self.new.set_origin(&to, &from);
                        }
                        all.push(convert(self, item, &from, &to));
                    }
                }
                other => {
                    // Not a list: left where later stages report it against its own path.
                    let to = at.index(all.len());
                    all.push(self.moved(other, &path, &to));
                }
            }
        }
        all
    }

    /// One `consumes` entry: parameters and resources keyed by name become arrays.
    fn consumes(&mut self, entry: Value, from: &DocPath, at: &DocPath) -> Value {
        self.object(entry, from, at, |this, key, value, from, at| match key {
            "inputParameters" => this.named_list(value, from, at, Self::renamed),
            "resources" => this.named_list(value, from, at, |this, resource, from, at| {
                this.resource(resource, from, at)
            }),
            _ => this.moved(value, from, at),
        })
    }

    fn resource(&mut self, resource: Value, from: &DocPath, at: &DocPath) -> Value {
        self.object(resource, from, at, |this, key, value, from, at| match key {
            "inputParameters" => this.named_list(value, from, at, Self::renamed),
            "operations" => this.named_list(value, from, at, |this, operation, from, at| {
                this.operation(operation, from, at)
            }),
            _ => this.moved(value, from, at),
        })
    }

    fn operation(&mut self, mut operation: Value, from: &DocPath, at: &DocPath) -> Value {
        // Typed bodies other than JSON move to `x-body`, the normalized shape's key for them
        // (a Naftiko `body` is JSON itself, so `{type, data}` there would be ambiguous).
        let typed = self.ikanos
            && operation
                .get("body")
                .and_then(|body| body.get("type"))
                .and_then(Value::as_str)
                .is_some_and(|kind| kind != "json");
        if let (true, Value::Object(map)) = (typed, &mut operation)
            && let Some(body) = map.remove("body")
        {
            map.insert("x-body".to_owned(), body);
        }
        let operation_from = from.clone();
        self.object(
            operation,
            from,
            at,
            |this, key, value, from, at| match key {
                "inputParameters" | "outputParameters" => {
                    this.named_list(value, from, at, Self::renamed)
                }
                "body" if this.ikanos => this.body(value, from, at),
                "x-body" if typed => this.moved(value, &operation_from.key("body"), at),
                _ => this.moved(value, from, at),
            },
        )
    }

    /// `{type: json, data}` is the Naftiko body `data`; a raw string stays as it is.
    fn body(&mut self, body: Value, from: &DocPath, at: &DocPath) -> Value {
        match body {
            Value::Object(mut body) if body.get("type").is_some_and(|kind| kind == "json") => {
                let data = body.remove("data").unwrap_or(Value::Null);
                self.moved(data, &from.key("data"), at)
            }
            body => self.moved(body, from, at),
        }
    }

    /// A map keyed by name becomes an array of objects carrying that `name`; an array (the
    /// older shape written in a newer file) stays as it is.
    fn named_list(
        &mut self,
        value: Value,
        from: &DocPath,
        at: &DocPath,
        mut convert: impl FnMut(&mut Self, Value, &DocPath, &DocPath) -> Value,
    ) -> Value {
        let Value::Object(entries) = value else {
            return self.moved(value, from, at);
        };
        self.new.keep(self.old, from, at);
        let mut items = Vec::with_capacity(entries.len());
        for (index, (name, entry)) in entries.into_iter().enumerate() {
            let entry_from = from.key(&name);
            let entry_at = at.index(index);
            self.new.keep(self.old, &entry_from, &entry_at);
            self.new.set_origin(&entry_at, &entry_from);
            let entry = match entry {
                Value::Null => Value::Object(Map::new()),
                other => other,
            };
            let mut converted = convert(self, entry, &entry_from, &entry_at);
            if let Value::Object(object) = &mut converted {
                let mut named = Map::with_capacity(object.len() + 1);
                named.insert("name".to_owned(), Value::String(name));
                named.extend(std::mem::take(object));
                *object = named;
                self.new.keep(self.old, &entry_from, &entry_at.key("name"));
            }
            items.push(converted);
        }
        Value::Array(items)
    }

    /// An object whose keys are converted one by one; anything else is moved unchanged.
    fn object(
        &mut self,
        value: Value,
        from: &DocPath,
        at: &DocPath,
        mut convert: impl FnMut(&mut Self, &str, Value, &DocPath, &DocPath) -> Value,
    ) -> Value {
        let Value::Object(object) = value else {
            return self.moved(value, from, at);
        };
        self.new.keep(self.old, from, at);
        let mut out = Map::with_capacity(object.len());
        for (key, value) in object {
            let new_key = if key == "display" { "label" } else { &key };
            let converted = convert(self, &key, value, &from.key(&key), &at.key(new_key));
            out.insert(new_key.to_owned(), converted);
        }
        Value::Object(out)
    }

    /// An object with `display` renamed to `label`, its values unchanged.
    fn renamed(&mut self, value: Value, from: &DocPath, at: &DocPath) -> Value {
        self.object(value, from, at, |this, _, value, from, at| {
            this.moved(value, from, at)
        })
    }

    /// A subtree placed at `at` unchanged, its positions carried along.
    fn moved(&mut self, value: Value, from: &DocPath, at: &DocPath) -> Value {
        if from != at {
            self.new.set_origin(at, from);
        }
        self.carry(from, at, &value);
        value
    }

    /// Copies the positions of a subtree that keeps its shape.
    fn carry(&mut self, from: &DocPath, at: &DocPath, value: &Value) {
        self.new.keep(self.old, from, at);
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.carry(&from.index(index), &at.index(index), item);
                }
            }
            Value::Object(object) => {
                for (key, child) in object {
                    self.carry(&from.key(key), &at.key(key), child);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Segment;
    use crate::load::{SourceFile, load};

    /// The path as its segments, keys always dotted.
    fn render(path: &DocPath) -> String {
        path.segments()
            .iter()
            .map(|segment| match segment {
                Segment::Key(key) => format!(".{key}"),
                Segment::Index(index) => format!("[{index}]"),
            })
            .collect()
    }

    fn normalized(text: &str) -> (Loaded, Vec<Diagnostic>) {
        let mut loaded = load(&SourceFile::new("cap.yml", text)).expect("valid YAML");
        let diagnostics = normalize(&mut loaded);
        (loaded, diagnostics)
    }

    const IKANOS: &str = "\
ikanos: \"1.0.0-beta5\"
info:
  display: Shipyard
consumes:
- namespace: registry
  type: http
  baseUri: https://example.test/v1
  inputParameters:
    Api-Version:
      in: header
      value: \"2024\"
  resources:
    ship:
      display: One ship
      path: /ships/{{imo}}
      operations:
        get-ship:
          method: GET
          inputParameters:
            imo:
              in: path
        rename-ship:
          method: PATCH
          body:
            type: json
            data: {name: x}
";

    #[test]
    fn ikanos_maps_become_named_arrays() {
        let (loaded, diagnostics) = normalized(IKANOS);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let expected = serde_json::json!({
            "info": {"label": "Shipyard"},
            "capability": {"consumes": [{
                "namespace": "registry",
                "type": "http",
                "baseUri": "https://example.test/v1",
                "inputParameters": [{"name": "Api-Version", "in": "header", "value": "2024"}],
                "resources": [{
                    "name": "ship",
                    "label": "One ship",
                    "path": "/ships/{{imo}}",
                    "operations": [
                        {"name": "get-ship", "method": "GET",
                         "inputParameters": [{"name": "imo", "in": "path"}]},
                        {"name": "rename-ship", "method": "PATCH", "body": {"name": "x"}}
                    ]
                }]
            }]}
        });
        assert_eq!(loaded.value, expected);
    }

    #[test]
    fn positions_and_written_paths_survive_the_rewrite() {
        let (loaded, _) = normalized(IKANOS);
        let operation = DocPath::root()
            .key("capability")
            .key("consumes")
            .index(0)
            .key("resources")
            .index(0)
            .key("operations")
            .index(1);
        let method = operation.key("method");
        let (_, position) = loaded.source_map.locate(&method);
        assert_eq!(position.map(|p| p.line), Some(23));
        assert_eq!(
            render(&loaded.source_map.origin(&method)),
            ".consumes[0].resources.ship.operations.rename-ship.method"
        );
        let name = loaded.source_map.locate(&operation.key("name")).1;
        assert_eq!(name.map(|p| p.line), Some(22), "a name sits at its key");
    }

    #[test]
    fn naftiko_documents_keep_their_shape() {
        let text = "naftiko: 1.0.0-alpha2\ncapability:\n  consumes:\n  - namespace: a\n    resources:\n    - name: r\n";
        let (loaded, diagnostics) = normalized(text);
        assert!(diagnostics.is_empty());
        assert_eq!(
            loaded.value,
            serde_json::json!({"capability": {"consumes": [{"namespace": "a", "resources": [{"name": "r"}]}]}})
        );
        let resource = DocPath::root()
            .key("capability")
            .key("consumes")
            .index(0)
            .key("resources")
            .index(0);
        assert_eq!(loaded.source_map.origin(&resource), resource);
        assert_eq!(
            loaded
                .source_map
                .locate(&resource.key("name"))
                .1
                .map(|p| p.line),
            Some(6)
        );
    }

    #[test]
    fn unknown_versions_are_read_with_a_warning() {
        let (loaded, diagnostics) = normalized(&IKANOS.replace("1.0.0-beta5", "2.0.0"));
        assert_eq!(diagnostics.len(), 1);
        assert!(!diagnostics[0].is_error());
        assert!(diagnostics[0].message.contains("`ikanos: 2.0.0`"));
        assert!(loaded.value["capability"]["consumes"][0]["resources"].is_array());
    }

    #[test]
    fn a_missing_version_is_an_error_but_the_shape_is_still_read() {
        let text = IKANOS.replace("ikanos: \"1.0.0-beta5\"\n", "");
        let (loaded, diagnostics) = normalized(&text);
        assert!(diagnostics[0].is_error());
        assert!(
            diagnostics[0]
                .message
                .contains("no `ikanos` or `naftiko` version")
        );
        assert!(loaded.value["capability"]["consumes"][0]["resources"].is_array());
    }

    #[test]
    fn typed_bodies_other_than_json_move_to_x_body_with_their_positions() {
        let text = IKANOS.replace(
            "type: json\n            data: {name: x}",
            "type: text\n            data: hello",
        );
        let (loaded, diagnostics) = normalized(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let operation = &loaded.value["capability"]["consumes"][0]["resources"][0]["operations"][1];
        assert_eq!(operation["body"], Value::Null);
        assert_eq!(
            operation["x-body"],
            serde_json::json!({"type": "text", "data": "hello"})
        );
        let moved = DocPath::root()
            .key("capability")
            .key("consumes")
            .index(0)
            .key("resources")
            .index(0)
            .key("operations")
            .index(1)
            .key("x-body");
        assert_eq!(
            loaded.source_map.origin(&moved).to_string(),
            "consumes[0].resources.ship.operations.rename-ship.body"
        );
    }
}
