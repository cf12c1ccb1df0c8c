//! Other tools' admonitions, read before pulldown-cmark parses the body: MkDocs
//! (`!!! note "Title"` with its text indented 4 spaces, collapsible `??? tip` and
//! `???+ tip`) and Docusaurus (`:::note[Title]` or `:::note Title` … `:::`, nesting
//! with longer fences). Each becomes a GitHub alert block quote (`> [!NOTE]`, its
//! lines quoted), so `alerts.rs` renders all of them with the one alert HTML; what a
//! block quote cannot say (the kind's own class, the title, collapsible) is kept in
//! `Found`, keyed by the byte offset where the quote starts in the rewritten body.
//!
//! MDX `import X from '…';` lines at the top level (Docusaurus pages) are dropped:
//! they are code for Docusaurus's build, not text for the reader.
//!
//! The rewrite keeps every line where it was (a header becomes the quote's first
//! line, a closing `:::` an empty line), so diagnostics keep their line numbers.
//! MkDocs text keeps its columns too (`    ` becomes `>   `); Docusaurus text moves
//! two columns right. Fenced code blocks are never read for admonitions. One inside a
//! block quote (`> :::note` … `> :::`, as a Hugo shortcode written in a quote becomes)
//! stays in the quote: the quote's lines are read as a block of their own.
//!
//! Content tabs (MkDocs `=== "Title"`, Docusaurus `<Tabs>`/`<TabItem>`, mdBook's
//! `{{#tabs}}`/`{{#tab}}` of the `tabulate` preprocessor) are block
//! quotes the same way, so tabs and admonitions nest either way; `tabs.rs` reads their
//! header lines and turns the quotes into tabs (`Tab`, alongside `Found`).

use super::tabs::{self, Tab};

/// One admonition found: what its alert shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte offset of its `>` in the rewritten body.
    pub(crate) at: usize,
    /// The alert class: `note`, `tip`, `important`, `warning`, `caution`, `danger`.
    pub(crate) class: &'static str,
    /// The title shown; empty for none (MkDocs `!!! note ""`).
    pub(crate) title: String,
    /// `None`: always open; `Some(open)`: a `<details>`, open at first or not.
    pub(crate) collapsible: Option<bool>,
}

/// The body with every admonition and tab rewritten, and what was found; `None` when
/// the body has none (the common case costs one scan for `!!!`, `???`, `:::`, `===`,
/// `<Tabs` and `{{#tabs`).
pub(crate) fn rewrite(body: &str) -> Option<(String, Vec<Found>, Vec<Tab>)> {
    let maybe = body
        .lines()
        .any(|l| starts_a_block(unquoted(l)) || is_mdx_import(l));
    if !maybe {
        return None;
    }
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = Rewriter::default();
    out.block(&lines, "");
    let any = !out.found.is_empty() || !out.tabs.is_empty() || out.dropped > 0;
    any.then_some((out.text, out.found, out.tabs))
}

/// `import Tabs from '@theme/Tabs';` or `import '…';` at column 1.
fn is_mdx_import(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_prefix("import ") else {
        return false;
    };
    let rest = rest.trim_end_matches(';');
    let quoted = |s: &str| {
        let s = s.trim();
        s.len() >= 2
            && ((s.starts_with('\'') && s.ends_with('\''))
                || (s.starts_with('"') && s.ends_with('"')))
    };
    match rest.rsplit_once(" from ") {
        Some((names, source)) => !names.trim().is_empty() && quoted(source),
        None => quoted(rest),
    }
}

#[derive(Default)]
struct Rewriter {
    text: String,
    found: Vec<Found>,
    tabs: Vec<Tab>,
    /// Tab sets started so far.
    sets: u32,
    /// MDX import lines left out.
    dropped: usize,
}

impl Rewriter {
    /// The body of an MkDocs admonition or content tab: its lines, indented four
    /// spaces under the header, as a block of their own.
    /// The text of an admonition or tab in a list item (`n`: the header's indent):
    /// dedented by `n` and 4, then written after `at` and the quote mark.
    fn item_block(&mut self, lines: &[&str], n: usize, at: &str) {
        let inner: Vec<String> = lines
            .iter()
            .map(|l| dedent4(dedent(l, n)).to_string())
            .collect();
        let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
        self.block(&inner, &format!("{at}>   "));
    }

