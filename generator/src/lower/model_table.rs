//! The models lowering makes, each behind a handle.
//!
//! A model's slot is taken (and its name given) before its schema is lowered, so that a schema
//! that refers to itself, directly or through others, finds its own name while it is being read.
//! Models keep the order in which they were first met. Once lowering is done the table gives up
//! its models, every slot filled, and [`ModelIndex`] finds them by name for the steps after.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Pointer;
use crate::ir::{Model, ModelKind, RustName, reserved};
use crate::names;

/// A model of the table: its place among the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct ModelId(usize);

pub(super) struct ModelTable {
    slots: Vec<Slot>,
    /// A model's Rust name -> its handle.
    by_name: HashMap<String, ModelId>,
    /// Where a named schema (a component, the target of a reference) stands -> the model made of
    /// it, so that every use of the schema names the same model.
    by_location: HashMap<String, ModelId>,
    /// Type names given so far: models, server variables and the names the crate exports.
    taken: HashSet<String>,
}

struct Slot {
    name: RustName,
    /// Empty while the model's schema is being lowered.
    model: Option<Model>,
    /// Where the schema of each of a struct's fields is, in the order of its fields.
    field_sites: Vec<Pointer>,
}

impl ModelTable {
    pub fn new() -> Self {
        ModelTable {
            slots: Vec::new(),
            by_name: HashMap::new(),
            by_location: HashMap::new(),
            taken: reserved::types().map(String::from).collect(),
        }
    }

    /// A crate-level type name made from `hint`, clear of every other (for a type that is not a
    /// model, such as a server variable's enum).
    pub fn type_name(&mut self, hint: &str) -> RustName {
        names::unique(names::pascal(hint), &mut self.taken)
    }

    /// Takes the slot of a model named after `hint`; a schema at `location` is found by it again.
    pub fn reserve(&mut self, hint: &str, location: Option<&Pointer>) -> ModelId {
        let id = ModelId(self.slots.len());
        let name = self.type_name(hint);
        self.by_name.insert(name.word().to_owned(), id);
        if let Some(location) = location {
            self.by_location.insert(location.to_string(), id);
        }
        self.slots.push(Slot { name, model: None, field_sites: Vec::new() });
        id
    }

    /// The model made of the named schema at `location`, if there is one.
    pub fn at(&self, location: &Pointer) -> Option<ModelId> {
        self.by_location.get(location.as_str()).copied()
    }

    pub fn name(&self, id: ModelId) -> &RustName {
        &self.slots[id.0].name
    }

    /// Fills a reserved slot; a struct's `field_sites` are where its fields' schemas are.
    pub fn define(&mut self, id: ModelId, docs: Vec<String>, kind: ModelKind, field_sites: Vec<Pointer>) {
        let slot = &mut self.slots[id.0];
        slot.model = Some(Model { name: slot.name.clone(), docs, kind, xml: None });
        slot.field_sites = field_sites;
    }

    /// The model named `name`, once it is defined.
    pub fn get(&self, name: &RustName) -> Option<&Model> {
        self.by_name.get(name.word()).and_then(|id| self.slots[id.0].model.as_ref())
    }

    /// Where the schemas of the fields of the struct named `name` are, in the order of its fields.
    pub fn field_sites(&self, name: &RustName) -> &[Pointer] {
        self.by_name.get(name.word()).map_or(&[], |id| &self.slots[id.0].field_sites)
    }

    /// Whether `name` is a string enum model.
    pub fn is_enum(&self, name: &RustName) -> bool {
        self.get(name).is_some_and(|model| matches!(model.kind, ModelKind::Enum(_)))
    }

    /// The models in the order they were met. Every slot is filled by then: a model's lowering
    /// always finishes.
    pub fn into_models(self) -> Vec<Model> {
        self.slots.into_iter().filter_map(|slot| slot.model).collect()
    }
}

/// Models by name, once lowering has made them all.
pub struct ModelIndex<'m> {
    by_name: HashMap<&'m str, &'m Model>,
}

impl<'m> ModelIndex<'m> {
    pub fn new(models: &'m [Model]) -> Self {
        ModelIndex { by_name: models.iter().map(|model| (model.name.word(), model)).collect() }
    }

    /// The model named `name`.
    pub fn get(&self, name: &RustName) -> Option<&'m Model> {
        self.by_name.get(name.word()).copied()
    }
}
