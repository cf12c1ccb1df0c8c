//! Stage 3: a Docusaurus site's `@docusaurus/plugin-client-redirects` rules
//! (`config::docusaurus_redirects`) → redirect pages. Each `from` (`/old`) is a
//! redirect page at `old/index.html` to the page whose Docusaurus route `to` names
//! (`/docs/new`, `#…` and `?…` left off); `fromExtensions` adds each page's route with
//! the extension (`docs/new.html`), `toExtensions` each route ending in one without
//! it. As the plugin does: a `from` that is a page's own URL is refused (a warning),
//! and a `to` that is no page of the book is a warning with the closest route as a
//! hint. A `to` with a domain (`https://…`) is left to the host, with a `-v` note.
//! Pure.

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::config::docusaurus::Docusaurus;
use crate::config::docusaurus_redirects::Rule;
use crate::model::{Page, Redirect};
use crate::parse::docs_instances::page_route;
use crate::parse::redirects::{docusaurus_routes, push_route};

/// Adds the plugin's redirects of `site` to `redirects` (sorted again), where no page
/// and no other redirect is; problems into `diags`.
pub(crate) fn add(
    pages: &[Page],
    prefix: &str,
    site: &Docusaurus,
    redirects: &mut Vec<Redirect>,
    diags: &mut Diagnostics,
) {
    let Some(plugin) = &site.client_redirects else {
        return;
    };
    let routes = routes(pages, prefix, site);
    let own: BTreeMap<String, usize> = (pages.iter().enumerate())
        .map(|(i, p)| (p.url.to_lowercase(), i))
        .chain(
            routes
                .iter()
                .map(|(r, &i)| (site_path(r).to_lowercase(), i)),
        )
        .collect();
    let mut taken: BTreeMap<String, usize> = (redirects.iter())
        .map(|r| (r.from.to_lowercase(), r.to))
        .collect();
    let warn = |(line, col): (u32, u32), message: String, hint: String| {
        Diagnostic::warning(Code::Config, plugin.file.clone(), message)
            .at(&plugin.text, line, col)
            .with_hint(hint)
    };
    for rule in &plugin.rules {
        let Some(to) = target(rule, &routes, diags, &warn) else {
            continue;
        };
        let from = rule.from.trim().trim_matches('/');
        if !rule.from.trim().starts_with('/') || rule.from.contains(['?', '#']) {
            diags.push(warn(
                rule.from_at,
                format!(
                    "`{}` is not a path of the site; the plugin refuses it",
                    rule.from
                ),
                "write a path from the site root, without `?` or `#`: `/old/path`".into(),
            ));
            continue;
        }
        let path = site_path(from);
        let key = path.to_lowercase();
        if let Some(&i) = own.get(&key) {
            diags.push(warn(
                rule.from_at,
                format!(
                    "`{}` is the URL of the page {}; the plugin does not redirect from a page",
                    rule.from, pages[i].source
                ),
                "remove the rule, or the `from` of it".into(),
            ));
            continue;
        }
        match taken.get(&key) {
            Some(&j) if j == to => {}
            Some(&j) => diags.push(warn(
                rule.from_at,
                format!(
                    "`{}` already leads to the page {}",
                    rule.from, pages[j].source
                ),
                "a URL leads to one page: remove one of them".into(),
            )),
            None => {
                taken.insert(key, to);
                redirects.push(made(path, to, rule.from_at));
            }
        }
    }
    for (from, to) in extension_routes(&routes, &plugin.from_extensions, &plugin.to_extensions) {
        let key = from.to_lowercase();
        if !own.contains_key(&key) && !taken.contains_key(&key) {
            taken.insert(key, to);
            redirects.push(made(from, to, (0, 0)));
        }
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
}

fn made(from: String, to: usize, (line, col): (u32, u32)) -> Redirect {
    Redirect {
        from,
        to,
        line,
        col,
    }
}

/// Every page's Docusaurus routes without slashes (`docs/setup/install`, `""` for
/// the site's root), with the page: its own URL's, and its route below the docs'
/// `routeBasePath` (with its slugs and the other docs instances', as
/// `redirects::docusaurus_routes` gives them).
fn routes(pages: &[Page], prefix: &str, site: &Docusaurus) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut made = docusaurus_routes(pages, prefix, &site.route_base, &site.instances);
    made.extend(crate::parse::docs_instances::routes(pages, &site.instances));
    for (i, page) in pages.iter().enumerate() {
        push_route(&mut made, "", page_route(&page.url), i);
    }
    for (path, i) in made {
        let route = path.strip_suffix("index.html").unwrap_or(&path);
        out.entry(route.trim_end_matches('/').to_string())
            .or_insert(i);
    }
    out
}

/// The redirect page of a route: `old/index.html`, `index.html` for the root; a
/// route ending in `.html` is that file.
fn site_path(route: &str) -> String {
    match route {
        "" => "index.html".into(),
        r if r.ends_with(".html") => r.to_string(),
        r => format!("{r}/index.html"),
    }
}

