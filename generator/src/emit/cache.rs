//! Formatted text kept between runs: most of a run's time is syn parsing the emitted tokens and
//! prettyplease printing them, and after an edit to a spec most items print as they did before.
//!
//! The cache maps a 128-bit hash of what a chunk is made from to the text prettyplease printed
//! for it: the chunk's tokens ([`tokens_key`]), or for a chunk made from one item of the
//! intermediate form alone, that item ([`item_key`]), so that a cached model or request is not
//! even emitted. An entry is right for any run whose chunk hashes the same, whatever the spec.
//! It says nothing about which generator made the text: the file records the build of the
//! program that wrote it ([`FormatCache::read`]), and a cache written by another build is not
//! read.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Write as _};
use std::path::Path;
use std::sync::Arc;

use proc_macro2::TokenStream;

/// What a cache file starts with, before the build it was written by.
const MAGIC: &str = "openapi-client-generator format cache 2\n";

/// The hash of a chunk's tokens, and of how they are shortened before printing.
pub type Key = u128;

/// Formatted text by the hash of what it was printed from.
///
/// The file grows by appending what each run formats anew, so that a run after a small edit
/// writes a few entries rather than the whole cache; when it holds more than twice the entries
/// the last run used, it is written again with those alone.
#[derive(Debug, Default)]
pub struct FormatCache {
    /// Shared with the run's parts, which hold the same texts.
    entries: HashMap<Key, Arc<str>>,
    /// The entries of the file as read, of this build: `None` when there was none to add to.
    in_file: Option<usize>,
    /// What the last run formatted anew, to be added to the file.
    formatted: Vec<(Key, Arc<str>)>,
    last_run: Reuse,
}

/// How the last run that used a cache went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Chunks whose text the cache held.
    pub reused: usize,
    /// Chunks emitted and formatted.
    pub formatted: usize,
}

/// A chunk's text in a run, and whether the run formatted it (rather than found it cached).
pub(super) struct Used {
    pub key: Key,
    pub text: Arc<str>,
    pub formatted: bool,
}

impl FormatCache {
    /// An empty cache: every chunk is formatted, and kept for the next run.
    pub fn new() -> FormatCache {
        FormatCache::default()
    }

    /// The cache written to `path` by the build `build` (any text that changes whenever the
    /// generator does, such as its executable's size and time). A missing file or one written by
    /// another build gives an empty cache, and a damaged one the entries before the damage: the
    /// run is only slower.
    pub fn read(path: &Path, build: &str) -> FormatCache {
        let decoded = fs::read(path).ok().and_then(|bytes| decode(&bytes, build));
        // A damaged file is written anew rather than added to.
        let in_file = decoded.as_ref().and_then(|(_, count, whole)| whole.then_some(*count));
        let entries = decoded.map(|(entries, _, _)| entries).unwrap_or_default();
        FormatCache { entries, in_file, formatted: Vec::new(), last_run: Reuse::default() }
    }

    /// Adds what the last run formatted to the file at `path`, for the build `build`; or, when
    /// there is no file of this build to add to, or it has grown to more than twice what the
    /// last run used, writes the file anew through a temporary file renamed into place, so that
    /// a reader never sees half of it. A file cut short by a crash loses only its last entry, and
    /// runs of the same crate at once each keep a whole file.
    pub fn write(&mut self, path: &Path, build: &str) -> io::Result<()> {
        let appending = self.in_file.filter(|in_file| in_file + self.formatted.len() <= 2 * self.entries.len() + 64);
        match appending {
            Some(_) if self.formatted.is_empty() => return Ok(()),
            Some(in_file) => {
                let mut file = fs::OpenOptions::new().append(true).open(path)?;
                let mut bytes = Vec::new();
                for (key, text) in &self.formatted {
                    encode_entry(&mut bytes, *key, text);
                }
                // Appended in one write. Should two runs' entries still interleave, or a crash
                // cut one short, the damaged entry fails its checksum when read, and reading
                // stops there.
                file.write_all(&bytes)?;
                self.in_file = Some(in_file + self.formatted.len());
            }
            None => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                // A name of this process's own, so that two runs never write the same file.
                let temporary = path.with_extension(format!("partial-{}", std::process::id()));
                fs::write(&temporary, encode(&self.entries, build))?;
                fs::rename(&temporary, path)?;
                self.in_file = Some(self.entries.len());
            }
        }
        self.formatted.clear();
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The text printed earlier for `key`.
    pub(super) fn get(&self, key: Key) -> Option<&Arc<str>> {
        self.entries.get(&key)
    }

