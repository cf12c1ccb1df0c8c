//! A Hugo site's taxonomies, made into pages as Hugo makes them: for each taxonomy
//! (`tags` and `categories` unless the config's `[taxonomies]` names others) a page
//! per term at `tags/<term>/` listing the pages with that term in their front matter
//! (`tags: [db, ops]`), by their `tags_weight` then in Hugo's default order, and one
//! at `tags/` listing the terms with their counts; `disableKinds` leaves out the
//! `term` or the `taxonomy` pages. A term's URL is the term urlized as Hugo does ([`urlize`]);
//! its title is the term as first written, each word capitalized, as Hugo titles it.
//!
//! Each is a page of the book, written where Hugo writes it (`tags/db/index.html`,
//! as for a section's `_index.md`, so the site's links to `/tags/db/` land): its
//! source is the file Hugo would read its text from (`content/tags/db/_index.md`),
//! which links name (`markdown::links::hugo_url`) and the link check finds. They are
//! left out of the sidebar, as Hugo themes show them elsewhere, and of the pages'
//! previous/next (`PageKind::Taxonomy`). Where the site has a page of its own at such
//! a URL, that page stays and none is made (said under `-v`). A page's own terms,
//! shown on it (`Tags: a, b`), are `page_terms`. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::base::path::RelPath;
use crate::config::hugo::Hugo;
use crate::model::{Document, FrontMatter, Page, PageKind};
use crate::parse::hugo_page::{date, title_key};
use crate::parse::shortcodes::relative_path;

/// The folders of the site's taxonomies among its pages' files (`content/tags`),
/// for `markdown::HugoPages::taxonomies`.
pub(crate) fn folders(hugo: &Hugo, prefix: &str) -> Vec<String> {
    hugo.taxonomies.iter().map(|t| join(prefix, t)).collect()
}

/// The site's own taxonomy and term pages (`content/tags/_index.md`,
/// `content/tags/db/_index.md`), before the sidebar is made: each is a taxonomy page
/// (out of the sidebar and of previous/next), whose title and text Hugo shows above
/// its list ([`pages`] adds the list). Where `disableKinds` leaves out their kind,
/// Hugo builds no page for them: left out, with a `-v` note.
pub(crate) fn own_pages(hugo: &Hugo, pages: &mut Vec<Page>) {
    pages.retain_mut(|page| {
        let Some(kind) = own_kind(hugo, page) else {
            return true;
        };
        if !hugo.makes(kind) {
            tracing::info!(
                "{}: not built: `disableKinds` has `{kind}`, so Hugo makes no page for it",
                page.source
            );
            return false;
        }
        page.kind = PageKind::Taxonomy;
        page.front.hidden = true;
        true
    });
}

/// Whether `page` is a section page at a taxonomy's (`taxonomy`) or a term's (`term`)
/// URL: `tags/index.html`, `tags/db/index.html`.
fn own_kind(hugo: &Hugo, page: &Page) -> Option<&'static str> {
    let name = page.source.as_str().rsplit('/').next()?;
    if page.kind != PageKind::Markdown || !name.starts_with("_index.") {
        return None;
    }
    let path = page.url.strip_suffix("/index.html")?;
    let (taxonomy, term) = path.split_once('/').unwrap_or((path, ""));
    if !hugo.taxonomies.iter().any(|t| t == taxonomy) || term.contains('/') {
        return None;
    }
    Some(if term.is_empty() { "taxonomy" } else { "term" })
}

