//! Turns an OpenAPI 3.0 description into the source files of a Rust client crate.
//!
//! Three stages, each its own module: [`parse`] reads the document, [`lower`] turns it into the
//! intermediate form of [`ir`] (where every decision is made), and [`emit`] prints that as
//! formatted Rust.

pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod names;
pub mod output;
pub mod parse;

pub use emit::{File, GENERATED_DIRS};
pub use error::{Error, Result};

/// Generates the crate's files from spec text. `source` is the spec's path as the file headers
/// should name it (`spec/oms.yaml`).
pub fn generate(spec: &str, source: &str) -> Result<Vec<File>> {
    let document = parse::parse(spec)?;
    let api = lower::lower(&document)?;
    emit::files(&api, source)
}
