//! `custom_edit_url: null` in a Docusaurus page's front matter, which hides the
//! page's edit link (issue 19). The fixture `docusaurus/edit_link` is written for
//! these tests.

use crate::harness::BookTest;

/// `custom_edit_url: null` hides the page's edit link; a page without one keeps the site's.
#[test]
fn custom_edit_url_null_hides_the_edit_link() {
    let mut book = BookTest::fixture("docusaurus/edit_link");
    book.run(["build"]).code(0).stderr_lacks("warning");
    book.check_main("reference.html").check_main("drill.html");
    assert!(!book.read("site/reference.html").contains("meta-edit"));
    assert!(book.read("site/drill.html").contains(
        "class=\"meta-edit\" href=\"https://git.example.com/edge/edit/main/docs/drill.md\""
    ));
}
