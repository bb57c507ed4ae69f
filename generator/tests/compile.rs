//! Generated code that does not compile is a bug. Every fixture spec (a directory's `api.yaml` for
//! a fixture of several files), and the third-party specs in ../shared/specs, is generated into a
//! standalone crate of a scratch workspace and built with warnings denied, command line and samples
//! included, against the runtime crates. A fixture with a `<name>_calls.rs` beside it gets that file
//! as an integration test, run against a local server.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, PoisonError};

use common::workspace;
use generator::package::{self, Runtimes};

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
        Err(_) if std::env::var("CI").is_ok_and(|ci| ci == "true") => panic!("{} is missing", dir.display()),
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

/// Writes `line` on standard error, once per line per process. `cargo test` captures what
/// `eprintln!` writes and shows it only for a failing test; writing to the stream itself is not
/// captured, so the line shows on a passing run too.
fn say_once(line: &str) {
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(PoisonError::into_inner);
    if !said.iter().any(|earlier| earlier == line) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
        said.push(line.to_owned());
    }
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

    // Libraries, command lines and call tests are built and run with the command line and the test
    // hooks (every feature but the other TLS library) and the libraries checked with none; sample
    // programs are checked (one linked binary each would cost minutes).
    let steps: [&[&str]; 3] = [
        &["test", "--lib", "--bins", "--tests", "--features", "cli,test-util"],
        &["check", "--lib"],
        &["check", "--examples", "--features", "cli,test-util"],
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
