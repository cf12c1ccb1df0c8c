//! Stage 3: the plain text of a page's body HTML, per H2/H3 section, for the search
//! index (`search.rs`). Made once per parsed file, so a file unchanged between versions
//! or serve rebuilds is not read again. Pure.

use crate::model::TextSection;

/// Splits body HTML at each `<h2 id=…>`/`<h3 id=…>`; text is tag-free.
pub fn sections(html: &str) -> Vec<TextSection> {
    // The `#` permalinks of headings and items are not text.
    let html = html.replace(">#</a>", "></a>");
    let html = html.as_str();
    let mut out = vec![TextSection {
        id: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    let mut rest = html;
    while let Some(at) = next_heading(rest) {
        push_text(out.last_mut(), &rest[..at]);
        let tail = &rest[at..];
        let Some(close) = tail.find("</h") else {
            rest = tail;
            break;
        };
        let open_end = tail.find('>').unwrap_or(0);
        let id = attr(&tail[..open_end], "id").unwrap_or_default();
        let heading = plain_text(&tail[open_end + 1..close]);
        out.push(TextSection {
            id,
            heading,
            text: String::new(),
        });
        rest = tail[close..].split_once('>').map_or("", |(_, r)| r);
    }
    push_text(out.last_mut(), rest);
    out
}

fn push_text(section: Option<&mut TextSection>, html: &str) {
    if let Some(s) = section {
        let text = plain_text(html);
        if !text.is_empty() {
            if !s.text.is_empty() {
                s.text.push(' ');
            }
            s.text.push_str(&text);
        }
    }
}

/// Byte offset of the next `<h2 ` or `<h3 ` tag that has an `id`.
fn next_heading(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<h") {
        let at = from + i;
        let tag = &html[at..];
        if (tag.starts_with("<h2") || tag.starts_with("<h3"))
            && tag[..tag.find('>').unwrap_or(tag.len())].contains(" id=\"")
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(decode(&tag[start..start + len]))
}

/// Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    // A space is owed before the next visible character (whitespace or a tag was seen).
    let mut space = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let (ch, len) = match c {
            '<' => {
                rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
                space = true;
                continue;
            }
            '&' => entity(rest).unwrap_or(('&', 1)),
            c => (c, c.len_utf8()),
        };
        rest = &rest[len..];
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(ch);
    }
    out
}

/// The character of the entity `text` starts with, and the entity's length.
fn entity(text: &str) -> Option<(char, usize)> {
    ENTITIES
        .iter()
        .find(|(name, _)| text.starts_with(name))
        .map(|&(name, ch)| (ch, name.len()))
}

/// The entities pulldown-cmark and syntect write, decoded for search text.
const ENTITIES: [(&str, char); 6] = [
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
    ("&#x27;", '\''),
    ("&amp;", '&'),
];

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_split_at_h2_h3_with_ids() {
        let html = "<p>Intro &amp; more</p><h2 id=\"setup\"><a class=\"anchor\" href=\"#setup\">#</a>Set up</h2><p>Do <code>it</code></p><h3 id=\"b\">B</h3><ul><li>x</li></ul><h4 id=\"c\">C</h4><p>deep</p>";
        let s = sections(html);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].text, "Intro & more");
        assert_eq!(
            (s[1].id.as_str(), s[1].heading.as_str()),
            ("setup", "Set up")
        );
        assert_eq!(s[1].text, "Do it");
        assert_eq!(s[2].text, "x C deep");
    }

    /// What `plain_text` did before it became one pass: the reference it must match.
    fn plain_text_reference(html: &str) -> String {
        let mut raw = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    raw.push(' ');
                }
                '>' if in_tag => in_tag = false,
                _ if !in_tag => raw.push(c),
                _ => {}
            }
        }
        decode(&raw)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn plain_text_strips_tags_decodes_and_collapses() {
        for html in [
            "<p>Intro &amp; more</p>",
            "  a  <b>b</b>c\n\t d  ",
            "&amp;lt; &lt;tag&gt; &quot;q&quot; &#39;s&#x27; &unknown; & alone",
            "x > y <span class=\"hl-k\">if</span>&nbsp;z",
            "<unclosed tail",
            "é<br>ü\u{a0}ñ",
            "",
            "<>",
            "&",
            "a&amp",
        ] {
            assert_eq!(plain_text(html), plain_text_reference(html), "{html:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_text_matches_the_reference(html in "[ <>&a-z;#0-9\"\n\u{a0}é]{0,40}") {
            proptest::prop_assert_eq!(plain_text(&html), plain_text_reference(&html));
        }
    }

    #[test]
    fn sections_survive_broken_html() {
        for html in [
            "<h2 id=\"a\">no close",
            "<h2 id=\"",
            "<h",
            "<",
            "<h3 id=\"x\">é</h",
        ] {
            let _ = sections(html);
        }
    }
}
