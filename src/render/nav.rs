//! The book's navigation, for the templates: each page's trail through the nav tree
//! (breadcrumbs), the sidebar as nested `<ol>` (`toc.html`) and as JSON (`toc.js`).
//! Pure: reads the `Book`'s nav tree, returns values; renders no template.

use std::borrow::Cow;

use serde::Serialize;

use crate::base::html::{escape, script_json};
use crate::base::url::{encode_path, relative};
use crate::config::Config;
use crate::model::{Book, NavKind, NavNode};

use super::context::{CrumbContext, TocContext, shell};

/// Home, then every folder of the nav tree on the way to page `i` (`trail`: from the
/// root down to the page's own node; empty when the page is not in the nav).
pub(super) fn breadcrumbs<'a>(
    book: &'a Book,
    i: usize,
    trail: &[&'a NavNode],
) -> Vec<CrumbContext<'a>> {
    let from = book.pages[i].url.as_str();
    let mut crumbs = vec![CrumbContext {
        title: &book.title,
        href: Some(relative(from, "index.html")),
    }];
    if let Some((_, folders)) = trail.split_last() {
        for node in folders {
            let href = node
                .page
                .filter(|&p| p != i)
                .and_then(|p| book.pages.get(p))
                .map(|p| relative(from, &p.url));
            crumbs.push(CrumbContext {
                title: &node.title,
                href,
            });
        }
    }
    crumbs
}

/// For every page, the nodes from the root down to the one opening it (empty when no
/// node does): one walk of the tree, where a search per page would cost pages × nodes.
pub(crate) fn trails(nodes: &[NavNode], pages: usize) -> Vec<Vec<&NavNode>> {
    fn walk<'a>(nodes: &'a [NavNode], path: &mut Vec<&'a NavNode>, out: &mut [Vec<&'a NavNode>]) {
        for node in nodes {
            path.push(node);
            if let Some(slot) = node
                .page
                .and_then(|p| out.get_mut(p))
                .filter(|t| t.is_empty())
            {
                slot.clone_from(path);
            }
            walk(&node.children, path, out);
            path.pop();
        }
    }
    let mut out = vec![Vec::new(); pages];
    walk(nodes, &mut Vec::new(), &mut out);
    out
}

/// Up to this many pages, `pages` finds each one's trail alone.
pub(super) const FEW_PAGES: usize = 8;

/// Leaves in `path` the trail of page `page` (as `trails` gives it: its first node in
/// the walk); whether it was found. The walk stops there.
pub(super) fn trail_to<'a>(nodes: &'a [NavNode], page: usize, path: &mut Vec<&'a NavNode>) -> bool {
    for node in nodes {
        path.push(node);
        if node.page == Some(page) || trail_to(&node.children, page, path) {
            return true;
        }
        path.pop();
    }
    false
}

pub(super) fn toc_context<'a>(cfg: &'a Config, book: &'a Book) -> TocContext<'a> {
    let mut html = String::new();
    tree_html(book, &book.nav, &mut html);
    if !book.runs.is_empty() {
        // The runs index, last in the tree (only a book with runs has it).
        let at = html.len() - "</ol>".len();
        let href = escape(super::runs::RUNS_INDEX);
        html.insert_str(
            at,
            &format!("<li class=\"toc-page\"><a href=\"{href}\">Runs</a></li>"),
        );
    }
    TocContext {
        shell: shell(cfg, book, "toc.html"),
        tree_html: html,
    }
}

/// The nav tree as nested `<ol>`, links relative to the site root (encoded).
fn tree_html(book: &Book, nodes: &[NavNode], out: &mut String) {
    out.push_str("<ol>");
    for node in nodes {
        match node.kind {
            NavKind::Separator => {
                out.push_str("<li class=\"toc-separator\" aria-hidden=\"true\"></li>");
                continue;
            }
            NavKind::Part => {
                let title = escape(&node.title);
                out.push_str(&format!("<li class=\"toc-part\"><span>{title}</span></li>"));
                continue;
            }
            NavKind::Entry => {}
        }
        let class = if node.children.is_empty() {
            "toc-page"
        } else {
            "toc-folder"
        };
        out.push_str(&format!("<li class=\"{class}\">"));
        let title = escape(&node.title);
        match node.page.and_then(|p| book.pages.get(p)) {
            _ if node.link.is_some() => {
                let href = escape(node.link.as_deref().unwrap_or_default());
                out.push_str(&format!(
                    "<a class=\"toc-link\" href=\"{href}\">{title}</a>"
                ));
            }
            Some(p) => {
                let href = escape(&encode_path(&p.url));
                out.push_str(&format!("<a href=\"{href}\">{title}</a>"));
            }
            None => out.push_str(&format!("<span>{title}</span>")),
        }
        if !node.children.is_empty() {
            tree_html(book, &node.children, out);
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}

/// One node of the sidebar tree as `toc.js` reads it.
#[derive(Serialize)]
struct TreeNode<'a> {
    t: &'a str,
    /// The page's link from the site root (percent-encoded).
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<TreeNode<'a>>,
    /// `part` or `separator` (absent for a page or folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<NavKind>,
    /// A link the entry opens instead of a page, as written (an MkDocs nav link).
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<&'a str>,
}

fn tree_nodes<'a>(book: &'a Book, nodes: &'a [NavNode]) -> Vec<TreeNode<'a>> {
    nodes
        .iter()
        .map(|n| TreeNode {
            t: &n.title,
            u: n.page
                .and_then(|p| book.pages.get(p))
                .map(|p| encode_path(&p.url)),
            c: tree_nodes(book, &n.children),
            k: (n.kind != NavKind::Entry).then_some(n.kind),
            x: n.link.as_deref(),
        })
        .collect()
}

/// The sidebar tree as JSON, safe to embed in a script: `script_json` writes `<` as
/// `\u003c`; U+2028 and U+2029, line ends to older JavaScript, are escaped here.
pub(super) fn tree_json(book: &Book) -> String {
    let mut nodes = tree_nodes(book, &book.nav);
    if !book.runs.is_empty() {
        nodes.push(TreeNode {
            t: "Runs",
            u: Some(Cow::Borrowed(super::runs::RUNS_INDEX)),
            c: Vec::new(),
            k: None,
            x: None,
        });
    }
    script_json(&nodes)
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}
