//! Stage 3: an mdBook page's `{{#…}}` directives expanded before the Markdown pass, as
//! mdBook's `links` preprocessor does: `{{#include file}}`, `file:10:20` (lines 10 to
//! 20; `:10`, `::20`, `:10:` too), `file:anchor` (the lines between `ANCHOR: anchor`
//! and `ANCHOR_END: anchor`, marker lines left out), nested up to ten deep;
//! `{{#rustdoc_include}}` as an include; `{{#playground file}}` as a `rust` code block
//! of the file; `{{#title …}}` the page's title; `\{{#…}}` written without the
//! backslash. A missing file, a file outside the repository or a missing anchor is a
//! `broken-link` error at the directive; any other `{{#name …}}` (another
//! preprocessor's) is shown as written, with a warning (`foreign.rs`). The files come
//! from stage 2 (`source::includes`); `Expanded::lines` maps each line back to the
//! page's own.

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use crate::source::includes::{self, Dialect, Directive, Includes, Kind, MAX_DEPTH};

/// A page's text with its directives expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expanded {
    pub(crate) text: String,
    /// `{{#title …}}`, the last one.
    pub(crate) title: Option<String>,
    /// For each line of `text` (0-based), the page's line (1-based) it comes from; an
    /// included line maps to its directive's line.
    pub(crate) lines: Vec<u32>,
}

impl Expanded {
    /// The page's line for line `line` (1-based) of the expanded text.
    pub(crate) fn page_line(&self, line: u32) -> u32 {
        let i = (line as usize).saturating_sub(1);
        self.lines
            .get(i)
            .or(self.lines.last())
            .copied()
            .unwrap_or(line)
    }
}

/// Moves the lines of `diags` and of `doc`'s items, phases and links from the expanded
/// text to the page's own `original` text. A place inside included text moves to its
/// directive, column 1.
pub(crate) fn relocate(
    exp: &Expanded,
    original: &str,
    doc: &mut crate::model::Document,
    diags: &mut Diagnostics,
) {
    if exp.text == original {
        return;
    }
    let col = |line: u32, col: u32| column(exp, original, line, col);
    relocate_diags(exp, original, diags);
    for item in doc.items.to_mut() {
        item.col = col(item.line, item.col);
        item.line = exp.page_line(item.line);
    }
    for phase in &mut doc.phases {
        phase.line = exp.page_line(phase.line);
    }
    doc.links = doc
        .links
        .iter()
        .cloned()
        .map(|mut l| {
            l.col = col(l.line, l.col);
            l.line = exp.page_line(l.line);
            l
        })
        .collect();
}

/// Moves the lines of `diags` from the expanded text to the page's own `original`
/// text (see [`relocate`]).
pub(crate) fn relocate_diags(exp: &Expanded, original: &str, diags: &mut Diagnostics) {
    if exp.text == original {
        return;
    }
    let moved: Vec<Diagnostic> = std::mem::take(diags)
        .into_iter()
        .map(|d| {
            if d.line == 0 {
                return d;
            }
            let c = column(exp, original, d.line, d.col);
            let line = exp.page_line(d.line);
            d.at(original, line, c)
        })
        .collect();
    diags.extend(moved);
}

/// Column `col` of expanded line `line` on the page: the same where the line is the
/// page's own; moved by as much where its text is part of the page's line (a Hugo
/// shortcode's text put on a line of its own); else 1 (inside included text).
fn column(exp: &Expanded, original: &str, line: u32, col: u32) -> u32 {
    let own = exp.text.lines().nth(line.saturating_sub(1) as usize);
    let page = original
        .lines()
        .nth(exp.page_line(line).saturating_sub(1) as usize);
    if own == page {
        return col;
    }
    let (Some(own), Some(page)) = (own, page) else {
        return 1;
    };
    let text = own.trim_start();
    let indent = own.len() - text.len();
    match page.find(text).filter(|_| !text.trim().is_empty()) {
        Some(at) if col as usize > indent => {
            let moved = (col as usize - indent) + page[..at].chars().count();
            u32::try_from(moved).unwrap_or(1)
        }
        _ => 1,
    }
}

