//! A Markdown file's front matter, as `parse::frontmatter` reads it.

use std::collections::BTreeMap;

use serde::Serialize;

/// Known front-matter keys; unknown keys are kept in `extra`, never fatal.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub id: Option<String>,
    pub order: Option<i64>,
    pub draft: bool,
    pub environments: Vec<String>,
    /// Everything else, as JSON values (sorted).
    pub extra: BTreeMap<String, serde_json::Value>,
}
