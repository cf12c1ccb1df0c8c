//! Team state (SPEC.md §4): `state/<environment>.yaml`, committed by the team, says which
//! items are done in that environment, by whom, when, and why. Pure: `parse` reads text,
//! `edit` (in `edit.rs`) changes it, `render` writes a fresh file; `opsbook tick` and the
//! serve write-back do the disk part under the book's write lock.
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
mod edit;

use std::collections::BTreeMap;

pub(crate) use edit::{Change, edit};

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

/// Ids in `state` that the book no longer has (`known_ids`: every item id of the book,
/// sorted): `orphaned-state` warnings at their line, with the closest id as a hint.
/// The entries stay in the file; nothing is dropped.
pub(crate) fn orphans(
    state: &EnvState,
    known_ids: &[&str],
    path: &RelPath,
    text: &str,
) -> Diagnostics {
    debug_assert!(known_ids.is_sorted());
    let mut diags = Diagnostics::new();
    for (id, e) in &state.entries {
        if known_ids.binary_search(&id.as_str()).is_ok() {
            continue;
        }
        let mut hint = format!(
            "the item was renamed or removed: give it back its id with `{{#{id}}}`, or run `opsbook untick {id} --env {}`",
            state.environment
        );
        if let Some(c) = closest(id, near(known_ids, id).iter().copied()) {
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
            .at(text, e.line, 1)
            .with_hint(hint),
        );
    }
    diags
}

/// How many ids the "did you mean" of one orphan compares at most: each comparison is
/// an edit distance, and a 10,000-page book has 400,000 items (50 orphans took a
/// minute when every id was compared).
const NEAR_LIMIT: usize = 5_000;

/// The ids worth comparing with `id`: all of them when there are few, else those under
/// the widest `/`-prefix of `id` (its page, its folder) that holds at most
/// [`NEAR_LIMIT`]; none when even its own phase has more, or no id shares a prefix.
fn near<'a, 'k>(known_ids: &'a [&'k str], id: &str) -> &'a [&'k str] {
    if known_ids.len() <= NEAR_LIMIT {
        return known_ids;
    }
    for (cut, _) in id.match_indices('/') {
        let prefix = &id[..=cut];
        let start = known_ids.partition_point(|k| *k < prefix);
        let len = known_ids[start..].partition_point(|k| k.starts_with(prefix));
        if len == 0 {
            break;
        }
        if len <= NEAR_LIMIT {
            return &known_ids[start..start + len];
        }
    }
    &[]
}

#[cfg(test)]
pub(super) mod tests {
    //! `path`, `read`, `entry` and `SAMPLE` are shared with the tests of `edit.rs`.

    use super::*;

    pub(in crate::parse::state) fn path() -> RelPath {
        RelPath::new("state/production.yaml")
    }

    pub(in crate::parse::state) fn read(text: &str) -> (EnvState, Vec<String>) {
        let mut diags = Diagnostics::new();
        let state = parse(text, &path(), "production", &mut diags);
        let brief = diags
            .iter()
            .map(|d| format!("{}@{}:{} {}", d.code, d.line, d.col, d.message))
            .collect();
        (state, brief)
    }

    pub(in crate::parse::state) fn entry(
        done: bool,
        by: Option<&str>,
        note: Option<&str>,
    ) -> Entry {
        Entry {
            done,
            by: by.map(String::from),
            at: None,
            note: note.map(String::from),
            line: 0,
        }
    }

    pub(in crate::parse::state) const SAMPLE: &str = "# opsbook team state for production. Edit with `opsbook tick` or by hand.\n\n# HSTS went out with the CDN change.\nhsts:\n  done: true\n  by: alice\n  at: 2026-11-24T12:00:00Z\n  note: done in PR 412\n\n# keep: audit asked for it\nops/deploy/backup:   # trailing comment\n  done: false\n  note: 'waiting: on #ops'\n";

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
    fn orphans_are_warnings_at_their_line() {
        let (state, _) = read(SAMPLE);
        let known = ["hsts", "ops/deploy/backups"];
        let d = orphans(&state, &known, &path(), SAMPLE);
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

    #[test]
    fn a_big_books_hint_looks_under_the_widest_prefix_that_is_small_enough() {
        let mut ids: Vec<String> = (0..NEAR_LIMIT + 10)
            .map(|i| format!("team/page-{:04}/item-{i}", i / 40))
            .collect();
        ids.push("ops/deploy/backups".into());
        ids.sort();
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        // `team/` holds too many; `team/page-0003/` is the page.
        let page = near(&known, "team/page-0003/item-12x");
        assert_eq!(page.len(), 40);
        assert!(page.iter().all(|id| id.starts_with("team/page-0003/")));
        assert_eq!(near(&known, "ops/deploy/backup"), ["ops/deploy/backups"]);
        // No id shares even the first segment: nothing is compared.
        assert!(near(&known, "gone/item").is_empty());
        // A small book compares every id.
        assert_eq!(near(&known[..3], "gone/item").len(), 3);
        let (state, _) = read("team/page-0003/item-12x:\n  done: true\n");
        let d = orphans(&state, &known, &path(), "");
        let hint = d.iter().next().and_then(|d| d.hint.clone()).unwrap();
        assert!(
            hint.starts_with("did you mean `team/page-0003/item-12"),
            "{hint}"
        );
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
        let known = ["secret-key", "tag"];
        let d = orphans(&state, &known, &path(), &text);
        assert_eq!(
            d.iter().map(|d| d.location()).collect::<Vec<_>>(),
            ["state/production.yaml:3:1"]
        );
    }
}
