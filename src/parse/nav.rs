//! Stage 3: the sidebar tree (`Book::nav`) and the order of the pages, the one place
//! both are made. A book's folders and front-matter `order` make them (`by_folders`);
//! an mdBook's SUMMARY.md (`parse/summary.rs`) makes them as written, and its pages
//! not listed there come after the listed ones, outside the sidebar (`by_summary`);
//! an MkDocs book's `nav` likewise (`mkdocs_nav.rs`). Pure.

use std::collections::{BTreeMap, HashMap};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::{Config, SUMMARY_FILE};
use crate::model::{NavKind, NavNode, Page};
use crate::parse::book::{below_content, is_index_name, title_from_name};
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
    let prefix = cfg.content_prefix();
    if let Some((mk, items)) = cfg.mkdocs.as_ref().and_then(|m| Some((m, m.nav.as_ref()?))) {
        return crate::parse::mkdocs_nav::by_nav(pages, mk, items, diags);
    }
    let Some(md) = &cfg.mdbook else {
        return by_folders(pages, prefix);
    };
    let path = RelPath::new(join(&md.src, SUMMARY_FILE));
    let Some(file) = crate::source::find_file(&src.content, &path) else {
        return by_folders(pages, prefix);
    };
    let text = match crate::base::fsio::decode_text(&file.path, file.bytes.clone()) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return by_folders(pages, prefix);
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
fn join(dir: &str, name: &str) -> String {
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

/// Orders pages as the sidebar shows them (depth-first; within a folder by front-matter
/// `order`, then file name, pages before subfolders at equal order) and builds the tree.
fn by_folders(pages: Vec<Page>, prefix: &str) -> (Vec<Page>, Vec<NavNode>) {
    let mut root = Folder::default();
    for (i, page) in pages.iter().enumerate() {
        let rel = below_content(&page.source, prefix);
        let mut parts: Vec<&str> = rel.split('/').collect();
        let file = parts.pop().unwrap_or_default();
        let folder = parts.iter().fold(&mut root, |f, part| {
            f.folders.entry((*part).to_string()).or_default()
        });
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        if is_index_name(stem) && folder.index.is_none() {
            folder.index = Some(i);
        } else {
            folder.pages.push(i);
        }
    }
    let mut order = Vec::with_capacity(pages.len());
    if let Some(i) = root.index {
        order.push(i);
    }
    let nav = folder_children(&root, &pages, prefix, &mut order);
    reorder(pages, &order, nav)
}

/// The pages in `order` (each index once, every page), and `nav` pointing at them.
pub(super) fn reorder(
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

/// The sorted entries of one folder; pushes page indices in visiting order.
fn folder_children(
    folder: &Folder,
    pages: &[Page],
    prefix: &str,
    order: &mut Vec<usize>,
) -> Vec<NavNode> {
    enum Entry<'a> {
        Page(usize),
        Folder(&'a str, &'a Folder),
    }
    let key = |e: &Entry<'_>| -> (i64, u8, String) {
        match e {
            Entry::Page(i) => (
                pages[*i].front.order.unwrap_or(i64::MAX),
                0,
                below_content(&pages[*i].source, prefix).to_lowercase(),
            ),
            Entry::Folder(name, f) => (
                f.index
                    .and_then(|i| pages[i].front.order)
                    .unwrap_or(i64::MAX),
                1,
                name.to_lowercase(),
            ),
        }
    };
    let mut entries: Vec<Entry<'_>> = folder.pages.iter().map(|&i| Entry::Page(i)).collect();
    entries.extend(folder.folders.iter().map(|(n, f)| Entry::Folder(n, f)));
    entries.sort_by_cached_key(key);
    entries
        .into_iter()
        .map(|e| match e {
            Entry::Page(i) => {
                order.push(i);
                NavNode {
                    title: pages[i].title.clone(),
                    page: Some(i),
                    children: Vec::new(),
                    kind: NavKind::Entry,
                    link: None,
                }
            }
            Entry::Folder(name, f) => {
                if let Some(i) = f.index {
                    order.push(i);
                }
                let title = f
                    .index
                    .map_or_else(|| title_from_name(name), |i| pages[i].title.clone());
                NavNode {
                    title,
                    page: f.index,
                    children: folder_children(f, pages, prefix, order),
                    kind: NavKind::Entry,
                    link: None,
                }
            }
        })
        .collect()
}

fn renumber(nodes: Vec<NavNode>, remap: &[usize]) -> Vec<NavNode> {
    nodes
        .into_iter()
        .map(|n| NavNode {
            title: n.title,
            page: n.page.map(|i| remap[i]),
            children: renumber(n.children, remap),
            kind: n.kind,
            link: n.link,
        })
        .collect()
}
