//! The part of clerk-users' hand-written runtime that is not yet in the `capability-runtime`
//! crate, embedded so `generate` can give every crate it writes the very same code
//! (docs/decisions/0020 says what moves next).

/// Runtime modules: `(file name, text)`.
pub const FILES: &[(&str, &str)] = &[
    ("client.rs", include_str!("../../clerk-users/src/client.rs")),
    ("error.rs", include_str!("../../clerk-users/src/error.rs")),
    (
        "telemetry.rs",
        include_str!("../../clerk-users/src/telemetry.rs"),
    ),
];

/// Features of clerk-users that only its Clerk-only modules use: generated crates leave
/// them, and the dependencies only they enable, out of their manifest.
pub const CLERK_ONLY_FEATURES: &[&str] = &["webhooks"];

/// clerk-users' `lib.rs`: its runtime part (after the marker) is shared.
pub const LIB: &str = include_str!("../../clerk-users/src/lib.rs");

/// Where the shared part of `lib.rs` starts.
pub const LIB_MARKER: &str = "// --- runtime modules ---";

/// clerk-users' manifest (features and dependencies) and the workspace's (versions).
pub const MANIFEST: &str = include_str!("../../clerk-users/Cargo.toml");
pub const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");

#[cfg(test)]
mod tests {
    use super::*;

    /// Files of `clerk-users/src/` that are not runtime: the facade and Clerk-only modules
    /// (declared above the marker in `lib.rs`).
    const CLERK_ONLY: &[&str] = &["lib.rs", "metadata.rs", "webhooks.rs"];

    /// The names of the methods in the runtime's `impl <ty>` blocks.
    fn methods_of(ty: &str) -> Vec<String> {
        let header = format!("impl {ty} {{");
        let client = FILES
            .iter()
            .find(|(name, _)| *name == "client.rs")
            .map(|(_, text)| *text)
            .unwrap_or_default();
        let mut methods = Vec::new();
        let mut inside = false;
        for line in client.lines() {
            if line == header {
                inside = true;
            } else if line == "}" {
                inside = false;
            } else if inside {
                let item = line.strip_prefix("    ").unwrap_or_default();
                let item = item
                    .trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub ")
                    .trim_start_matches("async ");
                if let Some(name) = item.strip_prefix("fn ") {
                    let name: String = name
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    methods.push(name);
                }
            }
        }
        methods.sort();
        methods
    }

    #[test]
    fn the_generator_reserves_every_client_and_builder_method() {
        for (ty, reserved, list) in [
            ("Client", codegen::names::CLIENT_METHODS, "CLIENT_METHODS"),
            (
                "ClientBuilder",
                codegen::names::CLIENT_BUILDER_METHODS,
                "CLIENT_BUILDER_METHODS",
            ),
        ] {
            let methods = methods_of(ty);
            assert!(methods.len() >= 10, "{ty}: found only {methods:?}");
            let missing: Vec<&String> = methods
                .iter()
                .filter(|name| !reserved.contains(&name.as_str()))
                .collect();
            assert!(
                missing.is_empty(),
                "add {missing:?} to codegen::names::{list}: a generated method of that name would clash"
            );
        }
    }

    #[test]
    fn the_runtime_crate_names_no_api() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../capability-runtime/src");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).expect("capability-runtime/src exists") {
            let path = entry.expect("a directory entry").path();
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            files += 1;
            for (number, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                assert!(
                    !code.to_ascii_lowercase().contains("clerk"),
                    "{}:{}: the runtime must stay generic: {line}",
                    path.display(),
                    number + 1
                );
            }
        }
        assert!(files >= 5, "read only {files} files");
    }

    #[test]
    fn every_runtime_module_of_clerk_users_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../clerk-users/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("clerk-users/src exists")
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_file())
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| name.ends_with(".rs") && !CLERK_ONLY.contains(&name.as_str()))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            on_disk, embedded,
            "add new runtime modules to xtask/src/runtime.rs"
        );
        assert!(LIB.contains(LIB_MARKER));
    }
}
