//! Alert pass: GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`) and admonition block quotes whose first paragraph starts with a bold
//! label (`**Note:**`, `**Tip:**`, `**Warning:**`, `**Important:**`, `**Caution:**`,
//! `**Danger:**`; colon inside or outside the bold) become
//! `<div class="alert alert-note" role="note"><p class="alert-title">Note</p>…</div>`.
//! The bold label is removed, since the title shows it. Other quotes are left alone.
//! The quotes `admonitions.rs` made from MkDocs and Docusaurus admonitions get their
//! own class and title, and the collapsible ones are `<details class="alert …">`.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Parser, Tag, TagEnd, TextMergeStream};

use super::Events;
use super::admonitions::Found;

/// What closes an open block quote.
#[derive(Clone, Copy)]
enum Close {
    /// A plain quote: its own end.
    Quote,
    Div,
    Details,
}

const LABELS: &[&str] = &["note", "tip", "important", "warning", "caution", "danger"];

pub(crate) fn run<'a>(events: Events<'a>, found: &[Found]) -> Events<'a> {
    // Admonitions are recognised on the borrowed list (they look ahead), then the
    // events are moved, not cloned, into the new list.
    let mut admonitions = events
        .iter()
        .enumerate()
        .filter(|(_, (e, _))| matches!(e, Event::Start(Tag::BlockQuote(None))))
        .filter_map(|(k, _)| Some((k, admonition(&events, k)?)))
        .collect::<Vec<_>>()
        .into_iter()
        .peekable();
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    // One entry per open block quote: how it closes.
    let mut open: Vec<Close> = Vec::new();
    let mut skip_until = 0usize;
    for (k, (event, range)) in events.into_iter().enumerate() {
        if k < skip_until {
            continue;
        }
        let at = range.start..range.start;
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                match found.iter().find(|f| f.at == range.start) {
                    Some(f) => {
                        let (html, close) = open_found(f);
                        out.push((Event::Html(html.into()), range));
                        open.push(close);
                    }
                    None => {
                        out.push((Event::Html(open_div(kind_label(kind)).into()), range));
                        open.push(Close::Div);
                    }
                }
            }
            Event::Start(Tag::BlockQuote(None)) => {
                while admonitions.next_if(|(at_k, _)| *at_k < k).is_some() {}
                match admonitions.next_if(|(at_k, _)| *at_k == k) {
                    Some((_, adm)) => {
                        out.push((Event::Html(open_div(adm.label).into()), range));
                        out.push((Event::Start(Tag::Paragraph), at.clone()));
                        if let Some(rest) = adm.rest {
                            out.push((Event::Text(rest), at));
                        }
                        skip_until = adm.resume;
                        open.push(Close::Div);
                    }
                    None => {
                        out.push((event, range));
                        open.push(Close::Quote);
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match open.pop() {
                Some(Close::Div) => out.push((Event::Html("</div>\n".into()), range)),
                Some(Close::Details) => out.push((Event::Html("</details>\n".into()), range)),
                _ => out.push((event_end_quote(), range)),
            },
            event => out.push((event, range)),
        }
    }
    out
}

/// A recognised admonition: its label, the text left after the label, and the index
/// of the first event after what was consumed.
struct Admonition<'a> {
    label: &'static str,
    rest: Option<CowStr<'a>>,
    resume: usize,
}

/// Matches `Start(Paragraph) Start(Strong) Text(label[:]) End(Strong) [Text(":…")]`
/// right after the quote's start at `k`.
fn admonition<'a>(events: &Events<'a>, k: usize) -> Option<Admonition<'a>> {
    let ev = |i: usize| events.get(k + i).map(|(e, _)| e);
    if !matches!(ev(1)?, Event::Start(Tag::Paragraph))
        || !matches!(ev(2)?, Event::Start(Tag::Strong))
    {
        return None;
    }
    let Event::Text(word) = ev(3)? else {
        return None;
    };
    if !matches!(ev(4)?, Event::End(TagEnd::Strong)) {
        return None;
    }
    let word = word.trim();
    let (name, colon_inside) = match word.strip_suffix(':') {
        Some(name) => (name.trim_end(), true),
        None => (word, false),
    };
    let label = LABELS.iter().find(|l| l.eq_ignore_ascii_case(name))?;
    let mut resume = k + 5;
    let mut rest = None;
    if let Some(Event::Text(after)) = ev(5) {
        let tail = if colon_inside {
            Some(after.as_ref())
        } else {
            after.strip_prefix(':')
        };
        let tail = tail?.trim_start();
        if !tail.is_empty() {
            rest = Some(CowStr::from(tail.to_string()));
        }
        resume += 1;
    } else if !colon_inside {
        return None;
    }
    // A break right after the label would start the text with an empty line.
    if rest.is_none()
        && matches!(
            events.get(resume).map(|(e, _)| e),
            Some(Event::SoftBreak | Event::HardBreak)
        )
    {
        resume += 1;
    }
    Some(Admonition {
        label: title_of(label),
        rest,
        resume,
    })
}

