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

/// A `static` mount's `includeFiles` and `excludeFiles` are read as a content
/// mount's, as `hugo` 0.111 publishes the files: with `includeFiles = "images/**"`
/// the `notes.txt` beside `images/` is not published; without it, `excludeFiles =
/// "**/draft-*"` leaves out `images/draft-flow.png`. (A page names each of them, so
/// opsbook would publish it.)
#[test]
fn hugo_static_mount_reads_include_and_exclude_files() {
    let mut book = BookTest::fixture("hugo/mounts");
    let config = book.read("docs/config.toml");
    let mounted = |filters: &str| {
        config.replace(
            "    source = \"static\"\n    target = \"static\"\n",
            &format!("    source = \"static\"\n    target = \"static\"\n{filters}"),
        )
    };
    book.write("docs/static/notes.txt", "notes\n")
        .write("docs/static/images/draft-flow.png", "png")
        .write(
            "docs/content/files.md",
            "---\ntitle: Files\n---\n\n![Logo](/images/logo.png) [notes](/notes.txt) ![Flow](/images/draft-flow.png)\n",
        )
        .write("docs/config.toml", mounted("    includeFiles = \"images/**\"\n"));
    build(&mut book).code(0);
    book.file_exists("site/images/logo.png")
        .file_exists("site/images/draft-flow.png")
        .file_missing("site/notes.txt");
    book.write(
        "docs/config.toml",
        mounted("    excludeFiles = \"**/draft-*\"\n"),
    );
    build(&mut book).code(0);
    book.file_exists("site/images/logo.png")
        .file_exists("site/notes.txt")
        .file_missing("site/images/draft-flow.png");
}
