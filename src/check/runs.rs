//! The rules of runs (SPEC.md §11), in one place for every reader and writer: `replay`
//! reads a run's events against its runbook into a `RunView` (what `check`, the site and
//! `opsbook run show` report), and `admit` says whether one more event may be written
//! (`opsbook run …`, serve's write-back). Pure.
//!
//! The rules:
//! - an ended run (finished or aborted) takes no more events;
//! - an item event names an item of the runbook that applies to the run's environment;
//!   a tick, skip or untick waits until every gated phase before the item's phase is
//!   signed, and a signed phase's items are closed;
//! - a skip and an abort need a reason; a note needs a note or an evidence link;
//! - a phase is signed once, when all its items are done or skipped, by someone who did
//!   none of them (separation of duties) and, when the phase names `approvers`, by one
//!   of them;
//! - a run finishes when every item is done or skipped and every gate signed;
//! - events are in time order.
//!
//! In a file already written (`replay`), an event that names an item the runbook no
//! longer has is kept and reported as orphaned (the runbook changed since). In an open
//! run, an event that breaks a rule is an error at its line and left out of the view; a
//! finished or aborted run is held only to the rules its own record can answer (time
//! order, separation of duties by the phases it recorded), so a later edit of the
//! runbook never turns an old record into an error.

use serde::Serialize;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::suggest::closest;
use crate::model::run::{Action, Event, Run, Standing};
use crate::model::{Book, Page};

/// Why an event may not be written: a sentence and a hint, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub message: String,
    pub hint: String,
}

fn refuse(message: impl Into<String>, hint: impl Into<String>) -> Refusal {
    Refusal {
        message: message.into(),
        hint: hint.into(),
    }
}

/// One item in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct ItemView {
    pub id: String,
    pub text: String,
    /// The phase's id (`None`: the leading phase, or an orphan's unknown phase).
    pub phase: Option<String>,
    pub standing: Standing,
    /// Who and when of the tick or skip that stands.
    pub by: Option<String>,
    pub at: Option<String>,
    pub reason: Option<String>,
    /// Every note given, in order, with who and when.
    pub notes: Vec<(String, String, String)>,
    pub evidence: Vec<String>,
    /// The runbook no longer has this item.
    pub orphan: bool,
    pub estimate: Option<u32>,
}

/// One phase in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct PhaseView {
    pub id: Option<String>,
    pub title: String,
    pub gate: bool,
    pub approvers: Vec<String>,
    pub estimate: Option<u32>,
    /// The sign-off: who and when.
    pub signed: Option<(String, String)>,
    /// First and last event time on its items (and its sign-off).
    pub first: Option<String>,
    pub last: Option<String>,
    pub done: usize,
    pub skipped: usize,
    pub total: usize,
}

impl PhaseView {
    /// Minutes from its first to its last event.
    pub(crate) fn actual(&self) -> Option<u32> {
        minutes_between(self.first.as_deref()?, self.last.as_deref()?)
    }

    fn open(&self) -> usize {
        self.total - self.done - self.skipped
    }
}

/// A run replayed against its runbook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct RunView {
    /// The runbook's items that apply, in page order, then orphans.
    pub items: Vec<ItemView>,
    pub phases: Vec<PhaseView>,
    /// The `finish` or `abort` event.
    pub ended: Option<Event>,
    /// The time of the last event (or the start).
    pub last_at: String,
}

impl RunView {
    pub(crate) fn done(&self) -> usize {
        self.phases.iter().map(|p| p.done).sum()
    }
    pub(crate) fn skipped(&self) -> usize {
        self.phases.iter().map(|p| p.skipped).sum()
    }
    pub(crate) fn total(&self) -> usize {
        self.phases.iter().map(|p| p.total).sum()
    }
    /// `finished`, `aborted` or `open`.
    pub(crate) fn result(&self) -> &'static str {
        match self.ended.as_ref().map(|e| e.action) {
            Some(Action::Finish) => "finished",
            Some(_) => "aborted",
            None => "open",
        }
    }
    fn item(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }
}

