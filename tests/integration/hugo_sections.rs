//! A Hugo site's sections as Hugo builds them (issue 19), each in a hand-written
//! fixture checked against `hugo` 0.111 on the same files: `cascade` (`hugo/cascade`),
//! leaf and headless bundles and `_build`/`build` (`hugo/bundles`), a taxonomy's and
//! a term's own `_index.md` (`hugo/terms`), menus with dropdowns and links to no page
//! (`hugo/menus`) and term URLs made with Hugo's `urlize` (`hugo/urlize`).

use crate::harness::BookTest;
use crate::site_tools::notes;

/// The built site's HTML pages, without the ones opsbook writes for every book.
fn site_pages(book: &BookTest) -> Vec<String> {
    book.pages()
        .into_iter()
        .filter(|p| !p.starts_with("secrets/") && p != "404.html" && p != "toc.html")
        .collect()
}

/// `hugo/cascade`: the site config's `cascade` and its sections' (map and list forms,
/// `_target` by `kind` and `path`), the page's own value winning, then the nearest
/// section's; `param` reads cascaded values; a draft section (its own `draft` or a
/// cascaded one) takes its pages with it, `draft: false` or not. `hugo` 0.111 builds
/// the same pages and lists them in the same order.
#[test]
fn hugo_cascade_reaches_the_pages_below_as_hugo_applies_it() {
    let mut book = BookTest::fixture("hugo/cascade");
    book.run(["build", "-v"]).code(0);
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("hugo_sections__cascade_notes", notes(&book));
    });
    assert_eq!(
        site_pages(&book),
        [
            "guides/escalation.html",
            "guides/index.html",
            "guides/oncall.html",
            "index.html",
            "runbooks/deploy.html",
            "runbooks/index.html",
            "runbooks/legacy/index.html",
            "runbooks/legacy/kept.html",
            "runbooks/legacy/old.html",
            "runbooks/rollback.html",
        ],
        "the pages `hugo` builds"
    );
    book.check_main("toc.html")
        .check_main("runbooks/deploy.html")
        .check_main("runbooks/legacy/old.html");
}
