//! mdBook's book.toml read in place: a book.toml with `[book] src`, or beside
//! `src/SUMMARY.md`, is an mdBook's. Its chapters' folder (`src`) is kept; the keys
//! mdBook has and opsbook does not use (`authors`, `[build]`, `[output.*]`,
//! `[preprocessor.*]`, `[rust]`, …) are taken out before the schema check, each named
//! in a one-line note for `-v`. `[output.html] edit-url-template` is the one mdBook
//! key opsbook takes over: its "edit this page" link (mdBook's `{path}` is the chapter's
//! path from the book root, as opsbook's is). opsbook's own keys in the same file are
//! read as usual, and an unknown key is still an error. Pure.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::base::diag::Diagnostics;

use super::TomlText;

/// What opsbook keeps of an mdBook's book.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MdBook {
    /// The chapters' folder, relative to the book root: `[book] src`, default `src`.
    pub(crate) src: String,
    /// One line per mdBook key opsbook does not use, `book.toml:3:1: …`, for `-v`.
    pub(crate) unused: Vec<String>,
    /// `[output.html] edit-url-template`, when it is an http(s) URL with `{path}`.
    pub(crate) edit_url: Option<String>,
    /// `[output.html.redirect]`: old path → where it leads, as written, with the
    /// place of the old path in book.toml (`parse/mdbook_redirects.rs` makes them).
    pub(crate) redirects: Vec<MdRedirect>,
}

/// One entry of mdBook's `[output.html.redirect]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MdRedirect {
    /// The old path (`/borrow_check.html`).
    pub(crate) from: String,
    /// Where it leads: a path from the old path's folder (`borrow-check.html`), from
    /// the book root (`/tests/compiletest.html`), or a URL.
    pub(crate) to: String,
    /// 1-based place of `from` in book.toml.
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// The chapters' folder of an mdBook when book.toml does not name one.
pub(crate) const DEFAULT_SRC: &str = "src";

/// mdBook's `[book]` keys that opsbook does not use (`title`, `description` and
/// `language` it reads as its own).
const BOOK_KEYS: &[&str] = &["authors", "multilingual", "src", "text-direction"];

/// mdBook's sections that opsbook does not use.
const SECTIONS: &[&str] = &["build", "output", "preprocessor", "rust"];

/// Whether `root` is an mdBook's book.toml: it has `[book] src`, or `summary_found`
/// (the caller found `src/SUMMARY.md`).
pub(super) fn is_mdbook(root: &DeTable<'_>, summary_found: bool) -> bool {
    summary_found
        || root.iter().any(|(k, v)| {
            k.get_ref() == "book"
                && matches!(v.get_ref(), DeValue::Table(t) if t.iter().any(|(k, _)| k.get_ref() == "src"))
        })
}

/// Takes mdBook's own keys out of `root`; what is left is checked as opsbook's.
pub(super) fn take_keys<'i>(
    src: &TomlText<'_>,
    root: DeTable<'i>,
    diags: &mut Diagnostics,
) -> (DeTable<'i>, MdBook) {
    let mut book = MdBook {
        src: DEFAULT_SRC.into(),
        unused: Vec::new(),
        edit_url: None,
        redirects: Vec::new(),
    };
    let mut kept = DeTable::new();
    for (name, value) in root {
        let section = name.get_ref().to_string();
        if SECTIONS.contains(&section.as_str()) {
            if section == "output" {
                book.edit_url = edit_url_template(value.get_ref());
                book.redirects = redirect_table(src, value.get_ref());
            }
            let read = match (book.edit_url.is_some(), !book.redirects.is_empty()) {
                (true, true) => "opsbook reads its `edit-url-template` and `redirect` only",
                (true, false) => "opsbook reads its `edit-url-template` only",
                (false, true) => "opsbook reads its `redirect` only",
                (false, false) => "opsbook does not use it",
            };
            note_section(
                src,
                &section,
                &name,
                value.get_ref(),
                read,
                &mut book.unused,
            );
            continue;
        }
        if section != "book" {
            kept.insert(name, value);
            continue;
        }
        if !value.get_ref().is_table() {
            kept.insert(name, value);
            continue;
        }
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            continue;
        };
        let mut good = DeTable::new();
        for (key, v) in table {
            if !BOOK_KEYS.contains(&key.get_ref().as_ref()) {
                good.insert(key, v);
                continue;
            }
            if key.get_ref() == "src" {
                read_src(src, &v, &mut book.src, diags);
            }
            book.unused.push(note(
                src,
                key.span().start,
                &format!("`{}` in [book]", key.get_ref()),
            ));
        }
        kept.insert(name, Spanned::new(span, DeValue::Table(good)));
    }
    book.unused.sort_by_key(|n| place_of(n));
    (kept, book)
}

