//! Accessibility (issue 20): axe-core's checks, every rule and impact, on each kind of
//! page of the checklist fixture (and the search box open with results) and of the runs
//! fixture (runs index, a run's page, a runbook page with runs), of pages with content
//! tabs (`tabs::build_tabs_book`; the MkDocs fixture's, whose sidebar has a section
//! with a page of its own) and of real runbooks (the
//! 157-item Altruria seed, a checklist YAML, their secrets matrix),
//! in light and dark (the system's, and the toggle's),
//! at desktop (1280×900) and phone (390×844) sizes. axe-core is the npm package
//! `.ci/run` installs (`npm install -g axe-core`); without it the test is skipped with
//! a loud line, and fails under `CI=true`.
//!
//! Zero violations of any impact are allowed; a failure lists each violation with its
//! first node and where it was seen (size/scheme).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use serde_json::json;

use crate::checklist::build_fixture;
use crate::support::{Chromium, Ui, loud, serve};

/// axe.min.js from the global npm folder.
pub(crate) fn axe_source() -> Option<String> {
    let root = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())?;
    std::fs::read_to_string(std::path::Path::new(&root).join("axe-core/axe.min.js")).ok()
}

/// Pages of the runs fixture (`tests/fixtures/runs_site/book`): the runs index, a
/// finished run with notes, evidence and an orphan, and a runbook page with runs.
const RUN_PAGES: &[&str] = &[
    "runs/index.html",
    "runs/2026-12-01-0900-ops-deploy-production.html",
    "ops/deploy.html",
];

