//! Stage 1: the awesome-nav plugin's (mkdocs-awesome-nav, v3) folder files, `.nav.yml`
//! (its `filename` option) below `docs_dir`: each file's `title`, `hide`, `nav` (with
//! the places of its entries), `ignore`, `sort`, `append_unmatched`,
//! `flatten_single_child_sections` and `preserve_directory_names`; or those of its
//! predecessor awesome-pages (`.pages`: `title`, `hide`, `nav` with `...` rest
//! entries kept as `...|filter`, `arrange`, `order`, `sort_type`, `ignore_case`,
//! `collapse_single_pages`, `collapse`), read into the same shape. `read` walks the
//! folder (the sources walk skips hidden files); `parse` is the pure core. What the
//! entries stand for is `parse/mkdocs_awesome.rs`'s job.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

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
    /// awesome-pages' `collapse`: this folder alone collapses to its one page.
    pub(crate) collapse: Option<bool>,
}

/// `sort:`; each `None` is the parent folder's (default: ascending, natural, sections
/// last, case kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sort {
    pub(crate) descending: Option<bool>,
    pub(crate) natural: Option<bool>,
    /// `sections: first` is `Some(true)`, `last` `Some(false)`, `mixed` is `mixed`.
    pub(crate) sections_first: Option<bool>,
    pub(crate) mixed: Option<bool>,
    pub(crate) ignore_case: Option<bool>,
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
            "nav" => out.nav = Some(nav(&mut ctx, v)),
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
            "use_index_title" => tracing::info!(
                "{path}: awesome-nav's `use_index_title` is not read by opsbook; folders are titled by their names"
            ),
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
            "nav" => out.nav = Some(nav(ctx, v)),
            // Deprecated: the pages named first, then the rest unless placed.
            "arrange" => {
                let mut items = nav(ctx, v);
                if !items.iter().any(|i| matches!(&i.target, NavTarget::File(f) if f.starts_with("..."))) {
                    items.push(NavItem { title: None, target: NavTarget::File("...".into()), line: 0, col: 0 });
                }
                out.nav = Some(items);
            }
            "order" => {
                let word = ctx.string("order", v).unwrap_or_default();
                out.sort.descending = Some(word == "desc");
                out.sort.mixed = Some(true);
            }
            "sort_type" => out.sort.natural = Some(ctx.string("sort_type", v).as_deref() == Some("natural")),
            "ignore_case" => out.sort.ignore_case = Some(boolean(ctx, "ignore_case", v, false)),
            "collapse_single_pages" => {
                out.flatten_single_child_sections = Some(boolean(ctx, "collapse_single_pages", v, false));
            }
            "collapse" => out.collapse = Some(boolean(ctx, "collapse", v, false)),
            "order_by" => tracing::info!(
                "{}: awesome-pages' `order_by` is not read by opsbook; sorted by name",
                ctx.file
            ),
            other => ctx.error(
                key.referenced,
                format!("`{other}` is no awesome-pages option"),
                "awesome-pages reads title, nav, arrange, hide, order, sort_type, order_by, ignore_case, collapse_single_pages, collapse",
            ),
        }
    }
}

/// `...`, `... | glob=x` or `... | x` as `...` or `...|x`; a `regex=` filter is noted
/// and `None`.
fn rest_entry(ctx: &Ctx<'_, '_>, s: &str) -> Option<String> {
    let filter = s
        .strip_prefix("...")?
        .trim_start()
        .strip_prefix('|')
        .map(str::trim);
    match filter {
        None => Some("...".into()),
        Some(f) if f.starts_with("regex=") => {
            tracing::info!(
                "{}: awesome-pages' regex filter `{s}` is not read by opsbook; the entry is left out",
                ctx.file
            );
            None
        }
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
            ("by", "path" | "filename") => {}
            ("by", "title") => tracing::info!(
                "{}: awesome-nav's `sort: by: title` is not read by opsbook; sorted by path",
                ctx.file
            ),
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
fn nav(ctx: &mut Ctx<'_, '_>, v: &Spanned<Raw>) -> Vec<NavItem> {
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
    items.iter().filter_map(|i| nav_item(ctx, i)).collect()
}

/// Whether a `.pages` entry is a rest entry (`...`), with the glob it keeps, if any.
pub(crate) fn rest_filter(entry: &str) -> Option<Option<&str>> {
    let rest = entry.strip_prefix("...")?;
    Some(rest.strip_prefix('|'))
}

fn nav_item(ctx: &mut Ctx<'_, '_>, item: &Spanned<Raw>) -> Option<NavItem> {
    let (title, value) = match &item.value {
        Raw::Str(_) => (None, item),
        // `- glob: "*.md"` with its options (`flatten_single_child_sections`, …).
        Raw::Map(pairs) if pairs.iter().any(|(k, _)| k.value == "glob") => {
            let (_, v) = pairs.iter().find(|(k, _)| k.value == "glob")?;
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
            NavTarget::File(rest_entry(ctx, s)?)
        }
        Raw::Str(s) if is_link(s) || s.contains("://") => NavTarget::Link(s.clone()),
        Raw::Str(s) => NavTarget::File(s.clone()),
        Raw::Seq(_) => NavTarget::Section(nav(ctx, value)),
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
}
