//! What readers see: the `<main>` of every page of the render fixtures, one snapshot per
//! page and fixture, and a few whole pages for the theme shell (`<head>`, sidebar,
//! scripts). Built by the real binary in a temp copy, outside git, so no "last updated"
//! date enters a snapshot.

use crate::harness::BookTest;

/// Builds `fixture` (its stderr a snapshot too) and snapshots the `<main>` of every
/// HTML page of its site.
fn check_every_main(fixture: &str) -> BookTest {
    let mut book = BookTest::fixture(fixture);
    book.run(["build"]).code(0).expect_stderr();
    let pages = book.pages();
    assert!(!pages.is_empty(), "{fixture} built no page");
    for page in pages {
        book.check_main(&page);
    }
    book
}

#[test]
fn shell_pages() {
    check_every_main("render/shell");
}

#[test]
fn shell_whole_pages() {
    let mut book = BookTest::fixture("render/shell");
    book.run(["build"])
        .code(0)
        .check_page("index.html")
        .check_page("ops/deploy.html")
        .check_page("404.html");
}

#[test]
fn yaml_checklist_pages() {
    check_every_main("checklist/yaml_valid");
}

#[test]
fn markdown_and_yaml_runbooks_with_team_state_pages() {
    check_every_main("checklist/cli");
}
