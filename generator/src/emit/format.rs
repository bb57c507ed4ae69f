//! A part's tokens as the text of a file: printed by prettyplease, then with blank lines between
//! items, which prettyplease leaves out.

use proc_macro2::TokenStream;

/// The tokens of items as prettyplease prints them, with no blank line between items, after
/// `edit` has been made to their syntax tree.
pub fn print(tokens: TokenStream, edit: impl FnOnce(&mut syn::File)) -> syn::Result<String> {
    let mut file: syn::File = syn::parse2(tokens)?;
    edit(&mut file);
    Ok(prettyplease::unparse(&file))
}

/// The lines of a chunk's printed text that its file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    All,
    /// The chunk is an `impl` block of one member, of a block whose members are formatted apart:
    /// the block's first line (`impl Client {`) is kept only when `opening`, its last (`}`) only
    /// when `closing`. prettyplease prints each member of a block on lines of its own, as it
    /// would in the whole block, so the pieces join into the text of the whole.
    Member {
        opening: bool,
        closing: bool,
    },
}

impl Lines {
    /// The kept lines of `text`; `None` when a member's text is not an `impl` block.
    pub fn of(self, text: &str) -> Option<&str> {
        let Lines::Member { opening, closing } = self else { return Some(text) };
        let body = text.strip_suffix('\n').unwrap_or(text);
        let (first, _) = body.split_once('\n')?;
        let (_, last) = body.rsplit_once('\n')?;
        if !first.starts_with("impl") || !first.ends_with('{') || last != "}" {
            return None;
        }
        let start = if opening { 0 } else { first.len() + 1 };
        let end = if closing { text.len() } else { body.len() - last.len() };
        Some(&text[start..end])
    }
}

/// Items are at module level (no indentation) or in an `impl` (four spaces); deeper lines are
/// inside an item and get no blank lines.
const ITEM_INDENT: usize = 4;

/// How a line that starts an item begins. A line after a closed block always gets a blank line
/// before it; a line after a statement (`;`) only when it starts one of these, as a `use` or a
/// `let` after another does not.
const ITEM_STARTS: [&str; 5] = [
    // An item's docs and attributes come first: a request builder's after the `pub use` heading
    // `requests.rs`, a model's after the `runtime::string_enum!(...);` of the enum before it.
    "///",
    "#[",
    // A server variable's `impl runtime::ServerVariable` after its `runtime::string_enum!(...);`.
    "impl",
    // The command line's tables of waiters, each after the `];` of the one before.
    "static",
    // `servers.rs`'s `SERVER` after the `use` heading the file, when the spec names no server.
    "pub(crate) const",
];

/// `code` with a blank line before each item at module or `impl` level that follows another item,
/// and after the module's docs.
#[cfg(test)]
pub fn separate_items(code: &str) -> String {
    let mut separated = Separated::default();
    separated.push(code);
    separated.text
}

/// Printed code taken a piece at a time, with the blank lines of [`separate_items`] added as it
/// comes: a part's chunks are separated as if printed together, without being copied twice.
#[derive(Default)]
pub struct Separated {
    pub text: String,
    /// The last line of the pieces so far, which decides on a blank line before the next.
    last_line: String,
}

impl Separated {
    pub fn push(&mut self, code: &str) {
        // A line's `\r\n` ends as `\n`, as `str::lines` reads it (a spec's text in a raw string).
        let code = match code.contains('\r') {
            true => std::borrow::Cow::Owned(code.lines().flat_map(|line| [line, "\n"]).collect()),
            false => std::borrow::Cow::Borrowed(code),
        };
        let before = std::mem::take(&mut self.last_line);
        let mut previous = before.as_str();
        self.text.reserve(code.len() + code.len() / 16 + 1);
        // The lines between two blank lines are copied in one piece.
        let (mut unwritten, mut start) = (0, 0);
        for piece in code.split_inclusive('\n') {
            let line = piece.strip_suffix('\n').unwrap_or(piece);
            if needs_blank_line(previous, line) {
                self.text.push_str(&code[unwritten..start]);
                self.text.push('\n');
                unwritten = start;
            }
            previous = line;
            start += piece.len();
        }
        self.text.push_str(&code[unwritten..]);
        if !code.is_empty() && !code.ends_with('\n') {
            self.text.push('\n');
        }
        self.last_line = previous.to_owned();
    }
}

/// Whether a blank line goes between two printed pieces of a file, as [`Separated`] puts one
/// between the chunks of a piece: so how a file is cut into parts never shows in it.
pub fn blank_line_between(previous: &str, next: &str) -> bool {
    let last = previous.strip_suffix('\n').unwrap_or(previous).rsplit('\n').next().unwrap_or_default();
    let first = next.split('\n').next().unwrap_or_default();
    needs_blank_line(last, first)
}

