//! Stage 1: the awesome-nav plugin's (mkdocs-awesome-nav, v3) folder files, `.nav.yml`
//! (its `filename` option) below `docs_dir`: each file's `title`, `hide`, `nav` (with
//! the places of its entries, and the options of a `- glob:` entry), `ignore`, `sort`
//! (with `by: title`), `append_unmatched`, `flatten_single_child_sections`,
//! `preserve_directory_names` and `use_index_title`; or those of its predecessor
//! awesome-pages (`.pages`: `title`, `hide`, `nav` with `...` rest entries kept as
//! `...|filter`, `arrange`, `order`, `sort_type`, `order_by`, `ignore_case`,
//! `collapse_single_pages`, `collapse`), read into the same shape. `read` walks the
//! folder (the sources walk skips hidden files); `parse` is the pure core. What the
//! entries stand for is `parse/mkdocs_awesome.rs`'s job.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::{Location, Spanned};

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::path::RelPath;

use super::mkdocs::{Ctx, NavItem, NavTarget, Raw, is_link, place};
use super::mkdocs_ext::boolean;

/// The plugin's settings and its folder files, by folder below `docs_dir` (`""` the top).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AwesomeNav {
    /// `filename` (default `.nav.yml`, `.pages` for awesome-pages).
    pub(crate) filename: String,
    /// Set for awesome-pages (version 2) and its `.pages` files.
    pub(crate) pages: Option<PagesMode>,
    pub(crate) dirs: BTreeMap<String, NavYml>,
}

/// awesome-pages' plugin options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PagesMode {
    /// `strict` (default on): an entry that cannot be found is an error, else a warning.
    pub(crate) strict: bool,
    /// `collapse_single_pages`: the default for every folder.
    pub(crate) collapse_single_pages: bool,
    /// `order`, `sort_type`, `order_by` and `ignore_case`: what a folder whose `.pages`
    /// leaves one out uses (awesome-pages does not inherit them from the parent).
    pub(crate) sort: Sort,
}

/// One `.nav.yml`. An option left out is `None`: the parent folder's applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NavYml {
    /// Where the file is, from the book root, and its text (for the places of problems).
    pub(crate) path: RelPath,
    pub(crate) text: String,
    pub(crate) title: Option<String>,
    pub(crate) hide: bool,
    /// `nav:`; a glob entry is a `File` with `*`, `?` or `[` in it.
    pub(crate) nav: Option<Vec<NavItem>>,
    /// `ignore` patterns as written (`None`: the parent's).
    pub(crate) ignore: Option<Vec<String>>,
    pub(crate) append_unmatched: Option<bool>,
    pub(crate) flatten_single_child_sections: Option<bool>,
    pub(crate) preserve_directory_names: Option<bool>,
    pub(crate) sort: Sort,
    /// `use_index_title`: a folder is titled by its `index.md`'s front-matter `title`.
    pub(crate) use_index_title: Option<bool>,
    /// The options of `- glob: …` entries, by the place of their pattern.
    pub(crate) globs: BTreeMap<(u32, u32), GlobOptions>,
    /// awesome-pages' `collapse`: this folder alone collapses to its one page.
    pub(crate) collapse: Option<bool>,
}

/// The options written beside a `- glob: "*"` entry: they hold for what it matches
/// and the folders below those, over the folder's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GlobOptions {
    /// `ignore_no_matches`: no warning when the pattern matches nothing.
    pub(crate) ignore_no_matches: bool,
    pub(crate) flatten_single_child_sections: Option<bool>,
    pub(crate) preserve_directory_names: Option<bool>,
    pub(crate) append_unmatched: Option<bool>,
    pub(crate) ignore: Option<Vec<String>>,
    pub(crate) sort: Sort,
}

/// What a folder's entries are sorted by (`sort: by:`, awesome-pages' `order_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortBy {
    /// The path below `docs_dir` (awesome-nav's default).
    Path,
    /// The file or folder name, then the path (awesome-pages' default).
    Filename,
    /// The title: a page's front-matter `title` (awesome-nav; awesome-pages takes the
    /// page's title as MkDocs makes it), a folder's section title.
    Title,
}

/// `sort:`; each `None` is the parent folder's (default: ascending, natural, sections
/// last, case kept).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sort {
    pub(crate) by: Option<SortBy>,
    pub(crate) descending: Option<bool>,
    pub(crate) natural: Option<bool>,
    /// `sections: first` is `Some(true)`, `last` `Some(false)`, `mixed` is `mixed`.
    pub(crate) sections_first: Option<bool>,
    pub(crate) mixed: Option<bool>,
    pub(crate) ignore_case: Option<bool>,
}