    /// The set of the MkDocs tab at line `i`: the set of the tab just before it
    /// (`last_tab`: the line after that tab and its set) when only blank lines are
    /// between them and it does not start a new one (`===!`), else a new set.
    fn set_of(
        &mut self,
        lines: &[&str],
        i: usize,
        last_tab: Option<(usize, u32)>,
        new: bool,
    ) -> u32 {
        let follows =
            last_tab.filter(|(after, _)| lines[*after..i].iter().all(|l| l.trim().is_empty()));
        match follows {
            Some((_, set)) if !new => set,
            _ => self.new_set(),
        }
    }

    fn indented_block(&mut self, lines: &[&str], prefix: &str) {
        let inner: Vec<String> = lines.iter().map(|l| dedent4(l).to_string()).collect();
        let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
        self.block(&inner, &format!("{prefix}>   "));
    }

    /// Writes `lines`, each after `prefix` (the quote marks of the admonitions they are
    /// inside), rewriting the admonitions among them.
    fn block(&mut self, lines: &[&str], prefix: &str) {
        let mut i = 0;
        let mut fence: Option<String> = None;
        // The line after the last MkDocs tab at this level, and its set.
        let mut last_tab: Option<(usize, u32)> = None;
        while i < lines.len() {
            let line = lines[i];
            let body = line.trim_end_matches(['\n', '\r']);
            if let Some(f) = &fence {
                if body.trim_start().starts_with(f.as_str()) {
                    fence = None;
                }
                self.line(prefix, line);
                i += 1;
                continue;
            }
            if let Some(f) = fence_of(body) {
                fence = Some(f);
                self.line(prefix, line);
                i += 1;
                continue;
            }
            if prefix.is_empty() && is_mdx_import(body) {
                tracing::info!("left out an MDX import line: {}", body.trim());
                self.dropped += 1;
                self.text.push_str(eol(line));
                i += 1;
                continue;
            }
            // In a list item's text (indented by 4 per level, as Python-Markdown reads a
            // list), an admonition or a tab stays in the item, its text loses the indent.
            let in_item = list_item_indent(lines, i);
            if let Some(n) = in_item
                && let Some(head) = mkdocs_header(&body[n..])
            {
                let end = indented_end(lines, i + 1, n + 4);
                let at = format!("{prefix}{}", &body[..n]);
                self.open(&at, line, head);
                self.item_block(&lines[i + 1..end], n, &at);
                i = end;
                continue;
            }
            if let Some(n) = in_item
                && let Some(head) = tabs::mkdocs_header(&body[n..])
            {
                let end = indented_end(lines, i + 1, n + 4);
                let set = self.set_of(lines, i, last_tab, head.new_set);
                let at = format!("{prefix}{}", &body[..n]);
                self.open_tab(&at, line, mkdocs_tab(head, set));
                self.item_block(&lines[i + 1..end], n, &at);
                last_tab = Some((end, set));
                i = end;
                continue;
            }
            if let Some(head) = mkdocs_header(body) {
                let end = mkdocs_end(lines, i + 1);
                self.open(prefix, line, head);
                self.indented_block(&lines[i + 1..end], prefix);
                i = end;
                continue;
            }
            if let Some(head) = tabs::mkdocs_header(body) {
                let end = mkdocs_end(lines, i + 1);
                let set = self.set_of(lines, i, last_tab, head.new_set);
                self.open_tab(prefix, line, mkdocs_tab(head, set));
                self.indented_block(&lines[i + 1..end], prefix);
                last_tab = Some((end, set));
                i = end;
                continue;
            }
            if tabs::is_tabs_open(body)
                && let Some(close) = matching(lines, i + 1, tabs::is_tabs_open, tabs::is_tabs_close)
            {
                self.docusaurus_tabs(&lines[i..=close], prefix);
                i = close + 1;
                continue;
            }
            let indent = &body[..body.len() - body.trim_start_matches(' ').len()];
            if let Some((colons, head)) = docusaurus_header(&body[indent.len()..])
                && let Some(close) = docusaurus_end(lines, i + 1, colons)
            {
                // An indented directive (in a list item) keeps its indentation; its
                // lines lose it inside the quote.
                let at = format!("{prefix}{indent}");
                self.open(&at, line, head);
                let inner: Vec<&str> = lines[i + 1..close]
                    .iter()
                    .map(|l| dedent(l, indent.len()))
                    .collect();
                self.block(&inner, &format!("{at}> "));
                // The closing fence: an empty line ends the quote.
                self.text.push_str(prefix.trim_end());
                self.text.push_str(eol(lines[close]));
                i = close + 1;
                continue;
            }
            if let Some(marker) = quote_marker(body) {
                let end = quote_end(lines, i, marker);
                let inner: Vec<&str> = lines[i..end]
                    .iter()
                    .map(|l| in_quote(l, marker.len()))
                    .collect();
                if inner.iter().any(|l| starts_a_block(l)) {
                    // An admonition or tabs inside a block quote (a Hugo shortcode
                    // written in one): read the quote's lines as a block of their own.
                    self.block(&inner, &format!("{prefix}{marker} "));
                    i = end;
                    continue;
                }
            }
            self.line(prefix, line);
            i += 1;
        }
    }

