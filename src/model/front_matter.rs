//! A Markdown file's front matter, as `parse::frontmatter` reads it.

use std::collections::BTreeMap;

use serde::Serialize;

/// Known front-matter keys; unknown keys are kept in `extra`, never fatal.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub id: Option<String>,
    /// Where `id:`'s value is in the file (line, column), for the diagnostics of an
    /// id two pages share.
    #[serde(skip)]
    pub id_at: Option<(u32, u32)>,
    /// Sidebar position: `order`, else Docusaurus's `sidebar_position`, else Hugo's
    /// `weight` (0 is none, as in Hugo). A whole number is written as an integer.
    #[serde(serialize_with = "whole_as_integer")]
    pub order: Option<f64>,
    /// The sidebar's title for the page when not its title: Docusaurus's
    /// `sidebar_label`, Hugo's `linkTitle`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sidebar_title: Option<String>,
    /// Built, but left out of the sidebar: Hugo's `bookHidden`, Docusaurus's `unlisted`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// Other URLs of the page, each a redirect to it: Hugo's `aliases`, Docusaurus's `slug`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<OldUrl>,
    pub draft: bool,
    pub environments: Vec<String>,
    /// Everything else, as JSON values (sorted).
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A URL written in front matter that leads to the page (`parse::redirects`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OldUrl {
    /// As written: `/old/path/` (Hugo `aliases`), `/start` or `intro` (Docusaurus `slug`).
    pub url: String,
    /// Docusaurus's `slug` (`/` is the home page); else one of Hugo's `aliases`.
    pub slug: bool,
    pub line: u32,
    pub col: u32,
}

/// `2` for 2.0 (as `order: 2` was written), `2.5` as it is.
fn whole_as_integer<S: serde::Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        #[allow(clippy::cast_possible_truncation)]
        Some(x) if x.fract() == 0.0 && x.abs() < 9e15 => s.serialize_some(&(*x as i64)),
        Some(x) => s.serialize_some(x),
        None => s.serialize_none(),
    }
}
