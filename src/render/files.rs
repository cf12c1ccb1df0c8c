//! Stage 5: the files a static host such as GitHub Pages needs beside the pages:
//! `.nojekyll`, `robots.txt`, `sitemap.xml` (absolute URLs, only when `[site] url` is
//! set), the redirect pages (`redirects.rs`) and the search index (`search.rs`), built once per site with the secret names
//! (`search::secret_records`). `pipeline::derived_files` calls [`files`], for a build
//! and for serve.
//! Pure: no disk, clock or environment.

use crate::base::html::escape;
use crate::base::url::encode_path;
use crate::config::Config;
use crate::model::Book;
use crate::render::search;

/// `.nojekyll`, `robots.txt`, `sitemap.xml` and `search/…` (the book's records plus
/// `extra`, the secret names), as (site path, bytes); the pages' search units come from
/// `units` when another version made them.
pub(crate) fn files(
    cfg: &Config,
    book: &Book,
    extra: &[search::Record],
    units: &search::SearchCache,
) -> Vec<(String, Vec<u8>)> {
    let mut out = host_files(cfg, book);
    out.extend(search::index_files(book, extra, units));
    out
}

/// `.nojekyll`, `robots.txt`, `sitemap.xml`, the redirect pages and the diagram
/// script when a page has a diagram: [`files`] but the search index.
pub(crate) fn host_files(cfg: &Config, book: &Book) -> Vec<(String, Vec<u8>)> {
    let base = cfg.site.url.as_deref().map(base_url);
    let mut out = vec![
        (".nojekyll".to_string(), Vec::new()),
        (
            "robots.txt".to_string(),
            robots(base.as_deref()).into_bytes(),
        ),
    ];
    if let Some(base) = base.as_deref() {
        out.push((
            "sitemap.xml".to_string(),
            sitemap(base, &page_urls(book)).into_bytes(),
        ));
    }
    out.extend(super::redirects::pages(cfg, book));
    out.extend(super::diagrams::files(book));
    out
}

/// `[site] url` with exactly one trailing `/`, query and fragment dropped.
pub(crate) fn base_url(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    format!("{}/", url.trim_end_matches('/'))
}

/// Every page of the site in book order, the home page first, as site paths.
fn page_urls(book: &Book) -> Vec<&str> {
    let mut urls = vec!["index.html"];
    urls.extend(
        book.pages
            .iter()
            .map(|p| p.url.as_str())
            .filter(|u| *u != "index.html"),
    );
    urls
}

/// `robots.txt`: everything may be crawled; names the sitemap when there is one.
pub(crate) fn robots(base: Option<&str>) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base {
        text.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    text
}

/// `sitemap.xml` for `base` (ends in `/`); the home page is listed as `base` itself.
pub(crate) fn sitemap(base: &str, urls: &[&str]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        let path = if *url == "index.html" { "" } else { url };
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{base}{}", encode_path(path)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_has_one_trailing_slash() {
        assert_eq!(
            base_url("https://a.github.io/runbooks"),
            "https://a.github.io/runbooks/"
        );
        assert_eq!(
            base_url("https://a.github.io/runbooks//?x#y"),
            "https://a.github.io/runbooks/"
        );
        assert_eq!(base_url("https://a.io"), "https://a.io/");
    }

    #[test]
    fn sitemap_lists_absolute_encoded_urls() {
        let xml = sitemap(
            "https://a.io/rb/",
            &["index.html", "ops/deploy.html", "ops/ä b&c#d?.html"],
        );
        assert!(xml.contains("<loc>https://a.io/rb/</loc>"), "{xml}");
        assert!(xml.contains("<loc>https://a.io/rb/ops/deploy.html</loc>"));
        assert!(
            xml.contains("<loc>https://a.io/rb/ops/%C3%A4%20b&amp;c%23d%3F.html</loc>"),
            "{xml}"
        );
        assert_eq!(xml.matches("<url>").count(), 3);
    }

    #[test]
    fn robots_names_the_sitemap_only_with_a_url() {
        assert!(!robots(None).contains("Sitemap"));
        assert!(
            robots(Some("https://a.io/rb/")).contains("Sitemap: https://a.io/rb/sitemap.xml\n")
        );
    }
}
