//! What the generator's tests share.

use std::path::PathBuf;

/// The generator crate's directory: the one cargo runs the test in (so a copy of the tree acts on
/// itself), else the one the test was built in.
pub fn crate_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// The workspace root.
#[allow(dead_code)]
pub fn workspace() -> PathBuf {
    crate_dir().parent().expect("the workspace root").to_path_buf()
}
