//! Runs as text for the terminal and for auditors (SPEC.md §11): `opsbook run show`,
//! `opsbook runs` and `opsbook runs export` (one row per event, as CSV, JSON or a
//! Markdown table). Pure: runs and their replayed views in, text out.

use std::fmt::Write as _;

use serde::Serialize;

use crate::base::csv;
use crate::check::runs::{RunView, minutes_between};
use crate::model::run::{Action, Run, Standing};
use crate::parse::duration;

/// `opsbook run show RUN`.
pub(crate) fn show_text(run: &Run, view: &RunView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "run {}: {} {}", run.id, run.runbook, subject(run));
    let _ = writeln!(
        out,
        "version {} · commit {} · started by {} at {}",
        run.version.as_deref().unwrap_or("-"),
        run.commit.as_deref().unwrap_or("-"),
        run.started_by,
        run.started_at
    );
    let _ = writeln!(
        out,
        "{}: {} done, {} skipped, {} open of {}",
        view.result(),
        view.done(),
        view.skipped(),
        view.total() - view.done() - view.skipped(),
        view.total()
    );
    if let Some(end) = &view.ended {
        let _ = write!(out, "{} by {} at {}", end.action.as_str(), end.by, end.at);
        if let Some(r) = &end.reason {
            let _ = write!(out, ": {r}");
        }
        out.push('\n');
    }
    for p in &view.phases {
        let _ = write!(out, "\n## {}", p.title);
        if p.gate {
            out.push_str(" [gate]");
        }
        let _ = write!(out, " ({}/{} done", p.done, p.total);
        if p.skipped > 0 {
            let _ = write!(out, ", {} skipped", p.skipped);
        }
        out.push(')');
        if let Some(e) = p.estimate {
            let _ = write!(out, " · estimate {}", duration::show(e));
        }
        if let Some(a) = p.actual() {
            let _ = write!(out, " · took {}", duration::show(a));
        }
        out.push('\n');
        for i in view.items.iter().filter(|i| i.phase == p.id && !i.orphan) {
            item_lines(&mut out, i);
        }
        match &p.signed {
            Some((by, at)) => {
                let _ = writeln!(out, "  signed off by {by} at {at}");
            }
            None if p.gate => {
                let who = if p.approvers.is_empty() {
                    String::new()
                } else {
                    format!(" (approvers: {})", p.approvers.join(", "))
                };
                let _ = writeln!(out, "  not signed off yet{who}");
            }
            None => {}
        }
    }
    let orphans: Vec<_> = view.items.iter().filter(|i| i.orphan).collect();
    if !orphans.is_empty() {
        out.push_str("\n## No longer in the runbook\n");
        for i in orphans {
            item_lines(&mut out, i);
        }
    }
    out
}

fn item_lines(out: &mut String, i: &crate::check::runs::ItemView) {
    let mark = match i.standing {
        Standing::Done => "[x]",
        Standing::Skipped => "[-]",
        Standing::Open => "[ ]",
    };
    let _ = write!(out, "  {mark} {} ({})", i.text, i.id);
    if let (Some(by), Some(at)) = (&i.by, &i.at) {
        let _ = write!(out, " · {by} at {at}");
    }
    out.push('\n');
    if let Some(r) = &i.reason {
        let _ = writeln!(out, "      skipped: {r}");
    }
    for (by, at, note) in &i.notes {
        let _ = writeln!(out, "      note by {by} at {at}: {note}");
    }
    for url in &i.evidence {
        let _ = writeln!(out, "      evidence: {url}");
    }
}

fn subject(run: &Run) -> String {
    match &run.subject {
        crate::model::run::Subject::Environment(e) => format!("in {e}"),
        crate::model::run::Subject::Person(p) => format!("for {p}"),
    }
}

/// `opsbook run show RUN --json`.
pub(crate) fn show_json(run: &Run, view: &RunView) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        run: &'a Run,
        result: &'static str,
        view: &'a RunView,
    }
    let out = Out {
        run,
        result: view.result(),
        view,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// One line of `opsbook runs`.
#[derive(Debug, Serialize)]
pub(crate) struct Summary<'a> {
    pub id: &'a str,
    pub runbook: &'a str,
    /// `environment` or `for`.
    pub kind: &'static str,
    pub name: &'a str,
    pub version: Option<&'a str>,
    pub started_by: &'a str,
    pub started_at: &'a str,
    pub result: &'static str,
    pub done: usize,
    pub skipped: usize,
    pub total: usize,
    /// Minutes from the start to the end (or the last event).
    pub minutes: Option<u32>,
}

pub(crate) fn summary<'a>(run: &'a Run, view: &RunView) -> Summary<'a> {
    let end = view
        .ended
        .as_ref()
        .map_or(view.last_at.as_str(), |e| e.at.as_str());
    Summary {
        id: &run.id,
        runbook: &run.runbook,
        kind: if run.subject.environment().is_some() {
            "environment"
        } else {
            "for"
        },
        name: run.subject.name(),
        version: run.version.as_deref(),
        started_by: &run.started_by,
        started_at: &run.started_at,
        result: view.result(),
        done: view.done(),
        skipped: view.skipped(),
        total: view.total(),
        minutes: minutes_between(&run.started_at, end),
    }
}

