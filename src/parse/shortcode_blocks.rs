//! What the Hugo shortcodes opsbook renders become: Markdown that the Markdown passes
//! already read, so they look like every other tool's admonitions, tabs, collapsible
//! blocks and code, and their links and images are checked like any other.
//! `shortcodes.rs` finds and pairs the tags and writes what this module returns in
//! their place; the text between a pair is the page's own Markdown.
//!
//! - admonitions, as the container directives `markdown/admonitions.rs` reads
//!   (`:::warning[Title]` … `:::`, nested ones with longer fences): Docsy `alert`
//!   (`title`, `color`) and `pageinfo`, hugo-book `hint` (`info`, `warning`,
//!   `danger`), hextra `callout` (`type`), Relearn/Learn `notice` (its style, its
//!   title); the theme's colour or type picks the kind (`markdown/admonitions.rs`'s
//!   `class_of`: `warning`, `danger`/`error`, `success` a tip, the rest a note);
//! - collapsible blocks, as `:::details[Title]` (`{open}` when open): Hugo's
//!   `details` (`summary`, `open`), hugo-book's (`"Title" open`), hextra's (`title`,
//!   `closed`; open without it when the site's theme is hextra), Relearn's `expand`;
//! - tabs, as `<Tabs>`/`<TabItem label="…">`: hugo-book and Relearn `tabs`/`tab`
//!   (the title first, or `name`/`title`), hextra's (`items` of the set, or the tab's
//!   `name`; `selected`, `defaultIndex`), Docsy's `tabpane`/`tab` (`header`; its
//!   text is code in `lang` unless `text=true`, as Docsy shows it);
//! - code: Hugo's `highlight` (`{{< highlight go >}}`), a fenced block in that
//!   language;
//! - links: hugo-book `button` (`href`, or `relref`), hextra `card` (a list item
//!   linking `link` to its `title`), Hugo's `youtube` and `vimeo` (a link to the
//!   video; no player, nothing fetched), Hugo's `figure` (an image of `src`, its
//!   `caption` and `title` below it in a `<figure>` when the shortcode is alone on
//!   its line);
//! - containers shown as their content: hextra `steps` and `cards`, hugo-book
//!   `steps` and `columns` (its `<--->` separators become blank lines: the columns
//!   read one after the other), Docsy `cardpane`, and Docsy `card`,
//!   `blocks/feature` and `blocks/cover` with their title as a bold line first
//!   (`blocks/section`, `blocks/lead`: the text alone);
//! - hextra's `filetree`: a list, a `folder` an item (`name/`) with the items
//!   indented below it as its list, a `file` an item; hextra's `badge`: its text as
//!   code, or a link to its `link`; `icon`: nothing (it only draws).
//!
//! In a table cell (`open_in_cell`, `single_in_cell`) all of it stays on the row's
//! line: an admonition or collapsible block is the HTML `markdown/alerts.rs` makes of
//! one (`<div class="alert …">`, `<details class="alert …">`) around the cell's text,
//! `highlight` inline code, a card or file its text; tabs cannot be (`fits_in_cell`).
//!
//! Pure.

use super::shortcodes::Arg;

/// What one tag becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Out {
    /// Text in the tag's place, on its line (`[`, `](../x.md)`, an image).
    Inline(String),
    /// Lines of their own, at the indentation of the tag's line.
    Lines(Vec<String>),
}

/// A pair opened and not yet closed, with what its closing tag becomes.
#[derive(Debug)]
enum Frame {
    /// An admonition or collapsible block: closed by its fence of this many colons.
    Directive(usize),
    Tabs(TabSet),
    /// A tab, with its code fence when its text is code.
    Tab(Option<String>),
    /// `highlight`'s code fence.
    Code(String),
    /// A container shown as its content; `columns` turns its separators blank.
    Plain {
        columns: bool,
    },
    /// `button`: the link's destination.
    Link(String),
    /// A pair in a table cell: the text that closes it on the cell's line.
    Inline(String),
}

