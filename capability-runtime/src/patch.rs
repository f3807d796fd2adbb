//! Tri-state fields for PATCH bodies: leave unchanged, clear (`null`), or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a PATCH request that can be left out, sent as `null` to clear the stored
/// value, or set.
///
/// Generated request builders set it for you (`.name("ada")`, `.clear_name()`); fields you do
/// not touch stay [`Patch::Unchanged`] and are not sent.
///
/// ```
/// use capability_runtime::Patch;
/// let keep: Patch<String> = Patch::Unchanged;
/// let clear: Patch<String> = Patch::Clear;
/// let set = Patch::Set("ada".to_owned());
/// assert!(keep.is_unchanged());
/// assert_eq!(serde_json::to_string(&clear).unwrap(), "null");
/// assert_eq!(serde_json::to_string(&set).unwrap(), "\"ada\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Patch<T> {
    /// Not sent: the stored value stays as it is.
    #[default]
    Unchanged,
    /// Sent as `null`: the stored value is removed.
    Clear,
    /// Sent as this value.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the field is left out of the request.
    pub fn is_unchanged(&self) -> bool {
        matches!(self, Self::Unchanged)
    }

    /// The value being set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Unchanged | Self::Clear => None,
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `None` clears, `Some` sets.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Clear, Self::Set)
    }
}

impl<T> From<Patch<T>> for Option<T> {
    fn from(value: Patch<T>) -> Self {
        match value {
            Patch::Set(value) => Some(value),
            Patch::Unchanged | Patch::Clear => None,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Unchanged fields are skipped by `skip_serializing_if`; alone they read as null.
            Self::Unchanged | Self::Clear => serializer.serialize_none(),
            Self::Set(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// A present `null` is `Clear`; an absent field is `Unchanged` (via `#[serde(default)]`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}
