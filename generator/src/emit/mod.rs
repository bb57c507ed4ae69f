//! Emitting: the intermediate form as Rust tokens, formatted into files.
//!
//! Emitters print what lowering decided; the generated code leans on the runtime crates for
//! everything that would otherwise be repeated per item.
//!
//! The output is a list of `Part`s: a file each, or a piece of a big one. Every part is emitted
//! (`emit_part`) on its own, on every core, as chunks (a model, an operation's request, its client
//! method) that are formatted apart, or taken from a [`FormatCache`] of earlier runs, or (for a
//! chunk many parts hold) from the part of this run that formatted it first. The parts of one file
//! are then joined in order, with the blank lines a single part would have between them.
//!
//! Parts are small (ten operations, twenty models), so that the threads share a file of few big
//! items evenly: amazonaws_com-sts's requests, in one part, took one thread 7 ms while the other
//! had finished. The client's methods, members of one `impl` block, are chunks of their own too,
//! so that regenerating after an edit formats the methods that changed, not the whole client.

mod cache;
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

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::panic;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use proc_macro2::TokenStream;

use crate::diagnostic::{Diagnostic, Pointer, Result};
use crate::files::{File, header};
use crate::ir::{Api, Operation, reserved};

pub use cache::{FormatCache, Reuse};

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
    /// Part `n` of `cli.rs`.
    Cli(usize),
    /// Part `n` of `client.rs`.
    Client(usize),
    /// Part `n` of `mock.rs`, the mock rules of the crate's `test-util` feature.
    Mock(usize),
    Servers,
    /// `src/api/mod.rs`.
    ModuleRoot,
    /// `webhooks.rs`, when the spec has webhooks.
    Webhooks(&'a crate::ir::Webhooks),
    /// The sample program of an operation.
    Sample(&'a Operation),
}

/// The crate's files. With a `cache`, chunks it holds are not formatted again, and it is left
/// holding this run's chunks.
pub fn files(api: &Api, source: &str, cache: Option<&mut FormatCache>) -> Result<Vec<File>> {
    let parts = parts(api);
    let (texts, surface) = format_parts(api, &parts, cache)?;
    let header = header(source);
    let mut files: Vec<File> = Vec::new();
    let mut texts = parts.iter().map(|part| &part.path).zip(texts).peekable();
    // The parts of one file are listed together, in order: each file is made at its size, and
    // each part dropped once copied in.
    while let Some((path, first)) = texts.next() {
        let mut rest = Vec::new();
        while let Some((_, text)) = texts.next_if(|(next, _)| *next == path) {
            rest.push(text);
        }
        let size = header.len() + first.len() + rest.iter().map(|text| text.len() + 1).sum::<usize>();
        let mut contents = String::with_capacity(size);
        contents.push_str(&header);
        contents.push_str(&first);
        drop(first);
        for text in rest {
            if format::blank_line_between(&contents, &text) {
                contents.push('\n');
            }
            contents.push_str(&text);
        }
        files.push(File { path: path.clone(), contents });
    }
    // prettyplease formats the samples; `cargo fmt` must leave them as written.
    let rustfmt = header.replace("//", "#") + "disable_all_formatting = true\n";
    files.push(File { path: "examples/rustfmt.toml".to_owned(), contents: rustfmt });
    files.push(File { path: crate::surface::FILE.to_owned(), contents: surface });
    Ok(files)
}

/// Every part of the output, the big files' first so that the threads formatting them finish
/// together. A big file comes in parts, listed together in their order in the file.
fn parts(api: &Api) -> Vec<Part<'_>> {
    let module = |name: &str| format!("src/api/{name}");
    let models = (0..models::parts(api)).map(|n| Part { path: module("models.rs"), kind: PartKind::Models(n) });
    let by_operation = 0..header_and_operation_parts(api);
    let requests = by_operation.clone().map(|n| Part { path: module("requests.rs"), kind: PartKind::Requests(n) });
    let cli = by_operation.clone().map(|n| Part { path: module("cli.rs"), kind: PartKind::Cli(n) });
    let client = by_operation.clone().map(|n| Part { path: module("client.rs"), kind: PartKind::Client(n) });
    let mock = format!("{}.rs", reserved::MOCK_MODULE);
    let mock = by_operation.map(|n| Part { path: module(&mock), kind: PartKind::Mock(n) });
    let modules = [("servers.rs", PartKind::Servers), ("mod.rs", PartKind::ModuleRoot)]
        .map(|(name, kind)| Part { path: module(name), kind });
    let webhooks =
        api.webhooks.iter().map(|webhooks| Part { path: module("webhooks.rs"), kind: PartKind::Webhooks(webhooks) });
    let samples = api.operations.iter().map(|operation| Part {
        path: format!("examples/{}.rs", operation.fn_name.word()),
        kind: PartKind::Sample(operation),
    });
    models.chain(requests).chain(cli).chain(client).chain(mock).chain(modules).chain(webhooks).chain(samples).collect()
}

