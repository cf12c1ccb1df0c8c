//! The whole of stage 5 on small books: every page exists, links resolve, same book
//! same bytes, and what each template shows.

use std::collections::{BTreeMap, BTreeSet};

use super::context::base_path;
use super::nav::trail_to;
use super::*;
use crate::base::cache::Cache;
use crate::base::diag::Code;
use crate::config::Config;
use crate::model::{Book, Document, NavKind, NavNode, Page, PageKind};
use crate::parse::highlight;
use crate::render::site::Site;
use crate::render::theme::Theme;

#[test]
fn a_page_alone_gets_the_trail_the_full_walk_gives() {
    let leaf = |title: &str, page| NavNode {
        title: title.into(),
        page,
        children: Vec::new(),
        kind: NavKind::Entry,
        link: None,
        generated: None,
    };
    let nav = vec![
        NavNode {
            title: "A".into(),
            page: Some(0),
            children: vec![leaf("a1", Some(1)), leaf("a2", None)],
            kind: NavKind::Entry,
            link: None,
            generated: None,
        },
        NavNode {
            title: "B".into(),
            page: None,
            children: vec![leaf("b1", Some(2)), leaf("again", Some(1))],
            kind: NavKind::Entry,
            link: None,
            generated: None,
        },
    ];
    let all = trails(&nav, 4);
    let titles = |t: &[&NavNode]| t.iter().map(|n| n.title.clone()).collect::<Vec<_>>();
    for (page, full) in all.iter().enumerate() {
        let mut alone = Vec::new();
        let found = trail_to(&nav, page, &mut alone);
        assert_eq!(found, page < 3, "page {page}");
        assert_eq!(titles(&alone), titles(full), "page {page}");
    }
}
use crate::base::path::RelPath;
use crate::model::FrontMatter;
use crate::model::{Heading, Item, Phase};

const BODY: &str = r##"<h1 id="deploy"><a class="anchor" href="#deploy">#</a>Deploy</h1>
<p>Intro with <code>inline</code> code.</p>
<h2 id="prepare"><a class="anchor" href="#prepare">#</a>Prepare</h2>
<ul>
<li class="task" id="prep-backup"><input type="checkbox" class="task-box" id="cb-0"><label for="cb-0">Take a backup</label><a class="item-link" href="#prep-backup">#</a></li>
<li class="task" id="prep-notify"><input type="checkbox" class="task-box" id="cb-1" checked><label for="cb-1">Notify the team</label><a class="item-link" href="#prep-notify">#</a></li>
</ul>
<div class="alert alert-warning">
<p class="alert-title">Warning</p><p>Never deploy on Friday.</p></div>
<h3 id="secrets"><a class="anchor" href="#secrets">#</a>Secrets</h3>
<div class="code-block"><button type="button" class="copy-code" hidden aria-label="Copy code">Copy</button><pre><code class="language-bash"><span class="hl-source hl-shell">kubectl apply -f deploy.yaml</span>
</code></pre></div>
"##;

fn page(url: &str, title: &str, items: usize) -> Page {
    let source = format!("content/{}", url.replace(".html", ".md"));
    Page {
        source: RelPath::new(source),
        url: url.to_string(),
        id: url.trim_end_matches(".html").to_string(),
        title: title.to_string(),
        kind: PageKind::Markdown,
        front: FrontMatter::default(),
        doc: Document {
            html: BODY.into(),
            h1: Some("Deploy".into()),
            headings: vec![
                heading(1, "deploy", "Deploy"),
                heading(2, "prepare", "Prepare"),
                heading(3, "secrets", "Secrets"),
            ]
            .into(),
            phases: vec![Phase {
                id: Some("prepare".into()),
                title: "Prepare".into(),
                line: 3,
                ..Phase::default()
            }],
            items: (0..items).map(item).collect(),
            ..Document::default()
        },
    }
}

fn heading(level: u8, id: &str, text: &str) -> Heading {
    Heading {
        level,
        id: id.into(),
        text: text.into(),
        line: 1,
    }
}

fn item(n: usize) -> Item {
    Item::new(&format!("item-{n}"), &format!("Item {n}"), 1, 1)
}

fn leaf(title: &str, page: usize) -> NavNode {
    NavNode {
        title: title.into(),
        page: Some(page),
        children: vec![],
        kind: NavKind::Entry,
        link: None,
        generated: None,
    }
}

