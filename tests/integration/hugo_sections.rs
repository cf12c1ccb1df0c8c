//! A Hugo site's sections as Hugo builds them (issue 19), each in a hand-written
//! fixture checked against `hugo` 0.111 on the same files: `cascade` (`hugo/cascade`),
//! leaf and headless bundles and `_build`/`build` (`hugo/bundles`), a taxonomy's and
//! a term's own `_index.md` (`hugo/terms`), menus with dropdowns and links to no page
//! (`hugo/menus`) and term URLs made with Hugo's `urlize` (`hugo/urlize`).

use crate::harness::BookTest;
use crate::site_tools::notes;

/// The built site's HTML pages, without the ones opsbook writes for every book and
/// the redirect pages (Hugo's URLs of the pages, `aliases`).
pub(crate) fn site_pages(book: &BookTest) -> Vec<String> {
    book.pages()
        .into_iter()
        .filter(|p| !p.starts_with("secrets/") && p != "404.html" && p != "toc.html")
        .filter(|p| {
            !book
                .read(&format!("site/{p}"))
                .contains("http-equiv=\"refresh\"")
        })
        .collect()
}

/// `hugo/cascade`: the site config's `cascade` and its sections' (map and list forms,
/// `_target` by `kind` and `path`), the page's own value winning, then the nearest
/// section's; `param` reads cascaded values; a draft section (its own `draft` or a
/// cascaded one) takes its pages with it, `draft: false` or not. `hugo` 0.111 builds
/// the same pages and lists them in the same order.
#[test]
fn hugo_cascade_reaches_the_pages_below_as_hugo_applies_it() {
    let mut book = BookTest::fixture("hugo/cascade");
    book.run(["build", "-v"]).code(0);
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("hugo_sections__cascade_notes", notes(&book));
    });
    assert_eq!(
        site_pages(&book),
        [
            "guides/escalation.html",
            "guides/index.html",
            "guides/oncall.html",
            "index.html",
            "runbooks/deploy.html",
            "runbooks/index.html",
            "runbooks/legacy/index.html",
            "runbooks/legacy/kept.html",
            "runbooks/legacy/old.html",
            "runbooks/rollback.html",
        ],
        "the pages `hugo` builds"
    );
    book.check_main("toc.html")
        .check_main("runbooks/deploy.html")
        .check_main("runbooks/legacy/old.html");
}

/// `hugo/bundles`: a leaf bundle's other Markdown files (at any depth) are its
/// resources, not pages, and its other files are copied; a headless bundle has no
/// page at all; `_build: {render: never}` (and newer Hugo's `build`) pages are not
/// built and `list: never` ones are built out of the sidebar; a folder without its
/// own `_index.md` below a section is no section, its pages the section's; an
/// image's path is read from the page's URL, as Hugo reads it (`../img/flow.svg`
/// from `docs/local.md`, at `/docs/local/`). `hugo` 0.111 builds the same pages, but for `build:` (a key it
/// does not know yet; newer Hugo does).
#[test]
fn hugo_bundle_resources_headless_bundles_and_build_options() {
    let mut book = BookTest::fixture("hugo/bundles");
    book.run(["build", "-v"]).code(0);
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("hugo_sections__bundles_notes", notes(&book));
    });
    assert_eq!(
        site_pages(&book),
        [
            "docs/index.html",
            "docs/internal/notes.html",
            "docs/local.html",
            "docs/setup/index.html",
            "docs/unlisted.html",
            "index.html",
        ]
    );
    book.file_exists("site/docs/setup/diagram.svg")
        .file_exists("site/docs/img/flow.svg")
        .check_main("toc.html")
        .check_main("docs/setup/index.html")
        .check_main("docs/local.html");
}

/// `hugo/terms`: a taxonomy's own `_index.md` (`content/tags/_index.md`) and a term's
/// (`content/tags/database/_index.md`) give the page its title and the text above
/// the list, as Hugo shows them; the term's title names it in the taxonomy's list;
/// a term with its own page and no tagged page is made too; none is in the sidebar.
/// `hugo` 0.111 makes the same pages with the same titles and texts (it writes the
/// other terms' titles as written, `backups`; newer Hugo capitalizes them).
#[test]
fn hugo_a_terms_own_page_gives_its_title_and_text_above_the_list() {
    let mut book = BookTest::fixture("hugo/terms");
    book.run(["build", "-v"]).code(0);
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("hugo_sections__terms_notes", notes(&book));
    });
    book.check_main("tags/index.html")
        .check_main("tags/database/index.html")
        .check_main("tags/unused/index.html")
        .check_main("categories/index.html")
        .check_main("toc.html");
}

