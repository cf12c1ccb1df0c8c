//! Stage 3: the plain text of a page's body HTML, per H2/H3 section, for the search
//! index (`search.rs`). Made once per parsed file, so a file unchanged between versions
//! or serve rebuilds is not read again. Pure.

use super::code::{BLOCK_END, BLOCK_START};
use crate::model::TextSection;

/// Splits body HTML at each `<h2 id=…>`/`<h3 id=…>`; text is tag-free. The `#`
/// permalinks of headings and items (`<a …>#</a>`) are not text. `codes` are the texts
/// of the code blocks in order (from `code::run`): a block's text is taken from there,
/// not from its highlighted spans, and its Copy button is not text.
pub(crate) fn sections(html: &str, codes: &[String]) -> Vec<TextSection> {
    let mut codes = codes.iter();
    let mut out = vec![TextSection {
        id: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    let mut rest = html;
    // Whether `rest` starts right after a tag's `>`.
    let mut after_tag = false;
    while let Some(at) = next_heading(rest) {
        push_text(out.last_mut(), &rest[..at], after_tag, &mut codes);
        let tail = &rest[at..];
        let Some(close) = tail.find("</h") else {
            rest = tail;
            break;
        };
        let open_end = tail.find('>').unwrap_or(0);
        let id = attr(&tail[..open_end], "id").unwrap_or_default();
        let mut heading = String::new();
        push_plain(&mut heading, &tail[open_end + 1..close], true, true);
        out.push(TextSection {
            id,
            heading,
            text: String::new(),
        });
        rest = tail[close..].split_once('>').map_or("", |(_, r)| r);
        after_tag = true;
    }
    push_text(out.last_mut(), rest, after_tag, &mut codes);
    out
}

/// Appends the text of `html` to the section, one space after what it has; code
/// blocks take their text from `codes` while it lasts.
fn push_text(
    section: Option<&mut TextSection>,
    mut html: &str,
    mut after_tag: bool,
    codes: &mut std::slice::Iter<'_, String>,
) {
    let Some(s) = section else { return };
    while let Some(start) = memchr::memmem::find(html.as_bytes(), BLOCK_START.as_bytes()) {
        let end = memchr::memmem::find(&html.as_bytes()[start..], BLOCK_END.as_bytes());
        let (Some(end), Some(code)) = (end, codes.as_slice().first()) else {
            break;
        };
        codes.next();
        push_plain(&mut s.text, &html[..start], true, after_tag);
        for word in code.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            if !s.text.is_empty() {
                s.text.push(' ');
            }
            s.text.push_str(word);
        }
        html = &html[start + end + BLOCK_END.len()..];
        after_tag = true;
    }
    push_plain(&mut s.text, html, true, after_tag);
}

/// Byte offset of the next `<h2 ` or `<h3 ` tag that has an `id`.
fn next_heading(html: &str) -> Option<usize> {
    static OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("<h"));
    let mut from = 0;
    // `<h` skips the spans of highlighted code at SIMD speed; `<` stopped at each.
    while let Some(i) = OPEN.find(&html.as_bytes()[from..]) {
        let at = from + i;
        let tag = &html.as_bytes()[at..];
        if tag.len() > 2
            && tag[1] == b'h'
            && matches!(tag[2], b'2' | b'3')
            && html[at..at + html[at..].find('>').unwrap_or(html.len() - at)].contains(" id=\"")
        {
            return Some(at);
        }
        from = at + 1;
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
#[cfg(test)]
pub(crate) fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    push_plain(&mut out, html, false, false);
    out
}

/// Appends the text of `html` to `out` (tags dropped, entities decoded, whitespace
/// collapsed), one space after `out`'s text when it has some. With `skip_permalinks`,
/// a `#` right between a tag's `>` and `</a>` is left out (`after_tag`: `html` starts
/// right after a `>`). One pass over the bytes; runs of plain ASCII are copied at once.
fn push_plain(out: &mut String, html: &str, skip_permalinks: bool, after_tag: bool) {
    let bytes = html.as_bytes();
    // A space is owed before the next visible character (whitespace or a tag was seen).
    let mut space = !out.is_empty();
    let mut i = usize::from(skip_permalinks && after_tag && html.starts_with("#</a>"));
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let Some(end) = memchr::memchr(b'>', &bytes[i..]) else {
                    return;
                };
                i += end + 1;
                space = true;
                if skip_permalinks && html[i..].starts_with("#</a>") {
                    i += 1;
                }
            }
            b'&' => {
                let (ch, len) = entity(&html[i..]).unwrap_or(('&', 1));
                i += len;
                if ch == ' ' {
                    space = true;
                    continue;
                }
                owed_space(out, &mut space);
                out.push(ch);
            }
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => {
                space = true;
                i += 1;
            }
            b if b.is_ascii() => {
                let run = bytes[i..]
                    .iter()
                    .position(|&b| ENDS_RUN[usize::from(b)])
                    .map_or(bytes.len(), |n| i + n);
                owed_space(out, &mut space);
                out.push_str(&html[i..run]);
                i = run;
            }
            _ => {
                let ch = html[i..].chars().next().unwrap_or(' ');
                i += ch.len_utf8();
                if ch.is_whitespace() {
                    space = true;
                } else {
                    owed_space(out, &mut space);
                    out.push(ch);
                }
            }
        }
    }
}