/// index, ops/ (with an index page), ops/deploy, ops/db/ (no index) → migrate, rollback.
fn sample_book() -> Book {
    let mut home = page("index.html", "Welcome", 0);
    home.doc.html = "<p>Start here.</p>\n".into();
    home.doc.h1 = None;
    home.doc.headings = Default::default();
    let mut deploy = page("ops/deploy.html", "Deploy", 2);
    deploy.front.extra.insert(
        "description".into(),
        serde_json::Value::String("Ship the API".into()),
    );
    Book {
        title: "Hypex Runbooks".into(),
        description: Some("How we ship".into()),
        language: "en".into(),
        pages: vec![
            home,
            page("ops/index.html", "Operations", 0),
            deploy,
            page("ops/db/migrate.html", "Migrate", 3),
            page("rollback.html", "Rollback", 1),
        ],
        nav: vec![
            leaf("Welcome", 0),
            NavNode {
                title: "Operations".into(),
                page: Some(1),
                children: vec![
                    leaf("Deploy", 2),
                    NavNode {
                        title: "Database".into(),
                        page: None,
                        children: vec![leaf("Migrate", 3)],
                        kind: NavKind::Entry,
                        link: None,
                        generated: None,
                    },
                ],
                kind: NavKind::Entry,
                link: None,
                generated: None,
            },
            leaf("Rollback", 4),
        ],
        home: Some(0),
        updated: [(
            "content/ops/deploy.md".to_string(),
            "2026-11-24".to_string(),
        )]
        .into(),
        ..Book::default()
    }
}

fn default_theme() -> Theme {
    Theme::load(&BTreeMap::new(), "default").expect("default theme compiles")
}

/// `render::site` plus the secret inventory's index, which `secrets::pages` makes
/// in a real build (tested in tests/integration/secrets.rs) and the top bar links to.
fn build(cfg: &Config, book: &Book) -> Site {
    let mut site = site(cfg, book, &default_theme(), &Cache::off()).expect("renders");
    site.insert("secrets/index.html", "<!doctype html>");
    site
}

/// Values of `attr="…"` in `html`, entity `&amp;` decoded.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// Resolves `link` (relative, maybe with `#frag`) from file `from` to a site path.
fn resolve(from: &str, link: &str) -> (String, Option<String>) {
    let (path, frag) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (link, None),
    };
    if path.is_empty() {
        return (from.to_string(), frag);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), frag)
}

fn is_external(link: &str) -> bool {
    link.contains("://") || link.starts_with("mailto:") || link.starts_with('/')
}

/// Every relative `href`/`src` of every HTML file points to a file of the site,
/// and every `#fragment` to an id in that file.
fn broken_links(site: &Site) -> Vec<String> {
    let mut broken = Vec::new();
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let links = attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"));
        for link in links.filter(|l| !is_external(l)) {
            let (target, frag) = resolve(path, &link);
            let Some(target_html) = site.page(&target) else {
                broken.push(format!("{path}: {link} (no file {target})"));
                continue;
            };
            if let Some(f) = frag
                && !attr_values(target_html, "id").contains(&f)
            {
                broken.push(format!("{path}: {link} (no id {f} in {target})"));
            }
        }
    }
    broken
}

#[test]
fn every_page_exists_and_relative_links_resolve() {
    let site = build(&Config::default(), &sample_book());
    let names: BTreeSet<&str> = site.files.keys().map(String::as_str).collect();
    for want in [
        "index.html",
        "404.html",
        "toc.html",
        "toc.js",
        "ops/index.html",
        "ops/deploy.html",
        "ops/db/migrate.html",
        "rollback.html",
        "static/style.css",
        "static/highlight.css",
        "static/theme.js",
        "static/copy.js",
    ] {
        assert!(names.contains(want), "missing {want} in {names:?}");
    }
    assert_eq!(broken_links(&site), Vec::<String>::new());
}

#[test]
fn link_checker_finds_a_broken_link() {
    let mut book = sample_book();
    book.pages[4].doc.html = "<p><a href=\"ops/nope.html\">x</a><a href=\"#gone\">y</a></p>".into();
    book.pages[4].doc.headings = Default::default();
    let site = build(&Config::default(), &book);
    assert_eq!(
        broken_links(&site),
        [
            "rollback.html: ops/nope.html (no file ops/nope.html)",
            "rollback.html: #gone (no id gone in rollback.html)"
        ]
    );
}

