//! Stage 4: checks over the assembled book: links to pages and headings that do not
//! exist (with the closest existing target as a hint), item ids used twice in the book.
//! Pure: reads the `Book` and the list of content files, returns diagnostics. `links`
//! checks some pages only, `item_ids` the ids alone: `serve/engine` reruns only what an
//! edit reaches. Uses base/, config/, source/, model/ and parse/.

mod no_page;
pub(crate) mod runs;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::base::url::{encode_path, percent_decode};
use crate::config::{Config, Strictness};
use crate::model::{Book, Link, Page};
use crate::parse::book::below_content;
use crate::parse::docs_instances::{file_link, root_link};
use crate::parse::markdown::{below_repo_content, is_route, split_dest};
use crate::source::Sources;

/// Runs every check on the book: `links` for every page, then `item_ids`.
pub(crate) fn run(cfg: &Config, book: &Book, src: &Sources) -> Diagnostics {
    let all: Vec<usize> = (0..book.pages.len()).collect();
    let mut diags = links(cfg, book, src, &all);
    diags.extend(item_ids(book, src));
    diags.extend(runs::check(book));
    diags
}

/// The link checks of the pages `pages` (indices into `book.pages`; others are
/// ignored): exactly the diagnostics `run` reports for those pages' links, as long as
/// the set of files, the pages' paths and urls and their anchors are those of `book`.
pub(crate) fn links(cfg: &Config, book: &Book, src: &Sources, pages: &[usize]) -> Diagnostics {
    let count: usize = pages
        .iter()
        .filter_map(|&i| book.pages.get(i))
        .map(|p| p.doc.links.len())
        .sum();
    let index = (count >= SCAN_LINKS).then(|| Cow::Owned(LinkIndex::of(book, src)));
    check_links(cfg, &Targets::new(book, src, index), pages)
}

/// `links` with the lookup maps made beforehand: `serve` keeps them between edits, so
/// checking the pages an edit touched costs what their links cost, not the book.
/// `index` must be `LinkIndex::of` the same files, pages' paths and urls.
pub(crate) fn links_indexed(
    cfg: &Config,
    book: &Book,
    src: &Sources,
    pages: &[usize],
    index: &LinkIndex,
) -> Diagnostics {
    check_links(
        cfg,
        &Targets::new(book, src, Some(Cow::Borrowed(index))),
        pages,
    )
}

fn check_links(cfg: &Config, targets: &Targets, pages: &[usize]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let unlisted = unlisted_pages(cfg, targets.book);
    for &i in pages {
        let Some(page) = targets.book.pages.get(i) else {
            continue;
        };
        for link in page.doc.links.iter() {
            if let Some(problem) = targets.check(page, link, &LinkRules::of(cfg)) {
                let d = link_diagnostic(cfg, page, link, problem);
                diags.push(match unlisted.get(i) {
                    Some(true) => unlisted_warning(d),
                    _ => d,
                });
            }
        }
    }
    diags
}

/// For an mdBook, which pages its SUMMARY.md does not list (no sidebar entry opens
/// them); empty for other books, whose sidebar lists every page.
fn unlisted_pages(cfg: &Config, book: &Book) -> Vec<bool> {
    fn mark(nodes: &[crate::model::NavNode], out: &mut [bool]) {
        for n in nodes {
            if let Some(slot) = n.page.and_then(|p| out.get_mut(p)) {
                *slot = false;
            }
            mark(&n.children, out);
        }
    }
    if cfg.mdbook.is_none() || book.nav.is_empty() {
        return Vec::new();
    }
    let mut out = vec![true; book.pages.len()];
    mark(&book.nav, &mut out);
    out
}

/// A broken link on a page SUMMARY.md does not list is a warning: mdBook does not
/// publish that page, so the team's site never had the link.
fn unlisted_warning(mut d: Diagnostic) -> Diagnostic {
    d.severity = crate::base::diag::Severity::Warning;
    let note = "the page is not in SUMMARY.md (mdBook does not publish it), so this is a warning";
    d.hint = Some(match d.hint.take() {
        Some(h) => format!("{h} ({note})"),
        None => note.to_string(),
    });
    d
}

