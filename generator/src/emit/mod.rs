//! Emitting: the intermediate form as Rust tokens, formatted into files.
//!
//! Emitters print what lowering decided; the generated code leans on the runtime crates for
//! everything that would otherwise be repeated per item.

mod cli;
mod client;
mod models;
mod paging;
mod prelude;
mod requests;
mod samples;
mod servers;
mod tokens;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostic::{Diagnostic, Pointer, Result};
use crate::files::{File, header};
use crate::ir::{Api, Platform, reserved};
use tokens::plain;

pub fn files(api: &Api, source: &str) -> Result<Vec<File>> {
    let module = |name: &str| format!("src/api/{name}");
    // The biggest first, so that the threads finish together. A big file comes in parts, emitted
    // and formatted apart and joined in order.
    let mut jobs: Vec<Job> = (0..models::parts(api))
        .map(|part| Job { path: module("models.rs"), emit: Box::new(move || models::emit(api, part)) })
        .collect();
    jobs.extend(
        (0..requests::parts(api))
            .map(|part| Job { path: module("requests.rs"), emit: Box::new(move || requests::emit(api, part)) }),
    );
    jobs.push(Job { path: module("cli.rs"), emit: Box::new(|| cli::emit(api)) });
    jobs.push(Job { path: module("client.rs"), emit: Box::new(|| client::emit(api)) });
    jobs.push(Job { path: module("servers.rs"), emit: Box::new(|| servers::emit(api)) });
    jobs.push(Job { path: module("mod.rs"), emit: Box::new(|| module_root(api)) });
    for operation in &api.operations {
        let path = format!("examples/{}.rs", operation.fn_name.word());
        jobs.push(Job { path, emit: Box::new(move || samples::emit(api, operation)) });
    }
    let formatted = format_all(&jobs, !prelude::shadowed(api))?;
    let mut files: Vec<File> = Vec::new();
    for (job, text) in jobs.iter().zip(formatted) {
        match files.iter_mut().find(|file| file.path == job.path) {
            Some(file) => {
                file.contents.push('\n');
                file.contents.push_str(&text);
            }
            None => files.push(File { path: job.path.clone(), contents: format!("{}{text}", header(source)) }),
        }
    }
    // prettyplease formats the samples; `cargo fmt` must leave them as written.
    let rustfmt = header(source).replace("//", "#") + "disable_all_formatting = true\n";
    files.push(File { path: "examples/rustfmt.toml".to_owned(), contents: rustfmt });
    files.push(File { path: crate::surface::FILE.to_owned(), contents: crate::surface::Surface::of(api).to_json() });
    Ok(files)
}

/// Emitting one file, or one part of one.
struct Job<'a> {
    path: String,
    emit: Box<dyn Fn() -> TokenStream + Sync + 'a>,
}

/// Emits, parses and prints every job, on as many threads as there are cores (this is most of the
/// generator's time). Threads take the next job as they finish one; the result keeps the jobs'
/// order. Tokens are made in the thread that formats them (they cannot cross threads).
fn format_all(jobs: &[Job], shorten: bool) -> Result<Vec<String>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len().max(1));
    let mut done: Vec<(usize, Result<String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break done };
                        let tokens = if shorten { prelude::shorten((job.emit)()) } else { (job.emit)() };
                        done.push((index, format_tokens(tokens, &job.path)));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap_or_default()).collect()
    });
    if done.len() != jobs.len() {
        return Err(bug("formatting a generated file failed").into());
    }
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, text)| text).collect()
}

/// `src/api/mod.rs`: the generated modules, and the names the crate's root re-exports.
fn module_root(api: &Api) -> TokenStream {
    let title = format!(" The generated API of {} ({}).", api.title, api.version);
    // `servers` exports only the types of its enum variables, if there are any.
    let has_server_types = api.server.iter().flat_map(|s| &s.variables).any(|v| !v.values.is_empty());
    let server_types = has_server_types.then(|| quote! { pub use servers::*; });
    let models = (!api.models.is_empty()).then(|| quote! { pub use models::*; });
    let client = plain(reserved::CLIENT_TYPE);
    let runtime_exports = reserved::RUNTIME_EXPORTS.map(plain);
    let platform_exports = matches!(api.platform, Platform::HuaweiCloud { .. }).then(|| {
        let names = reserved::HUAWEICLOUD_EXPORTS.map(plain);
        quote! { pub use huaweicloud_runtime::{#(#names),*}; }
    });
    quote! {
        #![doc = #title]
        // Constructors and methods take what the spec requires, however many values that is.
        #![allow(clippy::too_many_arguments)]

        #[cfg(feature = "cli")]
        pub mod cli;
        pub mod client;
        pub mod models;
        pub mod requests;
        pub mod servers;

        pub use client::#client;
        #models
        #server_types
        pub use client_runtime::{#(#runtime_exports),*};
        #platform_exports
    }
}

/// The tokens of a file (or part of one) as formatted text.
fn format_tokens(tokens: TokenStream, name: &str) -> Result<String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| bug(&format!("generated {name} does not parse as Rust ({error})")))?;
    Ok(separate_items(&prettyplease::unparse(&file)))
}

/// A failure of the generator itself, not of the spec.
fn bug(what: &str) -> Diagnostic {
    Pointer::root().error("generator bug", format!("{what}; this is a generator bug"))
}

/// Puts a blank line between items at module and impl level, which prettyplease leaves out.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        let same_indent = previous.len() - previous.trim_start().len() == indent;
        let item_start =
            ["///", "#[", "impl", "client_runtime::", "static", "pub(crate) const", "pub(super) static", "mod "]
                .iter()
                .any(|start| trimmed.starts_with(start));
        let block_ended =
            same_indent && (matches!(previous.trim(), "}" | "};" | "});") || (previous.ends_with(';') && item_start));
        let module_docs_ended = previous.starts_with("//!") && !trimmed.starts_with("//!");
        if indent <= 4 && !trimmed.is_empty() && (block_ended || module_docs_ended) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
