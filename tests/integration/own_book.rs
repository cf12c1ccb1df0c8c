//! The repository's own book (`book.toml` + `content/`, the user guide and reference)
//! passes `opsbook check` with no error and no warning; a broken link is an error.

use std::fs;
use std::path::Path;

use crate::harness::BookTest;

/// `book.toml` and every file under `content/` of the repository, copied into a temp book.
fn own_book() -> BookTest {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut book = BookTest::empty();
    let toml = fs::read_to_string(repo.join("book.toml")).expect("read the repo's book.toml");
    assert!(
        !toml.contains("[check]"),
        "book.toml sets [check]; this test needs broken links to stay errors"
    );
    book.write(
        "book.toml",
        format!("{toml}\n[check]\nbroken-links = \"error\"\n"),
    );
    let content = repo.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("walk content/");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(repo).expect("below the repo");
            let bytes = fs::read(entry.path()).expect("read a content file");
            book.write(&rel.to_string_lossy(), bytes);
        }
    }
    book
}

#[test]
fn own_book_checks_without_errors_or_warnings() {
    let mut book = own_book();
    book.run(["check"]).code(0);
    assert_eq!(book.stderr_text(), "checked .: no errors\n");
}

#[test]
fn own_book_fails_on_a_broken_link() {
    let mut book = own_book();
    book.write(
        "content/zz-broken.md",
        "# Broken\n\nSee [nothing](missing.md).\n",
    );
    book.run(["check"])
        .code(1)
        .stderr_contains("error[broken-link]: content/zz-broken.md:3:");
}
