//! Generated code that does not compile is a bug. Every fixture spec (a directory's `api.yaml` for
//! a fixture of several files), and the third-party specs in ../shared/specs, is generated into a
//! standalone crate of a scratch workspace and built with warnings denied, command line and samples
//! included, against the runtime crates. A fixture with a `<name>_calls.rs` beside it gets that file
//! as an integration test, run against a local server.

use std::path::{Path, PathBuf};
use std::process::Command;

use common::workspace;
use generator::package::{self, Runtimes};

mod common;

/// The specs to build: (crate name, spec path).
fn specs() -> Vec<(String, PathBuf)> {
    let mut specs = Vec::new();
    let fixtures = workspace().join("generator/tests/fixtures");
    let third_party = workspace().join("../shared/specs");
    for dir in [&fixtures, &third_party] {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(_) if std::env::var("CI").is_ok_and(|ci| ci == "true") => panic!("{} is missing", dir.display()),
            Err(_) => {
                eprintln!("note: {} is absent; its specs are not built", dir.display());
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = |path: &Path| path.file_stem().unwrap_or_default().to_string_lossy().replace(['-', '.'], "_");
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push((name(&path), path));
            } else if path.join("api.yaml").is_file() {
                specs.push((name(&path), path.join("api.yaml")));
            }
        }
    }
    specs.sort();
    specs
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
    let (client, huaweicloud) = (workspace().join("runtime"), workspace().join("huaweicloud"));
    let runtimes = Runtimes { client: &client, huaweicloud: &huaweicloud };
    let mut members = Vec::new();
    for (name, spec_path) in specs() {
        let source = spec_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let options = generator::Options { source: &source, crate_name: &name };
        let generated = generator::generate_file(&spec_path, &options)
            .result
            .unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()))
            .files;
        let dir = root.join(&name);
        for generated in generator::GENERATED_DIRS {
            std::fs::remove_dir_all(dir.join(generated)).ok();
        }
        let dev_dependencies = ["wiremock = \"0.6\"", "serde_json = \"1\""];
        for file in package::standalone(&name, generated, runtimes, &dev_dependencies) {
            write(&dir.join(&file.path), &file.contents);
        }
        let calls = spec_path
            .with_file_name(format!("{}_calls.rs", spec_path.file_stem().unwrap_or_default().to_string_lossy()));
        if let Ok(test) = std::fs::read_to_string(&calls) {
            write(&dir.join("tests/calls.rs"), &test);
        }
        members.push(name);
    }
    assert!(members.len() >= 4, "the fixtures are found: {members:?}");
    write(&root.join("Cargo.toml"), &package::workspace_manifest(&members));
    // The project's lock file: the same dependency versions, nothing to resolve anew.
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).expect("Cargo.lock");
    write(&root.join("Cargo.lock"), &lock);

    // Libraries, command lines and call tests are built and run with every feature (the command
    // line too) and the libraries checked with none; sample programs are checked (one linked
    // binary each would cost minutes).
    let steps: [&[&str]; 3] = [
        &["test", "--lib", "--bins", "--tests", "--all-features"],
        &["check", "--lib"],
        &["check", "--examples", "--all-features"],
    ];
    for step in steps {
        let output = Command::new(env!("CARGO"))
            .args(step)
            .args(["--quiet", "--workspace", "--manifest-path"])
            .arg(root.join("Cargo.toml"))
            // The corpus step builds in the same place: dependencies are built once for both.
            .env("CARGO_TARGET_DIR", workspace().join("target/generated-crates"))
            // Built once: incremental caches would only fill the disk (tens of GB for the corpus).
            .env("CARGO_INCREMENTAL", "0")
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "the generated crates do not build or their calls fail ({}):\n{}\n{}",
            step.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
