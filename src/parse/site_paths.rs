//! Stage 3: where each content file goes in the site, and the names that cannot go
//! there. A page or file whose name breaks the rule of `base::path::name_problem` is a
//! `file-name` error; two files that would be written to one path, or to paths that
//! differ only in case (one file on macOS and Windows disks), are `duplicate-page`
//! errors. Two pages at one path are `book::report_duplicate_urls`'. Pure.

use std::collections::{HashMap, HashSet};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::{RelPath, name_problem, shown};
use crate::model::Page;
use crate::parse::book::{FileKind, below_content, copied_site_path, kind_of};
use crate::source::Sources;

/// The `file-name` error of the content file at `path`, if its name (or a folder's on
/// the way to it) breaks the rule.
pub(crate) fn name_diagnostic(path: &RelPath, prefix: &str) -> Option<Diagnostic> {
    let problem = name_problem(below_content(path, prefix))?;
    let name = shown(&problem.name);
    let (message, hint) = if problem.folder {
        (
            format!("the folder name `{name}` has {}", problem.reason),
            format!("rename the folder to `{}`", problem.rename),
        )
    } else {
        (
            format!("the file name `{name}` has {}", problem.reason),
            format!("rename the file to `{}`", problem.rename),
        )
    };
    Some(Diagnostic::error(Code::FileName, path.clone(), message).with_hint(hint))
}

/// The site paths of every page and copied file: a file name a site cannot hold, a
/// copied file at a page's path, and paths (of files or of folders) that differ only
/// in case. Each problem is reported once, at the file found second in path order.
pub(crate) fn report(pages: &[Page], src: &Sources, diags: &mut Diagnostics) {
    let prefix = src.content_prefix();
    // Where each file is published: a lowercasing Hugo site's in lowercased folders.
    let assets: Vec<(&RelPath, String)> = src
        .content
        .iter()
        .filter(|f| kind_of(&f.path) == FileKind::Asset)
        .map(|f| {
            (
                &f.path,
                copied_site_path(&f.path, prefix, src.lower_folders),
            )
        })
        .collect();
    for (path, _) in &assets {
        diags.extend(name_diagnostic(path, prefix));
    }
    let mut placed: Vec<(&str, &RelPath, bool)> = pages
        .iter()
        .map(|p| (p.url.as_str(), &p.source, true))
        .chain(
            assets
                .iter()
                .map(|(path, site)| (site.as_str(), *path, false)),
        )
        .collect();
    placed.sort_by(|a, b| a.1.cmp(b.1));
    let mut exact: HashMap<&str, (&RelPath, bool)> = HashMap::new();
    let mut folded = Folded::default();
    for &(site, source, is_page) in &placed {
        if let Some(&(first, first_is_page)) = exact.get(site) {
            // Two pages at one path are `report_duplicate_urls`' to say.
            if !(is_page && first_is_page) {
                diags.push(same_path(source, first, site));
            }
            continue;
        }
        exact.insert(site, (source, is_page));
        if let Some(d) = case_clash(&mut folded, site, source) {
            diags.push(d);
        }
    }
}

/// The site paths placed so far (and the folders on their way), by their lower-case
/// form, with the file that placed each first; the clashes already reported.
#[derive(Default)]
struct Folded<'a> {
    first: HashMap<String, (&'a str, &'a RelPath)>,
    reported: HashSet<String>,
}

/// The first part of `site` (a folder on the way, or the file itself) whose name
/// differs only in case from one an earlier file placed, unless that clash was
/// reported already; records `site`'s parts.
fn case_clash<'a>(
    folded: &mut Folded<'a>,
    site: &'a str,
    source: &'a RelPath,
) -> Option<Diagnostic> {
    let ends = site.match_indices('/').map(|(i, _)| i).chain([site.len()]);
    for end in ends {
        let part = &site[..end];
        let (earlier, by) = *folded
            .first
            .entry(part.to_lowercase())
            .or_insert((part, source));
        if earlier != part && folded.reported.insert(format!("{earlier}/{part}")) {
            let what = if end < site.len() { "folder" } else { "file" };
            return Some(
                Diagnostic::error(
                    Code::DuplicatePage,
                    source.clone(),
                    format!(
                        "the site {what} `{}` differs only in case from `{}` (from {}): \
                         on macOS and Windows disks they are one {what}",
                        shown(part),
                        shown(earlier),
                        shown(by.as_str())
                    ),
                )
                .with_hint("rename one of the two so that their names differ in more than case"),
            );
        }
    }
    None
}

fn same_path(source: &RelPath, first: &RelPath, site: &str) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicatePage,
        source.clone(),
        format!(
            "this file and {} would both be written to {}",
            shown(first.as_str()),
            shown(site)
        ),
    )
    .with_hint("a page takes the path of its source with .html: rename one of the two files")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::test_support::sources;

    /// What `assemble` reports for a book of `files`: `code path` of each
    /// diagnostic, and its message.
    fn problems(files: &[&str]) -> (Vec<String>, Vec<String>) {
        let with_text: Vec<(&str, &str)> = files.iter().map(|f| (*f, "# T\n")).collect();
        let mut diags = Diagnostics::new();
        crate::parse::book::assemble(
            &Config::default(),
            &sources(&with_text),
            &mut diags,
            &crate::base::cache::Cache::off(),
            Default::default(),
        );
        diags
            .iter()
            .map(|d| (format!("{} {}", d.code, d.path), d.message.clone()))
            .unzip()
    }

    #[test]
    fn names_a_link_can_carry_pass() {
        let files = [
            "content/a#b.md",
            "content/what?.md",
            "content/100%.md",
            "content/dir #1/sub?.md",
            "content/dir #1/pic #1.png",
            "content/ünï.yml",
        ];
        assert_eq!(problems(&files).0, Vec::<String>::new());
    }

    #[test]
    fn refuses_pages_files_and_folders_with_unusable_names() {
        let (at, messages) = problems(&[
            "content/a:b.md",
            "content/img/x:y.png",
            "content/ops\told/run.md",
        ]);
        assert_eq!(
            at,
            [
                "file-name content/a:b.md",
                "file-name content/ops\told/run.md",
                "file-name content/img/x:y.png",
            ]
        );
        assert!(
            messages[1].starts_with("the folder name `ops␉old`"),
            "{}",
            messages[1]
        );
    }

    #[test]
    fn refuses_a_file_at_a_page_path_and_names_that_differ_only_in_case() {
        let (at, messages) = problems(&[
            "content/notes.md",
            "content/notes.html",
            "content/Deploy.md",
            "content/deploy.md",
            "content/Ops/a.md",
            "content/ops/b.md",
            "content/ops/c.md",
        ]);
        assert_eq!(
            at,
            [
                "duplicate-page content/deploy.md",
                "duplicate-page content/notes.md",
                "duplicate-page content/ops/b.md",
            ],
            "{messages:#?}"
        );
        assert_eq!(
            messages[1],
            "this file and content/notes.html would both be written to notes.html"
        );
        assert_eq!(
            messages[2],
            "the site folder `ops` differs only in case from `Ops` (from content/Ops/a.md): \
             on macOS and Windows disks they are one folder"
        );
    }
}
