//! The generator on small fixtures: snapshots of its output, diff locality, diagnostics.
//!
//! Snapshots live in `tests/snapshots/<fixture>/`; after an intended change, refresh them
//! with `UPDATE_SNAPSHOTS=1 cargo test -p codegen --test generator` and review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::{Diagnostic, Generation, Inputs, SourceFile, generate};

fn fixture(name: &str) -> SourceFile {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    SourceFile::new(format!("tests/fixtures/{name}"), text)
}

fn generate_ok(spec: &SourceFile) -> Generation {
    let generation = generate(Inputs::spec(spec));
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    generation
}

/// Compares every generated file with its snapshot (or writes them when asked to).
fn assert_snapshots(fixture_name: &str, files: &BTreeMap<PathBuf, String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(fixture_name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let target = dir.join(path);
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("create dir");
            std::fs::write(&target, text).expect("write snapshot");
        }
        return;
    }
    let mut stale = Vec::new();
    for (path, text) in files {
        let expected = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
        if &expected != text {
            let diff = similar::TextDiff::from_lines(&expected, text)
                .unified_diff()
                .header("snapshot", "generated")
                .to_string();
            stale.push(format!("{}:\n{diff}", path.display()));
        }
    }
    // A snapshot file the generator no longer writes is stale too.
    for path in files_under(&dir, &dir) {
        if !files.contains_key(&path) {
            stale.push(format!("{}: no longer generated", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "generated code differs from tests/snapshots/{fixture_name} \
         (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        stale.join("\n")
    );
}

/// Every file below `dir`, relative to `base`.
fn files_under(dir: &Path, base: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
        if path.is_dir() {
            found.extend(files_under(&path, base));
        } else if let Ok(relative) = path.strip_prefix(base) {
            found.push(relative.to_path_buf());
        }
    }
    found
}

#[test]
fn odd_names_snapshot() {
    let generation = generate_ok(&fixture("odd-names.yaml"));
    assert_snapshots("odd-names", &generation.files);
}

#[test]
fn multi_consumes_alpha1_snapshot() {
    let generation = generate_ok(&fixture("multi-consumes-alpha1.yaml"));
    assert_snapshots("multi-consumes-alpha1", &generation.files);
}

#[test]
fn colliding_and_odd_names_stay_distinct_and_deterministic() {
    let generation = generate_ok(&fixture("odd-names.yaml"));
    let things = &generation.files[Path::new("things.rs")];
    for method in [
        "pub fn get_thing_part(",
        "pub fn get_thing_part_2(",
        "pub fn client(",
    ] {
        assert!(things.contains(method), "missing {method}");
    }
    for setter in [
        "fn user_id(",
        "fn user_id_2(",
        "fn type_(",
        "fn self_(",
        "fn _2fa(",
        "fn page_size(",
    ] {
        assert!(things.contains(setter), "missing {setter}");
    }
    let other = &generation.files[Path::new("other_things.rs")];
    assert!(other.contains("pub fn get_thing_part_3("));
    assert!(
        things.contains("pub struct ClientOp<'a>"),
        "no clash with the Client type"
    );
    // Wire names stay exactly as the spec writes them.
    for wire in [
        "\"$top\"",
        "\"@id\"",
        "\"page[size]\"",
        "\"with space\"",
        "\"X-Request-Tag\"",
    ] {
        assert!(things.contains(wire), "missing wire name {wire}");
    }
}

#[test]
fn descriptions_cannot_break_out_of_doc_comments() {
    let generation = generate_ok(&fixture("odd-names.yaml"));
    let things = &generation.files[Path::new("things.rs")];
    assert!(things.contains("/// ```text\n    /// fn not_a_doctest() { panic!() }"));
    assert!(things.contains("/// Ends a comment */ and opens \\[brackets\\]"));
    let index = &generation.files[Path::new("mod.rs")];
    assert!(index.contains("//! Descriptions may hold */ comment ends"));
}

#[test]
fn adding_an_operation_changes_only_its_lines_and_index_lines() {
    let base = fixture("odd-names.yaml");
    let added = SourceFile::new(
        base.name.clone(),
        base.text.replace(
            "      - name: Client\n",
            "      - name: ArchiveThingPart\n        method: POST\n        description: Archives a part.\n      - name: Client\n",
        ),
    );
    let before = generate_ok(&base).files;
    let after = generate_ok(&added).files;
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, text)| before.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed, [Path::new("mod.rs"), Path::new("things.rs")]);

    for path in changed {
        let diff = similar::TextDiff::from_lines(&before[path], &after[path]);
        for change in diff.iter_all_changes() {
            let line = change.value();
            match change.tag() {
                similar::ChangeTag::Delete => assert!(
                    line.contains(" sha256: ") || line.contains("pub use self::things::{"),
                    "{}: an existing line changed: {line:?}",
                    path.display()
                ),
                similar::ChangeTag::Insert if path == Path::new("mod.rs") => assert!(
                    line.contains(" sha256: ") || line.contains("pub use self::things::"),
                    "mod.rs gained a line that is not an index line: {line:?}"
                ),
                _ => {}
            }
        }
    }
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    generate(Inputs::spec(&SourceFile::new("bad.yaml", text))).diagnostics
}

