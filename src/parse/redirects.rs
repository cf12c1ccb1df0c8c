//! Stage 3: a page's other URLs (`FrontMatter::redirects`) → the book's redirect pages.
//! A page lives at the URL of its file; each of Hugo's `aliases` and Docusaurus's
//! `slug` is a redirect page at that URL, leading to it, so both the old links and the
//! links to the file keep working. Hugo's `/old/path/` and Docusaurus's `/start` are
//! from the site root (`old/path/index.html`, `start/index.html`), a path without a
//! leading `/` from the page's folder; `/old/page.html` is that file. Docusaurus's
//! `slug: /` on a page of the top folder, when the book has no home page, makes the
//! page the home page (`index.html`), and its file's URL the redirect.
//!
//! In a Docusaurus site every folder's page also has a redirect at `folder.html`,
//! where an extensionless link to the folder (`./guide`) lands, and a page whose URL
//! is not its file's (a number prefix, a front-matter `id`) one at its file's URL,
//! with and without the prefixes, where links to the file land.
//!
//! A Docusaurus site's pages are also at the URLs Docusaurus gives them, below its
//! docs' `routeBasePath` (`/docs/setup/install`, `/docs/` for the home page, a
//! `slug`'s URL there too): a redirect page at `docs/setup/install/index.html`, so
//! the team's bookmarks and alert links keep working (`docusaurus_routes`).
//!
//! A Hugo site's pages are also at the URLs Hugo gives them, lowercased unless the
//! site says `disablePathToLower` (`add_hugo_urls`): `docs/triage/prs/index.html`
//! leads to `docs/triage/prs.html` (the page of `docs/Triage/PRs.md`, lowercased as
//! well: `parse::book`); so are its top folders without an `_index.md`
//! (`runbooks/index.html` leads to `Runbooks/`'s first page). A page whose Hugo URL
//! differs from its own only in case (a `url:` in other case) cannot be: on a disk
//! that ignores case it would be the page itself; that is a warning.
//!
//! Only a Hugo site's `aliases` and a Docusaurus site's `slug` are read (`Kinds`):
//! in another book the keys may mean something else (a host's aliases).
//!
//! A redirect where a page is, or where another page's redirect is, is a
//! `duplicate-page` error at its line and column in the front matter; so is a path
//! that leaves the site. Where opsbook writes its own files is `render`'s to refuse
//! (`render::reserved_pages`). Pure.

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::config::docusaurus::DocsInstance;
use crate::model::front_matter::OldUrl;
use crate::model::{Page, Redirect};
use crate::parse::book::{below_content, page_id_and_url};
use crate::parse::docs_instances::{instance_of, page_route};

/// Which of the front matter's old URLs a book reads: a Hugo site's `aliases`, a
/// Docusaurus site's `slug` (in other books the keys may mean something else).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kinds {
    pub(crate) aliases: bool,
    pub(crate) slugs: bool,
}

impl Kinds {
    fn reads(self, old: &OldUrl) -> bool {
        if old.slug { self.slugs } else { self.aliases }
    }
}

/// The page at `index.html` for a Docusaurus book with none: its top-level page with
/// `slug: /`. Returns the index of the page made the home page.
pub(crate) fn home_from_slug(pages: &mut [Page], prefix: &str, kinds: Kinds) -> Option<usize> {
    if !kinds.slugs || pages.iter().any(|p| p.url == "index.html") {
        return None;
    }
    let i = pages.iter().position(|p| {
        !below_content(&p.source, prefix).contains('/')
            && p.front
                .redirects
                .iter()
                .any(|r| r.slug && r.url.trim() == "/")
    })?;
    pages[i].url = "index.html".into();
    Some(i)
}

