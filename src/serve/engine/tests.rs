//! The engine against the full build: after each kind of edit, the site and the
//! diagnostics equal what `opsbook build` and the whole-book checks make.

use super::*;
use crate::base::diag::Code;
use crate::check;
use crate::pipeline::BuildOptions;
use crate::render;

/// A book in a temp folder: three pages in a folder and a home page.
fn book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("book.toml", "[book]\ntitle = \"T\"\n"),
        ("content/index.md", "# Home\n\nWelcome.\n"),
        ("content/ops/index.md", "# Ops\n\nAll ops.\n"),
        ("content/ops/a.md", "# Alpha\n\n## Phase 1\n\n- [ ] do a\n"),
        (
            "content/ops/b.md",
            "# Beta\n\nSee [alpha](a.md).\n\n- [ ] do b\n",
        ),
        ("content/ops/c.md", "# Gamma\n\ntext\n"),
        ("content/img.txt", "asset"),
    ];
    for (p, t) in files {
        write(dir.path(), p, t);
    }
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn change(path: &str) -> BTreeSet<Change> {
    let kind = if path.starts_with("state/") {
        Change::State(RelPath::new(path))
    } else {
        Change::Content(RelPath::new(path))
    };
    BTreeSet::from([kind])
}

/// The site a full `opsbook build` makes now.
fn full(root: &Path) -> Site {
    crate::pipeline::build(root, &BuildOptions::default())
        .unwrap()
        .site
        .expect("the book builds")
}

fn built(outcome: Outcome) -> Update {
    match outcome {
        Outcome::Built(u) => u,
        Outcome::Failed(d) => panic!("build failed: {d:?}"),
    }
}

#[test]
fn first_build_is_the_full_build() {
    let dir = book();
    let (engine, outcome) = Engine::load(dir.path()).unwrap();
    built(outcome);
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_body_edit_renders_one_page() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(dir.path(), "content/ops/c.md", "# Gamma\n\nnew text\n");
    let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
    assert_eq!(update.rendered, 1, "{update:?}");
    assert_eq!(update.changed, ["ops/c.html"]);
    assert_eq!(engine.site(), &full(dir.path()));
}

/// `apply_early`: the update handed over early, and the outcome.
fn apply_early(engine: &mut Engine, path: &str) -> (Option<Update>, Outcome) {
    let mut seen = None;
    let outcome = engine
        .apply_early(&change(path), &mut |_, u| seen = Some(u.clone()))
        .unwrap();
    (seen, outcome)
}

#[test]
fn a_prose_edit_is_served_before_the_checks() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "content/ops/b.md",
        "# Beta\n\nSee [alpha](a.md) now.\n\n- [ ] do b\n",
    );
    let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
    assert_eq!(
        early.map(|u| u.changed),
        Some(vec!["ops/b.html".to_string()])
    );
    assert_eq!(built(outcome), Update::default());
    built(engine.finish_derived());
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn an_edit_that_changes_links_is_checked_first() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "content/ops/b.md",
        "# Beta\n\nnew line\n\nSee [alpha](a.md).\n\n- [ ] do b\n",
    );
    let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
    assert!(early.is_some(), "lines moved, link targets did not change");
    assert_eq!(built(outcome), Update::default());
    write(
        dir.path(),
        "content/ops/b.md",
        "# Beta\n\nSee [alpha](a.md) and [c](c.md).\n\n- [ ] do b\n",
    );
    let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
    assert!(early.is_none());
    assert_eq!(built(outcome).changed, ["ops/b.html"]);
    write(
        dir.path(),
        "content/ops/b.md",
        "# Beta\n\nSee [x](nope.md).\n",
    );
    let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
    assert!(early.is_none());
    assert!(matches!(outcome, Outcome::Failed(_)));
    // After a failed build nothing is served early, even a prose edit.
    write(dir.path(), "content/ops/c.md", "# Gamma\n\nother text\n");
    let (early, _) = apply_early(&mut engine, "content/ops/c.md");
    assert!(early.is_none());
}

