//! `cargo xtask generate` on real capabilities: every crate it writes passes
//! `cargo clippy -- -D warnings`, and a generated client talks to a server.
//!
//! The Naftiko samples and Ikanos tutorial are third-party files beside the repository
//! (`../shared`, present in CI): the `reference_*` tests that read them are ignored by
//! `cargo test` and run by `.ci/run` (`-- --ignored reference_`), where a missing file
//! fails them. Our own fixtures always run.

mod support;

use std::path::{Path, PathBuf};

use support::{cargo_in, root};

/// A directory of `../shared/reference`; the tests that call this are `#[ignore]`d outside CI.
fn reference_dir(relative: &str) -> PathBuf {
    let dir = root().join("../shared/reference").join(relative);
    assert!(
        dir.is_dir(),
        "{} is absent: reference tests run where ../shared exists (CI)",
        dir.display()
    );
    dir
}

/// Writes a crate for `spec` under `target/generated-crates/<name>`.
fn generate(spec: &Path, name: &str) -> PathBuf {
    let out = root().join("target/generated-crates").join(name);
    let output = support::generate(spec, &out, name);
    assert!(
        output.status.success(),
        "generate failed for {}:\n{}",
        spec.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let index = std::fs::read_to_string(out.join("src/generated/mod.rs")).expect("index written");
    let first_line = index.lines().next().unwrap_or_default();
    // Paths in headers are relative to the crate (target/generated-crates/<name>).
    let from_crate = spec
        .strip_prefix(root())
        .map(|inside| format!("../../../{}", inside.display()))
        .unwrap_or_default();
    assert!(
        first_line.contains(&format!(
            "run `cargo xtask generate --spec {from_crate} --out . --crate-name {name}`"
        )),
        "the header must name the command that made the crate: {first_line}"
    );
    out
}

fn cargo(dir: &Path, args: &[&str]) {
    let output = cargo_in(dir, args);
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn clippy_clean(spec: &Path, name: &str) {
    let dir = generate(spec, name);
    cargo(&dir, &["clippy", "--quiet", "--", "-D", "warnings"]);
}

#[test]
fn our_fixtures_generate_crates_that_pass_clippy() {
    for fixture in [
        "odd-names.yaml",
        "multi-consumes-alpha1.yaml",
        "lenient-responses.yaml",
        "typed-params.yaml",
        // Operations and parameters named like client methods and prelude items.
        "reserved-names.yaml",
        // Ikanos, with its API imported from `dialects/shared/`.
        "dialects/fleet-beta5.yml",
        // Shapes published files use outside the schema: API keys written with `in`/`name`,
        // and a composition whose top-level `imports:` lists sibling capability files.
        "published/apikey-name.yaml",
        "published/workflow/people-workflow.yaml",
    ] {
        let spec = root().join("codegen/tests/fixtures").join(fixture);
        let stem = fixture
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .replace('/', "-");
        clippy_clean(&spec, &format!("fixture-{stem}"));
    }
}

/// The same capability generated in two checkouts at different places, once with relative
/// and once with absolute paths, from different working directories: the same bytes in
/// every file (the manifest's path to this workspace's runtime aside, absolute by design).
#[test]
fn generated_crates_are_the_same_bytes_wherever_they_are_generated() {
    let fixtures = root().join("codegen/tests/fixtures/published/workflow");
    let scratch = root().join("target/same-bytes");
    let _ = std::fs::remove_dir_all(&scratch);
    let checkouts = [scratch.join("one"), scratch.join("two/deeper/checkout")];
    for checkout in &checkouts {
        let specs = checkout.join("specs");
        std::fs::create_dir_all(&specs).expect("scratch checkout");
        for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, specs.join(path.file_name().expect("a file"))).expect("copy");
        }
    }
    let run = |cwd: &Path, spec: &Path, out: &Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(out)
            .args(["--crate-name", "people-workflow"])
            .current_dir(cwd)
            .output()
            .expect("xtask runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    // Relative paths from inside the first checkout; absolute ones from elsewhere.
    run(
        &checkouts[0],
        Path::new("specs/people-workflow.yaml"),
        Path::new("client"),
    );
    run(
        &scratch,
        &checkouts[1].join("specs/people-workflow.yaml"),
        &checkouts[1].join("client"),
    );
    let files = |checkout: &Path| -> Vec<(PathBuf, String)> {
        let crate_dir = checkout.join("client");
        let mut pending = vec![crate_dir.clone()];
        let mut found = Vec::new();
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("text");
                let manifest = path.ends_with("Cargo.toml");
                let text = text
                    .lines()
                    .filter(|line| !(manifest && line.starts_with("path = ")))
                    .collect::<Vec<_>>()
                    .join("\n");
                found.push((
                    path.strip_prefix(&crate_dir).expect("inside").to_owned(),
                    text,
                ));
            }
        }
        found.sort();
        found
    };
    let (one, two) = (files(&checkouts[0]), files(&checkouts[1]));
    assert!(one.len() >= 6, "{one:?}");
    for ((path_one, text_one), (path_two, text_two)) in one.iter().zip(&two) {
        assert_eq!(path_one, path_two);
        assert_eq!(text_one, text_two, "{} differs", path_one.display());
        assert!(
            !text_one.contains(&*scratch.to_string_lossy()),
            "{} names a machine path",
            path_one.display()
        );
    }
    assert_eq!(one.len(), two.len());
}

