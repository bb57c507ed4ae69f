//! Parsing: the spec's text into an OpenAPI 3.0 document, with every problem located.
//!
//! The text is read as an untyped value (JSON as JSON, YAML event by event), the values of the
//! documents it refers to are copied into it (`bundle`), it is checked against the shape of the
//! version it declares (unknown keys, wrong types, harmless mistakes read as meant), brought to
//! the shape of 3.0 when it is another version ([`upgrade`]), then parsed into openapiv3's typed
//! document. The untyped value is kept: a reference may point anywhere in it.

mod bundle;
mod documents;
mod shape;
mod typed;
mod untyped;
pub mod upgrade;
mod yaml;

pub use documents::Documents;

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Error, Pointer, Result, Severity, Source};
use upgrade::{Origins, Version};

/// A parsed spec.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: OpenAPI,
    /// The document as an untyped value, as the typed parse read it (upgraded to 3.0's shape).
    pub raw: Value,
    /// The version the user's document is written in.
    pub version: Version,
    /// Where the upgraded document's values stood in the user's, and which of them were copied
    /// from the documents it refers to: diagnostics found in it are shown there.
    pub origins: Origins,
    /// What was read differently than written, or ignored.
    pub warnings: Vec<Diagnostic>,
}

/// Parses a spec given as text: references to other documents are left to lowering, which reads
/// them as any value, with a warning.
pub fn parse(source: &Source) -> Result<Parsed> {
    parse_documents(&mut Documents::text(source.clone()))
}

/// Parses the spec of `documents`, reading the documents it refers to.
pub fn parse_documents(documents: &mut Documents) -> Result<Parsed> {
    let mut raw = untyped::read(documents.spec())?;
    let mut found = Vec::new();
    let version = Version::of(&raw, &mut found)?;
    let mut origins = bundle::bundle(&mut raw, version, documents, &mut found);
    shape::check(&mut raw, version, &mut found);
    // What is found in a copied value is shown in the document it was copied from.
    let written = |found: Vec<Diagnostic>, origins: &Origins| found.into_iter().map(|d| origins.written(d)).collect();
    if found.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error { diagnostics: written(found, &origins) });
    }
    origins.extend(upgrade::to_openapi30(&mut raw, version, &mut found));
    // The `openapiv3` crate can panic on input it half-accepts; that must not end the run.
    // Tracking the path costs a fifth of the parse of a big spec: only a failed read is read again
    // with it, to say where it failed.
    let typed = match typed::read(&mut raw) {
        Some(document) => Ok(Ok(document)),
        None => catch_unwind(AssertUnwindSafe(|| serde_path_to_error::deserialize::<_, OpenAPI>(&raw))),
    };
    let document = match typed {
        Ok(Ok(document)) => document,
        Ok(Err(error)) => {
            let at = origins.original(&pointer_of(error.path()));
            let message = format!("not a valid OpenAPI 3.0 document here: {}", error.inner());
            found.push(Diagnostic::error("invalid document", at, message));
            return Err(Error { diagnostics: written(found, &origins) });
        }
        Err(_) => {
            let message = "not a valid OpenAPI 3.0 document (the OpenAPI parser gave up on it)";
            found.push(Diagnostic::error("invalid document", Pointer::root(), message));
            return Err(Error { diagnostics: written(found, &origins) });
        }
    };
    let warnings = written(found, &origins);
    Ok(Parsed { document, raw, version, origins, warnings })
}

/// The JSON pointer of a serde path.
fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    path.iter().fold(Pointer::root(), |pointer, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => pointer.push(index.to_string()),
        serde_path_to_error::Segment::Map { key } => pointer.push(key),
        serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => pointer,
    })
}
