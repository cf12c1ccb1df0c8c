//! Markdown body → `model::Document`: body HTML plus headings, phases, checklist items,
//! internal links and anchors. Pure: text in, values out, problems into `Diagnostics`.
//!
//! Before that, `admonitions.rs` rewrites MkDocs (`!!! note`) and Docusaurus
//! (`:::note`) admonitions into GitHub alert quotes, line for line, and content tabs
//! (`=== "Tab"`, `<Tabs>`) into quotes too.
//!
//! pulldown-cmark parses once (tables, footnotes, strikethrough, task lists, heading
//! attributes, definition lists as MkDocs writes them, GFM alerts; consecutive text merged, byte offsets kept); then one event
//! pass per feature rewrites the event list, in this order:
//!
//! - `headings.rs`: GitHub-compatible ids, self-link anchors, the heading list;
//! - `phases.rs`  : which headings start a phase (not an event pass: works on headings);
//! - `tasks.rs`   : task-list items → checkbox + label + permalink, inline `{#id env=…}`
//!   attributes, stable ids;
//! - `alerts.rs`  : (titles only) the admonitions' titles as inline Markdown events;
//! - `mdx_images.rs`: (Docusaurus) `<img src>`, JSX `src={require(…)}` and Markdown
//!   images in raw HTML: files recorded and written to their published place;
//! - `links.rs`   : internal links recorded with line:col, `.md` → `.html`;
//! - `attr_list.rs`: (MkDocs) `**x**{ #id .class }` sets the span's attributes;
//! - `tabs.rs`    : the tabs' quotes → tab sets and panels (`div.tabs`);
//! - `alerts.rs`  : `> [!NOTE]` alerts and `> **Note:**` admonitions → `div.alert`;
//! - `emoji.rs`   : `:rocket:` shortcodes → emoji (ids keep the text as written);
//! - `marks.rs`   : (MkDocs) `==mark==`, `^^ins^^`, `++ctrl+c++` with their extensions;
//! - `code.rs`    : fenced/indented code → highlighted block with a copy button;
//! - `anchors.rs` : every id the page defines, including raw HTML `id=`/`<a name=>`;
//! - `blocks.rs`  : (collects only, before `tasks.rs`) code blocks, tables and list
//!   items with lines and sections, for the secret inventory.
//!
//! pulldown-cmark's HTML writer then prints the events. Raw HTML passes through; the
//! output HTML is never searched or rewritten with regexes.

mod admonitions;
mod alerts;
mod anchors;
mod attr_list;
mod blocks;
mod code;
mod emoji;
mod headings;
mod links;
mod marks;
mod mdx_images;
mod phases;
mod tabs;
mod tasks;
pub(crate) mod text;

pub(crate) use admonitions::{class_of as admonition_class, default_title as admonition_title};
pub(crate) use attr_list::AttrListOptions;
pub(crate) use links::{below_repo_content, from_page_url, is_route, split_dest};

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, TextMergeWithOffset};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::html::escape;
use crate::base::path::RelPath;
use crate::model::{self, Phase};

/// What `render` needs to know about the page besides its body.
#[derive(Debug, Clone)]
pub(crate) struct MarkdownOptions<'a> {
    /// For diagnostics, e.g. `content/ops/deploy.md`.
    pub(crate) path: &'a RelPath,
    /// Runbook id, e.g. `ops/deploy`; prefix of derived item ids.
    pub(crate) page_id: &'a str,
    /// `[phases] heading-level`, default 2.
    pub(crate) phase_level: u8,
    /// Lines of front matter before the body.
    pub(crate) line_offset: u32,
    /// How root-relative links are read; `None`: left as they are, unchecked.
    pub(crate) repo_links: Option<RepoLinks<'a>>,
    /// Extensionless links are routes to pages (`./installation` → `installation.html`),
    /// as a Docusaurus site reads them (`Config::routes`).
    pub(crate) routes: bool,
    /// In a Hugo site, every page's file, sorted, and the default language: a link
    /// to a page's URL (`../other-page/`), which Hugo reads from the page's own URL
    /// (`/docs/page/`), is a link to that page's file (`links::hugo_url`).
    pub(crate) hugo_pages: Option<HugoPages<'a>>,
    /// An MkDocs book, and how its `toc` makes ids (`slugify`): each heading also
    /// answers to the id MkDocs gives it (`ids::mkdocs_slug`), so the book's own
    /// links to it keep working.
    pub(crate) mkdocs_ids: Option<crate::config::mkdocs_ext::TocSlug>,
    /// Which attribute lists (`**x**{ #id }`) are read: an MkDocs book with the
    /// `attr_list` extension, and whether it has `pymdownx.superfences` too
    /// (`attr_list.rs`).
    pub(crate) attr_list: AttrListOptions,
    /// pymdown-extensions' inline marks an MkDocs book's `markdown_extensions` lists
    /// (`marks.rs`).
    pub(crate) marks: crate::config::mkdocs_ext::InlineMarks,
}

