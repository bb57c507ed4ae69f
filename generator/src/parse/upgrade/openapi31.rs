//! OpenAPI 3.1 and 3.2 documents in the shape of 3.0.
//!
//! 3.1 schemas are JSON Schema 2020-12. What 3.0 can say the same way is rewritten to it: a
//! `type` list with `null` is `nullable`, a list of several types is `anyOf` branches, `const` a
//! one-value `enum`, numeric `exclusiveMinimum` a bound, `examples` an `example`, base64 content a
//! `byte` string, `$ref` with siblings an `allOf` the siblings describe, boolean schemas `{}` and
//! `{not: {}}`. What 3.0 cannot say (tuples, key rules, `dependentRequired`) is kept in the
//! schema's [`LATER_KEYWORDS`] extension for lowering. What no Rust type can hold (`if`/`then`/
//! `else`, `dependentSchemas`, `unevaluatedItems`, `contains`) is dropped with a warning: the
//! value is typed from its other keywords.
//!
//! 3.2 adds the `query` method and `additionalOperations` (kept where they are, read by
//! lowering), `in: querystring` (an object parameter spread over the query), `itemSchema` (moved
//! to [`ITEM_SCHEMA`]) and discriminator `defaultMapping` (moved to [`DEFAULT_MAPPING`]).

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::origins::Origins;
use super::{DEFAULT_MAPPING, ITEM_SCHEMA, LATER_KEYWORDS, QUERYSTRING};
use crate::diagnostic::{Diagnostic, Pointer};

/// The dialect a 3.1 document's schemas are read in unless it says otherwise.
const DEFAULT_DIALECTS: [&str; 2] =
    ["https://spec.openapis.org/oas/3.1/dialect/base", "https://spec.openapis.org/oas/3.1/dialect/2024-11-10"];

/// Operation fields of a path item (3.2's `query` among them).
const METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// Keywords that 3.0 cannot hold but lowering reads, kept under [`LATER_KEYWORDS`].
const KEPT: [&str; 4] = ["prefixItems", "patternProperties", "propertyNames", "dependentRequired"];

/// Keywords whose meaning no Rust type holds: the value is typed from the others.
const NOT_ENFORCED: [&str; 10] = [
    "if",
    "then",
    "else",
    "dependentSchemas",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$recursiveRef",
];

