//! Snapshots of `<main>` of whole pages (theme shell included) of a small fixture book,
//! so a change to templates or contexts shows up as a reviewable diff.

use std::path::Path;

use opsbook::{BuildOptions, build};

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn page_and_home_main_snapshots() {
    // Copied out of the repository, so no git dates ("last updated") enter the snapshot.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render/shell");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture, dir.path());
    let out = build(dir.path(), &BuildOptions::default()).unwrap();
    let errors: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let site = out.site.expect("a site");
    for page in ["ops/deploy.html", "index.html"] {
        let html = site.page(page).unwrap_or_else(|| panic!("{page} missing"));
        insta::assert_snapshot!(page.replace('/', "__"), main_of(html));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
