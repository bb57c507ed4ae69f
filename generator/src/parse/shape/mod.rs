//! The shape of a document of each version: which keys each kind of object takes and what their
//! values must be. The untyped document is checked against it before the typed parse, so that a
//! misspelled key, a wrong type or an out-of-range value is reported where it stands (with a
//! suggestion when a known key is close), rather than as a failure of the whole document.
//!
//! What real specs get wrong in harmless ways is read the way its author meant, with a warning: a
//! number where text belongs, `"true"` for `true`, JSON Schema keywords of later drafts, a missing
//! description. What cannot be read either way is an error. Extension keys (`x-...`) are never
//! flagged.

mod checker;
mod kinds;
mod swagger20;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::parse::upgrade::Version;
use checker::Checker;

/// Checks `document` against the shape of a document of `version` (Swagger 2.0's own, or
/// OpenAPI's with the fields of 3.1 and later from their version on), in place: harmless mistakes
/// are rewritten as their author meant them. Every finding is added to `found`.
pub fn check(document: &mut Value, version: Version, found: &mut Vec<Diagnostic>) {
    let kind = match version {
        Version::Swagger2 => &swagger20::DOCUMENT,
        Version::OpenApi30 | Version::OpenApi31 | Version::OpenApi32 => &kinds::DOCUMENT,
    };
    Checker { found, version }.object(document, kind, &Pointer::root());
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn findings(mut document: Value) -> (Value, Vec<String>) {
        let mut found = Vec::new();
        check(&mut document, Version::OpenApi30, &mut found);
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

    #[test]
    fn swagger_2_documents_are_checked_against_their_own_keywords() {
        let mut document = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": 1},
            "definitons": {},
            "paths": {"/a": {"post": {"responses": {"200": {"description": "ok", "schema": {"type": "file", "nullable": true}}},
                "parameters": [
                    {"name": "q", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormt": "csv", "required": "true"},
                    {"name": "f", "in": "fromData", "type": "string"},
                    {"name": "b", "in": "body", "schema": {"type": "object", "discriminator": "kind", "required": ["kind"]}}
                ]
            }}}
        });
        let mut found = Vec::new();
        check(&mut document, Version::Swagger2, &mut found);
        let found: Vec<String> = found.iter().map(Diagnostic::to_string).collect();
        assert_eq!(
            found,
            [
                "warning: #/info/version: expected text, found 1; read as the text \"1\"",
                "warning: #/definitons: unknown key `definitons` in a Swagger 2.0 document (did you mean `definitions`?); ignored; extensions start with `x-`",
                "warning: #/paths/~1a/post/responses/200/schema/nullable: unknown key `nullable` in a schema; ignored; extensions start with `x-`",
                "warning: #/paths/~1a/post/parameters/0/collectionFormt: unknown key `collectionFormt` in a parameter (did you mean `collectionFormat`?); ignored; extensions start with `x-`",
                "warning: #/paths/~1a/post/parameters/0/required: expected true or false, found the text \"true\"; read as true",
                "error: #/paths/~1a/post/parameters/1/in: unknown value \"fromData\"; expected one of query, header, path, formData, body (did you mean \"formData\"?)",
            ]
        );
        // What is ignored is left out, so that the upgrade does not read it as 3.0 would.
        let operation = &document["paths"]["/a"]["post"];
        assert_eq!(operation["responses"]["200"]["schema"], json!({"type": "file"}));
        assert!(operation["parameters"][0].get("collectionFormt").is_none());
        assert!(document.get("definitons").is_none());
    }
}
