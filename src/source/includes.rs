//! mdBook's `{{#…}}` directives: the one lexer of their syntax (`directives`), and the
//! stage-2 read of the files `{{#include}}`, `{{#rustdoc_include}}` and
//! `{{#playground}}` name, so that stage 3 expands them without touching the disk
//! (`parse/include.rs`). A file may be included from anywhere inside the repository
//! that holds the book (the nearest folder above with `.git`), or inside the book
//! folder when it is in none; nothing outside is read.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::base::fsio;

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
}

/// One directive in a text: its byte range, kind and argument (`file.rs:2:10 editable`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    pub(crate) arg: &'a str,
}

impl Directive<'_> {
    /// The file part of an include's argument: `a/b.rs` of `a/b.rs:2:10 editable`.
    pub(crate) fn file(&self) -> &str {
        let first = self.arg.split_whitespace().next().unwrap_or("");
        first.split_once(':').map_or(first, |(f, _)| f)
    }

    pub(crate) fn reads_a_file(&self) -> bool {
        matches!(
            self.kind,
            Kind::Include | Kind::RustdocInclude | Kind::Playground
        )
    }
}

/// mdBook's pattern (`crates/mdbook-driver/src/builtin_preprocessors/links.rs`): an
/// escaped directive to the end of its line's last `}}`, or `{{#name arg}}`.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\\\{\{\#.*\}\}|\{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}")
        .expect("invariant: the directive pattern is valid")
});

/// Every directive of `text`, in order.
pub(crate) fn directives(text: &str) -> Vec<Directive<'_>> {
    if !text.contains("{{") {
        return Vec::new();
    }
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
            Some(Directive {
                start: all.start(),
                end: all.end(),
                kind,
                arg,
            })
        })
        .collect()
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

/// Reads every file the directives of `pages` (path relative to the book root, text)
/// name, and those named by included files, up to `MAX_DEPTH`. A file that cannot be
/// read is left out: stage 3 reports it at the directive.
pub(crate) fn read(root: &Path, pages: &[(String, String)]) -> Includes {
    let reach = repository_reach(root);
    let boundary = root
        .canonicalize()
        .ok()
        .and_then(|r| r.ancestors().nth(reach).map(Path::to_path_buf));
    let mut includes = Includes {
        files: BTreeMap::new(),
        reach,
        pages: Vec::new(),
    };
    let Some(boundary) = boundary else {
        return includes;
    };
    let mut todo: Vec<(String, String, usize)> = pages
        .iter()
        .map(|(p, t)| (p.clone(), t.clone(), 0))
        .collect();
    while let Some((path, text, depth)) = todo.pop() {
        let base = path.rsplit_once('/').map_or("", |(d, _)| d);
        for d in directives(&text).iter().filter(|d| d.reads_a_file()) {
            let Some((up, target)) = normalize(base, d.file()) else {
                continue;
            };
            if up > reach || includes.files.contains_key(&target) {
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
        let found: Vec<(Kind, &str)> = directives(text).iter().map(|d| (d.kind, d.arg)).collect();
        assert_eq!(
            found,
            [
                (Kind::Include, "x.rs:2:10"),
                (Kind::Escaped, ""),
                (Kind::Title, "My page"),
            ]
        );
        assert_eq!(
            directives("{{#playground a.rs editable}}")[0].file(),
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
        let found = read(&book, &pages);
        assert_eq!(found.reach, 0);
        let names: Vec<&str> = found.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["src/a.rs", "src/b.rs"]);
    }
}
