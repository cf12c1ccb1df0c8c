//! Stage 3: the Jinja of an MkDocs book whose `macros` plugin is on (mkdocs-macros
//! renders each page as a Jinja template before Markdown): `{{ expr }}` shows a value
//! (`{{ version }}`, `{{ config.extra.links.chat }}`, `{{ name | lower }}`: the
//! expressions `jinja_expr.rs` evaluates, over mkdocs.yml's `extra:`);
//! `{% if %}`/`{% elif %}`/`{% else %}`/`{% endif %}` keep the branch that holds;
//! `{% for x in list %}` (with `{% else %}` and `loop.index`, `loop.first`, …) repeats
//! its text; `{% set x = expr %}` names a value for the rest of the page (or of the
//! loop); `{% raw %}…{% endraw %}` keeps its text as written, less the tags; `{# … #}`
//! comments are left out; `{{-`/`-}}` and `{%-`/`-%}` trim as Jinja does;
//! `{% filter indent(4) %}…{% endfilter %}` indents its text (used to put an included
//! file inside an admonition) as Jinja's `indent` does. Anything else (a macro call,
//! `{{ page.title }}`, a name `extra:` does not have, `{% macro %}`, a block whose
//! condition cannot be evaluated, a block left open) is a `shortcode` warning at its
//! line and is shown as written (a block, whole). Runs over the whole page, code
//! included, as the plugin does; only when the plugin is configured. `{% include %}`
//! is expanded before (`include.rs`). A book whose plugin sets markers of its own
//! (`[[`, `[[%`) is not rendered: `foreign_markers` says where a page uses them. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use crate::parse::jinja_expr::{Scope, Val, display, eval, truthy};

/// `text` rendered with `variables` (mkdocs.yml's `extra:`) and `meta` (the page's
/// front matter: `{{ page.meta.x }}`, and `{{ x }}` as mkdocs-macros shows it too;
/// see the module doc); `None` when it holds no Jinja.
pub(crate) fn render(
    text: &str,
    variables: &BTreeMap<String, Value>,
    meta: &BTreeMap<String, Value>,
    path: &RelPath,
    diags: &mut Diagnostics,
) -> Option<String> {
    if !text.contains("{{") && !text.contains("{%") && !text.contains("{#") {
        return None;
    }
    let pieces = pieces(text);
    let mut at = 0;
    let nodes = tree(&pieces, &mut at, &[]).0;
    let mut r = Renderer {
        text,
        index: LineIndex::new(text),
        path,
        diags,
        scope: Scope {
            extra: variables,
            locals: vec![page_names(meta), BTreeMap::new()],
        },
        out: String::with_capacity(text.len()),
    };
    r.nodes(&nodes);
    Some(r.out)
}

/// A warning at each tag of a page written with the Jinja markers mkdocs.yml's macros
/// plugin sets instead of Jinja's (`[[% include 'x.yaml' %]]`): opsbook reads only
/// Jinja's, so the tag is shown as written.
pub(crate) fn foreign_markers(
    text: &str,
    path: &RelPath,
    markers: &[String],
    diags: &mut Diagnostics,
) {
    let mut markers: Vec<&str> = markers.iter().map(String::as_str).collect();
    markers.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let index = LineIndex::new(text);
    let mut at = 0;
    while let Some((start, marker)) = (markers.iter())
        .filter_map(|m| text[at..].find(m).map(|i| (at + i, *m)))
        .min_by_key(|(i, m)| (*i, std::cmp::Reverse(m.len())))
    {
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let tag: String = text[start..line_end].trim_end().chars().take(80).collect();
        let (line, col) = index.line_col(text, start);
        diags.push(
            Diagnostic::warning(
                Code::Shortcode,
                path.clone(),
                format!(
                    "`{tag}` is written with the Jinja markers mkdocs.yml's macros plugin sets (`{marker}`), which opsbook does not read; it is shown as written"
                ),
            )
            .at(text, line, col)
            .with_hint(
                "opsbook runs mkdocs-macros' Jinja with Jinja's own markers (`{{ }}`, `{% %}`); with the markers unset in mkdocs.yml it would run this tag",
            ),
        );
        at = start + marker.len();
    }
}

