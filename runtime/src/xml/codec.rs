//! Reading and writing XML documents by the tables, with quick-xml.

use quick_xml::Writer;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use serde_json::{Map, Number, Value};

use super::{XmlElement, XmlField, XmlName, XmlNode, XmlScalar, XmlTable, XmlValue};

/// How deep elements may nest in a document read: deeper is refused rather than read.
const MAX_DEPTH: usize = 256;

/// The namespace of `xsi:nil`, which marks an element whose value is null.
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The key of an element's own text, when the element is read as any value and also holds
/// attributes or elements.
const TEXT_KEY: &str = "$text";

/// How many lookups of [`XmlValue::Of`] lead to a value: a generated table takes one.
const MAX_LOOKUPS: usize = 8;

impl XmlValue {
    /// The value itself, looked up through [`XmlValue::Of`].
    fn resolved(self) -> XmlValue {
        let mut value = self;
        for _ in 0..MAX_LOOKUPS {
            match value {
                XmlValue::Of(of) => value = of(),
                value => return value,
            }
        }
        XmlValue::Any
    }

    /// The scalar an attribute or text of this value is read as.
    fn scalar(self) -> XmlScalar {
        match self.resolved() {
            XmlValue::Text(scalar) => scalar,
            _ => XmlScalar::String,
        }
    }
}

/// The JSON form of an XML document whose root element is `root`.
///
/// When `root` holds a model and the document's root element holds none of its fields, they are
/// read from the first element within it that holds some: AWS's query APIs wrap each answer's
/// fields in an `<ActionResult>` element that specs converted from their models do not describe.
pub fn read(root: &XmlElement, text: &[u8]) -> Result<Value, String> {
    let document = parse(text)?;
    let value = root.value.resolved();
    let element = match value {
        XmlValue::Model(table) if !table.holds_any(&document) => {
            document.elements.iter().find(|child| table.holds_any(child)).unwrap_or(&document)
        }
        _ => &document,
    };
    value_of(element, value, &mut vec![element.local.as_str()])
}

/// The JSON form of any XML document: its root element's content, read as [`XmlValue::Any`].
pub fn read_any(text: &[u8]) -> Result<Value, String> {
    let document = parse(text)?;
    Ok(any(&document))
}

/// `value`, the JSON form of a `root`, as an XML document.
pub fn write(root: &XmlElement, value: &Value) -> Result<Vec<u8>, String> {
    let mut output = Output { writer: Writer::new(Vec::new()), scopes: Vec::new(), path: Vec::new() };
    output.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    output.element(Name::of(&root.name), root.value, value)?;
    Ok(output.writer.into_inner())
}
/// An element of a document read: what a table is matched against.
#[derive(Debug, Default)]
struct Element {
    local: String,
    namespace: Option<String>,
    attributes: Vec<Attribute>,
    elements: Vec<Element>,
    /// Its own text and CDATA sections, joined.
    text: String,
    /// Marked `xsi:nil="true"`: its value is null.
    nil: bool,
}

#[derive(Debug)]
struct Attribute {
    local: String,
    namespace: Option<String>,
    value: String,
}

/// Whether a node in `found` (none: in no namespace) is in the namespace `wanted` (none: any).
/// A node in no namespace stands for any: servers often leave namespaces out.
fn in_namespace(found: Option<&str>, wanted: Option<&str>) -> bool {
    match (found, wanted) {
        (Some(found), Some(wanted)) => found == wanted,
        _ => true,
    }
}

impl Element {
    fn is(&self, name: &XmlName) -> bool {
        self.local == name.local && in_namespace(self.namespace.as_deref(), name.namespace)
    }

    fn element(&self, name: &XmlName) -> Option<&Element> {
        self.elements.iter().find(|element| element.is(name))
    }

    fn attribute(&self, name: &XmlName) -> Option<&str> {
        let is = |attribute: &&Attribute| {
            attribute.local == name.local && in_namespace(attribute.namespace.as_deref(), name.namespace)
        };
        self.attributes.iter().find(is).map(|attribute| attribute.value.as_str())
    }
}

