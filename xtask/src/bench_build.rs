//! `cargo xtask bench-build`: clean build times of our Clerk crates vs clerk-rs 0.5, in one
//! run.
//!
//! Each side gets a scratch crate depending on it (ours by path, clerk-rs from the
//! registry) and its own target directory. Measured: the whole dependency tree from clean,
//! then the client crates alone (`cargo clean -p` and build again). Ours counts the runtime
//! and clerk-core with them: all are code of ours a user compiles, where clerk-rs is one
//! crate covering every area. Ours is built twice: every client crate as a user gets it by
//! default (users, sessions, organizations and clerk-auth; TLS through aws-lc-rs,
//! post-quantum), and the three API clients with `rustls-ring` instead
//! (docs/decisions/0021; clerk-auth verifies with aws-lc-rs either way). Not run in CI
//! (minutes).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Timing {
    pub full_tree: Duration,
    pub crate_alone: Duration,
}

/// Both clients' timings, measured one after the other on the same machine.
pub struct Builds {
    /// The users, sessions and organizations clients and clerk-auth, default features.
    pub ours: Timing,
    /// The three API clients with ring's TLS instead of aws-lc-rs.
    pub ours_ring: Timing,
    pub theirs: Timing,
}

/// The API client crates, one per area of the Backend API.
const CLIENTS: [&str; 3] = ["clerk-users", "clerk-sessions", "clerk-organizations"];
/// Our crates every client is built on.
const SHARED: [&str; 2] = ["clerk-core", "capability-runtime"];

pub fn measure_both(root: &Path) -> Result<Builds, String> {
    let scratch = root.join("target/bench-build");
    let _ = std::fs::remove_dir_all(&scratch);
    let path = |krate: &str| root.join(krate).display().to_string();
    // Every crate of ours a Clerk user builds: the three API clients and session token
    // verification (clerk-rs has all of it in one crate).
    let ours_dep = CLIENTS
        .iter()
        .chain(["clerk-auth"].iter())
        .map(|krate| format!("{krate} = {{ path = {:?} }}", path(krate)))
        .collect::<Vec<_>>()
        .join("\n");
    let ours = measure(
        &scratch.join("ours"),
        &ours_dep,
        &[CLIENTS.as_slice(), &["clerk-auth"], SHARED.as_slice()].concat(),
    )?;
    let ring_dep = CLIENTS
        .iter()
        .map(|krate| {
            let features = if *krate == "clerk-users" {
                "\"rustls-ring\", \"tracing\", \"webhooks\""
            } else {
                "\"rustls-ring\", \"tracing\""
            };
            format!(
                "{krate} = {{ path = {:?}, default-features = false, features = [{features}] }}",
                path(krate)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let ours_ring = measure(
        &scratch.join("ours-ring"),
        &ring_dep,
        &[CLIENTS.as_slice(), SHARED.as_slice()].concat(),
    )?;
    let theirs = measure(
        &scratch.join("clerk-rs"),
        "clerk-rs = \"0.5\"",
        &["clerk-rs"],
    )?;
    Ok(Builds {
        ours,
        ours_ring,
        theirs,
    })
}

pub fn run(root: &Path) -> Result<(), String> {
    let Builds {
        ours,
        ours_ring,
        theirs,
    } = measure_both(root)?;
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(f64::EPSILON);
    println!("| build | ours | clerk-rs 0.5 | ratio | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| whole tree, clean (users + sessions + organizations + clerk-auth, default: aws-lc-rs) | {:.1} s | {:.1} s | {:.2} | reported |",
        ours.full_tree.as_secs_f64(),
        theirs.full_tree.as_secs_f64(),
        ratio(ours.full_tree, theirs.full_tree)
    );
    println!(
        "| whole tree, clean (users + sessions + organizations, `rustls-ring`) | {:.1} s | {:.1} s | {:.2} | <= 0.50 |",
        ours_ring.full_tree.as_secs_f64(),
        theirs.full_tree.as_secs_f64(),
        ratio(ours_ring.full_tree, theirs.full_tree)
    );
    println!(
        "| our crates alone (clients, clerk-auth, clerk-core, runtime) | {:.1} s | {:.1} s | {:.2} | <= 0.50 |",
        ours.crate_alone.as_secs_f64(),
        theirs.crate_alone.as_secs_f64(),
        ratio(ours.crate_alone, theirs.crate_alone)
    );
    Ok(())
}

fn measure(dir: &Path, dependency: &str, packages: &[&str]) -> Result<Timing, String> {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let manifest = format!(
        "[package]\nname = \"bench-build-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{dependency}\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    let target: PathBuf = dir.join("target");
    let full_tree = timed(dir, &target, &["build", "--quiet"])?;
    let mut clean = vec!["clean", "--quiet"];
    for package in packages {
        clean.extend(["-p", package]);
    }
    cargo(dir, &target, &clean)?;
    let crate_alone = timed(dir, &target, &["build", "--quiet"])?;
    println!(
        "bench-build: {}: whole tree {:.1} s, crate alone {:.1} s",
        packages.join(" + "),
        full_tree.as_secs_f64(),
        crate_alone.as_secs_f64()
    );
    Ok(Timing {
        full_tree,
        crate_alone,
    })
}

fn timed(dir: &Path, target: &Path, args: &[&str]) -> Result<Duration, String> {
    let started = Instant::now();
    cargo(dir, target, args)?;
    Ok(started.elapsed())
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed in {}",
            args.join(" "),
            dir.display()
        ))
    }
}
