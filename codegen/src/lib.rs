//! Turns a Naftiko capability into the source of a typed Rust client.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML -> value + source positions) -> [`dialect`] (Naftiko and Ikanos -> one
//! shape) -> [`imports`] (composition) -> `compose` (a top-level `imports:` list) -> [`model`] + [`resolve`] (validated [`ir`])
//! -> [`names`] (every Rust identifier) -> [`lower`] (every decision, as plain data) -> `emit`
//! (token streams) -> `format` (files).
//!
//! [`generate`] is pure: text in, files and diagnostics out; no I/O, no clock. It never
//! panics on input: every problem is a [`Diagnostic`] with file, line and document path.

mod body_template;
mod compose;
pub mod diagnostic;
pub mod dialect;
mod emit;
mod format;
mod import_path;
pub mod imports;
pub mod ir;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
mod output_path;
pub mod overlay;
mod refs;
pub mod resolve;
pub mod schema;
pub mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use diagnostic::{Diagnostic, DocPath, Position, Severity};
pub use emit::sanitize_doc;
pub use load::SourceFile;

/// The result of a generator run.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    /// Generated files, keyed by path relative to the output directory; empty on errors.
    pub files: BTreeMap<PathBuf, String>,
    /// Every warning and error found.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of operations generated.
    pub operations: usize,
    /// Number of public types generated (request builders, models).
    pub types: usize,
}

impl Generation {
    /// Whether any diagnostic is an error (then `files` is empty).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// What the generator reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The Naftiko capability.
    pub spec: &'a SourceFile,
    /// An Overlay 1.0 document applied to the capability before anything else.
    pub overlay: Option<&'a SourceFile>,
    /// Files the (overlaid) spec refers to by name, such as a types file.
    pub documents: &'a [SourceFile],
    /// The generated crate's name as code refers to it (`clerk_users`); with it, operation
    /// docs get compiled `no_run` examples.
    pub crate_ident: Option<&'a str>,
    /// The command that regenerates the output, named in every file's header.
    pub regenerate_with: &'a str,
}

/// The command that regenerates clerk-users, the default for [`Inputs::regenerate_with`].
pub const REGEN_COMMAND: &str = "cargo xtask regen";

impl<'a> Inputs<'a> {
    /// Just a capability, no overlay.
    pub fn spec(spec: &'a SourceFile) -> Self {
        Self {
            spec,
            overlay: None,
            documents: &[],
            crate_ident: None,
            regenerate_with: REGEN_COMMAND,
        }
    }

    fn files(&self) -> impl Iterator<Item = &'a SourceFile> {
        std::iter::once(self.spec)
            .chain(self.overlay)
            .chain(self.documents)
    }
}

/// The files `file` imports, directly (its `consumes` and `binds` import entries, and a
/// composition's top-level `imports:` list), as the names a caller should read them under;
/// paths that leave `root` are left out (they are reported when generating). A caller reads
/// these, then asks again of each, to have every file a capability needs.
pub fn import_targets(file: &SourceFile, root: &std::path::Path) -> Vec<String> {
    let Ok(mut loaded) = load::load(file) else {
        return Vec::new();
    };
    dialect::normalize(&mut loaded);
    imports::listed(&loaded)
        .into_iter()
        .chain(compose::listed_files(&loaded))
        .filter_map(|from| import_path::import_path(&file.name, &from, root).ok())
        .collect()
}

/// The capability's display name (`info.label`, or `info.display` in Ikanos), if the spec
/// parses and has one.
pub fn api_title(spec: &SourceFile) -> Option<String> {
    let mut loaded = load::load(spec).ok()?;
    dialect::normalize(&mut loaded);
    loaded
        .value
        .get("info")?
        .get("label")?
        .as_str()
        .map(str::to_owned)
}

/// Generates the client source for one capability document (and its overlay).
pub fn generate(inputs: Inputs<'_>) -> Generation {
    let failed = |diagnostics| Generation {
        diagnostics,
        ..Generation::default()
    };
    let (loaded, mut diagnostics) = match read(&inputs) {
        Ok(read) => read,
        Err(diagnostics) => return failed(diagnostics),
    };
    let version_failed = diagnostics.iter().any(Diagnostic::is_error);
    let (api, resolve_diagnostics) = resolve::resolve(&loaded);
    diagnostics.extend(resolve_diagnostics);
    let Some(api) = api.filter(|_| !version_failed) else {
        return failed(diagnostics);
    };
    let names = names::assign(&api);
    let files = write(&inputs, &api, &names, &mut diagnostics);
    Generation {
        files,
        diagnostics,
        operations: api.operations.len(),
        types: names.operations.len() + names.types.len(),
    }
}

/// Stages 1 and 2: the spec loaded, overlaid, normalized, with its imports and types in
/// place; or every error found on the way. A missing version is an error reported together
/// with whatever `resolve` finds, so one run shows every problem: the diagnostics returned
/// with the document hold only that one, or warnings.
fn read(inputs: &Inputs<'_>) -> Result<(load::Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let spec = inputs.spec;
    let mut loaded = load::load(spec)?;
    let mut diagnostics = Vec::new();
    if let Some(overlay) = inputs.overlay {
        diagnostics.extend(overlay::apply(&mut loaded, overlay));
    }
    let version_diagnostics = dialect::normalize(&mut loaded);
    diagnostics.extend(imports::resolve(&mut loaded, &spec.name, inputs.documents));
    diagnostics.extend(compose::expand(&mut loaded, &spec.name, inputs.documents));
    diagnostics.extend(refs::inline_types(&mut loaded, inputs.documents));
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(version_diagnostics);
    if failed {
        return Err(diagnostics);
    }
    Ok((loaded, diagnostics))
}

/// Stages 5 to 7: the files of the client, each with its header; none when any diagnostic
/// (including one found here) is an error.
fn write(
    inputs: &Inputs<'_>,
    api: &ir::Api,
    names: &names::Names,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<PathBuf, String> {
    let input_names: Vec<String> = inputs.files().map(|file| file.name.clone()).collect();
    let inputs_hash = format::sha256_hex(
        inputs
            .files()
            .map(|file| format!("{}\n{}\n", file.name, file.text))
            .collect::<String>()
            .as_bytes(),
    );
    let mut files = BTreeMap::new();
    let lowered = lower::lower(api, names);
    let emitted: Vec<(PathBuf, String)> = emit::emit(api, names, &lowered, inputs.crate_ident)
        .into_iter()
        .map(|(path, tokens)| (path, tokens.to_string()))
        .collect();
    let formatted = format::format_all(emitted, |path| format::Header {
        inputs: &input_names,
        regenerate_with: inputs.regenerate_with,
        inputs_hash: (path.as_os_str() == "mod.rs").then_some(inputs_hash.as_str()),
    });
    for (path, result) in formatted {
        match result {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(message) => diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: inputs.spec.name.clone(),
                position: None,
                path: DocPath::root(),
                message: format!(
                    "internal error: generated {} is not valid Rust ({message})",
                    path.display()
                ),
                help: Some("this is a generator bug; please report it with the spec".to_owned()),
            }),
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        files.clear();
    }
    files
}
