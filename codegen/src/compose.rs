//! Stage 1d: a composition file's top-level `imports:` list of whole capability files.
//!
//! No schema has this key, but published compositions use it: a workflow over
//! organizations, memberships and invitations lists its sibling capability files at the top
//! (`imports: [./organizations.yml, ...]`, or entries `{from: ..., import: <namespace>}`)
//! and consumes nothing itself. It has one plain meaning for a client: a client over every
//! API the listed files consume. So each listed file is read (its dialect normalized, its
//! own `consumes`/`binds` imports resolved) and its `consumes` entries are appended to this
//! document's, its `binds` to this one's. Entries of several files that consume the same
//! namespace at the same base URI with the same authentication are one API (sibling files
//! of one vendor), so their resources join the first entry; the same namespace for two
//! different APIs is a located error. Nodes keep the positions of the file that wrote them.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, DocPath};
use crate::dialect;
use crate::import_path::{cycle, find, import_path, normal, parent};
use crate::imports;
use crate::load::{self, Loaded, SourceFile};

/// The keys an object entry of `imports:` may name its file with.
const FILE_KEYS: [&str; 3] = ["from", "location", "path"];

/// One entry of the top-level `imports:` list.
struct Listed {
    path: DocPath,
    from: String,
    /// Only this namespace of the file, when the entry names one.
    import: Option<String>,
}

/// Appends what the top-level `imports:` files consume to `loaded`'s `capability.consumes`.
pub fn expand(loaded: &mut Loaded, importer: &str, documents: &[SourceFile]) -> Vec<Diagnostic> {
    let root = parent(importer);
    expand_in(
        loaded,
        importer,
        &root,
        documents,
        &mut vec![normal(importer)],
    )
}

/// [`expand`] for a file listed (directly or not) by the capability, `stack` holding the
/// files that led to it: a listed composition is expanded in turn, a cycle is an error.
fn expand_in(
    loaded: &mut Loaded,
    importer: &str,
    root: &Path,
    documents: &[SourceFile],
    stack: &mut Vec<PathBuf>,
) -> Vec<Diagnostic> {
    let imports_path = DocPath::root().key("imports");
    let Some(list) = loaded.value.get("imports").cloned() else {
        return Vec::new();
    };
    let mut diagnostics = Vec::new();
    let Value::Array(entries) = list else {
        diagnostics.push(loaded.source_map.error(
            &imports_path,
            "top-level `imports` is not a list of capability files",
            "write `imports: [./a.yml, ./b.yml]`",
        ));
        return diagnostics;
    };
    diagnostics.push(loaded.source_map.warning(
        &imports_path,
        "top-level `imports` is not in the Naftiko or Ikanos schema: read as one client over every API the listed files consume",
    ));
    for (index, entry) in entries.iter().enumerate() {
        let path = imports_path.index(index);
        match listed(entry, path.clone()) {
            Some(listed) => {
                let from = Importer {
                    importer,
                    root,
                    documents,
                };
                diagnostics.extend(from.append_file(loaded, &listed, stack));
            }
            None => diagnostics.push(loaded.source_map.error(
                &path,
                "an `imports` entry names no file",
                "write the file's path (`- ./organizations.yml`) or `- from: ./organizations.yml`",
            )),
        }
    }
    diagnostics
}

/// The files the top-level `imports:` list names, as written.
pub(crate) fn listed_files(loaded: &Loaded) -> Vec<String> {
    let Some(Value::Array(entries)) = loaded.value.get("imports") else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| listed(entry, DocPath::root()))
        .map(|listed| listed.from)
        .collect()
}

fn listed(entry: &Value, path: DocPath) -> Option<Listed> {
    let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
    let (from, import) = match entry {
        Value::String(from) => (from.clone(), None),
        Value::Object(_) => (FILE_KEYS.iter().find_map(|key| text(key))?, text("import")),
        _ => return None,
    };
    Some(Listed { path, from, import })
}

/// Where listed files are read from: the listing file, the capability's directory, and
/// the files the caller read.
struct Importer<'a> {
    importer: &'a str,
    root: &'a Path,
    documents: &'a [SourceFile],
}

