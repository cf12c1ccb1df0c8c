//! An MkDocs book built as it is (issue 19): mkdocs.yml's `docs_dir`, `site_name` and
//! `nav` (a bare page, sections, a section's index page, an external link, a page it
//! does not list), its other keys (Material's theme, `!!python/name:` and `!ENV` tags)
//! as `-v` notes, opsbook's own keys in a book.toml beside it, and content tabs with
//! checklists and admonitions inside. The fixture `mkdocs/platform` is written for
//! these tests, laid out as public MkDocs Material sites are. `mkdocs/snippets` adds
//! `pymdownx.snippets` (line ranges, sections, the block form, escapes, `base_path`,
//! `auto_append`), the macros plugin (`{% include %}`, `extra:` values, raw blocks,
//! `filter indent`), `exclude_docs`, `draft_docs`, `not_in_nav` and `INHERIT`;
//! `mkdocs/include` the `markdown_include` extension (`{!file!}`, `lines=`) and
//! admonition titles with inline Markdown; `mkdocs/macros_logic` mkdocs-macros'
//! `{% if %}`, `{% for %}`, `{% set %}` and filters; `mkdocs/url_snippet` a snippet
//! that names a URL; `mkdocs/folders` nav entries that name folders, as
//! mkdocs/mkdocs's own mkdocs.yml writes them for literate-nav (one folder with its
//! SUMMARY.md, one without, a bare one); `mkdocs/awesome_nav` awesome-nav's `.nav.yml`
//! files (titles, a glob, a folder, `ignore`, flattening, a missing page);
//! `mkdocs/awesome_pages` awesome-pages' `.pages` files (a `...` rest, a missing page).

use crate::harness::BookTest;

#[test]
fn platform_builds_with_nav_sidebar_tabs_and_notes() {
    let mut book = BookTest::fixture("mkdocs/platform");
    book.run(["build", "-v"]).code(0);
    let stderr = book.stderr_text();
    assert!(
        !stderr.contains("error") && !stderr.contains("warning"),
        "{stderr}"
    );
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.starts_with(" INFO") && (l.contains("MkDocs'") || l.contains("not in the nav"))
        })
        .map(str::trim)
        .collect();
    assert_eq!(
        notes,
        [
            "INFO mkdocs.yml:7:1: `theme` is MkDocs'; opsbook does not use it",
            "INFO docs/notes.md: not in the nav of mkdocs.yml; built after the listed pages, left out of the sidebar",
        ]
    );
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or("");
    assert!(summary.contains(" pages (MkDocs) into site/"), "{summary}");
    book.check_main("toc.html")
        .check_main("deploy/kubernetes.html")
        .file_exists("site/notes.html")
        .file_missing("site/mkdocs.html");
    let page = book.read("site/deploy/rollback.html");
    assert!(
        page.contains("<title>Roll back &middot; Platform runbooks</title>"),
        "the nav's title is the page's, site_name the book's"
    );
    assert!(
        page.contains("https://github.com/acme/platform/edit/main/docs/deploy/rollback.md"),
        "repo_url + edit_uri make the edit link"
    );
    assert!(
        page.contains("static/tabs.js"),
        "the tabs script, no inline script"
    );
}

#[test]
fn nav_entry_naming_a_missing_file_is_an_error_at_its_place() {
    let mut book = BookTest::fixture("mkdocs/platform");
    let yml = book.read("mkdocs.yml");
    book.write(
        "mkdocs.yml",
        yml.replace("deploy/rollback.md", "deploy/rolback.md"),
    );
    book.run(["build"]).code(1).expect_stderr();
}

#[test]
fn nav_entries_naming_folders_take_their_summary_or_their_pages() {
    let mut book = BookTest::fixture("mkdocs/folders");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("toc.html")
        .file_exists("site/operator-guide/SUMMARY.html")
        .file_exists("site/operator-guide/index.html");
    let page = book.read("site/operator-guide/backups/restore.html");
    assert!(
        page.contains("<title>Restore a backup &middot; Platform handbook</title>"),
        "a page found in a folder keeps its own title"
    );
}

#[test]
fn awesome_nav_files_make_the_sidebar_and_a_missing_page_is_a_warning() {
    let mut book = BookTest::fixture("mkdocs/awesome_nav");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("toc.html")
        .file_exists("site/runbooks/next.draft.html")
        .file_missing("site/.nav.yml")
        .file_missing("site/runbooks/.nav.yml");
}

