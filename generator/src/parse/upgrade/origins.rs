//! Where each value of an upgraded document came from.
//!
//! Upgrading a document to the shape of OpenAPI 3.0 moves some values (Swagger 2.0's
//! `definitions` become `components/schemas`, a 3.1 `type` list becomes `anyOf` branches). Each
//! move is recorded once, at the root of what moved; a pointer below it maps through the nearest
//! recorded move above it. Diagnostics found in the upgraded document are mapped back to the
//! user's, and references written in the user's document are mapped forward.

use std::collections::HashMap;

use serde_json::Value;

use super::RESERVED;
use crate::diagnostic::Pointer;

/// The keys whose values map names to objects (`responses` to a `default` response, `properties`
/// to a property named `example`).
const NAME_MAPS: [&str; 19] = [
    "paths",
    "webhooks",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "mapping",
];

#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// A moved value's pointer in the upgraded document -> its pointer in the user's.
    original: HashMap<String, String>,
    /// The same moves, the other way.
    upgraded: HashMap<String, String>,
}

impl Origins {
    /// Records that the value at `upgraded` stood at `original` in the user's document: a
    /// reference to it is a reference to the new place.
    pub fn moved(&mut self, upgraded: &Pointer, original: &Pointer) {
        self.derived(upgraded, original);
        self.upgraded.insert(original.as_str().to_owned(), upgraded.as_str().to_owned());
    }

    /// Records that the value at `upgraded` was made from the one at `original` (a branch made of
    /// a `type` list): problems found in it are shown there, but references are not redirected.
    pub fn derived(&mut self, upgraded: &Pointer, original: &Pointer) {
        self.original.insert(upgraded.as_str().to_owned(), original.as_str().to_owned());
    }

    /// Where a value of the upgraded document stood in the user's.
    pub fn original(&self, upgraded: &Pointer) -> Pointer {
        through(&self.original, upgraded)
    }

    /// Where a value of the user's document stands in the upgraded one.
    pub fn upgraded(&self, original: &Pointer) -> Pointer {
        through(&self.upgraded, original)
    }

    pub fn is_empty(&self) -> bool {
        self.original.is_empty()
    }

    /// Points every `$ref` in `document` at where its target stands in the upgraded document:
    /// `anchors` (`#name` and `$id`s) by the pointer of their schema, pointers into moved values
    /// through the recorded moves.
    pub fn redirect_references(&self, document: &mut Value, anchors: &HashMap<String, Pointer>) {
        self.redirect_within(document, anchors, false);
    }

    /// `value`'s references; `names` when its keys are names (of schemas, properties, responses),
    /// so that none of them is taken for a keyword whose value is data (a `default` response).
    fn redirect_within(&self, value: &mut Value, anchors: &HashMap<String, Pointer>, names: bool) {
        match value {
            Value::Object(fields) => {
                if let Some(Value::String(reference)) = fields.get_mut("$ref") {
                    if let Some(target) = self.redirected(reference, anchors) {
                        *reference = target;
                    }
                }
                for (key, child) in fields.iter_mut() {
                    // Examples and defaults are data, not schemas; so are other tools' extensions.
                    let data = matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const")
                        || (key.starts_with("x-") && !RESERVED.contains(&key.as_str()));
                    if names || !data {
                        let child_names = !names && NAME_MAPS.contains(&key.as_str());
                        self.redirect_within(child, anchors, child_names);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.redirect_within(item, anchors, false);
                }
            }
            _ => {}
        }
    }

    fn redirected(&self, reference: &str, anchors: &HashMap<String, Pointer>) -> Option<String> {
        if let Some(target) = anchors.get(reference) {
            return Some(target.as_str().to_owned());
        }
        if let Some(pointer) = Pointer::parse(reference) {
            let upgraded = self.upgraded(&pointer);
            return (upgraded != pointer).then(|| upgraded.as_str().to_owned());
        }
        // An id, then a pointer within its schema: `https://example.com/pet.json#/properties/name`.
        let (base, fragment) = reference.split_once('#')?;
        let schema = anchors.get(base)?;
        fragment.starts_with('/').then(|| format!("{}{fragment}", schema.as_str()))
    }
}

/// `pointer` mapped through the nearest recorded move at or above it.
fn through(moves: &HashMap<String, String>, pointer: &Pointer) -> Pointer {
    if moves.is_empty() {
        return pointer.clone();
    }
    let text = pointer.as_str();
    let mut end = text.len();
    loop {
        let prefix = &text[..end];
        if let Some(target) = moves.get(prefix) {
            return Pointer::parse(&format!("{target}{}", &text[end..])).unwrap_or_else(|| pointer.clone());
        }
        match prefix.rfind('/') {
            Some(slash) => end = slash,
            None => return pointer.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(text: &str) -> Pointer {
        Pointer::parse(text).expect("a pointer")
    }

    #[test]
    fn a_pointer_maps_through_the_nearest_move_above_it() {
        let mut origins = Origins::default();
        origins.moved(&pointer("#/components/schemas"), &pointer("#/definitions"));
        origins.derived(&pointer("#/components/schemas/A/anyOf/1"), &pointer("#/definitions/A"));
        let original = |text| origins.original(&pointer(text)).as_str().to_owned();
        assert_eq!(original("#/components/schemas/B/properties/x"), "#/definitions/B/properties/x");
        assert_eq!(original("#/components/schemas/A/anyOf/1/properties/x"), "#/definitions/A/properties/x");
        assert_eq!(original("#/components/schemas/A/anyOf/10"), "#/definitions/A/anyOf/10");
        assert_eq!(original("#/paths/~1a"), "#/paths/~1a");
        assert_eq!(origins.upgraded(&pointer("#/definitions/Pet")).as_str(), "#/components/schemas/Pet");
    }

    #[test]
    fn references_follow_moves_wherever_they_stand_but_data_is_left_as_it_is() {
        let mut origins = Origins::default();
        origins.moved(&pointer("#/components/schemas"), &pointer("#/definitions"));
        let pet = serde_json::json!({"$ref": "#/definitions/Pet"});
        let mut document = serde_json::json!({
            "responses": {"default": {"schema": pet}, "200": {"schema": pet}},
            "properties": {"example": pet, "enum": pet},
            "example": pet,
            "x-other-tool": pet,
        });
        origins.redirect_references(&mut document, &HashMap::new());
        let redirected = serde_json::json!({"$ref": "#/components/schemas/Pet"});
        assert_eq!(document["responses"]["default"]["schema"], redirected);
        assert_eq!(document["responses"]["200"]["schema"], redirected);
        assert_eq!(document["properties"]["example"], redirected);
        assert_eq!(document["properties"]["enum"], redirected);
        assert_eq!(document["example"], pet, "an example is data");
        assert_eq!(document["x-other-tool"], pet, "another tool's extension is its own");
    }
}
