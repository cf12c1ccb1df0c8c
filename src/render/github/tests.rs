use std::path::Path;

use super::*;
use crate::base::url::percent_decode;
use crate::parse::github::{read_header, tasks};

/// A book with `files` (path, text) and `[site] repository`.
fn book_of(files: &[(&str, &str)], repo: Option<&str>) -> (tempfile::TempDir, crate::Build) {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = "[book]\ntitle = \"T\"\n[environments]\nnames = [\"staging\", \"production\"]\n"
        .to_string();
    if let Some(r) = repo {
        toml.push_str(&format!("[site]\nrepository = \"{r}\"\n"));
    }
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    for (path, text) in files {
        let p = dir.path().join("content").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let build = crate::build(dir.path(), &crate::BuildOptions { check_only: true }).unwrap();
    (dir, build)
}

const DEPLOY: &str = "# Deploy the API\n\n## Prepare {#prepare gate}\n\n- [ ] Back up the database {#backup}\n- [x] Purge the CDN & cache {#purge}\n\n## Release {#release}\n\n- [ ] Roll out {#rollout}\n- [ ] Smoke test production {#smoke env=production}\n";

/// The query's `name=value` pairs, decoded (`+` is a space).
fn query(url: &str) -> Vec<(String, String)> {
    let q = url.split_once('?').unwrap().1;
    q.split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (
                k.to_string(),
                percent_decode(&v.replace('+', " ")).into_owned(),
            )
        })
        .collect()
}

#[test]
fn the_link_carries_title_labels_and_the_checklist_per_environment() {
    let (_dir, b) = book_of(&[("ops/deploy.md", DEPLOY)], Some("acme/runbooks"));
    let page = b.book.pages.iter().find(|p| p.id == "ops/deploy").unwrap();
    let links = start_links(&b.config, &b.book, page);
    assert_eq!(
        links.iter().map(|l| l.env.as_str()).collect::<Vec<_>>(),
        ["staging", "production"]
    );
    let prod = &links[1];
    assert!(!prod.form);
    assert!(
        prod.href
            .starts_with("https://github.com/acme/runbooks/issues/new?title="),
        "{}",
        prod.href
    );
    let q = query(&prod.href);
    assert_eq!(
        q[0],
        ("title".into(), "Run: Deploy the API (production)".into())
    );
    assert_eq!(q[1], ("labels".into(), "opsbook-run,production".into()));
    let body = &q[2].1;
    assert_eq!(q[2].0, "body");
    let h = read_header(body).unwrap();
    assert_eq!(
        (h.runbook.as_str(), h.environment.as_deref()),
        ("ops/deploy", Some("production"))
    );
    assert!(
        body.contains(
            "### Prepare (sign-off: `/sign prepare`)\n\n- [ ] Back up the database <!--backup-->\n"
        ),
        "{body}"
    );
    assert_eq!(
        tasks(body),
        [
            ("backup", false),
            ("purge", true),
            ("rollout", false),
            ("smoke", false)
        ]
        .map(|(i, d)| (i.to_string(), d))
    );
    let staging = query(&links[0].href);
    assert!(
        !tasks(&staging[2].1).iter().any(|(i, _)| i == "smoke"),
        "production-only item"
    );
}

#[test]
fn no_repository_no_link() {
    let (_dir, b) = book_of(&[("ops/deploy.md", DEPLOY)], None);
    assert!(start_links(&b.config, &b.book, &b.book.pages[0]).is_empty());
    assert!(issue_forms(&b.config, &b.book).is_empty());
}

#[test]
fn a_checklist_too_long_for_a_link_opens_its_issue_form() {
    let mut long = String::from("# Long\n\n## Do\n\n");
    for n in 0..200 {
        long.push_str(&format!(
            "- [ ] Check the setting number {n} of the production cluster\n"
        ));
    }
    let (_dir, b) = book_of(&[("long.md", &long)], Some("acme/runbooks"));
    let page = &b.book.pages[0];
    let full = new_issue_url(
        "acme/runbooks",
        page,
        &header(page, Some("staging"), &b.config),
        &b.book.environments,
    );
    assert!(full.len() > URL_LIMIT, "{}", full.len());
    let link = &start_links(&b.config, &b.book, page)[0];
    assert!(link.form);
    assert_eq!(
        link.href,
        "https://github.com/acme/runbooks/issues/new?template=opsbook-long.yml&title=Run%3A+Long+%28staging%29&labels=opsbook-run%2Cstaging"
    );
    let forms = issue_forms(&b.config, &b.book);
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].0, ".github/ISSUE_TEMPLATE/opsbook-long.yml");
    let form = &forms[0].1;
    // The form is YAML whose checklist field holds the header and every task line.
    let doc: serde_json::Value = serde_saphyr::from_str(form).unwrap();
    assert_eq!(doc["labels"][0], "opsbook-run");
    let value = doc["body"][0]["attributes"]["value"].as_str().unwrap();
    assert_eq!(
        read_header(value).unwrap().environment,
        None,
        "the label says it"
    );
    assert_eq!(tasks(value).len(), 200);
}

/// Every seed and corpus runbook: its longest link (over its environments) against the
/// limit. Prints the table kept in the guide "Runs on GitHub Pages".
#[test]
fn link_length_of_every_seed_and_corpus_runbook() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut rows = Vec::new();
    for set in ["seeds", "corpus/public"] {
        let Ok(entries) = std::fs::read_dir(shared.join(set)) else {
            eprintln!("\n*** SKIPPED: ../shared/{set} not found ***\n");
            continue;
        };
        let mut files: Vec<(String, String)> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "md" || e == "yml")
                    && !p.ends_with("MANIFEST.md")
            })
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    name,
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
                )
            })
            .collect();
        files.sort();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (_dir, b) = book_of(&refs, Some("acme/runbooks"));
        for page in b.book.pages.iter().filter(|p| !p.doc.items.is_empty()) {
            let longest = page
                .environments(&b.book.environments)
                .iter()
                .map(|env| {
                    let h = header(page, Some(env), &b.config);
                    new_issue_url("acme/runbooks", page, &h, &b.book.environments).len()
                })
                .max()
                .unwrap_or(0);
            let links = start_links(&b.config, &b.book, page);
            assert!(links.iter().all(|l| l.href.len() <= URL_LIMIT));
            assert_eq!(
                links.iter().any(|l| l.form),
                longest > URL_LIMIT,
                "{}",
                page.id
            );
            rows.push((page.id.clone(), page.doc.items.len(), longest));
        }
    }
    if rows.is_empty() {
        return;
    }
    println!("\n| runbook | items | link bytes | fits in {URL_LIMIT} |\n|---|---:|---:|---|");
    for (id, items, len) in &rows {
        println!(
            "| {id} | {items} | {len} | {} |",
            if *len <= URL_LIMIT {
                "yes"
            } else {
                "no: issue form"
            }
        );
    }
    let altruria = rows.iter().find(|r| r.0.contains("altruria"));
    if let Some((_, items, len)) = altruria {
        assert_eq!(*items, 157);
        assert!(
            *len > URL_LIMIT,
            "the 157-item checklist needs its issue form"
        );
    }
}
