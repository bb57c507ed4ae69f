//! The documents a spec is read from: the spec, and those its references name (`./pet.yaml`,
//! `../common.json`), each read once, relative to the document that names it.
//!
//! A document is known by its name: the spec's name (as diagnostics show it) joined with the
//! relative paths that lead to it, `.` and `..` resolved by their text. Its path on disk is the
//! spec's path joined with the same steps, so the two stay in step. A spec given as text has no
//! path: the documents it refers to are not read.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::untyped;
use crate::diagnostic::{Diagnostic, Pointer, Source, Sources};

/// The spec and the documents it refers to, read as they are needed.
#[derive(Debug)]
pub struct Documents {
    sources: Sources,
    /// The spec's name, normalised: a reference that leads back to it is a reference within it.
    spec_name: String,
    /// Where each named document is on disk (the spec's own entry is its path); empty when the
    /// spec was given as text.
    paths: HashMap<String, PathBuf>,
    /// Each document read so far, by name: its value, or why it cannot be read.
    read: HashMap<String, Result<Value, Unreadable>>,
}

/// Why a document the spec refers to cannot be read.
#[derive(Debug, Clone)]
pub enum Unreadable {
    /// The file cannot be read (missing, not text): what the system says.
    Missing(String),
    /// The text is not YAML or JSON: the error, located in it.
    Syntax(Diagnostic),
}

impl Documents {
    /// A spec given as text: references to other documents are left as they are.
    pub fn text(spec: Source) -> Self {
        Documents {
            spec_name: normalise(Path::new(&spec.name)),
            sources: Sources::new(spec),
            paths: HashMap::new(),
            read: HashMap::new(),
        }
    }

    /// The spec at `path`, shown as `name`, whose references are read relative to it.
    pub fn file(path: &Path, name: &str) -> Result<Self, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            Diagnostic::error("unreadable document", Pointer::root(), format!("cannot read {name}: {error}"))
        })?;
        let mut documents = Documents::text(Source::new(name, text));
        documents.paths.insert(documents.spec_name.clone(), path.to_path_buf());
        Ok(documents)
    }

    pub fn spec(&self) -> &Source {
        self.sources.spec()
    }

    /// The spec's name, as the documents it refers to are named.
    pub fn spec_name(&self) -> &str {
        &self.spec_name
    }

    /// Whether the documents the spec refers to can be read: not for a spec given as text.
    pub fn reads_files(&self) -> bool {
        !self.paths.is_empty()
    }

    /// Every document read (where diagnostics are shown).
    pub fn into_sources(self) -> Sources {
        self.sources
    }

    /// The name of the document `relative` names from the document `from` (`../common.json`
    /// from `spec/api.yaml` is `common.json`).
    pub fn resolve(&mut self, from: &str, relative: &str) -> String {
        let name = normalise(&parent(from).join(relative));
        if let Some(path) = self.paths.get(from).map(|from| normalise_path(&parent_path(from).join(relative))) {
            self.paths.entry(name.clone()).or_insert(path);
        }
        name
    }

    /// The document named `name` (read the first time it is asked for).
    pub fn value(&mut self, name: &str) -> Result<&Value, &Unreadable> {
        if !self.read.contains_key(name) {
            let read = self.read_document(name);
            self.read.insert(name.to_owned(), read);
        }
        self.read[name].as_ref()
    }

    fn read_document(&mut self, name: &str) -> Result<Value, Unreadable> {
        let path = self.paths.get(name).ok_or_else(|| Unreadable::Missing("its place on disk is not known".into()))?;
        let text = std::fs::read_to_string(path).map_err(|error| Unreadable::Missing(error.to_string()))?;
        let source = Source::new(name, text);
        let value = untyped::read(&source).map_err(|error| Unreadable::Syntax(error.in_file(name)));
        self.sources.add(source);
        value
    }
}

/// The directory a document's name is in (empty for a name without one).
fn parent(name: &str) -> &Path {
    Path::new(name).parent().unwrap_or(Path::new(""))
}

fn parent_path(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

/// `path` with `.` left out and `..` taking back the step before it where there is one, as text
/// with `/` between the steps.
fn normalise(path: &Path) -> String {
    normalise_path(path).to_string_lossy().replace('\\', "/")
}

fn normalise_path(path: &Path) -> PathBuf {
    let mut steps: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(steps.last(), Some(Component::Normal(_))) => {
                steps.pop();
            }
            // Nothing is above the root.
            Component::ParentDir if matches!(steps.last(), Some(Component::RootDir | Component::Prefix(_))) => {}
            other => steps.push(other),
        }
    }
    steps.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_follow_the_same_steps() {
        let dir = std::env::temp_dir().join(format!("documents-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("spec/schemas")).unwrap();
        std::fs::write(dir.join("spec/api.yaml"), "openapi: 3.0.3\n").unwrap();
        std::fs::write(dir.join("spec/schemas/pet.yaml"), "Pet: {type: object}\n").unwrap();
        std::fs::write(dir.join("common.json"), "{\"Error\": [}").unwrap();
        let mut documents = Documents::file(&dir.join("spec/api.yaml"), "./spec/api.yaml").unwrap();
        assert_eq!(documents.spec_name(), "spec/api.yaml");
        let pet = documents.resolve("spec/api.yaml", "./schemas/../schemas/pet.yaml");
        assert_eq!(pet, "spec/schemas/pet.yaml");
        assert_eq!(documents.value(&pet).unwrap()["Pet"]["type"], "object");
        let common = documents.resolve(&pet, "../../common.json");
        assert_eq!(common, "common.json");
        match documents.value(&common) {
            Err(Unreadable::Syntax(error)) => assert_eq!(error.file.as_deref(), Some("common.json")),
            other => panic!("{other:?}"),
        }
        let missing = documents.resolve(&common, "missing.yaml");
        assert!(matches!(documents.value(&missing), Err(Unreadable::Missing(_))));
        let sources = documents.into_sources();
        let names: Vec<&str> = sources.iter().map(|source| source.name.as_str()).collect();
        assert_eq!(names, ["./spec/api.yaml", "spec/schemas/pet.yaml", "common.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_spec_given_as_text_reads_no_other_document() {
        let mut documents = Documents::text(Source::new("api.yaml", "openapi: 3.0.3\n"));
        assert!(!documents.reads_files());
        let pet = documents.resolve("api.yaml", "pet.yaml");
        assert!(matches!(documents.value(&pet), Err(Unreadable::Missing(_))));
        assert_eq!(normalise(Path::new("../a/./b/../c.yaml")), "../a/c.yaml");
        assert_eq!(normalise(Path::new("/../a.yaml")), "/a.yaml");
    }
}
