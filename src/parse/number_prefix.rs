//! Docusaurus's number prefixes: `01-intro.md`, `2_setup/`, `003 - faq.md` are
//! `intro`, `setup`, `faq` in URLs, titles and doc ids, and their numbers order the
//! sidebar made from folders. As Docusaurus's default parser reads them: digits, then
//! any run of `-`, `_` or `.` (spaces around allowed), then a name that does not start
//! with one of those; a name that starts like a date or a version (`2021-01-31-x`,
//! `7.0-notes`) keeps its number. Also a doc's URL (`doc_url`). Used only for a
//! Docusaurus site. Pure.

/// `01-intro` → (`intro`, `Some(1)`); a name without a prefix is itself, `None`.
pub(crate) fn strip(name: &str) -> (&str, Option<f64>) {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return (name, None);
    }
    let rest = &name[digits..];
    // `2021-01-…`, `7.0-…`: a date or a version, not a prefix.
    let mut sep = rest.chars();
    if sep.next().is_some_and(|c| matches!(c, '-' | '_' | '.'))
        && sep.next().is_some_and(|c| c.is_ascii_digit())
    {
        return (name, None);
    }
    let after_sep = rest.trim_start_matches([' ', '\t']);
    let trimmed = after_sep.trim_start_matches(['-', '_', '.']);
    if trimmed.len() == after_sep.len() {
        return (name, None);
    }
    let suffix = trimmed.trim_start_matches([' ', '\t']);
    if suffix.is_empty() || suffix.starts_with(['-', '_', '.']) {
        return (name, None);
    }
    (suffix, name[..digits].parse().ok())
}

/// Every name of a `/`-separated path without its prefix (`02-ops/01-a.html` →
/// `ops/a.html`).
pub(crate) fn strip_path(path: &str) -> String {
    path.split('/')
        .map(|part| strip(part).0)
        .collect::<Vec<_>>()
        .join("/")
}

/// A Docusaurus doc's URL from its file's (`url`, from `page_id_and_url`), as
/// Docusaurus makes it: without number prefixes (`02-setup/01-install.md` is at
/// `setup/install.html`), and with a front-matter `id` in place of the file name
/// (`id: quickstart` in `guide/start.md`: `guide/quickstart.html`), but for a folder's
/// landing page, which is at its folder. The file's URL becomes a redirect
/// (`parse::redirects::collect`).
pub(crate) fn doc_url(url: &str, id: Option<&str>) -> String {
    let url = strip_path(url);
    let id = id.filter(|id| !id.contains('/') && !id.is_empty() && *id != ".");
    match (url.rsplit_once('/'), id) {
        _ if url == "index.html" || url.ends_with("/index.html") => url,
        (_, None) => url,
        (Some((dir, _)), Some(id)) => format!("{dir}/{id}.html"),
        (None, Some(id)) => format!("{id}.html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_as_docusaurus_reads_them() {
        for (name, want) in [
            ("01-intro", ("intro", Some(1.0))),
            ("2_setup", ("setup", Some(2.0))),
            ("003 - faq.md", ("faq.md", Some(3.0))),
            ("10.notes", ("notes", Some(10.0))),
            ("intro", ("intro", None)),
            ("2021-01-31-release", ("2021-01-31-release", None)),
            ("7.0-notes", ("7.0-notes", None)),
            ("404", ("404", None)),
            ("1-", ("1-", None)),
            ("12abc", ("12abc", None)),
        ] {
            assert_eq!(strip(name), want, "{name}");
        }
        assert_eq!(strip_path("02-ops/01-a.html"), "ops/a.html");
        assert_eq!(strip_path("ops/index.html"), "ops/index.html");
    }

    #[test]
    fn a_docs_url_has_no_prefixes_and_its_front_matter_id() {
        assert_eq!(
            doc_url("02-setup/01-install.html", None),
            "setup/install.html"
        );
        assert_eq!(
            doc_url("02-setup/01-install.html", Some("get")),
            "setup/get.html"
        );
        assert_eq!(doc_url("intro.html", Some("start")), "start.html");
        assert_eq!(
            doc_url("02-setup/index.html", Some("x")),
            "setup/index.html"
        );
        assert_eq!(
            doc_url("a/b.html", Some("c/d")),
            "a/b.html",
            "not a file name"
        );
    }
}