/// Bytes that end a run of plain ASCII text: non-ASCII, `<`, `&` and whitespace
/// (vertical tab included).
const ENDS_RUN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = !c.is_ascii() || matches!(c, b'<' | b'&') || c.is_ascii_whitespace() || c == 0x0b;
        b += 1;
    }
    t
};

fn owed_space(out: &mut String, space: &mut bool) {
    if *space && !out.is_empty() {
        out.push(' ');
    }
    *space = false;
}

/// The character of the entity `text` starts with, and the entity's length: the ones
/// pulldown-cmark and syntect write, numeric ones (`&#8212;`, `&#x2014;`), and the
/// named ones authors write by hand in raw HTML (`&nbsp;` is a plain space in search).
fn entity(text: &str) -> Option<(char, usize)> {
    if let Some(found) = ENTITIES
        .iter()
        .chain(AUTHORED.iter())
        .find(|(name, _)| text.starts_with(name))
    {
        return Some((found.1, found.0.len()));
    }
    let rest = text.strip_prefix("&#")?;
    let end = rest.find(';').filter(|&e| e <= 8)?;
    let code = match rest[..end].strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => rest[..end].parse().ok()?,
    };
    let ch = char::from_u32(code).filter(|c| !c.is_control())?;
    Some((ch, end + 3))
}

