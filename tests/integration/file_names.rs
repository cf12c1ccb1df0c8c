//! File names: a book whose files are named with every character a URL has to encode
//! builds, and every link to them (sidebar, pager, breadcrumbs, Markdown links, search,
//! sitemap) lands on the written file; names that cannot work are refused by `check`
//! with the reason, and `build` agrees with `check` on every name.
//!
//! Links are resolved as a browser resolves them (the `url` crate implements the WHATWG
//! URL standard), then percent-decoded into a file name, as a static host does. One
//! place where the crate and browsers part: it keeps a segment such as `a|` (a Windows
//! drive letter to it) when `..` should drop it, in any scheme; Chromium and Node drop
//! it. So `|` is written `%7C` (as the site itself writes it) before a URL is resolved.

use std::collections::BTreeSet;

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use url::Url;

use crate::harness::{BookTest, Tree};
use crate::site::{links, unescape};

const BASE: &str = "https://acme.test/runbooks/";

/// The URL a browser has for site file `path` (each part encoded as a browser would).
fn url_of(path: &str) -> Url {
    let mut url = Url::parse(BASE).expect("a valid base");
    url.path_segments_mut()
        .expect("a base URL")
        .pop_if_empty()
        .extend(path.split('/'));
    no_drive_letters(&url)
}

/// `url` with each `|` written `%7C`: the same URL to a browser and a host, and one
/// the `url` crate resolves `..` in as browsers do.
fn no_drive_letters(url: &Url) -> Url {
    Url::parse(&url.as_str().replace('|', "%7C")).expect("a valid URL stays valid")
}

/// The site file a link on `page` leads to (as a static host maps a URL path to a
/// file), or `None` for a link that leaves the site or stays on the page.
fn target(page: &Url, link: &str) -> Option<String> {
    if link.starts_with('#') || link.contains("://") || link.starts_with("mailto:") {
        return None;
    }
    let url = page
        .join(&link.replace('|', "%7C"))
        .expect("a link a browser can follow");
    let rest = url.path().strip_prefix("/runbooks/")?;
    let mut file: Vec<String> = rest
        .split('/')
        .map(|part| percent_decode_str(part).decode_utf8_lossy().into_owned())
        .collect();
    if file.last().is_some_and(String::is_empty) {
        file.pop();
        file.push("index.html".into());
    }
    Some(file.join("/"))
}

#[track_caller]
fn assert_lands(site: &Tree, from: &str, page: &Url, link: &str) -> bool {
    let Some(file) = target(page, link) else {
        return false;
    };
    assert!(
        site.contains_key(&file),
        "{from}: `{link}` leads to `{file}`, which the site does not have"
    );
    true
}

/// The `u` (page) values of `toc.js`'s tree.
fn tree_urls(toc_js: &str) -> Vec<String> {
    let json = toc_js
        .split_once("var TREE = ")
        .and_then(|(_, rest)| rest.split_once(";\n"))
        .map(|(json, _)| json)
        .expect("toc.js holds the tree");
    fn walk(nodes: &serde_json::Value, out: &mut Vec<String>) {
        for node in nodes.as_array().into_iter().flatten() {
            if let Some(u) = node["u"].as_str() {
                out.push(u.to_string());
            }
            walk(&node["c"], out);
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::from_str(json).expect("the tree is JSON"),
        &mut out,
    );
    out
}

/// Every link of the built site leads to a file of it; how many were followed.
fn assert_every_link_lands(t: &BookTest) -> usize {
    let site = t.tree("site");
    let root = url_of("");
    let mut followed = 0;
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        // 404.html has <base href> at the site root: its links start there.
        let page = if path == "404.html" {
            root.clone()
        } else {
            url_of(path)
        };
        for link in links(&html) {
            if path == "404.html" && link == "/runbooks/" {
                continue;
            }
            followed += usize::from(assert_lands(&site, path, &page, &link));
        }
        if let Some(current) = html.split("data-current=\"").nth(1) {
            let current = unescape(current.split('"').next().unwrap_or_default());
            assert_eq!(target(&root, &current).as_deref(), Some(path.as_str()));
        }
    }
    for u in tree_urls(&t.read("site/toc.js")) {
        followed += usize::from(assert_lands(&site, "toc.js", &root, &u));
    }
    for (path, bytes) in site
        .iter()
        .filter(|(p, _)| p.starts_with("search/f/") && p.ends_with(".json"))
    {
        let records: Vec<serde_json::Value> = serde_json::from_slice(bytes).expect("JSON");
        for record in records {
            let href = record[2].as_str().expect("a record's href");
            followed += usize::from(assert_lands(&site, path, &root, href));
        }
    }
    if let Some(xml) = site.get("sitemap.xml") {
        for loc in String::from_utf8_lossy(xml).split("<loc>").skip(1) {
            let loc = loc.split("</loc>").next().unwrap_or_default();
            followed += usize::from(assert_lands(&site, "sitemap.xml", &root, loc));
        }
    }
    followed
}

const RELEASE: &str =
    "title: Release #2\nphases:\n  - title: Ship\n    items:\n      - text: Tag it\n";

