//! An mdBook built as it is (issue 19): its book.toml with mdBook's keys beside
//! opsbook's, SUMMARY.md as the sidebar (parts, separators, a draft chapter, nested
//! chapters, a page it does not list), `{{#include}}` with a line range and an anchor.
//! The fixture `mdbook/guide` is written for these tests. Two real mdBooks (mdBook's
//! own guide, Synapse's docs) are built from `$OPSBOOK_EXTRA_CORPUS/mdbook/` when they
//! are there (they are not in the repository); without them the tests say so and pass.

use std::path::PathBuf;

use crate::harness::BookTest;

#[test]
fn guide_builds_with_summary_sidebar_includes_and_notes() {
    let mut book = BookTest::fixture("mdbook/guide");
    book.run(["build", "-v"]).code(0);
    // The notes `-v` adds for the book, and the summary (timings and files written,
    // the same for every book, left out).
    let notes: Vec<String> = book
        .stderr_text()
        .lines()
        .filter(|l| l.starts_with(" INFO") || l.starts_with("built "))
        .filter(|l| !l.contains("INFO built ") && !l.contains(" wrote "))
        .map(|l| match l.strip_prefix("built ") {
            Some(_) => l
                .rsplit_once(" in ")
                .map_or(l, |(head, _)| head)
                .to_string(),
            None => l.trim().to_string(),
        })
        .collect();
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("mdbook__guide_verbose_notes", notes.join("\n"));
    });
    book.check_main("toc.html")
        .check_main("deploy/database.html")
        .check_main("deploy/rollback.html")
        .file_exists("site/notes.html")
        .file_missing("site/SUMMARY.html");
    let page = book.read("site/oncall.html");
    assert!(
        page.contains("<title>On call rota"),
        "{{#title}} names the page"
    );
}

#[test]
fn summary_link_to_a_missing_file_and_bad_includes_are_errors_with_places() {
    let mut book = BookTest::fixture("mdbook/guide");
    let summary = book.read("src/SUMMARY.md");
    book.write(
        "src/SUMMARY.md",
        summary.replace("(oncall.md)", "(on-call.md)"),
    )
    .write(
        "src/misc/contributors.md",
        "# Contributors\n\n{{#include ../../../../outside.md}}\n\n```rust\n{{#include ../code/undo.rs:redo}}\n```\n{{#include gone.md}}\n",
    )
    // A page SUMMARY.md does not list: mdBook does not publish it, its broken link is
    // a warning.
    .write("src/notes.md", "# Notes\n\nSee [the old page](old.md).\n");
    book.run(["build"]).code(1).expect_stderr();
}

/// Another preprocessor's directive (Cluster API's `{{#releaselink}}`) is shown as
/// written, with a warning at its place; in code it is an example and stays quiet.
#[test]
fn other_preprocessors_directives_are_warned_where_shown() {
    let mut book = BookTest::fixture("mdbook/guide");
    book.write(
        "src/oncall.md",
        "# On call\n\nGet {{#releaselink repo:\"acme/ops\" asset:\"ops.yaml\"}}.\n\n```\n{{#embed-github repo:\"acme/ops\" file:\"main.go\"}}\n```\n",
    );
    book.run(["build"])
        .code(0)
        .stderr_contains("warning[shortcode]: src/oncall.md:3:5: opsbook does not run mdBook preprocessor `releaselink`; the text is shown as written")
        .stderr_lacks("embed-github");
    let page = book.read("site/oncall.html");
    assert!(page.contains("{{#releaselink repo:"), "shown as written");
}

#[test]
fn without_mdbook_signs_its_keys_are_still_errors() {
    let mut book = BookTest::empty();
    book.write("book.toml", "[book]\nauthors = [\"A\"]\n")
        .write("content/index.md", "# Home\n");
    book.run(["build"])
        .code(1)
        .stderr_contains("unknown key `authors` in [book]");
}

/// mdBook's own guide (rust-lang/mdBook, `guide/`), with the repository around it for
/// its includes, when `$OPSBOOK_EXTRA_CORPUS/mdbook/mdBook/` (else `../shared/corpus/extra/mdbook/`
/// beside the crate) holds a checkout, tried at commit
/// 641d06abe7d10d981ed61dd2711a30e4119666cd: no error, no warning, and the sidebar is
/// SUMMARY.md's.
#[test]
fn real_mdbook_guide_builds_without_false_errors() {
    let Some((stderr, toc)) = build_real("mdBook", "guide") else {
        return;
    };
    assert!(
        !stderr.contains("error") && !stderr.contains("warning"),
        "{stderr}"
    );
    let user = toc.find("User guide").expect("the part title");
    let install = toc.find("Installation").expect("a chapter");
    assert!(user < install, "SUMMARY.md's order");
}

