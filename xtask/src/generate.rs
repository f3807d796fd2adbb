//! `cargo xtask generate`: a complete, standalone client crate for any Naftiko capability.
//!
//! The crate gets the shared runtime (from clerk-users, see `runtime.rs`), a `lib.rs` whose
//! module list is clerk-users' own, a manifest derived from clerk-users' (same features,
//! same dependency versions), and `src/generated/` from the generator.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Inputs, SourceFile};
use toml::{Table, Value};

use crate::runtime;

pub struct Options {
    pub spec: PathBuf,
    pub overlay: Option<PathBuf>,
    pub documents: Vec<PathBuf>,
    pub out: PathBuf,
    pub crate_name: String,
    /// Depend on this published version of the runtime crate instead of this workspace's.
    pub runtime_version: Option<String>,
    /// The command line that made the crate, written into every generated file's header.
    pub command: String,
}

impl Options {
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let (mut spec, mut overlay, mut out, mut crate_name) = (None, None, None, None);
        let mut runtime_version = None;
        let mut documents = Vec::new();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = || {
                rest.next()
                    .map(|v| (*v).to_owned())
                    .ok_or(format!("{arg} needs a value"))
            };
            match *arg {
                "--spec" => spec = Some(PathBuf::from(value()?)),
                "--overlay" => overlay = Some(PathBuf::from(value()?)),
                "--types" | "--openapi" => documents.push(PathBuf::from(value()?)),
                "--out" => out = Some(PathBuf::from(value()?)),
                "--crate-name" => crate_name = Some(value()?),
                "--runtime-version" => runtime_version = Some(value()?),
                other => return Err(format!("generate: unknown argument {other:?}")),
            }
        }
        let crate_name = crate_name.ok_or("generate needs --crate-name NAME")?;
        let valid_name = crate_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && crate_name.starts_with(|c: char| c.is_ascii_alphabetic());
        if !valid_name {
            return Err(format!(
                "--crate-name {crate_name:?} is not a valid crate name"
            ));
        }
        Ok(Self {
            spec: spec.ok_or("generate needs --spec FILE")?,
            overlay,
            documents,
            out: out.ok_or("generate needs --out DIR")?,
            crate_name,
            runtime_version,
            command: std::iter::once("cargo xtask generate".into())
                .chain(args.iter().map(|arg| shell_word(arg)))
                .collect::<Vec<_>>()
                .join(" "),
        })
    }
}

