//! The shape of an OpenAPI 3.x document as tables: each kind of object with the keys it takes,
//! the shape of their values, and the fields it must have.

use serde_json::{Map, Value};

use crate::parse::upgrade::Version;

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
    /// `additionalProperties`: a flag or a schema of this kind.
    FlagOrSchema(&'static Kind),
    /// A 3.1 schema's `type`: one of [`TYPES`] or `null`, or a list of them.
    Types,
    /// A 3.1 schema's `exclusiveMinimum`: a bound (or 3.0's flag, as sloppy documents keep it).
    FlagOrNumber,
}

/// A kind of object: its fixed fields, the keys it takes by pattern, and those it must have.
pub(super) struct Kind {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Shape)],
    /// Keys matched by a rule rather than listed (`/items` in Paths, `200` in Responses).
    pub patterned: Option<Patterned>,
    /// Fields the typed parse needs, and how a missing one is read.
    pub required: &'static [(&'static str, Missing)],
    /// Fields a later version of the format adds (or reshapes), from the version given; they come
    /// before `fields` when a document of that version or later is checked.
    pub later: &'static [(Version, &'static str, Shape)],
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
    /// As `Default` before this version; from it on the field is optional, and filled silently.
    OptionalSince(Version, fn() -> Value),
}

pub(super) fn empty_text() -> Value {
    Value::String(String::new())
}

pub(super) fn empty_object() -> Value {
    Value::Object(Map::new())
}

pub(super) const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
pub(super) const TYPES_AND_NULL: &[&str] = &["string", "number", "integer", "boolean", "array", "object", "null"];
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const PARAMETER_LOCATIONS_32: &[&str] = &["query", "querystring", "header", "path", "cookie"];
const STYLES: &[&str] = &["matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject"];
const STYLES_32: &[&str] =
    &["matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject", "cookie"];
const SCHEME_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];
const SCHEME_TYPES_31: &[&str] = &["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"];
const KEY_LOCATIONS: &[&str] = &["query", "header", "cookie"];
const XML_NODE_TYPES: &[&str] = &["element", "attribute", "text", "cdata", "none"];

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
    later: &[
        (Version::OpenApi31, "webhooks", Shape::MapOfRefOr(&PATH_ITEM)),
        (Version::OpenApi31, "jsonSchemaDialect", Shape::Text),
        (Version::OpenApi32, "$self", Shape::Text),
    ],
    required: &[("info", Missing::Error), ("paths", Missing::OptionalSince(Version::OpenApi31, empty_object))],
};

pub(super) static INFO: Kind = Kind {
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
    later: &[(Version::OpenApi31, "summary", Shape::Text)],
    required: &[
        ("title", Missing::Default(|| Value::String("API".to_owned()))),
        ("version", Missing::Default(empty_text)),
    ],
};

static CONTACT: Kind = Kind {
    name: "contact",
    fields: &[("name", Shape::Text), ("url", Shape::Text), ("email", Shape::Text)],
    patterned: None,
    later: &[],
    required: &[],
};

static LICENSE: Kind = Kind {
    name: "license",
    fields: &[("name", Shape::Text), ("url", Shape::Text)],
    patterned: None,
    later: &[(Version::OpenApi31, "identifier", Shape::Text)],
    required: &[("name", Missing::Default(empty_text))],
};

static SERVER: Kind = Kind {
    name: "server",
    fields: &[("url", Shape::Text), ("description", Shape::Text), ("variables", Shape::MapOf(&SERVER_VARIABLE))],
    patterned: None,
    later: &[(Version::OpenApi32, "name", Shape::Text)],
    required: &[("url", Missing::Default(|| Value::String("/".to_owned())))],
};

static SERVER_VARIABLE: Kind = Kind {
    name: "server variable",
    fields: &[("enum", Shape::ListOfText), ("default", Shape::Text), ("description", Shape::Text)],
    patterned: None,
    later: &[],
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
    later: &[
        (Version::OpenApi31, "pathItems", Shape::MapOfRefOr(&PATH_ITEM)),
        (Version::OpenApi32, "mediaTypes", Shape::MapOfRefOr(&MEDIA_TYPE)),
    ],
    required: &[],
};

static PATHS: Kind = Kind {
    name: "paths",
    fields: &[],
    patterned: Some((|key| key.starts_with('/'), Shape::Object(&PATH_ITEM))),
    later: &[],
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
    later: &[
        (Version::OpenApi32, "query", Shape::Object(&OPERATION)),
        (Version::OpenApi32, "additionalOperations", Shape::MapOf(&OPERATION)),
    ],
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
    later: &[],
    required: &[("responses", Missing::Default(empty_object))],
};

pub(super) static EXTERNAL_DOCS: Kind = Kind {
    name: "external documentation",
    fields: &[("description", Shape::Text), ("url", Shape::Text)],
    patterned: None,
    later: &[],
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
    later: &[
        (Version::OpenApi32, "in", Shape::Word(PARAMETER_LOCATIONS_32)),
        (Version::OpenApi32, "style", Shape::Word(STYLES_32)),
    ],
    required: &[("name", Missing::Error), ("in", Missing::Error)],
};

static HEADER: Kind = Kind { name: "header", fields: parameter_fields!(), patterned: None, required: &[], later: &[] };

