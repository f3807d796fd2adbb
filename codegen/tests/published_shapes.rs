//! Shapes published capability files use outside the schema, each read for its one plain
//! meaning with a located warning that says how: API keys written the OpenAPI way (`in`,
//! `name`), and compositions whose top-level `imports:` lists sibling capability files.
//! The fixtures are ours, shaped like the published files.

use codegen::{Diagnostic, Generation, Inputs, Severity, SourceFile, generate};

const DIR: &str = "tests/fixtures/published";

fn read(name: &str) -> SourceFile {
    let path = format!("{}/{DIR}/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    SourceFile::new(format!("{DIR}/{name}"), text)
}

fn run(spec: &SourceFile, documents: &[SourceFile]) -> Generation {
    generate(Inputs {
        documents,
        ..Inputs::spec(spec)
    })
}

/// `(severity, file, line, path, message)` of each diagnostic, for exact comparisons.
fn summary(found: &[Diagnostic]) -> Vec<(Severity, String, u64, String, String)> {
    found
        .iter()
        .map(|d| {
            (
                d.severity,
                d.file.clone(),
                d.position.map_or(0, |p| p.line),
                d.path.to_string(),
                d.message.clone(),
            )
        })
        .collect()
}

fn index(generation: &Generation) -> &str {
    generation
        .files
        .get(std::path::Path::new("mod.rs"))
        .map(String::as_str)
        .unwrap_or_default()
}

#[test]
fn api_keys_written_with_in_and_name_are_read_as_placement_and_key() {
    let spec = read("apikey-name.yaml");
    let generation = run(&spec, &[]);
    let file = format!("{DIR}/apikey-name.yaml");
    assert_eq!(
        summary(&generation.diagnostics),
        [
            (
                Severity::Warning,
                file.clone(),
                20,
                "capability.consumes[0].authentication.in".to_owned(),
                "API key `in: header` read as `placement: header` (the schema's name for it)"
                    .to_owned()
            ),
            (
                Severity::Warning,
                file,
                21,
                "capability.consumes[0].authentication.name".to_owned(),
                "API key `name: Authorization` read as `key: Authorization` (the schema's name for the header or query parameter)".to_owned()
            ),
        ]
    );
    let index = index(&generation);
    assert!(
        index.contains("name: \"Authorization\",")
            && index.contains("placement: crate::auth::Placement::Header")
            && index.contains("secret_env: Some(\"STATIONS_API_KEY\")"),
        "{index}"
    );
    assert_eq!(generation.operations, 2);
}

#[test]
fn the_schema_names_win_and_a_missing_name_is_still_an_error() {
    let spec = read("apikey-name.yaml");
    // `key` and `placement` beside `name` and `in`: the schema's fields are used, silently.
    let both = spec.text.replace(
        "        in: \"header\"\n",
        "        in: \"header\"\n        placement: \"query\"\n        key: \"api_key\"\n",
    );
    let generation = run(&SourceFile::new(&spec.name, both), &[]);
    assert!(
        generation.diagnostics.is_empty(),
        "{:#?}",
        generation.diagnostics
    );
    let index = index(&generation);
    assert!(index.contains("name: \"api_key\",") && index.contains("Placement::Query"));

    let neither = spec.text.replace("        name: \"Authorization\"\n", "");
    let found = run(&SourceFile::new(&spec.name, neither), &[]).diagnostics;
    let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{found:#?}");
    assert!(errors[0].message.contains("has no `key`"));

    let cookie = spec.text.replace("in: \"header\"", "in: \"cookie\"");
    let found = run(&SourceFile::new(&spec.name, cookie), &[]).diagnostics;
    let error = found.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        (
            error.path.to_string().as_str(),
            error.position.map(|p| p.line)
        ),
        ("capability.consumes[0].authentication.in", Some(20))
    );
}

fn workflow() -> (SourceFile, Vec<SourceFile>) {
    let siblings = ["teams.yaml", "memberships.yaml", "invitations.yaml"]
        .map(|name| read(&format!("workflow/{name}")))
        .to_vec();
    (read("workflow/people-workflow.yaml"), siblings)
}

#[test]
fn a_top_level_imports_list_is_one_client_over_every_imported_api() {
    let (spec, siblings) = workflow();
    let generation = run(&spec, &siblings);
    assert_eq!(
        summary(&generation.diagnostics),
        [(
            Severity::Warning,
            format!("{DIR}/workflow/people-workflow.yaml"),
            9,
            "imports".to_owned(),
            "top-level `imports` is not in the Naftiko or Ikanos schema: read as one client over every API the listed files consume".to_owned()
        )]
    );
    // Three files consume one API (same namespace, base URI and authentication): one
    // entry, four operations, the secret bound in the siblings.
    assert_eq!(generation.operations, 4);
    let index = index(&generation);
    assert!(
        index.contains("base_urls: &[\"https://api.teams.example.test/v1\"]")
            && index.contains("namespaces: &[\"teams-api\"]")
            && index.contains("secret_env: Some(\"TEAMS_SECRET_KEY\")"),
        "{index}"
    );
    let methods: String = generation.files.values().map(String::as_str).collect();
    for method in [
        "list_teams",
        "create_team",
        "list_memberships",
        "invite_person",
    ] {
        assert!(methods.contains(&format!("pub fn {method}(")), "{method}");
    }
}

#[test]
fn composition_problems_are_located_where_they_were_written() {
    let (spec, siblings) = workflow();
    let workflow_file = format!("{DIR}/workflow/people-workflow.yaml");

    // A listed file that was not given: an error at its entry.
    let found = run(&spec, &siblings[..2]).diagnostics;
    let error = found.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        (error.file.as_str(), error.path.to_string().as_str()),
        (workflow_file.as_str(), "imports[2]")
    );
    assert!(error.message.contains("was not found"), "{}", error.message);

    // A sibling that consumes the same namespace at another base URI: located in it.
    let mut moved = siblings.clone();
    moved[1].text = moved[1].text.replace("api.teams", "api.other");
    let found = run(&spec, &moved).diagnostics;
    let error = found.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        (
            error.file.as_str(),
            error.position.map(|p| p.line),
            error.path.to_string().as_str()
        ),
        (
            format!("{DIR}/workflow/memberships.yaml").as_str(),
            Some(12),
            "capability.consumes[0].namespace"
        )
    );

    // The composition listing itself, an entry without a file, a namespace not there.
    let odd = spec
        .text
        .replace(
            "  - \"./teams.yaml\"\n",
            "  - \"./people-workflow.yaml\"\n  - {}\n",
        )
        .replace("import: \"teams-api\"", "import: \"nothing-here\"");
    let found = run(&SourceFile::new(&spec.name, odd), &siblings).diagnostics;
    let messages: Vec<(String, Severity)> = found
        .iter()
        .map(|d| (d.path.to_string(), d.severity))
        .collect();
    assert_eq!(
        messages,
        [
            ("imports".to_owned(), Severity::Warning),
            ("imports[0]".to_owned(), Severity::Error),
            ("imports[1]".to_owned(), Severity::Error),
            ("imports[3]".to_owned(), Severity::Warning),
        ],
        "{found:#?}"
    );
}

