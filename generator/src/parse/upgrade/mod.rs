//! Every version of the format, brought to the shape of OpenAPI 3.0 that the typed parse reads.
//!
//! One lowering reads every version: a Swagger 2.0 or OpenAPI 3.1/3.2 document is rewritten, as
//! an untyped value, into the 3.0 form of what it says. What 3.0 cannot say is kept beside it, in
//! extension keys of the upgraded document that only this generator writes (named below), where
//! lowering reads it. [`Origins`] records what moved, so that every problem is still shown where
//! the user wrote it.

mod openapi31;
mod origins;
mod swagger20;

use serde_json::Value;

pub use origins::Origins;

use crate::diagnostic::{Diagnostic, Pointer};

/// On a schema: JSON Schema keywords 3.0 has no place for (`prefixItems` with the `items` after
/// them, `patternProperties`, `propertyNames`, `dependentRequired`), as written.
pub const LATER_KEYWORDS: &str = "x-json-schema-2020-12";
/// On a media type: 3.2's `itemSchema`, the schema of each item of a sequential media type.
pub const ITEM_SCHEMA: &str = "x-openapi-item-schema";
/// On a discriminator: 3.2's `defaultMapping`, the variant of a value without the property.
pub const DEFAULT_MAPPING: &str = "x-openapi-default-mapping";
/// On a query parameter: it was 3.2's `in: querystring`; `false` when it cannot be sent.
pub const QUERYSTRING: &str = "x-openapi-querystring";

/// On a parameter: Swagger 2.0's `collectionFormat` where no 3.0 style says it: `tsv`, and `ssv`
/// or `pipes` outside the query.
pub const COLLECTION_FORMAT: &str = "x-swagger-collection-format";

/// The extension keys above: a document that writes them itself is told they are taken.
pub const RESERVED: [&str; 5] = [LATER_KEYWORDS, ITEM_SCHEMA, DEFAULT_MAPPING, QUERYSTRING, COLLECTION_FORMAT];

/// The versions of the format the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    Swagger2,
    OpenApi30,
    OpenApi31,
    OpenApi32,
}

impl Version {
    /// The version a document declares. A version newer than any known is read as the newest,
    /// with a warning; a document that declares none cannot be read.
    pub fn of(document: &Value, found: &mut Vec<Diagnostic>) -> Result<Version, Diagnostic> {
        let (field, declared) = match (document.get("openapi"), document.get("swagger")) {
            (Some(declared), _) => ("openapi", declared),
            (None, Some(declared)) => ("swagger", declared),
            (None, None) => {
                return Err(Pointer::root()
                    .error("missing field", "`openapi` is missing")
                    .note("expected the version of OpenAPI the document is written in (`openapi: 3.1.0`)"));
            }
        };
        let at = Pointer::root().push(field);
        let text = match declared {
            Value::String(text) => text.clone(),
            // `swagger: 2.0` and `openapi: 3.1` unquoted read as numbers.
            Value::Number(number) => number.to_string(),
            other => {
                return Err(at.error("wrong type", format!("expected the version as text (\"3.1.0\"), found {other}")));
            }
        };
        let mut parts = text.trim().split('.').map(|part| part.parse::<u64>().ok());
        let version = match (field, parts.next().flatten(), parts.next().flatten()) {
            ("swagger", Some(2), _) => Version::Swagger2,
            ("openapi", Some(3), Some(0)) => Version::OpenApi30,
            ("openapi", Some(3), Some(1)) => Version::OpenApi31,
            ("openapi", Some(3), Some(2)) => Version::OpenApi32,
            ("openapi", Some(major), minor) if major > 3 || (major == 3 && minor.is_some_and(|minor| minor > 2)) => {
                found.push(
                    at.warning("version", format!("OpenAPI {text} is newer than the versions this generator knows"))
                        .note("read as OpenAPI 3.2"),
                );
                Version::OpenApi32
            }
            _ => {
                return Err(at
                    .error("unsupported version", format!("`{field}: {text}` is not a version of the format"))
                    .note("expected `swagger: \"2.0\"`, or `openapi:` 3.0.x, 3.1.x or 3.2.x"));
            }
        };
        Ok(version)
    }
}

/// Rewrites `document` of `version` into the shape of 3.0, recording what moved.
pub fn to_openapi30(document: &mut Value, version: Version, found: &mut Vec<Diagnostic>) -> Origins {
    let mut origins = Origins::default();
    match version {
        Version::OpenApi30 => {}
        Version::OpenApi31 | Version::OpenApi32 => openapi31::upgrade(document, &mut origins, found),
        Version::Swagger2 => swagger20::upgrade(document, &mut origins, found),
    }
    origins
}
