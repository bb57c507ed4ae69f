//! Emitting: the intermediate form as Rust tokens, formatted into files.
//!
//! Emitters print what lowering decided; the generated code leans on the runtime crates for
//! everything that would otherwise be repeated per item.
//!
//! The output is a list of `Part`s: a file each, or a piece of a big one. Every part is emitted
//! (`emit_part`) and formatted on its own, on every core, and the parts of one file are then
//! joined in order.

mod cli;
mod client;
mod format;
mod mock;
mod models;
mod module_root;
mod paging;
mod prelude;
mod requests;
mod samples;
mod servers;
mod tokens;
mod webhooks;

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use proc_macro2::TokenStream;

use crate::diagnostic::{Diagnostic, Pointer, Result};
use crate::files::{File, header};
use crate::ir::{Api, Operation, reserved};

/// A generated file, or a part of a big one, emitted and formatted on its own.
struct Part<'a> {
    /// The file it goes in, relative to the generated crate.
    path: String,
    kind: PartKind<'a>,
}

/// What a part holds.
enum PartKind<'a> {
    /// Part `n` of `models.rs`.
    Models(usize),
    /// Part `n` of `requests.rs`.
    Requests(usize),
    Cli,
    Client,
    /// `mock.rs`, the mock rules of the crate's `test-util` feature.
    Mock,
    Servers,
    /// `src/api/mod.rs`.
    ModuleRoot,
    /// `webhooks.rs`, when the spec has webhooks.
    Webhooks(&'a crate::ir::Webhooks),
    /// The sample program of an operation.
    Sample(&'a Operation),
}

pub fn files(api: &Api, source: &str) -> Result<Vec<File>> {
    let parts = parts(api);
    let texts = format_parts(api, &parts)?;
    let mut files: Vec<File> = Vec::new();
    for (part, text) in parts.iter().zip(texts) {
        // The parts of one file are listed together, in order.
        match files.last_mut().filter(|file| file.path == part.path) {
            Some(file) => {
                file.contents.push('\n');
                file.contents.push_str(&text);
            }
            None => files.push(File { path: part.path.clone(), contents: format!("{}{text}", header(source)) }),
        }
    }
    // prettyplease formats the samples; `cargo fmt` must leave them as written.
    let rustfmt = header(source).replace("//", "#") + "disable_all_formatting = true\n";
    files.push(File { path: "examples/rustfmt.toml".to_owned(), contents: rustfmt });
    files.push(File { path: crate::surface::FILE.to_owned(), contents: crate::surface::Surface::of(api).to_json() });
    Ok(files)
}

/// Every part of the output, the biggest first so that the threads formatting them finish
/// together. A big file comes in parts, listed together in their order in the file.
fn parts(api: &Api) -> Vec<Part<'_>> {
    let module = |name: &str| format!("src/api/{name}");
    let models = (0..models::parts(api)).map(|n| Part { path: module("models.rs"), kind: PartKind::Models(n) });
    let requests = (0..requests::parts(api)).map(|n| Part { path: module("requests.rs"), kind: PartKind::Requests(n) });
    let mock = format!("{}.rs", reserved::MOCK_MODULE);
    let modules = [
        ("cli.rs", PartKind::Cli),
        ("client.rs", PartKind::Client),
        (mock.as_str(), PartKind::Mock),
        ("servers.rs", PartKind::Servers),
        ("mod.rs", PartKind::ModuleRoot),
    ]
    .map(|(name, kind)| Part { path: module(name), kind });
    let webhooks =
        api.webhooks.iter().map(|webhooks| Part { path: module("webhooks.rs"), kind: PartKind::Webhooks(webhooks) });
    let samples = api.operations.iter().map(|operation| Part {
        path: format!("examples/{}.rs", operation.fn_name.word()),
        kind: PartKind::Sample(operation),
    });
    models.chain(requests).chain(modules).chain(webhooks).chain(samples).collect()
}

/// The tokens of one part.
fn emit_part(api: &Api, kind: &PartKind) -> TokenStream {
    match kind {
        PartKind::Models(n) => models::emit(api, *n),
        PartKind::Requests(n) => requests::emit(api, *n),
        PartKind::Cli => cli::emit(api),
        PartKind::Client => client::emit(api),
        PartKind::Mock => mock::emit(api),
        PartKind::Servers => servers::emit(api),
        PartKind::ModuleRoot => module_root::emit(api),
        PartKind::Webhooks(webhooks) => webhooks::emit(webhooks),
        PartKind::Sample(operation) => samples::emit(api, operation),
    }
}

/// Every part emitted and formatted, in the parts' order. This is most of the generator's time,
/// so it runs on every core; tokens cannot cross threads, so a part is emitted by the thread that
/// formats it.
fn format_parts(api: &Api, parts: &[Part]) -> Result<Vec<String>> {
    let shorten = !prelude::shadowed(api);
    let formatted = map_in_parallel(parts, |part| {
        let tokens = emit_part(api, &part.kind);
        let tokens = if shorten { prelude::shorten(tokens) } else { tokens };
        format::format_tokens(tokens)
            .map_err(|error| bug(&format!("generated {} does not parse as Rust ({error})", part.path)))
    });
    let formatted = formatted.ok_or_else(|| bug("formatting a generated file failed"))?;
    Ok(formatted.into_iter().collect::<Result<_, Diagnostic>>()?)
}

/// `work` done on each of `items`, on as many threads as there are cores, the results in the
/// items' order. Each thread takes the next item as it finishes one, so items are started in
/// order. `None` if a thread panicked.
fn map_in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Option<Vec<R>> {
    let next = AtomicUsize::new(0);
    let threads = thread::available_parallelism().map_or(1, NonZeroUsize::get).min(items.len().max(1));
    let per_thread: Vec<Vec<(usize, R)>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break done };
                        done.push((index, work(item)));
                    }
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().ok()).collect::<Option<_>>()
    })?;
    let mut done: Vec<(usize, R)> = per_thread.into_iter().flatten().collect();
    done.sort_by_key(|(index, _)| *index);
    Some(done.into_iter().map(|(_, result)| result).collect())
}

/// A failure of the generator itself, not of the spec.
fn bug(what: &str) -> Diagnostic {
    Pointer::root().error("generator bug", format!("{what}; this is a generator bug"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_done_in_parallel_comes_back_in_order() {
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(map_in_parallel(&items, |n| n * 2), Some(items.iter().map(|n| n * 2).collect()));
        assert_eq!(map_in_parallel(&[] as &[usize], |n| *n), Some(Vec::new()));
    }

    #[test]
    fn work_that_panics_gives_no_results() {
        let items: Vec<usize> = (0..10).collect();
        assert_eq!(map_in_parallel(&items, |n| if *n == 7 { panic!("item {n}") } else { *n }), None);
    }
}
