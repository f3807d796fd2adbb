//! What the xtask tests share: the workspace root, and cargo run in a scratch crate.

#![allow(dead_code, reason = "each test binary uses part of this module")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs `cargo <args>` in the scratch crate `dir`, with the workspace's lock file (the
/// versions clerk-users is tested with) and one target directory for every scratch crate,
/// so dependencies build once.
pub fn cargo_in(dir: &Path, args: &[&str]) -> Output {
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/generated-crates/target"),
        )
        .output()
        .expect("cargo runs")
}

/// `xtask generate` for `spec` into `out` as the crate `name`.
pub fn generate(spec: &Path, out: &Path, name: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", name])
        .output()
        .expect("xtask runs")
}
