//! A Docusaurus site's static folders (`staticDirectories`), whose files are at the
//! site's root (issue 19): the files the pages link to (`/img/a.png`,
//! `pathname:///files/a.pdf`, `../static/img/a.png`) are published there, checked and
//! leak-scanned; the others are not published. And `custom_edit_url: null`, which
//! hides a page's edit link. The fixtures `docusaurus/static_files` and
//! `docusaurus/edit_link` are written for these tests.

use crate::harness::BookTest;
use crate::secrets::{ALNUM, fake};

/// The linked static files are published at the site's root and the links written to
/// them; a missing one is a `broken-link` with the closest static file; a link outside
/// the docs (the blog) is left as it is; an unlinked file is neither published nor
/// scanned, a linked one is scanned under its own path.
#[test]
fn linked_static_files_are_published_checked_and_scanned() {
    let mut book = BookTest::fixture("docusaurus/static_files");
    let token = fake("ghp_", ALNUM, 36, 71);
    book.write(
        "static/files/notes.txt",
        format!("On call: export GITHUB_TOKEN={token}\n"),
    );
    let other = fake("ghp_", ALNUM, 36, 72);
    book.write(
        "static/files/unlinked.txt",
        format!("export GITHUB_TOKEN={other}\n"),
    );
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("index.html")
        .check_main("guides/setup.html");
    for (published, from) in [
        ("site/img/arch.png", "PNG arch\n"),
        ("site/img/setup/steps.png", "PNG steps\n"),
        ("site/files/runbook.pdf", "%PDF-1.4 runbook\n"),
        (
            "site/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
    ] {
        assert_eq!(book.read(published), from, "{published}");
    }
    book.file_missing("site/img/unused.png")
        .file_missing("site/files/unlinked.txt");
}

/// In a versioned build the static files are published once, at the site's root, and
/// every version's pages link there.
#[test]
fn versions_share_the_static_files_at_the_site_root() {
    let mut book = BookTest::fixture("docusaurus/static_files");
    book.write("versions.json", "[\"1.0\"]\n").write(
        "versioned_docs/version-1.0/index.md",
        "# Edge runbooks 1.0\n\n![Architecture](/img/arch.png)\n\n![Old](../../static/img/unused.png)\n",
    );
    book.run(["build"])
        .code(0)
        .stderr_contains("built 2 versions");
    book.file_exists("site/img/arch.png")
        .file_exists("site/img/unused.png")
        .file_exists("site/img/setup/steps.png")
        .file_missing("site/1.0/img")
        .file_missing("site/next/img");
    let page = book.read("site/1.0/index.html");
    for want in [
        "<img src=\"../img/arch.png\"",
        "<img src=\"../img/unused.png\"",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let setup = book.read("site/next/guides/setup.html");
    assert!(
        setup.contains("<img src=\"../../img/setup/steps.png\""),
        "{setup}"
    );
}

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

/// Images written as HTML or JSX (`<img src="/img/a.png">`,
/// `src={require('@site/static/…').default}`, the ideal-image plugin's
/// `<Image img={require('./img/a.png')} />`) and `![](…)` inside a component are
/// published and checked like `![](…)`; a missing one is a `broken-link` at its
/// place, with the closest static file. A route that names no page says so.
#[test]
fn html_and_jsx_images_are_published_and_checked() {
    let mut book = BookTest::fixture("docusaurus/static_files");
    book.write("docs/guides/img/local.png", "PNG local\n").write(
        "docs/guides/images.mdx",
        "# Images\n\n<img src=\"/img/arch.png\" alt=\"Architecture\" width=\"300\" />\n\n\
         Inline <img src={require('@site/static/img/setup/steps.png').default} alt=\"Steps\" /> here.\n\n\
         <Image img={require('./img/local.png')} alt=\"Local\"/>\n\n\
         <div className=\"row\">\n![Logo](/logo.svg)\n</div>\n\n\
         <img src=\"/img/archh.png\" />\n\nSee [the old setup](../setup-old).\n",
    );
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("guides/images.html");
    for (published, from) in [
        ("site/img/arch.png", "PNG arch\n"),
        ("site/img/setup/steps.png", "PNG steps\n"),
        ("site/guides/img/local.png", "PNG local\n"),
    ] {
        assert_eq!(book.read(published), from, "{published}");
    }
}

/// `opsbook serve` watches the static folders: an image a page names, added while it
/// serves, is served after the rebuild it starts (it used to wait for a restart).
#[test]
fn serve_publishes_a_static_file_added_while_serving() {
    let mut book = BookTest::fixture("docusaurus/static_files");
    book.write("docs/new.md", "# New\n\n![Diagram](/img/new-diagram.png)\n");
    let server = crate::serve::Server::start(book.root());
    assert_ne!(server.get("/img/new-diagram.png").0, 200);
    std::fs::write(book.root().join("static/img/new-diagram.png"), "PNG new\n").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (status, body) = server.get("/img/new-diagram.png");
        if status == 200 {
            assert!(body.ends_with("PNG new\n"), "{body}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new static file was not served: {}",
            server.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
