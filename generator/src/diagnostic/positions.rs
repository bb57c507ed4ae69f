//! Where each value of the spec stands in its text, so that a problem found by JSON pointer can
//! be shown at its line and column.
//!
//! The typed parse keeps no positions, so this index is built beside it by readers that do: the
//! YAML parser's event markers (yaml-rust2), or a JSON syntax tree with byte ranges (jsonc-parser)
//! for specs written in JSON. It is built only when there is something to show.

use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{Format, Pointer, Source, Target};

/// Byte offsets into the spec's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Range<usize> {
        span.start..span.end
    }
}

/// A value's place in the text, and its children's.
#[derive(Debug)]
struct Node {
    /// The value itself; for a mapping or list, its first character.
    span: Span,
    children: Children,
}

#[derive(Debug)]
enum Children {
    None,
    /// Each key with its span.
    Map(Vec<(String, Span, Node)>),
    List(Vec<Node>),
}

/// The positions of every value of one spec.
#[derive(Debug)]
pub struct Positions {
    root: Option<Node>,
}

impl Positions {
    pub fn of(source: &Source) -> Positions {
        let root = match source.format() {
            Format::Json => json(&source.text),
            Format::Yaml => yaml(&source.text),
        };
        Positions { root }
    }

    /// Where the value (or its key) at `pointer` stands. A pointer to something the text does not
    /// hold (a missing key) gives the nearest enclosing value that it does.
    pub fn locate(&self, pointer: &Pointer, target: Target) -> Option<Span> {
        let mut node = self.root.as_ref()?;
        let mut key_span = None;
        for token in pointer.tokens() {
            let next = match &node.children {
                Children::Map(entries) => {
                    entries.iter().find(|(key, _, _)| *key == token).map(|(_, key, child)| (Some(*key), child))
                }
                Children::List(items) => {
                    token.parse::<usize>().ok().and_then(|i| items.get(i)).map(|child| (None, child))
                }
                Children::None => None,
            };
            let Some((key, child)) = next else { break };
            key_span = key;
            node = child;
        }
        let is_container = !matches!(node.children, Children::None);
        // A mapping or list as a whole is shown by its key (underlining all of it would hide the
        // point); a mapping that is a list's item, by its first key.
        match (target, key_span, &node.children) {
            (Target::Key, Some(key), _) => Some(key),
            (Target::Value, Some(key), _) if is_container => Some(key),
            (_, None, Children::Map(entries)) if !entries.is_empty() => Some(entries[0].1),
            _ => Some(node.span),
        }
    }

    /// The pointer of the innermost value that starts at or before `offset` on its line (for
    /// syntax errors, which come with a position rather than a pointer).
    pub fn pointer_at(&self, offset: usize) -> Pointer {
        let mut pointer = Pointer::root();
        let Some(mut node) = self.root.as_ref() else { return pointer };
        loop {
            let next = match &node.children {
                Children::Map(entries) => entries
                    .iter()
                    .take_while(|(_, key, _)| key.start <= offset)
                    .last()
                    .map(|(key, _, child)| (key.clone(), child)),
                Children::List(items) => items
                    .iter()
                    .enumerate()
                    .take_while(|(_, child)| child.span.start <= offset)
                    .last()
                    .map(|(index, child)| (index.to_string(), child)),
                Children::None => None,
            };
            let Some((token, child)) = next else { return pointer };
            pointer = pointer.push(token);
            node = child;
        }
    }
}

/// Builds the tree from YAML parser events.
#[derive(Default)]
struct YamlBuilder<'t> {
    text: &'t str,
    /// Where each line starts, in bytes: the parser's mark index and column mix characters and
    /// bytes, so positions are taken from its line (reliable) and column.
    line_starts: Vec<usize>,
    /// Open mappings and lists, innermost last; a mapping's key waits for its value.
    stack: Vec<(Node, Option<(String, Span)>)>,
    root: Option<Node>,
}

impl YamlBuilder<'_> {
    fn value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((parent, pending)) => match &mut parent.children {
                Children::List(items) => items.push(node),
                // A key that is itself a mapping or list (no pending key) is kept out of the index.
                Children::Map(entries) => {
                    if let Some((key, span)) = pending.take() {
                        entries.push((key, span, node));
                    }
                }
                Children::None => {}
            },
        }
    }

    /// The byte offset of a parser mark: its line, then its column counted in characters (as
    /// the parser counts them, except after a plain scalar's text on the same line, which it
    /// counts in bytes: `expected`, the text that should stand there, tells the two apart).
    fn offset(&self, mark: Marker, expected: Option<&str>) -> usize {
        let Some(&line_start) = mark.line().checked_sub(1).and_then(|line| self.line_starts.get(line)) else {
            return self.text.len();
        };
        let line = self.text[line_start..].split('\n').next().unwrap_or_default();
        let by_chars = line.char_indices().nth(mark.col()).map_or(line.len(), |(at, _)| at);
        let by_bytes = char_boundary(line, mark.col().min(line.len()));
        let offset = match expected.and_then(|text| text.chars().next()) {
            Some(first) if !line[by_chars..].starts_with(first) && line[by_bytes..].starts_with(first) => by_bytes,
            _ => by_chars,
        };
        line_start + offset
    }

    fn scalar(&mut self, text: String, style: TScalarStyle, start: usize) {
        let length = match style {
            TScalarStyle::Plain => text.len(),
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => text.len() + 2,
            // Block scalars: the indicator.
            _ => 1,
        };
        let end = char_boundary(self.text, start + length);
        let span = Span { start, end: end.max(start) };
        // A scalar in a mapping with no pending key is a key.
        if let Some((Node { children: Children::Map(_), .. }, pending @ None)) = self.stack.last_mut() {
            *pending = Some((text, span));
            return;
        }
        self.value(Node { span, children: Children::None });
    }
}

