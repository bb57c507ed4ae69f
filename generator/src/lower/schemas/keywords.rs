//! Every keyword a schema carries, in one view whichever way openapiv3 typed it: a schema that
//! mixes keywords of several kinds (`type: object` beside `oneOf`, `properties` with no `type`)
//! comes through as `AnySchema`, and the lowering reads all of them alike.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{Map, Value};

use crate::parse::upgrade::LATER_KEYWORDS;

#[derive(Clone)]
pub struct Keywords<'a> {
    pub data: &'a SchemaData,
    pub typ: Option<&'a str>,
    pub format: Option<&'a str>,
    pub pattern: Option<&'a str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    /// `enum`, as written (`null` included).
    pub enumeration: Vec<Value>,
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub not: bool,
    /// What a 3.1 schema says that 3.0 has no place for (`prefixItems`, `propertyNames`,
    /// `patternProperties`, `dependentRequired`), kept by the upgrade under [`LATER_KEYWORDS`].
    pub later: Option<&'a Map<String, Value>>,
}

const NO_SCHEMAS: &[ReferenceOr<Schema>] = &[];

impl<'a> Keywords<'a> {
    pub fn of(schema: &'a Schema) -> Keywords<'a> {
        let mut keywords = Keywords {
            data: &schema.schema_data,
            typ: None,
            format: None,
            pattern: None,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            exclusive_minimum: false,
            exclusive_maximum: false,
            multiple_of: None,
            enumeration: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            min_items: None,
            max_items: None,
            one_of: NO_SCHEMAS,
            any_of: NO_SCHEMAS,
            all_of: NO_SCHEMAS,
            not: false,
            later: schema.schema_data.extensions.get(LATER_KEYWORDS).and_then(Value::as_object),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                keywords.typ = Some("string");
                keywords.format = string_format(&string.format);
                keywords.pattern = string.pattern.as_deref();
                keywords.min_length = string.min_length;
                keywords.max_length = string.max_length;
                keywords.enumeration =
                    string.enumeration.iter().map(|v| v.clone().map_or(Value::Null, Value::String)).collect();
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                keywords.typ = Some("integer");
                keywords.format = unknown_or(&integer.format, |format| match format {
                    openapiv3::IntegerFormat::Int32 => "int32",
                    openapiv3::IntegerFormat::Int64 => "int64",
                });
                keywords.minimum = integer.minimum.map(|v| v as f64);
                keywords.maximum = integer.maximum.map(|v| v as f64);
                keywords.exclusive_minimum = integer.exclusive_minimum;
                keywords.exclusive_maximum = integer.exclusive_maximum;
                keywords.multiple_of = integer.multiple_of.map(|v| v as f64);
                keywords.enumeration = integer.enumeration.iter().map(|v| v.map_or(Value::Null, Value::from)).collect();
            }
            SchemaKind::Type(Type::Number(number)) => {
                keywords.typ = Some("number");
                keywords.format = unknown_or(&number.format, |format| match format {
                    openapiv3::NumberFormat::Float => "float",
                    openapiv3::NumberFormat::Double => "double",
                });
                keywords.minimum = number.minimum;
                keywords.maximum = number.maximum;
                keywords.exclusive_minimum = number.exclusive_minimum;
                keywords.exclusive_maximum = number.exclusive_maximum;
                keywords.multiple_of = number.multiple_of;
                keywords.enumeration = number
                    .enumeration
                    .iter()
                    .map(|v| v.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number))
                    .collect();
            }
            SchemaKind::Type(Type::Boolean(boolean)) => {
                keywords.typ = Some("boolean");
                keywords.enumeration = boolean.enumeration.iter().map(|v| v.map_or(Value::Null, Value::Bool)).collect();
            }
            SchemaKind::Type(Type::Object(object)) => {
                keywords.typ = Some("object");
                keywords.properties = (!object.properties.is_empty()).then_some(&object.properties);
                keywords.required = &object.required;
                keywords.additional = object.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(array)) => {
                keywords.typ = Some("array");
                keywords.items = array.items.as_ref();
                keywords.min_items = array.min_items;
                keywords.max_items = array.max_items;
            }
            SchemaKind::OneOf { one_of } => keywords.one_of = one_of,
            SchemaKind::AnyOf { any_of } => keywords.any_of = any_of,
            SchemaKind::AllOf { all_of } => keywords.all_of = all_of,
            SchemaKind::Not { .. } => keywords.not = true,
            SchemaKind::Any(any) => {
                keywords.typ = any.typ.as_deref();
                keywords.format = any.format.as_deref();
                keywords.pattern = any.pattern.as_deref();
                keywords.min_length = any.min_length;
                keywords.max_length = any.max_length;
                keywords.minimum = any.minimum;
                keywords.maximum = any.maximum;
                keywords.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
                keywords.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
                keywords.multiple_of = any.multiple_of;
                keywords.enumeration = any.enumeration.clone();
                keywords.properties = (!any.properties.is_empty()).then_some(&any.properties);
                keywords.required = &any.required;
                keywords.additional = any.additional_properties.as_ref();
                keywords.items = any.items.as_ref();
                keywords.min_items = any.min_items;
                keywords.max_items = any.max_items;
                keywords.one_of = &any.one_of;
                keywords.any_of = &any.any_of;
                keywords.all_of = &any.all_of;
                keywords.not = any.not.is_some();
            }
        }
        keywords
    }

    /// The later keyword `name`, if the schema has it.
    pub fn later(&self, name: &str) -> Option<&'a Value> {
        self.later.and_then(|later| later.get(name))
    }

    /// How many items `prefixItems` gives a type of their own.
    pub fn prefix_items(&self) -> usize {
        self.later("prefixItems").and_then(Value::as_array).map_or(0, Vec::len)
    }

    /// The type the schema states, or the one its other keywords imply.
    pub fn inferred_type(&self) -> Option<&'a str> {
        if let Some(typ) = self.typ {
            return Some(typ);
        }
        if self.prefix_items() > 0 {
            return Some("array");
        }
        if ["patternProperties", "propertyNames", "dependentRequired"].iter().any(|name| self.later(name).is_some()) {
            return Some("object");
        }
        if self.properties.is_some() || self.additional.is_some() || !self.required.is_empty() {
            return Some("object");
        }
        if self.items.is_some() || self.min_items.is_some() || self.max_items.is_some() {
            return Some("array");
        }
        let values: Vec<&Value> = self.enumeration.iter().filter(|v| !v.is_null()).collect();
        if !values.is_empty() {
            return if values.iter().all(|v| v.is_string()) {
                Some("string")
            } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                Some("integer")
            } else if values.iter().all(|v| v.is_number()) {
                Some("number")
            } else if values.iter().all(|v| v.is_boolean()) {
                Some("boolean")
            } else {
                None
            };
        }
        match self.format {
            Some("int32" | "int64" | "int8" | "int16" | "uint8" | "uint16" | "uint32" | "uint64") => {
                return Some("integer");
            }
            Some("float" | "double" | "decimal") => return Some("number"),
            Some(_) => return Some("string"),
            None => {}
        }
        if self.pattern.is_some() || self.min_length.is_some() || self.max_length.is_some() {
            return Some("string");
        }
        if self.minimum.is_some() || self.maximum.is_some() || self.multiple_of.is_some() {
            return Some("number");
        }
        None
    }

    /// Whether the schema says nothing about the value's type: only docs, a default, flags.
    pub fn is_annotation_only(&self) -> bool {
        self.inferred_type().is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && !self.not
            && self.enumeration.is_empty()
    }

    /// Whether the schema is a `null` alone (a `nullable` variant of a union, `enum: [null]`).
    pub fn is_null(&self) -> bool {
        let only_null = !self.enumeration.is_empty() && self.enumeration.iter().all(Value::is_null);
        only_null || (self.data.nullable && self.is_annotation_only())
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    unknown_or(format, |format| match format {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    })
}

fn unknown_or<T>(format: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> &'static str) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(name(item)),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}
