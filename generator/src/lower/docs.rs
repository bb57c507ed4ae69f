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

/// The longest headline, in characters, before it is cut at a word.
const HEADLINE_CHARS: usize = 100;

/// A line of docs made a headline, for `--help` listings and the top of a sample program: HTML's
/// tags dropped and spaces collapsed; when still longer than [`HEADLINE_CHARS`], its first
/// sentence, and when that is too, its words up to the limit and an ellipsis. Specs often have no
/// summary and a description of a paragraph on one line, which a listing of commands cannot show.
pub fn headline(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    for word in without_tags(line).split_whitespace() {
        if !plain.is_empty() {
            plain.push(' ');
        }
        plain.push_str(word);
    }
    if plain.chars().count() <= HEADLINE_CHARS {
        return plain;
    }
    let sentence_end = plain
        .match_indices(['.', '?', '!'])
        .find(|&(at, _)| {
            // Not after an abbreviation's inner dot (`e.g.`, `i.e.`).
            let word = || plain[..at].rsplit(' ').next().unwrap_or_default();
            at >= 16 && plain[at + 1..].starts_with(' ') && !word().contains('.')
        })
        .map(|(at, _)| at + 1);
    if let Some(end) = sentence_end.filter(|&end| plain[..end].chars().count() <= HEADLINE_CHARS) {
        return plain[..end].to_owned();
    }
    // Words up to the limit, leaving room for the ellipsis; text without spaces is cut anywhere.
    let limit = plain.char_indices().nth(HEADLINE_CHARS - 1).map_or(plain.len(), |(at, _)| at);
    let cut = plain[..limit].rfind(' ').filter(|&at| at > 0).unwrap_or(limit);
    format!("{}…", plain[..cut].trim_end_matches([',', ';', ':', ' ']))
}

/// HTML's tags that mark words within a line: dropped.
const INLINE_TAGS: [&str; 15] =
    ["a", "abbr", "b", "code", "em", "i", "kbd", "samp", "span", "strong", "sub", "sup", "tt", "u", "var"];

/// HTML's tags that separate what stands either side: a space. Any other `<name>` is text, such
/// as a placeholder (`<url>`).
const BLOCK_TAGS: [&str; 24] = [
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "important",
    "li",
    "note",
    "ol",
    "p",
    "pre",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// `text` without HTML's tags (`<p>`, `</code>`, `<a href="...">`, `<br/>`).
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.strip_prefix('/').unwrap_or(after);
        let name = &named[..named.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(named.len())];
        let is = |tags: &[&str]| !name.is_empty() && tags.iter().any(|tag| tag.eq_ignore_ascii_case(name));
        let close = after.find(['>', '<']).filter(|&at| after.as_bytes()[at] == b'>');
        match close {
            Some(close) if is(&INLINE_TAGS) => rest = &after[close + 1..],
            Some(close) if is(&BLOCK_TAGS) => {
                out.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

    #[test]
    fn a_long_line_is_headed_by_its_first_sentence_without_tags() {
        let line = "<p>Returns a set of temporary security credentials that you can use to access <code>resources</code>. \
                    These temporary credentials consist of an access key ID, a secret access key, and a security token.</p>";
        assert_eq!(
            headline(line),
            "Returns a set of temporary security credentials that you can use to access resources."
        );
        assert_eq!(headline("Lists tasks, 10 at a time (see <limit>)."), "Lists tasks, 10 at a time (see <limit>).");
        assert_eq!(headline("a < b and <b>bold</b><br/>next"), "a < b and bold next");
        assert_eq!(headline("<P>Gets <CODE>tasks</CODE>.</P>"), "Gets tasks.");
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_word() {
        let line = "word ".repeat(40);
        let cut = headline(&line);
        assert!(cut.ends_with("word…") && cut.chars().count() <= HEADLINE_CHARS, "{cut}");
        let unspaced = "字".repeat(150);
        assert_eq!(headline(&unspaced).chars().count(), HEADLINE_CHARS);
        // Short lines stay as written; a long one's sentence does not end at an abbreviation.
        assert_eq!(headline("Gets e.g. a task."), "Gets e.g. a task.");
        let line = format!("Lists the tasks of a group, e.g. those still running. {}", "More words. ".repeat(10));
        assert_eq!(headline(&line), "Lists the tasks of a group, e.g. those still running.");
    }
}
