//! YAML read into an untyped JSON value, event by event from yaml-rust2's parser, with no tree of
//! its own in between.
//!
//! A scalar is read as serde_yaml reads one for an untyped visitor, so that a spec means the same
//! whichever reader reads it: `~`, `null`, `Null`, `NULL` and nothing are null; `true`, `True`,
//! `TRUE` (and `false` alike) are booleans; integers may be written in hex (`0x`), octal (`0o`) or
//! binary (`0b`), and one beyond 64 bits becomes a floating-point number (real specs write such
//! limits); digits with a leading zero (`0123`) are text, as YAML 1.2 has it. A quoted or block
//! scalar is text. The core schema's tags (`!!str`, `!!int`, `!!bool`, `!!float`, `!!null`) are
//! obeyed; a local tag (`!name`) is read past. What serde_yaml refuses (a number that is not
//! finite, which JSON cannot hold, among others) is left to it, to say what is wrong.
//!
//! Aliases (`*base`) are read as a copy of their anchor's value, and merge keys (`<<: *base`,
//! `<<: [*a, *b]`) are applied as YAML's merge-key convention says: the merged keys join the
//! mapping where `<<` stands, a key the mapping writes itself wins, and of several merged mappings
//! the earlier wins. The positions index (`diagnostic::positions`) applies them the same way.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{ScanError, TScalarStyle};

use crate::diagnostic::MERGE_KEY;
use crate::diagnostic::indentation::{self, Rereading};

/// How deeply mappings and lists may nest: what reads the value later walks it recursively.
const DEPTH_LIMIT: usize = 128;

/// Values that aliases may copy in all: aliases of aliases double at each step, and a short text
/// could otherwise stand for more values than memory holds.
const ALIAS_COPIES: usize = 1 << 20;

/// The core schema's tags, as the parser resolves `!!bool` and the others.
const CORE_BOOL: &str = "tag:yaml.org,2002:bool";
const CORE_INT: &str = "tag:yaml.org,2002:int";
const CORE_FLOAT: &str = "tag:yaml.org,2002:float";
const CORE_NULL: &str = "tag:yaml.org,2002:null";

/// The value of the one document `text` holds; `None` for a text this reader does not read: one
/// that is not valid YAML, or that yaml-rust2 refuses though libyaml reads it, or that serde_yaml
/// refuses (a number that is not finite, a tag's value that is not of its type, more than one
/// document, nesting or aliases beyond the limits). serde_yaml then reads it, and says what is
/// wrong.
pub(super) fn read(text: &str) -> Option<Value> {
    // The parser does not skip a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Lines libyaml reads but yaml-rust2 refuses for their indentation are read as libyaml does.
    indentation::read_leniently(text, Rereading::WhileCheaper, events).ok()?.0
}

/// The value of the one document `text` holds, as [`read`] gives it; the parser's error when it
/// does not parse.
fn events(text: &str) -> Result<Option<Value>, ScanError> {
    let mut parser = Parser::new_from_str(text);
    let mut reader = Reader::default();
    let mut documents = 0;
    loop {
        let (event, _) = parser.next_token()?;
        let read = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                (documents == 1).then_some(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                scalar(text, style, tag).and_then(|value| reader.complete(value, anchor))
            }
            Event::SequenceStart(anchor, _) => reader.open(Container::List(Vec::new()), anchor),
            Event::MappingStart(anchor, _) => reader.open(Container::Map(Vec::new(), None), anchor),
            Event::SequenceEnd | Event::MappingEnd => reader.close(),
            Event::Alias(anchor) => reader.alias(anchor),
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => Some(()),
        };
        if read.is_none() {
            return Ok(None);
        }
    }
    Ok(reader.root)
}

/// The value read so far: the mappings and lists still open, and the anchors met.
#[derive(Default)]
struct Reader {
    open: Vec<(Container, usize)>,
    root: Option<Value>,
    /// Each anchor's value by the parser's anchor id, with how many values it holds.
    anchors: HashMap<usize, (Value, usize)>,
    /// Values copied for aliases so far.
    copied: usize,
}

/// A mapping or list being read.
enum Container {
    List(Vec<Value>),
    /// The entries so far, and the key whose value comes next.
    Map(Vec<Entry>, Option<String>),
}

/// One entry of a YAML mapping as written.
pub(super) enum Entry {
    Written(String, Value),
    /// `<<`: the mappings merged, earliest first.
    Merged(Vec<Map<String, Value>>),
}

impl Reader {
    fn open(&mut self, container: Container, anchor: usize) -> Option<()> {
        if self.open.len() == DEPTH_LIMIT {
            return None;
        }
        self.open.push((container, anchor));
        Some(())
    }

    fn close(&mut self) -> Option<()> {
        let (container, anchor) = self.open.pop()?;
        let value = match container {
            Container::List(items) => Value::Array(items),
            Container::Map(entries, _) => Value::Object(merge(entries)),
        };
        self.complete(value, anchor)
    }

