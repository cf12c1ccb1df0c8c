//! Stage 3: what an MkDocs nav entry naming a folder (`- User Guide: user-guide/`)
//! stands for, as mkdocs-literate-nav reads it: the folder's nav file (its `nav_file`,
//! default `SUMMARY.md`: the last Markdown list of links, or the first after a
//! `<!--nav-->` line, nested lists as sections, links from the folder), else the
//! folder's pages in its implicit order (the folder's `index.md` or `README.md`, then
//! its files by name, then its subfolders by name, each a section titled by its name).
//! The entries made here are walked by `mkdocs_nav.rs` as any nav entry is. Pure, but
//! for `nav_files`, which takes the nav files' text from the sources (from disk for a
//! page a streamed build has not read yet).

use std::collections::HashMap;

use crate::base::diag::Diagnostics;
use crate::base::path::RelPath;
use crate::config::mkdocs::{MkDocs, NavItem, NavTarget, is_link};
use crate::config::mkdocs_ext::LiterateNav;
use crate::parse::nav::join;
use crate::parse::summary::{self, Entry};
use crate::source::Sources;

/// The text of each nav file below `docs_dir` (by its path below it), when the book
/// uses literate-nav; bad UTF-8 is a diagnostic and the file is no nav file.
pub(crate) fn nav_files(mk: &MkDocs, src: &Sources, diags: &mut Diagnostics) -> NavFiles {
    let Some(lit) = &mk.literate_nav else {
        return NavFiles::new();
    };
    let mut out = NavFiles::new();
    for file in &src.content {
        let path = file.path.as_str();
        let below = match mk.docs_dir.as_str() {
            "" => Some(path),
            docs => path.strip_prefix(docs).and_then(|p| p.strip_prefix('/')),
        };
        let is_nav = |b: &&str| b.rsplit('/').next() == Some(&lit.nav_file);
        let Some(below) = below.filter(is_nav).filter(|b| mk.excluded(b).is_none()) else {
            continue;
        };
        // A page's bytes may be left on disk until it is parsed (a streamed build).
        let bytes = src
            .bytes_of(file)
            .map(|b| b.into_owned())
            .unwrap_or_default();
        match crate::base::fsio::decode_text(&file.path, bytes) {
            Ok(text) => {
                out.insert(below.to_string(), text);
            }
            Err(d) => diags.push(*d),
        }
    }
    out
}

/// Nav files' text by their path below `docs_dir`.
pub(crate) type NavFiles = HashMap<String, String>;

/// The nav file at the top of `docs_dir` (its path, text and the plugin's options),
/// which literate-nav reads as the whole nav, mkdocs.yml's `nav` or not.
pub(crate) fn root_nav<'n>(
    mk: &'n MkDocs,
    nav_files: &'n NavFiles,
) -> Option<(&'n String, &'n String, &'n LiterateNav)> {
    let lit = mk.literate_nav.as_ref()?;
    let (path, text) = nav_files.get_key_value(&lit.nav_file)?;
    Some((path, text, lit))
}

/// Whether `dir` (below `docs_dir`, no trailing `/`) holds a page; `files` is sorted.
pub(crate) fn is_folder(dir: &str, files: &[String]) -> bool {
    let prefix = format!("{dir}/");
    let at = files.partition_point(|f| f.as_str() < prefix.as_str());
    files.get(at).is_some_and(|f| f.starts_with(&prefix))
}

/// The folder's index page (`index.md`, else `README.md`), as MkDocs finds it.
pub(crate) fn index_of<'f>(dir: &str, files: &'f [String]) -> Option<&'f str> {
    ["index.md", "README.md"]
        .iter()
        .map(|name| join(dir, name))
        .find_map(|want| files.iter().find(|f| **f == want))
        .map(String::as_str)
}

/// The entries of the folder `dir`'s nav file `text`, its links read from `dir`,
/// placed in the nav file; with `implicit_index`, the folder's index page first.
/// `None` when the file holds no list: literate-nav then lists the folder's pages.
pub(crate) fn from_nav_file(
    dir: &str,
    text: &str,
    implicit_index: bool,
    files: &[String],
) -> Option<Vec<NavItem>> {
    let list = summary::nav_list(text);
    if list.is_empty() {
        return None;
    }
    let mut items = Vec::new();
    if implicit_index && let Some(index) = index_of(dir, files) {
        items.push(bare(index.to_string(), (0, 0)));
    }
    items.extend(entries(dir, &list));
    Some(items)
}

/// The nav file's list as nav entries: `[Title](page.md)` an entry, `[Title](sub/)`
/// a folder, an item with a nested list a section (its link, if any, first), and a
/// text with `*` a wildcard from the folder.
fn entries(dir: &str, list: &[Entry]) -> Vec<NavItem> {
    let mut out = Vec::new();
    for entry in list {
        let Entry::Chapter(c) = entry else { continue };
        let place = (c.line, c.col);
        let target = c.file.as_deref().map(|f| {
            if is_link(f) || f.contains("://") {
                NavTarget::Link(f.to_string())
            } else {
                NavTarget::File(from_dir(dir, f))
            }
        });
        let item = match target {
            None if c.title.contains('*') && c.children.is_empty() => {
                bare(from_dir(dir, &c.title), place)
            }
            Some(t) if c.children.is_empty() => NavItem {
                title: Some(c.title.clone()),
                target: t,
                line: place.0,
                col: place.1,
            },
            t => {
                let mut children: Vec<NavItem> = Vec::new();
                if let Some(t) = t {
                    children.push(NavItem {
                        title: None,
                        target: t,
                        line: place.0,
                        col: place.1,
                    });
                }
                children.extend(entries(dir, &c.children));
                NavItem {
                    title: Some(c.title.clone()),
                    target: NavTarget::Section(children),
                    line: place.0,
                    col: place.1,
                }
            }
        };
        out.push(item);
    }
    out
}

