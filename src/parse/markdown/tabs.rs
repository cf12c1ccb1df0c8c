//! Content tabs: MkDocs (`=== "Title"` with its text indented 4 spaces; consecutive
//! blocks are one set, `===!` starts a new set, `===+` is the selected tab) and
//! Docusaurus (`<Tabs>` … `<TabItem value="x" label="Label" default>` … `</TabItem>`
//! … `</Tabs>`, each tag on its own line). `admonitions.rs` reads the lines (it owns
//! the rewrite of indented blocks, so tabs and admonitions nest either way) with the
//! header parsers here, and turns each tab into a block quote, as it does an
//! admonition; `run` then turns those quotes into the tab HTML:
//!
//! ```html
//! <div class="tabs">
//! <div class="tab-panel" data-selected><p class="tab-label">Title</p> … </div>
//! </div>
//! ```
//!
//! A Docusaurus set's `groupId` is `data-group` on the set and each tab's `value`
//! `data-value` on its panel: `tabs.js` switches the sets of one group together and
//! keeps the choice (localStorage `docusaurus.tab.<groupId>`, as Docusaurus does).
//! `queryString` (`queryString="os"`, or bare: the `groupId`) is `data-query`: the
//! choice is in the page's URL too (`?os=linux`), and a URL that has it chooses.
//!
//! The mdBook tabs of Kubernetes projects' books (the `tabulate` preprocessor of
//! kubebuilder and Cluster API: `{{#tabs name:"install" tabs:"Linux,macOS"}}` …
//! `{{#tab Linux}}` … `{{#/tab }}` … `{{#/tabs }}`, each on its own line) are read as
//! a Docusaurus set: each `{{#tab Name}}` a tab titled `Name`, the first one shown.
//!
//! Without JavaScript the panels read one after the other, each under its label; the
//! theme's `tabs.js` makes them a WAI-ARIA tab list. Whatever is in a tab (checklist
//! items, admonitions, code) is read as usual.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Events;
use crate::base::html::escape;

/// One tab found by the rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tab {
    /// Byte offset of its quote's `>` in the rewritten body.
    pub(crate) at: usize,
    pub(crate) title: String,
    /// Which set it belongs to (numbered in the page from 0).
    pub(crate) set: u32,
    /// `===+` or `default`: shown first.
    pub(crate) selected: bool,
    /// A Docusaurus tab's `value`.
    pub(crate) value: Option<String>,
    /// Its set's `groupId` and `queryString` key (Docusaurus).
    pub(crate) group: Option<String>,
    pub(crate) query: Option<String>,
}

/// What an MkDocs tab header says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) title: String,
    pub(crate) new_set: bool,
    pub(crate) selected: bool,
}

/// `=== "Title"`, `===! "Title"`, `===+ "Title"` (also `===+!`), at column 1.
pub(crate) fn mkdocs_header(line: &str) -> Option<Header> {
    let rest = line.strip_prefix("===")?;
    let flags = rest.find(' ').map_or(rest, |n| &rest[..n]);
    if !flags.chars().all(|c| c == '!' || c == '+') || flags.len() > 2 {
        return None;
    }
    let title = rest[flags.len()..].trim();
    let title = title.strip_prefix('"')?.strip_suffix('"')?;
    Some(Header {
        title: title.to_string(),
        new_set: flags.contains('!'),
        selected: flags.contains('+'),
    })
}

/// `<Tabs>` or `<Tabs groupId="os" …>` alone on its line (or mdBook's `{{#tabs …}}`).
pub(crate) fn is_tabs_open(line: &str) -> bool {
    let t = line.trim();
    (t.ends_with('>')
        && !t.ends_with("/>")
        && (t == "<Tabs>" || t.starts_with("<Tabs ") || t.starts_with("<Tabs\t")))
        || mdbook_directive(t, "tabs").is_some()
}

/// `</Tabs>` alone on its line (or mdBook's `{{#/tabs }}`).
pub(crate) fn is_tabs_close(line: &str) -> bool {
    let t = line.trim();
    t == "</Tabs>" || mdbook_directive(t, "/tabs").is_some_and(str::is_empty)
}

