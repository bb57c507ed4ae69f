//! What the generated code costs to compile: `cargo check` of each tool's library after an edit
//! of its generated source, and a clean build of the `oms` library.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use generator::package;

use super::measure::{self, median};
use super::stem;

pub struct Tools<'a> {
    /// This program, which measures each run in a process of its own.
    pub this_binary: &'a Path,
    /// The release xtask, which generates.
    pub ours: &'a Path,
    pub peer: &'a Path,
    pub root: &'a Path,
}

pub struct CompileRow {
    pub spec: String,
    /// Median seconds of `cargo check --lib` after an edit, ours and the peer's.
    pub ours: f64,
    pub peer: Option<f64>,
}

/// Each tool's crate for `spec` in a scratch workspace of its own, checked once with its
/// dependencies (not counted), then checked again `runs` times after a line is added to a
/// generated file: this project's crate and the peer's in turn, so that both meet the machine as
/// it is at the time.
pub fn after_edit(tools: &Tools, spec: &Path, scratch: &Path, runs: usize) -> Result<CompileRow, String> {
    let name = stem(spec);
    let spec_arg = spec.to_string_lossy();
    let target = scratch.join("target");

    let ours_workspace = scratch.join("compile/ours");
    let ours_crate = ours_workspace.join(&name);
    let generated =
        measure::run(tools.this_binary, tools.ours, &["generate", &spec_arg, &ours_crate.to_string_lossy()])?;
    generated.ok_or_else(|| format!("{}: this generator fails on it", spec.display()))?;
    write(&ours_workspace.join("Cargo.toml"), &package::workspace_manifest(std::slice::from_ref(&name)))?;
    // The project's lock file: the runtime's dependencies as the project builds them.
    let lock = fs::read_to_string(tools.root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    write(&ours_workspace.join("Cargo.lock"), &lock)?;
    let ours = Checked { workspace: ours_workspace, edited: ours_crate.join("src/api/models.rs"), target: &target };
    if ours.check(tools.this_binary)?.is_none() {
        return Err(format!("{name}: this generator's crate does not check"));
    }

    let peer_workspace = scratch.join("compile/peer");
    let peer_crate = peer_workspace.join(&name);
    let _ = fs::remove_dir_all(peer_crate.join("src"));
    let peer_api = peer_crate.join("src/api");
    let generated = measure::run(
        tools.this_binary,
        tools.peer,
        &["generate", &spec_arg, "--output-dir", &peer_api.to_string_lossy()],
    )?;
    let peer = match generated {
        None => None,
        Some(_) => {
            peer_crate_around(&peer_crate, &name)?;
            write(&peer_workspace.join("Cargo.toml"), &package::workspace_manifest(std::slice::from_ref(&name)))?;
            let peer = Checked { workspace: peer_workspace, edited: peer_api.join("types.rs"), target: &target };
            peer.check(tools.this_binary)?.map(|_| peer)
        }
    };

    let (mut ours_seconds, mut peer_seconds) = (Vec::new(), Vec::new());
    for edit in 0..runs {
        ours_seconds.push(ours.check_after_edit(tools.this_binary, edit)?);
        if let Some(peer) = &peer {
            peer_seconds.push(peer.check_after_edit(tools.this_binary, edit)?);
        }
    }
    let ours = median(&mut ours_seconds).ok_or("no check was timed")?;
    Ok(CompileRow { spec: name, ours, peer: median(&mut peer_seconds) })
}

/// The peer writes modules and the dependencies they need; a crate holds them as `api`.
fn peer_crate_around(dir: &Path, name: &str) -> Result<(), String> {
    let needed = dir.join("src/api/REQUIRED_DEPS.toml");
    let dependencies = fs::read_to_string(&needed).map_err(|e| format!("{}: {e}", needed.display()))?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n{dependencies}"
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&dir.join("src/lib.rs"), "pub mod api;\n")
}

/// A generated crate's workspace, checked with `cargo check --lib`, and the file each edit adds a
/// line to.
struct Checked<'a> {
    workspace: PathBuf,
    edited: PathBuf,
    target: &'a Path,
}

