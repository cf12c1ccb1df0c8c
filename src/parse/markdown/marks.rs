//! (MkDocs) pymdown-extensions' inline marks, each when `markdown_extensions` lists
//! it, as MkDocs Material shows them: `==text==` (`pymdownx.mark`) is `<mark>`,
//! `^^text^^` (`pymdownx.caret`) is `<ins>`, `++ctrl+alt+del++` (`pymdownx.keys`) the
//! keys, each a `<kbd>` joined by `+`. The text between the marks must not begin or
//! end with a space, as the extensions require. A mark is read within one run of
//! plain text: one around emphasis, a link or code (`==**a**==`) is left as written;
//! so are code and raw HTML.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Events;
use crate::base::html::escape_text;
use crate::config::mkdocs_ext::InlineMarks;

pub(crate) fn run(events: Events<'_>, on: InlineMarks) -> Events<'_> {
    if on == InlineMarks::default() {
        return events;
    }
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    let mut in_code = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 => {
                if let Some(parts) = split(text, on) {
                    out.extend(parts.into_iter().map(|p| (p, range.clone())));
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// `text` as plain text and marks' HTML; `None` when it has no mark.
fn split(text: &str, on: InlineMarks) -> Option<Vec<Event<'static>>> {
    let delimiters: Vec<&str> = [(on.mark, "=="), (on.caret, "^^"), (on.keys, "++")]
        .into_iter()
        .filter_map(|(on, d)| on.then_some(d))
        .collect();
    let mut out: Vec<Event<'static>> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    'scan: while !rest.is_empty() {
        // The first opening delimiter whose mark closes.
        let mut best: Option<(usize, &str, usize, String)> = None;
        for d in &delimiters {
            let mut from = 0;
            while let Some(at) = rest[from..].find(d).map(|i| i + from) {
                if let Some((len, html)) = mark_at(&rest[at..], d) {
                    if best.as_ref().is_none_or(|b| at < b.0) {
                        best = Some((at, d, len, html));
                    }
                    break;
                }
                from = at + d.len();
            }
        }
        let Some((at, _, len, html)) = best else {
            plain.push_str(rest);
            break 'scan;
        };
        plain.push_str(&rest[..at]);
        if !plain.is_empty() {
            out.push(Event::Text(CowStr::from(std::mem::take(&mut plain))));
        }
        out.push(Event::InlineHtml(CowStr::from(html)));
        rest = &rest[at + len..];
    }
    if out.is_empty() {
        return None;
    }
    if !plain.is_empty() {
        out.push(Event::Text(CowStr::from(plain)));
    }
    Some(out)
}

/// The mark `s` starts with (its delimiter `d`): its length and its HTML.
fn mark_at(s: &str, d: &str) -> Option<(usize, String)> {
    let inner_and_rest = &s[d.len()..];
    let close = inner_and_rest.find(d)?;
    let inner = &inner_and_rest[..close];
    let spaced = |c: Option<char>| c.is_none_or(char::is_whitespace);
    if spaced(inner.chars().next()) || spaced(inner.chars().last()) {
        return None;
    }
    let html = match d {
        "==" => format!("<mark>{}</mark>", escape_text(inner)),
        "^^" => format!("<ins>{}</ins>", escape_text(inner)),
        _ => keys(inner)?,
    };
    Some((d.len() + close + d.len(), html))
}

/// `ctrl+alt+del` as keys: each a `<kbd>` named as keyboards show it (`Ctrl`, `Del`,
/// `C`), joined by `+`; `None` when a key is not a name (letters, digits, `-`, `_`).
fn keys(inner: &str) -> Option<String> {
    let names: Vec<&str> = inner.split('+').collect();
    let ok = names.iter().all(|k| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
    });
    if !ok {
        return None;
    }
    let shown: Vec<String> = names
        .iter()
        .map(|k| {
            let label = match k.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => "Ctrl".to_string(),
                "cmd" | "command" => "Cmd".to_string(),
                "del" | "delete" => "Del".to_string(),
                "esc" | "escape" => "Esc".to_string(),
                "option" | "opt" => "Option".to_string(),
                "pgup" | "page-up" => "Page Up".to_string(),
                "pgdn" | "page-down" => "Page Down".to_string(),
                other => {
                    let mut c = other.chars();
                    c.next().map_or_else(String::new, |f| {
                        f.to_uppercase()
                            .chain(c)
                            .collect::<String>()
                            .replace(['-', '_'], " ")
                    })
                }
            };
            format!(
                "<kbd class=\"key-{}\">{}</kbd>",
                k.to_ascii_lowercase(),
                escape_text(&label)
            )
        })
        .collect();
    Some(format!(
        "<span class=\"keys\">{}</span>",
        shown.join("<span>+</span>")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: InlineMarks = InlineMarks {
        mark: true,
        caret: true,
        keys: true,
    };

    fn html(md: &str, on: InlineMarks) -> String {
        crate::parse::markdown::test_support::html_after(md, |e| run(e, on))
    }

    #[test]
    fn marks_insertions_and_keys_are_shown_as_mkdocs_shows_them() {
        assert_eq!(
            html(
                "Set the type to ==q35== and ^^then^^ press ++ctrl+c++.\n",
                ALL
            ),
            "<p>Set the type to <mark>q35</mark> and <ins>then</ins> press <span class=\"keys\"><kbd class=\"key-ctrl\">Ctrl</kbd><span>+</span><kbd class=\"key-c\">C</kbd></span>.</p>\n"
        );
        assert_eq!(
            html("==a & b== and ++cmd+option++\n", ALL),
            "<p><mark>a &amp; b</mark> and <span class=\"keys\"><kbd class=\"key-cmd\">Cmd</kbd><span>+</span><kbd class=\"key-option\">Option</kbd></span></p>\n"
        );
    }

    #[test]
    fn without_the_extension_or_a_proper_mark_the_text_is_left_as_written() {
        let only_mark = InlineMarks {
            mark: true,
            ..InlineMarks::default()
        };
        assert_eq!(
            html("a == b == c, x++ and ++y, `==code==`, ++a b++\n", ALL),
            "<p>a == b == c, x++ and ++y, <code>==code==</code>, ++a b++</p>\n"
        );
        assert_eq!(
            html("^^ins^^ ++c++ ==m==\n", only_mark),
            "<p>^^ins^^ ++c++ <mark>m</mark></p>\n"
        );
        assert_eq!(
            html("```\n==x==\n```\n", ALL),
            "<pre><code>==x==\n</code></pre>\n"
        );
        assert_eq!(html("==x==\n", InlineMarks::default()), "<p>==x==</p>\n");
    }
}
