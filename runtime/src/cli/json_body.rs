//! A JSON body as the command line gives it (`--body`, with the body flags over it), read as the
//! operation's type: fields the spec does not define are refused, and so are arrays where the
//! type is an object, which serde would otherwise read field by field, in order.

use api_vocab::json_kind;
use serde::Deserializer;
use serde::de::{DeserializeOwned, Visitor};
use serde_json::Value;

use crate::error::Error;

/// Reads `value` as a `T`, refusing unknown fields and arrays where `T` has an object (at any
/// depth). Errors name the place, never a value of it.
pub(super) fn read_known<T: DeserializeOwned + serde::Serialize>(value: Value) -> Result<T, Error> {
    if !value.is_object() && reads_an_object::<T>() {
        return Err(Error::Build(format!("body: expected an object, not {}", json_kind(&value))));
    }
    let mut unknown = Vec::new();
    let read: Result<T, _> = serde_ignored::deserialize(&value, |path| unknown.push(path.to_string()));
    if let Some(field) = unknown.first() {
        return Err(Error::Build(format!("body: unknown field `{field}`")));
    }
    let read = read.map_err(|e| Error::Build(format!("body: {e}")))?;
    // Below the top, the body as read, written again, shows where an array was read as an object.
    let written = serde_json::to_value(&read).map_err(|e| Error::Build(format!("body: {e}")))?;
    if let Some(at) = array_read_as_object(&value, &written) {
        return Err(Error::Build(format!("body{at}: expected an object, not an array")));
    }
    Ok(read)
}

/// Where `given` holds an array that was read as the object `read` holds there: `""` at the top,
/// `.field[2]` below it.
fn array_read_as_object(given: &Value, read: &Value) -> Option<String> {
    match (given, read) {
        (Value::Array(_), Value::Object(_)) => Some(String::new()),
        (Value::Array(given), Value::Array(read)) => given
            .iter()
            .zip(read)
            .enumerate()
            .find_map(|(index, (given, read))| array_read_as_object(given, read).map(|at| format!("[{index}]{at}"))),
        (Value::Object(given), Value::Object(read)) => given.iter().find_map(|(key, given)| {
            read.get(key).and_then(|read| array_read_as_object(given, read)).map(|at| format!(".{key}{at}"))
        }),
        _ => None,
    }
}

/// Whether a `T` is read from an object (a struct or a map), asked of `T` itself: what its
/// `Deserialize` asks for first.
pub(super) fn reads_an_object<T: DeserializeOwned>() -> bool {
    matches!(T::deserialize(Probe), Err(Asked { object: true }))
}

/// A deserializer that holds nothing and says what it was asked for.
struct Probe;

#[derive(Debug)]
struct Asked {
    object: bool,
}

impl std::fmt::Display for Asked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.object { "an object" } else { "a value" })
    }
}

impl std::error::Error for Asked {}

impl serde::de::Error for Asked {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Asked { object: false }
    }
}

impl<'de> Deserializer<'de> for Probe {
    type Error = Asked;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
        Err(Asked { object: false })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Asked> {
        Err(Asked { object: true })
    }

    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
        Err(Asked { object: true })
    }

    /// An optional body is read as what it holds.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Asked> {
        visitor.visit_some(self)
    }

    /// A wrapper is read as what it wraps.
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Asked> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(serde::Deserialize, serde::Serialize)]
    struct Thing {
        name: String,
    }

    #[test]
    fn the_type_says_whether_it_is_read_from_an_object() {
        assert!(reads_an_object::<Thing>());
        assert!(reads_an_object::<Option<Thing>>());
        assert!(reads_an_object::<BTreeMap<String, u32>>());
        assert!(!reads_an_object::<Vec<Thing>>());
        assert!(!reads_an_object::<String>());
        assert!(!reads_an_object::<f64>());
        assert!(!reads_an_object::<Value>(), "any JSON value");
    }
}
