//! A Hugo site's menus, as its themes show them. Entries come from the site config's
//! `menu` (or `menus`) table (`[[menus.main]]` with `name`, `url` or `pageRef`,
//! `weight`, `identifier`, `parent`) and from pages' front matter (`menu: main`,
//! `menu: [main, footer]`, `menu: {main: {weight, name, parent, identifier}}`;
//! `menus` too); a page's entry is named by its link title and weighed by its weight
//! unless it says otherwise. Each menu is sorted as Hugo sorts it: weight (none or 0
//! last), then name; `parent` nests an entry under the entry of that identifier
//! (else its name).
//!
//! Where they go: the common docs themes (Docsy, hextra, and most others) show `main`
//! as the links of the top bar and build the sidebar from the sections; hugo-book adds
//! its `before` and `after` menus above and below the sections in the sidebar, hextra
//! its `sidebar` menu below them. So `main` is opsbook's top bar (`Book::menu`),
//! `before` goes above the sidebar's tree and `after` and `sidebar` below it; any other
//! menu (a footer's) is named in a `-v` note. A `url` that names a page of the book
//! (`/docs/deploy/`) opens that page; others open as written. An entry whose `pageRef`
//! finds no page is a `broken-link` warning at its line in the config. An entry with
//! neither a page nor a URL keeps its place: with entries below it, it is the title of
//! their dropdown in the top bar (`render::context::menu_links`). Pure.

use serde_json::Value;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::hugo::Hugo;
use crate::model::{NavKind, NavNode, Page};
use crate::parse::shortcodes::find_page;

/// The menus opsbook shows.
#[derive(Debug, Default)]
pub(crate) struct Menus {
    /// `main`: the top bar's links.
    pub(crate) main: Vec<NavNode>,
    /// `before`: above the sidebar's tree.
    pub(crate) before: Vec<NavNode>,
    /// `after` and `sidebar`: below it.
    pub(crate) after: Vec<NavNode>,
}

/// One menu entry before the menus are built.
#[derive(Debug, Clone)]
struct Entry {
    menu: String,
    name: String,
    weight: i64,
    identifier: String,
    parent: Option<String>,
    page: Option<usize>,
    link: Option<String>,
    separator: bool,
}

/// The site's menus from its config and its pages (in sidebar order).
pub(crate) fn read(hugo: &Hugo, pages: &[Page], prefix: &str, diags: &mut Diagnostics) -> Menus {
    let mut sources: Vec<String> = pages.iter().map(|p| p.source.to_string()).collect();
    sources.sort();
    let find = Find {
        hugo,
        pages,
        prefix,
        sources: &sources,
    };
    let mut entries = Vec::new();
    if let Some(menus) = hugo.menus.as_object() {
        for (menu, items) in menus {
            let items = match items {
                Value::Array(items) => items.clone(),
                Value::Object(_) => vec![items.clone()],
                _ => Vec::new(),
            };
            for item in &items {
                entries.extend(find.config_entry(menu, item, diags));
            }
        }
    }
    for (i, page) in pages.iter().enumerate() {
        let menu = page
            .front
            .extra
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("menu") || k.eq_ignore_ascii_case("menus"));
        if let Some((_, value)) = menu {
            entries.extend(page_entries(i, page, value));
        }
    }
    let mut menus = Menus::default();
    let mut names: Vec<&str> = entries.iter().map(|e| e.menu.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let of_menu: Vec<Entry> = entries.iter().filter(|e| e.menu == name).cloned().collect();
        let nodes = tree(&of_menu, None, 0);
        match name {
            "main" => menus.main = nodes,
            "before" => menus.before = nodes,
            "after" | "sidebar" => menus.after.extend(nodes),
            _ => tracing::info!(
                "{}: Hugo menu `{name}` ({} {}) is not shown: opsbook shows `main` in the top bar and `before`, `after` and `sidebar` in the sidebar",
                hugo.file,
                of_menu.len(),
                if of_menu.len() == 1 {
                    "entry"
                } else {
                    "entries"
                }
            ),
        }
    }
    menus
}

/// What finding an entry's page needs.
struct Find<'a> {
    hugo: &'a Hugo,
    pages: &'a [Page],
    prefix: &'a str,
    sources: &'a [String],
}

