//! MkDocs' `mkdocs.yml` (or `mkdocs.yaml`) read in place: a book root with one is an
//! MkDocs book. Kept: `docs_dir` (the pages' folder, default `docs`), `site_name` and
//! `site_description` (the book's title and description), `repo_url` + `edit_uri` (the
//! edit link, when it can be said as `[site] edit-url`), `nav` (the sidebar, as plain
//! entries with their places; `parse/mkdocs_nav.rs` finds their pages), and what
//! `mkdocs_ext.rs` reads of `markdown_extensions`, `plugins`, `extra`, `not_in_nav`,
//! `exclude_docs` and `draft_docs`. `INHERIT` reads a parent file and merges it under
//! this one, as MkDocs does. Every other key (`theme`, `copyright`, …) is named in a
//! one-line note for `-v`, never an error; a tagged value (`!ENV`, `!!python/name:…`)
//! is read as "not a plain value", so it never makes the file unreadable. One
//! serde-saphyr pass a file. Pure but for `load`: text in, values and diagnostics out.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};
use serde_saphyr::{Location, MessageFormatter as _, Spanned, Tagged};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::base::pathspec::PathSpec;

use super::Config;
use super::mkdocs_ext as ext;

/// The names MkDocs looks for at the book root, in its order.
pub(crate) const FILE_NAMES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// The pages' folder when `docs_dir` is not set.
pub(crate) const DEFAULT_DOCS_DIR: &str = "docs";

/// What opsbook keeps of an MkDocs book's config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MkDocs {
    /// `mkdocs.yml` or `mkdocs.yaml`, relative to the book root.
    pub(crate) file: RelPath,
    /// Its text, to show the line of a problem found later (a nav entry's missing file).
    pub(crate) text: String,
    /// The pages' folder, relative to the book root (`""` for `.`).
    pub(crate) docs_dir: String,
    pub(crate) site_name: Option<String>,
    pub(crate) site_description: Option<String>,
    /// `repo_url` + `edit_uri` as an `[site] edit-url` (`{path}` at the end), when the
    /// page's path from the book root completes it.
    pub(crate) edit_url: Option<String>,
    /// `nav` as written; `None` without the key (the folders make the sidebar).
    pub(crate) nav: Option<Vec<NavItem>>,
    /// One line per key opsbook does not use, `mkdocs.yml:3:1: …`, for `-v`.
    pub(crate) unused: Vec<String>,
    /// `pymdownx.snippets` of `markdown_extensions`, when it is there.
    pub(crate) snippets: Option<ext::Snippets>,
    /// The `macros` plugin (mkdocs-macros), when `plugins` has it and keeps Jinja's
    /// markers.
    pub(crate) macros: Option<ext::Macros>,
    /// The start markers the macros plugin sets instead of Jinja's (`j2_*_start_string`:
    /// `[[`, `[[%`): opsbook runs none of that Jinja, and says so where a page uses them.
    pub(crate) macros_markers: Vec<String>,
    /// `markdown_include.include` of `markdown_extensions`, when it is there.
    pub(crate) md_include: Option<ext::MdInclude>,
    /// `use_directory_urls` (MkDocs' default: true): a page is at `page/`, so a link
    /// that is not to a file (`../other/`, `../other#x`) reads from there.
    pub(crate) use_directory_urls: bool,
    /// The function `toc`'s `slugify` names: the ids MkDocs gives headings.
    pub(crate) toc_slug: ext::TocSlug,
    /// The literate-nav plugin, when `plugins` has it: a folder's nav file.
    pub(crate) literate_nav: Option<ext::LiterateNav>,
    /// `plugins` lists `gen-files`: pages it writes while MkDocs builds (a
    /// `reference/` folder) are not on disk, so a nav entry naming them is a warning.
    pub(crate) gen_files: bool,
    /// `markdown_extensions` lists `attr_list`: inline attribute lists are read.
    pub(crate) attr_list: bool,
    /// `markdown_extensions` lists `pymdownx.superfences`: an attribute list right
    /// after a fenced code block is read (`parse/markdown/attr_list.rs`).
    pub(crate) superfences: bool,
    /// pymdown-extensions' `mark`, `caret` and `keys` that `markdown_extensions` lists.
    pub(crate) marks: crate::config::mkdocs_ext::InlineMarks,
    /// The awesome-nav plugin's folder files, when it is on (read by `load`).
    pub(crate) awesome_nav: Option<super::mkdocs_awesome::AwesomeNav>,
    /// `not_in_nav`: pages built without a "not in the nav" note.
    pub(crate) not_in_nav: PathSpec,
    /// `exclude_docs`: files below `docs_dir` that are not published (MkDocs' own
    /// `.*` and `/templates/` are always left out too).
    pub(crate) exclude_docs: PathSpec,
    /// The `exclude` plugin's patterns: files it leaves out of the site.
    pub(crate) exclude_plugin: ext::Exclude,
    /// `draft_docs`: pages `mkdocs build` leaves out.
    pub(crate) draft_docs: PathSpec,
    /// The parent configs `INHERIT` named, nearest first (`serve` watches them).
    pub(crate) inherited: Vec<RelPath>,
}

