//! What readers see of runs in the built site (SPEC.md §11): the whole `<main>` of a run's
//! page (finished, aborted, open with a gate pending, onboarding), of `runs/index.html`,
//! of a runbook page with its "Runs" section and of the home page, for the fixture book
//! `runs_site/book`. A book without runs is covered by the render snapshots, which must
//! not change.

use crate::harness::BookTest;

fn built() -> BookTest {
    let mut book = BookTest::fixture("runs_site/book");
    book.run(["build"]).code(0).expect_stderr();
    book
}

#[test]
fn runs_site_run_pages() {
    let mut book = built();
    book.check_main("runs/2026-12-01-0900-ops-deploy-production.html")
        .check_main("runs/2026-12-02-1000-ops-deploy-staging.html")
        .check_main("runs/2026-12-04-1400-ops-deploy-production.html")
        .check_main("runs/2026-12-03-0800-onboarding-erin.html");
}

#[test]
fn runs_site_index_runbook_and_home() {
    let mut book = built();
    book.check_main("runs/index.html")
        .check_main("ops/deploy.html")
        .check_main("index.html")
        .file_exists("site/static/runs.css");
    let toc = book.read("site/toc.js");
    assert!(
        toc.contains(r#"{"t":"Runs","u":"runs/index.html"}"#),
        "{toc}"
    );
}

#[test]
fn runs_site_builds_the_same_bytes_twice() {
    let mut a = built();
    let mut b = built();
    assert_eq!(a.tree("site"), b.tree("site"));
    a.code(0);
    b.code(0);
}

#[test]
fn runs_site_book_without_runs_has_no_run_files() {
    let mut book = BookTest::fixture("render/shell");
    book.run(["build"])
        .code(0)
        .file_missing("site/runs")
        .file_missing("site/static/runs.css");
    assert!(!book.read("site/toc.js").contains("Runs"));
}
