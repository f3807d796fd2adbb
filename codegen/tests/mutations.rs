//! Never panic: mutated specs (keys deleted, duplicated, renamed, values of the wrong type,
//! odd identifiers, truncated text) end in generated files or in diagnostics, never in a
//! panic, and never in Rust the emitter could not format.
//!
//! 1,000 cases by default (CI); `cargo xtask fuzz` runs 10,000 in release mode.

use std::path::Path;

use codegen::{Inputs, SourceFile, generate, load};
use proptest::prelude::*;
use serde_json::Value;
use sha2::Digest as _;

const ODD: &[&str] = &[
    "type",
    "async",
    "self",
    "$top",
    "@id",
    "page[size]",
    "2fa",
    "",
    "日本",
    "a b",
    "*/",
    "{x}",
    "{{y}}",
    "GetUser",
    "get-user",
    "in",
    "path",
    "query",
    "cookie",
    "environment",
    "\u{0}",
];

/// The specs to mutate, read once.
fn bases() -> &'static [SourceFile] {
    static BASES: std::sync::OnceLock<Vec<SourceFile>> = std::sync::OnceLock::new();
    BASES.get_or_init(read_bases)
}

fn read_bases() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![
        root.join("specs/clerk-backend-api-users.yaml"),
        root.join("codegen/tests/fixtures/odd-names.yaml"),
        root.join("codegen/tests/fixtures/multi-consumes-alpha1.yaml"),
        root.join("codegen/tests/fixtures/typed-params.yaml"),
        root.join("codegen/tests/fixtures/reserved-names.yaml"),
        // The Ikanos dialect: maps keyed by name, root `consumes`.
        root.join("codegen/tests/fixtures/dialects/shared/fleet-api.yml"),
        root.join("codegen/tests/fixtures/dialects/fleet-beta5.yml"),
        // Every authentication kind; outputs, binary and text responses.
        root.join("codegen/tests/fixtures/dialects/auth-alpha2.yaml"),
        root.join("codegen/tests/fixtures/dialects/auth-beta5.yml"),
        root.join("codegen/tests/fixtures/dialects/outputs-alpha2.yaml"),
        root.join("codegen/tests/fixtures/dialects/outputs-beta5.yml"),
        root.join("codegen/tests/fixtures/dialects/bodies-alpha2.yaml"),
        root.join("codegen/tests/fixtures/dialects/bodies-beta5.yml"),
    ];
    for dir in [
        "../shared/reference/naftiko-samples",
        "../shared/reference/ikanos/tutorial",
        "../shared/reference/ikanos/tutorial/shared",
    ] {
        if let Ok(samples) = std::fs::read_dir(root.join(dir)) {
            let mut extra: Vec<_> = samples
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|path| path.is_file())
                .collect();
            extra.sort();
            files.extend(extra);
        }
    }
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some(SourceFile::new(path.display().to_string(), text))
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Rename(usize, usize),
    Retype(usize, u8),
    Inject(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), 0..ODD.len()).prop_map(|(at, odd)| Mutation::Rename(at, odd)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, kind)| Mutation::Retype(at, kind)),
        (any::<usize>(), 0..ODD.len()).prop_map(|(at, odd)| Mutation::Inject(at, odd)),
    ]
}

/// Every node's path, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let child_at = format!("{at}/{index}");
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        _ => {}
    }
}

fn split(pointer: &str) -> (&str, String) {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    (parent, last.replace("~1", "/").replace("~0", "~"))
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let pick = |at: usize| all[at % all.len()].clone();
    match mutation {
        Mutation::Delete(at) => {
            let pointer = pick(*at);
            let (parent, last) = split(&pointer);
            match document.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = last.parse::<usize>()
                        && index < items.len()
                    {
                        items.remove(index);
                    }
                }
                _ => {}
            }
        }
        Mutation::Duplicate(at) => {
            let pointer = pick(*at);
            let (parent, last) = split(&pointer);
            let copy = document.pointer(&pointer).cloned();
            match (document.pointer_mut(parent), copy) {
                (Some(Value::Object(map)), Some(copy)) => {
                    map.insert(format!("{last}_again"), copy);
                }
                (Some(Value::Array(items)), Some(copy)) => items.push(copy),
                _ => {}
            }
        }
        Mutation::Rename(at, odd) => {
            let pointer = pick(*at);
            let (parent, last) = split(&pointer);
            if let Some(Value::Object(map)) = document.pointer_mut(parent)
                && let Some(value) = map.remove(&last)
            {
                map.insert(ODD[*odd].to_owned(), value);
            }
        }
        Mutation::Retype(at, kind) => {
            if let Some(node) = document.pointer_mut(&pick(*at)) {
                *node = match kind % 6 {
                    0 => Value::Null,
                    1 => Value::from(-7),
                    2 => Value::from(true),
                    3 => Value::from("text"),
                    4 => Value::Array(vec![Value::from(1)]),
                    _ => Value::Object(serde_json::Map::new()),
                };
            }
        }
        Mutation::Inject(at, odd) => {
            if let Some(node) = document.pointer_mut(&pick(*at))
                && node.is_string()
            {
                *node = Value::from(ODD[*odd]);
            }
        }
    }
}

fn check(spec: &SourceFile) -> Result<(), TestCaseError> {
    let generation = generate(Inputs::spec(spec));
    for diagnostic in &generation.diagnostics {
        prop_assert!(
            !diagnostic.message.contains("internal error"),
            "the emitter produced invalid Rust: {diagnostic}"
        );
        // The one input is the file every diagnostic names, at a line that exists in it.
        prop_assert_eq!(&diagnostic.file, &spec.name);
        if let Some(position) = &diagnostic.position {
            let lines = spec.text.lines().count() as u64 + 1;
            prop_assert!(
                (1..=lines).contains(&position.line) && position.column >= 1,
                "{diagnostic} points outside the file ({lines} lines)"
            );
        }
    }
    if generation.has_errors() {
        prop_assert!(generation.files.is_empty());
    } else {
        for (path, text) in &generation.files {
            prop_assert!(
                header_hash_matches(text),
                "{}: the header's content hash is not the body's",
                path.display()
            );
        }
    }
    Ok(())
}

/// Whether the `// content sha256:` line of a generated file is the hash of what follows
/// the header, as `regen --check` relies on.
fn header_hash_matches(text: &str) -> bool {
    let Some((header, body)) = text.split_once("\n\n") else {
        return false;
    };
    let Some(claimed) = header
        .lines()
        .find_map(|line| line.strip_prefix("// content sha256: "))
    else {
        return false;
    };
    let actual: String = sha2::Sha256::digest(body.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    header.starts_with("// @generated by codegen from ") && claimed == actual
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    ProptestConfig {
        cases,
        // A failure is reported with its mutations; shrinking a 30 KB spec gains little.
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_specs_end_in_files_or_diagnostics(
        base in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        truncate in prop::option::weighted(0.15, 0.0f64..1.0),
    ) {
        let original = base.get(bases());
        let Ok(loaded) = load::load(original) else {
            return Ok(());
        };
        let mut document = loaded.value;
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        // JSON is YAML: the mutated document goes back through the YAML loader.
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        if let Some(fraction) = truncate {
            let mut cut = (text.len() as f64 * fraction) as usize;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        check(&SourceFile::new(original.name.clone(), text))?;
    }
}
