//! Runs (SPEC.md §11): one execution of one runbook, as `parse::run` reads it from
//! `runs/<id>.yaml`. A run is its header and an append-only list of events; what each
//! item and phase stands at is the replay of those events (`check::runs::replay`).

use serde::Serialize;

use crate::base::path::RelPath;

/// Who or what a run is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "name")]
pub enum Subject {
    /// A deployment: the environment it was worked in.
    Environment(String),
    /// Onboarding: the person it is for.
    Person(String),
}

impl Subject {
    pub fn name(&self) -> &str {
        match self {
            Subject::Environment(n) | Subject::Person(n) => n,
        }
    }

    pub fn environment(&self) -> Option<&str> {
        match self {
            Subject::Environment(n) => Some(n),
            Subject::Person(_) => None,
        }
    }
}

/// What an event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// An item done (with an optional note and evidence links).
    Tick,
    /// A tick taken back.
    Untick,
    /// An item not applicable this time, with a reason.
    Skip,
    /// A note or evidence added to an item, its standing unchanged.
    Note,
    /// A gated phase signed off.
    Sign,
    /// The run ended with every item done or skipped and every gate signed.
    Finish,
    /// The run ended early, with a reason.
    Abort,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Tick,
        Action::Untick,
        Action::Skip,
        Action::Note,
        Action::Sign,
        Action::Finish,
        Action::Abort,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Tick => "tick",
            Action::Untick => "untick",
            Action::Skip => "skip",
            Action::Note => "note",
            Action::Sign => "sign",
            Action::Finish => "finish",
            Action::Abort => "abort",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Does the event name an item (`item:`)?
    pub fn on_item(self) -> bool {
        matches!(
            self,
            Action::Tick | Action::Untick | Action::Skip | Action::Note
        )
    }
}

/// One line of a run's `events:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Event {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    pub by: String,
    pub action: Action,
    /// The item (tick, untick, skip, note).
    pub item: Option<String>,
    /// The phase: the signed one, or the item's phase when the event was written (so a
    /// record says where an item stood even after the runbook moves it).
    pub phase: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    /// Why an item was skipped or the run aborted.
    pub reason: Option<String>,
    /// 1-based line in the file (0 for an event not read from a file).
    pub line: u32,
}

impl Event {
    /// An event now-less: `at` and `by` filled by the writer.
    pub fn new(action: Action, by: &str, at: &str) -> Event {
        Event {
            at: at.to_string(),
            by: by.to_string(),
            action,
            item: None,
            phase: None,
            note: None,
            evidence: Vec::new(),
            reason: None,
            line: 0,
        }
    }
}

/// One run file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Run {
    /// The file name without `.yaml`: the run's id (`2026-12-05-deploy-production-7f3a`).
    pub id: String,
    /// `runs/<id>.yaml`.
    pub source: RelPath,
    /// The runbook's page id.
    pub runbook: String,
    pub subject: Subject,
    /// The version worked from: a release tag, or the branch.
    pub version: Option<String>,
    pub commit: Option<String>,
    /// The GitHub issue the run was worked in (`issue:`), when it came from
    /// `opsbook runs import-github`: its address, for the run's page to link to.
    pub issue: Option<String>,
    pub started_by: String,
    pub started_at: String,
    pub events: Vec<Event>,
    /// 1-based line of `runbook:`.
    pub line: u32,
}

impl Run {
    /// How the run ended: its `finish` or `abort` event.
    pub fn ended(&self) -> Option<&Event> {
        self.events
            .iter()
            .rev()
            .find(|e| matches!(e.action, Action::Finish | Action::Abort))
    }

    pub fn is_open(&self) -> bool {
        self.ended().is_none()
    }
}

/// Where one item stands in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    #[default]
    Open,
    Done,
    Skipped,
}
