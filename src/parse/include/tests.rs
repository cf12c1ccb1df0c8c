use super::*;
use crate::config::mkdocs_ext::{Macros, Snippets};

fn files(list: &[(&str, &str)]) -> Includes {
    Includes {
        files: list
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect(),
        reach: 0,
        pages: Vec::new(),
        hugo_files: Vec::new(),
    }
}

const CODE: &str = "// ANCHOR: all\nuse std::io;\n// ANCHOR: main\nfn main() {\n    run();\n}\n// ANCHOR_END: main\n// ANCHOR_END: all\n";

fn run(page: &str, list: &[(&str, &str)]) -> (Expanded, Vec<String>) {
    run_in(page, list, Dialect::MdBook, "src/ch/page.md")
}

fn run_in(
    page: &str,
    list: &[(&str, &str)],
    dialect: Dialect<'_>,
    path: &str,
) -> (Expanded, Vec<String>) {
    let mut diags = Diagnostics::new();
    let out = expand(page, &RelPath::new(path), &files(list), dialect, &mut diags);
    let shown = diags
        .iter()
        .map(|d| {
            format!(
                "{}: {}{} ({})",
                d.location(),
                if d.severity == crate::base::diag::Severity::Warning {
                    "warning: "
                } else {
                    ""
                },
                d.message,
                d.hint.clone().unwrap_or_default()
            )
        })
        .collect();
    (out, shown)
}

#[test]
fn line_ranges_select_as_mdbook_does() {
    let text = "1\n2\n3\n4\n5";
    assert_eq!(select(text, "2:4").unwrap(), "2\n3\n4");
    assert_eq!(select(text, "2").unwrap(), "2");
    assert_eq!(select(text, ":2").unwrap(), "1\n2");
    assert_eq!(select(text, "4:").unwrap(), "4\n5");
    assert_eq!(select(text, "4:99").unwrap(), "4\n5");
    assert_eq!(select(text, "9:12").unwrap(), "");
}

#[test]
fn anchors_leave_out_every_marker_line() {
    assert_eq!(select(CODE, "main").unwrap(), "fn main() {\n    run();\n}");
    assert_eq!(
        select(CODE, "all").unwrap(),
        "use std::io;\nfn main() {\n    run();\n}"
    );
    assert_eq!(select(CODE, "nope").unwrap_err(), ["`all`", "`main`"]);
}

#[test]
fn includes_nested_escaped_and_titled() {
    let page = "{{#title Real title}}\n# Page\n\n```rust\n{{#include ../code/main.rs:main}}\n```\n\n\\{{#include not/this.md}}\n{{#include part.md}}\nend\n";
    let (out, problems) = run(
        page,
        &[
            ("src/code/main.rs", CODE),
            (
                "src/ch/part.md",
                "Part line\n{{#include ../code/main.rs:2:2}}",
            ),
        ],
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        out.text,
        "\n# Page\n\n```rust\nfn main() {\n    run();\n}\n```\n\n{{#include not/this.md}}\nPart line\nuse std::io;\nend\n"
    );
    assert_eq!(out.title.as_deref(), Some("Real title"));
    // Expanded line → page line: the include of three lines stays on line 5, and the
    // lines after it keep their own numbers.
    assert_eq!(out.lines, [1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 9, 10, 11]);
    assert_eq!(out.page_line(8), 6);
    assert_eq!(out.page_line(13), 10);
}

