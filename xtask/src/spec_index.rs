//! The spec's positions index, built on a thread of its own while the spec is generated, so that
//! warnings are shown without reading the document a second time after the run: for a big YAML
//! spec that second reading took a fifth of a regeneration's time, on one core while the other
//! was idle. When nothing is shown, the index is left to its thread and never waited for.

use std::path::Path;
use std::thread::JoinHandle;

use generator::diagnostic::{Indexed, Source};

pub struct SpecIndex(Option<JoinHandle<Option<Indexed>>>);

impl SpecIndex {
    /// No index: rendering builds it, if anything is shown.
    pub fn none() -> SpecIndex {
        SpecIndex(None)
    }

    /// Starts indexing the spec at `path`, shown as `name`; the thread reads it too. A spec that
    /// cannot be read, or a thread that cannot be started, leaves rendering to index it as it
    /// always can.
    pub fn start(path: &Path, name: &str) -> SpecIndex {
        let (path, name) = (path.to_path_buf(), name.to_owned());
        let index = move || std::fs::read_to_string(path).ok().map(|text| Indexed::of(Source::new(name, text)));
        SpecIndex(std::thread::Builder::new().name("spec index".to_owned()).spawn(index).ok())
    }

    /// The index, once built: for [`generator::diagnostic::render_in_indexed`], which uses it
    /// only if the generator read the same text.
    pub fn finish(self) -> Vec<Indexed> {
        self.0.and_then(|thread| thread.join().ok().flatten()).into_iter().collect()
    }
}