    /// How the last run that used the cache went.
    pub fn last_run(&self) -> Reuse {
        self.last_run
    }

    /// Keeps exactly `used`, the chunks of a run, so that the cache never outgrows one crate.
    /// A chunk that many parts hold counts once, as formatted when the run formatted it (two
    /// parts may have formatted it at once).
    pub(super) fn replace(&mut self, used: Vec<Used>) {
        let mut formatted_keys = HashSet::new();
        let formatted: Vec<(Key, Arc<str>)> = used
            .iter()
            .filter(|used| used.formatted && formatted_keys.insert(used.key))
            .map(|used| (used.key, Arc::clone(&used.text)))
            .collect();
        self.entries = used.into_iter().map(|used| (used.key, used.text)).collect();
        self.last_run = Reuse { reused: self.entries.len() - formatted.len(), formatted: formatted.len() };
        self.formatted = formatted;
    }
}

/// The key of a chunk made already, `tokens`, with `shortened` (whether prelude paths are
/// shortened before printing, which changes the text).
///
/// The tokens are hashed as proc-macro2 prints them, which tells apart every two streams
/// emitters make: each token's text, whether a punctuation mark is joined to the next, and each
/// group's delimiters. (Only an invisible group, `Delimiter::None`, prints like its contents;
/// emitters make none.) Printing borrows the stream, where walking it would copy every group.
pub fn tokens_key(tokens: &TokenStream, shortened: bool) -> Key {
    let mut text = KeyText::new(b't', shortened);
    let _ = write!(text, "{tokens}");
    text.finish()
}

/// The key of a chunk that the emitter `emitter` makes from `item` alone, before it is made:
/// the item's derived `Debug` text, which holds every field of it (the intermediate form has no
/// `Debug` of its own making), so two items that emit differently never share a key.
pub fn item_key(emitter: &str, item: &dyn fmt::Debug, shortened: bool) -> Key {
    let mut text = KeyText::new(b'i', shortened);
    let _ = write!(text, "{emitter}\0{item:?}");
    text.finish()
}

/// The text a key is made of, after a byte for its kind and one for `shortened`; its key is the
/// text hashed by two SipHash states from different starts: 128 bits, so that distinct chunks of
/// even the biggest crates never share a key. The text is gathered before it is hashed, in one
/// pass: `Debug` writes it a few bytes at a time, and each call into a hasher costs more than the
/// bytes it is given. (Hashing bytes in one call or in many gives the same key.)
struct KeyText(Vec<u8>);

impl KeyText {
    fn new(kind: u8, shortened: bool) -> KeyText {
        let mut bytes = Vec::with_capacity(256);
        bytes.extend([kind, u8::from(shortened)]);
        KeyText(bytes)
    }

    fn finish(&self) -> Key {
        let (mut first, mut second) = (DefaultHasher::new(), DefaultHasher::new());
        second.write(b"second");
        first.write(&self.0);
        second.write(&self.0);
        (u128::from(first.finish()) << 64) | u128::from(second.finish())
    }
}

impl fmt::Write for KeyText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// The file: [`MAGIC`], the build and a newline, then per entry its key (16 bytes), the text's
/// length (8 bytes), a checksum of the two (8 bytes) and the text, little-endian.
fn encode(entries: &HashMap<Key, Arc<str>>, build: &str) -> Vec<u8> {
    let size = entries.values().map(|text| 24 + text.len()).sum::<usize>();
    let mut bytes = Vec::with_capacity(MAGIC.len() + build.len() + 1 + size);
    bytes.extend_from_slice(MAGIC.as_bytes());
    bytes.extend_from_slice(build.as_bytes());
    bytes.push(b'\n');
    // Sorted, so that the same entries always make the same file.
    let mut keys: Vec<&Key> = entries.keys().collect();
    keys.sort_unstable();
    for key in keys {
        encode_entry(&mut bytes, *key, &entries[key]);
    }
    bytes
}

