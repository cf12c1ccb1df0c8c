//! Runs worked in GitHub issues (SPEC.md §11): the issue body opsbook writes for a run
//! and reads back, and the slash commands of its comments. Pure.
//!
//! The body holds a hidden header and the runbook's checklist as a GitHub task list, one
//! line per item, grouped by phase; each line ends with the item's id in an HTML comment,
//! which GitHub keeps in the Markdown (and in every edit) but does not show:
//!
//! ```markdown
//! <!-- opsbook-run {"runbook":"deploy","environment":"production","version":"v1.4.0"} -->
//! ### Prepare
//! - [ ] Back up the database <!--backup-->
//! ```
//!
//! An id is written relative to the runbook (`backup` for `deploy/backup`) to keep the
//! link short. Comments carry what a tick cannot: `/skip ITEM reason`, `/sign PHASE`,
//! `/evidence ITEM URL…`, `/note ITEM text`, one per line.
//!
//! `json` reads what GitHub's GraphQL API returns for the issues; `events` turns one
//! issue into run events.

pub(crate) mod events;
pub(crate) mod json;

use serde::{Deserialize, Serialize};

use crate::model::Page;

/// The label every run issue carries (with the environment's name).
pub(crate) const LABEL: &str = "opsbook-run";

const HEADER_OPEN: &str = "<!-- opsbook-run ";
const HEADER_CLOSE: &str = " -->";

/// The hidden header of a run issue: which runbook, where, from which version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub runbook: String,
    /// Absent in an issue opened from an issue form: the environment's label says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `<!-- opsbook-run {…} -->`: JSON with `<` and `>` escaped, so it never ends early.
pub(crate) fn header_comment(h: &Header) -> String {
    let json = serde_json::to_string(h)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e");
    format!("{HEADER_OPEN}{json}{HEADER_CLOSE}")
}

/// The header of an issue body, if it has one.
pub(crate) fn read_header(body: &str) -> Option<Header> {
    let start = body.find(HEADER_OPEN)? + HEADER_OPEN.len();
    let rest = &body[start..];
    let end = rest.find("-->")?;
    serde_json::from_str(rest[..end].trim()).ok()
}

/// An item's id as the issue writes it: relative to the runbook.
pub(crate) fn short_id<'a>(page: &Page, id: &'a str) -> &'a str {
    id.strip_prefix(&page.id)
        .and_then(|rest| rest.strip_prefix('/'))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(id)
}

/// The item of `page` that `given` names: its id, its id relative to the runbook, or the
/// end of its id when only one item ends so.
pub(crate) fn resolve_item(page: &Page, given: &str) -> Option<String> {
    let given = given.trim().trim_start_matches('#');
    let items = page.doc.items.get();
    if let Some(i) = items.iter().find(|i| i.id() == given) {
        return Some(i.id().to_string());
    }
    let full = format!("{}/{given}", page.id);
    if let Some(i) = items.iter().find(|i| i.id() == full) {
        return Some(i.id().to_string());
    }
    let tail = format!("/{given}");
    let mut matches = items.iter().filter(|i| i.id().ends_with(&tail));
    match (matches.next(), matches.next()) {
        (Some(one), None) => Some(one.id().to_string()),
        _ => None,
    }
}

/// The phase of `page` that `given` names (its anchor id, or the end of it).
pub(crate) fn resolve_phase<'p>(page: &'p Page, given: &str) -> Option<&'p str> {
    let given = given.trim().trim_start_matches('#');
    let ids = page.doc.phases.iter().filter_map(|p| p.id.as_deref());
    if let Some(id) = ids.clone().find(|id| *id == given) {
        return Some(id);
    }
    let tail = format!("/{given}");
    let mut matches = ids.filter(|id| id.ends_with(&tail));
    match (matches.next(), matches.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// One line of text for a task line: no line breaks, no comment openers.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("<!--", "<! --")
}

