//! Stage 3: which links of a Docusaurus page name a file of the site's static folders
//! (`staticDirectories`), whose files are at the site's root: a root-relative file
//! (`/img/a.png`), `pathname:///img/a.png`, or a relative path into a static folder
//! (`../../static/img/a.png`). The link pass writes them to the published file
//! (`markdown::links`), the link checks look them up (`check`); which files are
//! published is `source::statics`'. Pure.

use crate::base::path::RelPath;
use crate::parse::markdown::{is_route, split_dest};

/// The site path (`img/a.png`, percent-decoded) of the static file `dest` names, when
/// it names one, and what follows it (`?query#fragment`). `page` is the linking
/// file's path below the book root, `dirs` the static folders; `@site/` is the book
/// root (Docusaurus's alias). A root-relative route
/// or page (`/docs/setup`, `/docs/setup.md`) is none: it is a page's.
pub(crate) fn site_path<'d>(
    dest: &'d str,
    page: &RelPath,
    dirs: &[String],
) -> Option<(String, &'d str)> {
    let dest = dest.trim();
    if let Some(rooted) = dest
        .strip_prefix("pathname://")
        .or_else(|| dest.strip_prefix('/').map(|_| dest))
    {
        let path = rooted.strip_prefix('/')?;
        if path.starts_with('/') || ["{{", "{%", "<%"].iter().any(|t| path.contains(t)) {
            return None;
        }
        let (file, rest) = split_dest(path);
        let is_page = [".md", ".mdx", ".markdown"]
            .iter()
            .any(|ext| file.to_ascii_lowercase().ends_with(ext));
        let route = is_route(file.trim_end_matches('/'));
        if file.is_empty() || (route && !dest.starts_with("pathname:")) || is_page {
            return None;
        }
        return Some((file.to_string(), rest));
    }
    // `@site/…`: Docusaurus's alias for the site's folder (`@site/static/img/a.png`).
    let (from, dest) = match dest.strip_prefix("@site/") {
        Some(below_site) => ("", below_site),
        None => (page.parent(), dest),
    };
    if dest.contains(':') && !dest.starts_with("./") && !dest.starts_with("../") {
        return None;
    }
    let (file, rest) = split_dest(dest);
    let joined = crate::base::path::joined(from, &file)?;
    dirs.iter().find_map(|dir| {
        let below = joined.strip_prefix(dir.as_str())?.strip_prefix('/')?;
        (!below.is_empty()).then(|| (below.to_string(), rest))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_pathname_and_relative_links_into_static_folders() {
        let page = RelPath::new("docs/guides/setup.md");
        let dirs = ["static".to_string()];
        let at = |d: &str| site_path(d, &page, &dirs).map(|(p, r)| format!("{p}|{r}"));
        assert_eq!(at("/img/a.png").as_deref(), Some("img/a.png|"));
        assert_eq!(
            at("@site/static/img/k9s.png").as_deref(),
            Some("img/k9s.png|")
        );
        assert_eq!(at("@site/docs/a.png"), None);
        assert_eq!(at("/img/b%20c.png#x").as_deref(), Some("img/b c.png|#x"));
        assert_eq!(
            at("pathname:///files/guide.pdf?dl").as_deref(),
            Some("files/guide.pdf|?dl")
        );
        assert_eq!(at("pathname:///api/").as_deref(), Some("api/|"));
        assert_eq!(at("../../static/img/a.png").as_deref(), Some("img/a.png|"));
        for not_static in [
            "/docs/setup",
            "/docs/setup.md",
            "/blog/",
            "//cdn.example.com/a.png",
            "https://example.com/a.png",
            "./img/a.png",
            "../../../static/a.png",
            "../../static",
            "/{{ .Site }}/a.png",
        ] {
            assert_eq!(at(not_static), None, "{not_static}");
        }
    }
}
