//! Stage 3: the sidebar tree (`Book::nav`) and the order of the pages, the one place
//! both are made. A book's folders and front-matter `order` make them (`by_folders`);
//! an mdBook's SUMMARY.md (`parse/summary.rs`) makes them as written, and its pages
//! not listed there come after the listed ones, outside the sidebar (`by_summary`);
//! an MkDocs book's `nav` likewise (`mkdocs_nav.rs`).
//! The folders' order reads Hugo's and Docusaurus's keys too: `weight` (and in a
//! Hugo site its dates, `parse/hugo_page.rs`),
//! `sidebar_position`, `sidebar_label`, `linkTitle`, `bookHidden`, `unlisted` (as
//! `parse/frontmatter.rs` reads them) and `_category_` files (`category.rs`). A
//! Docusaurus category's `generated-index` page is added to both
//! (`generated_index.rs`). Pure.

use std::collections::{BTreeMap, HashMap};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::{Config, SUMMARY_FILE};
use crate::model::{NavKind, NavNode, Page};
use crate::parse::book::{below_content, is_index_name, title_from_name};
use crate::parse::category::{self, Category};
use crate::parse::summary::{self, Chapter, Entry};
use crate::source::Sources;

/// The pages in sidebar order and the sidebar tree: from SUMMARY.md for an mdBook
/// that has one, else from folders.
pub(crate) fn order_pages(
    cfg: &Config,
    src: &Sources,
    pages: Vec<Page>,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<NavNode>) {
    if let Some(mk) = cfg.mkdocs.as_ref() {
        use crate::parse::mkdocs_folder as folder;
        let nav_files = folder::nav_files(mk, src, diags);
        let awesome =
            (mk.awesome_nav.as_ref()).filter(|a| crate::parse::mkdocs_awesome::applies(mk, a));
        if let Some(awesome) = awesome {
            let files = crate::parse::mkdocs_nav::page_files(&pages, mk);
            let titles = crate::parse::mkdocs_awesome::Titles::of(&pages, mk);
            let items = crate::parse::mkdocs_awesome::nav(mk, awesome, &files, &titles, diags);
            return crate::parse::mkdocs_nav::by_nav(pages, mk, &items, &nav_files, diags);
        }
        if mk.nav.is_some() || folder::root_nav(mk, &nav_files).is_some() {
            let items = mk.nav.as_deref().unwrap_or_default();
            return crate::parse::mkdocs_nav::by_nav(pages, mk, items, &nav_files, diags);
        }
    }
    if let Some(site) = cfg.docusaurus.as_ref() {
        return crate::parse::sidebars_nav::by_instances(cfg, src, site, pages, diags);
    }
    let Some(md) = &cfg.mdbook else {
        let (pages, nav) = by_folders(pages, &Folders::new(cfg, src, diags));
        return crate::parse::generated_index::add(cfg, "", pages, nav, diags);
    };
    let path = RelPath::new(join(&md.src, SUMMARY_FILE));
    let Some(file) = crate::source::find_file(&src.content, &path) else {
        return by_folders(pages, &Folders::new(cfg, src, diags));
    };
    let text = match crate::base::fsio::decode_text(&file.path, file.bytes.clone()) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return by_folders(pages, &Folders::new(cfg, src, diags));
        }
    };
    let entries = summary::parse(&text);
    by_summary(
        pages,
        &entries,
        &Summary {
            path: &path,
            text: &text,
            dir: &md.src,
        },
        diags,
    )
}

/// `dir/name`, or `name` when `dir` is the book root.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// SUMMARY.md: where it is (for diagnostics) and the folder its links start from.
struct Summary<'a> {
    path: &'a RelPath,
    text: &'a str,
    dir: &'a str,
}

