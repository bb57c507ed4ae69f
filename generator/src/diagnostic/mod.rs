//! Problems found in a spec, each located by a JSON pointer, and their rendering as a compiler
//! would show them: file, line and column, the offending lines with a marker, and what was
//! expected.
//!
//! It sits below the stages that find problems: the spec's [`Source`] (and the [`Sources`] of a
//! spec that refers to other documents) and the [`positions`] index that locates a JSON pointer in
//! one live here, so that rendering needs nothing from parsing.

mod excerpt;
pub mod indentation;
pub mod positions;
mod source;

use std::collections::HashMap;
use std::fmt;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::term;

use excerpt::Excerpt;
use positions::Positions;
pub use source::{Format, MERGE_KEY, Source, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The crate cannot be generated as the spec stands.
    Error,
    /// The crate is generated, with something read differently than written, or left out.
    Warning,
}

/// Which part of the located node a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The key that names it (`requird:` in a parameter).
    Key,
    /// Its value (`bolean` in `type: bolean`).
    Value,
}

/// One problem: where, what, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short name for the kind of problem, for counting them (`unknown key`, `schema degraded`).
    pub kind: &'static str,
    /// The document `pointer` is in when it is not the spec: one the spec refers to, by the name
    /// its [`Source`] has. `None` for the spec itself.
    pub file: Option<String>,
    pub pointer: Pointer,
    pub target: Target,
    /// A byte offset in the text, for problems found by position rather than by pointer (syntax).
    pub offset: Option<usize>,
    pub message: String,
    /// Shown at the marker: a suggestion (`did you mean "required"?`).
    pub label: Option<String>,
    /// Lines after the excerpt: what was expected, what was done instead.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(kind: &'static str, pointer: Pointer, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: None,
            pointer,
            target: Target::Value,
            offset: None,
            message: message.into(),
            label: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(kind: &'static str, pointer: Pointer, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(kind, pointer, message) }
    }

    /// Found in the document named `file` (one the spec refers to), rather than the spec.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// About the key rather than the value.
    pub fn at_key(mut self) -> Self {
        self.target = Target::Key;
        self
    }

    /// Found at this byte offset of the text.
    pub fn at_offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The diagnostic as a compiler shows it, located in `source` (through `positions`).
    pub fn render(&self, source: &Source, positions: &Positions) -> String {
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let (pointer, span) = match self.offset {
            Some(offset) => {
                let end = (offset + 1..=source.text.len()).find(|end| source.text.is_char_boundary(*end));
                (positions.pointer_at(offset), Some(offset..end.unwrap_or(offset)))
            }
            None => (self.pointer.clone(), positions.locate(&self.pointer, self.target).map(Into::into)),
        };
        let mut notes = vec![format!("at {pointer}")];
        notes.extend(self.notes.iter().cloned());
        let mut report = report.with_message(&self.message).with_notes(notes);
        let file = match span {
            Some(span) => {
                let (file, span) = Excerpt::new(&source.name, &source.text, span);
                let label = Label::primary((), span);
                report = report.with_labels(vec![match &self.label {
                    Some(text) => label.with_message(text),
                    None => label,
                }]);
                file
            }
            None => Excerpt::unlocated(&source.name),
        };
        term::emit_into_string(&term::Config::default(), &file, &report).unwrap_or_else(|_| format!("{self}\n"))
    }
}

/// `#/components/schemas/A: message` (`schemas/pet.yaml#/Pet: message` in another document),
/// without the source.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = self.file.as_deref().unwrap_or_default();
        write!(f, "{severity}: {file}{}: {}", self.pointer, self.message)?;
        if let Some(label) = &self.label {
            write!(f, " ({label})")?;
        }
        for note in &self.notes {
            write!(f, "; {note}")?;
        }
        Ok(())
    }
}

/// Renders `diagnostics` of a spec read from `source` alone, as [`render_in`] does.
pub fn render(diagnostics: &[Diagnostic], source: &Source, limit: usize) -> String {
    render_in(diagnostics, &Sources::new(source.clone()), limit)
}

/// A document's positions index, built before anything is shown: a program can build the spec's on
/// a core of its own while the spec is generated, since reading a big YAML document for positions
/// takes as long as lowering it.
#[derive(Debug)]
pub struct Indexed {
    source: Source,
    positions: Positions,
}

impl Indexed {
    pub fn of(source: Source) -> Indexed {
        let positions = Positions::of(&source);
        Indexed { source, positions }
    }

    /// As [`Indexed::of`], for an index built ahead of need while `wanted` says it still is:
    /// `None` when it is not, or when it is left to rendering to build (see [`Positions::ahead`]).
    pub fn ahead(source: Source, wanted: &dyn Fn() -> bool) -> Option<Indexed> {
        let positions = Positions::ahead(&source, wanted)?;
        wanted().then_some(Indexed { source, positions })
    }
}

/// Renders `diagnostics` as a compiler shows them, each located in the document of `sources` it
/// names: at most `limit` of them, then a line saying how many more there are.
pub fn render_in(diagnostics: &[Diagnostic], sources: &Sources, limit: usize) -> String {
    render_in_indexed(diagnostics, sources, limit, &[])
}

