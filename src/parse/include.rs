//! Stage 3: an mdBook page's `{{#…}}` directives expanded before the Markdown pass, as
//! mdBook's `links` preprocessor does: `{{#include file}}`, `file:10:20` (lines 10 to
//! 20; `:10`, `::20`, `:10:` too), `file:anchor` (the lines between `ANCHOR: anchor`
//! and `ANCHOR_END: anchor`, marker lines left out), nested up to ten deep;
//! `{{#rustdoc_include}}` as an include; `{{#playground file}}` as a `rust` code block
//! of the file; `{{#title …}}` the page's title; `\{{#…}}` written without the
//! backslash. A missing file, a file outside the repository or a missing anchor is a
//! `broken-link` error at the directive. The files come from stage 2
//! (`source::includes`); `Expanded::lines` maps each line back to the page's own.

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use crate::source::includes::{self, Directive, Includes, Kind, MAX_DEPTH};

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
    let col = |line: u32, col: u32| {
        let own = exp.text.lines().nth(line.saturating_sub(1) as usize);
        let page = original
            .lines()
            .nth(exp.page_line(line).saturating_sub(1) as usize);
        if own == page { col } else { 1 }
    };
    let moved: Vec<Diagnostic> = std::mem::take(diags)
        .into_iter()
        .map(|d| {
            if d.line == 0 {
                return d;
            }
            let c = col(d.line, d.col);
            let line = exp.page_line(d.line);
            d.at(original, line, c)
        })
        .collect();
    diags.extend(moved);
    for item in &mut doc.items {
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

/// Where a directive is being expanded: the page, for diagnostics, and the file whose
/// folder relative paths start from.
struct At<'a> {
    page: &'a RelPath,
    page_text: &'a str,
    index: &'a LineIndex,
    /// Byte offset in the page of the outermost directive (nested ones report there).
    outer: Option<usize>,
}

/// `text` of the page at `path` with its directives expanded (see the module doc).
pub(crate) fn expand(
    text: &str,
    path: &RelPath,
    files: &Includes,
    diags: &mut Diagnostics,
) -> Expanded {
    if includes::directives(text).is_empty() {
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
    let mut title = None;
    let out = expand_in(text, path.as_str(), files, &at, 0, &mut title, diags);
    let lines = line_map(text, &out.0, &out.1);
    Expanded {
        text: out.0,
        title,
        lines,
    }
}

/// Expands `text` (the file `file`, relative to the book root); returns the text and,
/// for a page (depth 0), where each directive's output starts and ends in it:
/// `(directive start in the page, output start, output end, directive end)`.
fn expand_in(
    text: &str,
    file: &str,
    files: &Includes,
    at: &At<'_>,
    depth: usize,
    title: &mut Option<String>,
    diags: &mut Diagnostics,
) -> (String, Vec<(usize, usize, usize, usize)>) {
    let base = file.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut last = 0;
    for d in includes::directives(text) {
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
            Kind::Title => *title = Some(d.arg.to_string()),
            _ => {
                if let Some(body) = included(&d, base, files, &here, diags) {
                    let body = if depth + 1 < MAX_DEPTH && d.kind != Kind::Playground {
                        let target = includes::normalize(base, d.file()).map(|t| t.1);
                        let target = target.unwrap_or_default();
                        expand_in(&body, &target, files, &here, depth + 1, title, diags).0
                    } else {
                        body
                    };
                    out.push_str(&body);
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

/// The text a file directive puts in place, or `None` after a diagnostic.
fn included(
    d: &Directive<'_>,
    base: &str,
    files: &Includes,
    at: &At<'_>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let name = d.file();
    let error = |message: String, hint: &str| {
        let offset = at.outer.unwrap_or(d.start);
        let (line, col) = at.index.line_col(at.page_text, offset);
        Diagnostic::error(Code::BrokenLink, at.page.clone(), message)
            .at(at.page_text, line, col)
            .with_hint(hint.to_string())
    };
    let target = includes::normalize(base, name).filter(|(up, _)| *up <= files.reach);
    let Some((_, target)) = target else {
        let (place, hint) = match files.reach {
            0 => (
                "book folder",
                "include files from inside the book folder (or the git repository that holds it)",
            ),
            _ => (
                "book's repository",
                "include files from inside the repository that holds the book",
            ),
        };
        diags.push(error(
            format!("`{name}` is outside the {place}; it is not included"),
            hint,
        ));
        return None;
    };
    let Some(bytes) = files.files.get(&target) else {
        diags.push(error(
            format!("`{name}` does not exist (included as {target})"),
            "the path is relative to the file that includes it",
        ));
        return None;
    };
    let text = String::from_utf8_lossy(bytes);
    let spec = d
        .arg
        .split_whitespace()
        .next()
        .and_then(|a| a.split_once(':'))
        .map(|(_, s)| s);
    let body = match spec {
        None => text.into_owned(),
        Some(spec) => match select(&text, spec) {
            Ok(body) => body,
            Err(anchors) => {
                let hint = if anchors.is_empty() {
                    format!("{target} has no `ANCHOR: name` comments")
                } else {
                    format!("{target} has the anchors {}", anchors.join(", "))
                };
                diags.push(error(format!("`{name}` has no anchor `{spec}`"), &hint));
                return None;
            }
        },
    };
    Some(match d.kind {
        Kind::Playground => {
            let attrs: Vec<&str> = d.arg.split_whitespace().skip(1).collect();
            let info = std::iter::once("rust")
                .chain(attrs)
                .collect::<Vec<_>>()
                .join(",");
            format!("```{info}\n{}\n```", body.trim_end_matches('\n'))
        }
        _ => body,
    })
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
    }
    for _ in 0..newlines(&page[at..]) {
        line += 1;
        map.push(line);
    }
    map
}

#[cfg(test)]
mod tests;