/// The pages in SUMMARY.md's order, then those it does not list (a `-v` note each);
/// its titles are the pages' titles unless a page has `{{#title}}`.
fn by_summary(
    mut pages: Vec<Page>,
    entries: &[Entry],
    summary: &Summary<'_>,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<NavNode>) {
    let by_source: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.to_string(), i))
        .collect();
    let mut order = Vec::with_capacity(pages.len());
    let mut listed = vec![false; pages.len()];
    let mut walk = Walk {
        pages: &mut pages,
        by_source: &by_source,
        summary,
        order: &mut order,
        listed: &mut listed,
        diags,
    };
    let nav = walk.entries(entries);
    for (i, page) in pages.iter().enumerate() {
        if !listed[i] {
            tracing::info!(
                "{}: not in {}; built after the listed pages, left out of the sidebar",
                page.source,
                summary.path
            );
            order.push(i);
        }
    }
    reorder(pages, &order, nav)
}

/// A walk of SUMMARY.md's entries.
struct Walk<'a, 'd> {
    pages: &'a mut Vec<Page>,
    by_source: &'a HashMap<String, usize>,
    summary: &'a Summary<'a>,
    order: &'a mut Vec<usize>,
    listed: &'a mut Vec<bool>,
    diags: &'d mut Diagnostics,
}

impl Walk<'_, '_> {
    fn entries(&mut self, entries: &[Entry]) -> Vec<NavNode> {
        entries.iter().map(|e| self.entry(e)).collect()
    }

    fn entry(&mut self, entry: &Entry) -> NavNode {
        let node = |title: &str, kind| NavNode {
            title: title.to_string(),
            page: None,
            children: Vec::new(),
            kind,
            link: None,
            generated: None,
        };
        match entry {
            Entry::Part(title) => node(title, NavKind::Part),
            Entry::Separator => node("", NavKind::Separator),
            Entry::Chapter(c) => {
                let page = c.file.as_deref().and_then(|f| self.page_of(c, f));
                let children = self.entries(&c.children);
                NavNode {
                    page,
                    children,
                    ..node(&c.title, NavKind::Entry)
                }
            }
        }
    }

    /// The page a chapter's link opens; a link to no page is a `broken-link` error.
    fn page_of(&mut self, c: &Chapter, file: &str) -> Option<usize> {
        let decoded = crate::base::url::percent_decode(file);
        let resolved = crate::source::includes::normalize(self.summary.dir, &decoded)
            .filter(|(up, p)| *up == 0 && !p.is_empty())
            .map(|(_, p)| p);
        let Some(&i) = resolved
            .as_ref()
            .and_then(|p| self.by_source.get(p.as_str()))
        else {
            self.diags.push(self.missing(c, file, resolved.as_deref()));
            return None;
        };
        if !self.listed[i] {
            self.listed[i] = true;
            self.order.push(i);
            if self.pages[i].front.title.is_none() && !c.title.is_empty() {
                self.pages[i].title = c.title.clone();
            }
        }
        Some(i)
    }

    fn missing(&self, c: &Chapter, file: &str, resolved: Option<&str>) -> Diagnostic {
        let hint = resolved
            .and_then(|want| {
                let names = self.by_source.keys().map(String::as_str);
                crate::base::suggest::closest(want, names)
            })
            .map(|best| {
                let rel = best
                    .strip_prefix(self.summary.dir)
                    .map_or(best, |r| r.trim_start_matches('/'));
                format!("did you mean `{rel}`? links in SUMMARY.md start from its folder")
            })
            .unwrap_or_else(|| {
                "create the file, or write the chapter as a draft: `- [Title]()`".into()
            });
        Diagnostic::error(
            Code::BrokenLink,
            self.summary.path.clone(),
            format!(
                "chapter `{}` links to `{file}`, which does not exist",
                c.title
            ),
        )
        .at(self.summary.text, c.line, c.col)
        .with_hint(hint)
    }
}

/// A folder of the content tree while building the sidebar.
#[derive(Default)]
struct Folder {
    index: Option<usize>,
    pages: Vec<usize>,
    folders: BTreeMap<String, Folder>,
}

