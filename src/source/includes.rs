//! Directives that put a file's text in a page: mdBook's `{{#include}}`,
//! `{{#rustdoc_include}}` and `{{#playground}}` (with `{{#title}}` and escapes), and an
//! MkDocs book's `pymdownx.snippets` (`--8<-- "file"`, the block form, `;--8<--`) and
//! mkdocs-macros `{% include 'file' %}` and `markdown_include`'s `{!file!}`, each read only when the book's tool has it
//! (`Dialect`). The one lexer of their syntax (`directives`), where each looks for its
//! file (`Directive::candidates`), and the stage-2 read of the files they name, so that
//! stage 3 expands them without touching the disk (`parse/include.rs`). A file may be
//! included from anywhere inside the repository that holds the book (the nearest folder
//! above with `.git`), or inside the book folder when it is in none; nothing outside is
//! read.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::base::fsio;
use crate::config::Config;
use crate::config::mkdocs_ext::{Macros, MdInclude, Snippets};

/// The files named by the book's include directives, read in stage 2.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Includes {
    /// Path relative to the book root (`../examples/a.rs` when above it) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// How many folders above the book root an include may reach (the repository's
    /// root); 0 when the book is not in a git repository.
    pub reach: usize,
    /// A Hugo site's pages (`content/…/x.md`), sorted: the files its `{{< ref >}}`
    /// shortcodes may name (`parse/shortcodes.rs`). Empty for other books.
    pub pages: Vec<String>,
    /// A Hugo site's other content files (`content/…/img/x.svg`), sorted: a link
    /// Hugo reads from its page's URL may name one (`parse/markdown/links.rs`).
    pub hugo_files: Vec<String>,
}

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Include,
    RustdocInclude,
    Playground,
    Title,
    /// `\{{#…}}`: written out without the backslash.
    Escaped,
    /// Any other `{{#name …}}` (`{{#toc}}` of a handlebars example): left as written.
    Other,
    /// `--8<-- "file"`, or one file line of a `--8<--` block.
    Snippet,
    /// `{% include 'file' %}` of mkdocs-macros.
    Macro,
    /// `{!file!}` of the `markdown_include` extension.
    MdInclude,
    /// Text that is left out: a snippet block's markers, a commented-out (`;file`) or
    /// empty line of a block, an inline snippet inside a block.
    Drop,
}

/// The include syntaxes of a book's pages, and where their files are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect<'a> {
    /// mdBook: `{{#include}}` and friends, from the including file's folder.
    MdBook,
    /// MkDocs with `pymdownx.snippets`, the `macros` plugin and/or `markdown_include`.
    MkDocs {
        snippets: Option<&'a Snippets>,
        macros: Option<&'a Macros>,
        md_include: Option<&'a MdInclude>,
    },
}

impl<'a> Dialect<'a> {
    /// The syntax of `cfg`'s book; `None`: its pages include nothing.
    pub(crate) fn of(cfg: &'a Config) -> Option<Dialect<'a>> {
        if cfg.mdbook.is_some() {
            return Some(Dialect::MdBook);
        }
        let mk = cfg.mkdocs.as_ref()?;
        (mk.snippets.is_some() || mk.macros.is_some() || mk.md_include.is_some()).then_some(
            Dialect::MkDocs {
                snippets: mk.snippets.as_ref(),
                macros: mk.macros.as_ref(),
                md_include: mk.md_include.as_ref(),
            },
        )
    }

    /// `text` with `auto_append`'s snippets added at its end, as the extension adds
    /// them (a block of them after a blank line).
    pub(crate) fn appended<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        match self {
            Dialect::MkDocs {
                snippets: Some(s), ..
            } if !s.auto_append.is_empty() => {
                let mut out = text.to_string();
                out.push_str(&format!("\n\n-8<-\n{}\n-8<-\n", s.auto_append.join("\n\n")));
                std::borrow::Cow::Owned(out)
            }
            _ => std::borrow::Cow::Borrowed(text),
        }
    }

