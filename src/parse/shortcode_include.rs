//! A Hugo site's own shortcode that shows a file of its `static/` folder
//! (`config::hugo::OwnShortcode::reads_static`, kueue's `include`): the file, read in
//! stage 2 (`source/hugo_includes.rs`), as a code block in the language of the second
//! argument (or `lang=`), or as Markdown when there is none, as the template shows it.
//! A file that is not there is a warning (Hugo stops the build). Pure.

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic};
use crate::base::path::RelPath;
use crate::parse::shortcode_blocks::{Args, Out};
use crate::parse::shortcodes::Arg;
use crate::source::hugo_includes::{STATIC, safe};

/// What `{{< name "path" "lang" >}}` (or `file=`, `lang=`) shows, from `files`
/// (`static/<path>` → bytes); the warning for a path that names no file.
pub(crate) fn show(
    name: &str,
    args: &[Arg],
    files: &BTreeMap<String, Vec<u8>>,
    path: &RelPath,
) -> Result<Out, Box<Diagnostic>> {
    let a = Args(args);
    let wanted = a.named("file").or(a.at(0)).unwrap_or_default();
    let lang = a.named("lang").or(a.at(1)).unwrap_or_default().trim();
    let text = safe(wanted)
        .and_then(|rel| files.get(&format!("{STATIC}/{rel}")))
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned());
    let Some(text) = text else {
        return Err(Box::new(
            Diagnostic::warning(
                Code::Shortcode,
                path.clone(),
                format!("Hugo shortcode `{name}`: `{STATIC}/{wanted}` does not exist, so nothing is shown"),
            )
            .with_hint(format!(
                "the site's `{name}` shows a file of `{STATIC}/` by its path there; Hugo stops the build here"
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
        );
        assert_eq!(
            lines(code.unwrap()),
            ["````yaml", "kind: Job", "```", "````"]
        );
        let named = [arg(Some("file"), "/ex/job.yaml"), arg(Some("lang"), "yaml")];
        assert!(show("include", &named, &files, &path).is_ok());
        let md = show("include", &[arg(None, "ex/note.md")], &files, &path);
        assert_eq!(lines(md.unwrap()), ["**Note**"]);
        let gone = show("include", &[arg(None, "ex/gone.yaml")], &files, &path).unwrap_err();
        assert_eq!(
            gone.message,
            "Hugo shortcode `include`: `static/ex/gone.yaml` does not exist, so nothing is shown"
        );
    }
}
