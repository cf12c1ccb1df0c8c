//! A Hugo site's own shortcode that shows a file (`config::hugo::OwnShortcode::reads`):
//! of its `static/` folder (kueue's `include`) or beside the page (kwok's
//! `code-sample`). The file, read in stage 2 (`source/hugo_includes.rs`), is shown as
//! a code block in the language of the second argument (or `lang=`, `language=`); with
//! none, a `static/` file as Markdown and a file beside the page in the language of
//! its extension, as the templates show them. A file that is not there is a warning
//! (Hugo stops the build). Pure.

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic};
use crate::base::path::RelPath;
use crate::config::hugo::ReadsFrom;
use crate::parse::shortcode_blocks::{Args, Out};
use crate::parse::shortcodes::Arg;
use crate::source::hugo_includes::{STATIC, key, safe};

/// What `{{< name "path" "lang" >}}` (or `file=`, `lang=`, `language=`) shows, from
/// `files` (the file's path from the site's root → bytes); the warning for a path
/// that names no file.
pub(crate) fn show(
    name: &str,
    args: &[Arg],
    files: &BTreeMap<String, Vec<u8>>,
    path: &RelPath,
    from: ReadsFrom,
) -> Result<Out, Box<Diagnostic>> {
    let a = Args(args);
    let wanted = a.named("file").or(a.at(0)).unwrap_or_default();
    let lang = a.named("lang").or(a.named("language")).or(a.at(1));
    let lang = match (lang.map(str::trim), from) {
        (Some(lang), _) => lang,
        (None, ReadsFrom::Static) => "",
        (None, ReadsFrom::PageFolder) => wanted.rsplit_once('.').map_or("", |(_, ext)| ext),
    };
    let found = safe(wanted).map(|rel| key(from, path.as_str(), &rel));
    let text = (found.as_ref())
        .and_then(|k| files.get(k))
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned());
    let Some(text) = text else {
        let (shown, folder) = match from {
            ReadsFrom::Static => (format!("{STATIC}/{wanted}"), format!("`{STATIC}/`")),
            ReadsFrom::PageFolder => (
                found.unwrap_or_else(|| wanted.to_string()),
                "the page's folder".to_string(),
            ),
        };
        return Err(Box::new(
            Diagnostic::warning(
                Code::Shortcode,
                path.clone(),
                format!("Hugo shortcode `{name}`: `{shown}` does not exist, so nothing is shown"),
            )
            .with_hint(format!(
                "the site's `{name}` shows a file of {folder} by its path there; Hugo stops the build here"
            )),
        ));
    };
    let body: Vec<String> = text.lines().map(str::to_string).collect();
    if lang.is_empty() {
        return Ok(Out::Lines(body));
    }
    let longest = body
        .iter()
        .map(|l| l.trim_start().chars().take_while(|c| *c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(3.max(longest + 1));
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        .collect();
    let mut lines = vec![format!("{fence}{lang}")];
    lines.extend(body);
    lines.push(fence);
    Ok(Out::Lines(lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(key: Option<&str>, value: &str) -> Arg {
        Arg {
            key: key.map(str::to_string),
            value: value.to_string(),
        }
    }

    fn lines(out: Out) -> Vec<String> {
        match out {
            Out::Lines(l) => l,
            Out::Inline(t) => vec![t],
        }
    }

    #[test]
    fn a_static_file_becomes_a_code_block_or_markdown() {
        let files = BTreeMap::from([
            (
                "static/ex/job.yaml".to_string(),
                b"kind: Job\n```\n".to_vec(),
            ),
            ("static/ex/note.md".to_string(), b"**Note**\n".to_vec()),
        ]);
        let path = RelPath::new("content/en/docs/run.md");
        let code = show(
            "include",
            &[arg(None, "ex/job.yaml"), arg(None, "yaml")],
            &files,
            &path,
            ReadsFrom::Static,
        );
        assert_eq!(
            lines(code.unwrap()),
            ["````yaml", "kind: Job", "```", "````"]
        );
        let named = [arg(Some("file"), "/ex/job.yaml"), arg(Some("lang"), "yaml")];
        assert!(show("include", &named, &files, &path, ReadsFrom::Static).is_ok());
        let md = show(
            "include",
            &[arg(None, "ex/note.md")],
            &files,
            &path,
            ReadsFrom::Static,
        );
        assert_eq!(lines(md.unwrap()), ["**Note**"]);
        let gone = show(
            "include",
            &[arg(None, "ex/gone.yaml")],
            &files,
            &path,
            ReadsFrom::Static,
        )
        .unwrap_err();
        assert_eq!(
            gone.message,
            "Hugo shortcode `include`: `static/ex/gone.yaml` does not exist, so nothing is shown"
        );
    }

    #[test]
    fn a_file_beside_the_page_is_a_code_block_in_its_extensions_language() {
        let files = BTreeMap::from([(
            "content/en/docs/limits/pod.yaml".to_string(),
            b"kind: Pod\n".to_vec(),
        )]);
        let path = RelPath::new("content/en/docs/limits/_index.md");
        let from = ReadsFrom::PageFolder;
        let code = show(
            "code-sample",
            &[arg(Some("file"), "pod.yaml")],
            &files,
            &path,
            from,
        );
        assert_eq!(lines(code.unwrap()), ["```yaml", "kind: Pod", "```"]);
        let bash = [arg(Some("file"), "pod.yaml"), arg(Some("language"), "bash")];
        let code = show("code-sample", &bash, &files, &path, from);
        assert_eq!(lines(code.unwrap())[0], "```bash");
        let gone = show(
            "code-sample",
            &[arg(Some("file"), "x.yaml")],
            &files,
            &path,
            from,
        );
        assert_eq!(
            gone.unwrap_err().message,
            "Hugo shortcode `code-sample`: `content/en/docs/limits/x.yaml` does not exist, so nothing is shown"
        );
    }
}
