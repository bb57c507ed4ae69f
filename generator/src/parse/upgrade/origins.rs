//! Where each value of an upgraded document came from.
//!
//! Upgrading a document to the shape of OpenAPI 3.0 moves some values (Swagger 2.0's
//! `definitions` become `components/schemas`, a 3.1 `type` list becomes `anyOf` branches). Each
//! move is recorded once, at the root of what moved; a pointer below it maps through the nearest
//! recorded move above it. Diagnostics found in the upgraded document are mapped back to the
//! user's, and references written in the user's document are mapped forward.
//!
//! Before that, values of the documents the spec refers to are copied into it (`parse::bundle`):
//! each copy is recorded the same way, with the document it was read from, so that a diagnostic
//! about a copied value is shown in the file that writes it.

use std::collections::HashMap;

use serde_json::Value;

use super::RESERVED;
use crate::diagnostic::{Diagnostic, Pointer};

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
    /// A copied value's pointer in the user's document -> the name of the document it was read
    /// from, and its pointer there.
    copied: HashMap<String, (String, String)>,
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

    /// Records that the value at `at` in the user's document was copied there from `pointer` of
    /// the document named `file`, one the spec refers to: problems found in it are shown there.
    pub fn copied(&mut self, at: &Pointer, file: &str, pointer: &Pointer) {
        self.copied.insert(at.as_str().to_owned(), (file.to_owned(), pointer.as_str().to_owned()));
    }

    /// Adds what `other` recorded (the upgrade's moves to the copies made before it).
    pub fn extend(&mut self, other: Origins) {
        self.original.extend(other.original);
        self.upgraded.extend(other.upgraded);
        self.copied.extend(other.copied);
    }

    /// `diagnostic`, located in the user's document, in the document that writes the value: the
    /// spec, or one it refers to that the value was copied from. One already placed (in a file,
    /// or at an offset of the spec's text) is left as it is.
    pub fn written(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.file.is_some() || diagnostic.offset.is_some() {
            return diagnostic;
        }
        if let Some(((file, pointer), rest)) = nearest(&self.copied, &diagnostic.pointer) {
            if let Some(there) = Pointer::parse(&format!("{pointer}{rest}")) {
                diagnostic.file = Some(file.clone());
                diagnostic.pointer = there;
            }
        }
        diagnostic
    }

    /// `diagnostic`, located in the upgraded document, where the user wrote it: back through the
    /// upgrade, then in the document that writes it.
    pub fn shown(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.pointer = self.original(&diagnostic.pointer);
        self.written(diagnostic)
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
    match nearest(moves, pointer) {
        Some((target, rest)) => Pointer::parse(&format!("{target}{rest}")).unwrap_or_else(|| pointer.clone()),
        None => pointer.clone(),
    }
}

/// What is recorded at the nearest pointer at or above `pointer`, and the rest of `pointer` below it.
fn nearest<'m, 'p, T>(records: &'m HashMap<String, T>, pointer: &'p Pointer) -> Option<(&'m T, &'p str)> {
    if records.is_empty() {
        return None;
    }
    let text = pointer.as_str();
    let mut end = text.len();
    loop {
        let prefix = &text[..end];
        if let Some(record) = records.get(prefix) {
            return Some((record, &text[end..]));
        }
        end = prefix.rfind('/')?;
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
    fn a_copied_value_is_shown_in_the_document_it_was_read_from() {
        let mut origins = Origins::default();
        origins.copied(&pointer("#/components/schemas/Pet"), "schemas/pet.yaml", &pointer("#"));
        origins.copied(&pointer("#/components/schemas/Error"), "common.yaml", &pointer("#/Error"));
        let mut upgrade = Origins::default();
        upgrade.derived(&pointer("#/components/schemas/Pet/anyOf/0"), &pointer("#/components/schemas/Pet"));
        origins.extend(upgrade);
        let shown = |text| {
            let diagnostic = origins.shown(pointer(text).warning("w", "w"));
            (diagnostic.file, diagnostic.pointer.as_str().to_owned())
        };
        assert_eq!(
            shown("#/components/schemas/Pet/anyOf/0/properties/a"),
            (Some("schemas/pet.yaml".into()), "#/properties/a".into())
        );
        assert_eq!(shown("#/components/schemas/Error"), (Some("common.yaml".into()), "#/Error".into()));
        assert_eq!(shown("#/components/schemas/Errors"), (None, "#/components/schemas/Errors".into()));
        let placed = pointer("#/a").error("e", "e").in_file("other.yaml");
        assert_eq!(origins.written(placed.clone()), placed);
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
