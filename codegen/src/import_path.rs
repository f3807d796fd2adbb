//! Where an imported file is: a path relative to the importing file, kept inside the
//! directory of the capability being generated. Shared by `consumes`/`binds` imports and
//! a composition's top-level `imports:` list.

use std::path::{Component, Path, PathBuf};

/// The file an import names: `from` (a relative path, or a `file://` URI whose path is read
/// relative too) resolved against the importing file's directory, kept inside `root`.
pub(crate) fn import_path(importer: &str, from: &str, root: &Path) -> Result<String, String> {
    if from.contains("://") && !from.starts_with("file://") {
        return Err(format!(
            "`{from}` is remote; only files beside the capability are imported"
        ));
    }
    let relative = from.trim_start_matches("file://").trim_start_matches('/');
    let target = normal(&parent(importer).join(relative).to_string_lossy());
    if !target.starts_with(normal(&root.to_string_lossy())) {
        return Err(format!(
            "`{from}` leaves the capability's directory ({})",
            root.display()
        ));
    }
    Ok(target.to_string_lossy().replace('\\', "/"))
}

pub(crate) fn parent(file: &str) -> PathBuf {
    Path::new(file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `a/./b/../c` -> `a/c`, without touching the file system (a `..` that cannot be folded
/// stays, so paths above the working directory still compare).
pub(crate) fn normal(path: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let folds = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if folds {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The message for an import of `wanted` while `stack` (the files that led to it) already
/// holds it, or `None`.
pub(crate) fn cycle(stack: &[PathBuf], wanted: &Path) -> Option<String> {
    stack.iter().any(|seen| seen == wanted).then(|| {
        let chain: Vec<String> = stack
            .iter()
            .map(|path| path.as_path())
            .chain([wanted])
            .map(|path| path.display().to_string())
            .collect();
        format!("imports form a cycle: {}", chain.join(" -> "))
    })
}

/// The file of `documents` that `wanted` names.
pub(crate) fn find<'d>(
    documents: &'d [crate::load::SourceFile],
    wanted: &Path,
) -> Option<&'d crate::load::SourceFile> {
    documents.iter().find(|doc| normal(&doc.name) == wanted)
}
