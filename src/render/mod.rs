//! Stage 5: the `Book` rendered through the `Theme` into a `Site`: one HTML file per
//! page, the home page, `toc.html`, `404.html`, `toc.js` (the sidebar tree, shared by
//! every page) and the static files. Each template gets its own typed context (the
//! theme's API, documented in the README's Themes section). Pure: no disk, clock or
//! environment.

pub(crate) mod board;
pub(crate) mod cache;
pub(crate) mod files;
pub(crate) mod progress;
pub(crate) mod report;
pub mod search;
pub(crate) mod secret_pages;
pub mod site;
pub(crate) mod team;
pub(crate) mod theme;
pub(crate) mod versions;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::cache::Cache;
use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::url::{relative, root_prefix};
use crate::config::Config;
use crate::model::{Book, Document, NavNode, Page, PageKind};
use crate::parse::highlight;
use crate::render::cache::RenderCache;
use crate::render::site::{Bytes, Site};
use crate::render::theme::Theme;
use board::{BoardContext, DashboardContext};

/// What the shell (`base.html`) needs on every page.
#[derive(Debug, Serialize)]
pub(crate) struct ShellContext<'a> {
    /// `<html lang>`, from `[book] language`.
    pub(crate) lang: &'a str,
    pub(crate) book_title: &'a str,
    pub(crate) book_description: Option<&'a str>,
    /// Relative path from this file to the site root: `""`, `"../"`, …
    pub(crate) root: String,
    /// This file's path in the site (`ops/deploy.html`); the sidebar marks it current.
    pub(crate) current: &'a str,
    /// Whether the site is versioned; pages then show the version switcher
    /// (`static/versions.js`, reading `versions.json`). The version's name is not in the
    /// context: a page unchanged between two versions is the same file in both (the
    /// scripts read the name from the folder).
    pub(crate) versioned: bool,
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
    /// Date of the last commit of the source (`YYYY-MM-DD`), when the book is in git.
    pub(crate) updated: Option<&'a str>,
}

/// Context of `page.html`: one runbook page.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    pub(crate) page: PageInfo<'a>,
    /// Body HTML from the Markdown stage (trusted; print with `| safe`).
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
    /// Every page but the home page, in book order.
    pub(crate) runbooks: Vec<RunbookContext<'a>>,
    /// Runbooks × environments with the committed progress.
    pub(crate) dashboard: DashboardContext<'a>,
    /// `{"book","version","environments"}` for the checklist script's dashboard, safe
    /// inside `<script type="application/json">`; print with `| safe`.
    pub(crate) data_json: String,
}

/// Context of `404.html`.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    /// `<base href>` (the path of `[site] url`, e.g. `/runbooks/`): a 404 page is served
    /// at any depth, so its links need an absolute base when one is known.
    pub(crate) base: Option<String>,
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

/// Stage 5: every page, the home page, toc, 404 and static files → Site. Pure.
#[cfg(test)]
pub(crate) fn site(cfg: &Config, book: &Book, theme: &Theme) -> Result<Site, Diagnostics> {
    site_cached(cfg, book, theme, &RenderCache::off())
}

