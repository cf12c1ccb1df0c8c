//! Incremental rebuilds for `serve`: the pipeline of `lib.rs`, rerun only where a change
//! reaches. The `Engine` keeps the last build (sources in memory, the `Book`, each
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
//!   content/<asset>           → that one file of the site
//!   state/<env>.yaml          → the pages holding an item whose entry changed
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

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::check;
use crate::config::Config;
use crate::model::EnvState;
use crate::model::{Book, NavNode};
use crate::parse::book::{self, FileKind, below_content, kind_of};
use crate::parse::highlight;
use crate::parse::state;
use crate::render;
use crate::render::PageResult;
use crate::render::site::Site;
use crate::render::theme::Theme;
use crate::secrets::scan::ScanCache;
use crate::source::{self, SourceFile, Sources, find_file, find_index};

/// What a changed path is, for the rebuild (see `serve::watch::classify`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// book.toml or a theme file: rebuild everything.
    Everything,
    /// A file below `content/` (path relative to the book root).
    Content(RelPath),
    /// A file below the state folder.
    State(RelPath),
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

/// Where each page was rendered from, at the last good render.
#[derive(Debug, Default)]
struct Rendered {
    page_keys: HashMap<String, u64>,
    shared_key: Option<u64>,
}

/// The last checks' diagnostics, and what changed in the book since they ran.
#[derive(Debug, Default)]
struct Checked {
    /// Link diagnostics of every page (`check::links`).
    links: Vec<Diagnostic>,
    /// Duplicate-id and orphaned-state diagnostics (`check::item_ids`).
    ids: Vec<Diagnostic>,
    /// The leak scan, per file.
    secrets: ScanCache,
    /// The diagnostics of `content/secrets.yaml` (`secrets::check_cached`).
    declared: Option<Vec<Diagnostic>>,
    /// The link checks' lookup maps over every page and file; `None` when the files
    /// or the pages' paths and urls changed since they were made.
    link_index: Option<check::LinkIndex>,
    stale: Stale,
}

/// What the next `run_checks` must compute again; everything at first.
#[derive(Debug)]
struct Stale {
    /// Every page's links (the files, pages or anchors changed).
    all_links: bool,
    /// These pages' links (edited in place).
    pages: BTreeSet<usize>,
    /// Duplicate item ids and orphaned state.
    ids: bool,
    /// Content and state files whose bytes changed: scanned for leaks again.
    files: BTreeSet<RelPath>,
}

impl Stale {
    fn everything() -> Stale {
        Stale {
            all_links: true,
            pages: BTreeSet::new(),
            ids: true,
            files: BTreeSet::new(),
        }
    }

    fn nothing() -> Stale {
        Stale {
            all_links: false,
            pages: BTreeSet::new(),
            ids: false,
            files: BTreeSet::new(),
        }
    }

    /// Every check is due again (the files named for the leak scan stay named).
    fn mark_all(&mut self) {
        self.all_links = true;
        self.pages.clear();
        self.ids = true;
    }
}

