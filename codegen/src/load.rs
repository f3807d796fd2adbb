//! Stage 1: YAML text -> a JSON value plus a map from document paths to source positions.
//!
//! Later stages work on `serde_json::Value` (so overlays can address it with JSONPath), and
//! still report problems at the line where the node was written, through [`SourceMap`].

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, DocPath, Position, Severity};

/// A named input text, e.g. a spec file read by the caller.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How diagnostics and generated headers name this input (a repo-relative path).
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// Names a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Where each node of a loaded document was written. Nodes can come from several files
/// (a types file grafted under `x-types`), so each position names its file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<String>,
    positions: HashMap<DocPath, (usize, Position)>,
    /// For nodes a dialect rewrite moved: the path where the author wrote them.
    origins: HashMap<DocPath, DocPath>,
}

impl SourceMap {
    fn new(file: &str) -> Self {
        Self {
            files: vec![file.to_owned()],
            ..Self::default()
        }
    }

    /// The file and position of `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &DocPath) -> (&str, Option<Position>) {
        let mut current = Some(path.clone());
        while let Some(path) = current {
            if let Some((file, position)) = self.positions.get(&path) {
                return (self.file(*file), Some(*position));
            }
            current = path.parent();
        }
        (self.file(0), None)
    }

    /// Where the author wrote `path`: the path itself, unless a dialect rewrite moved it
    /// or one of its ancestors.
    pub fn origin(&self, path: &DocPath) -> DocPath {
        let segments = path.segments();
        for depth in (1..=segments.len()).rev() {
            let ancestor: DocPath = segments[..depth].iter().cloned().collect();
            if let Some(origin) = self.origins.get(&ancestor) {
                return origin
                    .segments()
                    .iter()
                    .chain(&segments[depth..])
                    .cloned()
                    .collect();
            }
        }
        path.clone()
    }

    /// The same files, no positions yet: the start of a rewritten document's map.
    pub(crate) fn emptied(&self) -> Self {
        Self {
            files: self.files.clone(),
            positions: HashMap::new(),
            origins: HashMap::new(),
        }
    }

    /// Gives `at` in this map the position `old` has for `from`, if it has one.
    pub(crate) fn keep(&mut self, old: &SourceMap, from: &DocPath, at: &DocPath) {
        if let Some(position) = old.positions.get(from) {
            self.positions.insert(at.clone(), *position);
        }
        if let Some(origin) = old.origins.get(from) {
            self.origins.insert(at.clone(), origin.clone());
        }
    }

    /// Records that the node at `at` was written at `from`.
    pub(crate) fn set_origin(&mut self, at: &DocPath, from: &DocPath) {
        self.origins.insert(at.clone(), from.clone());
    }

    fn file(&self, index: usize) -> &str {
        self.files.get(index).map_or("", String::as_str)
    }

    /// Adds the positions of `other`'s subtree at `from`, for that subtree placed at `at`
    /// in this document.
    /// Paths inside the grafted subtree keep the origins they have in `other`.
    pub fn graft(&mut self, at: &DocPath, other: SourceMap, from: &DocPath) {
        let offset = self.files.len();
        let rebased = |path: &DocPath| -> Option<DocPath> {
            let rest = path.segments().strip_prefix(from.segments())?;
            Some(at.segments().iter().chain(rest).cloned().collect())
        };
        for (path, origin) in &other.origins {
            if let Some(full) = rebased(path) {
                self.origins.insert(full, origin.clone());
            }
        }
        for (path, (file, position)) in &other.positions {
            if let Some(full) = rebased(path) {
                self.positions.insert(full, (file + offset, *position));
            }
        }
        self.files.extend(other.files);
    }

    /// A diagnostic at `path` in this file.
    pub fn diagnostic(
        &self,
        severity: Severity,
        path: &DocPath,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Diagnostic {
        let (file, position) = self.locate(path);
        Diagnostic {
            severity,
            file: file.to_owned(),
            position,
            path: self.origin(path),
            message: message.into(),
            help,
        }
    }

    /// An error at `path` in this file.
    pub fn error(&self, path: &DocPath, message: impl Into<String>, help: &str) -> Diagnostic {
        self.diagnostic(Severity::Error, path, message, Some(help.to_owned()))
    }

    /// A warning at `path` in this file.
    pub fn warning(&self, path: &DocPath, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, path, message, None)
    }
}

/// A parsed document: its value and where each node came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document as JSON data.
    pub value: Value,
    /// Positions of the document's nodes.
    pub source_map: SourceMap,
}

