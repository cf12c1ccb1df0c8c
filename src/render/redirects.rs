//! Stage 5: the redirect pages of `Book::redirects` (Hugo `aliases`, Docusaurus
//! `slug`; `parse/redirects.rs`). Each is a small fixed HTML page, not a theme
//! template: a `<meta http-equiv="refresh">` to the page, a canonical link and a plain
//! link for readers whose browser does not follow it. No script: the site's
//! Content-Security-Policy forbids inline scripts, and the page keeps that policy.
//! Links are relative, so the site works under any base path; the canonical link is
//! absolute when `[site] url` is set. Also the redirects `render` refuses: one where
//! opsbook writes a file of its own. Pure.

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::html::escape;
use crate::base::url::{encode_path, relative};
use crate::config::Config;
use crate::model::{Book, Redirect};

/// Every redirect page, as (site path, bytes).
pub(crate) fn pages(cfg: &Config, book: &Book) -> Vec<(String, Vec<u8>)> {
    book.redirects
        .iter()
        .filter(|r| book.pages.get(r.to).is_some())
        .map(|r| (r.from.clone(), page(cfg, book, r).into_bytes()))
        .collect()
}

/// One redirect page.
fn page(cfg: &Config, book: &Book, r: &Redirect) -> String {
    let target = &book.pages[r.to];
    html(cfg, &book.language, &r.from, &target.url, &target.title)
}

/// The redirect page at site path `from` leading to the page at site path `to`,
/// titled `title`: also a versioned Docusaurus site's redirects from its URLs to
/// every version's pages (`pipeline::versions`).
pub(crate) fn html(cfg: &Config, language: &str, from: &str, to: &str, title: &str) -> String {
    let href = relative(from, to);
    let canonical = match cfg.site.url.as_deref() {
        Some(url) => format!("{}{}", super::files::base_url(url), encode_path(to)),
        None => href.clone(),
    };
    let csp = &cfg.site.content_security_policy;
    let csp = if csp.is_empty() {
        String::new()
    } else {
        format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
            escape(csp)
        )
    };
    let (href, canonical, title) = (escape(&href), escape(&canonical), escape(title));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         {csp}<title>Moved: {title}</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = escape(language),
    )
}

/// The redirects that would be written where opsbook writes a file of its own: the
/// home page (when the book has none, opsbook makes it), `toc.html`, `404.html`,
/// `toc.js`, the secret inventory's and the runs' pages, `search/`, `static/`.
pub(crate) fn reserved(book: &Book, is_reserved: &dyn Fn(&str) -> bool) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for r in &book.redirects {
        let from = r.from.to_lowercase();
        let own = is_reserved(&from)
            || (from == "index.html" && book.home.is_none())
            || from.starts_with("search/")
            || from.starts_with("static/");
        let Some(page) = book.pages.get(r.to).filter(|_| own) else {
            continue;
        };
        let d = Diagnostic::error(
            Code::DuplicatePage,
            page.source.clone(),
            format!(
                "an old URL of this page would be written at {}, where opsbook writes its own page",
                r.from
            ),
        )
        .at_line(r.line, r.col)
        .with_hint("remove that alias or slug from the page's front matter");
        diags.push(d);
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, FrontMatter, Page, PageKind};

    fn book() -> Book {
        Book {
            language: "en".into(),
            pages: vec![Page {
                source: crate::base::path::RelPath::new("content/ops/deploy.md"),
                url: "ops/deploy.html".into(),
                id: "ops/deploy".into(),
                title: "Deploy <API>".into(),
                kind: PageKind::Markdown,
                front: FrontMatter::default(),
                doc: Document::default(),
            }],
            redirects: vec![
                Redirect {
                    from: "old/deploy/index.html".into(),
                    to: 0,
                    line: 2,
                    col: 3,
                },
                Redirect {
                    from: "toc.html".into(),
                    to: 0,
                    line: 3,
                    col: 3,
                },
            ],
            ..Book::default()
        }
    }

    #[test]
    fn a_redirect_page_has_refresh_canonical_and_link_and_no_script() {
        let mut cfg = Config::default();
        let found = pages(&cfg, &book());
        let html = String::from_utf8(found[0].1.clone()).unwrap();
        assert_eq!(found[0].0, "old/deploy/index.html");
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../ops/deploy.html\">"),
            "{html}"
        );
        assert!(html.contains("<link rel=\"canonical\" href=\"../../ops/deploy.html\">"));
        assert!(html.contains("<a href=\"../../ops/deploy.html\">Deploy &lt;API&gt;</a>"));
        assert!(html.contains("Content-Security-Policy"));
        assert!(!html.contains("<script"));
        cfg.site.url = Some("https://acme.io/rb".into());
        let html = String::from_utf8(pages(&cfg, &book())[0].1.clone()).unwrap();
        assert!(
            html.contains("href=\"https://acme.io/rb/ops/deploy.html\""),
            "{html}"
        );
    }

    #[test]
    fn redirects_onto_opsbooks_own_pages_are_errors() {
        let diags = reserved(&book(), &|p| p == "toc.html");
        let found: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            found,
            [
                "an old URL of this page would be written at toc.html, where opsbook writes its own page"
            ]
        );
    }
}