#[test]
fn playground_is_a_rust_code_block() {
    let (out, problems) = run(
        "{{#playground ../code/main.rs editable}}\n",
        &[("src/code/main.rs", "fn main() {}\n")],
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(out.text, "```rust,editable\nfn main() {}\n```\n");
}

#[test]
fn missing_outside_and_unknown_anchor_are_errors_at_the_directive() {
    let page = "text\n  {{#include nope.md}}\n{{#include ../../../etc/passwd}}\n{{#rustdoc_include ../code/main.rs:mian}}\n";
    let (_, problems) = run(page, &[("src/code/main.rs", CODE)]);
    assert_eq!(
        problems,
        [
            "src/ch/page.md:2:3: `nope.md` does not exist (included as src/ch/nope.md) (the path is relative to the file that includes it)",
            "src/ch/page.md:3:1: `../../../etc/passwd` is outside the book folder; it is not included (include files from inside the book folder (or the git repository that holds it))",
            "src/ch/page.md:4:1: `../code/main.rs` has no anchor `mian` (src/code/main.rs has the anchors `all`, `main`)",
        ]
    );
}

#[test]
fn a_page_without_directives_is_unchanged() {
    let (out, _) = run("# A\n\ntext\n", &[]);
    assert_eq!(out.text, "# A\n\ntext\n");
    assert_eq!(out.page_line(3), 3);
}

fn snippets(check_paths: bool) -> Snippets {
    Snippets {
        base_path: vec!["docs/snippets".into(), String::new()],
        check_paths,
        auto_append: Vec::new(),
        restrict_base_path: true,
        dedent_subsections: false,
        url_download: false,
        url_request_headers: false,
    }
}

#[test]
fn dedent_subsections_removes_a_ranges_common_indentation() {
    let text = "fn main() {\n    let a = 1;\n\n      a\n}\n";
    let pick = |spec, dedent| select_snippet(text, spec, dedent).unwrap().text;
    assert_eq!(pick(Some("2:4"), true), "let a = 1;\n\n  a");
    assert_eq!(pick(Some("2:4"), false), "    let a = 1;\n\n      a");
    assert_eq!(pick(None, true), text.trim_end());
}

#[test]
fn snippet_line_ranges_follow_the_extensions_slices() {
    let text = "1\n2\n3\n4\n5\n6\n7\n8\n";
    let pick = |spec: &str| {
        let s = select_snippet(text, Some(spec), false).unwrap();
        (s.text.replace('\n', " "), s.empty)
    };
    let lines = |spec: &str| pick(spec).0;
    assert_eq!(lines("1:3,5:7"), "1 2 3 5 6 7");
    assert_eq!(lines("6:7,1:2"), "6 7 1 2", "in the order written");
    assert_eq!(lines("4"), "4 5 6 7 8", "from line 4 to the end");
    assert_eq!(lines(":2"), "1 2");
    assert_eq!(lines("0:2"), "1 2", "a start of 0 is line 1");
    assert_eq!(lines("-2"), "7 8", "the last two lines");
    assert_eq!(lines(":-3"), "1 2 3 4 5 6", "all but the last two");
    assert_eq!(lines("-3:-2"), "6 7");
    assert_eq!(lines("-20:2"), "1 2", "a start before line 1 is line 1");
    assert_eq!(lines("7:99"), "7 8");
    assert_eq!(pick("3:0"), (String::new(), vec!["3:0".to_string()]));
    assert_eq!(
        pick("1,20:30,5:4"),
        (
            "1 2 3 4 5 6 7 8".to_string(),
            vec!["20:30".to_string(), "5:4".to_string()]
        )
    );
    let marked = "a\n# --8<-- [start:x]\nb\n# --8<-- [end:x]\nc\n";
    let s = select_snippet(marked, Some("1:4"), false).unwrap();
    assert_eq!(s.text, "a\nb", "section markers are not part of a range");
}

#[test]
fn a_range_that_selects_nothing_is_a_warning_at_the_snippet() {
    let s = snippets(true);
    let dialect = Dialect::MkDocs {
        snippets: Some(&s),
        macros: None,
        md_include: None,
    };
    let page = "# Page\n\n--8<-- \"steps.md:2:3,9:12\"\n--8<-- \"steps.md:1:2,\"\n";
    let list = [
        ("docs/snippets/steps.md", "one\ntwo\nthree\nfour\n"),
        ("docs/snippets/steps.md:1:2,", "odd name\n"),
    ];
    let (out, problems) = run_in(page, &list, dialect, "docs/page.md");
    assert_eq!(out.text, "# Page\n\ntwo\nthree\nodd name\n");
    assert_eq!(
        problems,
        [
            "docs/page.md:3:1: warning: snippet `steps.md:2:3,9:12`: `9:12` selects no line of docs/snippets/steps.md, which has 4 lines (a range is `start:end`, counted from line 1 and both taken; a negative number counts from the end (`-1` is the last line); an end of 0 takes no line)"
        ]
    );
}

const SECTIONS: &str = "intro\n# --8<-- [start:install]\npip install x\n# --8<-- [end:install]\n<!-- --8<-- [start:use] -->\nx run\n<!-- --8<-- [end:use] -->\n";

#[test]
fn snippets_by_line_range_section_block_and_escape() {
    let s = snippets(true);
    let dialect = Dialect::MkDocs {
        snippets: Some(&s),
        macros: None,
        md_include: None,
    };
    let page = "# Page\n--8<-- \"steps.md:2:3\"\n  --8<-- \"docs/snippets/steps.md::1\"\n\n--8<--\nsteps.md:4\n\n; skipped.md\nsections.txt:install\n--8<--\n;--8<-- \"steps.md\"\n- item\n    -8<- \"sections.txt:use\"\n--8<-- \"sections.txt\"\nend\n";
    let list = [
        ("docs/snippets/steps.md", "one\ntwo\nthree\nfour\n"),
        ("sections.txt", SECTIONS),
    ];
    let (out, problems) = run_in(page, &list, dialect, "docs/page.md");
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        out.text,
        "# Page\ntwo\nthree\n  one\n\nfour\n\npip install x\n--8<-- \"steps.md\"\n- item\n    x run\nintro\npip install x\nx run\nend\n"
    );
    assert_eq!(out.page_line(2), 2);
    assert_eq!(out.page_line(6), 6);
    assert_eq!(out.page_line(9), 11);
}