#[test]
fn awesome_pages_files_make_the_sidebar_and_a_missing_page_is_an_error() {
    let mut book = BookTest::fixture("mkdocs/awesome_pages");
    book.run(["build"]).code(1).expect_stderr();
    let yml = book.read("mkdocs.yml");
    book.write(
        "mkdocs.yml",
        yml.replace("awesome-pages\n", "awesome-pages:\n      strict: false\n"),
    );
    book.run(["build"])
        .code(0)
        .stderr_contains("warning[broken-link]: docs/.pages:5:5");
    book.check_main("toc.html").file_missing("site/.pages");
}

#[test]
fn nav_entry_naming_a_missing_folder_is_an_error_with_the_closest_folder() {
    let mut book = BookTest::fixture("mkdocs/folders");
    let yml = book.read("mkdocs.yml");
    book.write(
        "mkdocs.yml",
        yml.replace("Developer Guide: dev-guide", "Developer Guide: dev-guides/"),
    );
    book.write(
        "docs/operator-guide/SUMMARY.md",
        book.read("docs/operator-guide/SUMMARY.md")
            .replace("(rollback.md)", "(roll-back.md)"),
    );
    book.run(["build"]).code(1).expect_stderr();
}

#[test]
fn nav_less_mkdocs_book_uses_its_folders_and_docs_dir() {
    let mut book = BookTest::empty();
    book.write("mkdocs.yml", "site_name: Ops\ndocs_dir: pages\n")
        .write("pages/index.md", "# Home\n")
        .write("pages/b.md", "# B\n")
        .write("pages/a.md", "# A\n");
    book.run(["build"]).code(0);
    let toc = book.read("site/toc.html");
    let (a, b) = (toc.find(">A<"), toc.find(">B<"));
    assert!(a.is_some() && a < b, "{toc}");
    assert!(book.read("site/index.html").contains("Ops"), "site_name");
}

#[test]
fn snippets_macros_and_inherit_build_as_mkdocs_builds_them() {
    let mut book = BookTest::fixture("mkdocs/snippets");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("index.html")
        .check_main("deploy.html")
        .file_exists("site/hidden.html")
        .file_exists("site/orphan.html")
        .file_missing("site/drafts/wip.html")
        .file_missing("site/notes.wip.html")
        .file_missing("site/_unpublished.html")
        .file_missing("site/snippets/prepare.html")
        .file_missing("site/partials/rollback.html");
    // As MkDocs pages them: the pages the nav does not list are out of the pager.
    let deploy = book.read("site/deploy.html");
    assert!(
        deploy.contains("class=\"pager-prev\" href=\"index.html\""),
        "{deploy}"
    );
    assert!(!deploy.contains("pager-next"), "{deploy}");
    for page in ["site/hidden.html", "site/orphan.html"] {
        let html = book.read(page);
        assert!(
            !html.contains("pager-prev") && !html.contains("pager-next"),
            "{html}"
        );
    }
    book.run(["build", "-v"]).code(0);
    let notes: Vec<String> = book
        .stderr_text()
        .lines()
        .filter(|l| {
            l.starts_with(" INFO")
                && (l.contains("left out") || l.contains("nav") || l.contains("MkDocs'"))
        })
        .map(|l| l.trim().to_string())
        .collect();
    assert_eq!(
        notes,
        [
            "INFO docs/_unpublished.md: left out of the site by `draft_docs` of mkdocs.yml",
            "INFO docs/drafts/wip.md: left out of the site by `exclude_docs` of mkdocs.yml",
            "INFO docs/notes.wip.md: left out of the site by `exclude_docs` of mkdocs.yml",
            "INFO docs/partials/rollback.md: left out of the site by `exclude_docs` of mkdocs.yml",
            "INFO docs/snippets/manifests/app.yaml: left out of the site by `exclude_docs` of mkdocs.yml",
            "INFO docs/snippets/prepare.md: left out of the site by `exclude_docs` of mkdocs.yml",
            "INFO docs/snippets/steps.md: left out of the site by `exclude_docs` of mkdocs.yml",
            "INFO docs/orphan.md: not in the nav of config/base.yml; built after the listed pages, left out of the sidebar",
        ],
        "hidden.md is matched by not_in_nav: no note"
    );
}

