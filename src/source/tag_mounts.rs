//! Stage 2 for a versioned Hugo site: each tag's Hugo config and its `content` mounts,
//! read from the tag's git objects as `source::versions` reads its other files. The
//! tag's config is the file the working tree's is (`hugo.toml`, `config.toml`), as of
//! the tag; without one there, the working tree's. A `content` mount whose source is
//! inside the repository is read from the tag's tree, its files given the paths they
//! have in the content folder, as `source::mounts` does on disk; the mounts then
//! replace the content folder, as in Hugo. A mount whose source is outside the
//! repository, or has no files in the tag's tree (a git submodule's files are in its
//! own repository, not the tag's), cannot be read at the tag: a note for `-v`, and the
//! tag is built without it. Pure but for the notes; `versions.rs` runs git.

use std::collections::{BTreeMap, BTreeSet};

use crate::base::diag::Diagnostics;
use crate::base::path::RelPath;
use crate::config::hugo::{self, Hugo};
use crate::config::hugo_mounts::Mounted;

/// A `content` mount read from a tag's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TagMount {
    /// Its source folder, relative to the repository's top: `sdkdocs/go/docs`.
    pub(super) repo_dir: String,
    /// Its source relative to the book root (`../sdkdocs/go/docs`), where it goes
    /// (`under`) and its `includeFiles`/`excludeFiles`.
    pub(super) mounted: Mounted,
}

/// One file of a mount, as a content file of the tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MountedFile {
    /// Its path in the content folder: `content/sdks/go/client.md`.
    pub(super) path: String,
    /// Where it is, relative to the book root: `../sdkdocs/go/docs/client.md`.
    pub(super) real: String,
    pub(super) oid: String,
}

/// The tag's Hugo config: `text`, the tag's version of the working tree's config file
/// (`work.file`), parsed; without it, the working tree's config. What is not in the
/// file (the link hook's `GetPage`, the build's time) is the working tree's.
pub(super) fn tag_hugo(work: &Hugo, text: Option<&str>, diags: &mut Diagnostics) -> Hugo {
    let Some(text) = text else {
        return work.clone();
    };
    let mut hugo = hugo::parse(text, &RelPath::new(work.file.as_str()), diags);
    hugo.links_by_get_page = work.links_by_get_page;
    hugo.now = work.now;
    hugo
}

/// The `content` mounts of `hugo` (a tag's, `tag`) that can be read from the tag's
/// tree, for a book at `book_prefix` in the repository (`""`, `docs/`); `None` when
/// no mount targets `content` (the content folder is read as usual). A mount of
/// another language is left out, as `config::hugo_mounts::resolve` does; one outside
/// the repository is a note.
pub(super) fn plan(hugo: &Hugo, book_prefix: &str, tag: &str) -> Option<Vec<TagMount>> {
    let mut out: Option<Vec<TagMount>> = None;
    for m in &hugo.mounts {
        let (component, under) = m.target.split_once('/').unwrap_or((&m.target, ""));
        if component != "content" {
            continue;
        }
        let list = out.get_or_insert_with(Vec::new);
        if m.lang
            .as_deref()
            .is_some_and(|l| l != hugo.default_language)
        {
            continue;
        }
        let at = format!("{tag}:{}:{}:{}", hugo.file, m.line, m.col);
        let Some(repo_dir) = in_repository(book_prefix, &m.source) else {
            tracing::info!(
                "{at}: the mount's source `{}` is outside the repository; a tag's build reads only the tag's own files, so {tag} is built without it",
                m.source
            );
            continue;
        };
        list.push(TagMount {
            mounted: Mounted {
                dir: relative_to_book(book_prefix, &repo_dir),
                under: under.trim_matches('/').to_string(),
                include: m.include.clone(),
                exclude: m.exclude.clone(),
            },
            repo_dir,
        });
    }
    out
}

/// `source` (relative to the book at `book_prefix`) as a path from the repository's
/// top, normalised; `None` when it is absolute or climbs above the top.
fn in_repository(book_prefix: &str, source: &str) -> Option<String> {
    if source.starts_with('/') || source.contains(':') || source.contains('\\') {
        return None;
    }
    crate::base::path::joined(book_prefix, source)
}