impl Default for Stale {
    fn default() -> Stale {
        Stale::everything()
    }
}

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
    hashes: HashMap<String, u64>,
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
        let sources = source::scan(root, &config)?;
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

    /// Whether the files made from the whole book (search index, sitemap, secret
    /// inventory pages) are out of date: `apply_early` leaves them to `finish_derived`.
    /// Never while the book has errors: they are made from a good book only.
    pub(crate) fn derived_pending(&self) -> bool {
        self.derived_pending && !self.diagnostics.has_errors()
    }

    /// Makes the files derived from the whole book again. Their paths are in the
    /// update's `silent` (no open page reloads for the search index), except the secret
    /// inventory pages, which are in `changed` when their bytes changed.
    pub(crate) fn finish_derived(&mut self) -> Outcome {
        if self.diagnostics.has_errors() {
            // The last good site stays as it is; its derived files too.
            return Outcome::Failed(self.diagnostics.clone());
        }
        self.derived_pending = false;
        let Ok(theme) = &self.theme else {
            return Outcome::Built(Update::default());
        };
        let extra = derived_files(&self.config, &self.book, &self.sources, theme);
        self.merge_derived(extra)
    }

    /// A snapshot for making the derived files on another thread (`serve` does, so
    /// that a save made meanwhile is not kept waiting); `None` when nothing is due.
    pub(crate) fn derived_job(&self) -> Option<DerivedJob> {
        if !self.derived_pending() {
            return None;
        }
        let theme = self.theme.as_ref().ok()?;
        Some(DerivedJob {
            generation: self.derived_generation,
            config: self.config.clone(),
            book: self.book.clone(),
            sources: self.sources.clone(),
            theme: Arc::clone(theme),
        })
    }

    /// The result of a `DerivedJob`; `None` when the book changed since its snapshot
    /// (the derived files stay due).
    pub(crate) fn apply_derived(&mut self, done: DerivedDone) -> Option<Outcome> {
        if done.generation != self.derived_generation || !self.derived_pending() {
            return None;
        }
        self.derived_pending = false;
        Some(self.merge_derived(done.files))
    }

    /// Puts new derived files in place of the old ones.
    fn merge_derived(&mut self, extra: Result<Site, Diagnostics>) -> Outcome {
        let extra = match extra {
            Ok(extra) => extra,
            Err(d) => {
                self.add_diagnostics(d);
                return Outcome::Failed(self.diagnostics.clone());
            }
        };
        let mut update = Update::default();
        let gone: Vec<String> = self
            .site
            .files
            .keys()
            .filter(|p| is_derived(p) && !extra.files.contains_key(*p))
            .cloned()
            .collect();
        for path in gone {
            self.site.files.remove(&path);
            update.removed.push(path);
        }
        for (path, bytes) in extra.files {
            if self.site.get(&path) == Some(bytes.as_slice()) {
                continue;
            }
            if path.starts_with("secrets/") && path.ends_with(".html") {
                update.changed.push(path.clone());
            } else {
                update.silent.push(path.clone());
            }
            self.site.insert_shared(path, bytes);
        }
        Outcome::Built(update)
    }

    /// `outcome`, then `finish_derived` merged into it when it built.
    fn finish_derived_after(&mut self, outcome: Outcome) -> Outcome {
        let Outcome::Built(mut update) = outcome else {
            return outcome;
        };
        if !self.derived_pending {
            return Outcome::Built(update);
        }
        match self.finish_derived() {
            Outcome::Built(more) => {
                update.changed.extend(more.changed);
                update.removed.extend(more.removed);
                update.silent.extend(more.silent);
                Outcome::Built(update)
            }
            failed => failed,
        }
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

    fn apply_inner(
        &mut self,
        changes: &BTreeSet<Change>,
        early: Option<Early<'_>>,
    ) -> anyhow::Result<Outcome> {
        self.check_inputs_same = !self.diagnostics.has_errors();
        if changes.contains(&Change::Everything) || self.has_folder_change(changes) {
            let (engine, outcome) = Engine::load(&self.root)?;
            let old_site = std::mem::take(&mut self.site);
            let old_keys = std::mem::take(&mut self.rendered);
            *self = engine;
            if matches!(outcome, Outcome::Failed(_)) {
                // Keep serving the last good site and remember what it was made of.
                self.site = old_site;
                self.rendered = old_keys;
                return Ok(outcome);
            }
            return Ok(Outcome::Built(diff_sites(&old_site, &self.site)));
        }
        let reading = std::time::Instant::now();
        let mut assets = Vec::new();
        let mut reparse = Vec::new();
        let mut states_changed = false;
        for change in changes {
            match change {
                Change::Content(path) => {
                    let existed = self.hashes.contains_key(path.as_str());
                    if self.reread_content(path)? {
                        if existed != self.hashes.contains_key(path.as_str()) {
                            // A link to it may now resolve, or break.
                            self.checked.stale.all_links = true;
                            self.checked.link_index = None;
                        }
                        match kind_of(path) {
                            FileKind::Markdown => reparse.push(path.clone()),
                            FileKind::Yaml => reparse.push(path.clone()),
                            FileKind::Asset => assets.push(path.clone()),
                        }
                    }
                }
                Change::State(path) => states_changed |= self.reread_state(path)?,
                Change::Everything => {}
            }
        }
        if reparse.is_empty() && assets.is_empty() && !states_changed {
            // Nothing changed (an editor's extra event, or our own state write).
            return Ok(if self.diagnostics.has_errors() {
                Outcome::Failed(self.diagnostics.clone())
            } else {
                Outcome::Built(Update::default())
            });
        }
        if !reparse.is_empty() && !self.replace_in_place(&reparse) {
            self.reassemble();
            self.check_inputs_same = false;
        }
        if states_changed {
            self.states = parse_states(&self.sources.state);
            // Boards, page data and dashboards read the team state from the book.
            self.book.state = self.states.clone();
            self.touched = None;
            self.checked.stale.ids = true;
            self.check_inputs_same = false;
        }
        if !assets.is_empty() {
            self.check_inputs_same = false;
        }
        tracing::debug!(
            "read and parsed {} files in {:.2} ms",
            reparse.len(),
            ms(reading)
        );
        let mut outcome = match early {
            Some(early) if self.check_inputs_same => self.finish_early(early),
            _ => self.finish(),
        };
        if let Outcome::Built(update) = &mut outcome {
            self.copy_changed_assets(&assets, update);
        }
        Ok(outcome)
    }

    /// Whether a change names a folder below content/ (a folder renamed, moved or
    /// deleted: the watcher reports the folder, not each file in it). Then the sources
    /// are read again from the disk, as for book.toml.
    fn has_folder_change(&self, changes: &BTreeSet<Change>) -> bool {
        changes.iter().any(|c| match c {
            // A file the book has is no folder (unless it became one on the disk);
            // any other path is looked for among the known files.
            Change::Content(path) if self.hashes.contains_key(path.as_str()) => {
                self.root.join(path.as_str()).is_dir()
            }
            Change::Content(path) => {
                let prefix = format!("{}/", path.as_str());
                self.root.join(path.as_str()).is_dir()
                    || self.hashes.keys().any(|known| known.starts_with(&prefix))
            }
            _ => false,
        })
    }

    /// Reads `path` (below content/) into the sources again; false when its bytes did
    /// not change (an editor's extra event, or our own write).
    fn reread_content(&mut self, path: &RelPath) -> anyhow::Result<bool> {
        let bytes = read_if_file(&self.root.join(path.as_str()))?;
        let hash = bytes.as_deref().map(hash_bytes);
        if hash == self.hashes.get(path.as_str()).copied() && hash.is_some() {
            return Ok(false);
        }
        match hash {
            Some(h) => self.hashes.insert(path.to_string(), h),
            None => self.hashes.remove(path.as_str()),
        };
        upsert(&mut self.sources.content, path, bytes);
        self.checked.stale.files.insert(path.clone());
        Ok(true)
    }

    fn reread_state(&mut self, path: &RelPath) -> anyhow::Result<bool> {
        let bytes = read_if_file(&self.root.join(path.as_str()))?;
        let old = self
            .sources
            .state
            .iter()
            .find(|f| &f.path == path)
            .map(|f| &f.bytes);
        if old == bytes.as_ref() {
            return Ok(false);
        }
        upsert(&mut self.sources.state, path, bytes);
        self.checked.stale.files.insert(path.clone());
        Ok(true)
    }

    /// The whole of stage 3 again (and the per-file hashes and diagnostics).
    fn reassemble(&mut self) {
        let mut diags = Diagnostics::new();
        self.book = book::assemble(
            &self.config,
            &self.sources,
            &mut diags,
            &crate::base::cache::Cache::off(),
        );
        self.page_of = HashMap::with_capacity(self.book.pages.len());
        for (i, page) in self.book.pages.iter().enumerate() {
            self.page_of.entry(page.source.to_string()).or_insert(i);
        }
        self.touched = None;
        self.checked.stale.mark_all();
        self.checked.link_index = None;
        self.ids_version += 1;
        self.hashes = self
            .sources
            .content
            .iter()
            .map(|f| (f.path.to_string(), hash_bytes(&f.bytes)))
            .collect();
        self.file_diags.clear();
        self.structure_diags.clear();
        for d in diags.into_vec() {
            if d.code == Code::DuplicatePage {
                self.structure_diags.push(d);
            } else {
                self.file_diags
                    .entry(d.path.to_string())
                    .or_default()
                    .push(d);
            }
        }
    }

    /// Re-parses Markdown files whose page keeps its url, id and order, replacing the
    /// page in the book. False (nothing changed) when any file needs `reassemble`.
    /// Whether the secret scanner has anything to say about this content file: then the
    /// edit is checked before it is served, not after.
    fn may_leak(&self, path: &RelPath) -> bool {
        find_file(&self.sources.content, path)
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
            .is_some_and(|text| !crate::secrets::scan::scan_text(text).is_empty())
    }

    fn replace_in_place(&mut self, paths: &[RelPath]) -> bool {
        let mut replacements = Vec::new();
        for path in paths {
            let Some(&index) = self.page_of.get(path.as_str()) else {
                return false;
            };
            let Some(file) = find_file(&self.sources.content, path) else {
                return false;
            };
            if kind_of(path) != FileKind::Markdown || self.has_structure_diag(path) {
                return false;
            }
            let mut diags = Diagnostics::new();
            let Some(page) = book::markdown_page(&self.config, file, &mut diags) else {
                return false;
            };
            let old = &self.book.pages[index];
            if page.url != old.url || page.id != old.id || page.front.order != old.front.order {
                return false;
            }
            replacements.push((index, page, diags, hash_bytes(&file.bytes)));
        }
        for (index, page, diags, hash) in replacements {
            let old = &self.book.pages[index];
            if !same_check_inputs(old, &page) || self.may_leak(&page.source) {
                // Checked before it is served: a leaked value never reaches the page.
                self.check_inputs_same = false;
            }
            self.mark_checks_stale(index, &page);
            let old = &self.book.pages[index];
            if old.title != page.title {
                self.touched = None;
            } else if let Some(touched) = &mut self.touched {
                touched.insert(index);
            }
            if !old
                .doc
                .items
                .iter()
                .map(|i| &i.id)
                .eq(page.doc.items.iter().map(|i| &i.id))
            {
                self.ids_version += 1;
            }
            let path = page.source.to_string();
            if self.book.pages[index].title != page.title {
                rename_nav(&mut self.book.nav, index, &page.title);
            }
            self.book.pages[index] = page;
            self.hashes.insert(path.clone(), hash);
            // Only files with diagnostics are kept: `parse_diagnostics` reads them all.
            if diags.is_empty() {
                self.file_diags.remove(&path);
            } else {
                self.file_diags.insert(path, diags.into_vec());
            }
        }
        true
    }

    /// What the checks must look at again when page `index` becomes `new`: its links;
    /// every page's links when its anchors changed; the item-id checks when its ids
    /// changed (or moved while the book has a duplicate id, whose message names lines).
    fn mark_checks_stale(&mut self, index: usize, new: &crate::model::Page) {
        let old = &self.book.pages[index];
        let stale = &mut self.checked.stale;
        stale.pages.insert(index);
        if old.doc.anchors != new.doc.anchors {
            stale.all_links = true;
        }
        let ids = |p: &crate::model::Page| -> Vec<String> {
            p.doc.items.iter().map(|i| i.id.clone()).collect()
        };
        let places = |p: &crate::model::Page| -> Vec<(u32, u32)> {
            p.doc.items.iter().map(|i| (i.line, i.col)).collect()
        };
        let moved_with_duplicates = places(old) != places(new)
            && self.checked.ids.iter().any(|d| d.code == Code::DuplicateId);
        if ids(old) != ids(new) || moved_with_duplicates {
            stale.ids = true;
        }
    }

    fn has_structure_diag(&self, path: &RelPath) -> bool {
        self.structure_diags.iter().any(|d| &d.path == path)
    }

    /// Whether `parse_diagnostics` has an error (without copying them).
    fn has_parse_errors(&self) -> bool {
        self.config_diags.has_errors()
            || self.file_diags.values().flatten().any(Diagnostic::is_error)
            || self.structure_diags.iter().any(Diagnostic::is_error)
            || self.theme.as_ref().is_err_and(Diagnostics::has_errors)
    }

    /// Every diagnostic but the whole-book checks'.
    fn parse_diagnostics(&self) -> Diagnostics {
        let mut diags = self.config_diags.clone();
        diags.extend(self.file_diags.values().flatten().cloned());
        diags.extend(self.structure_diags.iter().cloned());
        if let Err(d) = &self.theme {
            diags.extend(d.iter().cloned());
        }
        diags
    }

    /// Stage 4, rerun only where the changes since the last run reach (`Checked`):
    /// with `checked.links` and `checked.ids`, the returned leak-scan and secrets.yaml
    /// diagnostics are those of `check::run` and `secrets::check` on the whole book. An
    /// edit in place costs what the edited pages cost (the link maps and the leak scan
    /// are kept). Also returns the paths whose diagnostics may have changed: `None`
    /// when any may have.
    fn run_checks(&mut self) -> (Diagnostics, Option<BTreeSet<RelPath>>) {
        let stale = std::mem::replace(&mut self.checked.stale, Stale::nothing());
        let touched = (!stale.all_links && !stale.ids).then(|| {
            let mut paths = stale.files.clone();
            let pages = stale.pages.iter().filter_map(|&i| self.book.pages.get(i));
            paths.extend(pages.map(|p| p.source.clone()));
            paths
        });
        let (cfg, book, src) = (&self.config, &self.book, &self.sources);
        let checked = &mut self.checked;
        if stale.all_links || !stale.pages.is_empty() {
            let index = checked
                .link_index
                .get_or_insert_with(|| check::LinkIndex::of(book, src));
            if stale.all_links {
                let all: Vec<usize> = (0..book.pages.len()).collect();
                checked.links = check::links_indexed(cfg, book, src, &all, index).into_vec();
            } else {
                let pages: Vec<usize> = stale.pages.into_iter().collect();
                let edited: BTreeSet<&RelPath> = pages
                    .iter()
                    .filter_map(|&i| book.pages.get(i))
                    .map(|p| &p.source)
                    .collect();
                checked.links.retain(|d| !edited.contains(&d.path));
                let found = check::links_indexed(cfg, book, src, &pages, index);
                checked.links.extend(found);
            }
        }
        if stale.ids {
            checked.ids = check::item_ids(book, src).into_vec();
        }
        let hashes = &self.hashes;
        let hash_of = |path: &RelPath, bytes: &[u8]| {
            hashes
                .get(path.as_str())
                .copied()
                .unwrap_or_else(|| hash_bytes(bytes))
        };
        let changed: Vec<RelPath> = stale.files.into_iter().collect();
        let secrets = crate::secrets::check_cached(
            src,
            cfg,
            &mut checked.secrets,
            &changed,
            &hash_of,
            &mut checked.declared,
        );
        (secrets, touched)
    }

    /// Stage 4 (`run_checks`), then `diagnostics` made again: after an edit in place
    /// only the edited files' part is made and put where the sort puts it (the cost of
    /// those files, not of the book's diagnostics); after any other change, all of it.
    fn check_and_merge(&mut self) {
        let checking = std::time::Instant::now();
        let (secrets, touched) = self.run_checks();
        match touched {
            Some(paths) if self.diagnostics_exact => {
                for path in &paths {
                    let found = self.diagnostics_at(path, &secrets);
                    self.diagnostics.replace_path(path, found);
                }
            }
            _ => {
                let mut all = self.parse_diagnostics();
                all.extend(self.checked.links.iter().cloned());
                all.extend(self.checked.ids.iter().cloned());
                all.extend(secrets);
                all.sort();
                self.diagnostics = all;
            }
        }
        self.diagnostics_exact = true;
        tracing::debug!("checks in {:.2} ms", ms(checking));
    }

    /// The diagnostics at `path`, sorted: in the order `check_and_merge` gathers the
    /// whole book's (the sort is stable, so ties keep that order there and here).
    fn diagnostics_at(&self, path: &RelPath, secrets: &Diagnostics) -> Diagnostics {
        let at = |d: &&Diagnostic| &d.path == path;
        let mut found = Diagnostics::new();
        found.extend(self.config_diags.iter().filter(at).cloned());
        found.extend(
            self.file_diags
                .get(path.as_str())
                .into_iter()
                .flatten()
                .cloned(),
        );
        found.extend(self.structure_diags.iter().filter(at).cloned());
        if let Err(d) = &self.theme {
            found.extend(d.iter().filter(at).cloned());
        }
        found.extend(self.checked.links.iter().filter(at).cloned());
        found.extend(self.checked.ids.iter().filter(at).cloned());
        found.extend(secrets.iter().filter(at).cloned());
        found.sort();
        found
    }

    /// Adds render or derived-file errors to `diagnostics` (the next check makes all of
    /// them again).
    fn add_diagnostics(&mut self, d: Diagnostics) {
        self.diagnostics.extend(d);
        self.diagnostics.sort();
        self.diagnostics_exact = false;
    }

    /// Stage 5 first, handed to `early`, then stage 4; see `apply_early`.
    fn finish_early(&mut self, early: Early<'_>) -> Outcome {
        if self.has_parse_errors() {
            return self.finish();
        }
        match self.render_changed() {
            Ok(update) => early(self, &update),
            Err(d) => {
                self.check_and_merge();
                self.add_diagnostics(d);
                return Outcome::Failed(self.diagnostics.clone());
            }
        }
        self.check_and_merge();
        if self.diagnostics.has_errors() {
            Outcome::Failed(self.diagnostics.clone())
        } else {
            Outcome::Built(Update::default())
        }
    }

    /// Stage 4, then stage 5 for what changed since the last good render.
    fn finish(&mut self) -> Outcome {
        self.check_and_merge();
        if self.diagnostics.has_errors() {
            return Outcome::Failed(self.diagnostics.clone());
        }
        match self.render_changed() {
            Ok(update) => Outcome::Built(update),
            Err(d) => {
                self.add_diagnostics(d);
                Outcome::Failed(self.diagnostics.clone())
            }
        }
    }

    /// Renders the pages and shared files whose key changed; removes pages that went.
    fn render_changed(&mut self) -> Result<Update, Diagnostics> {
        let Ok(theme) = &self.theme else {
            return Err(Diagnostics::new());
        };
        let keying = std::time::Instant::now();
        let touched = self.touched.take();
        let candidates: Vec<usize> = match touched {
            Some(t) if self.keys.page.len() == self.book.pages.len() => {
                let t: Vec<usize> = t.into_iter().collect();
                let before: Vec<u64> = t.iter().map(|&i| self.keys.summary[i]).collect();
                update_keys(&mut self.keys, &self.book, &self.hashes, &self.states, &t);
                // Only the pages' summaries may have changed here (a title edit, the
                // nav or the state take the other arm): the shared key is kept unless
                // one did.
                if t.iter()
                    .zip(&before)
                    .any(|(&i, &b)| self.keys.summary[i] != b)
                {
                    self.keys.shared = shared_key(&self.book, &self.keys);
                }
                t
            }
            _ => {
                self.keys = full_keys(&self.book, &self.hashes, &self.states);
                (0..self.book.pages.len()).collect()
            }
        };
        tracing::debug!("page keys in {:.1} ms", ms(keying));
        let dirty: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                self.rendered.page_keys.get(&self.book.pages[i].url) != Some(&self.keys.page[i])
            })
            .collect();
        let (cfg, book) = (&self.config, &self.book);
        let rendering = std::time::Instant::now();
        let results: Vec<(usize, PageResult)> = render::pages(cfg, book, theme, &dirty);
        tracing::debug!("{} pages rendered in {:.2} ms", dirty.len(), ms(rendering));
        let shared_key = self.keys.shared;
        let shared_dirty = self.rendered.shared_key != Some(shared_key);
        let mut shared = Vec::new();
        if shared_dirty {
            for name in render::SHARED_FILES {
                shared.push((name, render::shared_file(cfg, book, theme, name)));
            }
        }
        let mut diags = Diagnostics::new();
        // Search index, sitemap, robots.txt, .nojekyll, the secret inventory pages read
        // every page's text: made by `finish_derived`, after the pages are served.
        let derived_stale = shared_dirty || !dirty.is_empty();
        let mut update = Update::default();
        let mut written = Vec::new();
        for (i, result) in results {
            match result {
                Some(Ok(html)) => written.push((self.book.pages[i].url.clone(), html)),
                Some(Err(d)) => diags.push(*d),
                None => {}
            }
        }
        for (name, result) in shared {
            match result {
                Ok(text) => written.push((name.to_string(), text)),
                Err(d) => diags.push(*d),
            }
        }
        if diags.has_errors() {
            diags.sort();
            // Compute every key again next time: this render did not happen.
            self.touched = None;
            return Err(diags);
        }
        if self.rendered.shared_key.is_none() {
            self.insert_statics(theme_statics(theme), &mut update);
        }
        update.rendered = written.len();
        if derived_stale {
            self.derived_pending = true;
            self.derived_generation += 1;
        }
        for (path, bytes) in written {
            if self.site.get(&path) != Some(bytes.as_slice()) {
                update.changed.push(path.clone());
                self.site.insert_shared(path, bytes);
            }
        }
        let full = candidates.len() == self.book.pages.len();
        self.remove_gone_pages(&mut update, full);
        if full {
            self.rendered.page_keys.clear();
        }
        for i in candidates {
            let url = &self.book.pages[i].url;
            match self.rendered.page_keys.get_mut(url) {
                Some(key) => *key = self.keys.page[i],
                None => {
                    self.rendered
                        .page_keys
                        .insert(url.clone(), self.keys.page[i]);
                }
            }
        }
        self.rendered.shared_key = Some(shared_key);
        self.touched = Some(BTreeSet::new());
        Ok(update)
    }

    /// The static files and content assets, on the first render.
    fn insert_statics(&mut self, statics: Vec<(String, Vec<u8>)>, update: &mut Update) {
        for (path, bytes) in statics {
            update.changed.push(path.clone());
            self.site.insert(path, bytes);
        }
        for file in &self.sources.content {
            if kind_of(&file.path) == FileKind::Asset {
                let path = below_content(&file.path).to_string();
                update.changed.push(path.clone());
                self.site.insert(path, file.bytes.clone());
            }
        }
    }

    /// Drops pages that are no longer in the book (only after a full key pass: the fast
    /// path never removes a page).
    fn remove_gone_pages(&mut self, update: &mut Update, full: bool) {
        if !full {
            return;
        }
        let now: BTreeSet<&str> = self.book.pages.iter().map(|p| p.url.as_str()).collect();
        let gone: Vec<String> = self
            .rendered
            .page_keys
            .keys()
            .filter(|url| {
                !now.contains(url.as_str()) && !render::SHARED_FILES.contains(&url.as_str())
            })
            .cloned()
            .collect();
        for url in gone {
            if self.site.files.remove(&url).is_some() {
                update.removed.push(url);
            }
        }
        update.removed.sort();
    }

    fn copy_changed_assets(&mut self, assets: &[RelPath], update: &mut Update) {
        for path in assets {
            let site_path = below_content(path).to_string();
            match find_file(&self.sources.content, path) {
                Some(file) => {
                    self.site.insert(site_path.clone(), file.bytes.clone());
                    update.changed.push(site_path);
                }
                None => {
                    if self.site.files.remove(&site_path).is_some() {
                        update.removed.push(site_path);
                    }
                }
            }
        }
    }
}

