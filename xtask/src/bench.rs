//! `cargo xtask bench [--no-build]`: every performance figure of docs/performance.md in one
//! run, printed as the table that document holds, and drawn as `docs/performance.svg`.
//!
//! It runs the divan benches (decode, client, regen), the streaming memory bench (1,000 and
//! 100,000 users, each in its own process), times a warm `cargo check` of clerk-users, and
//! (unless `--no-build`) the clean-build comparison with clerk-rs 0.5 from
//! `bench-build`. Every ratio comes from one run of both sides. Not run in CI (minutes).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::bench_build;

/// One compared measurement: ours, the reference, and how their ratio is judged.
pub struct Row {
    pub what: &'static str,
    pub ours: (&'static str, f64),
    pub reference: (&'static str, f64),
    pub unit: &'static str,
    /// The target as `ours / reference`: at most this, or (for throughput) at least.
    pub target: f64,
    pub higher_is_better: bool,
}

impl Row {
    pub fn ratio(&self) -> f64 {
        self.ours.1 / self.reference.1.max(f64::MIN_POSITIVE)
    }

    pub fn met(&self) -> bool {
        if self.higher_is_better {
            self.ratio() >= self.target
        } else {
            self.ratio() <= self.target
        }
    }
}

pub fn run(root: &Path, with_build: bool) -> Result<(), String> {
    let decode = divan(root, &["-p", "clerk-users", "--bench", "decode"])?;
    let client = divan(root, &["-p", "clerk-users", "--bench", "client"])?;
    let regen = divan(root, &["-p", "codegen", "--bench", "regen"])?;
    let check = warm_check(root)?;
    let rss_small = stream_peak_rss(root, 1_000)?;
    let rss_large = stream_peak_rss(root, 100_000)?;

    let mut rows = decode_rows(&decode)?;
    rows.push(client_row(&client)?);
    rows.extend(regen_rows(&regen, check)?);
    rows.push(Row {
        what: "peak RSS streaming 100,000 users vs streaming 1,000",
        ours: ("100,000 users", rss_large / 1024.0),
        reference: ("1,000 users", rss_small / 1024.0),
        unit: "MiB",
        target: 1.2,
        higher_is_better: false,
    });
    if with_build {
        rows.extend(build_rows(&bench_build::measure_both(root)?));
    }
    println!("{}", table(&rows));
    let svg = root.join("docs/performance.svg");
    std::fs::write(&svg, chart(&rows)).map_err(|e| format!("{}: {e}", svg.display()))?;
    println!("bench: chart written to {}", svg.display());
    Ok(())
}

/// A bench's median in seconds, or an error naming it.
fn median(report: &str, bench: &str) -> Result<f64, String> {
    median_of(report, bench).ok_or(format!("no median for `{bench}` in the bench output"))
}

/// Typed decoding against a plain derive and against `serde_json::Value`: time and memory.
fn decode_rows(decode: &str) -> Result<Vec<Row>, String> {
    let peak = |bench: &str| {
        peak_bytes(decode, bench).ok_or(format!("no max alloc for `{bench}` in the bench output"))
    };
    let typed = median(decode, "typed_models")? * 1e3;
    Ok(vec![
        Row {
            what: "typed decode of a 500-user page vs a plain derive mirror (median)",
            ours: ("typed models", typed),
            reference: ("plain derive", median(decode, "plain_derive")? * 1e3),
            unit: "ms",
            target: 1.15,
            higher_is_better: false,
        },
        Row {
            what: "typed decode vs `serde_json::Value` (median)",
            ours: ("typed models", typed),
            reference: ("Value", median(decode, "json_value")? * 1e3),
            unit: "ms",
            target: 0.5,
            higher_is_better: false,
        },
        Row {
            what: "peak allocation decoding that page vs plain derive",
            ours: ("typed models", peak("typed_models")? / 1e6),
            reference: ("plain derive", peak("plain_derive")? / 1e6),
            unit: "MB",
            target: 1.05,
            higher_is_better: false,
        },
    ])
}

/// Our client's throughput against raw reqwest on the same local server.
fn client_row(client: &str) -> Result<Row, String> {
    Ok(Row {
        what: "1,000 calls: throughput vs raw reqwest (median time, inverted)",
        ours: (
            "raw reqwest",
            median(client, "raw_reqwest_1000_calls")? * 1e3,
        ),
        reference: ("our client", median(client, "our_client_1000_calls")? * 1e3),
        unit: "ms",
        target: 0.95,
        higher_is_better: true,
    })
}

/// Regeneration against a warm `cargo check`, and its cost per operation as specs grow.
fn regen_rows(regen: &str, check: f64) -> Result<Vec<Row>, String> {
    let per_op = |arg: &str, operations: f64| {
        median_of_arg(regen, "regen_synthetic", arg)
            .map(|seconds| seconds * 1e3 / operations)
            .ok_or(format!(
                "no median for regen_synthetic({arg}) in the bench output"
            ))
    };
    Ok(vec![
        Row {
            what: "full regen vs warm `cargo check -p clerk-users`",
            ours: ("regen", median(regen, "regen_users_spec")? * 1e3),
            reference: ("cargo check", check * 1e3),
            unit: "ms",
            target: 0.03,
            higher_is_better: false,
        },
        Row {
            what: "regen time per operation: 5,000-operation spec vs 50-operation spec",
            ours: ("5,000 operations", per_op("5000", 5000.0)?),
            reference: ("50 operations", per_op("50", 50.0)?),
            unit: "ms/op",
            target: 1.5,
            higher_is_better: false,
        },
    ])
}

/// Clean builds of our Clerk crates against clerk-rs 0.5, from one `bench-build` run.
fn build_rows(builds: &bench_build::Builds) -> Vec<Row> {
    let theirs = builds.theirs.full_tree.as_secs_f64();
    vec![
        Row {
            what: "clean build, whole tree: users + sessions + organizations + clerk-auth (default, aws-lc-rs) vs clerk-rs 0.5",
            ours: ("ours", builds.ours.full_tree.as_secs_f64()),
            reference: ("clerk-rs 0.5", theirs),
            unit: "s",
            target: 1.0,
            higher_is_better: false,
        },
        Row {
            what: "clean build, whole tree: users + sessions + organizations (`rustls-ring`) vs clerk-rs 0.5",
            ours: ("ours, ring", builds.ours_ring.full_tree.as_secs_f64()),
            reference: ("clerk-rs 0.5", theirs),
            unit: "s",
            target: 0.50,
            higher_is_better: false,
        },
        Row {
            what: "clean build, crates alone: three clients + clerk-auth + clerk-core + runtime vs clerk-rs 0.5",
            ours: ("ours", builds.ours.crate_alone.as_secs_f64()),
            reference: ("clerk-rs 0.5", builds.theirs.crate_alone.as_secs_f64()),
            unit: "s",
            target: 0.50,
            higher_is_better: false,
        },
    ]
}

/// The peak resident set, in KiB, of a process that streams `users` users from a local
/// server (`benches/stream_memory.rs`).
fn stream_peak_rss(root: &Path, users: u32) -> Result<f64, String> {
    let count = users.to_string();
    let output = divan(
        root,
        &[
            "-p",
            "clerk-users",
            "--bench",
            "stream_memory",
            "--",
            &count,
        ],
    )?;
    peak_rss_kib(&output).ok_or(format!(
        "no peak RSS in the stream_memory output for {users} users:\n{output}"
    ))
}

/// Reads `stream_memory: N users, peak RSS K KiB`.
pub fn peak_rss_kib(output: &str) -> Option<f64> {
    output
        .lines()
        .find_map(|line| line.split_once("peak RSS ")?.1.strip_suffix(" KiB"))?
        .parse()
        .ok()
}

/// Runs one bench and returns its output.
fn divan(root: &Path, args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .arg("bench")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo bench {}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Seconds a `cargo check -p clerk-users` takes after touching its `lib.rs` (dependencies
/// already checked): the edit-compile loop a regen competes with.
fn warm_check(root: &Path) -> Result<f64, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = || {
        Command::new(&cargo)
            .args(["check", "--quiet", "-p", "clerk-users"])
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo check: {e}"))
    };
    check()?;
    let lib = root.join("clerk-users/src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, &text).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = check()?;
    if !status.success() {
        return Err("cargo check -p clerk-users failed".to_owned());
    }
    Ok(started.elapsed().as_secs_f64())
}

/// The name a divan row starts with, after the tree's drawing characters.
fn row_name(cell: &str) -> Option<&str> {
    cell.trim_start_matches(['├', '╰', '─', ' ', '│'])
        .split_whitespace()
        .next()
}

/// The divan row of `bench`: its cells, split on the table's column bars.
fn row_cells<'a>(report: &'a str, bench: &str) -> Option<(usize, Vec<&'a str>)> {
    report.lines().enumerate().find_map(|(index, line)| {
        let cells: Vec<&str> = line.split('│').collect();
        (row_name(cells.first()?)? == bench && cells.len() >= 4).then_some((index, cells))
    })
}

/// The median time of `bench` run with the argument `arg` (divan nests those rows under
/// the bench's name), in seconds.
pub fn median_of_arg(report: &str, bench: &str, arg: &str) -> Option<f64> {
    let (index, _) = row_cells(report, bench)?;
    report.lines().skip(index + 1).find_map(|line| {
        let cells: Vec<&str> = line.split('│').collect();
        (row_name(cells.get(1)?)? == arg && cells.len() >= 4)
            .then(|| parse_quantity(cells.get(3)?))
            .flatten()
    })
}

/// The median time of `bench`, in seconds.
pub fn median_of(report: &str, bench: &str) -> Option<f64> {
    let (_, cells) = row_cells(report, bench)?;
    parse_quantity(cells.get(2)?)
}

/// The median peak allocation of `bench` in bytes (divan's `max alloc` bytes line).
pub fn peak_bytes(report: &str, bench: &str) -> Option<f64> {
    let (index, _) = row_cells(report, bench)?;
    let lines: Vec<&str> = report.lines().skip(index + 1).take(8).collect();
    let at = lines.iter().position(|line| line.contains("max alloc:"))?;
    // The line after the label counts allocations; the next one holds their size.
    let sizes = lines.get(at + 2)?;
    parse_quantity(sizes.split('│').nth(3)?)
}

/// `2.691 ms` -> 0.002691; `2.633 MB` -> 2_633_000.0.
pub fn parse_quantity(cell: &str) -> Option<f64> {
    let mut parts = cell.split_whitespace().rev();
    let unit = parts.next()?;
    let value: f64 = parts.next()?.parse().ok()?;
    let scale = match unit {
        "ns" => 1e-9,
        "µs" | "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1.0,
        "B" => 1.0,
        "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| measure | ours | reference | ratio | target | met |\n|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let target = if row.higher_is_better {
            format!(">= {:.2}", row.target)
        } else {
            format!("<= {:.2}", row.target)
        };
        let _ = writeln!(
            out,
            "| {} | {} {:.2} {} | {} {:.2} {} | {:.2} | {target} | {} |",
            row.what,
            row.ours.0,
            row.ours.1,
            row.unit,
            row.reference.0,
            row.reference.1,
            row.unit,
            row.ratio(),
            if row.met() { "yes" } else { "**no**" }
        );
    }
    out
}

/// A bar chart: per row, ours and the reference, scaled to the larger of the two, with
/// the ratio and whether it meets its target.
pub fn chart(rows: &[Row]) -> String {
    const WIDTH: f64 = 760.0;
    const LABEL: f64 = 250.0;
    const BAR: f64 = 16.0;
    const GROUP: f64 = 66.0;
    let height = 40.0 + GROUP * rows.len() as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">clerk-users: each measure against its reference (one run, same machine)</text>\n"
    );
    let span = WIDTH - LABEL - 120.0;
    for (index, row) in rows.iter().enumerate() {
        let top = 40.0 + GROUP * index as f64;
        let largest = row.ours.1.max(row.reference.1).max(f64::MIN_POSITIVE);
        let _ = writeln!(
            svg,
            "<text x=\"10\" y=\"{:.0}\" font-weight=\"bold\">{}</text>",
            top + 12.0,
            escape(row.what)
        );
        for (slot, (name, value), color) in
            [(0.0, row.ours, "#2f6fbf"), (1.0, row.reference, "#9aa5b1")]
        {
            let y = top + 18.0 + slot * (BAR + 4.0);
            let width = (value / largest * span).max(1.0);
            let _ = writeln!(
                svg,
                "<text x=\"10\" y=\"{:.0}\">{}</text>\
                 <rect x=\"{LABEL}\" y=\"{y:.0}\" width=\"{width:.1}\" height=\"{BAR}\" fill=\"{color}\"/>\
                 <text x=\"{:.1}\" y=\"{:.0}\">{value:.2} {}</text>",
                y + 12.0,
                escape(name),
                LABEL + width + 6.0,
                y + 12.0,
                row.unit
            );
        }
        let verdict = if row.met() { "met" } else { "not met" };
        let sign = if row.higher_is_better { ">=" } else { "<=" };
        let summary = format!(
            "ratio {:.2} (target {sign} {:.2}, {verdict})",
            row.ratio(),
            row.target
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\" fill=\"{}\">{}</text>",
            WIDTH - 10.0,
            top + 12.0,
            if row.met() { "#1a7f37" } else { "#b42318" },
            escape(&summary)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "\
decode             fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ plain_derive    1.625 ms      │ 1.934 ms      │ 1.714 ms      │ 1.724 ms      │ 100     │ 100
│                  563.8 MB/s    │ 473.8 MB/s    │ 534.7 MB/s    │ 531.4 MB/s    │         │
│                  max alloc:    │               │               │               │         │
│                    13501       │ 13501         │ 13501         │ 13501         │         │
│                    2.037 MB    │ 2.037 MB      │ 2.037 MB      │ 2.037 MB      │         │
╰─ typed_models    2.555 ms      │ 3.137 ms      │ 2.691 ms      │ 2.705 ms      │ 100     │ 100
";

    #[test]
    fn reads_the_peak_rss_line() {
        let output =
            "Running benches/stream_memory.rs\nstream_memory: 1000 users, peak RSS 16312 KiB\n";
        assert_eq!(peak_rss_kib(output), Some(16312.0));
        assert_eq!(
            peak_rss_kib("stream_memory: 1000 users, peak RSS unavailable (not Linux)"),
            None
        );
    }

    #[test]
    fn reads_medians_and_peaks_from_divan_output() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
        assert!(close(
            median_of(REPORT, "plain_derive").expect("median"),
            0.001714
        ));
        assert!(close(
            median_of(REPORT, "typed_models").expect("median"),
            0.002691
        ));
        assert!(close(
            peak_bytes(REPORT, "plain_derive").expect("peak"),
            2_037_000.0
        ));
        assert_eq!(median_of(REPORT, "missing"), None);
        assert_eq!(parse_quantity("12 furlongs"), None);
    }

    #[test]
    fn reads_the_rows_of_a_bench_with_arguments() {
        let report = "\
regen                fastest       │ slowest       │ median        │ mean          │ samples │ iters
├─ regen_synthetic                 │               │               │               │         │
│  ├─ 50             15.89 ms      │ 18.27 ms      │ 16.37 ms      │ 16.67 ms      │ 10      │ 10
│  ╰─ 5000           2.664 s       │ 2.867 s       │ 2.769 s       │ 2.773 s       │ 10      │ 10
╰─ regen_users_spec  58.03 ms      │ 105 ms        │ 63.83 ms      │ 64.9 ms       │ 100     │ 100
";
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(
            median_of_arg(report, "regen_synthetic", "50").expect("50"),
            0.01637
        ));
        assert!(close(
            median_of_arg(report, "regen_synthetic", "5000").expect("5000"),
            2.769
        ));
        assert!(close(
            median_of(report, "regen_users_spec").expect("users"),
            0.06383
        ));
    }

    #[test]
    fn the_chart_holds_every_row_and_verdict() {
        let rows = [Row {
            what: "a <b> & c",
            ours: ("ours", 1.0),
            reference: ("theirs", 4.0),
            unit: "s",
            target: 0.5,
            higher_is_better: false,
        }];
        let svg = chart(&rows);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("a &lt;b&gt; &amp; c"));
        assert!(svg.contains("ratio 0.25 (target &lt;= 0.50, met)"), "{svg}");
        // Every `<` in the text is markup: the document stays well-formed.
        assert!(!svg.contains("<= "), "{svg}");
    }
}