static REQUEST_BODY: Kind = Kind {
    name: "request body",
    fields: &[("description", Shape::Text), ("content", Shape::MapOf(&MEDIA_TYPE)), ("required", Shape::Flag)],
    patterned: None,
    later: &[],
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
    later: &[
        (Version::OpenApi32, "itemSchema", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi32, "itemEncoding", Shape::Object(&ENCODING)),
        (Version::OpenApi32, "prefixEncoding", Shape::ListOf(&ENCODING)),
    ],
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
    later: &[
        (Version::OpenApi32, "encoding", Shape::MapOf(&ENCODING)),
        (Version::OpenApi32, "itemEncoding", Shape::Object(&ENCODING)),
        (Version::OpenApi32, "prefixEncoding", Shape::ListOf(&ENCODING)),
    ],
    required: &[],
};

static RESPONSES: Kind = Kind {
    name: "responses",
    fields: &[("default", Shape::RefOr(&RESPONSE))],
    patterned: Some((is_status, Shape::RefOr(&RESPONSE))),
    later: &[],
    required: &[],
};

/// `200`, `4XX`.
pub(super) fn is_status(key: &str) -> bool {
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
    later: &[(Version::OpenApi32, "summary", Shape::Text)],
    required: &[("description", Missing::OptionalSince(Version::OpenApi32, empty_text))],
};

static CALLBACK: Kind = Kind {
    name: "callback",
    fields: &[],
    patterned: Some((|_| true, Shape::Object(&PATH_ITEM))),
    required: &[],
    later: &[],
};

static EXAMPLE: Kind = Kind {
    name: "example",
    fields: &[
        ("summary", Shape::Text),
        ("description", Shape::Text),
        ("value", Shape::Anything),
        ("externalValue", Shape::Text),
    ],
    patterned: None,
    later: &[(Version::OpenApi32, "dataValue", Shape::Anything), (Version::OpenApi32, "serializedValue", Shape::Text)],
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
    later: &[],
    required: &[],
};

pub(super) static TAG: Kind = Kind {
    name: "tag",
    fields: &[("name", Shape::Text), ("description", Shape::Text), ("externalDocs", Shape::Object(&EXTERNAL_DOCS))],
    patterned: None,
    later: &[
        (Version::OpenApi32, "summary", Shape::Text),
        (Version::OpenApi32, "parent", Shape::Text),
        (Version::OpenApi32, "kind", Shape::Text),
    ],
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
        ("additionalProperties", Shape::FlagOrSchema(&SCHEMA)),
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
    later: &[
        (Version::OpenApi31, "type", Shape::Types),
        (Version::OpenApi31, "exclusiveMinimum", Shape::FlagOrNumber),
        (Version::OpenApi31, "exclusiveMaximum", Shape::FlagOrNumber),
        (Version::OpenApi31, "const", Shape::Anything),
        (Version::OpenApi31, "examples", Shape::Anything),
        (Version::OpenApi31, "$schema", Shape::Text),
        (Version::OpenApi31, "$id", Shape::Text),
        (Version::OpenApi31, "$anchor", Shape::Text),
        (Version::OpenApi31, "$dynamicAnchor", Shape::Text),
        (Version::OpenApi31, "$dynamicRef", Shape::Text),
        (Version::OpenApi31, "$comment", Shape::Text),
        (Version::OpenApi31, "$vocabulary", Shape::Anything),
        (Version::OpenApi31, "$defs", Shape::MapOfRefOr(&SCHEMA)),
        (Version::OpenApi31, "definitions", Shape::MapOfRefOr(&SCHEMA)),
        (Version::OpenApi31, "prefixItems", Shape::ListOfRefOr(&SCHEMA)),
        (Version::OpenApi31, "contains", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi31, "minContains", Shape::Count),
        (Version::OpenApi31, "maxContains", Shape::Count),
        (Version::OpenApi31, "patternProperties", Shape::MapOfRefOr(&SCHEMA)),
        (Version::OpenApi31, "propertyNames", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi31, "dependentRequired", Shape::Anything),
        (Version::OpenApi31, "dependentSchemas", Shape::MapOfRefOr(&SCHEMA)),
        (Version::OpenApi31, "unevaluatedItems", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi31, "unevaluatedProperties", Shape::FlagOrSchema(&SCHEMA)),
        (Version::OpenApi31, "if", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi31, "then", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi31, "else", Shape::RefOr(&SCHEMA)),
        (Version::OpenApi31, "contentEncoding", Shape::Text),
        (Version::OpenApi31, "contentMediaType", Shape::Text),
        (Version::OpenApi31, "contentSchema", Shape::RefOr(&SCHEMA)),
    ],
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
    later: &[(Version::OpenApi32, "defaultMapping", Shape::Text)],
    required: &[("propertyName", Missing::Error)],
};

pub(super) static XML: Kind = Kind {
    name: "XML object",
    fields: &[
        ("name", Shape::Text),
        ("namespace", Shape::Text),
        ("prefix", Shape::Text),
        ("attribute", Shape::Flag),
        ("wrapped", Shape::Flag),
    ],
    patterned: None,
    later: &[(Version::OpenApi32, "nodeType", Shape::Word(XML_NODE_TYPES))],
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
    later: &[
        (Version::OpenApi31, "type", Shape::Word(SCHEME_TYPES_31)),
        (Version::OpenApi32, "oauth2MetadataUrl", Shape::Text),
        (Version::OpenApi32, "deprecated", Shape::Flag),
    ],
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
    later: &[(Version::OpenApi32, "deviceAuthorization", Shape::Object(&OAUTH_FLOW))],
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
    later: &[(Version::OpenApi32, "deviceAuthorizationUrl", Shape::Text)],
    // Which of them a flow needs depends on the flow; the client obtains no tokens, so none matters.
    required: &[],
};

/// Scheme names to the scopes they need.
pub(super) static SECURITY_REQUIREMENT: Kind = Kind {
    name: "security requirement",
    fields: &[],
    patterned: Some((|_| true, Shape::ListOfText)),
    required: &[],
    later: &[],
};
