//! Stage 2: a sorted walk of the book folder into `Sources` (bytes in memory):
//! book.toml, `content/`, the theme override folder, `state/`. Nothing is parsed here.
//! Also what comes from git: `git.rs` (the one git runner, with a safe environment),
//! `dates.rs` (last-updated dates), `versions.rs` (release tags' files from git
//! objects). Uses base/ and config/.

pub(crate) mod dates;
pub(crate) mod git;
pub(crate) mod hidden;
pub(crate) mod hugo_includes;
pub(crate) mod includes;
pub(crate) mod mounts;
pub mod statics;
mod tag_mounts;
pub mod versions;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::fsio;
use crate::base::path::RelPath;
use crate::config::Config;

/// One file of the book, as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative to the book root: `content/ops/deploy.md`.
    pub path: RelPath,
    pub bytes: Vec<u8>,
}

impl Sources {
    /// The bytes of `file`: its own, or read from disk when it is an unread page.
    pub(crate) fn bytes_of<'a>(&self, file: &'a SourceFile) -> std::io::Result<Cow<'a, [u8]>> {
        self.bytes_at(&file.path, &file.bytes)
    }

    /// [`Sources::bytes_of`] for a file known by its path and the bytes kept for it.
    pub(crate) fn bytes_at<'a>(
        &self,
        path: &RelPath,
        kept: &'a [u8],
    ) -> std::io::Result<Cow<'a, [u8]>> {
        match &self.unread {
            Some(root) if kept.is_empty() && is_unread_kind(path) => {
                Ok(Cow::Owned(std::fs::read(root.join(self.real_path(path)))?))
            }
            _ => Ok(Cow::Borrowed(kept)),
        }
    }

    /// The prefix of the pages' paths that is not part of their site paths, as
    /// `Config::content_prefix` gives it: an mdBook's `src`, else `content`.
    pub(crate) fn content_prefix(&self) -> &str {
        self.content_root.as_deref().unwrap_or("content")
    }

    /// The folder the runbooks are in, relative to the book root: `content`, or `""`
    /// when the book is a plain folder of runbooks with no `content/`.
    pub(crate) fn content_dir(&self) -> &str {
        if let Some(dir) = &self.content_root {
            return dir;
        }
        if self
            .content
            .iter()
            .all(|f| f.path.as_str().starts_with("content/"))
        {
            "content"
        } else {
            ""
        }
    }
}

/// Everything stage 3 needs, read from disk (or, for versions, from git objects).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Name of the book folder, the title when book.toml has none.
    pub root_name: String,
    /// Files under `content/`, sorted by path.
    pub content: Vec<SourceFile>,
    /// Files under `themes/<theme>/`, keyed by their path inside the theme
    /// (`templates/page.html`, `static/style.css`).
    pub theme: BTreeMap<String, Vec<u8>>,
    /// Files under the state folder, sorted by path.
    pub state: Vec<SourceFile>,
    /// Files under `runs/`, sorted by path (SPEC.md §11).
    pub runs: Vec<SourceFile>,
    /// book.toml, when the book has one: the leak scanner reads its values too.
    pub config_file: Option<SourceFile>,
    /// Last commit date (`YYYY-MM-DD`) per content file, from git (`gitdates.rs`).
    pub updated: BTreeMap<String, String>,
    /// An mdBook's chapters' folder (`src`) or a Docusaurus site's `docs`, when the book
    /// is one; `content_dir` says which folder the pages are in for every book.
    pub content_root: Option<String>,
    /// The files an mdBook's `{{#include}}` directives name (`includes.rs`).
    pub includes: includes::Includes,
    /// The files of a Docusaurus site's static folders, sorted by site path; those the
    /// pages name are read (`statics.rs`).
    pub statics: Vec<statics::StaticFile>,
    /// Set by [`scan_unread`]: the Markdown files of `content` were not read (their
    /// `bytes` are empty) and are read from this book root when needed, one at a time
    /// ([`Sources::bytes_of`]): a streamed build never holds every page's text.
    pub unread: Option<PathBuf>,
    /// A Hugo site's mounted content files (`mounts.rs`): each one's path in `content`
    /// → where it is, relative to the book root (`../sdkdocs/go/docs/client.md`).
    pub mounted: BTreeMap<String, String>,
    /// A Hugo site that lowercases its URLs (`disablePathToLower` not set): copied
    /// content files are published in lowercased folders, as Hugo publishes them.
    pub lower_folders: bool,
}