#[test]
fn import_targets_include_the_top_level_list() {
    let (spec, _) = workflow();
    let root = std::path::Path::new(&spec.name)
        .parent()
        .expect("a directory")
        .to_owned();
    assert_eq!(
        codegen::import_targets(&spec, &root),
        [
            format!("{DIR}/workflow/teams.yaml"),
            format!("{DIR}/workflow/memberships.yaml"),
            format!("{DIR}/workflow/invitations.yaml"),
        ]
    );
}

#[test]
fn openapi_spellings_of_the_authentication_type_are_read_with_a_warning() {
    let spec = read("apikey-name.yaml");
    let schema_names = spec
        .text
        .replace(
            "        in: \"header\"\n",
            "        placement: \"header\"\n",
        )
        .replace("name: \"Authorization\"", "key: \"Authorization\"");
    let cases = [
        (
            "type: \"apiKey\"",
            "type: apiKey",
            "apikey",
            "Scheme::ApiKey",
        ),
        (
            "type: \"API_KEY\"",
            "type: API_KEY",
            "apikey",
            "Scheme::ApiKey",
        ),
        (
            "type: \"http\"\n        scheme: \"bearer\"\n        token: \"{{STATIONS_API_KEY}}\"",
            "type: http, scheme: bearer",
            "bearer",
            "Scheme::Bearer",
        ),
    ];
    for (written, shown, meant, scheme) in cases {
        let text = schema_names.replace("type: \"apikey\"", written);
        let generation = run(&SourceFile::new(&spec.name, text), &[]);
        let warnings: Vec<&str> = generation
            .diagnostics
            .iter()
            .filter(|d| d.path.to_string() == "capability.consumes[0].authentication.type")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            warnings,
            [format!(
                "authentication `{shown}` read as `type: {meant}` (the schema's spelling)"
            )],
            "{:#?}",
            generation.diagnostics
        );
        assert!(index(&generation).contains(scheme), "{written}");
    }

    let unknown = schema_names.replace("type: \"apikey\"", "type: \"hmac\"");
    let found = run(&SourceFile::new(&spec.name, unknown), &[]).diagnostics;
    assert!(
        found.iter().any(|d| d
            .message
            .starts_with("authentication type `hmac` is not known")),
        "{found:#?}"
    );
}

#[test]
fn a_composition_of_compositions_is_followed_and_a_cycle_is_located() {
    let (workflow, siblings) = workflow();
    let outer = SourceFile::new(
        format!("{DIR}/workflow/everything.yaml"),
        "naftiko: \"1.0.0-alpha1\"\ninfo:\n  label: \"Everything\"\nimports:\n  - \"./people-workflow.yaml\"\n",
    );
    let mut documents = siblings.clone();
    documents.push(workflow.clone());
    let generation = run(&outer, &documents);
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    assert_eq!(generation.operations, 4);

    // The inner composition lists the outer one back: a cycle, located at its entry.
    let looping = SourceFile::new(
        workflow.name.clone(),
        workflow
            .text
            .replace("  - \"./teams.yaml\"\n", "  - \"./everything.yaml\"\n"),
    );
    let mut documents = siblings;
    documents.push(looping);
    documents.push(outer.clone());
    let found = run(&outer, &documents).diagnostics;
    let error = found.iter().find(|d| d.is_error()).expect("a cycle error");
    assert_eq!(
        (error.file.as_str(), error.path.to_string().as_str()),
        (workflow.name.as_str(), "imports[0]")
    );
    assert!(
        error.message.starts_with("imports form a cycle:")
            && error.message.contains("everything.yaml -> "),
        "{}",
        error.message
    );
}
