//! Where xtask keeps the generator's [`FormatCache`] between runs: beside its own executable
//! (`target/debug/codegen-cache/NAME.cache`), so that a debug and a release build never share one,
//! and marked with that executable's size and time, so that a rebuilt generator reads none of an
//! older build's entries.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use generator::{FormatCache, FromFile, Lowered, LoweredFile, Options, Reuse};

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

    /// Whether a run has left its cache: only then does a missing marker say anything.
    fn ran_before(&self) -> bool {
        self.path.exists()
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
    /// The intermediate form the files were made from, when the spec generates.
    pub lowered: Option<Lowered>,
}

/// Generates the crate `options.crate_name` from `spec`, with the cache kept for it when `cached`
/// (and this executable can be found); the cache is written back when `keep` and the spec
/// generates.
///
/// Reading and lowering the spec take one core, so the spec's positions index, which showing a
/// diagnostic needs, is built meanwhile on the other: from nothing, that takes a third of the
/// time they do (github.json: 31 ms against 103). It is not built when the last run is known to
/// have shown nothing (a spec's warnings seldom come and go with an edit), and it is let go as
/// soon as lowering finds nothing to show, before emitting makes the run's biggest things.
pub fn generate(spec: &Path, options: &Options, cached: bool, keep: bool) -> Run {
    let stored = if cached { Stored::of(options.crate_name) } else { None };
    let index = match &stored {
        Some(stored) if stored.ran_before() && !stored.diagnostics_shown() => SpecIndex::none(),
        _ => SpecIndex::start(spec, options.source),
    };
    let LoweredFile { sources, result } = generator::lower_file(spec, options);
    let index = match &result {
        Ok(lowered) if lowered.warnings().is_empty() => SpecIndex::none(),
        _ => index,
    };
    let mut cache = stored.as_ref().map(Stored::read);
    let (result, lowered) = match result {
        Ok(lowered) => (lowered.emit(cache.as_mut()), Some(lowered)),
        Err(error) => (Err(error), None),
    };
    if let (Some(stored), Some(cache), true) = (&stored, &mut cache, keep) {
        if result.is_ok() {
            stored.write(cache);
        }
        let shown = !result.as_ref().is_ok_and(|generated| generated.warnings.is_empty());
        stored.remember_diagnostics(shown);
    }
    let reuse = cache.map(|cache| cache.last_run());
    Run { read: FromFile { sources, result }, reuse, index, lowered }
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
