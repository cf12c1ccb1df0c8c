//! A Docusaurus site with more than one docs plugin instance: the fixture
//! `docusaurus/instances` has the classic preset's docs (`docs/`, `sidebars.js`), a
//! `community` instance (`community/`, `sidebarsCommunity.js`, a navbar item labelled
//! "Community", a `_category_.json` folder under a generated-index category, a
//! `slug`) and a versioned `sdk` instance (`sdk_versions.json`) with no sidebars file.
//! Both `docs/intro.md` and `community/intro.md` have the id `intro`; pages link
//! from one instance to the other, relative and root-relative.

use crate::harness::BookTest;

#[test]
fn every_docs_instance_is_built_with_its_own_sidebar() {
    let mut book = BookTest::fixture("docusaurus/instances");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("toc.html")
        .check_main("intro.html")
        .check_main("community/intro.html")
        .check_main("community/category/guides.html")
        // Each instance's previous and next pages are its own: the docs' last page
        // leads nowhere, nor does the community's first or the SDK's only page.
        .check_main("deploy.html")
        .check_main("sdk/intro.html");
    // Each instance's pages are at their Docusaurus URLs (with `.html`); a slug of the
    // community instance is below `/community/`, also as its route's `.html`.
    for page in [
        "site/community/support.html",
        "site/community/guides/review.html",
        "site/sdk/intro.html",
        "site/community/help/index.html",
        "site/community/help.html",
        // The SDK's older version is built too, with a redirect from its URL.
        "site/sdk_versioned_docs/version-1.0/intro.html",
        "site/sdk/1.0/intro/index.html",
    ] {
        book.file_exists(page);
    }
    assert!(!book.root().join("site/help/index.html").exists());
    // Only the docs' pages have redirects below their `routeBasePath` (`/docs/…`).
    let redirects: Vec<String> = book
        .pages()
        .into_iter()
        .filter(|p| p.starts_with("docs/"))
        .collect();
    assert_eq!(
        redirects,
        ["docs/deploy/index.html", "docs/intro/index.html"]
    );
    let deploy = book.read("site/deploy.html");
    for want in [
        "href=\"community/support.html#channels\"",
        "href=\"community/guides/review.html\"",
    ] {
        assert!(deploy.contains(want), "{want}: {deploy}");
    }
}

/// A link into another instance's folder that names no page there is a broken link
/// at its place; so is a root-relative route below the instance's `routeBasePath`,
/// or below one of its older versions' (`/sdk/1.0/setup`).
#[test]
fn links_into_another_instance_are_checked() {
    let mut book = BookTest::fixture("docusaurus/instances");
    book.write(
        "community/guides/review.md",
        "# Reviewing changes\n\nSee [the runbook](../../docs/deploy.md#shipp), [the SDK](/sdk/setup), \
         [the old SDK](/sdk/1.0/intro) and [its setup](/sdk/1.0/setup).\n",
    );
    book.run(["check"]).code(1).expect_stderr();
}

/// An instance at `routeBasePath: '/'` owns every route no other part of the site
/// owns: a root-relative link to one names its page, and is broken when there is no
/// such page, with the nearest as a hint. The docs', another instance's, the
/// blog's and `src/pages`' routes are not its own.
#[test]
fn root_links_to_an_instance_at_the_root_are_checked() {
    let mut book = BookTest::fixture("docusaurus/instances");
    edit_config(
        &mut book,
        &[(
            "  plugins: [\n",
            "  plugins: [\n    ['@docusaurus/plugin-content-docs', {id: 'cases', path: 'cases', routeBasePath: '/'}],\n",
        )],
    );
    book.write("cases/integrations/duckdb.md", "# DuckDB\n\nQueries.\n");
    book.write("src/pages/about.js", "export default () => null;\n");
    book.write(
        "community/guides/review.md",
        "# Reviewing changes\n\nTry [DuckDB](/integrations/duckdb), [the other](/integrations/duckdbb), \
         [the news](/blog/2024/launch), [about us](/about), [the intro](/intro), [the docs](/docs/intro) and \
         [support](/community/support).\n",
    );
    book.run(["check"]).code(1).expect_stderr();
    book.write(
        "community/guides/review.md",
        "# Reviewing changes\n\nTry [DuckDB](/integrations/duckdb#duckdb).\n",
    );
    book.run(["build"]).code(0);
    let review = book.read("site/community/guides/review.html");
    assert!(
        review.contains("href=\"../../cases/integrations/duckdb.html#duckdb\""),
        "{review}"
    );
}

/// Options computed in JavaScript, a missing folder: warnings at their places, the
/// rest of the site is built.
#[test]
fn an_instance_that_cannot_be_read_is_a_warning_at_its_place() {
    let mut book = BookTest::fixture("docusaurus/instances");
    edit_config(
        &mut book,
        &[(
            "  plugins: [\n",
            "  plugins: [\n    ['@docusaurus/plugin-content-docs', apiDocsOptions],\n    ['@docusaurus/plugin-content-docs', {id: 'ops', path: 'ops'}],\n",
        )],
    );
    book.run(["build"]).code(0).expect_stderr();
}

