use super::*;
use crate::model::{Document, FrontMatter, PageKind};

fn page(source: &str, urls: &[(&str, bool)]) -> Page {
    let rel = source.strip_prefix("content/").unwrap_or(source);
    let (id, url) = page_id_and_url(rel);
    Page {
        source: crate::base::path::RelPath::new(source),
        url,
        id,
        title: rel.into(),
        kind: PageKind::Markdown,
        front: FrontMatter {
            redirects: (2..)
                .zip(urls)
                .map(|(line, (url, slug))| OldUrl {
                    url: (*url).into(),
                    slug: *slug,
                    line,
                    col: 3,
                })
                .collect(),
            ..FrontMatter::default()
        },
        doc: Document::default(),
    }
}

const BOTH: Kinds = Kinds {
    aliases: true,
    slugs: true,
};

#[test]
fn calendar_tokens_of_permalinks_are_hugos() {
    // 2024-02-29 was a Thursday, the 60th day of its year.
    let got: Vec<String> = ["monthname", "weekday", "weekdayname", "yearday"]
        .iter()
        .filter_map(|t| calendar_token(t, 2024, 2, 29))
        .collect();
    assert_eq!(got, ["February", "4", "Thursday", "60"]);
    assert_eq!(
        calendar_token("yearday", 2023, 12, 31).as_deref(),
        Some("365")
    );
    assert_eq!(
        calendar_token("weekdayname", 2026, 12, 6).as_deref(),
        Some("Sunday")
    );
    assert_eq!(calendar_token("monthname", 2026, 13, 1), None);
}

#[test]
fn a_hugo_page_url_in_front_matter_is_its_whole_path_as_written() {
    let with_url = |source: &str, url: &str| {
        let mut p = page(source, &[]);
        p.front.extra.insert("url".into(), url.into());
        p
    };
    let pages = [
        with_url("content/ops/Drain.md", "/Runbooks/drain-a-node/"),
        with_url("content/ops/old.md", "/legacy/old.html"),
        with_url("content/ops/bare.md", "bare-page"),
    ];
    let hugo = crate::config::hugo::Hugo {
        permalinks: serde_json::json!({"ops": "/:section/:slug/"}),
        ..Default::default()
    };
    let urls: Vec<String> = hugo_urls(&pages, &hugo, "content")
        .into_iter()
        .map(|(from, i)| format!("{from} -> {}", pages[i].url))
        .collect();
    assert_eq!(
        urls,
        [
            "Runbooks/drain-a-node/index.html -> ops/Drain.html",
            "legacy/old.html -> ops/old.html",
            "bare-page/index.html -> ops/bare.html",
            "ops/index.html -> ops/Drain.html",
        ]
    );
}

#[test]
fn hugo_urls_are_lowercased_folders_unless_the_site_says_otherwise() {
    let pages = [
        page("content/_index.md", &[]),
        page("content/Triage/_index.md", &[]),
        page("content/Triage/PRs.md", &[]),
        page("content/ops/my page.md", &[]),
        page("content/ops/drain.md", &[("/ops/drain/", false)]),
    ];
    let got = |hugo: &crate::config::hugo::Hugo| -> Vec<String> {
        let hugo_kinds = Kinds {
            aliases: true,
            slugs: false,
        };
        let mut redirects = collect(&pages, "content", hugo_kinds, &mut Diagnostics::new());
        add_hugo_urls(
            &pages,
            (hugo, "content"),
            &mut redirects,
            &mut Diagnostics::new(),
        );
        redirects
            .iter()
            .map(|r| format!("{} -> {}", r.from, pages[r.to].url))
            .collect()
    };
    let mut hugo = crate::config::hugo::Hugo::default();
    // `triage/index.html` differs from the section's page only in case: not made.
    // `ops/` has no `_index.md`: Hugo's list of it leads to its first page.
    assert_eq!(
        got(&hugo),
        [
            "ops/drain/index.html -> ops/drain.html",
            "ops/index.html -> ops/my page.html",
            "ops/my-page/index.html -> ops/my page.html",
            "triage/prs/index.html -> Triage/PRs.html",
        ]
    );
    hugo.disable_path_to_lower = true;
    assert_eq!(
        got(&hugo),
        [
            "Triage/PRs/index.html -> Triage/PRs.html",
            "ops/drain/index.html -> ops/drain.html",
            "ops/index.html -> ops/my page.html",
            "ops/my-page/index.html -> ops/my page.html",
        ]
    );
    hugo.ugly_urls = true;
    assert_eq!(
        got(&hugo),
        [
            "ops/drain/index.html -> ops/drain.html",
            "ops/index.html -> ops/my page.html",
            "ops/my-page.html -> ops/my page.html",
        ]
    );
}