impl XmlTable {
    /// Whether `element` holds an element one of the fields names.
    fn holds_any(&self, element: &Element) -> bool {
        self.fields.iter().any(|field| field.names(element))
    }
}

impl XmlField {
    /// Whether `element` holds this field's element (or an item of its unwrapped list).
    fn names(&self, element: &Element) -> bool {
        let name = match (self.node, self.value.resolved()) {
            (XmlNode::Element, XmlValue::List { wrapped: false, item }) => &item.name,
            (XmlNode::Element, _) => &self.name,
            (XmlNode::Attribute | XmlNode::Text, _) => return false,
        };
        element.element(name).is_some()
    }
}

/// Reads the document into its elements, refusing what is not well-formed or nests too deeply.
fn parse(text: &[u8]) -> Result<Element, String> {
    let text = std::str::from_utf8(text).map_err(|e| format!("the XML is not UTF-8 text: {e}"))?;
    let mut reader = NsReader::from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((namespace, event)) => (bound(namespace), event),
            Err(error) => return Err(format!("not well-formed XML at byte {}: {error}", reader.error_position())),
        };
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                if open.len() >= MAX_DEPTH {
                    return Err(format!("the XML nests more than {MAX_DEPTH} elements deep"));
                }
                let element = opened(&reader, namespace, start)?;
                if matches!(event, Event::Start(_)) {
                    open.push(element);
                } else {
                    close(element, &mut open, &mut root);
                }
            }
            Event::End(_) => {
                if let Some(element) = open.pop() {
                    close(element, &mut open, &mut root);
                }
            }
            Event::Text(text) => {
                if let Some(element) = open.last_mut() {
                    element.text.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(element) = open.last_mut() {
                    element.text.push_str(&data.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(character)) => character.to_string(),
                    Ok(None) => match resolve_predefined_entity(&reference) {
                        Some(text) => text.to_owned(),
                        None => return Err(format!("the XML names an unknown entity `&{};`", &*reference)),
                    },
                    Err(error) => return Err(format!("the XML holds a bad character reference: {error}")),
                };
                if let Some(element) = open.last_mut() {
                    element.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
    }
    if let Some(element) = open.last() {
        return Err(format!("the XML ends within `<{}>`", element.local));
    }
    root.ok_or_else(|| "the body holds no XML element".to_owned())
}

/// The namespace a name is in: none when it is in none, or its prefix is not declared.
fn bound(namespace: ResolveResult<'_>) -> Option<String> {
    match namespace {
        ResolveResult::Bound(namespace) => Some(namespace.0.to_owned()),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
    }
}

/// An element as its start tag gives it: name, namespace and attributes.
fn opened(reader: &NsReader<&[u8]>, namespace: Option<String>, start: &BytesStart) -> Result<Element, String> {
    let mut element = Element { local: start.local_name().into_inner().to_owned(), namespace, ..Element::default() };
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| format!("`<{}>` has a malformed attribute: {e}", element.local))?;
        if attribute.key.as_namespace_binding().is_some() {
            continue;
        }
        let (namespace, local) = reader.resolver().resolve_attribute(attribute.key);
        let namespace = bound(namespace);
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("`<{}>` has a malformed attribute: {e}", element.local))?
            .into_owned();
        if namespace.as_deref() == Some(XSI) && local.into_inner() == "nil" {
            element.nil = matches!(value.trim(), "true" | "1");
            continue;
        }
        element.attributes.push(Attribute { local: local.into_inner().to_owned(), namespace, value });
    }
    Ok(element)
}

/// Puts a finished element in its parent, or makes it the root.
fn close(element: Element, open: &mut [Element], root: &mut Option<Element>) {
    match open.last_mut() {
        Some(parent) => parent.elements.push(element),
        None if root.is_none() => *root = Some(element),
        None => {}
    }
}

/// Where a value stands in the document, for errors: element names from the root.
type Path<'d> = Vec<&'d str>;

fn at(path: &Path) -> String {
    path.join("/")
}

