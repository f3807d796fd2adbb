//! Stage 1c: `consumes` and `binds` entries imported from other capability files.
//!
//! A composition capability lists entries such as `{from: ./shared/api.yml, import: api,
//! as: local}` (Ikanos) or `{location: file:///shared/api.yml, import: api}` (Naftiko
//! alpha2) in its `consumes`. Each is replaced by the imported file's `consumes` entry of
//! that namespace, which keeps its own base URL and authentication. Ikanos `binds` import
//! the same way (`{from, import}` only: a bind's own `location` says where its values
//! live, it is not an import). The generator stays pure: the caller reads the files
//! ([`crate::import_targets`] says which) and passes them in; a path is resolved relative
//! to the importing file and may not leave the directory of the capability being generated
//! (`import_path`). A composition's top-level `imports:` list is stage 1d (`compose`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, DocPath};
use crate::dialect;
use crate::import_path::{cycle, find, import_path, normal, parent};
use crate::load::{self, Loaded, SourceFile, SourceMap};

/// A list whose entries may be imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `capability.consumes`.
    Consumes,
    /// `binds` (the dialect stage gathers them at the root).
    Binds,
}

impl Section {
    const ALL: [Section; 2] = [Section::Consumes, Section::Binds];

    fn pointer(self) -> &'static str {
        match self {
            Section::Consumes => "/capability/consumes",
            Section::Binds => "/binds",
        }
    }

    fn path(self) -> DocPath {
        match self {
            Section::Consumes => DocPath::root().key("capability").key("consumes"),
            Section::Binds => DocPath::root().key("binds"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Section::Consumes => "consumes",
            Section::Binds => "binds",
        }
    }

    /// The keys that name an imported file: binds entries carry a `location` of their own.
    fn file_keys(self) -> &'static [&'static str] {
        match self {
            Section::Consumes => &["from", "location"],
            Section::Binds => &["from"],
        }
    }
}

/// Replaces every import entry in `loaded`'s `capability.consumes` and `binds` by what it
/// names.
pub fn resolve(loaded: &mut Loaded, importer: &str, documents: &[SourceFile]) -> Vec<Diagnostic> {
    let root = parent(importer);
    resolve_in(
        loaded,
        importer,
        &root,
        documents,
        &mut vec![normal(importer)],
    )
}

/// The files a (normalized) document's `consumes` and `binds` entries import, as written.
pub(crate) fn listed(loaded: &Loaded) -> Vec<String> {
    Section::ALL
        .into_iter()
        .flat_map(|section| entries(loaded, section))
        .map(|entry| entry.from)
        .collect()
}

/// One import entry found in the document.
struct Entry {
    section: Section,
    index: usize,
    from: String,
    from_key: &'static str,
    import: Option<String>,
    alias: Option<String>,
}

#[cfg(test)]
fn consumes_path() -> DocPath {
    Section::Consumes.path()
}

fn entries(loaded: &Loaded, section: Section) -> Vec<Entry> {
    let Some(list) = loaded
        .value
        .pointer(section.pointer())
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    let text = |entry: &Value, key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
    list.iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let (from_key, from) = section
                .file_keys()
                .iter()
                .find_map(|key| text(entry, key).map(|from| (*key, from)))?;
            // A bind with a `from` but no `import` is not an import entry.
            if section == Section::Binds && entry.get("import").is_none() {
                return None;
            }
            Some(Entry {
                section,
                index,
                from,
                from_key,
                import: text(entry, "import"),
                alias: text(entry, "as"),
            })
        })
        .collect()
}

fn resolve_in(
    loaded: &mut Loaded,
    importer: &str,
    root: &Path,
    documents: &[SourceFile],
    stack: &mut Vec<PathBuf>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let all: Vec<Entry> = Section::ALL
        .into_iter()
        .flat_map(|section| entries(loaded, section))
        .collect();
    let files = Importer {
        importer,
        root,
        documents,
    };
    for entry in all {
        let at = entry.section.path().index(entry.index);
        let Some(import) = entry.import.clone() else {
            diagnostics.push(loaded.source_map.error(
                &at,
                "an import entry has no `import` namespace",
                "name the namespace of the imported file's entry: `import: <namespace>`",
            ));
            continue;
        };
        let (mut imported, name, found) = match files.load(loaded, &entry, stack) {
            Ok(imported) => imported,
            Err(found) => {
                diagnostics.extend(found);
                continue;
            }
        };
        diagnostics.extend(found);
        match named_entry(&imported, &entry, &import, &name) {
            Ok((index, consumed)) => {
                let source = entry.section.path().index(index);
                let map = std::mem::take(&mut imported.source_map);
                replace_entry(loaded, &entry, consumed, map, &source);
            }
            Err((message, help)) => {
                diagnostics.push(loaded.source_map.error(&at.key("import"), message, &help));
            }
        }
    }
    diagnostics
}

