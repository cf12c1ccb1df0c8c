//! Hugo's shortcodes in a page of a Hugo site, read before the Markdown passes:
//! `{{< ref "x.md" >}}` and `{{< relref "x.md#anchor" >}}` (also `{{% … %}}`, and
//! single, double or back quotes, or none) become the target page's path relative to
//! the page (`../docs/x.md#anchor`), so `[t]({{< ref "x.md" >}})` is an ordinary link:
//! the link pass points it at the built page and the checks find a missing page or
//! anchor (`broken-link`, at the link). A path is looked for as Hugo does: from the
//! page's folder, then from `content/` (a leading `/`: only there), as a file, with
//! `.md`, as a folder's `_index.md` or `index.md`, and last by its file name alone when
//! one page has it. `{{< param "key" >}}` prints the page's front-matter value of
//! `key`, else the site's (`[params]` of its config; `a.b` goes into tables, as
//! `parse/hugo_page.rs` reads them); a key neither has is a `shortcode` warning (Hugo
//! stops the build there) and prints nothing.
//!
//! The common theme shortcodes and Hugo's other built-in ones become the Markdown
//! `shortcode_blocks.rs` says (admonitions, tabs, collapsible blocks, code, links);
//! names are read in any case (`relRef`), pairs nest. Any other shortcode is a
//! `shortcode` warning naming it, at its line and column: a paired one
//! (`{{< katex >}}…{{< /katex >}}`) shows its inner text, a single one is left out;
//! so is a rendered one that is never closed. `{{</* x */>}}` is Hugo's way to show a
//! shortcode as text: it stays, without the comment marks, in code too. Other
//! shortcodes in code (fenced, indented, inline) are left alone.
//!
//! Lines stay where they were, except that a block shortcode (a fence, a tab) whose
//! line has other text gets lines of its own: `Expansion::lines` maps each line back
//! to the body's, for the page's diagnostics. Those lines start as the tag's line does
//! (its indentation and block quote marks), so a shortcode written in a block quote
//! (`> {{< hint >}}` … `> {{< /hint >}}`) stays in it, as Hugo puts its output there.
//! In a table cell, which holds one line, a pair closed in the same cell becomes text
//! on that line (`shortcode_blocks.rs`'s `open_in_cell`); tabs there, or a pair closed
//! outside its cell, are a `shortcode` warning and show their inner text. Pure.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use crate::config::hugo::OwnShortcode;
use crate::model::FrontMatter;
use crate::parse::book::below_content;
use crate::parse::shortcode_blocks::{self, Blocks, Out};
use crate::parse::shortcode_writer::Expansion;
use crate::parse::shortcode_writer::{Writer, container_prefix};

/// What resolving a page's shortcodes needs besides its body.
pub(crate) struct ShortcodeOptions<'a> {
    /// The page's file (`content/docs/a.md`), for diagnostics and relative paths.
    pub(crate) path: &'a RelPath,
    /// The pages' folder (`content`).
    pub(crate) prefix: &'a str,
    /// Every page's path, sorted (`content/docs/b.md`).
    pub(crate) pages: &'a [String],
    /// Lines of front matter before the body.
    pub(crate) line_offset: u32,
    /// The site's default language (`en`): `_index.en.md` is found as `_index.md`.
    pub(crate) language: &'a str,
    /// The page's front matter and the site's `params`, for `param`.
    pub(crate) front: &'a FrontMatter,
    pub(crate) site_params: &'a serde_json::Value,
    /// The site's themes (`config::hugo::Hugo::themes`).
    pub(crate) themes: &'a [String],
    /// The site's own shortcodes (`config::hugo::Hugo::own_shortcodes`).
    pub(crate) own: &'a BTreeMap<String, OwnShortcode>,
    /// Files read in stage 2 (`source::includes::Includes::files`): the `static/`
    /// files a site's own shortcode shows (`shortcode_include.rs`).
    pub(crate) files: &'a BTreeMap<String, Vec<u8>>,
}

/// One `{{< … >}}` or `{{% … %}}` in the body.
#[derive(Debug)]
struct Tag_ {
    range: Range<usize>,
    name: String,
    args: Vec<Arg>,
    closing: bool,
    /// `{{</* x */>}}`: shown as written, without the comment marks.
    escaped: bool,
}

/// One argument of a tag: `value`, `"value"` or `key="value"`, quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    pub(crate) key: Option<String>,
    pub(crate) value: String,
}

