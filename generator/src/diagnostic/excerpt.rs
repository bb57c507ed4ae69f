//! The text a diagnostic is shown in: the lines of the problem, as they are, except a line too long
//! to show (a spec written as one line of JSON), which is cut to the part around the problem, as a
//! compiler cuts one. Line and column stay those of the document.

use std::borrow::Cow;
use std::ops::Range;

use codespan_reporting::files::{Error, Files, SimpleFile};

/// The longest line shown whole, in characters.
const WIDEST_LINE: usize = 160;
/// Characters shown before the problem on a line that is cut, and after its start.
const BEFORE: usize = 60;
const AFTER: usize = 80;
const CUT: &str = "…";

/// The part of a document a problem is shown in.
pub struct Excerpt<'a> {
    /// The lines the problem spans, and nothing else: the excerpt indexes the lines it holds,
    /// and a big document's lines, indexed for each problem shown, took a tenth of a run.
    file: SimpleFile<&'a str, Cow<'a, str>>,
    /// The document's lines before those held.
    lines_before: usize,
    /// Whether the first line held was cut, and if so how many characters of it were left out
    /// before the part shown, less the mark that says so.
    cut: Option<usize>,
}

impl<'a> Excerpt<'a> {
    /// No text: for a problem that is not located in the document.
    pub fn unlocated(name: &'a str) -> Excerpt<'a> {
        Excerpt { file: SimpleFile::new(name, Cow::Borrowed("")), lines_before: 0, cut: None }
    }

    /// The lines of `text` to show the problem at `span` in, and the span in them.
    pub fn new(name: &'a str, text: &'a str, span: Range<usize>) -> (Excerpt<'a>, Range<usize>) {
        let span = span.start..span.end.max(span.start);
        let start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
        let end = text[span.end..].find('\n').map_or(text.len(), |at| span.end + at);
        let lines_before = text.as_bytes()[..start].iter().filter(|byte| **byte == b'\n').count();
        let (lines, span) = (&text[start..end], span.start - start..span.end - start);
        let line = lines.split('\n').next().unwrap_or_default();
        if line.chars().count() <= WIDEST_LINE || span.end > line.len() {
            let excerpt = Excerpt { file: SimpleFile::new(name, Cow::Borrowed(lines)), lines_before, cut: None };
            return (excerpt, span);
        }
        // The part shown: from BEFORE characters before the problem to AFTER after its start.
        let at = span.start;
        let from = line[..at].char_indices().rev().nth(BEFORE - 1).map_or(0, |(index, _)| index);
        let to = line[at..].char_indices().nth(AFTER).map_or(line.len(), |(index, _)| at + index);
        let (opening, closing) = (if from > 0 { CUT } else { "" }, if to < line.len() { CUT } else { "" });
        let shown = format!("{opening}{}{closing}", &line[from..to]);
        // An offset in the line, as one in the text shown: past the cut, and no further than the part shown.
        let moved = |offset: usize| opening.len() + (offset.min(to) - from);
        let left_out = line[..from].chars().count() - opening.chars().count();
        let excerpt = Excerpt { file: SimpleFile::new(name, Cow::Owned(shown)), lines_before, cut: Some(left_out) };
        (excerpt, moved(span.start)..moved(span.end).max(moved(span.start)))
    }
}

impl<'a, 'name: 'a> Files<'a> for Excerpt<'name> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.file.name())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.file.source().as_ref())
    }

    fn line_index(&'a self, id: (), byte_index: usize) -> Result<usize, Error> {
        Files::line_index(&self.file, id, byte_index)
    }

    fn line_range(&'a self, id: (), line_index: usize) -> Result<Range<usize>, Error> {
        Files::line_range(&self.file, id, line_index)
    }

    /// The line's number in the document.
    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(self.lines_before + line_index + 1)
    }

    /// The column in the document, not in the part of a cut line that is shown.
    fn column_number(&'a self, id: (), line_index: usize, byte_index: usize) -> Result<usize, Error> {
        let column = Files::column_number(&self.file, id, line_index, byte_index)?;
        Ok(match self.cut {
            Some(left_out) if line_index == 0 => column + left_out,
            _ => column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_problem_and_located_as_written() {
        let text = format!("{{\n{}\"bad\": 1{}\n}}\n", "\"k\": 0, ".repeat(100), ", \"k\": 0".repeat(100));
        let at = text.find("\"bad\"").unwrap();
        let (excerpt, span) = Excerpt::new("spec.json", &text, at..at + 5);
        let shown = excerpt.source(()).unwrap();
        assert_eq!(&shown[span.clone()], "\"bad\"");
        let line = shown;
        assert!(!line.contains('\n') && line.starts_with(CUT) && line.ends_with(CUT), "{line}");
        assert!(line.chars().count() <= BEFORE + AFTER + 2, "{line}");
        let location = excerpt.location((), span.start).unwrap();
        let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!((location.line_number, location.column_number), (2, column));
    }

    #[test]
    fn short_lines_and_the_start_of_a_line_are_shown_as_written() {
        let text = "a: 1\nb: 2\nc: 3\n";
        let (excerpt, span) = Excerpt::new("spec.yaml", text, 5..6);
        assert_eq!((excerpt.source(()).unwrap(), span.clone()), ("b: 2", 0..1));
        let location = excerpt.location((), span.start).unwrap();
        assert_eq!((location.line_number, location.column_number), (2, 1));
        let (excerpt, span) = Excerpt::new("spec.yaml", text, 8..13);
        assert_eq!((excerpt.source(()).unwrap(), span.clone()), ("b: 2\nc: 3", 3..8));
        assert_eq!(excerpt.location((), span.end).unwrap().line_number, 3);
        let text = format!("\"bad\"{}", " ".repeat(300));
        let (excerpt, span) = Excerpt::new("spec.json", &text, 0..5);
        let shown = excerpt.source(()).unwrap();
        assert!(!shown.starts_with(CUT) && shown.ends_with(CUT));
        assert_eq!((span, excerpt.location((), 0).unwrap().column_number), (0..5, 1));
    }
}
