//! Diagrams: a ```` ```mermaid ```` block is `<pre class="mermaid">` holding its source
//! (`parse/markdown/code.rs`), so a reader without JavaScript reads the source, and
//! mermaid (vendor/mermaid: npm `mermaid` 12.3.0, MIT) draws it in the browser. The
//! script ships inside the binary, compressed, and is written to
//! `static/mermaid.min.js` only in a site that has a diagram; only the pages that have
//! one load it, with the theme's `static/diagrams.js` to start it. Never from a CDN.
//! Pure: no disk, clock or environment.

use std::io::Read as _;

use crate::model::Book;

/// Where the diagram script is on the site.
pub(crate) const SCRIPT: &str = "static/mermaid.min.js";

/// `dist/mermaid.min.js` of mermaid 12.3.0, `gzip -9 -n`.
static COMPRESSED: &[u8] = include_bytes!("../../vendor/mermaid/mermaid.min.js.gz");

/// The diagram script as (site path, bytes) when a page of `book` has a diagram.
pub(crate) fn files(book: &Book) -> Vec<(String, Vec<u8>)> {
    if !book.pages.iter().any(|p| p.doc.diagrams) {
        return Vec::new();
    }
    vec![(SCRIPT.to_string(), script())]
}

/// The script, decompressed (about 5.5 MB; 1.6 MB in the binary).
fn script() -> Vec<u8> {
    let mut out = Vec::with_capacity(6 << 20);
    flate2::read::GzDecoder::new(COMPRESSED)
        .read_to_end(&mut out)
        .expect("invariant: the embedded diagram script decompresses (a test reads it)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_embedded_script_is_mermaid_12_3_0() {
        let script = script();
        let hash: String = Sha256::digest(&script)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hash,
            "336df803d87a38b70a01e736e666c8f7601d2ce42f5e47c8fafe5d721074b9a3"
        );
    }

    #[test]
    fn only_a_book_with_a_diagram_gets_the_script() {
        let mut book = Book::default();
        assert!(files(&book).is_empty());
        book.pages.push(crate::model::Page {
            source: crate::base::path::RelPath::new("content/ops/deploy.md"),
            url: "ops/deploy.html".into(),
            id: "ops/deploy".into(),
            title: "Deploy".into(),
            kind: crate::model::PageKind::Markdown,
            front: crate::model::FrontMatter::default(),
            doc: crate::model::Document {
                diagrams: true,
                ..crate::model::Document::default()
            },
        });
        assert_eq!(files(&book)[0].0, SCRIPT);
    }
}