/// The page a rule's `to` names; `None` (with a warning or a note) when none.
fn target(
    rule: &Rule,
    routes: &BTreeMap<String, usize>,
    diags: &mut Diagnostics,
    warn: &impl Fn((u32, u32), String, String) -> Diagnostic,
) -> Option<usize> {
    let to = rule.to.trim();
    if to.contains("://") || to.starts_with("//") {
        tracing::info!(
            "plugin-client-redirects: `{}` → `{to}`: a URL of another site, not made",
            rule.from
        );
        return None;
    }
    let path = to.split(['#', '?']).next().unwrap_or("");
    let route = path.trim_matches('/');
    if let Some(&i) = routes.get(route) {
        return Some(i);
    }
    // The nearest route by edit distance (`suggest::closest` prefers a route that
    // starts the name: `/docs` for every `/docs/…`).
    let nearest = (routes.keys().filter(|r| !r.is_empty()))
        .min_by_key(|r| (strsim::osa_distance(route, r), r.len()));
    let hint = nearest.map_or_else(
        || "`to` names a route of a page of the book: `/docs/<page>`".to_string(),
        |r| format!("did you mean `/{r}`?"),
    );
    diags.push(warn(
        rule.to_at,
        format!(
            "`{to}` is no page of the book; the redirect from `{}` is not made",
            rule.from
        ),
        hint,
    ));
    None
}

/// The redirects `fromExtensions` and `toExtensions` make: each route + `.ext`, and
/// each route ending in `.ext` without it.
fn extension_routes(
    routes: &BTreeMap<String, usize>,
    from_ext: &[String],
    to_ext: &[String],
) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (route, &i) in routes.iter().filter(|(r, _)| !r.is_empty()) {
        for ext in from_ext {
            out.push((format!("{route}.{ext}"), i));
        }
        for ext in to_ext {
            if let Some(bare) = route.strip_suffix(&format!(".{ext}")) {
                out.push((site_path(bare), i));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::path::RelPath;
    use crate::model::{Document, FrontMatter, PageKind};

    fn page(source: &str) -> Page {
        let rel = source.strip_prefix("docs/").unwrap_or(source);
        let (id, url) = crate::parse::book::page_id_and_url(rel);
        Page {
            source: RelPath::new(source),
            url,
            id,
            title: rel.into(),
            kind: PageKind::Markdown,
            front: FrontMatter::default(),
            doc: Document::default(),
        }
    }

    fn site(config: &str) -> Docusaurus {
        let mut diags = Diagnostics::new();
        let file = RelPath::new("docusaurus.config.js");
        let none = |_: &str| None;
        let plugin = crate::config::docusaurus_redirects::read(
            config,
            &file,
            &none,
            &mut diags,
            &mut Vec::new(),
        );
        assert!(diags.is_empty(), "{diags:?}");
        Docusaurus {
            client_redirects: plugin,
            ..Docusaurus::default()
        }
    }

    fn add_all(config: &str) -> (Vec<(String, usize)>, Vec<String>) {
        let pages = [
            page("docs/index.md"),
            page("docs/ops/deploy.md"),
            page("docs/new.md"),
        ];
        let mut redirects = Vec::new();
        let mut diags = Diagnostics::new();
        add(&pages, "docs", &site(config), &mut redirects, &mut diags);
        let got = redirects.into_iter().map(|r| (r.from, r.to)).collect();
        let said = (diags.iter())
            .map(|d| {
                format!(
                    "{}:{}: {} ({})",
                    d.line,
                    d.col,
                    d.message,
                    d.hint.clone().unwrap_or_default()
                )
            })
            .collect();
        (got, said)
    }

    const PLUGIN: &str = "module.exports = {plugins: [['@docusaurus/plugin-client-redirects', {\n";

    #[test]
    fn each_from_leads_to_the_page_of_its_to() {
        let (got, said) = add_all(&format!(
            "{PLUGIN}redirects: [{{from: '/old', to: '/docs/new#top'}}, {{from: ['/a/', '/b'], to: '/docs/ops/deploy/'}}],\n}}]]}};\n"
        ));
        assert!(said.is_empty(), "{said:?}");
        let want = [
            ("a/index.html", 1),
            ("b/index.html", 1),
            ("old/index.html", 2),
        ];
        let want: Vec<(String, usize)> = want.iter().map(|(f, t)| (f.to_string(), *t)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_to_of_no_page_and_a_from_of_a_page_are_warnings() {
        let (got, said) = add_all(&format!(
            "{PLUGIN}redirects: [{{from: '/x', to: '/docs/ops/deploi'}}, {{from: '/docs/new', to: '/docs/ops/deploy'}}, {{from: '/y', to: 'https://example.com/'}}],\n}}]]}};\n"
        ));
        assert!(got.is_empty(), "{got:?}");
        assert_eq!(
            said,
            [
                "2:30: `/docs/ops/deploi` is no page of the book; the redirect from `/x` is not made (did you mean `/docs/ops/deploy`?)",
                "2:58: `/docs/new` is the URL of the page docs/new.md; the plugin does not redirect from a page (remove the rule, or the `from` of it)",
            ]
        );
    }

    #[test]
    fn from_extensions_adds_each_route_with_the_extension() {
        let (got, said) = add_all(&format!("{PLUGIN}fromExtensions: ['html'],\n}}]]}};\n"));
        assert!(said.is_empty(), "{said:?}");
        let froms: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        // The pages' own URLs (`new.html`) are no redirects; the docs' home is
        // at `/docs`, so `/docs.html` leads there too.
        assert_eq!(
            froms,
            ["docs.html", "docs/new.html", "docs/ops/deploy.html"]
        );
    }
}
