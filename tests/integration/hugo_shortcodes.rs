//! Hugo theme and built-in shortcodes rendered with opsbook's own admonitions, tabs,
//! collapsible blocks, code and links (issue 19). The fixture `hugo/shortcodes` has
//! one page per theme (Docsy, hugo-book, hextra, Relearn) and one of Hugo's own
//! shortcodes, written for these tests; its links and images are checked like any
//! other, and what opsbook does not render stays a warning at its place.

use crate::harness::BookTest;

#[test]
fn hugo_theme_shortcodes_render_as_admonitions_tabs_and_links() {
    let mut book = BookTest::fixture("hugo/shortcodes");
    book.run(["build"]).code(0).expect_stderr();
    for page in [
        "docsy.html",
        "book.html",
        "hextra.html",
        "relearn.html",
        "builtins.html",
    ] {
        book.check_main(page);
    }
    let html = book.read("site/docsy.html");
    assert!(!html.contains("{{"), "no shortcode is printed: {html}");
}

#[test]
fn hugo_theme_shortcodes_build_the_same_bytes_twice() {
    let mut first = BookTest::fixture("hugo/shortcodes");
    first.run(["build"]).code(0);
    let mut second = BookTest::fixture("hugo/shortcodes");
    second.run(["build"]).code(0);
    assert_eq!(first.tree("site"), second.tree("site"));
}

/// `hugo/shortcodes_in_containers`: block shortcodes written in a block quote (each
/// line after `>`) render inside the quote, as Hugo puts their output there; paired
/// ones in a table cell stay on the row's line (an admonition or `details` as its HTML
/// around the cell's text, `highlight` as inline code). Tabs cannot be shown in a cell:
/// a warning at the line, and the tab's text is shown. A line of a pair opened in a
/// quote written without `>` (a lazy continuation) stays in the pair, in the quote;
/// a pair opened on a lazy line after a quote's paragraph starts after the quote.
#[test]
fn hugo_block_shortcodes_render_in_block_quotes_and_table_cells() {
    let mut book = BookTest::fixture("hugo/shortcodes_in_containers");
    book.run(["build"])
        .code(0)
        .expect_stderr()
        .check_main("quotes.html")
        .check_main("lazy.html")
        .check_main("tables.html");
}
