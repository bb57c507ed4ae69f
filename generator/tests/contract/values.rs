//! Values a schema accepts, made from the schema itself: every property a request may carry
//! (optional ones too), enum values, formats, patterns, lengths, bounds and item counts met.
//!
//! Schemas are read from the document as the generator parsed it (upgraded to OpenAPI 3.0's
//! shape, other files' references copied in), as plain JSON.

use serde_json::{Map, Value, json};

/// How deep nested objects are filled in: past it only required properties are given, and past
/// twice it the schema is taken to recurse without end.
const FULL_DEPTH: usize = 4;

/// Strings tried for a schema without an enum or a format, in order, until one meets its
/// pattern and lengths: words, numbers and shapes the specs' patterns ask for.
const PLAIN_CANDIDATES: &[&str] = &[
    "sample",
    "sample-1",
    "123456",
    "12:30",
    "p50",
    "Average",
    "1.5",
    "1h",
    "arn:aws:iam::123456789012:role/sample",
    "2c11d99a-9596-4bc6-a6ad-2336455b149c",
];

/// Makes values for the schemas of one document.
pub struct Values<'a> {
    document: &'a Value,
}

impl<'a> Values<'a> {
    pub fn new(document: &'a Value) -> Values<'a> {
        Values { document }
    }

    /// `value` with its `$ref`s followed (within the document).
    pub fn resolve(&self, mut value: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { break };
            let Some(target) = reference.strip_prefix('#').and_then(|pointer| self.document.pointer(pointer)) else {
                break;
            };
            value = target;
        }
        value
    }

    /// A value `schema` accepts, as a request sends it (read-only properties left out).
    pub fn value(&self, schema: &Value) -> Result<Value, String> {
        self.at_depth(schema, 0)
    }

    /// A value for a parameter: its schema's, or that of the media type it is given by
    /// (`content`), with the parameter's own example tried first for a string.
    pub fn parameter(&self, parameter: &Value) -> Result<Value, String> {
        let schema = parameter
            .get("schema")
            .or_else(|| parameter.get("content")?.as_object()?.values().next()?.get("schema"))
            .ok_or("the parameter has no schema")?;
        let schema = self.resolve(schema);
        match (parameter.get("example"), self.merged(schema)) {
            (Some(example), merged) if fits(example, &merged) => Ok(example.clone()),
            _ => self.value(schema),
        }
    }

    fn at_depth(&self, schema: &Value, depth: usize) -> Result<Value, String> {
        if depth > 2 * FULL_DEPTH {
            return Err("the schema recurses without end".into());
        }
        let schema = self.merged(self.resolve(schema));
        if let Some(value) =
            schema.get("enum").and_then(Value::as_array).and_then(|values| values.iter().find(|v| !v.is_null()))
        {
            return Ok(value.clone());
        }
        for alternatives in ["oneOf", "anyOf"] {
            if let Some(choices) = schema.get(alternatives).and_then(Value::as_array) {
                return self.alternative(&schema, choices, depth);
            }
        }
        match type_of(&schema) {
            "object" => self.object(&schema, depth),
            "array" => self.array(&schema, depth),
            "string" => string(&schema),
            "integer" => Ok(json!(number(&schema).round() as i64)),
            "number" => Ok(json!(number(&schema))),
            "boolean" => Ok(json!(true)),
            _ => Ok(json!("sample")),
        }
    }

    /// The first alternative that is not `null`; with a discriminator, tagged as that
    /// alternative.
    fn alternative(&self, schema: &Value, choices: &[Value], depth: usize) -> Result<Value, String> {
        let choice = choices
            .iter()
            .find(|choice| type_of(&self.merged(self.resolve(choice))) != "null")
            .ok_or("every alternative is null")?;
        let mut value = self.at_depth(choice, depth)?;
        if let (Some(discriminator), Some(reference)) =
            (schema.get("discriminator"), choice.get("$ref").and_then(Value::as_str))
        {
            let property = discriminator.get("propertyName").and_then(Value::as_str).unwrap_or_default();
            let mapped = discriminator
                .get("mapping")
                .and_then(Value::as_object)
                .and_then(|mapping| mapping.iter().find(|(_, target)| target.as_str() == Some(reference)))
                .map(|(tag, _)| tag.as_str());
            // Without a mapping the tag is the schema's name, unless the schema lists the values
            // its tag takes: the value made from that list already carries one.
            let alternative = self.merged(self.resolve(choice));
            let listed = alternative.pointer(&format!("/properties/{property}/enum")).is_some();
            let tag = match mapped {
                Some(tag) => Some(tag),
                None if listed => None,
                None => reference.rsplit('/').next(),
            };
            if let (Value::Object(fields), Some(tag)) = (&mut value, tag) {
                fields.insert(property.to_owned(), json!(tag));
            }
        }
        Ok(value)
    }

