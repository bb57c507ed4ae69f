//! Where each value of the spec stands in its text, so that a problem found by JSON pointer can
//! be shown at its line and column.
//!
//! The typed parse keeps no positions, so this index is built beside it by readers that do: the
//! YAML parser's event markers (yaml-rust2), or a JSON syntax tree with byte ranges (jsonc-parser)
//! for specs written in JSON. It is built only when there is something to show.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use super::indentation::{self, Moved, Rereading};
use super::source::line_starts;
use super::{Format, MERGE_KEY, Pointer, Source, Target};

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
#[derive(Debug, Clone)]
struct Node {
    /// The value itself; for a mapping or list, its first character.
    span: Span,
    children: Children,
}

#[derive(Debug, Clone)]
enum Children {
    None,
    Map(Vec<Entry>),
    List(Vec<Node>),
}

/// A mapping's key, where it stands, and its value.
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    key_span: Span,
    node: Node,
    /// Brought in by a YAML merge key: it stands in the anchor's text, not in the mapping's.
    merged: bool,
}

impl Node {
    fn leaf(span: Span) -> Node {
        Node { span, children: Children::None }
    }

    /// The node read from `moved`, its spans in the text `moved` was made from.
    fn moved_back(mut self, moved: &Moved) -> Node {
        let back = |span: Span| Span { start: moved.original(span.start), end: moved.original(span.end) };
        self.span = back(self.span);
        self.children = match self.children {
            Children::None => Children::None,
            Children::Map(entries) => Children::Map(
                entries
                    .into_iter()
                    .map(|entry| Entry { key_span: back(entry.key_span), node: entry.node.moved_back(moved), ..entry })
                    .collect(),
            ),
            Children::List(items) => Children::List(items.into_iter().map(|item| item.moved_back(moved)).collect()),
        };
        self
    }

