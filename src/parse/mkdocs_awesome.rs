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
use crate::config::mkdocs_awesome::{AwesomeNav, NavYml, rest_filter};
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
    let nav_warning = awesome.pages.is_none().then_some(()).and(mk.nav.as_ref());
    if let Some(first) = nav_warning.and_then(|n| n.first()) {
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
    let mut r = Resolver::new(awesome, files, diags);
    let own = r.options("", &r.start());
    match mk.nav.as_deref().filter(|_| awesome.pages.is_some()) {
        // awesome-pages fills in the `...` entries of mkdocs.yml's nav, if any.
        Some(items) => {
            r.taken = crate::parse::mkdocs_nav::named_files(items);
            let mut rests = Vec::new();
            rests_of(items, &mut rests, &[]);
            let mut out = items.to_vec();
            // Filters first, then the plain `...` takes what is left.
            rests.sort_by_key(|(_, filter)| filter.is_none());
            let mut filled: Vec<(Vec<usize>, Vec<NavItem>)> = Vec::new();
            for (at, filter) in rests {
                let entry = bare(String::new());
                let got = match filter {
                    Some(f) => r.glob("", &entry, &f, &own, true),
                    None => r.entries("", &own),
                };
                filled.push((at, got));
            }
            // The last place first, so the earlier places keep their indices.
            filled.sort_by(|a, b| b.0.cmp(&a.0));
            for (at, got) in filled {
                put(&mut out, &at, got);
            }
            out
        }
        None => r.entries("", &own),
    }
}

/// Whether the plugin makes the nav: awesome-nav always; awesome-pages when
/// mkdocs.yml has no `nav`, or one with a `...` entry (else it does nothing; `-v`
/// says so).
pub(crate) fn applies(mk: &MkDocs, awesome: &AwesomeNav) -> bool {
    let Some(items) = mk.nav.as_deref().filter(|_| awesome.pages.is_some()) else {
        return true;
    };
    let mut rests = Vec::new();
    rests_of(items, &mut rests, &[]);
    if rests.is_empty() {
        tracing::info!(
            "{}: has a `nav` without a `...` entry, so awesome-pages leaves it as it is and its `{}` files are not read",
            mk.file,
            awesome.filename
        );
    }
    !rests.is_empty()
}

/// Replaces the placeholder at `at` (indices down the sections) with `got`.
fn put(items: &mut Vec<NavItem>, at: &[usize], got: Vec<NavItem>) {
    match at {
        [i] => {
            items.splice(*i..=*i, got);
        }
        [i, rest @ ..] => {
            if let Some(NavItem {
                target: NavTarget::Section(c),
                ..
            }) = items.get_mut(*i)
            {
                put(c, rest, got);
            }
        }
        [] => {}
    }
}

impl<'a, 'd> Resolver<'a, 'd> {
    fn new(awesome: &'a AwesomeNav, files: &'a [String], diags: &'d mut Diagnostics) -> Self {
        let mut folders: Vec<String> = (files.iter())
            .flat_map(|f| f.match_indices('/').map(move |(i, _)| f[..i].to_string()))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        Resolver {
            awesome,
            files,
            folders,
            taken: HashSet::new(),
            diags,
        }
    }

    /// The options at the top: awesome-pages keeps MkDocs' order (by name, pages and
    /// folders mixed) and its `collapse_single_pages`.
    fn start(&self) -> Options {
        match self.awesome.pages {
            Some(p) => Options {
                alphabetical: true,
                mixed: true,
                flatten: p.collapse_single_pages,
                ..Options::default()
            },
            None => Options::default(),
        }
    }
}

