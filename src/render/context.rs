//! The typed template contexts: one documented `#[derive(Serialize)]` struct per
//! template (`page.html`, `index.html`, `404.html`, `toc.html`, `toc.js`) and the shell
//! every page shares. They are the theme's API (README, Themes). Also the functions that
//! fill them from the `Config` and the `Book`. Renders nothing and reads no disk.

use std::borrow::Cow;

use serde::Serialize;

use crate::base::url::{encode_path, relative, root_prefix};
use crate::config::Config;
use crate::model::{Book, Document, NavNode, PageKind};
use crate::render::board::{self, BoardContext, DashboardContext};

use super::nav::breadcrumbs;
use super::not_found;

/// What the shell (`base.html`) needs on every page.
#[derive(Debug, Serialize)]
pub(crate) struct ShellContext<'a> {
    /// `<html lang>`, from `[book] language`.
    pub(crate) lang: &'a str,
    pub(crate) book_title: &'a str,
    pub(crate) book_description: Option<&'a str>,
    /// Relative path from this file to the site root: `""`, `"../"`, …
    pub(crate) root: String,
    /// This file's link from the site root: its path in the site (`ops/deploy.html`),
    /// percent-encoded as every link is (`a%23b.html`); the sidebar marks it current.
    pub(crate) current: Cow<'a, str>,
    /// Whether the site is versioned; pages then show the version switcher
    /// (`static/versions.js`, reading `versions.json`). The version's name is not in the
    /// context: a page unchanged between two versions is the same file in both (the
    /// scripts read the name from the folder).
    pub(crate) versioned: bool,
    /// `[site] content-security-policy`, for a `<meta>`; `None` when empty. The 404
    /// page's also allows its inline script (`not_found.rs`).
    pub(crate) csp: Option<Cow<'a, str>>,
    /// The top bar's links (a Hugo site's `main` menu), relative to this file.
    pub(crate) menu: Vec<MenuLinkContext<'a>>,
}

/// A top-bar link: to a page (relative to the current file) or as written.
#[derive(Debug, Serialize)]
pub(crate) struct MenuLinkContext<'a> {
    pub(crate) title: &'a str,
    /// `None` for an entry with neither a page nor a URL: a dropdown's title.
    pub(crate) href: Option<Cow<'a, str>>,
    /// The entries below it (a dropdown), each with its own below it flattened in:
    /// the top bar shows two levels.
    pub(crate) children: Vec<MenuLinkContext<'a>>,
}

/// A link to another page, already relative to the current file.
#[derive(Debug, Serialize)]
pub(crate) struct LinkContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: String,
}

/// One breadcrumb: a folder (linked when it has an index page) or the home page.
#[derive(Debug, Serialize)]
pub(crate) struct CrumbContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) href: Option<String>,
}

/// One entry of the page's own table of contents (H2 and H3).
#[derive(Debug, Serialize)]
pub(crate) struct HeadingContext<'a> {
    pub(crate) level: u8,
    pub(crate) id: &'a str,
    pub(crate) text: &'a str,
}

/// The page itself, for `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageInfo<'a> {
    pub(crate) title: &'a str,
    /// Runbook id (`ops/deploy`).
    pub(crate) id: &'a str,
    pub(crate) url: &'a str,
    /// Source path (`content/ops/deploy.md`).
    pub(crate) source: &'a str,
    pub(crate) kind: PageKind,
    /// The body has its own H1, so the template must not add the title as one.
    pub(crate) body_has_h1: bool,
    /// The body has a diagram: the page loads `static/mermaid.min.js`.
    pub(crate) diagrams: bool,
    /// Date of the last commit of the source (`YYYY-MM-DD`), when the book is in git.
    pub(crate) updated: Option<&'a str>,
}

