//! Attribute lists (MkDocs' `attr_list` extension): `{ #id .class key=value }` written
//! right after a bold, italic, struck-out or code span, a link or an image sets those
//! attributes on it, as Python-Markdown does (`**locale**{ #mkdocs-locale }` is
//! `<strong id="mkdocs-locale">`, `[Subscribe](#){ .md-button }` a link with that
//! class, `![Logo](logo.png){ width="100" }` an image that wide); on a line of its own
//! at the end of a paragraph or of a list item's text, it sets them on that paragraph
//! or item (`{ .annotate }`); at the end of a table cell, after a space
//! (`| *a* { .wide } |`), on the cell. With `pymdownx.superfences`, one alone on the
//! line right after a fenced code block's closing fence sets them on a `<div>` around
//! the block (the extension puts the block in a `<p>` with them); with the plain
//! `fenced_code`, and after a blank line, it stays text, as in MkDocs. After a whole
//! table it is text too (Python-Markdown cannot set attributes on a `<table>`: on the
//! table's next line it is a row's first cell). Only in an MkDocs book whose
//! `markdown_extensions` list `attr_list`; the list is then gone from the text, and an
//! id it sets is an anchor of the page (`anchors.rs` reads it from the HTML made here).
//! Runs after `links.rs`, so a link's address is final. A list after plain text is
//! left as written.

use pulldown_cmark::{Alignment, CowStr, Event, LinkType, Tag, TagEnd};

use super::Events;
use crate::base::html::{escape, escape_text};

/// Which attribute lists a page's pass reads (`MarkdownOptions::attr_list`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AttrListOptions {
    /// `markdown_extensions` lists `attr_list`.
    pub(crate) on: bool,
    /// ... and `pymdownx.superfences`: a list right after a fenced block is read.
    pub(crate) superfences: bool,
}

/// Where the pass is in a table: its columns' alignments, the head or the body, and
/// the open cell's column and index in the output.
#[derive(Default)]
struct TablePlace {
    alignments: Vec<Alignment>,
    head: bool,
    column: usize,
    cell: Option<usize>,
}

pub(crate) fn run<'a>(events: Events<'a>, body: &str, opts: AttrListOptions) -> Events<'a> {
    if !opts.on {
        return events;
    }
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    // The end tag to write in place of the next end of a block given attributes.
    let mut close: Option<(TagEnd, &'static str)> = None;
    let mut table = TablePlace::default();
    while let Some((event, range)) = events.next() {
        if let (Event::End(end), Some((want, html))) = (&event, close)
            && *end == want
        {
            out.push((Event::InlineHtml(html.into()), range));
            close = None;
            continue;
        }
        if table_event(&event, &mut out, &mut table) {
            out.push((event, range));
            continue;
        }
        if let Event::Text(text) = &event
            && close.is_none()
            && let Some((attrs, len)) = parse(text.trim_end())
            && len == text.trim_end().len()
            && matches!(out.last(), Some((Event::SoftBreak, _)))
            && let Some((Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)), _)) = events.peek()
            && let Some(html) = attach_block(&mut out, *end, &attrs)
        {
            close = Some((*end, html));
            continue;
        }
        if let Event::End(TagEnd::Paragraph) = &event
            && opts.superfences
            && attach_after_fence(&mut out, body)
        {
            continue;
        }
        if let Event::Text(text) = &event
            && let Some((attrs, len)) = parse(text)
            && attach(&mut out, &attrs)
        {
            if len < text.len() {
                let rest = CowStr::from(text[len..].to_string());
                out.push((Event::Text(rest), range.start + len..range.end));
            }
            continue;
        }
        out.push((event, range));
    }
    out
}

