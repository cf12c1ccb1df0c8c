//! The 404 page at any depth without `[site] url` (issue 20, point 9): served as GitHub
//! Pages serves it (the site's `404.html` for every missing URL), at `/a/b/c/missing.html`
//! the page is styled, its scripts run under the page's Content-Security-Policy, and
//! its home link leads to the site root; for a site at the domain's root and for one
//! in a folder (a project site, `/runbooks/`).

use std::time::Instant;

use crate::checklist::build_fixture;
use crate::support::{Chromium, loud, serve_like_pages};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_page_is_styled_and_leads_home_at_any_depth() {
    let Some(chromium) = Chromium::or_skip("404") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let files = build_fixture(&tmp.path().join("book"));
    for (i, mount) in ["/", "/runbooks/"].into_iter().enumerate() {
        let (base, _) = serve_like_pages(files.clone(), mount);
        let ui = chromium
            .open(base.clone(), &tmp.path().join(format!("profile{i}")))
            .await;
        for missing in ["a/b/c/missing.html", "missing.html"] {
            ui.c.goto(&format!("{base}{missing}")).await.unwrap();
            // early.js marks the page: it loaded from the root found.
            ui.wait("html.js .not-found").await;
            let style = ui
                .js(
                    "var t = getComputedStyle(document.querySelector('.topbar')); \
                     return [t.display, t.position, getComputedStyle(document.body).margin]",
                )
                .await;
            assert_eq!(
                style,
                serde_json::json!(["flex", "sticky", "0px"]),
                "{mount}{missing}"
            );
            // The sidebar script ran, with the root.
            let first = ui.wait("#sidebar a[href]").await;
            let href = first.prop("href").await.unwrap().unwrap_or_default();
            assert!(href.starts_with(&base), "{href} is not under {base}");
            let home = ui.wait(".not-found a.button").await;
            assert_eq!(
                home.prop("href").await.unwrap().as_deref(),
                Some(format!("{base}index.html").as_str()),
                "{mount}{missing}"
            );
            let skip = ui.wait(".skip-link").await;
            assert_eq!(
                skip.attr("href").await.unwrap().as_deref(),
                Some("#content")
            );
        }
        ui.click(".not-found a.button").await;
        ui.wait("html.js #env-select option").await;
        assert_eq!(
            ui.c.current_url().await.unwrap().as_str(),
            format!("{base}index.html")
        );
        ui.c.close().await.unwrap();
    }
    loud(&format!("404 at depth: {:?}\n", started.elapsed()));
}
