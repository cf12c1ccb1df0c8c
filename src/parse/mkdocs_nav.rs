//! Stage 3: an MkDocs book's `nav` (its entries read by `config/mkdocs.rs`) → the
//! sidebar tree and the pages' order, as MkDocs reads it: `Title: page.md` (the nav's
//! title is the page's), a bare `page.md` (the page's own title), `Section: [ … ]`
//! nested as written, and `Title: https://…` shown as a link. A section whose first
//! entry is a bare `index.md` or `README.md` opens that page (as Material's
//! `navigation.indexes` does). Pages the nav does not list come after the listed ones,
//! outside the sidebar, as MkDocs still builds them, each with a `-v` note unless
//! `not_in_nav` matches it. An entry naming a folder (`- Guide: guide/`) is a section
//! of what `mkdocs_folder.rs` finds there (literate-nav's nav file, else the folder's
//! pages). A file or folder that does not exist is a `broken-link` error at its place
//! in mkdocs.yml (or in the nav file that names it). Pure.

use std::collections::{HashMap, HashSet};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::mkdocs::{MkDocs, NavItem, NavTarget};
use crate::model::{NavKind, NavNode, Page};
use crate::parse::book::{below_content, is_index_name};
use crate::parse::mkdocs_folder::{self as folder, NavFiles};

/// The pages in nav order, then those it does not list (a `-v` note each), and the
/// sidebar tree. With literate-nav, a nav file at the top of `docs_dir` is the nav
/// instead of mkdocs.yml's, as the plugin reads it.
pub(crate) fn by_nav(
    mut pages: Vec<Page>,
    mk: &MkDocs,
    items: &[NavItem],
    nav_files: &NavFiles,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<NavNode>) {
    let by_file: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (below_content(&p.source, &mk.docs_dir).to_string(), i))
        .collect();
    let files = page_files(&pages, mk);
    // A root nav file without a list stands for every page, as literate-nav lists them.
    let root = folder::root_nav(mk, nav_files).map(|(path, text, lit)| {
        let listed = folder::from_nav_file("", text, lit.implicit_index, &files);
        let used = listed.is_some().then(|| path.clone());
        (path, text, listed, used)
    });
    let used_root = root.as_ref().and_then(|r| r.3.clone());
    let root_items = root.map(|(path, text, listed, _)| {
        let items = listed.unwrap_or_else(|| folder::implicit("", &files, (1, 1)));
        (folder::nav_file_path(mk, path), text, items)
    });
    let items = root_items.as_ref().map_or(items, |(_, _, i)| i.as_slice());
    let mut walk = Walk {
        listed: vec![false; pages.len()],
        pages: &mut pages,
        by_file: &by_file,
        files: &files,
        mk,
        order: Vec::new(),
        named: named_files(items),
        nav_files,
        used_nav_files: used_root.into_iter().collect(),
        origin: root_items.as_ref().map(|(p, t, _)| (p.clone(), t.as_str())),
        expanding: vec![String::new()],
        diags,
    };
    let nav = walk.items(items);
    let (mut order, listed, used) = (walk.order, walk.listed, walk.used_nav_files);
    let nav_source = root_items.as_ref().map_or(&mk.file, |(p, _, _)| p);
    for (i, page) in pages.iter().enumerate() {
        if !listed[i] {
            order.push(i);
            let below = below_content(&page.source, &mk.docs_dir);
            if mk.not_in_nav.matches(below) || used.contains(below) {
                continue;
            }
            tracing::info!(
                "{}: not in the nav of {nav_source}; built after the listed pages, left out of the sidebar",
                page.source,
            );
        }
    }
    crate::parse::nav::reorder(pages, &order, nav)
}

/// The pages' paths below `docs_dir`, sorted (a folder's pages are together).
pub(crate) fn page_files(pages: &[Page], mk: &MkDocs) -> Vec<String> {
    let mut files: Vec<String> = (pages.iter())
        .map(|p| below_content(&p.source, &mk.docs_dir).to_string())
        .collect();
    files.sort_unstable();
    files
}

