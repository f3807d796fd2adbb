//! Spec descriptions -> doc comment lines that cannot break the file or trip rustdoc.
//!
//! Text reaches the output only as string literals inside `#[doc = "..."]` attributes, which
//! `quote` escapes, so a description cannot inject code (`*/`, quotes, `#[...]` are inert).
//! What remains is Markdown hygiene: brackets that rustdoc would read as links, angle
//! brackets it would read as HTML, bare URLs, and code fences that would become doctests.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::TypeDef;

/// Builds doc comments line by line.
#[derive(Debug, Default)]
pub struct Doc {
    lines: Vec<String>,
}

impl Doc {
    /// An empty doc comment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends trusted Markdown written by the generator itself.
    pub fn line(&mut self, text: impl Into<String>) -> &mut Self {
        self.lines.push(text.into());
        self
    }

    /// Appends an empty line unless the comment is empty or already ends with one.
    pub fn blank(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self
    }

    /// Appends text from the spec, made safe for rustdoc.
    pub fn spec_text(&mut self, text: &str) -> &mut Self {
        self.lines.extend(sanitize(text));
        self
    }

    /// The `#[doc = "..."]` attributes, one per line.
    pub fn tokens(&self) -> TokenStream {
        let mut end = self.lines.len();
        while end > 0 && self.lines[end - 1].is_empty() {
            end -= 1;
        }
        self.lines[..end]
            .iter()
            .map(|line| {
                let text = if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                };
                quote!(#[doc = #text])
            })
            .collect()
    }
}

/// Spec text as doc lines: Markdown kept, but nothing rustdoc would warn about or compile.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fenced block is shown as text: examples in specs are not Rust doctests.
            let fence = &trimmed[..3];
            lines.push(if in_fence {
                fence.to_owned()
            } else {
                format!("{fence}text")
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            lines.push(escape_inline(line));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// Escapes Markdown outside inline code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut word_start = true;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if word_start && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == '<' || c == '`')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ')', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            word_start = false;
            continue;
        } else if matches!(c, '[' | ']' | '<' | '>' | '\\' | '|') {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
        word_start = c.is_whitespace() || c == '(';
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unclosed code span would swallow the following lines' escaping.
        out.push('`');
    }
    out
}

/// A model's doc: its spec description, or where a hoisted type comes from.
pub(super) fn type_doc(def: &TypeDef, rust: &str) -> Doc {
    let mut doc = Doc::new();
    match &def.description {
        Some(text) => doc.spec_text(text),
        // Hoisted types are named `Owner.field`: say where they come from.
        None if def.name.contains('.') => doc.line(format!("The type of `{}`.", def.name)),
        None => doc.line(format!("The `{rust}` object.")),
    };
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_html_and_urls_but_not_code() {
        assert_eq!(
            escape_inline("see page[size] or <b> at https://x.io/a."),
            "see page\\[size\\] or \\<b\\> at <https://x.io/a>."
        );
        assert_eq!(escape_inline("`a[0] <x>`"), "`a[0] <x>`");
        assert_eq!(escape_inline("odd `tick"), "odd `tick`");
    }

    #[test]
    fn fences_become_text_blocks() {
        let lines = sanitize("Example:\n```\nfn main() {}\n```\nend\n```js\nx");
        assert_eq!(
            lines,
            vec![
                "Example:",
                "```text",
                "fn main() {}",
                "```",
                "end",
                "```text",
                "x",
                "```"
            ]
        );
    }

    #[test]
    fn comment_terminators_stay_inert_text() {
        let mut doc = Doc::new();
        doc.spec_text("closes */ and \"quotes\" #[attr]");
        let tokens = doc.tokens().to_string();
        assert!(tokens.starts_with("# [doc = \""), "{tokens}");
        assert!(tokens.contains("\\\"quotes\\\""), "{tokens}");
    }
}