/// What a tab needs from its set.
#[derive(Debug, Default)]
struct TabSet {
    /// hextra's `items="A,B"`: the tabs' titles.
    items: Vec<String>,
    /// hextra's `defaultIndex`.
    default: Option<usize>,
    /// Tabs seen so far.
    count: usize,
    /// A Docsy `tabpane`: its `lang`, and whether its text is Markdown (`text=true`).
    pane: Option<(String, bool)>,
}

/// The pairs open at a point of the page, outermost first.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    stack: Vec<Frame>,
    /// The site's theme is hextra, whose `details` are open unless `closed`.
    hextra: bool,
}

/// The names `open` takes: a tag of one of them without its closing tag is left out
/// with a warning that says so.
const PAIRED: &[&str] = &[
    "cardpane",
    "filetree/container",
    "filetree/folder",
    "blocks/section",
    "blocks/lead",
    "blocks/feature",
    "blocks/cover",
    "alert",
    "pageinfo",
    "hint",
    "callout",
    "notice",
    "details",
    "expand",
    "tabs",
    "tabpane",
    "tab",
    "codetab",
    "highlight",
    "steps",
    "cards",
    "columns",
    "button",
];

/// Whether opsbook renders `name` (lowercased) with `args` only as a pair: not a
/// site's own single `button` with its text in an argument (dapr's docs).
pub(crate) fn needs_closing(name: &str, args: &[Arg]) -> bool {
    PAIRED.contains(&name)
        && !matches!(name, "tab" | "details")
        && !(name == "button" && Args(args).named("text").is_some())
}

/// A single `{{< button text="Get started" page="getting-started" >}}` (or `link=` for
/// a URL), as dapr's docs write their own: a link; `resolve` makes the `page` (a
/// `ref` path) a destination. `None` without `text`.
pub(crate) fn single_button(args: &[Arg], resolve: &dyn Fn(&str) -> String) -> Option<Out> {
    let a = Args(args);
    let text = one_line(a.named("text")?);
    let target = match a.named("page") {
        Some(page) => resolve(page),
        None => a.named("link").unwrap_or("#").to_string(),
    };
    Some(Out::Inline(format!("[{text}]({})", destination(&target))))
}

impl Blocks {
    /// For a site with these themes (`config::hugo::Hugo::themes`).
    pub(crate) fn new(themes: &[String]) -> Self {
        Blocks {
            stack: Vec::new(),
            hextra: themes.iter().any(|t| t == "hextra"),
        }
    }

    /// The opening tag of a pair: what it becomes, or `None` when opsbook does not
    /// render `name` (lowercased). `inner` is the text up to its closing tag;
    /// `resolve` makes a `ref` path a link destination.
    pub(crate) fn open(
        &mut self,
        name: &str,
        args: &[Arg],
        inner: &str,
        resolve: &dyn Fn(&str) -> String,
    ) -> Option<Out> {
        let a = Args(args);
        let lines = |frame: Frame, line: String| (frame, Out::Lines(vec![line]));
        let (frame, out) = match name {
            "alert" | "pageinfo" | "hint" | "callout" | "notice" | "details" | "expand" => {
                self.admonition(name, &a)
            }
            "tabs" | "tabpane" => {
                // Labels: `items="A, B"`, else the tabs' own words (`{{< tabs ".NET"
                // "Java" >}}` over `{{% codetab %}}`s, as dapr's docs write them).
                let set = TabSet {
                    items: a.named("items").map_or_else(
                        || (0..).map_while(|n| a.at(n)).map(str::to_string).collect(),
                        |i| i.split(',').map(|t| t.trim().to_string()).collect(),
                    ),
                    default: a.named("defaultindex").and_then(|d| d.parse().ok()),
                    count: 0,
                    pane: (name == "tabpane").then(|| {
                        let lang = a.named("lang").unwrap_or_default().to_string();
                        (lang, a.named("text") == Some("true"))
                    }),
                };
                lines(Frame::Tabs(set), "<Tabs>".into())
            }
            "tab" => return self.tab(&a, inner),
            // A site's own tab (dapr's docs): labelled by its place among the tabs'
            // words; it takes no arguments of its own.
            "codetab" => return self.tab(&Args(&[]), inner),
            "highlight" => {
                let fence = fence_for(inner);
                let line = format!("{fence}{}", word(a.at(0).unwrap_or_default()));
                lines(Frame::Code(fence), line)
            }
            "steps" | "cards" | "columns" | "cardpane" | "filetree/container"
            | "blocks/section" | "blocks/lead" => (
                Frame::Plain {
                    columns: name == "columns",
                },
                Out::Inline(String::new()),
            ),
            // A folder is a list item; what is in it, indented below it in the page,
            // its list.
            "filetree/folder" => {
                let name = one_line(a.named("name").unwrap_or_default());
                lines(Frame::Plain { columns: false }, format!("- {name}/"))
            }
            // Docsy's `card` (a pair, unlike hextra's) and home-page blocks: their
            // title as a bold line, then their text.
            "card" | "blocks/feature" | "blocks/cover" => {
                let title = a.named("header").or(a.named("title")).unwrap_or_default();
                let out = match one_line(title) {
                    t if t.is_empty() => Out::Inline(String::new()),
                    t if t.contains("**") => Out::Lines(vec![t, String::new()]),
                    t => Out::Lines(vec![format!("**{t}**"), String::new()]),
                };
                (Frame::Plain { columns: false }, out)
            }
            "button" => {
                let target = match a.named("relref") {
                    Some(r) => resolve(r),
                    None => a.named("href").unwrap_or_default().to_string(),
                };
                (Frame::Link(destination(&target)), Out::Inline("[".into()))
            }
            _ => return None,
        };
        self.stack.push(frame);
        Some(out)
    }

