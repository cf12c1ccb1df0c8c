//! A checklist written as YAML (`content/**/*.yml`), as `parse::checklist` reads it.

use serde::Serialize;

/// A checklist written as YAML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// `title:`, else the file name without extension.
    pub title: String,
    pub id: Option<String>,
    /// The runbook's environments; empty = every environment.
    pub environments: Vec<String>,
    /// Markdown.
    pub description: Option<String>,
    pub phases: Vec<ChecklistPhase>,
    pub secrets: Vec<DeclaredSecret>,
}

/// A phase of a YAML checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistPhase {
    /// Empty only for the single implicit phase of a top-level `items:` list,
    /// which `to_markdown` writes without a heading.
    pub title: String,
    pub id: Option<String>,
    pub items: Vec<ChecklistItem>,
    /// Runs: sign-off required before later phases (`gate: true`), by whom, how long.
    pub gate: bool,
    pub approvers: Vec<String>,
    /// Minutes.
    pub estimate: Option<u32>,
    /// 1-based line of the phase in the YAML file.
    pub line: u32,
}

/// One item of a YAML checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub id: Option<String>,
    /// Inline Markdown, on one line (line breaks of a YAML block scalar become spaces).
    pub text: String,
    /// A Markdown block shown under the item.
    pub details: Option<String>,
    /// Empty = the checklist's environments.
    pub environments: Vec<String>,
    pub done: bool,
    pub secrets: Vec<String>,
    pub owner: Option<String>,
    /// Minutes (`estimate: 10m`).
    pub estimate: Option<u32>,
    /// 1-based position of the item in the YAML file.
    pub line: u32,
    pub col: u32,
}

/// A secret declared under `secrets:`: its name and where it lives, never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclaredSecret {
    pub name: String,
    pub description: Option<String>,
    pub store: Option<String>,
    /// Empty = the checklist's environments.
    pub environments: Vec<String>,
    pub rotate: Option<String>,
    pub owner: Option<String>,
    pub line: u32,
    pub col: u32,
}