#[test]
fn a_title_edit_renders_neighbours_and_shared_files() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "content/ops/b.md",
        "# Bravo\n\nSee [alpha](a.md).\n\n- [ ] do b\n",
    );
    let update = built(engine.apply(&change("content/ops/b.md")).unwrap());
    for path in [
        "ops/a.html",
        "ops/b.html",
        "ops/c.html",
        "index.html",
        "toc.js",
    ] {
        assert!(
            update.changed.iter().any(|c| c == path),
            "{path}: {update:?}"
        );
    }
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_folder_title_edit_reaches_its_pages_breadcrumbs() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "content/ops/index.md",
        "# Operations\n\nAll ops.\n",
    );
    built(engine.apply(&change("content/ops/index.md")).unwrap());
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn adding_and_deleting_pages_match_a_full_build() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "content/ops/d.md",
        "---\norder: 1\n---\n# Delta\n",
    );
    let update = built(engine.apply(&change("content/ops/d.md")).unwrap());
    assert!(update.changed.iter().any(|c| c == "ops/d.html"));
    assert_eq!(engine.site(), &full(dir.path()));
    std::fs::remove_file(dir.path().join("content/ops/c.md")).unwrap();
    let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
    let pages: Vec<&String> = update
        .removed
        .iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(pages, ["ops/c.html"], "search shards may go too");
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_leaked_key_is_never_served_even_on_the_early_path() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    let good = engine.site().clone();
    let key: String = "AKIA".chars().chain("Q7ZR4TXW2MB6KD3P".chars()).collect();
    write(
        dir.path(),
        "content/ops/b.md",
        &format!("# Beta\n\nSee [alpha](a.md).\n\n- [ ] do b\n\naws_access_key_id = {key}\n"),
    );
    let (early, outcome) = apply_early(&mut engine, "content/ops/b.md");
    assert!(
        early.is_none(),
        "a possible leak is checked before it is served"
    );
    match outcome {
        Outcome::Failed(d) => {
            assert!(
                d.iter()
                    .any(|d| d.code == crate::base::diag::Code::SecretLeak)
            )
        }
        Outcome::Built(u) => panic!("built: {u:?}"),
    }
    assert_eq!(engine.site(), &good);
    assert!(
        !engine
            .site()
            .files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains(&key))
    );
}

#[test]
fn an_error_keeps_the_last_good_site_until_fixed() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    let good = engine.site().clone();
    write(
        dir.path(),
        "content/ops/c.md",
        "---\ntitle: [unclosed\n---\n# Gamma\n",
    );
    match engine.apply(&change("content/ops/c.md")).unwrap() {
        Outcome::Failed(d) => assert!(d.has_errors()),
        Outcome::Built(u) => panic!("built: {u:?}"),
    }
    assert_eq!(engine.site(), &good);
    write(
        dir.path(),
        "content/ops/b.md",
        "# Bravo\n\nSee [alpha](a.md).\n",
    );
    assert!(matches!(
        engine.apply(&change("content/ops/b.md")).unwrap(),
        Outcome::Failed(_)
    ));
    write(dir.path(), "content/ops/c.md", "# Gamma\n\nfixed\n");
    let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
    assert!(
        update.changed.iter().any(|c| c == "ops/b.html"),
        "{update:?}"
    );
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_broken_link_is_an_error_found_without_a_full_build() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(dir.path(), "content/ops/a.md", "# Alpha\n\nno phase\n");
    write(
        dir.path(),
        "content/ops/b.md",
        "# Beta\n\nSee [alpha](a.md#phase-1).\n",
    );
    let mut both = change("content/ops/a.md");
    both.extend(change("content/ops/b.md"));
    match engine.apply(&both).unwrap() {
        Outcome::Failed(d) => assert!(d.iter().any(|d| d.code == Code::BrokenLink), "{d:?}"),
        Outcome::Built(u) => panic!("built: {u:?}"),
    }
}

#[test]
fn a_renamed_folder_matches_a_full_build() {
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    std::fs::rename(root.join("content/ops"), root.join("content/run")).unwrap();
    let mut both = change("content/ops");
    both.extend(change("content/run"));
    let update = built(engine.apply(&both).unwrap());
    assert!(
        update.removed.iter().any(|p| p == "ops/a.html"),
        "{update:?}"
    );
    assert_eq!(engine.site(), &full(root));
}