    /// An admonition or collapsible block of one of the themes (see the module doc).
    fn admonition(&self, name: &str, a: &Args<'_>) -> (Frame, Out) {
        let head = self.head(name, a);
        let title = head.title.as_deref().unwrap_or_default();
        match head.open {
            Some(open) => {
                let open = if open { "{open}" } else { "" };
                self.collapsible(&format!("[{title}]{open}"))
            }
            None if head.title.is_none() => self.fenced(&head.kind, ""),
            None => self.fenced(&head.kind, &format!("[{title}]")),
        }
    }

    /// What an admonition or collapsible shortcode says (see the module doc).
    fn head(&self, name: &str, a: &Args<'_>) -> Head {
        let admonition = |kind: &str, title: Option<&str>| Head {
            kind: match word(kind).to_ascii_lowercase() {
                k if k.is_empty() || k == "details" => "note".into(),
                k => k,
            },
            title: title.map(str::to_string),
            open: None,
        };
        match name {
            "alert" => admonition(
                a.named("color").unwrap_or("primary"),
                Some(a.named("title").unwrap_or_default()),
            ),
            "pageinfo" => admonition(a.named("color").unwrap_or("primary"), Some("")),
            "hint" => admonition(
                a.named("type").or(a.at(0)).unwrap_or("note"),
                Some(a.named("title").unwrap_or_default()),
            ),
            "callout" => admonition(a.named("type").unwrap_or("note"), Some("")),
            "notice" => admonition(
                a.named("style").or(a.at(0)).unwrap_or("note"),
                a.named("title").or(a.at(1)),
            ),
            _ => {
                let title = a
                    .named("title")
                    .or(a.named("summary"))
                    .or(a.at(0).filter(|t| *t != "open"))
                    .unwrap_or_default();
                let open = a.at(1) == Some("open")
                    || a.named("open") == Some("true")
                    || match a.named("closed") {
                        Some(closed) => closed != "true",
                        None => self.hextra && name == "details" && a.named("open").is_none(),
                    };
                Head {
                    kind: "details".into(),
                    title: Some(title.to_string()),
                    open: Some(open),
                }
            }
        }
    }

    /// A collapsible block (`head` its title part and `{open}`).
    fn collapsible(&self, head: &str) -> (Frame, Out) {
        self.fenced("details", head)
    }

