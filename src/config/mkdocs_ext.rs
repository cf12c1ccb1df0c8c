//! What an MkDocs book's `markdown_extensions`, `plugins` and `extra` hold that opsbook
//! runs: `pymdownx.snippets` and its options, `markdown_include.include`'s `base_path`, the `macros` plugin (mkdocs-macros:
//! `include_dir`, and the `extra` values its `{{ name }}` shows); the gitignore-style
//! settings (`not_in_nav`, `exclude_docs`, `draft_docs`); and the deep merge of an
//! `INHERIT`ed parent's values. Pure; `mkdocs.rs` reads the file.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use crate::base::pathspec::PathSpec;

use super::mkdocs::{Ctx, Raw};
use super::mkdocs_awesome::{AwesomeNav, PagesMode, Sort};

/// `pymdownx.snippets`' options that change what a page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippets {
    /// Folders (or files) snippets are looked for in, in order, from the book root
    /// (the folder of mkdocs.yml): `""` for the root itself. Default `[""]`.
    pub(crate) base_path: Vec<String>,
    /// A missing snippet is an error (`true`) or a warning (the extension's default
    /// leaves it out quietly; opsbook says so).
    pub(crate) check_paths: bool,
    /// Snippets added at the end of every page.
    pub(crate) auto_append: Vec<String>,
    /// A snippet must lie below its base path (default `true`).
    pub(crate) restrict_base_path: bool,
    /// A line range or section loses its common indentation (default `false`).
    pub(crate) dedent_subsections: bool,
    /// `url_download`: the extension downloads `--8<-- "https://…"` at build time
    /// (default `false`: it reads the URL as a path that does not exist). opsbook never
    /// fetches; this only changes what its warning says.
    pub(crate) url_download: bool,
    /// `url_request_headers` is set (the download needs them: a private source).
    pub(crate) url_request_headers: bool,
}

/// The function `toc`'s `slugify` names: how MkDocs makes a heading's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum TocSlug {
    /// Python-Markdown's own `markdown.extensions.toc.slugify` (the default): accents
    /// folded to ASCII (NFKD), other letters outside ASCII dropped, lower-cased, each run
    /// of spaces and `-` one `-`.
    #[default]
    Ascii,
    /// `markdown.extensions.toc.slugify_unicode`: the same, letters outside ASCII kept.
    Unicode,
    /// `pymdownx.slugs`: `uslugify` (and `_cased`, `_encoded`) or
    /// `!!python/object/apply:pymdownx.slugs.slugify {kwds: {case, normalize}}`:
    /// normalized, HTML tags dropped, letters of any script kept, each space a `-`.
    Pymdownx { case: SlugCase, form: SlugForm },
}

/// `pymdownx.slugs.slugify`'s `case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlugCase {
    /// `none`: as written.
    Kept,
    /// `lower` (and `fold`, Python's `casefold`, the same for ids in practice).
    Lower,
    /// `lower-ascii`: only `A`-`Z` lower-cased.
    LowerAscii,
}

/// `pymdownx.slugs.slugify`'s `normalize` (Unicode normal form; default `NFC`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlugForm {
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

/// The `markdown_include.include` extension's options (its `{!file!}` syntax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MdInclude {
    /// The folder `{!file!}` paths start at, from the book root: `base_path`, or the
    /// folder of mkdocs.yml (`""`), where `mkdocs build` runs.
    pub(crate) base_path: String,
}

/// The `macros` plugin's options, and the variables `{{ name }}` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Macros {
    /// Where `{% include 'x' %}` finds `x`, from the book root: `include_dir`, or the
    /// pages' folder.
    pub(crate) include_dir: String,
    /// `extra:`'s values by their top-level name (`version`, `links`: `{{ links.chat }}`),
    /// lists and mappings kept (`{% for x in links %}`); a tagged value is left out.
    pub(crate) variables: BTreeMap<String, serde_json::Value>,
    /// `render_by_default` (default `true`): else only pages whose front matter says
    /// `render_macros: true` are rendered (and `render_macros: false` turns a page off).
    pub(crate) render_by_default: bool,
}

/// What `markdown_extensions`, `plugins` and `extra` said, gathered as the keys come.
#[derive(Default)]
pub(super) struct Found {
    snippets: Option<Snippets>,
    md_include: Option<MdInclude>,
    /// `toc`'s `slugify`.
    toc_slug: TocSlug,
    /// The macros plugin's `include_dir`, `Some("")` when it is on without one.
    macros: Option<String>,
    /// `render_by_default: false`.
    off_by_default: bool,
    /// The `j2_*_start_string` options that change Jinja's markers (`[[`, `[[%`).
    markers: Vec<String>,
    extra: BTreeMap<String, serde_json::Value>,
    exclude: Exclude,
    literate_nav: Option<LiterateNav>,
    gen_files: bool,
    attr_list: bool,
    superfences: bool,
    marks: InlineMarks,
    /// The awesome-nav (or awesome-pages) plugin's settings when it is on.
    awesome_nav: Option<AwesomeNav>,
}