const BROKEN: &str = "capability:
  consumes:
  - type: http
    baseUri: https://x.test
    resources:
    - name: things
      path: /things/{thing_id}
      operations:
      - name: GetThing
        method: GET
        inputParameters:
        - name: filter
          in: matrix
";

#[test]
fn every_problem_is_reported_at_once_with_file_line_path_and_help() {
    let found = diagnostics(BROKEN);
    let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 3, "{shown:#?}");

    let missing_version = &found[0];
    assert!(
        missing_version
            .message
            .contains("no `ikanos` or `naftiko` version")
    );
    assert_eq!(missing_version.path.to_string(), "ikanos");
    assert!(
        missing_version
            .help
            .as_deref()
            .is_some_and(|h| h.contains("1.0.0-alpha2"))
    );

    let unsupported_in = &found[1];
    assert!(unsupported_in.message.contains("`in: matrix`"));
    assert_eq!(
        unsupported_in.path.to_string(),
        "capability.consumes[0].resources[0].operations[0].inputParameters[0].in"
    );
    assert_eq!(
        unsupported_in.position.map(|p| (p.line, p.column)),
        Some((13, 15))
    );
    assert_eq!(unsupported_in.file, "bad.yaml");

    let placeholder = &found[2];
    assert!(
        !placeholder.is_error(),
        "an undeclared placeholder only warns"
    );
    assert!(placeholder.message.contains("`{thing_id}`"));
    assert_eq!(
        placeholder.path.to_string(),
        "capability.consumes[0].resources[0].operations[0]"
    );
    assert_eq!(placeholder.position.map(|p| p.line), Some(9));
}

#[test]
fn unparseable_yaml_is_located() {
    let found = diagnostics("naftiko: 1.0.0-alpha2\ncapability: [\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.starts_with("not valid YAML"));
    assert!(found[0].position.is_some());
}

#[test]
fn a_fifty_megabyte_file_is_refused_with_a_clear_error() {
    let text = "# padding\n".repeat(5 * 1024 * 1024);
    let found = diagnostics(&text);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("at most 16 MiB"), "{}", found[0]);
}

#[test]
fn an_invalid_overlay_target_is_located_in_the_overlay() {
    let spec = fixture("multi-consumes-alpha1.yaml");
    let overlay = SourceFile::new(
        "fix.overlay.yaml",
        "overlay: 1.0.0\nactions:\n- description: t\n  target: $.capability[?\n  update: {}\n",
    );
    let generation = generate(Inputs {
        spec: &spec,
        overlay: Some(&overlay),
        documents: &[],
        crate_ident: None,
        regenerate_with: codegen::REGEN_COMMAND,
    });
    let error = generation
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(error.file, "fix.overlay.yaml");
    assert_eq!(error.path.to_string(), "actions[0].target");
    assert_eq!(error.position.map(|p| p.line), Some(4));
}

