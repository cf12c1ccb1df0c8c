//! Diagnostics: every problem found in a book, with path, line, column and hint.
//! Pure data plus rendering to the terminal (with the source line and a caret).
//! Stages push into `Diagnostics`; nothing here reads the disk. SPEC.md §9, STYLE.md §4.

use std::fmt;

use crate::base::path::RelPath;

/// Stable, kebab-case name of a kind of problem. content/reference/diagnostics.md lists
/// every code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// book.toml is not valid TOML, or has an unknown key or a wrong type.
    Config,
    /// A file is not valid UTF-8.
    Encoding,
    /// YAML front matter that does not parse or has a wrong type.
    FrontMatter,
    /// A link to a page or heading that does not exist.
    BrokenLink,
    /// Two pages claim the same id or output path.
    DuplicatePage,
    /// A file or folder name that a site cannot hold (`base::path::name_problem`).
    FileName,
    /// The same item id is used twice in the book.
    DuplicateId,
    /// A template in a theme override failed to parse or render.
    Template,
    /// An explicit item id (`{#id}`) with characters outside `[A-Za-z0-9._-]`.
    InvalidId,
    /// A YAML file (checklist or state) that is not valid YAML, or has a duplicate key.
    Yaml,
    /// A checklist YAML with an unknown key, a wrong type, a missing `text`, a bad id.
    Checklist,
    /// A `state/<environment>.yaml` file with a wrong shape.
    State,
    /// An environment name that book.toml (or the checklist) does not list.
    UnknownEnvironment,
    /// Team state for an item id the book no longer has.
    OrphanedState,
    /// A tick in the team state of an environment the item does not apply to.
    InapplicableState,
    /// A value that looks like a real secret (a key, a token, a password) in a book file.
    SecretLeak,
    /// A `content/secrets.yaml` with a wrong shape.
    Secrets,
    /// A `runs/<id>.yaml` with a wrong shape, or an event that breaks a rule of runs.
    Run,
    /// A run's record of an item or runbook the book no longer has (kept, not dropped).
    OrphanedRunItem,
    /// A Hugo shortcode opsbook does not run (`{{< hint >}}`, `{{< param >}}`, …).
    Shortcode,
    /// A code block whose highlighter did not finish (shown without colours).
    Highlight,
    /// A file could not be read while the book was built (a page that went missing
    /// mid-build, or the build's scratch file beside the output).
    Io,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Config => "config",
            Code::Encoding => "encoding",
            Code::FrontMatter => "front-matter",
            Code::BrokenLink => "broken-link",
            Code::DuplicatePage => "duplicate-page",
            Code::FileName => "file-name",
            Code::DuplicateId => "duplicate-id",
            Code::Template => "template",
            Code::InvalidId => "invalid-id",
            Code::Yaml => "yaml",
            Code::Checklist => "checklist",
            Code::State => "state",
            Code::UnknownEnvironment => "unknown-environment",
            Code::OrphanedState => "orphaned-state",
            Code::InapplicableState => "inapplicable-state",
            Code::SecretLeak => "secret-leak",
            Code::Secrets => "secrets",
            Code::Run => "run",
            Code::OrphanedRunItem => "orphaned-run-item",
            Code::Shortcode => "shortcode",
            Code::Highlight => "highlight",
            Code::Io => "io",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place in one file of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Relative to the book root, `/`-separated.
    pub path: RelPath,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based, counted in characters; 0 when unknown.
    pub col: u32,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    pub source_line: Option<String>,
}

/// The text of line `line` (1-based) of `source`, for a diagnostic's excerpt.
pub(crate) fn line_of(source: &str, line: u32) -> Option<String> {
    line.checked_sub(1)
        .and_then(|i| source.lines().nth(i as usize))
        .map(|l| l.trim_end_matches('\r').to_string())
}

