//! Images a Docusaurus page writes as HTML or JSX rather than `![](…)`: `<img src="…">`,
//! `<img src={require('@site/static/img/a.png').default} />`, `src={useBaseUrl('…')}`,
//! the ideal-image plugin's `<Image img={require('./img/a.png')} />`, and `![](…)` left
//! unparsed inside an HTML block (MDX reads Markdown inside components; CommonMark
//! does not). Each image's file is recorded and written to where it is published, as
//! `links.rs` does for `![](…)`: a plain `<img>` keeps its HTML with only `src`
//! changed; a JSX tag (which CommonMark shows as text) and a Markdown image in HTML
//! become an `<img>` opsbook writes itself, its attributes escaped. Runs only in a
//! Docusaurus site (`MarkdownOptions::routes`), before the link pass.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::{Ctx, Events};
use crate::base::html::escape;
use crate::model::Link;

/// One image found in a piece of HTML or text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// What is replaced: the `src` value of a plain `<img>` (quotes kept), or the
    /// whole JSX tag or Markdown image.
    range: Range<usize>,
    /// The file as the page names it (`/img/a.png`, `./img/a.png`, `@site/…` made a
    /// site path or a path from the page).
    dest: String,
    /// Where the file's name starts, for the diagnostic's place.
    at: usize,
    /// `None`: only the `src` value is replaced; `Some(alt)`: the tag is written anew.
    alt: Option<String>,
}

/// The events with each image of their HTML and JSX written to its published file,
/// and its file recorded in `links` (a site without routes is left as it is).
pub(crate) fn run<'a>(events: Events<'a>, ctx: &Ctx<'_>, links: &mut Vec<Link>) -> Events<'a> {
    if !ctx.opts.routes {
        return events;
    }
    let mut out = Events::with_capacity(events.len());
    let mut in_code = false;
    for (event, range) in events {
        match event {
            Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => {
                in_code = true;
                out.push((event, range));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push((event, range));
            }
            // A code block shows its text as written, JSX examples included.
            Event::Text(_) if in_code => out.push((event, range)),
            Event::Html(h) | Event::InlineHtml(h) if may_hold_image(&h) => {
                let found = find(&h, true, ctx);
                if found.is_empty() {
                    out.push((Event::Html(h), range));
                    continue;
                }
                let exact = ctx.body.get(range.clone()) == Some(&*h);
                let place = |f: &Found| {
                    if exact {
                        range.start + f.at
                    } else {
                        range.start
                    }
                };
                let html = rewritten(&h, &found, place, ctx, links);
                out.push((Event::Html(html.into()), range));
            }
            Event::Text(t) if may_hold_image(&t) => {
                let found = find(&t, false, ctx);
                if found.is_empty() {
                    out.push((Event::Text(t), range));
                    continue;
                }
                // The text around each JSX tag stays text; the tag becomes HTML.
                let exact = ctx.body.get(range.clone()) == Some(&*t);
                let mut last = 0;
                for f in &found {
                    if f.range.start > last {
                        let before = t[last..f.range.start].to_string();
                        out.push((Event::Text(before.into()), range.clone()));
                    }
                    let at = if exact {
                        range.start + f.at
                    } else {
                        range.start
                    };
                    let tag = rewritten(&t[f.range.clone()], &[shifted(f)], |_| at, ctx, links);
                    out.push((Event::InlineHtml(tag.into()), range.clone()));
                    last = f.range.end;
                }
                if last < t.len() {
                    out.push((Event::Text(t[last..].to_string().into()), range));
                }
            }
            other => out.push((other, range)),
        }
    }
    out
}

fn may_hold_image(text: &str) -> bool {
    text.contains("<img") || text.contains("<Image") || text.contains("![")
}

/// `f` for the text of its own tag (`range` from 0, `at` with it).
fn shifted(f: &Found) -> Found {
    let start = f.range.start;
    Found {
        range: 0..f.range.len(),
        at: f.at - start,
        ..f.clone()
    }
}

