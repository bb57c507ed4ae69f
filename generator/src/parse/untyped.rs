//! The spec's text as an untyped JSON value: JSON read as JSON, YAML read by serde_yaml.
//!
//! YAML is read through a visitor of its own rather than `serde_yaml::Value`, which cannot hold an
//! integer beyond 64 bits (real specs write such limits): those become floating-point numbers, and
//! the schema lowering says what it makes of them. Numbers that are not finite, which JSON cannot
//! hold, are an error.
//!
//! Aliases (`*base`) are read as their anchor's value (serde_yaml replays it), and merge keys
//! (`<<: *base`, `<<: [*a, *b]`) are applied as YAML's merge-key convention says: the merged keys
//! join the mapping where `<<` stands, a key the mapping writes itself wins, and of several merged
//! mappings the earlier wins. The positions index (`diagnostic::positions`) applies them the same way.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Diagnostic, Format, MERGE_KEY, Pointer, Source};

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
        let mut entries = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            entries.push(if key == MERGE_KEY {
                Entry::Merged(map.next_value::<Merged>()?.0)
            } else {
                Entry::Written(key, map.next_value::<Untyped>()?.0)
            });
        }
        Ok(Value::Object(merge(entries)))
    }

    /// A tagged value (`!tag value`): the value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Untyped>(variant).map(|untyped| untyped.0)
    }
}

/// One entry of a YAML mapping as written.
enum Entry {
    Written(String, Value),
    /// `<<`: the mappings merged, earliest first.
    Merged(Vec<Map<String, Value>>),
}

/// The mapping of `entries`, merges applied: each merged key stands where its `<<` stands, unless
/// the mapping writes that key itself or an earlier merge gave it.
fn merge(entries: Vec<Entry>) -> Map<String, Value> {
    let written: HashSet<String> = entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Written(key, _) => Some(key.clone()),
            Entry::Merged(_) => None,
        })
        .collect();
    let mut mapping = Map::new();
    for entry in entries {
        match entry {
            Entry::Written(key, value) => {
                mapping.insert(key, value);
            }
            Entry::Merged(sources) => {
                for (key, value) in sources.into_iter().flatten() {
                    if !written.contains(&key) && !mapping.contains_key(&key) {
                        mapping.insert(key, value);
                    }
                }
            }
        }
    }
    mapping
}

/// The value of a merge key: a mapping, or a list of mappings.
struct Merged(Vec<Map<String, Value>>);

impl<'de> Deserialize<'de> for Merged {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let not_a_mapping = |found: &Value| {
            de::Error::custom(format!(
                "a merge key (`<<`) takes a mapping or a list of mappings (`<<: *base`, `<<: [*a, *b]`), found {}",
                kind_of(found)
            ))
        };
        match deserializer.deserialize_any(UntypedVisitor)? {
            Value::Object(mapping) => Ok(Merged(vec![mapping])),
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::Object(mapping) => Ok(mapping),
                    other => Err(not_a_mapping(&other)),
                })
                .collect::<Result<_, _>>()
                .map(Merged),
            other => Err(not_a_mapping(&other)),
        }
    }
}

/// What a value is, as a message names it.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
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
    fn merge_keys_are_applied_with_written_keys_winning() {
        let value = yaml(
            "base: &base {a: 1, b: 2}\nother: &other {b: 3, c: 4}\n\
             one: {x: 0, <<: *base, a: 9}\nmany: {<<: [*base, *other], c: 5}\n\
             nested: &nested {<<: *base, d: 6}\ntwice: {<<: *nested, e: 7}\n",
        )
        .unwrap();
        assert_eq!(serde_json::to_string(&value["one"]).unwrap(), r#"{"x":0,"b":2,"a":9}"#);
        assert_eq!(serde_json::to_string(&value["many"]).unwrap(), r#"{"a":1,"b":2,"c":5}"#);
        assert_eq!(serde_json::to_string(&value["twice"]).unwrap(), r#"{"a":1,"b":2,"d":6,"e":7}"#);
    }

    #[test]
    fn a_merge_of_something_other_than_mappings_is_located() {
        let text = "a: 1\nb:\n  <<: [{x: 1}, 3]\n";
        let error = yaml(text).unwrap_err();
        assert!(error.message.contains("found a number"), "{error}");
        assert!(error.offset.is_some_and(|at| at >= text.find("<<").unwrap()), "{error:?}");
        assert!(yaml("a: {<<: text}\n").unwrap_err().message.contains("found text"));
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