/// What an import entry is resolved against: the importing file, the capability's
/// directory, and the files the caller read.
struct Importer<'a> {
    importer: &'a str,
    root: &'a Path,
    documents: &'a [SourceFile],
}

/// An imported file, loaded and normalized with its own imports resolved; its name; and
/// the problems found inside it.
type LoadedImport = (Loaded, String, Vec<Diagnostic>);

impl Importer<'_> {
    /// The file `entry` names, or the located errors that say why it cannot be read.
    fn load(
        &self,
        loaded: &Loaded,
        entry: &Entry,
        stack: &mut Vec<PathBuf>,
    ) -> Result<LoadedImport, Vec<Diagnostic>> {
        let from_path = entry.section.path().index(entry.index).key(entry.from_key);
        let error =
            |message: String, help: &str| vec![loaded.source_map.error(&from_path, message, help)];
        let target = import_path(self.importer, &entry.from, self.root).map_err(|problem| {
            error(
                problem,
                "import files inside the capability's directory, by a relative path",
            )
        })?;
        let wanted = normal(&target);
        if let Some(message) = cycle(stack, &wanted) {
            return Err(error(
                message,
                "import each shared file from one place, without importing back",
            ));
        }
        let Some(file) = find(self.documents, &wanted) else {
            return Err(error(
                format!(
                    "`{}` ({target}) was not found or not given to the generator",
                    entry.from
                ),
                "check the path; it is relative to the importing file",
            ));
        };
        let mut imported = load::load(file)?;
        let mut diagnostics: Vec<Diagnostic> = dialect::normalize(&mut imported)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        stack.push(wanted);
        diagnostics.extend(resolve_in(
            &mut imported,
            &file.name,
            self.root,
            self.documents,
            stack,
        ));
        stack.pop();
        Ok((imported, file.name.clone(), diagnostics))
    }
}

/// The imported file's entry of namespace `import`, with the entry's alias applied; or the
/// message and help that list the namespaces the file has.
fn named_entry(
    imported: &Loaded,
    entry: &Entry,
    import: &str,
    file_name: &str,
) -> Result<(usize, Value), (String, String)> {
    let candidates = imported
        .value
        .pointer(entry.section.pointer())
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let found = candidates
        .iter()
        .enumerate()
        .find(|(_, candidate)| candidate.get("namespace").and_then(Value::as_str) == Some(import));
    let Some((index, consumed)) = found else {
        let available: Vec<&str> = candidates
            .iter()
            .filter_map(|c| c.get("namespace").and_then(Value::as_str))
            .collect();
        return Err((
            format!(
                "{file_name} has no {} entry with namespace `{import}`",
                entry.section.name()
            ),
            format!(
                "import one of its namespaces: {}",
                if available.is_empty() {
                    "(it has none)".to_owned()
                } else {
                    available.join(", ")
                }
            ),
        ));
    };
    let mut consumed = consumed.clone();
    if let (Some(alias), Value::Object(object)) = (&entry.alias, &mut consumed) {
        object.insert("namespace".to_owned(), Value::String(alias.clone()));
    }
    Ok((index, consumed))
}

