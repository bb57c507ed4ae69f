//! `corpus`: every spec in ../shared/specs/{corpus,corpus31,corpus20} and ../shared/specs generated into a crate of a scratch workspace
//! and built (library, command line, mock rules and sample programs) with warnings denied; `cargo check`
//! for specs of more than 200 operations. Prints a table of what each spec gave, and writes it to a
//! file with `--table`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::package::{self, Runtimes};
use generator::{Options, Severity};

/// Specs with more operations than this, or more component schemas than [`CHECK_SCHEMAS_ABOVE`],
/// are checked rather than built: their code is checked the same, without minutes of code generation.
const CHECK_ONLY_ABOVE: usize = 200;
const CHECK_SCHEMAS_ABOVE: usize = 350;

/// The features each crate is built with: its command line, and the mock rules tests use.
const FEATURES: &str = "cli,test-util";

struct Row {
    name: String,
    operations_in_spec: usize,
    schemas_in_spec: usize,
    operations: usize,
    schemas_degraded: usize,
    warnings: usize,
    /// Whether the crate has a webhooks module, whose test the corpus runs.
    webhooks: bool,
    generation: Duration,
    build: Option<(Duration, bool, &'static str)>,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let mut table = None;
    let mut only: Vec<String> = Vec::new();
    let mut build = true;
    // The corpus, and the specs kept beside it.
    let specs_dir = root.join("../shared/specs");
    let mut dirs = vec![specs_dir.join("corpus"), specs_dir.join("corpus31"), specs_dir.join("corpus20"), specs_dir];
    let mut dirs_given = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--table" => table = Some(args.next().ok_or("--table needs a file")?.to_string()),
            "--only" => only.extend(args.next().ok_or("--only needs names")?.split(',').map(str::to_owned)),
            "--no-build" => build = false,
            "--dir" => {
                if !dirs_given {
                    dirs.clear();
                    dirs_given = true;
                }
                dirs.push(PathBuf::from(args.next().ok_or("--dir needs a directory")?));
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let mut specs: Vec<PathBuf> = Vec::new();
    for dir in &dirs {
        specs.extend(specs_in(dir)?);
    }
    if !only.is_empty() {
        specs.retain(|path| only.iter().any(|name| crate::generate::crate_name(path) == *name || stem(path) == *name));
    }
    if specs.is_empty() {
        return Err("no specs found".to_owned());
    }

    let began = Instant::now();
    let scratch = root.join("target/corpus-crates");
    let (client, huaweicloud) = (root.join("runtime"), root.join("huaweicloud"));
    let runtimes = Runtimes { client: &client, huaweicloud: &huaweicloud };
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for path in &specs {
        // The same file name in two corpora (lago's 3.0 and 3.1 specs): the second crate is
        // named after its directory too.
        let mut name = crate::generate::crate_name(path);
        if !names.insert(name.clone()) {
            let dir = path.parent().map(crate::generate::crate_name).unwrap_or_default();
            name = format!("{name}_{dir}");
            names.insert(name.clone());
        }
        let source = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let started = Instant::now();
        let read = generator::generate_file(path, &Options { source: &source, crate_name: &name });
        let generation = started.elapsed();
        let text = &read.sources.spec().text;
        let generated = match read.result {
            Ok(generated) => generated,
            Err(error) => {
                failures.push(format!("{source}: does not generate:\n{error}"));
                continue;
            }
        };
        let (operations_in_spec, schemas_in_spec) = counts(&source, text);
        let operations =
            generated.files.iter().filter(|f| f.path.starts_with("examples/") && f.path.ends_with(".rs")).count();
        let schemas_degraded = degraded_schemas(&generated.warnings);
        let warnings = generated.warnings.iter().filter(|w| w.severity == Severity::Warning).count();
        let webhooks = generated.files.iter().any(|file| file.path == "src/api/webhooks.rs");
        let dir = scratch.join(&name);
        for generated_dir in generator::GENERATED_DIRS {
            let _ = fs::remove_dir_all(dir.join(generated_dir));
        }
        for file in package::standalone(&name, generated, runtimes, &[]) {
            write(&dir.join(&file.path), &file.contents)?;
        }
        rows.push(Row {
            name,
            operations_in_spec,
            schemas_in_spec,
            operations,
            schemas_degraded,
            warnings,
            webhooks,
            generation,
            build: None,
        });
    }
    let members: Vec<String> = rows.iter().map(|row| row.name.clone()).collect();
    write(&scratch.join("Cargo.toml"), &package::workspace_manifest(&members))?;
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    write(&scratch.join("Cargo.lock"), &lock)?;

    if build {
        for row in &mut rows {
            // Sample programs are checked, not linked: one binary each would cost minutes and
            // gigabytes. Large specs are checked throughout.
            let check = row.operations > CHECK_ONLY_ABOVE || row.schemas_in_spec > CHECK_SCHEMAS_ABOVE;
            // Each step: cargo's verb, its targets, and what the test binary is given.
            let mut steps: Vec<(&str, &[&str], &[&str])> = if check {
                vec![("check", &["--lib", "--bins", "--examples"], &[])]
            } else {
                vec![("build", &["--lib", "--bins"], &[]), ("check", &["--examples"], &[])]
            };
            // Each webhook reads its example (the test the generator writes beside the enum).
            if row.webhooks {
                steps.push(("test", &["--lib"], &["--", "webhooks"]));
            }
            println!("{} {} ({} operations)", if check { "checking" } else { "building" }, row.name, row.operations);
            let started = Instant::now();
            let mut ok = true;
            for (verb, targets, test_args) in &steps {
                let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                    .args([verb, "--quiet"])
                    .args(*targets)
                    .args(["--features", FEATURES, "-p", &row.name, "--manifest-path"])
                    .arg(scratch.join("Cargo.toml"))
                    .env("CARGO_TARGET_DIR", root.join("target/generated-crates"))
                    // Built once: incremental caches would only fill the disk (tens of GB for the corpus).
                    .env("CARGO_INCREMENTAL", "0")
                    .env("RUSTFLAGS", "-D warnings")
                    .args(*test_args)
                    .env_remove("CARGO_ENCODED_RUSTFLAGS")
                    .output()
                    .map_err(|e| format!("cargo: {e}"))?;
                if !output.status.success() {
                    ok = false;
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    let head: String = stderr.lines().take(60).collect::<Vec<_>>().join("\n");
                    failures.push(format!("{}: the generated crate does not {verb}:\n{head}", row.name));
                    break;
                }
            }
            row.build = Some((started.elapsed(), ok, if check { "check" } else { "build" }));
        }
    }

    let text = render(&rows);
    print!("{text}");
    if let Some(table) = table {
        let document = format!("{HEADER}{text}\n{}", footer(&table, &rows, began.elapsed()));
        fs::write(root.join(&table), document).map_err(|e| format!("{table}: {e}"))?;
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n\n")) }
}

/// The specs (YAML and JSON files) in `dir`, sorted by name.
pub fn specs_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e} (the corpus is needed)", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json"))
        .collect();
    found.sort();
    Ok(found)
}

