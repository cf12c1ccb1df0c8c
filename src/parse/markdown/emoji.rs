//! Emoji pass: GitHub's emoji shortcodes in text (`:rocket:`, `:white_check_mark:`)
//! become the emoji, as GitHub, MkDocs Material and Docusaurus show them. The list is
//! GitHub's (gemoji), from the `emojis` crate, so nothing is fetched at run time. Code
//! (inline and blocks) and raw HTML are left alone, and so is a `:word:` that is no
//! shortcode (`12:30:45`, `:param:`).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Events;

pub(crate) fn run(events: Events<'_>) -> Events<'_> {
    let mut in_code = 0usize;
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code += 1;
                    Event::Start(Tag::CodeBlock(kind))
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = in_code.saturating_sub(1);
                    Event::End(TagEnd::CodeBlock)
                }
                Event::Text(text) if in_code == 0 && text.contains(':') => match replace(&text) {
                    Some(new) => Event::Text(CowStr::from(new)),
                    None => Event::Text(text),
                },
                other => other,
            };
            (event, range)
        })
        .collect()
}

/// `text` with every known `:shortcode:` replaced; `None` when there is none.
fn replace(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')));
        match end {
            Some(len) if len > 0 && after[len..].starts_with(':') => {
                let code = &after[..len];
                if let Some(emoji) = emojis::get_by_shortcode(code) {
                    out.push_str(&rest[..start]);
                    out.push_str(emoji.as_str());
                    rest = &after[len + 1..];
                    changed = true;
                    continue;
                }
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    #[test]
    fn shortcodes_become_emoji_outside_code() {
        assert_eq!(replace("Ship it :rocket:!").as_deref(), Some("Ship it 🚀!"));
        assert_eq!(
            replace(":white_check_mark::x: done").as_deref(),
            Some("✅❌ done")
        );
        assert_eq!(replace("at 12:30:45, :not_an_emoji_at_all:"), None);
        let (doc, _) =
            render_page("# T\n\n- [ ] Deploy :rocket:\n\n`:rocket:`\n\n```\n:rocket:\n```\n");
        let html = doc.html.to_string();
        assert!(html.contains("Deploy 🚀"), "{html}");
        assert_eq!(html.matches(":rocket:").count(), 2, "{html}");
        // The item's id comes from its text as written.
        assert_eq!(doc.items[0].id(), "p/deploy-rocket");
    }
}