/// The folder of run files, below the book root.
pub const RUNS_DIR: &str = "runs";

/// Reads the book below `root` (book.toml is read by `config::load`); git's dates are
/// read at the same time.
pub(crate) fn scan(root: &Path, cfg: &Config) -> anyhow::Result<Sources> {
    scan_with(root, cfg, false)
}

/// [`scan`], but the Markdown pages of `content/` are only listed, not read (see
/// `Sources::unread`); a book whose pages include files (an mdBook, MkDocs with
/// snippets or macros, a Hugo site whose own shortcode shows a file) is read
/// whole (its includes are read with the pages).
pub(crate) fn scan_unread(root: &Path, cfg: &Config) -> anyhow::Result<Sources> {
    let shows_files = (cfg.hugo.as_ref()).is_some_and(|h| h.shows_files());
    scan_with(
        root,
        cfg,
        includes::Dialect::of(cfg).is_none() && !shows_files,
    )
}

fn scan_with(root: &Path, cfg: &Config, unread: bool) -> anyhow::Result<Sources> {
    let (updated, files) = rayon::join(
        || crate::source::dates::last_updated(root),
        || read_files(root, cfg, unread),
    );
    let mut sources = files?;
    sources.updated = updated;
    if unread {
        sources.unread = Some(root.to_path_buf());
    }
    Ok(sources)
}

/// The files `Sources::unread` leaves unread: Markdown.
fn is_unread_kind(path: &RelPath) -> bool {
    matches!(path.extension().as_deref(), Some("md" | "mdx" | "markdown"))
}

/// Whether a Hugo site's content file `f` is built or copied: not a content adapter
/// (`_content.gotmpl`, a Go template that makes pages), nor a page written in HTML (a
/// `.html` file that opens with front matter, as Docsy's home page `_index.html`),
/// which Hugo never publishes as they are and opsbook cannot build; each is named in
/// a warning.
fn hugo_builds(f: &SourceFile, prefix: &str) -> bool {
    if !hugo_may_leave_out(&f.path) {
        return true;
    }
    let name = f.path.as_str().rsplit('/').next().unwrap_or("");
    if name.ends_with(".gotmpl") {
        tracing::warn!(
            "{}: a Hugo content adapter, a Go template that makes pages: opsbook does not run it, so the pages it makes are not built",
            f.path
        );
        return false;
    }
    let front = [&b"---"[..], b"+++", b"{"]
        .iter()
        .any(|open| f.bytes.trim_ascii_start().starts_with(open));
    if front && f.path.as_str().starts_with(prefix) {
        tracing::warn!(
            "{}: a Hugo page written in HTML: opsbook builds Markdown pages, so it is left out; rename it to `{}.md` to build it (its HTML is kept, its shortcodes run)",
            f.path,
            name.rsplit_once('.').map_or(name, |(stem, _)| stem)
        );
        return false;
    }
    true
}

