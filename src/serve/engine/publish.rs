//! Stage 5 for the engine: renders the pages and shared files whose key changed into the
//! kept site, removes pages that went, copies changed assets, and orders stage 4 and 5
//! (`finish`, or `finish_early` to serve first). Never makes the derived files (that is
//! `derived.rs`) and never reads the disk.

use std::collections::{BTreeSet, HashMap};

use crate::base::diag::Diagnostics;
use crate::base::path::RelPath;
use crate::parse::book::{copied_site_path, is_copied};
use crate::parse::highlight;
use crate::render;
use crate::render::PageResult;
use crate::render::site::Site;
use crate::render::theme::Theme;
use crate::source::find_file;

use super::keys::{full_keys, shared_key, update_keys};
use super::{Early, Engine, Outcome, Update, ms};

/// Where each page was rendered from, at the last good render.
#[derive(Debug, Default)]
pub(super) struct Rendered {
    pub(super) page_keys: HashMap<String, u128>,
    pub(super) shared_key: Option<u128>,
}

impl Engine {
    /// Stage 5 first, handed to `early`, then stage 4; see `apply_early`.
    pub(super) fn finish_early(&mut self, early: Early<'_>) -> Outcome {
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
    pub(super) fn finish(&mut self) -> Outcome {
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
                let before: Vec<u128> = t.iter().map(|&i| self.keys.summary[i]).collect();
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

    /// The static files and content assets (and a Docusaurus site's static files the
    /// pages name), on the first render.
    fn insert_statics(&mut self, statics: Vec<(String, Vec<u8>)>, update: &mut Update) {
        for (path, bytes) in statics {
            update.changed.push(path.clone());
            self.site.insert(path, bytes);
        }
        for file in &self.sources.content {
            if is_copied(&file.path) {
                let path = copied_site_path(
                    &file.path,
                    self.sources.content_prefix(),
                    self.sources.lower_folders,
                );
                update.changed.push(path.clone());
                self.site.insert(path, file.bytes.clone());
            }
        }
        // A Docusaurus site's static files the pages named when serve started.
        for file in self.sources.published_statics() {
            update.changed.push(file.site.clone());
            self.site.insert(file.site.clone(), file.file.bytes.clone());
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

    pub(super) fn copy_changed_assets(&mut self, assets: &[RelPath], update: &mut Update) {
        for path in assets {
            let site_path = copied_site_path(
                path,
                self.sources.content_prefix(),
                self.sources.lower_folders,
            );
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

/// `static/…` files of the theme plus the highlight palette.
fn theme_statics(theme: &Theme) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(
        "static/highlight.css".to_string(),
        highlight::palette_css().into(),
    )];
    for (name, bytes) in theme.statics() {
        // Written with the run pages (a derived file), only when the book has runs.
        if name != render::runs::RUNS_STYLE {
            out.push((format!("static/{name}"), bytes.clone()));
        }
    }
    out
}

/// What changed between two sites, path by path.
pub(super) fn diff_sites(old: &Site, new: &Site) -> Update {
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
