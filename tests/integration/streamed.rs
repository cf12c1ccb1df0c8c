//! A book built alone is streamed to disk as it is built (`pipeline::stream`); every
//! other build keeps its site in memory. Both must make the same files, byte for byte,
//! and report the same problems: this builds real books and odd ones both ways.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use opsbook::pipeline::build_streamed;
use opsbook::render::site::Site;
use opsbook::{BuildOptions, build};

use crate::harness::BookTest;

/// Builds `root` in memory and streamed into a site in memory; they must agree.
fn same_both_ways(root: &Path) -> usize {
    let whole = build(root, &BuildOptions::default()).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let sink = Mutex::new(Site::default());
    let (streamed, written) = build_streamed(root, &sink, scratch.path()).unwrap();
    let shown = |b: &opsbook::Build| -> Vec<String> {
        b.diagnostics.iter().map(ToString::to_string).collect()
    };
    assert_eq!(shown(&streamed), shown(&whole), "{}", root.display());
    let Some(site) = whole.site else {
        assert!(!written, "{}: errors, yet written", root.display());
        return 0;
    };
    assert!(written, "{}", root.display());
    let streamed = sink.into_inner().unwrap();
    let paths = |s: &Site| s.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&streamed), paths(&site), "{}", root.display());
    for (path, bytes) in &site.files {
        assert!(
            streamed.get(path) == Some(bytes.as_slice()),
            "{}: {path} differs",
            root.display()
        );
    }
    // The scratch file has no name: nothing is left.
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
    site.len()
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn our_books_build_the_same_streamed() {
    let mut files = 0;
    for rel in [
        ".",
        "tests/fixtures/runs_site/book",
        "tests/fixtures/mdbook/guide",
        "tests/fixtures/render/shell",
        "tests/fixtures/diagnostics/bad_template",
        "tests/fixtures/diagnostics/duplicate_id",
        "tests/fixtures/diagnostics/bad_state",
        "tests/fixtures/checklist/yaml_valid",
        "tests/fixtures/checklist/cli",
    ] {
        files += same_both_ways(&repo(rel));
    }
    assert!(files > 100, "{files}");
}

#[test]
fn the_seeds_and_corpus_build_the_same_streamed() {
    for dir in ["seeds", "corpus/public"] {
        let from = repo("../shared").join(dir);
        if !from.is_dir() {
            assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI needs {dir}");
            eprintln!("\n*** SKIPPED: ../shared/{dir} not found ***\n");
            continue;
        }
        let mut book = BookTest::empty();
        book.write(
            "book.toml",
            "[book]\ntitle = \"T\"\n[site]\nurl = \"https://a.io/rb\"\n[check]\nbroken-links = \"warn\"\n",
        );
        for entry in std::fs::read_dir(&from).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if path.is_file() && name != "MANIFEST.md" {
                book.write(
                    &format!("content/{name}"),
                    std::fs::read_to_string(&path).unwrap(),
                );
            }
        }
        assert!(same_both_ways(book.root()) > 3, "{dir}");
    }
}

#[test]
fn files_at_the_same_path_are_layered_the_same_streamed() {
    // Assets where opsbook writes its own files: an asset replaces a static file and a
    // shared file, and is replaced by the search index and robots.txt.
    let mut book = BookTest::empty();
    book.write("book.toml", "[book]\ntitle = \"Layers\"\n")
        .write("content/index.md", "# Home\n\n- [ ] Start\n")
        .write("content/a.md", "# A\n\nSee [home](index.md).\n")
        .write("content/static/theme.js", "// mine\n")
        .write("content/toc.js", "// mine too\n")
        .write("content/search/manifest.json", "{}")
        .write("content/search/f/0.json", "[]")
        .write("content/search/notes.txt", "kept\n")
        .write("content/robots.txt", "User-agent: nobody\n");
    assert!(same_both_ways(book.root()) > 5);
}

#[test]
fn problems_are_the_same_streamed() {
    // A leak and a mention in unread pages (read one at a time when streamed), a page
    // that is not UTF-8, a broken anchor: the same diagnostics, nothing written.
    let token = crate::secrets::fake(&["gh", "p_"].concat(), crate::secrets::ALNUM, 36, 103);
    let mut book = BookTest::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"Problems\"\n[environments]\nnames = [\"staging\", \"production\"]\n",
    )
    .write(
        "content/index.md",
        "# Home\n\nSee [deploy](deploy.md#nowhere).\n",
    )
    .write(
        "content/deploy.md",
        format!("# Deploy\n\n- [ ] Push with `{token}`\n- [ ] Set `DB_PASSWORD` (production)\n"),
    )
    .write("content/latin1.md", b"# Caf\xe9\n".as_slice());
    assert_eq!(same_both_ways(book.root()), 0);
    // And the leak's value is in no diagnostic.
    let (streamed, _) = build_streamed(
        book.root(),
        &Mutex::new(Site::default()),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let shown: String = streamed
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        shown.contains("secret-leak") && shown.contains("encoding"),
        "{shown}"
    );
    assert!(!shown.contains(&token[4..]), "{shown}");
}

#[test]
fn items_read_back_from_the_scratch_file_give_the_same_book() {
    // A streamed build keeps each page's items in its scratch file: links to them, their
    // ticks in team state (counted, orphaned, not applying), their environments and
    // secrets, and a broken link's hint naming one must all come out the same.
    let mut book = BookTest::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"Items\"\n[environments]\nnames = [\"staging\", \"production\"]\n",
    )
    .write(
        "content/index.md",
        "# Home\n\nSee [the gate](deploy.md#prod-gate), [case](deploy.md#PROD-GATE) and [a typo](deploy.md#prod-gat).\n",
    )
    .write(
        "content/deploy.md",
        "# Deploy\n\n## Prepare\n\n- [ ] Freeze merges\n- [x] Tag the release {estimate=5m}\n\n## Ship\n\n- [ ] Open the gate {#prod-gate env=production}\n- [ ] Watch the dashboards\n",
    )
    .write(
        "content/rotate.yml",
        "title: Rotate keys\nphases:\n  - title: Rotate\n    items:\n      - id: rotate-db\n        text: Rotate the database password\n        secrets: [DB_PASSWORD]\n",
    )
    .write(
        "state/staging.yaml",
        "deploy/prepare/freeze-merges:\n  done: true\n  by: alice\nprod-gate:\n  done: true\nno-such-item:\n  done: true\n",
    )
    .write("state/production.yaml", "rotate-db:\n  done: true\n  by: bob\n");
    assert_eq!(
        same_both_ways(book.root()),
        0,
        "the broken link is an error"
    );
    let (streamed, _) = build_streamed(
        book.root(),
        &Mutex::new(Site::default()),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let shown: Vec<String> = streamed
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    let shown = shown.join("\n");
    for expected in [
        "did you mean `#prod-gate`",
        "no-such-item",
        "applies only to",
    ] {
        assert!(shown.contains(expected), "{expected}: {shown}");
    }
    book.write(
        "content/index.md",
        "# Home\n\nSee [the gate](deploy.md#prod-gate) and [case](deploy.md#PROD-GATE).\n",
    );
    let files = same_both_ways(book.root());
    assert!(files > 5, "{files}");
}