    /// Whether `text` may hold a directive (a quick look before the lexer).
    fn may_hold(&self, text: &str) -> bool {
        match self {
            Dialect::MdBook => text.contains("{{"),
            Dialect::MkDocs {
                snippets,
                macros,
                md_include,
            } => {
                (snippets.is_some() && text.contains("8<"))
                    || (macros.is_some() && text.contains("{%"))
                    || (md_include.is_some() && text.contains("{!"))
            }
        }
    }
}

/// One directive in a text: its byte range, kind and argument (`file.rs:2:10 editable`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    pub(crate) arg: &'a str,
    /// The file it names (`a/b.rs` of `a/b.rs:2:10 editable`); `""` for no file.
    pub(crate) file: &'a str,
    /// What of the file: lines or an anchor/section (`2:10`, `main`), after the `:`.
    pub(crate) spec: Option<&'a str>,
    /// Put before each included line: a snippet's own indentation.
    pub(crate) indent: &'a str,
}

impl<'a> Directive<'a> {
    fn new(start: usize, end: usize, kind: Kind, arg: &'a str) -> Directive<'a> {
        Directive {
            start,
            end,
            kind,
            arg,
            file: "",
            spec: None,
            indent: "",
        }
    }

    pub(crate) fn reads_a_file(&self) -> bool {
        matches!(
            self.kind,
            Kind::Include
                | Kind::RustdocInclude
                | Kind::Playground
                | Kind::Snippet
                | Kind::Macro
                | Kind::MdInclude
        )
    }

    /// Where the file may be, in order, as `normalize` gives them; `dir` is the folder
    /// of the file that holds the directive (mdBook's paths start there; a snippet's
    /// start at each `base_path`, a macro include's at `include_dir`, a `{!file!}`'s at
    /// `markdown_include`'s `base_path`).
    pub(crate) fn candidates(&self, dir: &str, dialect: Dialect<'_>) -> Vec<(usize, String)> {
        let (snippets, macros, md_include) = match dialect {
            Dialect::MdBook => (None, None, None),
            Dialect::MkDocs {
                snippets,
                macros,
                md_include,
            } => (snippets, macros, md_include),
        };
        match self.kind {
            Kind::Snippet => snippets.map_or_else(Vec::new, |s| {
                s.base_path
                    .iter()
                    .flat_map(|base| snippet_candidates(base, self.file, s.restrict_base_path))
                    .collect()
            }),
            Kind::Macro => macros
                .and_then(|m| below(&m.include_dir, self.file))
                .into_iter()
                .collect(),
            Kind::MdInclude => md_include
                .and_then(|m| normalize(&m.base_path, self.file))
                .into_iter()
                .collect(),
            _ => normalize(dir, self.file).into_iter().collect(),
        }
    }
}

/// Where a snippet `file` may be for one `base` path: below it (when `restrict`, only
/// if it stays below), or `base` itself when it is a file of that name.
fn snippet_candidates(base: &str, file: &str, restrict: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let inside = if restrict {
        below(base, file)
    } else {
        normalize(base, file)
    };
    out.extend(inside);
    let parent = base.rsplit_once('/').map_or("", |(d, _)| d);
    let own = normalize("", base);
    if let Some(same) = normalize(parent, file).filter(|p| own.as_ref() == Some(p)) {
        out.push(same);
    }
    out
}

/// `dir/file` made plain, when it stays below `dir` (no `..` climbs out of it).
fn below(dir: &str, file: &str) -> Option<(usize, String)> {
    let (up, rel) = normalize("", file)?;
    if up > 0 || rel.is_empty() {
        return None;
    }
    normalize(dir, file)
}

/// mdBook's pattern (`crates/mdbook-driver/src/builtin_preprocessors/links.rs`): an
/// escaped directive to the end of its line's last `}}`, or `{{#name arg}}`.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\\{\{\#.*\}\}|\{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}")
        .expect("invariant: the directive pattern is valid")
});

/// Every directive of `text` in `dialect`, in order.
pub(crate) fn directives<'a>(text: &'a str, dialect: Dialect<'_>) -> Vec<Directive<'a>> {
    if !dialect.may_hold(text) {
        return Vec::new();
    }
    match dialect {
        Dialect::MdBook => mdbook_directives(text),
        Dialect::MkDocs {
            snippets,
            macros,
            md_include,
        } => {
            let mut all = Vec::new();
            if macros.is_some() {
                all.extend(macro_directives(text));
            }
            if md_include.is_some() {
                all.extend(md_include_directives(text));
            }
            if snippets.is_some() {
                all.extend(snippet_directives(text));
            }
            all.sort_by_key(|d| d.start);
            let mut end = 0;
            all.retain(|d| {
                let keep = d.start >= end;
                end = end.max(d.end);
                keep
            });
            all
        }
    }
}

