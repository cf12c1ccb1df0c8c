//! Task pass: every task-list item (`- [ ]`, `* [x]`, `1. [ ]`, nested, quoted, in
//! HTML blocks) becomes a checklist `Item` and renders as a real checkbox, a label
//! around the item's first paragraph and a permalink. Inline attributes at the end of
//! the item's first line, `{#id env=staging,production}`, set the id and environments
//! and are removed from the page. Ids: explicit (charset-checked), else derived from
//! page, phase and text (`ids::item_id`) plus an ordinal for repeats.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::phases::PhaseStart;
use super::{Ctx, Events, collapse_ws, escape, push_plain};
use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Item;
use crate::parse::ids::{self, Ordinals};

/// An item as found, with the index of its heading phase (`None`: before any phase).
#[derive(Debug, Clone)]
pub(crate) struct FoundItem {
    pub(crate) item: Item,
    pub(crate) phase: Option<usize>,
}

/// Where one task item sits in the event list, and what to write there.
struct Task {
    /// Index of `Start(Item)`.
    start: usize,
    /// Index of `TaskListMarker`.
    marker: usize,
    /// Index of the event before which the label closes.
    label_end: usize,
    /// Index of the text event holding the attributes, and that text without them.
    attr_text: Option<(usize, String)>,
    id: String,
    done: bool,
    environments: Vec<String>,
}

/// Inline attributes of an item: `{#id env=a,b estimate=10m}`.
#[derive(Debug, Default, PartialEq)]
struct Attrs {
    id: Option<String>,
    environments: Vec<String>,
    /// As written; checked by `attributes`.
    estimate: Option<String>,
}

pub(crate) fn run<'a>(
    events: Events<'a>,
    ctx: &Ctx<'_>,
    phases: &[PhaseStart],
    diags: &mut Diagnostics,
) -> (Events<'a>, Vec<FoundItem>) {
    let mut ordinals = Ordinals::default();
    let mut open_items = Vec::new();
    let mut tasks = Vec::new();
    let mut found = Vec::new();
    for (i, (e, _)) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Item) => open_items.push(i),
            Event::End(TagEnd::Item) => {
                open_items.pop();
            }
            Event::TaskListMarker(done) => {
                let Some(&start) = open_items.last() else {
                    continue;
                };
                let scan = Scan {
                    events: &events,
                    ctx,
                    phases,
                };
                let (task, item) = scan.task(start, i, *done, &mut ordinals, diags);
                tasks.push(task);
                found.push(item);
            }
            _ => {}
        }
    }
    (rewrite(events, &tasks), found)
}

/// What building one task needs to read.
struct Scan<'s, 'a> {
    events: &'s Events<'a>,
    ctx: &'s Ctx<'s>,
    phases: &'s [PhaseStart],
}

impl Scan<'_, '_> {
    fn task(
        &self,
        start: usize,
        marker: usize,
        done: bool,
        ordinals: &mut Ordinals,
        diags: &mut Diagnostics,
    ) -> (Task, FoundItem) {
        let label_end = label_end(self.events, marker);
        let (attr_text, attrs) = self.attributes(marker, label_end, diags);
        let mut text = String::new();
        for (k, (e, _)) in self
            .events
            .iter()
            .enumerate()
            .take(label_end)
            .skip(marker + 1)
        {
            match &attr_text {
                Some((at, stripped)) if *at == k => text.push_str(stripped),
                _ => push_plain(&mut text, e),
            }
        }
        let text = collapse_ws(&text);
        let offset = self.events[marker].1.start;
        let phase = self.phases.iter().rposition(|p| p.offset <= offset);
        let explicit = attrs.id.clone();
        let id = match &explicit {
            Some(id) => id.clone(),
            None => {
                let segment = phase.map(|p| self.phases[p].segment.as_str());
                ordinals.unique(ids::item_id(self.ctx.opts.page_id, segment, &text))
            }
        };
        let (line, col) = self.ctx.pos(offset);
        let mut item = Item::new(&id, &text, line, col);
        item.explicit_id = explicit.is_some();
        item.done = done;
        item.set_environments(attrs.environments.clone());
        item.estimate = attrs
            .estimate
            .as_deref()
            .and_then(crate::parse::duration::minutes);
        let task = Task {
            start,
            marker,
            label_end,
            attr_text,
            id,
            done,
            environments: attrs.environments,
        };
        (task, FoundItem { item, phase })
    }

