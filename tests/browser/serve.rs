//! `opsbook serve` (issue 7) in real Chromium: the real binary on a temp book with one
//! long page. Editing the page's Markdown reloads it at the same scroll position; a
//! click on a checkbox writes the tick to `state/<env>.yaml` through the live client,
//! a second click on the team's tick takes it out again, and a tick the server refuses
//! is undone on the page with the reason in the summary.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Chromium, Killed, Ui, loud};

/// The long page: a few task items (one with the explicit id `tick-me`) and 200 paragraphs.
fn long_page(intro: &str) -> String {
    let mut text = format!(
        "# Long runbook\n\n{intro}\n\n- [ ] Tick me {{#tick-me}}\n- [ ] Other item {{#other}}\n\n"
    );
    for i in 0..200 {
        text.push_str(&format!(
            "Paragraph {i}: the quick brown fox jumps over the lazy dog, again and again.\n\n"
        ));
    }
    text.push_str("- [ ] Last item {#last}\n");
    text
}

fn write_book(root: &Path) {
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Served\"\n\n[environments]\nnames = [\"staging\", \"production\"]\n",
    )
    .unwrap();
    fs::write(root.join("content/long.md"), long_page("Intro text.")).unwrap();
}

/// Starts `opsbook serve -p 0 root`; returns the process and the URL from its first line.
pub(crate) fn start_serve(root: &Path) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["serve", "-p", "0"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start opsbook serve");
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    let served = Killed(child);
    let mut line = String::new();
    out.read_line(&mut line).expect("read serve output");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in serve's first line: {line:?}"))
        .to_string();
    (served, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reloads_in_place_and_writes_ticks() {
    let Some(chromium) = Chromium::or_skip("serve") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    write_book(&root);
    let (_served, base) = start_serve(&root);
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    edit_reloads_at_the_same_scroll(&ui, &root).await;
    click_writes_the_state_file(&ui, &root).await;
    untick_from_the_page(&ui, &root).await;
    a_refused_tick_goes_back_and_says_why(&ui, &root).await;
    the_error_overlay_can_be_put_away(&ui, &root).await;
    ui.c.close().await.unwrap();
    loud(&format!(
        "browser serve tests took {:?}\n",
        started.elapsed()
    ));
}

/// Waits until the page's own reload stream is open: live.js shows its state on
/// `<html data-live>`.
async fn wait_for_event_stream(ui: &Ui) {
    ui.wait("html[data-live=\"open\"]").await;
}

async fn edit_reloads_at_the_same_scroll(ui: &Ui, root: &Path) {
    ui.open("long.html").await;
    ui.wait("script[src*=\"_opsbook/live.js\"]").await;
    ui.js("window.scrollTo(0, 3000)").await;
    assert_eq!(ui.js("return window.scrollY").await, 3000);
    wait_for_event_stream(ui).await;
    fs::write(
        root.join("content/long.md"),
        long_page("Intro text.\n\n## Fresh heading\n\nFreshly written text."),
    )
    .unwrap();
    // The page reloads with the new text.
    ui.wait_across_reload("html.js #fresh-heading", 30).await;
    let y = ui
        .c
        .execute_async(
            "var done = arguments[arguments.length - 1];
             function settled() { done(window.scrollY); }
             if (document.readyState === 'complete') requestAnimationFrame(settled);
             else window.addEventListener('load', function () { requestAnimationFrame(settled); });",
            vec![],
        )
        .await
        .unwrap();
    let y = y.as_f64().expect("scrollY is a number");
    assert!((y - 3000.0).abs() <= 50.0, "scrollY after reload: {y}");
    assert!(
        ui.text("main").await.contains("Freshly written text."),
        "new text shown"
    );
}

/// Waits until `state/staging.yaml` satisfies `holds`.
async fn wait_for_state(root: &Path, what: &str, holds: impl Fn(&str) -> bool) {
    let path = root.join("state/staging.yaml");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = fs::read_to_string(&path).unwrap_or_default();
        if holds(&text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "state/staging.yaml never {what}:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn untick_from_the_page(ui: &Ui, root: &Path) {
    // After the rebuild the team's tick shows, and under serve it can be undone.
    ui.wait_across_reload("li#tick-me[data-ck=\"team\"]", 30)
        .await;
    wait_for_event_stream(ui).await;
    assert_eq!(
        ui.js("return document.querySelector('#tick-me .task-box').getAttribute('aria-disabled') === 'true'")
            .await,
        false,
        "a team tick is not locked under serve"
    );
    ui.click("[id=\"tick-me\"] .task-box").await;
    ui.wait("li#tick-me[data-ck=\"open\"]").await;
    wait_for_state(root, "lost the tick", |t| !t.contains("tick-me:")).await;
    ui.wait_across_reload("li#tick-me[data-ck=\"open\"]", 30)
        .await;
}

async fn a_refused_tick_goes_back_and_says_why(ui: &Ui, root: &Path) {
    wait_for_event_stream(ui).await;
    // Entries that share an anchor: unticking `other` would change `last` too.
    let shared = "other: &x\n  done: true\n  by: amy\nlast: *x\n";
    fs::write(root.join("state/staging.yaml"), shared).unwrap();
    ui.wait_across_reload("li#last[data-ck=\"team\"]", 30).await;
    wait_for_event_stream(ui).await;
    ui.click("[id=\"other\"] .task-box").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let summary = loop {
        let summary = ui.text("#ck-summary").await;
        if summary.starts_with("Not saved") {
            break summary;
        }
        assert!(Instant::now() < deadline, "no refusal shown: {summary}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        summary.starts_with(
            "Not saved in state/staging.yaml: state/staging.yaml:1:1: `other` cannot change on its own"
        ),
        "{summary}"
    );
    ui.wait("li#other[data-ck=\"team\"]").await;
    assert_eq!(
        fs::read_to_string(root.join("state/staging.yaml")).unwrap(),
        shared,
        "the file is left as it was"
    );
}

async fn the_error_overlay_can_be_put_away(ui: &Ui, root: &Path) {
    wait_for_event_stream(ui).await;
    let good = fs::read_to_string(root.join("content/long.md")).unwrap();
    fs::write(root.join("content/long.md"), "---\ntitle: [x\n---\n# L\n").unwrap();
    ui.wait("#opsbook-overlay [data-opsbook-dismiss]").await;
    ui.js(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
    )
    .await;
    assert_eq!(
        ui.js("return document.getElementById('opsbook-overlay') === null")
            .await,
        true,
        "Esc hides the overlay"
    );
    assert!(
        ui.text("main").await.contains("Tick me"),
        "the page is still there"
    );
    fs::write(root.join("content/long.md"), good).unwrap();
    ui.wait_across_reload("html[data-live=\"open\"] li#tick-me", 30)
        .await;
}

async fn click_writes_the_state_file(ui: &Ui, root: &Path) {
    wait_for_event_stream(ui).await;
    ui.click("[id=\"tick-me\"] .task-box").await;
    // The reader's tick shows at once; the write-back then makes it team state, and
    // the page may already have reloaded with it: either is right.
    ui.wait("li#tick-me[data-ck=\"reader\"], li#tick-me[data-ck=\"team\"]")
        .await;
    wait_for_state(root, "got the tick", |t| {
        t.contains("tick-me:") && t.contains("done: true")
    })
    .await;
}
