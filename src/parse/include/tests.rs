use super::*;

fn files(list: &[(&str, &str)]) -> Includes {
    Includes {
        files: list
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect(),
        reach: 0,
        pages: Vec::new(),
    }
}

const CODE: &str = "// ANCHOR: all\nuse std::io;\n// ANCHOR: main\nfn main() {\n    run();\n}\n// ANCHOR_END: main\n// ANCHOR_END: all\n";

fn run(page: &str, list: &[(&str, &str)]) -> (Expanded, Vec<String>) {
    let mut diags = Diagnostics::new();
    let out = expand(
        page,
        &RelPath::new("src/ch/page.md"),
        &files(list),
        &mut diags,
    );
    let shown = diags
        .iter()
        .map(|d| {
            format!(
                "{}: {} ({})",
                d.location(),
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