/// The taxonomy and term pages of the site's `pages` (its pages in book order), made
/// as Hugo makes them. Where the site has its own page at such a URL (`own_pages`),
/// the list goes below its text, and its title names its term in the taxonomy's list.
pub(crate) fn pages(hugo: &Hugo, pages: &mut [Page], prefix: &str) -> Vec<Page> {
    let mut out = Vec::new();
    for taxonomy in &hugo.taxonomies {
        let mut terms = terms(pages, taxonomy);
        // A term with its own page is made even when no page has it, as in Hugo.
        for page in pages.iter() {
            let own = page.url.strip_prefix(&format!("{taxonomy}/"));
            let key = own.and_then(|u| u.strip_suffix("/index.html"));
            if let Some(key) = key.filter(|_| page.kind == PageKind::Taxonomy) {
                let term = terms.entry(key.to_string()).or_insert_with(|| Term {
                    title: title_case(key),
                    pages: Vec::new(),
                });
                term.title.clone_from(&page.title);
            }
        }
        if terms.is_empty() {
            continue;
        }
        let mut made = Vec::new();
        if hugo.makes("taxonomy") {
            let url = format!("{taxonomy}/index.html");
            let items = terms.iter().map(|(key, term)| {
                let href = relative_path(&url, &format!("{taxonomy}/{key}/index.html"));
                (href, term.title.clone(), Some(term.pages.len()))
            });
            made.push(page(prefix, taxonomy, &title_case(taxonomy), list(items)));
        }
        if hugo.makes("term") {
            for (key, term) in &terms {
                let path = format!("{taxonomy}/{key}");
                let url = format!("{path}/index.html");
                let items = term.pages.iter().map(|&i| {
                    let p = &pages[i];
                    let title = p.front.sidebar_title.as_ref().unwrap_or(&p.title);
                    (relative_path(&url, &p.url), title.clone(), None)
                });
                made.push(page(prefix, &path, &term.title, list(items)));
            }
        }
        for page in made {
            match pages.iter_mut().find(|p| p.url == page.url) {
                Some(own) => below_own_text(own, &page.doc.html),
                None => out.push(page),
            }
        }
    }
    out
}

/// Puts a made page's list (`list`) below the text of the site's own page there.
fn below_own_text(own: &mut Page, list: &str) {
    let body = match own.doc.body() {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!("{}: its text could not be read back: {e}", own.source);
            return;
        }
    };
    own.doc.html = format!("{}{list}", body.html).into();
    own.doc.sections = body.sections;
    own.doc.spilled = None;
}

/// One term of a taxonomy: its title and its pages, in Hugo's default order.
struct Term {
    title: String,
    pages: Vec<usize>,
}

/// The terms of `taxonomy` by their URL name, sorted by it.
fn terms(pages: &[Page], taxonomy: &str) -> BTreeMap<String, Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for text in written(&page.front, taxonomy) {
            let key = urlize(&text);
            if key.is_empty() {
                continue;
            }
            let term = terms.entry(key).or_insert_with(|| Term {
                title: title_case(&text),
                pages: Vec::new(),
            });
            if !term.pages.contains(&i) {
                term.pages.push(i);
            }
        }
    }
    for term in terms.values_mut() {
        term.pages.sort_by_key(|&i| {
            (
                taxonomy_weight(&pages[i].front, taxonomy),
                order_key(&pages[i]),
            )
        });
    }
    terms
}

