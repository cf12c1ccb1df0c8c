//! The awesome-nav and awesome-pages navs made from folder files and pages.

use super::*;
use crate::base::path::RelPath;
use crate::config::{mkdocs, mkdocs_awesome};

fn run(ymls: &[(&str, &str)], pages: &[&str]) -> (Vec<String>, Vec<String>) {
    run_with("plugins:\n  - awesome-nav\n", ymls, pages)
}

fn run_with(yaml: &str, ymls: &[(&str, &str)], pages: &[&str]) -> (Vec<String>, Vec<String>) {
    run_titled(yaml, ymls, pages, &Titles::default())
}

/// Pages with titles: `(path, front-matter title, shown title)`.
fn titles(pages: &[(&str, Option<&str>, &str)]) -> (Vec<&'static str>, Titles) {
    let mut out = Titles::default();
    let mut paths = Vec::new();
    for (path, front, shown) in pages {
        let path: &'static str = String::leak((*path).to_string());
        paths.push(path);
        if let Some(f) = front {
            out.front.insert(path.to_string(), (*f).to_string());
        }
        out.shown.insert(path.to_string(), (*shown).to_string());
    }
    (paths, out)
}

fn run_titled(
    yaml: &str,
    ymls: &[(&str, &str)],
    pages: &[&str],
    titles: &Titles,
) -> (Vec<String>, Vec<String>) {
    let mut diags = Diagnostics::new();
    let mk = mkdocs::parse(yaml, &RelPath::new("mkdocs.yml"), &mut diags);
    let mut awesome = mk.awesome_nav.clone().expect("the plugin is on");
    let is_pages = awesome.pages.is_some();
    for (dir, text) in ymls {
        let path = RelPath::new(join("docs", &join(dir, &awesome.filename)));
        (awesome.dirs).insert(
            (*dir).to_string(),
            mkdocs_awesome::parse(text, &path, is_pages, &mut diags),
        );
    }
    let mut files: Vec<String> = pages.iter().map(|p| (*p).to_string()).collect();
    files.sort();
    let items = nav(&mk, &awesome, &files, titles, &mut diags);
    let mut lines = Vec::new();
    shape(&items, 0, &mut lines);
    let problems = diags.placed_with_hints();
    (lines, problems)
}

fn shape(items: &[NavItem], depth: usize, out: &mut Vec<String>) {
    for i in items {
        let pad = "  ".repeat(depth);
        let title = i.title.as_deref().unwrap_or("-");
        match &i.target {
            NavTarget::File(f) => out.push(format!("{pad}{title} -> {f}")),
            NavTarget::Link(l) => out.push(format!("{pad}{title} => {l}")),
            NavTarget::Section(c) => {
                out.push(format!("{pad}{title}"));
                shape(c, depth + 1, out);
            }
        }
    }
}

#[test]
fn without_nav_files_a_folder_is_its_index_then_its_pages_then_its_folders_naturally() {
    let (lines, problems) = run(
        &[],
        &[
            "b.md",
            "index.md",
            "ops/step10.md",
            "ops/step9.md",
            "a/x.md",
            "c.md",
        ],
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        lines,
        [
            "- -> index.md",
            "- -> b.md",
            "- -> c.md",
            "A",
            "  - -> a/x.md",
            "Ops",
            "  - -> ops/step9.md",
            "  - -> ops/step10.md"
        ]
    );
}

#[test]
fn named_entries_come_first_and_globs_take_what_is_left() {
    let root = "nav:\n  - \"*.md\"\n  - Guide: guide\n  - intro.md\n  - Gone: gone.md\n";
    let guide = "title: Not this one\nignore: draft*\nsort:\n  direction: desc\nappend_unmatched: true\nnav:\n  - b.md\n";
    let pages = [
        "intro.md",
        "notes.md",
        "guide/a.md",
        "guide/b.md",
        "guide/c.md",
        "guide/draft-x.md",
    ];
    let (lines, problems) = run(&[("", root), ("guide", guide)], &pages);
    assert_eq!(
        lines,
        [
            "- -> notes.md",
            "Guide",
            "  - -> guide/b.md",
            "  - -> guide/c.md",
            "  - -> guide/a.md",
            "- -> intro.md"
        ]
    );
    assert_eq!(
        problems,
        [
            "docs/.nav.yml:5:11: the nav names `gone.md`, which does not exist (entries name pages and folders below `.`; awesome-nav leaves it out)"
        ]
    );
}