/// [`site`], taking from and adding to `cache` what other versions rendered.
pub(crate) fn site_cached(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    cache: &RenderCache,
) -> Result<Site, Diagnostics> {
    let mut site = Site::default();
    let mut diags = Diagnostics::new();
    let mut emit = |path: &str, result: Result<Bytes, Box<Diagnostic>>| match result {
        Ok(html) => site.insert_shared(path, html),
        Err(d) => diags.push(*d),
    };
    // Pages in parallel; inserted in book order, so the diagnostics keep their order.
    let trails = trails(&book.nav, book.pages.len());
    let pages: Vec<_> = (0..book.pages.len())
        .into_par_iter()
        .filter_map(|i| Some((i, page_in(cfg, book, theme, i, &trails[i], cache)?)))
        .collect();
    for (i, result) in pages {
        emit(&book.pages[i].url, result);
    }
    for name in SHARED_FILES {
        emit(name, shared_file_in(cfg, book, theme, name, cache));
    }
    site.insert("static/highlight.css", highlight::palette_css());
    for (name, bytes) in theme.statics() {
        site.insert(format!("static/{name}"), bytes.clone());
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(site)
}

/// The files made from the whole book rather than from one page.
pub(crate) const SHARED_FILES: [&str; 4] = ["index.html", "404.html", "toc.html", "toc.js"];

/// A page rendered alone: `None` for the home page, else its HTML or a template error.
pub(crate) type PageResult = Option<Result<Bytes, Box<Diagnostic>>>;

/// Pages `which` rendered alone (each written to `book.pages[i].url`), in parallel;
/// `None` for the home page, which `index.html` shows. `serve` re-renders the pages an
/// edit touched through this.
pub(crate) fn pages(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    which: &[usize],
) -> Vec<(usize, PageResult)> {
    // serve re-renders a page or two: each one's trail is found on its own, the walk
    // stopping at the page, instead of every page's trail being made.
    if which.len() <= FEW_PAGES {
        return which
            .par_iter()
            .map(|&i| {
                let mut trail = Vec::new();
                trail_to(&book.nav, i, &mut trail);
                (i, page_in(cfg, book, theme, i, &trail, &RenderCache::off()))
            })
            .collect();
    }
    let trails = trails(&book.nav, book.pages.len());
    which
        .par_iter()
        .map(|&i| {
            let trail = trails.get(i).map_or(&[][..], Vec::as_slice);
            (i, page_in(cfg, book, theme, i, trail, &RenderCache::off()))
        })
        .collect()
}

/// Page `i`; `trail` is the nav nodes from the root down to the page's own node.
fn page_in(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    i: usize,
    trail: &[&NavNode],
    cache: &RenderCache,
) -> Option<Result<Bytes, Box<Diagnostic>>> {
    let page = book.pages.get(i)?;
    if book.home.filter(|&h| home_url(book, h)) == Some(i) {
        return None;
    }
    if SHARED_FILES.contains(&page.url.as_str()) || is_secret_page(cfg, &page.url) {
        return Some(Err(Box::new(reserved_url(page))));
    }
    // The body is keyed by its address (see `render_cache`), not hashed.
    let mut ctx = page_context(cfg, book, i, trail);
    let body = std::mem::take(&mut ctx.body);
    Some(
        cache.render_with(theme, "page.html", ctx, Some(&page.doc.html), |ctx| {
            theme.render_with_body("page.html", |body| PageContext { body, ..ctx }, body)
        }),
    )
}

/// One of `SHARED_FILES` rendered alone.
pub(crate) fn shared_file(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    name: &str,
) -> Result<Bytes, Box<Diagnostic>> {
    shared_file_in(cfg, book, theme, name, &RenderCache::off())
}

fn shared_file_in(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    name: &str,
    cache: &RenderCache,
) -> Result<Bytes, Box<Diagnostic>> {
    match name {
        "index.html" => cache.render(theme, "index.html", &index_context(cfg, book)),
        "404.html" => cache.render(theme, "404.html", &not_found_context(cfg, book)),
        "toc.html" => cache.render(theme, "toc.html", &toc_context(cfg, book)),
        _ => cache.render(
            theme,
            "toc.js",
            &TocScriptContext {
                tree_json: tree_json(book),
            },
        ),
    }
}

/// The version a page's data names: the current one, except in a versioned site,
/// where the scripts read it from the page's folder (see `board::PageData`).
fn page_version(cfg: &Config) -> Option<&str> {
    (!cfg.versions.versioned).then_some(cfg.versions.current.as_str())
}

/// Whether page `i` is the book's home page and is output as `index.html`.
fn home_url(book: &Book, i: usize) -> bool {
    book.pages.get(i).is_some_and(|p| p.url == "index.html")
}

/// Whether `url` is one of the secret inventory's pages (`secrets::pages`):
/// `secrets/index.html` and `secrets/<environment>.html`.
fn is_secret_page(cfg: &Config, url: &str) -> bool {
    url.strip_prefix("secrets/")
        .and_then(|name| name.strip_suffix(".html"))
        .is_some_and(|name| name == "index" || cfg.environments.names.iter().any(|e| e == name))
}

fn reserved_url(page: &Page) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicatePage,
        page.source.clone(),
        format!("`{}` would overwrite a page opsbook makes itself", page.url),
    )
    .with_hint(
        "rename the file (index.md is only allowed at the top of content/; \
         secrets/index.md and secrets/<environment>.md are the secret inventory's)",
    )
}