#[test]
fn an_unresolved_reference_into_the_openapi_is_located_in_that_file() {
    let spec = fixture("multi-consumes-alpha1.yaml");
    let overlay = SourceFile::new(
        "types.overlay.yaml",
        "overlay: 1.0.0\nactions:\n\
         - description: types from the API's OpenAPI\n  target: $\n  update:\n    x-types: {$ref: 'api.openapi.yaml#/components/schemas'}\n\
         - description: link\n  target: $..operations[?@.name == 'ping']\n  update:\n    x-responses: {'200': {$ref: '#/types/Pong'}}\n",
    );
    let openapi = SourceFile::new(
        "api.openapi.yaml",
        "openapi: 3.0.3\ncomponents:\n  schemas:\n    Pong:\n      type: object\n      properties:\n        echo:\n          $ref: '#/components/schemas/Missing'\n",
    );
    let generation = generate(Inputs {
        spec: &spec,
        overlay: Some(&overlay),
        documents: std::slice::from_ref(&openapi),
        crate_ident: None,
        regenerate_with: codegen::REGEN_COMMAND,
    });
    let error = generation
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert_eq!(error.file, "api.openapi.yaml", "{error}");
    assert_eq!(error.position.map(|p| p.line), Some(8), "{error}");
    assert!(error.message.contains("#/types/Missing"), "{error}");
    assert!(error.help.is_some());
}

#[test]
fn types_can_come_from_an_openapi_document() {
    let spec = fixture("multi-consumes-alpha1.yaml");
    let overlay = SourceFile::new(
        "types.overlay.yaml",
        "overlay: 1.0.0\nactions:\n\
         - description: types\n  target: $\n  update:\n    x-types: {$ref: 'api.openapi.yaml#/components/schemas'}\n\
         - description: link\n  target: $..operations[?@.name == 'ping']\n  update:\n    x-responses: {'200': {$ref: '#/types/Pong'}}\n",
    );
    let openapi = SourceFile::new(
        "api.openapi.yaml",
        "components:\n  schemas:\n    Pong:\n      type: object\n      properties:\n        echo: {$ref: '#/components/schemas/Echo'}\n    Echo:\n      type: string\n      enum: [a, b]\n",
    );
    let generation = generate(Inputs {
        spec: &spec,
        overlay: Some(&overlay),
        documents: std::slice::from_ref(&openapi),
        crate_ident: None,
        regenerate_with: codegen::REGEN_COMMAND,
    });
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    let ping = &generation.files[Path::new("ping.rs")];
    assert!(ping.contains("Result<crate::models::Pong, crate::Error>"));
}

/// Generates `multi-consumes-alpha1.yaml` with `x-types` listing `own.types.yaml` and then
/// `library.types.yaml`, `ping` answering `Pong`.
fn generate_with_library(own: &str, library: &str) -> Generation {
    let spec = fixture("multi-consumes-alpha1.yaml");
    let overlay = SourceFile::new(
        "types.overlay.yaml",
        "overlay: 1.0.0\nactions:\n\
         - description: types\n  target: $\n  update:\n    x-types:\n    - $ref: 'own.types.yaml#/types'\n    - $ref: 'library.types.yaml#/types'\n\
         - description: link\n  target: $..operations[?@.name == 'ping']\n  update:\n    x-responses: {'200': {$ref: '#/types/Pong'}}\n",
    );
    let documents = [
        SourceFile::new("own.types.yaml", own),
        SourceFile::new("library.types.yaml", library),
    ];
    generate(Inputs {
        spec: &spec,
        overlay: Some(&overlay),
        documents: &documents,
        crate_ident: None,
        regenerate_with: codegen::REGEN_COMMAND,
    })
}