/// The empty view of a run of `page` in `run`'s environment: every item that applies,
/// open; every phase, unsigned.
fn outline(run: &Run, page: &Page, all_envs: &[String]) -> RunView {
    let envs = page.environments(all_envs);
    let mut phases: Vec<PhaseView> = page
        .doc
        .phases
        .iter()
        .map(|p| PhaseView {
            id: p.id.clone(),
            title: p.title.clone(),
            gate: p.gate,
            approvers: p.approvers.clone(),
            estimate: p.estimate,
            ..PhaseView::default()
        })
        .collect();
    let mut items = Vec::new();
    for item in page.doc.items.get().iter() {
        if let Some(env) = run.subject.environment()
            && !item.applies_to(envs, env)
        {
            continue;
        }
        if let Some(p) = phases.get_mut(item.phase) {
            p.total += 1;
        }
        items.push(ItemView {
            id: item.id().to_string(),
            text: item.text().to_string(),
            phase: page.doc.phases.get(item.phase).and_then(|p| p.id.clone()),
            estimate: item.estimate,
            // Done in the source: done in every run.
            standing: if item.done {
                Standing::Done
            } else {
                Standing::Open
            },
            ..ItemView::default()
        });
    }
    for i in &items {
        if i.standing == Standing::Done
            && let Some(p) = phases.iter_mut().find(|p| p.id == i.phase)
        {
            p.done += 1;
        }
    }
    RunView {
        items,
        phases,
        ended: None,
        last_at: run.started_at.clone(),
    }
}

/// Replays `run` against its runbook (`None` when the book has no such runbook: every
/// item then is an orphan). Problems go to `diags` at the event's line: errors for an
/// open run, warnings for one that has ended (its runbook may have changed since).
pub(crate) fn replay(
    run: &Run,
    page: Option<&Page>,
    all_envs: &[String],
    diags: &mut Diagnostics,
) -> RunView {
    let mut view = match page {
        Some(p) => outline(run, p, all_envs),
        None => RunView {
            last_at: run.started_at.clone(),
            ..RunView::default()
        },
    };
    let open = run.is_open();
    if !open {
        ended_run_rules(run, diags);
    }
    for e in &run.events {
        let known = e.item.as_deref().is_none_or(|id| view.item(id).is_some());
        if page.is_some() && e.action.on_item() && !known {
            let id = e.item.as_deref().unwrap_or_default();
            diags.push(
                Diagnostic::warning(
                    Code::OrphanedRunItem,
                    run.source.clone(),
                    format!(
                        "the runbook `{}` no longer has the item `{id}`",
                        run.runbook
                    ),
                )
                .at_line(e.line, 1)
                .with_hint(
                    "the record is kept and shown as it was; the runbook changed after this run",
                ),
            );
            view.items.push(ItemView {
                id: id.to_string(),
                text: id.to_string(),
                phase: e.phase.clone(),
                orphan: true,
                ..ItemView::default()
            });
        }
        let orphan = e
            .item
            .as_deref()
            .and_then(|id| view.item(id))
            .is_some_and(|i| view.items[i].orphan);
        // An ended run is judged by what it recorded (`ended_run_rules`), not against
        // today's runbook; an open one by every rule.
        let verdict = if open && page.is_some() && !orphan {
            admit(&view, e)
        } else {
            Ok(())
        };
        match verdict {
            Ok(()) => apply(&mut view, e),
            Err(r) => diags.push(
                Diagnostic::error(Code::Run, run.source.clone(), r.message)
                    .at_line(e.line, 1)
                    .with_hint(r.hint.replace(" RUN ", &format!(" {} ", run.id))),
            ),
        }
    }
    view
}

/// The rules a finished or aborted run is held to whatever its runbook has become since:
/// events in time order, and no sign-off by someone who did an item of that phase (by
/// the phases the events recorded).
fn ended_run_rules(run: &Run, diags: &mut Diagnostics) {
    let mut last = run.started_at.as_str();
    for (n, e) in run.events.iter().enumerate() {
        if e.at.as_str() < last {
            diags.push(
                Diagnostic::error(
                    Code::Run,
                    run.source.clone(),
                    format!(
                        "this event at {} is earlier than the one before it ({last})",
                        e.at
                    ),
                )
                .at_line(e.line, 1)
                .with_hint("events are kept in time order; check the `at:` written here"),
            );
        }
        last = last.max(e.at.as_str());
        if e.action == Action::Sign
            && let Some(did) = run.events[..n].iter().find(|d| {
                matches!(d.action, Action::Tick | Action::Skip)
                    && d.phase == e.phase
                    && d.by == e.by
            })
        {
            diags.push(
                Diagnostic::error(
                    Code::Run,
                    run.source.clone(),
                    format!(
                        "{} did `{}` in this phase, so cannot also sign it off",
                        e.by,
                        did.item.as_deref().unwrap_or_default()
                    ),
                )
                .at_line(e.line, 1)
                .with_hint(
                    "separation of duties: someone who did none of the phase's items signs it",
                ),
            );
        }
    }
}

