use super::*;
use crate::base::cache::Cache;
use crate::source::test_support::sources;

/// `assemble` with the default config, no cache, not streamed.
fn assemble_plain(src: &Sources, diags: &mut Diagnostics) -> Book {
    assemble(
        &Config::default(),
        src,
        diags,
        &PageCache::off(),
        Default::default(),
    )
}

/// A book assembled from `(path, text)` pairs (`state/…` files go to the state folder);
/// for tests of the stages after this one.
pub(crate) fn test_book(files: &[(&str, &str)]) -> Book {
    let mut src = Sources {
        root_name: "b".into(),
        ..Sources::default()
    };
    for (p, t) in files {
        let file = SourceFile {
            path: RelPath::new(*p),
            bytes: t.as_bytes().to_vec(),
        };
        if p.starts_with("state/") {
            src.state.push(file);
        } else if p.starts_with("runs/") {
            src.runs.push(file);
        } else {
            src.content.push(file);
        }
    }
    let mut diags = Diagnostics::new();
    let book = assemble(
        &Config::default(),
        &src,
        &mut diags,
        &crate::base::cache::Cache::off(),
        Default::default(),
    );
    assert!(!diags.has_errors(), "{diags:?}");
    book
}

fn titles(nodes: &[crate::model::NavNode], depth: usize, out: &mut Vec<String>) {
    for n in nodes {
        out.push(format!("{}{}", "  ".repeat(depth), n.title));
        titles(&n.children, depth + 1, out);
    }
}

#[test]
fn ids_and_urls_from_paths() {
    assert_eq!(
        page_id_and_url("ops/deploy.md"),
        ("ops/deploy".into(), "ops/deploy.html".into())
    );
    assert_eq!(
        page_id_and_url("ops/README.md"),
        ("ops".into(), "ops/index.html".into())
    );
    assert_eq!(
        page_id_and_url("index.md"),
        ("index".into(), "index.html".into())
    );
    // Hugo's section pages.
    assert_eq!(
        page_id_and_url("_index.md"),
        ("index".into(), "index.html".into())
    );
    assert_eq!(
        page_id_and_url("ops/_index.md"),
        ("ops".into(), "ops/index.html".into())
    );
}

#[test]
fn sidebar_follows_folders_and_order() {
    let src = sources(&[
        ("content/index.md", "# Home\n"),
        ("content/b-second.md", "---\norder: 2\n---\n# Second\n"),
        ("content/a-last.md", "# Last\n"),
        ("content/first.md", "---\norder: 1\n---\n# First\n"),
        (
            "content/ops/README.md",
            "---\norder: 3\n---\n# Operations\n",
        ),
        ("content/ops/z.md", "# Zed\n"),
        ("content/ops/deploy.md", "# Deploy\n"),
        ("content/release-notes/v1.md", "# V1\n"),
    ]);
    let mut diags = Diagnostics::new();
    let book = assemble_plain(&src, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    let mut t = Vec::new();
    titles(&book.nav, 0, &mut t);
    assert_eq!(
        t,
        [
            "First",
            "Second",
            "Operations",
            "  Deploy",
            "  Zed",
            "Last",
            "Release notes",
            "  V1"
        ]
    );
    let order: Vec<&str> = book.pages.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        order,
        [
            "Home",
            "First",
            "Second",
            "Operations",
            "Deploy",
            "Zed",
            "Last",
            "V1"
        ]
    );
    assert_eq!(book.home, Some(0));
    let deploy = &book.nav[2].children[0];
    assert_eq!(book.pages[deploy.page.unwrap()].url, "ops/deploy.html");
}

#[test]
fn secret_mentions_are_found_when_a_file_is_parsed() {
    let src = sources(&[
        (
            "content/deploy.md",
            "# Deploy\n\n```bash\nkubectl create secret generic db --from-literal=DB_PASSWORD=x\n```\n",
        ),
        (
            "content/list.yaml",
            "title: List\nphases:\n  - title: P\n    items:\n      - text: Run `gh secret set API_TOKEN`\n",
        ),
    ]);
    let book = assemble(
        &Config::default(),
        &src,
        &mut Diagnostics::new(),
        &PageCache::off(),
        Default::default(),
    );
    for page in &book.pages {
        let text = std::str::from_utf8(
            &src.content
                .iter()
                .find(|f| f.path == page.source)
                .unwrap()
                .bytes,
        )
        .unwrap();
        let kept = page.doc.mentions.as_deref().unwrap();
        assert_eq!(
            kept,
            crate::parse::mentions::find(text, &page.doc),
            "{}",
            page.source
        );
        assert!(!kept.is_empty(), "{}", page.source);
    }
}

#[test]
fn drafts_are_left_out_and_titles_fall_back() {
    let src = sources(&[
        ("content/draft.md", "---\ndraft: true\n---\n# Draft\n"),
        ("content/no-heading_here.md", "text\n"),
        (
            "content/fm.md",
            "---\ntitle: From front matter\n---\n# From H1\n",
        ),
    ]);
    let mut diags = Diagnostics::new();
    let book = assemble_plain(&src, &mut diags);
    let titles: Vec<&str> = book.pages.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["From front matter", "No heading here"]);
}

#[test]
fn index_and_readme_in_one_folder_collide() {
    let src = sources(&[
        ("content/ops/index.md", "# A\n"),
        ("content/ops/README.md", "# B\n"),
    ]);
    let mut diags = Diagnostics::new();
    assemble_plain(&src, &mut diags);
    assert!(
        diags.iter().any(|d| d.code == Code::DuplicatePage),
        "{diags:?}"
    );
}

#[test]
fn invalid_utf8_is_a_diagnostic_not_a_panic() {
    let mut src = sources(&[("content/ok.md", "# Ok\n")]);
    src.content.push(SourceFile {
        path: RelPath::new("content/bad.md"),
        bytes: vec![b'#', 0xff, b'\n'],
    });
    let mut diags = Diagnostics::new();
    let book = assemble_plain(&src, &mut diags);
    assert_eq!(book.pages.len(), 1);
    assert!(diags.iter().any(|d| d.code == Code::Encoding));
}
