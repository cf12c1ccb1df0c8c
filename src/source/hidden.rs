//! Stage 2: the files of hidden folders, and hidden files, that the book's pages link
//! to. The walk skips every hidden name (`.git`, `.github`, `.env.example`, the files
//! editors leave), but GitHub shows such files and a README links to them: the release
//! workflow (`.github/workflows/release.yaml`), the contributing guide
//! (`.github/CONTRIBUTING.md`), a logo (`![](.github/logo.png)`), `.env.example`.
//! Those a page's Markdown names are read like the other content files, so the links
//! land, the leak scan reads them, and they are published without the dot
//! (`parse::book::site_rel`). Nothing under `.git` is ever read. Uses base/.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use super::SourceFile;
use crate::base::fsio;
use crate::base::path::{RelPath, joined};

/// The hidden files below `dir` (the content folder, or the book root of a plain
/// folder) that a Markdown file of `content` links to, read, sorted by path; none that
/// `content` already has. A page listed unread is read from `root`.
pub(crate) fn linked(
    root: &Path,
    dir: &str,
    content: &[SourceFile],
) -> anyhow::Result<Vec<SourceFile>> {
    let wanted = wanted(dir, content, |f| {
        if f.bytes.is_empty() {
            fsio::read(&root.join(f.path.as_str())).map(Cow::Owned)
        } else {
            Ok(Cow::Borrowed(f.bytes.as_slice()))
        }
    })?;
    wanted
        .into_par_iter()
        .filter(|p| std::fs::symlink_metadata(root.join(p)).is_ok_and(|m| m.file_type().is_file()))
        .map(|p| {
            let bytes = fsio::read(&root.join(&p))?;
            Ok(SourceFile {
                path: RelPath::new(&p),
                bytes,
            })
        })
        .collect()
}

/// The book paths of the hidden files below `dir` that a Markdown file of `content`
/// (every one read) links to, none that `content` already has: for a git tag's
/// files (`versions.rs`), which are all in memory.
pub(crate) fn wanted_in(dir: &str, content: &[SourceFile]) -> BTreeSet<String> {
    wanted(dir, content, |f| Ok(Cow::Borrowed(f.bytes.as_slice()))).unwrap_or_default()
}

/// The hidden files below `dir` that the Markdown file at `page` (its text `text`)
/// links to, that are files under `root` and that `known` does not have: for `serve`,
/// when an edit adds a link to one (a build reads the others at its start: `linked`).
pub(crate) fn newly_linked(
    root: &Path,
    dir: &str,
    (page, text): (&RelPath, &str),
    known: impl Fn(&str) -> bool,
) -> Vec<RelPath> {
    if !is_markdown(page) {
        return Vec::new();
    }
    let targets: BTreeSet<String> = destinations(text)
        .filter_map(|dest| hidden_target(page.parent(), dest, dir))
        .filter(|p| !known(p))
        .collect();
    targets
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(root.join(p)).is_ok_and(|m| m.file_type().is_file()))
        .map(|p| RelPath::new(&p))
        .collect()
}

fn wanted<'c>(
    dir: &str,
    content: &'c [SourceFile],
    bytes_of: impl Fn(&'c SourceFile) -> anyhow::Result<Cow<'c, [u8]>> + Sync,
) -> anyhow::Result<BTreeSet<String>> {
    let pages: Vec<&SourceFile> = content.iter().filter(|f| is_markdown(&f.path)).collect();
    let mut wanted: BTreeSet<String> = pages
        .par_iter()
        .map(|f| -> anyhow::Result<BTreeSet<String>> {
            let bytes = bytes_of(f)?;
            let text = String::from_utf8_lossy(&bytes);
            let from = f.path.parent();
            Ok(destinations(&text)
                .filter_map(|dest| hidden_target(from, dest, dir))
                .collect())
        })
        .try_reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            Ok(a)
        })?;
    for f in content {
        wanted.remove(f.path.as_str());
    }
    Ok(wanted)
}

fn is_markdown(path: &RelPath) -> bool {
    matches!(path.extension().as_deref(), Some("md" | "mdx" | "markdown"))
}

/// A hidden name of a path: `.github`, `.env.example`; not `.` or `..`.
pub(crate) fn is_hidden(segment: &str) -> bool {
    segment.starts_with('.') && segment != "." && segment != ".."
}

