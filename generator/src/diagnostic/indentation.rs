//! Lines that libyaml reads but yaml-rust2 refuses for their indentation: a flow collection's
//! closing `]` or `}` written under its key, and a quoted scalar's continuation lines written less
//! indented than the block it stands in (a certificate pasted at column 0). Inside a flow
//! collection or a quoted scalar, a line's leading spaces are not part of any value, so such a text
//! is read again with those lines moved right of the line the collection's content or the scalar
//! starts on, and each position read from it is moved back ([`Moved::original`]).

use yaml_rust2::scanner::ScanError;

use super::source::line_starts;

/// How much of a text the failed readings may have read, as a share of it, for another reading
/// with more lines moved: each costs a reading as far as the next such place, and serde_yaml,
/// which reads these texts as they are, takes about half as long again as a whole reading. Past
/// that share, another reading would cost more than it can save.
const REREAD_WHILE_FAILED_READ_BELOW: f64 = 0.5;

/// What yaml-rust2 says of a line less indented than a flow collection's content must be.
const FLOW_LINE: &str = "invalid indentation";

/// What yaml-rust2 says, at the opening quote, of a quoted scalar with such a line.
const QUOTED_LINE: &str = "invalid indentation in quoted scalar";

/// A text with some lines moved right: the spaces put at the start of each, by line.
#[derive(Debug)]
pub struct Moved {
    pub text: String,
    /// For each line moved: its start in `text`, the spaces put before it, and all put before it
    /// and on it.
    lines: Vec<(usize, usize, usize)>,
}

impl Moved {
    /// The offset in the original text of `offset` in the moved one. An offset within the spaces
    /// put on a line is that line's start.
    pub fn original(&self, offset: usize) -> usize {
        let moved_before = self.lines.partition_point(|&(start, _, _)| start <= offset);
        let Some(&(start, put, through)) = moved_before.checked_sub(1).and_then(|at| self.lines.get(at)) else {
            return offset;
        };
        let before = through - put;
        offset.saturating_sub(before).saturating_sub(put.min(offset - start))
    }
}

/// How long [`read_leniently`] goes on reading a text again with more lines moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rereading {
    /// While the failed readings have read less than `REREAD_WHILE_FAILED_READ_BELOW` of the
    /// text: for the spec's value, which serde_yaml reads otherwise, and for an index built ahead
    /// of need, which rendering builds otherwise.
    WhileCheaper,
    /// Until the text reads, or the error is not one this module moves lines for: for the
    /// positions index that rendering needs, which nothing else builds. Each reading moves a line
    /// more, so there are at most as many as the text has such places.
    ToTheEnd,
}

/// `read` of `text`, or of `text` with lines moved right when yaml-rust2 refuses them for their
/// indentation only (see the module's docs), as long as `rereading` says; `None` beside the value
/// when no line was moved. The error is the first reading's when moving lines does not make it
/// read.
pub fn read_leniently<T>(
    text: &str,
    rereading: Rereading,
    mut read: impl FnMut(&str) -> Result<T, ScanError>,
) -> Result<(T, Option<Moved>), ScanError> {
    let first_error = match read(text) {
        Ok(value) => return Ok((value, None)),
        Err(error) => error,
    };
    let mut error = first_error.clone();
    let mut lines = None;
    // In characters, as the parser counts: a text's bytes are as many or more.
    let mut failed_read = 0;
    loop {
        failed_read += error.marker().index();
        if rereading == Rereading::WhileCheaper
            && failed_read as f64 >= text.len() as f64 * REREAD_WHILE_FAILED_READ_BELOW
        {
            return Err(first_error);
        }
        let lines = lines.get_or_insert_with(|| Lines::of(text));
        let more = to_move(lines, &error).ok_or_else(|| first_error.clone())?;
        let mut moved_any = false;
        for (line, indent) in more {
            moved_any |= lines.indent(line, indent);
        }
        // The same error again would come of the same text.
        if !moved_any {
            return Err(first_error);
        }
        let moved = lines.moved();
        match read(&moved.text) {
            Ok(value) => return Ok((value, Some(moved))),
            Err(next) => error = next,
        }
    }
}

