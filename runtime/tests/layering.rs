//! The layering lib.rs states is the one the modules follow: every module is listed once, uses
//! only the modules listed after its arrow, and those come before it, so no two modules use each
//! other, directly or through others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module in the order lib.rs lists them, with the modules it may use.
fn stated_layers(lib: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut layers: Vec<(String, BTreeSet<String>)> = Vec::new();
    let comment =
        lib.lines().skip_while(|line| !line.starts_with("// Layering")).take_while(|line| line.starts_with("//"));
    for line in comment {
        let Some((modules, uses)) = line.trim_start_matches("//").split_once(" -> ") else { continue };
        let uses: BTreeSet<String> = match uses.trim() {
            uses if uses.starts_with("nothing") => BTreeSet::new(),
            uses if uses.starts_with("any of the above") => layers.iter().map(|(module, _)| module.clone()).collect(),
            uses => uses.split(", ").map(str::to_owned).collect(),
        };
        for module in modules.split(", ") {
            layers.push((module.trim().to_owned(), uses.clone()));
        }
    }
    layers
}

/// The first segment of every `crate::` path in `source`, comments left out.
fn crate_paths(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::") {
            if code[..at].ends_with('$') {
                continue; // a macro's `$crate`, which names the crate where the macro is used
            }
            let rest = &code[at + "crate::".len()..];
            let segments = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or_default().split(',').collect(),
                None => vec![rest],
            };
            for segment in segments {
                let name: String = segment.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

/// The source of every module, by module name: a file's, or all the files of a directory's.
fn module_sources(src: &Path) -> BTreeMap<String, String> {
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else { continue };
        let files = match path.is_dir() {
            true => std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()).collect(),
            false => vec![path],
        };
        for file in files.iter().filter(|file| file.extension().is_some_and(|e| e == "rs")) {
            if stem != "lib" {
                sources.entry(stem.clone()).or_default().push_str(&std::fs::read_to_string(file).unwrap());
            }
        }
    }
    sources
}

#[test]
fn modules_use_only_the_modules_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layers = stated_layers(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let sources = module_sources(&src);

    let listed: Vec<&str> = layers.iter().map(|(module, _)| module.as_str()).collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "a module is listed twice: {listed:?}");
    let files: BTreeSet<&str> = sources.keys().map(String::as_str).collect();
    assert_eq!(unique, files, "lib.rs lists exactly the modules there are");

    for (position, (module, uses)) in layers.iter().enumerate() {
        let below: BTreeSet<&String> = layers[..position].iter().map(|(module, _)| module).collect();
        for used in uses {
            assert!(below.contains(used), "{module} may use {used}, which is not listed before it");
        }
        for path in crate_paths(&sources[module]) {
            assert!(files.contains(path.as_str()), "{module} uses crate::{path}: name the module that defines it");
            assert!(uses.contains(&path), "{module} uses {path}, which its line in lib.rs does not list");
        }
    }
}