#[test]
fn derived_files_wait_while_the_book_has_errors() {
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    write(root, "content/ops/c.md", "# Gamma\n\nzebracorn\n");
    apply_early(&mut engine, "content/ops/c.md");
    write(root, "content/ops/c.md", "# Gamma\n\n[x](nope.md)\n");
    let (_, outcome) = apply_early(&mut engine, "content/ops/c.md");
    assert!(matches!(outcome, Outcome::Failed(_)));
    assert!(!engine.derived_pending(), "nothing to do until it is fixed");
    assert!(matches!(engine.finish_derived(), Outcome::Failed(_)));
    write(root, "content/ops/c.md", "# Gamma\n\nfixed\n");
    apply_early(&mut engine, "content/ops/c.md");
    assert!(engine.derived_pending());
    built(engine.finish_derived());
    assert_eq!(engine.site(), &full(root));
}

#[test]
fn unchanged_bytes_render_nothing() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    let update = built(engine.apply(&change("content/ops/a.md")).unwrap());
    assert_eq!(update, Update::default());
}

#[test]
fn assets_and_config_are_copied_and_rebuilt() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(dir.path(), "content/img.txt", "new asset");
    let update = built(engine.apply(&change("content/img.txt")).unwrap());
    assert_eq!(update.changed, ["img.txt"]);
    write(dir.path(), "content/img.txt", "asset");
    let update = built(engine.apply(&change("content/img.txt")).unwrap());
    assert_eq!(update.changed, ["img.txt"], "back to the first bytes");
    assert_eq!(engine.site().get("img.txt"), Some(&b"asset"[..]));
    write(dir.path(), "book.toml", "[book]\ntitle = \"New title\"\n");
    let everything = BTreeSet::from([Change::Everything]);
    let update = built(engine.apply(&everything).unwrap());
    assert!(update.changed.iter().any(|c| c == "ops/a.html"));
    assert_eq!(engine.site(), &full(dir.path()));
    write(dir.path(), "book.toml", "[book\n");
    assert!(matches!(
        engine.apply(&everything).unwrap(),
        Outcome::Failed(_)
    ));
    assert_eq!(
        engine
            .site()
            .page("ops/a.html")
            .map(|p| p.contains("New title")),
        Some(true)
    );
}

/// The diagnostics of a whole-book run now: a fresh engine's parse diagnostics,
/// then `check::run` and `secrets::check` over everything.
fn whole_book(root: &Path) -> Diagnostics {
    let (engine, _) = Engine::load(root).unwrap();
    let mut d = engine.parse_diagnostics();
    d.extend(check::run(&engine.config, &engine.book, &engine.sources));
    d.extend(crate::secrets::check(
        &engine.sources,
        &engine.config,
        &crate::base::cache::Cache::off(),
    ));
    d.sort();
    d
}

/// Writes `text` to `path`, applies it on the serve path and compares the engine's
/// diagnostics with a whole-book run.
fn edit_and_compare(engine: &mut Engine, root: &Path, path: &str, text: &str) -> Diagnostics {
    write(root, path, text);
    apply_early(engine, path);
    let full = whole_book(root);
    assert_eq!(engine.diagnostics(), &full, "after writing {path}:\n{text}");
    full
}

fn codes(d: &Diagnostics) -> Vec<Code> {
    d.iter().map(|d| d.code).collect()
}

#[test]
fn incremental_link_checks_match_the_whole_book() {
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    let b = "content/ops/b.md";
    // Add a broken link, then one to a missing heading: only b.md is checked.
    let d = edit_and_compare(
        &mut engine,
        root,
        b,
        "# Beta\n\nSee [alpha](a.md) and [x](nope.md).\n\n- [ ] do b\n",
    );
    assert_eq!(codes(&d), [Code::BrokenLink]);
    let d = edit_and_compare(
        &mut engine,
        root,
        b,
        "# Beta\n\nmoved\n\nSee [alpha](a.md#phase-2).\n\n- [ ] do b\n",
    );
    assert_eq!(codes(&d), [Code::BrokenLink]);
    assert!(d.iter().all(|d| d.line == 5), "{d:?}");
    // Add the anchor in a.md: b.md's link resolves without b.md being edited.
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/a.md",
        "# Alpha\n\n## Phase 1\n\n- [ ] do a\n\n## Phase 2\n",
    );
    assert!(d.is_empty(), "{d:?}");
    // Remove it again: b.md's link breaks.
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/a.md",
        "# Alpha\n\n## Phase 1\n\n- [ ] do a\n",
    );
    assert_eq!(codes(&d), [Code::BrokenLink]);
    // Remove the link; then link to an asset that is deleted, then comes back.
    let d = edit_and_compare(
        &mut engine,
        root,
        b,
        "# Beta\n\nSee [img](../img.txt).\n\n- [ ] do b\n",
    );
    assert!(d.is_empty(), "{d:?}");
    std::fs::remove_file(root.join("content/img.txt")).unwrap();
    apply_early(&mut engine, "content/img.txt");
    assert_eq!(engine.diagnostics(), &whole_book(root));
    assert_eq!(codes(engine.diagnostics()), [Code::BrokenLink]);
    write(root, "content/img.txt", "asset");
    apply_early(&mut engine, "content/img.txt");
    assert_eq!(engine.diagnostics(), &whole_book(root));
    assert!(engine.diagnostics().is_empty());
}

