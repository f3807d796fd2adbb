//! Capabilities made up by a property test, in both dialects: every parameter type in every
//! location, odd names, implicit path placeholders, several body parameters. Each must
//! generate without errors, and a sample of the crates must compile.

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::{cargo_in, generate, root};

const TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie", "body"];
/// Names real capabilities use, and names that are hard on a generator.
const NAMES: &[&str] = &[
    "id",
    "AccountSid",
    "page[size]",
    "type",
    "self",
    "x-api-key",
    "user_id",
    "2fa",
    "unifiedRbacResourceNamespace-id",
    "limit",
    "Content-Type",
    "é-name",
    "async",
    "body",
    "client",
    "send",
    "timeout",
];

#[derive(Debug, Clone)]
struct Param {
    name: &'static str,
    location: &'static str,
    kind: &'static str,
    required: bool,
}

#[derive(Debug, Clone)]
struct Capability {
    ikanos: bool,
    /// Per resource: an implicit path placeholder or not, and its operations' parameters.
    resources: Vec<(bool, Vec<Vec<Param>>)>,
}

fn param() -> impl Strategy<Value = Param> {
    (
        prop::sample::select(NAMES),
        prop::sample::select(LOCATIONS),
        prop::sample::select(TYPES),
        any::<bool>(),
    )
        .prop_map(|(name, location, kind, required)| Param {
            name,
            location,
            kind,
            required,
        })
}

fn capability() -> impl Strategy<Value = Capability> {
    let operation = prop::collection::vec(param(), 0..6);
    let resource = (any::<bool>(), prop::collection::vec(operation, 1..3));
    (any::<bool>(), prop::collection::vec(resource, 1..4))
        .prop_map(|(ikanos, resources)| Capability { ikanos, resources })
}

impl Capability {
    /// The capability as YAML text in its dialect. Parameter names are unique per
    /// operation (as both dialects require: Ikanos keys them by name).
    fn text(&self) -> String {
        let mut out = String::new();
        if self.ikanos {
            out.push_str("ikanos: \"1.0.0-beta5\"\ninfo:\n  display: \"Random\"\n");
        } else {
            out.push_str("naftiko: \"1.0.0-alpha2\"\ninfo:\n  label: \"Random\"\n");
        }
        out.push_str("capability:\n  consumes:\n    - type: \"http\"\n      namespace: \"random\"\n      baseUri: \"https://random.example.test\"\n      resources:\n");
        for (r, (implicit, operations)) in self.resources.iter().enumerate() {
            let path = if *implicit {
                format!("/things{r}/{{{{thing-id}}}}/{{path_a}}")
            } else {
                format!("/things{r}/{{path_a}}")
            };
            if self.ikanos {
                out.push_str(&format!(
                    "        res{r}:\n          path: \"{path}\"\n          operations:\n"
                ));
            } else {
                out.push_str(&format!("        - name: \"res{r}\"\n          path: \"{path}\"\n          operations:\n"));
            }
            for (o, params) in operations.iter().enumerate() {
                let mut seen = std::collections::BTreeSet::new();
                // Every path has `{path_a}`; declare it with a random type.
                let mut declared = vec![Param {
                    name: "path_a",
                    location: "path",
                    kind: params.first().map_or("string", |p| scalar(p.kind)),
                    required: true,
                }];
                declared.extend(params.iter().filter(|p| p.location != "path").cloned());
                let method = if declared.iter().any(|p| p.location == "body") {
                    "POST"
                } else {
                    "GET"
                };
                if self.ikanos {
                    out.push_str(&format!("            op{r}-{o}:\n              method: \"{method}\"\n              inputParameters:\n"));
                } else {
                    out.push_str(&format!("            - name: \"op{r}-{o}\"\n              method: \"{method}\"\n              inputParameters:\n"));
                }
                for p in declared.iter().filter(|p| seen.insert(p.name)) {
                    let kind = if p.location == "path" {
                        scalar(p.kind)
                    } else {
                        p.kind
                    };
                    if self.ikanos {
                        out.push_str(&format!(
                            "                \"{}\":\n                  in: \"{}\"\n                  type: \"{kind}\"\n                  required: {}\n",
                            p.name, p.location, p.required
                        ));
                    } else {
                        out.push_str(&format!(
                            "                - name: \"{}\"\n                  in: \"{}\"\n                  type: \"{kind}\"\n                  required: {}\n",
                            p.name, p.location, p.required
                        ));
                    }
                }
            }
        }
        out
    }
}

/// Path parameters are scalars.
fn scalar(kind: &'static str) -> &'static str {
    match kind {
        "array" | "object" => "string",
        other => other,
    }
}

#[test]
fn random_capabilities_generate_and_a_sample_compiles() {
    let dir = root().join("target/generated-crates/random");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let cases = std::cell::Cell::new(0usize);
    runner
        .run(&capability(), |capability| {
            let case = cases.get() + 1;
            cases.set(case);
            let name = format!("random-{case}");
            let spec = dir.join(format!("{name}.yaml"));
            std::fs::write(&spec, capability.text()).expect("write spec");
            let out = dir.join(&name);
            let output = generate(&spec, &out, &name);
            prop_assert!(
                output.status.success(),
                "generate failed:\n{}\n{}",
                capability.text(),
                String::from_utf8_lossy(&output.stderr)
            );
            // Every eighth crate is compiled: `generate` already proves the Rust parses;
            // `cargo check` proves it type-checks against the runtime.
            if case % 8 == 1 {
                let check = cargo_in(&out, &["check", "--quiet"]);
                prop_assert!(
                    check.status.success(),
                    "cargo check failed:\n{}\n{}",
                    capability.text(),
                    String::from_utf8_lossy(&check.stderr)
                );
            }
            Ok(())
        })
        .expect("every random capability generates");
    assert!(cases.get() >= 24, "ran {} cases", cases.get());
}
