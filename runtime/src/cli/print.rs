//! Printing an answer: `--query` (JMESPath) first, then `--output` as JSON, YAML, a table that fits
//! the terminal, or plain values for scripts.

use std::io::Write as _;

use comfy_table::{ContentArrangement, Table};
use serde_json::{Map, Value};

use super::query::Query;
use crate::error::Error;

/// What a command has to print.
#[derive(Debug)]
pub enum Answer {
    Nothing,
    /// A JSON answer, as the service sent it (secrets masked).
    Json(Value),
    /// A text answer, or a request shown by `--dry-run`.
    Text(String),
    /// An answer of bytes, written as they are.
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Table,
    Value,
}

/// A table cell shows at most this many characters of a nested value.
const NESTED_CELL_CHARS: usize = 60;
/// The widest a column is counted when choosing which columns fit.
const WIDEST_COLUMN: usize = 40;

pub struct Printer {
    format: Format,
    query: Option<Query>,
    /// The answer's field that holds a list's items, when the spec names one.
    items: Option<&'static str>,
}

impl Printer {
    pub fn new(format: Format, query: Option<&str>, items: Option<&'static str>) -> Result<Printer, Error> {
        let query = query.map(Query::compile).transpose()?;
        Ok(Printer { format, query, items })
    }

    /// Prints `answer` on standard output.
    pub fn print(&self, answer: &Answer) -> Result<(), Error> {
        let rendered;
        let text = match answer {
            Answer::Nothing => return Ok(()),
            Answer::Text(text) => text,
            Answer::Bytes(bytes) => return write_stdout(bytes),
            Answer::Json(value) => {
                rendered = self.render(value)?;
                &rendered
            }
        };
        if text.is_empty() {
            return Ok(());
        }
        write_stdout(format!("{}\n", text.trim_end_matches('\n')).as_bytes())
    }

    /// The text `value` is printed as.
    pub fn render(&self, value: &Value) -> Result<String, Error> {
        let queried;
        let value = match &self.query {
            Some(query) => {
                queried = query.search(value)?;
                &queried
            }
            None => value,
        };
        Ok(match self.format {
            Format::Json => serde_json::to_string_pretty(value).unwrap_or_default(),
            Format::Yaml => {
                serde_yaml::to_string(value).map_err(|e| Error::Build(format!("cannot print as YAML: {e}")))?
            }
            Format::Value => plain(value),
            // A query chooses what is shown; the spec's items field applies to whole answers.
            Format::Table => table(value, if self.query.is_some() { None } else { self.items }, terminal_width()),
        })
    }
}

impl Printer {
    /// One item of an answer read as it arrives, as it is printed then: `--query` applied to it,
    /// then a line of JSON, a YAML document, or its plain values. `None` for a table, which is
    /// printed once every item has come ([`Printer::render_table`]).
    pub fn render_item(&self, item: &Value) -> Result<Option<String>, Error> {
        let item = self.queried(item)?;
        Ok(match self.format {
            Format::Json => Some(serde_json::to_string(&item).unwrap_or_default()),
            Format::Yaml => Some(format!(
                "---\n{}",
                serde_yaml::to_string(&item).map_err(|e| Error::Build(format!("cannot print as YAML: {e}")))?
            )),
            Format::Value => Some(plain(&item)),
            Format::Table => None,
        })
    }

    /// The items of an answer read as it arrived, `--query` applied to each, as one table.
    pub fn render_table(&self, items: &[Value]) -> Result<String, Error> {
        let rows = items.iter().map(|item| self.queried(item)).collect::<Result<Vec<Value>, Error>>()?;
        Ok(table(&Value::Array(rows), None, terminal_width()))
    }

    fn queried(&self, value: &Value) -> Result<Value, Error> {
        match &self.query {
            Some(query) => query.search(value),
            None => Ok(value.clone()),
        }
    }
}

/// Writes `bytes` on standard output; a reader that has gone (`oms ... | head`) is no error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Config(format!("cannot write to standard output: {error}")))
        }
        _ => Ok(()),
    }
}

