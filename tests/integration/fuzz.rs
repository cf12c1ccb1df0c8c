//! Arbitrary bytes as a Markdown file, as front matter and as book.toml never panic the
//! pipeline (stages 1–6, in memory). Bounded: a fixed number of cases per property.

use opsbook::base::path::RelPath;
use opsbook::config::Config;
use opsbook::source::{SourceFile, Sources};
use opsbook::{BuildOptions, build_from_sources};
use proptest::prelude::*;

fn sources(files: Vec<(&str, Vec<u8>)>) -> Sources {
    Sources {
        root_name: "fuzz".into(),
        content: files
            .into_iter()
            .map(|(p, bytes)| SourceFile {
                path: RelPath::new(p),
                bytes,
            })
            .collect(),
        ..Sources::default()
    }
}

fn run(config: Config, src: &Sources) {
    let build = build_from_sources(config, Default::default(), src, &BuildOptions::default());
    for d in build.diagnostics.iter() {
        let _ = d.to_string();
    }
}

/// Markdown-ish text: mostly the characters that drive the parser.
fn markdownish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([-*+>#`~\\[\\]{}()!|:=<>/\\\\ \\t\\n\\r0-9a-zA-Zé✅️\u{FEFF}]|x\\]|---\\n|```|\\[ \\] ){0,400}",
    )
    .expect("invariant: valid regex")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_markdown_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        run(Config::default(), &sources(vec![("content/a.md", bytes)]));
    }

    #[test]
    fn markdownish_text_never_panics(text in markdownish(), other in markdownish()) {
        let src = sources(vec![
            ("content/a.md", text.into_bytes()),
            ("content/sub/b.md", other.into_bytes()),
        ]);
        run(Config::default(), &src);
    }

    #[test]
    fn arbitrary_front_matter_never_panics(front in markdownish(), body in markdownish()) {
        let text = format!("---\n{front}\n---\n{body}");
        run(Config::default(), &sources(vec![("content/a.md", text.into_bytes())]));
    }

    #[test]
    fn arbitrary_book_toml_never_panics(text in "[\\[\\]a-z_=\"'.#0-9 \\n-]{0,300}") {
        let (config, diags) = Config::parse(&text, &RelPath::new("book.toml"));
        for d in diags.iter() {
            let _ = d.to_string();
        }
        run(config, &sources(vec![("content/a.md", b"# A\n- [ ] x\n".to_vec())]));
    }
}