fn ms(since: std::time::Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Whether the checks' verdict must be the same for `old` and `new`: the same link
/// targets, anchors and item ids (places may move: the checks still run, right after,
/// and their diagnostics have the new places).
fn same_check_inputs(old: &crate::model::Page, new: &crate::model::Page) -> bool {
    let links = |p: &crate::model::Page| {
        p.doc
            .links
            .iter()
            .map(|l| l.dest.clone())
            .collect::<Vec<_>>()
    };
    let items =
        |p: &crate::model::Page| p.doc.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    links(old) == links(new) && old.doc.anchors == new.doc.anchors && items(old) == items(new)
}

/// `static/…` files of the theme plus the highlight palette.
fn theme_statics(theme: &Theme) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(
        "static/highlight.css".to_string(),
        highlight::palette_css().into(),
    )];
    for (name, bytes) in theme.statics() {
        out.push((format!("static/{name}"), bytes.clone()));
    }
    out
}

fn empty_book() -> Book {
    Book::default()
}

/// The file's bytes, or `None` when it is gone (or is not a file).
fn read_if_file(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) if path.is_dir() || !path.exists() => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!("failed to read {}", path.display()))),
    }
}

/// Sets (or removes, for `None`) one file of a sorted source list.
fn upsert(files: &mut Vec<SourceFile>, path: &RelPath, bytes: Option<Vec<u8>>) {
    let at = find_index(files, path);
    match (at, bytes) {
        (Ok(i), Some(bytes)) => files[i].bytes = bytes,
        (Ok(i), None) => {
            files.remove(i);
        }
        (Err(i), Some(bytes)) => files.insert(
            i,
            SourceFile {
                path: path.clone(),
                bytes,
            },
        ),
        (Err(_), None) => {}
    }
}

