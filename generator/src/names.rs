//! Rust names for wire names: idiomatic case, keywords escaped, never an invalid identifier.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use heck::ToSnakeCase;

/// Words that cannot be identifiers as they are (2024 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A valid Rust identifier. A keyword is kept as its word and written raw (`r#type`), so the
/// word can also name things that are never identifiers (files, statics, wire comparisons).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustName {
    word: String,
    raw: bool,
}

impl RustName {
    /// The identifier's word, without `r#`: `type` for `r#type`.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// Whether it is written raw (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// A name known to be a valid, non-keyword identifier (the generator's own names).
    pub fn plain(word: &str) -> RustName {
        RustName { word: word.to_owned(), raw: false }
    }

    /// Makes `word` valid: a keyword becomes raw, or takes a `_` where it cannot be raw.
    fn valid(word: String, fallback: &str) -> RustName {
        let word = if word.is_empty() { fallback.to_owned() } else { word };
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            // `1` as a field is `_1`; as a type, `V1`.
            let word = if fallback.starts_with(|c: char| c.is_ascii_uppercase()) {
                format!("{}{word}", &fallback[..1])
            } else {
                format!("_{word}")
            };
            return RustName { word, raw: false };
        }
        if NOT_RAW.contains(&word.as_str()) {
            return RustName { word: format!("{word}_"), raw: false };
        }
        let raw = KEYWORDS.contains(&word.as_str());
        RustName { word, raw }
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.word)
    }
}

