//! The context of one run's page, `runs/<id>.html` (`run.html`): the header (runbook,
//! environment or person, version, commit, who started it and when, how it ended), every
//! phase with its count, estimate against actual and gate, every item with its standing,
//! who and when, notes and evidence, and the items the runbook no longer has, apart.
//! Printed, the page is the paper record. Evidence becomes a link only when it is an
//! `http`/`https` URL; all text is escaped by the template. Pure. SPEC.md §11.

use serde::Serialize;

use crate::base::url::{encode_path, relative};
use crate::check::runs::{self, ItemView, PhaseView, RunView};
use crate::config::Config;
use crate::model::Book;
use crate::model::run::{Action, Run, Standing};
use crate::parse::duration;

use super::ShellContext;
use super::context::shell;
use super::runs::{RUNS_INDEX, kind};

/// The run itself, for the page's header.
#[derive(Debug, Serialize)]
pub(crate) struct RunHeaderContext<'a> {
    pub(crate) id: &'a str,
    /// The runbook's page id.
    pub(crate) runbook: &'a str,
    pub(crate) runbook_title: &'a str,
    /// `None`: the book no longer has the runbook.
    pub(crate) runbook_href: Option<String>,
    /// `environment` or `person`.
    pub(crate) kind: &'static str,
    pub(crate) subject: &'a str,
    pub(crate) version: Option<&'a str>,
    pub(crate) commit: Option<&'a str>,
    pub(crate) started_by: &'a str,
    pub(crate) started_at: &'a str,
    /// `open`, `finished` or `aborted`.
    pub(crate) result: &'static str,
    pub(crate) ended_by: Option<&'a str>,
    pub(crate) ended_at: Option<&'a str>,
    /// Why it was aborted.
    pub(crate) reason: Option<&'a str>,
    /// From the start to the end (or the last event).
    pub(crate) duration: Option<String>,
    pub(crate) estimate: Option<String>,
    pub(crate) done: usize,
    pub(crate) skipped: usize,
    pub(crate) total: usize,
    /// Done and skipped in percent of the total.
    pub(crate) percent: usize,
    /// The GitHub issue the run was worked in (`issue:`), when it is a web link.
    pub(crate) issue: Option<&'a str>,
    /// The day the runbook's file was last changed in git, when that is after the day
    /// the run started: the page says the runbook changed since.
    pub(crate) runbook_changed: Option<&'a str>,
}

/// A note given on an item.
#[derive(Debug, Serialize)]
pub(crate) struct NoteContext<'a> {
    pub(crate) by: &'a str,
    pub(crate) at: &'a str,
    pub(crate) text: &'a str,
}

/// An evidence link: `href` only for an `http`/`https` URL, else the text alone.
#[derive(Debug, Serialize)]
pub(crate) struct EvidenceContext<'a> {
    pub(crate) href: Option<&'a str>,
    pub(crate) text: &'a str,
}

/// One item of the run.
#[derive(Debug, Serialize)]
pub(crate) struct RunItemContext<'a> {
    pub(crate) id: &'a str,
    pub(crate) text: &'a str,
    /// The item on the runbook page (`None` for an orphan or an unknown runbook).
    pub(crate) href: Option<String>,
    /// `done`, `skipped` or `open`.
    pub(crate) standing: &'static str,
    pub(crate) by: Option<&'a str>,
    pub(crate) at: Option<&'a str>,
    /// Why it was skipped.
    pub(crate) reason: Option<&'a str>,
    pub(crate) notes: Vec<NoteContext<'a>>,
    pub(crate) evidence: Vec<EvidenceContext<'a>>,
    pub(crate) estimate: Option<String>,
    /// For an orphan: the phase it was in when its events were written.
    pub(crate) phase: Option<&'a str>,
}

/// One phase of the run.
#[derive(Debug, Serialize)]
pub(crate) struct RunPhaseContext<'a> {
    /// The phase id (`None`: the items before the first phase heading).
    pub(crate) id: Option<&'a str>,
    pub(crate) title: &'a str,
    /// The phase on the runbook page.
    pub(crate) href: Option<String>,
    pub(crate) gate: bool,
    pub(crate) approvers: &'a [String],
    pub(crate) signed_by: Option<&'a str>,
    pub(crate) signed_at: Option<&'a str>,
    pub(crate) done: usize,
    pub(crate) skipped: usize,
    pub(crate) total: usize,
    pub(crate) estimate: Option<String>,
    /// Minutes from its first to its last event.
    pub(crate) actual: Option<String>,
    /// The actual time is over the estimate.
    pub(crate) over: bool,
    pub(crate) items: Vec<RunItemContext<'a>>,
}

/// Context of `run.html`: one run's page.
#[derive(Debug, Serialize)]
pub(crate) struct RunPageContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    pub(crate) run: RunHeaderContext<'a>,
    pub(crate) phases: Vec<RunPhaseContext<'a>>,
    /// Items the runbook no longer has (or every item, when the runbook is gone): kept,
    /// listed apart.
    pub(crate) orphans: Vec<RunItemContext<'a>>,
    /// `runs/index.html`, relative to the page.
    pub(crate) index_href: String,
}