/// Where a directive is being expanded: the page, for diagnostics, and the file whose
/// folder relative paths start from.
struct At<'a> {
    page: &'a RelPath,
    page_text: &'a str,
    index: &'a LineIndex,
    /// Byte offset in the page of the outermost directive (nested ones report there).
    outer: Option<usize>,
}

/// One page's expansion: what it reads and what it gathers.
struct Expansion<'a, 'd> {
    files: &'a Includes,
    dialect: Dialect<'a>,
    title: Option<String>,
    /// The files being included, outermost first: one already here is not included
    /// again (as the snippets extension does), so a loop ends.
    stack: Vec<String>,
    diags: &'d mut Diagnostics,
}

/// `text` of the page at `path` with its directives in `dialect` expanded (see the
/// module doc).
pub(crate) fn expand(
    text: &str,
    path: &RelPath,
    files: &Includes,
    dialect: Dialect<'_>,
    diags: &mut Diagnostics,
) -> Expanded {
    let appended = dialect.appended(text);
    let text = appended.as_ref();
    if dialect == Dialect::MdBook {
        foreign::warn(text, path, diags);
    }
    if includes::directives(text, dialect).is_empty() {
        let count = text.lines().count().max(1);
        return Expanded {
            text: text.to_string(),
            title: None,
            lines: (1..=count as u32).collect(),
        };
    }
    let index = LineIndex::new(text);
    let at = At {
        page: path,
        page_text: text,
        index: &index,
        outer: None,
    };
    let mut ex = Expansion {
        files,
        dialect,
        title: None,
        stack: vec![path.to_string()],
        diags,
    };
    let out = ex.expand_in(text, path.as_str(), &at, 0);
    let lines = line_map(text, &out.0, &out.1);
    Expanded {
        text: out.0,
        title: ex.title,
        lines,
    }
}

impl Expansion<'_, '_> {
    /// Expands `text` (the file `file`, relative to the book root); returns the text
    /// and, for a page (depth 0), where each directive's output starts and ends in it:
    /// `(directive start in the page, output start, output end, directive end)`.
    fn expand_in(
        &mut self,
        text: &str,
        file: &str,
        at: &At<'_>,
        depth: usize,
    ) -> (String, Vec<(usize, usize, usize, usize)>) {
        let base = file.rsplit_once('/').map_or("", |(d, _)| d);
        let mut out = String::with_capacity(text.len());
        let mut spans = Vec::new();
        let mut last = 0;
        for d in includes::directives(text, self.dialect) {
            out.push_str(&text[last..d.start]);
            last = d.end;
            let begin = out.len();
            let here = At {
                outer: at.outer.or(Some(d.start)),
                ..*at
            };
            match d.kind {
                Kind::Escaped => out.push_str(&text[d.start + 1..d.end]),
                Kind::Other => out.push_str(&text[d.start..d.end]),
                Kind::Title => self.title = Some(d.arg.to_string()),
                Kind::Drop => {}
                _ => {
                    if let Some((target, body)) = self.included(&d, base, &here) {
                        let nested = depth + 1 < MAX_DEPTH && d.kind != Kind::Playground;
                        let body = if nested && !self.stack.contains(&target) {
                            self.stack.push(target.clone());
                            let body = self.expand_in(&body, &target, &here, depth + 1).0;
                            self.stack.pop();
                            body
                        } else {
                            body
                        };
                        indent_into(&mut out, &body, d.indent);
                    }
                }
            }
            if depth == 0 {
                spans.push((d.start, begin, out.len(), d.end));
            }
        }
        out.push_str(&text[last..]);
        (out, spans)
    }

