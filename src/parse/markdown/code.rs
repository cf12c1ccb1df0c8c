//! Code pass: fenced and indented code blocks become
//! `<div class="code-block"><button … class="copy-code">Copy</button><pre><code
//! class="language-x">…</code></pre></div>`, highlighted by `highlight::highlight`
//! (CSS classes; unknown languages are escaped plain text). Text is kept exactly:
//! no trimming, tabs kept (ASCII diagrams stay aligned); CRLF becomes LF.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::{Events, escape};
use crate::parse::highlight;

/// The language of a block that is a diagram: `<pre class="mermaid">` with its text,
/// which the diagram script draws in the browser (`render::diagrams`); without
/// JavaScript the source shows.
pub(crate) const DIAGRAM: &str = "mermaid";

/// How every code block's HTML starts and ends (see `block_html`); between them only
/// escaped text and spans.
pub(crate) const BLOCK_START: &str = "<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden aria-label=\"Copy code\">Copy</button><pre>";
pub(crate) const BLOCK_END: &str = "</code></pre></div>\n";

/// The events with code blocks replaced by their HTML, each block's text in order
/// (for the search text, which then need not take it back out of the spans), and
/// where each block starts whose highlighter was given up on, with its language.
pub(crate) fn run(events: Events<'_>) -> (Events<'_>, Vec<String>, Vec<(usize, String)>) {
    let mut out = Vec::with_capacity(events.len());
    let mut codes = Vec::new();
    let mut given_up = Vec::new();
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            out.push((event, range));
            continue;
        };
        let mut code = String::new();
        let mut end = range.clone();
        for (e, r) in iter.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => {
                    end = r;
                    break;
                }
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => highlight::language_of(info),
            CodeBlockKind::Indented => None,
        };
        if code.contains('\r') {
            code = code.replace("\r\n", "\n");
        }
        let html = if lang.as_deref() == Some(DIAGRAM) {
            format!("<pre class=\"mermaid\">{}</pre>\n", escape(&code))
        } else {
            let (html, stopped) = block_html(lang.as_deref(), &code);
            if stopped {
                given_up.push((range.start, lang.clone().unwrap_or_default()));
            }
            html
        };
        out.push((Event::Html(html.into()), range.start..end.end));
        codes.push(code);
    }
    (out, codes, given_up)
}

/// The block's HTML, and whether its highlighter was given up on.
fn block_html(lang: Option<&str>, code: &str) -> (String, bool) {
    let class = lang.map_or(String::new(), |l| {
        format!(" class=\"language-{}\"", escape(l))
    });
    let (body, stopped) = highlight::highlight_watched(lang, code);
    (
        format!("{BLOCK_START}<code{class}>{body}{BLOCK_END}"),
        stopped,
    )
}

#[cfg(test)]
mod tests {
    use crate::parse::markdown::test_support::render_page;

    fn html(body: &str) -> String {
        render_page(body).0.html.to_string()
    }

    #[test]
    fn fenced_code_is_highlighted_with_language_class() {
        let h = html("```bash\necho \"hi\"\n```\n");
        assert!(h.starts_with("<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden aria-label=\"Copy code\">Copy</button><pre><code class=\"language-bash\">"), "{h}");
        assert!(h.contains("class=\"hl-"), "{h}");
        assert!(h.ends_with("</code></pre></div>\n"), "{h}");
    }

    #[test]
    fn indented_and_unknown_languages_are_plain_text() {
        assert_eq!(
            html("    a < b\n"),
            "<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden aria-label=\"Copy code\">Copy</button><pre><code>a &lt; b\n</code></pre></div>\n"
        );
        let h = html("```nosuchlang {title=x}\n<x>\n```\n");
        assert!(
            h.contains("<code class=\"language-nosuchlang\">&lt;x&gt;\n</code>"),
            "{h}"
        );
    }

    #[test]
    fn ascii_diagrams_keep_alignment_and_tabs() {
        let diagram = "  +---+\n  | a |\t-->\n  +---+\n";
        let h = html(&format!("```\n{diagram}```\n"));
        assert!(
            h.contains(&format!("<code>{}</code>", diagram.replace('>', "&gt;"))),
            "{h}"
        );
    }

    #[test]
    fn fence_inside_list_item_works() {
        let h = html("1. [ ] Run:\n\n   ```bash\n   ls -la\n   ```\n");
        assert!(h.contains("<code class=\"language-bash\">"), "{h}");
        assert!(!h.contains("```"), "{h}");
    }

    #[test]
    fn crlf_code_becomes_lf() {
        let h = html("```\r\na\r\nb\r\n```\r\n");
        assert!(h.contains("<code>a\nb\n</code>"), "{h}");
    }
}
