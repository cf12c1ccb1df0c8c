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

/// The relative prefix from page `from` (e.g. `ops/deploy.html`) to the site root:
/// `../` once per folder level, or `""` at the root.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from page `from` to site path `to`.
pub fn relative(from: &str, to: &str) -> String {
    format!("{}{}", root_prefix(from), to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_root() {
        assert_eq!(relative("index.html", "ops/deploy.html"), "ops/deploy.html");
        assert_eq!(relative("ops/deploy.html", "index.html"), "../index.html");
        assert_eq!(relative("a/b/c.html", "static/x.css"), "../../static/x.css");
    }
}