/// The JSON form of `element`'s content, as `value` describes it.
fn value_of<'d>(element: &'d Element, value: XmlValue, path: &mut Path<'d>) -> Result<Value, String> {
    if element.nil {
        return Ok(Value::Null);
    }
    match value.resolved() {
        XmlValue::Text(scalar) => scalar_value(scalar, &element.text, path),
        XmlValue::Model(table) => model(element, table, path),
        XmlValue::List { item, .. } => items(element, item, path).map(Value::Array),
        XmlValue::Map(values) => {
            let mut object = Map::new();
            for entry in &element.elements {
                path.push(&entry.local);
                let value = value_of(entry, *values, path)?;
                path.pop();
                object.insert(entry.local.clone(), value);
            }
            Ok(Value::Object(object))
        }
        XmlValue::Any | XmlValue::Of(_) => Ok(any(element)),
    }
}

/// The items of a list in `parent`: its elements named as `item` is.
fn items<'d>(parent: &'d Element, item: &XmlElement, path: &mut Path<'d>) -> Result<Vec<Value>, String> {
    let mut values = Vec::new();
    for element in parent.elements.iter().filter(|element| element.is(&item.name)) {
        path.push(&element.local);
        values.push(value_of(element, item.value, path)?);
        path.pop();
    }
    Ok(values)
}

fn model<'d>(element: &'d Element, table: &XmlTable, path: &mut Path<'d>) -> Result<Value, String> {
    let mut object = Map::new();
    for field in table.fields {
        let value = match field.node {
            XmlNode::Attribute => match element.attribute(&field.name) {
                Some(text) => {
                    path.push(field.name.local);
                    let value = scalar_value(field.value.scalar(), text, path);
                    path.pop();
                    value?
                }
                None => continue,
            },
            XmlNode::Text => scalar_value(field.value.scalar(), &element.text, path)?,
            XmlNode::Element => match field.value.resolved() {
                // An unwrapped list's absence is its emptiness.
                XmlValue::List { wrapped: false, item } => Value::Array(items(element, item, path)?),
                value => match element.element(&field.name) {
                    Some(child) => {
                        path.push(&child.local);
                        let read = value_of(child, value, path);
                        path.pop();
                        read?
                    }
                    None => continue,
                },
            },
        };
        object.insert(field.wire_name.to_owned(), value);
    }
    if let Some(others) = table.others {
        for child in &element.elements {
            let named = table.fields.iter().any(|field| match (field.node, field.value.resolved()) {
                (XmlNode::Element, XmlValue::List { wrapped: false, item }) => child.is(&item.name),
                (XmlNode::Element, _) => child.is(&field.name),
                _ => false,
            });
            if !named && !object.contains_key(&child.local) {
                path.push(&child.local);
                let value = value_of(child, *others, path)?;
                path.pop();
                object.insert(child.local.clone(), value);
            }
        }
    }
    Ok(Value::Object(object))
}

/// A text as the scalar the table says it holds: an empty text is null for anything but a string.
fn scalar_value(scalar: XmlScalar, text: &str, path: &Path) -> Result<Value, String> {
    let trimmed = text.trim();
    if scalar != XmlScalar::String && trimmed.is_empty() {
        return Ok(Value::Null);
    }
    let not = |what: &str| format!("`{}`: `{trimmed}` is not {what}", at(path));
    match scalar {
        XmlScalar::String => Ok(Value::String(text.to_owned())),
        XmlScalar::Integer => {
            let number = match trimmed.parse::<i64>() {
                Ok(number) => Number::from(number),
                Err(_) => Number::from(trimmed.parse::<u64>().map_err(|_| not("an integer"))?),
            };
            Ok(Value::Number(number))
        }
        XmlScalar::Number => {
            if let Ok(number) = trimmed.parse::<i64>() {
                return Ok(Value::Number(number.into()));
            }
            let number = trimmed.parse::<f64>().ok().and_then(Number::from_f64).ok_or_else(|| not("a number"))?;
            Ok(Value::Number(number))
        }
        XmlScalar::Boolean => match trimmed {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(not("a boolean")),
        },
    }
}

