//! `generate`: any OpenAPI document into a standalone client crate in a directory, built against
//! this workspace's runtime crates. The documents the spec refers to are read relative to it.
//! Only files whose contents change are written, so an unchanged file keeps its time and cargo
//! does not build it again.

use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use generator::Options;
use generator::diagnostic;
use generator::package::{self, Runtimes};

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let mut positional = Vec::new();
    let mut name = None;
    let mut all_warnings = false;
    let mut cached = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--name" => name = Some(args.next().ok_or("--name needs a crate name")?.to_string()),
            "--warnings" => all_warnings = true,
            "--no-cache" => cached = false,
            other if other.starts_with("--") => return Err(format!("unknown argument {other}")),
            other => positional.push(other),
        }
    }
    let [spec, out] = positional.as_slice() else {
        return Err("expected a spec and a directory: cargo xtask generate SPEC DIR [--name NAME]".into());
    };
    let (spec, out) = (PathBuf::from(spec), PathBuf::from(out));
    let name = match name {
        Some(name) => name,
        None => crate_name(&spec),
    };
    let shown_name = spec.display().to_string();
    let options = Options { source: &shown_name, crate_name: &name };
    let crate::format_cache::Run { read, reuse, index, lowered } =
        crate::format_cache::generate(&spec, &options, cached, true);
    let generated = match read.result {
        Ok(generated) => generated,
        Err(error) => {
            let errors: Vec<_> = error.errors().cloned().collect();
            eprint!("{}", diagnostic::render_in_indexed(&errors, &read.sources, 20, &index.finish()));
            return Err(format!("{shown_name} cannot be generated ({} errors)", errors.len()));
        }
    };
    if !generated.warnings.is_empty() {
        let shown = if all_warnings { generated.warnings.len() } else { 3 };
        let indexes = index.finish();
        let mut report = diagnostic::render_in_indexed(&generated.warnings, &read.sources, shown, &indexes);
        // Left to the operating system, as what the run built is below (github.json's took 4 ms
        // to free).
        std::mem::forget(indexes);
        let counts: Vec<String> =
            diagnostic::counts(&generated.warnings).iter().map(|(kind, n)| format!("{n} {kind}")).collect();
        let total = generated.warnings.len();
        report.push_str(&format!("warning: {shown_name}: {total} warnings ({})\n", counts.join(", ")));
        // In one piece: standard error is not buffered, so each piece of a formatted line would be
        // a write of its own. A report that cannot be shown does not stop the crate being written.
        let _ = std::io::stderr().write_all(report.as_bytes());
    }
    let (client, huaweicloud) = (root.join("runtime"), root.join("huaweicloud"));
    let files = package::standalone(&name, generated, Runtimes { client: &client, huaweicloud: &huaweicloud }, &[]);
    let changed = write_changed(&out, &files)?;
    let formatted = match reuse {
        Some(reuse) => format!("; {} items formatted, {} from the last run", reuse.formatted, reuse.reused),
        None => String::new(),
    };
    println!("wrote the crate `{name}` ({} files, {changed} changed{formatted}) to {}", files.len(), out.display());
    // The process ends here: what it built is left to the operating system, which takes it back
    // at once, rather than freed piece by piece (stripe.yaml's took 40 ms).
    std::mem::forget((lowered, files, read.sources));
    Ok(())
}

/// Writes the files whose contents differ from those in `out`, and removes the files of the
/// generated directories that the spec no longer produces. Returns how many files changed.
fn write_changed(out: &Path, files: &[generator::File]) -> Result<usize, String> {
    let stale = generator::files::stale_files(out, files).map_err(|e| format!("reading {}: {e}", out.display()))?;
    // Each directory is made once, not once per file in it, and not again as another's parent.
    let mut made = HashSet::new();
    for path in &stale {
        let target = out.join(path);
        match files.iter().find(|file| file.path == *path) {
            Some(file) => {
                if let Some(parent) = target.parent()
                    && !made.contains(parent)
                {
                    fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
                    made.extend(parent.ancestors().map(Path::to_path_buf));
                }
                fs::write(&target, &file.contents).map_err(|e| format!("{}: {e}", target.display()))?;
            }
            None => fs::remove_file(&target).map_err(|e| format!("{}: {e}", target.display()))?,
        }
    }
    Ok(stale.len())
}

/// A crate name from a spec's file name: `pagerduty-events-v1.json` -> `pagerduty_events_v1`.
pub fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("api_{name}") } else { name }
}