#[test]
fn a_titled_page_not_in_the_folder_is_found_from_the_top() {
    let about = "nav:\n  - About:\n    - Team: about/team.md\n    - Gone: about/gone.md\n";
    let (lines, problems) = run(&[("about", about)], &["about/team.md", "index.md"]);
    assert_eq!(
        lines,
        [
            "- -> index.md",
            "About",
            "  About",
            "    Team -> about/team.md"
        ]
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn hidden_folders_are_left_out_and_single_children_flattened() {
    let root = "flatten_single_child_sections: true\n";
    let (lines, _) = run(
        &[("", root), ("old", "hide: true\n")],
        &["one/only.md", "old/a.md", "two/a.md", "two/b.md"],
    );
    assert_eq!(
        lines,
        [
            "- -> one/only.md",
            "Two",
            "  - -> two/a.md",
            "  - -> two/b.md"
        ]
    );
}

#[test]
fn an_mkdocs_nav_is_replaced_with_a_warning() {
    let mut diags = Diagnostics::new();
    let mk = mkdocs::parse(
        "plugins:\n  - awesome-nav\nnav:\n  - a.md\n",
        &RelPath::new("mkdocs.yml"),
        &mut diags,
    );
    let awesome = mk.awesome_nav.clone().expect("the plugin is on");
    let files = ["a.md".into(), "b.md".into()];
    let items = nav(&mk, &awesome, &files, &Titles::default(), &mut diags);
    assert_eq!(items.len(), 2);
    assert_eq!(
        diags.iter().map(|d| d.location()).collect::<Vec<_>>(),
        ["mkdocs.yml:4:5"]
    );
}

const PAGES: &str = "plugins:\n  - awesome-pages\n";

#[test]
fn a_pages_file_orders_its_folder_with_a_rest_entry() {
    let root = "nav:\n  - intro.md\n  - ... | guide*\n  - ...\n  - Last: z.md\n  - gone.md\n";
    let guide = "title: The guide\ncollapse_single_pages: true\n";
    let pages = [
        "a.md",
        "intro.md",
        "z.md",
        "guide/only.md",
        "Beta/b.md",
        "guidance.md",
    ];
    let (lines, problems) = run_with(PAGES, &[("", root), ("guide", guide)], &pages);
    assert_eq!(
        lines,
        [
            "- -> intro.md",
            "- -> guide/only.md",
            "Beta",
            "  - -> Beta/b.md",
            "- -> a.md",
            "- -> guidance.md",
            "Last -> z.md"
        ]
    );
    assert_eq!(
        problems,
        [
            "docs/.pages:6:5: the nav names `gone.md`, which does not exist (entries name pages and folders below `.`; awesome-pages stops the build on it (`strict`, on by default))"
        ]
    );
}

#[test]
fn awesome_pages_fills_the_rest_entry_of_mkdocs_nav_or_leaves_the_nav_alone() {
    let yaml = format!("{PAGES}nav:\n  - Start:\n      - intro.md\n  - ...\n");
    let pages = ["intro.md", "a.md", "ops/x.md"];
    let (lines, problems) = run_with(&yaml, &[("ops", "title: Operations\n")], &pages);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        lines,
        [
            "Start",
            "  - -> intro.md",
            "- -> a.md",
            "Operations",
            "  - -> ops/x.md"
        ]
    );
    let mut diags = Diagnostics::new();
    let plain = format!("{PAGES}nav:\n  - intro.md\n");
    let mk = mkdocs::parse(&plain, &RelPath::new("mkdocs.yml"), &mut diags);
    assert!(!applies(&mk, mk.awesome_nav.as_ref().expect("on")));
}

const NAV: &str = "plugins:\n  - awesome-nav\n";

#[test]
fn sort_by_title_reads_front_matter_titles_and_section_titles_else_file_names() {
    let (pages, t) = titles(&[
        ("a.md", Some("Zulu"), "Zulu"),
        ("b.md", None, "Alpha, from its heading"),
        ("c.md", Some("charlie"), "charlie"),
        ("ops/x.md", None, "X"),
        ("db/y.md", None, "Y"),
    ]);
    let root = "sort:\n  by: title\n  sections: mixed\n";
    let ops = "title: Backups\n";
    let (lines, problems) = run_titled(NAV, &[("", root), ("ops", ops)], &pages, &t);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        lines,
        [
            "Backups",
            "  - -> ops/x.md",
            "- -> b.md",
            "- -> c.md",
            "Db",
            "  - -> db/y.md",
            "- -> a.md"
        ],
        "b.md sorts by its name (awesome-nav reads front matter only), after `Backups` (a letter's capital first), ops by its title"
    );
}

