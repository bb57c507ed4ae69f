//! The shape of an OpenAPI 3.0 document: which keys each kind of object takes and what their
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

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::parse::upgrade::Version;
use checker::Checker;

/// Checks `document` against the shape of an OpenAPI document of `version` (3.0 or later), in
/// place: harmless mistakes are rewritten as their author meant them. Every finding is added to
/// `found`.
pub fn check(document: &mut Value, version: Version, found: &mut Vec<Diagnostic>) {
    Checker { found, version }.object(document, &kinds::DOCUMENT, &Pointer::root());
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
}