/// What a Hugo site's links are read against (`links::hugo_url`); an MkDocs book
/// with `use_directory_urls` uses it too, with no files, language or taxonomies
/// (`parse::book`), as MkDocs reads links to page URLs the same way.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HugoPages<'a> {
    /// Every page's file, sorted (`content/docs/page.md`).
    pub(crate) pages: &'a [String],
    /// Every other content file, sorted (`content/docs/img/x.svg`).
    pub(crate) files: &'a [String],
    /// The default language (`en`): `page.en.md` is its page.
    pub(crate) language: &'a str,
    /// The folders of the taxonomies Hugo makes pages for (`content/tags`): a link to
    /// `/tags/x/` or `../tags/x/` is one to the page `parse::hugo_taxonomy` makes,
    /// `content/tags/x/_index.md`.
    pub(crate) taxonomies: &'a [String],
    /// A relative link names a page from the linking page's folder first, as the
    /// site's link render hook's `GetPage` reads it (`config::hugo::Hugo::links_by_get_page`).
    pub(crate) by_get_page: bool,
    /// A folder's `README.md` is its page when it has no `index.md` (MkDocs); Hugo
    /// reads only `_index.md` and `index.md`.
    pub(crate) readme_index: bool,
    /// Hugo lowercases the site's URLs (`Config::hugo_lowers_paths`): links to pages
    /// are written lowercased, links to files with their folders lowercased, and a
    /// link in Hugo's URL form (`/docs/setup/`) finds `content/Docs/Setup.md`.
    pub(crate) lower: bool,
}

/// Root-relative links (`/docs/x.md`) read as GitHub reads them, from the top of the
/// repository (`Config::repo_content`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RepoLinks<'a> {
    /// The content folder's place in the repository (`content`, `docs/content`).
    pub(crate) content: &'a str,
    /// The page's path in the site (`ops/deploy.html`), which links are relative to.
    pub(crate) url: &'a str,
    /// A Docusaurus site's versions as its URLs name them (`next`, `1.0`): a link
    /// below the route base to one of them (`/docs/1.0/setup`) is another version's
    /// page, left as it is (the root's redirects lead there).
    pub(crate) versions: &'a [String],
    /// A Docusaurus site's static folders (`static`): links to their files are
    /// written to the files published at the site's root (`parse::static_files`).
    pub(crate) statics: &'a [String],
    /// The static files are at the site's root one folder above the page's version
    /// (`config::docusaurus::Docusaurus::shared_statics`).
    pub(crate) statics_up: bool,
    /// A Docusaurus site's other docs instances, whose folders links lead into
    /// (`parse::docs_instances`), and the docs' folder (the pages' prefix).
    pub(crate) instances: &'a [crate::config::docusaurus::DocsInstance],
    pub(crate) docs_dir: &'a str,
    /// With the docs at `routeBasePath: '/'`, the routes they do not own (`blog`, a
    /// page of `src/pages/`: `Docusaurus::foreign_routes`): links there are left as
    /// they are.
    pub(crate) foreign: &'a [String],
}

/// The event list every pass reads and rewrites: events with their source byte range.
type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Shared read-only context of one page's passes.
struct Ctx<'a> {
    body: &'a str,
    opts: &'a MarkdownOptions<'a>,
    index: LineIndex,
}

impl Ctx<'_> {
    /// 1-based line and column in the *file* of a byte offset in the body.
    fn pos(&self, offset: usize) -> (u32, u32) {
        let (line, col) = self.index.line_col(self.body, offset);
        (line.saturating_add(self.opts.line_offset), col)
    }
}

