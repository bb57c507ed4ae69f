//! Each fixture spec under tests/fixtures covers one area of OpenAPI; its generated files are
//! locked by snapshots. (tests/compile.rs builds them.)

mod common;

fn generate(name: &str) -> Vec<generator::File> {
    let path = common::crate_dir().join("tests/fixtures").join(format!("{name}.yaml"));
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::generate(&spec, &generator::Options { source: &format!("{name}.yaml"), crate_name: name })
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .files
}

fn snapshot(name: &str) {
    for file in generate(name) {
        if file.path.ends_with("mod.rs") {
            continue;
        }
        let snapshot = format!("{name}__{}", file.path.rsplit('/').next().unwrap_or_default());
        insta::assert_snapshot!(snapshot, file.contents);
    }
}

#[test]
fn schemas() {
    snapshot("schemas");
}

#[test]
fn parameters() {
    snapshot("parameters");
}

#[test]
fn names() {
    snapshot("names");
}

#[test]
fn taskgroups() {
    snapshot("taskgroups");
}
