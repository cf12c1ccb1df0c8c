//! Unit tests of the link and id checks (`check`).

use super::*;

#[test]
fn each_repeated_item_id_points_at_the_one_before_it() {
    let book = crate::parse::book::test_book(&[
        (
            "content/a.md",
            "# A\n\n- [ ] One {#same}\n- [ ] Two {#other}\n",
        ),
        ("content/b.md", "# B\n\n- [ ] One {#same}\n"),
        (
            "content/c.md",
            "# C\n\n- [ ] Two {#other}\n\n- [ ] Three {#same}\n",
        ),
    ]);
    let mut diags = Diagnostics::new();
    duplicate_item_ids(&book, &mut diags);
    assert_eq!(
        diags.placed(),
        [
            "content/b.md:3:3: item id `same` is already used at content/a.md:3",
            "content/c.md:3:3: item id `other` is already used at content/a.md:4",
            "content/c.md:5:3: item id `same` is already used at content/b.md:3",
        ]
    );
}

#[test]
fn resolves_relative_paths_inside_content() {
    assert_eq!(
        resolve("content/ops", "../deploy.md", "content").as_deref(),
        Some("content/deploy.md")
    );
    assert_eq!(
        resolve("content", "./a/b.md", "content").as_deref(),
        Some("content/a/b.md")
    );
    assert_eq!(resolve("content", "../README.md", "content"), None);
    assert_eq!(resolve("ops", "../a.md", "").as_deref(), Some("a.md"));
    assert_eq!(resolve("", "../a.md", ""), None);
}

#[test]
fn relative_hint_paths() {
    assert_eq!(
        relative_from("content/ops", "content/deploy.md"),
        "../deploy.md"
    );
    assert_eq!(relative_from("content", "content/ops/a.md"), "ops/a.md");
}

#[test]
fn closest_picks_the_nearest_reasonable_candidate() {
    let c = ["database", "dns", "rollback"];
    assert_eq!(
        crate::base::suggest::closest("databse", c.iter().copied()),
        Some("database")
    );
    assert_eq!(
        crate::base::suggest::closest("zzzzzzzzzzzz", c.iter().copied()),
        None
    );
}

fn book_of(files: &[(&str, &str)]) -> (Config, Book, Sources) {
    let cfg = Config::default();
    let src = Sources {
        content: files
            .iter()
            .map(|(p, t)| crate::source::SourceFile {
                path: RelPath::new(*p),
                bytes: t.as_bytes().to_vec(),
            })
            .collect(),
        ..Sources::default()
    };
    let book = crate::parse::book::assemble(
        &cfg,
        &src,
        &mut Diagnostics::new(),
        &crate::base::cache::Cache::off(),
        Default::default(),
    );
    (cfg, book, src)
}

#[test]
fn links_of_some_pages_are_the_whole_checks_for_those_pages() {
    let (cfg, book, src) = book_of(&[
        ("content/a.md", "# A\n\n[b](b.md#nope) [c](c.md)\n"),
        (
            "content/b.md",
            "# B\n\n## Real\n\n[a](a.md) [gone](gone.md)\n",
        ),
        ("content/c.md", "# C\n\n- [ ] x {#dup}\n- [ ] y {#dup}\n"),
    ]);
    let all = run(&cfg, &book, &src);
    assert!(all.iter().any(|d| d.code == Code::DuplicateId), "{all:?}");
    let index = LinkIndex::of(&book, &src);
    for (i, page) in book.pages.iter().enumerate() {
        let mine: Vec<&Diagnostic> = all
            .iter()
            .filter(|d| d.path == page.source && d.code == Code::BrokenLink)
            .collect();
        let some = links(&cfg, &book, &src, &[i]);
        assert_eq!(some.iter().collect::<Vec<_>>(), mine, "{}", page.source);
        let kept = links_indexed(&cfg, &book, &src, &[i], &index);
        assert_eq!(kept, some, "{}", page.source);
    }
    assert_eq!(links(&cfg, &book, &src, &[99]), Diagnostics::new());
    let ids = item_ids(&book, &src);
    assert_eq!(ids.iter().count(), 1);
    assert_eq!(all.iter().filter(|d| d.code != Code::BrokenLink).count(), 1);
}

#[test]
fn anchors_match_in_any_case_and_a_miss_lists_the_real_ones() {
    let (cfg, book, src) = book_of(&[(
        "content/a.md",
        "# A\n\n## Setup\n\n## Roll back\n\n[ok](#SETUP) [miss](#zzzz-nothing-like-it)\n",
    )]);
    let found = links(&cfg, &book, &src, &[0]);
    let got: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|d| (d.message.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(
        got,
        [(
            "`#zzzz-nothing-like-it`: this page has no heading or anchor `#zzzz-nothing-like-it`",
            Some("this page has `#a`, `#setup`, `#roll-back`")
        )]
    );
}

#[test]
fn a_text_fragment_checks_only_the_id_before_it() {
    let (cfg, book, src) = book_of(&[
        (
            "content/a.md",
            "# A\n\n[words](b.md/#:~:text=timeout.reconciliation%3A) \
             [id](b.md#setup:~:text=x) [miss](b.md#nope:~:text=x)\n",
        ),
        ("content/b.md", "# B\n\n## Setup\n"),
    ]);
    let found = links(&cfg, &book, &src, &[0]);
    let got: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        got,
        ["`b.md#nope:~:text=x`: `b.md` has no heading or anchor `#nope`"]
    );
}

#[test]
fn scanning_and_indexed_targets_agree() {
    let (_, book, mut src) = book_of(&[
        (
            "content/index.md",
            "# Home\n\n[ops](ops/) [deploy](ops/deploy.md#roll-back)\n",
        ),
        (
            "content/ops/deploy.md",
            "# Deploy\n\n## Roll back\n\n[home](../index.md) [img](../img/a.png) \
             [dir](../img/) [typo](dploy.md) [anchor](#rol-back) [far](../../x.md) \
             [url](deploy.html#roll-back) [readme](../guides/)\n",
        ),
        ("content/ops/index.md", "# Ops\n"),
        (
            "content/guides/README.md",
            "# Guides\n\n[up](../ops/deploy.md#nope)\n",
        ),
    ]);
    src.content.push(crate::source::SourceFile {
        path: RelPath::new("content/img/a.png"),
        bytes: vec![0],
    });
    let index = Some(Cow::Owned(LinkIndex::of(&book, &src)));
    let (scan, indexed) = (
        Targets::new(&book, &src, None),
        Targets::new(&book, &src, index),
    );
    assert!(scan.index.is_none() && indexed.index.is_some());
    let mut problems = 0;
    for page in &book.pages {
        for link in page.doc.links.iter() {
            let (a, b) = (
                scan.check(page, link, &LinkRules::default()),
                indexed.check(page, link, &LinkRules::default()),
            );
            assert_eq!(
                a.as_ref().map(|p| (&p.message, &p.hint)),
                b.as_ref().map(|p| (&p.message, &p.hint)),
                "{}: {}",
                page.source,
                link.dest
            );
            problems += usize::from(a.is_some());
        }
    }
    assert_eq!(problems, 4, "typo, anchor, outside, #nope");
}
