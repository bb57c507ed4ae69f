//! Turns an OpenAPI 3.0 description into the source files of a Rust client crate.
//!
//! Three stages, each its own module and each using only those before it: [`parse`] reads the
//! document, [`lower`] turns it into the intermediate form of [`ir`] (where every decision is
//! made), and [`emit`] prints that as formatted Rust. [`files`] is what the generated files are
//! and how they compare with those on disk; [`names`] makes Rust names; [`diagnostic`] locates
//! and renders problems; [`surface`] describes the generated API and compares two descriptions. ARCHITECTURE.md walks through them.

// A diagnostic is returned only when a spec has a problem, never on the path of a good spec: its
// size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod diagnostic;
pub mod emit;
pub mod files;
pub mod ir;
pub mod lower;
pub mod names;
pub mod package;
pub mod parse;
pub mod suggest;
pub mod surface;

use std::path::Path;

pub use diagnostic::{Diagnostic, Error, Result, Severity, Source, Sources};
pub use emit::{FormatCache, Reuse};
pub use files::{File, GENERATED_DIRS};

/// What a run needs besides the spec.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The spec's path as the file headers and diagnostics name it (`spec/oms.yaml`); the
    /// documents it refers to are named relative to it.
    pub source: &'a str,
    /// The generated crate's package name, as sample programs import it (`oms`).
    pub crate_name: &'a str,
}

/// A generated crate's files, and what was read differently than the spec writes it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<File>,
    pub warnings: Vec<Diagnostic>,
    /// The `client-runtime` features the files need beyond its defaults (`xml`), for the
    /// manifest of the crate that holds them.
    pub runtime_features: Vec<&'static str>,
}

/// What [`generate_file`] read, and what it made of it.
#[derive(Debug, Clone)]
pub struct FromFile {
    /// The spec and the documents it refers to, as read: what the diagnostics are shown in
    /// ([`diagnostic::render_in`]).
    pub sources: Sources,
    pub result: Result<Generated>,
}

/// Generates the crate's files from spec text. References to other documents are not followed
/// (a warning says so where each is used): [`generate_file`] reads them.
pub fn generate(spec: &str, options: &Options) -> Result<Generated> {
    generate_documents(&mut parse::Documents::text(Source::new(options.source, spec)), options, None)
}

/// [`generate`], taking the formatted text of code printed in earlier runs from `cache` rather
/// than formatting it again, and leaving in the cache the code of this run.
pub fn generate_cached(spec: &str, options: &Options, cache: &mut FormatCache) -> Result<Generated> {
    generate_documents(&mut parse::Documents::text(Source::new(options.source, spec)), options, Some(cache))
}

/// Generates the crate's files from the spec at `path`, reading the documents its references
/// name (`./schemas/pet.yaml#/Pet`) relative to the document that holds each reference.
pub fn generate_file(path: &Path, options: &Options) -> FromFile {
    generate_file_with(path, options, None)
}

/// [`generate_file`] with a cache, as [`generate_cached`].
pub fn generate_file_cached(path: &Path, options: &Options, cache: &mut FormatCache) -> FromFile {
    generate_file_with(path, options, Some(cache))
}

fn generate_file_with(path: &Path, options: &Options, cache: Option<&mut FormatCache>) -> FromFile {
    let LoweredFile { sources, result } = lower_file(path, options);
    FromFile { sources, result: result.and_then(|lowered| lowered.emit(cache)) }
}

/// A spec read and lowered, ready to be emitted: the first half of a run, for a caller that acts
/// on the warnings before the files are made.
#[derive(Debug)]
pub struct Lowered {
    api: ir::Api,
    /// The spec's path as the file headers name it.
    source: String,
    warnings: Vec<Diagnostic>,
}

impl Lowered {
    /// What was read differently than the spec writes it, so far: emitting adds nothing.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The crate's files, taking from `cache` the text of code formatted in earlier runs and
    /// leaving in it this run's. `self` is borrowed, not used up, so that a process about to exit
    /// can leave the intermediate form to the operating system rather than free it.
    pub fn emit(&self, cache: Option<&mut FormatCache>) -> Result<Generated> {
        let files = emit::files(&self.api, &self.source, cache)?;
        Ok(Generated { files, warnings: self.warnings.clone(), runtime_features: self.api.runtime_features.clone() })
    }
}

/// What [`lower_file`] read, and what it made of it.
#[derive(Debug)]
pub struct LoweredFile {
    /// As [`FromFile::sources`].
    pub sources: Sources,
    pub result: Result<Lowered>,
}

/// [`generate_file`] up to the intermediate form: the spec at `path` and the documents it
/// refers to, read and lowered.
pub fn lower_file(path: &Path, options: &Options) -> LoweredFile {
    let mut documents = match parse::Documents::file(path, options.source) {
        Ok(documents) => documents,
        Err(unreadable) => {
            return LoweredFile {
                sources: Sources::new(Source::new(options.source, "")),
                result: Err(unreadable.into()),
            };
        }
    };
    let result = lower_documents(&mut documents, options);
    LoweredFile { sources: documents.into_sources(), result }
}

fn generate_documents(
    documents: &mut parse::Documents,
    options: &Options,
    cache: Option<&mut FormatCache>,
) -> Result<Generated> {
    lower_documents(documents, options)?.emit(cache)
}

fn lower_documents(documents: &mut parse::Documents, options: &Options) -> Result<Lowered> {
    let parsed = parse::parse_documents(documents)?;
    // Lowering reads the document upgraded to 3.0's shape, with the documents it refers to copied
    // in; its findings are shown where the user wrote them, in whichever file.
    let lowered = lower::lower(&parsed, options.crate_name);
    // The documents, read and typed, are the biggest things held, and emitting needs only the
    // intermediate form: they are dropped before it.
    let parse::Parsed { origins, warnings: parse_warnings, .. } = parsed;
    let in_users_document = |diagnostic: Diagnostic| origins.shown(diagnostic);
    let lowered = lowered.map_err(|error| {
        let mut diagnostics = parse_warnings.clone();
        diagnostics.extend(error.diagnostics.into_iter().map(in_users_document));
        Error { diagnostics }
    })?;
    let mut warnings = parse_warnings;
    warnings.extend(lowered.warnings.into_iter().map(in_users_document));
    Ok(Lowered { api: lowered.api, source: options.source.to_owned(), warnings })
}
