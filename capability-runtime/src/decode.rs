//! Decoding helpers used by generated models: lenient where the data allows it.

use serde::de::{self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
use serde_json::Value;

/// A list or map that may arrive as `null` (or not at all) decodes as empty.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// A list that may arrive as `null` (or not at all) decodes as empty, and is held in exactly
/// as much memory as its items need.
///
/// Lists inside API objects are short (a user's one or two e-mail addresses): serde's own
/// `Vec` decoding gives the first item room for four, which for a 400-byte element is most
/// of the memory a decoded page holds. Here room grows from one, and a list that ends with
/// spare room gives it back.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ListVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list or null")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
            deserializer.deserialize_seq(self)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                if items.len() == items.capacity() {
                    // Doubling, but from one: a list of one item takes one slot.
                    items.reserve_exact(items.len().max(1));
                }
                items.push(item);
            }
            if items.capacity() > items.len() {
                items.shrink_to_fit();
            }
            Ok(items)
        }
    }

    deserializer.deserialize_option(ListVisitor(std::marker::PhantomData))
}

/// Decodes a string enum without allocating for known values.
pub fn string_enum<'de, D, T>(deserializer: D, from_wire: fn(&str) -> T) -> Result<T, D::Error>
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
pub type RawJson = Box<serde_json::value::RawValue>;

/// What a union member says about itself: the value of its discriminator and of the
/// properties its variants are recognised by when the discriminator is missing.
pub struct Probe {
    tag: Option<String>,
    seen: Vec<Seen>,
}

/// A probed property's value.
#[derive(Clone)]
enum Seen {
    /// Missing or `null`.
    Absent,
    Text(String),
    /// A number, boolean, list or object.
    Other,
}

impl Probe {
    /// The discriminator's value, if the member has one and it is a string.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// Whether the `property`-th probed property matches one of `patterns`: exact text,
    /// `prefix*`, or `*` for any value but `null`.
    pub fn matches(&self, property: usize, patterns: &[&str]) -> bool {
        match self.seen.get(property) {
            Some(Seen::Text(value)) => patterns.iter().any(|pattern| match pattern {
                &"*" => true,
                pattern => match pattern.strip_suffix('*') {
                    Some(prefix) => value.starts_with(prefix),
                    None => pattern == value,
                },
            }),
            Some(Seen::Other) => patterns.contains(&"*"),
            Some(Seen::Absent) | None => false,
        }
    }
}

/// Reads a union member's discriminator `tag` and the `properties` its variants may be
/// inferred from, skipping everything else unparsed.
pub fn probe<E: de::Error>(raw: &RawJson, tag: &str, properties: &[&str]) -> Result<Probe, E> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    Prober { tag, properties }
        .deserialize(&mut deserializer)
        .map_err(E::custom)
}

/// Decodes one union member as `T`; a failure names the JSON path inside it (found from
/// the error's position: crate::json_path).
pub fn variant<T: DeserializeOwned, E: de::Error>(raw: &RawJson) -> Result<T, E> {
    serde_json::from_str(raw.get()).map_err(|error| {
        let path = crate::json_path::of_error(raw.get().as_bytes(), &error);
        E::custom(format_args!("at `{path}`: {error}"))
    })
}

/// Tries one union member as `T`, for unions without a tag: a failure only means "not
/// this variant", so it is not decoded again to name a path.
#[allow(
    dead_code,
    reason = "the runtime is shared by every generated crate; this spec's unions have tags"
)]
pub fn try_variant<T: DeserializeOwned>(raw: &RawJson) -> Option<T> {
    serde_json::from_str(raw.get()).ok()
}

/// A union member this version does not know, kept whole.
pub fn unknown<E: de::Error>(raw: &RawJson) -> Result<Value, E> {
    serde_json::from_str(raw.get()).map_err(E::custom)
}

/// A union decoded by a tag property, in one pass over the object: entries before the tag
/// are kept as JSON values, then replayed with the tag and the rest into the variant's
/// decoder. An object without the tag (or anything else) goes the slower way, which can
/// infer a variant from other properties.
pub trait TaggedUnion: Sized {
    /// The tag property, e.g. `object`.
    const TAG: &'static str;

    /// Decodes the variant `tag` names (or `Unknown`) from the whole object.
    fn variant<'de, D: Deserializer<'de>>(tag: &str, object: D) -> Result<Self, D::Error>;

    /// Decodes a buffered value: inferred or unknown.
    fn from_raw<E: de::Error>(raw: RawJson) -> Result<Self, E>;
}

/// `Deserialize` for a [`TaggedUnion`].
pub fn tagged_union<'de, D: Deserializer<'de>, T: TaggedUnion>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(UnionVisitor(std::marker::PhantomData))
}

struct UnionVisitor<T>(std::marker::PhantomData<T>);

