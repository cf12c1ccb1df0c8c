//! Rendering: every page, the home page and the shared files (`index.html`, `404.html`,
//! `toc.html`, `toc.js`) through the theme into the `Site`, in parallel, with the render
//! cache of versioned builds; or a few pages alone for `serve`. A page at a URL opsbook
//! makes itself is a diagnostic. Builds no context itself (`context.rs`, `nav.rs`).

use rayon::prelude::*;

use crate::base::cache::Cache;
use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::config::Config;
use crate::model::{Book, NavNode, Page};
use crate::parse::highlight;
use crate::render::cache::RenderCache;
use crate::render::site::{Bytes, Sink, Site};
use crate::render::theme::Theme;

use super::context::{
    PageContext, TocScriptContext, index_context, not_found_context, page_context,
};
use super::nav::{FEW_PAGES, toc_context, trail_to, trails, tree_json};

/// Stage 5: every page, the home page, toc, 404 and static files → Site. Pure. Takes
/// from and adds to `cache` what other versions rendered (`RenderCache::off()` for none).
pub(crate) fn site(
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
        .filter_map(|i| Some((i, page_in(cfg, book, theme, i, &trails, cache)?)))
        .collect();
    for (i, result) in pages {
        emit(&book.pages[i].url, result);
    }
    for name in SHARED_FILES {
        emit(name, shared_file_in(cfg, book, theme, name, cache));
    }
    for (path, bytes) in static_files(theme) {
        site.insert(path, bytes);
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(site)
}

/// The highlighting palette and the theme's static files, as (site path, bytes).
pub(super) fn static_files(theme: &Theme) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(
        "static/highlight.css".to_string(),
        highlight::palette_css().into(),
    )];
    for (name, bytes) in theme.statics() {
        if name == super::runs::RUNS_STYLE {
            continue; // written with the run pages (`runs::pages`), only when there are runs
        }
        out.push((format!("static/{name}"), bytes.clone()));
    }
    out
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
    let trails = if which.len() <= FEW_PAGES {
        few_trails(book, which)
    } else {
        trails(&book.nav, book.pages.len())
    };
    which
        .par_iter()
        .map(|&i| (i, page_in(cfg, book, theme, i, &trails, &Cache::off())))
        .collect()
}

/// The trails of pages `which` and of their neighbours (whose place in the nav decides
/// an MkDocs page's previous and next links), each found alone; the others empty.
fn few_trails<'a>(book: &'a Book, which: &[usize]) -> Vec<Vec<&'a NavNode>> {
    let mut out = vec![Vec::new(); book.pages.len()];
    for &i in which {
        for j in i.saturating_sub(1)..=i + 1 {
            if let Some(slot) = out.get_mut(j).filter(|t| t.is_empty()) {
                trail_to(&book.nav, j, slot);
            }
        }
    }
    out
}

/// Page `i`; `trails` holds the nav nodes from the root down to each page's own node
/// (at least page `i`'s and its neighbours').
fn page_in(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    i: usize,
    trails: &[Vec<&NavNode>],
    cache: &RenderCache,
) -> Option<Result<Bytes, Box<Diagnostic>>> {
    let page = book.pages.get(i)?;
    let html = match page.doc.body() {
        Ok(body) => body.html,
        Err(e) => return Some(Err(Box::new(unreadable_body(page, &e)))),
    };
    page_with_body(cfg, book, theme, i, trails, cache, &html)
}

/// [`page_in`] with page `i`'s body `html` already read (`stream.rs` reads it once
/// for the page and its search records): `None` for the home page, which
/// `index.html` shows; an error for a page at a URL opsbook makes itself.
pub(super) fn page_with_body(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    i: usize,
    trails: &[Vec<&NavNode>],
    cache: &RenderCache,
    html: &std::sync::Arc<str>,
) -> PageResult {
    if book.home.filter(|&h| home_url(book, h)) == Some(i) {
        return None;
    }
    if let Some(d) = reserved_url(cfg, book, book.pages.get(i)?) {
        return Some(Err(Box::new(d)));
    }
    Some(render_page(cfg, book, theme, i, trails, cache, html))
}