/// The lines of a text, each with the spaces to put before it.
struct Lines<'t> {
    text: &'t str,
    /// Each line's start in `text`.
    starts: Vec<usize>,
    put: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn of(text: &'t str) -> Lines<'t> {
        let starts = line_starts(text);
        let put = vec![0; starts.len()];
        Lines { text, starts, put }
    }

    /// Line `line` (0-based) as it now reads, without its line break.
    fn line(&self, line: usize) -> (usize, &'t str) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        (self.put[line], self.text[start..end].trim_end_matches('\r'))
    }

    /// Where line `line`'s text starts now, in columns.
    fn indent_of(&self, line: usize) -> usize {
        let (put, text) = self.line(line);
        put + text.len() - text.trim_start_matches(' ').len()
    }

    fn is_blank(&self, line: usize) -> bool {
        self.line(line).1.trim().is_empty()
    }

    /// Puts spaces before line `line` so that its text starts at column `indent` at least; whether
    /// any were needed.
    fn indent(&mut self, line: usize, indent: usize) -> bool {
        let more = indent.saturating_sub(self.indent_of(line));
        self.put[line] += more;
        more > 0
    }

    fn moved(&self) -> Moved {
        let mut text = String::with_capacity(self.text.len() + self.put.iter().sum::<usize>());
        let mut lines = Vec::new();
        let mut through = 0;
        for (line, &start) in self.starts.iter().enumerate() {
            let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
            let put = self.put[line];
            if put > 0 {
                through += put;
                lines.push((text.len(), put, through));
                text.extend(std::iter::repeat_n(' ', put));
            }
            text.push_str(&self.text[start..end]);
        }
        Moved { text, lines }
    }

    /// The nearest line before `line` with text on it.
    fn previous_with_text(&self, line: usize) -> Option<usize> {
        (0..line).rev().find(|&before| !self.is_blank(before))
    }
}

/// The lines to move, and the column each must start at least, for yaml-rust2's `error`; `None`
/// when the error is not one of a line's indentation inside a flow collection or quoted scalar.
fn to_move(lines: &Lines, error: &ScanError) -> Option<Vec<(usize, usize)>> {
    let mark = error.marker();
    let line = mark.line().checked_sub(1)?;
    if line >= lines.starts.len() {
        return None;
    }
    match error.info() {
        // A closing bracket: only a flow collection has one. It is moved as far as the line before,
        // which yaml-rust2 took as the collection's content (or which opened it).
        FLOW_LINE => {
            let (_, text) = lines.line(line);
            if !text.trim_start().starts_with([']', '}']) {
                return None;
            }
            let before = lines.previous_with_text(line)?;
            Some(vec![(line, lines.indent_of(before) + 1)])
        }
        // The scalar's lines after the first, as far as its closing quote, move right of the line
        // it opens on.
        QUOTED_LINE => {
            let (put, text) = lines.line(line);
            let quote_at = text.char_indices().nth(mark.col().checked_sub(put)?).map(|(at, _)| at)?;
            let quote = text[quote_at..].chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let last = closing_line(lines, line, quote_at + 1, quote)?;
            let indent = lines.indent_of(line) + 1;
            Some(((line + 1)..=last).filter(|&next| !lines.is_blank(next)).map(|next| (next, indent)).collect())
        }
        _ => None,
    }
}