/// A page's weight in `taxonomy` (`tags_weight: 10`), `0` without one: a term's page
/// lists its pages by it first, lowest first (unweighted ones first, as `hugo` 0.111
/// lists them), then in Hugo's default order.
fn taxonomy_weight(front: &FrontMatter, taxonomy: &str) -> i64 {
    let key = format!("{taxonomy}_weight");
    #[allow(clippy::cast_possible_truncation)]
    (front.extra.iter())
        .find(|(k, _)| k.eq_ignore_ascii_case(&key))
        .and_then(|(_, v)| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
        .unwrap_or(0)
}

/// The terms of `taxonomy` a page's front matter names, as written.
fn written(front: &FrontMatter, taxonomy: &str) -> Vec<String> {
    let value = (front.extra.iter())
        .find(|(k, _)| k.eq_ignore_ascii_case(taxonomy))
        .map(|(_, v)| v);
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(term_text).collect(),
        Some(one) => term_text(one).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The terms a page shows (`Tags: database, on call`): per taxonomy with term pages,
/// its title (`Tags`) and each term as written with its page's site path
/// (`tags/database/index.html`). Every one of them is made, as the page has it.
pub(crate) fn page_terms(hugo: &Hugo, front: &FrontMatter) -> Vec<(String, Vec<(String, String)>)> {
    if !hugo.makes("term") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for taxonomy in &hugo.taxonomies {
        let mut terms: Vec<(String, String)> = Vec::new();
        for text in written(front, taxonomy) {
            let key = urlize(&text);
            let url = format!("{taxonomy}/{key}/index.html");
            if !key.is_empty() && !terms.iter().any(|(_, u)| *u == url) {
                terms.push((text, url));
            }
        }
        if !terms.is_empty() {
            out.push((title_case(taxonomy), terms));
        }
    }
    out
}

fn term_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// Hugo's default order of pages: weight (none last), newest date first, link title,
/// then file.
type OrderKey = (bool, i64, i64, (String, String), String);

fn order_key(page: &Page) -> OrderKey {
    let weight = page.front.order;
    #[allow(clippy::cast_possible_truncation)]
    let weight_key = weight.map_or(0, |w| (w * 1000.0) as i64);
    let title = page
        .front
        .sidebar_title
        .as_ref()
        .or(page.front.title.as_ref())
        .map_or((String::new(), String::new()), |t| title_key(t));
    (
        weight.is_none(),
        weight_key,
        date(&page.front).map_or(i64::MAX, |d| -d),
        title,
        page.source.to_string(),
    )
}

/// A term as Hugo writes it in a URL (its `urlize`: `paths.Sanitize`, then
/// lowercased): letters, digits, marks and `._#+~-@/\\` are kept, a `%` only before
/// two hex digits; a run of spaces (with anything else dropped beside them) is one
/// `-`, none at either end and none beside a `-`; anything else is left out. A term
/// of dots only has no page (Hugo makes none).
pub(crate) fn urlize(term: &str) -> String {
    let chars: Vec<char> = term.chars().collect();
    let mut out = String::new();
    let (mut hyphen_next, mut was_hyphen) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if path_char(&chars, i) {
            was_hyphen = c == '-';
            if hyphen_next && !was_hyphen {
                out.push('-');
            }
            hyphen_next = false;
            // Go's lowercase maps one character to one (`İ` → `i`).
            out.push(c.to_lowercase().next().unwrap_or(c));
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_next = true;
        }
    }
    if out.chars().all(|c| c == '.') {
        return String::new();
    }
    out
}

/// Whether Hugo keeps `chars[i]` in a path (`isAllowedPathCharacter`).
fn path_char(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let hex = |j: usize| chars.get(j).is_some_and(char::is_ascii_hexdigit);
    c != ' '
        && (c.is_alphanumeric()
            || "._#+~-@/\\".contains(c)
            || is_mark(c)
            || (c == '%' && hex(i + 1) && hex(i + 2)))
}

/// Unicode's combining marks (Go's `unicode.IsMark`), for the common blocks.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{483}'..='\u{489}' | '\u{591}'..='\u{5BD}'
        | '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{3099}'..='\u{309A}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}')
}

/// Each word's first letter capitalized, as Hugo titles its list pages.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body: a list of links, each with a count when given.
fn list(items: impl Iterator<Item = (String, String, Option<usize>)>) -> String {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return String::new();
    }
    let mut html = String::from("<ul class=\"taxonomy-list\">\n");
    for (href, title, count) in items {
        let count = count.map_or(String::new(), |n| {
            format!(" <span class=\"taxonomy-count\">({n})</span>")
        });
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a>{count}</li>\n",
            crate::base::html::escape(&crate::base::url::encode_path(&href)),
            crate::base::html::escape(&title)
        ));
    }
    html.push_str("</ul>\n");
    html
}