/// mkdocs-macros with markers of its own (`j2_variable_start_string: '[['`, as
/// kubernetes-sigs/external-dns sets them so that Helm's `{{ }}` stays text): `{{ }}`
/// is text, as under mkdocs-macros then, and each tag written with the book's markers
/// is a warning at its place (opsbook reads only Jinja's own).
#[test]
fn macros_with_markers_of_their_own_leave_braces_as_text_and_say_so() {
    let mut t = BookTest::empty();
    t.write(
        "mkdocs.yml",
        "site_name: DNS\nplugins:\n  - macros:\n      include_dir: docs/snippets\n      j2_block_start_string: '[[%'\n      j2_block_end_string: '%]]'\n      j2_variable_start_string: '[['\n      j2_variable_end_string: ']]'\n",
    )
    .write(
        "docs/index.md",
        "# DNS\n\nName: `{{ .Values.nameOverride }}`.\n\n```yaml\n[[% include 'rbac.yaml' %]]\n```\n",
    )
    .write("docs/snippets/rbac.yaml", "kind: ClusterRole\n");
    t.run(["build"]).code(0).expect_stderr();
    let page = t.read("site/index.html");
    assert!(page.contains("{{ .Values.nameOverride }}"), "{page}");
}

#[test]
fn a_missing_snippet_is_an_error_with_check_paths_and_a_warning_without() {
    let mut book = BookTest::fixture("mkdocs/snippets");
    let page = book.read("docs/deploy.md");
    book.write(
        "docs/deploy.md",
        page.replace("steps.md:verify", "steps.md:verfy")
            .replace("\"prepare.md\"\n\n## Roll", "\"prepair.md\"\n\n## Roll"),
    );
    book.run(["build"]).code(1).expect_stderr();
    let base = book.read("config/base.yml");
    book.write(
        "config/base.yml",
        base.replace("check_paths: true", "check_paths: false"),
    );
    book.run(["build"]).code(0).expect_stderr();
}

#[test]
fn a_missing_inherit_parent_and_a_missing_macro_include_are_errors() {
    let mut book = BookTest::fixture("mkdocs/snippets");
    let page = book.read("docs/deploy.md");
    book.write(
        "docs/deploy.md",
        page.replace("'rollback.md'", "'rollbak.md'"),
    );
    book.run(["build"]).code(1).expect_stderr();
    let yml = book.read("mkdocs.yml");
    book.write(
        "mkdocs.yml",
        yml.replace("config/base.yml", "config/bsae.yml"),
    );
    book.run(["build"]).code(1).expect_stderr();
}

#[test]
fn render_by_default_off_renders_only_pages_that_ask() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Ops\nplugins:\n  - macros:\n      render_by_default: false\nextra:\n  version: 2\n",
    )
    .write("docs/index.md", "# Home\n\nv{{ version }} {{ .Values.x }}\n")
    .write(
        "docs/on.md",
        "---\nrender_macros: true\n---\n# On\n\nv{{ version }}\n",
    );
    book.run(["build"]).code(0).stderr_lacks("warning");
    assert!(
        book.read("site/index.html")
            .contains("v{{ version }} {{ .Values.x }}")
    );
    assert!(book.read("site/on.html").contains("<p>v2</p>"));
}

#[test]
fn braces_are_left_alone_without_the_macros_plugin() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Ops\nmarkdown_extensions:\n  - pymdownx.snippets\nextra:\n  version: 2\n",
    )
    .write(
        "docs/index.md",
        "# Home\n\n```yaml\nimage: \"{{ .Values.image }}\" # {{ version }}\n```\n\n{% include 'x.md' %} {{ version }}\n",
    );
    book.run(["build"]).code(0).stderr_lacks("warning");
    let html = book.read("site/index.html");
    assert!(html.contains(".Values.image }}"), "{html}");
    assert!(
        html.contains("<p>{% include 'x.md' %} {{ version }}</p>"),
        "{html}"
    );
}

#[test]
fn markdown_include_and_admonition_titles_with_markdown() {
    let mut book = BookTest::fixture("mkdocs/include");
    book.run(["build"]).code(0).stderr_lacks("warning");
    book.check_main("upgrade.html");
    let page = book.read("docs/upgrade.md");
    book.write(
        "docs/upgrade.md",
        page.replace("{!includes/contacts.md!}", "{!docs/includes/contacts.md!}"),
    );
    book.run(["build"]).code(1).expect_stderr();
}

#[test]
fn markdown_include_lines_form_picks_lines_in_the_order_named() {
    let mut book = BookTest::fixture("mkdocs/include");
    book.run(["build"]).code(0).stderr_lacks("warning");
    book.check_main("rotate.html");
    let page = book.read("docs/rotate.md");
    book.write(
        "docs/rotate.md",
        page.replace("lines=4 2}", "lines=4 9 6-3}"),
    );
    book.run(["build"]).code(0).expect_stderr();
}