/// The checks over the book's item ids: ids used twice, team state for ids the book
/// no longer has.
pub(crate) fn item_ids(book: &Book, src: &Sources) -> Diagnostics {
    let mut diags = Diagnostics::new();
    duplicate_item_ids(book, &mut diags);
    orphaned_state(book, src, &mut diags);
    diags
}

/// Team state for item ids the book no longer has, or for an environment the item
/// does not apply to: reported at the entry's line, never dropped. The pages' items
/// are read one page at a time (a streamed build keeps them in its scratch file):
/// only the scope of each item some state names is kept, and every id only when an
/// orphan needs its "did you mean".
fn orphaned_state(book: &Book, src: &Sources, diags: &mut Diagnostics) {
    if book.state.is_empty() {
        return;
    }
    let named: crate::base::hash::FxHashSet<&str> = (book.state.values())
        .flat_map(|s| s.entries.keys().map(String::as_str))
        .collect();
    let mut scopes: HashMap<String, Vec<String>> = HashMap::new();
    for p in &book.pages {
        for item in p.doc.items.get().iter() {
            if named.contains(item.id()) {
                let scope = item.scope(&p.front.environments).to_vec();
                scopes.entry(item.id().to_string()).or_insert(scope);
            }
        }
    }
    let orphaned = named.iter().any(|id| !scopes.contains_key(*id));
    // One sorted list of every item id, for the orphans' hints (a 10,000-page book
    // has 400,000 ids: made only when there is an orphan).
    let ids: Vec<String> = if orphaned {
        let mut ids: Vec<String> = (book.pages.iter())
            .flat_map(|p| p.doc.items.ids())
            .collect();
        ids.sort_unstable();
        ids
    } else {
        Vec::new()
    };
    let known: Vec<&str> = ids.iter().map(String::as_str).collect();
    for (env, state) in &book.state {
        let file = src.state.iter().find(|f| {
            f.path
                .file_name()
                .rsplit_once('.')
                .is_some_and(|(stem, _)| stem == env)
        });
        let path = file.map_or_else(
            || RelPath::new(format!("state/{env}.yaml")),
            |f| f.path.clone(),
        );
        let text = file
            .map(|f| String::from_utf8_lossy(&f.bytes))
            .unwrap_or_default();
        if orphaned {
            diags.extend(crate::parse::state::orphans(state, &known, &path, &text));
        }
        for (id, entry) in &state.entries {
            let Some(scope) = scopes.get(id) else {
                continue;
            };
            if !entry.done || scope.is_empty() || scope.iter().any(|e| e == env) {
                continue;
            }
            let scope = crate::base::suggest::listing(scope);
            diags.push(
                Diagnostic::warning(
                    Code::InapplicableState,
                    path.clone(),
                    format!("`{id}` is ticked in {env}, but the item applies only to {scope}"),
                )
                .at(&text, entry.line, 1)
                .with_hint(format!(
                    "the tick is not counted; remove it with `opsbook untick {id} --env {env}`, or add {env} to the item's environments"
                )),
            );
        }
    }
}

struct Targets<'a> {
    book: &'a Book,
    src: &'a Sources,
    /// Lookup maps over every page and file; `None` when only a few links are checked
    /// and no maps were kept: then a scan is cheaper than building them.
    index: Option<Cow<'a, LinkIndex>>,
    /// `content`, `""` or an mdBook's `src` (see `Sources::content_dir`).
    content_dir: &'a str,
}

/// Lookup maps over every content file and page, for the link checks.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkIndex {
    files: BTreeSet<String>,
    /// Source path → index in `book.pages` (the last page, as a scan from the end finds).
    by_source: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    /// `Sources::content_dir`, which reads every file's path.
    content_dir: String,
}

impl LinkIndex {
    /// The maps of `book` and the content files of `src`: O(pages + files).
    pub(crate) fn of(book: &Book, src: &Sources) -> LinkIndex {
        let pages = book.pages.iter().enumerate();
        LinkIndex {
            files: src.content.iter().map(|f| f.path.to_string()).collect(),
            by_source: pages
                .clone()
                .map(|(i, p)| (p.source.to_string(), i))
                .collect(),
            by_url: pages.map(|(i, p)| (p.url.clone(), i)).collect(),
            content_dir: src.content_dir().to_string(),
        }
    }
}

