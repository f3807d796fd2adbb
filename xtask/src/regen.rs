//! `cargo xtask regen [--check]`: every spec in `specs/` -> its crate's `src/generated/`.
//!
//! Regen owns each output directory completely: it writes what the generator produced,
//! deletes every other file there, and touches nothing outside them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{Inputs, SourceFile};

/// One generated crate: its spec (relative to the workspace root, which is also how
/// generated headers name it), the corrections and named types the spec refers to, and
/// the directory regen owns.
pub struct Target {
    pub spec: &'static str,
    /// Corrections and additions to the spec, as an Overlay 1.0 document.
    pub overlay: Option<&'static str>,
    /// Named types the spec or overlay refers to.
    pub types: &'static [&'static str],
    pub output_dir: &'static str,
    /// The crate's name as code refers to it (doc examples name it).
    pub crate_ident: &'static str,
}

/// Every crate regen writes.
pub const TARGETS: &[Target] = &[
    Target {
        spec: "specs/clerk-backend-api-users.yaml",
        overlay: Some("specs/clerk-backend-api-users.overlay.yaml"),
        types: &[
            "specs/clerk-backend-api-users.types.yaml",
            "specs/clerk-backend-api-shared.types.yaml",
        ],
        output_dir: "clerk-users/src/generated",
        crate_ident: "clerk_users",
    },
    Target {
        spec: "specs/clerk-backend-api-sessions.yml",
        overlay: None,
        types: &[
            "specs/clerk-backend-api-sessions.types.yaml",
            "specs/clerk-backend-api-shared.types.yaml",
        ],
        output_dir: "clerk-sessions/src/generated",
        crate_ident: "clerk_sessions",
    },
    Target {
        spec: "specs/clerk-backend-api-organizations.yml",
        overlay: None,
        types: &[
            "specs/clerk-backend-api-organizations.types.yaml",
            "specs/clerk-backend-api-shared.types.yaml",
        ],
        output_dir: "clerk-organizations/src/generated",
        crate_ident: "clerk_organizations",
    },
    Target {
        spec: "specs/clerk-backend-api-jwks.yml",
        overlay: None,
        types: &["specs/clerk-backend-api-jwks.types.yml"],
        output_dir: "clerk-auth/src/generated",
        crate_ident: "clerk_auth",
    },
];

/// How many diff lines `--check` shows per stale file.
const DIFF_LINES: usize = 40;

/// Whether to write the output or only compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the output directories up to date.
    Write,
    /// Change nothing; fail if anything is out of date.
    Check,
}

pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let mut stale = 0;
    for target in TARGETS {
        stale += regen_one(root, target, mode)?;
    }
    if stale > 0 {
        return Err(format!(
            "regen --check: {stale} generated file(s) are stale; run `cargo xtask regen` and commit the result"
        ));
    }
    Ok(())
}

/// Regenerates (or checks) one target; returns how many of its files are stale in
/// `Check` mode.
fn regen_one(root: &Path, target: &Target, mode: Mode) -> Result<usize, String> {
    let started = Instant::now();
    let spec = read_input(root, target.spec)?;
    let overlay = target
        .overlay
        .map(|overlay| read_input(root, overlay))
        .transpose()?;
    let documents = target
        .types
        .iter()
        .map(|types| read_input(root, types))
        .collect::<Result<Vec<_>, _>>()?;
    let generation = codegen::generate(Inputs {
        spec: &spec,
        overlay: overlay.as_ref(),
        documents: &documents,
        crate_ident: Some(target.crate_ident),
        regenerate_with: codegen::REGEN_COMMAND,
    });
    crate::report(&generation, "regen")?;

    let out_dir = root.join(target.output_dir);
    let existing = read_dir_files(&out_dir)?;
    let changes = compare(&generation.files, &existing);
    let summary = format!(
        "{} operations, {} types, {} files in {}",
        generation.operations,
        generation.types,
        generation.files.len(),
        target.output_dir
    );

    match mode {
        Mode::Check => {
            if changes.is_empty() {
                println!(
                    "regen --check: up to date ({summary}, {} ms)",
                    started.elapsed().as_millis()
                );
            }
            for change in &changes {
                eprintln!(
                    "{}",
                    change.describe(target.output_dir, &generation.files, &existing)
                );
            }
            Ok(changes.len())
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
            Ok(0)
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
        output_dir: &str,
        generated: &BTreeMap<PathBuf, String>,
        existing: &BTreeMap<PathBuf, String>,
    ) -> String {
        let shown = Path::new(output_dir).join(&self.path);
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
        let described = changes[1].describe("out", &generated, &existing);
        assert!(described.contains("-old"), "{described}");
        assert!(described.contains("+new"), "{described}");
    }
}