    /// The file a directive names and the text it puts in place, or `None` after a
    /// diagnostic (or for a file already being included).
    fn included(&mut self, d: &Directive<'_>, base: &str, at: &At<'_>) -> Option<(String, String)> {
        let name = d.file;
        let offset = at.outer.unwrap_or(d.start);
        let (line, col) = at.index.line_col(at.page_text, offset);
        let quiet = self.snippet_misses_are_warnings(d);
        let problem = |message: String, hint: &str| {
            let diag = if quiet {
                Diagnostic::warning(Code::BrokenLink, at.page.clone(), message)
            } else {
                Diagnostic::error(Code::BrokenLink, at.page.clone(), message)
            };
            diag.at(at.page_text, line, col).with_hint(hint.to_string())
        };
        if let (
            Kind::Snippet,
            Dialect::MkDocs {
                snippets: Some(s), ..
            },
        ) = (d.kind, self.dialect)
            && is_url(name)
        {
            self.diags
                .push(url_snippet(name, s, at.page).at(at.page_text, line, col));
            return None;
        }
        let files = self.files;
        let candidates = d.candidates(base, self.dialect);
        let found = candidates
            .iter()
            .find(|(up, t)| *up <= files.reach && files.files.contains_key(t));
        let Some((_, target)) = found else {
            self.diags.push(self.missing(d, &candidates, problem));
            return None;
        };
        if self.stack.contains(target) {
            return None;
        }
        let bytes = &files.files[target];
        let text = String::from_utf8_lossy(bytes);
        let body = match (d.kind, d.spec) {
            (Kind::Snippet, spec) => match select_snippet(&text, spec, self.dedents()) {
                Ok(selected) => {
                    if !selected.empty.is_empty() {
                        let warning = empty_ranges(d, at.page, target, &text, &selected.empty);
                        self.diags.push(warning.at(at.page_text, line, col));
                    }
                    selected.text
                }
                Err(sections) => {
                    let hint = if sections.is_empty() {
                        format!("{target} has no `--8<-- [start:name]` markers")
                    } else {
                        format!("{target} has the sections {}", sections.join(", "))
                    };
                    let spec = d.spec.unwrap_or("");
                    self.diags
                        .push(problem(format!("`{name}` has no section `{spec}`"), &hint));
                    String::new()
                }
            },
            (Kind::MdInclude, Some(spec)) => {
                let (body, problems) = md_include_lines(&text, spec);
                let count = text.lines().count();
                for message in problems {
                    let hint = format!(
                        "{target} has {count} line{}; `lines=` takes line numbers from 1 and ranges `8-10`, separated by spaces",
                        if count == 1 { "" } else { "s" }
                    );
                    self.diags.push(
                        Diagnostic::warning(
                            Code::BrokenLink,
                            at.page.clone(),
                            format!("`{{!{name}!lines={spec}}}`: {message}"),
                        )
                        .at(at.page_text, line, col)
                        .with_hint(hint),
                    );
                }
                body
            }
            (_, None) => text.into_owned(),
            (_, Some(spec)) => match select(&text, spec) {
                Ok(body) => body,
                Err(anchors) => {
                    let hint = if anchors.is_empty() {
                        format!("{target} has no `ANCHOR: name` comments")
                    } else {
                        format!("{target} has the anchors {}", anchors.join(", "))
                    };
                    self.diags
                        .push(problem(format!("`{name}` has no anchor `{spec}`"), &hint));
                    return None;
                }
            },
        };
        let body = match d.kind {
            Kind::Playground => {
                let attrs: Vec<&str> = d.arg.split_whitespace().skip(1).collect();
                let info = std::iter::once("rust")
                    .chain(attrs)
                    .collect::<Vec<_>>()
                    .join(",");
                format!("```{info}\n{}\n```", body.trim_end_matches('\n'))
            }
            // The extension puts the file's lines in place of the directive's: its
            // last line break is not added.
            Kind::MdInclude => {
                let t = body.strip_suffix('\n').unwrap_or(&body);
                t.strip_suffix('\r').unwrap_or(t).to_string()
            }
            _ => body,
        };
        Some((target.clone(), body))
    }