#[test]
fn a_url_snippet_is_a_warning_not_a_fetch() {
    let mut book = BookTest::fixture("mkdocs/url_snippet");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("index.html");
    // With `url_download` off, the warning says what the extension does then.
    book.write(
        "mkdocs.yml",
        "site_name: Edge\nmarkdown_extensions:\n  - pymdownx.snippets\n",
    );
    book.run(["build"])
        .code(0)
        .stderr_contains("is a URL and `url_download` is off");
}

#[test]
fn macros_if_for_set_and_filters_run_over_extra_and_front_matter() {
    let mut book = BookTest::fixture("mkdocs/macros_logic");
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("release.html");
}

#[test]
fn markdown_include_reads_from_its_base_path() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Ops\nmarkdown_extensions:\n  - markdown_include.include:\n      base_path: docs/shared\n      headingOffset: 1\n",
    )
    .write("docs/index.md", "# Home\n\n{!steps.md!} and {!!}\n")
    .write("docs/shared/steps.md", "Drain *first*.\n");
    book.run(["build", "-v"])
        .code(0)
        .stderr_contains("`markdown_include.include` option `headingOffset` is not read");
    let html = book.read("site/index.html");
    assert!(
        html.contains("<p>Drain <em>first</em>. and {!!}</p>"),
        "{html}"
    );
    // Without the extension the text stays as written.
    book.write("mkdocs.yml", "site_name: Ops\n");
    book.run(["build"]).code(0);
    assert!(
        book.read("site/index.html")
            .contains("<p>{!steps.md!} and {!!}</p>")
    );
}

/// A real MkDocs book, `$OPSBOOK_EXTRA_CORPUS/real-docs/<name>/` (else
/// `../shared/corpus/extra/real-docs/<name>/` beside the crate), laid out as its
/// repository has it (mkdocs.yml, `docs/`); not in the repository. Without it the
/// test says so and passes.
fn real_mkdocs(name: &str) -> Option<std::path::PathBuf> {
    crate::harness::extra_corpus(&format!("real-docs/{name}/docs"))
        .and_then(|docs| docs.parent().map(std::path::Path::to_path_buf))
}

/// Material for MkDocs' own docs (squidfunk/mkdocs-material at commit
/// 5b36f2ac499a45905e246bc66bbee2858ef6556f: mkdocs.yml, `docs/`, `includes/`): its
/// `auto_append` snippet (`includes/mkdocs.md`, link references) lands on every page,
/// its escaped `;--8<--` shows as written, `not_in_nav` silences the tutorials, and
/// the warnings are anchors its own hooks and attr_list ids make (`#config.blog_dir`,
/// `{ id="9.7.0" }`), which opsbook does not.
#[test]
fn real_material_docs_build_with_their_snippets() {
    let Some(dir) = real_mkdocs("mkdocs-material") else {
        return;
    };
    let mut book = BookTest::empty();
    for sub in ["docs", "includes"] {
        crate::harness::copy_dir(&dir.join(sub), &book.root().join(sub));
    }
    let yml = std::fs::read(dir.join("mkdocs.yml")).expect("read mkdocs.yml");
    book.write("mkdocs.yml", yml)
        .write("book.toml", "[check]\nbroken-links = \"warn\"\n");
    book.run(["build", "-v"]).code(0);
    let stderr = book.stderr_text();
    assert!(!stderr.contains("error"), "{stderr}");
    assert_eq!(
        stderr.matches("warning[broken-link]").count(),
        72,
        "{stderr}"
    );
    // 77 before headings answered to MkDocs' own ids too.
    assert_eq!(stderr.matches("warning[").count(), 72, "{stderr}");
    assert!(!stderr.contains("docs/tutorials/"), "not_in_nav: {stderr}");
    let blog = book.read("site/setup/setting-up-a-blog.html");
    assert!(
        blog.contains("href=\"https://www.mkdocs.org/user-guide/configuration/#docs_dir\""),
        "the auto_append link references resolve"
    );
    let code = book.read("site/reference/code-blocks.html");
    assert!(
        code.contains("--8&lt;-- &quot;.browserslistrc&quot;"),
        "escaped snippet"
    );
}

