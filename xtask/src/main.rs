//! Project tasks. `cargo xtask codegen` writes the generated crate's sources from spec/oms.yaml;
//! `cargo xtask codegen --check` changes nothing and fails when they are stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench_peers;
mod build_generator;
mod codegen;
mod corpus;
mod format_cache;
mod generate;
mod spec_index;

// Generating allocates heavily (token streams, syntax trees); this allocator saves a quarter of it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--strict] [--warnings]
       cargo xtask corpus [--dir DIR] [--table FILE] [--only NAMES] [--no-build]
       cargo xtask generate SPEC DIR [--name NAME] [--warnings] [--no-cache]
       cargo xtask build-generator
       cargo xtask bench-peers [--runs N] [--peer PROGRAM] [--only NAMES] [--compile NAMES]
                               [--no-compile] [--baseline REV|none] [--no-generation] [--write]

codegen writes generated/ from spec/oms.yaml; --check changes nothing and fails when generated/ is
stale; --strict fails on warnings as on errors; --warnings lists every warning, not only the first.
corpus generates and builds every spec in ../shared/specs/corpus and ../shared/specs (or each DIR).
generate turns any OpenAPI document (Swagger 2.0, OpenAPI 3.0 to 3.2) into a standalone client crate in DIR,
writing only the files that change; --no-cache formats every item again rather than reusing the
text of the last run's (kept beside the xtask executable).
build-generator builds the generator as an executable of its own, for speed, and prints its path;
it takes the arguments cargo xtask does.
bench-peers times generation and the generated crates' compile cost beside openapi-to-rust, and clean
builds of the oms library beside those of a baseline commit (--baseline); --write puts the tables
into BENCHMARKS.md.";

fn main() -> ExitCode {
    // Transparent huge pages are zeroed 2 MiB at a time even where a few bytes are used: a
    // generation's memory doubles, and after an edit a third of its time is the kernel zeroing
    // pages. Without them, stripe.yaml's peak is 40 MiB less. mimalloc is built not to ask for
    // them (its `no_thp` feature: the allocations before `main` get none); this turns them off for
    // the rest where the kernel gives them unasked.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen", flags @ ..] => codegen_flags(flags).and_then(|(check, reporting)| {
            if check {
                codegen::check(&workspace_root(), reporting)
            } else {
                codegen::write(&workspace_root(), reporting)
            }
        }),
        ["corpus", rest @ ..] => corpus::run(&workspace_root(), rest),
        ["generate", rest @ ..] => generate::run(&workspace_root(), rest),
        ["build-generator", rest @ ..] => build_generator::run(&workspace_root(), rest),
        ["bench-peers", bench_peers::MEASURE_ONE, command @ ..] => bench_peers::measure_one(command),
        ["bench-peers", rest @ ..] => bench_peers::run(&workspace_root(), rest),
        ["--help" | "-h"] | [] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown arguments: {}\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--check`, and how problems in the spec are reported.
fn codegen_flags(flags: &[&str]) -> Result<(bool, codegen::Reporting), String> {
    let mut check = false;
    let mut reporting = codegen::Reporting::default();
    for flag in flags {
        match *flag {
            "--check" => check = true,
            "--strict" => reporting.strict = true,
            "--warnings" => reporting.all_warnings = true,
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok((check, reporting))
}

/// Today's date (UTC), as the tables measured by xtask are dated; empty when `date` cannot run.
fn today() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The processors this process may run on, as the tables measured by xtask say; 0 when unknown.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, usize::from)
}

/// The workspace this run acts on: the one cargo ran xtask for (cargo sets `CARGO_MANIFEST_DIR`
/// for the process), else the one it was built in. A copy of the tree that shares a target
/// directory, and so this binary, acts on itself.
fn workspace_root() -> PathBuf {
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or_default()
}
