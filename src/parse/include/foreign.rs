//! Stage 3: a warning for each `{{#name …}}` directive of an mdBook page that opsbook
//! does not run (another preprocessor's: Cluster API's `{{#releaselink …}}` and
//! `{{#embed-github …}}`), at its line and column; the text stays as written. Only the
//! page's own text is looked at, outside code (blocks and inline) and HTML comments,
//! where a directive is an example of its syntax or hidden. Pure.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use crate::source::includes;

/// Pushes the warning for each directive of the page `text` (at `path`) that no
/// reader of opsbook runs.
pub(super) fn warn(text: &str, path: &RelPath, diags: &mut Diagnostics) {
    let found = includes::foreign_directives(text);
    if found.is_empty() {
        return;
    }
    let quiet = quiet_ranges(text);
    let index = LineIndex::new(text);
    for (range, name) in found {
        if quiet.iter().any(|q| q.contains(&range.start)) {
            continue;
        }
        let (line, col) = index.line_col(text, range.start);
        diags.push(not_run(name, path).at(text, line, col));
    }
}

/// The warning for the directive `name` (place it with `.at`).
fn not_run(name: &str, path: &RelPath) -> Diagnostic {
    Diagnostic::warning(
        Code::Shortcode,
        path.clone(),
        format!("opsbook does not run mdBook preprocessor `{name}`; the text is shown as written"),
    )
    .with_hint(format!(
        "opsbook runs no preprocessor commands (it runs `{{{{#include}}}}`, `{{{{#rustdoc_include}}}}`, `{{{{#playground}}}}`, `{{{{#title}}}}` and the tabs itself): write into the page what `{name}` would put there, or write `\\{{{{#{name} …}}}}` to show the directive on purpose"
    ))
}

/// Where a directive is not shown as text: code blocks, inline code and HTML comments
/// (one that starts outside code).
fn quiet_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, pulldown_cmark::Options::all()).into_offset_iter() {
        if matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
            out.push(range);
        }
    }
    let mut from = 0;
    while let Some(at) = text[from..].find("<!--").map(|i| from + i) {
        let end = text[at + 4..]
            .find("-->")
            .map_or(text.len(), |i| at + 4 + i + 3);
        if !out.iter().any(|r| r.contains(&at)) {
            out.push(at..end);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<String> {
        let mut diags = Diagnostics::new();
        warn(text, &RelPath::new("src/install.md"), &mut diags);
        diags
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    #[test]
    fn warns_once_per_directive_another_preprocessor_runs() {
        let page = "# Install\n\nGet {{#releaselink repo:\"x/y\" gomodule:\"x/y\" asset:\"a.yaml\" version:\"1.x\"}} now.\n\n{{#embed-github repo:\"x/y\" file:\"main.go\" lang:\"go\"}}\n{{#releaselink repo:\"x/y\"}}\n";
        assert_eq!(
            warnings(page),
            [
                "src/install.md:3:5: opsbook does not run mdBook preprocessor `releaselink`; the text is shown as written",
                "src/install.md:5:1: opsbook does not run mdBook preprocessor `embed-github`; the text is shown as written",
                "src/install.md:6:1: opsbook does not run mdBook preprocessor `releaselink`; the text is shown as written",
            ]
        );
    }

    #[test]
    fn directives_opsbook_runs_are_not_warned() {
        let page = "{{#include a.md}}\n{{#rustdoc_include a.rs:2}}\n{{#playground a.rs}}\n{{#title T}}\n{{#tabs name:\"x\" tabs:\"A\"}}\n{{#tab A}}\na\n{{#/tab }}\n{{#/tabs }}\n";
        assert!(warnings(page).is_empty());
    }

    #[test]
    fn code_comments_and_escapes_are_quiet() {
        let page = "Write `{{#releaselink repo:\"x\"}}`.\n\n```handlebars\n{{#each items}}\n```\n\n    {{#indented x}}\n\n<!-- {{#releaselink repo:\"x\"}}\n-->\n\\{{#releaselink repo:\"x\"}}\n\n{{#later x}}\n";
        assert_eq!(
            warnings(page),
            [
                "src/install.md:13:1: opsbook does not run mdBook preprocessor `later`; the text is shown as written"
            ]
        );
    }

    #[test]
    fn the_hint_names_the_directive() {
        let d = not_run("releaselink", &RelPath::new("a.md"));
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains("`\\{{#releaselink …}}`"), "{hint}");
    }
}