/// The arguments of the mdBook directive `{{#name args}}` that is the whole of `t`.
fn mdbook_directive<'t>(t: &'t str, name: &str) -> Option<&'t str> {
    let rest = t.strip_prefix("{{#")?.strip_prefix(name)?;
    let args = rest.strip_suffix("}}")?;
    (args.is_empty() || args.starts_with([' ', '\t'])).then(|| args.trim())
}

/// `<Tabs defaultValue="x">`'s `defaultValue`: the value of the tab shown first.
pub(crate) fn default_value(tabs_line: &str) -> Option<String> {
    attribute(tabs_line.trim().strip_suffix('>')?, "defaultValue")
}

/// `<Tabs groupId="os" queryString>`'s group and the key of its choice in the URL
/// (`queryString="key"`, or bare `queryString`: the group).
pub(crate) fn group_and_query(tabs_line: &str) -> (Option<String>, Option<String>) {
    let attrs = tabs_line.trim().strip_suffix('>').unwrap_or_default();
    let group = attribute(attrs, "groupId");
    let query = attribute(attrs, "queryString").or_else(|| {
        attrs
            .split_whitespace()
            .any(|w| w == "queryString" || w == "queryString={true}")
            .then(|| group.clone())
            .flatten()
    });
    (group, query)
}

/// `<TabItem value="x" label="Label" default>` alone on its line: its label (else its
/// value), whether it is the default tab (`default`, or its value is `default_value`),
/// and its value.
pub(crate) fn tab_item_open(
    line: &str,
    default_value: Option<&str>,
) -> Option<(String, bool, Option<String>)> {
    let t = line.trim();
    if let Some(name) = mdbook_directive(t, "tab").filter(|n| !n.is_empty()) {
        return Some((name.to_string(), false, None));
    }
    let attrs = t.strip_prefix("<TabItem")?.strip_suffix('>')?;
    if attrs.ends_with('/') || !(attrs.is_empty() || attrs.starts_with([' ', '\t'])) {
        return None;
    }
    let value = attribute(attrs, "value");
    let default = attrs
        .split_whitespace()
        .any(|w| w == "default" || w == "default={true}")
        || (value.is_some() && value.as_deref() == default_value);
    let label = attribute(attrs, "label").or_else(|| value.clone());
    Some((label.unwrap_or_default(), default, value))
}

/// `</TabItem>` alone on its line (or mdBook's `{{#/tab }}`).
pub(crate) fn is_tab_item_close(line: &str) -> bool {
    let t = line.trim();
    t == "</TabItem>" || mdbook_directive(t, "/tab").is_some_and(str::is_empty)
}

/// The value of `name="…"` (or `'…'`, or `{"…"}`) among JSX attributes.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest[..at].ends_with([' ', '\t']);
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        let Some(value) = after.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let value = value.trim_start();
        let value = value.strip_prefix('{').unwrap_or(value);
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        return inner.find(quote).map(|end| inner[..end].to_string());
    }
    None
}