/// The literate-nav plugin (mkdocs-literate-nav): a nav entry naming a folder takes
/// the folder's nav file, else its pages (`parse/mkdocs_folder.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiterateNav {
    /// `nav_file` (default `SUMMARY.md`): a folder's nav, a Markdown list of links.
    pub(crate) nav_file: String,
    /// `implicit_index`: the folder's index page comes first, before its nav file's
    /// entries.
    pub(crate) implicit_index: bool,
}

/// The `exclude` plugin (mkdocs-exclude): the files below `docs_dir` whose path matches
/// one of its `glob` patterns (Python's `fnmatch`: `*` crosses folders) or its `regex`
/// patterns (matched from the path's start) are left out of the site.
#[derive(Debug, Clone, Default)]
pub(crate) struct Exclude {
    patterns: Vec<regex::Regex>,
}

/// Two are equal when their patterns are (a config compared with the last build's).
impl PartialEq for Exclude {
    fn eq(&self, other: &Self) -> bool {
        let sources = |e: &Exclude| {
            e.patterns
                .iter()
                .map(|p| p.as_str().to_string())
                .collect::<Vec<_>>()
        };
        sources(self) == sources(other)
    }
}

impl Eq for Exclude {}

impl Exclude {
    pub(crate) fn matches(&self, rel: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(rel))
    }
}

/// A `fnmatch` pattern (`*`, `?`, `[seq]`, `[!seq]`) as a regular expression of the
/// whole path, as Python's `fnmatch.translate` makes it.
fn fnmatch(glob: &str) -> String {
    let mut out = String::from("^(?s:");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push_str(".*"),
            '?' => out.push('.'),
            '[' => {
                let class: String = chars.clone().take_while(|&c| c != ']').collect();
                let closed = chars.clone().nth(class.chars().count()) == Some(']');
                if closed && !class.is_empty() {
                    for _ in 0..=class.chars().count() {
                        chars.next();
                    }
                    let (negated, body) = match class.strip_prefix('!') {
                        Some(rest) => (true, rest),
                        None => (false, class.as_str()),
                    };
                    out.push('[');
                    if negated {
                        out.push('^');
                    }
                    for b in body.chars() {
                        if matches!(b, '\\' | '[' | ']' | '^' | '&' | '~') {
                            out.push('\\');
                        }
                        out.push(b);
                    }
                    out.push(']');
                } else {
                    out.push_str("\\[");
                }
            }
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push_str(")\\z");
    out
}

/// The extensions whose syntax opsbook renders itself, whatever their options.
const RENDERED: [&str; 12] = [
    "admonition",
    "def_list",
    "footnotes",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
    "tables",
    "toc",
];

/// The plugins whose work opsbook does itself (its own search).
const DONE: [&str; 1] = ["search"];

impl Found {
    /// `markdown_extensions`: a list of names or `name: {options}`, or one mapping.
    pub(super) fn extensions(
        &mut self,
        ctx: &mut Ctx<'_, '_>,
        value: &Spanned<Raw>,
        notes: &mut Vec<String>,
    ) {
        for (name, options) in entries(value) {
            match name.as_str() {
                "pymdownx.snippets" => self.snippets = Some(snippets(ctx, options, notes)),
                "markdown_include.include" => {
                    self.md_include = Some(md_include(ctx, options, notes));
                }
                "toc" | "markdown.extensions.toc" => {
                    if let Some((k, f)) = pairs(options).iter().find(|(k, _)| k.value == "slugify")
                    {
                        self.toc_slug = toc_slug(ctx, k, f, notes);
                    }
                }
                "attr_list" | "markdown.extensions.attr_list" => self.attr_list = true,
                "pymdownx.superfences" => self.superfences = true,
                "pymdownx.mark" => self.marks.mark = true,
                "pymdownx.caret" => self.marks.caret = true,
                "pymdownx.keys" => self.marks.keys = true,
                n if RENDERED.contains(&n) => {}
                n => notes.push(format!(
                    "{}: the extension `{n}` is MkDocs'; opsbook does not run it",
                    ctx.file
                )),
            }
        }
    }

