//! Stage 3: the pages Docusaurus makes for a category with `link: {type:
//! 'generated-index', title, description, slug}` (in `sidebars.js` or a
//! `_category_` file; `NavNode::generated`). Each is a page of the book like the
//! others, written as Markdown and parsed as one: its `title` (else the category's
//! label) as the H1, its `description`, then a list of the category's items, each
//! linked, with its page's front-matter `description` (a category without a page
//! links to its first page and says how many items it has), as Docusaurus's cards.
//! It is at Docusaurus's URL: its `slug` from the docs' root, else
//! `category/<label as a heading id>` (a label used twice gets `-1`), so the
//! sidebar entry opens it and links to `/docs/category/…` land. A page already at
//! that URL wins, and the category opens none (a `duplicate-page` warning at the
//! category's `link`). With `[site] edit-url`, its edit link opens the file that
//! writes the `link` (the `_category_` file or the sidebars file: front matter
//! `custom_edit_url`, as Docusaurus names a page's own edit link).

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::base::url::encode_path;
use crate::config::Config;
use crate::model::{GeneratedIndex, NavNode, Page};
use crate::parse::book::{below_content, markdown_page};
use crate::parse::ids::{Slugger, slug};
use crate::parse::nav::reorder;
use crate::parse::shortcodes::relative_path;
use crate::source::SourceFile;
use crate::source::includes::Includes;

/// The book's pages and sidebar (in order) with the page of every `generated` entry
/// of `nav` added (depth first, so that an index lists its sub-categories' pages),
/// each just before its category's first page; the entries open them.
///
/// `mount` is the folder of a Docusaurus site's other docs instance whose sidebar
/// `nav` is (its indexes are made in it: `community/category/guides.html`); `""`
/// for the docs.
pub(crate) fn add(
    cfg: &Config,
    mount: &str,
    mut pages: Vec<Page>,
    mut nav: Vec<NavNode>,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<NavNode>) {
    let made = pages.len();
    let mut maker = Maker {
        cfg,
        prefix: cfg.content_prefix(),
        mount,
        slugger: Slugger::default(),
        diags,
    };
    maker.nodes(&mut pages, &mut nav);
    if pages.len() == made {
        return (pages, nav);
    }
    let mut order: Vec<usize> = (0..made).collect();
    place(&nav, made, &mut order);
    reorder(pages, &order, nav)
}

/// Puts the made pages (indices from `made` on) in `order`, each before its
/// category's first page (at the end when it has none).
fn place(nodes: &[NavNode], made: usize, order: &mut Vec<usize>) {
    for n in nodes {
        place(&n.children, made, order);
        let Some(i) = n.page.filter(|&i| i >= made) else {
            continue;
        };
        let first = first_page(&n.children).and_then(|f| order.iter().position(|&o| o == f));
        order.insert(first.unwrap_or(order.len()), i);
    }
}

struct Maker<'a, 'd> {
    cfg: &'a Config,
    prefix: &'a str,
    mount: &'a str,
    slugger: Slugger,
    diags: &'d mut Diagnostics,
}

impl Maker<'_, '_> {
    fn nodes(&mut self, pages: &mut Vec<Page>, nodes: &mut [NavNode]) {
        for node in nodes {
            let Some(index) = node.generated.take() else {
                self.nodes(pages, &mut node.children);
                continue;
            };
            // Docusaurus slugs the labels in sidebar order, a category before its items.
            let slug = index.slug.clone().unwrap_or_else(|| {
                let base = slug(&node.title);
                format!("category/{}", self.slugger.unique(&base))
            });
            self.nodes(pages, &mut node.children);
            if node.page.is_none() {
                node.page = self.page(pages, node, &index, &slug);
            }
        }
    }