/// The body with its shortcodes done; `None` when it has none.
pub(crate) fn expand(
    body: &str,
    opts: &ShortcodeOptions<'_>,
    diags: &mut Diagnostics,
) -> Option<Expansion> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return None;
    }
    let places = Places::of(body);
    let tags = find_tags(body, &places.code);
    if tags.is_empty() {
        return None;
    }
    let partner = pair(&tags);
    let index = LineIndex::new(body);
    let mut w = Writer::new(body);
    let mut blocks = Blocks::new(opts.themes);
    // For each pair opened, whether `blocks` took it.
    let mut taken = vec![false; tags.len()];
    let resolve = |target: &str| resolve_ref(target, opts);
    for (i, tag) in tags.iter().enumerate() {
        w.copy_to(tag.range.start, blocks.in_columns());
        w.skip_to(tag.range.end);
        if tag.escaped {
            w.push(&escaped_text(&body[tag.range.clone()]));
            continue;
        }
        let name = tag.name.to_ascii_lowercase();
        let first = tag.args.first().map_or("", |a| a.value.as_str());
        let out = match (name.as_str(), partner[i]) {
            (_, Some(open)) if tag.closing => {
                if taken[open] {
                    w.put(&blocks.close(), tag.range.start);
                    w.close_pair();
                }
                continue;
            }
            ("ref" | "relref", _) if !tag.closing => Out::Inline(resolve_ref(first, opts)),
            ("param", _) if !tag.closing => {
                match crate::parse::hugo_page::param(opts.front, opts.site_params, first) {
                    Some(value) => Out::Inline(value),
                    None => {
                        let d = missing_param(first, opts.path);
                        diags.push(placed(d, body, &index, tag.range.start, opts));
                        continue;
                    }
                }
            }
            (_, Some(close)) => {
                let inner = &body[tag.range.end..tags[close].range.start];
                let opened = match places.cell(tag.range.start) {
                    None => blocks.open(&name, &tag.args, inner, &resolve),
                    Some(cell) if !cell.contains(&tags[close].range.start) => None,
                    Some(_) => blocks.open_in_cell(&name, &tag.args, inner, &resolve),
                };
                match opened {
                    Some(out) => {
                        taken[i] = true;
                        w.put(&out, tag.range.start);
                        w.open_pair(tag.range.start);
                        continue;
                    }
                    None => {
                        let d = not_opened(tag, &tags[close], &places, opts);
                        diags.push(placed(d, body, &index, tag.range.start, opts));
                        continue;
                    }
                }
            }
            (_, None) if !tag.closing && opts.own.get(&name).is_some_and(|o| o.reads.is_some()) => {
                let from = opts.own.get(&name).and_then(|o| o.reads);
                let from = from.expect("invariant: the guard saw `reads`");
                match crate::parse::shortcode_include::show(
                    &tag.name, &tag.args, opts.files, opts.path, from,
                ) {
                    Ok(out) => out,
                    Err(d) => {
                        diags.push(placed(*d, body, &index, tag.range.start, opts));
                        continue;
                    }
                }
            }
            (_, None) => {
                let out = match places.cell(tag.range.start) {
                    _ if name == "button" => shortcode_blocks::single_button(&tag.args, &resolve),
                    Some(_) => shortcode_blocks::single_in_cell(&name, &tag.args),
                    None => shortcode_blocks::single(&name, &tag.args, alone(body, &tag.range)),
                };
                match out
                    .filter(|_| !tag.closing && !shortcode_blocks::needs_closing(&name, &tag.args))
                {
                    Some(out) => out,
                    None => {
                        let d = unknown(tag, false, opts);
                        diags.push(placed(d, body, &index, tag.range.start, opts));
                        continue;
                    }
                }
            }
        };
        w.put(&out, tag.range.start);
    }
    Some(w.finish())
}

/// `d` at the place of byte `at` of the body.
fn placed(
    d: Diagnostic,
    body: &str,
    index: &LineIndex,
    at: usize,
    opts: &ShortcodeOptions<'_>,
) -> Diagnostic {
    let (line, col) = index.line_col(body, at);
    d.at(body, line, col)
        .at_line(line.saturating_add(opts.line_offset), col)
}

/// Whether nothing but the tag at `range` is on its line (after its indentation and
/// quote marks).
fn alone(body: &str, range: &Range<usize>) -> bool {
    let start = body[..range.start].rfind('\n').map_or(0, |n| n + 1);
    let end = body[range.end..]
        .find('\n')
        .map_or(body.len(), |n| range.end + n);
    let before = &body[start..range.start];
    container_prefix(before).len() == before.len() && body[range.end..end].trim().is_empty()
}