/// Gives every nav entry that opens page `index` its new title.
fn rename_nav(nodes: &mut [NavNode], index: usize, title: &str) {
    for node in nodes {
        if node.page == Some(index) && node.title != title {
            node.title = title.to_string();
        }
        rename_nav(&mut node.children, index, title);
    }
}

/// `state/production.yaml` → production state, for every state file.
fn parse_states(files: &[SourceFile]) -> BTreeMap<String, EnvState> {
    let mut out = BTreeMap::new();
    for file in files {
        let name = file.path.file_name();
        let Some(env) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            continue;
        };
        let text = String::from_utf8_lossy(&file.bytes);
        let mut ignored = Diagnostics::new();
        out.insert(
            env.to_string(),
            state::parse(&text, &file.path, env, &mut ignored),
        );
    }
    out
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What rendering depends on, as hashes: one key per page, one summary per page (what
/// the shared files show of it), the sidebar tree and the team state.
#[derive(Debug, Default)]
struct Keys {
    page: Vec<u64>,
    /// Hash of each page's breadcrumb trail.
    trail: Vec<u64>,
    summary: Vec<u64>,
    nav: u64,
    states: u64,
    /// `shared_key` of the above.
    shared: u64,
}

/// Every key, from scratch: O(pages).
fn full_keys(
    book: &Book,
    hashes: &HashMap<String, u64>,
    states: &BTreeMap<String, EnvState>,
) -> Keys {
    let trail: Vec<u64> = render::trails(&book.nav, book.pages.len())
        .iter()
        .map(|t| {
            let mut h = DefaultHasher::new();
            for node in t {
                (
                    node.title.as_str(),
                    node.page.and_then(|p| book.pages.get(p)).map(|p| &p.url),
                )
                    .hash(&mut h);
            }
            h.finish()
        })
        .collect();
    let mut keys = Keys {
        page: vec![0; book.pages.len()],
        summary: vec![0; book.pages.len()],
        trail,
        nav: {
            let mut h = DefaultHasher::new();
            hash_nav(&book.nav, &mut h);
            h.finish()
        },
        states: states_hash(states),
        shared: 0,
    };
    let all: Vec<usize> = (0..book.pages.len()).collect();
    update_keys(&mut keys, book, hashes, states, &all);
    keys.shared = shared_key(book, &keys);
    keys
}

/// The keys of pages `indices` again (their trails and the nav are unchanged).
fn update_keys(
    keys: &mut Keys,
    book: &Book,
    hashes: &HashMap<String, u64>,
    states: &BTreeMap<String, EnvState>,
    indices: &[usize],
) {
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| book.pages.get(j))
            .map(|p| (&p.title, &p.url))
    };
    for &i in indices {
        let page = &book.pages[i];
        let mut h = DefaultHasher::new();
        (
            &book.title,
            &book.description,
            &book.language,
            book.home == Some(i),
        )
            .hash(&mut h);
        (page.source.as_str(), hashes.get(page.source.as_str())).hash(&mut h);
        (&page.title, &page.url, &page.id).hash(&mut h);
        neighbour(i.checked_sub(1)).hash(&mut h);
        neighbour(Some(i + 1)).hash(&mut h);
        keys.trail[i].hash(&mut h);
        item_state_hash(page, states, &mut h);
        keys.page[i] = h.finish();
        keys.summary[i] = summary_key(book, i);
    }
}

