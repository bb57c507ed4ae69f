//! What the generator's tests share.

use std::path::PathBuf;

pub mod scratch;

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

/// spec/oms.yaml as it was with its first two operations: a base that stays put, so that the lines
/// and columns tests quote do not move with each edit of the real spec.
#[allow(dead_code)]
pub fn oms_two_operations() -> String {
    std::fs::read_to_string(crate_dir().join("tests/data/oms-two-operations.yaml"))
        .expect("tests/data/oms-two-operations.yaml")
}

/// That spec with `from` (which must be there, once) replaced by `to`: an edit a user could make.
#[allow(dead_code)]
pub fn edited(from: &str, to: &str) -> String {
    let spec = oms_two_operations();
    assert_eq!(spec.matches(from).count(), 1, "{from:?} is in the spec once");
    spec.replacen(from, to, 1)
}