/// Every page's redirects, sorted by site path; problems into `diags`. `pages` are in
/// book order (`Redirect::to` indexes them).
pub(crate) fn collect(
    pages: &[Page],
    prefix: &str,
    kinds: Kinds,
    diags: &mut Diagnostics,
) -> Vec<Redirect> {
    let urls: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.to_lowercase(), i))
        .collect();
    let mut taken: BTreeMap<String, (usize, Option<&OldUrl>)> = BTreeMap::new();
    let mut out = Vec::new();
    let home = home(pages);
    let mut slug_routes = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let rel = below_content(&page.source, prefix);
        let (_, file_url) = page_id_and_url(rel);
        // A Docusaurus page's links are written without number prefixes
        // (`parse::markdown::links`): its file's URL without them leads to it too.
        let unprefixed = crate::parse::number_prefix::strip_path(&file_url);
        let mut froms = vec![file_url];
        if kinds.slugs && unprefixed != froms[0] {
            froms.push(unprefixed);
        }
        // The home page made from `slug: /`, a page moved by its number prefix or
        // front-matter `id`: its file's URL leads to it.
        for from in froms {
            made(from, i, &urls, &mut taken, &mut out);
        }
        for old in page.front.redirects.iter().filter(|o| kinds.reads(o)) {
            let Some(from) = site_path(old, rel) else {
                diags.push(problem(
                    page,
                    old,
                    format!("`{}` is not a path inside the site", old.url),
                    "write a path from the site root, such as `/old/path/`",
                ));
                continue;
            };
            let key = from.to_lowercase();
            let slug_home = old.slug && old.url.trim() == "/" && i == home;
            if key == page.url.to_lowercase() || slug_home {
                continue;
            }
            if let Some(&j) = urls.get(&key) {
                if old.slug && slug_elsewhere(&pages[j], prefix, &key) {
                    // In Docusaurus that page is only at its own slug's URL (a
                    // `README.md` with `slug: /readme`): nothing else is here there.
                    // Its Docusaurus URL leads to this page (`docusaurus_routes`).
                    continue;
                }
                diags.push(problem(
                    page,
                    old,
                    format!("`{}` would overwrite the page {}", old.url, pages[j].source),
                    "remove it, or move the page that is there",
                ));
                continue;
            }
            match taken.get(&key) {
                Some(&(j, _)) if j == i => continue,
                Some(&(j, first)) => {
                    // Hugo and Docusaurus build with such a URL (the last page or the
                    // first wins): a warning; the first page in book order keeps it.
                    let place = first.map_or(String::new(), |f| format!(" (line {})", f.line));
                    let mut d = problem(
                        page,
                        old,
                        format!(
                            "`{}` is also an old URL of {}{place}, which keeps it",
                            old.url, pages[j].source
                        ),
                        "a URL leads to one page: remove one of them",
                    );
                    d.severity = crate::base::diag::Severity::Warning;
                    diags.push(d);
                    continue;
                }
                None => {}
            }
            taken.insert(key, (i, Some(old)));
            if old.slug
                && let Some(folder) = from.strip_suffix("/index.html")
            {
                slug_routes.push((format!("{folder}.html"), i));
            }
            out.push(Redirect {
                from,
                to: i,
                line: old.line,
                col: old.col,
            });
        }
    }
    if kinds.slugs {
        // A Docusaurus route to a folder (`./guide`) is a link to `guide.html`
        // (`parse::markdown::links`): the folder's page gets a redirect there.
        for (i, page) in pages.iter().enumerate() {
            let Some(folder) = page.url.strip_suffix("/index.html") else {
                continue;
            };
            made(format!("{folder}.html"), i, &urls, &mut taken, &mut out);
        }
        // A link to a slug's route (`/docs/help`) is a link to `help.html` too.
        for (from, i) in slug_routes {
            made(from, i, &urls, &mut taken, &mut out);
        }
    }
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}

/// Whether `page` has a Docusaurus `slug` whose site path is not `key`: Docusaurus
/// puts it there, not at its file's URL.
fn slug_elsewhere(page: &Page, prefix: &str, key: &str) -> bool {
    let rel = below_content(&page.source, prefix);
    page.front
        .redirects
        .iter()
        .filter(|o| o.slug)
        .filter_map(|o| site_path(o, rel))
        .any(|p| p.to_lowercase() != key)
}

/// The Docusaurus URLs of `pages` below `route_base` (`docs`, or `docs/1.0` for a
/// version): each page's route (its URL without `.html`, a folder's landing page
/// without `index`) and the route of each of its `slug`s, as the site paths of
/// redirect pages (`docs/setup/install/index.html`), with the page each leads to.
/// The pages of the site's other docs instances (in the folders of `instances`) are
/// left out: `docs_instances::routes` gives theirs.
pub(crate) fn docusaurus_routes(
    pages: &[Page],
    prefix: &str,
    route_base: &str,
    instances: &[DocsInstance],
) -> Vec<(String, usize)> {
    let route_of = |url: &str| page_route(url).to_string();
    let mut out: Vec<(String, usize)> = Vec::new();
    // A page with a `slug` is at that URL only, in Docusaurus: the routes of the slugs
    // and of the pages without one first, then the file URLs of those with one where
    // still free (links to the file land).
    let mut moved = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if instance_of(instances, page.source.as_str()).is_some() {
            continue;
        }
        let rel = below_content(&page.source, prefix);
        let slugs: Vec<String> = (page.front.redirects.iter())
            .filter(|o| o.slug)
            .filter_map(|old| site_path(old, rel))
            .map(|p| route_of(&p))
            .collect();
        if slugs.is_empty() {
            push_route(&mut out, route_base, &route_of(&page.url), i);
        } else {
            moved.push(i);
        }
        for route in slugs {
            push_route(&mut out, route_base, &route, i);
        }
    }
    for i in moved {
        push_route(&mut out, route_base, &route_of(&pages[i].url), i);
    }
    out
}

