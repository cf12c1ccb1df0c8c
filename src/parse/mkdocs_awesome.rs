//! Stage 3: the nav the awesome-nav plugin (mkdocs-awesome-nav, v3) makes from its
//! `.nav.yml` files (read by `config/mkdocs_awesome.rs`), as plain nav entries that
//! `mkdocs_nav.rs` walks as it walks mkdocs.yml's. Each folder is a section of its
//! `.nav.yml`'s `nav` (default: its `index.md` or `README.md`, then `*`): a page, a
//! folder (a section made the same way), a glob matching the folder's pages and
//! subfolders that no other entry names (sorted naturally by path, sections last),
//! `Title: …` and `Section: [ … ]` (a titled page not found in the folder is looked
//! for from `docs_dir`, as MkDocs finds the link the plugin hands it); `ignore`, `hide`, `append_unmatched`,
//! `flatten_single_child_sections`, `preserve_directory_names`, `use_index_title` and
//! `sort` (by path, filename or title: `mkdocs_awesome_sort.rs`) as the plugin applies
//! them (inherited by the folders below), and a `- glob:` entry's own options over
//! them for what it matches. awesome-pages' sort options (`order_by: title` too) hold
//! for their folder alone. A glob or page that matches nothing is a `broken-link`
//! warning at its place in the `.nav.yml`, as the plugin's `no_matches` is. Pure.

use std::collections::{HashMap, HashSet};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::config::mkdocs::{MkDocs, NavItem, NavTarget};
use crate::config::mkdocs_awesome::{AwesomeNav, GlobOptions, NavYml, Sort, SortBy, rest_filter};
use crate::model::Page;
use crate::parse::mkdocs_awesome_sort::{self as order, Found, Order};
use crate::parse::mkdocs_folder::dirname_to_title;
use crate::parse::nav::join;
use crate::source::versions::glob_match;

/// The pages' titles by path below `docs_dir`: their front matter's `title` (all
/// awesome-nav reads: it sorts before MkDocs reads the pages) and the title opsbook
/// gives them (front matter, first heading, name: awesome-pages reads the page so).
#[derive(Debug, Default)]
pub(crate) struct Titles {
    pub(crate) front: HashMap<String, String>,
    pub(crate) shown: HashMap<String, String>,
}

impl Titles {
    pub(crate) fn of(pages: &[Page], mk: &MkDocs) -> Titles {
        let mut out = Titles::default();
        for page in pages {
            let file = crate::parse::book::below_content(&page.source, &mk.docs_dir);
            if let Some(t) = page.front.title.as_ref().filter(|t| !t.is_empty()) {
                out.front.insert(file.to_string(), t.clone());
            }
            out.shown.insert(file.to_string(), page.title.clone());
        }
        out
    }
}

