//! Writing runs (SPEC.md §11): the one way a run file is made or grows, for every writer
//! (`opsbook run …`, serve's write-back). Under the book's write lock (the one state
//! writers take) it reads the run again, replays it against its runbook, asks
//! `check::runs::admit` whether the event may follow, appends the event's line and reads
//! the result back before replacing the file atomically. A refusal or a failed write
//! leaves the file as it was.

use std::path::Path;

use crate::base::diag::Diagnostics;
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::check::runs::{self, Refusal};
use crate::model::Page;
use crate::model::run::{Event, Run, Subject};
use crate::parse::run as run_file;
use crate::source::RUNS_DIR;

/// Why a run was not written; it is as it was.
#[derive(Debug)]
pub(crate) enum RunError {
    /// The rules of runs say no (see `check::runs`).
    Refused(Refusal),
    /// The file has errors, or is not one opsbook can append to.
    Broken(Diagnostics),
    /// The disk said no.
    Failed(anyhow::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Refused(r) => write!(f, "{}\n  hint: {}", r.message, r.hint),
            RunError::Broken(diags) => match diags.iter().find(|d| d.is_error()) {
                Some(d) => {
                    write!(f, "{}: {}", d.location(), d.message)?;
                    match &d.hint {
                        Some(h) => write!(f, "\n  hint: {h}"),
                        None => Ok(()),
                    }
                }
                None => f.write_str("the run file could not be read"),
            },
            RunError::Failed(e) => f.write_str(&crate::base::diag::error_line(e)),
        }
    }
}

/// The leak scanner's finding in the event's text (masked), if any: a secret typed into
/// a note must never reach the file, let alone the published site.
fn leak_in(cfg: &crate::config::Config, event: &Event) -> Option<String> {
    let sources = crate::source::Sources {
        runs: vec![crate::source::SourceFile {
            path: path_of("new-event"),
            bytes: run_file::event_line(event).into_bytes(),
        }],
        ..crate::source::Sources::default()
    };
    crate::secrets::scan::scan(&sources, cfg)
        .iter()
        .find(|d| d.code == crate::base::diag::Code::SecretLeak)
        .map(|d| d.message.clone())
}

/// The path of a run's file, below the book root.
pub(crate) fn path_of(id: &str) -> RelPath {
    RelPath::new(format!("{RUNS_DIR}/{id}.yaml"))
}

/// Creates `runs/<id>.yaml` for `run` (its `id` is a proposal: `-2`, `-3`… is added when
/// a file of that name exists). Returns the id taken.
pub(crate) fn start(root: &Path, run: &Run) -> Result<String, RunError> {
    let dir = root.join(RUNS_DIR);
    fsio::with_book_lock(root, &dir, || {
        let mut id = run.id.clone();
        let mut n = 1;
        while dir.join(format!("{id}.yaml")).exists() || dir.join(format!("{id}.yml")).exists() {
            n += 1;
            id = format!("{}-{n}", run.id);
        }
        let text = run_file::header(run);
        fsio::write_atomic(&dir.join(format!("{id}.yaml")), text.as_bytes())?;
        Ok(id)
    })
    .map_err(RunError::Failed)
}