/// `text` with each of `found` written to its published file; each file recorded at
/// its byte in the body, `place(f)`: exact when the event's text is the body's own
/// (no container prefix or escape between them), else the event's start.
fn rewritten(
    text: &str,
    found: &[Found],
    place: impl Fn(&Found) -> usize,
    ctx: &Ctx<'_>,
    links: &mut Vec<Link>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in found {
        let at = place(f);
        let src = super::links::image_dest(CowStr::from(f.dest.as_str()), at, ctx, links);
        out.push_str(&text[last..f.range.start]);
        match &f.alt {
            None => out.push_str(&format!("\"{}\"", escape(&src))),
            Some(alt) => out.push_str(&format!(
                "<img src=\"{}\" alt=\"{}\">",
                escape(&src),
                escape(alt)
            )),
        }
        last = f.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The images of `text`: `<img …>` and `<Image …>` tags, and (in raw HTML, `html`)
/// Markdown images.
fn find(text: &str, html: bool, ctx: &Ctx<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(lt) = text[from..].find('<').map(|i| i + from) {
        let rest = &text[lt + 1..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        from = lt + 1;
        if name != "img" && name != "Image" {
            continue;
        }
        let Some(tag) = tag_at(text, lt) else {
            continue;
        };
        if let Some(f) = image_of(&tag, name, ctx) {
            from = f.range.end;
            out.push(f);
        }
    }
    if html {
        out.extend(markdown_images(text, &out));
        out.sort_by_key(|f| f.range.start);
    }
    out
}

/// A tag starting at `lt`: its attributes with their values' places.
struct Tag<'t> {
    range: Range<usize>,
    attrs: Vec<(&'t str, Value<'t>)>,
}

/// An attribute's value: quoted (`"x"`, with its place, quotes included) or a JSX
/// expression (`{…}`, its inside).
enum Value<'t> {
    Quoted(&'t str, Range<usize>),
    Expr(&'t str, usize),
}

/// The tag at `text[lt..]` up to its `>` (outside quotes and braces); `None` when it
/// does not end.
fn tag_at(text: &str, lt: usize) -> Option<Tag<'_>> {
    let bytes = text.as_bytes();
    let mut i = lt + 1;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some(Tag {
                    range: lt..i + 1,
                    attrs,
                });
            }
            _ => {
                let start = i;
                while i < bytes.len() && !b" \t\r\n=/>".contains(&bytes[i]) {
                    i += 1;
                }
                let name = &text[start..i];
                if name.is_empty() {
                    return None;
                }
                if bytes.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                let value = match bytes.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let end = text[i + 1..].find(*q as char)? + i + 1;
                        let v = Value::Quoted(&text[i + 1..end], i..end + 1);
                        i = end + 1;
                        v
                    }
                    b'{' => {
                        let end = closing_brace(text, i)?;
                        let v = Value::Expr(&text[i + 1..end], i + 1);
                        i = end + 1;
                        v
                    }
                    _ => {
                        let start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>'
                        {
                            i += 1;
                        }
                        Value::Quoted(&text[start..i], start..i)
                    }
                };
                attrs.push((name, value));
            }
        }
    }
}