#[test]
fn incremental_item_id_checks_match_the_whole_book() {
    let dir = book();
    let root = dir.path();
    write(
        root,
        "content/ops/a.md",
        "# Alpha\n\n- [ ] do a {#keep-me}\n",
    );
    write(root, "state/staging.yaml", "keep-me:\n  done: true\n");
    let (mut engine, _) = Engine::load(root).unwrap();
    assert!(
        engine.diagnostics().is_empty(),
        "{:?}",
        engine.diagnostics()
    );
    // Rename the item: its state is orphaned.
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/a.md",
        "# Alpha\n\n- [ ] do a {#kept}\n",
    );
    assert_eq!(codes(&d), [Code::OrphanedState]);
    // A duplicate id, then lines move above it: the message names the new line.
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/c.md",
        "# Gamma\n\n- [ ] also {#kept}\n",
    );
    assert_eq!(codes(&d), [Code::DuplicateId, Code::OrphanedState]);
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/a.md",
        "# Alpha\n\nmore\n\ntext\n\n- [ ] do a {#kept}\n",
    );
    assert!(d.iter().any(|d| d.message.contains("a.md:7")), "{d:?}");
    // Give it back its id: no duplicate, no orphan.
    edit_and_compare(
        &mut engine,
        root,
        "content/ops/c.md",
        "# Gamma\n\n- [ ] also {#other}\n",
    );
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/a.md",
        "# Alpha\n\n- [ ] do a {#keep-me}\n",
    );
    assert!(d.is_empty(), "{d:?}");
    // A state entry for an unknown id.
    write(
        root,
        "state/staging.yaml",
        "keep-me:\n  done: true\nghost:\n  done: true\n",
    );
    apply_early(&mut engine, "state/staging.yaml");
    assert_eq!(engine.diagnostics(), &whole_book(root));
    assert_eq!(codes(engine.diagnostics()), [Code::OrphanedState]);
}

#[test]
fn incremental_secret_scan_matches_the_whole_book() {
    use crate::secrets::rules::tests::{UPPER32, fake};
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    let key = fake(&["AK", "IA"].concat(), UPPER32, 16, 77);
    let leaked = format!("# Gamma\n\naws_access_key_id = {key}\n");
    let d = edit_and_compare(&mut engine, root, "content/ops/c.md", &leaked);
    assert_eq!(codes(&d), [Code::SecretLeak]);
    // Another page is edited: the finding in c.md is kept from the cache.
    let d = edit_and_compare(
        &mut engine,
        root,
        "content/ops/b.md",
        "# Beta\n\nSee [alpha](a.md), again.\n\n- [ ] do b\n",
    );
    assert_eq!(codes(&d), [Code::SecretLeak]);
    // In a state file too; then both are removed.
    write(root, "state/staging.yaml", &format!("# {key}\n"));
    apply_early(&mut engine, "state/staging.yaml");
    assert_eq!(engine.diagnostics(), &whole_book(root));
    assert_eq!(codes(engine.diagnostics()).len(), 2);
    write(root, "state/staging.yaml", "");
    apply_early(&mut engine, "state/staging.yaml");
    let d = edit_and_compare(&mut engine, root, "content/ops/c.md", "# Gamma\n\nclean\n");
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn an_edit_replaces_only_its_files_diagnostics_in_the_sorted_list() {
    let dir = book();
    let root = dir.path();
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"T\"\n[check]\nbroken-links = \"warn\"\n",
    );
    for (page, title) in [("a", "Alpha"), ("c", "Gamma")] {
        let text = format!("# {title}\n\n[x](nope-{page}.md) [y](#nowhere)\n");
        write(root, &format!("content/ops/{page}.md"), &text);
    }
    let (mut engine, _) = Engine::load(root).unwrap();
    assert_eq!(engine.diagnostics(), &whole_book(root));
    assert_eq!(engine.diagnostics().warning_count(), 4);
    // b.md, between a.md and c.md, gains warnings, changes them, loses them.
    let edits = [
        "# Beta\n\n[one](gone.md) and [two](a.md#no-such)\n\n- [ ] do b\n",
        "# Beta\n\n[one](gone-too.md)\n\n- [ ] do b\n",
        "# Beta\n\nprose only\n\n- [ ] do b\n",
    ];
    let mut counts = Vec::new();
    for text in edits {
        let d = edit_and_compare(&mut engine, root, "content/ops/b.md", text);
        counts.push(d.warning_count());
    }
    assert_eq!(counts, [6, 5, 4]);
}