/// `[book] src`: a relative folder inside the book; anything else is an error and the
/// default stays.
fn read_src(
    src: &TomlText<'_>,
    v: &Spanned<DeValue<'_>>,
    out: &mut String,
    diags: &mut Diagnostics,
) {
    let DeValue::String(s) = v.get_ref() else {
        diags.push(
            src.error(v.span(), "wrong type for `src` in [book]: expected text")
                .with_hint("`src` is the folder of the chapters, such as \"src\""),
        );
        return;
    };
    let folder = s.trim_matches('/').trim_start_matches("./");
    let bad = folder.is_empty()
        || s.starts_with('/')
        || folder.split('/').any(|p| p == ".." || p.is_empty());
    if bad {
        diags.push(
            src.error(
                v.span(),
                format!("`src` in [book] must be a folder inside the book, not `{s}`"),
            )
            .with_hint("name a folder below book.toml, such as \"src\""),
        );
        return;
    }
    *out = if folder == "." {
        String::new()
    } else {
        folder.to_string()
    };
}

/// One note per mdBook section: `[build]`, or each `[output.<name>]` and
/// `[preprocessor.<name>]`.
/// `[output.html] edit-url-template` of mdBook's `[output]` table, when it is an
/// http(s) URL with `{path}` (mdBook shows no link otherwise either).
fn edit_url_template(output: &DeValue<'_>) -> Option<String> {
    let DeValue::Table(output) = output else {
        return None;
    };
    let (_, html) = output.iter().find(|(k, _)| k.get_ref() == "html")?;
    let DeValue::Table(html) = html.get_ref() else {
        return None;
    };
    let (_, template) = html
        .iter()
        .find(|(k, _)| k.get_ref() == "edit-url-template")?;
    let DeValue::String(url) = template.get_ref() else {
        return None;
    };
    (super::validate::is_http_url(url) && url.contains("{path}")).then(|| url.to_string())
}

/// `[output.html.redirect]` of mdBook's `[output]` table: each string entry, in file
/// order (mdBook takes no other kind of value there).
fn redirect_table(src: &TomlText<'_>, output: &DeValue<'_>) -> Vec<MdRedirect> {
    fn sub<'a, 'i>(t: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
        t.iter()
            .find(|(k, _)| k.get_ref() == key)
            .and_then(|(_, v)| match v.get_ref() {
                DeValue::Table(t) => Some(t),
                _ => None,
            })
    }
    let DeValue::Table(output) = output else {
        return Vec::new();
    };
    let Some(redirect) = sub(output, "html").and_then(|html| sub(html, "redirect")) else {
        return Vec::new();
    };
    let mut out: Vec<MdRedirect> = redirect
        .iter()
        .filter_map(|(from, to)| {
            let DeValue::String(to) = to.get_ref() else {
                return None;
            };
            let (line, col) = src.index.line_col(src.text, from.span().start);
            Some(MdRedirect {
                from: from.get_ref().to_string(),
                to: to.to_string(),
                line,
                col,
            })
        })
        .collect();
    out.sort_by_key(|r| (r.line, r.col));
    out
}

/// The `-v` notes of one mdBook section; `html_read` says what of `[output.html]`
/// was read (the rest of that table is still not used).
fn note_section(
    src: &TomlText<'_>,
    section: &str,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &DeValue<'_>,
    html_read: &str,
    out: &mut Vec<String>,
) {
    match value {
        DeValue::Table(t) if matches!(section, "output" | "preprocessor") && !t.is_empty() => {
            for (key, _) in t.iter() {
                let what = format!("[{section}.{}]", key.get_ref());
                let read = if section == "output" && key.get_ref() == "html" {
                    html_read
                } else {
                    "opsbook does not use it"
                };
                out.push(note_that(src, key.span().start, &what, read));
            }
        }
        _ => out.push(note(src, name.span().start, &format!("[{section}]"))),
    }
}