#[test]
fn use_index_title_titles_a_folder_by_its_index_front_matter_unless_named_otherwise() {
    let (pages, t) = titles(&[
        (
            "guide/index.md",
            Some("User Guide Documentation"),
            "User Guide",
        ),
        ("guide/start.md", None, "Start"),
        ("kept-name/index.md", Some("Not this"), "Not this"),
        ("plain/index.md", None, "Plain"),
        ("titled/index.md", Some("Not this either"), "x"),
    ]);
    let ymls = [
        ("", "use_index_title: true\n"),
        ("kept-name", "preserve_directory_names: true\n"),
        ("titled", "title: From nav.yml\n"),
    ];
    let (lines, _) = run_titled(NAV, &ymls, &pages, &t);
    let sections: Vec<&String> = lines.iter().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        sections,
        [
            "User Guide Documentation",
            "kept-name",
            "Plain",
            "From nav.yml"
        ]
    );
}

#[test]
fn a_glob_entrys_options_hold_for_what_it_matches_and_below() {
    let root = "nav:\n  - glob: \"*\"\n    flatten_single_child_sections: true\n    preserve_directory_names: true\n    ignore: \"*.draft.md\"\n    sort:\n      direction: desc\n      sections: first\n  - glob: \"nothing-*\"\n    ignore_no_matches: true\n  - \"gone-*\"\n";
    let pages = [
        "a.md",
        "b.md",
        "c.draft.md",
        "one-page/only.md",
        "two_pages/x.md",
        "two_pages/y.md",
        "two_pages/z.draft.md",
    ];
    let (lines, problems) = run(&[("", root)], &pages);
    assert_eq!(
        lines,
        [
            "two_pages",
            "  - -> two_pages/y.md",
            "  - -> two_pages/x.md",
            "- -> one-page/only.md",
            "- -> b.md",
            "- -> a.md"
        ],
        "the flattened folder is a page, sorted as one; descending below too"
    );
    assert_eq!(
        problems,
        [
            "docs/.nav.yml:11:5: the nav names `gone-*`, which matches no page (entries name pages and folders below `.`; awesome-nav leaves it out)"
        ],
        "no warning for `nothing-*` (ignore_no_matches)"
    );
}

#[test]
fn awesome_pages_order_by_title_holds_for_its_folder_alone() {
    let (pages, t) = titles(&[
        ("a.md", None, "Zulu"),
        ("b.md", None, "Alpha"),
        ("ops/c.md", None, "Beta"),
        ("sub/y.md", None, "Able"),
        ("sub/z.md", None, "Aardvark"),
        ("sub/m.md", None, "Zed"),
    ]);
    let ymls = [("", "order_by: title\n"), ("ops", "title: Operations\n")];
    let (lines, problems) = run_titled(PAGES, &ymls, &pages, &t);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        lines,
        [
            "- -> b.md",
            "Operations",
            "  - -> ops/c.md",
            "Sub",
            "  - -> sub/m.md",
            "  - -> sub/y.md",
            "  - -> sub/z.md",
            "- -> a.md"
        ],
        "sub/ keeps MkDocs' order: its folder has no .pages"
    );
    let plugin = "plugins:\n  - awesome-pages:\n      order_by: title\n      order: desc\n";
    let (lines, _) = run_titled(plugin, &[], &pages, &t);
    assert_eq!(
        lines[..5],
        [
            "- -> a.md",
            "Sub",
            "  - -> sub/m.md",
            "  - -> sub/y.md",
            "  - -> sub/z.md"
        ],
        "the plugin's options hold for every folder"
    );
}

#[test]
fn a_regex_rest_entry_takes_the_names_it_finds_and_a_bad_one_is_an_error() {
    // In a `.pages` file: searched for in the folder's names, filters before `...`.
    let root = "nav:\n  - First: first.md\n  - ... | regex=page-[0-9]+\\.md\n  - ...\n";
    let pages = [
        "first.md",
        "page-2.md",
        "page-10.md",
        "page-x.md",
        "sub/page-3.md",
    ];
    let (lines, problems) = run_with(PAGES, &[("", root)], &pages);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        lines,
        [
            "First -> first.md",
            "- -> page-10.md",
            "- -> page-2.md",
            "- -> page-x.md",
            "Sub",
            "  - -> sub/page-3.md"
        ]
    );
    // In mkdocs.yml's nav: searched for in the whole path below `docs_dir`; what it
    // takes is listed flat, as with a glob (sorted as globs are).
    let yaml = format!("{PAGES}nav:\n  - Intros:\n    - '... | regex=intro'\n  - ...\n");
    let pages = ["a.md", "intro.md", "ops/intro-db.md", "ops/x.md"];
    let (lines, problems) = run_with(&yaml, &[], &pages);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        lines,
        [
            "Intros",
            "  - -> ops/intro-db.md",
            "  - -> intro.md",
            "- -> a.md",
            "Ops",
            "  - -> ops/x.md"
        ]
    );
    let bad = format!("{PAGES}nav:\n  - '... | regex=page-(['\n");
    let (_, problems) = run_with(&bad, &[("", "nav:\n  - ... | regex=a[\n")], &["a.md"]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.contains("is not a regular expression")),
        "{problems:?}"
    );
}