/// `opsbook runs` as a table.
pub(crate) fn list_text(rows: &[Summary<'_>]) -> String {
    if rows.is_empty() {
        return "no runs\n".into();
    }
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                r.runbook.to_string(),
                if r.kind == "for" {
                    format!("for {}", r.name)
                } else {
                    r.name.to_string()
                },
                r.version.unwrap_or("-").to_string(),
                r.started_by.to_string(),
                r.result.to_string(),
                format!(
                    "{}/{}{}",
                    r.done + r.skipped,
                    r.total,
                    r.minutes
                        .map(|m| format!(" in {}", duration::show(m)))
                        .unwrap_or_default()
                ),
            ]
        })
        .collect();
    let head = [
        "RUN",
        "RUNBOOK",
        "FOR",
        "VERSION",
        "STARTED BY",
        "RESULT",
        "PROGRESS",
    ];
    let mut width = head.map(str::len);
    for c in &cells {
        for (w, s) in width.iter_mut().zip(c) {
            *w = (*w).max(s.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, c: &[&str]| {
        let parts: Vec<String> = c
            .iter()
            .zip(width)
            .map(|(s, w)| format!("{s:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", parts.join("  ").trim_end());
    };
    line(&mut out, &head);
    for c in &cells {
        line(&mut out, &c.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}

/// One row of the audit trail: one event of one run.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Row {
    pub run: String,
    pub runbook: String,
    pub environment: String,
    pub person: String,
    pub version: String,
    pub commit: String,
    pub phase: String,
    pub item: String,
    pub action: String,
    pub by: String,
    pub at: String,
    pub note: String,
    pub evidence: Vec<String>,
    pub reason: String,
    /// The sign-off of the event's phase, as the run ended up: `bob at 2026-…`.
    pub signoff: String,
}

/// Every event of `runs` (with their views) whose day is in `since..=until`, in run
/// order then file order; a run's start is a row of its own (`start`).
pub(crate) fn rows(
    runs: &[(&Run, &RunView)],
    since: Option<&str>,
    until: Option<&str>,
) -> Vec<Row> {
    let in_range = |at: &str| {
        let day = at.get(..10).unwrap_or(at);
        since.is_none_or(|s| day >= s) && until.is_none_or(|u| day <= u)
    };
    let mut out = Vec::new();
    for (run, view) in runs {
        let signoff = |phase: &str| {
            view.phases
                .iter()
                .find(|p| p.id.as_deref() == Some(phase))
                .and_then(|p| p.signed.as_ref())
                .map(|(by, at)| format!("{by} at {at}"))
                .unwrap_or_default()
        };
        let base = |phase: &str, action: &str, by: &str, at: &str| Row {
            run: run.id.clone(),
            runbook: run.runbook.clone(),
            environment: run.subject.environment().unwrap_or("").to_string(),
            person: match &run.subject {
                crate::model::run::Subject::Person(p) => p.clone(),
                _ => String::new(),
            },
            version: run.version.clone().unwrap_or_default(),
            commit: run.commit.clone().unwrap_or_default(),
            phase: phase.to_string(),
            item: String::new(),
            action: action.to_string(),
            by: by.to_string(),
            at: at.to_string(),
            note: String::new(),
            evidence: Vec::new(),
            reason: String::new(),
            signoff: signoff(phase),
        };
        if in_range(&run.started_at) {
            out.push(base("", "start", &run.started_by, &run.started_at));
        }
        for e in run.events.iter().filter(|e| in_range(&e.at)) {
            let phase = e.phase.as_deref().unwrap_or("");
            let mut row = base(phase, e.action.as_str(), &e.by, &e.at);
            row.item = e.item.clone().unwrap_or_default();
            row.note = e.note.clone().unwrap_or_default();
            row.evidence = e.evidence.clone();
            row.reason = e.reason.clone().unwrap_or_default();
            if matches!(e.action, Action::Finish | Action::Abort) {
                row.signoff = String::new();
            }
            out.push(row);
        }
    }
    out
}

const COLUMNS: [&str; 15] = [
    "run",
    "runbook",
    "environment",
    "for",
    "version",
    "commit",
    "phase",
    "item",
    "action",
    "by",
    "at",
    "note",
    "evidence",
    "reason",
    "sign-off",
];

fn cells(r: &Row) -> [String; 15] {
    [
        r.run.clone(),
        r.runbook.clone(),
        r.environment.clone(),
        r.person.clone(),
        r.version.clone(),
        r.commit.clone(),
        r.phase.clone(),
        r.item.clone(),
        r.action.clone(),
        r.by.clone(),
        r.at.clone(),
        r.note.clone(),
        r.evidence.join(" "),
        r.reason.clone(),
        r.signoff.clone(),
    ]
}

pub(crate) fn rows_csv(rows: &[Row]) -> String {
    let mut out = csv::line(COLUMNS);
    for r in rows {
        let c = cells(r);
        out.push_str(&csv::line(c.iter().map(String::as_str)));
    }
    out
}

pub(crate) fn rows_json(rows: &[Row]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "events": rows })).unwrap_or_default() + "\n"
}

pub(crate) fn rows_markdown(rows: &[Row]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = format!(
        "# Runs: audit trail\n\n{} events.\n\n| {} |\n|{}\n",
        rows.len(),
        COLUMNS.join(" | "),
        "---|".repeat(COLUMNS.len())
    );
    for r in rows {
        let c = cells(r);
        let parts: Vec<String> = c.iter().map(|s| cell(s)).collect();
        let _ = writeln!(out, "| {} |", parts.join(" | "));
    }
    out
}