/// With `disableKinds: [term]` a term's own `_index.md` is not built either, as Hugo
/// has no page there; the taxonomy's own page stays, with its list.
#[test]
fn hugo_a_terms_own_page_goes_with_its_disabled_kind() {
    let mut book = BookTest::fixture("hugo/terms");
    book.write(
        "hugo.toml",
        "title = 'Tagged runbooks'\ndisableKinds = ['term']\n",
    );
    book.run(["build", "-v"])
        .code(0)
        .stderr_contains(
            "content/tags/database/_index.md: not built: `disableKinds` has `term`, so Hugo makes no page for it",
        )
        .file_missing("site/tags/database/index.html")
        .file_exists("site/tags/index.html");
}

/// The top bar's menu links of a built page, one line each.
fn topbar_menu(book: &BookTest, page: &str) -> String {
    let html = book.read(&format!("site/{page}"));
    let (_, rest) = html.split_once("</form>").expect("the search form");
    let (menu, _) = rest
        .split_once("<a class=\"topbar-link topbar-contents\"")
        .expect("the contents link");
    menu.trim().to_string()
}

/// `hugo/menus` (laid out as hextra's docs lay out theirs): entries with `url` or
/// `pageRef`, dropdowns of entries with a `parent` (the parent with neither a page
/// nor a URL is the dropdown's title; one with a link is its first entry), a page's
/// own entry under a parent; an entry with neither and no entries below (hextra's
/// search box) is left out; a `pageRef` to no page is a warning at its line in
/// hugo.yaml. `hugo` 0.111 builds the same menus in the same order.
#[test]
fn hugo_menus_with_dropdowns_and_links_to_no_page() {
    let mut book = BookTest::fixture("hugo/menus");
    book.run(["build"]).code(0).expect_stderr();
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("hugo_sections__menus_topbar", topbar_menu(&book, "docs/deploy.html"));
    });
    book.check_main("toc.html");
}

/// `hugo/urlize`: terms with punctuation, accents, a dotted capital I and a `%` get
/// the folders `hugo` 0.111 gives them (`c++-rust`, `données-clients`,
/// `istanbul-office`, `100-uptime`), links to them land (written as Hugo's URLs, in
/// any form), and `disableKinds: [taxonomyTerm]` (Hugo's old name) leaves out the
/// `tags/` list, as Hugo does.
#[test]
fn hugo_term_urls_are_hugos_and_taxonomy_term_is_its_old_name() {
    let mut book = BookTest::fixture("hugo/urlize");
    book.run(["build"]).code(0).expect_stderr();
    let terms: Vec<String> = book
        .pages()
        .into_iter()
        .filter(|p| p.starts_with("tags/"))
        .collect();
    assert_eq!(
        terms,
        [
            "tags/100-uptime/index.html",
            "tags/c++-rust/index.html",
            "tags/données-clients/index.html",
            "tags/istanbul-office/index.html",
            "tags/vim-text-editor/index.html",
            "tags/zürich-hq/index.html",
        ],
        "the folders `hugo` writes"
    );
    book.check_main("runbooks/failover.html")
        .check_main("index.html")
        .check_main("tags/c++-rust/index.html");
}

