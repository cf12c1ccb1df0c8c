//! Run files (SPEC.md §11): `runs/<id>.yaml`, one per run of a runbook. `parse` reads one
//! into a `model::run::Run`; `header` and `event_line` write the text the writers append
//! to (`output::run`). Pure.
//!
//! ```yaml
//! # opsbook run of ops/deploy for production. Events are appended by `opsbook run` and
//! # `opsbook serve`; edit by hand only to correct a mistake.
//! runbook: ops/deploy
//! environment: production          # or `for: alice` (onboarding)
//! version: v1.4.0                  # the release tag (or branch) worked from
//! commit: 3f2a1bc
//! issue: https://github.com/acme/runbooks/issues/12   # only for a run imported from GitHub
//! started: {by: alice, at: "2026-12-05T10:00:00Z"}
//! events:
//!   - {at: "2026-12-05T10:02:11Z", by: alice, action: tick, item: backup-db, phase: prepare, note: "snapshot 42", evidence: ["https://ci.example.com/run/1"]}
//!   - {at: "2026-12-05T10:05:00Z", by: alice, action: skip, item: purge-cdn, phase: prepare, reason: "no static files changed"}
//!   - {at: "2026-12-05T10:09:30Z", by: bob, action: sign, phase: prepare}
//!   - {at: "2026-12-05T10:40:00Z", by: alice, action: finish}
//! ```
//!
//! `events:` is the last key: writers append one line to the file and read it back.

use serde_saphyr::Spanned;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::base::suggest::closest;
use crate::model::run::{Action, Event, Run, Subject};
use crate::parse::yaml::{Node, load_yaml, pos, scalar_text};

const TOP_KEYS: &[&str] = &[
    "runbook",
    "environment",
    "for",
    "version",
    "commit",
    "issue",
    "started",
    "events",
];
const EVENT_KEYS: &[&str] = &[
    "at", "by", "action", "item", "phase", "note", "evidence", "reason",
];

/// Reads a run file. `None` when the file is not a run at all (its errors are in `diags`);
/// a run with some wrong events keeps the rest, each mistake an error at line:col.
pub fn parse(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Option<Run> {
    let cx = Ctx { text, path };
    let root = match load_yaml(text) {
        Ok(root) => root,
        Err(e) => {
            let hint = e.hint.as_deref().unwrap_or(
                "a run file has `runbook:`, `environment:` (or `for:`), `started:` and `events:`; check the indentation",
            );
            diags.push(
                Diagnostic::error(Code::Run, path.clone(), e.message.clone())
                    .at(text, e.line, e.col)
                    .with_hint(hint),
            );
            return None;
        }
    };
    let Node::Map(fields) = &root.value else {
        diags.push(cx.error(
            &root,
            format!("a run file must be a mapping, not {}", root.value.kind()),
            "start with `runbook: <id>` at the beginning of a line",
        ));
        return None;
    };
    let mut runbook = None;
    let mut subject = None;
    let mut version = None;
    let mut commit = None;
    let mut issue = None;
    let mut started = None;
    let mut events = Vec::new();
    for (k, v) in fields {
        let key = scalar_text(text, k).unwrap_or_default();
        match key.as_str() {
            "runbook" => runbook = cx.text_of(v, "runbook", diags).map(|t| (t, pos(k).0)),
            "environment" | "for" => {
                let Some(name) = cx.text_of(v, &key, diags) else {
                    continue;
                };
                if subject.is_some() {
                    diags.push(cx.error(
                        k,
                        "a run is for one environment or one person, not both".into(),
                        "keep `environment:` for a deployment or `for:` for onboarding",
                    ));
                }
                subject = Some(if key == "for" {
                    Subject::Person(name)
                } else {
                    Subject::Environment(name)
                });
            }
            "version" => version = cx.text_of(v, "version", diags),
            "commit" => commit = cx.text_of(v, "commit", diags),
            "issue" => {
                issue = cx.text_of(v, "issue", diags).filter(|u| {
                    let ok = u.starts_with("https://");
                    if !ok {
                        diags.push(cx.error(
                            v,
                            format!("`issue` must be the issue's https address, not `{u}`"),
                            "write `issue: \"https://github.com/acme/runbooks/issues/12\"`",
                        ));
                    }
                    ok
                })
            }
            "started" => started = cx.started(v, diags),
            "events" => events = cx.events(v, diags),
            _ => diags.push(cx.unknown(k, &key, TOP_KEYS, "a run file")),
        }
    }
    let missing = |what: &str, hint: &str, diags: &mut Diagnostics| {
        diags.push(cx.error(&root, format!("this run has no `{what}`"), hint));
    };
    let Some((runbook, line)) = runbook else {
        missing(
            "runbook",
            "add `runbook: <id>`: the id shown on the runbook's page",
            diags,
        );
        return None;
    };
    let Some(subject) = subject else {
        missing(
            "environment",
            "add `environment: <name>` (or `for: <person>` for onboarding)",
            diags,
        );
        return None;
    };
    let Some((started_by, started_at)) = started else {
        missing(
            "started",
            "add `started: {by: <name>, at: \"2026-12-05T10:00:00Z\"}`",
            diags,
        );
        return None;
    };
    let id = path
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .to_string();
    Some(Run {
        id,
        source: path.clone(),
        runbook,
        subject,
        version,
        commit,
        issue,
        started_by,
        started_at,
        events,
        line,
    })
}

struct Ctx<'a> {
    text: &'a str,
    path: &'a RelPath,
}

