//! The shape of an OpenAPI 3.0 document: which keys each kind of object takes and what their
//! values must be. The untyped document is checked against it before the typed parse, so that a
//! misspelled key, a wrong type or an out-of-range value is reported where it stands (with a
//! suggestion when a known key is close), rather than as a failure of the whole document.
//!
//! What real specs get wrong in harmless ways is read the way its author meant, with a warning: a
//! number where text belongs, `"true"` for `true`, JSON Schema keywords of later drafts, a missing
//! description. What cannot be read either way is an error. Extension keys (`x-...`) are never
//! flagged.

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Pointer};

/// What a value must be.
#[derive(Clone, Copy)]
enum Shape {
    Text,
    Flag,
    Number,
    /// A non-negative integer (a length or a count).
    Count,
    /// Any JSON value, not looked into (examples, defaults, enum values).
    Anything,
    /// One of these words.
    Word(&'static [&'static str]),
    Object(&'static Kind),
    /// A `$ref`, or an object of this kind.
    RefOr(&'static Kind),
    /// Names to objects of this kind.
    MapOf(&'static Kind),
    /// Names to `$ref`s or objects of this kind.
    MapOfRefOr(&'static Kind),
    ListOf(&'static Kind),
    ListOfRefOr(&'static Kind),
    ListOfText,
    MapOfText,
    /// `additionalProperties`: a flag or a schema.
    FlagOrSchema,
}

/// A kind of object: its fixed fields, the keys it takes by pattern, and those it must have.
struct Kind {
    name: &'static str,
    fields: &'static [(&'static str, Shape)],
    /// Keys matched by a rule rather than listed (`/items` in Paths, `200` in Responses).
    patterned: Option<Patterned>,
    /// Fields the typed parse needs, and how a missing one is read.
    required: &'static [(&'static str, Missing)],
}

/// Keys a rule matches, and the shape of their values.
type Patterned = (fn(&str) -> bool, Shape);

/// What a missing required field means.
#[derive(Clone, Copy)]
enum Missing {
    /// The spec cannot be read without it.
    Error,
    /// It is filled with this value, with a warning.
    Default(fn() -> Value),
}

fn empty_text() -> Value {
    Value::String(String::new())
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const STYLES: &[&str] = &["matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject"];
const SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];
const KEY_LOCATIONS: &[&str] = &["query", "header", "cookie"];

static DOCUMENT: Kind = Kind {
    name: "OpenAPI document",
    fields: &[
        ("openapi", Shape::Text),
        ("info", Shape::Object(&INFO)),
        ("servers", Shape::ListOf(&SERVER)),
        ("paths", Shape::Object(&PATHS)),
        ("components", Shape::Object(&COMPONENTS)),
        ("security", Shape::ListOf(&SECURITY_REQUIREMENT)),
        ("tags", Shape::ListOf(&TAG)),
        ("externalDocs", Shape::Object(&EXTERNAL_DOCS)),
        // 3.1's webhooks are ignored with a note by lowering, not flagged here.
        ("webhooks", Shape::Anything),
    ],
    patterned: None,
    required: &[("info", Missing::Error), ("paths", Missing::Default(empty_object))],
};

static INFO: Kind = Kind {
    name: "info",
    fields: &[
        ("title", Shape::Text),
        ("description", Shape::Text),
        ("termsOfService", Shape::Text),
        ("contact", Shape::Object(&CONTACT)),
        ("license", Shape::Object(&LICENSE)),
        ("version", Shape::Text),
    ],
    patterned: None,
    required: &[
        ("title", Missing::Default(|| Value::String("API".to_owned()))),
        ("version", Missing::Default(empty_text)),
    ],
};

static CONTACT: Kind = Kind {
    name: "contact",
    fields: &[("name", Shape::Text), ("url", Shape::Text), ("email", Shape::Text)],
    patterned: None,
    required: &[],
};

static LICENSE: Kind = Kind {
    name: "license",
    fields: &[("name", Shape::Text), ("url", Shape::Text)],
    patterned: None,
    required: &[("name", Missing::Default(empty_text))],
};

static SERVER: Kind = Kind {
    name: "server",
    fields: &[("url", Shape::Text), ("description", Shape::Text), ("variables", Shape::MapOf(&SERVER_VARIABLE))],
    patterned: None,
    required: &[("url", Missing::Default(|| Value::String("/".to_owned())))],
};

static SERVER_VARIABLE: Kind = Kind {
    name: "server variable",
    fields: &[("enum", Shape::ListOfText), ("default", Shape::Text), ("description", Shape::Text)],
    patterned: None,
    required: &[("default", Missing::Error)],
};

static COMPONENTS: Kind = Kind {
    name: "components",
    fields: &[
        ("schemas", Shape::MapOfRefOr(&SCHEMA)),
        ("responses", Shape::MapOfRefOr(&RESPONSE)),
        ("parameters", Shape::MapOfRefOr(&PARAMETER)),
        ("examples", Shape::MapOfRefOr(&EXAMPLE)),
        ("requestBodies", Shape::MapOfRefOr(&REQUEST_BODY)),
        ("headers", Shape::MapOfRefOr(&HEADER)),
        ("securitySchemes", Shape::MapOfRefOr(&SECURITY_SCHEME)),
        ("links", Shape::MapOfRefOr(&LINK)),
        ("callbacks", Shape::MapOfRefOr(&CALLBACK)),
    ],
    patterned: None,
    required: &[],
};

static PATHS: Kind = Kind {
    name: "paths",
    fields: &[],
    patterned: Some((|key| key.starts_with('/'), Shape::Object(&PATH_ITEM))),
    required: &[],
};

static PATH_ITEM: Kind = Kind {
    name: "path item",
    fields: &[
        ("$ref", Shape::Text),
        ("summary", Shape::Text),
        ("description", Shape::Text),
        ("get", Shape::Object(&OPERATION)),
        ("put", Shape::Object(&OPERATION)),
        ("post", Shape::Object(&OPERATION)),
        ("delete", Shape::Object(&OPERATION)),
        ("options", Shape::Object(&OPERATION)),
        ("head", Shape::Object(&OPERATION)),
        ("patch", Shape::Object(&OPERATION)),
        ("trace", Shape::Object(&OPERATION)),
        ("servers", Shape::ListOf(&SERVER)),
        ("parameters", Shape::ListOfRefOr(&PARAMETER)),
    ],
    patterned: None,
    required: &[],
};

static OPERATION: Kind = Kind {
    name: "operation",
    fields: &[
        ("tags", Shape::ListOfText),
        ("summary", Shape::Text),
        ("description", Shape::Text),
        ("externalDocs", Shape::Object(&EXTERNAL_DOCS)),
        ("operationId", Shape::Text),
        ("parameters", Shape::ListOfRefOr(&PARAMETER)),
        ("requestBody", Shape::RefOr(&REQUEST_BODY)),
        ("responses", Shape::Object(&RESPONSES)),
        ("callbacks", Shape::MapOfRefOr(&CALLBACK)),
        ("deprecated", Shape::Flag),
        ("security", Shape::ListOf(&SECURITY_REQUIREMENT)),
        ("servers", Shape::ListOf(&SERVER)),
    ],
    patterned: None,
    required: &[("responses", Missing::Default(empty_object))],
};

static EXTERNAL_DOCS: Kind = Kind {
    name: "external documentation",
    fields: &[("description", Shape::Text), ("url", Shape::Text)],
    patterned: None,
    required: &[("url", Missing::Default(empty_text))],
};

/// The fields parameters and headers share.
macro_rules! parameter_fields {
    ($($extra:expr),*) => {
        &[
            $($extra,)*
            ("description", Shape::Text),
            ("required", Shape::Flag),
            ("deprecated", Shape::Flag),
            ("allowEmptyValue", Shape::Flag),
            ("style", Shape::Word(STYLES)),
            ("explode", Shape::Flag),
            ("allowReserved", Shape::Flag),
            ("schema", Shape::RefOr(&SCHEMA)),
            ("example", Shape::Anything),
            ("examples", Shape::MapOfRefOr(&EXAMPLE)),
            ("content", Shape::MapOf(&MEDIA_TYPE)),
        ]
    };
}

static PARAMETER: Kind = Kind {
    name: "parameter",
    fields: parameter_fields!(("name", Shape::Text), ("in", Shape::Word(PARAMETER_LOCATIONS))),
    patterned: None,
    required: &[("name", Missing::Error), ("in", Missing::Error)],
};

static HEADER: Kind = Kind { name: "header", fields: parameter_fields!(), patterned: None, required: &[] };

static REQUEST_BODY: Kind = Kind {
    name: "request body",
    fields: &[("description", Shape::Text), ("content", Shape::MapOf(&MEDIA_TYPE)), ("required", Shape::Flag)],
    patterned: None,
    required: &[("content", Missing::Default(empty_object))],
};

static MEDIA_TYPE: Kind = Kind {
    name: "media type",
    fields: &[
        ("schema", Shape::RefOr(&SCHEMA)),
        ("example", Shape::Anything),
        ("examples", Shape::MapOfRefOr(&EXAMPLE)),
        ("encoding", Shape::MapOf(&ENCODING)),
    ],
    patterned: None,
    required: &[],
};

static ENCODING: Kind = Kind {
    name: "encoding",
    fields: &[
        ("contentType", Shape::Text),
        ("headers", Shape::MapOfRefOr(&HEADER)),
        ("style", Shape::Word(STYLES)),
        ("explode", Shape::Flag),
        ("allowReserved", Shape::Flag),
    ],
    patterned: None,
    required: &[],
};

static RESPONSES: Kind = Kind {
    name: "responses",
    fields: &[("default", Shape::RefOr(&RESPONSE))],
    patterned: Some((is_status, Shape::RefOr(&RESPONSE))),
    required: &[],
};

/// `200`, `4XX`.
fn is_status(key: &str) -> bool {
    match key.as_bytes() {
        [b'1'..=b'5', rest @ ..] if rest.len() == 2 => {
            rest.iter().all(u8::is_ascii_digit) || rest.eq_ignore_ascii_case(b"XX")
        }
        _ => false,
    }
}

static RESPONSE: Kind = Kind {
    name: "response",
    fields: &[
        ("description", Shape::Text),
        ("headers", Shape::MapOfRefOr(&HEADER)),
        ("content", Shape::MapOf(&MEDIA_TYPE)),
        ("links", Shape::MapOfRefOr(&LINK)),
    ],
    patterned: None,
    required: &[("description", Missing::Default(empty_text))],
};

static CALLBACK: Kind =
    Kind { name: "callback", fields: &[], patterned: Some((|_| true, Shape::Object(&PATH_ITEM))), required: &[] };

static EXAMPLE: Kind = Kind {
    name: "example",
    fields: &[
        ("summary", Shape::Text),
        ("description", Shape::Text),
        ("value", Shape::Anything),
        ("externalValue", Shape::Text),
    ],
    patterned: None,
    required: &[],
};

static LINK: Kind = Kind {
    name: "link",
    fields: &[
        ("operationRef", Shape::Text),
        ("operationId", Shape::Text),
        ("parameters", Shape::Anything),
        ("requestBody", Shape::Anything),
        ("description", Shape::Text),
        ("server", Shape::Object(&SERVER)),
    ],
    patterned: None,
    required: &[],
};

static TAG: Kind = Kind {
    name: "tag",
    fields: &[("name", Shape::Text), ("description", Shape::Text), ("externalDocs", Shape::Object(&EXTERNAL_DOCS))],
    patterned: None,
    required: &[("name", Missing::Default(empty_text))],
};

static SCHEMA: Kind = Kind {
    name: "schema",
    fields: &[
        ("title", Shape::Text),
        ("multipleOf", Shape::Number),
        ("maximum", Shape::Number),
        ("exclusiveMaximum", Shape::Flag),
        ("minimum", Shape::Number),
        ("exclusiveMinimum", Shape::Flag),
        ("maxLength", Shape::Count),
        ("minLength", Shape::Count),
        ("pattern", Shape::Text),
        ("maxItems", Shape::Count),
        ("minItems", Shape::Count),
        ("uniqueItems", Shape::Flag),
        ("maxProperties", Shape::Count),
        ("minProperties", Shape::Count),
        ("required", Shape::ListOfText),
        ("enum", Shape::Anything),
        ("type", Shape::Word(TYPES)),
        ("allOf", Shape::ListOfRefOr(&SCHEMA)),
        ("oneOf", Shape::ListOfRefOr(&SCHEMA)),
        ("anyOf", Shape::ListOfRefOr(&SCHEMA)),
        ("not", Shape::RefOr(&SCHEMA)),
        ("items", Shape::RefOr(&SCHEMA)),
        ("properties", Shape::MapOfRefOr(&SCHEMA)),
        ("additionalProperties", Shape::FlagOrSchema),
        ("description", Shape::Text),
        ("format", Shape::Text),
        ("default", Shape::Anything),
        ("nullable", Shape::Flag),
        ("discriminator", Shape::Object(&DISCRIMINATOR)),
        ("readOnly", Shape::Flag),
        ("writeOnly", Shape::Flag),
        ("xml", Shape::Object(&XML)),
        ("externalDocs", Shape::Object(&EXTERNAL_DOCS)),
        ("example", Shape::Anything),
        ("deprecated", Shape::Flag),
    ],
    patterned: None,
    required: &[],
};

/// JSON Schema keywords OpenAPI 3.0 does not take (later drafts, or OpenAPI 3.1): ignored with a
/// warning that says so, rather than a guess at a misspelling.
const JSON_SCHEMA_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$defs",
    "$dynamicAnchor",
    "$dynamicRef",
    "$recursiveAnchor",
    "$recursiveRef",
    "additionalItems",
    "contains",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "definitions",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "else",
    "examples",
    "if",
    "maxContains",
    "minContains",
    "patternProperties",
    "prefixItems",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
];

