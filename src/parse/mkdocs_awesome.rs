//! Stage 3: the nav the awesome-nav plugin (mkdocs-awesome-nav, v3) makes from its
//! `.nav.yml` files (read by `config/mkdocs_awesome.rs`), as plain nav entries that
//! `mkdocs_nav.rs` walks as it walks mkdocs.yml's. Each folder is a section of its
//! `.nav.yml`'s `nav` (default: its `index.md` or `README.md`, then `*`): a page, a
//! folder (a section made the same way), a glob matching the folder's pages and
//! subfolders that no other entry names (sorted naturally by path, sections last),
//! `Title: …` and `Section: [ … ]` (a titled page not found in the folder is looked
//! for from `docs_dir`, as MkDocs finds the link the plugin hands it); `ignore`, `hide`, `append_unmatched`,
//! `flatten_single_child_sections` and `sort` as the plugin applies them (inherited by
//! the folders below). A glob or page that matches nothing is a `broken-link` warning
//! at its place in the `.nav.yml`, as the plugin's `no_matches` is. Pure.

use std::collections::HashSet;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::config::mkdocs::{MkDocs, NavItem, NavTarget};
use crate::config::mkdocs_awesome::{AwesomeNav, NavYml};
use crate::parse::mkdocs_folder::dirname_to_title;
use crate::parse::nav::join;
use crate::source::versions::glob_match;

/// The whole nav: the top folder's entries. `files` are the pages below `docs_dir`,
/// sorted. A `nav` in mkdocs.yml is replaced, with the plugin's warning.
pub(crate) fn nav(
    mk: &MkDocs,
    awesome: &AwesomeNav,
    files: &[String],
    diags: &mut Diagnostics,
) -> Vec<NavItem> {
    if let Some(first) = mk.nav.as_ref().and_then(|n| n.first()) {
        diags.push(
            Diagnostic::warning(
                Code::Config,
                mk.file.clone(),
                "the awesome-nav plugin replaces this `nav` with the one its `.nav.yml` files make",
            )
            .at(&mk.text, first.line, first.col)
            .with_hint(format!(
                "awesome-nav warns so too; remove `nav` from {}, or the plugin",
                mk.file
            )),
        );
    }
    let mut folders: Vec<String> = (files.iter())
        .flat_map(|f| f.match_indices('/').map(move |(i, _)| f[..i].to_string()))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let mut r = Resolver {
        awesome,
        files,
        folders,
        taken: HashSet::new(),
        diags,
    };
    let own = r.options("", &Options::default());
    r.entries("", &own)
}

/// A folder's options, its `.nav.yml`'s over its parent's.
#[derive(Debug, Clone, Default)]
struct Options {
    flatten: bool,
    append_unmatched: bool,
    preserve_names: bool,
    descending: bool,
    alphabetical: bool,
    sections_first: bool,
    mixed: bool,
    ignore_case: bool,
    /// `ignore` patterns with the folder they were written in.
    ignore: Vec<(String, String)>,
}

struct Resolver<'a, 'd> {
    awesome: &'a AwesomeNav,
    files: &'a [String],
    /// Every folder that holds a page, below `docs_dir`.
    folders: Vec<String>,
    /// Pages and folders an entry has taken: a glob leaves them out.
    taken: HashSet<String>,
    diags: &'d mut Diagnostics,
}

/// An entry after the explicit ones are placed: globs wait for their turn.
enum Slot {
    Done(Vec<NavItem>),
    Glob(NavItem, String, bool),
}

impl Resolver<'_, '_> {
    fn yml(&self, dir: &str) -> Option<&NavYml> {
        self.awesome.dirs.get(dir)
    }

    fn options(&self, dir: &str, parent: &Options) -> Options {
        let mut o = parent.clone();
        let Some(y) = self.yml(dir) else { return o };
        o.flatten = y.flatten_single_child_sections.unwrap_or(o.flatten);
        o.append_unmatched = y.append_unmatched.unwrap_or(o.append_unmatched);
        o.preserve_names = y.preserve_directory_names.unwrap_or(o.preserve_names);
        o.descending = y.sort.descending.unwrap_or(o.descending);
        o.alphabetical = y.sort.natural.map_or(o.alphabetical, |n| !n);
        o.sections_first = y.sort.sections_first.unwrap_or(o.sections_first);
        o.mixed = y.sort.mixed.unwrap_or(o.mixed);
        o.ignore_case = y.sort.ignore_case.unwrap_or(o.ignore_case);
        if let Some(own) = &y.ignore {
            let inherit = own.iter().any(|p| p == "$inherit");
            if !inherit {
                o.ignore.clear();
            }
            let own = own.iter().filter(|p| *p != "$inherit");
            o.ignore.extend(own.map(|p| (dir.to_string(), p.clone())));
        }
        o
    }

