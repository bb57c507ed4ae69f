//! Turns an OpenAPI 3.0 description into the source files of a Rust client crate.
//!
//! Three stages, each its own module and each using only those before it: [`parse`] reads the
//! document, [`lower`] turns it into the intermediate form of [`ir`] (where every decision is
//! made), and [`emit`] prints that as formatted Rust. [`files`] is what the generated files are
//! and how they compare with those on disk; [`names`] makes Rust names; [`error`] locates problems.
//! ARCHITECTURE.md walks through them.

pub mod emit;
pub mod error;
pub mod files;
pub mod ir;
pub mod lower;
pub mod names;
pub mod package;
pub mod parse;

pub use error::{Error, Result};
pub use files::{File, GENERATED_DIRS};

/// What a run needs besides the spec.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The spec's path as the file headers name it (`spec/oms.yaml`).
    pub source: &'a str,
    /// The generated crate's package name, as sample programs import it (`oms`).
    pub crate_name: &'a str,
}

/// Generates the crate's files from spec text.
pub fn generate(spec: &str, options: &Options) -> Result<Vec<File>> {
    let document = parse::parse(spec)?;
    let api = lower::lower(&document, options.crate_name)?;
    emit::files(&api, options.source)
}