fn mdbook_directives(text: &str) -> Vec<Directive<'_>> {
    DIRECTIVE
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let (kind, arg) = match (c.get(1), c.get(2)) {
                (Some(name), Some(arg)) => {
                    let kind = match name.as_str() {
                        "include" => Kind::Include,
                        "rustdoc_include" => Kind::RustdocInclude,
                        "playground" | "playpen" => Kind::Playground,
                        "title" => Kind::Title,
                        _ => Kind::Other,
                    };
                    (kind, arg.as_str().trim())
                }
                _ => (Kind::Escaped, ""),
            };
            let mut d = Directive::new(all.start(), all.end(), kind, arg);
            let first = arg.split_whitespace().next().unwrap_or("");
            (d.file, d.spec) = match first.split_once(':') {
                Some((f, spec)) => (f, Some(spec)),
                None => (first, None),
            };
            Some(d)
        })
        .collect()
}

/// Any `{{#name …}}` (also `{{#name}}` and names with `-`, which mdBook's own pattern
/// does not take): group 1 is the `\` of an escaped one, group 2 the name.
static PREPROCESSOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\\)?\{\{\s*\#([a-zA-Z0-9_][a-zA-Z0-9_-]*)(?:\s[^}]*)?\}\}")
        .expect("invariant: the preprocessor pattern is valid")
});

/// The directive names an mdBook page's readers act on: mdBook's `links` preprocessor
/// (here) and the `tabulate` tabs (`parse/markdown/tabs.rs`).
const RUN_DIRECTIVES: [&str; 7] = [
    "include",
    "rustdoc_include",
    "playground",
    "playpen",
    "title",
    "tabs",
    "tab",
];

/// The `{{#name …}}` directives of an mdBook page that opsbook does not run (another
/// preprocessor's: `{{#releaselink …}}`, `{{#embed-github …}}`), as (byte range, name),
/// in order; they stay in the page as written.
pub(crate) fn foreign_directives(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    if !text.contains("{{") {
        return Vec::new();
    }
    PREPROCESSOR
        .captures_iter(text)
        .filter(|c| c.get(1).is_none())
        .filter_map(|c| Some((c.get(0)?.range(), c.get(2)?.as_str())))
        .filter(|(_, name)| !RUN_DIRECTIVES.contains(name))
        .collect()
}

/// mkdocs-macros' `{% include 'file' %}` (Jinja's, with `-` trims), outside
/// `{% raw %}…{% endraw %}`.
static MACRO_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*include\s+(?:"([^"\n]+)"|'([^'\n]+)')(?:\s+ignore missing)?(?:\s+(?:with|without) context)?\s*-?%\}"#)
        .expect("invariant: the macro include pattern is valid")
});

fn macro_directives(text: &str) -> Vec<Directive<'_>> {
    let raw = raw_spans(text);
    MACRO_INCLUDE
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            if raw.iter().any(|r| r.contains(&all.start())) {
                return None;
            }
            let file = c.get(1).or(c.get(2))?.as_str();
            let mut d = Directive::new(all.start(), all.end(), Kind::Macro, file);
            d.file = file.trim();
            Some(d)
        })
        .collect()
}

/// `markdown_include`'s `{!file!}` and `{!file!lines=1 3 8-10}` (its `INC_SYNTAX`), on
/// one line, anywhere: the extension reads code blocks too.
static MD_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{!\s*([^\n]+?)\s*!(?:\blines\b=([0-9 -]+))?\}")
        .expect("invariant: the include pattern is valid")
});

fn md_include_directives(text: &str) -> Vec<Directive<'_>> {
    MD_INCLUDE
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let file = c.get(1)?.as_str();
            let mut d = Directive::new(all.start(), all.end(), Kind::MdInclude, file);
            d.file = file;
            d.spec = c.get(2).map(|m| m.as_str());
            Some(d)
        })
        .collect()
}

