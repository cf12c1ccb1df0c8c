//! Browser tests for search and print (issue 6): a book whose `[site] url` has a base
//! path, served under `/runbooks/` by the static server, which logs every request.
//! Search finds checklist items by a word of their text, the keyboard moves through the
//! results and Enter opens the page at the item; every index file is fetched under the
//! base path. Print media (emulated through chromedriver's CDP bridge) hides the sidebar
//! and leaves unticked boxes empty.

use std::fs;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use crate::support::{Chromium, Files, Ui, loud, serve};

const BOOK_TOML: &str =
    "[book]\ntitle = \"Search fixture\"\n\n[site]\nurl = \"https://acme.github.io/runbooks/\"\n";

const RUNBOOK: &str = "# Rotate the brokers

Keep the queue healthy while brokers restart.

- [x] Page the on-call owner {#page}
- [ ] Drain the zeppelin queue {#drain}
- [ ] Restart the zeppelin workers {#restart}
- [ ] Confirm the dashboards are green {#confirm}
";

/// Where the site is mounted, as on GitHub Pages for `acme.github.io/runbooks/`.
const MOUNT: &str = "/runbooks/";

/// The fixture book with a base path, built; returns the site's files.
fn build_book(root: &Path) -> Files {
    fs::create_dir_all(root.join("content/ops")).unwrap();
    fs::write(root.join("book.toml"), BOOK_TOML).unwrap();
    fs::write(root.join("content/ops/rotate.md"), RUNBOOK).unwrap();
    let many: String = (1..=12)
        .map(|n| format!("- [ ] Restart the shard {n} backups {{#shard-{n}}}\n"))
        .collect();
    fs::write(
        root.join("content/ops/shards.md"),
        format!("# Shards\n\n{many}"),
    )
    .unwrap();
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    build.site.expect("a site").files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_print_work_under_a_base_path() {
    let Some(chromium) = Chromium::or_skip("search") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let (base, log) = serve(build_book(&tmp.path().join("book")), MOUNT);
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    let steps = async {
        search_opens_the_item(&ui).await;
        search_stems_and_shows_all(&ui).await;
        search_files_stay_under_the_base_path(&log);
        print_hides_the_sidebar_and_empties_boxes(&ui).await;
    };
    steps.await;
    ui.c.close().await.unwrap();
    loud(&format!(
        "browser search tests took {:?}\n",
        started.elapsed()
    ));
}

/// `/` focuses the box; a word from two items lists both, items first, each link under
/// the base path; arrows move the active result; Enter opens the page at that item.
async fn search_opens_the_item(ui: &Ui) {
    ui.open("index.html").await;
    ui.wait("#search-input").await;
    let slash = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: '/' })
        .then(KeyAction::Up { value: '/' });
    ui.c.perform_actions(slash).await.unwrap();
    let input = ui.c.active_element().await.unwrap();
    assert_eq!(
        input.attr("id").await.unwrap().as_deref(),
        Some("search-input"),
        "`/` focuses the search box"
    );
    input.send_keys("zeppelin").await.unwrap();
    let first = ui
        .wait("#search-results:not([hidden]) li.search-result:first-child")
        .await;
    assert_eq!(
        first.attr("class").await.unwrap().as_deref(),
        Some("search-result search-kind-item")
    );
    let href = ui
        .js("return document.querySelector('#search-result-0').href")
        .await;
    let href = href.as_str().unwrap_or("");
    assert!(
        href.ends_with("/runbooks/ops/rotate.html#drain"),
        "first result: {href}"
    );
    let mark = ui
        .js("return document.querySelector('#search-result-0 mark').textContent")
        .await;
    assert_eq!(mark, "zeppelin");
    let second = ui
        .js("return document.querySelector('#search-result-1').href")
        .await;
    assert!(
        second
            .as_str()
            .unwrap()
            .ends_with("/runbooks/ops/rotate.html#restart"),
        "{second}"
    );

    let moves = [(Key::Down, 0), (Key::Down, 1), (Key::Up, 0), (Key::Down, 1)];
    for (key, at) in moves {
        input.send_keys(&key.to_string()).await.unwrap();
        let state = ui
            .js("return [document.querySelector('#search-results li.active a').id, document.querySelectorAll('#search-results li.active').length, document.getElementById('search-input').getAttribute('aria-activedescendant')]")
            .await;
        let id = format!("search-result-{at}");
        assert_eq!(state, json!([id, 1, id]), "after {key:?}");
    }
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    let target = ui.wait("html.js li.task:target").await;
    assert_eq!(target.attr("id").await.unwrap().as_deref(), Some("restart"));
    let url = ui.c.current_url().await.unwrap();
    assert!(
        url.as_str().ends_with("/runbooks/ops/rotate.html#restart"),
        "{url}"
    );
}

/// A word finds the other forms of its stem ("restarting" finds "Restart" and "restart", "backup"
/// finds "backups", and the match is marked); past ten results the last option shows
/// them all, by Enter as by click.
async fn search_stems_and_shows_all(ui: &Ui) {
    ui.open("index.html").await;
    let input = ui.wait("html.js #search-input").await;
    input.click().await.unwrap();
    input.send_keys("restarting").await.unwrap();
    ui.wait("#search-results:not([hidden]) li.search-more")
        .await;
    let seen = ui
        .js("return [document.querySelectorAll('#search-results li.search-result:not(.search-more)').length, document.querySelector('#search-results li.search-more a').textContent, document.querySelector('#search-result-0 mark').textContent]")
        .await;
    assert_eq!(seen, json!([10, "Show all 15 results", "Restart"]));
    for _ in 0..11 {
        input.send_keys(&Key::Down.to_string()).await.unwrap();
    }
    let active = ui
        .js("return document.querySelector('#search-results li.active a').id")
        .await;
    assert_eq!(active, "search-result-more");
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    ui.wait("#search-results li:nth-child(15)").await;
    let after = ui
        .js("return [document.querySelectorAll('#search-results li.search-result').length, !!document.querySelector('.search-more')]")
        .await;
    assert_eq!(after, json!([15, false]));
    ui.js("var i = document.getElementById('search-input'); i.value = ''; i.dispatchEvent(new Event('input'))")
        .await;
    input.send_keys("backup ").await.unwrap();
    ui.wait("#search-results:not([hidden]) li.search-more")
        .await;
    let mark = ui
        .js("return document.querySelector('#search-result-0 mark').textContent")
        .await;
    assert_eq!(mark, "backups");
}

/// The search script asked for its index under the base path only, never at the root.
fn search_files_stay_under_the_base_path(log: &Mutex<Vec<String>>) {
    let log = log.lock().unwrap();
    let index: Vec<&String> = log
        .iter()
        .filter(|p| p.contains("search/") || p.ends_with("manifest.json"))
        .collect();
    assert!(
        index.iter().any(|p| *p == "/runbooks/search/manifest.json"),
        "{log:?}"
    );
    assert!(
        index.iter().all(|p| p.starts_with("/runbooks/search/")),
        "{log:?}"
    );
    assert!(
        index.iter().any(|p| p.starts_with("/runbooks/search/s/"))
            && index.iter().any(|p| p.starts_with("/runbooks/search/f/")),
        "a shard and a fragment: {log:?}"
    );
}

/// Print media: no sidebar, unticked boxes without a tick, ticked ones with it.
async fn print_hides_the_sidebar_and_empties_boxes(ui: &Ui) {
    ui.open("ops/rotate.html").await;
    let probe = "var tick = function (id) { return getComputedStyle(document.getElementById(id).querySelector('.task-box'), '::before').transform; }; return [matchMedia('print').matches, getComputedStyle(document.getElementById('sidebar')).display, tick('drain'), tick('page')]";
    let screen = ui.js(probe).await;
    assert_eq!(screen[0], false, "{screen}");
    assert_ne!(screen[1], "none", "the sidebar shows on screen: {screen}");
    ui.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await;
    let print = ui.js(probe).await;
    assert_eq!(
        print,
        json!([
            true,
            "none",
            "matrix(0, 0, 0, 0, 0, 0)",
            "matrix(1, 0, 0, 1, 0, 0)"
        ]),
        "[print?, sidebar display, unticked ::before, ticked ::before]"
    );
    let unticked = ui
        .js("return document.getElementById('drain').querySelector('.task-box').checked")
        .await;
    assert_eq!(unticked, false);
    // Black on white whatever the scheme: the system's dark, and the reader's dark toggle.
    let colours = "return [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor, getComputedStyle(document.documentElement).backgroundColor]";
    for toggle in [false, true] {
        ui.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "media": "print", "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
        if toggle {
            ui.js("document.documentElement.setAttribute('data-theme', 'dark')")
                .await;
        }
        let got = ui.js(colours).await;
        let text = got[0].as_str().unwrap_or("");
        let white = |v: &serde_json::Value| {
            matches!(v.as_str(), Some("rgb(255, 255, 255)" | "rgba(0, 0, 0, 0)"))
        };
        assert_eq!(
            text, "rgb(0, 0, 0)",
            "dark (toggle: {toggle}) prints black text: {got}"
        );
        assert!(white(&got[1]) && white(&got[2]), "and a white page: {got}");
    }
    ui.js("document.documentElement.removeAttribute('data-theme')")
        .await;
    ui.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "media": "", "features": [] }),
    )
    .await;
}