/// Follows `event` through a table (`place`); at a cell's end, an attribute list that
/// ends the cell's text after a space is set on the cell. True when `event` is a
/// table's (it is then pushed as it is).
fn table_event(event: &Event<'_>, out: &mut Events<'_>, place: &mut TablePlace) -> bool {
    match event {
        Event::Start(Tag::Table(alignments)) => place.alignments.clone_from(alignments),
        Event::Start(Tag::TableHead) => (place.head, place.column) = (true, 0),
        Event::End(TagEnd::TableHead) => place.head = false,
        Event::Start(Tag::TableRow) => place.column = 0,
        Event::Start(Tag::TableCell) => place.cell = Some(out.len()),
        Event::End(TagEnd::TableCell) => {
            if let Some(start) = place.cell.take() {
                cell_attrs(out, start, place);
            }
            place.column += 1;
        }
        _ => return false,
    }
    true
}

/// Sets the attribute list that ends the cell opened at `out[start]` (after at least
/// one space: `a { .x }`) on the cell, written as pulldown-cmark writes its tag.
fn cell_attrs(out: &mut Events<'_>, start: usize, place: &TablePlace) {
    let Some((Event::Text(text), range)) = out.last() else {
        return;
    };
    let trimmed = text.trim_end();
    let Some(brace) = trimmed.rfind('{') else {
        return;
    };
    let before = &trimmed[..brace];
    if !before.ends_with(' ') {
        return;
    }
    let Some((attrs, len)) = parse(&trimmed[brace..]) else {
        return;
    };
    if len != trimmed.len() - brace {
        return;
    }
    let kept = before.trim_end().to_string();
    let kept_range = range.start..range.start + kept.len();
    let name = if place.head { "th" } else { "td" };
    let align = match place.alignments.get(place.column) {
        Some(Alignment::Left) => " style=\"text-align: left\"",
        Some(Alignment::Center) => " style=\"text-align: center\"",
        Some(Alignment::Right) => " style=\"text-align: right\"",
        _ => "",
    };
    out.pop();
    if !kept.is_empty() {
        out.push((Event::Text(kept.into()), kept_range));
    }
    out[start].0 = Event::InlineHtml(format!("<{name}{align}{attrs}>").into());
}

/// With `pymdownx.superfences`: when the paragraph `out` ends in is an attribute list
/// alone, on the line right after a fenced code block's closing fence, drops it and
/// puts the block in a `<div>` with its attributes. False (nothing changed) otherwise.
fn attach_after_fence(out: &mut Events<'_>, body: &str) -> bool {
    let n = out.len();
    if n < 3 {
        return false;
    }
    let (Event::Text(text), _) = &out[n - 1] else {
        return false;
    };
    let (Event::Start(Tag::Paragraph), para) = &out[n - 2] else {
        return false;
    };
    let (Event::End(TagEnd::CodeBlock), code) = &out[n - 3] else {
        return false;
    };
    let trimmed = text.trim();
    let Some((attrs, _)) = parse(trimmed).filter(|(_, len)| *len == trimmed.len()) else {
        return false;
    };
    let between = body.get(code.end..para.start).unwrap_or("\n\n");
    let next_line = between.matches('\n').count() <= 1
        && between.chars().all(|c| c.is_whitespace() || c == '>');
    let Some(start) = start_of(out, n - 3, TagEnd::CodeBlock) else {
        return false;
    };
    let fenced = matches!(
        out[start].0,
        Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_)))
    );
    if !next_line || !fenced {
        return false;
    }
    let (open, close) = (out[start].1.clone(), out[n - 3].1.clone());
    out.truncate(n - 2);
    out.push((Event::Html("</div>\n".into()), close));
    out.insert(start, (Event::Html(format!("<div{attrs}>\n").into()), open));
    true
}