#[test]
fn same_book_gives_same_bytes() {
    let book = sample_book();
    let cfg = Config::default();
    assert_eq!(build(&cfg, &book), build(&cfg, &book));
}

#[test]
fn prev_next_follow_book_order() {
    let site = build(&Config::default(), &sample_book());
    let deploy = site.page("ops/deploy.html").unwrap();
    assert!(
        deploy.contains(r#"<a class="pager-prev" href="../ops/index.html" rel="prev">"#),
        "{deploy}"
    );
    assert!(deploy.contains(r#"<a class="pager-next" href="../ops/db/migrate.html" rel="next">"#));
    let last = site.page("rollback.html").unwrap();
    assert!(!last.contains("pager-next"), "last page has no next");
    assert!(last.contains(r#"href="ops/db/migrate.html" rel="prev""#));
}

#[test]
fn an_mkdocs_page_alone_gets_the_pager_the_full_build_gives() {
    // Migrate is not in the nav: MkDocs leaves it out of the pager, and its neighbours
    // have no link to it. Rendered alone (serve), each page must say the same.
    let mut book = sample_book();
    book.nav[1].children.pop();
    let cfg = Config {
        mkdocs: Some(crate::config::mkdocs::parse(
            "site_name: A\n",
            &crate::base::path::RelPath::new("mkdocs.yml"),
            &mut crate::base::diag::Diagnostics::new(),
        )),
        ..Config::default()
    };
    let site = build(&cfg, &book);
    let deploy = site.page("ops/deploy.html").unwrap();
    assert!(deploy.contains("pager-prev") && !deploy.contains("pager-next"));
    for (i, alone) in pages(&cfg, &book, &default_theme(), &[1, 2, 3, 4]) {
        let alone = alone.expect("not the home page").expect("renders");
        let url = &book.pages[i].url;
        assert_eq!(
            std::str::from_utf8(&alone).unwrap(),
            site.page(url).unwrap(),
            "{url}"
        );
    }
}

#[test]
fn breadcrumbs_walk_the_folders() {
    let site = build(&Config::default(), &sample_book());
    let migrate = site.page("ops/db/migrate.html").unwrap();
    let crumbs = migrate
        .split_once("<nav class=\"breadcrumbs\"")
        .and_then(|(_, rest)| rest.split_once("</nav>"))
        .map(|(c, _)| c)
        .expect("breadcrumbs");
    assert!(
        crumbs.contains(r#"<li><a href="../../index.html">Hypex Runbooks</a></li>"#),
        "{crumbs}"
    );
    assert!(crumbs.contains(r#"<li><a href="../../ops/index.html">Operations</a></li>"#));
    assert!(
        crumbs.contains("<li><span>Database</span></li>"),
        "folder without a page"
    );
    assert!(crumbs.contains(r##"aria-current="page">Migrate</a>"##));
}

#[test]
fn last_updated_date_shows_when_git_knows_it() {
    let site = build(&Config::default(), &sample_book());
    let deploy = site.page("ops/deploy.html").unwrap();
    assert!(deploy.contains("<time datetime=\"2026-11-24\">2026-11-24</time>"));
    assert!(!site.page("rollback.html").unwrap().contains("Last updated"));
}

#[test]
fn edit_link_replaces_path() {
    let mut cfg = Config::default();
    let book = sample_book();
    assert!(
        !build(&cfg, &book)
            .page("ops/deploy.html")
            .unwrap()
            .contains("Edit this page")
    );
    cfg.site.edit_url = Some("https://github.com/acme/rb/edit/main/{path}".into());
    let site = build(&cfg, &book);
    let html = site.page("ops/deploy.html").unwrap();
    assert!(
        html.contains(r#"href="https://github.com/acme/rb/edit/main/content/ops/deploy.md""#),
        "{html}"
    );
}

#[test]
fn titles_are_escaped_everywhere() {
    let mut book = sample_book();
    let evil = "<script>alert(1)</script>";
    book.title = evil.into();
    book.pages[2].title = evil.into();
    book.nav[1].children[0].title = evil.into();
    let site = build(&Config::default(), &book);
    for (path, bytes) in &site.files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<script>alert"),
            "{path} has an unescaped title"
        );
    }
    let page = site.page("ops/deploy.html").unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        site.page("toc.js")
            .unwrap()
            .contains("\\u003cscript>alert(1)\\u003c/script>")
    );
}

#[test]
fn lang_and_item_count_and_toc() {
    let mut cfg = Config::default();
    cfg.book.language = "fr".into();
    let site = build(&cfg, &sample_book());
    let html = site.page("ops/db/migrate.html").unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(html.contains(">3 checklist items<"), "{html}");
    assert!(
        site.page("rollback.html")
            .unwrap()
            .contains(">1 checklist item<")
    );
    let aside = html.split_once("<aside").map(|(_, a)| a).expect("aside");
    assert!(aside.contains(r##"<li class="toc-h2"><a href="#prepare">Prepare</a></li>"##));
    assert!(aside.contains(r##"<li class="toc-h3"><a href="#secrets">Secrets</a></li>"##));
    assert!(
        !aside.contains("href=\"#deploy\""),
        "H1 is not in the page toc"
    );
    assert_eq!(
        html.matches("<h1").count(),
        1,
        "body H1 only, no second title"
    );
}

#[test]
fn a_docs_only_book_has_no_empty_runbook_section() {
    let mut book = sample_book();
    book.pages.truncate(2);
    book.pages[1].doc.items = Default::default();
    book.nav.truncate(1);
    let site = build(&Config::default(), &book);
    let home = site.page("index.html").unwrap();
    assert!(home.contains("<p>Start here.</p>"));
    assert!(!home.contains("id=\"dashboard\""), "{home}");
    assert!(!home.contains("no runbooks yet"));
}

#[test]
fn home_shows_its_content_and_lists_runbooks() {
    let site = build(&Config::default(), &sample_book());
    let home = site.page("index.html").unwrap();
    assert!(home.contains("<p>Start here.</p>"));
    assert!(
        home.contains("<h1>Welcome</h1>"),
        "title added when the body has no H1"
    );
    assert!(home.contains(r#"<a class="runbook-title" href="ops/deploy.html">Deploy</a>"#));
    assert!(home.contains(r#"<p class="runbook-desc">Ship the API</p>"#));
    assert!(home.contains(">2 checklist items<"));
    assert_eq!(
        home.matches("class=\"runbook-card\"").count(),
        3,
        "the pages with items; not the home, not a page without items"
    );
    assert!(home.contains("id=\"dashboard\""));
}

#[test]
fn sidebar_is_one_shared_file() {
    let site = build(&Config::default(), &sample_book());
    let page = site.page("ops/deploy.html").unwrap();
    assert!(page.contains(r#"data-root="../" data-current="ops/deploy.html""#));
    assert!(page.contains(r#"<noscript><p class="sidebar-noscript"><a href="../toc.html">"#));
    assert!(
        !page.contains("Rollback"),
        "no other page title leaks into a page"
    );
    let js = site.page("toc.js").unwrap();
    assert!(
        js.contains(r#"{"t":"Database","c":[{"t":"Migrate","u":"ops/db/migrate.html"}]}"#),
        "{js}"
    );
    let toc = site.page("toc.html").unwrap();
    assert!(toc.contains(r#"<li class="toc-folder"><span>Database</span><ol><li class="toc-page"><a href="ops/db/migrate.html">Migrate</a></li></ol></li>"#), "{toc}");
}

#[test]
fn page_size_does_not_grow_with_the_book() {
    let small = build(&Config::default(), &sample_book());
    let small_max = small
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "toc.html")
        .map(|(_, b)| b.len())
        .max()
        .unwrap();
    let mut book = sample_book();
    let mut folders = Vec::new();
    for f in 0..20 {
        let mut children = Vec::new();
        for p in 0..100 {
            children.push(leaf(&format!("Page {f}-{p}"), book.pages.len()));
            book.pages.push(page(
                &format!("f{f}/p{p}.html"),
                &format!("Page {f}-{p}"),
                5,
            ));
        }
        folders.push(NavNode {
            title: format!("Folder {f}"),
            page: None,
            children,
            kind: NavKind::Entry,
            link: None,
            generated: None,
        });
    }
    book.nav.extend(folders);
    let big = build(&Config::default(), &book);
    assert!(book.pages.len() > 2000);
    for (path, bytes) in &big.files {
        if path.ends_with(".html") && path != "toc.html" && path != "index.html" {
            assert!(
                bytes.len() < small_max + 200,
                "{path} is {} bytes (small book max {small_max})",
                bytes.len()
            );
            assert!(bytes.len() < 12_000, "{path} is {} bytes", bytes.len());
        }
    }
}

#[test]
fn override_template_is_used_by_site() {
    let ov: BTreeMap<String, Vec<u8>> = [(
        "templates/page.html".to_string(),
        b"<p>{{ page.title }} in {{ shell.book_title }}</p>".to_vec(),
    )]
    .into();
    let theme = Theme::load(&ov, "acme").unwrap();
    let site = site(&Config::default(), &sample_book(), &theme, &Cache::off()).unwrap();
    assert_eq!(
        site.page("rollback.html"),
        Some("<p>Rollback in Hypex Runbooks</p>")
    );
    assert!(
        site.page("404.html").unwrap().contains("Page not found"),
        "others untouched"
    );
}

#[test]
fn render_error_is_a_diagnostic_naming_the_template() {
    let ov: BTreeMap<String, Vec<u8>> = [(
        "templates/page.html".to_string(),
        b"ok\n{{ page.no_such_field }}".to_vec(),
    )]
    .into();
    let theme = Theme::load(&ov, "acme").unwrap();
    let diags = site(&Config::default(), &sample_book(), &theme, &Cache::off()).unwrap_err();
    assert_eq!(
        diags.error_count(),
        1,
        "the same error on every page is reported once"
    );
    let d = diags.iter().next().unwrap();
    assert_eq!(d.code, Code::Template);
    assert_eq!(d.line, 2, "{d}");
    assert_eq!(d.path.as_str(), "themes/acme/templates/page.html");
}

#[test]
fn page_at_a_reserved_url_is_a_diagnostic() {
    let mut cfg = Config::default();
    cfg.environments.names = vec!["staging".into()];
    for url in ["404.html", "secrets/index.html", "secrets/staging.html"] {
        let mut book = sample_book();
        book.pages[4].url = url.into();
        let diags = site(&cfg, &book, &default_theme(), &Cache::off()).unwrap_err();
        let d = diags.iter().next().unwrap();
        assert_eq!(
            (d.code, d.path.as_str()),
            (Code::DuplicatePage, "content/rollback.md"),
            "{url}"
        );
    }
    let mut book = sample_book();
    book.pages[4].url = "secrets/rotation.html".into();
    assert!(
        site(&cfg, &book, &default_theme(), &Cache::off()).is_ok(),
        "other pages there are fine"
    );
}

#[test]
fn not_found_page_uses_the_site_base_path() {
    let mut cfg = Config::default();
    assert!(
        !build(&cfg, &sample_book())
            .page("404.html")
            .unwrap()
            .contains("<base")
    );
    // Without a url: the inline script that finds the root, allowed by its hash and by
    // nothing broader; the other pages' policy is unchanged.
    let without = build(&cfg, &sample_book());
    let page = without.page("404.html").unwrap();
    let script = page
        .split_once("<script>")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(js, _)| js)
        .expect("an inline script");
    let hash = super::not_found::script_source(script);
    let csp = format!("script-src &#39;self&#39; {}", hash.replace('\'', "&#39;"));
    assert!(page.contains(&csp), "{page}");
    assert!(!without.page("index.html").unwrap().contains("sha256-"));
    cfg.site.url = Some("https://acme.github.io/runbooks".into());
    let site = build(&cfg, &sample_book());
    let page = site.page("404.html").unwrap();
    assert!(page.contains(r#"<base href="/runbooks/">"#));
    assert!(!page.contains("<script>") && !page.contains("sha256-"));
    assert_eq!(base_path("https://a.io"), "/");
    assert_eq!(base_path("https://a.io/x/y/?q"), "/x/y/");
}

#[test]
fn static_files_and_highlight_css_are_copied() {
    let site = build(&Config::default(), &sample_book());
    assert_eq!(
        site.get("static/highlight.css").map(<[u8]>::to_vec),
        Some(highlight::palette_css().into_bytes())
    );
    let css = site.page("static/style.css").unwrap();
    assert!(css.contains("prefers-reduced-motion") && css.contains("@media print"));
}
