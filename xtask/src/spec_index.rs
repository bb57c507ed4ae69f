//! The spec's positions index, built on a thread of its own while the spec is generated, so that
//! warnings are shown without reading the document a second time after the run: for a big YAML
//! spec that second reading took a fifth of a regeneration's time, on one core while the other
//! was idle. When nothing is shown, the index is left to its thread and never waited for.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use generator::diagnostic::{Indexed, Source};

/// The thread building the index, if any, and whether the index is still wanted: an index let go
/// stops being read, rather than take a core from the formatting until it is done.
pub struct SpecIndex {
    thread: Option<JoinHandle<Option<Indexed>>>,
    wanted: Arc<AtomicBool>,
}

impl SpecIndex {
    /// No index: rendering builds it, if anything is shown.
    pub fn none() -> SpecIndex {
        SpecIndex { thread: None, wanted: Arc::new(AtomicBool::new(false)) }
    }

    /// Starts indexing the spec at `path`, shown as `name`; the thread reads it too. A spec that
    /// cannot be read, or a thread that cannot be started, leaves rendering to index it as it
    /// always can.
    pub fn start(path: &Path, name: &str) -> SpecIndex {
        let (path, name) = (path.to_path_buf(), name.to_owned());
        let wanted = Arc::new(AtomicBool::new(true));
        let still_wanted = Arc::clone(&wanted);
        let index = move || {
            let text = std::fs::read_to_string(path).ok()?;
            Indexed::ahead(Source::new(name, text), &|| still_wanted.load(Ordering::Relaxed))
        };
        let thread = std::thread::Builder::new().name("spec index".to_owned()).spawn(index).ok();
        SpecIndex { thread, wanted }
    }

    /// The index, once built: for [`generator::diagnostic::render_in_indexed`], which uses it
    /// only if the generator read the same text.
    pub fn finish(mut self) -> Vec<Indexed> {
        self.thread.take().and_then(|thread| thread.join().ok().flatten()).into_iter().collect()
    }
}

/// An index dropped unfinished is let go: its thread stops reading the spec, and is never waited
/// for.
impl Drop for SpecIndex {
    fn drop(&mut self) {
        self.wanted.store(false, Ordering::Relaxed);
    }
}