/// The places of mkdocs.yml's `...` entries (indices down the sections, below `at`)
/// and their filters (`... | glob`), each left in `items` as a placeholder.
fn rests_of(items: &[NavItem], rests: &mut Vec<(Vec<usize>, Option<String>)>, at: &[usize]) {
    for (i, item) in items.iter().enumerate() {
        let here: Vec<usize> = at.iter().copied().chain([i]).collect();
        match &item.target {
            NavTarget::File(f) if item.title.is_none() => {
                let filter = f.trim().strip_prefix("...").map(|r| {
                    let r = r.trim_start().strip_prefix('|').map(str::trim);
                    r.map(|x| x.trim_start_matches("glob=").to_string())
                });
                if let Some(filter) = filter {
                    rests.push((here, filter));
                }
            }
            NavTarget::Section(c) => rests_of(c, rests, &here),
            _ => {}
        }
    }
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
            // The rest (awesome-nav's `*`, awesome-pages' `...`).
            v.push(bare("...".into()));
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
                NavTarget::File(written) if let Some(filter) = rest_filter(written) => {
                    Slot::Glob(item.clone(), filter.unwrap_or("*").to_string(), true)
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
                    } else if self.awesome.pages.is_some() {
                        self.warn_missing(dir, item, written);
                        Slot::Done(Vec::new())
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
        // awesome-pages: a `.pages` title wins over the entry's.
        let own_title = yml.and_then(|y| y.title.clone());
        let first = match self.awesome.pages {
            Some(_) => own_title.clone().or_else(|| item.title.clone()),
            None => item.title.clone(),
        };
        let title = first.or(own_title).unwrap_or_else(|| {
            if o.preserve_names {
                name.to_string()
            } else {
                dirname_to_title(name)
            }
        });
        let own_collapse = yml.and_then(|y| y.collapse);
        let mut children = self.entries(dir, &o);
        if children.is_empty() {
            return None;
        }
        let collapse = match self.awesome.pages {
            // awesome-pages collapses a folder to its one page, never to a section.
            Some(_) => {
                own_collapse.unwrap_or(o.flatten)
                    && matches!(
                        children[..],
                        [NavItem {
                            target: NavTarget::File(_),
                            ..
                        }]
                    )
            }
            None => {
                o.flatten
                    && !matches!(
                        children[..],
                        [NavItem {
                            target: NavTarget::Link(_),
                            ..
                        }]
                    )
            }
        };
        if collapse && children.len() == 1 {
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
            None => format!("entries name pages and folders below `{}`", shown(dir)),
        };
        let message = format!("the nav names `{written}`, which {what}");
        let (path, strict) = (
            yml.path.clone(),
            self.awesome.pages.is_some_and(|p| p.strict),
        );
        let diag = match self.awesome.pages {
            Some(_) if strict => {
                let hint = format!(
                    "{hint}; awesome-pages stops the build on it (`strict`, on by default)"
                );
                Diagnostic::error(Code::BrokenLink, path, message).with_hint(hint)
            }
            Some(_) => Diagnostic::warning(Code::BrokenLink, path, message)
                .with_hint(format!("{hint}; awesome-pages leaves it out")),
            None => Diagnostic::warning(Code::BrokenLink, path, message)
                .with_hint(format!("{hint}; awesome-nav leaves it out")),
        };
        let diag = diag.at(&yml.text, item.line, item.col);
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
        run_with("plugins:\n  - awesome-nav\n", ymls, pages)
    }

    fn run_with(yaml: &str, ymls: &[(&str, &str)], pages: &[&str]) -> (Vec<String>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mk = mkdocs::parse(yaml, &RelPath::new("mkdocs.yml"), &mut diags);
        let mut awesome = mk.awesome_nav.clone().expect("the plugin is on");
        let is_pages = awesome.pages.is_some();
        for (dir, text) in ymls {
            let path = RelPath::new(join("docs", &join(dir, &awesome.filename)));
            (awesome.dirs).insert(
                (*dir).to_string(),
                mkdocs_awesome::parse(text, &path, is_pages, &mut diags),
            );
        }
        let mut files: Vec<String> = pages.iter().map(|p| (*p).to_string()).collect();
        files.sort();
        let items = nav(&mk, &awesome, &files, &mut diags);
        let mut lines = Vec::new();
        shape(&items, 0, &mut lines);
        let problems = diags.placed_with_hints();
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
                "docs/.nav.yml:5:11: the nav names `gone.md`, which does not exist (entries name pages and folders below `.`; awesome-nav leaves it out)"
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

    const PAGES: &str = "plugins:\n  - awesome-pages\n";

    #[test]
    fn a_pages_file_orders_its_folder_with_a_rest_entry() {
        let root = "nav:\n  - intro.md\n  - ... | guide*\n  - ...\n  - Last: z.md\n  - gone.md\n";
        let guide = "title: The guide\ncollapse_single_pages: true\n";
        let pages = [
            "a.md",
            "intro.md",
            "z.md",
            "guide/only.md",
            "Beta/b.md",
            "guidance.md",
        ];
        let (lines, problems) = run_with(PAGES, &[("", root), ("guide", guide)], &pages);
        assert_eq!(
            lines,
            [
                "- -> intro.md",
                "- -> guide/only.md",
                "Beta",
                "  - -> Beta/b.md",
                "- -> a.md",
                "- -> guidance.md",
                "Last -> z.md"
            ]
        );
        assert_eq!(
            problems,
            [
                "docs/.pages:6:5: the nav names `gone.md`, which does not exist (entries name pages and folders below `.`; awesome-pages stops the build on it (`strict`, on by default))"
            ]
        );
    }

    #[test]
    fn awesome_pages_fills_the_rest_entry_of_mkdocs_nav_or_leaves_the_nav_alone() {
        let yaml = format!("{PAGES}nav:\n  - Start:\n      - intro.md\n  - ...\n");
        let pages = ["intro.md", "a.md", "ops/x.md"];
        let (lines, problems) = run_with(&yaml, &[("ops", "title: Operations\n")], &pages);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            lines,
            [
                "Start",
                "  - -> intro.md",
                "- -> a.md",
                "Operations",
                "  - -> ops/x.md"
            ]
        );
        let mut diags = Diagnostics::new();
        let plain = format!("{PAGES}nav:\n  - intro.md\n");
        let mk = mkdocs::parse(&plain, &RelPath::new("mkdocs.yml"), &mut diags);
        assert!(!applies(&mk, mk.awesome_nav.as_ref().expect("on")));
    }
}