impl Ctx<'_> {
    fn error(&self, at: &Spanned<Node>, message: String, hint: &str) -> Diagnostic {
        let (line, col) = pos(at);
        Diagnostic::error(Code::Run, self.path.clone(), message)
            .at(self.text, line, col)
            .with_hint(hint)
    }

    fn unknown(&self, k: &Spanned<Node>, key: &str, allowed: &[&str], what: &str) -> Diagnostic {
        let list = allowed.join("`, `");
        let hint = match closest(key, allowed.iter().copied()) {
            Some(g) => format!("did you mean `{g}`? {what} may have `{list}`"),
            None => format!("{what} may have `{list}`"),
        };
        self.error(k, format!("unknown key `{key}` in {what}"), &hint)
    }

    /// A text field (numbers as written); empty and wrong types reported.
    fn text_of(&self, v: &Spanned<Node>, key: &str, diags: &mut Diagnostics) -> Option<String> {
        match scalar_text(self.text, v) {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                let msg = format!("`{key}` must be text, not {}", v.value.kind());
                diags.push(self.error(v, msg, &format!("write `{key}: some text`")));
                None
            }
        }
    }

    fn started(&self, v: &Spanned<Node>, diags: &mut Diagnostics) -> Option<(String, String)> {
        let Node::Map(fields) = &v.value else {
            let msg = format!("`started` must be a mapping, not {}", v.value.kind());
            diags.push(self.error(
                v,
                msg,
                "write `started: {by: alice, at: \"2026-12-05T10:00:00Z\"}`",
            ));
            return None;
        };
        let mut by = None;
        let mut at = None;
        for (k, fv) in fields {
            match scalar_text(self.text, k).unwrap_or_default().as_str() {
                "by" => by = self.text_of(fv, "by", diags),
                "at" => at = self.time(fv, diags),
                other => diags.push(self.unknown(k, other, &["by", "at"], "`started`")),
            }
        }
        match (by, at) {
            (Some(by), Some(at)) => Some((by, at)),
            _ => {
                diags.push(self.error(
                    v,
                    "`started` needs both `by` and `at`".into(),
                    "write `started: {by: alice, at: \"2026-12-05T10:00:00Z\"}`",
                ));
                None
            }
        }
    }

    /// A time `YYYY-MM-DDTHH:MM:SSZ`.
    fn time(&self, v: &Spanned<Node>, diags: &mut Diagnostics) -> Option<String> {
        let t = self.text_of(v, "at", diags)?;
        if is_utc_time(&t) {
            Some(t)
        } else {
            let msg = format!("`{t}` is not a time like `2026-12-05T10:00:00Z`");
            diags.push(self.error(v, msg, "write UTC times as YYYY-MM-DDTHH:MM:SSZ, in quotes"));
            None
        }
    }

    fn events(&self, v: &Spanned<Node>, diags: &mut Diagnostics) -> Vec<Event> {
        match &v.value {
            Node::Null => Vec::new(),
            Node::Seq(list) => list.iter().filter_map(|e| self.event(e, diags)).collect(),
            other => {
                let msg = format!("`events` must be a list, not {}", other.kind());
                diags.push(self.error(v, msg, "write each event on its own `  - {…}` line"));
                Vec::new()
            }
        }
    }

    fn event(&self, v: &Spanned<Node>, diags: &mut Diagnostics) -> Option<Event> {
        let Node::Map(fields) = &v.value else {
            let msg = format!("an event must be a mapping, not {}", v.value.kind());
            diags.push(self.error(v, msg, "write `- {at: …, by: …, action: tick, item: …}`"));
            return None;
        };
        let line = pos(v).0;
        let mut at = None;
        let mut by = None;
        let mut action = None;
        let mut e = Event::new(Action::Tick, "", "");
        e.line = line;
        let before = diags.error_count();
        for (k, fv) in fields {
            let key = scalar_text(self.text, k).unwrap_or_default();
            match key.as_str() {
                "at" => at = self.time(fv, diags),
                "by" => by = self.text_of(fv, "by", diags),
                "action" => {
                    let name = self.text_of(fv, "action", diags)?;
                    match Action::parse(&name) {
                        Some(a) => action = Some(a),
                        None => {
                            let names: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
                            let hint = match closest(&name, names.iter().copied()) {
                                Some(g) => {
                                    format!("did you mean `{g}`? actions: {}", names.join(", "))
                                }
                                None => format!("actions: {}", names.join(", ")),
                            };
                            diags.push(self.error(fv, format!("unknown action `{name}`"), &hint));
                            return None;
                        }
                    }
                }
                "item" => e.item = self.text_of(fv, "item", diags),
                "phase" => e.phase = self.text_of(fv, "phase", diags),
                "note" => e.note = self.text_of(fv, "note", diags),
                "reason" => e.reason = self.text_of(fv, "reason", diags),
                "evidence" => e.evidence = self.evidence(fv, diags),
                _ => diags.push(self.unknown(k, &key, EVENT_KEYS, "an event")),
            }
        }
        let (Some(at), Some(by), Some(action)) = (at, by, action) else {
            if diags.error_count() == before {
                diags.push(self.error(
                    v,
                    "an event needs `at`, `by` and `action`".into(),
                    "write `- {at: \"2026-12-05T10:00:00Z\", by: alice, action: tick, item: <id>}`",
                ));
            }
            return None;
        };
        e.at = at;
        e.by = by;
        e.action = action;
        if action.on_item() && e.item.is_none() {
            diags.push(self.error(
                v,
                format!("a `{}` event needs `item`", action.as_str()),
                "add `item: <id>`: the id shown beside the item on its page",
            ));
            return None;
        }
        if action == Action::Sign && e.phase.is_none() {
            diags.push(self.error(
                v,
                "a `sign` event needs `phase`".into(),
                "add `phase: <id>`: the phase heading's anchor",
            ));
            return None;
        }
        Some(e)
    }

    fn evidence(&self, v: &Spanned<Node>, diags: &mut Diagnostics) -> Vec<String> {
        let nodes: Vec<&Spanned<Node>> = match &v.value {
            Node::Seq(items) => items.iter().collect(),
            Node::Null => Vec::new(),
            _ => vec![v],
        };
        nodes
            .into_iter()
            .filter_map(|n| self.text_of(n, "evidence", diags))
            .collect()
    }
}

