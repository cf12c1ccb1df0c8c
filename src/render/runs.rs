//! What readers see of runs (SPEC.md §11), apart from the run page itself
//! (`run_page.rs`): the rows and groups that `runs/index.html`, each runbook page's
//! "Runs" section and the home page's dashboard list, their typed contexts, and the
//! rendering of the run pages into site files. Every run is replayed once
//! (`check::runs::replay`). A book without runs gets none of this: no page, no section,
//! no sidebar entry, the same bytes as before runs existed. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::base::url::{encode_path, relative};
use crate::check::runs::{self, RunView};
use crate::config::Config;
use crate::model::run::{Run, Subject};
use crate::model::{Book, Page};
use crate::parse::duration;
use crate::render::run_report;
use crate::render::theme::Theme;

use super::context::shell;
use super::run_page::run_page_context;

/// The stylesheet of the run pages and runs sections, below `static/`: written with the
/// run pages, so a book without runs has none.
pub(crate) const RUNS_STYLE: &str = "runs.css";

/// The runs index, relative to the site root.
pub(crate) const RUNS_INDEX: &str = "runs/index.html";

/// The site path of a run's page.
pub(crate) fn run_url(id: &str) -> String {
    format!("runs/{id}.html")
}

/// One run in a list: what it was for, who started it, how far it got, how it ended.
#[derive(Debug, Serialize)]
pub(crate) struct RunRowContext<'a> {
    pub(crate) id: &'a str,
    /// The run's page, relative to the current file.
    pub(crate) href: String,
    pub(crate) runbook_title: &'a str,
    /// The runbook's page, relative to the current file (`None`: the book no longer has
    /// the runbook).
    pub(crate) runbook_href: Option<String>,
    /// `environment` (a deployment) or `person` (onboarding).
    pub(crate) kind: &'static str,
    /// The environment or the person.
    pub(crate) subject: &'a str,
    pub(crate) version: Option<&'a str>,
    pub(crate) started_by: &'a str,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) started_at: &'a str,
    /// `YYYY-MM-DD` of the start.
    pub(crate) date: &'a str,
    /// `open`, `finished` or `aborted`.
    pub(crate) result: &'static str,
    pub(crate) done: usize,
    pub(crate) skipped: usize,
    pub(crate) total: usize,
    /// Done and skipped, in percent of the total (0–100).
    pub(crate) percent: usize,
    /// From the start to the end (or the last event): `1h 35m`.
    pub(crate) duration: Option<String>,
}

/// The runs of one runbook for one environment or person, newest first.
#[derive(Debug, Serialize)]
pub(crate) struct RunGroupContext<'a> {
    pub(crate) runbook_title: &'a str,
    pub(crate) runbook_href: Option<String>,
    pub(crate) kind: &'static str,
    pub(crate) subject: &'a str,
    pub(crate) runs: Vec<RunRowContext<'a>>,
}

/// A runbook page's "Runs" section (`page.html`'s `runs`).
#[derive(Debug, Serialize)]
pub(crate) struct RunbookRunsContext<'a> {
    /// Its open runs, newest first.
    pub(crate) open: Vec<RunRowContext<'a>>,
    /// Its ended runs per environment (then per person), newest first.
    pub(crate) history: Vec<RunGroupContext<'a>>,
    /// `runs/index.html`, relative to the page.
    pub(crate) index_href: String,
}

/// The home page's runs (`index.html`'s `runs`).
#[derive(Debug, Serialize)]
pub(crate) struct HomeRunsContext<'a> {
    pub(crate) open: Vec<RunRowContext<'a>>,
    /// The last ended run of each runbook × environment, in book order.
    pub(crate) last: Vec<RunRowContext<'a>>,
    pub(crate) index_href: String,
}

/// One person's onboarding runs (`runs.html`'s `onboarding`).
#[derive(Debug, Serialize)]
pub(crate) struct PersonContext<'a> {
    pub(crate) name: &'a str,
    pub(crate) runs: Vec<RunRowContext<'a>>,
}