/// The attributes of a list at the start of `text` and the list's length in bytes:
/// `{` then an optional `:`, then `#id`, `.class` and `key=value` (the value may be
/// quoted) separated by spaces, then `}`. `None` when `text` does not start with one.
fn parse(text: &str) -> Option<(String, usize)> {
    let inner_start = if text.starts_with("{:") { 2 } else { 1 };
    if !text.starts_with('{') {
        return None;
    }
    let close = text.find('}')?;
    let inner = &text[inner_start..close];
    if inner.contains('\n') || inner.trim().is_empty() {
        return None;
    }
    let (mut id, mut classes, mut others) = (None, Vec::new(), Vec::new());
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let (token, after) = next_token(rest)?;
        if let Some(i) = token.strip_prefix('#') {
            id = Some(valid_name(i)?.to_string());
        } else if let Some(c) = token.strip_prefix('.') {
            classes.push(valid_name(c)?.to_string());
        } else {
            let (key, value) = token.split_once('=')?;
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            others.push((valid_name(key)?.to_string(), value.to_string()));
        }
        rest = after.trim_start();
    }
    let mut attrs = String::new();
    if let Some(id) = id {
        attrs.push_str(&format!(" id=\"{}\"", escape(&id)));
    }
    if !classes.is_empty() {
        attrs.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    for (key, value) in others {
        attrs.push_str(&format!(" {key}=\"{}\"", escape(&value)));
    }
    Some((attrs, close + 1))
}

/// The first token of `s` (a quoted value kept whole) and what follows it.
fn next_token(s: &str) -> Option<(&str, &str)> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ' ' | '\t') => return Some((&s[..i], &s[i..])),
            _ => {}
        }
    }
    quote.is_none().then_some((s, ""))
}

/// A name as attr_list takes it: letters, digits, `-`, `_`, `:` and `.`, not empty.
fn valid_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    ok.then_some(name)
}

/// The index in `out` of the start of the span or block that the `end` at `out`'s
/// index `last` closes.
fn start_of(out: &Events<'_>, last: usize, end: TagEnd) -> Option<usize> {
    let mut depth = 0usize;
    (0..last).rev().find(|&k| match &out[k].0 {
        Event::End(e) if *e == end => {
            depth += 1;
            false
        }
        Event::Start(tag) if tag.to_end() == end => {
            if depth == 0 {
                return true;
            }
            depth -= 1;
            false
        }
        _ => false,
    })
}

/// Sets `attrs` on the paragraph or list item (`end`) that `out` is inside, whose text
/// ends with a line break before the list (dropped); the end tag to write for it.
/// `None` (nothing changed) when its start is not found.
fn attach_block(out: &mut Events<'_>, end: TagEnd, attrs: &str) -> Option<&'static str> {
    let (name, html) = match end {
        TagEnd::Paragraph => ("p", "</p>\n"),
        TagEnd::Item => ("li", "</li>\n"),
        _ => return None,
    };
    let start = start_of(out, out.len(), end)?;
    out.pop();
    // Written at once where pulldown-cmark would start a new line after an opening tag
    // (`<li>\n<p>` in a loose list): the same page.
    out[start].0 = Event::InlineHtml(format!("<{name}{attrs}>").into());
    Some(html)
}

/// Sets `attrs` on the span `out` ends with, written as HTML; false when it ends with
/// something else (the list is then left as text).
fn attach(out: &mut Events<'_>, attrs: &str) -> bool {
    let Some((last, _)) = out.last_mut() else {
        return false;
    };
    let (name, end) = match last {
        Event::Code(code) => {
            *last = Event::InlineHtml(format!("<code{attrs}>{}</code>", escape_text(code)).into());
            return true;
        }
        Event::End(TagEnd::Image) => return attach_image(out, attrs),
        Event::End(TagEnd::Strong) => ("strong", TagEnd::Strong),
        Event::End(TagEnd::Emphasis) => ("em", TagEnd::Emphasis),
        Event::End(TagEnd::Strikethrough) => ("del", TagEnd::Strikethrough),
        Event::End(TagEnd::Link) => ("a", TagEnd::Link),
        _ => return false,
    };
    let last = out.len() - 1;
    let Some(start) = start_of(out, last, end) else {
        return false;
    };
    let open = match &out[start].0 {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => {
            let mut href = String::new();
            if *link_type == LinkType::Email {
                href.push_str("mailto:");
            }
            pulldown_cmark_escape::escape_href(&mut href, dest_url)
                .expect("invariant: writing to a String");
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape(title))
            };
            format!("<a href=\"{href}\"{title}{attrs}>")
        }
        _ => format!("<{name}{attrs}>"),
    };
    out[start].0 = Event::InlineHtml(open.into());
    out[last].0 = Event::InlineHtml(format!("</{name}>").into());
    true
}

