//! The full regen of the Users spec: load, overlay, types, resolve, names, emit, format.
//!
//! `cargo bench -p codegen`. The target compares this with `cargo check -p clerk-users` on a
//! warm cache (docs/performance.md); `cargo xtask bench-build` measures that side.

use std::path::Path;
use std::sync::LazyLock;

use codegen::{Inputs, SourceFile};

struct Specs {
    spec: SourceFile,
    overlay: SourceFile,
    types: [SourceFile; 2],
}

static SPECS: LazyLock<Specs> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |name: &str| {
        let text = std::fs::read_to_string(root.join(name)).unwrap_or_default();
        SourceFile::new(name, text)
    };
    Specs {
        spec: read("specs/clerk-backend-api-users.yaml"),
        overlay: read("specs/clerk-backend-api-users.overlay.yaml"),
        types: [
            read("specs/clerk-backend-api-users.types.yaml"),
            read("specs/clerk-backend-api-shared.types.yaml"),
        ],
    }
});

fn main() {
    divan::main();
}

#[divan::bench]
fn regen_users_spec() -> usize {
    let specs = &*SPECS;
    let generation = codegen::generate(Inputs {
        spec: &specs.spec,
        overlay: Some(&specs.overlay),
        documents: &specs.types,
        crate_ident: Some("clerk_users"),
        regenerate_with: codegen::REGEN_COMMAND,
    });
    generation.files.len()
}

/// A made-up capability with `operations` operations (five per resource, each with a
/// path, query and header parameter), to see how generation time grows with the spec.
fn synthetic_spec(operations: usize) -> SourceFile {
    let mut text = String::from(
        "naftiko: \"1.0.0-alpha2\"\ninfo:\n  label: \"Synthetic\"\ncapability:\n  consumes:\n    - type: \"http\"\n      namespace: \"synthetic\"\n      baseUri: \"https://synthetic.example.test\"\n      resources:\n",
    );
    for resource in 0..operations.div_ceil(5) {
        text.push_str(&format!(
            "        - name: \"things-{resource}\"\n          path: \"/things{resource}/{{thing_id}}\"\n          inputParameters:\n            - name: \"thing_id\"\n              in: \"path\"\n          operations:\n"
        ));
        for op in 0..5.min(operations - resource * 5) {
            text.push_str(&format!(
                "            - name: \"op-{resource}-{op}\"\n              method: \"GET\"\n              description: \"Operation {op} of resource {resource}.\"\n              inputParameters:\n                - name: \"limit\"\n                  in: \"query\"\n                  type: \"integer\"\n                - name: \"X-Trace\"\n                  in: \"header\"\n"
            ));
        }
    }
    SourceFile::new("synthetic.yaml", text)
}

/// Regen time for 50, 500 and 5,000 operations: per operation it should stay flat.
#[divan::bench(args = [50, 500, 5000], sample_count = 10)]
fn regen_synthetic(bencher: divan::Bencher, operations: usize) {
    let spec = synthetic_spec(operations);
    bencher.bench(|| {
        let generation = codegen::generate(Inputs::spec(&spec));
        assert_eq!(generation.operations, operations);
        generation.files.len()
    });
}
