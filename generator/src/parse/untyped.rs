//! The spec's text as an untyped JSON value: JSON read as JSON, YAML read by serde_yaml.
//!
//! YAML is read through a visitor of its own rather than `serde_yaml::Value`, which cannot hold an
//! integer beyond 64 bits (real specs write such limits): those become floating-point numbers, and
//! the schema lowering says what it makes of them. Numbers that are not finite, which JSON cannot
//! hold, are an error.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Format, Pointer, Source};

/// The text as a value, or a syntax error located by its byte offset.
pub fn read(source: &Source) -> Result<Value, Diagnostic> {
    match source.format() {
        Format::Json => serde_json::from_str::<Value>(&source.text).map_err(|error| {
            let offset = offset_of(&source.text, error.line(), error.column());
            syntax_error(format!("not valid JSON: {error}"), offset)
        }),
        Format::Yaml => serde_yaml::from_str::<Untyped>(&source.text).map(|untyped| untyped.0).map_err(|error| {
            let offset = error.location().map_or(0, |at| at.index());
            syntax_error(format!("not valid YAML: {error}"), offset)
        }),
    }
}

fn syntax_error(message: String, offset: usize) -> Diagnostic {
    Diagnostic::error("syntax", Pointer::root(), message).at_offset(offset)
}

/// The byte offset of a 1-based line and column (characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let within: usize = text[line_start..].chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
    (line_start + within).min(text.len())
}

/// A YAML value read as JSON.
struct Untyped(Value);

impl<'de> Deserialize<'de> for Untyped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UntypedVisitor).map(Untyped)
    }
}

struct UntypedVisitor;

impl<'de> Visitor<'de> for UntypedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        self.visit_f64(value as f64)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        self.visit_f64(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value).map(Value::Number).ok_or_else(|| E::custom(format!("{value} is not a finite number")))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Untyped(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Map::new();
        while let Some((Key(key), Untyped(value))) = map.next_entry()? {
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }

    /// A tagged value (`!tag value`): the value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Untyped>(variant).map(|untyped| untyped.0)
    }
}

/// A mapping key: YAML allows numbers and booleans (`200:`), which JSON writes as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(UntypedVisitor)? {
            Value::String(text) => Ok(Key(text)),
            Value::Null => Ok(Key("null".to_owned())),
            scalar @ (Value::Bool(_) | Value::Number(_)) => Ok(Key(scalar.to_string())),
            _ => Err(de::Error::custom("a mapping key must be a scalar")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Result<Value, Diagnostic> {
        read(&Source { name: "t.yaml".into(), text: text.into() })
    }

    #[test]
    fn yaml_reads_as_json() {
        let value =
            yaml("a: 1\n200: {description: ok}\nbig: -9223372036854776000\ntagged: !x 3\nlist: [true, ~]\n").unwrap();
        assert_eq!(value["a"], 1);
        assert_eq!(value["200"]["description"], "ok");
        assert_eq!(value["big"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value["tagged"], 3);
        assert_eq!(value["list"], serde_json::json!([true, null]));
    }

    #[test]
    fn non_finite_numbers_and_bad_syntax_are_located() {
        let error = yaml("a:\n  b: .inf\n").unwrap_err();
        assert!(error.message.contains("not a finite number"), "{error}");
        assert_eq!(error.offset, Some(8), "at `.inf`");
        let error = yaml("a: [1,\n").unwrap_err();
        assert!(error.message.starts_with("not valid YAML"), "{error}");
    }

    #[test]
    fn json_is_read_as_json_whatever_the_name() {
        // UTF-16 surrogate escapes: valid JSON, invalid YAML.
        let source =
            Source { name: "spec.yaml".into(), text: r#"{"a": "\ud83d\ude00", "n": 18446744073709551616}"#.into() };
        let value = read(&source).unwrap();
        assert_eq!(value["a"], "😀");
        assert!(value["n"].is_f64());
    }
}