/// Context of `page.html`: one runbook page.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    pub(crate) page: PageInfo<'a>,
    /// On a page with a progress board: its H1 and introduction, shown before the
    /// board (`render::lead`); empty on other pages (trusted; `| safe`).
    pub(crate) lead: &'a str,
    /// Body HTML from the Markdown stage, less the `lead` (trusted; print with `| safe`).
    pub(crate) body: &'a str,
    pub(crate) headings: Vec<HeadingContext<'a>>,
    /// Home, then the folders down to the page (the page itself is not included).
    pub(crate) breadcrumbs: Vec<CrumbContext<'a>>,
    pub(crate) prev: Option<LinkContext<'a>>,
    pub(crate) next: Option<LinkContext<'a>>,
    /// `[site] edit-url` with `{path}` replaced by the source path.
    pub(crate) edit_url: Option<String>,
    pub(crate) item_count: usize,
    pub(crate) phase_count: usize,
    /// Phases × environments with the committed progress (source ticks + team state).
    pub(crate) board: BoardContext<'a>,
    /// JSON for the checklist script (items, scopes, team state), safe inside
    /// `<script type="application/json">`; print with `| safe`.
    pub(crate) data_json: String,
    /// The committed team state of this page's items, per environment (may be empty).
    pub(crate) team: Vec<crate::render::team::TeamEnvContext<'a>>,
    /// The runbook's runs, open and past (`None` when it has none).
    pub(crate) runs: Option<crate::render::runs::RunbookRunsContext<'a>>,
    /// "Start a run on GitHub", one link per environment (`github-run.html`); empty
    /// without `[site] repository`.
    pub(crate) github_runs: Vec<crate::render::github::StartRunLink>,
    /// A Hugo site's page: its terms per taxonomy (`Tags: a, b`), each linking to the
    /// term's page (`parse::hugo_taxonomy::page_terms`); empty elsewhere.
    pub(crate) terms: Vec<TermsContext>,
}

/// One taxonomy's terms on a page: `Tags` and its links.
#[derive(Debug, Serialize)]
pub(crate) struct TermsContext {
    pub(crate) name: String,
    pub(crate) terms: Vec<TermLinkContext>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TermLinkContext {
    pub(crate) title: String,
    pub(crate) href: String,
}

/// The home page's own content (`content/index.md`), if the book has one.
#[derive(Debug, Serialize)]
pub(crate) struct HomeContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) body: &'a str,
    pub(crate) body_has_h1: bool,
}

/// One runbook in the home page's list.
#[derive(Debug, Serialize)]
pub(crate) struct RunbookContext<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    /// Front matter `description`, if any.
    pub(crate) description: Option<&'a str>,
    pub(crate) item_count: usize,
    pub(crate) phase_count: usize,
}

/// Context of `index.html`: the home page.
#[derive(Debug, Serialize)]
pub(crate) struct IndexContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    pub(crate) home: Option<HomeContext<'a>>,
    /// The runbooks: every page with checklist items but the home page, in book order.
    pub(crate) runbooks: Vec<RunbookContext<'a>>,
    /// Runbooks × environments with the committed progress.
    pub(crate) dashboard: DashboardContext<'a>,
    /// `{"book","version","environments"}` for the checklist script's dashboard, safe
    /// inside `<script type="application/json">`; print with `| safe`.
    pub(crate) data_json: String,
    /// Open runs and the last result per runbook × environment (`None`: no runs).
    pub(crate) runs: Option<crate::render::runs::HomeRunsContext<'a>>,
}

/// Context of `404.html`.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    /// `<base href>` (the path of `[site] url`, e.g. `/runbooks/`): a 404 page is served
    /// at any depth, so its links need an absolute base when one is known.
    pub(crate) base: Option<String>,
    /// Without `base`: the inline script that finds the site root (print with
    /// `| safe`, exactly as it is: the policy allows it by its hash).
    pub(crate) find_root_js: Option<&'static str>,
}

/// Context of `toc.html`: the full contents, for readers without JavaScript.
#[derive(Debug, Serialize)]
pub(crate) struct TocContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    /// The navigation tree as nested `<ol>` (pre-rendered, escaped; print with `| safe`).
    pub(crate) tree_html: String,
}

/// Context of `toc.js`: the sidebar script.
#[derive(Debug, Serialize)]
pub(crate) struct TocScriptContext {
    /// The tree as a JSON array of `{"t": title, "u": url?, "c": [children]?}`, with
    /// every `<` written `\u003c`.
    pub(crate) tree_json: String,
}

/// The shell context of the file at `current` (its site path).
pub(crate) fn shell<'a>(cfg: &'a Config, book: &'a Book, current: &'a str) -> ShellContext<'a> {
    ShellContext {
        lang: &cfg.book.language,
        book_title: &book.title,
        book_description: book.description.as_deref(),
        root: root_prefix(current),
        current: encode_path(current),
        versioned: cfg.versions.versioned,
        csp: Some(cfg.site.content_security_policy.trim())
            .filter(|p| !p.is_empty())
            .map(Cow::Borrowed),
        menu: menu_links(book, current),
    }
}

/// The book's top-bar links as seen from the file at `current`: an entry with entries
/// below it is a dropdown; one with neither a link nor entries below it is left out
/// (hextra's search box: opsbook has its own).
fn menu_links<'a>(book: &'a Book, current: &str) -> Vec<MenuLinkContext<'a>> {
    menu_level(book, &book.menu, &root_prefix(current), 0)
}