    /// `<Tabs>` … `</Tabs>` (both lines in `lines`): each `<TabItem>` a tab of one set,
    /// its text without the indentation its lines share; the tag lines become empty.
    fn docusaurus_tabs(&mut self, lines: &[&str], prefix: &str) {
        let set = self.new_set();
        // A set indented into a list item stays in it.
        let indent = &lines[0][..lines[0].len() - lines[0].trim_start_matches(' ').len()];
        let at = format!("{prefix}{indent}");
        let default = tabs::default_value(lines[0]);
        let (group, query) = tabs::group_and_query(lines[0]);
        let last = lines.len() - 1;
        self.line(prefix, eol(lines[0]));
        let mut j = 1;
        while j < last {
            let body = lines[j].trim_end_matches(['\n', '\r']);
            if let Some((title, selected, value)) = tabs::tab_item_open(body, default.as_deref())
                && let Some(close) = matching(
                    &lines[..last],
                    j + 1,
                    |l| tabs::tab_item_open(l, None).is_some(),
                    tabs::is_tab_item_close,
                )
            {
                let tab = Tab {
                    at: 0,
                    title,
                    set,
                    selected,
                    value,
                    group: group.clone(),
                    query: query.clone(),
                };
                self.open_tab(&at, lines[j], tab);
                let inner = dedent_common(&lines[j + 1..close]);
                let inner: Vec<&str> = inner.iter().map(String::as_str).collect();
                self.block(&inner, &format!("{at}> "));
                self.line(prefix, eol(lines[close]));
                j = close + 1;
                continue;
            }
            // A close with no tab open (`{{#/tab }}` twice): mdBook's preprocessor makes
            // it a stray `</section>`, which shows nothing.
            let line = if tabs::is_tab_item_close(body) {
                eol(lines[j])
            } else {
                lines[j]
            };
            self.line(prefix, line);
            j += 1;
        }
        self.line(prefix, eol(lines[last]));
    }

    fn new_set(&mut self) -> u32 {
        self.sets += 1;
        self.sets - 1
    }

    /// A tab's header line: the first line of its quote.
    fn open_tab(&mut self, prefix: &str, line: &str, tab: Tab) {
        self.text.push_str(prefix);
        self.tabs.push(Tab {
            at: self.text.len(),
            ..tab
        });
        self.text.push_str("> [!NOTE]");
        self.text.push_str(eol(line));
    }

    fn line(&mut self, prefix: &str, line: &str) {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            self.text.push_str(prefix.trim_end());
        } else {
            self.text.push_str(prefix);
            self.text.push_str(body);
        }
        self.text.push_str(eol(line));
    }

    /// The header line of an admonition: the first line of its quote.
    fn open(&mut self, prefix: &str, line: &str, head: Head) {
        self.text.push_str(prefix);
        self.found.push(Found {
            at: self.text.len(),
            class: head.class,
            title: head.title,
            collapsible: head.collapsible,
        });
        self.text.push_str("> [!NOTE]");
        self.text.push_str(eol(line));
    }
}

/// What a header line says.
struct Head {
    class: &'static str,
    title: String,
    collapsible: Option<bool>,
}