#[test]
fn hugo_sections_with_capitals_get_a_lowercased_url_or_a_warning() {
    let pages = [
        page("content/_index.md", &[]),
        page("content/Runbooks/Deploy.md", &[]),
        page("content/Runbooks/Rollback.md", &[]),
        page("content/My Team/On Call.md", &[]),
        page("content/Triage/_index.md", &[]),
        page("content/Triage/PRs.md", &[]),
        page("content/tags/_index.md", &[]),
    ];
    let hugo = crate::config::hugo::Hugo::default();
    let mut redirects = Vec::new();
    let mut diags = Diagnostics::new();
    add_hugo_urls(&pages, (&hugo, "content"), &mut redirects, &mut diags);
    let got: Vec<String> = redirects
        .iter()
        .map(|r| format!("{} -> {}", r.from, pages[r.to].url))
        .collect();
    // A folder without `_index.md` has no page of its own at its URL: its Hugo URL
    // is free, in another folder than its pages' (`runbooks/`, not `Runbooks/`).
    assert_eq!(
        got,
        [
            "my-team/index.html -> My Team/On Call.html",
            "my-team/on-call/index.html -> My Team/On Call.html",
            "runbooks/deploy/index.html -> Runbooks/Deploy.html",
            "runbooks/index.html -> Runbooks/Deploy.html",
            "runbooks/rollback/index.html -> Runbooks/Rollback.html",
            "triage/prs/index.html -> Triage/PRs.html",
        ]
    );
    // The section's page is where Hugo's URL is but for case: a warning, no file.
    assert_eq!(
        diags.placed(),
        [
            "content/Triage/_index.md: Hugo's URL of this page, `/triage/`, differs from its own, `/Triage/`, only in case: no redirect can be written there"
        ]
    );
}

#[test]
fn hugo_permalinks_make_a_sections_pages_urls() {
    let mut post = page("content/blog/news/First Post.md", &[]);
    post.front.title = Some("Easy docs, with Hugo!".into());
    post.front
        .extra
        .insert("date".into(), "2026-02-10T09:00:00+02:00".into());
    let mut bundle = page("content/blog/launch/index.md", &[]);
    bundle
        .front
        .extra
        .insert("date".into(), "2018-01-04".into());
    bundle
        .front
        .extra
        .insert("Slug".into(), "we-launched".into());
    let undated = page("content/blog/undated.md", &[]);
    let pages = [
        page("content/blog/_index.md", &[]),
        post,
        bundle,
        undated,
        page("content/docs/a.md", &[]),
    ];
    let urls = |permalinks: &str| -> Vec<String> {
        let hugo = crate::config::hugo::Hugo {
            permalinks: serde_json::from_str(permalinks).expect("json"),
            ..crate::config::hugo::Hugo::default()
        };
        hugo_urls(&pages, &hugo, "content")
            .into_iter()
            .map(|(from, to)| format!("{from} -> {}", pages[to].url))
            .collect()
    };
    let want = [
        "blog/2026/02/10/first-post/index.html -> blog/news/First Post.html",
        "blog/2018/01/04/we-launched/index.html -> blog/launch/index.html",
        "blog/undated/index.html -> blog/undated.html",
        "docs/a/index.html -> docs/a.html",
        "docs/index.html -> docs/a.html",
    ];
    assert_eq!(
        urls(r#"{"blog": "/:section/:year/:month/:day/:slugorfilename/"}"#),
        want
    );
    assert_eq!(
        urls(r#"{"page": {"blog": "/:sections/:title"}}"#)[0],
        "blog/news/easy-docs-with-hugo/index.html -> blog/news/First Post.html",
    );
    assert_eq!(
        urls(r#"{"blog": "/:year/:unknown/"}"#)[0],
        "blog/news/first-post/index.html -> blog/news/First Post.html",
        "a token opsbook does not know: the page's own URL"
    );
}

#[test]
fn docusaurus_routes_are_below_the_route_base() {
    let pages = [
        page("content/index.md", &[]),
        page("content/ops/index.md", &[]),
        page(
            "content/ops/restart.md",
            &[("/now", true), ("../old/", false)],
        ),
        page("content/ops/drain.md", &[("again", true)]),
    ];
    let got: Vec<String> = docusaurus_routes(&pages, "content", "docs", &[])
        .into_iter()
        .map(|(from, to)| format!("{from} -> {}", pages[to].url))
        .collect();
    assert_eq!(
        got,
        [
            "docs/index.html -> index.html",
            "docs/ops/index.html -> ops/index.html",
            "docs/now/index.html -> ops/restart.html",
            "docs/ops/again/index.html -> ops/drain.html",
            "docs/ops/restart/index.html -> ops/restart.html",
            "docs/ops/drain/index.html -> ops/drain.html",
        ]
    );
    // A page already there wins (`docs/ops/`, the first page's URL now); so does an
    // earlier redirect (`docs/now/`).
    let mut redirects = vec![Redirect {
        from: "docs/now/index.html".into(),
        to: 0,
        line: 0,
        col: 0,
    }];
    let mut pages = pages.to_vec();
    pages[0].url = "docs/ops/index.html".into();
    add_docusaurus_routes(&pages, "content", Some("docs"), &[], &mut redirects);
    let froms: Vec<(&str, usize)> = redirects.iter().map(|r| (r.from.as_str(), r.to)).collect();
    assert_eq!(
        froms,
        [
            ("docs/docs/ops/index.html", 0),
            ("docs/now/index.html", 0),
            ("docs/ops/again/index.html", 3),
            ("docs/ops/drain/index.html", 3),
            ("docs/ops/restart/index.html", 2),
        ]
    );
}

fn run(pages: &mut [Page]) -> (Vec<String>, Vec<String>) {
    home_from_slug(pages, "content", BOTH);
    let mut diags = Diagnostics::new();
    let found = collect(pages, "content", BOTH, &mut diags);
    let found = found
        .iter()
        .map(|r| format!("{} -> {}", r.from, pages[r.to].url))
        .collect();
    let diags = diags
        .iter()
        .map(|d| {
            let at = format!("{}: {}", d.location(), d.message);
            match d.severity {
                crate::base::diag::Severity::Warning => format!("warning: {at}"),
                crate::base::diag::Severity::Error => at,
            }
        })
        .collect();
    (found, diags)
}

#[test]
fn aliases_and_slugs_become_redirect_pages() {
    let mut pages = [
        page(
            "content/ops/deploy.md",
            &[
                ("/old/deploy/", false),
                ("/legacy/deploy.html", false),
                ("ship", false),
            ],
        ),
        page(
            "content/docs/intro.md",
            &[("/start", true), ("getting-started", true)],
        ),
    ];
    let (found, diags) = run(&mut pages);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        found,
        [
            // A slug's route as a link names it (`getting-started` → `.html`) too.
            "docs/getting-started.html -> docs/intro.html",
            "docs/getting-started/index.html -> docs/intro.html",
            "legacy/deploy.html -> ops/deploy.html",
            "old/deploy/index.html -> ops/deploy.html",
            "ops/ship/index.html -> ops/deploy.html",
            "start.html -> docs/intro.html",
            "start/index.html -> docs/intro.html",
        ]
    );
}

#[test]
fn only_the_sites_own_kind_is_read() {
    let mut pages = [page("content/a.md", &[("/old/", false), ("/new", true)])];
    let hugo = Kinds {
        aliases: true,
        slugs: false,
    };
    let found = collect(&pages, "content", hugo, &mut Diagnostics::new());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].from, "old/index.html");
    let none = Kinds {
        aliases: false,
        slugs: false,
    };
    assert!(collect(&pages, "content", none, &mut Diagnostics::new()).is_empty());
    pages[0].front.redirects[1].url = "/".into();
    assert_eq!(home_from_slug(&mut pages, "content", hugo), None);
}

