//! Parameter values: any value generated code passes is read through serde into text, and written
//! into the path, query, headers or cookies in the parameter's OpenAPI style.

use std::fmt::Write as _;

use serde_json::Value;

use crate::path;
use crate::tables::Style;

/// A parameter's value as text: absent (an unset optional), one value, several (a list), or named
/// values (an object's properties).
#[derive(Clone, PartialEq)]
pub enum ArgumentValue {
    Absent,
    One(String),
    Many(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// Argument values carry no secrets by type, but a header argument may be one: never print them.
impl std::fmt::Debug for ArgumentValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ArgumentValue::Absent => "Absent",
            ArgumentValue::One(_) => "One(..)",
            ArgumentValue::Many(_) => "Many(..)",
            ArgumentValue::Pairs(_) => "Pairs(..)",
        })
    }
}

impl ArgumentValue {
    /// The value as parameters carry it: `null` is absent, scalars are their text, a list is its
    /// items, an object its properties; what is nested deeper is JSON text. With the `Json` style,
    /// the whole value is JSON text; in a delimited style, a list is one text of its items
    /// between delimiters, in any location.
    pub fn of(value: Value, style: Style) -> ArgumentValue {
        match (value, style) {
            (Value::Null, _) => ArgumentValue::Absent,
            (value, Style::Json) => ArgumentValue::One(value.to_string()),
            (Value::Array(items), _) => {
                let items = items.into_iter().filter(|v| !v.is_null()).map(text);
                match delimiter(style) {
                    Some(delimiter) => ArgumentValue::One(items.collect::<Vec<_>>().join(delimiter)),
                    None => ArgumentValue::Many(items.collect()),
                }
            }
            (Value::Object(entries), _) => ArgumentValue::Pairs(
                entries.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, text(v))).collect(),
            ),
            (scalar, _) => ArgumentValue::One(text(scalar)),
        }
    }

    /// The value as one piece of text, as paths and headers write it (`simple` style).
    pub fn simple(&self, explode: bool) -> Option<String> {
        Some(match self {
            ArgumentValue::Absent => return None,
            ArgumentValue::One(value) => value.clone(),
            ArgumentValue::Many(values) => values.join(","),
            ArgumentValue::Pairs(pairs) => {
                let joined = pairs.iter().map(|(k, v)| if explode { format!("{k}={v}") } else { format!("{k},{v}") });
                joined.collect::<Vec<_>>().join(",")
            }
        })
    }

    /// Appends the value to a query string as `name` in `style`, each piece percent-encoded.
    pub fn write_query(&self, url: &mut String, name: &str, style: Style) {
        let encode = |text: &str| path::encode(text).to_string();
        let mut pair = |key: &str, value: &str| {
            let separator = if url.contains('?') { '&' } else { '?' };
            let _ = write!(url, "{separator}{key}={value}");
        };
        let joined =
            |values: &[String], separator: &str| values.iter().map(|v| encode(v)).collect::<Vec<_>>().join(separator);
        match (self, style) {
            (ArgumentValue::Absent, _) => {}
            (ArgumentValue::One(value), _) => pair(&encode(name), &encode(value)),
            (ArgumentValue::Many(values), Style::Form { explode: true }) => {
                for value in values {
                    pair(&encode(name), &encode(value));
                }
            }
            (ArgumentValue::Many(values), _) => pair(&encode(name), &joined(values, ",")),
            (ArgumentValue::Pairs(pairs), Style::DeepObject) => {
                for (key, value) in pairs {
                    pair(&format!("{}[{}]", encode(name), encode(key)), &encode(value));
                }
            }
            (ArgumentValue::Pairs(pairs), Style::Form { explode: true }) => {
                for (key, value) in pairs {
                    pair(&encode(key), &encode(value));
                }
            }
            (ArgumentValue::Pairs(pairs), _) => {
                let flat: Vec<String> = pairs.iter().flat_map(|(k, v)| [encode(k), encode(v)]).collect();
                pair(&encode(name), &flat.join(","));
            }
        }
    }

    /// The `name=value` pairs a `Cookie` header carries for this value.
    pub fn cookies(&self, name: &str) -> Vec<String> {
        match self {
            ArgumentValue::Absent => Vec::new(),
            ArgumentValue::Pairs(pairs) => pairs.iter().map(|(k, v)| format!("{k}={v}")).collect(),
            other => other.simple(false).map(|value| format!("{name}={value}")).into_iter().collect(),
        }
    }
}

/// What separates a list's items in a delimited style.
fn delimiter(style: Style) -> Option<&'static str> {
    match style {
        Style::SpaceDelimited => Some(" "),
        Style::PipeDelimited => Some("|"),
        Style::TabDelimited => Some("\t"),
        Style::Simple { .. } | Style::Form { .. } | Style::DeepObject | Style::Json => None,
    }
}

/// A scalar as text; anything else as JSON text.
fn text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(value: Value, style: Style) -> String {
        let mut url = String::new();
        ArgumentValue::of(value, style).write_query(&mut url, "q", style);
        url
    }

    #[test]
    fn query_styles() {
        let list = json!(["a b", "c"]);
        assert_eq!(query(list.clone(), Style::Form { explode: true }), "?q=a%20b&q=c");
        assert_eq!(query(list.clone(), Style::Form { explode: false }), "?q=a%20b,c");
        assert_eq!(query(list.clone(), Style::SpaceDelimited), "?q=a%20b%20c");
        assert_eq!(query(list.clone(), Style::PipeDelimited), "?q=a%20b%7Cc");
        assert_eq!(query(list, Style::TabDelimited), "?q=a%20b%09c");
        let object = json!({"role": "admin", "first": "Al x"});
        assert_eq!(query(object.clone(), Style::DeepObject), "?q[role]=admin&q[first]=Al%20x");
        assert_eq!(query(object.clone(), Style::Form { explode: true }), "?role=admin&first=Al%20x");
        assert_eq!(query(object, Style::Form { explode: false }), "?q=role,admin,first,Al%20x");
        assert_eq!(query(json!({"a": [1, 2]}), Style::Json), "?q=%7B%22a%22%3A%5B1%2C2%5D%7D");
        assert_eq!(query(json!(null), Style::Form { explode: true }), "");
        assert_eq!(query(json!(true), Style::Form { explode: true }), "?q=true");
    }

    #[test]
    fn simple_style_and_cookies() {
        let object = ArgumentValue::of(json!({"a": 1, "b": "x"}), Style::Simple { explode: false });
        assert_eq!(object.simple(false).as_deref(), Some("a,1,b,x"));
        assert_eq!(object.simple(true).as_deref(), Some("a=1,b=x"));
        assert_eq!(
            ArgumentValue::of(json!([1, 2]), Style::Simple { explode: false }).simple(false).as_deref(),
            Some("1,2")
        );
        assert_eq!(ArgumentValue::of(json!("v"), Style::Form { explode: true }).cookies("session"), ["session=v"]);
    }

    #[test]
    fn delimited_lists_are_one_value_in_paths_and_headers() {
        let list = json!(["a", "b c", "d"]);
        let tabs = ArgumentValue::of(list.clone(), Style::TabDelimited);
        assert_eq!(tabs.simple(false).as_deref(), Some("a\tb c\td"));
        assert_eq!(ArgumentValue::of(list.clone(), Style::PipeDelimited).simple(false).as_deref(), Some("a|b c|d"));
        assert_eq!(ArgumentValue::of(list, Style::SpaceDelimited).simple(false).as_deref(), Some("a b c d"));
    }
}