/// The book path that `dest`, written in a file of the folder `from`, names when it is
/// a relative path through a hidden name and stays below `dir`; never one under `.git`.
fn hidden_target(from: &str, dest: &str, dir: &str) -> Option<String> {
    let dest = dest.trim_start_matches('<').trim_end_matches('>');
    let path =
        crate::base::url::percent_decode(&dest[..dest.find(['?', '#']).unwrap_or(dest.len())]);
    let path = path.as_ref();
    if path.is_empty() || path.starts_with('/') || path.contains(':') {
        return None;
    }
    if !path.split('/').any(is_hidden) {
        return None;
    }
    let target = joined(from, path)?;
    let inside = dir.is_empty() || target.starts_with(&format!("{dir}/"));
    let in_git = target.split('/').any(|s| s == ".git");
    (inside && !in_git && !target.ends_with('/')).then_some(target)
}

/// What a Markdown text's links and images may point at, read loosely (the parse reads
/// them exactly later): the destination after `](`, of a reference definition
/// (`[x]: dest`), and of an HTML `href="…"` or `src="…"`.
fn destinations(text: &str) -> impl Iterator<Item = &str> {
    let inline = text.match_indices("](").map(|(i, _)| {
        let rest = &text[i + 2..];
        if let Some(inner) = rest.strip_prefix('<') {
            // `[x](<.my notes.md>)`: up to the closing bracket, spaces and all.
            return &inner[..inner.find(['>', '\n']).unwrap_or(inner.len())];
        }
        let end = rest
            .find(|c: char| c == ')' || c.is_whitespace())
            .unwrap_or(rest.len());
        &rest[..end]
    });
    let reference = text.lines().filter_map(|line| {
        let line = line.trim_start();
        let (_, rest) = line.strip_prefix('[')?.split_once("]:")?;
        rest.split_whitespace().next()
    });
    let html = ["href=\"", "src=\""].into_iter().flat_map(move |attr| {
        text.match_indices(attr).map(move |(i, _)| {
            let rest = &text[i + attr.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
    });
    inline.chain(reference).chain(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_relative_links_through_hidden_names_only() {
        let text = "See [the release workflow](.github/workflows/release.yaml) and \
                    ![logo](../.github/logo.png \"Logo\").\n\
                    [env]: .env.example\n\
                    <a href=\"docs/.templates/x.md#top\">x</a> [plain](docs/a.md) \
                    [url](https://x.io/.well-known/a) [git](.git/config) [up](../../.github/x)\n";
        let found: Vec<String> = destinations(text)
            .filter_map(|d| hidden_target("docs", d, ""))
            .collect();
        assert_eq!(
            found,
            [
                "docs/.github/workflows/release.yaml",
                ".github/logo.png",
                "docs/.env.example",
                "docs/docs/.templates/x.md",
            ]
        );
        // Written in angle brackets with a space, or percent-encoded.
        let text = "[a](<.my notes.md>) [b](.%5E.md#x) [c](<.github/a b.yaml> \"T\")";
        let found: Vec<String> = destinations(text)
            .filter_map(|d| hidden_target("", d, ""))
            .collect();
        assert_eq!(found, [".my notes.md", ".^.md", ".github/a b.yaml"]);
        // Below a content folder, a hidden file above it is not the book's.
        assert_eq!(hidden_target("content/ops", "../../.env", "content"), None);
        assert_eq!(
            hidden_target("content/ops", "../.env", "content").as_deref(),
            Some("content/.env")
        );
    }

    #[test]
    fn a_page_newly_linking_a_hidden_file_names_it_once_it_is_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/.github/workflows")).unwrap();
        std::fs::write(root.join("content/.github/workflows/ci.yaml"), "on: push\n").unwrap();
        std::fs::write(root.join("content/.env.example"), "PORT=1\n").unwrap();
        let page = RelPath::new("content/ops.md");
        let text = "[ci](.github/workflows/ci.yaml) [env](.env.example) [gone](.github/gone.md) \
                    [dir](.github/workflows)";
        let known = |p: &str| p == "content/.env.example";
        let found = newly_linked(root, "content", (&page, text), known);
        assert_eq!(found, [RelPath::new("content/.github/workflows/ci.yaml")]);
        let yaml = RelPath::new("content/ops.yaml");
        assert!(newly_linked(root, "content", (&yaml, text), |_| false).is_empty());
    }

    #[test]
    fn reads_the_linked_hidden_files_and_nothing_under_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (
                "README.md",
                "[ci](.github/workflows/ci.yaml) [cfg](.git/config) [gone](.github/gone.md) [env](.env.example)",
            ),
            (".github/workflows/ci.yaml", "on: push\n"),
            (".git/config", "[core]\n"),
            (".env.example", "PORT=8080\n"),
            (".github/other.md", "# Not linked\n"),
        ] {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let content = vec![SourceFile {
            path: RelPath::new("README.md"),
            bytes: Vec::new(),
        }];
        let found = linked(root, "", &content).unwrap();
        let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, [".env.example", ".github/workflows/ci.yaml"]);
        assert_eq!(found[1].bytes, b"on: push\n");
    }
}