/// The line holding the quote that closes a scalar opened by `quote` on line `line`, whose text
/// goes on from byte `from` of that line.
fn closing_line(lines: &Lines, line: usize, from: usize, quote: char) -> Option<usize> {
    let mut from = from;
    for at in line..lines.starts.len() {
        let (_, text) = lines.line(at);
        let mut chars = text.get(from..)?.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                ('"', '\\') => {
                    chars.next();
                }
                ('\'', '\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                (quote, c) if c == quote => return Some(at),
                _ => {}
            }
        }
        from = 0;
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use yaml_rust2::Yaml;
    use yaml_rust2::YamlLoader;

    fn load(text: &str) -> Result<Vec<Yaml>, ScanError> {
        YamlLoader::load_from_str(text)
    }

    /// `text` followed by more keys than it holds bytes: the spec a place is moved in goes on well
    /// past it.
    pub(crate) fn and_more(text: &str) -> String {
        let more: String = (0..40).map(|n| format!("k{n}: {n}\n")).collect();
        format!("{text}{more}")
    }

    #[test]
    fn a_closing_bracket_under_its_key_is_read() {
        let text = and_more("a:\n  enum: [\n    \"x\", \"y\",\n    \"z\"\n  ]\n  b: 1\n");
        assert!(load(&text).is_err(), "yaml-rust2 reads it now: this module is no longer needed");
        let (read, moved) = read_leniently(&text, Rereading::WhileCheaper, load).unwrap();
        assert_eq!(read, load(&and_more("a:\n  enum: [x, y, z]\n  b: 1\n")).unwrap());
        let moved = moved.unwrap();
        assert_eq!(moved.text, and_more("a:\n  enum: [\n    \"x\", \"y\",\n    \"z\"\n     ]\n  b: 1\n"));
        // Offsets after the moved line's spaces go back by them; those before are as they were.
        let bracket = moved.text.find(']').unwrap();
        assert_eq!(moved.original(bracket), text.find(']').unwrap());
        assert_eq!(moved.original(moved.text.find("b:").unwrap()), text.find("b:").unwrap());
        assert_eq!(moved.original(moved.text.find("\"z").unwrap()), text.find("\"z").unwrap());
        assert_eq!(moved.original(bracket - 1), text.find(']').unwrap() - 1);
        let line_start = moved.text[..bracket].rfind('\n').unwrap() + 1;
        assert_eq!(moved.original(line_start + 1), text[..text.find(']').unwrap()].rfind('\n').unwrap() + 1);
    }

    #[test]
    fn quoted_lines_at_column_zero_are_read() {
        let text = and_more(
            "a:\n  pem: \"-----BEGIN-----\nMIIF\\\"x\n\n  tail-----END-----\"\n  other: 'it''s\nthere'\n  b: 1\n",
        );
        assert!(load(&text).is_err());
        let (read, moved) = read_leniently(&text, Rereading::WhileCheaper, load).unwrap();
        let expected = and_more(
            "a:\n  pem: \"-----BEGIN-----\n   MIIF\\\"x\n\n   tail-----END-----\"\n  other: 'it''s\n   there'\n  b: 1\n",
        );
        assert_eq!(moved.unwrap().text, expected);
        assert_eq!(read, load(&expected).unwrap());
        assert_eq!(read[0]["a"]["pem"].as_str(), Some("-----BEGIN----- MIIF\"x\ntail-----END-----"));
        assert_eq!(read[0]["a"]["other"].as_str(), Some("it's there"));
    }

    #[test]
    fn a_place_late_in_the_text_is_left_to_the_other_reader() {
        // Reading it again would cost more than serde_yaml's reading of the whole.
        let late = format!("{}a:\n  pem: \"x\ny\"\n", and_more(""));
        let error = load(&late).unwrap_err();
        assert_eq!(read_leniently(&late, Rereading::WhileCheaper, load).unwrap_err(), error);
        // Unless nothing else would read it.
        let (read, moved) = read_leniently(&late, Rereading::ToTheEnd, load).unwrap();
        assert_eq!(read[0]["a"]["pem"].as_str(), Some("x y"));
        assert!(moved.is_some());
    }

    #[test]
    fn other_errors_are_the_first_reading_s() {
        for text in ["a:\n  b: 1\n c: 2\n", "a: [1, 2\n", "a: \"open\n", "a:\n  - x\n y\n"] {
            let text = format!("{text}{}", and_more("").replace('k', "  k"));
            let error = load(&text).unwrap_err();
            assert_eq!(read_leniently(&text, Rereading::WhileCheaper, load).unwrap_err(), error, "{text:?}");
        }
        // A text that reads as it is is read once, with nothing moved.
        let mut reads = 0;
        let (_, moved) = read_leniently("a: 1\n", Rereading::WhileCheaper, |text| {
            reads += 1;
            load(text)
        })
        .unwrap();
        assert!(moved.is_none() && reads == 1);
    }
}