/// The byte ranges of `{% raw %}…{% endraw %}` blocks (tags included); an unclosed one
/// runs to the end, as Jinja reads it.
pub(crate) fn raw_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    static RAW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{%-?\s*(raw|endraw)\s*-?%\}").expect("invariant: the raw pattern is valid")
    });
    let mut out = Vec::new();
    let mut open = None;
    for c in RAW.captures_iter(text) {
        let (Some(all), Some(word)) = (c.get(0), c.get(1)) else {
            continue;
        };
        match (word.as_str(), open) {
            ("raw", None) => open = Some(all.start()),
            ("endraw", Some(start)) => {
                out.push(start..all.end());
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(start..text.len());
    }
    out
}

/// A snippet line: indentation, `;` escapes, then `--8<-- "file"` or a block's `--8<--`
/// alone on the line (`pymdownx/snippets.py`'s `RE_ALL_SNIPPETS`).
static SNIPPET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^([ \t]*)(;*)(?:(-+8<-+[ \t]+)("(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?')|-+8<-+)\r?$"#,
    )
    .expect("invariant: the snippet pattern is valid")
});

/// A snippet's file and what of it: `file.md:3:7`, `file.md::7`, `file.md:-3`,
/// `file.md:1:3,5:7`, `file.md:name` (`pymdownx/snippets.py`'s `RE_SNIPPET_FILE`,
/// whose lookahead `snippet` checks: no `,` may end a range list or follow another).
static SNIPPET_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.*?)((?::-?[0-9]*){1,2}(?:,-?[0-9]*(?::-?[0-9]*)?)*|:[a-z][-_0-9a-z]*)?$")
        .expect("invariant: the snippet file pattern is valid")
});

/// The snippets of `text`, line by line as the extension reads them (see `Kind::Drop`).
fn snippet_directives(text: &str) -> Vec<Directive<'_>> {
    let mut out = Vec::new();
    let mut block = false;
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let next = (end + 1).min(text.len());
        let line = &text[start..end];
        let whole_line = Directive::new(start, next, Kind::Drop, "");
        match SNIPPET.captures(line) {
            Some(c) if !c[2].is_empty() => {
                let lead = c.get(1).map_or(0, |m| m.len());
                out.push(Directive::new(start + lead, end, Kind::Escaped, ""));
            }
            Some(c) if c.get(3).is_some() => {
                if block {
                    out.push(whole_line);
                } else {
                    let quoted = c.get(4).map_or("", |m| m.as_str());
                    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or("");
                    let indent = c.get(1).map_or("", |m| m.as_str());
                    out.push(snippet(start, end, inner.trim(), indent));
                }
            }
            Some(_) => {
                block = !block;
                out.push(whole_line);
            }
            None if block => {
                let body = line.trim_end_matches('\r');
                let path = body.trim();
                let indent = &body[..body.len() - body.trim_start().len()];
                if path.is_empty() {
                    out.push(Directive::new(start, end, Kind::Drop, ""));
                } else if path.starts_with(';') {
                    out.push(whole_line);
                } else {
                    out.push(snippet(start, end, path, indent));
                }
            }
            None => {}
        }
        start = next;
    }
    out
}

fn snippet<'a>(start: usize, end: usize, path: &'a str, indent: &'a str) -> Directive<'a> {
    let mut d = Directive::new(start, end, Kind::Snippet, path);
    d.indent = indent;
    d.file = path;
    if let Some(c) = SNIPPET_FILE.captures(path) {
        let spec = c.get(2).map(|m| &m.as_str()[1..]);
        // The extension's pattern wants a number or `:` after each `,`: otherwise the
        // whole text is the file's name.
        if !spec.is_some_and(|s| s.ends_with(',') || s.contains(",,")) {
            d.file = c.get(1).map_or(path, |m| m.as_str()).trim();
            d.spec = spec;
        }
    }
    d
}

