//! The README's Rust examples compile against clerk-users, clerk-sessions,
//! clerk-organizations, clerk-webhooks and clerk-auth, so they cannot drift from the API.
//! Each ```rust block becomes the body of an async function that has a `clerk: Client` in
//! scope (a block with its own `fn main` becomes a module), in a scratch crate that
//! depends on the crates by path; `cargo check` must pass.

mod support;

use support::{cargo_in, root};

/// The Rust code blocks of a Markdown text (fences may be indented, as in lists).
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut current {
            None if trimmed.starts_with("```rust") => current = Some((indent, String::new())),
            Some(_) if trimmed.starts_with("```") => {
                if let Some((_, code)) = current.take() {
                    blocks.push(code);
                }
            }
            Some((indent, code)) => {
                code.push_str(line.get(*indent..).unwrap_or(line.trim_start()));
                code.push('\n');
            }
            None => {}
        }
    }
    blocks
}

fn scratch_crate(blocks: &[String]) -> String {
    let mut source = String::from(
        "#![allow(dead_code, unused_imports, unused_variables, unused_mut, clippy::all)]\n\
         use clerk_users::models::*;\n\
         use clerk_users::{Client, Error, Filter, OrderBy, RetryPolicy};\n\n",
    );
    for (index, block) in blocks.iter().enumerate() {
        if block.contains("fn main") {
            source.push_str(&format!("mod block_{index} {{\n{block}}}\n\n"));
        } else {
            source.push_str(&format!(
                "async fn block_{index}(clerk: Client) -> Result<(), Box<dyn std::error::Error>> {{\n{block}    Ok(())\n}}\n\n"
            ));
        }
    }
    source
}

#[test]
fn every_rust_example_in_the_readme_compiles() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let blocks = rust_blocks(&readme);
    assert!(blocks.len() >= 5, "found only {} Rust blocks", blocks.len());

    let dir = root().join("target/readme-examples");
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate");
    let clerk_users = root()
        .join("clerk-users")
        .canonicalize()
        .expect("clerk-users");
    let clerk_auth = root()
        .join("clerk-auth")
        .canonicalize()
        .expect("clerk-auth");
    let clerk_sessions = root()
        .join("clerk-sessions")
        .canonicalize()
        .expect("clerk-sessions");
    let clerk_organizations = root()
        .join("clerk-organizations")
        .canonicalize()
        .expect("clerk-organizations");
    let clerk_webhooks = root()
        .join("clerk-webhooks")
        .canonicalize()
        .expect("clerk-webhooks");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-examples\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nclerk-users = {{ path = {:?} }}\n\
             clerk-auth = {{ path = {:?}, features = [\"tower\"] }}\n\
             clerk-sessions = {{ path = {:?} }}\n\
             clerk-organizations = {{ path = {:?} }}\n\
             clerk-webhooks = {{ path = {:?} }}\n\
             axum = {{ version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
             futures-util = \"0.3\"\nhttp = \"1\"\n\n[workspace]\n",
            clerk_users.display().to_string(),
            clerk_auth.display().to_string(),
            clerk_sessions.display().to_string(),
            clerk_organizations.display().to_string(),
            clerk_webhooks.display().to_string()
        ),
    )
    .expect("manifest");
    std::fs::write(dir.join("src/lib.rs"), scratch_crate(&blocks)).expect("source");
    let output = cargo_in(&dir, &["check", "--quiet"]);
    assert!(
        output.status.success(),
        "a README example does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn blocks_are_found_in_lists_and_at_the_top_level() {
    let markdown = "text\n```rust\nlet a = 1;\n```\n* item\n\n  ```rust\n  let b = 2;\n  ```\n```sh\nls\n```\n";
    assert_eq!(rust_blocks(markdown), ["let a = 1;\n", "let b = 2;\n"]);
}
