//! The floor: pulldown-cmark + syntect alone on the same pages. It parses every `.md`
//! file under a folder, highlights fenced code into CSS classes with the same syntax
//! set opsbook uses (two-face's serialized dump, loaded once), and writes one HTML
//! file per page: no templates, ids, state, secrets, sidebar or search. Pages are done
//! in parallel on all cores (rayon), as the fastest such program would.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Renders every page under `input` into `output`; returns the number of pages.
pub(crate) fn run(input: &Path, output: &Path) -> anyhow::Result<usize> {
    let syntaxes = two_face::syntax::extra_newlines();
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(input)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    pages.par_iter().try_for_each(|path| {
        let text = fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
        let html = render(&text, &syntaxes);
        let rel = path
            .strip_prefix(input)
            .unwrap_or(path)
            .with_extension("html");
        let out = output.join(rel);
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&out, html).with_context(|| format!("write {}", out.display()))
    })?;
    Ok(pages.len())
}

/// Markdown → HTML with highlighted code blocks.
pub(crate) fn render(text: &str, syntaxes: &SyntaxSet) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(text, opts) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = code.take() {
                    events.push(Event::Html(highlight(&lang, &buf, syntaxes).into()));
                }
            }
            e => events.push(e),
        }
    }
    let mut out = String::with_capacity(text.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn highlight(lang: &str, code: &str, ss: &SyntaxSet) -> String {
    let syntax = ss
        .find_syntax_by_token(if lang == "hcl" { "terraform" } else { lang })
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, style);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            break;
        }
    }
    format!("<pre><code>{}</code></pre>", generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_code_and_renders_tables_and_tasks() {
        let ss = two_face::syntax::extra_newlines();
        let html = render(
            "# T\n\n- [ ] a\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```bash\necho hi\n```\n",
            &ss,
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("hl-"), "{html}");
    }
}