    /// Whether a snippet's line range or section loses its common indentation.
    fn dedents(&self) -> bool {
        matches!(self.dialect, Dialect::MkDocs { snippets: Some(s), .. } if s.dedent_subsections)
    }

    /// A snippet that is not found is a warning when `check_paths` is off (the
    /// extension then leaves it out quietly).
    fn snippet_misses_are_warnings(&self, d: &Directive<'_>) -> bool {
        match self.dialect {
            Dialect::MkDocs {
                snippets: Some(s), ..
            } => d.kind == Kind::Snippet && !s.check_paths,
            _ => false,
        }
    }

    /// The diagnostic for a directive whose file is not among the files read.
    fn missing(
        &self,
        d: &Directive<'_>,
        candidates: &[(usize, String)],
        problem: impl Fn(String, &str) -> Diagnostic,
    ) -> Diagnostic {
        let name = d.file;
        let (snippets, macros, md_include) = match self.dialect {
            Dialect::MkDocs {
                snippets,
                macros,
                md_include,
            } => (snippets, macros, md_include),
            Dialect::MdBook => (None, None, None),
        };
        let shown = |dir: &str| {
            if dir.is_empty() {
                "`.`".to_string()
            } else {
                format!("`{dir}`")
            }
        };
        if let (Kind::Snippet, Some(s)) = (d.kind, snippets) {
            let bases: Vec<String> = s.base_path.iter().map(|b| shown(b)).collect();
            return problem(
                format!(
                    "snippet `{name}` was not found in `base_path` {}",
                    bases.join(", ")
                ),
                "a snippet's path starts at `base_path` of `pymdownx.snippets` in mkdocs.yml (default: the folder of mkdocs.yml), not at the page",
            );
        }
        if let (Kind::Macro, Some(m)) = (d.kind, macros) {
            return problem(
                format!(
                    "`{{% include '{name}' %}}`: `{name}` does not exist in {}",
                    shown(&m.include_dir)
                ),
                "mkdocs-macros reads included files from the macros plugin's `include_dir` (default: the pages' folder)",
            );
        }
        if let (Kind::MdInclude, Some(m), Some((up, target))) =
            (d.kind, md_include, candidates.first())
            && *up <= self.files.reach
        {
            return problem(
                format!(
                    "`{{!{name}!}}`: `{name}` does not exist in {} (included as {target})",
                    shown(&m.base_path)
                ),
                "`markdown_include` reads a path from its `base_path` in mkdocs.yml (default: the folder of mkdocs.yml), not from the page",
            );
        }
        let outside = candidates.iter().all(|(up, _)| *up > self.files.reach);
        match candidates.first() {
            Some((_, target)) if !outside => problem(
                format!("`{name}` does not exist (included as {target})"),
                "the path is relative to the file that includes it",
            ),
            _ => {
                let (place, hint) = match self.files.reach {
                    0 => (
                        "book folder",
                        "include files from inside the book folder (or the git repository that holds it)",
                    ),
                    _ => (
                        "book's repository",
                        "include files from inside the repository that holds the book",
                    ),
                };
                problem(
                    format!("`{name}` is outside the {place}; it is not included"),
                    hint,
                )
            }
        }
    }
}

/// The warning for a snippet whose line ranges `empty` select no line of `target`
/// (place it with `.at`): the extension puts nothing there, silently.
fn empty_ranges(
    d: &Directive<'_>,
    page: &RelPath,
    target: &str,
    text: &str,
    empty: &[String],
) -> Diagnostic {
    let count = text.lines().count();
    let ranges: Vec<String> = empty.iter().map(|r| format!("`{r}`")).collect();
    let message = format!(
        "snippet `{}:{}`: {} {} no line of {target}, which has {count} line{}",
        d.file,
        d.spec.unwrap_or(""),
        crate::base::suggest::listing(&ranges),
        if empty.len() == 1 {
            "selects"
        } else {
            "select"
        },
        if count == 1 { "" } else { "s" },
    );
    Diagnostic::warning(Code::BrokenLink, page.clone(), message).with_hint(
        "a range is `start:end`, counted from line 1 and both taken; a negative number counts from the end (`-1` is the last line); an end of 0 takes no line",
    )
}