/// Operations per part of a file that has a part of its own for its header and then chunks per
/// operation (`requests.rs`, `cli.rs`, `client.rs`, `mock.rs`).
const OPERATIONS_PER_PART: usize = 10;

/// How many parts such a file comes in: its header's, then [`OPERATIONS_PER_PART`] operations each.
fn header_and_operation_parts(api: &Api) -> usize {
    1 + api.operations.len().div_ceil(OPERATIONS_PER_PART)
}

/// The operations of part `part` of such a file, each with its index in the spec's; `None` for the
/// header's part.
fn operations_of_part(api: &Api, part: usize) -> Option<impl Iterator<Item = (usize, &Operation)>> {
    let first = part.checked_sub(1)? * OPERATIONS_PER_PART;
    Some(api.operations.iter().enumerate().skip(first).take(OPERATIONS_PER_PART))
}

/// A piece of a part, formatted on its own: the printed text of a part is that of its chunks one
/// after another, as prettyplease prints a file's items one after another.
enum Chunk<'a> {
    /// Tokens made already (a module's header, a whole small file), cached by the tokens.
    Tokens(TokenStream),
    /// Tokens that `emitter` makes from one item of the intermediate form (a model, an
    /// operation's request), cached by the item, so that a chunk in the cache is not emitted.
    /// A `shared` chunk is one that many parts hold (the helpers every sample program has): a
    /// run formats it once, in the first part to reach it.
    Item {
        emitter: &'static str,
        item: Box<dyn std::fmt::Debug + 'a>,
        emit: Box<dyn Fn() -> TokenStream + 'a>,
        shared: bool,
    },
    /// A member of an `impl` block (a method of the client), made by `chunk` in a block of its
    /// own: of that block's printed text, it keeps the first line only when `opening` and the
    /// last only when `closing`, so that members formatted apart join into one block, printed as
    /// prettyplease prints the whole.
    Member { chunk: Box<Chunk<'a>>, opening: bool, closing: bool },
}