/// The names a page's front matter gives: each key, and `page.meta`.
fn page_names(meta: &BTreeMap<String, Value>) -> BTreeMap<String, Val> {
    let mut names: BTreeMap<String, Val> = meta
        .iter()
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    let meta = meta.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    names.insert(
        "page".into(),
        Some(serde_json::json!({ "meta": Value::Object(meta) })),
    );
    names
}

/// What a tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `{{ … }}`
    Value,
    /// `{% … %}`
    Statement,
    /// `{# … #}`
    Comment,
    /// `{% raw %}…{% endraw %}`, whole; `expr` is its text.
    Raw,
}

/// One tag: its byte range, kind and inner text (less dashes and spaces).
#[derive(Debug, Clone, Copy)]
struct Tag<'t> {
    start: usize,
    end: usize,
    kind: Kind,
    expr: &'t str,
}

impl<'t> Tag<'t> {
    /// A statement's first word (`if`, `endfor`); `""` for other tags.
    fn word(&self) -> &'t str {
        match self.kind {
            Kind::Statement => self.expr.split_whitespace().next().unwrap_or(""),
            _ => "",
        }
    }

    /// A statement's text after its first word.
    fn rest(&self) -> &'t str {
        self.expr[self.word().len()..].trim()
    }
}

/// The text between tags (already trimmed where a tag's dash says so), and the tags.
#[derive(Debug, Clone, Copy)]
enum Piece<'t> {
    Text(usize, usize),
    Tag(Tag<'t>),
}

/// The page cut into text and tags; `{{-`/`-%}`… trim the text beside them.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let raw = crate::source::includes::raw_spans(text);
    let mut out = Vec::new();
    let mut at = 0;
    let mut trim_next = false;
    let text_piece =
        |out: &mut Vec<Piece<'_>>, from: usize, to: usize, trim_start: bool, trim_end: bool| {
            let whole = &text[from..to];
            let a = if trim_start {
                to - whole.trim_start().len()
            } else {
                from
            };
            let b = if trim_end {
                a + text[a..to].trim_end().len()
            } else {
                to
            };
            if a < b {
                out.push(Piece::Text(a, b));
            }
        };
    while let Some((start, open)) = next_tag(text, at) {
        if let Some(r) = raw.iter().find(|r| r.start == start) {
            let head = &text[start..r.end];
            let dash_before = head[2..].starts_with('-');
            text_piece(&mut out, at, start, trim_next, dash_before);
            out.push(Piece::Tag(Tag {
                start,
                end: r.end,
                kind: Kind::Raw,
                expr: raw_inner(head),
            }));
            trim_next = head.ends_with("-%}");
            at = r.end;
            continue;
        }
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let len = text[start + 2..].find(close).filter(|&len| {
            let inner = &text[start + 2..start + 2 + len];
            !inner.contains("{{") && !inner.contains("{%")
        });
        let Some(len) = len else {
            // Not closed (before the next tag): not Jinja's either; text as written.
            text_piece(&mut out, at, start + 2, trim_next, false);
            trim_next = false;
            at = start + 2;
            continue;
        };
        let end = start + 2 + len + 2;
        let inner = &text[start + 2..end - 2];
        text_piece(&mut out, at, start, trim_next, inner.starts_with('-'));
        trim_next = inner.ends_with('-');
        out.push(Piece::Tag(Tag {
            start,
            end,
            kind: match open {
                "{{" => Kind::Value,
                "{%" => Kind::Statement,
                _ => Kind::Comment,
            },
            expr: inner.trim_matches('-').trim(),
        }));
        at = end;
    }
    text_piece(&mut out, at, text.len(), trim_next, false);
    out
}