    /// The folder `dir`'s entries: its `nav` (or the default), then with
    /// `append_unmatched` whatever is left.
    fn entries(&mut self, dir: &str, o: &Options) -> Vec<NavItem> {
        let written = self.yml(dir).and_then(|y| y.nav.clone());
        let mut items = written.unwrap_or_else(|| {
            let index = ["index.md", "README.md"]
                .into_iter()
                .find(|n| self.is_page(&join(dir, n)));
            let mut v: Vec<NavItem> = index.map(|n| bare(n.to_string())).into_iter().collect();
            v.push(bare("*".into()));
            v
        });
        let quiet = items.len();
        if o.append_unmatched {
            items.push(bare("*".into()));
        }
        let default = self.yml(dir).is_none_or(|y| y.nav.is_none());
        let quiet_from = if default { 0 } else { quiet };
        self.list(dir, &items, o, quiet_from)
    }

    /// Entries in the plugin's order of priority: pages, folders, links and sections
    /// first, then globs, each taking what is left; the result in the written order.
    fn list(
        &mut self,
        dir: &str,
        items: &[NavItem],
        o: &Options,
        quiet_from: usize,
    ) -> Vec<NavItem> {
        let mut slots: Vec<Slot> = Vec::new();
        for (n, item) in items.iter().enumerate() {
            let slot = match &item.target {
                NavTarget::Link(_) => Slot::Done(vec![item.clone()]),
                NavTarget::Section(children) => {
                    let children = self.list(dir, children, o, usize::MAX);
                    let section = NavItem {
                        target: NavTarget::Section(children),
                        ..item.clone()
                    };
                    Slot::Done(vec![section])
                }
                NavTarget::File(written) => {
                    let path = join(dir, written.trim_end_matches('/'));
                    if self.is_page(&path) {
                        self.taken.insert(path.clone());
                        Slot::Done(vec![NavItem {
                            target: NavTarget::File(path),
                            ..item.clone()
                        }])
                    } else if self.folders.binary_search(&path).is_ok() {
                        self.taken.insert(path.clone());
                        Slot::Done(self.folder(&path, item, o).into_iter().collect())
                    } else if item.title.is_some() {
                        // Handed to MkDocs as a link, which finds it from `docs_dir`.
                        let root = written.trim_start_matches('/').to_string();
                        if self.is_page(&root) {
                            self.taken.insert(root.clone());
                            Slot::Done(vec![NavItem {
                                target: NavTarget::File(root),
                                ..item.clone()
                            }])
                        } else {
                            self.warn_missing(dir, item, written);
                            Slot::Done(Vec::new())
                        }
                    } else {
                        Slot::Glob(item.clone(), written.clone(), n >= quiet_from)
                    }
                }
            };
            slots.push(slot);
        }
        let mut out = Vec::new();
        for slot in slots {
            match slot {
                Slot::Done(items) => out.extend(items),
                Slot::Glob(item, pattern, quiet) => {
                    out.extend(self.glob(dir, &item, &pattern, o, quiet))
                }
            }
        }
        out
    }

    /// A folder as a section: titled by the entry, else its `.nav.yml`'s `title`, else
    /// its name as MkDocs titles folders; `None` when hidden or empty; its one child
    /// with `flatten_single_child_sections`.
    fn folder(&mut self, dir: &str, item: &NavItem, parent: &Options) -> Option<NavItem> {
        let o = self.options(dir, parent);
        let yml = self.yml(dir);
        if yml.is_some_and(|y| y.hide) {
            self.taken.extend(
                self.files
                    .iter()
                    .filter(|f| f.starts_with(&format!("{dir}/")))
                    .cloned(),
            );
            return None;
        }
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let title = (item.title.clone())
            .or_else(|| yml.and_then(|y| y.title.clone()))
            .unwrap_or_else(|| {
                if o.preserve_names {
                    name.to_string()
                } else {
                    dirname_to_title(name)
                }
            });
        let mut children = self.entries(dir, &o);
        if children.is_empty() {
            return None;
        }
        if o.flatten && children.len() == 1 && !matches!(children[0].target, NavTarget::Link(_)) {
            return children.pop();
        }
        Some(NavItem {
            title: Some(title),
            target: NavTarget::Section(children),
            line: item.line,
            col: item.col,
        })
    }