/// The redirect page of `route` below `route_base` (`docs`, `community`, `""`) to page
/// `i`, `<base>/<route>/index.html`, unless a page earlier in `out` has it.
pub(crate) fn push_route(out: &mut Vec<(String, usize)>, route_base: &str, route: &str, i: usize) {
    let from = [route_base, route, "index.html"]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    if !out.iter().any(|(f, _)| f == &from) {
        out.push((from, i));
    }
}

/// Adds to `redirects` the Docusaurus URLs of the pages (`docusaurus_routes`, and
/// `docs_instances::routes` for the other docs instances) where no page and no other
/// redirect is.
pub(crate) fn add_docusaurus_routes(
    pages: &[Page],
    prefix: &str,
    route_base: Option<&str>,
    instances: &[DocsInstance],
    redirects: &mut Vec<Redirect>,
) {
    let mut routes = match route_base {
        Some(base) => docusaurus_routes(pages, prefix, base, instances),
        None => Vec::new(),
    };
    routes.extend(crate::parse::docs_instances::routes(pages, instances));
    add_where_free(pages, routes, redirects);
}

/// Adds to `redirects` each (URL, page) of `urls` where no page and no other redirect
/// is, then sorts them.
fn add_where_free(
    pages: &[Page],
    urls: impl IntoIterator<Item = (String, usize)>,
    redirects: &mut Vec<Redirect>,
) {
    let pages_at: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.to_lowercase(), i))
        .collect();
    let mut taken: BTreeMap<String, (usize, Option<&OldUrl>)> = redirects
        .iter()
        .map(|r| (r.from.to_lowercase(), (r.to, None)))
        .collect();
    for (from, to) in urls {
        made(from, to, &pages_at, &mut taken, redirects);
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
}

/// The URLs Hugo gives `pages`, as the site paths of redirect pages to them: a page's
/// own URL without `.html` and with a last `/` (`docs/setup/install/index.html`), a
/// section's its folder (where its page already is); lowercased, as Hugo makes them,
/// unless the site says `disablePathToLower` (`docs/triage/PRs.md` is
/// `/docs/triage/prs/`); with `uglyURLs`, Hugo's URL is the page's own
/// (`docs/setup/install.html`), lowercased. A regular page of a section the config's
/// `permalinks` names has the URL its pattern makes (`permalink`). A space is a `-`,
/// as in Hugo. A page's `url:` front matter is its whole URL (`front_matter_url`).
/// Opsbook's own folders (`search`, `static`, `secrets`, `runs`) get none.
pub(crate) fn hugo_urls(
    pages: &[Page],
    hugo: &crate::config::hugo::Hugo,
    prefix: &str,
) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let rel = below_content(&page.source, prefix);
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let regular = page.kind == crate::model::PageKind::Markdown && !name.starts_with("_index");
        let pattern = permalink_pattern(&hugo.permalinks, rel).filter(|_| regular);
        let from = match front_matter_url(page) {
            Some(own) => own,
            None => {
                let mut url = match pattern.and_then(|p| permalink(p, page, rel)) {
                    Some(own) => own,
                    None => page.url.clone(),
                };
                url = url.replace(' ', "-");
                if !hugo.disable_path_to_lower {
                    url = url.to_lowercase();
                }
                let section = url == "index.html" || url.ends_with("/index.html");
                match url.strip_suffix(".html") {
                    Some(route) if !hugo.ugly_urls && !section => format!("{route}/index.html"),
                    _ => url,
                }
            }
        };
        if own_folder(&from) || from == page.url {
            continue;
        }
        out.push((from, i));
    }
    out.extend(folder_urls(pages, hugo, prefix));
    out
}

/// Whether `site_path` is in one of opsbook's own folders, where no Hugo URL goes.
fn own_folder(site_path: &str) -> bool {
    let top = site_path.split('/').next().unwrap_or_default();
    ["search", "static", "secrets", "runs"].contains(&top)
}