impl Find<'_> {
    /// An entry of the config's menu `menu`.
    fn config_entry(&self, menu: &str, item: &Value, diags: &mut Diagnostics) -> Option<Entry> {
        let text = |key: &str| {
            item.as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_string)
        };
        let mut page = None;
        let mut link = None;
        if let Some(page_ref) = text("pageRef") {
            let from = RelPath::new(format!("{}/_menu", self.prefix));
            let found = find_page(
                &page_ref,
                &from,
                (self.prefix, &self.hugo.default_language),
                self.sources,
            );
            page = found.and_then(|f| self.pages.iter().position(|p| p.source.as_str() == f));
            if page.is_none() {
                let mut d = Diagnostic::warning(
                    Code::BrokenLink,
                    RelPath::new(self.hugo.file.as_str()),
                    format!("menu `{menu}`: `pageRef: {page_ref}` names no page of the site"),
                )
                .with_hint("a `pageRef` is a path below content/, e.g. `/docs/deploy`");
                if let Some((line, col)) = place_of(&self.hugo.text, &page_ref) {
                    d = d.at(&self.hugo.text, line, col);
                }
                diags.push(d);
            }
        } else if let Some(url) = text("url") {
            page = self.page_at(&url);
            link = page.is_none().then_some(url);
        }
        let name = text("name")
            .or_else(|| page.map(|i| link_title(&self.pages[i]).to_string()))
            .or_else(|| text("identifier"))?;
        let separator = item
            .get("params")
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str)
            == Some("separator");
        Some(Entry {
            menu: menu.to_string(),
            identifier: text("identifier").unwrap_or_else(|| name.clone()),
            weight: item.get("weight").and_then(Value::as_i64).unwrap_or(0),
            parent: text("parent"),
            name,
            page,
            link,
            separator,
        })
    }

    /// The page a site URL (`/docs/deploy/`) names, if any.
    fn page_at(&self, url: &str) -> Option<usize> {
        let path = url.strip_prefix('/')?;
        let path = path
            .split(['#', '?'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/');
        let candidates = if path.is_empty() {
            vec!["index.html".to_string()]
        } else {
            vec![
                format!("{path}.html"),
                format!("{path}/index.html"),
                path.to_string(),
            ]
        };
        candidates
            .iter()
            .find_map(|c| self.pages.iter().position(|p| p.url == *c))
    }
}

/// The line and column of a `pageRef` value in the config's text.
fn place_of(text: &str, page_ref: &str) -> Option<(u32, u32)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let at = line.to_ascii_lowercase().find("pageref")?;
        let col = line[at..].find(page_ref)? + at;
        let n = u32::try_from(n + 1).ok()?;
        Some((n, u32::try_from(line[..col].chars().count() + 1).ok()?))
    })
}

/// The sidebar title of a page: its link title, else its title.
fn link_title(page: &Page) -> &str {
    page.front.sidebar_title.as_deref().unwrap_or(&page.title)
}