#[test]
fn a_missing_snippet_is_an_error_with_check_paths_and_a_warning_without() {
    let page =
        "a\n  --8<-- \"nope.md\"\n--8<-- \"sections.txt:nada\"\n--8<-- \"../../etc/passwd\"\n";
    let list = [("sections.txt", SECTIONS)];
    for check in [true, false] {
        let s = snippets(check);
        let dialect = Dialect::MkDocs {
            snippets: Some(&s),
            macros: None,
            md_include: None,
        };
        let (out, problems) = run_in(page, &list, dialect, "docs/page.md");
        let w = if check { "" } else { "warning: " };
        assert_eq!(
            problems,
            [
                format!(
                    "docs/page.md:2:1: {w}snippet `nope.md` was not found in `base_path` `docs/snippets`, `.` (a snippet's path starts at `base_path` of `pymdownx.snippets` in mkdocs.yml (default: the folder of mkdocs.yml), not at the page)"
                ),
                format!(
                    "docs/page.md:3:1: {w}`sections.txt` has no section `nada` (sections.txt has the sections `install`, `use`)"
                ),
                format!(
                    "docs/page.md:4:1: {w}snippet `../../etc/passwd` was not found in `base_path` `docs/snippets`, `.` (a snippet's path starts at `base_path` of `pymdownx.snippets` in mkdocs.yml (default: the folder of mkdocs.yml), not at the page)"
                ),
            ]
        );
        assert_eq!(out.text, "a\n\n\n\n");
    }
}

#[test]
fn snippets_nest_from_the_base_path_and_a_loop_ends_and_auto_append_adds() {
    let mut s = snippets(true);
    s.auto_append = vec!["abbr.md".into()];
    let dialect = Dialect::MkDocs {
        snippets: Some(&s),
        macros: None,
        md_include: None,
    };
    let list = [
        ("docs/snippets/a.md", "A\n--8<-- \"b.md\""),
        ("docs/snippets/b.md", "B\n--8<-- \"a.md\""),
        ("abbr.md", "*[HTML]: Hyper Text"),
    ];
    let (out, problems) = run_in("--8<-- \"a.md\"\n", &list, dialect, "docs/p.md");
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(out.text, "A\nB\n\n\n\n*[HTML]: Hyper Text\n");
}

#[test]
fn macro_includes_read_include_dir_and_skip_raw() {
    let m = Macros {
        include_dir: "docs/snippets".into(),
        variables: Default::default(),
        render_by_default: true,
    };
    let dialect = Dialect::MkDocs {
        snippets: None,
        macros: Some(&m),
        md_include: None,
    };
    let page = "```yaml\n{% include 'full.yaml' %}\n```\n{% raw %}{% include 'x' %}{% endraw %}\n{%- include \"nope.yaml\" -%}\n";
    let list = [("docs/snippets/full.yaml", "kind: Secret\n")];
    let (out, problems) = run_in(page, &list, dialect, "docs/api/p.md");
    assert_eq!(
        out.text,
        "```yaml\nkind: Secret\n\n```\n{% raw %}{% include 'x' %}{% endraw %}\n\n"
    );
    assert_eq!(
        problems,
        [
            "docs/api/p.md:5:1: `{% include 'nope.yaml' %}`: `nope.yaml` does not exist in `docs/snippets` (mkdocs-macros reads included files from the macros plugin's `include_dir` (default: the pages' folder))"
        ]
    );
}