impl Importer<'_> {
    /// Reads one listed file and appends its consumed APIs and bindings.
    fn append_file(
        &self,
        loaded: &mut Loaded,
        listed: &Listed,
        stack: &mut Vec<PathBuf>,
    ) -> Vec<Diagnostic> {
        let error = |loaded: &Loaded, message: String, help: &str| {
            vec![loaded.source_map.error(&listed.path, message, help)]
        };
        let target = match import_path(self.importer, &listed.from, self.root) {
            Ok(target) => target,
            Err(problem) => {
                return error(
                    loaded,
                    problem,
                    "import files inside the capability's directory, by a relative path",
                );
            }
        };
        let wanted = normal(&target);
        if let Some(message) = cycle(stack, &wanted) {
            return error(
                loaded,
                message,
                "list the sibling capability files, not a composition that lists this one",
            );
        }
        let Some(file) = find(self.documents, &wanted) else {
            return error(
                loaded,
                format!(
                    "`{}` ({target}) was not found or not given to the generator",
                    listed.from
                ),
                "check the path; it is relative to the importing file",
            );
        };
        stack.push(wanted);
        let found = self.append_document(loaded, listed, file, stack);
        stack.pop();
        found
    }

    /// Appends the consumed APIs and bindings of `file` (its own imports and listed files
    /// expanded first).
    fn append_document(
        &self,
        loaded: &mut Loaded,
        listed: &Listed,
        file: &SourceFile,
        stack: &mut Vec<PathBuf>,
    ) -> Vec<Diagnostic> {
        let documents = self.documents;
        let mut imported = match load::load(file) {
            Ok(imported) => imported,
            Err(found) => return found,
        };
        let mut diagnostics: Vec<Diagnostic> = dialect::normalize(&mut imported)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        diagnostics.extend(imports::resolve(&mut imported, &file.name, documents));
        diagnostics.extend(expand_in(
            &mut imported,
            &file.name,
            self.root,
            documents,
            stack,
        ));
        let consumes_path = DocPath::root().key("capability").key("consumes");
        let consumed = array_at(&imported.value, "/capability/consumes");
        let mut appended = 0;
        for (index, entry) in consumed.iter().enumerate() {
            let namespace = entry.get("namespace").and_then(Value::as_str);
            if listed
                .import
                .as_deref()
                .is_some_and(|wanted| namespace != Some(wanted))
            {
                continue;
            }
            let from = consumes_path.index(index);
            diagnostics.extend(append_consumes(loaded, entry, &imported, &from));
            appended += 1;
        }
        if appended == 0 {
            let message = match &listed.import {
                Some(namespace) => format!("{} has no consumes entry `{namespace}`", file.name),
                None => format!("{} consumes no API: nothing is imported from it", file.name),
            };
            diagnostics.push(loaded.source_map.warning(&listed.path, message));
        }
        append_binds(loaded, &imported);
        diagnostics
    }
}

/// The array at `pointer`, or an empty one.
fn array_at(value: &Value, pointer: &str) -> Vec<Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// The array under `key` of the object `value` (created empty if missing), or `None` when
/// `value` is not an object or `key` holds something else (later stages report that).
fn list_mut<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Vec<Value>> {
    value
        .as_object_mut()?
        .entry(key)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
}

/// The document's `capability.consumes`, created if missing.
fn consumes_mut(document: &mut Value) -> Option<&mut Vec<Value>> {
    let capability = document
        .as_object_mut()?
        .entry("capability")
        .or_insert_with(|| Value::Object(Map::new()));
    list_mut(capability, "consumes")
}

/// The parts of a consumes entry that make two entries one API.
fn api_identity(entry: &Value) -> (Option<&Value>, Option<&Value>) {
    (entry.get("baseUri"), entry.get("authentication"))
}

/// Appends one consumes entry of `imported` (at `from`), or joins its resources to an
/// entry of the same API already there.
fn append_consumes(
    loaded: &mut Loaded,
    entry: &Value,
    imported: &Loaded,
    from: &DocPath,
) -> Vec<Diagnostic> {
    let consumes_path = DocPath::root().key("capability").key("consumes");
    let namespace = entry.get("namespace").and_then(Value::as_str);
    // The entry of the same namespace already there, and whether it is the same API.
    let same_namespace = loaded
        .value
        .pointer("/capability/consumes")
        .and_then(Value::as_array)
        .and_then(|existing| {
            existing.iter().enumerate().find(|(_, present)| {
                namespace.is_some() && present.get("namespace").and_then(Value::as_str) == namespace
            })
        })
        .map(|(at, present)| (at, api_identity(present) == api_identity(entry)));
    let not_a_list = |loaded: &Loaded| {
        vec![loaded.source_map.error(
            &consumes_path,
            "`capability.consumes` is not a list, so imported APIs cannot join it",
            "make `capability` a mapping whose `consumes` is a list (or leave both out)",
        )]
    };
    let Some((at, same_api)) = same_namespace else {
        let Some(consumes) = consumes_mut(&mut loaded.value) else {
            return not_a_list(loaded);
        };
        let to = consumes_path.index(consumes.len());
        consumes.push(entry.clone());
        loaded
            .source_map
            .graft(&to, imported.source_map.clone(), from);
        return Vec::new();
    };
    if !same_api {
        return vec![imported.source_map.error(
            &from.key("namespace"),
            format!(
                "namespace `{}` is consumed with another base URI or authentication by an earlier import",
                namespace.unwrap_or_default()
            ),
            "give one of the two APIs its own namespace in its file",
        )];
    }
    let resources = array_at(entry, "/resources");
    let target = consumes_path.index(at).key("resources");
    let Some(joined) = consumes_mut(&mut loaded.value)
        .and_then(|consumes| consumes.get_mut(at))
        .and_then(|present| list_mut(present, "resources"))
    else {
        return not_a_list(loaded);
    };
    for (index, resource) in resources.into_iter().enumerate() {
        let to = target.index(joined.len());
        joined.push(resource);
        loaded.source_map.graft(
            &to,
            imported.source_map.clone(),
            &from.key("resources").index(index),
        );
    }
    Vec::new()
}

/// Appends `imported`'s bindings that `loaded` does not have yet (the same binding in
/// several sibling files is kept once).
fn append_binds(loaded: &mut Loaded, imported: &Loaded) {
    let binds_path = DocPath::root().key("binds");
    for (index, bind) in array_at(&imported.value, "/binds").into_iter().enumerate() {
        let Some(binds) = list_mut(&mut loaded.value, "binds") else {
            return;
        };
        if binds.contains(&bind) {
            continue;
        }
        let to = binds_path.index(binds.len());
        binds.push(bind);
        loaded
            .source_map
            .graft(&to, imported.source_map.clone(), &binds_path.index(index));
    }
}
