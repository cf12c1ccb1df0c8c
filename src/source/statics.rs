//! Stage 2: a Docusaurus site's static folders (`staticDirectories`, default
//! `static/`), whose files Docusaurus serves at the site's root (`static/img/a.png` is
//! `/img/a.png`), and a Hugo site's (`static/`, or its `static` mounts, which may put a
//! folder's files below a site folder). Only the files the pages name are read and
//! published: a site's static folder also holds its home page's, blog's and
//! translations' files (60 MB in one real site), which a docs site does not need. A
//! file is named when its site path follows a `/` in a page's text (`/img/a.png`,
//! `pathname:///img/a.png`, `../../static/img/a.png`); a path in a code block is copied
//! too, which costs a file and never a link. The links themselves are read and checked
//! in stage 3–4 (`parse::static_files`). Uses base/ and config/.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{SourceFile, Sources, find_file, is_unread_kind, walk_with};
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::config::hugo_mounts::Filter;

/// A static folder, relative to the book root (`static`, `../shared/static`), the site
/// folder its files are published in (`""`: the site's root), and which of its files
/// are read (a Hugo `static` mount's `includeFiles` and `excludeFiles`).
#[derive(Debug, Default)]
pub(crate) struct StaticDir {
    pub(crate) dir: String,
    pub(crate) under: String,
    pub(crate) filter: Filter,
}

impl StaticDir {
    /// The whole folder `dir`, published at the site's root.
    pub(crate) fn whole(dir: &str) -> Self {
        StaticDir {
            dir: dir.to_string(),
            ..StaticDir::default()
        }
    }
}

/// A file of a static folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Its path in the site, below the site's root: `img/a.png`.
    pub site: String,
    /// Its path below the book root (`static/img/a.png`), and its bytes when a page
    /// names it (else none: it is not published).
    pub file: SourceFile,
    /// A page names it: it is read, scanned and published.
    pub named: bool,
}

/// The files of the static folders `dirs` (a file of an earlier folder hides a later
/// one at the same site path, as in Docusaurus), sorted by site path; those the
/// Markdown pages of `content` name are read (with `read`; else `read_named` reads
/// them later). A page listed unread is read from `root`.
pub(crate) fn linked(
    root: &Path,
    dirs: &[StaticDir],
    content: &[SourceFile],
    read: bool,
    mounted: &BTreeMap<String, String>,
) -> anyhow::Result<Vec<StaticFile>> {
    let mut files: BTreeMap<String, RelPath> = BTreeMap::new();
    for StaticDir { dir, under, filter } in dirs {
        let base = root.join(dir);
        for f in walk_with(&base, &base, &|_| true)? {
            let rel = f.path.as_str();
            if !filter.keeps(rel) {
                tracing::debug!("{dir}/{rel}: left out by the mount's include/exclude files");
                continue;
            }
            let site = if under.is_empty() {
                rel.to_string()
            } else {
                format!("{under}/{rel}")
            };
            files
                .entry(site)
                .or_insert_with(|| RelPath::new(format!("{dir}/{rel}")));
        }
    }
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let named: BTreeSet<String> = content
        .par_iter()
        .filter(|f| is_unread_kind(&f.path))
        .map(|f| -> anyhow::Result<BTreeSet<String>> {
            let read;
            let bytes = if f.bytes.is_empty() {
                let real = mounted
                    .get(f.path.as_str())
                    .map_or(f.path.as_str(), String::as_str);
                read = fsio::read(&root.join(real))?;
                &read
            } else {
                &f.bytes
            };
            Ok(named_in(&String::from_utf8_lossy(bytes), &files))
        })
        .try_reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            Ok(a)
        })?;
    files
        .into_par_iter()
        .map(|(site, path)| {
            let named = named.contains(&site);
            let bytes = if named && read {
                fsio::read(&root.join(path.as_str()))?
            } else {
                Vec::new()
            };
            Ok(StaticFile {
                site,
                file: SourceFile { path, bytes },
                named,
            })
        })
        .collect()
}

