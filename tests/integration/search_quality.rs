//! Search quality on real runbooks: the seeds and the public corpus built as one book,
//! ten queries a reader would type, each with the section it should find. The queries
//! run through the site's own search script under Node (`tests/support/search.cjs`), so
//! what is measured is what the search box lists. A query's `within` is the rank its
//! answer must reach (1: the first result). Node is needed: without it the test says so
//! loudly (under `CI=true` it fails).

use std::path::Path;
use std::process::Command;

use crate::harness::skip_without;
use crate::real_books::{book_of, shared};

/// (query, the answer's URL, the rank it must reach, why it is the answer)
const QUERIES: [(&str, &str, usize, &str); 10] = [
    (
        "sealing key renewal",
        "sealed-secrets-readme.html#sealing-key-renewal",
        1,
        "the heading says it word for word",
    ),
    (
        "rollback",
        "gitlab-gitaly-token-rotation.html#rollback",
        1,
        "the one section named Rollback, above pages that mention it",
    ),
    (
        "backups",
        "altruria-production-deployment-checklist.html#%C3%BC%C3%AD%C3%A6-phase-8-backups--maintenance",
        1,
        "a plural finds the phase named for it (stemming)",
    ),
    (
        "rotate aws credentials",
        "moj-rotate-user-aws-credentials.html",
        1,
        "the page's own subject; the words are spread over its title and text",
    ),
    (
        "kube-proxy",
        "moj-k8s-upgrade-issue-template.html#update-kube-proxy-to-latest-supported-release-for-current-eks-version",
        1,
        "a hyphenated name, as typed",
    ),
    (
        "penetration testing",
        "tts-ato-checklist.html#phase-4-penetration-testing",
        1,
        "a phase heading, above its own items and a table of contents that names it",
    ),
    (
        "proxy settings",
        "ssh-action-readme.html#-proxy-settings",
        1,
        "a heading after an emoji, above checklist items that say proxy",
    ),
    (
        "key vault",
        "az400-key-vault-lab-crlf.html",
        1,
        "the page whose title names it",
    ),
    (
        "database migrations",
        "altruria-production-deployment-checklist.html#%C3%BC%C3%AD%C3%A6-phase-3-database--migrations",
        1,
        "a phase heading (plural in the query and the heading)",
    ),
    (
        "health checks",
        "altruria-production-deployment-checklist.html#73-health-checks",
        2,
        "the section named for it; another page's Health Check Verification is as good",
    ),
];

#[test]
fn ten_queries_find_their_sections() {
    let (Some(seeds), Some(corpus)) = (shared("seeds"), shared("corpus/public")) else {
        return;
    };
    let dir = book_of(
        &seeds,
        "[book]\ntitle = \"Search quality\"\n[check]\nbroken-links = \"warn\"\n",
    );
    let book = dir.path();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "md" | "yml") && !path.ends_with("MANIFEST.md") {
            std::fs::copy(&path, book.join("content").join(path.file_name().unwrap())).unwrap();
        }
    }
    let site = book.join("out");
    let built = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["build", "-q", "-o"])
        .arg(&site)
        .current_dir(book)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/search.cjs");
    let Ok(out) = Command::new("node")
        .arg(script)
        .arg(&site)
        .args(QUERIES.map(|q| q.0))
        .output()
    else {
        skip_without("the search quality test", "node");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut report = String::new();
    let mut missed = Vec::new();
    for ((query, want, within, why), answer) in QUERIES.iter().zip(answers.as_array().unwrap()) {
        let urls: Vec<&str> = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap())
            .collect();
        let rank = urls.iter().position(|u| u == want).map(|i| i + 1);
        report.push_str(&format!(
            "{query:?}: rank {} of {} ({why})\n",
            rank.map_or("-".to_string(), |r| r.to_string()),
            answer["total"]
        ));
        if rank.is_none_or(|r| r > *within) {
            missed.push(format!(
                "{query:?} wants {want} within {within}; got:\n  {}",
                urls.join("\n  ")
            ));
        }
    }
    assert!(missed.is_empty(), "{report}\n{}", missed.join("\n"));
    eprint!("{report}");
}