    /// `plugins`: the same shapes; `macros` is read, the others are noted.
    pub(super) fn plugins(
        &mut self,
        ctx: &mut Ctx<'_, '_>,
        value: &Spanned<Raw>,
        notes: &mut Vec<String>,
    ) {
        for (name, options) in entries(value) {
            if DONE.contains(&name.as_str()) {
                continue;
            }
            if name == "exclude" {
                self.exclude_plugin(ctx, options);
                continue;
            }
            if name == "literate-nav" || name == "mkdocs-literate-nav" {
                self.literate_nav = Some(literate_nav(ctx, options, notes));
                continue;
            }
            if name == "awesome-nav" || name == "awesome-pages" {
                self.awesome_nav = awesome_nav(ctx, &name, options, notes);
                continue;
            }
            self.gen_files |= name == "gen-files";
            if name != "macros" {
                notes.push(format!(
                    "{}: the plugin `{name}` is MkDocs'; opsbook does not run it",
                    ctx.file
                ));
                continue;
            }
            let mut dir = String::new();
            for (key, v) in pairs(options) {
                match key.value.as_str() {
                    "include_dir" => {
                        if let Some(d) = ctx.string("include_dir", v) {
                            dir = plain_dir(&d);
                        }
                    }
                    "render_by_default" => {
                        self.off_by_default = !boolean(ctx, "render_by_default", v, true);
                    }
                    "j2_block_start_string"
                    | "j2_variable_start_string"
                    | "j2_comment_start_string" => {
                        let default = ["{%", "{{", "{#"];
                        if let Some(m) = ctx.string(&key.value, v)
                            && !default.contains(&m.as_str())
                            && !m.is_empty()
                        {
                            self.markers.push(m);
                        }
                    }
                    "j2_block_end_string" | "j2_variable_end_string" | "j2_comment_end_string" => {}
                    other => notes.push(format!(
                        "{}: the macros plugin's `{other}` is not read by opsbook",
                        ctx.file
                    )),
                }
            }
            self.macros = Some(dir);
        }
    }

    /// The `exclude` plugin's `glob` and `regex` lists (or single strings).
    fn exclude_plugin(&mut self, ctx: &mut Ctx<'_, '_>, options: &Spanned<Raw>) {
        for (key, v) in pairs(options) {
            let key = key.value.as_str();
            for pattern in strings(ctx, key, v) {
                let source = match key {
                    "glob" => fnmatch(&pattern),
                    "regex" => format!("^(?:{pattern})"),
                    _ => continue,
                };
                match regex::Regex::new(&source) {
                    Ok(re) => self.exclude.patterns.push(re),
                    Err(_) => ctx.error(
                        v.referenced,
                        format!("the exclude plugin's `{key}` has a pattern that cannot be read: `{pattern}`"),
                        "write a Python regular expression that the plugin can match",
                    ),
                }
            }
        }
    }

    /// `extra`: its values, by top-level name.
    pub(super) fn extra(&mut self, value: &Spanned<Raw>) {
        for (k, v) in pairs(value) {
            if let Some(v) = json(&v.value) {
                self.extra.insert(k.value.clone(), v);
            }
        }
    }

    /// The snippets, macros and `markdown_include` settings and `toc`'s `slugify`;
    /// `include_dir` defaults to `docs_dir`.
    pub(super) fn finish(self, docs_dir: &str) -> Finished {
        // Markers of its own: opsbook reads only Jinja's, so it runs none of the
        // book's Jinja (and `{{ … }}` is text, as it is under mkdocs-macros then).
        let markers = if self.macros.is_some() {
            self.markers
        } else {
            Vec::new()
        };
        let macros = self
            .macros
            .filter(|_| markers.is_empty())
            .map(|dir| Macros {
                include_dir: if dir.is_empty() {
                    docs_dir.to_string()
                } else {
                    dir
                },
                variables: self.extra,
                render_by_default: !self.off_by_default,
            });
        Finished {
            snippets: self.snippets,
            macros,
            markers,
            md_include: self.md_include,
            toc_slug: self.toc_slug,
            exclude: self.exclude,
            literate_nav: self.literate_nav,
            gen_files: self.gen_files,
            attr_list: self.attr_list,
            superfences: self.superfences,
            marks: self.marks,
            awesome_nav: self.awesome_nav,
        }
    }
}

