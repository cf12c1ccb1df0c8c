//! Stages 5–6 for versioned sites: each version's `Site` moved under `<version>/`,
//! `<version>/pages.json` (its pages and their heading ids, for the switcher),
//! `versions.json` and the root `index.html` redirect. Pure. SPEC.md §7.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::html::escape;
use crate::base::url::encode_path;
use crate::model::Book;
use crate::render::site::Site;

/// One published version, as `versions.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionEntry {
    /// Folder name: the tag, or `[versions] current` for the working tree.
    pub name: String,
    /// What the switcher shows: the tag, or `main (working tree)`.
    pub title: String,
    /// `v1.10/`, relative to the site root.
    pub path: String,
    /// The tag's commit; for the working tree, HEAD's (its changes are not committed).
    pub commit: Option<String>,
    /// The commit's date (ISO 8601); none for the working tree.
    pub date: Option<String>,
    /// What the site root redirects to.
    pub default: bool,
    /// The working tree.
    pub current: bool,
}

/// The whole of `versions.json`.
#[derive(Debug, Serialize)]
struct VersionsFile<'a> {
    default: &'a str,
    versions: &'a [VersionEntry],
}

/// `<version>/pages.json`: page link (from the version's root, percent-encoded as the
/// pages' `data-current` is) → ids of its headings.
#[derive(Debug, Serialize)]
struct PagesFile<'a> {
    version: &'a str,
    pages: BTreeMap<Cow<'a, str>, Vec<&'a str>>,
}

/// The version the root redirects to: `default` (`latest-tag`, `current` or a tag
/// name) among `published` (newest tag first); falls back to the newest tag, then to
/// the working tree. `published` must not be empty.
pub(crate) fn pick_default(default: &str, current: &str, tags: &[String]) -> String {
    match default {
        "current" => current.to_string(),
        "latest-tag" => tags.first().cloned().unwrap_or_else(|| current.to_string()),
        name if tags.iter().any(|t| t == name) || name == current => name.to_string(),
        _ => tags.first().cloned().unwrap_or_else(|| current.to_string()),
    }
}

/// Adds `site` under `<name>/` in `into`, plus its `pages.json`.
pub(crate) fn add_version(into: &mut Site, name: &str, site: Site, book: &Book) {
    let pages = pages_json(name, book);
    for (path, bytes) in site.files {
        into.insert_shared(format!("{name}/{path}"), bytes);
    }
    into.insert(format!("{name}/pages.json"), pages);
}

/// The pages of one version and their heading ids, as JSON.
pub(crate) fn pages_json(name: &str, book: &Book) -> String {
    let mut pages: BTreeMap<Cow<'_, str>, Vec<&str>> = BTreeMap::new();
    pages.insert(Cow::Borrowed("index.html"), Vec::new());
    pages.insert(Cow::Borrowed("toc.html"), Vec::new());
    for page in &book.pages {
        let ids = page.doc.headings.iter().map(|h| h.id.as_str()).collect();
        pages.insert(encode_path(&page.url), ids);
    }
    let file = PagesFile {
        version: name,
        pages,
    };
    serde_json::to_string(&file).unwrap_or_default()
}

/// `versions.json` and the root `index.html` redirecting to the default version.
pub(crate) fn add_root(into: &mut Site, versions: &[VersionEntry]) {
    let default = versions
        .iter()
        .find(|v| v.default)
        .or(versions.first())
        .map_or("", |v| v.name.as_str());
    let file = VersionsFile { default, versions };
    let json = serde_json::to_string_pretty(&file).unwrap_or_default();
    into.insert("versions.json", json);
    into.insert("index.html", redirect_html(default));
}

/// `[site] url` of one version's copy: the version's folder below the site's URL.
pub(crate) fn url_of(url: &str, version: &str) -> String {
    format!("{}/{version}/", url.trim_end_matches('/'))
}

/// The default version's `404.html` also at the root, where hosts such as GitHub Pages
/// look for it; its `<base href>` (from `[site] url`) keeps its links working there.
pub(crate) fn copy_not_found(site: &mut Site, default: &str) {
    if let Some(page) = site.get(&format!("{default}/404.html")).map(<[u8]>::to_vec) {
        site.insert("404.html", page);
    }
}

/// A page that sends the reader to `<version>/index.html`: a meta refresh (works with
/// no JavaScript and on GitHub Pages) and a link.
pub(crate) fn redirect_html(version: &str) -> String {
    let target = format!("{}/index.html", escape(version));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n\
         <link rel=\"canonical\" href=\"{target}\">\n<title>Redirecting…</title>\n</head>\n\
         <body>\n<p>Redirecting to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, default: bool) -> VersionEntry {
        VersionEntry {
            name: name.into(),
            title: name.into(),
            path: format!("{name}/"),
            commit: None,
            date: None,
            default,
            current: false,
        }
    }

    #[test]
    fn default_falls_back_to_the_newest_tag() {
        let tags = vec!["v1.10".to_string(), "v1.9".to_string()];
        assert_eq!(pick_default("latest-tag", "main", &tags), "v1.10");
        assert_eq!(pick_default("current", "main", &tags), "main");
        assert_eq!(pick_default("v1.9", "main", &tags), "v1.9");
        assert_eq!(pick_default("v0.1", "main", &tags), "v1.10");
        assert_eq!(pick_default("latest-tag", "main", &[]), "main");
    }

    #[test]
    fn root_redirects_to_the_default() {
        let mut site = Site::default();
        add_root(&mut site, &[entry("main", false), entry("v1.1", true)]);
        let html = site.page("index.html").unwrap();
        assert!(
            html.contains(r#"content="0; url=v1.1/index.html""#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="v1.1/index.html">"#), "{html}");
        let json: serde_json::Value =
            serde_json::from_slice(site.get("versions.json").unwrap()).unwrap();
        assert_eq!(json["default"], "v1.1");
        assert_eq!(json["versions"][1]["path"], "v1.1/");
    }

    #[test]
    fn each_version_has_its_own_url_and_the_default_404_is_at_the_root() {
        assert_eq!(
            url_of("https://a.io/runbooks", "v1.0"),
            "https://a.io/runbooks/v1.0/"
        );
        assert_eq!(url_of("https://a.io/", "main"), "https://a.io/main/");
        let mut site = Site::default();
        site.insert("v2/404.html", "two");
        copy_not_found(&mut site, "v1");
        assert_eq!(site.get("404.html"), None);
        copy_not_found(&mut site, "v2");
        assert_eq!(site.page("404.html"), Some("two"));
    }

    #[test]
    fn version_files_move_under_their_folder() {
        let mut one = Site::default();
        one.insert("index.html", "x");
        let mut all = Site::default();
        add_version(&mut all, "v1.0", one, &Book::default());
        let paths: Vec<_> = all.files.keys().map(String::as_str).collect();
        assert_eq!(paths, ["v1.0/index.html", "v1.0/pages.json"]);
        assert!(
            all.page("v1.0/pages.json")
                .unwrap()
                .contains(r#""toc.html":[]"#)
        );
    }
}
