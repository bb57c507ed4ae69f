//! `bench-peers`: this generator beside openapi-to-rust, measured in one run and written into
//! BENCHMARKS.md, so that every figure there can be produced again by one command.
//!
//! - Generation, whole process, by the executable `build-generator` builds: each spec of the
//!   corpora and spec/oms.yaml, runs interleaved (ours from nothing, the peer's, ours after an
//!   edit, ...), medians of the wall times and of the ratios to the peer's run beside each, and
//!   each tool's peak memory. "From nothing" is a new directory (see `Outputs`) and no format
//!   cache (`--no-cache`); "after an edit" is a regeneration, after the edit of [`edit`], over the
//!   crate and the cache the run before left, which is how a user regenerates. The peer keeps
//!   nothing between runs, so its run is the same either way.
//! - Compile cost: `cargo check` of each tool's generated library for box, github and stripe after an
//!   edit of its generated source (what a spec edit does), and clean builds of the `oms` library,
//!   alternating with those of a baseline commit's source (`--baseline`), so that the two figures
//!   come from one run on one machine.

mod compile;
mod edit;
mod measure;
mod report;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use measure::{MEASURE_ONE, measure_one};
use measure::{Sample, median};

const USAGE: &str = "cargo xtask bench-peers [--runs N] [--peer PROGRAM] [--only NAMES] [--compile NAMES] \
                     [--no-compile] [--baseline REV|none] [--no-generation] [--write]";

/// The specs whose generated crates are compiled side by side, unless `--compile` names others.
const COMPILED: [&str; 3] = ["box", "github", "stripe"];

struct Settings {
    runs: usize,
    peer: PathBuf,
    only: Vec<String>,
    /// The specs whose crates are compiled; none with `--no-compile`.
    compiled: Vec<String>,
    /// The commit whose clean build of the oms library is timed beside this source's.
    baseline: Option<String>,
    generation: bool,
    write: bool,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let settings = settings(args)?;
    let peer_version = version_of(&settings.peer)?;
    let this_binary = std::env::current_exe().map_err(|e| format!("this program's path: {e}"))?;
    println!("building the generator (cargo xtask build-generator)");
    let generator = crate::build_generator::build(root)?;
    let ours = generator.path;
    let scratch = root.join("target/bench-peers");
    let specs = specs(root, &settings.only)?;

    let outputs = Outputs::new(&scratch)?;
    let mut generation = Vec::new();
    for (index, spec) in specs.iter().enumerate().filter(|_| settings.generation) {
        let row = generation_row(&this_binary, &ours, &settings, spec, &outputs.for_spec(index, spec))?;
        println!("{}", report::generation_line(&row));
        generation.push(row);
    }
    let compiled = if settings.compiled.is_empty() {
        None
    } else {
        let tools = compile::Tools { this_binary: &this_binary, ours: &ours, peer: &settings.peer, root };
        let mut rows = Vec::new();
        for spec in specs.iter().filter(|spec| settings.compiled.contains(&stem(spec))) {
            let row = compile::after_edit(&tools, spec, &scratch, settings.runs)?;
            println!("{}", report::compile_line(&row));
            rows.push(row);
        }
        let clean = compile::clean_oms_builds(&this_binary, root, &scratch, settings.baseline.as_deref())?;
        println!("{}", report::clean_build_line(&clean));
        Some((rows, clean))
    };

    outputs.remove()?;

    let machine = report::machine(&peer_version, settings.runs);
    let tables = report::tables(
        &machine,
        settings.generation.then_some((&generation[..], &generator.build[..])),
        compiled.as_ref(),
    );
    if settings.write {
        let path = root.join("BENCHMARKS.md");
        let document = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let document = tables
            .iter()
            .try_fold(document, |document, (name, table)| report::replace_section(&document, name, table))?;
        fs::write(&path, document).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote the tables into BENCHMARKS.md");
    } else {
        for (_, table) in &tables {
            println!("\n{table}");
        }
    }
    Ok(())
}

