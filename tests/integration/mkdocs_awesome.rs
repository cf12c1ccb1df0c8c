//! The awesome-nav and awesome-pages sidebars beyond `mkdocs.rs`'s: `mkdocs/awesome_sort`
//! (awesome-nav's `sort: by: title`, `use_index_title` and a `- glob:` entry's own
//! options: flattening, `ignore`, sections first, below a folder sorting descending),
//! `mkdocs/awesome_pages_title` (awesome-pages' `order_by: title`, a folder's own
//! `order: desc`), a bad glob option and `order_by` value, and `opsbook serve`
//! rebuilding the sidebar when only a `.nav.yml` or `.pages` file changes.

use crate::harness::BookTest;
use crate::serve::Server;

#[test]
fn awesome_nav_sorts_by_title_titles_folders_by_their_index_and_reads_glob_options() {
    let mut book = BookTest::fixture("mkdocs/awesome_sort");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("toc.html")
        .file_exists("site/notes.wip.html");
}

#[test]
fn awesome_pages_order_by_title_sorts_a_folder_by_its_pages_titles() {
    let mut book = BookTest::fixture("mkdocs/awesome_pages_title");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("toc.html");
}

#[test]
fn a_bad_glob_option_and_order_by_value_are_errors_at_their_places() {
    let mut book = BookTest::fixture("mkdocs/awesome_sort");
    let yml = book.read("docs/.nav.yml");
    book.write(
        "docs/.nav.yml",
        yml.replace("    ignore:", "    flatten: true\n    ignore:")
            .replace("by: title", "by: date"),
    );
    book.run(["build"]).code(1).expect_stderr();
    let mut pages = BookTest::fixture("mkdocs/awesome_pages_title");
    pages.write("docs/db/.pages", "order_by: name\n");
    pages.run(["build"]).code(1).expect_stderr();
}

/// A save of only a `.nav.yml` file, hidden as it is, rebuilds the sidebar, as a
/// save of mkdocs.yml does; so does one of a `.pages` file (below).
#[test]
fn serve_rebuilds_the_sidebar_when_a_nav_yml_file_changes() {
    let mut book = BookTest::fixture("mkdocs/awesome_nav");
    let server = Server::start(book.root());
    let (status, toc) = server.get("/toc.html");
    assert_eq!(status, 200, "{toc}");
    assert!(
        toc.contains(">Runbooks<") && !toc.contains("Procedures"),
        "{toc}"
    );
    let write = |path: &str, text: String| std::fs::write(book.root().join(path), text).unwrap();
    let root = book.read("docs/.nav.yml");
    write(
        "docs/.nav.yml",
        root.replace("Runbooks: runbooks", "Procedures: runbooks"),
    );
    server.wait_until("/toc.html", ">Procedures<");
    let runbooks = book.read("docs/runbooks/.nav.yml");
    write(
        "docs/runbooks/.nav.yml",
        runbooks.replace("zero-downtme.md", "zero-downtime.md"),
    );
    server.wait_until("/toc.html", "runbooks/zero-downtime.html\">");
    drop(server);
    // What serve now shows is what a build makes: the whole sidebar, no warning left.
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("toc.html");
}

#[test]
fn serve_rebuilds_the_sidebar_when_a_pages_file_changes() {
    let mut pages = BookTest::fixture("mkdocs/awesome_pages_title");
    let server = Server::start(pages.root());
    assert!(server.get("/toc.html").1.contains(">Databases<"));
    std::fs::write(pages.root().join("docs/db/.pages"), "title: Data stores\n").unwrap();
    server.wait_until("/toc.html", ">Data stores<");
    drop(server);
    pages.run(["build"]).code(0);
    pages.check_main("toc.html");
}
