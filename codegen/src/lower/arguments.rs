//! How what a caller passes becomes what a builder or a request model stores: one
//! decision for operation parameters and model fields alike.

use super::MemberKind;
use crate::ir::{ParamType, TypeRef};

/// The argument a setter or constructor takes, relative to what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// The stored type itself.
    AsIs,
    /// `impl Into<String>`, stored as a `String`.
    Text,
    /// `impl IntoIterator<Item = impl Into<String>>`, stored as a `Vec<String>`.
    Texts,
    /// `impl IntoIterator<Item = impl Into<Filter>>`, stored as each filter's text.
    Filters,
    /// `impl Into<OrderBy>`, stored as its text.
    OrderBy,
    /// `impl Into<Enum>` for a string enum (which text converts into), stored as its text.
    Choice,
}

impl Conversion {
    /// For a builder member.
    pub fn of_member(kind: MemberKind) -> Self {
        match kind {
            MemberKind::Param(ParamType::String) => Self::Text,
            MemberKind::Param(ParamType::Array) => Self::Texts,
            MemberKind::Filter => Self::Filters,
            MemberKind::OrderBy => Self::OrderBy,
            MemberKind::Choice => Self::Choice,
            MemberKind::Param(_) | MemberKind::Body => Self::AsIs,
        }
    }

    /// For a field of a request model.
    pub fn of_field(ty: &TypeRef) -> Self {
        match ty {
            TypeRef::String => Self::Text,
            TypeRef::Array(inner) if **inner == TypeRef::String => Self::Texts,
            _ => Self::AsIs,
        }
    }

    /// Whether the argument differs from the stored value.
    pub fn converts(self) -> bool {
        self != Self::AsIs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_lists_of_strings_take_anything_that_becomes_one() {
        assert_eq!(Conversion::of_field(&TypeRef::String), Conversion::Text);
        assert_eq!(
            Conversion::of_field(&TypeRef::Array(Box::new(TypeRef::String))),
            Conversion::Texts
        );
        assert_eq!(
            Conversion::of_field(&TypeRef::Array(Box::new(TypeRef::Integer))),
            Conversion::AsIs
        );
        assert_eq!(
            Conversion::of_member(MemberKind::Param(ParamType::String)),
            Conversion::Text
        );
        assert_eq!(
            Conversion::of_member(MemberKind::Filter),
            Conversion::Filters
        );
        assert!(!Conversion::of_member(MemberKind::Body).converts());
        assert!(Conversion::of_member(MemberKind::OrderBy).converts());
    }
}
