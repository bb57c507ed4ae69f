//! `build-generator`: the generator as an executable of its own, built for speed, for those who
//! generate often (and the executable `bench-peers` times).
//!
//! It is the release build of xtask. On Linux with glibc it is also linked statically, at a fixed
//! address: such a process starts without the dynamic loader and has no relocations to apply
//! (xtask has twelve thousand, on 52 pages that each become a private copy). That takes about
//! half a millisecond off every run, a sixth of a small spec's generation. These flags go to the
//! executable alone: cargo builds for an explicit `--target` with them, and the build scripts and
//! proc macros for the host without (a static C runtime cannot load a proc macro). Its allocator,
//! built for that target alone, leaves its memory to the kernel when the process ends.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Rust flags for a statically linked executable at a fixed address.
const STATIC_FLAGS: [&str; 2] = ["-Ctarget-feature=+crt-static", "-Crelocation-model=static"];

/// The allocator built to leave its memory to the kernel when the process ends, as a process of
/// its own may: otherwise, as the process exits, it returns its free pages one range at a time
/// (eleven `madvise` calls in a small spec's run) to a kernel about to take back all of them.
const ALLOCATOR_DEFINE: &str = "-DMI_SKIP_COLLECT_ON_EXIT";

/// An executable built, and how.
pub struct Generator {
    pub path: PathBuf,
    /// How it was built, as the benchmark tables say.
    pub build: String,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("unknown argument {arg}\nusage: cargo xtask build-generator"));
    }
    let generator = build(root)?;
    // The path alone on standard output, for scripts; how it was built beside it, for people.
    eprintln!("built the generator: {}", generator.build);
    println!("{}", generator.path.display());
    Ok(())
}

/// Builds the generator's executable, statically linked where the host allows it.
pub fn build(root: &Path) -> Result<Generator, String> {
    let host = host_triple()?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    if host.ends_with("-linux-gnu") {
        let flags = STATIC_FLAGS.map(|flag| format!("{flag:?}")).join(",");
        let config = format!("target.{host}.rustflags=[{flags}]");
        // For the explicit target alone, whose build is kept apart from the usual one, so that
        // neither rebuilds the other's allocator.
        let c_flags = c_flags_for(&host, ALLOCATOR_DEFINE);
        if cargo_build(root, &["--target", &host, "--config", &config], &[c_flags])? {
            return Ok(Generator {
                path: target_dir.join(&host).join("release/xtask"),
                build: format!(
                    "release, linked statically at a fixed address, its allocator leaving its memory to the kernel at exit, for {host}"
                ),
            });
        }
        eprintln!(
            "the static build failed (is the C library's static archive, libc.a, installed?); building the usual one"
        );
    }
    if cargo_build(root, &[], &[])? {
        Ok(Generator { path: target_dir.join("release/xtask"), build: format!("release, for {host}") })
    } else {
        Err("the release xtask does not build".to_owned())
    }
}

/// `cargo build --release` of xtask with `extra` arguments and the environment variables `env`;
/// whether it succeeded.
fn cargo_build(root: &Path, extra: &[&str], env: &[(String, String)]) -> Result<bool, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--release", "--locked", "-p", "xtask"])
        .args(extra)
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .envs(env.iter().map(|(variable, value)| (variable, value)))
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    Ok(status.success())
}

/// The `cc` crate's variable of C flags for `target` alone, with `define` added to what it holds
/// already (the crate adds the flags of `CFLAGS` and the like to them).
fn c_flags_for(target: &str, define: &str) -> (String, String) {
    let variable = format!("CFLAGS_{}", target.replace('-', "_"));
    let flags = match std::env::var(&variable) {
        Ok(set) => format!("{define} {set}"),
        Err(_) => define.to_owned(),
    };
    (variable, flags)
}

/// The triple of the machine rustc builds on (`rustc -vV`'s `host:` line).
fn host_triple() -> Result<String, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(&rustc).arg("-vV").output().map_err(|e| format!("{rustc}: {e}"))?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| format!("`{rustc} -vV` names no host"))
}