/// Whether a snippet's path is a URL, as `pymdownx.snippets` tells one.
fn is_url(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The warning for a snippet that names a URL (place it with `.at`): opsbook fetches
/// nothing while building; the extension downloads it only with `url_download`.
fn url_snippet(url: &str, s: &crate::config::mkdocs_ext::Snippets, page: &RelPath) -> Diagnostic {
    let file = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|f| !f.is_empty() && !f.contains(':'))
        .unwrap_or("snippet.md");
    let vendor = format!(
        "save a copy in the repository (`includes/{file}`) and include it by path: `--8<-- \"includes/{file}\"`"
    );
    let (message, hint) = match (s.url_download, s.url_request_headers) {
        (true, headers) => (
            format!(
                "snippet `{url}` is a URL: the snippets extension downloads it while MkDocs builds (`url_download: true`{}); opsbook never fetches while building, so it is left out",
                if headers {
                    ", with `url_request_headers`"
                } else {
                    ""
                }
            ),
            if headers {
                format!(
                    "{vendor}; it is fetched with request headers (a private source?), so check that a copy may be committed"
                )
            } else {
                vendor
            },
        ),
        (false, _) => (
            format!(
                "snippet `{url}` is a URL and `url_download` is off: the snippets extension reads it as a file that does not exist and leaves it out (`mkdocs build` stops there with `check_paths: true`); opsbook leaves it out too"
            ),
            format!("{vendor}; opsbook never fetches URLs, even with `url_download: true`"),
        ),
    };
    Diagnostic::warning(Code::Shortcode, page.clone(), message).with_hint(hint)
}

/// `body` added to `out` with `indent` before each of its lines.
fn indent_into(out: &mut String, body: &str, indent: &str) {
    if indent.is_empty() {
        out.push_str(body);
        return;
    }
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(line);
    }
}

/// The lines of a snippet file that `spec` names, as `pymdownx.snippets` reads it:
/// line ranges `3:7` (lines 3 to 7), `3` (3 to the end), `:7` (1 to 7), several of
/// them `1:3,5:7` (in the order written), a negative number counting from the end
/// (`-1` the last line: `-3` the last three, `:-2` all but the last), `0` as a start
/// the first line and as an end no line; or a section `name` (between
/// `--8<-- [start:name]` and `--8<-- [end:name]`, marker lines left out). The whole
/// file, less its section markers, without `spec`. With `dedent`, ranges or a section
/// lose their common indentation. `Err` with the file's sections when `spec` is a
/// section it does not have; `Selected::empty` names each range that selects no line.
pub(crate) fn select_snippet(
    text: &str,
    spec: Option<&str>,
    dedent: bool,
) -> Result<Selected, Vec<String>> {
    let mut part = select_part(text, spec)?;
    if dedent && spec.is_some_and(|s| !s.is_empty()) {
        part.text = dedented(&part.text);
    }
    Ok(part)
}

/// What `select_snippet` took from a snippet file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selected {
    pub(crate) text: String,
    /// The ranges of `spec` that select no line (`20:30` of a 10-line file, `3:0`).
    pub(crate) empty: Vec<String>,
}