#[test]
fn kept_scans_and_link_maps_follow_secrets_yaml_assets_and_new_files() {
    use crate::secrets::rules::tests::{UPPER32, fake};
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    let key = fake(&["AK", "IA"].concat(), UPPER32, 16, 78);
    // secrets.yaml's diagnostics are kept until it changes, then made again.
    let bad = "- name: db\n  nonsense: 1\n";
    let d = edit_and_compare(&mut engine, root, "content/secrets.yaml", bad);
    assert!(!d.is_empty(), "a bad secrets.yaml is reported");
    edit_and_compare(&mut engine, root, "content/ops/c.md", "# Gamma\n\nmore\n");
    let good = "- name: db\n  description: the database\n";
    let d = edit_and_compare(&mut engine, root, "content/secrets.yaml", good);
    assert!(d.is_empty(), "{d:?}");
    // A link to an asset that does not exist yet, then the asset (with a leak).
    let linking = "# Gamma\n\nSee [notes](../notes.txt).\n";
    let d = edit_and_compare(&mut engine, root, "content/ops/c.md", linking);
    assert_eq!(codes(&d), [Code::BrokenLink]);
    let d = edit_and_compare(&mut engine, root, "content/notes.txt", &key);
    assert_eq!(codes(&d), [Code::SecretLeak]);
    // A new page with a leak, then the asset and the page go.
    let page = format!("# Delta\n\naws_access_key_id = {key}\n");
    let d = edit_and_compare(&mut engine, root, "content/ops/d.md", &page);
    assert_eq!(codes(&d), [Code::SecretLeak, Code::SecretLeak]);
    for gone in ["content/notes.txt", "content/ops/d.md"] {
        std::fs::remove_file(root.join(gone)).unwrap();
        apply_early(&mut engine, gone);
        assert_eq!(
            engine.diagnostics(),
            &whole_book(root),
            "after removing {gone}"
        );
    }
    assert_eq!(codes(engine.diagnostics()), [Code::BrokenLink]);
}

#[test]
fn derived_files_wait_for_finish_derived_on_the_serve_path() {
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    assert!(!engine.derived_pending());
    write(root, "content/ops/c.md", "# Gamma\n\nzebracorn\n");
    let (early, _) = apply_early(&mut engine, "content/ops/c.md");
    assert_eq!(early.map(|u| u.changed), Some(vec!["ops/c.html".into()]));
    assert!(engine.derived_pending());
    let stale = |e: &Engine| {
        !e.site().files.iter().any(|(p, b)| {
            p.starts_with("search/") && String::from_utf8_lossy(b).contains("zebracorn")
        })
    };
    assert!(stale(&engine), "the search index is made later");
    let update = built(engine.finish_derived());
    assert!(!engine.derived_pending());
    assert!(update.changed.is_empty(), "{update:?}");
    assert!(update.silent.iter().any(|p| p.starts_with("search/")));
    assert!(!stale(&engine));
    assert_eq!(engine.site(), &full(root));
}

#[test]
fn a_derived_job_made_before_a_change_is_dropped() {
    let dir = book();
    let root = dir.path();
    let (mut engine, _) = Engine::load(root).unwrap();
    assert!(
        engine.derived_job().is_none(),
        "nothing is due after a load"
    );
    write(root, "content/ops/c.md", "# Gamma\n\nzebracorn\n");
    apply_early(&mut engine, "content/ops/c.md");
    let old = engine.derived_job().expect("due after an early render");
    // A save while the job runs: its result no longer describes the book.
    write(root, "content/ops/c.md", "# Gamma\n\nunicorn\n");
    apply_early(&mut engine, "content/ops/c.md");
    assert!(engine.apply_derived(old.run()).is_none());
    assert!(engine.derived_pending(), "still due");
    let job = engine.derived_job().expect("due");
    let update = built(engine.apply_derived(job.run()).expect("current"));
    assert!(update.silent.iter().any(|p| p.starts_with("search/")));
    assert!(!engine.derived_pending());
    assert_eq!(engine.site(), &full(root));
}