/// The whole nav: the top folder's entries. `files` are the pages below `docs_dir`,
/// sorted. A `nav` in mkdocs.yml is replaced, with the plugin's warning.
pub(crate) fn nav(
    mk: &MkDocs,
    awesome: &AwesomeNav,
    files: &[String],
    titles: &Titles,
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
    if let Some(items) = mk.nav.as_deref().filter(|_| awesome.pages.is_some()) {
        bad_regexes(mk, items, diags);
    }
    let mut r = Resolver::new(awesome, (files, titles), diags);
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

/// An error at each `... | regex=x` entry of mkdocs.yml's nav whose `x` does not
/// compile (it would take nothing).
fn bad_regexes(mk: &MkDocs, items: &[NavItem], diags: &mut Diagnostics) {
    for item in items {
        match &item.target {
            NavTarget::Section(c) => bad_regexes(mk, c, diags),
            NavTarget::File(f) if item.title.is_none() => {
                let rest = f.trim().strip_prefix("...").map(str::trim_start);
                let re = rest
                    .and_then(|r| r.strip_prefix('|'))
                    .and_then(|r| r.trim().strip_prefix("regex="));
                if let Some(re) = re.filter(|re| regex::Regex::new(re).is_err()) {
                    diags.push(
                        Diagnostic::error(
                            Code::Config,
                            mk.file.clone(),
                            format!("`{re}` in `{f}` is not a regular expression opsbook reads"),
                        )
                        .at(&mk.text, item.line, item.col)
                        .with_hint("write it as Python's `re` would take it; or use a glob: `... | page-*.md`"),
                    );
                }
            }
            _ => {}
        }
    }
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
    fn new(
        awesome: &'a AwesomeNav,
        (files, titles): (&'a [String], &'a Titles),
        diags: &'d mut Diagnostics,
    ) -> Self {
        let mut folders: Vec<String> = (files.iter())
            .flat_map(|f| f.match_indices('/').map(move |(i, _)| f[..i].to_string()))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        Resolver {
            awesome,
            files,
            titles,
            folders,
            taken: HashSet::new(),
            diags,
        }
    }

    /// The options at the top: awesome-pages keeps MkDocs' order (by name, pages and
    /// folders mixed) unless its plugin options say otherwise, and its
    /// `collapse_single_pages`.
    fn start(&self) -> Options {
        match self.awesome.pages {
            Some(p) => Options {
                order: pages_order(&p.sort),
                sorted_index: p.sort.sorts(),
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
                // A regular expression here is matched against the whole path below
                // `docs_dir` (in a `.pages` file, against a name of its folder).
                let filter = f.trim().strip_prefix("...").map(|r| {
                    let r = r.trim_start().strip_prefix('|').map(str::trim);
                    r.map(|x| match x.strip_prefix("regex=") {
                        Some(re) => format!("{ANYWHERE}{re}"),
                        None => x.trim_start_matches("glob=").to_string(),
                    })
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
    use_index_title: bool,
    order: Order,
    /// awesome-pages with `order`, `sort_type` or `order_by`: the index page is sorted
    /// with the rest, not kept first as MkDocs keeps it.
    sorted_index: bool,
    /// `ignore` patterns with the folder they were written in.
    ignore: Vec<(String, String)>,
}

/// awesome-pages' order for a folder: MkDocs' (by name, pages and folders mixed)
/// under the plugin's options, then the folder's `.pages`.
fn pages_order(plugin: &Sort) -> Order {
    let mut o = Order {
        by: SortBy::Filename,
        alphabetical: true,
        mixed: true,
        pages: true,
        ..Order::default()
    };
    sort_over(&mut o, plugin);
    o
}

/// `sort` (or awesome-pages' options) over the order the folder had.
fn sort_over(o: &mut Order, sort: &Sort) {
    o.by = sort.by.unwrap_or(o.by);
    o.descending = sort.descending.unwrap_or(o.descending);
    o.alphabetical = sort.natural.map_or(o.alphabetical, |n| !n);
    o.sections_first = sort.sections_first.unwrap_or(o.sections_first);
    o.mixed = sort.mixed.unwrap_or(o.mixed);
    // Both plugins take `ignore_case or the parent's`: `false` keeps a `true` above.
    o.ignore_case |= sort.ignore_case == Some(true);
}

/// `ignore` written in `dir` over the inherited patterns (`$inherit` keeps them).
fn ignore_over(ignore: &mut Vec<(String, String)>, dir: &str, own: Option<&[String]>) {
    let Some(own) = own else { return };
    if !own.iter().any(|p| p == "$inherit") {
        ignore.clear();
    }
    let own = own.iter().filter(|p| *p != "$inherit");
    ignore.extend(own.map(|p| (dir.to_string(), p.clone())));
}

struct Resolver<'a, 'd> {
    awesome: &'a AwesomeNav,
    files: &'a [String],
    titles: &'a Titles,
    /// Every folder that holds a page, below `docs_dir`.
    folders: Vec<String>,
    /// Pages and folders an entry has taken: a glob leaves them out.
    taken: HashSet<String>,
    diags: &'d mut Diagnostics,
}

/// An entry after the explicit ones are placed: globs wait for their turn.
enum Slot {
    Done(Vec<NavItem>),
    /// The entry, its pattern, whether no match is quiet, its own options.
    Glob(NavItem, String, bool, Option<GlobOptions>),
}

impl Resolver<'_, '_> {
    fn yml(&self, dir: &str) -> Option<&NavYml> {
        self.awesome.dirs.get(dir)
    }

    fn options(&self, dir: &str, parent: &Options) -> Options {
        let mut o = parent.clone();
        if let Some(p) = self.awesome.pages {
            // awesome-pages' sort options are the folder's own, not inherited.
            o.order = pages_order(&p.sort);
            o.sorted_index = p.sort.sorts() || self.yml(dir).is_some_and(|y| y.sort.sorts());
        }
        let Some(y) = self.yml(dir) else { return o };
        o.flatten = y.flatten_single_child_sections.unwrap_or(o.flatten);
        o.append_unmatched = y.append_unmatched.unwrap_or(o.append_unmatched);
        o.preserve_names = y.preserve_directory_names.unwrap_or(o.preserve_names);
        o.use_index_title = y.use_index_title.unwrap_or(o.use_index_title);
        sort_over(&mut o.order, &y.sort);
        ignore_over(&mut o.ignore, dir, y.ignore.as_deref());
        o
    }

    /// A `- glob:` entry's options over its folder's `o`, for what it matches.
    fn glob_options(dir: &str, o: &Options, g: &GlobOptions) -> Options {
        let mut o = o.clone();
        o.flatten = g.flatten_single_child_sections.unwrap_or(o.flatten);
        o.append_unmatched = g.append_unmatched.unwrap_or(o.append_unmatched);
        o.preserve_names = g.preserve_directory_names.unwrap_or(o.preserve_names);
        sort_over(&mut o.order, &g.sort);
        ignore_over(&mut o.ignore, dir, g.ignore.as_deref());
        o
    }

    /// The folder `dir`'s entries: its `nav` (or the default), then with
    /// `append_unmatched` whatever is left.
    fn entries(&mut self, dir: &str, o: &Options) -> Vec<NavItem> {
        let written = self.yml(dir).and_then(|y| y.nav.clone());
        let mut items = written.unwrap_or_else(|| {
            let index = ["index.md", "README.md"]
                .into_iter()
                .filter(|_| !o.sorted_index)
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
                    Slot::Glob(item.clone(), filter.unwrap_or("*").to_string(), true, None)
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
                        let own = (self.yml(dir))
                            .and_then(|y| y.globs.get(&(item.line, item.col)))
                            .cloned();
                        Slot::Glob(item.clone(), written.clone(), n >= quiet_from, own)
                    }
                }
            };
            slots.push(slot);
        }
        let mut out = Vec::new();
        for slot in slots {
            match slot {
                Slot::Done(items) => out.extend(items),
                Slot::Glob(item, pattern, quiet, None) => {
                    out.extend(self.glob(dir, &item, &pattern, o, quiet));
                }
                Slot::Glob(item, pattern, quiet, Some(own)) => {
                    let o = Self::glob_options(dir, o, &own);
                    let quiet = quiet || own.ignore_no_matches;
                    out.extend(self.glob(dir, &item, &pattern, &o, quiet));
                }
            }
        }
        out
    }

    /// A folder as a section, titled by `folder_title`; `None` when hidden or empty;
    /// its one child with `flatten_single_child_sections`.
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
        let title = self.folder_title(dir, item.title.as_deref(), &o);
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

    /// A folder's title: the entry's, else its `.nav.yml`'s `title` (awesome-pages:
    /// the `.pages` title first), else its name kept (`preserve_directory_names`), else
    /// its `index.md`'s front-matter `title` (`use_index_title`), else its name as
    /// MkDocs titles folders. `o` is the folder's own options.
    fn folder_title(&self, dir: &str, entry: Option<&str>, o: &Options) -> String {
        let own = self.yml(dir).and_then(|y| y.title.as_deref());
        let first = match self.awesome.pages {
            Some(_) => own.or(entry),
            None => entry.or(own),
        };
        if let Some(title) = first {
            return title.to_string();
        }
        let name = dir.rsplit('/').next().unwrap_or(dir);
        if o.preserve_names {
            return name.to_string();
        }
        let index = o
            .use_index_title
            .then(|| self.titles.front.get(&join(dir, "index.md")));
        match index.flatten() {
            Some(title) => title.clone(),
            None => dirname_to_title(name),
        }
    }

    /// The title a page is sorted by: awesome-nav's front-matter `title` or file name,
    /// awesome-pages' page title.
    fn sort_title(&self, path: &str) -> String {
        let titles = match self.awesome.pages {
            Some(_) => &self.titles.shown,
            None => &self.titles.front,
        };
        (titles.get(path).cloned())
            .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string())
    }

    /// A folder a glob found, as `made`, with what it is sorted by: awesome-nav sorts
    /// what the folder became (the page it was flattened to, or the section by its
    /// title); awesome-pages sorts the folder before collapsing it, by its title.
    fn found_folder(&self, dir: &str, made: NavItem, parent: &Options) -> Found<NavItem> {
        match (&made.target, self.awesome.pages) {
            (NavTarget::File(page), None) => Found {
                path: page.clone(),
                section: false,
                title: self.sort_title(page),
                item: made,
            },
            (_, None) => Found {
                path: dir.to_string(),
                section: true,
                title: made.title.clone().unwrap_or_default(),
                item: made,
            },
            (_, Some(_)) => Found {
                path: dir.to_string(),
                section: true,
                title: self.folder_title(dir, None, &self.options(dir, parent)),
                item: made,
            },
        }
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
        let regex = Filter::of(pattern);
        let matches = |c: &str| match &regex {
            Filter::Glob => path_match(&want, c),
            Filter::Bad => false,
            Filter::Regex(re, anywhere) => {
                let below = match dir {
                    "" => Some(c),
                    dir => c.strip_prefix(dir).and_then(|r| r.strip_prefix('/')),
                };
                below.is_some_and(|b| {
                    if *anywhere {
                        re.is_match(b)
                    } else {
                        !b.contains('/') && re.is_match(b)
                    }
                })
            }
        };
        let pick = |c: &&String| !self.taken.contains(c.as_str()) && matches(c) && !ignored(c);
        let pages: Vec<String> = self.files.iter().filter(pick).cloned().collect();
        let folders: Vec<String> = self.folders.iter().filter(pick).cloned().collect();
        let found: Vec<(String, bool)> = (pages.into_iter().map(|p| (p, false)))
            .chain(folders.into_iter().map(|f| (f, true)))
            .collect();
        if found.is_empty() && !quiet {
            self.warn_missing(dir, item, pattern);
        }
        self.taken.extend(found.iter().map(|(p, _)| p.clone()));
        let mut out = Vec::new();
        for (path, is_folder) in found {
            if is_folder {
                let entry = NavItem {
                    title: None,
                    ..item.clone()
                };
                if let Some(made) = self.folder(&path, &entry, o) {
                    out.push(self.found_folder(&path, made, o));
                }
            } else {
                out.push(Found {
                    title: self.sort_title(&path),
                    section: false,
                    item: NavItem {
                        title: None,
                        target: NavTarget::File(path.clone()),
                        line: item.line,
                        col: item.col,
                    },
                    path,
                });
            }
        }
        order::sort(&mut out, &o.order);
        out.into_iter().map(|f| f.item).collect()
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
/// What marks a `...` entry's regular expression in mkdocs.yml's nav, matched against
/// the whole path below `docs_dir` (written `regex=` in a `.pages` file, matched
/// against the names of its folder), as awesome-pages does.
const ANYWHERE: &str = "regex-anywhere=";

/// How a rest entry's filter picks the pages and folders left: a glob, or a regular
/// expression searched for (Python's `re.search`) in a name or in the whole path.
enum Filter {
    Glob,
    Regex(regex::Regex, bool),
    /// Checked when the file was read (`config::mkdocs_awesome`): matches nothing.
    Bad,
}

impl Filter {
    fn of(pattern: &str) -> Filter {
        let (re, anywhere) = match (
            pattern.strip_prefix(ANYWHERE),
            pattern.strip_prefix("regex="),
        ) {
            (Some(re), _) => (re, true),
            (None, Some(re)) => (re, false),
            (None, None) => return Filter::Glob,
        };
        regex::Regex::new(re).map_or(Filter::Bad, |re| Filter::Regex(re, anywhere))
    }
}

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

#[cfg(test)]
mod tests;