/// Python's `textwrap.dedent`: the indentation every non-blank line shares is removed;
/// blank lines become empty.
fn dedented(text: &str) -> String {
    let mut common: Option<&str> = None;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let own = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        common = Some(match common {
            None => own,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(own.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
    }
    let cut = common.map_or(0, str::len);
    text.split('\n')
        .map(|l| if l.trim().is_empty() { "" } else { &l[cut..] })
        .collect::<Vec<_>>()
        .join("\n")
}

fn select_part(text: &str, spec: Option<&str>) -> Result<Selected, Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let unmarked = |lines: &[&str]| -> String {
        let kept: Vec<&str> = (lines.iter())
            .filter(|l| section_marker(l).is_none())
            .copied()
            .collect();
        kept.join("\n")
    };
    let Some(spec) = spec.filter(|s| !s.is_empty()) else {
        return Ok(Selected {
            text: unmarked(&lines),
            empty: Vec::new(),
        });
    };
    let first = spec.chars().next().unwrap_or(':');
    if first.is_ascii_digit() || matches!(first, ':' | '-' | ',') {
        let mut out: Vec<&str> = Vec::new();
        let mut empty = Vec::new();
        for range in spec.split(',') {
            let picked = lines.get(line_range(range, lines.len())).unwrap_or(&[]);
            if picked.is_empty() {
                empty.push(range.to_string());
            }
            out.extend(picked);
        }
        return Ok(Selected {
            text: unmarked(&out),
            empty,
        });
    }
    let mut inside = false;
    let mut found = false;
    let mut out = Vec::new();
    let mut names = Vec::new();
    for line in lines {
        match section_marker(line) {
            Some((start, name)) => {
                if start && name.eq_ignore_ascii_case(spec) {
                    inside = true;
                    found = true;
                } else if !start && name.eq_ignore_ascii_case(spec) && inside {
                    break;
                }
                if start {
                    names.push(format!("`{name}`"));
                }
            }
            None if inside => out.push(line),
            None => {}
        }
    }
    if found {
        Ok(Selected {
            text: out.join("\n"),
            empty: Vec::new(),
        })
    } else {
        Err(names)
    }
}

/// The indices of the lines one range of a snippet's line selection (`3:7`, `4`,
/// `:-2`, `-3`) names in a file of `total` lines, as `pymdownx.snippets` slices them:
/// a start counts from 1 (`0` is line 1 too), an end is the last line taken (`0`
/// takes none), a negative number counts from the end. A number that cannot be read
/// (`-` alone) is left out, as if not written.
fn line_range(range: &str, total: usize) -> std::ops::Range<usize> {
    let (a, b) = range.split_once(':').unwrap_or((range, ""));
    let number = |s: &str| s.parse::<i64>().ok();
    let total_i = i64::try_from(total).unwrap_or(i64::MAX);
    let start = match number(a) {
        None => 0,
        Some(n) if n < 0 => (total_i + n).clamp(0, total_i),
        Some(n) => (n - 1).max(0),
    };
    let end = match number(b) {
        None => total_i,
        Some(n) if n < 0 => (total_i + 1 + n).clamp(0, total_i),
        Some(n) => n.min(total_i),
    };
    let to = |n: i64| usize::try_from(n.clamp(0, total_i)).unwrap_or(0);
    let (start, end) = (to(start), to(end));
    start..end.max(start)
}

/// `(is start, name)` of a `--8<-- [start:name]` / `[end:name]` marker line.
fn section_marker(line: &str) -> Option<(bool, &str)> {
    let at = line.find("8<-")?;
    let rest = line[at..].trim_start_matches(['8', '<', '-']);
    let rest = rest.trim_start().strip_prefix('[')?;
    let (inner, _) = rest.split_once(']')?;
    let (kind, name) = inner.split_once(':')?;
    let start = match kind.trim().to_ascii_lowercase().as_str() {
        "start" => true,
        "end" => false,
        _ => return None,
    };
    Some((start, name.trim()))
}

/// The lines of `text` that `markdown_include`'s `lines=` names, in the order named:
/// `1 3 8-10 2` is lines 1, 3, 8 to 10, then 2. As the extension does, a line past the
/// end is the last line and a range's end past it stops there, and a range whose start
/// is after its end starts one line before its end; each such fix is a problem (the
/// extension prints a warning). Line 0, which names no line, is left out with a problem.
pub(crate) fn md_include_lines(text: &str, spec: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let last = lines.len();
    let mut out: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for block in spec.split_whitespace() {
        let (from, to) = match block.split_once('-') {
            Some((a, b)) => (a.parse::<usize>(), b.parse::<usize>()),
            None => (block.parse::<usize>(), block.parse::<usize>()),
        };
        let (Ok(mut from), Ok(mut to)) = (from, to) else {
            problems.push(format!("`{block}` is not a line number or a range `8-10`"));
            continue;
        };
        if from == 0 || to == 0 || last == 0 {
            problems.push(format!("`{block}` names no line of the file"));
            continue;
        }
        if to > last {
            problems.push(format!(
                "`{block}` goes past the file's end; line {last} is the last included"
            ));
            to = last;
            from = from.min(last);
        }
        if from > to {
            let start = to.saturating_sub(1).max(1);
            problems.push(format!(
                "`{block}` starts after its end; it is read as `{start}-{to}`"
            ));
            from = start;
        }
        out.extend(&lines[from - 1..to]);
    }
    (out.join("\n"), problems)
}

/// The lines of `text` that `spec` names: `10:20`, `10`, `:20`, `10:`, or an anchor.
/// `Err` with the file's anchors when `spec` is an anchor it does not have.
pub(crate) fn select(text: &str, spec: &str) -> Result<String, Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let range = match spec.split_once(':') {
        Some((a, b))
            if (a.is_empty() || number(a).is_some()) && (b.is_empty() || number(b).is_some()) =>
        {
            Some((number(a).unwrap_or(1), number(b).unwrap_or(lines.len())))
        }
        None if number(spec).is_some() => number(spec).map(|n| (n, n)),
        _ => None,
    };
    if let Some((from, to)) = range {
        let from = from.max(1) - 1;
        let to = to.min(lines.len());
        return Ok(lines.get(from..to.max(from)).unwrap_or(&[]).join("\n"));
    }
    anchored(&lines, spec)
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, less every marker line.
fn anchored(lines: &[&str], name: &str) -> Result<String, Vec<String>> {
    let marker = |line: &str, word: &str| {
        line.find(word)
            .map(|i| line[i + word.len()..].trim_start_matches(':').trim())
            .map(|rest| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches("-->")
                    .to_string()
            })
    };
    let mut inside = false;
    let mut found = false;
    let mut out = Vec::new();
    let mut names = Vec::new();
    for line in lines {
        if let Some(end) = marker(line, "ANCHOR_END:") {
            inside &= end != name;
            continue;
        }
        if let Some(start) = marker(line, "ANCHOR:") {
            if start == name {
                inside = true;
                found = true;
            }
            names.push(format!("`{start}`"));
            continue;
        }
        if inside {
            out.push(*line);
        }
    }
    if found {
        Ok(out.join("\n"))
    } else {
        Err(names)
    }
}

