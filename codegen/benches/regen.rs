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
    types: [SourceFile; 1],
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
        types: [read("specs/clerk-backend-api-users.types.yaml")],
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