/// literate-nav's options; `markdown_extensions` and `tab_length` (how it reads the
/// nav files) are noted, not read.
fn literate_nav(
    ctx: &mut Ctx<'_, '_>,
    options: &Spanned<Raw>,
    notes: &mut Vec<String>,
) -> LiterateNav {
    let mut out = LiterateNav {
        nav_file: "SUMMARY.md".into(),
        implicit_index: false,
    };
    for (key, v) in pairs(options) {
        match key.value.as_str() {
            "nav_file" => {
                if let Some(f) = ctx.string("nav_file", v) {
                    out.nav_file = f;
                }
            }
            "implicit_index" => out.implicit_index = boolean(ctx, "implicit_index", v, false),
            other => notes.push(format!(
                "{}: the literate-nav plugin's `{other}` is not read by opsbook",
                ctx.file
            )),
        }
    }
    out
}

/// awesome-nav's `filename` (default `.nav.yml`), or awesome-pages' (default
/// `.pages`, with `strict`, `collapse_single_pages`, `order`, `sort_type`, `order_by` and
/// `ignore_case`); `None` with `enabled: false`, as MkDocs then leaves the plugin out.
/// Other options are noted.
fn awesome_nav(
    ctx: &mut Ctx<'_, '_>,
    name: &str,
    options: &Spanned<Raw>,
    notes: &mut Vec<String>,
) -> Option<AwesomeNav> {
    let pages = name == "awesome-pages";
    let mut out = AwesomeNav {
        filename: (if pages { ".pages" } else { ".nav.yml" }).into(),
        pages: pages.then_some(PagesMode {
            strict: true,
            collapse_single_pages: false,
            sort: Sort::default(),
        }),
        dirs: BTreeMap::new(),
    };
    for (key, v) in pairs(options) {
        match (key.value.as_str(), out.pages.as_mut()) {
            ("enabled", _) if !boolean(ctx, "enabled", v, true) => return None,
            ("enabled", _) => {}
            ("filename", _) => out.filename = ctx.string("filename", v).unwrap_or(out.filename),
            ("strict", Some(p)) => p.strict = boolean(ctx, "strict", v, true),
            ("collapse_single_pages", Some(p)) => {
                p.collapse_single_pages = boolean(ctx, "collapse_single_pages", v, false);
            }
            (k @ ("order" | "sort_type" | "order_by" | "ignore_case"), Some(p)) => {
                super::mkdocs_awesome::pages_sort(ctx, k, v, &mut p.sort);
            }
            (other, _) => notes.push(format!(
                "{}: the {name} plugin's `{other}` is not read by opsbook",
                ctx.file
            )),
        }
    }
    Some(out)
}

/// What `Found::finish` hands to `MkDocs`.
pub(super) struct Finished {
    pub(super) snippets: Option<Snippets>,
    pub(super) macros: Option<Macros>,
    /// The macros plugin's own Jinja markers (then `macros` is `None`).
    pub(super) markers: Vec<String>,
    pub(super) md_include: Option<MdInclude>,
    pub(super) toc_slug: TocSlug,
    pub(super) exclude: Exclude,
    pub(super) literate_nav: Option<LiterateNav>,
    pub(super) gen_files: bool,
    pub(super) attr_list: bool,
    pub(super) superfences: bool,
    pub(super) marks: InlineMarks,
    pub(super) awesome_nav: Option<AwesomeNav>,
}

/// pymdown-extensions' inline marks that `markdown_extensions` lists, which pages then
/// show as MkDocs does (`parse/markdown/marks.rs`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct InlineMarks {
    /// `pymdownx.mark`: `==text==` is `<mark>`.
    pub(crate) mark: bool,
    /// `pymdownx.caret`: `^^text^^` is `<ins>`.
    pub(crate) caret: bool,
    /// `pymdownx.keys`: `++ctrl+alt+del++` are keys (`<kbd>`).
    pub(crate) keys: bool,
}

/// `toc`'s `slugify`: `!!python/name:pymdownx.slugs.uslugify`,
/// `!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}` or
/// `markdown.extensions.toc.slugify_unicode`. Another function (a project's own) is
/// noted, and headings keep the default ids.
fn toc_slug(
    ctx: &mut Ctx<'_, '_>,
    key: &Spanned<String>,
    v: &Spanned<Raw>,
    notes: &mut Vec<String>,
) -> TocSlug {
    // A tagged value's own place is its end: the note points at the key.
    let (line, col) = super::mkdocs::place(key.referenced);
    let (name, args) = match &v.value {
        Raw::Python(tag, args) => match tag.split_once(':') {
            Some((_, name)) => (name.to_string(), Some(args.as_ref())),
            None => (tag.clone(), None),
        },
        Raw::Str(name) => (name.clone(), None),
        _ => (String::new(), None),
    };
    let pymdownx = |case, form| TocSlug::Pymdownx { case, form };
    match name.trim() {
        "markdown.extensions.toc.slugify" => TocSlug::Ascii,
        "markdown.extensions.toc.slugify_unicode" => TocSlug::Unicode,
        "pymdownx.slugs.uslugify" | "pymdownx.slugs.uslugify_encoded" | "pymdownx.slugs.gfm" => {
            pymdownx(SlugCase::Lower, SlugForm::Nfc)
        }
        "pymdownx.slugs.uslugify_cased" | "pymdownx.slugs.uslugify_cased_encoded" => {
            pymdownx(SlugCase::Kept, SlugForm::Nfc)
        }
        "pymdownx.slugs.slugify" => slugify_kwds(ctx, args, notes),
        other => {
            notes.push(format!(
                "{}:{line}:{col}: `toc`'s `slugify` names `{other}`, which opsbook does not run: headings keep Python-Markdown's default ids",
                ctx.file
            ));
            TocSlug::Ascii
        }
    }
}

