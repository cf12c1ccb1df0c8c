//! Link pass: records every link that stays inside the book (relative path or
//! `#fragment`) with its destination as written and the line:col of its `[`, and
//! points relative `.md` links at the built page (`x.md` → `x.html`, `dir/README.md`
//! and `dir/index.md` → `dir/index.html`, `<what?.md>` → `what%3F.html`: the page's
//! path percent-encoded; query and fragment kept). Images are recorded (their file
//! must exist) but not rewritten. Must not check that targets exist (`check.rs` does).

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::{Ctx, Events};
use crate::base::url::{encode_path, percent_decode};
use crate::model::Link;
use crate::parse::docs_instances;

pub(crate) fn run<'a>(events: Events<'a>, ctx: &Ctx<'_>) -> (Events<'a>, Vec<Link>) {
    let mut links = Vec::new();
    let events = events
        .into_iter()
        .map(|(event, range)| match event {
            // An email autolink (`<ops@acme.io>`) is written without `mailto:`: an
            // address, never a file of the book.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => {
                let hugo = ctx
                    .opts
                    .hugo_pages
                    .and_then(|site| hugo_url(&dest_url, ctx.opts.path, site));
                let file = static_file(&dest_url, ctx);
                let dest_url = match (file, hugo.map(|md| (rewrite_md(&md), md))) {
                    (Some(file), _) => {
                        push_link(&mut links, ctx, &dest_url, range.start);
                        CowStr::from(file)
                    }
                    (None, Some((html, md))) => {
                        push_link(&mut links, ctx, &md, range.start);
                        let is_page = html.is_some();
                        CowStr::from(lowered(html.unwrap_or(md), is_page, ctx))
                    }
                    (None, None) => match destination(&dest_url, ctx) {
                        Some(new) => {
                            push_link(&mut links, ctx, &dest_url, range.start);
                            new.map_or(dest_url, |rel| {
                                let page = rewrite_md(&rel);
                                let is_page = page.is_some() || is_route_html(&rel, ctx);
                                let rel = page.unwrap_or_else(|| undotted(rel));
                                let rel = lowered(rel, is_page, ctx);
                                CowStr::from(unprefixed(rel, is_page, ctx))
                            })
                        }
                        None => dest_url,
                    },
                };
                let tag = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Event::Start(tag), range)
            }
            // An image is checked like a link (its file must exist), never made a page's.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = image_dest(dest_url, range.start, ctx, &mut links);
                let tag = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Event::Start(tag), range)
            }
            other => (other, range),
        })
        .collect();
    (events, links)
}

/// Records the link `dest` written at byte `at` of the body.
fn push_link(links: &mut Vec<Link>, ctx: &Ctx<'_>, dest: &str, at: usize) {
    let (line, col) = ctx.pos(at);
    links.push(Link {
        dest: dest.to_string(),
        line,
        col,
    });
}

/// An image's file (`![](…)`, or an `<img>`'s `src`: `mdx_images`), recorded in
/// `links` at byte `at` when the book's, and what it becomes: in a Docusaurus site a
/// static file's published place, in a Hugo site the file read from the page's URL,
/// else as `destination` says. Never a page's.
pub(super) fn image_dest<'a>(
    dest_url: CowStr<'a>,
    at: usize,
    ctx: &Ctx<'_>,
    links: &mut Vec<Link>,
) -> CowStr<'a> {
    let mut record = |dest: &str| push_link(links, ctx, dest, at);
    // In a Hugo site, an image file read from the page's URL.
    let hugo = (ctx.opts.hugo_pages)
        .and_then(|site| hugo_url(&dest_url, ctx.opts.path, site))
        .filter(|file| rewrite_md(file).is_none());
    match (static_file(&dest_url, ctx), hugo) {
        (Some(file), _) => {
            record(&dest_url);
            CowStr::from(file)
        }
        (None, Some(file)) => {
            record(&file);
            CowStr::from(lowered(file, false, ctx))
        }
        (None, None) => match destination(&dest_url, ctx) {
            Some(new) => {
                record(&dest_url);
                new.map_or(dest_url, |rel| {
                    CowStr::from(unprefixed(lowered(undotted(rel), false, ctx), false, ctx))
                })
            }
            None => dest_url,
        },
    }
}

