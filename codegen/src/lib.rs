//! Turns a Naftiko capability into the source of a typed Rust client.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML -> value + source positions) -> [`model`] + [`resolve`] (validated [`ir`])
//! -> [`names`] (every Rust identifier) -> `emit` (token streams) -> `format` (files).
//!
//! [`generate`] is pure: text in, files and diagnostics out; no I/O, no clock. It never
//! panics on input: every problem is a [`Diagnostic`] with file, line and document path.

pub mod diagnostic;
mod emit;
mod format;
pub mod ir;
pub mod load;
pub mod model;
pub mod names;
pub mod resolve;

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

/// Generates the client source for one capability document.
pub fn generate(spec: &SourceFile) -> Generation {
    let loaded = match load::load(spec) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Generation {
                diagnostics,
                ..Generation::default()
            };
        }
    };
    let (api, mut diagnostics) = resolve::resolve(&loaded);
    let Some(api) = api else {
        return Generation {
            diagnostics,
            ..Generation::default()
        };
    };
    let names = names::assign(&api);

    let inputs = [spec.name.clone()];
    let inputs_hash = format::sha256_hex(spec.text.as_bytes());
    let mut files = BTreeMap::new();
    for (path, tokens) in emit::emit(&api, &names) {
        let is_index = path.as_os_str() == "mod.rs";
        let header = format::Header {
            inputs: &inputs,
            inputs_hash: is_index.then_some(inputs_hash.as_str()),
        };
        match format::format_file(tokens, &header) {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(message) => diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: spec.name.clone(),
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
    Generation {
        files,
        diagnostics,
        operations: api.operations.len(),
        types: names.operations.len(),
    }
}