/// The warning for a `param` neither the page nor the site has.
fn missing_param(key: &str, path: &RelPath) -> Diagnostic {
    Diagnostic::warning(
        Code::Shortcode,
        path.clone(),
        format!("`param \"{key}\"`: neither the page's front matter nor the site's `params` has `{key}`; nothing is printed"),
    )
    .with_hint(format!(
        "Hugo stops the build here; add `{key}` to the page's front matter or to `[params]` in the site's config"
    ))
}

/// The warning for a shortcode opsbook does not render (`paired`: with a closing
/// tag, whose inner text is shown).
fn unknown(tag: &Tag_, paired: bool, opts: &ShortcodeOptions<'_>) -> Diagnostic {
    const RENDERED: &str = "opsbook renders Hugo's built-in shortcodes and the common theme ones its guide lists (Moving from Hugo)";
    let slash = if tag.closing { "/" } else { "" };
    let name = tag.name.to_ascii_lowercase();
    let own = opts.own.get(&name);
    let rendered = match own {
        Some(own) => format!(
            "it is this site's own shortcode (`{}`), a Hugo template opsbook does not run",
            own.file
        ),
        None => RENDERED.to_string(),
    };
    let (message, hint) = if paired {
        (
            format!(
                "Hugo shortcode `{}` is not run: its inner text is shown",
                tag.name
            ),
            format!("{rendered}; write this one's content as Markdown to keep its look"),
        )
    } else if !tag.closing
        && shortcode_blocks::needs_closing(&name, &tag.args)
        && own.is_none_or(|own| own.inner)
    {
        (
            format!(
                "Hugo shortcode `{0}` has no closing `{{{{< /{0} >}}}}`: it is left out",
                tag.name
            ),
            format!(
                "Hugo needs it closed too: add `{{{{< /{} >}}}}` after its text",
                tag.name
            ),
        )
    } else {
        (
            format!(
                "Hugo shortcode `{slash}{}` is not run: it is left out",
                tag.name
            ),
            format!("{rendered}; write this one's content as Markdown, or remove the shortcode"),
        )
    };
    Diagnostic::warning(Code::Shortcode, opts.path.clone(), message).with_hint(hint)
}

/// The warning for a pair `blocks` did not open: opsbook does not render it, or it is
/// in a table cell and cannot be shown there (tabs), or it closes outside its cell.
fn not_opened(
    tag: &Tag_,
    close: &Tag_,
    places: &Places,
    opts: &ShortcodeOptions<'_>,
) -> Diagnostic {
    let Some(cell) = places.cell(tag.range.start) else {
        return unknown(tag, true, opts);
    };
    let (message, hint) = if !cell.contains(&close.range.start) {
        (
            format!(
                "Hugo shortcode `{}` opens in a table cell and closes outside it: it is not run, its inner text is shown",
                tag.name
            ),
            "a table row is one line: open and close the shortcode in the same cell",
        )
    } else if shortcode_blocks::fits_in_cell(&tag.name.to_ascii_lowercase()) {
        return unknown(tag, true, opts);
    } else {
        (
            format!(
                "Hugo shortcode `{}` cannot be shown in a table cell: its inner text is shown",
                tag.name
            ),
            "a table cell holds one line, and tabs need lines of their own: move them out of the table",
        )
    };
    Diagnostic::warning(Code::Shortcode, opts.path.clone(), message).with_hint(hint)
}

/// `{{</* figure src="x" */>}}` → `{{< figure src="x" >}}`.
fn escaped_text(text: &str) -> String {
    match (text.find("/*"), text.rfind("*/")) {
        (Some(open), Some(close)) if close >= open + 2 => {
            format!(
                "{}{}{}",
                &text[..open],
                &text[open + 2..close],
                &text[close + 2..]
            )
        }
        _ => text.to_string(),
    }
}

/// Where in the body shortcodes are read differently, as byte ranges in order.
#[derive(Debug, Default)]
struct Places {
    /// Code (blocks and inline), where shortcodes are text.
    code: Vec<Range<usize>>,
    /// Table cells, which hold one line: a shortcode there becomes inline text.
    cells: Vec<Range<usize>>,
}

