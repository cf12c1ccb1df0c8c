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

/// Docusaurus's `<Tabs groupId="os" queryString>`: two sets of one group switch
/// together; the choice is kept (localStorage `docusaurus.tab.os`) and chosen again on
/// the next visit; it is in the URL (`?os=mac`), and a URL's choice wins over the kept
/// one. A set of another group does not move.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_of_one_group_switch_together_and_keep_the_choice() {
    let Some(chromium) = Chromium::or_skip("tabs") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    let set = |group: &str| {
        format!(
            "<Tabs groupId=\"{group}\" queryString>\n<TabItem value=\"linux\" label=\"Linux\" default>\n\nApt.\n\n</TabItem>\n<TabItem value=\"mac\" label=\"macOS\">\n\nBrew.\n\n</TabItem>\n</Tabs>\n"
        )
    };
    let page = format!(
        "# Install\n\n- [ ] Install the agent\n\n{}\n## Upgrade\n\n{}\n## Other\n\n{}",
        set("os"),
        set("os"),
        set("shell")
    );
    for (rel, text) in [
        (
            "docusaurus.config.js",
            "module.exports = {title: 'Groups'};\n",
        ),
        ("docs/install.md", page.as_str()),
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let build = opsbook::build(&root, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    let (base, _) = serve(build.site.expect("a site").files, "/");
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    ui.open("install.html").await;
    ui.wait(".tabs-ready [role=tab][aria-selected=true]").await;
    let linux = json!([
        ["Linux*", "macOS"],
        ["Linux*", "macOS"],
        ["Linux*", "macOS"]
    ]);
    assert_eq!(state(&ui).await, linux);
    // macOS in the first set: the second follows, the other group's set stays.
    ui.js("document.querySelectorAll('.tabs [role=tab]')[1].click()")
        .await;
    let mac = json!([
        ["Linux", "macOS*"],
        ["Linux", "macOS*"],
        ["Linux*", "macOS"]
    ]);
    assert_eq!(state(&ui).await, mac);
    let kept = ui
        .js("return [localStorage.getItem('docusaurus.tab.os'), location.search]")
        .await;
    assert_eq!(kept, json!(["mac", "?os=mac"]));
    // The next visit (no query) chooses the kept tab; a URL's choice wins.
    ui.open("install.html").await;
    ui.wait(".tabs-ready [role=tab][aria-selected=true]").await;
    assert_eq!(state(&ui).await, mac);
    ui.open("install.html?os=linux").await;
    ui.wait(".tabs-ready [role=tab][aria-selected=true]").await;
    assert_eq!(state(&ui).await, linux);
    ui.c.close().await.unwrap();
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