/// `--output value`: scalars as they are, one line per item of a list, an object's (or a row's)
/// values separated by tabs.
fn plain(value: &Value) -> String {
    let line = |value: &Value| match value {
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("\t"),
        Value::Object(fields) => fields.values().map(cell).collect::<Vec<_>>().join("\t"),
        scalar => cell(scalar),
    };
    match value {
        Value::Array(items) => items.iter().map(line).collect::<Vec<_>>().join("\n"),
        other => line(other),
    }
}

/// A value as one cell: text as it is, nested values as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        nested => value_text(nested),
    }
}

fn value_text(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= NESTED_CELL_CHARS {
        return text;
    }
    let cut: String = text.chars().take(NESTED_CELL_CHARS - 1).collect();
    format!("{cut}…")
}

/// The terminal's width: `COLUMNS` when set, else standard output's when it is a terminal.
fn terminal_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|columns| columns.parse().ok()).filter(|c| *c > 0);
    let terminal = || std::io::IsTerminal::is_terminal(&std::io::stdout());
    columns.or_else(|| {
        terminal()
            .then(|| console::Term::stdout().size_checked().map(|(_rows, columns)| usize::from(columns)))
            .flatten()
    })
}

/// `--output table`: one row per item of a list (the answer's items field, or its only list of
/// objects), else one row per field; columns that do not fit `width` are left out and named.
fn table(value: &Value, items_field: Option<&str>, width: Option<usize>) -> String {
    let rows: Option<&Vec<Value>> = match value {
        Value::Array(items) => Some(items),
        Value::Object(fields) => list_of(fields, items_field),
        _ => None,
    };
    match (rows, value) {
        (Some(rows), _) if rows.iter().all(Value::is_object) => {
            let objects: Vec<&Map<String, Value>> = rows.iter().filter_map(Value::as_object).collect();
            let mut columns: Vec<&str> = Vec::new();
            for object in &objects {
                for key in object.keys() {
                    if !columns.contains(&key.as_str()) {
                        columns.push(key);
                    }
                }
            }
            let cells: Vec<Vec<String>> = objects
                .iter()
                .map(|object| columns.iter().map(|c| object.get(*c).map(cell).unwrap_or_default()).collect())
                .collect();
            render(&columns, &cells, width)
        }
        (Some(rows), _) => render(&["value"], &rows.iter().map(|row| vec![cell(row)]).collect::<Vec<_>>(), width),
        (None, Value::Object(fields)) => {
            let cells: Vec<Vec<String>> = fields.iter().map(|(key, value)| vec![key.clone(), cell(value)]).collect();
            render_arranged(&["field", "value"], &cells, width)
        }
        (None, scalar) => cell(scalar),
    }
}

/// The list of objects `fields` holds: the named field, else its only list of objects.
fn list_of<'v>(fields: &'v Map<String, Value>, named: Option<&str>) -> Option<&'v Vec<Value>> {
    if let Some(Value::Array(items)) = named.and_then(|name| fields.get(name)) {
        return Some(items);
    }
    let mut lists = fields.values().filter_map(|value| match value {
        Value::Array(items) if items.first().is_some_and(Value::is_object) => Some(items),
        _ => None,
    });
    match (lists.next(), lists.next()) {
        (Some(items), None) => Some(items),
        _ => None,
    }
}

/// A table of the columns that fit `width`, in order; a last line names those left out.
fn render(columns: &[&str], rows: &[Vec<String>], width: Option<usize>) -> String {
    let natural = |index: usize| {
        let widest = rows.iter().map(|row| row[index].chars().count()).max().unwrap_or(0);
        widest.max(columns[index].len()).min(WIDEST_COLUMN) + 2
    };
    let mut shown = Vec::new();
    let mut used = 0;
    // Columns keep the answer's order: the first that does not fit ends the table.
    for index in 0..columns.len() {
        let needed = natural(index);
        if !shown.is_empty() && width.is_some_and(|width| used + needed > width) {
            break;
        }
        shown.push(index);
        used += needed;
    }
    let header: Vec<&str> = shown.iter().map(|&index| columns[index]).collect();
    let cells: Vec<Vec<String>> =
        rows.iter().map(|row| shown.iter().map(|&index| row[index].clone()).collect()).collect();
    let mut text = render_arranged(&header, &cells, width);
    let left_out: Vec<&str> = (0..columns.len()).filter(|index| !shown.contains(index)).map(|i| columns[i]).collect();
    if !left_out.is_empty() {
        text.push_str(&format!(
            "\n({} more columns: {}; choose with --query, or see all with --output json)",
            left_out.len(),
            left_out.join(", ")
        ));
    }
    text
}

