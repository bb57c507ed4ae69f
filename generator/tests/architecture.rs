//! ARCHITECTURE.md stays true: every generator module it names exists, every module is named in
//! it, and no stage uses one after it.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

/// The generator's stages and shared modules, in order: a module may use only modules of its own
/// rank or below.
const RANKS: [(&str, usize); 11] = [
    ("diagnostic", 0),
    ("names", 0),
    ("suggest", 0),
    ("files", 0),
    ("ir", 0),
    ("parse", 1),
    ("lower", 2),
    ("surface", 3),
    ("emit", 4),
    ("package", 5),
    ("lib", 6),
];

fn source_dir() -> PathBuf {
    common::crate_dir().join("src")
}

/// Every `.rs` file under `dir`, relative to it.
fn modules(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).expect("readable source directory").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(dir).expect("under the source directory");
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// The module names in the first column of ARCHITECTURE.md's table of the generator's modules,
/// as files: `lower/refs.rs` as it is, `ir` as `ir.rs` (or `ir/mod.rs`).
fn named_in_architecture() -> Vec<String> {
    let text = fs::read_to_string(common::crate_dir().join("../ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let table = text.split("## The generator's modules").nth(1).expect("a section on the generator's modules");
    let mut names = Vec::new();
    for row in table.lines().take_while(|line| !line.starts_with("## ")).filter(|line| line.starts_with("| `")) {
        let first_cell = row.trim_start_matches('|').split(" |").next().unwrap_or_default();
        names.extend(first_cell.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    names
}

fn as_file(name: &str, source: &Path) -> String {
    if name.ends_with(".rs") {
        return name.to_owned();
    }
    let module_dir = format!("{name}/mod.rs");
    if source.join(&module_dir).exists() { module_dir } else { format!("{name}.rs") }
}

#[test]
fn every_module_architecture_names_exists_and_every_module_is_named() {
    let source = source_dir();
    let named: Vec<String> = named_in_architecture().iter().map(|name| as_file(name, &source)).collect();
    assert!(named.len() > 20, "the table of modules was not found: {named:?}");
    let missing: Vec<&String> = named.iter().filter(|file| !source.join(file).exists()).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md names modules that do not exist: {missing:?}");
    let unnamed: Vec<String> =
        modules(&source).into_iter().filter(|file| file != "lib.rs" && !named.contains(file)).collect();
    assert!(unnamed.is_empty(), "modules ARCHITECTURE.md does not name: {unnamed:?}");
}

/// The top-level module a source file belongs to: `lower/refs.rs` -> `lower`.
fn top_module(file: &str) -> &str {
    let first = file.split('/').next().unwrap_or(file);
    first.strip_suffix(".rs").unwrap_or(first)
}

fn rank(module: &str) -> Option<usize> {
    RANKS.iter().find(|(name, _)| *name == module).map(|(_, rank)| *rank)
}

/// The top-level modules a file's code names through `crate::`, comments left out.
fn used_modules(code: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`: each first segment.
                let group = group.split('}').next().unwrap_or_default();
                used.extend(group.split(',').map(|part| part.trim().split("::").next().unwrap_or_default().to_owned()));
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                used.push(name);
            }
        }
    }
    used.retain(|name| !name.is_empty());
    used
}

#[test]
fn no_stage_uses_a_later_one() {
    let source = source_dir();
    let mut backwards = Vec::new();
    for file in modules(&source) {
        let module = top_module(&file);
        let Some(own) = rank(module) else {
            panic!("{file}: its module `{module}` has no rank in this test: add it to RANKS");
        };
        let code = fs::read_to_string(source.join(&file)).expect("readable");
        for used in used_modules(&code) {
            if let Some(theirs) = rank(&used) {
                if theirs > own {
                    backwards.push(format!("{file} uses `{used}`"));
                }
            }
        }
    }
    assert!(backwards.is_empty(), "stages that use a later one: {backwards:#?}");
}

#[test]
fn the_import_reader_sees_grouped_and_plain_paths() {
    let used = used_modules("use crate::{ir::Type, names};\nlet x = crate::emit::files(); // crate::package");
    assert_eq!(used, ["ir", "names", "emit"]);
}