struct Walk<'a, 'd> {
    pages: &'a mut Vec<Page>,
    by_file: &'a HashMap<String, usize>,
    mk: &'a MkDocs,
    order: Vec<usize>,
    listed: Vec<bool>,
    /// The files the nav names without a wildcard (a wildcard leaves them to their
    /// own entries).
    named: HashSet<String>,
    /// The pages' paths below `docs_dir`, sorted (a folder's pages are together).
    files: &'a [String],
    nav_files: &'a NavFiles,
    /// The nav files a folder entry read: built outside the sidebar without a note, as
    /// literate-nav leaves them.
    used_nav_files: HashSet<String>,
    /// The nav file the entries being walked come from (`None`: mkdocs.yml), and its
    /// text, for the places of their problems.
    origin: Option<(RelPath, &'a str)>,
    /// The folders being expanded, outermost first (a folder inside itself is skipped).
    expanding: Vec<String>,
    diags: &'d mut Diagnostics,
}

impl Walk<'_, '_> {
    /// The nodes of `items`; a wildcard entry without a title (`- docs/guides/*`)
    /// stands for the pages it matches, in its place.
    fn items(&mut self, items: &[NavItem]) -> Vec<NavNode> {
        let mut nodes = Vec::new();
        for item in items {
            match &item.target {
                NavTarget::File(file) if is_wildcard(file) && item.title.is_none() => {
                    nodes.extend(self.wildcard(item, file));
                }
                NavTarget::File(file) if let Some(dir) = self.folder_of(file) => {
                    nodes.extend(self.folder(item, &dir));
                }
                _ => {
                    let node = self.item(item);
                    // A page gen-files would write (a warning): no title leading nowhere.
                    let generated = self.mk.gen_files && matches!(item.target, NavTarget::File(_));
                    if !(generated && node.page.is_none() && node.children.is_empty()) {
                        nodes.push(node);
                    }
                }
            }
        }
        nodes
    }

    /// The pages a wildcard entry (`docs/tutorials/*`, `proposal/0*.md`: the nav
    /// plugins' form, literate-nav's among them) matches, by path, each as an entry
    /// titled by its page; none that the nav names elsewhere or that an earlier
    /// entry took. A trailing `*` takes the pages of the folders below too. Matching
    /// nothing is a warning at the entry.
    fn wildcard(&mut self, item: &NavItem, pattern: &str) -> Vec<NavNode> {
        let mut matched: Vec<(&str, usize)> = (self.by_file.iter())
            .filter(|(file, i)| {
                !self.listed[**i]
                    && !self.named.contains(file.as_str())
                    && wildcard_match(pattern, file)
            })
            .map(|(file, &i)| (file.as_str(), i))
            .collect();
        matched.sort();
        if matched.is_empty() {
            let (file, text) = self.place();
            self.diags.push(
                Diagnostic::warning(
                    Code::BrokenLink,
                    file,
                    format!("the nav names `{pattern}`, which matches no page"),
                )
                .at(text, item.line, item.col)
                .with_hint(format!(
                    "nav entries name files below `{}`",
                    shown_dir(&self.mk.docs_dir)
                )),
            );
        }
        matched
            .into_iter()
            .map(|(_, i)| {
                self.listed[i] = true;
                self.order.push(i);
                NavNode {
                    title: self.pages[i].title.clone(),
                    page: Some(i),
                    children: Vec::new(),
                    kind: NavKind::Entry,
                    link: None,
                    generated: None,
                }
            })
            .collect()
    }