/// `(line, col)` of a note made by `note`, to list the notes in file order.
fn place_of(note: &str) -> (u32, u32) {
    let mut parts = note.split(':').skip(1).map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn note(src: &TomlText<'_>, at: usize, what: &str) -> String {
    note_that(src, at, what, "opsbook does not use it")
}

/// `book.toml:3:1: <what> is mdBook's; <read>`.
fn note_that(src: &TomlText<'_>, at: usize, what: &str, read: &str) -> String {
    let (line, col) = src.index.line_col(src.text, at);
    format!("{}:{line}:{col}: {what} is mdBook's; {read}", src.path)
}

#[cfg(test)]
mod tests {
    use crate::base::path::RelPath;
    use crate::config::Config;

    fn parse(text: &str, summary: bool) -> (Config, Vec<String>) {
        let (cfg, mut diags) = Config::parse_as(text, &RelPath::new("book.toml"), summary);
        cfg.validate(text, &RelPath::new("book.toml"), &mut diags);
        (cfg, diags.placed())
    }

    const GUIDE: &str = r#"[book]
title = "Ops"
authors = ["A"]
language = "en"
src = "chapters"

[rust]
edition = "2021"

[build]
build-dir = "book"

[output.html]
git-repository-url = "https://example.com"

[output.html.playground]
editable = true

[preprocessor.links]

[environments]
names = ["staging", "production"]
"#;

    #[test]
    fn mdbook_keys_are_notes_and_opsbook_keys_still_work() {
        let (cfg, problems) = parse(GUIDE, false);
        assert_eq!(problems, Vec::<String>::new());
        let md = cfg.mdbook.clone().expect("an mdBook");
        assert_eq!(md.src, "chapters");
        assert_eq!(cfg.book.title.as_deref(), Some("Ops"));
        assert_eq!(cfg.environments.names, ["staging", "production"]);
        assert_eq!(
            md.unused,
            [
                "book.toml:3:1: `authors` in [book] is mdBook's; opsbook does not use it",
                "book.toml:5:1: `src` in [book] is mdBook's; opsbook does not use it",
                "book.toml:7:2: [rust] is mdBook's; opsbook does not use it",
                "book.toml:10:2: [build] is mdBook's; opsbook does not use it",
                "book.toml:13:9: [output.html] is mdBook's; opsbook does not use it",
                "book.toml:19:15: [preprocessor.links] is mdBook's; opsbook does not use it",
            ]
        );
    }

    #[test]
    fn edit_url_template_is_the_edit_link_unless_book_toml_has_its_own() {
        let template = "https://github.com/o/r/edit/main/guide/{path}";
        let text =
            format!("[book]\nsrc = \"src\"\n\n[output.html]\nedit-url-template = \"{template}\"\n");
        let (cfg, problems) = parse(&text, false);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(cfg.site.edit_url.as_deref(), Some(template));
        assert_eq!(
            cfg.mdbook.expect("an mdBook").unused,
            [
                "book.toml:2:1: `src` in [book] is mdBook's; opsbook does not use it",
                "book.toml:4:9: [output.html] is mdBook's; opsbook reads its `edit-url-template` only",
            ]
        );
        let own = format!("{text}\n[site]\nedit-url = \"https://e.io/{{path}}\"\n");
        let (cfg, problems) = parse(&own, false);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(cfg.site.edit_url.as_deref(), Some("https://e.io/{path}"));
        // No `{path}`, or not a web address: no link, as in mdBook.
        for bad in ["https://github.com/o/r/edit/main/", "edit/{path}"] {
            let text =
                format!("[book]\nsrc = \"src\"\n[output.html]\nedit-url-template = \"{bad}\"\n");
            let (cfg, problems) = parse(&text, false);
            assert_eq!(problems, Vec::<String>::new());
            assert_eq!(cfg.site.edit_url, None, "{bad}");
        }
    }

    #[test]
    fn summary_alone_makes_an_mdbook_with_the_default_src() {
        let (cfg, problems) = parse("[book]\nauthors = [\"A\"]\n", true);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(cfg.mdbook.map(|m| m.src).as_deref(), Some("src"));
    }

    #[test]
    fn without_mdbook_signs_its_keys_stay_errors() {
        let (cfg, problems) = parse("[book]\nauthors = [\"A\"]\n[build]\n", false);
        assert!(cfg.mdbook.is_none());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(
            problems[0],
            "book.toml:2:1: unknown key `authors` in [book]"
        );
    }

    #[test]
    fn unknown_keys_of_an_mdbook_are_still_errors() {
        let (_, problems) = parse("[book]\nsrc = \"src\"\ntitel = \"x\"\n[sitee]\n", false);
        assert_eq!(
            problems,
            [
                "book.toml:3:1: unknown key `titel` in [book]",
                "book.toml:4:2: unknown section `[sitee]`",
            ]
        );
    }

    #[test]
    fn src_outside_the_book_is_an_error() {
        let (cfg, problems) = parse("[book]\nsrc = \"../x\"\n", false);
        assert_eq!(
            problems,
            ["book.toml:2:7: `src` in [book] must be a folder inside the book, not `../x`"]
        );
        assert_eq!(cfg.mdbook.map(|m| m.src).as_deref(), Some("src"));
    }
}
