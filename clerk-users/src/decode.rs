//! Decoding helpers used by generated models: lenient where the data allows it.

use serde::de::{self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
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

/// A union member kept as its raw JSON text: one copy, instead of a `Value` tree, until
/// its tag says which type to decode it as.
pub(crate) type RawJson = Box<serde_json::value::RawValue>;

/// The string value of a union's discriminator property, if the object has one.
pub(crate) fn tag<E: de::Error>(raw: &RawJson, property: &str) -> Result<Option<String>, E> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    TagProbe { property }
        .deserialize(&mut deserializer)
        .map_err(E::custom)
}

/// Decodes one union member as `T`; a failure names the JSON path inside it.
pub(crate) fn variant<T: DeserializeOwned, E: de::Error>(raw: &RawJson) -> Result<T, E> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        E::custom(format_args!("at `{path}`: {}", error.into_inner()))
    })
}

/// A union member this version does not know, kept whole.
pub(crate) fn unknown<E: de::Error>(raw: &RawJson) -> Result<Value, E> {
    serde_json::from_str(raw.get()).map_err(E::custom)
}

/// Reads one property of an object as a string, skipping everything else unparsed.
struct TagProbe<'p> {
    property: &'p str,
}

impl<'de> DeserializeSeed<'de> for TagProbe<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TagProbe<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut tag = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.property {
                tag = match map.next_value::<Value>()? {
                    Value::String(text) => Some(text),
                    _ => None,
                };
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(tag)
    }

    // Anything but an object has no tag: it stays an unknown member.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}