    /// `:::kind…`, with one colon more for each directive it is in.
    fn fenced(&self, kind: &str, head: &str) -> (Frame, Out) {
        let depth = self
            .stack
            .iter()
            .filter(|f| matches!(f, Frame::Directive(_)))
            .count();
        let colons = 3 + depth;
        let line = format!("{}{kind}{}", ":".repeat(colons), one_line(head));
        (Frame::Directive(colons), Out::Lines(vec![line]))
    }

    /// A `tab`: a tab of the set it is in; elsewhere, its content.
    fn tab(&mut self, a: &Args<'_>, inner: &str) -> Option<Out> {
        let Some(Frame::Tabs(set)) = self.stack.last_mut() else {
            self.stack.push(Frame::Plain { columns: false });
            return Some(Out::Inline(String::new()));
        };
        let n = set.count;
        set.count += 1;
        let title = a
            .at(0)
            .or(a.named("name"))
            .or(a.named("title"))
            .or(a.named("header"))
            .map(str::to_string)
            .or_else(|| set.items.get(n).cloned())
            .unwrap_or_else(|| format!("Tab {}", n + 1));
        let selected = a.named("selected") == Some("true") || set.default == Some(n);
        let code = set.pane.as_ref().and_then(|(lang, text)| {
            let text = *text || a.named("text") == Some("true");
            (!text).then(|| a.named("lang").unwrap_or(lang).to_string())
        });
        let quote = if title.contains('"') { '\'' } else { '"' };
        let title = one_line(&title).replace(quote, "");
        let default = if selected { " default" } else { "" };
        let mut lines = vec![format!("<TabItem label={quote}{title}{quote}{default}>")];
        let fence = code.map(|lang| {
            let fence = fence_for(inner);
            lines.push(format!("{fence}{}", word(&lang)));
            fence
        });
        self.stack.push(Frame::Tab(fence));
        Some(Out::Lines(lines))
    }

    /// The opening tag of a pair in a table cell, whose closing tag is in the same
    /// cell: what it becomes on the cell's line, or `None` when opsbook does not render
    /// `name` (lowercased) or cannot in a cell (`fits_in_cell`). An admonition or a
    /// collapsible block is the HTML `markdown/alerts.rs` gives one, around the cell's
    /// text; `highlight` is inline code; the others are as `open` makes them, or
    /// their text when that needs lines of its own.
    pub(crate) fn open_in_cell(
        &mut self,
        name: &str,
        args: &[Arg],
        inner: &str,
        resolve: &dyn Fn(&str) -> String,
    ) -> Option<Out> {
        let a = Args(args);
        let (open, close) = match name {
            _ if !fits_in_cell(name) => return None,
            "alert" | "pageinfo" | "hint" | "callout" | "notice" | "details" | "expand" => {
                self.head(name, &a).in_cell()
            }
            "highlight" => {
                let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let ticks = "`".repeat(longest + 1);
                (format!("{ticks} "), format!(" {ticks}"))
            }
            "filetree/folder" => {
                let name = cell_text(a.named("name").unwrap_or_default());
                (format!("{name}/ "), String::new())
            }
            "card" | "blocks/feature" | "blocks/cover" => {
                let title = a.named("header").or(a.named("title")).unwrap_or_default();
                match cell_text(title) {
                    t if t.is_empty() || t.contains("**") => (t, String::new()),
                    t => (format!("**{t}** "), String::new()),
                }
            }
            _ => return self.open(name, args, inner, resolve),
        };
        self.stack.push(Frame::Inline(close));
        Some(Out::Inline(open))
    }

    /// The closing tag of the last pair `open` took.
    pub(crate) fn close(&mut self) -> Out {
        match self.stack.pop() {
            Some(Frame::Directive(colons)) => Out::Lines(vec![":".repeat(colons)]),
            Some(Frame::Tabs(_)) => Out::Lines(vec!["</Tabs>".into()]),
            Some(Frame::Tab(fence)) => {
                Out::Lines(fence.into_iter().chain(["</TabItem>".into()]).collect())
            }
            Some(Frame::Code(fence)) => Out::Lines(vec![fence]),
            Some(Frame::Link(dest)) => Out::Inline(format!("]({dest})")),
            Some(Frame::Inline(text)) => Out::Inline(text),
            Some(Frame::Plain { .. }) | None => Out::Inline(String::new()),
        }
    }

