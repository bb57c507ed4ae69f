//! A standalone crate around the generated files: its manifest, its root module and its command
//! line's binary, for a client generated outside this workspace (the build tests make one per
//! spec). The crate depends on the runtime crates by path, as they are not published.

use std::path::Path;

use crate::Generated;
use crate::files::File;

/// Where the runtime crates are.
#[derive(Debug, Clone, Copy)]
pub struct Runtimes<'a> {
    /// The `client-runtime` crate's directory.
    pub client: &'a Path,
    /// The `huaweicloud-runtime` crate's directory.
    pub huaweicloud: &'a Path,
}

/// The files of a crate named `name` around `generated` (the generator's output for a spec).
/// `dev_dependencies` are extra manifest lines for its tests (`wiremock = "0.6"`).
pub fn standalone(name: &str, generated: Generated, runtimes: Runtimes, dev_dependencies: &[&str]) -> Vec<File> {
    let manifest = manifest(name, runtimes, &generated.runtime_features, dev_dependencies);
    let mut files = generated.files;
    files.push(File { path: "Cargo.toml".to_owned(), contents: manifest });
    files.push(File { path: "src/lib.rs".to_owned(), contents: LIB_RS.to_owned() });
    let library = crate::names::snake(name);
    files.push(File {
        path: "src/main.rs".to_owned(),
        contents: format!("fn main() -> std::process::ExitCode {{\n    {library}::cli::main()\n}}\n"),
    });
    files
}

const LIB_RS: &str = "//! A client generated from an OpenAPI description.

// Generated and formatted by the generator; rustfmt must leave it as written.
#[rustfmt::skip]
mod api;

pub use api::*;
";

fn manifest(name: &str, runtimes: Runtimes, runtime_features: &[&str], dev_dependencies: &[&str]) -> String {
    let path = |dir: &Path| dir.to_string_lossy().replace('\\', "/");
    let runtime_features = match runtime_features {
        [] => String::new(),
        features => format!(", features = {features:?}"),
    };
    let dev_dependencies: String = dev_dependencies.iter().map(|line| format!("{line}\n")).collect();
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[features]
cli = ["client-runtime/cli"]
test-util = ["client-runtime/test-util"]
aws-lc-rs = ["client-runtime/aws-lc-rs"]

[dependencies]
client-runtime = {{ path = "{client}"{runtime_features} }}
huaweicloud-runtime = {{ path = "{huaweicloud}" }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
{dev_dependencies}
[[bin]]
name = "{name}"
path = "src/main.rs"
required-features = ["cli"]
"#,
        client = path(runtimes.client),
        huaweicloud = path(runtimes.huaweicloud),
    )
}

/// The manifest of a scratch workspace holding generated crates as `members` (directory names).
/// Builds there carry no debug information: they are checked for compiling, not debugged, and a
/// crate's sample programs would otherwise take gigabytes.
pub fn workspace_manifest(members: &[String]) -> String {
    let members: String = members.iter().map(|member| format!("    {member:?},\n")).collect();
    format!("[workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n\n[profile.dev]\ndebug = false\n")
}
