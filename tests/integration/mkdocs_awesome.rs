//! The awesome-nav and awesome-pages sidebars beyond `mkdocs.rs`'s: `mkdocs/awesome_sort`
//! (awesome-nav's `sort: by: title`, `use_index_title` and a `- glob:` entry's own
//! options: flattening, `ignore`, sections first, below a folder sorting descending),
//! `mkdocs/awesome_pages_title` (awesome-pages' `order_by: title`, a folder's own
//! `order: desc`), and a bad glob option and `order_by` value.

use crate::harness::BookTest;

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