const HEADER: &str = "# The corpus\n\n\
Every spec in `../shared/specs/corpus` (third-party OpenAPI 3.0 documents), `corpus31` (OpenAPI 3.1)\n\
and `corpus20` (Swagger 2.0), as their authors publish them (sources in each `SOURCES.tsv`), and the\n\
two kept beside them (`petstore-expanded.yaml`, `uspto.yaml`), is generated and its crate built with\n\
its `cli` and `test-util` features (the command line and the mock rules) and warnings denied by\n\
`cargo xtask corpus`, a step of CI. Specs of more than 200 operations or 350 component schemas are\n\
checked (`cargo check`) rather than built. A crate with webhooks also runs its test that each webhook\n\
reads its example.\n\n\
Columns: operations and component schemas in the spec; operations generated as typed methods; component\n\
schemas read with a degradation (a part read as any JSON value, ignored or approximated, each with a\n\
warning); warnings in all; the generator's time in the debug build xtask runs (see BENCHMARKS.md for\n\
release timings); the crate's build or check time with dependencies already built.\n\n";

fn render(rows: &[Row]) -> String {
    let mut text = String::from(
        "| spec | operations | schemas | typed methods | schemas degraded | warnings | generation | build |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for row in rows {
        let build = match row.build {
            Some((elapsed, true, verb)) => format!("{:.1} s ({verb})", elapsed.as_secs_f64()),
            Some((_, false, verb)) => format!("fails to {verb}"),
            None => "-".to_owned(),
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} | {} ms | {build} |",
            row.name,
            row.operations_in_spec,
            row.schemas_in_spec,
            row.operations,
            row.schemas_degraded,
            row.warnings,
            row.generation.as_millis(),
        );
    }
    text
}

/// When the table was measured, and what the whole step took.
fn footer(table: &str, rows: &[Row], whole: Duration) -> String {
    let builds: Duration = rows.iter().filter_map(|row| row.build.map(|(elapsed, _, _)| elapsed)).sum();
    format!(
        "Measured by `cargo xtask corpus --table {table}` on {}, {} cores: {} specs, the whole step \
         {:.0} s, {:.0} s of it the crates' builds and checks.\n",
        crate::today(),
        crate::cores(),
        rows.len(),
        whole.as_secs_f64(),
        builds.as_secs_f64(),
    )
}

/// Operations and component schemas as the spec declares them.
fn counts(source: &str, text: &str) -> (usize, usize) {
    let value = match generator::parse::parse(&generator::Source::new(source, text)) {
        Ok(parsed) => parsed.raw,
        Err(_) => return (0, 0),
    };
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let operations = value["paths"]
        .as_object()
        .map_or(0, |paths| paths.values().map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count()).sum());
    let schemas = value["components"]["schemas"].as_object().map_or(0, |schemas| schemas.len());
    (operations, schemas)
}

/// Component schemas (a Swagger 2.0 document's definitions) with a warning about how a part of
/// them was read.
fn degraded_schemas(warnings: &[generator::Diagnostic]) -> usize {
    let mut schemas: Vec<String> = warnings
        .iter()
        .filter(|w| {
            matches!(w.kind, "schema degraded" | "keyword ignored" | "unresolved reference" | "pattern skipped")
        })
        .filter_map(|w| {
            let tokens: Vec<String> = w.pointer.tokens().take(3).collect();
            match tokens.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["components", "schemas", name] | ["definitions", name, ..] => Some(name.to_owned()),
                _ => None,
            }
        })
        .collect();
    schemas.sort();
    schemas.dedup();
    schemas.len()
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap_or_default().to_string_lossy().into_owned()
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    // Unchanged files keep their timestamps, so cargo rebuilds only what changed.
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}