impl<'a> Chunk<'a> {
    /// The chunk `emit` makes of `item`. `emit` is a plain function, so it captures nothing: what
    /// it makes depends on the item alone, which is what the cache's key is made of. `emitter`
    /// names it, and no two emitters share a name.
    fn item<T: std::fmt::Debug>(emitter: &'static str, item: &'a T, emit: fn(&T) -> TokenStream) -> Chunk<'a> {
        Chunk::Item { emitter, item: Box::new(item), emit: Box::new(move || emit(item)), shared: false }
    }

    /// As [`Chunk::item`], for a chunk that many parts hold, made of an item they share.
    fn shared<T: std::fmt::Debug + 'a>(emitter: &'static str, item: T, emit: fn(&T) -> TokenStream) -> Chunk<'a> {
        let item = std::rc::Rc::new(item);
        let made_of = std::rc::Rc::clone(&item);
        Chunk::Item { emitter, item: Box::new(item), emit: Box::new(move || emit(&made_of)), shared: true }
    }

    /// `self`, made as a member of an `impl` block: see [`Chunk::Member`].
    fn member(self, opening: bool, closing: bool) -> Chunk<'a> {
        Chunk::Member { chunk: Box::new(self), opening, closing }
    }

    fn is_shared(&self) -> bool {
        match self {
            Chunk::Tokens(_) => false,
            Chunk::Item { shared, .. } => *shared,
            Chunk::Member { chunk, .. } => chunk.is_shared(),
        }
    }

    /// The chunk's key in a cache, which holds its whole printed text (a member's in its block).
    fn key(&self, shortened: bool) -> cache::Key {
        match self {
            Chunk::Tokens(tokens) => cache::tokens_key(tokens, shortened),
            Chunk::Item { emitter, item, .. } => cache::item_key(emitter, item.as_ref(), shortened),
            Chunk::Member { chunk, .. } => chunk.key(shortened),
        }
    }

    /// Of the chunk's printed text, the lines its file gets: all of them but for a member.
    fn lines(&self) -> format::Lines {
        match self {
            Chunk::Member { opening, closing, .. } => format::Lines::Member { opening: *opening, closing: *closing },
            _ => format::Lines::All,
        }
    }

    fn into_tokens(self) -> TokenStream {
        match self {
            Chunk::Tokens(tokens) => tokens,
            Chunk::Item { emit, .. } => emit(),
            Chunk::Member { chunk, .. } => chunk.into_tokens(),
        }
    }
}

/// One part's chunks.
fn emit_part<'a>(api: &'a Api, kind: &PartKind<'a>) -> Vec<Chunk<'a>> {
    let whole = |tokens| vec![Chunk::Tokens(tokens)];
    match kind {
        PartKind::Models(n) => models::emit(api, *n),
        PartKind::Requests(n) => requests::emit(api, *n),
        PartKind::Cli(n) => cli::emit(api, *n),
        PartKind::Client(n) => client::emit(api, *n),
        PartKind::Mock(n) => mock::emit(api, *n),
        PartKind::Servers => whole(servers::emit(api)),
        PartKind::ModuleRoot => whole(module_root::emit(api)),
        PartKind::Webhooks(webhooks) => whole(webhooks::emit(webhooks)),
        PartKind::Sample(operation) => samples::emit(api, operation),
    }
}

/// A part's formatted text, and with a cache, its chunks' entries.
struct Formatted {
    text: String,
    used: Vec<cache::Used>,
}

/// What the threads making the files do: format a part, or write the surface (`api.json`), which
/// is not formatted but would otherwise be made after them, on one core.
enum Job<'p, 'a> {
    Surface,
    Part(&'p Part<'a>),
}

enum Done {
    Surface(String),
    Part(std::result::Result<Formatted, Diagnostic>),
}

/// Every part emitted and formatted, in the parts' order, and the surface's JSON. This is most of
/// the generator's time, so it runs on every core; tokens cannot cross threads, so a part is
/// emitted by the thread that formats it.
fn format_parts<'a>(
    api: &'a Api,
    parts: &[Part<'a>],
    cache: Option<&mut FormatCache>,
) -> Result<(Vec<String>, String)> {
    let shorten = !prelude::shadowed(api);
    let earlier = cache.as_deref();
    let shared = Mutex::new(HashMap::new());
    let jobs: Vec<Job> = std::iter::once(Job::Surface).chain(parts.iter().map(Job::Part)).collect();
    let done = map_in_parallel(&jobs, |job| match job {
        Job::Surface => Done::Surface(crate::surface::Surface::of(api).to_json()),
        Job::Part(part) => Done::Part(format_part(api, part, shorten, earlier, &shared)),
    });
    let done = done.ok_or_else(|| bug("formatting a generated file failed"))?;
    let mut texts = Vec::with_capacity(parts.len());
    let mut used = Vec::new();
    let mut surface = String::new();
    for job in done {
        match job {
            Done::Surface(json) => surface = json,
            Done::Part(part) => {
                let part = part?;
                texts.push(part.text);
                used.extend(part.used);
            }
        }
    }
    if let Some(cache) = cache {
        cache.replace(used);
    }
    Ok((texts, surface))
}

