//! The files made from every page (search index, sitemap, robots.txt, .nojekyll, the
//! secret inventory pages): due after a render, made at once by `load` and `apply`, or
//! later on another thread through a `DerivedJob` snapshot under `serve`, and merged
//! into the site only from a good book and when no change came since the snapshot.

use std::sync::Arc;

use crate::base::diag::Diagnostics;
use crate::config::Config;
use crate::model::Book;
use crate::render::site::Site;
use crate::render::theme::Theme;
use crate::source::Sources;

use super::{Engine, Outcome, Update};

impl Engine {
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
            // A content page below runs/ is a page, not a run's.
            .filter(|p| !self.book.pages.iter().any(|page| &page.url == *p))
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
            if (path.starts_with("secrets/") || path.starts_with("runs/"))
                && path.ends_with(".html")
            {
                update.changed.push(path.clone());
            } else {
                update.silent.push(path.clone());
            }
            self.site.insert_shared(path, bytes);
        }
        Outcome::Built(update)
    }

    /// `outcome`, then `finish_derived` merged into it when it built.
    pub(super) fn finish_derived_after(&mut self, outcome: Outcome) -> Outcome {
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
}

/// Files `finish_derived` makes: a path of the site that no page render writes.
fn is_derived(path: &str) -> bool {
    path.starts_with("search/")
        || path.starts_with("runs/")
        || path == "static/runs.css"
        || path == crate::render::diagrams::SCRIPT
        || path.starts_with("secrets/")
        || matches!(path, ".nojekyll" | "robots.txt" | "sitemap.xml")
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
