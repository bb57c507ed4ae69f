//! Generated code that does not compile is a bug. Every fixture spec (a directory's `api.yaml` for
//! a fixture of several files), and the third-party specs in ../shared/specs, is generated into a
//! standalone crate of a scratch workspace and built with warnings denied, command line and samples
//! included, against the runtime crates. A fixture with a `<name>_calls.rs` beside it gets that file
//! as an integration test, run against a local server.

use std::path::{Path, PathBuf};
use std::process::Command;

use common::scratch::{Scratch, say_once, under_ci, write};
use common::workspace;

mod common;

/// The specs to build: (crate name, spec path).
fn specs() -> Vec<(String, PathBuf)> {
    let fixtures = workspace().join("generator/tests/fixtures");
    let mut specs = found_or_said_absent(&fixtures, "the fixture specs");
    specs.extend(third_party_specs());
    specs.sort();
    specs
}

/// The third-party specs beside the checkout (`../shared/specs`), which a clone on its own lacks.
fn third_party_specs() -> Vec<(String, PathBuf)> {
    found_or_said_absent(&workspace().join("../shared/specs"), "the third-party specs")
}

/// The YAML specs in `dir` (and the `api.yaml` of each directory in it). A directory that is absent is an error under CI (`CI=true`);
/// elsewhere it is said, once, on a line that shows even when every test passes.
fn found_or_said_absent(dir: &Path, what: &str) -> Vec<(String, PathBuf)> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) if under_ci() => panic!("{} is missing", dir.display()),
        Err(_) => {
            say_once(&format!(
                "note: {} is absent, so {what} in it were not generated and built; put them there and run \
                 `cargo test -p generator --test compile` (with CI=true their absence is an error)",
                dir.display()
            ));
            return Vec::new();
        }
    };
    let mut specs = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = |path: &Path| path.file_stem().unwrap_or_default().to_string_lossy().replace(['-', '.'], "_");
        if path.extension().is_some_and(|e| e == "yaml") {
            specs.push((name(&path), path));
        } else if path.join("api.yaml").is_file() {
            // A spec of several files: its directory's `api.yaml`.
            specs.push((name(&path), path.join("api.yaml")));
        }
    }
    specs
}

#[test]
fn every_spec_generates_a_crate_that_builds() {
    let mut scratch = Scratch::new("fixture-crates");
    for (name, spec_path) in specs() {
        let dev_dependencies = ["wiremock = \"0.6\"", "serde_json = \"1\""];
        scratch.add(&name, &spec_path, &dev_dependencies).unwrap_or_else(|e| panic!("{e}"));
        let calls = spec_path
            .with_file_name(format!("{}_calls.rs", spec_path.file_stem().unwrap_or_default().to_string_lossy()));
        if let Ok(test) = std::fs::read_to_string(&calls) {
            write(&scratch.dir(&name).join("tests/calls.rs"), &test);
        }
    }
    assert!(scratch.members().len() >= 4, "the fixtures are found: {:?}", scratch.members());

    // Libraries, command lines and call tests are built and run with the command line and the test
    // hooks (every feature but the other TLS library) and the libraries checked with none; sample
    // programs are checked (one linked binary each would cost minutes).
    let steps: [&[&str]; 3] = [
        &["test", "--lib", "--bins", "--tests", "--features", "cli,test-util"],
        &["check", "--lib"],
        &["check", "--examples", "--features", "cli,test-util"],
    ];
    for step in steps {
        let output = scratch.cargo(step);
        assert!(
            output.status.success(),
            "the generated crates do not build or their calls fail ({}):\n{}\n{}",
            step.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_third_party_specs_are_there_or_said_to_be_absent() {
    let specs = third_party_specs();
    if workspace().join("../shared/specs").is_dir() {
        assert!(!specs.is_empty(), "../shared/specs is there but holds no spec");
    }
}

/// In a checkout with nothing beside it, the test above passes and says, where a passing run
/// shows it, what was not built; under CI it fails. It runs in a process of its own, as
/// `cargo test` runs it, with the crate's directory moved to where nothing is beside it.
#[test]
fn an_absent_corpus_is_said_on_a_passing_run() {
    let nowhere = std::env::temp_dir()
        .join(format!("compile-test-{}-{:?}", std::process::id(), std::time::SystemTime::now()))
        .join("checkout/generator");
    let run = |ci: Option<&str>| {
        let mut command = Command::new(std::env::current_exe().expect("this test's binary"));
        command.args(["the_third_party_specs_are_there_or_said_to_be_absent", "--exact"]);
        command.env("CARGO_MANIFEST_DIR", &nowhere).env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        command.output().expect("the test binary runs")
    };
    let passing = run(None);
    let stderr = String::from_utf8_lossy(&passing.stderr);
    assert!(passing.status.success(), "{stderr}");
    let said: Vec<&str> = stderr.lines().filter(|line| line.starts_with("note:")).collect();
    assert_eq!(said.len(), 1, "one line: {stderr}");
    for part in ["shared/specs is absent", "the third-party specs", "cargo test -p generator --test compile", "CI=true"]
    {
        assert!(said[0].contains(part), "{part}: {}", said[0]);
    }
    let under_ci = run(Some("true"));
    assert!(!under_ci.status.success(), "CI=true makes the absence an error");
    assert!(String::from_utf8_lossy(&under_ci.stdout).contains("is missing"));
}
