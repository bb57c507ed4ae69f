//! `codegen`: spec/oms.yaml -> the generated directories of generated/ (`src/api`, `examples`)
//! and its API description (`api.json`), with what the change means for users of the crate.

use std::fs;
use std::path::{Path, PathBuf};

use generator::diagnostic::{self, Diagnostic, Severity};
use generator::surface::{self, Level, Surface};
use generator::{File, GENERATED_DIRS, Options};

const SPEC: &str = "spec/oms.yaml";
const CRATE: &str = "generated";

/// Errors shown in full before the rest are counted.
const SHOWN_ERRORS: usize = 20;
/// Warnings shown in full by default; `--warnings` shows them all.
const SHOWN_WARNINGS: usize = 3;

/// How a run reports what it finds in the spec.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reporting {
    /// Warnings fail the run, as errors do.
    pub strict: bool,
    /// Every warning is shown, not only the first few.
    pub all_warnings: bool,
}

/// The generated files, formatting only what the last run's cache does not hold; the cache is
/// written back only when `keep_cache` (a check changes nothing, not even the cache).
fn generate(root: &Path, reporting: Reporting, keep_cache: bool) -> Result<Vec<File>, String> {
    let manifest_path = root.join(CRATE).join("Cargo.toml");
    let manifest = read_manifest(&manifest_path)?;
    let crate_name =
        package_name(&manifest).ok_or_else(|| format!("{}: no [package] name", manifest_path.display()))?;
    let options = Options { source: SPEC, crate_name: &crate_name };
    let run = crate::format_cache::generate(&root.join(SPEC), &options, true, keep_cache);
    let (sources, index) = (run.read.sources, run.index);
    let generated = match run.read.result {
        Ok(generated) => generated,
        Err(error) => {
            let errors: Vec<Diagnostic> = error.errors().cloned().collect();
            eprint!("{}", diagnostic::render_in_indexed(&errors, &sources, SHOWN_ERRORS, &index.finish()));
            return Err(format!("{SPEC} cannot be generated: {}", summary(&errors, "error")));
        }
    };
    let missing = missing_runtime_features(&manifest, &generated.runtime_features);
    if !missing.is_empty() {
        return Err(format!(
            "{SPEC} needs the client-runtime features {missing:?}, which {} does not turn on: add \
             `features = {:?}` to its client-runtime dependency",
            manifest_path.display(),
            generated.runtime_features
        ));
    }
    let warnings = generated.warnings;
    if warnings.is_empty() {
        return Ok(generated.files);
    }
    if reporting.strict {
        let errors: Vec<Diagnostic> =
            warnings.into_iter().map(|warning| Diagnostic { severity: Severity::Error, ..warning }).collect();
        eprint!("{}", diagnostic::render_in_indexed(&errors, &sources, SHOWN_ERRORS, &index.finish()));
        return Err(format!("{SPEC} has warnings, which --strict refuses: {}", summary(&errors, "warning")));
    }
    let shown = if reporting.all_warnings { warnings.len() } else { SHOWN_WARNINGS };
    eprint!("{}", diagnostic::render_in_indexed(&warnings, &sources, shown, &index.finish()));
    eprintln!(
        "warning: {SPEC}: {}{}",
        summary(&warnings, "warning"),
        if reporting.all_warnings { "" } else { " (--warnings lists them all)" }
    );
    Ok(generated.files)
}

/// `2 unknown key, 1 schema degraded`.
fn summary(diagnostics: &[Diagnostic], what: &str) -> String {
    let counts: Vec<String> = diagnostic::counts(diagnostics).iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    format!("{} {what}{} ({})", diagnostics.len(), if diagnostics.len() == 1 { "" } else { "s" }, counts.join(", "))
}

fn read_manifest(path: &Path) -> Result<toml::Table, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse().map_err(|e| format!("{}: {e}", path.display()))
}

/// The generated crate's package name, which sample programs import.
fn package_name(manifest: &toml::Table) -> Option<String> {
    Some(manifest.get("package")?.get("name")?.as_str()?.to_owned())
}

/// Those of `needed` (the generated code's client-runtime features) the manifest does not turn on.
fn missing_runtime_features<'f>(manifest: &toml::Table, needed: &[&'f str]) -> Vec<&'f str> {
    let turned_on = manifest.get("dependencies").and_then(|d| d.get("client-runtime")).and_then(|d| d.get("features"));
    let turned_on: Vec<&str> =
        turned_on.and_then(|f| f.as_array()).into_iter().flatten().filter_map(|f| f.as_str()).collect();
    needed.iter().copied().filter(|feature| !turned_on.contains(feature)).collect()
}

fn stale(root: &Path, files: &[File]) -> Result<Vec<String>, String> {
    generator::files::stale_files(&root.join(CRATE), files).map_err(|e| format!("reading {CRATE}/: {e}"))
}

/// Fails, naming each stale file and what the change means for the crate's API, when generated/
/// differs from what the spec produces.
pub fn check(root: &Path, reporting: Reporting) -> Result<(), String> {
    let files = generate(root, reporting, false)?;
    let stale = stale(root, &files)?;
    if stale.is_empty() {
        return Ok(());
    }
    print!("{}", api_changes(root, &files));
    let list: Vec<String> = stale.iter().map(|path| format!("  {CRATE}/{path}")).collect();
    Err(format!("generated files are stale; run `cargo xtask codegen`:\n{}", list.join("\n")))
}