impl Places {
    fn of(body: &str) -> Self {
        let mut out = Places::default();
        let parser = Parser::new_ext(body, pulldown_cmark::Options::all());
        for (event, range) in parser.into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => out.code.push(range),
                Event::Start(Tag::TableCell) => out.cells.push(range),
                _ => {}
            }
        }
        out
    }

    /// The table cell the byte `at` is in.
    fn cell(&self, at: usize) -> Option<&Range<usize>> {
        self.cells.iter().find(|r| r.contains(&at))
    }
}

/// Every shortcode tag outside `code`, in order.
fn find_tags(body: &str, code: &[Range<usize>]) -> Vec<Tag_> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = body[from..].find("{{") {
        let start = from + found;
        from = start + 2;
        let Some(delim) = body[start + 2..]
            .chars()
            .next()
            .filter(|c| matches!(c, '<' | '%'))
        else {
            continue;
        };
        let close = if delim == '<' { ">}}" } else { "%}}" };
        let inner_start = start + 3;
        let Some(len) = body[inner_start..].find(close) else {
            continue;
        };
        let inner = &body[inner_start..inner_start + len];
        let end = inner_start + len + close.len();
        // In code only `{{</* x */>}}` is read: Hugo shows it as `{{< x >}}` there too.
        let in_code = code.iter().any(|r| r.contains(&start));
        if let Some(tag) = read_tag(inner.trim(), start..end).filter(|t| t.escaped || !in_code) {
            out.push(tag);
            from = end;
        }
    }
    out
}

/// The inside of a tag → its name and arguments; `None` when it is not a shortcode.
fn read_tag(inner: &str, range: Range<usize>) -> Option<Tag_> {
    if let Some(comment) = inner.strip_prefix("/*") {
        return comment.ends_with("*/").then(|| Tag_ {
            range,
            name: String::new(),
            args: Vec::new(),
            closing: false,
            escaped: true,
        });
    }
    let (closing, rest) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest).trim_end();
    let words = split_args(rest);
    let name = words.first().filter(|w| w.key.is_none())?.value.clone();
    let valid = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
    valid.then(|| Tag_ {
        range,
        name,
        args: words.into_iter().skip(1).collect(),
        closing,
        escaped: false,
    })
}

/// The arguments of a tag: words, quoted texts (`"…"`, `'…'`, `` `…` ``) and
/// `key=value` (its value a word or quoted), quotes removed.
fn split_args(s: &str) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = read_word(&mut chars, false);
        let key = if chars.peek() == Some(&'=') && !matches!(c, '"' | '\'' | '`') {
            chars.next();
            Some(std::mem::replace(&mut word, read_word(&mut chars, true)))
        } else {
            None
        };
        out.push(Arg { key, value: word });
    }
    out
}

/// A quoted text, or a word up to a space (or an `=`, unless `value`).
fn read_word(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, value: bool) -> String {
    let mut word = String::new();
    match chars.peek().copied() {
        Some(q @ ('"' | '\'' | '`')) => {
            chars.next();
            for d in chars.by_ref() {
                if d == q {
                    break;
                }
                word.push(d);
            }
        }
        _ => {
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() || (d == '=' && !value) {
                    break;
                }
                word.push(d);
                chars.next();
            }
        }
    }
    word
}

/// For each tag, the index of its partner: an opening tag and the closing tag of the
/// same name that ends it (nested pairs inside).
fn pair(tags: &[Tag_]) -> Vec<Option<usize>> {
    let mut partner = vec![None; tags.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if tag.escaped {
            continue;
        }
        if !tag.closing {
            open.push(i);
            continue;
        }
        if let Some(pos) = open
            .iter()
            .rposition(|&o| tags[o].name.eq_ignore_ascii_case(&tag.name))
        {
            let o = open[pos];
            open.truncate(pos);
            partner[o] = Some(i);
            partner[i] = Some(o);
        }
    }
    partner
}

/// `x.md#a` of a `ref` → the target's path relative to the page, with the fragment;
/// when no page is found, the path as written (the link check then reports it).
fn resolve_ref(target: &str, opts: &ShortcodeOptions<'_>) -> String {
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (target, String::new()),
    };
    if path.is_empty() {
        return fragment;
    }
    match find_page(path, opts.path, (opts.prefix, opts.language), opts.pages) {
        Some(found) => {
            let from = below_content(opts.path, opts.prefix);
            let to = crate::base::path::below(&found, opts.prefix);
            format!("{}{fragment}", relative_path(from, to))
        }
        None => format!("{}{fragment}", path.trim_start_matches('/')),
    }
}