fn title_of(label: &str) -> &'static str {
    match label {
        "note" => "Note",
        "tip" => "Tip",
        "important" => "Important",
        "warning" => "Warning",
        "caution" => "Caution",
        _ => "Danger",
    }
}

fn kind_label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    }
}

/// The end of a plain block quote, as it was.
fn event_end_quote<'a>() -> Event<'a> {
    Event::End(TagEnd::BlockQuote(None))
}

/// The opening HTML of an admonition from another tool, and what closes it. Its title
/// is not here: `titles` put it among the events already.
fn open_found(f: &Found) -> (String, Close) {
    let class = f.class;
    match f.collapsible {
        Some(open) => {
            let open = if open { " open" } else { "" };
            (
                format!("<details class=\"alert alert-{class}\"{open}>\n"),
                Close::Details,
            )
        }
        None => (
            format!("<div class=\"alert alert-{class}\" role=\"note\">\n"),
            Close::Div,
        ),
    }
}

/// Puts each admonition's title (`Found::title`) right after its quote's start, as
/// events, so that the title's inline Markdown (code, emphasis, links) renders as
/// Python-Markdown renders it, and `links.rs`, which runs next, records and checks its
/// links like the body's, at the admonition's line. Raw HTML in a title is shown as
/// text. A collapsible admonition without a title is titled "Details".
pub(crate) fn titles<'a>(events: Events<'a>, found: &[Found]) -> Events<'a> {
    if found.is_empty() {
        return events;
    }
    let mut out: Events<'a> = Vec::with_capacity(events.len() + found.len() * 4);
    for (event, range) in events {
        let starts = matches!(event, Event::Start(Tag::BlockQuote(Some(_))));
        let at = range.start..range.start;
        out.push((event, range));
        let Some(f) = found.iter().find(|f| starts && f.at == at.start) else {
            continue;
        };
        let (open, close, title) = match f.collapsible {
            Some(_) if f.title.is_empty() => {
                ("<summary class=\"alert-title\">", "</summary>\n", "Details")
            }
            Some(_) => (
                "<summary class=\"alert-title\">",
                "</summary>\n",
                f.title.as_str(),
            ),
            None if f.title.is_empty() => continue,
            None => ("<p class=\"alert-title\">", "</p>\n", f.title.as_str()),
        };
        out.push((Event::Html(open.into()), at.clone()));
        out.extend(inline(title).into_iter().map(|e| (e, at.clone())));
        out.push((Event::Html(close.into()), at));
    }
    out
}

/// The inline events of one line of Markdown: never a block (a title starting `# `,
/// `- ` or `1. ` is text), raw HTML as text.
fn inline(title: &str) -> Vec<Event<'static>> {
    let source = unblock(title.trim());
    let options = pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    for event in TextMergeStream::new(Parser::new_ext(&source, options)) {
        match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Html(t) | Event::InlineHtml(t) => out.push(Event::Text(t.into_static())),
            Event::SoftBreak | Event::HardBreak => out.push(Event::Text(" ".into())),
            Event::Start(Tag::Heading { .. } | Tag::HtmlBlock | Tag::CodeBlock(_))
            | Event::End(TagEnd::Heading(_) | TagEnd::HtmlBlock | TagEnd::CodeBlock) => {}
            event => out.push(event.into_static()),
        }
    }
    out
}

