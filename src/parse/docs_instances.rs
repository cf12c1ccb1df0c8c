//! Stage 3: where a Docusaurus site's other docs instances (`config::docusaurus_instances`)
//! are for links. An instance's pages are built in its folder as the site has it
//! (`community/support.md` at `community/support.html`), beside the docs' pages
//! (`docs/intro.md` at `intro.html`). So a relative link from one folder into another
//! (`../community/support.md` from `docs/intro.md`) is written to the page where it is
//! built (`community/support.html`), and a root-relative link below an instance's
//! `routeBasePath` (`/community/support`) names that instance's page, as Docusaurus
//! reads it; one to an instance's other version (`/community/1.0/x`) is left as it
//! is. An instance whose folder is not its `routeBasePath` (`content/community` at
//! `/community`) has redirect pages from its Docusaurus URLs (`routes`). An instance
//! at `routeBasePath: '/'` owns, as in Docusaurus, every route that no other part of
//! the site owns (`DocsInstance::foreign_routes`: the docs, the blog, `src/pages`,
//! redirects); a root-relative link to such a route (`/integrations/duckdb`) names its
//! page. Pure.

use crate::base::path::{below, joined};
use crate::config::docusaurus::DocsInstance;
use crate::model::Page;

/// The instance whose folder holds `path` (from the book root).
pub(crate) fn instance_of<'a>(list: &'a [DocsInstance], path: &str) -> Option<&'a DocsInstance> {
    list.iter().find(|i| is_in(path, &i.docs_dir))
}