impl MkDocs {
    /// The key that leaves the file `rel` (from `docs_dir`) out of the site:
    /// `exclude_docs` (with MkDocs' own `.*` and `/templates/`) or `draft_docs`.
    pub(crate) fn excluded(&self, rel: &str) -> Option<&'static str> {
        let own = rel.starts_with("templates/") || rel.split('/').any(|p| p.starts_with('.'));
        if own || self.exclude_docs.matches(rel) {
            Some("exclude_docs")
        } else if self.draft_docs.matches(rel) {
            Some("draft_docs")
        } else if self.exclude_plugin.matches(rel) {
            Some("plugins: exclude")
        } else {
            None
        }
    }
}

/// One entry of `nav`, with the 1-based place of what it names in mkdocs.yml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NavItem {
    /// `Title:` when the entry names one; `None` for a bare `- file.md`.
    pub(crate) title: Option<String>,
    pub(crate) target: NavTarget,
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// What a nav entry points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NavTarget {
    /// A file below `docs_dir`, as written (`ops/deploy.md`).
    File(String),
    /// A link shown as it is: `https://…`, `mailto:…` or a path from the site root.
    Link(String),
    /// `Section: [ … ]`.
    Section(Vec<NavItem>),
}

/// Reads `<root>/mkdocs.yml` (or `.yaml`) when there is one and book.toml is not an
/// mdBook's, and fills `cfg` from it: book.toml's own `title`, `description` and
/// `edit-url` win over `site_name`, `site_description` and `edit_uri`. An `INHERIT`ed
/// parent is read from its path relative to the file that names it.
pub(crate) fn load(root: &Path, cfg: &mut Config, diags: &mut Diagnostics) -> anyhow::Result<()> {
    let Some(name) = FILE_NAMES.into_iter().find(|n| root.join(n).is_file()) else {
        return Ok(());
    };
    if cfg.mdbook.is_some() {
        tracing::info!(
            "{name}: the book is an mdBook (book.toml has `[book] src` or src/SUMMARY.md); {name} is not read"
        );
        return Ok(());
    }
    let path = RelPath::new(name);
    let text = match fsio::decode_text(&path, fsio::read(&root.join(name))?) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return Ok(());
        }
    };
    let mut read_parent = |rel: &RelPath| -> Option<String> {
        let bytes = std::fs::read(root.join(rel.as_str())).ok()?;
        String::from_utf8(bytes).ok()
    };
    let mut mk = parse_inherited(&text, &path, &mut read_parent, diags);
    if let Some(awesome) = mk.awesome_nav.as_mut() {
        super::mkdocs_awesome::read(root, &mk.docs_dir, awesome, diags);
    }
    for note in &mk.unused {
        tracing::info!("{note}");
    }
    if !root.join(&mk.docs_dir).is_dir() {
        diags.push(
            Diagnostic::error(
                Code::Config,
                path.clone(),
                format!("the pages' folder `{}` does not exist", mk.docs_dir),
            )
            .with_hint("MkDocs reads its pages from `docs_dir` (default `docs`) beside mkdocs.yml; create it or set `docs_dir`"),
        );
    }
    apply(cfg, mk);
    Ok(())
}