/// The `}` closing the `{` at `open`, skipping quoted strings and nested braces.
fn closing_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text[open..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The image a `<img>` (its `src`) or `<Image>` (its `img`, else `src`) tag shows.
fn image_of(tag: &Tag<'_>, name: &str, ctx: &Ctx<'_>) -> Option<Found> {
    let keys: &[&str] = if name == "Image" {
        &["img", "src"]
    } else {
        &["src"]
    };
    let (_, value) = keys
        .iter()
        .find_map(|k| tag.attrs.iter().find(|(n, _)| n == k))?;
    let jsx = name == "Image" || tag.attrs.iter().any(|(_, v)| matches!(v, Value::Expr(..)));
    let alt = || {
        tag.attrs
            .iter()
            .find(|(n, _)| *n == "alt")
            .and_then(|(_, v)| match v {
                Value::Quoted(s, _) => Some(s.to_string()),
                Value::Expr(e, _) => quoted_literal(e.trim()).map(|(s, _)| s.to_string()),
            })
            .unwrap_or_default()
    };
    let (dest, at, range, alt) = match value {
        Value::Quoted(s, r) if !jsx => (s.to_string(), r.start + 1, r.clone(), None),
        Value::Quoted(s, r) => (s.to_string(), r.start + 1, tag.range.clone(), Some(alt())),
        Value::Expr(e, start) => {
            let (path, offset) = expression_path(e)?;
            (
                path.to_string(),
                start + offset,
                tag.range.clone(),
                Some(alt()),
            )
        }
    };
    let dest = site_dest(&dest, ctx)?;
    Some(Found {
        range,
        dest,
        at,
        alt,
    })
}

/// The file a JSX expression names and where in it: `require('x').default`,
/// `require('x')`, `useBaseUrl('x')`, or a string literal.
fn expression_path(expr: &str) -> Option<(&str, usize)> {
    let trimmed = expr.trim_start();
    let lead = expr.len() - trimmed.len();
    for call in ["require(", "useBaseUrl("] {
        if let Some(inner) = trimmed.strip_prefix(call) {
            let (path, offset) = quoted_literal(inner.trim_start())?;
            let pad = inner.len() - inner.trim_start().len();
            return Some((path, lead + call.len() + pad + offset));
        }
    }
    quoted_literal(trimmed).map(|(p, o)| (p, lead + o))
}

/// The text of a string literal at the start of `s` (`'x'`, `"x"`, `` `x` `` without
/// `${`) and where it starts.
fn quoted_literal(s: &str) -> Option<(&str, usize)> {
    let q = s.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let end = s[1..].find(q)? + 1;
    let inner = &s[1..end];
    (!inner.contains("${")).then_some((inner, 1))
}

/// `dest` as a link of the page: `@site/static/img/a.png` is the static file
/// `/img/a.png`, another `@site/…` the book-root file made relative to the page; a
/// URL or data is `None` (not the book's file).
fn site_dest(dest: &str, ctx: &Ctx<'_>) -> Option<String> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with("data:") || dest.starts_with("//") {
        return None;
    }
    if dest.contains("://") && !dest.starts_with("pathname://") {
        return None;
    }
    let Some(below) = dest.strip_prefix("@site/") else {
        return Some(dest.to_string());
    };
    let statics = ctx.opts.repo_links.map_or(&[][..], |r| r.statics);
    for dir in statics {
        if let Some(file) = below
            .strip_prefix(dir.as_str())
            .and_then(|r| r.strip_prefix('/'))
        {
            return Some(format!("/{file}"));
        }
    }
    Some(crate::parse::shortcodes::relative_path(
        ctx.opts.path.as_str(),
        below,
    ))
}

