//! `codegen`: spec/oms.yaml -> generated/src/api.

use std::fs;
use std::path::Path;

use generator::{File, GENERATED_DIR};

const SPEC: &str = "spec/oms.yaml";
const CRATE: &str = "generated";

fn generate(root: &Path) -> Result<Vec<File>, String> {
    let spec_path = root.join(SPEC);
    let spec = fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    generator::generate(&spec, SPEC).map_err(|e| format!("{SPEC}: {e}"))
}

/// Fails, naming each stale file, when generated/ differs from what the spec produces.
pub fn check(root: &Path) -> Result<(), String> {
    let files = generate(root)?;
    let stale = generator::output::stale_files(&root.join(CRATE), &files).map_err(|e| e.to_string())?;
    if stale.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = stale.iter().map(|path| format!("  {CRATE}/{path}")).collect();
    Err(format!("generated files are stale; run `cargo xtask codegen`:\n{}", list.join("\n")))
}

/// Writes the generated directory. Everything is generated in memory first and written to a
/// staging directory that then replaces the old one, so a failed run leaves generated/ as it was.
pub fn write(root: &Path) -> Result<(), String> {
    let files = generate(root)?;
    let crate_dir = root.join(CRATE);
    let stale = generator::output::stale_files(&crate_dir, &files).map_err(|e| e.to_string())?;
    if stale.is_empty() {
        println!("{CRATE}/{GENERATED_DIR} is up to date");
        return Ok(());
    }
    let target = crate_dir.join(GENERATED_DIR);
    let staging = target.with_extension("staging");
    let previous = target.with_extension("previous");
    let io = |what: &str, e: std::io::Error| format!("{what}: {e}");
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| io(&format!("removing {}", leftover.display()), e))?;
        }
    }
    fs::create_dir_all(&staging).map_err(|e| io("creating the staging directory", e))?;
    for file in &files {
        let name =
            Path::new(&file.path).strip_prefix(GENERATED_DIR).map_err(|_| format!("unexpected path {}", file.path))?;
        fs::write(staging.join(name), &file.contents).map_err(|e| io(&format!("writing {}", file.path), e))?;
    }
    if target.exists() {
        fs::rename(&target, &previous).map_err(|e| io("moving the old files aside", e))?;
    }
    if let Err(e) = fs::rename(&staging, &target) {
        // Put the old files back rather than leave the crate without its sources.
        let _ = fs::rename(&previous, &target);
        return Err(io("moving the new files into place", e));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(|e| io("removing the old files", e))?;
    }
    for path in stale {
        println!("wrote {CRATE}/{path}");
    }
    Ok(())
}
