//! Stage 3: an mdBook's `[output.html.redirect]` (`config::mdbook::MdRedirect`) →
//! redirect pages. Each old path (`/borrow_check.html`) is a redirect page at that
//! path, leading to the page its target names, as mdBook resolves it: from the book
//! root when it starts with `/`, else from the old path's folder (`../x.html` from
//! `/a/b.html` is `x.html`); a folder's `/` is its `index.html`, `#…` and `?…` are
//! left off. A target on another site (`https://…`) is left out with a `-v` note: a
//! redirect page leads to a page of the book. An old path that is a page's own, or
//! another redirect's, and a target that is no page of the book are warnings at the
//! old path's place in book.toml, with the closest page as a hint. Pure.

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::mdbook::{MdBook, MdRedirect};
use crate::model::{Page, Redirect};

/// Adds the redirects of `book` to `redirects` (sorted again), where no page and no
/// other redirect is; problems into `diags`.
pub(crate) fn add(
    pages: &[Page],
    book: &MdBook,
    redirects: &mut Vec<Redirect>,
    diags: &mut Diagnostics,
) {
    if book.redirects.is_empty() {
        return;
    }
    let urls: BTreeMap<&str, usize> = (pages.iter().enumerate())
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    let mut taken: BTreeMap<String, usize> =
        (redirects.iter()).map(|r| (r.from.clone(), r.to)).collect();
    for r in &book.redirects {
        let warn = |message: String, hint: String| {
            Diagnostic::warning(Code::Config, RelPath::new("book.toml"), message)
                .at_line(r.line, r.col)
                .with_hint(hint)
        };
        let Some(from) = normalize("", &r.from) else {
            diags.push(warn(
                format!(
                    "`{}` is not a path of the book; no redirect is made there",
                    r.from
                ),
                "an old path is a page's path from the book root: `/old/page.html`".into(),
            ));
            continue;
        };
        if urls.contains_key(from.as_str()) || taken.contains_key(&from) {
            diags.push(warn(
                format!(
                    "`{}` is a page of the book already; no redirect is made there",
                    r.from
                ),
                "remove the redirect, or the page it would hide".into(),
            ));
            continue;
        }
        if r.to.contains("://") || r.to.starts_with("//") {
            tracing::info!(
                "book.toml:{}:{}: [output.html.redirect] `{}` → `{}`: a URL of another site, not made",
                r.line,
                r.col,
                r.from,
                r.to
            );
            continue;
        }
        let Some(to) = target(&from, r, &urls) else {
            let wanted = normalize(folder(&from), r.to.split(['#', '?']).next().unwrap_or(""));
            let hint = wanted
                .as_deref()
                .and_then(|w| crate::base::suggest::did_you_mean(w, urls.keys().copied()))
                .unwrap_or_else(|| "the target is a page's path: `new/page.html`".into());
            diags.push(warn(
                format!(
                    "`{}` is no page of the book; the redirect from `{}` is not made",
                    r.to, r.from
                ),
                hint,
            ));
            continue;
        };
        taken.insert(from.clone(), to);
        redirects.push(Redirect {
            from,
            to,
            line: 0,
            col: 0,
        });
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
}

/// The page `r` leads to, from the old path `from`.
fn target(from: &str, r: &MdRedirect, urls: &BTreeMap<&str, usize>) -> Option<usize> {
    let path = r.to.split(['#', '?']).next().unwrap_or("");
    let to = normalize(folder(from), path)?;
    urls.get(to.as_str()).copied()
}

/// The folder of a site path, with its `/` (`a/b.html` → `a/`, `b.html` → ``).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// `path` from `base` (a folder, `a/`) as a site path: `/` starts at the root, `.`
/// and `..` are resolved (`base::path::joined`), a folder is its `index.html`; `None`
/// when it leaves the site.
fn normalize(base: &str, path: &str) -> Option<String> {
    let (from, rel) = match path.strip_prefix('/') {
        Some(rooted) => ("", rooted),
        None => (base, path),
    };
    let mut out = crate::base::path::joined(from, rel)?;
    if rel.is_empty() || rel.ends_with('/') {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_from_the_root_or_the_old_paths_folder() {
        assert_eq!(
            normalize("", "/borrow_check.html").as_deref(),
            Some("borrow_check.html")
        );
        assert_eq!(
            normalize("profiling/", "with-perf.html").as_deref(),
            Some("profiling/with-perf.html")
        );
        assert_eq!(normalize("a/b/", "../x.html").as_deref(), Some("a/x.html"));
        assert_eq!(
            normalize("", "/guide/").as_deref(),
            Some("guide/index.html")
        );
        assert_eq!(normalize("", "/").as_deref(), Some("index.html"));
        assert_eq!(normalize("docs/", "").as_deref(), Some("docs/index.html"));
        assert_eq!(normalize("", "../x.html"), None);
        assert_eq!(folder("a/b.html"), "a/");
        assert_eq!(folder("b.html"), "");
    }
}
