use super::*;
use crate::render::run_page::evidence;

fn book(files: &[(&str, &str)]) -> Book {
    crate::parse::book::test_book(files)
}

fn site(b: &Book) -> crate::render::site::Site {
    let theme = Theme::load(&Default::default(), "default").unwrap();
    let mut site = crate::render::site(
        &Config::default(),
        b,
        &theme,
        &crate::base::cache::Cache::off(),
    )
    .unwrap();
    for (path, html) in pages(&Config::default(), b, &theme).unwrap() {
        site.insert(path, html);
    }
    site
}

const DEPLOY: &str = "# Deploy\n## Prepare {#prepare gate approvers=carol}\n- [ ] Back up {#backup}\n- [ ] Purge {#purge}\n## Release {#release}\n- [ ] Roll out {#rollout}\n";

/// Aborted, so it is shown as recorded: an open run's event with evidence that is not
/// a web link would be refused (`check::runs`), but a page must never link it anyway.
const RUN: &str = "runbook: deploy\nenvironment: production\nversion: v1\nstarted: {by: alice, at: \"2026-12-01T09:00:00Z\"}\nevents:\n  - {at: \"2026-12-01T09:05:00Z\", by: alice, action: tick, item: backup, phase: prepare, note: \"<b>x</b>\", evidence: [\"https://ci.example.com/1\", \"javascript:alert(1)\"]}\n  - {at: \"2026-12-01T09:06:00Z\", by: alice, action: skip, item: purge, phase: prepare, reason: \"no CDN\"}\n  - {at: \"2026-12-01T09:07:00Z\", by: alice, action: tick, item: gone, phase: prepare}\n  - {at: \"2026-12-01T09:08:00Z\", by: alice, action: abort, reason: \"written by hand\"}\n";

#[test]
fn only_http_and_https_evidence_becomes_a_link() {
    assert_eq!(evidence("https://a.io/x").href, Some("https://a.io/x"));
    assert_eq!(evidence("HTTP://a.io").href, Some("HTTP://a.io"));
    assert_eq!(evidence("javascript:alert(1)").href, None);
    assert_eq!(evidence("data:text/html,x").href, None);
    assert_eq!(evidence("https://a.io/x y").href, None);
    assert_eq!(evidence("ticket 42").text, "ticket 42");
}

#[test]
fn a_book_without_runs_gets_no_run_page_section_or_stylesheet() {
    let b = book(&[("content/deploy.md", DEPLOY)]);
    let s = site(&b);
    assert!(s.get(RUNS_INDEX).is_none());
    assert!(s.get("static/runs.css").is_none());
    assert!(!s.page("deploy.html").unwrap().contains("runs.css"));
    assert!(!s.page("index.html").unwrap().contains("id=\"runs\""));
    assert!(!s.page("toc.js").unwrap().contains("Runs"));
}

#[test]
fn run_page_shows_items_gate_orphans_and_escapes_text() {
    let b = book(&[
        ("content/deploy.md", DEPLOY),
        ("runs/2026-12-01-0900-deploy-production.yaml", RUN),
    ]);
    let s = site(&b);
    let page = s
        .page("runs/2026-12-01-0900-deploy-production.html")
        .expect("run page");
    assert!(page.contains("runs.css"));
    assert!(
        page.contains("&lt;b&gt;x&lt;&#x2F;b&gt;") || page.contains("&lt;b&gt;x&lt;/b&gt;"),
        "{page}"
    );
    assert!(!page.contains("<b>x"));
    assert!(page.contains(r#"<a href="https://ci.example.com/1" rel="noopener nofollow">"#));
    assert!(!page.contains(r#"href="javascript"#));
    assert!(page.contains("Skipped: no CDN"));
    assert!(page.contains("not signed off yet (approvers: carol)"));
    let orphans = page
        .split_once("No longer in the runbook")
        .expect("orphans apart")
        .1;
    assert!(orphans.contains(r#"data-item="gone""#));
    assert!(s.page(RUNS_INDEX).unwrap().contains("Open runs"));
    assert!(
        s.page("toc.js")
            .unwrap()
            .contains(r#"{"t":"Runs","u":"runs/index.html"}"#)
    );
    let deploy = s.page("deploy.html").unwrap();
    assert!(deploy.contains(r#"<section id="runs" class="runs-section""#));
    assert!(deploy.contains(r#"href="runs/2026-12-01-0900-deploy-production.html""#));
    let home = s.page("index.html").unwrap();
    assert!(home.contains(r#"<tr data-run="2026-12-01-0900-deploy-production">"#));
}

#[test]
fn home_lists_the_last_ended_run_per_runbook_and_environment() {
    let ended = |at: &str, v: &str| {
        format!(
            "runbook: deploy\nenvironment: production\nversion: {v}\nstarted: {{by: a, at: \"{at}\"}}\nevents:\n  - {{at: \"{at}\", by: a, action: abort, reason: r}}\n"
        )
    };
    let old = ended("2026-12-01T09:00:00Z", "v1");
    let new = ended("2026-12-02T09:00:00Z", "v2");
    let b = book(&[
        ("content/deploy.md", DEPLOY),
        ("runs/a.yaml", old.as_str()),
        ("runs/b.yaml", new.as_str()),
    ]);
    let home = home_runs(&b).unwrap();
    assert!(home.open.is_empty());
    let last: Vec<_> = home.last.iter().map(|r| r.version).collect();
    assert_eq!(last, [Some("v2")]);
}

#[test]
fn a_content_page_where_a_run_page_goes_is_refused() {
    let b = book(&[
        ("content/deploy.md", DEPLOY),
        ("content/runs/index.md", "# Mine\n"),
        ("runs/2026-12-01-0900-deploy-production.yaml", RUN),
    ]);
    let diags = crate::render::reserved_pages(&Config::default(), &b);
    assert!(diags.has_errors(), "{diags:?}");
}

#[test]
fn a_run_page_links_its_issue_and_says_when_the_runbook_changed_since() {
    let run = "runbook: deploy\nenvironment: production\nissue: \"https://github.com/acme/runbooks/issues/12\"\nstarted: {by: alice, at: \"2026-12-01T09:00:00Z\"}\nevents:\n";
    let mut b = book(&[
        ("content/deploy.md", DEPLOY),
        ("runs/gh-12-deploy-production.yaml", run),
    ]);
    let page = |b: &Book| {
        site(b)
            .page("runs/gh-12-deploy-production.html")
            .unwrap()
            .to_string()
    };
    let html = page(&b);
    assert!(html.contains(r#"<a href="https://github.com/acme/runbooks/issues/12" rel="noopener">the GitHub issue</a>"#));
    assert!(!html.contains("run-changed"), "unchanged runbook: no note");
    b.updated
        .insert("content/deploy.md".into(), "2026-12-03".into());
    let html = page(&b);
    assert!(
        html.contains(r#"The runbook was changed on <time datetime="2026-12-03">"#),
        "{html}"
    );
    b.updated
        .insert("content/deploy.md".into(), "2026-12-01".into());
    assert!(
        !page(&b).contains("run-changed"),
        "a change the same day is not after"
    );
}