/// What the sidebar from folders reads besides the pages.
pub(crate) struct Folders<'a> {
    pub(crate) prefix: &'a str,
    /// Hugo's order: at equal weight, newest date first, then by sidebar title (then
    /// file name).
    by_title: bool,
    /// Docusaurus's `_category_` files, by folder below `prefix`.
    categories: BTreeMap<String, Category>,
    /// A Docusaurus site's number prefixes (`01-intro.md`) order and name entries.
    numbered: bool,
    /// A Hugo site's config: `_index.en.md` is the folder's page in an English site.
    hugo: Option<&'a crate::config::hugo::Hugo>,
    /// A Hugo site's `BookSection` param (hugo-book's): the top folder whose pages
    /// are the sidebar (`*`, or none: every folder).
    book_section: Option<String>,
}

impl<'a> Folders<'a> {
    fn new(cfg: &'a Config, src: &Sources, diags: &mut Diagnostics) -> Self {
        Folders::below(cfg, cfg.content_prefix(), src, diags)
    }

    /// The folders below `prefix` (the docs' folder, or a Docusaurus site's other
    /// docs instance's).
    pub(crate) fn below(
        cfg: &'a Config,
        prefix: &'a str,
        src: &Sources,
        diags: &mut Diagnostics,
    ) -> Self {
        Folders {
            prefix,
            by_title: cfg.hugo.is_some(),
            categories: category::read(src, prefix, &instance_files(cfg, prefix), diags),
            numbered: cfg.docusaurus.is_some(),
            hugo: cfg.hugo.as_ref(),
            book_section: cfg.hugo.as_ref().and_then(|h| {
                let params = h.params.as_object()?;
                let (_, v) = params
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("booksection"))?;
                v.as_str()
                    .map(|s| s.trim_matches('/').to_string())
                    .filter(|s| !s.is_empty() && s != "*")
            }),
        }
    }
}

/// Which files' `_category_` files the folders below `prefix` read: in a Docusaurus
/// site with other docs instances, those of the folder's own instance.
fn instance_files<'c>(cfg: &'c Config, prefix: &'c str) -> impl Fn(&RelPath) -> bool + 'c {
    let instances = cfg
        .docusaurus
        .as_ref()
        .map_or(&[][..], |d| d.instances.as_slice());
    move |path: &RelPath| {
        let theirs = crate::parse::docs_instances::instance_of(instances, path.as_str());
        match instances.iter().find(|i| i.docs_dir == prefix) {
            Some(own) => theirs.is_some_and(|t| t.id == own.id),
            None => theirs.is_none(),
        }
    }
}

/// Orders pages as the sidebar shows them (depth-first; within a folder by front-matter
/// `order` (or `sidebar_position`, `weight`, a `_category_` file's `position`), then
/// file name, pages before subfolders at equal order; in a Hugo site as Hugo's
/// default order: weight, then date (newest first; a section's is its newest page's),
/// then link title, then file name) and builds the tree. Hidden pages (`bookHidden`, `unlisted`, and the
/// pages of a hidden section) are out of the tree, after the others in the order; so
/// are the pages outside a hugo-book site's `BookSection`, whose pages are the tree.
pub(crate) fn by_folders(pages: Vec<Page>, folders: &Folders<'_>) -> (Vec<Page>, Vec<NavNode>) {
    let root = tree(&pages, folders);
    let mut order = Vec::with_capacity(pages.len());
    if let Some(i) = root.index {
        order.push(i);
    }
    let walk = FolderWalk {
        pages: &pages,
        folders,
    };
    let mut nav = walk.children(&root, "", &mut order);
    // hugo-book's `BookSection`: the sidebar is that section's pages.
    if let Some((name, section)) = folders
        .book_section
        .as_deref()
        .and_then(|name| Some((name, root.folders.get(name)?)))
    {
        nav = walk.children(section, name, &mut Vec::new());
    }
    // Pages outside the sidebar (hidden) come last, as an mdBook's unlisted pages do,
    // so that previous/next links follow the sidebar.
    let mut listed = vec![false; pages.len()];
    mark_listed(&nav, &mut listed);
    if let Some(i) = root.index {
        listed[i] = true;
    }
    let (mut order, hidden): (Vec<usize>, Vec<usize>) = order.into_iter().partition(|&i| listed[i]);
    order.extend(hidden);
    reorder(pages, &order, nav)
}