    /// How many nodes the tree holds.
    fn size(&self) -> usize {
        1 + match &self.children {
            Children::None => 0,
            Children::Map(entries) => entries.iter().map(|entry| entry.node.size()).sum(),
            Children::List(items) => items.iter().map(Node::size).sum(),
        }
    }
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
            Format::Yaml => yaml(&source.text, Rereading::ToTheEnd, &|| true).0,
        };
        Positions { root }
    }

    /// As [`Positions::of`], for an index built ahead of need, while `wanted` says it still is:
    /// `None` when a YAML text does not read as a whole without reading it again past
    /// [`Rereading::WhileCheaper`]'s limit (rendering then builds it, as often as it takes), or
    /// when `wanted` said no.
    pub fn ahead(source: &Source, wanted: &dyn Fn() -> bool) -> Option<Positions> {
        let root = match source.format() {
            Format::Json => json(&source.text),
            Format::Yaml => match yaml(&source.text, Rereading::WhileCheaper, wanted) {
                (root, true) => root,
                (_, false) => return None,
            },
        };
        Some(Positions { root })
    }

    /// Where the value (or its key) at `pointer` stands. A pointer to something the text does not
    /// hold (a missing key) gives the nearest enclosing value that it does.
    pub fn locate(&self, pointer: &Pointer, target: Target) -> Option<Span> {
        let mut node = self.root.as_ref()?;
        let mut key_span = None;
        for token in pointer.tokens() {
            let next = match &node.children {
                Children::Map(entries) => {
                    entries.iter().find(|entry| entry.key == token).map(|entry| (Some(entry.key_span), &entry.node))
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
            (_, None, Children::Map(entries)) if !entries.is_empty() => Some(entries[0].key_span),
            _ => Some(node.span),
        }
    }

    /// The pointer of the innermost value that starts at or before `offset` on its line (for
    /// syntax errors, which come with a position rather than a pointer). Merged keys stand
    /// elsewhere in the text, and are passed over.
    pub fn pointer_at(&self, offset: usize) -> Pointer {
        let mut pointer = Pointer::root();
        let Some(mut node) = self.root.as_ref() else { return pointer };
        loop {
            let next = match &node.children {
                Children::Map(entries) => entries
                    .iter()
                    .filter(|entry| !entry.merged)
                    .take_while(|entry| entry.key_span.start <= offset)
                    .last()
                    .map(|entry| (entry.key.clone(), &entry.node)),
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

/// Nodes an index may copy for aliases in all: a document whose aliases would copy more (aliases
/// of aliases, doubling at each step) has the rest shown where the alias stands.
const ALIAS_COPIES: usize = 1 << 18;

/// Builds the tree from YAML parser events.
///
/// An alias (`*base`) stands for a copy of its anchor's node, so that a value reached through it is
/// shown where the anchor's text writes it; merge keys (`<<: *base`) are applied as the YAML reader
/// applies them (`parse::untyped`).
#[derive(Default)]
struct YamlBuilder<'t> {
    text: &'t str,
    /// Where each line starts, in bytes: the parser's mark index and column mix characters and
    /// bytes, so positions are taken from its line (reliable) and column.
    line_starts: Vec<usize>,
    /// Open mappings and lists, innermost last.
    stack: Vec<Open>,
    root: Option<Node>,
    /// Each anchor's node by the parser's anchor id, with its size, and its text when it is a
    /// scalar (an alias may be a key).
    anchors: HashMap<usize, (Node, usize, Option<String>)>,
    /// Nodes copied for aliases so far.
    copied: usize,
}

/// A mapping or list being read.
struct Open {
    node: Node,
    /// The anchor it defines (0 for none).
    anchor: usize,
    /// In a mapping: whether a key or a value comes next.
    next: Next,
}

enum Next {
    Key,
    /// The value of this key; `None` for a key that is not text (a mapping as a key), which the
    /// index leaves out.
    Value(Option<(String, Span)>),
}

impl YamlBuilder<'_> {
    /// A node is complete: it is the root, a list's item, or a mapping's key or value. `text` is
    /// a scalar's, for a key.
    fn complete(&mut self, node: Node, text: Option<String>) {
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut open.node.children {
            Children::List(items) => items.push(node),
            Children::Map(entries) => match std::mem::replace(&mut open.next, Next::Key) {
                Next::Key => open.next = Next::Value(text.map(|key| (key, node.span))),
                Next::Value(Some((key, key_span))) => entries.push(Entry { key, key_span, node, merged: false }),
                Next::Value(None) => {}
            },
            Children::None => {}
        }
    }

    fn anchor(&mut self, anchor: usize, node: &Node, text: Option<&str>) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), node.size(), text.map(str::to_owned)));
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

    fn scalar(&mut self, text: String, style: TScalarStyle, anchor: usize, start: usize) {
        let length = match style {
            TScalarStyle::Plain => text.len(),
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => text.len() + 2,
            // Block scalars: the indicator.
            _ => 1,
        };
        let end = char_boundary(self.text, start + length);
        let node = Node::leaf(Span { start, end: end.max(start) });
        self.anchor(anchor, &node, Some(&text));
        self.complete(node, Some(text));
    }

    /// The anchor's node for an alias standing at `at`, or the alias itself when the anchor is
    /// unknown or copying it would pass the limit.
    fn alias(&mut self, anchor: usize, at: Span) {
        let (node, text) = match self.anchors.get(&anchor) {
            Some((node, size, text)) if self.copied + size <= ALIAS_COPIES => {
                self.copied += size;
                (node.clone(), text.clone())
            }
            _ => (Node::leaf(at), None),
        };
        self.complete(node, text);
    }

    fn end(&mut self) {
        if let Some(Open { mut node, anchor, .. }) = self.stack.pop() {
            if let Children::Map(entries) = &mut node.children {
                *entries = merged(std::mem::take(entries));
            }
            self.anchor(anchor, &node, None);
            self.complete(node, None);
        }
    }
}

/// A mapping's entries with its merge keys applied: each merged key stands where its `<<` stands,
/// unless the mapping writes that key itself or an earlier merge gave it.
fn merged(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries.iter().any(|entry| entry.key == MERGE_KEY) {
        return entries;
    }
    let written: HashSet<String> =
        entries.iter().filter(|entry| entry.key != MERGE_KEY).map(|entry| entry.key.clone()).collect();
    let mut present = HashSet::new();
    let mut out = Vec::new();
    for entry in entries {
        if entry.key != MERGE_KEY {
            present.insert(entry.key.clone());
            out.push(entry);
            continue;
        }
        let sources = match entry.node.children {
            Children::Map(source) => vec![source],
            Children::List(items) => items
                .into_iter()
                .filter_map(|item| match item.children {
                    Children::Map(source) => Some(source),
                    _ => None,
                })
                .collect(),
            Children::None => Vec::new(),
        };
        for source in sources.into_iter().flatten() {
            if !written.contains(&source.key) && present.insert(source.key.clone()) {
                out.push(Entry { merged: true, ..source });
            }
        }
    }
    out
}

