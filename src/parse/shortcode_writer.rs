//! The body of a page with Hugo shortcodes, written out again with each tag replaced by
//! what `shortcodes.rs` says it becomes, and each written line mapped back to the
//! body's line for the page's diagnostics (`Expansion`).
//!
//! Lines a tag becomes start as the tag's line does (its indentation and block quote
//! marks), so they stay in the quote or list item the tag is in. A pair opened in a
//! block quote keeps its text there too: a line between its tags written without the
//! quote's marks (a lazy continuation, `> {{% alert %}}` / `Text` / `> {{% /alert %}}`)
//! gets them, as Hugo renders the pair's inner text with the shortcode, where its
//! opening tag is. Pure; used by `shortcodes.rs` only.

use crate::parse::shortcode_blocks::Out;

/// A page's body with its shortcodes done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    pub(crate) text: String,
    /// For each line of `text` (0-based), the body's line (1-based) it comes from: a
    /// shortcode whose text shares its line is put on lines of its own.
    pub(crate) lines: Vec<u32>,
}

impl Expansion {
    /// Whether a line moved (then the Markdown's places are moved back to the page's).
    pub(crate) fn moves_lines(&self) -> bool {
        self.lines
            .iter()
            .enumerate()
            .any(|(i, &line)| line as usize != i + 1)
    }
}

/// The start of a line that puts it in its containers: its indentation (a list
/// item's) and block quote marks (`  > > `). Lines a shortcode becomes start with it
/// too, so they stay in the quote or the list item.
pub(crate) fn container_prefix(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t', '>']).len()]
}

/// How many block quotes a line's container prefix opens.
fn depth(prefix: &str) -> usize {
    prefix.matches('>').count()
}

/// The expanded body being written, with the body's line of each of its lines.
pub(crate) struct Writer<'a> {
    body: &'a str,
    out: String,
    lines: Vec<u32>,
    /// The body's line at `at` (1-based), and how far the body is read.
    line: u32,
    at: usize,
    /// The container prefix of each open pair's opening tag, innermost last.
    open: Vec<String>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(body: &'a str) -> Self {
        Writer {
            body,
            out: String::with_capacity(body.len() + body.len() / 8),
            lines: Vec::new(),
            line: 1,
            at: 0,
            open: Vec::new(),
        }
    }

    /// The prefix a line of the body whose own prefix is `own` is written with
    /// instead: the innermost open pair's, when that one is deeper in block quotes
    /// (the line is a lazy continuation of the quote the pair opened in).
    fn lazy_prefix(&self, own: &str) -> Option<String> {
        self.open
            .last()
            .filter(|outer| depth(outer) > depth(own))
            .cloned()
    }

    /// Copies the body up to `end`; in hugo-book's `columns`, a `<--->` line between
    /// columns becomes a blank line. Inside a pair opened in a block quote, a line
    /// without the quote's marks gets them.
    pub(crate) fn copy_to(&mut self, end: usize, columns: bool) {
        let text = &self.body[self.at..end];
        let mut line_start = self.at == 0 || self.body[..self.at].ends_with('\n');
        for piece in text.split_inclusive('\n') {
            let content = piece.trim_end_matches(['\n', '\r']);
            let own = container_prefix(content);
            let lazy = self.lazy_prefix(own).filter(|_| line_start);
            if let Some(prefix) = lazy {
                // An empty line keeps the quote's `>` without a trailing space.
                let blank = content.len() == own.len() && piece.ends_with('\n');
                self.out
                    .push_str(if blank { prefix.trim_end() } else { &prefix });
                self.out.push_str(&piece[own.len()..]);
            } else if columns && content.trim() == "<--->" {
                self.out.push_str(&piece[content.len()..]);
            } else {
                self.out.push_str(piece);
            }
            line_start = piece.ends_with('\n');
            if line_start {
                self.lines.push(self.line);
                self.line += 1;
            }
        }
        self.at = end;
    }

    /// Skips the body up to `end` (a tag).
    pub(crate) fn skip_to(&mut self, end: usize) {
        let skipped = self.body[self.at..end].matches('\n').count();
        self.line += u32::try_from(skipped).unwrap_or(u32::MAX);
        self.at = end;
    }

    pub(crate) fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A line break the body does not have.
    fn newline(&mut self) {
        self.out.push('\n');
        self.lines.push(self.line);
    }

    /// The container prefix of the line of the tag that starts at byte `start`, or the
    /// open pair's it is a lazy continuation in.
    fn indent_at(&self, start: usize) -> String {
        let line_start = self.body[..start].rfind('\n').map_or(0, |n| n + 1);
        let own = container_prefix(&self.body[line_start..start]);
        self.lazy_prefix(own).unwrap_or_else(|| own.to_string())
    }

    /// A pair opens at the tag starting at byte `start`: the lines up to its closing
    /// tag stay in the block quotes its tag is in.
    pub(crate) fn open_pair(&mut self, start: usize) {
        let indent = self.indent_at(start);
        self.open.push(indent);
    }

    /// The innermost open pair is closed.
    pub(crate) fn close_pair(&mut self) {
        self.open.pop();
    }

    /// Whether the last line written is a paragraph's text in more block quotes than
    /// `indent` has (not a fence or HTML, which the lines a tag becomes start with).
    fn ends_quote_text(&self, indent: &str) -> bool {
        let before = self.out.strip_suffix('\n').unwrap_or("");
        let last = &before[before.rfind('\n').map_or(0, |n| n + 1)..];
        let prefix = container_prefix(last);
        let text = last[prefix.len()..].trim_end();
        depth(prefix) > depth(indent)
            && !text.is_empty()
            && !["```", "~~~", ":::", "<"]
                .iter()
                .any(|s| text.starts_with(s))
    }

    /// What the tag that started at byte `start` of the body becomes.
    pub(crate) fn put(&mut self, out: &Out, start: usize) {
        let lines = match out {
            Out::Inline(text) => return self.out.push_str(text),
            Out::Lines(lines) => lines,
        };
        let indent = self.indent_at(start);
        let here = self.out.rfind('\n').map_or(0, |n| n + 1);
        if container_prefix(&self.out[here..]).len() == self.out.len() - here {
            self.out.truncate(here);
            if self.ends_quote_text(&indent) {
                // The tag's output would be read as a lazy continuation of the quote's
                // paragraph; Hugo's HTML block starts after the quote instead.
                self.out.push_str(indent.trim_end());
                self.newline();
            }
        } else {
            self.newline();
        }
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                self.newline();
            }
            if line.is_empty() {
                // In a block quote an empty line keeps its `>`.
                self.out.push_str(indent.trim_end());
            } else {
                self.out.push_str(&indent);
                self.out.push_str(line);
            }
        }
        // What follows the tag on its line goes on a line of its own.
        let rest = &self.body[self.at..];
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        if !rest.trim().is_empty() {
            self.newline();
            self.out.push_str(&indent);
            self.at += rest.len() - rest.trim_start().len();
        }
    }

    pub(crate) fn finish(mut self) -> Expansion {
        self.copy_to(self.body.len(), false);
        self.lines.push(self.line);
        Expansion {
            text: self.out,
            lines: self.lines,
        }
    }
}
