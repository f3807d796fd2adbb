//! Stage 3: a loaded document -> the IR, checking everything a client depends on.
//!
//! Collects every problem instead of stopping at the first, so one run shows a user all of
//! them. Nothing Clerk-specific lives here. One file per decision, all methods of the one
//! `Resolver` whose state (diagnostics, the type converter, pending pagination) they share:
//!
//! * `document`: the consumed APIs and their resources;
//! * `auth`: how each API authenticates, and the variables holding credentials;
//! * `operation`: one operation, step by step (name, parameters, path, body, response);
//! * `params`: one input parameter and its style;
//! * `bodies`: request bodies in every form a capability writes them;
//! * `responses`: success type, error statuses and output parameters;
//! * `paging`: the pagination pass, once every operation and type exists;
//! * `path`: path templates and their placeholders.

mod auth;
mod bodies;
mod document;
mod operation;
mod paging;
mod params;
mod path;
mod responses;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, DocPath, Segment};
use crate::ir::Api;
use crate::load::{Loaded, SourceMap};
use crate::model::Document;
use crate::types::TypeConverter;

pub use path::parse_path;

/// Builds the IR, or returns every error found (warnings ride along in both cases).
pub fn resolve(loaded: &Loaded) -> (Option<Api>, Vec<Diagnostic>) {
    let map = &loaded.source_map;
    let document: Document = match serde_path_to_error::deserialize(&loaded.value) {
        Ok(document) => document,
        Err(error) => {
            let path = doc_path(error.path());
            let message = format!("unexpected value: {}", error.inner());
            let help = "give this field the type the Naftiko schema expects";
            return (None, vec![map.error(&path, message, help)]);
        }
    };
    let mut types = TypeConverter::new(map, document.x_types.as_ref());
    types.named_types(document.x_types.as_ref(), &DocPath::root().key("x-types"));
    let mut resolver = Resolver {
        map,
        diagnostics: Vec::new(),
        types,
        operations_made: 0,
        paging: Vec::new(),
        bind_keys: document
            .binds
            .iter()
            .flat_map(|bind| bind.keys.keys().cloned())
            .collect(),
    };
    let mut api = resolver.document(&document);
    // Pagination is checked once every operation and type exists: it reads both.
    if let Some(api) = api.as_mut() {
        resolver.paginate(api);
    }
    let Resolver {
        mut diagnostics,
        types,
        ..
    } = resolver;
    diagnostics.extend(types.diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let api = api.filter(|_| !failed).map(|api| Api {
        types: types.types,
        ..api
    });
    (api, diagnostics)
}

/// Converts serde_path_to_error's path into ours.
fn doc_path(path: &serde_path_to_error::Path) -> DocPath {
    use serde_path_to_error::Segment as S;
    path.iter()
        .filter_map(|segment| match segment {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

/// An operation's `x-pagination`, waiting for the pagination pass.
struct PendingPaging {
    /// The operation's index in `Api::operations`.
    operation: usize,
    value: Value,
    path: DocPath,
}

struct Resolver<'a> {
    map: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
    types: TypeConverter<'a>,
    /// How many operations have been made so far (the next one's index in `Api::operations`).
    operations_made: usize,
    /// Each operation's `x-pagination`, checked in its own pass once all types exist.
    paging: Vec<PendingPaging>,
    /// Every key the document binds, in any namespace: a value written as just such a key
    /// (`token: "REGISTRY_TOKEN"`, as Ikanos tutorials do) refers to the binding.
    bind_keys: std::collections::BTreeSet<String>,
}

impl Resolver<'_> {
    pub(super) fn error(&mut self, path: &DocPath, message: impl Into<String>, help: &str) {
        self.diagnostics.push(self.map.error(path, message, help));
    }

    pub(super) fn warning(&mut self, path: &DocPath, message: impl Into<String>) {
        self.diagnostics.push(self.map.warning(path, message));
    }
}

#[cfg(test)]
mod tests;