/// The site path a redirect page at `from` (in `site/`) leads to, from the site's root.
fn leads_to(book: &BookTest, from: &str) -> String {
    let html = book.read(&format!("site/{from}"));
    let (_, rest) = html
        .split_once("http-equiv=\"refresh\" content=\"0; url=")
        .unwrap_or_else(|| panic!("{from} is no redirect: {html}"));
    let target = rest.split('"').next().unwrap_or_default();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `hugo/urls`: as `hugo` 0.111 writes this site, every page is at its lowercased
/// URL (`content/Triage/PRs.md` at `triage/prs.html`, a section's at
/// `triage/index.html`), and also at Hugo's own URL (`/triage/prs/`) as a redirect
/// page to it, beside its `aliases`; a page bundle's files in lowercased folders
/// with their own names (`runbooks/disk/Graph.svg`), links to them written to match.
/// Links in Hugo's URL form (`../drain/`) and `ref`s written in lower case find the
/// page with capitals. A top folder without `_index.md` (`Runbooks/`, `docs/`) is a
/// section in Hugo, whose URL leads to its first page. With `disablePathToLower =
/// true` Hugo keeps the case, and so does opsbook, pages and redirects.
#[test]
fn hugo_pages_are_at_hugos_lowercased_urls() {
    let mut book = BookTest::fixture("hugo/urls");
    book.run(["build"]).code(0).stderr_lacks("warning");
    assert_eq!(leads_to(&book, "triage/prs/index.html"), "triage/prs.html");
    assert_eq!(
        leads_to(&book, "docs/install/index.html"),
        "docs/install.html"
    );
    assert_eq!(
        leads_to(&book, "old/install/index.html"),
        "docs/install.html"
    );
    assert_eq!(
        leads_to(&book, "runbooks/index.html"),
        "runbooks/drain.html"
    );
    assert_eq!(leads_to(&book, "docs/index.html"), "docs/install.html");
    book.file_exists("site/triage/prs.html")
        .file_exists("site/triage/index.html")
        .file_exists("site/runbooks/drain.html")
        .file_exists("site/runbooks/disk/Graph.svg")
        .file_missing("site/Triage")
        .file_missing("site/Runbooks");
    let home = book.read("site/index.html");
    assert_eq!(
        home.matches("href=\"triage/prs.html\">the PRs").count(),
        2,
        "{home}"
    );
    let disk = book.read("site/runbooks/disk/index.html");
    assert!(disk.contains("src=\"Graph.svg\""), "{disk}");
    assert!(disk.contains("href=\"../drain.html\""), "{disk}");

    let mut book = BookTest::fixture("hugo/urls");
    book.write("hugo.toml", "title = \"URLs\"\ndisablePathToLower = true\n");
    // Hugo's URL keeps the folder's case now: `../drain/` names no page.
    book.run(["build"])
        .code(1)
        .stderr_contains("`../drain/` is the URL `/Runbooks/drain/`, which names no page");
    let disk = book.read("content/Runbooks/Disk/index.md");
    book.write(
        "content/Runbooks/Disk/index.md",
        disk.replace("../drain/", "../Drain/"),
    );
    book.run(["build"]).code(0).stderr_lacks("warning");
    assert_eq!(leads_to(&book, "Triage/PRs/index.html"), "Triage/PRs.html");
    assert_eq!(
        leads_to(&book, "Runbooks/index.html"),
        "Runbooks/Drain.html"
    );
    book.file_exists("site/Runbooks/Disk/Graph.svg")
        .file_missing("site/triage")
        .file_missing("site/runbooks");
    let home = book.read("site/index.html");
    assert_eq!(
        home.matches("href=\"Triage/PRs.html\">the PRs").count(),
        2,
        "{home}"
    );
}

/// etcd-io/website (Docsy): the home page is `content/en/_index.html`, a page written
/// in HTML, and `content/en/docs/_content.gotmpl` is a content adapter. Hugo publishes
/// neither file as it is; opsbook cannot build them, so it leaves both out and names
/// each in a warning, and copies an HTML file without front matter as before.
#[test]
fn hugo_html_pages_and_content_adapters_are_named_and_not_published() {
    let mut book = BookTest::empty();
    book.write(
        "hugo.toml",
        "title = \"Ops\"\ncontentDir = \"content/en\"\n",
    )
    .write(
        "content/en/_index.html",
        "---\ntitle: Ops\n---\n<h2>Welcome</h2>\n",
    )
    .write(
        "content/en/docs/_index.md",
        "---\ntitle: Docs\n---\n# Docs\n",
    )
    .write(
        "content/en/docs/_content.gotmpl",
        "{{ $.AddPage (dict \"path\" \"x\" \"title\" \"X\") }}\n",
    )
    .write(
        "content/en/docs/embed.html",
        "<p>a fragment a page links</p>\n",
    );
    book.run(["build"]).code(0);
    let err = book.stderr_text();
    assert!(
        err.contains("content/en/_index.html: a Hugo page written in HTML: opsbook builds Markdown pages, so it is left out; rename it to `_index.md` to build it"),
        "{err}"
    );
    assert!(
        err.contains("content/en/docs/_content.gotmpl: a Hugo content adapter, a Go template that makes pages: opsbook does not run it"),
        "{err}"
    );
    assert!(!book.root().join("site/_index.html").exists());
    assert!(!book.root().join("site/docs/_content.gotmpl").exists());
    assert!(book.root().join("site/docs/embed.html").exists());
}
