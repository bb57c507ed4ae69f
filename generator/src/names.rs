//! Rust names for wire names: idiomatic case, keywords escaped, never an invalid identifier.

use std::collections::HashSet;

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// Words that cannot be identifiers as they are (2024 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers either.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Keeps only characters that can appear in an identifier, turning the rest into word breaks.
fn words(wire: &str) -> String {
    wire.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn make_valid(name: String, fallback: &str) -> String {
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        // `1` as a field is `_1`; as a type, `V1`.
        return if fallback.starts_with(|c: char| c.is_ascii_uppercase()) {
            format!("{}{name}", &fallback[..1])
        } else {
            format!("_{name}")
        };
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// `migrate_failed_object`, `group-id`, `type` -> `migrate_failed_object`, `group_id`, `r#type`.
pub fn snake(wire: &str) -> String {
    make_valid(words(wire).to_snake_case(), "value")
}

/// `RetryTaskGroupReq`, `in-progress`, `1` -> `RetryTaskGroupReq`, `InProgress`, `V1`.
pub fn pascal(wire: &str) -> String {
    make_valid(words(wire).to_pascal_case(), "Value")
}

/// `retry_task_group` -> `RETRY_TASK_GROUP`, for statics; `1` -> `_1`.
pub fn shouty(wire: &str) -> String {
    let name = words(wire).to_shouty_snake_case();
    match name.chars().next() {
        None => "VALUE".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("_{name}"),
        Some(_) => name,
    }
}

/// Makes `name` unique among `taken` by appending a number, and records it.
pub fn unique(name: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.clone();
    // `Self_` and `self_` (escaped keywords) take the number in place of the underscore.
    let stem = name.strip_suffix('_').filter(|stem| !stem.is_empty()).unwrap_or(&name);
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
        assert_eq!(snake("migrate_failed_object"), "migrate_failed_object");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("RetryTaskGroup"), "retry_task_group");
        assert_eq!(snake("find pet by id"), "find_pet_by_id");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("1st"), "_1st");
        assert_eq!(snake("a.b"), "a_b");
        assert_eq!(snake("%%"), "value");
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("in-progress"), "InProgress");
        assert_eq!(pascal("Foo Bar"), "FooBar");
        assert_eq!(pascal("1"), "V1");
        assert_eq!(pascal("KMS"), "Kms");
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(pascal(""), "Value");
    }

    #[test]
    fn shouty_names() {
        assert_eq!(shouty("retry_task_group"), "RETRY_TASK_GROUP");
        assert_eq!(shouty("_1"), "_1");
        assert_eq!(shouty(""), "VALUE");
    }

    proptest::proptest! {
        #[test]
        fn every_name_is_a_valid_identifier(wire in ".{0,12}") {
            for name in [snake(&wire), pascal(&wire), shouty(&wire)] {
                let parsed = match name.strip_prefix("r#") {
                    Some(raw) => syn::parse_str::<syn::Ident>(&format!("r#{raw}")),
                    None => syn::parse_str::<syn::Ident>(&name),
                };
                proptest::prop_assert!(parsed.is_ok() && name != "_", "{wire:?} -> {name:?}");
            }
        }
    }

    #[test]
    fn unique_names() {
        let mut taken = HashSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a2");
        assert_eq!(unique("a".into(), &mut taken), "a3");
        assert_eq!(unique("Self_".into(), &mut taken), "Self_");
        assert_eq!(unique("Self_".into(), &mut taken), "Self2");
    }
}
