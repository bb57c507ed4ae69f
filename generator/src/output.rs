//! Comparing generated files with what is on disk.

use std::fs;
use std::io;
use std::path::Path;

use crate::emit::{File, GENERATED_DIRS};

/// Paths (relative to `crate_dir`) whose contents on disk differ from `files`: changed, missing,
/// or present in the generated directory although the spec no longer produces them.
pub fn stale_files(crate_dir: &Path, files: &[File]) -> io::Result<Vec<String>> {
    let mut stale = Vec::new();
    for file in files {
        match fs::read_to_string(crate_dir.join(&file.path)) {
            Ok(on_disk) if on_disk == file.contents => {}
            Ok(_) => stale.push(file.path.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => stale.push(file.path.clone()),
            Err(error) => return Err(error),
        }
    }
    for generated in GENERATED_DIRS {
        let dir = crate_dir.join(generated);
        if !dir.is_dir() {
            continue;
        }
        let mut extra: Vec<String> = fs::read_dir(&dir)?
            .map(|entry| entry.map(|e| format!("{generated}/{}", e.file_name().to_string_lossy())))
            .collect::<io::Result<_>>()?;
        extra.retain(|path| !files.iter().any(|f| f.path == *path));
        extra.sort();
        stale.extend(extra);
    }
    Ok(stale)
}