/// How a book's links are read beyond relative paths (`Config`).
#[derive(Debug, Clone, Copy, Default)]
struct LinkRules<'c> {
    /// Root-relative links are read from the top of the repository, whose content
    /// folder is here (`Config::repo_content`).
    repo_content: Option<&'c str>,
    /// Extensionless links are routes to pages (`./installation` is
    /// `installation.md`): a Docusaurus site's (`Config::routes`).
    routes: bool,
    /// A Hugo site's config: a link to a taxonomy's or term's page it does not make
    /// is said so (`missing_term`).
    hugo: Option<&'c crate::config::hugo::Hugo>,
    /// A Docusaurus site's static folders: links to their files are checked against
    /// them (`parse::static_files`).
    statics: &'c [String],
    /// Pages are served at `page/` (MkDocs' `use_directory_urls`, Hugo): a relative
    /// link to a page's URL reads from there, and URLs end with `/`.
    page_urls: bool,
    /// A Docusaurus site's other docs instances: links lead into their folders too
    /// (`parse::docs_instances`).
    instances: &'c [crate::config::docusaurus::DocsInstance],
}

impl<'c> LinkRules<'c> {
    fn of(cfg: &'c Config) -> LinkRules<'c> {
        LinkRules {
            repo_content: cfg.repo_content.as_deref(),
            routes: cfg.routes(),
            hugo: cfg.hugo.as_ref(),
            statics: cfg
                .docusaurus
                .as_ref()
                .map_or(&[][..], |d| d.static_dirs.as_slice()),
            page_urls: cfg.hugo.is_some()
                || cfg.mkdocs.as_ref().is_some_and(|m| m.use_directory_urls),
            instances: cfg
                .docusaurus
                .as_ref()
                .map_or(&[][..], |d| d.instances.as_slice()),
        }
    }
}

/// Below this many links, `Targets` scans instead of building its maps.
const SCAN_LINKS: usize = 64;

/// Why a link does not resolve, with the hint to show.
struct Problem {
    message: String,
    hint: Option<String>,
    /// The page is there; the heading or anchor is not (`[check] broken-anchors`).
    anchor: bool,
}

impl<'a> Targets<'a> {
    fn new(book: &'a Book, src: &'a Sources, index: Option<Cow<'a, LinkIndex>>) -> Targets<'a> {
        let content_dir = match &index {
            Some(Cow::Borrowed(i)) => i.content_dir.as_str(),
            _ => src.content_dir(),
        };
        Targets {
            book,
            src,
            index,
            content_dir,
        }
    }

    fn by_source(&self, path: &str) -> Option<&'a Page> {
        match &self.index {
            Some(i) => i.by_source.get(path).and_then(|&p| self.book.pages.get(p)),
            None => self
                .book
                .pages
                .iter()
                .rev()
                .find(|p| p.source.as_str() == path),
        }
    }

    fn by_url(&self, url: &str) -> Option<&'a Page> {
        match &self.index {
            Some(i) => i.by_url.get(url).and_then(|&p| self.book.pages.get(p)),
            None => self.book.pages.iter().rev().find(|p| p.url == url),
        }
    }