static DISCRIMINATOR: Kind = Kind {
    name: "discriminator",
    fields: &[("propertyName", Shape::Text), ("mapping", Shape::MapOfText)],
    patterned: None,
    required: &[("propertyName", Missing::Error)],
};

static XML: Kind = Kind {
    name: "XML object",
    fields: &[
        ("name", Shape::Text),
        ("namespace", Shape::Text),
        ("prefix", Shape::Text),
        ("attribute", Shape::Flag),
        ("wrapped", Shape::Flag),
    ],
    patterned: None,
    required: &[],
};

static SECURITY_SCHEME: Kind = Kind {
    name: "security scheme",
    fields: &[
        ("type", Shape::Word(SCHEME_TYPES)),
        ("description", Shape::Text),
        ("name", Shape::Text),
        ("in", Shape::Word(KEY_LOCATIONS)),
        ("scheme", Shape::Text),
        ("bearerFormat", Shape::Text),
        ("flows", Shape::Object(&OAUTH_FLOWS)),
        ("openIdConnectUrl", Shape::Text),
    ],
    patterned: None,
    required: &[("type", Missing::Error)],
};

static OAUTH_FLOWS: Kind = Kind {
    name: "OAuth flows",
    fields: &[
        ("implicit", Shape::Object(&OAUTH_FLOW)),
        ("password", Shape::Object(&OAUTH_FLOW)),
        ("clientCredentials", Shape::Object(&OAUTH_FLOW)),
        ("authorizationCode", Shape::Object(&OAUTH_FLOW)),
    ],
    patterned: None,
    required: &[],
};