/// Puts what mkdocs.yml says into `cfg`, under what book.toml says.
fn apply(cfg: &mut Config, mk: MkDocs) {
    if cfg.book.title.is_none() {
        cfg.book.title.clone_from(&mk.site_name);
    }
    if cfg.book.description.is_none() {
        cfg.book.description.clone_from(&mk.site_description);
    }
    if cfg.site.edit_url.is_none() {
        cfg.site.edit_url.clone_from(&mk.edit_url);
    }
    cfg.mkdocs = Some(mk);
}

/// Reads mkdocs.yml's `text` alone (an `INHERIT` finds no parent); see
/// [`parse_inherited`].
#[cfg(test)]
pub(crate) fn parse(text: &str, file: &RelPath, diags: &mut Diagnostics) -> MkDocs {
    parse_inherited(text, file, &mut |_| None, diags)
}

/// Reads mkdocs.yml's `text` and the parents its `INHERIT` names (`read_parent` gives
/// a file's text by its path from the book root), merged as MkDocs merges them: the
/// child's keys over the parent's, mappings merged key by key, anything else
/// replaced. Problems (bad YAML, a wrong type, a bad nav entry, a missing parent) go
/// to `diags` as `config` errors at their places, and the value keeps its default.
pub(crate) fn parse_inherited(
    text: &str,
    file: &RelPath,
    read_parent: &mut dyn FnMut(&RelPath) -> Option<String>,
    diags: &mut Diagnostics,
) -> MkDocs {
    let mut out = MkDocs {
        file: file.clone(),
        text: text.to_string(),
        docs_dir: DEFAULT_DOCS_DIR.into(),
        site_name: None,
        site_description: None,
        edit_url: None,
        nav: None,
        unused: Vec::new(),
        snippets: None,
        macros: None,
        macros_markers: Vec::new(),
        md_include: None,
        use_directory_urls: true,
        toc_slug: ext::TocSlug::default(),
        literate_nav: None,
        gen_files: false,
        attr_list: false,
        superfences: false,
        marks: Default::default(),
        awesome_nav: None,
        not_in_nav: PathSpec::default(),
        exclude_docs: PathSpec::default(),
        exclude_plugin: ext::Exclude::default(),
        draft_docs: PathSpec::default(),
        inherited: Vec::new(),
    };
    let docs = chain(text, file, read_parent, diags);
    out.inherited = docs.iter().skip(1).map(|d| d.file.clone()).collect();
    let entries = merged(&docs);
    let mut repo_url = None;
    let mut edit_uri = None;
    let mut found = ext::Found::default();
    for (key, value, doc) in &entries {
        let doc = &docs[*doc];
        let mut ctx = Ctx {
            text: &doc.text,
            file: &doc.file,
            diags,
        };
        let (line, col) = place(key.referenced);
        match key.value.as_str() {
            "docs_dir" => {
                let dir = ctx.string(&key.value, value);
                if let Some(dir) = dir.and_then(|d| ctx.folder(&d, value)) {
                    out.docs_dir = dir;
                }
            }
            "site_name" => out.site_name = ctx.string(&key.value, value),
            "site_description" => out.site_description = ctx.string(&key.value, value),
            "repo_url" => repo_url = ctx.string(&key.value, value),
            "edit_uri" => edit_uri = ctx.string(&key.value, value),
            "nav" => {
                out.nav = Some(ctx.nav(value));
                out.file.clone_from(&doc.file);
                out.text.clone_from(&doc.text);
            }
            "markdown_extensions" => found.extensions(&mut ctx, value, &mut out.unused),
            "plugins" => found.plugins(&mut ctx, value, &mut out.unused),
            "extra" => found.extra(value),
            "not_in_nav" => out.not_in_nav = ext::patterns(&mut ctx, &key.value, value),
            "exclude_docs" => out.exclude_docs = ext::patterns(&mut ctx, &key.value, value),
            "draft_docs" => out.draft_docs = ext::patterns(&mut ctx, &key.value, value),
            "use_directory_urls" => {
                out.use_directory_urls = ext::boolean(&mut ctx, &key.value, value, true);
            }
            INHERIT => {}
            name => out.unused.push(format!(
                "{}:{line}:{col}: `{name}` is MkDocs'; opsbook does not use it",
                doc.file
            )),
        }
    }
    let found = found.finish(&out.docs_dir);
    (out.snippets, out.macros, out.md_include) = (found.snippets, found.macros, found.md_include);
    out.macros_markers = found.markers;
    out.toc_slug = found.toc_slug;
    out.exclude_plugin = found.exclude;
    out.literate_nav = found.literate_nav;
    out.gen_files = found.gen_files;
    out.attr_list = found.attr_list;
    out.superfences = found.superfences;
    out.marks = found.marks;
    out.awesome_nav = found.awesome_nav;
    let edit = edit_url(repo_url.as_deref(), edit_uri.as_deref(), &out.docs_dir);
    match edit {
        Ok(url) => out.edit_url = url,
        Err(why) => out.unused.push(format!("{file}: {why}")),
    }
    out
}

