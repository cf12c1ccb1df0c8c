//! A Hugo site's module mounts (`config::hugo_mounts`, `source::mounts`), in a fixture
//! shaped like dapr/docs: `hugo/mounts/docs/` is the site, whose `config.toml` mounts
//! its own `content/` and `static/`, two folders of `../other/` into one section
//! (`content/contributing/sdk-contrib`), one into `content/developing/sdks/x` (less
//! its `drafts/`), a folder that does not exist, a `layouts` folder and another
//! language's folder.

use crate::harness::BookTest;

/// Builds the fixture's site from inside it, into `../site` (where the harness reads
/// the built pages).
fn build(book: &mut BookTest) -> &mut BookTest {
    book.run_in("docs", ["build", "-o", "../site"])
}

/// The mounted pages are at the URLs Hugo gives them, in the sections Hugo puts them
/// in; their links (`ref`, relative, root-relative, to a heading) resolve both ways;
/// the image beside a mounted page and the static file a page names are copied (the
/// unnamed one is not); the excluded draft, the `layouts` mount and the other
/// language's mount are left out; the missing folder is a warning at its line.
#[test]
fn hugo_mounts_put_other_folders_pages_where_hugo_does() {
    let mut book = BookTest::fixture("hugo/mounts");
    build(&mut book).code(0).expect_stderr();
    let mut pages = crate::hugo_sections::site_pages(&book);
    pages.sort();
    assert_eq!(
        pages,
        [
            "contributing/index.html",
            "contributing/sdk-contrib/x-contrib.html",
            "contributing/sdk-contrib/y-contrib.html",
            "developing/index.html",
            "developing/sdks/index.html",
            "developing/sdks/x/client.html",
            "developing/sdks/x/index.html",
            "index.html",
        ]
    );
    book.file_exists("site/developing/sdks/x/img/arch.png")
        .file_exists("site/images/logo.png")
        .file_missing("site/images/unused.png")
        .file_missing("site/developing/sdks/x/drafts/wip.html")
        .check_main("developing/sdks/x/client.html")
        .check_main("developing/sdks/index.html");
}

/// A mount that reads above the folder that holds the site (there is no git here)
/// is refused: an error at its line, nothing built.
#[test]
fn hugo_mount_outside_the_repository_is_refused() {
    let mut book = BookTest::fixture("hugo/mounts");
    std::fs::create_dir_all(book.root().join("../elsewhere")).expect("a folder outside");
    let config = book.read("docs/config.toml");
    book.write(
        "docs/config.toml",
        format!("{config}  [[module.mounts]]\n    source = \"../../elsewhere\"\n    target = \"content/elsewhere\"\n"),
    );
    build(&mut book)
        .code(1)
        .expect_stderr()
        .file_missing("site/index.html");
}
