//! XML bodies: how each value an XML body holds stands in XML, read from OpenAPI's `xml` objects
//! (3.0's `name`, `namespace`, `prefix`, `attribute` and `wrapped`, 3.2's `nodeType`) with their
//! defaults applied, and the table of each model an XML body reaches.
//!
//! Names follow the specification. A property's element takes the property's name, or its own
//! `xml.name`. A list's items take their schema's `xml.name`, else the wrapper's name when the list
//! is wrapped, else the property's. A body's root takes its schema's `xml.name`, else the name of
//! the component it is. A referenced schema's `xml.name` names a root or a list's items, never a
//! property, so that two properties of one model's type stay apart; its `namespace` and `prefix`
//! apply wherever it is used.

use serde::Deserialize;
use serde_json::Value;

use super::lowerer::Lowerer;
use crate::diagnostic::Pointer;
use crate::ir::{
    Field, ModelKind, RustName, Type, XmlElement, XmlField, XmlName, XmlNode, XmlScalar, XmlTable, XmlValue,
};

/// A schema's `xml` object as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct XmlObject {
    name: Option<String>,
    namespace: Option<String>,
    prefix: Option<String>,
    attribute: bool,
    wrapped: bool,
    /// OpenAPI 3.2: `element`, `attribute`, `text`, `cdata` or `none`.
    node_type: Option<String>,
}

/// What the document says of the XML of a schema where it is used.
#[derive(Debug, Default)]
struct Described {
    /// Its own `xml` object.
    own: XmlObject,
    /// The `xml` object of the schema it refers to (through `$ref`, or an `allOf` of one part).
    referenced: XmlObject,
    /// The name of the component it is or refers to.
    component: Option<String>,
    /// Where the schema of a list's items is.
    items_at: Option<Pointer>,
    /// Where the schema of a map's values is.
    values_at: Option<Pointer>,
}

impl Described {
    /// `local` in the namespace the schema's own `xml` object gives, else the referenced one's.
    fn name(&self, local: &str) -> XmlName {
        let named =
            if self.own.namespace.is_some() || self.own.prefix.is_some() { &self.own } else { &self.referenced };
        XmlName { local: local.to_owned(), namespace: named.namespace.clone(), prefix: named.prefix.clone() }
    }
}

/// Where an XML body's root is used, which decides whether an unnamed one is worth a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::lower) enum XmlUse {
    /// Written by the client: its root element's name is sent.
    Sent,
    /// Read by the client, whatever its root element's name.
    Received,
}

impl<'a> Lowerer<'a> {
    /// The root element of an XML body of type `ty` whose schema is at `at`, named `fallback`
    /// when the schema names none (an inline schema). Every model it reaches gets its table.
    pub(in crate::lower) fn xml_root(&mut self, ty: &Type, at: &Pointer, fallback: &str, usage: XmlUse) -> XmlElement {
        let described = self.described(at);
        let named = described.own.name.clone().or(described.referenced.name.clone()).or(described.component.clone());
        if named.is_none() && usage == XmlUse::Sent {
            self.warn(
                at.warning("name inferred", "an XML body's schema names no root element")
                    .note(format!("sent as `<{fallback}>`; give the schema an `xml.name`")),
            );
        }
        let local = named.unwrap_or_else(|| fallback.to_owned());
        let value = match ty.without_null() {
            // A body's whole value is within its root element.
            Type::Array(item) => {
                let item = self.xml_item(item, described.items_at.as_ref(), &local, true);
                XmlValue::List { wrapped: true, item: Box::new(item) }
            }
            ty => self.xml_value(ty, Some(at), &local),
        };
        XmlElement { name: described.name(&local), value }
    }

    /// What the document says of the XML of the schema at `at`.
    fn described(&mut self, at: &Pointer) -> Described {
        let own = self.refs.node_at(at).map(xml_object).unwrap_or_default();
        let Some((target, target_at)) = self.target(at) else { return Described { own, ..Described::default() } };
        let referenced = if target_at == *at { XmlObject::default() } else { xml_object(target) };
        let component = component_name(&target_at);
        let items_at = target.get("items").map(|_| target_at.push("items"));
        let values_at = target
            .get("additionalProperties")
            .filter(|v| v.is_object())
            .map(|_| target_at.push("additionalProperties"));
        Described { own, referenced, component, items_at, values_at }
    }

