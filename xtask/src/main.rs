//! Developer tasks for this workspace. Run as `cargo xtask <task>`.

mod contract;
mod regen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  regen           regenerate clerk-users/src/generated/ from specs/
  regen --check   write nothing; fail if the checked-in generated code is stale
  contract --openapi PATH [--seeds N]
                  call every operation against Prism serving Clerk's OpenAPI (default 5 seeds)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["regen"] => regen::run(&workspace_root(), regen::Mode::Write),
        ["regen", "--check"] => regen::run(&workspace_root(), regen::Mode::Check),
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

/// The workspace root, whatever directory cargo was started from.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), PathBuf::from)
}