/// One config file of an `INHERIT` chain.
struct Doc {
    file: RelPath,
    text: String,
    top: Top,
}

/// How many parents an `INHERIT` chain may have.
const MAX_PARENTS: usize = 10;

/// `text` read, then each parent its `INHERIT` names: the child first. A parent that
/// cannot be read or read as YAML is an error at the `INHERIT` that names it.
fn chain(
    text: &str,
    file: &RelPath,
    read_parent: &mut dyn FnMut(&RelPath) -> Option<String>,
    diags: &mut Diagnostics,
) -> Vec<Doc> {
    let mut docs: Vec<Doc> = Vec::new();
    let mut next = Some((file.clone(), text.to_string()));
    while let Some((file, text)) = next.take() {
        let Some(mut top) = yaml(&text, &file, diags) else {
            break;
        };
        let inherit = top.0.iter().position(|(k, _)| k.value == INHERIT);
        let inherit = inherit.map(|i| top.0.remove(i).1);
        if let Some(value) = inherit {
            let mut ctx = Ctx {
                text: &text,
                file: &file,
                diags,
            };
            next = ctx.parent(&value, &docs, read_parent);
        }
        docs.push(Doc { file, text, top });
        if docs.len() > MAX_PARENTS {
            break;
        }
    }
    docs
}

/// The keys of `docs` merged, the farthest parent first: each with the index of the
/// file whose value it is (a mapping merged from several: the nearest one's).
fn merged(docs: &[Doc]) -> Vec<(Spanned<String>, Spanned<Raw>, usize)> {
    let mut out: Vec<(Spanned<String>, Spanned<Raw>, usize)> = Vec::new();
    for (i, doc) in docs.iter().enumerate().rev() {
        for (key, value) in &doc.top.0 {
            match out.iter_mut().find(|(k, _, _)| k.value == key.value) {
                Some(slot) => {
                    let parent = std::mem::replace(
                        &mut slot.1,
                        Spanned::new(Raw::Other, key.referenced, key.defined),
                    );
                    slot.1 = ext::merge(parent, value.clone());
                    slot.0 = key.clone();
                    slot.2 = i;
                }
                None => out.push((key.clone(), value.clone(), i)),
            }
        }
    }
    out
}

/// `text` as the top-level mapping; bad YAML is an error at its place.
fn yaml(text: &str, file: &RelPath, diags: &mut Diagnostics) -> Option<Top> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Option<Top>>(text, options) {
        Ok(top) => Some(top.unwrap_or_default()),
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), place);
            let message = serde_saphyr::UserMessageFormatter.format_message(&e);
            let message = message.lines().next().unwrap_or("").to_string();
            diags.push(
                Diagnostic::error(
                    Code::Config,
                    file.clone(),
                    format!("invalid YAML: {message}"),
                )
                .at(text, line, col)
                .with_hint("MkDocs could not read this file either; fix the YAML"),
            );
            None
        }
    }
}

