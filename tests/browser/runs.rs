//! A whole run under `opsbook serve` (issue 22) in real Chromium: from the runbook page,
//! start a run in staging as alice; tick an item, skip one with a reason; alice's own
//! sign-off of the gate is refused with the rule's words in the page's status; carol
//! signs it; the last item is ticked and the run finished. Every step is checked on the
//! page (after serve's rebuild reloads it) and the run file holds each event.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::serve::start_serve;
use crate::support::{Chromium, Ui, loud};

fn write_book(root: &Path) {
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Run book\"\n\n[environments]\nnames = [\"staging\", \"production\"]\n",
    )
    .unwrap();
    fs::write(
        root.join("content/deploy.md"),
        "# Deploy\n\n## Prepare {#prepare gate estimate=20m}\n\n- [ ] Back up the database {#backup}\n- [ ] Purge the CDN {#purge}\n\n## Release {#release}\n\n- [ ] Roll out {#rollout}\n",
    )
    .unwrap();
}

/// The one run file, once it exists and satisfies `holds`.
async fn run_file(root: &Path, what: &str, holds: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = fs::read_dir(root.join("runs"))
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| fs::read_to_string(e.ok()?.path()).ok())
            .unwrap_or_default();
        if holds(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "the run file never {what}:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn set_name(ui: &Ui, name: &str) {
    ui.js(&format!(
        "var i = document.querySelector('[data-run-name]'); i.value = '{name}'; i.dispatchEvent(new Event('change'));"
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_whole_run_under_serve() {
    let Some(chromium) = Chromium::or_skip("runs") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    write_book(&root);
    let (_served, base) = start_serve(&root);
    let ui = chromium.open(base, &tmp.path().join("profile")).await;

    // Start from the runbook page. The controls only serve adds are checked by
    // axe-core too (the a11y test covers the built pages), when it is installed.
    let axe = crate::a11y::axe_source();
    let mut violations = Vec::new();
    ui.open("deploy.html").await;
    ui.wait("form[data-run-start]").await;
    if let Some(axe) = &axe {
        for v in crate::a11y::violations_at_every_size(&ui, axe, "form[data-run-start]").await {
            violations.push(format!("deploy.html (Start a run) {v}"));
        }
    }
    set_name(&ui, "alice").await;
    ui.js("document.querySelector('[data-run-env]').value = 'staging';")
        .await;
    ui.click("form[data-run-start] button[type=submit]").await;
    ui.wait_across_reload(
        "article.run[data-result=\"open\"] [data-run-act=\"tick\"]",
        30,
    )
    .await;
    run_file(&root, "started", |t| t.contains("environment: \"staging\"")).await;
    if let Some(axe) = &axe {
        let open = "article.run[data-result=\"open\"] [data-run-act=\"tick\"]";
        for v in crate::a11y::violations_at_every_size(&ui, axe, open).await {
            violations.push(format!("the open run's page {v}"));
        }
    }

    // Tick one item.
    ui.click("li[data-item=\"backup\"] [data-run-act=\"tick\"]")
        .await;
    ui.wait_across_reload("li[data-item=\"backup\"][data-standing=\"done\"]", 30)
        .await;
    assert!(
        ui.text("li[data-item=\"backup\"]")
            .await
            .contains("by alice")
    );

    // Skip one with a reason.
    ui.click("li[data-item=\"purge\"] [data-run-act=\"skip\"]")
        .await;
    let reason = ui.wait("li[data-item=\"purge\"] [data-run-reason]").await;
    if let Some(axe) = &axe {
        for v in crate::a11y::violations(&ui, axe).await {
            violations.push(format!("the run's page with a skip form open: {v}"));
        }
    }
    reason.send_keys("no static files changed").await.unwrap();
    ui.click("li[data-item=\"purge\"] .run-form button[type=submit]")
        .await;
    ui.wait_across_reload("li[data-item=\"purge\"][data-standing=\"skipped\"]", 30)
        .await;
    assert!(
        ui.text("li[data-item=\"purge\"]")
            .await
            .contains("Skipped: no static files changed")
    );

    // alice may not sign her own phase: the refusal is said on the page.
    ui.click("[data-run-sign=\"prepare\"]").await;
    let refused = ui.wait("[data-run-status][data-kind=\"refused\"]").await;
    let why = refused.text().await.unwrap();
    assert!(why.starts_with("refused:"), "{why}");
    assert!(
        ui.js("return document.querySelector('[data-run-status]').getAttribute('aria-live')")
            .await
            == "polite"
    );
    // carol signs it.
    set_name(&ui, "carol").await;
    ui.click("[data-run-sign=\"prepare\"]").await;
    ui.wait_across_reload("section[data-phase=\"prepare\"][data-gate=\"signed\"]", 30)
        .await;
    assert!(
        ui.text("section[data-phase=\"prepare\"]")
            .await
            .contains("signed off by carol")
    );

    // alice (remembered after a reload) ticks the last item and finishes.
    ui.c.refresh().await.unwrap();
    ui.wait("[data-run-name]").await;
    set_name(&ui, "alice").await;
    ui.click("li[data-item=\"rollout\"] [data-run-act=\"tick\"]")
        .await;
    ui.wait_across_reload("li[data-item=\"rollout\"][data-standing=\"done\"]", 30)
        .await;
    ui.click("[data-run-finish]").await;
    ui.wait_across_reload("article.run[data-result=\"finished\"]", 30)
        .await;
    assert!(
        ui.js("return document.querySelector('[data-run-act]') === null")
            .await
            .as_bool()
            .unwrap(),
        "a finished run has no controls"
    );
    let text = run_file(&root, "finished", |t| t.contains("action: finish")).await;
    for want in [
        "by: \"alice\", action: tick, item: \"backup\"",
        "action: skip, item: \"purge\"",
        "by: \"carol\", action: sign, phase: \"prepare\"",
        "action: tick, item: \"rollout\"",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    assert_eq!(
        text.matches("action: sign").count(),
        1,
        "the refused sign-off was not written"
    );
    ui.c.close().await.unwrap();
    assert!(
        violations.is_empty(),
        "axe-core violations on serve's run controls: {violations:#?}"
    );
    loud(&format!(
        "browser runs test took {:?}{}\n",
        started.elapsed(),
        if axe.is_some() {
            ", axe: 0 violations on the run controls"
        } else {
            ", axe-core not found: run controls not checked"
        }
    ));
}
