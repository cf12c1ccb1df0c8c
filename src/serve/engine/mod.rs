//! Incremental rebuilds for `serve`: the pipeline (`pipeline/`), rerun only where a
//! change reaches. The `Engine` keeps the last build (sources in memory, the `Book`, each
//! content file's hash and parse diagnostics, the theme) and the last good site.
//!
//! What depends on what:
//!
//! ```text
//!   book.toml, themes/…       → everything (a full build, as `opsbook build` does)
//!   content/x.md (same url, id, order; still a page)
//!                             → re-parse x.md alone, replace its page in place
//!   content/x.md (added, removed, renamed, new url/id/order), other content
//!                             → book::assemble again (the sidebar order may change)
//!   content/x.md now linking a hidden file no page linked (`source::hidden`)
//!                             → that file read too, then as a file added
//!   content/<asset>           → that one file of the site
//!   state/<env>.yaml          → the pages holding an item whose entry changed
//!   runs/<id>.yaml            → book::assemble again; the run pages and runs index (derived
//!                               files), its runbook's page and the shared files (keys)
//!   a folder below content/   → everything (the watcher names the folder, not its files)
//! ```
//!
//! Checks (stage 4) are kept from the last run (`Checked`) and rerun where a change
//! reaches: the links of the pages edited in place (`check::links`; their old link
//! diagnostics are replaced), every page's links when a file appears or goes or an
//! edited page's anchors change, the item-id checks (`check::item_ids`) when item ids or
//! the state change, and the leak scan for the files read again
//! (`secrets::scan::ScanCache::rescan`). The result is the whole-book `check::run` +
//! `secrets::check`, which the unit tests compare after each kind of edit.
//!
//! An edit in place costs what the edited page costs, not the book: pages and files
//! are found by map or binary search, the link checks' maps (`check::LinkIndex`) and
//! secrets.yaml's diagnostics are kept, and only the edited files' diagnostics are
//! made again and spliced into the sorted list (`Diagnostics::replace_path`).
//!
//! Rendering is decided by keys, not by the path taken: each page has a key (a hash of
//! its own source, its previous and next page, its breadcrumb trail and the team state
//! of its items), the shared files (`index.html`, `toc.html`, `toc.js`, `404.html`) one
//! key over every page's title, url, counts and the state. Only pages whose key differs
//! from the last good render are rendered again, so an edit to one page's body renders
//! one page, and a title edit renders the page, its two neighbours and the shared files.
//! The files made from every page (search index, sitemap, secret inventory pages) are
//! made by `finish_derived`: at once by `load` and `apply`, and under `serve` once the
//! edits pause (`apply_early` leaves them pending), so a save is served first.
//!
//! The files: `changes.rs` reads changed paths and re-parses (in place or the whole
//! book), `checks.rs` reruns stage 4 where a change reaches, `keys.rs` hashes what each
//! page and the shared files are rendered from, `publish.rs` renders what changed into
//! the site, `derived.rs` makes the files read from every page; `tests.rs` tests them
//! together against the full build.

mod changes;
mod checks;
mod derived;
mod keys;
mod publish;
#[cfg(test)]
mod tests;

pub(crate) use derived::{DerivedDone, DerivedJob};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::Config;
use crate::model::Book;
use crate::model::EnvState;
use crate::render::site::Site;
use crate::render::theme::Theme;
use crate::source::{self, Sources};

use changes::parse_states;
use checks::Checked;
use keys::Keys;
use publish::Rendered;

/// What a changed path is, for the rebuild (see `serve::watch::classify`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// book.toml or a theme file: rebuild everything.
    Everything,
    /// A file below `content/` (path relative to the book root).
    Content(RelPath),
    /// A file below the state folder.
    State(RelPath),
    /// A file below `runs/`: the book is made again (its runs feed the run pages, the
    /// runs index, its runbook's page, the home page and the sidebar; the render keys
    /// say which of them changed).
    Run(RelPath),
}

/// What one rebuild did to the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// Site paths written again (new or changed bytes).
    pub(crate) changed: Vec<String>,
    /// Site paths that no longer exist.
    pub(crate) removed: Vec<String>,
    /// Pages rendered by this rebuild (for logs and benchmarks).
    pub(crate) rendered: usize,
    /// Site paths written again that no open page reloads for (the search index).
    pub(crate) silent: Vec<String>,
}

/// The result of a rebuild: the site was updated, or the book has errors (the last good
/// site stays as it was).
#[derive(Debug)]
pub enum Outcome {
    Built(Update),
    Failed(Diagnostics),
}

/// Called with the new files before the checks run (`Engine::apply_early`).
pub(crate) type Early<'a> = &'a mut dyn FnMut(&Engine, &Update);