    /// The index page of `node` at `slug`, pushed onto `pages`; its index.
    fn page(
        &mut self,
        pages: &mut Vec<Page>,
        node: &NavNode,
        index: &GeneratedIndex,
        slug: &str,
    ) -> Option<usize> {
        let rel = match slug.trim_matches('/') {
            "" => "index.md".to_string(),
            s => format!("{s}.md"),
        };
        if rel.split('/').any(|part| matches!(part, "" | "." | "..")) {
            let d = Diagnostic::warning(
                Code::Config,
                RelPath::new(self.prefix),
                format!(
                    "the category \"{}\" has a generated index at `slug: '{slug}'`, which is no path below the docs folder; it is not made",
                    node.title
                ),
            )
            .with_hint("write the slug as a path from the docs' root, like `/category/guides`");
            self.diags.push(at_place(d, index));
            return None;
        }
        // An instance's files are at their own paths (`below_content` keeps them).
        let (rel, path) = match (self.mount, self.prefix) {
            ("", "") => (rel.clone(), rel),
            ("", p) => (rel.clone(), format!("{p}/{rel}")),
            (m, _) => (format!("{m}/{rel}"), format!("{m}/{rel}")),
        };
        let url = format!("{}.html", rel.trim_end_matches(".md"));
        if let Some(taken) = pages.iter().find(|p| p.url.eq_ignore_ascii_case(&url)) {
            let d = Diagnostic::warning(
                Code::DuplicatePage,
                taken.source.clone(),
                format!(
                    "the category \"{}\" has a generated index at `{url}`, where the page {} is; the category opens no index",
                    node.title, taken.source
                ),
            )
            .with_hint("give the category's `link` its own `slug`, or make it `{type: 'doc', id}` to open this page");
            self.diags.push(at_place(d, index));
            return None;
        }
        let edit = (self.cfg.site.edit_url.as_deref())
            .zip(index.place.as_ref())
            .map(|(url, place)| url.replace("{path}", &encode_path(place.path.as_str())));
        let text = markdown(pages, node, index, &rel, self.prefix, edit.as_deref());
        let file = SourceFile {
            path: RelPath::new(path),
            bytes: text.into_bytes(),
        };
        let none = (
            &Includes::default(),
            &crate::parse::hugo_cascade::Cascades::default(),
        );
        let page = markdown_page(self.cfg, &file, none, self.diags)?;
        pages.push(page);
        Some(pages.len() - 1)
    }
}

/// The index page's Markdown: the title, the description, the items.
fn markdown(
    pages: &[Page],
    node: &NavNode,
    index: &GeneratedIndex,
    rel: &str,
    prefix: &str,
    edit: Option<&str>,
) -> String {
    let title = index.title.as_deref().unwrap_or(&node.title);
    let mut out = String::new();
    let quoted = |text: &str| serde_json::Value::from(text).to_string();
    let mut front = Vec::new();
    if let Some(description) = &index.description {
        // In the front matter too, for the page's description and the parent's list.
        front.push(format!("description: {}", quoted(description)));
    }
    if let Some(url) = edit {
        front.push(format!("custom_edit_url: {}", quoted(url)));
    }
    if !front.is_empty() {
        out.push_str(&format!("---\n{}\n---\n\n", front.join("\n")));
    }
    out.push_str(&format!("# {}\n\n", escape(title)));
    if let Some(description) = &index.description {
        out.push_str(&format!("{}\n\n", escape(description)));
    }
    for child in &node.children {
        let page = child.page.or_else(|| first_page(&child.children));
        let href = match (&child.link, page) {
            (Some(link), _) => Some(link.clone()),
            (None, Some(i)) => Some(relative_path(rel, below_content(&pages[i].source, prefix))),
            (None, None) => None,
        };
        let name = escape(&child.title);
        out.push_str(&match href {
            Some(href) => format!("- [{name}](<{href}>)"),
            None => format!("- {name}"),
        });
        let about = child.page.and_then(|i| description(&pages[i])).or_else(|| {
            // A category says how many items it has, as Docusaurus's card does.
            (!child.children.is_empty()).then(|| items(child.children.len()))
        });
        if let Some(about) = about {
            out.push_str(&format!(": {}", escape(&about)));
        }
        out.push('\n');
    }
    if node.children.is_empty() {
        out.push_str("This category has no pages yet.\n");
    }
    out
}

/// `d` at the category's `link` when its place is known (the file it is in, the line).
fn at_place(mut d: Diagnostic, index: &GeneratedIndex) -> Diagnostic {
    if let Some(place) = &index.place {
        d.path = place.path.clone();
        d.line = place.line;
        d.col = place.col;
        d.source_line.clone_from(&place.text);
    }
    d
}

/// A page's front-matter `description`.
fn description(page: &Page) -> Option<String> {
    let text = page.front.extra.get("description")?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// "1 item", "3 items", as Docusaurus's card of a category says.
fn items(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}

/// The first page the entries open, depth first.
fn first_page(nodes: &[NavNode]) -> Option<usize> {
    nodes
        .iter()
        .find_map(|n| n.page.or_else(|| first_page(&n.children)))
}

/// Text as Markdown that shows it as it is.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_categories_count_their_items() {
        assert_eq!(escape("Errors & [codes]_*"), "Errors \\& \\[codes\\]\\_\\*");
        assert_eq!(items(1), "1 item");
        assert_eq!(items(3), "3 items");
    }
}