/// Any element's JSON form: text alone as a string, else an object of its attributes and elements.
fn any(element: &Element) -> Value {
    if element.nil {
        return Value::Null;
    }
    if element.attributes.is_empty() && element.elements.is_empty() {
        return Value::String(element.text.clone());
    }
    let mut object = Map::new();
    for attribute in &element.attributes {
        object.insert(attribute.local.clone(), Value::String(attribute.value.clone()));
    }
    let mut repeated = Vec::new();
    for child in &element.elements {
        let value = any(child);
        match object.get_mut(&child.local) {
            Some(Value::Array(items)) if repeated.contains(&child.local.as_str()) => items.push(value),
            Some(first) => {
                *first = Value::Array(vec![first.take(), value]);
                repeated.push(child.local.as_str());
            }
            None => {
                object.insert(child.local.clone(), value);
            }
        }
    }
    let text = element.text.trim();
    if !text.is_empty() {
        object.insert(TEXT_KEY.to_owned(), Value::String(text.to_owned()));
    }
    Value::Object(object)
}

/// A name being written: a table's, or a key of a map or of any value.
#[derive(Clone, Copy)]
struct Name<'n> {
    local: &'n str,
    namespace: Option<&'n str>,
    prefix: Option<&'n str>,
}

impl<'n> Name<'n> {
    fn of(name: &'n XmlName) -> Self {
        Name { local: name.local, namespace: name.namespace, prefix: name.prefix }
    }

    fn local(local: &'n str) -> Self {
        Name { local, namespace: None, prefix: None }
    }
}

/// A document being written, with the namespaces declared around the element being written.
struct Output {
    writer: Writer<Vec<u8>>,
    /// For each open element, the prefixes it declares (`None`: the default namespace) and their
    /// namespaces.
    scopes: Vec<Vec<(Option<String>, String)>>,
    /// Where the value being written stands, for errors: the JSON form's keys from the root.
    path: Vec<String>,
}

impl Output {
    fn event(&mut self, event: Event) -> Result<(), String> {
        self.writer.write_event(event).map_err(|e| format!("cannot write XML: {e}"))
    }

    fn error(&self, problem: &str) -> String {
        if self.path.is_empty() { problem.to_owned() } else { format!("`{}`: {problem}", self.path.join("/")) }
    }

    /// The namespace `prefix` is bound to around the element being written.
    fn declared(&self, prefix: Option<&str>) -> Option<&str> {
        self.scopes.iter().rev().flatten().find(|(known, _)| known.as_deref() == prefix).map(|(_, ns)| ns.as_str())
    }

    /// The qualified name of `name` in the element whose start tag is `start`, whose own
    /// declarations are `declarations`: its prefix when its namespace is declared (here, if no
    /// element around it does), or when the prefix alone is given and declared around it.
    fn qualified(&self, name: Name, declarations: &mut Vec<(Option<String>, String)>) -> String {
        let declared_here = |prefix: Option<&str>| {
            declarations.iter().find(|(known, _)| known.as_deref() == prefix).map(|(_, ns)| ns.clone())
        };
        match (name.namespace, name.prefix) {
            (Some(namespace), prefix) => {
                let bound = declared_here(prefix).or_else(|| self.declared(prefix).map(str::to_owned));
                if bound.as_deref() != Some(namespace) {
                    declarations.push((prefix.map(str::to_owned), namespace.to_owned()));
                }
                match prefix {
                    Some(prefix) => format!("{prefix}:{}", name.local),
                    None => name.local.to_owned(),
                }
            }
            (None, Some(prefix)) if declared_here(Some(prefix)).is_some() || self.declared(Some(prefix)).is_some() => {
                format!("{prefix}:{}", name.local)
            }
            (None, _) => name.local.to_owned(),
        }
    }