/// `docs: false` in the preset: the one other instance is the book's docs, at the
/// site's root, with redirects from its `routeBasePath`.
#[test]
fn without_default_docs_the_other_instance_is_the_docs() {
    let mut book = BookTest::fixture("docusaurus/instances");
    edit_config(
        &mut book,
        &[(
            "docs: {\n          sidebarPath: './sidebars.js',\n        },",
            "docs: false,",
        )],
    );
    for folder in ["docs", "community/guides"] {
        std::fs::remove_dir_all(book.root().join(folder)).expect("remove");
    }
    book.write(
        "sidebarsCommunity.js",
        "module.exports = {community: ['intro', 'support']};\n",
    );
    book.write(
        "community/intro.md",
        "# Community\n\nSee [support](support.md).\n",
    );
    book.write(
        "sdk/intro.md",
        "# SDK\n\nAsk the [community](/community/support).\n",
    );
    book.write(
        "community/support.md",
        "---\nsidebar_label: Get help\n---\n\n# Support\n",
    );
    book.run(["build"]).code(0);
    book.file_exists("site/intro.html")
        .file_exists("site/community/intro/index.html")
        .file_exists("site/sdk/intro.html");
    let toc = book.read("site/toc.html");
    assert!(
        toc.contains("<a href=\"support.html\">Get help</a>"),
        "{toc}"
    );
}

/// `docs: false` and the other instance at `/`: it is the docs, at the site's root,
/// and owns only the routes the blog, `src/pages` and the other instances do not.
#[test]
fn docs_at_the_root_leave_the_blog_and_src_pages_routes_alone() {
    let mut book = BookTest::fixture("docusaurus/instances");
    edit_config(
        &mut book,
        &[
            (
                "docs: {\n          sidebarPath: './sidebars.js',\n        },",
                "docs: false,",
            ),
            ("routeBasePath: 'community',", "routeBasePath: '/',"),
        ],
    );
    std::fs::remove_dir_all(book.root().join("docs")).expect("remove");
    book.write("src/pages/about.js", "export default () => null;\n");
    book.write("sdk/intro.md", "# SDK\n\nAsk the [community](/support).\n");
    book.write(
        "community/intro.md",
        "# Community\n\nRead [the news](/blog/2024/launch), [about us](/about), \
         [the SDK](/sdk/intro) and [support](/supportx).\n",
    );
    book.run(["check"]).code(1).expect_stderr();
}

/// With `versions.json`, the other instances' pages are built in the current
/// version (`next/community/…`), whose pages may link into the current docs; the
/// older versions link to them by their Docusaurus URLs, which are redirects at the
/// site's root (a slug's too).
#[test]
fn a_versioned_site_has_the_other_instances_in_its_current_version() {
    let mut book = BookTest::fixture("docusaurus/instances");
    book.write("versions.json", "[\"1.0\"]\n");
    book.write(
        "versioned_docs/version-1.0/intro.md",
        "# Old intro\n\nAsk for [help](/community/help).\n",
    );
    book.run(["build"]).code(0);
    book.file_exists("site/next/community/support.html")
        .file_exists("site/1.0/intro.html");
    assert!(!book.root().join("site/1.0/community").exists());
    let old = book.read("site/1.0/intro.html");
    assert!(old.contains("href=\"/community/help\""), "{old}");
    let help = book.read("site/community/help/index.html");
    assert!(
        help.contains("url=../../next/community/support.html\""),
        "{help}"
    );
}

/// `opsbook serve` watches each instance's folder and sidebars file: an edit of a
/// community page, and a new entry in `sidebarsCommunity.js` (in the contents), are
/// served without a restart.
#[test]
fn serve_watches_each_instance_folder_and_sidebars_file() {
    let book = BookTest::fixture("docusaurus/instances");
    let server = crate::serve::Server::start(book.root());
    let (status, page) = server.get("/community/support.html");
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("Office hours"), "{page}");
    let write = |path: &str, text: &str| std::fs::write(book.root().join(path), text).unwrap();
    write(
        "community/support.md",
        "---\ntitle: Support\nslug: /help\n---\n\n## Channels\n\n## Office hours\n\nEvery Tuesday.\n",
    );
    server.wait_until("/community/support.html", "Office hours");
    write("community/events.md", "# Events\n\nMeetups.\n");
    let sidebars = std::fs::read_to_string(book.root().join("sidebarsCommunity.js")).unwrap();
    write(
        "sidebarsCommunity.js",
        &sidebars.replace("'support',", "'support',\n    'events',"),
    );
    server.wait_until("/toc.html", "community/events.html");
}

/// Replaces each `(from, to)` in the fixture's `docusaurus.config.js`.
fn edit_config(book: &mut BookTest, edits: &[(&str, &str)]) {
    let path = book.root().join("docusaurus.config.js");
    let mut config = std::fs::read_to_string(path).expect("read");
    for (from, to) in edits {
        assert!(config.contains(from), "{from}");
        config = config.replace(from, to);
    }
    book.write("docusaurus.config.js", config);
}
