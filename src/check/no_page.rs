//! The problem for a link written as a page's URL (`../other/`, `/docs/setup`) that
//! names no page: which URL it is, read as the site reads it, and the closest page's
//! URL. Part of `check`; pure.

use super::{Link, LinkRules, Problem, Targets};
use crate::model::Page;
use crate::parse::markdown::{from_page_url, is_route, split_dest};

impl Targets<'_> {
    /// `link` of `page`, whose path `path` is a page's URL (`../other/`, `/docs/setup`:
    /// `is_url_path`), names no page: which URL it is, read as the site reads it (from
    /// the page's own URL in MkDocs and Hugo), with the closest page's URL as the hint.
    pub(super) fn no_page(
        &self,
        page: &Page,
        link: &Link,
        path: &str,
        resolved: Option<&str>,
        rules: &LinkRules<'_>,
    ) -> Problem {
        let below = |p: &str| -> String {
            let p = if self.content_dir.is_empty() {
                p
            } else {
                p.strip_prefix(self.content_dir)
                    .map_or(p, |r| r.trim_start_matches('/'))
            };
            crate::parse::number_prefix::strip_path(p.trim_end_matches('/'))
        };
        let from_url = (rules.page_urls && !path.starts_with('/'))
            .then(|| from_page_url(path, &page.source))
            .flatten();
        let wanted = match (&from_url, resolved) {
            (Some(f), _) => Some(below(f)),
            (None, Some(r)) if !rules.page_urls || path.starts_with('/') => Some(below(r)),
            _ => None,
        };
        let prefix = match (rules.routes, rules.repo_content) {
            (true, Some(c)) if !c.is_empty() => format!("/{c}/"),
            _ => "/".to_string(),
        };
        let shown = |url: &str| {
            let slash = if rules.page_urls && !url.is_empty() {
                "/"
            } else {
                ""
            };
            // A page of another docs instance is below that instance's route base.
            match crate::parse::docs_instances::route_of(rules.instances, url) {
                Some(route) => format!("{route}{slash}"),
                None => format!("{prefix}{url}{slash}"),
            }
        };
        let urls: Vec<String> = (self.book.pages.iter())
            .map(|p| {
                let u = p.url.strip_suffix(".html").unwrap_or(&p.url);
                let u = if u == "index" { "" } else { u };
                u.strip_suffix("/index").unwrap_or(u).to_string()
            })
            .collect();
        let written = split_dest(&link.dest).0.trim_end_matches('/').to_string();
        let message = match &wanted {
            Some(w) if shown(w).trim_end_matches('/') != written => format!(
                "`{}` is the URL `{}`, which names no page of the site",
                link.dest,
                shown(w)
            ),
            Some(_) => format!("`{}` names no page of the site", link.dest),
            None => format!(
                "`{}` names no page of the site: it leads above the site's root",
                link.dest
            ),
        };
        let key = wanted.as_deref().unwrap_or(path.trim_matches(['/', '.']));
        let closest = closest_url(key, &urls);
        let hint = match closest {
            Some(url) => format!("the closest page's URL is `{}`", shown(url)),
            None => {
                // The pages of the deepest folder of the URL that has some.
                let mut folder = key;
                let below: Vec<String> = loop {
                    folder = folder.rsplit_once('/').map_or("", |(f, _)| f);
                    let inside: Vec<String> = (urls.iter())
                        .filter(|u| folder.is_empty() || u.starts_with(&format!("{folder}/")))
                        .map(|u| format!("`{}`", shown(u)))
                        .collect();
                    if !inside.is_empty() || folder.is_empty() {
                        break inside;
                    }
                };
                format!(
                    "no page's URL is close; the pages below `{}` are {}",
                    shown(folder),
                    crate::base::suggest::listing(&below)
                )
            }
        };
        Problem {
            anchor: false,
            message,
            hint: Some(hint),
        }
    }
}

/// The page URL (`setup/install`, from `urls`) closest to `wanted`: of those with
/// its last name (`install`), the nearest; else the nearest of all within a few
/// edits (a third of its length).
fn closest_url<'u>(wanted: &str, urls: &'u [String]) -> Option<&'u str> {
    let name = wanted.rsplit('/').next().unwrap_or(wanted);
    let urls = urls.iter().map(String::as_str).filter(|u| !u.is_empty());
    let distance = |u: &&str| strsim::osa_distance(wanted, u);
    urls.clone()
        .filter(|u| !name.is_empty() && u.rsplit('/').next() == Some(name))
        .min_by_key(distance)
        .or_else(|| {
            urls.map(|u| (distance(&u), u))
                .filter(|(d, u)| *d <= 2.max(u.chars().count() / 3))
                .min_by_key(|(d, _)| *d)
                .map(|(_, u)| u)
        })
}

/// Whether a link's path names a page's URL rather than a file: a route
/// (`../setup/install`), a folder (`../setup/`) or `..`.
pub(super) fn is_url_path(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    path.ends_with('/') || is_route(path) || matches!(last, ".." | ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_url_has_the_same_last_name_else_is_a_few_edits_away() {
        let urls: Vec<String> = ["", "ops", "ops/deep/a", "guide/render/scene", "scene-old"]
            .iter()
            .map(|u| u.to_string())
            .collect();
        assert_eq!(
            closest_url("guide/scene", &urls),
            Some("guide/render/scene")
        );
        assert_eq!(closest_url("ops/deep/c", &urls), Some("ops/deep/a"));
        // A folder's page is not the closest for being a prefix; nothing is near.
        assert_eq!(closest_url("ops/restart", &urls), None);
    }

    #[test]
    fn routes_folders_and_dots_are_urls_files_are_not() {
        for url in ["../scene", "../gone/", "..", "../..", "/docs/setup"] {
            assert!(is_url_path(url), "{url}");
        }
        for file in ["../img/a.png", "setup.md", "../other.html"] {
            assert!(!is_url_path(file), "{file}");
        }
    }
}