impl Sort {
    /// Whether awesome-pages sorts with this: `order`, `sort_type` or `order_by` set
    /// (else it keeps MkDocs' order, the index page first).
    pub(crate) fn sorts(&self) -> bool {
        self.by.is_some() || self.descending.is_some() || self.natural.is_some()
    }
}

/// Every `filename` file below `root/docs_dir`, parsed; a bad one is a `config` error
/// at its place and reads as an empty file (the plugin's defaults), as the plugin does.
pub(crate) fn read(root: &Path, docs_dir: &str, out: &mut AwesomeNav, diags: &mut Diagnostics) {
    let filename = out.filename.clone();
    let pages = out.pages.is_some();
    let top = root.join(docs_dir);
    let walk = walkdir::WalkDir::new(&top).sort_by_file_name().into_iter();
    for entry in walk.filter_map(Result::ok) {
        if entry.file_name() != filename.as_str() || !entry.file_type().is_file() {
            continue;
        }
        let Ok(below) = entry.path().strip_prefix(&top) else {
            continue;
        };
        let below = below.to_string_lossy().replace('\\', "/");
        let path = match docs_dir {
            "" => RelPath::new(below.as_str()),
            dir => RelPath::new(format!("{dir}/{below}")),
        };
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let dir = below.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        out.dirs.insert(dir, parse(&text, &path, pages, diags));
    }
}

/// One `.nav.yml`'s text (at `path`): unknown keys and wrong types are `config` errors,
/// as the plugin's validation reports them.
pub(crate) fn parse(text: &str, path: &RelPath, pages: bool, diags: &mut Diagnostics) -> NavYml {
    let mut out = NavYml {
        path: path.clone(),
        text: text.to_string(),
        title: None,
        hide: false,
        nav: None,
        ignore: None,
        append_unmatched: None,
        flatten_single_child_sections: None,
        preserve_directory_names: None,
        sort: Sort::default(),
        use_index_title: None,
        globs: BTreeMap::new(),
        collapse: None,
    };
    let options = serde_saphyr::options! { strict_booleans: true, with_snippet: false };
    let top = match serde_saphyr::from_str_with_options::<Option<Spanned<Raw>>>(text, options) {
        Ok(top) => top,
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), place);
            diags.push(
                Diagnostic::error(
                    crate::base::diag::Code::Config,
                    path.clone(),
                    "invalid YAML",
                )
                .at(text, line, col)
                .with_hint("awesome-nav could not read this file either; fix the YAML"),
            );
            return out;
        }
    };
    let mut ctx = Ctx {
        text,
        file: path,
        diags,
    };
    let Some(Spanned {
        value: Raw::Map(pairs),
        ..
    }) = top
    else {
        return out;
    };
    if pages {
        pages_keys(&mut ctx, &pairs, &mut out);
        return out;
    }
    for (key, v) in &pairs {
        match key.value.as_str() {
            "title" => out.title = ctx.string("title", v),
            "hide" => out.hide = boolean(&mut ctx, "hide", v, false),
            "nav" => out.nav = Some(nav(&mut ctx, v, &mut out.globs)),
            "ignore" => out.ignore = Some(strings(&mut ctx, v)),
            "append_unmatched" => out.append_unmatched = Some(boolean(&mut ctx, "append_unmatched", v, false)),
            "flatten_single_child_sections" => {
                out.flatten_single_child_sections =
                    Some(boolean(&mut ctx, "flatten_single_child_sections", v, false));
            }
            "preserve_directory_names" => {
                out.preserve_directory_names =
                    Some(boolean(&mut ctx, "preserve_directory_names", v, false));
            }
            "sort" => out.sort = sort(&mut ctx, v),
            "use_index_title" => {
                out.use_index_title = Some(boolean(&mut ctx, "use_index_title", v, false));
            }
            other => ctx.error(
                key.referenced,
                format!("`{other}` is no awesome-nav option"),
                "awesome-nav reads title, nav, sort, ignore, hide, append_unmatched, flatten_single_child_sections, preserve_directory_names, use_index_title",
            ),
        }
    }
    out
}