/// The files any of `lists` names, each once, read from `root`, sorted by site path:
/// a versioned build publishes them once for every version (`shared_statics`).
pub(crate) fn read_named<'a>(
    root: &Path,
    lists: impl IntoIterator<Item = &'a [StaticFile]>,
) -> anyhow::Result<Vec<StaticFile>> {
    let mut named: BTreeMap<&str, &StaticFile> = BTreeMap::new();
    for list in lists {
        for s in list.iter().filter(|s| s.named) {
            named.entry(s.site.as_str()).or_insert(s);
        }
    }
    named
        .into_values()
        .map(|s| {
            let bytes = fsio::read(&root.join(s.file.path.as_str()))?;
            Ok(StaticFile {
                site: s.site.clone(),
                file: SourceFile {
                    path: s.file.path.clone(),
                    bytes,
                },
                named: true,
            })
        })
        .collect()
}

/// The site paths of `files` that follow a `/` in `text`, up to the end of a link
/// (a space, a quote, a bracket, `?` or `#`), percent-decoded.
fn named_in(text: &str, files: &BTreeMap<String, RelPath>) -> BTreeSet<String> {
    let ends = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ')' | '(' | '"' | '\'' | '<' | '>' | '?' | '#' | ']' | '[' | '`' | '|'
            )
    };
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices('/') {
        let rest = &text[i + 1..];
        let run = &rest[..rest.find(ends).unwrap_or(rest.len())];
        if run.is_empty() || run.starts_with('/') {
            continue;
        }
        let name = crate::base::url::percent_decode(run);
        if files.contains_key(name.as_ref()) {
            out.insert(name.into_owned());
        }
    }
    out
}

impl Sources {
    /// The static files published at the site's root: those of `statics` at whose
    /// site path the content has no file (a file of the docs folder wins, as it is
    /// where the pages' relative links lead).
    pub(crate) fn published_statics(&self) -> impl Iterator<Item = &StaticFile> {
        let dir = self.content_dir();
        self.statics.iter().filter(move |s| {
            if !s.named {
                return false;
            }
            let path = if dir.is_empty() {
                RelPath::new(s.site.as_str())
            } else {
                RelPath::new(format!("{dir}/{}", s.site))
            };
            find_file(&self.content, &path).is_none()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_static_files_a_text_links_to() {
        let files: BTreeMap<String, RelPath> = ["img/a.png", "img/b c.png", "logo.svg", "x.pdf"]
            .iter()
            .map(|s| (s.to_string(), RelPath::new(format!("static/{s}"))))
            .collect();
        let text = "![a](/img/a.png) [b](../../static/img/b%20c.png) \
                    [pdf](pathname:///x.pdf?dl#p) `/img/missing.png` /logo.svgz";
        let named: Vec<String> = named_in(text, &files).into_iter().collect();
        assert_eq!(named, ["img/a.png", "img/b c.png", "x.pdf"]);
        let encoded = named_in("![b](/img/b%20c.png)", &files);
        assert!(encoded.contains("img/b c.png"), "{encoded:?}");
    }

    #[test]
    fn reads_only_the_named_files_and_the_first_folder_wins() {
        let dir = tempfile::tempdir().unwrap();
        for (p, text) in [
            ("static/img/a.png", "A"),
            ("static/img/unused.png", "U"),
            ("public/img/a.png", "shadowed"),
            ("public/files/f.txt", "F"),
        ] {
            let full = dir.path().join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let page = SourceFile {
            path: RelPath::new("docs/a.md"),
            bytes: b"![a](/img/a.png) [f](pathname:///files/f.txt)".to_vec(),
        };
        let dirs = ["static".to_string(), "public".to_string()];
        let dirs: Vec<StaticDir> = dirs.iter().map(|d| StaticDir::whole(d)).collect();
        let got = linked(dir.path(), &dirs, &[page], true, &BTreeMap::new()).unwrap();
        let got: Vec<(&str, &str, &[u8], bool)> = got
            .iter()
            .map(|s| {
                let f = &s.file;
                (
                    s.site.as_str(),
                    f.path.as_str(),
                    f.bytes.as_slice(),
                    s.named,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("files/f.txt", "public/files/f.txt", &b"F"[..], true),
                ("img/a.png", "static/img/a.png", &b"A"[..], true),
                ("img/unused.png", "static/img/unused.png", &b""[..], false),
            ]
        );
    }
}
