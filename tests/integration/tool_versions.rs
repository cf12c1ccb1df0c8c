//! Versioned MkDocs sites and mdBooks (`[versions] git-tags`): each tag is read with
//! the tool's config and navigation as they were at the tag (its `mkdocs.yml`, its
//! `book.toml` and `SUMMARY.md`), as the working tree is read with its own
//! (`pipeline::versions::tag_from_folder`). A tag from before the tool was adopted is
//! built as a plain folder, with a `-v` note.

use std::path::Path;

use crate::harness::BookTest;
use crate::versions::support_git::git;

fn commit_tag(dir: &Path, tag: Option<&str>) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", tag.unwrap_or("work")]);
    if let Some(tag) = tag {
        git(dir, &["tag", tag]);
    }
}

const MKDOCS_V1: &str =
    "site_name: Ops\ndocs_dir: runbooks\nnav:\n  - Home: index.md\n  - Deploy: deploy.md\n";

const MKDOCS_NOW: &str = "site_name: Ops\nnav:\n  - Home: index.md\n  - Ship: ship.md\n  - Operations:\n    - Roll back: rollback.md\n";

/// v0.9 is a plain folder of runbooks (MkDocs came later); v1.0's `mkdocs.yml` has
/// `docs_dir: runbooks` and a nav of two pages; the working tree moved the pages to
/// `docs/`, renamed `deploy.md` to `ship.md` and added a section. Each version's
/// sidebar is its own nav, its links land, and v0.9 is built from its files with a
/// note saying so.
#[test]
fn an_mkdocs_tag_reads_its_own_mkdocs_yml_and_nav() {
    let mut t = BookTest::empty();
    let root = t.root().to_path_buf();
    t.write("book.toml", "[versions]\ngit-tags = \"v*\"\n")
        .write("checklist.md", "# Checklist\n\n- [ ] Ship it\n");
    git(&root, &["init", "-q"]);
    commit_tag(&root, Some("v0.9"));
    git(&root, &["rm", "-q", "checklist.md"]);
    t.write("mkdocs.yml", MKDOCS_V1)
        .write(
            "runbooks/index.md",
            "# Home\n\nStart with [the deploy](deploy.md).\n",
        )
        .write("runbooks/deploy.md", "# Deploy\n\n- [ ] Deploy v1\n");
    commit_tag(&root, Some("v1.0"));
    git(&root, &["mv", "runbooks", "docs"]);
    git(&root, &["mv", "docs/deploy.md", "docs/ship.md"]);
    t.write("mkdocs.yml", MKDOCS_NOW)
        .write(
            "docs/index.md",
            "# Home\n\nStart with [shipping](ship.md).\n",
        )
        .write("docs/ship.md", "# Ship\n\n- [ ] Ship v2\n")
        .write("docs/rollback.md", "# Roll back\n\n- [ ] Roll back\n");
    commit_tag(&root, None);

    t.run(["build"]).code(0).expect_stderr();
    t.check_main("v1.0/toc.html")
        .check_main("main/toc.html")
        .file_exists("site/v1.0/deploy.html")
        .file_missing("site/v1.0/runbooks")
        .file_missing("site/v1.0/ship.html")
        .file_exists("site/main/rollback.html")
        .file_exists("site/v0.9/checklist.html");
    assert!(
        t.read("site/v1.0/index.html")
            .contains("href=\"deploy.html\"")
    );
    t.run(["build", "-v"]).code(0).stderr_contains(
        "v0.9: the tag has no mkdocs.yml, so it is not read as a MkDocs book: v0.9 is built \
         from its files as they are",
    );
}

const SUMMARY_V1: &str = "# Summary\n\n- [Intro](intro.md)\n- [Deploy](deploy.md)\n";

const SUMMARY_NOW: &str = "# Summary\n\n[Intro](intro.md)\n\n# Runbooks\n\n- [Ship](ship.md)\n    - [Roll back](rollback.md)\n";

