//! Versioned sites (SPEC.md §7, issue 8) through the real binary, on a real git
//! repository made in a temp folder: one copy per tag, read from git objects while the
//! working tree, index, HEAD and stash stay as they were.

use std::path::Path;

use crate::harness::BookTest;
#[path = "../support/git.rs"]
pub(crate) mod support_git;
use support_git::git;

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

const BOOK_TOML: &str = "[book]\ntitle = \"Ops\"\n\n[versions]\ngit-tags = \"v*\"\n";

fn deploy(text: &str) -> String {
    format!("# Deploy\n\n{text}\n\n## Rollback\n\n- [ ] Roll back\n")
}

/// A book with tags v1.0 (lightweight), v1.1 (annotated, adds backup.md), v1.9,
/// v1.10; a stash entry; then uncommitted, staged and untracked changes.
fn repo() -> BookTest {
    let mut t = BookTest::empty();
    t.write("book.toml", BOOK_TOML)
        .write("content/index.md", "# Home\n\nWelcome.\n")
        .write("content/deploy.md", deploy("Deploy text v1.0."));
    let root = t.root().to_path_buf();
    git(&root, &["init", "-q"]);
    commit_all(&root, "v1.0");
    git(&root, &["tag", "v1.0"]);
    t.write("content/deploy.md", deploy("Deploy text v1.1."))
        .write(
            "content/backup.md",
            "# Backup\n\n## Verify\n\nBackup text.\n",
        );
    commit_all(&root, "v1.1");
    git(&root, &["tag", "-a", "v1.1", "-m", "release 1.1"]);
    for v in ["v1.9", "v1.10"] {
        t.write("content/deploy.md", deploy(&format!("Deploy text {v}.")));
        commit_all(&root, v);
        git(&root, &["tag", v]);
    }
    t.write("content/index.md", "# Home\n\nStashed.\n");
    git(&root, &["stash", "-q"]);
    t.write("content/deploy.md", deploy("Deploy text working tree."))
        .write("content/new.md", "# New\n\nUntracked page.\n")
        .write(
            "content/backup.md",
            "# Backup\n\n## Verify\n\nStaged text.\n",
        );
    git(&root, &["add", "content/backup.md"]);
    t
}

/// Status, HEAD, stash list and index of the repository.
fn repo_state(dir: &Path) -> [String; 4] {
    [
        git(dir, &["status", "--porcelain", "--untracked-files=all"]),
        git(dir, &["rev-parse", "HEAD"]),
        git(dir, &["stash", "list"]),
        git(dir, &["ls-files", "-s"]),
    ]
}

fn json(t: &BookTest, rel: &str) -> serde_json::Value {
    serde_json::from_str(&t.read(rel)).expect("valid JSON")
}