/// External Secrets Operator's docs (external-secrets/external-secrets at commit
/// cc5bfbc2234ace9cb0caff4ea89c435cf517b27b: `docs/` and `hack/api-docs/mkdocs.yml`,
/// which `mkdocs -f` builds from the repository's top): a two-line mkdocs.yml written
/// here inherits theirs. Its 72 `{% include 'x.yaml' %}` (macros, `include_dir:
/// docs/snippets`) land, `{% filter indent %}` puts one inside an admonition, and
/// `{% raw %}` keeps their Go templates. One snippet holds a private key: the scanner
/// refuses the book, as it must.
#[test]
fn real_external_secrets_docs_build_with_macros_and_inherit() {
    let Some(dir) = real_mkdocs("external-secrets-upstream") else {
        return;
    };
    let mut book = BookTest::empty();
    crate::harness::copy_dir(&dir.join("docs"), &book.root().join("docs"));
    let theirs = std::fs::read(dir.join("hack/api-docs/mkdocs.yml")).expect("read mkdocs.yml");
    book.write("hack/api-docs/mkdocs.yml", theirs)
        .write(
            "mkdocs.yml",
            "INHERIT: hack/api-docs/mkdocs.yml\ndocs_dir: docs\n",
        )
        .write("book.toml", "[check]\nbroken-links = \"warn\"\n");
    book.run(["build"]).code(1);
    let stderr = book.stderr_text();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [
            "error[secret-leak]: docs/snippets/azkv-pushsecret-key.yaml:6:3: kubernetes-secret-yaml: Kubernetes secret YAML `tls.********************************`"
        ]
    );
    // Two anchors their pages lost, three `{{ .creds }}` outside `{% raw %}` (Jinja
    // errors under mkdocs-macros too), three sample YAML files that are not YAML.
    assert_eq!(
        stderr.matches("warning[broken-link]").count(),
        2,
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning[shortcode]").count(), 3, "{stderr}");
    assert_eq!(stderr.matches("warning[yaml]").count(), 3, "{stderr}");
    book.write(
        "book.toml",
        "[check]\nbroken-links = \"warn\"\n[secrets]\nleaks = \"warn\"\n",
    );
    book.run(["build"]).code(0);
    let page = book.read("site/guides/security-best-practices.html");
    let at = page
        .find("Provider Validation Example Policy")
        .expect("the admonition");
    let end = page[at..]
        .find("</div>\n</div>")
        .map_or(page.len(), |e| at + e);
    assert!(
        page[at..end].contains("kyverno.io/v1"),
        "the include is inside the admonition"
    );
    let pages = crate::harness::tree(&book.root().join("site"));
    for (rel, bytes) in pages.iter().filter(|(rel, _)| rel.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("{% include"), "{rel}");
        assert!(!text.contains("{% raw"), "{rel}");
    }
}

/// Chunky's docs (chunky-dev/docs at commit 291996beeaeef55e3a3fc248cb5b124467b01da4,
/// its `ChunkyDocs/` folder): mkdocs-macros `{% if extra.chunky >= 2_05_00 %}` blocks
/// (`chunky: !ENV [CHUNKY_VERSION, 2_05_00]`, its default read) pick one version's
/// text, and `{{ page.meta.page_content.x }}` puts in front-matter text. No Jinja is
/// left on a page. The broken links are its `use_directory_urls` links
/// (`../materials` from `render_controls/lighting.md`), which opsbook does not read.
#[test]
fn real_chunky_docs_run_their_macros_conditions() {
    let Some(dir) = real_mkdocs("chunky-docs/ChunkyDocs") else {
        return;
    };
    let mut book = BookTest::empty();
    for sub in ["docs", "includes"] {
        crate::harness::copy_dir(&dir.join(sub), &book.root().join(sub));
    }
    let yml = std::fs::read(dir.join("mkdocs.yml")).expect("read mkdocs.yml");
    book.write("mkdocs.yml", yml)
        .write("book.toml", "[check]\nbroken-links = \"warn\"\n");
    book.run(["build"]).code(0);
    let stderr = book.stderr_text();
    assert!(!stderr.contains("error"), "{stderr}");
    assert_eq!(stderr.matches("warning[shortcode]").count(), 0, "{stderr}");
    assert_eq!(
        stderr.matches("warning[broken-link]").count(),
        12,
        "{stderr}"
    );
    // 192 before links to page URLs (`../page`) were read from the page's URL and
    // headings answered to MkDocs' ids; the 12 left are true: ten links on a page
    // kept for old bookmarks that climb one folder too high, a link to a page that
    // moved, and an anchor the page no longer has.
    // Each says which URL the link is, read from the page's URL, and which page's
    // URL is closest.
    assert!(
        stderr.contains("render_controls/index.md:7:1: `../scene` is the URL `/reference/user_interface/chunky/scene/`, which names no page of the site\n  = hint: the closest page's URL is `/reference/user_interface/chunky/render_controls/scene/`"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("which names no page").count(),
        11,
        "{stderr}"
    );
    assert!(!stderr.contains("points outside"), "{stderr}");
    let pages = crate::harness::tree(&book.root().join("site"));
    for (rel, bytes) in pages
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html") && !rel.starts_with("theme_override/"))
    {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("{% if") && !text.contains("{% endif"),
            "{rel}"
        );
        assert!(!text.contains("{{ page.meta"), "{rel}");
    }
    let lighting = book.read("site/reference/user_interface/chunky/render_controls/lighting.html");
    assert!(
        lighting.contains("id=\"figure-2\""),
        "front-matter text is put in"
    );
}