    /// The schema the one at `at` stands for, and where it is: what its `$ref` leads to, or the
    /// one part of an `allOf` whose other parts only describe it (`allOf: [$ref, {description}]`).
    fn target(&mut self, at: &Pointer) -> Option<(&'a Value, Pointer)> {
        let mut at = at.clone();
        for _ in 0..16 {
            let (schema, found_at) = self.refs.raw_schema(&at)?;
            let parts = schema.get("allOf").and_then(Value::as_array).filter(|_| schema.get("properties").is_none());
            let mut structural = parts.into_iter().flatten().enumerate().filter(|(_, part)| !describes_only(part));
            match (structural.next(), structural.next()) {
                (Some((index, _)), None) => at = found_at.push("allOf").push(index.to_string()),
                _ => return Some((schema, found_at)),
            }
        }
        None
    }

    /// The element of each item of a list of `item`s whose schema is at `at`; `default` names it
    /// when the schema does not, and a component's name does when `component_named` (a root
    /// list's items, which no property names).
    fn xml_item(&mut self, item: &Type, at: Option<&Pointer>, default: &str, component_named: bool) -> XmlElement {
        let described = at.map(|at| self.described(at)).unwrap_or_default();
        let component = described.component.clone().filter(|_| component_named);
        let local = described
            .own
            .name
            .clone()
            .or(described.referenced.name.clone())
            .or(component)
            .unwrap_or_else(|| default.to_owned());
        let value = match item.without_null() {
            // A list within a list is within its item's element.
            Type::Array(inner) => {
                let inner = self.xml_item(inner, described.items_at.as_ref(), &local, false);
                XmlValue::List { wrapped: true, item: Box::new(inner) }
            }
            item => self.xml_value(item, at, &local),
        };
        XmlElement { name: described.name(&local), value }
    }

    /// How a value of `ty` whose schema is at `at` stands within an element named `local`.
    fn xml_value(&mut self, ty: &Type, at: Option<&Pointer>, local: &str) -> XmlValue {
        match ty {
            Type::String | Type::Secret | Type::Binary => XmlValue::Text(XmlScalar::String),
            Type::Bool => XmlValue::Text(XmlScalar::Boolean),
            Type::Integer(_) => XmlValue::Text(XmlScalar::Integer),
            Type::Number(_) => XmlValue::Text(XmlScalar::Number),
            Type::Nullable(inner) => self.xml_value(inner, at, local),
            Type::Named(name) => self.xml_model(name, at),
            Type::Array(item) => {
                let items_at = at.and_then(|at| self.described(at).items_at);
                XmlValue::List { wrapped: true, item: Box::new(self.xml_item(item, items_at.as_ref(), local, false)) }
            }
            Type::Map { value, .. } => {
                let values_at = at.and_then(|at| self.described(at).values_at);
                XmlValue::Map(Box::new(self.xml_value(value, values_at.as_ref(), local)))
            }
            Type::Tuple(_) => {
                if let Some(at) = at {
                    self.warn(
                        at.warning("schema degraded", "a list of typed items in an XML body")
                            .note("read and written as any XML value"),
                    );
                }
                XmlValue::Any
            }
            Type::Any => XmlValue::Any,
        }
    }

    /// How a value of the model `name` stands in XML: an enum as text, a struct by its table
    /// (made now if it is not yet), a union or a list or map that holds itself as any value.
    fn xml_model(&mut self, name: &RustName, at: Option<&Pointer>) -> XmlValue {
        match self.models.get(name).map(|model| &model.kind) {
            Some(ModelKind::Enum(_)) => XmlValue::Text(XmlScalar::String),
            Some(ModelKind::Struct(_)) => {
                self.xml_table(name);
                XmlValue::Model(name.clone())
            }
            Some(ModelKind::OneOf(_) | ModelKind::Tagged(_)) | None => {
                if let Some(at) = at {
                    self.warn(
                        at.warning("schema degraded", format!("`{name}`, a union, in an XML body"))
                            .note("read and written as any XML value: numbers and booleans in it are text"),
                    );
                }
                XmlValue::Any
            }
            Some(ModelKind::Newtype(..)) => {
                if let Some(at) = at {
                    self.warn(
                        at.warning(
                            "schema degraded",
                            format!("`{name}`, a list or map that holds itself, in an XML body"),
                        )
                        .note("read and written as any XML value: numbers and booleans in it are text"),
                    );
                }
                XmlValue::Any
            }
        }
    }