static OAUTH_FLOW: Kind = Kind {
    name: "OAuth flow",
    fields: &[
        ("authorizationUrl", Shape::Text),
        ("tokenUrl", Shape::Text),
        ("refreshUrl", Shape::Text),
        ("scopes", Shape::MapOfText),
    ],
    patterned: None,
    // Which of them a flow needs depends on the flow; the client obtains no tokens, so none matters.
    required: &[],
};

/// Scheme names to the scopes they need.
static SECURITY_REQUIREMENT: Kind =
    Kind { name: "security requirement", fields: &[], patterned: Some((|_| true, Shape::ListOfText)), required: &[] };

/// Checks `document` against the shape of an OpenAPI 3.0 document, in place: harmless mistakes are
/// rewritten as their author meant them. Every finding is added to `found`.
pub fn check(document: &mut Value, found: &mut Vec<Diagnostic>) {
    let mut checker = Checker { found };
    checker.object(document, &DOCUMENT, &Pointer::root());
}

struct Checker<'a> {
    found: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn value(&mut self, value: &mut Value, shape: Shape, at: &Pointer) {
        match shape {
            Shape::Text => self.text(value, at),
            Shape::Flag => self.flag(value, at),
            Shape::Number => self.number(value, at),
            Shape::Count => self.count(value, at),
            Shape::Anything => {}
            Shape::Word(words) => self.word(value, words, at),
            Shape::Object(kind) => self.object(value, kind, at),
            Shape::RefOr(kind) => self.ref_or(value, kind, at),
            Shape::MapOf(kind) => self.each_entry(value, at, |checker, item, at| checker.object(item, kind, at)),
            Shape::MapOfRefOr(kind) => self.each_entry(value, at, |checker, item, at| checker.ref_or(item, kind, at)),
            Shape::ListOf(kind) => self.each_item(value, at, |checker, item, at| checker.object(item, kind, at)),
            Shape::ListOfRefOr(kind) => self.each_item(value, at, |checker, item, at| checker.ref_or(item, kind, at)),
            Shape::ListOfText => self.each_item(value, at, |checker, item, at| checker.text(item, at)),
            Shape::MapOfText => self.each_entry(value, at, |checker, item, at| checker.text(item, at)),
            Shape::FlagOrSchema => match value {
                Value::Bool(_) => {}
                Value::String(text) if text == "true" || text == "false" => self.flag(value, at),
                _ => self.ref_or(value, &SCHEMA, at),
            },
        }
    }

    fn object(&mut self, value: &mut Value, kind: &'static Kind, at: &Pointer) {
        let Value::Object(fields) = value else {
            self.found.push(
                at.error("wrong type", format!("expected a {} (an object), found {}", kind.name, describe(value))),
            );
            return;
        };
        if std::ptr::eq(kind, &SCHEMA) {
            self.normalize_schema(fields, at);
        }
        for (key, item) in fields.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            let item_at = at.push(key);
            if let Some((_, shape)) = kind.fields.iter().find(|(name, _)| name == key) {
                self.value(item, *shape, &item_at);
            } else if let Some((_, shape)) = kind.patterned.filter(|(matches, _)| matches(key)) {
                self.value(item, shape, &item_at);
            } else {
                self.found.push(unknown_key(kind, key, &item_at));
            }
        }
        for (name, missing) in kind.required {
            if fields.contains_key(*name) {
                continue;
            }
            let message = format!("a {} needs `{name}`", kind.name);
            match missing {
                Missing::Error => self.found.push(at.error("missing field", message)),
                Missing::Default(fill) => {
                    let value = fill();
                    self.found.push(at.warning("missing field", message).note(format!("read as `{name}: {value}`")));
                    fields.insert((*name).to_owned(), value);
                }
            }
        }
    }

    fn ref_or(&mut self, value: &mut Value, kind: &'static Kind, at: &Pointer) {
        match value.get("$ref") {
            // A reference's other keys are ignored, as OpenAPI 3.0 says.
            Some(Value::String(_)) => {}
            Some(other) => {
                let found = describe(other);
                self.found
                    .push(at.push("$ref").error("wrong type", format!("expected a reference (text), found {found}")));
            }
            None => self.object(value, kind, at),
        }
    }

    fn each_entry(&mut self, value: &mut Value, at: &Pointer, mut check: impl FnMut(&mut Self, &mut Value, &Pointer)) {
        match value {
            Value::Object(entries) => {
                for (key, item) in entries.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
                    check(self, item, &at.push(key));
                }
            }
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected a map (an object), found {found}")));
            }
        }
    }

    fn each_item(&mut self, value: &mut Value, at: &Pointer, mut check: impl FnMut(&mut Self, &mut Value, &Pointer)) {
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    check(self, item, &at.push(index.to_string()));
                }
            }
            // A security requirement's scopes, and lists in general, given as one value.
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                let item = value.take();
                self.found.push(
                    at.warning("value coerced", format!("expected a list, found {}", describe(&item)))
                        .note("read as a list of that one value"),
                );
                *value = Value::Array(vec![item]);
                self.each_item(value, at, check);
            }
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected a list, found {found}")));
            }
        }
    }

    fn text(&mut self, value: &mut Value, at: &Pointer) {
        let text = match value {
            Value::String(_) => return,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected text, found {found}")));
                return;
            }
        };
        self.found.push(
            at.warning("value coerced", format!("expected text, found {}", describe(value)))
                .note(format!("read as the text \"{text}\"")),
        );
        *value = Value::String(text);
    }

    fn flag(&mut self, value: &mut Value, at: &Pointer) {
        let flag = match value {
            Value::Bool(_) => return,
            Value::String(text) if text.eq_ignore_ascii_case("true") => true,
            Value::String(text) if text.eq_ignore_ascii_case("false") => false,
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected true or false, found {found}")));
                return;
            }
        };
        self.found.push(
            at.warning("value coerced", format!("expected true or false, found {}", describe(value)))
                .note(format!("read as {flag}")),
        );
        *value = Value::Bool(flag);
    }

    fn number(&mut self, value: &mut Value, at: &Pointer) {
        match value {
            Value::Number(_) => {}
            Value::String(text) => match text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                Some(number) => {
                    let number = integral(number);
                    self.found.push(
                        at.warning("value coerced", format!("expected a number, found the text \"{text}\""))
                            .note(format!("read as {number}")),
                    );
                    *value = Value::Number(number);
                }
                None => {
                    self.found.push(at.error("wrong type", format!("expected a number, found the text \"{text}\"")))
                }
            },
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected a number, found {found}")));
            }
        }
    }

    fn count(&mut self, value: &mut Value, at: &Pointer) {
        if let Value::String(text) = value {
            if let Ok(count) = text.trim().parse::<u64>() {
                self.found.push(
                    at.warning("value coerced", format!("expected a non-negative integer, found the text \"{text}\""))
                        .note(format!("read as {count}")),
                );
                *value = Value::from(count);
                return;
            }
        }
        if value.as_u64().is_none() {
            let found = describe(value);
            self.found.push(at.error("wrong value", format!("expected a non-negative integer, found {found}")));
        }
    }

    fn word(&mut self, value: &mut Value, words: &'static [&'static str], at: &Pointer) {
        let Value::String(text) = value else {
            let found = describe(value);
            self.found.push(at.error("wrong type", format!("expected one of {}, found {found}", words.join(", "))));
            return;
        };
        if words.contains(&text.as_str()) {
            return;
        }
        // Case is a common slip (`Query`, `apikey`): read it as the word it matches.
        if let Some(word) = words.iter().find(|word| word.eq_ignore_ascii_case(text)) {
            self.found.push(
                at.warning("value coerced", format!("`{text}` is not one of {}", words.join(", ")))
                    .note(format!("read as `{word}`")),
            );
            *text = (*word).to_owned();
            return;
        }
        let mut error =
            at.error("unknown value", format!("unknown value \"{text}\"; expected one of {}", words.join(", ")));
        if let Some(close) = closest(text, words.iter().copied()) {
            error = error.label(format!("did you mean \"{close}\"?"));
        }
        self.found.push(error);
    }

    /// What schemas write in ways the typed parse cannot hold, read as OpenAPI 3.0 says it: later
    /// drafts' `type` lists and `null` type, numeric `exclusiveMinimum`, `const`, Swagger 2's `file`
    /// type and a property's boolean `required`; and an unknown type, which is dropped so the
    /// schema is read from its other keywords.
    fn normalize_schema(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let type_at = at.push("type");
        match schema.get("type").cloned() {
            Some(Value::Array(types)) => {
                let nullable = types.iter().any(|t| t == "null");
                let named: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
                let read = match named.as_slice() {
                    [one] => {
                        schema.insert("type".to_owned(), (*one).clone());
                        format!("type {one}")
                    }
                    _ => {
                        schema.remove("type");
                        "any type".to_owned()
                    }
                };
                if nullable {
                    schema.insert("nullable".to_owned(), Value::Bool(true));
                }
                let nullable = if nullable { ", nullable" } else { "" };
                self.found.push(
                    type_at
                        .warning("later-draft keyword", "a list of types is JSON Schema's, not OpenAPI 3.0's")
                        .note(format!("read as {read}{nullable}")),
                );
            }
            Some(Value::String(name)) if name == "null" => {
                schema.remove("type");
                schema.insert("nullable".to_owned(), Value::Bool(true));
                self.found.push(
                    type_at
                        .warning("later-draft keyword", "`type: null` is JSON Schema's, not OpenAPI 3.0's")
                        .note("read as `nullable: true`"),
                );
            }
            Some(Value::String(name)) if name == "file" => {
                schema.insert("type".to_owned(), Value::String("string".to_owned()));
                schema.insert("format".to_owned(), Value::String("binary".to_owned()));
                self.found.push(
                    type_at
                        .warning("later-draft keyword", "`type: file` is Swagger 2's, not OpenAPI 3.0's")
                        .note("read as `type: string, format: binary`"),
                );
            }
            Some(Value::String(name))
                if !TYPES.contains(&name.as_str()) && !TYPES.iter().any(|t| t.eq_ignore_ascii_case(&name)) =>
            {
                schema.remove("type");
                let mut warning = type_at
                    .warning("unknown type", format!("unknown type \"{name}\"; expected one of {}", TYPES.join(", ")))
                    .note("the schema is read from its other keywords, as any JSON value if none says more");
                if let Some(close) = closest(&name, TYPES.iter().copied()) {
                    warning = warning.label(format!("did you mean \"{close}\"?"));
                }
                self.found.push(warning);
            }
            _ => {}
        }
        for (bound, flag) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(limit)) = schema.get(bound).cloned() {
                schema.insert(flag.to_owned(), Value::Number(limit.clone()));
                schema.insert(bound.to_owned(), Value::Bool(true));
                self.found.push(
                    at.push(bound)
                        .warning(
                            "later-draft keyword",
                            format!("a numeric `{bound}` is JSON Schema's, not OpenAPI 3.0's"),
                        )
                        .note(format!("read as `{flag}: {limit}, {bound}: true`")),
                );
            }
        }
        if let Some(constant) = schema.remove("const") {
            self.found.push(
                at.push("const")
                    .warning("later-draft keyword", "`const` is JSON Schema's, not OpenAPI 3.0's")
                    .note(format!("read as `enum: [{constant}]`")),
            );
            schema.insert("enum".to_owned(), Value::Array(vec![constant]));
        }
        if let Some(Value::Bool(_)) = schema.get("required") {
            schema.remove("required");
            self.found.push(
                at.push("required")
                    .warning("misplaced keyword", "a boolean `required` on a schema is Swagger 2's")
                    .note("in OpenAPI 3.0 `required` lists property names on the object; ignored"),
            );
        }
        for keyword in JSON_SCHEMA_KEYWORDS {
            if schema.remove(*keyword).is_some() {
                self.found.push(
                    at.push(keyword)
                        .warning("later-draft keyword", format!("`{keyword}` is not an OpenAPI 3.0 schema keyword"))
                        .note("ignored"),
                );
            }
        }
    }
}

