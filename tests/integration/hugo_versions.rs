//! A versioned Hugo site (`[versions] git-tags` in book.toml beside `hugo.toml`):
//! each tag is built with its own Hugo config and its own `content` mounts, read from
//! the tag's git objects (`source::tag_mounts`).

use crate::harness::BookTest;
use crate::versions::support_git::git;

const HUGO_TOML: &str = "title = \"Ops\"\n[module]\n  [[module.mounts]]\n    source = \"content\"\n    target = \"content\"\n  [[module.mounts]]\n    source = \"../shared/docs\"\n    target = \"content/shared\"\n";

/// The repository holds `book/` (the site) and `shared/docs/`, which the site mounts
/// at `content/shared`. v1.0 also mounts a folder outside the repository; v2.0 drops
/// that mount and adds a page to `shared/docs/`; the working tree changes a shared
/// page without committing it. Each version shows its own mounted pages (a hidden
/// file is none, as on disk); v1.0's
/// outside mount is a `-v` note and v1.0 is built without it.
#[test]
fn each_tag_reads_its_own_hugo_mounts() {
    let mut t = BookTest::empty();
    let outside = format!(
        "{HUGO_TOML}  [[module.mounts]]\n    source = \"../../outside\"\n    target = \"content/far\"\n"
    );
    t.write("book.toml", "[versions]\ngit-tags = \"v*\"\n")
        .write("hugo.toml", outside)
        .write(
            "content/_index.md",
            "---\ntitle: Home\n---\n\nRead [the guide]({{< ref \"shared/guide.md\" >}}).\n",
        )
        .write(
            "../shared/docs/guide.md",
            "---\ntitle: Guide\n---\n\nGuide v1.\n",
        )
        .write(
            "../shared/docs/.wip.md",
            "---\ntitle: Hidden\n---\n\nNot a page.\n",
        );
    let top = t.root().join("..");
    let commit = |message: &str| {
        git(&top, &["add", "-A"]);
        git(&top, &["commit", "-q", "-m", message]);
    };
    git(&top, &["init", "-q"]);
    commit("v1.0");
    git(&top, &["tag", "v1.0"]);
    t.write("hugo.toml", HUGO_TOML)
        .write(
            "../shared/docs/guide.md",
            "---\ntitle: Guide\n---\n\nGuide v2.\n",
        )
        .write(
            "../shared/docs/extra.md",
            "---\ntitle: Extra\n---\n\nNew in v2.\n",
        );
    commit("v2.0");
    git(&top, &["tag", "v2.0"]);
    t.write(
        "../shared/docs/guide.md",
        "---\ntitle: Guide\n---\n\nGuide working tree.\n",
    );

    t.run(["build", "-v", "-o", "../out"])
        .code(0)
        .stderr_contains("v1.0:hugo.toml:")
        .stderr_contains("the mount's source `../../outside` is outside the repository");
    let page = |version: &str, page: &str| t.read(&format!("../out/{version}/{page}"));
    assert!(page("v1.0", "shared/guide.html").contains("Guide v1."));
    assert!(page("v2.0", "shared/guide.html").contains("Guide v2."));
    assert!(page("main", "shared/guide.html").contains("Guide working tree."));
    assert!(page("v2.0", "shared/extra.html").contains("New in v2."));
    assert!(page("v1.0", "index.html").contains("href=\"shared/guide.html\""));
    t.file_missing("../out/v1.0/shared/extra.html")
        .file_missing("../out/v1.0/shared/wip.html")
        .file_missing("../out/v1.0/far");
}
