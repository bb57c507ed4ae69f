//! Generated code that does not compile is a bug. Every fixture spec, and the third-party specs in
//! ../shared/specs, is generated into a crate of a scratch workspace (beside the hand-written
//! runtime, as in `generated/`) and built with warnings denied, command line and samples included. A
//! fixture with a `<name>_calls.rs` beside it gets that file as an integration test, run against a
//! local server.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

/// The specs to build: (crate suffix, spec path).
fn specs() -> Vec<(String, PathBuf)> {
    let mut specs = Vec::new();
    let fixtures = workspace().join("generator/tests/fixtures");
    let third_party = workspace().join("../shared/specs");
    for dir in [&fixtures, &third_party] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("note: {} is absent; its specs are not built", dir.display());
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy().replace(['-', '.'], "_");
                specs.push((stem, path));
            }
        }
    }
    specs.sort();
    specs
}

/// The `[dependencies]` of the generated crate, and the dev-dependencies the call tests use.
fn manifest(name: &str) -> String {
    let generated = std::fs::read_to_string(workspace().join("generated/Cargo.toml")).expect("generated/Cargo.toml");
    let section = |header: &str| -> Vec<String> {
        generated
            .lines()
            .skip_while(|line| *line != header)
            .skip(1)
            .take_while(|line| !line.starts_with('['))
            .filter(|line| !line.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    let dev: Vec<String> = section("[dev-dependencies]")
        .into_iter()
        .filter(|line| ["tokio", "wiremock", "serde_json"].iter().any(|dep| line.starts_with(dep)))
        .collect();
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\n{}\n\n[dependencies]\n{}\n\n[dev-dependencies]\n{}\n",
        section("[features]").join("\n"),
        section("[dependencies]").join("\n"),
        dev.join("\n")
    )
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create directories");
    // Unchanged files keep their timestamps, so cargo rebuilds only what changed.
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn every_spec_generates_a_crate_that_builds() {
    let root = workspace().join("target/fixture-crates");
    let runtime = workspace().join("generated/src/runtime/mod.rs");
    let lib_rs = std::fs::read_to_string(workspace().join("generated/src/lib.rs")).expect("generated/src/lib.rs");
    assert!(lib_rs.contains("pub mod runtime;"), "generated/src/lib.rs declares the runtime");
    let mut members = Vec::new();
    for (name, spec_path) in specs() {
        let spec = std::fs::read_to_string(&spec_path).expect("readable spec");
        let files = generator::generate(&spec, &spec_path.file_name().unwrap_or_default().to_string_lossy())
            .unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()));
        // The samples name the library by the crate name the spec gives.
        let api = generator::lower::lower(&generator::parse::parse(&spec).expect("parses")).expect("lowers");
        let dir = root.join(&name);
        for generated in generator::GENERATED_DIRS {
            std::fs::remove_dir_all(dir.join(generated)).ok();
        }
        for file in &files {
            write(&dir.join(&file.path), &file.contents);
        }
        // The generated crate's own lib.rs, with the runtime taken from where it lives.
        let lib =
            lib_rs.replace("pub mod runtime;", &format!("#[path = {:?}]\npub mod runtime;", runtime.to_string_lossy()));
        write(&dir.join("src/lib.rs"), &lib);
        write(&dir.join("Cargo.toml"), &manifest(&api.crate_name));
        let calls = spec_path
            .with_file_name(format!("{}_calls.rs", spec_path.file_stem().unwrap_or_default().to_string_lossy()));
        if let Ok(test) = std::fs::read_to_string(&calls) {
            write(&dir.join("tests/calls.rs"), &test);
        }
        members.push(name);
    }
    assert!(members.len() >= 4, "the fixtures are found: {members:?}");
    let mut workspace_manifest = String::from("[workspace]\nresolver = \"3\"\nmembers = [\n");
    for member in &members {
        let _ = writeln!(workspace_manifest, "    {member:?},");
    }
    workspace_manifest.push_str("]\n");
    write(&root.join("Cargo.toml"), &workspace_manifest);
    // The project's lock file: the same dependency versions, nothing to resolve anew.
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).expect("Cargo.lock");
    write(&root.join("Cargo.lock"), &lock);

    let output = Command::new(env!("CARGO"))
        // Every target (the samples too) and every feature (the command line too).
        .args(["test", "--quiet", "--workspace", "--all-targets", "--all-features", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        // Skip the runtime's own unit tests, which every crate compiles in.
        .args(["--", "--skip", "runtime::"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated crates do not build or their calls fail:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
