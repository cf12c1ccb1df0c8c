//! Stage 3: an mdBook's `SUMMARY.md` → its entries, as mdBook reads them: an optional
//! title (a first heading before any entry, not shown), prefix and suffix chapters
//! (links outside a list), numbered chapters (list items, nested as written), part
//! titles (later `#` headings), separators (`---`) and draft chapters (`[Title]()`).
//! One pulldown-cmark pass; positions are the file's (1-based). `parse/nav.rs` turns
//! the entries into the sidebar. Pure.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::base::diag::LineIndex;

/// One entry of SUMMARY.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Chapter(Chapter),
    Part(String),
    Separator,
}

/// A chapter: its title as the link says, its file (`None`: a draft) and sub-chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chapter {
    pub(crate) title: String,
    /// The link's target as written, without a `#fragment`; `None` for a draft.
    pub(crate) file: Option<String>,
    pub(crate) line: u32,
    pub(crate) col: u32,
    pub(crate) children: Vec<Entry>,
}

/// A list item being read: its first link (or its text) and the entries nested in it.
#[derive(Default)]
struct Open {
    title: String,
    file: Option<String>,
    has_link: bool,
    place: (u32, u32),
    children: Vec<Entry>,
}

/// The entries of SUMMARY.md's `text`.
pub(crate) fn parse(text: &str) -> Vec<Entry> {
    read(text).0
}

/// The entries of the one list of `text` that literate-nav reads as a folder's nav:
/// the first list after the last `<!--nav-->` line, else the last list. Links and
/// text outside it (an introduction) are not entries. Empty when there is no list.
pub(crate) fn nav_list(text: &str) -> Vec<Entry> {
    let (mut top, lists, marker) = read(text);
    let chosen = match marker {
        Some(after) => lists.get(after),
        None => lists.last(),
    };
    match chosen {
        Some(&(start, end)) => top.drain(start..end).collect(),
        None => Vec::new(),
    }
}

/// The top-level entries, the range of them each top-level list holds, and the
/// index of the first list after the last `<!--nav-->` line.
type Read = (Vec<Entry>, Vec<(usize, usize)>, Option<usize>);

fn read(text: &str) -> Read {
    let mut lists: Vec<(usize, usize)> = Vec::new();
    let mut marker = None;
    let index = LineIndex::new(text);
    let mut top: Vec<Entry> = Vec::new();
    let mut items: Vec<Open> = Vec::new();
    let mut heading: Option<String> = None;
    let mut link: Option<(String, String, (u32, u32))> = None;
    let mut seen_any = false;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                let title = heading.take().unwrap_or_default().trim().to_string();
                if seen_any {
                    push(&mut items, &mut top, Entry::Part(title));
                }
                seen_any = true;
            }
            Event::Rule => {
                seen_any = true;
                push(&mut items, &mut top, Entry::Separator);
            }
            Event::Start(Tag::List(_)) if items.is_empty() => lists.push((top.len(), top.len())),
            Event::End(TagEnd::List(_)) if items.is_empty() => {
                if let Some(last) = lists.last_mut() {
                    last.1 = top.len();
                }
            }
            Event::Html(h) if items.is_empty() && h.trim() == "<!--nav-->" => {
                marker = Some(lists.len());
            }
            Event::Start(Tag::Item) => {
                seen_any = true;
                items.push(Open {
                    place: index.line_col(text, range.start),
                    ..Open::default()
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(open) = items.pop() {
                    let chapter = Entry::Chapter(Chapter {
                        title: open.title.trim().to_string(),
                        file: open.file,
                        line: open.place.0,
                        col: open.place.1,
                        children: open.children,
                    });
                    push(&mut items, &mut top, chapter);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                seen_any = true;
                let place = index.line_col(text, range.start);
                link = Some((dest_url.to_string(), String::new(), place));
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, title, place)) = link.take() else {
                    continue;
                };
                let file = dest.split('#').next().unwrap_or("").trim().to_string();
                let file = (!file.is_empty()).then_some(file);
                match items.last_mut() {
                    Some(open) if !open.has_link => {
                        open.has_link = true;
                        open.title = title;
                        open.file = file;
                        open.place = place;
                    }
                    Some(_) => {}
                    None => top.push(Entry::Chapter(Chapter {
                        title: title.trim().to_string(),
                        file,
                        line: place.0,
                        col: place.1,
                        children: Vec::new(),
                    })),
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut heading {
                    h.push_str(&t);
                } else if let Some((_, title, _)) = &mut link {
                    title.push_str(&t);
                } else if let Some(open) = items.last_mut().filter(|o| !o.has_link) {
                    open.title.push_str(&t);
                }
            }
            _ => {}
        }
    }
    (top, lists, marker)
}