/// Whether a Hugo site's content file at `path` may be one [`hugo_builds`] leaves out
/// (a `.gotmpl`, `.html` or `.htm` file): `serve` reads the book again for a change
/// to one, so that the same files are left out as by a build.
pub(crate) fn hugo_may_leave_out(path: &RelPath) -> bool {
    let name = path.as_str().rsplit('/').next().unwrap_or("");
    [".gotmpl", ".html", ".htm"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Where GitHub keeps a repository's issue templates, release checklists among them:
/// their Markdown files are pages, though the folder is hidden (on the site under
/// `github/ISSUE_TEMPLATE/`: `parse::book::site_rel`).
pub(crate) const ISSUE_TEMPLATES: &str = ".github/ISSUE_TEMPLATE";

/// Everything of [`scan`] but the dates; with `unread`, the Markdown files of the
/// content are listed with no bytes.
fn read_files(root: &Path, cfg: &Config, unread: bool) -> anyhow::Result<Sources> {
    let root_name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "book".into());
    let content_dir = root.join(cfg.content_prefix());
    refuse_broken_link(&content_dir)?;
    let skip_read = |p: &RelPath| unread && is_unread_kind(p);
    let mut mounted = BTreeMap::new();
    let content = if let Some((files, origin)) = mounts::content(root, cfg, &skip_read)? {
        mounted = origin;
        files
    } else if content_dir.is_dir() && content_dir != root {
        let (mut files, hidden) = walk_noting_hidden(root, &content_dir, &skip_read)?;
        with_issue_templates(root, &content_dir, &mut files, &skip_read)?;
        if hidden {
            with_linked_hidden(root, cfg.content_prefix(), &mut files)?;
        }
        files
    } else {
        // A plain folder of runbooks: the folder itself is the content, less the
        // folders opsbook or the tools around it own.
        let skip = [
            cfg.site.output.as_str(),
            cfg.state.dir.as_str(),
            RUNS_DIR,
            "themes",
            "target",
            "node_modules",
        ];
        let (files, hidden) = walk_noting_hidden(root, root, &skip_read)?;
        let mut files: Vec<SourceFile> = files
            .into_iter()
            .filter(|f| {
                let first = f.path.as_str().split('/').next().unwrap_or("");
                !(f.path.as_str().contains('/') && skip.contains(&first))
                    && f.path.as_str() != "book.toml"
            })
            .collect();
        with_issue_templates(root, root, &mut files, &skip_read)?;
        if hidden {
            with_linked_hidden(root, "", &mut files)?;
        }
        files
    };
    let mut content = content;
    // A Docusaurus site's other docs instances: their folders' files, after the docs'.
    for instance in cfg.docusaurus.iter().flat_map(|d| &d.instances) {
        let dir = root.join(&instance.docs_dir);
        if dir.starts_with(&content_dir) || content_dir.starts_with(&dir) {
            tracing::warn!(
                "{}: the docs plugin `{}` shares its folder with the docs; its pages are the docs'",
                instance.docs_dir,
                instance.id
            );
            continue;
        }
        content.extend(walk_noting_hidden(root, &dir, &skip_read)?.0);
    }
    if let Some(mk) = &cfg.mkdocs {
        content.retain(|f| {
            let rel = crate::base::path::below(f.path.as_str(), &mk.docs_dir);
            let why = if rel.starts_with(ISSUE_TEMPLATES) {
                None
            } else {
                mk.excluded(rel)
            };
            if let Some(key) = why {
                tracing::info!("{}: left out of the site by `{key}` of mkdocs.yml", f.path);
            }
            why.is_none()
        });
    }
    if cfg.hugo.is_some() {
        content.retain(|f| hugo_builds(f, cfg.content_prefix()));
    }
    let mut includes = match includes::Dialect::of(cfg) {
        Some(dialect) => includes::read(root, &markdown_texts(&content), dialect),
        None => includes::Includes::default(),
    };
    // Only a site whose own shortcodes show files has its pages' texts copied out.
    if let Some(hugo) = cfg.hugo.as_ref().filter(|h| h.shows_files()) {
        hugo_includes::read(root, hugo, &markdown_texts(&content), &mut includes);
    }
    // Hugo sites and MkDocs books with `use_directory_urls` read links from a page's URL
    // (`parse::markdown::links::hugo_url`), against these lists.
    let url_links = cfg.mkdocs.as_ref().is_some_and(|m| m.use_directory_urls);
    if cfg.hugo.is_some() || url_links {
        let (pages, files): (Vec<&SourceFile>, Vec<&SourceFile>) =
            content.iter().partition(|f| is_unread_kind(&f.path));
        includes.pages = pages.iter().map(|f| f.path.to_string()).collect();
        includes.hugo_files = files.iter().map(|f| f.path.to_string()).collect();
    }
    let statics = match (&cfg.docusaurus, &cfg.hugo) {
        (Some(site), _) => {
            let dirs: Vec<statics::StaticDir> = (site.static_dirs.iter())
                .map(|d| statics::StaticDir::whole(d))
                .collect();
            statics::linked(root, &dirs, &content, !site.shared_statics, &mounted)?
        }
        (None, Some(hugo)) => {
            let dirs: Vec<statics::StaticDir> = (hugo.static_dirs().into_iter())
                .map(|m| statics::StaticDir {
                    filter: m.filter(),
                    dir: m.dir,
                    under: m.under,
                })
                .collect();
            statics::linked(root, &dirs, &content, true, &mounted)?
        }
        (None, None) => Vec::new(),
    };
    let state = walk(root, &root.join(&cfg.state.dir))?;
    let runs = walk(root, &root.join(RUNS_DIR))?;
    let theme_dir = root.join("themes").join(&cfg.site.theme);
    let theme = walk(root, &theme_dir)?
        .into_iter()
        .filter_map(|f| {
            let rel = RelPath::from_path(&theme_dir, &root.join(f.path.as_str()))?;
            Some((rel.as_str().to_string(), f.bytes))
        })
        .collect();
    let config_path = root.join(crate::config::FILE_NAME);
    let config_file = match std::fs::read(&config_path) {
        Ok(bytes) => Some(SourceFile {
            path: RelPath::new(crate::config::FILE_NAME),
            bytes,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("failed to read {}", config_path.display()))
            );
        }
    };
    Ok(Sources {
        root_name,
        content,
        theme,
        state,
        runs,
        config_file,
        updated: BTreeMap::new(),
        content_root: cfg.content_root().map(str::to_string),
        includes,
        statics,
        unread: None,
        mounted,
        lower_folders: cfg.hugo_lowers_paths(),
    })
}

