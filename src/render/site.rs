//! Stage 6: the built site, in memory: output path → bytes, sorted. `output.rs`
//! writes it to disk; `serve` holds it behind an `Arc`. Or no site at all: a streamed
//! build hands each file to a [`Sink`] as soon as it is made (`output::Staging` writes
//! it at once), so a large book's pages never all sit in memory.

use std::collections::BTreeMap;
use std::sync::Arc;

/// A file's bytes. Shared, not copied, where one build makes the same file more than
/// once: the versions of a build hand out one rendering of an unchanged page.
pub type Bytes = Arc<Vec<u8>>;

/// Where a build puts each file as it makes it, from any thread.
pub trait Sink: Sync {
    /// Keeps the file at `path`; a later file at the same path replaces it.
    fn put(&self, path: String, bytes: Bytes);
    /// Keeps the file at `path` that `write` writes, part by part: a file too big to
    /// hold whole (the secret matrix of a 10,000-page book is 18 MB) can go to disk as
    /// it is made. By default the parts are gathered and kept with [`Sink::put`].
    fn put_parts(&self, path: String, write: &mut dyn FnMut(&mut dyn std::io::Write)) {
        let mut bytes = Vec::new();
        write(&mut bytes);
        bytes.shrink_to_fit();
        self.put(path, Arc::new(bytes));
    }
    /// HTML files kept so far (each path once).
    fn pages(&self) -> usize;
}

/// A site in memory as a sink.
impl Sink for std::sync::Mutex<Site> {
    fn put(&self, path: String, bytes: Bytes) {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert_shared(path, bytes);
    }

    fn pages(&self) -> usize {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count()
    }
}

/// Every file of the site, keyed by its `/`-separated path below the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Bytes>,
}

impl Site {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), Arc::new(bytes.into()));
    }

    /// Adds bytes another file (or another version's site) may share.
    pub fn insert_shared(&mut self, path: impl Into<String>, bytes: Bytes) {
        self.files.insert(path.into(), bytes);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| b.as_slice())
    }

    /// Text of an HTML page, for tests and tools.
    pub fn page(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(|b| std::str::from_utf8(b).ok())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
