//! The spec as read: its text, the name diagnostics show for it, and which syntax it is written in.

/// A spec's text and the name diagnostics show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
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