impl<T: TaggedUnion> UnionVisitor<T> {
    fn buffered<E: de::Error>(value: &Value) -> Result<T, E> {
        let raw = serde_json::value::to_raw_value(value).map_err(E::custom)?;
        T::from_raw(raw)
    }
}

impl<'de, T: TaggedUnion> Visitor<'de> for UnionVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Objects put a few entries before their tag, if any: kept inline, not allocated.
        let mut before: Before<'de> = smallvec::SmallVec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.0 != T::TAG {
                let value: Value = map.next_value()?;
                before.push((key, value));
                continue;
            }
            match map.next_value::<TagValue<'de>>()? {
                TagValue::Text(tag) => {
                    let object = de::value::MapAccessDeserializer::new(Replay {
                        before: before.into_iter(),
                        tag: Some((key, &tag)),
                        rest: map,
                        pending: None,
                    });
                    return T::variant(&tag, object);
                }
                TagValue::Other(value) => before.push((key, value)),
            }
        }
        // No tag (or one that is not text): the slower way, from the whole object.
        let object = before
            .into_iter()
            .map(|(key, value)| (key.0.into_owned(), value))
            .collect();
        Self::buffered(&Value::Object(object))
    }

    // Anything but an object has no tag: the slower way keeps it as an unknown member.
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<T, E> {
        Self::buffered(&Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Self::buffered(&Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        Self::buffered(&Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        Self::buffered(&Value::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Self::buffered(&Value::from(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Self::buffered(&Value::Null)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Self::buffered(&Value::Array(items))
    }
}

/// An object key, borrowed from the input unless it had to be unescaped: reading the keys
/// before a union's tag allocates nothing.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The entries of an object read before its tag.
type Before<'de> = smallvec::SmallVec<[(Key<'de>, Value); 4]>;

/// A tag's value: text (borrowed from the input where it can be), or anything else, which
/// is no tag.
enum TagValue<'de> {
    Text(std::borrow::Cow<'de, str>),
    Other(Value),
}

impl<'de> Deserialize<'de> for TagValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;

        impl<'de> Visitor<'de> for TagVisitor {
            type Value = TagValue<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Owned(text)))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Bool(value)))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(value)))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(value)))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::from(value)))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Null))
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(Value::Null))
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
                inner.deserialize_any(self)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(TagValue::Other)
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(TagValue::Other)
            }
        }

        deserializer.deserialize_any(TagVisitor)
    }
}

/// An object played back: the entries read before the tag, the tag, then the rest
/// straight from the source.
struct Replay<'t, 'de, A> {
    before: smallvec::IntoIter<[(Key<'de>, Value); 4]>,
    /// The tag's key and text.
    tag: Option<(Key<'de>, &'t str)>,
    rest: A,
    /// The key just played back, and its value.
    pending: Option<(Key<'de>, Replayed<'t>)>,
}

/// A value played back: one read before the tag, or the tag's text.
enum Replayed<'t> {
    Value(Value),
    Tag(&'t str),
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Replay<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let replayed = match self.before.next() {
            Some((key, value)) => Some((key, Replayed::Value(value))),
            None => self.tag.take().map(|(key, tag)| (key, Replayed::Tag(tag))),
        };
        match replayed {
            Some((key, value)) => {
                let replayed = seed
                    .deserialize(de::value::StrDeserializer::<A::Error>::new(&key.0))
                    .map(Some);
                self.pending = Some((key, value));
                replayed
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            // Played-back values are not seen by path tracking: their errors name the key.
            Some((key, Replayed::Value(value))) => seed
                .deserialize(value)
                .map_err(|error| de::Error::custom(format_args!("at `{}`: {error}", key.0))),
            Some((_, Replayed::Tag(tag))) => seed.deserialize(TagText::<A::Error> {
                text: tag,
                error: std::marker::PhantomData,
            }),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A union's tag played back to its variant: text, which a field typed `Option<..>` reads as
/// present (serde's plain string deserializer would refuse it).
struct TagText<'t, E> {
    text: &'t str,
    error: std::marker::PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for TagText<'_, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_str(self.text)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        de::value::StrDeserializer::<E>::new(self.text).deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// Reads the probed properties of an object, skipping everything else unparsed.
struct Prober<'p> {
    tag: &'p str,
    properties: &'p [&'p str],
}

impl<'de> DeserializeSeed<'de> for Prober<'_> {
    type Value = Probe;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Prober<'_> {
    fn nothing(&self) -> Probe {
        Probe {
            tag: None,
            seen: vec![Seen::Absent; self.properties.len()],
        }
    }
}

impl<'de> Visitor<'de> for Prober<'_> {
    type Value = Probe;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut probe = self.nothing();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if key == self.tag {
                probe.tag = match map.next_value::<Value>()? {
                    Value::String(text) => Some(text),
                    _ => None,
                };
            } else if let Some(index) = self.properties.iter().position(|p| *p == key) {
                probe.seen[index] = match map.next_value::<Value>()? {
                    Value::Null => Seen::Absent,
                    Value::String(text) => Seen::Text(text),
                    _ => Seen::Other,
                };
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(probe)
    }

    // Anything but an object has no tag: it stays an unknown member.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(self.nothing())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(self.nothing())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(self.nothing())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(self.nothing())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(self.nothing())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.nothing())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(self.nothing())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe_of(json: &str, properties: &[&str]) -> Probe {
        let raw: RawJson = serde_json::from_str(json).expect("json");
        probe::<serde_json::Error>(&raw, "object", properties).expect("probes")
    }

