//! The runtime serves clients of any API: its code names none.

#[test]
fn the_runtime_names_no_api() {
    let mut pending = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    let mut files = 0;
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).expect("src exists") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            files += 1;
            for (number, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                assert!(
                    !code.to_ascii_lowercase().contains("clerk"),
                    "{}:{}: the runtime must stay generic: {line}",
                    path.display(),
                    number + 1
                );
            }
        }
    }
    assert!(files >= 10, "read only {files} files");
}
