//! The seeds and the public corpus (beside SPEC.md in `../shared/`), each built as a book:
//! the build succeeds, every task line is a checkbox, tables, alerts and code are there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use opsbook::{BuildOptions, build};

pub(crate) fn shared(dir: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(dir);
    if p.is_dir() {
        Some(p)
    } else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI needs ../shared/{dir} beside the repository"
        );
        eprintln!("\n*** SKIPPED: ../shared/{dir} not found ***\n");
        None
    }
}

/// Copies the Markdown and YAML files of `from` into `<tmp>/content/` and writes `book_toml`.
pub(crate) fn book_of(from: &Path, book_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if path.is_file() && matches!(ext, "md" | "yml" | "yaml") && !path.ends_with("MANIFEST.md")
        {
            std::fs::copy(&path, content.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(dir.path().join("book.toml"), book_toml).unwrap();
    dir
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Checkboxes and ticked checkboxes in a page's `<main>`.
fn boxes(html: &str) -> (usize, usize) {
    let main = html
        .split("<main")
        .nth(1)
        .and_then(|m| m.split("</main>").next())
        .unwrap_or("");
    let total = count(main, "class=\"task-box\"");
    let checked = main
        .split("<input")
        .skip(1)
        .filter(|tag| {
            let tag = tag.split('>').next().unwrap_or("");
            tag.contains("task-box") && tag.contains("checked")
        })
        .count();
    (total, checked)
}

#[test]
fn seeds_build_with_every_checkbox() {
    let Some(seeds) = shared("seeds") else { return };
    let dir = book_of(&seeds, "[book]\ntitle = \"Seeds\"\n");
    let out = build(dir.path(), &BuildOptions::default()).unwrap();
    let errors: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert!(!out.diagnostics.has_errors(), "{}", errors.join("\n"));
    let site = out.site.expect("a site");
    let expect = [
        ("altruria-production-deployment-checklist.html", 157, 9),
        ("openway-production-readiness.html", 32, 32),
        ("hypex-audit-and-deployment-guide.html", 8, 0),
    ];
    for (page, total, checked) in expect {
        let html = site.page(page).unwrap_or_else(|| panic!("{page} missing"));
        assert_eq!(boxes(html), (total, checked), "{page}");
        let source = std::fs::read_to_string(seeds.join(page.replace(".html", ".md"))).unwrap();
        assert_features_rendered(page, &source, html);
    }
}

#[test]
fn corpus_builds_with_broken_links_as_warnings() {
    let Some(corpus) = shared("corpus/public") else {
        return;
    };
    let dir = book_of(
        &corpus,
        "[book]\ntitle = \"Corpus\"\n[check]\nbroken-links = \"warn\"\n",
    );
    let out = build(dir.path(), &BuildOptions::default()).unwrap();
    let errors: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let site = out.site.expect("a site");
    let mut counts = BTreeMap::new();
    for file in std::fs::read_dir(&corpus).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("MANIFEST.md") {
            let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
            let html = site
                .page(&format!("{stem}.html"))
                .unwrap_or_else(|| panic!("{stem} missing"));
            let source = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                boxes(html).0,
                task_lines(&source),
                "{stem}: one checkbox per task line"
            );
            assert_features_rendered(&stem, &source, html);
            counts.insert(stem, boxes(html));
        }
    }
    insta::assert_debug_snapshot!("corpus_checkbox_counts", counts);
    let warnings: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| format!("{} {}: {}", d.code, d.location(), d.message))
        .collect();
    insta::assert_debug_snapshot!("corpus_broken_link_warnings", warnings);
}

/// Task-list lines in Markdown source, counted independently of the parser: a list
/// marker (`-`, `*`, `+`, `1.`), optionally after `>`, then `[ ]`/`[x]`, outside fences.
fn task_lines(source: &str) -> usize {
    let mut fence: Option<String> = None;
    let mut n = 0;
    for line in source.lines() {
        let t = line.trim_start().trim_start_matches('>').trim_start();
        if let Some(open) = &fence {
            if t.starts_with(open.as_str()) {
                fence = None;
            }
            continue;
        }
        let marker_end = if t.starts_with(['-', '*', '+']) {
            Some(1)
        } else {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && t[digits..].starts_with(['.', ')'])).then_some(digits + 1)
        };
        let after = marker_end.map(|i| &t[i..]);
        if let Some(rest) = t
            .strip_prefix("```")
            .map(|_| "```")
            .or(t.strip_prefix("~~~").map(|_| "~~~"))
        {
            fence = Some(rest.to_string());
            continue;
        }
        if let Some(after) = after
            && after.starts_with([' ', '\t'])
        {
            let a = after.trim_start();
            if a.starts_with("[ ]") || a.starts_with("[x]") || a.starts_with("[X]") {
                n += 1;
            }
        }
    }
    n
}

/// Where the source has a table, a fence or a GitHub alert, the page has it rendered;
/// every page carries the default Content-Security-Policy and runs no inline script
/// (one would be blocked by it).
fn assert_features_rendered(name: &str, source: &str, html: &str) {
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;self&#39;; script-src &#39;self&#39;;"),
        "{name}: the page has the CSP"
    );
    for tag in html.split("<script").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(
            tag.contains(" src=\"") || tag.contains("type=\"application/json\""),
            "{name}: an inline script <script{tag}>"
        );
    }
    let has_table = source.lines().any(|l| {
        let t = l.trim();
        t.contains("---")
            && t.contains('|')
            && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
    });
    if has_table {
        assert!(html.contains("<table>"), "{name}: the source has a table");
    }
    let fences = source
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    if fences >= 2 {
        assert!(
            html.contains("class=\"code-block\""),
            "{name}: the source has code blocks"
        );
    }
    if source.lines().any(|l| l.trim_start().starts_with("> [!")) {
        assert!(
            html.contains("class=\"alert alert-"),
            "{name}: the source has an alert"
        );
    }
}