    /// Makes the table of the struct `name`, once.
    fn xml_table(&mut self, name: &RustName) {
        if self.xml_tables.contains_key(name.word()) {
            return;
        }
        // Taken before its fields are read, so that a model holding itself finds it.
        self.xml_tables.insert(name.word().to_owned(), XmlTable::default());
        let Some(ModelKind::Struct(structure)) = self.models.get(name).map(|model| model.kind.clone()) else { return };
        let sites = self.models.field_sites(name).to_vec();
        let fields = structure.fields.iter().zip(&sites).map(|(field, at)| self.xml_field(field, at)).collect();
        let others = structure.additional.map(|additional| self.xml_value(&additional.ty, None, name.word()));
        self.xml_tables.insert(name.word().to_owned(), XmlTable { fields, others });
    }

    /// A field of a model's table, from its property's schema at `at`.
    fn xml_field(&mut self, field: &Field, at: &Pointer) -> XmlField {
        let described = self.described(at);
        let own = &described.own;
        let mut node = match own.node_type.as_deref() {
            Some("attribute") => XmlNode::Attribute,
            Some("text" | "cdata") => XmlNode::Text,
            _ if own.attribute => XmlNode::Attribute,
            _ => XmlNode::Element,
        };
        let wire_name = field.wire_name.clone();
        if let Type::Array(item) = field.ty.without_null() {
            if node != XmlNode::Element {
                self.warn(
                    at.push("xml")
                        .warning("keyword ignored", "a list is not an attribute or text")
                        .note("read and written as elements"),
                );
            }
            let wrapped = own.wrapped || own.node_type.as_deref() == Some("element");
            // An unwrapped list's own `xml.name` names nothing.
            let local = own.name.clone().filter(|_| wrapped).unwrap_or_else(|| wire_name.clone());
            let item = self.xml_item(item, described.items_at.as_ref(), &local, false);
            let name = described.name(&local);
            return XmlField {
                wire_name,
                name,
                node: XmlNode::Element,
                value: XmlValue::List { wrapped, item: Box::new(item) },
            };
        }
        if own.node_type.as_deref() == Some("none") {
            self.warn(
                at.push("xml")
                    .push("nodeType")
                    .warning("keyword ignored", "only a list can stand in its parent without an element of its own")
                    .note("read and written as an element"),
            );
        }
        let local = own.name.clone().unwrap_or_else(|| wire_name.clone());
        let value = self.xml_value(&field.ty, Some(at), &local);
        if node != XmlNode::Element && !matches!(value, XmlValue::Text(_)) {
            self.warn(
                at.push("xml")
                    .warning("keyword ignored", "only text can be an attribute or an element's text")
                    .note("read and written as an element"),
            );
            node = XmlNode::Element;
        }
        XmlField { wire_name, name: described.name(&local), node, value }
    }
}

/// A schema's `xml` object, or the defaults when it has none (or one that does not read).
fn xml_object(schema: &Value) -> XmlObject {
    schema.get("xml").and_then(|xml| serde_json::from_value(xml.clone()).ok()).unwrap_or_default()
}

/// Whether a schema only describes a value (its description, examples, flags) and says nothing
/// of its type.
fn describes_only(schema: &Value) -> bool {
    const DESCRIPTIVE: [&str; 9] =
        ["description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "nullable"];
    schema.as_object().is_some_and(|keys| keys.keys().all(|key| DESCRIPTIVE.contains(&key.as_str())))
}

/// The component's name when `at` is `#/components/schemas/<name>`.
fn component_name(at: &Pointer) -> Option<String> {
    let tokens: Vec<String> = at.tokens().collect();
    match tokens.as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => Some(name.clone()),
        _ => None,
    }
}