/// `!!! note "Title"`, `??? tip`, `???+ warning "Open"`, at column 1.
fn mkdocs_header(line: &str) -> Option<Head> {
    let (collapsible, rest) = if let Some(r) = line.strip_prefix("!!!") {
        (None, r)
    } else if let Some(r) = line.strip_prefix("???+") {
        (Some(true), r)
    } else if let Some(r) = line.strip_prefix("???") {
        (Some(false), r)
    } else {
        return None;
    };
    let rest = rest.strip_prefix(' ')?.trim();
    let (kind, title) = match rest.split_once(' ') {
        Some((kind, title)) => (kind, Some(title.trim())),
        None => (rest, None),
    };
    // `!!! note inline end "Title"`: placement words are dropped.
    let kind = kind.split_whitespace().next()?;
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = match title {
        Some(t) => {
            let quoted = t.rfind('"').and_then(|end| {
                let start = t[..end].find('"')?;
                Some(t[start + 1..end].to_string())
            });
            quoted.unwrap_or_else(|| default_title(kind))
        }
        None => default_title(kind),
    };
    Some(Head {
        class: class_of(kind),
        title,
        collapsible,
    })
}

/// The line after an MkDocs admonition's text: its text is the lines indented by 4
/// (or a tab) and the blank lines between them.
fn mkdocs_end(lines: &[&str], from: usize) -> usize {
    let mut end = from;
    let mut last_text = from;
    while end < lines.len() {
        let l = lines[end].trim_end_matches(['\n', '\r']);
        if l.trim().is_empty() {
            end += 1;
            continue;
        }
        if l.starts_with("    ") || l.starts_with('\t') {
            end += 1;
            last_text = end;
            continue;
        }
        break;
    }
    last_text
}

/// The indentation of line `i` when it is a multiple of 4 spaces inside a list item
/// (the nearest line before it that is indented less starts a list item): where
/// Python-Markdown reads an MkDocs admonition or tab header as a block of the item.
fn list_item_indent(lines: &[&str], i: usize) -> Option<usize> {
    let body = lines[i].trim_end_matches(['\n', '\r']);
    let n = body.len() - body.trim_start_matches(' ').len();
    if n == 0 || !n.is_multiple_of(4) || !body[n..].starts_with(['!', '?', '=']) {
        return None;
    }
    let before = lines[..i].iter().rev().find(|l| {
        let l = l.trim_end_matches(['\n', '\r']);
        !l.trim().is_empty() && l.len() - l.trim_start_matches(' ').len() < n
    })?;
    is_list_item(before.trim_start()).then_some(n)
}

/// An MkDocs tab of `set`, as its header says.
fn mkdocs_tab(head: tabs::Header, set: u32) -> Tab {
    Tab {
        at: 0,
        title: head.title,
        set,
        selected: head.selected,
        value: None,
        group: None,
        query: None,
    }
}

/// Whether `line` (without its indentation) starts a list item: `- `, `* `, `+ `,
/// `1. ` or `1) `.
fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = if digits > 0 {
        line[digits..].strip_prefix(['.', ')'])
    } else {
        line.strip_prefix(['-', '*', '+'])
    };
    rest.is_some_and(|r| r.starts_with([' ', '\t']))
}

/// The line after the text of a block whose lines are indented by `width` spaces (and
/// the blank lines between them), from `from`.
fn indented_end(lines: &[&str], from: usize, width: usize) -> usize {
    let mut end = from;
    let mut last_text = from;
    while end < lines.len() {
        let l = lines[end].trim_end_matches(['\n', '\r']);
        end += 1;
        if l.trim().is_empty() {
            continue;
        }
        if l.len() - l.trim_start_matches(' ').len() < width {
            return last_text;
        }
        last_text = end;
    }
    last_text
}

/// The line that closes the block opened just before `from` (`opens` and `closes` tell
/// its tag lines apart; nested blocks are counted), outside code fences.
fn matching(
    lines: &[&str],
    from: usize,
    opens: impl Fn(&str) -> bool,
    closes: impl Fn(&str) -> bool,
) -> Option<usize> {
    let mut depth = 0usize;
    let mut fence: Option<String> = None;
    for (i, line) in lines.iter().enumerate().skip(from) {
        let l = line.trim_end_matches(['\n', '\r']);
        if let Some(f) = &fence {
            if l.trim_start().starts_with(f.as_str()) {
                fence = None;
            }
            continue;
        }
        if let Some(f) = fence_of(l.trim_start()) {
            fence = Some(f);
        } else if closes(l) {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        } else if opens(l) {
            depth += 1;
        }
    }
    None
}