pub(crate) use crate::base::clock::is_utc_time;

/// A YAML double-quoted string (JSON's escaping is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The text of a new run file, with `events:` empty and last.
pub(crate) fn header(run: &Run) -> String {
    let mut out = format!(
        "# opsbook run of {} {}. Events are appended by `opsbook run` and\n\
         # `opsbook serve`; edit by hand only to correct a mistake.\n",
        run.runbook,
        match &run.subject {
            Subject::Environment(e) => format!("in {e}"),
            Subject::Person(p) => format!("for {p}"),
        }
    );
    out.push_str(&format!("runbook: {}\n", quoted(&run.runbook)));
    match &run.subject {
        Subject::Environment(e) => out.push_str(&format!("environment: {}\n", quoted(e))),
        Subject::Person(p) => out.push_str(&format!("for: {}\n", quoted(p))),
    }
    if let Some(v) = &run.version {
        out.push_str(&format!("version: {}\n", quoted(v)));
    }
    if let Some(c) = &run.commit {
        out.push_str(&format!("commit: {}\n", quoted(c)));
    }
    if let Some(i) = &run.issue {
        out.push_str(&format!("issue: {}\n", quoted(i)));
    }
    out.push_str(&format!(
        "started: {{by: {}, at: {}}}\nevents:\n",
        quoted(&run.started_by),
        quoted(&run.started_at)
    ));
    out
}

/// The event as a run file keeps it: text trimmed, empty text left out (what `parse`
/// reads back from `event_line`).
pub(crate) fn normalized(e: &Event) -> Event {
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    Event {
        at: e.at.trim().to_string(),
        by: e.by.trim().to_string(),
        item: text(&e.item),
        phase: text(&e.phase),
        note: text(&e.note),
        reason: text(&e.reason),
        evidence: e
            .evidence
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect(),
        ..e.clone()
    }
}

/// One event as the line appended to `events:` (with its newline).
pub(crate) fn event_line(e: &Event) -> String {
    let mut parts = vec![
        format!("at: {}", quoted(&e.at)),
        format!("by: {}", quoted(&e.by)),
        format!("action: {}", e.action.as_str()),
    ];
    for (key, value) in [
        ("item", &e.item),
        ("phase", &e.phase),
        ("note", &e.note),
        ("reason", &e.reason),
    ] {
        if let Some(v) = value {
            parts.push(format!("{key}: {}", quoted(v)));
        }
    }
    if !e.evidence.is_empty() {
        let list: Vec<String> = e.evidence.iter().map(|u| quoted(u)).collect();
        parts.push(format!("evidence: [{}]", list.join(", ")));
    }
    format!("  - {{{}}}\n", parts.join(", "))
}

#[cfg(test)]
mod tests;
