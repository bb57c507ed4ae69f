//! Rustdoc lines for generated items: the spec's descriptions, then limits and defaults.

use crate::ir::{Bound, Rules};

/// A description as doc lines, trailing whitespace and blank edges removed.
pub fn paragraphs(description: Option<&str>) -> Vec<String> {
    let Some(text) = description else {
        return Vec::new();
    };
    let lines: Vec<String> = text.trim().lines().map(|line| line.trim_end().to_owned()).collect();
    if lines.iter().all(String::is_empty) { Vec::new() } else { lines }
}

/// Joins blocks of doc lines with a blank line between non-empty blocks.
pub fn join(blocks: impl IntoIterator<Item = Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for block in blocks.into_iter().filter(|b| !b.is_empty()) {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(block);
    }
    out
}

/// One line per constraint, and the default, as a reader of the docs wants them.
pub fn rule_lines(rules: &Rules, default: Option<&serde_json::Value>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(line) = range_line("Length", rules.min_length, rules.max_length, " characters") {
        lines.push(line);
    }
    if let Some(pattern) = &rules.pattern {
        lines.push(format!("Pattern: `{pattern}`."));
    }
    if let Some(line) = bound_line(rules.minimum, rules.maximum) {
        lines.push(line);
    }
    if let Some(multiple) = rules.multiple_of {
        lines.push(format!("Multiple of {multiple}."));
    }
    if !rules.allowed_numbers.is_empty() {
        let allowed: Vec<String> = rules.allowed_numbers.iter().map(f64::to_string).collect();
        lines.push(format!("One of: {}.", allowed.join(", ")));
    }
    if let Some(line) = range_line("Items", rules.min_items, rules.max_items, "") {
        lines.push(line);
    }
    if let Some(each) = &rules.items {
        lines.extend(rule_lines(each, None).into_iter().map(|line| format!("Each item: {line}")));
    }
    if let Some(default) = default {
        lines.push(format!("Default: `{default}`."));
    }
    lines
}

fn range_line(what: &str, min: Option<usize>, max: Option<usize>, unit: &str) -> Option<String> {
    Some(match (min, max) {
        (Some(min), Some(max)) if min == max => format!("{what}: exactly {min}{unit}."),
        (Some(min), Some(max)) => format!("{what}: {min} to {max}{unit}."),
        (Some(min), None) => format!("{what}: at least {min}{unit}."),
        (None, Some(max)) => format!("{what}: at most {max}{unit}."),
        (None, None) => return None,
    })
}

fn bound_line(min: Option<Bound>, max: Option<Bound>) -> Option<String> {
    let min = min.map(|b| format!("{} {}", b.value, if b.exclusive { "<" } else { "<=" }));
    let max = max.map(|b| format!("{} {}", if b.exclusive { "<" } else { "<=" }, b.value));
    match (min, max) {
        (None, None) => None,
        (min, max) => Some(format!(
            "Range: {}value{}.",
            min.map(|m| m + " ").unwrap_or_default(),
            max.map(|m| " ".to_owned() + &m).unwrap_or_default()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_as_sentences() {
        let rules = Rules { min_length: Some(1), max_length: Some(100), ..Rules::default() };
        assert_eq!(
            rule_lines(&rules, Some(&serde_json::json!(false))),
            ["Length: 1 to 100 characters.", "Default: `false`."]
        );
        let rules = Rules {
            minimum: Some(Bound { value: 0.0, exclusive: false }),
            maximum: Some(Bound { value: 10.0, exclusive: true }),
            ..Rules::default()
        };
        assert_eq!(rule_lines(&rules, None), ["Range: 0 <= value < 10."]);
    }

    #[test]
    fn blocks_join_with_blank_lines() {
        let joined = join([vec!["a".to_owned()], vec![], vec!["b".to_owned()]]);
        assert_eq!(joined, ["a", "", "b"]);
    }
}