impl MarkedEventReceiver for YamlBuilder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let expected = match &event {
            Event::Scalar(text, TScalarStyle::Plain, _, _) => Some(text.as_str()),
            _ => None,
        };
        let start = self.offset(mark, expected);
        let at = Span { start, end: char_boundary(self.text, start + 1) };
        let open = |children, anchor| Open { node: Node { span: at, children }, anchor, next: Next::Key };
        match event {
            Event::Scalar(text, style, anchor, _) => self.scalar(text, style, anchor, start),
            Event::MappingStart(anchor, _) => self.stack.push(open(Children::Map(Vec::new()), anchor)),
            Event::SequenceStart(anchor, _) => self.stack.push(open(Children::List(Vec::new()), anchor)),
            Event::MappingEnd | Event::SequenceEnd => self.end(),
            Event::Alias(anchor) => self.alias(anchor, at),
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

/// How many events are read between two askings whether the index is still wanted.
const EVENTS_BETWEEN_ASKING: usize = 4096;

/// The index of a YAML text, read again with lines moved as `rereading` says, and whether it is
/// whole: `false` when a syntax error ended it, or `wanted` said no before the end.
fn yaml(text: &str, rereading: Rereading, wanted: &dyn Fn() -> bool) -> (Option<Node>, bool) {
    // A syntax error ends the index where it stands; what was read is still useful, open
    // mappings and lists included.
    let mut up_to_error = None;
    let index = |text: &str| {
        let mut builder = YamlBuilder { text, line_starts: line_starts(text), ..YamlBuilder::default() };
        let read = first_document(text, &mut builder, wanted);
        if read.is_err() {
            while !builder.stack.is_empty() {
                builder.end();
            }
        }
        // The first reading's, of the text as written.
        if read.is_err() && up_to_error.is_none() {
            up_to_error = Some(builder.root.take());
        }
        read.map(|finished| (builder.root, finished))
    };
    match indentation::read_leniently(text, rereading, index) {
        Ok(((root, finished), None)) => (root, finished),
        Ok(((root, finished), Some(moved))) => (root.map(|root| root.moved_back(&moved)), finished),
        Err(_) => (up_to_error.flatten(), false),
    }
}

/// The events of the first document of `text` given to `builder`, as yaml-rust2's `load` gives
/// them, asking `wanted` now and then: `false` when it said no and the reading was given up.
fn first_document(text: &str, builder: &mut YamlBuilder, wanted: &dyn Fn() -> bool) -> Result<bool, ScanError> {
    let mut parser = Parser::new_from_str(text);
    for read in 1.. {
        let (event, mark) = parser.next_token()?;
        let last = matches!(event, Event::DocumentEnd | Event::StreamEnd);
        builder.on_event(event, mark);
        if last {
            break;
        }
        if read % EVENTS_BETWEEN_ASKING == 0 && !wanted() {
            return Ok(false);
        }
    }
    Ok(true)
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
                        let key_span = Span { start: range.start, end: range.end };
                        Entry { key, key_span, node: node(&property.value), merged: false }
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
    fn yaml_under_indented_lines_that_libyaml_reads_leave_the_rest_indexed() {
        // A closing bracket under its key and a quoted scalar's lines at column 0: yaml-rust2
        // refuses both, libyaml reads them.
        let text = &crate::diagnostic::indentation::tests::and_more(
            "a:\n  enum: [\n    \"x\", \"y\",\n    \"z\"\n  ]\n  pem: \"BEGIN\nMIIF\nEND\"\n  after: {b: 'c'}\nlast: 1\n",
        );
        let spec = source("a.yaml", text);
        assert_eq!(located(&spec, "#/a/enum/2", Target::Value), "\"z\"");
        assert!(located(&spec, "#/a/pem", Target::Value).starts_with("\"BEGIN\nMIIF"));
        assert_eq!(located(&spec, "#/a/after/b", Target::Value), "'c'");
        assert_eq!(located(&spec, "#/last", Target::Key), "last");
        assert_eq!(Positions::of(&spec).pointer_at(text.find("'c'").unwrap()).as_str(), "#/a/after/b");
    }

    #[test]
    fn yaml_under_indented_lines_late_in_the_text_leave_the_rest_indexed() {
        // Past half the text, where the value is left to serde_yaml: the index has no other reader.
        let text = &format!(
            "{}a:\n  pem: \"BEGIN\nMIIF\nEND\"\n  after: {{b: 'c'}}\nlast: 1\n",
            crate::diagnostic::indentation::tests::and_more("")
        );
        let spec = source("a.yaml", text);
        assert_eq!(located(&spec, "#/a/after/b", Target::Value), "'c'");
        assert_eq!(located(&spec, "#/last", Target::Key), "last");
        // Built ahead of need, it is left to rendering rather than read again and again.
        assert!(Positions::ahead(&spec, &|| true).is_none());
    }

    #[test]
    fn a_yaml_index_no_longer_wanted_is_given_up() {
        let text: String = (0..EVENTS_BETWEEN_ASKING).map(|n| format!("- {n}\n")).collect();
        let spec = source("a.yaml", &text);
        let pointer = Pointer::parse("#/0").unwrap();
        assert!(Positions::ahead(&spec, &|| false).is_none());
        let ahead = Positions::ahead(&spec, &|| true).expect("read whole");
        assert!(ahead.locate(&pointer, Target::Value).is_some());
        // Short of the events between askings, a reading is never asked about.
        let short = source("b.yaml", "- 0\n- 1\n");
        assert!(Positions::ahead(&short, &|| false).is_some());
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

    #[test]
    fn merged_keys_and_aliases_are_found_in_the_anchor() {
        let text = "\
base: &base
  a: 1
  b: {c: 2}
more: &more {b: 3, d: 4}
nested: &nested
  <<: *base
  e: 5
one:
  <<: *base
  a: own
many: {<<: [*more, *base]}
deep:
  <<: *nested
alias: *base
? [complex, key]
: skipped
after: x
";
        let spec = source("a.yaml", text);
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).unwrap().0;
        let span = |pointer: &str, target| {
            let span = Positions::of(&spec).locate(&Pointer::parse(pointer).unwrap(), target).unwrap();
            (span.start, &text[span.start..span.end])
        };
        // The mapping's own key wins; the merged one is shown in the anchor.
        assert_eq!(span("#/one/a", Target::Value), (at("own", 0), "own"));
        assert_eq!(span("#/one/b/c", Target::Value), (at("2", 0), "2"));
        // Of several merged mappings, the earlier wins.
        assert_eq!(span("#/many/b", Target::Value), (at("3", 0), "3"));
        assert_eq!(span("#/many/a", Target::Key), (at("a: 1", 0), "a"));
        // A merge of a mapping that merges itself, and an alias's value.
        assert_eq!(span("#/deep/b/c", Target::Value), (at("2", 0), "2"));
        assert_eq!(span("#/deep/e", Target::Value), (at("5", 0), "5"));
        assert_eq!(span("#/alias/a", Target::Value), (at("1", 0), "1"));
        // A complex key is left out without taking its value for a key.
        assert_eq!(span("#/after", Target::Value), (at("x\n", 0), "x"));
        assert_eq!(Positions::of(&spec).pointer_at(at("own", 0)).as_str(), "#/one/a");
    }

    #[test]
    fn aliases_that_double_at_each_step_stay_bounded() {
        let mut text = String::from("a0: &a0 [x, x]\n");
        for level in 1..40 {
            text.push_str(&format!("a{level}: &a{level} [*a{prev}, *a{prev}]\n", prev = level - 1));
        }
        text.push_str("last: {b: 1}\n");
        let spec = source("a.yaml", &text);
        assert_eq!(located(&spec, "#/last/b", Target::Value), "1");
    }
}
