//! A Hugo site's taxonomies (issue 19): the `tags/` and `categories/` pages and a page
//! per term, as Hugo makes them by default, in the hand-written fixture
//! `hugo/taxonomies`; links to them from the site root and relative ones are read and
//! checked. Hugo 0.111 makes the same pages, at the same URLs, listing the same pages
//! in the same order (`tags_weight` first: Backups last under Database).

use crate::harness::BookTest;
use crate::site_tools::notes;

#[test]
fn hugo_tags_and_categories_become_pages_as_hugo_makes_them() {
    let mut book = BookTest::fixture("hugo/taxonomies");
    book.run(["build", "-v"]).code(0);
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("hugo_taxonomies__notes", notes(&book));
    });
    book.check_main("tags/index.html")
        .check_main("runbooks/backups.html")
        .check_main("tags/database/index.html")
        .check_main("categories/storage/index.html")
        .file_exists("site/tags/on-call/index.html")
        .file_exists("site/tags/security/index.html");
    let home = book.read("site/index.html");
    for href in [
        "tags/index.html",
        "categories/storage/index.html",
        "tags/on-call/index.html#top",
    ] {
        assert!(home.contains(&format!("href=\"{href}\"")), "{href}: {home}");
    }
    assert!(
        home.contains("class=\"topbar-link topbar-menu\" href=\"tags/index.html\">Tags"),
        "a menu's `pageRef: /tags` opens the page: {home}"
    );
    let toc = book.read("site/toc.html");
    let sidebar = toc.split_once("id=\"sidebar\"").map_or("", |(_, s)| s);
    assert!(
        sidebar.contains("runbooks/backups.html") && !sidebar.contains("tags/"),
        "not in the sidebar: {sidebar}"
    );
    let backups = book.read("site/runbooks/backups.html");
    assert!(
        backups.contains("href=\"../tags/database/index.html\"")
            && !backups.contains("pager-next\" href=\"../tags"),
        "a relative link lands; no page's next is a tag's: {backups}"
    );
}

#[test]
fn hugo_links_to_terms_no_page_has_are_broken_and_disabled_kinds_are_not_made() {
    let mut book = BookTest::fixture("hugo/taxonomies");
    book.write(
        "content/guides/rotate.md",
        "---\ntitle: Rotate\ntags: [security]\n---\n\n# Rotate\n\nSee [keys](/tags/keys/) and [teams](../../categories/).\n",
    );
    book.write(
        "hugo.toml",
        "title = 'Storage operations'\ndisableKinds = ['taxonomy']\n",
    );
    book.run(["build"]).code(1).expect_stderr();
}
