//! Stage 3: an MkDocs book's `nav` (its entries read by `config/mkdocs.rs`) → the
//! sidebar tree and the pages' order, as MkDocs reads it: `Title: page.md` (the nav's
//! title is the page's), a bare `page.md` (the page's own title), `Section: [ … ]`
//! nested as written, and `Title: https://…` shown as a link. A section whose first
//! entry is a bare `index.md` or `README.md` opens that page (as Material's
//! `navigation.indexes` does). Pages the nav does not list come after the listed ones,
//! outside the sidebar, as MkDocs still builds them, each with a `-v` note unless
//! `not_in_nav` matches it. A file that does not exist is a
//! `broken-link` error at its place in mkdocs.yml. Pure.

use std::collections::HashMap;

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
    diags: &'d mut Diagnostics,
}

impl Walk<'_, '_> {
    fn items(&mut self, items: &[NavItem]) -> Vec<NavNode> {
        items.iter().map(|item| self.item(item)).collect()
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
        let decoded = crate::base::url::percent_decode(file);
        let want = crate::source::includes::normalize("", &decoded)
            .filter(|(up, p)| *up == 0 && !p.is_empty())
            .map(|(_, p)| p);
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
