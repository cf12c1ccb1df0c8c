//! The checklist script: defaults, ticks and progress, environments, export, reset and
//! import (markup stays text), keyboard, and the dashboard, on a fixture book built with
//! `opsbook::build`.

use std::fs;
use std::path::Path;
use std::time::Instant;

use fantoccini::key::Key;
use serde_json::json;

use crate::support::{Chromium, Files, Ui, loud, serve};

const RUNBOOK: &str = "---
environments: [staging, production]
---
# Deploy the API

- [ ] Announce the window {#announce}

## Phase 1: Prepare

- [x] Freeze merges {#freeze}
- [ ] Back up the database {#backup}
- [ ] Warm the production cache {#warm env=production}

## Phase 2: Ship

- [ ] Deploy the build {#ship}
- [ ] Enable HSTS {#hsts}

```bash
kubectl rollout status deploy/api --namespace production --timeout=5m
```
";

const TEAM_STATE: &str = "hsts:
  done: true
  by: alice
  at: 2026-11-24T12:00:00Z
  note: \"<script>window.pwned = 1</script><b>bold</b> PR 412\"
";

/// The fixture book, built; returns the site's files.
pub(crate) fn build_fixture(root: &Path) -> Files {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"Browser fixture\"\n\n[environments]\nnames = [\"development\", \"staging\", \"production\"]\n",
    );
    write("content/deploy.md", RUNBOOK);
    write(
        "content/about.md",
        "# About these runbooks\n\nDocumentation only: no checklist items here.\n",
    );
    write("state/production.yaml", TEAM_STATE);
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    build.site.expect("a site").files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklist_works_in_a_real_browser() {
    let Some(chromium) = Chromium::or_skip("checklist") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    let (base, _) = serve(build_fixture(&root), "/");
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    let steps = async {
        defaults_and_team_state(&ui).await;
        tick_updates_progress_and_survives_reload(&ui).await;
        environments_keep_their_own_ticks(&ui).await;
        export_reset_import_round_trip(&ui, tmp.path()).await;
        imported_markup_stays_text(&ui, tmp.path()).await;
        space_ticks_a_focused_box(&ui).await;
        dashboard_adds_reader_ticks(&ui).await;
        theme_button_cycles_system_dark_light(&ui).await;
        details_open_for_printing(&ui).await;
        locked_boxes_stay_focusable_and_say_why(&ui).await;
        phones_never_scroll_sideways(&ui).await;
    };
    steps.await;
    ui.c.close().await.unwrap();
    loud(&format!("browser tests took {:?}\n", started.elapsed()));
}

/// At 360, 390 and 430 px no page kind is wider than the screen, nor when the search
/// box is open (it spreads over the top bar instead of pushing it).
async fn phones_never_scroll_sideways(ui: &Ui) {
    let fits = "return [document.documentElement.scrollWidth, window.innerWidth]";
    for width in [360, 390, 430] {
        ui.c.set_window_size(width, 800).await.unwrap();
        for page in [
            "index.html",
            "deploy.html",
            "about.html",
            "secrets/index.html",
            "toc.html",
            "404.html",
        ] {
            ui.c.goto(&format!("{}{page}", ui.base)).await.unwrap();
            ui.wait("html.js .topbar").await;
            let sizes = ui.js(fits).await;
            assert!(
                sizes[0].as_u64() <= sizes[1].as_u64(),
                "{page} at {width} px: scrollWidth, innerWidth = {sizes}"
            );
        }
        // A code block wider than the phone is a named tab stop, so it scrolls by keyboard.
        ui.c.goto(&format!("{}deploy.html", ui.base)).await.unwrap();
        ui.wait("html.js .topbar").await;
        let code = ui
            .js("var p = document.querySelector('.code-block pre'); return [p.scrollWidth > p.clientWidth, p.getAttribute('tabindex'), p.getAttribute('role')]")
            .await;
        assert_eq!(code, json!([true, "0", "region"]), "at {width} px");
        ui.js("document.getElementById('search-input').focus()")
            .await;
        let sizes = ui.js(fits).await;
        assert!(
            sizes[0].as_u64() <= sizes[1].as_u64(),
            "search open at {width} px: {sizes}"
        );
    }
    ui.c.set_window_size(1280, 1000).await.unwrap();
    ui.c.goto(&format!("{}deploy.html", ui.base)).await.unwrap();
    ui.wait("html.js .topbar").await;
    let wide = ui
        .js("var p = document.querySelector('.code-block pre'); return [p.scrollWidth > p.clientWidth, p.getAttribute('tabindex')]")
        .await;
    assert_eq!(
        wide,
        json!([false, null]),
        "a block that fits is no tab stop"
    );
}

/// A box the team ticked (or the source) is locked, not disabled: it keeps its tab
/// stop, is read with its badge (`aria-describedby`), and a click does not change it.
async fn locked_boxes_stay_focusable_and_say_why(ui: &Ui) {
    ui.open("deploy.html").await;
    ui.select_env("production").await;
    ui.wait("li#hsts[data-ck=\"team\"]").await;
    let probe = "var b = document.querySelector('#hsts .task-box'); \
        var why = document.getElementById(b.getAttribute('aria-describedby')); \
        return [b.disabled, b.getAttribute('aria-disabled'), b.checked, why && why.textContent.slice(0, 8)]";
    assert_eq!(ui.js(probe).await, json!([false, "true", true, "by alice"]));
    ui.click("[id=\"hsts\"] .task-box").await;
    assert_eq!(
        ui.js(probe).await,
        json!([false, "true", true, "by alice"]),
        "a click changes nothing"
    );
    let focused = ui
        .js("document.querySelector('#hsts .task-box').focus(); return document.activeElement.closest('li').id")
        .await;
    assert_eq!(focused, "hsts");
}

/// Printing opens every closed `<details>` (the team state, the inline contents) and
/// closes them again after.
async fn details_open_for_printing(ui: &Ui) {
    ui.open("deploy.html").await;
    ui.wait("html.js #ck-team details").await;
    let closed = "return document.querySelectorAll('details:not([open])').length";
    let before = ui.js(closed).await.as_u64().unwrap_or(0);
    assert!(before > 0, "the page has closed details");
    ui.js("window.dispatchEvent(new Event('beforeprint'))")
        .await;
    assert_eq!(ui.js(closed).await, 0);
    ui.js("window.dispatchEvent(new Event('afterprint'))").await;
    assert_eq!(ui.js(closed).await.as_u64(), Some(before));
}

/// The theme button: as the system, dark, light, and back to the system, remembered.
async fn theme_button_cycles_system_dark_light(ui: &Ui) {
    ui.js("localStorage.removeItem('opsbook-theme')").await;
    ui.c.refresh().await.unwrap();
    ui.wait("html.js .theme-toggle[data-choice=\"system\"]")
        .await;
    let state = || {
        ui.js("return [document.documentElement.getAttribute('data-theme'), localStorage.getItem('opsbook-theme')]")
    };
    for want in [
        json!(["dark", "dark"]),
        json!(["light", "light"]),
        json!([null, null]),
    ] {
        ui.click(".theme-toggle").await;
        assert_eq!(state().await, want);
    }
    let label = ui
        .js("return document.querySelector('.theme-toggle').getAttribute('aria-label')")
        .await;
    assert!(
        label
            .as_str()
            .unwrap_or("")
            .starts_with("Theme: as the system (now "),
        "{label}"
    );
    ui.click(".theme-toggle").await;
    ui.c.refresh().await.unwrap();
    ui.wait("html[data-theme=\"dark\"] .theme-toggle[data-choice=\"dark\"]")
        .await;
}

/// Default environment = the runbook's first; the team's note is text, with and
/// without the script.
async fn defaults_and_team_state(ui: &Ui) {
    ui.open("deploy.html").await;
    let env = ui
        .js("return document.getElementById('env-select').value")
        .await;
    assert_eq!(env, "staging");
    assert_eq!(
        ui.cell("staging", "all").await,
        ("1/5".into(), "20%".into())
    );
    // A first visit says which environment is shown and why.
    let summary = ui.text("#ck-summary").await;
    assert!(
        summary.starts_with(
            "Showing staging, the first environment: pick yours in the top bar. staging: 1 of 5 items done"
        ),
        "{summary}"
    );
    assert_eq!(ui.text("li#warm > .task-badge").await, "not in staging");
    assert_eq!(ui.text("li#freeze > .task-badge").await, "done in source");
    let note = ui
        .js("return document.querySelector('#ck-team .team-note').textContent")
        .await;
    assert_eq!(note, "<script>window.pwned = 1</script><b>bold</b> PR 412");
    let phases = ui
        .js("return document.querySelectorAll('.phase-progress').length")
        .await;
    assert_eq!(phases, 3, "leading phase, Phase 1, Phase 2");
    // A documentation page (no items) has no environment switcher; a runbook has one.
    let shown = "return document.querySelector('.env-switch').hidden";
    assert_eq!(ui.js(shown).await, json!(false), "deploy.html");
    ui.open("about.html").await;
    assert_eq!(ui.js(shown).await, json!(true), "about.html");
    ui.open("deploy.html").await;
}

async fn tick_updates_progress_and_survives_reload(ui: &Ui) {
    ui.js("window.calls = []; window.opsbookServe = { tick: function (e, i, d) { window.calls.push([e, i, d]); } }")
        .await;
    ui.click("[id=\"backup\"] label").await;
    ui.wait("li#backup[data-ck=\"reader\"]").await;
    assert_eq!(
        ui.cell("staging", "all").await,
        ("2/5".into(), "40%".into())
    );
    let p1 = ui
        .js("return document.querySelector('tr[data-p]:nth-child(2)').getAttribute('data-p')")
        .await;
    let p1 = p1.as_str().unwrap().to_string();
    assert_eq!(ui.cell("staging", &p1).await, ("2/2".into(), "100%".into()));
    assert_eq!(
        ui.cell("production", "all").await,
        ("2/6".into(), "33%".into()),
        "production untouched"
    );
    assert_eq!(ui.text("li#backup > .task-badge").await, "your tick");
    assert!(
        ui.text(".phase-progress .phase-num")
            .await
            .contains("done in staging")
    );
    assert_eq!(
        ui.js("return window.calls").await,
        json!([["staging", "backup", true]])
    );
    ui.c.refresh().await.unwrap();
    ui.wait("html.js li#backup[data-ck=\"reader\"]").await;
    assert_eq!(
        ui.js("return document.getElementById('backup').querySelector('.task-box').checked")
            .await,
        true
    );
    assert_eq!(ui.cell("staging", "all").await.0, "2/5");
}

async fn environments_keep_their_own_ticks(ui: &Ui) {
    ui.select_env("production").await;
    ui.wait("li#backup[data-ck=\"open\"]").await;
    ui.wait("li#warm[data-ck=\"open\"]").await;
    assert_eq!(
        ui.js("return document.getElementById('backup').querySelector('.task-box').checked")
            .await,
        false
    );
    assert_eq!(
        ui.text("li#hsts > .task-badge").await,
        "by alice \u{b7} 2026-11-24 \u{b7} <script>window.pwned = 1</script><b>bold</b> PR 412"
    );
    let elements = ui
        .js("return document.querySelectorAll('li#hsts script, li#hsts b').length + String(window.pwned)")
        .await;
    assert_eq!(
        elements, "0undefined",
        "the team note made no element and ran nothing"
    );
    ui.c.refresh().await.unwrap();
    ui.wait("html.js #ck-board th.env-current[data-env=\"production\"]")
        .await;
    assert_eq!(
        ui.js("return document.getElementById('env-select').value")
            .await,
        "production",
        "remembered"
    );
    ui.select_env("staging").await;
    ui.wait("li#backup[data-ck=\"reader\"]").await;
}

async fn export_reset_import_round_trip(ui: &Ui, dir: &Path) {
    ui.js("localStorage.setItem('opsbook:browser-fixture:by', 'carol')")
        .await;
    let text = ui.js("return window.opsbookChecklist.exportText()").await;
    let text = text.as_str().expect("export text").to_string();
    assert!(
        text.contains("backup:\n  done: true\n  by: carol\n  at: \""),
        "{text}"
    );
    let mut diags = opsbook::base::diag::Diagnostics::new();
    let path = opsbook::base::path::RelPath::new("state/staging.yaml");
    let state = opsbook::parse::state::parse(&text, &path, "staging", &mut diags);
    assert!(diags.is_empty(), "{diags:?}\n{text}");
    assert_eq!(state.entries.keys().collect::<Vec<_>>(), ["backup"]);
    assert_eq!(state.entries["backup"].by.as_deref(), Some("carol"));

    ui.click(".ck-toggle").await;
    ui.click("[data-ck=\"reset\"]").await;
    ui.c.accept_alert().await.unwrap();
    ui.wait("li#backup[data-ck=\"open\"]").await;
    assert_eq!(ui.cell("staging", "all").await.0, "1/5");
    assert_eq!(
        ui.js("return document.getElementById('backup').querySelector('.task-box').checked")
            .await,
        false
    );

    ui.import(dir, "staging.yaml", &text).await;
    ui.wait("li#backup[data-ck=\"reader\"]").await;
    assert_eq!(ui.cell("staging", "all").await.0, "2/5");
    assert!(
        ui.text("#ck-report p")
            .await
            .starts_with("Imported 1, skipped 0")
    );
    assert_eq!(
        ui.text("li#backup > .task-badge").await,
        "your tick \u{b7} by carol"
    );
}

async fn imported_markup_stays_text(ui: &Ui, dir: &Path) {
    let evil = "# a comment\nship:\n  done: true\n  by: eve\n  note: \"<script>window.pwned = 2</script><img src=x onerror=\\\"window.pwned = 3\\\">\"\nnope:\n  done: true\nwarm:\n  done: true\nhsts:\n  done: maybe\n__proto__:\n  done: true\n";
    ui.import(dir, "evil.yaml", evil).await;
    ui.wait("li#ship[data-ck=\"reader\"]").await;
    let note = "<script>window.pwned = 2</script><img src=x onerror=\"window.pwned = 3\">";
    assert_eq!(
        ui.text("li#ship > .task-badge").await,
        format!("your tick \u{b7} by eve \u{b7} {note}")
    );
    let report = ui
        .js("return document.getElementById('ck-report').textContent")
        .await;
    let report = report.as_str().unwrap();
    assert!(report.contains("Imported 1, skipped 4"), "{report}");
    assert!(report.contains("unknown item id __proto__"), "{report}");
    assert!(report.contains("unknown item id nope"), "{report}");
    assert!(report.contains("warm is not in staging"), "{report}");
    assert!(
        report.contains("hsts: done must be true or false"),
        "{report}"
    );
    let made = ui
        .js("return document.querySelectorAll('main script:not(#opsbook-data), main img').length + String(window.pwned)")
        .await;
    assert_eq!(
        made, "0undefined",
        "nothing from the file became an element"
    );
}

async fn space_ticks_a_focused_box(ui: &Ui) {
    ui.js("document.getElementById('hsts').querySelector('.task-box').focus()")
        .await;
    let active = ui.c.active_element().await.unwrap();
    assert_eq!(
        active.attr("class").await.unwrap().as_deref(),
        Some("task-box"),
        "the box has the focus"
    );
    active.send_keys(&Key::Space.to_string()).await.unwrap();
    ui.wait("li#hsts[data-ck=\"reader\"]").await;
    assert_eq!(ui.cell("staging", "all").await.0, "4/5");
    active.send_keys(&Key::Space.to_string()).await.unwrap();
    ui.wait("li#hsts[data-ck=\"open\"]").await;
    active.send_keys(&Key::Space.to_string()).await.unwrap();
    ui.wait("li#hsts[data-ck=\"reader\"]").await;
}

async fn dashboard_adds_reader_ticks(ui: &Ui) {
    ui.open("index.html").await;
    let cell = |env: &str| {
        format!("#dashboard tr[data-runbook=\"deploy\"] td[data-env=\"{env}\"] .cell-num")
    };
    assert_eq!(
        ui.text(&cell("staging")).await,
        "4/5",
        "freeze + backup, ship, hsts"
    );
    assert_eq!(ui.text(&cell("production")).await, "2/6");
    assert_eq!(ui.text(&cell("development")).await, "\u{2013}");
    // A reader's tick the team has committed since (hsts, done in production's state
    // file) is not counted twice, and is dropped.
    let key = "opsbook:browser-fixture:tick:main:production:hsts";
    ui.js(&format!(
        "localStorage.setItem('{key}', JSON.stringify({{r: 'deploy'}})); return null"
    ))
    .await;
    ui.open("index.html").await;
    assert_eq!(ui.text(&cell("production")).await, "2/6", "not 3/6");
    let kept = ui
        .js(&format!("return localStorage.getItem('{key}')"))
        .await;
    assert!(kept.is_null(), "{kept:?}");
    assert!(
        ui.text("#ck-summary")
            .await
            .starts_with("staging: 4 of 5 items done (80%), 3 of them your ticks"),
        "{}",
        ui.text("#ck-summary").await
    );
}