#[test]
fn a_state_change_renders_the_pages_holding_its_items() {
    let dir = book();
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    let id = engine
        .book()
        .pages
        .iter()
        .find(|p| p.id == "ops/a")
        .unwrap()
        .doc
        .items[0]
        .id()
        .to_string();
    write(
        dir.path(),
        "state/staging.yaml",
        &format!("{id}:\n  done: true\n"),
    );
    let update = built(engine.apply(&change("state/staging.yaml")).unwrap());
    // ops/a.html and the shared files are rendered; nothing else.
    assert_eq!(
        update.rendered,
        1 + render::SHARED_FILES.len(),
        "{update:?}"
    );
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn an_edit_of_a_page_a_generated_index_lists_remakes_the_index() {
    let dir = tempfile::tempdir().unwrap();
    for (p, t) in [
        ("docusaurus.config.js", "module.exports = {title: 'T'};\n"),
        ("docs/intro.md", "# Intro\n"),
        (
            "docs/ops/_category_.json",
            "{\"label\": \"Ops\", \"link\": {\"type\": \"generated-index\"}}\n",
        ),
        ("docs/ops/x.md", "---\ndescription: Old words.\n---\n# X\n"),
    ] {
        write(dir.path(), p, t);
    }
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "docs/ops/x.md",
        "---\ndescription: New words.\n---\n# X\n",
    );
    built(engine.apply(&change("docs/ops/x.md")).unwrap());
    let site = full(dir.path());
    let index = site.page("category/ops.html").expect("the index is made");
    assert!(index.contains("New words"), "{index}");
    assert_eq!(engine.site().page("category/ops.html"), Some(index));
    assert_eq!(engine.site(), &site);
}

#[test]
fn a_tag_edit_renders_the_hugo_term_pages_again() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hugo.toml", "title = 'T'\n");
    write(
        dir.path(),
        "content/a.md",
        "---\ntags: [x, y]\n---\n# Alpha\n",
    );
    write(dir.path(), "content/b.md", "---\ntags: [x]\n---\n# Beta\n");
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(dir.path(), "content/b.md", "---\ntags: [y]\n---\n# Beta\n");
    let update = built(engine.apply(&change("content/b.md")).unwrap());
    assert!(
        update.changed.iter().any(|u| u == "tags/x/index.html"),
        "{update:?}"
    );
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_hugo_pages_edit_keeps_its_sections_cascade_and_a_cascade_edit_reaches_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hugo.toml", "title = 'T'\ntaxonomies = {}\n");
    write(
        dir.path(),
        "content/docs/_index.md",
        "---\ncascade:\n  version: v1\n---\n# Docs\n",
    );
    write(
        dir.path(),
        "content/docs/a.md",
        "---\ntitle: A\n---\nVersion {{< param version >}}.\n",
    );
    let (mut engine, _) = Engine::load(dir.path()).unwrap();
    write(
        dir.path(),
        "content/docs/a.md",
        "---\ntitle: A\n---\nNow version {{< param version >}}.\n",
    );
    built(engine.apply(&change("content/docs/a.md")).unwrap());
    let page = engine.site().page("docs/a.html").expect("built");
    assert!(page.contains("Now version v1."), "{page}");
    write(
        dir.path(),
        "content/docs/_index.md",
        "---\ncascade:\n  version: v2\n---\n# Docs\n",
    );
    built(engine.apply(&change("content/docs/_index.md")).unwrap());
    let page = engine.site().page("docs/a.html").expect("built");
    assert!(page.contains("Now version v2."), "{page}");
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_docusaurus_sites_linked_static_files_are_served_as_built() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in [
        ("docusaurus.config.js", "module.exports = {title: 'S'};\n"),
        ("docs/index.md", "# S\n\n![Arch](/img/arch.png)\n"),
        ("static/img/arch.png", "PNG"),
        ("static/img/unused.png", "PNG"),
    ] {
        write(dir.path(), rel, text);
    }
    let (engine, _) = Engine::load(dir.path()).unwrap();
    assert_eq!(engine.site().get("img/arch.png"), Some(&b"PNG"[..]));
    assert_eq!(engine.site().get("img/unused.png"), None);
    assert_eq!(engine.site(), &full(dir.path()));
}