/// Whether `e` may follow the events replayed into `view` (see the module doc).
pub(crate) fn admit(view: &RunView, e: &Event) -> Result<(), Refusal> {
    if let Some(end) = &view.ended {
        let how = if end.action == Action::Finish {
            "finished"
        } else {
            "aborted"
        };
        return Err(refuse(
            format!("this run was {how} by {} at {}", end.by, end.at),
            "start a new run: `opsbook run start RUNBOOK --env ENV`",
        ));
    }
    if e.at.as_str() < view.last_at.as_str() {
        return Err(refuse(
            format!(
                "this event at {} is earlier than the one before it ({})",
                e.at, view.last_at
            ),
            "events are kept in time order; check the clock or the `at:` you wrote",
        ));
    }
    match e.action {
        Action::Tick | Action::Untick | Action::Skip | Action::Note => item_event(view, e),
        Action::Sign => sign(view, e),
        Action::Finish => finish(view),
        Action::Abort => match e.reason.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => Ok(()),
            _ => Err(refuse(
                "an aborted run needs a reason",
                "say why: `opsbook run abort RUN --reason \"rolled back: health check failed\"`",
            )),
        },
    }
}

fn item_event(view: &RunView, e: &Event) -> Result<(), Refusal> {
    let id = e.item.as_deref().unwrap_or_default();
    let Some(i) = view.item(id) else {
        let hint = match closest(id, view.items.iter().map(|i| i.id.as_str())) {
            Some(g) => format!("did you mean `{g}`? `opsbook run show RUN` lists the items"),
            None => "`opsbook run show RUN` lists the items of the run".into(),
        };
        return Err(refuse(format!("this run has no item `{id}`"), hint));
    };
    let item = &view.items[i];
    if let Some(bad) = e
        .evidence
        .iter()
        .find(|u| !(u.starts_with("https://") || u.starts_with("http://")))
    {
        return Err(refuse(
            format!("evidence must be a web link, not `{bad}`"),
            "give the address of what shows it was done: `--evidence https://ci.example.com/jobs/981`",
        ));
    }
    if item.orphan {
        return Err(refuse(
            format!("the runbook no longer has the item `{id}`"),
            "its record is kept; tick the item that replaced it",
        ));
    }
    let phase_at = view.phases.iter().position(|p| p.id == item.phase);
    if e.action != Action::Note
        && let Some(pi) = phase_at
    {
        if let Some(gate) = view.phases[..pi]
            .iter()
            .find(|p| p.gate && p.signed.is_none())
        {
            let pid = gate.id.as_deref().unwrap_or_default();
            return Err(refuse(
                format!(
                    "the phase `{}` must be signed off before items of later phases",
                    gate.title
                ),
                format!(
                    "someone who did none of its items signs it: `opsbook run sign RUN {pid} --by NAME`"
                ),
            ));
        }
        if let Some((by, at)) = &view.phases[pi].signed {
            return Err(refuse(
                format!(
                    "the phase `{}` was signed off by {by} at {at}; its items are closed",
                    view.phases[pi].title
                ),
                "record what happened since with a note: `opsbook run tick` refuses, `--note` on a new run does not",
            ));
        }
    }
    match (e.action, item.standing) {
        (Action::Tick, Standing::Done) => Err(refuse(
            format!("`{id}` is already done{}", who(item)),
            "add a note or evidence to it instead (the page's Note, or `opsbook run tick` after `untick`)",
        )),
        (Action::Tick, Standing::Skipped) | (Action::Skip, Standing::Done) => Err(refuse(
            format!(
                "`{id}` is already {}{}",
                if item.standing == Standing::Done {
                    "done"
                } else {
                    "skipped"
                },
                who(item)
            ),
            format!("untick it first: `opsbook run untick RUN {id}`"),
        )),
        (Action::Skip, Standing::Skipped) => Err(refuse(
            format!("`{id}` is already skipped{}", who(item)),
            "nothing to do",
        )),
        (Action::Skip, _) if e.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
            Err(refuse(
                format!("skipping `{id}` needs a reason"),
                "say why it does not apply this time: `--reason \"no schema change in this release\"`",
            ))
        }
        (Action::Untick, Standing::Open) => Err(refuse(
            format!("`{id}` is not done or skipped in this run"),
            "nothing to take back",
        )),
        (Action::Note, _) if e.note.is_none() && e.evidence.is_empty() => Err(refuse(
            "a note needs text or an evidence link",
            "give `--note TEXT` or `--evidence URL`",
        )),
        _ => Ok(()),
    }
}