/// The pages' folders below `prefix`. In a Hugo site a folder below a top folder is
/// a section only with its own `_index.md`: the pages of one without are its nearest
/// section's, as Hugo lists them (`crate::parse::hugo_page::sections`).
fn tree(pages: &[Page], folders: &Folders<'_>) -> Folder {
    let mut root = Folder::default();
    let rels: Vec<std::borrow::Cow<'_, str>> = pages
        .iter()
        .map(|page| {
            let rel = below_content(&page.source, folders.prefix);
            match folders.hugo {
                Some(hugo) => crate::parse::hugo_page::without_language(rel, hugo),
                None => std::borrow::Cow::Borrowed(rel),
            }
        })
        .collect();
    let sections = folders
        .hugo
        .map(|_| crate::parse::hugo_page::sections(rels.iter().map(AsRef::as_ref)));
    for (i, rel) in rels.iter().enumerate() {
        let mut parts: Vec<&str> = rel.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        // Whether the page's own folder is a section (or a folder, outside Hugo),
        // whatever its parents are (`docs/examples/` without `_index.md` above
        // `docs/examples/scheduling/_index.md`).
        let own_folder = match (&sections, rel.rsplit_once('/')) {
            (Some(sections), Some((dir, _))) => !dir.contains('/') || sections.contains(dir),
            _ => true,
        };
        if let Some(sections) = &sections {
            let mut dir = String::new();
            let mut kept = Vec::with_capacity(parts.len());
            for (depth, part) in parts.iter().enumerate() {
                if !dir.is_empty() {
                    dir.push('/');
                }
                dir.push_str(part);
                if depth == 0 || sections.contains(dir.as_str()) {
                    kept.push(*part);
                }
            }
            parts = kept;
        }
        let folder = parts.iter().fold(&mut root, |f, part| {
            f.folders.entry((*part).to_string()).or_default()
        });
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        // A leaf bundle's page (`x/index.md`) whose folder is no section is a page.
        if is_index_name(stem) && folder.index.is_none() && own_folder {
            folder.index = Some(i);
        } else {
            folder.pages.push(i);
        }
    }
    root
}

/// The entries Docusaurus's `{type: 'autogenerated', dirName}` makes: those of the
/// folder `dir` below the pages' folder (`.` for the top), as the sidebar from
/// folders has them, its own landing page first (not the top folder's: the home
/// page), and the folder's sidebar title (empty for the top). Pushes page indices in
/// visiting order; `None` when there is no such folder.
pub(crate) fn autogenerated(
    pages: &[Page],
    folders: &Folders<'_>,
    dir: &str,
    order: &mut Vec<usize>,
) -> Option<(String, Vec<NavNode>)> {
    let root = tree(pages, folders);
    let dir = dir.trim_matches('/').trim_start_matches("./");
    let dir = if dir == "." { "" } else { dir };
    let folder = dir
        .split('/')
        .filter(|p| !p.is_empty())
        .try_fold(&root, |f, part| f.folders.get(part))?;
    let walk = FolderWalk { pages, folders };
    let mut nodes = Vec::new();
    if let Some(i) = folder.index.filter(|_| !dir.is_empty()) {
        order.push(i);
        nodes.push(walk.leaf(i));
    }
    nodes.extend(walk.children(folder, dir, order));
    let title = match dir.rsplit_once('/') {
        _ if dir.is_empty() => String::new(),
        Some((parent, name)) => walk.folder_title(name, folder, parent),
        None => walk.folder_title(dir, folder, ""),
    };
    Some((title, nodes))
}