/// A book whose files are named with the characters a URL path must encode.
fn odd_names_book() -> BookTest {
    let mut t = BookTest::empty();
    t.write(
        "book.toml",
        format!("[book]\ntitle = \"Names\"\n[site]\nurl = \"{BASE}\"\n"),
    );
    t.write(
        "content/index.md",
        "# Names\n\n\
         - [hash](a%23b.md) [query](<what?.md>) [space](my%20page.md) [space](<my page.md>)\n\
         - [percent](100%25.md) [umlaut](ünï.md) [amp](x&y.md) [quote](<q\"q.md>)\n\
         - [folder](<dir #1/sub?.md#deeper>) [its index](dir%20%231/)\n\
         - ![picture](dir%20%231/pic%20%231.png)\n",
    );
    for name in [
        "a#b",
        "what?",
        "100%",
        "my page",
        "ünï",
        "x&y",
        "it's",
        "q\"q",
        "lt<gt>",
        "[br]{c}|^`",
        "plus+semi;at@(p)!$*,=~",
    ] {
        t.write(&format!("content/{name}.md"), format!("# Page {name}\n"));
    }
    t.write("content/dir #1/index.md", "# Folder #1\n")
        .write(
            "content/dir #1/sub?.md",
            "# Sub?\n\n## Deeper\n\n[home](../index.md) [sibling](<../a#b.md>) [pic](pic%20%231.png)\n",
        )
        .write("content/dir #1/pic #1.png", [0x89, b'P', b'N', b'G'])
        .write("content/release#2.yml", RELEASE);
    t
}

#[test]
fn names_a_url_must_encode_build_and_every_link_lands() {
    let mut t = odd_names_book();
    t.run(["check"]).code(0);
    assert_eq!(t.stderr_text(), "checked .: no errors\n");
    t.run(["build", "-q"]).code(0).stderr_is_empty();
    let site = t.tree("site");
    for file in [
        "a#b.html",
        "what?.html",
        "100%.html",
        "dir #1/sub?.html",
        "dir #1/pic #1.png",
    ] {
        assert!(site.contains_key(file), "{file} is not written");
    }
    let followed = assert_every_link_lands(&t);
    assert!(followed > 150, "only {followed} links followed");
    let home = t.read("site/index.html");
    for href in [
        "a%23b.html",
        "what%3F.html",
        "100%25.html",
        "dir%20%231/sub%3F.html#deeper",
    ] {
        assert!(home.contains(&format!("href=\"{href}\"")), "no link {href}");
    }
}

#[test]
fn names_that_cannot_work_are_refused_by_check_and_build() {
    let mut t = BookTest::empty();
    t.write("content/index.md", "# Home\n\n[colon](./a:b.md)\n")
        .write("content/a:b.md", "# Colon\n")
        .write("content/back\\slash.md", "# Backslash\n")
        .write("content/tab\there.md", "# Tab\n")
        .write("content/ops:old/run.md", "# Old\n")
        .write("content/img/x:y.png", "png")
        .write("content/Deploy.md", "# Deploy\n")
        .write("content/deploy.md", "# deploy\n")
        .write("content/Ops/a.md", "# A\n")
        .write("content/ops/b.md", "# B\n")
        .write("content/notes.md", "# Notes\n")
        .write("content/notes.html", "<p>notes</p>")
        .write("content/toc.md", "# Contents\n");
    t.run(["check"]).code(1).expect_stderr();
    t.run(["build"])
        .code(1)
        .expect_stderr()
        .stderr_lacks("a bug in opsbook")
        .file_missing("site");
}

/// A file name from characters that mean something to a URL, a shell or a file system:
/// mostly names a site can hold (not hidden), sometimes any.
fn name() -> impl Strategy<Value = String> {
    let url = "[a-zA-Z0-9 #?%&'\"<>\\[\\]{}|^`~!$()*+,;=@éÄ✅_-][a-zA-Z0-9 #?%&'\"<>\\[\\]{}|^`~!$()*+,;=@éÄ✅._-]{0,7}";
    let any = "[a-zA-Z0-9 #?%&'\"<>\\[\\]{}|^`:\\\\\t~!$()*+,;=@éÄ✅._-]{1,8}";
    prop_oneof![3 => url, 1 => any]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// `check` and `build` agree on every book of odd names; when they pass, every link
    /// of the site (the Markdown links to each file included) lands on a written file.
    #[test]
    fn check_passes_exactly_when_build_does_and_links_land(
        files in proptest::collection::vec((proptest::option::of(name()), name()), 1..4)
    ) {
        let mut t = BookTest::empty();
        let mut index = String::from("# Home\n\n");
        let mut written = BTreeSet::new();
        for (dir, stem) in &files {
            let path = match dir {
                Some(dir) if dir != "." && dir != ".." => format!("{dir}/{stem}.md"),
                _ => format!("{stem}.md"),
            };
            if !written.insert(path.clone()) {
                continue;
            }
            t.write(&format!("content/{path}"), format!("# {stem}\n"));
            // As an author writes it: encoded, `&` too (`&lt;` would be an entity).
            let href = url_of(&path).path().trim_start_matches("/runbooks/").replace('&', "%26");
            index.push_str(&format!("- [page](<{href}>)\n"));
        }
        t.write("content/index.md", index);
        let check = t.run(["check"]).exit_code();
        let check_err = t.stderr_text();
        let build = t.run(["build", "-q"]).exit_code();
        let build_err = t.stderr_text();
        prop_assert!(!build_err.contains("a bug in opsbook"), "{}", build_err);
        prop_assert_eq!(check, build, "check:\n{}\nbuild:\n{}", check_err, build_err);
        if check == Some(0) {
            assert_every_link_lands(&t);
        }
    }
}