/// Renders a Markdown body (front matter already split off) into a `Document`.
pub(crate) fn render(
    body: &str,
    opts: &MarkdownOptions<'_>,
    diags: &mut Diagnostics,
) -> model::Document {
    let rewritten = admonitions::rewrite(body);
    let (body, admonished, tabbed) = match &rewritten {
        Some((text, found, tabs)) => (text.as_str(), found.as_slice(), tabs.as_slice()),
        None => (body, &[][..], &[][..]),
    };
    let ctx = Ctx {
        body,
        opts,
        index: LineIndex::new(body),
    };
    let events = parse(body);
    let (events, heads) = headings::run(events, &ctx);
    let phase_starts = phases::split(&heads, opts.phase_level);
    check_run_attributes(&heads, &phase_starts, &ctx, diags);
    let h1 = heads.iter().find(|h| h.level == 1).map(|h| h.text.clone());
    let blocks = blocks::collect(&events, &ctx, &heads);
    let (events, found) = tasks::run(events, &ctx, &phase_starts, diags);
    let events = alerts::titles(events, admonished);
    let mut mdx_links = Vec::new();
    let events = mdx_images::run(events, &ctx, &mut mdx_links);
    let (events, mut links) = links::run(events, &ctx);
    if !mdx_links.is_empty() {
        links.extend(mdx_links);
        links.sort_by_key(|l| (l.line, l.col));
    }
    let events = attr_list::run(events, ctx.body, opts.attr_list);
    let events = tabs::run(events, tabbed);
    let events = alerts::run(events, admonished);
    let events = emoji::run(events);
    let events = marks::run(events, opts.marks);
    let (events, codes, given_up) = code::run(events);
    for (offset, lang) in given_up {
        let (line, col) = ctx.pos(offset);
        diags.push(
            Diagnostic::warning(
                Code::Highlight,
                ctx.opts.path.clone(),
                format!("the {lang} highlighter did not finish this block in 3 seconds; it is shown without colours"),
            )
            .at_line(line, col)
            .with_hint("a known loop of the highlighter's grammar: tag the block with another language (`ts` for TypeScript) or split the line it stops on"),
        );
    }
    let (phases, items) = assign_phases(&phase_starts, found, h1.as_deref());
    let anchors = anchors::collect(&events, &heads, &items);
    let mut html = String::with_capacity(html_size(&events));
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    // No shrink_to_fit: `Arc<str>::from` below copies into an allocation of the exact size.
    let diagrams = blocks.code_blocks.iter().any(|c| c.lang == code::DIAGRAM);
    model::Document {
        diagrams,
        sections: text::sections(&html, &codes).into(),
        html: html.into(),
        h1,
        headings: heads
            .into_iter()
            .map(headings::HeadingInfo::into_model)
            .collect(),
        phases,
        items: items.into(),
        links: links.into(),
        other_anchors: anchors.into(),
        code_blocks: blocks.code_blocks.into(),
        tables: blocks.tables.into(),
        list_items: blocks.list_items.into(),
        mentions: None,
        spilled: None,
    }
}

/// About the length of the HTML the events print: their text plus a few bytes of tag
/// each, and an eighth for escapes. Highlighted code makes the HTML several times the
/// Markdown, so growing a buffer from the body's length would copy it three times.
fn html_size(events: &Events<'_>) -> usize {
    let text: usize = events
        .iter()
        .map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => t.len(),
            _ => 8,
        })
        .sum();
    text + text / 8
}

fn parse(body: &str) -> Events<'_> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    // About one event per 16 bytes of Markdown in real runbooks.
    let mut events = Vec::with_capacity(body.len() / 12 + 16);
    events.extend(TextMergeWithOffset::new(
        Parser::new_ext(body, options).into_offset_iter(),
    ));
    events
}

/// A heading's run attributes (`{gate approvers=… estimate=…}`): an estimate that is not a
/// duration is an error; any of them on a heading that does not start a phase is a
/// warning (they would do nothing).
fn check_run_attributes(
    heads: &[headings::HeadingInfo],
    starts: &[phases::PhaseStart],
    ctx: &Ctx<'_>,
    diags: &mut Diagnostics,
) {
    for h in heads {
        let path = ctx.opts.path.clone();
        if let Some(e) = h.estimate.as_deref()
            && crate::parse::duration::minutes(e).is_none()
        {
            diags.push(
                Diagnostic::error(Code::Checklist, path.clone(), format!("`estimate={e}` is not a duration"))
                    .at_line(h.line, 1)
                    .with_hint("write minutes or hours, like `estimate=30m`, `estimate=2h` or `estimate=1h30m`"),
            );
        }
        let has_any = h.gate || !h.approvers.is_empty() || h.estimate.is_some();
        if has_any && !starts.iter().any(|s| s.offset == h.offset) {
            diags.push(
                Diagnostic::warning(
                    Code::Checklist,
                    path,
                    format!(
                        "`{}` is not a phase, so its gate or estimate does nothing",
                        h.text
                    ),
                )
                .at_line(h.line, 1)
                .with_hint("put `{gate}` and `estimate=` on a phase heading (see the runs guide)"),
            );
        }
    }
}

/// Builds the phase list (a leading phase first when items precede the first phase
/// heading) and points every item at its phase.
fn assign_phases(
    starts: &[phases::PhaseStart],
    found: Vec<tasks::FoundItem>,
    h1: Option<&str>,
) -> (Vec<Phase>, Vec<model::Item>) {
    let leading = found.iter().find(|f| f.phase.is_none()).map(|f| Phase {
        id: None,
        title: h1.unwrap_or("Before you start").to_string(),
        line: f.item.line,
        gate: false,
        approvers: Vec::new(),
        estimate: None,
    });
    let shift = usize::from(leading.is_some());
    let phases: Vec<Phase> = leading
        .into_iter()
        .chain(starts.iter().map(|s| s.phase.clone()))
        .collect();
    let items = found
        .into_iter()
        .map(|f| {
            let mut item = f.item;
            item.phase = f.phase.map_or(0, |p| p + shift);
            item
        })
        .collect();
    (phases, items)
}