/// The folder's pages as literate-nav lists a folder without a nav file: its index
/// page, its other files by name, then each subfolder (`sub/`, titled by its name), all
/// placed at the folder's entry (`at`).
pub(crate) fn implicit(dir: &str, files: &[String], at: (u32, u32)) -> Vec<NavItem> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let index = index_of(dir, files);
    let mut own: Vec<&str> = Vec::new();
    let mut subs: Vec<&str> = Vec::new();
    for file in files.iter().filter_map(|f| f.strip_prefix(&prefix)) {
        match file.split_once('/') {
            Some((sub, _)) if subs.last() != Some(&sub) => subs.push(sub),
            Some(_) => {}
            None if Some(format!("{prefix}{file}").as_str()) == index => {}
            None => own.push(file),
        }
    }
    subs.sort_unstable();
    subs.dedup();
    let mut items: Vec<NavItem> = index.map(|i| bare(i.to_string(), at)).into_iter().collect();
    items.extend(own.iter().map(|f| bare(format!("{prefix}{f}"), at)));
    items.extend(subs.iter().map(|s| NavItem {
        title: Some(dirname_to_title(s)),
        target: NavTarget::File(format!("{prefix}{s}/")),
        line: at.0,
        col: at.1,
    }));
    items
}

/// A folder's title as MkDocs makes it: `-` and `_` as spaces, and an all-lowercase
/// name capitalized (`user-guide` is `User guide`, `API_docs` stays `API docs`).
pub(crate) fn dirname_to_title(name: &str) -> String {
    let title = name.replace(['-', '_'], " ");
    if title.to_lowercase() != title {
        return title;
    }
    let mut chars = title.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The path below `docs_dir` of `link` written in the folder `dir` (a trailing `/`
/// kept; one that climbs out of `docs_dir` is left as written, to be reported).
fn from_dir(dir: &str, link: &str) -> String {
    let slash = if link.ends_with('/') { "/" } else { "" };
    match crate::source::includes::normalize(dir, link) {
        Some((0, p)) => format!("{p}{slash}"),
        _ => link.to_string(),
    }
}

fn bare(file: String, at: (u32, u32)) -> NavItem {
    NavItem {
        title: None,
        target: NavTarget::File(file),
        line: at.0,
        col: at.1,
    }
}

/// Where a nav file is, from the book root, for its diagnostics.
pub(crate) fn nav_file_path(mk: &MkDocs, below: &str) -> RelPath {
    RelPath::new(join(&mk.docs_dir, below))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| (*s).to_string()).collect();
        v.sort();
        v
    }

    fn shape(items: &[NavItem], depth: usize, out: &mut Vec<String>) {
        for i in items {
            let pad = "  ".repeat(depth);
            let title = i.title.as_deref().unwrap_or("-");
            match &i.target {
                NavTarget::File(f) => out.push(format!("{pad}{}:{} {title} -> {f}", i.line, i.col)),
                NavTarget::Link(l) => out.push(format!("{pad}{title} => {l}")),
                NavTarget::Section(c) => {
                    out.push(format!("{pad}{title}"));
                    shape(c, depth + 1, out);
                }
            }
        }
    }

    #[test]
    fn a_folder_without_a_nav_file_lists_its_index_files_then_folders() {
        let fs = files(&[
            "guide/zeta.md",
            "guide/README.md",
            "guide/alpha.md",
            "guide/deep_dive/b.md",
            "guide/api-docs/a.md",
            "guidebook.md",
        ]);
        let mut out = Vec::new();
        shape(&implicit("guide", &fs, (3, 5)), 0, &mut out);
        assert_eq!(
            out,
            [
                "3:5 - -> guide/README.md",
                "3:5 - -> guide/alpha.md",
                "3:5 - -> guide/zeta.md",
                "3:5 Api docs -> guide/api-docs/",
                "3:5 Deep dive -> guide/deep_dive/",
            ]
        );
        assert!(
            is_folder("guide", &fs) && !is_folder("guid", &fs) && !is_folder("guidebook.md", &fs)
        );
        assert_eq!(dirname_to_title("API_docs"), "API docs");
    }

    #[test]
    fn a_nav_file_gives_entries_from_its_folder() {
        let fs = files(&["dev/README.md", "dev/a.md", "dev/sub/x.md", "start.md"]);
        let text = "# Dev\n\nSee [start](../start.md).\n\n- [A](a.md)\n- [Sub](sub/)\n- Group\n    - [X](sub/x.md)\n    - sub/*.md\n- [Site](https://example.com/)\n- [Up](../../out.md)\n";
        let mut out = Vec::new();
        shape(
            &from_nav_file("dev", text, true, &fs).expect("a list"),
            0,
            &mut out,
        );
        assert_eq!(from_nav_file("dev", "# Dev\n\nNo list.\n", true, &fs), None);
        assert_eq!(
            out,
            [
                "0:0 - -> dev/README.md",
                "5:3 A -> dev/a.md",
                "6:3 Sub -> dev/sub/",
                "Group",
                "  8:7 X -> dev/sub/x.md",
                "  9:3 - -> dev/sub/*.md",
                "Site => https://example.com/",
                "11:3 Up -> ../../out.md",
            ]
        );
    }
}