#[test]
fn each_tag_is_built_from_git_objects_without_touching_the_repository() {
    let mut t = repo();
    let root = t.root().to_path_buf();
    let before = repo_state(&root);
    t.run(["build", "-o", "../out"]).code(0).expect_stderr();
    assert_eq!(repo_state(&root), before, "the repository changed");
    for (v, text) in [
        ("v1.0", "Deploy text v1.0."),
        ("v1.1", "Deploy text v1.1."),
        ("v1.9", "Deploy text v1.9."),
        ("v1.10", "Deploy text v1.10."),
        ("main", "Deploy text working tree."),
    ] {
        let html = t.read(&format!("../out/{v}/deploy.html"));
        assert!(html.contains(text), "{v}/deploy.html lacks {text:?}");
        // The page does not name its version (the scripts read it from the folder).
        for named in [
            format!(r#""version":"{v}""#),
            format!(r#"data-version="{v}""#),
        ] {
            assert!(!html.contains(&named), "{v}: names its version: {named}");
        }
    }
    // So a page unchanged between two tags is the same file in both.
    assert_eq!(
        t.read("../out/v1.9/backup.html"),
        t.read("../out/v1.10/backup.html")
    );
    assert!(t.read("../out/main/backup.html").contains("Staged text."));
    assert!(t.read("../out/main/new.html").contains("Untracked page."));
    assert!(
        t.read("../out/main/index.html").contains("Welcome."),
        "stash leaked"
    );
    t.file_missing("../out/v1.0/backup.html")
        .file_missing("../out/v1.1/new.html")
        .file_exists("../out/v1.1/backup.html");
}

#[test]
fn versions_json_lists_versions_newest_first_in_version_order() {
    let mut t = repo();
    t.run(["build", "-o", "../out"]).code(0);
    let v = json(&t, "../out/versions.json");
    let names: Vec<&str> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["main", "v1.10", "v1.9", "v1.1", "v1.0"]);
    assert_eq!(v["default"], "v1.10");
    let v11 = &v["versions"][3];
    let commit = git(t.root(), &["rev-parse", "v1.1^{commit}"]);
    assert_eq!(
        v11["commit"].as_str(),
        Some(commit.trim()),
        "annotated tag is peeled"
    );
    assert_eq!(v11["path"], "v1.1/");
    assert_eq!(v11["date"], "2026-01-02T03:04:05Z");
    assert_eq!(v11["default"], false);
    assert_eq!(v["versions"][1]["default"], true);
    assert_eq!(v["versions"][0]["current"], true);
    let head = git(t.root(), &["rev-parse", "HEAD"]);
    assert_eq!(v["versions"][0]["commit"].as_str(), Some(head.trim()));
}

#[test]
fn same_repository_gives_the_same_bytes() {
    let mut t = repo();
    t.run(["build", "-o", "../out"]).code(0);
    t.run(["build", "-o", "../out2"]).code(0);
    assert_eq!(t.tree("../out"), t.tree("../out2"));
}

#[test]
fn root_redirects_to_the_default_version_without_javascript() {
    let mut t = repo();
    t.run(["build", "-o", "../out"]).code(0);
    let html = t.read("../out/index.html");
    assert!(html.contains(r#"<meta http-equiv="refresh" content="0; url=v1.10/index.html">"#));
    assert!(html.contains(r#"<a href="v1.10/index.html">"#));
}

#[test]
fn default_can_be_the_working_tree_and_tags_can_be_capped() {
    let mut t = repo();
    t.write(
        "book.toml",
        format!("{BOOK_TOML}current = \"dev\"\ndefault = \"current\"\nmax-tags = 2\n"),
    );
    t.run(["build", "-o", "../out"]).code(0);
    let v = json(&t, "../out/versions.json");
    let names: Vec<&str> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dev", "v1.10", "v1.9"]);
    assert_eq!(v["default"], "dev");
    assert!(t.read("../out/index.html").contains("url=dev/index.html"));
    t.file_missing("../out/404.html");
}

#[test]
fn with_a_site_url_each_version_has_its_base_and_the_root_has_a_404() {
    let mut t = repo();
    t.write(
        "book.toml",
        format!("[site]\nurl = \"https://acme.github.io/runbooks\"\n\n{BOOK_TOML}"),
    );
    t.run(["build", "-o", "../out"]).code(0);
    assert!(
        t.read("../out/v1.0/404.html")
            .contains(r#"<base href="/runbooks/v1.0/">"#)
    );
    assert!(
        t.read("../out/404.html")
            .contains(r#"<base href="/runbooks/v1.10/">"#)
    );
}

#[test]
fn switcher_data_knows_which_pages_and_headings_each_version_has() {
    let mut t = repo();
    t.run(["build", "-o", "../out"]).code(0);
    let page = t.read("../out/v1.1/deploy.html");
    assert!(
        page.contains(
            r#"class="version-switcher js-only" data-root="" data-current="deploy.html""#
        )
    );
    assert!(page.contains(r#"<script src="static/versions.js" defer></script>"#));
    assert!(page.contains(r#"class="version-banner"#));
    t.file_exists("../out/v1.1/static/versions.js");
    let v10 = json(&t, "../out/v1.0/pages.json");
    assert_eq!(v10["version"], "v1.0");
    assert!(
        v10["pages"]["deploy.html"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "rollback")
    );
    assert!(
        v10["pages"].get("backup.html").is_none(),
        "backup.html is new in v1.1"
    );
    assert!(v10["pages"].get("index.html").is_some());
    let v11 = json(&t, "../out/v1.1/pages.json");
    assert!(
        v11["pages"]["backup.html"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "verify")
    );
}

#[test]
fn a_tag_that_does_not_build_is_named_and_left_out() {
    let mut t = repo();
    let root = t.root().to_path_buf();
    git(&root, &["stash", "-q"]);
    git(&root, &["stash", "drop", "-q"]);
    git(&root, &["stash", "-q", "-u"]);
    t.write("content/broken.md", "# Broken\n\nSee [gone](gone.md).\n");
    commit_all(&root, "broken");
    git(&root, &["tag", "v2.0"]);
    git(&root, &["rm", "-q", "content/broken.md"]);
    git(&root, &["commit", "-q", "-m", "fix"]);
    t.run(["build", "-o", "../out"]).code(1).expect_stderr();
    t.file_exists("../out/v1.10/deploy.html")
        .file_missing("../out/v2.0/index.html");
    let v = json(&t, "../out/versions.json");
    assert_eq!(v["default"], "v1.10", "a failed tag is not the default");

    t.run(["build", "-o", "../out2", "--strict"])
        .code(1)
        .expect_stderr()
        .file_missing("../out2");
}

#[test]
fn outside_git_the_working_tree_is_built_alone_with_a_note() {
    let mut t = BookTest::empty();
    t.write("book.toml", BOOK_TOML)
        .write("content/index.md", "# Home\n\nAlone.\n");
    t.run(["build", "-o", "../out"]).code(0).expect_stderr();
    assert!(t.read("../out/index.html").contains("Alone."));
    t.file_missing("../out/versions.json");
}

#[test]
fn without_matching_tags_the_working_tree_is_built_alone_with_a_note() {
    let mut t = BookTest::empty();
    t.write("book.toml", BOOK_TOML)
        .write("content/index.md", "# Home\n\nNo tags.\n");
    let root = t.root().to_path_buf();
    git(&root, &["init", "-q"]);
    commit_all(&root, "first");
    git(&root, &["tag", "release-1"]);
    t.run(["build", "-o", "../out"]).code(0).expect_stderr();
    assert!(t.read("../out/index.html").contains("No tags."));
    t.file_missing("../out/versions.json");
}

#[test]
fn quiet_non_tty_build_draws_no_progress_bar() {
    let mut t = repo();
    t.run(["-q", "build", "-o", "../out"])
        .code(0)
        .stderr_is_empty();
    t.run(["build", "-o", "../out"]).code(0).stderr_lacks("[#");
}

#[test]
fn team_state_comes_from_each_versions_own_state_folder() {
    let mut t = BookTest::empty();
    t.write("book.toml", BOOK_TOML)
        .write("content/deploy.md", deploy("Deploy."))
        .write("state/production.yaml", "old-step:\n  done: true\n");
    let root = t.root().to_path_buf();
    git(&root, &["init", "-q"]);
    commit_all(&root, "v1.0");
    git(&root, &["tag", "v1.0"]);
    std::fs::remove_file(root.join("state/production.yaml")).unwrap();
    t.run(["build", "-o", "../out"]).code(0).expect_stderr();
}

#[test]
fn a_tags_book_toml_is_scanned_for_secrets_too() {
    let mut t = BookTest::empty();
    let token = ["ghp_", "Zq9RtVbNm3KpLw7XsYd2Fg8HjQ4cTe6Ua1Bo"].concat();
    t.write(
        "book.toml",
        format!("{BOOK_TOML}\n[site]\nedit-url = \"https://x:{token}@git.example.org/{{path}}\"\n"),
    )
    .write("content/index.md", "# Home\n");
    let root = t.root().to_path_buf();
    git(&root, &["init", "-q"]);
    commit_all(&root, "leaky");
    git(&root, &["tag", "v1.0"]);
    t.write("book.toml", BOOK_TOML);
    commit_all(&root, "fixed");
    t.run(["build", "-o", "../out"]).code(1);
    let stderr = t.stderr_text();
    assert!(
        stderr.contains("v1.0") && stderr.contains("book.toml"),
        "{stderr}"
    );
    assert!(stderr.contains("secret-leak"), "{stderr}");
    assert!(!stderr.contains(&token[4..]), "{stderr}");
    t.file_missing("../out/v1.0/index.html");
}

/// A tag's hidden files that its pages link to, and its issue templates, are in its
/// copy as in the working tree's (read from the tag's git objects).
#[test]
fn each_tag_publishes_its_linked_hidden_files_and_issue_templates() {
    let mut t = BookTest::empty();
    t.write("book.toml", BOOK_TOML)
        .write(
            "README.md",
            "# Project\n\nReleases run [the workflow](.github/workflows/release.yaml) \
             and follow [the checklist](.github/ISSUE_TEMPLATE/release.md).\n",
        )
        .write(".github/workflows/release.yaml", "on: push # v1.0\n")
        .write(".github/workflows/ci.yaml", "on: push\n")
        .write(
            ".github/ISSUE_TEMPLATE/release.md",
            "---\nname: Release\n---\n\n## Ship\n\n- [ ] Tag it\n",
        );
    let root = t.root().to_path_buf();
    git(&root, &["init", "-q"]);
    commit_all(&root, "v1.0");
    git(&root, &["tag", "v1.0"]);
    t.write(".github/workflows/release.yaml", "on: push # main\n");
    t.run(["build", "-o", "../out"]).code(0);
    assert_eq!(
        t.read("../out/v1.0/github/workflows/release.yaml"),
        "on: push # v1.0\n"
    );
    assert!(
        t.read("../out/v1.0/index.html")
            .contains("href=\"github/workflows/release.yaml\"")
    );
    t.file_exists("../out/v1.0/github/ISSUE_TEMPLATE/release.html")
        .file_missing("../out/v1.0/github/workflows/ci.yaml");
}

/// A Docusaurus site's tag is read with its own layout, as the working tree is: its
/// `docusaurus.config.js`, sidebars files and other docs instances (`community/`) as
/// of the tag, not the tag's folder as plain runbooks (where `docs/intro.md` and
/// `community/intro.md` would clash). A problem in a tag's instance names the tag.
#[test]
fn a_docusaurus_tag_is_read_with_its_docs_instances() {
    let mut t = BookTest::fixture("docusaurus/instances");
    t.write(
        "book.toml",
        "[environments]\nnames = [\"staging\", \"production\"]\n\n[versions]\ngit-tags = \"v*\"\n",
    );
    let root = t.root().to_path_buf();
    git(&root, &["init", "-q"]);
    commit_all(&root, "v1.0");
    git(&root, &["tag", "v1.0"]);
    t.write("community/events.md", "# Events\n\nMeetups since v1.0.\n");
    let sidebars = std::fs::read_to_string(root.join("sidebarsCommunity.js")).expect("read");
    t.write(
        "sidebarsCommunity.js",
        sidebars.replace("'support',", "'support',\n    'events',"),
    );
    commit_all(&root, "events");
    t.run(["build"]).code(0).stderr_lacks("duplicate");
    t.file_exists("site/v1.0/intro.html")
        .file_exists("site/v1.0/community/support.html")
        .file_missing("site/v1.0/community/events.html")
        .file_exists("site/main/community/events.html");
    assert!(!t.read("site/v1.0/toc.html").contains("events.html"));
    assert!(
        t.read("site/main/toc.html")
            .contains("community/events.html")
    );
    t.write(
        "community/intro.md",
        "# Community\n\nSee [events](event.md) and [the agenda](events.md#agenda).\n",
    );
    commit_all(&root, "a broken link and anchor");
    git(&root, &["tag", "v1.1"]);
    // A broken anchor is a warning on a Docusaurus site (its `onBrokenAnchors`
    // default); a missing page fails the build, placed in the tag.
    t.run(["build"])
        .code(1)
        .stderr_contains("error[broken-link]: v1.1:community/intro.md:3:5: `event.md`")
        .stderr_contains("warning[broken-link]: v1.1:community/intro.md:3:");
}