/// Appends `event` to the run `id` of `page` (the runbook, from a fresh build; `None` when
/// the book has no such runbook), after the rules admit it. The event happens now: its
/// `at` is the time the lock was taken.
pub(crate) fn append(
    root: &Path,
    cfg: &crate::config::Config,
    id: &str,
    page: Option<&Page>,
    all_envs: &[String],
    event: &Event,
) -> Result<(), RunError> {
    let event = &run_file::normalized(event);
    if let Some(leak) = leak_in(cfg, event) {
        return Err(RunError::Refused(Refusal {
            message: format!("this looks like a secret, so it is not written into the run: {leak}"),
            hint: "write where the value lives (a vault path, a secret's name), never the value"
                .into(),
        }));
    }
    let file = path_of(id);
    let path = root.join(file.as_str());
    let dir = root.join(RUNS_DIR);
    let mut outcome = Ok(());
    let mut event = event.clone();
    fsio::with_book_lock(root, &dir, || {
        // The time is taken under the lock: writers that queued for it are written in
        // the order they got it, so their times never go backwards in the file.
        event.at = crate::base::clock::utc_now();
        let event = &event;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                outcome = Err(RunError::Refused(Refusal {
                    message: format!("there is no run `{id}`"),
                    hint: "`opsbook runs` lists the runs; `opsbook run start` begins one".into(),
                }));
                return Ok(());
            }
            Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to read {file}"))),
        };
        let text = match fsio::decode_text(&file, bytes) {
            Ok(t) => t,
            Err(d) => {
                let mut diags = Diagnostics::new();
                diags.push(*d);
                outcome = Err(RunError::Broken(diags));
                return Ok(());
            }
        };
        let mut diags = Diagnostics::new();
        let Some(run) =
            run_file::parse(&text, &file, &mut diags).filter(|_| diags.error_count() == 0)
        else {
            outcome = Err(RunError::Broken(diags));
            return Ok(());
        };
        let page = page.filter(|p| p.id == run.runbook);
        let view = runs::replay(&run, page, all_envs, &mut Diagnostics::new());
        if let Err(r) = runs::admit(&view, event) {
            outcome = Err(RunError::Refused(r));
            return Ok(());
        }
        let mut new_text = text.clone();
        if !new_text.ends_with('\n') {
            new_text.push('\n');
        }
        new_text.push_str(&run_file::event_line(event));
        // Read back: the file must now hold exactly one more event, this one.
        let mut check = Diagnostics::new();
        let back = run_file::parse(&new_text, &file, &mut check);
        let ok = back.as_ref().is_some_and(|b| {
            b.events.len() == run.events.len() + 1
                && b.events.last().is_some_and(|e| {
                    Event {
                        line: 0,
                        ..e.clone()
                    } == *event
                })
        });
        if !ok || check.error_count() > 0 {
            let mut diags = Diagnostics::new();
            diags.push(
                crate::base::diag::Diagnostic::error(
                    crate::base::diag::Code::Run,
                    file.clone(),
                    "opsbook cannot add an event to this file: `events:` is not its last key",
                )
                .with_hint("move `events:` and its list to the end of the file"),
            );
            outcome = Err(RunError::Broken(diags));
            return Ok(());
        }
        fsio::write_atomic(&path, new_text.as_bytes())
    })
    .map_err(RunError::Failed)?;
    outcome
}

/// An item event names the item by its id, or by the end of it when only one item of
/// the runbook ends so (`update-the-version` for `project/releasing/phase-1/update-the-version`),
/// and records the item's phase as the runbook has it now.
pub(crate) fn with_phase(mut e: Event, page: Option<&Page>) -> Event {
    let items = page.map(|p| p.doc.items.get());
    if let (Some(items), Some(given)) = (&items, e.item.clone())
        && !items.iter().any(|i| i.id() == given)
    {
        let tail = format!("/{given}");
        let mut matches = items.iter().filter(|i| i.id().ends_with(&tail));
        if let (Some(one), None) = (matches.next(), matches.next()) {
            e.item = Some(one.id().to_string());
        }
    }
    if e.action.on_item()
        && let (Some(page), Some(items)) = (page, &items)
        && let Some(item) = items.iter().find(|i| Some(i.id()) == e.item.as_deref())
    {
        e.phase = page.doc.phases.get(item.phase).and_then(|p| p.id.clone());
    }
    e
}