/// A `.pages` file's keys (awesome-pages, version 2).
fn pages_keys(ctx: &mut Ctx<'_, '_>, pairs: &[(Spanned<String>, Spanned<Raw>)], out: &mut NavYml) {
    for (key, v) in pairs {
        match key.value.as_str() {
            "title" => out.title = ctx.string("title", v),
            "hide" => out.hide = boolean(ctx, "hide", v, false),
            "nav" => out.nav = Some(nav(ctx, v, &mut out.globs)),
            // Deprecated: the pages named first, then the rest unless placed.
            "arrange" => {
                let mut items = nav(ctx, v, &mut out.globs);
                if !items.iter().any(|i| matches!(&i.target, NavTarget::File(f) if f.starts_with("..."))) {
                    items.push(NavItem { title: None, target: NavTarget::File("...".into()), line: 0, col: 0 });
                }
                out.nav = Some(items);
            }
            "order" | "sort_type" | "order_by" | "ignore_case" => {
                pages_sort(ctx, key.value.as_str(), v, &mut out.sort);
            }
            "collapse_single_pages" => {
                out.flatten_single_child_sections = Some(boolean(ctx, "collapse_single_pages", v, false));
            }
            "collapse" => out.collapse = Some(boolean(ctx, "collapse", v, false)),
            other => ctx.error(
                key.referenced,
                format!("`{other}` is no awesome-pages option"),
                "awesome-pages reads title, nav, arrange, hide, order, sort_type, order_by, ignore_case, collapse_single_pages, collapse",
            ),
        }
    }
}

/// awesome-pages' `order` (`asc`, `desc`), `sort_type` (`natural`), `order_by`
/// (`filename`, `title`) and `ignore_case`, in a `.pages` file or the plugin's options;
/// another word is an error, as the plugin's is.
pub(super) fn pages_sort(ctx: &mut Ctx<'_, '_>, key: &str, v: &Spanned<Raw>, out: &mut Sort) {
    if key == "ignore_case" {
        out.ignore_case = Some(boolean(ctx, "ignore_case", v, false));
        return;
    }
    let Some(word) = ctx.string(key, v) else {
        return;
    };
    let (words, hint) = match key {
        "order" => (&["asc", "desc"][..], "write `order: asc` or `order: desc`"),
        "sort_type" => (
            &["natural"][..],
            "write `sort_type: natural`, or leave it out",
        ),
        _ => (
            &["filename", "title"][..],
            "write `order_by: filename` or `order_by: title`",
        ),
    };
    if !words.contains(&word.as_str()) {
        let message = format!("awesome-pages' `{key}` does not take `{word}`");
        ctx.error(v.referenced, message, hint);
        return;
    }
    match key {
        "order" => out.descending = Some(word == "desc"),
        "sort_type" => out.natural = Some(true),
        _ if word == "title" => out.by = Some(SortBy::Title),
        _ => out.by = Some(SortBy::Filename),
    }
}

/// `...`, `... | glob=x`, `... | x` or `... | regex=x` as `...`, `...|x` or
/// `...|regex=x`; a regular expression that does not compile is an error at `at`.
fn rest_entry(ctx: &mut Ctx<'_, '_>, s: &str, at: Location) -> Option<String> {
    let filter = s
        .strip_prefix("...")?
        .trim_start()
        .strip_prefix('|')
        .map(str::trim);
    match filter {
        None => Some("...".into()),
        Some(f) if let Some(re) = f.strip_prefix("regex=") => match regex::Regex::new(re) {
            Ok(_) => Some(format!("...|{f}")),
            Err(_) => {
                let message = format!("`{re}` in `{s}` is not a regular expression opsbook reads");
                ctx.error(
                    at,
                    message,
                    "write it as Python's `re` would take it, with `\\` before a `.` to match a dot; or use a glob: `... | page-*.md`",
                );
                None
            }
        },
        Some(f) => Some(format!("...|{}", f.strip_prefix("glob=").unwrap_or(f))),
    }
}

/// `ignore`: one pattern or a list of them.
fn strings(ctx: &mut Ctx<'_, '_>, v: &Spanned<Raw>) -> Vec<String> {
    match &v.value {
        Raw::Seq(items) => items
            .iter()
            .filter_map(|i| ctx.string("ignore", i))
            .collect(),
        _ => ctx.string("ignore", v).into_iter().collect(),
    }
}

fn sort(ctx: &mut Ctx<'_, '_>, v: &Spanned<Raw>) -> Sort {
    let mut out = Sort::default();
    let Raw::Map(pairs) = &v.value else {
        return out;
    };
    for (key, v) in pairs {
        let word = match &v.value {
            Raw::Str(s) => s.as_str(),
            _ => "",
        };
        match (key.value.as_str(), word) {
            ("direction", "asc" | "desc") => out.descending = Some(word == "desc"),
            ("type", "natural" | "alphabetical") => out.natural = Some(word == "natural"),
            ("sections", "first" | "last" | "mixed") => {
                out.sections_first = Some(word == "first");
                out.mixed = Some(word == "mixed");
            }
            ("ignore_case", _) => out.ignore_case = Some(boolean(ctx, "ignore_case", v, false)),
            ("by", "path") => out.by = Some(SortBy::Path),
            ("by", "filename") => out.by = Some(SortBy::Filename),
            ("by", "title") => out.by = Some(SortBy::Title),
            (k, _) => ctx.error(
                v.referenced,
                format!("`sort: {k}` does not take this value"),
                "awesome-nav reads direction (asc, desc), type (natural, alphabetical), by (path, filename, title), sections (first, last, mixed), ignore_case",
            ),
        }
    }
    out
}

