//! Diagrams (issue 19) in real Chromium: a ```` ```mermaid ```` block is drawn as an SVG
//! by the script the site carries (`static/mermaid.min.js`, loaded only by the pages
//! with a diagram), in light and dark, at desktop and phone size, with no axe-core
//! violation; a page without one does not load it.

use std::path::Path;
use std::time::Instant;

use crate::support::{Chromium, Files, loud, serve};

/// A book with one page that has a diagram and one that has none.
fn build_diagram_book(root: &Path) -> Files {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"Diagrams\"\n[environments]\nnames = [\"staging\", \"production\"]\n",
    );
    write(
        "content/release.md",
        "# Release\n\nThe flow:\n\n```mermaid\ngraph LR\n  A[Cut branch] --> B{Tests pass?}\n  B -->|yes| C[Tag]\n  B -->|no| A\n```\n\n## Ship\n\n- [ ] Tag it\n",
    );
    write("content/plain.md", "# Plain\n\nNo diagram here.\n");
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    build.site.expect("a site").files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mermaid_block_is_drawn() {
    let Some(chromium) = Chromium::or_skip("diagrams") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let files = build_diagram_book(&tmp.path().join("book"));
    assert!(files.contains_key("static/mermaid.min.js"));
    let (base, _) = serve(files, "/");
    let ui = chromium.open(base, &tmp.path().join("profile")).await;
    ui.open("release.html").await;
    let drawn = "pre.mermaid svg";
    ui.wait_across_reload(drawn, 20).await;
    let labels = ui.text("pre.mermaid").await;
    for label in ["Cut branch", "Tests pass?", "Tag"] {
        assert!(labels.contains(label), "{label} in {labels}");
    }
    if let Some(axe) = crate::a11y::axe_source() {
        let found = crate::a11y::violations_at_every_size(&ui, &axe, drawn).await;
        assert!(found.is_empty(), "axe-core violations: {found:#?}");
    }
    // Dark by the toggle: drawn again, in the dark theme's colours.
    ui.js("localStorage.setItem('opsbook-theme', 'dark');")
        .await;
    ui.c.refresh().await.unwrap();
    ui.wait_across_reload(drawn, 20).await;
    let dark = ui
        .js("var r = document.querySelector('pre.mermaid svg rect.basic, pre.mermaid svg .node rect'); return r ? getComputedStyle(r).fill : ''")
        .await;
    ui.js("localStorage.removeItem('opsbook-theme');").await;
    ui.c.refresh().await.unwrap();
    ui.wait_across_reload(drawn, 20).await;
    let light = ui
        .js("var r = document.querySelector('pre.mermaid svg rect.basic, pre.mermaid svg .node rect'); return r ? getComputedStyle(r).fill : ''")
        .await;
    assert_ne!(dark, light, "the dark page draws in other colours");
    ui.open("plain.html").await;
    let scripts = ui
        .js("return Array.from(document.scripts).some(function (s) { return /mermaid/.test(s.src); })")
        .await;
    assert_eq!(
        scripts,
        serde_json::json!(false),
        "a page without a diagram loads no diagram script"
    );
    ui.c.close().await.unwrap();
    loud(&format!(
        "browser diagram test took {:?}\n",
        started.elapsed()
    ));
}
