//! `build-generator`: the generator as an executable of its own, built for speed, for those who
//! generate often (and the executable `bench-peers` times).
//!
//! It is the release build of xtask. On Linux with glibc it is also linked statically, at a fixed
//! address: such a process starts without the dynamic loader and has no relocations to apply
//! (xtask has twelve thousand, on 52 pages that each become a private copy). That takes about
//! half a millisecond off every run, a sixth of a small spec's generation. These flags go to the
//! executable alone: cargo builds for an explicit `--target` with them, and the build scripts and
//! proc macros for the host without (a static C runtime cannot load a proc macro).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Rust flags for a statically linked executable at a fixed address.
const STATIC_FLAGS: [&str; 2] = ["-Ctarget-feature=+crt-static", "-Crelocation-model=static"];

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
        if cargo_build(root, &["--target", &host, "--config", &config])? {
            return Ok(Generator {
                path: target_dir.join(&host).join("release/xtask"),
                build: format!("release, linked statically at a fixed address, for {host}"),
            });
        }
        eprintln!(
            "the static build failed (is the C library's static archive, libc.a, installed?); building the usual one"
        );
    }
    if cargo_build(root, &[])? {
        Ok(Generator { path: target_dir.join("release/xtask"), build: format!("release, for {host}") })
    } else {
        Err("the release xtask does not build".to_owned())
    }
}

/// `cargo build --release` of xtask with `extra` arguments; whether it succeeded.
fn cargo_build(root: &Path, extra: &[&str]) -> Result<bool, String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--release", "--locked", "-p", "xtask"])
        .args(extra)
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    Ok(status.success())
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