    /// The element `name` holding `json` as `value` describes; nothing for a null.
    fn element(&mut self, name: Name, value: XmlValue, json: &Value) -> Result<(), String> {
        if json.is_null() {
            return Ok(());
        }
        if !is_xml_name(name.local) {
            return Err(self.error(&format!("`{}` is not an XML name", name.local)));
        }
        let value = value.resolved();
        let mut declarations = Vec::new();
        let qualified = self.qualified(name, &mut declarations);
        let mut attributes = Vec::new();
        if let (XmlValue::Model(table), Value::Object(object)) = (value, json) {
            for field in table.fields.iter().filter(|field| field.node == XmlNode::Attribute) {
                let Some(json) = object.get(field.wire_name) else { continue };
                let Some(text) = self.text(field.wire_name, json)? else { continue };
                // An unprefixed attribute is in no namespace: a namespace needs a prefix.
                let attribute = match field.name.prefix {
                    Some(_) => self.qualified(Name::of(&field.name), &mut declarations),
                    None => field.name.local.to_owned(),
                };
                attributes.push((attribute, text));
            }
        }
        let mut start = BytesStart::new(qualified.as_str());
        for (prefix, namespace) in &declarations {
            match prefix {
                Some(prefix) => start.push_attribute((format!("xmlns:{prefix}").as_str(), namespace.as_str())),
                None => start.push_attribute(("xmlns", namespace.as_str())),
            }
        }
        for (attribute, text) in &attributes {
            start.push_attribute((attribute.as_str(), text.as_str()));
        }
        self.scopes.push(declarations);
        let before = self.writer.get_ref().len();
        self.event(Event::Start(start.borrow()))?;
        let after_start = self.writer.get_ref().len();
        self.write_content(value, json)?;
        if self.writer.get_ref().len() == after_start {
            self.writer.get_mut().truncate(before);
            self.event(Event::Empty(start))?;
        } else {
            self.event(Event::End(start.to_end()))?;
        }
        self.scopes.pop();
        Ok(())
    }

    /// What an element holding `json` as `value` describes has within its tags.
    fn write_content(&mut self, value: XmlValue, json: &Value) -> Result<(), String> {
        match (value.resolved(), json) {
            (XmlValue::Text(_), json) => {
                if let Some(text) = self.scalar_text(json)? {
                    self.event(Event::Text(BytesText::new(&text)))?;
                }
            }
            (XmlValue::Model(table), Value::Object(object)) => self.model(table, object)?,
            (XmlValue::List { item, .. }, Value::Array(items)) => {
                for json in items {
                    self.element(Name::of(&item.name), item.value, json)?;
                }
            }
            (XmlValue::Map(values), Value::Object(object)) => {
                for (key, json) in object {
                    self.keyed(key, |output| output.element(Name::local(key), *values, json))?;
                }
            }
            (XmlValue::Any | XmlValue::Of(_), json) => self.any(json)?,
            (XmlValue::Model(_) | XmlValue::Map(_), _) => return Err(self.error("an object is expected")),
            (XmlValue::List { .. }, _) => return Err(self.error("a list is expected")),
        }
        Ok(())
    }

    fn model(&mut self, table: &XmlTable, object: &Map<String, Value>) -> Result<(), String> {
        for field in table.fields.iter().filter(|field| field.node == XmlNode::Text) {
            let Some(json) = object.get(field.wire_name) else { continue };
            if let Some(text) = self.text(field.wire_name, json)? {
                self.event(Event::Text(BytesText::new(&text)))?;
            }
        }
        for field in table.fields.iter().filter(|field| field.node == XmlNode::Element) {
            let Some(json) = object.get(field.wire_name) else { continue };
            self.keyed(field.wire_name, |output| output.field(field, json))?;
        }
        let others = table.others.copied().unwrap_or(XmlValue::Any);
        for (key, json) in object {
            if !table.fields.iter().any(|field| field.wire_name == key) {
                self.keyed(key, |output| output.element(Name::local(key), others, json))?;
            }
        }
        Ok(())
    }

    fn field(&mut self, field: &XmlField, json: &Value) -> Result<(), String> {
        match (field.value.resolved(), json) {
            (XmlValue::List { wrapped: false, item }, Value::Array(items)) => {
                for json in items {
                    self.element(Name::of(&item.name), item.value, json)?;
                }
                Ok(())
            }
            (XmlValue::List { wrapped: false, .. }, json) if !json.is_null() => Err(self.error("a list is expected")),
            (value, json) => self.element(Name::of(&field.name), value, json),
        }
    }