    /// The page a redirect page at `from` leads to (a Docusaurus `slug`'s URL).
    fn by_redirect(&self, from: &str) -> Option<&'a Page> {
        let book = self.book;
        let found = book.redirects.iter().find(|r| r.from == from);
        found.and_then(|r| book.pages.get(r.to))
    }

    /// Whether `path` is a content file, or a folder holding one.
    fn has_file_or_folder(&self, path: &str) -> bool {
        let dir_prefix = format!("{path}/");
        match &self.index {
            Some(i) => {
                i.files.contains(path)
                    || i.files
                        .range::<str, _>((Bound::Included(dir_prefix.as_str()), Bound::Unbounded))
                        .next()
                        .is_some_and(|f| f.starts_with(&dir_prefix))
            }
            None => self.src.content.iter().any(|f| {
                let f = f.path.as_str();
                f == path || f.starts_with(&dir_prefix)
            }),
        }
    }

    /// Every content file, sorted.
    fn files(&self) -> Vec<&str> {
        match &self.index {
            Some(i) => i.files.iter().map(String::as_str).collect(),
            None => {
                let files: BTreeSet<&str> =
                    self.src.content.iter().map(|f| f.path.as_str()).collect();
                files.into_iter().collect()
            }
        }
    }

    /// `link` leads out of the content folder.
    fn outside(&self, link: &Link, hint: String) -> Problem {
        Problem {
            anchor: false,
            message: format!(
                "`{}` points outside the book's {} folder",
                link.dest,
                shown_dir(self.content_dir)
            ),
            hint: Some(hint),
        }
    }

    /// What is wrong with `link` of `page`, if anything. A root-relative link (only
    /// recorded when the book reads them from the top of its repository, whose
    /// content folder is at `repo_content`) is checked as the relative link to the
    /// same file.
    fn check(&self, page: &Page, link: &Link, rules: &LinkRules<'_>) -> Option<Problem> {
        if !rules.statics.is_empty()
            && let Some((file, _)) =
                crate::parse::static_files::site_path(&link.dest, &page.source, rules.statics)
        {
            return self.check_static(link, &file, rules.statics);
        }
        let repo_content = rules.repo_content;
        let up = "../".repeat(
            page.source
                .parent()
                .split('/')
                .filter(|s| !s.is_empty())
                .count(),
        );
        let relative;
        let (dest_path, dest_rest) = split_dest(&link.dest);
        // Below another docs instance's `routeBasePath` (`None` inside: another version's
        // page, left as it is), or a Markdown file of the page's docs folder as
        // Docusaurus reads it: the path from the book root.
        let source = page.source.as_str();
        let rooted = match rules.routes.then(|| root_link(rules.instances, &dest_path)) {
            Some(Some(found)) => Some(found?),
            _ => (rules.routes)
                .then(|| file_link(rules.instances, source, &dest_path, self.content_dir))
                .flatten(),
        };
        let dest = match repo_content.and_then(|c| below_repo_content(&link.dest, c)) {
            _ if rooted.is_some() => {
                relative = format!("{up}{}{dest_rest}", rooted.unwrap_or_default());
                relative.as_str()
            }
            None => link.dest.as_str(),
            Some(None) => {
                return Some(self.outside(
                    link,
                    format!(
                        "a link that starts with `/` is read from the top of the repository, \
                         as GitHub reads it: start it with `/{}`",
                        repo_content.unwrap_or_default()
                    ),
                ));
            }
            Some(Some(below)) => {
                relative = if self.content_dir.is_empty() {
                    format!("{up}{below}")
                } else {
                    format!("{up}{}/{below}", self.content_dir)
                };
                relative.as_str()
            }
        };
        let (path_part, rest) = split_dest(dest);
        let fragment = rest.split_once('#').map(|(_, f)| f);
        let target_page = if path_part.is_empty() {
            Some(page)
        } else {
            let names_url = (rules.routes || rules.page_urls) && no_page::is_url_path(&path_part);
            let in_instance = || {
                (rules.instances.iter())
                    .find_map(|i| resolve(page.source.parent(), &path_part, &i.docs_dir))
            };
            let resolved =
                resolve(page.source.parent(), &path_part, self.content_dir).or_else(in_instance);
            let Some(resolved) = resolved else {
                if names_url {
                    return Some(self.no_page(page, link, &path_part, None, rules));
                }
                return Some(self.outside(
                    link,
                    format!(
                        "link to a page inside {}, or use an absolute URL",
                        shown_dir(self.content_dir)
                    ),
                ));
            };
            let found = match self.find(&resolved) {
                Found::Nothing
                    if rules.routes
                        && (is_route(&path_part) || is_route(path_part.trim_end_matches('/'))) =>
                {
                    self.find_route(&resolved)
                }
                found => found,
            };
            match found {
                Found::Page(p) => Some(p),
                Found::File => None,
                Found::Nothing => {
                    return Some(
                        (rules.hugo)
                            .and_then(|hugo| self.missing_term(&resolved, hugo))
                            .or_else(|| {
                                names_url.then(|| {
                                    self.no_page(page, link, &path_part, Some(&resolved), rules)
                                })
                            })
                            .unwrap_or_else(|| Problem {
                                anchor: false,
                                message: format!("`{}` does not exist", link.dest),
                                hint: self.closest_file(page, &link.dest, &resolved, rules),
                            }),
                    );
                }
            }
        };
        let (Some(target), Some(fragment)) = (target_page, fragment) else {
            return None;
        };
        // A text fragment (`#:~:text=timeout`, `#setup:~:text=x`) asks the browser to
        // scroll to words on the page: only the id before `:~:`, if any, is an anchor.
        let fragment = fragment.split_once(":~:").map_or(fragment, |(id, _)| id);
        let fragment = percent_decode(fragment).into_owned();
        if fragment.is_empty() || target.doc.has_anchor(&fragment) {
            return None;
        }
        // GitHub finds `#Setup` for the heading `setup` (and so does links.js): a
        // fragment that differs only in case is not broken.
        if fragment.eq_ignore_ascii_case("top")
            || target
                .doc
                .anchors()
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&fragment))
        {
            return None;
        }
        let name = if std::ptr::eq(target, page) {
            "this page".to_string()
        } else {
            format!(
                "`{}`",
                below_content(&target.source, self.src.content_prefix())
            )
        };
        Some(Problem {
            anchor: true,
            message: format!(
                "`{}`: {name} has no heading or anchor `#{fragment}`",
                link.dest
            ),
            hint: crate::base::suggest::closest(
                &fragment,
                target.doc.anchors().iter().map(String::as_str),
            )
            .map(|a| format!("did you mean `#{a}`?"))
            .or_else(|| {
                let anchors: Vec<String> = target
                    .doc
                    .anchors()
                    .iter()
                    .map(|a| format!("`#{a}`"))
                    .collect();
                Some(if anchors.is_empty() {
                    format!("{name} has no headings or anchors to link to")
                } else {
                    format!("{name} has {}", crate::base::suggest::listing(&anchors))
                })
            }),
        })
    }

    /// A link to `file` (a site path, `img/a.png`; `api/` names a folder) of a
    /// Docusaurus site's static folders `dirs`: it lands when a static file (or the
    /// docs folder's file published there) is at that path; else the closest static
    /// file is the hint.
    fn check_static(&self, link: &Link, file: &str, dirs: &[String]) -> Option<Problem> {
        let statics = &self.src.statics;
        let folder = file.strip_suffix('/');
        let found = match folder {
            Some(dir) => statics
                .iter()
                .any(|s| s.site.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))),
            None => statics
                .binary_search_by(|s| s.site.as_str().cmp(file))
                .is_ok(),
        };
        let in_docs = match self.content_dir {
            "" => file.to_string(),
            dir => format!("{dir}/{file}"),
        };
        if found || self.has_file_or_folder(in_docs.trim_end_matches('/')) {
            return None;
        }
        let shown: Vec<String> = dirs.iter().map(|d| format!("`{d}/`")).collect();
        let hint = crate::base::suggest::closest(file, statics.iter().map(|s| s.site.as_str()))
            .map(|best| format!("did you mean `/{}`?", encode_path(best)))
            .unwrap_or_else(|| {
                format!(
                    "files of {} are at the site's root: `static/img/a.png` is `/img/a.png`",
                    crate::base::suggest::listing(&shown)
                )
            });
        Some(Problem {
            anchor: false,
            message: format!(
                "`{}` does not exist: no file of {} is at `{file}`",
                link.dest,
                crate::base::suggest::listing(&shown)
            ),
            hint: Some(hint),
        })
    }

    /// The page a route names (`docs/installation` → `docs/installation.md`), as a
    /// Docusaurus site reads an extensionless link.
    /// A route names the page's URL, without number prefixes (`./install` for
    /// `01-install.md`, `../setup/install` for `02-setup/01-install.md`).
    fn find_route(&self, path: &str) -> Found<'a> {
        let below = if self.content_dir.is_empty() {
            path
        } else {
            path.strip_prefix(self.content_dir)
                .map_or(path, |p| p.trim_start_matches('/'))
        };
        let url = crate::parse::number_prefix::strip_path(below.trim_end_matches('/'));
        [".md", ".mdx"]
            .iter()
            .find_map(|ext| self.by_source(&format!("{path}{ext}")))
            .or_else(|| self.by_url(&format!("{url}.html")))
            .or_else(|| self.by_url(&format!("{url}/index.html")))
            .or_else(|| self.by_redirect(&format!("{url}/index.html")))
            .map_or(Found::Nothing, Found::Page)
    }

    fn find(&self, path: &str) -> Found<'a> {
        let trimmed = path.trim_end_matches('/');
        if let Some(p) = self.by_source(trimmed) {
            return Found::Page(p);
        }
        let below = if self.content_dir.is_empty() {
            trimmed
        } else {
            trimmed
                .strip_prefix(self.content_dir)
                .map(|p| p.trim_start_matches('/'))
                .unwrap_or(trimmed)
        };
        if let Some(p) = self.by_url(below) {
            return Found::Page(p);
        }
        for index in [
            "index.md",
            "README.md",
            "readme.md",
            "_index.md",
            "index.markdown",
        ] {
            let candidate = if trimmed.is_empty() {
                index.to_string()
            } else {
                format!("{trimmed}/{index}")
            };
            if let Some(p) = self.by_source(candidate.as_str()) {
                return Found::Page(p);
            }
        }
        if self.has_file_or_folder(trimmed) {
            return Found::File;
        }
        Found::Nothing
    }

    /// A link to the page of a Hugo taxonomy (`tags/_index.md`) or term
    /// (`tags/db/_index.md`) that is not made (`parse::hugo_taxonomy`): why not.
    fn missing_term(&self, resolved: &str, hugo: &crate::config::hugo::Hugo) -> Option<Problem> {
        let below = resolved
            .strip_prefix(self.content_dir)
            .map_or(resolved, |p| p.trim_start_matches('/'));
        let folder = below.strip_suffix("/_index.md")?;
        let (taxonomy, term) = folder.split_once('/').unwrap_or((folder, ""));
        if term.contains('/') || !hugo.taxonomies.iter().any(|t| t == taxonomy) {
            return None;
        }
        let kind = if term.is_empty() { "taxonomy" } else { "term" };
        if !hugo.makes(kind) {
            return Some(Problem {
                anchor: false,
                message: format!(
                    "the site's `disableKinds` names `{kind}`: Hugo makes no `/{folder}/` page"
                ),
                hint: Some(format!(
                    "remove the link, or take `{kind}` out of `disableKinds`"
                )),
            });
        }
        if term.is_empty() {
            return Some(Problem {
                anchor: false,
                message: format!(
                    "no page has `{taxonomy}` in its front matter: Hugo makes no `/{folder}/` page"
                ),
                hint: Some(format!(
                    "remove the link, or give a page `{taxonomy}: [...]`"
                )),
            });
        }
        let prefix = format!("{taxonomy}/");
        let terms: Vec<String> = (self.book.pages.iter())
            .filter(|p| p.kind == crate::model::PageKind::Taxonomy)
            .filter_map(|p| p.url.strip_prefix(&prefix)?.strip_suffix("/index.html"))
            .map(|t| format!("`{t}`"))
            .collect();
        Some(Problem {
            anchor: false,
            message: format!(
                "no page has `{term}` in its `{taxonomy}`: Hugo makes no `/{folder}/` page"
            ),
            hint: Some(if terms.is_empty() {
                format!("no page has `{taxonomy}` in its front matter")
            } else {
                format!(
                    "the site's {taxonomy}: {}",
                    crate::base::suggest::listing(&terms)
                )
            }),
        })
    }

    /// "did you mean" the file closest to `wanted` (the book-root path `dest` resolved
    /// to), else one of the same name elsewhere, written as `dest` is: from the top of
    /// the repository for a root-relative link (`/docs/setup/install.md`), else from
    /// the page.
    fn closest_file(
        &self,
        page: &Page,
        dest: &str,
        wanted: &str,
        rules: &LinkRules<'_>,
    ) -> Option<String> {
        let files = self.files();
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_lowercase();
        let best = crate::base::suggest::closest(wanted, files.iter().copied()).or_else(|| {
            (files.iter().copied())
                .filter(|f| name(f) == name(wanted))
                .min_by_key(|f| f.matches('/').count())
        })?;
        // A Markdown file of the page's docs folder (`/setup/install.md`): from there.
        let source = page.source.as_str();
        let file_link = (rules.routes)
            .then(|| {
                file_link(
                    rules.instances,
                    source,
                    &split_dest(dest).0,
                    self.content_dir,
                )
            })
            .flatten()
            .map(|_| {
                crate::parse::docs_instances::from_docs(
                    rules.instances,
                    source,
                    best,
                    self.content_dir,
                )
            });
        let shown = match rules
            .repo_content
            .filter(|_| dest.trim_start().starts_with('/'))
        {
            _ if file_link.is_some() => file_link.unwrap_or_default(),
            Some(repo) => {
                let below = match self.content_dir {
                    "" => best,
                    dir => best
                        .strip_prefix(dir)
                        .map_or(best, |b| b.trim_start_matches('/')),
                };
                // A route (`/ops/restart` of a Docusaurus site) gets a route.
                let below = if rules.routes && is_route(&split_dest(dest).0) {
                    [".mdx", ".md"]
                        .iter()
                        .find_map(|ext| below.strip_suffix(ext))
                        .unwrap_or(below)
                } else {
                    below
                };
                let parts: Vec<&str> = [repo, below]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                format!("/{}", parts.join("/"))
            }
            None => relative_from(page.source.parent(), best),
        };
        Some(format!("did you mean `{}`?", encode_path(&shown)))
    }
}

