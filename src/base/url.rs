//! Links between pages of the site: relative, so a site works under any base path
//! and from `file://`.

/// The relative prefix from page `from` (e.g. `ops/deploy.html`) to the site root:
/// `../` once per folder level, or `""` at the root.
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from page `from` to site path `to`.
pub(crate) fn relative(from: &str, to: &str) -> String {
    format!("{}{}", root_prefix(from), to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_root() {
        assert_eq!(relative("index.html", "ops/deploy.html"), "ops/deploy.html");
        assert_eq!(relative("ops/deploy.html", "index.html"), "../index.html");
        assert_eq!(relative("a/b/c.html", "static/x.css"), "../../static/x.css");
    }
}