    /// Any value: an object's keys as elements (a list as repeated elements), a scalar as text.
    fn any(&mut self, json: &Value) -> Result<(), String> {
        match json {
            Value::Object(object) => {
                for (key, json) in object {
                    if key == TEXT_KEY {
                        if let Some(text) = self.scalar_text(json)? {
                            self.event(Event::Text(BytesText::new(&text)))?;
                        }
                        continue;
                    }
                    self.keyed(key, |output| match json {
                        Value::Array(items) => {
                            items.iter().try_for_each(|item| output.element(Name::local(key), XmlValue::Any, item))
                        }
                        json => output.element(Name::local(key), XmlValue::Any, json),
                    })?;
                }
                Ok(())
            }
            // A list within an element: each item an element of the same name, as OpenAPI names
            // a wrapped list's items when nothing else names them.
            Value::Array(_) => Err(self.error("a list of any values has no element name for its items")),
            json => {
                if let Some(text) = self.scalar_text(json)? {
                    self.event(Event::Text(BytesText::new(&text)))?;
                }
                Ok(())
            }
        }
    }

    /// Runs `write` with `key` on the path.
    fn keyed(&mut self, key: &str, write: impl FnOnce(&mut Self) -> Result<(), String>) -> Result<(), String> {
        self.path.push(key.to_owned());
        let written = write(self);
        self.path.pop();
        written
    }

    /// The text of the field `key`'s scalar; none for a null.
    fn text(&mut self, key: &str, json: &Value) -> Result<Option<String>, String> {
        self.path.push(key.to_owned());
        let text = self.scalar_text(json);
        self.path.pop();
        text
    }

    /// A scalar as text; none for a null.
    fn scalar_text(&self, json: &Value) -> Result<Option<String>, String> {
        match json {
            Value::Null => Ok(None),
            Value::String(text) => Ok(Some(text.clone())),
            Value::Bool(_) | Value::Number(_) => Ok(Some(json.to_string())),
            Value::Array(_) | Value::Object(_) => Err(self.error("text is expected, not a list or an object")),
        }
    }
}