#[test]
#[ignore = "reads ../shared/reference (beside the repository in CI only); .ci/run runs it"]
fn reference_every_naftiko_sample_generates_a_crate_that_passes_clippy() {
    let dir = reference_dir("naftiko-samples");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    specs.sort();
    assert!(
        specs.len() >= 6,
        "expected the six samples, found {specs:?}"
    );
    for spec in specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("sample");
        clippy_clean(&spec, &format!("sample-{stem}"));
    }
}

/// The official Ikanos tutorial: every step that consumes an HTTP API (directly or through
/// imports of its shared files) generates a clean crate; the mock-only step is refused with
/// the one "nothing to generate" error.
#[test]
#[ignore = "reads ../shared/reference (beside the repository in CI only); .ci/run runs it"]
fn reference_every_ikanos_tutorial_step_generates_a_crate_that_passes_clippy() {
    let dir = reference_dir("ikanos/tutorial");
    let mut steps: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yml"))
        .collect();
    steps.sort();
    assert!(
        steps.len() >= 11,
        "expected the eleven steps, found {steps:?}"
    );
    let mut refused = Vec::new();
    for step in steps {
        let stem = step.file_stem().and_then(|s| s.to_str()).unwrap_or("step");
        let name = format!("ikanos-{stem}");
        let out = root().join("target/generated-crates").join(&name);
        let output = support::generate(&step, &out, &name);
        if output.status.success() {
            clippy_clean(&step, &name);
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(
                stderr.contains("nothing to generate: this capability consumes no HTTP API"),
                "{stem} was refused for another reason:\n{stderr}"
            );
            refused.push(stem.to_owned());
        }
    }
    assert_eq!(
        refused,
        ["step-1-shipyard-mock"],
        "only the mock step consumes nothing"
    );
}

#[test]
#[ignore = "reads ../shared/reference (beside the repository in CI only); .ci/run runs it"]
fn reference_a_generated_organizations_client_calls_a_server() {
    let dir = reference_dir("naftiko-samples");
    let out = generate(
        &dir.join("clerk-backend-api-organizations.yaml"),
        "organizations-call",
    );
    run_call_test(&out, CALL_TEST);
}

/// A 127.0.0.1 HTTP server for the call tests: source text, since each test is compiled
/// inside a generated crate. `answer` sees each whole request (head and body) and returns
/// the status line, content type and body; `serve` returns the requests it read.
const SERVER: &str = r##"
use std::io::{Read, Write};

type Answer = (&'static str, &'static str, Vec<u8>);

fn serve(
    count: usize,
    mut answer: impl FnMut(&str) -> Answer + Send + 'static,
) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let server = std::thread::spawn(move || {
        (0..count)
            .map(|_| {
                let (mut stream, _) = listener.accept().expect("accept");
                let request = read_request(&mut stream);
                let (status, content_type, body) = answer(&request);
                let head = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).expect("write");
                stream.write_all(&body).expect("write");
                request
            })
            .collect()
    });
    (address, server)
}

