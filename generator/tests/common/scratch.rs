//! A scratch workspace of generated crates under `target/`: each crate generated from a spec and
//! written beside the others, the project's lock file copied in, and built into the target
//! directory every such build shares, so that dependencies are built once for all of them.
//!
//! Not every test that includes `common` builds crates.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, PoisonError};

use generator::package::{self, Runtimes};

use super::workspace;

/// A workspace of generated crates in `target/<directory>`.
pub struct Scratch {
    root: PathBuf,
    members: Vec<String>,
}

impl Scratch {
    pub fn new(directory: &str) -> Scratch {
        Scratch { root: workspace().join("target").join(directory), members: Vec::new() }
    }

    /// The directory of the member crate `name`.
    pub fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Generates the crate `name` from the spec at `spec` (its references read relative to it)
    /// and writes it as a member, with `dev_dependencies` as extra manifest lines.
    pub fn add(&mut self, name: &str, spec: &Path, dev_dependencies: &[&str]) -> Result<(), String> {
        let source = spec.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let options = generator::Options { source: &source, crate_name: name };
        let generated =
            generator::generate_file(spec, &options).result.map_err(|e| format!("{}: {e}", spec.display()))?;
        let dir = self.dir(name);
        let (client, huaweicloud) = (workspace().join("runtime"), workspace().join("huaweicloud"));
        let runtimes = Runtimes { client: &client, huaweicloud: &huaweicloud };
        let files = package::standalone(name, generated, runtimes, dev_dependencies);
        // Only what changed is written, and what the spec no longer gives removed: untouched
        // files keep their timestamps, so cargo rebuilds only the crates that changed.
        let stale = generator::files::stale_files(&dir, &files).map_err(|e| format!("{}: {e}", dir.display()))?;
        for path in stale {
            match files.iter().find(|file| file.path == path) {
                Some(file) => write(&dir.join(&file.path), &file.contents),
                None if dir.join(&path).is_dir() => {
                    std::fs::remove_dir_all(dir.join(&path)).map_err(|e| format!("{path}: {e}"))?
                }
                None => std::fs::remove_file(dir.join(&path)).map_err(|e| format!("{path}: {e}"))?,
            }
        }
        self.members.push(name.to_owned());
        Ok(())
    }

    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// Runs `cargo ARGS` over every member, once the workspace's manifest and lock file are
    /// written.
    pub fn cargo(&self, args: &[&str]) -> Output {
        write(&self.root.join("Cargo.toml"), &package::workspace_manifest(&self.members));
        // The project's lock file: the same dependency versions, nothing to resolve anew.
        let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).expect("Cargo.lock");
        write(&self.root.join("Cargo.lock"), &lock);
        Command::new(env!("CARGO"))
            .args(args)
            .args(["--quiet", "--workspace", "--manifest-path"])
            .arg(self.root.join("Cargo.toml"))
            // Every scratch workspace and the corpus step build in the same place, with the same
            // flags: dependencies are built once for all of them.
            .env("CARGO_TARGET_DIR", target_dir())
            // Built once: incremental caches would only fill the disk (tens of GB for the corpus).
            .env("CARGO_INCREMENTAL", "0")
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("cargo runs")
    }
}

/// The target directory generated crates are built in.
pub fn target_dir() -> PathBuf {
    workspace().join("target/generated-crates")
}

/// Writes `contents` to `path`, leaving an unchanged file as it is: it keeps its timestamp, so
/// cargo rebuilds only what changed.
pub fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create directories");
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Whether the tests run under CI (`CI=true`), where what is missing is an error.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|ci| ci == "true")
}

/// Writes `line` on standard error, once per line per process. `cargo test` captures what
/// `eprintln!` writes and shows it only for a failing test; writing to the stream itself is not
/// captured, so the line shows on a passing run too.
pub fn say_once(line: &str) {
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(PoisonError::into_inner);
    if !said.iter().any(|earlier| earlier == line) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
        said.push(line.to_owned());
    }
}