/// The page at `path/` (`tags`, `tags/db`), titled `title`.
fn page(prefix: &str, path: &str, title: &str, html: String) -> Page {
    Page {
        source: RelPath::new(join(prefix, &format!("{path}/_index.md"))),
        url: format!("{path}/index.html"),
        id: path.to_string(),
        title: title.to_string(),
        kind: PageKind::Taxonomy,
        front: FrontMatter {
            title: Some(title.to_string()),
            hidden: true,
            ..FrontMatter::default()
        },
        doc: Document {
            html: html.into(),
            ..Document::default()
        },
    }
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(source: &str, front: &str) -> Page {
        let rel = source.strip_prefix("content/").unwrap_or(source);
        let (id, url) = crate::parse::book::page_id_and_url(rel);
        let extra: BTreeMap<String, Value> = serde_json::from_str(front).unwrap();
        Page {
            source: RelPath::new(source),
            url,
            id,
            title: rel.to_string(),
            kind: PageKind::Markdown,
            front: FrontMatter {
                title: Some(rel.to_string()),
                order: extra.get("weight").and_then(Value::as_f64),
                extra,
                ..FrontMatter::default()
            },
            doc: Document::default(),
        }
    }

    fn hugo(config: &str) -> Hugo {
        let mut diags = crate::base::diag::Diagnostics::new();
        crate::config::hugo::parse(config, &RelPath::new("hugo.toml"), &mut diags)
    }

    fn made(hugo: &Hugo, pages: &[Page]) -> Vec<String> {
        super::pages(hugo, &mut pages.to_vec(), "content")
            .iter()
            .map(|p| format!("{} {} | {}", p.url, p.title, p.doc.html.replace('\n', "")))
            .collect()
    }

    #[test]
    fn term_and_taxonomy_pages_in_hugos_order() {
        let pages = [
            page(
                "content/b.md",
                r#"{"tags": ["On Call", "db"], "date": "2024-01-01"}"#,
            ),
            page("content/a.md", r#"{"tags": ["db"], "date": "2025-01-01"}"#),
            page(
                "content/ops/c.md",
                r#"{"Tags": "DB", "weight": 3, "categories": []}"#,
            ),
            page("content/d.md", r#"{"tags": [{"no": 1}, ""]}"#),
        ];
        assert_eq!(
            made(&hugo(""), &pages),
            [
                "tags/index.html Tags | <ul class=\"taxonomy-list\"><li><a href=\"db/index.html\">Db</a> <span class=\"taxonomy-count\">(3)</span></li><li><a href=\"on-call/index.html\">On Call</a> <span class=\"taxonomy-count\">(1)</span></li></ul>",
                "tags/db/index.html Db | <ul class=\"taxonomy-list\"><li><a href=\"../../ops/c.html\">ops/c.md</a></li><li><a href=\"../../a.html\">a.md</a></li><li><a href=\"../../b.html\">b.md</a></li></ul>",
                "tags/on-call/index.html On Call | <ul class=\"taxonomy-list\"><li><a href=\"../../b.html\">b.md</a></li></ul>",
            ],
            "weight first, then the newest; `DB` and `db` are one term"
        );
    }

    #[test]
    fn taxonomy_weights_order_a_terms_pages_first() {
        // `hugo` 0.111 lists `tags/db/` as Echo, Charlie, Bravo, Delta, Alpha.
        let pages = [
            page(
                "content/alpha.md",
                r#"{"tags": ["db"], "tags_weight": 30, "weight": 1, "date": "2024-01-01"}"#,
            ),
            page(
                "content/bravo.md",
                r#"{"tags": ["db"], "Tags_Weight": 10, "weight": 5, "date": "2023-01-01"}"#,
            ),
            page(
                "content/charlie.md",
                r#"{"tags": ["db"], "date": "2025-01-01"}"#,
            ),
            page(
                "content/delta.md",
                r#"{"tags": ["db"], "tags_weight": 10, "date": "2022-01-01"}"#,
            ),
            page("content/echo.md", r#"{"tags": ["db"], "weight": 2}"#),
        ];
        let made = made(&hugo(""), &pages);
        let titles: Vec<&str> = made[1]
            .split(".html\">")
            .skip(1)
            .map(|t| &t[..t.find('<').unwrap_or(0)])
            .collect();
        assert_eq!(
            titles,
            ["echo.md", "charlie.md", "bravo.md", "delta.md", "alpha.md"],
            "{made:?}"
        );
    }

    #[test]
    fn the_configs_taxonomies_and_kinds_and_the_sites_own_pages() {
        let mut pages = vec![page("content/a.md", r#"{"tags": ["x"], "teams": ["sre"]}"#)];
        let only_terms = hugo("disableKinds = ['taxonomy']\n[taxonomies]\nteam = 'teams'\n");
        assert_eq!(
            made(&only_terms, &pages),
            [
                "teams/sre/index.html Sre | <ul class=\"taxonomy-list\"><li><a href=\"../../a.html\">a.md</a></li></ul>"
            ]
        );
        pages.push(page("content/tags/_index.md", r#"{"title": "All tags"}"#));
        pages.push(page("content/tags/y/_index.md", r#"{"title": "Why"}"#));
        pages.push(page("content/tags/z/_index.md", "{}"));
        let hugo = hugo("disableKinds = ['term']\n");
        own_pages(&hugo, &mut pages);
        let left: Vec<(&str, PageKind, bool)> = pages
            .iter()
            .map(|p| (p.source.as_str(), p.kind, p.front.hidden))
            .collect();
        assert_eq!(
            left,
            [
                ("content/a.md", PageKind::Markdown, false),
                ("content/tags/_index.md", PageKind::Taxonomy, true),
            ],
            "a term's own page goes with its kind"
        );
        pages[1].doc.html = "<p>Own text.</p>\n".into();
        pages[1].title = "All tags".into();
        assert!(super::pages(&hugo, &mut pages, "content").is_empty());
        assert_eq!(
            pages[1].doc.html.as_ref(),
            "<p>Own text.</p>\n<ul class=\"taxonomy-list\">\n<li><a href=\"x/index.html\">X</a> <span class=\"taxonomy-count\">(1)</span></li>\n</ul>\n",
            "the list below the site's own text"
        );
    }

    #[test]
    fn a_pages_own_terms_link_to_their_pages() {
        let front = page(
            "content/a.md",
            r#"{"tags": ["On Call", "on call", "db"], "categories": "x"}"#,
        )
        .front;
        let terms = |h: &Hugo| page_terms(h, &front);
        assert_eq!(
            terms(&hugo("")),
            [
                (
                    "Categories".to_string(),
                    vec![("x".to_string(), "categories/x/index.html".to_string())]
                ),
                (
                    "Tags".to_string(),
                    vec![
                        ("On Call".to_string(), "tags/on-call/index.html".to_string()),
                        ("db".to_string(), "tags/db/index.html".to_string()),
                    ]
                ),
            ]
        );
        assert!(
            terms(&hugo("disableKinds = ['term']\n")).is_empty(),
            "no pages to link to"
        );
    }

    #[test]
    fn terms_are_urlized_as_hugo_does() {
        // What `hugo` 0.111 names each term's folder (`public/tags/<this>/`).
        for (term, hugo) in [
            ("On Call", "on-call"),
            ("C++ & Rust!", "c++-rust"),
            ("Données", "données"),
            ("Vim (text editor)", "vim-text-editor"),
            ("a  b", "a-b"),
            ("-x-", "-x-"),
            ("日本語", "日本語"),
            ("c#", "c#"),
            ("@home", "@home"),
            ("100%", "100"),
            ("a/b", "a/b"),
            ("Ünïcödé", "ünïcödé"),
            ("straße", "straße"),
            ("İstanbul", "istanbul"),
            ("e\u{301}cole", "e\u{301}cole"),
            ("tab\there", "tab-here"),
            ("dot.net", "dot.net"),
            ("a--b", "a--b"),
            ("  lead trail  ", "lead-trail"),
            ("a - b", "a-b"),
            ("Ω", "ω"),
            ("a+b", "a+b"),
            ("~tilde", "~tilde"),
            ("emoji 🚀 ok", "emoji-ok"),
            ("quote's", "quotes"),
            ("co\"de", "code"),
            ("x%41y", "x%41y"),
            ("Zürich HQ", "zürich-hq"),
            ("ǅ", "ǆ"),
        ] {
            assert_eq!(urlize(term), hugo, "{term:?}");
        }
        assert_eq!(urlize("..."), "", "no page");
    }
}