/// Named entities people type in raw HTML, for search text.
const AUTHORED: [(&str, char); 14] = [
    ("&nbsp;", ' '),
    ("&mdash;", '—'),
    ("&ndash;", '–'),
    ("&hellip;", '…'),
    ("&middot;", '·'),
    ("&bull;", '•'),
    ("&rarr;", '→'),
    ("&larr;", '←'),
    ("&laquo;", '«'),
    ("&raquo;", '»'),
    ("&copy;", '©'),
    ("&reg;", '®'),
    ("&trade;", '™'),
    ("&times;", '×'),
];

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
        let s = sections(html, &[]);
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
        decode(&authored_reference(&raw))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Named entities of `AUTHORED` and numeric ones replaced, left to right, before
    /// `decode` does the rest (so `&amp;#32;` stays `&#32;`).
    fn authored_reference(raw: &str) -> String {
        let mut out = String::new();
        let mut rest = raw;
        'scan: while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            let here = &rest[at..];
            for (name, ch) in AUTHORED {
                if let Some(after) = here.strip_prefix(name) {
                    out.push(ch);
                    rest = after;
                    continue 'scan;
                }
            }
            if let Some(num) = here.strip_prefix("&#")
                && let Some(end) = num.find(';').filter(|&e| e <= 8)
            {
                let digits = &num[..end];
                let code = match digits.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => digits.parse().ok(),
                };
                if let Some(ch) = code.and_then(char::from_u32).filter(|c| !c.is_control()) {
                    out.push(ch);
                    rest = &num[end + 1..];
                    continue;
                }
            }
            out.push('&');
            rest = &here[1..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn authored_and_numeric_entities_decode() {
        assert_eq!(
            plain_text(
                "<p>Wait&nbsp;&nbsp;30&nbsp;s &mdash; then &#8594; go &#x2713;&#0; &bogus;</p>"
            ),
            "Wait 30 s — then → go ✓&#0; &bogus;"
        );
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

    /// What `sections` did before it became one pass over the bytes.
    fn sections_reference(html: &str) -> Vec<TextSection> {
        // Repeated, so that `>#</a>#</a>` loses both hashes, as one pass over it does.
        let mut html = html.to_string();
        while html.contains(">#</a>") {
            html = html.replace(">#</a>", "></a>");
        }
        let mut rest = html.as_str();
        let mut out = vec![TextSection {
            id: String::new(),
            heading: String::new(),
            text: String::new(),
        }];
        let push = |s: &mut TextSection, html: &str| {
            let text = plain_text_reference(html);
            if !text.is_empty() {
                if !s.text.is_empty() {
                    s.text.push(' ');
                }
                s.text.push_str(&text);
            }
        };
        while let Some(at) = next_heading(rest) {
            push(out.last_mut().unwrap(), &rest[..at]);
            let tail = &rest[at..];
            let Some(close) = tail.find("</h") else {
                rest = tail;
                break;
            };
            let open_end = tail.find('>').unwrap_or(0);
            out.push(TextSection {
                id: attr(&tail[..open_end], "id").unwrap_or_default(),
                heading: plain_text_reference(&tail[open_end + 1..close]),
                text: String::new(),
            });
            rest = tail[close..].split_once('>').map_or("", |(_, r)| r);
        }
        push(out.last_mut().unwrap(), rest);
        out
    }

    proptest::proptest! {
        #[test]
        fn sections_match_the_reference(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "<h2 id=\"a\">", "<h3 id=\"b&amp;c\">", "<h2>", "<h4 id=\"d\">", "</h2>",
                "</h3>", "<a class=\"anchor\" href=\"#a\">", "#", "</a>", "<p>", "</p>",
                "word", "é", " ", "\n", "&amp;", "&lt;", "\u{a0}", "<code>x</code>", "#</a>",
            ]),
            0..30,
        )) {
            let html = parts.concat();
            proptest::prop_assert_eq!(sections(&html, &[]), sections_reference(&html));
        }
    }

    #[test]
    fn code_block_text_comes_from_the_code_not_its_spans() {
        let block =
            |inner: &str| format!("{BLOCK_START}<code class=\"language-sh\">{inner}{BLOCK_END}");
        let html = format!(
            "<p>Run</p>{}<h2 id=\"b\">B</h2>{}<p>after</p>{}",
            block("<span class=\"hl-x\">kubectl</span> --n<span>=</span>prod &lt;x&gt;\n"),
            block("<span>a</span>\n\n  b\n"),
            block("<span>left</span> over\n"),
        );
        let codes = [
            "kubectl --n=prod <x>\n".to_string(),
            "a\n\n  b\n".to_string(),
        ];
        let s = sections(&html, &codes);
        assert_eq!(
            s[0].text, "Run kubectl --n=prod <x>",
            "no Copy button, no span gaps"
        );
        // Codes run out: the third block's text comes from its HTML, button and all.
        assert_eq!(s[1].text, "a b after Copy left over");
    }

    #[test]
    fn rendered_pages_give_each_code_block_its_own_text() {
        let (doc, _) = crate::parse::markdown::test_support::render_page(
            "Intro\n\n```bash\nkubectl get pods --namespace=prod\n```\n\n## Next\n\n```\na < b\n```\n",
        );
        assert_eq!(
            doc.sections[0].text,
            "Intro kubectl get pods --namespace=prod"
        );
        assert_eq!(doc.sections[1].text, "a < b");
    }

    #[test]
    fn sections_drop_permalink_hashes_only() {
        let s = sections(
            "<h2 id=\"a\"><a href=\"#a\">#</a>A</h2><p># not a link</p><li><a href=\"#i\">#</a>item</li>",
            &[],
        );
        assert_eq!(s[1].heading, "A");
        assert_eq!(s[1].text, "# not a link item");
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
            let _ = sections(html, &[]);
        }
    }
}
