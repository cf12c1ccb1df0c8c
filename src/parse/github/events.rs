//! One GitHub issue into the events of its run (pure; the rules of runs are applied
//! after, by `check::runs::merge`):
//!
//! - ticks: the body's versions, oldest first (the issue as opened, then every edit in
//!   `userContentEdits`), compared task by task by item id: a box ticked between two
//!   versions is a `tick` by that version's editor at its time, a box cleared an `untick`
//!   (when GitHub holds more versions than the query's 100, the oldest one returned is
//!   only the starting point: earlier imports recorded what came before);
//! - comments by the repository's owner, members and collaborators: `/skip`, `/sign`,
//!   `/evidence` (a `note` with links), `/note`; a comment from anyone else is ignored and
//!   reported;
//! - a closed issue: `finish` (closed as completed) or `abort` (not planned, duplicate),
//!   by whoever closed it, at `closedAt`.
//!
//! Items done in the runbook's source are done in every run: their boxes are not events.

use std::collections::BTreeMap;

use super::json::Issue;
use super::{Command, commands, resolve_item, resolve_phase, tasks};
use crate::model::Page;
use crate::model::run::{Action, Event};

/// Who may act on a run through comments: GitHub's `CommentAuthorAssociation` values of
/// people with write access to the repository.
pub(crate) const WRITERS: &[&str] = &["OWNER", "MEMBER", "COLLABORATOR"];

/// The events of one issue, in time order, and what was left out and why.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Translation {
    pub events: Vec<Event>,
    /// One sentence per comment or line ignored (no write access, unknown item, …).
    pub ignored: Vec<String>,
}

/// `issue`'s events for a run of `page`.
pub(crate) fn translate(issue: &Issue, page: &Page) -> Translation {
    let mut t = Translation::default();
    body_events(issue, page, &mut t);
    comment_events(issue, page, &mut t);
    if issue.state == "CLOSED" {
        let at = issue
            .closed_at
            .clone()
            .unwrap_or_else(|| issue.created_at.clone());
        let by = issue.closed_by.as_deref().unwrap_or("github");
        let e = match issue.state_reason.as_deref() {
            Some(reason @ ("NOT_PLANNED" | "DUPLICATE")) => {
                let mut e = Event::new(Action::Abort, by, &at);
                e.reason = Some(format!(
                    "closed on GitHub as {}",
                    reason.to_ascii_lowercase().replace('_', " ")
                ));
                e
            }
            _ => Event::new(Action::Finish, by, &at),
        };
        t.events.push(e);
    }
    // Stable: an edit and a comment in the same second keep this order.
    t.events.sort_by(|a, b| a.at.cmp(&b.at));
    t
}

fn item_event(page: &Page, action: Action, item: &str, by: &str, at: &str) -> Event {
    let mut e = Event::new(action, by, at);
    e.item = Some(item.to_string());
    e.phase = page
        .doc
        .items
        .get()
        .iter()
        .find(|i| i.id() == item)
        .and_then(|i| page.doc.phases.get(i.phase))
        .and_then(|p| p.id.clone());
    e
}

/// Ticks and unticks from the body's versions.
fn body_events(issue: &Issue, page: &Page, t: &mut Translation) {
    let mut versions: Vec<(&str, &str, &str)> = issue
        .edits
        .iter()
        .map(|e| (e.editor.as_str(), e.at.as_str(), e.body.as_str()))
        .collect();
    if versions.is_empty() {
        versions.push((&issue.author, &issue.created_at, &issue.body));
    }
    let mut before: BTreeMap<String, bool> = BTreeMap::new();
    let mut unknown: Vec<String> = Vec::new();
    // GitHub returned only the newest versions: the oldest of them is where the history
    // starts. Its boxes were imported from earlier versions by earlier imports (the
    // workflow imports after every edit), so they are not events here.
    let baseline = issue.edits_truncated && versions.len() > 1;
    if baseline {
        let (_, at, body) = versions.remove(0);
        for (given, ticked) in tasks(body) {
            if let Some(id) = resolve_item(page, &given) {
                before.insert(id.to_string(), ticked);
            }
        }
        t.ignored.push(format!(
            "GitHub returned only the newest {} versions of the body: boxes ticked before \
             {at} come from earlier imports",
            versions.len() + 1
        ));
    }
    for (by, at, body) in versions {
        for (given, ticked) in tasks(body) {
            let Some(id) = resolve_item(page, &given) else {
                if !unknown.contains(&given) {
                    t.ignored.push(format!(
                        "the task `{given}` is not an item of `{}`: its box is not imported",
                        page.id
                    ));
                    unknown.push(given);
                }
                continue;
            };
            let was = before.insert(id.to_string(), ticked).unwrap_or(false);
            let in_source = page.doc.items.get().iter().any(|i| i.id() == id && i.done);
            if was == ticked || in_source {
                continue;
            }
            let action = if ticked { Action::Tick } else { Action::Untick };
            t.events.push(item_event(page, action, &id, by, at));
        }
    }
}

/// Skips, sign-offs, evidence and notes from the comments of people with write access.
fn comment_events(issue: &Issue, page: &Page, t: &mut Translation) {
    for c in &issue.comments {
        let cmds = commands(&c.body);
        if cmds.is_empty() {
            continue;
        }
        if !WRITERS.contains(&c.association.as_str()) {
            t.ignored.push(format!(
                "comment by {} at {}: {} has no write access to the repository \
                 (authorAssociation {}), so its commands are not imported",
                c.author, c.at, c.author, c.association
            ));
            continue;
        }
        for cmd in cmds {
            match cmd.and_then(|cmd| command_event(page, cmd, &c.author, &c.at)) {
                Ok(e) => t.events.push(e),
                Err(why) => t
                    .ignored
                    .push(format!("comment by {} at {}: {why}", c.author, c.at)),
            }
        }
    }
}

fn command_event(page: &Page, cmd: Command, by: &str, at: &str) -> Result<Event, String> {
    let item = |given: &str| {
        resolve_item(page, given).ok_or_else(|| {
            format!(
                "`{given}` is not an item of `{}` (the id is in the task's line)",
                page.id
            )
        })
    };
    Ok(match cmd {
        Command::Skip { item: i, reason } => {
            let mut e = item_event(page, Action::Skip, &item(&i)?, by, at);
            e.reason = Some(reason);
            e
        }
        Command::Sign { phase } => {
            let id = resolve_phase(page, &phase)
                .ok_or_else(|| format!("`{phase}` is not a phase of `{}`", page.id))?;
            let mut e = Event::new(Action::Sign, by, at);
            e.phase = Some(id.to_string());
            e
        }
        Command::Evidence { item: i, urls } => {
            let mut e = item_event(page, Action::Note, &item(&i)?, by, at);
            e.evidence = urls;
            e
        }
        Command::Note { item: i, text } => {
            let mut e = item_event(page, Action::Note, &item(&i)?, by, at);
            e.note = Some(text);
            e
        }
    })
}
