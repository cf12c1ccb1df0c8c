//! Team state (SPEC.md §4): `state/<environment>.yaml`, committed by the team, says which
//! items are done in that environment, by whom, when, and why. Pure: `parse` reads text,
//! `set_entry` edits text, `render` writes a fresh file; `opsbook tick`, the serve
//! write-back and the lead's lock file do the disk part through `fsio::write_atomic`.
//!
//! The file is a flat YAML mapping from item id to entry, sorted by id:
//!
//! ```yaml
//! # opsbook team state for production. Edit with `opsbook tick` or by hand.
//!
//! hsts:
//!   done: true                 # required: true or false
//!   by: alice                  # optional: who
//!   at: 2026-11-24T12:00:00Z   # optional: when (kept as written)
//!   note: done in PR 412       # optional: why
//! ops/deploy/phase-1/run-migrations:
//!   done: false
//! ```
//!
//! `set_entry` is a text edit, not a re-serialisation: every other entry, comment and
//! blank line stays byte for byte, and so do the file's line endings (CRLF stays CRLF).
//! Values that are not plainly safe are double-quoted with escapes, so any note (`:`,
//! `#`, quotes, newlines, `<script>`) reads back as written.

use std::collections::{BTreeMap, BTreeSet};

use serde_saphyr::Spanned;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::base::suggest::closest;
use crate::model::EnvState;
use crate::model::state::Entry;
use crate::parse::yaml::{Node, load_yaml, pos, scalar_text};

const ENTRY_KEYS: &[&str] = &["done", "by", "at", "note"];

/// Reads a state file. Mistakes are `yaml`/`state` errors at line:col; entries that are
/// wrong are left out, the rest are kept. An empty file (or only comments) is no state.
pub fn parse(text: &str, path: &RelPath, environment: &str, diags: &mut Diagnostics) -> EnvState {
    let mut state = EnvState {
        environment: environment.to_string(),
        entries: BTreeMap::new(),
    };
    let root = match load_yaml(text) {
        Ok(root) => root,
        Err(e) => {
            let hint = e.hint.as_deref().unwrap_or("a state file maps each item id to `done:` (and optional `by:`, `at:`, `note:`); check the indentation");
            diags.push(
                Diagnostic::error(Code::Yaml, path.clone(), e.message.clone())
                    .at(text, e.line, e.col)
                    .with_hint(hint),
            );
            return state;
        }
    };
    let cx = Ctx { text, path };
    match &root.value {
        Node::Null => {}
        Node::Map(entries) => {
            for (k, v) in entries {
                if let Some((id, entry)) = cx.entry(k, v, diags) {
                    state.entries.insert(id, entry);
                }
            }
        }
        other => diags.push(cx.error(
            &root,
            format!(
                "a state file must be a mapping of item ids, not {}",
                other.kind()
            ),
            "write one `item-id:` per entry at the start of a line, with `done: true` under it",
        )),
    }
    state
}

struct Ctx<'a> {
    text: &'a str,
    path: &'a RelPath,
}

