//! Link pass: records every link that stays inside the book (relative path or
//! `#fragment`) with its destination as written and the line:col of its `[`, and
//! points relative `.md` links at the built page (`x.md` → `x.html`, `dir/README.md`
//! and `dir/index.md` → `dir/index.html`; query and fragment kept). Images are
//! neither recorded nor rewritten. Must not check that targets exist (`check.rs` does).

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Ctx, Events};
use crate::model::Link;

pub(crate) fn run<'a>(events: Events<'a>, ctx: &Ctx<'_>) -> (Events<'a>, Vec<Link>) {
    let mut links = Vec::new();
    let events = events
        .into_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_internal(&dest_url) => {
                let (line, col) = ctx.pos(range.start);
                links.push(Link {
                    dest: dest_url.to_string(),
                    line,
                    col,
                });
                let dest_url = match rewrite_md(&dest_url) {
                    Some(new) => CowStr::from(new),
                    None => dest_url,
                };
                let tag = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Event::Start(tag), range)
            }
            other => (other, range),
        })
        .collect();
    (events, links)
}

/// Whether a destination stays inside the book: not empty, no `scheme:`, not `//host`
/// or root-relative `/…`, no template syntax (`{{`, `{%`, `<%`).
pub(crate) fn is_internal(dest: &str) -> bool {
    let dest = dest.trim();
    !dest.is_empty()
        && !dest.starts_with('/')
        && !has_scheme(dest)
        && !["{{", "{%", "<%"].iter().any(|t| dest.contains(t))
}

fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `x.md#a` → `x.html#a`; `dir/README.md` → `dir/index.html`; `None` if not a `.md` link.
pub(crate) fn rewrite_md(dest: &str) -> Option<String> {
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(split);
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let stem = name
        .len()
        .checked_sub(3)
        .filter(|&i| name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".md"))
        .map(|i| &name[..i])
        .filter(|s| !s.is_empty())?;
    let page = if stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("index") {
        "index".to_string()
    } else {
        stem.to_string()
    };
    let slash = if path.contains('/') { "/" } else { "" };
    Some(format!("{dir}{slash}{page}.html{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    #[test]
    fn rewrites_md_links_to_pages() {
        assert_eq!(rewrite_md("x.md").as_deref(), Some("x.html"));
        assert_eq!(
            rewrite_md("../ops/deploy.md#db").as_deref(),
            Some("../ops/deploy.html#db")
        );
        assert_eq!(
            rewrite_md("dir/README.md").as_deref(),
            Some("dir/index.html")
        );
        assert_eq!(
            rewrite_md("dir/index.md?x=1#a").as_deref(),
            Some("dir/index.html?x=1#a")
        );
        assert_eq!(rewrite_md("README.MD").as_deref(), Some("index.html"));
        assert_eq!(rewrite_md("#setup"), None);
        assert_eq!(rewrite_md("notes.txt"), None);
        assert_eq!(rewrite_md("a.md.bak"), None);
        assert_eq!(rewrite_md(".md"), None);
        assert_eq!(rewrite_md("ü.md").as_deref(), Some("ü.html"));
    }

    #[test]
    fn internal_means_relative() {
        for d in ["x.md", "#frag", "../a/b.md", "img/", "page.html?x=1"] {
            assert!(is_internal(d), "{d}");
        }
        for d in [
            "https://x.io/a.md",
            "mailto:a@b.c",
            "//cdn.x/y",
            "/root.md",
            "{{ site.url }}/a.md",
            "<%= url %>",
            "",
        ] {
            assert!(!is_internal(d), "{d}");
        }
    }

    #[test]
    fn records_links_with_position_and_skips_images() {
        let body = "Intro [a](x.md#top) and ![img](pic.png) and [ext](https://e.x).\n\n- [ref][r] [y](y.md)\n\n[r]: ../z/README.md\n";
        let (doc, _) = render_page(body);
        let got: Vec<(String, u32, u32)> = doc
            .links
            .iter()
            .map(|l| (l.dest.clone(), l.line, l.col))
            .collect();
        assert_eq!(
            got,
            [
                ("x.md#top".to_string(), 1, 7),
                ("../z/README.md".to_string(), 3, 3),
                ("y.md".to_string(), 3, 12),
            ]
        );
        assert!(doc.html.contains("href=\"x.html#top\""), "{}", doc.html);
        assert!(
            doc.html.contains("href=\"../z/index.html\""),
            "{}",
            doc.html
        );
        assert!(doc.html.contains("src=\"pic.png\""));
    }
}