fn is_in(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// A root-relative link's path (`/community/support#a`, without its query and
/// fragment) below an instance's `routeBasePath`: `Some(Some(path))`, the path from
/// the book root it names (`community/support`: a route or a file); `Some(None)`
/// when it is a link to another version of the instance (left as it is); `None`
/// when it is below no instance's route base.
pub(crate) fn root_link(list: &[DocsInstance], path: &str) -> Option<Option<String>> {
    let path = path.trim().strip_prefix('/')?;
    let below_base = list
        .iter()
        .filter(|i| !i.route_base.is_empty())
        .filter_map(|i| {
            let rest = path.strip_prefix(i.route_base.as_str())?;
            (rest.is_empty() || rest.starts_with('/')).then(|| (i, rest.trim_start_matches('/')))
        })
        .max_by_key(|(i, _)| i.route_base.len());
    let (instance, rest) = match below_base {
        Some(found) => found,
        None => (at_root(list, path)?, path),
    };
    let first = rest.split('/').next().unwrap_or("");
    if instance.version_urls.iter().any(|v| v == first) || first == "next" {
        return Some(None);
    }
    Some(Some(match rest.trim_end_matches('/') {
        "" => format!("{}/index", instance.docs_dir),
        rest => format!("{}/{rest}", instance.docs_dir),
    }))
}

/// A root-relative link to a Markdown file (`/components/engines/docker.md`, its
/// `path` without query and fragment) written in the docs page at `source`, as
/// Docusaurus reads it (`resolveMarkdownLinkPathname`): from the folder of the page's
/// docs (its instance's `path`, else the docs' `docs_dir`), or, written from the
/// site's folder (`/docs/setup.md`), from there. The file's path from the book root;
/// `None` when `path` is no such link, the page is in no docs folder, or it names
/// another version's file (`/versioned_docs/version-1.0/x.md`: left as it is).
/// Docusaurus tries the docs' folder first and the site's second; the two differ only
/// when the docs' folder holds a folder of its own name (`docs/docs/x.md`), which is
/// read here from the site's folder.
pub(crate) fn file_link(
    list: &[DocsInstance],
    source: &str,
    path: &str,
    docs_dir: &str,
) -> Option<String> {
    let path = path.trim().strip_prefix('/')?;
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let is_md = [".md", ".mdx", ".markdown"]
        .iter()
        .any(|ext| name.len() > ext.len() && name.ends_with(ext));
    let first = path.split('/').next().unwrap_or("");
    if !is_md || path.starts_with('/') || first.ends_with("versioned_docs") {
        return None;
    }
    let folder = match instance_of(list, source) {
        Some(instance) => instance.docs_dir.as_str(),
        None if docs_dir.is_empty() || is_in(source, docs_dir) => docs_dir,
        None => return None,
    };
    let path = crate::base::url::percent_decode(path);
    let from_site = folder.is_empty() || is_in(&path, folder);
    let file = joined(if from_site { "" } else { folder }, &path)?;
    (folder.is_empty() || is_in(&file, folder)).then_some(file)
}

/// The file `file` (from the book root) written as a [`file_link`] from the page at
/// `source`: from the page's docs folder (`/setup/install.md`), or from the site's
/// folder when it is in another (`/community/help.md`). `docs_dir` is the docs'.
pub(crate) fn from_docs(list: &[DocsInstance], source: &str, file: &str, docs_dir: &str) -> String {
    let folder = instance_of(list, source).map_or(docs_dir, |i| i.docs_dir.as_str());
    format!("/{}", below(file, folder))
}

/// The instance at `routeBasePath: '/'` when it owns the route `path` (from the
/// site's root, no leading `/`): a route (no `.` in its last name; a Markdown file
/// `/x.md` is read from the linking page's own folder, as Docusaurus reads it), not
/// the site's root, and not one of its `foreign_routes` or below one.
fn at_root<'a>(list: &'a [DocsInstance], path: &str) -> Option<&'a DocsInstance> {
    let instance = list.iter().find(|i| i.route_base.is_empty())?;
    let route = path.trim_end_matches('/');
    let foreign = instance.foreign_routes.iter().any(|r| {
        r.is_empty()
            || route
                .strip_prefix(r.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    let is_route = !route.rsplit('/').next().unwrap_or("").contains('.');
    (!route.is_empty() && !foreign && is_route).then_some(instance)
}

/// The Docusaurus URL (`/community/support`) of the site path `url` (a page's URL
/// without `.html`: `community/support`) when it is in an instance's folder.
pub(crate) fn route_of(list: &[DocsInstance], url: &str) -> Option<String> {
    let instance = instance_of(list, url).or_else(|| list.iter().find(|i| i.docs_dir == url))?;
    let rest = below(url, &instance.docs_dir);
    let rest = if rest == instance.docs_dir { "" } else { rest };
    Some(
        ["", instance.route_base.as_str(), rest]
            .into_iter()
            .filter(|p| !p.is_empty())
            .fold(String::new(), |acc, p| format!("{acc}/{p}")),
    )
    .map(|s| if s.is_empty() { "/".to_string() } else { s })
}

/// The site path (below the docs' prefix `prefix`) a relative link's `path`, written
/// in the page at `source`, names, when it leads from the docs into an instance's
/// folder, from an instance into the docs or into another instance; `None` when it
/// stays in the page's own folder (or leads to neither).
pub(crate) fn across(
    list: &[DocsInstance],
    source: &str,
    path: &str,
    prefix: &str,
) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let parent = source.rsplit_once('/').map_or("", |(dir, _)| dir);
    let target = joined(parent, path)?;
    let own = instance_of(list, source).map(|i| i.docs_dir.as_str());
    let theirs = instance_of(list, &target).map(|i| i.docs_dir.as_str());
    let in_docs = prefix.is_empty() || is_in(&target, prefix) || target == prefix;
    match (own, theirs) {
        (a, b) if a == b && (a.is_some() || in_docs) => None,
        (_, Some(_)) => Some(target),
        (Some(_), None) if in_docs => Some(below(&target, prefix).to_string()),
        _ => None,
    }
}

/// The Docusaurus URLs of the pages of the site's other docs instances whose
/// `routeBasePath` is not their folder (`content/community` at `/community`): each
/// page's route below the route base (`community/support/index.html`), with the page
/// it leads to. An instance whose folder is its route base needs none: its pages'
/// URLs are Docusaurus's.
pub(crate) fn routes(pages: &[Page], instances: &[DocsInstance]) -> Vec<(String, usize)> {
    let moved = instances
        .iter()
        .filter(|i| i.route_base != i.docs_dir)
        .cloned()
        .collect::<Vec<_>>();
    routes_from_root(pages, &moved)
}

/// The Docusaurus URL of every page of the `instances`, as [`routes`] gives them: in
/// a versioned build, redirects at the site's root to the version that has them.
pub(crate) fn routes_from_root(pages: &[Page], instances: &[DocsInstance]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(instance) = instance_of(instances, page.source.as_str()) else {
            continue;
        };
        let below = crate::base::path::below(&page.url, &instance.docs_dir);
        let folder = below.rsplit_once('/').map_or("", |(dir, _)| dir);
        // Its route, and each `slug`'s (from the instance's root, or its folder).
        let slugs = page
            .front
            .redirects
            .iter()
            .filter(|o| o.slug)
            .filter_map(|o| {
                let url = o.url.trim().split(['?', '#']).next().unwrap_or("");
                match url.strip_prefix('/') {
                    Some(from_root) => Some(below_folder(from_root, &instance.docs_dir)),
                    None => joined(folder, url),
                }
            });
        for route in std::iter::once(page_route(below).to_string()).chain(slugs) {
            crate::parse::redirects::push_route(
                &mut out,
                &instance.route_base,
                route.trim_matches('/'),
                i,
            );
        }
    }
    out
}

/// `path` below `dir` (`community/help` → `help`; `community` → `""`).
fn below_folder(path: &str, dir: &str) -> String {
    let path = path.trim_end_matches('/');
    if path == dir {
        return String::new();
    }
    below(path, dir).to_string()
}