impl Ctx<'_> {
    fn error(&self, at: &Spanned<Node>, message: String, hint: &str) -> Diagnostic {
        let (line, col) = pos(at);
        Diagnostic::error(Code::State, self.path.clone(), message)
            .at(self.text, line, col)
            .with_hint(hint)
    }

    fn entry(
        &self,
        k: &Spanned<Node>,
        v: &Spanned<Node>,
        diags: &mut Diagnostics,
    ) -> Option<(String, Entry)> {
        let Some(id) = scalar_text(self.text, k) else {
            let msg = format!("an item id must be text, not {}", k.value.kind());
            diags.push(self.error(k, msg, "quote the id: `\"my-id\":`"));
            return None;
        };
        let Node::Map(fields) = &v.value else {
            let msg = format!(
                "the entry for `{id}` must be a mapping, not {}",
                v.value.kind()
            );
            diags.push(self.error(v, msg, "write `done: true` indented under the id"));
            return None;
        };
        let mut entry = Entry {
            line: pos(k).0,
            ..Entry::default()
        };
        let mut done = None;
        for (fk, fv) in fields {
            let name = scalar_text(self.text, fk).unwrap_or_default();
            match (name.as_str(), &fv.value) {
                ("done", Node::Bool(b)) => done = Some(*b),
                ("done", _) => {
                    let shown =
                        scalar_text(self.text, fv).unwrap_or_else(|| fv.value.kind().into());
                    let msg = format!("`done` must be true or false, not `{shown}`");
                    diags.push(self.error(fv, msg, "write `done: true` or `done: false`"));
                    return None;
                }
                ("by" | "at" | "note", Node::Null) => {}
                ("by" | "at" | "note", _) => {
                    let Some(value) = scalar_text(self.text, fv) else {
                        let msg = format!("`{name}` must be text, not {}", fv.value.kind());
                        diags.push(self.error(fv, msg, "quote the text: `note: \"…\"`"));
                        continue;
                    };
                    *self.slot(&mut entry, &name) = Some(value);
                }
                _ => {
                    let hint = match closest(&name, ENTRY_KEYS.iter().copied()) {
                        Some(g) => format!(
                            "did you mean `{g}`? an entry may have `done`, `by`, `at`, `note`"
                        ),
                        None => "an entry may have `done`, `by`, `at`, `note`".into(),
                    };
                    diags.push(self.error(
                        fk,
                        format!("unknown key `{name}` in the entry for `{id}`"),
                        &hint,
                    ));
                }
            }
        }
        let Some(done) = done else {
            let msg = format!("the entry for `{id}` has no `done`");
            diags.push(self.error(k, msg, "add `done: true` or `done: false` under it"));
            return None;
        };
        entry.done = done;
        Some((id, entry))
    }

    fn slot<'e>(&self, entry: &'e mut Entry, name: &str) -> &'e mut Option<String> {
        match name {
            "by" => &mut entry.by,
            "at" => &mut entry.at,
            _ => &mut entry.note,
        }
    }
}