/// v1.0's `SUMMARY.md` lists Intro and Deploy, whose page includes a script as of
/// v1.0; the working tree renamed Deploy to Ship, nested Roll back under it and
/// changed the script. Each version's sidebar is its own `SUMMARY.md`, its include
/// its own script, and the mdBook keys of the tag's book.toml are notes, not errors.
#[test]
fn an_mdbook_tag_reads_its_own_summary_and_includes() {
    let mut t = BookTest::empty();
    let root = t.root().to_path_buf();
    t.write(
        "book.toml",
        "[book]\ntitle = \"Ops\"\nauthors = [\"Ops team\"]\n\n[output.html]\nmathjax-support = true\n\n[versions]\ngit-tags = \"v*\"\n",
    )
    .write("src/SUMMARY.md", SUMMARY_V1)
    .write("src/intro.md", "# Intro\n\nSee [Deploy](deploy.md).\n")
    .write(
        "src/deploy.md",
        "# Deploy\n\n```sh\n{{#include ../scripts/deploy.sh}}\n```\n",
    )
    .write("scripts/deploy.sh", "echo deploy v1\n");
    git(&root, &["init", "-q"]);
    commit_tag(&root, Some("v1.0"));
    git(&root, &["mv", "src/deploy.md", "src/ship.md"]);
    t.write("src/SUMMARY.md", SUMMARY_NOW)
        .write("src/intro.md", "# Intro\n\nSee [Ship](ship.md).\n")
        .write(
            "src/ship.md",
            "# Ship\n\n```sh\n{{#include ../scripts/deploy.sh}}\n```\n",
        )
        .write("src/rollback.md", "# Roll back\n\n- [ ] Roll back\n")
        .write("scripts/deploy.sh", "echo ship v2\n");
    commit_tag(&root, None);

    t.run(["build"]).code(0).expect_stderr();
    t.check_main("v1.0/toc.html")
        .check_main("main/toc.html")
        .file_missing("site/v1.0/ship.html")
        .file_missing("site/v1.0/SUMMARY.html")
        .file_exists("site/main/rollback.html");
    assert!(t.read("site/v1.0/deploy.html").contains("deploy v1"));
    assert!(t.read("site/main/ship.html").contains("ship v2"));
}

const NAV_V1: &str =
    "nav:\n  - index.md\n  - Deploy first: deploy.md\n  - Operations:\n    - ops/*.md\n";

const NAV_NOW: &str = "nav:\n  - index.md\n  - ops\n  - Deploy last: deploy.md\n";

const OPS_NAV_NOW: &str = "title: Runbooks\nnav:\n  - rollback.md\n  - restore.md\n";

/// An MkDocs book with awesome-nav: the pages are the same at v1.0 and in the working
/// tree, only the nav files changed (the top `.nav.yml` moved the folder up, a new
/// `ops/.nav.yml` renames it and orders its pages by hand). Each version's sidebar
/// follows the nav files as they were at its tag: v1.0 is not taken for the working
/// tree's twin because its pages are.
#[test]
fn an_mkdocs_tag_reads_its_own_awesome_nav_files() {
    let mut t = BookTest::empty();
    let root = t.root().to_path_buf();
    t.write("book.toml", "[versions]\ngit-tags = \"v*\"\n")
        .write("mkdocs.yml", "site_name: Ops\nplugins:\n  - awesome-nav\n")
        .write(
            "docs/index.md",
            "# Home\n\nStart with [the deploy](deploy.md).\n",
        )
        .write("docs/deploy.md", "# Deploy\n\n- [ ] Deploy\n")
        .write("docs/ops/rollback.md", "# Roll back\n\n- [ ] Roll back\n")
        .write("docs/ops/restore.md", "# Restore\n\n- [ ] Restore\n")
        .write("docs/.nav.yml", NAV_V1);
    git(&root, &["init", "-q"]);
    commit_tag(&root, Some("v1.0"));
    t.write("docs/.nav.yml", NAV_NOW)
        .write("docs/ops/.nav.yml", OPS_NAV_NOW);
    commit_tag(&root, None);

    t.run(["build"]).code(0).expect_stderr();
    t.check_main("v1.0/toc.html").check_main("main/toc.html");
}
