//! Progress reports of a book for the terminal and for auditors: the data of
//! `opsbook status --json` and `opsbook export`, and its text, CSV and Markdown forms.
//! Pure: `Book` in, text out. SPEC.md §5, §9.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Book, Item, Page};
use crate::render::progress::{self, Progress};

/// The whole report: a list of runbooks (the shape of `status --json`, documented in
/// content/reference/cli.md in the guide).
#[derive(Debug, Serialize)]
pub(crate) struct Report<'a> {
    pub(crate) book: &'a str,
    pub(crate) environments: Vec<&'a str>,
    pub(crate) runbooks: Vec<RunbookReport<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct RunbookReport<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) source: &'a str,
    pub(crate) phases: Vec<PhaseReport<'a>>,
    /// Environment → done/total, for the environments the runbook applies to.
    pub(crate) progress: BTreeMap<&'a str, Progress>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PhaseReport<'a> {
    pub(crate) title: &'a str,
    pub(crate) items: Vec<ItemReport<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ItemReport<'a> {
    pub(crate) id: String,
    pub(crate) text: String,
    /// Environment → done, for the environments the item applies to.
    pub(crate) done: BTreeMap<&'a str, bool>,
    /// Environment → who ticked it, when and why (team state), where known.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) ticked: BTreeMap<&'a str, Tick<'a>>,
    /// Ticked in the source (`[x]`): done everywhere.
    pub(crate) source_done: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct Tick<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<&'a str>,
}

/// The report for `envs` (all of the book's when empty), runbooks with items only.
pub(crate) fn build<'a>(book: &'a Book, envs: &[&'a str]) -> Report<'a> {
    let envs: Vec<&str> = if envs.is_empty() {
        book.environments.iter().map(String::as_str).collect()
    } else {
        envs.to_vec()
    };
    let runbooks = book
        .pages
        .iter()
        .filter(|p| !p.doc.items.is_empty())
        .map(|p| runbook(book, p, &envs))
        .collect();
    Report {
        book: &book.title,
        environments: envs,
        runbooks,
    }
}

fn runbook<'a>(book: &'a Book, page: &'a Page, envs: &[&'a str]) -> RunbookReport<'a> {
    let scope = page.environments(&book.environments);
    let applies_here: Vec<&str> = envs
        .iter()
        .copied()
        .filter(|e| scope.iter().any(|s| s == e))
        .collect();
    let mut phases: Vec<PhaseReport<'a>> = page
        .doc
        .phases
        .iter()
        .map(|ph| PhaseReport {
            title: &ph.title,
            items: Vec::new(),
        })
        .collect();
    for item in page.doc.items.get().iter() {
        let report = item_report(book, page, item, &applies_here);
        if let Some(phase) = phases.get_mut(item.phase) {
            phase.items.push(report);
        }
    }
    phases.retain(|p| !p.items.is_empty());
    let progress = applies_here
        .iter()
        .map(|e| (*e, progress::runbook_progress(page, e, book.state_of(e))))
        .collect();
    RunbookReport {
        id: &page.id,
        title: &page.title,
        source: page.source.as_str(),
        phases,
        progress,
    }
}

fn item_report<'a>(
    book: &'a Book,
    page: &'a Page,
    item: &Item,
    envs: &[&'a str],
) -> ItemReport<'a> {
    let mut done = BTreeMap::new();
    let mut ticked = BTreeMap::new();
    for env in envs {
        if !item.applies_to(&page.front.environments, env) {
            continue;
        }
        let state = book.state_of(env);
        done.insert(*env, progress::is_done(item, state));
        if let Some(e) = state
            .and_then(|s| s.entries.get(item.id()))
            .filter(|e| e.done)
        {
            ticked.insert(
                *env,
                Tick {
                    by: e.by.as_deref(),
                    at: e.at.as_deref(),
                    note: e.note.as_deref(),
                },
            );
        }
    }
    ItemReport {
        id: item.id().to_string(),
        text: item.text().to_string(),
        done,
        ticked,
        source_done: item.done,
    }
}