/// What the generated files change for users of the crate: the API they describe compared with
/// the one generated/ was made from (its `api.json`), change by change, and a semver verdict.
fn api_changes(root: &Path, files: &[File]) -> String {
    let new = files
        .iter()
        .find(|file| file.path == surface::FILE)
        .and_then(|file| Surface::from_json(&file.contents).ok())
        .unwrap_or_default();
    let old_path = root.join(CRATE).join(surface::FILE);
    let old = match fs::read_to_string(&old_path) {
        Ok(text) => match Surface::from_json(&text) {
            Ok(old) => old,
            Err(error) => {
                return format!("{CRATE}/{} cannot be read ({error}); the API changes are not known\n", surface::FILE);
            }
        },
        Err(_) => {
            return format!(
                "{CRATE}/{} written; there was no earlier description of the API to compare with\n",
                surface::FILE
            );
        }
    };
    let changes = surface::compare(&old, &new);
    let mut text = String::from("API changes for users of the crate:\n");
    for change in &changes {
        text.push_str(&format!("  {change}\n"));
    }
    text.push_str(&match surface::verdict(&changes) {
        None => "  none: the generated code changes, its API does not\nsemver: patch\n".to_owned(),
        Some(Level::Major) => "semver: major (breaking; while the version is 0.x, the minor number)\n".to_owned(),
        Some(Level::Minor) => "semver: minor (additive; while the version is 0.x, the patch number)\n".to_owned(),
        Some(Level::Patch) => "semver: patch (behaviour only)\n".to_owned(),
    });
    text
}

/// Writes the generated directories. Everything is generated in memory and written to staging
/// directories first, which then replace the old ones, so a failed run leaves generated/ as it was.
pub fn write(root: &Path, reporting: Reporting) -> Result<(), String> {
    let files = generate(root, reporting, true)?;
    let stale = stale(root, &files)?;
    if stale.is_empty() {
        println!("{CRATE}/ is up to date");
        return Ok(());
    }
    let changes = api_changes(root, &files);
    let crate_dir = root.join(CRATE);
    let top_level =
        files.iter().filter(|file| !GENERATED_DIRS.iter().any(|dir| file.path.starts_with(&format!("{dir}/"))));
    let swaps: Vec<Swap> = GENERATED_DIRS
        .iter()
        .map(|dir| Swap::new(&crate_dir, dir, true))
        .chain(top_level.map(|file| Swap::new(&crate_dir, &file.path, false)))
        .collect();
    for swap in &swaps {
        swap.stage(&files)?;
    }
    for (done, swap) in swaps.iter().enumerate() {
        if let Err(error) = swap.replace() {
            // Put back what was already replaced rather than leave a mix of old and new.
            for swapped in &swaps[..done] {
                swapped.undo();
            }
            return Err(error);
        }
    }
    for swap in &swaps {
        swap.clean_up();
    }
    for path in stale {
        println!("updated {CRATE}/{path}");
    }
    print!("{changes}");
    Ok(())
}

/// One generated directory (or file at the crate's root) being replaced: `target` by `staging`,
/// the old one kept as `previous` until everything is in place.
struct Swap {
    name: String,
    is_dir: bool,
    target: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
}

fn io(what: impl std::fmt::Display) -> impl FnOnce(std::io::Error) -> String {
    move |e| format!("{what}: {e}")
}

impl Swap {
    fn new(crate_dir: &Path, name: &str, is_dir: bool) -> Swap {
        let target = crate_dir.join(name);
        let aside = |suffix: &str| {
            let mut path = target.clone().into_os_string();
            path.push(suffix);
            PathBuf::from(path)
        };
        Swap { name: name.to_owned(), is_dir, staging: aside(".staging"), previous: aside(".previous"), target }
    }

    fn stage(&self, files: &[File]) -> Result<(), String> {
        for leftover in [&self.staging, &self.previous] {
            remove(leftover).map_err(io(format!("removing {}", leftover.display())))?;
        }
        if !self.is_dir {
            let file = files.iter().find(|file| file.path == self.name).map_or("", |file| file.contents.as_str());
            return fs::write(&self.staging, file).map_err(io(format!("writing {}", self.name)));
        }
        fs::create_dir_all(&self.staging).map_err(io("creating a staging directory"))?;
        for file in files {
            if let Ok(name) = Path::new(&file.path).strip_prefix(&self.name) {
                fs::write(self.staging.join(name), &file.contents).map_err(io(format!("writing {}", file.path)))?;
            }
        }
        Ok(())
    }

    fn replace(&self) -> Result<(), String> {
        if self.target.exists() {
            fs::rename(&self.target, &self.previous).map_err(io(format!("moving {} aside", self.name)))?;
        }
        fs::rename(&self.staging, &self.target).map_err(|e| {
            let _ = fs::rename(&self.previous, &self.target);
            format!("moving the new {} into place: {e}", self.name)
        })
    }

    fn undo(&self) {
        let _ = remove(&self.target);
        let _ = fs::rename(&self.previous, &self.target);
    }

    fn clean_up(&self) {
        let _ = remove(&self.previous);
    }
}

/// Removes a file or a directory with everything in it; nothing there is not an error.
fn remove(path: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_must_turn_on_the_runtime_features_the_code_needs() {
        let manifest = |dependency: &str| -> toml::Table {
            format!("[package]\nname = \"oms\"\n[dependencies]\nclient-runtime = {dependency}\n").parse().unwrap()
        };
        let plain = manifest(r#"{ path = "../runtime" }"#);
        assert_eq!(package_name(&plain).as_deref(), Some("oms"));
        assert_eq!(missing_runtime_features(&plain, &[]), Vec::<&str>::new());
        assert_eq!(missing_runtime_features(&plain, &["xml"]), ["xml"]);
        let with_xml = manifest(r#"{ path = "../runtime", features = ["cli", "xml"] }"#);
        assert_eq!(missing_runtime_features(&with_xml, &["xml"]), Vec::<&str>::new());
    }
}
