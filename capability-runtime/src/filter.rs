//! Typed query values: `+`/`-` include/exclude filters and `order_by`.

use std::fmt;
use std::str::FromStr;

/// One value of a query filter that accepts a `+` (include) or `-` (exclude) prefix.
///
/// Plain strings convert into a filter unchanged, so `"+item_1"` and `"item_1"` still work.
///
/// ```
/// use capability_runtime::Filter;
/// assert_eq!(Filter::include("item_1").to_string(), "+item_1");
/// assert_eq!(Filter::exclude("group_2").to_string(), "-group_2");
/// assert_eq!(Filter::from("item_3").to_string(), "item_3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// Only matches of this value (`+value`).
    Include(String),
    /// Everything but matches of this value (`-value`).
    Exclude(String),
    /// The value as given, with or without a prefix of its own.
    Exact(String),
}

impl Filter {
    /// `+value`: include matches.
    pub fn include(value: impl Into<String>) -> Self {
        Self::Include(value.into())
    }

    /// `-value`: exclude matches.
    pub fn exclude(value: impl Into<String>) -> Self {
        Self::Exclude(value.into())
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Include(value) => write!(f, "+{value}"),
            Self::Exclude(value) => write!(f, "-{value}"),
            Self::Exact(value) => f.write_str(value),
        }
    }
}

impl From<&str> for Filter {
    fn from(value: &str) -> Self {
        Self::Exact(value.to_owned())
    }
}

impl From<String> for Filter {
    fn from(value: String) -> Self {
        Self::Exact(value)
    }
}

impl From<&String> for Filter {
    fn from(value: &String) -> Self {
        Self::Exact(value.clone())
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Smallest first (`+field`).
    Ascending,
    /// Largest first (`-field`).
    Descending,
}

/// A sort order: one field and, optionally, a direction (the API's default is ascending).
///
/// Fields can be given as strings or as a generated field enum (anything that is
/// `AsRef<str>`).
///
/// ```
/// use capability_runtime::OrderBy;
///
/// assert_eq!(OrderBy::desc("created_at").to_string(), "-created_at");
/// assert_eq!(OrderBy::asc("name").to_string(), "+name");
/// assert_eq!("-updated_at".parse::<OrderBy>(), Ok(OrderBy::desc("updated_at")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderBy {
    field: String,
    direction: Option<Direction>,
}

impl OrderBy {
    /// Ascending by `field` (`+field`).
    pub fn asc(field: impl AsRef<str>) -> Self {
        Self::new(field, Some(Direction::Ascending))
    }

    /// Descending by `field` (`-field`).
    pub fn desc(field: impl AsRef<str>) -> Self {
        Self::new(field, Some(Direction::Descending))
    }

    /// By `field` in the API's default direction (no prefix).
    pub fn field(field: impl AsRef<str>) -> Self {
        Self::new(field, None)
    }

    fn new(field: impl AsRef<str>, direction: Option<Direction>) -> Self {
        Self {
            field: field.as_ref().to_owned(),
            direction,
        }
    }

    /// The field name.
    pub fn field_name(&self) -> &str {
        &self.field
    }

    /// The direction, if one was given.
    pub fn direction(&self) -> Option<Direction> {
        self.direction
    }
}

impl fmt::Display for OrderBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.direction {
            Some(Direction::Ascending) => write!(f, "+{}", self.field),
            Some(Direction::Descending) => write!(f, "-{}", self.field),
            None => f.write_str(&self.field),
        }
    }
}

impl FromStr for OrderBy {
    type Err = std::convert::Infallible;

    /// `-field` is descending, `+field` ascending, anything else a field without direction.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(match text.as_bytes().first() {
            Some(b'+') => Self::asc(&text[1..]),
            Some(b'-') => Self::desc(&text[1..]),
            _ => Self::field(text),
        })
    }
}

impl From<&str> for OrderBy {
    fn from(text: &str) -> Self {
        match text.parse() {
            Ok(order) => order,
            Err(never) => match never {},
        }
    }
}

impl From<String> for OrderBy {
    fn from(text: String) -> Self {
        Self::from(text.as_str())
    }
}