/// `repo_url` joined with `edit_uri` as an edit link, when `edit_uri` ends with the
/// pages' folder (`edit/main/docs/`): opsbook's `{path}` starts with that folder. No
/// `edit_uri`: no link (MkDocs guesses `edit/master/docs/`, often the wrong branch).
fn edit_url(
    repo: Option<&str>,
    edit_uri: Option<&str>,
    docs_dir: &str,
) -> Result<Option<String>, String> {
    let Some(uri) = edit_uri.filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let base = if uri.contains("://") {
        uri.to_string()
    } else {
        let Some(repo) = repo else {
            return Err("`edit_uri` without `repo_url`: no edit link".into());
        };
        let uri = uri.trim_start_matches("./").trim_start_matches('/');
        format!("{}/{uri}", repo.trim_end_matches('/'))
    };
    let base = base.trim_end_matches('/');
    let stem = if docs_dir.is_empty() {
        Some(base)
    } else {
        base.strip_suffix(docs_dir)
            .and_then(|b| b.strip_suffix('/'))
    };
    match stem {
        Some(stem) => Ok(Some(format!("{stem}/{{path}}"))),
        None => Err(format!(
            "`edit_uri` `{uri}` does not end with the pages' folder `{docs_dir}`; no edit link (set `edit-url` in book.toml's [site])"
        )),
    }
}

/// 1-based line and column of a serde-saphyr location.
pub(super) fn place(at: Location) -> (u32, u32) {
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX).max(1);
    (clamp(at.line()), clamp(at.column()))
}

pub(super) struct Ctx<'a, 'd> {
    pub(super) text: &'a str,
    pub(super) file: &'a RelPath,
    pub(super) diags: &'d mut Diagnostics,
}

impl Ctx<'_, '_> {
    pub(super) fn error(&mut self, at: Location, message: String, hint: &str) {
        let (line, col) = place(at);
        self.diags.push(
            Diagnostic::error(Code::Config, self.file.clone(), message)
                .at(self.text, line, col)
                .with_hint(hint),
        );
    }

    /// The text of `key`'s value; anything else is an error (a tagged value is a note).
    pub(super) fn string(&mut self, key: &str, value: &Spanned<Raw>) -> Option<String> {
        match &value.value {
            Raw::Str(s) => Some(s.clone()),
            Raw::Tagged | Raw::Python(..) => {
                let (line, col) = place(value.referenced);
                tracing::info!(
                    "{}:{line}:{col}: `{key}` has a tagged value (`!ENV`, …); opsbook does not read it",
                    self.file
                );
                None
            }
            other => {
                let message = format!(
                    "wrong type for `{key}`: expected text, found {}",
                    other.kind()
                );
                self.error(value.referenced, message, "write the value as text");
                None
            }
        }
    }

