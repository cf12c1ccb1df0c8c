//! A page's body HTML and search text, which a streamed build keeps in a scratch file
//! (`base::spill`) from the parse until the page is rendered, instead of in memory:
//! together they are most of a parsed book (at 10,000 pages, ~450 MB of ~500 MB).

use std::io;
use std::sync::Arc;

use crate::base::spill::{Fields, Span, Spill, push_str, push_u32};

use super::{Document, Page, TextSection};

/// What rendering and search read of a page's parse.
#[derive(Debug, Clone)]
pub struct Body {
    pub html: Arc<str>,
    pub sections: Arc<[TextSection]>,
}

/// Where a spilled body is.
#[derive(Debug, Clone)]
pub struct Spilled {
    spill: Arc<Spill>,
    span: Span,
}

impl Document {
    /// The body: the document's own, or read back from the scratch file.
    pub fn body(&self) -> io::Result<Body> {
        match &self.spilled {
            None => Ok(Body {
                html: Arc::clone(&self.html),
                sections: Arc::clone(&self.sections),
            }),
            Some(s) => decode(&s.spill.get(s.span)?),
        }
    }

    /// Feeds what identifies the body to `h`: its text, or where it was spilled (a
    /// body spilled again hashes differently, even when it is the same).
    pub fn hash_body<H: std::hash::Hasher>(&self, h: &mut H) {
        use std::hash::Hash as _;
        match &self.spilled {
            None => self.html.hash(h),
            Some(s) => s.span.hash(h),
        }
    }

    /// Moves the body into `spill`, leaving the document without it. On a write
    /// failure (a full disk) the body stays in memory. The items go too when
    /// `items` is set ([`super::Items`]).
    pub fn spill_into(&mut self, spill: &Arc<Spill>, items: bool) {
        if items {
            self.items.spill_into(spill);
        }
        if self.spilled.is_some() {
            return;
        }
        let bytes = encode(&self.html, &self.sections);
        if let Ok(span) = spill.put(&bytes) {
            self.html = Arc::from("");
            self.sections = Arc::from([]);
            self.spilled = Some(Spilled {
                spill: Arc::clone(spill),
                span,
            });
        }
    }
}

impl Document {
    /// Every anchor id the page defines, each once: headings, items, then footnotes
    /// and raw HTML `id=`/`name=`.
    pub fn anchors(&self) -> Vec<String> {
        let mut seen = crate::base::hash::FxHashSet::default();
        let items = self.items.get();
        self.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(items.iter().map(|i| i.id()))
            .chain(self.other_anchors.iter().map(String::as_str))
            .filter(|id| !id.is_empty() && seen.insert(*id))
            .map(str::to_string)
            .collect()
    }

    /// Whether the page defines the anchor `id`.
    pub fn has_anchor(&self, id: &str) -> bool {
        !id.is_empty()
            && (self.headings.iter().any(|h| h.id == id)
                || self.other_anchors.iter().any(|a| a == id)
                || self.items.get().iter().any(|i| i.id() == id))
    }
}

/// Where a streamed build keeps its pages' outlines ([`Page::keep_outline`]).
static OUTLINE: crate::alloc::Heap = crate::alloc::Heap::new();

impl Page {
    /// Copies what a streamed build keeps of the page until the end (its outline:
    /// items, phases, headings, links, anchors, secret mentions, front matter) into a
    /// heap of its own, at exactly its size, and lets go of the parse's copy. Made
    /// among the parse's short-lived blocks, the outline kept partly used pages of
    /// them resident after they were freed (10,000-page bench book: ~30 MB); its own
    /// copy also has no spare capacity (its `Vec`s and strings grew while they were
    /// parsed: ~40 MB).
    pub fn keep_outline(&mut self) {
        OUTLINE.within(|| {
            // `clone` copies strings, `Vec`s and boxes at their length; the `Arc`s
            // are shared, so they are copied here.
            let mut page = self.clone();
            let doc = &mut page.doc;
            doc.headings = doc.headings.iter().cloned().collect();
            doc.links = doc.links.iter().cloned().collect();
            doc.other_anchors = doc.other_anchors.iter().cloned().collect();
            doc.mentions = doc.mentions.as_ref().map(|m| m.iter().cloned().collect());
            *self = page;
        });
    }
}

/// `html`, then each section's id, heading and text, each as a little-endian `u32`
/// length and its bytes; the section count before them.
fn encode(html: &str, sections: &[TextSection]) -> Vec<u8> {
    let strings = sections
        .iter()
        .map(|s| s.id.len() + s.heading.len() + s.text.len() + 12)
        .sum::<usize>();
    let mut out = Vec::with_capacity(html.len() + strings + 8);
    push_str(&mut out, html);
    push_u32(&mut out, u32::try_from(sections.len()).unwrap_or(u32::MAX));
    for s in sections {
        push_str(&mut out, &s.id);
        push_str(&mut out, &s.heading);
        push_str(&mut out, &s.text);
    }
    out
}

fn decode(bytes: &[u8]) -> io::Result<Body> {
    let mut rest = Fields(bytes);
    let html = Arc::from(rest.str()?);
    let n = rest.u32()?;
    let mut sections = Vec::with_capacity(n as usize);
    for _ in 0..n {
        sections.push(TextSection {
            id: rest.str()?.to_string(),
            heading: rest.str()?.to_string(),
            text: rest.str()?.to_string(),
        });
    }
    Ok(Body {
        html,
        sections: sections.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spilled_body_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Arc::new(Spill::create_in(dir.path()).unwrap());
        let mut doc = Document {
            html: Arc::from("<p>héllo</p>"),
            sections: vec![
                TextSection::default(),
                TextSection {
                    id: "rotate".into(),
                    heading: "Rotate — keys".into(),
                    text: "run it\n".into(),
                },
            ]
            .into(),
            ..Document::default()
        };
        doc.items = vec![crate::model::Item::new("p/a", "A", 3, 1)].into();
        let before = doc.body().unwrap();
        doc.spill_into(&spill, true);
        assert!(doc.html.is_empty() && doc.sections.is_empty());
        assert!(matches!(doc.items, crate::model::Items::Spilled { .. }));
        assert!(doc.has_anchor("p/a") && doc.anchors() == ["p/a"]);
        let after = doc.body().unwrap();
        assert_eq!(after.html, before.html);
        assert_eq!(after.sections, before.sections);
        assert!(decode(&[1, 0, 0]).is_err());
        assert!(decode(&[9, 0, 0, 0, b'a']).is_err());
    }
}
