//! `cargo xtask regen [--check]`: the project's fixed inputs -> `clerk-users/src/generated/`.
//!
//! Regen owns the output directory completely: it writes what the generator produced,
//! deletes every other file there, and touches nothing outside it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{Inputs, SourceFile};

/// The spec, relative to the workspace root (also how generated headers name it).
const SPEC: &str = "specs/clerk-backend-api-users.yaml";
/// Corrections and additions to the spec, as an Overlay 1.0 document.
const OVERLAY: &str = "specs/clerk-backend-api-users.overlay.yaml";
/// Named types the overlay refers to.
const TYPES: &str = "specs/clerk-backend-api-users.types.yaml";
/// The directory regen owns, relative to the workspace root.
const OUTPUT_DIR: &str = "clerk-users/src/generated";
/// How many diff lines `--check` shows per stale file.
const DIFF_LINES: usize = 40;

/// Whether to write the output or only compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the output directory up to date.
    Write,
    /// Change nothing; fail if anything is out of date.
    Check,
}

pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let started = Instant::now();
    let spec = read_input(root, SPEC)?;
    let overlay = read_input(root, OVERLAY)?;
    let documents = [read_input(root, TYPES)?];
    let generation = codegen::generate(Inputs {
        spec: &spec,
        overlay: Some(&overlay),
        documents: &documents,
        crate_ident: Some("clerk_users"),
        regenerate_with: codegen::REGEN_COMMAND,
    });
    crate::report(&generation, "regen")?;

    let out_dir = root.join(OUTPUT_DIR);
    let existing = read_dir_files(&out_dir)?;
    let changes = compare(&generation.files, &existing);
    let elapsed = started.elapsed();
    let summary = format!(
        "{} operations, {} types, {} files in {OUTPUT_DIR}",
        generation.operations,
        generation.types,
        generation.files.len(),
    );

    match mode {
        Mode::Check => {
            if changes.is_empty() {
                println!(
                    "regen --check: up to date ({summary}, {} ms)",
                    elapsed.as_millis()
                );
                return Ok(());
            }
            for change in &changes {
                eprintln!("{}", change.describe(&generation.files, &existing));
            }
            Err(format!(
                "regen --check: {} generated file(s) are stale; run `cargo xtask regen` and commit the result",
                changes.len()
            ))
        }
        Mode::Write => {
            fs::create_dir_all(&out_dir)
                .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
            let (mut written, mut deleted) = (0, 0);
            for change in &changes {
                let path = out_dir.join(&change.path);
                match change.kind {
                    ChangeKind::Added | ChangeKind::Modified => {
                        if let Some(parent) = path.parent() {
                            fs::create_dir_all(parent)
                                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                        }
                        fs::write(&path, &generation.files[&change.path])
                            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                        written += 1;
                    }
                    ChangeKind::Removed => {
                        fs::remove_file(&path)
                            .map_err(|e| format!("cannot delete {}: {e}", path.display()))?;
                        deleted += 1;
                    }
                }
            }
            println!(
                "regen: {summary} ({written} written, {deleted} deleted) in {} ms",
                started.elapsed().as_millis()
            );
            Ok(())
        }
    }
}

fn read_input(root: &Path, name: &str) -> Result<SourceFile, String> {
    let path = root.join(name);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SourceFile::new(name, text))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeKind {
    Added,
    Modified,
    Removed,
}

#[derive(Debug)]
struct Change {
    path: PathBuf,
    kind: ChangeKind,
}

impl Change {
    fn describe(
        &self,
        generated: &BTreeMap<PathBuf, String>,
        existing: &BTreeMap<PathBuf, String>,
    ) -> String {
        let shown = Path::new(OUTPUT_DIR).join(&self.path);
        match self.kind {
            ChangeKind::Added => format!("missing: {} (regen would create it)", shown.display()),
            ChangeKind::Removed => format!("extra: {} (regen would delete it)", shown.display()),
            ChangeKind::Modified => {
                let old = existing.get(&self.path).map_or("", String::as_str);
                let new = generated.get(&self.path).map_or("", String::as_str);
                let diff = similar::TextDiff::from_lines(old, new)
                    .unified_diff()
                    .context_radius(2)
                    .header("checked in", "regenerated")
                    .to_string();
                let mut lines: Vec<&str> = diff.lines().take(DIFF_LINES + 1).collect();
                if lines.len() > DIFF_LINES {
                    lines.truncate(DIFF_LINES);
                    lines.push("...");
                }
                format!("stale: {}\n{}", shown.display(), lines.join("\n"))
            }
        }
    }
}

fn compare(
    generated: &BTreeMap<PathBuf, String>,
    existing: &BTreeMap<PathBuf, String>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (path, text) in generated {
        match existing.get(path) {
            None => changes.push(Change {
                path: path.clone(),
                kind: ChangeKind::Added,
            }),
            Some(old) if old != text => changes.push(Change {
                path: path.clone(),
                kind: ChangeKind::Modified,
            }),
            Some(_) => {}
        }
    }
    for path in existing
        .keys()
        .filter(|path| !generated.contains_key(*path))
    {
        changes.push(Change {
            path: path.clone(),
            kind: ChangeKind::Removed,
        });
    }
    changes
}

/// Every file below `dir`, keyed by relative path. A missing directory is empty.
fn read_dir_files(dir: &Path) -> Result<BTreeMap<PathBuf, String>, String> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = fs::read_dir(&current)
            .map_err(|e| format!("cannot list {}: {e}", current.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot list {}: {e}", current.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .map_err(|e| e.to_string())?
                .to_path_buf();
            // Non-UTF-8 files are foreign to regen's output: compare them as always stale.
            let text = fs::read_to_string(&path).unwrap_or_default();
            files.insert(relative, text);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        entries
            .iter()
            .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
            .collect()
    }

    #[test]
    fn compare_finds_added_modified_and_removed_files() {
        let generated = files(&[("a.rs", "a"), ("b.rs", "new"), ("c.rs", "c")]);
        let existing = files(&[("b.rs", "old"), ("c.rs", "c"), ("d.rs", "d")]);
        let changes = compare(&generated, &existing);
        let kinds: Vec<(&str, ChangeKind)> = changes
            .iter()
            .map(|c| (c.path.to_str().unwrap_or_default(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("a.rs", ChangeKind::Added),
                ("b.rs", ChangeKind::Modified),
                ("d.rs", ChangeKind::Removed),
            ]
        );
        let described = changes[1].describe(&generated, &existing);
        assert!(described.contains("-old"), "{described}");
        assert!(described.contains("+new"), "{described}");
    }
}
