//! The JSONPath subset output parameters may use: `$`, then member names (`.name` or
//! `['name']`), array indexes (`[0]`) and at most one wildcard (`[*]` or `.*`). That is
//! every path the published capabilities use; filters, slices and recursive descent are
//! refused with a message, so the generated client never guesses.

use crate::ir::PathStep;

/// The steps of `expression`; an empty list means the whole response (`$` or `$.`).
pub fn parse(expression: &str) -> Result<Vec<PathStep>, String> {
    let text = expression.trim();
    let Some(mut rest) = text.strip_prefix('$') else {
        return Err("a path starts with `$`".to_owned());
    };
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if rest.starts_with("..") {
            return Err("recursive descent (`..`) is not supported".to_owned());
        }
        if let Some(after) = rest.strip_prefix('.') {
            if after.is_empty() {
                // `$.` is the whole response, as capabilities often write it.
                break;
            }
            if let Some(after) = after.strip_prefix('*') {
                steps.push(PathStep::Each);
                rest = after;
                continue;
            }
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() {
                return Err("an empty member name".to_owned());
            }
            steps.push(PathStep::Key(name.to_owned()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after
                .find(']')
                .ok_or_else(|| "a `[` without its `]`".to_owned())?;
            let inner = after[..end].trim();
            steps.push(bracket(inner)?);
            rest = &after[end + 1..];
        } else {
            return Err(format!("unexpected `{rest}`"));
        }
    }
    if steps.iter().filter(|step| **step == PathStep::Each).count() > 1 {
        return Err("more than one wildcard".to_owned());
    }
    Ok(steps)
}

fn bracket(inner: &str) -> Result<PathStep, String> {
    if inner == "*" {
        return Ok(PathStep::Each);
    }
    if let Ok(index) = inner.parse::<usize>() {
        return Ok(PathStep::Index(index));
    }
    let quoted = inner
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
    match quoted {
        Some(name) if !name.contains(['\'', '"', '\\']) => Ok(PathStep::Key(name.to_owned())),
        _ => Err(format!(
            "`[{inner}]` is not supported (use a name, an index or `*`)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathStep::{Each, Index, Key};

    fn key(name: &str) -> PathStep {
        Key(name.to_owned())
    }

    #[test]
    fn reads_the_paths_capabilities_use() {
        assert_eq!(parse("$."), Ok(vec![]));
        assert_eq!(parse("$"), Ok(vec![]));
        assert_eq!(parse("$.id"), Ok(vec![key("id")]));
        assert_eq!(
            parse("$.title[0].text.content"),
            Ok(vec![key("title"), Index(0), key("text"), key("content")])
        );
        assert_eq!(
            parse("$.results[*].id"),
            Ok(vec![key("results"), Each, key("id")])
        );
        assert_eq!(
            parse("$['odd name'].items.*"),
            Ok(vec![key("odd name"), key("items"), Each])
        );
        assert_eq!(
            parse("$.get-ship.imo"),
            Ok(vec![key("get-ship"), key("imo")])
        );
    }

    #[test]
    fn refuses_what_it_cannot_compile_exactly() {
        for (path, why) in [
            ("id", "starts with `$`"),
            ("$..id", "recursive descent"),
            ("$.a[?(@.x)]", "not supported"),
            ("$.a[0:2]", "not supported"),
            ("$.a[*].b[*]", "more than one wildcard"),
            ("$.a[0", "without its `]`"),
            ("$.a..", "recursive descent"),
        ] {
            let error = parse(path).expect_err(path);
            assert!(error.contains(why), "{path}: {error}");
        }
    }
}