/// Turns the quotes of `tabs` into tab sets and panels; other events pass as they are.
pub(crate) fn run<'a>(events: Events<'a>, tabs: &[Tab]) -> Events<'a> {
    if tabs.is_empty() {
        return events;
    }
    let mut out: Events<'_> = Vec::with_capacity(events.len() + tabs.len());
    // One entry per open block quote: `Some(last_of_its_set)` for a tab.
    let mut open: Vec<Option<bool>> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let found = kind
                    .is_some()
                    .then(|| tabs.iter().position(|t| t.at == range.start))
                    .flatten();
                let Some(k) = found else {
                    out.push((Event::Start(Tag::BlockQuote(kind)), range));
                    open.push(None);
                    continue;
                };
                let tab = &tabs[k];
                let first = tabs[..k].iter().all(|t| t.set != tab.set);
                let last = tabs[k + 1..].iter().all(|t| t.set != tab.set);
                let mut html = String::new();
                let data = |name: &str, v: &Option<String>| {
                    v.as_deref()
                        .map(|v| format!(" data-{name}=\"{}\"", escape(v)))
                        .unwrap_or_default()
                };
                if first {
                    html.push_str(&format!(
                        "<div class=\"tabs\"{}{}>\n",
                        data("group", &tab.group),
                        data("query", &tab.query)
                    ));
                }
                let selected = if tab.selected { " data-selected" } else { "" };
                html.push_str(&format!(
                    "<div class=\"tab-panel\"{selected}{}><p class=\"tab-label\">{}</p>\n",
                    data("value", &tab.value),
                    escape(&tab.title)
                ));
                out.push((Event::Html(html.into()), range));
                open.push(Some(last));
            }
            Event::End(TagEnd::BlockQuote(kind)) => match open.pop() {
                Some(Some(last)) => {
                    let html = if last { "</div>\n</div>\n" } else { "</div>\n" };
                    out.push((Event::Html(html.into()), range));
                }
                _ => out.push((Event::End(TagEnd::BlockQuote(kind)), range)),
            },
            event => out.push((event, range)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    #[test]
    fn mkdocs_headers() {
        let h = |title: &str, new_set, selected| {
            Some(Header {
                title: title.into(),
                new_set,
                selected,
            })
        };
        assert_eq!(mkdocs_header("=== \"Linux\""), h("Linux", false, false));
        assert_eq!(mkdocs_header("===! \"A b\""), h("A b", true, false));
        assert_eq!(mkdocs_header("===+ \"C\""), h("C", false, true));
        assert_eq!(mkdocs_header("===+! \"D\""), h("D", true, true));
        for no in [
            "===",
            "=== Linux",
            "====== \"x\"",
            "  === \"x\"",
            "===x \"y\"",
        ] {
            assert_eq!(mkdocs_header(no), None, "{no:?}");
        }
    }

    #[test]
    fn tab_items() {
        assert_eq!(
            tab_item_open("  <TabItem value=\"apt\" label=\"Debian\" default>", None),
            Some(("Debian".into(), true, Some("apt".into())))
        );
        assert_eq!(
            tab_item_open("<TabItem value='brew'>", None),
            Some(("brew".into(), false, Some("brew".into())))
        );
        let default = default_value("<Tabs defaultValue=\"brew\">");
        assert_eq!(default.as_deref(), Some("brew"));
        assert_eq!(
            tab_item_open("<TabItem value='brew'>", default.as_deref()),
            Some(("brew".into(), true, Some("brew".into())))
        );
        assert_eq!(tab_item_open("<TabItems>", None), None);
        assert_eq!(tab_item_open("<TabItem value=\"x\" />", None), None);
        assert!(is_tabs_open("<Tabs groupId=\"os\">") && is_tabs_open("<Tabs>"));
        assert!(!is_tabs_open("<Tabs/>") && !is_tabs_open("<Tabsy>"));
        let os = || Some("os".to_string());
        assert_eq!(group_and_query("<Tabs>"), (None, None));
        assert_eq!(group_and_query("<Tabs groupId=\"os\">"), (os(), None));
        assert_eq!(
            group_and_query("<Tabs groupId=\"os\" queryString>"),
            (os(), os())
        );
        assert_eq!(
            group_and_query("<Tabs groupId=\"os\" queryString={true}>"),
            (os(), os())
        );
        assert_eq!(
            group_and_query("<Tabs queryString=\"platform\">"),
            (None, Some("platform".into()))
        );
    }

    /// The rendered body with the checkbox markup cut to `[ ]`, for short asserts.
    fn html(body: &str) -> String {
        let (doc, d) = render_page(body);
        assert!(d.is_empty(), "{d:?}");
        doc.html.to_string()
    }

    #[test]
    fn mkdocs_tabs_make_one_set_with_checklists_and_admonitions_inside() {
        let body = "# T\n\n=== \"Linux\"\n\n    - [ ] Install the agent\n\n    !!! warning\n        Needs root.\n\n===+ \"macOS\"\n    Use brew.\n\nAfter.\n";
        let (doc, d) = render_page(body);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(doc.items.len(), 1, "the task in a tab is an item");
        assert_eq!(doc.items[0].line, 5);
        let html = doc.html.to_string();
        assert_eq!(html.matches("<div class=\"tabs\">").count(), 1, "{html}");
        assert!(
            html.contains("<div class=\"tab-panel\"><p class=\"tab-label\">Linux</p>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"tab-panel\" data-selected><p class=\"tab-label\">macOS</p>\n<p>Use brew.</p>\n</div>\n</div>\n<p>After.</p>"),
            "{html}"
        );
        assert!(html.contains("class=\"alert alert-warning\""), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
    }

    #[test]
    fn a_bang_or_other_text_starts_a_new_set() {
        let html = html("=== \"A\"\n    a\n\n===! \"B\"\n    b\n\ntext\n\n=== \"C\"\n    c\n");
        assert_eq!(html.matches("<div class=\"tabs\">").count(), 3, "{html}");
    }

    #[test]
    fn nested_tabs_inside_a_tab_and_a_tab_set_inside_an_admonition() {
        let body = "=== \"Outer\"\n    === \"In 1\"\n        one\n\n    === \"In 2\"\n        two\n\n=== \"Outer 2\"\n    x\n\n!!! note\n    === \"T\"\n        - [x] done\n";
        let (doc, d) = render_page(body);
        assert!(d.is_empty(), "{d:?}");
        let html = doc.html.to_string();
        assert_eq!(html.matches("<div class=\"tabs\">").count(), 3, "{html}");
        assert_eq!(
            html.matches("<div class=\"tab-panel\"").count(),
            5,
            "{html}"
        );
        let opens = html.matches("<div").count();
        assert_eq!(opens, html.matches("</div>").count(), "{html}");
        assert_eq!(doc.items.len(), 1);
    }

    #[test]
    fn docusaurus_tabs() {
        let body = "import Tabs from '@theme/Tabs';\n\n<Tabs groupId=\"os\">\n  <TabItem value=\"apt\" label=\"Debian\">\n\n    ```bash\n    apt install x\n    ```\n\n  </TabItem>\n  <TabItem value=\"brew\" label=\"macOS\" default>\n\n    - [ ] Run `brew install x`\n    :::tip\n    Fast.\n    :::\n\n  </TabItem>\n</Tabs>\n\nAfter.\n";
        let (doc, d) = render_page(body);
        assert!(d.is_empty(), "{d:?}");
        let html = doc.html.to_string();
        assert_eq!(
            html.matches("<div class=\"tabs\" data-group=\"os\">")
                .count(),
            1,
            "{html}"
        );
        assert!(
            html.contains(
                "<div class=\"tab-panel\" data-value=\"apt\"><p class=\"tab-label\">Debian</p>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<div class=\"tab-panel\" data-selected data-value=\"brew\"><p class=\"tab-label\">macOS</p>"
            ),
            "{html}"
        );
        assert!(
            html.contains("language-bash"),
            "not an indented code block: {html}"
        );
        assert!(html.contains("alert-tip"), "{html}");
        assert_eq!(doc.items.len(), 1);
        assert_eq!(doc.items[0].line, 13);
        assert!(!html.contains("TabItem"), "{html}");
    }

    #[test]
    fn mdbook_tabulate_tabs_in_a_list_item() {
        let body = "1. Install:\n\n   {{#tabs name:\"install\" tabs:\"Linux,Big Cloud (X)\"}}\n   {{#/tab }}\n   {{#tab Linux}}\n\n   ```bash\n   curl -L x -o y\n   ```\n\n   - [ ] Check it\n   {{#/tab }}\n   {{#tab Big Cloud (X)}}\n\n   Use the console.\n\n   {{#/tab }}\n   {{#/tabs }}\n\nAfter.\n";
        let (doc, d) = render_page(body);
        assert!(d.is_empty(), "{d:?}");
        let page = doc.html.to_string();
        assert_eq!(page.matches("<div class=\"tabs\">").count(), 1, "{page}");
        assert!(
            page.contains("<div class=\"tab-panel\"><p class=\"tab-label\">Big Cloud (X)</p>\n<p>Use the console.</p>"),
            "{page}"
        );
        assert!(page.contains("language-bash"), "{page}");
        assert!(!page.contains("{{#"), "{page}");
        assert_eq!(doc.items.len(), 1);
        assert_eq!(doc.items[0].line, 11);
        // Not alone on its line, or not closed: left as written.
        for body in ["See {{#tabs x}} here.\n", "{{#tabs x}}\n{{#tab A}}\na\n"] {
            let html = html(body);
            assert!(!html.contains("tab-panel"), "{html}");
        }
        assert!(is_tab_item_close("{{#/tab}}") && !is_tab_item_close("{{#/tabs}}"));
        assert_eq!(tab_item_open("{{#tab}}", None), None);
    }

    #[test]
    fn unclosed_docusaurus_tabs_are_left_alone() {
        let html = html("<Tabs>\n<TabItem value=\"a\">\n\nx\n");
        assert!(!html.contains("tab-panel"), "{html}");
    }
}
