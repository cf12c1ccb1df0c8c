//! Tests over real input: fixture snapshots (`tests/fixtures/markdown/*.md`), every
//! seed and corpus runbook (item counts pinned), and a no-panic property test.

use std::collections::HashSet;
use std::path::Path;

use crate::base::diag::Diagnostics;
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::model::Document;
use crate::model::FrontMatter;
use crate::parse::frontmatter;

use super::{MarkdownOptions, render};

/// Splits front matter and renders, as `book.rs` does.
fn render_file(name: &str, text: &str) -> (Document, Diagnostics) {
    let (_, doc, diags) = render_file_with_front(name, text);
    (doc, diags)
}

fn render_file_with_front(name: &str, text: &str) -> (FrontMatter, Document, Diagnostics) {
    let path = RelPath::new(format!("content/{name}"));
    let mut diags = Diagnostics::new();
    let split = frontmatter::split(text, &path, &mut diags);
    let page_id = name.trim_end_matches(".md");
    let opts = MarkdownOptions {
        repo_links: None,
        routes: false,
        hugo_pages: None,
        mkdocs_ids: None,
        attr_list: Default::default(),
        marks: Default::default(),
        path: &path,
        page_id,
        phase_level: 2,
        line_offset: split.line_offset,
    };
    let doc = render(split.body, &opts, &mut diags);
    (split.front, doc, diags)
}

fn read_shared(rel: &str) -> Option<String> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/")).join(rel);
    let bytes = fsio::read(&path).ok()?;
    fsio::decode_text(&RelPath::new(rel), bytes).ok()
}

/// Every Markdown file of a shared folder, by name; `None` (with a message) if absent.
fn shared_files(dir: &str) -> Option<Vec<(String, String)>> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/")).join(dir);
    let Ok(entries) = std::fs::read_dir(&root) else {
        eprintln!("\n*** SKIPPED: {} not found ***\n", root.display());
        return None;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "MANIFEST.md")
        .collect();
    names.sort();
    let files = names
        .into_iter()
        .map(|n| {
            let text = read_shared(&format!("{dir}/{n}")).expect("corpus files are UTF-8");
            (n, text)
        })
        .collect();
    Some(files)
}

/// (file, items, done) pinned from the real documents.
const PINNED: &[(&str, usize, usize)] = &[
    ("altruria-production-deployment-checklist.md", 157, 9),
    ("openway-production-readiness.md", 32, 32),
    ("hypex-audit-and-deployment-guide.md", 8, 0),
    ("tts-ato-checklist.md", 99, 0),
    ("microservice-production-readiness-checklist.md", 72, 0),
    ("front-end-checklist.md", 100, 0),
    ("api-security-checklist-ar.md", 64, 0),
    ("gitlab-postgresql-credential-rotation.md", 54, 0),
    ("gitlab-gitaly-token-rotation.md", 15, 0),
    ("kep-2799-secret-token-reduction.md", 33, 29),
    ("linux-hardening-checklist.md", 2, 0),
    ("mercari-pre-production-checklist.md", 0, 0),
    ("moj-k8s-upgrade-issue-template.md", 27, 0),
    ("book-of-secret-knowledge-long.md", 4, 0),
];

#[test]
fn real_runbooks_have_the_expected_items_and_unique_ids() {
    let Some(seeds) = shared_files("seeds") else {
        return;
    };
    let Some(corpus) = shared_files("corpus/public") else {
        return;
    };
    let mut checked = 0;
    for (name, text) in seeds.iter().chain(&corpus) {
        let (doc, diags) = render_file(name, text);
        assert!(!diags.has_errors(), "{name}: {diags:?}");
        let ids: HashSet<&str> = doc.items.iter().map(|i| i.id()).collect();
        assert_eq!(ids.len(), doc.items.len(), "{name}: two items share an id");
        assert_eq!(
            doc.html.matches("class=\"task-box\"").count(),
            doc.items.len(),
            "{name}"
        );
        assert!(
            doc.items.iter().all(|i| i.phase < doc.phases.len()),
            "{name}"
        );
        if let Some((_, items, done)) = PINNED.iter().find(|(n, _, _)| n == name) {
            let got_done = doc.items.iter().filter(|i| i.done).count();
            assert_eq!((doc.items.len(), got_done), (*items, *done), "{name}");
            checked += 1;
        }
    }
    assert_eq!(checked, PINNED.len());
}

fn corpus_doc(dir: &str, name: &str) -> Option<Document> {
    let text = read_shared(&format!("{dir}/{name}"));
    if text.is_none() {
        eprintln!("\n*** SKIPPED: {dir}/{name} not found ***\n");
    }
    Some(render_file(name, &text?).0)
}

fn titles_matching(doc: &Document, word: &str) -> Vec<String> {
    doc.phases
        .iter()
        .map(|p| p.title.clone())
        .filter(|t| t.contains(word))
        .collect()
}

#[test]
fn real_runbooks_split_into_the_expected_phases() {
    let Some(altruria) = corpus_doc("seeds", "altruria-production-deployment-checklist.md") else {
        return;
    };
    assert_eq!(titles_matching(&altruria, "PHASE").len(), 12);
    let Some(tts) = corpus_doc("corpus/public", "tts-ato-checklist.md") else {
        return;
    };
    let titles: Vec<&str> = tts.phases.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles.len(), 7, "{titles:?}");
    for (n, t) in titles.iter().enumerate() {
        assert!(t.starts_with(&format!("Phase {n}:")), "{t}");
    }
    let Some(gitlab) = corpus_doc("corpus/public", "gitlab-postgresql-credential-rotation.md")
    else {
        return;
    };
    let titles: Vec<&str> = gitlab.phases.iter().map(|p| p.title.as_str()).collect();
    assert!(
        titles.contains(&"Phase one") && titles.contains(&"Roll-back"),
        "{titles:?}"
    );
    let Some(moj) = corpus_doc("corpus/public", "moj-k8s-upgrade-issue-template.md") else {
        return;
    };
    assert_eq!(titles_matching(&moj, "Issue").len(), 19);
}