    /// The pages and folders of `dir` that `pattern` matches and nothing took, sorted.
    fn glob(
        &mut self,
        dir: &str,
        item: &NavItem,
        pattern: &str,
        o: &Options,
        quiet: bool,
    ) -> Vec<NavItem> {
        let want = join(dir, pattern.trim_start_matches("./").trim_end_matches('/'));
        let ignored = |c: &str| o.ignore.iter().any(|(base, p)| is_ignored(base, p, c));
        let pick =
            |c: &&String| !self.taken.contains(c.as_str()) && path_match(&want, c) && !ignored(c);
        let pages: Vec<String> = self.files.iter().filter(pick).cloned().collect();
        let folders: Vec<String> = self.folders.iter().filter(pick).cloned().collect();
        let mut found: Vec<(String, bool)> = (pages.into_iter().map(|p| (p, false)))
            .chain(folders.into_iter().map(|f| (f, true)))
            .collect();
        if found.is_empty() && !quiet {
            self.warn_missing(dir, item, pattern);
        }
        sort(&mut found, o);
        self.taken.extend(found.iter().map(|(p, _)| p.clone()));
        let mut out = Vec::new();
        for (path, is_folder) in found {
            if is_folder {
                let entry = NavItem {
                    title: None,
                    ..item.clone()
                };
                out.extend(self.folder(&path, &entry, o));
            } else {
                out.push(NavItem {
                    title: None,
                    target: NavTarget::File(path),
                    line: item.line,
                    col: item.col,
                });
            }
        }
        out
    }

    fn is_page(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|f| f.as_str().cmp(path))
            .is_ok()
    }

    /// A `broken-link` warning at the entry in its `.nav.yml`, with the closest page
    /// or folder of `dir` as the hint.
    fn warn_missing(&mut self, dir: &str, item: &NavItem, written: &str) {
        let Some(yml) = self.yml(dir) else { return };
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let names =
            (self.files.iter().chain(&self.folders)).filter_map(|f| f.strip_prefix(&prefix));
        let what = if written.contains(['*', '?', '[']) {
            "matches no page"
        } else {
            "does not exist"
        };
        let hint = match crate::base::suggest::closest(written, names) {
            Some(best) => format!(
                "did you mean `{best}`? entries name pages and folders below `{}`",
                shown(dir)
            ),
            None => format!(
                "entries name pages and folders below `{}`; awesome-nav leaves this one out",
                shown(dir)
            ),
        };
        let diag = Diagnostic::warning(
            Code::BrokenLink,
            yml.path.clone(),
            format!("the nav names `{written}`, which {what}"),
        )
        .at(&yml.text, item.line, item.col)
        .with_hint(hint);
        self.diags.push(diag);
    }
}

fn bare(file: String) -> NavItem {
    NavItem {
        title: None,
        target: NavTarget::File(file),
        line: 0,
        col: 0,
    }
}