    fn alias(&mut self, anchor: usize) -> Option<()> {
        let (value, size) = self.anchors.get(&anchor)?;
        self.copied += size;
        if self.copied > ALIAS_COPIES {
            return None;
        }
        let value = value.clone();
        self.complete(value, 0)
    }

    /// A value is complete: it is the document, a list's item, or a mapping's key or value.
    fn complete(&mut self, value: Value, anchor: usize) -> Option<()> {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size(&value)));
        }
        let Some((container, _)) = self.open.last_mut() else {
            self.root = Some(value);
            return Some(());
        };
        match container {
            Container::List(items) => items.push(value),
            Container::Map(entries, key) => match key.take() {
                None => *key = Some(key_text(value).ok()?),
                Some(key) if key == MERGE_KEY => entries.push(Entry::Merged(merged(value).ok()?)),
                Some(key) => entries.push(Entry::Written(key, value)),
            },
        }
        Some(())
    }
}

/// How many values `value` holds, itself included.
fn size(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(size).sum(),
        Value::Object(entries) => entries.values().map(size).sum(),
        _ => 0,
    }
}

/// A mapping key: YAML allows numbers and booleans (`200:`), which JSON writes as text.
pub(super) fn key_text(key: Value) -> Result<String, String> {
    match key {
        Value::String(text) => Ok(text),
        Value::Null => Ok("null".to_owned()),
        scalar @ (Value::Bool(_) | Value::Number(_)) => Ok(scalar.to_string()),
        _ => Err("a mapping key must be a scalar".to_owned()),
    }
}

/// The value of a merge key: a mapping, or a list of mappings.
pub(super) fn merged(value: Value) -> Result<Vec<Map<String, Value>>, String> {
    let not_a_mapping = |found: &Value| {
        format!(
            "a merge key (`<<`) takes a mapping or a list of mappings (`<<: *base`, `<<: [*a, *b]`), found {}",
            kind_of(found)
        )
    };
    match value {
        Value::Object(mapping) => Ok(vec![mapping]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(mapping) => Ok(mapping),
                other => Err(not_a_mapping(&other)),
            })
            .collect(),
        other => Err(not_a_mapping(&other)),
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

/// The mapping of `entries`, merges applied: each merged key stands where its `<<` stands, unless
/// the mapping writes that key itself or an earlier merge gave it.
pub(super) fn merge(entries: Vec<Entry>) -> Map<String, Value> {
    let mut mapping = Map::new();
    if entries.iter().all(|entry| matches!(entry, Entry::Written(..))) {
        for entry in entries {
            if let Entry::Written(key, value) = entry {
                mapping.insert(key, value);
            }
        }
        return mapping;
    }
    let written: HashSet<String> = entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Written(key, _) => Some(key.clone()),
            Entry::Merged(_) => None,
        })
        .collect();
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

/// A scalar's value, by its style and tag.
fn scalar(text: String, style: TScalarStyle, tag: Option<Tag>) -> Option<Value> {
    let plain = style == TScalarStyle::Plain;
    let tag = tag.map(|tag| tag.handle + &tag.suffix);
    match tag.as_deref() {
        // No tag, or a local one (`!name`), read past.
        None => untagged_unless_quoted(text, plain),
        Some(local) if local.starts_with('!') => untagged_unless_quoted(text, plain),
        Some(CORE_BOOL) => bool_of(&text).map(Value::Bool),
        Some(CORE_INT) => integer(&text),
        Some(CORE_FLOAT) => float_of(&text).and_then(finite),
        Some(CORE_NULL) => is_null(&text).then_some(Value::Null),
        _ => Some(Value::String(text)),
    }
}

fn untagged_unless_quoted(text: String, plain: bool) -> Option<Value> {
    if plain { untagged(text) } else { Some(Value::String(text)) }
}

/// A plain scalar's value.
fn untagged(text: String) -> Option<Value> {
    if text.is_empty() || is_null(&text) {
        return Some(Value::Null);
    }
    if let Some(boolean) = bool_of(&text) {
        return Some(Value::Bool(boolean));
    }
    if let Some(number) = integer(&text) {
        return Some(number);
    }
    match float_of(&text).filter(|_| !digits_but_not_number(&text)) {
        Some(float) => finite(float),
        None => Some(Value::String(text)),
    }
}