/// What the shared files show of page `i`.
fn summary_key(book: &Book, i: usize) -> u64 {
    let page = &book.pages[i];
    let mut h = DefaultHasher::new();
    (
        &page.title,
        &page.url,
        &page.id,
        page.kind == crate::model::PageKind::Markdown,
    )
        .hash(&mut h);
    page.front
        .extra
        .get("description")
        .and_then(|v| v.as_str())
        .hash(&mut h);
    (page.doc.items.len(), page.doc.phases.len()).hash(&mut h);
    for phase in &page.doc.phases {
        (&phase.id, &phase.title).hash(&mut h);
    }
    if book.home == Some(i) {
        page.doc.html.hash(&mut h);
    }
    h.finish()
}

fn item_state_hash(
    page: &crate::model::Page,
    states: &BTreeMap<String, EnvState>,
    h: &mut DefaultHasher,
) {
    for (env, state) in states {
        for item in &page.doc.items {
            if let Some(entry) = state.entries.get(&item.id) {
                (env, &item.id, entry.done, &entry.by, &entry.at, &entry.note).hash(h);
            }
        }
    }
}

fn states_hash(states: &BTreeMap<String, EnvState>) -> u64 {
    let mut h = DefaultHasher::new();
    for (env, state) in states {
        env.hash(&mut h);
        for (id, e) in &state.entries {
            (id, e.done, &e.by, &e.at, &e.note).hash(&mut h);
        }
    }
    h.finish()
}

/// A hash of what the shared files are made from.
fn shared_key(book: &Book, keys: &Keys) -> u64 {
    let mut h = DefaultHasher::new();
    (&book.title, &book.description, &book.language, book.home).hash(&mut h);
    (&keys.summary, keys.nav, keys.states).hash(&mut h);
    h.finish()
}

fn hash_nav(nodes: &[NavNode], h: &mut DefaultHasher) {
    for node in nodes {
        (&node.title, node.page, node.children.len()).hash(h);
        hash_nav(&node.children, h);
    }
}

/// Files `finish_derived` makes: a path of the site that no page render writes.
fn is_derived(path: &str) -> bool {
    path.starts_with("search/")
        || path.starts_with("secrets/")
        || matches!(path, ".nojekyll" | "robots.txt" | "sitemap.xml")
}

