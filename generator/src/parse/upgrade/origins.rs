//! Where each value of an upgraded document came from.
//!
//! Upgrading a document to the shape of OpenAPI 3.0 moves some values (Swagger 2.0's
//! `definitions` become `components/schemas`, a 3.1 `type` list becomes `anyOf` branches). Each
//! move is recorded once, at the root of what moved; a pointer below it maps through the nearest
//! recorded move above it. Diagnostics found in the upgraded document are mapped back to the
//! user's, and references written in the user's document are mapped forward.

use std::collections::HashMap;

use crate::diagnostic::Pointer;

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
}