/// `(path, text)` of the Markdown files among `files` (the lexer skips quickly those
/// without a directive).
fn markdown_texts(files: &[SourceFile]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|f| f.path.as_str().ends_with(".md"))
        .filter_map(|f| {
            let text = std::str::from_utf8(&f.bytes).ok()?;
            Some((f.path.to_string(), text.to_string()))
        })
        .collect()
}

/// A `content` that is a symbolic link leading nowhere (dangling, or a loop) is an
/// error: read as "no content folder", it would build the book folder itself and
/// replace the last good site with a near-empty one.
fn refuse_broken_link(dir: &Path) -> anyhow::Result<()> {
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Err(e) = std::fs::metadata(dir) {
        let target = std::fs::read_link(dir)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        anyhow::bail!(
            "{} is a symbolic link to {target}, which cannot be read ({e})\n  \
             hint: point the link at the folder of runbooks, or replace it with that folder",
            dir.display()
        );
    }
    Ok(())
}

/// Adds the Markdown issue templates (`ISSUE_TEMPLATES`) of the content folder `dir`
/// (the book root for a plain folder) to its `files`, where the sorted walk would have
/// put them had `.github` not been hidden; said under `-v`. Issue forms (YAML) and the
/// rest of `.github` stay out.
fn with_issue_templates(
    root: &Path,
    dir: &Path,
    files: &mut Vec<SourceFile>,
    skip_read: &(dyn Fn(&RelPath) -> bool + Sync),
) -> anyhow::Result<()> {
    let templates: Vec<SourceFile> = walk_with(root, &dir.join(ISSUE_TEMPLATES), skip_read)?
        .into_iter()
        .filter(|f| {
            matches!(
                f.path.extension().as_deref(),
                Some("md" | "mdx" | "markdown")
            )
        })
        .collect();
    if templates.is_empty() {
        return Ok(());
    }
    tracing::info!(
        "{ISSUE_TEMPLATES}: {} issue templates read as runbooks",
        templates.len()
    );
    let depth = RelPath::from_path(root, dir).map_or(0, |d| {
        d.as_str().split('/').filter(|s| !s.is_empty()).count()
    });
    let at = files
        .iter()
        .position(|f| f.path.as_str().split('/').nth(depth).unwrap_or("") > ".github")
        .unwrap_or(files.len());
    files.splice(at..at, templates);
    Ok(())
}