/// MkDocs serves `guide/install.md` at `guide/install/` (`use_directory_urls`, on by
/// default) and gives headings Python-Markdown's ids (`linux-macos`, the second
/// `windows` is `windows_1`): a book's links to those URLs and ids are good, and
/// only the one to no page is reported. With `use_directory_urls: false` the same
/// URL-style link is read as a file, and is broken.
#[test]
fn links_to_page_urls_and_mkdocs_heading_ids_are_read_as_mkdocs_serves_them() {
    let mut book = BookTest::empty();
    book.write("mkdocs.yml", "site_name: URLs\n")
        .write(
            "docs/index.md",
            "# Home\n\nSee [install](guide/install/) and [Windows, again](guide/install/#windows_1).\n",
        )
        .write(
            "docs/guide/install.md",
            "# Install\n\n## Linux / macOS\n\n## Windows\n\n## Windows\n\n\
             [Linux](#linux-macos), [the first](#windows), [this one](#windows_1), \
             [setup](../setup/), [home](../../) and [gone](../missing/).\n",
        )
        .write("docs/guide/setup.md", "# Setup\n\nBack to [install](../install/#windows_1).\n");
    book.run(["build"]).code(1);
    let stderr = book.stderr_text();
    let found: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(
        found,
        [
            "error[broken-link]: docs/guide/install.md:9:110: `../missing/` is the URL `/guide/missing/`, which names no page of the site"
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("= hint: no page's URL is close; the pages below `/guide/` are `/guide/install/`, `/guide/setup/`"),
        "{stderr}"
    );
    book.write(
        "docs/guide/install.md",
        "# Install\n\n## Windows\n\n## Windows\n",
    )
    .write("mkdocs.yml", "site_name: URLs\nuse_directory_urls: false\n");
    book.run(["build"]).code(1);
    let stderr = book.stderr_text();
    assert!(
        stderr.contains("docs/guide/setup.md:3:9: `../install/#windows_1`"),
        "{stderr}"
    );
    book.write(
        "docs/guide/setup.md",
        "# Setup\n\nBack to [install](install.md#windows_1).\n",
    )
    .write("docs/index.md", "# Home\n");
    book.run(["build"]).code(0);
    book.check_main("guide/install.html");
}

/// A heading's MkDocs id is made as `toc`'s `slugify` says: Python-Markdown's default
/// folds accents to ASCII (`Résumé` is `#resume`) and drops other scripts;
/// `slugify_unicode` and `pymdownx.slugs` keep them. The GitHub id always works too.
#[test]
fn heading_ids_follow_the_tocs_slugify() {
    let mut book = BookTest::empty();
    book.write("mkdocs.yml", "site_name: Ids\n").write(
        "docs/index.md",
        "# Home\n\n## Résumé / Übersicht\n\n## Ça marche\n\n## 服务器配置\n\n\
         [a](#resume-ubersicht) [b](#ca-marche) [c](#résumé--übersicht) [d](#服务器配置) \
         [e](#résumé-übersicht)\n",
    );
    // Default: `#résumé-übersicht` is slugify_unicode's, not this book's.
    book.run(["build"]).code(1).expect_stderr();
    book.write(
        "mkdocs.yml",
        "site_name: Ids\nmarkdown_extensions:\n  - toc:\n      permalink: true\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n",
    );
    book.run(["build"]).code(1).expect_stderr();
    book.write(
        "mkdocs.yml",
        "site_name: Ids\nmarkdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n",
    );
    book.run(["build"]).code(1).expect_stderr();
    // Each heading has its GitHub id and, where it differs, the default toc's.
    book.write("mkdocs.yml", "site_name: Ids\n").write(
        "docs/index.md",
        "# Home\n\n## Résumé / Übersicht\n\n## Ça marche\n\n## 服务器配置\n\n[a](#resume-ubersicht)\n",
    );
    book.run(["build"]).code(0);
    book.check_main("index.html");
}

/// `pymdownx.snippets` line selections: several ranges (`1:2,7:8`), a start alone
/// (`:7`, to the end), negative numbers counting from the end, a named section; a
/// range that selects no line (`3:0`, past the end) is a warning at the snippet.
#[test]
fn snippet_line_ranges_and_sections_as_pymdownx_reads_them() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Snips\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n      check_paths: true\n",
    )
    .write(
        "snippets/steps.md",
        "- one\n- two\n- three\n- four\n- five\n- six\n- seven\n- eight\n",
    )
    .write(
        "snippets/deploy.sh",
        "#!/bin/sh\n# --8<-- [start:rollout]\nkubectl rollout restart deploy/api\n# --8<-- [end:rollout]\necho done\n",
    )
    .write(
        "docs/index.md",
        "# Home\n\nFirst two and last two:\n\n--8<-- \"steps.md:1:2,7:8\"\n\n\
         From seven:\n\n--8<-- \"steps.md:7\"\n\nThe last one:\n\n--8<-- \"steps.md:-1\"\n\n\
         ```sh\n--8<-- \"deploy.sh:rollout\"\n```\n\nNothing:\n\n--8<-- \"steps.md:3:0,20:30\"\n",
    );
    book.run(["build"]).code(0).expect_stderr();
    book.check_main("index.html");
}

