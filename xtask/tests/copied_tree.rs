//! A copy of the project made keeping file times (as `cp -a` and `rsync -a` do), building into the
//! same target directory as the original, acts on itself: `cargo xtask codegen` in the copy reads
//! the copy's spec and writes only the copy's generated/.

use std::path::{Path, PathBuf};
use std::process::Command;

fn original() -> PathBuf {
    let xtask =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    xtask.parent().expect("the workspace").to_path_buf()
}

fn cargo(workspace: &Path, target: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {args:?} in {}", workspace.display());
}

#[test]
fn codegen_in_a_copy_writes_only_the_copy() {
    let original = original();
    // Its own target directory, shared by the original and the copy (the test's own build holds
    // the workspace's).
    let target = original.join("target/copied-tree");
    let copy = original.join("target/copied-tree-workspace");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("a directory for the copy");
    for entry in std::fs::read_dir(&original).expect("the workspace").flatten() {
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let status = Command::new("cp").arg("-a").arg(entry.path()).arg(&copy).status().expect("cp runs");
        assert!(status.success(), "cp -a {}", entry.path().display());
    }
    // The original's xtask is built first, so the copy finds it up to date (same file times).
    cargo(&original, &target, &["build", "--quiet", "--package", "xtask"]);

    let models = "generated/src/api/models.rs";
    let before = std::fs::read_to_string(original.join(models)).expect("the original's models");
    let spec = copy.join("spec/oms.yaml");
    let text = std::fs::read_to_string(&spec).expect("the copy's spec");
    let marker = "Restart failed tasks (a description edited in the copy).";
    std::fs::write(
        &spec,
        text.replacen(
            "description: |\n        Restarts a failed migration task group",
            &format!("description: |\n        {marker}\n        Restarts a failed migration task group"),
            1,
        ),
    )
    .expect("edit the copy's spec");
    assert!(std::fs::read_to_string(&spec).unwrap().contains(marker), "the spec was edited");

    cargo(&copy, &target, &["run", "--quiet", "--package", "xtask", "--", "codegen"]);

    let client = "generated/src/api/client.rs";
    assert!(
        std::fs::read_to_string(copy.join(client)).expect("the copy's client").contains(marker),
        "the copy was written"
    );
    assert!(
        !std::fs::read_to_string(original.join(client)).expect("the original's client").contains(marker),
        "the original was not"
    );
    assert_eq!(std::fs::read_to_string(original.join(models)).expect("the original's models"), before);
    let _ = std::fs::remove_dir_all(&copy);
}