/// Context of `runs.html`: `runs/index.html`.
#[derive(Debug, Serialize)]
pub(crate) struct RunsIndexContext<'a> {
    pub(crate) shell: super::ShellContext<'a>,
    /// Every open run, newest first.
    pub(crate) open: Vec<RunRowContext<'a>>,
    /// Ended runs of environments per runbook × environment, in book order.
    pub(crate) history: Vec<RunGroupContext<'a>>,
    /// Runs for a person (`for:`), per person by name.
    pub(crate) onboarding: Vec<PersonContext<'a>>,
}

/// Every run of a book with its replay, in the order lists show them: newest first.
pub(crate) struct Replayed<'a> {
    runs: Vec<(&'a Run, RunView)>,
}

impl<'a> Replayed<'a> {
    pub(crate) fn of(book: &'a Book) -> Replayed<'a> {
        Replayed::filtered(book, |_| true)
    }

    /// The runs of one runbook only.
    pub(crate) fn of_runbook(book: &'a Book, id: &str) -> Replayed<'a> {
        Replayed::filtered(book, |r| r.runbook == id)
    }

    fn filtered(book: &'a Book, keep: impl Fn(&Run) -> bool) -> Replayed<'a> {
        let mut sink = Diagnostics::new();
        let mut list: Vec<(&Run, RunView)> = book
            .runs
            .iter()
            .filter(|r| keep(r))
            .map(|r| {
                let page = runs::runbook(book, r);
                (r, runs::replay(r, page, &book.environments, &mut sink))
            })
            .collect();
        list.sort_by(|a, b| {
            (b.0.started_at.as_str(), b.0.id.as_str())
                .cmp(&(a.0.started_at.as_str(), a.0.id.as_str()))
        });
        Replayed { runs: list }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &(&'a Run, RunView)> {
        self.runs.iter()
    }
}

/// One row, with links relative to `from`.
fn row<'a>(book: &'a Book, run: &'a Run, view: &RunView, from: &str) -> RunRowContext<'a> {
    let s = run_report::summary(run, view);
    let page = runs::runbook(book, run);
    let counted = s.done + s.skipped;
    RunRowContext {
        id: &run.id,
        href: relative(from, &encode_path(&run_url(&run.id))),
        runbook_title: page.map_or(run.runbook.as_str(), |p| p.title.as_str()),
        runbook_href: page.map(|p| relative(from, &encode_path(&p.url))),
        kind: kind(&run.subject),
        subject: run.subject.name(),
        version: run.version.as_deref(),
        started_by: &run.started_by,
        started_at: &run.started_at,
        date: run.started_at.get(..10).unwrap_or(&run.started_at),
        result: s.result,
        done: s.done,
        skipped: s.skipped,
        total: s.total,
        percent: (counted * 100).checked_div(s.total).unwrap_or(0),
        duration: s.minutes.map(duration::show),
    }
}

pub(crate) fn kind(subject: &Subject) -> &'static str {
    match subject {
        Subject::Environment(_) => "environment",
        Subject::Person(_) => "person",
    }
}

/// The position of a run's runbook in the book (unknown runbooks last, by id).
fn book_order(book: &Book) -> impl Fn(&Run) -> usize + '_ {
    let index: BTreeMap<&str, usize> = book
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    move |run: &Run| {
        index
            .get(run.runbook.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    }
}

/// Ended runs grouped by runbook × subject (book order, then subject), newest first
/// within a group; `keep` chooses the runs.
fn groups<'a>(
    book: &'a Book,
    replayed: &Replayed<'a>,
    from: &str,
    keep: impl Fn(&Run, &RunView) -> bool,
) -> Vec<RunGroupContext<'a>> {
    let order = book_order(book);
    let mut by_key: BTreeMap<(usize, &str, &str, &str), Vec<RunRowContext<'a>>> = BTreeMap::new();
    for (run, view) in replayed.iter() {
        if !keep(run, view) {
            continue;
        }
        let key = (
            order(run),
            run.runbook.as_str(),
            kind(&run.subject),
            run.subject.name(),
        );
        by_key
            .entry(key)
            .or_default()
            .push(row(book, run, view, from));
    }
    by_key
        .into_iter()
        .map(|((_, _, kind, subject), runs)| RunGroupContext {
            runbook_title: runs[0].runbook_title,
            runbook_href: runs[0].runbook_href.clone(),
            kind,
            subject,
            runs,
        })
        .collect()
}

/// The "Runs" section of `page`, or `None` when it has no runs.
pub(crate) fn runbook_runs<'a>(book: &'a Book, page: &Page) -> Option<RunbookRunsContext<'a>> {
    if book.runs.iter().all(|r| r.runbook != page.id) {
        return None;
    }
    let replayed = &Replayed::of_runbook(book, &page.id);
    let from = page.url.as_str();
    let mine = |r: &Run| r.runbook == page.id;
    let open = replayed
        .iter()
        .filter(|(r, v)| mine(r) && v.ended.is_none())
        .map(|(r, v)| row(book, r, v, from))
        .collect();
    let history = groups(book, replayed, from, |r, v| mine(r) && v.ended.is_some());
    Some(RunbookRunsContext {
        open,
        history,
        index_href: relative(from, RUNS_INDEX),
    })
}