/// The URLs Hugo gives the top folders without an `_index.md` (Hugo makes each a
/// section, with a page listing its pages; opsbook has no page there): lowercased,
/// as Hugo makes them, unless the site says `disablePathToLower`, each with the
/// folder's first page in the book's order, where the redirect leads.
fn folder_urls(
    pages: &[Page],
    hugo: &crate::config::hugo::Hugo,
    prefix: &str,
) -> Vec<(String, usize)> {
    let with_page: std::collections::BTreeSet<String> =
        pages.iter().map(|p| p.url.to_lowercase()).collect();
    let mut out: Vec<(String, usize)> = Vec::new();
    // A taxonomy's folder is no section: its list is there, or disabled on purpose.
    let files = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != crate::model::PageKind::Taxonomy);
    for (i, page) in files {
        let rel = below_content(&page.source, prefix);
        let Some((top, _)) = rel.split_once('/') else {
            continue;
        };
        let mut folder = top.replace(' ', "-");
        if !hugo.disable_path_to_lower {
            folder = folder.to_lowercase();
        }
        let from = format!("{folder}/index.html");
        let has_page = with_page.contains(&format!("{}/index.html", top.to_lowercase()));
        if has_page || own_folder(&from) || out.iter().any(|(f, _)| *f == from) {
            continue;
        }
        out.push((from, i));
    }
    out
}

/// The site path of a page's own `url:` front matter, which Hugo takes as the whole
/// path, as written (not lowercased): `/about-us/` and `/about-us` are
/// `about-us/index.html`, `/docs/old.html` is itself. `None` without one.
fn front_matter_url(page: &Page) -> Option<String> {
    let url = (page.front.extra.iter())
        .find(|(k, _)| k.eq_ignore_ascii_case("url"))
        .and_then(|(_, v)| v.as_str())?;
    let path = url.trim().trim_start_matches('/');
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        path.to_string()
    } else {
        format!("{path}/index.html")
    })
}

/// The `permalinks` pattern for a regular page at `rel` (below the content folder):
/// its top section's, from the flat map or newer Hugo's `page` map.
fn permalink_pattern<'a>(permalinks: &'a serde_json::Value, rel: &str) -> Option<&'a str> {
    let (section, _) = rel.split_once('/')?;
    let map = permalinks.as_object()?;
    let pages = map.get("page").and_then(|p| p.as_object()).unwrap_or(map);
    pages.get(section)?.as_str()
}

/// The site path a `permalinks` pattern gives a page (`/:section/:year/:slug/` →
/// `blog/2024/launch/index.html`); `None` when the pattern has a token opsbook does
/// not know, or the page lacks what one needs (a date): then the page's own URL.
fn permalink(pattern: &str, page: &Page, rel: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        out.push_str(&permalink_token(&after[..len], page, rel)?);
        rest = &after[len..];
    }
    out.push_str(rest);
    let path = out.trim_start_matches('/');
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}.html")
    })
}