/// `arg` as a shell would need it typed: quoted only when it must be.
fn shell_word(arg: &str) -> std::borrow::Cow<'_, str> {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c));
    if plain {
        arg.into()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''")).into()
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let read = |path: &Path| {
        fs::read_to_string(path)
            .map(|text| SourceFile::new(path.display().to_string(), text))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let spec = read(&options.spec)?;
    let overlay = options.overlay.as_deref().map(read).transpose()?;
    let mut documents = options
        .documents
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<_>, _>>()?;
    documents.extend(imported_files(&spec, &options.spec, read)?);
    let generation = codegen::generate(Inputs {
        spec: &spec,
        overlay: overlay.as_ref(),
        documents: &documents,
        // Generated crates run no doctests (the shared runtime's examples name clerk-users).
        crate_ident: None,
        regenerate_with: &options.command,
    });
    crate::report(&generation, "generate")?;

    let title = codegen::api_title(&spec).unwrap_or_else(|| options.crate_name.clone());
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let manifest = manifest(
        &options.crate_name,
        &title,
        options.runtime_version.as_deref(),
    )?;
    files.insert("Cargo.toml".into(), manifest);
    files.insert("src/lib.rs".into(), lib_rs(&title, &spec.name));
    for (name, text) in runtime::FILES {
        files.insert(Path::new("src").join(name), (*text).to_owned());
    }
    for (path, text) in &generation.files {
        files.insert(Path::new("src/generated").join(path), text.clone());
    }

    // `src/generated/` is owned: files the generator no longer produces are deleted.
    let generated_dir = options.out.join("src/generated");
    if generated_dir.exists() {
        fs::remove_dir_all(&generated_dir)
            .map_err(|e| format!("cannot clear {}: {e}", generated_dir.display()))?;
    }
    for (path, text) in &files {
        let target = options.out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    println!(
        "generate: {} operations, {} types, {} files in {}",
        generation.operations,
        generation.types,
        files.len(),
        options.out.display()
    );
    Ok(())
}

/// Every file the capability imports, directly or through other imports. Only files inside
/// the capability's directory are read; the generator reports any other import.
fn imported_files(
    spec: &SourceFile,
    spec_path: &Path,
    read: impl Fn(&Path) -> Result<SourceFile, String>,
) -> Result<Vec<SourceFile>, String> {
    let root = spec_path.parent().unwrap_or(Path::new(""));
    let mut seen = std::collections::BTreeSet::new();
    let mut pending = vec![spec.clone()];
    let mut files = Vec::new();
    while let Some(file) = pending.pop() {
        for target in codegen::imports::targets(&file, root) {
            let path = PathBuf::from(&target);
            if seen.insert(target) && path.is_file() {
                let imported = read(&path)?;
                pending.push(imported.clone());
                files.push(imported);
            }
        }
    }
    Ok(files)
}

/// A `lib.rs` with generic crate docs and clerk-users' runtime module list.
fn lib_rs(title: &str, spec: &str) -> String {
    let shared = runtime::LIB
        .split_once(runtime::LIB_MARKER)
        .map_or("", |(_, shared)| shared);
    let title = title.replace(['\n', '\r'], " ");
    format!(
        "//! An async client for {title}, generated by `cargo xtask generate` from `{spec}`.\n\
         //!\n\
         //! Every operation is a method on [`Client`]; request builders are in [`operations`],\n\
         //! bodies and responses in [`models`].\n\
         \n\
         // The runtime is shared by every generated crate; helpers this API does not use\n\
         // (pagination, multipart, filters...) would otherwise warn.\n\
         #![allow(dead_code, reason = \"shared runtime helpers this API does not use\")]\n\
         \n\
         {}{shared}",
        runtime::LIB_MARKER
    )
}

/// clerk-users' manifest with its workspace values filled in, renamed, as its own workspace.
/// The runtime crate is this workspace's (an absolute path, so the crate builds wherever it
/// is written) unless a published `runtime_version` is asked for.
fn manifest(
    crate_name: &str,
    title: &str,
    runtime_version: Option<&str>,
) -> Result<String, String> {
    let parse = |text: &str, what: &str| -> Result<Table, String> {
        text.parse::<Table>()
            .map_err(|e| format!("cannot read {what}: {e}"))
    };
    let member = parse(runtime::MANIFEST, "clerk-users/Cargo.toml")?;
    let workspace = parse(runtime::WORKSPACE_MANIFEST, "Cargo.toml")?;
    let shared_deps = workspace
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(Value::as_table)
        .cloned()
        .unwrap_or_default();
    let shared_package = workspace
        .get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(Value::as_table)
        .cloned()
        .unwrap_or_default();

    let mut package = Table::new();
    package.insert("name".into(), crate_name.into());
    package.insert("version".into(), "0.1.0".into());
    for key in ["edition", "rust-version", "license"] {
        if let Some(value) = shared_package.get(key) {
            package.insert(key.into(), value.clone());
        }
    }
    package.insert(
        "description".into(),
        format!("An async client for {title}, generated from a Naftiko capability.").into(),
    );
    package.insert("publish".into(), false.into());

    let mut dependencies = Table::new();
    let member_deps = member
        .get("dependencies")
        .and_then(Value::as_table)
        .cloned()
        .unwrap_or_default();
    let features = member
        .get("features")
        .and_then(Value::as_table)
        .map(runtime_features)
        .unwrap_or_default();
    let clerk_only_deps = clerk_only_dependencies(&member);
    for (name, spec) in member_deps {
        if clerk_only_deps.contains(&name) {
            continue;
        }
        let mut resolved = resolve_dependency(&name, spec, &shared_deps)?;
        if name == RUNTIME_CRATE {
            resolved = runtime_dependency(runtime_version, &shared_deps)?;
        }
        dependencies.insert(name, resolved);
    }

    let mut lib = Table::new();
    // The runtime's doc examples are written for clerk-users.
    lib.insert("doctest".into(), false.into());
    let mut manifest = Table::new();
    manifest.insert("package".into(), Value::Table(package));
    manifest.insert("lib".into(), Value::Table(lib));
    if !features.is_empty() {
        manifest.insert("features".into(), Value::Table(features));
    }
    manifest.insert("dependencies".into(), Value::Table(dependencies));
    // Its own workspace, so it builds wherever it is written (even inside another one).
    manifest.insert("workspace".into(), Value::Table(Table::new()));
    toml::to_string(&manifest).map_err(|e| format!("cannot write the manifest: {e}"))
}

/// The runtime crate's package name.
const RUNTIME_CRATE: &str = "capability-runtime";

/// How a generated crate depends on the runtime: a published version, or this workspace's
/// copy by absolute path (with its version, for when the crate is published).
fn runtime_dependency(version: Option<&str>, shared: &Table) -> Result<Value, String> {
    let mut table = Table::new();
    if let Some(version) = version {
        table.insert("version".into(), version.into());
        return Ok(Value::Table(table));
    }
    let in_workspace = shared
        .get(RUNTIME_CRATE)
        .and_then(Value::as_table)
        .ok_or(format!(
            "`{RUNTIME_CRATE}` is not in [workspace.dependencies]"
        ))?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent directory")?;
    let relative = in_workspace
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or(RUNTIME_CRATE);
    table.insert(
        "path".into(),
        workspace.join(relative).display().to_string().into(),
    );
    if let Some(version) = in_workspace.get("version") {
        table.insert("version".into(), version.clone());
    }
    Ok(Value::Table(table))
}

/// clerk-users' features without its Clerk-only ones (nor their mention in `default`).
fn runtime_features(features: &Table) -> Table {
    let clerk_only = |item: &Value| {
        item.as_str()
            .is_some_and(|name| runtime::CLERK_ONLY_FEATURES.contains(&name))
    };
    features
        .iter()
        .filter(|(name, _)| !runtime::CLERK_ONLY_FEATURES.contains(&name.as_str()))
        .map(|(name, enables)| {
            let enables = match enables {
                Value::Array(items) => {
                    Value::Array(items.iter().filter(|i| !clerk_only(i)).cloned().collect())
                }
                other => other.clone(),
            };
            (name.clone(), enables)
        })
        .collect()
}

/// The optional dependencies that only Clerk-only features enable (`dep:name`).
fn clerk_only_dependencies(member: &Table) -> Vec<String> {
    let Some(features) = member.get("features").and_then(Value::as_table) else {
        return Vec::new();
    };
    runtime::CLERK_ONLY_FEATURES
        .iter()
        .filter_map(|feature| features.get(*feature).and_then(Value::as_array))
        .flatten()
        .filter_map(|item| item.as_str()?.strip_prefix("dep:"))
        .map(str::to_owned)
        .collect()
}

/// `name.workspace = true` (plus member features/optional) -> the workspace's definition.
fn resolve_dependency(name: &str, spec: Value, shared: &Table) -> Result<Value, String> {
    let Value::Table(member) = &spec else {
        return Ok(spec);
    };
    if member.get("workspace").and_then(Value::as_bool) != Some(true) {
        return Ok(spec);
    }
    let mut resolved = match shared.get(name) {
        Some(Value::String(version)) => {
            let mut table = Table::new();
            table.insert("version".into(), Value::String(version.clone()));
            table
        }
        Some(Value::Table(table)) => table.clone(),
        _ => return Err(format!("`{name}` is not in [workspace.dependencies]")),
    };
    if let Some(Value::Array(extra)) = member.get("features") {
        let mut features = resolved
            .get("features")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for feature in extra {
            if !features.contains(feature) {
                features.push(feature.clone());
            }
        }
        resolved.insert("features".into(), Value::Array(features));
    }
    if let Some(optional) = member.get("optional") {
        resolved.insert("optional".into(), optional.clone());
    }
    Ok(Value::Table(resolved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_has_clerk_users_features_and_pinned_versions() {
        let text = manifest("acme-client", "Acme", None).expect("manifest");
        let table: Table = text.parse().expect("valid TOML");
        assert_eq!(table["package"]["name"].as_str(), Some("acme-client"));
        assert!(table["features"]["default"].as_array().is_some());
        // Clerk-only features and what only they enable stay out of other crates.
        assert!(table["features"].get("webhooks").is_none());
        assert!(
            !table["features"]["default"]
                .as_array()
                .is_some_and(|d| d.iter().any(|f| f.as_str() == Some("webhooks")))
        );
        assert!(table["dependencies"].get("hmac").is_none());
        let reqwest = &table["dependencies"]["reqwest"];
        assert!(
            reqwest["version"]
                .as_str()
                .is_some_and(|v| v.starts_with("0.13"))
        );
        assert_eq!(
            table["dependencies"]["tracing"]["optional"].as_bool(),
            Some(true)
        );
        assert!(
            table["dependencies"]["tokio"]["features"]
                .as_array()
                .is_some_and(|f| f.iter().any(|x| x.as_str() == Some("time")))
        );
        assert!(table.contains_key("workspace"));
        let runtime = &table["dependencies"][RUNTIME_CRATE];
        let path = runtime["path"]
            .as_str()
            .expect("a path to this workspace's runtime");
        assert!(Path::new(path).is_absolute(), "{path}");
        assert!(Path::new(path).join("Cargo.toml").is_file(), "{path}");
    }

    #[test]
    fn a_published_runtime_version_replaces_the_path() {
        let text = manifest("acme-client", "Acme", Some("0.1.0")).expect("manifest");
        let table: Table = text.parse().expect("valid TOML");
        let runtime = table["dependencies"][RUNTIME_CRATE]
            .as_table()
            .expect("a table");
        assert_eq!(
            runtime.get("version").and_then(Value::as_str),
            Some("0.1.0")
        );
        assert!(runtime.get("path").is_none());
    }

    #[test]
    fn lib_rs_declares_the_shared_runtime_modules() {
        let text = lib_rs("Acme", "specs/acme.yaml");
        assert!(text.starts_with("//! An async client for Acme"));
        assert!(text.contains("mod client;"));
        assert!(text.contains("use capability_runtime::{"));
        assert!(text.contains("pub use crate::generated::models;"));
        assert!(
            !text.contains("Clerk's Backend API"),
            "no clerk-users crate docs"
        );
    }
}