impl Diagnostic {
    pub fn error(code: Code, path: RelPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path,
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(code: Code, path: RelPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Sets line and column (1-based) and keeps the text of that line from `source`.
    pub fn at(mut self, source: &str, line: u32, col: u32) -> Self {
        self.line = line;
        self.col = col;
        self.source_line = line_of(source, line);
        self
    }

    /// Sets line and column without a source excerpt.
    pub fn at_line(mut self, line: u32, col: u32) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, leaving out what is unknown; control characters of the path
    /// written as escapes (`path::shown`).
    pub fn location(&self) -> String {
        let path = crate::base::path::shown(self.path.as_str());
        match (self.line, self.col) {
            (0, _) => path.into_owned(),
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// The terminal form:
    ///
    /// ```text
    /// error[broken-link]: content/deploy.md:42:15: `rollback.md#db` does not exist
    ///    |
    /// 42 | - [ ] Run the [rollback](rollback.md#db) drill
    ///    |               ^
    ///    = hint: rollback.md has #database and #dns
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{kind}[{}]: {}: {}",
            self.code,
            self.location(),
            self.message
        )?;
        let gutter = self.line.to_string().len().max(1);
        let pad = " ".repeat(gutter);
        if let Some(src) = &self.source_line {
            let shown: String = src.replace('\t', "    ");
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, shown)?;
            if self.col > 0 {
                let before: String = src
                    .chars()
                    .take(self.col as usize - 1)
                    .map(|c| if c == '\t' { "    " } else { " " })
                    .collect();
                writeln!(f, "{pad} | {before}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// All problems found in a book, in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Each diagnostic as `place: message`, in order: what a unit test compares.
    #[cfg(test)]
    pub(crate) fn placed(&self) -> Vec<String> {
        self.iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    /// Each diagnostic as `place: message (hint)`, in order.
    #[cfg(test)]
    pub(crate) fn placed_with_hints(&self) -> Vec<String> {
        self.iter()
            .map(|d| {
                let hint = d.hint.as_deref().unwrap_or("");
                format!("{}: {} ({hint})", d.location(), d.message)
            })
            .collect()
    }

    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Diagnostic> {
        self.0.iter_mut()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorts by path, line, column, then code: the order they are printed in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.code, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.code, &b.message))
        });
        self.0.dedup();
    }

    /// In a sorted list, puts `found` (sorted, every one at `path`) in place of the
    /// diagnostics at `path`: the list stays sorted, at the cost of `path`'s part (and
    /// a move of the rest), not of a sort.
    pub fn replace_path(&mut self, path: &RelPath, found: Diagnostics) {
        let start = self.0.partition_point(|d| &d.path < path);
        let len = self.0[start..].partition_point(|d| &d.path == path);
        self.0.splice(start..start + len, found.0);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Maps byte offsets in a text to 1-based line and column (columns in characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based (line, column) of byte `offset`; `offset` past the end clamps to the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line as u32 + 1, col as u32 + 1)
    }
}

/// `error: <err>` then one `caused by: <cause>` line per cause, as `main` prints it,
/// and a `hint:` line when the cause is one a user can fix (a full disk). I/O errors
/// are in plain words (`fsio::io_words`).
pub fn error_chain(err: &anyhow::Error) -> String {
    let (lines, hint) = error_parts(err);
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        let lead = if i == 0 { "error" } else { "caused by" };
        text.push_str(&format!("{lead}: {line}\n"));
    }
    if let Some(hint) = hint {
        text.push_str(&format!("  hint: {hint}\n"));
    }
    text
}

/// The error chain on one line, `failed to write x: no space left on device`, for an
/// answer to the page (serve's write-back); the hint follows after `; hint: `.
pub fn error_line(err: &anyhow::Error) -> String {
    let (lines, hint) = error_parts(err);
    let mut text = lines.join(": ");
    if let Some(hint) = hint {
        text.push_str(&format!("; hint: {hint}"));
    }
    text
}

/// Each error of the chain as text, I/O errors in plain words, and the hint of the
/// last I/O error that has one.
fn error_parts(err: &anyhow::Error) -> (Vec<String>, Option<&'static str>) {
    let mut lines = Vec::new();
    let mut hint = None;
    for cause in err.chain() {
        match cause.downcast_ref::<std::io::Error>() {
            Some(io) => {
                let (words, h) = crate::base::fsio::io_words(io);
                hint = h.or(hint);
                lines.push(words);
            }
            None => lines.push(cause.to_string()),
        }
    }
    (lines, hint)
}

/// `3 errors, 1 warning`.
pub fn counts(diags: &Diagnostics) -> String {
    format!(
        "{}, {}",
        plural(diags.error_count(), "error"),
        plural(diags.warning_count(), "warning")
    )
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replace_path_keeps_the_list_sorted() {
        let at = |p: &str, line: u32| {
            Diagnostic::error(Code::BrokenLink, RelPath::new(p), "x").at_line(line, 1)
        };
        let list = |ds: Vec<Diagnostic>| {
            let mut d = Diagnostics::new();
            d.extend(ds);
            d.sort();
            d
        };
        let mut all = list(vec![
            at("a.md", 1),
            at("b.md", 1),
            at("b.md", 2),
            at("c.md", 1),
        ]);
        all.replace_path(&RelPath::new("b.md"), list(vec![at("b.md", 3)]));
        assert_eq!(all, list(vec![at("a.md", 1), at("b.md", 3), at("c.md", 1)]));
        all.replace_path(
            &RelPath::new("bb.md"),
            list(vec![at("bb.md", 1), at("bb.md", 2)]),
        );
        all.replace_path(&RelPath::new("a.md"), Diagnostics::new());
        all.replace_path(&RelPath::new("z.md"), list(vec![at("z.md", 1)]));
        let want = vec![
            at("b.md", 3),
            at("bb.md", 1),
            at("bb.md", 2),
            at("c.md", 1),
            at("z.md", 1),
        ];
        assert_eq!(all, list(want));
    }

    use super::*;

    #[test]
    fn renders_source_line_and_caret() {
        let src = "# T\n- [ ] Run the [rollback](rollback.md#db) drill\n";
        let d = Diagnostic::error(
            Code::BrokenLink,
            RelPath::new("content/deploy.md"),
            "`rollback.md#db` does not exist",
        )
        .at(src, 2, 15)
        .with_hint("rollback.md has #database and #dns");
        assert_eq!(
            d.to_string(),
            "error[broken-link]: content/deploy.md:2:15: `rollback.md#db` does not exist\n  |\n2 | - [ ] Run the [rollback](rollback.md#db) drill\n  |               ^\n  = hint: rollback.md has #database and #dns\n"
        );
    }

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\nçé x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 8), (2, 4));
        assert_eq!(idx.line_col(text, 999), (3, 1));
    }

    #[test]
    fn sort_orders_by_place() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error(Code::BrokenLink, RelPath::new("b.md"), "x").at_line(1, 1));
        ds.push(Diagnostic::error(Code::BrokenLink, RelPath::new("a.md"), "x").at_line(9, 1));
        ds.push(Diagnostic::error(Code::BrokenLink, RelPath::new("a.md"), "x").at_line(2, 1));
        ds.sort();
        let places: Vec<_> = ds.iter().map(Diagnostic::location).collect();
        assert_eq!(places, ["a.md:2:1", "a.md:9:1", "b.md:1:1"]);
    }
}