/// The head, then as many body bytes as it announces.
fn read_request(stream: &mut std::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let read = stream.read(&mut buffer).expect("read");
        data.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                break;
            }
        }
        if read == 0 {
            break;
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

fn json(body: &str) -> Answer {
    ("200 OK", "application/json", body.as_bytes().to_vec())
}
"##;

/// Adds `test`, after the shared server, to the generated crate at `out` as
/// `tests/call.rs` and runs it.
fn run_call_test(out: &Path, test: &str) {
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    text.push_str(
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    );
    std::fs::write(&manifest, text).expect("manifest");
    std::fs::create_dir_all(out.join("tests")).expect("tests dir");
    std::fs::write(out.join("tests/call.rs"), format!("{SERVER}{test}")).expect("test file");
    cargo(out, &["test", "--quiet", "--test", "call"]);
}

/// Every authentication kind, end to end: each API gets its own credentials, in the place
/// its scheme says, and no other API's. The crate's doc examples (its operations', and
/// those the runtime's macros write for its `Client` and `Error`) compile too.
#[test]
fn each_consumed_api_gets_its_own_credentials_and_no_others() {
    let out = fixture_call_test("auth-alpha2.yaml", "fixture-auth", AUTH_CALL_TEST);
    cargo(&out, &["test", "--quiet", "--doc"]);
}

/// Generates the crate of a fixture in `dialects/`, checks it with clippy, and runs `test`
/// against it.
fn fixture_call_test(fixture: &str, name: &str, test: &str) -> PathBuf {
    let spec = root().join("codegen/tests/fixtures/dialects").join(fixture);
    let out = generate(&spec, name);
    cargo(&out, &["clippy", "--quiet", "--", "-D", "warnings"]);
    run_call_test(&out, test);
    out
}

/// Outputs read from a JSON response, a binary body and a CSV body, end to end.
#[test]
fn outputs_and_non_json_responses_reach_the_caller() {
    fixture_call_test("outputs-beta5.yml", "fixture-outputs", OUTPUTS_CALL_TEST);
}

const OUTPUTS_CALL_TEST: &str = r##"
#[tokio::test]
async fn outputs_binary_and_text() {
    let ship = br#"{"imo_number":"9321483","dimensions":{"length_overall":294.1},"year_built":2006,
        "status":{"active":"yes"},"crew":[{"name":"Ada"},{"id":7},{"name":"Grace"}],"ports":[{"code":"NLRTM"}]}"#;
    let chart: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0x00, 0xff];
    let mut answers = vec![
        ("200 OK", "application/json", ship.to_vec()),
        ("200 OK", "image/png", chart.clone()),
        ("200 OK", "text/csv", b"imo,name
9321483,Maersk
".to_vec()),
    ]
    .into_iter();
    let (address, server) = serve(3, move |_| answers.next().expect("three answers"));
    let client = fixture_outputs::Client::builder()
        .base_url(&address)
        .build()
        .expect("client");
    let output = client.get_ship("9321483").await.expect("ship");
    assert_eq!(output.imo.as_deref(), Some("9321483"));
    assert_eq!(output.length, Some(294.1));
    assert_eq!(output.built, Some(2006));
    // Another type at the path reads as absent, never as an error.
    assert_eq!(output.active, None);
    assert_eq!(output.crew, ["Ada", "Grace"]);
    assert_eq!(output.first_port, Some(serde_json::json!({"code": "NLRTM"})));
    assert_eq!(output.raw["imo_number"], "9321483");
    assert_eq!(&client.get_chart("9321483").await.expect("chart")[..], &chart[..]);
    assert_eq!(
        client.get_manifest().await.expect("manifest"),
        "imo,name
9321483,Maersk
"
    );
    server.join().expect("server thread");
}
"##;

/// XML, form, multipart and SPARQL bodies filled from arguments, as the server reads them.
#[test]
fn non_json_bodies_are_sent_as_written() {
    fixture_call_test("bodies-beta5.yml", "fixture-bodies", BODIES_CALL_TEST);
}

