//! The CLI contract, through the real binary: exit codes, stderr, what is (not) written.

use std::fs;
use std::path::Path;

use clap::CommandFactory as _;
use opsbook::cli::Cli;

use crate::harness::BookTest;

#[test]
fn verify_cli() {
    Cli::command().debug_assert();
}

#[test]
fn minimal_book_builds_with_exit_0() {
    BookTest::fixture("cli/minimal")
        .run(["build"])
        .code(0)
        .expect_stderr()
        .file_exists("site/index.html")
        .file_exists("site/.opsbook-output");
}

#[test]
fn quiet_build_prints_nothing_on_success() {
    BookTest::fixture("cli/minimal")
        .run(["-q", "build"])
        .code(0)
        .stderr_is_empty()
        .stdout("");
}

#[test]
fn verbose_build_explains() {
    BookTest::fixture("cli/minimal")
        .run(["build", "-v"])
        .code(0)
        .stderr_contains("parse:")
        .stderr_contains("built into the staging folder in")
        .stderr_contains(" file(s) into");
}

/// `--version` names the commit the binary was built from (build.rs): the checkout's
/// HEAD, with its date.
#[test]
fn version_and_help_exit_0() {
    let mut t = BookTest::empty();
    t.run(["--version"]).code(0);
    let version = env!("CARGO_PKG_VERSION");
    let head = std::process::Command::new("git")
        .args(["log", "-1", "--abbrev=9", "--format=%h %cs"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match head {
        Some(commit) => t.stdout(&format!("opsbook {version} ({commit})\n")),
        None => t.stdout_contains(&format!("opsbook {version} (")),
    };
    BookTest::empty()
        .run(["build", "--help"])
        .code(0)
        .stdout_contains("--out <OUT>");
}

#[test]
fn bad_flag_exits_2() {
    BookTest::fixture("cli/minimal")
        .run(["build", "--bogus"])
        .code(2)
        .expect_stderr()
        .file_missing("site");
    BookTest::empty().run(["frobnicate"]).code(2);
    BookTest::empty().run(["-q", "-v", "check"]).code(2);
}

#[test]
fn missing_book_folder_exits_1() {
    BookTest::empty()
        .run(["build", "nope"])
        .code(1)
        .expect_stderr();
}

#[test]
fn unknown_key_names_place_key_and_allowed_keys() {
    BookTest::fixture("cli/unknown_key")
        .run(["build"])
        .code(1)
        .expect_stderr()
        .file_missing("site");
}

#[test]
fn invalid_front_matter_is_located() {
    BookTest::fixture("cli/bad_front_matter")
        .run(["build"])
        .code(1)
        .expect_stderr()
        .file_missing("site");
}

#[test]
fn broken_link_is_located() {
    let mut book = BookTest::fixture("cli/broken_link");
    book.run(["build"])
        .code(1)
        .expect_stderr()
        .file_missing("site");
    book.run(["check"]).code(1).expect_stderr();
}

/// Runs a build that must be refused, snapshots the reason and checks that nothing
/// changed anywhere.
fn assert_refused(book: &mut BookTest, args: &[&str]) {
    let before = book.tree_all();
    book.run(args).code(1).expect_stderr();
    assert_eq!(book.tree_all(), before, "opsbook {args:?} changed files");
}

#[test]
fn refuses_content_as_output() {
    let mut book = BookTest::fixture("cli/minimal");
    assert_refused(&mut book, &["build", "-o", "content"]);
    assert_refused(&mut book, &["build", "-o", "content/x"]);
}

#[test]
fn refuses_the_book_folder_and_above() {
    let mut book = BookTest::fixture("cli/minimal");
    assert_refused(&mut book, &["build", "-o", "."]);
    assert_refused(&mut book, &["build", "-o", ".."]);
}

#[test]
fn refuses_a_configured_output_inside_content() {
    let mut book = BookTest::fixture("cli/minimal");
    book.write("book.toml", "[site]\noutput = \"content/site\"\n");
    assert_refused(&mut book, &["build"]);
}

#[test]
fn refuses_a_non_empty_foreign_folder() {
    let mut book = BookTest::fixture("cli/minimal");
    book.write("site/notes.txt", "my notes");
    assert_refused(&mut book, &["build"]);
    assert_eq!(book.read("site/notes.txt"), "my notes");
}

#[test]
fn operational_failure_prints_the_cause_chain() {
    BookTest::fixture("cli/minimal")
        .run(["build", "-o", "content/index.md/x"])
        .code(1)
        .expect_stderr();
    BookTest::fixture("cli/minimal")
        .write("notdir", "a file")
        .run(["build", "-o", "notdir/site"])
        .code(1)
        .expect_stderr();
}

#[test]
fn output_is_relative_to_the_current_folder() {
    let mut book = BookTest::fixture("cli/minimal");
    book.run_in("..", ["build", "book", "-o", "out"])
        .code(0)
        .expect_stderr();
    assert!(book.root().join("../out/index.html").is_file());
    book.file_missing("site").file_missing("out");
    book.run_in("..", ["build", "book"]).code(0).expect_stderr();
    book.file_exists("site/index.html");
}

#[test]
fn default_output_follows_book_toml() {
    BookTest::fixture("cli/minimal")
        .write("book.toml", "[site]\noutput = \"public\"\n")
        .run(["build"])
        .code(0)
        .expect_stderr()
        .file_exists("public/index.html")
        .file_missing("site");
}

#[test]
fn failed_build_keeps_the_previous_site() {
    let mut book = BookTest::fixture("cli/minimal");
    book.run(["build"]).code(0);
    let good = book.tree("site");
    assert!(good.contains_key("index.html"));
    book.write("book.toml", "[book]\ntitel = \"x\"\n");
    book.run(["build"]).code(1).expect_stderr();
    assert_eq!(book.tree("site"), good);
    let siblings = book.tree("");
    assert!(
        !siblings.keys().any(|k| k.contains("opsbook-staging")),
        "{:?}",
        siblings.keys()
    );
}

#[test]
fn rebuild_replaces_the_site() {
    let mut book = BookTest::fixture("cli/minimal");
    book.run(["build"]).code(0);
    book.write("site/stale.html", "old");
    book.run(["build"])
        .code(0)
        .file_missing("site/stale.html")
        .file_exists("site/index.html");
}

#[test]
fn two_builds_give_identical_bytes() {
    let mut book = BookTest::fixture("cli/minimal");
    book.run(["build"]).code(0);
    let first = book.tree("site");
    book.run(["build"]).code(0);
    assert_eq!(book.tree("site"), first);
    book.run(["build", "-o", "again"]).code(0);
    assert_eq!(book.tree("again"), first);
}

#[test]
fn check_writes_nothing() {
    let mut book = BookTest::fixture("cli/minimal");
    let before = book.tree_all();
    book.run(["check"]).code(0).expect_stderr();
    assert_eq!(book.tree_all(), before);
    let mut bad = BookTest::fixture("cli/unknown_key");
    let before = bad.tree_all();
    bad.run(["check"]).code(1).expect_stderr();
    assert_eq!(bad.tree_all(), before);
}

/// Like just's `bin/forbid`: no debugging leftovers or stubs in `src/`.
#[test]
fn no_forbidden_macros_in_src() {
    let forbidden = [
        concat!("dbg", "!("),
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
    ];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src/");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(entry.path()).expect("read a source file");
        for (n, line) in text.lines().enumerate() {
            if forbidden.iter().any(|f| line.contains(f)) {
                found.push(format!(
                    "{}:{}: {}",
                    entry.path().display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "forbidden macros in src/:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_content_link_that_leads_nowhere_keeps_the_last_site() {
    let mut t = BookTest::empty();
    t.write("book.toml", "[book]\ntitle = \"T\"\n")
        .write("content/index.md", "# Home\n\n- [ ] a\n")
        .run(["build"])
        .code(0);
    let before = t.tree("site");
    std::fs::rename(t.root().join("content"), t.root().join("moved")).unwrap();
    std::os::unix::fs::symlink("gone", t.root().join("content")).unwrap();
    t.run(["build"]).code(1).expect_stderr();
    assert_eq!(before, t.tree("site"), "the last good site stays");
    std::fs::remove_file(t.root().join("content")).unwrap();
    std::os::unix::fs::symlink("content", t.root().join("content")).unwrap();
    t.run(["build"]).code(1);
    assert_eq!(before, t.tree("site"), "a link to itself too");
}

#[test]
fn links_inside_content_are_skipped_and_one_leading_out_is_a_warning() {
    let mut t = BookTest::empty();
    t.write("book.toml", "[book]\ntitle = \"T\"\n")
        .write("content/index.md", "# Home\n")
        .write("../outside.md", "# Not in the book\n");
    std::os::unix::fs::symlink("index.md", t.root().join("content/same.md")).unwrap();
    std::os::unix::fs::symlink("../../outside.md", t.root().join("content/out.md")).unwrap();
    t.run(["build"]).code(0).expect_stderr();
    t.file_missing("site/out.html")
        .file_missing("site/same.html");
}