/// A page's Jinja as a tree of blocks.
#[derive(Debug)]
enum Node<'t> {
    Text(usize, usize),
    /// A value, comment, raw block, `{% set %}`, or a statement opsbook does not run.
    Tag(Tag<'t>),
    /// `{% if %}`: each branch's tag (`if`, `elif`, `else`) and text; `{% endif %}`.
    If(Vec<(Tag<'t>, Vec<Node<'t>>)>, Tag<'t>),
    /// `{% for %}`, its text, its `{% else %}` and text, `{% endfor %}`.
    For(
        Tag<'t>,
        Vec<Node<'t>>,
        Option<(Tag<'t>, Vec<Node<'t>>)>,
        Tag<'t>,
    ),
    /// `{% filter indent(…) %}` and its text (to `{% endfilter %}`).
    Filter(Tag<'t>, Vec<Node<'t>>),
}

/// The nodes from `pieces[*at]` up to a statement whose word is in `stops` (returned,
/// and consumed) or the end.
fn tree<'t>(
    pieces: &[Piece<'t>],
    at: &mut usize,
    stops: &[&str],
) -> (Vec<Node<'t>>, Option<Tag<'t>>) {
    let mut nodes = Vec::new();
    while let Some(piece) = pieces.get(*at) {
        *at += 1;
        let tag = match *piece {
            Piece::Text(a, b) => {
                nodes.push(Node::Text(a, b));
                continue;
            }
            Piece::Tag(tag) => tag,
        };
        if stops.contains(&tag.word()) {
            return (nodes, Some(tag));
        }
        let ends: &[&str] = match tag.word() {
            "if" => &["elif", "else", "endif"],
            "for" => &["else", "endfor"],
            "filter" if indent_args(tag.expr).is_some() => &["endfilter"],
            _ => {
                nodes.push(Node::Tag(tag));
                continue;
            }
        };
        let mut parts: Vec<(Tag<'t>, Vec<Node<'t>>)> = Vec::new();
        let mut head = tag;
        let closed = loop {
            let (body, stop) = tree(pieces, at, ends);
            parts.push((head, body));
            match stop {
                Some(t) if t.word().starts_with("end") => break Some(t),
                // A second `else` of a `for` is not Jinja; the loop ends the block.
                Some(t) if tag.word() == "for" && parts.len() == 2 => {
                    parts.push((t, Vec::new()));
                    break None;
                }
                Some(t) => head = t,
                None => break None,
            }
        };
        match (closed, tag.word()) {
            (Some(end), "if") => nodes.push(Node::If(parts, end)),
            (Some(end), "for") => {
                let mut parts = parts.into_iter();
                let (open, body) = parts.next().expect("invariant: the loop's own part");
                nodes.push(Node::For(open, body, parts.next(), end));
            }
            (Some(_), _) => {
                let (open, body) = parts.into_iter().next().expect("invariant: one part");
                nodes.push(Node::Filter(open, body));
            }
            // Left open: each tag is shown as written (and warned about), the text kept.
            (None, _) => {
                for (t, body) in parts {
                    nodes.push(Node::Tag(t));
                    nodes.extend(body);
                }
            }
        }
    }
    (nodes, None)
}

struct Renderer<'t, 'v, 'd> {
    text: &'t str,
    index: LineIndex,
    path: &'t RelPath,
    diags: &'d mut Diagnostics,
    scope: Scope<'v>,
    out: String,
}