    /// Whether the text here is in hugo-book's `columns`.
    pub(crate) fn in_columns(&self) -> bool {
        self.stack
            .iter()
            .any(|f| matches!(f, Frame::Plain { columns: true }))
    }
}

/// What an admonition or collapsible shortcode says.
struct Head {
    /// The admonition's kind, lowercased (`warning`); `details` for a collapsible one.
    kind: String,
    /// Its title; `None`: the kind's name (`Note`), as `:::note` has it.
    title: Option<String>,
    /// A collapsible block: open at first or not.
    open: Option<bool>,
}

impl Head {
    /// The HTML that opens and closes it in a table cell: the alert `markdown/alerts.rs`
    /// makes of the directive `open` writes, on one line.
    fn in_cell(&self) -> (String, String) {
        use crate::parse::markdown::{admonition_class, admonition_title};
        let class = admonition_class(&self.kind);
        let title = match &self.title {
            Some(t) => cell_text(t),
            None => admonition_title(&self.kind),
        };
        match self.open {
            Some(open) => {
                let open = if open { " open" } else { "" };
                let title = if title.is_empty() {
                    "Details".into()
                } else {
                    title
                };
                (
                    format!(
                        "<details class=\"alert alert-{class}\"{open}><summary class=\"alert-title\">{title}</summary>"
                    ),
                    "</details>".into(),
                )
            }
            None => {
                let title = match title {
                    t if t.is_empty() => t,
                    t => format!("<p class=\"alert-title\">{t}</p>"),
                };
                (
                    format!("<div class=\"alert alert-{class}\" role=\"note\">{title}"),
                    "</div>".into(),
                )
            }
        }
    }
}

/// Whether opsbook renders `name` (lowercased) in a table cell: all but tabs, which
/// need lines of their own.
pub(crate) fn fits_in_cell(name: &str) -> bool {
    !matches!(name, "tabs" | "tabpane")
}

/// A shortcode without a closing tag in a table cell: `single`'s, on the cell's line
/// (hextra's `card` a link, a `filetree/file` its name).
pub(crate) fn single_in_cell(name: &str, args: &[Arg]) -> Option<Out> {
    let a = Args(args);
    match name {
        "card" => {
            let title = link_text(a.named("title").unwrap_or_default()).replace('|', "\\|");
            let card = match a.named("link").filter(|l| !l.is_empty()) {
                Some(link) => format!("[{title}]({})", destination(link)),
                None => title,
            };
            Some(Out::Inline(match a.named("subtitle") {
                Some(sub) => format!("{card}: {}", cell_text(sub)),
                None => card,
            }))
        }
        "filetree/file" => Some(Out::Inline(cell_text(a.named("name").unwrap_or_default()))),
        _ => single(name, args, false),
    }
}

/// A shortcode without a closing tag: what it becomes, or `None` when opsbook does
/// not render `name` (lowercased). `alone`: nothing else is on its line.
pub(crate) fn single(name: &str, args: &[Arg], alone: bool) -> Option<Out> {
    let a = Args(args);
    match name {
        "figure" => Some(figure(&a, alone)),
        "youtube" | "vimeo" => {
            let id = a.named("id").or(a.at(0)).unwrap_or_default();
            let id: String = id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            let (site, url) = if name == "youtube" {
                ("YouTube", format!("https://www.youtube.com/watch?v={id}"))
            } else {
                ("Vimeo", format!("https://vimeo.com/{id}"))
            };
            let text = a
                .named("title")
                .map_or_else(|| format!("{site} video {id}"), str::to_string);
            Some(Out::Inline(format!("[{}]({url})", link_text(&text))))
        }
        "card" => {
            let title = link_text(a.named("title").unwrap_or_default());
            let item = match a.named("link").filter(|l| !l.is_empty()) {
                Some(link) => format!("- [{title}]({})", destination(link)),
                None => format!("- {title}"),
            };
            let item = match a.named("subtitle") {
                Some(sub) => format!("{item}: {}", one_line(sub)),
                None => item,
            };
            Some(Out::Lines(vec![item]))
        }
        // A tab that is not written as a pair (Docsy's `disabled` tabs) shows nothing;
        // nor does an icon.
        "tab" | "icon" => Some(Out::Inline(String::new())),
        "filetree/file" => {
            let name = one_line(a.named("name").unwrap_or_default());
            Some(Out::Lines(vec![format!("- {name}")]))
        }
        "badge" => {
            let text = a.named("content").or(a.at(0)).unwrap_or_default();
            Some(Out::Inline(match a.named("link") {
                Some(link) => format!("[{}]({})", link_text(text), destination(link)),
                None => format!("`{}`", one_line(text).replace('`', "")),
            }))
        }
        _ => None,
    }
}