/// Whether `name` can name an element: a letter or `_` first, then letters, digits, `-`, `_` and
/// `.` (any character beyond ASCII counts as a letter).
fn is_xml_name(name: &str) -> bool {
    let mut characters = name.chars();
    let Some(first) = characters.next() else { return false };
    let letter = |c: char| c.is_alphabetic() || c == '_' || !c.is_ascii();
    letter(first) && characters.all(|c| letter(c) || c.is_ascii_digit() || matches!(c, '-' | '.'))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const fn element(local: &'static str, node: XmlNode, value: XmlValue, wire_name: &'static str) -> XmlField {
        XmlField { wire_name, name: XmlName::local(local), node, value }
    }

    static TAG: XmlTable = XmlTable {
        fields: &[
            element("id", XmlNode::Attribute, XmlValue::Text(XmlScalar::Integer), "id"),
            element("label", XmlNode::Text, XmlValue::Text(XmlScalar::String), "label"),
        ],
        others: None,
    };

    fn tag() -> XmlValue {
        XmlValue::Model(&TAG)
    }

    /// A pet: an attribute, a namespaced and prefixed element, a wrapped list of models, an
    /// unwrapped list of numbers, a boolean, a nested model and itself within.
    static PET: XmlTable = XmlTable {
        fields: &[
            element("id", XmlNode::Attribute, XmlValue::Text(XmlScalar::Integer), "id"),
            XmlField {
                wire_name: "name",
                name: XmlName { local: "name", namespace: Some("urn:pets"), prefix: Some("p") },
                node: XmlNode::Element,
                value: XmlValue::Text(XmlScalar::String),
            },
            element(
                "tags",
                XmlNode::Element,
                XmlValue::List {
                    wrapped: true,
                    item: &XmlElement { name: XmlName::local("tag"), value: XmlValue::Of(tag) },
                },
                "tags",
            ),
            element(
                "weights",
                XmlNode::Element,
                XmlValue::List {
                    wrapped: false,
                    item: &XmlElement { name: XmlName::local("weight"), value: XmlValue::Text(XmlScalar::Number) },
                },
                "weights",
            ),
            element("vaccinated", XmlNode::Element, XmlValue::Text(XmlScalar::Boolean), "isVaccinated"),
            element("parent", XmlNode::Element, XmlValue::Of(pet), "parent"),
        ],
        others: None,
    };

    fn pet() -> XmlValue {
        XmlValue::Model(&PET)
    }

    static ROOT: XmlElement = XmlElement {
        name: XmlName { local: "Pet", namespace: Some("urn:zoo"), prefix: None },
        value: XmlValue::Of(pet),
    };

    const PET_XML: &str = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<Pet xmlns="urn:zoo" id="7">"#,
        r#"<p:name xmlns:p="urn:pets">Rex &amp; co</p:name>"#,
        r#"<tags><tag id="1">good</tag><tag id="2"/></tags>"#,
        r#"<weight>4.5</weight><weight>5</weight>"#,
        r#"<vaccinated>true</vaccinated>"#,
        r#"<parent id="1"><tags/></parent>"#,
        r#"</Pet>"#,
    );

    fn pet_json() -> Value {
        json!({
            "id": 7,
            "name": "Rex & co",
            "tags": [{"id": 1, "label": "good"}, {"id": 2}],
            "weights": [4.5, 5],
            "isVaccinated": true,
            "parent": {"id": 1, "tags": []},
        })
    }

    #[test]
    fn a_model_is_written_as_its_table_says() {
        let written = write(&ROOT, &pet_json()).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), PET_XML);
    }

    #[test]
    fn a_document_is_read_as_the_table_says_with_scalars_typed() {
        let read = read(&ROOT, PET_XML.as_bytes()).unwrap();
        let mut expected = pet_json();
        // An empty element's text is an empty string; an unwrapped list that is absent is empty.
        expected["tags"][1]["label"] = json!("");
        expected["parent"]["weights"] = json!([]);
        assert_eq!(read, expected);
    }

    #[test]
    fn namespaces_match_by_uri_and_unknown_elements_are_skipped() {
        let text = r#"<zoo:Pet xmlns:zoo="urn:zoo" xmlns:q="urn:pets" xmlns:other="urn:other" id=" 7 ">
            <other:name>not this one</other:name>
            <q:name>Rex</q:name>
            <unknown><deep>1</deep></unknown>
            <vaccinated>0</vaccinated>
        </zoo:Pet>"#;
        let read = read(&ROOT, text.as_bytes()).unwrap();
        assert_eq!(read, json!({"id": 7, "name": "Rex", "weights": [], "isVaccinated": false}));
    }

    #[test]
    fn an_element_in_no_namespace_stands_for_the_named_one() {
        let text = r#"<Pet><other:name xmlns:other="urn:other">no</other:name><name>Rex</name></Pet>"#;
        assert_eq!(read(&ROOT, text.as_bytes()).unwrap(), json!({"name": "Rex", "weights": []}));
    }

    #[test]
    fn text_that_is_not_its_scalar_is_an_error_naming_the_element() {
        let text = "<Pet><parent><weight>heavy</weight></parent></Pet>";
        assert_eq!(read(&ROOT, text.as_bytes()).unwrap_err(), "`Pet/parent/weight`: `heavy` is not a number");
        let text = r#"<Pet id="seven"/>"#;
        assert_eq!(read(&ROOT, text.as_bytes()).unwrap_err(), "`Pet/id`: `seven` is not an integer");
        let text = "<Pet><vaccinated>yes</vaccinated></Pet>";
        assert_eq!(read(&ROOT, text.as_bytes()).unwrap_err(), "`Pet/vaccinated`: `yes` is not a boolean");
    }

    #[test]
    fn nil_and_empty_scalars_are_null() {
        let text = r#"<Pet xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <p:name xmlns:p="urn:pets" xsi:nil="true"/><vaccinated></vaccinated></Pet>"#;
        let read = read(&ROOT, text.as_bytes()).unwrap();
        assert_eq!(read, json!({"name": null, "weights": [], "isVaccinated": null}));
    }

    #[test]
    fn a_model_within_an_undescribed_wrapper_is_found_one_level_down() {
        let text = r#"<PetResponse><PetResult id="3"><weight>1</weight></PetResult>
            <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PetResponse>"#;
        let read = read(&ROOT, text.as_bytes()).unwrap();
        assert_eq!(read, json!({"id": 3, "weights": [1]}));
    }

    #[test]
    fn a_root_list_is_within_its_element() {
        static LIST: XmlElement = XmlElement {
            name: XmlName::local("pets"),
            value: XmlValue::List {
                wrapped: true,
                item: &XmlElement { name: XmlName::local("Pet"), value: XmlValue::Of(pet) },
            },
        };
        let value = json!([{"id": 1, "weights": []}, {"id": 2, "weights": [3]}]);
        let written = String::from_utf8(write(&LIST, &value).unwrap()).unwrap();
        assert_eq!(
            written,
            r#"<?xml version="1.0" encoding="UTF-8"?><pets><Pet id="1"/><Pet id="2"><weight>3</weight></Pet></pets>"#
        );
        assert_eq!(read(&LIST, written.as_bytes()).unwrap(), value);
    }

    #[test]
    fn any_value_reads_elements_as_objects_and_repeats_as_lists() {
        let text = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
            <Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>gone</Message></Error>
            <Item n="1">a</Item><Item>b</Item><Item>c</Item>
            <RequestId>r-1</RequestId></ErrorResponse>"#;
        assert_eq!(
            read_any(text.as_bytes()).unwrap(),
            json!({
                "Error": {"Type": "Sender", "Code": "ExpiredTokenException", "Message": "gone"},
                "Item": [{"n": "1", "$text": "a"}, "b", "c"],
                "RequestId": "r-1",
            })
        );
    }

    #[test]
    fn any_value_and_maps_are_written_key_by_key() {
        static MAP: XmlValue = XmlValue::Text(XmlScalar::Integer);
        static ROOT: XmlElement = XmlElement { name: XmlName::local("counts"), value: XmlValue::Map(&MAP) };
        let written = write(&ROOT, &json!({"a": 1, "b": 2})).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            r#"<?xml version="1.0" encoding="UTF-8"?><counts><a>1</a><b>2</b></counts>"#
        );
        static ANY: XmlElement = XmlElement { name: XmlName::local("doc"), value: XmlValue::Any };
        let written = write(&ANY, &json!({"x": ["1", {"y": true}], "$text": "t"})).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            r#"<?xml version="1.0" encoding="UTF-8"?><doc><x>1</x><x><y>true</y></x>t</doc>"#
        );
    }

    #[test]
    fn what_cannot_be_written_is_an_error_naming_the_field() {
        let error = write(&ROOT, &json!({"name": {"first": "R"}})).unwrap_err();
        assert_eq!(error, "`name`: text is expected, not a list or an object");
        let error = write(&ROOT, &json!({"parent": {"weights": 3}})).unwrap_err();
        assert_eq!(error, "`parent/weights`: a list is expected");
        static ANY: XmlElement = XmlElement { name: XmlName::local("doc"), value: XmlValue::Any };
        let error = write(&ANY, &json!({"a b": 1})).unwrap_err();
        assert_eq!(error, "`a b`: `a b` is not an XML name");
    }

    #[test]
    fn what_is_not_well_formed_is_refused() {
        for (text, problem) in [
            ("<a><b></a>", "not well-formed XML"),
            ("<a>", "ends within `<a>`"),
            ("", "holds no XML element"),
            ("<a>&custom;</a>", "unknown entity `&custom;`"),
            ("<a b='1' b='2'/>", "malformed attribute"),
        ] {
            let error = read_any(text.as_bytes()).unwrap_err();
            assert!(error.contains(problem), "{text}: {error}");
        }
        assert!(read_any(b"\xff<a/>").unwrap_err().contains("not UTF-8"));
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(read_any(deep.as_bytes()).unwrap_err().contains("nests more than"));
    }

    #[test]
    fn character_references_and_cdata_are_text() {
        let text = "<a>x &#65;&#x42; <![CDATA[<c>]]> &lt;</a>";
        assert_eq!(read_any(text.as_bytes()).unwrap(), json!("x AB <c> <"));
    }
}