#[test]
fn a_hidden_file_linked_for_the_first_time_is_read_on_that_edit() {
    let dir = book();
    let root = dir.path();
    write(root, "content/.github/workflows/release.yaml", "on: push\n");
    write(root, "content/.env.example", "PORT=8080\n");
    let (mut engine, _) = Engine::load(root).unwrap();
    assert!(
        engine.site().get("github/workflows/release.yaml").is_none(),
        "no page links to it yet: not read"
    );
    let linking = "# Gamma\n\nThe [release workflow](../.github/workflows/release.yaml) \
                   and [its settings](../.env.example).\n";
    write(root, "content/ops/c.md", linking);
    let update = built(engine.apply(&change("content/ops/c.md")).unwrap());
    assert!(
        update
            .changed
            .contains(&"github/workflows/release.yaml".to_string()),
        "{update:?}"
    );
    assert!(
        engine.diagnostics().is_empty(),
        "{:?}",
        engine.diagnostics()
    );
    assert_eq!(engine.site(), &full(root));
    assert_eq!(engine.site().get("env.example"), Some(&b"PORT=8080\n"[..]));
    // Now the book's: an edit of it is read; a hidden file no page links to is not.
    write(
        root,
        "content/.github/workflows/release.yaml",
        "on: release\n",
    );
    let update = built(
        engine
            .apply(&change("content/.github/workflows/release.yaml"))
            .unwrap(),
    );
    assert_eq!(update.changed, ["github/workflows/release.yaml"]);
    write(root, "content/.github/other.yaml", "x: 1\n");
    let update = built(engine.apply(&change("content/.github/other.yaml")).unwrap());
    assert_eq!(update, Update::default());
    assert_eq!(engine.site(), &full(root));
    // On the early path (`serve`) too, and a link to one that is not there is broken.
    let gone = "# Gamma\n\nThe [old one](../.github/old.yaml).\n";
    write(root, "content/ops/c.md", gone);
    let (_, outcome) = apply_early(&mut engine, "content/ops/c.md");
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    assert_eq!(codes(engine.diagnostics()), [Code::BrokenLink]);
    write(root, "content/.github/old.yaml", "on: tag\n");
    let relinked = "# Gamma\n\nThe [old one](../.github/old.yaml) again.\n";
    write(root, "content/ops/c.md", relinked);
    let (_, outcome) = apply_early(&mut engine, "content/ops/c.md");
    built(outcome);
    assert_eq!(engine.diagnostics(), &whole_book(root));
    assert_eq!(
        engine.site().get("github/old.yaml"),
        Some(&b"on: tag\n"[..])
    );
}

/// A Hugo site's page written in HTML, and its content adapter, are left out by a
/// build; an edit to either reads the book again, so `serve` leaves them out too and
/// its site stays the full build's (no raw file published).
#[test]
fn a_hugo_html_page_edited_under_serve_stays_out_as_in_a_build() {
    let dir = tempfile::tempdir().unwrap();
    for (p, t) in [
        ("hugo.toml", "title = \"Site\"\n"),
        ("content/_index.md", "---\ntitle: Site\n---\n# Site\n"),
        ("content/docs/a.md", "---\ntitle: A\n---\n# A\n"),
        ("content/docs/_content.gotmpl", "{{ $.AddPage (dict) }}\n"),
    ] {
        write(dir.path(), p, t);
    }
    let (mut engine, outcome) = Engine::load(dir.path()).unwrap();
    built(outcome);
    write(
        dir.path(),
        "content/docs/landing.html",
        "---\ntitle: L\n---\n<h2>L</h2>\n",
    );
    built(engine.apply(&change("content/docs/landing.html")).unwrap());
    write(
        dir.path(),
        "content/docs/_content.gotmpl",
        "{{ $.AddPage (dict \"x\" 1) }}\n",
    );
    built(
        engine
            .apply(&change("content/docs/_content.gotmpl"))
            .unwrap(),
    );
    assert!(engine.site().get("docs/landing.html").is_none());
    assert!(engine.site().get("docs/_content.gotmpl").is_none());
    assert_eq!(engine.site(), &full(dir.path()));
}
