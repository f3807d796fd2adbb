//! The bookkeeping of a contract test: every operation called against Prism serving
//! Clerk's OpenAPI, every `sl-violations` report Prism sends, every failed call.

use std::collections::BTreeSet;
use std::fmt::Display;
use std::sync::{Arc, Mutex};

use capability_runtime::SharedConfig;

/// The base URL `cargo xtask contract` serves Prism at.
fn contract_url() -> String {
    std::env::var("CLERK_CONTRACT_URL").unwrap_or_else(|_| {
        panic!("CLERK_CONTRACT_URL is not set; run `cargo xtask contract --openapi PATH`")
    })
}

/// What the calls found.
#[derive(Default)]
pub struct Contract {
    violations: Arc<Mutex<Vec<String>>>,
    failures: Vec<String>,
    called: BTreeSet<String>,
    calls: usize,
}

impl Contract {
    /// A configuration for clients under test: Prism's URL, a test secret, and a response
    /// hook that records every `sl-violations` report Prism sends.
    pub fn config(&self) -> SharedConfig {
        let seen = Arc::clone(&self.violations);
        SharedConfig::builder()
            .secret_key("sk_test_contract")
            .base_url(contract_url())
            .on_response(move |response| {
                if let Some(report) = response.headers.get("sl-violations") {
                    let report = String::from_utf8_lossy(report.as_bytes()).into_owned();
                    if let Ok(mut seen) = seen.lock() {
                        seen.push(format!("{}: {report}", response.operation));
                    }
                }
            })
            .build()
            .expect("a valid contract configuration")
    }

    /// Ends the test: fails unless `operations` distinct operations were called and no
    /// call failed or broke the spec.
    pub fn finish(self, operations: usize) {
        let violations = self
            .violations
            .lock()
            .map(|v| v.clone())
            .unwrap_or_default();
        let decode_failures = self
            .failures
            .iter()
            .filter(|f| f.contains("unexpected response body"))
            .count();
        println!(
            "contract: {} operations ({} calls), {} violations, {} decode failures, {} other failures",
            self.called.len(),
            self.calls,
            violations.len(),
            decode_failures,
            self.failures.len() - decode_failures
        );
        assert_eq!(
            self.called.len(),
            operations,
            "every operation is called once at least"
        );
        for line in violations.iter().chain(&self.failures) {
            println!("  {line}");
        }
        assert!(
            violations.is_empty() && self.failures.is_empty(),
            "the contract is broken (see above)"
        );
    }
}

/// Records one call; `Name (variant)` counts as a second call of `Name`.
pub fn check<T, E: Display>(contract: &mut Contract, operation: &str, result: Result<T, E>) {
    contract.calls += 1;
    let name = operation.split(" (").next().unwrap_or(operation);
    contract.called.insert(name.to_owned());
    if let Err(error) = result {
        contract.failures.push(format!("{operation}: {error}"));
    }
}