#[test]
fn a_library_of_types_gives_only_the_types_the_capability_uses() {
    let generation = generate_with_library(
        "types:\n  Pong:\n    type: object\n    properties:\n      echo: {$ref: '#/types/Echo'}\n  Spare:\n    type: object\n    properties:\n      id: {type: string}\n",
        "types:\n  Echo:\n    type: object\n    properties:\n      kind: {$ref: '#/types/Kind'}\n  Kind:\n    type: string\n    enum: [a, b]\n  Unused:\n    type: object\n    properties:\n      id: {type: string}\n",
    );
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    let models: Vec<&str> = generation
        .files
        .keys()
        .filter_map(|path| path.strip_prefix("models").ok()?.to_str())
        .collect();
    // The capability's own types all stay (`Spare` too); of the library, what `Pong` reaches.
    assert_eq!(
        models,
        ["echo.rs", "kind.rs", "mod.rs", "pong.rs", "spare.rs"]
    );
}

#[test]
fn a_type_declared_in_two_files_is_a_located_error() {
    let pong = "types:\n  Pong:\n    type: object\n    properties:\n      id: {type: string}\n";
    let generation = generate_with_library(pong, pong);
    let error = generation
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    // Located at the second declaration.
    assert_eq!(error.file, "library.types.yaml", "{error}");
    assert_eq!(error.position.map(|p| p.line), Some(2), "{error}");
    assert_eq!(error.path.to_string(), "x-types.Pong", "{error}");
    assert!(
        error
            .message
            .contains("both in own.types.yaml and in library.types.yaml"),
        "{error}"
    );
}

#[test]
fn lenient_responses_snapshot() {
    let generation = generate_ok(&fixture("lenient-responses.yaml"));
    assert_snapshots("lenient-responses", &generation.files);
}