/// JSON, pretty-printed, ending in a newline.
pub(crate) fn to_json(report: &Report<'_>) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("invariant: plain data serializes");
    s.push('\n');
    s
}

/// A bar of `width` cells: `██████░░░░`.
fn bar(p: Progress, width: usize) -> String {
    let full = (p.done * width)
        .checked_div(p.total)
        .unwrap_or(0)
        .min(width);
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

/// The terminal view: a line per runbook and environment; with one environment, also
/// the items still open, by phase.
pub(crate) fn to_text(report: &Report<'_>) -> String {
    let mut out = String::new();
    let width = report
        .runbooks
        .iter()
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    let mut sums: BTreeMap<&str, Progress> = BTreeMap::new();
    for r in &report.runbooks {
        let title: String = r.title.chars().take(width).collect();
        let _ = write!(out, "{title:<width$}");
        for env in &report.environments {
            match r.progress.get(env) {
                Some(p) => {
                    let s = sums.entry(env).or_default();
                    *s = *s + *p;
                    let _ = write!(out, "  {env} {} {:>4}/{:<4}", bar(*p, 10), p.done, p.total);
                }
                None => {
                    let _ = write!(out, "  {env} {:>21}", "n/a");
                }
            }
        }
        out.push('\n');
        if report.environments.len() == 1 {
            open_items(&mut out, r, report.environments[0]);
        }
    }
    out.push('\n');
    for env in &report.environments {
        let p = sums.get(env).copied().unwrap_or_default();
        let _ = writeln!(out, "{env}: {}/{} done ({}%)", p.done, p.total, p.percent());
    }
    out
}

fn open_items(out: &mut String, r: &RunbookReport<'_>, env: &str) {
    for phase in &r.phases {
        let open: Vec<&ItemReport<'_>> = phase
            .items
            .iter()
            .filter(|i| i.done.get(env) == Some(&false))
            .collect();
        if open.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "  {}",
            if phase.title.is_empty() {
                "(start)"
            } else {
                phase.title
            }
        );
        for item in open {
            let _ = writeln!(out, "    [ ] {}  ({})", item.text, item.id);
        }
    }
}