    /// The parent config an `INHERIT` names, `(path from the book root, text)`; `None`
    /// after an error (not text, a file that cannot be read, a loop).
    fn parent(
        &mut self,
        value: &Spanned<Raw>,
        seen: &[Doc],
        read_parent: &mut dyn FnMut(&RelPath) -> Option<String>,
    ) -> Option<(RelPath, String)> {
        let name = self.string(INHERIT, value)?;
        let dir = self.file.parent();
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in name.split('/') {
            match part {
                "" | "." => {}
                ".." if parts.last().is_some_and(|p| *p != "..") => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        let path = RelPath::new(parts.join("/"));
        if seen.iter().any(|d| d.file == path) || path == *self.file {
            let message = format!("`INHERIT: {name}` makes a loop: {path} is already read");
            self.error(
                value.referenced,
                message,
                "a config may inherit from a parent, not from itself or a child",
            );
            return None;
        }
        match read_parent(&path) {
            Some(text) => Some((path, text)),
            None => {
                let message = if path.as_str() == name {
                    format!("`INHERIT` names `{name}`, which does not exist")
                } else {
                    format!("`INHERIT` names `{name}`, which does not exist (read as {path})")
                };
                self.error(
                    value.referenced,
                    message,
                    "MkDocs reads the parent config from this path, relative to the file that names it",
                );
                None
            }
        }
    }

    /// `docs_dir` as a folder inside the book (`""` for `.`).
    fn folder(&mut self, dir: &str, value: &Spanned<Raw>) -> Option<String> {
        let folder = dir.trim_matches('/').trim_start_matches("./");
        let bad = folder.is_empty()
            || dir.starts_with('/')
            || folder.split('/').any(|p| p == ".." || p.is_empty());
        if bad && folder != "." {
            let message = format!("`docs_dir` must be a folder inside the book, not `{dir}`");
            self.error(
                value.referenced,
                message,
                "opsbook reads the folder that holds mkdocs.yml; name a folder below it, such as `docs`, or build the folder above",
            );
            return None;
        }
        Some(if folder == "." {
            String::new()
        } else {
            folder.to_string()
        })
    }

    /// The entries of `nav`: a list; a wrong entry is an error and left out.
    fn nav(&mut self, value: &Spanned<Raw>) -> Vec<NavItem> {
        let Raw::Seq(items) = &value.value else {
            let message = format!(
                "wrong type for `nav`: expected a list, found {}",
                value.value.kind()
            );
            self.error(
                value.referenced,
                message,
                "write `nav:` as a list: `- Title: page.md`",
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.nav_item(item))
            .collect()
    }

    fn nav_item(&mut self, item: &Spanned<Raw>) -> Option<NavItem> {
        let (title, value) = match &item.value {
            Raw::Str(_) => (None, item),
            Raw::Map(pairs) if pairs.len() == 1 => {
                let (k, v) = &pairs[0];
                (Some(k.value.clone()), v)
            }
            other => {
                let message = format!(
                    "a nav entry must be `Title: page.md`, `page.md` or `Section: [ … ]`, not {}",
                    other.kind()
                );
                self.error(
                    item.referenced,
                    message,
                    "write one entry per list item: `- Title: page.md`",
                );
                return None;
            }
        };
        let (line, col) = place(value.referenced);
        let target = match &value.value {
            Raw::Str(s) if is_link(s) => NavTarget::Link(s.clone()),
            Raw::Str(s) => NavTarget::File(s.clone()),
            Raw::Seq(_) => NavTarget::Section(self.nav(value)),
            other => {
                let message = format!(
                    "a nav entry names a page, a link or a list, not {}",
                    other.kind()
                );
                self.error(
                    value.referenced,
                    message,
                    "write `Title: page.md`, `Title: https://…` or `Section: [ … ]`",
                );
                return None;
            }
        };
        Some(NavItem {
            title,
            target,
            line,
            col,
        })
    }
}

/// Whether a nav value is a link rather than a page: an `http(s)://` or `mailto:` URL,
/// or a path from the site root (`/status/`), as MkDocs tells them apart. Other
/// schemes (`javascript:`) are read as files, so they are reported, never linked.
pub(crate) fn is_link(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
        || (s.starts_with('/') && !s.starts_with("//"))
}

/// The keys whose values are read (the others are skipped unread, whatever they hold).
const READ: [&str; 14] = [
    "docs_dir",
    "site_name",
    "site_description",
    "repo_url",
    "edit_uri",
    "nav",
    "markdown_extensions",
    "plugins",
    "extra",
    "not_in_nav",
    "exclude_docs",
    "draft_docs",
    "use_directory_urls",
    INHERIT,
];

/// The key naming a parent config whose keys this file's are merged over.
const INHERIT: &str = "INHERIT";

/// One top-level key and its value.
pub(super) type Entry = (Spanned<String>, Spanned<Raw>);

/// The top-level mapping, its keys with their places, in file order.
#[derive(Default)]
struct Top(Vec<Entry>);

/// A YAML value as much as mkdocs.yml needs it.
#[derive(Debug, Clone)]
pub(super) enum Raw {
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
    /// A tagged value (`!ENV [X, y]`, `!local`): not read.
    Tagged,
    /// A value tagged `!!python/…` (`!!python/name:pymdownx.slugs.uslugify`): the tag
    /// after `!!` (`python/name:pymdownx.slugs.uslugify`) and the value it tags.
    Python(String, Box<Raw>),
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// Nothing (`~`, an empty value), or a value opsbook skips.
    Other,
}

impl Raw {
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Raw::Str(_) => "text",
            Raw::Seq(_) => "a list",
            Raw::Map(_) => "a mapping",
            Raw::Tagged | Raw::Python(..) => "a tagged value",
            Raw::Bool(_) | Raw::Number(_) | Raw::Other => "a number, a boolean or nothing",
        }
    }
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Top, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of MkDocs settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = if READ.contains(&key.value.as_str()) {
                        let v = map.next_value::<Spanned<Tagged<Raw>>>()?;
                        let Tagged(raw, tag) = v.value;
                        let core = tag
                            .as_deref()
                            .is_none_or(|t| t.starts_with("tag:yaml.org,2002:"));
                        let raw = if core { raw } else { Raw::Tagged };
                        Spanned::new(raw, v.referenced, v.defined)
                    } else {
                        // Theme, plugins, extensions: skipped whatever their tags.
                        let at = map.next_value::<Spanned<IgnoredAny>>()?;
                        Spanned::new(Raw::Other, at.referenced, at.defined)
                    };
                    out.push((key, value));
                }
                Ok(Top(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A nested value less its tag: `!ENV [NAME, …, default]` is its default, as MkDocs
/// reads it when no variable is set (opsbook reads no environment while building);
/// any other tag that is not YAML's own (`!ENV NAME`, `!!python/name:…`) is
/// `Raw::Tagged`.
fn untagged(v: Spanned<Tagged<Raw>>) -> Spanned<Raw> {
    let Tagged(raw, tag) = v.value;
    let raw = match (tag.as_deref(), raw) {
        (None, raw) => raw,
        (Some(t), raw) if t.starts_with("tag:yaml.org,2002:python/") => Raw::Python(
            t.trim_start_matches("tag:yaml.org,2002:").to_string(),
            Box::new(raw),
        ),
        (Some(t), raw) if t.starts_with("tag:yaml.org,2002:") => raw,
        (Some("!ENV" | "ENV"), Raw::Seq(mut items)) if items.len() >= 2 => {
            items.pop().map_or(Raw::Tagged, |d| d.value)
        }
        _ => Raw::Tagged,
    };
    Spanned::new(raw, v.referenced, v.defined)
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<Tagged<Raw>>>()? {
            out.push(untagged(v));
        }
        Ok(Raw::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            out.push((k, untagged(map.next_value::<Spanned<Tagged<Raw>>>()?)));
        }
        Ok(Raw::Map(out))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Raw, A::Error> {
        let (_, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(Raw::Tagged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (MkDocs, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mk = parse(text, &RelPath::new("mkdocs.yml"), &mut diags);
        let problems = diags.placed();
        (mk, problems)
    }

    /// The nav as indented lines: `3:5 Title -> file`.
    fn shape(items: &[NavItem], depth: usize, out: &mut Vec<String>) {
        for item in items {
            let pad = "  ".repeat(depth);
            let title = item.title.as_deref().unwrap_or("(page's)");
            let at = format!("{pad}{}:{} {title}", item.line, item.col);
            match &item.target {
                NavTarget::File(f) => out.push(format!("{at} -> {f}")),
                NavTarget::Link(l) => out.push(format!("{at} => {l}")),
                NavTarget::Section(children) => {
                    out.push(at);
                    shape(children, depth + 1, out);
                }
            }
        }
    }

    const MATERIAL: &str = r#"site_name: Platform runbooks
site_description: How we run the platform
repo_url: https://github.com/acme/platform
edit_uri: edit/main/docs/
theme:
  name: material
  features: [content.tabs.link]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.tabbed:
      alternate_style: true
extra:
  analytics:
    property: !ENV [GOOGLE_ANALYTICS_KEY, "G-XXX"]
nav:
  - Home: index.md
  - deploy.md
  - Operations:
      - ops/index.md
      - Rollback: ops/rollback.md
      - Deep:
          - Database: ops/deep/db.md
  - Status page: https://status.acme.io/
"#;

    #[test]
    fn reads_what_opsbook_uses_and_notes_the_rest_even_with_python_tags() {
        let (mk, problems) = read(MATERIAL);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(mk.docs_dir, "docs");
        assert_eq!(mk.site_name.as_deref(), Some("Platform runbooks"));
        assert_eq!(
            mk.site_description.as_deref(),
            Some("How we run the platform")
        );
        assert_eq!(
            mk.edit_url.as_deref(),
            Some("https://github.com/acme/platform/edit/main/{path}")
        );
        assert_eq!(
            mk.unused,
            ["mkdocs.yml:5:1: `theme` is MkDocs'; opsbook does not use it"]
        );
        let mut lines = Vec::new();
        shape(mk.nav.as_deref().expect("a nav"), 0, &mut lines);
        assert_eq!(
            lines,
            [
                "18:11 Home -> index.md",
                "19:5 (page's) -> deploy.md",
                "21:7 Operations",
                "  21:9 (page's) -> ops/index.md",
                "  22:19 Rollback -> ops/rollback.md",
                "  24:11 Deep",
                "    24:23 Database -> ops/deep/db.md",
                "25:18 Status page => https://status.acme.io/",
            ]
        );
    }

    #[test]
    fn env_tags_on_kept_keys_leave_the_default() {
        let (mk, problems) = read("site_name: !ENV [SITE, \"x\"]\ndocs_dir: pages/\n");
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(mk.site_name, None);
        assert_eq!(mk.docs_dir, "pages");
        assert!(mk.nav.is_none());
    }

    #[test]
    fn docs_dir_outside_the_book_and_bad_nav_entries_are_errors_with_places() {
        let (mk, problems) =
            read("docs_dir: ../../docs\nnav:\n  - 5\n  - A: b.md\n    B: c.md\n  - C: {x: 1}\n");
        assert_eq!(mk.docs_dir, "docs");
        assert_eq!(
            problems,
            [
                "mkdocs.yml:1:11: `docs_dir` must be a folder inside the book, not `../../docs`",
                "mkdocs.yml:3:5: a nav entry must be `Title: page.md`, `page.md` or `Section: [ … ]`, not a number, a boolean or nothing",
                "mkdocs.yml:4:5: a nav entry must be `Title: page.md`, `page.md` or `Section: [ … ]`, not a mapping",
                "mkdocs.yml:6:8: a nav entry names a page, a link or a list, not a mapping",
            ]
        );
    }

    #[test]
    fn bad_yaml_is_an_error_at_its_place() {
        let (_, problems) = read("site_name: x\nnav:\n  - [a\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("mkdocs.yml:"), "{problems:?}");
    }

    #[test]
    fn book_toml_beside_it_wins_and_a_missing_docs_dir_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let yml = "site_name: From MkDocs\nsite_description: D\nrepo_url: https://g.com/a/b\nedit_uri: edit/main/docs/\n";
        std::fs::write(dir.path().join("mkdocs.yaml"), yml).unwrap();
        std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Ours\"\n").unwrap();
        let (cfg, diags) = Config::load(dir.path()).unwrap();
        let found: Vec<String> = diags.placed();
        assert_eq!(
            found,
            ["mkdocs.yaml: the pages' folder `docs` does not exist"]
        );
        assert_eq!(cfg.book.title.as_deref(), Some("Ours"));
        assert_eq!(cfg.book.description.as_deref(), Some("D"));
        assert_eq!(
            cfg.site.edit_url.as_deref(),
            Some("https://g.com/a/b/edit/main/{path}")
        );
        assert_eq!(cfg.content_prefix(), "docs");
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/SUMMARY.md"), "- [A](a.md)\n").unwrap();
        let (cfg, _) = Config::load(dir.path()).unwrap();
        assert!(cfg.mkdocs.is_none(), "an mdBook stays an mdBook");
        assert_eq!(cfg.content_prefix(), "src");
    }

    #[test]
    fn edit_links_need_the_pages_folder_at_the_end() {
        let ok = edit_url(
            Some("https://g.com/a/b/"),
            Some("./edit/main/docs/"),
            "docs",
        );
        assert_eq!(ok, Ok(Some("https://g.com/a/b/edit/main/{path}".into())));
        assert_eq!(edit_url(Some("https://g.com/a/b"), None, "docs"), Ok(None));
        assert!(edit_url(Some("https://g.com/a/b"), Some("edit/main/site/"), "docs").is_err());
        let abs = edit_url(None, Some("https://h.io/e/docs"), "docs");
        assert_eq!(abs, Ok(Some("https://h.io/e/{path}".into())));
    }
}