fn who(item: &ItemView) -> String {
    match (&item.by, &item.at) {
        (Some(by), Some(at)) => format!(" (by {by} at {at})"),
        _ => " (in the runbook's source)".into(),
    }
}

fn sign(view: &RunView, e: &Event) -> Result<(), Refusal> {
    let pid = e.phase.as_deref().unwrap_or_default();
    let Some(pi) = view
        .phases
        .iter()
        .position(|p| p.id.as_deref() == Some(pid))
    else {
        let gates = view
            .phases
            .iter()
            .filter(|p| p.gate)
            .filter_map(|p| p.id.as_deref());
        let hint = match closest(pid, gates.clone()) {
            Some(g) => format!("did you mean `{g}`?"),
            None => format!(
                "the runbook's gated phases: {}",
                crate::base::suggest::listing(&gates.collect::<Vec<_>>())
            ),
        };
        return Err(refuse(format!("the runbook has no phase `{pid}`"), hint));
    };
    let p = &view.phases[pi];
    if !p.gate {
        return Err(refuse(
            format!("the phase `{}` has no gate to sign", p.title),
            "only phases marked `{gate}` (or `gate: true`) are signed off",
        ));
    }
    if let Some((by, at)) = &p.signed {
        return Err(refuse(
            format!(
                "the phase `{}` was already signed off by {by} at {at}",
                p.title
            ),
            "nothing to do",
        ));
    }
    if p.open() > 0 {
        let open: Vec<&str> = view
            .items
            .iter()
            .filter(|i| i.phase == p.id && !i.orphan && i.standing == Standing::Open)
            .map(|i| i.id.as_str())
            .collect();
        return Err(refuse(
            format!(
                "the phase `{}` still has {} open: {}",
                p.title,
                items(open.len()),
                crate::base::suggest::listing(&open)
            ),
            "tick or skip (with a reason) every item of the phase before it is signed",
        ));
    }
    let did = view
        .items
        .iter()
        .filter(|i| i.phase == p.id && i.by.as_deref() == Some(e.by.as_str()))
        .map(|i| i.id.as_str())
        .next();
    if let Some(item) = did {
        return Err(refuse(
            format!(
                "{} did `{item}` in this phase, so cannot also sign it off",
                e.by
            ),
            "separation of duties: someone who did none of the phase's items signs it",
        ));
    }
    if !p.approvers.is_empty() && !p.approvers.iter().any(|a| a == &e.by) {
        return Err(refuse(
            format!("{} is not an approver of the phase `{}`", e.by, p.title),
            format!("its approvers: {}", p.approvers.join(", ")),
        ));
    }
    Ok(())
}

fn finish(view: &RunView) -> Result<(), Refusal> {
    if let Some(p) = view.phases.iter().find(|p| p.open() > 0) {
        let n: usize = view.phases.iter().map(PhaseView::open).sum();
        return Err(refuse(
            format!(
                "{} still open, the first in the phase `{}`",
                items(n),
                p.title
            ),
            "tick or skip (with a reason) every item, or end the run with `opsbook run abort RUN --reason …`",
        ));
    }
    if let Some(p) = view.phases.iter().find(|p| p.gate && p.signed.is_none()) {
        return Err(refuse(
            format!("the phase `{}` is not signed off", p.title),
            format!(
                "`opsbook run sign RUN {} --by NAME`",
                p.id.as_deref().unwrap_or_default()
            ),
        ));
    }
    Ok(())
}

/// `1 item`, `3 items`.
fn items(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}