/// A page's route from its site path: without `.html`, a folder's landing page
/// without `index` (`ops/index.html` → `ops`, `index.html` → `""`).
pub(crate) fn page_route(url: &str) -> &str {
    let route = url.strip_suffix(".html").unwrap_or(url);
    match route.rsplit_once('/') {
        Some((dir, "index")) => dir,
        None if route == "index" => "",
        _ => route,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instances() -> Vec<DocsInstance> {
        let one = |id: &str, dir: &str, base: &str| DocsInstance {
            id: id.into(),
            docs_dir: dir.into(),
            route_base: base.into(),
            label: id.into(),
            sidebars: None,
            version_urls: vec!["1.0".into()],
            foreign_routes: vec!["blog".into(), "docs".into(), "old/intro".into()],
        };
        vec![
            one("community", "community", "community"),
            one("sdk", "content/sdk", "sdk"),
            one("cases", "content/cases", ""),
        ]
    }

    #[test]
    fn root_links_below_an_instances_route_base_name_its_folder() {
        let list = instances();
        let got = |p: &str| root_link(&list, p);
        assert_eq!(
            got("/community/support"),
            Some(Some("community/support".into()))
        );
        assert_eq!(got("/community/"), Some(Some("community/index".into())));
        assert_eq!(
            got("/sdk/guide/a.md"),
            Some(Some("content/sdk/guide/a.md".into()))
        );
        assert_eq!(got("/community/1.0/support"), Some(None));
        assert_eq!(
            got("/communityx/a"),
            Some(Some("content/cases/communityx/a".into())),
            "not below `/community`: the `/` instance's"
        );
        // An instance at `/` owns the routes no other part of the site owns.
        assert_eq!(
            got("/integrations/duckdb"),
            Some(Some("content/cases/integrations/duckdb".into()))
        );
        assert_eq!(got("/1.0/intro"), Some(None), "its other version");
        for foreign in [
            "/blog/post",
            "/docs/intro",
            "/old/intro",
            "/",
            "/a.md",
            "/img/a.png",
        ] {
            assert_eq!(got(foreign), None, "{foreign}");
        }
        assert_eq!(
            route_of(&list, "community/a/b").as_deref(),
            Some("/community/a/b")
        );
        assert_eq!(route_of(&list, "content/sdk/x").as_deref(), Some("/sdk/x"));
        assert_eq!(route_of(&list, "content/cases/x").as_deref(), Some("/x"));
        assert_eq!(route_of(&list, "content/cases").as_deref(), Some("/"));
        assert_eq!(route_of(&list, "docs/a"), None);
    }

    #[test]
    fn root_file_links_read_from_the_pages_docs_folder() {
        let list = instances();
        let got = |from: &str, to: &str| file_link(&list, from, to, "docs");
        let some = |p: &str| Some(p.to_string());
        assert_eq!(got("docs/a/b.md", "/c/d.md"), some("docs/c/d.md"));
        assert_eq!(got("docs/a.md", "/docs/c.mdx"), some("docs/c.mdx"));
        assert_eq!(got("docs/a.md", "/A%20B.md"), some("docs/A B.md"));
        assert_eq!(got("content/sdk/a.md", "/x.md"), some("content/sdk/x.md"));
        assert_eq!(
            got("content/sdk/a.md", "/content/sdk/x.md"),
            some("content/sdk/x.md")
        );
        assert_eq!(got("docs/a.md", "/../x.md"), None, "climbs out");
        for not_one in ["/c/d", "/img/a.png", "//host/a.md", "c.md"] {
            assert_eq!(got("docs/a.md", not_one), None, "{not_one}");
        }
        assert_eq!(got("docs/a.md", "/versioned_docs/version-1.0/x.md"), None);
        assert_eq!(got("blog/a.md", "/x.md"), None, "not a docs page");
        assert_eq!(file_link(&list, "a.md", "/x.md", ""), some("x.md"));
    }

    #[test]
    fn links_across_folders_name_the_target_where_it_is_built() {
        let list = instances();
        let got = |from: &str, to: &str| across(&list, from, to, "docs");
        assert_eq!(
            got("docs/intro.md", "../community/a.md"),
            Some("community/a.md".into())
        );
        assert_eq!(
            got("community/a.md", "../docs/deploy.md"),
            Some("deploy.md".into())
        );
        assert_eq!(
            got("community/g/a.md", "../../content/sdk/x"),
            Some("content/sdk/x".into())
        );
        assert_eq!(got("community/a.md", "b.md"), None);
        assert_eq!(got("docs/a/b.md", "../c.md"), None);
        assert_eq!(got("docs/a.md", "../README.md"), None);
        assert_eq!(got("docs/a.md", "../../x.md"), None);
    }
}