/// Hugo's `figure`: the image (in a link to `link` when it has one), and when alone
/// on its line, a `<figure>` with its `title` and `caption` below it.
fn figure(a: &Args<'_>, alone: bool) -> Out {
    let src = a.named("src").unwrap_or_default();
    let caption = a.named("caption").map(one_line);
    let alt = a
        .named("alt")
        .or(caption.as_deref())
        .or(a.named("title"))
        .unwrap_or_default();
    let mut image = format!("![{}]({})", link_text(alt), destination(src));
    if let Some(link) = a.named("link") {
        image = format!("[{image}]({})", destination(link));
    }
    let below: Vec<String> = [
        a.named("title").map(|t| format!("**{}**", one_line(t))),
        caption,
    ]
    .into_iter()
    .flatten()
    .collect();
    if !alone || below.is_empty() {
        return Out::Inline(image);
    }
    let mut lines = vec!["<figure>".into(), String::new(), image, String::new()];
    lines.extend(["<figcaption>".into(), String::new()]);
    lines.push(below.join("<br>\n"));
    lines.extend([
        String::new(),
        "</figcaption>".into(),
        "</figure>".into(),
        String::new(),
    ]);
    Out::Lines(lines)
}

/// A tag's arguments, read by position or name.
pub(crate) struct Args<'a>(pub(crate) &'a [Arg]);

impl Args<'_> {
    /// The `n`th positional argument (after the name).
    pub(crate) fn at(&self, n: usize) -> Option<&str> {
        self.0
            .iter()
            .filter(|a| a.key.is_none())
            .nth(n)
            .map(|a| a.value.as_str())
    }

    /// The argument named `key` (any case: Hugo's `defaultIndex`).
    pub(crate) fn named(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|a| {
                a.key
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
            .map(|a| a.value.as_str())
    }
}