/// Puts the imported entry in the import entry's place, with the positions (and the
/// written paths) of the file it came from.
fn replace_entry(
    loaded: &mut Loaded,
    entry: &Entry,
    consumed: Value,
    imported_map: SourceMap,
    source: &DocPath,
) {
    let at = entry.section.path().index(entry.index);
    let origin = imported_map.origin(source);
    loaded.source_map.graft(&at, imported_map, source);
    loaded.source_map.set_origin(&at, &origin);
    if let Some(slot) = loaded
        .value
        .pointer_mut(entry.section.pointer())
        .and_then(Value::as_array_mut)
        .and_then(|all| all.get_mut(entry.index))
    {
        *slot = consumed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(name: &str, text: &str) -> Loaded {
        let mut loaded = load::load(&SourceFile::new(name, text)).expect("valid YAML");
        dialect::normalize(&mut loaded);
        loaded
    }

    const SHARED: &str = "\
ikanos: 1.0.0-beta5
consumes:
- namespace: registry
  type: http
  baseUri: https://registry.test
  resources:
    ships:
      path: /ships
      operations:
        list-ships:
          method: GET
";

    const MAIN: &str = "\
ikanos: 1.0.0-beta5
capability:
  consumes:
  - import: registry
    from: ./shared/registry.yml
    as: ships
";

    #[test]
    fn binds_import_by_namespace_and_a_bind_location_is_not_an_import() {
        let main_text = "\
ikanos: 1.0.0-beta5
binds:
- import: registry-env
  from: ./shared/binds.yml
- namespace: local
  location: file:///./secrets.yaml
  keys:
    LOCAL_KEY: local-key
capability:
  consumes:
  - import: registry
    from: ./shared/registry.yml
";
        let binds = "\
ikanos: 1.0.0-beta5
binds:
- namespace: registry-env
  keys:
    REGISTRY_TOKEN: REGISTRY_TOKEN
";
        let mut main = loaded("caps/main.yml", main_text);
        let files = [
            SourceFile::new("caps/./shared/registry.yml", SHARED),
            SourceFile::new("caps/./shared/binds.yml", binds),
        ];
        let targets = crate::import_targets(
            &SourceFile::new("caps/main.yml", main_text),
            Path::new("caps"),
        );
        assert_eq!(targets.len(), 2, "{targets:?}");
        let diagnostics = resolve(&mut main, "caps/main.yml", &files);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(main.value["binds"][0]["namespace"], "registry-env");
        assert_eq!(
            main.value["binds"][0]["keys"]["REGISTRY_TOKEN"],
            "REGISTRY_TOKEN"
        );
        assert_eq!(main.value["binds"][1]["location"], "file:///./secrets.yaml");
    }

    #[test]
    fn import_paths_stay_inside_the_capability_directory() {
        let root = Path::new("caps");
        assert_eq!(
            import_path("caps/main.yml", "./shared/a.yml", root).as_deref(),
            Ok("caps/shared/a.yml")
        );
        assert_eq!(
            import_path("caps/main.yml", "file:///./shared/a.yml", root).as_deref(),
            Ok("caps/shared/a.yml")
        );
        assert_eq!(
            import_path("caps/shared/a.yml", "../b.yml", root).as_deref(),
            Ok("caps/b.yml")
        );
        assert!(import_path("caps/main.yml", "../../etc/passwd", root).is_err());
        assert!(import_path("caps/main.yml", "https://example.test/a.yml", root).is_err());
        assert_eq!(
            import_path("../x/main.yml", "a.yml", Path::new("../x")).as_deref(),
            Ok("../x/a.yml")
        );
    }

    #[test]
    fn an_import_is_replaced_by_the_named_consumes_entry() {
        let mut main = loaded("caps/main.yml", MAIN);
        let shared = SourceFile::new("caps/./shared/registry.yml", SHARED);
        let diagnostics = resolve(&mut main, "caps/main.yml", &[shared]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let consumes = &main.value["capability"]["consumes"][0];
        assert_eq!(consumes["namespace"], "ships", "renamed by `as`");
        assert_eq!(consumes["baseUri"], "https://registry.test");
        assert_eq!(
            consumes["resources"][0]["operations"][0]["name"],
            "list-ships"
        );
        let method = consumes_path()
            .index(0)
            .key("resources")
            .index(0)
            .key("operations")
            .index(0)
            .key("method");
        let (file, position) = main.source_map.locate(&method);
        assert_eq!(file, "caps/./shared/registry.yml");
        assert_eq!(position.map(|p| p.line), Some(11));
        assert_eq!(
            main.source_map.origin(&method).to_string(),
            "consumes[0].resources.ships.operations.list-ships.method"
        );
    }

    #[test]
    fn missing_cyclic_and_unknown_imports_are_located_errors() {
        let mut main = loaded("caps/main.yml", MAIN);
        let missing = resolve(&mut main, "caps/main.yml", &[]);
        assert_eq!(missing.len(), 1);
        assert!(missing[0].message.contains("not found"), "{}", missing[0]);
        assert_eq!(missing[0].position.map(|p| p.line), Some(5));

        let cyclic_text = format!("{SHARED}- import: registry\n  from: ../main.yml\n");
        let cyclic = SourceFile::new("caps/shared/registry.yml", cyclic_text);
        let mut main = loaded("caps/main.yml", MAIN);
        let found = resolve(
            &mut main,
            "caps/main.yml",
            &[cyclic, SourceFile::new("caps/main.yml", MAIN)],
        );
        assert!(
            found.iter().any(|d| d.message.contains("cycle")),
            "{found:?}"
        );

        let mut main = loaded(
            "caps/main.yml",
            &MAIN.replace("import: registry", "import: nope"),
        );
        let shared = SourceFile::new("caps/shared/registry.yml", SHARED);
        let unknown = resolve(&mut main, "caps/main.yml", &[shared]);
        assert!(
            unknown[0].message.contains("namespace `nope`"),
            "{}",
            unknown[0]
        );
        assert!(
            unknown[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("registry"))
        );
    }

    #[test]
    fn targets_lists_the_files_to_read() {
        let main = SourceFile::new("caps/main.yml", MAIN);
        assert_eq!(
            crate::import_targets(&main, Path::new("caps")),
            ["caps/shared/registry.yml"]
        );
    }
}