/// Keeps only characters that can appear in an identifier, turning the rest into word breaks.
fn words(wire: &str) -> String {
    wire.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `wire`'s words as heck splits them, in snake case: `RetryTaskGroup` -> `retry_task_group`.
///
/// Every case is made from these. heck splits a text into the same words whatever the case it
/// writes, and [`words`] leaves only ASCII letters, digits and spaces, so a word holds no `_` and
/// the snake case text gives the words back; heck's other cases are these words upper-cased,
/// capitalized or joined by `-` (`cases_are_heck_s` holds this). Splitting is most of heck's
/// cost, so it is done once per wire name.
fn snake_words(wire: &str) -> String {
    thread_local! {
        static SPLIT: RefCell<HashMap<String, String>> = RefCell::default();
    }
    SPLIT.with(|split| {
        if let Some(words) = split.borrow().get(wire) {
            return words.clone();
        }
        let snake = words(wire).to_snake_case();
        split.borrow_mut().insert(wire.to_owned(), snake.clone());
        snake
    })
}

/// `retry_task_group` -> `RetryTaskGroup`: each word capitalized.
fn pascal_words(snake: &str) -> String {
    let mut pascal = String::with_capacity(snake.len());
    for word in snake.split('_') {
        let mut chars = word.chars();
        pascal.extend(chars.next().map(|first| first.to_ascii_uppercase()));
        pascal.push_str(chars.as_str());
    }
    pascal
}

/// `migrate_failed_object`, `group-id`, `type` -> `migrate_failed_object`, `group_id`, `r#type`.
pub fn snake(wire: &str) -> RustName {
    thread_local! {
        static SNAKE: Known = RefCell::default();
    }
    SNAKE.with(|known| remembered(known, wire, |wire| RustName::valid(snake_words(wire), "value")))
}

/// `RetryTaskGroupReq`, `in-progress`, `1` -> `RetryTaskGroupReq`, `InProgress`, `V1`.
pub fn pascal(wire: &str) -> RustName {
    thread_local! {
        static PASCAL: Known = RefCell::default();
    }
    PASCAL.with(|known| remembered(known, wire, |wire| RustName::valid(pascal_words(&snake_words(wire)), "Value")))
}

/// Names made before, by their wire names. Lowering asks for the same names again and again (a big
/// spec's field and schema names, tens of thousands of times), and changing case is most of a
/// call's cost, so each answer is kept.
type Known = RefCell<HashMap<String, RustName>>;

fn remembered(known: &Known, wire: &str, make: fn(&str) -> RustName) -> RustName {
    if let Some(name) = known.borrow().get(wire) {
        return name.clone();
    }
    let name = make(wire);
    known.borrow_mut().insert(wire.to_owned(), name.clone());
    name
}

/// `retry_task_group` -> `RETRY_TASK_GROUP`, for statics; `1` -> `_1`.
pub fn shouty(wire: &str) -> RustName {
    let word = snake_words(wire).to_ascii_uppercase();
    let word = match word.chars().next() {
        None => "VALUE".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("_{word}"),
        Some(_) => word,
    };
    RustName { word, raw: false }
}

/// `RetryTaskGroup` -> `retry-task-group`, for commands and flags; never empty.
pub fn kebab(wire: &str) -> String {
    let name = snake_words(wire).replace('_', "-");
    if name.is_empty() { "value".to_owned() } else { name }
}

/// Makes `name` unique among `taken` by appending a number, and records it.
pub fn unique(name: RustName, taken: &mut HashSet<String>) -> RustName {
    let word = unique_word(name.word.clone(), taken);
    // A numbered keyword is no longer a keyword.
    let raw = name.raw && word == name.word;
    RustName { word, raw }
}

/// [`unique`] for names that are not identifiers (flags, commands).
pub fn unique_word(word: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = word.clone();
    // `Self_` and `self_` (escaped keywords) take the number in place of the underscore.
    let stem = word.strip_suffix('_').filter(|stem| !stem.is_empty()).unwrap_or(&word);
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{stem}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("migrate_failed_object", "migrate_failed_object"),
            ("X-Auth-Token", "x_auth_token"),
            ("RetryTaskGroup", "retry_task_group"),
            ("find pet by id", "find_pet_by_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("1st", "_1st"),
            ("a.b", "a_b"),
            ("%%", "value"),
        ];
        for (wire, rust) in cases {
            assert_eq!(snake(wire).to_string(), rust, "{wire}");
        }
        assert_eq!(snake("type").word(), "type");
    }

    #[test]
    fn pascal_names() {
        let cases =
            [("in-progress", "InProgress"), ("Foo Bar", "FooBar"), ("1", "V1"), ("KMS", "Kms"), ("Self", "Self_")];
        for (wire, rust) in cases {
            assert_eq!(pascal(wire).to_string(), rust, "{wire}");
        }
        assert_eq!(pascal("").to_string(), "Value");
    }

    #[test]
    fn shouty_and_kebab_names() {
        assert_eq!(shouty("retry_task_group").to_string(), "RETRY_TASK_GROUP");
        assert_eq!(shouty("_1").to_string(), "_1");
        assert_eq!(shouty("").to_string(), "VALUE");
        assert_eq!(kebab("RetryTaskGroup"), "retry-task-group");
        assert_eq!(kebab("%"), "value");
    }

    /// Each case as heck writes it from the words.
    fn heck_s(wire: &str) -> [String; 4] {
        use heck::{ToKebabCase, ToPascalCase, ToShoutySnakeCase};
        let words = words(wire);
        [words.to_snake_case(), words.to_pascal_case(), words.to_shouty_snake_case(), words.to_kebab_case()]
    }

    fn ours(wire: &str) -> [String; 4] {
        let snake = snake_words(wire);
        [snake.clone(), pascal_words(&snake), snake.to_ascii_uppercase(), snake.replace('_', "-")]
    }

    #[test]
    fn cases_are_heck_s() {
        let wires = [
            "",
            "a",
            "A",
            "HTTPServer",
            "XMLHttpRequest",
            "getHTTPResponseCode",
            "IDs",
            "iOS",
            "ABC123def",
            "a1B2c3",
            "v1.2.3",
            "snake_case_name",
            "kebab-case-name",
            "SCREAMING_SNAKE",
            "with spaces  and\ttabs",
            "__x__",
            "9lives",
            "OAuth2Client",
            "x-amz-date",
            "Ünïcödé näme",
            "ΣΑΣ",
            "日本語",
            "$ref",
            "a--b",
            "AbCdEf",
            "ABc",
        ];
        for wire in wires {
            assert_eq!(ours(wire), heck_s(wire), "{wire:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cases_are_heck_s_for_any_text(wire in "([a-zA-Z0-9]{1,4}[ _.\\-]?){0,5}|.{0,12}") {
            proptest::prop_assert_eq!(ours(&wire), heck_s(&wire), "{:?}", wire);
        }

        #[test]
        fn every_name_is_a_valid_identifier(wire in ".{0,12}") {
            for name in [snake(&wire), pascal(&wire), shouty(&wire)] {
                let text = name.to_string();
                proptest::prop_assert!(syn::parse_str::<syn::Ident>(&text).is_ok() && text != "_", "{wire:?} -> {text:?}");
            }
        }
    }

    #[test]
    fn unique_names() {
        let mut taken = HashSet::new();
        assert_eq!(unique(snake("a"), &mut taken).to_string(), "a");
        assert_eq!(unique(snake("a"), &mut taken).to_string(), "a2");
        assert_eq!(unique(snake("a"), &mut taken).to_string(), "a3");
        assert_eq!(unique(pascal("Self"), &mut taken).to_string(), "Self_");
        assert_eq!(unique(pascal("Self"), &mut taken).to_string(), "Self2");
        assert_eq!(unique(snake("type"), &mut taken).to_string(), "r#type");
        assert_eq!(unique(snake("type"), &mut taken).to_string(), "type2");
    }
}