    fn object(&self, schema: &Value, depth: usize) -> Result<Value, String> {
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut object = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            let is_required = required.contains(&name.as_str());
            let resolved = self.resolve(property);
            if resolved.get("readOnly") == Some(&Value::Bool(true)) && !is_required {
                continue;
            }
            if depth >= FULL_DEPTH && !is_required {
                continue;
            }
            object.insert(name.clone(), self.at_depth(property, depth + 1).map_err(|e| format!("{name}: {e}"))?);
        }
        if object.is_empty()
            && let Some(additional) = schema.get("additionalProperties").filter(|additional| additional.is_object())
        {
            object.insert("key".to_owned(), self.at_depth(additional, depth + 1)?);
        }
        Ok(Value::Object(object))
    }

    fn array(&self, schema: &Value, depth: usize) -> Result<Value, String> {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
        let max = schema.get("maxItems").and_then(Value::as_u64).unwrap_or(u64::MAX);
        let count = min.min(max);
        let item = match schema.get("items") {
            Some(items) => self.at_depth(items, depth + 1).map_err(|e| format!("items: {e}"))?,
            None => json!("sample"),
        };
        Ok(Value::Array((0..count).map(|_| item.clone()).collect()))
    }

    /// The schema with its `allOf` parts merged in: properties and required fields joined, the
    /// first word of any other keyword kept.
    pub fn merged(&self, schema: &Value) -> Value {
        let Some(parts) = schema.get("allOf").and_then(Value::as_array) else { return schema.clone() };
        let mut merged = schema.as_object().cloned().unwrap_or_default();
        merged.remove("allOf");
        for part in parts {
            let part = self.merged(self.resolve(part));
            for (key, value) in part.as_object().into_iter().flatten() {
                match (key.as_str(), merged.get_mut(key)) {
                    ("properties", Some(Value::Object(properties))) => {
                        for (name, property) in value.as_object().into_iter().flatten() {
                            properties.entry(name.clone()).or_insert_with(|| property.clone());
                        }
                    }
                    ("required", Some(Value::Array(required))) => {
                        required.extend(value.as_array().into_iter().flatten().cloned());
                    }
                    (_, Some(_)) => {}
                    (_, None) => {
                        merged.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        Value::Object(merged)
    }
}

/// The schema's type, or the one its other keywords imply.
pub fn type_of(schema: &Value) -> &str {
    match schema.get("type").and_then(Value::as_str) {
        Some(kind) => kind,
        None if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => "object",
        None if schema.get("items").is_some() => "array",
        None if schema.get("pattern").is_some() || schema.get("format").is_some() => "string",
        None => "",
    }
}

/// A string of the schema's format, else its example or default, else a plain one: the first
/// that meets its pattern and lengths (padded or cut to them).
fn string(schema: &Value) -> Result<Value, String> {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or_default();
    let formatted = match format {
        "date-time" => Some("2024-05-06T07:08:09Z"),
        "date" => Some("2024-05-06"),
        "time" => Some("07:08:09Z"),
        "uuid" | "uuid4" => Some("2c11d99a-9596-4bc6-a6ad-2336455b149c"),
        "email" => Some("user@example.com"),
        "uri" | "url" => Some("https://example.com/sample"),
        "uriref" | "uri-reference" => Some("/sample"),
        "hostname" => Some("example.com"),
        "ipv4" => Some("192.0.2.1"),
        "ipv6" => Some("2001:db8::1"),
        "byte" => Some("c2FtcGxl"),
        _ => None,
    };
    let written = ["example", "default"].into_iter().filter_map(|key| schema.get(key)?.as_str());
    let candidates = formatted.into_iter().chain(written).chain(PLAIN_CANDIDATES.iter().copied());
    for candidate in candidates {
        if let Some(fitted) = fitted_length(candidate, schema) {
            return Ok(json!(fitted));
        }
    }
    let pattern = schema.get("pattern").and_then(Value::as_str).unwrap_or_default();
    Err(format!("no sample string meets the pattern `{pattern}` and the lengths"))
}

/// `candidate` padded (by repeating its last character) or cut to the schema's lengths, if it
/// then meets its pattern.
fn fitted_length(candidate: &str, schema: &Value) -> Option<String> {
    let length = |key| schema.get(key).and_then(Value::as_u64).map(|n| n as usize);
    let (min, max) = (length("minLength").unwrap_or(0), length("maxLength").unwrap_or(usize::MAX));
    let mut text: String = candidate.chars().take(max).collect();
    let last = text.chars().last().unwrap_or('a');
    while text.chars().count() < min {
        text.push(last);
    }
    matches_pattern(&text, schema).then_some(text)
}

/// Whether `text` meets the schema's pattern, found anywhere in it as JSON Schema reads a
/// pattern: an ECMA-262 regular expression with Unicode on (`\p{L}` a letter), as Prism reads it.
fn matches_pattern(text: &str, schema: &Value) -> bool {
    let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else { return true };
    let regex = regress::Regex::with_flags(pattern, "u").or_else(|_| regress::Regex::new(pattern));
    regex.is_ok_and(|regex| regex.find(text).is_some())
}

/// A number within the schema's bounds and a multiple of its `multipleOf`: its example or
/// default when they are, else 1 moved into the bounds.
fn number(schema: &Value) -> f64 {
    let bound = |key: &str, exclusive: &str, step: f64| {
        let value = schema.get(key).and_then(Value::as_f64)?;
        Some(if schema.get(exclusive) == Some(&Value::Bool(true)) { value + step } else { value })
    };
    let integer = type_of(schema) == "integer";
    let step = if integer { 1.0 } else { 0.5 };
    let minimum = bound("minimum", "exclusiveMinimum", step).unwrap_or(f64::MIN);
    let maximum = bound("maximum", "exclusiveMaximum", -step).unwrap_or(f64::MAX);
    let multiple = schema.get("multipleOf").and_then(Value::as_f64).filter(|m| *m > 0.0);
    let fits = |n: f64| {
        (minimum..=maximum).contains(&n)
            && multiple.is_none_or(|m| (n / m).fract() == 0.0)
            && (!integer || n.fract() == 0.0)
    };
    let written = ["example", "default"].into_iter().filter_map(|key| schema.get(key)?.as_f64());
    if let Some(n) = written.into_iter().find(|n| fits(*n)) {
        return n;
    }
    let start = 1f64.clamp(minimum, maximum);
    match multiple {
        Some(m) => ((start / m).ceil() * m).min(maximum),
        None => start,
    }
}

/// Whether a written example is a value the (merged) schema takes, as far as a scalar's type,
/// enum, pattern and lengths say.
fn fits(example: &Value, schema: &Value) -> bool {
    let listed = schema.get("enum").and_then(Value::as_array).is_none_or(|values| values.contains(example));
    listed
        && match (type_of(schema), example) {
            ("string", Value::String(text)) => fitted_length(text, schema).as_deref() == Some(text.as_str()),
            ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
            ("number", Value::Number(_)) | ("boolean", Value::Bool(_)) => true,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(schema: Value) -> Value {
        let document = json!({});
        Values::new(&document).value(&schema).expect("a value")
    }

    #[test]
    fn strings_meet_their_format_pattern_and_lengths() {
        assert_eq!(value(json!({"type": "string", "format": "uuid"})), json!("2c11d99a-9596-4bc6-a6ad-2336455b149c"));
        assert_eq!(value(json!({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"})), json!("12:30"));
        assert_eq!(value(json!({"type": "string", "minLength": 8, "maxLength": 8})), json!("sampleee"));
        assert_eq!(value(json!({"type": "string", "maxLength": 3})), json!("sam"));
        assert_eq!(value(json!({"type": "string", "pattern": "[\\d]*", "minLength": 6})), json!("sample"));
        assert_eq!(value(json!({"type": "string", "pattern": "^\\p{Lu}\\p{Ll}+$"})), json!("Average"));
        let document = json!({});
        let impossible = json!({"type": "string", "pattern": "^z+$", "minLength": 1});
        assert!(Values::new(&document).value(&impossible).is_err());
    }

    #[test]
    fn numbers_stay_within_bounds_and_steps() {
        assert_eq!(value(json!({"type": "integer", "minimum": 900, "maximum": 43200})), json!(900));
        assert_eq!(value(json!({"type": "integer", "maximum": 0})), json!(0));
        assert_eq!(
            value(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "multipleOf": 5})),
            json!(5)
        );
        assert_eq!(value(json!({"type": "integer", "example": 42})), json!(42));
    }

    #[test]
    fn objects_carry_every_writable_property_and_tag_their_alternative() {
        let document = json!({"components": {"schemas": {
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "id": {"type": "integer", "readOnly": true}}},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}},
            "Dog": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["dog"]}}},
            "Unmapped": {"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind"}},
            "Listed": {"oneOf": [{"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": "kind"}},
        }}});
        let values = Values::new(&document);
        let pet = values.value(&json!({"$ref": "#/components/schemas/Pet"})).expect("a pet");
        assert_eq!(pet, json!({"kind": "cat"}));
        let unmapped = values.value(&json!({"$ref": "#/components/schemas/Unmapped"})).expect("a cat");
        assert_eq!(unmapped, json!({"kind": "Cat"}), "the schema's name");
        let listed = values.value(&json!({"$ref": "#/components/schemas/Listed"})).expect("a dog");
        assert_eq!(listed, json!({"kind": "dog"}), "the value its schema lists");
        let merged = json!({"allOf": [{"$ref": "#/components/schemas/Cat"}, {"properties": {"name": {"type": "string", "enum": ["Tom"]}}}]});
        assert_eq!(values.value(&merged).expect("a cat"), json!({"kind": "sample", "name": "Tom"}));
        assert_eq!(
            values.value(&json!({"type": "array", "items": {"type": "boolean"}, "minItems": 2})).unwrap(),
            json!([true, true])
        );
    }
}