fn settings(args: &[&str]) -> Result<Settings, String> {
    let mut settings = Settings {
        runs: 5,
        peer: PathBuf::from("openapi-to-rust"),
        only: Vec::new(),
        compiled: COMPILED.map(str::to_owned).to_vec(),
        baseline: Some(compile::BASELINE.to_owned()),
        generation: true,
        write: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--runs" => {
                let runs = args.next().ok_or("--runs needs a number")?;
                settings.runs = runs.parse().ok().filter(|runs| *runs > 0).ok_or("--runs needs a number above 0")?;
            }
            "--peer" => settings.peer = PathBuf::from(args.next().ok_or("--peer needs a program")?),
            "--only" => settings.only.extend(args.next().ok_or("--only needs names")?.split(',').map(str::to_owned)),
            "--compile" => {
                let names = args.next().ok_or("--compile needs names")?;
                settings.compiled = names.split(',').map(str::to_owned).collect();
            }
            "--no-compile" => settings.compiled.clear(),
            "--baseline" => {
                let rev = args.next().ok_or("--baseline needs a commit, or none")?;
                settings.baseline = (*rev != "none").then(|| (*rev).to_owned());
            }
            "--no-generation" => settings.generation = false,
            "--write" => settings.write = true,
            other => return Err(format!("unknown argument {other}\nusage: {USAGE}")),
        }
    }
    Ok(settings)
}

/// The peer's version, which also shows it is there.
fn version_of(peer: &Path) -> Result<String, String> {
    let output = Command::new(peer).arg("--version").output().map_err(|e| {
        format!(
            "{}: {e}; install the peer with `cargo install --locked openapi-to-rust` or name it with --peer",
            peer.display()
        )
    })?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// spec/oms.yaml and every spec of the corpora, in the order CORPUS.md lists them.
fn specs(root: &Path, only: &[String]) -> Result<Vec<PathBuf>, String> {
    let shared = root.join("../shared/specs");
    let mut specs = vec![root.join("spec/oms.yaml")];
    for dir in [shared.join("corpus"), shared.join("corpus31"), shared.join("corpus20"), shared] {
        specs.extend(crate::corpus::specs_in(&dir)?);
    }
    if !only.is_empty() {
        specs.retain(|spec| only.contains(&stem(spec)));
    }
    if specs.is_empty() { Err("no specs found".to_owned()) } else { Ok(specs) }
}

/// Where the generation runs write: each run into a directory of its own that no run used before,
/// and all of them removed only once every figure is measured (with what an interrupted
/// invocation left), so that no run follows a removal.
///
/// On ext4 without a journal, as on this project's build machine, the kernel looks for a free
/// inode past those freed in the last minutes, reading each one's inode table entry to see when
/// it was freed: when the last run's crate was removed just before the next run, each file that
/// run created scanned past every file just removed. github.json's 783 files then took 0.25 to
/// 0.4 s more to write, all of it the kernel's, which a user's first generation into a new
/// directory does not pay.
struct Outputs {
    /// Every invocation's directory is in it.
    all: PathBuf,
    /// This invocation's.
    dir: PathBuf,
}

impl Outputs {
    fn new(scratch: &Path) -> Result<Outputs, String> {
        let all = scratch.join("generation");
        let dir = all.join(std::process::id().to_string());
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Outputs { all, dir })
    }

    /// The directory of one spec's runs; `index` tells apart specs of the same name.
    fn for_spec(&self, index: usize, spec: &Path) -> PathBuf {
        self.dir.join(format!("{index}-{}", stem(spec)))
    }

    fn remove(self) -> Result<(), String> {
        fs::remove_dir_all(&self.all).map_err(|e| format!("{}: {e}", self.all.display()))
    }
}

fn stem(spec: &Path) -> String {
    spec.file_stem().unwrap_or_default().to_string_lossy().into_owned()
}

/// One spec's generation, both tools.
pub struct GenerationRow {
    pub spec: String,
    pub input_mib: f64,
    /// From nothing: a new directory, no cache.
    pub ours: Vec<Sample>,
    /// After an edit of the spec, over the last run's crate and cache; empty when the spec has
    /// nothing [`edit::edited`] edits.
    pub ours_after_edit: Vec<Sample>,
    /// Empty when the peer does not generate the spec.
    pub peer: Vec<Sample>,
    /// Ours from nothing over the peer's, pair by pair.
    pub ratios: Vec<f64>,
    /// Ours after an edit over the peer's, pair by pair.
    pub ratios_after_edit: Vec<f64>,
}