#[test]
fn slug_root_on_a_top_page_makes_the_home_page() {
    let mut pages = [
        page("content/welcome.md", &[("/", true)]),
        page("content/a.md", &[]),
    ];
    let (found, diags) = run(&mut pages);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(pages[0].url, "index.html");
    assert_eq!(found, ["welcome.html -> index.html"]);
}

#[test]
fn collisions_and_paths_outside_are_errors_at_their_lines() {
    let mut pages = [
        page("content/index.md", &[]),
        page(
            "content/a.md",
            &[("/b.html", false), ("/old/", false), ("../../x", false)],
        ),
        page(
            "content/b.md",
            &[("/old", false), ("https://x.io/a", false)],
        ),
        page("content/c.md", &[("/", true)]),
    ];
    let (found, diags) = run(&mut pages);
    assert_eq!(found, ["old/index.html -> a.html"]);
    assert_eq!(
        diags,
        [
            "content/a.md:2:3: `/b.html` would overwrite the page content/b.md",
            "content/a.md:4:3: `../../x` is not a path inside the site",
            "warning: content/b.md:2:3: `/old` is also an old URL of content/a.md (line 3), which keeps it",
            "content/b.md:3:3: `https://x.io/a` is not a path inside the site",
            "content/c.md:2:3: `/` would overwrite the page content/index.md",
        ]
    );
}

#[test]
fn a_slug_where_a_page_with_its_own_slug_is_leads_to_the_slug_page_in_docusaurus() {
    // docs/README.md has `slug: /readme`, so Docusaurus's `/docs/` is the page with
    // `slug: /`, in a subfolder; the README keeps `index.html`, with no error.
    let mut pages = vec![
        page("content/README.md", &[("/readme", true)]),
        page("content/core/intro.md", &[("/", true)]),
    ];
    let (found, diags) = run(&mut pages);
    assert_eq!(diags, Vec::<String>::new());
    assert!(found.contains(&"readme/index.html -> index.html".to_string()));
    let got: Vec<String> = docusaurus_routes(&pages, "content", "docs", &[])
        .into_iter()
        .map(|(from, to)| format!("{from} -> {}", pages[to].source))
        .collect();
    assert_eq!(
        got,
        [
            "docs/readme/index.html -> content/README.md",
            "docs/index.html -> content/core/intro.md",
            "docs/core/intro/index.html -> content/core/intro.md",
        ]
    );
    // Without its own slug, the README is at `/docs/` in Docusaurus too: a true clash.
    let mut pages = vec![
        page("content/README.md", &[]),
        page("content/core/intro.md", &[("/", true)]),
    ];
    let (_, diags) = run(&mut pages);
    assert_eq!(
        diags,
        ["content/core/intro.md:2:3: `/` would overwrite the page content/README.md"]
    );
}