/// Page `i` through the theme, with its body `html`.
fn render_page(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    i: usize,
    trails: &[Vec<&NavNode>],
    cache: &RenderCache,
    html: &std::sync::Arc<str>,
) -> Result<Bytes, Box<Diagnostic>> {
    // The body is keyed by its address (see `render_cache`), not hashed.
    let mut ctx = page_context(cfg, book, i, trails, html);
    let body = std::mem::take(&mut ctx.body);
    cache.render_with(theme, "page.html", ctx, Some(html), |ctx| {
        theme.render_with_body("page.html", |body| PageContext { body, ..ctx }, body)
    })
}

/// A body that could not be read back from a streamed build's scratch file.
pub(super) fn unreadable_body(page: &Page, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::Io,
        page.source.clone(),
        format!("could not read the page's body back from the build's scratch file: {e}"),
    )
    .with_hint("the disk beside the output folder may be full or failing; build again")
}

/// One of `SHARED_FILES` rendered alone.
pub(crate) fn shared_file(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    name: &str,
) -> Result<Bytes, Box<Diagnostic>> {
    shared_file_in(cfg, book, theme, name, &Cache::off())
}

pub(super) fn shared_file_in(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    name: &str,
    cache: &RenderCache,
) -> Result<Bytes, Box<Diagnostic>> {
    match name {
        "index.html" => {
            let html = home_body(book)?;
            cache.render(theme, "index.html", &index_context(cfg, book, &html))
        }
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

/// `index.html` rendered into `sink` as it is made (`Theme::render_to`).
pub(super) fn home_page_into(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<(), Box<Diagnostic>> {
    let html = home_body(book)?;
    let ctx = index_context(cfg, book, &html);
    let mut rendered = Ok(());
    sink.put_parts("index.html".to_string(), &mut |out| {
        rendered = theme.render_to("index.html", &ctx, out);
    });
    rendered
}

/// The home page's body HTML; empty without a home page.
fn home_body(book: &Book) -> Result<std::sync::Arc<str>, Box<Diagnostic>> {
    let home = book.home.and_then(|h| book.pages.get(h));
    match home.map(|p| (p, p.doc.body())) {
        Some((p, Err(e))) => Err(Box::new(unreadable_body(p, &e))),
        Some((_, Ok(body))) => Ok(body.html),
        None => Ok(std::sync::Arc::from("")),
    }
}

/// Whether page `i` is the book's home page and is output as `index.html`.
fn home_url(book: &Book, i: usize) -> bool {
    book.pages.get(i).is_some_and(|p| p.url == "index.html")
}

/// Whether `url` (lower-case) is one of the secret inventory's pages
/// (`secrets::pages`): `secrets/index.html` and `secrets/<environment>.html`.
fn is_secret_page(cfg: &Config, url: &str) -> bool {
    url.strip_prefix("secrets/")
        .and_then(|name| name.strip_suffix(".html"))
        .is_some_and(|name| {
            name == "index"
                || cfg
                    .environments
                    .names
                    .iter()
                    .any(|e| e.to_lowercase() == name)
        })
}

/// The error of a page (not the home page) that would be written where opsbook writes
/// a page of its own: one of `SHARED_FILES` or the secret inventory's pages, in any
/// case (`TOC.html` and `toc.html` are one file on macOS and Windows disks).
fn reserved_url(cfg: &Config, book: &Book, page: &Page) -> Option<Diagnostic> {
    let url = page.url.to_lowercase();
    if !(SHARED_FILES.contains(&url.as_str())
        || is_secret_page(cfg, &url)
        || super::runs::is_run_page(book, &url))
    {
        return None;
    }
    let d = Diagnostic::error(
        Code::DuplicatePage,
        page.source.clone(),
        format!("`{}` would overwrite a page opsbook makes itself", page.url),
    )
    .with_hint(
        "rename the file (index.md is only allowed at the top of content/; \
         secrets/index.md and secrets/<environment>.md are the secret inventory's, \
         runs/index.md and runs/<run id>.md the runs')",
    );
    Some(d)
}

/// Every page that `site` would refuse as `reserved_url`, and every redirect page
/// where opsbook writes its own: for `check`, which renders nothing, so that it
/// refuses what `build` does.
pub(crate) fn reserved_pages(cfg: &Config, book: &Book) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (i, page) in book.pages.iter().enumerate() {
        if book.home.filter(|&h| home_url(book, h)) != Some(i) {
            diags.extend(reserved_url(cfg, book, page));
        }
    }
    diags.extend(super::redirects::reserved(book, &|url| {
        SHARED_FILES.contains(&url)
            || is_secret_page(cfg, url)
            || super::runs::is_run_page(book, url)
    }));
    diags
}