/// A finite number; JSON holds no other.
fn finite(float: f64) -> Option<Value> {
    Number::from_f64(float).map(Value::Number)
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn bool_of(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer: held as one where it fits in 64 bits, else as the nearest floating-point number.
fn integer(text: &str) -> Option<Value> {
    if let Some(unsigned) = unsigned(text) {
        return u64::try_from(unsigned).map_or_else(|_| finite(unsigned as f64), |fits| Some(Value::from(fits)));
    }
    let signed = negative(text)?;
    i64::try_from(signed).map_or_else(|_| finite(signed as f64), |fits| Some(Value::from(fits)))
}

/// An integer without a minus sign, decimal or with a radix prefix; `+` allowed.
fn unsigned(text: &str) -> Option<u128> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = unsigned.strip_prefix(prefix) {
            if digits.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = u128::from_str_radix(digits, radix) {
                return Some(int);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    unsigned.parse().ok()
}

/// An integer with a minus sign (or none), decimal or with a radix prefix.
fn negative(text: &str) -> Option<i128> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(digits) = text.strip_prefix(prefix) {
            if let Ok(int) = i128::from_str_radix(&format!("-{digits}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    text.parse().ok()
}

fn float_of(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match (unsigned, text) {
        (".inf" | ".Inf" | ".INF", _) => Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => Some(f64::NAN),
        _ => unsigned.parse::<f64>().ok().filter(|float| float.is_finite()),
    }
}

/// Leading zeros then digits: text, as YAML 1.2 has it.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|byte| byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        read(text).unwrap_or_else(|| panic!("{text:?} was not read"))
    }

    /// What serde_yaml reads, through the visitor of `super::untyped`, as text (a mapping's `==`
    /// does not see the order of its keys).
    fn by_serde_yaml(text: &str) -> String {
        super::super::untyped::leniently(text).unwrap_or_else(|error| panic!("{text:?}: {}", error.message)).to_string()
    }

    #[test]
    fn scalars_read_as_serde_yaml_reads_them() {
        let text = "\
            nulls: [~, null, Null, NULL, '']\n\
            booleans: [true, True, TRUE, false, FALSE, yes, no, on]\n\
            integers: [0, -0, +7, 0x1F, -0x1F, 0o17, 0b101, 0123, -0123, 18446744073709551615, -9223372036854775808]\n\
            beyond: [18446744073709551616, -9223372036854775809, 0xFFFFFFFFFFFFFFFFFF]\n\
            floats: [1.5, -2e3, .5, 1., +1.0e-2, 1_000, inf, nan, 1e999]\n\
            text: [\"1\", '2', 0x, 0xG, --1, ++1, +-1, 1.2.3, 0.1.2]\n\
            200: ok\n\
            1.5: ok\n\
            true: ok\n\
            ~: ok\n\
            block: |\n  kept\n  lines\n\
            folded: >\n  one\n  line\n";
        assert_eq!(value(text).to_string(), by_serde_yaml(text));
        assert_eq!(value(text)["beyond"][0].as_f64(), Some(18446744073709551616.0));
    }

    #[test]
    fn tags_anchors_and_merges_read_as_serde_yaml_reads_them() {
        let text = "\
            strict: [!!str 12, !!int '12', !!float '1', !!bool 'true', !!null '~', !!binary aGk=]\n\
            local: [!x 3, !x '3', !thing {a: 1}, ! 4]\n\
            base: &base {a: 1, b: [x, y]}\n\
            copy: *base\n\
            merged: {<<: *base, b: 2}\n\
            &key k: v\n\
            *key : again\n";
        let ours = value(text);
        assert_eq!(ours.to_string(), by_serde_yaml(text));
        assert_eq!(ours["strict"], serde_json::json!(["12", 12, 1.0, true, null, "aGk="]));
        assert_eq!(ours["local"], serde_json::json!([3, "3", {"a": 1}, 4]));
        assert_eq!(ours["copy"], ours["base"]);
        assert_eq!(ours["merged"], serde_json::json!({"a": 1, "b": 2}));
        assert_eq!(ours["k"], "again");
    }

    #[test]
    fn under_indented_lines_libyaml_reads_are_read_as_it_reads_them() {
        let text = &crate::diagnostic::indentation::tests::and_more(
            "a:\n  enum: [\n    \"x\", \"y\",\n    \"z\"\n  ]\n  pem: \"BEGIN\nMIIF\n\nEND\"\n  b: 1\n",
        );
        assert_eq!(value(text).to_string(), by_serde_yaml(text));
        assert_eq!(value(text)["a"]["pem"], "BEGIN MIIF\nEND");
    }

    #[test]
    fn what_serde_yaml_refuses_is_left_to_it() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let laughs = (1..30)
            .fold("a0: &a0 [x, x]\n".to_owned(), |text, n| text + &format!("a{n}: &a{n} [*a{}, *a{}]\n", n - 1, n - 1));
        for text in
            ["a: !!int x\n", "a: .inf\n", "a: 1\n---\nb: 2\n", "", "? [a]\n: b\n", "a: {<<: 3}\n", &deep, &laughs]
        {
            assert_eq!(read(text), None, "{text:?}");
        }
        // Nesting up to the limit is read.
        let nested = format!("{}{}", "[".repeat(DEPTH_LIMIT), "]".repeat(DEPTH_LIMIT));
        assert!(read(&nested).is_some());
        // A byte order mark is skipped.
        assert_eq!(value("\u{feff}a: 1\n"), serde_json::json!({"a": 1}));
    }
}
