//! The bookkeeping of a contract test: every operation called against Prism serving
//! Clerk's OpenAPI, every `sl-violations` report Prism sends, every failed call.

use std::collections::BTreeSet;
use std::fmt::Display;
use std::sync::{Arc, Mutex};

/// The base URL `cargo xtask contract` serves Prism at.
pub fn contract_url() -> String {
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
    /// Where the client's response hook records Prism's reports: push
    /// `"<operation>: <sl-violations header>"`.
    pub fn violations(&self) -> Arc<Mutex<Vec<String>>> {
        Arc::clone(&self.violations)
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