/// Adds `entry` to the innermost open list item, or to the top level.
fn push(items: &mut [Open], top: &mut Vec<Entry>, entry: Entry) {
    match items.last_mut() {
        Some(open) => open.children.push(entry),
        None => top.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries as indented lines: `1:3 Title -> file`, `# Part`, `---`.
    fn shape(entries: &[Entry], depth: usize, out: &mut Vec<String>) {
        for e in entries {
            let pad = "  ".repeat(depth);
            match e {
                Entry::Chapter(c) => {
                    let file = c.file.as_deref().unwrap_or("(draft)");
                    out.push(format!("{pad}{}:{} {} -> {file}", c.line, c.col, c.title));
                    shape(&c.children, depth + 1, out);
                }
                Entry::Part(t) => out.push(format!("{pad}# {t}")),
                Entry::Separator => out.push(format!("{pad}---")),
            }
        }
    }

    fn lines(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        shape(&parse(text), 0, &mut out);
        out
    }

    #[test]
    fn reads_every_kind_of_entry_in_order() {
        let text = "# Summary\n\n[Introduction](README.md)\n\n# User guide\n\n- [Install](guide/install.md)\n- [Use `it`](guide/use.md#top)\n    - [Deep](guide/deep.md)\n        - [Draft]()\n- [Last](last.md)\n\n---\n\n[Contributors](misc/contributors.md)\n";
        assert_eq!(
            lines(text),
            [
                "3:1 Introduction -> README.md",
                "# User guide",
                "7:3 Install -> guide/install.md",
                "8:3 Use it -> guide/use.md",
                "  9:7 Deep -> guide/deep.md",
                "    10:11 Draft -> (draft)",
                "11:3 Last -> last.md",
                "---",
                "15:1 Contributors -> misc/contributors.md",
            ]
        );
    }

    #[test]
    fn without_a_title_the_first_heading_is_still_the_title() {
        assert_eq!(
            lines("# Book\n- [A](a.md)\n# Part two\n- [B](b.md)\n"),
            ["2:3 A -> a.md", "# Part two", "4:3 B -> b.md",]
        );
    }

    #[test]
    fn literate_nav_reads_the_last_list_or_the_first_after_the_marker() {
        let nav = |text: &str| {
            let mut out = Vec::new();
            shape(&nav_list(text), 0, &mut out);
            out
        };
        let readme = "# Guide\n\nSee [Start] first.\n\n- [A](a.md)\n    - [B](b.md)\n- [C](c.md)\n\n[Start]: ../start.md\n";
        assert_eq!(
            nav(readme),
            ["5:3 A -> a.md", "  6:7 B -> b.md", "7:3 C -> c.md"]
        );
        let marked = "- [X](x.md)\n\n<!--nav-->\n\n- [Y](y.md)\n\ntext\n\n- [Z](z.md)\n";
        assert_eq!(nav(marked), ["5:3 Y -> y.md"]);
        assert_eq!(nav("Just [a link](a.md).\n"), Vec::<String>::new());
    }

    #[test]
    fn an_item_without_a_link_is_a_draft_with_its_text() {
        assert_eq!(lines("- Plain words\n"), ["1:1 Plain words -> (draft)"]);
    }
}