/// The shell context of the file at `current` (its site path).
pub(crate) fn shell<'a>(cfg: &'a Config, book: &'a Book, current: &'a str) -> ShellContext<'a> {
    ShellContext {
        lang: &cfg.book.language,
        book_title: &book.title,
        book_description: book.description.as_deref(),
        root: root_prefix(current),
        current,
        versioned: cfg.versions.versioned,
    }
}

/// The context of page `i` of the book.
fn page_context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    i: usize,
    trail: &[&'a NavNode],
) -> PageContext<'a> {
    let page = &book.pages[i];
    let from = page.url.as_str();
    let link = |j: usize| {
        book.pages.get(j).map(|p| LinkContext {
            title: &p.title,
            href: relative(from, &p.url),
        })
    };
    PageContext {
        shell: shell(cfg, book, from),
        page: PageInfo {
            title: &page.title,
            id: &page.id,
            url: from,
            source: page.source.as_str(),
            kind: page.kind,
            body_has_h1: has_h1(&page.doc),
            updated: book.updated.get(page.source.as_str()).map(String::as_str),
        },
        body: &page.doc.html,
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
        prev: i.checked_sub(1).and_then(link),
        next: link(i + 1),
        edit_url: cfg
            .site
            .edit_url
            .as_ref()
            .map(|u| u.replace("{path}", page.source.as_str())),
        item_count: page.doc.items.len(),
        phase_count: page.doc.phases.iter().filter(|p| p.id.is_some()).count(),
        board: board::board(book, page),
        data_json: board::page_data_json(book, page, &book_key(book), page_version(cfg)),
        team: crate::render::team::team(book, page),
    }
}

/// The key under which readers' ticks of this book are kept in localStorage.
pub(crate) fn book_key(book: &Book) -> String {
    crate::parse::ids::slug(&book.title)
}

/// Whether the body has its own H1 (then the template must not add the title as one).
fn has_h1(doc: &Document) -> bool {
    doc.h1.is_some() || doc.html.trim_start().starts_with("<h1")
}