#[test]
fn responses_decode_leniently_and_requests_stay_strict() {
    let generation = generate_ok(&fixture("lenient-responses.yaml"));
    let models = &generation.files[Path::new("models/parcel.rs")];
    let request = &generation.files[Path::new("models/new_parcel.rs")];
    let field = |text: &str, name: &str| -> String {
        // The attribute lines right above `pub name:` and the declaration itself.
        let at = text
            .find(&format!("pub {name}:"))
            .unwrap_or_else(|| panic!("no field {name}"));
        let start = text[..at].rfind("///").unwrap_or(0);
        text[start..at + text[at..].find(',').unwrap_or(0)].to_owned()
    };
    // x-strict fields stay required.
    assert!(field(models, "id").ends_with("pub id: String"));
    assert!(field(models, "tracking_number").ends_with("pub tracking_number: String"));
    // Other required scalars and objects may be absent: `None`, said in the docs.
    for name in ["recipient", "weight_grams", "proof"] {
        let text = field(models, name);
        assert!(text.contains(": Option<"), "{text}");
        assert!(text.contains("`None` when a payload lacks it"), "{text}");
    }
    // Required booleans and lists read absent or null as false / empty.
    // Lists also take only the room their items need.
    for (name, ty, decoder) in [
        ("fragile", "bool", "null_as_default"),
        ("labels", "Vec<String>", "decode::list"),
    ] {
        let text = field(models, name);
        assert!(text.contains(decoder), "{text}");
        assert!(text.ends_with(&format!("pub {name}: {ty}")), "{text}");
    }
    // The request type keeps every required field required.
    assert!(field(request, "recipient").ends_with("pub recipient: String"));
    assert!(field(request, "fragile").ends_with("pub fragile: bool"));
    assert!(!request.contains("null_as_default"));
    // Untagged members are recognised by the variants' x-infer rules, in order.
    assert!(
        models.contains(r#"(&raw, "kind", &["method", "photo_url"])"#),
        "{models}"
    );
    assert!(models.contains(r#"probe.matches(0, &["signature", "signature_*"])"#));
    assert!(models.contains(r#"probe.matches(1, &["*"])"#));
}

#[test]
fn x_strict_naming_an_optional_field_is_a_located_warning() {
    let text = fixture("lenient-responses.yaml").text.replace(
        "x-strict: [id, tracking_number]",
        "x-strict: [id, nickname]",
    );
    let spec = SourceFile::new("tests/fixtures/lenient-responses.yaml", text);
    let generation = generate(Inputs::spec(&spec));
    let warning = generation
        .diagnostics
        .iter()
        .find(|d| d.message.contains("nickname"))
        .expect("a warning about nickname");
    assert!(!warning.is_error());
    assert_eq!(warning.path.to_string(), "x-types.Parcel.x-strict");
    assert!(warning.position.is_some(), "{warning}");
}

/// Generated files without their header, which names the inputs.
fn bodies(generation: &Generation) -> BTreeMap<PathBuf, String> {
    generation
        .files
        .iter()
        .map(|(path, text)| {
            let body: Vec<&str> = text
                .lines()
                .filter(|line| {
                    !line.starts_with("// @generated")
                        && !line.starts_with("// inputs sha256")
                        && !line.starts_with("// content sha256")
                })
                .collect();
            (path.clone(), body.join("\n"))
        })
        .collect()
}

#[test]
fn the_same_capability_in_both_dialects_generates_the_same_rust() {
    let alpha2 = fixture("dialects/fleet-alpha2.yaml");
    let beta5 = fixture("dialects/fleet-beta5.yml");
    let shared = fixture("dialects/shared/fleet-api.yml");
    let older = generate_ok(&alpha2);
    let newer = generate(Inputs {
        documents: std::slice::from_ref(&shared),
        ..Inputs::spec(&beta5)
    });
    assert!(!newer.has_errors(), "{:#?}", newer.diagnostics);
    assert_eq!(older.operations, 5);
    assert_eq!(bodies(&older), bodies(&newer));
    assert_snapshots("fleet", &older.files);

    // Both warn once about the undeclared `{berth-id}`, each at its own file and path.
    let implicit = |generation: &Generation| -> Vec<String> {
        generation
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("`{berth-id}`"))
            .map(|d| {
                format!(
                    "{}:{} at {}",
                    d.file,
                    d.position.map_or(0, |p| p.line),
                    d.path
                )
            })
            .collect()
    };
    assert_eq!(
        implicit(&older),
        [
            "tests/fixtures/dialects/fleet-alpha2.yaml:43 at capability.consumes[0].resources[1].operations[0]",
            "tests/fixtures/dialects/fleet-alpha2.yaml:45 at capability.consumes[0].resources[1].operations[1]",
        ]
    );
    assert_eq!(
        implicit(&newer),
        [
            "tests/fixtures/dialects/shared/fleet-api.yml:31 at consumes[0].resources.berth.operations.get-berth",
            "tests/fixtures/dialects/shared/fleet-api.yml:33 at consumes[0].resources.berth.operations.clear-berth",
        ]
    );
    // Untyped by design, so no warning: the body template's bare `{{crewIds}}` (the Ikanos
    // tutorial's shape) and an `in: body` parameter of `type: array`, whose items neither
    // dialect can type. Only the undeclared placeholders are worth one.
    for generation in [&older, &newer] {
        let others: Vec<_> = generation
            .diagnostics
            .iter()
            .filter(|d| {
                !d.message.contains("`{berth-id}`") && !d.message.contains("`{{voyage_id}}`")
            })
            .collect();
        assert!(others.is_empty(), "{others:#?}");
    }
}

#[test]
fn a_capability_that_consumes_nothing_gets_one_clear_error() {
    let found = diagnostics(
        "ikanos: 1.0.0-beta5\ncapability:\n  exposes:\n  - type: rest\n    port: 8080\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.starts_with("nothing to generate"));
}

#[test]
fn every_authentication_kind_generates_the_same_rust_in_both_dialects() {
    let alpha2 = generate_ok(&fixture("dialects/auth-alpha2.yaml"));
    let beta5 = generate_ok(&fixture("dialects/auth-beta5.yml"));
    assert_eq!(bodies(&alpha2), bodies(&beta5));
    assert_snapshots("auth", &alpha2.files);
    let index = &alpha2.files[std::path::Path::new("mod.rs")];
    for expected in [
        "scheme: crate::auth::Scheme::Bearer",
        "scheme: crate::auth::Scheme::Basic",
        "name: \"appid\",\n            placement: crate::auth::Placement::Query",
        "name: \"X-Api-Key\",\n            placement: crate::auth::Placement::Header",
        "scheme: crate::auth::Scheme::None",
        "secret_env: Some(\"BILLING_PASSWORD\"),\n        username_env: Some(\"BILLING_USER\")",
        "pub fn billing_basic_auth(",
        "pub fn weather_secret_key(",
        "pub fn search_secret_key(",
        "token_url: \"https://auth.example.test/oauth/token\",\n            scopes: \"ships:read berths:write\",\n            audience: Some(\"https://ops.example.test\"),",
        "pub fn fleet_ops_oauth2_client(",
        "pub fn fleet_ops_oauth2_token_url(",
    ] {
        assert!(index.contains(expected), "{expected}\n{index}");
    }
}

#[test]
fn outputs_binary_and_text_responses_generate_the_same_rust_in_both_dialects() {
    let alpha2 = generate_ok(&fixture("dialects/outputs-alpha2.yaml"));
    let beta5 = generate_ok(&fixture("dialects/outputs-beta5.yml"));
    assert_eq!(bodies(&alpha2), bodies(&beta5));
    assert_snapshots("outputs", &alpha2.files);
    let ship = &alpha2.files[std::path::Path::new("ship.rs")];
    for expected in [
        "pub async fn send(self) -> Result<GetShipOutput, crate::Error>",
        "pub imo: Option<String>,",
        "pub length: Option<f64>,",
        "pub built: Option<i64>,",
        "pub active: Option<bool>,",
        "pub crew: Vec<String>,",
        "pub first_port: Option<serde_json::Value>,",
        "pub raw: serde_json::Value,",
    ] {
        assert!(ship.contains(expected), "{expected}\n{ship}");
    }
    // `$.` is the whole response, which `raw` already is.
    assert!(!ship.contains("pub ship:"), "{ship}");
    let chart = &alpha2.files[std::path::Path::new("chart.rs")];
    assert!(
        chart.contains("Result<bytes::Bytes, crate::Error>"),
        "{chart}"
    );
    let manifest = &alpha2.files[std::path::Path::new("manifest.rs")];
    assert!(
        manifest.contains("Result<String, crate::Error>"),
        "{manifest}"
    );
}

#[test]
fn non_json_bodies_generate_the_same_rust_in_both_dialects() {
    let alpha2 = generate_ok(&fixture("dialects/bodies-alpha2.yaml"));
    let beta5 = generate_ok(&fixture("dialects/bodies-beta5.yml"));
    assert!(beta5.diagnostics.is_empty(), "{:#?}", beta5.diagnostics);
    assert_eq!(bodies(&alpha2), bodies(&beta5));
    assert_snapshots("bodies", &alpha2.files);
}

/// The Ikanos shape keeps the generator's promises: the same input gives the same bytes,
/// and adding an operation (a new key in a map) touches only its resource and the index.
#[test]
fn ikanos_output_is_deterministic_and_diffs_stay_local() {
    let beta5 = fixture("dialects/fleet-beta5.yml");
    let shared = fixture("dialects/shared/fleet-api.yml");
    let run = |shared: &SourceFile| {
        let generation = generate(Inputs {
            documents: std::slice::from_ref(shared),
            ..Inputs::spec(&beta5)
        });
        assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
        generation.files
    };
    let before = run(&shared);
    assert_eq!(before, run(&shared), "two runs, two outputs");
    let added = SourceFile::new(
        shared.name.clone(),
        shared.text.replace(
            "          list-ships:\n",
            "          count-ships:\n            method: \"GET\"\n          list-ships:\n",
        ),
    );
    let after = run(&added);
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, text)| before.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed, [Path::new("mod.rs"), Path::new("ships.rs")]);
    let diff = similar::TextDiff::from_lines(
        &before[Path::new("ships.rs")],
        &after[Path::new("ships.rs")],
    );
    let removed: Vec<&str> = diff
        .iter_all_changes()
        .filter(|change| change.tag() == similar::ChangeTag::Delete)
        .map(|change| change.value())
        .collect();
    assert!(
        removed.iter().all(|line| line.contains(" sha256: ")),
        "existing lines changed: {removed:?}"
    );
}

/// What the generator cannot type or name from the spec is said where it is, with what the
/// user gets instead; the crate still generates.
#[test]
fn untyped_schemas_and_wordless_names_are_located_warnings() {
    let text = r#"naftiko: 1.0.0-alpha2
info:
  label: Vague
capability:
  consumes:
  - type: http
    namespace: vague
    baseUri: https://vague.example.test
    resources:
    - name: notes
      path: /notes
      operations:
      - name: '---'
        method: GET
        inputParameters:
        - name: '$'
          in: query
          type: string
        x-responses:
          '200':
            $ref: '#/types/Note'
x-types:
  Note:
    type: object
    properties:
      id:
        type: string
      '+':
        type: string
      anything:
        description: Whatever the server stored.
      tags:
        type: array
      mood:
        type: string
        enum: [happy, '?']
"#;
    let spec = SourceFile::new("vague.yaml", text.to_owned());
    let generation = generate(Inputs::spec(&spec));
    assert!(
        generation.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        generation.diagnostics
    );
    // (what it says, what the user gets instead, the line it points at)
    let expected = [
        ("operation name `---`", "`value`", 13),
        ("parameter `$`", "`value`", 16),
        ("property `+`", "`value`", 28),
        ("no `type`", "serde_json::Value", 30),
        ("without `items`", "serde_json::Value", 32),
        ("enum value `?`", "`Value`", 36),
    ];
    for (says, instead, line) in expected {
        let warning = generation
            .diagnostics
            .iter()
            .find(|d| d.message.contains(says))
            .unwrap_or_else(|| panic!("no warning that says {says}: {:?}", generation.diagnostics));
        assert!(!warning.is_error(), "{warning}");
        assert!(warning.message.contains(instead), "{warning}");
        let position = warning.position.as_ref().expect("a position");
        assert_eq!(position.line, line, "{warning}");
    }
    assert_eq!(
        generation.diagnostics.len(),
        expected.len(),
        "{:?}",
        generation.diagnostics
    );
    assert!(!generation.files.is_empty());
}

/// A capability listing pets, whose `status` query parameter carries `x-type: <schema>`.
fn generate_with_status_param(param: &str) -> Generation {
    let spec = SourceFile::new(
        "pets.yaml",
        format!(
            "naftiko: 1.0.0-alpha2\ncapability:\n  consumes:\n  - type: http\n    namespace: pets\n    baseUri: https://x.test\n    resources:\n    - name: pets\n      path: /pets\n      operations:\n      - name: ListPets\n        method: GET\n        inputParameters:\n        - name: status\n          in: query\n{param}\nx-types: {{$ref: 'pets.types.yaml#/types'}}\n"
        ),
    );
    let documents = [SourceFile::new(
        "pets.types.yaml",
        "types:\n  PetStatus:\n    type: string\n    enum: [available, sold]\n  Pet:\n    type: object\n    properties:\n      id: {type: string}\n",
    )];
    generate(Inputs {
        spec: &spec,
        overlay: None,
        documents: &documents,
        crate_ident: None,
        regenerate_with: codegen::REGEN_COMMAND,
    })
}

#[test]
fn a_parameter_typed_by_a_string_enum_takes_the_enum_or_its_text() {
    let generation = generate_with_status_param(
        "          type: string\n          x-type: {$ref: '#/types/PetStatus'}",
    );
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    let pets = &generation.files[Path::new("pets.rs")];
    assert!(
        pets.contains(
            "pub fn status(mut self, value: impl Into<crate::models::PetStatus>) -> Self"
        ),
        "{pets}"
    );
    // Stored and sent as its wire text.
    assert!(
        pets.contains("self.status = Some(value.into().to_string());"),
        "{pets}"
    );
    assert!(
        pets.contains("Takes the enum [`PetStatus`](crate::models::PetStatus) or its wire text.")
    );
}

#[test]
fn x_type_on_a_parameter_must_name_a_string_enum() {
    for (param, message) in [
        (
            "          type: integer\n          x-type: {$ref: '#/types/PetStatus'}",
            "needs `type: string`",
        ),
        (
            "          type: string\n          x-type: {$ref: '#/types/Pet'}",
            "must name a string enum",
        ),
        (
            "          type: string\n          x-order-by: {$ref: '#/types/PetStatus'}\n          x-type: {$ref: '#/types/PetStatus'}",
            "cannot also be `x-filter` or `x-order-by`",
        ),
    ] {
        let generation = generate_with_status_param(param);
        let error = generation
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| panic!("an error for {param}"));
        assert!(error.message.contains(message), "{error}");
        assert_eq!(error.file, "pets.yaml", "{error}");
        assert!(error.path.to_string().ends_with("x-type"), "{error}");
        assert!(error.position.is_some(), "{error}");
    }
}

#[test]
fn bounded_lists_of_a_request_body_are_checked_before_sending() {
    let spec = SourceFile::new(
        "tags.yaml",
        "naftiko: 1.0.0-alpha2\ncapability:\n  consumes:\n  - type: http\n    namespace: tags\n    baseUri: https://x.test\n    resources:\n    - name: tags\n      path: /tags\n      operations:\n      - name: TagThings\n        method: POST\n        inputParameters:\n        - name: body\n          in: body\n          required: true\n          x-type: {$ref: '#/types/TagRequest'}\nx-types: {$ref: 'tags.types.yaml#/types'}\n",
    );
    let documents = [SourceFile::new(
        "tags.types.yaml",
        "types:\n  TagRequest:\n    type: object\n    properties:\n      ids:\n        type: array\n        minItems: 1\n        maxItems: 20\n        items: {type: string}\n      labels:\n        type: array\n        maxItems: 5\n        items: {type: string}\n      notes:\n        type: array\n        items: {type: string}\n    required: [ids]\n",
    )];
    let generation = generate(Inputs {
        spec: &spec,
        overlay: None,
        documents: &documents,
        crate_ident: None,
        regenerate_with: codegen::REGEN_COMMAND,
    });
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    let model = &generation.files[Path::new("models/tag_request.rs")];
    assert!(
        model.contains(r#"crate::request::item_count("ids", self.ids.len(), Some(1), Some(20))?;"#),
        "{model}"
    );
    assert!(
        model.contains("if let Some(list) = &self.labels {"),
        "{model}"
    );
    assert!(
        model.contains(r#"crate::request::item_count("labels", list.len(), None, Some(5))?;"#),
        "{model}"
    );
    assert!(!model.contains(r#"item_count("notes""#), "{model}");
    let operation = &generation.files[Path::new("tags.rs")];
    assert!(
        operation.contains("self.body.check_items()?;"),
        "{operation}"
    );
}

#[test]
fn a_deprecated_operation_warns_its_callers() {
    let generation = generate_ok(&SourceFile::new(
        "old.yaml",
        "naftiko: 1.0.0-alpha2\ncapability:\n  consumes:\n  - type: http\n    namespace: old\n    baseUri: https://x.test\n    resources:\n    - name: things\n      path: /things\n      operations:\n      - name: ListOldThings\n        method: GET\n        x-deprecated: \"use list_things\"\n      - name: ListThings\n        method: GET\n",
    ));
    let things = &generation.files[Path::new("things.rs")];
    let old = things.find("pub fn list_old_things(").expect("its method");
    // The attribute sits right on the deprecated method, and only there.
    assert!(
        things[..old]
            .trim_end()
            .ends_with(r#"#[deprecated(note = "use list_things")]"#),
        "{things}"
    );
    assert_eq!(things.matches("#[deprecated").count(), 1, "{things}");
}