/// `pymdownx.slugs.slugify`'s `kwds` (`case`, `normalize`; `percent_encode` changes
/// only how the id is written in links, which opsbook reads decoded).
fn slugify_kwds(ctx: &mut Ctx<'_, '_>, args: Option<&Raw>, notes: &mut Vec<String>) -> TocSlug {
    let mut case = SlugCase::Kept;
    let mut form = SlugForm::Nfc;
    let kwds = match args {
        Some(Raw::Map(pairs)) => pairs
            .iter()
            .find(|(k, _)| k.value == "kwds")
            .map(|(_, v)| v),
        _ => None,
    };
    for (key, v) in kwds.map_or(&[][..], pairs) {
        let value = match &v.value {
            Raw::Str(s) => s.as_str(),
            _ => "",
        };
        match (key.value.as_str(), value) {
            ("case", "none") => case = SlugCase::Kept,
            ("case", "lower" | "fold") => case = SlugCase::Lower,
            ("case", "lower-ascii") => case = SlugCase::LowerAscii,
            ("normalize", "NFC") => form = SlugForm::Nfc,
            ("normalize", "NFD") => form = SlugForm::Nfd,
            ("normalize", "NFKC") => form = SlugForm::Nfkc,
            ("normalize", "NFKD") => form = SlugForm::Nfkd,
            ("percent_encode", _) => {}
            (k, _) => {
                let (line, col) = super::mkdocs::place(v.referenced);
                notes.push(format!(
                    "{}:{line}:{col}: `pymdownx.slugs.slugify`'s `{k}: {value}` is not read by opsbook",
                    ctx.file
                ));
            }
        }
    }
    TocSlug::Pymdownx { case, form }
}

/// `pymdownx.snippets`' options.
fn snippets(ctx: &mut Ctx<'_, '_>, options: &Spanned<Raw>, notes: &mut Vec<String>) -> Snippets {
    let mut out = Snippets {
        base_path: vec![String::new()],
        check_paths: false,
        auto_append: Vec::new(),
        restrict_base_path: true,
        dedent_subsections: false,
        url_download: false,
        url_request_headers: false,
    };
    for (key, v) in pairs(options) {
        match key.value.as_str() {
            "base_path" => {
                out.base_path = strings(ctx, "base_path", v)
                    .iter()
                    .map(|d| plain_dir(d))
                    .collect()
            }
            "check_paths" => out.check_paths = boolean(ctx, "check_paths", v, false),
            "restrict_base_path" => {
                out.restrict_base_path = boolean(ctx, "restrict_base_path", v, true)
            }
            "auto_append" => out.auto_append = strings(ctx, "auto_append", v),
            "dedent_subsections" => {
                out.dedent_subsections = boolean(ctx, "dedent_subsections", v, false);
            }
            "url_download" => out.url_download = boolean(ctx, "url_download", v, false),
            "url_request_headers" => out.url_request_headers = !pairs(v).is_empty(),
            // Only how a download is made; opsbook makes none.
            "url_max_size" | "url_timeout" => {}
            other => notes.push(format!(
                "{}: `pymdownx.snippets` option `{other}` is not read by opsbook",
                ctx.file
            )),
        }
    }
    out
}

/// `markdown_include.include`'s options: `base_path` is read; the others (`encoding`,
/// `inheritHeadingDepth`, `headingOffset`, `throwException`) are noted.
fn md_include(ctx: &mut Ctx<'_, '_>, options: &Spanned<Raw>, notes: &mut Vec<String>) -> MdInclude {
    let mut out = MdInclude {
        base_path: String::new(),
    };
    for (key, v) in pairs(options) {
        match key.value.as_str() {
            "base_path" => {
                if let Some(d) = ctx.string("base_path", v) {
                    out.base_path = plain_dir(&d);
                }
            }
            other => notes.push(format!(
                "{}: `markdown_include.include` option `{other}` is not read by opsbook",
                ctx.file
            )),
        }
    }
    out
}

