//! The spec edit that the "after an edit" figures regenerate for: words added to the first
//! description (or summary) under `paths`, as a user documenting an operation would. It changes
//! an operation's docs, so its request, method, command and sample program change with it.

/// `spec` with `Edited. ` added to the first plain description or summary under `paths` (or
/// `webhooks`, in a document of webhooks only); `None` when there is none to edit.
pub fn edited(spec: &str) -> Option<String> {
    let section = |name: &str| {
        let at_start = spec.starts_with(&format!("{name}:")).then_some(0);
        spec.find(&format!("\"{name}\"")).or_else(|| spec.find(&format!("\n{name}:"))).or(at_start)
    };
    let start = section("paths").or_else(|| section("webhooks"))?;
    ["description", "summary"].iter().find_map(|key| {
        let at = start + insertion_point(&spec[start..], key)?;
        Some(format!("{}Edited. {}", &spec[..at], &spec[at..]))
    })
}

/// Where the value of the first `key` in `text` starts, inside its quotes if it has them: JSON's
/// `"key": "value"` (spaces around the colon or not), or YAML's `key: value`, `key: 'value'` and
/// `key: "value"` (a block scalar, `|` or `>`, and a mapping or list are passed over).
fn insertion_point(text: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(key) {
        let at = from + found;
        from = at + key.len();
        let quoted = text[..at].ends_with('"') && text[from..].starts_with('"');
        // A YAML key stands after its indentation (`x-description` is another key).
        if !quoted && !text[..at].ends_with([' ', '\n']) {
            continue;
        }
        let after_key = if quoted { from + 1 } else { from };
        let after_colon = text[after_key..].trim_start_matches(' ');
        let Some(value) = after_colon.strip_prefix(':') else { continue };
        // YAML needs a space after the colon; JSON may have none.
        if !quoted && !value.starts_with(' ') {
            continue;
        }
        let value_at = text.len() - value.trim_start_matches(' ').len();
        match text[value_at..].chars().next() {
            Some('"' | '\'') => return Some(value_at + 1),
            Some(first) if first.is_alphanumeric() && !quoted => return Some(value_at),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::edited;

    #[test]
    fn the_first_description_under_paths_gets_words() {
        let json = r#"{"info": {"description": "API"}, "paths": {"/a": {"get": {"description": "Reads a."}}}}"#;
        assert_eq!(
            edited(json).as_deref(),
            Some(r#"{"info": {"description": "API"}, "paths": {"/a": {"get": {"description": "Edited. Reads a."}}}}"#)
        );
        let yaml = "info:\n  description: API\npaths:\n  /a:\n    get:\n      description: |\n        Long.\n      \
                    responses:\n        '200':\n          description: OK\n";
        assert!(edited(yaml).expect("an edit").contains("description: Edited. OK"), "a block scalar is passed over");
        let quoted = "paths:\n  /a:\n    get:\n      summary: 'Reads a.'\n";
        assert_eq!(edited(quoted).as_deref(), Some("paths:\n  /a:\n    get:\n      summary: 'Edited. Reads a.'\n"));
        assert_eq!(edited("paths: {}\n"), None);
        let spaced = r#"{ "paths" : { "/a" : { "get" : { "summary" : "Reads a." } } } }"#;
        assert_eq!(
            edited(spaced).as_deref(),
            Some(r#"{ "paths" : { "/a" : { "get" : { "summary" : "Edited. Reads a." } } } }"#)
        );
        let property = "paths:\n  /a:\n    get:\n      x-description: b\n      description: Reads a.\n";
        assert!(edited(property).expect("an edit").contains("description: Edited. Reads a."));
    }
}