/// `base/rel` made plain, relative to the book root: `(levels above the root, path)`;
/// `../x` from `src` is `(0, "x")`, `../../x` from `src` is `(1, "../x")`. `None` for
/// an absolute path.
pub(crate) fn normalize(base: &str, rel: &str) -> Option<(usize, String)> {
    if rel.starts_with('/') {
        return None;
    }
    let mut up = 0usize;
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    up += 1;
                }
            }
            p => parts.push(p),
        }
    }
    let mut path = "../".repeat(up);
    path.push_str(&parts.join("/"));
    Some((up, path))
}

/// Directives read at most this deep (an included file that includes another…).
pub(crate) const MAX_DEPTH: usize = 10;

/// Reads every file the directives (in `dialect`) of `pages` (path relative to the book
/// root, text) name, and those named by included files, up to `MAX_DEPTH`. A file
/// that cannot be read is left out: stage 3 reports it at the directive.
pub(crate) fn read(root: &Path, pages: &[(String, String)], dialect: Dialect<'_>) -> Includes {
    let reach = repository_reach(root);
    let boundary = root
        .canonicalize()
        .ok()
        .and_then(|r| r.ancestors().nth(reach).map(Path::to_path_buf));
    let mut includes = Includes {
        files: BTreeMap::new(),
        reach,
        pages: Vec::new(),
        hugo_files: Vec::new(),
    };
    let Some(boundary) = boundary else {
        return includes;
    };
    let mut todo: Vec<(String, String, usize)> = pages
        .iter()
        .map(|(p, t)| (p.clone(), dialect.appended(t).into_owned(), 0))
        .collect();
    while let Some((path, text, depth)) = todo.pop() {
        let base = path.rsplit_once('/').map_or("", |(d, _)| d);
        for d in directives(&text, dialect)
            .iter()
            .filter(|d| d.reads_a_file())
        {
            for (up, target) in d.candidates(base, dialect) {
                if includes.files.contains_key(&target) {
                    break;
                }
                if up > reach {
                    continue;
                }
                let full = root.join(&target);
                let inside = full.canonicalize().is_ok_and(|f| f.starts_with(&boundary));
                if !inside || !full.is_file() {
                    continue;
                }
                let Ok(bytes) = fsio::read(&full) else {
                    continue;
                };
                if depth + 1 < MAX_DEPTH
                    && let Ok(text) = std::str::from_utf8(&bytes)
                {
                    todo.push((target.clone(), text.to_string(), depth + 1));
                }
                includes.files.insert(target, bytes);
                break;
            }
        }
    }
    includes
}

/// How many folders above `root` the repository's root is (the nearest with `.git`).
fn repository_reach(root: &Path) -> usize {
    crate::base::fsio::repository_prefix(root)
        .split('/')
        .filter(|s| !s.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_kinds_arguments_and_escapes() {
        let text = "a {{#include x.rs:2:10}} b \\{{#include y.rs}} c\n{{ #title My page }} {{#toc}}{{/toc}}";
        let found: Vec<(Kind, &str)> = directives(text, Dialect::MdBook)
            .iter()
            .map(|d| (d.kind, d.arg))
            .collect();
        assert_eq!(
            found,
            [
                (Kind::Include, "x.rs:2:10"),
                (Kind::Escaped, ""),
                (Kind::Title, "My page"),
            ]
        );
        assert_eq!(
            directives("{{#playground a.rs editable}}", Dialect::MdBook)[0].file,
            "a.rs"
        );
    }

    #[test]
    fn paths_are_made_plain_from_the_book_root() {
        assert_eq!(normalize("src/a", "../b.md"), Some((0, "src/b.md".into())));
        assert_eq!(
            normalize("src", "../../x/y.rs"),
            Some((1, "../x/y.rs".into()))
        );
        assert_eq!(normalize("src", "/etc/passwd"), None);
    }

    #[test]
    fn reads_included_files_inside_the_book_only() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(book.join("src/a.rs"), "fn a() {}\n{{#include b.rs}}\n").unwrap();
        std::fs::write(book.join("src/b.rs"), "fn b() {}\n").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        let pages = [(
            "src/p.md".to_string(),
            "{{#include a.rs}}\n{{#include ../../secret.txt}}\n{{#include nope.rs}}".to_string(),
        )];
        let found = read(&book, &pages, Dialect::MdBook);
        assert_eq!(found.reach, 0);
        let names: Vec<&str> = found.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["src/a.rs", "src/b.rs"]);
    }
}
