//! `cargo xtask generate`: a complete, standalone client crate for any Naftiko capability.
//!
//! The crate gets a `lib.rs` that re-exports what its users name from the runtime crate
//! (`capability-runtime`) and declares its `Error`, a manifest with the workspace's pinned
//! dependency versions, and `src/generated/` from the generator.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use codegen::{Inputs, SourceFile};
use toml::{Table, Value};

pub struct Options {
    pub spec: PathBuf,
    pub overlay: Option<PathBuf>,
    pub documents: Vec<PathBuf>,
    pub out: PathBuf,
    pub crate_name: String,
    /// Depend on this published version of the runtime crate instead of this workspace's.
    pub runtime_version: Option<String>,
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
        })
    }

    /// The command that regenerates the crate, written into every generated file's header:
    /// its paths as `names` gives them (relative to the crate), so the header is the same
    /// whichever directory, checkout or machine ran the generator.
    fn command(&self, names: &Names) -> String {
        let mut words = vec!["cargo xtask generate".to_owned()];
        let mut path = |flag: &str, path: &Path| {
            words.push(flag.to_owned());
            words.push(shell_word(&names.of(path)).into_owned());
        };
        path("--spec", &self.spec);
        if let Some(overlay) = &self.overlay {
            path("--overlay", overlay);
        }
        for document in &self.documents {
            path("--types", document);
        }
        words.extend(["--out", ".", "--crate-name"].map(str::to_owned));
        words.push(shell_word(&self.crate_name).into_owned());
        if let Some(version) = &self.runtime_version {
            words.push("--runtime-version".to_owned());
            words.push(shell_word(version).into_owned());
        }
        words.join(" ")
    }
}

/// How generated files name their inputs: by their path relative to the generated crate,
/// never by an absolute path of the machine that ran the generator. The generator resolves
/// imports on these names (they are paths too), and [`Names::file`] turns one back into a
/// file to read.
struct Names {
    /// The generated crate's directory, absolute and without `.` or `..`.
    out: PathBuf,
    /// The directory the command runs in, for diagnostics a user can open.
    cwd: PathBuf,
}

impl Names {
    fn new(out: &Path) -> Result<Self, String> {
        let cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
        Ok(Self {
            out: lexical(&cwd.join(out)),
            cwd,
        })
    }

    /// `path` (relative to the working directory, or absolute) as the crate names it.
    fn of(&self, path: &Path) -> String {
        relative(&self.out, &lexical(&self.cwd.join(path)))
    }

    /// The file behind a name the crate uses.
    fn file(&self, name: &str) -> PathBuf {
        lexical(&self.out.join(name))
    }

    /// A name the crate uses, as a path from the working directory (for messages).
    fn shown(&self, name: &str) -> String {
        relative(&self.cwd, &self.file(name))
    }
}

/// `path` with `.` and `..` folded, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path from the directory `from` to `to` (both absolute and lexical), with `/`.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - shared);
    let downs = to[shared..]
        .iter()
        .map(|part| part.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.chain(downs).collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
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
    let names = Names::new(&options.out)?;
    let read_named = |name: String| {
        let file = names.file(&name);
        fs::read_to_string(&file)
            .map(|text| SourceFile::new(name, text))
            .map_err(|e| format!("cannot read {}: {e}", file.display()))
    };
    let read = |path: &Path| read_named(names.of(path));
    let spec = read(&options.spec)?;
    let overlay = options.overlay.as_deref().map(read).transpose()?;
    let mut documents = options
        .documents
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<_>, _>>()?;
    documents.extend(imported_files(&spec, &names, read_named)?);
    let command = options.command(&names);
    let mut generation = codegen::generate(Inputs {
        spec: &spec,
        overlay: overlay.as_ref(),
        documents: &documents,
        crate_ident: Some(&options.crate_name.replace('-', "_")),
        regenerate_with: &command,
    });
    for diagnostic in &mut generation.diagnostics {
        diagnostic.file = names.shown(&diagnostic.file);
    }
    crate::report(&generation, "generate")?;

    let title = codegen::api_title(&spec).unwrap_or_else(|| options.crate_name.clone());
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let manifest = manifest(
        &options.crate_name,
        &title,
        options.runtime_version.as_deref(),
    )?;
    files.insert("Cargo.toml".into(), manifest);
    let runtime_modules = runtime_modules_named(generation.files.values());
    files.insert(
        "src/lib.rs".into(),
        lib_rs(&title, &spec.name, &runtime_modules),
    );
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
    names: &Names,
    read: impl Fn(String) -> Result<SourceFile, String>,
) -> Result<Vec<SourceFile>, String> {
    let root = Path::new(&spec.name).parent().unwrap_or(Path::new(""));
    let mut seen = std::collections::BTreeSet::new();
    let mut pending = vec![spec.clone()];
    let mut files = Vec::new();
    while let Some(file) = pending.pop() {
        for target in codegen::import_targets(&file, root) {
            if seen.insert(target.clone()) && names.file(&target).is_file() {
                let imported = read(target)?;
                pending.push(imported.clone());
                files.push(imported);
            }
        }
    }
    Ok(files)
}