/// A table with `header`, its cells wrapped to fit `width` when there is one.
fn render_arranged(header: &[&str], rows: &[Vec<String>], width: Option<usize>) -> String {
    let mut table = Table::new();
    table.load_preset(comfy_table::presets::NOTHING);
    table.set_header(header.iter().map(|name| name.to_uppercase()));
    for row in rows {
        table.add_row(row);
    }
    // Columns two spaces apart, none before the first.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    if let Some(width) = width.and_then(|width| u16::try_from(width).ok()) {
        table.set_content_arrangement(ContentArrangement::Dynamic).set_width(width);
    }
    table.lines().map(|line| line.trim_end().to_owned()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn printed(format: Format, query: Option<&str>, value: Value) -> String {
        Printer::new(format, query, Some("tasks")).unwrap().render(&value).unwrap()
    }

    #[test]
    fn queries_pick_values_for_scripts() {
        let answer = json!({"count": 2, "tasks": [{"id": 1, "name": "a"}, {"id": 2, "name": "b c"}]});
        assert_eq!(printed(Format::Value, Some("tasks[].id"), answer.clone()), "1\n2");
        assert_eq!(printed(Format::Value, Some("count"), answer.clone()), "2");
        assert_eq!(printed(Format::Value, Some("tasks[1].name"), answer.clone()), "b c");
        assert_eq!(printed(Format::Value, Some("tasks"), answer.clone()), "1\ta\n2\tb c");
        assert_eq!(printed(Format::Json, Some("tasks[0]"), answer.clone()), "{\n  \"id\": 1,\n  \"name\": \"a\"\n}");
        assert_eq!(printed(Format::Yaml, Some("tasks[0]"), answer), "id: 1\nname: a\n");
        assert!(Printer::new(Format::Json, Some("tasks[?"), None).is_err());
    }

    #[test]
    fn lists_are_one_row_per_item_and_objects_one_row_per_field() {
        let answer = json!({"count": 2, "tasks": [{"id": 1, "name": "a"}, {"id": 2, "nested": {"k": [1]}}]});
        let rows = printed(Format::Table, None, answer);
        assert_eq!(rows, "ID  NAME  NESTED\n1   a\n2         {\"k\":[1]}");
        let fields = printed(Format::Table, None, json!({"id": 7, "status": "SUCCESS"}));
        assert_eq!(fields, "FIELD   VALUE\nid      7\nstatus  SUCCESS");
    }

    #[test]
    fn streamed_items_print_one_by_one_with_the_query_applied_to_each() {
        let item = json!({"id": 1, "text": "a b", "nested": {"k": [1]}});
        let render = |format, query| Printer::new(format, query, None).unwrap().render_item(&item).unwrap();
        assert_eq!(render(Format::Json, None).as_deref(), Some(r#"{"id":1,"text":"a b","nested":{"k":[1]}}"#));
        assert_eq!(render(Format::Json, Some("text")).as_deref(), Some(r#""a b""#));
        assert_eq!(render(Format::Value, Some("{id: id, text: text}")).as_deref(), Some("1\ta b"));
        assert_eq!(render(Format::Yaml, Some("nested")).as_deref(), Some("---\nk:\n- 1\n"));
        assert_eq!(render(Format::Table, None), None);
        let rows = Printer::new(Format::Table, Some("{id: id, text: text}"), None).unwrap();
        let table = rows.render_table(&[item.clone(), json!({"id": 2, "text": "c"})]).unwrap();
        assert_eq!(table, "ID  TEXT\n1   a b\n2   c");
    }

    #[test]
    fn columns_that_do_not_fit_are_named() {
        let answer = json!([{"first": "aaaaaaaaaa", "second": "bbbbbbbbbb", "third": "cccccccccc"}]);
        let narrow = table(&answer, None, Some(26));
        assert!(narrow.starts_with("FIRST       SECOND"), "{narrow}");
        assert!(narrow.ends_with("(1 more columns: third; choose with --query, or see all with --output json)"));
        assert!(!table(&answer, None, None).contains("more columns"));
    }
}