/// The Markdown images `![alt](dest)` of raw HTML `text`, outside the tags of `taken`.
fn markdown_images(text: &str, taken: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("![").map(|i| i + from) {
        from = start + 2;
        if taken.iter().any(|f| f.range.contains(&start)) {
            continue;
        }
        let Some(close) = text[start + 2..].find("](").map(|i| i + start + 2) else {
            continue;
        };
        let alt = &text[start + 2..close];
        let Some(end) = text[close + 2..].find(')').map(|i| i + close + 2) else {
            continue;
        };
        let inner = &text[close + 2..end];
        // `(dest "title")`: the file is the first word.
        let dest = inner.split_whitespace().next().unwrap_or("");
        if alt.contains('\n') || dest.is_empty() || dest.contains("://") {
            continue;
        }
        let lead = inner.len() - inner.trim_start().len();
        out.push(Found {
            range: start..end + 1,
            dest: dest
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string(),
            at: close + 2 + lead,
            alt: Some(alt.to_string()),
        });
        from = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::LineIndex;
    use crate::base::path::RelPath;
    use crate::parse::markdown::{MarkdownOptions, RepoLinks};

    /// The options of a Docusaurus page `docs/<id>.mdx` with a `static/` folder.
    fn docusaurus<'a>(
        path: &'a RelPath,
        statics: &'a [String],
        id: &'a str,
        url: &'a str,
    ) -> MarkdownOptions<'a> {
        MarkdownOptions {
            repo_links: Some(RepoLinks {
                content: "docs",
                url,
                versions: &[],
                statics,
                statics_up: false,
                instances: &[],
                docs_dir: "docs",
                foreign: &[],
            }),
            routes: true,
            hugo_pages: None,
            mkdocs_ids: None,
            attr_list: Default::default(),
            marks: Default::default(),
            path,
            page_id: id,
            phase_level: 2,
            line_offset: 0,
        }
    }

    fn found(text: &str, html: bool) -> Vec<(String, String, Option<String>)> {
        let path = RelPath::new("docs/guide/setup.mdx");
        let statics = ["static".to_string()];
        let opts = docusaurus(&path, &statics, "guide/setup", "guide/setup.html");
        let ctx = Ctx {
            body: text,
            opts: &opts,
            index: LineIndex::new(text),
        };
        find(text, html, &ctx)
            .into_iter()
            .map(|f| (text[f.range].to_string(), f.dest, f.alt))
            .collect()
    }

    #[test]
    fn finds_html_jsx_and_ideal_image_sources() {
        assert_eq!(
            found(
                "<p><img class=\"x\" src=\"/img/a.png\" alt=\"A\"></p>",
                true
            ),
            [("\"/img/a.png\"".into(), "/img/a.png".into(), None)]
        );
        assert_eq!(
            found(
                "See <img src={require('@site/static/img/b.png').default} alt=\"B\" /> here",
                false
            ),
            [(
                "<img src={require('@site/static/img/b.png').default} alt=\"B\" />".into(),
                "/img/b.png".into(),
                Some("B".into())
            )]
        );
        assert_eq!(
            found("<Image img={require('./img/c.png')} alt={'C'}/>", false),
            [(
                "<Image img={require('./img/c.png')} alt={'C'}/>".into(),
                "./img/c.png".into(),
                Some("C".into())
            )]
        );
        assert_eq!(
            found(
                "<img src={useBaseUrl(\"/img/d.svg\")} style={{width: 10}} />",
                false
            )[0]
            .1,
            "/img/d.svg"
        );
        assert_eq!(
            found(
                "<img src={require('@site/docs/guide/e.png').default} />",
                false
            )[0]
            .1,
            "e.png"
        );
    }

    #[test]
    fn finds_markdown_images_in_raw_html_only() {
        let html = "<div className=\"row\">\n![Logo](/img/logo.png \"The logo\")\n</div>\n";
        assert_eq!(
            found(html, true),
            [(
                "![Logo](/img/logo.png \"The logo\")".into(),
                "/img/logo.png".into(),
                Some("Logo".into())
            )]
        );
        assert_eq!(found(html, false), []);
    }

    #[test]
    fn a_code_block_keeps_its_jsx_as_written() {
        let path = RelPath::new("docs/a.mdx");
        let statics = ["static".to_string()];
        let opts = docusaurus(&path, &statics, "a", "a.html");
        let body = "```jsx\n<img src={require('@site/static/img/a.png').default} />\n```\n\n<img src={require('@site/static/img/b.png').default} />\n";
        let mut diags = crate::base::diag::Diagnostics::new();
        let doc = crate::parse::markdown::render(body, &opts, &mut diags);
        let html = doc.html.to_string();
        assert!(html.contains(">@site/static/img/a.png<"), "{html}");
        assert!(html.contains("<img src=\"img/b.png\" alt=\"\">"), "{html}");
        let dests: Vec<&str> = doc.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["/img/b.png"]);
    }

    #[test]
    fn leaves_urls_data_and_other_expressions_alone() {
        for text in [
            "<img src=\"https://cdn.example.com/a.png\">",
            "<img src=\"data:image/png;base64,AAAA\">",
            "<img src={logo} />",
            "<img src={`${base}/a.png`} />",
            "<imgx src=\"/a.png\">",
            "<img src=\"/a.png\"",
        ] {
            assert_eq!(found(text, true), [], "{text}");
        }
    }
}
