//! Anchors: every id the page defines, in document order without repeats: heading
//! ids, item ids, footnote ids, and `id="…"` (any tag) / `name="…"` (on `<a>` only,
//! as old READMEs write `<a name="x"></a>`) found by scanning the *raw HTML events*
//! of the source. Reads events; must not change them.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag};

use super::Events;
use super::headings::HeadingInfo;
use crate::base::hash::FxHashSet;
use crate::model::Item;

pub(crate) fn collect(events: &Events<'_>, heads: &[HeadingInfo], items: &[Item]) -> Vec<String> {
    // Ids the source's own HTML and footnotes define, in document order.
    let source: Vec<Cow<'_, str>> = events
        .iter()
        .flat_map(|(e, _)| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => vec![Cow::Borrowed(label.as_ref())],
            Event::Html(h) | Event::InlineHtml(h) if is_source_html(h) => {
                html_ids(h).into_iter().map(Cow::Owned).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let mut seen: FxHashSet<&str> = heads
        .iter()
        .map(|h| h.id.as_str())
        .chain(items.iter().map(|i| i.id()))
        .collect();
    source
        .iter()
        .map(AsRef::as_ref)
        .filter(|id| !id.is_empty() && seen.insert(*id))
        .map(str::to_string)
        .collect()
}

/// Our own generated HTML (checkboxes, anchors, code) is not scanned again: its ids
/// are already listed. Generated fragments are recognised by their fixed prefixes.
fn is_source_html(h: &str) -> bool {
    const OURS: &[&str] = &[
        "<a class=\"anchor\"",
        "<li class=\"task\"",
        "<input type=\"checkbox\" class=\"task-box\"",
        "</label><a class=\"item-link\"",
        "<div class=\"code-block\">",
        "<div class=\"alert ",
    ];
    !OURS.iter().any(|p| h.starts_with(p))
}

/// `id` attributes of any tag and `name` attributes of `<a>` tags in a piece of HTML.
pub(crate) fn html_ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let tag = &rest[..name_len];
        let (attrs, after) = tag_attributes(&rest[name_len..]);
        for (key, value) in attrs {
            let wanted = key.eq_ignore_ascii_case("id")
                || (key.eq_ignore_ascii_case("name") && tag.eq_ignore_ascii_case("a"));
            if wanted && !value.is_empty() {
                out.push(value.to_string());
            }
        }
        rest = after;
    }
    out
}

/// Parses attributes up to the closing `>`; returns them and the text after the tag.
fn tag_attributes(mut s: &str) -> (Vec<(&str, &str)>, &str) {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() || s.starts_with('>') || s.starts_with('<') {
            return (attrs, s.strip_prefix('>').unwrap_or(s));
        }
        let key_len = s
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '<'))
            .unwrap_or(s.len());
        let key = &s[..key_len];
        s = s[key_len..].trim_start();
        let Some(after_eq) = s.strip_prefix('=') else {
            attrs.push((key, ""));
            if key_len == 0 {
                // A stray character: skip it so the loop always advances.
                let skip = s.chars().next().map_or(0, char::len_utf8);
                s = &s[skip..];
            }
            continue;
        };
        let (value, after) = attr_value(after_eq.trim_start());
        attrs.push((key, value));
        s = after;
    }
}

fn attr_value(s: &str) -> (&str, &str) {
    for quote in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(quote) {
            return match inner.find(quote) {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => (inner, ""),
            };
        }
    }
    let end = s
        .find(|c: char| c.is_whitespace() || c == '>')
        .unwrap_or(s.len());
    (&s[..end], &s[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    #[test]
    fn finds_ids_and_a_names() {
        assert_eq!(
            html_ids("<div id=\"top\" class=x><a name='old'></a><input name=\"no\"><span id=bare>"),
            ["top", "old", "bare"]
        );
        assert_eq!(html_ids("<p align=\"center\">x</p>"), Vec::<String>::new());
        assert_eq!(html_ids("a < b and <"), Vec::<String>::new());
        assert_eq!(html_ids("<a id=\"unclosed"), ["unclosed"]);
        assert_eq!(html_ids("<a =x id=y>"), ["y"]);
    }

    #[test]
    fn page_anchors_cover_headings_items_footnotes_and_html() {
        let body = "## Setup\n\n- [ ] Do it {#do}\n\nText[^fn].\n\n<a name=\"legacy\"></a>\n\n<div id=\"box\">\n\nx <span id=\"inline\">y</span>\n\n</div>\n\n[^fn]: The note.\n";
        let (doc, _) = render_page(body);
        assert_eq!(
            doc.anchors(),
            ["setup", "do", "legacy", "box", "inline", "fn"]
        );
    }
}