/// The text of the run's shared chunks formatted so far, by their keys.
type SharedTexts = Mutex<HashMap<cache::Key, Arc<str>>>;

/// One part's chunks, each taken from `cache` or `shared`, or formatted, and joined.
fn format_part<'a>(
    api: &'a Api,
    part: &Part<'a>,
    shorten: bool,
    cache: Option<&FormatCache>,
    shared: &SharedTexts,
) -> std::result::Result<Formatted, Diagnostic> {
    let mut separated = format::Separated::default();
    let mut used = Vec::new();
    for chunk in emit_part(api, &part.kind) {
        let is_shared = chunk.is_shared();
        let lines = chunk.lines();
        let key = (cache.is_some() || is_shared).then(|| chunk.key(shorten));
        let cached = cache.zip(key).and_then(|(cache, key)| cache.get(key));
        let formatted_before = || key.filter(|_| is_shared).and_then(|key| lock(shared).get(&key).cloned());
        let reused = cached.cloned().or_else(formatted_before);
        let formatted = reused.is_none();
        let text = match reused {
            Some(text) => text,
            None => {
                let tokens = chunk.into_tokens();
                let shortened = |file: &mut syn::File| {
                    if shorten {
                        prelude::shorten_file(file);
                    }
                };
                let text: Arc<str> = format::print(tokens, shortened)
                    .map_err(|error| bug(&format!("generated {} does not parse as Rust ({error})", part.path)))?
                    .into();
                if let Some(key) = key.filter(|_| is_shared) {
                    lock(shared).insert(key, Arc::clone(&text));
                }
                text
            }
        };
        let kept = lines.of(&text).ok_or_else(|| {
            bug(&format!("generated {}: a chunk made as a member of an `impl` block was not printed as one", part.path))
        })?;
        separated.push(kept);
        if let Some(key) = key {
            used.push(cache::Used { key, text, formatted });
        }
    }
    Ok(Formatted { text: separated.text, used })
}

/// What `mutex` holds, also after a thread panicked while holding it: the shared texts and the
/// finished items are each changed in one step (an entry inserted, a thread's results added), so
/// what they hold is whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `work` done on each of `items`, on as many threads as there are cores (this one among them),
/// the results in the items' order. Each thread takes the next item as it finishes one, so items
/// are started in order. `None` if a thread panicked.
///
/// Two things a small spec's run would otherwise wait for are left off this thread. Asking how
/// many cores there are reads the control group's files (60 µs here, a fiftieth of a small
/// spec's run), so the first helper asks, and starts the others, while this thread works. And no
/// helper is joined: its results are handed over as its work ends, and the scope waits for that
/// alone, not for the thread to be torn down (its allocator's pages returned, its stack let go).
fn map_in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Option<Vec<R>> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(items.len()));
    let panicked = AtomicBool::new(false);
    let take_items = || {
        let taken = panic::catch_unwind(panic::AssertUnwindSafe(|| {
            let mut taken = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break taken };
                taken.push((index, work(item)));
            }
        }));
        match taken {
            Ok(taken) => lock(&done).extend(taken),
            Err(_) => panicked.store(true, Ordering::Relaxed),
        }
    };
    let take_items = &take_items;
    thread::scope(|scope| {
        if items.len() > 1 {
            start_helper(scope, move || {
                let threads = thread::available_parallelism().map_or(1, NonZeroUsize::get).min(items.len());
                if threads > 1 {
                    (2..threads).for_each(|_| start_helper(scope, take_items));
                    take_items();
                }
            });
        }
        // This thread works too, rather than waiting: one thread fewer to start.
        take_items();
    });
    if panicked.into_inner() {
        return None;
    }
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(index, _)| *index);
    Some(done.into_iter().map(|(_, result)| result).collect())
}

/// Starts `work` on a thread of `scope`'s; a thread that cannot be started leaves its share of the
/// items to the others.
fn start_helper<'scope>(scope: &'scope thread::Scope<'scope, '_>, work: impl FnOnce() + Send + 'scope) {
    let _ = thread::Builder::new().spawn_scoped(scope, work);
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
