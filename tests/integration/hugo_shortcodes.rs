//! Hugo theme and built-in shortcodes rendered with opsbook's own admonitions, tabs,
//! collapsible blocks, code and links (issue 19). The fixture `hugo/shortcodes` has
//! one page per theme (Docsy, hugo-book, hextra, Relearn) and one of Hugo's own
//! shortcodes, written for these tests; its links and images are checked like any
//! other, and what opsbook does not render stays a warning at its place.

use crate::harness::BookTest;

#[test]
fn hugo_theme_shortcodes_render_as_admonitions_tabs_and_links() {
    let mut book = BookTest::fixture("hugo/shortcodes");
    book.run(["build"]).code(0).expect_stderr();
    for page in [
        "docsy.html",
        "book.html",
        "hextra.html",
        "relearn.html",
        "builtins.html",
    ] {
        book.check_main(page);
    }
    let html = book.read("site/docsy.html");
    assert!(!html.contains("{{"), "no shortcode is printed: {html}");
}

#[test]
fn hugo_theme_shortcodes_build_the_same_bytes_twice() {
    let mut first = BookTest::fixture("hugo/shortcodes");
    first.run(["build"]).code(0);
    let mut second = BookTest::fixture("hugo/shortcodes");
    second.run(["build"]).code(0);
    assert_eq!(first.tree("site"), second.tree("site"));
}

/// `hugo/shortcodes_in_containers`: block shortcodes written in a block quote (each
/// line after `>`) render inside the quote, as Hugo puts their output there; paired
/// ones in a table cell stay on the row's line (an admonition or `details` as its HTML
/// around the cell's text, `highlight` as inline code). Tabs cannot be shown in a cell:
/// a warning at the line, and the tab's text is shown. A line of a pair opened in a
/// quote written without `>` (a lazy continuation) stays in the pair, in the quote;
/// a pair opened on a lazy line after a quote's paragraph starts after the quote.
#[test]
fn hugo_block_shortcodes_render_in_block_quotes_and_table_cells() {
    let mut book = BookTest::fixture("hugo/shortcodes_in_containers");
    book.run(["build"])
        .code(0)
        .expect_stderr()
        .check_main("quotes.html")
        .check_main("lazy.html")
        .check_main("tables.html");
}

/// kueue's (and other Kubernetes SIG sites') own `include` shortcode shows a file of
/// `static/` highlighted in its language: the file is read and shown as a code block,
/// in a streamed build too; a file that is not there is a warning at the tag.
#[test]
fn a_sites_own_include_of_a_static_file_shows_the_file() {
    let mut book = crate::harness::BookTest::empty();
    book.write("hugo.toml", "title = \"Queues\"\n")
        .write("content/_index.md", "---\ntitle: Queues\n---\n# Queues\n")
        .write(
            "layouts/shortcodes/include.html",
            "{{ $.Scratch.Set \"filepath\" \"/\" }}{{ $.Scratch.Add \"filepath\" \"static/\" }}\n\
             {{ $.Scratch.Add \"filepath\" (.Get 0) }}\n\
             {{ highlight ($.Scratch.Get \"filepath\" | readFile) (.Get 1) \"\" }}\n",
        )
        .write("static/examples/queue.yaml", "kind: ClusterQueue\nmetadata:\n  name: team-a\n")
        .write(
            "content/docs/setup.md",
            "---\ntitle: Setup\n---\n# Setup\n\n1. Create the queue:\n\n   {{< include \"examples/queue.yaml\" \"yaml\" >}}\n\n{{< include file=\"examples/gone.yaml\" lang=\"yaml\" >}}\n",
        );
    book.run(["build"]).code(0);
    let err = book.stderr_text();
    assert!(
        err.contains("warning[shortcode]: content/docs/setup.md:10:1: Hugo shortcode `include`: `static/examples/gone.yaml` does not exist, so nothing is shown"),
        "{err}"
    );
    let page = book.read("site/docs/setup.html");
    let li = &page[page.find("Create the queue").expect("the step")..];
    let li = &li[..li.find("</li>").expect("its end")];
    assert!(li.contains("language-yaml"), "{li}");
    assert!(li.contains("ClusterQueue") && li.contains("team-a"), "{li}");
}

/// kwok's own `code-sample` shows a file beside the page (`readFile (path.Join
/// $page.Path $file)`), highlighted in `language=` or its extension's language: the
/// example's YAML beside its `_index.md` is shown as a code block; a file that is not
/// there is a warning at the tag.
#[test]
fn a_sites_own_shortcode_shows_a_file_beside_the_page() {
    let mut book = crate::harness::BookTest::empty();
    book.write("hugo.toml", "title = \"Fake nodes\"\n")
        .write("content/_index.md", "---\ntitle: Fake nodes\n---\n# Fake nodes\n")
        .write(
            "layouts/shortcodes/code-sample.html",
            "{{ $file := .Get \"file\" }}{{ $lang := .Get \"language\" | default (path.Ext $file | strings.TrimPrefix \".\") }}\n\
             {{ $name := path.Join .Page.Path $file }}{{ with readFile $name }}{{ highlight . $lang \"\" }}{{ end }}\n",
        )
        .write("content/docs/limits/pod.yaml", "kind: Pod\nmetadata:\n  name: small-pod\n")
        .write("content/docs/limits/run.demo", "kubectl apply -f pod.yaml\n")
        .write(
            "content/docs/limits/_index.md",
            "---\ntitle: Limits\n---\n# Limits\n\n{{< code-sample file=\"pod.yaml\" >}}\n\n\
             {{< code-sample file=\"run.demo\" language=\"bash\" >}}\n\n\
             {{< code-sample file=\"gone.yaml\" >}}\n",
        );
    book.run(["build"]).code(0);
    let err = book.stderr_text();
    assert_eq!(err.matches("warning[").count(), 1, "{err}");
    assert!(
        err.contains("warning[shortcode]: content/docs/limits/_index.md:10:1: Hugo shortcode `code-sample`: `content/docs/limits/gone.yaml` does not exist"),
        "{err}"
    );
    let page = book.read("site/docs/limits/index.html");
    assert!(
        page.contains("language-yaml") && page.contains("small-pod"),
        "{page}"
    );
    assert!(
        page.contains("language-bash") && page.contains("kubectl"),
        "{page}"
    );
}