/// Marks the pages the sidebar `nodes` open.
fn mark_listed(nodes: &[NavNode], listed: &mut [bool]) {
    for n in nodes {
        if let Some(slot) = n.page.and_then(|i| listed.get_mut(i)) {
            *slot = true;
        }
        mark_listed(&n.children, listed);
    }
}

/// The pages in `order` (each index once, every page), and `nav` pointing at them.
pub(crate) fn reorder(
    pages: Vec<Page>,
    order: &[usize],
    nav: Vec<NavNode>,
) -> (Vec<Page>, Vec<NavNode>) {
    let mut remap = vec![0; pages.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    let ordered = order.iter().filter_map(|&i| slots[i].take()).collect();
    (ordered, renumber(nav, &remap))
}

/// The pages and what else the sidebar from folders reads.
struct FolderWalk<'a> {
    pages: &'a [Page],
    folders: &'a Folders<'a>,
}

/// Where an entry goes among its folder's: position, then (in a Hugo site) newest
/// date and title, then pages before folders, then file name.
type SortKey = (i64, i64, (String, String), u8, String);

/// A sort key for a position: positions in numeric order, then none.
fn position_key(position: Option<f64>) -> i64 {
    position.map_or(i64::MAX, |x| {
        // The bits of an f64 ordered as integers (negative numbers flipped).
        let bits = x.to_bits().cast_signed();
        bits ^ ((bits >> 63).cast_unsigned() >> 1).cast_signed()
    })
}