/// The entries a page's `menu` front matter makes.
fn page_entries(i: usize, page: &Page, value: &Value) -> Vec<Entry> {
    #[allow(clippy::cast_possible_truncation)]
    let weight = page.front.order.map_or(0, |w| w as i64);
    let entry = |menu: &str, spec: Option<&Value>| {
        let text = |key: &str| {
            spec.and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let name = text("name").unwrap_or_else(|| link_title(page).to_string());
        Entry {
            menu: menu.to_string(),
            identifier: text("identifier").unwrap_or_else(|| name.clone()),
            weight: spec
                .and_then(|s| s.get("weight"))
                .and_then(Value::as_i64)
                .unwrap_or(weight),
            parent: text("parent"),
            name,
            page: Some(i),
            link: None,
            separator: false,
        }
    };
    match value {
        Value::String(menu) => vec![entry(menu, None)],
        Value::Array(menus) => menus
            .iter()
            .filter_map(Value::as_str)
            .map(|m| entry(m, None))
            .collect(),
        Value::Object(menus) => menus.iter().map(|(m, spec)| entry(m, Some(spec))).collect(),
        _ => Vec::new(),
    }
}

/// The entries under `parent` (the top level when `None`, with every entry whose parent
/// is not in the menu), sorted as Hugo sorts a menu; `depth` stops a loop of parents.
fn tree(entries: &[Entry], parent: Option<&str>, depth: u8) -> Vec<NavNode> {
    if depth > 8 {
        return Vec::new();
    }
    let known = |p: &str| entries.iter().any(|e| e.identifier == p);
    let mut level: Vec<&Entry> = entries
        .iter()
        .filter(|e| match (parent, e.parent.as_deref()) {
            (None, None) => true,
            (None, Some(p)) => !known(p),
            (Some(want), Some(p)) => p == want,
            (Some(_), None) => false,
        })
        .collect();
    level.sort_by(|a, b| {
        let weight = |e: &Entry| if e.weight == 0 { i64::MAX } else { e.weight };
        weight(a)
            .cmp(&weight(b))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.identifier.cmp(&b.identifier))
    });
    level
        .into_iter()
        .map(|e| {
            let children = if parent.is_some_and(|p| p == e.identifier) {
                Vec::new()
            } else {
                tree(entries, Some(&e.identifier), depth + 1)
            };
            NavNode {
                title: if e.separator {
                    String::new()
                } else {
                    e.name.clone()
                },
                page: e.page,
                children,
                kind: if e.separator {
                    NavKind::Separator
                } else {
                    NavKind::Entry
                },
                link: e.link.clone(),
                generated: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::cache::Cache;
    use crate::config::Config;
    use crate::parse::book::assemble;
    use crate::source::test_support::sources;

    fn titles(nodes: &[NavNode], pages: &[Page]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| {
                let to = n
                    .link
                    .clone()
                    .or_else(|| n.page.map(|i| pages[i].url.clone()))
                    .unwrap_or_default();
                let kids = titles(&n.children, pages);
                let kids = if kids.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", kids.join(", "))
                };
                format!("{} -> {to}{kids}", n.title)
            })
            .collect()
    }

    #[test]
    fn menus_from_config_and_front_matter() {
        let config = "[[menus.main]]\nname = 'GitHub'\nurl = 'https://github.com/x/y'\nweight = 30\n\
                      [[menus.main]]\nname = 'Docs'\npageRef = '/docs'\nweight = 10\n\
                      [[menus.main]]\nname = 'Install'\nurl = '/docs/install/'\nparent = 'Docs'\n\
                      [[menu.after]]\nname = 'Changelog'\nurl = 'https://x.io/changes'\n\
                      [[menus.footer]]\nname = 'Legal'\nurl = '/legal/'\n";
        let mut diags = Diagnostics::new();
        let hugo = crate::config::hugo::parse(config, &RelPath::new("hugo.toml"), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let cfg = Config {
            hugo: Some(hugo),
            ..Config::default()
        };
        let book = assemble(
            &cfg,
            &sources(&[
                ("content/docs/_index.md", "---\ntitle: Documentation\n---\n"),
                ("content/docs/install.md", "---\ntitle: Install\n---\n"),
                (
                    "content/about.md",
                    "---\ntitle: About us\nlinkTitle: About\nweight: 20\nmenu: main\n---\n",
                ),
                (
                    "content/faq.md",
                    "---\ntitle: FAQ\nmenu:\n  before:\n    weight: 1\n    name: Questions\n---\n",
                ),
            ]),
            &mut diags,
            &Cache::off(),
            Default::default(),
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            titles(&book.menu, &book.pages),
            [
                "Docs -> docs/index.html [Install -> docs/install.html]",
                "About -> about.html",
                "GitHub -> https://github.com/x/y",
            ]
        );
        let sidebar: Vec<String> = book.nav.iter().map(|n| n.title.clone()).collect();
        assert_eq!(
            sidebar,
            ["Questions", "About", "Documentation", "FAQ", "Changelog"]
        );
    }

    #[test]
    fn a_page_ref_to_no_page_is_a_warning() {
        let mut diags = Diagnostics::new();
        let hugo = crate::config::hugo::parse(
            "menu:\n  main:\n    - name: Gone\n      pageRef: /gone\n",
            &RelPath::new("hugo.yaml"),
            &mut diags,
        );
        let menus = read(&hugo, &[], "content", &mut diags);
        let found: Vec<String> = diags.placed();
        assert_eq!(
            found,
            ["hugo.yaml:4:16: menu `main`: `pageRef: /gone` names no page of the site"]
        );
        assert_eq!(menus.main.len(), 1, "kept, as text");
    }
}
