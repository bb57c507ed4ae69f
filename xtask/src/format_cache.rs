//! Where xtask keeps the generator's [`FormatCache`] between runs: beside its own executable
//! (`target/debug/codegen-cache/NAME.cache`), so that a debug and a release build never share one,
//! and marked with that executable's size and time, so that a rebuilt generator reads none of an
//! older build's entries.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use generator::{FormatCache, FromFile, Options, Reuse};

use crate::spec_index::SpecIndex;

/// A cache file, and the build that may read and write it.
struct Stored {
    path: PathBuf,
    build: String,
}

impl Stored {
    /// The cache of the crate `name`; `None` when this executable cannot be found, and every
    /// run then formats everything.
    fn of(name: &str) -> Option<Stored> {
        let executable = std::env::current_exe().ok()?;
        let metadata = executable.metadata().ok()?;
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        let build = format!(
            "{} {} {}.{:09}",
            env!("CARGO_PKG_VERSION"),
            metadata.len(),
            modified.as_secs(),
            modified.subsec_nanos()
        );
        let path = executable.parent()?.join("codegen-cache").join(format!("{name}.cache"));
        Some(Stored { path, build })
    }

    /// The file whose presence says the last run had diagnostics to show.
    fn diagnostics_marker(&self) -> PathBuf {
        self.path.with_extension("diagnostics")
    }

    fn diagnostics_shown(&self) -> bool {
        self.diagnostics_marker().exists()
    }

    /// Records whether this run had diagnostics to show, for the next run's [`SpecIndex`]. Like
    /// the cache, the marker only saves time, so a failure to write it is not an error.
    fn remember_diagnostics(&self, shown: bool) {
        let marker = self.diagnostics_marker();
        let _ = match (shown, marker.exists()) {
            (true, false) => std::fs::write(&marker, ""),
            (false, true) => std::fs::remove_file(&marker),
            _ => Ok(()),
        };
    }

    fn read(&self) -> FormatCache {
        FormatCache::read(&self.path, &self.build)
    }

    /// Writes `cache` back. A cache that cannot be written costs the next run time, not
    /// correctness: it is said, and the run goes on.
    fn write(&self, cache: &mut FormatCache) {
        if let Err(error) = cache.write(&self.path, &self.build) {
            eprintln!("note: the format cache {} was not written ({error})", self.path.display());
        }
    }
}

/// A generation, and what goes with it.
pub struct Run {
    pub read: FromFile,
    /// How the cache was used, when it was.
    pub reuse: Option<Reuse>,
    /// The spec's positions index, for showing the run's diagnostics.
    pub index: SpecIndex,
}

/// Generates the crate `options.crate_name` from `spec`, with the cache kept for it when `cached`
/// (and this executable can be found); the cache is written back when `keep` and the spec
/// generates. When the last run had diagnostics to show, the spec's positions index is built
/// meanwhile, on a thread of its own: a spec's warnings seldom come and go with an edit, and a run
/// without any would only have spent memory on it.
pub fn generate(spec: &Path, options: &Options, cached: bool, keep: bool) -> Run {
    let Some(stored) = Stored::of(options.crate_name).filter(|_| cached) else {
        return Run { read: generator::generate_file(spec, options), reuse: None, index: SpecIndex::none() };
    };
    let index = if stored.diagnostics_shown() { SpecIndex::start(spec, options.source) } else { SpecIndex::none() };
    let mut cache = stored.read();
    let read = generator::generate_file_cached(spec, options, &mut cache);
    if keep {
        if read.result.is_ok() {
            stored.write(&mut cache);
        }
        let shown = !read.result.as_ref().is_ok_and(|generated| generated.warnings.is_empty());
        stored.remember_diagnostics(shown);
    }
    Run { read, reuse: Some(cache.last_run()), index }
}

#[cfg(test)]
mod tests {
    use super::Stored;

    #[test]
    fn the_marker_says_whether_the_last_run_showed_diagnostics() {
        let dir = std::env::temp_dir().join(format!("xtask-marker-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let stored = Stored { path: dir.join("api.cache"), build: String::new() };
        assert!(!stored.diagnostics_shown());
        stored.remember_diagnostics(true);
        assert!(stored.diagnostics_shown() && dir.join("api.diagnostics").exists());
        stored.remember_diagnostics(true);
        assert!(stored.diagnostics_shown());
        stored.remember_diagnostics(false);
        assert!(!stored.diagnostics_shown());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