/// `lines` without the indentation all their non-blank lines share (MDX does not
/// read indented text as code, so a tab's text is often indented with its tag).
fn dedent_common(lines: &[&str]) -> Vec<String> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let cut = indent.min(l.len() - l.trim_start_matches([' ', '\t']).len());
            l[cut..].to_string()
        })
        .collect()
}

/// Whether `line` may start an admonition or tabs: the cheap test before the rewrite.
fn starts_a_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("!!!")
        || t.starts_with("???")
        || t.starts_with(":::")
        || t.starts_with("===")
        || t.starts_with("<Tabs")
        || t.starts_with("{{#tabs")
}

/// `line` without the quote marks before it (`> > :::note` → `:::note`).
fn unquoted(line: &str) -> &str {
    let mut rest = line;
    while let Some(marker) = quote_marker(rest) {
        rest = in_quote(rest, marker.len());
    }
    rest
}

/// The quote mark that starts `line`, with the spaces before it (`  >`): `None` when
/// the line is not in a block quote.
fn quote_marker(line: &str) -> Option<&str> {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    line[spaces..].starts_with('>').then(|| &line[..=spaces])
}

/// The line after the last of the quote's lines from `from`: each starts with
/// `marker` (a lazy line, without it, ends the part read as the quote).
fn quote_end(lines: &[&str], from: usize, marker: &str) -> usize {
    lines[from..]
        .iter()
        .position(|l| quote_marker(l) != Some(marker))
        .map_or(lines.len(), |n| from + n)
}

/// A quote's line without its mark (`marker_len` bytes) and the one space after it.
fn in_quote(line: &str, marker_len: usize) -> &str {
    let rest = &line[marker_len..];
    rest.strip_prefix(' ').unwrap_or(rest)
}

/// A line without up to `n` spaces of indentation.
fn dedent(line: &str, n: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(n)..]
}

/// A line without its first 4 spaces (or tab) of indentation.
fn dedent4(line: &str) -> &str {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or_else(|| line.trim_start_matches(' '))
}

/// `:::note`, `:::tip[Title]`, `:::warning Title`, `::::info` (nesting): how many
/// colons, and the head. `:::details[Title]` is collapsible (as VitePress has it),
/// open at first with `{open}` after the title; Hugo's `details` shortcodes are
/// written so (`parse/shortcode_blocks.rs`).
fn docusaurus_header(line: &str) -> Option<(usize, Head)> {
    let colons = line.chars().take_while(|&c| c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = &line[colons..];
    let kind_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let kind = &rest[..kind_len];
    if kind.is_empty() {
        return None;
    }
    let after = rest[kind_len..].trim();
    let details = kind.eq_ignore_ascii_case("details");
    let (after, attrs) = match after.rfind('{') {
        Some(at) if after.ends_with('}') => (after[..at].trim_end(), &after[at..]),
        _ => (after, ""),
    };
    let title = if let Some(inner) = after.strip_prefix('[') {
        inner.strip_suffix(']').unwrap_or(inner).trim().to_string()
    } else if after.is_empty() && details {
        String::new()
    } else if after.is_empty() {
        default_title(kind)
    } else {
        after.to_string()
    };
    let collapsible = details.then(|| attrs == "{open}");
    Some((
        colons,
        Head {
            class: class_of(kind),
            title,
            collapsible,
        },
    ))
}

/// The line that closes a Docusaurus admonition opened with `colons` colons: a line of
/// exactly that many colons (outside code fences); `None` when it is never closed.
fn docusaurus_end(lines: &[&str], from: usize, colons: usize) -> Option<usize> {
    // Nested blocks have longer fences, so no line opens one this close counts.
    let closes = |l: &str| {
        let t = l.trim();
        t.len() == colons && t.chars().all(|c| c == ':')
    };
    matching(lines, from, |_| false, closes)
}

/// The marker that closes a fenced code block opened on `line`, if it opens one.
fn fence_of(line: &str) -> Option<String> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    for mark in ['`', '~'] {
        let n = t.chars().take_while(|&c| c == mark).count();
        if n >= 3 {
            return Some(mark.to_string().repeat(n));
        }
    }
    None
}

fn eol(line: &str) -> &str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}

/// The alert class of an MkDocs or Docusaurus kind.
pub(crate) fn class_of(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" | "question" | "help" | "faq" => "important",
        "warning" | "attention" => "warning",
        "caution" => "caution",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "danger",
        _ => "note",
    }
}