/// Home, then every folder of the nav tree on the way to page `i` (`trail`: from the
/// root down to the page's own node; empty when the page is not in the nav).
fn breadcrumbs<'a>(book: &'a Book, i: usize, trail: &[&'a NavNode]) -> Vec<CrumbContext<'a>> {
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
const FEW_PAGES: usize = 8;

/// Leaves in `path` the trail of page `page` (as `trails` gives it: its first node in
/// the walk); whether it was found. The walk stops there.
fn trail_to<'a>(nodes: &'a [NavNode], page: usize, path: &mut Vec<&'a NavNode>) -> bool {
    for node in nodes {
        path.push(node);
        if node.page == Some(page) || trail_to(&node.children, page, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn index_context<'a>(cfg: &'a Config, book: &'a Book) -> IndexContext<'a> {
    let home = book
        .home
        .and_then(|h| book.pages.get(h))
        .map(|p| HomeContext {
            title: &p.title,
            body: &p.doc.html,
            body_has_h1: has_h1(&p.doc),
        });
    let runbooks = book
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != book.home)
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

fn not_found_context<'a>(cfg: &'a Config, book: &'a Book) -> NotFoundContext<'a> {
    NotFoundContext {
        shell: shell(cfg, book, "404.html"),
        base: cfg.site.url.as_deref().map(base_path),
    }
}

/// The path of an absolute URL, ending in `/`: `https://a.io/runbooks` → `/runbooks/`.
fn base_path(url: &str) -> String {
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

fn toc_context<'a>(cfg: &'a Config, book: &'a Book) -> TocContext<'a> {
    let mut html = String::new();
    tree_html(book, &book.nav, &mut html);
    TocContext {
        shell: shell(cfg, book, "toc.html"),
        tree_html: html,
    }
}

/// The nav tree as nested `<ol>`, links relative to the site root.
fn tree_html(book: &Book, nodes: &[NavNode], out: &mut String) {
    out.push_str("<ol>");
    for node in nodes {
        let class = if node.children.is_empty() {
            "toc-page"
        } else {
            "toc-folder"
        };
        out.push_str(&format!("<li class=\"{class}\">"));
        let title = escape(&node.title);
        match node.page.and_then(|p| book.pages.get(p)) {
            Some(p) => out.push_str(&format!("<a href=\"{}\">{title}</a>", escape(&p.url))),
            None => out.push_str(&format!("<span>{title}</span>")),
        }
        if !node.children.is_empty() {
            tree_html(book, &node.children, out);
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("invariant: writing to a String");
    out
}

/// One node of the sidebar tree as `toc.js` reads it.
#[derive(Serialize)]
struct TreeNode<'a> {
    t: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    c: Vec<TreeNode<'a>>,
}

fn tree_nodes<'a>(book: &'a Book, nodes: &'a [NavNode]) -> Vec<TreeNode<'a>> {
    nodes
        .iter()
        .map(|n| TreeNode {
            t: &n.title,
            u: n.page
                .and_then(|p| book.pages.get(p))
                .map(|p| p.url.as_str()),
            c: tree_nodes(book, &n.children),
        })
        .collect()
}

/// The sidebar tree as JSON, safe to embed in a script (`<` → `\u003c`).
fn tree_json(book: &Book) -> String {
    serde_json::to_string(&tree_nodes(book, &book.nav))
        .expect("invariant: the tree is plain strings")
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn a_page_alone_gets_the_trail_the_full_walk_gives() {
        let leaf = |title: &str, page| NavNode {
            title: title.into(),
            page,
            children: Vec::new(),
        };
        let nav = vec![
            NavNode {
                title: "A".into(),
                page: Some(0),
                children: vec![leaf("a1", Some(1)), leaf("a2", None)],
            },
            NavNode {
                title: "B".into(),
                page: None,
                children: vec![leaf("b1", Some(2)), leaf("again", Some(1))],
            },
        ];
        let all = trails(&nav, 4);
        let titles = |t: &[&NavNode]| t.iter().map(|n| n.title.clone()).collect::<Vec<_>>();
        for (page, full) in all.iter().enumerate() {
            let mut alone = Vec::new();
            let found = trail_to(&nav, page, &mut alone);
            assert_eq!(found, page < 3, "page {page}");
            assert_eq!(titles(&alone), titles(full), "page {page}");
        }
    }
    use crate::base::path::RelPath;
    use crate::model::FrontMatter;
    use crate::model::{Heading, Item, Phase};

    const BODY: &str = r##"<h1 id="deploy"><a class="anchor" href="#deploy">#</a>Deploy</h1>
<p>Intro with <code>inline</code> code.</p>
<h2 id="prepare"><a class="anchor" href="#prepare">#</a>Prepare</h2>
<ul>
<li class="task" id="prep-backup"><input type="checkbox" class="task-box" id="cb-0"><label for="cb-0">Take a backup</label><a class="item-link" href="#prep-backup">#</a></li>
<li class="task" id="prep-notify"><input type="checkbox" class="task-box" id="cb-1" checked><label for="cb-1">Notify the team</label><a class="item-link" href="#prep-notify">#</a></li>
</ul>
<div class="alert alert-warning">
<p class="alert-title">Warning</p><p>Never deploy on Friday.</p></div>
<h3 id="secrets"><a class="anchor" href="#secrets">#</a>Secrets</h3>
<div class="code-block"><button type="button" class="copy-code" hidden aria-label="Copy code">Copy</button><pre><code class="language-bash"><span class="hl-source hl-shell">kubectl apply -f deploy.yaml</span>
</code></pre></div>
"##;

    fn page(url: &str, title: &str, items: usize) -> Page {
        let source = format!("content/{}", url.replace(".html", ".md"));
        Page {
            source: RelPath::new(source),
            url: url.to_string(),
            id: url.trim_end_matches(".html").to_string(),
            title: title.to_string(),
            kind: PageKind::Markdown,
            front: FrontMatter::default(),
            doc: Document {
                html: BODY.into(),
                h1: Some("Deploy".into()),
                headings: vec![
                    heading(1, "deploy", "Deploy"),
                    heading(2, "prepare", "Prepare"),
                    heading(3, "secrets", "Secrets"),
                ]
                .into(),
                phases: vec![Phase {
                    id: Some("prepare".into()),
                    title: "Prepare".into(),
                    line: 3,
                }],
                items: (0..items).map(item).collect(),
                ..Document::default()
            },
        }
    }

    fn heading(level: u8, id: &str, text: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: text.into(),
            line: 1,
        }
    }

    fn item(n: usize) -> Item {
        Item {
            id: format!("item-{n}"),
            explicit_id: false,
            text: format!("Item {n}"),
            done: false,
            environments: vec![],
            phase: 0,
            secrets: Vec::new(),
            line: 1,
            col: 1,
        }
    }

    fn leaf(title: &str, page: usize) -> NavNode {
        NavNode {
            title: title.into(),
            page: Some(page),
            children: vec![],
        }
    }

    /// index, ops/ (with an index page), ops/deploy, ops/db/ (no index) → migrate, rollback.
    fn sample_book() -> Book {
        let mut home = page("index.html", "Welcome", 0);
        home.doc.html = "<p>Start here.</p>\n".into();
        home.doc.h1 = None;
        home.doc.headings = Default::default();
        let mut deploy = page("ops/deploy.html", "Deploy", 2);
        deploy.front.extra.insert(
            "description".into(),
            serde_json::Value::String("Ship the API".into()),
        );
        Book {
            title: "Hypex Runbooks".into(),
            description: Some("How we ship".into()),
            language: "en".into(),
            pages: vec![
                home,
                page("ops/index.html", "Operations", 0),
                deploy,
                page("ops/db/migrate.html", "Migrate", 3),
                page("rollback.html", "Rollback", 1),
            ],
            nav: vec![
                leaf("Welcome", 0),
                NavNode {
                    title: "Operations".into(),
                    page: Some(1),
                    children: vec![
                        leaf("Deploy", 2),
                        NavNode {
                            title: "Database".into(),
                            page: None,
                            children: vec![leaf("Migrate", 3)],
                        },
                    ],
                },
                leaf("Rollback", 4),
            ],
            home: Some(0),
            updated: [(
                "content/ops/deploy.md".to_string(),
                "2026-11-24".to_string(),
            )]
            .into(),
            ..Book::default()
        }
    }

    fn default_theme() -> Theme {
        Theme::load(&BTreeMap::new(), "default").expect("default theme compiles")
    }

    /// `render::site` plus the secret inventory's index, which `secrets::pages` makes
    /// in a real build (tested in tests/integration/secrets.rs) and the top bar links to.
    fn build(cfg: &Config, book: &Book) -> Site {
        let mut site = site(cfg, book, &default_theme()).expect("renders");
        site.insert("secrets/index.html", "<!doctype html>");
        site
    }

    /// Values of `attr="…"` in `html`, entity `&amp;` decoded.
    fn attr_values(html: &str, attr: &str) -> Vec<String> {
        let needle = format!(" {attr}=\"");
        html.match_indices(&needle)
            .filter_map(|(i, _)| {
                let rest = &html[i + needle.len()..];
                rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
            })
            .collect()
    }

    /// Resolves `link` (relative, maybe with `#frag`) from file `from` to a site path.
    fn resolve(from: &str, link: &str) -> (String, Option<String>) {
        let (path, frag) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (link, None),
        };
        if path.is_empty() {
            return (from.to_string(), frag);
        }
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for seg in path.split('/') {
            match seg {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        (parts.join("/"), frag)
    }

    fn is_external(link: &str) -> bool {
        link.contains("://") || link.starts_with("mailto:") || link.starts_with('/')
    }

    /// Every relative `href`/`src` of every HTML file points to a file of the site,
    /// and every `#fragment` to an id in that file.
    fn broken_links(site: &Site) -> Vec<String> {
        let mut broken = Vec::new();
        for (path, bytes) in &site.files {
            if !path.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8_lossy(bytes);
            let links = attr_values(&html, "href")
                .into_iter()
                .chain(attr_values(&html, "src"));
            for link in links.filter(|l| !is_external(l)) {
                let (target, frag) = resolve(path, &link);
                let Some(target_html) = site.page(&target) else {
                    broken.push(format!("{path}: {link} (no file {target})"));
                    continue;
                };
                if let Some(f) = frag
                    && !attr_values(target_html, "id").contains(&f)
                {
                    broken.push(format!("{path}: {link} (no id {f} in {target})"));
                }
            }
        }
        broken
    }

    #[test]
    fn every_page_exists_and_relative_links_resolve() {
        let site = build(&Config::default(), &sample_book());
        let names: BTreeSet<&str> = site.files.keys().map(String::as_str).collect();
        for want in [
            "index.html",
            "404.html",
            "toc.html",
            "toc.js",
            "ops/index.html",
            "ops/deploy.html",
            "ops/db/migrate.html",
            "rollback.html",
            "static/style.css",
            "static/highlight.css",
            "static/theme.js",
            "static/copy.js",
        ] {
            assert!(names.contains(want), "missing {want} in {names:?}");
        }
        assert_eq!(broken_links(&site), Vec::<String>::new());
    }

    #[test]
    fn link_checker_finds_a_broken_link() {
        let mut book = sample_book();
        book.pages[4].doc.html =
            "<p><a href=\"ops/nope.html\">x</a><a href=\"#gone\">y</a></p>".into();
        book.pages[4].doc.headings = Default::default();
        let site = build(&Config::default(), &book);
        assert_eq!(
            broken_links(&site),
            [
                "rollback.html: ops/nope.html (no file ops/nope.html)",
                "rollback.html: #gone (no id gone in rollback.html)"
            ]
        );
    }

    #[test]
    fn same_book_gives_same_bytes() {
        let book = sample_book();
        let cfg = Config::default();
        assert_eq!(build(&cfg, &book), build(&cfg, &book));
    }

    #[test]
    fn prev_next_follow_book_order() {
        let site = build(&Config::default(), &sample_book());
        let deploy = site.page("ops/deploy.html").unwrap();
        assert!(
            deploy.contains(r#"<a class="pager-prev" href="../ops/index.html" rel="prev">"#),
            "{deploy}"
        );
        assert!(
            deploy.contains(r#"<a class="pager-next" href="../ops/db/migrate.html" rel="next">"#)
        );
        let last = site.page("rollback.html").unwrap();
        assert!(!last.contains("pager-next"), "last page has no next");
        assert!(last.contains(r#"href="ops/db/migrate.html" rel="prev""#));
    }

    #[test]
    fn breadcrumbs_walk_the_folders() {
        let site = build(&Config::default(), &sample_book());
        let migrate = site.page("ops/db/migrate.html").unwrap();
        let crumbs = migrate
            .split_once("<nav class=\"breadcrumbs\"")
            .and_then(|(_, rest)| rest.split_once("</nav>"))
            .map(|(c, _)| c)
            .expect("breadcrumbs");
        assert!(
            crumbs.contains(r#"<li><a href="../../index.html">Hypex Runbooks</a></li>"#),
            "{crumbs}"
        );
        assert!(crumbs.contains(r#"<li><a href="../../ops/index.html">Operations</a></li>"#));
        assert!(
            crumbs.contains("<li><span>Database</span></li>"),
            "folder without a page"
        );
        assert!(crumbs.contains(r##"aria-current="page">Migrate</a>"##));
    }

    #[test]
    fn last_updated_date_shows_when_git_knows_it() {
        let site = build(&Config::default(), &sample_book());
        let deploy = site.page("ops/deploy.html").unwrap();
        assert!(deploy.contains("<time datetime=\"2026-11-24\">2026-11-24</time>"));
        assert!(!site.page("rollback.html").unwrap().contains("Last updated"));
    }

    #[test]
    fn edit_link_replaces_path() {
        let mut cfg = Config::default();
        let book = sample_book();
        assert!(
            !build(&cfg, &book)
                .page("ops/deploy.html")
                .unwrap()
                .contains("Edit this page")
        );
        cfg.site.edit_url = Some("https://github.com/acme/rb/edit/main/{path}".into());
        let site = build(&cfg, &book);
        let html = site.page("ops/deploy.html").unwrap();
        assert!(
            html.contains(r#"href="https://github.com/acme/rb/edit/main/content/ops/deploy.md""#),
            "{html}"
        );
    }

    #[test]
    fn titles_are_escaped_everywhere() {
        let mut book = sample_book();
        let evil = "<script>alert(1)</script>";
        book.title = evil.into();
        book.pages[2].title = evil.into();
        book.nav[1].children[0].title = evil.into();
        let site = build(&Config::default(), &book);
        for (path, bytes) in &site.files {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains("<script>alert"),
                "{path} has an unescaped title"
            );
        }
        let page = site.page("ops/deploy.html").unwrap();
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
                || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        );
        assert!(
            site.page("toc.js")
                .unwrap()
                .contains("\\u003cscript>alert(1)\\u003c/script>")
        );
    }

    #[test]
    fn lang_and_item_count_and_toc() {
        let mut cfg = Config::default();
        cfg.book.language = "fr".into();
        let site = build(&cfg, &sample_book());
        let html = site.page("ops/db/migrate.html").unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
        assert!(html.contains(">3 checklist items<"), "{html}");
        assert!(
            site.page("rollback.html")
                .unwrap()
                .contains(">1 checklist item<")
        );
        let aside = html.split_once("<aside").map(|(_, a)| a).expect("aside");
        assert!(aside.contains(r##"<li class="toc-h2"><a href="#prepare">Prepare</a></li>"##));
        assert!(aside.contains(r##"<li class="toc-h3"><a href="#secrets">Secrets</a></li>"##));
        assert!(
            !aside.contains("href=\"#deploy\""),
            "H1 is not in the page toc"
        );
        assert_eq!(
            html.matches("<h1").count(),
            1,
            "body H1 only, no second title"
        );
    }

    #[test]
    fn home_shows_its_content_and_lists_runbooks() {
        let site = build(&Config::default(), &sample_book());
        let home = site.page("index.html").unwrap();
        assert!(home.contains("<p>Start here.</p>"));
        assert!(
            home.contains("<h1>Welcome</h1>"),
            "title added when the body has no H1"
        );
        assert!(home.contains(r#"<a class="runbook-title" href="ops/deploy.html">Deploy</a>"#));
        assert!(home.contains(r#"<p class="runbook-desc">Ship the API</p>"#));
        assert!(home.contains(">2 checklist items<"));
        assert_eq!(
            home.matches("class=\"runbook-card\"").count(),
            4,
            "home not listed"
        );
        assert!(home.contains("id=\"dashboard\""));
    }

    #[test]
    fn sidebar_is_one_shared_file() {
        let site = build(&Config::default(), &sample_book());
        let page = site.page("ops/deploy.html").unwrap();
        assert!(page.contains(r#"data-root="../" data-current="ops/deploy.html""#));
        assert!(page.contains(r#"<noscript><p class="sidebar-noscript"><a href="../toc.html">"#));
        assert!(
            !page.contains("Rollback"),
            "no other page title leaks into a page"
        );
        let js = site.page("toc.js").unwrap();
        assert!(
            js.contains(r#"{"t":"Database","c":[{"t":"Migrate","u":"ops/db/migrate.html"}]}"#),
            "{js}"
        );
        let toc = site.page("toc.html").unwrap();
        assert!(toc.contains(r#"<li class="toc-folder"><span>Database</span><ol><li class="toc-page"><a href="ops/db/migrate.html">Migrate</a></li></ol></li>"#), "{toc}");
    }

    #[test]
    fn page_size_does_not_grow_with_the_book() {
        let small = build(&Config::default(), &sample_book());
        let small_max = small
            .files
            .iter()
            .filter(|(p, _)| p.ends_with(".html") && *p != "toc.html")
            .map(|(_, b)| b.len())
            .max()
            .unwrap();
        let mut book = sample_book();
        let mut folders = Vec::new();
        for f in 0..20 {
            let mut children = Vec::new();
            for p in 0..100 {
                children.push(leaf(&format!("Page {f}-{p}"), book.pages.len()));
                book.pages.push(page(
                    &format!("f{f}/p{p}.html"),
                    &format!("Page {f}-{p}"),
                    5,
                ));
            }
            folders.push(NavNode {
                title: format!("Folder {f}"),
                page: None,
                children,
            });
        }
        book.nav.extend(folders);
        let big = build(&Config::default(), &book);
        assert!(book.pages.len() > 2000);
        for (path, bytes) in &big.files {
            if path.ends_with(".html") && path != "toc.html" && path != "index.html" {
                assert!(
                    bytes.len() < small_max + 200,
                    "{path} is {} bytes (small book max {small_max})",
                    bytes.len()
                );
                assert!(bytes.len() < 12_000, "{path} is {} bytes", bytes.len());
            }
        }
    }

    #[test]
    fn override_template_is_used_by_site() {
        let ov: BTreeMap<String, Vec<u8>> = [(
            "templates/page.html".to_string(),
            b"<p>{{ page.title }} in {{ shell.book_title }}</p>".to_vec(),
        )]
        .into();
        let theme = Theme::load(&ov, "acme").unwrap();
        let site = site(&Config::default(), &sample_book(), &theme).unwrap();
        assert_eq!(
            site.page("rollback.html"),
            Some("<p>Rollback in Hypex Runbooks</p>")
        );
        assert!(
            site.page("404.html").unwrap().contains("Page not found"),
            "others untouched"
        );
    }

    #[test]
    fn render_error_is_a_diagnostic_naming_the_template() {
        let ov: BTreeMap<String, Vec<u8>> = [(
            "templates/page.html".to_string(),
            b"ok\n{{ page.no_such_field }}".to_vec(),
        )]
        .into();
        let theme = Theme::load(&ov, "acme").unwrap();
        let diags = site(&Config::default(), &sample_book(), &theme).unwrap_err();
        assert_eq!(
            diags.error_count(),
            1,
            "the same error on every page is reported once"
        );
        let d = diags.iter().next().unwrap();
        assert_eq!(d.code, Code::Template);
        assert_eq!(d.line, 2, "{d}");
        assert_eq!(d.path.as_str(), "themes/acme/templates/page.html");
    }

    #[test]
    fn page_at_a_reserved_url_is_a_diagnostic() {
        let mut cfg = Config::default();
        cfg.environments.names = vec!["staging".into()];
        for url in ["404.html", "secrets/index.html", "secrets/staging.html"] {
            let mut book = sample_book();
            book.pages[4].url = url.into();
            let diags = site(&cfg, &book, &default_theme()).unwrap_err();
            let d = diags.iter().next().unwrap();
            assert_eq!(
                (d.code, d.path.as_str()),
                (Code::DuplicatePage, "content/rollback.md"),
                "{url}"
            );
        }
        let mut book = sample_book();
        book.pages[4].url = "secrets/rotation.html".into();
        assert!(
            site(&cfg, &book, &default_theme()).is_ok(),
            "other pages there are fine"
        );
    }

    #[test]
    fn not_found_page_uses_the_site_base_path() {
        let mut cfg = Config::default();
        assert!(
            !build(&cfg, &sample_book())
                .page("404.html")
                .unwrap()
                .contains("<base")
        );
        cfg.site.url = Some("https://acme.github.io/runbooks".into());
        let site = build(&cfg, &sample_book());
        assert!(
            site.page("404.html")
                .unwrap()
                .contains(r#"<base href="/runbooks/">"#)
        );
        assert_eq!(base_path("https://a.io"), "/");
        assert_eq!(base_path("https://a.io/x/y/?q"), "/x/y/");
    }

    #[test]
    fn static_files_and_highlight_css_are_copied() {
        let site = build(&Config::default(), &sample_book());
        assert_eq!(
            site.get("static/highlight.css").map(<[u8]>::to_vec),
            Some(highlight::palette_css().into_bytes())
        );
        let css = site.page("static/style.css").unwrap();
        assert!(css.contains("prefers-reduced-motion") && css.contains("@media print"));
    }
}
