//! Stage 4 for the engine: the last checks' diagnostics (`Checked`), what is stale since
//! (`Stale`), and rerunning only that, so the result equals `check::run` +
//! `secrets::check` on the whole book; then the engine's sorted `diagnostics`, remade
//! only for the edited files' paths when it can. Reads no files and renders nothing.

use std::collections::BTreeSet;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::check;
use crate::secrets::scan::ScanCache;

use super::changes::hash_bytes;
use super::{Engine, ms};

/// The last checks' diagnostics, and what changed in the book since they ran.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// Link diagnostics of every page (`check::links`).
    pub(super) links: Vec<Diagnostic>,
    /// Duplicate-id and orphaned-state diagnostics (`check::item_ids`).
    pub(super) ids: Vec<Diagnostic>,
    /// The leak scan, per file.
    pub(super) secrets: ScanCache,
    /// The diagnostics of `content/secrets.yaml` (`secrets::check_cached`).
    pub(super) declared: Option<Vec<Diagnostic>>,
    /// The link checks' lookup maps over every page and file; `None` when the files
    /// or the pages' paths and urls changed since they were made.
    pub(super) link_index: Option<check::LinkIndex>,
    pub(super) stale: Stale,
}

/// What the next `run_checks` must compute again; everything at first.
#[derive(Debug)]
pub(super) struct Stale {
    /// Every page's links (the files, pages or anchors changed).
    pub(super) all_links: bool,
    /// These pages' links (edited in place).
    pub(super) pages: BTreeSet<usize>,
    /// Duplicate item ids and orphaned state.
    pub(super) ids: bool,
    /// Content and state files whose bytes changed: scanned for leaks again.
    pub(super) files: BTreeSet<RelPath>,
}

impl Stale {
    pub(super) fn everything() -> Stale {
        Stale {
            all_links: true,
            pages: BTreeSet::new(),
            ids: true,
            files: BTreeSet::new(),
        }
    }

    pub(super) fn nothing() -> Stale {
        Stale {
            all_links: false,
            pages: BTreeSet::new(),
            ids: false,
            files: BTreeSet::new(),
        }
    }

    /// Every check is due again (the files named for the leak scan stay named).
    pub(super) fn mark_all(&mut self) {
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

impl Engine {
    /// What the checks must look at again when page `index` becomes `new`: its links;
    /// every page's links when its anchors changed; the item-id checks when its ids
    /// or their environments changed (or moved while the book has a duplicate id, whose message names lines).
    pub(super) fn mark_checks_stale(&mut self, index: usize, new: &crate::model::Page) {
        let old = &self.book.pages[index];
        let stale = &mut self.checked.stale;
        stale.pages.insert(index);
        if old.doc.anchors() != new.doc.anchors() {
            stale.all_links = true;
        }
        // An item's environments too: state for an item that does not apply is reported.
        let ids = |p: &crate::model::Page| -> Vec<(String, Vec<String>)> {
            p.doc
                .items
                .get()
                .iter()
                .map(|i| (i.id().to_string(), i.scope(&p.front.environments).to_vec()))
                .collect()
        };
        let places = |p: &crate::model::Page| -> Vec<(u32, u32)> {
            p.doc.items.get().iter().map(|i| (i.line, i.col)).collect()
        };
        let moved_with_duplicates = places(old) != places(new)
            && self.checked.ids.iter().any(|d| d.code == Code::DuplicateId);
        if ids(old) != ids(new) || moved_with_duplicates {
            stale.ids = true;
        }
    }

    pub(super) fn has_structure_diag(&self, path: &RelPath) -> bool {
        self.structure_diags.iter().any(|d| &d.path == path)
    }

    /// Whether `parse_diagnostics` has an error (without copying them).
    pub(super) fn has_parse_errors(&self) -> bool {
        self.config_diags.has_errors()
            || self.file_diags.values().flatten().any(Diagnostic::is_error)
            || self.structure_diags.iter().any(Diagnostic::is_error)
            || self.theme.as_ref().is_err_and(Diagnostics::has_errors)
    }

    /// Every diagnostic but the whole-book checks'.
    pub(super) fn parse_diagnostics(&self) -> Diagnostics {
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
    pub(super) fn check_and_merge(&mut self) {
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
                crate::secrets::scan::redact(&mut all);
                crate::source::mounts::name_real_files(&self.sources, &mut all);
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
        crate::secrets::scan::redact(&mut found);
        found.sort();
        found
    }

    /// Adds render or derived-file errors to `diagnostics` (the next check makes all of
    /// them again).
    pub(super) fn add_diagnostics(&mut self, mut d: Diagnostics) {
        crate::secrets::scan::redact(&mut d);
        self.diagnostics.extend(d);
        self.diagnostics.sort();
        self.diagnostics_exact = false;
    }
}