/// Synapse's docs (matrix-org/synapse, book.toml at the root with `src = "docs"`),
/// tried at commit be65a8ec0195955c15fdb179c9158b187638e39a: no error; the warnings
/// are the broken links of the pages SUMMARY.md does not list (old changelogs that
/// link `docs/upgrade.md` from where they once were), which mdBook does not publish.
#[test]
fn real_synapse_docs_build_without_errors() {
    let Some((stderr, toc)) = build_real("synapse", ".") else {
        return;
    };
    assert!(!stderr.contains("error"), "{stderr}");
    let warnings = stderr.matches("warning[broken-link]").count();
    let unlisted = stderr.matches("the page is not in SUMMARY.md").count();
    assert_eq!(warnings, unlisted, "{stderr}");
    assert!(toc.contains("Welcome and Overview"), "SUMMARY.md's titles");
}

/// Builds `book` of the real repository `name` into a temp folder: its stderr and
/// `toc.html`; `None` (after saying so) without the checkout.
fn build_real(name: &str, book: &str) -> Option<(String, String)> {
    let repo = corpus(name)?;
    let out = tempfile::tempdir().expect("a temp dir");
    let dir = repo.join(book).display().to_string();
    let out_dir = out.path().display().to_string();
    let mut test = BookTest::empty();
    test.run(["build", &dir, "-o", &out_dir]);
    let stderr = test.stderr_text();
    assert_eq!(test.exit_code(), Some(0), "{stderr}");
    let toc = std::fs::read_to_string(out.path().join("toc.html")).expect("toc.html");
    Some((stderr, toc))
}

fn corpus(name: &str) -> Option<PathBuf> {
    crate::harness::extra_corpus(&format!("mdbook/{name}"))
}

/// `[output.html.redirect]` (the rustc dev guide has 38): each old path is a redirect
/// page leading where mdBook sends it (from the root or the old path's folder, a
/// folder's `index.html`); a target on another site is left to the host, and an old
/// path that is a page or a target that is none are warnings at their place. A link
/// to a missing heading is a warning in an mdBook, which checks none.
#[test]
fn output_html_redirects_are_made_and_missing_headings_are_warnings() {
    let mut book = BookTest::fixture("mdbook/guide");
    let toml = book.read("book.toml").replace(
        "[output.html.search]",
        "[output.html.redirect]\n\
         \"/old-oncall.html\" = \"oncall.html\"\n\
         \"/deploy/db.html\" = \"database.html#top\"\n\
         \"/ops/rollback.html\" = \"../deploy/rollback.html\"\n\
         \"/start/index.html\" = \"/\"\n\
         \"/elsewhere.html\" = \"https://example.com/ops/\"\n\
         \"/oncall.html\" = \"deploy/README.md\"\n\
         \"/gone.html\" = \"deploy/databse.html\"\n\n\
         [output.html.search]",
    );
    book.write("book.toml", toml).write(
        "src/oncall.md",
        "# On call\n\nSee [the rota](#rota) and [rollback](deploy/rollback.md#nowhere).\n",
    );
    book.run(["build"]).code(0);
    let err = book.stderr_text();
    for line in [
        "warning[config]: book.toml:22:1: `/oncall.html` is a page of the book already; no redirect is made there",
        "warning[config]: book.toml:23:1: `deploy/databse.html` is no page of the book; the redirect from `/gone.html` is not made",
        "hint: did you mean `deploy/database.html`?",
        "warning[broken-link]: src/oncall.md:3:5: `#rota`",
        "warning[broken-link]: src/oncall.md:3:27: `deploy/rollback.md#nowhere`",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    assert_eq!(
        crate::docusaurus::redirects_of(&book),
        [
            "deploy/db.html -> ../deploy/database.html",
            "old-oncall.html -> oncall.html",
            "ops/rollback.html -> ../deploy/rollback.html",
            "start/index.html -> ../index.html",
        ]
    );
}