/// A code fence longer than any run of backticks in `inner`.
fn fence_for(inner: &str) -> String {
    let longest = inner.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The first word of `s`, of letters, digits, `-`, `_`, `+` and `.` only (a kind or a
/// code block's language).
fn word(s: &str) -> String {
    s.split_whitespace()
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        .collect()
}

/// `s` on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` as text of a table cell: on one line, its `|` not ending the cell, its `<` not
/// starting HTML.
fn cell_text(s: &str) -> String {
    one_line(s).replace('|', "\\|").replace('<', "&lt;")
}

/// Text for between `[` and `]`.
fn link_text(s: &str) -> String {
    one_line(s).replace('[', "\\[").replace(']', "\\]")
}

/// A link destination as Markdown writes it (`<…>` around one with spaces).
fn destination(s: &str) -> String {
    if s.contains([' ', '(', ')']) {
        format!("<{s}>")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[(Option<&str>, &str)]) -> Vec<Arg> {
        list.iter()
            .map(|(k, v)| Arg {
                key: k.map(str::to_string),
                value: v.to_string(),
            })
            .collect()
    }

    fn lines(out: Option<Out>) -> Vec<String> {
        match out {
            Some(Out::Lines(l)) => l,
            other => panic!("not lines: {other:?}"),
        }
    }

    #[test]
    fn admonitions_take_their_kind_and_nest_with_longer_fences() {
        let mut b = Blocks::default();
        let none = |_: &str| String::new();
        let alert = args(&[(Some("title"), "Heads up"), (Some("color"), "warning")]);
        assert_eq!(
            lines(b.open("alert", &alert, "", &none)),
            [":::warning[Heads up]"]
        );
        let hint = args(&[(None, "danger")]);
        assert_eq!(lines(b.open("hint", &hint, "", &none)), ["::::danger[]"]);
        assert_eq!(b.close(), Out::Lines(vec!["::::".into()]));
        assert_eq!(b.close(), Out::Lines(vec![":::".into()]));
        let pageinfo = args(&[(Some("color"), "info td-max-width mx-0")]);
        assert_eq!(
            lines(b.open("pageinfo", &pageinfo, "", &none)),
            [":::info[]"]
        );
        b.close();
        let notice = args(&[(None, "tip"), (None, "Before you start")]);
        assert_eq!(
            lines(b.open("notice", &notice, "", &none)),
            [":::tip[Before you start]"]
        );
        b.close();
        assert_eq!(lines(b.open("notice", &[], "", &none)), [":::note"]);
        b.close();
        let details = args(&[(Some("color"), "details")]);
        assert_eq!(lines(b.open("alert", &details, "", &none)), [":::note[]"]);
    }

    #[test]
    fn details_of_each_theme_and_their_open_state() {
        let none = |_: &str| String::new();
        let mut b = Blocks::default();
        for (list, want) in [
            (
                args(&[(None, "More"), (None, "open")]),
                ":::details[More]{open}",
            ),
            (
                args(&[(Some("summary"), "Why"), (Some("open"), "true")]),
                ":::details[Why]{open}",
            ),
            (
                args(&[(Some("title"), "Click"), (Some("closed"), "true")]),
                ":::details[Click]",
            ),
            (
                args(&[(Some("title"), "Shown"), (Some("closed"), "false")]),
                ":::details[Shown]{open}",
            ),
            (args(&[]), ":::details[]"),
        ] {
            assert_eq!(lines(b.open("details", &list, "", &none)), [want]);
            b.close();
        }
        // hextra's are open unless `closed`.
        let mut b = Blocks::new(&["hextra".to_string()]);
        let titled = args(&[(Some("title"), "Open")]);
        assert_eq!(
            lines(b.open("details", &titled, "", &none)),
            [":::details[Open]{open}"]
        );
    }

    #[test]
    fn tabs_take_titles_from_the_tab_or_the_set() {
        let none = |_: &str| String::new();
        let mut b = Blocks::default();
        let items = args(&[(Some("items"), "JSON, YAML"), (Some("defaultIndex"), "1")]);
        assert_eq!(lines(b.open("tabs", &items, "", &none)), ["<Tabs>"]);
        assert_eq!(
            lines(b.open("tab", &[], "", &none)),
            ["<TabItem label=\"JSON\">"]
        );
        assert_eq!(b.close(), Out::Lines(vec!["</TabItem>".into()]));
        assert_eq!(
            lines(b.open("tab", &[], "", &none)),
            ["<TabItem label=\"YAML\" default>"]
        );
        b.close();
        let named = args(&[(None, "Say \"hi\"")]);
        assert_eq!(
            lines(b.open("tab", &named, "", &none)),
            ["<TabItem label='Say \"hi\"'>"]
        );
        b.close();
        assert_eq!(b.close(), Out::Lines(vec!["</Tabs>".into()]));
    }

    #[test]
    fn docsy_tabs_are_code_unless_text() {
        let none = |_: &str| String::new();
        let mut b = Blocks::default();
        b.open("tabpane", &args(&[(Some("lang"), "bash")]), "", &none);
        let tab = args(&[(Some("header"), "Linux")]);
        assert_eq!(
            lines(b.open("tab", &tab, "echo ```", &none)),
            ["<TabItem label=\"Linux\">", "````bash"]
        );
        assert_eq!(
            b.close(),
            Out::Lines(vec!["````".into(), "</TabItem>".into()])
        );
        let text = args(&[(Some("header"), "Notes"), (Some("text"), "true")]);
        assert_eq!(
            lines(b.open("tab", &text, "", &none)),
            ["<TabItem label=\"Notes\">"]
        );
    }

    #[test]
    fn links_images_and_videos() {
        let resolve = |p: &str| format!("../{p}");
        let mut b = Blocks::default();
        let button = args(&[(Some("relref"), "x.md")]);
        assert_eq!(
            b.open("button", &button, "", &resolve),
            Some(Out::Inline("[".into()))
        );
        assert_eq!(b.close(), Out::Inline("](../x.md)".into()));
        let card = args(&[
            (Some("link"), "../guide"),
            (Some("title"), "Guide [new]"),
            (Some("subtitle"), "Read\nthis"),
        ]);
        assert_eq!(
            lines(single("card", &card, true)),
            ["- [Guide \\[new\\]](../guide): Read this"]
        );
        let video = args(&[(Some("id"), "dQw4w9WgXcQ"), (Some("loading"), "lazy")]);
        assert_eq!(
            single("youtube", &video, true),
            Some(Out::Inline(
                "[YouTube video dQw4w9WgXcQ](https://www.youtube.com/watch?v=dQw4w9WgXcQ)".into()
            ))
        );
        let fig = args(&[
            (Some("src"), "img/a b.png"),
            (Some("caption"), "The *flow*"),
        ]);
        assert_eq!(
            single("figure", &fig, false),
            Some(Out::Inline("![The *flow*](<img/a b.png>)".into()))
        );
        assert_eq!(
            lines(single("figure", &fig, true))[2..7],
            [
                "![The *flow*](<img/a b.png>)",
                "",
                "<figcaption>",
                "",
                "The *flow*"
            ]
        );
        assert_eq!(single("katex", &[], true), None);
    }

    #[test]
    fn filetrees_badges_icons_and_docsy_cards() {
        let none = |_: &str| String::new();
        let mut b = Blocks::default();
        let folder = args(&[(Some("name"), "content"), (Some("state"), "closed")]);
        assert_eq!(
            lines(b.open("filetree/folder", &folder, "", &none)),
            ["- content/"]
        );
        let file = args(&[(Some("name"), "_index.md")]);
        assert_eq!(lines(single("filetree/file", &file, true)), ["- _index.md"]);
        assert_eq!(b.close(), Out::Inline(String::new()));
        let badge = args(&[(Some("content"), "v1"), (Some("color"), "green")]);
        assert_eq!(
            single("badge", &badge, false),
            Some(Out::Inline("`v1`".into()))
        );
        let linked = args(&[
            (Some("content"), "Releases"),
            (Some("link"), "https://x.io/r"),
        ]);
        assert_eq!(
            single("badge", &linked, false),
            Some(Out::Inline("[Releases](https://x.io/r)".into()))
        );
        assert_eq!(
            single("icon", &args(&[(None, "github")]), false),
            Some(Out::Inline(String::new()))
        );
        let card = args(&[(Some("header"), "Reporting bugs")]);
        assert_eq!(
            lines(b.open("card", &card, "", &none)),
            ["**Reporting bugs**", ""]
        );
        assert!(needs_closing("blocks/cover", &[]) && !needs_closing("filetree/file", &[]));
    }

    #[test]
    fn highlight_fences_and_containers() {
        let none = |_: &str| String::new();
        let mut b = Blocks::default();
        let go = args(&[(None, "go"), (None, "linenos=table")]);
        assert_eq!(lines(b.open("highlight", &go, "x", &none)), ["```go"]);
        assert_eq!(b.close(), Out::Lines(vec!["```".into()]));
        assert_eq!(
            b.open("columns", &[], "", &none),
            Some(Out::Inline(String::new()))
        );
        assert!(b.in_columns());
        b.close();
        assert!(!b.in_columns());
        assert_eq!(b.open("katex", &[], "", &none), None);
        assert!(
            needs_closing("hint", &[])
                && !needs_closing("details", &[])
                && !needs_closing("card", &[])
        );
        assert!(
            needs_closing("button", &[])
                && !needs_closing("button", &args(&[(Some("text"), "Go")]))
        );
    }
}