    /// Finds `{…}` at the end of the item's first line; reports a bad explicit id.
    fn attributes(
        &self,
        marker: usize,
        label_end: usize,
        diags: &mut Diagnostics,
    ) -> (Option<(usize, String)>, Attrs) {
        let line_end = (marker + 1..label_end)
            .find(|&k| matches!(self.events[k].0, Event::SoftBreak | Event::HardBreak))
            .unwrap_or(label_end);
        let last = line_end - 1;
        let (Event::Text(t), range) = &self.events[last] else {
            return (None, Attrs::default());
        };
        let Some((brace, mut attrs)) = parse_attrs(t) else {
            return (None, Attrs::default());
        };
        if let Some(id) = attrs.id.take_if(|id| !ids::is_valid_explicit(id)) {
            let at = range.start + t.len().min(brace);
            let (line, col) = self.ctx.pos(at);
            diags.push(
                Diagnostic::error(
                    Code::InvalidId,
                    self.ctx.opts.path.clone(),
                    format!("item id `{id}` may only use letters, digits, `.`, `_` and `-`"),
                )
                .at_line(line, col)
                .with_hint("write it like `{#db-backup}`; the item gets a derived id meanwhile"),
            );
        }
        if let Some(e) = attrs
            .estimate
            .as_deref()
            .filter(|e| crate::parse::duration::minutes(e).is_none())
        {
            let at = range.start + t.len().min(brace);
            let (line, col) = self.ctx.pos(at);
            diags.push(
                Diagnostic::error(
                    Code::Checklist,
                    self.ctx.opts.path.clone(),
                    format!("`estimate={e}` is not a duration"),
                )
                .at_line(line, col)
                .with_hint("write minutes or hours, like `estimate=10m`, `estimate=2h` or `estimate=1h30m`"),
            );
        }
        let stripped = t[..brace].trim_end().to_string();
        (Some((last, stripped)), attrs)
    }
}

/// The index of the event that ends the item's first paragraph (its label): the end
/// of the paragraph (loose lists), the first nested block, or the end of the item.
fn label_end(events: &Events<'_>, marker: usize) -> usize {
    let mut depth = 0usize;
    for (k, (e, _)) in events.iter().enumerate().skip(marker + 1) {
        match e {
            Event::Start(tag) if is_inline(tag) => depth += 1,
            Event::End(tag) if is_inline_end(*tag) => depth = depth.saturating_sub(1),
            Event::Start(_) | Event::End(_) | Event::Html(_) | Event::Rule if depth == 0 => {
                return k;
            }
            _ => {}
        }
    }
    events.len()
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Parses a trailing `{#id env=a,b}`: the byte index of `{` and the attributes.
/// `None` when the text does not end with a block made only of known attributes.
fn parse_attrs(text: &str) -> Option<(usize, Attrs)> {
    let body = text.trim_end().strip_suffix('}')?;
    let brace = body.rfind('{')?;
    let inner = &body[brace + 1..];
    // `env=a, b` → `env=a,b`: commas glue environment names together.
    let normalised = inner
        .split(',')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(",");
    let mut attrs = Attrs::default();
    let mut any = false;
    for token in normalised.split_whitespace() {
        any = true;
        if let Some(id) = token.strip_prefix('#') {
            attrs.id = Some(id.to_string());
        } else if let Some(value) = token.strip_prefix("estimate=") {
            attrs.estimate = Some(value.to_string());
        } else if let Some((key, list)) = token.split_once('=') {
            if !matches!(key, "env" | "envs" | "environments") {
                return None;
            }
            let names = list.split(',').map(|s| s.trim_matches(['"', '\'']));
            attrs
                .environments
                .extend(names.filter(|s| !s.is_empty()).map(str::to_string));
        } else {
            return None;
        }
    }
    any.then_some((brace, attrs))
}

/// Writes the checkbox HTML into the events.
fn rewrite<'a>(events: Events<'a>, tasks: &[Task]) -> Events<'a> {
    if tasks.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + tasks.len());
    let mut next = tasks.iter().enumerate().peekable();
    let mut pending: Vec<(usize, &Task)> = Vec::new();
    for (k, (event, range)) in events.into_iter().enumerate() {
        let at = range.start..range.start;
        // Close labels that end here (innermost first).
        while let Some((_, t)) = pending.pop_if(|(_, t)| t.label_end == k) {
            out.push((Event::InlineHtml(close_label(&t.id).into()), at.clone()));
        }
        if let Some((n, t)) = next.next_if(|(_, t)| t.start == k) {
            out.push((Event::Html(open_li(t).into()), range));
            pending.push((n, t));
            continue;
        }
        if let Some((n, t)) = pending.iter().find(|(_, t)| t.marker == k) {
            out.push((Event::InlineHtml(checkbox(t, *n).into()), range));
            continue;
        }
        match pending
            .iter()
            .find_map(|(_, t)| t.attr_text.as_ref().filter(|(i, _)| *i == k))
        {
            Some((_, stripped)) => out.push((Event::Text(CowStr::from(stripped.clone())), range)),
            None => out.push((event, range)),
        }
    }
    while let Some((_, t)) = pending.pop() {
        let end = out.last().map_or(0..0, |(_, r)| r.end..r.end);
        out.push((Event::InlineHtml(close_label(&t.id).into()), end));
    }
    out
}