/// A folder from the book root as paths are written: `docs/` and `./docs` → `docs`,
/// `.` → `""`.
fn plain_dir(dir: &str) -> String {
    let d = dir.trim_end_matches('/');
    let d = d.strip_prefix("./").unwrap_or(d);
    if d == "." {
        String::new()
    } else {
        d.to_string()
    }
}

/// Text, or a list of texts; anything else is an error.
fn strings(ctx: &mut Ctx<'_, '_>, key: &str, v: &Spanned<Raw>) -> Vec<String> {
    match &v.value {
        Raw::Seq(items) => items.iter().filter_map(|i| ctx.string(key, i)).collect(),
        _ => ctx.string(key, v).into_iter().collect(),
    }
}

pub(super) fn boolean(ctx: &mut Ctx<'_, '_>, key: &str, v: &Spanned<Raw>, default: bool) -> bool {
    match v.value {
        Raw::Bool(b) => b,
        _ => {
            let message = format!(
                "wrong type for `{key}`: expected true or false, found {}",
                v.value.kind()
            );
            ctx.error(v.referenced, message, "write `true` or `false`");
            default
        }
    }
}

/// `(name, options)` of a list of `name` / `name: {options}` entries, or of a mapping.
fn entries(value: &Spanned<Raw>) -> Vec<(String, &Spanned<Raw>)> {
    match &value.value {
        Raw::Seq(items) => items
            .iter()
            .filter_map(|item| match &item.value {
                Raw::Str(name) => Some((name.clone(), item)),
                Raw::Map(pairs) if pairs.len() == 1 => {
                    Some((pairs[0].0.value.clone(), &pairs[0].1))
                }
                _ => None,
            })
            .collect(),
        Raw::Map(pairs) => pairs.iter().map(|(k, v)| (k.value.clone(), v)).collect(),
        _ => Vec::new(),
    }
}

/// The pairs of a mapping; nothing for anything else (an extension named alone).
fn pairs(options: &Spanned<Raw>) -> &[(Spanned<String>, Spanned<Raw>)] {
    match &options.value {
        Raw::Map(pairs) => pairs,
        _ => &[],
    }
}

/// `raw` as the plain data Jinja reads: a number stays a number (`2_05_00` is YAML
/// 1.1's 20500, as MkDocs reads it); `None` for a tagged value.
fn json(raw: &Raw) -> Option<serde_json::Value> {
    use serde_json::Value;
    Some(match raw {
        Raw::Str(s) => Value::String(s.clone()),
        Raw::Number(n) => n
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| n.parse::<f64>().ok().map(Value::from))
            .unwrap_or_else(|| Value::String(n.clone())),
        Raw::Bool(b) => Value::Bool(*b),
        Raw::Seq(items) => Value::Array(items.iter().filter_map(|v| json(&v.value)).collect()),
        Raw::Map(pairs) => Value::Object(
            pairs
                .iter()
                .filter_map(|(k, v)| Some((k.value.clone(), json(&v.value)?)))
                .collect(),
        ),
        Raw::Tagged | Raw::Python(..) => return None,
        Raw::Other => Value::Null,
    })
}

/// A gitignore-style setting: its text (or a list of lines); a pattern that cannot be
/// read is an error at the key.
pub(super) fn patterns(ctx: &mut Ctx<'_, '_>, key: &str, v: &Spanned<Raw>) -> PathSpec {
    let text = strings(ctx, key, v).join("\n");
    let (spec, bad) = PathSpec::parse(&text);
    for (_, line) in bad {
        let message = format!("`{key}` has a pattern that cannot be read: `{line}`");
        ctx.error(
            v.referenced,
            message,
            "write gitignore-style patterns, one a line",
        );
    }
    spec
}

/// `child` merged over `parent`, as MkDocs merges an `INHERIT`ed file: two mappings key
/// by key (recursively), anything else the child's.
pub(super) fn merge(parent: Spanned<Raw>, child: Spanned<Raw>) -> Spanned<Raw> {
    let (Raw::Map(mut base), Raw::Map(over)) = (parent.value, child.value.clone()) else {
        return child;
    };
    for (k, v) in over {
        match base.iter().position(|(bk, _)| bk.value == k.value) {
            Some(i) => {
                let old = base.remove(i).1;
                base.insert(i, (k, merge(old, v)));
            }
            None => base.push((k, v)),
        }
    }
    Spanned::new(Raw::Map(base), child.referenced, child.defined)
}

