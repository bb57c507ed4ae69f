//! The spec's text as an untyped JSON value: JSON read as JSON, YAML by [`super::yaml`]'s reader,
//! and by serde_yaml where that one cannot read it.
//!
//! The two YAML readers give the same value for a text both read (a test holds them to it over
//! every spec at hand). yaml-rust2, under the first, is the faster by a third, and the stricter:
//! it refuses what libyaml, under serde_yaml, lets pass, such as the lines of a quoted scalar or a
//! flow list's closing bracket indented less than their key. Such a text is read again by
//! serde_yaml, whose errors are the ones shown. serde_yaml is read through a visitor of its own
//! rather than `serde_yaml::Value`, which cannot hold an integer beyond 64 bits (real specs write
//! such limits): those become floating-point numbers, and the schema lowering says what it makes of
//! them. Numbers that are not finite, which JSON cannot hold, are an error. Aliases and merge keys
//! are read as [`super::yaml`] says.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use super::yaml::{self, Entry};
use crate::diagnostic::{Diagnostic, Format, MERGE_KEY, Pointer, Source};

/// The text as a value, or a syntax error located by its byte offset.
pub fn read(source: &Source) -> Result<Value, Diagnostic> {
    match source.format() {
        Format::Json => serde_json::from_str::<Value>(&source.text).map_err(|error| {
            let offset = offset_of(&source.text, error.line(), error.column());
            syntax_error(format!("not valid JSON: {error}"), offset)
        }),
        Format::Yaml => yaml::read(&source.text).map_or_else(|| leniently(&source.text), Ok),
    }
}

/// YAML read by serde_yaml.
pub(super) fn leniently(text: &str) -> Result<Value, Diagnostic> {
    serde_yaml::from_str::<Untyped>(text).map(|untyped| untyped.0).map_err(|error| {
        let offset = error.location().map_or(0, |at| at.index());
        syntax_error(format!("not valid YAML: {error}"), offset)
    })
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
        while let Some(Untyped(key)) = map.next_key()? {
            let key = yaml::key_text(key).map_err(de::Error::custom)?;
            let Untyped(value) = map.next_value()?;
            entries.push(if key == MERGE_KEY {
                Entry::Merged(yaml::merged(value).map_err(de::Error::custom)?)
            } else {
                Entry::Written(key, value)
            });
        }
        Ok(Value::Object(yaml::merge(entries)))
    }

    /// A tagged value (`!tag value`): the value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Untyped>(variant).map(|untyped| untyped.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Result<Value, Diagnostic> {
        read(&Source { name: "t.yaml".into(), text: text.into() })
    }

    #[test]
    fn what_only_serde_yaml_reads_is_read_by_it() {
        // A flow sequence's item at column 0: yaml-rust2 refuses it.
        let text = "a:\n  b: [one,\ntwo]\n  c: 3\n";
        assert_eq!(yaml::read(text), None);
        assert_eq!(yaml(text).unwrap(), serde_json::json!({"a": {"b": ["one", "two"], "c": 3}}));
    }

    /// Every YAML spec this repository holds, and the corpus beside it where there is one, reads
    /// the same by both readers, or by serde_yaml alone.
    #[test]
    fn both_yaml_readers_read_every_spec_alike() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut directories = vec![root.join("spec"), root.join("generator/tests/fixtures")];
        directories.extend(["corpus", "corpus31", "corpus20", ""].map(|name| root.join("../shared/specs").join(name)));
        let (mut read_alike, mut differ) = (0, Vec::new());
        for directory in directories.iter().filter(|directory| directory.is_dir()) {
            for entry in std::fs::read_dir(directory).unwrap() {
                let path = entry.unwrap().path();
                if !path.extension().is_some_and(|extension| extension == "yaml" || extension == "yml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // As text: a mapping's `==` does not see the order of its keys, which the crate keeps.
                let lenient = leniently(&text).map(|value| value.to_string()).map_err(|error| error.message);
                match yaml::read(&text) {
                    Some(value) if Ok(value.to_string()) == lenient => read_alike += 1,
                    Some(_) => differ.push(format!("{}: read as another value", path.display())),
                    // Left to serde_yaml.
                    None => {}
                }
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
        assert!(read_alike >= 10, "only {read_alike} specs read by both");
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