impl Renderer<'_, '_, '_> {
    fn nodes(&mut self, nodes: &[Node<'_>]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &Node<'_>) {
        match node {
            Node::Text(a, b) => self.out.push_str(&self.text[*a..*b]),
            Node::Tag(tag) => self.tag(tag),
            Node::If(branches, end) => {
                let mut chosen = None;
                for (tag, body) in branches {
                    let holds = match tag.word() {
                        "else" => Ok(true),
                        _ => eval(tag.rest(), &self.scope).map(|v| truthy(&v)),
                    };
                    match holds {
                        Ok(true) => {
                            chosen = Some(body);
                            break;
                        }
                        Ok(false) => {}
                        Err(why) => return self.as_written(tag, end.end, &why),
                    }
                }
                if let Some(body) = chosen {
                    self.nodes(body);
                }
            }
            Node::For(open, body, otherwise, end) => self.for_loop(open, body, otherwise, end),
            Node::Filter(open, body) => {
                let (width, first) = indent_args(open.expr).unwrap_or_default();
                let from = self.out.len();
                self.nodes(body);
                let inner = self.out.split_off(from);
                self.out.push_str(&indent(&inner, width, first));
            }
        }
    }

    fn tag(&mut self, tag: &Tag<'_>) {
        match (tag.kind, tag.word()) {
            (Kind::Comment, _) => {}
            (Kind::Raw, _) => self.out.push_str(tag.expr),
            (Kind::Value, _) => match eval(tag.expr, &self.scope) {
                Ok(Some(v)) => self.out.push_str(&display(&v)),
                Ok(None) => self.as_written(
                    tag,
                    tag.end,
                    "opsbook knows no such value: it reads mkdocs.yml's `extra:` and the page's front matter",
                ),
                Err(why) => self.as_written(tag, tag.end, &why),
            },
            (_, "set") => {
                let set = tag.rest().split_once('=').filter(|(_, e)| !e.starts_with('='));
                let name = set.map(|(n, _)| n.trim()).filter(|n| is_name(n));
                let value = match (name, set) {
                    (Some(_), Some((_, expr))) => eval(expr, &self.scope),
                    _ => Err("only `{% set name = value %}` is run by opsbook".into()),
                };
                match (name, value) {
                    (Some(name), Ok(v)) => {
                        if let Some(scope) = self.scope.locals.last_mut() {
                            scope.insert(name.to_string(), v);
                        }
                    }
                    (None, Ok(_)) => {}
                    (_, Err(why)) => self.as_written(tag, tag.end, &why),
                }
            }
            (_, word) => {
                let why = match word {
                    "else" | "elif" | "endif" | "endfor" | "endfilter" => {
                        format!("`{word}` has no block open before it")
                    }
                    "if" | "for" => format!("`{word}` is not closed by `end{word}`"),
                    "macro" | "call" | "import" | "from" | "extends" | "block" => {
                        format!("`{word}` is not run by opsbook")
                    }
                    _ => format!("`{word}` is not a statement opsbook runs"),
                };
                self.as_written(tag, tag.end, &why);
            }
        }
    }

    fn for_loop(
        &mut self,
        open: &Tag<'_>,
        body: &[Node<'_>],
        otherwise: &Option<(Tag<'_>, Vec<Node<'_>>)>,
        end: &Tag<'_>,
    ) {
        let spec = open.rest().split_once(" in ");
        let name = spec.map(|(n, _)| n.trim()).filter(|n| is_name(n));
        let items = match (name, spec) {
            (Some(_), Some((_, expr))) => eval(expr, &self.scope),
            _ => Err("only `{% for name in list %}` is run by opsbook".into()),
        };
        let items: Vec<Value> = match items {
            Ok(None) => Vec::new(),
            Ok(Some(Value::Array(a))) => a,
            Ok(Some(Value::Object(o))) => o.keys().map(|k| Value::String(k.clone())).collect(),
            Ok(Some(Value::String(s))) => s.chars().map(|c| Value::String(c.to_string())).collect(),
            Ok(Some(other)) => {
                let why = format!("`{}` is not a list", display(&other));
                return self.as_written(open, end.end, &why);
            }
            Err(why) => return self.as_written(open, end.end, &why),
        };
        if items.is_empty() {
            if let Some((_, body)) = otherwise {
                self.nodes(body);
            }
            return;
        }
        let name = name.unwrap_or_default();
        let n = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let looped = serde_json::json!({
                "index": i + 1, "index0": i, "revindex": n - i, "revindex0": n - i - 1,
                "first": i == 0, "last": i + 1 == n, "length": n,
            });
            let vars: BTreeMap<String, Val> = BTreeMap::from([
                (name.to_string(), Some(item)),
                ("loop".into(), Some(looped)),
            ]);
            self.scope.locals.push(vars);
            self.nodes(body);
            self.scope.locals.pop();
        }
    }

    /// The text from `tag` to `end` shown as written, with a warning at `tag` saying
    /// `why`.
    fn as_written(&mut self, tag: &Tag<'_>, end: usize, why: &str) {
        let (line, col) = self.index.line_col(self.text, tag.start);
        let shown = &self.text[tag.start..tag.end];
        self.diags.push(
            Diagnostic::warning(
                Code::Shortcode,
                self.path.clone(),
                format!("`{shown}` is mkdocs-macros' Jinja that opsbook does not run ({why}); it is shown as written"),
            )
            .at(self.text, line, col)
            .with_hint(
                "opsbook runs `{{ name }}` of mkdocs.yml's `extra:` (with filters such as `lower`, `default`, `join`), `{% if %}`, `{% for %}`, `{% set %}` and `{% include %}`; write literal braces inside `{% raw %}…{% endraw %}`",
            ),
        );
        self.out.push_str(&self.text[tag.start..end]);
    }
}