#[cfg(test)]
mod tests {
    use crate::base::diag::Diagnostics;
    use crate::base::path::RelPath;
    use crate::config::mkdocs::{parse, parse_inherited};

    fn problems(diags: &Diagnostics) -> Vec<String> {
        diags.placed()
    }

    #[test]
    fn reads_snippets_macros_extra_and_patterns() {
        let mut diags = Diagnostics::new();
        let text = "markdown_extensions:\n  - admonition\n  - pymdownx.snippets:\n      base_path: [docs/, .]\n      check_paths: true\n      auto_append: [abbr.md]\nplugins:\n  - search\n  - macros:\n      include_dir: docs/snippets\nextra:\n  version: 1.2\n  links:\n    chat: https://chat\n  beta: false\n  list: [a]\nexclude_docs: |\n  drafts/\n  *.tmp.md\nnot_in_nav: |\n  /hidden.md\n";
        let mk = parse(text, &RelPath::new("mkdocs.yml"), &mut diags);
        assert_eq!(problems(&diags), Vec::<String>::new());
        let sn = mk.snippets.clone().expect("snippets");
        assert_eq!(sn.base_path, ["docs", ""]);
        assert!(sn.check_paths && sn.restrict_base_path);
        assert_eq!(sn.auto_append, ["abbr.md"]);
        let m = mk.macros.clone().expect("macros");
        assert_eq!(m.include_dir, "docs/snippets");
        assert_eq!(
            serde_json::to_string(&m.variables).unwrap(),
            r#"{"beta":false,"links":{"chat":"https://chat"},"list":["a"],"version":1.2}"#
        );
        assert_eq!(mk.excluded("drafts/a.md"), Some("exclude_docs"));
        assert_eq!(mk.excluded("x.tmp.md"), Some("exclude_docs"));
        assert_eq!(mk.excluded("a.md"), None);
        assert_eq!(mk.excluded("templates/main.html"), Some("exclude_docs"));
        assert_eq!(mk.excluded("a/.hidden.md"), Some("exclude_docs"));
        assert!(mk.not_in_nav.matches("hidden.md") && !mk.not_in_nav.matches("a/hidden.md"));
        assert_eq!(mk.unused, Vec::<String>::new());
    }