/// Adds to `files` (the content files below `dir`) the hidden files they link to
/// (`hidden.rs`), each where the sorted walk would have put it; said under `-v`.
fn with_linked_hidden(root: &Path, dir: &str, files: &mut Vec<SourceFile>) -> anyhow::Result<()> {
    let found = hidden::linked(root, dir, files)?;
    if found.is_empty() {
        return Ok(());
    }
    tracing::info!(
        "read {} hidden file(s) that pages link to (published without the dot): {}",
        found.len(),
        found
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for file in found {
        let at = files
            .iter()
            .position(|f| f.path.as_str() > file.path.as_str())
            .unwrap_or(files.len());
        files.insert(at, file);
    }
    Ok(())
}

/// All files below `dir` (none if it does not exist), sorted, skipping hidden files
/// and folders (`.git`, `.DS_Store`, editor temp files).
fn walk(root: &Path, dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    walk_with(root, dir, &|_| false)
}

/// [`walk`], the files `skip_read` names listed with no bytes.
fn walk_with(
    root: &Path,
    dir: &Path,
    skip_read: &(dyn Fn(&RelPath) -> bool + Sync),
) -> anyhow::Result<Vec<SourceFile>> {
    Ok(walk_noting_hidden(root, dir, skip_read)?.0)
}

/// [`walk_with`], and whether it skipped a hidden name other than `.git` (then a page
/// may link to a hidden file: `hidden.rs`).
fn walk_noting_hidden(
    root: &Path,
    dir: &Path,
    skip_read: &(dyn Fn(&RelPath) -> bool + Sync),
) -> anyhow::Result<(Vec<SourceFile>, bool)> {
    if !dir.is_dir() {
        return Ok((Vec::new(), false));
    }
    let mut found = Vec::new();
    let mut hidden = false;
    let entries = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_str().unwrap_or("");
            let skip = e.depth() > 0 && is_hidden_or_temp(name);
            hidden |= skip && name.starts_with('.') && name != ".git";
            !skip
        });
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to walk {}", dir.display()))?;
        if entry.file_type().is_symlink() {
            skipped_link(root, entry.path());
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(path) = RelPath::from_path(root, entry.path()) else {
            tracing::warn!("skipping {}: its name is not UTF-8", entry.path().display());
            continue;
        };
        found.push((path, entry.into_path()));
    }
    // The walk is sorted and serial; the reads (10,000 files in a large book) are not.
    let files = found
        .into_par_iter()
        .map(|(path, full)| {
            let bytes = if skip_read(&path) {
                Vec::new()
            } else {
                fsio::read(&full)?
            };
            Ok(SourceFile { path, bytes })
        })
        .collect::<anyhow::Result<Vec<SourceFile>>>()?;
    Ok((files, hidden))
}

/// Symbolic links inside the book are not followed: said under `-v`, and a warning
/// when the link leads outside the book folder.
fn skipped_link(root: &Path, link: &Path) {
    let inside = match (std::fs::canonicalize(link), std::fs::canonicalize(root)) {
        (Ok(target), Ok(root)) => target.starts_with(root),
        _ => true,
    };
    if inside {
        tracing::debug!(
            "skipping {}: symbolic links are not followed",
            link.display()
        );
    } else {
        tracing::warn!(
            "skipping {}: it is a symbolic link that leads outside the book folder",
            link.display()
        );
    }
}