fn shown(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

/// Whether `path` matches the glob `pattern` name by name (`**` any number of names).
fn path_match(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let f: Vec<&str> = path.split('/').collect();
    names_match(&p, &f)
}

fn names_match(p: &[&str], f: &[&str]) -> bool {
    match (p.split_first(), f.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => {
            names_match(rest, f) || (!f.is_empty() && names_match(p, &f[1..]))
        }
        (Some((p0, prest)), Some((f0, frest))) => glob_match(p0, f0) && names_match(prest, frest),
        _ => false,
    }
}

/// An `ignore` pattern written in `base`: from `base` with a leading `/`, else at any
/// depth below it.
fn is_ignored(base: &str, pattern: &str, path: &str) -> bool {
    let full = match pattern.strip_prefix('/') {
        Some(p) => join(base, p),
        None => join(base, &format!("**/{pattern}")),
    };
    path_match(&full, path)
}

/// The plugin's default order: by path, numbers by value (`natural`), sections last.
fn sort(found: &mut [(String, bool)], o: &Options) {
    let key = |p: &str| {
        let p = if o.ignore_case {
            p.to_lowercase()
        } else {
            p.to_string()
        };
        if o.alphabetical {
            vec![Part::Text(p)]
        } else {
            natural(&p)
        }
    };
    found.sort_by_cached_key(|(p, _)| key(p));
    if o.descending {
        found.reverse();
    }
    if !o.mixed {
        // Stable: folders after (or before) the pages, each kept in order.
        found.sort_by_key(|(_, is_folder)| *is_folder != o.sections_first);
    }
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Num(u128),
    Text(String),
}

/// `page10` after `page9`: runs of digits compared by value.
fn natural(s: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            out.push(Part::Num(rest[..digits].parse().unwrap_or(u128::MAX)));
            rest = &rest[digits..];
        } else {
            let text = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            out.push(Part::Text(rest[..text].to_string()));
            rest = &rest[text..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::path::RelPath;
    use crate::config::{mkdocs, mkdocs_awesome};

    fn run(ymls: &[(&str, &str)], pages: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mk = mkdocs::parse(
            "plugins:\n  - awesome-nav\n",
            &RelPath::new("mkdocs.yml"),
            &mut diags,
        );
        let mut awesome = mk.awesome_nav.clone().expect("the plugin is on");
        for (dir, text) in ymls {
            let path = RelPath::new(join("docs", &join(dir, ".nav.yml")));
            (awesome.dirs).insert(
                (*dir).to_string(),
                mkdocs_awesome::parse(text, &path, &mut diags),
            );
        }
        let mut files: Vec<String> = pages.iter().map(|p| (*p).to_string()).collect();
        files.sort();
        let items = nav(&mk, &awesome, &files, &mut diags);
        let mut lines = Vec::new();
        shape(&items, 0, &mut lines);
        let problems = (diags.iter())
            .map(|d| {
                format!(
                    "{}: {} ({})",
                    d.location(),
                    d.message,
                    d.hint.as_deref().unwrap_or("")
                )
            })
            .collect();
        (lines, problems)
    }

    fn shape(items: &[NavItem], depth: usize, out: &mut Vec<String>) {
        for i in items {
            let pad = "  ".repeat(depth);
            let title = i.title.as_deref().unwrap_or("-");
            match &i.target {
                NavTarget::File(f) => out.push(format!("{pad}{title} -> {f}")),
                NavTarget::Link(l) => out.push(format!("{pad}{title} => {l}")),
                NavTarget::Section(c) => {
                    out.push(format!("{pad}{title}"));
                    shape(c, depth + 1, out);
                }
            }
        }
    }

    #[test]
    fn without_nav_files_a_folder_is_its_index_then_its_pages_then_its_folders_naturally() {
        let (lines, problems) = run(
            &[],
            &[
                "b.md",
                "index.md",
                "ops/step10.md",
                "ops/step9.md",
                "a/x.md",
                "c.md",
            ],
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            lines,
            [
                "- -> index.md",
                "- -> b.md",
                "- -> c.md",
                "A",
                "  - -> a/x.md",
                "Ops",
                "  - -> ops/step9.md",
                "  - -> ops/step10.md"
            ]
        );
    }

    #[test]
    fn named_entries_come_first_and_globs_take_what_is_left() {
        let root = "nav:\n  - \"*.md\"\n  - Guide: guide\n  - intro.md\n  - Gone: gone.md\n";
        let guide = "title: Not this one\nignore: draft*\nsort:\n  direction: desc\nappend_unmatched: true\nnav:\n  - b.md\n";
        let pages = [
            "intro.md",
            "notes.md",
            "guide/a.md",
            "guide/b.md",
            "guide/c.md",
            "guide/draft-x.md",
        ];
        let (lines, problems) = run(&[("", root), ("guide", guide)], &pages);
        assert_eq!(
            lines,
            [
                "- -> notes.md",
                "Guide",
                "  - -> guide/b.md",
                "  - -> guide/c.md",
                "  - -> guide/a.md",
                "- -> intro.md"
            ]
        );
        assert_eq!(
            problems,
            [
                "docs/.nav.yml:5:11: the nav names `gone.md`, which does not exist (entries name pages and folders below `.`; awesome-nav leaves this one out)"
            ]
        );
    }

    #[test]
    fn a_titled_page_not_in_the_folder_is_found_from_the_top() {
        let about = "nav:\n  - About:\n    - Team: about/team.md\n    - Gone: about/gone.md\n";
        let (lines, problems) = run(&[("about", about)], &["about/team.md", "index.md"]);
        assert_eq!(
            lines,
            [
                "- -> index.md",
                "About",
                "  About",
                "    Team -> about/team.md"
            ]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn hidden_folders_are_left_out_and_single_children_flattened() {
        let root = "flatten_single_child_sections: true\n";
        let (lines, _) = run(
            &[("", root), ("old", "hide: true\n")],
            &["one/only.md", "old/a.md", "two/a.md", "two/b.md"],
        );
        assert_eq!(
            lines,
            [
                "- -> one/only.md",
                "Two",
                "  - -> two/a.md",
                "  - -> two/b.md"
            ]
        );
    }

    #[test]
    fn an_mkdocs_nav_is_replaced_with_a_warning() {
        let mut diags = Diagnostics::new();
        let mk = mkdocs::parse(
            "plugins:\n  - awesome-nav\nnav:\n  - a.md\n",
            &RelPath::new("mkdocs.yml"),
            &mut diags,
        );
        let awesome = mk.awesome_nav.clone().expect("the plugin is on");
        let items = nav(&mk, &awesome, &["a.md".into(), "b.md".into()], &mut diags);
        assert_eq!(items.len(), 2);
        assert_eq!(
            diags.iter().map(|d| d.location()).collect::<Vec<_>>(),
            ["mkdocs.yml:4:5"]
        );
    }
}
