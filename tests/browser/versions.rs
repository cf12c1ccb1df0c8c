//! Version switcher (SPEC.md §7, issue 8) in real Chromium: a temp git repository with
//! tags v1.0 and v1.1 (v1.1 adds a page and a heading), built with
//! `opsbook::build_versions` and served from memory. The switcher keeps the page and
//! heading, falls back to the version's home, and reader ticks stay per version.

use std::fs;
use std::path::Path;
use std::time::Instant;

use crate::support::{Chromium, Ui, loud, serve};

#[path = "../support/git.rs"]
mod support_git;
use support_git::git;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const BOOK_TOML: &str = "[book]\ntitle = \"Versioned\"\n\n[environments]\nnames = [\"staging\"]\n\n[versions]\ngit-tags = \"v*\"\n";

/// Tags v1.0 and v1.1; v1.1 adds `backup.md` and the heading `verify` to deploy.md.
fn repo(root: &Path) {
    fs::create_dir_all(root).unwrap();
    write(root, "book.toml", BOOK_TOML);
    write(root, "content/index.md", "# Home\n\nWelcome.\n");
    write(
        root,
        "content/deploy.md",
        "# Deploy\n\n- [ ] Ship it {#step}\n\n## Rollback\n\n- [ ] Roll back {#rollback}\n",
    );
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1.0"]);
    git(root, &["tag", "v1.0"]);
    write(
        root,
        "content/deploy.md",
        "# Deploy\n\n- [ ] Ship it {#step}\n\n## Rollback\n\n- [ ] Roll back {#rollback}\n\n## Verify\n\nLook.\n",
    );
    write(
        root,
        "content/backup.md",
        "# Backup\n\n## Restore\n\n- [ ] Restore {#restore}\n",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1.1"]);
    git(root, &["tag", "v1.1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_switcher_keeps_page_heading_and_ticks_apart() {
    let Some(chromium) = Chromium::or_skip("versions") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    repo(&root);
    let build =
        opsbook::build_versions(&root, &opsbook::VersionOptions::default()).expect("build runs");
    let site = build.site.expect("a site");
    assert!(site.files.contains_key("v1.1/backup.html"));
    assert!(!site.files.contains_key("v1.0/backup.html"));
    let (base, _) = serve(site.files, "/");
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    switch_keeps_page_and_heading(&ui).await;
    missing_page_lands_on_home(&ui).await;
    ticks_stay_in_their_version(&ui).await;
    ui.c.close().await.unwrap();
    loud(&format!(
        "browser version tests took {:?}\n",
        started.elapsed()
    ));
}

/// Picks `version` in the switcher once it is ready; waits for that version's page.
async fn switch_to(ui: &Ui, version: &str) -> String {
    let select = ui
        .wait(".version-switcher[data-ready=\"true\"] select")
        .await;
    select.select_by_value(version).await.unwrap();
    ui.wait(&format!(
        ".version-switcher[data-version=\"{version}\"][data-ready=\"true\"]"
    ))
    .await;
    ui.c.current_url().await.unwrap().to_string()
}

async fn switch_keeps_page_and_heading(ui: &Ui) {
    ui.open("v1.1/deploy.html#rollback").await;
    ui.wait(".version-switcher[data-ready=\"true\"]").await;
    let names = ui
        .js("return Array.from(document.querySelectorAll('.version-switcher select option')).map(function (o) { return o.value; })")
        .await;
    assert_eq!(
        names,
        serde_json::json!(["main", "v1.1", "v1.0"]),
        "the switcher lists every version"
    );
    let url = switch_to(ui, "v1.0").await;
    assert_eq!(url, format!("{}v1.0/deploy.html#rollback", ui.base));
}

async fn missing_page_lands_on_home(ui: &Ui) {
    ui.open("v1.1/backup.html#restore").await;
    let url = switch_to(ui, "v1.0").await;
    assert_eq!(url, format!("{}v1.0/index.html", ui.base));
}

async fn ticks_stay_in_their_version(ui: &Ui) {
    ui.open("v1.1/deploy.html").await;
    ui.click("[id=\"step\"] label").await;
    ui.wait("li#step[data-ck=\"reader\"]").await;
    ui.c.refresh().await.unwrap();
    ui.wait("html.js li#step[data-ck=\"reader\"]").await;
    let url = switch_to(ui, "v1.0").await;
    assert!(
        url.starts_with(&format!("{}v1.0/deploy.html", ui.base)),
        "{url}"
    );
    ui.wait("html.js li#step[data-ck=\"open\"]").await;
    assert_eq!(
        ui.js("return document.getElementById('step').querySelector('.task-box').checked")
            .await,
        false,
        "the v1.1 tick is not shown in v1.0"
    );
}