impl GenerationRow {
    pub fn ours_median(&self) -> Option<f64> {
        median(&mut self.ours.iter().map(|s| s.wall.as_secs_f64()).collect::<Vec<_>>())
    }
    pub fn ours_after_edit_median(&self) -> Option<f64> {
        median(&mut self.ours_after_edit.iter().map(|s| s.wall.as_secs_f64()).collect::<Vec<_>>())
    }
    pub fn ratio_after_edit_median(&self) -> Option<f64> {
        median(&mut self.ratios_after_edit.clone())
    }
    pub fn peer_median(&self) -> Option<f64> {
        median(&mut self.peer.iter().map(|s| s.wall.as_secs_f64()).collect::<Vec<_>>())
    }
    pub fn ratio_median(&self) -> Option<f64> {
        median(&mut self.ratios.clone())
    }
    pub fn ours_peak(&self) -> Option<f64> {
        median(&mut self.ours.iter().map(|s| s.peak_mib).collect::<Vec<_>>())
    }
    pub fn peer_peak(&self) -> Option<f64> {
        median(&mut self.peer.iter().map(|s| s.peak_mib).collect::<Vec<_>>())
    }
}

fn generation_row(
    this_binary: &Path,
    ours: &Path,
    settings: &Settings,
    spec: &Path,
    dir: &Path,
) -> Result<GenerationRow, String> {
    let original = fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let input_mib = original.len() as f64 / 1048576.0;
    let kept_out = dir.join("ours");
    // Each run from nothing, ours or the peer's, writes into a new directory (see `Outputs`).
    let runs = std::cell::Cell::new(0);
    let fresh_dir = |tool: &str| {
        runs.set(runs.get() + 1);
        dir.join(format!("{tool}-{}", runs.get())).to_string_lossy().into_owned()
    };
    // The edited runs read a copy, with the same file name (the crate's name) and the same path in
    // every run, so only the edit changes between them.
    let copy = dir.join("spec").join(spec.file_name().unwrap_or_default());
    let edited = edit::edited(&original);
    fs::create_dir_all(copy.parent().unwrap_or(dir)).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (spec_arg, copy_arg) = (spec.to_string_lossy(), copy.to_string_lossy());
    let cold_once = || -> Result<Option<Sample>, String> {
        measure::run(this_binary, ours, &["generate", &spec_arg, &fresh_dir("ours"), "--no-cache"])
    };
    let mut version = 0;
    let mut after_edit_once = || -> Result<Option<Sample>, String> {
        let Some(edited) = &edited else { return Ok(None) };
        version += 1;
        let text = if version % 2 == 0 { &original } else { edited };
        fs::write(&copy, text).map_err(|e| format!("{}: {e}", copy.display()))?;
        measure::run(this_binary, ours, &["generate", &copy_arg, &kept_out.to_string_lossy()])
    };
    let peer_once = || -> Result<Option<Sample>, String> {
        measure::run(this_binary, &settings.peer, &["generate", &spec_arg, "--output-dir", &fresh_dir("peer")])
    };
    // One run of each that is not counted: files read once, the kept crate and cache made.
    if cold_once()?.is_none() {
        return Err(format!("{}: this generator fails on it", spec.display()));
    }
    after_edit_once()?;
    let peer_generates = peer_once()?.is_some();
    let mut row = GenerationRow {
        spec: stem(spec),
        input_mib,
        ours: Vec::new(),
        ours_after_edit: Vec::new(),
        peer: Vec::new(),
        ratios: Vec::new(),
        ratios_after_edit: Vec::new(),
    };
    let failed = || format!("{}: this generator failed on a second run", spec.display());
    for _ in 0..settings.runs {
        let cold = cold_once()?.ok_or_else(failed)?;
        row.ours.push(cold);
        let peer = if peer_generates { peer_once()? } else { None };
        let after_edit = match &edited {
            Some(_) => Some(after_edit_once()?.ok_or_else(failed)?),
            None => None,
        };
        row.ours_after_edit.extend(after_edit);
        if let Some(peer) = peer {
            row.ratios.push(cold.wall.as_secs_f64() / peer.wall.as_secs_f64());
            if let Some(after_edit) = after_edit {
                row.ratios_after_edit.push(after_edit.wall.as_secs_f64() / peer.wall.as_secs_f64());
            }
            row.peer.push(peer);
        }
    }
    Ok(row)
}