/// Whether `s` is a plain Jinja name (`x`, `my_value`).
fn is_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `(width, first)` of `filter indent(4)`, `filter indent(width=2, first=true)`.
fn indent_args(expr: &str) -> Option<(usize, bool)> {
    let rest = expr.strip_prefix("filter")?.trim_start();
    let args = rest.strip_prefix("indent")?.trim();
    let args = args.strip_prefix('(')?.strip_suffix(')')?;
    let (mut width, mut first) = (4, false);
    for (i, arg) in args
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .enumerate()
    {
        let (name, v) = arg
            .split_once('=')
            .map_or((None, arg), |(n, v)| (Some(n.trim()), v.trim()));
        match (name, i) {
            (Some("width"), _) | (None, 0) => width = v.parse().ok()?,
            (Some("first"), _) | (None, 1) => first = v.eq_ignore_ascii_case("true"),
            _ => return None,
        }
    }
    Some((width, first))
}

/// Jinja's `indent`: every line but the first gets `width` spaces (empty lines none),
/// the first too with `first`.
fn indent(text: &str, width: usize, first: bool) -> String {
    let pad = " ".repeat(width);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() && (i > 0 || first) {
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// The next `{{`, `{%` or `{#` at or after `from`: its offset and opening.
fn next_tag(text: &str, from: usize) -> Option<(usize, &'static str)> {
    let mut at = from;
    while let Some(i) = text[at..].find('{') {
        let start = at + i;
        match text.as_bytes().get(start + 1) {
            Some(b'{') => return Some((start, "{{")),
            Some(b'%') => return Some((start, "{%")),
            Some(b'#') => return Some((start, "{#")),
            _ => at = start + 1,
        }
    }
    None
}

/// The text of a `{% raw %}…{% endraw %}` block, less its tags.
fn raw_inner(block: &str) -> &str {
    let open_end = block.find("%}").map_or(0, |i| i + 2);
    let close = block
        .rfind("{%")
        .filter(|&i| i >= open_end)
        .unwrap_or(block.len());
    &block[open_end..close]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<String>) {
        let vars: BTreeMap<String, Value> = serde_json::from_str(
            r#"{"version": "1.4", "links": {"chat": "https://chat"}, "chunky": 20500,
                "envs": ["staging", "production"], "team": "Platform Ops"}"#,
        )
        .unwrap();
        let mut diags = Diagnostics::new();
        let meta = BTreeMap::from([("owner".to_string(), Value::from("ana"))]);
        let out = render(text, &vars, &meta, &RelPath::new("docs/a.md"), &mut diags)
            .unwrap_or_else(|| text.to_string());
        let shown = diags.placed();
        (out, shown)
    }

    #[test]
    fn shows_extra_values_and_keeps_raw_text() {
        let (out, problems) = run(
            "v{{ version }} {{config.extra.links.chat}}\n{% raw %}\n{{ .Values.x }}\n{% endraw %}\n{# note #}end",
        );
        assert_eq!(out, "v1.4 https://chat\n\n{{ .Values.x }}\n\nend");
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn other_jinja_is_a_warning_and_shown_as_written() {
        let (out, problems) = run(
            "a\n  {% if x %}b{% endif %} {{ page.title }} {{ unclosed\n{% macro m() %}{% endmacro %}{% endif %}\n{% for e in envs %}{{ e }}\n",
        );
        assert_eq!(
            out,
            "a\n  {% if x %}b{% endif %} {{ page.title }} {{ unclosed\n{% macro m() %}{% endmacro %}{% endif %}\n{% for e in envs %}{{ e }}\n"
        );
        let why = |at: &str, tag: &str, why: &str| {
            format!(
                "docs/a.md:{at}: `{tag}` is mkdocs-macros' Jinja that opsbook does not run ({why}); it is shown as written"
            )
        };
        assert_eq!(
            problems,
            [
                why(
                    "2:3",
                    "{% if x %}",
                    "`x` is not a value of mkdocs.yml's `extra:`, of the page's front matter, nor set in the page"
                ),
                why(
                    "2:26",
                    "{{ page.title }}",
                    "opsbook knows no such value: it reads mkdocs.yml's `extra:` and the page's front matter"
                ),
                why("3:1", "{% macro m() %}", "`macro` is not run by opsbook"),
                why(
                    "3:16",
                    "{% endmacro %}",
                    "`endmacro` is not a statement opsbook runs"
                ),
                why("3:30", "{% endif %}", "`endif` has no block open before it"),
                why(
                    "4:1",
                    "{% for e in envs %}",
                    "`for` is not closed by `endfor`"
                ),
                why(
                    "4:20",
                    "{{ e }}",
                    "`e` is not a value of mkdocs.yml's `extra:`, of the page's front matter, nor set in the page"
                ),
            ]
        );
    }

    #[test]
    fn if_for_and_set_run_over_extra_values() {
        let page = "{% if chunky >= 2_05_00 %}new{% elif chunky > 1 %}old{% else %}none{% endif %}\n{% set t = team | lower | replace(' ', '-') %}\n{%- for e in envs %}\n- {{ loop.index }}. {{ e | upper }} ({{ t }}){% if loop.last %}.{% endif %}\n{%- endfor %}\n{% for x in extra.missing %}x{% else %}no list{% endfor %} {{ extra.missing | default('unset') }} {{ envs | join(', ') }}";
        let (out, problems) = run(page);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            out,
            "new\n\n- 1. STAGING (platform-ops)\n- 2. PRODUCTION (platform-ops).\nno list unset staging, production"
        );
    }

    #[test]
    fn a_set_in_a_loop_stays_in_the_loop_and_an_unknown_condition_keeps_the_block() {
        let (out, problems) = run(
            "{% set n = 'top' %}{% for e in envs %}{% set n = e %}{% endfor %}{{ n }}\n{% if page.meta.x.y < 2 %}A{{ version }}{% else %}B{% endif %}! {{ owner }} {{ page.meta.owner | upper }}",
        );
        assert_eq!(
            out,
            "top\n{% if page.meta.x.y < 2 %}A{{ version }}{% else %}B{% endif %}! ana ANA"
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn filter_indent_puts_an_include_inside_an_admonition() {
        let (out, problems) = run(
            "!!! note\n    ```yaml\n    {% filter indent(width=4) %}\nkind: A\nspec:\n\n  x: 1\n    {% endfilter %}\n    ```\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            out,
            "!!! note\n    ```yaml\n    \n    kind: A\n    spec:\n\n      x: 1\n        \n    ```\n"
        );
    }

    #[test]
    fn dashes_trim_whitespace() {
        assert_eq!(run("a  {{- version -}}  b").0, "a1.4b");
        assert_eq!(run("no jinja here").0, "no jinja here");
    }
}
