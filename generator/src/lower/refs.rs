//! Following `$ref`s: to any JSON pointer into the document, not only `#/components/<section>/X`.
//!
//! A reference into a components section is looked up in the typed document. Any other pointer
//! (`#/components/schemas/X/properties/y`, a path's parameter) is found in the untyped document
//! and read as the kind of object the reference stands in for; each is read once.

use std::any::Any;
use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{Components, ReferenceOr};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Pointer};

/// A components section: its name in pointers, and where it is in the typed document (`None` for
/// a section only later versions have, such as 3.1's `pathItems`: read from the untyped one).
pub(super) struct Section<T: 'static> {
    pub name: &'static str,
    pub of: Option<SectionOf<T>>,
}

/// Where a components section is in the typed document.
type SectionOf<T> = fn(&Components) -> &IndexMap<String, ReferenceOr<T>>;

pub(super) const SCHEMAS: Section<openapiv3::Schema> = Section { name: "schemas", of: Some(|c| &c.schemas) };
pub(super) const PARAMETERS: Section<openapiv3::Parameter> =
    Section { name: "parameters", of: Some(|c| &c.parameters) };
pub(super) const RESPONSES: Section<openapiv3::Response> = Section { name: "responses", of: Some(|c| &c.responses) };
pub(super) const LINKS: Section<openapiv3::Link> = Section { name: "links", of: Some(|c| &c.links) };
pub(super) const REQUEST_BODIES: Section<openapiv3::RequestBody> =
    Section { name: "requestBodies", of: Some(|c| &c.request_bodies) };
pub(super) const SECURITY_SCHEMES: Section<openapiv3::SecurityScheme> =
    Section { name: "securitySchemes", of: Some(|c| &c.security_schemes) };
pub(super) const PATH_ITEMS: Section<openapiv3::PathItem> = Section { name: "pathItems", of: None };

/// Objects read from the untyped document for references outside the components sections, kept
/// for as long as the lowering borrows them.
#[derive(Default)]
pub struct Arena {
    objects: typed_arena::Arena<Box<dyn Any>>,
}

/// Follows the references of one document.
pub(super) struct References<'a> {
    components: Option<&'a Components>,
    /// The document untyped, where references outside the components sections are read.
    raw: &'a serde_json::Value,
    arena: &'a Arena,
    /// Where references outside the components sections have been read to.
    read: HashMap<String, &'a dyn Any>,
}

impl<'a> References<'a> {
    pub fn new(components: Option<&'a Components>, raw: &'a serde_json::Value, arena: &'a Arena) -> Self {
        References { components, raw, arena, read: HashMap::new() }
    }

    /// The object `reference` names, following references that lead to references, and where it
    /// is. `from` is where the reference stands, for the diagnostic when it leads nowhere.
    pub fn follow<T: DeserializeOwned + 'static>(
        &mut self,
        reference: &str,
        section: &Section<T>,
        from: &Pointer,
    ) -> Result<(&'a T, Pointer), Diagnostic> {
        let mut reference = reference.to_owned();
        // A reference may point at another reference; follow a bounded number of hops.
        for _ in 0..16 {
            let Some(pointer) = Pointer::parse(&reference) else {
                return Err(from
                    .warning("unresolved reference", format!("reference `{reference}` is to another document"))
                    .note("references to other documents are not followed"));
            };
            let tokens: Vec<String> = pointer.tokens().collect();
            let typed = match tokens.as_slice() {
                [components, name, _] if components == "components" && name == section.name => section.of,
                _ => None,
            };
            let found = if let Some(of) = typed {
                let name = &tokens[2];
                match self.components.and_then(|c| of(c).get(name)) {
                    Some(ReferenceOr::Item(item)) => return Ok((item, pointer)),
                    Some(ReferenceOr::Reference { reference: next }) => Some(next.clone()),
                    None => None,
                }
            } else {
                match self.read_at::<T>(&pointer) {
                    Some(Ok(item)) => return Ok((item, pointer)),
                    Some(Err(next)) => Some(next),
                    None => None,
                }
            };
            match found {
                Some(next) => reference = next,
                None => {
                    return Err(
                        from.warning("unresolved reference", format!("reference `{reference}` points at nothing"))
                    );
                }
            }
        }
        Err(from.warning("unresolved reference", "reference chain is too long or circular"))
    }

    /// The object at `pointer` in the untyped document read as a `T`; or, if it is itself a
    /// reference, where that leads. `None` when nothing readable is there.
    fn read_at<T: DeserializeOwned + 'static>(&mut self, pointer: &Pointer) -> Option<Result<&'a T, String>> {
        let node = self.node_at(pointer)?;
        if let Some(serde_json::Value::String(next)) = node.get("$ref") {
            return Some(Err(next.clone()));
        }
        self.stored(pointer, node).map(Ok)
    }

    /// The schema (or reference to one) at `pointer`, as written: where lowering reads schemas the
    /// typed document has no place for (those a 3.1 document keeps beyond 3.0).
    pub fn schema_at(&mut self, pointer: &Pointer) -> Option<&'a ReferenceOr<openapiv3::Schema>> {
        self.value_at(pointer)
    }

    /// The value at `pointer` read as a `T` (a reference as it stands, not followed): what the
    /// typed document has no place for (3.1's webhooks, 3.2's `query` operations).
    pub fn value_at<T: DeserializeOwned + 'static>(&mut self, pointer: &Pointer) -> Option<&'a T> {
        let node = self.node_at(pointer)?;
        self.stored(pointer, node)
    }

    /// The schema at `pointer` as written (upgraded), its references followed, and where it is.
    pub fn raw_schema(&self, pointer: &Pointer) -> Option<(&'a serde_json::Value, Pointer)> {
        let mut at = pointer.clone();
        // A reference may lead to another; a bounded number of hops.
        for _ in 0..16 {
            let schema = self.node_at(&at)?;
            match schema.get("$ref").and_then(serde_json::Value::as_str) {
                Some(reference) => at = Pointer::parse(reference)?,
                None => return Some((schema, at)),
            }
        }
        None
    }

    /// The value at `pointer` in the untyped document, as written (a reference not followed).
    pub fn node_at(&self, pointer: &Pointer) -> Option<&'a serde_json::Value> {
        let mut node: &'a serde_json::Value = self.raw;
        for token in pointer.tokens() {
            node = match node {
                serde_json::Value::Object(map) => map.get(&token)?,
                serde_json::Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// `node` (at `pointer`) read as a `T`, once.
    fn stored<T: DeserializeOwned + 'static>(
        &mut self,
        pointer: &Pointer,
        node: &'a serde_json::Value,
    ) -> Option<&'a T> {
        let key = format!("{}{}", std::any::type_name::<T>(), pointer);
        if let Some(read) = self.read.get(&key) {
            return read.downcast_ref::<T>();
        }
        let item: T = serde_json::from_value(node.clone()).ok()?;
        let arena: &'a Arena = self.arena;
        let stored: &'a Box<dyn Any> = arena.objects.alloc(Box::new(item));
        let stored: &'a dyn Any = stored.as_ref();
        self.read.insert(key, stored);
        stored.downcast_ref::<T>()
    }
}