/// Applies an admitted event to the view.
fn apply(view: &mut RunView, e: &Event) {
    view.last_at = e.at.clone();
    let touch = |p: &mut PhaseView| {
        if p.first.is_none() {
            p.first = Some(e.at.clone());
        }
        p.last = Some(e.at.clone());
    };
    match e.action {
        Action::Finish | Action::Abort => view.ended = Some(e.clone()),
        Action::Sign => {
            if let Some(p) = view.phases.iter_mut().find(|p| p.id == e.phase) {
                p.signed = Some((e.by.clone(), e.at.clone()));
                touch(p);
            }
        }
        _ => {
            let Some(i) = e.item.as_deref().and_then(|id| view.item(id)) else {
                return;
            };
            let item = &mut view.items[i];
            let before = item.standing;
            if let Some(n) = &e.note {
                item.notes.push((e.by.clone(), e.at.clone(), n.clone()));
            }
            item.evidence.extend(e.evidence.iter().cloned());
            match e.action {
                Action::Tick => set(item, Standing::Done, e),
                Action::Skip => {
                    set(item, Standing::Skipped, e);
                    item.reason = e.reason.clone();
                }
                Action::Untick => {
                    item.standing = Standing::Open;
                    item.by = None;
                    item.at = None;
                    item.reason = None;
                }
                _ => {}
            }
            let after = item.standing;
            let phase = item.phase.clone();
            if item.orphan {
                return;
            }
            if let Some(p) = view.phases.iter_mut().find(|p| p.id == phase) {
                count(p, before, -1);
                count(p, after, 1);
                touch(p);
            }
        }
    }
}

fn set(item: &mut ItemView, standing: Standing, e: &Event) {
    item.standing = standing;
    item.by = Some(e.by.clone());
    item.at = Some(e.at.clone());
}

fn count(p: &mut PhaseView, s: Standing, d: isize) {
    let slot = match s {
        Standing::Done => &mut p.done,
        Standing::Skipped => &mut p.skipped,
        Standing::Open => return,
    };
    *slot = slot.saturating_add_signed(d);
}

/// The runbook page of a run.
pub(crate) fn runbook<'b>(book: &'b Book, run: &Run) -> Option<&'b Page> {
    book.pages.iter().find(|p| p.id == run.runbook)
}

/// Checks every run of the book: its runbook and environment exist, its events follow
/// the rules (see `replay`).
pub(crate) fn check(book: &Book) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for run in &book.runs {
        let page = runbook(book, run);
        if page.is_none() {
            let ids = book
                .pages
                .iter()
                .filter(|p| !p.doc.items.is_empty())
                .map(|p| p.id.as_str());
            let hint = match closest(&run.runbook, ids) {
                Some(g) => format!("did you mean `{g}`? the record is kept as it is"),
                None => "the runbook was removed or renamed; the record is kept as it is".into(),
            };
            diags.push(
                Diagnostic::warning(
                    Code::OrphanedRunItem,
                    run.source.clone(),
                    format!("no runbook has the id `{}`", run.runbook),
                )
                .at_line(run.line, 1)
                .with_hint(hint),
            );
        }
        if let Some(env) = run.subject.environment()
            && !book.environments.is_empty()
            && !book.environments.iter().any(|e| e == env)
        {
            diags.push(
                Diagnostic::error(
                    Code::UnknownEnvironment,
                    run.source.clone(),
                    format!("`{env}` is not an environment of this book"),
                )
                .at_line(run.line + 1, 1)
                .with_hint(format!(
                    "known environments (book.toml): {}",
                    book.environments.join(", ")
                )),
            );
        }
        let _ = replay(run, page, &book.environments, &mut diags);
    }
    diags
}

/// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn seconds(t: &str) -> Option<i64> {
    if !crate::parse::run::is_utc_time(t) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| t[r].parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hh, mm, ss) = (n(11..13)?, n(14..16)?, n(17..19)?);
    let days = crate::base::clock::days_from_civil(y, m, d);
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Whole minutes from `a` to `b` (rounded down; `None` if either is not a time).
pub(crate) fn minutes_between(a: &str, b: &str) -> Option<u32> {
    let d = seconds(b)? - seconds(a)?;
    u32::try_from(d.max(0) / 60).ok()
}

mod merge;
pub(crate) use merge::merge;

#[cfg(test)]
mod tests;