/// As [`render_in`], with the index of each of `ready` used for the document it was built from
/// (the same name and text) rather than built again.
pub fn render_in_indexed(diagnostics: &[Diagnostic], sources: &Sources, limit: usize, ready: &[Indexed]) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    // Each document's index is built once, and only for a document something is shown in.
    let mut built: HashMap<Option<&str>, Positions> = HashMap::new();
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(limit) {
        let file = diagnostic.file.as_deref();
        out.push_str(&match sources.get(file) {
            Some(source) => {
                let positions = match ready.iter().find(|indexed| indexed.source == *source) {
                    Some(indexed) => &indexed.positions,
                    None => built.entry(file).or_insert_with(|| Positions::of(source)),
                };
                diagnostic.render(source, positions)
            }
            // A document that was not read: its name, and no excerpt.
            None => {
                let unread = Source::new(file.unwrap_or_default(), "");
                diagnostic.render(&unread, &Positions::of(&unread))
            }
        });
    }
    if diagnostics.len() > limit {
        out.push_str(&format!("... and {} more\n", diagnostics.len() - limit));
    }
    out
}

/// How many diagnostics of each kind, in the order kinds are first met: `3 unknown key, 1 ...`.
pub fn counts(diagnostics: &[Diagnostic]) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for diagnostic in diagnostics {
        match counts.iter_mut().find(|(kind, _)| *kind == diagnostic.kind) {
            Some((_, count)) => *count += 1,
            None => counts.push((diagnostic.kind, 1)),
        }
    }
    counts
}

/// A spec the generator cannot turn into a crate: every error found, and the warnings found
/// before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// The errors alone.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The first error (there is always one).
    pub fn first(&self) -> &Diagnostic {
        self.errors().next().unwrap_or(&self.diagnostics[0])
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error { diagnostics: vec![diagnostic] }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<String> = self.errors().map(Diagnostic::to_string).collect();
        f.write_str(&errors.join("\n"))
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JSON pointer under construction: `Pointer::root().push("paths").push("/v2/x")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// A pointer as written in a `$ref` (`#/components/schemas/A`).
    pub fn parse(text: &str) -> Option<Self> {
        (text == "#" || text.starts_with("#/")).then(|| Pointer(text.to_owned()))
    }

    /// Appends one reference token, escaped as RFC 6901 requires (`~` as `~0`, `/` as `~1`).
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        // Made for every value of a document as it is checked: one allocation each.
        let token = token.as_ref();
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        if token.contains(['~', '/']) {
            pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
        } else {
            pointer.push_str(token);
        }
        Pointer(pointer)
    }

    /// The pointer one level up (`#/a/b` -> `#/a`).
    pub fn parent(&self) -> Self {
        match self.0.rsplit_once('/') {
            Some((parent, _)) => Pointer(parent.to_owned()),
            None => self.clone(),
        }
    }

    /// The reference tokens, unescaped.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        // Lowering reads a big spec's references hundreds of thousands of times: a token with
        // nothing escaped (nearly all) is copied, not searched twice.
        self.0.split('/').skip(1).map(|token| match token.contains('~') {
            true => token.replace("~1", "/").replace("~0", "~"),
            false => token.to_owned(),
        })
    }

    /// The last reference token, unescaped.
    pub fn last(&self) -> Option<String> {
        self.tokens().last()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An error of `kind` located here.
    pub fn error(&self, kind: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(kind, self.clone(), message)
    }

    /// A warning of `kind` located here.
    pub fn warning(&self, kind: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(kind, self.clone(), message)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape_tokens() {
        let pointer = Pointer::root().push("paths").push("/v2/{id}").push("a~b");
        assert_eq!(pointer.as_str(), "#/paths/~1v2~1{id}/a~0b");
        assert_eq!(pointer.tokens().collect::<Vec<_>>(), ["paths", "/v2/{id}", "a~b"]);
        assert_eq!(pointer.parent().last().as_deref(), Some("/v2/{id}"));
        assert_eq!(Pointer::parse("#/a").map(|p| p.as_str().to_owned()).as_deref(), Some("#/a"));
        assert!(Pointer::parse("other.yaml#/a").is_none());
    }

    #[test]
    fn each_diagnostic_is_shown_in_its_own_document() {
        let mut sources = Sources::new(Source::new("api.yaml", "openapi: 3.0.3\nx: 1\n"));
        sources.add(Source::new("schemas/pet.yaml", "Pet:\n  type: objekt\n"));
        let in_spec = Pointer::root().push("x").warning("w", "in the spec");
        let in_pet = Pointer::root().push("Pet").push("type").error("e", "in pet.yaml").in_file("schemas/pet.yaml");
        let unread = Pointer::root().error("e", "in a document not read").in_file("gone.yaml");
        let rendered = render_in(&[in_spec, in_pet.clone(), unread], &sources, 10);
        assert!(rendered.contains("┌─ api.yaml:2:4"), "{rendered}");
        assert!(rendered.contains("┌─ schemas/pet.yaml:2:9\n"), "{rendered}");
        assert!(rendered.contains("2 │   type: objekt"), "{rendered}");
        assert!(rendered.contains("error: in a document not read"), "{rendered}");
        assert_eq!(in_pet.to_string(), "error: schemas/pet.yaml#/Pet/type: in pet.yaml");
    }

    #[test]
    fn an_index_built_ahead_is_used_only_for_the_text_it_was_built_from() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\nx: 1\n";
        let sources = Sources::new(Source::new("api.yaml", text));
        let warning = Pointer::root().push("x").warning("w", "here");
        let expected = render_in(std::slice::from_ref(&warning), &sources, 10);
        assert!(expected.contains("┌─ api.yaml:4:4"), "{expected}");
        let ahead = Indexed::of(Source::new("api.yaml", text));
        assert_eq!(render_in_indexed(std::slice::from_ref(&warning), &sources, 10, &[ahead]), expected);
        // Built from the file as it was before an edit moved `x` down a line: not used.
        let stale = Indexed::of(Source::new("api.yaml", "openapi: 3.0.3\nx: 1\n"));
        assert_eq!(render_in_indexed(std::slice::from_ref(&warning), &sources, 10, &[stale]), expected);
    }
}
