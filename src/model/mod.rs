//! The plain-data book: pages, their headings, checklist items and links, and the
//! navigation tree; checklists, front matter, team state and secret mentions as read
//! from their files. Built by `parse::book::assemble`, read by checks and rendering.
//! Data and small accessors only: no parsing, and no I/O but reading back a body a
//! streamed build put in its scratch file (`body.rs`). Uses base/ only.

pub mod body;
pub mod checklist;
pub mod front_matter;
mod item;
pub mod items;
pub mod mention;
pub mod run;
pub mod state;

pub use checklist::{Checklist, ChecklistItem, ChecklistPhase, DeclaredSecret};
pub use front_matter::FrontMatter;
pub use item::Item;
pub use items::{Items, ItemsRef};
pub use state::EnvState;

use serde::Serialize;

use std::collections::BTreeMap;

use crate::base::path::RelPath;

/// A whole book after stage 3: every page parsed and rendered to body HTML.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Book {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// In navigation order (depth-first through the sidebar tree).
    pub pages: Vec<Page>,
    /// The sidebar tree; leaves point into `pages` by index.
    pub nav: Vec<NavNode>,
    /// The top bar's links: a Hugo site's `main` menu (`parse/hugo_menu.rs`).
    pub menu: Vec<NavNode>,
    /// Index into `pages` of `content/index.md` (or `content/README.md`), shown on the home page.
    pub home: Option<usize>,
    /// `[environments] names`, in promotion order.
    pub environments: Vec<String>,
    /// Team state per environment (`state/<environment>.yaml`); absent files are empty.
    pub state: BTreeMap<String, EnvState>,
    /// Secrets declared in checklist YAML, with the file that declares them.
    pub declared_secrets: Vec<(RelPath, DeclaredSecret)>,
    /// Last commit date (`YYYY-MM-DD`) per source path, when the book is in git.
    pub updated: BTreeMap<String, String>,
    /// Every run in `runs/`, sorted by id (SPEC.md §11).
    pub runs: Vec<run::Run>,
    /// The pages written at a page's other URLs (Hugo `aliases`, Docusaurus `slug`),
    /// each sending the reader on to it; sorted by `from`.
    pub redirects: Vec<Redirect>,
}

/// A page at an old or other URL that sends the reader to a page of the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// Site path of the redirect page: `old/path/index.html`.
    pub from: String,
    /// Index into `Book::pages` of the page it leads to.
    pub to: usize,
    /// Where its URL is written in the page's front matter (0: made by opsbook).
    pub line: u32,
    pub col: u32,
}

impl Book {
    /// The team state of one environment, if its file exists.
    pub fn state_of(&self, env: &str) -> Option<&EnvState> {
        self.state.get(env)
    }
}

impl Page {
    /// The environments this runbook applies to: its front matter's, else every one.
    pub fn environments<'a>(&'a self, all: &'a [String]) -> &'a [String] {
        if self.front.environments.is_empty() {
            all
        } else {
            &self.front.environments
        }
    }
}

/// One entry of the sidebar: a page, or a section made from a folder.
#[derive(Debug, Clone, Serialize)]
pub struct NavNode {
    pub title: String,
    /// The page this entry opens (a folder's `index.md`/`README.md`, if any).
    pub page: Option<usize>,
    pub children: Vec<NavNode>,
    pub kind: NavKind,
    /// A link the entry opens instead of a page (an MkDocs nav `Title: https://…`).
    pub link: Option<String>,
    /// The page Docusaurus makes for a category with `link: {type: 'generated-index'}`,
    /// still to be made (`parse/generated_index.rs`); `None` once it is `page`.
    #[serde(skip)]
    pub generated: Option<GeneratedIndex>,
}

/// A Docusaurus category's `link: {type: 'generated-index', title, description, slug}`:
/// a page listing the category's items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedIndex {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Its URL from the docs' root (`/ci-cd/references`); else `/category/<label>`.
    pub slug: Option<String>,
    /// Where its `link` is written (the `_category_` file or the sidebars file): the
    /// page's edit link and the place of its diagnostics.
    pub place: Option<Place>,
}

/// A place in a file of the book: its path, 1-based line and column (0: unknown), and
/// the text of that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: crate::base::path::RelPath,
    pub line: u32,
    pub col: u32,
    pub text: Option<String>,
}

/// What a sidebar entry is. Parts and separators come from an mdBook's SUMMARY.md.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NavKind {
    /// A page, a folder, or a draft chapter (no page: shown as text).
    #[default]
    Entry,
    /// A part title (`# Part` in SUMMARY.md): a heading between entries.
    Part,
    /// A line between entries (`---` in SUMMARY.md).
    Separator,
}