/// The runtime modules generated code names as `crate::<module>` (the crate root brings
/// exactly those into scope, so none is an unused import).
fn runtime_modules_named<'a>(generated: impl Iterator<Item = &'a String>) -> Vec<&'static str> {
    let texts: Vec<&String> = generated.collect();
    RUNTIME_MODULES
        .iter()
        .copied()
        .filter(|module| {
            let path = format!("crate::{module}::");
            texts.iter().any(|text| text.contains(&path))
        })
        .collect()
}

/// The runtime's modules that generated code may name.
const RUNTIME_MODULES: &[&str] = &["auth", "client", "decode", "pagination", "request"];

/// A `lib.rs` with generic crate docs, the runtime's re-exports and the crate's `Error`.
fn lib_rs(title: &str, spec: &str, runtime_modules: &[&str]) -> String {
    let title = title.replace(['\n', '\r'], " ");
    let modules = runtime_modules.join(", ");
    format!(
        r#"//! An async client for {title}, generated by `cargo xtask generate` from `{spec}` (a path
//! from this crate's directory, as every path in the generated files' headers).
//!
//! Every operation is a method on [`Client`]; request builders are in [`operations`],
//! bodies and responses in [`models`]. A failed call is an [`Error`]; a non-success answer
//! is [`Error::Api`] with the status, headers and raw body.

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;

// Generated code names the runtime's modules as `crate::<module>`.
use capability_runtime::{{{modules}}};

pub use capability_runtime::{{
    ApiError, CallOptions, ConfigError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT, Direction, FilePart, Filter, OrderBy, Patch,
    ResponseInfo, RetryPolicy, SecretKey, SharedConfig, SharedConfigBuilder,
}};
pub use futures_core::Stream;
pub use generated::client::{{Client, ClientBuilder}};

capability_runtime::define_error!(ApiError);

/// Request builders, one per operation, as returned by the [`Client`] methods.
pub mod operations {{
    pub use crate::generated::*;
}}

pub use crate::generated::models;
"#
    )
}

/// The runtime crate's package name.
const RUNTIME_CRATE: &str = "capability-runtime";

/// The workspace's manifest: its dependency versions are the ones generated crates pin.
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");

/// What a generated crate depends on (the crates its generated code and `lib.rs` name),
/// and whether only a feature enables it.
const DEPENDENCIES: &[(&str, bool)] = &[
    (RUNTIME_CRATE, false),
    ("reqwest", false),
    ("serde", false),
    ("serde_json", false),
    ("bytes", false),
    ("futures-core", false),
    ("tracing", true),
];

/// The features of a generated crate: TLS through the runtime (post-quantum aws-lc-rs by
/// default, ring or the platform's library by choice), and `tracing` spans.
const FEATURES: &[(&str, &[&str])] = &[
    ("default", &["rustls", "tracing"]),
    ("rustls", &["capability-runtime/rustls"]),
    ("rustls-ring", &["capability-runtime/rustls-ring"]),
    ("native-tls", &["capability-runtime/native-tls"]),
    ("tracing", &["dep:tracing"]),
];

