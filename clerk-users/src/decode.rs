//! Decoding helpers used by generated models: lenient where the data allows it.

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

/// A list or map that may arrive as `null` (or not at all) decodes as empty.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Decodes a string enum without allocating for known values.
pub(crate) fn string_enum<'de, D, T>(
    deserializer: D,
    from_wire: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StringVisitor<T>(fn(&str) -> T);

    impl<T> Visitor<'_> for StringVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(StringVisitor(from_wire))
}

/// The string value of a union's discriminator property, if present.
pub(crate) fn tag(value: &Value, property: &str) -> Option<String> {
    value
        .get(property)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Decodes one union variant; a failure names the JSON path inside the variant.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        E::custom(format_args!("at `{path}`: {}", error.into_inner()))
    })
}