fn open_li(t: &Task) -> String {
    let id = escape(&t.id);
    let env = if t.environments.is_empty() {
        String::new()
    } else {
        format!(" data-env=\"{}\"", escape(&t.environments.join(" ")))
    };
    format!("<li class=\"task\" id=\"{id}\"{env}>")
}

/// The box of the page's `n`-th item. Its id is short: the item id is already the
/// `<li>`'s id and its permalink, and pages hold hundreds of items.
fn checkbox(t: &Task, n: usize) -> String {
    let checked = if t.done { " checked" } else { "" };
    format!(
        "<input type=\"checkbox\" class=\"task-box\" id=\"cb-{n}\"{checked}><label for=\"cb-{n}\">"
    )
}

fn close_label(id: &str) -> String {
    let id = escape(id);
    format!(
        "</label><a class=\"item-link\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    fn item_ids(body: &str) -> Vec<String> {
        render_page(body)
            .0
            .items
            .iter()
            .map(|i| i.id().to_string())
            .collect()
    }

    #[test]
    fn parses_attributes() {
        assert_eq!(
            parse_attrs("Enable HSTS {#hsts env=production}"),
            Some((
                12,
                Attrs {
                    id: Some("hsts".into()),
                    environments: vec!["production".into()],
                    estimate: None,
                }
            ))
        );
        let (_, a) = parse_attrs("x {env=staging, production}").unwrap();
        assert_eq!(a.environments, ["staging", "production"]);
        assert_eq!(parse_attrs("x {#a}").unwrap().1.id.as_deref(), Some("a"));
        assert_eq!(parse_attrs("use {foo}"), None);
        assert_eq!(parse_attrs("x {}"), None);
        assert_eq!(parse_attrs("x {#a} and more"), None);
        assert_eq!(parse_attrs("x {color=red}"), None);
    }

    #[test]
    fn renders_checkbox_label_and_permalink() {
        let (doc, _) = render_page("- [ ] Enable HSTS {#hsts env=production}\n");
        assert_eq!(
            &*doc.html,
            "<ul>\n<li class=\"task\" id=\"hsts\" data-env=\"production\"><input type=\"checkbox\" class=\"task-box\" id=\"cb-0\"><label for=\"cb-0\">Enable HSTS</label><a class=\"item-link\" href=\"#hsts\" aria-hidden=\"true\" tabindex=\"-1\">#</a></li>\n</ul>\n"
        );
        let item = &doc.items[0];
        assert_eq!(item.text(), "Enable HSTS");
        assert!(item.explicit_id);
        assert_eq!(item.environments(), ["production"]);
        assert!(!doc.html.contains("disabled"));
    }

    #[test]
    fn done_items_are_checked() {
        let (doc, _) = render_page("- [x] a\n- [X] b\n- [ ] c\n");
        let done: Vec<bool> = doc.items.iter().map(|i| i.done).collect();
        assert_eq!(done, [true, true, false]);
        assert_eq!(doc.html.matches(" checked>").count(), 2);
    }

    #[test]
    fn every_list_style_counts() {
        let body = "- [ ] a\n* [ ] b\n+ [ ] c\n1. [ ] d\n2) [x] e\n\n> - [ ] quoted\n\n- [ ] parent\n  - [ ] child\n\n<div dir=\"rtl\">\n\n- [ ] in div\n\n</div>\n";
        let (doc, _) = render_page(body);
        let texts: Vec<&str> = doc.items.iter().map(|i| i.text()).collect();
        assert_eq!(
            texts,
            [
                "a", "b", "c", "d", "e", "quoted", "parent", "child", "in div"
            ]
        );
    }

    #[test]
    fn loose_item_label_wraps_first_paragraph() {
        let (doc, _) = render_page("- [ ] first para\n\n  more text\n\n- [ ] two\n");
        assert!(
            doc.html
                .contains("<label for=\"cb-0\">first para</label><a class=\"item-link\""),
            "{}",
            doc.html
        );
        assert!(doc.html.contains("<p>more text</p>"), "{}", doc.html);
        assert_eq!(doc.items[0].text(), "first para");
    }

    #[test]
    fn nested_list_stays_outside_the_label() {
        let (doc, _) = render_page("- [ ] parent **bold**\n  - [ ] child\n");
        let html = &doc.html;
        let parent_label_end = html.find("</label>").unwrap();
        assert!(
            parent_label_end
                < html
                    .find("<ul>\n<li class=\"task\" id=\"p/child\"")
                    .unwrap(),
            "{html}"
        );
        assert_eq!(doc.items[0].text(), "parent bold");
    }

    #[test]
    fn pseudo_checkboxes_are_not_items() {
        let (doc, _) = render_page(
            "| a | b |\n|---|---|\n| x | :white_check_mark: |\n\n- :black_square_button: no\n- [] no\n",
        );
        assert!(doc.items.is_empty());
    }

    #[test]
    fn derived_ids_use_phase_and_text() {
        assert_eq!(
            item_ids("- [ ] Before\n## Phase 1: TLS\n- [ ] Enable `HSTS` now\n"),
            ["p/before", "p/phase-1-tls/enable-hsts-now"]
        );
    }

    #[test]
    fn repeated_text_gets_ordinals_and_phases_separate() {
        assert_eq!(
            item_ids("## Issue 1: a\n- [ ] live\n- [ ] live\n## Issue 2: b\n- [ ] live\n"),
            ["p/issue-1-a/live", "p/issue-1-a/live-2", "p/issue-2-b/live"]
        );
    }

    #[test]
    fn editing_one_item_changes_no_other_id() {
        let before = item_ids("## A\n- [ ] one\n- [ ] two\n- [ ] three\n");
        let after = item_ids("## A\n- [ ] one\n- [ ] TWO edited\n- [ ] three\n");
        assert_eq!(before[0], after[0]);
        assert_eq!(before[2], after[2]);
        assert_ne!(before[1], after[1]);
    }

    #[test]
    fn reordering_phases_changes_no_id() {
        let mut a = item_ids("## A\n- [ ] x\n## B\n- [ ] y\n");
        let mut b = item_ids("## B\n- [ ] y\n## A\n- [ ] x\n");
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let ids = item_ids(
            "- [ ] Generate a strong secret key and store it in the vault before deploying\n",
        );
        assert_eq!(ids, ["p/generate-a-strong-secret-key-and-store-it-in-the"]);
    }

    #[test]
    fn invalid_explicit_id_is_reported_and_derived_instead() {
        let (doc, d) = render_page("- [ ] Rotate {#db/key}\n");
        assert_eq!(doc.items[0].id(), "p/rotate");
        assert!(!doc.items[0].explicit_id);
        let diag = d.iter().next().expect("a diagnostic");
        assert_eq!(diag.code, Code::InvalidId);
        assert_eq!((diag.line, diag.col), (1, 14));
        assert!(!doc.html.contains("{#"), "{}", doc.html);
    }

    #[test]
    fn attributes_only_at_end_of_first_line() {
        let (doc, _) = render_page("- [ ] Rotate {#k}\n  continued\n");
        assert_eq!(doc.items[0].id(), "k");
        assert_eq!(doc.items[0].text(), "Rotate continued");
        let (doc, _) = render_page("- [ ] Rotate\n  continued {#k}\n");
        assert_eq!(doc.items[0].id(), "p/rotate-continued-k");
    }

    #[test]
    fn item_position_is_the_box() {
        let (doc, _) = render_page("# T\n\n  - [ ] x\n");
        assert_eq!((doc.items[0].line, doc.items[0].col), (3, 5));
    }
}
