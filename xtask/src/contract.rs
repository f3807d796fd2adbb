//! `cargo xtask contract --openapi PATH [--seeds N]`: every operation against Prism.
//!
//! Installs the pinned Prism (`xtask/contract/package-lock.json`) with npm, then for each
//! seed starts `prism mock --dynamic --seed N` on 127.0.0.1 in its own process group, runs
//! the ignored `contract` tests of clerk-users, clerk-sessions and clerk-organizations
//! against it, and stops Prism — also when the test fails or this task is interrupted by an
//! error.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_SEEDS: u32 = 5;
/// How long Prism may take to start listening.
const STARTUP_LIMIT: Duration = Duration::from_secs(90);

pub struct Options {
    pub openapi: PathBuf,
    pub seeds: u32,
}

impl Options {
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut openapi = None;
        let mut seeds = DEFAULT_SEEDS;
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match *arg {
                "--openapi" => openapi = rest.next().map(PathBuf::from),
                "--seeds" => {
                    seeds = rest
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|n| *n > 0)
                        .ok_or("--seeds takes a positive number")?;
                }
                other => return Err(format!("contract: unknown argument {other:?}")),
            }
        }
        let openapi = openapi.ok_or(
            "contract needs --openapi PATH: Clerk's Backend API OpenAPI (bapi-2026-05-12.yml)",
        )?;
        Ok(Self { openapi, seeds })
    }
}

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let openapi = std::path::absolute(&options.openapi)
        .map_err(|e| format!("{}: {e}", options.openapi.display()))?;
    if !openapi.is_file() {
        return Err(format!("contract: {} does not exist", openapi.display()));
    }
    let prism = install_prism(&root.join("xtask/contract"))?;
    // Compile before Prism starts, so a slow build never races Prism's idle time.
    cargo(
        root,
        &[
            "test",
            "-p",
            "clerk-users",
            "-p",
            "clerk-sessions",
            "-p",
            "clerk-organizations",
            "--test",
            "contract",
            "--no-run",
        ],
        None,
    )?;
    cargo(
        root,
        &[
            "build",
            "--quiet",
            "-p",
            "clerk-users",
            "--example",
            "users_organizations_sessions",
        ],
        None,
    )?;

    let logs = root.join("target/contract");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let started = Instant::now();
    for seed in 1..=options.seeds {
        let port = free_port()?;
        let log = logs.join(format!("prism-seed-{seed}.log"));
        let server = Prism::start(&prism, &openapi, seed, port, &log)?;
        server.wait_until_listening(port, &log)?;
        println!(
            "contract: seed {seed}/{} on 127.0.0.1:{port}",
            options.seeds
        );
        let url = format!("http://127.0.0.1:{port}");
        let result = cargo(
            root,
            &[
                "test",
                "-p",
                "clerk-users",
                "-p",
                "clerk-sessions",
                "-p",
                "clerk-organizations",
                "--test",
                "contract",
                "--",
                "--ignored",
                "--nocapture",
            ],
            Some(&url),
        )
        .and_then(|()| {
            if seed == 1 {
                seed_example(root, &url)
            } else {
                Ok(())
            }
        });
        drop(server);
        result.map_err(|e| {
            format!(
                "contract: seed {seed} failed ({e}); Prism's log: {}",
                log.display()
            )
        })?;
    }
    println!(
        "contract: every operation x {} seeds, 0 violations, 0 decode failures ({} s)",
        options.seeds,
        started.elapsed().as_secs()
    );
    Ok(())
}

/// The example that runs the eleven operations of the seed's Clerk block (plus adding a
/// member) through users, organizations and sessions clients from one configuration; it
/// must get through every one of them against Prism.
fn seed_example(root: &Path, url: &str) -> Result<(), String> {
    let example = "users_organizations_sessions";
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "-p", "clerk-users", "--example", example])
        .env("CLERK_SECRET_KEY", "sk_test_contract")
        .env("CLERK_API_URL", url)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if output.status.success() && stdout.contains("operations run: 12 of 12") {
        println!("contract: the {example} example ran all its operations");
        Ok(())
    } else {
        Err(format!(
            "the {example} example did not run all its operations ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn install_prism(dir: &Path) -> Result<PathBuf, String> {
    let prism = dir.join("node_modules/.bin/prism");
    if prism.exists() {
        return Ok(prism);
    }
    println!(
        "contract: installing Prism with npm (pinned by {})",
        dir.join("package-lock.json").display()
    );
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() || !prism.exists() {
        return Err(format!("npm ci in {} failed ({status})", dir.display()));
    }
    Ok(prism)
}

fn cargo(root: &Path, args: &[&str], contract_url: Option<&str>) -> Result<(), String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(root);
    if let Some(url) = contract_url {
        command.env("CLERK_CONTRACT_URL", url);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// A running Prism; dropping it stops its whole process group.
struct Prism {
    child: Child,
}

impl Prism {
    fn start(
        prism: &Path,
        openapi: &Path,
        seed: u32,
        port: u16,
        log: &Path,
    ) -> Result<Self, String> {
        use std::os::unix::process::CommandExt;
        let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(prism)
            .args(["mock", "--dynamic", "--seed", &seed.to_string()])
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(openapi)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Prism runs node children; a group of its own lets us stop them all at once.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start Prism: {e}"))?;
        Ok(Self { child })
    }

    fn wait_until_listening(&self, port: u16, log: &Path) -> Result<(), String> {
        let deadline = Instant::now() + STARTUP_LIMIT;
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(format!(
            "Prism did not listen on port {port} within {} s; see {}",
            STARTUP_LIMIT.as_secs(),
            log.display()
        ))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        if self.child.wait().is_err() {
            let _ = self.child.kill();
        }
    }
}
