//! XML bodies, read and written by the tables the generator emits for each model an XML body
//! reaches. An answer's XML becomes the model's JSON form, which serde then reads as it reads a
//! JSON body; a model's JSON form becomes XML. So one model, with its serde names, serves both.
//!
//! A table says what OpenAPI's `xml` objects say (element and attribute names, namespaces and
//! prefixes, wrapped or unwrapped lists) and what kind of scalar each text holds, since XML holds
//! numbers and booleans as text. Elements and attributes a table does not name are skipped, as
//! serde skips unknown JSON fields; one in another namespace than the table's is another, one in
//! no namespace is taken for the table's. A null is left out when writing.
//!
//! The tables and the [`Xml`] trait are always here, so generated code compiles either way; reading
//! and writing XML (quick-xml) come with the `xml` feature, which a generated crate turns on when
//! its spec has XML bodies. Without it, an XML body is an error that says so, and an XML error
//! body is kept as text without its code and message read out.

#[cfg(feature = "xml")]
mod codec;

use serde_json::Value;

/// A name in XML: the local name, with the namespace and prefix the spec gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlName {
    pub local: &'static str,
    pub namespace: Option<&'static str>,
    pub prefix: Option<&'static str>,
}

impl XmlName {
    /// A name in no namespace, without a prefix.
    pub const fn local(local: &'static str) -> XmlName {
        XmlName { local, namespace: None, prefix: None }
    }
}

/// An element: a body's root, or each item of a list.
#[derive(Debug, Clone, Copy)]
pub struct XmlElement {
    pub name: XmlName,
    pub value: XmlValue,
}

/// What an element holds.
#[derive(Debug, Clone, Copy)]
pub enum XmlValue {
    /// Text, read as this kind of scalar.
    Text(XmlScalar),
    /// A model's fields.
    Model(&'static XmlTable),
    /// The value of a type, looked up when it is reached (so that a model can hold itself).
    Of(fn() -> XmlValue),
    /// A list, each item an element `item`. A field's list is held in an element of the field's
    /// name when `wrapped`, else its items stand directly in the parent; a list that is an
    /// element's whole value (a body's root, an item of a list) is always within that element.
    List { wrapped: bool, item: &'static XmlElement },
    /// A map: an element per key, named after it.
    Map(&'static XmlValue),
    /// Any value: an element of text only is a string, any other an object of its attributes and
    /// elements (repeated elements as a list, its own text under the key `$text`).
    Any,
}

/// The kind of value a text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlScalar {
    String,
    Integer,
    Number,
    Boolean,
}

/// The fields of a model, in the spec's order.
#[derive(Debug)]
pub struct XmlTable {
    pub fields: &'static [XmlField],
    /// How elements no field names are read, when the model keeps properties beyond the named
    /// ones (`additionalProperties`).
    pub others: Option<&'static XmlValue>,
}

/// A field of a model: its name in the model's JSON form and where it is in XML.
#[derive(Debug)]
pub struct XmlField {
    pub wire_name: &'static str,
    /// The element's or attribute's name (a wrapped list's wrapper).
    pub name: XmlName,
    pub node: XmlNode,
    pub value: XmlValue,
}

/// Which part of its model's element a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlNode {
    /// An element within it.
    Element,
    /// An attribute of it.
    Attribute,
    /// Its own text (OpenAPI 3.2's `nodeType: text`), beside its attributes.
    Text,
}

/// A type an XML body can be read as: the models an XML body reaches (the generator implements
/// it for each), text, scalars and any value.
pub trait Xml {
    /// How the type stands in XML.
    fn xml() -> XmlValue;
}

impl Xml for Value {
    fn xml() -> XmlValue {
        XmlValue::Any
    }
}

impl Xml for String {
    fn xml() -> XmlValue {
        XmlValue::Text(XmlScalar::String)
    }
}

impl Xml for bool {
    fn xml() -> XmlValue {
        XmlValue::Text(XmlScalar::Boolean)
    }
}

macro_rules! xml_scalars {
    ($scalar:ident: $($ty:ty),*) => {
        $(impl Xml for $ty {
            fn xml() -> XmlValue {
                XmlValue::Text(XmlScalar::$scalar)
            }
        })*
    };
}
xml_scalars!(Integer: i32, i64, u32, u64);
xml_scalars!(Number: f32, f64);

impl<T: Xml> Xml for Option<T> {
    fn xml() -> XmlValue {
        T::xml()
    }
}

#[cfg(feature = "xml")]
pub use codec::{read, read_any, write};
#[cfg(not(feature = "xml"))]
pub use without_codec::{read, read_any, write};

/// Reading and writing where the `xml` feature is off: each says so.
#[cfg(not(feature = "xml"))]
mod without_codec {
    use super::{Value, XmlElement};

    const OFF: &str = "XML bodies need client-runtime's `xml` feature, which this build does not have";

    pub fn read(_root: &XmlElement, _text: &[u8]) -> Result<Value, String> {
        Err(OFF.to_owned())
    }

    pub fn read_any(_text: &[u8]) -> Result<Value, String> {
        Err(OFF.to_owned())
    }

    pub fn write(_root: &XmlElement, _value: &Value) -> Result<Vec<u8>, String> {
        Err(OFF.to_owned())
    }
}