/// Returns the new file text with `id` set to `entry` (or removed when `None`, on untick),
/// keeping every other entry's text, comments, blank lines and the file's line endings
/// exactly as they were. A new entry goes before the first entry whose id sorts after
/// it (above that entry's comment lines), else after the last entry.
///
/// `text` must be valid YAML (the caller has run `parse`); text that is not is returned
/// unchanged. A file written in flow style (`{a: …}`) or indented is rewritten whole,
/// keeping its leading comments.
pub(crate) fn set_entry(text: &str, id: &str, entry: Option<&Entry>) -> String {
    let Ok(root) = load_yaml(text) else {
        return text.to_string();
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let keys = match top_level_keys(text, &root) {
        Some(keys) => keys,
        None => return rewrite_whole(text, id, entry, eol),
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let blocks = blocks(&lines, &keys);
    let new_lines = entry.map(|e| render_entry(id, e, eol));
    if let Some((_, start, end)) = blocks.iter().find(|(k, _, _)| k == id) {
        let mut out: String = lines[..*start].concat();
        out.push_str(new_lines.as_deref().unwrap_or(""));
        out.push_str(&lines[*end..].concat());
        return out;
    }
    let Some(new_lines) = new_lines else {
        return text.to_string();
    };
    let at = insertion_line(&lines, &blocks, id);
    let mut out: String = lines[..at].concat();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(&new_lines);
    out.push_str(&lines[at..].concat());
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

/// Rewrites a file that is not in our one-key-per-line shape: leading comments kept.
fn rewrite_whole(text: &str, id: &str, entry: Option<&Entry>, eol: &str) -> String {
    let mut diags = Diagnostics::new();
    let mut state = parse(text, &RelPath::new("state.yaml"), "", &mut diags);
    if diags.has_errors() {
        return text.to_string();
    }
    match entry {
        Some(e) => state.entries.insert(id.to_string(), e.clone()),
        None => state.entries.remove(id),
    };
    let mut out: String = text
        .split_inclusive('\n')
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .collect();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    for (id, e) in &state.entries {
        out.push_str(&render_entry(id, e, eol));
    }
    out
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

/// Ids in `state` that the book no longer has: `orphaned-state` warnings at their
/// line. The entries stay in the file; nothing is dropped.
pub(crate) fn orphans(
    state: &EnvState,
    known_ids: &BTreeSet<String>,
    path: &RelPath,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (id, e) in &state.entries {
        if known_ids.contains(id) {
            continue;
        }
        let mut hint = format!(
            "the item was renamed or removed: give it back its id with `{{#{id}}}`, or run `opsbook untick {id} --env {}`",
            state.environment
        );
        let known: Vec<&str> = known_ids.iter().map(String::as_str).collect();
        if let Some(c) = closest(id, known.iter().copied()) {
            hint = format!("did you mean `{c}`? {hint}");
        }
        diags.push(
            Diagnostic::warning(
                Code::OrphanedState,
                path.clone(),
                format!(
                    "state for `{id}` in {}, but the book has no such item",
                    state.environment
                ),
            )
            .at_line(e.line, 1)
            .with_hint(hint),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn path() -> RelPath {
        RelPath::new("state/production.yaml")
    }

    fn read(text: &str) -> (EnvState, Vec<String>) {
        let mut diags = Diagnostics::new();
        let state = parse(text, &path(), "production", &mut diags);
        let brief = diags
            .iter()
            .map(|d| format!("{}@{}:{} {}", d.code, d.line, d.col, d.message))
            .collect();
        (state, brief)
    }

    fn entry(done: bool, by: Option<&str>, note: Option<&str>) -> Entry {
        Entry {
            done,
            by: by.map(String::from),
            at: None,
            note: note.map(String::from),
            line: 0,
        }
    }

    /// The entries without their line numbers.
    fn values(state: &EnvState) -> BTreeMap<String, Entry> {
        let mut m = state.entries.clone();
        m.values_mut().for_each(|e| e.line = 0);
        m
    }

    const SAMPLE: &str = "# opsbook team state for production. Edit with `opsbook tick` or by hand.\n\n# HSTS went out with the CDN change.\nhsts:\n  done: true\n  by: alice\n  at: 2026-11-24T12:00:00Z\n  note: done in PR 412\n\n# keep: audit asked for it\nops/deploy/backup:   # trailing comment\n  done: false\n  note: 'waiting: on #ops'\n";

    #[test]
    fn parses_the_documented_format() {
        let (state, diags) = read(SAMPLE);
        assert!(diags.is_empty(), "{diags:?}");
        let hsts = &state.entries["hsts"];
        assert_eq!(
            (
                hsts.done,
                hsts.by.as_deref(),
                hsts.at.as_deref(),
                hsts.note.as_deref(),
                hsts.line
            ),
            (
                true,
                Some("alice"),
                Some("2026-11-24T12:00:00Z"),
                Some("done in PR 412"),
                4
            )
        );
        let b = &state.entries["ops/deploy/backup"];
        assert_eq!(
            (b.done, b.note.as_deref(), b.line),
            (false, Some("waiting: on #ops"), 11)
        );
    }

    #[test]
    fn empty_and_comment_only_files_are_empty_state() {
        for text in ["", "# nothing yet\n", "\r\n"] {
            let (state, diags) = read(text);
            assert!(state.entries.is_empty() && diags.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn invalid_files_give_line_col_diagnostics() {
        let (_, d) = read(
            "a:\n  done: yes\nb:\n  done: true\n  who: bob\nc: true\nd:\n  by: x\n5.1:\n  done: true\n",
        );
        assert_eq!(
            d,
            [
                "state@2:9 `done` must be true or false, not `yes`",
                "state@5:3 unknown key `who` in the entry for `b`",
                "state@6:4 the entry for `c` must be a mapping, not true/false",
                "state@7:1 the entry for `d` has no `done`",
            ]
        );
        let (state, _) = read("5.1:\n  done: true\n");
        assert!(state.entries.contains_key("5.1"));
        let (_, d) = read("a:\n  done: true\n b:\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("yaml@3:"), "{d:?}");
        let (_, d) = read("a:\n  done: true\na:\n  done: false\n");
        assert_eq!(d[0], "yaml@3:1 `a` appears twice in the same mapping");
        let (_, d) = read("- a\n");
        assert!(
            d[0].starts_with("state@1:1 a state file must be a mapping"),
            "{d:?}"
        );
    }

    #[test]
    fn ticking_a_new_id_keeps_the_rest_byte_identical() {
        let e = entry(true, Some("bob"), None);
        let out = set_entry(SAMPLE, "ops/deploy/migrate", Some(&e));
        assert_eq!(
            out,
            format!("{SAMPLE}ops/deploy/migrate:\n  done: true\n  by: bob\n")
        );
        let out = set_entry(SAMPLE, "cdn", Some(&e));
        let expected = SAMPLE.replace(
            "# HSTS went out",
            "cdn:\n  done: true\n  by: bob\n# HSTS went out",
        );
        assert_eq!(out, expected);
        let out = set_entry(SAMPLE, "m", Some(&e));
        let expected = SAMPLE.replace("\n# keep:", "\nm:\n  done: true\n  by: bob\n# keep:");
        assert_eq!(out, expected);
    }

    #[test]
    fn untick_removes_only_that_entry() {
        let out = set_entry(SAMPLE, "hsts", None);
        assert_eq!(
            out,
            "# opsbook team state for production. Edit with `opsbook tick` or by hand.\n\n# HSTS went out with the CDN change.\n\n# keep: audit asked for it\nops/deploy/backup:   # trailing comment\n  done: false\n  note: 'waiting: on #ops'\n"
        );
        assert_eq!(set_entry(SAMPLE, "absent", None), SAMPLE);
    }

    #[test]
    fn replacing_an_entry_keeps_neighbours_and_comments() {
        let out = set_entry(
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
        let out = set_entry(&crlf, "zz", Some(&entry(true, None, Some("a\nb"))));
        assert_eq!(
            out,
            format!("{crlf}zz:\r\n  done: true\r\n  note: \"a\\nb\"\r\n")
        );
        assert!(!out.replace("\r\n", "").contains('\n'));
        let (state, diags) = read(&out);
        assert!(diags.is_empty());
        assert_eq!(state.entries["zz"].note.as_deref(), Some("a\nb"));
        let back = set_entry(
            &set_entry(&crlf, "hsts", Some(&entry(true, None, None))),
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
            let out = set_entry(SAMPLE, note, Some(&e));
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
        let out = set_entry(&fresh, "a", Some(&entry(true, None, None)));
        assert_eq!(out, format!("{fresh}a:\n  done: true\n"));
        let out = set_entry("x:\n  done: true", "y", Some(&entry(true, None, None)));
        assert_eq!(out, "x:\n  done: true\ny:\n  done: true\n");
        assert_eq!(
            set_entry("", "a", Some(&entry(true, None, None))),
            "a:\n  done: true\n"
        );
    }

    #[test]
    fn flow_style_files_are_rewritten_whole() {
        let out = set_entry(
            "# team\n{b: {done: true}}\n",
            "a",
            Some(&entry(true, None, None)),
        );
        assert_eq!(out, "# team\na:\n  done: true\nb:\n  done: true\n");
    }

    #[test]
    fn invalid_text_is_returned_unchanged() {
        let bad = "a:\n  done: true\n b: [\n";
        assert_eq!(set_entry(bad, "c", Some(&entry(true, None, None))), bad);
    }

    #[test]
    fn orphans_are_warnings_at_their_line() {
        let (state, _) = read(SAMPLE);
        let known: BTreeSet<String> = ["hsts", "ops/deploy/backups"].map(String::from).into();
        let d = orphans(&state, &known, &path());
        let got: Vec<String> = d
            .iter()
            .map(|d| format!("{}@{} {}", d.code, d.location(), d.message))
            .collect();
        assert_eq!(
            got,
            [
                "orphaned-state@state/production.yaml:11:1 state for `ops/deploy/backup` in production, but the book has no such item"
            ]
        );
        assert!(!d.has_errors());
        let hint = d
            .iter()
            .next()
            .and_then(|d| d.hint.clone())
            .unwrap_or_default();
        assert!(
            hint.starts_with("did you mean `ops/deploy/backups`?"),
            "{hint}"
        );
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
            let out = set_entry(&base, &id, Some(&e));
            let (state, diags) = read(&out);
            prop_assert!(diags.is_empty(), "{:?}\n{}", diags, out);
            let mut expected = before.clone();
            expected.insert(id.clone(), e.clone());
            prop_assert_eq!(values(&state), expected);
            // Unticking again gives back the original bytes when the id was new.
            if !before.contains_key(&id) {
                prop_assert_eq!(set_entry(&out, &id, None), base);
            }
        }
    }

    #[test]
    fn fixture_state_has_one_orphan() {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklist/yaml_valid/state/production.yaml"
        );
        let text = std::fs::read_to_string(file).expect("fixture");
        let (state, diags) = read(&text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            state.entries["secret-key"].note.as_deref(),
            Some("rotated: see PR #412")
        );
        let known: BTreeSet<String> = ["secret-key", "tag"].map(String::from).into();
        let d = orphans(&state, &known, &path());
        assert_eq!(
            d.iter().map(|d| d.location()).collect::<Vec<_>>(),
            ["state/production.yaml:3:1"]
        );
    }
}