const BODIES_CALL_TEST: &str = r##"
fn body(request: &str) -> &str {
    request.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

#[tokio::test]
async fn bodies_are_filled_and_typed() {
    let (address, server) = serve(5, |_| json("{}"));
    let client = fixture_bodies::Client::builder().base_url(&address).build().expect("client");
    client.register_ship("9321483", "Ever <Given>").await.expect("xml");
    client.get_token("read write").await.expect("form");
    client.refresh_token("r&t=1").await.expect("form text");
    client.upload_manifest("imo,name\n1,A\n").await.expect("multipart");
    client.find_vessels("NL").await.expect("sparql");
    let requests = server.join().expect("server thread");
    let lower: Vec<String> = requests.iter().map(|r| r.to_ascii_lowercase()).collect();

    assert!(lower[0].contains("content-type: application/xml"), "{}", requests[0]);
    // Template text is sent as written: the caller's value is placed as it is.
    assert_eq!(body(&requests[0]), "<ship><imo>9321483</imo><name>Ever <Given></name></ship>");

    assert!(lower[1].contains("content-type: application/x-www-form-urlencoded"), "{}", requests[1]);
    assert_eq!(body(&requests[1]), "grant_type=client_credentials&scope=berths%3Aread+write");
    assert_eq!(body(&requests[2]), "grant_type=refresh_token&refresh_token=r%26t%3D1");

    assert!(lower[3].contains("content-type: multipart/form-data; boundary="), "{}", requests[3]);
    assert!(lower[3].contains("name=\"kind\"\r\n\r\nmanifest\r\n"), "{}", requests[3]);
    assert!(
        lower[3].contains("name=\"file\"; filename=\"manifest.csv\"\r\ncontent-type: text/csv\r\n\r\nimo,name\n1,a\n\r\n"),
        "{}",
        requests[3]
    );

    assert!(lower[4].contains("content-type: application/sparql-query"), "{}", requests[4]);
    assert_eq!(body(&requests[4]), "SELECT ?v WHERE { ?v <flag> \"NL\" }");
}
"##;

/// One server for all five APIs; each request's first lines are checked.
const AUTH_CALL_TEST: &str = r##"
fn token_or_empty(request: &str) -> Answer {
    if request.starts_with("POST /oauth/token ") {
        json(r#"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#)
    } else {
        json("{}")
    }
}

/// A builder with the credentials of every API of the fixture.
fn every_credential() -> fixture_auth::ClientBuilder {
    fixture_auth::Client::builder()
        .secret_key("harbour-token")
        .billing_basic_auth("ada", "open sesame")
        .weather_secret_key("weather-key")
        .search_secret_key("search-key")
        .fleet_ops_oauth2_client("client-1", "s3cr3t")
}

#[tokio::test]
async fn credentials_go_where_each_scheme_says() {
    let (address, server) = serve(8, token_or_empty);
    let client = every_credential()
        .fleet_ops_oauth2_token_url(format!("{address}/oauth/token"))
        .base_url(&address)
        .api_base_url("billing", &address)
        .api_base_url("weather", &address)
        .api_base_url("search", &address)
        .api_base_url("tides", &address)
        .api_base_url("fleet-ops", &address)
        .build()
        .expect("client");
    client.list_ships().await.expect("ships");
    client.list_invoices().await.expect("invoices");
    client.get_forecast("rotterdam").await.expect("forecast");
    client.find_vessels().await.expect("vessels");
    client.get_tides().await.expect("tides");
    // The first OAuth 2 call fetches a token; the second reuses it.
    client.list_dispatches().await.expect("dispatches");
    client.list_dispatches().await.expect("dispatches again");
    let requests: Vec<String> = server
        .join()
        .expect("server thread")
        .iter()
        .map(|request| request.to_ascii_lowercase())
        .collect();

    let secrets = [
        "harbour-token",
        "ywrhom9wzw4gc2vzyw1l",
        "weather-key",
        "search-key",
        "y2xpzw50lte6cznjcjn0",
        "tok-1",
    ];
    let expected: [(&str, Option<&str>); 8] = [
        ("get /ships ", Some("authorization: bearer harbour-token")),
        // base64("ada:open sesame"), lower-cased with the rest of the request
        ("get /invoices ", Some("authorization: basic ywrhom9wzw4gc2vzyw1l")),
        ("get /forecast?port=rotterdam&appid=weather-key ", None),
        ("get /vessels ", Some("x-api-key: search-key")),
        ("get /tides ", None),
        // base64("client-1:s3cr3t"): the client authenticates to the token endpoint
        ("post /oauth/token ", Some("authorization: basic y2xpzw50lte6cznjcjn0")),
        ("get /dispatch ", Some("authorization: bearer tok-1")),
        ("get /dispatch ", Some("authorization: bearer tok-1")),
    ];
    for (request, (start, credential)) in requests.iter().zip(expected) {
        assert!(request.starts_with(start), "{request}");
        if let Some(credential) = credential {
            assert!(request.contains(credential), "{request}");
        }
        // Exactly one secret per request, and never another API's.
        let carried = secrets.iter().filter(|secret| request.contains(*secret)).count();
        let owns_one = credential.is_some() || start.contains("appid");
        assert_eq!(carried, usize::from(owns_one), "{request}");
    }
    assert!(
        requests[5].ends_with(
            "grant_type=client_credentials&scope=ships%3aread+berths%3awrite&audience=https%3a%2f%2fops.example.test"
        ),
        "{}",
        requests[5]
    );
}

#[tokio::test]
async fn a_key_in_the_query_never_shows_in_a_transport_error() {
    // A port that was just free: connecting to it is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let client = every_credential()
        .api_base_url("weather", &address)
        .retry_policy(fixture_auth::RetryPolicy::none())
        .build()
        .expect("client");
    let error = client.get_forecast("rotterdam").await.expect_err("refused");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("get-forecast"), "{shown}");
    assert!(!shown.contains("weather-key"), "{shown}");
}

#[tokio::test]
async fn a_refused_oauth2_client_is_an_authentication_error() {
    let (address, server) = serve(1, |_| {
        let body = r#"{"error":"invalid_client","error_description":"unknown client","echo":"s3cr3t"}"#;
        ("401 Unauthorized", "application/json", body.as_bytes().to_vec())
    });
    let client = every_credential()
        .fleet_ops_oauth2_token_url(format!("{address}/oauth/token"))
        .api_base_url("fleet-ops", &address)
        .build()
        .expect("client");
    let error = client.list_dispatches().await.expect_err("refused");
    server.join().expect("server thread");
    let shown = format!("{error} {error:?}");
    assert!(
        matches!(error, fixture_auth::Error::Authentication { operation: "list-dispatches", .. }),
        "{shown}"
    );
    assert!(shown.contains("HTTP 401 Unauthorized: invalid_client (unknown client)"), "{shown}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

#[test]
fn a_missing_credential_is_named_before_any_request() {
    let error = fixture_auth::Client::builder()
        .secret_key("harbour-token")
        .build()
        .expect_err("billing has no credentials");
    assert_eq!(
        error.to_string(),
        "client configuration: the `billing` API needs a user name and password: call \
         `.billing_basic_auth(username, password)` or use `Client::from_env()` with \
         BILLING_USER and BILLING_PASSWORD set"
    );
}
"##;

/// A call through the generated client to the shared server.
const CALL_TEST: &str = r##"
#[tokio::test]
async fn list_organizations_reaches_the_server() {
    let (address, server) = serve(1, |_| json(r#"{"data":[],"total_count":0}"#));
    let client = organizations_call::Client::builder()
        .secret_key("sk_test_generated")
        .base_url(&address)
        .build()
        .expect("client");
    let result = client.list_organizations().await;
    let requests = server.join().expect("server thread");
    let request = &requests[0];
    assert!(request.starts_with("GET /organizations "), "{request}");
    assert!(request.to_ascii_lowercase().contains("authorization: bearer sk_test_generated"), "{request}");
    assert_eq!(result.expect("decoded")["total_count"], 0);
}
"##;