/// CSV for spreadsheets: one row per item and environment it applies to.
pub(crate) fn to_csv(report: &Report<'_>) -> String {
    let mut out = String::from(
        "runbook,runbook_title,phase,item,text,environment,done,source_done,by,at,note\n",
    );
    for r in &report.runbooks {
        for phase in &r.phases {
            for item in &phase.items {
                for (env, done) in &item.done {
                    let tick = item.ticked.get(env);
                    let fields = [
                        r.id,
                        r.title,
                        phase.title,
                        &item.id,
                        &item.text,
                        env,
                        if *done { "true" } else { "false" },
                        if item.source_done { "true" } else { "false" },
                        tick.and_then(|t| t.by).unwrap_or(""),
                        tick.and_then(|t| t.at).unwrap_or(""),
                        tick.and_then(|t| t.note).unwrap_or(""),
                    ];
                    let row: Vec<String> =
                        fields.iter().map(|f| crate::base::csv::field(f)).collect();
                    out.push_str(&row.join(","));
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// A Markdown report an auditor can keep: totals, then a table per runbook.
pub(crate) fn to_markdown(report: &Report<'_>) -> String {
    let mut out = format!("# Progress report: {}\n\n", md_cell(report.book));
    out.push_str("| Runbook |");
    for env in &report.environments {
        let _ = write!(out, " {env} |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(report.environments.len()));
    out.push('\n');
    for r in &report.runbooks {
        let _ = write!(out, "| {} |", md_cell(r.title));
        for env in &report.environments {
            match r.progress.get(env) {
                Some(p) => {
                    let _ = write!(out, " {}/{} ({}%) |", p.done, p.total, p.percent());
                }
                None => out.push_str(" n/a |"),
            }
        }
        out.push('\n');
    }
    for r in &report.runbooks {
        let _ = write!(out, "\n## {}\n\nSource: `{}`\n", md_cell(r.title), r.source);
        for phase in &r.phases {
            if !phase.title.is_empty() {
                let _ = write!(out, "\n### {}\n", md_cell(phase.title));
            }
            out.push_str(
                "\n| Item | Environment | Done | By | At | Note |\n|---|---|---|---|---|---|\n",
            );
            for item in &phase.items {
                for (env, done) in &item.done {
                    let tick = item.ticked.get(env);
                    let _ = writeln!(
                        out,
                        "| {} | {env} | {} | {} | {} | {} |",
                        md_cell(&item.text),
                        if *done { "yes" } else { "no" },
                        md_cell(tick.and_then(|t| t.by).unwrap_or("")),
                        md_cell(tick.and_then(|t| t.at).unwrap_or("")),
                        md_cell(tick.and_then(|t| t.note).unwrap_or("")),
                    );
                }
            }
        }
    }
    out
}

/// Text safe inside a Markdown table cell.
fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::path::RelPath;
    use crate::config::Config;
    use crate::source::{SourceFile, Sources};

    fn book() -> Book {
        let src = Sources {
            root_name: "b".into(),
            content: vec![
                SourceFile {
                    path: RelPath::new("content/deploy.md"),
                    bytes: b"# Deploy\n## Phase 1: Prep\n- [x] a\n- [ ] b, \"quoted\" {#bee env=production}\n## Phase 2\n- [ ] c\n".to_vec(),
                },
                SourceFile { path: RelPath::new("content/about.md"), bytes: b"# About\n".to_vec() },
            ],
            state: vec![SourceFile {
                path: RelPath::new("state/production.yaml"),
                bytes: b"bee:\n  done: true\n  by: alice\n  at: 2026-11-24T10:00:00Z\n  note: \"=cmd|x\"\n".to_vec(),
            }],
            ..Sources::default()
        };
        let mut d = crate::base::diag::Diagnostics::new();
        let b = crate::parse::book::assemble(
            &Config::default(),
            &src,
            &mut d,
            &crate::base::cache::Cache::off(),
            Default::default(),
        );
        assert!(!d.has_errors(), "{d:?}");
        b
    }

    #[test]
    fn json_has_runbooks_phases_items_and_progress() {
        let b = book();
        let json: serde_json::Value = serde_json::from_str(&to_json(&build(&b, &[]))).unwrap();
        let r = &json["runbooks"][0];
        assert_eq!(
            json["runbooks"].as_array().unwrap().len(),
            1,
            "runbooks without items are left out"
        );
        assert_eq!(r["id"], "deploy");
        assert_eq!(r["phases"][0]["items"][1]["id"], "bee");
        assert_eq!(
            r["phases"][0]["items"][1]["done"],
            serde_json::json!({"production": true})
        );
        assert_eq!(
            r["phases"][0]["items"][1]["ticked"]["production"]["by"],
            "alice"
        );
        assert_eq!(
            r["progress"]["production"],
            serde_json::json!({"done": 2, "total": 3})
        );
        assert_eq!(
            r["progress"]["staging"],
            serde_json::json!({"done": 1, "total": 2})
        );
    }

    #[test]
    fn text_lists_open_items_for_one_environment() {
        let b = book();
        let text = to_text(&build(&b, &["staging"]));
        assert!(text.contains("[ ] c  (deploy/phase-2/c)"), "{text}");
        assert!(!text.contains("[ ] a"), "{text}");
        assert!(text.contains("staging: 1/2 done (50%)"), "{text}");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let b = book();
        let csv = to_csv(&build(&b, &["production"]));
        assert!(csv.contains("\"b, \"\"quoted\"\"\""), "{csv}");
        assert!(csv.contains(",'=cmd|x"), "{csv}");
        assert_eq!(csv.lines().count(), 4, "{csv}");
    }

    #[test]
    fn markdown_escapes_cells() {
        let b = book();
        let md = to_markdown(&build(&b, &[]));
        assert!(
            md.contains("| Deploy | 1/2 (50%) | 1/2 (50%) | 2/3 (66%) |"),
            "{md}"
        );
        assert!(md.contains("=cmd\\|x"), "{md}");
    }
}
