//! Editing a state file's text: `edit` applies ticks and unticks as text edits, never
//! a re-serialisation, so every other entry, comment and blank line stays byte for
//! byte, and so do the file's line endings (CRLF stays CRLF). Values that are not
//! plainly safe are double-quoted with escapes, so any note (`:`, `#`, quotes, newlines,
//! `<script>`) reads back as written. `render` writes a fresh file.
//!
//! An edit is either right or refused: the result is read back and must hold exactly
//! the old entries with the change applied. A file whose entries share values through
//! YAML anchors (`&x`), aliases (`*x`) or merge keys (`<<:`), so that changing one
//! would change another, is refused and left as it was; so is a file in flow style or
//! indented whose comments a rewrite would lose.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::parse;
use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::model::EnvState;
use crate::model::state::Entry;
use crate::parse::yaml::{Node, load_yaml, pos, scalar_text};

/// One change to a state file: the item id and its new entry (`None`: untick).
pub(crate) type Change<'a> = (&'a str, Option<&'a Entry>);

/// The new text of state file `file` (of environment `env`) with `changes` applied in
/// order. `Err` holds the file's own errors, or the one reason it cannot be edited
/// safely; the caller then writes nothing.
pub(crate) fn edit(
    text: &str,
    file: &RelPath,
    env: &str,
    changes: &[Change<'_>],
) -> Result<String, Diagnostics> {
    let mut diags = Diagnostics::new();
    let before = parse(text, file, env, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut expected = values(&before);
    for (id, entry) in changes {
        match entry {
            Some(e) => expected.insert(
                (*id).to_string(),
                Entry {
                    line: 0,
                    ..(*e).clone()
                },
            ),
            None => expected.remove(*id),
        };
    }
    if expected == values(&before) {
        return Ok(text.to_string());
    }
    let mut out = if text.trim().is_empty() {
        render(&EnvState {
            environment: env.to_string(),
            entries: BTreeMap::new(),
        })
    } else {
        text.to_string()
    };
    for (id, entry) in changes {
        out = set_entry(&out, id, *entry).map_err(|why| refusal(text, file, id, &why))?;
    }
    let mut check = Diagnostics::new();
    let after = parse(&out, file, env, &mut check);
    if check.has_errors() || values(&after) != expected {
        let id = changes.first().map_or("", |(id, _)| *id);
        return Err(refusal(text, file, id, &Why::Shared));
    }
    Ok(out)
}

/// The entries without their line numbers.
fn values(state: &EnvState) -> BTreeMap<String, Entry> {
    let mut m = state.entries.clone();
    m.values_mut().for_each(|e| e.line = 0);
    m
}

/// Why a file cannot be edited safely.
#[derive(Debug, PartialEq, Eq)]
enum Why {
    /// Flow style or indented, with comments below the header that a rewrite would lose.
    Shape,
    /// The change would reach other entries (anchors, aliases, merge keys).
    Shared,
}

fn refusal(text: &str, file: &RelPath, id: &str, why: &Why) -> Diagnostics {
    let (message, hint) = match why {
        Why::Shape => (
            format!("opsbook cannot change `{id}` here without losing this file's comments: it is not written one item id per line"),
            "write each item id at the start of a line with its `done:` indented under it (the shape `opsbook tick` writes), then tick again".to_string(),
        ),
        Why::Shared => (
            format!("`{id}` cannot change on its own: other entries of this file share its values through YAML anchors (`&name`), aliases (`*name`) or merge keys (`<<:`)"),
            "write the entries that use them out in full (`done:`, `by:`, `at:`, `note:` under each id), then tick again".to_string(),
        ),
    };
    let line = text
        .lines()
        .position(|l| l.starts_with(id) || l.trim_start_matches(['"', '\'']).starts_with(id))
        .map_or(1, |i| u32::try_from(i + 1).unwrap_or(1));
    let mut diags = Diagnostics::new();
    diags.push(
        Diagnostic::error(Code::State, file.clone(), message)
            .at(text, line, 1)
            .with_hint(hint),
    );
    diags
}

/// The text with `id` set to `entry` (or removed when `None`, on untick), keeping every
/// other entry's text, comments, blank lines and the file's line endings exactly as
/// they were, and the comments inside the edited entry too. A new entry goes before the
/// first entry whose id sorts after it (above that entry's comment lines), else after
/// the last entry. `text` must be valid YAML (the caller has run `parse`).
fn set_entry(text: &str, id: &str, entry: Option<&Entry>) -> Result<String, Why> {
    let Ok(root) = load_yaml(text) else {
        return Ok(text.to_string());
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let comments = comments(text, &lines, &root);
    let Some(keys) = top_level_keys(text, &root) else {
        return rewrite_whole(text, &lines, &comments, id, entry, eol);
    };
    let blocks = blocks(&lines, &keys);
    if let Some((_, start, end)) = blocks.iter().find(|(k, _, _)| k == id) {
        let mut out: String = lines[..*start].concat();
        let inside: Vec<&Comment> = comments
            .iter()
            .filter(|c| (*start..*end).contains(&c.line))
            .collect();
        match entry {
            Some(e) => out.push_str(&render_with_comments(id, e, eol, *start, &inside)),
            None => {
                for c in inside {
                    out.push_str(&format!("{}{eol}", c.text));
                }
            }
        }
        out.push_str(&lines[*end..].concat());
        return Ok(out);
    }
    let Some(e) = entry else {
        return Ok(text.to_string());
    };
    let at = insertion_line(&lines, &blocks, id);
    let mut out: String = lines[..at].concat();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(&render_entry(id, e, eol));
    out.push_str(&lines[at..].concat());
    Ok(out)
}

/// A comment in the file: its 0-based line, the column it starts at, and its text
/// from `#` on.
#[derive(Debug)]
struct Comment {
    line: usize,
    col: usize,
    text: String,
    /// Only whitespace before it on its line.
    whole_line: bool,
}

/// Every comment: a `#` at the start of a line or after whitespace that is not inside a
/// value (the parser's spans of every scalar tell which `#` are text).
fn comments(text: &str, lines: &[&str], root: &Spanned<Node>) -> Vec<Comment> {
    let mut spans = Vec::new();
    scalar_spans(text, root, &mut spans);
    spans.sort_unstable();
    let inside = |at: usize| {
        let i = spans.partition_point(|(start, _)| *start <= at);
        i > 0 && at < spans[i - 1].1
    };
    let mut out = Vec::new();
    let mut offset = 0;
    for (line, row) in lines.iter().enumerate() {
        let body = row.trim_end_matches(['\r', '\n']);
        let mut prev_space = true;
        for (col, ch) in body.char_indices() {
            if ch == '#' && prev_space && !inside(offset + col) {
                out.push(Comment {
                    line,
                    col,
                    text: body[col..].to_string(),
                    whole_line: body[..col].trim().is_empty(),
                });
                break;
            }
            prev_space = ch == ' ' || ch == '\t';
        }
        offset += row.len();
    }
    out
}

/// Byte ranges of every scalar (keys included) under `node`.
fn scalar_spans(text: &str, node: &Spanned<Node>, out: &mut Vec<(usize, usize)>) {
    match &node.value {
        Node::Map(entries) => {
            for (k, v) in entries {
                scalar_spans(text, k, out);
                scalar_spans(text, v, out);
            }
        }
        Node::Seq(items) => items.iter().for_each(|i| scalar_spans(text, i, out)),
        _ => {
            let span = node.referenced.span();
            let start = span.byte_offset().and_then(|b| usize::try_from(b).ok());
            let len = span.byte_len().and_then(|b| usize::try_from(b).ok());
            if let (Some(start), Some(len)) = (start, len) {
                // Quoted scalars: the span may start after the quote.
                let start = start.saturating_sub(1);
                out.push((start, (start + len + 2).min(text.len())));
            }
        }
    }
}

/// An entry's new lines with the comments its old lines held: a comment that trailed
/// the id's line still does; the others follow the id's line as whole lines.
fn render_with_comments(
    id: &str,
    e: &Entry,
    eol: &str,
    key_line: usize,
    comments: &[&Comment],
) -> String {
    let fresh = render_entry(id, e, eol);
    let (first, rest) = fresh.split_once(eol).unwrap_or((&fresh, ""));
    let mut out = first.to_string();
    if let Some(c) = comments
        .iter()
        .find(|c| c.line == key_line && !c.whole_line)
    {
        out.push_str(&format!(" {}", c.text));
    }
    out.push_str(eol);
    for c in comments
        .iter()
        .filter(|c| c.line != key_line || c.whole_line)
    {
        let indent = if c.whole_line { c.col } else { 2 };
        out.push_str(&format!("{}{}{eol}", " ".repeat(indent), c.text));
    }
    out.push_str(rest);
    out
}

/// Each top-level id with its 0-based line, in file order; `None` when the mapping is
/// not written one key per line at column 1 (flow style, indented document).
fn top_level_keys(text: &str, root: &Spanned<Node>) -> Option<Vec<(String, usize)>> {
    let entries = match &root.value {
        Node::Map(entries) => entries.as_slice(),
        Node::Null => &[],
        _ => return None,
    };
    let mut keys = Vec::new();
    for (k, _) in entries {
        let (line, col) = pos(k);
        let id = scalar_text(text, k)?;
        let line = (line as usize).checked_sub(1)?;
        if col != 1 || keys.last().is_some_and(|(_, prev)| *prev >= line) {
            return None;
        }
        keys.push((id, line));
    }
    Some(keys)
}

/// Line ranges `[start, end)` of each entry: from its key line to the next key, less
/// the blank lines and column-0 comments just before the next key.
fn blocks(lines: &[&str], keys: &[(String, usize)]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (i, (id, start)) in keys.iter().enumerate() {
        let mut end = keys.get(i + 1).map_or(lines.len(), |(_, l)| *l);
        while end > start + 1 && is_separator(lines[end - 1]) {
            end -= 1;
        }
        out.push((id.clone(), *start, end));
    }
    out
}

/// A blank line, a comment at column 0, or a document marker.
fn is_separator(line: &str) -> bool {
    let t = line.trim_end();
    t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
}

/// Where a new entry for `id` goes (0-based line index).
fn insertion_line(lines: &[&str], blocks: &[(String, usize, usize)], id: &str) -> usize {
    let Some((_, start, _)) = blocks.iter().find(|(k, _, _)| k.as_str() > id) else {
        return match blocks.last() {
            Some((_, _, end)) => *end,
            None => lines.len() - usize::from(lines.last().is_some_and(|l| l.trim_end() == "...")),
        };
    };
    // Comments right above a key belong to it, unless they are the file's header.
    let mut at = *start;
    while at > 0 && lines[at - 1].starts_with('#') {
        at -= 1;
    }
    if at == 0 { *start } else { at }
}

/// Rewrites a file that is not in our one-key-per-line shape (flow style, indented),
/// keeping its leading comments; refused when it has other comments, which a rewrite
/// would lose.
fn rewrite_whole(
    text: &str,
    lines: &[&str],
    comments: &[Comment],
    id: &str,
    entry: Option<&Entry>,
    eol: &str,
) -> Result<String, Why> {
    let header = lines
        .iter()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .count();
    if comments.iter().any(|c| c.line >= header) {
        return Err(Why::Shape);
    }
    let mut diags = Diagnostics::new();
    let mut state = parse(text, &RelPath::new("state.yaml"), "", &mut diags);
    match entry {
        Some(e) => state.entries.insert(id.to_string(), e.clone()),
        None => state.entries.remove(id),
    };
    let mut out: String = lines[..header].concat();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    for (id, e) in &state.entries {
        out.push_str(&render_entry(id, e, eol));
    }
    Ok(out)
}

/// A fresh state file: a header comment, then the entries sorted by id.
pub(crate) fn render(state: &EnvState) -> String {
    let env: String = state
        .environment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out =
        format!("# opsbook team state for {env}. Edit with `opsbook tick` or by hand.\n\n");
    for (id, e) in &state.entries {
        out.push_str(&render_entry(id, e, "\n"));
    }
    out
}

fn render_entry(id: &str, e: &Entry, eol: &str) -> String {
    let mut out = format!("{}:{eol}  done: {}{eol}", scalar(id), e.done);
    for (name, value) in [("by", &e.by), ("at", &e.at), ("note", &e.note)] {
        if let Some(v) = value {
            out.push_str(&format!("  {name}: {}{eol}", scalar(v)));
        }
    }
    out
}

/// A YAML scalar that reads back as exactly `s`: plain when that is clearly safe
/// (checked by parsing it back), else double-quoted with escapes.
fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

fn is_plain_safe(s: &str) -> bool {
    let simple = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ._@/+:-".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #");
    simple
        && matches!(load_yaml(&format!("k: {s}")).map(|n| n.value),
            Ok(Node::Map(m)) if m.len() == 1 && m[0].1.value == Node::Str(s.to_string()))
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SAMPLE, entry, path, read};
    use super::*;
    use proptest::prelude::*;

    /// `edit` with one change, which must be accepted.
    fn set(text: &str, id: &str, e: Option<&Entry>) -> String {
        match edit(text, &path(), "production", &[(id, e)]) {
            Ok(out) => out,
            Err(d) => panic!(
                "refused: {:?}",
                d.iter().map(|d| &d.message).collect::<Vec<_>>()
            ),
        }
    }

    /// `edit` with one change, which must be refused; the refusal's message.
    fn refused(text: &str, id: &str, e: Option<&Entry>) -> String {
        let d = edit(text, &path(), "production", &[(id, e)]).expect_err("refused");
        d.iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn ticking_a_new_id_keeps_the_rest_byte_identical() {
        let e = entry(true, Some("bob"), None);
        let out = set(SAMPLE, "ops/deploy/migrate", Some(&e));
        assert_eq!(
            out,
            format!("{SAMPLE}ops/deploy/migrate:\n  done: true\n  by: bob\n")
        );
        let out = set(SAMPLE, "cdn", Some(&e));
        let expected = SAMPLE.replace(
            "# HSTS went out",
            "cdn:\n  done: true\n  by: bob\n# HSTS went out",
        );
        assert_eq!(out, expected);
        let out = set(SAMPLE, "m", Some(&e));
        let expected = SAMPLE.replace("\n# keep:", "\nm:\n  done: true\n  by: bob\n# keep:");
        assert_eq!(out, expected);
    }

    #[test]
    fn untick_removes_only_that_entry() {
        let out = set(SAMPLE, "hsts", None);
        assert_eq!(
            out,
            "# opsbook team state for production. Edit with `opsbook tick` or by hand.\n\n# HSTS went out with the CDN change.\n\n# keep: audit asked for it\nops/deploy/backup:   # trailing comment\n  done: false\n  note: 'waiting: on #ops'\n"
        );
        assert_eq!(set(SAMPLE, "absent", None), SAMPLE);
    }

    #[test]
    fn replacing_an_entry_keeps_neighbours_and_comments() {
        let out = set(
            SAMPLE,
            "hsts",
            Some(&entry(false, None, Some("rolled back"))),
        );
        let expected = SAMPLE.replace(
            "hsts:\n  done: true\n  by: alice\n  at: 2026-11-24T12:00:00Z\n  note: done in PR 412\n",
            "hsts:\n  done: false\n  note: rolled back\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let crlf = SAMPLE.replace('\n', "\r\n");
        let out = set(&crlf, "zz", Some(&entry(true, None, Some("a\nb"))));
        assert_eq!(
            out,
            format!("{crlf}zz:\r\n  done: true\r\n  note: \"a\\nb\"\r\n")
        );
        assert!(!out.replace("\r\n", "").contains('\n'));
        let (state, diags) = read(&out);
        assert!(diags.is_empty());
        assert_eq!(state.entries["zz"].note.as_deref(), Some("a\nb"));
        let back = set(
            &set(&crlf, "hsts", Some(&entry(true, None, None))),
            "hsts",
            None,
        );
        assert!(!back.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn hostile_notes_round_trip() {
        let hostile = [
            "key: value # not a comment",
            "\"quoted\" and 'single'",
            "line one\nline two\r\n",
            "<script>alert(1)</script>",
            "- [x] looks like a list",
            "true",
            "null",
            "~",
            "012",
            "1e5",
            ".inf",
            "  padded  ",
            "{a: 1}",
            "*alias &anchor !tag %dir @at `tick`",
            "\u{0}\u{7}\u{1b}[31m\u{85}\u{2028}\u{feff}",
            "emoji 🚀 and العربية",
            "",
        ];
        for note in hostile {
            let e = entry(true, Some(note), Some(note));
            let out = set(SAMPLE, note, Some(&e));
            let (state, diags) = read(&out);
            assert!(diags.is_empty(), "{note:?}: {diags:?}\n{out}");
            assert_eq!(values(&state).get(note), Some(&e), "{note:?}\n{out}");
        }
    }

    #[test]
    fn plain_values_stay_plain_when_safe() {
        assert_eq!(scalar("alice"), "alice");
        assert_eq!(scalar("2026-11-24T12:00:00Z"), "2026-11-24T12:00:00Z");
        assert_eq!(scalar("ops/deploy/backup-db"), "ops/deploy/backup-db");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("5.1"), "\"5.1\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
    }

    #[test]
    fn render_writes_a_sorted_file_that_parses_back() {
        let mut state = EnvState {
            environment: "production".into(),
            entries: BTreeMap::new(),
        };
        state
            .entries
            .insert("b".into(), entry(true, Some("bob"), None));
        state
            .entries
            .insert("a".into(), entry(false, None, Some("x: y")));
        let text = render(&state);
        assert_eq!(
            text,
            "# opsbook team state for production. Edit with `opsbook tick` or by hand.\n\na:\n  done: false\n  note: \"x: y\"\nb:\n  done: true\n  by: bob\n"
        );
        let (back, diags) = read(&text);
        assert!(diags.is_empty());
        assert_eq!(values(&back), state.entries);
        assert_eq!(back.entries["b"].line, 6);
    }

    #[test]
    fn new_entry_goes_after_the_header_of_a_fresh_file() {
        let fresh = render(&EnvState {
            environment: "staging".into(),
            entries: BTreeMap::new(),
        });
        let out = set(&fresh, "a", Some(&entry(true, None, None)));
        assert_eq!(out, format!("{fresh}a:\n  done: true\n"));
        let out = set("x:\n  done: true", "y", Some(&entry(true, None, None)));
        assert_eq!(out, "x:\n  done: true\ny:\n  done: true\n");
        assert_eq!(
            set("", "a", Some(&entry(true, None, None))),
            format!("{fresh}a:\n  done: true\n").replace("staging", "production")
        );
    }

    #[test]
    fn flow_style_files_are_rewritten_whole() {
        let out = set(
            "# team\n{b: {done: true}}\n",
            "a",
            Some(&entry(true, None, None)),
        );
        assert_eq!(out, "# team\na:\n  done: true\nb:\n  done: true\n");
    }

    #[test]
    fn invalid_text_is_refused() {
        let bad = "a:\n  done: true\n b: [\n";
        assert!(
            edit(
                bad,
                &path(),
                "production",
                &[("c", Some(&entry(true, None, None)))]
            )
            .is_err()
        );
    }

    #[test]
    fn anchors_shared_by_entries_are_refused_and_aliases_written_out() {
        let text = "a: &x\n  done: true\n  by: alice\nb: *x\n";
        let e = entry(true, Some("bob"), None);
        assert_eq!(
            refused(text, "a", Some(&e)),
            "1:1 `a` cannot change on its own: other entries of this file share its values through YAML anchors (`&name`), aliases (`*name`) or merge keys (`<<:`)"
        );
        assert!(refused(text, "a", None).contains("`a` cannot change"));
        // The entry that only refers to the anchor can change on its own.
        assert_eq!(
            set(text, "b", Some(&e)),
            "a: &x\n  done: true\n  by: alice\nb:\n  done: true\n  by: bob\n"
        );
        let merged = "base: &base\n  done: true\n  by: ops\nc:\n  <<: *base\n  note: x\n";
        assert!(refused(merged, "base", Some(&e)).contains("`base` cannot change"));
        let out = set(merged, "c", Some(&e));
        assert!(out.ends_with("c:\n  done: true\n  by: bob\n"), "{out}");
    }

    #[test]
    fn comments_inside_an_edited_entry_are_kept() {
        let text = "a:   # from the audit\n  # asked by Kim\n  done: false  # blocked\n  note: \"see #12\"\nb:\n  done: true\n";
        let e = entry(true, Some("bob"), None);
        assert_eq!(
            set(text, "a", Some(&e)),
            "a: # from the audit\n  # asked by Kim\n  # blocked\n  done: true\n  by: bob\nb:\n  done: true\n"
        );
        assert_eq!(
            set(text, "a", None),
            "# from the audit\n# asked by Kim\n# blocked\nb:\n  done: true\n"
        );
        // A block note whose lines hold ` #` is text, not a comment.
        let block = "a:\n  done: true\n  note: |\n    step 1 # not a comment\n";
        assert_eq!(set(block, "a", Some(&e)), "a:\n  done: true\n  by: bob\n");
    }

    #[test]
    fn flow_style_with_comments_is_refused_untouched() {
        let text = "# team\n{b: {done: true},  # checked\n a: {done: false}}\n";
        assert_eq!(
            refused(text, "c", Some(&entry(true, None, None))),
            "1:1 opsbook cannot change `c` here without losing this file's comments: it is not written one item id per line"
        );
        let indented = "  a:\n    done: true\n  # about b\n  b:\n    done: false\n";
        assert!(refused(indented, "a", None).contains("not written one item id per line"));
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
            "[a-z0-9 :#'\"\\-\n\r{}\\[\\]<>&*!|>%@`]{0,16}",
        ]
    }

    fn any_entry() -> impl Strategy<Value = Entry> {
        (
            any::<bool>(),
            proptest::option::of(any_text()),
            proptest::option::of(any_text()),
            proptest::option::of(any_text()),
        )
            .prop_map(|(done, by, at, note)| Entry {
                done,
                by,
                at,
                note,
                line: 0,
            })
    }

    fn any_base() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(SAMPLE.to_string()),
            Just(SAMPLE.replace('\n', "\r\n")),
            Just("a:\n  done: true\nz:\n  done: false\n".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn set_entry_then_parse_yields_the_entry(
            base in any_base(),
            id in any_text(),
            e in any_entry(),
        ) {
            let before = values(&read(&base).0);
            let out = set(&base, &id, Some(&e));
            let (state, diags) = read(&out);
            prop_assert!(diags.is_empty(), "{:?}\n{}", diags, out);
            let mut expected = before.clone();
            expected.insert(id.clone(), e.clone());
            prop_assert_eq!(values(&state), expected);
            // Unticking again gives back the original bytes when the id was new (an
            // empty file got its header).
            if !before.contains_key(&id) && !base.is_empty() {
                prop_assert_eq!(set(&out, &id, None), base);
            }
        }
    }
}
