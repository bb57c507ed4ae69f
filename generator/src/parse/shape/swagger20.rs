//! The shape of a Swagger 2.0 document as tables, in the terms of [`super::kinds`]: its own
//! keywords (`host`, `definitions`, `in: formData`, `collectionFormat`, a schema's `discriminator`
//! as a property name), so that a slip is suggested the 2.0 keyword it was meant to be. The
//! objects 2.0 and 3.0 share (info, tags, external documentation, XML, security requirements)
//! are 3.0's tables.

use super::kinds::{
    EXTERNAL_DOCS, INFO, Kind, Missing, SECURITY_REQUIREMENT, Shape, TAG, XML, empty_object, empty_text, is_status,
};

/// A schema's types: JSON Schema's, and `file` (a response's or form parameter's content).
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object", "file"];
/// A parameter's types: simple ones, and `file` for form parameters.
const PARAMETER_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "file"];
/// The types of a list's items and of a header.
const ITEM_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array"];
const PARAMETER_LOCATIONS: &[&str] = &["query", "header", "path", "formData", "body"];
const COLLECTION_FORMATS: &[&str] = &["csv", "ssv", "tsv", "pipes", "multi"];
const SCHEME_TYPES: &[&str] = &["basic", "apiKey", "oauth2"];
const KEY_LOCATIONS: &[&str] = &["query", "header"];
const OAUTH_FLOWS: &[&str] = &["implicit", "password", "application", "accessCode"];

pub(super) static DOCUMENT: Kind = Kind {
    name: "Swagger 2.0 document",
    fields: &[
        ("swagger", Shape::Text),
        ("info", Shape::Object(&INFO)),
        ("host", Shape::Text),
        ("basePath", Shape::Text),
        ("schemes", Shape::ListOfText),
        ("consumes", Shape::ListOfText),
        ("produces", Shape::ListOfText),
        ("paths", Shape::Object(&PATHS)),
        ("definitions", Shape::MapOfRefOr(&SCHEMA)),
        ("parameters", Shape::MapOf(&PARAMETER)),
        ("responses", Shape::MapOf(&RESPONSE)),
        ("securityDefinitions", Shape::MapOf(&SECURITY_SCHEME)),
        ("security", Shape::ListOf(&SECURITY_REQUIREMENT)),
        ("tags", Shape::ListOf(&TAG)),
        ("externalDocs", Shape::Object(&EXTERNAL_DOCS)),
    ],
    patterned: None,
    later: &[],
    required: &[("info", Missing::Error), ("paths", Missing::Default(empty_object))],
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
        ("get", Shape::Object(&OPERATION)),
        ("put", Shape::Object(&OPERATION)),
        ("post", Shape::Object(&OPERATION)),
        ("delete", Shape::Object(&OPERATION)),
        ("options", Shape::Object(&OPERATION)),
        ("head", Shape::Object(&OPERATION)),
        ("patch", Shape::Object(&OPERATION)),
        ("parameters", Shape::ListOfRefOr(&PARAMETER)),
    ],
    patterned: None,
    later: &[],
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
        ("consumes", Shape::ListOfText),
        ("produces", Shape::ListOfText),
        ("parameters", Shape::ListOfRefOr(&PARAMETER)),
        ("responses", Shape::Object(&RESPONSES)),
        ("schemes", Shape::ListOfText),
        ("deprecated", Shape::Flag),
        ("security", Shape::ListOf(&SECURITY_REQUIREMENT)),
    ],
    patterned: None,
    later: &[],
    required: &[("responses", Missing::Default(empty_object))],
};

/// The keywords that describe a simple value: a parameter's (not in the body), a header's, a
/// list's items.
macro_rules! simple_value_fields {
    ($types:expr, $($extra:expr),*) => {
        &[
            $($extra,)*
            ("type", Shape::Word($types)),
            ("format", Shape::Text),
            ("items", Shape::Object(&ITEMS)),
            ("collectionFormat", Shape::Word(COLLECTION_FORMATS)),
            ("default", Shape::Anything),
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
            ("enum", Shape::Anything),
            ("multipleOf", Shape::Number),
        ]
    };
}

/// Body parameters take `schema`; the others the keywords of a simple value.
pub(super) static PARAMETER: Kind = Kind {
    name: "parameter",
    fields: simple_value_fields!(
        PARAMETER_TYPES,
        ("name", Shape::Text),
        ("in", Shape::Word(PARAMETER_LOCATIONS)),
        ("description", Shape::Text),
        ("required", Shape::Flag),
        ("schema", Shape::RefOr(&SCHEMA)),
        ("allowEmptyValue", Shape::Flag)
    ),
    patterned: None,
    later: &[],
    required: &[("name", Missing::Error), ("in", Missing::Error)],
};

static ITEMS: Kind = Kind {
    name: "items object",
    fields: simple_value_fields!(ITEM_TYPES,),
    patterned: None,
    later: &[],
    required: &[],
};

static HEADER: Kind = Kind {
    name: "header",
    fields: simple_value_fields!(ITEM_TYPES, ("description", Shape::Text)),
    patterned: None,
    later: &[],
    required: &[],
};

static RESPONSES: Kind = Kind {
    name: "responses",
    fields: &[("default", Shape::RefOr(&RESPONSE))],
    patterned: Some((is_status, Shape::RefOr(&RESPONSE))),
    later: &[],
    required: &[],
};

static RESPONSE: Kind = Kind {
    name: "response",
    fields: &[
        ("description", Shape::Text),
        ("schema", Shape::RefOr(&SCHEMA)),
        ("headers", Shape::MapOf(&HEADER)),
        // Media types to examples of the body.
        ("examples", Shape::Anything),
    ],
    patterned: None,
    later: &[],
    required: &[("description", Missing::Default(empty_text))],
};

pub(super) static SCHEMA: Kind = Kind {
    name: "schema",
    fields: &[
        ("format", Shape::Text),
        ("title", Shape::Text),
        ("description", Shape::Text),
        ("default", Shape::Anything),
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
        ("type", Shape::Word(SCHEMA_TYPES)),
        ("items", Shape::RefOr(&SCHEMA)),
        ("allOf", Shape::ListOfRefOr(&SCHEMA)),
        ("properties", Shape::MapOfRefOr(&SCHEMA)),
        ("additionalProperties", Shape::FlagOrSchema(&SCHEMA)),
        ("discriminator", Shape::Text),
        ("readOnly", Shape::Flag),
        ("xml", Shape::Object(&XML)),
        ("externalDocs", Shape::Object(&EXTERNAL_DOCS)),
        ("example", Shape::Anything),
    ],
    patterned: None,
    later: &[],
    required: &[],
};

static SECURITY_SCHEME: Kind = Kind {
    name: "security scheme",
    fields: &[
        ("type", Shape::Word(SCHEME_TYPES)),
        ("description", Shape::Text),
        ("name", Shape::Text),
        ("in", Shape::Word(KEY_LOCATIONS)),
        ("flow", Shape::Word(OAUTH_FLOWS)),
        ("authorizationUrl", Shape::Text),
        ("tokenUrl", Shape::Text),
        ("scopes", Shape::MapOfText),
    ],
    patterned: None,
    later: &[],
    required: &[("type", Missing::Error)],
};
