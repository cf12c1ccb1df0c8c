//! Stage 2: the files a Hugo site's pages show with a shortcode of the site's own that
//! reads them (`config::hugo::OwnShortcode::reads`): below `static/` (kueue's
//! `{{< include "examples/job.yaml" "yaml" >}}`, or `file=`), read into
//! `Includes::files` as `static/<path>`, or beside the page (kwok's `{{< code-sample
//! file="pod.yaml" >}}`), read as the file's own path (`content/docs/x/pod.yaml`), so
//! that stage 3 shows them without touching the disk (`parse/shortcodes.rs`). Only
//! files inside `static/` or the page's folder are read.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::includes::Includes;
use crate::config::hugo::{Hugo, ReadsFrom};

/// The static folder the shortcodes read from, as their templates name it.
pub(crate) const STATIC: &str = "static";

/// Adds to `includes` the files that `pages` (path, text) name with one of `hugo`'s
/// shortcodes that show a file.
pub(crate) fn read(root: &Path, hugo: &Hugo, pages: &[(String, String)], includes: &mut Includes) {
    for from in [ReadsFrom::Static, ReadsFrom::PageFolder] {
        let names: Vec<&str> = hugo.includes_from(from).collect();
        if names.is_empty() {
            continue;
        }
        for (page, text) in pages {
            for rel in named(text, &names) {
                let key = key(from, page, &rel);
                if includes.files.contains_key(&key) {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(root.join(&key)) {
                    includes.files.insert(key, bytes);
                }
            }
        }
    }
}

/// The path from the site's root of the file `rel` (made safe) that the page `page`
/// shows with a shortcode reading from `from`: `static/<rel>`, or `rel` in the page's
/// folder.
pub(crate) fn key(from: ReadsFrom, page: &str, rel: &str) -> String {
    match from {
        ReadsFrom::Static => format!("{STATIC}/{rel}"),
        ReadsFrom::PageFolder => match page.rsplit_once('/') {
            Some((folder, _)) => format!("{folder}/{rel}"),
            None => rel.to_string(),
        },
    }
}

/// The paths the shortcodes `names` (lowercase) name in `text`, each made safe: no
/// `..`, no leading `/`; others are left out (the shortcode warns).
pub(crate) fn named(text: &str, names: &[&str]) -> Vec<String> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\{\{[<%]\s*([A-Za-z0-9_/-]+)\s+(?:file\s*=\s*)?["`]([^"`]+)["`]"#)
            .expect("invariant: the include-tag regex compiles")
    });
    TAG.captures_iter(text)
        .filter(|c| names.contains(&c[1].to_ascii_lowercase().as_str()))
        .filter_map(|c| safe(&c[2]))
        .collect()
}

/// `path` below its folder, without a leading `/`; `None` when it leaves the folder.
pub(crate) fn safe(path: &str) -> Option<String> {
    let path = path.trim().trim_start_matches('/');
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    (!parts.is_empty() && !parts.contains(&"..")).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_both_argument_forms_and_never_leaves_static() {
        let text = "{{< include \"v0.19/examples/job.yaml\" \"yaml\" >}}\n\
                    {{< Include file=\"/examples/a.py\" lang=\"python\" >}}\n\
                    {{< include \"../secret.txt\" >}}\n{{< figure src=\"x.png\" >}}\n";
        assert_eq!(
            named(text, &["include"]),
            ["v0.19/examples/job.yaml", "examples/a.py"]
        );
        assert_eq!(safe("./a//b.yaml").as_deref(), Some("a/b.yaml"));
        assert_eq!(safe("a/../../b"), None);
    }

    #[test]
    fn a_file_beside_the_page_is_named_from_the_pages_folder() {
        let page = "content/en/docs/limits/_index.md";
        assert_eq!(
            key(ReadsFrom::PageFolder, page, "pod.yaml"),
            "content/en/docs/limits/pod.yaml"
        );
        assert_eq!(
            key(ReadsFrom::Static, page, "ex/a.yaml"),
            "static/ex/a.yaml"
        );
    }
}