enum Found<'a> {
    Page(&'a Page),
    File,
    Nothing,
}

fn link_diagnostic(cfg: &Config, page: &Page, link: &Link, problem: Problem) -> Diagnostic {
    let strictness = if problem.anchor {
        cfg.check.anchors()
    } else {
        cfg.check.links()
    };
    let d = match strictness {
        Strictness::Error => {
            Diagnostic::error(Code::BrokenLink, page.source.clone(), problem.message)
        }
        Strictness::Warn => {
            Diagnostic::warning(Code::BrokenLink, page.source.clone(), problem.message)
        }
    };
    let d = d.at_line(link.line, link.col);
    match problem.hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// `content/`, `src/`, or `book` for a book read from its root.
fn shown_dir(dir: &str) -> String {
    if dir.is_empty() {
        "book".into()
    } else {
        format!("{dir}/")
    }
}

/// Resolves `rel` against folder `base` (both `/`-separated, relative to the book root).
/// `None` when it climbs above `content_dir` (`content`, or `""` for the book root).
pub(crate) fn resolve(base: &str, rel: &str, content_dir: &str) -> Option<String> {
    let joined = crate::base::path::joined(base, rel)?;
    let inside = content_dir.is_empty()
        || joined == content_dir
        || joined
            .strip_prefix(content_dir)
            .is_some_and(|rest| rest.starts_with('/'));
    inside.then_some(joined)
}

/// A path relative to folder `from` (both relative to the book root).
fn relative_from(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// An item id may appear once in the whole book (state files are keyed by it). Each
/// later item with an id points at the one before it. The ids are found in a sorted
/// list of their hashes, then compared: at 400,000 items a map of the ids themselves
/// took 25 MB while the check ran, the most memory the build had taken until then.
fn duplicate_item_ids(book: &Book, diags: &mut Diagnostics) {
    use std::hash::BuildHasher as _;
    let hasher = crate::base::hash::FxBuildHasher;
    let mut hashes: Vec<(u64, u32, u32)> = Vec::new();
    for (p, page) in book.pages.iter().enumerate() {
        for (i, item) in page.doc.items.get().iter().enumerate() {
            let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            hashes.push((hasher.hash_one(item.id()), at(p), at(i)));
        }
    }
    hashes.sort_unstable();
    let mut found: Vec<((u32, u32), Diagnostic)> = Vec::new();
    for same_hash in hashes.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // Each id of the group with where it was seen last, in book order.
        let mut last: Vec<(String, (&RelPath, u32))> = Vec::new();
        for &(_, p, i) in same_hash {
            let page = &book.pages[p as usize];
            let Some(item) = page.doc.items.get().get(i as usize).cloned() else {
                continue;
            };
            let here = (&page.source, item.line);
            let Some((_, (path, line))) = last.iter_mut().find(|(id, _)| id == item.id()) else {
                last.push((item.id().to_string(), here));
                continue;
            };
            let diag = Diagnostic::error(
                Code::DuplicateId,
                page.source.clone(),
                format!("item id `{}` is already used at {path}:{line}", item.id()),
            )
            .at_line(item.line, item.col)
            .with_hint("item ids must be unique in the book: rename one `{#id}`");
            found.push(((p, i), diag));
            (*path, *line) = here;
        }
    }
    found.sort_by_key(|(at, _)| *at);
    diags.extend(found.into_iter().map(|(_, d)| d));
}

#[cfg(test)]
mod tests;
