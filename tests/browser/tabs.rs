//! Content tabs (issue 19) in real Chromium: `static/tabs.js` turns the stacked panels
//! of the MkDocs fixture (`tests/fixtures/mkdocs/platform`) into a WAI-ARIA tab list:
//! the `===+` tab is shown first, a click shows another, ArrowRight/ArrowLeft/Home/End
//! move the focus and the selection (roving tabindex), and a checkbox in a tab is
//! still a checkbox. Also the sidebar's section with a page of its own (a toggle
//! button beside its link).

use std::path::Path;
use std::time::Instant;

use fantoccini::key::Key;
use serde_json::json;

use crate::support::{Chromium, Files, Ui, loud, serve};

/// A one-page MkDocs book with MkDocs and Docusaurus tabs holding a checklist and a
/// titled warning, for axe-core (`a11y.rs`); two environments keep its progress board
/// narrower than a phone (a wider board is a scroll region that cannot take the focus,
/// a finding of the board, not the tabs').
pub(crate) fn build_tabs_book(root: &Path) -> Files {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "mkdocs.yml",
        "site_name: Tabs\nnav:\n  - Home: index.md\n  - Tabs: tabs.md\n",
    );
    write(
        "book.toml",
        "[environments]\nnames = [\"staging\", \"production\"]\n",
    );
    write("docs/index.md", "# Tabs\n\nSee [the tabs](tabs.md).\n");
    write(
        "docs/tabs.md",
        "# Install\n\n=== \"Linux\"\n\n    - [ ] Install the agent\n\n    !!! warning \"Root\"\n        Needs root.\n\n=== \"macOS\"\n\n    - [ ] Run `brew install agent`\n\n<Tabs>\n<TabItem value=\"a\" label=\"Staging\" default>\n\n- [ ] Deploy to staging\n\n</TabItem>\n<TabItem value=\"b\" label=\"Production\">\n\n- [ ] Deploy to production\n\n</TabItem>\n</Tabs>\n",
    );
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    build.site.expect("a site").files
}

/// The MkDocs fixture, built in memory (a build reads the book and writes nothing).
pub(crate) fn build_mkdocs_fixture() -> Files {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mkdocs/platform");
    let build = opsbook::build(&book, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    build.site.expect("a site").files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_switch_by_click_and_arrow_keys() {
    let Some(chromium) = Chromium::or_skip("tabs") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let (base, _) = serve(build_mkdocs_fixture(), "/");
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    ui.open("deploy/kubernetes.html").await;
    ui.wait(".tabs-ready [role=tablist] [role=tab][aria-selected=true]")
        .await;
    assert_eq!(
        state(&ui).await,
        json!([["kubectl", "Helm*"], ["Dashboards*", "Logs"]])
    );
    let wiring = ui
        .js("var t = document.querySelector('[role=tab]'); \
             var p = document.getElementById(t.getAttribute('aria-controls')); \
             return [p.getAttribute('role'), p.getAttribute('aria-labelledby') === t.id, \
                     p.querySelector('.tab-label').hidden]")
        .await;
    assert_eq!(wiring, json!(["tabpanel", true, true]));
    ui.click(".tabs [role=tab]").await;
    assert_eq!(state(&ui).await[0], json!(["kubectl*", "Helm"]));
    let tab = ui.c.active_element().await.unwrap();
    tab.send_keys(&Key::Right.to_string()).await.unwrap();
    assert_eq!(state(&ui).await[0], json!(["kubectl", "Helm*"]));
    assert_eq!(focused(&ui).await, "Helm");
    let tab = ui.c.active_element().await.unwrap();
    tab.send_keys(&Key::Right.to_string()).await.unwrap();
    assert_eq!(
        focused(&ui).await,
        "kubectl",
        "Right wraps to the first tab"
    );
    let tab = ui.c.active_element().await.unwrap();
    tab.send_keys(&Key::End.to_string()).await.unwrap();
    assert_eq!(focused(&ui).await, "Helm");
    let tab = ui.c.active_element().await.unwrap();
    tab.send_keys(&Key::Home.to_string()).await.unwrap();
    assert_eq!(focused(&ui).await, "kubectl");
    let tab = ui.c.active_element().await.unwrap();
    tab.send_keys(&Key::Left.to_string()).await.unwrap();
    assert_eq!(focused(&ui).await, "Helm", "Left wraps to the last tab");
    let boxes = ui
        .js("return Array.from(document.querySelectorAll('.tab-panel:not([hidden]) .task-box')).map(function (b) { return b.type; })")
        .await;
    assert_eq!(boxes, json!(["checkbox"]), "Helm's item is a checkbox");
    // The sidebar: a section with a page is its link beside a toggle (no link in a
    // <summary>), open on the way to this page; one without a page is a <details>.
    let sidebar = "var t = document.querySelector('#sidebar .nav-toggle'); \
                   return [t.getAttribute('aria-label'), t.getAttribute('aria-expanded'), \
                           t.parentNode.nextElementSibling.hidden, \
                           document.querySelectorAll('#sidebar summary a').length, \
                           document.querySelectorAll('#sidebar details').length]";
    assert_eq!(
        ui.js(sidebar).await,
        json!(["Deploy: pages", "true", false, 0, 1])
    );
    // (At this window size the sidebar is the phone's drawer, closed: click by script.)
    ui.js("document.querySelector('#sidebar .nav-toggle').click()")
        .await;
    assert_eq!(
        ui.js(sidebar).await,
        json!(["Deploy: pages", "false", true, 0, 1])
    );
    ui.c.close().await.unwrap();
    loud(&format!("tabs: {:?}\n", started.elapsed()));
}

/// Each set's tab labels, the selected one marked `*`; checks that only the selected
/// panel shows and only the selected tab is in the tab order.
async fn state(ui: &Ui) -> serde_json::Value {
    ui.js("return Array.from(document.querySelectorAll('.tabs')).map(function (set) { \
             return Array.from(set.querySelectorAll(':scope > [role=tablist] > [role=tab]')).map(function (t) { \
               var on = t.getAttribute('aria-selected') === 'true'; \
               var panel = document.getElementById(t.getAttribute('aria-controls')); \
               if (panel.hidden === on || (t.tabIndex === 0) !== on) return 'broken:' + t.textContent; \
               return t.textContent + (on ? '*' : ''); }); })")
        .await
}

async fn focused(ui: &Ui) -> String {
    let v = ui
        .js("var a = document.activeElement; \
             return a.getAttribute('role') === 'tab' && a.getAttribute('aria-selected') === 'true' ? a.textContent : 'not a selected tab: ' + a.outerHTML.slice(0, 80)")
        .await;
    v.as_str().unwrap_or_default().to_string()
}
