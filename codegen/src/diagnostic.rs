//! Problems found in the input, located in the source file and in the document tree.

use std::fmt;

/// How bad a problem is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation continues; the output may lack what the warning names.
    Warning,
    /// Generation produces no files.
    Error,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
}

/// One segment of a path inside the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// Where a node sits in the document, e.g. `capability.consumes[0].resources[2]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPath(Vec<Segment>);

impl DocPath {
    /// The document root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_owned()));
        next
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    /// The enclosing node's path, or `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let mut parent = self.clone();
        parent.0.pop().map(|_| parent)
    }

    /// The path's segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

impl FromIterator<Segment> for DocPath {
    fn from_iter<I: IntoIterator<Item = Segment>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) if is_plain_key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => write!(f, "[{key:?}]")?,
            }
        }
        Ok(())
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// One problem in the input, with everything a user needs to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether generation can go on.
    pub severity: Severity,
    /// The input file, as the caller named it.
    pub file: String,
    /// Line and column in `file`, where known.
    pub position: Option<Position>,
    /// The node's path inside the document.
    pub path: DocPath,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        match self.position {
            Some(Position { line, column }) => write!(f, "  --> {}:{line}:{column}", self.file)?,
            None => write!(f, "  --> {}", self.file)?,
        }
        write!(f, " at {}", self.path)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_document() {
        let path = DocPath::root()
            .key("capability")
            .key("consumes")
            .index(0)
            .key("resources")
            .index(2);
        assert_eq!(path.to_string(), "capability.consumes[0].resources[2]");
        assert_eq!(
            DocPath::root().key("keys").key("a.b").to_string(),
            "keys[\"a.b\"]"
        );
        assert_eq!(DocPath::root().to_string(), "(document root)");
    }

    #[test]
    fn display_names_file_line_path_and_help() {
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            file: "specs/x.yaml".into(),
            position: Some(Position {
                line: 12,
                column: 7,
            }),
            path: DocPath::root().key("naftiko"),
            message: "missing version".into(),
            help: Some("add `naftiko: 1.0.0-alpha2`".into()),
        };
        assert_eq!(
            diagnostic.to_string(),
            "error: missing version\n  --> specs/x.yaml:12:7 at naftiko\n  = help: add `naftiko: 1.0.0-alpha2`"
        );
    }
}