/// Writes the image `out` ends with as one `<img>` with `attrs`, as pulldown-cmark
/// writes an image but for them; false when its start is not found.
fn attach_image(out: &mut Events<'_>, attrs: &str) -> bool {
    let last = out.len() - 1;
    let Some(start) = start_of(out, last, TagEnd::Image) else {
        return false;
    };
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = &out[start].0
    else {
        return false;
    };
    let mut src = String::new();
    pulldown_cmark_escape::escape_href(&mut src, dest_url).expect("invariant: writing to a String");
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    let mut alt = String::new();
    for (event, _) in &out[start + 1..last] {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                alt.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    let html = format!(
        "<img src=\"{src}\" alt=\"{}\"{title}{attrs} />",
        escape(&alt)
    );
    let range = out[start].1.start..out[last].1.end;
    out.truncate(start);
    out.push((Event::InlineHtml(html.into()), range));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const ON: AttrListOptions = AttrListOptions {
        on: true,
        superfences: false,
    };

    fn html(md: &str) -> String {
        crate::parse::markdown::test_support::html_after(md, |e| run(e, md, ON))
    }

    /// `md` read with tables, as pages are, through the pass with `opts`.
    fn page_html(md: &str, opts: AttrListOptions) -> String {
        let events = run(crate::parse::markdown::parse(md), md, opts);
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, events.into_iter().map(|(e, _)| e));
        s
    }

    #[test]
    fn a_list_after_a_span_sets_its_attributes_and_leaves_the_text() {
        assert_eq!(
            html("* **`locale`**{ #mkdocs-locale }: The locale.\n"),
            "<ul>\n<li><strong id=\"mkdocs-locale\"><code>locale</code></strong>: The locale.</li>\n</ul>\n"
        );
        assert_eq!(
            html(
                "[Subscribe](https://x.test/a?b=1&c \"Go\"){ .md-button .md-button--primary target=_blank }\n"
            ),
            "<p><a href=\"https://x.test/a?b=1&amp;c\" title=\"Go\" class=\"md-button md-button--primary\" target=\"_blank\">Subscribe</a></p>\n"
        );
        assert_eq!(
            html("Run `a<b`{: #run data-x=\"two words\"} and *this*{#em} ~~old~~{.gone}.\n"),
            "<p>Run <code id=\"run\" data-x=\"two words\">a&lt;b</code> and <em id=\"em\">this</em> <del class=\"gone\">old</del>.</p>\n"
        );
        // Nested spans: the list belongs to the outer one it follows.
        assert_eq!(
            html("**a *b* c**{#x}\n"),
            "<p><strong id=\"x\">a <em>b</em> c</strong></p>\n"
        );
    }

    #[test]
    fn a_list_after_anything_else_or_not_a_list_is_left_as_written() {
        assert_eq!(html("Text { #x }\n"), "<p>Text { #x }</p>\n");
        assert_eq!(html("**a** { #x }\n"), "<p><strong>a</strong> { #x }</p>\n");
        assert_eq!(
            html("**a**{ not an attr }\n"),
            "<p><strong>a</strong>{ not an attr }</p>\n"
        );
        assert_eq!(html("**a**{}\n"), "<p><strong>a</strong>{}</p>\n");
        assert_eq!(html("`x`{#\"q}\n"), "<p><code>x</code>{#\"q}</p>\n");
    }

    #[test]
    fn a_list_after_an_image_sets_its_attributes() {
        assert_eq!(
            html("![A *b*](a.png \"T\"){ width=30 .round }\n"),
            "<p><img src=\"a.png\" alt=\"A b\" title=\"T\" class=\"round\" width=\"30\" /></p>\n"
        );
        assert_eq!(
            html("![](https://x.test/p.png){: style=\"width:100px\"} Team\n"),
            "<p><img src=\"https://x.test/p.png\" alt=\"\" style=\"width:100px\" /> Team</p>\n"
        );
    }

    #[test]
    fn a_list_on_the_last_line_of_a_block_sets_its_attributes() {
        assert_eq!(
            html("Lorem ipsum (1)\n{ .annotate #lorem }\n\nNext.\n"),
            "<p id=\"lorem\" class=\"annotate\">Lorem ipsum (1)</p>\n<p>Next.</p>\n"
        );
        assert_eq!(
            html("- one\n- two (1)\n  { .annotate }\n"),
            "<ul>\n<li>one</li>\n<li class=\"annotate\">two (1)</li>\n</ul>\n"
        );
        // Not on a line of its own, or not at the block's end: left as written.
        assert_eq!(html("Text\n{ .x }\nmore\n"), "<p>Text\n{ .x }\nmore</p>\n");
        assert_eq!(html("{ .x }\n"), "<p>{ .x }</p>\n");
    }

    #[test]
    fn a_list_at_the_end_of_a_table_cell_sets_the_cells_attributes() {
        let md =
            "| a { .h } | b |\n|:--|--:|\n| 1 { #one .c } | *2*{ .e } |\n| *x* { .x } | {.no} |\n";
        assert_eq!(
            page_html(md, ON),
            "<table><thead><tr><th style=\"text-align: left\" class=\"h\">a</th><th style=\"text-align: right\">b</th></tr></thead><tbody>\n<tr><td style=\"text-align: left\" id=\"one\" class=\"c\">1</td><td style=\"text-align: right\"><em class=\"e\">2</em></td></tr>\n<tr><td style=\"text-align: left\" class=\"x\"><em>x</em></td><td style=\"text-align: right\">{.no}</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn a_list_after_a_table_stays_text_as_in_mkdocs() {
        // On the next line it is a row (Python-Markdown's too); after a blank line, a
        // paragraph.
        let md = "| a |\n|---|\n| 1 |\n{: .x }\n\n| b |\n|---|\n| 2 |\n\n{: .y }\n";
        let h = page_html(md, ON);
        assert!(h.contains("<tr><td>{: .x }</td></tr>"), "{h}");
        assert!(h.contains("<p>{: .y }</p>"), "{h}");
    }

    #[test]
    fn with_superfences_a_list_right_after_a_fence_wraps_the_block() {
        let fences = AttrListOptions {
            on: true,
            superfences: true,
        };
        let md = "```python\nx = 1\n```\n{ #code-id .wide }\n\nText.\n";
        assert_eq!(
            page_html(md, fences),
            "<div id=\"code-id\" class=\"wide\">\n<pre><code class=\"language-python\">x = 1\n</code></pre>\n</div>\n<p>Text.</p>\n"
        );
        let listed = "- item\n\n    ~~~\n    x\n    ~~~\n    {: .x }\n";
        assert!(
            page_html(listed, fences)
                .contains("<div class=\"x\">\n<pre><code>x\n</code></pre>\n</div>"),
            "{}",
            page_html(listed, fences)
        );
        // After a blank line, or without superfences (plain `fenced_code`): text.
        let apart = "```\nx\n```\n\n{: .x }\n";
        assert!(page_html(apart, fences).ends_with("<p>{: .x }</p>\n"));
        assert!(page_html(md, ON).contains("<p>{ #code-id .wide }</p>"));
        // Text with it, or an indented block: the paragraph's rule, or text.
        let more = "```\nx\n```\n{: .x } more\n";
        assert!(page_html(more, fences).contains("<p>{: .x } more</p>"));
        let indented = "Para\n\n    code\n{: .x }\n";
        assert!(page_html(indented, fences).contains("<p>{: .x }</p>"));
    }
}
