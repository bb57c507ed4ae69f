//! The state of one lowering: the document, the models made so far, and what was found wrong.
//! Each stage of lowering adds its methods to [`Lowerer`] in a module of its own.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::OpenAPI;
use serde_json::Value;

use super::extensions::{self, Extension, Read};
use super::model_table::ModelTable;
use super::refs::{self, References};
use crate::diagnostic::{Diagnostic, Pointer, Severity};
use crate::ir::{ClientParameter, XmlTable};

pub(super) struct Lowerer<'a> {
    pub doc: &'a OpenAPI,
    /// The document untyped, where what the typed document does not hold is read.
    pub raw: &'a Value,
    pub refs: References<'a>,
    /// The models made so far, and the crate-level type names taken.
    pub models: ModelTable,
    /// Schemas being lowered in place, innermost last: one met again is defined through itself.
    pub resolving: Vec<Pointer>,
    /// Client-level parameters as declared; their flags are given once every operation is read.
    pub client_parameters: Vec<ClientParameter>,
    /// The XML tables of the models XML bodies reach, by model name.
    pub xml_tables: HashMap<String, XmlTable>,
    pub warnings: Vec<Diagnostic>,
    /// The warnings given so far, by place and message: a schema used in several places is
    /// lowered at each, but says what it degrades once.
    warned: HashSet<(Pointer, String)>,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    pub fn new(doc: &'a OpenAPI, raw: &'a Value, arena: &'a refs::Arena) -> Self {
        Lowerer {
            doc,
            raw,
            refs: References::new(doc.components.as_ref(), raw, arena),
            models: ModelTable::new(),
            resolving: Vec::new(),
            client_parameters: Vec::new(),
            xml_tables: HashMap::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            errors: Vec::new(),
        }
    }

    pub fn warn(&mut self, warning: Diagnostic) {
        if self.warned.insert((warning.pointer.clone(), warning.message.clone())) {
            self.warnings.push(warning);
        }
    }

    pub fn fail(&mut self, error: Diagnostic) {
        self.errors.push(error);
    }

    /// Our extension `E` on the object at `at`, if it is there. Another tool's under the same key
    /// is ignored, with a warning.
    pub fn extension<E: Extension>(
        &mut self,
        extensions: &IndexMap<String, Value>,
        at: &Pointer,
    ) -> Result<Option<E>, Diagnostic> {
        match extensions::read::<E>(extensions, at)? {
            Read::Absent => Ok(None),
            Read::Found(extension) => Ok(Some(extension)),
            Read::Foreign(warning) => {
                self.warn(warning);
                Ok(None)
            }
        }
    }

    /// Our extension `E` where leaving it out is safe: one that cannot be read is ignored, with a
    /// warning.
    pub fn extension_or_warn<E: Extension>(&mut self, extensions: &IndexMap<String, Value>, at: &Pointer) -> Option<E> {
        self.extension::<E>(extensions, at).unwrap_or_else(|error| {
            self.warn(Diagnostic { severity: Severity::Warning, kind: "extension ignored", ..error }.note("ignored"));
            None
        })
    }
}
