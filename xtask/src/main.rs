//! Developer tasks for this workspace. Run as `cargo xtask <task>`.

mod bench;
mod bench_build;
mod contract;
mod generate;
mod regen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  regen           regenerate clerk-users/src/generated/ from specs/
  regen --check   write nothing; fail if the checked-in generated code is stale
  generate --spec FILE [--overlay FILE] [--types FILE]... [--openapi FILE] --out DIR --crate-name NAME
           [--runtime-version VERSION]
                  write a standalone client crate for any Naftiko or Ikanos capability; it
                  depends on this workspace's capability-runtime, or on a published VERSION
  bench [--no-build]
                  every performance figure, as docs/performance.md's table and
                  docs/performance.svg (minutes; --no-build skips the clean builds)
  bench-build     clean build times of our Clerk crates vs clerk-rs 0.5 (minutes; not in CI)
  fuzz [--cases N]
                  the generator's never-panic property test in release mode (default 10,000 cases)
  contract --openapi PATH [--seeds N]
                  call every operation against Prism serving Clerk's OpenAPI (default 5 seeds)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["regen"] => regen::run(&workspace_root(), regen::Mode::Write),
        ["regen", "--check"] => regen::run(&workspace_root(), regen::Mode::Check),
        ["generate", rest @ ..] => {
            generate::Options::parse(rest).and_then(|options| generate::run(&options))
        }
        ["bench-build"] => bench_build::run(&workspace_root()),
        ["bench"] => bench::run(&workspace_root(), true),
        ["bench", "--no-build"] => bench::run(&workspace_root(), false),
        ["fuzz"] => fuzz(&workspace_root(), 10_000),
        ["fuzz", "--cases", cases] => cases
            .parse()
            .map_err(|_| format!("--cases takes a number, not {cases:?}"))
            .and_then(|cases| fuzz(&workspace_root(), cases)),
        ["contract", rest @ ..] => contract::Options::parse(rest)
            .and_then(|options| contract::run(&workspace_root(), &options)),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown arguments {args:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints every diagnostic of a run; fails when one of them is an error.
fn report(generation: &codegen::Generation, task: &str) -> Result<(), String> {
    for diagnostic in &generation.diagnostics {
        eprintln!("{diagnostic}\n");
    }
    if generation.has_errors() {
        let count = generation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        return Err(format!(
            "{task}: {count} error(s) in the inputs; nothing written"
        ));
    }
    Ok(())
}

/// Runs the mutation property test of the generator with `cases` cases, optimized.
fn fuzz(root: &std::path::Path, cases: u32) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["test", "--release", "-p", "codegen", "--test", "mutations"])
        .env("PROPTEST_CASES", cases.to_string())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        println!("fuzz: {cases} mutated specs, no panic");
        Ok(())
    } else {
        Err(format!("fuzz: the property test failed ({status})"))
    }
}

/// The workspace root, whatever directory cargo was started from.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), PathBuf::from)
}