/// The last build, kept to rebuild only what a change reaches.
pub struct Engine {
    root: PathBuf,
    config: Config,
    config_diags: Diagnostics,
    sources: Sources,
    theme: Result<Arc<Theme>, Diagnostics>,
    book: Book,
    /// Source path → index of its page in `book.pages` (the first, as a scan finds).
    page_of: HashMap<String, usize>,
    /// Content path → hash of its bytes.
    hashes: HashMap<String, u128>,
    /// Content path → diagnostics of reading and parsing it (from `assemble`).
    file_diags: BTreeMap<String, Vec<Diagnostic>>,
    /// Diagnostics of `assemble` not tied to one file's parse (duplicate pages).
    structure_diags: Vec<Diagnostic>,
    /// Environment → parsed team state.
    states: BTreeMap<String, EnvState>,
    rendered: Rendered,
    /// Render keys of the current book (aligned with `book.pages`).
    keys: Keys,
    /// Pages replaced in place since the last good render, when nothing else changed;
    /// `None`: every key must be computed again.
    touched: Option<BTreeSet<usize>>,
    /// Goes up whenever the set of item ids may have changed.
    ids_version: u64,
    /// In this rebuild, nothing the checks read has changed (see `apply_early`).
    check_inputs_same: bool,
    /// The last checks' results, so that an edit re-checks only what it reaches.
    checked: Checked,
    /// The search index, sitemap and secret pages wait for `finish_derived`.
    derived_pending: bool,
    /// Goes up whenever the derived files become stale: a `DerivedJob` made before
    /// the last change is out of date when it ends.
    derived_generation: u64,
    site: Site,
    diagnostics: Diagnostics,
    /// `diagnostics` is exactly what the parse and the checks found (no render or
    /// derived-file errors added): an edit may then replace only its files' part.
    diagnostics_exact: bool,
}

impl Engine {
    /// Stages 1–6 on the book at `root`. Book errors are in `diagnostics()`; only I/O
    /// failures are errors.
    pub fn load(root: &Path) -> anyhow::Result<(Engine, Outcome)> {
        let (config, config_diags) = Config::load(root)?;
        // The pages' text is read when a page is parsed, not kept (`Sources::unread`):
        // a server holds the book for hours, and a 10,000-page book's text is 80 MB.
        let sources = source::scan_unread(root, &config)?;
        let mut engine = Engine {
            root: root.to_path_buf(),
            theme: Theme::load(&sources.theme, &config.site.theme).map(Arc::new),
            config,
            config_diags,
            sources,
            book: empty_book(),
            page_of: HashMap::new(),
            hashes: HashMap::new(),
            file_diags: BTreeMap::new(),
            structure_diags: Vec::new(),
            states: BTreeMap::new(),
            rendered: Rendered::default(),
            keys: Keys::default(),
            touched: None,
            ids_version: 0,
            check_inputs_same: false,
            checked: Checked::default(),
            derived_pending: false,
            derived_generation: 0,
            site: Site::default(),
            diagnostics: Diagnostics::new(),
            diagnostics_exact: false,
        };
        engine.reassemble();
        engine.states = parse_states(&engine.sources.state);
        let outcome = engine.finish();
        let outcome = engine.finish_derived_after(outcome);
        Ok((engine, outcome))
    }

    /// The last good site (empty before the first good build).
    pub fn site(&self) -> &Site {
        &self.site
    }

    pub(crate) fn book(&self) -> &Book {
        &self.book
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// The files the pages include (mdBook `{{#include}}`, MkDocs snippets), from the
    /// book root: `serve` watches them too.
    pub(crate) fn included_files(&self) -> std::collections::BTreeSet<String> {
        self.sources.includes.files.keys().cloned().collect()
    }

    /// Changes whenever the book's item ids may have changed.
    pub(crate) fn ids_version(&self) -> u64 {
        self.ids_version
    }

    /// Every problem of the last rebuild, sorted.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// Applies changed paths: reads them again and rebuilds what they reach.
    #[cfg(test)]
    pub(crate) fn apply(&mut self, changes: &BTreeSet<Change>) -> anyhow::Result<Outcome> {
        let outcome = self.apply_inner(changes, None)?;
        Ok(self.finish_derived_after(outcome))
    }

    /// As `apply`, but when the change cannot alter what the checks see (pages edited in
    /// place with the same links, anchors and item ids at the same places, after a build
    /// without errors), the new files are handed to `early` before the whole-book checks
    /// run. The returned outcome then holds only what remains: an empty update, or the
    /// errors the checks found (for the overlay).
    pub(crate) fn apply_early(
        &mut self,
        changes: &BTreeSet<Change>,
        early: Early<'_>,
    ) -> anyhow::Result<Outcome> {
        self.apply_inner(changes, Some(early))
    }
}

pub(super) fn ms(since: std::time::Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn empty_book() -> Book {
    Book::default()
}