/// Whether a blank line goes between `previous` and `line`.
fn needs_blank_line(previous: &str, line: &str) -> bool {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > ITEM_INDENT || trimmed.is_empty() {
        return false;
    }
    let module_docs_ended = previous.starts_with("//!") && !trimmed.starts_with("//!");
    let same_indent = previous.len() - previous.trim_start().len() == indent;
    let block_closed = matches!(previous.trim(), "}" | "};" | "});");
    let item_after_statement = previous.ends_with(';') && ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
    module_docs_ended || (same_indent && (block_closed || item_after_statement))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_their_block_s_opening_and_closing_lines_as_asked() {
        let text = "impl Client {\n    fn a() {}\n    fn b() {\n        1\n    }\n}\n";
        let member = |opening, closing| Lines::Member { opening, closing }.of(text);
        assert_eq!(member(true, true), Some(text));
        assert_eq!(member(true, false), Some("impl Client {\n    fn a() {}\n    fn b() {\n        1\n    }\n"));
        assert_eq!(member(false, false), Some("    fn a() {}\n    fn b() {\n        1\n    }\n"));
        assert_eq!(member(false, true), Some("    fn a() {}\n    fn b() {\n        1\n    }\n}\n"));
        assert_eq!(Lines::All.of("fn a() {}\n"), Some("fn a() {}\n"));
        // Not an `impl` block: a bug, said rather than cut.
        assert_eq!(Lines::Member { opening: false, closing: false }.of("fn a() {\n    1\n}\n"), None);
        assert_eq!(Lines::Member { opening: false, closing: false }.of("impl A {}\n"), None);
    }

    #[test]
    fn pieces_are_separated_as_chunks_are() {
        let (a, b) = ("pub type A = u8;\n", "pub type B = u8;\n");
        assert_eq!(blank_line_between(a, b), separate_items(&format!("{a}{b}")).contains("\n\n"));
        assert!(!blank_line_between(a, b));
        assert!(blank_line_between("struct A {\n    a: u8,\n}\n", "/// B.\nstruct B;\n"));
        assert!(blank_line_between("    fn a() {\n    }\n", "    fn b() {}\n}\n"));
    }

    #[test]
    fn a_blank_line_follows_a_closed_block() {
        let code =
            "struct A {\n    a: u8,\n}\nconst B: u8 = f({\n    1\n});\nconst C: S = S {\n    c: 1,\n};\nfn d() {}\n";
        assert_eq!(
            separate_items(code),
            "struct A {\n    a: u8,\n}\n\nconst B: u8 = f({\n    1\n});\n\nconst C: S = S {\n    c: 1,\n};\n\nfn d() {}\n"
        );
    }

    #[test]
    fn a_blank_line_follows_a_statement_only_before_an_item_start() {
        let code = "use a;\nuse b;\n/// Docs.\nstruct C;\n#[derive(Debug)]\nstruct D;\nimpl D {}\n";
        assert_eq!(
            separate_items(code),
            "use a;\nuse b;\n\n/// Docs.\nstruct C;\n\n#[derive(Debug)]\nstruct D;\n\nimpl D {}\n"
        );
        let code = "static A: [u8; 1] = [1];\nstatic B: u8 = 2;\npub(crate) const C: u8 = 3;\n";
        assert_eq!(
            separate_items(code),
            "static A: [u8; 1] = [1];\n\nstatic B: u8 = 2;\n\npub(crate) const C: u8 = 3;\n"
        );
    }

    #[test]
    fn a_blank_line_follows_the_module_docs() {
        let code = "//! The module.\n//! More.\nuse a;\n";
        assert_eq!(separate_items(code), "//! The module.\n//! More.\n\nuse a;\n");
    }

    #[test]
    fn items_in_an_impl_are_separated_and_lines_deeper_are_not() {
        let code = "impl A {\n    fn a() {\n        if x {\n        }\n        let y = 1;\n        #[allow(unused)]\n        let z = 2;\n    }\n    fn b() {}\n}\n";
        assert_eq!(
            separate_items(code),
            "impl A {\n    fn a() {\n        if x {\n        }\n        let y = 1;\n        #[allow(unused)]\n        let z = 2;\n    }\n\n    fn b() {}\n}\n"
        );
    }

    #[test]
    fn a_block_closing_into_a_shallower_one_gets_no_blank_line() {
        let code = "mod a {\n    fn b() {\n    }\n}\n";
        assert_eq!(separate_items(code), code);
    }

    #[test]
    fn code_separated_in_pieces_is_code_separated_whole() {
        let code =
            "//! Docs.\nuse a;\nstruct A {\n    a: u8,\n}\nstruct B;\nimpl B {\n    fn b() {}\n    fn c() {}\n}\n";
        for split in (0..code.len()).filter(|at| code[..*at].ends_with('\n')) {
            let mut separated = Separated::default();
            separated.push(&code[..split]);
            separated.push(&code[split..]);
            assert_eq!(separated.text, separate_items(code), "split after byte {split}");
        }
    }

    #[test]
    fn a_line_ends_with_a_line_feed_alone() {
        assert_eq!(separate_items("struct A;\r\nstruct B;"), "struct A;\nstruct B;\n");
        assert_eq!(separate_items("const A: &str = r\"a\r\nb\";\r\n"), "const A: &str = r\"a\nb\";\n");
    }

    #[test]
    fn no_blank_line_starts_the_file() {
        assert_eq!(separate_items("#[doc = \"x\"]\nstruct A;\n"), "#[doc = \"x\"]\nstruct A;\n");
        assert_eq!(separate_items("}\n"), "}\n");
    }

    #[test]
    fn formatting_tokens_prints_and_separates_them() {
        let tokens = quote::quote! { struct A; impl A { fn a() { f(); } fn b() {} } };
        assert_eq!(
            separate_items(&print(tokens, |_| {}).unwrap()),
            "struct A;\n\nimpl A {\n    fn a() {\n        f();\n    }\n\n    fn b() {}\n}\n"
        );
        assert!(print(quote::quote! { fn }, |_| {}).is_err());
    }
}
