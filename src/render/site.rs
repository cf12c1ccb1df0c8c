//! Stage 6: the built site, in memory: output path → bytes, sorted. `output.rs`
//! writes it to disk; `serve` holds it behind an `Arc`.

use std::collections::BTreeMap;
use std::sync::Arc;

/// A file's bytes. Shared, not copied, where one build makes the same file more than
/// once: the versions of a build hand out one rendering of an unchanged page.
pub type Bytes = Arc<Vec<u8>>;

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