/// For each line of the expanded text `out`, the page's line: text outside directives
/// keeps its line; a directive's output is on the directive's line.
fn line_map(page: &str, out: &str, spans: &[(usize, usize, usize, usize)]) -> Vec<u32> {
    let newlines = |s: &str| s.bytes().filter(|&b| b == b'\n').count() as u32;
    let mut map = vec![1];
    let mut line = 1u32;
    let mut at = 0;
    for &(d_start, o_start, o_end, d_end) in spans {
        for _ in 0..newlines(&page[at..d_start]) {
            line += 1;
            map.push(line);
        }
        let n = newlines(&out[o_start..o_end]) as usize;
        map.extend(std::iter::repeat_n(line, n));
        line += newlines(&page[d_start..d_end]);
        at = d_end;
        // Whole lines left out (a snippet block's markers): the expanded line that
        // follows is the page's next one.
        let whole = (d_start == 0 || page.as_bytes()[d_start - 1] == b'\n')
            && page.as_bytes().get(d_end.wrapping_sub(1)) == Some(&b'\n');
        if o_start == o_end
            && whole
            && let Some(last) = map.last_mut()
        {
            *last = line;
        }
    }
    for _ in 0..newlines(&page[at..]) {
        line += 1;
        map.push(line);
    }
    map
}

mod foreign;

#[cfg(test)]
mod tests;