/// The largest input the generator reads: real specs are far smaller (Stripe's is 100 KB),
/// and a bound keeps memory bounded whatever is passed in.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Parses one YAML document. Never panics; a syntax error, an oversized file or an exceeded
/// parser budget (e.g. an alias bomb) becomes a located diagnostic.
pub fn load(file: &SourceFile) -> Result<Loaded, Vec<Diagnostic>> {
    if file.text.len() > MAX_INPUT_BYTES {
        return Err(vec![Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            position: None,
            path: DocPath::root(),
            message: format!(
                "the file is {} MiB; the generator reads at most {} MiB",
                file.text.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            help: Some("split the capability or check that the right file was passed".to_owned()),
        }]);
    }
    let options = serde_saphyr::options! {
        // YAML 1.2 core schema: `y`, `no`, `on` stay strings, as JSON Schema tools expect.
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        with_snippet: false,
    };
    let parsed: Result<Spanned<Node>, _> = serde_saphyr::from_str_with_options(&file.text, options);
    match parsed {
        Ok(root) => {
            let mut source_map = SourceMap::new(&file.name);
            let value = lower(root, DocPath::root(), &mut source_map);
            Ok(Loaded { value, source_map })
        }
        Err(error) => Err(vec![Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            position: error.location().map(|location| Position {
                line: location.line(),
                column: location.column(),
            }),
            path: DocPath::root(),
            message: format!("not valid YAML: {}", error.without_snippet()),
            help: Some(if error.to_string().contains("budget") {
                "the document expands beyond the parser's limits (aliases repeated too often?); write it out plainly".to_owned()
            } else {
                "fix the YAML syntax at the position shown".to_owned()
            }),
        }]),
    }
}

/// A YAML node whose children keep their positions.
enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
}

/// A mapping key, always as text (`200:` is the key "200", as in JSON).
struct Key(String);

/// Records where `path` was written: at its key for collections (the line a reader looks
/// for), at the value itself for scalars.
fn lower(node: Spanned<Node>, path: DocPath, map: &mut SourceMap) -> Value {
    let line = node.referenced.line();
    if line > 0 {
        map.positions.entry(path.clone()).or_insert((
            0,
            Position {
                line,
                column: node.referenced.column(),
            },
        ));
    }
    match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Number(n) => Value::Number(n),
        Node::String(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| lower(item, path.index(i), map))
                .collect(),
        ),
        Node::Map(entries) => {
            let mut object = Map::new();
            for (key, value) in entries {
                let Key(key_text) = key.value;
                let child = path.key(&key_text);
                let is_collection = matches!(value.value, Node::Seq(_) | Node::Map(_));
                if is_collection && key.referenced.line() > 0 {
                    map.positions.insert(
                        child.clone(),
                        (
                            0,
                            Position {
                                line: key.referenced.line(),
                                column: key.referenced.column(),
                            },
                        ),
                    );
                }
                let lowered = lower(value, child, map);
                object.insert(key_text, lowered);
            }
            Value::Object(object)
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Key, E> {
        Ok(Key(v))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Key, E> {
        Ok(Key("null".to_owned()))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        // Beyond 64 bits JSON numbers lose nothing useful to us as text.
        Ok(Node::String(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::String(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // NaN and infinities have no JSON form; keep them as their YAML spelling.
        Ok(Number::from_f64(v).map_or_else(|| Node::String(v.to_string()), Node::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = access.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
        load(&SourceFile::new("test.yaml", text))
    }

    #[test]
    fn keeps_positions_of_nested_nodes() {
        let loaded = load_str("a:\n  b:\n  - x: 1\n  - y: two\n").expect("valid YAML");
        assert_eq!(
            loaded.value,
            serde_json::json!({"a": {"b": [{"x": 1}, {"y": "two"}]}})
        );
        let path = DocPath::root().key("a").key("b").index(1).key("y");
        let position = loaded.source_map.locate(&path).1.expect("located");
        assert_eq!(position.line, 4);
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_ancestor() {
        let loaded = load_str("x: 0\na:\n  b: 1\n").expect("valid YAML");
        let path = DocPath::root().key("a").key("missing");
        assert_eq!(loaded.source_map.locate(&path).1.map(|p| p.line), Some(2));
    }

    #[test]
    fn scalars_follow_the_yaml_1_2_core_schema() {
        let loaded = load_str("y: n\n200: on\nv: 0755\n").expect("valid YAML");
        assert_eq!(
            loaded.value,
            serde_json::json!({"y": "n", "200": "on", "v": "0755"})
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let error = &load_str("a: 1\na: 2\n").expect_err("duplicate key")[0];
        assert_eq!(error.position.map(|p| p.line), Some(2), "{error}");
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = &load_str("a: [1, 2\nb: c\n").expect_err("invalid YAML")[0];
        assert!(error.is_error());
        assert_eq!(error.file, "test.yaml");
        assert!(error.position.is_some(), "{error}");
    }

    #[test]
    fn oversized_files_are_refused_before_parsing() {
        let text = "a: b\n".repeat(MAX_INPUT_BYTES / 5 + 1);
        let error = &load_str(&text).expect_err("too big")[0];
        assert!(error.message.contains("at most 16 MiB"), "{error}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let error = &load_str(&text).expect_err("budget exceeded")[0];
        assert!(error.is_error());
    }
}