#[test]
fn md_include_lines_pick_lines_and_ranges_in_the_order_named() {
    let text = "one\ntwo\nthree\nfour\nfive\n";
    assert_eq!(
        md_include_lines(text, "1 3 4-5 2"),
        ("one\nthree\nfour\nfive\ntwo".to_string(), vec![])
    );
    let (body, problems) = md_include_lines(text, "9 4-9 5-2 0 x");
    assert_eq!(body, "five\nfour\nfive\none\ntwo");
    assert_eq!(
        problems,
        [
            "`9` goes past the file's end; line 5 is the last included",
            "`4-9` goes past the file's end; line 5 is the last included",
            "`5-2` starts after its end; it is read as `1-2`",
            "`0` names no line of the file",
            "`x` is not a line number or a range `8-10`",
        ]
    );
}

#[test]
fn md_include_lines_form_goes_through_the_one_include() {
    let m = crate::config::mkdocs_ext::MdInclude {
        base_path: String::new(),
    };
    let dialect = Dialect::MkDocs {
        snippets: None,
        macros: None,
        md_include: Some(&m),
    };
    let list = [("manifests/app.yaml", "kind: A\nspec:\n  x: 1\n  y: 2\n")];
    let page = "```yaml\n{!manifests/app.yaml!lines=1 3-4}\n```\nOne: {!manifests/app.yaml!lines=7}\n{!nope.yaml!lines=1}\n";
    let (out, problems) = run_in(page, &list, dialect, "docs/p.md");
    assert_eq!(
        out.text,
        "```yaml\nkind: A\n  x: 1\n  y: 2\n```\nOne:   y: 2\n\n"
    );
    assert_eq!(
        problems,
        [
            "docs/p.md:4:6: warning: `{!manifests/app.yaml!lines=7}`: `7` goes past the file's end; line 4 is the last included (manifests/app.yaml has 4 lines; `lines=` takes line numbers from 1 and ranges `8-10`, separated by spaces)",
            "docs/p.md:5:1: `{!nope.yaml!}`: `nope.yaml` does not exist in `.` (included as nope.yaml) (`markdown_include` reads a path from its `base_path` in mkdocs.yml (default: the folder of mkdocs.yml), not from the page)",
        ]
    );
}

#[test]
fn a_url_snippet_is_a_warning_naming_what_the_extension_would_do() {
    let page = "# P\n\n--8<-- \"https://raw.example.com/org/repo/main/README.md\"\n\n--8<--\nHTTP://example.com/x/\n--8<--\n";
    let off = snippets(true);
    let dialect = |s| Dialect::MkDocs {
        snippets: Some(s),
        macros: None,
        md_include: None,
    };
    let (out, problems) = run_in(page, &[], dialect(&off), "docs/p.md");
    assert_eq!(out.text, "# P\n\n\n\n\n");
    assert_eq!(
        problems,
        [
            "docs/p.md:3:1: warning: snippet `https://raw.example.com/org/repo/main/README.md` is a URL and `url_download` is off: the snippets extension reads it as a file that does not exist and leaves it out (`mkdocs build` stops there with `check_paths: true`); opsbook leaves it out too (save a copy in the repository (`includes/README.md`) and include it by path: `--8<-- \"includes/README.md\"`; opsbook never fetches URLs, even with `url_download: true`)",
            "docs/p.md:6:1: warning: snippet `HTTP://example.com/x/` is a URL and `url_download` is off: the snippets extension reads it as a file that does not exist and leaves it out (`mkdocs build` stops there with `check_paths: true`); opsbook leaves it out too (save a copy in the repository (`includes/x`) and include it by path: `--8<-- \"includes/x\"`; opsbook never fetches URLs, even with `url_download: true`)",
        ]
    );
    let on = Snippets {
        url_download: true,
        url_request_headers: true,
        ..snippets(false)
    };
    let (_, problems) = run_in(
        "--8<-- \"https://h/a.md:2:3\"\n",
        &[],
        dialect(&on),
        "docs/p.md",
    );
    assert_eq!(
        problems,
        [
            "docs/p.md:1:1: warning: snippet `https://h/a.md` is a URL: the snippets extension downloads it while MkDocs builds (`url_download: true`, with `url_request_headers`); opsbook never fetches while building, so it is left out (save a copy in the repository (`includes/a.md`) and include it by path: `--8<-- \"includes/a.md\"`; it is fetched with request headers (a private source?), so check that a copy may be committed)"
        ]
    );
}