/// `text` with a backslash before what would start a block (`# `, `> `, `- `, `+ `,
/// `* `, `1. `, `***`, `~~~`), so that it stays one paragraph; `**bold**` and
/// `~~struck~~` stay as they are.
fn unblock(text: &str) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    let b = text.as_bytes();
    let rule = |c: u8| b.iter().all(|&x| x == c || x == b' ') && b.len() >= 3;
    let block = match b.first() {
        Some(b'#' | b'>' | b'-' | b'+' | b'=') => true,
        Some(b'*') => b.get(1) == Some(&b' ') || rule(b'*'),
        Some(b'_') => rule(b'_'),
        Some(b'~') => text.starts_with("~~~"),
        Some(b'`') => text.starts_with("```") && !text[3..].contains('`'),
        _ => false,
    };
    if block {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

fn open_div(title: &str) -> String {
    let class = title.to_ascii_lowercase();
    format!(
        "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n"
    )
}

#[cfg(test)]
mod tests {
    use crate::parse::markdown::test_support::render_page;

    fn html(body: &str) -> String {
        render_page(body).0.html.to_string()
    }

    #[test]
    fn github_alerts_become_divs() {
        for (src, class, title) in [
            ("NOTE", "note", "Note"),
            ("TIP", "tip", "Tip"),
            ("IMPORTANT", "important", "Important"),
            ("WARNING", "warning", "Warning"),
            ("CAUTION", "caution", "Caution"),
        ] {
            let h = html(&format!("> [!{src}]\n> Body text\n"));
            assert_eq!(
                h,
                format!(
                    "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n<p>Body text</p>\n</div>\n"
                ),
            );
        }
    }

    #[test]
    fn admonitions_with_colon_inside_or_outside() {
        let expected = "<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n<p>Do not <em>skip</em> this.</p>\n</div>\n";
        assert_eq!(html("> **Warning:** Do not *skip* this.\n"), expected);
        assert_eq!(html("> **Warning**: Do not *skip* this.\n"), expected);
        assert!(html("> **Danger:** x\n").contains("alert-danger"));
        assert!(html("> **note:** x\n").contains("<p class=\"alert-title\">Note</p>"));
    }

    #[test]
    fn label_on_its_own_line() {
        assert_eq!(
            html("> **Tip:**\n> Use the cache.\n"),
            "<div class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">Tip</p>\n<p>Use the cache.</p>\n</div>\n"
        );
    }

    #[test]
    fn plain_quotes_stay_quotes() {
        assert_eq!(
            html("> just a quote\n"),
            "<blockquote>\n<p>just a quote</p>\n</blockquote>\n"
        );
        assert!(html("> **Bold** statement\n").contains("<blockquote>"));
        assert!(html("> **Notes** here\n").contains("<blockquote>"));
        assert!(html("> **Note** without colon\n").contains("<blockquote>"));
    }

    #[test]
    fn nested_quotes_close_correctly() {
        let h = html("> [!NOTE]\n> outer\n> > inner\n");
        assert_eq!(h.matches("<blockquote>").count(), 1, "{h}");
        assert_eq!(h.matches("</div>").count(), 1, "{h}");
        assert!(
            h.find("</blockquote>").unwrap() < h.find("</div>").unwrap(),
            "{h}"
        );
    }

    #[test]
    fn other_tools_admonitions_render_as_alerts() {
        let page = "# P\n\n!!! warning \"Back up <first>\"\n    - [ ] Take a snapshot\n\n???+ tip\n    Open by default.\n\n:::danger[Point of no return]\nDrop the old table.\n:::\n";
        let (doc, diags) = render_page(page);
        assert!(diags.is_empty(), "{diags:?}");
        let html = doc.html.to_string();
        assert!(
            html.contains("<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Back up &lt;first&gt;</p>"),
            "{html}"
        );
        assert!(
            html.contains("<details class=\"alert alert-tip\" open>\n<summary class=\"alert-title\">Tip</summary>\n<p>Open by default.</p>\n</details>"),
            "{html}"
        );
        assert!(html.contains("<p class=\"alert-title\">Point of no return</p>\n<p>Drop the old table.</p>\n</div>"), "{html}");
        assert!(!html.contains("!!!") && !html.contains(":::"), "{html}");
        // The item inside keeps its line.
        assert_eq!(doc.items.len(), 1);
        assert_eq!(doc.items[0].line, 4);
    }

    #[test]
    fn titles_render_inline_markdown_and_record_their_links() {
        let page = "# P\n\ntext\n\n!!! note \"Use `kubectl` **carefully**\"\n    Body.\n\n??? tip \"See [the runbook](ops/x.md)\"\n    Hidden.\n\n:::warning[Mind `<b>` _here_]\nBody.\n:::\n";
        let (doc, diags) = render_page(page);
        assert!(diags.is_empty(), "{diags:?}");
        let html = doc.html.to_string();
        assert!(
            html.contains("<p class=\"alert-title\">Use <code>kubectl</code> <strong>carefully</strong></p>\n<p>Body.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<summary class=\"alert-title\">See <a href=\"ops/x.html\">the runbook</a></summary>\n<p>Hidden.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"alert-title\">Mind <code>&lt;b&gt;</code> <em>here</em></p>"),
            "{html}"
        );
        // The title's link is checked like the body's, at the admonition's line.
        let links: Vec<(&str, u32)> = doc
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.line))
            .collect();
        assert_eq!(links, [("ops/x.md", 8)]);
    }

    #[test]
    fn titles_stay_one_line_of_text() {
        for (title, shown) in [
            ("# Not a heading", "# Not a heading"),
            ("- not a list", "- not a list"),
            ("1. Step one", "1. Step one"),
            ("* star", "* star"),
            ("**bold** start", "<strong>bold</strong> start"),
            ("~~old~~ new", "<del>old</del> new"),
            (
                "<script>x</script> raw",
                "&lt;script&gt;x&lt;/script&gt; raw",
            ),
        ] {
            let html = html(&format!("!!! note \"{title}\"\n    Body.\n"));
            let want = format!("<p class=\"alert-title\">{shown}</p>\n<p>Body.</p>");
            assert!(html.contains(&want), "{title}: {html}");
        }
        // A collapsible one without a title still has a summary.
        assert!(
            html("??? note \"\"\n    Body.\n")
                .contains("<summary class=\"alert-title\">Details</summary>")
        );
        assert!(!html("!!! note \"\"\n    Body.\n").contains("alert-title"));
    }
}
