//! The shape of an OpenAPI 3.0 document as tables: each kind of object with the keys it takes,
//! the shape of their values, and the fields it must have.

use serde_json::{Map, Value};

/// What a value must be.
#[derive(Clone, Copy)]
pub(super) enum Shape {
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
pub(super) struct Kind {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Shape)],
    /// Keys matched by a rule rather than listed (`/items` in Paths, `200` in Responses).
    pub patterned: Option<Patterned>,
    /// Fields the typed parse needs, and how a missing one is read.
    pub required: &'static [(&'static str, Missing)],
}

/// Keys a rule matches, and the shape of their values.
pub(super) type Patterned = (fn(&str) -> bool, Shape);

/// What a missing required field means.
#[derive(Clone, Copy)]
pub(super) enum Missing {
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

pub(super) const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const STYLES: &[&str] = &["matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject"];
const SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];
const KEY_LOCATIONS: &[&str] = &["query", "header", "cookie"];

pub(super) static DOCUMENT: Kind = Kind {
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

pub(super) static SCHEMA: Kind = Kind {
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
pub(super) const JSON_SCHEMA_KEYWORDS: &[&str] = &[
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