/// `2026-12-05-1402-ops-deploy-production`: day and minute, runbook, environment or
/// person; readable, sorted by time, and two people starting runs in different minutes
/// never write the same file.
pub(crate) fn proposed_id(at: &str, runbook: &str, subject: &Subject) -> String {
    let day = at.get(..10).unwrap_or("run");
    let hm: String = at
        .get(11..16)
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let slug = |s: &str| {
        let out: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        out.split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    format!("{day}-{hm}-{}-{}", slug(runbook), slug(subject.name()))
}

/// What `merge` did to one run.
#[derive(Debug, Default)]
pub(crate) struct MergeOutcome {
    /// The file was made by this merge.
    pub created: bool,
    /// The events written, in time order.
    pub added: Vec<Event>,
    /// The events refused, each with why; none of them was written.
    pub refused: Vec<(Event, Refusal)>,
}

/// Merges `incoming` into the run `run.id` (made from `run`'s header when it has no
/// file yet) by time, under the book's write lock: each event is scanned for secrets and
/// admitted by `check::runs::merge`; the file is rewritten only when something was added
/// (or made). Importing the same events twice writes nothing the second time.
pub(crate) fn merge(
    root: &Path,
    cfg: &crate::config::Config,
    run: &Run,
    page: Option<&Page>,
    all_envs: &[String],
    incoming: &[Event],
) -> Result<MergeOutcome, RunError> {
    let mut out = MergeOutcome::default();
    let mut clean = Vec::new();
    for e in incoming {
        let e = run_file::normalized(e);
        match leak_in(cfg, &e) {
            Some(leak) => out.refused.push((
                e,
                Refusal {
                    message: format!("this looks like a secret, so it is not written: {leak}"),
                    hint: "write where the value lives, never the value".into(),
                },
            )),
            None => clean.push(e),
        }
    }
    let file = path_of(&run.id);
    let path = root.join(file.as_str());
    let dir = root.join(RUNS_DIR);
    let mut outcome = Ok(());
    fsio::with_book_lock(root, &dir, || {
        let (text, current) = match std::fs::read(&path) {
            Ok(bytes) => match read_run(&file, bytes) {
                Ok(pair) => pair,
                Err(diags) => {
                    outcome = Err(RunError::Broken(diags));
                    return Ok(());
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.created = true;
                (run_file::header(run), run.clone())
            }
            Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to read {file}"))),
        };
        let page = page.filter(|p| p.id == current.runbook);
        let merged = runs::merge(&current, page, all_envs, &clean);
        out.refused.extend(merged.refused);
        out.added = merged.added;
        if out.added.is_empty() && !out.created {
            return Ok(());
        }
        let new_text = merged_text(&text, &current, &merged.events);
        let mut check = Diagnostics::new();
        let back = run_file::parse(&new_text, &file, &mut check);
        if check.error_count() > 0 || back.is_none_or(|b| b.events.len() != merged.events.len()) {
            outcome = Err(RunError::Broken(check));
            return Ok(());
        }
        fsio::write_atomic(&path, new_text.as_bytes())
    })
    .map_err(RunError::Failed)?;
    outcome.map(|()| out)
}

/// A run file's text and the run it holds, or its errors.
fn read_run(file: &RelPath, bytes: Vec<u8>) -> Result<(String, Run), Diagnostics> {
    let mut diags = Diagnostics::new();
    let text = match fsio::decode_text(file, bytes) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return Err(diags);
        }
    };
    match run_file::parse(&text, file, &mut diags) {
        Some(run) if diags.error_count() == 0 => Ok((text, run)),
        _ => Err(diags),
    }
}

/// The file's text with `events`: its lines appended when the old events are the first
/// ones in the same order, else everything after `events:` written anew (the header and
/// its comments are kept either way).
fn merged_text(text: &str, run: &Run, events: &[Event]) -> String {
    let prefix_kept = run
        .events
        .iter()
        .zip(events)
        .all(|(a, b)| a.at == b.at && a.action == b.action && a.by == b.by && a.item == b.item);
    let mut out;
    let rest: &[Event];
    if prefix_kept && events.len() >= run.events.len() {
        out = text.to_string();
        if !out.ends_with('\n') {
            out.push('\n');
        }
        rest = &events[run.events.len()..];
    } else {
        out = match text.find("\nevents:") {
            Some(at) => format!("{}\nevents:\n", &text[..at]),
            None => run_file::header(run),
        };
        rest = events;
    }
    for e in rest {
        out.push_str(&run_file::event_line(e));
    }
    out
}
