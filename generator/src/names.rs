//! Rust names for wire names: idiomatic case, keywords escaped, never an invalid identifier.

use heck::{ToPascalCase, ToSnakeCase};

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

/// Makes `name` unique among `taken` by appending a number, and records it.
pub fn unique(name: String, taken: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
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
    fn unique_names() {
        let mut taken = vec![];
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a2");
        assert_eq!(unique("a".into(), &mut taken), "a3");
    }
}