/// The home page's runs, or `None` when the book has none.
pub(crate) fn home_runs(book: &Book) -> Option<HomeRunsContext<'_>> {
    if book.runs.is_empty() {
        return None;
    }
    let replayed = &Replayed::of(book);
    let from = "index.html";
    let open = replayed
        .iter()
        .filter(|(_, v)| v.ended.is_none())
        .map(|(r, v)| row(book, r, v, from))
        .collect();
    let last = groups(book, replayed, from, |r, v| {
        v.ended.is_some() && r.subject.environment().is_some()
    })
    .into_iter()
    .filter_map(|g| g.runs.into_iter().next())
    .collect();
    Some(HomeRunsContext {
        open,
        last,
        index_href: RUNS_INDEX.to_string(),
    })
}

/// The context of `runs/index.html`.
pub(crate) fn index_context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    replayed: &Replayed<'a>,
) -> RunsIndexContext<'a> {
    let from = RUNS_INDEX;
    let open = replayed
        .iter()
        .filter(|(_, v)| v.ended.is_none())
        .map(|(r, v)| row(book, r, v, from))
        .collect();
    let history = groups(book, replayed, from, |r, v| {
        v.ended.is_some() && r.subject.environment().is_some()
    });
    let mut people: BTreeMap<&str, Vec<RunRowContext<'a>>> = BTreeMap::new();
    for (run, view) in replayed.iter() {
        if let Subject::Person(name) = &run.subject {
            people
                .entry(name.as_str())
                .or_default()
                .push(row(book, run, view, from));
        }
    }
    RunsIndexContext {
        shell: shell(cfg, book, from),
        open,
        history,
        onboarding: people
            .into_iter()
            .map(|(name, runs)| PersonContext { name, runs })
            .collect(),
    }
}

/// `runs/index.html`, `runs/<id>.html` of every run and `static/runs.css`; nothing for a
/// book without runs.
pub(crate) fn pages(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let replayed = Replayed::of(book);
    if replayed.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(book.runs.len() + 1);
    let mut diags = Diagnostics::new();
    match theme.render("runs.html", &index_context(cfg, book, &replayed)) {
        Ok(html) => out.push((RUNS_INDEX.to_string(), html)),
        Err(d) => diags.push(*d),
    }
    if let Some(css) = theme.statics().get(RUNS_STYLE) {
        let css = String::from_utf8_lossy(css).into_owned();
        out.push((format!("static/{RUNS_STYLE}"), css));
    }
    for (run, view) in replayed.iter() {
        let url = run_url(&run.id);
        match theme.render("run.html", &run_page_context(cfg, book, run, view, &url)) {
            Ok(html) => out.push((url, html)),
            Err(d) => diags.push(*d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

/// Whether `url` (lower-case) is a page the runs make: a content page there is refused.
pub(crate) fn is_run_page(book: &Book, url: &str) -> bool {
    !book.runs.is_empty()
        && (url == RUNS_INDEX
            || book
                .runs
                .iter()
                .any(|r| run_url(&r.id).to_lowercase() == url))
}

#[cfg(test)]
#[path = "runs_tests.rs"]
mod tests;