/// `nav:`: `page.md`, `folder`, a glob (`"*.md"`, `- glob: "*"`), `Title: page.md`,
/// `Title: folder`, `Title: https://…` and `Section: [ … ]`.
fn nav(ctx: &mut Ctx<'_, '_>, v: &Spanned<Raw>, globs: &mut Globs) -> Vec<NavItem> {
    let Raw::Seq(items) = &v.value else {
        ctx.error(
            v.referenced,
            format!(
                "wrong type for `nav`: expected a list, found {}",
                v.value.kind()
            ),
            "write `nav:` as a list: `- page.md`, `- \"*\"`, `- Title: page.md`",
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| nav_item(ctx, i, globs))
        .collect()
}

type Globs = BTreeMap<(u32, u32), GlobOptions>;

/// The options beside `glob:` in a `- glob: "*"` entry; an unknown one is an error.
fn glob_options(ctx: &mut Ctx<'_, '_>, pairs: &[(Spanned<String>, Spanned<Raw>)]) -> GlobOptions {
    let mut out = GlobOptions::default();
    for (key, v) in pairs {
        let k = key.value.as_str();
        match k {
            "glob" => {}
            "ignore_no_matches" => out.ignore_no_matches = boolean(ctx, k, v, false),
            "flatten_single_child_sections" => {
                out.flatten_single_child_sections = Some(boolean(ctx, k, v, false));
            }
            "preserve_directory_names" => out.preserve_directory_names = Some(boolean(ctx, k, v, false)),
            "append_unmatched" => out.append_unmatched = Some(boolean(ctx, k, v, false)),
            "ignore" => out.ignore = Some(strings(ctx, v)),
            "sort" => out.sort = sort(ctx, v),
            other => ctx.error(
                key.referenced,
                format!("`{other}` is no option of an awesome-nav glob entry"),
                "a `- glob:` entry takes ignore_no_matches, flatten_single_child_sections, preserve_directory_names, ignore, sort, append_unmatched",
            ),
        }
    }
    out
}

/// Whether a `.pages` entry is a rest entry (`...`), with the glob it keeps, if any.
pub(crate) fn rest_filter(entry: &str) -> Option<Option<&str>> {
    let rest = entry.strip_prefix("...")?;
    Some(rest.strip_prefix('|'))
}

fn nav_item(ctx: &mut Ctx<'_, '_>, item: &Spanned<Raw>, globs: &mut Globs) -> Option<NavItem> {
    let (title, value) = match &item.value {
        Raw::Str(_) => (None, item),
        // `- glob: "*.md"` with its options (`flatten_single_child_sections`, …).
        Raw::Map(pairs) if pairs.iter().any(|(k, _)| k.value == "glob") => {
            let (_, v) = pairs.iter().find(|(k, _)| k.value == "glob")?;
            if !matches!(v.value, Raw::Str(_)) {
                let message = format!("`glob` takes a pattern, not {}", v.value.kind());
                ctx.error(v.referenced, message, "write `- glob: \"*.md\"`");
                return None;
            }
            globs.insert(place(v.referenced), glob_options(ctx, pairs));
            (None, v)
        }
        Raw::Map(pairs) if pairs.len() == 1 => (Some(pairs[0].0.value.clone()), &pairs[0].1),
        other => {
            ctx.error(
                item.referenced,
                format!("an awesome-nav entry must be `page.md`, `Title: page.md` or `Section: [ … ]`, not {}", other.kind()),
                "write one entry per list item",
            );
            return None;
        }
    };
    let (line, col) = place(value.referenced);
    let target = match &value.value {
        Raw::Str(s) if title.is_none() && s.starts_with("...") => {
            NavTarget::File(rest_entry(ctx, s, value.referenced)?)
        }
        Raw::Str(s) if is_link(s) || s.contains("://") => NavTarget::Link(s.clone()),
        Raw::Str(s) => NavTarget::File(s.clone()),
        Raw::Seq(_) => NavTarget::Section(nav(ctx, value, globs)),
        other => {
            ctx.error(
                value.referenced,
                format!(
                    "an awesome-nav entry names a page, a folder, a link or a list, not {}",
                    other.kind()
                ),
                "write `Title: page.md`, `Title: https://…` or `Section: [ … ]`",
            );
            return None;
        }
    };
    Some(NavItem {
        title,
        target,
        line,
        col,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_options_and_the_entries_with_their_places() {
        let text = "title: Guides\nflatten_single_child_sections: true\nsort:\n  direction: desc\n  sections: first\nignore: \"*.draft.md\"\nnav:\n  - intro.md\n  - Setup: setup.md\n  - \"*.md\"\n  - glob: \"api/*\"\n    flatten_single_child_sections: false\n  - More:\n      - Site: https://example.com\n  - colour: blue\n";
        let mut diags = Diagnostics::new();
        let yml = parse(
            text,
            &RelPath::new("docs/guides/.nav.yml"),
            false,
            &mut diags,
        );
        assert_eq!(diags.iter().count(), 0);
        assert_eq!(yml.title.as_deref(), Some("Guides"));
        assert_eq!(yml.flatten_single_child_sections, Some(true));
        assert_eq!(yml.sort.descending, Some(true));
        assert_eq!(yml.sort.sections_first, Some(true));
        assert_eq!(yml.ignore, Some(vec!["*.draft.md".to_string()]));
        let shown: Vec<String> = (yml.nav.unwrap_or_default().iter())
            .map(|i| match &i.target {
                NavTarget::File(f) => format!("{}:{} {:?} {f}", i.line, i.col, i.title),
                NavTarget::Link(l) => format!("link {l}"),
                NavTarget::Section(c) => format!("{:?} [{}]", i.title, c.len()),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "8:5 None intro.md",
                "9:12 Some(\"Setup\") setup.md",
                "10:5 None *.md",
                "11:11 None api/*",
                "Some(\"More\") [1]",
                "15:13 Some(\"colour\") blue",
            ]
        );
    }

    #[test]
    fn an_unknown_key_is_a_config_error_at_its_place() {
        let mut diags = Diagnostics::new();
        parse(
            "titel: X\n",
            &RelPath::new("docs/.nav.yml"),
            false,
            &mut diags,
        );
        let shown: Vec<String> = diags
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
        assert_eq!(
            shown,
            ["docs/.nav.yml:1:1: `titel` is no awesome-nav option"]
        );
    }

    #[test]
    fn reads_a_glob_entrys_options_sort_by_title_and_use_index_title() {
        let text = "use_index_title: true\nsort:\n  by: title\nnav:\n  - glob: \"*\"\n    ignore_no_matches: true\n    ignore: [\"*.draft.md\"]\n    sort:\n      by: filename\n      type: alphabetical\n    colour: blue\n";
        let mut diags = Diagnostics::new();
        let yml = parse(text, &RelPath::new("docs/.nav.yml"), false, &mut diags);
        assert_eq!(yml.use_index_title, Some(true));
        assert_eq!(yml.sort.by, Some(SortBy::Title));
        let glob = yml
            .globs
            .get(&(5, 11))
            .expect("the glob's options, by its place");
        assert!(glob.ignore_no_matches);
        assert_eq!(glob.ignore, Some(vec!["*.draft.md".to_string()]));
        assert_eq!(glob.sort.by, Some(SortBy::Filename));
        assert_eq!(glob.sort.natural, Some(false));
        assert_eq!(
            diags.placed_with_hints(),
            [
                "docs/.nav.yml:11:5: `colour` is no option of an awesome-nav glob entry (a `- glob:` entry takes ignore_no_matches, flatten_single_child_sections, preserve_directory_names, ignore, sort, append_unmatched)"
            ]
        );
    }

    #[test]
    fn awesome_pages_order_by_takes_filename_or_title() {
        let mut diags = Diagnostics::new();
        let path = RelPath::new("docs/.pages");
        let yml = parse("order_by: title\norder: desc\n", &path, true, &mut diags);
        assert_eq!(yml.sort.by, Some(SortBy::Title));
        assert_eq!(yml.sort.descending, Some(true));
        parse(
            "order_by: date\nsort_type: numeric\n",
            &path,
            true,
            &mut diags,
        );
        assert_eq!(
            diags.placed_with_hints(),
            [
                "docs/.pages:1:11: awesome-pages' `order_by` does not take `date` (write `order_by: filename` or `order_by: title`)",
                "docs/.pages:2:12: awesome-pages' `sort_type` does not take `numeric` (write `sort_type: natural`, or leave it out)"
            ]
        );
    }
}
