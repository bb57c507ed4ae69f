//! Where xtask keeps the generator's [`FormatCache`] between runs: beside its own executable
//! (`target/debug/codegen-cache/NAME.cache`), so that a debug and a release build never share one,
//! and marked with that executable's size and time, so that a rebuilt generator reads none of an
//! older build's entries.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use generator::{FormatCache, FromFile, Options, Reuse};

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

/// Generates the crate `options.crate_name` from `spec`, with the cache kept for it when `cached`
/// (and this executable can be found); the cache is written back when `keep` and the spec
/// generates. Also returns how the cache was used, when it was.
pub fn generate(spec: &Path, options: &Options, cached: bool, keep: bool) -> (FromFile, Option<Reuse>) {
    match Stored::of(options.crate_name).filter(|_| cached) {
        Some(stored) => {
            let mut cache = stored.read();
            let read = generator::generate_file_cached(spec, options, &mut cache);
            if keep && read.result.is_ok() {
                stored.write(&mut cache);
            }
            (read, Some(cache.last_run()))
        }
        None => (generator::generate_file(spec, options), None),
    }
}