impl MarkedEventReceiver for YamlBuilder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let expected = match &event {
            Event::Scalar(text, TScalarStyle::Plain, _, _) => Some(text.as_str()),
            _ => None,
        };
        let start = self.offset(mark, expected);
        let at = Span { start, end: char_boundary(self.text, start + 1) };
        match event {
            Event::Scalar(text, style, _, _) => self.scalar(text, style, start),
            Event::MappingStart(..) => self.stack.push((Node { span: at, children: Children::Map(Vec::new()) }, None)),
            Event::SequenceStart(..) => {
                self.stack.push((Node { span: at, children: Children::List(Vec::new()) }, None))
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((node, _)) = self.stack.pop() {
                    self.value(node);
                }
            }
            Event::Alias(_) => self.value(Node { span: at, children: Children::None }),
            _ => {}
        }
    }
}

/// The first character boundary at or after `offset`, within the text.
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

fn yaml(text: &str) -> Option<Node> {
    let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
    let mut builder = YamlBuilder { text, line_starts, ..YamlBuilder::default() };
    // A syntax error ends the index where it stands; what was read is still useful, open
    // mappings and lists included.
    if Parser::new_from_str(text).load(&mut builder, false).is_err() {
        while let Some((node, _)) = builder.stack.pop() {
            builder.value(node);
        }
    }
    builder.root
}

fn json(text: &str) -> Option<Node> {
    use jsonc_parser::ast::{ObjectPropName, Value};
    use jsonc_parser::common::Ranged;
    let options = jsonc_parser::ParseOptions::default();
    let parsed = jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &options).ok()?;
    fn node(value: &Value) -> Node {
        let range = value.range();
        let span = Span { start: range.start, end: range.end };
        match value {
            Value::Object(object) => {
                let entries = object
                    .properties
                    .iter()
                    .map(|property| {
                        let (key, range) = match &property.name {
                            ObjectPropName::String(name) => (name.value.to_string(), name.range),
                            ObjectPropName::Word(name) => (name.value.to_string(), name.range),
                        };
                        (key, Span { start: range.start, end: range.end }, node(&property.value))
                    })
                    .collect();
                Node { span: Span { start: span.start, end: span.start + 1 }, children: Children::Map(entries) }
            }
            Value::Array(array) => Node {
                span: Span { start: span.start, end: span.start + 1 },
                children: Children::List(array.elements.iter().map(node).collect()),
            },
            _ => Node { span, children: Children::None },
        }
    }
    parsed.value.as_ref().map(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source { name: name.to_owned(), text: text.to_owned() }
    }

    fn located(source: &Source, pointer: &str, target: Target) -> String {
        let span = Positions::of(source).locate(&Pointer::parse(pointer).unwrap(), target).expect("located");
        source.text[span.start..span.end].to_owned()
    }

    #[test]
    fn yaml_values_and_keys_are_found() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          requird: true\n        - {name: 'r', in: query}\n";
        let spec = source("a.yaml", text);
        assert_eq!(located(&spec, "#/paths/~1a/get/parameters/0/requird", Target::Key), "requird");
        assert_eq!(located(&spec, "#/paths/~1a/get/parameters/0/requird", Target::Value), "true");
        assert_eq!(located(&spec, "#/paths/~1a/get/parameters/1/name", Target::Value), "'r'");
        assert_eq!(located(&spec, "#/paths/~1a/get", Target::Value), "get");
        // A missing key is shown at the nearest value that exists.
        assert_eq!(located(&spec, "#/paths/~1a/get/parameters/0/schema", Target::Value), "name");
        assert_eq!(
            Positions::of(&spec).pointer_at(text.find("true").unwrap()).as_str(),
            "#/paths/~1a/get/parameters/0/requird"
        );
    }

    #[test]
    fn json_values_and_keys_are_found() {
        let text = "{\n  \"paths\": {\"/a\": {\"get\": {\"summary\": \"\\ud83d\\ude00\", \"x\": [1, 2]}}}\n}";
        let spec = source("a.json", text);
        assert_eq!(located(&spec, "#/paths/~1a/get/summary", Target::Value), "\"\\ud83d\\ude00\"");
        assert_eq!(located(&spec, "#/paths/~1a/get/x/1", Target::Value), "2");
        assert_eq!(located(&spec, "#/paths/~1a/get/summary", Target::Key), "\"summary\"");
    }

    #[test]
    fn yaml_positions_are_bytes_after_characters_of_several_bytes() {
        let text = "info:\n  title: Caf\u{e9} \u{2019}\u{1f600}\npaths:\n  /\u{e9}:\n    get: {summary: x}\n    \u{e9}\u{e9}: {a: 'b', c: d}\n";
        let spec = source("a.yaml", text);
        assert_eq!(located(&spec, "#/paths/~1\u{e9}/get/summary", Target::Value), "x");
        assert_eq!(located(&spec, "#/paths", Target::Key), "paths");
        assert_eq!(located(&spec, "#/paths/~1\u{e9}/\u{e9}\u{e9}/a", Target::Value), "'b'");
        assert_eq!(located(&spec, "#/paths/~1\u{e9}/\u{e9}\u{e9}/c", Target::Value), "d");
    }
}