impl FolderWalk<'_> {
    /// The sidebar entry of page `i`.
    fn leaf(&self, i: usize) -> NavNode {
        NavNode {
            title: self.title(i).to_string(),
            page: Some(i),
            children: Vec::new(),
            kind: NavKind::Entry,
            link: None,
            generated: None,
        }
    }

    /// A Docusaurus number prefix's number (`02-setup` → 2).
    fn number(&self, name: &str) -> Option<f64> {
        self.folders
            .numbered
            .then(|| crate::parse::number_prefix::strip(name).1)
            .flatten()
    }

    /// Hugo's date of page `i` (none outside a Hugo site).
    fn date(&self, i: usize) -> Option<i64> {
        self.folders
            .by_title
            .then(|| crate::parse::hugo_page::date(&self.pages[i].front))
            .flatten()
    }

    /// Hugo's date of a section: its landing page's, else its newest page's.
    fn folder_date(&self, f: &Folder) -> Option<i64> {
        if let Some(own) = f.index.and_then(|i| self.date(i)) {
            return Some(own);
        }
        let pages = f.pages.iter().filter_map(|&i| self.date(i));
        let folders = f.folders.values().filter_map(|sub| self.folder_date(sub));
        pages.chain(folders).max()
    }

    /// The title Hugo sorts page `i` by: its front matter's `linkTitle` or `title`;
    /// a page without one sorts first, as in Hugo (which takes no title from the H1).
    fn sort_title(&self, i: usize) -> String {
        let front = &self.pages[i].front;
        if !self.folders.by_title {
            return self.title(i).to_string();
        }
        front
            .sidebar_title
            .clone()
            .or_else(|| front.title.clone())
            .unwrap_or_default()
    }

    /// The sidebar title of page `i`.
    fn title(&self, i: usize) -> &str {
        let page = &self.pages[i];
        page.front.sidebar_title.as_deref().unwrap_or(&page.title)
    }

    /// The sorted entries of `folder` (`path` below the pages' folder); pushes page
    /// indices in visiting order.
    fn children(&self, folder: &Folder, path: &str, order: &mut Vec<usize>) -> Vec<NavNode> {
        enum Entry<'a> {
            Page(usize),
            Folder(&'a str, &'a Folder),
        }
        let pages = self.pages;
        let sub = |name: &str| join(path, name);
        let key = |e: &Entry<'_>| -> SortKey {
            let (position, date, title, kind, name) = match e {
                Entry::Page(i) => (
                    pages[*i]
                        .front
                        .order
                        .or_else(|| self.number(pages[*i].source.file_name())),
                    self.date(*i),
                    self.sort_title(*i),
                    0,
                    below_content(&pages[*i].source, self.folders.prefix).to_lowercase(),
                ),
                Entry::Folder(name, f) => {
                    let category = self.folders.categories.get(&sub(name));
                    let position = category
                        .and_then(|c| c.position)
                        .or_else(|| f.index.and_then(|i| pages[i].front.order))
                        .or_else(|| self.number(name));
                    (
                        position,
                        self.folder_date(f),
                        match (self.folders.by_title, f.index) {
                            (true, Some(i)) => self.sort_title(i),
                            _ => self.folder_title(name, f, path),
                        },
                        1,
                        name.to_lowercase(),
                    )
                }
            };
            if !self.folders.by_title {
                return (position_key(position), 0, Default::default(), kind, name);
            }
            // Hugo's default order: weight, newest date, link title, file path (a
            // section's is its `_index.md`'s: sections and pages mix).
            let newest_first = date.map_or(i64::MAX, |d| d.saturating_neg());
            let title = crate::parse::hugo_page::title_key(&title);
            let file = match e {
                Entry::Folder(_, f) => f.index.map_or(name, |i| {
                    below_content(&pages[i].source, self.folders.prefix).to_lowercase()
                }),
                Entry::Page(_) => name,
            };
            (position_key(position), newest_first, title, 0, file)
        };
        let mut entries: Vec<Entry<'_>> = folder.pages.iter().map(|&i| Entry::Page(i)).collect();
        entries.extend(folder.folders.iter().map(|(n, f)| Entry::Folder(n, f)));
        entries.sort_by_cached_key(key);
        entries
            .into_iter()
            .filter_map(|e| match e {
                Entry::Page(i) => {
                    order.push(i);
                    (!pages[i].front.hidden).then(|| self.leaf(i))
                }
                Entry::Folder(name, f) => {
                    if let Some(i) = f.index {
                        order.push(i);
                    }
                    let children = self.children(f, &sub(name), order);
                    let hidden = f.index.is_some_and(|i| pages[i].front.hidden);
                    // A `generated-index` link makes the folder's page when it has none.
                    let generated = self
                        .folders
                        .categories
                        .get(&sub(name))
                        .and_then(|c| c.index.clone())
                        .filter(|_| f.index.is_none());
                    (!hidden).then(|| NavNode {
                        title: self.folder_title(name, f, path),
                        page: f.index,
                        children,
                        kind: NavKind::Entry,
                        link: None,
                        generated,
                    })
                }
            })
            .collect()
    }

    /// A folder's sidebar title: its `_category_` file's `label`, else its landing
    /// page's sidebar title, else its name (without a Docusaurus number prefix).
    fn folder_title(&self, name: &str, f: &Folder, parent: &str) -> String {
        let label = self
            .folders
            .categories
            .get(&join(parent, name))
            .and_then(|c| c.label.clone());
        label.unwrap_or_else(|| {
            let name = if self.folders.numbered {
                crate::parse::number_prefix::strip(name).0
            } else {
                name
            };
            f.index
                .map_or_else(|| title_from_name(name), |i| self.title(i).to_string())
        })
    }
}