/// The runs fixture, built in memory from a copy.
fn build_runs_fixture(root: &std::path::Path) -> crate::support::Files {
    let from =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runs_site/book");
    for dir in ["content/ops", "runs"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        for entry in std::fs::read_dir(from.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, root.join(dir).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    for file in ["book.toml", "content/index.md", "content/onboarding.md"] {
        std::fs::copy(from.join(file), root.join(file)).unwrap();
    }
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    build.site.expect("a site").files
}

/// Pages of real runbooks: the 157-item Altruria seed, a checklist written as YAML (the
/// checklist fixture's, with details, owners and secrets) and the secrets matrix of the
/// book they make (`build_real_fixture`).
const REAL_PAGES: &[&str] = &[
    "altruria-production-deployment-checklist.html",
    "deploy.html",
    "secrets/index.html",
];

/// The three seeds (`../shared/seeds`) and a checklist YAML, built in memory; `None`
/// (said loudly) when `../shared` is not beside the crate.
fn build_real_fixture(root: &std::path::Path) -> Option<crate::support::Files> {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let seeds = shared.join("seeds");
    let yaml = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checklist/yaml_valid/content/deploy.yml");
    if !seeds.is_dir() || !yaml.is_file() {
        loud("\n*** a11y: ../shared/seeds not found: the real runbooks are not checked ***\n");
        return None;
    }
    std::fs::create_dir_all(root.join("content")).unwrap();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, root.join("content").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(&yaml, root.join("content/deploy.yml")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Real runbooks\"\n\n[environments]\nnames = [\"staging\", \"production\"]\n\n[check]\nbroken-links = \"warn\"\n",
    )
    .unwrap();
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    Some(build.site.expect("a site").files)
}

const PAGES: &[&str] = &[
    "index.html",
    "deploy.html",
    "about.html",
    "secrets/index.html",
    "secrets/production.html",
    "toc.html",
    "404.html",
];

/// The violations on the page that is open: `rule (impact) xNodes: the first node`.
pub(crate) async fn violations(ui: &Ui, axe: &str) -> Vec<String> {
    ui.c.execute(axe, vec![]).await.unwrap();
    let found = ui
        .c
        .execute_async(
            "var done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']}).then(function (r) {
               done(r.violations.map(function (v) {
                 return v.id + ' (' + v.impact + ') x' + v.nodes.length + ': ' + v.nodes[0].target.join(' ');
               }));
             }, function (e) { done(['axe failed: ' + e]); });",
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The violations on the page that is open, at desktop and phone size, in light and
/// dark (the toggle's), each `size/scheme: violation`; the page is reloaded for each
/// and `ready` waited for. Leaves the window at 1280×1000 and the theme following
/// the system.
pub(crate) async fn violations_at_every_size(ui: &Ui, axe: &str, ready: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (size, (w, h)) in [("desktop", (1280, 900)), ("phone", (390, 844))] {
        ui.c.set_window_size(w, h).await.unwrap();
        for (scheme, theme) in [("light", "null"), ("dark-toggle", "'dark'")] {
            ui.js(&format!(
                "var t = {theme}; if (t) localStorage.setItem('opsbook-theme', t); else localStorage.removeItem('opsbook-theme');"
            ))
            .await;
            ui.c.refresh().await.unwrap();
            ui.wait(ready).await;
            for v in violations(ui, axe).await {
                found.push(format!("{size}/{scheme}: {v}"));
            }
        }
    }
    ui.js("localStorage.removeItem('opsbook-theme');").await;
    ui.c.set_window_size(1280, 1000).await.unwrap();
    ui.c.refresh().await.unwrap();
    ui.wait(ready).await;
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_violations() {
    let Some(chromium) = Chromium::or_skip("a11y") else {
        return;
    };
    let Some(axe) = axe_source() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI needs the npm package axe-core"
        );
        loud(
            "\n*** SKIPPED a11y browser test: npm package axe-core not found (npm install -g axe-core) ***\n",
        );
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let (base, _) = serve(build_fixture(&tmp.path().join("book")), "/");
    let (runs_base, _) = serve(build_runs_fixture(&tmp.path().join("runs-book")), "/");
    let real_base = build_real_fixture(&tmp.path().join("real-book")).map(|f| serve(f, "/").0);
    let (tabs_base, _) = serve(
        crate::tabs::build_tabs_book(&tmp.path().join("tabs-book")),
        "/",
    );
    let (mkdocs_base, _) = serve(crate::tabs::build_mkdocs_fixture(), "/");
    let hugo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hugo/menus");
    let hugo = opsbook::build(&hugo, &opsbook::BuildOptions::default()).expect("build runs");
    let (hugo_base, _) = serve(hugo.site.expect("a site").files, "/");
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    let real: Vec<String> = real_base
        .iter()
        .flat_map(|b| REAL_PAGES.iter().map(move |p| format!("{b}{p}")))
        .collect();
    let pages: Vec<String> = PAGES
        .iter()
        .map(|p| format!("{}{p}", ui.base))
        .chain(RUN_PAGES.iter().map(|p| format!("{runs_base}{p}")))
        .chain([
            format!("{tabs_base}tabs.html"),
            format!("{mkdocs_base}deploy/kubernetes.html"),
            format!("{hugo_base}docs/deploy.html"),
        ])
        .chain(real)
        .collect();
    let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (size, (w, h)) in [("desktop", (1280, 900)), ("phone", (390, 844))] {
        ui.c.set_window_size(w, h).await.unwrap();
        for scheme in ["light", "dark-system", "dark-toggle"] {
            let system = if scheme == "dark-system" {
                "dark"
            } else {
                "light"
            };
            ui.cdp(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": system }] }),
            )
            .await;
            for url in &pages {
                let page = url
                    .rsplit_once("127.0.0.1:")
                    .map_or(url.as_str(), |(_, p)| p);
                ui.c.goto(url).await.unwrap();
                let theme = if scheme == "dark-toggle" {
                    "'dark'"
                } else {
                    "null"
                };
                ui.js(&format!(
                    "var t = {theme}; if (t) localStorage.setItem('opsbook-theme', t); else localStorage.removeItem('opsbook-theme');"
                ))
                .await;
                ui.c.refresh().await.unwrap();
                ui.wait("html.js .topbar").await;
                for v in violations(&ui, &axe).await {
                    all.entry(format!("{page} {v}"))
                        .or_default()
                        .push(format!("{size}/{scheme}"));
                }
            }
            // The search box open with results.
            ui.c.goto(&format!("{}deploy.html", ui.base)).await.unwrap();
            let input = ui.wait("html.js #search-input").await;
            input.click().await.unwrap();
            input.send_keys("database").await.unwrap();
            ui.wait("#search-results:not([hidden]) li mark").await;
            for v in violations(&ui, &axe).await {
                all.entry(format!("deploy.html+search {v}"))
                    .or_default()
                    .push(format!("{size}/{scheme}"));
            }
            // A Hugo menu's dropdown open (the menu is hidden on a phone).
            ui.c.goto(&format!("{hugo_base}docs/deploy.html"))
                .await
                .unwrap();
            ui.wait("html.js .topbar").await;
            ui.js("document.querySelectorAll('.topbar-dropdown').forEach(function (d) { d.open = true; });")
                .await;
            for v in violations(&ui, &axe).await {
                all.entry(format!("hugo menus open {v}"))
                    .or_default()
                    .push(format!("{size}/{scheme}"));
            }
        }
    }
    ui.c.close().await.unwrap();
    loud(&format!(
        "axe: {} kinds of violation over {} page views in {:?}\n",
        all.len(),
        (pages.len() + 2) * 6,
        started.elapsed()
    ));
    assert!(all.is_empty(), "axe-core violations: {all:#?}");
}