    #[test]
    fn reads_the_tag_and_the_probed_properties_only() {
        let probe = probe_of(
            r#"{"strategy":"oauth_google","object":"verification_oauth","other":{"deep":[1]},"url":null}"#,
            &["strategy", "url", "absent"],
        );
        assert_eq!(probe.tag(), Some("verification_oauth"));
        assert!(probe.matches(0, &["oauth_google"]));
        assert!(probe.matches(0, &["saml", "oauth_*"]));
        assert!(!probe.matches(0, &["from_oauth_*", "oauth"]));
        assert!(probe.matches(0, &["*"]));
        assert!(!probe.matches(1, &["*"]), "null is absent");
        assert!(!probe.matches(2, &["*"]));
        assert!(
            !probe.matches(3, &["*"]),
            "an index past the list matches nothing"
        );
    }

    #[test]
    fn a_tag_that_is_not_text_and_values_that_are_not_text() {
        let probe = probe_of(r#"{"object":7,"count":3}"#, &["count"]);
        assert_eq!(probe.tag(), None);
        assert!(probe.matches(0, &["*"]), "any non-null value is present");
        assert!(!probe.matches(0, &["3"]), "patterns match text only");
    }

    /// A two-variant union, written as the generator writes them.
    #[derive(Debug, PartialEq)]
    enum Shape {
        Circle(Circle),
        Unknown(Value),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Circle {
        object: Option<String>,
        radius: u32,
        #[serde(default)]
        label: Option<String>,
    }

    impl TaggedUnion for Shape {
        const TAG: &'static str = "object";

        fn variant<'de, D: Deserializer<'de>>(tag: &str, object: D) -> Result<Self, D::Error> {
            match tag {
                "circle" => Ok(Self::Circle(Deserialize::deserialize(object)?)),
                _ => Ok(Self::Unknown(Deserialize::deserialize(object)?)),
            }
        }

        fn from_raw<E: de::Error>(raw: RawJson) -> Result<Self, E> {
            let probe = probe::<E>(&raw, "object", &[])?;
            match probe.tag() {
                Some("circle") => Ok(Self::Circle(variant(&raw)?)),
                _ => Ok(Self::Unknown(unknown(&raw)?)),
            }
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            tagged_union(deserializer)
        }
    }

    #[test]
    fn a_tagged_union_decodes_the_same_wherever_its_tag_is() {
        let circle = Shape::Circle(Circle {
            object: Some("circle".into()),
            radius: 3,
            label: Some("a".into()),
        });
        for json in [
            r#"{"object":"circle","radius":3,"label":"a"}"#,
            r#"{"radius":3,"object":"circle","label":"a"}"#,
            r#"{"label":"a","radius":3,"object":"circle"}"#,
        ] {
            assert_eq!(
                serde_json::from_str::<Shape>(json).expect(json),
                circle,
                "{json}"
            );
        }
        let square = r#"{"side":2,"object":"square"}"#;
        assert_eq!(
            serde_json::from_str::<Shape>(square).expect("unknown"),
            Shape::Unknown(serde_json::json!({"object": "square", "side": 2}))
        );
        for json in ["[1]", "\"text\"", "7", "{}", r#"{"object":7,"radius":1}"#] {
            assert!(
                matches!(serde_json::from_str::<Shape>(json), Ok(Shape::Unknown(_))),
                "{json}"
            );
        }
        // A bad field of a known variant is an error wherever the tag is.
        for json in [
            r#"{"object":"circle","radius":"big"}"#,
            r#"{"radius":"big","object":"circle"}"#,
        ] {
            assert!(serde_json::from_str::<Shape>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn values_that_are_not_objects_have_nothing_to_probe() {
        for json in ["[1,2]", "\"text\"", "null", "true", "1.5"] {
            let probe = probe_of(json, &["strategy"]);
            assert_eq!(probe.tag(), None, "{json}");
            assert!(!probe.matches(0, &["*"]), "{json}");
        }
    }
}