/// `repo_dir` (from the repository's top) relative to the book at `book_prefix`.
fn relative_to_book(book_prefix: &str, repo_dir: &str) -> String {
    let book: Vec<&str> = book_prefix.split('/').filter(|p| !p.is_empty()).collect();
    let dir: Vec<&str> = repo_dir.split('/').filter(|p| !p.is_empty()).collect();
    let common = book.iter().zip(&dir).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..", book.len() - common);
    ups.chain(dir[common..].iter().copied())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files of `mounts` (each listed from the tag's tree as (path below its source,
/// blob id) in `listed`), with the paths they have in the content folder (`prefix`),
/// in the order a walk of the content folder gives them; a path two mounts give is the
/// first's, as in Hugo. A mount with no files in the tree is a note.
pub(super) fn files(
    mounts: &[TagMount],
    listed: &[Vec<(String, String)>],
    prefix: &str,
    tag: &str,
) -> Vec<MountedFile> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (m, entries) in mounts.iter().zip(listed) {
        if entries.is_empty() {
            tracing::info!(
                "{tag}: the mounted folder `{}` has no files in the tag's tree (a git submodule's files are in its own repository); {tag} is built without it",
                m.mounted.dir
            );
        }
        let filter = m.mounted.filter();
        for (rel, oid) in entries.iter().filter(|(rel, _)| filter.keeps(rel)) {
            let path = [prefix, m.mounted.under.as_str(), rel]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("/");
            if seen.insert(path.clone()) {
                let real = format!("{}/{rel}", m.mounted.dir);
                out.push(MountedFile {
                    path,
                    real,
                    oid: oid.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.split('/').cmp(b.path.split('/')));
    out
}

/// Where each mounted file really is, for `Sources::mounted`: those not where their
/// path says.
pub(super) fn origins(files: &[MountedFile]) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|f| f.path != f.real)
        .map(|f| (f.path.clone(), f.real.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(config: &str) -> Hugo {
        let mut diags = Diagnostics::new();
        let hugo = hugo::parse(config, &RelPath::new("hugo.toml"), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        hugo
    }

    #[test]
    fn mounts_inside_the_repository_are_read_and_others_left_out() {
        let hugo = site(
            "title = 'x'\n[module]\n[[module.mounts]]\nsource = 'content'\ntarget = 'content'\n[[module.mounts]]\nsource = '../sdk/docs'\ntarget = 'content/sdks/x/'\nexcludeFiles = 'drafts/**'\n[[module.mounts]]\nsource = '../../elsewhere'\ntarget = 'content/far'\n[[module.mounts]]\nsource = '../zh'\ntarget = 'content'\nlang = 'zh'\n[[module.mounts]]\nsource = 'layouts'\ntarget = 'layouts'\n",
        );
        let mounts = plan(&hugo, "site/", "v1.0").expect("content mounts");
        let dirs: Vec<(&str, &str, &str)> = (mounts.iter())
            .map(|m| {
                (
                    m.repo_dir.as_str(),
                    m.mounted.dir.as_str(),
                    m.mounted.under.as_str(),
                )
            })
            .collect();
        assert_eq!(
            dirs,
            [
                ("site/content", "content", ""),
                ("sdk/docs", "../sdk/docs", "sdks/x")
            ]
        );
        let listed = vec![
            vec![("a.md".to_string(), "1".to_string())],
            vec![
                ("client.md".to_string(), "2".to_string()),
                ("drafts/wip.md".to_string(), "3".to_string()),
            ],
        ];
        let got = files(&mounts, &listed, "content", "v1.0");
        let paths: Vec<(&str, &str)> = (got.iter())
            .map(|f| (f.path.as_str(), f.real.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("content/a.md", "content/a.md"),
                ("content/sdks/x/client.md", "../sdk/docs/client.md"),
            ]
        );
        assert_eq!(origins(&got).len(), 1);
        assert_eq!(plan(&site("title = 'x'\n"), "", "v1.0"), None);
    }

    #[test]
    fn sources_climb_within_the_repository_only() {
        assert_eq!(in_repository("", "content").as_deref(), Some("content"));
        assert_eq!(
            in_repository("docs/", "../sdk/./x/").as_deref(),
            Some("sdk/x")
        );
        assert_eq!(in_repository("docs/", "../../x"), None);
        assert_eq!(in_repository("", "/abs/x"), None);
        assert_eq!(relative_to_book("docs/", "sdk/x"), "../sdk/x");
        assert_eq!(relative_to_book("", "sdk/x"), "sdk/x");
        assert_eq!(relative_to_book("docs/", "docs/content"), "content");
    }
}
