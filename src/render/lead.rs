//! Where a runbook page's introduction ends (issue 20, reading order): the page shows
//! its H1 and introduction first, then the progress board, then the rest. The body HTML
//! is cut before its first top-level `<h2>` or before the top-level block that holds the
//! first checklist item, whichever comes first; never inside an element. Pure.

/// Block elements that can hold a heading or an item: a tag inside them is not top level.
const CONTAINERS: &[&str] = &[
    "blockquote",
    "ul",
    "ol",
    "li",
    "div",
    "details",
    "table",
    "section",
    "dl",
    "aside",
    "figure",
];

/// `(lead, rest)` of a page's body HTML: `lead` is everything before the cut (the H1 and
/// the introduction), `rest` the body from it. No cut: the whole body is `rest`.
pub(crate) fn split(html: &str) -> (&str, &str) {
    let cut = cut(html).unwrap_or(0);
    html.split_at(cut)
}

fn cut(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    // Start of the top-level block being read (a tag opened at depth 0).
    let mut block = 0usize;
    let mut at = 0usize;
    while let Some(rel) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + rel;
        let rest = &html[lt + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
        let tag = &html[lt..end];
        if !closing && depth == 0 && !name.is_empty() {
            block = lt;
            if name == "h2" {
                return Some(lt);
            }
        }
        if !closing && tag.contains("class=\"task\"") {
            return Some(block);
        }
        if CONTAINERS.contains(&name.as_str()) && !tag.ends_with("/>") {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
            }
        }
        at = end.max(lt + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_before_the_first_top_level_h2() {
        let html = "<h1>Deploy</h1>\n<p>Why.</p>\n<h2 id=\"a\">A</h2>\n<p>x</p>\n<h2>B</h2>\n";
        assert_eq!(
            split(html),
            (
                "<h1>Deploy</h1>\n<p>Why.</p>\n",
                "<h2 id=\"a\">A</h2>\n<p>x</p>\n<h2>B</h2>\n"
            )
        );
    }

    #[test]
    fn cuts_before_the_list_of_the_first_item_when_it_comes_first() {
        let html = "<h1>D</h1>\n<p>Intro</p>\n<ul>\n<li class=\"task\" id=\"a\"><input type=\"checkbox\"></li>\n</ul>\n<h2>Phase</h2>\n";
        let (lead, rest) = split(html);
        assert_eq!(lead, "<h1>D</h1>\n<p>Intro</p>\n");
        assert!(rest.starts_with("<ul>"));
    }

    #[test]
    fn never_cuts_inside_an_element() {
        // An h2 in a quote, an item deep in a nested list: the cut is at the outer block.
        let html = "<h1>D</h1>\n<blockquote>\n<h2>Quoted</h2>\n</blockquote>\n<ol>\n<li>Step\n<ul>\n<li class=\"task\">x</li>\n</ul>\n</li>\n</ol>\n";
        let (lead, rest) = split(html);
        assert_eq!(
            lead,
            "<h1>D</h1>\n<blockquote>\n<h2>Quoted</h2>\n</blockquote>\n"
        );
        assert!(rest.starts_with("<ol>"));
        // Nothing to cut at: everything is the rest.
        assert_eq!(
            split("<h1>A</h1>\n<p>b</p>\n"),
            ("", "<h1>A</h1>\n<p>b</p>\n")
        );
        assert_eq!(split(""), ("", ""));
    }

    #[test]
    fn void_and_unknown_tags_do_not_count_as_nesting() {
        let html = "<p>a<br>b<img src=\"x\"/></p>\n<div/>\n<h2>X</h2>";
        assert_eq!(split(html).1, "<h2>X</h2>");
    }
}