pub(crate) fn renumber(nodes: Vec<NavNode>, remap: &[usize]) -> Vec<NavNode> {
    nodes
        .into_iter()
        .map(|n| NavNode {
            title: n.title,
            page: n.page.map(|i| remap[i]),
            children: renumber(n.children, remap),
            kind: n.kind,
            link: n.link,
            generated: n.generated,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::base::cache::Cache;
    use crate::base::diag::Diagnostics;
    use crate::config::Config;
    use crate::parse::book::assemble;
    use crate::source::test_support::sources;

    /// The sidebar as indented titles.
    fn sidebar(cfg: &Config, files: &[(&str, &str)]) -> Vec<String> {
        fn walk(nodes: &[crate::model::NavNode], depth: usize, out: &mut Vec<String>) {
            for n in nodes {
                out.push(format!("{}{}", "  ".repeat(depth), n.title));
                walk(&n.children, depth + 1, out);
            }
        }
        let mut diags = Diagnostics::new();
        let book = assemble(
            cfg,
            &sources(files),
            &mut diags,
            &Cache::off(),
            Default::default(),
        );
        assert!(diags.is_empty(), "{diags:?}");
        let mut out = Vec::new();
        walk(&book.nav, 0, &mut out);
        out
    }

    #[test]
    fn docusaurus_positions_labels_categories_and_unlisted() {
        let got = sidebar(
            &Config::default(),
            &[
                (
                    "content/faq.md",
                    "---\ntitle: Questions\nsidebar_label: FAQ\n---\n",
                ),
                (
                    "content/intro.md",
                    "---\nsidebar_position: 1\n---\n# Intro\n",
                ),
                ("content/old.md", "---\nunlisted: true\n---\n# Old\n"),
                (
                    "content/deploy/_category_.json",
                    "{\"label\": \"Deployment\", \"position\": 2}",
                ),
                (
                    "content/deploy/b.md",
                    "---\nsidebar_position: 2\n---\n# B\n",
                ),
                (
                    "content/deploy/a.md",
                    "---\nsidebar_position: 2.5\n---\n# A\n",
                ),
                (
                    "content/deploy/c.md",
                    "---\nsidebar_position: -1\n---\n# C\n",
                ),
                (
                    "content/ops/_category_.yml",
                    "label: Operations\nposition: 1.5\n",
                ),
                ("content/ops/run.md", "# Run\n"),
            ],
        );
        assert_eq!(
            got,
            [
                "Intro",
                "Operations",
                "  Run",
                "Deployment",
                "  C",
                "  B",
                "  A",
                "FAQ"
            ]
        );
    }

    #[test]
    fn a_hugo_section_below_a_folder_that_is_none_opens_with_its_own_page() {
        let cfg = Config {
            hugo: Some(crate::config::hugo::Hugo::default()),
            ..Config::default()
        };
        let got = sidebar(
            &cfg,
            &[
                ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
                ("content/docs/examples/argo.md", "---\ntitle: Argo\n---\n"),
                (
                    "content/docs/examples/sched/_index.md",
                    "---\ntitle: Scheduling\n---\n",
                ),
                (
                    "content/docs/examples/sched/limit-range/_index.md",
                    "---\ntitle: Limit Range\n---\n",
                ),
                (
                    "content/docs/examples/sched/limit-range/bundle/index.md",
                    "---\ntitle: Leaf\n---\n",
                ),
            ],
        );
        assert_eq!(
            got,
            [
                "Docs",
                "  Argo",
                "  Scheduling",
                "    Limit Range",
                "      Leaf"
            ]
        );
    }

    #[test]
    fn hugo_weights_then_titles_and_hidden_sections() {
        let cfg = Config {
            hugo: Some(crate::config::hugo::Hugo::default()),
            ..Config::default()
        };
        let got = sidebar(
            &cfg,
            &[
                ("content/_index.md", "---\ntitle: Home\n---\n"),
                ("content/a-zebra.md", "---\ntitle: Zebra\n---\n"),
                ("content/b-apple.md", "---\ntitle: Apple\n---\n"),
                (
                    "content/light.md",
                    "---\ntitle: Light\nweight: 0\nlinkTitle: Lite\n---\n",
                ),
                ("content/heavy.md", "---\ntitle: Heavy\nweight: 20\n---\n"),
                (
                    "content/db/_index.md",
                    "---\ntitle: Database\nweight: 10\n---\n",
                ),
                ("content/db/x.md", "---\ntitle: X\n---\n"),
                (
                    "content/secret/_index.md",
                    "---\ntitle: Hidden\nbookHidden: true\n---\n",
                ),
                ("content/secret/y.md", "---\ntitle: Y\n---\n"),
            ],
        );
        assert_eq!(got, ["Database", "  X", "Heavy", "Apple", "Lite", "Zebra"]);
        let got = sidebar(
            &cfg,
            &[
                ("content/a.md", "---\ntitle: zebra\n---\n"),
                ("content/b.md", "---\ntitle: Apple\n---\n"),
                (
                    "content/c.md",
                    "---\ntitle: Cherry\nlinkTitle: banana\n---\n",
                ),
                ("content/d.md", "---\ntitle: Old\ndate: 2020-01-01\n---\n"),
                (
                    "content/e.md",
                    "+++\ntitle = 'New'\ndate = 2023-01-01T10:00:00+02:00\n+++\n",
                ),
                (
                    "content/f.md",
                    "---\ntitle: Published\npublishDate: 2021-06-01\n---\n",
                ),
                ("content/g.md", "---\ntitle: Heavy\nweight: 5\n---\n"),
                ("content/h.md", "---\ntitle: Light\nweight: -1\n---\n"),
                ("content/sec/_index.md", "---\ntitle: Section\n---\n"),
                ("content/sec/x.md", "---\ntitle: X\ndate: 2024-05-05\n---\n"),
                ("content/u.md", "---\ntitle: Ähnlich\n---\n"),
            ],
        );
        assert_eq!(
            got,
            [
                "Light",
                "Heavy",
                "Section",
                "  X",
                "New",
                "Published",
                "Old",
                "Ähnlich",
                "Apple",
                "banana",
                "zebra"
            ],
            "Hugo's order (as `hugo` 0.111 lists these pages): weight, newest date \
             (a section's is its newest page's), link title without case or accents"
        );
        let got = sidebar(
            &cfg,
            &[
                ("content/s/_index.md", "---\ntitle: S\n---\n"),
                ("content/s/hints.md", "# Hints\n"),
                ("content/s/asciinema.md", "# Asciinema\n"),
                (
                    "content/s/exp/_index.md",
                    "---\nbookCollapseSection: true\n---\n",
                ),
                ("content/s/exp/images.md", "# Images\n"),
                (
                    "content/s/notes/deep.md",
                    "---\ntitle: Deep\nweight: 1\n---\n",
                ),
            ],
        );
        assert_eq!(
            got,
            [
                "S",
                "  Deep",
                "  Asciinema",
                "  Exp",
                "    Images",
                "  Hints"
            ],
            "as `hugo` 0.111 lists hugo-book's shortcodes: untitled pages and sections \
             by their files' paths; a folder without `_index.md` is no section"
        );
        let book_section = Config {
            hugo: Some(crate::config::hugo::Hugo {
                params: serde_json::json!({"BookSection": "runbooks"}),
                ..crate::config::hugo::Hugo::default()
            }),
            ..Config::default()
        };
        let got = sidebar(
            &book_section,
            &[
                ("content/docs/intro.md", "---\ntitle: Intro\n---\n"),
                ("content/runbooks/_index.md", "---\nbookHidden: true\n---\n"),
                ("content/runbooks/db/_index.md", "---\ntitle: DB\n---\n"),
                ("content/runbooks/db/x.md", "---\ntitle: X\n---\n"),
                ("content/runbooks/a.md", "---\ntitle: A\n---\n"),
            ],
        );
        assert_eq!(
            got,
            ["A", "DB", "  X"],
            "hugo-book's BookSection is the sidebar"
        );
        let mut diags = Diagnostics::new();
        let files = [
            ("content/a.md", "---\nbookHidden: true\n---\n# A\n"),
            ("content/b.md", "# B\n"),
            ("content/c.md", "# C\n"),
        ];
        let book = assemble(
            &cfg,
            &sources(&files),
            &mut diags,
            &Cache::off(),
            Default::default(),
        );
        let order: Vec<&str> = book.pages.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(order, ["B", "C", "A"], "hidden pages come last");
    }
}