    fn item(&mut self, item: &NavItem) -> NavNode {
        let mut node = NavNode {
            title: item.title.clone().unwrap_or_default(),
            page: None,
            children: Vec::new(),
            kind: NavKind::Entry,
            link: None,
            generated: None,
        };
        match &item.target {
            NavTarget::File(file) if is_wildcard(file) => {
                node.children = self.wildcard(item, file);
            }
            NavTarget::File(file) => {
                node.page = self.page_of(item, file);
                if let Some(i) = node.page {
                    match &item.title {
                        Some(t) => self.pages[i].title.clone_from(t),
                        None => node.title.clone_from(&self.pages[i].title),
                    }
                } else if node.title.is_empty() {
                    node.title.clone_from(file);
                }
            }
            NavTarget::Link(url) => {
                if node.title.is_empty() {
                    node.title.clone_from(url);
                }
                node.link = Some(url.clone());
            }
            NavTarget::Section(children) => {
                let (first, rest) = match children.split_first() {
                    Some((first, rest)) if is_section_index(first) => (Some(first), rest),
                    _ => (None, &children[..]),
                };
                if let Some(NavTarget::File(file)) = first.map(|f| &f.target) {
                    node.page = self.page_of(first.expect("invariant: matched"), file);
                }
                node.children = self.items(rest);
            }
        }
        node
    }

    /// The page a nav entry names; a file that is not a page is a `broken-link` error
    /// (in mkdocs.yml; a nav file's links are checked as any page's are).
    fn page_of(&mut self, item: &NavItem, file: &str) -> Option<usize> {
        let want = nav_path(file);
        let Some(&i) = want.as_ref().and_then(|p| self.by_file.get(p.as_str())) else {
            // A nav file is a page too: its link check reports the link, once.
            if self.origin.is_none() {
                self.diags.push(self.missing(item, file, want.as_deref()));
            }
            return None;
        };
        if !self.listed[i] {
            self.listed[i] = true;
            self.order.push(i);
        }
        Some(i)
    }

    fn missing(&self, item: &NavItem, file: &str, want: Option<&str>) -> Diagnostic {
        // A folder for `guide/` or `guide`, a page for `guide.md` or `guide`.
        let last = file.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let (pages, dirs) = match (file.ends_with('/'), last.contains('.')) {
            (true, _) => (false, true),
            (false, true) => (true, false),
            (false, false) => (true, true),
        };
        let folders = if dirs { self.folders() } else { Vec::new() };
        let names = (self.files.iter().filter(|_| pages).map(String::as_str))
            .chain(folders.iter().map(String::as_str));
        let want = want.map(|w| {
            if file.ends_with('/') {
                format!("{w}/")
            } else {
                w.to_string()
            }
        });
        let want = want.as_deref();
        let hint = want
            .and_then(|w| crate::base::suggest::closest(w, names))
            .map(|best| {
                format!(
                    "did you mean `{best}`? nav entries name files below `{}`",
                    shown_dir(&self.mk.docs_dir)
                )
            })
            .unwrap_or_else(|| {
                let what = if pages {
                    "the file"
                } else {
                    "the folder and its pages"
                };
                format!(
                    "create {what} below `{}`, or remove the entry",
                    shown_dir(&self.mk.docs_dir)
                )
            });
        let (path, text) = self.place();
        let message = format!("the nav names `{file}`, which does not exist");
        if self.mk.gen_files {
            // Written by the book's own script while MkDocs builds; left out here.
            let hint = "the gen-files plugin may write it while MkDocs builds; opsbook does not run it, so the entry is left out";
            return Diagnostic::warning(Code::BrokenLink, path, message)
                .at(text, item.line, item.col)
                .with_hint(hint);
        }
        Diagnostic::error(Code::BrokenLink, path, message)
            .at(text, item.line, item.col)
            .with_hint(hint)
    }

    /// The file the entries being walked come from, and its text.
    fn place(&self) -> (RelPath, &str) {
        match &self.origin {
            Some((path, text)) => (path.clone(), text),
            None => (self.mk.file.clone(), &self.mk.text),
        }
    }