/// The shortest relative path from the file `from` to the file `to` (both below the
/// pages' folder): `../database/x.md` from `deploy/a.md`.
pub(crate) fn relative_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let up = "../".repeat(from_dirs.len() - common);
    let path = format!("{up}{}", to_parts[common..].join("/"));
    crate::base::url::encode_path(&path).into_owned()
}

/// The page `path` of a `ref` names, as Hugo finds it (see the module doc).
/// `from` is the file the path is written in, `prefix` the pages' folder, `pages` every
/// page's path, sorted; a file named after the site's default `language`
/// (`_index.en.md`) is found as the file without it. Hugo's menus find their `pageRef`
/// with it too.
pub(crate) fn find_page(
    path: &str,
    from: &RelPath,
    (prefix, language): (&str, &str),
    pages: &[String],
) -> Option<String> {
    let has = |p: &str| pages.binary_search_by(|x| x.as_str().cmp(p)).is_ok();
    let in_prefix = |p: &str| {
        if prefix.is_empty() {
            p.to_string()
        } else {
            format!("{prefix}/{p}")
        }
    };
    let mut bases = Vec::new();
    if !path.starts_with('/') {
        let dir = from.parent();
        if let Some((0, p)) = crate::source::includes::normalize(dir, path) {
            bases.push(p);
        }
    }
    if let Some((0, p)) = crate::source::includes::normalize("", path.trim_start_matches('/')) {
        bases.push(in_prefix(&p));
    }
    // Exactly as written first; then in any case, as Hugo finds pages by their
    // lowercased paths (`{{< ref "docs/setup.md" >}}` is `content/Docs/Setup.md`).
    let any_case = |p: &str| pages.iter().find(|x| x.eq_ignore_ascii_case(p)).cloned();
    for exact in [true, false] {
        let find = |p: &str| {
            if exact {
                has(p).then(|| p.to_string())
            } else {
                any_case(p)
            }
        };
        for base in &bases {
            let base = base.trim_end_matches('/');
            for candidate in [
                base.to_string(),
                format!("{base}.md"),
                format!("{base}/_index.md"),
                format!("{base}/index.md"),
            ] {
                if let Some(found) = find(&candidate) {
                    return Some(found);
                }
                let localized = candidate
                    .strip_suffix(".md")
                    .filter(|_| !language.is_empty())
                    .map(|stem| format!("{stem}.{language}.md"));
                if let Some(found) = localized.and_then(|c| find(&c)) {
                    return Some(found);
                }
            }
        }
    }
    // Last, as Hugo's `ref` looks up a bare name: the page with that file name, or the
    // section (or leaf bundle) with that folder name (`.md` or not), when it is the
    // only one (`{{< ref bindings >}}`, `{{< ref howto.md >}}`, `{{< ref
    // supported-state-stores.md >}}` for the folder's `_index.md`).
    let name = path.trim_end_matches('/').rsplit('/').next()?;
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let is_file = |file: &str, base: &str| {
        file.strip_suffix(".md").is_some_and(|f| {
            f == base
                || (!language.is_empty()
                    && f.strip_suffix(language).and_then(|f| f.strip_suffix('.')) == Some(base))
        })
    };
    let mut same = pages.iter().filter(|p| {
        let (dir, file) = p.rsplit_once('/').unwrap_or(("", p));
        is_file(file, stem)
            || ((is_file(file, "_index") || is_file(file, "index"))
                && dir.rsplit('/').next() == Some(stem))
    });
    match (same.next(), same.next()) {
        (Some(one), None) => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static NO_PARAMS: serde_json::Value = serde_json::Value::Null;

    /// The options of a page at `path` of a Hugo site in `content/` with `pages`: no
    /// language, site params or theme.
    fn options<'a>(
        path: &'a RelPath,
        pages: &'a [String],
        front: &'a FrontMatter,
    ) -> ShortcodeOptions<'a> {
        ShortcodeOptions {
            path,
            prefix: "content",
            pages,
            line_offset: 0,
            language: "",
            front,
            site_params: &NO_PARAMS,
            themes: &[],
            own: &NO_OWN,
            files: &NO_FILES,
        }
    }

    static NO_OWN: BTreeMap<String, OwnShortcode> = BTreeMap::new();
    static NO_FILES: BTreeMap<String, Vec<u8>> = BTreeMap::new();

    const PAGES: &[&str] = &[
        "content/_index.md",
        "content/docs/_index.md",
        "content/docs/install.md",
        "content/docs/upgrade/steps.md",
        "content/ops/deploy.md",
    ];

    fn run(page: &str, body: &str) -> (String, Vec<String>) {
        let pages: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
        let path = RelPath::new(page);
        let mut front = FrontMatter::default();
        front.extra.insert("team".into(), "sre".into());
        let site = serde_json::json!({"version": "1.4", "ports": {"http": 8080}});
        let opts = ShortcodeOptions {
            line_offset: 2,
            language: "en",
            site_params: &site,
            ..options(&path, &pages, &front)
        };
        let mut diags = Diagnostics::new();
        let out = expand(body, &opts, &mut diags).map_or_else(|| body.to_string(), |e| e.text);
        let found = diags.placed();
        (out, found)
    }

    #[test]
    fn refs_become_relative_paths_in_every_form() {
        let body = "[a]({{< ref \"install.md\" >}}) [b]({{% relref 'upgrade/steps.md#two' %}}) \
                    [c]({{< ref `/ops/deploy` >}}) [d]({{<ref docs>}}) [e]({{< relref \"#top\" >}})\n";
        let (out, diags) = run("content/docs/_index.md", body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "[a](install.md) [b](upgrade/steps.md#two) \
             [c](../ops/deploy.md) [d](_index.md) [e](#top)\n"
        );
    }

    #[test]
    fn refs_look_from_the_page_then_the_root_then_by_name() {
        let (out, _) = run("content/ops/deploy.md", "{{< ref \"docs/install.md\" >}}\n");
        assert_eq!(out, "../docs/install.md\n");
        let (out, _) = run("content/ops/deploy.md", "{{< ref \"steps.md\" >}}\n");
        assert_eq!(out, "../docs/upgrade/steps.md\n");
        let (out, _) = run("content/_index.md", "{{< ref \"docs/upgrade/steps\" >}}\n");
        assert_eq!(out, "docs/upgrade/steps.md\n");
        let (out, _) = run("content/ops/deploy.md", "{{< ref \"gone.md#x\" >}}\n");
        assert_eq!(out, "gone.md#x\n", "left for the link check");
        // dapr's docs: a bare name is a page's file name or a section's folder name,
        // found anywhere when only one has it.
        let pages: Vec<String> = [
            "content/en/a/bindings/_index.md",
            "content/en/a/howto.md",
            "content/en/b/page.md",
            "content/en/ref/bindings_api.md",
            "content/en/x/dup/_index.md",
            "content/en/y/dup.md",
            "content/en/z/bundle/index.md",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let from = RelPath::new("content/en/b/page.md");
        let find = |path| find_page(path, &from, ("content/en", "en"), &pages);
        assert_eq!(
            find("bindings").as_deref(),
            Some("content/en/a/bindings/_index.md")
        );
        assert_eq!(
            find("bindings.md").as_deref(),
            Some("content/en/a/bindings/_index.md")
        );
        assert_eq!(find("howto").as_deref(), Some("content/en/a/howto.md"));
        assert_eq!(
            find("bundle").as_deref(),
            Some("content/en/z/bundle/index.md")
        );
        assert_eq!(find("dup"), None, "a section and a page: ambiguous");
    }

    #[test]
    fn codetabs_take_the_tabs_words_and_a_single_button_is_a_link() {
        // dapr's docs: `tabs` lists the labels, each `codetab` is the next one.
        let body = "{{< tabs \".NET\" Java >}}\n{{% codetab %}}\n```csharp\nvar a = 1;\n```\n{{% /codetab %}}\n{{% codetab %}}\nJava text\n{{% /codetab %}}\n{{< /tabs >}}\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert_eq!(diags, Vec::<String>::new());
        let (button, diags) = run(
            "content/ops/deploy.md",
            "{{< button text=\"Get started\" page=\"install\" >}} {{< button text=\"Repo\" link=\"https://x.io/r\" >}}\n",
        );
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(
            button,
            "[Get started](../docs/install.md) [Repo](https://x.io/r)\n"
        );
        assert_eq!(
            out,
            "<Tabs>\n<TabItem label=\".NET\">\n```csharp\nvar a = 1;\n```\n</TabItem>\n<TabItem label=\"Java\">\nJava text\n</TabItem>\n</Tabs>\n"
        );
    }

    #[test]
    fn unknown_shortcodes_are_warnings_and_show_inner_text() {
        let body = "Intro {{< tag \"version\" >}} end\n\n{{< katex >}}\n**x**\n{{< /katex >}}\n\n{{< hint warning >}}\nnever closed\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert_eq!(out, "Intro  end\n\n\n**x**\n\n\n\nnever closed\n");
        assert_eq!(
            diags,
            [
                "content/docs/install.md:3:7: Hugo shortcode `tag` is not run: it is left out",
                "content/docs/install.md:5:1: Hugo shortcode `katex` is not run: its inner text is shown",
                "content/docs/install.md:9:1: Hugo shortcode `hint` has no closing `{{< /hint >}}`: it is left out",
            ]
        );
    }

    #[test]
    fn a_sites_own_shortcode_is_named_and_one_without_inner_text_needs_no_closing() {
        // etcd-io/website's `layouts/shortcodes/cards.html` takes a param's name and
        // no inner text; hextra's `cards` (which opsbook knows) is a pair.
        let own = BTreeMap::from([(
            "cards".to_string(),
            OwnShortcode {
                file: "layouts/shortcodes/cards.html".into(),
                inner: false,
                reads: None,
            },
        )]);
        let pages: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
        let path = RelPath::new("content/docs/install.md");
        let front = FrontMatter::default();
        let opts = ShortcodeOptions {
            own: &own,
            ..options(&path, &pages, &front)
        };
        let mut diags = Diagnostics::new();
        let body = "Channels:\n\n{{% cards \"main_channels\" %}}\n\nMore text\n";
        let exp = expand(body, &opts, &mut diags).expect("expanded");
        assert_eq!(exp.text, "Channels:\n\n\n\nMore text\n");
        let d = diags.iter().next().expect("one warning");
        assert_eq!(
            d.message,
            "Hugo shortcode `cards` is not run: it is left out"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "it is this site's own shortcode (`layouts/shortcodes/cards.html`), a Hugo template opsbook does not run; write this one's content as Markdown, or remove the shortcode"
            )
        );
        // Without the site's own template, an unclosed `cards` is the theme's pair.
        let mut diags = Diagnostics::new();
        expand(body, &options(&path, &pages, &front), &mut diags);
        assert!(
            diags
                .iter()
                .next()
                .unwrap()
                .message
                .contains("has no closing")
        );
    }

    #[test]
    fn theme_shortcodes_become_directives_tabs_and_links_line_for_line() {
        let body = "{{% alert title=\"Heads up\" color=\"warning\" %}}\nText {{< button relref=\"install.md\" >}}Go{{< /button >}}\n{{% /alert %}}\n\n{{< tabs >}}\n{{< tab \"A\" >}}\na\n{{< /tab >}}\n{{< /tabs >}}\n";
        let pages: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
        let path = RelPath::new("content/docs/upgrade/steps.md");
        let front = FrontMatter::default();
        let opts = ShortcodeOptions {
            language: "en",
            ..options(&path, &pages, &front)
        };
        let mut diags = Diagnostics::new();
        let exp = expand(body, &opts, &mut diags).expect("expanded");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            exp.text,
            ":::warning[Heads up]\nText [Go](../install.md)\n:::\n\n<Tabs>\n<TabItem label=\"A\">\na\n</TabItem>\n</Tabs>\n"
        );
        assert!(!exp.moves_lines(), "{:?}", exp.lines);
    }

    #[test]
    fn a_shortcode_sharing_its_line_gets_lines_of_its_own_mapped_back() {
        let body = "x\n  {{< tab >}}**A**{{< /tab >}}\n{{< tabs items=\"A,B\" >}}\n  {{< tab >}}**A**{{< /tab >}}\n  {{< tab >}}B{{< /tab >}}\n{{< /tabs >}} after\n";
        let pages = Vec::new();
        let path = RelPath::new("content/a.md");
        let front = FrontMatter::default();
        let opts = options(&path, &pages, &front);
        let exp = expand(body, &opts, &mut Diagnostics::new()).expect("expanded");
        assert_eq!(
            exp.text,
            "x\n  **A**\n<Tabs>\n  <TabItem label=\"A\">\n  **A**\n  </TabItem>\n  <TabItem label=\"B\">\n  B\n  </TabItem>\n</Tabs>\nafter\n"
        );
        assert_eq!(exp.lines, [1, 2, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7]);
        assert!(exp.moves_lines());
    }

    #[test]
    fn block_shortcodes_in_a_block_quote_stay_in_it() {
        let body = "> Read this.\n>\n> {{< hint warning >}}\n> Stops **writes**.\n> {{< /hint >}}\n>\n> > {{< highlight sh >}}\n> > pg_restore\n> > {{< /highlight >}}\n> {{< figure src=\"a.png\" caption=\"A\" >}}\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "> Read this.\n>\n> :::warning[]\n> Stops **writes**.\n> :::\n>\n> > ```sh\n> > pg_restore\n> > ```\n> <figure>\n>\n> ![A](a.png)\n>\n> <figcaption>\n>\n> A\n>\n> </figcaption>\n> </figure>\n>\n"
        );
    }

    #[test]
    fn lazy_lines_of_a_pair_opened_in_a_block_quote_stay_in_it() {
        let body = "> {{% alert title=\"Note\" %}}\nNo mark here.\n\n> > {{< hint >}}\n> Lazy in the inner quote.\n{{< /hint >}}\n> {{% /alert %}}\n\n> Para\n{{% alert %}}\nAfter the quote.\n{{% /alert %}}\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "> :::primary[Note]\n> No mark here.\n>\n> > ::::note[]\n> > Lazy in the inner quote.\n> > ::::\n> :::\n\n> Para\n\n:::primary[]\nAfter the quote.\n:::\n"
        );
    }

    #[test]
    fn paired_shortcodes_in_a_table_cell_stay_on_its_line() {
        let body = "| Step | Note |\n|---|---|\n| Drain | {{< hint warning >}}Stops a\\|b{{< /hint >}} |\n| Run | {{< highlight sh >}}ls `x`{{< /highlight >}} |\n| More | {{% details \"Why?\" open %}}[i]({{< ref \"install.md\" >}}){{% /details %}} |\n| Card | {{< card link=\"../x\" title=\"X\" >}} |\n";
        let (out, diags) = run("content/docs/_index.md", body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "| Step | Note |\n|---|---|\n| Drain | <div class=\"alert alert-warning\" role=\"note\">Stops a\\|b</div> |\n| Run | `` ls `x` `` |\n| More | <details class=\"alert alert-note\" open><summary class=\"alert-title\">Why?</summary>[i](install.md)</details> |\n| Card | [X](../x) |\n"
        );
    }

    #[test]
    fn tabs_in_a_table_cell_and_pairs_across_cells_are_warnings() {
        let body = "| a | b |\n|---|---|\n| {{< tabs >}}{{< tab \"A\" >}}x{{< /tab >}}{{< /tabs >}} | y |\n| {{< hint >}}one | two{{< /hint >}} |\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert_eq!(out, "| a | b |\n|---|---|\n| x | y |\n| one | two |\n");
        assert_eq!(
            diags,
            [
                "content/docs/install.md:5:3: Hugo shortcode `tabs` cannot be shown in a table cell: its inner text is shown",
                "content/docs/install.md:6:3: Hugo shortcode `hint` opens in a table cell and closes outside it: it is not run, its inner text is shown",
            ]
        );
    }

    #[test]
    fn columns_separators_become_blank_lines_and_names_any_case() {
        let body = "{{% columns %}}\nLeft\n<--->\nRight\n{{% /columns %}}\n[r]({{< relRef \"install\" >}})\n";
        let (out, diags) = run("content/docs/_index.md", body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(out, "\nLeft\n\nRight\n\n[r](install.md)\n");
    }

    #[test]
    fn params_come_from_the_page_then_the_site() {
        let body = "v{{< param \"version\" >}} on {{% param ports.http %}} by {{< param team >}}\n{{< param gone >}}.\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert_eq!(out, "v1.4 on 8080 by sre\n.\n");
        assert_eq!(
            diags,
            [
                "content/docs/install.md:4:1: `param \"gone\"`: neither the page's front matter nor the site's `params` has `gone`; nothing is printed"
            ]
        );
    }

    #[test]
    fn code_is_left_alone_and_comments_show_the_shortcode() {
        let body = "```go\n{{< ref \"x.md\" >}}\n{{</* tab \"A\" */>}}\n```\n\n`{{< hint >}}` and {{</* figure src=\"a\" */>}}\n\n    {{< param x >}}\n";
        let (out, diags) = run("content/docs/install.md", body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "```go\n{{< ref \"x.md\" >}}\n{{< tab \"A\" >}}\n```\n\n`{{< hint >}}` and {{< figure src=\"a\" >}}\n\n    {{< param x >}}\n"
        );
    }

    #[test]
    fn a_body_without_shortcodes_is_untouched() {
        let pages = Vec::new();
        let path = RelPath::new("content/a.md");
        let front = FrontMatter::default();
        let opts = options(&path, &pages, &front);
        let mut diags = Diagnostics::new();
        assert_eq!(expand("{{ not one }} {{<", &opts, &mut diags), None);
        assert!(diags.is_empty());
    }
}