/// What a page was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    Markdown,
    Checklist,
    /// A page opsbook makes for a Hugo site's taxonomy or term (`tags/`, `tags/db/`:
    /// `parse/hugo_taxonomy.rs`): out of the sidebar and of previous/next.
    Taxonomy,
}

/// One runbook page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Source file, e.g. `content/ops/deploy.md`.
    pub source: RelPath,
    /// Output path relative to the site root, e.g. `ops/deploy.html`.
    pub url: String,
    /// Stable runbook id: front matter `id`, else the source path below `content/`
    /// without extension (`ops/deploy`).
    pub id: String,
    pub title: String,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub doc: Document,
}

/// The result of rendering one Markdown document (or checklist) to body HTML.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// The body, ready to put inside `<main>`.
    pub html: std::sync::Arc<str>,
    /// The body has a diagram (a ```` ```mermaid ```` block): the page loads the
    /// script that draws it (`render::diagrams`).
    pub diagrams: bool,
    /// The first H1's plain text, used as the title when front matter has none.
    pub h1: Option<String>,
    pub headings: std::sync::Arc<[Heading]>,
    pub phases: Vec<Phase>,
    /// Read with [`Items::get`]: a streamed build keeps them in its scratch file.
    pub items: Items,
    /// Links that point inside the book (relative, not absolute URLs); checked later.
    pub links: std::sync::Arc<[Link]>,
    /// The anchor ids the page defines besides its headings' and items' (footnotes,
    /// raw HTML `id=`/`name=`): [`Document::anchors`] gives them all. Item ids are
    /// most of a book's anchors, and a big book keeps every page's outline in memory.
    pub other_anchors: std::sync::Arc<[String]>,
    /// Code blocks, tables and list items as written, for the secret inventory. In a
    /// book (`book.rs`) they are emptied once `mentions` are found from them.
    pub code_blocks: std::sync::Arc<[CodeBlock]>,
    pub tables: std::sync::Arc<[Table]>,
    pub list_items: std::sync::Arc<[ListItem]>,
    /// The body's plain text per H2/H3 section, for the search index.
    #[serde(skip)]
    pub sections: std::sync::Arc<[TextSection]>,
    /// The secret names the page's file mentions (`parse::mentions::find`), set when the
    /// file is parsed; `None` when not looked for (the inventory then looks itself).
    #[serde(skip)]
    pub mentions: Option<std::sync::Arc<[crate::model::mention::Found]>>,
    /// Set when `html` and `sections` were moved to a streamed build's scratch file
    /// (`body.rs`); read them with [`Document::body`].
    #[serde(skip)]
    pub spilled: Option<body::Spilled>,
}

/// A span of body HTML headed by an H2/H3 with an id (the first has none), as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeBlock {
    /// First word of the info string, lower-cased; empty when none.
    pub lang: String,
    pub text: String,
    /// 1-based file line of the block's first content line.
    pub line: u32,
    /// Anchor of the nearest heading above.
    pub section: Option<String>,
}

/// A pipe table: header cells and rows of cell text (inline code without backticks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// 1-based file line of the header row.
    pub line: u32,
    pub section: Option<String>,
}

/// A list item's own text (nested items are entries of their own); inline code keeps
/// its backticks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListItem {
    pub text: String,
    pub line: u32,
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    /// The anchor id (GitHub's slugger, or an explicit `{#id}`).
    pub id: String,
    /// Plain text, for the table of contents and search.
    pub text: String,
    /// 1-based source line (front-matter offset included).
    pub line: u32,
}

/// A phase of a runbook: a span of the document headed by a phase heading
/// (or the leading phase before the first one). Items refer to it by index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Phase {
    /// Anchor id of the phase heading; `None` for the leading phase.
    pub id: Option<String>,
    pub title: String,
    pub line: u32,
    /// Runs (SPEC.md §11): the phase must be signed off before any item of a later phase
    /// is ticked (`{gate}` on the heading, `gate: true` in YAML).
    pub gate: bool,
    /// Who may sign the gate (`approvers=a,b`); empty: anyone but its operators.
    pub approvers: Vec<String>,
    /// Expected duration in minutes (`estimate=30m`).
    pub estimate: Option<u32>,
}

/// A link from a page to somewhere inside the book, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The destination as written in the source (`../ops/deploy.md#rollback`, `#setup`).
    pub dest: String,
    pub line: u32,
    pub col: u32,
}
