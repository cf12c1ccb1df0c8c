//! Stage 3: the Jinja of an MkDocs book whose `macros` plugin is on (mkdocs-macros
//! renders each page as a Jinja template before Markdown): `{{ name }}` and
//! `{{ config.extra.name }}` show the value of mkdocs.yml's `extra:` (`name` may be
//! dotted: `links.chat`); `{% raw %}…{% endraw %}` keeps its text as written, less the
//! tags; `{# … #}` comments are left out; `{{-`/`-}}` trim as Jinja does;
//! `{% filter indent(4) %}…{% endfilter %}` indents its text (used to put an included
//! file inside an admonition) as Jinja's `indent` does. Anything
//! else (`{% if %}`, `{{ macro() }}`, an unknown name) is a `shortcode` warning at its
//! line and is shown as written. Runs over the whole page, code included, as the
//! plugin does; only when the plugin is configured. `{% include %}` is expanded before
//! (`include.rs`). Pure.

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;

/// `text` rendered with `variables` (see the module doc); `None` when it holds no
/// Jinja.
pub(crate) fn render(
    text: &str,
    variables: &BTreeMap<String, String>,
    path: &RelPath,
    diags: &mut Diagnostics,
) -> Option<String> {
    if !text.contains("{{") && !text.contains("{%") && !text.contains("{#") {
        return None;
    }
    let raw = crate::source::includes::raw_spans(text);
    let index = LineIndex::new(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut trim_next = false;
    // Open `{% filter indent %}`s: where their text starts in `out`, width, `first`.
    let mut filters: Vec<(usize, usize, bool)> = Vec::new();
    while let Some(found) = next_tag(text, at) {
        let (start, open) = found;
        let mut before = &text[at..start];
        if trim_next {
            before = before.trim_start();
        }
        out.push_str(before);
        if let Some(r) = raw.iter().find(|r| r.start == start) {
            out.push_str(raw_inner(&text[r.clone()]));
            at = r.end;
            trim_next = false;
            continue;
        }
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let Some(len) = text[start + 2..].find(close) else {
            // Not closed: not Jinja's either; shown as written.
            out.push_str(open);
            at = start + 2;
            trim_next = false;
            continue;
        };
        let end = start + 2 + len + 2;
        let inner = &text[start + 2..end - 2];
        if inner.starts_with('-') {
            let kept = out.trim_end().len();
            out.truncate(kept);
        }
        trim_next = inner.ends_with('-');
        let expr = inner.trim_matches('-').trim();
        match open {
            "{#" => {}
            "{%" if indent_args(expr).is_some() => {
                let (width, first) = indent_args(expr).unwrap_or_default();
                filters.push((out.len(), width, first));
            }
            "{%" if expr == "endfilter" && !filters.is_empty() => {
                let (from, width, first) = filters.pop().unwrap_or_default();
                let inner = out.split_off(from);
                out.push_str(&indent(&inner, width, first));
            }
            "{{" if value(expr, variables).is_some() => {
                out.push_str(value(expr, variables).unwrap_or_default());
            }
            _ => {
                let (line, col) = index.line_col(text, start);
                let shown = &text[start..end];
                diags.push(
                    Diagnostic::warning(
                        Code::Shortcode,
                        path.clone(),
                        format!("`{shown}` is mkdocs-macros' Jinja; opsbook shows it as written"),
                    )
                    .at(text, line, col)
                    .with_hint(
                        "opsbook shows `{{ name }}` of mkdocs.yml's `extra:` values and `{% include %}`; write literal braces inside `{% raw %}…{% endraw %}`",
                    ),
                );
                out.push_str(shown);
            }
        }
        at = end;
    }
    let mut rest = &text[at..];
    if trim_next {
        rest = rest.trim_start();
    }
    out.push_str(rest);
    Some(out)
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

/// The value `expr` names: `name` or `config.extra.name` of `extra:`.
fn value<'v>(expr: &str, variables: &'v BTreeMap<String, String>) -> Option<&'v str> {
    let name = expr.strip_prefix("config.extra.").unwrap_or(expr);
    variables.get(name).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<String>) {
        let vars = BTreeMap::from([
            ("version".to_string(), "1.4".to_string()),
            ("links.chat".to_string(), "https://chat".to_string()),
        ]);
        let mut diags = Diagnostics::new();
        let out = render(text, &vars, &RelPath::new("docs/a.md"), &mut diags)
            .unwrap_or_else(|| text.to_string());
        let shown = diags
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
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
        let (out, problems) = run("a\n  {% if x %}b{% endif %} {{ page.title }} {{ unclosed\n");
        assert_eq!(
            out,
            "a\n  {% if x %}b{% endif %} {{ page.title }} {{ unclosed\n"
        );
        assert_eq!(
            problems,
            [
                "docs/a.md:2:3: `{% if x %}` is mkdocs-macros' Jinja; opsbook shows it as written",
                "docs/a.md:2:14: `{% endif %}` is mkdocs-macros' Jinja; opsbook shows it as written",
                "docs/a.md:2:26: `{{ page.title }}` is mkdocs-macros' Jinja; opsbook shows it as written",
            ]
        );
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
