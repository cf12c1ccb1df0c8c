//! An MkDocs book built as it is (issue 19): mkdocs.yml's `docs_dir`, `site_name` and
//! `nav` (a bare page, sections, a section's index page, an external link, a page it
//! does not list), its other keys (Material's theme, `!!python/name:` and `!ENV` tags)
//! as `-v` notes, opsbook's own keys in a book.toml beside it, and content tabs with
//! checklists and admonitions inside. The fixture `mkdocs/platform` is written for
//! these tests, laid out as public MkDocs Material sites are.

use crate::harness::BookTest;

#[test]
fn platform_builds_with_nav_sidebar_tabs_and_notes() {
    let mut book = BookTest::fixture("mkdocs/platform");
    book.run(["build", "-v"]).code(0);
    let stderr = book.stderr_text();
    assert!(
        !stderr.contains("error") && !stderr.contains("warning"),
        "{stderr}"
    );
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.starts_with(" INFO") && (l.contains("MkDocs'") || l.contains("not in the nav"))
        })
        .map(str::trim)
        .collect();
    assert_eq!(
        notes,
        [
            "INFO mkdocs.yml:7:1: `theme` is MkDocs'; opsbook does not use it",
            "INFO mkdocs.yml:12:1: `markdown_extensions` is MkDocs'; opsbook does not use it",
            "INFO mkdocs.yml:23:1: `plugins` is MkDocs'; opsbook does not use it",
            "INFO mkdocs.yml:25:1: `extra` is MkDocs'; opsbook does not use it",
            "INFO docs/notes.md: not in the nav of mkdocs.yml; built after the listed pages, left out of the sidebar",
        ]
    );
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or("");
    assert!(summary.contains(" pages (MkDocs) into site/"), "{summary}");
    book.check_main("toc.html")
        .check_main("deploy/kubernetes.html")
        .file_exists("site/notes.html")
        .file_missing("site/mkdocs.html");
    let page = book.read("site/deploy/rollback.html");
    assert!(
        page.contains("<title>Roll back &middot; Platform runbooks</title>"),
        "the nav's title is the page's, site_name the book's"
    );
    assert!(
        page.contains("https://github.com/acme/platform/edit/main/docs/deploy/rollback.md"),
        "repo_url + edit_uri make the edit link"
    );
    assert!(
        page.contains("static/tabs.js"),
        "the tabs script, no inline script"
    );
}

#[test]
fn nav_entry_naming_a_missing_file_is_an_error_at_its_place() {
    let mut book = BookTest::fixture("mkdocs/platform");
    let yml = book.read("mkdocs.yml");
    book.write(
        "mkdocs.yml",
        yml.replace("deploy/rollback.md", "deploy/rolback.md"),
    );
    book.run(["build"]).code(1).expect_stderr();
}

#[test]
fn nav_less_mkdocs_book_uses_its_folders_and_docs_dir() {
    let mut book = BookTest::empty();
    book.write("mkdocs.yml", "site_name: Ops\ndocs_dir: pages\n")
        .write("pages/index.md", "# Home\n")
        .write("pages/b.md", "# B\n")
        .write("pages/a.md", "# A\n");
    book.run(["build"]).code(0);
    let toc = book.read("site/toc.html");
    let (a, b) = (toc.find(">A<"), toc.find(">B<"));
    assert!(a.is_some() && a < b, "{toc}");
    assert!(book.read("site/index.html").contains("Ops"), "site_name");
}