/// Keywords of a string, a number, an array and an object: each goes with its branch when a
/// `type` list becomes `anyOf`.
const STRING_KEYWORDS: [&str; 4] = ["format", "pattern", "minLength", "maxLength"];
const NUMBER_KEYWORDS: [&str; 6] =
    ["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY_KEYWORDS: [&str; 4] = ["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS: [&str; 5] = ["properties", "required", "additionalProperties", "minProperties", "maxProperties"];

/// Rewrites a 3.1 or 3.2 `document` in place.
pub fn upgrade(document: &mut Value, origins: &mut Origins, found: &mut Vec<Diagnostic>) {
    let media_types = document
        .pointer_mut("/components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.remove("mediaTypes"))
        .and_then(|media_types| match media_types {
            Value::Object(media_types) => Some(media_types),
            _ => None,
        })
        .unwrap_or_default();
    let mut upgrade = Upgrade { origins, found, anchors: HashMap::new(), media_types };
    if let Value::Object(document) = document {
        upgrade.document(document);
    }
    let mut anchors = std::mem::take(&mut upgrade.anchors);
    // 3.2's `$self`: references through the document's own URI are references within it.
    if let Some(Value::String(own)) = document.get("$self") {
        anchors.insert(own.clone(), Pointer::root());
    }
    upgrade.origins.redirect_references(document, &anchors);
}

struct Upgrade<'u> {
    origins: &'u mut Origins,
    found: &'u mut Vec<Diagnostic>,
    /// `$anchor`s (as `#name`) and `$id`s, to where their schemas stand in the upgraded document.
    anchors: HashMap<String, Pointer>,
    /// 3.2's `components/mediaTypes`, which media types refer to: 3.0 has no references there, so
    /// each is written out where it is used.
    media_types: Map<String, Value>,
}

impl Upgrade<'_> {
    fn warn(&mut self, at: &Pointer, kind: &'static str, message: impl Into<String>, note: &str) {
        let original = self.origins.original(at);
        self.found.push(original.warning(kind, message).note(note));
    }

    fn document(&mut self, document: &mut Map<String, Value>) {
        let root = Pointer::root();
        document.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
        if let Some(dialect) = document.remove("jsonSchemaDialect") {
            if !dialect.as_str().is_some_and(|dialect| DEFAULT_DIALECTS.contains(&dialect)) {
                self.warn(
                    &root.push("jsonSchemaDialect"),
                    "dialect ignored",
                    "schemas are read as OpenAPI's own dialect of JSON Schema 2020-12",
                    "keywords of other dialects are read where they mean the same, or ignored",
                );
            }
        }
        for section in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = document.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    self.path_item(item, &root.push(section).push(name));
                }
            }
        }
        let Some(Value::Object(components)) = document.get_mut("components") else { return };
        let at = root.push("components");
        for (section, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else { continue };
            let section_at = at.push(section);
            if section == "securitySchemes" {
                self.security_schemes(entries, &section_at);
                continue;
            }
            for (name, entry) in entries.iter_mut() {
                let entry_at = section_at.push(name);
                match section.as_str() {
                    "schemas" => self.schema(entry, &entry_at),
                    "parameters" => self.parameter(entry, &entry_at),
                    "headers" => self.header(entry, &entry_at),
                    "requestBodies" => self.content_of(entry, &entry_at),
                    "responses" => self.response(entry, &entry_at),
                    "pathItems" => self.path_item(entry, &entry_at),
                    "callbacks" => self.callback(entry, &entry_at),
                    _ => {}
                }
            }
        }
    }

    /// 3.1's `mutualTLS` has no 3.0 form: such a scheme is left out (a client certificate is part
    /// of the client's TLS settings, not of each request).
    fn security_schemes(&mut self, schemes: &mut Map<String, Value>, at: &Pointer) {
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual {
            schemes.remove(&name);
            self.warn(
                &at.push(&name).push("type"),
                "security skipped",
                "mutual TLS is set up with the client's certificate, not sent with each request",
                "requirements naming it are left out",
            );
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &Pointer) {
        let Value::Object(item) = item else { return };
        for (key, value) in item.iter_mut() {
            let key_at = at.push(key);
            match key.as_str() {
                "parameters" => self.parameters(value, &key_at),
                "additionalOperations" => {
                    if let Value::Object(operations) = value {
                        for (method, operation) in operations.iter_mut() {
                            self.operation(operation, &key_at.push(method));
                        }
                    }
                }
                method if METHODS.contains(&method) => self.operation(value, &key_at),
                _ => {}
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, at: &Pointer) {
        if let Value::Object(expressions) = callback {
            for (expression, item) in expressions.iter_mut() {
                self.path_item(item, &at.push(expression));
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &Pointer) {
        let Value::Object(operation) = operation else { return };
        for (key, value) in operation.iter_mut() {
            let key_at = at.push(key);
            match key.as_str() {
                "parameters" => self.parameters(value, &key_at),
                "requestBody" => self.content_of(value, &key_at),
                "responses" => {
                    if let Value::Object(responses) = value {
                        for (status, response) in responses.iter_mut() {
                            self.response(response, &key_at.push(status));
                        }
                    }
                }
                "callbacks" => {
                    if let Value::Object(callbacks) = value {
                        for (name, callback) in callbacks.iter_mut() {
                            self.callback(callback, &key_at.push(name));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn parameters(&mut self, parameters: &mut Value, at: &Pointer) {
        if let Value::Array(parameters) = parameters {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &at.push(index.to_string()));
            }
        }
    }

    fn parameter(&mut self, parameter: &mut Value, at: &Pointer) {
        let Value::Object(fields) = parameter else { return };
        if fields.get("in").and_then(Value::as_str) == Some("querystring") {
            self.querystring(fields, at);
        }
        // 3.2's `cookie` style writes a cookie as `form` does, with `; ` between the values of a
        // list: the runtime sends cookies in the `form` style.
        if fields.get("style").and_then(Value::as_str) == Some("cookie") {
            fields.insert("style".to_owned(), json!("form"));
            self.warn(
                &at.push("style"),
                "value coerced",
                "the `cookie` style (OpenAPI 3.2) is not read yet",
                "read as `style: form`",
            );
        }
        self.header_fields(fields, at);
    }

    /// 3.2's `in: querystring`: the whole query string as one value. An object sent as a form
    /// is the same as an object query parameter in the `form` style, exploded: each property is
    /// a query parameter. Any other media type is not read yet.
    fn querystring(&mut self, fields: &mut Map<String, Value>, at: &Pointer) {
        let form = fields.get("content").and_then(Value::as_object).and_then(|content| {
            content.iter().find_map(|(media_type, media)| {
                let essence = media_type.split(';').next().unwrap_or_default().trim();
                (essence == "application/x-www-form-urlencoded")
                    .then(|| (media_type.clone(), media.get("schema").cloned()))
            })
        });
        match form {
            Some((media_type, Some(schema))) => {
                fields.remove("content");
                fields.insert("in".to_owned(), json!("query"));
                fields.insert("style".to_owned(), json!("form"));
                fields.insert("explode".to_owned(), json!(true));
                fields.insert("schema".to_owned(), schema);
                fields.insert(QUERYSTRING.to_owned(), json!(true));
                let original = self.origins.original(at).push("content").push(&media_type).push("schema");
                self.origins.moved(&at.push("schema"), &original);
            }
            _ => {
                self.warn(
                    &at.push("in"),
                    "parameter skipped",
                    "a query string that is not a form (`application/x-www-form-urlencoded`) is not sent yet",
                    "the parameter is left out",
                );
                fields.insert("in".to_owned(), json!("query"));
                fields.insert(QUERYSTRING.to_owned(), json!(false));
            }
        }
    }

    fn header(&mut self, header: &mut Value, at: &Pointer) {
        if let Value::Object(fields) = header {
            self.header_fields(fields, at);
        }
    }

    /// The schema or content of a parameter or header.
    fn header_fields(&mut self, fields: &mut Map<String, Value>, at: &Pointer) {
        if let Some(schema) = fields.get_mut("schema") {
            self.schema(schema, &at.push("schema"));
        }
        if let Some(content) = fields.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    fn response(&mut self, response: &mut Value, at: &Pointer) {
        let Value::Object(fields) = response else { return };
        if let Some(Value::Object(headers)) = fields.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.header(header, &at.push("headers").push(name));
            }
        }
        if let Some(content) = fields.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    /// A request body's `content`.
    fn content_of(&mut self, body: &mut Value, at: &Pointer) {
        if let Some(content) = body.get_mut("content") {
            self.content(content, &at.push("content"));
        }
    }

    fn content(&mut self, content: &mut Value, at: &Pointer) {
        let Value::Object(media_types) = content else { return };
        for (media_type, media) in media_types.iter_mut() {
            let media_at = at.push(media_type);
            self.write_out_media_type(media, &media_at);
            let Value::Object(media) = media else { continue };
            for unread in ["itemEncoding", "prefixEncoding"] {
                if media.remove(unread).is_some() {
                    self.warn(
                        &media_at.push(unread),
                        "ignored",
                        format!("`{unread}` (OpenAPI 3.2) is not read yet"),
                        "ignored: the items are encoded as the media type says",
                    );
                }
            }
            if let Some(item_schema) = media.remove("itemSchema") {
                let original = self.origins.original(&media_at).push("itemSchema");
                media.insert(ITEM_SCHEMA.to_owned(), item_schema);
                self.origins.moved(&media_at.push(ITEM_SCHEMA), &original);
            }
            for key in ["schema", ITEM_SCHEMA] {
                if let Some(schema) = media.get_mut(key) {
                    self.schema(schema, &media_at.push(key));
                }
            }
            if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
                for (name, encoding) in encodings.iter_mut() {
                    if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                        for (header_name, header) in headers.iter_mut() {
                            let header_at = media_at.push("encoding").push(name).push("headers").push(header_name);
                            self.header(header, &header_at);
                        }
                    }
                }
            }
        }
    }

    /// A media type given by reference to 3.2's `components/mediaTypes`, written out in place.
    fn write_out_media_type(&mut self, media: &mut Value, at: &Pointer) {
        let Some(Value::String(reference)) = media.get("$ref") else { return };
        let Some(name) = reference.strip_prefix("#/components/mediaTypes/") else { return };
        let name = name.replace("~1", "/").replace("~0", "~");
        match self.media_types.get(&name) {
            Some(target) => {
                *media = target.clone();
                let original = Pointer::root().push("components").push("mediaTypes").push(&name);
                self.origins.derived(at, &original);
            }
            None => {
                self.warn(
                    at,
                    "unresolved reference",
                    format!("reference `{reference}` points at nothing"),
                    "read as a media type without a schema",
                );
                *media = Value::Object(Map::new());
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, at: &Pointer) {
        match schema {
            Value::Bool(true) => *schema = Value::Object(Map::new()),
            Value::Bool(false) => *schema = json!({ "not": {} }),
            Value::Object(keywords) => self.schema_object(keywords, at),
            _ => {}
        }
    }

    fn schema_object(&mut self, keywords: &mut Map<String, Value>, at: &Pointer) {
        self.record_anchors(keywords, at);
        self.wrap_reference(keywords, at);
        self.rewrite_in_place(keywords, at);
        self.keep_for_lowering(keywords, at);
        for keyword in NOT_ENFORCED {
            if keywords.remove(keyword).is_some() {
                self.warn(
                    &at.push(keyword),
                    "keyword ignored",
                    format!("`{keyword}` cannot be expressed as a Rust type"),
                    "not enforced: the value is typed from the schema's other keywords",
                );
            }
        }
        self.type_list(keywords, at);
        self.subschemas(keywords, at);
    }

    fn record_anchors(&mut self, keywords: &Map<String, Value>, at: &Pointer) {
        if let Some(Value::String(anchor)) = keywords.get("$anchor") {
            self.anchors.insert(format!("#{anchor}"), at.clone());
        }
        if let Some(Value::String(id)) = keywords.get("$id") {
            self.anchors.insert(id.trim_end_matches('#').to_owned(), at.clone());
        }
    }

    /// `$ref` beside other keywords: in 2020-12 both apply, as `allOf` says in 3.0.
    fn wrap_reference(&mut self, keywords: &mut Map<String, Value>, at: &Pointer) {
        let siblings = keywords.keys().any(|key| !matches!(key.as_str(), "$ref" | "$comment" | "$id" | "$anchor"));
        if !siblings {
            return;
        }
        let Some(reference) = keywords.remove("$ref") else { return };
        let part = json!({ "$ref": reference });
        let original = self.origins.original(at);
        match keywords.get_mut("allOf") {
            Some(Value::Array(parts)) => {
                parts.push(part);
                let index = parts.len() - 1;
                self.origins.derived(&at.push("allOf").push(index.to_string()), &original);
            }
            _ => {
                keywords.insert("allOf".to_owned(), Value::Array(vec![part]));
                self.origins.derived(&at.push("allOf").push("0"), &original);
            }
        }
    }

    /// Keywords 3.0 has in another form, rewritten where they stand.
    fn rewrite_in_place(&mut self, keywords: &mut Map<String, Value>, at: &Pointer) {
        if let Some(constant) = keywords.remove("const") {
            keywords.entry("enum").or_insert_with(|| Value::Array(vec![constant]));
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            let Some(Value::Number(limit)) = keywords.get(exclusive).cloned() else { continue };
            let stricter = match keywords.get(bound).and_then(Value::as_f64) {
                Some(other) if bound == "minimum" && other > limit.as_f64().unwrap_or(f64::MIN) => false,
                Some(other) if bound == "maximum" && other < limit.as_f64().unwrap_or(f64::MAX) => false,
                _ => true,
            };
            if stricter {
                keywords.insert(bound.to_owned(), Value::Number(limit));
                keywords.insert(exclusive.to_owned(), Value::Bool(true));
            } else {
                keywords.remove(exclusive);
            }
        }
        if let Some(Value::Array(examples)) = keywords.get("examples") {
            if let Some(first) = examples.first().cloned() {
                keywords.entry("example").or_insert(first);
            }
        }
        let encoding = keywords.get("contentEncoding").and_then(Value::as_str).map(str::to_ascii_lowercase);
        let media_type = keywords.get("contentMediaType").and_then(Value::as_str).map(str::to_ascii_lowercase);
        if !keywords.contains_key("format") {
            let format = match (encoding.as_deref(), media_type.as_deref()) {
                (Some("base64" | "base64url"), _) => Some("byte"),
                (None, Some(media_type)) if !media_type.contains("json") && !media_type.starts_with("text/") => {
                    Some("binary")
                }
                _ => None,
            };
            if let Some(format) = format {
                keywords.insert("format".to_owned(), json!(format));
            }
        }
        if keywords.get("type").and_then(Value::as_str) == Some("null") {
            keywords.remove("type");
            keywords.insert("enum".to_owned(), json!([null]));
            keywords.insert("nullable".to_owned(), json!(true));
        }
        if !keywords.contains_key("additionalProperties") {
            if let Some(unevaluated) = keywords.remove("unevaluatedProperties") {
                let original = self.origins.original(at).push("unevaluatedProperties");
                keywords.insert("additionalProperties".to_owned(), unevaluated);
                self.origins.moved(&at.push("additionalProperties"), &original);
            }
        } else {
            keywords.remove("unevaluatedProperties");
        }
    }

    /// Moves what lowering reads beyond 3.0 into the schema's [`LATER_KEYWORDS`] extension. With
    /// `prefixItems`, `items` means the items after them and moves too.
    fn keep_for_lowering(&mut self, keywords: &mut Map<String, Value>, at: &Pointer) {
        let mut kept = Map::new();
        let original = self.origins.original(at);
        let later_at = at.push(LATER_KEYWORDS);
        let mut move_keyword = |keyword: &str, keywords: &mut Map<String, Value>, kept: &mut Map<String, Value>| {
            if let Some(value) = keywords.remove(keyword) {
                kept.insert(keyword.to_owned(), value);
                self.origins.moved(&later_at.push(keyword), &original.push(keyword));
            }
        };
        for keyword in KEPT {
            move_keyword(keyword, keywords, &mut kept);
        }
        if kept.contains_key("prefixItems") {
            move_keyword("items", keywords, &mut kept);
            keywords.entry("type").or_insert_with(|| json!("array"));
        }
        if !kept.is_empty() {
            keywords.insert(LATER_KEYWORDS.to_owned(), Value::Object(kept));
        }
    }

    /// `type` as a list: `null` among the types makes the value nullable; one other type is that
    /// type; several are `anyOf` branches, each with the keywords that apply to it.
    fn type_list(&mut self, keywords: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Array(types)) = keywords.get("type").cloned() else { return };
        let mut types: Vec<String> = types.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect();
        let had_null = types.iter().any(|t| t == "null");
        types.retain(|t| t != "null");
        if had_null {
            keywords.insert("nullable".to_owned(), json!(true));
        }
        match types.as_slice() {
            [] => {
                keywords.remove("type");
                if had_null {
                    keywords.insert("enum".to_owned(), json!([null]));
                }
            }
            [only] => {
                keywords.insert("type".to_owned(), json!(only));
            }
            several => {
                if keywords.contains_key("anyOf") {
                    self.warn(
                        &at.push("type"),
                        "schema degraded",
                        "a list of types beside `anyOf`",
                        "read as its first type",
                    );
                    keywords.insert("type".to_owned(), json!(several[0]));
                    return;
                }
                keywords.remove("type");
                let original = self.origins.original(at);
                let branches: Vec<Value> = several
                    .iter()
                    .enumerate()
                    .map(|(index, typ)| {
                        let mut branch = Map::new();
                        branch.insert("type".to_owned(), json!(typ));
                        let applicable: &[&str] = match typ.as_str() {
                            "string" => &STRING_KEYWORDS,
                            "number" | "integer" => &NUMBER_KEYWORDS,
                            "array" => &ARRAY_KEYWORDS,
                            "object" => &OBJECT_KEYWORDS,
                            _ => &[],
                        };
                        for keyword in applicable {
                            if let Some(value) = keywords.get(*keyword) {
                                branch.insert((*keyword).to_owned(), value.clone());
                            }
                        }
                        self.origins.derived(&at.push("anyOf").push(index.to_string()), &original);
                        Value::Object(branch)
                    })
                    .collect();
                for keyword in
                    STRING_KEYWORDS.iter().chain(&NUMBER_KEYWORDS).chain(&ARRAY_KEYWORDS).chain(&OBJECT_KEYWORDS)
                {
                    keywords.remove(*keyword);
                }
                keywords.insert("anyOf".to_owned(), Value::Array(branches));
            }
        }
    }

    /// Every schema inside this one, where it now stands.
    fn subschemas(&mut self, keywords: &mut Map<String, Value>, at: &Pointer) {
        for keyword in ["items", "additionalProperties", "not", "propertyNames", "contentSchema"] {
            if let Some(schema @ (Value::Object(_) | Value::Bool(_))) = keywords.get_mut(keyword) {
                if keyword == "additionalProperties" && schema.is_boolean() {
                    continue;
                }
                self.schema(schema, &at.push(keyword));
            }
        }
        if let Some(Value::Object(properties)) = keywords.get_mut("properties") {
            let forbidden: Vec<String> = properties
                .iter()
                .filter(|(_, schema)| **schema == Value::Bool(false))
                .map(|(name, _)| name.clone())
                .collect();
            for name in &forbidden {
                properties.remove(name);
                self.warn(
                    &at.push("properties").push(name),
                    "property skipped",
                    format!("`{name}` is never valid (its schema is `false`)"),
                    "left out of the model",
                );
            }
            for (name, schema) in properties.iter_mut() {
                self.schema(schema, &at.push("properties").push(name));
            }
        }
        for keyword in ["$defs", "definitions"] {
            if let Some(Value::Object(definitions)) = keywords.get_mut(keyword) {
                for (name, schema) in definitions.iter_mut() {
                    self.schema(schema, &at.push(keyword).push(name));
                }
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = keywords.get_mut(keyword) {
                for (index, part) in parts.iter_mut().enumerate() {
                    self.schema(part, &at.push(keyword).push(index.to_string()));
                }
            }
        }
        if let Some(Value::Object(discriminator)) = keywords.get_mut("discriminator") {
            if let Some(default) = discriminator.remove("defaultMapping") {
                discriminator.insert(DEFAULT_MAPPING.to_owned(), default);
                let original = self.origins.original(at).push("discriminator").push("defaultMapping");
                self.origins.moved(&at.push("discriminator").push(DEFAULT_MAPPING), &original);
            }
        }
        let later_at = at.push(LATER_KEYWORDS);
        let Some(Value::Object(later)) = keywords.get_mut(LATER_KEYWORDS) else { return };
        for keyword in ["items", "propertyNames"] {
            // `items: false` after `prefixItems` closes the tuple: lowering reads the flag as it is.
            if let Some(schema @ Value::Object(_)) = later.get_mut(keyword) {
                self.schema(schema, &later_at.push(keyword));
            }
        }
        if let Some(Value::Array(items)) = later.get_mut("prefixItems") {
            for (index, item) in items.iter_mut().enumerate() {
                self.schema(item, &later_at.push("prefixItems").push(index.to_string()));
            }
        }
        if let Some(Value::Object(patterns)) = later.get_mut("patternProperties") {
            for (pattern, schema) in patterns.iter_mut() {
                self.schema(schema, &later_at.push("patternProperties").push(pattern));
            }
        }
    }
}