/// The value of one `permalinks` token (`year`, `slug`, …) for a page.
fn permalink_token(token: &str, page: &Page, rel: &str) -> Option<String> {
    use crate::parse::hugo_taxonomy::urlize;
    let date = || {
        let text = crate::parse::hugo_page::date_text(&page.front)?;
        let ymd = text.get(..10)?;
        let parts: Vec<&str> = ymd.split('-').collect();
        (parts.len() == 3).then(|| {
            (
                parts[0].to_string(),
                parts[1].to_string(),
                parts[2].to_string(),
            )
        })
    };
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.split('.').next().unwrap_or(file);
    let base = if stem == "index" {
        dir.rsplit('/').next().unwrap_or(stem)
    } else {
        stem
    };
    let slug = (page.front.extra.iter())
        .find(|(k, _)| k.eq_ignore_ascii_case("slug"))
        .and_then(|(_, v)| v.as_str())
        .map(str::to_string);
    let title = || urlize(page.front.title.as_deref().unwrap_or(&page.title));
    Some(match token {
        "year" => date()?.0,
        "month" => date()?.1,
        "day" => date()?.2,
        "monthname" | "weekday" | "weekdayname" | "yearday" => {
            let (y, m, d) = date()?;
            calendar_token(token, y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?
        }
        "section" => dir.split('/').next().unwrap_or_default().to_string(),
        "sections" => dir.to_string(),
        "title" => title(),
        "slug" => slug.unwrap_or_else(title),
        "filename" | "contentbasename" => base.to_string(),
        "slugorfilename" | "slugorcontentbasename" => slug.unwrap_or_else(|| base.to_string()),
        _ => return None,
    })
}

/// The `permalinks` tokens Hugo takes from the calendar, for the date `y-m-d`: the
/// month's and the weekday's English names, the weekday (Sunday is 0) and the day of
/// the year (from 1).
fn calendar_token(token: &str, y: i64, m: i64, d: i64) -> Option<String> {
    use crate::base::clock::days_from_civil;
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let days = days_from_civil(y, m, d);
    // 1970-01-01, day 0, was a Thursday.
    let weekday = usize::try_from((days + 4).rem_euclid(7)).ok()?;
    Some(match token {
        "monthname" => MONTHS.get(usize::try_from(m - 1).ok()?)?.to_string(),
        "weekday" => weekday.to_string(),
        "weekdayname" => DAYS[weekday].to_string(),
        _ => (days - days_from_civil(y, 1, 1) + 1).to_string(),
    })
}

/// Adds to `redirects` the Hugo URLs of the pages (`hugo_urls`) where no page and no
/// other redirect is, so the site's old bookmarks and links land. One that differs
/// from its page's URL only in case (a section folder with capitals: `Tasks/` is
/// Hugo's `/tasks/`) cannot be made: on a disk that ignores case it would be that
/// page, overwritten. On a server that minds case that URL is not found, so it is a
/// `duplicate-page` warning at the page, with the rename that keeps Hugo's URL.
pub(crate) fn add_hugo_urls(
    pages: &[Page],
    (hugo, prefix): (&crate::config::hugo::Hugo, &str),
    redirects: &mut Vec<Redirect>,
    diags: &mut Diagnostics,
) {
    let urls = hugo_urls(pages, hugo, prefix);
    for (from, i) in &urls {
        let own = &pages[*i].url;
        if from != own && from.to_lowercase() == own.to_lowercase() {
            diags.push(case_only(&pages[*i], from));
        }
    }
    add_where_free(pages, urls, redirects);
}

/// The warning for a page whose Hugo URL (`from`) differs from its own only in case.
fn case_only(page: &Page, from: &str) -> Diagnostic {
    let url = from.strip_suffix("index.html").unwrap_or(from);
    let own = page.url.strip_suffix("index.html").unwrap_or(&page.url);
    Diagnostic::warning(
        Code::DuplicatePage,
        page.source.clone(),
        format!(
            "Hugo's URL of this page, `/{url}`, differs from its own, `/{own}`, only in case: no redirect can be written there"
        ),
    )
    .with_hint(format!(
        "a disk that ignores case holds one of the two; on a server that minds case `/{url}` is not found: name the folders or the file as Hugo's URL has them (`{url}`) to keep it"
    ))
}

/// A redirect opsbook makes (written in no front matter) from `from` to page `to`,
/// unless a page is at `from` (its own URL included) or a redirect already leads
/// from it; URLs compared without case, as `urls` and `taken` hold them.
fn made(
    from: String,
    to: usize,
    urls: &BTreeMap<String, usize>,
    taken: &mut BTreeMap<String, (usize, Option<&OldUrl>)>,
    out: &mut Vec<Redirect>,
) {
    let key = from.to_lowercase();
    if urls.contains_key(&key) || taken.contains_key(&key) {
        return;
    }
    taken.insert(key, (to, None));
    out.push(Redirect {
        from,
        to,
        line: 0,
        col: 0,
    });
}

/// The index of the page at `index.html`, or `usize::MAX`.
fn home(pages: &[Page]) -> usize {
    pages
        .iter()
        .position(|p| p.url == "index.html")
        .unwrap_or(usize::MAX)
}

fn problem(page: &Page, old: &OldUrl, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(Code::DuplicatePage, page.source.clone(), message)
        .at_line(old.line, old.col)
        .with_hint(hint)
}

/// The site path of the redirect page for `old`, of the page at `rel` (below the
/// pages' folder): `None` when it is not a path inside the site.
fn site_path(old: &OldUrl, rel: &str) -> Option<String> {
    let url = old.url.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let has_scheme = url
        .split_once(':')
        .is_some_and(|(s, _)| !s.contains('/') && !s.is_empty());
    if url.is_empty() || has_scheme || url.starts_with("//") {
        return None;
    }
    let decoded = crate::base::url::percent_decode(url);
    let (base, path) = match decoded.strip_prefix('/') {
        Some(from_root) => ("", from_root.to_string()),
        None => (
            rel.rsplit_once('/').map_or("", |(dir, _)| dir),
            decoded.to_string(),
        ),
    };
    let (up, path) = crate::source::includes::normalize(base, &path)?;
    if up > 0 {
        return None;
    }
    let path = path.trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    Some(if path.is_empty() {
        "index.html".to_string()
    } else if last.ends_with(".html") || last.ends_with(".htm") {
        path.to_string()
    } else {
        format!("{path}/index.html")
    })
}

#[cfg(test)]
mod tests;