pub(crate) fn run_page_context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    run: &'a Run,
    view: &'a RunView,
    url: &'a str,
) -> RunPageContext<'a> {
    let page = runs::runbook(book, run);
    let page_href = page.map(|p| relative(url, &encode_path(&p.url)));
    let anchor = |id: &str| page_href.as_ref().map(|h| format!("{h}#{id}"));
    let item = |i: &'a ItemView| RunItemContext {
        id: &i.id,
        text: &i.text,
        href: (!i.orphan).then(|| anchor(&i.id)).flatten(),
        standing: standing(i.standing),
        by: i.by.as_deref(),
        at: i.at.as_deref(),
        reason: i.reason.as_deref(),
        notes: i
            .notes
            .iter()
            .map(|(by, at, text)| NoteContext { by, at, text })
            .collect(),
        evidence: i.evidence.iter().map(|e| evidence(e)).collect(),
        estimate: i.estimate.map(duration::show),
        phase: i.phase.as_deref(),
    };
    let phases = view
        .phases
        .iter()
        .map(|p| phase(p, anchor(p.id.as_deref().unwrap_or("")), view, &item))
        .filter(|p| p.total > 0 || p.gate)
        .collect();
    let orphans = view.items.iter().filter(|i| i.orphan).map(item).collect();
    RunPageContext {
        shell: shell(cfg, book, url),
        run: RunHeaderContext {
            runbook_changed: page
                .and_then(|p| book.updated.get(p.source.as_str()))
                .map(String::as_str)
                .filter(|day| *day > run.started_at.get(..10).unwrap_or("")),
            ..header(run, view, page.map(|p| p.title.as_str()), page_href.clone())
        },
        phases,
        orphans,
        index_href: relative(url, RUNS_INDEX),
    }
}

fn phase<'a>(
    p: &'a PhaseView,
    href: Option<String>,
    view: &'a RunView,
    item: &impl Fn(&'a ItemView) -> RunItemContext<'a>,
) -> RunPhaseContext<'a> {
    let actual = p.actual();
    RunPhaseContext {
        id: p.id.as_deref(),
        title: &p.title,
        href: p.id.as_ref().and(href),
        gate: p.gate,
        approvers: &p.approvers,
        signed_by: p.signed.as_ref().map(|(by, _)| by.as_str()),
        signed_at: p.signed.as_ref().map(|(_, at)| at.as_str()),
        done: p.done,
        skipped: p.skipped,
        total: p.total,
        estimate: p.estimate.map(duration::show),
        actual: actual.map(duration::show),
        over: matches!((actual, p.estimate), (Some(a), Some(e)) if a > e),
        items: view
            .items
            .iter()
            .filter(|i| !i.orphan && i.phase == p.id)
            .map(item)
            .collect(),
    }
}

fn header<'a>(
    run: &'a Run,
    view: &'a RunView,
    title: Option<&'a str>,
    href: Option<String>,
) -> RunHeaderContext<'a> {
    let end = view.ended.as_ref();
    let last = end.map_or(view.last_at.as_str(), |e| e.at.as_str());
    let estimate: u32 = view.phases.iter().filter_map(|p| p.estimate).sum();
    let (done, skipped, total) = (view.done(), view.skipped(), view.total());
    RunHeaderContext {
        id: &run.id,
        runbook: &run.runbook,
        runbook_title: title.unwrap_or(&run.runbook),
        runbook_href: href,
        kind: kind(&run.subject),
        subject: run.subject.name(),
        version: run.version.as_deref(),
        commit: run.commit.as_deref(),
        started_by: &run.started_by,
        started_at: &run.started_at,
        result: view.result(),
        ended_by: end.map(|e| e.by.as_str()),
        ended_at: end.map(|e| e.at.as_str()),
        reason: end
            .filter(|e| e.action == Action::Abort)
            .and_then(|e| e.reason.as_deref()),
        duration: runs::minutes_between(&run.started_at, last).map(duration::show),
        estimate: (estimate > 0).then(|| duration::show(estimate)),
        done,
        skipped,
        total,
        percent: ((done + skipped) * 100).checked_div(total).unwrap_or(0),
        issue: run
            .issue
            .as_deref()
            .filter(|u| u.starts_with("https://") && !u.contains(char::is_whitespace)),
        runbook_changed: None,
    }
}

fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Open => "open",
        Standing::Done => "done",
        Standing::Skipped => "skipped",
    }
}

/// Only an `http://` or `https://` URL is a link; anything else stays text.
pub(crate) fn evidence(text: &str) -> EvidenceContext<'_> {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let linkable = (lower.starts_with("http://") || lower.starts_with("https://"))
        && !text.chars().any(|c| c.is_whitespace() || c.is_control());
    EvidenceContext {
        href: linkable.then_some(text),
        text,
    }
}