/// The title MkDocs shows for a kind without one: the kind, capitalised.
pub(crate) fn default_title(kind: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        rewrite(body)
            .map(|(t, _, _)| t)
            .unwrap_or_else(|| body.to_string())
    }

    #[test]
    fn mkdocs_admonitions_become_quotes_line_for_line() {
        let body = "Intro\n\n!!! warning \"Mind the gap\"\n    First line.\n\n    ```sh\n    !!! not a header\n    ```\nAfter\n";
        let (out, found, _) = rewrite(body).expect("found");
        assert_eq!(
            out,
            "Intro\n\n> [!NOTE]\n>   First line.\n>\n>   ```sh\n>   !!! not a header\n>   ```\nAfter\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(
            found,
            [Found {
                at: 7,
                class: "warning",
                title: "Mind the gap".into(),
                collapsible: None
            }]
        );
    }

    #[test]
    fn nested_and_collapsible_mkdocs() {
        let body = "??? tip\n    Outer.\n\n    !!! danger \"\"\n        Inner.\n";
        let (out, found, _) = rewrite(body).expect("found");
        assert_eq!(
            out,
            "> [!NOTE]\n>   Outer.\n>\n>   > [!NOTE]\n>   >   Inner.\n"
        );
        let kinds: Vec<(&str, &str, Option<bool>)> = found
            .iter()
            .map(|f| (f.class, f.title.as_str(), f.collapsible))
            .collect();
        assert_eq!(kinds, [("tip", "Tip", Some(false)), ("danger", "", None)]);
    }

    #[test]
    fn docusaurus_admonitions_with_titles_and_nesting() {
        let body = ":::note[Before you start]\nText.\n\n::::tip\nNested.\n::::\n:::\n\n:::info Heads up\nMore.\n:::\n";
        let (out, found, _) = rewrite(body).expect("found");
        assert_eq!(
            out,
            "> [!NOTE]\n> Text.\n>\n> > [!NOTE]\n> > Nested.\n>\n\n\n> [!NOTE]\n> More.\n\n"
        );
        let titles: Vec<(&str, &str)> = found.iter().map(|f| (f.class, f.title.as_str())).collect();
        assert_eq!(
            titles,
            [
                ("note", "Before you start"),
                ("tip", "Tip"),
                ("note", "Heads up")
            ]
        );
    }

    #[test]
    fn admonitions_and_tabs_inside_a_block_quote_stay_in_it() {
        let body = "> Read this.\n>\n> :::warning[Careful]\n> Stops writes.\n> :::\n>\n> > :::tip\n> > Nested.\n> > :::\n\n> <Tabs>\n> <TabItem label=\"A\">\n> a\n> </TabItem>\n> </Tabs>\n";
        let (out, found, tabs) = rewrite(body).expect("found");
        assert_eq!(
            out,
            "> Read this.\n>\n> > [!NOTE]\n> > Stops writes.\n>\n>\n> > > [!NOTE]\n> > > Nested.\n> >\n\n>\n> > [!NOTE]\n> > a\n>\n>\n"
        );
        let titles: Vec<(&str, &str)> = found.iter().map(|f| (f.class, f.title.as_str())).collect();
        assert_eq!(titles, [("warning", "Careful"), ("tip", "Tip")]);
        assert_eq!(&out[found[0].at..found[0].at + 9], "> [!NOTE]");
        assert_eq!(&out[found[1].at..found[1].at + 9], "> [!NOTE]");
        assert_eq!(tabs.len(), 1);
        assert_eq!(&out[tabs[0].at..tabs[0].at + 9], "> [!NOTE]");
        // A quote with none in it is left as written.
        let plain = ">text\n>  two\n> :::note never closed\n";
        assert_eq!(text(plain), plain);
    }

    #[test]
    fn indented_directives_stay_in_their_list_item() {
        let body = "1. Step\n\n    :::warning[]\n\n    **Careful**\n    :::\n";
        let (out, found, _) = rewrite(body).expect("found");
        assert_eq!(
            out,
            "1. Step\n\n    > [!NOTE]\n    >\n    > **Careful**\n\n"
        );
        assert_eq!((found[0].class, found[0].title.as_str()), ("warning", ""));
        let (doc, _) = crate::parse::markdown::test_support::render_page(body);
        let html = doc.html.to_string();
        assert!(
            html.contains("<li>\n<p>Step</p>\n<div class=\"alert alert-warning\""),
            "{html}"
        );
    }

    #[test]
    fn mkdocs_admonitions_indented_in_a_list_item_stay_in_it() {
        let body = "4. Map the groups.\n\n    !!! note \"Not *official*\"\n        Works today.\n\n        - [ ] Check it\n\n    After the note.\n\nOut.\n";
        let (out, found, _) = rewrite(body).expect("found");
        assert_eq!(
            out,
            "4. Map the groups.\n\n    > [!NOTE]\n    >   Works today.\n    >\n    >   - [ ] Check it\n\n    After the note.\n\nOut.\n"
        );
        assert_eq!(found[0].title, "Not *official*");
        let (doc, _) = crate::parse::markdown::test_support::render_page(body);
        let html = doc.html.to_string();
        assert!(
            html.contains("<li>\n<p>Map the groups.</p>\n<div class=\"alert alert-note\""),
            "{html}"
        );
        assert!(html.contains("<p>After the note.</p>\n</li>"), "{html}");
        assert_eq!(doc.items.len(), 1);
        assert_eq!(doc.items[0].line, 6);
    }

    #[test]
    fn mkdocs_tabs_indented_in_a_list_item_stay_in_it_as_one_set() {
        let body = "1. Create a service:\n\n    === \"kn\"\n\n        Run this:\n\n        ```bash\n        kn service create x\n        ```\n\n    === \"YAML\"\n\n        - [ ] Apply it\n\n1. Next step.\n";
        let (doc, _) = crate::parse::markdown::test_support::render_page(body);
        let html = doc.html.to_string();
        assert!(!html.contains("==="), "{html}");
        let item = html
            .split("<li>")
            .nth(1)
            .and_then(|li| li.split("</li>").next())
            .unwrap_or_default();
        assert!(item.contains("Create a service:"), "{html}");
        assert_eq!(
            item.matches("<div class=\"tabs\">").count(),
            1,
            "one set: {html}"
        );
        assert_eq!(item.matches("<p class=\"tab-label\">").count(), 2, "{html}");
        assert!(item.contains("<p class=\"tab-label\">YAML</p>"), "{html}");
        assert!(
            item.contains("<div class=\"code-block\">"),
            "the fence is in the tab: {html}"
        );
        assert_eq!(doc.items.len(), 1);
        assert!(html.contains("<p>Next step.</p>"), "{html}");
        // Two spaces, or no list: not the item's block (as Python-Markdown reads it).
        for body in [
            "- item\n\n  === \"A\"\n      a\n",
            "Text.\n\n    === \"A\"\n        an indented code block\n",
        ] {
            assert_eq!(text(body), body, "{body:?}");
        }
    }

    #[test]
    fn details_directives_are_collapsible() {
        let body = ":::details[Why?]\nA.\n:::\n\n:::details{open}\nB.\n:::\n";
        let (_, found, _) = rewrite(body).expect("found");
        let heads: Vec<(&str, &str, Option<bool>)> = found
            .iter()
            .map(|f| (f.class, f.title.as_str(), f.collapsible))
            .collect();
        assert_eq!(
            heads,
            [("note", "Why?", Some(false)), ("note", "", Some(true))]
        );
    }

    #[test]
    fn what_is_not_an_admonition_is_left_alone() {
        for body in [
            "plain text\n",
            ":::note never closed\ntext\n",
            "```\n!!! note\n    x\n```\n",
            "!!!note glued\n",
            "a ::: b\n",
            "Text.\n\n    !!! note\n        an indented code block\n",
            "- item\n\n  !!! note\n      two spaces: not a child block of the item\n",
        ] {
            assert_eq!(text(body), body, "{body:?}");
        }
    }

    #[test]
    fn mdx_imports_are_dropped_line_for_line() {
        let body = "# T\n\nimport Tabs from '@theme/Tabs';\nimport \"./x.css\";\n\nimport is a word.\n\n```js\nimport A from 'a';\n```\n";
        let (out, found, _) = rewrite(body).expect("rewritten");
        assert!(found.is_empty());
        assert_eq!(
            out,
            "# T\n\n\n\n\nimport is a word.\n\n```js\nimport A from 'a';\n```\n"
        );
    }
}