/// What changed between two sites, path by path.
fn diff_sites(old: &Site, new: &Site) -> Update {
    let changed = new
        .files
        .iter()
        .filter(|(p, b)| old.files.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect();
    let removed = old
        .files
        .keys()
        .filter(|p| !new.files.contains_key(*p))
        .cloned()
        .collect();
    Update {
        changed,
        removed,
        rendered: new.files.keys().filter(|p| p.ends_with(".html")).count(),
        silent: Vec::new(),
    }
}

/// What the derived files (search index, sitemap, secret pages) are made from: a
/// snapshot of the engine, to be made on another thread.
pub(crate) struct DerivedJob {
    generation: u64,
    config: Config,
    book: Book,
    sources: Sources,
    theme: Arc<Theme>,
}

/// A `DerivedJob`'s files, for `Engine::apply_derived`.
pub(crate) struct DerivedDone {
    generation: u64,
    files: Result<Site, Diagnostics>,
}

impl DerivedJob {
    pub(crate) fn run(self) -> DerivedDone {
        DerivedDone {
            generation: self.generation,
            files: derived_files(&self.config, &self.book, &self.sources, &self.theme),
        }
    }
}

/// Search index, sitemap, robots.txt, .nojekyll and the secret inventory pages: the
/// files that read every page.
fn derived_files(
    cfg: &Config,
    book: &Book,
    sources: &Sources,
    theme: &Theme,
) -> Result<Site, Diagnostics> {
    let files =
        crate::pipeline::derived_files(cfg, book, sources, theme, &crate::pipeline::Shared::off())?;
    let mut extra = Site::default();
    for (path, bytes) in files {
        extra.insert(path, bytes);
    }
    Ok(extra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::BuildOptions;

    /// A book in a temp folder: three pages in a folder and a home page.
    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            ("content/index.md", "# Home\n\nWelcome.\n"),
            ("content/ops/index.md", "# Ops\n\nAll ops.\n"),
            ("content/ops/a.md", "# Alpha\n\n## Phase 1\n\n- [ ] do a\n"),
            (
                "content/ops/b.md",
                "# Beta\n\nSee [alpha](a.md).\n\n- [ ] do b\n",
            ),
            ("content/ops/c.md", "# Gamma\n\ntext\n"),
            ("content/img.txt", "asset"),
        ];
        for (p, t) in files {
            write(dir.path(), p, t);
        }
        dir
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn change(path: &str) -> BTreeSet<Change> {
        let kind = if path.starts_with("state/") {
            Change::State(RelPath::new(path))
        } else {
            Change::Content(RelPath::new(path))
        };
        BTreeSet::from([kind])
    }

    /// The site a full `opsbook build` makes now.
    fn full(root: &Path) -> Site {
        crate::pipeline::build(root, &BuildOptions::default())
            .unwrap()
            .site
            .expect("the book builds")
    }

    fn built(outcome: Outcome) -> Update {
        match outcome {
            Outcome::Built(u) => u,
            Outcome::Failed(d) => panic!("build failed: {d:?}"),
        }
    }

    #[test]
    fn first_build_is_the_full_build() {
        let dir = book();
        let (engine, outcome) = Engine::load(dir.path()).unwrap();
        built(outcome);
        assert_eq!(engine.site(), &full(dir.path()));
    }

    #[test]
    fn a_body_edit_renders_one_page() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(dir.path(), "content/ops/c.md", "# Gamma\n\nnew text\n");
        let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
        assert_eq!(update.rendered, 1, "{update:?}");
        assert_eq!(update.changed, ["ops/c.html"]);
        assert_eq!(engine.site(), &full(dir.path()));
    }

    /// `apply_early`: the update handed over early, and the outcome.
    fn apply_early(engine: &mut Engine, path: &str) -> (Option<Update>, Outcome) {
        let mut seen = None;
        let outcome = engine
            .apply_early(&change(path), &mut |_, u| seen = Some(u.clone()))
            .unwrap();
        (seen, outcome)
    }

    #[test]
    fn a_prose_edit_is_served_before_the_checks() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(
            dir.path(),
            "content/ops/b.md",
            "# Beta\n\nSee [alpha](a.md) now.\n\n- [ ] do b\n",
        );
        let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
        assert_eq!(
            early.map(|u| u.changed),
            Some(vec!["ops/b.html".to_string()])
        );
        assert_eq!(built(outcome), Update::default());
        built(engine.finish_derived());
        assert_eq!(engine.site(), &full(dir.path()));
    }

    #[test]
    fn an_edit_that_changes_links_is_checked_first() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(
            dir.path(),
            "content/ops/b.md",
            "# Beta\n\nnew line\n\nSee [alpha](a.md).\n\n- [ ] do b\n",
        );
        let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
        assert!(early.is_some(), "lines moved, link targets did not change");
        assert_eq!(built(outcome), Update::default());
        write(
            dir.path(),
            "content/ops/b.md",
            "# Beta\n\nSee [alpha](a.md) and [c](c.md).\n\n- [ ] do b\n",
        );
        let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
        assert!(early.is_none());
        assert_eq!(built(outcome).changed, ["ops/b.html"]);
        write(
            dir.path(),
            "content/ops/b.md",
            "# Beta\n\nSee [x](nope.md).\n",
        );
        let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
        assert!(early.is_none());
        assert!(matches!(outcome, Outcome::Failed(_)));
        // After a failed build nothing is served early, even a prose edit.
        write(dir.path(), "content/ops/c.md", "# Gamma\n\nother text\n");
        let (early, _) = apply_early(&mut engine, "content/ops/c.md");
        assert!(early.is_none());
    }

    #[test]
    fn a_title_edit_renders_neighbours_and_shared_files() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(
            dir.path(),
            "content/ops/b.md",
            "# Bravo\n\nSee [alpha](a.md).\n\n- [ ] do b\n",
        );
        let update = built(engine.apply(&change("content/ops/b.md")).unwrap());
        for path in [
            "ops/a.html",
            "ops/b.html",
            "ops/c.html",
            "index.html",
            "toc.js",
        ] {
            assert!(
                update.changed.iter().any(|c| c == path),
                "{path}: {update:?}"
            );
        }
        assert_eq!(engine.site(), &full(dir.path()));
    }

    #[test]
    fn a_folder_title_edit_reaches_its_pages_breadcrumbs() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(
            dir.path(),
            "content/ops/index.md",
            "# Operations\n\nAll ops.\n",
        );
        built(engine.apply(&change("content/ops/index.md")).unwrap());
        assert_eq!(engine.site(), &full(dir.path()));
    }

    #[test]
    fn adding_and_deleting_pages_match_a_full_build() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(
            dir.path(),
            "content/ops/d.md",
            "---\norder: 1\n---\n# Delta\n",
        );
        let update = built(engine.apply(&change("content/ops/d.md")).unwrap());
        assert!(update.changed.iter().any(|c| c == "ops/d.html"));
        assert_eq!(engine.site(), &full(dir.path()));
        std::fs::remove_file(dir.path().join("content/ops/c.md")).unwrap();
        let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
        let pages: Vec<&String> = update
            .removed
            .iter()
            .filter(|p| p.ends_with(".html"))
            .collect();
        assert_eq!(pages, ["ops/c.html"], "search shards may go too");
        assert_eq!(engine.site(), &full(dir.path()));
    }

    #[test]
    fn a_leaked_key_is_never_served_even_on_the_early_path() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        let good = engine.site().clone();
        let key: String = "AKIA".chars().chain("Q7ZR4TXW2MB6KD3P".chars()).collect();
        write(
            dir.path(),
            "content/ops/b.md",
            &format!("# Beta\n\nSee [alpha](a.md).\n\n- [ ] do b\n\naws_access_key_id = {key}\n"),
        );
        let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
        assert!(
            early.is_none(),
            "a possible leak is checked before it is served"
        );
        match outcome {
            Outcome::Failed(d) => {
                assert!(
                    d.iter()
                        .any(|d| d.code == crate::base::diag::Code::SecretLeak)
                )
            }
            Outcome::Built(u) => panic!("built: {u:?}"),
        }
        assert_eq!(engine.site(), &good);
        assert!(
            !engine
                .site()
                .files
                .values()
                .any(|b| String::from_utf8_lossy(b).contains(&key))
        );
    }

    #[test]
    fn an_error_keeps_the_last_good_site_until_fixed() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        let good = engine.site().clone();
        write(
            dir.path(),
            "content/ops/c.md",
            "---\ntitle: [unclosed\n---\n# Gamma\n",
        );
        match engine.apply(&change("content/ops/c.md")).unwrap() {
            Outcome::Failed(d) => assert!(d.has_errors()),
            Outcome::Built(u) => panic!("built: {u:?}"),
        }
        assert_eq!(engine.site(), &good);
        write(
            dir.path(),
            "content/ops/b.md",
            "# Bravo\n\nSee [alpha](a.md).\n",
        );
        assert!(matches!(
            engine.apply(&change("content/ops/b.md")).unwrap(),
            Outcome::Failed(_)
        ));
        write(dir.path(), "content/ops/c.md", "# Gamma\n\nfixed\n");
        let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
        assert!(
            update.changed.iter().any(|c| c == "ops/b.html"),
            "{update:?}"
        );
        assert_eq!(engine.site(), &full(dir.path()));
    }

    #[test]
    fn a_broken_link_is_an_error_found_without_a_full_build() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(dir.path(), "content/ops/a.md", "# Alpha\n\nno phase\n");
        write(
            dir.path(),
            "content/ops/b.md",
            "# Beta\n\nSee [alpha](a.md#phase-1).\n",
        );
        let mut both = change("content/ops/a.md");
        both.extend(change("content/ops/b.md"));
        match engine.apply(&both).unwrap() {
            Outcome::Failed(d) => assert!(d.iter().any(|d| d.code == Code::BrokenLink), "{d:?}"),
            Outcome::Built(u) => panic!("built: {u:?}"),
        }
    }

    #[test]
    fn a_renamed_folder_matches_a_full_build() {
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        std::fs::rename(root.join("content/ops"), root.join("content/run")).unwrap();
        let mut both = change("content/ops");
        both.extend(change("content/run"));
        let update = built(engine.apply(&both).unwrap());
        assert!(
            update.removed.iter().any(|p| p == "ops/a.html"),
            "{update:?}"
        );
        assert_eq!(engine.site(), &full(root));
    }

    #[test]
    fn derived_files_wait_while_the_book_has_errors() {
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        write(root, "content/ops/c.md", "# Gamma\n\nzebracorn\n");
        apply_early(&mut engine, "content/ops/c.md");
        write(root, "content/ops/c.md", "# Gamma\n\n[x](nope.md)\n");
        let (_, outcome) = apply_early(&mut engine, "content/ops/c.md");
        assert!(matches!(outcome, Outcome::Failed(_)));
        assert!(!engine.derived_pending(), "nothing to do until it is fixed");
        assert!(matches!(engine.finish_derived(), Outcome::Failed(_)));
        write(root, "content/ops/c.md", "# Gamma\n\nfixed\n");
        apply_early(&mut engine, "content/ops/c.md");
        assert!(engine.derived_pending());
        built(engine.finish_derived());
        assert_eq!(engine.site(), &full(root));
    }

    #[test]
    fn unchanged_bytes_render_nothing() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        let update = built(engine.apply(&change("content/ops/a.md")).unwrap());
        assert_eq!(update, Update::default());
    }

    #[test]
    fn assets_and_config_are_copied_and_rebuilt() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        write(dir.path(), "content/img.txt", "new asset");
        let update = built(engine.apply(&change("content/img.txt")).unwrap());
        assert_eq!(update.changed, ["img.txt"]);
        write(dir.path(), "content/img.txt", "asset");
        let update = built(engine.apply(&change("content/img.txt")).unwrap());
        assert_eq!(update.changed, ["img.txt"], "back to the first bytes");
        assert_eq!(engine.site().get("img.txt"), Some(&b"asset"[..]));
        write(dir.path(), "book.toml", "[book]\ntitle = \"New title\"\n");
        let everything = BTreeSet::from([Change::Everything]);
        let update = built(engine.apply(&everything).unwrap());
        assert!(update.changed.iter().any(|c| c == "ops/a.html"));
        assert_eq!(engine.site(), &full(dir.path()));
        write(dir.path(), "book.toml", "[book\n");
        assert!(matches!(
            engine.apply(&everything).unwrap(),
            Outcome::Failed(_)
        ));
        assert_eq!(
            engine
                .site()
                .page("ops/a.html")
                .map(|p| p.contains("New title")),
            Some(true)
        );
    }

    /// The diagnostics of a whole-book run now: a fresh engine's parse diagnostics,
    /// then `check::run` and `secrets::check` over everything.
    fn whole_book(root: &Path) -> Diagnostics {
        let (engine, _) = Engine::load(root).unwrap();
        let mut d = engine.parse_diagnostics();
        d.extend(check::run(&engine.config, &engine.book, &engine.sources));
        d.extend(crate::secrets::check(
            &engine.sources,
            &engine.config,
            &crate::base::cache::Cache::off(),
        ));
        d.sort();
        d
    }

    /// Writes `text` to `path`, applies it on the serve path and compares the engine's
    /// diagnostics with a whole-book run.
    fn edit_and_compare(engine: &mut Engine, root: &Path, path: &str, text: &str) -> Diagnostics {
        write(root, path, text);
        apply_early(engine, path);
        let full = whole_book(root);
        assert_eq!(engine.diagnostics(), &full, "after writing {path}:\n{text}");
        full
    }

    fn codes(d: &Diagnostics) -> Vec<Code> {
        d.iter().map(|d| d.code).collect()
    }

    #[test]
    fn incremental_link_checks_match_the_whole_book() {
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        let b = "content/ops/b.md";
        // Add a broken link, then one to a missing heading: only b.md is checked.
        let d = edit_and_compare(
            &mut engine,
            root,
            b,
            "# Beta\n\nSee [alpha](a.md) and [x](nope.md).\n\n- [ ] do b\n",
        );
        assert_eq!(codes(&d), [Code::BrokenLink]);
        let d = edit_and_compare(
            &mut engine,
            root,
            b,
            "# Beta\n\nmoved\n\nSee [alpha](a.md#phase-2).\n\n- [ ] do b\n",
        );
        assert_eq!(codes(&d), [Code::BrokenLink]);
        assert!(d.iter().all(|d| d.line == 5), "{d:?}");
        // Add the anchor in a.md: b.md's link resolves without b.md being edited.
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/a.md",
            "# Alpha\n\n## Phase 1\n\n- [ ] do a\n\n## Phase 2\n",
        );
        assert!(d.is_empty(), "{d:?}");
        // Remove it again: b.md's link breaks.
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/a.md",
            "# Alpha\n\n## Phase 1\n\n- [ ] do a\n",
        );
        assert_eq!(codes(&d), [Code::BrokenLink]);
        // Remove the link; then link to an asset that is deleted, then comes back.
        let d = edit_and_compare(
            &mut engine,
            root,
            b,
            "# Beta\n\nSee [img](../img.txt).\n\n- [ ] do b\n",
        );
        assert!(d.is_empty(), "{d:?}");
        std::fs::remove_file(root.join("content/img.txt")).unwrap();
        apply_early(&mut engine, "content/img.txt");
        assert_eq!(engine.diagnostics(), &whole_book(root));
        assert_eq!(codes(engine.diagnostics()), [Code::BrokenLink]);
        write(root, "content/img.txt", "asset");
        apply_early(&mut engine, "content/img.txt");
        assert_eq!(engine.diagnostics(), &whole_book(root));
        assert!(engine.diagnostics().is_empty());
    }

    #[test]
    fn incremental_item_id_checks_match_the_whole_book() {
        let dir = book();
        let root = dir.path();
        write(
            root,
            "content/ops/a.md",
            "# Alpha\n\n- [ ] do a {#keep-me}\n",
        );
        write(root, "state/staging.yaml", "keep-me:\n  done: true\n");
        let (mut engine, _) = Engine::load(root).unwrap();
        assert!(
            engine.diagnostics().is_empty(),
            "{:?}",
            engine.diagnostics()
        );
        // Rename the item: its state is orphaned.
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/a.md",
            "# Alpha\n\n- [ ] do a {#kept}\n",
        );
        assert_eq!(codes(&d), [Code::OrphanedState]);
        // A duplicate id, then lines move above it: the message names the new line.
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/c.md",
            "# Gamma\n\n- [ ] also {#kept}\n",
        );
        assert_eq!(codes(&d), [Code::DuplicateId, Code::OrphanedState]);
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/a.md",
            "# Alpha\n\nmore\n\ntext\n\n- [ ] do a {#kept}\n",
        );
        assert!(d.iter().any(|d| d.message.contains("a.md:7")), "{d:?}");
        // Give it back its id: no duplicate, no orphan.
        edit_and_compare(
            &mut engine,
            root,
            "content/ops/c.md",
            "# Gamma\n\n- [ ] also {#other}\n",
        );
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/a.md",
            "# Alpha\n\n- [ ] do a {#keep-me}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        // A state entry for an unknown id.
        write(
            root,
            "state/staging.yaml",
            "keep-me:\n  done: true\nghost:\n  done: true\n",
        );
        apply_early(&mut engine, "state/staging.yaml");
        assert_eq!(engine.diagnostics(), &whole_book(root));
        assert_eq!(codes(engine.diagnostics()), [Code::OrphanedState]);
    }

    #[test]
    fn incremental_secret_scan_matches_the_whole_book() {
        use crate::secrets::scan::tests::{UPPER32, fake};
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        let key = fake(&["AK", "IA"].concat(), UPPER32, 16, 77);
        let leaked = format!("# Gamma\n\naws_access_key_id = {key}\n");
        let d = edit_and_compare(&mut engine, root, "content/ops/c.md", &leaked);
        assert_eq!(codes(&d), [Code::SecretLeak]);
        // Another page is edited: the finding in c.md is kept from the cache.
        let d = edit_and_compare(
            &mut engine,
            root,
            "content/ops/b.md",
            "# Beta\n\nSee [alpha](a.md), again.\n\n- [ ] do b\n",
        );
        assert_eq!(codes(&d), [Code::SecretLeak]);
        // In a state file too; then both are removed.
        write(root, "state/staging.yaml", &format!("# {key}\n"));
        apply_early(&mut engine, "state/staging.yaml");
        assert_eq!(engine.diagnostics(), &whole_book(root));
        assert_eq!(codes(engine.diagnostics()).len(), 2);
        write(root, "state/staging.yaml", "");
        apply_early(&mut engine, "state/staging.yaml");
        let d = edit_and_compare(&mut engine, root, "content/ops/c.md", "# Gamma\n\nclean\n");
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn an_edit_replaces_only_its_files_diagnostics_in_the_sorted_list() {
        let dir = book();
        let root = dir.path();
        write(
            root,
            "book.toml",
            "[book]\ntitle = \"T\"\n[check]\nbroken-links = \"warn\"\n",
        );
        for (page, title) in [("a", "Alpha"), ("c", "Gamma")] {
            let text = format!("# {title}\n\n[x](nope-{page}.md) [y](#nowhere)\n");
            write(root, &format!("content/ops/{page}.md"), &text);
        }
        let (mut engine, _) = Engine::load(root).unwrap();
        assert_eq!(engine.diagnostics(), &whole_book(root));
        assert_eq!(engine.diagnostics().warning_count(), 4);
        // b.md, between a.md and c.md, gains warnings, changes them, loses them.
        let edits = [
            "# Beta\n\n[one](gone.md) and [two](a.md#no-such)\n\n- [ ] do b\n",
            "# Beta\n\n[one](gone-too.md)\n\n- [ ] do b\n",
            "# Beta\n\nprose only\n\n- [ ] do b\n",
        ];
        let mut counts = Vec::new();
        for text in edits {
            let d = edit_and_compare(&mut engine, root, "content/ops/b.md", text);
            counts.push(d.warning_count());
        }
        assert_eq!(counts, [6, 5, 4]);
    }

    #[test]
    fn kept_scans_and_link_maps_follow_secrets_yaml_assets_and_new_files() {
        use crate::secrets::scan::tests::{UPPER32, fake};
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        let key = fake(&["AK", "IA"].concat(), UPPER32, 16, 78);
        // secrets.yaml's diagnostics are kept until it changes, then made again.
        let bad = "- name: db\n  nonsense: 1\n";
        let d = edit_and_compare(&mut engine, root, "content/secrets.yaml", bad);
        assert!(!d.is_empty(), "a bad secrets.yaml is reported");
        edit_and_compare(&mut engine, root, "content/ops/c.md", "# Gamma\n\nmore\n");
        let good = "- name: db\n  description: the database\n";
        let d = edit_and_compare(&mut engine, root, "content/secrets.yaml", good);
        assert!(d.is_empty(), "{d:?}");
        // A link to an asset that does not exist yet, then the asset (with a leak).
        let linking = "# Gamma\n\nSee [notes](../notes.txt).\n";
        let d = edit_and_compare(&mut engine, root, "content/ops/c.md", linking);
        assert_eq!(codes(&d), [Code::BrokenLink]);
        let d = edit_and_compare(&mut engine, root, "content/notes.txt", &key);
        assert_eq!(codes(&d), [Code::SecretLeak]);
        // A new page with a leak, then the asset and the page go.
        let page = format!("# Delta\n\naws_access_key_id = {key}\n");
        let d = edit_and_compare(&mut engine, root, "content/ops/d.md", &page);
        assert_eq!(codes(&d), [Code::SecretLeak, Code::SecretLeak]);
        for gone in ["content/notes.txt", "content/ops/d.md"] {
            std::fs::remove_file(root.join(gone)).unwrap();
            apply_early(&mut engine, gone);
            assert_eq!(
                engine.diagnostics(),
                &whole_book(root),
                "after removing {gone}"
            );
        }
        assert_eq!(codes(engine.diagnostics()), [Code::BrokenLink]);
    }

    #[test]
    fn derived_files_wait_for_finish_derived_on_the_serve_path() {
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        assert!(!engine.derived_pending());
        write(root, "content/ops/c.md", "# Gamma\n\nzebracorn\n");
        let (early, _) = apply_early(&mut engine, "content/ops/c.md");
        assert_eq!(early.map(|u| u.changed), Some(vec!["ops/c.html".into()]));
        assert!(engine.derived_pending());
        let stale = |e: &Engine| {
            !e.site().files.iter().any(|(p, b)| {
                p.starts_with("search/") && String::from_utf8_lossy(b).contains("zebracorn")
            })
        };
        assert!(stale(&engine), "the search index is made later");
        let update = built(engine.finish_derived());
        assert!(!engine.derived_pending());
        assert!(update.changed.is_empty(), "{update:?}");
        assert!(update.silent.iter().any(|p| p.starts_with("search/")));
        assert!(!stale(&engine));
        assert_eq!(engine.site(), &full(root));
    }

    #[test]
    fn a_derived_job_made_before_a_change_is_dropped() {
        let dir = book();
        let root = dir.path();
        let (mut engine, _) = Engine::load(root).unwrap();
        assert!(
            engine.derived_job().is_none(),
            "nothing is due after a load"
        );
        write(root, "content/ops/c.md", "# Gamma\n\nzebracorn\n");
        apply_early(&mut engine, "content/ops/c.md");
        let old = engine.derived_job().expect("due after an early render");
        // A save while the job runs: its result no longer describes the book.
        write(root, "content/ops/c.md", "# Gamma\n\nunicorn\n");
        apply_early(&mut engine, "content/ops/c.md");
        assert!(engine.apply_derived(old.run()).is_none());
        assert!(engine.derived_pending(), "still due");
        let job = engine.derived_job().expect("due");
        let update = built(engine.apply_derived(job.run()).expect("current"));
        assert!(update.silent.iter().any(|p| p.starts_with("search/")));
        assert!(!engine.derived_pending());
        assert_eq!(engine.site(), &full(root));
    }

    #[test]
    fn a_state_change_renders_the_pages_holding_its_items() {
        let dir = book();
        let (mut engine, _) = Engine::load(dir.path()).unwrap();
        let id = engine
            .book()
            .pages
            .iter()
            .find(|p| p.id == "ops/a")
            .unwrap()
            .doc
            .items[0]
            .id
            .clone();
        write(
            dir.path(),
            "state/staging.yaml",
            &format!("{id}:\n  done: true\n"),
        );
        let update = built(engine.apply(&change("state/staging.yaml")).unwrap());
        // ops/a.html and the shared files are rendered; nothing else.
        assert_eq!(
            update.rendered,
            1 + render::SHARED_FILES.len(),
            "{update:?}"
        );
        assert_eq!(engine.site(), &full(dir.path()));
    }
}