    /// Every folder that holds a page, as `dir/`.
    fn folders(&self) -> Vec<String> {
        let mut out: Vec<String> = (self.files.iter())
            .flat_map(|f| {
                f.match_indices('/')
                    .map(move |(i, _)| format!("{}/", &f[..i]))
            })
            .collect();
        out.dedup();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The folder below `docs_dir` a nav entry names (`guide/` or `guide`), when it is
    /// no page and holds pages.
    fn folder_of(&self, file: &str) -> Option<String> {
        let want = nav_path(file).unwrap_or_default();
        let root = matches!(file.trim_start_matches("./"), "" | "/");
        if !root && (want.is_empty() || self.by_file.contains_key(&want)) {
            return None;
        }
        folder::is_folder(&want, self.files).then_some(want)
    }

    /// A folder entry: a section titled by the entry (else by the folder's name, as
    /// MkDocs titles folders) of the folder's nav file's entries (literate-nav's
    /// `nav_file`) or, without one, its pages that the nav does not name elsewhere.
    /// A section that ends up empty is left out, as literate-nav leaves it out.
    fn folder(&mut self, item: &NavItem, dir: &str) -> Option<NavNode> {
        if self.expanding.iter().any(|d| d == dir) {
            let (file, text) = self.place();
            self.diags.push(
                Diagnostic::warning(
                    Code::BrokenLink,
                    file,
                    format!("the nav names the folder `{dir}/` inside itself; left out"),
                )
                .at(text, item.line, item.col),
            );
            return None;
        }
        let lit = self.mk.literate_nav.as_ref();
        let nav_file = lit.map(|l| crate::parse::nav::join(dir, &l.nav_file));
        let nav_text = nav_file
            .as_ref()
            .and_then(|f| Some((f, self.nav_files.get(f)?)));
        let saved = self.origin.clone();
        let listed = match (nav_text, lit) {
            (Some((file, text)), Some(lit)) => {
                folder::from_nav_file(dir, text, lit.implicit_index, self.files)
                    .map(|items| (file, text, lit, items))
            }
            _ => None,
        };
        let items = match listed {
            Some((file, text, lit, items)) => {
                if !(lit.implicit_index && folder::index_of(dir, self.files) == Some(file)) {
                    self.used_nav_files.insert(file.clone());
                }
                self.origin = Some((folder::nav_file_path(self.mk, file), text.as_str()));
                items
            }
            // No nav file, or one without a list: the folder's pages.
            None => (folder::implicit(dir, self.files, (item.line, item.col)).into_iter())
                .filter(|i| !self.taken(i))
                .collect(),
        };
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let section = NavItem {
            title: item
                .title
                .clone()
                .or_else(|| Some(folder::dirname_to_title(name))),
            target: NavTarget::Section(items),
            line: item.line,
            col: item.col,
        };
        self.expanding.push(dir.to_string());
        let node = self.item(&section);
        self.expanding.pop();
        self.origin = saved;
        (node.page.is_some() || !node.children.is_empty()).then_some(node)
    }

    /// Whether an implicit entry's page is named elsewhere in the nav or listed already.
    fn taken(&self, item: &NavItem) -> bool {
        let NavTarget::File(file) = &item.target else {
            return false;
        };
        self.named.contains(file) || (self.by_file.get(file)).is_some_and(|&i| self.listed[i])
    }
}

/// A nav file entry the nav plugins read as a pattern.
fn is_wildcard(file: &str) -> bool {
    file.contains(['*', '?'])
}

/// Whether `file` (below the docs folder) matches the wildcard `pattern` name by name;
/// a last name of `*` also matches every file of the folders below.
fn wildcard_match(pattern: &str, file: &str) -> bool {
    use crate::source::versions::glob_match;
    let pattern = pattern.trim_start_matches("./");
    let (p, f): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), file.split('/').collect());
    let deep = p.last() == Some(&"*") && f.len() > p.len();
    (p.len() == f.len() || deep) && p.iter().zip(&f).all(|(p, f)| glob_match(p, f))
}

/// The file below the docs folder a nav entry names (percent-decoded, `./` and `..`
/// resolved); `None` when it climbs out or names nothing.
fn nav_path(file: &str) -> Option<String> {
    let decoded = crate::base::url::percent_decode(file);
    crate::source::includes::normalize("", &decoded)
        .filter(|(up, p)| *up == 0 && !p.is_empty())
        .map(|(_, p)| p)
}