/// PrimeBackup's docs (TISUnion/PrimeBackup at commit
/// 5d5784b05768921de29ea5c63cd1c6bf2647973f: mkdocs.yml, `docs/`): English and
/// Chinese pages (`x.md`, `x.zh.md`), `toc` ids made by
/// `!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}`, so the
/// Chinese pages' `#服务器配置` links land (Python-Markdown's default would drop the
/// letters). All is true: three nav entries and 20 links to files renamed upstream
/// (`chunking_cdc.md`), anchors the English page does not have
/// (`#server-configuration`), images only the Chinese pages have (the i18n plugin's
/// fallback, which opsbook does not run), snippets from outside `docs/`.
#[test]
fn real_primebackup_docs_answer_to_pymdownx_slugs() {
    let Some(dir) = real_mkdocs("primebackup-mkdocs") else {
        return;
    };
    let mut book = BookTest::empty();
    crate::harness::copy_dir(&dir.join("docs"), &book.root().join("docs"));
    let yml = std::fs::read(dir.join("mkdocs.yml")).expect("read mkdocs.yml");
    book.write("mkdocs.yml", yml)
        .write("book.toml", "[check]\nbroken-links = \"warn\"\n");
    book.run(["build"]).code(1);
    let stderr = book.stderr_text();
    assert_eq!(
        stderr.matches("error[broken-link]: mkdocs.yml:").count(),
        3,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("warning[broken-link]").count(),
        30,
        "{stderr}"
    );
    assert!(!stderr.contains("#服务器配置"), "{stderr}");
    assert!(!stderr.contains("#备份配置"), "{stderr}");
}

/// Python Markdown Extensions' own docs (facelessuser/pymdown-extensions at commit
/// 7272a2dfcd6c97338dc8a4579289ed56167d67ce, the last with mkdocs.yml: it, `docs/`,
/// LICENSE.md, SECURITY.md): `docs_dir: docs/src/markdown`, `toc` ids from
/// `!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}`, snippets
/// from a `base_path` of a folder and two files, with `check_paths: true`, and the
/// snippet docs' own escaped `;--8<-- "file.md:4:6"`. Every link lands but two to
/// `#_fn_1`, an id written `^†^{#\_fn_1}` (caret and attr_list on an inline
/// element, which opsbook does not read).
#[test]
fn real_pymdown_extensions_docs_land_their_links_and_snippets() {
    let Some(dir) = real_mkdocs("pymdown-extensions-docs") else {
        return;
    };
    let mut book = BookTest::empty();
    crate::harness::copy_dir(&dir.join("docs"), &book.root().join("docs"));
    for file in ["mkdocs.yml", "LICENSE.md", "SECURITY.md"] {
        let bytes = std::fs::read(dir.join(file)).expect("read the file");
        book.write(file, bytes);
    }
    book.run(["build"]).code(1);
    let stderr = book.stderr_text();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(errors.iter().all(|e| e.contains("`#_fn_1`")), "{stderr}");
    assert!(!stderr.contains("warning["), "{stderr}");
}