#[test]
fn readme_tables_of_contents_resolve() {
    // The only misses are links that are broken upstream too (no such heading).
    let known_broken = ["memory-protection", "tcp-syn"];
    for name in [
        "ssh-action-readme.md",
        "linux-hardening-checklist.md",
        "kep-2799-secret-token-reduction.md",
        "front-end-checklist.md",
        "book-of-secret-knowledge-long.md",
        "microservice-production-readiness-checklist.md",
    ] {
        let Some(doc) = corpus_doc("corpus/public", name) else {
            return;
        };
        let anchors = doc.anchors();
        let anchors: HashSet<&str> = anchors.iter().map(String::as_str).collect();
        let frags: Vec<&str> = doc
            .links
            .iter()
            .filter_map(|l| l.dest.strip_prefix('#'))
            .collect();
        assert!(!frags.is_empty(), "{name} has a table of contents");
        for f in frags {
            assert!(
                anchors.contains(f) || known_broken.contains(&f),
                "{name}: #{f} missing"
            );
        }
    }
}

#[test]
fn github_anchor_examples_from_the_corpus() {
    let Some(ssh) = corpus_doc("corpus/public", "ssh-action-readme.md") else {
        return;
    };
    for a in [
        "-ssh-for-github-actions",
        "\u{FE0F}-ssh-command-settings",
        "qa",
    ] {
        assert!(ssh.has_anchor(a), "{a}");
    }
    let Some(linux) = corpus_doc("corpus/public", "linux-hardening-checklist.md") else {
        return;
    };
    for n in 1..=6 {
        let a = format!("ballot_box_with_check-summary-checklist-{n}");
        assert!(linux.has_anchor(&a), "{a}");
    }
}

#[test]
fn repeated_items_get_distinct_ids_from_phase_and_ordinal() {
    let Some(moj) = corpus_doc("corpus/public", "moj-k8s-upgrade-issue-template.md") else {
        return;
    };
    let live: Vec<&str> = moj
        .items
        .iter()
        .filter(|i| i.text() == "live")
        .map(|i| i.id())
        .collect();
    let distinct: HashSet<&&str> = live.iter().collect();
    assert_eq!((live.len(), distinct.len()), (9, 9), "{live:?}");
    assert!(
        live.iter().all(|id| id.ends_with("/live")),
        "phase, not ordinal: {live:?}"
    );
    let Some(kep) = corpus_doc("corpus/public", "kep-2799-secret-token-reduction.md") else {
        return;
    };
    let tests: Vec<&str> = kep
        .items
        .iter()
        .filter(|i| i.text() == "Tests passing")
        .map(|i| i.id())
        .collect();
    assert_eq!(tests.len(), 6);
    assert!(tests.iter().any(|id| id.ends_with("-6")), "{tests:?}");
}

#[test]
fn long_file_renders_quickly() {
    let Some(text) = read_shared("corpus/public/book-of-secret-knowledge-long.md") else {
        return;
    };
    let start = std::time::Instant::now();
    let (doc, _) = render_file("book.md", &text);
    let took = start.elapsed();
    eprintln!(
        "book-of-secret-knowledge-long.md: {} bytes in {took:?}",
        text.len()
    );
    assert!(doc.html.len() > text.len() / 2);
}

/// One snapshot per fixture under `tests/fixtures/markdown/`: the HTML and the data.
#[test]
fn fixture_snapshots() {
    insta::glob!("../../../tests/fixtures/markdown", "*.md", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = fsio::decode_text(&RelPath::new(&name), bytes).expect("fixture is UTF-8");
        let (front, doc, diags) = render_file_with_front(&name, &text);
        let diags: Vec<String> = diags.iter().map(ToString::to_string).collect();
        let data = serde_json::json!({
            "front": front,
            "h1": doc.h1,
            "headings": doc.headings,
            "phases": doc.phases,
            "items": doc.items,
            "links": doc.links,
            "anchors": doc.anchors(),
            "diagnostics": diags,
        });
        let pretty = serde_json::to_string_pretty(&data).expect("invariant: JSON values serialize");
        insta::assert_snapshot!(format!("{}\n----\n{pretty}", doc.html));
    });
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = render_file("p.md", &text);
    }

    #[test]
    fn markdown_like_text_never_panics(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("---\n".to_string()),
                proptest::strategy::Just("- [ ] ".to_string()),
                proptest::strategy::Just("- [x] ".to_string()),
                proptest::strategy::Just("## Phase 1: ".to_string()),
                proptest::strategy::Just("{#a env=b}".to_string()),
                proptest::strategy::Just("> [!NOTE]\n".to_string()),
                proptest::strategy::Just("> **Note:** ".to_string()),
                proptest::strategy::Just("```sh\n".to_string()),
                proptest::strategy::Just("[l](x.md#y)".to_string()),
                proptest::strategy::Just("<a name=\"z\">".to_string()),
                proptest::strategy::Just("\r\n".to_string()),
                proptest::strategy::Just("\n".to_string()),
                proptest::strategy::Just("  ".to_string()),
                "[a-z:{}#=\\[\\]\\*]{0,6}",
            ],
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let (doc, _) = render_file("p.md", &text);
        let ids: HashSet<&str> = doc.items.iter().filter(|i| !i.explicit_id).map(|i| i.id()).collect();
        proptest::prop_assert_eq!(ids.len(), doc.items.iter().filter(|i| !i.explicit_id).count());
    }
}