/// The checklist of `page` as a GitHub task list grouped by phase: the items that apply
/// in `env` (every item when `None`), done-in-source items ticked.
pub(crate) fn task_list(page: &Page, env: Option<&str>, all_envs: &[String]) -> String {
    let envs = page.environments(all_envs);
    let mut out = String::new();
    let mut phase = usize::MAX;
    for item in page.doc.items.get().iter() {
        if let Some(env) = env
            && !item.applies_to(envs, env)
        {
            continue;
        }
        if item.phase != phase {
            phase = item.phase;
            if let Some(p) = page.doc.phases.get(phase).filter(|p| p.id.is_some()) {
                out.push_str(&format!("\n### {}", one_line(&p.title)));
                if p.gate {
                    let id = p.id.as_deref().unwrap_or_default();
                    out.push_str(&format!(" (sign-off: `/sign {}`)", short_id(page, id)));
                }
                out.push_str("\n\n");
            }
        }
        out.push_str(&format!(
            "- [{}] {} <!--{}-->\n",
            if item.done { 'x' } else { ' ' },
            one_line(item.text()),
            short_id(page, item.id())
        ));
    }
    out
}

/// The whole body of a run issue: header, a line on how to work it, the task list.
pub(crate) fn issue_body(page: &Page, header: &Header, all_envs: &[String]) -> String {
    format!(
        "{}\n\
         Tick each item as you do it. Comment `/skip ITEM reason`, `/sign PHASE`, \
         `/evidence ITEM URL` or `/note ITEM text`. Close the issue to finish the run \
         (as not planned: abort it).\n{}",
        header_comment(header),
        task_list(page, header.environment.as_deref(), all_envs)
    )
}

/// The task lines of a body: (id as written, ticked), in body order. Lines without an
/// id comment are not opsbook's and are left out.
pub(crate) fn tasks(body: &str) -> Vec<(String, bool)> {
    body.lines()
        .filter_map(|line| {
            let l = line.trim_start();
            let l = l
                .strip_prefix("- [")
                .or_else(|| l.strip_prefix("* ["))
                .or_else(|| l.strip_prefix("+ ["))?;
            let mut chars = l.chars();
            let mark = chars.next()?;
            let ticked = match mark {
                ' ' => false,
                'x' | 'X' => true,
                _ => return None,
            };
            let rest = chars.as_str().strip_prefix(']')?;
            let rest = rest.trim_end().strip_suffix("-->")?;
            let open = rest.rfind("<!--")?;
            let id = rest[open + 4..].trim();
            (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| (id.to_string(), ticked))
        })
        .collect()
}

/// A slash command of a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    Skip { item: String, reason: String },
    Sign { phase: String },
    Evidence { item: String, urls: Vec<String> },
    Note { item: String, text: String },
}

/// The commands of a comment, one per line starting with `/` (outside code fences);
/// a malformed one is an `Err` with what it should look like.
pub(crate) fn commands(body: &str) -> Vec<Result<Command, String>> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in body.lines() {
        let l = line.trim();
        if l.starts_with("```") || l.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || !l.starts_with('/') {
            continue;
        }
        let mut words = l.splitn(3, char::is_whitespace);
        let name = words.next().unwrap_or_default();
        let first = words.next().map(str::trim).unwrap_or_default().to_string();
        let rest = words.next().map(str::trim).unwrap_or_default().to_string();
        let cmd = match name {
            "/skip" if !first.is_empty() && !rest.is_empty() => Ok(Command::Skip {
                item: first,
                reason: rest,
            }),
            "/skip" => Err("`/skip ITEM reason`: an item and why it does not apply".into()),
            "/sign" if !first.is_empty() => Ok(Command::Sign { phase: first }),
            "/sign" => Err("`/sign PHASE`: the phase to sign off".into()),
            "/evidence" if !first.is_empty() && !rest.is_empty() => Ok(Command::Evidence {
                item: first,
                urls: rest.split_whitespace().map(str::to_string).collect(),
            }),
            "/evidence" => Err("`/evidence ITEM URL`: an item and a link".into()),
            "/note" if !first.is_empty() && !rest.is_empty() => Ok(Command::Note {
                item: first,
                text: rest,
            }),
            "/note" => Err("`/note ITEM text`: an item and the note".into()),
            _ => continue,
        };
        out.push(cmd);
    }
    out
}

#[cfg(test)]
mod tests;