/// Plain text of inline events: text and inline code, breaks as spaces, HTML left out.
fn plain_text<'e, 'a: 'e>(events: impl IntoIterator<Item = &'e Event<'a>>) -> String {
    let mut out = String::new();
    for e in events {
        push_plain(&mut out, e);
    }
    out
}

/// Appends the plain text of one inline event to `out` (see `plain_text`).
fn push_plain(out: &mut String, e: &Event<'_>) {
    match e {
        Event::Text(t) | Event::Code(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        _ => {}
    }
}

/// Collapses runs of whitespace into one space and trims.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// Renders `body` as page `p` (`content/p.md`) with H2 phases.
    pub(crate) fn render_page(body: &str) -> (model::Document, Diagnostics) {
        let path = RelPath::new("content/p.md");
        let opts = MarkdownOptions {
            repo_links: None,
            routes: false,
            hugo_pages: None,
            mkdocs_ids: None,
            attr_list: Default::default(),
            marks: Default::default(),
            path: &path,
            page_id: "p",
            phase_level: 2,
            line_offset: 0,
        };
        let mut d = Diagnostics::new();
        let doc = render(body, &opts, &mut d);
        (doc, d)
    }

    /// `md` parsed (strikethrough on), its adjacent texts merged as the passes before
    /// the inline ones leave them, put through `pass`, and printed as HTML.
    pub(crate) fn html_after(md: &str, pass: impl FnOnce(Events<'_>) -> Events<'_>) -> String {
        let events: Events<'_> =
            pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
                .into_offset_iter()
                .collect();
        let mut merged: Events<'_> = Vec::new();
        for (e, r) in events {
            match (merged.last_mut(), e) {
                (Some((Event::Text(a), ar)), Event::Text(b)) => {
                    *a = format!("{a}{b}").into();
                    ar.end = r.end;
                }
                (_, e) => merged.push((e, r)),
            }
        }
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, pass(merged).into_iter().map(|(e, _)| e));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::render_page;

    #[test]
    fn definition_lists_as_mkdocs_writes_them() {
        let (doc, _) = render_page("# T\n\nTimeout\n:   How long to wait, in seconds.\n");
        let html = doc.html.to_string();
        assert!(
            html.contains("<dl>\n<dt>Timeout</dt>\n<dd>How long to wait, in seconds.</dd>\n</dl>"),
            "{html}"
        );
    }

    #[test]
    fn fills_every_field() {
        let (doc, d) = render_page(
            "# Deploy\n\n- [ ] first\n\n## Phase 1: TLS\n\nSee [x](x.md).[^n]\n\n- [x] second\n\n[^n]: note\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(doc.h1.as_deref(), Some("Deploy"));
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(doc.phases.len(), 2);
        assert_eq!(doc.phases[0].title, "Deploy");
        assert_eq!(doc.items.len(), 2);
        assert_eq!(doc.items[1].phase, 1);
        assert_eq!(doc.links.len(), 1);
        assert!(doc.has_anchor("n"), "{:?}", doc.anchors());
        assert!(doc.html.contains("href=\"x.html\""), "{}", doc.html);
    }

    #[test]
    fn line_offset_moves_every_line() {
        let path = crate::base::path::RelPath::new("content/p.md");
        let opts = super::MarkdownOptions {
            repo_links: None,
            routes: false,
            hugo_pages: None,
            mkdocs_ids: None,
            attr_list: Default::default(),
            marks: Default::default(),
            path: &path,
            page_id: "p",
            phase_level: 2,
            line_offset: 3,
        };
        let mut d = crate::base::diag::Diagnostics::new();
        let doc = super::render("## A\n- [ ] x [l](y.md)\n", &opts, &mut d);
        assert_eq!(doc.headings[0].line, 4);
        assert_eq!(doc.phases[0].line, 4);
        assert_eq!((doc.items[0].line, doc.items[0].col), (5, 3));
        assert_eq!((doc.links[0].line, doc.links[0].col), (5, 9));
    }

    #[test]
    fn crlf_body_renders_like_lf() {
        let lf = render_page("# T\n\n- [ ] a\n- [x] b\n\n```sh\necho hi\n```\n").0;
        let crlf =
            render_page("# T\r\n\r\n- [ ] a\r\n- [x] b\r\n\r\n```sh\r\necho hi\r\n```\r\n").0;
        assert_eq!(lf.items, crlf.items);
        assert_eq!(lf.html.replace('\r', ""), crlf.html.replace('\r', ""));
    }
}
#[cfg(test)]
mod corpus_tests;