/// The manifest of a generated crate, as its own workspace, with the workspace's pinned
/// versions. The runtime crate is this workspace's (an absolute path, so the crate builds
/// wherever it is written) unless a published `runtime_version` is asked for.
fn manifest(
    crate_name: &str,
    title: &str,
    runtime_version: Option<&str>,
) -> Result<String, String> {
    let workspace = WORKSPACE_MANIFEST
        .parse::<Table>()
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let section = |name: &str| {
        workspace
            .get("workspace")
            .and_then(|w| w.get(name))
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default()
    };
    let shared_deps = section("dependencies");
    let shared_package = section("package");

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
    for (name, optional) in DEPENDENCIES {
        let resolved = if *name == RUNTIME_CRATE {
            runtime_dependency(runtime_version, &shared_deps)?
        } else {
            resolve_dependency(name, *optional, &shared_deps)?
        };
        dependencies.insert((*name).to_owned(), resolved);
    }
    let features: Table = FEATURES
        .iter()
        .map(|(name, enables)| {
            let enables = enables.iter().map(|item| Value::from(*item)).collect();
            ((*name).to_owned(), Value::Array(enables))
        })
        .collect();

    // Sections in the order people write them (a table would sort them by name); its own
    // workspace, so it builds wherever it is written (even inside another one).
    let sections = [
        ("package", package),
        ("features", features),
        ("dependencies", dependencies),
        ("workspace", Table::new()),
    ];
    let mut text = String::new();
    for (name, section) in sections {
        let mut wrapper = Table::new();
        wrapper.insert(name.into(), Value::Table(section));
        let part =
            toml::to_string(&wrapper).map_err(|e| format!("cannot write the manifest: {e}"))?;
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&part);
    }
    Ok(text)
}

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

/// The workspace's definition of `name`, marked `optional` when only a feature needs it.
fn resolve_dependency(name: &str, optional: bool, shared: &Table) -> Result<Value, String> {
    let mut resolved = match shared.get(name) {
        Some(Value::String(version)) => {
            let mut table = Table::new();
            table.insert("version".into(), Value::String(version.clone()));
            table
        }
        Some(Value::Table(table)) => table.clone(),
        _ => return Err(format!("`{name}` is not in [workspace.dependencies]")),
    };
    if optional {
        resolved.insert("optional".into(), true.into());
    }
    Ok(Value::Table(resolved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_has_the_runtime_features_and_pinned_versions() {
        let text = manifest("acme-client", "Acme", None).expect("manifest");
        let table: Table = text.parse().expect("valid TOML");
        assert_eq!(table["package"]["name"].as_str(), Some("acme-client"));
        let default: Vec<&str> = table["features"]["default"]
            .as_array()
            .expect("default features")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(default, ["rustls", "tracing"]);
        assert_eq!(
            table["features"]["rustls"][0].as_str(),
            Some("capability-runtime/rustls")
        );
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
    fn paths_are_named_from_the_crate_directory() {
        let from = Path::new("/work/a/out/crate");
        assert_eq!(
            relative(from, Path::new("/work/a/specs/x.yml")),
            "../../specs/x.yml"
        );
        assert_eq!(
            relative(from, Path::new("/work/a/out/crate/x.yml")),
            "x.yml"
        );
        assert_eq!(relative(from, from), ".");
        assert_eq!(lexical(Path::new("/a/./b/../c")), Path::new("/a/c"));
        let names = Names {
            out: PathBuf::from("/work/a/out/crate"),
            cwd: PathBuf::from("/work/a"),
        };
        assert_eq!(names.of(Path::new("specs/x.yml")), "../../specs/x.yml");
        assert_eq!(
            names.of(Path::new("/work/a/specs/x.yml")),
            "../../specs/x.yml"
        );
        assert_eq!(
            names.file("../../specs/x.yml"),
            Path::new("/work/a/specs/x.yml")
        );
        assert_eq!(names.shown("../../specs/x.yml"), "specs/x.yml");
    }

    #[test]
    fn the_regenerate_command_names_paths_from_the_crate() {
        let options = Options::parse(&[
            "--spec",
            "/work/a/specs/x.yml",
            "--types",
            "specs/x types.yml",
            "--out",
            "out/crate",
            "--crate-name",
            "x-client",
        ])
        .expect("valid arguments");
        let names = Names {
            out: PathBuf::from("/work/a/out/crate"),
            cwd: PathBuf::from("/work/a"),
        };
        assert_eq!(
            options.command(&names),
            "cargo xtask generate --spec ../../specs/x.yml --types '../../specs/x types.yml' --out . --crate-name x-client"
        );
    }

    #[test]
    fn lib_rs_brings_in_the_runtime_modules_generated_code_names() {
        let generated = [
            "impl crate::Client { fn f() -> crate::request::Request { todo!() } }".to_owned(),
            "static API: crate::client::Api = crate::client::Api { auth: &[] };".to_owned(),
        ];
        let modules = runtime_modules_named(generated.iter());
        assert_eq!(modules, ["client", "request"]);
        let text = lib_rs("Acme", "specs/acme.yaml", &modules);
        assert!(text.starts_with("//! An async client for Acme"));
        assert!(text.contains("use capability_runtime::{client, request};"));
        assert!(text.contains("capability_runtime::define_error!(ApiError);"));
        assert!(text.contains("pub use crate::generated::models;"));
    }
}
