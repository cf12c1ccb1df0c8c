//! A page's body HTML and search text, which a streamed build keeps in a scratch file
//! (`base::spill`) from the parse until the page is rendered, instead of in memory:
//! together they are most of a parsed book (at 10,000 pages, ~450 MB of ~500 MB).

use std::io;
use std::sync::Arc;

use crate::base::spill::{Span, Spill};

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
    /// failure (a full disk) the body stays in memory.
    pub fn spill_into(&mut self, spill: &Arc<Spill>) {
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
    pub fn anchors(&self) -> Vec<&str> {
        let mut seen = crate::base::hash::FxHashSet::default();
        self.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(self.items.iter().map(|i| i.id()))
            .chain(self.other_anchors.iter().map(String::as_str))
            .filter(|id| !id.is_empty() && seen.insert(*id))
            .collect()
    }

    /// Whether the page defines the anchor `id`.
    pub fn has_anchor(&self, id: &str) -> bool {
        !id.is_empty()
            && (self.headings.iter().any(|h| h.id == id)
                || self.items.iter().any(|i| i.id() == id)
                || self.other_anchors.iter().any(|a| a == id))
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
    let push = |out: &mut Vec<u8>, s: &str| {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    push(&mut out, html);
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for s in sections {
        push(&mut out, &s.id);
        push(&mut out, &s.heading);
        push(&mut out, &s.text);
    }
    out
}

fn decode(bytes: &[u8]) -> io::Result<Body> {
    let mut rest = bytes;
    let html = Arc::from(take_str(&mut rest)?);
    let n = take_u32(&mut rest)?;
    let mut sections = Vec::with_capacity(n as usize);
    for _ in 0..n {
        sections.push(TextSection {
            id: take_str(&mut rest)?.to_string(),
            heading: take_str(&mut rest)?.to_string(),
            text: take_str(&mut rest)?.to_string(),
        });
    }
    Ok(Body {
        html,
        sections: sections.into(),
    })
}

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the scratch file was changed")
}

fn take_u32(rest: &mut &[u8]) -> io::Result<u32> {
    let (head, tail) = rest.split_first_chunk::<4>().ok_or_else(corrupt)?;
    *rest = tail;
    Ok(u32::from_le_bytes(*head))
}

fn take_str<'a>(rest: &mut &'a [u8]) -> io::Result<&'a str> {
    let len = take_u32(rest)? as usize;
    if rest.len() < len {
        return Err(corrupt());
    }
    let (s, tail) = rest.split_at(len);
    *rest = tail;
    std::str::from_utf8(s).map_err(|_| corrupt())
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
        let before = doc.body().unwrap();
        doc.spill_into(&spill);
        assert!(doc.html.is_empty() && doc.sections.is_empty());
        let after = doc.body().unwrap();
        assert_eq!(after.html, before.html);
        assert_eq!(after.sections, before.sections);
        assert!(decode(&[1, 0, 0]).is_err());
        assert!(decode(&[9, 0, 0, 0, b'a']).is_err());
    }
}
