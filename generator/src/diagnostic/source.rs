//! The spec as read: its text, the name diagnostics show for it, and which syntax it is written in;
//! and the set of them a spec that refers to other documents is read from.

/// A spec's text and the name diagnostics show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Where each line of `text` starts, in bytes: 0, then just after each line break.
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect()
}

/// YAML's merge key: its value (a mapping, or a list of them) is merged into the mapping that
/// holds it. The reader and the positions index both apply it.
pub const MERGE_KEY: &str = "<<";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }

    /// JSON when the text starts with `{` or `[`, whatever the file is called; YAML otherwise.
    pub fn format(&self) -> Format {
        match self.text.trim_start_matches('\u{feff}').trim_start().chars().next() {
            Some('{' | '[') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// The spec and the documents it refers to, as read: what diagnostics are shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    spec: Source,
    /// The documents the spec refers to, in the order they were read.
    referenced: Vec<Source>,
}

impl Sources {
    pub fn new(spec: Source) -> Self {
        Sources { spec, referenced: Vec::new() }
    }

    pub fn spec(&self) -> &Source {
        &self.spec
    }

    /// Adds a document the spec refers to.
    pub fn add(&mut self, source: Source) {
        self.referenced.push(source);
    }

    /// The document a diagnostic's `file` names: the spec for none.
    pub fn get(&self, file: Option<&str>) -> Option<&Source> {
        match file {
            None => Some(&self.spec),
            Some(name) => self.iter().find(|source| source.name == name),
        }
    }

    /// The spec, then the documents it refers to.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        std::iter::once(&self.spec).chain(&self.referenced)
    }
}

impl From<Source> for Sources {
    fn from(spec: Source) -> Self {
        Sources::new(spec)
    }
}