impl Checked<'_> {
    /// One check; `None` when the crate does not check.
    fn check(&self, this_binary: &Path) -> Result<Option<measure::Sample>, String> {
        let manifest = self.workspace.join("Cargo.toml");
        measure::run(
            this_binary,
            Path::new("cargo"),
            &[
                "check",
                "--quiet",
                "--lib",
                "--manifest-path",
                &manifest.to_string_lossy(),
                "--target-dir",
                &self.target.to_string_lossy(),
            ],
        )
    }

    /// Seconds of a check after the edit numbered `edit`.
    fn check_after_edit(&self, this_binary: &Path, edit: usize) -> Result<f64, String> {
        let edited = &self.edited;
        let mut file =
            fs::OpenOptions::new().append(true).open(edited).map_err(|e| format!("{}: {e}", edited.display()))?;
        writeln!(file, "// edit {edit}").map_err(|e| format!("{}: {e}", edited.display()))?;
        let sample = self
            .check(this_binary)?
            .ok_or_else(|| format!("{}: fails to check after an added comment", self.workspace.display()))?;
        Ok(sample.wall.as_secs_f64())
    }
}

/// The commit a clean build of the `oms` library is compared with unless `--baseline` names
/// another: the last one before the changes that cut its build cost.
pub const BASELINE: &str = "fdd3f05";

/// How many clean builds of each source are timed, the two interleaved.
pub const CLEAN_BUILDS: usize = 3;

/// Clean builds of the `oms` library: this source's, and a baseline commit's in the same run.
pub struct CleanBuilds {
    /// The seconds of each of this source's builds, in the order they ran.
    pub current: Vec<f64>,
    /// The baseline commit as given, and the seconds of each of its builds.
    pub baseline: Option<(String, Vec<f64>)>,
}

/// `cargo build -p oms --lib` (debug, default features) into an empty target directory, for this
/// source and, when `baseline` names a commit, for that commit's source exported beside it; the
/// builds alternate, so that both meet the same machine.
pub fn clean_oms_builds(
    this_binary: &Path,
    root: &Path,
    scratch: &Path,
    baseline: Option<&str>,
) -> Result<CleanBuilds, String> {
    let baseline_root = match baseline {
        Some(rev) => Some((rev, export_commit(root, rev, &scratch.join("baseline-source"))?)),
        None => None,
    };
    let (mut current, mut before) = (Vec::new(), Vec::new());
    for _ in 0..CLEAN_BUILDS {
        if let Some((rev, source)) = &baseline_root {
            let seconds =
                clean_oms_build(this_binary, source, scratch).map_err(|e| format!("at the baseline {rev}: {e}"))?;
            before.push(seconds);
        }
        current.push(clean_oms_build(this_binary, root, scratch)?);
    }
    Ok(CleanBuilds { current, baseline: baseline_root.map(|(rev, _)| (rev.to_owned(), before)) })
}

/// The tree of commit `rev` of the repository at `root`, written into `dir` (emptied first).
fn export_commit(root: &Path, rev: &str, dir: &Path) -> Result<PathBuf, String> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", rev])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("git: {e}"))?;
    let tar_input = archive.stdout.take().ok_or("git archive gave no output")?;
    let unpacked =
        Command::new("tar").arg("-x").arg("-C").arg(dir).stdin(tar_input).status().map_err(|e| format!("tar: {e}"))?;
    let archived = archive.wait_with_output().map_err(|e| format!("git: {e}"))?;
    if !archived.status.success() {
        return Err(format!(
            "the baseline commit `{rev}` cannot be read (`--baseline none` leaves it out): {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        ));
    }
    if !unpacked.success() {
        return Err(format!("unpacking the baseline commit `{rev}` into {} failed", dir.display()));
    }
    Ok(dir.to_owned())
}

/// One clean build of the `oms` library of the source at `root`, in seconds.
fn clean_oms_build(this_binary: &Path, root: &Path, scratch: &Path) -> Result<f64, String> {
    let target: PathBuf = scratch.join("oms-clean-target");
    let _ = fs::remove_dir_all(&target);
    let manifest = root.join("Cargo.toml");
    let sample = measure::run(
        this_binary,
        Path::new("cargo"),
        &[
            "build",
            "--quiet",
            "--locked",
            "-p",
            "oms",
            "--lib",
            "--manifest-path",
            &manifest.to_string_lossy(),
            "--target-dir",
            &target.to_string_lossy(),
        ],
    )?
    .ok_or("the oms library does not build")?;
    let _ = fs::remove_dir_all(&target);
    Ok(sample.wall.as_secs_f64())
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}