fn menu_level<'a>(
    book: &'a Book,
    nodes: &'a [crate::model::NavNode],
    root: &str,
    depth: usize,
) -> Vec<MenuLinkContext<'a>> {
    let mut out = Vec::new();
    for n in nodes {
        let href = match (&n.link, n.page.and_then(|i| book.pages.get(i))) {
            (Some(link), _) => Some(Cow::Borrowed(link.as_str())),
            (None, Some(page)) => Some(Cow::Owned(format!("{root}{}", encode_path(&page.url)))),
            (None, None) => None,
        };
        let mut children = menu_level(book, &n.children, root, depth + 1);
        if depth > 0 {
            // Below the first level, an entry's own entries follow it.
            let below = std::mem::take(&mut children);
            if href.is_some() {
                out.push(MenuLinkContext {
                    title: &n.title,
                    href,
                    children,
                });
            }
            out.extend(below);
            continue;
        }
        if href.is_some() || !children.is_empty() {
            out.push(MenuLinkContext {
                title: &n.title,
                href,
                children,
            });
        }
    }
    out
}

/// The context of page `i` of the book; `trails` holds each page's trail through the
/// nav (`nav::trails`; at least page `i`'s and its neighbours').
/// `html` is the page's body (`Document::body`: a streamed build keeps it out of the book).
pub(super) fn page_context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    i: usize,
    trails: &[Vec<&'a NavNode>],
    html: &'a str,
) -> PageContext<'a> {
    let page = &book.pages[i];
    let trail = trails.get(i).map_or(&[][..], Vec::as_slice);
    let from = page.url.as_str();
    // MkDocs leaves the pages its nav does not list out of the pager: they have no
    // previous and next links, and no listed page leads to them. A taxonomy's page
    // is none's previous or next, and has none (`PageKind::Taxonomy`).
    let taxonomy = page.kind == PageKind::Taxonomy;
    let paged = |j: usize| {
        cfg.mkdocs.is_none() || book.home == Some(j) || trails.get(j).is_some_and(|t| !t.is_empty())
    };
    // Docusaurus keeps each docs instance's pager within it: the docs' last page
    // leads to no page of the next instance (`community/…`), nor back.
    let instance = |p: &crate::model::Page| {
        let instances = cfg
            .docusaurus
            .as_ref()
            .map_or(&[][..], |d| &d.instances[..]);
        crate::parse::docs_instances::instance_of(instances, p.source.as_str()).map(|d| &d.id)
    };
    let link = |j: usize| {
        let p = book.pages.get(j).filter(|p| {
            paged(j) && !taxonomy && p.kind != PageKind::Taxonomy && instance(p) == instance(page)
        });
        p.map(|p| LinkContext {
            title: &p.title,
            href: relative(from, &p.url),
        })
    };
    let board = board::board(book, page);
    // The introduction comes before the board, so only a page with a board is cut.
    let (lead, body) = if board.phases.is_empty() {
        ("", html)
    } else {
        crate::render::lead::split(html)
    };
    PageContext {
        shell: shell(cfg, book, from),
        page: PageInfo {
            title: &page.title,
            id: &page.id,
            url: from,
            source: page.source.as_str(),
            kind: page.kind,
            body_has_h1: has_h1(&page.doc, html),
            diagrams: page.doc.diagrams,
            updated: book.updated.get(page.source.as_str()).map(String::as_str),
        },
        lead,
        body,
        headings: page
            .doc
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .map(|h| HeadingContext {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect(),
        breadcrumbs: breadcrumbs(book, i, trail),
        prev: i.checked_sub(1).filter(|_| paged(i)).and_then(link),
        next: Some(i + 1).filter(|_| paged(i)).and_then(link),
        edit_url: cfg
            .site
            .edit_url
            .as_ref()
            .filter(|_| !taxonomy)
            .and_then(|u| match custom_edit_url(cfg, page) {
                Some(own) => own.map(str::to_string),
                None => Some(u.replace("{path}", &encode_path(&edit_path(cfg, page)))),
            }),
        item_count: page.doc.items.len(),
        phase_count: page.doc.phases.iter().filter(|p| p.id.is_some()).count(),
        board,
        data_json: board::page_data_json(book, page, &book_key(book), page_version(cfg)),
        team: crate::render::team::team(book, page),
        runs: crate::render::runs::runbook_runs(book, page),
        github_runs: crate::render::github::start_links(cfg, book, page),
        terms: (cfg.hugo.as_ref())
            .filter(|_| !taxonomy)
            .map(|hugo| crate::parse::hugo_taxonomy::page_terms(hugo, &page.front))
            .unwrap_or_default()
            .into_iter()
            .map(|(name, terms)| TermsContext {
                name,
                terms: (terms.into_iter())
                    .map(|(title, url)| TermLinkContext {
                        title,
                        href: relative(from, &url),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The key under which readers' ticks of this book are kept in localStorage.
pub(crate) fn book_key(book: &Book) -> String {
    crate::parse::ids::slug(&book.title)
}

/// The version a page's data names: the current one, except in a versioned site,
/// where the scripts read it from the page's folder (see `board::PageData`).
pub(super) fn page_version(cfg: &Config) -> Option<&str> {
    (!cfg.versions.versioned).then_some(cfg.versions.current.as_str())
}

/// Whether the body has its own H1 (then the template must not add the title as one).
fn has_h1(doc: &Document, html: &str) -> bool {
    doc.h1.is_some() || html.trim_start().starts_with("<h1")
}

/// `home_html` is the home page's body, when the book has a home page.
pub(super) fn index_context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    home_html: &'a str,
) -> IndexContext<'a> {
    let home = book
        .home
        .and_then(|h| book.pages.get(h))
        .map(|p| HomeContext {
            title: &p.title,
            body: home_html,
            body_has_h1: has_h1(&p.doc, home_html),
        });
    let runbooks = book
        .pages
        .iter()
        .enumerate()
        // Runbooks are the pages with checklist items; the rest is documentation,
        // reached through the sidebar.
        .filter(|(i, p)| Some(*i) != book.home && !p.doc.items.is_empty())
        .map(|(_, p)| RunbookContext {
            id: &p.id,
            title: &p.title,
            href: relative("index.html", &p.url),
            description: p.front.extra.get("description").and_then(|v| v.as_str()),
            item_count: p.doc.items.len(),
            phase_count: p.doc.phases.iter().filter(|ph| ph.id.is_some()).count(),
        })
        .collect();
    IndexContext {
        shell: shell(cfg, book, "index.html"),
        home,
        runbooks,
        dashboard: board::dashboard(book, "index.html"),
        runs: crate::render::runs::home_runs(book),
        data_json: crate::base::html::script_json(&match page_version(cfg) {
            Some(version) => serde_json::json!({
                "book": book_key(book),
                "version": version,
                "environments": book.environments,
                "team": board::team_done(book),
            }),
            None => serde_json::json!({
                "book": book_key(book),
                "environments": book.environments,
                "team": board::team_done(book),
            }),
        }),
    }
}

pub(super) fn not_found_context<'a>(cfg: &'a Config, book: &'a Book) -> NotFoundContext<'a> {
    let mut shell = shell(cfg, book, "404.html");
    let base = cfg.site.url.as_deref().map(base_path);
    let find_root_js = base.is_none().then_some(not_found::FIND_ROOT);
    if let (Some(js), Some(csp)) = (find_root_js, &shell.csp) {
        let allowed = not_found::allow_script(csp, &not_found::script_source(js));
        shell.csp = Some(Cow::Owned(allowed));
    }
    NotFoundContext {
        shell,
        base,
        find_root_js,
    }
}

/// The path of an absolute URL, ending in `/`: `https://a.io/runbooks` → `/runbooks/`.
pub(super) fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// The page's path in its edit link: its source's, but for a Docusaurus site whose
/// own `editUrl` is the link (`Docusaurus::edit_path`).
fn edit_path<'p>(cfg: &Config, page: &'p crate::model::Page) -> std::borrow::Cow<'p, str> {
    match &cfg.docusaurus {
        Some(d) if d.edit_url.is_some() && cfg.site.edit_url == d.edit_url => {
            d.edit_path(page.source.as_str())
        }
        _ => std::borrow::Cow::Borrowed(page.source.as_str()),
    }
}

/// A Docusaurus page's own edit link (front matter `custom_edit_url`; a generated
/// index's names its `_category_` or sidebars file: `parse::generated_index`):
/// `Some(None)` when it is `null`, which hides the page's edit link.
fn custom_edit_url<'p>(cfg: &Config, page: &'p crate::model::Page) -> Option<Option<&'p str>> {
    cfg.docusaurus.as_ref()?;
    match page.front.extra.get("custom_edit_url")? {
        serde_json::Value::Null => Some(None),
        v => v.as_str().map(Some),
    }
}