/// With `attr_list`, `**x**{ #id }` gives the span that id (a link to it is no broken
/// link), a link its classes, an image its width, and a list on the last line of a
/// paragraph the paragraph its class and id; without it, the list stays text and the
/// link is broken.
#[test]
fn attr_list_sets_ids_and_classes_on_spans_and_links() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Ops\nmarkdown_extensions:\n  - attr_list\n",
    )
    .write(
        "docs/index.md",
        "# Home\n\n* **`locale`**{ #mkdocs-locale }: the locale.\n\n[Theme](theme.md#dark){ .md-button target=_blank }\n\n![Logo](logo.png){ width=\"100\" }\n\nSet the locale first (1).\n{ .annotate #first }\n",
    )
    .write(
        "docs/theme.md",
        "# Theme\n\nSee [the locale](index.md#mkdocs-locale), [first](index.md#first) and *dark*{#dark} mode.\n",
    )
    .write("docs/logo.png", "png");
    book.run(["build"])
        .code(0)
        .stderr_lacks("warning")
        .check_main("index.html");
    book.write("mkdocs.yml", "site_name: Ops\n");
    book.run(["build"])
        .code(1)
        .stderr_contains("has no heading or anchor `#mkdocs-locale`");
}

/// With `attr_list`, a list at the end of a table cell (after a space) sets the
/// cell's id and class, and with `pymdownx.superfences` one on the line after a fence
/// sets them on a wrapper of the block; the ids are anchors other pages link to. The
/// fence's language may be written as attr_list's first class (`{ .yaml .copy }`).
#[test]
fn attr_list_after_table_cells_and_fences_sets_their_attributes() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Ops\nmarkdown_extensions:\n  - attr_list\n  - tables\n  - pymdownx.superfences\n",
    )
    .write(
        "docs/index.md",
        "# Home\n\n| Port | Use |\n|---|---|\n| 5432 { #pg } | Postgres |\n\n``` { .yaml .copy }\nport: 5432\n```\n{ #pg-config }\n",
    )
    .write(
        "docs/db.md",
        "# DB\n\nSee [the port](index.md#pg) and [its config](index.md#pg-config).\n",
    );
    book.run(["build"]).code(0).stderr_lacks("warning");
    let html = book.read("site/index.html");
    assert!(html.contains("<td id=\"pg\">5432</td>"), "{html}");
    assert!(html.contains("<div id=\"pg-config\">"), "{html}");
    assert!(html.contains("class=\"language-yaml\""), "{html}");
    assert!(!html.contains("{ #"), "{html}");
}

/// An MkDocs page that starts with MultiMarkdown meta-data (`Title: …` lines up to a
/// blank line) has that title, and the lines are not shown; places after them keep
/// their lines. Outside MkDocs the lines are the page's text.
#[test]
fn multimarkdown_meta_data_titles_mkdocs_pages() {
    let page =
        "Title: Deploy the API\nSummary: How we ship\n    on Fridays\n\nFirst [step](gone.md).\n";
    let mut book = BookTest::empty();
    book.write("mkdocs.yml", "site_name: Ops\n")
        .write("docs/index.md", "# Home\n")
        .write("docs/deploy.md", page);
    book.run(["build"])
        .code(1)
        .stderr_contains("docs/deploy.md:5:7");
    book.write("docs/deploy.md", page.replace("(gone.md)", "(index.md)"));
    book.run(["build"]).code(0);
    let html = book.read("site/deploy.html");
    assert!(html.contains("<title>Deploy the API"), "{html}");
    let main = crate::harness::main_of(&html).expect("a main");
    assert!(!main.contains("Summary"), "{main}");
    assert!(!main.contains("Title:"), "{main}");
    let mut plain = BookTest::empty();
    plain
        .write("content/index.md", "# Home\n")
        .write("content/deploy.md", page.replace("(gone.md)", "(index.md)"));
    plain.run(["build"]).code(0);
    assert!(
        plain
            .read("site/deploy.html")
            .contains("Title: Deploy the API")
    );
}

/// With `pymdownx.mark`, `pymdownx.caret` and `pymdownx.keys`, `==x==`, `^^x^^` and
/// `++ctrl+c++` are shown as MkDocs Material shows them; without, as written.
#[test]
fn pymdown_marks_insertions_and_keys_follow_their_extensions() {
    let mut book = BookTest::empty();
    book.write(
        "mkdocs.yml",
        "site_name: Ops\nmarkdown_extensions:\n  - pymdownx.mark\n  - pymdownx.caret\n  - pymdownx.keys\n",
    )
    .write(
        "docs/index.md",
        "# Home\n\nSet the machine type to ==q35==, ^^then^^ stop it with ++ctrl+c++.\n",
    );
    book.run(["build", "-v"])
        .code(0)
        .stderr_lacks("pymdownx")
        .check_main("index.html");
    book.write("mkdocs.yml", "site_name: Ops\n");
    book.run(["build"]).code(0);
    let html = book.read("site/index.html");
    assert!(
        html.contains("==q35==, ^^then^^ stop it with ++ctrl+c++"),
        "{html}"
    );
}
