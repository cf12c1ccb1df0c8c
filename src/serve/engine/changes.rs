//! Applying changed paths: a folder or book.toml means a fresh `load`; a content or
//! state file is read again (skipped when its bytes did not change), then Markdown pages
//! that keep their url, id and order are re-parsed in place and anything else makes the
//! whole `Book` again (`book::assemble`). A Markdown file read again may link a hidden
//! file for the first time: it is read then too, as a build reads the linked ones at
//! its start; a change to a hidden file the book does not have is left alone. Decides
//! what the checks and renders must redo; runs neither itself.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use std::path::Path;

use crate::base::diag::{Code, Diagnostics};
use crate::base::path::RelPath;
use crate::model::NavNode;
use crate::model::{EnvState, Page};
use crate::parse::book::{self, FileKind, kind_of};
use crate::parse::state;
use crate::source::{SourceFile, find_file, find_index, hidden};

use super::publish::diff_sites;
use super::{Change, Early, Engine, Outcome, Update, ms};

impl Engine {
    pub(super) fn apply_inner(
        &mut self,
        changes: &BTreeSet<Change>,
        early: Option<Early<'_>>,
    ) -> anyhow::Result<Outcome> {
        self.check_inputs_same = !self.diagnostics.has_errors();
        if changes.contains(&Change::Everything)
            || self.has_folder_change(changes)
            || self.has_hugo_template_change(changes)
        {
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
        let mut runs_changed = false;
        for change in changes {
            match change {
                // A hidden file no page links to is not the book's (the watcher
                // hands on every hidden file: it cannot tell).
                Change::Content(path)
                    if !self.hashes.contains_key(path.as_str())
                        && path.as_str().split('/').any(hidden::is_hidden) => {}
                Change::Content(path) => {
                    if self.reread_content(path)? {
                        sort_change(path, &mut reparse, &mut assets);
                    }
                }
                Change::State(path) => states_changed |= self.reread_state(path)?,
                Change::Run(path) => runs_changed |= self.reread_run(path)?,
                Change::Everything => {}
            }
        }
        // A page edited to link a hidden file for the first time: it is read now, as
        // a build reads the linked ones at its start.
        for path in self.read_newly_linked_hidden(&reparse)? {
            sort_change(&path, &mut reparse, &mut assets);
        }
        if runs_changed {
            // Runs are few and cheap to read; the book is assembled again with them.
            self.reassemble();
            self.check_inputs_same = false;
        }
        if reparse.is_empty() && assets.is_empty() && !states_changed && !runs_changed {
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

    /// Whether a change names a Hugo site's content file that a build may leave out (a
    /// page written in HTML, a content adapter: `source::hugo_may_leave_out`). Then the
    /// sources are read again, so that it is left out as the first build left it out.
    fn has_hugo_template_change(&self, changes: &BTreeSet<Change>) -> bool {
        self.config.hugo.is_some()
            && changes.iter().any(
                |c| matches!(c, Change::Content(path) if crate::source::hugo_may_leave_out(path)),
            )
    }

    /// Reads `path` (below content/) into the sources again; false when its bytes did
    /// not change (an editor's extra event, or our own write).
    fn reread_content(&mut self, path: &RelPath) -> anyhow::Result<bool> {
        let bytes = read_if_file(&self.root.join(path.as_str()))?;
        let hash = bytes.as_deref().map(hash_bytes);
        let old = self.hashes.get(path.as_str()).copied();
        if hash == old && hash.is_some() {
            return Ok(false);
        }
        if hash.is_some() != old.is_some() {
            // A file that appears or goes: a link to it may now resolve, or break.
            self.checked.stale.all_links = true;
            self.checked.link_index = None;
        }
        match hash {
            Some(h) => self.hashes.insert(path.to_string(), h),
            None => self.hashes.remove(path.as_str()),
        };
        upsert(&mut self.sources.content, path, bytes);
        self.checked.stale.files.insert(path.clone());
        Ok(true)
    }

    /// The hidden files (`source::hidden`) that the Markdown files `edited` link to and
    /// the sources lack, read into them; their paths.
    fn read_newly_linked_hidden(&mut self, edited: &[RelPath]) -> anyhow::Result<Vec<RelPath>> {
        let dir = self.sources.content_dir().to_string();
        let mut found = Vec::new();
        for path in edited {
            let Some(file) = find_file(&self.sources.content, path) else {
                continue;
            };
            let bytes = self.sources.bytes_of(file).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let known = |p: &str| self.hashes.contains_key(p);
            found.extend(hidden::newly_linked(&self.root, &dir, (path, &text), known));
        }
        found.sort();
        found.dedup();
        let mut read = Vec::new();
        for path in found {
            if self.reread_content(&path)? {
                tracing::info!("read the hidden file {path}, which a page now links to");
                read.push(path);
            }
        }
        Ok(read)
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

    /// Reads a run file again; whether its bytes changed (a folder below `runs/` is read
    /// again whole).
    fn reread_run(&mut self, path: &RelPath) -> anyhow::Result<bool> {
        if self.root.join(path.as_str()).is_dir() || path.as_str() == crate::source::RUNS_DIR {
            let fresh = crate::source::scan(&self.root, &self.config)?.runs;
            let changed = fresh != self.sources.runs;
            self.sources.runs = fresh;
            return Ok(changed);
        }
        let bytes = read_if_file(&self.root.join(path.as_str()))?;
        let old = self
            .sources
            .runs
            .iter()
            .find(|f| &f.path == path)
            .map(|f| &f.bytes);
        if old == bytes.as_ref() {
            return Ok(false);
        }
        upsert(&mut self.sources.runs, path, bytes);
        Ok(true)
    }

    /// The whole of stage 3 again (and the per-file hashes and diagnostics).
    pub(super) fn reassemble(&mut self) {
        let mut diags = Diagnostics::new();
        // The pages' bodies wait in a scratch file of their own, as in a streamed build
        // (`model::body`); the last one goes when the last page that reads it does.
        let spill = crate::base::spill::Spill::create_in(&std::env::temp_dir())
            .map(std::sync::Arc::new)
            .inspect_err(|e| tracing::debug!("no scratch file ({e}): page bodies stay in memory"))
            .ok();
        self.book = book::assemble(
            &self.config,
            &self.sources,
            &mut diags,
            &crate::base::cache::Cache::off(),
            book::Streaming {
                spill: spill.as_ref(),
                items: false,
                parsed: None,
            },
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
            .map(|f| {
                let bytes = self.sources.bytes_of(f).unwrap_or_default();
                (f.path.to_string(), hash_bytes(&bytes))
            })
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

    /// Whether the secret scanner has anything to say about this content file: then the
    /// edit is checked before it is served, not after.
    fn may_leak(&self, path: &RelPath) -> bool {
        find_file(&self.sources.content, path)
            .and_then(|f| self.sources.bytes_of(f).ok())
            .is_some_and(|bytes| {
                std::str::from_utf8(&bytes)
                    .is_ok_and(|text| !crate::secrets::rules::scan_text(text).is_empty())
            })
    }

    /// Whether the book has pages of no file (`parse/generated_index.rs`), made from
    /// the other pages' titles and descriptions.
    fn has_made_pages(&self) -> bool {
        self.book
            .pages
            .iter()
            .any(|p| !self.hashes.contains_key(p.source.as_str()))
    }

    /// Re-parses Markdown files whose page keeps its url, id and order, replacing the
    /// page in the book. False (nothing changed) when any file needs `reassemble`.
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
            if hugo_section(&self.config, path) {
                return false; // its `cascade` may reach every page below it
            }
            let cascades = crate::parse::hugo_cascade::Cascades::read(&self.config, &self.sources);
            let includes = (&self.sources.includes, &cascades);
            let Some(page) = book::markdown_page(&self.config, file, includes, &mut diags) else {
                return false;
            };
            let old = &self.book.pages[index];
            if page.url != old.url || page.id != old.id || page.front.order != old.front.order {
                return false;
            }
            if self.has_made_pages() && !same_listing(old, &page) {
                return false; // a Docusaurus generated index may list it
            }
            // A Hugo site's taxonomy pages list pages by their terms, titles, weights
            // and dates (`parse::hugo_taxonomy`), and its `permalinks` make redirects
            // from dates, slugs and titles (`parse::redirects`): made again with the
            // book.
            let listed = self
                .config
                .hugo
                .as_ref()
                .is_some_and(|h| !h.taxonomies.is_empty() || h.permalinks.is_object());
            if listed && (page.front != old.front || page.title != old.title) {
                return false;
            }
            let bytes = self.sources.bytes_of(file).unwrap_or_default();
            replacements.push((index, page, diags, hash_bytes(&bytes)));
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
            if !old.doc.items.get().iter().map(|i| i.id()).eq(page
                .doc
                .items
                .get()
                .iter()
                .map(|i| i.id()))
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
    links(old) == links(new)
        && old.doc.anchors() == new.doc.anchors()
        && old.doc.items.ids() == new.doc.items.ids()
}

/// Puts a content file read again among the ones to parse again (`reparse`) or to
/// copy (`assets`), by its kind.
fn sort_change(path: &RelPath, reparse: &mut Vec<RelPath>, assets: &mut Vec<RelPath>) {
    match kind_of(path) {
        FileKind::Markdown => reparse.push(path.clone()),
        FileKind::Yaml => {
            // A checklist (or not), and a file copied as it is.
            reparse.push(path.clone());
            assets.push(path.clone());
        }
        FileKind::Asset => assets.push(path.clone()),
    }
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
pub(super) fn parse_states(files: &[SourceFile]) -> BTreeMap<String, EnvState> {
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

pub(super) fn hash_bytes(bytes: &[u8]) -> u128 {
    crate::base::hash::Fingerprint::new()
        .add_bytes(bytes)
        .digest()
}

/// Whether a generated index lists the page as it listed `old`: the same titles and
/// front-matter `description`.
fn same_listing(old: &Page, new: &Page) -> bool {
    old.title == new.title
        && old.front.sidebar_title == new.front.sidebar_title
        && old.front.extra.get("description") == new.front.extra.get("description")
}

/// Whether `path` is a Hugo site's section page (`_index.md`), whose `cascade` reaches
/// the pages below it: a change to it makes the whole book again.
fn hugo_section(config: &crate::config::Config, path: &RelPath) -> bool {
    config.hugo.is_some()
        && path
            .as_str()
            .rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with("_index."))
}
