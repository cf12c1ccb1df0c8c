//! Collecting pass (rewrites nothing): fenced and indented code blocks, pipe tables and
//! list items' own text, each with its 1-based file line and the nearest heading above
//! it, for the secret inventory (`secrets/found.rs`). Must run before `code.rs`, which
//! replaces code blocks with highlighted HTML.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::headings::HeadingInfo;
use super::{Ctx, Events};
use crate::model::{CodeBlock, ListItem, Table};

/// What the page holds, in source order.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    pub(crate) code_blocks: Vec<CodeBlock>,
    pub(crate) tables: Vec<Table>,
    pub(crate) list_items: Vec<ListItem>,
}

/// The table being read: header cells, rows, the cell being filled.
#[derive(Default)]
struct OpenTable {
    line: u32,
    in_head: bool,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

pub(crate) fn collect(events: &Events<'_>, ctx: &Ctx<'_>, heads: &[HeadingInfo]) -> Blocks {
    let mut out = Blocks::default();
    let mut code: Option<(String, u32, String)> = None;
    let mut table: Option<OpenTable> = None;
    // Open list items: their line and own text (nested items are separate entries).
    let mut items: Vec<(u32, String)> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        crate::parse::highlight::language_of(info).unwrap_or_default()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let (line, _) = ctx.pos(range.start);
                let first = match kind {
                    CodeBlockKind::Fenced(_) => line + 1,
                    CodeBlockKind::Indented => line,
                };
                code = Some((lang, first, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, line, text)) = code.take() {
                    let section = section_at(heads, line);
                    out.code_blocks.push(CodeBlock {
                        lang,
                        text,
                        line,
                        section,
                    });
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(OpenTable {
                    line: ctx.pos(range.start).0,
                    ..OpenTable::default()
                });
            }
            Event::Start(Tag::TableHead) => table.iter_mut().for_each(|t| t.in_head = true),
            Event::End(TagEnd::TableHead) => table.iter_mut().for_each(|t| t.in_head = false),
            Event::Start(Tag::TableRow) => table.iter_mut().for_each(|t| t.rows.push(Vec::new())),
            Event::Start(Tag::TableCell) => {
                table.iter_mut().for_each(|t| t.cell = Some(String::new()))
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = table.as_mut() {
                    let cell = t.cell.take().unwrap_or_default().trim().to_string();
                    match (t.in_head, t.rows.last_mut()) {
                        (true, _) | (false, None) => t.header.push(cell),
                        (false, Some(row)) => row.push(cell),
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    let section = section_at(heads, t.line);
                    out.tables.push(Table {
                        header: t.header,
                        rows: t.rows,
                        line: t.line,
                        section,
                    });
                }
            }
            Event::Start(Tag::Item) => items.push((ctx.pos(range.start).0, String::new())),
            Event::End(TagEnd::Item) => {
                if let Some((line, text)) = items.pop() {
                    let section = section_at(heads, line);
                    out.list_items.push(ListItem {
                        text: text.trim().to_string(),
                        line,
                        section,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                let ticked = matches!(event, Event::Code(_));
                if let Some((_, _, text)) = code.as_mut() {
                    text.push_str(t);
                } else if let Some(cell) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                    cell.push_str(t);
                } else if let Some((_, text)) = items.last_mut() {
                    push_inline(text, t, ticked);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = items.last_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    out.list_items.sort_by_key(|i| i.line);
    out
}

/// Appends inline text; inline code keeps its backticks so names stay recognisable.
fn push_inline(text: &mut String, t: &str, ticked: bool) {
    if ticked {
        text.push('`');
        text.push_str(t);
        text.push('`');
    } else {
        text.push_str(t);
    }
}

/// Anchor of the nearest heading at or above `line`.
fn section_at(heads: &[HeadingInfo], line: u32) -> Option<String> {
    heads
        .iter()
        .rev()
        .find(|h| h.line <= line)
        .map(|h| h.id.clone())
}
