//! Stage 3: an MkDocs book's `nav` (its entries read by `config/mkdocs.rs`) → the
//! sidebar tree and the pages' order, as MkDocs reads it: `Title: page.md` (the nav's
//! title is the page's), a bare `page.md` (the page's own title), `Section: [ … ]`
//! nested as written, and `Title: https://…` shown as a link. A section whose first
//! entry is a bare `index.md` or `README.md` opens that page (as Material's
//! `navigation.indexes` does). Pages the nav does not list come after the listed ones,
//! outside the sidebar, as MkDocs still builds them, each with a `-v` note unless
//! `not_in_nav` matches it. A file that does not exist is a
//! `broken-link` error at its place in mkdocs.yml. Pure.

use std::collections::{HashMap, HashSet};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::config::mkdocs::{MkDocs, NavItem, NavTarget};
use crate::model::{NavKind, NavNode, Page};
use crate::parse::book::{below_content, is_index_name};

/// The pages in nav order, then those it does not list (a `-v` note each), and the
/// sidebar tree.
pub(crate) fn by_nav(
    mut pages: Vec<Page>,
    mk: &MkDocs,
    items: &[NavItem],
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<NavNode>) {
    let by_file: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (below_content(&p.source, &mk.docs_dir).to_string(), i))
        .collect();
    let mut walk = Walk {
        listed: vec![false; pages.len()],
        pages: &mut pages,
        by_file: &by_file,
        mk,
        order: Vec::new(),
        named: named_files(items),
        diags,
    };
    let nav = walk.items(items);
    let (mut order, listed) = (walk.order, walk.listed);
    for (i, page) in pages.iter().enumerate() {
        if !listed[i] {
            order.push(i);
            if mk
                .not_in_nav
                .matches(below_content(&page.source, &mk.docs_dir))
            {
                continue;
            }
            tracing::info!(
                "{}: not in the nav of {}; built after the listed pages, left out of the sidebar",
                page.source,
                mk.file
            );
        }
    }
    crate::parse::nav::reorder(pages, &order, nav)
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
                _ => nodes.push(self.item(item)),
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
            self.diags.push(
                Diagnostic::warning(
                    Code::BrokenLink,
                    self.mk.file.clone(),
                    format!("the nav names `{pattern}`, which matches no page"),
                )
                .at(&self.mk.text, item.line, item.col)
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

    /// The page a nav entry names; a file that is not a page is a `broken-link` error.
    fn page_of(&mut self, item: &NavItem, file: &str) -> Option<usize> {
        let want = nav_path(file);
        let Some(&i) = want.as_ref().and_then(|p| self.by_file.get(p.as_str())) else {
            self.diags.push(self.missing(item, file, want.as_deref()));
            return None;
        };
        if !self.listed[i] {
            self.listed[i] = true;
            self.order.push(i);
        }
        Some(i)
    }

    fn missing(&self, item: &NavItem, file: &str, want: Option<&str>) -> Diagnostic {
        let names = self.by_file.keys().map(String::as_str);
        let hint = want
            .and_then(|w| crate::base::suggest::closest(w, names))
            .map(|best| {
                format!(
                    "did you mean `{best}`? nav entries name files below `{}`",
                    shown_dir(&self.mk.docs_dir)
                )
            })
            .unwrap_or_else(|| {
                format!(
                    "create the file below `{}`, or remove the entry",
                    shown_dir(&self.mk.docs_dir)
                )
            });
        Diagnostic::error(
            Code::BrokenLink,
            self.mk.file.clone(),
            format!("the nav names `{file}`, which does not exist"),
        )
        .at(&self.mk.text, item.line, item.col)
        .with_hint(hint)
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
fn named_files(items: &[NavItem]) -> HashSet<String> {
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
        let mut diags = Diagnostics::new();
        let mk = mkdocs::parse(yaml, &RelPath::new("mkdocs.yml"), &mut diags);
        let pages = files.iter().map(|(s, t)| page(s, t)).collect();
        let items = mk.nav.clone().unwrap_or_default();
        let (pages, nav) = by_nav(pages, &mk, &items, &mut diags);
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
        let (pages, _) = by_nav(pages, &mk, mk.nav.as_deref().unwrap_or(&[]), &mut diags);
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
}