/// A relative link as a Hugo site that lowercases its URLs has it (`HugoPages::lower`):
/// a page's path lowercased, a file's folders (`book::lower_folders`); the query and
/// fragment kept. Otherwise `rel` as it is.
fn lowered(rel: String, is_page: bool, ctx: &Ctx<'_>) -> String {
    if !ctx.opts.hugo_pages.is_some_and(|site| site.lower) || rel.starts_with('#') {
        return rel;
    }
    let end = rel.find(['?', '#']).unwrap_or(rel.len());
    let path = &rel[..end];
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{}/", lower_encoded(dir)), name),
        None => (String::new(), path),
    };
    let name = if is_page {
        lower_encoded(name)
    } else {
        name.to_string()
    };
    format!("{dir}{name}{}", &rel[end..])
}

/// A percent-encoded path lowercased, its escapes kept as they are (`Z%C3%BC` →
/// `z%C3%BC`).
fn lower_encoded(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut keep = 0;
    for c in path.chars() {
        if keep > 0 {
            keep -= 1;
            out.push(c);
        } else if c == '%' {
            keep = 2;
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A relative link to a file as the site has it: each hidden folder or file named in
/// its path without the dot (`.github/workflows/ci.yaml` → `github/workflows/ci.yaml`,
/// `book::site_rel`); the query and fragment kept.
fn undotted(rel: String) -> String {
    let end = rel.find(['?', '#']).unwrap_or(rel.len());
    match crate::parse::book::site_rel(&rel[..end]) {
        std::borrow::Cow::Borrowed(_) => rel,
        std::borrow::Cow::Owned(path) => format!("{path}{}", &rel[end..]),
    }
}

/// Whether a link's destination is checked, and what it becomes: `None`, not checked
/// and left as written (a URL, a root-relative path of a book that leaves them alone);
/// `Some(Some(relative))`, checked, and written relative to the page (a relative path
/// as it is, a root-relative one made relative: `from_repo_top`); `Some(None)`,
/// checked and left as written (a root-relative one that leaves the content folder).
fn destination(dest: &str, ctx: &Ctx<'_>) -> Option<Option<String>> {
    if is_internal(dest) {
        let (path, rest) = split_dest(dest);
        let route = ctx.opts.routes && (is_route(&path) || is_route(path.trim_end_matches('/')));
        if let Some(site) = across_instances(&path, ctx) {
            // Into another docs instance's folder: where that page is built.
            let url = ctx.opts.repo_links.map_or("", |r| r.url);
            let site = site.trim_end_matches('/');
            let html = if route { ".html" } else { "" };
            let to = crate::base::url::relative(url, &format!("{site}{html}"));
            return Some(Some(format!("{}{rest}", encode_path(&to))));
        }
        if route {
            // A Docusaurus route (`x`, `x/`): the page `x.md` (or the folder `x/`, whose
            // page has a redirect at `x.html`: `parse::redirects`).
            let path = path.trim_end_matches('/');
            return Some(Some(format!("{}.html{rest}", encode_path(path))));
        }
        return Some(Some(dest.to_string()));
    }
    from_repo_top(dest, ctx)
}

/// The site path a relative link leads to when it goes from one docs instance's
/// folder into another's (`parse::docs_instances::across`).
fn across_instances(path: &str, ctx: &Ctx<'_>) -> Option<String> {
    let repo = ctx.opts.repo_links.filter(|r| !r.instances.is_empty())?;
    crate::parse::docs_instances::across(
        repo.instances,
        ctx.opts.path.as_str(),
        path,
        repo.docs_dir,
    )
}

/// In a Docusaurus site, a link to a file of its static folders (`/img/a.png`,
/// `pathname:///img/a.png`, `../../static/img/a.png`: `parse::static_files`), written
/// relative to the page, to where the file is published: the site's root (above the
/// version's folder in a versioned build).
fn static_file(dest: &str, ctx: &Ctx<'_>) -> Option<String> {
    let repo = ctx
        .opts
        .repo_links
        .filter(|r| ctx.opts.routes && !r.statics.is_empty())?;
    let (file, rest) = crate::parse::static_files::site_path(dest, ctx.opts.path, repo.statics)?;
    let up = if repo.statics_up { "../" } else { "" };
    Some(format!(
        "{up}{}{rest}",
        crate::base::url::relative(repo.url, &file)
    ))
}

/// Whether `rel` (what `destination` made of a link) is a Docusaurus route's page.
fn is_route_html(rel: &str, ctx: &Ctx<'_>) -> bool {
    ctx.opts.routes && split_dest(rel).0.ends_with(".html")
}

/// A relative link of a page in a Docusaurus site, where number prefixes are not in
/// URLs (`02-setup/01-install.md` is at `setup/install.html`): a link to a page
/// (`is_page`) loses its prefixes (`../01-intro.html` → `../intro.html`); a link to
/// a file from a page whose folders have prefixes goes back to the file's real folder
/// (`img/a.png` from `setup/` → `../02-setup/img/a.png`). Other books' links are
/// left as they are.
fn unprefixed(rel: String, is_page: bool, ctx: &Ctx<'_>) -> String {
    use crate::parse::number_prefix::strip_path;
    if !ctx.opts.routes || rel.starts_with('#') || rel.starts_with('/') {
        return rel;
    }
    if is_page {
        let (path, rest) = split_dest(&rel);
        let stripped = strip_path(&path);
        return if stripped == *path {
            rel
        } else {
            format!("{}{rest}", encode_path(&stripped))
        };
    }
    let dir = ctx.opts.path.parent();
    let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let Some(first) = parts
        .iter()
        .position(|p| crate::parse::number_prefix::strip(p).1.is_some())
    else {
        return rel;
    };
    let up = "../".repeat(parts.len() - first);
    let rel = rel.strip_prefix("./").unwrap_or(&rel);
    format!("{up}{}/{rel}", encode_path(&parts[first..].join("/")))
}

/// In a Hugo site, a relative link to a page's URL (`../multi-language/`,
/// `../../markdown#alerts`): Hugo reads it from the page's own URL, which for a page
/// that is not its folder's (`advanced/pages.md` at `/advanced/pages/`) is one folder
/// deeper than its file. The page's file it names (`x.md`, `x/_index.md` or
/// `x/index.md`), relative to this page's file, with the fragment: the link then
/// reads and is checked as a link to that file. A link to a taxonomy's or a term's
/// page (`../tags/`, `/tags/db/`, also from the site root) names the file of the page
/// `parse::hugo_taxonomy` makes (`tags/db/_index.md`). `None` when it names a file,
/// or no page (it is then read as written).
pub(crate) fn hugo_url(
    dest: &str,
    page: &crate::base::path::RelPath,
    site: super::HugoPages<'_>,
) -> Option<String> {
    let from_root = dest.starts_with('/') && !dest.starts_with("//");
    if !(is_internal(dest) || from_root) || dest.starts_with('#') {
        return None;
    }
    let (path, rest) = split_dest(dest);
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    if name.contains('.') && name != ".." && name != "." {
        // A file (`../img/a.svg`): from the page's URL, when one is there.
        let target = (!from_root).then(|| from_page_url(&path, page)).flatten()?;
        let has = |p: &str| site.files.binary_search_by(|x| x.as_str().cmp(p)).is_ok();
        let relative = crate::parse::shortcodes::relative_path(page.as_str(), &target);
        return (has(&target) && relative != path).then(|| format!("{relative}{rest}"));
    }
    // The page's file; Hugo finds a page by its URL in any case (`/docs/setup/`:
    // `Docs/Setup.md`) when it lowercases its URLs.
    let real = |p: &str| -> Option<String> {
        if site.pages.binary_search_by(|x| x.as_str().cmp(p)).is_ok() {
            return Some(p.to_string());
        }
        let found = site
            .lower
            .then(|| site.pages.iter().find(|x| x.eq_ignore_ascii_case(p)));
        found.flatten().cloned()
    };
    let page_of = |target: &str| {
        let readme = site.readme_index.then_some("/README");
        ["", "/_index", "/index"]
            .into_iter()
            .chain(readme)
            .flat_map(|name| {
                let own = format!("{target}{name}.md");
                let localized = (!site.language.is_empty())
                    .then(|| format!("{target}{name}.{}.md", site.language));
                [Some(own), localized]
            })
            .flatten()
            .find_map(|c| real(&c))
    };
    // The site's link hook's `GetPage`: from the linking page's folder first.
    let by_folder = (site.by_get_page && !from_root)
        .then(|| crate::source::includes::normalize(page.parent(), path.trim_end_matches('/')))
        .flatten()
        .and_then(|(up, target)| (up == 0).then(|| page_of(&target)).flatten());
    if let Some(found) = by_folder {
        let relative = crate::parse::shortcodes::relative_path(page.as_str(), &found);
        return Some(format!("{relative}{rest}"));
    }
    let target = if from_root {
        taxonomy_page(site.taxonomies, path.trim_matches('/'))?
    } else {
        from_page_url(&path, page)?
            .trim_end_matches('/')
            .to_string()
    };
    let found = page_of(&target).or_else(|| {
        let is_taxonomy = |t: &str| site.taxonomies.iter().any(|x| x == t);
        let folder = target.rsplit_once('/').map_or("", |(f, _)| f);
        (is_taxonomy(&target) || is_taxonomy(folder)).then(|| format!("{target}/_index.md"))
    })?;
    let relative = crate::parse::shortcodes::relative_path(page.as_str(), &found);
    Some(format!("{relative}{rest}"))
}

/// The file (from the book root) a relative `path` names when read from the URL of
/// the page at `page`: its folder for a folder's page (`_index.md`, `index.md`), else
/// one deeper (`docs/a.md` is at `/docs/a/`). `None` when it climbs out of the book.
pub(crate) fn from_page_url(path: &str, page: &crate::base::path::RelPath) -> Option<String> {
    let file = page.as_str().rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or(file);
    let from_url = if crate::parse::book::is_index_name(stem) {
        path.to_string()
    } else {
        format!("{stem}/{path}")
    };
    match crate::source::includes::normalize(page.parent(), &from_url)? {
        (0, target) => Some(target),
        _ => None,
    }
}

/// A root-relative path (`tags/db`, without its slashes) that is a taxonomy's page
/// or one of its terms': its place among the pages' files (`content/tags/db`).
fn taxonomy_page(taxonomies: &[String], path: &str) -> Option<String> {
    let (first, rest) = path.split_once('/').unwrap_or((path, ""));
    if rest.contains('/') {
        return None;
    }
    let folder = taxonomies
        .iter()
        .find(|t| t.rsplit('/').next() == Some(first))?;
    Some(if rest.is_empty() {
        folder.clone()
    } else {
        format!("{folder}/{rest}")
    })
}

/// Whether a link's path is a route rather than a file: its last name has no `.`
/// (`./installation`, `../concepts/probes`), and it is not a folder (`guide/`).
pub(crate) fn is_route(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.is_empty() && !name.contains('.')
}

/// A root-relative destination (`/docs/x.md#a`) of a book whose root-relative links are
/// read from the top of its repository (`RepoLinks`): `Some(Some(relative))`, the same
/// destination relative to the page (`../x.md#a`), when it names something below the
/// content folder; `Some(None)` when it names a place outside it (the check says so);
/// `None` when it is no such link (not root-relative, `//host`, template syntax, or a
/// book that leaves them alone).
///
/// In a Docusaurus site (`routes`), a Markdown file (`/setup/install.md`) is read
/// from the page's docs folder, as Docusaurus reads it (`docs_instances::file_link`).
/// Otherwise `content` is the docs' `routeBasePath`, and only
/// routes and Markdown files below it are read (`/docs/setup/install` is the page
/// `setup/install.html`, `/docs/category/guides` the index page made for a
/// `generated-index` category); its other root-relative links (static files, the
/// blog, a path outside the docs, another version's page: `/docs/1.0/setup`; with
/// the docs at `/`, a route of the blog or `src/pages`: `RepoLinks::foreign`) are
/// left as they are, unchecked.
fn from_repo_top(dest: &str, ctx: &Ctx<'_>) -> Option<Option<String>> {
    let repo = ctx.opts.repo_links?;
    let prefix = crate::base::url::root_prefix(repo.url);
    if ctx.opts.routes {
        // Below another docs instance's `routeBasePath`: its page; another version's
        // page is left as it is.
        let (path, rest) = split_dest(dest);
        if let Some(found) = crate::parse::docs_instances::root_link(repo.instances, &path) {
            let site = crate::base::path::below(&found?, repo.docs_dir).to_string();
            let html = if is_route(&site) { ".html" } else { "" };
            return Some(Some(format!("{prefix}{}{html}{rest}", encode_path(&site))));
        }
        // A Markdown file from the page's docs folder (`/setup/install.md`): a link to
        // that file, written from the page.
        let page = ctx.opts.path.as_str();
        if let Some(file) = docs_instances::file_link(repo.instances, page, &path, repo.docs_dir) {
            let rel = crate::parse::shortcodes::relative_path(page, &file);
            return destination(&format!("{rel}{rest}"), ctx);
        }
    }
    let below = below_repo_content(dest, repo.content)?;
    if !ctx.opts.routes {
        return Some(below.map(|below| format!("{prefix}{below}")));
    }
    let (path, rest) = split_dest(below?);
    let path = path.trim_end_matches('/');
    let first = path.split('/').next().unwrap_or(path);
    if repo.versions.iter().any(|v| v == first) {
        return None;
    }
    // Docs at `/`: a route the blog, `src/pages` or a redirect owns is not theirs.
    let foreign = |r: &String| {
        (path.strip_prefix(r.as_str())).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if repo.content.is_empty() && repo.foreign.iter().any(foreign) {
        return None;
    }
    if path.is_empty() {
        return Some(Some(format!("{prefix}index.html{rest}")));
    }
    if is_route(path) {
        return Some(Some(format!("{prefix}{}.html{rest}", encode_path(path))));
    }
    md_stem(path).map(|_| Some(format!("{prefix}{}{rest}", encode_path(path))))
}

/// For a root-relative destination (`/docs/content/x.md#a`), read from the top of the
/// repository whose content folder is at `content` (`docs/content`): `Some(Some)` of
/// what it names below that folder (`x.md#a`), `Some(None)` when it names a place
/// outside it, `None` when `dest` is not root-relative (or is `//host` or a template).
pub(crate) fn below_repo_content<'d>(dest: &'d str, content: &str) -> Option<Option<&'d str>> {
    let path = dest.trim().strip_prefix('/')?;
    if path.starts_with('/') || ["{{", "{%", "<%"].iter().any(|t| path.contains(t)) {
        return None;
    }
    if content.is_empty() {
        return Some(Some(path));
    }
    Some(
        path.strip_prefix(content)
            .and_then(|rest| rest.strip_prefix('/')),
    )
}

/// Whether a destination stays inside the book: not empty, no `scheme:`, not `//host`
/// or root-relative `/…`, no template syntax (`{{`, `{%`, `<%`).
pub(crate) fn is_internal(dest: &str) -> bool {
    let dest = dest.trim();
    !dest.is_empty()
        && !dest.starts_with('/')
        && !has_scheme(dest)
        && !["{{", "{%", "<%"].iter().any(|t| dest.contains(t))
}

fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// What a destination names: the file's path (percent-decoded, relative to the page;
/// empty for `#fragment`) and what follows it as written (`?query#fragment`). A
/// destination is a URL, whose path ends at the first `?` or `#`; but when that path
/// is not a page's and the text up to a later `.md` is (`<what?.md>`,
/// `<a#b.md#intro>`), the `?` and `#` are part of the page's file name. The link
/// checks and the rewriting below both read destinations here.
pub(crate) fn split_dest(dest: &str) -> (Cow<'_, str>, &str) {
    let url_end = dest.find(['?', '#']).unwrap_or(dest.len());
    let url_path = &dest[..url_end];
    let end = if url_path.is_empty() || url_path.ends_with('/') || md_stem(url_path).is_some() {
        url_end
    } else {
        dest.match_indices(['?', '#'])
            .map(|(i, _)| i)
            .chain([dest.len()])
            .find(|&i| i > url_end && md_stem(&dest[..i]).is_some())
            .unwrap_or(url_end)
    };
    (percent_decode(&dest[..end]), &dest[end..])
}

/// `ops/deploy` of `ops/deploy.md` (`.md`, `.mdx` or `.markdown`, in any case); `None` when the last name is
/// not a Markdown page's.
fn md_stem(path: &str) -> Option<&str> {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    [".md", ".mdx", ".markdown"].iter().find_map(|ext| {
        path.len()
            .checked_sub(ext.len())
            .filter(|&i| i > name_start && path.is_char_boundary(i))
            .filter(|&i| path[i..].eq_ignore_ascii_case(ext))
            .map(|i| &path[..i])
    })
}

/// `x.md#a` → `x.html#a`; `dir/README.md` → `dir/index.html`; `what?.md` →
/// `what%3F.html` (the page's path encoded, see `split_dest`); `None` if not a `.md`
/// link.
pub(crate) fn rewrite_md(dest: &str) -> Option<String> {
    let (path, rest) = split_dest(dest);
    let stem = md_stem(&path)?;
    let (dir, name) = stem.rsplit_once('/').map_or(("", stem), |(d, n)| (d, n));
    let page = if crate::parse::book::is_index_name(name) {
        "index"
    } else {
        name
    };
    let slash = if stem.contains('/') { "/" } else { "" };
    // Hidden folders and pages are on the site without their dot (`book::site_rel`).
    let html = format!("{dir}{slash}{page}.html");
    let html = crate::parse::book::site_rel(&html);
    Some(format!("{}{rest}", encode_path(&html)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    #[test]
    fn hugo_url_links_read_from_the_pages_url() {
        let pages: Vec<String> = [
            "content/docs/advanced/multi-language.md",
            "content/docs/advanced/pages.md",
            "content/docs/guide/_index.md",
            "content/docs/guide/markdown.md",
            "content/docs/guide/shortcodes/callout.md",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let page = crate::base::path::RelPath::new("content/docs/advanced/pages.md");
        let files = [
            "content/docs/advanced/img/flow.svg".to_string(),
            "content/docs/advanced/pages/shot.png".to_string(),
        ];
        let site = |language| crate::parse::markdown::HugoPages {
            pages: &pages,
            files: &files,
            language,
            taxonomies: &[],
            by_get_page: false,
            readme_index: false,
            lower: false,
        };
        let url = |dest: &str| hugo_url(dest, &page, site("en"));
        assert_eq!(
            url("../multi-language/").as_deref(),
            Some("multi-language.md")
        );
        assert_eq!(
            url("../../guide/#top").as_deref(),
            Some("../guide/_index.md#top")
        );
        assert_eq!(url("multi-language.md"), None, "a file");
        assert_eq!(
            url("../img/flow.svg#x").as_deref(),
            Some("img/flow.svg#x"),
            "a file, from the page's URL (`/docs/advanced/pages/`)"
        );
        assert_eq!(url("shot.png").as_deref(), Some("pages/shot.png"));
        assert_eq!(url("../img/none.svg"), None, "no file there: as written");
        assert_eq!(url("../gone/"), None, "no page: as written");
        assert_eq!(url("https://x.io/a/"), None);
        let callout = crate::base::path::RelPath::new("content/docs/guide/shortcodes/callout.md");
        assert_eq!(
            hugo_url("../../markdown#alerts", &callout, site("en")).as_deref(),
            Some("../markdown.md#alerts")
        );
        let index = crate::base::path::RelPath::new("content/docs/guide/_index.md");
        assert_eq!(
            hugo_url("markdown/", &index, site("")).as_deref(),
            Some("markdown.md"),
            "a folder's page is at its folder's URL"
        );
    }

    #[test]
    fn a_link_hook_with_get_page_reads_links_from_the_pages_folder_first() {
        let pages = [
            "content/docs/concepts/authentication.md".to_string(),
            "content/docs/concepts/scaling.md".to_string(),
            "content/docs/concepts/scaling/more.md".to_string(),
            "content/docs/scalers/datadog.md".to_string(),
        ];
        let site = |by_get_page| crate::parse::markdown::HugoPages {
            pages: &pages,
            files: &[],
            language: "",
            taxonomies: &[],
            by_get_page,
            readme_index: false,
            lower: false,
        };
        let scaling = crate::base::path::RelPath::new("content/docs/concepts/scaling.md");
        let datadog = crate::base::path::RelPath::new("content/docs/scalers/datadog.md");
        // keda-docs: `./authentication` from scaling.md, which Hugo's URL reading
        // would take for `/docs/concepts/scaling/authentication/`.
        assert_eq!(
            hugo_url("./authentication#x", &scaling, site(true)).as_deref(),
            Some("authentication.md#x")
        );
        assert_eq!(hugo_url("./authentication", &scaling, site(false)), None);
        assert_eq!(
            hugo_url("../concepts/scaling/#polling", &datadog, site(true)).as_deref(),
            Some("../concepts/scaling.md#polling")
        );
        // Not a page from the folder: read from the page's URL, as before.
        assert_eq!(
            hugo_url("more/", &scaling, site(true)).as_deref(),
            Some("scaling/more.md")
        );
    }

    #[test]
    fn an_mkdocs_link_to_a_folder_url_names_its_readme() {
        let pages = [
            "docs/install/README.md".to_string(),
            "docs/serving/features/identity.md".to_string(),
            "docs/setup/README.md".to_string(),
            "docs/setup/index.md".to_string(),
        ];
        let mkdocs = crate::parse::markdown::HugoPages {
            pages: &pages,
            files: &[],
            language: "",
            taxonomies: &[],
            by_get_page: false,
            readme_index: true,
            lower: false,
        };
        let page = crate::base::path::RelPath::new("docs/serving/features/identity.md");
        let url = |dest: &str, site| hugo_url(dest, &page, site);
        assert_eq!(
            url("./../../../install", mkdocs).as_deref(),
            Some("../../install/README.md")
        );
        // `index.md` first, as MkDocs takes it over a README beside it.
        assert_eq!(
            url("../../../setup/#a", mkdocs).as_deref(),
            Some("../../setup/index.md#a")
        );
        let hugo = crate::parse::markdown::HugoPages {
            readme_index: false,
            lower: false,
            ..mkdocs
        };
        assert_eq!(url("./../../../install", hugo), None);
    }

    #[test]
    fn hugo_links_to_taxonomy_pages_name_the_pages_made_for_them() {
        let pages = ["content/docs/a.md".to_string()];
        let site = crate::parse::markdown::HugoPages {
            pages: &pages,
            files: &[],
            language: "en",
            taxonomies: &["content/tags".to_string()],
            by_get_page: false,
            readme_index: false,
            lower: false,
        };
        let page = crate::base::path::RelPath::new("content/docs/a.md");
        let url = |dest: &str| hugo_url(dest, &page, site);
        assert_eq!(url("/tags/db/").as_deref(), Some("../tags/db/_index.md"));
        assert_eq!(url("/tags#x").as_deref(), Some("../tags/_index.md#x"));
        assert_eq!(
            url("../../tags/db/").as_deref(),
            Some("../tags/db/_index.md")
        );
        assert_eq!(url("/tags/db/more/"), None, "not a term");
        assert_eq!(url("/categories/db/"), None, "not a taxonomy of the site");
        assert_eq!(
            url("/docs/a/"),
            None,
            "other root-relative links: as written"
        );
        assert_eq!(url("//cdn.io/tags/db/"), None);
    }

    #[test]
    fn rewrites_md_links_to_pages() {
        assert_eq!(rewrite_md("x.md").as_deref(), Some("x.html"));
        assert_eq!(
            rewrite_md("../ops/deploy.md#db").as_deref(),
            Some("../ops/deploy.html#db")
        );
        assert_eq!(
            rewrite_md("dir/README.md").as_deref(),
            Some("dir/index.html")
        );
        assert_eq!(
            rewrite_md("guide/tabs.mdx#linux").as_deref(),
            Some("guide/tabs.html#linux")
        );
        assert_eq!(rewrite_md("notes.markdown").as_deref(), Some("notes.html"));
        assert_eq!(
            rewrite_md("../.github/ISSUE_TEMPLATE/release.md#tag").as_deref(),
            Some("../github/ISSUE_TEMPLATE/release.html#tag")
        );
        assert_eq!(
            rewrite_md("dir/index.md?x=1#a").as_deref(),
            Some("dir/index.html?x=1#a")
        );
        assert_eq!(rewrite_md("README.MD").as_deref(), Some("index.html"));
        assert_eq!(rewrite_md("#setup"), None);
        assert_eq!(rewrite_md("notes.txt"), None);
        assert_eq!(rewrite_md("a.md.bak"), None);
        assert_eq!(rewrite_md(".md"), None);
        assert_eq!(rewrite_md("ü.md").as_deref(), Some("%C3%BC.html"));
        // A hidden page is on the site without its dot, as its folder is.
        assert_eq!(rewrite_md(".a.md").as_deref(), Some("a.html"));
        assert_eq!(rewrite_md("../.^.md#x").as_deref(), Some("../%5E.html#x"));
        assert_eq!(
            rewrite_md(".github/.notes.md").as_deref(),
            Some("github/notes.html")
        );
    }

    #[test]
    fn rewrites_links_to_odd_names_encoded() {
        for (link, html) in [
            ("a%23b.md", "a%23b.html"),
            ("<what?.md>", "what%3F.html"),
            ("my%20page.md", "my%20page.html"),
            ("<my page.md>", "my%20page.html"),
            ("100%25.md#top", "100%25.html#top"),
            ("<dir #1/sub?.md#deeper>", "dir%20%231/sub%3F.html#deeper"),
            ("<../a#b.md>", "../a%23b.html"),
            ("x&y.md", "x&amp;y.html"),
        ] {
            let (doc, _) = render_page(&format!("[x]({link})\n"));
            assert!(
                doc.html.contains(&format!("href=\"{html}\"")),
                "{link}: {}",
                doc.html
            );
        }
    }

    #[test]
    fn splits_a_destination_into_file_and_rest() {
        let split = |d| {
            let (path, rest) = split_dest(d);
            (path.into_owned(), rest)
        };
        assert_eq!(split("x.md#a"), ("x.md".into(), "#a"));
        assert_eq!(split("x.md?q=1#a"), ("x.md".into(), "?q=1#a"));
        assert_eq!(
            split("#a.md"),
            (String::new(), "#a.md"),
            "a heading, not a file"
        );
        assert_eq!(split("dir/#a.md"), ("dir/".into(), "#a.md"));
        assert_eq!(split("x.md#b.md"), ("x.md".into(), "#b.md"));
        assert_eq!(split("what?.md"), ("what?.md".into(), ""));
        assert_eq!(split("a#b.md#c"), ("a#b.md".into(), "#c"));
        assert_eq!(split("a%23b.md#c"), ("a#b.md".into(), "#c"));
        assert_eq!(
            split("img/a#1.png"),
            ("img/a".into(), "#1.png"),
            "only pages"
        );
        assert_eq!(split("page.html?x#y"), ("page.html".into(), "?x#y"));
    }

    #[test]
    fn email_autolinks_are_not_book_links() {
        let (doc, _) = render_page("Write to <ops@acme.io> or [x](a.md).\n");
        assert!(
            doc.html.contains("href=\"mailto:ops@acme.io\""),
            "{}",
            doc.html
        );
        let dests: Vec<&str> = doc.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["a.md"]);
    }

    #[test]
    fn internal_means_relative() {
        for d in ["x.md", "#frag", "../a/b.md", "img/", "page.html?x=1"] {
            assert!(is_internal(d), "{d}");
        }
        for d in [
            "https://x.io/a.md",
            "mailto:a@b.c",
            "//cdn.x/y",
            "/root.md",
            "{{ site.url }}/a.md",
            "<%= url %>",
            "",
        ] {
            assert!(!is_internal(d), "{d}");
        }
    }

    #[test]
    fn records_links_and_images_with_position_and_rewrites_only_links() {
        let body = "Intro [a](x.md#top) and ![img](pic.png) and [ext](https://e.x).\n\n- [ref][r] [y](y.md)\n\n[r]: ../z/README.md\n";
        let (doc, _) = render_page(body);
        let got: Vec<(String, u32, u32)> = doc
            .links
            .iter()
            .map(|l| (l.dest.clone(), l.line, l.col))
            .collect();
        assert_eq!(
            got,
            [
                ("x.md#top".to_string(), 1, 7),
                ("pic.png".to_string(), 1, 25),
                ("../z/README.md".to_string(), 3, 3),
                ("y.md".to_string(), 3, 12),
            ]
        );
        assert!(doc.html.contains("href=\"x.html#top\""), "{}", doc.html);
        assert!(
            doc.html.contains("href=\"../z/index.html\""),
            "{}",
            doc.html
        );
        assert!(doc.html.contains("src=\"pic.png\""));
    }
}