/// A warning for a key `kind` does not take, with the closest one it does take.
fn unknown_key(kind: &Kind, key: &str, at: &Pointer) -> Diagnostic {
    let known: Vec<&str> = kind.fields.iter().map(|(name, _)| *name).collect();
    let mut warning = at
        .warning("unknown key", format!("unknown key `{key}` in a {}", kind.name))
        .at_key()
        .note("ignored; extensions start with `x-`");
    if let Some(close) = closest(key, known.iter().copied()) {
        warning = warning.label(format!("did you mean `{close}`?"));
    }
    warning
}

/// The candidate closest to `word`, if it is close enough to be a likely slip.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .filter(|candidate| *candidate != word)
        .map(|candidate| (strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).clamp(1, 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `10.0` as `10`, so a coerced count or bound reads as written.
fn integral(number: serde_json::Number) -> serde_json::Number {
    match number.as_f64() {
        Some(float) if float.fract() == 0.0 && float.abs() < 9.0e15 => serde_json::Number::from(float as i64),
        _ => number,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("the text \"{text}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn findings(mut document: Value) -> (Value, Vec<String>) {
        let mut found = Vec::new();
        check(&mut document, &mut found);
        (document, found.iter().map(Diagnostic::to_string).collect())
    }

    fn minimal(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn misspelled_keys_are_warnings_with_a_suggestion() {
        let (_, found) = findings(minimal(json!({"/a": {"get": {"responses": {}, "parameters": [
            {"name": "q", "in": "query", "requird": true, "x-anything": 1, "schema": {"type": "string"}}
        ]}}})));
        assert_eq!(
            found,
            [
                "warning: #/paths/~1a/get/parameters/0/requird: unknown key `requird` in a parameter (did you mean `required`?); ignored; extensions start with `x-`"
            ]
        );
    }

    #[test]
    fn wrong_values_are_errors_at_the_key() {
        let (_, found) = findings(minimal(json!({"/a": {"get": {"responses": {}, "parameters": [
            {"name": "q", "in": "qeury", "schema": {"type": "string", "maxLength": -5}}
        ]}}})));
        assert_eq!(
            found,
            [
                "error: #/paths/~1a/get/parameters/0/in: unknown value \"qeury\"; expected one of query, header, path, cookie (did you mean \"query\"?)",
                "error: #/paths/~1a/get/parameters/0/schema/maxLength: expected a non-negative integer, found -5",
            ]
        );
    }

    #[test]
    fn harmless_mistakes_are_read_as_meant() {
        let (document, found) = findings(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": 1.0},
            "paths": {"/a": {"get": {"responses": {"200": {}}, "deprecated": "true"}}},
            "components": {"schemas": {
                "A": {"type": ["string", "null"], "const": "x", "examples": ["x"]},
                "B": {"type": "number", "exclusiveMinimum": 0},
                "C": {"type": "bolean"}
            }}
        }));
        assert_eq!(document["info"]["version"], "1.0");
        assert_eq!(document["paths"]["/a"]["get"]["deprecated"], true);
        assert_eq!(document["paths"]["/a"]["get"]["responses"]["200"]["description"], "");
        assert_eq!(document["components"]["schemas"]["A"], json!({"type": "string", "nullable": true, "enum": ["x"]}));
        assert_eq!(
            document["components"]["schemas"]["B"],
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(document["components"]["schemas"]["C"], json!({}));
        assert_eq!(found.len(), 8, "{found:#?}");
        assert!(found.iter().all(|f| f.starts_with("warning:")), "{found:#?}");
        assert!(found.iter().any(|f| f.contains("unknown type \"bolean\"") && f.contains("did you mean \"boolean\"")));
    }
}