/// The files `items` name without a wildcard, at any depth, as `page_of` reads them.
pub(crate) fn named_files(items: &[NavItem]) -> HashSet<String> {
    let mut out = HashSet::new();
    for item in items {
        match &item.target {
            NavTarget::File(file) if !is_wildcard(file) => out.extend(nav_path(file)),
            NavTarget::Section(children) => out.extend(named_files(children)),
            _ => {}
        }
    }
    out
}

fn shown_dir(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

/// A bare `index.md` or `README.md` (no title) first in a section: the section's page.
fn is_section_index(item: &NavItem) -> bool {
    let NavTarget::File(file) = &item.target else {
        return false;
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    item.title.is_none() && is_index_name(stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::path::RelPath;
    use crate::config::mkdocs;

    fn page(source: &str, title: &str) -> Page {
        let rel = source.trim_start_matches("docs/");
        let (id, url) = crate::parse::book::page_id_and_url(rel);
        Page {
            source: RelPath::new(source),
            url,
            id,
            title: title.to_string(),
            kind: crate::model::PageKind::Markdown,
            front: crate::model::FrontMatter::default(),
            doc: crate::model::Document::default(),
        }
    }

    fn run(yaml: &str, files: &[(&str, &str)]) -> (Vec<String>, Vec<String>, Vec<String>) {
        run_with(yaml, files, &NavFiles::new())
    }

    fn run_with(
        yaml: &str,
        files: &[(&str, &str)],
        nav_files: &NavFiles,
    ) -> (Vec<String>, Vec<String>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mk = mkdocs::parse(yaml, &RelPath::new("mkdocs.yml"), &mut diags);
        let pages = files.iter().map(|(s, t)| page(s, t)).collect();
        let items = mk.nav.clone().unwrap_or_default();
        let (pages, nav) = by_nav(pages, &mk, &items, nav_files, &mut diags);
        let mut lines = Vec::new();
        shape(&nav, &pages, 0, &mut lines);
        let order = pages.iter().map(|p| p.source.to_string()).collect();
        let problems = diags
            .iter()
            .map(|d| {
                let hint = d.hint.as_deref().unwrap_or("");
                format!("{}: {} ({hint})", d.location(), d.message)
            })
            .collect();
        (lines, order, problems)
    }

    fn shape(nodes: &[NavNode], pages: &[Page], depth: usize, out: &mut Vec<String>) {
        for n in nodes {
            let to = match (&n.link, n.page) {
                (Some(url), _) => format!(" => {url}"),
                (None, Some(i)) => format!(" -> {}", pages[i].source),
                (None, None) => String::new(),
            };
            out.push(format!("{}{}{to}", "  ".repeat(depth), n.title));
            shape(&n.children, pages, depth + 1, out);
        }
    }

    const FILES: &[(&str, &str)] = &[
        ("docs/deploy.md", "Deploy the app"),
        ("docs/index.md", "Welcome"),
        ("docs/notes.md", "Notes"),
        ("docs/ops/README.md", "Operations"),
        ("docs/ops/rollback.md", "Rollback steps"),
        ("docs/ops/deep/db.md", "DB"),
    ];

    #[test]
    fn wildcard_entries_take_the_pages_they_match_that_the_nav_does_not_name() {
        let yaml = "nav:\n  - Home: index.md\n  - Ops:\n      - ops/*\n  - Notes: n*.md\n  - Roll back: ops/rollback.md\n  - Gone: old/*\n";
        let (lines, _, problems) = run(yaml, FILES);
        assert_eq!(
            lines,
            [
                "Home -> docs/index.md",
                "Ops",
                "  Operations -> docs/ops/README.md",
                "  DB -> docs/ops/deep/db.md",
                "Notes",
                "  Notes -> docs/notes.md",
                "Roll back -> docs/ops/rollback.md",
                "Gone",
            ]
        );
        assert_eq!(
            problems,
            [
                "mkdocs.yml:7:11: the nav names `old/*`, which matches no page (nav entries name files below `docs`)"
            ]
        );
        assert!(wildcard_match("proposal/0*.md", "proposal/001-leader.md"));
        assert!(!wildcard_match("proposal/0*.md", "proposal/design.md"));
        assert!(!wildcard_match("ops/*.md", "ops/deep/db.md"));
    }

    #[test]
    fn nav_orders_titles_and_nests_pages() {
        let yaml = "nav:\n  - Home: index.md\n  - deploy.md\n  - Operations:\n      - ops/README.md\n      - Roll back: ops/rollback.md\n      - Deep:\n          - ./ops/deep/db.md\n  - Status: https://status.acme.io/\n";
        let (lines, order, problems) = run(yaml, FILES);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            lines,
            [
                "Home -> docs/index.md",
                "Deploy the app -> docs/deploy.md",
                "Operations -> docs/ops/README.md",
                "  Roll back -> docs/ops/rollback.md",
                "  Deep",
                "    DB -> docs/ops/deep/db.md",
                "Status => https://status.acme.io/",
            ]
        );
        assert_eq!(
            order,
            [
                "docs/index.md",
                "docs/deploy.md",
                "docs/ops/README.md",
                "docs/ops/rollback.md",
                "docs/ops/deep/db.md",
                "docs/notes.md",
            ],
            "pages the nav does not list come last"
        );
    }

    #[test]
    fn nav_titles_become_the_pages_titles() {
        let mut diags = Diagnostics::new();
        let mk = mkdocs::parse(
            "nav:\n  - Roll back: ops/rollback.md\n",
            &RelPath::new("mkdocs.yml"),
            &mut diags,
        );
        let pages = vec![page("docs/ops/rollback.md", "Rollback steps")];
        let (pages, _) = by_nav(
            pages,
            &mk,
            mk.nav.as_deref().unwrap_or(&[]),
            &NavFiles::new(),
            &mut diags,
        );
        assert_eq!(pages[0].title, "Roll back");
    }

    #[test]
    fn a_missing_file_is_a_broken_link_at_its_place_with_the_closest_file() {
        let yaml = "nav:\n  - Home: index.md\n  - Ops:\n      - Roll back: ops/rolback.md\n";
        let (lines, _, problems) = run(yaml, FILES);
        assert_eq!(
            problems,
            [
                "mkdocs.yml:4:20: the nav names `ops/rolback.md`, which does not exist (did you mean `ops/rollback.md`? nav entries name files below `docs`)"
            ]
        );
        assert_eq!(lines, ["Home -> docs/index.md", "Ops", "  Roll back"]);
    }

    const GUIDES: &[(&str, &str)] = &[
        ("docs/index.md", "Welcome"),
        ("docs/user-guide/README.md", "User Guide"),
        ("docs/user-guide/install.md", "Install"),
        ("docs/user-guide/write.md", "Write"),
        ("docs/dev-guide/SUMMARY.md", "Summary"),
        ("docs/dev-guide/api.md", "API"),
        ("docs/dev-guide/themes.md", "Themes"),
        ("docs/dev-guide/deep/one.md", "One"),
        ("docs/ops/runbook.md", "Runbook"),
        ("docs/ops/z.md", "Z"),
    ];

    #[test]
    fn a_folder_entry_is_a_section_of_its_nav_file_or_its_pages() {
        let yaml = "plugins:\n  - literate-nav\nnav:\n  - Home: index.md\n  - User Guide: user-guide/\n  - Developer Guide: dev-guide\n  - ops/\n  - Gone: user-guides/\n";
        let mut nav_files = NavFiles::new();
        nav_files.insert(
            "dev-guide/SUMMARY.md".into(),
            "Intro [here](../index.md).\n\n- [Themes](themes.md)\n- [API](api.md)\n- Deep\n    - [One](deep/one.md)\n- [Old](old.md)\n- gone/*.md\n".into(),
        );
        let (lines, order, problems) = run_with(yaml, GUIDES, &nav_files);
        assert_eq!(
            lines,
            [
                "Home -> docs/index.md",
                "User Guide -> docs/user-guide/README.md",
                "  Install -> docs/user-guide/install.md",
                "  Write -> docs/user-guide/write.md",
                "Developer Guide",
                "  Themes -> docs/dev-guide/themes.md",
                "  API -> docs/dev-guide/api.md",
                "  Deep",
                "    One -> docs/dev-guide/deep/one.md",
                "  Old",
                "Ops",
                "  Runbook -> docs/ops/runbook.md",
                "  Z -> docs/ops/z.md",
                "Gone",
            ]
        );
        assert_eq!(
            problems,
            [
                "docs/dev-guide/SUMMARY.md:8:1: the nav names `dev-guide/gone/*.md`, which matches no page (nav entries name files below `docs`)",
                "mkdocs.yml:8:11: the nav names `user-guides/`, which does not exist (did you mean `user-guide/`? nav entries name files below `docs`)",
            ]
        );
        assert_eq!(
            order.last().map(String::as_str),
            Some("docs/dev-guide/SUMMARY.md")
        );
    }

    #[test]
    fn implicit_index_puts_the_folders_index_first_and_named_pages_stay_where_named() {
        let yaml = "plugins:\n  - literate-nav:\n      nav_file: README.md\n      implicit_index: true\nnav:\n  - Guide: user-guide/\n  - Write it: user-guide/write.md\n";
        let mut nav_files = NavFiles::new();
        nav_files.insert(
            "user-guide/README.md".into(),
            "- [Install](install.md)\n".into(),
        );
        let (lines, _, problems) = run_with(yaml, GUIDES, &nav_files);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            lines,
            [
                "Guide -> docs/user-guide/README.md",
                "  Install -> docs/user-guide/install.md",
                "Write it -> docs/user-guide/write.md",
            ]
        );
        let (lines, _, _) = run("nav:\n  - ops/runbook.md\n  - O: ops\n", GUIDES);
        assert_eq!(
            lines,
            [
                "Runbook -> docs/ops/runbook.md",
                "O",
                "  Z -> docs/ops/z.md"
            ]
        );
    }

    #[test]
    fn with_gen_files_a_missing_entry_is_a_warning_and_left_out() {
        let yaml = "plugins:\n  - gen-files\n  - literate-nav\nnav:\n  - Home: index.md\n  - Code Reference: reference/\n";
        let (lines, _, problems) = run(yaml, GUIDES);
        assert_eq!(lines, ["Home -> docs/index.md"]);
        assert_eq!(
            problems,
            [
                "mkdocs.yml:6:21: the nav names `reference/`, which does not exist (the gen-files plugin may write it while MkDocs builds; opsbook does not run it, so the entry is left out)"
            ]
        );
    }

    #[test]
    fn a_nav_file_at_the_top_is_the_whole_nav() {
        let yaml = "plugins:\n  - literate-nav\nnav:\n  - ops/z.md\n";
        let mut nav_files = NavFiles::new();
        nav_files.insert(
            "SUMMARY.md".into(),
            "- [Start](index.md)\n- [Guide](user-guide/)\n- [Ops](ops/runbook.md)\n".into(),
        );
        let (lines, _, problems) = run_with(yaml, GUIDES, &nav_files);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            lines,
            [
                "Start -> docs/index.md",
                "Guide -> docs/user-guide/README.md",
                "  Install -> docs/user-guide/install.md",
                "  Write -> docs/user-guide/write.md",
                "Ops -> docs/ops/runbook.md",
            ]
        );
    }

    #[test]
    fn a_nav_file_without_a_list_leaves_the_folders_pages() {
        let yaml = "plugins:\n  - literate-nav\nnav:\n  - Ops: ops/\n";
        let mut nav_files = NavFiles::new();
        nav_files.insert("ops/SUMMARY.md".into(), "# Ops\n\nJust words.\n".into());
        let (lines, _, problems) = run_with(yaml, GUIDES, &nav_files);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            lines,
            [
                "Ops",
                "  Runbook -> docs/ops/runbook.md",
                "  Z -> docs/ops/z.md"
            ]
        );
    }
}