    #[test]
    fn the_exclude_plugin_leaves_out_what_its_globs_and_regexes_match() {
        let mut diags = Diagnostics::new();
        // rook's mkdocs.yml: the README and the Helm charts' doc templates.
        let text = "plugins:\n  - search\n  - exclude:\n      glob:\n        - README.md\n        - \"*.gotmpl\"\n        - \"*.gotmpl.md\"\n        - \"draft[0-9].md\"\n      regex:\n        - '.*\\.(tmp|bak)$'\n";
        let mk = parse(text, &RelPath::new("mkdocs.yml"), &mut diags);
        assert_eq!(problems(&diags), Vec::<String>::new());
        let out = |rel| mk.excluded(rel);
        assert_eq!(out("README.md"), Some("plugins: exclude"));
        assert_eq!(out("Getting-Started/README.md"), None);
        // `*` crosses folders, as Python's `fnmatch` reads it.
        assert_eq!(
            out("Helm-Charts/ceph-cluster-chart.gotmpl.md"),
            Some("plugins: exclude")
        );
        assert_eq!(out("draft1.md"), Some("plugins: exclude"));
        assert_eq!(out("draftx.md"), None);
        assert_eq!(out("notes/a.tmp"), Some("plugins: exclude"));
        assert_eq!(out("a.md"), None);
        assert_eq!(mk.unused, Vec::<String>::new());
        let bad = "plugins:\n  - exclude:\n      regex: ['(']\n";
        let mut diags = Diagnostics::new();
        parse(bad, &RelPath::new("mkdocs.yml"), &mut diags);
        assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 1);
    }

    #[test]
    fn macros_without_include_dir_read_the_pages_folder_and_bad_options_are_errors() {
        let mut diags = Diagnostics::new();
        let text = "docs_dir: pages\nplugins: {macros: {}}\nmarkdown_extensions:\n  pymdownx.snippets:\n    check_paths: yes\n";
        let mk = parse(text, &RelPath::new("mkdocs.yml"), &mut diags);
        assert_eq!(mk.macros.expect("macros").include_dir, "pages");
        assert_eq!(
            problems(&diags),
            ["mkdocs.yml:5:18: wrong type for `check_paths`: expected true or false, found text"]
        );
    }

    #[test]
    fn inherit_merges_mappings_and_replaces_the_rest() {
        let parent = "site_name: Base\ndocs_dir: ../../docs\nnav:\n  - a.md\nextra:\n  a: 1\n  deep: {x: 1, y: 2}\nmarkdown_extensions:\n  - pymdownx.snippets\n";
        let child =
            "INHERIT: base/common.yml\ndocs_dir: docs\nextra:\n  deep: {y: 3}\nplugins: [macros]\n";
        let mut read = |p: &RelPath| (p.as_str() == "base/common.yml").then(|| parent.to_string());
        let mut diags = Diagnostics::new();
        let mk = parse_inherited(child, &RelPath::new("mkdocs.yml"), &mut read, &mut diags);
        assert_eq!(problems(&diags), Vec::<String>::new());
        assert_eq!(mk.site_name.as_deref(), Some("Base"));
        assert_eq!(mk.docs_dir, "docs");
        assert!(mk.snippets.is_some());
        assert_eq!(
            mk.file.as_str(),
            "base/common.yml",
            "nav comes from the parent"
        );
        let vars: Vec<String> = mk
            .macros
            .expect("macros")
            .variables
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(vars, ["a=1", r#"deep={"x":1,"y":3}"#]);
    }

    #[test]
    fn extra_reads_env_defaults_and_yaml_1_1_numbers() {
        let mut diags = Diagnostics::new();
        let text = "plugins: [macros]\nextra:\n  chunky: !ENV [CHUNKY_VERSION, 2_05_00]\n  name: !ENV NAME\n  list: [a, !ENV [X, b]]\n";
        let mk = parse(text, &RelPath::new("mkdocs.yml"), &mut diags);
        assert_eq!(problems(&diags), Vec::<String>::new());
        assert_eq!(
            serde_json::to_string(&mk.macros.expect("macros").variables).unwrap(),
            r#"{"chunky":20500,"list":["a","b"]}"#
        );
    }

    #[test]
    fn reads_tocs_slugify_in_each_way_it_is_written() {
        use super::{SlugCase, SlugForm, TocSlug};
        let slug = |options: &str| {
            let text = format!(
                "markdown_extensions:\n  - toc:\n      permalink: true\n      slugify: {options}\n"
            );
            let mut diags = Diagnostics::new();
            let mk = parse(&text, &RelPath::new("mkdocs.yml"), &mut diags);
            assert_eq!(problems(&diags), Vec::<String>::new());
            (mk.toc_slug, mk.unused)
        };
        let lower = TocSlug::Pymdownx {
            case: SlugCase::Lower,
            form: SlugForm::Nfc,
        };
        assert_eq!(slug("!!python/name:pymdownx.slugs.uslugify").0, lower);
        assert_eq!(
            slug("!!python/name:pymdownx.slugs.uslugify_cased").0,
            TocSlug::Pymdownx {
                case: SlugCase::Kept,
                form: SlugForm::Nfc
            }
        );
        assert_eq!(
            slug("!!python/name:markdown.extensions.toc.slugify_unicode").0,
            TocSlug::Unicode
        );
        assert_eq!(
            slug(
                "!!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower"
            )
            .0,
            lower
        );
        assert_eq!(
            slug("!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower-ascii, normalize: NFKD}}").0,
            TocSlug::Pymdownx {
                case: SlugCase::LowerAscii,
                form: SlugForm::Nfkd
            }
        );
        let (own, notes) = slug("!!python/name:my_hooks.slug");
        assert_eq!(own, TocSlug::Ascii);
        assert_eq!(
            notes,
            [
                "mkdocs.yml:4:7: `toc`'s `slugify` names `my_hooks.slug`, which opsbook does not run: headings keep Python-Markdown's default ids"
            ]
        );
        let mut diags = Diagnostics::new();
        let mk = parse(
            "markdown_extensions: [toc]\n",
            &RelPath::new("mkdocs.yml"),
            &mut diags,
        );
        assert_eq!(mk.toc_slug, TocSlug::Ascii);
    }

    #[test]
    fn a_missing_parent_is_an_error_at_inherit() {
        let mut diags = Diagnostics::new();
        let mk = parse(
            "site_name: A\nINHERIT: ../nope.yml\n",
            &RelPath::new("mkdocs.yml"),
            &mut diags,
        );
        assert_eq!(mk.site_name.as_deref(), Some("A"));
        assert_eq!(
            problems(&diags),
            ["mkdocs.yml:2:10: `INHERIT` names `../nope.yml`, which does not exist"]
        );
    }
}