fn encode_entry(bytes: &mut Vec<u8>, key: Key, text: &str) {
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&checksum(key, text.as_bytes()).to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
}

/// What an entry's text must hash to with its key, so that a torn or mixed entry is not read.
fn checksum(key: Key, text: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(&key.to_le_bytes());
    hasher.write(text);
    hasher.finish()
}

/// The entries of a file written by `build`, how many it holds, and whether it was read whole;
/// `None` for another build's. Reading stops at the first entry that is cut short, fails its
/// checksum or is not text.
fn decode(bytes: &[u8], build: &str) -> Option<(HashMap<Key, Arc<str>>, usize, bool)> {
    let mut rest = bytes.strip_prefix(MAGIC.as_bytes())?.strip_prefix(build.as_bytes())?.strip_prefix(b"\n")?;
    let (mut entries, mut count) = (HashMap::new(), 0);
    while !rest.is_empty() {
        let Some((key, text, after)) = decode_entry(rest) else { return Some((entries, count, false)) };
        entries.insert(key, text);
        count += 1;
        rest = after;
    }
    Some((entries, count, true))
}

fn decode_entry(bytes: &[u8]) -> Option<(Key, Arc<str>, &[u8])> {
    let (key, after) = bytes.split_first_chunk::<16>()?;
    let (length, after) = after.split_first_chunk::<8>()?;
    let (sum, after) = after.split_first_chunk::<8>()?;
    let length = usize::try_from(u64::from_le_bytes(*length)).ok()?;
    let (key, text) = (Key::from_le_bytes(*key), after.get(..length)?);
    if checksum(key, text) != u64::from_le_bytes(*sum) {
        return None;
    }
    Some((key, Arc::from(std::str::from_utf8(text).ok()?), &after[length..]))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn keys_tell_apart_what_prints_differently() {
        let key = |tokens: TokenStream| tokens_key(&tokens, false);
        assert_eq!(key(quote! { struct A { a: u8 } }), key(quote! { struct A { a: u8 } }));
        assert_ne!(key(quote! { struct A { a: u8 } }), key(quote! { struct A { a: u16 } }));
        assert_ne!(key(quote! { f(a, b) }), key(quote! { f[a, b] }));
        assert_ne!(key(quote! { a::b }), key(quote! { a: :b }));
        assert_ne!(key(quote! { a => b }), key(quote! { a = > b }));
        assert_ne!(key(quote! { "ab" }), key(quote! { "a" "b" }));
        assert_ne!(key(quote! { r#type }), key(quote! { type }));
        assert_ne!(tokens_key(&quote! { a }, false), tokens_key(&quote! { a }, true));
    }

    #[test]
    fn item_keys_tell_apart_items_emitters_and_shortening() {
        // An item's name and a limit, as a model holds them.
        let (a, b) = (("a", Some(0.1)), ("a", Some(0.10000000000000002)));
        assert_eq!(item_key("model", &a, true), item_key("model", &("a", Some(0.1)), true));
        assert_ne!(item_key("model", &a, true), item_key("model", &b, true));
        assert_ne!(item_key("model", &a, true), item_key("request", &a, true));
        assert_ne!(item_key("model", &a, true), item_key("model", &a, false));
        assert_ne!(item_key("model", &a, true), tokens_key(&quote! { a }, true));
    }

    fn used(key: Key, text: &str, formatted: bool) -> Used {
        Used { key, text: Arc::from(text), formatted }
    }

    #[test]
    fn a_cache_reads_back_what_was_written_by_the_same_build() {
        let dir = std::env::temp_dir().join(format!("format-cache-{}", std::process::id()));
        let path = dir.join("cache");
        let mut cache = FormatCache::new();
        cache.replace(vec![used(1, "struct A;\n", true), used(u128::MAX, "é\n", true)]);
        cache.write(&path, "build 1").unwrap();

        let read = FormatCache::read(&path, "build 1");
        let text = |key| read.get(key).map(|text| &**text);
        assert_eq!((read.len(), text(1), text(u128::MAX)), (2, Some("struct A;\n"), Some("é\n")));
        assert!(FormatCache::read(&path, "build 2").is_empty(), "another build's cache is not read");
        assert!(FormatCache::read(&dir.join("missing"), "build 1").is_empty());

        let mut damaged = fs::read(&path).unwrap();
        damaged.truncate(damaged.len() - 1);
        fs::write(&path, damaged).unwrap();
        let read = FormatCache::read(&path, "build 1");
        assert_eq!(read.len(), 1, "the entries before a cut are read");
        assert_eq!(read.in_file, None, "a damaged file is written anew, not added to");

        // An entry whose text changed (a torn write, two runs' entries mixed) is not read.
        let mut cache = FormatCache::new();
        cache.replace(vec![used(1, "struct A;\n", true), used(2, "struct B;\n", true)]);
        cache.write(&path, "build 1").unwrap();
        let mut bytes = fs::read(&path).unwrap();
        let at = bytes.windows(9).position(|window| window == b"struct B;").unwrap();
        bytes[at + 7] = b'C';
        fs::write(&path, bytes).unwrap();
        let read = FormatCache::read(&path, "build 1");
        assert_eq!((read.len(), read.get(2).is_none(), read.in_file), (1, true, None));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_chunk_many_parts_hold_counts_once() {
        let mut cache = FormatCache::new();
        // Formatted by one part and taken by two others; formatted by two parts at once.
        let run = [used(1, "a\n", true), used(1, "a\n", false), used(1, "a\n", false)];
        cache.replace(run.into_iter().chain([used(2, "b\n", true), used(2, "b\n", true)]).collect());
        assert_eq!(cache.last_run(), Reuse { reused: 0, formatted: 2 });
        assert_eq!((cache.len(), cache.formatted.len()), (2, 2));
        cache.replace(vec![used(1, "a\n", false), used(1, "a\n", false), used(3, "c\n", true)]);
        assert_eq!(cache.last_run(), Reuse { reused: 1, formatted: 1 });
    }

    #[test]
    fn a_run_adds_what_it_formatted_and_a_grown_file_is_written_anew() {
        let dir = std::env::temp_dir().join(format!("format-cache-grows-{}", std::process::id()));
        let path = dir.join("cache");
        let mut cache = FormatCache::new();
        cache.replace(vec![used(1, "a\n", true), used(2, "b\n", true)]);
        cache.write(&path, "build").unwrap();
        let written = fs::metadata(&path).unwrap().len();

        let mut cache = FormatCache::read(&path, "build");
        cache.replace(vec![used(1, "a\n", false)]);
        assert_eq!(cache.last_run(), Reuse { reused: 1, formatted: 0 });
        cache.write(&path, "build").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), written, "a run that formatted nothing writes nothing");

        let mut cache = FormatCache::read(&path, "build");
        assert_eq!(cache.len(), 2, "entries unused by one run stay in the file");
        cache.replace(vec![used(1, "a\n", false), used(3, "c\n", true)]);
        cache.write(&path, "build").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), written + 32 + 2, "the new entry is added");
        let cache = FormatCache::read(&path, "build");
        assert_eq!((cache.len(), cache.in_file), (3, Some(3)));

        // 100 runs, each formatting a new entry: the file stays within twice what a run uses.
        let mut cache = cache;
        for key in 10..110 {
            cache.replace(vec![used(1, "a\n", false), used(key, "x\n", true)]);
            cache.write(&path, "build").unwrap();
            cache = FormatCache::read(&path, "build");
        }
        assert!(cache.len() <= 2 * 2 + 64, "{} entries", cache.len());
        fs::remove_dir_all(&dir).unwrap();
    }
}