/// Where `path` is in `files` (a list as [`scan`] makes it), or where a binary search
/// would insert it. A binary search, then a scan: the walk sorts by file name per
/// folder, which is not always the order of whole paths (`a/x.md` comes before
/// `a-b/x.md`).
pub(crate) fn find_index(files: &[SourceFile], path: &RelPath) -> Result<usize, usize> {
    match files.binary_search_by(|f| f.path.as_str().cmp(path.as_str())) {
        Ok(i) => Ok(i),
        Err(i) => files.iter().position(|f| &f.path == path).ok_or(i),
    }
}

/// The file at `path` of a list as [`scan`] makes it (see [`find_index`]).
pub(crate) fn find_file<'a>(files: &'a [SourceFile], path: &RelPath) -> Option<&'a SourceFile> {
    find_index(files, path).ok().and_then(|i| files.get(i))
}

/// Hidden files, and the temp files editors leave while saving ([`is_temp`]).
pub(crate) fn is_hidden_or_temp(name: &str) -> bool {
    name.starts_with('.') || is_temp(name)
}

/// The temp files editors leave while saving (`foo.md~`, `.#foo.md`, `foo.md.swp`,
/// `4913`) and opsbook's own (`.opsbook-…`).
pub(crate) fn is_temp(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with(".opsbook-")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// The state file of environment `env` in `state_dir` (a path below the book root, e.g.
/// `state`): `<env>.yml` when that file exists, else `<env>.yaml`. Every writer of
/// state asks here, so an environment has one file whichever extension it has.
pub(crate) fn state_file(root: &Path, state_dir: &str, env: &str) -> RelPath {
    let dir = state_dir.trim_end_matches('/');
    let yml = RelPath::new(format!("{dir}/{env}.yml"));
    if root.join(yml.as_str()).is_file() {
        yml
    } else {
        RelPath::new(format!("{dir}/{env}.yaml"))
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// In-memory sources of a book named `book`: `(path, text)` content files.
    pub(crate) fn sources(files: &[(&str, &str)]) -> Sources {
        Sources {
            root_name: "book".into(),
            content: files
                .iter()
                .map(|(p, t)| SourceFile {
                    path: RelPath::new(*p),
                    bytes: t.as_bytes().to_vec(),
                })
                .collect(),
            ..Sources::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_files_in_walk_order_that_is_not_path_order() {
        let dir = tempfile::tempdir().unwrap();
        for p in ["content/a/x.md", "content/a-b/x.md", "content/b.md"] {
            let full = dir.path().join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, p).unwrap();
        }
        let src = scan(dir.path(), &Config::default()).unwrap();
        for p in ["content/a/x.md", "content/a-b/x.md", "content/b.md"] {
            let found = find_file(&src.content, &RelPath::new(p)).unwrap();
            assert_eq!(found.bytes, p.as_bytes());
        }
        assert!(find_file(&src.content, &RelPath::new("content/c.md")).is_none());
    }

    #[test]
    fn walks_sorted_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "content/b.md",
            "content/a/z.md",
            "content/a/.hidden.md",
            "content/.git/x",
            "content/c.md~",
        ] {
            let full = root.join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, "x").unwrap();
        }
        let src = scan(root, &Config::default()).unwrap();
        let paths: Vec<_> = src.content.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["content/a/z.md", "content/b.md"]);
        assert_eq!(src.content_dir(), "content");
    }

    #[test]
    fn a_folder_without_content_is_its_own_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "a.md",
            "ops/b.md",
            "site/index.html",
            "state/production.yaml",
            "themes/default/x.css",
            "book.toml",
        ] {
            let full = root.join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, "x").unwrap();
        }
        let src = scan(root, &Config::default()).unwrap();
        let paths: Vec<_> = src.content.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "ops/b.md"]);
        assert_eq!(src.content_dir(), "");
    }
}
